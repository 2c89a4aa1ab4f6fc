//! `forewarn check`: declared tags against detected content.

use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &crate::cli::CheckArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("forewarn check is being written in this change")
}
