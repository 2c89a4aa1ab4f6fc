//! User-defined labels: a name, keywords and a few example sentences, run through the same
//! lexical engine as the built-in content labels (stems, negation, hypotheticals, windows,
//! calibration defaults) and reported with kind `custom`.
//!
//! Keywords are weight-2 cues. Example sentences add their distinctive words (five letters
//! or more, not common function words) as weight-1 cues, so that "a huge spider crawled
//! across her pillow" teaches "crawl" as weak evidence for a `spiders` label.

use serde::{Deserialize, Serialize};

/// A user-defined label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomLabel {
    /// Stable id (`spiders`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// One-line definition.
    #[serde(default)]
    pub definition: String,
    /// Words and phrases that name the content.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Example sentences.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// Words too common to be evidence of anything.
const COMMON: &[&str] = &[
    "about", "after", "again", "against", "also", "been", "before", "being", "came", "come", "could", "down", "each",
    "even", "from", "have", "having", "here", "into", "just", "like", "made", "make", "many", "more", "most", "much",
    "must", "never", "only", "other", "over", "said", "same", "should", "some", "such", "than", "that", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "under", "very", "want", "went", "were",
    "what", "when", "where", "which", "while", "will", "with", "would", "your", "across", "around", "onto", "upon",
    "still",
];

/// Normalises a keyword or word to the lexicon phrase form (lower-case words separated by
/// single spaces; letters, digits, apostrophes, hyphens). `None` if nothing is left.
fn phrase(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace())
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '\'' || *c == '-')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl CustomLabel {
    /// The label's lexicon: (weight, phrase).
    pub fn lexicon(&self) -> Vec<(f32, String)> {
        let mut out: Vec<(f32, String)> = self.keywords.iter().filter_map(|k| phrase(k)).map(|p| (2.0, p)).collect();
        for example in &self.examples {
            for word in example.split_whitespace().filter_map(phrase) {
                let distinctive = word.len() >= 5 && !COMMON.contains(&word.as_str()) && !word.contains(' ');
                if distinctive && !out.iter().any(|(_, p)| *p == word) {
                    out.push((1.0, word));
                }
            }
        }
        out
    }
}

/// One label of the engine's index space: the taxonomy's labels in order, then the user's
/// custom labels (`taxonomy().labels.len() + k` for `custom[k]`). Resolved here only.
#[derive(Debug, Clone, Copy)]
pub enum LabelAt<'a> {
    /// A label of the taxonomy.
    Taxonomy(&'a crate::Label),
    /// A label the user defined.
    Custom(&'a CustomLabel),
}

impl<'a> LabelAt<'a> {
    /// The label at `index`, given the custom labels in force.
    pub fn of(custom: &'a [CustomLabel], index: usize) -> Option<Self> {
        let taxonomy = crate::taxonomy();
        match taxonomy.labels.get(index) {
            Some(label) => Some(Self::Taxonomy(label)),
            None => custom.get(index - taxonomy.labels.len()).map(Self::Custom),
        }
    }

    /// Its id.
    pub fn id(self) -> &'a str {
        match self {
            Self::Taxonomy(l) => &l.id,
            Self::Custom(c) => &c.id,
        }
    }

    /// Its display name.
    pub fn name(self) -> &'a str {
        match self {
            Self::Taxonomy(l) => &l.name,
            Self::Custom(c) => &c.name,
        }
    }

    /// Whether it is one of AO3's archive warnings.
    pub fn is_archive(self) -> bool {
        matches!(self, Self::Taxonomy(l) if l.kind == crate::LabelKind::Archive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_example_words() {
        let label = CustomLabel {
            id: "spiders".into(),
            name: "Spiders".into(),
            definition: String::new(),
            keywords: vec!["Spider".into(), "daddy long-legs".into()],
            examples: vec!["A huge spider crawled across her pillow.".into()],
        };
        let lexicon = label.lexicon();
        assert!(lexicon.contains(&(2.0, "spider".into())));
        assert!(lexicon.contains(&(2.0, "daddy long-legs".into())));
        assert!(lexicon.contains(&(1.0, "crawled".into())));
        assert!(!lexicon.iter().any(|(_, p)| p == "across" || p == "huge" || p == "her"));
    }
}
