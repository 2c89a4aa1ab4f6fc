//! `forewarn scan`: read every input, analyse each work, render reports.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{ColorChoice, ScanArgs};
use crate::pipeline::Pipeline;
use crate::render::{self, Work};

/// Applies `--color`.
pub fn set_color(choice: ColorChoice) {
    match choice {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
}

/// Runs the scan command.
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    set_color(args.color);
    let pipeline = Pipeline::new(&args.engine)?;
    let mut renderer = render::for_format(args.format, args.spoilers, &pipeline.config.labels.matter);
    let outcomes = pipeline.run(&args.paths, true)?;
    let mut out = anstream::stdout().lock();
    let mut stderr = anstream::stderr();
    let mut failed = false;
    renderer.begin(&mut out)?;
    for outcome in &outcomes {
        match &outcome.result {
            Err(message) => {
                failed = true;
                writeln!(stderr, "error: {}: {message}", outcome.id)?;
                renderer.failure(&mut out, &outcome.id, message)?;
            }
            Ok(report) => {
                for e in &report.errors {
                    failed = true;
                    writeln!(stderr, "error: {}: {e}", outcome.id)?;
                }
                renderer.work(&mut out, &Work { report, check: None })?;
            }
        }
    }
    renderer.end(&mut out)?;
    out.flush()?;
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
