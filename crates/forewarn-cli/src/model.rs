//! The sentence model as the engine sees it: finding (or fetching) it, loading it lazily, and
//! `forewarn model fetch|status`.
//!
//! The model is optional. Without it the engine runs its lexical detectors and every report
//! says so in its notes; a scan never fails for want of the model.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use forewarn_core::semantic::Encoder;
use forewarn_embed::{
    default_model_dir, fetch_model, find_model, EmbedError, Embedder, ModelFiles, EMBEDDING_DIM, STATIC_FILE,
};
use sha2::{Digest, Sha256};

use crate::cli::{ModelArgs, ModelCommand};

/// The id reports and heads use for the model.
pub const MODEL_ID: &str = "all-MiniLM-L6-v2";
/// Set to skip the automatic download (offline machines, tests).
pub const OFFLINE_ENV: &str = "FOREWARN_OFFLINE";

/// How the engine got (or did not get) its sentence model.
pub enum ModelState {
    /// Found and verified (loaded on first use).
    Ready(Box<MiniLm>),
    /// Not used, and why (said once in every report's notes).
    Unavailable(String),
}

/// Finds the model in `dir` (else `$FOREWARN_MODEL_DIR`, else the user cache); if it is
/// missing, fetches it with a progress message on stderr unless `$FOREWARN_OFFLINE` is set.
pub fn resolve(dir: Option<&Path>, disabled: bool) -> ModelState {
    if disabled {
        return ModelState::Unavailable("switched off with --no-model".into());
    }
    match find_model(dir) {
        Ok(files) => ModelState::Ready(Box::new(MiniLm::new(files))),
        Err(EmbedError::ModelNotFound { dir: target, .. }) if std::env::var_os(OFFLINE_ENV).is_none() => {
            eprintln!(
                "forewarn: the sentence model {MODEL_ID} is not installed; fetching it into {}",
                target.display()
            );
            match fetch_model(&target, &mut |step| eprintln!("forewarn: {step}")) {
                Ok(files) => ModelState::Ready(Box::new(MiniLm::new(files))),
                Err(e) => ModelState::Unavailable(e.to_string()),
            }
        }
        Err(e) => ModelState::Unavailable(e.to_string()),
    }
}

/// all-MiniLM-L6-v2, loaded on first use, optionally with a persistent memo of vectors
/// (used by `eval` and `train`, which embed the same texts run after run).
pub struct MiniLm {
    files: ModelFiles,
    embedder: OnceLock<Result<Embedder, String>>,
    memo: Option<Memo>,
}

impl MiniLm {
    fn new(files: ModelFiles) -> Self {
        Self { files, embedder: OnceLock::new(), memo: None }
    }

    /// Keeps every transformer vector in `<cache>/vectors-<model>.bin` (read now, appended to
    /// as texts are embedded): `eval` and `train` embed the same texts run after run.
    pub fn with_memo(mut self: Box<Self>) -> Box<Self> {
        self.memo = crate::cache_dir::cache_root().map(|dir| Memo::open(dir.join(format!("vectors-{MODEL_ID}.bin"))));
        self
    }

    fn embedder(&self) -> Result<&Embedder, String> {
        self.embedder
            .get_or_init(|| Embedder::load(&self.files).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads the weights now (so that timings do not include it, or errors surface early).
    pub fn load(&self) -> Result<(), String> {
        self.embedder().map(|_| ())
    }
}

impl Encoder for MiniLm {
    fn id(&self) -> String {
        MODEL_ID.into()
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let Some(memo) = &self.memo else {
            return self.embedder()?.embed(texts).map_err(|e| e.to_string());
        };
        let keys: Vec<[u8; 32]> = texts.iter().map(|t| Sha256::digest(t.as_bytes()).into()).collect();
        let mut out: Vec<Option<Vec<f32>>> = keys.iter().map(|k| memo.get(k)).collect();
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| out[i].is_none()).collect();
        if !missing.is_empty() {
            let wanted: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
            let vectors = self.embedder()?.embed(&wanted).map_err(|e| e.to_string())?;
            for (&i, v) in missing.iter().zip(vectors) {
                memo.put(keys[i], &v);
                out[i] = Some(v);
            }
        }
        Ok(out.into_iter().map(Option::unwrap_or_default).collect())
    }

    fn encode_static(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.embedder()?.embed_static(texts).map_err(|e| e.to_string())
    }

    fn prepare(&self) -> Result<(), String> {
        self.load()
    }
}

/// An append-only file of (sha256 of text, vector) records.
struct Memo {
    path: PathBuf,
    map: Mutex<HashMap<[u8; 32], Vec<f32>>>,
}

const RECORD: usize = 32 + 4 * EMBEDDING_DIM;

impl Memo {
    fn open(path: PathBuf) -> Self {
        let mut map = HashMap::new();
        let mut bytes = Vec::new();
        if std::fs::File::open(&path).and_then(|mut f| f.read_to_end(&mut bytes)).is_ok() {
            for record in bytes.chunks_exact(RECORD) {
                let (key, rest) = record.split_at(32);
                let vector = rest.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
                map.insert(key.try_into().unwrap_or([0; 32]), vector);
            }
        }
        Self { path, map: Mutex::new(map) }
    }

    fn get(&self, key: &[u8; 32]) -> Option<Vec<f32>> {
        self.map.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: [u8; 32], vector: &[f32]) {
        let Ok(mut map) = self.map.lock() else { return };
        map.insert(key, vector.to_vec());
        let mut record = Vec::with_capacity(RECORD);
        record.extend_from_slice(&key);
        vector.iter().for_each(|x| record.extend_from_slice(&x.to_le_bytes()));
        // A memo that cannot be written only costs time on the next run.
        if let Some(parent) = self.path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(&self.path) {
            let _ = file.write_all(&record);
        }
    }
}

/// Gives `engine` the sentence model and the shipped heads if it can, and returns the note
/// every report carries about how it was analysed.
pub fn attach(engine: &mut forewarn_core::Engine, choice: &crate::cli::ModelChoice) -> String {
    let heads = forewarn_core::semantic::Heads::shipped();
    if heads.window.is_empty() {
        return "engine: lexicons and scene rules (sentence model not used: this build has no trained heads)".into();
    }
    match resolve(choice.model_dir.as_deref(), choice.no_model) {
        ModelState::Ready(model) => {
            engine.set_semantic(Arc::new(*model), heads);
            let budget = choice.semantic_budget.unwrap_or(forewarn_core::semantic::BUDGET);
            engine.set_budget(budget);
            format!(
                "engine: lexicons, scene rules and the sentence model {MODEL_ID} (up to {budget} words of a long work)"
            )
        }
        ModelState::Unavailable(reason) => {
            format!("engine: lexicons and scene rules (sentence model not used: {reason})")
        }
    }
}

/// Runs `forewarn model`.
pub fn run(args: &ModelArgs) -> anyhow::Result<std::process::ExitCode> {
    let dir = args.model_dir.clone().or_else(default_model_dir);
    match args.command {
        ModelCommand::Fetch => {
            let target = dir.ok_or_else(|| anyhow::anyhow!("no model folder: pass --model-dir"))?;
            let files = match find_model(Some(&target)) {
                Ok(files) => {
                    println!("{MODEL_ID} is already installed in {}", files.dir.display());
                    files
                }
                Err(_) => {
                    let files = fetch_model(&target, &mut |step| eprintln!("forewarn: {step}"))?;
                    println!("{MODEL_ID} installed in {}", files.dir.display());
                    files
                }
            };
            // Loading distils the static vectors once (about 20 s) and keeps them beside the
            // weights, so that no scan pays for it.
            if !files.dir.join(STATIC_FILE).is_file() {
                eprintln!("forewarn: distilling the static vectors from {MODEL_ID} (once, about 20 s)");
            }
            Embedder::load(&files)?;
        }
        ModelCommand::Status => match find_model(dir.as_deref()) {
            Ok(files) => println!("{MODEL_ID}: installed and verified in {}", files.dir.display()),
            Err(e) => {
                println!("{MODEL_ID}: {e}");
                return Ok(std::process::ExitCode::from(1));
            }
        },
    }
    Ok(std::process::ExitCode::SUCCESS)
}
