//! Signal detectors: cheap, explainable facts about each sentence that scene reasoning
//! combines. One detector per file; each documents What it detects / Why / Example /
//! Limitations.
//!
//! All lexicons (content labels and signals) are compiled into one [`Matcher`], so each
//! sentence is tokenized and scanned once; detectors then read the hits that concern them.
//! Detectors cannot fail: odd input yields no signal.

pub mod age;
pub mod animal;
pub mod characters;
pub mod context;
pub mod death;
pub mod dialogue;
pub mod force;
pub mod intensity;
pub mod lexical;
mod senses;
pub mod sexual;

use std::collections::HashMap;

use crate::lexicon::{parse_tagged, parse_weighted, Hit, Matcher, Token, Tokenizer};
use crate::{Document, TextRange};

/// A content-label cue found in a sentence, with its context applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// Index of the label in the taxonomy.
    pub label: usize,
    /// Lexicon weight (1..3).
    pub base: f32,
    /// Weight after negation, hypothetical, game and frame discounts.
    pub weight: f32,
    /// The words matched.
    pub range: TextRange,
    /// The phrase as written in the lexicon.
    pub phrase: std::sync::Arc<str>,
    /// Under a negation ("didn't kill").
    pub negated: bool,
    /// A one-word cue used as a noun after a determiner ("the rape", "his death"): talk
    /// about the event rather than the event.
    pub noun_mention: bool,
}

/// Everything the detectors found in one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceSignals {
    /// Content-label cues.
    pub cues: Vec<Cue>,
    /// Strongest refusal (0..3), in speech or narration.
    pub refusal: f32,
    /// Whether the refusal sits in playful context (laughter, a game).
    pub playful: bool,
    /// Strongest laughter cue (0..3): "laughing" and "giggled" are 3, a smile 1.
    pub laughter: f32,
    /// Strongest consent or enthusiasm cue (0..3), including "don't stop".
    pub consent: f32,
    /// Safeword mechanics (0..3).
    pub safeword: f32,
    /// The refused act stops (0..3).
    pub honour: f32,
    /// The act continues despite objection (0..3).
    pub continuation: f32,
    /// Force or restraint (0..3).
    pub force: f32,
    /// Incapacitation (0..3).
    pub incapacitation: f32,
    /// Sexual activity level: 0 none, 1 implied, 2 non-explicit, 3 explicit.
    pub sexual: u8,
    /// A bed or bedroom is the setting (context for force and refusals, not sex itself).
    pub bedroom: bool,
    /// The sentence recalls the past (backstory, memory, therapy).
    pub backstory: bool,
    /// The sentence is in the past perfect ("had assaulted", "had been"): earlier than the
    /// story's now, though not always backstory.
    pub pluperfect: bool,
    /// The sentence is hypothetical, conditional or a question.
    pub hypothetical: bool,
    /// All that makes it hypothetical is a likeness ("as if"): "He carried on as if nothing
    /// had happened" tells that he carried on.
    pub likeness: bool,
    /// The sentence tells a belief, an inference or hearsay ("has evidently died", "they say
    /// she died"), or gives an order or a wish ("Let the Secretary die."): what it tells may
    /// not have happened.
    pub hedged: bool,
    /// Game, sport or fiction-within-fiction frame (0..3), from this or nearby sentences.
    pub game: f32,
    /// Clinical, academic or historical frame (0..3).
    pub frame: f32,
    /// A death is undone or unreal (revived, a dream).
    pub reversal: bool,
    /// Whose, where the reversal says so with a pronoun ("brought her back"): only a
    /// character of that gender is revived.
    pub reversal_of: Option<characters::Gender>,
    /// Graphic bodily detail (0..3).
    pub gore: f32,
    /// Profanity (0..3).
    pub profanity: f32,
    /// Strongest cue that a character here is a minor (0..3); see [`age`].
    pub minor: f32,
    /// A stated age under 18 in the present of the story, if any.
    pub stated_minor_age: Option<u8>,
    /// Strongest cue that a character here is an adult (0..3).
    pub adult: f32,
    /// A death happens here (a strong, undiscounted death cue).
    pub death_event: f32,
    /// The word that refers to whoever dies, right before the death cue ("she died", "my
    /// wife stopped breathing"), to be resolved to a name nearby.
    pub death_referent: Option<death::Referent>,
    /// Every death cue here is a noun ("the death of Sir Charles", "it is murder"): a death
    /// talked about as a thing, not one happening.
    pub death_nominal: bool,
    /// Labels (taxonomy indices) whose words here are a figure or another sense ("my phone
    /// died", "career suicide", "tortured by doubt"): no cue (or a tenth of one), but the words
    /// were the label's.
    pub figures: Vec<usize>,
    /// Characters mentioned: (index into [`characters::Cast::names`], text offset).
    pub characters: Vec<(usize, usize)>,
}

impl SentenceSignals {
    /// Whether words of `label` here were read as a figure or another sense.
    pub fn figured(&self, label: Option<usize>) -> bool {
        label.is_some_and(|l| self.figures.contains(&l))
    }

    /// Notes that words of `label` here were read as a figure or another sense.
    pub fn add_figure(&mut self, label: usize) {
        if !self.figures.contains(&label) {
            self.figures.push(label);
        }
    }
}

/// The compiled lexicons.
#[derive(Debug)]
pub struct Lexicons {
    pub(crate) matcher: Matcher,
    pub(crate) idioms: Matcher,
    /// Lexicon index -> taxonomy label index, for content lexicons.
    pub(crate) label_of: Vec<Option<usize>>,
    /// Lexicon index -> signal kind, for signal lexicons.
    pub(crate) signal_of: Vec<Option<Signal>>,
}

/// Kinds of signal lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// Adult markers.
    Adult,
    /// Minor markers.
    Age,
    /// Backstory markers.
    Backstory,
    /// A bed or bedroom as the setting.
    Bedroom,
    /// Consent.
    Consent,
    /// Continuation despite objection.
    Continuation,
    /// Force and restraint.
    Force,
    /// Clinical / academic frame.
    Frame,
    /// Game / fiction frame.
    Game,
    /// Gore.
    Gore,
    /// Honoured refusal.
    Honour,
    /// Incapacitation.
    Incapacitation,
    /// Laughter and play.
    Laughter,
    /// Refusal told in narration.
    NarratedRefusal,
    /// Profanity.
    Profanity,
    /// Refusal in speech.
    Refusal,
    /// Death reversal.
    Reversal,
    /// Safeword mechanics.
    Safeword,
    /// Sexual activity.
    Sexual,
}

impl Signal {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "adult" => Self::Adult,
            "age" => Self::Age,
            "backstory" => Self::Backstory,
            "bedroom" => Self::Bedroom,
            "consent" => Self::Consent,
            "continuation" => Self::Continuation,
            "force" => Self::Force,
            "frame" => Self::Frame,
            "game" => Self::Game,
            "gore" => Self::Gore,
            "honour" => Self::Honour,
            "incapacitation" => Self::Incapacitation,
            "laughter" => Self::Laughter,
            "narrated_refusal" => Self::NarratedRefusal,
            "profanity" => Self::Profanity,
            "refusal" => Self::Refusal,
            "reversal" => Self::Reversal,
            "safeword" => Self::Safeword,
            "sexual" => Self::Sexual,
            _ => return None,
        })
    }
}

impl Lexicons {
    /// Compiles the shipped lexicons plus any extra labelled lexicons (user-defined labels
    /// are appended to the taxonomy by the caller; `extra` maps their label index to phrases).
    pub fn shipped() -> Self {
        Self::with_custom(&[])
    }

    /// The shipped lexicons plus user-defined labels, whose label indices follow the
    /// taxonomy's (`taxonomy().labels.len() + k` for `custom[k]`).
    pub fn with_custom(custom: &[crate::custom::CustomLabel]) -> Self {
        let taxonomy = crate::taxonomy();
        let mut lexicons = Vec::new();
        let mut label_of = Vec::new();
        let mut signal_of = Vec::new();
        for (name, text) in crate::data::LEXICONS {
            lexicons.push((name.to_string(), parse_weighted(name, text).entries));
            label_of.push(taxonomy.index(name));
            signal_of.push(None);
        }
        for (k, label) in custom.iter().enumerate() {
            lexicons.push((format!("custom:{}", label.id), label.lexicon()));
            label_of.push(Some(taxonomy.labels.len() + k));
            signal_of.push(None);
        }
        let mut idioms = Vec::new();
        for (name, text) in crate::data::SIGNALS {
            if *name == "idioms" {
                idioms = parse_tagged(name, text).entries;
                continue;
            }
            lexicons.push((name.to_string(), parse_weighted(name, text).entries));
            label_of.push(None);
            signal_of.push(Signal::from_name(name));
        }
        // Idioms: one lexicon per label they suppress; the weight field is unused.
        let mut by_label: HashMap<String, Vec<(f32, String)>> = HashMap::new();
        for (label, phrase) in idioms {
            by_label.entry(label).or_default().push((1.0, phrase));
        }
        let mut idiom_lexicons: Vec<(String, Vec<(f32, String)>)> = by_label.into_iter().collect();
        idiom_lexicons.sort_by(|a, b| a.0.cmp(&b.0));
        Self { matcher: Matcher::new(lexicons), idioms: Matcher::new(idiom_lexicons), label_of, signal_of }
    }
}

/// What detectors see of one sentence.
pub struct SentenceView<'a> {
    /// The document text.
    pub text: &'a str,
    /// The sentence range.
    pub range: TextRange,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// Lexicon hits.
    pub hits: &'a [Hit],
    /// Idiom hits.
    pub idiom_hits: &'a [Hit],
    /// For each token, whether it is inside quotation marks.
    pub quoted: &'a [bool],
    /// The lexicons.
    pub lexicons: &'a Lexicons,
}

impl SentenceView<'_> {
    /// Token `k` lower-cased, or "" past the end of the sentence.
    pub fn lower(&self, k: usize) -> &str {
        self.tokens.get(k).map_or("", |t| t.lower())
    }

    /// Token `k` as written, or "" past the end of the sentence.
    pub fn word(&self, k: usize) -> &str {
        self.tokens.get(k).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
    }

    /// Whether token `k` is written with a capital first letter.
    pub fn capitalised(&self, k: usize) -> bool {
        self.word(k).starts_with(char::is_uppercase)
    }

    /// The text between token `k` and the next ("" after the last).
    pub fn gap(&self, k: usize) -> &str {
        gap(self.text, self.tokens, k)
    }

    /// Whether an idiom tagged `tag` overlaps a hit ("groping her way" for `sexual`).
    pub fn idiom_covers(&self, hit: &Hit, tag: &str) -> bool {
        self.idiom_hits.iter().any(|h| {
            let tagged = self
                .lexicons
                .idioms
                .entries
                .get(h.entry as usize)
                .and_then(|e| self.lexicons.idioms.lexicons.get(e.lexicon as usize))
                .is_some_and(|t| t == tag);
            tagged && h.first < hit.last && hit.first < h.last
        })
    }

    /// The signal kind of a hit, if it is from a signal lexicon.
    pub fn signal(&self, hit: &Hit) -> Option<Signal> {
        let entry = self.lexicons.matcher.entries.get(hit.entry as usize)?;
        self.lexicons.signal_of.get(entry.lexicon as usize).copied().flatten()
    }

    /// The weight of a hit.
    pub fn weight(&self, hit: &Hit) -> f32 {
        self.lexicons.matcher.entries.get(hit.entry as usize).map_or(0.0, |e| e.weight)
    }

    /// The strongest hit of a signal kind, with the hit.
    pub fn strongest(&self, kind: Signal) -> f32 {
        self.hits.iter().filter(|h| self.signal(h) == Some(kind)).map(|h| self.weight(h)).fold(0.0, f32::max)
    }

    /// Whether a hit ("hand over her mouth") is someone's gesture at their own body: "her
    /// hand over her mouth", "both hands over his mouth" (shock or laughter), not a hand
    /// silencing someone else.
    pub fn own_gesture(&self, hit: &Hit) -> bool {
        const POSSESSIVES: &[&str] = &["her", "his", "my", "their", "your"];
        let before = hit.first.checked_sub(1).and_then(|k| self.tokens.get(k)).map(|t| t.lower());
        let owner = (hit.first..hit.last)
            .filter_map(|k| self.tokens.get(k))
            .map(|t| t.lower())
            .find(|w| POSSESSIVES.contains(w));
        match before {
            Some("both") => true,
            Some(p) if POSSESSIVES.contains(&p) => owner.is_none_or(|o| o == p),
            _ => false,
        }
    }

    /// The text range of a hit.
    pub fn hit_range(&self, hit: &Hit) -> TextRange {
        let start = self.tokens.get(hit.first).map_or(self.range.start, |t| t.start);
        let end = self.tokens.get(hit.last.saturating_sub(1)).map_or(self.range.end, |t| t.end);
        TextRange::new(start, end)
    }
}

/// The lexical pass alone: tokenize and stem every sentence and find every lexicon phrase
/// (for benchmarks; [`analyze_sentences`] does this and then runs the detectors). Returns
/// the number of hits.
pub fn lexical_pass(doc: &Document, lexicons: &Lexicons) -> usize {
    let mut tokenizer = Tokenizer::default();
    doc.sentences
        .iter()
        .map(|s| lexicons.matcher.find(&tokenizer.tokens(&doc.text, s.range.start, s.range.end)).len())
        .sum()
}

/// The text between token `k` and the next ("" after the last).
fn gap<'t>(text: &'t str, tokens: &[Token], k: usize) -> &'t str {
    match (tokens.get(k), tokens.get(k + 1)) {
        (Some(t), Some(next)) => text.get(t.end..next.start).unwrap_or(""),
        _ => "",
    }
}

/// Whether the text between two words ends a clause: a comma, semicolon, colon, bracket or
/// dash.
pub fn breaks_clause(gap: &str) -> bool {
    gap.contains([',', ';', ':', '(', ')', '—', '–']) || gap.contains(" - ")
}

/// Whether a phrase hit of several tokens has a clause break between two of its words.
fn spans_clause_break(text: &str, tokens: &[Token], hit: &Hit) -> bool {
    (hit.first..hit.last.min(tokens.len()).saturating_sub(1)).any(|k| breaks_clause(gap(text, tokens, k)))
}

/// Runs every detector over every sentence of a document.
pub fn analyze_sentences(doc: &Document, lexicons: &Lexicons) -> (Vec<SentenceSignals>, characters::Cast) {
    let mut tokenizer = Tokenizer::default();
    let quotes = dialogue::QuoteMap::new(doc);
    let mut all = Vec::with_capacity(doc.sentences.len());
    let cast = characters::Cast::find(doc, &mut tokenizer);
    for sentence in &doc.sentences {
        let tokens = &tokenizer.tokens(&doc.text, sentence.range.start, sentence.range.end);
        let mut hits = lexicons.matcher.find(tokens);
        let mut idiom_hits = lexicons.idioms.find(tokens);
        // A phrase is read within a clause: "slept, with heads bowed" is no "slept with".
        let within_clause = |h: &Hit| !spans_clause_break(&doc.text, tokens, h);
        hits.retain(within_clause);
        idiom_hits.retain(within_clause);
        let quoted: Vec<bool> = tokens.iter().map(|t| quotes.is_quoted(t.start)).collect();
        let view = SentenceView {
            text: &doc.text,
            range: sentence.range,
            tokens,
            hits: &hits,
            idiom_hits: &idiom_hits,
            quoted: &quoted,
            lexicons,
        };
        let mut s = SentenceSignals::default();
        context::detect(&view, &mut s);
        lexical::detect(&view, &mut s);
        dialogue::detect(&view, &mut s);
        sexual::detect(&view, &mut s);
        force::detect(&view, &mut s);
        age::detect(&view, &mut s);
        intensity::detect(&view, &mut s);
        s.characters = cast.mentions(tokens);
        // A name spoken to ("Put the case, Pip, that ...") is not who the sentence is about.
        s.characters.retain(|&(_, at)| {
            let k = tokens.iter().position(|t| t.start == at);
            !k.is_some_and(|k| quoted[k] && characters::spoken_to(&doc.text, &tokens[k]))
        });
        death::detect(&view, &mut s);
        animal::detect(&view, &mut s);
        // Kept for the whole work: hold exactly what was found (a vector grown by `collect`
        // reserves room for four mentions).
        s.characters.shrink_to_fit();
        s.cues.shrink_to_fit();

        all.push(s);
    }
    context::spread_frames(doc, &mut all);
    lexical::apply_frames(&mut all);
    lexical::carry_figures(doc, &mut all);
    death::finalize(&mut all);
    death::pet_deaths(&mut all, &cast);
    (all, cast)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::{Document, Meta, SourceFormat, SourceMap};

    /// Signals of each sentence of a short text.
    pub fn signals(text: &str) -> Vec<SentenceSignals> {
        let doc = Document::from_plain_text(
            text.to_string(),
            SourceMap::identity("t", text.len()),
            Meta::new(SourceFormat::Txt),
        );
        let lexicons = Lexicons::shipped();
        analyze_sentences(&doc, &lexicons).0
    }

    /// Label index by id.
    pub fn label(id: &str) -> usize {
        crate::taxonomy().index(id).unwrap_or(usize::MAX)
    }

    /// The strongest cue weight for label `id` in a short text (0 without one).
    pub fn cue_weight(text: &str, id: &str) -> f32 {
        let id = label(id);
        signals(text).iter().flat_map(|s| s.cues.iter()).filter(|c| c.label == id).map(|c| c.weight).fold(0.0, f32::max)
    }
}
