//! Writes forewarn's findings into an EPUB's package document (OPF): one `dc:subject` per
//! warning (`CW: Rape/Non-Con`), one for the rating (`Rating (forewarn): Explicit`), and a
//! Calibre custom column (`calibre:user_metadata:#cw`, tag-like) that Calibre reads when it
//! imports the book. Also prints `calibredb set_custom` commands for people who prefer to let
//! Calibre write, and replaces a file atomically.
//!
//! The crate is I/O-light: [`tag_epub`] takes the book's bytes and returns the tagged book's
//! bytes; only [`write_atomic`] touches the file system.
//!
//! Architecture invariant: tagging changes the OPF entry and nothing else. Every other entry
//! is copied with its compressed bytes, name and position unchanged, and inside the OPF only
//! forewarn's own elements are removed or added; every other byte of it stays as it was.
//!
//! Architecture invariant: forewarn knows its own subjects by a mark, never by their text.
//! Each `dc:subject` it writes has an `id` (`forewarn-subject-1`, …) listed in
//! `<meta name="forewarn:subjects" content="…"/>`; a subject not listed there is the user's,
//! even one that starts with `CW: `. The only unmarked subject forewarn replaces is one that
//! starts with [`RATING_SUBJECT_PREFIX`], which names forewarn (see `opf.rs`).
//!
//! Architecture invariant: forewarn never opens Calibre's `metadata.db`. Calibre picks the
//! tags up from the book, or from the `calibredb` commands the user runs.

mod archive;
mod atomic;
mod calibre;
mod error;
mod opf;

pub use archive::{calibre_book_id, check_epub, tag_epub};
pub use atomic::write_atomic;
pub use calibre::{calibre_column_json, calibre_commands};
pub use error::TagError;

/// Prefix of the `dc:subject` that carries forewarn's rating. Because it names forewarn, a
/// subject that starts with it is forewarn's even without the ownership mark (books tagged
/// before forewarn marked its subjects have one like that), and it is replaced on every run.
pub const RATING_SUBJECT_PREFIX: &str = "Rating (forewarn): ";

/// What to write: the names of the warnings found, and the rating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagSet {
    /// Display names of the warnings, e.g. `Rape/Non-Con`, in report order.
    pub warnings: Vec<String>,
    /// AO3 rating name, e.g. `Explicit`; `None` writes no rating.
    pub rating: Option<String>,
}

impl TagSet {
    /// The `dc:subject` values: `prefix + warning` for each warning, then the rating.
    pub fn subjects(&self, options: &TagOptions) -> Vec<String> {
        let mut subjects: Vec<String> = Vec::with_capacity(self.warnings.len() + 1);
        for warning in self.warnings.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
            let subject = format!("{}{warning}", options.prefix);
            if !subjects.contains(&subject) {
                subjects.push(subject);
            }
        }
        if let Some(rating) = &self.rating {
            subjects.push(format!("{RATING_SUBJECT_PREFIX}{}", rating.trim()));
        }
        subjects
    }

    /// The values of the Calibre column: each warning, then `Rating: <rating>`. Calibre splits
    /// a tag-like column's text on commas, so a comma inside a name becomes a semicolon.
    pub fn column_values(&self) -> Vec<String> {
        let mut values: Vec<String> = Vec::with_capacity(self.warnings.len() + 1);
        for warning in &self.warnings {
            let value = warning.trim().replace(',', ";");
            if !value.is_empty() && !values.contains(&value) {
                values.push(value);
            }
        }
        if let Some(rating) = &self.rating {
            values.push(format!("Rating: {}", rating.trim().replace(',', ";")));
        }
        values
    }
}

/// How to write the tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagOptions {
    /// Prefix of forewarn's warning subjects (default `CW: `). It is only text: forewarn knows
    /// its own subjects by their mark, not by this prefix, so a run with another prefix replaces
    /// the subjects of the run before. It must not be empty, so that a warning does not read
    /// like an ordinary subject.
    pub prefix: String,
    /// Lookup name of the Calibre custom column, with its `#` (default `#cw`).
    pub column: String,
    /// Display name of that column, used when Calibre has to describe it (default `Content Warnings`).
    pub column_name: String,
}

impl Default for TagOptions {
    fn default() -> Self {
        Self { prefix: "CW: ".to_string(), column: "#cw".to_string(), column_name: "Content Warnings".to_string() }
    }
}

impl TagOptions {
    /// Checks the prefix and the column's lookup name.
    pub fn validate(&self) -> Result<(), TagError> {
        if self.prefix.trim().is_empty() {
            return Err(TagError::EmptyPrefix);
        }
        if calibre::column_label(&self.column).is_none() {
            return Err(TagError::BadColumn(self.column.clone()));
        }
        Ok(())
    }
}
