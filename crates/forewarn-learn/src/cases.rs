//! Labelled cases, the input of `forewarn eval`, `calibrate` and `train`, in two formats
//! detected per line:
//! - generic: `{"id", "text", "present": [...], "absent": [...], "rating"?}`; a label in
//!   neither list is not scored for that case;
//! - passages (../shared/data/passages): `{"id", "work_id", "warning", "votes",
//!   "positive_majority", "positive_any", "text"}`; each passage is scored for its one
//!   warning, against both the majority and the any-vote label.

use serde::{Deserialize, Serialize};

use forewarn_core::{Document, Meta, Rating, SourceFormat, SourceMap};

/// A labelled case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Case id.
    pub id: String,
    /// Fold group (the work).
    pub group: String,
    /// The text.
    pub text: String,
    /// Labels that must be found (majority vote for passages).
    pub present: Vec<String>,
    /// Labels that must not be found.
    pub absent: Vec<String>,
    /// For passages: labels under the any-vote rule (present if any annotator said yes).
    pub any_present: Option<Vec<String>>,
    /// Expected rating.
    pub rating: Option<Rating>,
    /// What kind of case it is (the works suite's scenes: `implied`, `explicit`, `near-miss`).
    pub kind: Option<String>,
}

/// A case file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct EvalError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

#[derive(Deserialize)]
struct RawCase {
    id: Option<String>,
    text: String,
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    rating: Option<String>,
    work_id: Option<String>,
    warning: Option<String>,
    positive_majority: Option<bool>,
    positive_any: Option<bool>,
    group: Option<String>,
}

/// Maps the passage data's warning names to label ids.
fn passage_label(warning: &str) -> String {
    warning.to_string()
}

/// Parses a JSONL case file.
pub fn parse_cases(jsonl: &str) -> Result<Vec<Case>, EvalError> {
    let taxonomy = forewarn_core::taxonomy();
    let mut out = Vec::new();
    for (i, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: String| EvalError { line: i + 1, reason };
        let raw: RawCase = serde_json::from_str(line).map_err(|e| err(format!("invalid JSON: {e}")))?;
        let id = raw.id.clone().unwrap_or_else(|| format!("line{}", i + 1));
        let rating = match raw.rating.as_deref() {
            Some(r) => Some(Rating::parse(r).ok_or_else(|| err(format!("unknown rating {r:?}")))?),
            None => None,
        };
        let mut case = Case {
            group: raw.work_id.clone().unwrap_or_else(|| id.clone()),
            id,
            text: raw.text,
            present: raw.present,
            absent: raw.absent,
            any_present: None,
            rating,
            kind: raw.group,
        };
        if let (Some(warning), Some(majority)) = (raw.warning.as_deref(), raw.positive_majority) {
            let label = passage_label(warning);
            case.present = if majority { vec![label.clone()] } else { Vec::new() };
            case.absent = if majority { Vec::new() } else { vec![label.clone()] };
            case.any_present = Some(if raw.positive_any.unwrap_or(majority) { vec![label] } else { Vec::new() });
        }
        for label in case.present.iter().chain(&case.absent) {
            if taxonomy.get(label).is_none() {
                return Err(err(format!("unknown label {label:?}")));
            }
        }
        out.push(case);
    }
    Ok(out)
}

/// Which gold labels to score against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gold {
    /// `present`/`absent` (majority vote for passages).
    Majority,
    /// Any-vote (passages only).
    Any,
}

impl Case {
    /// (present, absent) under a gold rule.
    pub fn gold(&self, gold: Gold) -> (Vec<&str>, Vec<&str>) {
        match (gold, &self.any_present) {
            (Gold::Any, Some(any)) => {
                let scored: Vec<&str> = self.present.iter().chain(&self.absent).map(String::as_str).collect();
                let present: Vec<&str> = scored.iter().copied().filter(|l| any.iter().any(|a| a == l)).collect();
                let absent = scored.into_iter().filter(|l| !present.contains(l)).collect();
                (present, absent)
            }
            _ => (self.present.iter().map(String::as_str).collect(), self.absent.iter().map(String::as_str).collect()),
        }
    }
}

/// Builds a document from a case's text.
pub fn case_document(case: &Case) -> Document {
    let mut meta = Meta::new(SourceFormat::Jsonl);
    meta.source_bytes = case.text.len();
    Document::from_plain_text(case.text.clone(), SourceMap::identity(case.id.clone(), case.text.len()), meta)
}
