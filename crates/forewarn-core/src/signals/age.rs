//! Age detector: cues that a character is a minor or an adult.
//!
//! What it detects: stated ages ("the fifteen-year-old", "she is 16", "aged 14"), school
//! years and minor markers ("ninth grade", "middle school", "a minor") from
//! `data/signals/age.txt` and the `underage` lexicon, and adult markers ("twenty-five",
//! "her husband", "college"). Ages recalled from the past ("when she was fifteen") are
//! backstory and do not make a present character a minor.
//!
//! Why: AO3's Underage Sex warning needs sexual activity AND a participant under 18;
//! characters of ambiguous age are assumed adult, so only clear cues count.
//!
//! Example: "Sam was fifteen and hated maths." gives minor 3 and stated age 15.
//!
//! Limitations: a cue is attached to the sentence, not resolved to a character; scene
//! reasoning requires it to be near the sexual activity. Tested only on non-sexual
//! sentences (see the content rules in DEVELOPERS.md).

use super::context::is_negator;
use super::{SentenceSignals, SentenceView, Signal};

const NUMBER_WORDS: &[(&str, u8)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Words after a number that make it something other than an age.
const UNITS: &[&str] = &[
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "second",
    "seconds",
    "dollars",
    "pounds",
    "percent",
    "feet",
    "foot",
    "inches",
    "miles",
    "meters",
    "metres",
    "times",
    "o'clock",
    "people",
    "men",
    "women",
    "of",
    "pm",
    "am",
    "kilometres",
    "kilometers",
    "yards",
    "steps",
    "cents",
    "euros",
    "points",
];
const COPULAS: &[&str] = &["is", "was", "am", "are", "were", "turned", "turns", "turning", "'s", "being"];
const HEDGES: &[&str] = &["only", "just", "barely", "nearly", "almost", "already", "now"];

pub(super) fn number(word: &str) -> Option<u8> {
    if let Ok(n) = word.parse::<u8>() {
        return Some(n);
    }
    if let Some(&(_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == word) {
        return Some(n);
    }
    // "twenty-five"
    let (tens, ones) = word.split_once('-')?;
    let tens = NUMBER_WORDS.iter().find(|(w, _)| *w == tens)?.1;
    let ones = NUMBER_WORDS.iter().find(|(w, _)| *w == ones)?.1;
    (tens >= 20 && ones < 10).then_some(tens + ones)
}

/// Ages stated in a token sequence, with whether each is recalled from the past.
pub fn stated_ages(tokens: &[crate::lexicon::Token]) -> Vec<(u8, bool)> {
    let lower: Vec<&str> = tokens.iter().map(|t| t.lower()).collect();
    let mut out = Vec::new();
    for k in 0..lower.len() {
        let word = lower[k];
        let mut age = None;
        // "fifteen-year-old", "15-year-old", "twenty-five-year-old"
        if let Some(prefix) = word.strip_suffix("-year-old").or_else(|| word.strip_suffix("-years-old")) {
            age = number(prefix);
        }
        // "15 years old"
        if age.is_none()
            && lower.get(k + 1).is_some_and(|w| *w == "years" || *w == "year")
            && lower.get(k + 2) == Some(&"old")
        {
            age = number(word);
        }
        // "aged 14", "age 14"
        if age.is_none() && k > 0 && (lower[k - 1] == "aged" || lower[k - 1] == "age") {
            age = number(word);
        }
        // "she is only 16", "Tom was fifteen"
        if age.is_none() && k > 0 {
            let mut j = k - 1;
            if HEDGES.contains(&lower[j]) && j > 0 {
                j -= 1;
            }
            let next_is_unit = lower.get(k + 1).is_some_and(|w| UNITS.contains(w) || number(w).is_some());
            if COPULAS.contains(&lower[j]) && !next_is_unit && j > 0 && !is_negator(lower[j - 1]) {
                age = number(word).filter(|n| (5..=99).contains(n));
            }
        }
        if let Some(age) = age {
            let from = k.saturating_sub(5);
            let past = lower[from..k].iter().any(|w| matches!(*w, "when" | "since" | "ago" | "until"))
                || lower.get(k + 1) == Some(&"again");
            out.push((age, past));
        }
    }
    out
}

/// Sets `s.minor`, `s.stated_minor_age` and `s.adult`.
pub fn detect(view: &SentenceView<'_>, s: &mut SentenceSignals) {
    let underage = crate::taxonomy().index("underage");
    for hit in view.hits {
        let weight = view.weight(hit);
        let lexicon = view.lexicons.matcher.entries.get(hit.entry as usize).map(|e| e.lexicon as usize);
        let is_underage_lexicon =
            lexicon.and_then(|l| view.lexicons.label_of.get(l).copied().flatten()) == underage && underage.is_some();
        match view.signal(hit) {
            Some(Signal::Age) => s.minor = s.minor.max(weight),
            Some(Signal::Adult) => s.adult = s.adult.max(weight),
            _ if is_underage_lexicon => s.minor = s.minor.max(weight),
            _ => {}
        }
    }
    for (age, past) in stated_ages(view.tokens) {
        if past {
            continue;
        }
        if age < 18 {
            s.minor = 3.0;
            s.stated_minor_age = Some(s.stated_minor_age.map_or(age, |a| a.min(age)));
        } else {
            s.adult = 3.0;
        }
    }
    if s.backstory {
        // "when she was a child" is about the past, not the scene.
        s.minor = s.minor.min(1.0);
        s.stated_minor_age = None;
    }
}

#[cfg(test)]
mod tests {
    use crate::signals::test_support::signals;

    #[test]
    fn stated_minor_ages() {
        let s = signals("Sam was fifteen and hated maths.");
        assert_eq!(s[0].stated_minor_age, Some(15));
        assert!(s[0].minor >= 3.0);
        assert_eq!(signals("The fourteen-year-old walked to school.")[0].stated_minor_age, Some(14));
        assert_eq!(signals("She is only 16.")[0].stated_minor_age, Some(16));
    }

    #[test]
    fn adults_and_non_ages() {
        let s = signals("Dana was thirty-one and worked as an accountant.");
        assert_eq!(s[0].stated_minor_age, None);
        assert!(s[0].adult >= 3.0);
        assert_eq!(signals("He was 15 minutes late.")[0].stated_minor_age, None);
        assert_eq!(signals("It was ten o'clock.")[0].stated_minor_age, None);
    }

    #[test]
    fn recalled_ages_are_not_present() {
        assert_eq!(signals("When she was fifteen, she moved to Leeds.")[0].stated_minor_age, None);
    }

    #[test]
    fn school_years_mark_minors() {
        assert!(signals("He was in ninth grade at the middle school.")[0].minor >= 2.0);
    }
}
