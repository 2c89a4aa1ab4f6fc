//! The I/O-free core of forewarn: documents and spans, segmentation, the label taxonomy,
//! signal detectors, scene reasoning, scoring and calibration, and evaluation metrics.
//!
//! Architecture invariant: nothing in this crate reads files, prints, or touches the
//! network. Inputs arrive as strings; results leave as plain data.

mod document;
pub mod segment;
mod source_map;
mod span;

pub use document::{
    Chapter, Declared, Document, DocumentBuilder, Meta, Paragraph, Sentence, SourceFormat, SourceRef, MAX_SENTENCES,
};
pub use source_map::{Locator, Segment, SourceMap};
pub use span::{trim_range, Span, TextRange};

pub mod data;
pub mod lexicon;
pub mod signals;
mod taxonomy;

pub use taxonomy::{taxonomy, Label, LabelKind, Rating, RatingDef, Severity, Taxonomy};
pub mod analysis;
pub mod calibrate;
pub mod cases;
pub mod scene;
pub mod semantic;
pub mod train;

pub use analysis::{Analysis, Engine, EvidenceRef, LabelResult, RawAnalysis};
pub use calibrate::{Calibration, LabelCalibration};
pub mod check;
pub mod custom;
pub mod eval;
pub mod report;
