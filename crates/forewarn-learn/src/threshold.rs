//! Choosing a threshold: the one search both fitters use. Scored examples are sorted by
//! probability once; a candidate threshold predicts every example at or above it, and its
//! counts come from that order. Two candidate sets:
//! - [`Candidates::Between`] (the sentence model's heads): a cut between each pair of distinct
//!   probabilities, at their midpoint, so the threshold generalises a little; the first best
//!   from the top wins.
//! - [`Candidates::Grid`] (the calibration's per-label curves): 0.20, 0.21, …, 0.80, ties to
//!   the one nearest 0.5 — a calibrated probability stays a probability, so its threshold
//!   stays in a sensible range whatever a few examples say.

/// What a threshold is chosen to maximise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// F1 of the present class.
    F1,
    /// F2 of the present class: recall weighs twice precision, for a warning whose miss
    /// costs more than a false alarm (Rape/Non-Con).
    F2,
    /// Accuracy.
    Accuracy,
}

/// Where a threshold may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidates {
    /// Midpoints between distinct probabilities.
    Between,
    /// Every hundredth from 0.20 to 0.80.
    Grid,
}

/// Grid bounds and step, in hundredths.
const GRID: (u32, u32) = (20, 80);
/// Grid scores this close are a tie.
const TIE: f32 = 1e-6;

/// The threshold that maximises `objective` on (probability, gold) pairs; 0.5 when nothing
/// can be chosen (no pairs).
pub fn best(scored: &[(f32, bool)], objective: Objective, candidates: Candidates) -> f32 {
    let mut sorted = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = sorted.iter().filter(|s| s.1).count() as f32;
    let negatives = sorted.len() as f32 - positives;
    // The objective when the `predicted` most probable examples, `tp` of them positive, are
    // predicted present.
    let value = |predicted: f32, tp: f32| match objective {
        Objective::F1 => 2.0 * tp / (predicted + positives),
        // 5 tp / (5 tp + 4 fn + fp), with fn = positives - tp and fp = predicted - tp.
        Objective::F2 => 5.0 * tp / (predicted + 4.0 * positives),
        Objective::Accuracy => tp + negatives - (predicted - tp),
    };
    match candidates {
        Candidates::Between => {
            // Predicting nothing: for accuracy every negative is right (at 1.0); F1 has no
            // such fallback and takes the first cut.
            let (mut best, mut at) = match objective {
                Objective::F1 | Objective::F2 => (-1.0f32, 0.5f32),
                Objective::Accuracy => (negatives, 1.0),
            };
            let mut tp = 0.0f32;
            for (i, &(p, gold)) in sorted.iter().enumerate() {
                tp += f32::from(u8::from(gold));
                // Only cut between distinct probabilities.
                if sorted.get(i + 1).is_some_and(|next| next.0 == p) {
                    continue;
                }
                let v = value((i + 1) as f32, tp);
                if v > best {
                    best = v;
                    at = (p + sorted.get(i + 1).map_or(0.0, |n| n.0)) / 2.0;
                }
            }
            at
        }
        Candidates::Grid => {
            let mut gold_before = Vec::with_capacity(sorted.len() + 1);
            gold_before.push(0.0f32);
            for &(_, gold) in &sorted {
                gold_before.push(gold_before.last().copied().unwrap_or(0.0) + f32::from(u8::from(gold)));
            }
            let mut best = (f32::MIN, 0.5f32);
            for hundredths in GRID.0..=GRID.1 {
                let t = hundredths as f32 / 100.0;
                let predicted = sorted.partition_point(|&(p, _)| p >= t);
                let tp = gold_before[predicted];
                let v = if tp == 0.0 { 0.0 } else { value(predicted as f32, tp) };
                if v > best.0 + TIE || (v - best.0).abs() <= TIE && (t - 0.5).abs() < (best.1 - 0.5).abs() {
                    best = (v, t);
                }
            }
            best.1
        }
    }
}

/// The objective's value for decisions `(predicted, gold)`: F1 of the present class, or the
/// share right.
pub fn value(decisions: &[(bool, bool)], objective: Objective) -> f32 {
    let count = |f: fn(&(bool, bool)) -> bool| decisions.iter().filter(|d| f(d)).count() as f32;
    let tp = count(|&(p, g)| p && g);
    match objective {
        Objective::F1 | Objective::F2 => {
            let (predicted, positives) = (count(|d| d.0), count(|d| d.1));
            if tp == 0.0 {
                0.0
            } else if objective == Objective::F1 {
                2.0 * tp / (predicted + positives)
            } else {
                5.0 * tp / (predicted + 4.0 * positives)
            }
        }
        Objective::Accuracy => (count(|&(p, g)| p == g)) / (decisions.len().max(1) as f32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_f1_or_the_share_right() {
        let decisions = [(true, true), (true, false), (false, true), (false, false)];
        assert_eq!(value(&decisions, Objective::F1), 0.5);
        assert_eq!(value(&decisions, Objective::Accuracy), 0.5);
        // One tp, one fn, no fp: F2 = 5 / (5 + 4).
        assert_eq!(value(&[(true, true), (false, true)], Objective::F2), 5.0 / 9.0);
        assert_eq!(value(&[(false, true)], Objective::F1), 0.0);
        assert_eq!(value(&[], Objective::Accuracy), 0.0);
    }

    #[test]
    fn thresholds_maximise_their_metric() {
        let scored = [(0.9, true), (0.8, true), (0.7, false), (0.2, false)];
        let t = best(&scored, Objective::F1, Candidates::Between);
        assert!(t > 0.7 && t < 0.8, "{t}");
        let t = best(&scored, Objective::Accuracy, Candidates::Between);
        assert!(t > 0.7 && t < 0.8, "{t}");
        let t = best(&scored, Objective::F1, Candidates::Grid);
        assert!(t > 0.7 && t <= 0.8, "{t}");
    }

    #[test]
    fn the_grid_keeps_a_sensible_range_and_ties_go_to_one_half() {
        // Everything separable at any threshold in (0.05, 0.95): the grid's answer is 0.5.
        let scored = [(0.95, true), (0.96, true), (0.05, false), (0.04, false)];
        assert_eq!(best(&scored, Objective::F1, Candidates::Grid), 0.5);
        // A positive at 0.1 would pull a free threshold down; the grid stops at 0.2.
        let scored = [(0.1, true), (0.05, false)];
        assert!(best(&scored, Objective::F1, Candidates::Grid) >= 0.2);
    }

    #[test]
    fn predicting_nothing_is_the_accuracy_fallback() {
        let scored = [(0.9, false), (0.8, false)];
        assert_eq!(best(&scored, Objective::Accuracy, Candidates::Between), 1.0);
    }
}
