//! Segmentation: sentences ([`sentences`]), and for plain text, paragraphs, chapter headings
//! and scene breaks ([`plain`]).
//!
//! Sentence boundaries come from Unicode's UAX #29 rules, as implemented by ICU4X's
//! `icu_segmenter` (chosen over `unicode-segmentation`, which we also use for word counts,
//! because it segments sentences about five times faster on our novels: 196 vs 37 MB/s).
//! Fiction breaks those rules in known ways, so [`sentences`] corrects them afterwards:
//! - a dialogue tag after a quoted exclamation or question ("Stop!" she said.) stays in the
//!   sentence, because the next segment begins in lower case;
//! - titles and initials ("Mr.", "Dr.", "St.", "J.") do not end a sentence;
//! - an interrupted line followed by a reply ("I thought you—" "Wait.") is split, since UAX
//!   #29 sees no terminator after the dash;
//! - a hard line break inside a paragraph is not a boundary (wrapped Gutenberg text).

pub mod plain;

use unicode_segmentation::UnicodeSegmentation;

use crate::TextRange;

/// Titles and other abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "st", "mt", "prof", "rev", "capt", "col", "gen", "lt", "sgt", "cpl", "maj", "gov",
    "sen", "rep", "hon", "jr", "sr", "messrs", "mme", "mlle", "no", "vs", "cf", "esq", "fr", "ft", "vol", "ch", "pp",
    "fig", "approx", "dept", "e.g", "i.e", "a.m", "p.m",
];

/// The longest sentence, in bytes: a longer one is cut at the last space before each limit.
/// No sentence of the novels or the AO3 passages comes near it (the longest run about 2 KB);
/// a crafted line with no full stop (16 MB of "he died ") was one sentence, and every
/// per-sentence structure, and the sentence model's window, held all of it.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Cuts the sentences of one paragraph. Returned ranges are trimmed and non-empty.
pub fn sentences(text: &str, paragraph: TextRange) -> Vec<TextRange> {
    sentences_at_most(text, paragraph, usize::MAX)
}

/// Like [`sentences`], but stops once it holds `max` sentences, so a hostile paragraph (a
/// million "Hi. ") costs no more memory than the limit allows.
pub fn sentences_at_most(text: &str, paragraph: TextRange, max: usize) -> Vec<TextRange> {
    let Some(slice) = text.get(paragraph.start..paragraph.end) else {
        return Vec::new();
    };
    // Line breaks inside a paragraph are wrapping, not boundaries: segment a copy in which
    // they are spaces. Both are one byte, so offsets carry over unchanged.
    let flat: std::borrow::Cow<'_, str> = if slice.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(slice.replace(['\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(slice)
    };
    let segmenter = icu_segmenter::SentenceSegmenter::new(Default::default());
    let mut out: Vec<TextRange> = Vec::new();
    // The piece being built: a false boundary ("Mr. Smith", a dialogue tag) joins the next
    // piece to it, so a sentence is complete only once the next piece does not join.
    let mut open: Option<(usize, usize)> = None;
    let mut previous = 0;
    let close = |piece: (usize, usize), out: &mut Vec<TextRange>| {
        let mut range =
            crate::span::trim_range(text, TextRange::new(paragraph.start + piece.0, paragraph.start + piece.1));
        while range.end - range.start > MAX_SENTENCE_BYTES {
            let mut cut = range.start + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let cut = text[range.start..cut]
                .rfind(char::is_whitespace)
                .map_or(cut, |at| range.start + at)
                .max(range.start + 1);
            let cut = (cut..range.end).find(|&at| text.is_char_boundary(at)).unwrap_or(range.end);
            let head = crate::span::trim_range(text, TextRange::new(range.start, cut));
            if !head.is_empty() {
                out.push(head);
            }
            range = crate::span::trim_range(text, TextRange::new(cut, range.end));
        }
        if !range.is_empty() {
            out.push(range);
        }
    };
    'boundaries: for boundary in segmenter.segment_str(&flat) {
        if boundary > previous {
            let pieces = split_interruptions(&flat, previous, boundary)
                .into_iter()
                .flat_map(|(start, end)| split_lower_case_starts(&flat, start, end));
            for (start, end) in pieces {
                match open.as_mut() {
                    Some(last) if should_join(&flat[last.0..last.1], &flat[start..end]) => last.1 = end,
                    _ => {
                        if let Some(done) = open.replace((start, end)) {
                            close(done, &mut out);
                            if out.len() >= max {
                                open = None;
                                break 'boundaries;
                            }
                        }
                    }
                }
            }
        }
        previous = boundary;
    }
    if let Some(done) = open {
        close(done, &mut out);
    }
    out.truncate(max);
    out
}

/// Splits `"I thought you—" "Wait.` style runs: a closing quote right after a dash, then
/// white space and an opening quote.
fn split_interruptions(flat: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let piece = &flat[start..end];
    if !piece.contains(['—', '–', '-']) {
        return vec![(start, end)];
    }
    let mut out = Vec::new();
    let mut from = 0;
    let chars: Vec<(usize, char)> = piece.char_indices().collect();
    for w in 0..chars.len() {
        let (i, c) = chars[w];
        let is_dash = matches!(c, '—' | '–' | '-');
        if !is_dash {
            continue;
        }
        let Some(&(qi, q)) = chars.get(w + 1) else { continue };
        if !matches!(q, '"' | '”' | '\'' | '’') {
            continue;
        }
        let mut k = w + 2;
        let mut saw_space = false;
        while let Some(&(_, s)) = chars.get(k) {
            if s.is_whitespace() {
                saw_space = true;
                k += 1;
            } else {
                break;
            }
        }
        if let Some(&(oi, o)) = chars.get(k) {
            if saw_space && matches!(o, '"' | '“' | '\'' | '‘') {
                let cut = qi + q.len_utf8();
                let _ = i;
                out.push((start + from, start + cut));
                from = oi;
            }
        }
    }
    out.push((start + from, end));
    out
}

/// Splits where a sentence starts in lower case after a full stop ("i'm in the room. can
/// someone come"), which UAX #29 never breaks: chat and texts write so.
fn split_lower_case_starts(flat: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let piece = &flat[start..end];
    let mut out = Vec::new();
    let mut from = 0;
    for (dot, _) in piece.match_indices(". ") {
        let rest = &piece[dot + 2..];
        let next = rest.trim_start();
        if next.chars().next().is_some_and(char::is_lowercase) && lower_case_sentence(&piece[from..=dot]) {
            out.push((start + from, start + dot + 1));
            from = dot + 2 + (rest.len() - next.len());
        }
    }
    out.push((start + from, end));
    out
}

/// Whether a UAX #29 boundary between `prev` and `next` is a false one in fiction.
fn should_join(prev: &str, next: &str) -> bool {
    let next_start = next.trim_start().trim_start_matches(['"', '“', '”', '\'', '‘', '’', '(', '—', '-']);
    let prev_trimmed = prev.trim_end();
    // A dialogue tag or continuation: `"Stop!" she said.`, `"Wait..." he began.` In chat and
    // texts a sentence can start in lower case after a plain full stop ("i'm in the room. can
    // someone come"); an abbreviation ("etc. and") or an ellipsis goes on.
    if next_start.chars().next().is_some_and(|c| c.is_lowercase()) {
        return !lower_case_sentence(prev_trimmed);
    }
    // A named dialogue tag: `"No, stop!" Mia shrieked.` After a full stop inside the quotes
    // a pronoun starts a new sentence: `... if she was "nice." She said she didn't want it.`
    let full_stop_quote = prev_trimmed.trim_end_matches(['"', '”', '’', '\'']).ends_with('.');
    let pronoun = next_start.split_whitespace().next().is_some_and(|w| PRONOUNS.contains(&w));
    if prev_trimmed.ends_with(['"', '”', '’', '\''])
        && starts_with_dialogue_tag(next_start)
        && !(full_stop_quote && pronoun)
    {
        return true;
    }
    if !prev_trimmed.ends_with('.') {
        return false;
    }
    let last_word = prev_trimmed
        .trim_end_matches('.')
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let lower = last_word.to_lowercase();
    // A single capital initial ("J. R. Smith") or a known title.
    let is_initial = last_word.chars().count() == 1 && last_word.chars().all(|c| c.is_uppercase());
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// Whether `prev` ends in a full stop after a word that is not an abbreviation, so a lower-case
/// word after it starts a new sentence.
fn lower_case_sentence(prev: &str) -> bool {
    let Some(body) = prev.strip_suffix('.') else { return false };
    let word = body.rsplit(|c: char| !c.is_alphabetic() && c != '.').next().unwrap_or("");
    let lower = word.to_lowercase();
    word.chars().count() >= 2
        && word.chars().all(char::is_alphabetic)
        && !ABBREVIATIONS.contains(&lower.as_str())
        && !MORE_ABBREVIATIONS.contains(&lower.as_str())
}

/// Abbreviations that a lower-case word often follows ("etc. and", "et al. found").
const MORE_ABBREVIATIONS: &[&str] =
    &["etc", "al", "viz", "ca", "approx", "incl", "esp", "min", "max", "oz", "lb", "lbs"];

/// Capitalised pronouns: after a quotation closed by a full stop they begin a new sentence.
const PRONOUNS: &[&str] = &["He", "She", "They", "I", "We", "You", "It"];

/// Verbs of speech that make a following capitalised name a dialogue tag.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "shouted",
    "yelled",
    "screamed",
    "shrieked",
    "whispered",
    "muttered",
    "cried",
    "called",
    "replied",
    "answered",
    "snapped",
    "hissed",
    "begged",
    "pleaded",
    "laughed",
    "sobbed",
    "gasped",
    "breathed",
    "murmured",
    "added",
    "continued",
    "growled",
    "barked",
    "sighed",
    "demanded",
    "insisted",
    "protested",
    "groaned",
    "whimpered",
];

/// Whether text starts like "Mia said" / "Dr. Hale whispered": up to three capitalised
/// words, then a speech verb.
fn starts_with_dialogue_tag(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().take(4).collect();
    for (i, w) in words.iter().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if SPEECH_VERBS.contains(&bare.as_str()) {
            return i > 0;
        }
        if !w.chars().next().is_some_and(|c| c.is_uppercase()) {
            return false;
        }
    }
    false
}

/// Counts words the way a reader would (UAX #29 words with at least one alphanumeric).
pub fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        sentences(text, TextRange::new(0, text.len())).into_iter().map(|r| &text[r.start..r.end]).collect()
    }

    #[test]
    fn a_sentence_longer_than_the_limit_is_cut_at_spaces() {
        // No full stop in 40 KB, and a word of multi-byte letters at every cut.
        let text = "he died and then ŵŵŵŵ ".repeat(1800);
        let pieces = cut(&text);
        assert!(pieces.len() >= text.len() / MAX_SENTENCE_BYTES, "{}", pieces.len());
        assert!(pieces.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES && !p.is_empty()));
        assert!(pieces.iter().all(|p| !p.starts_with(' ') && !p.ends_with(' ')));
        // Nothing lost: the pieces are the text's words, in order.
        assert_eq!(pieces.join(" "), text.trim_end());
        // One word longer than the limit is cut where it must be, on a character boundary.
        let word = "ŵ".repeat(3000);
        assert!(cut(&word).iter().all(|p| p.len() <= MAX_SENTENCE_BYTES));
        assert_eq!(cut(&word).concat(), word);
    }

    #[test]
    fn dialogue_tags_stay_with_their_line() {
        assert_eq!(cut("\"Stop!\" she said. Then she left."), vec!["\"Stop!\" she said.", "Then she left."]);
        assert_eq!(cut("“Are you sure?” he asked. “Yes.”"), vec!["“Are you sure?” he asked.", "“Yes.”"]);
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            cut("Mr. Darcy met Dr. Watson at St. Paul's. They talked."),
            vec!["Mr. Darcy met Dr. Watson at St. Paul's.", "They talked."]
        );
        assert_eq!(cut("J. R. Hartley wrote it. Done."), vec!["J. R. Hartley wrote it.", "Done."]);
    }

    #[test]
    fn interruptions_split_between_speakers() {
        assert_eq!(
            cut("\"I thought you—\" \"Wait, don't-\" She stopped."),
            vec!["\"I thought you—\"", "\"Wait, don't-\" She stopped."]
        );
    }

    #[test]
    fn ellipses_and_wrapped_lines() {
        assert_eq!(cut("Well... I don't know. Maybe."), vec!["Well...", "I don't know.", "Maybe."]);
        assert_eq!(
            cut("It was a dark\r\nand stormy night. Rain\nfell."),
            vec!["It was a dark\r\nand stormy night.", "Rain\nfell."]
        );
    }

    #[test]
    fn named_dialogue_tags() {
        assert_eq!(cut("\"No, stop!\" Mia shrieked. She ran."), vec!["\"No, stop!\" Mia shrieked.", "She ran."]);
        assert_eq!(cut("\"Go!\" Then he left."), vec!["\"Go!\"", "Then he left."]);
        assert_eq!(
            cut("He said she could if she was \"nice.\" She said she didn't want to."),
            vec!["He said she could if she was \"nice.\"", "She said she didn't want to."]
        );
    }

    #[test]
    fn lower_case_chat_sentences() {
        assert_eq!(cut("i'm in the room. can someone come."), vec!["i'm in the room.", "can someone come."]);
        assert_eq!(cut("Pens, pencils, etc. and more."), vec!["Pens, pencils, etc. and more."]);
        assert_eq!(cut("I was... thinking of you."), vec!["I was... thinking of you."]);
    }

    #[test]
    fn curly_single_quotes() {
        assert_eq!(cut("‘No,’ she said. ‘Not today.’"), vec!["‘No,’ she said.", "‘Not today.’"]);
    }
}
