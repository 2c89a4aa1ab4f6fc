//! `forewarn.toml`: a reader's or writer's settings.
//!
//! ```toml
//! # Probability at or above which a label is reported (overrides the calibrated threshold).
//! [thresholds]
//! rape-non-con = 0.3
//!
//! # Labels that matter to this reader: when set, human output lists only these (and the
//! # rating); `ignore` hides labels everywhere but in `scores`.
//! [labels]
//! matter = ["rape-non-con", "self-harm"]
//! ignore = ["pornographic-content"]
//!
//! # Extra labels, run through the same lexical engine (keywords, with negation and
//! # hypothetical handling) and reported with kind "custom".
//! [[custom]]
//! id = "spiders"
//! name = "Spiders"
//! keywords = ["spider", "tarantula", "cobweb"]
//! examples = ["A huge spider crawled across her pillow."]
//! ```
//!
//! Looked up in order: `--config PATH`, `./forewarn.toml`, then `forewarn/forewarn.toml` in
//! the user's config folder (`$XDG_CONFIG_HOME`, `~/.config`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// The settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Per-label thresholds.
    #[serde(default)]
    pub thresholds: BTreeMap<String, f32>,
    /// Which labels matter.
    #[serde(default)]
    pub labels: LabelPrefs,
    /// Extra labels.
    #[serde(default)]
    pub custom: Vec<forewarn_core::custom::CustomLabel>,
}

/// Which labels a reader cares about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelPrefs {
    /// Only these are shown in human output (empty: all).
    #[serde(default)]
    pub matter: Vec<String>,
    /// These are never reported as warnings.
    #[serde(default)]
    pub ignore: Vec<String>,
}

impl Config {
    /// Loads the config named, or the first one found; none found is the default config.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<(Config, Option<PathBuf>)> {
        let candidates: Vec<PathBuf> = match explicit {
            Some(p) => vec![p.to_path_buf()],
            None => {
                let mut c = vec![PathBuf::from("forewarn.toml")];
                if let Some(dir) = dirs::config_dir() {
                    c.push(dir.join("forewarn").join("forewarn.toml"));
                }
                c
            }
        };
        for path in candidates {
            if explicit.is_none() && !path.is_file() {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read config", path.display()))?;
            let config: Config =
                toml::from_str(&text).with_context(|| format!("{}: invalid config", path.display()))?;
            config.validate().with_context(|| format!("{}: invalid config", path.display()))?;
            return Ok((config, Some(path)));
        }
        Ok((Config::default(), None))
    }

    /// The reader's policy these settings make (thresholds, ignored labels, labels that matter).
    pub fn policy(&self) -> forewarn_core::Policy {
        forewarn_core::Policy {
            thresholds: self.thresholds.clone(),
            min_confidence: None,
            ignore: self.labels.ignore.iter().cloned().collect(),
            matter: self.labels.matter.iter().cloned().collect(),
            ask: Default::default(),
        }
    }

    /// Checks label ids and thresholds.
    pub fn validate(&self) -> anyhow::Result<()> {
        let taxonomy = forewarn_core::taxonomy();
        let known = |id: &str| taxonomy.get(id).is_some() || self.custom.iter().any(|c| c.id == id);
        for (id, t) in &self.thresholds {
            anyhow::ensure!(known(id), "unknown label {id:?} in [thresholds]");
            anyhow::ensure!((0.0..=1.0).contains(t), "threshold for {id} must be between 0 and 1");
        }
        for id in self.labels.matter.iter().chain(&self.labels.ignore) {
            anyhow::ensure!(known(id), "unknown label {id:?} in [labels]");
        }
        for c in &self.custom {
            anyhow::ensure!(taxonomy.get(&c.id).is_none(), "custom label {:?} has the id of a built-in label", c.id);
            anyhow::ensure!(!c.keywords.is_empty(), "custom label {:?} needs at least one keyword", c.id);
        }
        Ok(())
    }
}
