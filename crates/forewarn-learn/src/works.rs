//! The works suite (`eval/works/novels`): what careful readers annotated for whole novels,
//! scored against forewarn's reports of the same novels. Two things are fitted on the
//! annotations, the long-work bars ([`fit_long_bars`]) and then the scene bars
//! ([`fit_scene_bars`]); `forewarn eval --folds` refits both per fold (by work) before the
//! held-out novels are scored.
//!
//! Scored per work: each label present or absent (archive warnings present when depicted or
//! graphic; content labels when mentioned or more), the rating (exact and within one), Major
//! Character Death's subject against who dies, the annotated events found at their place
//! (evidence within [`POSITION_TOLERANCE`] of the work), and archive warnings raised on works
//! annotated with none.

use std::collections::BTreeMap;

use forewarn_core::report::Report;
use forewarn_core::{Calibration, LabelKind, Rating};
use serde::{Deserialize, Serialize};

use crate::eval::LabelMetrics;

/// How far (as a fraction of the work) evidence may be from an annotated event and still
/// find it.
pub const POSITION_TOLERANCE: f64 = 0.03;

/// One novel's annotation (`eval/works/novels/<work>.json`; the format is in its README).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkAnnotation {
    /// The novel's file stem.
    pub work: String,
    /// The rating a careful reader gives.
    pub rating: Rating,
    /// Every label's severity: `absent`, `mentioned`, `depicted`, `graphic`.
    pub labels: BTreeMap<String, String>,
    /// On-page events.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Characters who die.
    #[serde(default)]
    pub deaths: Vec<Death>,
    /// Sentences a keyword reader would take for a warning that is not there.
    #[serde(default)]
    pub traps: Vec<Trap>,
}

/// An annotated trap: a figure of speech, another sense of a word, a performance, a game, a
/// dream, a hypothetical or backstory.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Trap {
    /// The label a keyword reader would take it for.
    pub label: String,
    /// `figure`, `word-sense`, `performance`, `game`, `dream`, `hypothetical`, `backstory`,
    /// `other`.
    pub kind: String,
    /// The exact quote.
    pub quote: String,
}

/// An annotated event.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    /// Label id.
    pub label: String,
    /// `mentioned`, `depicted` or `graphic`.
    pub severity: String,
    /// An exact quote from the scene.
    pub quote: String,
}

/// An annotated death.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Death {
    /// Who.
    pub who: String,
    /// Whether they have a real presence in the story.
    pub major: bool,
    /// `on-page`, `reported` or `before-story`.
    pub when: String,
}

impl WorkAnnotation {
    /// Whether a careful reader warns for this label in this work.
    pub fn present(&self, label: &str) -> Option<bool> {
        let archive = forewarn_core::taxonomy().get(label)?.kind == LabelKind::Archive;
        Some(match self.labels.get(label).map(String::as_str) {
            Some("depicted" | "graphic") => true,
            Some("mentioned") => !archive,
            _ => false,
        })
    }

    /// Characters whose death is a Major Character Death: major, and within the story's time.
    pub fn major_deaths(&self) -> impl Iterator<Item = &Death> {
        self.deaths.iter().filter(|d| d.major && d.when != "before-story")
    }
}

/// Where a quote is in a text, as a fraction, whitespace runs counting as one space (the
/// annotations' rule); `None` when it is not there.
pub fn quote_position(text: &str, quote: &str) -> Option<f64> {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (text, quote) = (squash(text), squash(quote));
    text.find(&quote).map(|at| at as f64 / text.len().max(1) as f64)
}

/// Whether a passage shown as evidence and an annotated quote are one text (either holds
/// the other, whitespace collapsed): a quote may be part of a sentence, or span two.
fn overlaps(evidence: &str, quote: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (evidence, quote) = (squash(evidence), squash(quote));
    !quote.is_empty() && !evidence.is_empty() && (evidence.contains(&quote) || quote.contains(&evidence))
}

/// One work's line in the shelf table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkRow {
    /// The novel.
    pub work: String,
    /// Annotated rating.
    pub expected_rating: Rating,
    /// Reported rating.
    pub rating: Rating,
    /// Archive warnings annotated present.
    pub expected_archive: Vec<String>,
    /// Archive warnings reported.
    pub archive: Vec<String>,
    /// Who the Major Character Death warning names, if it is raised.
    pub mcd_subject: Option<String>,
    /// Whether that subject is among the annotated major deaths.
    pub mcd_subject_right: Option<bool>,
    /// Annotated events (depicted or graphic) found at their place / all of them.
    pub events: (usize, usize),
}

/// The works suite's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorksReport {
    /// Works scored.
    pub works: usize,
    /// Per label at work level.
    pub labels: Vec<LabelMetrics>,
    /// The four archive warnings pooled.
    pub archive: LabelMetrics,
    /// Works annotated with no archive warning, and how many of them got one.
    pub clean_works: (usize, usize),
    /// Major Character Death warnings raised, and how many name someone who dies.
    pub mcd_subjects: (usize, usize),
    /// Annotated events found at their place (by a warning's evidence or places), and all
    /// annotated events.
    pub events: (usize, usize),
    /// Of them, found by the evidence alone (at most three passages per warning).
    pub events_by_evidence: usize,
    /// How many events places put at random would find: per event, the share of its work
    /// that the related warnings' places and evidence cover within the tolerance. The chance
    /// level of `events`, so that places cannot be padded unseen.
    pub events_by_chance: f64,
    /// Per label (as annotated): its events found at their place, those in works where the
    /// label (or its counterpart) is warned, and all of them.
    pub events_by_label: BTreeMap<String, (usize, usize, usize)>,
    /// Places of warnings right for their work (the label annotated present), and how many
    /// of them lie within the tolerance of an annotated event of their label (annotations
    /// list a few events per label, so this is a floor on the places' precision).
    pub places: (usize, usize),
    /// Per kind of trap: those a warning of their label (or its counterpart) shows as
    /// evidence, and all of them.
    pub traps: BTreeMap<String, (usize, usize)>,
    /// Ratings exactly right, within one level, and rated works.
    pub rating: (usize, usize, usize),
    /// Per work.
    pub rows: Vec<WorkRow>,
}

/// The lowest long-work bar: a score under it is too weak to be a warning, whatever the
/// novels it is fitted on say. On the novels, a label told across a whole book (mental
/// illness, drink, abuse) often scores 0.1 to 0.2 where books without it score under 0.05;
/// a floor of 0.2 kept those bars out (5-fold: content recall 0.355 at 0.2, 0.393 at 0.1,
/// precision 0.894 and 0.882).
pub const LONG_BAR_FLOOR: f32 = 0.1;
/// A bar is chosen to maximise F-beta with this beta, so precision counts several times more
/// than recall: a warning that fires on every novel of a period teaches readers to ignore it.
pub const LONG_BAR_BETA: f32 = 0.3;
/// A bar must turn at least this many of the novels it is fitted on into right warnings, so
/// that one novel does not set it.
pub const LONG_BAR_MIN_GAIN: usize = 2;
/// And the warnings a bar adds must be right at least this often on those novels.
pub const LONG_BAR_MIN_PRECISION: f32 = 0.75;

/// Fits the long-work bars ([`Calibration::long_bars`]) on novels: `reports[i]` is the report
/// of `annotations[i]`'s novel made with `calibration` and no bars. For each content label, the
/// bar at or above [`LONG_BAR_FLOOR`] and below the label's threshold that maximises
/// F-[`LONG_BAR_BETA`] over the novels, where a novel is warned when it already was or its
/// score reaches the bar; a label keeps no bar unless one beats none, gains at least
/// [`LONG_BAR_MIN_GAIN`] right warnings, and the warnings it adds are right at least
/// [`LONG_BAR_MIN_PRECISION`] of the time. The bar lies halfway between the lowest score it
/// admits and the next one down (not under the floor), so it is not fitted to one novel's
/// score.
pub fn fit_long_bars(
    annotations: &[&WorkAnnotation],
    reports: &[&Report],
    calibration: &Calibration,
) -> BTreeMap<String, f32> {
    fit_bars(
        annotations,
        reports,
        |i, id| reports[i].scores.get(id).copied().unwrap_or(0.0) as f32,
        |id| (LONG_BAR_FLOOR, calibration.get(id, false).threshold),
    )
}

/// Fits the scene bars ([`Calibration::scene_bars`]) on novels: `reports[i]` is the report of
/// `annotations[i]`'s novel made with the long-work bars and no scene bars, and `scenes[i]`
/// its scenes per label that would each be a warning read alone
/// ([`forewarn_core::RawAnalysis::warned_scenes`]). For each content label, the number of
/// scenes (at least one) chosen as [`fit_long_bars`] chooses a bar: it must beat no bar at
/// F-[`LONG_BAR_BETA`], gain at least [`LONG_BAR_MIN_GAIN`] right warnings, and the warnings
/// it adds must be right at least [`LONG_BAR_MIN_PRECISION`] of the time.
pub fn fit_scene_bars(
    annotations: &[&WorkAnnotation],
    reports: &[&Report],
    scenes: &[&BTreeMap<String, usize>],
) -> BTreeMap<String, f32> {
    fit_bars(
        annotations,
        reports,
        |i, id| scenes.get(i).and_then(|s| s.get(id)).copied().unwrap_or(0) as f32,
        |_| (1.0, f32::INFINITY),
    )
}

/// Fits the reading bars ([`Calibration::reading_bars`]) on novels: `reports[i]` is the
/// report of `annotations[i]`'s novel made with the long-work and scene bars and no reading
/// bars, and `readings[i]` its static readings as probabilities
/// ([`forewarn_core::RawAnalysis::static_readings`]). Each bar is chosen as
/// [`fit_long_bars`] chooses one.
pub fn fit_reading_bars(
    annotations: &[&WorkAnnotation],
    reports: &[&Report],
    readings: &[&BTreeMap<String, f32>],
) -> BTreeMap<String, f32> {
    fit_bars(
        annotations,
        reports,
        |i, id| readings.get(i).and_then(|r| r.get(id)).copied().unwrap_or(0.0),
        |_| (0.0, 1.0),
    )
}

/// Fits the weight bars ([`Calibration::weight_bars`]) on novels: `reports[i]` is the report
/// of `annotations[i]`'s novel made with the long-work, scene and reading bars and no weight
/// bars, and `weights[i]` its summed scene weights
/// ([`forewarn_core::RawAnalysis::scene_weights`]). Each bar is chosen as [`fit_long_bars`]
/// chooses one, at or above [`WEIGHT_BAR_FLOOR`], and demanding more of it: it must gain at
/// least [`WEIGHT_BAR_MIN_GAIN`] right warnings and the warnings it adds must be right at
/// least [`WEIGHT_BAR_MIN_PRECISION`] of the time.
pub fn fit_weight_bars(
    annotations: &[&WorkAnnotation],
    reports: &[&Report],
    weights: &[&BTreeMap<String, f32>],
) -> BTreeMap<String, f32> {
    fit_bars_with(
        annotations,
        reports,
        |i, id| weights.get(i).and_then(|w| w.get(id)).copied().unwrap_or(0.0),
        |_| (WEIGHT_BAR_FLOOR, f32::INFINITY),
        (WEIGHT_BAR_MIN_GAIN, WEIGHT_BAR_MIN_PRECISION),
    )
}

/// The lowest weight bar: two plain cues told as happening (one cue alone, a passing word,
/// never warns a novel this way).
pub const WEIGHT_BAR_FLOOR: f32 = 2.0;
/// A weight grows with a work's length as well as with what it tells (a long novel says
/// "drunk" of a toast and a drunkard alike), so a weight bar is held to more than the other
/// bars: more right warnings gained on the novels it is fitted on ...
pub const WEIGHT_BAR_MIN_GAIN: usize = 3;
/// ... and fewer wrong ones among those it adds.
pub const WEIGHT_BAR_MIN_PRECISION: f32 = 0.9;

/// Per content label, the bar [`bar_between`] chooses on a measure of the novels:
/// `measure(i, id)` is novel `i`'s (`annotations[i]`, `reports[i]`) measure of label `id`, and
/// `range(id)` the floor and ceiling of its bar. A novel counts as already warned where its
/// report warns for the label.
fn fit_bars(
    annotations: &[&WorkAnnotation],
    reports: &[&Report],
    measure: impl Fn(usize, &str) -> f32,
    range: impl Fn(&str) -> (f32, f32),
) -> BTreeMap<String, f32> {
    fit_bars_with(annotations, reports, measure, range, (LONG_BAR_MIN_GAIN, LONG_BAR_MIN_PRECISION))
}

/// [`fit_bars`] with its own demands on a bar: (least right warnings gained, least share of
/// right warnings among those added).
fn fit_bars_with(
    annotations: &[&WorkAnnotation],
    reports: &[&Report],
    measure: impl Fn(usize, &str) -> f32,
    range: impl Fn(&str) -> (f32, f32),
    demands: (usize, f32),
) -> BTreeMap<String, f32> {
    let taxonomy = forewarn_core::taxonomy();
    let mut bars = BTreeMap::new();
    for label in taxonomy.labels.iter().filter(|l| l.kind != LabelKind::Archive) {
        let examples: Vec<(f32, bool, bool)> = annotations
            .iter()
            .zip(reports)
            .enumerate()
            .filter_map(|(i, (a, r))| {
                let present = a.present(&label.id)?;
                Some((measure(i, &label.id), r.warnings.iter().any(|w| w.id == label.id), present))
            })
            .collect();
        let (floor, ceiling) = range(&label.id);
        if let Some(bar) = bar_between(&examples, floor, ceiling, demands) {
            bars.insert(label.id.clone(), bar);
        }
    }
    bars
}

/// One label's long-work bar (see [`fit_long_bars`]) from its novels' (score, already warned,
/// present), and its threshold.
pub fn long_bar(examples: &[(f32, bool, bool)], threshold: f32) -> Option<f32> {
    bar_between(examples, LONG_BAR_FLOOR, threshold, (LONG_BAR_MIN_GAIN, LONG_BAR_MIN_PRECISION))
}

/// A bar at or above `floor` and below `ceiling` on a measure of novels, from their (measure,
/// already warned, present), chosen as [`fit_long_bars`] says.
fn bar_between(
    examples: &[(f32, bool, bool)],
    floor: f32,
    ceiling: f32,
    (min_gain, min_precision): (usize, f32),
) -> Option<f32> {
    let f_beta = |(tp, fp, fn_): (usize, usize, usize)| {
        let b2 = LONG_BAR_BETA * LONG_BAR_BETA;
        let tp = tp as f32;
        if tp == 0.0 {
            0.0
        } else {
            (1.0 + b2) * tp / ((1.0 + b2) * tp + b2 * fn_ as f32 + fp as f32)
        }
    };
    let counts = |bar: f32| {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for &(score, warned, present) in examples {
            match (warned || score >= bar, present) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
        (tp, fp, fn_)
    };
    let none = counts(f32::INFINITY);
    let mut candidates: Vec<f32> =
        examples.iter().filter(|e| !e.1 && e.0 >= floor && e.0 < ceiling).map(|e| e.0).collect();
    candidates.sort_by(|a, b| b.total_cmp(a));
    candidates.dedup();
    let mut best = (f_beta(none), None);
    for &candidate in &candidates {
        let counted = counts(candidate);
        let value = f_beta(counted);
        let (gained, added) = (counted.0 - none.0, counted.0 + counted.1 - none.0 - none.1);
        let precise = gained as f32 >= min_precision * added as f32;
        if value > best.0 + 1e-6 && gained >= min_gain && precise {
            best = (value, Some(candidate));
        }
    }
    let lowest = best.1?;
    let next = examples.iter().map(|e| e.0).filter(|&s| s < lowest).fold(0.0f32, f32::max);
    Some(((lowest + next) / 2.0).max(floor))
}

/// Whether a reported name is one of the annotated: the same word in either ("Magwitch" in
/// "Abel Magwitch (Provis)"), ignoring case.
fn same_person(reported: &str, annotated: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| w.len() >= 3)
            .map(str::to_lowercase)
            .filter(|w| !matches!(w.as_str(), "the" | "mr" | "mrs" | "miss" | "sir" | "lady" | "lord" | "old" | "and"))
            .collect()
    };
    let annotated = words(annotated);
    words(reported).iter().any(|w| annotated.contains(w))
}

/// A label and its archive or content counterpart.
fn related(label: &str) -> Vec<&'static str> {
    let taxonomy = forewarn_core::taxonomy();
    taxonomy
        .counterparts()
        .filter_map(|(a, c)| {
            let (a, c) = (taxonomy.labels.get(a)?.id.as_str(), taxonomy.labels.get(c)?.id.as_str());
            if a == label {
                Some(c)
            } else if c == label {
                Some(a)
            } else {
                None
            }
        })
        .chain(taxonomy.get(label).map(|l| l.id.as_str()))
        .collect()
}

/// The share of a work (0..1) within the tolerance of any of these stretches.
fn coverage(stretches: &[(f64, f64)]) -> f64 {
    let mut spans: Vec<(f64, f64)> = stretches
        .iter()
        .map(|&(from, to)| ((from - POSITION_TOLERANCE).max(0.0), (to + POSITION_TOLERANCE).min(1.0)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut total, mut reach) = (0.0, 0.0f64);
    for (from, to) in spans {
        let from = from.max(reach);
        if to > from {
            total += to - from;
            reach = to;
        }
    }
    total
}

/// Scores reports against annotations; `texts[i]` is the novel `annotations[i]` describes and
/// `reports[i]` its report.
pub fn score(annotations: &[WorkAnnotation], texts: &[String], reports: &[Report]) -> WorksReport {
    let taxonomy = forewarn_core::taxonomy();
    let mut per: BTreeMap<usize, LabelMetrics> = BTreeMap::new();
    let mut out = WorksReport {
        works: annotations.len(),
        labels: Vec::new(),
        archive: LabelMetrics::default(),
        clean_works: (0, 0),
        mcd_subjects: (0, 0),
        events: (0, 0),
        events_by_evidence: 0,
        events_by_chance: 0.0,
        events_by_label: BTreeMap::new(),
        places: (0, 0),
        traps: BTreeMap::new(),
        rating: (0, 0, 0),
        rows: Vec::new(),
    };
    for ((annotation, text), report) in annotations.iter().zip(texts).zip(reports) {
        let warned = |id: &str| report.warnings.iter().find(|w| w.id == id);
        for (index, label) in taxonomy.labels.iter().enumerate() {
            let Some(expected) = annotation.present(&label.id) else { continue };
            let m = per.entry(index).or_insert_with(|| LabelMetrics { label: label.id.clone(), ..Default::default() });
            match (expected, warned(&label.id).is_some()) {
                (true, true) => m.tp += 1,
                (true, false) => m.fn_ += 1,
                (false, true) => m.fp += 1,
                (false, false) => m.tn += 1,
            }
        }
        let archive_ids = || taxonomy.labels.iter().filter(|l| l.kind == LabelKind::Archive).map(|l| l.id.as_str());
        let expected_archive: Vec<String> =
            archive_ids().filter(|id| annotation.present(id) == Some(true)).map(str::to_string).collect();
        let archive: Vec<String> = archive_ids().filter(|id| warned(id).is_some()).map(str::to_string).collect();
        if expected_archive.is_empty() {
            out.clean_works.0 += 1;
            out.clean_works.1 += usize::from(!archive.is_empty());
        }
        let mcd_subject = warned("major-character-death").and_then(|w| w.subject.clone());
        let mcd_subject_right =
            mcd_subject.as_deref().map(|who| annotation.major_deaths().any(|d| same_person(who, &d.who)));
        if warned("major-character-death").is_some() {
            out.mcd_subjects.0 += 1;
            out.mcd_subjects.1 += usize::from(mcd_subject_right == Some(true));
        }
        // The stretches (from, to) a warning's evidence and places cover.
        let stretches = |w: &forewarn_core::report::Warning| -> Vec<(f64, f64)> {
            w.evidence
                .iter()
                .map(|e| (e.position, e.position))
                .chain(w.places.iter().map(|p| (p.position, p.end_position)))
                .collect()
        };
        let near = |(from, to): (f64, f64), at: f64| at >= from - POSITION_TOLERANCE && at <= to + POSITION_TOLERANCE;
        // An event is found when evidence or a place for its label (or the label's archive or
        // content counterpart) lies within the tolerance of it.
        let mut events = (0, 0);
        for event in annotation.events.iter().filter(|e| e.severity != "mentioned") {
            let Some(at) = quote_position(text, &event.quote) else { continue };
            let related = related(&event.label);
            let warnings: Vec<_> = report.warnings.iter().filter(|w| related.contains(&w.id.as_str())).collect();
            let covered: Vec<(f64, f64)> = warnings.iter().flat_map(|w| stretches(w)).collect();
            let found = covered.iter().any(|&s| near(s, at));
            events.1 += 1;
            events.0 += usize::from(found);
            let by_label = out.events_by_label.entry(event.label.clone()).or_default();
            by_label.0 += usize::from(found);
            by_label.1 += usize::from(!warnings.is_empty());
            by_label.2 += 1;
            out.events_by_evidence +=
                usize::from(warnings.iter().flat_map(|w| &w.evidence).any(|e| near((e.position, e.position), at)));
            out.events_by_chance += coverage(&covered);
        }
        // Places of right warnings near an annotated event of their label.
        for w in report.warnings.iter().filter(|w| annotation.present(&w.id) == Some(true)) {
            let related = related(&w.id);
            let at: Vec<f64> = annotation
                .events
                .iter()
                .filter(|e| related.contains(&e.label.as_str()))
                .filter_map(|e| quote_position(text, &e.quote))
                .collect();
            for p in &w.places {
                out.places.0 += 1;
                out.places.1 += usize::from(at.iter().any(|&at| near((p.position, p.end_position), at)));
            }
        }
        // Traps a warning of their label shows as evidence.
        for trap in &annotation.traps {
            let related = related(&trap.label);
            let shown = report
                .warnings
                .iter()
                .filter(|w| related.contains(&w.id.as_str()))
                .any(|w| w.evidence.iter().any(|e| overlaps(&e.text, &trap.quote)));
            let by_kind = out.traps.entry(trap.kind.clone()).or_default();
            by_kind.0 += usize::from(shown);
            by_kind.1 += 1;
        }
        out.events.0 += events.0;
        out.events.1 += events.1;
        let (expected, got) = (annotation.rating, report.rating.level);
        out.rating.0 += usize::from(expected == got);
        out.rating.1 += usize::from((expected as i32 - got as i32).abs() <= 1);
        out.rating.2 += 1;
        out.rows.push(WorkRow {
            work: annotation.work.clone(),
            expected_rating: expected,
            rating: got,
            expected_archive,
            archive,
            mcd_subject,
            mcd_subject_right,
            events,
        });
    }
    out.labels = per.into_values().map(LabelMetrics::finish).collect();
    let mut archive = LabelMetrics { label: "archive".into(), ..Default::default() };
    for l in out.labels.iter().filter(|l| taxonomy.get(&l.label).is_some_and(|d| d.kind == LabelKind::Archive)) {
        archive.tp += l.tp;
        archive.fp += l.fp;
        archive.fn_ += l.fn_;
        archive.tn += l.tn;
    }
    out.archive = archive.finish();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_bar_admits_what_separates_and_nothing_else() {
        // Present novels score 0.3-0.4, absent ones at most 0.22: the bar falls between.
        let mut examples = vec![(0.4, false, true), (0.35, false, true), (0.3, false, true), (0.7, true, true)];
        examples.extend([(0.22, false, false), (0.1, false, false), (0.05, false, true)]);
        let bar = long_bar(&examples, 0.5).unwrap_or(f32::NAN);
        assert!(bar > 0.22 && bar <= 0.3, "{bar}");
        // Under the floor, or one novel gained: no bar.
        let under = [(LONG_BAR_FLOOR * 0.9, false, true), (LONG_BAR_FLOOR * 0.8, false, true), (0.01, false, false)];
        assert_eq!(long_bar(&under, 0.5), None);
        assert_eq!(long_bar(&[(0.3, false, true), (0.01, false, false)], 0.5), None);
        // Present and absent mixed at the same scores: precision would fall, so no bar.
        let mixed = [(0.3, false, true), (0.3, false, false), (0.28, false, true), (0.28, false, false)];
        assert_eq!(long_bar(&mixed, 0.5), None);
    }

    const LONG: (usize, f32) = (LONG_BAR_MIN_GAIN, LONG_BAR_MIN_PRECISION);
    const WEIGHT: (usize, f32) = (WEIGHT_BAR_MIN_GAIN, WEIGHT_BAR_MIN_PRECISION);

    #[test]
    fn a_weight_bar_needs_more_novels_and_fewer_false_alarms() {
        // Two novels gained: enough for a scene bar, not for a weight bar.
        let two = [(9.0, false, true), (8.0, false, true), (3.0, false, false), (1.0, false, false)];
        assert_eq!(bar_between(&two, WEIGHT_BAR_FLOOR, f32::INFINITY, LONG), Some(5.5));
        assert_eq!(bar_between(&two, WEIGHT_BAR_FLOOR, f32::INFINITY, WEIGHT), None);
        // Three gained, one of four added wrong: right 75% of the time is too few.
        let mixed =
            [(9.0, false, true), (8.0, false, false), (7.0, false, true), (6.0, false, true), (1.0, false, false)];
        assert_eq!(bar_between(&mixed, WEIGHT_BAR_FLOOR, f32::INFINITY, WEIGHT), None);
        // Three gained cleanly: a weight bar between the lowest and the next weight down.
        let clean = [(9.0, false, true), (8.0, false, true), (7.0, false, true), (3.0, false, false)];
        assert_eq!(bar_between(&clean, WEIGHT_BAR_FLOOR, f32::INFINITY, WEIGHT), Some(5.0));
    }

    #[test]
    fn a_scene_bar_counts_scenes_from_one() {
        // Novels with the label have 2-4 scenes that would each be warned; without, at most 1.
        let examples =
            [(4.0, false, true), (3.0, false, true), (2.0, false, true), (1.0, false, false), (0.0, false, false)];
        assert_eq!(bar_between(&examples, 1.0, f32::INFINITY, LONG), Some(1.5));
        // One scene in each of two novels with it and none without: the bar is one scene.
        let examples = [(1.0, false, true), (1.0, false, true), (0.0, false, false), (0.0, false, true)];
        assert_eq!(bar_between(&examples, 1.0, f32::INFINITY, LONG), Some(1.0));
        // Already warned novels gain nothing.
        let examples = [(3.0, true, true), (2.0, true, true), (0.0, false, false)];
        assert_eq!(bar_between(&examples, 1.0, f32::INFINITY, LONG), None);
    }

    #[test]
    fn coverage_counts_overlaps_once_and_stops_at_the_ends() {
        let tol = POSITION_TOLERANCE;
        assert!((coverage(&[(0.5, 0.5)]) - 2.0 * tol).abs() < 1e-9);
        assert!((coverage(&[(0.5, 0.5), (0.5, 0.5), (0.51, 0.52)]) - (0.02 + 2.0 * tol)).abs() < 1e-9);
        assert!((coverage(&[(0.0, 0.0)]) - tol).abs() < 1e-9);
        assert_eq!(coverage(&[]), 0.0);
    }

    #[test]
    fn quotes_are_found_across_line_breaks() {
        let text = "It was dark.\r\nHe fell   from the\r\ntower. Then morning.";
        let at = quote_position(text, "He fell from the tower.").unwrap_or(-1.0);
        assert!(at > 0.2 && at < 0.3, "{at}");
        assert_eq!(quote_position(text, "not there"), None);
    }

    #[test]
    fn a_trap_is_shown_when_evidence_and_quote_are_one_text() {
        assert!(overlaps("\"Devil, you torture me!\" said he.", "you torture\r\nme!"));
        assert!(overlaps("You have been in the wars!'", "Ah! You have been in the wars!' said he."));
        assert!(!overlaps("He was tortured on the rack.", "you torture me"));
        assert!(!overlaps("", "you torture me"));
    }

    #[test]
    fn people_match_by_a_name_word() {
        assert!(same_person("magwitch", "Abel Magwitch (Provis)"));
        assert!(same_person("Mrs. Joe", "Mrs Joe Gargery"));
        assert!(!same_person("biddy", "Abel Magwitch"));
        assert!(!same_person("Mr. Wopsle", "Mr. Pumblechook"), "titles alone are not names");
    }

    #[test]
    fn mentioned_counts_for_content_labels_only() {
        let annotation = WorkAnnotation {
            work: "w".into(),
            rating: Rating::Teen,
            labels: [
                ("death".to_string(), "mentioned".to_string()),
                ("major-character-death".into(), "mentioned".into()),
            ]
            .into(),
            events: Vec::new(),
            deaths: Vec::new(),
            traps: Vec::new(),
        };
        assert_eq!(annotation.present("death"), Some(true));
        assert_eq!(annotation.present("major-character-death"), Some(false));
        assert_eq!(annotation.present("violence"), Some(false));
    }
}
