//! JSON output. `json` is always one pretty-printed array with an entry per input, whatever
//! the number of inputs; `jsonl` writes the same entries one per line, as each is ready.
//!
//! An entry is a work (a scan's report; for a check, `{"report": ..., "check": ...}`) or an
//! input that could not be read: `{"schema_version": 1, "id": ..., "error": ...}`, so that
//! what failed is in the output and not only on stderr. The HTTP API answers one work
//! ([`object`]): its entry alone, not in an array.

use std::io::{self, Write};

use serde::Serialize;

use super::{Renderer, Work};

/// An input that could not be read, as an entry of the output.
#[derive(Debug, Serialize)]
struct Failure<'a> {
    schema_version: u32,
    /// The path, `-`, or the JSONL record (`batch.jsonl:3`), as on the `error:` line.
    id: &'a str,
    /// Why it could not be read.
    error: &'a str,
}

fn failure_value(id: &str, message: &str) -> io::Result<serde_json::Value> {
    let failure = Failure { schema_version: forewarn_core::report::SCHEMA_VERSION, id, error: message };
    serde_json::to_value(failure).map_err(io::Error::other)
}

/// `json`: an array of entries, written at the end.
#[derive(Debug, Default)]
pub struct Json {
    buffered: Vec<serde_json::Value>,
}

impl Renderer for Json {
    fn work(&mut self, _out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        self.buffered.push(work_value(work)?);
        Ok(())
    }

    fn failure(&mut self, _out: &mut dyn Write, id: &str, message: &str) -> io::Result<()> {
        self.buffered.push(failure_value(id, message)?);
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.buffered)?;
        writeln!(out)
    }
}

/// `jsonl`: one entry per line, written as each input finishes.
#[derive(Debug, Default)]
pub struct Jsonl;

impl Renderer for Jsonl {
    fn work(&mut self, out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &work_value(work)?)?;
        writeln!(out)
    }

    fn failure(&mut self, out: &mut dyn Write, id: &str, message: &str) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &failure_value(id, message)?)?;
        writeln!(out)
    }
}

/// One work's entry as a pretty-printed JSON object with a final newline: the answer of the
/// HTTP API, which takes one work per request.
pub fn object(work: &Work<'_>) -> io::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(&work_value(work)?)?;
    out.push(b'\n');
    Ok(out)
}

/// A scan is its report; a check is `{"report": ..., "check": ...}`.
fn work_value(work: &Work<'_>) -> io::Result<serde_json::Value> {
    let value = match work.check {
        None => serde_json::to_value(work.report),
        Some(check) => serde_json::to_value(serde_json::json!({ "report": work.report, "check": check })),
    };
    value.map_err(io::Error::other)
}
