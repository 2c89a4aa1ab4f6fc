//! Why a book could not be tagged.

/// Why a book could not be tagged. Each message is one line, meant to follow the file name.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    /// The bytes are not a ZIP archive, or one without `META-INF/container.xml`.
    #[error("not an EPUB: {0}")]
    NotEpub(String),
    /// `META-INF/container.xml` names no package document.
    #[error("META-INF/container.xml names no package document (rootfile)")]
    NoRootfile,
    /// The package document named in `container.xml` is not in the archive.
    #[error("the package document '{0}' named in META-INF/container.xml is not in the archive")]
    MissingPackage(String),
    /// An entry could not be read back (corrupt, unsupported compression, too large).
    #[error("entry '{name}' could not be read: {reason}")]
    Entry {
        /// Entry name.
        name: String,
        /// What went wrong.
        reason: String,
    },
    /// The package document is not well-formed XML.
    #[error("the package document '{path}' is not well-formed XML: {reason}")]
    MalformedPackage {
        /// Entry name of the OPF.
        path: String,
        /// The parser's complaint and where.
        reason: String,
    },
    /// The package document has no `<metadata>` element.
    #[error("the package document '{0}' has no <metadata> element")]
    NoMetadata(String),
    /// The package document is in an encoding forewarn does not edit (UTF-16, UTF-32).
    #[error("the package document '{0}' is not in UTF-8 or another ASCII-compatible encoding")]
    UnsupportedEncoding(String),
    /// The subject prefix is empty, so a warning would read like an ordinary subject.
    #[error("the subject prefix must not be empty (a warning would read like an ordinary subject, e.g. a genre)")]
    EmptyPrefix,
    /// The Calibre column is not a custom column lookup name.
    #[error("'{0}' is not a Calibre custom column lookup name (expected # followed by lower-case letters, digits or _, e.g. #cw)")]
    BadColumn(String),
    /// Writing the new archive failed.
    #[error("could not write the tagged archive: {0}")]
    Write(String),
}
