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
            "engine (lexical only): {t:.3} s = {:.1} MB/s; rating {}, {} warnings",
            mb / t,
            analysis.rating.as_str(),
            analysis.warnings().len()
        )?;
        writeln!(out, "ingest + engine (lexical only): {:.3} s", ingest + t)?;
        semantic(&mut out, args, &doc, ingest)?;
    }
    if let Some(rss) = peak_rss_kb() {
        writeln!(out, "peak RSS: {:.1} MB", rss as f64 / 1024.0)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The engine with the sentence model's cascade, and optionally with every passage embedded.
fn semantic(out: &mut impl Write, args: &BenchArgs, doc: &forewarn_core::Document, ingest: f64) -> anyhow::Result<()> {
    let model = match crate::model::resolve(args.model.model_dir.as_deref(), args.model.no_model) {
        crate::model::ModelState::Ready(model) => model,
        crate::model::ModelState::Unavailable(reason) => {
            writeln!(out, "sentence model: not used ({reason})")?;
            return Ok(());
        }
    };
    let start = Instant::now();
    model.load().map_err(|e| anyhow::anyhow!("loading the sentence model: {e}"))?;
    let load = start.elapsed().as_secs_f64();
    let mut engine = Engine::default();
    engine.set_semantic(std::sync::Arc::new(*model), forewarn_core::semantic::Heads::shipped());
    engine.set_budget(args.model.semantic_budget.unwrap_or(forewarn_core::semantic::BUDGET));
    let start = Instant::now();
    let raw = engine.raw(doc);
    let cascade = engine.finish(&raw, engine.calibration());
    let t = start.elapsed().as_secs_f64();
    let windows = raw.semantic.as_ref().map_or(0, |s| s.windows.len());
    let embedded = raw.semantic.as_ref().map_or(0, |s| s.embedded().count());
    writeln!(out, "sentence model load: {load:.3} s")?;
    writeln!(
        out,
        "engine + semantic cascade: {t:.3} s ({embedded} of {windows} passages embedded); rating {}, {} warnings",
        cascade.rating.as_str(),
        cascade.warnings().len()
    )?;
    writeln!(out, "full scan (ingest + model load + engine + cascade): {:.3} s", ingest + load + t)?;
    if args.embed_all {
        engine.set_budget(usize::MAX);
        let start = Instant::now();
        let all = engine.analyze(doc);
        let t_all = start.elapsed().as_secs_f64();
        let flagged = |a: &forewarn_core::Analysis| -> Vec<usize> { a.warnings().iter().map(|l| l.label).collect() };
        let (c, e) = (flagged(&cascade), flagged(&all));
        let both = c.iter().filter(|l| e.contains(l)).count();
        writeln!(
            out,
            "engine + every passage embedded: {t_all:.3} s; cascade is {:.1}x faster; warnings: cascade {}, embed-all {}, in both {both}",
            t_all / t,
            c.len(),
            e.len()
        )?;
        let taxonomy = forewarn_core::taxonomy();
        let names = |only: Vec<&usize>| -> Vec<&str> {
            only.into_iter().filter_map(|&l| taxonomy.labels.get(l).map(|d| d.id.as_str())).collect()
        };
        writeln!(
            out,
            "  only with the cascade: {:?}; only with every passage embedded: {:?}",
            names(c.iter().filter(|l| !e.contains(l)).collect()),
            names(e.iter().filter(|l| !c.contains(l)).collect())
        )?;
    }
    Ok(())
}

/// Peak resident set size from /proc (Linux), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
