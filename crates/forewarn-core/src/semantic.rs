//! The semantic layer: per-label heads over sentence-model embeddings of short windows.
//!
//! What: a document's sentences are grouped into windows of about [`WINDOW_WORDS`] words
//! (2–6 sentences, never across a chapter). Each window gets, per label, two lexical features
//! from the engine's cues; windows the transformer embeds also get a unit vector. A head per
//! label (logistic regression over the vector and the two lexical features) gives the window a
//! probability; a label's semantic score is its best window's.
//!
//! Why: lexical cues miss what fiction says without the words and over-fire on words used
//! innocently. A sentence model reads the window as a whole.
//!
//! Cascade: the transformer is slow on a laptop CPU, so a long work is not embedded whole.
//! Every window gets a cheap static embedding (distilled from the model: see forewarn-embed)
//! and cheap heads trained on those; only the windows with the highest cheap margin over any
//! label's threshold, up to [`BUDGET`] words in all, go through the transformer. Works of at
//! most [`BUDGET`] words are embedded whole.
//!
//! The [`Encoder`] that produces vectors is supplied from outside (the `forewarn-embed` crate),
//! so this module stays free of I/O. Heads are data (`data/heads.json`), made by
//! `forewarn train` with [`train_head`]: deterministic (fixed start, fixed iterations).
//!
//! A long work is also read whole by the cheap heads alone: per label, the mean margin of its
//! best windows ([`StaticReading`]), which the reading bars of the calibration turn into
//! warnings.
//!
//! Limitations: a window of a long work that the cheap pass ranks low is never read by the
//! transformer; the static reading sees it, but a static vector reads the topic more than the
//! act (a novel about wives and governesses reads as sexism).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::scene::{CONSENT_FEATURES, INJURY_FEATURES};
use crate::Document;

/// A window closes once it holds this many words.
pub const WINDOW_WORDS: usize = 100;
/// A window closes once it holds this many sentences.
pub const WINDOW_SENTENCES: usize = 6;
/// The most words of one document the transformer reads (whole windows, most suspicious
/// first): about 1,300 tokens, under a second on a 2-core laptop CPU. On the six novels the
/// warnings are the same at 1,000 and 1,500 words and with every window embedded.
pub const BUDGET: usize = 1_000;

/// Produces sentence-model vectors. Implemented outside the core (the model lives on disk).
pub trait Encoder: Send + Sync {
    /// Stable id of the model, shown in reports.
    fn id(&self) -> String;
    /// Transformer embeddings (unit vectors), one per text, in order.
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String>;
    /// Cheap static embeddings (unit vectors), one per text, in order.
    fn encode_static(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String>;
    /// Gets ready now (loads weights) rather than on first use.
    fn prepare(&self) -> Result<(), String> {
        Ok(())
    }
}

/// One window of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Sentence indices.
    pub sentences: Range<usize>,
    /// Per taxonomy label: `[ln(1 + cue sum), strongest sentence / 3]` (zero for the archive
    /// warnings, which have no lexicon; their heads read the vector, and Rape/Non-Con's the
    /// consent features).
    pub lexical: Vec<[f32; 2]>,
    /// The transformer's vector, when the cascade chose this window.
    pub embedding: Option<Vec<f32>>,
    /// The cheap static vector.
    pub static_vector: Option<Vec<f32>>,
    /// The static vector of each sentence, for windows that were embedded (evidence ranking).
    pub sentence_static: Vec<Vec<f32>>,
    /// What the window says about consent ([`crate::scene::consent_features`]), read by the
    /// heads trained with it (Rape/Non-Con's) after the lexical features.
    pub consent: [f32; CONSENT_FEATURES],
    /// What the window says about injury ([`crate::scene::injury_features`]), read by the
    /// Graphic Depictions Of Violence heads after the lexical features.
    pub injury: [f32; INJURY_FEATURES],
    /// Every sentence is recalled or hypothetical.
    pub recalled: bool,
    /// Some sentence has graphic gore.
    pub gore: bool,
    /// Whom a death read here could be, and whether its words are a death at all.
    pub death: crate::scene::DeathFrame,
    /// Labels whose words here are all figures ([`crate::scene::figurative_labels`]).
    pub figurative: Vec<usize>,
}

/// Calibration-free semantic data of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SemanticRaw {
    /// The windows, in order.
    pub windows: Vec<Window>,
    /// The encoder's id.
    pub encoder: String,
    /// Why the encoder failed on this document, if it did (the lexical engine still ran).
    pub error: Option<String>,
    /// A long work's static reading of each label with a cheap head, by taxonomy index.
    pub readings: BTreeMap<usize, StaticReading>,
}

/// How many of a long work's windows a label's [`StaticReading`] averages: a label a reader
/// warns for is told in a few scenes, so the best windows, not all, carry it; a handful
/// rests on one passage's luck.
pub const READING_TOP: usize = 20;
/// The fewest words of a window a [`StaticReading`] reads, and of a sentence it shows as
/// evidence: a chapter's title ("Wives and Daughters") or a cry ("Hai, child!") is one topic
/// word, which a static vector reads as the whole topic; the heads learned from passages.
pub const READING_MIN_WORDS: usize = 30;
/// The fewest words of a sentence a [`StaticReading`] shows as evidence (see
/// [`READING_MIN_WORDS`]).
pub const READING_MIN_SENTENCE_WORDS: usize = 8;
/// The windows of a [`StaticReading`] kept as places.
pub const READING_PLACES: usize = 10;
/// The windows of a [`StaticReading`] whose best sentence is evidence.
pub const READING_EVIDENCE: usize = 3;

/// What the distilled static model reads of one label over every window of a long work: the
/// transformer reads only [`BUDGET`] words of it, the static vectors all of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaticReading {
    /// The mean margin (logits over its threshold, vector alone) of the label's cheap head
    /// on the work's [`READING_TOP`] best windows.
    pub measure: f32,
    /// Its best windows (sentence ranges), at least a hundredth of the work apart, best
    /// first; at most [`READING_PLACES`].
    pub windows: Vec<Range<usize>>,
    /// The sentence the cheap head likes most in each of the first [`READING_EVIDENCE`]
    /// windows, with its probability.
    pub evidence: Vec<(usize, f32)>,
}

/// The best windows of one label from each window's margin (not finite: a window not read):
/// the [`READING_TOP`] mean, and the best windows at least `apart` windows from each other
/// (best first, at most [`READING_PLACES`]). `None` without windows read.
pub fn best_windows(margins: &[f32], apart: usize) -> Option<(f32, Vec<usize>)> {
    let mut order: Vec<usize> = (0..margins.len()).filter(|&i| margins[i].is_finite()).collect();
    if order.is_empty() {
        return None;
    }
    order.sort_by(|&a, &b| margins[b].total_cmp(&margins[a]).then(a.cmp(&b)));
    let top = order.len().min(READING_TOP);
    let measure = order[..top].iter().map(|&i| margins[i]).sum::<f32>() / top as f32;
    let mut chosen: Vec<usize> = Vec::with_capacity(READING_PLACES);
    for &i in &order {
        if chosen.iter().all(|&c| c.abs_diff(i) >= apart) {
            chosen.push(i);
            if chosen.len() == READING_PLACES {
                break;
            }
        }
    }
    Some((measure, chosen))
}

/// The features a head reads beside a vector: a label's two lexical features, then the
/// window's injury features for Graphic Depictions Of Violence, its consent features for
/// every other label. A head uses as many as it was trained with (most: the two lexical ones;
/// see [`feature_count`]).
pub type Features = [f32; 2 + CONSENT_FEATURES];

const _: () = assert!(INJURY_FEATURES <= CONSENT_FEATURES);

/// How many of [`Features`] the heads of a label read: the scene features where the vector
/// alone cannot tell (an ignored refusal from an honoured one; a wound from a figure of
/// speech), else the two lexical ones.
pub fn feature_count(id: &str) -> usize {
    match id {
        "rape-non-con" => 2 + CONSENT_FEATURES,
        GRAPHIC_VIOLENCE => 2 + INJURY_FEATURES,
        _ => 2,
    }
}

const GRAPHIC_VIOLENCE: &str = "graphic-violence";

impl Window {
    /// The features for `label` (see [`Features`]).
    pub fn features(&self, label: usize) -> Features {
        static GV: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
        let mut out = [0.0; 2 + CONSENT_FEATURES];
        let lexical = self.lexical.get(label).copied().unwrap_or_default();
        out[..2].copy_from_slice(&lexical);
        if *GV.get_or_init(|| crate::taxonomy().index(GRAPHIC_VIOLENCE)) == Some(label) {
            out[2..2 + INJURY_FEATURES].copy_from_slice(&self.injury);
        } else {
            out[2..].copy_from_slice(&self.consent);
        }
        out
    }
}

impl SemanticRaw {
    /// Windows with a transformer vector.
    pub fn embedded(&self) -> impl Iterator<Item = (usize, &Window, &[f32])> {
        self.windows.iter().enumerate().filter_map(|(i, w)| w.embedding.as_deref().map(|e| (i, w, e)))
    }
}

/// A logistic head: p = σ(w · [vector, features] + b), where the features are the first of
/// [`Features`] that it has weights for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    /// Weights: the vector's dimensions, then the features it reads (two lexical ones, and for
    /// a head trained with them the consent features).
    pub weights: Vec<f32>,
    /// Intercept.
    pub bias: f32,
    /// Decision threshold on the probability (chosen on held-out folds).
    pub threshold: f32,
    /// Training examples (positives, negatives).
    pub examples: (usize, usize),
}

impl Head {
    /// The probability for a vector and features (see [`Features`]; extra ones are ignored,
    /// missing ones count as zero).
    pub fn probability(&self, vector: &[f32], features: &[f32]) -> f32 {
        sigmoid(self.logit(vector, features))
    }

    fn logit(&self, vector: &[f32], features: &[f32]) -> f32 {
        let dot: f32 = self.weights.iter().zip(vector).map(|(w, x)| w * x).sum();
        dot + self.features_logit(vector.len(), features) + self.bias
    }

    /// What `features` add to the logit beside a vector of `dim` dimensions.
    fn features_logit(&self, dim: usize, features: &[f32]) -> f32 {
        self.weights.get(dim..).unwrap_or_default().iter().zip(features).map(|(w, x)| w * x).sum()
    }

    /// How far above (positive) or below its threshold a probability is, in logits.
    pub fn margin(&self, vector: &[f32], features: &[f32]) -> f32 {
        self.logit(vector, features) - logit(self.threshold)
    }

    /// [`Head::margin`] of a vector with and without `features` (one pass over the vector).
    pub fn margins(&self, vector: &[f32], features: &[f32]) -> (f32, f32) {
        let alone = self.margin(vector, &[]);
        (alone + self.features_logit(vector.len(), features), alone)
    }
}

/// The shipped heads (`data/heads.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Heads {
    /// Format version.
    pub version: u32,
    /// How they were made.
    pub provenance: String,
    /// The encoder they were trained for.
    pub encoder: String,
    /// Heads over transformer vectors, by label id.
    pub window: BTreeMap<String, Head>,
    /// Heads over static vectors (the cascade's cheap pass), by label id.
    pub cheap: BTreeMap<String, Head>,
    /// Sense checks, by label id: heads over transformer vectors alone, without the lexical
    /// features, for the labels where such a check served on the training folds (see
    /// [`verdict`]; the threshold is the check's bar). A window head leans on its cue words,
    /// so alone it takes "loud sound of any kind is indescribable torture to me" or "that
    /// would be career suicide" for the thing itself; a head that reads only what the window
    /// means does not.
    #[serde(default)]
    pub alone: BTreeMap<String, Head>,
}

impl Heads {
    /// The heads shipped with this build.
    pub fn shipped() -> Self {
        serde_json::from_str(crate::data::HEADS).unwrap_or_default()
    }
}

/// Groups sentences into windows (see [`WINDOW_WORDS`]).
pub fn windows(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut words = 0;
    for (i, sentence) in doc.sentences.iter().enumerate() {
        if i > start && sentence.chapter != doc.sentences[start].chapter {
            out.push(start..i);
            start = i;
            words = 0;
        }
        words += doc.slice(sentence.range).split_whitespace().count();
        if words >= WINDOW_WORDS || i + 1 - start >= WINDOW_SENTENCES {
            out.push(start..i + 1);
            start = i + 1;
            words = 0;
        }
    }
    if start < doc.sentences.len() {
        out.push(start..doc.sentences.len());
    }
    out
}

/// The text of a range of sentences, as the model reads it.
pub fn window_text(doc: &Document, sentences: Range<usize>) -> String {
    let mut text = String::new();
    for sentence in &doc.sentences[sentences] {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(doc.slice(sentence.range).trim());
    }
    text
}

/// Which windows the transformer should embed: all of them when their `words` add up to at
/// most `budget` (normally [`BUDGET`]), else, in order of cheap margin (ties to the earlier
/// window), each window that still fits in the budget. Returned in document order.
pub fn select(cheap_margins: &[f32], words: &[usize], budget: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cheap_margins.len()).collect();
    if words.iter().sum::<usize>() <= budget {
        return order;
    }
    order.sort_by(|&a, &b| cheap_margins[b].total_cmp(&cheap_margins[a]).then(a.cmp(&b)));
    let mut spent = 0;
    order.retain(|&i| {
        let fits = spent + words[i] <= budget;
        if fits {
            spent += words[i];
        }
        fits
    });
    order.sort_unstable();
    order
}

/// Windows of a short work: up to this many, a head's threshold applies as trained (on
/// passages of a window or two); beyond, see [`verdict`].
pub const SHORT_WORK_WINDOWS: usize = 4;

/// A label's semantic verdict on a document.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelVerdict {
    /// The best window's probability.
    pub score: f32,
    /// Reached the head's threshold.
    pub flagged: bool,
    /// Evidence sentences, in order.
    pub evidence: Vec<usize>,
    /// Every evidence sentence is recalled or hypothetical.
    pub recalled: bool,
    /// The evidence has graphic gore.
    pub gore: bool,
    /// Sentence ranges of the embedded windows (to tell whether the lexical evidence was read).
    pub read: Vec<Range<usize>>,
    /// A long work: the threshold was raised, and the model may add a label but not overrule
    /// the lexical engine.
    pub long: bool,
    /// The probability `score` had to reach: the head's threshold, raised in a long work.
    pub bar: f32,
}

impl LabelVerdict {
    /// The windows its evidence lies in: the passages the model read that way.
    pub fn evidence_windows<'a>(&'a self, raw: &'a SemanticRaw) -> impl Iterator<Item = &'a Window> + 'a {
        raw.windows.iter().filter(|w| self.evidence.iter().any(|e| w.sentences.contains(e)))
    }
}

/// How far under the bar (in logits) a window that fails the sense check is held.
const SENSE_HOLD: f32 = 0.01;

/// The verdict of `head` (and `cheap`, for ranking sentences) for taxonomy label `label`.
///
/// The best of many windows is high by chance alone, so in a work of more than
/// [`SHORT_WORK_WINDOWS`] windows the threshold is raised by ln(windows / SHORT_WORK_WINDOWS)
/// in logits (a Bonferroni-style correction: at the same per-window false-alarm rate, the
/// work-level rate stays about what it is for a passage). The count is of all windows, read or
/// not, so the cascade and embedding everything answer to the same bar.
///
/// With `alone` (the label's sense check, [`Heads::alone`]), a window whose meaning that head
/// puts under its threshold cannot reach the bar, whatever its cue words: its probability is
/// held just under it. So is a window whose words of the label the rules read, every one, as a
/// figure or another sense ([`Window::figurative`]).
pub fn verdict(
    raw: &SemanticRaw,
    label: usize,
    head: &Head,
    cheap: Option<&Head>,
    alone: Option<&Head>,
) -> Option<LabelVerdict> {
    let long = raw.windows.len() > SHORT_WORK_WINDOWS;
    let raise = (raw.windows.len() as f32 / SHORT_WORK_WINDOWS as f32).max(1.0).ln();
    let under_bar = sigmoid(logit(head.threshold) + raise - SENSE_HOLD);
    let mut scored: Vec<(f32, usize)> = raw
        .embedded()
        .map(|(i, w, e)| {
            let p = head.probability(e, &w.features(label));
            // Where every word of the label is a figure the rules read, the head reads the
            // words much as the thing; the window is held as a failed sense check is.
            let sensed = !w.figurative.contains(&label) && alone.is_none_or(|a| a.margin(e, &[]) >= 0.0);
            (if sensed { p } else { p.min(under_bar) }, i)
        })
        .collect();
    if scored.is_empty() {
        return None;
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (score, best) = scored[0];
    let flagged = logit(score) >= logit(head.threshold) + raise;
    // Evidence: the sentence of the best window the cheap head likes most (two if it likes
    // both), and the best sentence of the next window over the threshold.
    let mut evidence = Vec::new();
    for (rank, &(p, index)) in scored.iter().take(2).enumerate() {
        if rank > 0 && logit(p) < logit(head.threshold) + raise {
            break;
        }
        let window = &raw.windows[index];
        let mut sentences: Vec<(f32, usize)> = window
            .sentences
            .clone()
            .zip(&window.sentence_static)
            .map(|(s, v)| (cheap.map_or(0.0, |c| c.probability(v, &[])), s))
            .collect();
        sentences.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // The best sentence, and a second one of the best window if the cheap head also likes it.
        let second_ok = |p: f32| rank == 0 && cheap.is_some_and(|c| p >= c.threshold);
        for (n, &(p, s)) in sentences.iter().take(2).enumerate() {
            if n == 0 || second_ok(p) {
                evidence.push(s);
            }
        }
        if sentences.is_empty() {
            evidence.push(window.sentences.start);
        }
    }
    evidence.sort_unstable();
    evidence.dedup();
    let window = &raw.windows[best];
    Some(LabelVerdict {
        score,
        flagged,
        evidence,
        recalled: window.recalled,
        gore: window.gore,
        read: raw.embedded().map(|(_, w, _)| w.sentences.clone()).collect(),
        long,
        bar: sigmoid(logit(head.threshold) + raise),
    })
}

use crate::calibrate::sigmoid;

/// The log-odds of a probability (clamped away from 0 and 1).
pub fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Meta, SourceFormat, SourceMap};

    fn doc(text: &str) -> Document {
        Document::from_plain_text(text.to_string(), SourceMap::identity("t", text.len()), Meta::new(SourceFormat::Txt))
    }

    #[test]
    fn best_windows_average_the_top_and_keep_them_apart() {
        let margins = [0.0, 5.0, 4.0, -1.0, 3.0];
        let (measure, chosen) = best_windows(&margins, 2).unwrap_or_default();
        assert!((measure - 2.2).abs() < 1e-6, "five windows, all in the mean: {measure}");
        assert_eq!(chosen, vec![1, 4], "2 and 0 lie next to 1, 3 next to 4");
        assert_eq!(best_windows(&[], 1), None);
        assert_eq!(best_windows(&[f32::NEG_INFINITY, 1.0], 1), Some((1.0, vec![1])), "a window not read");
    }

    #[test]
    fn windows_cover_every_sentence_once() {
        let text = "One two three. ".repeat(80);
        let d = doc(&text);
        let w = windows(&d);
        assert!(w.len() > 1);
        assert_eq!(w.first().map(|r| r.start), Some(0));
        assert_eq!(w.last().map(|r| r.end), Some(d.sentences.len()));
        assert!(w.windows(2).all(|p| p[0].end == p[1].start));
        assert!(w.iter().all(|r| r.len() <= WINDOW_SENTENCES));
    }

    #[test]
    fn a_head_reads_the_features_it_was_trained_with() {
        // Two vector dimensions, then two lexical weights; a third feature weight only where
        // the head was trained with the consent features.
        let lexical_only = Head { weights: vec![1.0, 0.0, 0.5, 0.0], bias: 0.0, threshold: 0.5, examples: (1, 1) };
        let with_consent = Head { weights: vec![1.0, 0.0, 0.5, 0.0, -4.0], ..lexical_only.clone() };
        let features = [1.0, 0.0, 1.0];
        let vector = [1.0, 0.0];
        assert_eq!(lexical_only.probability(&vector, &features), sigmoid(1.5));
        assert_eq!(with_consent.probability(&vector, &features), sigmoid(-2.5));
        assert_eq!(with_consent.probability(&vector, &features[..2]), sigmoid(1.5), "missing ones count as zero");
    }

    #[test]
    fn a_window_that_fails_the_sense_check_stays_under_the_bar() {
        // Dimension 0 reads the meaning; the cue word alone (feature 0) carries the head over.
        let window = |meaning: f32| Window {
            sentences: 0..1,
            lexical: vec![[1.0, 0.0]],
            embedding: Some(vec![meaning, 0.0]),
            static_vector: None,
            sentence_static: vec![vec![meaning, 0.0]],
            consent: [0.0; CONSENT_FEATURES],
            injury: [0.0; INJURY_FEATURES],
            recalled: false,
            gore: false,
            death: Default::default(),
            figurative: Vec::new(),
        };
        let head = Head { weights: vec![1.0, 0.0, 3.0, 0.0], bias: -1.0, threshold: 0.5, examples: (1, 1) };
        let check = Head { weights: vec![4.0, 0.0], bias: -2.0, threshold: 0.5, examples: (1, 1) };
        let raw = |meaning: f32| SemanticRaw { windows: vec![window(meaning)], ..Default::default() };
        // "Hip abduction": the cue word, not the meaning.
        let figure = verdict(&raw(0.0), 0, &head, None, Some(&check)).expect("a window was read");
        assert!(!figure.flagged && figure.score < 0.5 && figure.score > 0.49, "{figure:?}");
        let unchecked = verdict(&raw(0.0), 0, &head, None, None).expect("a window was read");
        assert!(unchecked.flagged, "without the check the cue word decides");
        // The thing itself passes both.
        let literal = verdict(&raw(1.0), 0, &head, None, Some(&check)).expect("a window was read");
        assert!(literal.flagged && literal.score > 0.9, "{literal:?}");
        // Words of the label the rules read as a figure ("career suicide") hold it too.
        let mut figured = raw(1.0);
        figured.windows[0].figurative = vec![0];
        let held = verdict(&figured, 0, &head, None, None).expect("a window was read");
        assert!(!held.flagged && held.score < 0.5, "{held:?}");
    }

    #[test]
    fn short_documents_are_embedded_whole() {
        assert_eq!(select(&[0.1, -3.0, 2.0], &[10, 10, 10], BUDGET), vec![0, 1, 2]);
        let margins: Vec<f32> = (0..300).map(|i| if i % 3 == 0 { 1.0 } else { -1.0 }).collect();
        let chosen = select(&margins, &[50; 300], 1_000);
        assert_eq!(chosen.len(), 20);
        assert!(chosen.iter().all(|i| i % 3 == 0));
        assert!(chosen.windows(2).all(|p| p[0] < p[1]));
    }
}
