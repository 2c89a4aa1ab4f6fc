//! Plain text: decode, then let [`Document::from_plain_text`] find paragraphs, chapters and
//! scene breaks.

use forewarn_core::{Document, Meta, SourceFormat};

use crate::decode::decode_text;
use crate::IngestError;

/// Reads a plain-text work.
pub(crate) fn read(name: &str, bytes: &[u8], limits: &crate::Limits) -> Result<Document, IngestError> {
    let mut decoded = decode_text(bytes)?;
    limits.check_text(&decoded.text)?;
    let map = decoded.source_map(name);
    let mut meta = Meta::new(SourceFormat::Txt);
    meta.source_bytes = bytes.len();
    meta.title = gutenberg_title(&decoded.text);
    meta.notes = decoded.notes;
    blank_gutenberg_boilerplate(&mut decoded.text);
    Ok(Document::from_plain_text(decoded.text, map, meta))
}

/// Blanks a Project Gutenberg header and licence ("*** START OF THE PROJECT GUTENBERG EBOOK
/// ... ***" and everything before it; "*** END OF ..." and everything after it): they are no
/// story text, and their words ("Defects", "damages", "you may copy it") are read as the
/// story's. Spaces of the same length keep every offset, so evidence still maps to the file.
fn blank_gutenberg_boilerplate(text: &mut String) {
    let mut offset = 0;
    let (mut start, mut end) = (None, None);
    for line in text.split_inclusive('\n') {
        if start.is_none() && end.is_none() && gutenberg_marker(line, "START OF") {
            start = Some(offset + line.len());
        } else if end.is_none() && gutenberg_marker(line, "END OF") {
            end = Some(offset);
        }
        offset += line.len();
    }
    if start.is_none() && end.is_none() {
        return;
    }
    let keep = start.unwrap_or(0)..end.unwrap_or(text.len());
    let mut blanked = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if keep.contains(&at) || c == '\n' || c == '\r' {
            blanked.push(c);
        } else {
            blanked.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    *text = blanked;
}

/// Whether a line (or an HTML paragraph) is a Project Gutenberg marker with `word` ("START OF",
/// "END OF"): "*** START OF THE PROJECT GUTENBERG EBOOK TREASURE ISLAND ***".
pub(crate) fn gutenberg_marker(line: &str, word: &str) -> bool {
    let upper = line.to_uppercase();
    line.len() < 400 && upper.contains("GUTENBERG") && upper.contains(word) && upper.contains("***")
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
    fn gutenberg_boilerplate_is_no_story_text() {
        let file = "The Project Gutenberg eBook of Tale\r\n\r\nTitle: Tale\r\n\r\n\
            *** START OF THE PROJECT GUTENBERG EBOOK TALE ***\r\n\r\nThe ship sailed. Nobody died.\r\n\r\n\
            *** END OF THE PROJECT GUTENBERG EBOOK TALE ***\r\n\r\nSuch \u{201c}Defects\u{201d} may damage your equipment.\r\n";
        let doc = read("a.txt", file.as_bytes(), &crate::Limits::default()).expect("reads");
        assert_eq!(doc.meta.title.as_deref(), Some("Tale"));
        let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.slice(s.range)).collect();
        assert_eq!(sentences, vec!["The ship sailed.", "Nobody died."]);
        // Offsets are the file's.
        let (span, _) = doc.source_span(doc.sentences[1].range);
        assert_eq!(&file[span.start..span.end], "Nobody died.");
        // A text without the markers is read whole.
        let plain = read("b.txt", b"The END OF the affair. It was over.", &crate::Limits::default()).expect("reads");
        assert_eq!(plain.sentences.len(), 2);
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
