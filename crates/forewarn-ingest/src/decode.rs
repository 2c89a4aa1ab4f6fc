//! Bytes to text: byte-order marks, UTF-16, invalid UTF-8 and Windows-1252, each with a map
//! from the decoded text back to the input bytes; and the checks that turn away binary files.
//!
//! Valid UTF-8 is never copied piece by piece: its map is a plain shift (by 3 after a BOM), so
//! evidence in a UTF-8 file maps back byte for byte.

use forewarn_core::{Segment, SourceMap, Span};

use crate::IngestError;

/// Only this much of the start of a file is searched for NUL bytes.
const SNIFF_BYTES: usize = 8 * 1024;

/// Decoded text and where each part of it came from.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    map: DecodeMap,
    /// How the input was decoded, when that is worth telling the reader.
    pub notes: Vec<String>,
}

#[derive(Debug)]
enum DecodeMap {
    /// Text offset + shift = source offset, byte for byte.
    Shift(usize),
    /// Pieces in text order covering the whole text.
    Pieces(Vec<Piece>),
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: usize,
    text_len: usize,
    src_start: usize,
    src_len: usize,
    exact: bool,
}

impl Decoded {
    /// Maps a byte range of the decoded text to input bytes, and says whether the two are
    /// byte-identical.
    pub fn to_source(&self, start: usize, end: usize) -> (Span, bool) {
        match &self.map {
            DecodeMap::Shift(shift) => (Span::new(start + shift, end + shift), true),
            DecodeMap::Pieces(pieces) => {
                let at = |offset: usize| pieces.partition_point(|p| p.text_start + p.text_len <= offset);
                let (Some(first), Some(last)) = (pieces.get(at(start)), pieces.get(at(end.max(start + 1) - 1))) else {
                    let src_end = pieces.last().map_or(0, |p| p.src_start + p.src_len);
                    return (Span::new(src_end, src_end), false);
                };
                let src_start = if first.exact {
                    first.src_start + start.saturating_sub(first.text_start)
                } else {
                    first.src_start
                };
                let src_end = if last.exact {
                    last.src_start + end.saturating_sub(last.text_start).min(last.text_len)
                } else {
                    last.src_start + last.src_len
                };
                let exact = std::ptr::eq(first, last) && first.exact;
                (Span::new(src_start, src_end), exact)
            }
        }
    }

    /// The source map for plain text read from this input, under the item name `name`.
    pub fn source_map(&self, name: &str) -> SourceMap {
        match &self.map {
            DecodeMap::Shift(0) => SourceMap::identity(name, self.text.len()),
            DecodeMap::Shift(shift) => {
                let mut map = SourceMap::new(vec![name.to_string()]);
                map.push(Segment {
                    text_start: 0,
                    text_len: self.text.len(),
                    item: 0,
                    src_start: *shift,
                    src_len: self.text.len(),
                    exact: true,
                });
                map
            }
            DecodeMap::Pieces(pieces) => {
                let mut map = SourceMap::new(vec![name.to_string()]);
                for p in pieces {
                    map.push(Segment {
                        text_start: p.text_start,
                        text_len: p.text_len,
                        item: 0,
                        src_start: p.src_start,
                        src_len: p.src_len,
                        exact: p.exact,
                    });
                }
                map
            }
        }
    }
}

/// Decodes a text work, turning away empty and binary input.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<Decoded, IngestError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::Binary { kind });
    }
    let decoded = decode(bytes);
    if decoded.text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(decoded)
}

/// What a binary input looks like, or `None` for text (UTF-16 text included).
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "ELF executable"),
        (b"RIFF", "RIFF media file"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            if *kind == "ZIP archive" && looks_like_epub(bytes) {
                return Some("EPUB archive; read it as epub");
            }
            return Some(kind);
        }
    }
    if bytes.get(60..68) == Some(b"BOOKMOBI") {
        return Some("Kindle MOBI e-book");
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) && utf16_without_bom(head).is_none() && !has_utf16_bom(bytes) {
        return Some("NUL bytes near the start");
    }
    None
}

fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

/// Guesses UTF-16 without a BOM from where the NUL bytes of mostly-ASCII text fall.
/// Returns `Some(true)` for little-endian.
fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even_nul += usize::from(*a == 0);
            odd_nul += usize::from(*b == 0);
        }
    }
    if odd_nul * 10 >= pairs * 4 && even_nul * 20 <= pairs {
        Some(true)
    } else if even_nul * 10 >= pairs * 4 && odd_nul * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Decodes bytes as text, whatever they hold (never fails).
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, 2, true, "decoded as UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, 2, false, "decoded as UTF-16BE");
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        match utf16_without_bom(head) {
            Some(true) => return decode_utf16(bytes, 0, true, "decoded as UTF-16LE (no byte-order mark)"),
            Some(false) => return decode_utf16(bytes, 0, false, "decoded as UTF-16BE (no byte-order mark)"),
            None => {}
        }
    }
    decode_utf8(bytes, 0)
}

fn decode_utf8(bytes: &[u8], offset: usize) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: text.to_string(), map: DecodeMap::Shift(offset), notes: Vec::new() };
    }
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        invalid += usize::from(!chunk.invalid().is_empty());
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
    }
    // Text with stray high bytes and no real UTF-8 sequence at all is almost always a legacy
    // Windows encoding; reading it so keeps its curly quotes and accents.
    if multibyte == 0 {
        return decode_windows_1252(bytes, offset);
    }
    let mut text = String::with_capacity(bytes.len() + invalid * 2);
    let mut pieces = Vec::new();
    let mut src = offset;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if !valid.is_empty() {
            pieces.push(Piece {
                text_start: text.len(),
                text_len: valid.len(),
                src_start: src,
                src_len: valid.len(),
                exact: true,
            });
            text.push_str(valid);
            src += valid.len();
        }
        let bad = chunk.invalid();
        if !bad.is_empty() {
            pieces.push(Piece {
                text_start: text.len(),
                text_len: 3,
                src_start: src,
                src_len: bad.len(),
                exact: false,
            });
            text.push('\u{FFFD}');
            src += bad.len();
        }
    }
    let plural = if invalid == 1 { "" } else { "s" };
    let note = format!("invalid UTF-8 at {invalid} place{plural} was replaced with U+FFFD");
    Decoded { text, map: DecodeMap::Pieces(pieces), notes: vec![note] }
}

fn decode_windows_1252(bytes: &[u8], offset: usize) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let ascii = bytes[i].is_ascii();
        let run = bytes[i..].iter().take_while(|b| b.is_ascii() == ascii).count();
        let chunk = &bytes[i..i + run];
        let text_start = text.len();
        if ascii {
            // ASCII bytes are their own UTF-8.
            text.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        } else {
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk);
            text.push_str(&decoded);
        }
        pieces.push(Piece {
            text_start,
            text_len: text.len() - text_start,
            src_start: offset + i,
            src_len: run,
            exact: ascii,
        });
        i += run;
    }
    Decoded {
        text,
        map: DecodeMap::Pieces(pieces),
        notes: vec!["not valid UTF-8; decoded as Windows-1252".to_string()],
    }
}

fn decode_utf16(bytes: &[u8], offset: usize, little_endian: bool, note: &str) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| match pair {
        [a, b] if little_endian => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut text = String::with_capacity(bytes.len());
    let mut pieces = Vec::new();
    let mut replaced = 0usize;
    let mut src = offset;
    let (mut line_text, mut line_src) = (0usize, offset);
    let mut previous = ' ';
    for unit in char::decode_utf16(units) {
        let (c, width) = match unit {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => {
                replaced += 1;
                ('\u{FFFD}', 2)
            }
        };
        // One inexact piece per line, and per sentence within it (ended by a space after a
        // full stop, a question or exclamation mark, or a closing quote), with the white
        // space between as a piece of its own: evidence, which is whole sentences, then maps
        // to exactly its own bytes rather than to its whole line.
        let boundary =
            c == '\n' || c.is_whitespace() && matches!(previous, '.' | '!' | '?' | '"' | '”' | '’' | ')' | '…');
        previous = c;
        if boundary {
            for (end, end_src) in [(text.len(), src), (text.len() + c.len_utf8(), src + width)] {
                if end > line_text {
                    pieces.push(Piece {
                        text_start: line_text,
                        text_len: end - line_text,
                        src_start: line_src,
                        src_len: end_src - line_src,
                        exact: false,
                    });
                }
                (line_text, line_src) = (end, end_src);
            }
        }
        text.push(c);
        src += width;
    }
    if bytes.len() % 2 == 1 {
        replaced += 1;
        text.push('\u{FFFD}');
        src += 1;
    }
    if text.len() > line_text {
        pieces.push(Piece {
            text_start: line_text,
            text_len: text.len() - line_text,
            src_start: line_src,
            src_len: src - line_src,
            exact: false,
        });
    }
    let mut notes = vec![note.to_string()];
    if replaced > 0 {
        notes.push(format!("{replaced} invalid UTF-16 code unit(s) replaced with U+FFFD"));
    }
    Decoded { text, map: DecodeMap::Pieces(pieces), notes }
}

/// Whether bytes look like an EPUB (a ZIP whose first entry is the EPUB `mimetype`, or one
/// that names `META-INF/container.xml`).
pub(crate) fn looks_like_epub(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    let head = &bytes[..bytes.len().min(256)];
    if contains(head, b"mimetype") && contains(head, b"application/epub+zip") {
        return true;
    }
    // The central directory sits at the end of the archive.
    let tail = &bytes[bytes.len().saturating_sub(1 << 20)..];
    contains(tail, b"META-INF/container.xml")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_is_shifted() {
        let d = decode(b"\xEF\xBB\xBFHello");
        assert_eq!(d.text, "Hello");
        assert_eq!(d.to_source(1, 3), (Span::new(4, 6), true));
        assert!(d.notes.is_empty());
    }

    #[test]
    fn invalid_utf8_becomes_one_replacement_per_sequence() {
        let d = decode(
            "caf\u{e9} ok \u{2014} ".as_bytes().iter().copied().chain(*b"\xC3(x\xFF").collect::<Vec<_>>().as_slice(),
        );
        assert_eq!(d.text, "caf\u{e9} ok \u{2014} \u{FFFD}(x\u{FFFD}");
        assert_eq!(d.notes, vec!["invalid UTF-8 at 2 places was replaced with U+FFFD".to_string()]);
        let bad = d.text.find('\u{FFFD}').unwrap_or(0);
        assert_eq!(d.to_source(bad, bad + 3), (Span::new(bad, bad + 1), false));
        assert_eq!(d.to_source(0, 4), (Span::new(0, 4), true));
    }

    #[test]
    fn stray_high_bytes_read_as_windows_1252() {
        let d = decode(b"It\x92s \x93quoted\x94.");
        assert_eq!(d.text, "It\u{2019}s \u{201C}quoted\u{201D}.");
        assert_eq!(d.notes, vec!["not valid UTF-8; decoded as Windows-1252".to_string()]);
        // "s " is ASCII and maps exactly; the quote maps to its single byte.
        let s = d.text.find("s ").unwrap_or(0);
        assert_eq!(d.to_source(s, s + 2), (Span::new(3, 5), true));
        assert_eq!(d.to_source(2, 5), (Span::new(2, 3), false));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "\u{FEFF}One\nTwo é".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le);
        assert_eq!(d.text, "One\nTwo é");
        assert_eq!(d.notes, vec!["decoded as UTF-16LE".to_string()]);
        assert_eq!(d.to_source(4, 7).0, Span::new(10, 20));
        let be: Vec<u8> = "Plain words here".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).text, "Plain words here");
        assert!(binary_kind(&be).is_none());
    }

    #[test]
    fn utf16_sentences_map_to_their_own_bytes_not_their_line() {
        // Issue 12: evidence in a UTF-16 work spanned its whole line.
        let text = "She ran. He followed her home.\n";
        let le: Vec<u8> = format!("\u{FEFF}{text}").encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le);
        let start = d.text.find("He").unwrap_or(0);
        let end = start + "He followed her home.".len();
        // 2 bytes of BOM, then 2 bytes a character.
        assert_eq!(d.to_source(start, end).0, Span::new(2 + 2 * start, 2 + 2 * end));
        assert_eq!(d.to_source(0, "She ran.".len()).0, Span::new(2, 2 + 2 * "She ran.".len()));
    }

    #[test]
    fn binary_files_are_named() {
        assert_eq!(binary_kind(b"\x89PNG\r\n\x1a\n...."), Some("PNG image"));
        assert_eq!(binary_kind(b"%PDF-1.7"), Some("PDF document"));
        assert_eq!(binary_kind(b"abc\0def\0\0\0\x01\x02xyz"), Some("NUL bytes near the start"));
        assert_eq!(binary_kind(b"plain text"), None);
    }
}
