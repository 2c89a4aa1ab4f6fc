//! The `forewarn` command: a thin front-end over `forewarn-ingest` and `forewarn-core`.
//!
//! Exit codes: 0 success; 2 an input or the command failed (bad files are reported and the
//! rest of a batch is still scanned). A closed output pipe is a clean exit.

mod bench;
mod check;
mod escape;
mod evaluate;
mod filter;
mod render;
mod scan;
mod serve;
mod tag;

// Shared with the other front-ends (the Python package) through the library.
use forewarn_cli::{cli, model, pipeline};

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // The developers' `signals` command is parsed apart, so users never meet it.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let result = if argv.get(1).is_some_and(|a| a == "signals") {
        let args =
            cli::SignalsArgs::parse_from(std::iter::once("forewarn signals".into()).chain(argv.into_iter().skip(2)));
        signals(&args)
    } else {
        run(cli::Cli::parse())
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // The message may name a path or quote a file's contents.
            let _ = writeln!(anstream::stderr(), "error: {}", escape::for_terminal(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(args: cli::Cli) -> anyhow::Result<ExitCode> {
    match args.command {
        cli::Command::Scan(a) => scan::run(&a),
        cli::Command::Labels(a) => labels(&a),
        cli::Command::Eval(a) => evaluate::eval(&a),
        cli::Command::Calibrate(a) => evaluate::calibrate(&a),
        cli::Command::Check(a) => check::run(&a),
        cli::Command::Filter(a) => filter::run(&a),
        cli::Command::Tag(a) => tag::run(&a),
        cli::Command::Bench(a) => bench::run(&a),
        cli::Command::Serve(a) => serve::run(a),
        cli::Command::Train(a) => evaluate::train(&a),
        cli::Command::Model(a) => model::run(&a),
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
            for (kind, title) in [
                (forewarn_core::LabelKind::Archive, "Archive warnings (AO3)"),
                (forewarn_core::LabelKind::Content, "Content warnings"),
            ] {
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

/// Prints the signals of every sentence that has any.
fn signals(args: &cli::SignalsArgs) -> anyhow::Result<ExitCode> {
    let items =
        forewarn_ingest::read_path(&args.path, forewarn_ingest::InputFormat::Auto, &forewarn_ingest::Limits::default());
    let lexicons = forewarn_core::signals::Lexicons::shipped();
    let taxonomy = forewarn_core::taxonomy();
    let mut out = anstream::stdout().lock();
    for item in items {
        let doc = item.result.map_err(|e| anyhow::anyhow!("{}: {e}", item.id))?;
        let (sigs, cast) = forewarn_core::signals::analyze_sentences(&doc, &lexicons);
        let names: Vec<String> = cast.names.iter().zip(&cast.counts).map(|(n, c)| format!("{n}:{c}")).collect();
        writeln!(out, "names: {}", names.join(" "))?;
        for (sentence, s) in doc.sentences.iter().zip(&sigs) {
            let cues: Vec<String> = s
                .cues
                .iter()
                .map(|c| {
                    format!(
                        "{}={:.1}({})",
                        taxonomy.labels.get(c.label).map_or("?", |l| l.id.as_str()),
                        c.weight,
                        c.phrase
                    )
                })
                .collect();
            writeln!(out, "{:?}", doc.slice(sentence.range))?;
            writeln!(
                out,
                "   cues [{}] refusal {} consent {} honour {} cont {} force {} incap {} sexual {} back {} hyp {} game {} frame {} rev {} gore {} minor {} adult {} death {:.1} chars {:?}",
                cues.join(" "), s.refusal, s.consent, s.honour, s.continuation, s.force, s.incapacitation, s.sexual, s.backstory,
                s.hypothetical, s.game, s.frame, s.reversal, s.gore, s.minor, s.adult, s.death_event, s.characters
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
