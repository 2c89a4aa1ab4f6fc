//! [`IngestError`]: why an input could not be read.
//!
//! Each message is one line that gives the reason without the file name, because the CLI
//! prefixes `<path>: ` itself.

/// Why an input (or one JSONL record) could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The path does not exist.
    #[error("file not found")]
    NotFound,
    /// The path is a directory.
    #[error("is a directory, not a file")]
    IsDirectory,
    /// The file may not be read.
    #[error("permission denied")]
    PermissionDenied,
    /// Any other I/O failure.
    #[error("could not read the file: {0}")]
    Io(#[source] std::io::Error),
    /// The input is larger than [`crate::Limits::max_input_bytes`].
    #[error("input is {}, over the {} input limit", human_bytes(*.size), human_bytes(*.limit))]
    TooLarge {
        /// Size of the input in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A stream (standard input) went on past [`crate::Limits::max_input_bytes`].
    #[error("input goes on past the {} input limit", human_bytes(*.limit))]
    StreamTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The story text is larger than [`crate::Limits::max_text_bytes`].
    #[error("the story text is {}, over the {} limit for one work", human_bytes(*.size), human_bytes(*.limit))]
    TextTooLarge {
        /// Size of the text read so far in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The work has more sentences (or paragraphs, or lines) than [`crate::Limits::max_sentences`].
    #[error("the work has more than {limit} sentences or paragraphs, the limit for one work")]
    TooManySentences {
        /// The limit.
        limit: usize,
    },
    /// An HTML page (or EPUB chapters) whose text is cut by markup into more pieces than
    /// [`crate::Limits::max_source_pieces`]: each piece costs memory to map back to the source.
    #[error("the markup cuts the text into more than {limit} pieces, the limit for one work")]
    TooFragmented {
        /// The limit.
        limit: usize,
    },
    /// The input holds nothing but white space.
    #[error("empty file: no text to read")]
    Empty,
    /// The input is an image, a PDF, an archive or some other binary file.
    #[error("binary file ({kind}), not a text work")]
    Binary {
        /// What it looks like ("PNG image").
        kind: &'static str,
    },
    /// The input was read but holds no story text (only markup, or only notes).
    #[error("no story text: {0}")]
    NoText(&'static str),
    /// The input given as EPUB is not a ZIP archive.
    #[error("not an EPUB: {0}")]
    NotEpub(String),
    /// The ZIP archive is truncated or damaged.
    #[error("corrupt or truncated EPUB archive: {0}")]
    CorruptArchive(String),
    /// An entry name that would escape the archive if extracted.
    #[error("unsafe entry name '{0}' in the archive")]
    UnsafeEntryName(String),
    /// An entry larger than [`crate::Limits::max_entry_bytes`] once decompressed.
    #[error("EPUB entry '{name}' expands past the {} limit (zip bomb?)", human_bytes(*.limit))]
    EntryTooLarge {
        /// The entry's name.
        name: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The entries read add up to more than [`crate::Limits::max_total_bytes`].
    #[error("EPUB expands past the {} total limit (zip bomb?)", human_bytes(*.limit))]
    TotalTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The archive has more than [`crate::Limits::max_entries`] entries.
    #[error("EPUB has {count} entries, over the {limit} entry limit")]
    TooManyEntries {
        /// Entries in the archive.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The EPUB's package (OPF) document cannot be found.
    #[error("no OPF package document: {0}")]
    NoPackage(String),
    /// The OPF has no `<spine>`, so there is no reading order.
    #[error("the OPF package document has no spine (no reading order)")]
    NoSpine,
    /// The OPF's spine lists no items.
    #[error("the OPF spine is empty: no chapters to read")]
    EmptySpine,
    /// No spine item could be found in the archive.
    #[error("none of the {0} spine items is in the archive")]
    SpineItemsMissing(usize),
    /// A bad line of a JSONL batch.
    #[error("line {line}: {reason}")]
    Jsonl {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

impl IngestError {
    /// Sorts an I/O error into the variants a user recognises.
    pub(crate) fn from_io(err: std::io::Error) -> Self {
        match err.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound,
            std::io::ErrorKind::PermissionDenied => Self::PermissionDenied,
            std::io::ErrorKind::IsADirectory => Self::IsDirectory,
            _ => Self::Io(err),
        }
    }
}

/// A byte count as people read it: "64 MiB", "1.5 GiB", "812 bytes".
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            return if n.is_multiple_of(size) {
                format!("{} {unit}", n / size)
            } else {
                format!("{:.1} {unit}", n as f64 / size as f64)
            };
        }
    }
    format!("{n} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_bytes(64 << 20), "64 MiB");
        assert_eq!(human_bytes(3 << 29), "1.5 GiB");
        assert_eq!(human_bytes(812), "812 bytes");
    }

    #[test]
    fn messages_are_one_line_without_a_file_name() {
        let err = IngestError::EntryTooLarge { name: "x".into(), limit: 64 << 20 };
        assert_eq!(err.to_string(), "EPUB entry 'x' expands past the 64 MiB limit (zip bomb?)");
        assert_eq!(IngestError::Binary { kind: "PNG image" }.to_string(), "binary file (PNG image), not a text work");
    }
}
