//! The engine: runs the signal detectors and scene reasoning over a document, scores every
//! label, decides which are warnings, picks evidence, and rates the work.
//!
//! Analysis is split in two so that calibration can be refitted on folds without rerunning
//! the detectors: [`Engine::raw`] computes features and decisions (expensive, calibration
//! free), [`Engine::finish`] applies a [`Calibration`] (cheap).
//!
//! The sentence-embedding layer plugs in through [`Engine::set_semantic`]: `raw` then also
//! embeds windows (through the cascade of [`crate::semantic`]) and `finish` lets the heads
//! decide the content labels whose evidence the model read.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::calibrate::{sigmoid, Calibration, LabelCalibration};
use crate::custom::LabelAt;
use crate::scene::{self, Decision};
use crate::semantic::{self, Encoder, Heads, SemanticRaw};
use crate::signals::characters::Cast;
use crate::signals::{self, Lexicons, SentenceSignals};
use crate::{Document, LabelKind, Rating, Severity};

/// Sentences in the sliding window whose cue sum is a content label's main feature.
const WINDOW: usize = 8;
/// Evidence sentences kept per warning.
const MAX_EVIDENCE: usize = 3;
/// A work of at most this many sentences is short: one scene, or a drabble. In a short work
/// one sexual sentence is its subject (Mature), and one explicit sentence with some
/// pornographic score makes it Explicit; a novel needs more.
const SHORT_WORK_SENTENCES: usize = 60;
/// A work of more than this many sentences is long (a novel): the rating weighs how often
/// something happens, since one sentence in thousands is as often a slip as a scene.
const LONG_WORK_SENTENCES: usize = 2000;
/// Scenes of Graphic Violence that make a long work Mature; one gory moment in a novel
/// (Treasure Island's, The Lost World's) is Teen, as its readers rate it.
const GV_SCENES_MATURE_IN_LONG_WORK: f32 = 2.0;
/// Sentences of implied sex per thousand that make a long work Teen by themselves (a kiss
/// or an embrace now and then is General).
const IMPLIED_PER_THOUSAND_IN_LONG_WORK: usize = 2;
/// Labels that raise no work's rating by themselves: a pregnancy is General, in a scene as in
/// a novel (its labour, loss or ending is another label).
const NEVER_RATES: &[&str] = &["pregnancy"];
/// Labels that do not raise a long work's rating by themselves: AO3 rates a novel General with a death
/// from illness, a Major Character Death, a period's prejudice as its setting, a character's
/// melancholy or nervous illness (The Secret Garden's Colin), or a war in the background (a
/// soldier father's backstory); what raises it is violence, abuse, sex and the like, and a
/// war fought on the page is violence too.
const RATING_NEUTRAL: &[&str] = &[
    "major-character-death",
    "death",
    "dying",
    "blood",
    "pregnancy",
    "childbirth",
    "racism",
    "classism",
    "sexism",
    "misogyny",
    "ableism",
    "fat-phobia",
    "body-hatred",
    "mental-illness",
    "war",
];
/// Warnings named in a Teen rating's reason (the strongest few, in taxonomy order).
const TEEN_REASONS: usize = 3;
/// The top of the cue and signal scale (0..3): a sentence's weight for a label is capped
/// here, and evidence from a decision or the model weighs its score times this.
const MAX_WEIGHT: f32 = 3.0;
/// A strong cue (and graphic gore, strong profanity) on that scale: what makes a sentence
/// count as strong evidence, and a label depicted rather than mentioned.
const STRONG: f32 = 2.0;
/// Pornographic-content weight of a sentence with sex on the page but not explicit: half
/// way, so a few such sentences do not make a work pornographic.
const SEX_ON_THE_PAGE: f32 = 1.5;
/// An archive warning's decision strength (0..1) raises its content label's window sum to
/// at least this multiple (a decided Graphic Violence is strong Violence) ...
const ARCHIVE_TO_WINDOW_SUM: f32 = 6.0;
/// ... and its strong-sentence feature to at least this.
const ARCHIVE_STRONG_FEATURE: f32 = 1.0;
/// Per natural-log unit of windows in the work, how much a content label's features are
/// discounted: the best of many windows is high by chance alone.
const LENGTH_DISCOUNT: f32 = 0.5;
/// Windows a work may have before its strong-sentence count is discounted (a short story
/// keeps its count).
const STRONG_DISCOUNT_FROM: f32 = 5.0;
/// Evidence ranking: a recalled sentence weighs less than one happening now, and one in
/// the label's best window more.
const RECALLED_EVIDENCE: f32 = 0.7;
const IN_BEST_WINDOW: f32 = 1.2;
/// Sentences of the most graphic gore, within one stretch of [`GORE_SPAN`] sentences, that
/// make a work Explicit with Graphic Violence.
const GORE_SENTENCES_EXPLICIT: usize = 6;
/// The stretch (in sentences, a few pages) that gore must fill to make a work Explicit: an
/// Explicit work dwells on it in a scene; a long novel's scattered words of butchery, a
/// whale beheaded here and a prophecy of being dismembered there, do not add up to one.
const GORE_SPAN: usize = 60;
/// Sentences of strong language that make a work Teen.
const STRONG_LANGUAGE_SENTENCES: usize = 2;
/// Rating confidences, rising with the evidence: Explicit (base, per explicit sentence,
/// cap); Explicit from gore; Mature (base, per driver, per sexual sentence, cap); Teen
/// (share of the top warning's score above 0.5, cap); General's cap.
const EXPLICIT_CONFIDENCE: (f32, f32, f32) = (0.6, 0.08, 0.95);
const GORE_EXPLICIT_CONFIDENCE: f32 = 0.6;
const MATURE_CONFIDENCE: (f32, f32, f32, f32) = (0.55, 0.1, 0.03, 0.9);
const TEEN_CONFIDENCE: (f32, f32) = (0.4, 0.85);
const GENERAL_CONFIDENCE_MAX: f32 = 0.95;

/// A stretch of the work where a label is supported, sentences `first..=last`: what a
/// reader who would rather not read it skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// First sentence.
    pub first: usize,
    /// Last sentence.
    pub last: usize,
}

/// A long work's scenes for a content label lie at least this many sentences apart (a few
/// pages), so that each is told on its own.
const SCENE_APART: usize = 40;
/// The scenes kept per label, strongest first: more than any scene bar asks for.
const MAX_SCENES: usize = 64;

/// One of a long work's scenes for a content label: the window of [`WINDOW`] sentences that
/// starts at one of its cues (happening now), with the features a short work of that
/// window would have.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SceneWindow {
    /// Window sum and strong-sentence feature, undiscounted.
    pub features: [f32; 2],
    /// Its strongest sentence, and that sentence's weight.
    pub best: EvidenceRef,
    /// Its first sentence with a cue.
    pub first: usize,
    /// Its last sentence with a cue.
    pub last: usize,
}

/// The most places a label lists (its strongest).
const MAX_PLACES: usize = 10;
/// How much a cue told in the past perfect or hedged ("had perished", "they say she died")
/// counts towards a place: it happened before the story's now, or may not have happened.
const PLACE_EARLIER: f32 = 0.5;
/// What a sentence where a death happens (`SentenceSignals::death_event`) adds to its weight
/// towards a place of death: twice the strongest cue, so a death on the page outranks a
/// stretch of graveyard talk.
const DEATH_EVENT_PLACE: f32 = 2.0 * MAX_WEIGHT;
/// Strong sentences at most this many sentences apart are one place.
const PLACE_GAP: usize = 20;

/// Places from stretches of sentences, each with a strength: stretches within [`PLACE_GAP`]
/// of each other join (their strengths add), and the [`MAX_PLACES`] strongest are kept, in
/// order.
fn places_of(stretches: Vec<(usize, usize, f32)>) -> Vec<Place> {
    let mut merged = join(stretches, |m, s| m.2 += s.2);
    merged.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    merged.truncate(MAX_PLACES);
    merged.sort_by_key(|m| m.0);
    merged.into_iter().map(|(first, last, _)| Place { first, last }).collect()
}

/// `places` with every evidence sentence in one: a sentence outside them is a place of its
/// own, joined to its neighbours as [`places_of`] joins.
fn with_evidence(places: &[Place], evidence: &[EvidenceRef]) -> Vec<Place> {
    let outside = evidence.iter().filter(|e| !places.iter().any(|p| (p.first..=p.last).contains(&e.sentence)));
    let all = places.iter().map(|p| (p.first, p.last, ())).chain(outside.map(|e| (e.sentence, e.sentence, ())));
    join(all.collect(), |_, _| ()).into_iter().map(|(first, last, ())| Place { first, last }).collect()
}

/// Stretches `(first, last, tag)` in order, those within [`PLACE_GAP`] of the one before
/// joined into it (`absorb` merges their tags).
fn join<T>(
    mut stretches: Vec<(usize, usize, T)>,
    absorb: impl Fn(&mut (usize, usize, T), &(usize, usize, T)),
) -> Vec<(usize, usize, T)> {
    stretches.sort_by_key(|s| s.0);
    let mut merged: Vec<(usize, usize, T)> = Vec::with_capacity(stretches.len());
    for stretch in stretches {
        match merged.last_mut() {
            Some(m) if stretch.0 <= m.1 + PLACE_GAP => {
                m.1 = m.1.max(stretch.1);
                absorb(m, &stretch);
            }
            _ => merged.push(stretch),
        }
    }
    merged
}

/// One piece of evidence: a sentence and how strongly it supports the label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidenceRef {
    /// Sentence index.
    pub sentence: usize,
    /// Strength (0..3).
    pub weight: f32,
}

/// Calibration-free result for one label.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLabel {
    /// Features for calibration.
    pub features: [f32; 2],
    /// How intense the strongest evidence is.
    pub severity: Severity,
    /// Evidence, strongest first.
    pub evidence: Vec<EvidenceRef>,
    /// Every place the label is supported (its evidence among them), in order.
    pub places: Vec<Place>,
    /// Why (for archive warnings, the scene reasoning's explanation).
    pub reason: String,
    /// Who it is about (Major Character Death: who dies).
    pub subject: Option<String>,
    /// In a long work, a content label's strongest independent scenes (see [`SceneWindow`]),
    /// strongest first; empty otherwise.
    pub scenes: Vec<SceneWindow>,
}

impl RawLabel {
    /// A label nothing supports.
    pub fn none() -> Self {
        RawLabel {
            features: [0.0, 0.0],
            severity: Severity::Mentioned,
            evidence: Vec::new(),
            places: Vec::new(),
            reason: String::new(),
            subject: None,
            scenes: Vec::new(),
        }
    }
}

/// How many sentences carry one signal the rating reads, and the first few of them (the
/// passages behind a rating that signal raises).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Sentences with the signal.
    pub count: usize,
    /// The first [`MAX_EVIDENCE`] of them.
    pub first: Vec<EvidenceRef>,
}

impl Tally {
    fn of(sigs: &[SentenceSignals], has: impl Fn(&SentenceSignals) -> bool) -> Self {
        let mut tally = Tally::default();
        for (sentence, s) in sigs.iter().enumerate() {
            if has(s) {
                tally.count += 1;
                if tally.first.len() < MAX_EVIDENCE {
                    tally.first.push(EvidenceRef { sentence, weight: 1.0 });
                }
            }
        }
        tally
    }

    /// The sentences with the signal in the stretch of `span` sentences that has the most
    /// (the first such stretch among equals).
    fn densest(sigs: &[SentenceSignals], has: impl Fn(&SentenceSignals) -> bool, span: usize) -> Self {
        let hits: Vec<usize> = sigs.iter().enumerate().filter(|(_, s)| has(s)).map(|(i, _)| i).collect();
        let mut best = 0..0;
        let mut end = 0;
        for start in 0..hits.len() {
            end = end.max(start);
            while end < hits.len() && hits[end] < hits[start] + span {
                end += 1;
            }
            if end - start > best.len() {
                best = start..end;
            }
        }
        let first = hits[best.clone()].iter().take(MAX_EVIDENCE).map(|&sentence| EvidenceRef { sentence, weight: 1.0 });
        Tally { count: best.len(), first: first.collect() }
    }
}

/// Calibration-free analysis of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAnalysis {
    /// One per taxonomy label, in taxonomy order.
    pub labels: Vec<RawLabel>,
    /// Sentences with explicit sexual activity (not recalled).
    pub explicit_sentences: Tally,
    /// Sentences with non-explicit sexual activity.
    pub sexual_sentences: Tally,
    /// Sentences with implied sexual activity.
    pub implied_sentences: Tally,
    /// Sentences with strong or severe profanity.
    pub profane_sentences: Tally,
    /// Sentences with the most graphic gore, told as happening: those of the stretch of
    /// [`GORE_SPAN`] sentences that has the most.
    pub gore_sentences: Tally,
    /// Number of sentences analysed.
    pub sentences: usize,
    /// Sentences where someone is unwilling and nothing heeds it
    /// ([`scene::unheeded_unwillingness`]), in order.
    pub unwilling: Vec<usize>,
    /// Windows and their vectors, when the engine has a sentence model.
    pub semantic: Option<SemanticRaw>,
}

/// The result for one label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelResult {
    /// Taxonomy index.
    pub label: usize,
    /// Calibrated probability.
    pub score: f32,
    /// At or above the label's threshold.
    pub flagged: bool,
    /// Severity of the strongest evidence.
    pub severity: Severity,
    /// Evidence, strongest first.
    pub evidence: Vec<EvidenceRef>,
    /// Where the label is supported, in order (a warning's evidence among them).
    pub places: Vec<Place>,
    /// Why.
    pub reason: String,
    /// Who it is about (Major Character Death: who dies).
    pub subject: Option<String>,
}

/// A finished analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// One per taxonomy label, in taxonomy order, then one per custom label.
    pub labels: Vec<LabelResult>,
    /// The custom labels analysed (their results follow the taxonomy's).
    pub custom: Vec<crate::custom::CustomLabel>,
    /// The rating that covers the most intense content.
    pub rating: Rating,
    /// Confidence in the rating.
    pub rating_confidence: f32,
    /// Why that rating, in words (made from the drivers).
    pub rating_reason: String,
    /// What raised the rating, each with its passages; empty for General.
    pub rating_drivers: Vec<RatingDriver>,
    /// Answers to the labels the reader asked about ([`crate::Policy::asked`]), in label order.
    pub answers: Vec<crate::answer::Answer>,
    /// How much of the work was read, and by what.
    pub read: crate::answer::Read,
}

/// One thing that raised a work's rating.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingDriver {
    /// What it is.
    pub cause: RatingCause,
    /// The passages behind it, strongest or first first.
    pub evidence: Vec<EvidenceRef>,
}

/// What can raise a rating: a warning, or a signal the rating reads on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingCause {
    /// A label that is a warning (taxonomy index).
    Label(usize),
    /// Sentences with explicit sexual activity (how many).
    ExplicitSex(usize),
    /// Sentences with sexual activity, not explicit.
    SexualContent,
    /// Sentences that imply sexual activity.
    ImpliedSex,
    /// Sentences with the most graphic gore.
    ExtremeGore,
    /// Sentences with strong language.
    StrongLanguage,
}

impl Analysis {
    /// Flagged labels, archive warnings first, then by score.
    pub fn warnings(&self) -> Vec<&LabelResult> {
        let taxonomy = crate::taxonomy();
        let mut out: Vec<&LabelResult> = self.labels.iter().filter(|l| l.flagged).collect();
        out.sort_by(|a, b| {
            // Archive warnings, then content labels, then custom labels.
            let rank =
                |i: usize| taxonomy.labels.get(i).map_or(2, |l| if l.kind == LabelKind::Archive { 0 } else { 1 });
            let (ka, kb) = (rank(a.label), rank(b.label));
            ka.cmp(&kb).then(b.score.total_cmp(&a.score)).then(a.label.cmp(&b.label))
        });
        out
    }
}

/// The detection engine.
pub struct Engine {
    lexicons: Lexicons,
    custom: Vec<crate::custom::CustomLabel>,
    calibration: Calibration,
    encoder: Option<Arc<dyn Encoder>>,
    heads: Heads,
    budget: usize,
    policy: crate::Policy,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("encoder", &self.encoder.as_ref().map(|e| e.id())).finish_non_exhaustive()
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(Calibration::shipped())
    }
}

struct Ids {
    violence: usize,
    death: usize,
    blood: usize,
    assault: usize,
    underage: usize,
    porn: usize,
    war: usize,
    graphic_violence: usize,
    mcd: usize,
    rnc: usize,
    underage_sex: usize,
    dissection: usize,
}

fn ids() -> Ids {
    let t = crate::taxonomy();
    let i = |id: &str| t.index(id).unwrap_or(usize::MAX);
    Ids {
        violence: i("violence"),
        death: i("death"),
        blood: i("blood"),
        assault: i("sexual-assault"),
        underage: i("underage"),
        porn: i("pornographic-content"),
        war: i("war"),
        graphic_violence: i("graphic-violence"),
        mcd: i("major-character-death"),
        rnc: i("rape-non-con"),
        underage_sex: i("underage-sex"),
        dissection: i("dissection"),
    }
}

impl Engine {
    /// An engine with the shipped lexicons and the given calibration.
    pub fn new(calibration: Calibration) -> Self {
        Self::with_custom(calibration, Vec::new())
    }

    /// An engine that also detects user-defined labels.
    pub fn with_custom(calibration: Calibration, custom: Vec<crate::custom::CustomLabel>) -> Self {
        Self {
            lexicons: Lexicons::with_custom(&custom),
            custom,
            calibration,
            encoder: None,
            heads: Heads::default(),
            budget: semantic::BUDGET,
            policy: crate::Policy::default(),
        }
    }

    /// The reader's policy (thresholds, min-confidence, ignored labels): applied by
    /// [`Self::finish`], the one place that decides which labels are warnings.
    pub fn set_policy(&mut self, policy: crate::Policy) {
        self.policy = policy;
    }

    /// The user's custom labels the engine detects.
    pub fn custom_labels(&self) -> &[crate::custom::CustomLabel] {
        &self.custom
    }

    /// The policy in force.
    pub fn policy(&self) -> &crate::Policy {
        &self.policy
    }

    /// Adds the sentence model and its heads.
    pub fn set_semantic(&mut self, encoder: Arc<dyn Encoder>, heads: Heads) {
        self.encoder = Some(encoder);
        self.heads = heads;
    }

    /// How many words of a long work the transformer reads (default [`semantic::BUDGET`];
    /// `usize::MAX` embeds everything, to measure what the cascade loses).
    pub fn set_budget(&mut self, budget: usize) {
        self.budget = budget;
    }

    /// Loads the sentence model now, if the engine has one (a server does this at start-up).
    pub fn prepare(&self) -> Result<(), String> {
        self.encoder.as_ref().map_or(Ok(()), |e| e.prepare())
    }

    /// The sentence model's id, if the engine has one.
    pub fn encoder_id(&self) -> Option<String> {
        self.encoder.as_ref().map(|e| e.id())
    }

    /// The heads in use.
    pub fn heads(&self) -> &Heads {
        &self.heads
    }

    /// The calibration in use.
    pub fn calibration(&self) -> &Calibration {
        &self.calibration
    }

    /// Analyses a document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        self.finish(&self.raw(doc), &self.calibration)
    }

    /// The id of a label index.
    fn label_id(&self, index: usize) -> &str {
        LabelAt::of(&self.custom, index).map_or("", LabelAt::id)
    }

    /// Runs detectors and scene reasoning.
    pub fn raw(&self, doc: &Document) -> RawAnalysis {
        let taxonomy = crate::taxonomy();
        let ids = ids();
        let (sigs, cast) = signals::analyze_sentences(doc, &self.lexicons);
        let n = sigs.len();
        // Per-sentence weight for each label: lexical cues (capped), plus extra scorers.
        let labels = taxonomy.labels.len() + self.custom.len();
        let mut weights: Vec<Row> = vec![Row::new(); labels];
        let topics = topics(&sigs);
        for (i, s) in sigs.iter().enumerate() {
            let i = i as u32;
            for cue in &s.cues {
                if topics.contains(&(cue.label, &*cue.phrase)) {
                    continue;
                }
                if let Some(w) = weights.get_mut(cue.label) {
                    *row_entry(w, i) += cue.weight;
                }
            }
            if let Some(w) = weights.get_mut(ids.porn) {
                let level = match s.sexual {
                    3 => MAX_WEIGHT,
                    2 => SEX_ON_THE_PAGE,
                    _ => 0.0,
                };
                // As a dense row would: the level raises this sentence's weight, and a zero
                // level leaves an absent entry absent.
                if level > 0.0 || w.last().is_some_and(|&(last, _)| last == i) {
                    let x = row_entry(w, i);
                    *x = x.max(level);
                }
            }
        }
        // The `underage` content label is decided with Underage Sex, never from age words
        // alone (a minor in a story is not a warning).
        if let Some(w) = weights.get_mut(ids.underage) {
            w.clear();
        }
        for row in &mut weights {
            row.iter_mut().for_each(|(_, x)| *x = x.min(MAX_WEIGHT));
        }

        let scenes = scene::scenes(doc);
        let mut out = Vec::with_capacity(labels);
        for (label, row) in weights.iter().enumerate() {
            let kind = taxonomy.labels.get(label).map_or(LabelKind::Content, |l| l.kind);
            if kind == LabelKind::Archive {
                let decisions = if label == ids.rnc {
                    scene::rape_non_con(&sigs, &scenes, ids.assault)
                } else if label == ids.underage_sex {
                    scene::underage_sex(&sigs, &scenes)
                } else if label == ids.mcd {
                    scene::major_character_death(doc, &sigs, &scenes, &cast)
                } else if label == ids.graphic_violence {
                    scene::graphic_violence(&sigs, &scenes, ids.violence, ids.blood, ids.war)
                } else {
                    Vec::new()
                };
                out.push(archive_raw(&decisions));
            } else {
                out.push(content_raw(row, n, &sigs, (label == ids.porn, label == ids.death)));
            }
        }
        // Archive warnings imply their content labels.
        for (archive, content) in taxonomy.counterparts() {
            let (Some(a), Some(_)) = (out.get(archive).cloned(), out.get(content)) else { continue };
            if a.features[0] > 0.0 {
                let c = &mut out[content];
                c.features[0] = c.features[0].max(a.features[0] * ARCHIVE_TO_WINDOW_SUM);
                c.features[1] = c.features[1].max(ARCHIVE_STRONG_FEATURE);
                if c.evidence.is_empty() {
                    c.evidence = a.evidence.clone();
                    c.places = a.places.clone();
                    c.severity = a.severity;
                }
            }
        }
        let unwilling = scene::unheeded_unwillingness(&sigs, &scenes);
        let semantic = self
            .encoder
            .as_deref()
            .map(|encoder| self.semantic_raw(encoder, doc, (&sigs, &cast), &weights, &unwilling));
        RawAnalysis {
            labels: out,
            explicit_sentences: Tally::of(&sigs, |s| s.sexual >= 3 && !s.backstory),
            sexual_sentences: Tally::of(&sigs, |s| s.sexual == 2 && !s.backstory),
            implied_sentences: Tally::of(&sigs, |s| s.sexual == 1 && !s.backstory),
            profane_sentences: Tally::of(&sigs, |s| s.profanity >= STRONG),
            gore_sentences: Tally::densest(
                &sigs,
                |s| s.gore >= MAX_WEIGHT && !s.backstory && !s.hypothetical,
                GORE_SPAN,
            ),
            sentences: n,
            unwilling,
            semantic,
        }
    }

    /// Windows, their lexical features, the cascade's choice and the chosen windows' vectors.
    fn semantic_raw(
        &self,
        encoder: &dyn Encoder,
        doc: &Document,
        (sigs, cast): (&[SentenceSignals], &Cast),
        weights: &[Row],
        unwilling: &[usize],
    ) -> SemanticRaw {
        let taxonomy = crate::taxonomy();
        let ids = ids();
        let ranges = semantic::windows(doc);
        let mut windows: Vec<semantic::Window> = ranges
            .iter()
            .map(|r| semantic::Window {
                sentences: r.clone(),
                lexical: (0..taxonomy.labels.len())
                    .map(|label| {
                        let row = row_range(&weights[label], r.clone());
                        let sum: f32 = row.iter().map(|&(_, w)| w).sum();
                        [sum.ln_1p(), row.iter().map(|&(_, w)| w).fold(0.0, f32::max) / MAX_WEIGHT]
                    })
                    .collect(),
                embedding: None,
                static_vector: None,
                sentence_static: Vec::new(),
                consent: scene::consent_features(sigs, r.clone(), unwilling),
                injury: scene::injury_features(sigs, r.clone(), (ids.violence, ids.blood, ids.war)),
                recalled: sigs[r.clone()].iter().all(|s| s.backstory || s.hypothetical),
                gore: sigs[r.clone()].iter().any(|s| s.gore >= STRONG),
                death: scene::death_frame(&doc.text, sigs, r.clone(), cast),
                figurative: scene::figurative_labels(sigs, r.clone()),
            })
            .collect();
        let mut out =
            SemanticRaw { windows: Vec::new(), encoder: encoder.id(), error: None, readings: BTreeMap::new() };
        let texts: Vec<String> = ranges.iter().map(|r| semantic::window_text(doc, r.clone())).collect();
        let words: Vec<usize> = texts.iter().map(|t| t.split_whitespace().count()).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        // A work the transformer reads whole keeps every window's static vector (training
        // learns the cheap heads from them); in a long work they serve only to rank windows,
        // so they are made a chunk at a time and dropped (384 floats a window would be most
        // of the memory of a long work).
        let keep_static = words.iter().sum::<usize>() <= self.budget;
        let mut margins = Vec::with_capacity(windows.len());
        // A long work's static reading: every window's margin per cheap head, vector alone.
        let heads: Vec<(usize, &semantic::Head)> =
            self.heads.cheap.iter().filter_map(|(id, head)| Some((taxonomy.index(id)?, head))).collect();
        let long = doc.sentences.len() > LONG_WORK_SENTENCES;
        let mut reading_margins: Vec<Vec<f32>> =
            vec![Vec::with_capacity(if long { windows.len() } else { 0 }); heads.len()];
        for (chunk, texts) in refs.chunks(STATIC_CHUNK).enumerate() {
            let vectors = match encoder.encode_static(texts) {
                Ok(vectors) => vectors,
                Err(e) => {
                    out.error = Some(e);
                    break;
                }
            };
            for (k, v) in vectors.into_iter().enumerate() {
                let w = &mut windows[chunk * STATIC_CHUNK + k];
                let read = long && words[chunk * STATIC_CHUNK + k] >= semantic::READING_MIN_WORDS;
                let mut margin = f32::MIN;
                for (&(label, head), row) in heads.iter().zip(&mut reading_margins) {
                    let (with_features, alone) = head.margins(&v, &w.features(label));
                    margin = margin.max(with_features);
                    if long {
                        row.push(if read { alone } else { f32::NEG_INFINITY });
                    }
                }
                margins.push(margin);
                if keep_static {
                    w.static_vector = Some(v);
                }
            }
        }
        let chosen = if out.error.is_some() { Vec::new() } else { semantic::select(&margins, &words, self.budget) };
        let chosen_texts: Vec<&str> = chosen.iter().map(|&i| refs[i]).collect();
        let sentence_texts: Vec<&str> =
            chosen.iter().flat_map(|&i| ranges[i].clone()).map(|s| doc.slice(doc.sentences[s].range)).collect();
        let embedded = encoder.encode(&chosen_texts).and_then(|v| Ok((v, encoder.encode_static(&sentence_texts)?)));
        match embedded {
            Ok((vectors, statics)) => {
                let mut statics = statics.into_iter();
                for (&i, vector) in chosen.iter().zip(vectors) {
                    windows[i].embedding = Some(vector);
                    windows[i].sentence_static = statics.by_ref().take(ranges[i].len()).collect();
                }
            }
            Err(e) => out.error = Some(e),
        }
        if long && out.error.is_none() {
            out.readings = readings(encoder, doc, &ranges, &heads, &reading_margins);
        }
        out.windows = windows;
        out
    }

    /// Applies a calibration (and the engine's heads) to a raw analysis.
    pub fn finish(&self, raw: &RawAnalysis, calibration: &Calibration) -> Analysis {
        self.finish_with(raw, calibration, &self.heads)
    }

    /// Applies a calibration and semantic heads to a raw analysis.
    pub fn finish_with(&self, raw: &RawAnalysis, calibration: &Calibration, heads: &Heads) -> Analysis {
        self.decide(raw, calibration, heads, &self.policy)
    }

    /// Applies the engine's calibration and heads under another policy (a server request's
    /// own `min_confidence`).
    pub fn finish_under(&self, raw: &RawAnalysis, policy: &crate::Policy) -> Analysis {
        self.decide(raw, &self.calibration, &self.heads, policy)
    }

    fn decide(&self, raw: &RawAnalysis, calibration: &Calibration, heads: &Heads, policy: &crate::Policy) -> Analysis {
        let taxonomy = crate::taxonomy();
        let ids = ids();
        let mut labels = Vec::with_capacity(raw.labels.len());
        // Per label: its threshold in force, and the model's verdict where the model's score
        // is the one shown (to put on the calibration's scale once the rating is decided).
        let mut bars: Vec<(f32, Option<ModelScore>)> = Vec::with_capacity(raw.labels.len());
        let long = raw.sentences > LONG_WORK_SENTENCES;
        for (index, r) in raw.labels.iter().enumerate() {
            let Some(label) = LabelAt::of(&self.custom, index) else { continue };
            let (id, archive) = (label.id(), label.is_archive());
            let cal = calibration.get(id, archive);
            let threshold = policy.threshold(id, cal.threshold);
            let score = if r.features[0] <= 0.0 && r.features[1] <= 0.0 { 0.0 } else { cal.probability(r.features) };
            let mut result = LabelResult {
                label: index,
                score,
                flagged: score >= threshold && !r.evidence.is_empty(),
                severity: r.severity,
                evidence: r.evidence.clone(),
                places: r.places.clone(),
                reason: r.reason.clone(),
                subject: r.subject.clone(),
            };
            let mut model = None;
            if !archive && index != ids.underage {
                if let (Some(sem), Some(head)) = (&raw.semantic, heads.window.get(id)) {
                    if let Some(v) = semantic::verdict(sem, index, head, heads.cheap.get(id), heads.alone.get(id)) {
                        let on_scale = onto_scale(v.score, v.bar, cal.threshold);
                        // The model's own bar decides at the calibration's threshold; a user's
                        // threshold applies to its score on the calibration's scale.
                        let flagged = if threshold == cal.threshold { v.flagged } else { on_scale >= threshold };
                        let flagged = flagged && (index != ids.assault || assault_supported(raw, r, ids.rnc));
                        if merge_semantic(&mut result, &v, flagged) {
                            model = Some((v.score, v.bar, cal.threshold));
                        }
                    }
                }
            }
            if index == ids.rnc && !result.flagged {
                if let Some(v) = implied_non_consent(raw, heads, ids.rnc) {
                    let what = "rape/non-con, where someone is unwilling and it goes on";
                    model_adds(&mut result, &v, (threshold, cal.threshold), Severity::Depicted, what);
                }
            }
            if long && matches!(label, LabelAt::Taxonomy(_)) && !archive && !result.flagged {
                if let Some(&bar) = calibration.long_bars.get(id) {
                    let score = shown(model.map_or(result.score, |(s, b, t)| onto_scale(s, b, t)), false, threshold);
                    result.score = onto_scale(score, bar.min(cal.threshold), cal.threshold);
                    result.flagged = result.score >= threshold && !result.evidence.is_empty();
                    model = None;
                }
                if let Some(&bar) = calibration.scene_bars.get(id) {
                    let passing = warned_scenes(r, &cal);
                    let count = passing.len() as f32;
                    let decision = LongDecision {
                        score: onto_scale(count / (count + bar), 0.5, cal.threshold),
                        evidence: passing.iter().take(MAX_EVIDENCE).map(|s| s.best).collect(),
                        places: places_of(passing.iter().map(|s| (s.first, s.last, s.features[0])).collect()),
                        reason: format!("{} scenes, each a warning read alone", passing.len()),
                    };
                    decision.take(&mut result, &mut model, threshold);
                }
            }
            if long && matches!(label, LabelAt::Taxonomy(_)) && !archive && !result.flagged {
                let reading = raw.semantic.as_ref().and_then(|s| s.readings.get(&index));
                if let (Some(&bar), Some(reading)) = (calibration.reading_bars.get(id), reading) {
                    let decision = LongDecision {
                        score: onto_scale(sigmoid(reading.measure), bar, cal.threshold),
                        evidence: reading
                            .evidence
                            .iter()
                            .map(|&(sentence, p)| EvidenceRef { sentence, weight: MAX_WEIGHT * p })
                            .collect(),
                        places: places_of(reading.windows.iter().map(|w| (w.start, w.end - 1, 1.0)).collect()),
                        reason: format!(
                            "sentence model: its {} likeliest passages of the whole work read this way",
                            semantic::READING_TOP
                        ),
                    };
                    decision.take(&mut result, &mut model, threshold);
                }
            }
            if long && matches!(label, LabelAt::Taxonomy(_)) && !archive && !result.flagged {
                if let Some(&bar) = calibration.weight_bars.get(id) {
                    let weight = scene_weight(r);
                    let decision = LongDecision {
                        score: onto_scale(weight / (weight + bar), 0.5, cal.threshold),
                        evidence: r.scenes.iter().take(MAX_EVIDENCE).map(|s| s.best).collect(),
                        places: places_of(r.scenes.iter().map(|s| (s.first, s.last, s.features[0])).collect()),
                        reason: format!("{} scenes told as happening, together weighing {weight:.1}", r.scenes.len()),
                    };
                    decision.take(&mut result, &mut model, threshold);
                }
            }
            labels.push(result);
            bars.push((threshold, model));
        }
        // Graphic violence in a short work the rules missed, where the model finds it and
        // violence too, and no dissection (an autopsy's incisions are graphic, and not
        // violence).
        let flagged = |i: usize| labels.get(i).is_some_and(|l| l.flagged);
        let violent = [ids.violence, ids.blood, ids.war].into_iter().any(flagged) && !flagged(ids.dissection);
        if let (true, Some(&(threshold, _))) = (violent, bars.get(ids.graphic_violence)) {
            let calibrated = calibration.get(self.label_id(ids.graphic_violence), true).threshold;
            if let Some(result) = labels.get_mut(ids.graphic_violence) {
                graphic_violence_read(raw, heads, ids.graphic_violence, result, (threshold, calibrated));
            }
        }
        // Major Character Death a short work implies: the sentence model reads a death of
        // someone the work names, where the rules found no named death.
        let flagged = |i: usize| labels.get(i).is_some_and(|l| l.flagged);
        if let (false, true, false, Some(&(threshold, _))) =
            (long, flagged(ids.death), flagged(ids.mcd), bars.get(ids.mcd))
        {
            let calibrated = calibration.get(self.label_id(ids.mcd), true).threshold;
            if let (Some(v), Some(result)) = (implied_character_death(raw, heads, ids.death), labels.get_mut(ids.mcd)) {
                let what = "death, of someone the work names (it does not say whom)";
                model_adds(result, &v, (threshold, calibrated), Severity::Depicted, what);
            }
        }
        // A flagged archive warning keeps its content label flagged.
        for (archive, content) in taxonomy.counterparts() {
            let Some(a) = labels.get(archive).filter(|a| a.flagged).cloned() else { continue };
            if let Some(c) = labels.get_mut(content) {
                if !c.flagged {
                    c.flagged = true;
                    c.score = c.score.max(a.score);
                    if c.evidence.is_empty() {
                        c.evidence = a.evidence.clone();
                        c.places = a.places.clone();
                        c.severity = a.severity;
                    }
                }
            }
        }
        // Scores as shown: the model's on the calibration's scale, and never contradicting
        // the warnings (a warning scores at least its threshold, anything else below it).
        let scores: Vec<f32> = labels
            .iter()
            .zip(&bars)
            .map(|(result, &(threshold, model))| {
                let score = model.map_or(result.score, |(score, bar, calibrated)| onto_scale(score, bar, calibrated));
                shown(score, result.flagged, threshold)
            })
            .collect();
        let rated = labels.len().min(taxonomy.labels.len());
        let (rating, rating_confidence, rating_drivers) = rate(raw, &labels[..rated], &scores[..rated]);
        let rating_reason = reason_for(rating, &rating_drivers);
        for (result, score) in labels.iter_mut().zip(scores) {
            result.score = score;
            // The evidence shown is always among the places (the model's or a decision's
            // evidence may lie outside the lexical places).
            result.places = with_evidence(&result.places, &result.evidence);
        }
        // The reader's questions, answered from the scores as shown (so an answer never
        // contradicts a warning or a score).
        let asked = policy.asked();
        let answers = labels
            .iter()
            .zip(&bars)
            .filter(|(result, _)| asked.contains(self.label_id(result.label)))
            .map(|(r, &(threshold, _))| {
                let decided = crate::answer::Decided {
                    label: r.label,
                    score: r.score,
                    flagged: r.flagged,
                    severity: r.severity,
                    passages: r.evidence.len(),
                };
                crate::answer::Answer::of(decided, threshold)
            })
            .collect();
        let read = crate::answer::Read { sentences: raw.sentences, model_sentences: model_sentences(raw) };
        // Labels the reader ignores are never warnings; their scores stay as they were, and
        // the rating above already counted them (it is about the work, not the reader).
        for result in &mut labels {
            if result.flagged && policy.ignores(self.label_id(result.label)) {
                result.flagged = false;
            }
        }
        Analysis {
            labels,
            custom: self.custom.clone(),
            rating,
            rating_confidence,
            rating_reason,
            rating_drivers,
            answers,
            read,
        }
    }
}

/// A long work's decision beside a label's own: a scene bar's or a reading bar's.
struct LongDecision {
    /// On the calibration's scale.
    score: f32,
    /// Its passages (none: it cannot be a warning).
    evidence: Vec<EvidenceRef>,
    places: Vec<Place>,
    reason: String,
}

impl LongDecision {
    /// Replaces what `result` shows where this scores higher (the model's verdict, `model`,
    /// then no longer shown): its score, and where that is a warning at `threshold`, its
    /// passages, places and reason.
    fn take(mut self, result: &mut LabelResult, model: &mut Option<ModelScore>, threshold: f32) {
        if self.score <= model.map_or(result.score, |(s, b, t)| onto_scale(s, b, t)) {
            return;
        }
        result.score = self.score;
        result.flagged = self.score >= threshold && !self.evidence.is_empty();
        *model = None;
        if result.flagged {
            self.evidence.sort_by_key(|e| e.sentence);
            result.evidence = self.evidence;
            result.places = self.places;
            result.reason = self.reason;
        }
    }
}

/// A long work's static readings (see [`semantic::StaticReading`]) from every window's margin
/// per cheap head; the sentences of the labels' best windows get static vectors (once, however
/// many labels share a window) to choose the evidence.
fn readings(
    encoder: &dyn Encoder,
    doc: &Document,
    ranges: &[std::ops::Range<usize>],
    heads: &[(usize, &semantic::Head)],
    margins: &[Vec<f32>],
) -> BTreeMap<usize, semantic::StaticReading> {
    let apart = (ranges.len() / 100).max(1);
    let best: Vec<Option<(f32, Vec<usize>)>> = margins.iter().map(|row| semantic::best_windows(row, apart)).collect();
    let mut read: Vec<usize> = best
        .iter()
        .flatten()
        .flat_map(|(_, windows)| windows.iter().take(semantic::READING_EVIDENCE))
        .flat_map(|&w| ranges[w].clone())
        .collect();
    read.sort_unstable();
    read.dedup();
    let long_enough =
        |s: usize| doc.slice(doc.sentences[s].range).split_whitespace().count() >= semantic::READING_MIN_SENTENCE_WORDS;
    read.retain(|&s| long_enough(s));
    let texts: Vec<&str> = read.iter().map(|&s| doc.slice(doc.sentences[s].range)).collect();
    let Ok(vectors) = encoder.encode_static(&texts) else { return BTreeMap::new() };
    let vector = |s: usize| read.binary_search(&s).ok().map(|i| &vectors[i]);
    let mut readings = BTreeMap::new();
    for (&(label, head), best) in heads.iter().zip(best) {
        let Some((measure, windows)) = best else { continue };
        // The best sentence of each of the best windows, by the head's probability.
        let evidence = windows
            .iter()
            .take(semantic::READING_EVIDENCE)
            .filter_map(|&w| {
                ranges[w]
                    .clone()
                    .filter_map(|s| Some((s, head.probability(vector(s)?, &[]))))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            })
            .collect();
        let windows = windows.iter().map(|&w| ranges[w].clone()).collect();
        readings.insert(label, semantic::StaticReading { measure, windows, evidence });
    }
    readings
}

/// A long work's scenes for a content label that would each be a warning read alone (their
/// features reach the label's calibrated threshold) and depict it (a strong cue among their
/// sentences: a pile of weak words, a class noun and a "savage" cry, is not a scene of it),
/// strongest first.
fn warned_scenes<'a>(r: &'a RawLabel, cal: &LabelCalibration) -> Vec<&'a SceneWindow> {
    r.scenes.iter().filter(|s| s.best.weight >= STRONG && cal.probability(s.features) >= cal.threshold).collect()
}

/// A long work's summed weight of a label's independent scenes told as happening (each its
/// window's cue weight; see [`SceneWindow`]): what the weight bars
/// ([`Calibration::weight_bars`]) are fitted on.
fn scene_weight(r: &RawLabel) -> f32 {
    r.scenes.iter().map(|s| s.features[0]).sum()
}

impl RawAnalysis {
    /// Per content label of the taxonomy (by id), `measure` of its raw result in this long
    /// work; empty for a short work.
    fn per_content_label<T>(&self, measure: impl Fn(&str, &RawLabel) -> T) -> BTreeMap<String, T> {
        if self.sentences <= LONG_WORK_SENTENCES {
            return BTreeMap::new();
        }
        crate::taxonomy()
            .labels
            .iter()
            .zip(&self.labels)
            .filter(|(label, _)| label.kind != LabelKind::Archive)
            .map(|(label, r)| (label.id.clone(), measure(&label.id, r)))
            .collect()
    }

    /// Per content label of the taxonomy (by id), this long work's summed scene weight (see
    /// [`Calibration::weight_bars`]); empty for a short work.
    pub fn scene_weights(&self) -> BTreeMap<String, f32> {
        self.per_content_label(|_, r| scene_weight(r))
    }

    /// Per content label of the taxonomy (by id), how many of this long work's scenes would
    /// each be a warning read alone under `calibration`; empty for a short work. What the
    /// scene bars ([`Calibration::scene_bars`]) are fitted on.
    pub fn warned_scenes(&self, calibration: &Calibration) -> BTreeMap<String, usize> {
        self.per_content_label(|id, r| warned_scenes(r, &calibration.get(id, false)).len())
    }

    /// Per content label of the taxonomy (by id), this long work's static reading as a
    /// probability (what the reading bars, [`Calibration::reading_bars`], are fitted on);
    /// empty for a short work or without the sentence model.
    pub fn static_readings(&self) -> BTreeMap<String, f32> {
        let taxonomy = crate::taxonomy();
        let Some(sem) = self.semantic.as_ref().filter(|_| self.sentences > LONG_WORK_SENTENCES) else {
            return BTreeMap::new();
        };
        sem.readings
            .iter()
            .filter_map(|(&index, reading)| {
                let label = taxonomy.labels.get(index).filter(|l| l.kind != LabelKind::Archive)?;
                Some((label.id.clone(), sigmoid(reading.measure)))
            })
            .collect()
    }
}

/// Sentences inside the windows the transformer read (windows overlap; each sentence counts
/// once).
fn model_sentences(raw: &RawAnalysis) -> usize {
    let Some(sem) = &raw.semantic else { return 0 };
    let mut read: Vec<std::ops::Range<usize>> = sem.embedded().map(|(_, w, _)| w.sentences.clone()).collect();
    read.sort_by_key(|r| r.start);
    let (mut count, mut covered_to) = (0, 0);
    for r in read {
        let start = r.start.max(covered_to);
        if r.end > start {
            count += r.end - start;
            covered_to = r.end;
        }
    }
    count
}

/// The model's score of a label, its bar, and the label's calibrated threshold (see
/// [`onto_scale`]).
type ModelScore = (f32, f32, f32);

/// How far below its threshold an unflagged label's score is shown at most, so that it reads
/// below the threshold at the report's three decimals.
const SHOWN_BELOW: f32 = 0.001;

/// A score as shown: a warning's at least its threshold, anything else's below it.
fn shown(score: f32, flagged: bool, threshold: f32) -> f32 {
    if flagged {
        score.max(threshold)
    } else {
        // Also a hair below the threshold: reports round to three decimals.
        score.min((threshold - SHOWN_BELOW).max(0.0))
    }
}

/// A model probability `p` whose bar was `bar`, on the calibration's scale where the bar is
/// `threshold`: piecewise linear through (0, 0), (bar, threshold) and (1, 1), so it is at or
/// above `threshold` exactly when `p` reached the bar.
fn onto_scale(p: f32, bar: f32, threshold: f32) -> f32 {
    if p >= bar {
        if bar >= 1.0 {
            threshold
        } else {
            threshold + (p - bar) / (1.0 - bar) * (1.0 - threshold)
        }
    } else if bar <= 0.0 {
        0.0
    } else {
        (p / bar * threshold).min(threshold - SHOWN_BELOW).max(0.0)
    }
}

/// Lets the sentence model decide a content label of a short work where it read the lexical
/// evidence (its head already weighs the lexical features); elsewhere, and in long works,
/// either may flag it. `flagged` is the model's decision under the threshold in force.
/// Returns whether the model's score is the one the label shows.
fn merge_semantic(result: &mut LabelResult, v: &semantic::LabelVerdict, flagged: bool) -> bool {
    let read = |sentence: usize| v.read.iter().any(|r| r.contains(&sentence));
    let covered = !v.long && result.evidence.iter().all(|e| read(e.sentence));
    let lexical_flagged = result.flagged;
    let shown = covered || v.score > result.score;
    if covered {
        result.score = v.score;
        result.flagged = flagged;
    } else {
        result.score = result.score.max(v.score);
        result.flagged = lexical_flagged || flagged;
    }
    if result.flagged && (result.evidence.is_empty() || !lexical_flagged) {
        result.evidence =
            v.evidence.iter().map(|&sentence| EvidenceRef { sentence, weight: MAX_WEIGHT * v.score }).collect();
        result.severity = if v.recalled {
            Severity::Mentioned
        } else if v.gore {
            Severity::Graphic
        } else {
            Severity::Depicted
        };
        result.reason = format!("sentence model: {:.0}% for the strongest passage", 100.0 * v.score);
    }
    shown
}

/// Whether the sentence model may find sexual assault in a work: the work has sexual activity
/// (explicit, on the page or implied), someone unwilling whom nothing heeds, a scene the
/// Rape/Non-Con rules weighed, or a strong cue of assault. The head alone also reads "I feel
/// violated" over a parking ticket, a tickling "no, stop!" and a seat that is taken as assault.
fn assault_supported(raw: &RawAnalysis, assault: &RawLabel, rnc: usize) -> bool {
    let sexual = raw.explicit_sentences.count + raw.sexual_sentences.count + raw.implied_sentences.count;
    sexual > 0
        || !raw.unwilling.is_empty()
        || raw.labels.get(rnc).is_some_and(|r| r.features[0] > 0.0)
        || assault.evidence.iter().any(|e| e.weight >= STRONG)
}

/// Rape/Non-Con that a scene implies: the sentence model's Rape/Non-Con head, which reads the
/// window's vector and its consent features ([`scene::consent_features`]), is over its bar,
/// and a passage it reads that way has a sentence where someone is unwilling and nothing heeds
/// it ([`scene::unheeded_unwillingness`]). Neither alone is enough: the head also likes
/// consent talk and honoured refusals; an unheeded "no" is also a haircut argument's. The
/// verdict comes back with the unwilling sentence first among its evidence.
fn implied_non_consent(raw: &RawAnalysis, heads: &Heads, rnc: usize) -> Option<semantic::LabelVerdict> {
    let sem = raw.semantic.as_ref()?;
    let id = crate::taxonomy().labels.get(rnc)?.id.as_str();
    let head = heads.window.get(id)?;
    let mut v = semantic::verdict(sem, rnc, head, heads.cheap.get(id), None)?;
    if !v.flagged || v.recalled {
        return None;
    }
    // The passages the model read as Rape/Non-Con: the windows its evidence lies in.
    let read: Vec<&semantic::Window> = v.evidence_windows(sem).collect();
    let unwilling = raw.unwilling.iter().copied().find(|i| read.iter().any(|w| w.sentences.contains(i)))?;
    v.evidence.retain(|&e| e != unwilling);
    v.evidence.insert(0, unwilling);
    v.evidence.truncate(MAX_EVIDENCE);
    v.evidence.sort_unstable();
    Some(v)
}

/// Sentences a window needs for the model alone to call its violence graphic: graphic is
/// detail, and a line or two of violence ("stabbed the guard; he fell and died") is violence
/// told, not lingered on.
const GV_DETAIL_SENTENCES: usize = 3;

/// Graphic Depictions Of Violence in a short work where the rules found none (and violence,
/// blood or war is a warning): the sentence model's head (it reads each window's vector and
/// its injury features, [`scene::injury_features`]) reads a window of at least
/// [`GV_DETAIL_SENTENCES`] as graphic violence, the window is not in a clinical frame
/// (surgery), and it is not all told as backstory or hypothesis. The rules need the lexicon's
/// gore words; a scene that shows the wound and the aftermath in plain words ("his face
/// turned the wrong way from the rest of him") has none. In a long work the head's bar rises
/// with its windows and the rules decide alone. (The head does not overrule the rules: it
/// reads a market "bloodbath" under its bar, but some real wounds just as far under it.)
fn graphic_violence_read(
    raw: &RawAnalysis,
    heads: &Heads,
    gv: usize,
    result: &mut LabelResult,
    (threshold, calibrated): (f32, f32),
) {
    if result.flagged {
        return;
    }
    let Some(sem) = raw.semantic.as_ref() else { return };
    let Some(id) = crate::taxonomy().labels.get(gv).map(|l| l.id.as_str()) else { return };
    let Some(head) = heads.window.get(id) else { return };
    let Some(v) = semantic::verdict(sem, gv, head, heads.cheap.get(id), None) else { return };
    if v.long || !v.flagged || v.recalled {
        return;
    }
    let framed = v.evidence_windows(sem).any(|w| w.injury[scene::INJURY_FRAME] >= STRONG / MAX_WEIGHT);
    let detailed = v.evidence_windows(sem).any(|w| w.sentences.len() >= GV_DETAIL_SENTENCES);
    if framed || !detailed {
        return;
    }
    model_adds(result, &v, (threshold, calibrated), Severity::Graphic, "graphic violence");
}

/// An archive warning the sentence model adds where the rules found none: `result` becomes a
/// warning when the verdict's score, put on the calibration's scale (its threshold
/// `calibrated`), reaches `threshold`, with the verdict's evidence, `severity` and a reason
/// saying what the model read (`what`); it names nobody.
fn model_adds(
    result: &mut LabelResult,
    v: &semantic::LabelVerdict,
    (threshold, calibrated): (f32, f32),
    severity: Severity,
    what: &str,
) {
    let on_scale = onto_scale(v.score, v.bar, calibrated);
    if on_scale < threshold {
        return;
    }
    result.flagged = true;
    result.score = result.score.max(on_scale);
    result.severity = severity;
    result.evidence =
        v.evidence.iter().map(|&sentence| EvidenceRef { sentence, weight: MAX_WEIGHT * v.score }).collect();
    result.reason = format!("sentence model: {:.0}% {what}", 100.0 * v.score);
    result.subject = None;
}

/// A death the sentence model reads in a short work, as Major Character Death: the death head
/// (with its sense check) is over its bar on a passage told in the story's present that names
/// someone of the cast, and the passages it reads that way state no death in words, nor undo
/// one, nor tell it only as earlier than the story's now ([`scene::DeathFrame`]). The rules
/// decide a death stated in words (whose it is, and whether it is a figure, a game or a story
/// within the story: the head reads a phone that died or a game's YOU DIED much as a death);
/// a scene that shows a death without its words ("there was a gap that didn't end", "the bed
/// made up fresh and empty") is the model's.
fn implied_character_death(raw: &RawAnalysis, heads: &Heads, death: usize) -> Option<semantic::LabelVerdict> {
    let sem = raw.semantic.as_ref()?;
    let id = crate::taxonomy().labels.get(death)?.id.as_str();
    let head = heads.window.get(id)?;
    let v = semantic::verdict(sem, death, head, heads.cheap.get(id), heads.alone.get(id))?;
    if v.long || !v.flagged || v.recalled {
        return None;
    }
    let unsaid = v.evidence_windows(sem).all(|w| !w.death.worded && !w.death.undone && !w.death.before);
    let named = v.evidence_windows(sem).any(|w| w.death.names_someone && !w.recalled);
    (unsaid && named).then_some(v)
}

fn archive_raw(decisions: &[Decision]) -> RawLabel {
    // The strongest first, and among equals the first the detector gave: the reason and the
    // subject are that decision's, so its evidence is always shown.
    let mut ordered: Vec<&Decision> = decisions.iter().collect();
    ordered.sort_by(|a, b| b.score.total_cmp(&a.score));
    let Some(&best) = ordered.first() else {
        return RawLabel::none();
    };
    let mut evidence: Vec<EvidenceRef> = Vec::new();
    for d in ordered {
        for &sentence in &d.evidence {
            if evidence.len() < MAX_EVIDENCE && !evidence.iter().any(|e| e.sentence == sentence) {
                evidence.push(EvidenceRef { sentence, weight: MAX_WEIGHT * d.score });
            }
        }
    }
    evidence.sort_by_key(|e| e.sentence);
    // Places: every decision's passage.
    let places = places_of(
        decisions
            .iter()
            .filter_map(|d| Some((*d.evidence.iter().min()?, *d.evidence.iter().max()?, d.score)))
            .collect(),
    );
    RawLabel {
        features: [best.score, (decisions.len() as f32).ln_1p()],
        severity: best.severity,
        evidence,
        places,
        reason: best.reason.clone(),
        subject: best.subject.clone(),
        scenes: Vec::new(),
    }
}

fn content_raw(row: &[(u32, f32)], n: usize, sigs: &[SentenceSignals], (porn, death): (bool, bool)) -> RawLabel {
    // Best window sum: the sum over the last WINDOW sentences changes only where a weighted
    // sentence enters (its index) or leaves (index + WINDOW), so walk those steps in order,
    // adding before subtracting as a dense walk over every sentence would.
    let mut best = (0.0f32, 0usize);
    let mut sum = 0.0f32;
    let (mut entering, mut leaving) = (0, 0);
    loop {
        let enter_at = row.get(entering).map(|&(i, _)| i as usize);
        let leave_at = row.get(leaving).map(|&(i, _)| i as usize + WINDOW);
        let Some(step) = enter_at.into_iter().chain(leave_at).min().filter(|&step| step < n) else { break };
        if enter_at == Some(step) {
            sum += row[entering].1;
            entering += 1;
        }
        if leave_at == Some(step) {
            sum -= row[leaving].1;
            leaving += 1;
        }
        if sum > best.0 + 1e-6 {
            best = (sum, step);
        }
    }
    let strong = row.iter().filter(|&&(_, w)| w >= STRONG).count();
    // A long work has many windows, so its best window is high by chance alone: discount
    // by the number of windows, so a novel needs more evidence than a passage.
    let windows = (n as f32 / WINDOW as f32).max(1.0);
    let length_discount = LENGTH_DISCOUNT * windows.ln();
    if best.0 <= 0.0 {
        return RawLabel::none();
    }
    // Evidence: strongest sentences, preferring the best window and events happening now.
    let mut candidates: Vec<(f32, usize, f32)> = row
        .iter()
        .filter(|&&(_, w)| w > 0.0)
        .map(|&(i, w)| {
            let i = i as usize;
            let in_window = i + WINDOW > best.1 && i <= best.1;
            let now = if sigs[i].backstory { RECALLED_EVIDENCE } else { 1.0 };
            (w * now * if in_window { IN_BEST_WINDOW } else { 1.0 }, i, w)
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut evidence: Vec<EvidenceRef> =
        candidates.iter().take(MAX_EVIDENCE).map(|&(_, i, weight)| EvidenceRef { sentence: i, weight }).collect();
    evidence.sort_by_key(|e| e.sentence);
    let top = evidence.iter().map(|e| e.weight).fold(0.0, f32::max);
    let recalled = evidence.iter().all(|e| sigs[e.sentence].backstory || sigs[e.sentence].hypothetical);
    let graphic = evidence.iter().any(|e| {
        let s = &sigs[e.sentence];
        s.gore >= STRONG || porn && s.sexual >= 3
    });
    let severity = if recalled || top < STRONG {
        Severity::Mentioned
    } else if graphic {
        Severity::Graphic
    } else {
        Severity::Depicted
    };
    let features = [
        best.0 - length_discount,
        (strong as f32).ln_1p() - LENGTH_DISCOUNT * (windows / STRONG_DISCOUNT_FROM).max(1.0).ln(),
    ];
    // Places: every sentence with a cue for the label and happening now, and the evidence;
    // near ones join and their weights add, so the places kept are the densest stretches
    // (several weak cues together outrank one strong cue alone, as a drunken scene outranks
    // a passing word).
    let now = |i: usize| !sigs[i].backstory && !sigs[i].hypothetical;
    let places = places_of(
        row.iter()
            .map(|&(i, w)| (i as usize, w))
            .filter(|&(i, w)| w > 0.0 && now(i))
            // Death's places are where someone dies, before where death is talked of.
            .map(|(i, w)| (i, if death && sigs[i].death_event > 0.0 { w + DEATH_EVENT_PLACE } else { w }))
            .map(|(i, w)| (i, if sigs[i].pluperfect || sigs[i].hedged { w * PLACE_EARLIER } else { w }))
            .chain(evidence.iter().map(|e| (e.sentence, e.weight)))
            .map(|(i, w)| (i, i, w))
            .collect(),
    );
    let scenes = if n > LONG_WORK_SENTENCES { scenes_of(row, now) } else { Vec::new() };
    RawLabel { features, severity, evidence, places, reason: String::new(), subject: None, scenes }
}

/// A weak cue (lexicon weight 1) said in at least this share of a work's sentences, and at
/// least [`TOPIC_MIN`] times, names what the work is about, and is no cue there: "whale" is a
/// fat insult in a school corridor and the subject of a whaling novel. The share is far above
/// any weak cue's in the shared novels (at most 1.4%: "madness" in Lady Audley's Secret).
const TOPIC_SHARE: f32 = 0.05;
const TOPIC_MIN: usize = 50;

/// The weak cues (label, phrase) that are the work's topic (see [`TOPIC_SHARE`]).
fn topics(sigs: &[SentenceSignals]) -> Vec<(usize, &str)> {
    let mut counts: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for cue in sigs.iter().flat_map(|s| &s.cues).filter(|c| c.base <= 1.0) {
        *counts.entry((cue.label, &*cue.phrase)).or_default() += 1;
    }
    let least = TOPIC_MIN.max((TOPIC_SHARE * sigs.len() as f32).ceil() as usize);
    counts.into_iter().filter(|&(_, count)| count >= least).map(|(key, _)| key).collect()
}

/// A long work's strongest independent scenes for a label (see [`SceneWindow`]) from its row:
/// the windows starting at each cue happening now, strongest first, each at least
/// [`SCENE_APART`] sentences from every stronger one kept, at most [`MAX_SCENES`].
fn scenes_of(row: &[(u32, f32)], now: impl Fn(usize) -> bool) -> Vec<SceneWindow> {
    let hits: Vec<(usize, f32)> =
        row.iter().map(|&(i, w)| (i as usize, w)).filter(|&(i, w)| w > 0.0 && now(i)).collect();
    let mut end = 0;
    let mut windows: Vec<SceneWindow> = Vec::with_capacity(hits.len());
    for (start, &(first, _)) in hits.iter().enumerate() {
        end = end.max(start + 1);
        while end < hits.len() && hits[end].0 < first + WINDOW {
            end += 1;
        }
        let inside = &hits[start..end];
        let sum: f32 = inside.iter().map(|h| h.1).sum();
        let strong = inside.iter().filter(|h| h.1 >= STRONG).count();
        let Some(&(best, weight)) = inside.iter().max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))) else {
            continue;
        };
        windows.push(SceneWindow {
            features: [sum, (strong as f32).ln_1p()],
            best: EvidenceRef { sentence: best, weight },
            first,
            last: inside.last().map_or(first, |h| h.0),
        });
    }
    windows.sort_by(|a, b| b.features[0].total_cmp(&a.features[0]).then(a.first.cmp(&b.first)));
    let mut kept: Vec<SceneWindow> = Vec::new();
    for w in windows {
        if kept.len() == MAX_SCENES {
            break;
        }
        if kept.iter().all(|k| k.first.abs_diff(w.first) >= SCENE_APART) {
            kept.push(w);
        }
    }
    kept
}

/// Windows whose static vectors are made at once in a long work.
const STATIC_CHUNK: usize = 1024;

/// One label's per-sentence weights, sparse: `(sentence, weight)` in sentence order, only
/// for sentences with a cue. Dense rows would cost labels × sentences × 4 bytes (about 150
/// bytes a sentence, nearly all zeros), which on a hostile input is most of the memory.
type Row = Vec<(u32, f32)>;

/// The weight of sentence `i` in a row being filled in sentence order (0 until written).
fn row_entry(row: &mut Row, i: u32) -> &mut f32 {
    if row.last().is_none_or(|&(last, _)| last != i) {
        row.push((i, 0.0));
    }
    let last = row.len() - 1;
    &mut row[last].1
}

/// The entries of a row whose sentences lie in `range`.
fn row_range(row: &[(u32, f32)], range: std::ops::Range<usize>) -> &[(u32, f32)] {
    let from = row.partition_point(|&(i, _)| (i as usize) < range.start);
    let to = row.partition_point(|&(i, _)| (i as usize) < range.end);
    &row[from..to]
}

/// Rates a work from its most intense content: the rating, its confidence, and what raised it.
/// `shown[i]` is the score shown for `labels[i]`: a Teen rating names its strongest warnings.
fn rate(raw: &RawAnalysis, labels: &[LabelResult], shown: &[f32]) -> (Rating, f32, Vec<RatingDriver>) {
    let ids = ids();
    let flagged = |i: usize| labels.get(i).is_some_and(|l| l.flagged);
    let score = |i: usize| labels.get(i).map_or(0.0, |l| l.score);
    let label = |i: usize| RatingDriver {
        cause: RatingCause::Label(i),
        evidence: labels.get(i).map(|l| l.evidence.clone()).unwrap_or_default(),
    };
    let signal = |cause: RatingCause, tally: &Tally| RatingDriver { cause, evidence: tally.first.clone() };
    let porn = score(ids.porn);
    let (explicit, sexual, implied) =
        (raw.explicit_sentences.count, raw.sexual_sentences.count, raw.implied_sentences.count);
    // Explicit: several explicit sentences, or one in a short text that is clearly sexual.
    let short = raw.sentences <= SHORT_WORK_SENTENCES;
    let long = raw.sentences > LONG_WORK_SENTENCES;
    // Graphic Violence's scenes (its second feature is ln(1 + scenes)).
    let gv_scenes = raw.labels.get(ids.graphic_violence).map_or(0.0, |l| l.features[1].exp_m1());
    if explicit >= 2 || explicit >= 1 && (porn >= 0.8 || short && porn >= 0.5) {
        let confidence = (EXPLICIT_CONFIDENCE.0 + EXPLICIT_CONFIDENCE.1 * explicit as f32).min(EXPLICIT_CONFIDENCE.2);
        return (
            Rating::Explicit,
            confidence,
            vec![signal(RatingCause::ExplicitSex(explicit), &raw.explicit_sentences)],
        );
    }
    if raw.gore_sentences.count >= GORE_SENTENCES_EXPLICIT && flagged(ids.graphic_violence) {
        return (
            Rating::Explicit,
            GORE_EXPLICIT_CONFIDENCE,
            vec![signal(RatingCause::ExtremeGore, &raw.gore_sentences)],
        );
    }
    let mature: Vec<RatingDriver> = [
        (sexual + explicit >= if short { 1 } else { 2 }, RatingCause::SexualContent),
        // In a short work, sex that happens on the page, even only implied, is its subject.
        (short && implied >= 1, RatingCause::ImpliedSex),
        (flagged(ids.rnc), RatingCause::Label(ids.rnc)),
        (flagged(ids.underage_sex), RatingCause::Label(ids.underage_sex)),
        (
            flagged(ids.graphic_violence) && (!long || gv_scenes + 0.5 >= GV_SCENES_MATURE_IN_LONG_WORK),
            RatingCause::Label(ids.graphic_violence),
        ),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, cause)| match cause {
        RatingCause::Label(i) => label(i),
        // Both kinds of sentence count; the passages are the non-explicit ones when there are any.
        RatingCause::SexualContent if raw.sexual_sentences.count > 0 => signal(cause, &raw.sexual_sentences),
        RatingCause::SexualContent => signal(cause, &raw.explicit_sentences),
        _ => signal(cause, &raw.implied_sentences),
    })
    .collect();
    if !mature.is_empty() {
        let confidence =
            (MATURE_CONFIDENCE.0 + MATURE_CONFIDENCE.1 * mature.len() as f32 + MATURE_CONFIDENCE.2 * sexual as f32)
                .min(MATURE_CONFIDENCE.3);
        return (Rating::Mature, confidence, mature);
    }
    let taxonomy = crate::taxonomy();
    let neutral = |i: usize| taxonomy.labels.get(i).is_some_and(|l| RATING_NEUTRAL.contains(&l.id.as_str()));
    let never = |i: usize| taxonomy.labels.get(i).is_some_and(|l| NEVER_RATES.contains(&l.id.as_str()));
    let shown_of = |i: usize| shown.get(i).copied().unwrap_or(0.0);
    let mut driving: Vec<usize> = labels
        .iter()
        // Violence warned is Teen even when no one sentence of it is strong ("the knife went
        // into his side"): a death from illness is General, a killing is not.
        .filter(|l| l.flagged && (l.severity >= Severity::Depicted || l.label == ids.violence))
        // Not a pregnancy; in a long work, not the labels that raise no rating by themselves
        // (a short work's death is most often its subject, and a killing).
        .filter(|l| !(never(l.label) || long && neutral(l.label)))
        .map(|l| l.label)
        .collect();
    // The strongest few, named in taxonomy order.
    driving.sort_by(|&a, &b| shown_of(b).total_cmp(&shown_of(a)));
    driving.truncate(TEEN_REASONS);
    driving.sort_unstable();
    let mut teen: Vec<RatingDriver> = driving.into_iter().map(label).collect();
    if !long && teen.is_empty() && flagged(ids.mcd) {
        teen.push(label(ids.mcd));
    }
    if raw.profane_sentences.count >= STRONG_LANGUAGE_SENTENCES {
        teen.push(signal(RatingCause::StrongLanguage, &raw.profane_sentences));
    }
    let implied_enough =
        if long { implied * 1000 >= IMPLIED_PER_THOUSAND_IN_LONG_WORK * raw.sentences } else { implied >= 1 };
    if implied_enough {
        teen.push(signal(RatingCause::ImpliedSex, &raw.implied_sentences));
    }
    if !teen.is_empty() {
        let top = labels.iter().filter(|l| l.flagged).map(|l| l.score).fold(0.5, f32::max);
        return (Rating::Teen, (0.5 + TEEN_CONFIDENCE.0 * (top - 0.5)).clamp(0.5, TEEN_CONFIDENCE.1), teen);
    }
    let top = labels.iter().map(|l| l.score).fold(0.0, f32::max);
    (Rating::General, (1.0 - top).clamp(0.5, GENERAL_CONFIDENCE_MAX), Vec::new())
}

/// The rating's reason in words, from its drivers ("graphic violence", "violence, blood").
fn reason_for(rating: Rating, drivers: &[RatingDriver]) -> String {
    if drivers.is_empty() {
        return "no content above the thresholds".into();
    }
    let ids = ids();
    let taxonomy = crate::taxonomy();
    let words: Vec<String> = drivers
        .iter()
        .map(|d| match d.cause {
            RatingCause::ExplicitSex(n) => format!("explicit sexual content in {n} sentences"),
            RatingCause::ExtremeGore => "extremely graphic violence".into(),
            RatingCause::SexualContent => "sexual content".into(),
            RatingCause::ImpliedSex => "implied sexual content".into(),
            RatingCause::StrongLanguage => "strong language".into(),
            // Mature names the archive warnings in the words a rating uses.
            RatingCause::Label(i) if rating == Rating::Mature && i == ids.rnc => "rape or non-consent".into(),
            RatingCause::Label(i) if rating == Rating::Mature && i == ids.underage_sex => "underage sex".into(),
            RatingCause::Label(i) if rating == Rating::Mature && i == ids.graphic_violence => "graphic violence".into(),
            RatingCause::Label(i) => taxonomy.labels.get(i).map_or(String::new(), |d| d.name.to_lowercase()),
        })
        .collect();
    words.join(", ")
}

impl RawAnalysis {
    /// An analysis of nothing.
    pub fn empty() -> Self {
        let labels = crate::taxonomy().labels.iter().map(|_| RawLabel::none()).collect();
        Self {
            labels,
            explicit_sentences: Tally::default(),
            sexual_sentences: Tally::default(),
            implied_sentences: Tally::default(),
            profane_sentences: Tally::default(),
            gore_sentences: Tally::default(),
            semantic: None,
            sentences: 0,
            unwilling: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Meta, SourceFormat, SourceMap};

    fn analyze(text: &str) -> Analysis {
        let doc = Document::from_plain_text(
            text.to_string(),
            SourceMap::identity("t", text.len()),
            Meta::new(SourceFormat::Txt),
        );
        Engine::default().analyze(&doc)
    }

    fn flagged(a: &Analysis, id: &str) -> bool {
        let index = crate::taxonomy().index(id).unwrap_or(usize::MAX);
        a.labels.get(index).is_some_and(|l| l.flagged)
    }

    #[test]
    fn every_label_has_a_score() {
        let a = analyze("A quiet morning. The tea was warm.");
        assert_eq!(a.labels.len(), crate::taxonomy().labels.len());
        assert_eq!(a.rating, Rating::General);
        assert!(a.warnings().is_empty());
    }

    #[test]
    fn snowball_fight_is_not_rape_non_con() {
        let a = analyze("\"No, stop!\" Mia shrieked, laughing, as Jon pushed snow down her collar. He didn't stop until she begged for mercy.");
        assert!(!flagged(&a, "rape-non-con"));
    }

    const FIGHT: &str = "He drove the knife into the guard's stomach and blood poured over his hands. \
        The guard screamed and fell, and Kell stabbed him again and again until he stopped moving.";

    #[test]
    fn the_policy_decides_the_warnings_in_one_place() {
        let doc = plain(FIGHT);
        let engine = Engine::default();
        let raw = engine.raw(&doc);
        let base = engine.finish(&raw, engine.calibration());
        assert!(flagged(&base, "violence"), "{:?}", base.warnings());
        // One threshold for every label adds and drops warnings alike.
        let everything = engine.finish_under(&raw, &crate::Policy { min_confidence: Some(0.0), ..Default::default() });
        let nothing = engine.finish_under(&raw, &crate::Policy { min_confidence: Some(1.0), ..Default::default() });
        assert!(everything.warnings().len() > base.warnings().len());
        assert!(nothing.warnings().len() < base.warnings().len());
        // An ignored label is never a warning, keeps its score, and the rating still counts it.
        let policy = crate::Policy { ignore: ["violence".to_string()].into(), ..Default::default() };
        let ignored = engine.finish_under(&raw, &policy);
        let index = crate::taxonomy().index("violence").unwrap_or(usize::MAX);
        assert!(!flagged(&ignored, "violence"));
        assert_eq!(ignored.labels[index].score, base.labels[index].score);
        assert_eq!(ignored.rating, base.rating);
    }

    #[test]
    fn gore_counts_where_it_is_dense() {
        let gory = |at: &[usize]| {
            let mut sigs = vec![SentenceSignals::default(); 2000];
            at.iter().for_each(|&i| sigs[i].gore = MAX_WEIGHT);
            Tally::densest(&sigs, |s| s.gore >= MAX_WEIGHT, GORE_SPAN)
        };
        // Seventeen sentences scattered over a long work are one at a time.
        let scattered: Vec<usize> = (0..17).map(|k| k * 110).collect();
        assert_eq!(gory(&scattered).count, 1);
        // Six in one scene are six, and its first are the evidence, not the book's first.
        let scene = [5, 1200, 1203, 1210, 1222, 1240, 1251];
        let tally = gory(&scene);
        assert_eq!(tally.count, 6);
        assert_eq!(tally.first.iter().map(|e| e.sentence).collect::<Vec<_>>(), vec![1200, 1203, 1210]);
        assert_eq!(gory(&[]).count, 0);
    }

    #[test]
    fn a_weak_cue_that_is_the_works_topic_is_no_cue() {
        let fat_phobia = crate::taxonomy().index("fat-phobia").unwrap_or(usize::MAX);
        let cue = |phrase: &str| crate::signals::Cue {
            label: fat_phobia,
            base: 1.0,
            weight: 1.0,
            range: crate::TextRange { start: 0, end: 0 },
            phrase: phrase.into(),
            negated: false,
            noun_mention: false,
        };
        // A whaling novel: "whale" in a fifth of its sentences; "piggy" twice.
        let mut sigs = vec![SentenceSignals::default(); 1000];
        (0..200).for_each(|i| sigs[i * 5].cues.push(cue("whale")));
        sigs[3].cues.push(cue("piggy"));
        sigs[7].cues.push(cue("piggy"));
        assert_eq!(topics(&sigs), vec![(fat_phobia, "whale")]);
        // A short text never has a topic: the word said in every sentence is still a cue.
        let short: Vec<SentenceSignals> =
            (0..20).map(|_| SentenceSignals { cues: vec![cue("whale")], ..Default::default() }).collect();
        assert!(topics(&short).is_empty());
    }

    #[test]
    fn a_teen_rating_names_its_strongest_warnings() {
        let taxonomy = crate::taxonomy();
        let index = |id: &str| taxonomy.labels.iter().position(|l| l.id == id).unwrap_or(usize::MAX);
        let strong = [("violence", 0.6), ("abuse", 0.9), ("suicide", 0.55), ("kidnapping", 0.8), ("war", 0.7)];
        let mut shown = vec![0.0; taxonomy.labels.len()];
        let labels: Vec<LabelResult> = (0..taxonomy.labels.len())
            .map(|i| {
                let score = strong.iter().find(|(id, _)| index(id) == i).map_or(0.0, |&(_, s)| s);
                shown[i] = score;
                LabelResult {
                    label: i,
                    score,
                    flagged: score > 0.0,
                    severity: Severity::Depicted,
                    evidence: Vec::new(),
                    places: Vec::new(),
                    reason: String::new(),
                    subject: None,
                }
            })
            .collect();
        let (rating, _, drivers) = rate(&RawAnalysis::empty(), &labels, &shown);
        assert_eq!(rating, Rating::Teen);
        let named: Vec<usize> = drivers
            .iter()
            .map(|d| match d.cause {
                RatingCause::Label(i) => i,
                _ => usize::MAX,
            })
            .collect();
        let mut expected = vec![index("abuse"), index("kidnapping"), index("war")];
        expected.sort_unstable();
        assert_eq!(named, expected);
    }

    #[test]
    fn a_pregnancy_alone_raises_no_rating() {
        let engine = Engine::new(Calibration::default());
        let rated = |id: &str| {
            let index = crate::taxonomy().index(id).unwrap_or(usize::MAX);
            let mut raw = RawAnalysis::empty();
            raw.sentences = 12;
            raw.labels[index] = RawLabel {
                features: [8.0, 3.0],
                severity: Severity::Depicted,
                evidence: vec![EvidenceRef { sentence: 0, weight: 3.0 }],
                ..RawLabel::none()
            };
            let a = engine.finish(&raw, engine.calibration());
            assert!(flagged(&a, id), "{id}");
            a.rating
        };
        assert_eq!(rated("pregnancy"), Rating::General);
        assert_eq!(rated("childbirth"), Rating::Teen);
    }

    #[test]
    fn a_long_work_bar_lifts_a_weak_label_of_a_long_work_only() {
        let blood = crate::taxonomy().index("blood").unwrap_or(usize::MAX);
        let mut calibration = Calibration::default();
        calibration.long_bars.insert("blood".into(), 0.25);
        let engine = Engine::new(calibration.clone());
        // A default content curve puts these features at about 0.31, under the 0.5 threshold.
        let raw = |sentences: usize, evidence: bool| {
            let mut raw = RawAnalysis::empty();
            raw.sentences = sentences;
            raw.labels[blood] = RawLabel {
                features: [2.2, 0.0],
                severity: Severity::Depicted,
                evidence: if evidence { vec![EvidenceRef { sentence: 0, weight: 2.0 }] } else { Vec::new() },
                ..RawLabel::none()
            };
            raw
        };
        let result =
            |raw: &RawAnalysis, calibration: &Calibration| engine.finish(raw, calibration).labels[blood].clone();
        let short = result(&raw(40, true), &calibration);
        assert!(!short.flagged && (short.score - 0.306).abs() < 0.01, "{short:?}");
        // Long: the bar stands at the threshold, so 0.31 is a warning at a score over 0.5.
        let long = result(&raw(5000, true), &calibration);
        assert!(long.flagged && long.score > 0.5, "{long:?}");
        // Not without evidence, nor under a higher bar (whose score stays under the threshold).
        assert!(!result(&raw(5000, false), &calibration).flagged);
        calibration.long_bars.insert("blood".into(), 0.35);
        let high = result(&raw(5000, true), &calibration);
        assert!(!high.flagged && high.score < 0.5, "{high:?}");
        // A reader's higher threshold applies to the lifted score.
        let strict = crate::Policy { min_confidence: Some(0.6), ..Default::default() };
        let mut engine =
            Engine::new(Calibration { long_bars: [("blood".to_string(), 0.25)].into(), ..Default::default() });
        engine.set_policy(strict);
        assert!(!engine.finish(&raw(5000, true), engine.calibration()).labels[blood].flagged);
    }

    #[test]
    fn scenes_are_windows_apart_strongest_first_and_happening_now() {
        // Cues at 100 and 103 are one window (sum 5); 120 is too near it; 300 is its own;
        // 600 is recalled (not now).
        let row: Vec<(u32, f32)> = vec![(100, 3.0), (103, 2.0), (120, 3.0), (300, 2.5), (600, 3.0)];
        let scenes = scenes_of(&row, |i| i != 600);
        let firsts: Vec<usize> = scenes.iter().map(|s| s.first).collect();
        assert_eq!(firsts, vec![100, 300], "{scenes:?}");
        assert_eq!(scenes[0].features[0], 5.0);
        assert_eq!((scenes[0].best.sentence, scenes[0].last), (100, 103));
        assert!((scenes[1].features[1] - 2f32.ln()).abs() < 1e-6);
    }

    #[test]
    fn a_reading_bar_warns_a_long_work_the_static_model_reads_that_way() {
        let child_abuse = crate::taxonomy().index("child-abuse").unwrap_or(usize::MAX);
        let raw = |sentences: usize, measure: f32| {
            let mut raw = RawAnalysis::empty();
            raw.sentences = sentences;
            let reading = semantic::StaticReading {
                measure,
                windows: vec![800..804, 2000..2005],
                evidence: vec![(2002, 0.7), (801, 0.6)],
            };
            raw.semantic = Some(SemanticRaw { readings: [(child_abuse, reading)].into(), ..Default::default() });
            raw
        };
        // The bar stands at probability 0.2 (a mean margin of about -1.39).
        let calibration = Calibration { reading_bars: [("child-abuse".to_string(), 0.2)].into(), ..Default::default() };
        let engine = Engine::new(calibration.clone());
        let result = |raw: &RawAnalysis| engine.finish(raw, &calibration).labels[child_abuse].clone();
        let over = result(&raw(5000, -1.0));
        assert!(over.flagged, "{over:?}");
        let passages: Vec<usize> = over.evidence.iter().map(|e| e.sentence).collect();
        assert_eq!(passages, vec![801, 2002], "the best sentences, in order");
        assert_eq!(over.places.len(), 2, "{:?}", over.places);
        assert_eq!(over.severity, Severity::Mentioned, "a static reading does not tell depicted from mentioned");
        // Below the bar, in a short work, or with no bar for the label: not a warning.
        let under = result(&raw(5000, -2.0));
        assert!(!under.flagged && under.score < over.score, "{under:?}");
        assert!(!result(&raw(100, 3.0)).flagged);
        let none = Engine::new(Calibration::default());
        assert!(!none.finish(&raw(5000, 3.0), &Calibration::default()).labels[child_abuse].flagged);
        assert_eq!(raw(5000, 0.0).static_readings().get("child-abuse"), Some(&0.5));
        assert!(raw(100, 0.0).static_readings().is_empty());
    }

    #[test]
    fn a_scene_bar_warns_a_long_work_told_in_enough_scenes() {
        let suicide = crate::taxonomy().index("suicide").unwrap_or(usize::MAX);
        // A default content curve: a window of sum 3 with one strong sentence is about 0.54,
        // a warning read alone; one of sum 1 is not.
        let scene = |first: usize, sum: f32, weight: f32| SceneWindow {
            features: [sum, if weight >= STRONG { 2f32.ln() } else { 0.0 }],
            best: EvidenceRef { sentence: first, weight },
            first,
            last: first + 2,
        };
        let raw = |scenes: Vec<SceneWindow>| {
            let mut raw = RawAnalysis::empty();
            raw.sentences = 5000;
            raw.labels[suicide] = RawLabel {
                features: [0.5, 0.0],
                severity: Severity::Depicted,
                evidence: vec![EvidenceRef { sentence: 10, weight: 1.0 }],
                scenes,
                ..RawLabel::none()
            };
            raw
        };
        let calibration = Calibration { scene_bars: [("suicide".to_string(), 1.5)].into(), ..Default::default() };
        let engine = Engine::new(calibration.clone());
        let result = |raw: &RawAnalysis| engine.finish(raw, &calibration).labels[suicide].clone();
        // Two scenes that would each be warned: a warning, with one passage from each.
        let two = result(&raw(vec![scene(1000, 3.0, 3.0), scene(3000, 3.0, 2.0), scene(4000, 1.0, 1.0)]));
        assert!(two.flagged && two.score >= 0.5, "{two:?}");
        let passages: Vec<usize> = two.evidence.iter().map(|e| e.sentence).collect();
        assert_eq!(passages, vec![1000, 3000]);
        assert_eq!(two.places.len(), 2);
        // One such scene, or two whose cues are all weak (a pile of weak words): not.
        let one = result(&raw(vec![scene(1000, 3.0, 3.0), scene(4000, 1.0, 1.0)]));
        assert!(!one.flagged && one.score < 0.5, "{one:?}");
        let weak = result(&raw(vec![scene(1000, 3.5, 1.5), scene(3000, 3.5, 1.5)]));
        assert!(!weak.flagged, "{weak:?}");
        // A short work never counts scenes; a reader's higher threshold applies to the score.
        let mut short = raw(vec![scene(10, 3.0, 3.0), scene(50, 3.0, 3.0)]);
        short.sentences = 100;
        assert!(!result(&short).flagged);
        let mut strict = Engine::new(calibration.clone());
        strict.set_policy(crate::Policy { min_confidence: Some(0.8), ..Default::default() });
        let two = raw(vec![scene(1000, 3.0, 3.0), scene(3000, 3.0, 2.0)]);
        assert!(!strict.finish(&two, &calibration).labels[suicide].flagged);
        assert_eq!(two.warned_scenes(&calibration).get("suicide"), Some(&2));
    }

    #[test]
    fn a_weight_bar_warns_a_long_work_told_in_many_weak_scenes() {
        let substance = crate::taxonomy().index("substance-abuse").unwrap_or(usize::MAX);
        // Scenes of one weak cue each (a drunkard drunk again), none a warning read alone.
        let raw = |sentences: usize, count: usize| {
            let mut raw = RawAnalysis::empty();
            raw.sentences = sentences;
            let scenes: Vec<SceneWindow> = (0..count)
                .map(|k| SceneWindow {
                    features: [1.0, 0.0],
                    best: EvidenceRef { sentence: 100 + 50 * k, weight: 1.0 },
                    first: 100 + 50 * k,
                    last: 100 + 50 * k,
                })
                .collect();
            raw.labels[substance] = RawLabel {
                features: [0.2, 0.0],
                severity: Severity::Mentioned,
                evidence: vec![EvidenceRef { sentence: 100, weight: 1.0 }],
                scenes,
                ..RawLabel::none()
            };
            raw
        };
        let calibration =
            Calibration { weight_bars: [("substance-abuse".to_string(), 8.0)].into(), ..Default::default() };
        let engine = Engine::new(calibration.clone());
        let result = |raw: &RawAnalysis| engine.finish(raw, &calibration).labels[substance].clone();
        let many = result(&raw(5000, 12));
        assert!(many.flagged && many.score >= 0.5, "{many:?}");
        assert_eq!(many.evidence.len(), MAX_EVIDENCE);
        assert!(many.reason.contains("12 scenes"), "{}", many.reason);
        // Fewer scenes than the bar weighs, a short work, or no bar for the label: not.
        let few = result(&raw(5000, 5));
        assert!(!few.flagged && few.score < many.score, "{few:?}");
        assert!(!result(&raw(1000, 12)).flagged);
        let none = Engine::new(Calibration::default());
        assert!(!none.finish(&raw(5000, 12), &Calibration::default()).labels[substance].flagged);
        assert_eq!(raw(5000, 12).scene_weights().get("substance-abuse"), Some(&12.0));
        assert!(raw(1000, 12).scene_weights().is_empty());
    }

    #[test]
    fn places_join_near_sentences_keep_the_strongest_and_hold_the_evidence() {
        let places = places_of(vec![(0, 0, 2.0), (2, 2, 2.0), (100, 100, 3.0), (500, 500, 2.0)]);
        let at = |first, last| Place { first, last };
        assert_eq!(places, vec![at(0, 2), at(100, 100), at(500, 500)]);
        // Only the strongest few, in order.
        let kept = places_of((0..30).map(|k| (k * 100, k * 100, k as f32)).collect());
        assert_eq!(kept.len(), MAX_PLACES);
        assert_eq!(kept[0].first, 100 * (30 - MAX_PLACES));
        // Evidence outside the places is a place of its own; inside one, it changes nothing.
        let evidence = [EvidenceRef { sentence: 1, weight: 1.0 }, EvidenceRef { sentence: 300, weight: 1.0 }];
        assert_eq!(with_evidence(&places, &evidence), vec![at(0, 2), at(100, 100), at(300, 300), at(500, 500)]);
    }

    #[test]
    fn a_warning_lists_each_scene_that_supports_it() {
        let filler = "The rain kept on over the roofs of the town. ".repeat(60);
        // Four fights: more places than the three passages of evidence.
        let a = analyze(&format!("{FIGHT} {filler}").repeat(4));
        let violence = crate::taxonomy().index("violence").unwrap_or(usize::MAX);
        let places = &a.labels[violence].places;
        assert_eq!(places.len(), 4, "{places:?}");
        assert!(places.iter().enumerate().all(|(k, p)| p.first >= 62 * k && p.last < 62 * k + 2), "{places:?}");
    }

    #[test]
    fn a_death_on_the_page_is_a_place_before_talk_of_death() {
        // Eleven stretches of three sentences of talk of death, then one sentence where a
        // death happens, of the same weight as each sentence of talk.
        let n = 400;
        let mut sigs = vec![SentenceSignals::default(); n];
        let mut row: Vec<(u32, f32)> = (0..11u32).flat_map(|k| (0..3).map(move |j| (k * 33 + j, 2.0))).collect();
        let died = 11 * 33;
        row.push((died as u32, 2.0));
        sigs[died].death_event = 2.0;
        let places = content_raw(&row, n, &sigs, (false, true)).places;
        assert_eq!(places.len(), MAX_PLACES);
        assert!(places.iter().any(|p| (p.first..=p.last).contains(&died)), "{places:?}");
        // Another label's places are the densest stretches.
        let places = content_raw(&row, n, &sigs, (false, false)).places;
        assert!(!places.iter().any(|p| (p.first..=p.last).contains(&died)), "{places:?}");
    }

    /// A stand-in sentence model: "barrage" texts point one way, everything else the other.
    struct Fake {
        fail: bool,
    }

    impl Encoder for Fake {
        fn id(&self) -> String {
            "fake".into()
        }
        fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
            if self.fail {
                return Err("out of memory".into());
            }
            self.encode_static(texts)
        }
        fn encode_static(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
            Ok(texts.iter().map(|t| if t.contains("barrage") { vec![1.0, 0.0] } else { vec![0.0, 1.0] }).collect())
        }
    }

    fn semantic_engine(fail: bool) -> Engine {
        semantic_engine_for(fail, &["war"])
    }

    /// An engine whose heads for `labels` read "barrage" windows as the label.
    fn semantic_engine_for(fail: bool, labels: &[&str]) -> Engine {
        let head = semantic::Head { weights: vec![6.0, -6.0, 0.0, 0.0], bias: 0.0, threshold: 0.5, examples: (1, 1) };
        let mut heads = Heads::default();
        for label in labels {
            heads.window.insert((*label).into(), head.clone());
            heads.cheap.insert((*label).into(), head.clone());
        }
        let mut engine = Engine::default();
        engine.set_semantic(Arc::new(Fake { fail }), heads);
        engine
    }

    fn plain(text: &str) -> Document {
        Document::from_plain_text(text.to_string(), SourceMap::identity("t", text.len()), Meta::new(SourceFormat::Txt))
    }

    #[test]
    fn the_sentence_model_can_find_what_the_words_do_not_say() {
        let doc = plain("A quiet morning in the valley. Then the barrage began, and it did not stop for a week.");
        let war = crate::taxonomy().index("war").unwrap_or(usize::MAX);
        let lexical = Engine::default().analyze(&doc);
        assert!(!lexical.labels[war].flagged);
        let a = semantic_engine(false).analyze(&doc);
        let result = &a.labels[war];
        assert!(result.flagged && result.reason.starts_with("sentence model"), "{result:?}");
        assert_eq!(result.evidence.iter().map(|e| e.sentence).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn implied_rape_non_con_needs_the_model_and_an_unheeded_refusal() {
        let engine = semantic_engine_for(false, &["rape-non-con"]);
        let rnc = crate::taxonomy().index("rape-non-con").unwrap_or(usize::MAX);
        let flagged = |text: &str| engine.analyze(&plain(text)).labels[rnc].flagged;
        assert!(flagged("After the barrage she told him no, twice. He didn't stop."));
        // Heeded, or not read that way by the model: no warning.
        assert!(!flagged("After the barrage she told him no, twice. He stopped at once and apologised."));
        assert!(!flagged("After the party she told him no, twice. He didn't stop."));
    }

    #[test]
    fn a_death_the_model_reads_without_its_words_is_major_character_death_in_a_short_work() {
        let engine = semantic_engine_for(false, &["death"]);
        let mcd = crate::taxonomy().index("major-character-death").unwrap_or(usize::MAX);
        let read = |text: &str| {
            let result = engine.analyze(&plain(text)).labels[mcd].clone();
            result.flagged && result.reason.starts_with("sentence model")
        };
        let result = engine
            .analyze(&plain(
                "After the barrage Kamal sat with Dolores. There was a gap in her breathing that did not end.",
            ))
            .labels[mcd]
            .clone();
        assert!(result.flagged && result.subject.is_none(), "{result:?}");
        // Nobody named; a death word the rules read (a phone); someone back from their funeral.
        assert!(!read("After the barrage they sat together. There was a gap in the breathing that did not end."));
        assert!(!read("After the barrage Kamal said his phone died on the hill."));
        assert!(!read(
            "After the barrage the whole town went to Ravi's funeral. Months later Ravi walked into the pub."
        ));
    }

    #[test]
    fn the_model_alone_finds_no_assault_without_sex_or_an_unwilling_person() {
        let engine = semantic_engine_for(false, &["sexual-assault"]);
        let assault = crate::taxonomy().index("sexual-assault").unwrap_or(usize::MAX);
        let flagged = |text: &str| engine.analyze(&plain(text)).labels[assault].flagged;
        // The head reads "barrage" windows as assault: alone, a parking ticket is not one.
        assert!(!flagged("After the barrage of fines Pete said he felt violated. He paid the ticket."));
        // With someone unwilling whom nothing heeds, it may be.
        assert!(flagged("After the barrage she told him no, twice. He didn't stop."));
    }

    #[test]
    fn a_failing_model_leaves_the_lexical_engine_and_a_reason() {
        let doc = plain("Then the barrage began.");
        let engine = semantic_engine(true);
        let raw = engine.raw(&doc);
        assert_eq!(raw.semantic.as_ref().and_then(|s| s.error.as_deref()), Some("out of memory"));
        let war = crate::taxonomy().index("war").unwrap_or(usize::MAX);
        assert!(!engine.finish(&raw, engine.calibration()).labels[war].flagged);
    }
}
