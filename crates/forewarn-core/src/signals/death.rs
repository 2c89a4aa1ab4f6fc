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

/// Sets `s.death_event` from the sentence's cues (after lexical discounts).
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    let _ = view;
    finalize(std::slice::from_mut(s));
}

/// Recomputes death events after frames have been applied.
pub fn finalize(signals: &mut [SentenceSignals]) {
    let death = crate::taxonomy().index("death");
    for s in signals {
        // Weight-1 cues (a funeral, a grave) are about death, not a death happening.
        s.death_event = s.cues.iter().filter(|c| Some(c.label) == death && c.base >= 2.0).map(|c| c.weight).fold(0.0, f32::max);
    }
}

/// Who dies in sentence `i`: a name index, if one can be resolved.
pub fn subject(signals: &[SentenceSignals], i: usize) -> Option<usize> {
    let s = signals.get(i)?;
    let death = crate::taxonomy().index("death");
    let cue = s.cues.iter().filter(|c| Some(c.label) == death && c.base >= 2.0).max_by(|a, b| a.weight.total_cmp(&b.weight))?;
    let transitive = ["kill", "murder", "shot", "shoot", "stab", "strangl", "behead", "execut", "slaughter", "assassin"]
        .iter()
        .any(|v| cue.phrase.starts_with(v));
    if transitive {
        if let Some(&(name, _)) = s.characters.iter().find(|&&(_, at)| at >= cue.range.end && at <= cue.range.end + 3) {
            return Some(name);
        }
    }
    if let Some(&(name, _)) = s.characters.iter().filter(|&&(_, at)| at < cue.range.start).last() {
        return Some(name);
    }
    (1..=2).filter_map(|back| i.checked_sub(back)).find_map(|j| signals[j].characters.last().map(|&(n, _)| n))
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn death_events() {
        assert!(signals("The guard died instantly.")[0].death_event >= 2.0);
        assert!(signals("He did not die that day.")[0].death_event < 1.0);
        assert!(signals("I died twice on the boss level of the game.")[0].death_event < 2.0);
    }
}
