//! The web page at `/`: paste text or choose a file, read the rating and warnings, reveal
//! the evidence. Its assets are compiled into the binary.
//!
//! The report itself is drawn by the HTML report renderer ([`render_page`]), so the page and
//! `forewarn scan --format html` share one look: `POST /v1/render` answers with that page
//! (which also works without JavaScript, as the form's action), the script moves its `<main>`
//! into this page, and `/assets/report.css` is that renderer's stylesheet. The only change
//! is that each evidence sentence is shown inside its paragraph, highlighted with `<mark>`.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use forewarn_core::report::Report;
use forewarn_core::{Analysis, Document};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::api::{analyse_then, read_input, ApiError};
use super::Shared;
use crate::render::html::render_page;
use crate::render::Work;

/// The page's own policy: its script and styles from this server only, inline `style`
/// attributes (the confidence bars), no frames, no remote anything.
const PAGE_CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                        connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/forewarn.js");
const STYLE: &str = include_str!("assets/forewarn.css");

/// Private-use characters that stand for `<mark>` and `</mark>` while the report is escaped.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Context shown around an evidence sentence, in characters on each side.
const CONTEXT_CHARS: usize = 260;

/// Below the renderer's 700-character limit on a passage, with room for the ellipses.
const PASSAGE_CHARS: usize = 690;

/// The page's routes.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(script))
        .routes(routes!(style))
        .routes(routes!(report_style))
        .routes(routes!(render))
}

/// The web page.
#[utoipa::path(get, path = "/", tag = "page", responses((status = 200, description = "The page", content_type = "text/html")))]
async fn index() -> Response {
    html_response(INDEX.to_string())
}

/// The page's script.
#[utoipa::path(get, path = "/assets/forewarn.js", tag = "page", responses((status = 200, description = "JavaScript", content_type = "text/javascript")))]
async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT.to_string())
}

/// The page's own styles (the form, the profile).
#[utoipa::path(get, path = "/assets/forewarn.css", tag = "page", responses((status = 200, description = "CSS", content_type = "text/css")))]
async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE.to_string())
}

/// The HTML report's stylesheet, taken from the report renderer.
#[utoipa::path(get, path = "/assets/report.css", tag = "page", responses((status = 200, description = "CSS", content_type = "text/css")))]
async fn report_style() -> Response {
    asset("text/css; charset=utf-8", report_css())
}

/// Scan one work and answer with the HTML report (evidence shown in its paragraph).
#[utoipa::path(
    post,
    path = "/v1/render",
    tag = "page",
    params(super::api::ScanParams),
    request_body(description = "The work, as for /v1/scan", content(
        (String = "text/plain"),
        (super::api::ScanRequest = "application/json"),
        (super::api::UploadForm = "multipart/form-data")
    )),
    responses(
        (status = 200, description = "The report page, as `forewarn scan --format html` draws it", content_type = "text/html"),
        (status = 400, description = "A malformed request", body = ApiError),
        (status = 408, description = "The request took longer than the server allows", body = ApiError),
        (status = 413, description = "The body is larger than the server accepts", body = ApiError),
        (status = 415, description = "Not text/plain, application/json or multipart/form-data", body = ApiError),
        (status = 422, description = "The work could not be read", body = ApiError),
        (status = 503, description = "Too many requests at once; see Retry-After", body = ApiError),
    )
)]
async fn render(State(state): State<Shared>, request: Request) -> Result<Response, ApiError> {
    let params = super::api::ScanParams::of(&request)?;
    let asked =
        super::api::Asked { min_confidence: None, ask: super::api::Asked::labels(&state, params.ask.as_deref())? };
    let mut input = read_input(&state, request).await?;
    // Pasted text has no file name; say what it is rather than show "-".
    if input.name == "-" {
        input.name = "pasted text".to_string();
    }
    let page = analyse_then(&state, input, asked, |doc, analysis, mut report| {
        add_context(&mut report, doc, analysis);
        strip_marks(&mut report);
        let page = render_page(&[Work { report: &report, check: None }]);
        page.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    })
    .await??;
    Ok(html_response(page))
}

/// The renderer's stylesheet: the `<style>` of an empty report page.
fn report_css() -> String {
    let page = render_page(&[]);
    let start = page.find("<style>").map(|i| i + "<style>".len());
    let end = page.find("</style>");
    match (start, end) {
        (Some(start), Some(end)) if start <= end => page[start..end].to_string(),
        _ => String::new(),
    }
}

/// Replaces each evidence sentence with its paragraph (shortened around it), the sentence
/// between the mark characters. The sentences and paragraphs are the document's the engine
/// read: the report's warnings and their evidence are made from the analysis's, in order.
fn add_context(report: &mut Report, doc: &Document, analysis: &Analysis) {
    for (warning, result) in report.warnings.iter_mut().zip(analysis.warnings()) {
        for (evidence, cited) in warning.evidence.iter_mut().zip(&result.evidence) {
            let Some(sentence) = doc.sentences.get(cited.sentence) else { continue };
            let (start, end) = (sentence.range.start, sentence.range.end);
            let Some(paragraph) = doc.paragraphs.iter().find(|p| p.range.start <= start && end <= p.range.end) else {
                continue;
            };
            // The renderer shortens passages over 700 characters: the context shrinks to fit, and a
            // sentence too long for any is shown alone, so that its closing mark is never cut off.
            let room = PASSAGE_CHARS.saturating_sub(evidence.text.chars().count() + 6) / 2;
            if room == 0 {
                continue;
            }
            let side = room.min(CONTEXT_CHARS);
            let before = tail_chars(&doc.text[paragraph.range.start..start], side);
            let after = head_chars(&doc.text[end..paragraph.range.end], side);
            let clean = |s: &str| s.replace([MARK_OPEN, MARK_CLOSE], "");
            evidence.text =
                format!("{}{MARK_OPEN}{}{MARK_CLOSE}{}", clean(&before), clean(&evidence.text), clean(&after));
        }
    }
}

/// The last `n` characters, from a word boundary, with an ellipsis if shortened.
fn tail_chars(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_string();
    }
    let cut: String = text.chars().skip(count - n).collect();
    let from_word = cut.split_once(char::is_whitespace).map_or(cut.as_str(), |(_, rest)| rest);
    format!("… {from_word}")
}

/// The first `n` characters, to a word boundary, with an ellipsis if shortened.
fn head_chars(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n).collect();
    let to_word = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head);
    format!("{to_word} …")
}

/// Removes the mark characters from every string the renderer shows but [`add_context`]
/// did not write, so a text cannot open a `<mark>` of its own.
fn strip_marks(report: &mut Report) {
    let strip = |s: &mut String| {
        if s.contains([MARK_OPEN, MARK_CLOSE]) {
            *s = s.replace([MARK_OPEN, MARK_CLOSE], "");
        }
    };
    strip(&mut report.id);
    strip(&mut report.source.path);
    if let Some(title) = &mut report.source.title {
        strip(title);
    }
    for note in &mut report.source.notes {
        strip(note);
    }
    for warning in &mut report.warnings {
        strip(&mut warning.reason);
        for evidence in &mut warning.evidence {
            if let Some(locator) = &mut evidence.locator {
                strip(&mut locator.item);
            }
            // Marks in evidence are balanced pairs written by add_context, or none at all.
            if evidence.text.matches(MARK_OPEN).count() != 1 || evidence.text.matches(MARK_CLOSE).count() != 1 {
                strip(&mut evidence.text);
            }
        }
    }
    for entry in &mut report.outline {
        if let Some(title) = &mut entry.title {
            strip(title);
        }
    }
}

fn html_response(body: String) -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn asset(content_type: &'static str, body: String) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_at_words() {
        assert_eq!(tail_chars("one two three", 20), "one two three");
        assert_eq!(tail_chars("one two three", 7), "… three");
        assert_eq!(head_chars("one two three", 9), "one two …");
    }

    #[test]
    fn report_css_is_the_renderer_stylesheet() {
        let css = report_css();
        assert!(css.contains(".badge"), "{css}");
        assert!(!css.contains("<style>"));
    }

    fn plain(text: &str) -> forewarn_core::Document {
        forewarn_core::Document::from_plain_text(
            text.to_string(),
            forewarn_core::SourceMap::identity("t", text.len()),
            forewarn_core::Meta::new(forewarn_core::SourceFormat::Txt),
        )
    }

    /// The document's analysis with one warning, Death, citing the sentence that starts with
    /// `sentence`, and the report made from it.
    fn one_warning(doc: &forewarn_core::Document, sentence: &str) -> (Analysis, Report) {
        let mut analysis = forewarn_core::Engine::default().analyze(doc);
        let cited = doc.sentences.iter().position(|s| doc.slice(s.range).starts_with(sentence));
        let death = forewarn_core::taxonomy().index("death");
        for (index, label) in analysis.labels.iter_mut().enumerate() {
            label.flagged = Some(index) == death;
            label.evidence =
                cited.map(|sentence| forewarn_core::EvidenceRef { sentence, weight: 1.0 }).into_iter().collect();
        }
        let report = Report::new("t", "t", doc, &analysis, &[]);
        (analysis, report)
    }

    #[test]
    fn evidence_is_marked_in_its_paragraph() {
        let doc = plain("The lamp was lit.\n\nHe fell from the tower and died. The sea was grey.\n\nMorning came.");
        let (analysis, mut report) = one_warning(&doc, "He fell");
        add_context(&mut report, &doc, &analysis);
        let shown = &report.warnings[0].evidence[0].text;
        assert_eq!(shown, &format!("{MARK_OPEN}He fell from the tower and died.{MARK_CLOSE} The sea was grey."));
    }

    #[test]
    fn context_shrinks_to_fit_the_passage_limit() {
        let long = format!("He fell from the tower {}and died.", "and fell ".repeat(60));
        let text = format!("{} {long} {}", "The sea was grey. ".repeat(40), "Morning came. ".repeat(40));
        let doc = plain(&text);
        let (analysis, mut report) = one_warning(&doc, "He fell");
        add_context(&mut report, &doc, &analysis);
        let shown = &report.warnings[0].evidence[0].text;
        assert!(shown.contains(MARK_OPEN) && shown.contains(MARK_CLOSE), "{shown}");
        assert!(shown.chars().count() <= 700, "{} characters", shown.chars().count());
        assert!(shown.starts_with("… ") && shown.ends_with(" …"), "{shown}");
    }
}
