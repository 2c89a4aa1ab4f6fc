//! `forewarn filter`: the works of a library that pass a reader's filter, the way AO3
//! Savior hides tags on the site, but by what the works contain rather than how they are
//! tagged. Output is one passing path per line (pipe-friendly); `--why` adds a line per
//! excluded work naming the label, its confidence and the chapter, and nothing more.
//! Works that cannot be read never pass: their content is unknown.
//!
//! A path may hold any character but NUL, a line feed included, and a script that reads the
//! list copies what it names. So in lines, control characters and backslashes in a path are
//! escaped (`escape::for_line`) and one path is always one line; `-0` ends each path with a
//! NUL instead and writes it exactly as it is (as `find -print0`, `rg -0`).

use std::borrow::Cow;
use std::io::Write;
use std::process::ExitCode;

use forewarn_core::report::Report;
use forewarn_core::Rating;

use crate::cli::FilterArgs;
use crate::escape::{for_line, path_for_line};
use crate::pipeline::{Outcome, Pipeline};
use crate::render::error_line;

/// Why a work was excluded.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The label or `rating`.
    pub what: String,
    /// One spoiler-free line.
    pub detail: String,
}

/// The reasons a report fails the filter (empty: it passes). An excluded label counts when
/// it is a warning: the reader's policy (thresholds, `--min-confidence`, ignored labels) was
/// applied by the engine, so the filter reads the warning list and nothing else.
pub fn reasons(report: &Report, exclude: &[String], max_rating: Option<Rating>) -> Vec<Reason> {
    let mut out = Vec::new();
    if let (Some(max), level) = (max_rating, report.rating.level) {
        if level > max {
            out.push(Reason {
                what: "rating".into(),
                detail: format!(
                    "rated {} (above {}), confidence {:.2}",
                    level.ao3_name(),
                    max.ao3_name(),
                    report.rating.confidence
                ),
            });
        }
    }
    for label in exclude {
        let score = report.scores.get(label).copied().unwrap_or(0.0);
        let Some(warning) = report.warnings.iter().find(|w| &w.id == label) else { continue };
        let chapter = Some(warning).and_then(|w| w.evidence.iter().find_map(|e| e.chapter));
        let place = match (chapter, report.stats.chapters) {
            (Some(c), n) if n > 0 => format!(", chapter {c} of {n}"),
            _ => String::new(),
        };
        out.push(Reason { what: label.clone(), detail: format!("{label} {score:.2}{place}") });
    }
    out
}

/// Runs the filter command.
pub fn run(args: &FilterArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = forewarn_core::taxonomy();
    if let Some(min) = args.min_confidence {
        anyhow::ensure!((0.0..=1.0).contains(&min), "--min-confidence must be between 0 and 1");
    }
    let pipeline = Pipeline::with_min_confidence(&args.engine, args.min_confidence)?;
    let known = |id: &str| taxonomy.get(id).is_some() || pipeline.config.custom.iter().any(|c| c.id == id);
    for id in &args.exclude {
        anyhow::ensure!(known(id), "unknown label {id:?} in --exclude (see `forewarn labels`)");
    }
    let max_rating = match &args.max_rating {
        Some(r) => Some(
            Rating::parse(r)
                .ok_or_else(|| anyhow::anyhow!("unknown rating {r:?} (general, teen, mature, explicit)"))?,
        ),
        None => None,
    };
    let outcomes = pipeline.run(&args.paths, true)?;
    // Plain stdout, not anstream's: nothing here is styled, and a NUL or an escape sequence
    // in a path printed with -0 must reach the reader unaltered.
    let mut out = std::io::stdout().lock();
    let mut stderr = anstream::stderr();
    let mut failed = false;
    let end: &[u8] = if args.null { b"\0" } else { b"\n" };
    for outcome in &outcomes {
        match &outcome.result {
            Err(message) => {
                failed = true;
                writeln!(stderr, "{}", error_line(&outcome.id, message))?;
            }
            Ok(report) => {
                let why = reasons(report, &args.exclude, max_rating);
                let name = name(outcome, args.null);
                let record: Vec<u8> = match (why.is_empty(), args.why) {
                    (true, false) => name.into_owned(),
                    (true, true) => [b"pass\t", &name[..]].concat(),
                    (false, true) => {
                        let details: Vec<&str> = why.iter().map(|r| r.detail.as_str()).collect();
                        let details = for_line(&details.join("; ")).into_owned();
                        [b"skip\t", &name[..], b"\t", details.as_bytes()].concat()
                    }
                    (false, false) => continue,
                };
                out.write_all(&record)?;
                out.write_all(end)?;
            }
        }
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// How a work is named in the output: its path (or JSONL record id) as it is with `-0`,
/// escaped to one line without.
fn name(outcome: &Outcome, null: bool) -> Cow<'_, [u8]> {
    match (&outcome.path, null) {
        (Some(path), true) => path_bytes(path),
        (Some(path), false) => Cow::Owned(path_for_line(path).into_bytes()),
        (None, true) => Cow::Borrowed(outcome.id.as_bytes()),
        (None, false) => match for_line(&outcome.id) {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        },
    }
}

/// A path's bytes: exactly its name on Unix (which need not be UTF-8), its UTF-8 elsewhere.
fn path_bytes(path: &std::path::Path) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Cow::Borrowed(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        match path.to_string_lossy() {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use forewarn_core::report::{Evidence, RatingOut, Source, Stats, Warning};

    fn report(rating: &str, warnings: &[(&str, f32, Option<usize>)]) -> Report {
        Report {
            schema_version: 1,
            id: "w".into(),
            source: Source {
                path: "w".into(),
                format: forewarn_core::SourceFormat::Txt,
                title: None,
                declared: None,
                notes: vec![],
            },
            stats: Stats { bytes: 1, words: 1, sentences: 1, chapters: 5 },
            outline: Vec::new(),
            rating: RatingOut {
                level: Rating::parse(rating).unwrap_or(Rating::General),
                confidence: 0.8,
                reason: String::new(),
                drivers: Vec::new(),
            },
            scores: warnings.iter().map(|(id, s, _)| (id.to_string(), f64::from(*s))).collect(),
            warnings: warnings
                .iter()
                .filter(|(_, s, _)| *s >= 0.5)
                .map(|(id, s, chapter)| Warning {
                    id: id.to_string(),
                    kind: forewarn_core::report::WarningKind::Archive,
                    name: id.to_string(),
                    confidence: f64::from(*s),
                    severity: forewarn_core::Severity::Depicted,
                    reason: String::new(),
                    subject: None,
                    evidence: vec![Evidence {
                        start: 0,
                        end: 1,
                        chapter: *chapter,
                        position: 0.5,
                        text: "SECRET-PASSAGE".into(),
                        locator: None,
                    }],
                    places: Vec::new(),
                })
                .collect(),
            answers: Default::default(),
            errors: vec![],
        }
    }

    #[test]
    fn excludes_by_label_and_rating_without_spoilers() {
        let r = report("explicit", &[("rape-non-con", 0.91, Some(4)), ("violence", 0.3, None)]);
        let why = reasons(&r, &["rape-non-con".into(), "violence".into()], Rating::parse("mature"));
        assert_eq!(why.len(), 2);
        assert_eq!(why[0].what, "rating");
        assert_eq!(why[1].detail, "rape-non-con 0.91, chapter 4 of 5");
        assert!(!why.iter().any(|w| w.detail.contains("SECRET")), "no evidence text");
    }

    #[test]
    fn an_excluded_label_counts_only_as_a_warning() {
        let mut r = report("teen", &[("violence", 0.6, None)]);
        assert_eq!(reasons(&r, &["violence".into()], None).len(), 1);
        // A score without a warning (an ignored label keeps its score) does not exclude.
        r.warnings.clear();
        r.scores.insert("violence".into(), 0.9);
        assert!(reasons(&r, &["violence".into()], None).is_empty());
        assert!(reasons(&r, &[], Rating::parse("teen")).is_empty());
    }
}
