//! The I/O-free engine of forewarn: the label taxonomy, signal detectors, scene reasoning,
//! scoring with the calibration and the sentence model's heads applied, the report and the
//! check. The text model comes from `forewarn-text` (re-exported here); fitting and evaluation
//! live in `forewarn-learn`, which this crate never depends on.
//!
//! Architecture invariant: nothing in this crate reads files, prints, or touches the
//! network. Inputs arrive as strings; results leave as plain data.

// The text model lives in its own crate; its paths stay reachable from here.
pub use forewarn_text::segment;
pub use forewarn_text::{
    trim_range, Chapter, Declared, Document, DocumentBuilder, Locator, Meta, Paragraph, Segment, Sentence,
    SourceFormat, SourceMap, SourceRef, Span, TextRange, MAX_SENTENCES,
};

pub mod data;
pub mod lexicon;
pub mod signals;
mod taxonomy;

pub use taxonomy::{taxonomy, Label, LabelKind, Rating, RatingDef, Severity, Taxonomy};
pub mod analysis;
pub mod answer;
pub mod calibrate;
pub mod scene;
pub mod semantic;

pub use analysis::{Analysis, Engine, EvidenceRef, LabelResult, RatingCause, RatingDriver, RawAnalysis, Tally};
pub use calibrate::{Calibration, LabelCalibration};
pub mod check;
pub mod custom;
pub mod policy;
pub use policy::Policy;
pub mod report;
