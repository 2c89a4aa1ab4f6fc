//! Weighted phrase lexicons (data files) and a fast matcher over stemmed words.
//!
//! A lexicon line is `WEIGHT phrase words` (weight 1 to 3). Matching is word by word on
//! Snowball English stems, so "kill" finds "killed" and "killing"; irregular forms are
//! listed in the data. All phrases of all lexicons are compiled into one Aho-Corasick
//! automaton over a stem string (" stem stem stem "), with spaces as word fences, so a
//! sentence is scanned once whatever the number of lexicons.
//!
//! A phrase written with a leading `=` (`=hanged`) matches the exact lower-case words instead
//! of stems, for forms whose stem collides with common words ("hanged" and "hanging" share
//! the stem "hang"). Exact phrases get a second automaton over the surface words.

use std::collections::HashMap;
use std::rc::Rc;

use aho_corasick::{AhoCorasick, MatchKind};
use rust_stemmers::{Algorithm, Stemmer};

/// A lexicon data file failed to parse (a bug in the shipped data, caught by tests).
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct LexiconError {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// One phrase of one lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Which lexicon (index into [`Matcher::lexicons`]).
    pub lexicon: u16,
    /// Weight 1..=3 (or the tag of an idiom lexicon, see [`parse_tagged`]).
    pub weight: f32,
    /// Number of words.
    pub words: u16,
    /// The phrase as written (shared with the cues that cite it).
    pub phrase: std::sync::Arc<str>,
}

/// A lexicon file read line by line: the entries of the lines that parse, and an error for
/// each line that does not. A bad line costs only itself: one phrase of seven words once
/// emptied a whole label's lexicon at run time.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The entries, in file order.
    pub entries: Vec<T>,
    /// The lines left out, and why.
    pub errors: Vec<LexiconError>,
}

/// Reads the lines of a lexicon file that are not blank or comments, each with `entry`.
fn parse_lines<T>(file: &str, text: &str, entry: impl Fn(&str) -> Result<T, &'static str>) -> Parsed<T> {
    let mut parsed = Parsed { entries: Vec::new(), errors: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match entry(line) {
            Ok(e) => parsed.entries.push(e),
            Err(reason) => {
                parsed.errors.push(LexiconError { file: file.to_string(), line: i + 1, reason: reason.to_string() });
            }
        }
    }
    parsed
}

/// Parses a weighted lexicon file (`WEIGHT phrase words`).
pub fn parse_weighted(file: &str, text: &str) -> Parsed<(f32, String)> {
    parse_lines(file, text, |line| {
        let (weight, phrase) = line.split_once(' ').ok_or("expected `WEIGHT phrase`")?;
        let weight: f32 = weight.parse().map_err(|_| "weight is not a number")?;
        if !(1.0..=3.0).contains(&weight) {
            return Err("weight must be 1, 2 or 3");
        }
        check_phrase(phrase)?;
        Ok((weight, phrase.to_string()))
    })
}

/// Parses a tagged file (`tag phrase words`), such as the idiom list keyed by label id.
pub fn parse_tagged(file: &str, text: &str) -> Parsed<(String, String)> {
    parse_lines(file, text, |line| {
        let (tag, phrase) = line.split_once(' ').ok_or("expected `tag phrase`")?;
        check_phrase(phrase)?;
        Ok((tag.to_string(), phrase.to_string()))
    })
}

fn check_phrase(phrase: &str) -> Result<(), &'static str> {
    let phrase = phrase.strip_prefix('=').unwrap_or(phrase);
    let words: Vec<&str> = phrase.split(' ').collect();
    if words.is_empty() || words.len() > 6 {
        return Err("a phrase has 1 to 6 words");
    }
    for w in words {
        if w.is_empty() || !w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'' || c == '-') {
            return Err("words are lower-case letters, digits, apostrophes and hyphens");
        }
    }
    Ok(())
}

/// A word of a sentence: its byte range in the document text and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Start byte in the document text.
    pub start: usize,
    /// End byte in the document text.
    pub end: usize,
    /// Lower-cased word (shared: equal words share one allocation).
    lower: Rc<str>,
    /// Snowball stem of the lower-cased word.
    stem: Rc<str>,
}

impl Token {
    /// The lower-cased word (curly apostrophes made straight).
    pub fn lower(&self) -> &str {
        &self.lower
    }

    /// Its Snowball stem.
    pub fn stem(&self) -> &str {
        &self.stem
    }
}

/// Splits text into word tokens (letters, digits, inner apostrophes and hyphens), lower-cased
/// and stemmed. Curly apostrophes count as apostrophes.
pub struct Tokenizer {
    stemmer: Stemmer,
    /// Lower-cased word -> (word, stem), so each distinct word is lower-cased, stemmed and
    /// allocated once per document.
    cache: HashMap<Box<str>, (Rc<str>, Rc<str>), FastHash>,
    buffer: String,
}

/// FNV-1a: words are short and not attacker-chosen keys into anything that matters, so a
/// fast non-cryptographic hash is the right trade here.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHash;

/// The FNV-1a hasher.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::BuildHasher for FastHash {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            cache: HashMap::with_hasher(FastHash),
            buffer: String::new(),
        }
    }
}

impl Tokenizer {
    /// Tokenizes `text[range]`; offsets are absolute in `text`.
    pub fn tokens(&mut self, text: &str, start: usize, end: usize) -> Vec<Token> {
        let Some(slice) = text.get(start..end) else { return Vec::new() };
        let mut out = Vec::new();
        let mut word_start: Option<usize> = None;
        // Peeked, not collected: a Vec of (offset, char) cost 16 bytes per character, 1 GiB
        // for one 64 MiB sentence (issue 12).
        let mut chars = slice.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let inner_joiner = matches!(c, '\'' | '’' | '-')
                && word_start.is_some()
                && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner_joiner {
                if word_start.is_none() {
                    word_start = Some(i);
                }
            } else if let Some(ws) = word_start.take() {
                out.push(self.token(slice, start, ws, i));
            }
        }
        if let Some(ws) = word_start {
            out.push(self.token(slice, start, ws, slice.len()));
        }
        out
    }

    fn token(&mut self, slice: &str, base: usize, s: usize, e: usize) -> Token {
        let raw = &slice[s..e];
        self.buffer.clear();
        if raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            self.buffer.push_str(raw);
        } else {
            self.buffer.extend(raw.chars().flat_map(char::to_lowercase).map(|c| if c == '’' { '\'' } else { c }));
        }
        let (lower, stem) = match self.cache.get(self.buffer.as_str()) {
            Some((lower, stem)) => (Rc::clone(lower), Rc::clone(stem)),
            None => {
                let lower: Rc<str> = Rc::from(self.buffer.as_str());
                let stem: Rc<str> = Rc::from(stem_word(&self.stemmer, &self.buffer));
                if self.cache.len() < 200_000 {
                    self.cache.insert(Box::from(self.buffer.as_str()), (Rc::clone(&lower), Rc::clone(&stem)));
                }
                (lower, stem)
            }
        };
        Token { start: base + s, end: base + e, lower, stem }
    }
}

/// A phrase's words as the stem automaton reads them.
fn stem_phrase(stemmer: &Stemmer, phrase: &str) -> Vec<String> {
    phrase.split(' ').map(|w| stem_word(stemmer, w)).collect()
}

fn stem_word(stemmer: &Stemmer, lower: &str) -> String {
    // Hyphenated compounds ("fifteen-year-old") are stemmed part by part.
    if lower.contains('-') {
        lower.split('-').map(|p| stemmer.stem(p).into_owned()).collect::<Vec<_>>().join("-")
    } else {
        stemmer.stem(lower).into_owned()
    }
}

/// A hit of a lexicon phrase in a token sequence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index of the entry in [`Matcher::entries`].
    pub entry: u32,
    /// First token index.
    pub first: usize,
    /// One past the last token index.
    pub last: usize,
}

/// All lexicons compiled into one automaton.
pub struct Matcher {
    /// Lexicon names in order.
    pub lexicons: Vec<String>,
    /// All entries.
    pub entries: Vec<Entry>,
    /// Automaton over stems; pattern `i` is entry `stemmed[i]`.
    automaton: AhoCorasick,
    stemmed: Vec<u32>,
    /// Automaton over exact lower-case words; pattern `i` is entry `exact[i]`.
    exact_automaton: AhoCorasick,
    exact: Vec<u32>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").field("lexicons", &self.lexicons).field("entries", &self.entries.len()).finish()
    }
}

impl Matcher {
    /// Compiles lexicons given as (name, [(weight, phrase)]).
    pub fn new(lexicons: Vec<(String, Vec<(f32, String)>)>) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut names = Vec::new();
        let mut entries = Vec::new();
        let (mut patterns, mut stemmed) = (Vec::new(), Vec::new());
        let (mut exact_patterns, mut exact) = (Vec::new(), Vec::new());
        for (index, (name, phrases)) in lexicons.into_iter().enumerate() {
            names.push(name);
            for (weight, phrase) in phrases {
                let id = entries.len() as u32;
                let words = if let Some(surface) = phrase.strip_prefix('=') {
                    exact_patterns.push(format!(" {surface} "));
                    exact.push(id);
                    surface.split(' ').count()
                } else {
                    let stems = stem_phrase(&stemmer, &phrase);
                    patterns.push(format!(" {} ", stems.join(" ")));
                    stemmed.push(id);
                    stems.len()
                };
                let phrase: std::sync::Arc<str> = std::sync::Arc::from(phrase.trim_start_matches('='));
                entries.push(Entry { lexicon: index as u16, weight, words: words as u16, phrase });
            }
        }
        let build = |patterns: &[String]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .unwrap_or_else(|_| unreachable_automaton())
        };
        Self {
            lexicons: names,
            entries,
            automaton: build(&patterns),
            stemmed,
            exact_automaton: build(&exact_patterns),
            exact,
        }
    }

    /// Index of a lexicon by name.
    pub fn lexicon(&self, name: &str) -> Option<u16> {
        self.lexicons.iter().position(|n| n == name).map(|i| i as u16)
    }

    /// Finds every phrase occurrence (overlapping) in a token sequence.
    pub fn find(&self, tokens: &[Token]) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.scan(tokens, Token::stem, &self.automaton, &self.stemmed, &mut hits);
        if !self.exact.is_empty() {
            self.scan(tokens, Token::lower, &self.exact_automaton, &self.exact, &mut hits);
            hits.sort_by_key(|h| (h.first, h.last, h.entry));
        }
        hits
    }

    fn scan(
        &self,
        tokens: &[Token],
        word: impl Fn(&Token) -> &str,
        automaton: &AhoCorasick,
        ids: &[u32],
        hits: &mut Vec<Hit>,
    ) {
        let mut hay = String::with_capacity(tokens.len() * 8 + 2);
        // starts[k] = byte offset in `hay` of the space before token k.
        let mut starts = Vec::with_capacity(tokens.len() + 1);
        hay.push(' ');
        for t in tokens {
            starts.push(hay.len() - 1);
            hay.push_str(word(t));
            hay.push(' ');
        }
        starts.push(hay.len() - 1);
        for m in automaton.find_overlapping_iter(hay.as_str()) {
            let Some(&entry) = ids.get(m.pattern().as_usize()) else { continue };
            let Ok(first) = starts.binary_search(&m.start()) else { continue };
            let words = self.entries.get(entry as usize).map_or(1, |e| e.words as usize);
            hits.push(Hit { entry, first, last: first + words });
        }
    }
}

fn unreachable_automaton() -> AhoCorasick {
    // Building an automaton from no patterns cannot fail; this exists only to avoid a panic path.
    #[allow(clippy::expect_used)]
    AhoCorasick::new([" "]).expect("a single-pattern automaton always builds")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_inflections_and_phrases() {
        let m = Matcher::new(vec![("death".into(), vec![(3.0, "kill".into()), (2.0, "stab to death".into())])]);
        let mut t = Tokenizer::default();
        let text = "He killed her; then he was stabbed to death.";
        let tokens = t.tokens(text, 0, text.len());
        let hits = m.find(&tokens);
        let phrases: Vec<&str> = hits.iter().map(|h| &*m.entries[h.entry as usize].phrase).collect();
        assert_eq!(phrases, vec!["kill", "stab to death"]);
        assert_eq!(&text[tokens[hits[1].first].start..tokens[hits[1].last - 1].end], "stabbed to death");
    }

    #[test]
    fn exact_phrases_match_surface_forms_only() {
        let m = Matcher::new(vec![("death".into(), vec![(3.0, "=hanged".into())])]);
        let mut t = Tokenizer::default();
        let text = "They hanged him. The picture was hanging.";
        let hits = m.find(&t.tokens(text, 0, text.len()));
        assert_eq!(hits.len(), 1);
        assert_eq!(&*m.entries[hits[0].entry as usize].phrase, "hanged");
    }

    #[test]
    fn words_are_fenced() {
        let m = Matcher::new(vec![("x".into(), vec![(1.0, "art".into())])]);
        let mut t = Tokenizer::default();
        let text = "She started a party.";
        assert!(m.find(&t.tokens(text, 0, text.len())).is_empty());
    }

    #[test]
    fn curly_apostrophes_and_hyphens() {
        let mut t = Tokenizer::default();
        let text = "I don’t know the fifteen-year-old.";
        let lowers: Vec<String> = t.tokens(text, 0, text.len()).into_iter().map(|t| t.lower().to_string()).collect();
        assert_eq!(lowers, vec!["i", "don't", "know", "the", "fifteen-year-old"]);
    }

    #[test]
    fn joiners_at_the_edges_of_a_range_do_not_join() {
        let mut t = Tokenizer::default();
        // A trailing joiner has nothing after it; a range ending mid-text must not peek past it.
        let text = "well- 'tis rock-n-roll o’clock x-ray-";
        let lowers: Vec<String> = t.tokens(text, 0, text.len()).into_iter().map(|t| t.lower().to_string()).collect();
        assert_eq!(lowers, vec!["well", "tis", "rock-n-roll", "o'clock", "x-ray"]);
        let spans: Vec<(usize, usize)> = t.tokens(text, 0, 8).iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(spans, vec![(0, 4), (7, 8)]);
    }

    /// Issue 12: one sentence as long as a whole work still tokenizes, word for word.
    #[test]
    fn one_very_long_sentence_tokenizes() {
        let mut t = Tokenizer::default();
        let text = "word, ".repeat(200_000);
        let tokens = t.tokens(&text, 0, text.len());
        assert_eq!(tokens.len(), 200_000);
        assert_eq!(tokens.last().map(|t| (t.start, t.end)), Some((text.len() - 6, text.len() - 2)));
    }

    #[test]
    fn a_bad_line_is_left_out_alone_and_named() {
        let text = "# comment\n2 kicked the dog\n3 one two three four five six seven\nx weightless\n\n1 stray\n";
        let parsed = parse_weighted("animal-cruelty", text);
        assert_eq!(parsed.entries, vec![(2.0, "kicked the dog".to_string()), (1.0, "stray".to_string())]);
        let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            vec!["animal-cruelty:3: a phrase has 1 to 6 words", "animal-cruelty:4: weight is not a number"]
        );
        let tagged = parse_tagged("idioms", "death dead tired\nnotag\n");
        assert_eq!(tagged.entries, vec![("death".to_string(), "dead tired".to_string())]);
        assert_eq!(tagged.errors.len(), 1);
    }

    #[test]
    fn shipped_lexicons_parse() {
        for (name, text) in crate::data::LEXICONS.iter().chain(crate::data::SIGNALS.iter()) {
            let errors =
                if *name == "idioms" { parse_tagged(name, text).errors } else { parse_weighted(name, text).errors };
            assert!(errors.is_empty(), "{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
        }
    }

    /// A sentence's cues for a label add up, so two lines of one lexicon that one phrase hits
    /// give it both weights: "2 insanity" and "1 insane" share the stem "insan", and together
    /// they made every form of the word weigh 3. A stemmed line finds every form of its words,
    /// so another line with the same stems (stemmed, or an exact form of them) says nothing
    /// new; two exact lines clash only when they are the same words. (A signal takes its
    /// strongest cue, so in a signal file a second line is dead weight, or a second weight for
    /// one phrase.)
    #[test]
    fn no_phrase_hits_two_lines_of_one_lexicon() {
        let stemmer = Stemmer::create(Algorithm::English);
        let weighted_signals = crate::data::SIGNALS.iter().filter(|(name, _)| *name != "idioms");
        for (name, text) in crate::data::LEXICONS.iter().chain(weighted_signals) {
            let mut by_stems: HashMap<Vec<String>, Vec<String>> = HashMap::new();
            for (_, phrase) in parse_weighted(name, text).entries {
                by_stems.entry(stem_phrase(&stemmer, phrase.trim_start_matches('='))).or_default().push(phrase);
            }
            // Lines with one key clash unless they are distinct exact forms.
            let mut clashes: Vec<&Vec<String>> = by_stems
                .values()
                .filter(|lines| {
                    let exact: std::collections::BTreeSet<&String> =
                        lines.iter().filter(|p| p.starts_with('=')).collect();
                    lines.len() > 1 && exact.len() < lines.len()
                })
                .collect();
            clashes.sort();
            assert!(clashes.is_empty(), "{name}: lines one phrase hits alike: {clashes:?}");
        }
    }
}
