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
    let works = args.dataset.is_dir();
    let cases = if works { load_scenes(&args.dataset)? } else { load(&args.dataset)? };
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
    if let Some(path) = &args.mistakes {
        write_mistakes(path, &report)?;
    }
    let novels = if works { Some(score_novels(&engine, &args.dataset, &args.novels, args.folds)?) } else { None };
    let mut out = anstream::stdout().lock();
    match args.format {
        EvalFormat::Json => {
            let json = match &novels {
                Some(novels) => serde_json::json!({ "novels": novels, "scenes": report }),
                None => serde_json::to_value(&report)?,
            };
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        EvalFormat::Table => {
            if let Some(novels) = &novels {
                write_works(&mut out, novels, args.folds)?;
                writeln!(out)?;
            }
            let name = args.dataset.display().to_string();
            let name = if works { format!("{name} scenes") } else { name };
            write_tables(&mut out, &name, &report)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the cases with wrong decisions as JSON lines (atomically: a file the user names).
fn write_mistakes(path: &std::path::Path, report: &EvalReport) -> anyhow::Result<()> {
    let mut lines = Vec::new();
    for case in &report.mistakes {
        serde_json::to_writer(&mut lines, case)?;
        lines.push(b'\n');
    }
    forewarn_tag::write_atomic(path, &lines).with_context(|| format!("{}: cannot write", path.display()))
}

/// The files of a folder with an extension, sorted.
fn files_in(dir: &std::path::Path, extension: &str) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The works suite's scenes: every `scenes/*.jsonl` under the folder.
fn load_scenes(dir: &std::path::Path) -> anyhow::Result<Vec<Case>> {
    let mut cases = Vec::new();
    for path in files_in(&dir.join("scenes"), "jsonl")? {
        cases.extend(load(&path)?);
    }
    Ok(cases)
}

/// One annotated novel, read and analysed once.
struct Novel {
    annotation: forewarn_learn::works::WorkAnnotation,
    /// Its path, as reports name it.
    name: String,
    /// Its text, for finding the annotated quotes.
    text: String,
    doc: forewarn_core::Document,
    raw: forewarn_core::RawAnalysis,
}

impl Novel {
    fn report(&self, engine: &Engine, calibration: &Calibration) -> forewarn_core::report::Report {
        let analysis = engine.finish(&self.raw, calibration);
        forewarn_core::report::Report::new(&self.annotation.work, &self.name, &self.doc, &analysis, &[])
    }
}

/// Reads and analyses (in parallel) every novel annotated under `dir/novels`, from `novels`.
fn read_novels(engine: &Engine, dir: &std::path::Path, novels: &std::path::Path) -> anyhow::Result<Vec<Novel>> {
    use rayon::prelude::*;
    let mut annotations = Vec::new();
    for path in &files_in(&dir.join("novels"), "json")? {
        let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
        let annotation: forewarn_learn::works::WorkAnnotation =
            serde_json::from_str(&text).with_context(|| format!("{}: invalid annotation", path.display()))?;
        annotations.push(annotation);
    }
    let limits = forewarn_ingest::Limits::default();
    annotations
        .into_par_iter()
        .map(|annotation| {
            let path = novels.join(format!("{}.txt", annotation.work));
            let bytes = forewarn_ingest::read_file(&path, &limits).map_err(|e| anyhow::anyhow!("{e}"))?;
            let name = path.display().to_string();
            let item = forewarn_ingest::read_bytes(&name, &bytes, forewarn_ingest::InputFormat::Auto, &limits)
                .into_iter()
                .next()
                .ok_or_else(|| anyhow::anyhow!("{name}: nothing to read"))?;
            let doc = item.result.map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            let raw = engine.raw(&doc);
            Ok(Novel { annotation, name, text: String::from_utf8_lossy(&bytes).into_owned(), doc, raw })
        })
        .collect()
}

/// Each novel's report under `calibration` without its bars, and what the bars are fitted on:
/// its scenes that would each be a warning read alone, its static readings and its scene
/// weights; from them, the bars fitted on the novels a fold picks (with that calibration's
/// curves).
struct Unbarred {
    calibration: Calibration,
    reports: Vec<forewarn_core::report::Report>,
    scenes: Vec<std::collections::BTreeMap<String, usize>>,
    readings: Vec<std::collections::BTreeMap<String, f32>>,
    weights: Vec<std::collections::BTreeMap<String, f32>>,
}

impl Unbarred {
    fn of(engine: &Engine, novels: &[Novel], calibration: &Calibration) -> Self {
        use rayon::prelude::*;
        let calibration = calibration.without_bars();
        let reports = novels.par_iter().map(|n| n.report(engine, &calibration)).collect();
        let scenes = novels.iter().map(|n| n.raw.warned_scenes(&calibration)).collect();
        let readings = novels.iter().map(|n| n.raw.static_readings()).collect();
        let weights = novels.iter().map(|n| n.raw.scene_weights()).collect();
        Self { calibration, reports, scenes, readings, weights }
    }

    /// The calibration with long-work bars fitted on the novels `fitted_on` picks, then scene
    /// bars fitted on the same novels' reports under those long-work bars, then reading bars
    /// and weight bars, each under the bars before it.
    fn bars(&self, engine: &Engine, novels: &[Novel], fitted_on: impl Fn(usize) -> bool) -> Calibration {
        use rayon::prelude::*;
        let chosen: Vec<usize> = (0..novels.len()).filter(|&i| fitted_on(i)).collect();
        let annotations: Vec<_> = chosen.iter().map(|&i| &novels[i].annotation).collect();
        let reports: Vec<_> = chosen.iter().map(|&i| &self.reports[i]).collect();
        let long_bars = forewarn_learn::works::fit_long_bars(&annotations, &reports, &self.calibration);
        let barred = Calibration { long_bars, ..self.calibration.clone() };
        let reports: Vec<_> = chosen.par_iter().map(|&i| novels[i].report(engine, &barred)).collect();
        let reports: Vec<_> = reports.iter().collect();
        let scenes: Vec<_> = chosen.iter().map(|&i| &self.scenes[i]).collect();
        let scene_bars = forewarn_learn::works::fit_scene_bars(&annotations, &reports, &scenes);
        let barred = Calibration { scene_bars, ..barred };
        let reports: Vec<_> = chosen.par_iter().map(|&i| novels[i].report(engine, &barred)).collect();
        let reports: Vec<_> = reports.iter().collect();
        let readings: Vec<_> = chosen.iter().map(|&i| &self.readings[i]).collect();
        let reading_bars = forewarn_learn::works::fit_reading_bars(&annotations, &reports, &readings);
        let barred = Calibration { reading_bars, ..barred };
        let reports: Vec<_> = chosen.par_iter().map(|&i| novels[i].report(engine, &barred)).collect();
        let reports: Vec<_> = reports.iter().collect();
        let weights: Vec<_> = chosen.iter().map(|&i| &self.weights[i]).collect();
        let weight_bars = forewarn_learn::works::fit_weight_bars(&annotations, &reports, &weights);
        Calibration { weight_bars, ..barred }
    }
}

/// Scans every annotated novel and scores the reports against the annotations. With `folds`,
/// the long-work, scene, reading and weight bars (the things fitted on these novels) are
/// refitted on the other folds' novels (by work) before each novel is scored; without, the
/// shipped ones are used.
fn score_novels(
    engine: &Engine,
    dir: &std::path::Path,
    novels: &std::path::Path,
    folds: Option<usize>,
) -> anyhow::Result<forewarn_learn::works::WorksReport> {
    use rayon::prelude::*;
    let novels = read_novels(engine, dir, novels)?;
    let reports: Vec<_> = match folds {
        None => novels.par_iter().map(|n| n.report(engine, engine.calibration())).collect(),
        Some(k) => {
            let k = k.max(2);
            let unbarred = Unbarred::of(engine, &novels, engine.calibration());
            // Novel i is in fold i % k; each fold's bars are fitted once, on the other folds.
            let calibrations: Vec<Calibration> =
                (0..k).map(|fold| unbarred.bars(engine, &novels, |i| i % k != fold)).collect();
            novels.par_iter().enumerate().map(|(i, n)| n.report(engine, &calibrations[i % k])).collect()
        }
    };
    let annotations: Vec<_> = novels.iter().map(|n| n.annotation.clone()).collect();
    let texts: Vec<String> = novels.into_iter().map(|n| n.text).collect();
    Ok(forewarn_learn::works::score(&annotations, &texts, &reports))
}

/// `calibration` with its long-work, scene, reading and weight bars fitted on the works
/// suite's novels (with the engine's sentence model and heads).
fn fit_bars_on(
    engine: &Engine,
    dir: &std::path::Path,
    novels: &std::path::Path,
    calibration: &Calibration,
) -> anyhow::Result<Calibration> {
    let novels = read_novels(engine, dir, novels)?;
    Ok(Unbarred::of(engine, &novels, calibration).bars(engine, &novels, |_| true))
}

fn write_works(
    out: &mut impl Write,
    r: &forewarn_learn::works::WorksReport,
    folds: Option<usize>,
) -> std::io::Result<()> {
    let ratio = |(a, b): (usize, usize)| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let how = match folds {
        Some(k) => format!("long-work, scene, reading and weight bars refitted on {}-fold training parts by work", k.max(2)),
        None => "shipped long-work, scene, reading and weight bars, fitted on these novels: use --folds for a held-out score".into(),
    };
    writeln!(out, "works suite: {} annotated novels (shipped calibration and heads; {how})\n", r.works)?;
    writeln!(
        out,
        "{:<24} {:>4} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        "label (work level)", "tp", "fp", "fn", "tn", "prec", "recall", "f1"
    )?;
    for m in r.labels.iter().chain([&r.archive]) {
        writeln!(
            out,
            "{:<24} {:>4} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
            m.label, m.tp, m.fp, m.fn_, m.tn, m.precision, m.recall, m.f1
        )?;
    }
    let (exact, within, rated) = r.rating;
    writeln!(out, "works annotated with no archive warning that got one: {}/{}", r.clean_works.1, r.clean_works.0)?;
    writeln!(
        out,
        "Major Character Death naming someone who dies: {}/{} = {:.3}",
        r.mcd_subjects.1,
        r.mcd_subjects.0,
        ratio((r.mcd_subjects.1, r.mcd_subjects.0))
    )?;
    writeln!(
        out,
        "events found at their place (a warning's evidence or places within {:.0}% of the work): {}/{} = {:.3}",
        100.0 * forewarn_learn::works::POSITION_TOLERANCE,
        r.events.0,
        r.events.1,
        ratio(r.events)
    )?;
    writeln!(
        out,
        "  by the evidence alone {}/{} = {:.3}; places put at random with the same coverage would find {:.1} = {:.3}",
        r.events_by_evidence,
        r.events.1,
        ratio((r.events_by_evidence, r.events.1)),
        r.events_by_chance,
        if r.events.1 == 0 { 0.0 } else { r.events_by_chance / r.events.1 as f64 }
    )?;
    let mut by_label: Vec<_> = r.events_by_label.iter().collect();
    by_label.sort_by(|a, b| b.1 .2.cmp(&a.1 .2).then_with(|| a.0.cmp(b.0)));
    let by_label: Vec<String> =
        by_label.iter().map(|(label, (found, warned, all))| format!("{label} {found}/{warned}/{all}")).collect();
    if !by_label.is_empty() {
        writeln!(out, "  by label (found / in works warned for it / all): {}", by_label.join(", "))?;
    }
    let traps = r.traps.values().fold((0, 0), |all, t| (all.0 + t.0, all.1 + t.1));
    let by_kind: Vec<String> = r.traps.iter().map(|(kind, (shown, all))| format!("{kind} {shown}/{all}")).collect();
    writeln!(
        out,
        "traps (figures, other senses, performances, hypotheticals, backstory) shown as a warning's evidence: {}/{} = {:.3}; by kind: {}",
        traps.0,
        traps.1,
        ratio(traps),
        by_kind.join(", ")
    )?;
    writeln!(
        out,
        "places of right warnings near an annotated event of their label: {}/{} = {:.3} (a floor: annotations list a few events per label)",
        r.places.1,
        r.places.0,
        ratio((r.places.1, r.places.0))
    )?;
    writeln!(
        out,
        "rating exact {exact}/{rated} = {:.3}, within one {within}/{rated} = {:.3}",
        ratio((exact, rated)),
        ratio((within, rated))
    )?;
    writeln!(
        out,
        "
{:<28} {:<9} {:<9} {:<40} {:<40} mcd subject",
        "work", "rating", "expected", "archive", "expected"
    )?;
    let short = |ids: &[String]| -> String {
        let names: Vec<&str> = ids
            .iter()
            .map(|id| match id.as_str() {
                "graphic-violence" => "GV",
                "major-character-death" => "MCD",
                "rape-non-con" => "RNC",
                "underage-sex" => "U",
                other => other,
            })
            .collect();
        if names.is_empty() {
            "-".into()
        } else {
            names.join(",")
        }
    };
    for row in &r.rows {
        let subject = match (&row.mcd_subject, row.mcd_subject_right) {
            (Some(who), Some(true)) => format!("{who} (dies)"),
            (Some(who), _) => format!("{who} (WRONG)"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{:<28} {:<9} {:<9} {:<40} {:<40} {subject}",
            row.work,
            row.rating.as_str(),
            row.expected_rating.as_str(),
            short(&row.archive),
            short(&row.expected_archive)
        )?;
    }
    Ok(())
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
    for (kind, table) in &report.by_kind {
        writeln!(out, "\n{kind} cases ({} labels scored):", table.labels.len())?;
        for m in &table.labels {
            let (positives, negatives) = (m.tp + m.fn_, m.fp + m.tn);
            let recall =
                if positives > 0 { format!("recall {}/{} = {:.3}", m.tp, positives, m.recall) } else { String::new() };
            let alarms = if negatives > 0 {
                format!("false alarms {}/{} = {:.3}", m.fp, negatives, m.fp as f64 / negatives as f64)
            } else {
                String::new()
            };
            writeln!(out, "  {:<24} {recall:<26} {alarms}", m.label)?;
        }
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
        .map(|(n, (label, kind, text))| {
            let case = Case {
                id: format!("exemplar{n}"),
                group: format!("exemplar{n}"),
                text: text.to_string(),
                present: Vec::new(),
                absent: Vec::new(),
                any_present: None,
                rating: None,
                kind: None,
            };
            Exemplar { label, kind, raw: engine.raw(&eval::case_document(&case)), key: train::stable_hash(text) }
        })
        .collect()
}

/// Runs `forewarn train`.
pub fn train(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    if let Some(unknown) = args.only.iter().find(|l| forewarn_core::taxonomy().index(l).is_none()) {
        anyhow::bail!("--only: unknown label {unknown:?} (see `forewarn labels`)");
    }
    let kept = match &args.keep {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
            serde_json::from_str(&text).with_context(|| format!("{}: not a heads file", path.display()))?
        }
        None => Heads::shipped(),
    };
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
        "forewarn train {} ({} cases, {} exemplars; targets any-vote where given, thresholds maximise F1 (Rape/Non-Con's F2) on {} inner folds)",
        names.join(" "),
        cases.len(),
        exemplars.len(),
        train::THRESHOLD_FOLDS
    );
    let heads = train::train_heads(&case_refs, &raw_refs, &exemplars, Gold::Majority, train::Scope::All, &provenance);
    let heads = if args.only.is_empty() { heads } else { only_these(heads, kept, &args.only) };
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

/// `kept` with the heads of the labels in `only` (each of its three kinds, where trained)
/// from `trained`; the provenance says which came from where.
fn only_these(trained: Heads, mut kept: Heads, only: &[String]) -> Heads {
    for label in only {
        for (to, from) in
            [(&mut kept.window, &trained.window), (&mut kept.cheap, &trained.cheap), (&mut kept.alone, &trained.alone)]
        {
            match from.get(label) {
                Some(head) => to.insert(label.clone(), head.clone()),
                None => to.remove(label),
            };
        }
    }
    kept.provenance =
        format!("{} --only {}; every other head from: {}", trained.provenance, only.join(","), kept.provenance);
    kept.encoder = trained.encoder;
    kept
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
    let base = Calibration { version: 1, ..Default::default() };
    let mut cal = if cases.is_empty() {
        Calibration::shipped().without_bars()
    } else {
        let mut cal = eval::fit_calibration(&case_refs, &raw_refs, Gold::Majority, &base);
        let names: Vec<String> = args.datasets.iter().map(|p| p.display().to_string()).collect();
        cal.provenance =
            format!("forewarn calibrate {} ({} cases; labels not listed use defaults)", names.join(" "), cases.len());
        cal
    };
    if let Some(works) = &args.works {
        let m = match model::resolve(args.model_dir.as_deref(), false) {
            ModelState::Ready(m) => m,
            ModelState::Unavailable(reason) => {
                anyhow::bail!(
                    "fitting the long-work, scene, reading and weight bars needs the sentence model: {reason}"
                )
            }
        };
        let mut engine = Engine::new(cal.clone());
        engine.set_semantic(std::sync::Arc::new(*m.with_memo()), Heads::shipped());
        cal = fit_bars_on(&engine, works, &args.novels, &cal)?;
        // The curves' provenance stays; the bars' is said once, however often they are refitted.
        let curves = cal.provenance.split("; long-work").next().unwrap_or_default().to_string();
        cal.provenance = format!(
            "{curves}; long-work, scene, reading and weight bars: forewarn calibrate --works {} --novels {} (shipped heads)",
            works.display(),
            args.novels.display()
        );
    }
    let json = serde_json::to_string_pretty(&cal)? + "\n";
    // Write atomically: a temporary file beside the target, then rename.
    let tmp = args.output.with_extension("json.tmp");
    std::fs::write(&tmp, json).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, &args.output).with_context(|| format!("{}: cannot write", args.output.display()))?;
    let mut err = anstream::stderr();
    writeln!(
        err,
        "{} label curves ({} cases fitted), {} long-work bars, {} scene bars, {} reading bars, {} weight bars -> {}",
        cal.labels.len(),
        cases.len(),
        cal.long_bars.len(),
        cal.scene_bars.len(),
        cal.reading_bars.len(),
        cal.weight_bars.len(),
        args.output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
