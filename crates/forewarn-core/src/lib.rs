//! The I/O-free core of forewarn: documents and spans, segmentation, the label taxonomy,
//! signal detectors, scene reasoning, scoring and calibration, and evaluation metrics.
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
pub mod calibrate;
pub mod scene;
pub mod semantic;

pub use analysis::{Analysis, Engine, EvidenceRef, LabelResult, RawAnalysis};
pub use calibrate::{Calibration, LabelCalibration};
pub mod check;
pub mod custom;
pub mod report;
