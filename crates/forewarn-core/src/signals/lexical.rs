//! Lexical detector: weighted cue phrases for each content label, with negation,
//! hypothetical, idiom, game and clinical-frame discounts.
//!
//! What it detects: phrases from `data/lexicon/<label>.txt` (stems, so inflections match).
//!
//! Why: most content is named in words; a well-curated lexicon with context handling is
//! fast, explainable evidence, and the base the semantic layer builds on.
//!
//! Example: "He stabbed the guard." gives a `violence` cue of weight 3; "He didn't stab
//! anyone" gives the same cue negated (weight near 0); "she killed it at the audition" gives
//! none (idiom).
//!
//! Limitations: negation scope is the three words before a cue; sarcasm, metaphor outside
//! the idiom list, and content described without its words are missed.

use super::context::negated_at;
use super::{Cue, SentenceSignals, SentenceView};

/// Labels that a game or story frame discounts (nobody really dies in a video game).
const GAME_LABELS: &[&str] =
    &["violence", "death", "dying", "blood", "war", "animal-death", "suicide", "kidnapping", "abduction"];
/// Labels that a clinical or academic frame discounts.
const FRAME_LABELS: &[&str] = &["violence", "blood", "dissection", "war", "childbirth", "abduction", "kidnapping"];
/// Idiom tags that also suppress a sibling label.
const IDIOM_SIBLINGS: &[(&str, &str)] = &[
    ("death", "dying"),
    ("dying", "death"),
    ("violence", "death"),
    ("death", "violence"),
    // "tortured by doubt" is no torture, and no violence.
    ("torture", "violence"),
    // "sexual" idioms ("groping her way") are no sex and no assault.
    ("sexual", "sexual-assault"),
    ("sexual", "pornographic-content"),
];

/// Adds content-label cues to `s.cues`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    let taxonomy = crate::taxonomy();
    let idiom_spans: Vec<(&str, usize, usize)> = view
        .idiom_hits
        .iter()
        .filter_map(|h| {
            let entry = view.lexicons.idioms.entries.get(h.entry as usize)?;
            let tag = view.lexicons.idioms.lexicons.get(entry.lexicon as usize)?;
            Some((tag.as_str(), h.first, h.last))
        })
        .collect();
    for hit in view.hits {
        let Some(entry) = view.lexicons.matcher.entries.get(hit.entry as usize) else { continue };
        let Some(label) = view.lexicons.label_of.get(entry.lexicon as usize).copied().flatten() else { continue };
        let id = taxonomy.labels.get(label).map_or("", |l| l.id.as_str());
        let idiom = idiom_spans.iter().any(|&(tag, first, last)| {
            let overlaps = first < hit.last && hit.first < last;
            overlaps && (tag == id || IDIOM_SIBLINGS.iter().any(|&(a, b)| a == tag && b == id))
        });
        if idiom || word_mentioned(view, hit) || id == "blood" && figurative_blood(view, hit) {
            continue;
        }
        let negated = negated_at(view, hit.first);
        let mut weight = entry.weight;
        if negated {
            weight *= 0.05;
        }
        if s.hypothetical || infinitive_at(view, hit.first) {
            weight *= 0.35;
        }
        let noun_mention = hit.last == hit.first + 1 && noun_after_determiner(view, hit.first);
        s.cues.push(Cue {
            label,
            base: entry.weight,
            weight,
            range: view.hit_range(hit),
            phrase: entry.phrase.clone(),
            negated,
            noun_mention,
        });
    }
}

/// Applies game and clinical-frame discounts once frames have spread across sentences.
pub fn apply_frames(signals: &mut [SentenceSignals]) {
    let taxonomy = crate::taxonomy();
    for s in signals {
        let (game, frame, playful) = (s.game, s.frame, s.playful);
        for cue in &mut s.cues {
            let id = taxonomy.labels.get(cue.label).map_or("", |l| l.id.as_str());
            if GAME_LABELS.contains(&id) && game > 0.0 {
                cue.weight *= (1.0 - 0.3 * game).max(0.1);
            }
            if playful && matches!(id, "violence" | "blood" | "kidnapping" | "abduction" | "death") {
                cue.weight *= 0.5;
            }
            if FRAME_LABELS.contains(&id) && frame > 0.0 {
                cue.weight *= (1.0 - 0.25 * frame).max(0.25);
            }
        }
    }
}

/// Whether token `k` is a bare noun after a determiner or preposition ("the rape").
fn noun_after_determiner(view: &SentenceView<'_>, k: usize) -> bool {
    const DETERMINERS: &[&str] = &[
        "the", "a", "an", "of", "about", "her", "his", "their", "my", "your", "our", "its", "after", "before", "since",
        "that",
    ];
    let word = view.tokens[k].lower();
    k > 0 && DETERMINERS.contains(&view.tokens[k - 1].lower()) && !word.ends_with("ed") && !word.ends_with("ing")
}

/// "'rape' here is the old sense", "the word murder": a word talked about, not used. The hit
/// stands alone inside its own quotation marks, or after "the word" or "the term".
fn word_mentioned(view: &SentenceView<'_>, hit: &crate::lexicon::Hit) -> bool {
    const QUOTES: &[char] = &['\'', '"', '‘', '’', '“', '”'];
    let (start, end) = (view.tokens[hit.first].start, view.tokens[hit.last - 1].end);
    let before = view.text.get(..start).and_then(|b| b.chars().last());
    let mut after = view.text.get(end..).map(str::chars).into_iter().flatten();
    let quoted = before.is_some_and(|c| QUOTES.contains(&c))
        && after.next().is_some_and(|c| QUOTES.contains(&c))
        && after.next().is_none_or(|c| !c.is_alphanumeric());
    let named = hit.first >= 2
        && view.tokens[hit.first - 2].lower() == "the"
        && matches!(view.tokens[hit.first - 1].lower(), "word" | "words" | "term" | "verb" | "noun");
    quoted || named
}

/// Blood that is a blush or a figure, not blood shed: "the blood rushed to her cheeks", "the
/// blood wavering in her cheek" (the bare word "blood" moving, with a face and no wound in
/// the sentence), and "his dignity bled", "the bleeding of his dignity" (an abstract thing
/// within four words of the bleeding: the whole sentence is the figure).
fn figurative_blood(view: &SentenceView<'_>, hit: &crate::lexicon::Hit) -> bool {
    const MOVING: &[&str] = &[
        "rush", "rose", "rise", "mount", "came", "come", "flush", "surg", "waver", "flood", "tingl", "leap", "fled",
        "drain", "left", "crept", "creep", "suffus",
    ];
    const FACE: &[&str] = &["cheek", "cheeks", "face", "brow", "forehead", "temples", "neck", "ears", "complexion"];
    const WOUND: &[&str] = &[
        "wound", "cut", "bled", "bleed", "stream", "trickl", "drip", "pool", "smear", "spatter", "splash", "stain",
        "cough", "spat", "spit", "gush", "sword", "knife", "shot", "nose", "lip", "mouth",
    ];
    const ABSTRACT: &[&str] =
        &["dignity", "pride", "soul", "purse", "pocket", "vanity", "spirit", "conscience", "feelings"];
    let lower = |k: usize| view.tokens.get(k).map_or("", |t| t.lower());
    let words = || (0..view.tokens.len()).map(lower);
    let bleeding = |w: &str| matches!(w, "bled" | "bleed" | "bleeds" | "bleeding");
    let abstract_bleeding = (0..view.tokens.len())
        .filter(|&k| bleeding(lower(k)))
        .any(|k| (k.saturating_sub(4)..(k + 5).min(view.tokens.len())).any(|j| ABSTRACT.contains(&lower(j))));
    if abstract_bleeding {
        return true;
    }
    if hit.last != hit.first + 1 || lower(hit.first) != "blood" {
        return false;
    }
    let moving =
        (hit.first + 1..(hit.first + 5).min(view.tokens.len())).any(|k| MOVING.iter().any(|m| lower(k).starts_with(m)));
    moving && words().any(|w| FACE.contains(&w)) && !words().any(|w| WOUND.iter().any(|m| w.starts_with(m)))
}

/// "deserves to be hurt", "needs to be raped": a wish or threat, not an event.
fn infinitive_at(view: &SentenceView<'_>, first: usize) -> bool {
    first >= 2 && view.tokens[first - 1].lower() == "be" && view.tokens[first - 2].lower() == "to"
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::{label, signals};

    fn weight(text: &str, id: &str) -> f32 {
        signals(text)
            .iter()
            .flat_map(|s| s.cues.iter())
            .filter(|c| c.label == label(id))
            .map(|c| c.weight)
            .fold(0.0, f32::max)
    }

    #[test]
    fn plain_cues_fire() {
        assert!(weight("Marcus was stabbed in the alley.", "violence") >= 2.0);
        assert!(weight("The old woman died in the night.", "death") >= 2.0);
    }

    #[test]
    fn a_word_talked_about_is_no_cue() {
        assert_eq!(weight("Right, and 'murder' here is the old sense of the word.", "death"), 0.0);
        assert_eq!(weight("She looked up the word murder in the dictionary.", "death"), 0.0);
        assert!(weight("\"Murder!\" she screamed.", "death") > 0.0, "an exclamation is used, not mentioned");
    }

    #[test]
    fn negation_and_hypotheticals_discount() {
        assert!(weight("He didn't kill her.", "death") < 0.5);
        assert!(weight("If she died, nobody would know.", "death") < 1.2);
        // A negation reaches no further than its clause.
        assert!(weight("No, he killed her.", "death") >= 2.0);
        assert!(weight("Not me, he killed her.", "death") >= 2.0);
    }

    #[test]
    fn a_blush_and_a_bleeding_dignity_are_no_blood() {
        assert_eq!(weight("The blood rushed to her cheeks and she looked away.", "blood"), 0.0);
        assert_eq!(weight("She flushed, the blood wavering in her cheek.", "blood"), 0.0);
        assert_eq!(weight("His dignity bled freely; nobody staunched the blood.", "blood"), 0.0);
        assert_eq!(weight("It ended the bleeding of his dignity.", "blood"), 0.0);
        // Blood shed on a face, or a wound that bleeds, is blood.
        assert!(weight("The blood ran down his face from the cut.", "blood") >= 2.0);
        assert!(weight("His hand bled freely.", "blood") >= 2.0);
        assert!(weight("Blood came from her mouth.", "blood") >= 2.0);
    }

    #[test]
    fn idioms_do_not_count() {
        assert_eq!(weight("You killed it at the audition!", "death"), 0.0);
        assert_eq!(weight("I was dying of laughter.", "dying"), 0.0);
    }

    #[test]
    fn games_discount_deaths() {
        assert!(weight("I died three times on the boss level before I beat the game.", "death") < 1.5);
    }
}
