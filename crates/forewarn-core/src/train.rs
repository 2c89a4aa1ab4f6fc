//! Training the semantic heads (`forewarn train`, and every fold of `forewarn eval`) from
//! labelled cases and the exemplar banks.
//!
//! For each content label: every embedded window of a case scored for that label is one
//! example (its vector and the label's lexical features in the window); the target is the
//! any-vote label where the data has one (more positives), else the plain label. Exemplars of
//! the label (and of the archive warning that implies it) are always in training. The head's
//! threshold is chosen on out-of-fold probabilities against the `gold` rule: for F1 under the
//! majority (plain) rule, for accuracy under the any-vote rule (the measure that data is
//! reported with). Background negatives teach each head what ordinary text looks like (the
//! labelled passages were chosen from works tagged with their warning, so alone they give every
//! head a prior far too high for a whole novel): the hard negatives of every other bank, and
//! the cases with nothing present that are not scored for the label. They are trained on, and
//! they weigh in every threshold (see [`semantic::train_head`]). A cheap head is
//! trained the same way on the windows' static vectors, for the cascade.

use crate::eval::{Case, Gold};
use crate::semantic::{self, Example, Heads, Objective, BACKGROUND};
use crate::{LabelKind, RawAnalysis};

/// Inner folds for choosing thresholds.
pub const THRESHOLD_FOLDS: usize = 4;

/// One exemplar, analysed.
#[derive(Debug, Clone)]
pub struct Exemplar {
    /// The taxonomy label it is an example (or hard negative) of.
    pub label: usize,
    /// Present or a hard negative.
    pub positive: bool,
    /// Its raw analysis (with vectors).
    pub raw: RawAnalysis,
}

/// The exemplar texts of the shipped banks: (content label index, present, text). Banks of
/// archive warnings count for the content label they imply.
pub fn exemplar_texts() -> Vec<(usize, bool, &'static str)> {
    let taxonomy = crate::taxonomy();
    let mut out = Vec::new();
    for (id, bank) in crate::data::EXEMPLARS {
        let target = match *id {
            "rape-non-con" => "sexual-assault",
            "major-character-death" => "death",
            "graphic-violence" => "violence",
            "underage-sex" => "underage",
            other => other,
        };
        let Some(label) = taxonomy.index(target) else { continue };
        out.extend(crate::data::exemplars(bank).into_iter().map(|(positive, text)| (label, positive, text)));
    }
    out
}

/// The labels that get heads: content labels other than `underage` (decided with Underage
/// Sex, and without positive examples by policy).
pub fn head_labels() -> Vec<usize> {
    let taxonomy = crate::taxonomy();
    taxonomy
        .labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == LabelKind::Content && l.id != "underage")
        .map(|(i, _)| i)
        .collect()
}

/// What to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Window and cheap heads for every label in [`head_labels`] (`forewarn train`).
    All,
    /// Window heads for the labels some case is scored on (an evaluation fold of short cases,
    /// where the cascade never runs and other labels are not measured).
    Scored,
}

/// Trains heads (see [`Scope`]).
pub fn train_heads(
    cases: &[&Case],
    raws: &[&RawAnalysis],
    exemplars: &[Exemplar],
    gold: Gold,
    scope: Scope,
    provenance: &str,
) -> Heads {
    let taxonomy = crate::taxonomy();
    let mut heads = Heads { version: 1, provenance: provenance.to_string(), ..Heads::default() };
    for label in head_labels() {
        let id = taxonomy.labels[label].id.as_str();
        let scored = cases.iter().any(|c| c.present.iter().chain(&c.absent).any(|l| l == id));
        if scope == Scope::Scored && !scored {
            continue;
        }
        let mut window = (Vec::new(), Vec::new());
        let mut cheap = (Vec::new(), Vec::new());
        for (case, raw) in cases.iter().zip(raws) {
            let (present, absent) = case.gold(gold);
            let scored_present = present.contains(&id);
            if !scored_present && !absent.contains(&id) {
                let nothing_present = case.present.is_empty() && case.any_present.as_ref().is_none_or(Vec::is_empty);
                if nothing_present {
                    let group = format!("{BACKGROUND}{}", case.group);
                    add_windows(raw, label, false, false, &group, &mut window, &mut cheap);
                }
                continue;
            }
            let target = match &case.any_present {
                Some(any) => any.iter().any(|l| l == id),
                None => scored_present,
            };
            add_windows(raw, label, target, scored_present, &case.group, &mut window, &mut cheap);
        }
        for (n, ex) in exemplars.iter().enumerate() {
            let group = format!("exemplar:{id}:{n}");
            if ex.label == label {
                add_windows(&ex.raw, label, ex.positive, ex.positive, &group, &mut window, &mut cheap);
            } else if !ex.positive {
                let group = format!("{BACKGROUND}exemplar:{n}");
                add_windows(&ex.raw, label, false, false, &group, &mut window, &mut cheap);
            }
        }
        let objective = if gold == Gold::Any { Objective::Accuracy } else { Objective::F1 };
        if let Some(head) = semantic::train_head(&window.0, &window.1, THRESHOLD_FOLDS, objective) {
            heads.window.insert(id.to_string(), head);
        }
        if scope == Scope::Scored {
            continue;
        }
        if let Some(head) = semantic::train_head(&cheap.0, &cheap.1, THRESHOLD_FOLDS, Objective::F1) {
            heads.cheap.insert(id.to_string(), head);
        }
    }
    if let Some(sem) = raws.iter().find_map(|r| r.semantic.as_ref()) {
        heads.encoder.clone_from(&sem.encoder);
    }
    heads
}

type Examples = (Vec<Example>, Vec<bool>);

fn add_windows(
    raw: &RawAnalysis,
    label: usize,
    target: bool,
    gold: bool,
    group: &str,
    window: &mut Examples,
    cheap: &mut Examples,
) {
    let Some(sem) = &raw.semantic else { return };
    for w in &sem.windows {
        let lexical = w.lexical.get(label).copied().unwrap_or_default();
        let example =
            |vector: &Vec<f32>| Example { vector: vector.clone(), lexical, positive: target, group: group.into() };
        if let Some(v) = &w.embedding {
            window.0.push(example(v));
            window.1.push(gold);
        }
        if let Some(v) = &w.static_vector {
            cheap.0.push(example(v));
            cheap.1.push(gold);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bank_parses_and_names_a_label() {
        let taxonomy = crate::taxonomy();
        for (id, bank) in crate::data::EXEMPLARS {
            assert!(taxonomy.get(id).is_some(), "{id}");
            let examples = crate::data::exemplars(bank);
            let positives = examples.iter().filter(|e| e.0).count();
            if id.starts_with("underage") {
                assert_eq!(positives, 0, "{id}: no positives by policy");
            } else {
                assert!(positives >= 20 && examples.len() - positives >= 20, "{id}");
            }
        }
        assert_eq!(crate::data::EXEMPLARS.len(), taxonomy.labels.len());
    }

    #[test]
    fn archive_banks_train_their_content_labels() {
        let taxonomy = crate::taxonomy();
        let death = taxonomy.index("death");
        let texts = exemplar_texts();
        assert!(texts.iter().all(|(l, _, _)| taxonomy.labels[*l].kind == LabelKind::Content));
        let from_mcd = crate::data::exemplars(
            crate::data::EXEMPLARS.iter().find(|(id, _)| *id == "major-character-death").map_or("", |e| e.1),
        );
        let death_count = texts.iter().filter(|(l, _, _)| Some(*l) == death).count();
        assert!(death_count > from_mcd.len());
    }
}
