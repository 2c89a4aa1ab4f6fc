//! The `forewarn` command: a thin front-end over `forewarn-ingest` and `forewarn-core`.
//!
//! Exit codes: 0 success; 2 an input or the command failed (bad files are reported and the
//! rest of a batch is still scanned). A closed output pipe is a clean exit.

mod bench;
mod cli;
mod evaluate;
mod human;
mod inputs;
mod scan;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let result = match args.command {
        cli::Command::Scan(a) => scan::run(&a),
        cli::Command::Labels(a) => labels(&a),
        cli::Command::Eval(a) => evaluate::eval(&a),
        cli::Command::Calibrate(a) => evaluate::calibrate(&a),
        cli::Command::Bench(a) => bench::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(anstream::stderr(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a closed output pipe (`forewarn scan x | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn labels(args: &cli::LabelsArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = forewarn_core::taxonomy();
    let mut out = anstream::stdout().lock();
    match args.format {
        cli::LabelsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, taxonomy)?;
            writeln!(out)?;
        }
        cli::LabelsFormat::Human => {
            let bold = anstyle::Style::new().bold();
            writeln!(out, "{bold}Ratings{bold:#}")?;
            for r in &taxonomy.ratings {
                writeln!(out, "  {:<10} {} — {}", r.id, r.name, r.definition)?;
            }
            for (kind, title) in [(forewarn_core::LabelKind::Archive, "Archive warnings (AO3)"), (forewarn_core::LabelKind::Content, "Content warnings")] {
                writeln!(out, "\n{bold}{title}{bold:#}")?;
                for l in taxonomy.labels.iter().filter(|l| l.kind == kind) {
                    writeln!(out, "  {:<22} {} — {}", l.id, l.name, l.definition)?;
                }
            }
            writeln!(out, "\n{bold}Severity{bold:#}")?;
            for (k, v) in &taxonomy.severity_scale {
                writeln!(out, "  {k:<10} {v}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
