//! Force and incapacitation detector.
//!
//! What it detects: restraint and force ("pinned", "held down", "tied up", "forced himself
//! on", "held by the spell") and incapacitation ("unconscious", "drugged", "too drunk to
//! stand", "asleep").
//!
//! Why: AO3's Rape/Non-Con covers a character "otherwise forced", not only one who refuses;
//! someone unconscious or drugged cannot consent.
//!
//! Example: "He held her down on the bed." gives force 2.
//!
//! Limitations: the same words appear in fights and in negotiated kink; this detector
//! only reports them, and scene reasoning decides (with sexual activity, consent and
//! safewords nearby) what they mean.

use super::context::negated_at;
use super::{SentenceSignals, SentenceView, Signal};

/// Sets `s.force` and `s.incapacitation`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    for hit in view.hits {
        if negated_at(view, hit.first) || view.own_gesture(hit) {
            continue;
        }
        let weight = view.weight(hit);
        match view.signal(hit) {
            Some(Signal::Force) => s.force = s.force.max(weight),
            Some(Signal::Incapacitation) => s.incapacitation = s.incapacitation.max(weight),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn force_and_incapacitation() {
        assert!(signals("He pinned her wrists and held her down.")[0].force >= 2.0);
        assert!(signals("She was unconscious on the sofa.")[0].incapacitation >= 2.0);
        assert_eq!(signals("Nobody held him down.")[0].force, 0.0);
    }

    #[test]
    fn words_that_share_a_stem_are_no_force_and_no_incapacitation() {
        // "unconsciously", "faintly", "sedately", "stones", a watch chain, "bounded", "ignorance".
        for other in [
            "She smiled unconsciously and faintly, and walked sedately up the path.",
            "The road was paved with stones.",
            "He wore a gold chain, and the deer bounded away.",
            "His ignorance was complete.",
        ] {
            let s = &signals(other)[0];
            assert_eq!((s.force, s.incapacitation, s.continuation), (0.0, 0.0, 0.0), "{other}");
        }
        assert!(signals("The patient was under sedation in the chair.")[0].incapacitation >= 2.0);
        assert!(signals("He was chained to the wall.")[0].force >= 2.0);
        assert!(signals("She fainted in the hall.")[0].incapacitation >= 2.0);
    }

    #[test]
    fn memory_gaps_and_a_body_that_will_not_answer_are_incapacitation() {
        assert!(signals("She had no memory of getting into the cab.")[0].incapacitation >= 3.0);
        assert!(signals("When she came to, the room was dark.")[0].incapacitation >= 3.0);
        assert!(signals("My body wouldn't move.")[0].incapacitation >= 3.0);
        assert_eq!(signals("She came to the door.")[0].incapacitation, 0.0);
    }

    #[test]
    fn a_hand_over_ones_own_mouth_is_a_gesture() {
        assert!(signals("He put his hand over her mouth.")[0].force >= 2.0);
        for gesture in ["Kezia had both hands over her mouth.", "She put her hand over her mouth."] {
            let s = &signals(gesture)[0];
            assert_eq!((s.force, s.continuation), (0.0, 0.0), "{gesture}");
        }
    }
}
