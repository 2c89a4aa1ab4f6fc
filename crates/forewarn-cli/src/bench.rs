//! `forewarn bench`: throughput of ingestion + segmentation, and of the whole engine, on
//! real files (a benchmark command, not a timed test).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use forewarn_core::Engine;
use forewarn_ingest::{InputFormat, Limits};

use crate::cli::BenchArgs;

/// Runs the benchmark.
pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let mut bytes = Vec::new();
    for f in &args.files {
        let mut b = std::fs::read(f).with_context(|| format!("{}: cannot read", f.display()))?;
        // Concatenated files keep only the first BOM.
        if !bytes.is_empty() && b.starts_with(&[0xEF, 0xBB, 0xBF]) {
            b.drain(..3);
        }
        bytes.extend_from_slice(&b);
        bytes.extend_from_slice(b"\n\n");
    }
    let unit = bytes.clone();
    while bytes.len() < args.min_mb * 1_000_000 {
        bytes.extend_from_slice(&unit);
    }
    let mb = bytes.len() as f64 / 1e6;
    let mut out = anstream::stdout().lock();
    let limits = Limits { max_input_bytes: u64::MAX, ..Limits::default() };
    let start = Instant::now();
    let items = forewarn_ingest::read_bytes("bench.txt", &bytes, InputFormat::Txt, &limits);
    let ingest = start.elapsed().as_secs_f64();
    let doc = match items.into_iter().next().map(|i| i.result) {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => anyhow::bail!("bench input: {e}"),
        None => anyhow::bail!("bench input produced no document"),
    };
    writeln!(
        out,
        "ingest+segment: {mb:.1} MB, {} sentences, {} chapters in {ingest:.3} s = {:.1} MB/s (single thread)",
        doc.sentences.len(),
        doc.chapters.len(),
        mb / ingest
    )?;
    if args.engine {
        let lexicons = forewarn_core::signals::Lexicons::shipped();
        let start = Instant::now();
        let hits = forewarn_core::signals::lexical_pass(&doc, &lexicons);
        let t = start.elapsed().as_secs_f64();
        writeln!(out, "lexical pass (tokenize, stem, match all lexicons): {t:.3} s = {:.1} MB/s; {hits} hits", mb / t)?;
        let engine = Engine::default();
        let start = Instant::now();
        let analysis = engine.analyze(&doc);
        let t = start.elapsed().as_secs_f64();
        writeln!(
            out,
            "engine: {t:.3} s = {:.1} MB/s; rating {}, {} warnings",
            mb / t,
            analysis.rating.as_str(),
            analysis.warnings().len()
        )?;
        writeln!(out, "ingest + engine: {:.3} s", ingest + t)?;
    }
    if let Some(rss) = peak_rss_kb() {
        writeln!(out, "peak RSS: {:.1} MB", rss as f64 / 1024.0)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Peak resident set size from /proc (Linux), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
