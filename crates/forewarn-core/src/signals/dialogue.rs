//! Dialogue detector: what is said inside quotation marks, and speech acts around consent.
//!
//! What it detects: refusals ("no", "stop", "get off me", "I don't want this"), in speech or
//! told in narration ("she begged him to stop"); consent and enthusiasm ("yes", "don't
//! stop", "is this okay?"); safeword mechanics; whether a refused act is honoured ("he
//! stopped at once", "he let go") or continues ("he didn't stop", "he ignored her"); and
//! playfulness (laughter, a snowball fight) that turns "no, stop!" into a game.
//!
//! Why: AO3's Rape/Non-Con is about a character being clearly unwilling. The words that say
//! so are usually spoken; the same words in a laughing fight mean nothing of the kind.
//!
//! Example: `"Stop," she said. He didn't stop.` gives refusal 2, then continuation 2.
//! `"Don't stop," she said.` gives consent, not a refusal.
//!
//! Limitations: quotation marks are paired per paragraph with simple rules (straight
//! single quotes are told from apostrophes by their neighbours); who speaks to whom is not
//! resolved, only that a refusal and the act are near each other.

use super::context::negated_at;
use super::{SentenceSignals, SentenceView, Signal};
use crate::Document;

/// Quoted stretches of the document text.
#[derive(Debug, Default)]
pub struct QuoteMap {
    ranges: Vec<(usize, usize)>,
}

impl QuoteMap {
    /// Finds quoted stretches paragraph by paragraph.
    pub fn new(doc: &Document) -> Self {
        let mut ranges = Vec::new();
        for para in &doc.paragraphs {
            quoted_ranges(para.range.slice(&doc.text), para.range.start, &mut ranges);
        }
        Self { ranges }
    }

    /// Whether a text offset lies inside quotation marks.
    pub fn is_quoted(&self, offset: usize) -> bool {
        let i = self.ranges.partition_point(|&(s, _)| s <= offset);
        i > 0 && offset < self.ranges[i - 1].1
    }
}

fn quoted_ranges(text: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut open: Option<(char, usize)> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let word_before = prev.is_some_and(|p| p.is_alphanumeric());
        let word_after = next.is_some_and(|n| n.is_alphanumeric());
        match (open, c) {
            (None, '“') | (None, '«') => open = Some((c, i + c.len_utf8())),
            (None, '"') => open = Some(('"', i + 1)),
            (None, '‘') => open = Some(('‘', i + c.len_utf8())),
            (None, '\'') if !word_before && next.is_some_and(|n| !n.is_whitespace()) => open = Some(('\'', i + 1)),
            (Some(('“', s)), '”') | (Some(('«', s)), '»') | (Some(('"', s)), '"') => {
                out.push((base + s, base + i));
                open = None;
            }
            (Some(('‘', s)), '’') | (Some(('\'', s)), '\'') if !word_after => {
                out.push((base + s, base + i));
                open = None;
            }
            _ => {}
        }
    }
    // Speech that runs to the end of its paragraph (a new paragraph reopens the quote).
    if let Some((_, s)) = open {
        out.push((base + s, base + text.len()));
    }
}

/// Sets refusal, consent, safeword, honour, continuation and playfulness.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    // "don't stop" / "do not stop" / "never stop" is consent, and its words are no refusal.
    let mut consent_tokens = vec![false; view.tokens.len()];
    for (k, t) in view.tokens.iter().enumerate() {
        if t.stem() == "stop" || t.stem() == "quit" {
            let negator_before = k
                .checked_sub(1)
                .and_then(|p| view.tokens.get(p))
                .is_some_and(|p| matches!(p.lower(), "don't" | "dont" | "never" | "not"))
                || k >= 2 && view.tokens[k - 2].lower() == "do" && view.tokens[k - 1].lower() == "not";
            if negator_before && view.quoted.get(k).copied().unwrap_or(false) {
                s.consent = s.consent.max(3.0);
                consent_tokens[k] = true;
                consent_tokens[k - 1] = true;
                if k >= 2 && view.tokens[k - 1].lower() == "not" {
                    consent_tokens[k - 2] = true;
                }
            }
        }
    }
    let quoted_words = view.quoted.iter().filter(|q| **q).count();
    let all_quoted = |first: usize, last: usize| (first..last).all(|k| view.quoted.get(k).copied().unwrap_or(false));
    // Words of a refusal, told or spoken ("she told him to stop", "let go of me"), are not
    // the act stopping.
    let refusal_words: Vec<(usize, usize)> = view
        .hits
        .iter()
        .filter(|h| match view.signal(h) {
            Some(Signal::NarratedRefusal) => true,
            Some(Signal::Refusal) => all_quoted(h.first, h.last) && !said_of_us(view, h.first, h.last),
            _ => false,
        })
        .map(|h| (h.first, h.last))
        .collect();
    let inside_refusal = |first: usize, last: usize| refusal_words.iter().any(|&(f, l)| f < last && first < l);
    // Consent said after a "no" in the same speech answers something else ("No, keep going,"
    // to an offer of a break): the "no" is not a refusal, nor does it negate the consent.
    let consent_said = view.hits.iter().find(|h| {
        view.signal(h) == Some(Signal::Consent)
            && !asked_to_stop(view, h.first)
            && view.weight(h) >= 2.0
            && all_quoted(h.first, h.last)
            && (!negated_at(view, h.first) || interjected(view, h.first))
    });
    for hit in view.hits {
        let Some(kind) = view.signal(hit) else { continue };
        let weight = view.weight(hit);
        let all_quoted = all_quoted(hit.first, hit.last);
        let negated = negated_at(view, hit.first);
        match kind {
            // Said, "I don't want to stop" wants it to go on; "Why won't you stop?" is a plea.
            Signal::Refusal
                if all_quoted
                    && (!negated || asked(view))
                    && !against_stopping(view, hit.first, hit.last)
                    && !(hit.first..hit.last).any(|k| consent_tokens[k])
                    && !said_of_us(view, hit.first, hit.last)
                    && !other_use(view, hit.first, hit.last)
                    && consent_said.is_none_or(|c| c.first < hit.last) =>
            {
                // A bare "no" in a long speech is ordinary conversation; said nearly alone
                // ("Jess, no") it is a refusal.
                let w = match quoted_words {
                    _ if weight > 1.0 => weight,
                    0..=3 => 2.0,
                    4..=6 => weight,
                    _ => 0.5,
                };
                s.refusal = s.refusal.max(w);
            }
            Signal::NarratedRefusal if !negated && !considerate(view, hit.last) && !told_otherwise(view, hit.last) => {
                s.refusal = s.refusal.max(weight)
            }
            // A sentence that is nearly only a yes ("Fine. / Yes. / Thursday.") is consent
            // given, not a word in passing.
            Signal::Consent if asked_to_stop(view, hit.first) => {}
            Signal::Consent if !negated || interjected(view, hit.first) => {
                s.consent = s.consent.max(if view.tokens.len() <= 2 { 3.0 } else { weight });
            }
            Signal::Safeword => s.safeword = s.safeword.max(weight),
            // Said, honour takes more than a word ("we can stop", "fair enough"); one word in
            // quotes ("stop", "sorry") is as often the refusal itself.
            Signal::Honour
                if all_quoted && hit.last == hit.first + 1
                    || inside_refusal(hit.first, hit.last)
                    || stop_not_honour(view, hit.first, hit.last)
                    || asked_for(view, hit.first) => {}
            Signal::Honour if negated => s.continuation = s.continuation.max(weight.min(2.0)),
            Signal::Honour => s.honour = s.honour.max(weight),
            // Said, "don't stop" is an order; "he didn't stop" is told.
            Signal::Continuation
                if !negated
                    && (!all_quoted || told(view, hit.first))
                    && !view.own_gesture(hit)
                    && !going_somewhere(view, hit.last) =>
            {
                s.continuation = s.continuation.max(weight)
            }
            Signal::Laughter if laughed_off_advance(view, hit.last) => {}
            Signal::Laughter => {
                s.laughter = s.laughter.max(weight);
                s.playful |= weight >= 2.0;
            }
            _ => {}
        }
    }
    if s.game >= 2.0 {
        s.playful = true;
    }
}

/// Whether the laughter ending at token `last` is "laughed it off": an advance or a remark
/// brushed aside, not play.
fn laughed_off_advance(view: &SentenceView<'_>, last: usize) -> bool {
    let next = |k: usize| view.tokens.get(last + k).map(|t| t.lower());
    next(0) == Some("off")
        || matches!(next(0), Some("it" | "him" | "her" | "them" | "this" | "that")) && next(1) == Some("off")
}

/// Whether the words at `first` are what someone is told to stop ("stop touching me", "quit
/// kissing me"): a refusal, not consent.
fn asked_to_stop(view: &SentenceView<'_>, first: usize) -> bool {
    matches!(word_before(view, first), Some("stop" | "quit"))
}

/// Words after "kept going" or "didn't stop" that make them a journey or a vehicle ("he kept
/// going back", "the train didn't stop in time").
const DIRECTIONS: &[&str] = &[
    "back", "down", "up", "round", "around", "into", "out", "along", "home", "past", "through", "forward", "in", "at",
];

/// What someone laughs into that is not a person ("laughed into her coffee").
const HELD: &[&str] =
    &["coffee", "tea", "drink", "glass", "cup", "mug", "wine", "pint", "phone", "sleeve", "hands", "napkin"];

/// Whether the continuation cue ending at token `last` is a journey, a vehicle or a cup
/// ([`DIRECTIONS`], [`HELD`]), not an act going on against someone. A cue that ends in a
/// possessive ("laughed into her") is judged by the word after it.
fn going_somewhere(view: &SentenceView<'_>, last: usize) -> bool {
    let word = |k: usize| view.tokens.get(k).map(|t| t.lower());
    if last >= 1 && matches!(word(last - 1), Some("her" | "his" | "my" | "their")) {
        return word(last).is_some_and(|w| HELD.contains(&w));
    }
    word(last).is_some_and(|w| DIRECTIONS.contains(&w))
}

/// Whether the only negator in the three words before `first` is a "no" set off by a comma
/// right before it ("No, keep going"): an answer, not a negation of what follows.
fn interjected(view: &SentenceView<'_>, first: usize) -> bool {
    let Some(k) = first.checked_sub(1) else { return false };
    let (Some(no), Some(next)) = (view.tokens.get(k), view.tokens.get(first)) else { return false };
    let comma = view.text.get(no.end..next.start).is_some_and(|between| between.contains(','));
    let others = view.tokens[first.saturating_sub(3)..k].iter().any(|t| super::context::is_negator(t.lower()));
    matches!(no.lower(), "no" | "nah" | "nope") && comma && !others
}

/// What someone may be begged to do that ends an act ("begged him to stop", "to let her go").
const ENDING: &[&str] = &["stop", "let", "leave", "get", "go", "wait", "not", "don't", "please", "quit", "pull"];

/// Whether a told refusal ending at token `last` goes on into something else: a "no" that is
/// a pronoun or an adverb ("to say no one's knees could survive it", "no longer"), or "begged"
/// someone to do what does not end an act ("They begged me to apply", "he begged her to tell
/// them").
fn told_otherwise(view: &SentenceView<'_>, last: usize) -> bool {
    let word = |k: usize| view.tokens.get(k).map(|t| t.lower());
    match last.checked_sub(1).and_then(word) {
        Some("no") => matches!(word(last), Some("one" | "one's" | "longer" | "matter" | "doubt" | "sooner")),
        Some("begged") => word(last + 1) == Some("to") && word(last + 2).is_some_and(|v| !ENDING.contains(&v)),
        _ => false,
    }
}

/// Verbs after "didn't want to" that are care, not refusal ("didn't want to wake you").
const CONSIDERATE: &[&str] =
    &["wake", "disturb", "bother", "interrupt", "worry", "upset", "hurt", "rush", "pressure", "push", "intrude"];

/// Whether the told refusal ending at token `last` ("didn't want to") goes on with a verb of
/// care ("... wake you"): someone being considerate, not someone refusing.
fn considerate(view: &SentenceView<'_>, last: usize) -> bool {
    let ends_in_to = word_before(view, last) == Some("to");
    ends_in_to && view.tokens.get(last).is_some_and(|t| CONSIDERATE.contains(&t.lower()))
}

/// Whether a spoken one-word "stop" at `first..last` has a first-person subject ("before we
/// stop using condoms", "I stop at the shop"): a plan, not a refusal.
fn said_of_us(view: &SentenceView<'_>, first: usize, last: usize) -> bool {
    let us = |p: &str| matches!(p, "we" | "i" | "they");
    let modal = |p: &str| MODALS.contains(&p);
    lone_stop(view, first, last).is_some()
        && word_before(view, first).is_some_and(|p| {
            // "We can stop anytime": an offer, as "we stop" is a plan.
            us(p) || modal(p) && first.checked_sub(1).and_then(|k| word_before(view, k)).is_some_and(us)
        })
}

/// Modals and the contractions that carry one: before a spoken "stop" they tell of a
/// stopping that may be ("Jen could stop worrying", "We'll stop it next month"), not ask for it.
const MODALS: &[&str] = &[
    "can", "could", "will", "would", "should", "might", "may", "we'll", "i'll", "you'll", "she'll", "he'll", "they'll",
    "we'd", "i'd",
];

/// Words before "stop" that make it a noun ("the bus stop", "a pit stop").
const STOP_NOUNS: &[&str] = &["bus", "pit", "truck", "rest", "request", "whistle", "full"];

/// Verbs after a spoken "don't" that ask for silence, a secret or calm, not for an act to end
/// ("Please don't tell my mum", "Don't scream", "don't worry").
const NOT_AN_ACT: &[&str] = &[
    "tell", "say", "put", "worry", "cry", "call", "ring", "text", "mention", "write", "scream", "shout", "panic",
    "wait", "forget", "laugh", "be", "think", "ask", "move",
];

/// Words after a spoken "no" that keep it an answer ("no please", "no, Gary"): any other
/// lower-case word right after it makes "no" a determiner or a pronoun ("No police.", "No
/// arguments.", "no one's knees").
const AFTER_NO: &[&str] =
    &["please", "stop", "don't", "dont", "no", "wait", "i", "you", "thanks", "thank", "not", "never", "way"];

/// Whether a spoken refusal word at `first..last` is another use of it: a "stop" inflected,
/// after a modal, or ceasing something named ("stopping a grey Astra", "Jen could stop
/// worrying", "I'm trying to stop.", "We'll stop it"), a noun ("the bus stop"), a "don't" that
/// asks for silence or a secret ([`NOT_AN_ACT`]), or a "no" (or "no more") that goes straight
/// on into a noun ("No police.", "No more tests.", "no one"). "Stop touching me", "stop it" and
/// "please don't" stay refusals.
fn other_use(view: &SentenceView<'_>, first: usize, last: usize) -> bool {
    let next = view.tokens.get(last);
    let joined = |k: usize| {
        let (Some(a), Some(b)) = (k.checked_sub(1).and_then(|p| view.tokens.get(p)), view.tokens.get(k)) else {
            return false;
        };
        view.text.get(a.end..b.start).is_some_and(|gap| gap.trim().is_empty())
    };
    let before = word_before(view, first);
    if view.tokens.get(first).is_some_and(|t| t.stem() == "stop") {
        // "We'll stop it next month", "at the bus stop": a plan or a noun, whatever follows.
        if before.is_some_and(|w| MODALS.contains(&w) || STOP_NOUNS.contains(&w)) {
            return true;
        }
    }
    // Ceasing something named ("Jen could stop worrying", "I'd like you to stop replying to
    // him"), not an act done to the speaker ("stop touching me").
    let ends_in_stop = last.checked_sub(1).and_then(|k| view.tokens.get(k)).is_some_and(|t| t.stem() == "stop");
    let ceasing = ends_in_stop
        && next.is_some_and(|n| n.lower().len() > 4 && n.lower().ends_with("ing"))
        && joined(last)
        && !view.tokens.get(last + 1).is_some_and(|o| matches!(o.lower(), "me" | "us" | "my" | "her" | "him"));
    if ceasing {
        return true;
    }
    if let Some(stop) = lone_stop(view, first, last) {
        let trying = before == Some("to")
            && first.checked_sub(1).and_then(|k| word_before(view, k)).is_some_and(|w| w.starts_with("tr"))
            && !next.is_some_and(|_| joined(last));
        return stop.lower() != "stop" || trying;
    }
    // "Please don't tell my mum", "Don't scream": asking for silence or a secret, not refusing
    // an act.
    let ends_in_dont = last
        .checked_sub(1)
        .and_then(|k| view.tokens.get(k))
        .is_some_and(|t| matches!(t.lower(), "don't" | "dont" | "not"));
    if ends_in_dont && next.is_some_and(|n| joined(last) && NOT_AN_ACT.contains(&n.lower())) {
        return true;
    }
    let words: Vec<&str> = view.tokens[first..last].iter().map(|t| t.lower()).collect();
    if !matches!(words.as_slice(), ["no"] | ["no", "more"]) {
        return false;
    }
    next.is_some_and(|n| {
        let word = view.text.get(n.start..n.end).unwrap_or_default();
        joined(last) && word.starts_with(|c: char| c.is_lowercase()) && !AFTER_NO.contains(&n.lower())
    })
}

/// Whether the refusal at `first..last` is a negative whose object, within three words and
/// the same clause, is stopping ("I don't want to stop", "don't you dare stop"): it wants
/// the act to go on.
fn against_stopping(view: &SentenceView<'_>, first: usize, last: usize) -> bool {
    let negative = view.tokens[first..last].iter().any(|t| super::context::is_negator(t.lower()));
    let Some(end) = last.checked_sub(1).and_then(|k| view.tokens.get(k)).map(|t| t.end) else { return false };
    negative
        && view.tokens.iter().skip(last).take(3).any(|t| {
            let gap = view.text.get(end..t.start).unwrap_or_default();
            matches!(t.stem(), "stop" | "quit") && !gap.contains([',', ';', ':', '—', '–', '.', '!', '?'])
        })
}

/// Whether the sentence is a question.
fn asked(view: &SentenceView<'_>) -> bool {
    view.text
        .get(view.range.start..view.range.end)
        .is_some_and(|t| t.trim_end_matches(['"', '”', '’', '\'', ' ']).ends_with('?'))
}

/// The token at `first..last` if the hit is that one word, of the stem "stop".
fn lone_stop<'v>(view: &'v SentenceView<'_>, first: usize, last: usize) -> Option<&'v crate::lexicon::Token> {
    view.tokens.get(first).filter(|t| last == first + 1 && t.stem() == "stop")
}

/// The lower-case word before token `first`.
fn word_before<'v>(view: &'v SentenceView<'_>, first: usize) -> Option<&'v str> {
    first.checked_sub(1).and_then(|p| view.tokens.get(p)).map(|t| t.lower())
}

/// Whether a lone "stop"/"stopped" at `first..last` is not the act stopping: the noun or an
/// order ("at the bus stop"), a wish ("she wanted to stop") or someone ceasing to do
/// something ("she stopped saying anything", "he stopped writing").
fn stop_not_honour(view: &SentenceView<'_>, first: usize, last: usize) -> bool {
    let Some(word) = lone_stop(view, first, last) else {
        return false;
    };
    // "stop" itself is a noun ("the bus stop") or an order; the act stopping is "stopped".
    if matches!(word.lower(), "stop" | "stops") {
        return true;
    }
    let wish = word_before(view, first) == Some("to");
    let gerund = view.tokens.get(last).is_some_and(|n| n.lower().len() > 4 && n.lower().ends_with("ing"));
    wish || gerund
}

/// Whether a cue is told of someone ("he didn't stop", "he just wouldn't stop", "they kept
/// going"), not said to them.
fn told(view: &SentenceView<'_>, first: usize) -> bool {
    let someone = |k: usize| matches!(word_before(view, k), Some("he" | "she" | "they"));
    someone(first)
        || matches!(word_before(view, first), Some("just" | "still" | "simply" | "even" | "only")) && someone(first - 1)
}

/// "asked them to let go", "begged him to back off": what someone asks for, not what is done.
fn asked_for(view: &SentenceView<'_>, first: usize) -> bool {
    const ASKING: &[&str] = &["asked", "asks", "told", "begged", "begs", "pleaded", "wanted", "urged", "willed"];
    first >= 3 && view.tokens[first - 1].lower() == "to" && ASKING.contains(&view.tokens[first - 3].lower())
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn an_act_going_on_can_be_told_in_speech() {
        assert!(signals("\"He didn't stop,\" she said.")[0].continuation >= 3.0);
        assert_eq!(signals("\"Carry on,\" she said.")[0].continuation, 0.0, "an order");
        assert!(signals("\"He just wouldn't stop.\"")[0].continuation >= 3.0);
        assert!(signals("She carried on.")[0].continuation > 0.0);
    }

    #[test]
    fn asking_someone_to_let_go_is_not_their_letting_go() {
        assert!(signals("He let go of her at once.")[0].honour >= 2.0);
        assert_eq!(signals("He asked them to let go.")[0].honour, 0.0);
    }

    #[test]
    fn refusals_in_speech() {
        let s = signals("\"Stop, get off me,\" she said.");
        assert!(s[0].refusal >= 2.0);
        let s = signals("‘Please don’t,’ he whispered.");
        assert!(s[0].refusal >= 2.0);
    }

    #[test]
    fn no_then_keep_going_is_consent() {
        // "No" answers an offer of a break; what follows is what she wants.
        let s = &signals("\"No, keep going,\" she said through her teeth.")[0];
        assert_eq!(s.refusal, 0.0);
        assert!(s.consent >= 2.0);
        // Still a refusal where the consent is itself negated.
        let s = &signals("\"No, don't keep going,\" she said.")[0];
        assert!(s.consent < 2.0);
    }

    #[test]
    fn dont_stop_is_consent() {
        let s = signals("\"Yes, don't stop,\" she said.");
        assert_eq!(s[0].refusal, 0.0);
        assert!(s[0].consent >= 2.0);
    }

    #[test]
    fn narration_words_are_not_speech() {
        let s = signals("The bus did not stop at the corner.");
        assert_eq!(s[0].refusal, 0.0);
    }

    #[test]
    fn laughter_marks_play() {
        let s = signals("\"No, stop!\" Mia shrieked, laughing, as the snowball hit her.");
        assert!(s[0].refusal >= 2.0);
        assert!(s[0].playful);
    }

    #[test]
    fn an_offer_to_stop_and_a_wish_to_go_on_are_not_refusals() {
        let s =
            signals("\"We can stop anytime, you know,\" he said. \"I don't want to stop.\" \"Why won't you stop?\"");
        assert_eq!(s[0].refusal, 0.0);
        assert_eq!(s[1].refusal, 0.0);
        assert!(s[2].refusal >= 2.0);
    }

    #[test]
    fn brushing_aside_and_other_plays_are_not_play() {
        let s = signals("She laughed it off and said she had a boyfriend. He played the piano.");
        assert!(!s[0].playful);
        assert!(!s[1].playful);
        assert!(signals("\"Stop it,\" she said playfully.")[0].playful);
    }

    #[test]
    fn a_told_refusal_is_not_honour() {
        let s = signals("She told him to stop.");
        assert!(s[0].refusal >= 3.0);
        assert_eq!(s[0].honour, 0.0);
    }

    #[test]
    fn honour_and_continuation() {
        let s = signals("He stopped at once and stepped back. He didn't stop.");
        assert!(s[0].honour >= 2.0);
        assert!(s[1].continuation >= 2.0);
        assert_eq!(s[1].honour, 0.0);
    }

    #[test]
    fn a_wish_to_stop_and_ceasing_to_speak_are_not_honour() {
        let s = signals("Halfway through, Bea said she wanted to stop. She stopped saying anything. He stopped.");
        assert_eq!(s[0].honour, 0.0);
        assert_eq!(s[1].honour, 0.0);
        assert!(s[2].honour >= 2.0);
        assert_eq!(signals("Later, at the bus stop, she searched for a helpline.")[0].honour, 0.0);
    }

    #[test]
    fn care_and_plans_are_not_refusals() {
        assert_eq!(signals("He didn't want to wake her, so he left a note.")[0].refusal, 0.0);
        assert!(signals("She said she didn't want to.")[0].refusal >= 2.0);
        assert_eq!(signals("\"We're careful before we stop using condoms,\" he said.")[0].refusal, 0.0);
        assert!(signals("\"Stop,\" she said.")[0].refusal >= 2.0);
    }

    #[test]
    fn other_uses_of_stop_and_no_are_not_refusals() {
        let refusal = |text: &str| signals(text).iter().map(|s| s.refusal).fold(0.0, f32::max);
        assert_eq!(refusal("\"Control, stopping a grey car on Mill Lane,\" she said."), 0.0);
        assert_eq!(refusal("\"The kids would be fine, Jen could stop worrying.\""), 0.0);
        assert_eq!(refusal("\"I'm trying to stop.\""), 0.0);
        assert_eq!(refusal("\"No police.\""), 0.0);
        assert_eq!(refusal("\"No more tests.\""), 0.0);
        assert!(refusal("\"Stop touching me.\"") >= 2.0);
        assert!(refusal("\"Stop it.\"") >= 2.0);
        assert!(refusal("\"No, Gary, get off.\"") >= 2.0);
        assert!(refusal("\"No more, please.\"") >= 2.0);
        assert!(refusal("\"Will you stop?\"") >= 2.0);
        assert!(refusal("\"You must stop. Now.\"") >= 2.0);
        assert!(refusal("\"Stop kissing me!\" she said.") >= 2.0);
        assert_eq!(refusal("\"Your liver doesn't like it. We'll stop it and re-check in a month.\""), 0.0);
        assert_eq!(refusal("\"Some bloke at the bus stop.\""), 0.0);
        assert_eq!(refusal("'I'd like you to stop replying to him,' she wrote."), 0.0);
        assert!(refusal("'I'd like you to stop touching me,' she said.") >= 2.0);
        assert_eq!(refusal("She said, 'Please don't tell my mum.'"), 0.0);
        assert!(refusal("She said, 'Please don't.'") >= 2.0);
        assert!(refusal("She said, 'Please don't touch me.'") >= 2.0);
        assert_eq!(signals("\"Stop kissing me!\" she said.")[0].consent, 0.0);
    }

    #[test]
    fn a_told_no_or_plea_for_something_else_is_no_refusal() {
        assert_eq!(signals("Kemi looked up to say no one's knees could survive that many jumps.")[0].refusal, 0.0);
        assert_eq!(signals("They begged me to apply for the job.")[0].refusal, 0.0);
        assert!(signals("She begged him to stop.")[0].refusal >= 2.0);
        assert!(signals("She begged him to let her go.")[0].refusal >= 2.0);
        assert!(signals("She kept saying no.")[0].refusal >= 2.0);
    }

    #[test]
    fn journeys_and_cups_are_not_an_act_going_on() {
        let going_on = |text: &str| signals(text)[0].continuation;
        assert_eq!(going_on("His mother kept pulling him from the window and he kept going back."), 0.0);
        assert_eq!(going_on("The barrier was stuck up, and the train didn't stop in time."), 0.0);
        assert_eq!(going_on("The woman at the next window laughed into her coffee."), 0.0);
        assert!(going_on("He said it was just nerves and kept going.") >= 2.0);
        assert!(going_on("She said it hurt and he laughed into her shoulder.") >= 2.0);
        assert!(going_on("He didn't stop.") >= 2.0);
    }

    #[test]
    fn honour_said_in_more_than_a_word() {
        let s = signals("\"I'm not sure.\" \"Then we stop,\" he said. \"Let go!\" she said.");
        assert!(s.iter().any(|t| t.honour >= 2.0), "'then we stop' is honour");
        assert_eq!(s.last().map(|t| t.honour), Some(0.0), "'let go' in a refusal is not honour");
    }
}
