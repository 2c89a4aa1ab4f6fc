//! Character detector: named characters and their prominence in the work.
//!
//! What it detects: capitalised words that are names (capitalised where no sentence starts,
//! almost never written in lower case), how often each is mentioned, and in how many
//! chapters.
//!
//! Why: AO3's Major Character Death is about a character "with significant presence in the
//! work"; an unnamed guard's death is `death` only.
//!
//! Example: in a chapter where "Arlo" is mentioned twelve times and dies, Arlo is prominent.
//!
//! Limitations: place names count as names; all-lower-case text (some fan fiction, the
//! passage data) has no names; nicknames and surnames of one person are separate names.

use std::collections::HashMap;

use crate::lexicon::{Token, Tokenizer};
use crate::Document;

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "i",
    "i'm",
    "i'll",
    "i've",
    "i'd",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "madam",
    "lady",
    "lord",
    "god",
    "oh",
    "ah",
    "the",
    "a",
    "an",
    "and",
    "but",
    "chapter",
    "part",
    "book",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "christmas",
    "english",
    "french",
    "dr",
    "captain",
    "doctor",
    "king",
    "queen",
    "prince",
    "princess",
    "uncle",
    "aunt",
    "mother",
    "father",
    "mum",
    "mom",
    "dad",
    "yes",
    "no",
    "ok",
    "okay",
    "hey",
    "he",
    "she",
    "it",
    "we",
    "they",
    "you",
    "his",
    "her",
    "its",
    "our",
    "their",
    "your",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "then",
    "when",
    "while",
    "where",
    "what",
    "who",
    "why",
    "how",
    "if",
    "so",
    "as",
    "at",
    "in",
    "on",
    "by",
    "for",
    "with",
    "from",
    "to",
    "of",
    "or",
    "nor",
    "not",
    "after",
    "before",
    "by",
    "within",
    "around",
    "some",
    "someone",
    "something",
    "everyone",
    "nothing",
    "now",
    "later",
    "once",
    "just",
    "even",
    "still",
    "only",
    "all",
    "captain",
    "sergeant",
    "private",
    "officer",
    "queen",
    "lord",
    "ensign",
    "corporal",
    "grandpa",
    "grandma",
    "don't",
    "through",
    "until",
    "over",
    "under",
    "into",
    "one",
    "two",
    "last",
    "first",
    "halfway",
    "afterwards",
    "within",
];

/// The name form of a token: lower case without a possessive ("Kestrel's" -> "kestrel").
fn name_form(lower: &str) -> &str {
    lower.strip_suffix("'s").unwrap_or(lower)
}

/// The named characters of a work.
#[derive(Debug, Clone, Default)]
pub struct Cast {
    /// Names (as first written).
    pub names: Vec<String>,
    /// Mentions per name.
    pub counts: Vec<usize>,
    /// Number of chapters each name appears in.
    pub chapters: Vec<usize>,
    index: HashMap<String, usize>,
    total: usize,
}

impl Cast {
    /// Finds the names in a document in one pass over its sentences (tokens are not kept,
    /// so memory stays proportional to the vocabulary, not the text).
    pub fn find(doc: &Document, tokenizer: &mut Tokenizer) -> Self {
        #[derive(Default)]
        struct Form {
            any: usize,
            capitals: usize,
            inner: usize,
            chapters: usize,
            last_chapter: Option<usize>,
        }
        let mut forms: HashMap<String, Form, crate::lexicon::FastHash> = HashMap::with_hasher(crate::lexicon::FastHash);
        for sentence in &doc.sentences {
            let chapter = sentence.chapter.unwrap_or(0);
            for (k, t) in tokenizer.tokens(&doc.text, sentence.range.start, sentence.range.end).iter().enumerate() {
                let form = name_form(t.lower());
                let entry = match forms.get_mut(form) {
                    Some(e) => e,
                    None => forms.entry(form.to_string()).or_default(),
                };
                entry.any += 1;
                if entry.last_chapter != Some(chapter) {
                    entry.last_chapter = Some(chapter);
                    entry.chapters += 1;
                }
                let raw = doc.text.get(t.start..t.end).unwrap_or("");
                let mut chars = raw.chars();
                let capital = chars.next().is_some_and(|c| c.is_uppercase()) && chars.any(|c| c.is_lowercase());
                if capital {
                    entry.capitals += 1;
                    if k > 0 && !after_opening_quote(&doc.text, t.start) {
                        entry.inner += 1;
                    }
                }
            }
        }
        // A name is capitalised where no sentence starts, and (almost) never lower case. In a
        // short text one such mention is enough if the word is always capitalised.
        let mut names: Vec<(&str, &Form)> = forms
            .iter()
            .filter(|(w, f)| {
                let enough = f.inner >= 2 || f.capitals >= 2 && f.capitals == f.any;
                enough && f.capitals * 10 >= f.any * 9 && !NOT_NAMES.contains(&w.as_str()) && w.chars().count() > 1
            })
            .map(|(w, f)| (w.as_str(), f))
            .collect();
        names.sort_by(|a, b| b.1.any.cmp(&a.1.any).then(a.0.cmp(b.0)));
        let mut cast = Cast::default();
        for (w, f) in names {
            cast.index.insert(w.to_string(), cast.names.len());
            cast.names.push(w.to_string());
            cast.counts.push(f.any);
            cast.chapters.push(f.chapters);
            cast.total += f.any;
        }
        cast
    }

    /// Names mentioned in a token sequence: (name index, text offset).
    pub fn mentions(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        tokens.iter().filter_map(|t| self.index.get(name_form(t.lower())).map(|&i| (i, t.start))).collect()
    }

    /// Share of all name mentions that are this name's.
    pub fn share(&self, name: usize) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.counts.get(name).copied().unwrap_or(0) as f32 / self.total as f32
        }
    }

    /// Whether a name is a major character: among the most mentioned, with a real share of
    /// the work (for a short text, mentioned at least twice among its top three names).
    pub fn is_prominent(&self, name: usize) -> bool {
        let count = self.counts.get(name).copied().unwrap_or(0);
        let rank = self.counts.iter().filter(|&&c| c > count).count();
        if self.total < 60 {
            count >= 2 && rank < 3
        } else {
            rank < 12 && (self.share(name) >= 0.03 || count >= 40)
        }
    }
}

fn after_opening_quote(text: &str, offset: usize) -> bool {
    text.get(..offset)
        .and_then(|s| s.trim_end().chars().last())
        .is_some_and(|c| matches!(c, '"' | '“' | '‘' | '\'' | '(' | '—'))
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Tokenizer;
    use crate::{Document, Meta, SourceFormat, SourceMap};

    #[test]
    fn finds_names_and_prominence() {
        let text = "Then Arlo walked in. She saw Arlo and Bea. Later Arlo left with Bea. The Dog barked once.";
        let doc =
            Document::from_plain_text(text.into(), SourceMap::identity("t", text.len()), Meta::new(SourceFormat::Txt));
        let cast = super::Cast::find(&doc, &mut Tokenizer::default());
        assert_eq!(cast.names, vec!["arlo", "bea"]);
        assert!(cast.is_prominent(0));
    }
}
