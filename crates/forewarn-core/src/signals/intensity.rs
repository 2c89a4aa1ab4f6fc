//! Intensity detector: graphic bodily detail (gore) and profanity.
//!
//! What it detects: gore terms ("entrails", "exposed bone", "blood sprayed") and profanity
//! by strength (mild "damn", strong "shit", severe "fuck").
//!
//! Why: AO3's Graphic Depictions Of Violence and the rating depend on how graphic the
//! violence is and how strong the language.
//!
//! Example: "Blood sprayed across the wall." gives gore 3.
//!
//! Limitations: graphic detail without listed words is missed; profanity in quoted
//! dialogue and narration counts the same.

use super::context::{negated_at, to_come_at};
use super::{SentenceSignals, SentenceView, Signal};

/// Sets `s.gore` and `s.profanity`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    for hit in view.hits {
        let weight = view.weight(hit);
        match view.signal(hit) {
            Some(Signal::Gore) if !negated_at(view, hit.first) && !s.hypothetical && !to_come_at(view, hit.first) => {
                s.gore = s.gore.max(weight)
            }
            Some(Signal::Profanity) => s.profanity = s.profanity.max(weight),
            _ => {}
        }
    }
    if s.frame >= 2.0 {
        s.gore *= 0.5;
    }
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn gore_and_profanity() {
        assert!(signals("Blood sprayed across the wall as the blade severed his arm.")[0].gore >= 2.0);
        assert!(signals("\"Fuck,\" he said.")[0].profanity >= 3.0);
        assert_eq!(signals("The garden was quiet.")[0].gore, 0.0);
    }

    #[test]
    fn several_is_not_severed() {
        assert_eq!(signals("Several of them were severely tried.")[0].gore, 0.0);
        assert!(signals("The severed hand lay on the floor.")[0].gore > 0.0);
    }

    #[test]
    fn gore_to_come_is_not_told() {
        // Around the World in 80 Days: a sacrifice the travellers prevent.
        assert_eq!(signals("\"The poor wretch!\" exclaimed Passepartout, \"to be burned alive!\"")[0].gore, 0.0);
        assert_eq!(signals("Tomorrow the prisoner will be burned alive.")[0].gore, 0.0);
        // Mary Elizabeth Braddon, Lady Audley's Secret (1862).
        assert_eq!(signals("\"I'd have been burnt alive before I'd have told her.\"")[0].gore, 0.0);
        assert!(signals("The prisoner was burned alive in the square.")[0].gore >= 3.0);
        // Lewis Carroll, Alice's Adventures in Wonderland (1865): an order and a habit.
        assert_eq!(signals("'Behead that Dormouse!'")[0].gore, 0.0);
        assert_eq!(signals("They're dreadfully fond of beheading people here.")[0].gore, 0.0);
        assert!(signals("The king was beheaded at dawn.")[0].gore >= 3.0);
        assert!(signals("The executioner beheads the traitor.")[0].gore >= 3.0);
    }

    #[test]
    fn older_words_are_no_swearing() {
        assert!(signals("The grey pricks his ears at the prickly pear.")[0].profanity < 2.0);
        assert!(signals("He had the ears of an ass.")[0].profanity < 2.0);
        assert!(signals("\"You prick,\" she said.")[0].profanity >= 2.0);
    }
}
