//! `forewarn eval` and `forewarn calibrate`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_core::{Calibration, Engine};
use forewarn_learn::eval::{self, Case, EvalReport, Gold, Table};

use forewarn_core::semantic::Heads;
use forewarn_learn::train::{self, Exemplar};

use crate::cli::{CalibrateArgs, EvalArgs, EvalFormat, TrainArgs};
use crate::model::{self, ModelState};

fn load(path: &std::path::Path) -> anyhow::Result<Vec<Case>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    eval::parse_cases(&text).with_context(|| format!("{}", path.display()))
}

/// Runs `forewarn eval`.
pub fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let cases = load(&args.dataset)?;
    let mut engine = if args.uncalibrated { Engine::new(Calibration::default()) } else { Engine::default() };
    let mut exemplars = Vec::new();
    match model::resolve(args.model.model_dir.as_deref(), args.model.no_model) {
        ModelState::Ready(m) => {
            let m = m.with_memo();
            engine.set_semantic(std::sync::Arc::new(*m), Heads::shipped());
            if args.folds.is_some() {
                exemplars = analyse_exemplars(&engine);
            }
            eprintln!("sentence model: {}", model::MODEL_ID);
        }
        ModelState::Unavailable(reason) => eprintln!("lexical engine only: {reason}"),
    }
    let report = eval::evaluate(&engine, &cases, args.folds, &exemplars);
    let mut out = anstream::stdout().lock();
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Table => write_tables(&mut out, &args.dataset.display().to_string(), &report)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_tables(out: &mut impl Write, name: &str, report: &EvalReport) -> std::io::Result<()> {
    let how = match report.folds {
        Some(k) => format!("{k}-fold cross-validation by work (calibration refitted on each training part)"),
        None => "shipped calibration, no refitting".into(),
    };
    writeln!(out, "{name}: {} cases; {how}\n", report.cases)?;
    write_table(out, &report.majority)?;
    if let Some(any) = &report.any {
        writeln!(out)?;
        write_table(out, any)?;
    }
    if let Some((exact, total)) = report.rating_exact {
        writeln!(out, "\nrating exact: {exact}/{total} = {:.3}", exact as f64 / total as f64)?;
        for (expected, row) in &report.rating_confusion {
            let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p}={n}")).collect();
            writeln!(out, "  expected {expected:<9} -> {}", cells.join(" "))?;
        }
    }
    Ok(())
}

fn write_table(out: &mut impl Write, table: &Table) -> std::io::Result<()> {
    let gold = match table.gold {
        Gold::Majority => "labels: present/absent (majority vote for passages)",
        Gold::Any => "labels: any-vote (positive if any annotator said yes)",
    };
    writeln!(out, "{gold}")?;
    writeln!(
        out,
        "{:<24} {:>4} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>6}",
        "label", "tp", "fp", "fn", "tn", "prec", "recall", "f1", "acc"
    )?;
    for m in table.labels.iter().chain([&table.archive, &table.micro]) {
        if m.tp + m.fp + m.fn_ + m.tn == 0 {
            continue;
        }
        writeln!(
            out,
            "{:<24} {:>4} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
            m.label, m.tp, m.fp, m.fn_, m.tn, m.precision, m.recall, m.f1, m.accuracy
        )?;
    }
    writeln!(
        out,
        "macro F1 {:.3} (labels with positives), macro accuracy {:.3}, false alarms on absent labels {:.3}",
        table.macro_f1, table.macro_accuracy, table.false_alarm_rate
    )
}

/// Runs every exemplar of the shipped banks through the engine (with its vectors).
fn analyse_exemplars(engine: &Engine) -> Vec<Exemplar> {
    train::exemplar_texts()
        .into_iter()
        .enumerate()
        .map(|(n, (label, positive, text))| {
            let case = Case {
                id: format!("exemplar{n}"),
                group: format!("exemplar{n}"),
                text: text.to_string(),
                present: Vec::new(),
                absent: Vec::new(),
                any_present: None,
                rating: None,
            };
            Exemplar { label, positive, raw: engine.raw(&eval::case_document(&case)) }
        })
        .collect()
}

/// Runs `forewarn train`.
pub fn train(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    let mut cases = Vec::new();
    for path in &args.datasets {
        cases.extend(load(path)?);
    }
    let m = match model::resolve(args.model_dir.as_deref(), false) {
        ModelState::Ready(m) => m,
        ModelState::Unavailable(reason) => anyhow::bail!("training needs the sentence model: {reason}"),
    };
    let m = m.with_memo();
    let mut engine = Engine::default();
    engine.set_semantic(std::sync::Arc::new(*m), Heads::default());
    let started = std::time::Instant::now();
    let exemplars = if args.no_exemplars { Vec::new() } else { analyse_exemplars(&engine) };
    let raws: Vec<_> = cases.iter().map(|c| engine.raw(&eval::case_document(c))).collect();
    let case_refs: Vec<&Case> = cases.iter().collect();
    let raw_refs: Vec<_> = raws.iter().collect();
    let names: Vec<String> = args.datasets.iter().map(|p| p.display().to_string()).collect();
    let provenance = format!(
        "forewarn train {} ({} cases, {} exemplars; targets any-vote where given, thresholds maximise F1 on {} inner folds)",
        names.join(" "),
        cases.len(),
        exemplars.len(),
        train::THRESHOLD_FOLDS
    );
    let heads = train::train_heads(&case_refs, &raw_refs, &exemplars, Gold::Majority, train::Scope::All, &provenance);
    let json = serde_json::to_string(&heads)? + "\n";
    let tmp = args.output.with_extension("json.tmp");
    std::fs::write(&tmp, json).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, &args.output).with_context(|| format!("{}: cannot write", args.output.display()))?;
    let mut err = anstream::stderr();
    writeln!(
        err,
        "trained {} heads ({} cheap) on {} cases and {} exemplars in {:.1} s -> {}",
        heads.window.len(),
        heads.cheap.len(),
        cases.len(),
        exemplars.len(),
        started.elapsed().as_secs_f64(),
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `forewarn calibrate`.
pub fn calibrate(args: &CalibrateArgs) -> anyhow::Result<ExitCode> {
    let mut cases = Vec::new();
    for path in &args.datasets {
        cases.extend(load(path)?);
    }
    let engine = Engine::new(Calibration::default());
    let raws: Vec<_> = cases.iter().map(|c| engine.raw(&eval::case_document(c))).collect();
    let case_refs: Vec<&Case> = cases.iter().collect();
    let raw_refs: Vec<_> = raws.iter().collect();
    let base = Calibration { version: 1, provenance: String::new(), labels: Default::default() };
    let mut cal = eval::fit_calibration(&case_refs, &raw_refs, Gold::Majority, &base);
    let names: Vec<String> = args.datasets.iter().map(|p| p.display().to_string()).collect();
    cal.provenance =
        format!("forewarn calibrate {} ({} cases; labels not listed use defaults)", names.join(" "), cases.len());
    let json = serde_json::to_string_pretty(&cal)? + "\n";
    // Write atomically: a temporary file beside the target, then rename.
    let tmp = args.output.with_extension("json.tmp");
    std::fs::write(&tmp, json).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, &args.output).with_context(|| format!("{}: cannot write", args.output.display()))?;
    let mut err = anstream::stderr();
    writeln!(err, "fitted {} labels on {} cases -> {}", cal.labels.len(), cases.len(), args.output.display())?;
    Ok(ExitCode::SUCCESS)
}
