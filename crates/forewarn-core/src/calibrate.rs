//! Calibration: turns each label's raw features into a probability and a decision
//! threshold, fitted on labelled development data by `forewarn calibrate`.
//!
//! The model per label is a two-feature logistic regression, p = σ(a·x₀ + b·x₁ + c), fitted
//! by gradient descent with a small L2 penalty (deterministic: fixed start and step count),
//! then the threshold that maximises F1 on the fitting data. Labels without enough data
//! keep hand-set defaults. The fitted parameters are data (`data/calibration.json`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Parameters for one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LabelCalibration {
    /// Weight of the first feature.
    pub a: f32,
    /// Weight of the second feature.
    pub b: f32,
    /// Intercept.
    pub c: f32,
    /// Decision threshold on the probability.
    pub threshold: f32,
    /// Number of examples it was fitted on (0 for defaults).
    #[serde(default)]
    pub fitted_on: usize,
}

impl LabelCalibration {
    /// The default for content labels: one strong cue in a window reaches about 0.5.
    pub const CONTENT_DEFAULT: Self = Self { a: 0.9, b: 0.6, c: -2.8, threshold: 0.5, fitted_on: 0 };
    /// The default for archive warnings, whose first feature is already a rule score in 0..1.
    pub const ARCHIVE_DEFAULT: Self = Self { a: 6.0, b: 0.0, c: -3.0, threshold: 0.5, fitted_on: 0 };

    /// Probability for a feature vector.
    pub fn probability(&self, x: [f32; 2]) -> f32 {
        sigmoid(self.a * x[0] + self.b * x[1] + self.c)
    }
}

/// The whole calibration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Format version.
    pub version: u32,
    /// How it was made (the command and data).
    #[serde(default)]
    pub provenance: String,
    /// Per-label parameters; labels not listed use the defaults.
    pub labels: BTreeMap<String, LabelCalibration>,
    /// Long-work bars (content label id -> score). A novel's scores run lower than a
    /// passage's: its best window is discounted for how many windows it has, and a label a
    /// careful reader warns for is often told in a few scenes among thousands. In a long work,
    /// a content label that is not a warning has its score put on a scale where its bar
    /// stands at its threshold, so it becomes a warning where it reaches the bar. Fitted on
    /// the works suite's novels (`forewarn calibrate --works`); labels not listed keep their
    /// scores.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub long_bars: BTreeMap<String, f32>,
    /// Scene bars (content label id -> scenes). A long work keeps what its parts would
    /// report: a content label that is not a warning becomes one where at least this many
    /// of its independent scenes would each be a warning read alone (with the label's curve
    /// and threshold). Fitted on the works suite's novels after the long-work bars; labels
    /// not listed are never warned this way.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scene_bars: BTreeMap<String, f32>,
    /// Reading bars (content label id -> probability). A long work keeps what the sentence
    /// model reads in it: a content label that is not a warning becomes one where its static
    /// reading ([`crate::semantic::StaticReading`]: the distilled static model over every
    /// window), as a probability, reaches this bar. Fitted on the works suite's novels after
    /// the scene bars; labels not listed are never warned this way.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reading_bars: BTreeMap<String, f32>,
    /// Weight bars (content label id -> weight). A long work keeps what many weak scenes
    /// say together: a content label that is not a warning becomes one where the summed
    /// weight of its independent scenes told as happening (each its window's cue weight,
    /// [`crate::RawAnalysis::scene_weights`]) reaches this bar, so a drunkard who is drunk in
    /// twenty scenes, each one word, is warned. Fitted on the works suite's novels after the
    /// reading bars; labels not listed are never warned this way.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weight_bars: BTreeMap<String, f32>,
}

impl Calibration {
    /// The shipped calibration.
    pub fn shipped() -> Self {
        serde_json::from_str(crate::data::CALIBRATION).unwrap_or_default()
    }

    /// The label curves alone, without the bars fitted on novels (what the bars are fitted
    /// from).
    pub fn without_bars(&self) -> Self {
        Calibration {
            long_bars: BTreeMap::new(),
            scene_bars: BTreeMap::new(),
            reading_bars: BTreeMap::new(),
            weight_bars: BTreeMap::new(),
            ..self.clone()
        }
    }

    /// Parameters for a label.
    pub fn get(&self, id: &str, archive: bool) -> LabelCalibration {
        self.labels.get(id).copied().unwrap_or(if archive {
            LabelCalibration::ARCHIVE_DEFAULT
        } else {
            LabelCalibration::CONTENT_DEFAULT
        })
    }
}

/// The logistic function, shared by the calibration and the sentence model's heads.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
