//! Sexual-activity detector: whether sexual activity happens in a sentence, and how
//! explicitly.
//!
//! What it detects: a level, 0 none, 1 implied ("they spent the night together"), 2
//! non-explicit ("they had sex", "he undressed her"), 3 explicit (anatomical and act terms),
//! from `data/signals/sexual.txt` and the explicit terms of the `pornographic-content`
//! lexicon. Kissing is not sexual activity (AO3: kissing does not count for Underage Sex).
//!
//! Why: the rating and the Rape/Non-Con and Underage Sex warnings all turn on it.
//!
//! Example: "They had sex for the first time that night." gives level 2.
//!
//! Limitations: euphemism beyond the lexicon reads as none; negated or hypothetical
//! mentions ("if they slept together") are ignored, which also drops some real ones.

use super::context::negated_at;
use super::{SentenceSignals, SentenceView, Signal};

/// Sets `s.sexual`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    s.bedroom = view.strongest(Signal::Bedroom) > 0.0;
    if s.hypothetical {
        return;
    }
    let porn = crate::taxonomy().index("pornographic-content");
    let mut level = 0.0f32;
    for hit in view.hits {
        if negated_at(view, hit.first) || view.idiom_covers(hit, "sexual") {
            continue;
        }
        let weight = view.weight(hit);
        if view.signal(hit) == Some(Signal::Sexual) {
            level = level.max(weight);
        } else if porn.is_some()
            && view.lexicons.label_of.get(entry_lexicon(view, hit)).copied().flatten() == porn
            && weight >= 3.0
        {
            // The label lexicon says *that* sex happens; how explicitly is `sexual.txt`'s call.
            level = level.max(2.0);
        }
    }
    s.sexual = level.round().clamp(0.0, 3.0) as u8;
}

fn entry_lexicon(view: &SentenceView<'_>, hit: &crate::lexicon::Hit) -> usize {
    view.lexicons.matcher.entries.get(hit.entry as usize).map_or(usize::MAX, |e| e.lexicon as usize)
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn levels() {
        assert_eq!(signals("The two adults had sex in their apartment.")[0].sexual, 2);
        assert_eq!(signals("They kissed goodnight at the door.")[0].sexual, 0);
        assert!(signals("Married for ten years, they slept together that night.")[0].sexual >= 1);
        assert_eq!(signals("If they had sex, everything would change.")[0].sexual, 0);
    }

    #[test]
    fn not_sex() {
        // A phrase is read within a clause.
        assert_eq!(signals("The beggars, shivering, slept, with heads bowed on their knees.")[0].sexual, 0);
        // A sex, not sex; a bare limb or a moan is not sexual activity.
        assert_eq!(signals("She had the whole of the other sex under her protection.")[0].sexual, 0);
        assert_eq!(signals("They are the embryos of a new sex, neither male nor female.")[0].sexual, 0);
        assert!(signals("Married for years, the two adults had sex that night.")[0].sexual >= 1);
        assert_eq!(signals("The old soldier stood naked to the waist at the pump.")[0].sexual, 0);
        assert_eq!(signals("The sea moaned all night.")[0].sexual, 0);
        // Other senses a stem would join (Moby-Dick): a posture, a stance, drinking bouts.
        assert_eq!(signals("The harpooneer dropped from his erect attitude to his seat.")[0].sexual, 0);
        assert_eq!(signals("This straddling captain never held on to anything.")[0].sexual, 0);
        assert_eq!(signals("The room was quiet after these orgies of the seamen.")[0].sexual, 0);
        assert_eq!(signals("She straddled him on the sofa.")[0].sexual, 2);
    }
}
