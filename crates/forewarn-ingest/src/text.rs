//! Plain text: decode, then let [`Document::from_plain_text`] find paragraphs, chapters and
//! scene breaks.

use forewarn_core::{Document, Meta, SourceFormat};

use crate::decode::decode_text;
use crate::IngestError;

/// Reads a plain-text work.
pub(crate) fn read(name: &str, bytes: &[u8], limits: &crate::Limits) -> Result<Document, IngestError> {
    let decoded = decode_text(bytes)?;
    limits.check_text(&decoded.text)?;
    let map = decoded.source_map(name);
    let mut meta = Meta::new(SourceFormat::Txt);
    meta.source_bytes = bytes.len();
    meta.title = gutenberg_title(&decoded.text);
    meta.notes = decoded.notes;
    Ok(Document::from_plain_text(decoded.text, map, meta))
}

/// Builds a document from text that is its own source (a JSONL record's `text`).
pub(crate) fn from_str(
    name: &str,
    text: String,
    format: SourceFormat,
    limits: &crate::Limits,
) -> Result<Document, IngestError> {
    limits.check_text(&text)?;
    let map = forewarn_core::SourceMap::identity(name, text.len());
    let mut meta = Meta::new(format);
    meta.source_bytes = text.len();
    Ok(Document::from_plain_text(text, map, meta))
}

/// The "Title: ..." line of a Project Gutenberg header, if the text starts with one.
fn gutenberg_title(text: &str) -> Option<String> {
    text.lines()
        .take(60)
        .find_map(|line| line.trim().strip_prefix("Title:"))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_mapped() {
        let doc = read("a.txt", b"\xEF\xBB\xBFShe ran. He followed.\r\n", &crate::Limits::default()).expect("reads");
        assert_eq!(doc.text, "She ran. He followed.\r\n");
        let (span, _) = doc.source_span(doc.sentences[1].range);
        assert_eq!((span.start, span.end), (12, 24));
    }

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert_eq!(
            read("a.txt", b"", &crate::Limits::default()).err().map(|e| e.to_string()).as_deref(),
            Some("empty file: no text to read")
        );
        assert_eq!(
            read("a.txt", b" \r\n\t\n", &crate::Limits::default()).err().map(|e| e.to_string()).as_deref(),
            Some("empty file: no text to read")
        );
        let png =
            read("a.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &crate::Limits::default()).err().map(|e| e.to_string());
        assert_eq!(png.as_deref(), Some("binary file (PNG image), not a text work"));
    }

    #[test]
    fn gutenberg_title_line() {
        let doc = read(
            "a.txt",
            b"The Project Gutenberg eBook\n\nTitle: Treasure Island\n\nAuthor: R. L. S.\n",
            &crate::Limits::default(),
        )
        .expect("reads");
        assert_eq!(doc.meta.title.as_deref(), Some("Treasure Island"));
    }
}
