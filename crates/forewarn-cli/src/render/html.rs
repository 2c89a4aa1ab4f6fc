//! The self-contained HTML report (`--format html`): one page for one or many works, with the
//! rating, the warnings, a timeline strip per work (inline SVG) and, only on request, the
//! evidence passages.
//!
//! Spoiler-free by default: evidence sentences, and detector reasons (which can name who
//! dies), exist only inside closed `<details>` elements, so nothing distressing is on screen
//! until a reader opens one; that works without JavaScript. The page loads nothing: inline CSS,
//! inline SVG, system fonts, and a Content-Security-Policy that forbids scripts and remote
//! assets. Every string that comes from a report is escaped. [`render_page`] is a plain
//! function so that `forewarn serve` can reuse it.

use std::fmt::{self, Display, Write as _};
use std::io::{self, Write};

use forewarn_core::answer::Verdict;
use forewarn_core::check::{CheckFinding, CheckOutcome};
use forewarn_core::report::{Evidence, Report, Warning, WarningKind};
use forewarn_core::{Declared, Rating, SourceFormat};
use serde::Serialize;

use super::{percent, place_is_spoiler, plural, Renderer, Work};

/// The HTML renderer: buffers the works and writes one page at the end.
#[derive(Debug, Default)]
pub struct Html {
    works: Vec<(Report, Option<CheckOutcome>)>,
    failures: Vec<(String, String)>,
}

impl Renderer for Html {
    fn work(&mut self, _out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        self.works.push((work.report.clone(), work.check.cloned()));
        Ok(())
    }

    fn failure(&mut self, _out: &mut dyn Write, id: &str, message: &str) -> io::Result<()> {
        self.failures.push((id.to_string(), message.to_string()));
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let works: Vec<Work<'_>> =
            self.works.iter().map(|(report, check)| Work { report, check: check.as_ref() }).collect();
        out.write_all(page(&works, &self.failures).as_bytes())
    }
}

/// The whole page (a complete HTML document) for these works; `forewarn serve` renders its
/// reports with it.
pub fn render_page(works: &[Work<'_>]) -> String {
    page(works, &[])
}

/// The page, with the inputs that could not be read listed at the end.
fn page(works: &[Work<'_>], failures: &[(String, String)]) -> String {
    let mut s = String::with_capacity(32 * 1024);
    // Writing into a String cannot fail.
    let _ = write_page(&mut s, works, failures);
    s
}

/// Scripts, frames, fonts and remote images are all refused: the file must stay self-contained
/// even if some text were ever to slip through unescaped.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Evidence longer than this (in characters) is shortened; a sentence splitter can return a
/// whole unpunctuated paragraph.
const MAX_PASSAGE_CHARS: usize = 700;

/// Text from a report, HTML-escaped when displayed (safe in element content and in quoted
/// attribute values).
struct E<'a>(&'a str);

impl Display for E<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&html_escape::encode_safe(self.0))
    }
}

fn write_page(s: &mut String, works: &[Work<'_>], failures: &[(String, String)]) -> fmt::Result {
    let title = match works {
        [one] => format!("{} · forewarn", work_title(one.report)),
        _ => format!("{} works · forewarn", works.len()),
    };
    write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"forewarn {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <div class=\"page\">\n<header class=\"top\">\n<h1 class=\"brand\">forewarn</h1>\n\
         <p class=\"lede\">What a work contains, before you read it. The passages behind each warning \
         stay hidden until you choose to open them.</p>\n</header>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        E(&title)
    )?;
    if works.len() > 1 || !failures.is_empty() && !works.is_empty() {
        write_index(s, works, failures)?;
    }
    if works.is_empty() && failures.is_empty() {
        s.push_str("<p class=\"empty\">No works were scanned.</p>\n");
    }
    for (i, work) in works.iter().enumerate() {
        write_work(s, i + 1, work)?;
    }
    if !failures.is_empty() {
        s.push_str(
            "<section class=\"failures\" id=\"failures\" aria-labelledby=\"failures-title\">\n\
             <h2 id=\"failures-title\">Could not be read</h2>\n<ul>\n",
        );
        for (id, message) in failures {
            writeln!(s, "<li><span class=\"path\">{}</span> {}</li>", E(id), E(message))?;
        }
        s.push_str("</ul>\n</section>\n");
    }
    write!(
        s,
        "</main>\n<footer class=\"page-foot\">\n<p><strong>How to read this.</strong> Confidence is how likely \
         forewarn judges a label to apply. Severity: <em>mentioned</em>, referred to, recalled or implied but \
         not shown; <em>depicted</em>, happens on the page; <em>graphic</em>, happens on the page in explicit \
         or gory detail. forewarn reads automatically and can miss things or be wrong.</p>\n\
         <p>Made by forewarn {}. This file is self-contained: it loads nothing from the network.</p>\n\
         </footer>\n</div>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The short list of works at the top of a page with several.
fn write_index(s: &mut String, works: &[Work<'_>], failures: &[(String, String)]) -> fmt::Result {
    let mut heading = plural(works.len(), "work", "works");
    if !failures.is_empty() {
        heading.push_str(&format!(", {} not read", failures.len()));
    }
    writeln!(
        s,
        "<nav class=\"index\" aria-labelledby=\"index-title\">\n<h2 id=\"index-title\">In this report: {}</h2>\n<ol>",
        E(&heading)
    )?;
    for (i, work) in works.iter().enumerate() {
        let r = work.report;
        let count = |kind: WarningKind| r.warnings.iter().filter(|w| w.kind == kind).count();
        let parts: Vec<String> = [
            (count(WarningKind::Archive), "archive warning", "archive warnings"),
            (count(WarningKind::Content), "content warning", "content warnings"),
            (count(WarningKind::Custom), "of your labels", "of your labels"),
        ]
        .into_iter()
        .filter(|&(n, _, _)| n > 0)
        .map(|(n, one, many)| plural(n, one, many))
        .collect();
        let summary = if parts.is_empty() { "no warnings detected".to_string() } else { parts.join(", ") };
        writeln!(
            s,
            "<li><a href=\"#work-{}\">{}</a> <span class=\"index-facts\">{} · {}</span></li>",
            i + 1,
            E(&work_title(r)),
            E(r.rating.level.ao3_name()),
            E(&summary)
        )?;
    }
    if !failures.is_empty() {
        writeln!(s, "<li><a href=\"#failures\">Could not be read</a></li>")?;
    }
    s.push_str("</ol>\n</nav>\n");
    Ok(())
}

fn write_work(s: &mut String, n: usize, work: &Work<'_>) -> fmt::Result {
    let r = work.report;
    let id = format!("work-{n}");
    let mut facts = vec![format_name(&r.source.format).to_string(), plural(r.stats.words, "word", "words")];
    facts.push(match r.stats.chapters {
        0 => "no chapter headings".to_string(),
        c => plural(c, "chapter", "chapters"),
    });
    let origin = if r.id == r.source.path { r.id.clone() } else { format!("{} in {}", r.id, r.source.path) };
    write!(
        s,
        "<section class=\"work\" id=\"{id}\" aria-labelledby=\"{id}-title\">\n<header class=\"work-head\">\n\
         <h2 id=\"{id}-title\">{}</h2>\n<p class=\"meta\">{}</p>\n<p class=\"path\">{}</p>\n</header>\n",
        E(&work_title(r)),
        E(&facts.join(" · ")),
        breakable_path(&origin)
    )?;
    write_rating(s, r)?;
    write_answers(s, &id, r)?;

    let of_kind = |kind: WarningKind| -> Vec<&Warning> { r.warnings.iter().filter(|w| w.kind == kind).collect() };
    let archive = of_kind(WarningKind::Archive);
    let content = of_kind(WarningKind::Content);
    let custom = of_kind(WarningKind::Custom);
    write_group(s, &format!("{id}-archive"), "Archive warnings", r, &archive)?;
    write_group(s, &format!("{id}-content"), "Content warnings", r, &content)?;
    if !custom.is_empty() {
        write_group(s, &format!("{id}-custom"), "Your own labels", r, &custom)?;
    }
    // Where a death happens is a spoiler: it stays off the strip (its passages, a click
    // away, say where).
    let ordered: Vec<&Warning> =
        archive.iter().chain(&content).chain(&custom).copied().filter(|w| !place_is_spoiler(w)).collect();
    if !ordered.is_empty() {
        write_timeline(s, &id, r, &ordered)?;
    }
    if let Some(declared) = r.source.declared.as_ref().filter(|d| !d.is_empty()) {
        write_declared(s, &id, declared)?;
    }
    if let Some(check) = work.check {
        write_check(s, &id, r, check)?;
    }
    if !r.errors.is_empty() || !r.source.notes.is_empty() {
        s.push_str("<footer class=\"work-notes\">\n<h3 class=\"sr-only\">Notes</h3>\n<ul>\n");
        for error in &r.errors {
            writeln!(s, "<li class=\"error\"><strong>Problem reading this work:</strong> {}</li>", E(error))?;
        }
        for note in &r.source.notes {
            writeln!(s, "<li>{}</li>", E(note))?;
        }
        s.push_str("</ul>\n</footer>\n");
    }
    s.push_str("</section>\n");
    Ok(())
}

fn write_rating(s: &mut String, r: &Report) -> fmt::Result {
    let rating = Some(r.rating.level);
    let (class, letter) = match rating {
        Some(Rating::General) => ("general", "G"),
        Some(Rating::Teen) => ("teen", "T"),
        Some(Rating::Mature) => ("mature", "M"),
        Some(Rating::Explicit) => ("explicit", "E"),
        None => ("unknown", "?"),
    };
    write!(
        s,
        "<div class=\"rating rating-{class}\">\n<span class=\"badge\" aria-hidden=\"true\">{letter}</span>\n<div>\n\
         <p class=\"label\">Rating</p>\n<p class=\"rating-name\">{}</p>\n\
         <p class=\"rating-why\">{} · {} confident</p>\n</div>\n</div>\n",
        E(r.rating.level.ao3_name()),
        E(&capitalise(&r.rating.reason)),
        percent(r.rating.confidence)
    )
}

/// One group of warnings (archive, content or custom), or "None detected".
fn write_group(s: &mut String, id: &str, heading: &str, r: &Report, warnings: &[&Warning]) -> fmt::Result {
    write!(
        s,
        "<section class=\"group\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\">{heading}\
         <span class=\"count\">{}</span></h3>\n",
        if warnings.is_empty() { String::new() } else { warnings.len().to_string() }
    )?;
    if warnings.is_empty() {
        s.push_str("<p class=\"none\">None detected.</p>\n</section>\n");
        return Ok(());
    }
    s.push_str("<ul class=\"warnings\">\n");
    for w in warnings {
        write_warning(s, r, w)?;
    }
    s.push_str("</ul>\n</section>\n");
    Ok(())
}

/// The answers to the reader's questions (`--ask`, the profile): yes, no or unsure, each
/// with what was read to say so.
fn write_answers(s: &mut String, id: &str, r: &Report) -> fmt::Result {
    if r.answers.is_empty() {
        return Ok(());
    }
    write!(
        s,
        "<section class=\"group answers\" aria-labelledby=\"{id}-answers-h\">\n<h3 id=\"{id}-answers-h\">Your questions</h3>\n\
         <ul class=\"answer-list\">\n"
    )?;
    for (label, a) in &r.answers {
        let name = r.label_name(label);
        let model = if a.read.model_share > 0.0 {
            format!("; the sentence model read {} of it", percent(a.read.model_share))
        } else {
            "; lexical reading only".to_string()
        };
        let detail = match a.answer {
            Verdict::Yes => format!(
                "{}, {}, {} confident",
                a.severity.map_or("found", |s| s.as_str()),
                plural(a.passages, "passage", "passages"),
                percent(a.confidence)
            ),
            Verdict::No => format!("Not found in {}{model}", plural(a.read.words, "word", "words")),
            Verdict::Unsure => format!("Some signs ({}), not enough for a warning{model}", percent(a.confidence)),
        };
        writeln!(
            s,
            "<li class=\"answer answer-{v}\"><span class=\"a-name\">{}</span> <span class=\"a-verdict\">{}</span> \
             <span class=\"a-detail\">{}</span></li>",
            E(name),
            E(&capitalise(a.answer.as_str())),
            E(&capitalise(&detail)),
            v = a.answer.as_str()
        )?;
    }
    s.push_str("</ul>\n</section>\n");
    Ok(())
}

fn write_warning(s: &mut String, r: &Report, w: &Warning) -> fmt::Result {
    let severity = w.severity.as_str();
    let place = if place_is_spoiler(w) {
        "Where: hidden, a spoiler (the passages show it)".to_string()
    } else {
        where_summary(r, w)
    };
    write!(
        s,
        "<li class=\"warning kind-{}\">\n<div class=\"w-top\">\n<h4 class=\"w-name\">{}</h4>\n\
         <span class=\"sev sev-{severity}\">{severity}</span>\n</div>\n<p class=\"w-facts\">\
         <span class=\"conf\"><span class=\"bar\" aria-hidden=\"true\"><span style=\"width:{:.0}%\"></span></span>\
         {} confident</span> <span class=\"where\">{}</span></p>\n",
        w.kind.as_str(),
        E(&w.name),
        w.confidence.clamp(0.0, 1.0) * 100.0,
        percent(w.confidence),
        E(&place)
    )?;
    let passages = by_position(&w.evidence);
    s.push_str("<details class=\"reveal\">\n");
    write_summary(s, if passages.len() == 1 { "passage" } else { "passages" })?;
    s.push_str("<div class=\"revealed\">\n");
    if !w.reason.is_empty() {
        writeln!(s, "<p class=\"why\"><span class=\"label\">Why</span> {}</p>", E(&capitalise(&w.reason)))?;
    }
    write_passages(s, r, &passages)?;
    s.push_str("</div>\n</details>\n</li>\n");
    Ok(())
}

/// The disclosure's summary: "Show the passages (may contain spoilers and distressing content)".
fn write_summary(s: &mut String, noun: &str) -> fmt::Result {
    writeln!(
        s,
        "<summary><span class=\"show\">Show the {noun}</span><span class=\"hide\">Hide the {noun}</span> \
         <span class=\"caution\">(may contain spoilers and distressing content)</span></summary>"
    )
}

fn write_passages(s: &mut String, r: &Report, passages: &[&Evidence]) -> fmt::Result {
    if passages.is_empty() {
        s.push_str("<p class=\"none\">No passages were recorded for this.</p>\n");
        return Ok(());
    }
    s.push_str("<ol class=\"passages\">\n");
    for e in passages {
        let mut place = capitalise(&where_one(r, e.chapter, e.position));
        if let Some(locator) = &e.locator {
            place.push_str(&format!(" · {}", locator.item));
        }
        writeln!(
            s,
            "<li class=\"passage\"><p class=\"loc\">{}</p><blockquote>{}</blockquote></li>",
            E(&place),
            E(&passage_text(&e.text))
        )?;
    }
    s.push_str("</ol>\n");
    Ok(())
}

// Timeline geometry, in CSS pixels. The x axis is in percent of the strip, so the SVG keeps
// its text at a readable size at any width instead of scaling a fixed viewBox.
const TL_TOP: usize = 4;
const TL_ROW: usize = 44;
const TL_LABEL_Y: usize = 16;
const TL_TRACK_Y: usize = 31;
const TL_AXIS: usize = 24;

/// One strip per work: a row per warning with a marker at each passage, chapters as faint
/// lines behind them.
fn write_timeline(s: &mut String, id: &str, r: &Report, warnings: &[&Warning]) -> fmt::Result {
    let chapters = r.stats.chapters;
    let rows_end = TL_TOP + TL_ROW * warnings.len();
    let height = rows_end + TL_AXIS;
    write!(
        s,
        "<section class=\"where-section\" aria-labelledby=\"{id}-tl-h\">\n<h3 id=\"{id}-tl-h\">Where in the work</h3>\n\
         <figure class=\"timeline\">\n<svg class=\"strip\" width=\"100%\" height=\"{height}\" role=\"img\" \
         aria-label=\"{}\">\n",
        E(&timeline_label(r, warnings))
    )?;

    let recorded = r.outline.len() == chapters && chapters > 0;
    let starts = if recorded { r.outline.iter().map(|c| c.position).collect() } else { chapter_starts(r) };
    if recorded {
        s.push_str("<g class=\"chapters\"><title>Chapter lines mark where each chapter starts.</title>\n");
    } else if !starts.is_empty() {
        s.push_str(
            "<g class=\"chapters\"><title>Chapter lines are estimates: the report does not record where \
             chapters start, so they are spaced evenly around the chapters the passages fall in.</title>\n",
        );
        for &start in starts.iter().skip(1) {
            writeln!(
                s,
                "<line class=\"tick\" x1=\"{x}\" x2=\"{x}\" y1=\"{TL_TOP}\" y2=\"{rows_end}\"/>",
                x = pct(start)
            )?;
        }
        s.push_str("</g>\n");
    }

    for (row, w) in warnings.iter().enumerate() {
        let top = TL_TOP + row * TL_ROW;
        let track = top + TL_TRACK_Y;
        write!(
            s,
            "<g class=\"row kind-{}\">\n<text class=\"row-label\" x=\"0\" y=\"{}\">{}</text>\n\
             <line class=\"track\" x1=\"0\" x2=\"100%\" y1=\"{track}\" y2=\"{track}\"/>\n",
            w.kind.as_str(),
            top + TL_LABEL_Y,
            E(&w.name)
        )?;
        for e in by_position(&w.evidence) {
            writeln!(
                s,
                "<circle class=\"mark\" cx=\"{}\" cy=\"{track}\" r=\"6\"><title>{}: {}</title></circle>",
                pct(e.position),
                E(&w.name),
                E(&where_one(r, e.chapter, e.position))
            )?;
        }
        s.push_str("</g>\n");
    }

    // The axis: chapter numbers centred on their (estimated) chapters, or start / middle / end.
    let axis_y = rows_end + 16;
    s.push_str("<g class=\"axis\" aria-hidden=\"true\">\n");
    if starts.is_empty() {
        for (x, anchor, text) in [(0.0, "start", "start"), (0.5, "middle", "middle"), (1.0, "end", "end")] {
            writeln!(
                s,
                "<text class=\"axis-label\" x=\"{}\" y=\"{axis_y}\" text-anchor=\"{anchor}\">{text}</text>",
                pct(x)
            )?;
        }
    } else {
        let step = label_step(chapters);
        for (i, &start) in starts.iter().enumerate() {
            let number = i + 1;
            if number != 1 && !number.is_multiple_of(step) {
                continue;
            }
            let end = starts.get(i + 1).copied().unwrap_or(1.0);
            let text = if number == 1 { "ch. 1".to_string() } else { number.to_string() };
            let anchor = if number == 1 { "start" } else { "middle" };
            let x = if number == 1 { start } else { (start + end) / 2.0 };
            writeln!(
                s,
                "<text class=\"axis-label\" x=\"{}\" y=\"{axis_y}\" text-anchor=\"{anchor}\">{text}</text>",
                pct(x)
            )?;
        }
    }
    s.push_str("</g>\n</svg>\n");
    let caption = if starts.is_empty() {
        "The strip is the whole work, from its start on the left to its end on the right; each dot is a passage."
    } else if recorded {
        "The strip is the whole work, from its start on the left to its end on the right; each dot is a passage. \
         Faint lines mark where chapters start."
    } else {
        "The strip is the whole work, from its start on the left to its end on the right; each dot is a passage. \
         Faint lines mark chapters (their positions are estimated)."
    };
    writeln!(s, "<figcaption>{caption}</figcaption>\n</figure>\n</section>")
}

/// A text alternative to the timeline: which chapters (or how far in) each warning falls.
fn timeline_label(r: &Report, warnings: &[&Warning]) -> String {
    let mut parts = vec![if r.stats.chapters > 0 {
        format!("Where the warnings fall across the {}.", plural(r.stats.chapters, "chapter", "chapters"))
    } else {
        "Where the warnings fall in the work.".to_string()
    }];
    for w in warnings {
        let evidence = by_position(&w.evidence);
        let chapters = distinct_chapters(&evidence);
        let place = if !chapters.is_empty() {
            let names: Vec<String> = chapters.iter().map(usize::to_string).collect();
            format!("{} {}", if names.len() == 1 { "chapter" } else { "chapters" }, and_list(&names))
        } else if !evidence.is_empty() {
            let names: Vec<String> = evidence.iter().map(|e| format!("{:.0}%", (e.position * 100.0).round())).collect();
            format!("about {} of the way through", and_list(&names))
        } else {
            "no passages recorded".to_string()
        };
        parts.push(format!("{}: {place}.", w.name));
    }
    parts.join(" ")
}

/// Estimated start (0..1) of each chapter. The report does not record where chapters start,
/// so each chapter that holds a passage is centred on its passages, the others are spaced
/// evenly between them, and the bounds are then widened so every passage lies in its own
/// chapter.
fn chapter_starts(r: &Report) -> Vec<f64> {
    let n = r.stats.chapters;
    if n == 0 {
        return Vec::new();
    }
    let mut spans: Vec<Option<(f64, f64)>> = vec![None; n];
    let mut before_first: Option<f64> = None;
    for e in r.warnings.iter().flat_map(|w| &w.evidence) {
        let p = e.position.clamp(0.0, 1.0);
        match e.chapter {
            Some(c) if (1..=n).contains(&c) => {
                let span = &mut spans[c - 1];
                *span = Some(span.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))));
            }
            None => before_first = Some(before_first.map_or(p, |b| b.max(p))),
            Some(_) => {}
        }
    }
    // Anchors: (chapter index as a real number, position), kept increasing in both.
    let mut anchors = vec![(0.0, before_first.map_or(0.0, |b| (b + 0.001).min(1.0)))];
    for (i, span) in spans.iter().enumerate() {
        if let Some((lo, hi)) = span {
            let mid = (lo + hi) / 2.0;
            if anchors.last().is_some_and(|&(_, last)| mid >= last) {
                anchors.push((i as f64 + 0.5, mid));
            }
        }
    }
    anchors.push((n as f64, 1.0));
    // Bounds that keep every passage in its own chapter: a chapter starts at or before the first
    // passage of every chapter from it on, and after the last passage of every chapter before it.
    let mut upper = vec![1.0_f64; n];
    let mut next_lo = 1.0_f64;
    for i in (0..n).rev() {
        if let Some((lo, _)) = spans[i] {
            next_lo = next_lo.min(lo);
        }
        upper[i] = next_lo;
    }
    let mut lower = vec![0.0_f64; n];
    let mut prev_hi = before_first.map_or(0.0, |b| (b + 0.001).min(1.0));
    for i in 0..n {
        lower[i] = prev_hi;
        if let Some((_, hi)) = spans[i] {
            prev_hi = prev_hi.max((hi + 0.001).min(1.0));
        }
    }
    // Clamping a non-decreasing sequence between non-decreasing bounds keeps it non-decreasing.
    (0..n).map(|i| interpolate(&anchors, i as f64).max(lower[i]).min(upper[i].max(lower[i]))).collect()
}

/// Piecewise-linear interpolation over anchors sorted by their first coordinate.
fn interpolate(anchors: &[(f64, f64)], k: f64) -> f64 {
    for pair in anchors.windows(2) {
        let ((k0, p0), (k1, p1)) = (pair[0], pair[1]);
        if k <= k1 {
            return if k1 > k0 { p0 + (p1 - p0) * (k - k0).max(0.0) / (k1 - k0) } else { p0 };
        }
    }
    anchors.last().map_or(0.0, |&(_, p)| p)
}

/// Label every chapter when there are few, otherwise every 5th, 10th...
fn label_step(chapters: usize) -> usize {
    match chapters {
        0..=12 => 1,
        13..=60 => 5,
        61..=120 => 10,
        121..=300 => 25,
        _ => 50,
    }
}

fn write_declared(s: &mut String, id: &str, d: &Declared) -> fmt::Result {
    write!(
        s,
        "<section class=\"declared\" aria-labelledby=\"{id}-decl-h\">\n<h3 id=\"{id}-decl-h\">Declared by the author</h3>\n<dl>\n"
    )?;
    if let Some(rating) = &d.rating {
        writeln!(s, "<div><dt>Rating</dt><dd>{}</dd></div>", E(rating))?;
    }
    let lists: [(&str, &[String]); 6] = [
        ("Archive warnings", &d.archive_warnings),
        ("Categories", &d.categories),
        ("Fandoms", &d.fandoms),
        ("Relationships", &d.relationships),
        ("Characters", &d.characters),
        ("Additional tags", &d.additional_tags),
    ];
    for (name, tags) in lists {
        if tags.is_empty() {
            continue;
        }
        write!(s, "<div><dt>{name}</dt><dd><ul class=\"tags\">")?;
        for tag in tags {
            write!(s, "<li>{}</li>", E(tag))?;
        }
        s.push_str("</ul></dd></div>\n");
    }
    s.push_str("</dl>\n</section>\n");
    Ok(())
}

fn write_check(s: &mut String, id: &str, r: &Report, check: &CheckOutcome) -> fmt::Result {
    let source = match check.declared_source.as_str() {
        "flag" => "the tags given on the command line",
        "work" => "the work's own tags",
        _ => "no declared tags",
    };
    let verdict = if check.missing {
        "Something that was found is not declared."
    } else {
        "The declared tags cover what was found."
    };
    write!(
        s,
        "<section class=\"check\" aria-labelledby=\"{id}-check-h\">\n<h3 id=\"{id}-check-h\">Compared with the \
         declared tags</h3>\n<p class=\"verdict{}\">{verdict} <span class=\"muted\">Compared with {source}.</span></p>\n",
        if check.missing { " missing" } else { "" }
    )?;
    if check.findings.is_empty() {
        s.push_str("<p class=\"none\">No findings.</p>\n</section>\n");
        return Ok(());
    }
    s.push_str("<ul class=\"findings\">\n");
    for f in &check.findings {
        write_finding(s, r, f)?;
    }
    s.push_str("</ul>\n</section>\n");
    Ok(())
}

fn write_finding(s: &mut String, r: &Report, f: &CheckFinding) -> fmt::Result {
    let level = wire_name(&f.level);
    let mut facts = Vec::new();
    if let Some(declared) = &f.declared {
        facts.push(format!("declared: {declared}"));
    }
    if let Some(detected) = &f.detected {
        facts.push(format!("found: {detected}"));
    }
    if f.confidence > 0.0 {
        facts.push(format!("{} confident", percent(f.confidence)));
    }
    write!(
        s,
        "<li class=\"finding level-{}\"><span class=\"level\">{}</span><div class=\"finding-body\">\
         <p class=\"msg\">{}</p>",
        E(&level),
        E(&capitalise(&level)),
        E(&f.message)
    )?;
    if !facts.is_empty() {
        write!(s, "<p class=\"finding-facts\">{}</p>", E(&capitalise(&facts.join(" · "))))?;
    }
    if !f.evidence.is_empty() {
        let passages = by_position(&f.evidence);
        s.push_str("\n<details class=\"reveal\">\n");
        write_summary(s, if passages.len() == 1 { "passage" } else { "passages" })?;
        s.push_str("<div class=\"revealed\">\n");
        write_passages(s, r, &passages)?;
        s.push_str("</div>\n</details>\n");
    }
    s.push_str("</div></li>\n");
    Ok(())
}

/// "Chapter 2 of 34, ~5% · also chapters 25 and 30": the first passage and the other chapters.
fn where_summary(r: &Report, w: &Warning) -> String {
    let evidence = by_position(&w.evidence);
    let Some(first) = evidence.first() else { return String::new() };
    let mut text = capitalise(&where_one(r, first.chapter, first.position));
    let others: Vec<usize> = distinct_chapters(&evidence).into_iter().filter(|&c| Some(c) != first.chapter).collect();
    match others.len() {
        0 => {}
        1..=3 => {
            let names: Vec<String> = others.iter().map(usize::to_string).collect();
            text.push_str(&format!(
                " · also {} {}",
                if others.len() == 1 { "chapter" } else { "chapters" },
                and_list(&names)
            ));
        }
        more => text.push_str(&format!(" · also {more} other chapters")),
    }
    text
}

/// "chapter 3 of 5, ~60%", or "~60% of the way through" without chapters.
fn where_one(r: &Report, chapter: Option<usize>, position: f64) -> String {
    let pct = (position * 100.0).round();
    match chapter {
        Some(c) if r.stats.chapters > 0 => format!("chapter {c} of {}, ~{pct}%", r.stats.chapters),
        Some(c) => format!("chapter {c}, ~{pct}%"),
        None if r.stats.chapters > 0 => format!("before chapter 1, ~{pct}%"),
        None if pct <= 0.0 => "at the very start".to_string(),
        None if pct >= 100.0 => "at the very end".to_string(),
        None => format!("~{pct}% of the way through"),
    }
}

fn by_position(evidence: &[Evidence]) -> Vec<&Evidence> {
    let mut sorted: Vec<&Evidence> = evidence.iter().collect();
    sorted.sort_by(|a, b| a.position.total_cmp(&b.position));
    sorted
}

fn distinct_chapters(evidence: &[&Evidence]) -> Vec<usize> {
    let mut chapters: Vec<usize> = evidence.iter().filter_map(|e| e.chapter).collect();
    chapters.sort_unstable();
    chapters.dedup();
    chapters
}

/// The sentence with its whitespace collapsed, shortened if very long.
fn passage_text(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MAX_PASSAGE_CHARS {
        return collapsed;
    }
    let mut short: String = collapsed.chars().take(MAX_PASSAGE_CHARS).collect();
    short.push('…');
    short
}

/// An escaped path that may wrap after each `/` on a narrow screen.
fn breakable_path(path: &str) -> String {
    path.split('/').map(|part| E(part).to_string()).collect::<Vec<_>>().join("/<wbr>")
}

/// The work's title, or the last part of its path or id.
fn work_title(r: &Report) -> String {
    if let Some(title) = r.source.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        return title.to_string();
    }
    let id = r.id.trim_end_matches(['/', '\\']);
    id.rsplit(['/', '\\']).next().filter(|s| !s.is_empty()).unwrap_or(id).to_string()
}

fn format_name(format: &SourceFormat) -> &'static str {
    match format {
        SourceFormat::Txt => "Plain text",
        SourceFormat::Md => "Markdown",
        SourceFormat::Html => "HTML",
        SourceFormat::Epub => "EPUB",
        SourceFormat::Jsonl => "JSONL record",
    }
}

/// An SVG x coordinate for a position in the work.
fn pct(position: f64) -> String {
    format!("{:.2}%", position.clamp(0.0, 1.0) * 100.0)
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The wire name of a serde enum ("error", "rating-too-low").
fn wire_name(value: &impl Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

const CSS: &str = r#"
:root {
  color-scheme: light dark;
  --bg: #f5f4f0; --card: #ffffff; --tint: #f9f8f5; --fg: #1f2429; --muted: #596370;
  --line: #dedbd3; --faint: #ebe8e1; --accent: #2b5b8a;
  --archive: #9b3a34; --content: #3d6286; --custom: #2f6b5f;
  --sev-m-fg: #596370; --sev-m-bg: transparent; --sev-d-fg: #6f5200; --sev-d-bg: #f8efd6;
  --sev-g-fg: #8a2f29; --sev-g-bg: #f7e4e1;
  --r-general: #4a7a2c; --r-teen: #866600; --r-mature: #a9531a; --r-explicit: #9b2f2f; --r-unknown: #5f6872;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171b; --card: #1c2026; --tint: #22272e; --fg: #e3e6ea; --muted: #a6afba;
    --line: #353c45; --faint: #2a3038; --accent: #8fbbe8;
    --archive: #e69d95; --content: #9dc0e4; --custom: #8fd0c0;
    --sev-m-fg: #a6afba; --sev-d-fg: #f0cf7a; --sev-d-bg: rgba(240, 207, 122, .12);
    --sev-g-fg: #f3b2aa; --sev-g-bg: rgba(230, 157, 149, .14);
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
.page { max-width: 50rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
a { color: var(--accent); }
h1, h2, h3, h4, p { margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { margin-bottom: 1.5rem; }
.brand { font-size: .95rem; font-weight: 650; letter-spacing: .06em; text-transform: lowercase; color: var(--muted); }
.lede { color: var(--muted); margin-top: .2rem; max-width: 38rem; }
.index, .work, .failures {
  background: var(--card); border: 1px solid var(--line); border-radius: 14px;
  padding: 1.5rem 1.75rem; margin-bottom: 1.5rem; box-shadow: 0 1px 2px rgba(0, 0, 0, .04);
}
.index h2, .failures h2 { font-size: 1.05rem; }
.index ol { margin: .6rem 0 0; padding-left: 1.4rem; }
.index li { margin: .3rem 0; }
.index-facts { color: var(--muted); font-size: .9rem; }
.work-head h2 { font-size: 1.6rem; line-height: 1.25; overflow-wrap: anywhere; }
.meta { color: var(--muted); margin-top: .25rem; }
.path { color: var(--muted); font-size: .8rem; margin-top: .1rem; overflow-wrap: anywhere;
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
.rating { display: flex; gap: 1rem; align-items: center; margin: 1.25rem 0 .5rem; padding: 1rem 1.1rem;
  background: var(--tint); border: 1px solid var(--line); border-radius: 10px; }
.badge { flex: none; width: 3rem; height: 3rem; border-radius: 8px; display: grid; place-items: center;
  color: #fff; font-weight: 700; font-size: 1.5rem; background: var(--r-unknown); }
.rating-general .badge { background: var(--r-general); }
.rating-teen .badge { background: var(--r-teen); }
.rating-mature .badge { background: var(--r-mature); }
.rating-explicit .badge { background: var(--r-explicit); }
.label { font-size: .75rem; font-weight: 600; letter-spacing: .07em; text-transform: uppercase; color: var(--muted); }
.rating-name { font-size: 1.3rem; font-weight: 650; line-height: 1.3; }
.rating-why { color: var(--muted); font-size: .95rem; }
.group, .where-section, .declared, .check { margin-top: 1.6rem; }
h3 { font-size: .8rem; font-weight: 650; letter-spacing: .07em; text-transform: uppercase; color: var(--muted);
  padding-bottom: .4rem; border-bottom: 1px solid var(--line); margin-bottom: .7rem; }
.count { display: inline-block; margin-left: .5rem; min-width: 1.4rem; padding: 0 .4rem; border-radius: 999px;
  background: var(--faint); color: var(--fg); text-align: center; letter-spacing: 0; }
.count:empty { display: none; }
.none { color: var(--muted); }
.warnings, .findings { list-style: none; margin: 0; padding: 0; }
.warning { background: var(--tint); border: 1px solid var(--line); border-left: 4px solid var(--content);
  border-radius: 8px; padding: .8rem 1rem; margin: 0 0 .7rem; }
.warning.kind-archive { border-left-color: var(--archive); }
.warning.kind-custom { border-left-color: var(--custom); }
.w-top { display: flex; flex-wrap: wrap; gap: .3rem .75rem; align-items: baseline; justify-content: space-between; }
.w-name { font-size: 1.05rem; font-weight: 650; }
.sev { font-size: .78rem; font-weight: 600; letter-spacing: .03em; padding: .05rem .55rem; border-radius: 999px;
  border: 1px solid var(--line); color: var(--sev-m-fg); background: var(--sev-m-bg); }
.sev-depicted { color: var(--sev-d-fg); background: var(--sev-d-bg); border-color: transparent; }
.sev-graphic { color: var(--sev-g-fg); background: var(--sev-g-bg); border-color: transparent; }
.w-facts { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin-top: .35rem; color: var(--muted); font-size: .92rem; }
.conf { display: inline-flex; align-items: center; gap: .5rem; }
.bar { display: inline-block; width: 4.5rem; height: .4rem; border-radius: 999px; background: var(--faint); overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--content); border-radius: 999px; }
.kind-archive .bar > span { background: var(--archive); }
.kind-custom .bar > span { background: var(--custom); }
details.reveal { margin-top: .55rem; }
details.reveal > summary { cursor: pointer; color: var(--accent); font-size: .92rem; width: fit-content; border-radius: 4px; }
details.reveal > summary:hover .show, details.reveal > summary:hover .hide { text-decoration: underline; }
details.reveal > summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 3px; }
.caution { color: var(--muted); }
.hide, details[open] > summary .show, details[open] > summary .caution { display: none; }
details[open] > summary .hide { display: inline; }
.revealed { margin-top: .6rem; padding-top: .6rem; border-top: 1px dashed var(--line); }
.why { margin-bottom: .5rem; }
.why .label { margin-right: .4rem; }
.passages { list-style: none; margin: 0; padding: 0; }
.passage { margin: 0 0 .75rem; }
.loc { font-size: .8rem; color: var(--muted); }
blockquote { margin: .2rem 0 0; padding: .45rem .8rem; background: var(--card); border-left: 3px solid var(--line);
  border-radius: 0 6px 6px 0; font-family: Charter, "Iowan Old Style", Georgia, "Times New Roman", serif;
  font-size: 1rem; line-height: 1.6; overflow-wrap: anywhere; }
.timeline { margin: 0; padding: 0 8px; }
.strip { display: block; width: 100%; overflow: visible; font-family: inherit; }
.strip .tick { stroke: var(--faint); stroke-width: 1; }
.strip .track { stroke: var(--faint); stroke-width: 4; stroke-linecap: round; }
.strip .row-label { fill: var(--fg); font-size: 13px; font-weight: 600; paint-order: stroke;
  stroke: var(--card); stroke-width: 5px; stroke-linejoin: round; }
.strip .mark { fill: var(--content); fill-opacity: .85; stroke: var(--card); stroke-width: 1.5; }
.strip .kind-archive .mark { fill: var(--archive); }
.strip .kind-custom .mark { fill: var(--custom); }
.strip .axis-label { fill: var(--muted); font-size: 11px; }
figcaption { color: var(--muted); font-size: .85rem; margin-top: .4rem; }
.declared dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
.declared dl > div { display: contents; }
.declared dt { color: var(--muted); font-size: .9rem; }
.declared dd { margin: 0; }
.tags { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem; }
.tags li { font-size: .88rem; padding: .05rem .55rem; border-radius: 999px; background: var(--tint); border: 1px solid var(--line); }
.verdict { margin-bottom: .6rem; }
.verdict.missing { font-weight: 600; }
.muted { color: var(--muted); font-weight: 400; }
.finding { display: flex; gap: .75rem; align-items: baseline; padding: .5rem 0; border-bottom: 1px solid var(--faint); }
.finding:last-child { border-bottom: 0; }
.finding .level { flex: none; width: 4.5rem; font-size: .75rem; font-weight: 650; text-transform: uppercase;
  letter-spacing: .05em; color: var(--muted); }
.finding.level-error .level { color: var(--archive); }
.finding.level-warning .level { color: var(--sev-d-fg); }
.finding-body { min-width: 0; }
.answer-list { list-style: none; margin: 0; padding: 0; }
.answer { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; padding: .45rem 0;
  border-bottom: 1px solid var(--faint); }
.answer:last-child { border-bottom: 0; }
.a-name { font-weight: 600; min-width: 14rem; }
.a-verdict { flex: none; width: 4.5rem; font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; }
.answer-yes .a-verdict { color: var(--archive); }
.answer-unsure .a-verdict { color: var(--sev-d-fg); }
.answer-no .a-verdict { color: var(--custom); }
.a-detail { color: var(--muted); font-size: .9rem; }
.finding-facts { color: var(--muted); font-size: .88rem; }
.work-notes { margin-top: 1.6rem; padding-top: .6rem; border-top: 1px solid var(--faint); }
.work-notes ul { margin: 0; padding-left: 1.1rem; color: var(--muted); font-size: .8rem; }
.work-notes .error { color: var(--fg); }
.failures li { overflow-wrap: anywhere; }
.failures .path { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; margin-right: .4rem; }
.page-foot { color: var(--muted); font-size: .82rem; margin-top: 2rem; max-width: 40rem; }
.page-foot p + p { margin-top: .5rem; }
.empty { color: var(--muted); }
@media (max-width: 520px) {
  .page { padding: 1rem .75rem 2rem; }
  .index, .work, .failures { padding: 1.1rem 1rem; border-radius: 10px; }
  .work-head h2 { font-size: 1.35rem; }
  .rating { padding: .8rem; gap: .8rem; }
  .badge { width: 2.5rem; height: 2.5rem; font-size: 1.25rem; }
  .warning { padding: .7rem .8rem; }
  .declared dl { grid-template-columns: 1fr; gap: .15rem; }
  .declared dd { margin-bottom: .5rem; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::thousands;
    use forewarn_core::check::{CheckKind, Level};
    use forewarn_core::report::{RatingOut, Source, Stats};
    use forewarn_core::Severity;

    const HOSTILE: &str = "He wrote <script>alert('x')</script> & \"left\" the room.";

    fn evidence(chapter: Option<usize>, position: f64, text: &str) -> Evidence {
        Evidence { start: 0, end: text.len(), chapter, position, text: text.to_string(), locator: None }
    }

    fn report(id: &str, title: Option<&str>) -> Report {
        Report {
            schema_version: forewarn_core::report::SCHEMA_VERSION,
            id: id.to_string(),
            source: Source {
                path: id.to_string(),
                format: forewarn_core::SourceFormat::Txt,
                title: title.map(str::to_string),
                declared: None,
                notes: vec!["engine: lexical <v1>".into()],
            },
            stats: Stats { bytes: 1000, words: 12345, sentences: 80, chapters: 4 },
            outline: Vec::new(),
            rating: RatingOut {
                level: Rating::Mature,
                confidence: 0.7,
                reason: "graphic violence".into(),
                drivers: Vec::new(),
            },
            scores: Default::default(),
            warnings: vec![
                Warning {
                    id: "major-character-death".into(),
                    kind: WarningKind::Archive,
                    name: "Major Character Death".into(),
                    confidence: 0.95,
                    severity: Severity::Depicted,
                    reason: "a prominent named character (Silver) dies".into(),
                    subject: None,
                    evidence: vec![evidence(Some(3), 0.71, HOSTILE), evidence(Some(1), 0.1, "The captain fell.")],
                    places: Vec::new(),
                },
                Warning {
                    id: "violence".into(),
                    kind: WarningKind::Content,
                    name: "Violence".into(),
                    confidence: 0.8,
                    severity: Severity::Mentioned,
                    reason: String::new(),
                    subject: None,
                    evidence: vec![evidence(Some(2), 0.4, "A blow landed hard.")],
                    places: Vec::new(),
                },
            ],
            answers: Default::default(),
            errors: vec![],
        }
    }

    fn html_of(reports: &[Report]) -> String {
        let works: Vec<Work<'_>> = reports.iter().map(|report| Work { report, check: None }).collect();
        render_page(&works)
    }

    /// The page with every `<details>...</details>` element removed: what a reader sees
    /// before opening anything.
    fn closed_view(html: &str) -> String {
        let mut rest = html;
        let mut out = String::new();
        while let Some(start) = rest.find("<details") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("</details>").map(|e| start + e + "</details>".len());
            rest = end.map_or("", |e| &rest[e..]);
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn evidence_text_is_escaped() {
        let html = html_of(&[report("a <b>.txt", Some("Title <i>\"quoted\"</i>"))]);
        assert!(!html.contains("<script"), "a raw <script> reached the page");
        assert!(html.contains("&lt;script&gt;alert"));
        assert!(!html.contains("<i>\"quoted\""));
        assert!(html.contains("Title &lt;i&gt;&quot;quoted&quot;"));
        assert!(!html.contains("a <b>.txt"));
    }

    #[test]
    fn evidence_and_reasons_appear_only_inside_details() {
        let html = html_of(&[report("w.txt", None)]);
        for secret in ["The captain fell.", "A blow landed hard.", "&lt;script&gt;alert", "(Silver) dies"] {
            assert!(html.contains(secret), "{secret} missing from the page");
            assert!(!closed_view(&html).contains(secret), "{secret} is visible without opening anything");
        }
        assert_eq!(html.matches("<details").count(), 2, "one disclosure per warning");
        assert!(!html.contains("<details open"));
        assert!(html.contains("Show the passages"));
        // The spoiler-free facts are on the page.
        let closed = closed_view(&html);
        assert!(closed.contains("Mature"));
        assert!(closed.contains("95% confident"));
        // Where a death happens is a spoiler: it is inside the disclosure, not beside the name.
        assert!(closed.contains("Where: hidden, a spoiler (the passages show it)"));
        assert!(!closed.contains("Chapter 1 of 4, ~10%"));
        assert!(html.contains("Chapter 1 of 4, ~10%"), "the passages still say where");
    }

    #[test]
    fn answers_say_yes_no_or_unsure_and_what_was_read() {
        use forewarn_core::answer::Verdict;
        use forewarn_core::report::{AnswerOut, ReadOut};
        let mut r = report("w.txt", None);
        let read = ReadOut { words: 68_649, model_share: 0.12 };
        r.answers.insert(
            "major-character-death".into(),
            AnswerOut { answer: Verdict::Yes, confidence: 0.95, severity: Some(Severity::Depicted), passages: 2, read },
        );
        r.answers.insert(
            "animal-death".into(),
            AnswerOut { answer: Verdict::No, confidence: 0.02, severity: None, passages: 0, read },
        );
        r.answers.insert(
            "suicide".into(),
            AnswerOut { answer: Verdict::Unsure, confidence: 0.31, severity: None, passages: 0, read },
        );
        // The page's text, tags dropped.
        let mut closed = String::new();
        let mut in_tag = false;
        for c in closed_view(&html_of(&[r])).chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => closed.push(c),
                _ => {}
            }
        }
        assert!(closed.contains("Your questions"), "{closed}");
        assert!(closed.contains("Major Character Death Yes Depicted, 2 passages, 95% confident"), "{closed}");
        assert!(
            closed.contains("Animal death No Not found in 68,649 words; the sentence model read 12% of it"),
            "{closed}"
        );
        assert!(closed.contains("Suicide Unsure Some signs (31%), not enough for a warning"), "{closed}");
    }

    #[test]
    fn timeline_is_an_accessible_svg_with_a_marker_per_passage() {
        let html = html_of(&[report("w.txt", None)]);
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("aria-label=\"Where the warnings fall across the 4 chapters. Violence: chapter 2.\""));
        // Major Character Death stays off the strip: where a death happens is a spoiler.
        assert_eq!(html.matches("<circle").count(), 1);
        assert!(html.contains("<title>Violence: chapter 2 of 4, ~40%</title>"));
        // Three chapter lines (after chapters 1, 2, 3), with the estimate explained.
        assert_eq!(html.matches("class=\"tick\"").count(), 3);
        assert!(html.contains("Chapter lines are estimates"));
    }

    #[test]
    fn one_section_per_work_with_an_index_for_several() {
        let one = html_of(&[report("a.txt", None)]);
        assert_eq!(one.matches("<section class=\"work\"").count(), 1);
        assert!(!one.contains("<nav"));
        let mut quiet = report("b.txt", Some("Quiet"));
        quiet.warnings.clear();
        quiet.rating =
            RatingOut { level: Rating::General, confidence: 0.9, reason: "no content".into(), drivers: Vec::new() };
        let two = html_of(&[report("a.txt", None), quiet]);
        assert_eq!(two.matches("<section class=\"work\"").count(), 2);
        assert!(two.contains("<a href=\"#work-1\">a.txt</a>"));
        assert!(two.contains("<a href=\"#work-2\">Quiet</a> <span class=\"index-facts\">General Audiences"));
        assert_eq!(two.matches("<svg").count(), 1, "no timeline for a work without warnings");
        assert!(two.contains("None detected."));
    }

    #[test]
    fn the_page_is_self_contained() {
        let html = html_of(&[report("a.txt", None)]);
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("Content-Security-Policy"));
        for external in ["http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "url("] {
            assert!(!html.contains(external), "{external} in the page");
        }
    }

    #[test]
    fn declared_tags_check_findings_notes_and_failures_are_shown() {
        let mut r = report("a.txt", None);
        r.source.declared = Some(Declared {
            rating: Some("Teen And Up Audiences".into()),
            additional_tags: vec!["Angst".into(), "Fluff & <Stuff>".into()],
            ..Declared::default()
        });
        r.errors.push("bad byte at 12".into());
        let check = CheckOutcome {
            id: "a.txt".into(),
            declared_source: "work".into(),
            declared: Declared::default(),
            findings: vec![CheckFinding {
                kind: CheckKind::ArchiveWarningMissing,
                level: Level::Error,
                label: Some("major-character-death".into()),
                message: "Major Character Death is not declared".into(),
                declared: None,
                detected: Some("Major Character Death".into()),
                confidence: 0.95,
                evidence: vec![evidence(Some(3), 0.7, "Check passage.")],
            }],
            missing: true,
        };
        let html = page(&[Work { report: &r, check: Some(&check) }], &[("gone.epub".into(), "not a zip".into())]);
        assert!(html.contains("<dt>Rating</dt><dd>Teen And Up Audiences</dd>"));
        assert!(html.contains("<li>Fluff &amp; &lt;Stuff&gt;</li>"));
        assert!(html.contains("<li class=\"finding level-error\"><span class=\"level\">Error</span>"));
        assert!(html.contains("Major Character Death is not declared"));
        assert!(!closed_view(&html).contains("Check passage."));
        assert!(html.contains("Problem reading this work:</strong> bad byte at 12"));
        assert!(html.contains("engine: lexical &lt;v1&gt;"));
        assert!(html.contains("<span class=\"path\">gone.epub</span> not a zip"));
    }

    #[test]
    fn chapter_estimates_keep_every_passage_in_its_chapter() {
        let mut r = report("a.txt", None);
        r.stats.chapters = 10;
        r.warnings[0].evidence = vec![evidence(Some(2), 0.5, "x"), evidence(Some(9), 0.6, "y")];
        r.warnings[1].evidence = vec![evidence(Some(9), 0.95, "z")];
        let starts = chapter_starts(&r);
        assert_eq!(starts.len(), 10);
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
        assert!(starts[1] <= 0.5 && 0.5 < starts[2], "{starts:?}");
        assert!(starts[8] <= 0.6 && 0.95 < starts[9], "{starts:?}");
    }

    #[test]
    fn small_helpers() {
        assert_eq!(thousands(68649), "68,649");
        assert_eq!(thousands(999), "999");
        assert_eq!(percent(0.998), "99%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(and_list(&["1".into(), "2".into(), "3".into()]), "1, 2 and 3");
        assert_eq!(wire_name(&Level::Warning), "warning");
        let long = "word ".repeat(400);
        assert!(passage_text(&long).ends_with('…'));
    }
}
