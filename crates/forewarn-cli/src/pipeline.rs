//! The scanning pipeline shared by `scan`, `check`, `filter` and `tag`: expand paths, read
//! each input, analyse it, build its report, in parallel over all cores (rayon), with a
//! progress bar on stderr and a result cache keyed by content hash and engine version.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use forewarn_core::report::Report;
use forewarn_core::{Analysis, Calibration, Document, Engine, Policy};
use forewarn_ingest::{InputFormat, Limits};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cli::EngineArgs;
use crate::config::Config;
use crate::inputs::{expand, Input};

/// The result for one work (or one unreadable input).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Path, `-`, or the JSONL record id.
    pub id: String,
    /// The file, when this is a whole file (not a JSONL record, not standard input): its name
    /// exactly, which `id` is not when the name is not UTF-8 (`id` is made for display).
    pub path: Option<PathBuf>,
    /// The report, or why the input could not be read.
    pub result: Result<Report, String>,
}

/// Engine, limits, config and cache, set up once per command.
pub struct Pipeline {
    engine: Engine,
    limits: Limits,
    format: InputFormat,
    cache: Option<Cache>,
    notes: Vec<String>,
    /// The user's settings.
    pub config: Config,
}

/// Maps the CLI's format flag to the ingest crate's.
pub fn input_format(arg: crate::cli::InputFormatArg) -> InputFormat {
    use crate::cli::InputFormatArg as A;
    match arg {
        A::Auto => InputFormat::Auto,
        A::Txt => InputFormat::Txt,
        A::Md => InputFormat::Md,
        A::Html => InputFormat::Html,
        A::Epub => InputFormat::Epub,
        A::Jsonl => InputFormat::Jsonl,
    }
}

impl Pipeline {
    /// Sets up from command-line options (reads the config file).
    pub fn new(args: &EngineArgs) -> anyhow::Result<Self> {
        Self::with_min_confidence(args, None)
    }

    /// Sets up with one threshold for every label (`--min-confidence`), over the config's.
    pub fn with_min_confidence(args: &EngineArgs, min_confidence: Option<f32>) -> anyhow::Result<Self> {
        Self::for_reader(args, min_confidence, &[])
    }

    /// Sets up for a reader's questions too (`--ask`): each label asked gets an answer. A label
    /// that is neither built in nor in the config is an error that names it.
    pub fn for_reader(args: &EngineArgs, min_confidence: Option<f32>, ask: &[String]) -> anyhow::Result<Self> {
        let (config, config_path) = Config::load(args.config.as_deref())?;
        let calibration = Calibration::shipped();
        let mut engine = Engine::with_custom(calibration.clone(), config.custom.clone());
        // The reader's policy decides every label, lexical or read by the sentence model.
        let mut policy = config.policy().with_min_confidence(min_confidence);
        for id in ask {
            let id = id.trim();
            let known = forewarn_core::taxonomy().get(id).is_some() || config.custom.iter().any(|c| c.id == id);
            anyhow::ensure!(known, "--ask: unknown label {id:?} (`forewarn labels` lists them)");
            policy.ask.insert(id.to_string());
        }
        engine.set_policy(policy);
        let format = input_format(args.input_format);
        let mut notes = vec![crate::model::attach(&mut engine, &args.model)];
        if let Some(path) = &config_path {
            notes.push(format!("settings from {}", path.display()));
        }
        let semantic = engine.encoder_id().map(|id| format!("{id}:{}", forewarn_core::data::HEADS)).unwrap_or_default();
        let cache =
            if args.no_cache { None } else { Cache::open(&fingerprint(&calibration, &engine, args, &semantic)) };
        Ok(Self { engine, limits: Limits::default(), format, cache, notes, config })
    }

    /// The reader's policy in force.
    pub fn policy(&self) -> &forewarn_core::Policy {
        self.engine.policy()
    }

    /// Whether the sentence model is in use (installed, loaded and not switched off).
    pub fn uses_model(&self) -> bool {
        self.engine.encoder_id().is_some()
    }

    /// The labels the config defines.
    pub fn custom_labels(&self) -> &[forewarn_core::custom::CustomLabel] {
        self.engine.custom_labels()
    }

    /// Loads the sentence model now rather than on the first scan (for a server). A model that
    /// fails to load leaves the lexical engine, and each report says why.
    pub fn prepare(&self) -> Result<(), String> {
        self.engine.prepare()
    }

    /// Scans every input named by `paths`. Problems expanding paths (a missing file, an
    /// empty folder) come back as failed outcomes, in order with the rest.
    pub fn run(&self, paths: &[PathBuf], progress: bool) -> anyhow::Result<Vec<Outcome>> {
        let (inputs, problems) = expand(paths);
        let mut outcomes: Vec<Outcome> = problems
            .into_iter()
            .map(|(path, message)| Outcome { id: path.display().to_string(), path: Some(path), result: Err(message) })
            .collect();
        // Standard input is read once, up to the input limit (an endless stream is an error
        // for "-", and the other inputs are still scanned).
        let stdin = inputs
            .contains(&Input::Stdin)
            .then(|| forewarn_ingest::read_stream(std::io::stdin().lock(), &self.limits).map_err(|e| e.to_string()));
        let bar = progress_bar(inputs.len(), progress);
        let results: Vec<Vec<Outcome>> = inputs
            .par_iter()
            .map(|input| {
                let outcomes = match input {
                    Input::Stdin => match &stdin {
                        Some(Ok(bytes)) => self.scan_bytes("-", bytes),
                        Some(Err(message)) => {
                            vec![Outcome { id: "-".into(), path: None, result: Err(message.clone()) }]
                        }
                        None => Vec::new(),
                    },
                    Input::File(path) => self.scan_file(path),
                };
                bar.inc(1);
                outcomes
            })
            .collect();
        bar.finish_and_clear();
        outcomes.extend(results.into_iter().flatten());
        Ok(outcomes)
    }

    fn scan_file(&self, path: &Path) -> Vec<Outcome> {
        let name = path.display().to_string();
        // The reader phrases the errors (not found, a directory, over the size limit).
        let mut outcomes = match forewarn_ingest::read_file(path, &self.limits) {
            Ok(bytes) => self.scan_bytes(&name, &bytes),
            Err(e) => vec![Outcome { id: name.clone(), path: None, result: Err(e.to_string()) }],
        };
        // The records of a JSONL batch have ids of their own; the file itself has its name.
        for outcome in outcomes.iter_mut().filter(|o| o.id == name) {
            outcome.path = Some(path.to_path_buf());
        }
        outcomes
    }

    /// Scans one input's bytes (through the cache).
    pub fn scan_bytes(&self, name: &str, bytes: &[u8]) -> Vec<Outcome> {
        // The same bytes read as another format (notes.md and notes.txt) are another work.
        let format = match self.format {
            InputFormat::Auto => forewarn_ingest::detect_format(name, bytes),
            explicit => explicit,
        };
        let key = self.cache.as_ref().map(|_| content_key(bytes, format));
        if let (Some(cache), Some(key)) = (&self.cache, &key) {
            if let Some(hit) = cache.get(key, name) {
                return hit;
            }
        }
        let outcomes = self.finish(name, forewarn_ingest::pending_items(name, bytes, format, &self.limits));
        if let (Some(cache), Some(key)) = (&self.cache, &key) {
            cache.put(key, name, &outcomes);
        }
        outcomes
    }

    /// Reads and analyses one work's bytes, under `policy` when given (a request's own
    /// `min_confidence`) or the engine's, and hands its document, analysis and report to
    /// `then`: a server shows passages in their paragraphs from the document the engine read,
    /// never from a second reading. No cache. A JSONL batch of several works is an error.
    pub fn analyse_one<T>(
        &self,
        name: &str,
        bytes: &[u8],
        policy: Option<&Policy>,
        then: impl FnOnce(&Document, &Analysis, Report) -> T,
    ) -> Result<T, String> {
        let format = match self.format {
            InputFormat::Auto => forewarn_ingest::detect_format(name, bytes),
            chosen => chosen,
        };
        let mut items = forewarn_ingest::read_items(name, bytes, format, &self.limits);
        let (Some(item), None) = (items.next(), items.next()) else {
            return Err("send one work per request; JSONL batches are for `forewarn scan`".into());
        };
        let doc = item.result.map_err(|e| format!("{}: {e}", item.id))?;
        let raw = self.engine.raw(&doc);
        let analysis = self.engine.finish_under(&raw, policy.unwrap_or(self.engine.policy()));
        let report = Report::new(&item.id, name, &doc, &analysis, &self.notes_for(&raw));
        Ok(then(&doc, &analysis, report))
    }

    /// The notes every report of this pipeline carries, and the sentence model's failure.
    fn notes_for(&self, raw: &forewarn_core::RawAnalysis) -> Vec<String> {
        let mut notes = self.notes.clone();
        if let Some(error) = raw.semantic.as_ref().and_then(|s| s.error.as_ref()) {
            notes.push(format!("the sentence model failed on this work ({error}); lexical engine only"));
        }
        notes
    }

    /// Reads and analyses one input (a JSONL batch or one work), without the cache, handing
    /// the outcomes to `each` in order, a chunk of the batch at a time as soon as it is done,
    /// so a caller can use the first reports while the rest are analysed. Stops when `each`
    /// returns false.
    pub fn scan_chunks(&self, name: &str, bytes: &[u8], each: impl FnMut(Vec<Outcome>) -> bool) {
        self.finish_chunks(name, forewarn_ingest::pending_items(name, bytes, self.format, &self.limits), each);
    }

    /// Analyses the works of one input in order (see [`Pipeline::finish_chunks`]).
    fn finish<'a>(&self, name: &str, items: impl Iterator<Item = forewarn_ingest::Pending<'a>>) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        self.finish_chunks(name, items, |chunk| {
            outcomes.extend(chunk);
            true
        });
        outcomes
    }

    /// Analyses the works of one input in order, handing the outcomes to `each` a chunk at a
    /// time until it returns false. The records of a JSONL batch are read and analysed in
    /// parallel, [`BATCH_CHUNK`] at a time, so a batch uses every core while only a chunk of
    /// its documents is held at once.
    fn finish_chunks<'a>(
        &self,
        name: &str,
        items: impl Iterator<Item = forewarn_ingest::Pending<'a>>,
        mut each: impl FnMut(Vec<Outcome>) -> bool,
    ) {
        let analyse = |read: forewarn_ingest::Pending<'a>| {
            let item = read();
            let result = item.result.map_err(|e| e.to_string()).map(|doc| {
                let raw = self.engine.raw(&doc);
                let analysis = self.engine.finish(&raw, self.engine.calibration());
                Report::new(&item.id, name, &doc, &analysis, &self.notes_for(&raw))
            });
            Outcome { id: item.id, path: None, result }
        };
        let mut items = items.peekable();
        while items.peek().is_some() {
            let chunk: Vec<forewarn_ingest::Pending<'a>> = items.by_ref().take(BATCH_CHUNK).collect();
            if !each(chunk.into_par_iter().map(analyse).collect()) {
                return;
            }
        }
    }
}

/// Records of a JSONL batch analysed at once (in parallel); bounds the documents in memory.
const BATCH_CHUNK: usize = 64;

fn progress_bar(len: usize, wanted: bool) -> indicatif::ProgressBar {
    if !wanted || len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} works, {per_sec}, ETA {eta}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// What decides a report besides the input bytes: the engine's version, build and data, the
/// calibration in force, the settings, and the input-format flag.
fn fingerprint(calibration: &Calibration, engine: &Engine, args: &EngineArgs, semantic: &str) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    // The build itself: a rebuilt binary (new detector code) must not reuse old reports.
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        h.update(meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified() {
            h.update(format!("{modified:?}").as_bytes());
        }
    }
    for (name, text) in forewarn_core::data::LEXICONS.iter().chain(forewarn_core::data::SIGNALS) {
        h.update(name.as_bytes());
        h.update(text.as_bytes());
    }
    h.update(forewarn_core::data::TAXONOMY.as_bytes());
    h.update(serde_json::to_string(calibration).unwrap_or_default().as_bytes());
    h.update(serde_json::to_string(engine.policy()).unwrap_or_default().as_bytes());
    h.update(serde_json::to_string(engine.custom_labels()).unwrap_or_default().as_bytes());
    h.update(format!("{:?}", args.input_format).as_bytes());
    h.update(semantic.as_bytes());
    hex(&h.finalize()[..12])
}

fn content_key(bytes: &[u8], format: InputFormat) -> String {
    let mut h = Sha256::new();
    h.update(bytes);
    h.update(format!("{format:?}").as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Results on disk: `<cache>/forewarn/v1-<fingerprint>/<content hash>.json`. The folder is
/// `$FOREWARN_CACHE_DIR`, else the user cache folder (`$XDG_CACHE_HOME`, `~/.cache`). A
/// cache that cannot be read or written is skipped silently: it only saves time.
struct Cache {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct CachedOutcome {
    /// Record id for JSONL items; None for a single work (its id is its path).
    record: Option<String>,
    result: Result<Report, String>,
}

impl Cache {
    fn open(fingerprint: &str) -> Option<Self> {
        let dir = crate::cache_dir::cache_root()?.join(format!("v1-{fingerprint}"));
        std::fs::create_dir_all(&dir).ok()?;
        Some(Self { dir })
    }

    fn get(&self, key: &str, name: &str) -> Option<Vec<Outcome>> {
        let text = std::fs::read(self.dir.join(format!("{key}.json"))).ok()?;
        let cached: Vec<CachedOutcome> = serde_json::from_slice(&text).ok()?;
        Some(
            cached
                .into_iter()
                .map(|c| {
                    let id = c.record.unwrap_or_else(|| name.to_string());
                    let result = c.result.map(|mut r| {
                        r.id = id.clone();
                        r.source.path = name.to_string();
                        r
                    });
                    Outcome { id, path: None, result }
                })
                .collect(),
        )
    }

    fn put(&self, key: &str, name: &str, outcomes: &[Outcome]) {
        let cached: Vec<CachedOutcome> = outcomes
            .iter()
            .map(|o| CachedOutcome { record: (o.id != name).then(|| o.id.clone()), result: o.result.clone() })
            .collect();
        let Ok(json) = serde_json::to_vec(&cached) else { return };
        // Write to a temporary name and rename, so a reader never sees half a file.
        let tmp = self.dir.join(format!("{key}.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(&tmp, self.dir.join(format!("{key}.json")));
        }
    }
}
