//! Intensity detector: graphic bodily detail (gore) and profanity.
//!
//! What it detects: gore terms ("entrails", "exposed bone", "blood sprayed") and profanity
//! by strength (mild "damn", strong "shit", severe "fuck").
//!
//! Why: AO3's Graphic Depictions Of Violence and the rating depend on how graphic the
//! violence is and how strong the language.
//!
//! Example: "Blood sprayed across the wall." gives gore 3; "her cheek split open to the
//! bone" (a body part cut or torn open, [`open_wound`]) gives gore 3.
//!
//! Limitations: graphic detail without listed words is missed; profanity in quoted
//! dialogue and narration counts the same.

use super::context::{negated_at, to_come_at};
use super::lexical::harm_as_a_figure;
use super::{breaks_clause, SentenceSignals, SentenceView, Signal};

/// Sets `s.gore` and `s.profanity`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    // Gore told as happening: not negated, hypothetical or yet to come.
    let told = |first: usize| !negated_at(view, first) && !s.hypothetical && !to_come_at(view, first);
    let mut gore = 0.0f32;
    for hit in view.hits {
        let weight = view.weight(hit);
        match view.signal(hit) {
            Some(Signal::Gore) if told(hit.first) && !harm_as_a_figure(view, hit) => gore = gore.max(weight),
            Some(Signal::Profanity) => s.profanity = s.profanity.max(weight),
            _ => {}
        }
    }
    if let Some((_, weight)) = open_wound(view).filter(|&(first, _)| told(first)) {
        gore = gore.max(weight);
    }
    s.gore = s.gore.max(gore);
    if s.frame >= 2.0 {
        s.gore *= 0.5;
    }
}

/// Verbs that leave a body part open: "split open", "laid open", "sliced his arm open".
const OPENING_VERBS: &[&str] = &[
    "split", "splits", "laid", "sliced", "slices", "torn", "tore", "ripped", "rips", "gashed", "slashed", "slit",
    "burst", "hacked", "carved", "cut", "busted", "bust",
];

/// Body parts a wound opens; the face's small parts (a split lip, an eyebrow) are a fight's
/// ordinary marks and weigh less.
const OPENED_PARTS: &[(&str, f32)] = &[
    ("face", 2.0),
    ("cheek", 2.0),
    ("scalp", 2.0),
    ("forehead", 2.0),
    ("head", 2.0),
    ("skull", 3.0),
    ("arm", 2.0),
    ("forearm", 2.0),
    ("hand", 2.0),
    ("palm", 2.0),
    ("wrist", 2.0),
    ("leg", 2.0),
    ("thigh", 2.0),
    ("calf", 2.0),
    ("belly", 2.0),
    ("stomach", 2.0),
    ("abdomen", 2.0),
    ("chest", 2.0),
    ("throat", 3.0),
    ("neck", 2.0),
    ("flank", 2.0),
    ("shin", 2.0),
    ("jaw", 2.0),
    ("chin", 1.0),
    ("lip", 1.0),
    ("lips", 1.0),
    ("eyebrow", 1.0),
    ("brow", 1.0),
    ("knuckle", 1.0),
    ("knuckles", 1.0),
    ("ear", 1.0),
    ("nose", 1.0),
];

/// How many words before its verb a wound's part may be: "his top lip was split open".
const OPEN_WOUND_SPAN: usize = 4;

/// A body part cut or torn open: the token where it starts and its gore weight, 3 where the
/// bone or skull shows just after. The verb comes right before "open" with the part before
/// it or just after ("her cheek split open to the bone", "sliced open his arm"), or the part
/// comes between them ("sliced his forearm open"); all in one clause. A verb is needed ("her
/// face opened into a smile" is no wound), and next to "open" ("laid his hand on the open
/// book" is none).
fn open_wound(view: &SentenceView<'_>) -> Option<(usize, f32)> {
    let part = |k: usize| OPENED_PARTS.iter().find(|(p, _)| *p == view.lower(k)).map(|&(_, w)| w);
    let verb = |k: usize| OPENING_VERBS.contains(&view.lower(k));
    // No clause break between tokens `a` and `b`.
    let joined = |a: usize, b: usize| (a..b).all(|k| !breaks_clause(view.gap(k)));
    let mut best: Option<(usize, f32)> = None;
    for (i, token) in view.tokens.iter().enumerate() {
        if token.lower() != "open" || i == 0 {
            continue;
        }
        let found = if verb(i - 1) {
            let before = (i.saturating_sub(1 + OPEN_WOUND_SPAN)..i - 1).rev().find_map(|k| part(k).map(|w| (k, w)));
            let after = (i + 1..i + 3).find_map(|k| part(k).map(|w| (k, w)));
            before.filter(|&(k, _)| joined(k, i)).or(after.filter(|&(k, _)| joined(i, k)))
        } else {
            let verb_at = (i.saturating_sub(3)..i - 1).find(|&k| verb(k));
            verb_at.zip(part(i - 1)).filter(|&(v, _)| joined(v, i))
        };
        let Some((at, mut weight)) = found else { continue };
        if (i + 1..i + 6).any(|k| matches!(view.lower(k), "bone" | "skull" | "teeth")) {
            weight = 3.0;
        }
        if best.is_none_or(|(_, w)| weight > w) {
            best = Some((at.min(i - 1), weight));
        }
    }
    best
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
    fn gore_done_to_a_thing_is_a_figure() {
        // A review as evisceration (a near miss of the scenes suite's register).
        assert_eq!(signals("The critic had flayed every chapter and gutted the plot.")[0].gore, 0.0);
        assert!(signals("They flayed the prisoner alive.")[0].gore > 0.0);
    }

    #[test]
    fn a_body_part_cut_open() {
        let gore = |text: &str| signals(text)[0].gore;
        assert!(gore("Her cheek was split open to the bone along the line of his ring.") >= 3.0);
        assert!(gore("His forearm was laid open from wrist to elbow.") >= 2.0);
        assert!(gore("The blade had sliced his thigh open.") >= 2.0);
        assert_eq!(gore("His lip split open on the first punch."), 1.0);
        // No verb of wounding, or nothing of the body: no wound.
        assert_eq!(gore("Her face opened into a smile."), 0.0);
        assert_eq!(gore("She split the envelope open with her thumb."), 0.0);
        assert_eq!(gore("He never laid his heart open to anyone."), 0.0);
        assert_eq!(gore("If the bag had split open, his head would have been next."), 0.0);
        assert_eq!(gore("He laid his hand on the open book."), 0.0);
        assert_eq!(gore("The envelope was torn open; her hand shook."), 0.0);
        assert!(gore("Someone had sliced open his arm with a box cutter.") >= 2.0);
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
