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
        let negotiated = sigs[scene.clone()].iter().any(|s| s.safeword >= 2.0)
            && sigs[scene.clone()].iter().any(|s| s.consent >= 2.0);
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
            let near = window(scene, i, 4, 4);
            let sex_near = max_sexual(sigs, near.clone());
            // A refusal in a sexual context (sexual activity nearby, or implied with force).
            let force_near = sigs[near.clone()].iter().map(|t| t.force).fold(0.0, f32::max);
            let bedroom_near = sigs[near.clone()].iter().any(|t| t.bedroom);
            // A bed alone is weak context: it takes restraint and an explicit refusal.
            let sexual_context = sex_near >= 2
                || sex_near >= 1 && force_near >= 2.0
                || bedroom_near && force_near >= 2.0 && s.refusal >= 3.0;
            if s.refusal >= 2.0 && !s.playful && sexual_context {
                let after = window(scene, i, 0, 4);
                let honoured = sigs[after.clone()].iter().any(|t| t.honour >= 2.0);
                let continued = sigs[after.clone()].iter().any(|t| t.continuation >= 2.0 || t.force >= 2.0)
                    || sigs[(i + 1).min(after.end)..after.end].iter().any(|t| t.sexual >= 2 && t.consent < 2.0);
                let consent_after = sigs[after.clone()].iter().any(|t| t.consent >= 3.0);
                if !honoured && !consent_after {
                    let (score, reason) = if continued {
                        (0.9, "a refusal in a sexual scene is not honoured")
                    } else {
                        (0.6, "a refusal in a sexual scene with no sign that it is honoured")
                    };
                    let mut evidence = vec![i];
                    evidence.extend(
                        after
                            .clone()
                            .filter(|&j| j != i && (sigs[j].continuation >= 2.0 || sigs[j].sexual >= 2))
                            .take(2),
                    );
                    consider(Decision { score, severity: Severity::Depicted, evidence, reason: reason.into() });
                }
            }
            // Force or restraint with sexual activity. Restraint alone is common in
            // negotiated kink, so weight-2 force needs a sign of unwillingness nearby.
            if s.force >= 2.0 && !negotiated {
                let close = window(scene, i, 2, 2);
                let sex_close = max_sexual(sigs, close);
                let unwilling = sigs[window(scene, i, 4, 4)]
                    .iter()
                    .any(|t| t.refusal >= 1.0 && !t.playful || t.incapacitation >= 2.0);
                let consent_near = sigs[window(scene, i, 3, 3)].iter().any(|t| t.consent >= 2.0);
                let fires = s.force >= 3.0 && sex_close >= 1 && !consent_near || sex_close >= 2 && unwilling;
                if fires {
                    let score = if s.force >= 3.0 && unwilling {
                        0.9
                    } else if s.force >= 3.0 {
                        0.75
                    } else {
                        0.7
                    };
                    consider(Decision {
                        score,
                        severity: Severity::Depicted,
                        evidence: vec![i],
                        reason: "force or restraint during sexual activity".into(),
                    });
                }
            }
            // Incapacitation before or during sexual activity (not sleep afterwards): the act
            // in a later sentence, or in the same one when someone objected nearby.
            if s.incapacitation >= 2.0 && !negotiated {
                let later = (i + 1).min(scene.end)..window(scene, i, 0, 4).end;
                let objected = sigs[window(scene, i, 4, 1)].iter().any(|t| t.refusal >= 1.0 && !t.playful);
                let sex_after =
                    max_sexual(sigs, later).max(if objected || s.incapacitation >= 3.0 { s.sexual } else { 0 });
                let consent_near = sigs[window(scene, i, 3, 3)].iter().any(|t| t.consent >= 2.0);
                if sex_after >= 2 && (s.incapacitation >= 3.0 || !consent_near || objected) {
                    let score = if s.incapacitation >= 3.0 { 0.85 } else { 0.65 };
                    consider(Decision {
                        score,
                        severity: Severity::Depicted,
                        evidence: vec![i],
                        reason: "sexual activity with an incapacitated character".into(),
                    });
                }
            }
            // An unambiguous assault cue, happening now: a rape word used as a verb, or an
            // assault cue with sexual activity or force nearby. "The rape" as a noun, or
            // "without consent" alone, is talk about it.
            let assault = s
                .cues
                .iter()
                .filter(|c| c.label == assault_label && c.base >= 3.0 && !c.noun_mention && !s.pluperfect)
                .filter(|c| {
                    c.phrase.starts_with("rap") || c.phrase.contains("molest") || sex_near >= 1 || s.force >= 2.0
                })
                .map(|c| c.weight)
                .fold(0.0, f32::max);
            if assault >= 2.5 {
                let score = if sex_near >= 2 || s.force >= 2.0 { 0.85 } else { 0.7 };
                consider(Decision {
                    score,
                    severity: Severity::Depicted,
                    evidence: vec![i],
                    reason: "an assault described as happening".into(),
                });
            }
        }
        if let Some(mut d) = best {
            if max_sexual(sigs, scene.clone()) >= 3 {
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
        let sexual: Vec<usize> = scene.clone().filter(|&i| sigs[i].sexual >= 2 && !sigs[i].backstory).collect();
        if sexual.is_empty() {
            continue;
        }
        let mut best: Option<Decision> = None;
        for &i in &sexual {
            for j in window(scene, i, 12, 12) {
                let s = &sigs[j];
                let strength = if s.stated_minor_age.is_some() {
                    0.85
                } else if s.minor >= 3.0 {
                    0.7
                } else {
                    0.0
                };
                let adult_here = s.adult >= 3.0 && s.stated_minor_age.is_none();
                if strength > 0.0 && !adult_here && best.as_ref().is_none_or(|b| strength > b.score) {
                    best = Some(Decision {
                        score: strength,
                        severity: if sigs[i].sexual >= 3 { Severity::Graphic } else { Severity::Depicted },
                        evidence: vec![i, j],
                        reason: "sexual activity in a scene that states a character is under 18".into(),
                    });
                }
            }
        }
        out.extend(best);
    }
    out
}

/// Major Character Death decisions.
pub fn major_character_death(sigs: &[SentenceSignals], scenes: &[Range<usize>], cast: &Cast) -> Vec<Decision> {
    let mut out = Vec::new();
    for scene in scenes {
        for i in scene.clone() {
            let s = &sigs[i];
            if s.death_event < 1.8 || s.backstory || s.hypothetical {
                continue;
            }
            let Some(name) = death::subject(sigs, i, cast) else { continue };
            if !cast.is_prominent(name) {
                continue;
            }
            // Undone: a reversal right after, or later on with the same character named.
            let soon = i..(i + 8).min(sigs.len());
            let later = i..(i + 40).min(sigs.len());
            let reversed = sigs[soon].iter().any(|t| t.reversal)
                || sigs[later].iter().any(|t| t.reversal && t.characters.iter().any(|&(n, _)| n == name));
            if reversed {
                continue;
            }
            let score = if cast.share(name) >= 0.08 { 0.85 } else { 0.7 };
            out.push(Decision {
                score,
                severity: Severity::Depicted,
                evidence: vec![i],
                reason: format!(
                    "a prominent named character ({}) dies",
                    cast.names.get(name).map_or("?", |n| n.as_str())
                ),
            });
            break;
        }
    }
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
            if s.backstory || s.frame >= 2.0 || s.game >= 1.5 {
                continue;
            }
            // Graphic detail here, with violence in this or the neighbouring sentences; the
            // most graphic detail (gore 3) is violence by itself.
            let bleed = s.cues.iter().filter(|c| c.label == blood).map(|c| c.weight).fold(0.0, f32::max);
            let graphic = s.gore.max(if bleed >= 2.0 { 2.0 } else { 0.0 });
            if graphic < 2.0 {
                continue;
            }
            let near = window(scene, i, 2, 2);
            // War is violence too (shells, shrapnel, bayonets).
            let v = sigs[near]
                .iter()
                .flat_map(|t| t.cues.iter())
                .filter(|c| c.label == violence || c.label == war)
                .map(|c| c.weight)
                .fold(0.0, f32::max);
            if v >= 1.5 || s.gore >= 3.0 || s.gore >= 2.0 && bleed >= 2.0 {
                evidence.push(i);
                strength = strength.max(graphic);
            }
        }
        if !evidence.is_empty() {
            let score = (0.45 + 0.1 * strength + 0.08 * evidence.len() as f32).min(0.95);
            out.push(Decision {
                score,
                severity: Severity::Graphic,
                evidence,
                reason: "violence with graphic bodily detail".into(),
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
