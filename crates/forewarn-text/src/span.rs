//! Byte ranges: [`Span`] into the original input and [`TextRange`] into a document's
//! analysis text.
//!
//! The two are different types on purpose: detectors work on the analysis text (decoded,
//! markup stripped), while everything a user sees points at the bytes of the file they gave
//! us. [`crate::SourceMap`] converts one into the other.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the ORIGINAL input (a file's bytes, or for an
/// EPUB the bytes of one decompressed item; see [`crate::Locator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted pair is clamped to an empty span at `start`
    /// so that a span is always well formed.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end: end.max(start) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A half-open byte range `[start, end)` into a [`crate::Document`]'s analysis text.
/// Both ends always fall on UTF-8 character boundaries of that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextRange {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl TextRange {
    /// A range from `start` to `end`, clamped so that `start <= end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end: end.max(start) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range.
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The slice of `text` this range covers (empty if out of bounds).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Trims white space from both ends of a range of `text`.
pub fn trim_range(text: &str, range: TextRange) -> TextRange {
    let slice = range.slice(text);
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    TextRange::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_spans_are_clamped() {
        assert_eq!(Span::new(5, 2), Span { start: 5, end: 5 });
        assert!(TextRange::new(3, 1).is_empty());
    }
}
