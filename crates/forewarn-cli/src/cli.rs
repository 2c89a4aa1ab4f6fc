//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// forewarn: what a work of fiction contains, before you read it.
#[derive(Debug, Parser)]
#[command(name = "forewarn", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

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
    /// Measure ingestion, segmentation and engine throughput on a file.
    Bench(BenchArgs),
    /// Print every sentence's signals (for developing detectors).
    #[command(hide = true)]
    Signals(SignalsArgs),
}

#[derive(Debug, Args)]
pub struct SignalsArgs {
    /// The file to read.
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// A short, spoiler-free summary for people.
    Human,
    /// One JSON object (an array for several works).
    Json,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Txt,
    Md,
    Html,
    Epub,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; - reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,
    /// How to read the inputs (auto: by extension, then by content).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// Show the evidence sentences in human output.
    #[arg(long)]
    pub spoilers: bool,
    /// When to use colour (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelsFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct LabelsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = LabelsFormat::Human)]
    pub format: LabelsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled JSONL: the generic format or the passage format (see README).
    pub dataset: PathBuf,
    /// Cross-validate: refit the calibration on K-1 folds (grouped by work) and score the held-out fold.
    #[arg(long)]
    pub folds: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
    /// Start from the default (uncalibrated) parameters instead of the shipped calibration.
    #[arg(long)]
    pub uncalibrated: bool,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Labelled JSONL files to fit on.
    #[arg(required = true)]
    pub datasets: Vec<PathBuf>,
    /// Where to write the calibration JSON.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Input file(s); they are concatenated in memory.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Repeat the concatenation until it is at least this many MB.
    #[arg(long, default_value_t = 0)]
    pub min_mb: usize,
    /// Also run the full engine (not only ingestion and segmentation).
    #[arg(long)]
    pub engine: bool,
}
