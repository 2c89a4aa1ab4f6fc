//! Renderers: one trait, one implementation per output format (human, json, jsonl, csv,
//! sarif, html). Analysis is done before rendering; a renderer only writes.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

pub use json::{Json, Jsonl};

use std::io::{self, Write};

use forewarn_core::check::CheckOutcome;
use forewarn_core::report::Report;
use forewarn_core::Policy;

use crate::escape::for_terminal;

/// The renderer for an output format. The policy's labels that matter limit human output
/// to what a reader said matters to them.
pub fn for_format(format: crate::cli::ScanFormat, spoilers: bool, policy: &Policy) -> Box<dyn Renderer> {
    use crate::cli::ScanFormat as F;
    match format {
        F::Human => Box::new(human::Human { spoilers, policy: policy.clone() }),
        F::Json => Box::new(Json::default()),
        F::Jsonl => Box::new(Jsonl),
        F::Csv => Box::new(csv::Csv),
        F::Sarif => Box::new(sarif::Sarif::default()),
        F::Html => Box::new(html::Html::default()),
    }
}

/// Renders scan outcomes to stdout, naming each unreadable input on stderr as `error: ID:
/// reason` (and each problem read past as `warning: ID: reason`), control characters escaped ([`error_line`]). `check` turns a report into the check outcome
/// to render with it (None for a plain scan). Returns whether any input failed.
pub fn render_outcomes(
    outcomes: &[crate::pipeline::Outcome],
    renderer: &mut dyn Renderer,
    mut check: impl FnMut(&Report) -> Option<CheckOutcome>,
) -> anyhow::Result<bool> {
    let mut out = anstream::stdout().lock();
    let mut stderr = anstream::stderr();
    let mut failed = false;
    renderer.begin(&mut out)?;
    for outcome in outcomes {
        match &outcome.result {
            Err(message) => {
                failed = true;
                writeln!(stderr, "{}", error_line(&outcome.id, message))?;
                renderer.failure(&mut out, &outcome.id, message)?;
            }
            Ok(report) => {
                // The work was read, and its report is printed: what was recovered from (a
                // missing container.xml, a malformed chapter read leniently) is a warning,
                // and the exit code says success.
                for e in &report.errors {
                    writeln!(stderr, "{}", warning_line(&outcome.id, e))?;
                }
                let checked = check(report);
                renderer.work(&mut out, &Work { report, check: checked.as_ref() })?;
            }
        }
    }
    renderer.end(&mut out)?;
    out.flush()?;
    Ok(failed)
}

/// `error: ID: reason` for stderr, one line whatever the id (a path, a JSONL record's id)
/// and the reason (which may quote a file's contents) contain.
pub fn error_line(id: &str, reason: &str) -> String {
    format!("error: {}: {}", for_terminal(id), for_terminal(reason))
}

/// `warning: ID: reason` for stderr, one line as [`error_line`] is.
pub fn warning_line(id: &str, reason: &str) -> String {
    format!("warning: {}: {}", for_terminal(id), for_terminal(reason))
}

/// One work to render: its report and, for `forewarn check`, the comparison with its
/// declared tags.
#[derive(Debug, Clone, Copy)]
pub struct Work<'a> {
    /// The scan report.
    pub report: &'a Report,
    /// The check outcome, if this is a check.
    pub check: Option<&'a CheckOutcome>,
}

/// Writes works in one output format.
pub trait Renderer {
    /// Before the first work (a CSV header, a JSON array's opening).
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// One work.
    fn work(&mut self, out: &mut dyn Write, work: &Work<'_>) -> io::Result<()>;
    /// An input that could not be read (human output leaves this to stderr).
    fn failure(&mut self, _out: &mut dyn Write, _id: &str, _message: &str) -> io::Result<()> {
        Ok(())
    }
    /// After the last work.
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Whether where a warning happens gives the plot away (who dies, and when): its place is
/// shown only on request (`--spoilers`, a click on the page). Other labels keep their place,
/// which readers use to skip a scene.
pub fn place_is_spoiler(w: &forewarn_core::report::Warning) -> bool {
    w.id == "major-character-death"
}

pub use forewarn_core::report::percent;

/// "1 chapter", "34 chapters", "68,649 words".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Digits grouped by thousands with commas.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
