//! `forewarn check`: declared tags against detected content, a linter for writers.
//!
//! The declared tags come from `--declared` (source `flag`), else from inside the work (an
//! AO3 preface, EPUB `dc:subject`s, calibre metadata: source `work`), else nothing (`none`).
//! Exit codes, like a linter's: 0 no errors (warnings and hints are printed); 1 an error
//! finding, or a warning (hint) under `--deny warnings` (`--deny hints`); 2 an input or the
//! declaration could not be read, or the command failed.

use std::process::ExitCode;

use anyhow::Context;
use forewarn_core::check::{check, parse_declaration};
use forewarn_core::Declared;

use crate::pipeline::Pipeline;
use crate::render;

/// Runs the command.
pub fn run(args: &crate::cli::CheckArgs) -> anyhow::Result<ExitCode> {
    crate::scan::set_color(args.color);
    let flag = match &args.declared {
        Some(text) => Some(parse_declaration(text).map_err(anyhow::Error::msg).context("--declared")?),
        None => None,
    };
    if let Some(m) = args.min_confidence {
        anyhow::ensure!((0.0..=1.0).contains(&m), "--min-confidence must be between 0 and 1, got {m}");
    }
    let pipeline = Pipeline::with_min_confidence(&args.engine, args.min_confidence)?;
    // A check is for writers of their own work, so evidence is always shown and every
    // label counts (the reader's `labels.matter` does not apply).
    let mut renderer = render::for_format(args.format, true, &forewarn_core::Policy::default());
    let outcomes = pipeline.run(&args.paths, true)?;
    let mut missing = false;
    let failed = render::render_outcomes(&outcomes, renderer.as_mut(), |report| {
        let in_work = report.source.declared.as_ref().filter(|d| !d.is_empty());
        let (declared, source) = match (&flag, in_work) {
            (Some(d), _) => (d.clone(), "flag"),
            (None, Some(d)) => (d.clone(), "work"),
            (None, None) => (Declared::default(), "none"),
        };
        let fail_at = args.deny.map_or(forewarn_core::check::Level::Error, crate::cli::Deny::level);
        let result = check(report, &declared, source, args.min_confidence, fail_at);
        missing |= result.missing;
        Some(result)
    })?;
    Ok(if failed {
        ExitCode::from(2)
    } else if missing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
