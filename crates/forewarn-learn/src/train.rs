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
//! they weigh in every threshold (see [`train_head`]). A cheap head is
//! trained the same way on the windows' static vectors, for the cascade.
//!
//! A window head leans on its cue words, so it takes another sense of them or a figure ("that
//! meeting was torture") for the thing. Beside it, each label with
//! only lexical features may get a sense check ([`sense_check`]): a head over the vector
//! alone, kept only where, on the same inner folds, vetoing the windows it reads otherwise
//! serves the objective (per case) better than no check.

use crate::cases::{Case, Gold};
use forewarn_core::data::ExemplarKind;
use forewarn_core::semantic::{logit, Head, Heads};
use forewarn_core::{LabelKind, RawAnalysis};

/// Inner folds for choosing thresholds.
pub const THRESHOLD_FOLDS: usize = 4;

/// One exemplar, analysed.
#[derive(Debug, Clone)]
pub struct Exemplar {
    /// The taxonomy label it is an example (or hard negative) of.
    pub label: usize,
    /// Present, absent (a negative for every label) or a near miss (for its own label only).
    pub kind: ExemplarKind,
    /// Its raw analysis (with vectors).
    pub raw: RawAnalysis,
    /// A key from its text ([`stable_hash`]): the fold it falls in stays put when a bank is
    /// edited elsewhere.
    pub key: u64,
}

/// The exemplar texts of the shipped banks: (content label index, kind, text). Banks of
/// archive warnings count for the content label they imply.
pub fn exemplar_texts() -> Vec<(usize, ExemplarKind, &'static str)> {
    let taxonomy = forewarn_core::taxonomy();
    let mut out = Vec::new();
    for (id, bank) in forewarn_core::data::EXEMPLARS {
        let target = match *id {
            "rape-non-con" => "sexual-assault",
            "major-character-death" => "death",
            "graphic-violence" => "violence",
            "underage-sex" => "underage",
            other => other,
        };
        let Some(label) = taxonomy.index(target) else { continue };
        out.extend(forewarn_core::data::exemplars(bank).into_iter().map(|(kind, text)| (label, kind, text)));
    }
    out
}

/// The labels that get heads: content labels other than `underage` (decided with Underage
/// Sex, and without positive examples by policy), and the archive warnings whose heads also
/// read scene features ([`reads_scene`]): Rape/Non-Con (consent) and Graphic Depictions Of
/// Violence (injury).
pub fn head_labels() -> Vec<usize> {
    let taxonomy = forewarn_core::taxonomy();
    taxonomy
        .labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.kind == LabelKind::Content && l.id != "underage" || reads_scene(&l.id))
        .map(|(i, _)| i)
        .collect()
}

/// Whether a label's heads read scene features besides the lexical ones
/// ([`forewarn_core::semantic::feature_count`]): the model alone reads an honoured refusal and
/// an ignored one alike, and a wound much as a figure of speech.
pub fn reads_scene(id: &str) -> bool {
    forewarn_core::semantic::feature_count(id) > 2
}

/// The content label whose exemplars a head learns from: its own, or for an archive warning
/// the content label it implies.
fn exemplar_label(label: usize) -> usize {
    let taxonomy = forewarn_core::taxonomy();
    taxonomy.counterparts().find(|&(archive, _)| archive == label).map_or(label, |(_, content)| content)
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
    let taxonomy = forewarn_core::taxonomy();
    let mut heads = Heads { version: 1, provenance: provenance.to_string(), ..Heads::default() };
    for label in head_labels() {
        let id = taxonomy.labels[label].id.as_str();
        let features = forewarn_core::semantic::feature_count(id);
        let bank = exemplar_label(label);
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
                    add_windows(raw, (label, features), false, false, &group, &mut window, &mut cheap);
                }
                continue;
            }
            let target = match &case.any_present {
                Some(any) => any.iter().any(|l| l == id),
                None => scored_present,
            };
            add_windows(raw, (label, features), target, scored_present, &case.group, &mut window, &mut cheap);
        }
        for ex in exemplars {
            if ex.label == bank {
                let group = format!("exemplar:{id}:{:016x}", ex.key);
                let positive = ex.kind == ExemplarKind::Present;
                add_windows(&ex.raw, (label, features), positive, positive, &group, &mut window, &mut cheap);
            } else if ex.kind == ExemplarKind::Absent {
                let group = format!("{BACKGROUND}exemplar:{:016x}", ex.key);
                add_windows(&ex.raw, (label, features), false, false, &group, &mut window, &mut cheap);
            }
        }
        // A missed Rape/Non-Con is the worst failure a reader can meet: its threshold weighs
        // recall twice.
        let objective = match gold {
            Gold::Any => Objective::Accuracy,
            _ if id == RAPE_NON_CON => Objective::F2,
            _ => Objective::F1,
        };
        if let Some((head, held)) = train_head_held(&window.0, &window.1, THRESHOLD_FOLDS, objective) {
            if features == 2 {
                if let Some(check) = sense_check(&head, &held, &window, objective) {
                    heads.alone.insert(id.to_string(), check);
                }
            }
            heads.window.insert(id.to_string(), head);
        }
        if scope == Scope::Scored {
            continue;
        }
        if let Some(head) = train_head(&cheap.0, &cheap.1, THRESHOLD_FOLDS, Objective::F1) {
            heads.cheap.insert(id.to_string(), head);
        }
    }
    if let Some(sem) = raws.iter().find_map(|r| r.semantic.as_ref()) {
        heads.encoder.clone_from(&sem.encoder);
    }
    heads
}

type Examples = (Vec<Example>, Vec<bool>);

/// Adds a raw analysis's windows as examples for `label`, with the first `features` of each
/// window's [`forewarn_core::semantic::Features`].
fn add_windows(
    raw: &RawAnalysis,
    (label, features): (usize, usize),
    target: bool,
    gold: bool,
    group: &str,
    window: &mut Examples,
    cheap: &mut Examples,
) {
    let Some(sem) = &raw.semantic else { return };
    for w in &sem.windows {
        let all = w.features(label);
        let features = all[..features.min(all.len())].to_vec();
        let example = |vector: &Vec<f32>| Example {
            vector: vector.clone(),
            features: features.clone(),
            positive: target,
            group: group.into(),
        };
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

/// One training example: a vector, the features the head reads, and whether it is present.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Unit vector.
    pub vector: Vec<f32>,
    /// The label's lexical features, and the scene features for a head that reads them
    /// ([`forewarn_core::semantic::Features`]); the same number in every example of a head.
    pub features: Vec<f32>,
    /// Present.
    pub positive: bool,
    /// Group for folds (a work id); examples of one group stay in one fold.
    pub group: String,
}

/// The warning whose heads weigh recall twice ([`Objective::F2`]).
const RAPE_NON_CON: &str = "rape-non-con";

/// Group prefix of examples that are always trained on and never used to choose a threshold.
pub const EXEMPLAR: &str = "exemplar:";
/// Group prefix of background negatives: trained on, and scored when choosing thresholds, so
/// that a threshold answers for false alarms on ordinary text too.
pub const BACKGROUND: &str = "exemplar:background:";

/// L2 penalty of the heads (the loss is summed over examples).
pub const ALPHA: f64 = 1.0;
/// Optimiser iterations.
pub const ITERATIONS: u64 = 200;

/// Fits a head's weights on examples (its threshold is left at 0.5). `None` if the examples
/// lack a positive or a negative.
pub fn fit_head(examples: &[Example]) -> Option<Head> {
    use linfa::traits::Fit;
    let positives = examples.iter().filter(|e| e.positive).count();
    let negatives = examples.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let width = examples[0].vector.len() + examples[0].features.len();
    let mut records = ndarray::Array2::<f64>::zeros((examples.len(), width));
    for (mut row, e) in records.rows_mut().into_iter().zip(examples) {
        for (cell, x) in row.iter_mut().zip(e.vector.iter().chain(&e.features)) {
            *cell = f64::from(*x);
        }
    }
    let targets: ndarray::Array1<bool> = examples.iter().map(|e| e.positive).collect();
    let dataset = linfa::Dataset::new(records, targets);
    let fitted = linfa_logistic::LogisticRegression::default()
        .alpha(ALPHA)
        .max_iterations(ITERATIONS)
        .gradient_tolerance(1e-5)
        .fit(&dataset)
        .ok()?;
    // linfa orders the two classes itself; make "present" the positive side.
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    Some(Head {
        weights: fitted.params().iter().map(|&w| (sign * w) as f32).collect(),
        bias: (sign * fitted.intercept()) as f32,
        threshold: 0.5,
        examples: (positives, negatives),
    })
}

pub use crate::threshold::Objective;

/// Fits a head and chooses its threshold on out-of-fold probabilities (`folds` folds by
/// group), maximising `objective` against `gold` (which may differ from the training target,
/// e.g. the majority vote while training on any vote). Exemplars (group starting with
/// [`EXEMPLAR`]) are always in training and never scored; background negatives
/// ([`BACKGROUND`]) are scored too: the labelled passages were drawn from works tagged with
/// their warning, and a threshold chosen on them alone (for racism: flag nearly everything)
/// fires all over a novel.
pub fn train_head(examples: &[Example], gold: &[bool], folds: usize, objective: Objective) -> Option<Head> {
    train_head_held(examples, gold, folds, objective).map(|(head, _)| head)
}

/// [`train_head`], and the out-of-fold probability of every example scored for the threshold
/// (its index, its probability).
fn train_head_held(
    examples: &[Example],
    gold: &[bool],
    folds: usize,
    objective: Objective,
) -> Option<(Head, Vec<(usize, f32)>)> {
    let mut head = fit_head(examples)?;
    let mut held_out: Vec<(usize, f32)> = Vec::new();
    for fold in 0..folds.max(2) {
        // Salted, so that these folds cut across an outer evaluation's folds.
        let held = |e: &Example| {
            (!e.group.starts_with(EXEMPLAR) || e.group.starts_with(BACKGROUND))
                && fold_of(&format!("inner:{}", e.group), folds) == fold
        };
        let train: Vec<Example> = examples.iter().filter(|e| !held(e)).cloned().collect();
        let Some(h) = fit_head(&train) else { continue };
        for (i, e) in examples.iter().enumerate().filter(|(_, e)| held(e)) {
            held_out.push((i, h.probability(&e.vector, &e.features)));
        }
    }
    let scored: Vec<(f32, bool)> = held_out.iter().map(|&(i, p)| (p, gold[i])).collect();
    if scored.iter().any(|s| s.1) {
        head.threshold = crate::threshold::best(&scored, objective, crate::threshold::Candidates::Between);
    }
    Some((head, held_out))
}

/// How far (in logits) under its own threshold the head over the vector alone may put a
/// window and still let the window's cue words count: the sense checks tried.
const SENSE_SLACKS: [f32; 3] = [0.5, 1.0, 2.0];
/// The least gain in the objective, on the out-of-fold cases, for a label to get a sense
/// check: less is noise on a few hundred cases (and racism's slurs or ableism's insults
/// carry the label in words that have no innocent sense to check).
const SENSE_MIN_GAIN: f32 = 0.01;

/// The sense check of a label ([`forewarn_core::semantic::Heads::alone`]): a head over the
/// window vectors alone, with its threshold lowered by the slack (of [`SENSE_SLACKS`]) that
/// serves `objective` best when a window it puts under that threshold cannot be a warning,
/// judged per case on the same inner folds as `head`'s threshold (`held`: out-of-fold
/// probabilities of `head`). `None` where no slack gains [`SENSE_MIN_GAIN`] over no check.
fn sense_check(head: &Head, held: &[(usize, f32)], (examples, gold): &Examples, objective: Objective) -> Option<Head> {
    let alone: Vec<Example> = examples.iter().map(|e| Example { features: Vec::new(), ..e.clone() }).collect();
    let (mut check, alone_held) = train_head_held(&alone, gold, THRESHOLD_FOLDS, objective)?;
    let alone_at: std::collections::HashMap<usize, f32> = alone_held.into_iter().collect();
    // Judged per case (group), as a work is: a warning where any of its windows is one.
    let decide = |slack: Option<f32>| -> Vec<(bool, bool)> {
        let mut cases: std::collections::HashMap<&str, (bool, bool)> = std::collections::HashMap::new();
        for &(i, p) in held {
            let sensed =
                slack.is_none_or(|slack| alone_at.get(&i).is_some_and(|&a| logit(a) >= logit(check.threshold) - slack));
            let case = cases.entry(examples[i].group.as_str()).or_default();
            case.0 |= p >= head.threshold && sensed;
            case.1 |= gold[i];
        }
        cases.into_values().collect()
    };
    let none = crate::threshold::value(&decide(None), objective);
    let (gain, slack) = SENSE_SLACKS
        .iter()
        .map(|&slack| (crate::threshold::value(&decide(Some(slack)), objective) - none, slack))
        .fold((f32::MIN, 0.0), |best, c| if c.0 > best.0 { c } else { best });
    if gain < SENSE_MIN_GAIN {
        return None;
    }
    check.threshold = forewarn_core::calibrate::sigmoid(logit(check.threshold) - slack);
    Some(check)
}

/// Deterministic fold of a group.
pub fn fold_of(group: &str, folds: usize) -> usize {
    (stable_hash(group) % folds.max(1) as u64) as usize
}

/// FNV-1a of a text: stable across platforms, runs and Rust versions.
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(x: f32, positive: bool, group: &str) -> Example {
        Example { vector: vec![x, 1.0 - x], features: vec![0.0, 0.0], positive, group: group.into() }
    }

    #[test]
    fn fits_a_separable_head_deterministically() {
        let examples: Vec<Example> =
            (0..40).map(|i| example(if i % 2 == 0 { 0.9 } else { 0.1 }, i % 2 == 0, &format!("w{i}"))).collect();
        let gold: Vec<bool> = examples.iter().map(|e| e.positive).collect();
        let head = train_head(&examples, &gold, 4, Objective::F1);
        let again = train_head(&examples, &gold, 4, Objective::F1);
        assert_eq!(head, again);
        let head = head.expect("two classes");
        assert!(head.probability(&[0.9, 0.1], &[0.0, 0.0]) > head.threshold);
        assert!(head.probability(&[0.1, 0.9], &[0.0, 0.0]) < head.threshold);
    }

    #[test]
    fn heads_cover_the_content_labels_rape_non_con_and_graphic_violence() {
        let taxonomy = forewarn_core::taxonomy();
        let ids: Vec<&str> = head_labels().into_iter().map(|l| taxonomy.labels[l].id.as_str()).collect();
        assert!(ids.contains(&"rape-non-con") && ids.contains(&"sexual-assault") && ids.contains(&"graphic-violence"));
        assert!(
            !ids.contains(&"underage-sex") && !ids.contains(&"underage") && !ids.contains(&"major-character-death")
        );
        assert!(reads_scene("rape-non-con") && reads_scene("graphic-violence") && !reads_scene("violence"));
        // An archive warning learns from its content label's exemplars.
        let (rnc, assault) = (taxonomy.index("rape-non-con"), taxonomy.index("sexual-assault"));
        assert_eq!(rnc.map(exemplar_label), assault);
    }

    #[test]
    fn a_sense_check_is_kept_only_where_it_removes_false_alarms() {
        // Every case has the cue word, and the window head (probabilities given) flags them
        // all; dimension 0 of the vector tells the thing (0.9) from another sense (0.1).
        let examples: Vec<Example> = (0..48)
            .map(|i| Example {
                vector: vec![if i % 3 == 0 { 0.1 } else { 0.9 }, 0.5],
                features: vec![1.0, 0.3],
                positive: i % 3 != 0,
                group: format!("w{i}"),
            })
            .collect();
        let gold: Vec<bool> = examples.iter().map(|e| e.positive).collect();
        let head = Head { weights: vec![0.0, 0.0, 1.0, 0.0], bias: 0.0, threshold: 0.5, examples: (32, 16) };
        let held: Vec<(usize, f32)> = (0..examples.len()).map(|i| (i, 0.9)).collect();
        let pair = (examples.clone(), gold.clone());
        let check = sense_check(&head, &held, &pair, Objective::F1).expect("the check removes every false alarm");
        assert!(check.probability(&[0.9, 0.5], &[]) >= check.threshold);
        assert!(check.probability(&[0.1, 0.5], &[]) < check.threshold);
        // Where the meaning does not tell them apart either, no check.
        let blind: Vec<Example> = examples.iter().map(|e| Example { vector: vec![0.5, 0.5], ..e.clone() }).collect();
        assert_eq!(sense_check(&head, &held, &(blind, gold), Objective::F1), None);
    }

    #[test]
    fn one_class_cannot_be_fitted() {
        let examples: Vec<Example> = (0..5).map(|i| example(0.5, true, &format!("w{i}"))).collect();
        assert_eq!(fit_head(&examples), None);
    }

    #[test]
    fn every_bank_parses_and_names_a_label() {
        let taxonomy = forewarn_core::taxonomy();
        for (id, bank) in forewarn_core::data::EXEMPLARS {
            assert!(taxonomy.get(id).is_some(), "{id}");
            let examples = forewarn_core::data::exemplars(bank);
            let positives = examples.iter().filter(|e| e.0 == ExemplarKind::Present).count();
            if id.starts_with("underage") {
                assert_eq!(positives, 0, "{id}: no positives by policy");
            } else {
                assert!(positives >= 20 && examples.len() - positives >= 20, "{id}");
            }
        }
        assert_eq!(forewarn_core::data::EXEMPLARS.len(), taxonomy.labels.len());
    }

    #[test]
    fn archive_banks_train_their_content_labels() {
        let taxonomy = forewarn_core::taxonomy();
        let death = taxonomy.index("death");
        let texts = exemplar_texts();
        assert!(texts.iter().all(|(l, _, _)| taxonomy.labels[*l].kind == LabelKind::Content));
        let from_mcd = forewarn_core::data::exemplars(
            forewarn_core::data::EXEMPLARS.iter().find(|(id, _)| *id == "major-character-death").map_or("", |e| e.1),
        );
        let death_count = texts.iter().filter(|(l, _, _)| Some(*l) == death).count();
        assert!(death_count > from_mcd.len());
    }
}
