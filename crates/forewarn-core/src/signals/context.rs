//! Context detector: backstory, hypothetical mood, game/fiction frames and clinical or
//! academic frames.
//!
//! What it detects: whether a sentence recalls the past ("years ago", "she remembered"),
//! is hypothetical ("if she died", "what if", a question), or sits in a game or story
//! frame ("boss level", "the movie") or a clinical/academic frame ("surgery", "lecture").
//! Frames spread to the next two sentences of the same paragraph.
//!
//! Why: AO3 warnings are about what happens on the page. A rape recalled in therapy is a
//! mention, not the archive warning; a character who "died three times on the boss level"
//! did not die.
//!
//! Example: "If he killed her, they would hang him." is hypothetical.
//!
//! Limitations: tense is read from markers, not parsed; a long flashback told in plain past
//! tense without markers reads as present action.

use super::{SentenceSignals, SentenceView, Signal};
use crate::Document;

/// Words and phrases (token sequences) that make a sentence a belief, an inference or hearsay.
const HEDGES: &[&[&str]] = &[
    &["evidently"],
    &["apparently"],
    &["seemingly"],
    &["seemed"],
    &["thought"],
    &["believed"],
    &["feared"],
    &["assumed"],
    &["presumed"],
    &["rumour"],
    &["rumor"],
    &["must", "have"],
    &["may", "have"],
    &["might", "have"],
    &["as", "though"],
    &["as", "if"],
    &["they", "say"],
    &["they", "tell", "me"],
    &["i", "hear"],
];
/// First words of an order or a wish ("Let the Secretary die.", "May he rot.").
const ORDERS: &[&str] = &["let", "may"];

/// Whether a sentence's tokens hedge what it tells or make it an order.
fn hedged(view: &SentenceView<'_>) -> bool {
    ordered(view) || hedges(view).next().is_some()
}

/// Whether a sentence opens as an order or a wish.
pub fn ordered(view: &SentenceView<'_>) -> bool {
    view.tokens.first().is_some_and(|t| ORDERS.contains(&t.lower()))
}

/// Where the hedges of a sentence start (token indices).
pub fn hedges<'a>(view: &'a SentenceView<'_>) -> impl Iterator<Item = usize> + 'a {
    (0..view.tokens.len())
        .filter(move |&k| HEDGES.iter().any(|h| h.iter().enumerate().all(|(j, w)| view.lower(k + j) == *w)))
}

/// Whether a semicolon or a colon stands between tokens `a` and `b`: they are in different
/// clauses of the sentence ("he may have meant to bless us; only he died next day").
pub fn clauses_apart(view: &SentenceView<'_>, a: usize, b: usize) -> bool {
    (a.min(b)..a.max(b)).any(|k| view.gap(k).contains([';', ':']))
}

/// "what a consummation it would be to strangle her": an act only thought of.
const CONDITIONAL: [&str; 3] = ["would", "be", "to"];

/// Words that make what follows hypothetical.
const HYPOTHETICAL: &[&str] = &[
    "if",
    "unless",
    "imagine",
    "imagined",
    "imagining",
    "suppose",
    "supposed",
    "pretend",
    "pretended",
    "wish",
    "wished",
    "almost",
    "nearly",
    "whether",
    "lest",
    "threatened",
    "threaten",
    "threatening",
    "ought",
];

/// Markers of what nearly happened: they make a sentence hypothetical only before the act
/// ("she nearly died", "he had almost been killed"), not before a time or a degree ("nearly
/// done", "almost always", "nearly midnight").
const NEAR_MISSES: &[&str] = &["almost", "nearly"];
/// Verbs of what nearly happened that do not end in "-ed", and the auxiliaries before one.
const MISSED_ACTS: &[&str] = &[
    "died", "fell", "lost", "struck", "shot", "hit", "broke", "threw", "bit", "cut", "froze", "gave", "went", "took",
    "ran", "caught", "got", "drank", "stole", "slew", "had", "have", "been", "be", "was", "were", "did",
];

/// Whether the near-miss marker at token `k` comes before the act that nearly happened.
fn missed_act(view: &SentenceView<'_>, k: usize) -> bool {
    view.tokens.get(k + 1).is_some_and(|t| {
        let next = t.lower();
        next.ends_with("ed") || MISSED_ACTS.contains(&next) || next.starts_with("kill") || next.starts_with("die")
    })
}

/// A clause that opens with these, then a subject, is a condition ("Had there been an axe
/// handy, ...", "Were he to die, ..."; a question is hypothetical anyway).
const INVERTED_CONDITION: &[&str] = &["had", "were", "should"];
/// Subjects of an inverted condition.
const INVERTED_SUBJECTS: &[&str] = &["there", "i", "you", "he", "she", "it", "we", "they"];

/// "Had there been an axe handy, he would have seized it": a condition by inversion.
fn inverted_condition(view: &SentenceView<'_>) -> bool {
    let lower = |k: usize| view.tokens.get(k).map(|t| t.lower());
    lower(0).is_some_and(|w| INVERTED_CONDITION.contains(&w))
        && lower(1).is_some_and(|w| INVERTED_SUBJECTS.contains(&w))
}

/// Words that negate what follows within a few words.
pub const NEGATORS: &[&str] = &[
    "not", "never", "no", "nobody", "nothing", "without", "neither", "nor", "none", "hardly", "barely", "cannot",
    "refused",
];

/// Whether a lower-cased token negates.
pub fn is_negator(lower: &str) -> bool {
    NEGATORS.contains(&lower)
        || lower.ends_with("n't")
        || lower.ends_with("nt")
            && matches!(
                lower,
                "dont"
                    | "didnt"
                    | "wasnt"
                    | "wont"
                    | "cant"
                    | "couldnt"
                    | "wouldnt"
                    | "isnt"
                    | "arent"
                    | "hadnt"
                    | "doesnt"
            )
}

/// Whether a negator stands in the three words before token `first`, in the same clause: a
/// comma, semicolon, colon or dash between them ends its reach ("that's not a hook-up, you
/// were asleep"; "No, he killed her").
pub fn negated_at(view: &SentenceView<'_>, first: usize) -> bool {
    let first = first.min(view.tokens.len());
    let from = first.saturating_sub(3);
    (from..first).any(|k| is_negator(view.tokens[k].lower()) && !(k..first).any(|j| super::breaks_clause(view.gap(j))))
}

/// Words that make "be" + participle something yet to happen or unreal ("to be burned alive",
/// "he will be flayed", "I'd have been burnt alive first"), not something told as happening.
const TO_COME: &[&str] =
    &["to", "will", "would", "shall", "should", "must", "may", "might", "could", "can", "'ll", "'d", "d"];

/// "to be" right before `first` ("deserves to be hurt", "the wine was to be drunk"): a wish,
/// a threat or a purpose, not an event.
pub fn infinitive_at(view: &SentenceView<'_>, first: usize) -> bool {
    first >= 2 && view.lower(first - 1) == "be" && view.lower(first - 2) == "to"
}

/// Whether the words before `first` put it in the future or the unreal: "be" after "to" or
/// a modal ("a widow, to be burned alive", "he will be flayed"), or "have been" after one ("I'd
/// have been burnt alive before I'd have told her").
pub fn to_come_at(view: &SentenceView<'_>, first: usize) -> bool {
    let lower = |k: usize| first.checked_sub(k).map_or("", |k| view.lower(k));
    let modal = |k: usize| {
        let w = lower(k);
        TO_COME.contains(&w) || w.ends_with("'d") || w.ends_with("\u{2019}d")
    };
    lower(1) == "be" && modal(2) || lower(1) == "been" && lower(2) == "have" && modal(3)
}

/// Sets backstory, hypothetical, game, frame and reversal.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    s.backstory = view.strongest(Signal::Backstory) >= 2.0;
    s.pluperfect = past_perfect(view);
    let sentence = view.range.slice(view.text).trim_end_matches(['"', '”', '\'', '’', ' ']);
    let as_if = |k: usize| view.tokens[k].lower() == "if" && k > 0 && view.tokens[k - 1].lower() == "as";
    let markers = || {
        view.tokens.iter().enumerate().filter(|&(k, t)| {
            HYPOTHETICAL.contains(&t.lower()) && (!NEAR_MISSES.contains(&t.lower()) || missed_act(view, k))
        })
    };
    let otherwise = sentence.ends_with('?')
        || markers().any(|(k, _)| !as_if(k))
        || inverted_condition(view)
        || view.tokens.windows(3).any(|w| w.iter().map(|t| t.lower()).eq(CONDITIONAL.iter().copied()));
    let as_though = view.tokens.windows(2).any(|w| w[0].lower() == "as" && w[1].lower() == "though");
    s.likeness = !otherwise && (markers().any(|(k, _)| as_if(k)) || as_though);
    s.hypothetical = otherwise || s.likeness;
    s.hedged = hedged(view);
    s.game = view.strongest(Signal::Game);
    s.frame = view.strongest(Signal::Frame);
    let mut reversals = view
        .hits
        .iter()
        .filter(|h| view.signal(h) == Some(Signal::Reversal) && view.weight(h) >= 2.0 && !negated_at(view, h.first));
    if let Some(first) = reversals.next() {
        s.reversal = true;
        // "brought her back", "revived him": whose, if every reversal here says the same.
        let whose = |h: &crate::lexicon::Hit| {
            let end = (h.last + 1).min(view.tokens.len());
            view.tokens[h.first..end].iter().find_map(|t| super::characters::Gender::of_word(t.lower()))
        };
        let gender = whose(first);
        s.reversal_of = gender.filter(|&g| reversals.all(|h| whose(h) == Some(g)));
    }
}

/// "had been ...", "had assaulted": the past perfect marks an earlier time.
fn past_perfect(view: &SentenceView<'_>) -> bool {
    const PARTICIPLES: &[&str] =
        &["been", "done", "taken", "seen", "gone", "beaten", "told", "hurt", "held", "left", "made", "put"];
    view.tokens.windows(3).any(|w| {
        let participle = |t: &crate::lexicon::Token| t.lower().ends_with("ed") || PARTICIPLES.contains(&t.lower());
        (w[0].lower() == "had" || w[0].lower() == "hadn't")
            && (participle(&w[1]) || w[1].lower().ends_with("ly") && participle(&w[2]))
    })
}

/// Spreads game and clinical frames to the two sentences before and after, within the same
/// paragraph ("Rafi died again. He threw the controller down and respawned.").
pub fn spread_frames(doc: &Document, signals: &mut [SentenceSignals]) {
    let n = signals.len().min(doc.sentences.len());
    let own: Vec<(f32, f32)> = signals[..n].iter().map(|s| (s.game, s.frame)).collect();
    for (i, signal) in signals.iter_mut().enumerate().take(n) {
        let from = i.saturating_sub(2);
        let to = (i + 3).min(n);
        for (j, &(game, frame)) in own.iter().enumerate().take(to).skip(from) {
            if j == i || doc.sentences[j].paragraph != doc.sentences[i].paragraph {
                continue;
            }
            signal.game = signal.game.max(game * 0.8);
            signal.frame = signal.frame.max(frame * 0.8);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn backstory_and_pluperfect() {
        assert!(signals("Years ago, before the war, she had lived in Lyon.")[0].backstory);
        assert!(signals("He had assaulted her the winter before.")[0].pluperfect);
        assert!(!signals("She walks to the market.")[0].backstory);
    }

    #[test]
    fn hedges_and_orders() {
        assert!(signals("Sir Henry has evidently died from the fall.")[0].hedged);
        assert!(signals("Let the Secretary die.")[0].hedged);
        assert!(signals("They say she died in Lahore.")[0].hedged);
        assert!(signals("Everyone assumed he was dead somewhere at the bottom of the ravine.")[0].hedged);
        assert!(!signals("He died in the night.")[0].hedged);
        assert!(
            !signals("He may have meant to bless us; only that he died next day.")[0].hedged,
            "a hedge hedges its own clause"
        );
        assert!(signals("He died next day; so they say.")[0].hedged, "hearsay after the death");
        assert!(!signals("She thoughtfully closed the door.")[0].hedged, "whole words only");
    }

    #[test]
    fn hypotheticals() {
        assert!(signals("If he found out, he would leave.")[0].hypothetical);
        assert!(signals("Did you lock the door?")[0].hypothetical);
        assert!(!signals("He locked the door.")[0].hypothetical);
        assert!(signals("He thought what a relief it would be to sleep.")[0].hypothetical);
        assert!(!signals("He would be there by noon.")[0].hypothetical);
        // What nearly happened, but not a time or a degree (sx-implied-032: "nearly done").
        assert!(signals("She nearly died in the crash.")[0].hypothetical);
        assert!(signals("He had almost been killed.")[0].hypothetical);
        assert!(signals("He was almost strangled.")[0].hypothetical);
        assert!(!signals("When she said stop, he said \"nearly done.\"")[0].hypothetical);
        assert!(!signals("He almost always drank at noon.")[0].hypothetical);
        assert!(signals("Somebody ought to beat him!")[0].hypothetical);
        assert!(signals("Had there been an axe handy, he would have seized it.")[0].hypothetical);
        assert!(!signals("He had there a small house.")[0].hypothetical);
        assert!(!signals("Had breakfast, then left.")[0].hypothetical);
        let s = &signals("He carried on as if nothing had happened.")[0];
        assert!(s.hypothetical && s.likeness, "a likeness stays hypothetical for most readers");
        assert!(!signals("If he carried on as if nothing had happened, she would leave.")[0].likeness);
    }

    #[test]
    fn frames_spread_within_a_paragraph() {
        let s =
            signals("We played the video game all night. I died on the boss level. Then we slept.\n\nThe guard died.");
        assert!(s[0].game >= 2.0);
        assert!(s[1].game > 0.0, "the frame carries to the next sentence");
        assert_eq!(s[3].game, 0.0, "but not into the next paragraph");
        let s = signals("Rafi died again at two in the morning. He groaned and respawned at the bonfire.");
        assert!(s[0].game > 0.0, "frames also reach back");
        assert!(signals("The professor described the surgery.")[0].frame >= 2.0);
    }

    #[test]
    fn reversals_respect_negation() {
        assert!(signals("The medics revived him on the floor.")[0].reversal);
        assert!(!signals("No spell could bring her back.")[0].reversal);
    }
}
