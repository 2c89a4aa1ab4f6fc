//! `forewarn tag`: detected warnings written into an EPUB's metadata.

use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &crate::cli::TagArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("forewarn tag is being written in this change")
}
