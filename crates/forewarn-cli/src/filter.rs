//! `forewarn filter`: the works of a library that pass a reader's filter.

use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &crate::cli::FilterArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("forewarn filter is being written in this change")
}
