//! Scene reasoning: splits a work into scenes and decides AO3's four archive warnings from
//! signals that occur together in the same scene.
//!
//! A scene is a run of sentences inside one chapter between explicit scene breaks. Signals
//! combine only within a scene and within a few sentences of each other:
//! - Rape/Non-Con: sexual activity with, nearby, a refusal that is not honoured (and not
//!   playful), or force or restraint without negotiated consent, or incapacitation; or an
//!   unambiguous assault cue happening now. The same cues only recalled (backstory) give
//!   content `sexual-assault`, severity mentioned, and no archive warning.
//! - Underage Sex: sexual activity with a clear present-tense cue that a character is under
//!   18 in the same stretch of the scene. Ambiguous ages are assumed adult.
//! - Major Character Death: a death event whose subject is a prominent named character, not
//!   reversed later in the scene or the next stretch of the work.
//! - Graphic Depictions Of Violence: violence with graphic bodily detail (gore, blood)
//!   within a sentence of it, outside clinical or game frames.

use std::ops::Range;

use crate::signals::characters::Cast;
use crate::signals::{death, SentenceSignals};
use crate::{Document, Severity};

/// Cue strengths on the signals' 0..3 scale ([`SentenceSignals`]): a hint, a clear cue, an
/// unambiguous one.
const HINT: f32 = 1.0;
const CLEAR: f32 = 2.0;
/// A cue at least this strong after its discounts still says the thing, though figures of it
/// are beside it ("if I died tomorrow" says a death, weakly; "my phone died", at a tenth of its
/// weight, does not): see [`figurative_labels`].
pub(crate) const FIGURE_LEFT: f32 = 0.5;
const UNAMBIGUOUS: f32 = 3.0;
/// Levels of [`SentenceSignals::sexual`]: implied, on the page, explicit.
const IMPLIED_SEX: u8 = 1;
const SEX: u8 = 2;
const EXPLICIT_SEX: u8 = 3;
/// Gore levels ([`SentenceSignals::gore`]): graphic detail, and detail that is violence by itself.
const GRAPHIC: f32 = 2.0;
const MOST_GRAPHIC: f32 = 3.0;

/// Sentences on each side of a refusal, force or an assault cue in which sexual activity
/// (or unwillingness) belongs to the same act: a short exchange, not the whole scene.
const NEAR: usize = 4;
/// Sentences after a refusal in which it is honoured, or the act goes on.
const AFTER: usize = 4;
/// Sentences on each side of force (or of gore) that are the same moment.
const CLOSE: usize = 2;
/// Sentences on each side in which stated consent answers force or incapacitation.
const CONSENT_NEAR: usize = 3;
/// Sentences on each side of sexual activity in which an age cue describes its participants.
const AGE_NEAR: usize = 12;
/// Assault-cue weight (after context discounts) that says an assault happens now.
const ASSAULT_CUE: f32 = 2.5;

/// Rape/Non-Con strengths (before calibration): the clearer the combination, the higher.
const IGNORED_REFUSAL: f32 = 0.9;
/// A refusal in a sexual scene that is neither honoured nor visibly overridden.
const UNANSWERED_REFUSAL: f32 = 0.6;
const FORCE_AGAINST_UNWILLINGNESS: f32 = 0.9;
const FORCE: f32 = 0.75;
/// Weight-2 force (restraint) fires only against a sign of unwillingness.
const RESTRAINT_AGAINST_UNWILLINGNESS: f32 = 0.7;
const INCAPACITATED: f32 = 0.85;
const IMPAIRED: f32 = 0.65;
const ASSAULT_WITH_SEX: f32 = 0.85;
const ASSAULT: f32 = 0.7;

/// Underage strengths: an age stated under 18 is stronger than a cue like "schoolgirl".
const STATED_MINOR_AGE: f32 = 0.85;
const MINOR_CUE: f32 = 0.7;

/// Death-cue strength that is a death happening (not "dead tired", which scores lower).
const DEATH_EVENT: f32 = 1.8;
/// Sentences after a death in which any reversal undoes it ("he was breathing").
const REVERSAL_SOON: usize = 8;
/// Sentences after a death in which a reversal naming the same character undoes it.
const REVERSAL_LATER: usize = 40;
/// Sentences on each side of a death in a long work in which it is told again.
const DEATH_RETOLD: usize = 60;
/// Death-cue strength of a sentence that tells a death again ("his body", "her grave").
const RETOLD_DEATH_CUE: f32 = 1.0;
/// Share of the cast's mentions that makes a character a lead, whose death scores higher.
const LEAD_SHARE: f32 = 0.08;
const LEAD_DIES: f32 = 0.85;
const PROMINENT_DIES: f32 = 0.7;

/// Game-frame strength (paintball, a video game) under which violence is not counted.
const GAME_FRAME: f32 = 1.5;
/// Violence-cue weight within [`CLOSE`] sentences that makes gore violent.
const VIOLENCE_NEAR: f32 = 1.5;
/// Graphic-violence strength: a base, more for more graphic detail and for more graphic
/// sentences in the scene, capped.
const GV_BASE: f32 = 0.45;
const GV_PER_GORE: f32 = 0.1;
const GV_PER_SENTENCE: f32 = 0.08;
const GV_MAX: f32 = 0.95;
/// A work of more sentences than this is long (a novel, not a chapter or a scene).
const LONG_WORK_SENTENCES: usize = 2000;
/// Graphic sentences a scene of a long work needs for Graphic Violence.
const GV_SENTENCES_IN_LONG_WORK: usize = 2;

/// A decision about one archive warning in one scene.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Probability-like strength (0..1), before calibration.
    pub score: f32,
    /// How intense.
    pub severity: Severity,
    /// Sentences that justify it, most important first.
    pub evidence: Vec<usize>,
    /// A short explanation.
    pub reason: String,
    /// Who it is about, when it names someone (the character who dies).
    pub subject: Option<String>,
}

/// Scenes as sentence index ranges.
pub fn scenes(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut breaks = doc.scene_breaks.iter().peekable();
    for i in 1..doc.sentences.len() {
        let (prev, cur) = (&doc.sentences[i - 1], &doc.sentences[i]);
        let mut cut = prev.chapter != cur.chapter;
        while let Some(&&b) = breaks.peek() {
            if b <= cur.range.start {
                if b >= prev.range.end {
                    cut = true;
                }
                breaks.next();
            } else {
                break;
            }
        }
        if cut {
            out.push(start..i);
            start = i;
        }
    }
    if start < doc.sentences.len() {
        out.push(start..doc.sentences.len());
    }
    out
}

fn window(scene: &Range<usize>, i: usize, before: usize, after: usize) -> Range<usize> {
    i.saturating_sub(before).max(scene.start)..(i + after + 1).min(scene.end)
}

fn max_sexual(sigs: &[SentenceSignals], r: Range<usize>) -> u8 {
    sigs[r].iter().filter(|s| !s.backstory).map(|s| s.sexual).max().unwrap_or(0)
}

/// Rape/Non-Con decisions, one per scene where it fires.
pub fn rape_non_con(sigs: &[SentenceSignals], scenes: &[Range<usize>], assault_label: usize) -> Vec<Decision> {
    let mut out = Vec::new();
    for scene in scenes {
        let negotiated = sigs[scene.clone()].iter().any(|s| s.safeword >= CLEAR)
            && sigs[scene.clone()].iter().any(|s| s.consent >= CLEAR);
        let mut best: Option<Decision> = None;
        let mut consider = |d: Decision| {
            if best.as_ref().is_none_or(|b| d.score > b.score) {
                best = Some(d);
            }
        };
        for i in scene.clone() {
            let s = &sigs[i];
            if s.backstory || s.hypothetical {
                continue;
            }
            let near = window(scene, i, NEAR, NEAR);
            let sex_near = max_sexual(sigs, near.clone());
            // A refusal in a sexual context (sexual activity nearby, or implied with force).
            let force_near = sigs[near.clone()].iter().map(|t| t.force).fold(0.0, f32::max);
            let bedroom_near = sigs[near.clone()].iter().any(|t| t.bedroom);
            // A bed alone is weak context: it takes restraint and an explicit refusal.
            let sexual_context = sex_near >= SEX
                || sex_near >= IMPLIED_SEX && force_near >= CLEAR
                || bedroom_near && force_near >= CLEAR && s.refusal >= UNAMBIGUOUS;
            if s.refusal >= CLEAR && !s.playful && sexual_context && !laughed_off(sigs, scene, i) {
                let after = window(scene, i, 0, AFTER);
                let honoured = sigs[after.clone()].iter().any(|t| t.honour >= CLEAR);
                let continued = sigs[after.clone()].iter().any(|t| t.continuation >= CLEAR || t.force >= CLEAR)
                    || sigs[(i + 1).min(after.end)..after.end].iter().any(|t| t.sexual >= SEX && t.consent < CLEAR);
                let consent_after = sigs[after.clone()].iter().any(|t| t.consent >= UNAMBIGUOUS);
                if !honoured && !consent_after {
                    let (score, reason) = if continued {
                        (IGNORED_REFUSAL, "a refusal in a sexual scene is not honoured")
                    } else {
                        (UNANSWERED_REFUSAL, "a refusal in a sexual scene with no sign that it is honoured")
                    };
                    let mut evidence = vec![i];
                    evidence.extend(
                        after
                            .clone()
                            .filter(|&j| j != i && (sigs[j].continuation >= CLEAR || sigs[j].sexual >= SEX))
                            .take(2),
                    );
                    consider(Decision {
                        score,
                        severity: Severity::Depicted,
                        evidence,
                        reason: reason.into(),
                        subject: None,
                    });
                }
            }
            // Force or restraint with sexual activity. Restraint alone is common in
            // negotiated kink, so weight-2 force needs a sign of unwillingness nearby.
            if s.force >= CLEAR && !negotiated {
                let close = window(scene, i, CLOSE, CLOSE);
                let sex_close = max_sexual(sigs, close);
                let unwilling = sigs[window(scene, i, NEAR, NEAR)]
                    .iter()
                    .any(|t| t.refusal >= HINT && !t.playful || t.incapacitation >= CLEAR);
                let consent_near =
                    sigs[window(scene, i, CONSENT_NEAR, CONSENT_NEAR)].iter().any(|t| t.consent >= CLEAR);
                let fires = s.force >= UNAMBIGUOUS && sex_close >= IMPLIED_SEX && !consent_near
                    || sex_close >= SEX && unwilling;
                if fires {
                    let score = if s.force >= UNAMBIGUOUS && unwilling {
                        FORCE_AGAINST_UNWILLINGNESS
                    } else if s.force >= UNAMBIGUOUS {
                        FORCE
                    } else {
                        RESTRAINT_AGAINST_UNWILLINGNESS
                    };
                    consider(Decision {
                        score,
                        severity: Severity::Depicted,
                        evidence: vec![i],
                        reason: "force or restraint during sexual activity".into(),
                        subject: None,
                    });
                }
            }
            // Incapacitation before or during sexual activity (not sleep afterwards): the act
            // in a later sentence, or in the same one when someone objected nearby.
            if s.incapacitation >= CLEAR && !negotiated {
                let later = (i + 1).min(scene.end)..window(scene, i, 0, AFTER).end;
                let objected = sigs[window(scene, i, NEAR, 1)].iter().any(|t| t.refusal >= HINT && !t.playful);
                let sex_after =
                    max_sexual(sigs, later).max(if objected || s.incapacitation >= UNAMBIGUOUS { s.sexual } else { 0 });
                let consent_near =
                    sigs[window(scene, i, CONSENT_NEAR, CONSENT_NEAR)].iter().any(|t| t.consent >= CLEAR);
                if sex_after >= SEX && (s.incapacitation >= UNAMBIGUOUS || !consent_near || objected) {
                    let score = if s.incapacitation >= UNAMBIGUOUS { INCAPACITATED } else { IMPAIRED };
                    consider(Decision {
                        score,
                        severity: Severity::Depicted,
                        evidence: vec![i],
                        reason: "sexual activity with an incapacitated character".into(),
                        subject: None,
                    });
                }
            }
            // An unambiguous assault cue, happening now: a rape word used as a verb, or an
            // assault cue with sexual activity or force nearby. "The rape" as a noun, or
            // "without consent" alone, is talk about it.
            let assault = s
                .cues
                .iter()
                .filter(|c| c.label == assault_label && c.base >= UNAMBIGUOUS && !c.noun_mention && !s.pluperfect)
                .filter(|c| {
                    c.phrase.starts_with("rap")
                        || c.phrase.contains("molest")
                        || sex_near >= IMPLIED_SEX
                        || s.force >= CLEAR
                })
                .map(|c| c.weight)
                .fold(0.0, f32::max);
            if assault >= ASSAULT_CUE {
                let score = if sex_near >= SEX || s.force >= CLEAR { ASSAULT_WITH_SEX } else { ASSAULT };
                consider(Decision {
                    score,
                    severity: Severity::Depicted,
                    evidence: vec![i],
                    reason: "an assault described as happening".into(),
                    subject: None,
                });
            }
        }
        // In a long work the weakest combinations (a refusal with no sign either way, an
        // assault word with no sex or force near it) are as often talk or another sense
        // ("this monstrous molestation" of a kiss); there a scene needs a clear one.
        let floor = if sigs.len() > LONG_WORK_SENTENCES { FORCE } else { 0.0 };
        if let Some(mut d) = best.filter(|d| d.score >= floor) {
            if max_sexual(sigs, scene.clone()) >= EXPLICIT_SEX {
                d.severity = Severity::Graphic;
            }
            out.push(d);
        }
    }
    out
}

/// Underage Sex decisions.
pub fn underage_sex(sigs: &[SentenceSignals], scenes: &[Range<usize>]) -> Vec<Decision> {
    let mut out = Vec::new();
    for scene in scenes {
        let sexual: Vec<usize> = scene.clone().filter(|&i| sigs[i].sexual >= SEX && !sigs[i].backstory).collect();
        if sexual.is_empty() {
            continue;
        }
        let mut best: Option<Decision> = None;
        for &i in &sexual {
            for j in window(scene, i, AGE_NEAR, AGE_NEAR) {
                let s = &sigs[j];
                let strength = if s.stated_minor_age.is_some() {
                    STATED_MINOR_AGE
                } else if s.minor >= UNAMBIGUOUS {
                    MINOR_CUE
                } else {
                    0.0
                };
                let adult_here = s.adult >= UNAMBIGUOUS && s.stated_minor_age.is_none();
                if strength > 0.0 && !adult_here && best.as_ref().is_none_or(|b| strength > b.score) {
                    best = Some(Decision {
                        score: strength,
                        severity: if sigs[i].sexual >= EXPLICIT_SEX { Severity::Graphic } else { Severity::Depicted },
                        evidence: vec![i, j],
                        reason: "sexual activity in a scene that states a character is under 18".into(),
                        subject: None,
                    });
                }
            }
        }
        out.extend(best);
    }
    out
}

/// Words that, next to a name, say the character speaks ("said Mary", "Mary asked").
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "cried",
    "replied",
    "answered",
    "whispered",
    "exclaimed",
    "shouted",
    "muttered",
    "murmured",
    "called",
    "added",
    "continued",
    "returned",
    "rejoined",
    "observed",
    "remarked",
    "sighed",
    "repeated",
    "laughed",
    "smiled",
    "nodded",
    "interrupted",
    "retorted",
    "declared",
];
/// Titles skipped between a speech verb and the name ("said Mr. Rochester").
const TITLES: &[&str] = &["mr", "mrs", "miss", "ms", "dr", "sir", "lady", "lord", "captain", "master", "madame"];
/// A character who speaks this many times in the narration well after a death (past
/// [`REVERSAL_LATER`] sentences) did not die there: the "death" was a figure of speech, a
/// mistake, an order, or someone else's.
const SPEAKS_AFTER_DEATH: usize = 3;
/// How much less often than before a character is named after a death told once, for the
/// story to have gone on without them.
const GONE_RATE: f32 = 0.25;
/// How near (in bytes) the name stands to the death cue of a death told once: "Hatch, he is
/// dead", not a name at the start of a long sentence whose "passed away" is a mood's.
const GONE_NEAR: usize = 80;
/// Death cues that tell what follows a death (the grief, "the deceased") rather than the
/// death: a death told once must be told as a death.
const AFTERMATH: &[&str] = &["mourn", "griev", "condolence", "widow", "late ", "eulogy", "obituary", "deceased"];
/// Speeches that give a character a real presence in a long work, however rarely named.
const PRESENCE_SPEECHES: usize = 8;
/// Mentions that, with a voice (one attributed speech) and a pronoun of their own, give a
/// character a real presence in a long work: the narration attributes little of Helen Burns's
/// dialogue in Jane Eyre, but names her sixty times.
const PRESENCE_MENTIONS: usize = 20;

/// Whether the name mentioned at `at` is attributed speech: a speech verb right after it, or
/// right before it (titles skipped).
fn speaks_at(text: &str, at: usize) -> bool {
    let word_after = after_name(text, at).trim_start_matches([',', ' ']).split(|c: char| !c.is_alphabetic()).next();
    if word_after.is_some_and(|w| SPEECH_VERBS.contains(&w.to_lowercase().as_str())) {
        return true;
    }
    // 'she said, "Lyndall is dead."': a name that opens the speech is not its speaker.
    word_before_name(text, at)
        .is_some_and(|(w, gap)| SPEECH_VERBS.contains(&w.as_str()) && !gap.contains(['"', '“', '‘', '\'']))
}

/// The word before the name mentioned at `at`, lower-cased, titles skipped ("said Mr."),
/// with the text between it and the name.
fn word_before_name(text: &str, at: usize) -> Option<(String, &str)> {
    let before = text.get(..at).unwrap_or_default();
    let mut end = before.len();
    std::iter::from_fn(|| {
        let (last, c) = before[..end].char_indices().rev().find(|(_, c)| c.is_alphabetic())?;
        let word_end = last + c.len_utf8();
        let start =
            before[..last].char_indices().rev().find(|(_, c)| !c.is_alphabetic()).map_or(0, |(k, c)| k + c.len_utf8());
        end = start;
        Some((before[start..word_end].to_lowercase(), &before[word_end..]))
    })
    .find(|(w, _)| !TITLES.contains(&w.as_str()))
}

/// The text after the name mentioned at `at` (its word, initials and possessive skipped).
fn after_name(text: &str, at: usize) -> &str {
    text.get(at..)
        .unwrap_or_default()
        .trim_start_matches(|c: char| c.is_alphanumeric() || c == '.' || c == '\'' || c == '’')
}

/// Verbs that, right after a name, say its character lives on ("Lorna recovered, long ere I
/// did"): a death told before was a mistake or a fear.
const RECOVERY_VERBS: &[&str] = &["recovered", "survived", "revived", "rallied", "recovering", "survives", "recovers"];
/// Words allowed between the name and the verb ("Lorna had slowly recovered").
const BEFORE_RECOVERY: &[&str] = &["had", "has", "was", "slowly", "quickly", "soon", "at", "last", "fully", "then"];
/// Sentences after a death in which the same character recovering undoes it.
const RECOVERY_LATER: usize = 120;

/// Whether the name mentioned at `at` is said to recover or survive.
fn recovers_at(text: &str, at: usize) -> bool {
    let words = after_name(text, at).split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty());
    words
        .map(str::to_lowercase)
        .take(4)
        .find(|w| !BEFORE_RECOVERY.contains(&w.as_str()))
        .is_some_and(|w| RECOVERY_VERBS.contains(&w.as_str()))
}

/// For each name of the cast, the sentences (in order) where the narration gives them speech,
/// outside backstory and hypotheticals: found once per work, asked for each death.
fn speeches(doc: &Document, sigs: &[SentenceSignals], cast: &Cast) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); cast.names.len()];
    for (i, s) in sigs.iter().enumerate().filter(|(_, s)| !s.backstory && !s.hypothetical) {
        for &(name, at) in &s.characters {
            if let Some(said) = out.get_mut(name) {
                if said.last() != Some(&i) && speaks_at(&doc.text, at) {
                    said.push(i);
                }
            }
        }
    }
    out
}

/// Sentences where someone is unwilling and nothing heeds it: a refusal (not in play, not in a
/// negotiated scene) with no sign after it that it is honoured or that consent follows, or an
/// act that goes on despite an objection. No sexual words are needed:
/// with the sentence model reading the same passage as sexual assault, they make an implied
/// Rape/Non-Con ("she said she was too tired ... he didn't stop").
pub fn unheeded_unwillingness(sigs: &[SentenceSignals], scenes: &[Range<usize>]) -> Vec<usize> {
    let mut out = Vec::new();
    for scene in scenes {
        let negotiated = sigs[scene.clone()].iter().any(|s| s.safeword >= CLEAR)
            && sigs[scene.clone()].iter().any(|s| s.consent >= CLEAR);
        for i in scene.clone() {
            let s = &sigs[i];
            // "He carried on as if nothing had happened": he carried on.
            if s.backstory || s.hypothetical && !s.likeness {
                continue;
            }
            let refused = s.refusal >= CLEAR && !s.playful && !negotiated && !laughed_off(sigs, scene, i);
            // Someone unconscious cannot consent (asleep is as often a sleeper covered with a
            // blanket, or lovers asleep afterwards); force alone is left out: the model reads
            // a kidnapping at gunpoint as assault as readily as the real thing.
            let unconscious = s.incapacitation >= UNAMBIGUOUS;
            if !(refused || s.continuation >= CLEAR || unconscious) {
                continue;
            }
            // A game a few sentences off (a Monopoly board) makes a "No! Stop!" and a "did it
            // anyway" part of it.
            if sigs[window(scene, i, LAUGHED_OFF, LAUGHED_OFF)].iter().any(|t| t.game >= UNAMBIGUOUS) {
                continue;
            }
            let after = &sigs[window(scene, i, 0, AFTER)];
            // A consent after the act went on does not undo it ("He asked after if I wanted an
            // Uber. I said yes."); one before it does. One in a question or a conditional
            // agrees to nothing.
            let went_on = after
                .iter()
                .position(|t| t.continuation >= UNAMBIGUOUS && !t.hypothetical && !t.playful)
                .unwrap_or(after.len());
            let heeded = after.iter().any(|t| t.honour >= CLEAR)
                || after[..went_on].iter().any(|t| t.consent >= UNAMBIGUOUS && !t.hypothetical);
            if !heeded {
                out.push(i);
            }
        }
    }
    out
}

/// Sentences after a refusal in which laughter makes it play: an exclamation is often split
/// into sentences ("No! / Stop! / I surrender!" Harriet shrieked ... they lay there laughing).
const LAUGHED_OFF: usize = 4;

/// Whether the refusal in sentence `i` is play: outright laughter in the next [`LAUGHED_OFF`]
/// sentences of its scene, and nothing there goes on against anyone (a mocking laugh, "he
/// just laughed", is itself the act going on). A game told nearby is not enough: the game
/// cues also name a football social or music playing downstairs.
fn laughed_off(sigs: &[SentenceSignals], scene: &Range<usize>, i: usize) -> bool {
    let next = &sigs[window(scene, i, 0, LAUGHED_OFF)];
    next.iter().skip(1).any(|t| t.laughter >= UNAMBIGUOUS)
        && !next.iter().any(|t| t.continuation >= CLEAR || t.force >= CLEAR || t.incapacitation >= CLEAR)
}

/// How many consent features [`consent_features`] gives a window.
pub const CONSENT_FEATURES: usize = 10;

/// What a window's sentences say about consent, each on 0..1, for the sentence model's
/// Rape/Non-Con head to read beside the window's vector (the vector alone cannot tell a
/// refusal that is heeded from one that is not): the strongest refusal not in play, whether
/// one goes unheeded (`unwilling`, from [`unheeded_unwillingness`]), honour, consent, play,
/// an act going on, incapacitation, force, sexual activity, and the share of the window that
/// is told as backstory or hypothesis.
pub fn consent_features(sigs: &[SentenceSignals], range: Range<usize>, unwilling: &[usize]) -> [f32; CONSENT_FEATURES] {
    let sigs = &sigs[range.clone()];
    let max = |f: &dyn Fn(&SentenceSignals) -> f32| sigs.iter().map(f).fold(0.0f32, f32::max) / UNAMBIGUOUS;
    let unheeded = unwilling.iter().any(|i| range.contains(i));
    let told_aside = sigs.iter().filter(|s| s.backstory || s.hypothetical).count() as f32 / sigs.len().max(1) as f32;
    [
        max(&|s| if s.playful { 0.0 } else { s.refusal }),
        f32::from(u8::from(unheeded)),
        max(&|s| s.honour),
        max(&|s| s.consent.max(s.safeword)),
        f32::from(u8::from(sigs.iter().any(|s| s.playful))),
        max(&|s| s.continuation),
        max(&|s| s.incapacitation),
        max(&|s| s.force),
        max(&|s| f32::from(s.sexual)),
        told_aside,
    ]
    .map(|x| x.clamp(0.0, 1.0))
}

/// How many injury features [`injury_features`] gives a window.
pub const INJURY_FEATURES: usize = 7;
/// Where [`injury_features`] puts the clinical or historical frame.
pub const INJURY_FRAME: usize = 4;

/// What a window's sentences say about injury, each on 0..1, for the sentence model's
/// Graphic Depictions Of Violence head to read beside the window's vector (the vector reads a
/// market "bloodbath" or a review that "eviscerated" its author much as a wound): the most
/// graphic detail, blood, violence and war cues told in the story's present, the strongest
/// clinical or historical frame, the strongest game frame, and the share of the window told
/// as backstory or hypothesis.
pub fn injury_features(
    sigs: &[SentenceSignals],
    range: Range<usize>,
    (violence, blood, war): (usize, usize, usize),
) -> [f32; INJURY_FEATURES] {
    let sigs = &sigs[range];
    let now = || sigs.iter().filter(|s| !s.backstory && !s.hypothetical);
    let cue = |label: usize| {
        now().flat_map(|s| s.cues.iter()).filter(|c| c.label == label).map(|c| c.weight).fold(0.0f32, f32::max)
            / UNAMBIGUOUS
    };
    let max = |f: &dyn Fn(&SentenceSignals) -> f32| sigs.iter().map(f).fold(0.0f32, f32::max) / UNAMBIGUOUS;
    let told_aside = sigs.iter().filter(|s| s.backstory || s.hypothetical).count() as f32 / sigs.len().max(1) as f32;
    [
        now().map(|s| s.gore).fold(0.0f32, f32::max) / UNAMBIGUOUS,
        cue(blood),
        cue(violence),
        cue(war),
        // INJURY_FRAME
        max(&|s| s.frame),
        max(&|s| s.game),
        told_aside,
    ]
    .map(|x| x.clamp(0.0, 1.0))
}

/// What a window says about a death the sentence model reads in it, for Major Character Death
/// in a short work (the engine reads it with the death head): whether it names someone of the
/// cast, whether its words state a death (or a figure of one), whether a death is undone in
/// it or just after it, and whether it tells a death only as earlier than the story's now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeathFrame {
    /// A prominent character of the cast is named in the window.
    pub names_someone: bool,
    /// A strong death word ("died", "killed", "dead"), or one the lexicon reads as a figure
    /// ("my phone died"): the rules read what it means (a named death, or a game's YOU DIED,
    /// an author who killed off her detective); the model reads the word much as a death
    /// either way.
    pub worded: bool,
    /// A death undone in the window or just after ("was back in the fight"), or someone whose
    /// death it names seen again ("Ravi Chandran's funeral", then "Ravi walked into the
    /// Anchor").
    pub undone: bool,
    /// Every sentence here with a death cue (a funeral, a grave) is told as earlier than the
    /// story's now ("Ever since the funeral, the man from church had been ringing"): a death
    /// before the story, at most mentioned.
    pub before: bool,
}

/// The labels whose words in the window are, every one, a figure or another sense ("my phone
/// died", "career suicide", "I've killed another basil"): a sentence read one that way, and no
/// cue of the label left standing at [`FIGURE_LEFT`]. A sentence model reads such words much
/// as the thing itself.
pub fn figurative_labels(sigs: &[SentenceSignals], window: Range<usize>) -> Vec<usize> {
    let sentences = &sigs[window];
    let mut labels: Vec<usize> = sentences.iter().flat_map(|s| s.figures.iter().copied()).collect();
    labels.sort_unstable();
    labels.dedup();
    labels.retain(|&l| !sentences.iter().any(|s| s.cues.iter().any(|c| c.label == l && c.weight >= FIGURE_LEFT)));
    labels
}

/// A window's [`DeathFrame`] (`text`: the document's).
pub fn death_frame(text: &str, sigs: &[SentenceSignals], window: Range<usize>, cast: &Cast) -> DeathFrame {
    let death = crate::taxonomy().index("death");
    let sentences = &sigs[window.clone()];
    let after = &sigs[window.start..(window.end + REVERSAL_SOON).min(sigs.len())];
    let cued = |s: &SentenceSignals| s.cues.iter().any(|c| Some(c.label) == death);
    // Someone whose death the window names ("Ravi Chandran's funeral") named again later,
    // not as an owner ("Ravi walked into the Anchor"; "Ravi's sister" is someone else) and
    // with no death in the sentence: they are back.
    let returns = after.iter().enumerate().filter(|&(_, s)| cued(s)).any(|(j, s)| {
        s.characters.iter().any(|&(name, _)| {
            after[j + 1..]
                .iter()
                .filter(|t| !cued(t))
                .any(|t| t.characters.iter().any(|&(n, at)| n == name && !possessive_at(text, at)))
        })
    });
    DeathFrame {
        names_someone: sentences.iter().any(|s| s.characters.iter().any(|&(n, _)| cast.is_prominent(n))),
        worded: sentences
            .iter()
            .any(|s| s.figured(death) || s.cues.iter().any(|c| Some(c.label) == death && c.base >= CLEAR)),
        undone: returns || after.iter().any(|s| s.reversal),
        before: sentences.iter().any(cued) && sentences.iter().filter(|s| cued(s)).all(|s| s.backstory || s.pluperfect),
    }
}

/// Whether the name at byte `at` of `text` is a possessive ("Ravi's").
fn possessive_at(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or("");
    let name_end = rest.find(|c: char| !c.is_alphanumeric() && c != '-').unwrap_or(rest.len());
    let after = &rest[name_end..];
    after.starts_with("'s")
        || after.starts_with("\u{2019}s")
        || after.starts_with('\'')
        || after.starts_with('\u{2019}')
}

/// Major Character Death decisions.
pub fn major_character_death(
    doc: &Document,
    sigs: &[SentenceSignals],
    scenes: &[Range<usize>],
    cast: &Cast,
) -> Vec<Decision> {
    let mut out = Vec::new();
    // Who speaks where: only worked out once a death gets this far.
    let speeches_once = std::cell::OnceCell::new();
    for scene in scenes {
        for i in scene.clone() {
            let s = &sigs[i];
            if s.death_event < DEATH_EVENT || s.backstory || s.hypothetical || s.hedged {
                continue;
            }
            // In a long work a death the story tells happens in a verb ("died", "killed him",
            // "was dead"); a noun ("the death of Sir Charles") talks about one, most often one
            // before the story. It still counts as the death told again below.
            if cast.is_long() && s.death_nominal {
                continue;
            }
            // A pet's death ("our dog Rufus died") is no character's.
            let Some(name) = death::subject(sigs, i, cast).filter(|&n| !cast.is_pet(n)) else { continue };
            // Major: among the most named, or in a long work someone with a real presence
            // though named less than its leads: who speaks often, or who speaks, is named
            // often and has a pronoun of their own (Helen Burns, in a few chapters of Jane
            // Eyre). A name with no pronoun is less often a person, and less often the one a
            // "she died" means.
            let said = speeches_once.get_or_init(|| speeches(doc, sigs, cast)).get(name).map_or(&[][..], Vec::as_slice);
            let present = cast.is_long()
                && (said.len() >= PRESENCE_SPEECHES
                    || !said.is_empty()
                        && cast.counts[name] >= PRESENCE_MENTIONS
                        && cast.genders.get(name).is_some_and(Option::is_some));
            if !cast.is_prominent(name) && !present {
                continue;
            }
            // Undone: a reversal right after, or later on with the same character named.
            let soon = i..(i + REVERSAL_SOON).min(sigs.len());
            let later = i..(i + REVERSAL_LATER).min(sigs.len());
            // "brought her back" right after a man's death revives someone else.
            let gender = cast.genders.get(name).copied().flatten();
            let revives = |t: &SentenceSignals| {
                t.reversal && (t.reversal_of.is_none() || gender.is_none() || t.reversal_of == gender)
            };
            let reversed = sigs[soon].iter().any(revives)
                || sigs[later].iter().any(|t| t.reversal && t.characters.iter().any(|&(n, _)| n == name));
            let recovers = || {
                sigs[i + 1..(i + RECOVERY_LATER).min(sigs.len())]
                    .iter()
                    .any(|t| t.characters.iter().any(|&(n, at)| n == name && recovers_at(&doc.text, at)))
            };
            let later = said.len() - said.partition_point(|&j| j < i + REVERSAL_LATER);
            if reversed || later >= SPEAKS_AFTER_DEATH || recovers() {
                continue;
            }
            // In a long work a character is someone the text treats as a person: with a
            // pronoun of their own, or speaking; a place or a people ("London", "Indians") is not.
            let person = cast.genders.get(name).is_some_and(Option::is_some) || !said.is_empty();
            if cast.is_long() && !person {
                continue;
            }
            // In a long work a character with a real presence in the story has spoken before
            // dying; someone who is only talked about ("Flint is dead", the late Sir Charles)
            // died before the story, or off it.
            if cast.is_long() && said.first().is_none_or(|&j| j >= i) {
                continue;
            }
            // In a long work a death the story tells is told more than once: the death and its
            // aftermath (the body, the grief, the funeral) name the same person. One sentence
            // alone is more often a figure, a memory or a mistake.
            let told_again = || {
                let names = |t: &SentenceSignals| t.characters.iter().any(|&(n, _)| n == name);
                let near = i.saturating_sub(DEATH_RETOLD)..(i + DEATH_RETOLD + 1).min(sigs.len());
                near.filter(|&j| j != i).any(|j| {
                    let t = &sigs[j];
                    // Named, or meant ("she died so, with her hand unraised").
                    t.death_event >= RETOLD_DEATH_CUE && !t.hypothetical && names(t)
                        || t.death_event >= DEATH_EVENT
                            && !t.hypothetical
                            && death::subject(sigs, j, cast) == Some(name)
                })
            };
            // Or the story goes on without them: never heard again, and named far less often
            // than before, since they first spoke (Hatch, told dead once, is gone from the
            // rest of the book).
            let named_after = || {
                let names = |t: &SentenceSignals| t.characters.iter().filter(|&&(n, _)| n == name).count();
                let first = said.first().copied().unwrap_or(i).min(i);
                let before: usize = sigs[first..i].iter().map(names).sum();
                let after: usize = sigs[i + 1..].iter().map(names).sum();
                let rate = |count: usize, span: usize| count as f32 / span.max(1) as f32;
                rate(after, sigs.len() - i - 1) / rate(before, i - first).max(f32::EPSILON)
            };
            let gone = || {
                let death = crate::taxonomy().index("death");
                // The name is the death's subject: before the cue and near it, in the same
                // clause (no dash or bracket between: "who - according to Mr. Eager - had been
                // murdered"), not its agent ("shot by Mr. Trelawney ... died").
                let near = |c: &crate::signals::Cue| {
                    s.characters.iter().any(|&(n, at)| {
                        let between = doc.text.get(at..c.range.start).unwrap_or(";");
                        n == name
                            && at < c.range.start
                            && c.range.start - at <= GONE_NEAR
                            && !between.contains([';', ':', '—', '–', '(', ')'])
                            && !between.contains(" - ")
                            && word_before_name(&doc.text, at).is_none_or(|(w, _)| w != "by")
                    })
                };
                // Told as a death, not as what follows one ("Lurgan ... mourned").
                let aftermath = |c: &crate::signals::Cue| AFTERMATH.iter().any(|m| c.phrase.starts_with(m));
                s.cues.iter().any(|c| {
                    Some(c.label) == death && c.weight >= DEATH_EVENT && !c.negated && near(c) && !aftermath(c)
                }) && said.last().is_none_or(|&j| j < i)
                    && named_after() <= GONE_RATE
            };
            if sigs.len() > LONG_WORK_SENTENCES && !told_again() && !gone() {
                continue;
            }
            let score = if cast.share(name) >= LEAD_SHARE { LEAD_DIES } else { PROMINENT_DIES };
            let who = cast.names.get(name).map_or("?", |n| n.as_str());
            out.push(Decision {
                score,
                severity: Severity::Depicted,
                evidence: vec![i],
                reason: format!("a prominent named character ({who}) dies"),
                subject: Some(who.to_string()),
            });
            break;
        }
    }
    // Latest first: between equals, the death the story builds to is the one to name; an
    // early one is more often a misreading or a minor character.
    out.reverse();
    out
}

/// Graphic Depictions Of Violence decisions.
pub fn graphic_violence(
    sigs: &[SentenceSignals],
    scenes: &[Range<usize>],
    violence: usize,
    blood: usize,
    war: usize,
) -> Vec<Decision> {
    let mut out = Vec::new();
    for scene in scenes {
        let mut evidence = Vec::new();
        let mut strength = 0.0f32;
        for i in scene.clone() {
            let s = &sigs[i];
            if s.backstory || s.frame >= CLEAR || s.game >= GAME_FRAME {
                continue;
            }
            // Graphic detail here, with violence in this or the neighbouring sentences; the
            // most graphic detail (gore 3) is violence by itself.
            let bleed = s.cues.iter().filter(|c| c.label == blood).map(|c| c.weight).fold(0.0, f32::max);
            let graphic = s.gore.max(if bleed >= CLEAR { GRAPHIC } else { 0.0 });
            if graphic < GRAPHIC {
                continue;
            }
            let near = window(scene, i, CLOSE, CLOSE);
            // War is violence too (shells, shrapnel, bayonets).
            let v = sigs[near]
                .iter()
                .flat_map(|t| t.cues.iter())
                .filter(|c| c.label == violence || c.label == war)
                .map(|c| c.weight)
                .fold(0.0, f32::max);
            if v >= VIOLENCE_NEAR || s.gore >= MOST_GRAPHIC || s.gore >= GRAPHIC && bleed >= CLEAR {
                evidence.push(i);
                strength = strength.max(graphic);
            }
        }
        // In a long work one graphic word is often another sense of it ("impaling files", a
        // "gored umbrella", feet "flayed" by the cold); a depicted injury takes more than one
        // sentence of the scene.
        let enough = if sigs.len() > LONG_WORK_SENTENCES { GV_SENTENCES_IN_LONG_WORK } else { 1 };
        if evidence.len() >= enough {
            let score = (GV_BASE + GV_PER_GORE * strength + GV_PER_SENTENCE * evidence.len() as f32).min(GV_MAX);
            out.push(Decision {
                score,
                severity: Severity::Graphic,
                evidence,
                reason: "violence with graphic bodily detail".into(),
                subject: None,
            });
        }
    }
    out
}

#[cfg(test)]
// One scene is a one-element slice of ranges, on purpose.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use crate::signals::SentenceSignals;

    fn s() -> SentenceSignals {
        SentenceSignals::default()
    }

    const ASSAULT: usize = usize::MAX;

    #[test]
    fn a_name_that_speaks() {
        let at = |text: &str| speaks_at(text, text.find("Lyndall").expect("the name"));
        assert!(at("\"Go,\" said Lyndall."));
        assert!(at("\"Go,\" said Miss Lyndall."));
        assert!(at("Lyndall answered him slowly."));
        // The name that opens what someone else says is not its speaker.
        assert!(!at("\"Waldo,\" she said, \"Lyndall is dead.\""));
        assert!(!at("Em said, 'Lyndall is gone.'"));
        assert!(!at("They walked with Lyndall."));
    }

    fn frame(text: &str) -> DeathFrame {
        use forewarn_text::{Meta, SourceFormat, SourceMap};
        let doc =
            Document::from_plain_text(text.into(), SourceMap::identity("t", text.len()), Meta::new(SourceFormat::Txt));
        let (sigs, cast) = crate::signals::analyze_sentences(&doc, &crate::signals::Lexicons::with_custom(&[]));
        death_frame(&doc.text, &sigs, 0..sigs.len(), &cast)
    }

    #[test]
    fn a_death_frame_reads_names_death_words_and_returns() {
        let quiet = frame("Kamal sat with Dolores. There was a gap in her breathing that did not end.");
        assert!(quiet.names_someone && !quiet.worded && !quiet.undone, "{quiet:?}");
        assert!(!frame("They sat together. There was a gap in the breathing that did not end.").names_someone);
        assert!(frame("Halfway up the hill Farida said her phone had died.").worded);
        assert!(frame("Halfway up the hill Farida said her phone died.").worded, "an idiom");
        // Back after their own funeral; a relative named by a possessive is someone else.
        assert!(frame("The town went to Ravi's funeral. Months later Ravi walked into the pub.").undone);
        assert!(!frame("The town went to Ruth's funeral. Ruth's sister read a poem.").undone);
        assert!(frame("Thistle died holding the bridge. The cleric revived him.").undone);
        // A death before the story: every sentence that tells of it is earlier than its now.
        assert!(frame("Ever since the funeral, a man had been ringing Margaret every night.").before);
        assert!(!frame("Ama stood in the crematorium holding the order of service.").before);
    }

    #[test]
    fn a_name_that_recovers() {
        let at = |text: &str| recovers_at(text, text.find("Lorna").expect("the name"));
        assert!(at("But one thing is certain: Lorna recovered, long ere I did."));
        assert!(at("Lorna had slowly recovered."));
        // Whoever recovers a thing is alive too.
        assert!(at("Lorna recovered her strength."));
        assert!(!at("Of them all, Lorna's sister survived."));
        assert!(!at("Lorna was buried on the hill."));
        assert!(!at("They had recovered Lorna's body."));
    }

    #[test]
    fn unhonoured_refusal_in_sex_is_rape_non_con() {
        let sigs = vec![
            SentenceSignals { sexual: 2, ..s() },
            SentenceSignals { refusal: 3.0, ..s() },
            SentenceSignals { continuation: 2.0, sexual: 2, ..s() },
        ];
        let d = rape_non_con(&sigs, &[0..3], ASSAULT);
        assert_eq!(d.len(), 1);
        assert!(d[0].score >= 0.8);
    }

    #[test]
    fn honoured_refusal_and_play_are_not() {
        let honoured = vec![
            SentenceSignals { sexual: 2, ..s() },
            SentenceSignals { refusal: 3.0, ..s() },
            SentenceSignals { honour: 3.0, ..s() },
        ];
        assert!(rape_non_con(&honoured, &[0..3], ASSAULT).is_empty());
        let snowball = vec![SentenceSignals { refusal: 3.0, playful: true, ..s() }, s()];
        assert!(rape_non_con(&snowball, &[0..2], ASSAULT).is_empty());
        let no_sex = vec![SentenceSignals { refusal: 3.0, ..s() }, SentenceSignals { continuation: 2.0, ..s() }];
        assert!(rape_non_con(&no_sex, &[0..2], ASSAULT).is_empty());
    }

    #[test]
    fn negotiated_kink_is_not_force() {
        let kink = vec![
            SentenceSignals { safeword: 3.0, consent: 3.0, ..s() },
            SentenceSignals { force: 2.0, sexual: 2, ..s() },
        ];
        assert!(rape_non_con(&kink, &[0..2], ASSAULT).is_empty());
        let rough = vec![SentenceSignals { force: 2.0, sexual: 2, ..s() }];
        assert!(rape_non_con(&rough, &[0..1], ASSAULT).is_empty(), "restraint alone is not enough");
        let unwilling = vec![SentenceSignals { refusal: 1.0, ..s() }, SentenceSignals { force: 2.0, sexual: 2, ..s() }];
        assert_eq!(rape_non_con(&unwilling, &[0..2], ASSAULT).len(), 1);
        let forced = vec![SentenceSignals { force: 3.0, sexual: 2, ..s() }];
        assert_eq!(rape_non_con(&forced, &[0..1], ASSAULT).len(), 1);
    }

    #[test]
    fn unwillingness_counts_only_when_nothing_heeds_it() {
        // No sexual words needed: the sentence model judges what the passage is about.
        let ignored = vec![s(), SentenceSignals { refusal: 3.0, ..s() }, SentenceSignals { continuation: 2.0, ..s() }];
        assert_eq!(unheeded_unwillingness(&ignored, &[0..3]), vec![1, 2]);
        let honoured = vec![SentenceSignals { refusal: 3.0, ..s() }, SentenceSignals { honour: 3.0, ..s() }];
        assert!(unheeded_unwillingness(&honoured, &[0..2]).is_empty());
        let consent_after = vec![SentenceSignals { refusal: 2.0, ..s() }, SentenceSignals { consent: 3.0, ..s() }];
        assert!(unheeded_unwillingness(&consent_after, &[0..2]).is_empty());
        let play = vec![SentenceSignals { refusal: 3.0, playful: true, ..s() }];
        assert!(unheeded_unwillingness(&play, &[0..1]).is_empty());
        let negotiated =
            vec![SentenceSignals { safeword: 3.0, consent: 3.0, ..s() }, SentenceSignals { refusal: 2.0, ..s() }];
        assert!(unheeded_unwillingness(&negotiated, &[0..2]).is_empty());
        // A board game a few sentences off makes "No! Stop!" and "did it anyway" part of it.
        let game = vec![
            SentenceSignals { refusal: 2.0, ..s() },
            SentenceSignals { game: 3.0, ..s() },
            SentenceSignals { continuation: 2.0, ..s() },
        ];
        assert!(unheeded_unwillingness(&game, &[0..3]).is_empty());
        // Force alone is a kidnapping's as much as an assault's.
        assert!(unheeded_unwillingness(&[SentenceSignals { force: 3.0, ..s() }], &[0..1]).is_empty());
        let recalled = vec![SentenceSignals { refusal: 3.0, backstory: true, ..s() }];
        assert!(unheeded_unwillingness(&recalled, &[0..1]).is_empty());
        // A "yes" after the act went on ("He asked if I wanted an Uber. I said yes.") heals
        // nothing; one between a refusal and the act still does.
        let went_on = vec![
            SentenceSignals { refusal: 3.0, ..s() },
            SentenceSignals { continuation: 3.0, ..s() },
            SentenceSignals { consent: 3.0, ..s() },
        ];
        assert_eq!(unheeded_unwillingness(&went_on, &[0..3]), vec![0, 1]);
        let changed_mind = vec![
            SentenceSignals { refusal: 3.0, ..s() },
            SentenceSignals { consent: 3.0, ..s() },
            SentenceSignals { continuation: 3.0, ..s() },
        ];
        assert_eq!(unheeded_unwillingness(&changed_mind, &[0..3]), vec![2]);
        // A "yes" in a question or a conditional agrees to nothing.
        let asked =
            vec![SentenceSignals { refusal: 3.0, ..s() }, SentenceSignals { consent: 3.0, hypothetical: true, ..s() }];
        assert_eq!(unheeded_unwillingness(&asked, &[0..2]), vec![0]);
        // "He carried on as if nothing had happened" tells that he carried on; "if" does not.
        let likeness = vec![SentenceSignals { continuation: 3.0, hypothetical: true, likeness: true, ..s() }];
        assert_eq!(unheeded_unwillingness(&likeness, &[0..1]), vec![0]);
        let conditional = vec![SentenceSignals { continuation: 3.0, hypothetical: true, ..s() }];
        assert!(unheeded_unwillingness(&conditional, &[0..1]).is_empty());
    }

    #[test]
    fn laughter_a_few_sentences_on_makes_a_refusal_play() {
        // "No! / Stop! / I surrender!" Harriet shrieked ... / they lay there laughing.
        let refusal = SentenceSignals { refusal: 2.0, ..s() };
        let laughing = SentenceSignals { laughter: 3.0, playful: true, ..s() };
        let snowball = vec![refusal.clone(), refusal.clone(), s(), s(), laughing.clone()];
        assert!(unheeded_unwillingness(&snowball, &[0..5]).is_empty());
        // A smile is not enough, nor laughter too far on, nor laughter beside the act going on.
        let smile = SentenceSignals { laughter: 1.0, ..s() };
        assert_eq!(unheeded_unwillingness(&[refusal.clone(), smile], &[0..2]), vec![0]);
        let far = vec![refusal.clone(), s(), s(), s(), s(), s(), laughing.clone()];
        assert_eq!(unheeded_unwillingness(&far, &[0..7]), vec![0]);
        let mocking = vec![refusal, SentenceSignals { continuation: 2.0, ..laughing }];
        assert_eq!(unheeded_unwillingness(&mocking, &[0..2]), vec![0, 1]);
    }

    #[test]
    fn consent_features_summarise_a_window() {
        let sigs = vec![
            SentenceSignals { refusal: 3.0, ..s() },
            SentenceSignals { honour: 1.5, backstory: true, ..s() },
            SentenceSignals { refusal: 3.0, playful: true, ..s() },
        ];
        let f = consent_features(&sigs, 0..2, &[0]);
        assert_eq!(f[0], 1.0, "refusal");
        assert_eq!(f[1], 1.0, "unheeded");
        assert_eq!(f[2], 0.5, "honour");
        assert_eq!(f[9], 0.5, "told aside");
        // A refusal in play is no refusal; the window's own sentences only.
        let f = consent_features(&sigs, 2..3, &[0]);
        assert_eq!((f[0], f[1], f[4]), (0.0, 0.0, 1.0));
    }

    #[test]
    fn injury_features_read_the_story_present() {
        use crate::signals::Cue;
        let (violence, blood, war) = (1, 2, 3);
        let cue = |label: usize, weight: f32| Cue {
            label,
            base: weight,
            weight,
            range: crate::TextRange::new(0, 0),
            phrase: "cue".into(),
            negated: false,
            noun_mention: false,
        };
        let sigs = vec![
            SentenceSignals { gore: 3.0, backstory: true, ..s() },
            SentenceSignals { gore: 1.5, cues: vec![cue(violence, 3.0), cue(blood, 1.5)], ..s() },
            SentenceSignals { game: 3.0, cues: vec![cue(war, 3.0)], hypothetical: true, ..s() },
        ];
        let f = injury_features(&sigs, 0..3, (violence, blood, war));
        // The remembered wound and the hypothetical war are not in the story's present.
        assert_eq!(&f[..4], &[0.5, 0.5, 1.0, 0.0]);
        assert_eq!(f[5], 1.0, "game");
        assert!((f[6] - 2.0 / 3.0).abs() < 1e-6, "told aside");
    }

    // Underage logic is tested on signal structs only: an age cue (from a non-sexual sentence)
    // combined with a sexual-activity level (from a sentence about adults), never on text.
    #[test]
    fn underage_needs_both_signals_in_one_scene() {
        let age = SentenceSignals { minor: 3.0, stated_minor_age: Some(15), ..s() };
        let act = SentenceSignals { sexual: 2, ..s() };
        assert_eq!(underage_sex(&[age.clone(), act.clone()], &[0..2]).len(), 1);
        assert!(underage_sex(&[age.clone(), act.clone()], &[0..1, 1..2]).is_empty(), "different scenes");
        assert!(underage_sex(&[age, s()], &[0..2]).is_empty(), "no sexual activity");
        let vague = SentenceSignals { minor: 1.0, ..s() };
        assert!(underage_sex(&[vague, act], &[0..2]).is_empty(), "ambiguous ages are adult");
    }
}
