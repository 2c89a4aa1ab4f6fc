//! Death detector: death events, their subject, and reversals.
//!
//! What it detects: a sentence where a death happens (a strong `death` cue that is not
//! negated, hypothetical, figurative or inside a game), and who dies: the named character
//! right after a transitive verb ("killed Arlo"), else the nearest one before the cue
//! ("Arlo died"), else the last one named in the previous sentences (pronouns). Reversals
//! ("revived", "heart started again", "it was a dream") come from `reversal.txt`.
//!
//! Why: Major Character Death needs a prominent named character who dies and does not come
//! back; an unnamed guard's death is `death` only.
//!
//! Example: "The guard died instantly." is a death event with no named subject.
//!
//! Limitations: subjects are resolved by position, not parsing; "X watched Y die" picks Y
//! only when Y is nearer the cue.

use super::{SentenceSignals, SentenceView};

/// Words that refer to a character without naming them ("she died", "my wife stopped
/// breathing").
const REFERRING: &[&str] = &[
    "he",
    "she",
    "they",
    "i",
    "you",
    "we",
    "him",
    "her",
    "them",
    "wife",
    "husband",
    "mother",
    "father",
    "son",
    "daughter",
    "brother",
    "sister",
    "friend",
    "partner",
    "grandmother",
    "grandfather",
];

/// Sets `s.death_event` from the sentence's cues (after lexical discounts).
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    finalize(std::slice::from_mut(s));
    // "she died", "he was dead", "they were killed": a pronoun right before the cue.
    let death = crate::taxonomy().index("death");
    let cue =
        s.cues.iter().filter(|c| Some(c.label) == death && c.base >= 2.0).max_by(|a, b| a.weight.total_cmp(&b.weight));
    if let Some(cue) = cue {
        let k = view.tokens.iter().position(|t| t.start >= cue.range.start).unwrap_or(0);
        s.death_pronoun = view.tokens[k.saturating_sub(3)..k].iter().any(|t| REFERRING.contains(&t.lower()));
    }
}

/// Recomputes death events after frames have been applied.
pub fn finalize(signals: &mut [SentenceSignals]) {
    let death = crate::taxonomy().index("death");
    for s in signals {
        // Weight-1 cues (a funeral, a grave) are about death, not a death happening.
        s.death_event =
            s.cues.iter().filter(|c| Some(c.label) == death && c.base >= 2.0).map(|c| c.weight).fold(0.0, f32::max);
    }
}

/// Who dies in sentence `i`: a name index, if one can be resolved. `prominence` ranks names
/// (more is more prominent) to choose among candidates.
pub fn subject(signals: &[SentenceSignals], i: usize, prominence: &dyn Fn(usize) -> usize) -> Option<usize> {
    let s = signals.get(i)?;
    let death = crate::taxonomy().index("death");
    let cue = s
        .cues
        .iter()
        .filter(|c| Some(c.label) == death && c.base >= 2.0)
        .max_by(|a, b| a.weight.total_cmp(&b.weight))?;
    let transitive = [
        "kill",
        "murder",
        "shot",
        "shoot",
        "stab",
        "strangl",
        "behead",
        "execut",
        "slaughter",
        "assassin",
        "hang",
        "drown",
        "poison",
    ]
    .iter()
    .any(|v| cue.phrase.starts_with(v));
    if transitive {
        if let Some(&(name, _)) = s.characters.iter().find(|&&(_, at)| at >= cue.range.end && at <= cue.range.end + 3) {
            return Some(name);
        }
    }
    // Names before the cue in this sentence: the most prominent, then the nearest.
    let before: Vec<(usize, usize)> = s.characters.iter().copied().filter(|&(_, at)| at < cue.range.start).collect();
    if let Some(&(name, _)) = before.iter().rev().max_by_key(|&&(n, at)| (prominence(n), at)) {
        return Some(name);
    }
    // Only pronouns: the most prominent name in the sentences around it. Without a
    // pronoun ("there was killing") nobody in particular dies.
    if !s.death_pronoun {
        return None;
    }
    let from = i.saturating_sub(3);
    let to = (i + 2).min(signals.len());
    signals[from..to]
        .iter()
        .flat_map(|t| t.characters.iter())
        .map(|&(n, _)| n)
        .max_by_key(|&n| (prominence(n), usize::MAX - n))
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn death_events() {
        assert!(signals("The guard died instantly.")[0].death_event >= 2.0);
        assert!(signals("By the time the medics arrived, she was dead.")[0].death_event >= 1.8);
        assert!(signals("He did not die that day.")[0].death_event < 1.0);
        assert!(signals("I died twice on the boss level of the game.")[0].death_event < 2.0);
    }
}
