//! `forewarn scan`: read every input, analyse each work, render reports.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use forewarn_core::report::Report;
use forewarn_core::Engine;
use forewarn_ingest::{InputFormat, Limits};

use crate::cli::{ColorChoice, InputFormatArg, ScanArgs, ScanFormat};
use crate::human;
use crate::inputs::{expand, Input};

/// Notes added to every report about how it was analysed.
pub fn engine_notes() -> Vec<String> {
    vec!["engine: lexical and scene-reasoning detectors (v1); no sentence-embedding model is used yet".into()]
}

/// Maps the CLI's format flag to the ingest crate's.
pub fn input_format(arg: InputFormatArg) -> InputFormat {
    match arg {
        InputFormatArg::Auto => InputFormat::Auto,
        InputFormatArg::Txt => InputFormat::Txt,
        InputFormatArg::Md => InputFormat::Md,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Epub => InputFormat::Epub,
        InputFormatArg::Jsonl => InputFormat::Jsonl,
    }
}

/// Runs the scan command.
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    match args.color {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
    let (inputs, problems) = expand(&args.paths);
    let mut failed = !problems.is_empty();
    let mut stderr = anstream::stderr();
    for (name, message) in &problems {
        writeln!(stderr, "error: {name}: {message}")?;
    }
    let engine = Engine::default();
    let limits = Limits::default();
    let format = input_format(args.input_format);
    let notes = engine_notes();
    let progress = progress_bar(inputs.len());
    let mut reports: Vec<Report> = Vec::new();
    let mut out = anstream::stdout().lock();
    for input in &inputs {
        let name = input.display();
        progress.set_message(name.clone());
        let items = match input {
            Input::File(path) => forewarn_ingest::read_path(path, format, &limits),
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin().lock().read_to_end(&mut bytes).context("reading standard input")?;
                forewarn_ingest::read_bytes("-", &bytes, format, &limits)
            }
        };
        for item in items {
            match item.result {
                Err(e) => {
                    failed = true;
                    progress.suspend(|| writeln!(stderr, "error: {}: {e}", item.id))?;
                }
                Ok(doc) => {
                    let analysis = engine.analyze(&doc);
                    let report = Report::new(&item.id, &name, &doc, &analysis, &notes);
                    if !report.errors.is_empty() {
                        failed = true;
                        for e in &report.errors {
                            progress.suspend(|| writeln!(stderr, "error: {}: {e}", item.id))?;
                        }
                    }
                    match args.format {
                        ScanFormat::Jsonl => {
                            serde_json::to_writer(&mut out, &report)?;
                            writeln!(out)?;
                        }
                        ScanFormat::Json => reports.push(report),
                        ScanFormat::Human => {
                            progress.suspend(|| human::write_report(&mut out, &report, args.spoilers))?
                        }
                    }
                }
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if args.format == ScanFormat::Json {
        if reports.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &reports[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &reports)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} works, ETA {eta} {wide_msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
