//! Check: compares what a work declares (AO3 rating, archive warnings, freeform tags) with
//! what forewarn detects, the way a linter compares code with its rules.
//!
//! (Being written: the comparison and the AO3 freeform-tag synonym table.)

use serde::{Deserialize, Serialize};

use crate::report::Evidence;
use crate::Declared;

/// How serious a check finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Informational: found, and nothing is missing (e.g. the creator chose not to warn).
    Info,
    /// A content warning without a matching tag.
    Warning,
    /// A missing archive warning or a rating lower than the content.
    Error,
}

/// What kind of mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// The declared rating is lower than the detected one.
    RatingTooLow,
    /// An archive warning is detected but not declared.
    ArchiveWarningMissing,
    /// A content label is detected with no matching freeform tag.
    ContentTagMissing,
    /// Detected and covered (or the creator chose not to warn): for information.
    Found,
}

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckFinding {
    /// What kind of mismatch.
    pub kind: CheckKind,
    /// How serious.
    pub level: Level,
    /// The label concerned, if any.
    pub label: Option<String>,
    /// One line for people.
    pub message: String,
    /// What was declared (the rating, or the tag that covers it).
    pub declared: Option<String>,
    /// What was detected.
    pub detected: Option<String>,
    /// Confidence of the detection.
    pub confidence: f32,
    /// Supporting passages.
    pub evidence: Vec<Evidence>,
}

/// The outcome of checking one work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// The work.
    pub id: String,
    /// Where the declared tags came from: `flag`, `work` or `none`.
    pub declared_source: String,
    /// The declared tags used.
    pub declared: Declared,
    /// Findings, most serious first.
    pub findings: Vec<CheckFinding>,
    /// Whether anything is missing at or above the threshold (exit code 1).
    pub missing: bool,
}
