//! Maps offsets in a document's analysis text back to bytes of the original input.
//!
//! Ingestion appends text piece by piece; each piece records where it came from. A piece is
//! *exact* when its text is byte-identical to its source (plain UTF-8 text, an HTML text
//! node without entities), so offsets inside it map one to one. Otherwise (a decoded
//! entity, a U+FFFD standing for invalid bytes) the whole piece maps to its whole source
//! range and a position inside it snaps to the piece's start or end. Text with no source at
//! all (a paragraph separator the reader never sees) snaps to its neighbours.
//!
//! Architecture invariant: for an input that is valid UTF-8 plain text, the map is the
//! identity, so `source[span]` is exactly the UTF-8 of the evidence text.

use serde::{Deserialize, Serialize};

use crate::{Span, TextRange};

/// One piece of analysis text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Start of the piece in the analysis text.
    pub text_start: usize,
    /// Length of the piece in the analysis text.
    pub text_len: usize,
    /// Which source item the piece came from (index into [`SourceMap::items`]).
    pub item: u32,
    /// Start of the piece's source bytes in that item.
    pub src_start: usize,
    /// Length of the piece's source bytes.
    pub src_len: usize,
    /// Whether text and source are byte-identical (so offsets map one to one).
    pub exact: bool,
}

/// A locator: a byte range inside one named source item (an HTML file, an EPUB's XHTML
/// entry), so a front-end can highlight the evidence where the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Locator {
    /// Item name: the file name, or the path of the entry inside an EPUB.
    pub item: String,
    /// Byte range inside that item.
    pub span: Span,
}

/// Offset map from analysis text to source items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMap {
    /// Names of the source items, in order of first use.
    pub items: Vec<String>,
    segments: Vec<Segment>,
}

impl SourceMap {
    /// An empty map over the given item names.
    pub fn new(items: Vec<String>) -> Self {
        Self { items, segments: Vec::new() }
    }

    /// The identity map for a single item whose text is the source itself.
    pub fn identity(item: impl Into<String>, len: usize) -> Self {
        let mut map = Self::new(vec![item.into()]);
        map.push(Segment { text_start: 0, text_len: len, item: 0, src_start: 0, src_len: len, exact: true });
        map
    }

    /// Appends a segment. Segments must be pushed in increasing, non-overlapping text order;
    /// out-of-order or empty segments are ignored rather than corrupting the map.
    pub fn push(&mut self, segment: Segment) {
        if segment.text_len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if segment.text_start < last.text_start + last.text_len {
                return;
            }
            // Merge adjacent exact pieces that are also adjacent in the source.
            if last.exact
                && segment.exact
                && last.item == segment.item
                && last.text_start + last.text_len == segment.text_start
                && last.src_start + last.src_len == segment.src_start
            {
                last.text_len += segment.text_len;
                last.src_len += segment.src_len;
                return;
            }
        }
        self.segments.push(segment);
    }

    /// The recorded segments, in text order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether the map is the identity on a single item (plain UTF-8 text).
    pub fn is_identity(&self) -> bool {
        match self.segments.as_slice() {
            [only] => only.exact && only.text_start == 0 && only.src_start == 0,
            [] => true,
            _ => false,
        }
    }

    /// Maps a text range to (item index, source span). `None` when the map has no segments.
    pub fn map(&self, range: TextRange) -> Option<(u32, Span)> {
        if self.segments.is_empty() {
            return None;
        }
        let first = self.segment_at_or_after(range.start)?;
        let last = self.segment_at_or_before(range.end.max(range.start + 1) - 1).unwrap_or(first);
        let start = match first.text_start <= range.start {
            true if first.exact => first.src_start + (range.start - first.text_start),
            _ => first.src_start,
        };
        let item = first.item;
        // An evidence range that crosses items (rare: a sentence spanning two EPUB entries)
        // is cut at the end of the first item's last segment.
        let last = if last.item == item { last } else { self.last_segment_of_item_from(first, item) };
        let end = if last.exact && range.end < last.text_start + last.text_len && range.end >= last.text_start {
            last.src_start + (range.end - last.text_start)
        } else {
            last.src_start + last.src_len
        };
        Some((item, Span::new(start, end.max(start))))
    }

    /// Maps a text range to a [`Locator`].
    pub fn locate(&self, range: TextRange) -> Option<Locator> {
        let (item, span) = self.map(range)?;
        let name = self.items.get(item as usize)?.clone();
        Some(Locator { item: name, span })
    }

    fn index_containing(&self, offset: usize) -> Result<usize, usize> {
        self.segments.binary_search_by(|s| {
            if s.text_start + s.text_len <= offset {
                std::cmp::Ordering::Less
            } else if s.text_start > offset {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
    }

    fn segment_at_or_after(&self, offset: usize) -> Option<&Segment> {
        match self.index_containing(offset) {
            Ok(i) => self.segments.get(i),
            Err(i) => self.segments.get(i).or_else(|| self.segments.last()),
        }
    }

    fn segment_at_or_before(&self, offset: usize) -> Option<&Segment> {
        match self.index_containing(offset) {
            Ok(i) => self.segments.get(i),
            Err(0) => self.segments.first(),
            Err(i) => self.segments.get(i - 1),
        }
    }

    fn last_segment_of_item_from<'a>(&'a self, first: &'a Segment, item: u32) -> &'a Segment {
        let start = self.segments.iter().position(|s| std::ptr::eq(s, first)).unwrap_or(0);
        self.segments[start..].iter().take_while(|s| s.item == item).last().unwrap_or(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_one_to_one() {
        let map = SourceMap::identity("a.txt", 100);
        assert_eq!(map.map(TextRange::new(10, 20)), Some((0, Span::new(10, 20))));
        assert!(map.is_identity());
    }

    #[test]
    fn inexact_pieces_snap_to_their_bounds() {
        // "a&amp;b" -> "a&b": three pieces, the middle one inexact.
        let mut map = SourceMap::new(vec!["x.html".into()]);
        map.push(Segment { text_start: 0, text_len: 1, item: 0, src_start: 10, src_len: 1, exact: true });
        map.push(Segment { text_start: 1, text_len: 1, item: 0, src_start: 11, src_len: 5, exact: false });
        map.push(Segment { text_start: 2, text_len: 1, item: 0, src_start: 16, src_len: 1, exact: true });
        assert_eq!(map.map(TextRange::new(0, 3)), Some((0, Span::new(10, 17))));
        assert_eq!(map.map(TextRange::new(1, 2)), Some((0, Span::new(11, 16))));
    }

    #[test]
    fn synthetic_gaps_snap_to_neighbours() {
        let mut map = SourceMap::new(vec!["x.html".into()]);
        map.push(Segment { text_start: 0, text_len: 5, item: 0, src_start: 3, src_len: 5, exact: true });
        map.push(Segment { text_start: 7, text_len: 5, item: 0, src_start: 20, src_len: 5, exact: true });
        // Range 5..9 starts in the gap: it snaps to the next segment's start.
        assert_eq!(map.map(TextRange::new(5, 9)), Some((0, Span::new(20, 22))));
        assert_eq!(map.map(TextRange::new(2, 6)), Some((0, Span::new(5, 8))));
    }
}
