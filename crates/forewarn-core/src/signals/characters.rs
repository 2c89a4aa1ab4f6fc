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

use crate::lexicon::Token;
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
    /// Finds the names in a document from its sentences' tokens.
    pub fn find(doc: &Document, tokens: &[Vec<Token>]) -> Self {
        let mut capital_inner: HashMap<&str, usize> = HashMap::new();
        let mut capital_any: HashMap<&str, usize> = HashMap::new();
        let mut any_case: HashMap<&str, usize> = HashMap::new();
        for sentence_tokens in tokens {
            for (k, t) in sentence_tokens.iter().enumerate() {
                let form = name_form(&t.lower);
                any_case.entry(form).and_modify(|c| *c += 1).or_insert(1);
                let raw = doc.text.get(t.start..t.end).unwrap_or("");
                let mut chars = raw.chars();
                let capital = chars.next().is_some_and(|c| c.is_uppercase()) && chars.any(|c| c.is_lowercase());
                if capital {
                    *capital_any.entry(form).or_insert(0) += 1;
                    if k > 0 && !after_opening_quote(&doc.text, t.start) {
                        *capital_inner.entry(form).or_insert(0) += 1;
                    }
                }
            }
        }
        // A name is capitalised where no sentence starts, and (almost) never lower case. In a
        // short text one such mention is enough if the word is always capitalised.
        let mut names: Vec<(&str, usize)> = capital_any
            .iter()
            .map(|(&w, &capitals)| (w, capitals))
            .filter(|&(w, capitals)| {
                let c = capital_inner.get(w).copied().unwrap_or(0);
                let total = any_case.get(w).copied().unwrap_or(capitals);
                let enough = c >= 2 || capitals >= 2 && capitals == total;
                enough && capitals * 10 >= total * 9 && !NOT_NAMES.contains(&w) && w.chars().count() > 1
            })
            .collect();
        names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut cast = Cast::default();
        for (w, _) in names {
            cast.index.insert(w.to_string(), cast.names.len());
            cast.names.push(w.to_string());
            cast.counts.push(0);
            cast.chapters.push(0);
        }
        let mut seen_in_chapter: Vec<Option<usize>> = vec![None; cast.names.len()];
        for (sentence, sentence_tokens) in doc.sentences.iter().zip(tokens) {
            for t in sentence_tokens {
                if let Some(&i) = cast.index.get(name_form(&t.lower)) {
                    cast.counts[i] += 1;
                    cast.total += 1;
                    let chapter = sentence.chapter.unwrap_or(0);
                    if seen_in_chapter[i] != Some(chapter) {
                        seen_in_chapter[i] = Some(chapter);
                        cast.chapters[i] += 1;
                    }
                }
            }
        }
        cast
    }

    /// Names mentioned in a token sequence: (name index, text offset).
    pub fn mentions(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        tokens.iter().filter_map(|t| self.index.get(name_form(&t.lower)).map(|&i| (i, t.start))).collect()
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
        let mut t = Tokenizer::default();
        let tokens: Vec<_> = doc.sentences.iter().map(|s| t.tokens(&doc.text, s.range.start, s.range.end)).collect();
        let cast = super::Cast::find(&doc, &tokens);
        assert_eq!(cast.names, vec!["arlo", "bea"]);
        assert!(cast.is_prominent(0));
    }
}
