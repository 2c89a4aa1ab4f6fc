//! Reads works of fiction into [`forewarn_core::Document`]s: plain text, Markdown, HTML
//! (generic, Project Gutenberg and AO3 downloads), EPUB 2/3 and JSONL batches.
//!
//! Every reader keeps a [`forewarn_core::SourceMap`] from the analysis text back to the
//! bytes the user gave us, so evidence can be shown where the reader will see it: the file
//! itself for txt/md/html, the decompressed XHTML entry for an EPUB, the `text` value for a
//! JSONL record.
//!
//! Architecture invariant: bad input is an [`IngestError`] or a line in
//! [`forewarn_core::Meta::errors`], never a panic. Nothing here recurses over the depth of
//! the input, and every size taken from an archive is checked while reading, not trusted.
//!
//! Architecture invariant: text that is not story text (AO3 summaries and notes, Gutenberg
//! boilerplate, `<head>`, scripts) never reaches [`forewarn_core::Document::text`]; summaries
//! and notes go to [`forewarn_core::Meta::front_matter`].

mod decode;
mod epub;
mod error;
mod html;
mod jsonl;
mod markdown;
mod tags;
mod text;

use std::io::Read;
use std::path::Path;

use forewarn_core::Document;

pub use error::IngestError;

/// The format to read an input as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Decide from the file name, then from the content (see [`detect_format`]).
    Auto,
    /// Plain text.
    Txt,
    /// Markdown (CommonMark).
    Md,
    /// HTML: generic, Project Gutenberg, or an AO3 download.
    Html,
    /// EPUB 2 or 3.
    Epub,
    /// One JSON record per line, each with an `id` and a `text`.
    Jsonl,
}

/// Size limits that keep a hostile or broken input from exhausting memory. Each is enforced
/// while reading, so an input over a limit costs about the limit, not its own size.
///
/// With the defaults, one work is at most 64 MiB of story text (about 11 million words) and
/// 1,000,000 sentences or paragraphs ([`forewarn_core::MAX_SENTENCES`]; the longest works on
/// AO3 hold a few hundred thousand); its analysis then stays under about 600 MB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input read (a file, standard input, an HTTP body), in bytes (default 256 MiB).
    pub max_input_bytes: u64,
    /// Largest story text of one work once decoded, in bytes (default 64 MiB).
    pub max_text_bytes: u64,
    /// Most sentences, or paragraphs, or lines of plain text, in one work (default and
    /// ceiling: [`forewarn_core::MAX_SENTENCES`]).
    pub max_sentences: usize,
    /// Most pieces of text between tags in one HTML page or EPUB (default 2,000,000, about
    /// 200 MB of source map; a novel has tens of thousands): text cut by a tag every few bytes
    /// would otherwise cost ~90 bytes of memory per byte of text.
    pub max_source_pieces: usize,
    /// Largest uncompressed EPUB entry read, in bytes (default 64 MiB).
    pub max_entry_bytes: u64,
    /// Largest sum of uncompressed EPUB entries read, in bytes (default 256 MiB).
    pub max_total_bytes: u64,
    /// Most entries an EPUB archive may hold (default 10,000).
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 256 << 20,
            max_text_bytes: 64 << 20,
            max_sentences: forewarn_core::MAX_SENTENCES,
            max_source_pieces: 2_000_000,
            max_entry_bytes: 64 << 20,
            max_total_bytes: 256 << 20,
            max_entries: 10_000,
        }
    }
}

impl Limits {
    /// The sentence limit in force: the setting, at most what a document holds.
    pub(crate) fn sentences(&self) -> usize {
        self.max_sentences.min(forewarn_core::MAX_SENTENCES)
    }

    /// Refuses a text before any structure is built on it: too many bytes, or more lines
    /// than a work may hold sentences (each line with text can become a paragraph).
    pub(crate) fn check_text(&self, text: &str) -> Result<(), IngestError> {
        if text.len() as u64 > self.max_text_bytes {
            return Err(IngestError::TextTooLarge { size: text.len() as u64, limit: self.max_text_bytes });
        }
        let lines = text.split('\n').filter(|line| !line.trim().is_empty()).count();
        if lines > self.sentences() {
            return Err(IngestError::TooManySentences { limit: self.sentences() });
        }
        Ok(())
    }

    /// Refuses a built document that is over a limit (it was cut short while being built).
    pub(crate) fn check_document(&self, doc: forewarn_core::Document) -> Result<forewarn_core::Document, IngestError> {
        if doc.text.len() as u64 > self.max_text_bytes {
            return Err(IngestError::TextTooLarge { size: doc.text.len() as u64, limit: self.max_text_bytes });
        }
        if doc.sentences.len() > self.sentences() || doc.paragraphs.len() > self.sentences() {
            return Err(IngestError::TooManySentences { limit: self.sentences() });
        }
        Ok(doc)
    }
}

/// One work read from an input: a whole file, or one record of a JSONL batch.
#[derive(Debug)]
pub struct Item {
    /// The input's name, or for JSONL the record's id (`<name>:<line>` when it has none).
    pub id: String,
    /// The document, or why it could not be read.
    pub result: Result<Document, IngestError>,
}

/// Reads one input. `name` is the file name or path shown to users and used as the item name
/// in the source map; for Jsonl each record becomes an Item (id from the record), otherwise
/// exactly one Item with id = name.
pub fn read_bytes(name: &str, bytes: &[u8], format: InputFormat, limits: &Limits) -> Vec<Item> {
    read_items(name, bytes, format, limits).collect()
}

/// Reads one input lazily: a JSONL batch's records one at a time (see [`pending_items`]).
pub fn read_items<'a>(
    name: &'a str,
    bytes: &'a [u8],
    format: InputFormat,
    limits: &'a Limits,
) -> Box<dyn Iterator<Item = Item> + 'a> {
    Box::new(pending_items(name, bytes, format, limits).map(|read| read()))
}

/// One work of an input, read (parsed, decoded, segmented) when called.
pub type Pending<'a> = Box<dyn FnOnce() -> Item + Send + 'a>;

/// The works of one input, each read only when called: splitting a JSONL batch into its
/// records is cheap and serial, and the caller reads the records where it analyses them (on
/// every core), so segmentation is not a serial step before a parallel one.
pub fn pending_items<'a>(
    name: &'a str,
    bytes: &'a [u8],
    format: InputFormat,
    limits: &'a Limits,
) -> Box<dyn Iterator<Item = Pending<'a>> + 'a> {
    let format = match format {
        InputFormat::Auto => detect_format(name, bytes),
        other => other,
    };
    let checked = move |mut item: Item| {
        item.result = item.result.and_then(|doc| limits.check_document(doc));
        item
    };
    let single = |read: Box<dyn FnOnce() -> Result<Document, IngestError> + Send + 'a>| -> Box<dyn Iterator<Item = Pending<'a>> + 'a> {
        let pending: Pending<'a> = Box::new(move || checked(Item { id: name.to_string(), result: read() }));
        Box::new(std::iter::once(pending))
    };
    if bytes.len() as u64 > limits.max_input_bytes {
        let error = IngestError::TooLarge { size: bytes.len() as u64, limit: limits.max_input_bytes };
        return single(Box::new(move || Err(error)));
    }
    match format {
        InputFormat::Auto | InputFormat::Txt => single(Box::new(move || text::read(name, bytes, limits))),
        InputFormat::Md => single(Box::new(move || markdown::read(name, bytes, limits))),
        InputFormat::Html => single(Box::new(move || html::read(name, bytes, limits))),
        InputFormat::Epub => single(Box::new(move || epub::read(bytes, limits))),
        InputFormat::Jsonl => Box::new(
            jsonl::records(name, bytes, limits).map(move |read| -> Pending<'a> { Box::new(move || checked(read())) }),
        ),
    }
}

/// Reads a file from disk (errors: not found, is a directory, permission denied, too large,
/// as [`IngestError::NotFound`], [`IngestError::IsDirectory`], [`IngestError::PermissionDenied`],
/// [`IngestError::TooLarge`] or [`IngestError::Io`]).
pub fn read_path(path: &Path, format: InputFormat, limits: &Limits) -> Vec<Item> {
    let name = path.to_string_lossy().into_owned();
    match read_file(path, limits) {
        Ok(bytes) => read_bytes(&name, &bytes, format, limits),
        Err(err) => vec![Item { id: name, result: Err(err) }],
    }
}

/// Reads a file's bytes, refusing it past [`Limits::max_input_bytes`] (checked on what is
/// read, not only on the size the file system reports: `/dev/zero`, a pipe, a growing file).
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, IngestError> {
    let metadata = std::fs::metadata(path).map_err(IngestError::from_io)?;
    if metadata.is_dir() {
        return Err(IngestError::IsDirectory);
    }
    if metadata.len() > limits.max_input_bytes {
        return Err(IngestError::TooLarge { size: metadata.len(), limit: limits.max_input_bytes });
    }
    let file = std::fs::File::open(path).map_err(IngestError::from_io)?;
    // The size can change between the metadata call and the read (a growing log, a pipe), so
    // the limit is enforced on what is actually read too.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limits.max_input_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(IngestError::from_io)?;
    if bytes.len() as u64 > limits.max_input_bytes {
        // A device or a file that grew: its size is not known, only that it goes on.
        return Err(IngestError::StreamTooLarge { limit: limits.max_input_bytes });
    }
    Ok(bytes)
}

/// Reads a stream (standard input) to its end, refusing it past
/// [`Limits::max_input_bytes`]: an endless stream ends with [`IngestError::StreamTooLarge`]
/// once the limit is read.
pub fn read_stream(reader: impl Read, limits: &Limits) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader.take(limits.max_input_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(IngestError::from_io)?;
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(IngestError::StreamTooLarge { limit: limits.max_input_bytes });
    }
    Ok(bytes)
}

/// The file extensions of works (lower case) and the format each is read as: the one list
/// that both format detection and directory walks (which files are works) use.
pub const WORK_EXTENSIONS: &[(&str, InputFormat)] = &[
    ("txt", InputFormat::Txt),
    ("text", InputFormat::Txt),
    ("md", InputFormat::Md),
    ("markdown", InputFormat::Md),
    ("html", InputFormat::Html),
    ("htm", InputFormat::Html),
    ("xhtml", InputFormat::Html),
    ("epub", InputFormat::Epub),
    ("jsonl", InputFormat::Jsonl),
    ("ndjson", InputFormat::Jsonl),
];

/// The format a file name's extension says, if it is one of [`WORK_EXTENSIONS`].
pub fn format_of_name(name: &str) -> Option<InputFormat> {
    let extension = Path::new(name).extension().and_then(|e| e.to_str())?.to_ascii_lowercase();
    WORK_EXTENSIONS.iter().find(|(e, _)| *e == extension).map(|&(_, format)| format)
}

/// Which format `Auto` resolves to for these bytes and file name: the extension first
/// ([`WORK_EXTENSIONS`]), otherwise the content.
pub fn detect_format(name: &str, bytes: &[u8]) -> InputFormat {
    format_of_name(name).unwrap_or_else(|| sniff_format(bytes))
}

fn sniff_format(bytes: &[u8]) -> InputFormat {
    if bytes.starts_with(b"PK\x03\x04") {
        // A ZIP that is not an EPUB falls through to the text reader, which names it binary.
        return if decode::looks_like_epub(bytes) { InputFormat::Epub } else { InputFormat::Txt };
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let head = decode::decode(head).text;
    let start = head.trim_start();
    let lower: String = start.chars().take(1024).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with("<?xml") && lower.contains("<html"))
        || (lower.starts_with('<') && ["<body", "<p>", "<div", "<head"].iter().any(|t| lower.contains(t)))
    {
        return InputFormat::Html;
    }
    if start.starts_with('{') {
        let first_line = start.lines().next().unwrap_or("");
        if serde_json::from_str::<serde_json::Value>(first_line).is_ok_and(|v| v.get("text").is_some()) {
            return InputFormat::Jsonl;
        }
    }
    let atx_headings = head
        .lines()
        .filter(|l| {
            let hashes = l.bytes().take_while(|&b| b == b'#').count();
            (1..=6).contains(&hashes) && l.as_bytes().get(hashes) == Some(&b' ')
        })
        .count();
    if atx_headings >= 1 || start.starts_with("---\n") || start.starts_with("---\r\n") {
        return InputFormat::Md;
    }
    InputFormat::Txt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_first() {
        assert_eq!(detect_format("a.TXT", b"<html>"), InputFormat::Txt);
        assert_eq!(detect_format("dir/a.xhtml", b""), InputFormat::Html);
        assert_eq!(detect_format("a.ndjson", b""), InputFormat::Jsonl);
        assert_eq!(detect_format("a.markdown", b""), InputFormat::Md);
        assert_eq!(detect_format("a.epub", b""), InputFormat::Epub);
    }

    #[test]
    fn content_decides_otherwise() {
        assert_eq!(detect_format("stdin", b"\n<!DOCTYPE html><p>x</p>"), InputFormat::Html);
        assert_eq!(detect_format("stdin", b"{\"id\": \"a\", \"text\": \"x\"}\n"), InputFormat::Jsonl);
        assert_eq!(detect_format("stdin", b"# Title\n\nSome text.\n"), InputFormat::Md);
        assert_eq!(detect_format("stdin", b"CHAPTER I\n\nSome text.\n"), InputFormat::Txt);
        assert_eq!(detect_format("stdin", b"PK\x03\x04rest"), InputFormat::Txt);
    }

    #[test]
    fn oversized_input_is_an_error() {
        let limits = Limits { max_input_bytes: 4, ..Limits::default() };
        let items = read_bytes("a.txt", b"hello", InputFormat::Txt, &limits);
        assert_eq!(items.len(), 1);
        let err = items.into_iter().next().and_then(|i| i.result.err()).map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("input is 5 bytes, over the 4 bytes input limit"));
    }
}
