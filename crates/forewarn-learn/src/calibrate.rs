//! Fitting the per-label calibration (`forewarn calibrate`, and every fold of `forewarn
//! eval`): a two-feature logistic curve per label and the threshold that maximises F1. The
//! engine only applies what is fitted here ([`forewarn_core::Calibration`]).

use forewarn_core::calibrate::sigmoid;
use forewarn_core::LabelCalibration;

/// Fewer positive or negative examples than this keeps the default for a label.
pub const MIN_EXAMPLES: usize = 8;

/// Fits one label from (features, is_positive) examples; `None` when there are too few of
/// either class.
pub fn fit(examples: &[([f32; 2], bool)], start: LabelCalibration) -> Option<LabelCalibration> {
    let positives = examples.iter().filter(|e| e.1).count();
    let negatives = examples.len() - positives;
    if positives < MIN_EXAMPLES || negatives < MIN_EXAMPLES {
        return None;
    }
    // Balance the classes so that the threshold search, not the base rate, decides.
    let wp = examples.len() as f32 / (2.0 * positives as f32);
    let wn = examples.len() as f32 / (2.0 * negatives as f32);
    let (mut a, mut b, mut c) = (start.a, start.b, start.c);
    let lambda = 0.01;
    let rate = 0.5;
    let n = examples.len() as f32;
    for _ in 0..3000 {
        let (mut ga, mut gb, mut gc) = (0.0, 0.0, 0.0);
        for (x, y) in examples {
            let p = sigmoid(a * x[0] + b * x[1] + c);
            let w = if *y { wp } else { wn };
            let err = w * (p - if *y { 1.0 } else { 0.0 });
            ga += err * x[0];
            gb += err * x[1];
            gc += err;
        }
        a -= rate * (ga / n + lambda * a);
        b -= rate * (gb / n + lambda * b);
        c -= rate * gc / n;
    }
    let mut fitted = LabelCalibration { a, b, c, threshold: 0.5, fitted_on: examples.len() };
    fitted.threshold = best_threshold(examples, &fitted);
    Some(fitted)
}

/// The threshold in [0.2, 0.8] that maximises F1 on the examples (ties: the one nearest
/// 0.5), by the one threshold search ([`crate::threshold`]).
pub fn best_threshold(examples: &[([f32; 2], bool)], cal: &LabelCalibration) -> f32 {
    let scored: Vec<(f32, bool)> = examples.iter().map(|(x, y)| (cal.probability(*x), *y)).collect();
    crate::threshold::best(&scored, crate::threshold::Objective::F1, crate::threshold::Candidates::Grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_a_separable_label() {
        let mut ex = Vec::new();
        for i in 0..20 {
            ex.push(([3.0 + i as f32 * 0.1, 1.0], true));
            ex.push(([i as f32 * 0.05, 0.0], false));
        }
        let cal = fit(&ex, LabelCalibration::CONTENT_DEFAULT).unwrap_or(LabelCalibration::CONTENT_DEFAULT);
        assert!(cal.fitted_on == 40);
        let correct = ex.iter().filter(|(x, y)| (cal.probability(*x) >= cal.threshold) == *y).count();
        assert_eq!(correct, 40);
    }

    #[test]
    fn too_few_examples_keep_defaults() {
        assert!(fit(&[([1.0, 0.0], true)], LabelCalibration::CONTENT_DEFAULT).is_none());
    }
}
