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
use forewarn_core::answer::Verdict;
use forewarn_core::check::{CheckOutcome, Level};
use forewarn_core::report::{Report, Warning, WarningKind};

use super::{percent, place_is_spoiler, plural, Renderer, Work};
use crate::escape::for_terminal as safe;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const GREEN: Style = AnsiColor::Green.on_default();

/// Writes one report. `hidden` warnings were left out because they are outside the labels
/// that matter to the reader; they are counted, never silently dropped.
pub fn write_report(out: &mut impl Write, report: &Report, spoilers: bool, hidden: usize) -> std::io::Result<()> {
    let title = safe(report.source.title.as_deref().unwrap_or_else(|| file_name(&report.id)));
    let chapters = if report.stats.chapters > 0 {
        format!(", {}", plural(report.stats.chapters, "chapter", "chapters"))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{BOLD}{title}{BOLD:#} {DIM}({}, {}{chapters}){DIM:#}",
        report.source.format.as_str(),
        plural(report.stats.words, "word", "words")
    )?;
    let rating = report.rating.level.ao3_name();
    writeln!(
        out,
        "  Rating: {BOLD}{rating}{BOLD:#} {DIM}(confidence {}; {}){DIM:#}",
        percent(report.rating.confidence),
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
    write_answers(out, report)?;
    let (mut archive, mut content, mut custom): (Vec<&Warning>, Vec<&Warning>, Vec<&Warning>) = Default::default();
    for w in &report.warnings {
        match w.kind {
            WarningKind::Archive => archive.push(w),
            WarningKind::Content => content.push(w),
            WarningKind::Custom => custom.push(w),
        }
    }
    let none = if hidden > 0 { "none among your labels" } else { "none detected" };
    if archive.is_empty() {
        writeln!(out, "  Archive warnings: {none}")?;
    } else {
        writeln!(out, "  {BOLD}Archive warnings:{BOLD:#}")?;
        for w in archive {
            write_warning(out, report, w, RED, spoilers)?;
        }
    }
    if content.is_empty() {
        writeln!(out, "  Content warnings: {none}")?;
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
    if hidden > 0 {
        let more = plural(hidden, "more warning", "more warnings");
        writeln!(out, "  {DIM}{more} outside your profile; --all shows them{DIM:#}")?;
    }
    for note in &report.source.notes {
        writeln!(out, "  {DIM}note: {}{DIM:#}", safe(note))?;
    }
    writeln!(out)
}

/// The answers to the reader's questions: yes (how intense, how many passages), no (what was
/// read to say so) or unsure.
fn write_answers(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    if report.answers.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {BOLD}Your questions:{BOLD:#}")?;
    for (id, a) in &report.answers {
        let name = report.label_name(id);
        let (style, detail) = match a.answer {
            Verdict::Yes => (
                RED,
                format!(
                    "{}, {} ({})",
                    a.severity.map_or("found", |s| s.as_str()),
                    plural(a.passages, "passage", "passages"),
                    percent(a.confidence)
                ),
            ),
            Verdict::No => (
                GREEN,
                format!("not found in {}{}", plural(a.read.words, "word", "words"), model_read(a.read.model_share)),
            ),
            Verdict::Unsure => (
                YELLOW,
                format!(
                    "some signs ({}), not enough for a warning{}",
                    percent(a.confidence),
                    model_read(a.read.model_share)
                ),
            ),
        };
        writeln!(out, "    {:<32} {style}{:<6}{style:#} {DIM}{detail}{DIM:#}", safe(name), a.answer.as_str())?;
    }
    Ok(())
}

/// "; the sentence model read 12% of it" (nothing when the model read none).
fn model_read(share: f64) -> String {
    if share <= 0.0 {
        "; lexical reading only".into()
    } else {
        format!("; the sentence model read {} of it", percent(share))
    }
}

/// The last component of a path, as a title for a work that has none.
fn file_name(id: &str) -> &str {
    std::path::Path::new(id).file_name().and_then(|n| n.to_str()).filter(|n| !n.is_empty()).unwrap_or(id)
}

fn write_warning(
    out: &mut impl Write,
    report: &Report,
    w: &Warning,
    style: Style,
    spoilers: bool,
) -> std::io::Result<()> {
    // Where a death happens gives the plot away; other labels keep their place (readers use
    // it to skip a scene).
    let place = if place_is_spoiler(w) && !spoilers {
        "place hidden (a spoiler; --spoilers shows it)".to_string()
    } else {
        place(report, w)
    };
    writeln!(
        out,
        "    {style}{:<32}{style:#} {:>4}  {:<9} {DIM}{place}{DIM:#}",
        safe(&w.name),
        percent(w.confidence),
        w.severity.as_str(),
    )?;
    if spoilers {
        for e in &w.evidence {
            writeln!(out, "        {DIM}[{}]{DIM:#} {}", where_one(report, e.chapter, e.position), shorten(&e.text))?;
        }
    }
    Ok(())
}

/// "chapter 3 of 5, ~60%" for the first evidence, then every place the label is supported
/// (where a reader can skip): "; 4 places: chapters 3, 7, 12" (or their percentages when the
/// work has no chapters).
fn place(report: &Report, w: &Warning) -> String {
    let Some(first) = w.evidence.first() else { return String::new() };
    let mut s = where_one(report, first.chapter, first.position);
    if w.places.len() > 1 {
        let mut chapters: Vec<usize> = w.places.iter().filter_map(|p| p.chapter).collect();
        chapters.dedup();
        let at = if chapters.is_empty() {
            let at: Vec<String> = w.places.iter().map(|p| format!("~{}%", (p.position * 100.0).round())).collect();
            at.join(", ")
        } else {
            let at: Vec<String> = chapters.iter().map(usize::to_string).collect();
            format!("{} {}", if chapters.len() == 1 { "chapter" } else { "chapters" }, at.join(", "))
        };
        s.push_str(&format!("; {} places: {at}", w.places.len()));
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
            Level::Hint => GREEN,
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
    let count = |level: Level, one: &str, many: &str| {
        let n = check.count(level);
        format!("{n} {}", if n == 1 { one } else { many })
    };
    let verdict = match (check.missing, check.count(Level::Warning) + check.count(Level::Hint)) {
        (true, _) => "check failed",
        (false, 0) => "passed",
        (false, _) => "passed with remarks",
    };
    writeln!(
        out,
        "{BOLD}{verdict}{BOLD:#}: {}, {}, {}, {} info",
        count(Level::Error, "error", "errors"),
        count(Level::Warning, "warning", "warnings"),
        count(Level::Hint, "hint", "hints"),
        check.count(Level::Info)
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
            return write_report(&mut out, work.report, self.spoilers, 0);
        }
        let mut report = work.report.clone();
        report.warnings.retain(|w| self.policy.matters(&w.id));
        let hidden = work.report.warnings.len() - report.warnings.len();
        write_report(&mut out, &report, self.spoilers, hidden)
    }
}
