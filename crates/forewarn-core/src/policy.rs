//! The reader's policy: which labels become warnings and which are shown. It is applied in
//! one place, [`crate::Engine::finish`], so every output and every command (scan, filter,
//! check, tag, serve) sees the same warning list for the same work and settings.
//!
//! One rule for thresholds: a label scoring at or above its threshold is a warning, below it
//! is not, whether the lexical engine or the sentence model scored it. A label's threshold is
//! `min_confidence` when given (a command's `--min-confidence`), else the user's threshold for
//! that label (`[thresholds]` in forewarn.toml), else the calibration's.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Which labels are warnings and which are shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Per-label thresholds (label id -> probability) that replace the calibration's.
    pub thresholds: BTreeMap<String, f32>,
    /// One threshold for every label, over the per-label ones (`--min-confidence`).
    pub min_confidence: Option<f32>,
    /// Labels never reported as warnings (their scores are still shown, and still count
    /// towards the rating: the rating is about the work, not the reader).
    pub ignore: BTreeSet<String>,
    /// The only labels the human output shows (empty: all of them).
    pub matter: BTreeSet<String>,
    /// Labels the reader asks about (`--ask`): each gets an answer, yes, no or unsure
    /// ([`crate::answer`]). Empty: the labels that matter are asked.
    #[serde(default)]
    pub ask: BTreeSet<String>,
}

impl Policy {
    /// The threshold in force for a label whose calibrated threshold is `calibrated`.
    pub fn threshold(&self, id: &str, calibrated: f32) -> f32 {
        self.min_confidence.or_else(|| self.thresholds.get(id).copied()).unwrap_or(calibrated)
    }

    /// Whether the reader asked never to be warned of this label.
    pub fn ignores(&self, id: &str) -> bool {
        self.ignore.contains(id)
    }

    /// Whether the human output shows this label.
    pub fn matters(&self, id: &str) -> bool {
        self.matter.is_empty() || self.matter.contains(id)
    }

    /// The labels that get an answer: those asked, else those that matter.
    pub fn asked(&self) -> &BTreeSet<String> {
        if self.ask.is_empty() {
            &self.matter
        } else {
            &self.ask
        }
    }

    /// The same policy with one threshold for every label (`None` keeps this one's).
    pub fn with_min_confidence(mut self, min_confidence: Option<f32>) -> Self {
        if min_confidence.is_some() {
            self.min_confidence = min_confidence;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_confidence_is_over_a_label_threshold_which_is_over_the_calibration() {
        let mut policy = Policy::default();
        assert_eq!(policy.threshold("blood", 0.6), 0.6);
        policy.thresholds.insert("blood".into(), 0.45);
        assert_eq!(policy.threshold("blood", 0.6), 0.45);
        assert_eq!(policy.threshold("war", 0.6), 0.6);
        let policy = policy.with_min_confidence(Some(0.9));
        assert_eq!(policy.threshold("blood", 0.6), 0.9);
        assert_eq!(policy.threshold("war", 0.6), 0.9);
    }

    #[test]
    fn matter_empty_shows_everything() {
        let mut policy = Policy::default();
        assert!(policy.matters("war"));
        policy.matter.insert("blood".into());
        assert!(policy.matters("blood") && !policy.matters("war"));
    }
}
