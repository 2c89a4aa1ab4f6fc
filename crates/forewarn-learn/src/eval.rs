//! Evaluation: precision, recall, F1 and accuracy per label on labelled data, with k-fold
//! cross-validation of everything fitted (the calibration).
//!
//! Two input formats, detected per line:
//! - generic: `{"id", "text", "present": [...], "absent": [...], "rating"?}`; a label in
//!   neither list is not scored for that case;
//! - passages (../shared/data/passages): `{"id", "work_id", "warning", "votes",
//!   "positive_majority", "positive_any", "text"}`; each passage is scored for its one
//!   warning, against both the majority and the any-vote label.
//!
//! Folds group cases by work (`work_id`) or id, so no work is in both the fitting and the
//! scoring part of a fold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calibrate::fit;
pub use crate::cases::{case_document, parse_cases, Case, EvalError, Gold};
pub use crate::train::fold_of;
use crate::train::{train_heads, Exemplar, Scope};
use forewarn_core::Calibration;
use forewarn_core::{Engine, LabelKind, Rating, RawAnalysis};

/// Counts and scores for one label.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelMetrics {
    /// Label id.
    pub label: String,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// True negatives.
    pub tn: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Accuracy.
    pub accuracy: f64,
}

impl LabelMetrics {
    pub(crate) fn finish(mut self) -> Self {
        let (tp, fp, fn_, tn) = (self.tp as f64, self.fp as f64, self.fn_ as f64, self.tn as f64);
        self.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        self.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        self.f1 = if tp > 0.0 { 2.0 * tp / (2.0 * tp + fp + fn_) } else { 0.0 };
        let n = tp + fp + fn_ + tn;
        self.accuracy = if n > 0.0 { (tp + tn) / n } else { 0.0 };
        self
    }
}

/// Metrics under one gold rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Which gold labels.
    pub gold: Gold,
    /// Per label (only labels with at least one scored case).
    pub labels: Vec<LabelMetrics>,
    /// Mean over labels with at least one positive.
    pub macro_f1: f64,
    /// Mean accuracy over labels.
    pub macro_accuracy: f64,
    /// Pooled over all (case, label) pairs.
    pub micro: LabelMetrics,
    /// Archive warnings pooled.
    pub archive: LabelMetrics,
    /// Share of `absent` pairs that were flagged.
    pub false_alarm_rate: f64,
}

/// A whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Number of cases.
    pub cases: usize,
    /// Folds used to fit calibration (None: the shipped calibration).
    pub folds: Option<usize>,
    /// Majority (or plain) labels.
    pub majority: Table,
    /// Any-vote labels (passage data only).
    pub any: Option<Table>,
    /// Rating exact matches / cases with a rating.
    pub rating_exact: Option<(usize, usize)>,
    /// Rating confusion: expected -> predicted -> count.
    pub rating_confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// The majority table for each kind of case, where cases have kinds (the works suite's
    /// scenes: recall on `implied`, false alarms on `near-miss`).
    pub by_kind: BTreeMap<String, Table>,
    /// Each case with a wrong decision under the majority (or plain) labels, in case order
    /// (written on request, `forewarn eval --mistakes`; not part of the report's JSON).
    #[serde(skip)]
    pub mistakes: Vec<CaseMistakes>,
}

/// What one case got wrong: labels missed, labels raised that it is annotated without, and
/// the rating where it differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseMistakes {
    /// Case id.
    pub id: String,
    /// Its kind, where cases have kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Present labels not flagged.
    pub missed: Vec<String>,
    /// Absent labels flagged, with their confidence.
    pub false_alarms: Vec<(String, f32)>,
    /// (expected, given) where the rating differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<(Rating, Rating)>,
}

/// The cases with wrong decisions under `gold`.
fn mistakes(cases: &[Case], analyses: &[forewarn_core::Analysis], gold: Gold) -> Vec<CaseMistakes> {
    let taxonomy = forewarn_core::taxonomy();
    let flagged = |a: &forewarn_core::Analysis, label: &str| {
        taxonomy.index(label).and_then(|i| a.labels.get(i)).filter(|l| l.flagged).map(|l| l.score)
    };
    cases
        .iter()
        .zip(analyses)
        .filter_map(|(case, a)| {
            let (present, absent) = case.gold(gold);
            let missed: Vec<String> =
                present.iter().filter(|l| flagged(a, l).is_none()).map(|l| l.to_string()).collect();
            let false_alarms: Vec<(String, f32)> =
                absent.iter().filter_map(|l| flagged(a, l).map(|c| (l.to_string(), c))).collect();
            let rating = case.rating.filter(|&r| r != a.rating).map(|r| (r, a.rating));
            (!missed.is_empty() || !false_alarms.is_empty() || rating.is_some()).then(|| CaseMistakes {
                id: case.id.clone(),
                kind: case.kind.clone(),
                missed,
                false_alarms,
                rating,
            })
        })
        .collect()
}

/// Fits a calibration on cases and their raw analyses, starting from `base`.
pub fn fit_calibration(cases: &[&Case], raws: &[&RawAnalysis], gold: Gold, base: &Calibration) -> Calibration {
    let taxonomy = forewarn_core::taxonomy();
    let mut out = base.clone();
    for (index, def) in taxonomy.labels.iter().enumerate() {
        let mut examples = Vec::new();
        for (case, raw) in cases.iter().zip(raws) {
            let (present, absent) = case.gold(gold);
            let Some(features) = raw.labels.get(index).map(|l| l.features) else { continue };
            if present.contains(&def.id.as_str()) {
                examples.push((features, true));
            } else if absent.contains(&def.id.as_str()) {
                examples.push((features, false));
            }
        }
        let start = base.get(&def.id, def.kind == LabelKind::Archive);
        if let Some(fitted) = fit(&examples, start) {
            out.labels.insert(def.id.clone(), fitted);
        }
    }
    out
}

/// Evaluates the engine on cases. With `folds`, calibration is refitted from the defaults on
/// k-1 folds and scored on the held-out fold, and so are the semantic heads (on the k-1 folds
/// and the exemplars) when the engine has a sentence model, so the shipped calibration and
/// heads (which may have seen these cases) play no part; without, the engine's are used as is.
pub fn evaluate(engine: &Engine, cases: &[Case], folds: Option<usize>, exemplars: &[Exemplar]) -> EvalReport {
    let raws: Vec<RawAnalysis> = cases.iter().map(|c| engine.raw(&case_document(c))).collect();
    let semantic = raws.iter().any(|r| r.semantic.is_some());
    let has_any = cases.iter().any(|c| c.any_present.is_some());
    let table = |gold: Gold| -> (Table, Vec<forewarn_core::Analysis>) {
        let analyses: Vec<forewarn_core::Analysis> = match folds {
            Some(k) if k >= 2 => {
                let mut out: Vec<Option<forewarn_core::Analysis>> = vec![None; cases.len()];
                for fold in 0..k {
                    let train: Vec<usize> = (0..cases.len()).filter(|&i| fold_of(&cases[i].group, k) != fold).collect();
                    let train_cases: Vec<&Case> = train.iter().map(|&i| &cases[i]).collect();
                    let train_raws: Vec<&RawAnalysis> = train.iter().map(|&i| &raws[i]).collect();
                    let cal = fit_calibration(&train_cases, &train_raws, gold, &Calibration::default());
                    let heads = if semantic {
                        train_heads(&train_cases, &train_raws, exemplars, gold, Scope::Scored, "fold")
                    } else {
                        engine.heads().clone()
                    };
                    for i in (0..cases.len()).filter(|&i| fold_of(&cases[i].group, k) == fold) {
                        out[i] = Some(engine.finish_with(&raws[i], &cal, &heads));
                    }
                }
                out.into_iter()
                    .map(|a| a.unwrap_or_else(|| engine.finish(&RawAnalysis::empty(), engine.calibration())))
                    .collect()
            }
            _ => raws.iter().map(|r| engine.finish(r, engine.calibration())).collect(),
        };
        (score(cases, &analyses, gold), analyses)
    };
    let (majority, analyses) = table(Gold::Majority);
    let any = has_any.then(|| table(Gold::Any).0);
    let mut rating_exact = None;
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let rated: Vec<(Rating, Rating)> =
        cases.iter().zip(&analyses).filter_map(|(c, a)| c.rating.map(|r| (r, a.rating))).collect();
    if !rated.is_empty() {
        rating_exact = Some((rated.iter().filter(|(e, p)| e == p).count(), rated.len()));
        for (e, p) in rated {
            *confusion.entry(e.as_str().into()).or_default().entry(p.as_str().into()).or_default() += 1;
        }
    }
    let mut by_kind = BTreeMap::new();
    let kinds: std::collections::BTreeSet<&str> = cases.iter().filter_map(|c| c.kind.as_deref()).collect();
    for kind in kinds {
        let (of_kind, analysed): (Vec<Case>, Vec<forewarn_core::Analysis>) = cases
            .iter()
            .zip(&analyses)
            .filter(|(c, _)| c.kind.as_deref() == Some(kind))
            .map(|(c, a)| (c.clone(), a.clone()))
            .unzip();
        by_kind.insert(kind.to_string(), score(&of_kind, &analysed, Gold::Majority));
    }
    let mistakes = mistakes(cases, &analyses, Gold::Majority);
    EvalReport {
        cases: cases.len(),
        folds,
        majority,
        any,
        rating_exact,
        rating_confusion: confusion,
        by_kind,
        mistakes,
    }
}

fn score(cases: &[Case], analyses: &[forewarn_core::Analysis], gold: Gold) -> Table {
    let taxonomy = forewarn_core::taxonomy();
    let mut per: BTreeMap<usize, LabelMetrics> = BTreeMap::new();
    let (mut absent_pairs, mut false_alarms) = (0usize, 0usize);
    for (case, analysis) in cases.iter().zip(analyses) {
        let (present, absent) = case.gold(gold);
        for (label, expected) in present.iter().map(|l| (l, true)).chain(absent.iter().map(|l| (l, false))) {
            let Some(index) = taxonomy.index(label) else { continue };
            let flagged = analysis.labels.get(index).is_some_and(|l| l.flagged);
            let m = per.entry(index).or_insert_with(|| LabelMetrics { label: label.to_string(), ..Default::default() });
            match (expected, flagged) {
                (true, true) => m.tp += 1,
                (true, false) => m.fn_ += 1,
                (false, true) => {
                    m.fp += 1;
                    false_alarms += 1;
                }
                (false, false) => m.tn += 1,
            }
            if !expected {
                absent_pairs += 1;
            }
        }
    }
    let labels: Vec<LabelMetrics> = per.values().cloned().map(LabelMetrics::finish).collect();
    let pooled = |filter: &dyn Fn(&str) -> bool| {
        let mut m = LabelMetrics { label: String::new(), ..Default::default() };
        for l in labels.iter().filter(|l| filter(&l.label)) {
            m.tp += l.tp;
            m.fp += l.fp;
            m.fn_ += l.fn_;
            m.tn += l.tn;
        }
        m.finish()
    };
    let with_pos: Vec<&LabelMetrics> = labels.iter().filter(|l| l.tp + l.fn_ > 0).collect();
    let macro_f1 =
        if with_pos.is_empty() { 0.0 } else { with_pos.iter().map(|l| l.f1).sum::<f64>() / with_pos.len() as f64 };
    let macro_accuracy =
        if labels.is_empty() { 0.0 } else { labels.iter().map(|l| l.accuracy).sum::<f64>() / labels.len() as f64 };
    let mut micro = pooled(&|_| true);
    micro.label = "micro".into();
    let mut archive = pooled(&|id| taxonomy.get(id).is_some_and(|d| d.kind == LabelKind::Archive));
    archive.label = "archive".into();
    Table {
        gold,
        labels,
        macro_f1,
        macro_accuracy,
        micro,
        archive,
        false_alarm_rate: if absent_pairs == 0 { 0.0 } else { false_alarms as f64 / absent_pairs as f64 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_formats() {
        let text = r#"{"id": "a", "text": "x", "present": ["death"], "absent": ["violence"], "rating": "teen"}
{"id": "p1", "work_id": "9", "warning": "war", "votes": 1, "positive_majority": false, "positive_any": true, "text": "y"}"#;
        let cases = parse_cases(text).unwrap_or_default();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[1].gold(Gold::Majority).1, vec!["war"]);
        assert_eq!(cases[1].gold(Gold::Any).0, vec!["war"]);
        assert!(parse_cases(r#"{"text": "x", "present": ["nope"]}"#).is_err());
    }

    #[test]
    fn metrics_count_correctly() {
        let m = LabelMetrics { tp: 3, fp: 1, fn_: 1, tn: 5, ..Default::default() }.finish();
        assert!((m.precision - 0.75).abs() < 1e-9);
        assert!((m.recall - 0.75).abs() < 1e-9);
        assert!((m.accuracy - 0.8).abs() < 1e-9);
    }

    #[test]
    fn folds_are_stable() {
        assert_eq!(fold_of("work-1", 5), fold_of("work-1", 5));
    }
}
