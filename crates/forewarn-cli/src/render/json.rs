//! JSON output: `json` (pretty-printed) and `jsonl` (one object per line). A scan's work is
//! its report; a check's is `{"report": ..., "check": ...}`.

use std::io::{self, Write};

use super::{Renderer, Work};

/// `json`: one object for one work, an array for several.
#[derive(Debug, Default)]
pub struct Json {
    buffered: Vec<serde_json::Value>,
}

impl Renderer for Json {
    fn work(&mut self, _out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        self.buffered.push(work_value(work)?);
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.buffered.len() == 1 {
            serde_json::to_writer_pretty(&mut *out, &self.buffered[0])?;
        } else {
            serde_json::to_writer_pretty(&mut *out, &self.buffered)?;
        }
        writeln!(out)
    }
}

/// `jsonl`: one object per line, written as each work finishes.
#[derive(Debug, Default)]
pub struct Jsonl;

impl Renderer for Jsonl {
    fn work(&mut self, out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        serde_json::to_writer(&mut *out, &work_value(work)?)?;
        writeln!(out)
    }
}

/// A scan is its report; a check is `{"report": ..., "check": ...}`.
fn work_value(work: &Work<'_>) -> io::Result<serde_json::Value> {
    let value = match work.check {
        None => serde_json::to_value(work.report),
        Some(check) => serde_json::to_value(serde_json::json!({ "report": work.report, "check": check })),
    };
    value.map_err(io::Error::other)
}
