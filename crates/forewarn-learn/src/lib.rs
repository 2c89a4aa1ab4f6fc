//! Learning for forewarn: the labelled cases (`cases`), fitting the calibration
//! (`calibrate`) and the sentence model's heads (`train`), and evaluation with k-fold
//! cross-validation (`eval`). The engine (`forewarn-core`) applies what is learnt here and never
//! depends on this crate.
//!
//! Architecture invariant: reported quality figures come from [`eval::evaluate`] with folds,
//! which refits the calibration and the heads on each training part.

pub mod calibrate;
pub mod cases;
pub mod eval;
pub mod threshold;
pub mod train;
pub mod works;
