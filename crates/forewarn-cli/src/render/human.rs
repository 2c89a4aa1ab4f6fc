//! Human output: a short, spoiler-free summary (rating, warnings, where), with evidence
//! sentences only when asked (`--spoilers`). For `forewarn check`, lint-style findings with
//! their evidence instead ([`write_check`]).
//!
//! Titles, ids, paths, declared tags, notes, label names and evidence come from the user's
//! files and settings: each goes through `escape::for_terminal`, so that a carriage return or
//! a line feed in a title cannot forge a line of output, nor an escape sequence reach the
//! terminal.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use forewarn_core::check::{CheckOutcome, Level};
use forewarn_core::report::{Report, Warning, WarningKind};

use super::{Renderer, Work};
use crate::escape::for_terminal as safe;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();

/// Writes one report.
pub fn write_report(out: &mut impl Write, report: &Report, spoilers: bool) -> std::io::Result<()> {
    let title = safe(report.source.title.as_deref().unwrap_or(&report.id));
    let chapters =
        if report.stats.chapters > 0 { format!(", {} chapters", report.stats.chapters) } else { String::new() };
    writeln!(
        out,
        "{BOLD}{title}{BOLD:#} {DIM}({}, {} words{chapters}){DIM:#}",
        report.source.format.as_str(),
        report.stats.words
    )?;
    let rating = report.rating.level.ao3_name();
    writeln!(
        out,
        "  Rating: {BOLD}{rating}{BOLD:#} {DIM}(confidence {:.2}; {}){DIM:#}",
        report.rating.confidence,
        safe(&report.rating.reason)
    )?;
    if let Some(declared) = &report.source.declared {
        if let Some(r) = &declared.rating {
            writeln!(out, "  Declared rating: {}", safe(r))?;
        }
        if !declared.archive_warnings.is_empty() {
            writeln!(out, "  Declared warnings: {}", safe(&declared.archive_warnings.join(", ")))?;
        }
    }
    let (mut archive, mut content, mut custom): (Vec<&Warning>, Vec<&Warning>, Vec<&Warning>) = Default::default();
    for w in &report.warnings {
        match w.kind {
            WarningKind::Archive => archive.push(w),
            WarningKind::Content => content.push(w),
            WarningKind::Custom => custom.push(w),
        }
    }
    if archive.is_empty() {
        writeln!(out, "  Archive warnings: none detected")?;
    } else {
        writeln!(out, "  {BOLD}Archive warnings:{BOLD:#}")?;
        for w in archive {
            write_warning(out, report, w, RED, spoilers)?;
        }
    }
    if content.is_empty() {
        writeln!(out, "  Content warnings: none detected")?;
    } else {
        writeln!(out, "  {BOLD}Content warnings:{BOLD:#}")?;
        for w in content {
            write_warning(out, report, w, YELLOW, spoilers)?;
        }
    }
    // The labels the user defined, when any of them was found.
    if !custom.is_empty() {
        writeln!(out, "  {BOLD}Your labels:{BOLD:#}")?;
        for w in custom {
            write_warning(out, report, w, YELLOW, spoilers)?;
        }
    }
    for note in &report.source.notes {
        writeln!(out, "  {DIM}note: {}{DIM:#}", safe(note))?;
    }
    writeln!(out)
}

fn write_warning(
    out: &mut impl Write,
    report: &Report,
    w: &Warning,
    style: Style,
    spoilers: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "    {style}{:<32}{style:#} {:.2}  {:<9} {DIM}{}{DIM:#}",
        safe(&w.name),
        w.confidence,
        w.severity.as_str(),
        place(report, w)
    )?;
    if spoilers {
        for e in &w.evidence {
            writeln!(out, "        {DIM}[{}]{DIM:#} {}", where_one(report, e.chapter, e.position), shorten(&e.text))?;
        }
    }
    Ok(())
}

/// "chapter 3 of 5, ~60%" for the first evidence, plus how many other chapters.
fn place(report: &Report, w: &Warning) -> String {
    let Some(first) = w.evidence.first() else { return String::new() };
    let mut chapters: Vec<usize> = w.evidence.iter().filter_map(|e| e.chapter).collect();
    chapters.dedup();
    let mut s = where_one(report, first.chapter, first.position);
    if chapters.len() > 1 {
        s.push_str(&format!(" (and {} more chapters)", chapters.len() - 1));
    }
    s
}

fn where_one(report: &Report, chapter: Option<usize>, position: f64) -> String {
    let pct = (position * 100.0).round();
    match chapter {
        Some(c) => format!("chapter {c} of {}, ~{pct}%", report.stats.chapters),
        None => format!("~{pct}%"),
    }
}

const CYAN: Style = AnsiColor::Cyan.on_default();

/// Writes one check outcome, lint style: a header naming the work, then per finding
/// `error[archive-warning-missing]: message`, where it is (`  --> chapter 4 of 7, ~55%`) and
/// the evidence sentence, then a summary line. A check is for writers of their own work,
/// so evidence is always shown.
pub fn write_check(out: &mut impl Write, report: &Report, check: &CheckOutcome) -> std::io::Result<()> {
    let source = match check.declared_source.as_str() {
        "flag" => "tags from --declared",
        "work" => "tags declared in the work",
        _ => "no tags declared",
    };
    let path = if report.id == "-" { "standard input".into() } else { safe(&report.id) };
    match &report.source.title {
        Some(title) => writeln!(out, "{BOLD}{}{BOLD:#} {DIM}({path}; {source}){DIM:#}", safe(title))?,
        None => writeln!(out, "{BOLD}{path}{BOLD:#} {DIM}({source}){DIM:#}")?,
    }
    for finding in &check.findings {
        let style = match finding.level {
            Level::Error => RED,
            Level::Warning => YELLOW.bold(),
            Level::Info => CYAN,
        };
        writeln!(
            out,
            "{style}{}[{}]{style:#}{BOLD}: {}{BOLD:#}",
            finding.level.as_str(),
            finding.kind.as_str(),
            safe(&finding.message)
        )?;
        // Errors and warnings show a few passages; what is covered shows one.
        let shown = if finding.level == Level::Info { 1 } else { 3 };
        for e in finding.evidence.iter().take(shown) {
            let mut place = where_one(report, e.chapter, e.position);
            if let Some(loc) = e.locator.as_ref().filter(|_| report.source.format == forewarn_core::SourceFormat::Epub)
            {
                place.push_str(&format!(" ({})", safe(&loc.item)));
            }
            writeln!(out, "  {CYAN}-->{CYAN:#} {place}")?;
            writeln!(out, "   {CYAN}|{CYAN:#} {}", shorten(&e.text))?;
        }
        if finding.evidence.len() > shown {
            let more = finding.evidence.len() - shown;
            writeln!(out, "   {DIM}= and {more} more passage{}{DIM:#}", if more == 1 { "" } else { "s" })?;
        }
    }
    let (errors, warnings, info) = (check.count(Level::Error), check.count(Level::Warning), check.count(Level::Info));
    let verdict = if check.missing { "missing tags" } else { "nothing missing" };
    writeln!(
        out,
        "{BOLD}{verdict}{BOLD:#}: {errors} error{}, {warnings} warning{}, {info} info",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    )?;
    writeln!(out)
}

/// One line of at most 220 characters (before escaping), whitespace runs as one space.
fn shorten(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short =
        if text.chars().count() > 220 { format!("{}…", text.chars().take(220).collect::<String>()) } else { text };
    safe(&short).into_owned()
}

/// The human renderer.
#[derive(Debug, Default)]
pub struct Human {
    /// Show evidence sentences.
    pub spoilers: bool,
    /// The reader's policy: only the labels that matter are shown.
    pub policy: forewarn_core::Policy,
}

impl Renderer for Human {
    fn work(&mut self, out: &mut dyn Write, work: &Work<'_>) -> std::io::Result<()> {
        let mut out = out;
        if let Some(check) = work.check {
            return write_check(&mut out, work.report, check);
        }
        if self.policy.matter.is_empty() {
            return write_report(&mut out, work.report, self.spoilers);
        }
        let mut report = work.report.clone();
        report.warnings.retain(|w| self.policy.matters(&w.id));
        write_report(&mut out, &report, self.spoilers)
    }
}
