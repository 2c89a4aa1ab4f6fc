//! `forewarn scan`: read every input, analyse each work, render reports.

use std::process::ExitCode;

use crate::cli::{ColorChoice, ScanArgs};
use crate::pipeline::Pipeline;
use crate::render;

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
    let pipeline = Pipeline::for_reader(&args.engine, None, &args.ask)?;
    let mut shown = pipeline.policy().clone();
    if args.all {
        shown.matter.clear();
    }
    let mut renderer = render::for_format(args.format, args.spoilers, &shown);
    let outcomes = pipeline.run(&args.paths, true)?;
    let failed = render::render_outcomes(&outcomes, renderer.as_mut(), |_| None)?;
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
