//! The text model of forewarn: a [`Document`] (the analysis text of a work with its chapters,
//! paragraphs and sentences), [`Span`]s and [`TextRange`]s, the [`SourceMap`] from the text
//! back to the bytes the user gave, and [`segment`]ation (sentences, and the layout of plain
//! text). Readers (`forewarn-ingest`) build documents; the engine (`forewarn-core`) reads them.
//!
//! Architecture invariant: nothing here knows about labels, signals or findings.

mod document;
pub mod segment;
mod source_map;
mod span;

pub use document::{
    Chapter, Declared, Document, DocumentBuilder, Meta, Paragraph, Sentence, SourceFormat, SourceRef, MAX_SENTENCES,
};
pub use source_map::{Locator, Segment, SourceMap};
pub use span::{trim_range, Span, TextRange};
