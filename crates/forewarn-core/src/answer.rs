//! Answers to a reader's questions, the way Does The Dog Die answers them: for each label the
//! reader asks about (`--ask`, or the labels in their profile), yes, no or unsure, with what
//! was read to say so. A "no" is a statement about what forewarn read, so it says how much.
//!
//! One rule, beside the policy's one rule for warnings: a label at or above its threshold in
//! force is a warning and its answer is yes; below [`NO_BELOW`] of that threshold the answer
//! is no; in between it is unsure.

use serde::{Deserialize, Serialize};

use crate::Severity;

/// Below this share of its threshold, a label's score answers "no".
pub const NO_BELOW: f32 = 0.5;

/// The answer to "does it contain ...?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Verdict {
    /// It is a warning.
    Yes,
    /// Its score is below [`NO_BELOW`] of the threshold.
    No,
    /// Its score is between the no and the yes thresholds.
    Unsure,
}

impl Verdict {
    /// Lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Unsure => "unsure",
        }
    }
}

/// One label's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Label index (taxonomy, then custom labels).
    pub label: usize,
    /// Yes, no or unsure.
    pub verdict: Verdict,
    /// The label's score as shown.
    pub score: f32,
    /// For a yes: how intense, and how many passages support it.
    pub severity: Option<Severity>,
    /// Passages behind a yes (0 otherwise).
    pub passages: usize,
}

/// What a decided label says, for its answer: its index, score as shown, whether it is a
/// warning, its severity and how many passages support it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decided {
    /// Label index.
    pub label: usize,
    /// Score as shown.
    pub score: f32,
    /// Whether it is a warning.
    pub flagged: bool,
    /// Severity of its strongest evidence.
    pub severity: Severity,
    /// Passages of evidence.
    pub passages: usize,
}

impl Answer {
    /// The answer for a decided label whose threshold in force was `threshold`.
    pub fn of(decided: Decided, threshold: f32) -> Self {
        let verdict = if decided.flagged {
            Verdict::Yes
        } else if decided.score < threshold * NO_BELOW {
            Verdict::No
        } else {
            Verdict::Unsure
        };
        let yes = verdict == Verdict::Yes;
        Answer {
            label: decided.label,
            verdict,
            score: decided.score,
            severity: yes.then_some(decided.severity),
            passages: if yes { decided.passages } else { 0 },
        }
    }
}

/// How much of a work was read, for a "no" to be honest about.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Read {
    /// Sentences the lexical engine read (all of them).
    pub sentences: usize,
    /// Sentences inside windows the sentence model read with the transformer.
    pub model_sentences: usize,
}

impl Read {
    /// Share of the work's sentences the sentence model read (0 without the model).
    pub fn model_share(&self) -> f32 {
        if self.sentences == 0 {
            0.0
        } else {
            (self.model_sentences as f32 / self.sentences as f32).min(1.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(score: f32, flagged: bool) -> Decided {
        Decided { label: 3, score, flagged, severity: Severity::Depicted, passages: 1 }
    }

    #[test]
    fn yes_is_a_warning_no_is_well_below_the_threshold_and_between_is_unsure() {
        let yes = Answer::of(result(0.8, true), 0.6);
        assert_eq!((yes.verdict, yes.severity, yes.passages), (Verdict::Yes, Some(Severity::Depicted), 1));
        assert_eq!(Answer::of(result(0.29, false), 0.6).verdict, Verdict::No);
        let unsure = Answer::of(result(0.3, false), 0.6);
        assert_eq!((unsure.verdict, unsure.severity, unsure.passages), (Verdict::Unsure, None, 0));
        assert_eq!(Answer::of(result(0.599, false), 0.6).verdict, Verdict::Unsure);
    }

    #[test]
    fn the_share_read_is_of_sentences() {
        assert_eq!(Read { sentences: 200, model_sentences: 50 }.model_share(), 0.25);
        assert_eq!(Read::default().model_share(), 0.0);
    }
}
