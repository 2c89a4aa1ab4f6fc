//! The HTTP API: `POST /v1/scan`, `POST /v1/check`, `GET /v1/labels`, `GET /healthz` and
//! `GET /openapi.json`. Each handler's `#[utoipa::path]` is its OpenAPI operation.
//!
//! A work arrives in one of three ways, on both `scan` and `check`:
//! - `text/plain` (UTF-8): read like standard input (`forewarn scan -`), id `-`;
//! - `application/json` `{"text", "title"?, "declared"?, "id"?}`: read like one record of a
//!   JSONL batch named `request.jsonl` (`declared` is an object as in JSONL, or AO3 text);
//! - `multipart/form-data` with a `file` part (txt, md, html, epub; the format is detected
//!   from its file name and bytes as the CLI does) or a `text` part.
//!
//! The answers are the entries `forewarn scan --format json` and `forewarn check --format
//! json` print for that work, each on its own: the CLI prints an array with an entry per
//! input, a request is one work and is answered with one object.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use forewarn_core::check::{check, parse_declaration, CheckOutcome, Level};
use forewarn_core::report::Report;
use forewarn_core::{Analysis, Declared, Document, Taxonomy};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Shared;
use crate::render::Work;

/// The error body of every failed request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    /// What went wrong, in a sentence.
    pub error: String,
    /// The HTTP status code, repeated.
    pub status: u16,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { error: message.into(), status: status.as_u16() }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self)).into_response();
        let headers = response.headers_mut();
        match status {
            StatusCode::SERVICE_UNAVAILABLE => {
                headers.insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("1"));
            }
            // A client too slow to send its body may still be sending: close rather than
            // read the rest.
            StatusCode::REQUEST_TIMEOUT => {
                headers.insert(header::CONNECTION, axum::http::HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}

/// A work sent as JSON: the fields of one JSONL batch record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScanRequest {
    /// The text of the work.
    pub text: String,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// Declared tags: an object as in JSONL batches (`rating`, `archive_warnings`,
    /// `additional_tags`, ...) or AO3 text ("Rating: Teen And Up Audiences; Archive Warnings:
    /// ...").
    #[serde(default)]
    pub declared: Option<DeclaredIn>,
    /// The id reported for the work (default `text`).
    #[serde(default)]
    pub id: Option<String>,
}

/// Declared tags, as an object or as AO3 text.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum DeclaredIn {
    /// AO3 text.
    Text(String),
    /// The JSONL object.
    Object(Declared),
}

/// A work sent as a form.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Only its schema is used: the form is read part by part.
pub struct UploadForm {
    /// The file (txt, md, html or epub); its name decides how it is read.
    #[schema(value_type = Option<String>, format = Binary)]
    file: Option<Vec<u8>>,
    /// Or the text itself.
    text: Option<String>,
    /// For `/v1/check`: declared tags in AO3 text, instead of those inside the work.
    declared: Option<String>,
}

/// Options of `/v1/scan` and `/v1/render`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScanParams {
    /// Labels to answer yes, no or unsure (comma-separated ids, as `forewarn scan --ask`):
    /// the report's `answers`.
    pub ask: Option<String>,
}

impl ScanParams {
    /// From a request's query.
    pub fn of(request: &Request) -> Result<Self, ApiError> {
        Ok(Query::<ScanParams>::try_from_uri(request.uri())
            .map_err(|e| ApiError::bad_request(format!("invalid query: {}", e.body_text())))?
            .0)
    }
}

/// What one request asks of the engine beyond the server's policy: one threshold for every
/// label, and labels to answer.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    /// `min_confidence` (`/v1/check`).
    pub min_confidence: Option<f32>,
    /// `ask`, as label ids.
    pub ask: Vec<String>,
}

impl Asked {
    /// The labels of a comma-separated `ask`, each a known label (else a 400 naming it).
    pub fn labels(state: &Shared, ask: Option<&str>) -> Result<Vec<String>, ApiError> {
        let mut out = Vec::new();
        for id in ask.unwrap_or_default().split(',').map(str::trim).filter(|id| !id.is_empty()) {
            let known = forewarn_core::taxonomy().get(id).is_some()
                || state.pipeline.custom_labels().iter().any(|c| c.id == id);
            if !known {
                return Err(ApiError::bad_request(format!("ask: unknown label {id:?} (GET /v1/labels lists them)")));
            }
            out.push(id.to_string());
        }
        Ok(out)
    }

    /// The policy for this request, when it differs from the server's.
    fn policy(&self, server: &forewarn_core::Policy) -> Option<forewarn_core::Policy> {
        if self.min_confidence.is_none() && self.ask.is_empty() {
            return None;
        }
        let mut policy = server.clone().with_min_confidence(self.min_confidence);
        if !self.ask.is_empty() {
            policy.ask = self.ask.iter().cloned().collect();
        }
        Some(policy)
    }
}

/// Options of `/v1/check`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckParams {
    /// Declared tags in AO3 text ("Rating: ...; Archive Warnings: ...; Additional Tags: ..."),
    /// instead of those inside the work (as `forewarn check --declared`).
    pub declared: Option<String>,
    /// Only report detections at or above this confidence (0..1).
    pub min_confidence: Option<f32>,
    /// The least serious finding that fails the check (`missing`): `error` (the default),
    /// `warning` or `hint`, as `forewarn check --deny`.
    pub deny: Option<Level>,
}

/// The answer of `/v1/check` (documentation only: it is written by the JSON renderer, and a
/// test holds real answers to this schema).
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckResponse {
    /// The scan report.
    pub report: Report,
    /// What the declared tags miss.
    pub check: CheckOutcome,
}

/// The health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// The forewarn version.
    pub version: String,
}

/// The document's fixed parts (title, description, licence).
pub fn openapi_base() -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{InfoBuilder, OpenApiBuilder};
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("forewarn")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "What a work of fiction contains, before you read it: the AO3 rating, archive warnings \
                     and content warnings with evidence. Local and offline. Errors are {\"error\", \"status\"}.",
                ))
                .build(),
        )
        .build()
}

/// The API's routes.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(scan))
        .routes(routes!(check_work))
        .routes(routes!(labels))
        .routes(routes!(healthz))
        .routes(routes!(openapi_json))
}

/// Scan one work: its rating, warnings and evidence (the JSON report, schema 1).
#[utoipa::path(
    post,
    path = "/v1/scan",
    tag = "scan",
    params(ScanParams),
    request_body(description = "The work", content(
        (String = "text/plain"),
        (ScanRequest = "application/json"),
        (UploadForm = "multipart/form-data")
    )),
    responses(
        (status = 200, description = "The report: the entry `forewarn scan --format json` prints for this work", body = Report, content_type = "application/json"),
        (status = 400, description = "A malformed request (bad JSON, invalid UTF-8, a truncated form)", body = ApiError),
        (status = 408, description = "The request took longer than the server allows", body = ApiError),
        (status = 413, description = "The body is larger than the server accepts (default 50 MB)", body = ApiError),
        (status = 415, description = "Not text/plain, application/json or multipart/form-data", body = ApiError),
        (status = 422, description = "The work could not be read (empty, not a work, an unsafe EPUB)", body = ApiError),
        (status = 503, description = "Too many requests at once; see Retry-After", body = ApiError),
    )
)]
async fn scan(State(state): State<Shared>, request: Request) -> Result<Response, ApiError> {
    let params = ScanParams::of(&request)?;
    let asked = Asked { min_confidence: None, ask: Asked::labels(&state, params.ask.as_deref())? };
    let input = read_input(&state, request).await?;
    let report = analyse(&state, input, asked).await?;
    Ok(json_response(render_json(&Work { report: &report, check: None })))
}

/// Check one work's declared tags against what it contains (as `forewarn check --format json`).
#[utoipa::path(
    post,
    path = "/v1/check",
    tag = "check",
    params(CheckParams),
    request_body(description = "The work, with declared tags inside it, in `declared`, or in the query", content(
        (String = "text/plain"),
        (ScanRequest = "application/json"),
        (UploadForm = "multipart/form-data")
    )),
    responses(
        (status = 200, description = "The report and the check: the entry `forewarn check --format json` prints for this work", body = CheckResponse, content_type = "application/json"),
        (status = 400, description = "A malformed request or declaration", body = ApiError),
        (status = 408, description = "The request took longer than the server allows", body = ApiError),
        (status = 413, description = "The body is larger than the server accepts", body = ApiError),
        (status = 415, description = "Not text/plain, application/json or multipart/form-data", body = ApiError),
        (status = 422, description = "The work could not be read", body = ApiError),
        (status = 503, description = "Too many requests at once; see Retry-After", body = ApiError),
    )
)]
async fn check_work(State(state): State<Shared>, request: Request) -> Result<Response, ApiError> {
    let params = Query::<CheckParams>::try_from_uri(request.uri())
        .map_err(|e| ApiError::bad_request(format!("invalid query: {}", e.body_text())))?
        .0;
    if let Some(m) = params.min_confidence {
        if !(0.0..=1.0).contains(&m) {
            return Err(ApiError::bad_request(format!("min_confidence must be between 0 and 1, got {m}")));
        }
    }
    let mut input = read_input(&state, request).await?;
    let declared_text = params.declared.or(input.declared.take());
    let flag = match declared_text {
        Some(text) => Some(parse_declaration(&text).map_err(|e| ApiError::bad_request(format!("declared: {e}")))?),
        None => None,
    };
    let report = analyse(&state, input, Asked { min_confidence: params.min_confidence, ask: Vec::new() }).await?;
    // The same choice as `forewarn check`: the declaration given, else the work's own, else none.
    let in_work = report.source.declared.as_ref().filter(|d| !d.is_empty());
    let (declared, source) = match (&flag, in_work) {
        (Some(d), _) => (d.clone(), "flag"),
        (None, Some(d)) => (d.clone(), "work"),
        (None, None) => (Declared::default(), "none"),
    };
    let outcome = check(&report, &declared, source, params.min_confidence, params.deny.unwrap_or(Level::Error));
    Ok(json_response(render_json(&Work { report: &report, check: Some(&outcome) })))
}

/// The rating levels and every label with its definition (as `forewarn labels --format json`).
#[utoipa::path(
    get,
    path = "/v1/labels",
    tag = "labels",
    responses((status = 200, description = "The taxonomy", body = Taxonomy, content_type = "application/json"))
)]
async fn labels() -> Response {
    let mut body = serde_json::to_vec_pretty(forewarn_core::taxonomy()).unwrap_or_default();
    body.push(b'\n');
    json_response(body)
}

/// Whether the server is up.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1", body = Object, content_type = "application/json"))
)]
async fn openapi_json(State(state): State<Shared>) -> Response {
    json_response(state.openapi.clone().into_bytes())
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such endpoint; see /openapi.json")
}

/// A work as received: the name it is read under, its bytes, and a declaration given beside it.
pub struct Input {
    /// Held from before a large body is read until its analysis ends (see [`read_input`]).
    pub large: Option<tokio::sync::OwnedSemaphorePermit>,
    /// `-`, `request.jsonl`, or the uploaded file's name.
    pub name: String,
    /// The bytes to read.
    pub bytes: Vec<u8>,
    /// Declared tags in AO3 text from a form's `declared` part.
    pub declared: Option<String>,
}

/// Bodies above this size (or of unknown size) are "large": only as many are read at once as
/// analyses may run, so memory stays bounded by `workers × (body + analysis)` plus
/// `max_concurrent × LARGE_BODY`.
const LARGE_BODY: u64 = 1 << 20;

/// Reads the body as text, JSON or a form (see the module docs).
pub async fn read_input(state: &Shared, request: Request) -> Result<Input, ApiError> {
    let length =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let large = if length.is_none_or(|n| n > LARGE_BODY) {
        Some(
            state
                .large_bodies
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?,
        )
    } else {
        None
    };
    let max_body = state.settings.max_body;
    // The body is gathered here, under the upload deadline and rate, before any extractor
    // reads it: a slow client is dropped without ever holding an analysis slot.
    let (parts, body) = request.into_parts();
    let bytes = collect_body(body, &state.settings).await.map_err(|e| {
        if e.status == StatusCode::PAYLOAD_TOO_LARGE.as_u16() {
            super::too_large(max_body)
        } else {
            e
        }
    })?;
    let request = Request::from_parts(parts, axum::body::Body::from(bytes));
    let mut input = read_body(request).await.map_err(|e| {
        if e.status == StatusCode::PAYLOAD_TOO_LARGE.as_u16() {
            super::too_large(max_body)
        } else {
            e
        }
    })?;
    input.large = large;
    Ok(input)
}

/// How long a body may take before it must keep up the minimum rate.
const BODY_GRACE: Duration = Duration::from_secs(10);

/// Reads a body whole, answering 413 past `max_body`, and 408 when it takes longer than
/// `body_timeout` or, after [`BODY_GRACE`], arrives slower than `min_body_rate` on average.
async fn collect_body(body: axum::body::Body, settings: &super::Settings) -> Result<Bytes, ApiError> {
    use http_body_util::BodyExt;
    let started = tokio::time::Instant::now();
    let deadline = started + settings.body_timeout;
    let slow = || ApiError::new(StatusCode::REQUEST_TIMEOUT, "the request body arrived too slowly");
    let mut body = body;
    let mut out = Vec::new();
    loop {
        // The next chunk must come before the deadline and before the bytes so far stop paying
        // for the time taken: past the grace period, the average rate must be kept.
        let paid = Duration::from_secs_f64(out.len() as f64 / settings.min_body_rate.max(1) as f64);
        let due = deadline.min(started + BODY_GRACE.max(paid));
        let frame = match tokio::time::timeout_at(due, body.frame()).await {
            Err(_) => return Err(slow()),
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                // The body limit layer (tower-http) reports an oversized body as an error of
                // the body; the limit itself is enforced there, not again here.
                let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
                let too_large = std::iter::from_fn(|| {
                    let this = cause?;
                    cause = this.source();
                    Some(this)
                })
                .any(|c| c.is::<http_body_util::LengthLimitError>());
                return Err(if too_large {
                    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too large")
                } else {
                    ApiError::bad_request(format!("the request body could not be read: {e}"))
                });
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            out.extend_from_slice(&data);
        }
        let elapsed = started.elapsed();
        if elapsed > BODY_GRACE && (out.len() as f64) < settings.min_body_rate as f64 * elapsed.as_secs_f64() {
            return Err(slow());
        }
    }
    Ok(Bytes::from(out))
}

async fn read_body(request: Request) -> Result<Input, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_string();
    match essence.as_str() {
        "text/plain" | "" => {
            let bytes = body_bytes(request).await?;
            if let Err(e) = std::str::from_utf8(&bytes) {
                return Err(ApiError::bad_request(format!(
                    "the text/plain body is not valid UTF-8 (at byte {}); send the file as multipart/form-data \
                     to have its encoding detected",
                    e.valid_up_to()
                )));
            }
            Ok(Input { name: "-".into(), bytes: bytes.to_vec(), declared: None, large: None })
        }
        "application/json" => {
            let bytes = body_bytes(request).await?;
            let body: ScanRequest =
                serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
            Ok(Input { name: "request.jsonl".into(), bytes: jsonl_record(body)?, declared: None, large: None })
        }
        "multipart/form-data" => read_form(request).await,
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported content type {other:?}; send text/plain, application/json or multipart/form-data"),
        )),
    }
}

async fn body_bytes(request: Request) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, &()).await.map_err(|e| ApiError::new(e.status(), e.body_text()))
}

/// The JSON body as one JSONL record, so that it is read exactly as a batch line is.
fn jsonl_record(body: ScanRequest) -> Result<Vec<u8>, ApiError> {
    let declared = match body.declared {
        None => None,
        Some(DeclaredIn::Object(d)) => Some(d),
        Some(DeclaredIn::Text(text)) => {
            Some(parse_declaration(&text).map_err(|e| ApiError::bad_request(format!("declared: {e}")))?)
        }
    };
    let record = serde_json::json!({
        "id": body.id.filter(|id| !id.is_empty()).unwrap_or_else(|| "text".into()),
        "text": body.text,
        "title": body.title,
        "declared": declared,
    });
    serde_json::to_vec(&record).map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

async fn read_form(request: Request) -> Result<Input, ApiError> {
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    // A body that ends early or breaks off is the client's doing (400), not the server's.
    let form_error = |e: axum::extract::multipart::MultipartError| {
        let status = if e.status().is_server_error() { StatusCode::BAD_REQUEST } else { e.status() };
        ApiError::new(status, format!("the form could not be read: {}", e.body_text()))
    };
    let mut work: Option<(String, Vec<u8>)> = None;
    let mut declared = None;
    while let Some(field) = form.next_field().await.map_err(form_error)? {
        let part = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(upload_name);
        match (part.as_str(), file_name) {
            ("declared", _) => {
                declared = Some(field.text().await.map_err(form_error)?).filter(|d| !d.trim().is_empty())
            }
            ("file", Some(name)) => {
                let bytes = field.bytes().await.map_err(form_error)?;
                // An empty file input is sent as a part with an empty name and no bytes.
                if bytes.is_empty() && name == "upload" {
                    continue;
                }
                if work.is_some() {
                    return Err(ApiError::bad_request("send one work per request (a file or a text)"));
                }
                work = Some((name, bytes.to_vec()));
            }
            ("text", None) => {
                let text = field.text().await.map_err(form_error)?;
                if text.is_empty() {
                    continue;
                }
                if work.is_some() {
                    return Err(ApiError::bad_request("send one work per request (a file or a text)"));
                }
                work = Some(("-".into(), text.into_bytes()));
            }
            _ => {
                // Unknown parts are drained and ignored, as HTML forms may send extra fields.
                field.bytes().await.map_err(form_error)?;
            }
        }
    }
    let (name, bytes) = work.ok_or_else(|| ApiError::bad_request("the form has no \"file\" or \"text\" part"))?;
    Ok(Input { name, bytes, declared, large: None })
}

/// The last part of an uploaded file's name, without anything that could be a path.
fn upload_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.is_empty() || clean == "." || clean == ".." {
        "upload".into()
    } else {
        clean
    }
}

/// Reads and analyses one work on the blocking pool, once an analysis permit is free, under
/// the server's policy and what the request asks ([`Asked`]).
pub async fn analyse(state: &Shared, input: Input, asked: Asked) -> Result<Report, ApiError> {
    analyse_then(state, input, asked, |_, _, report| report).await?
}

/// Reads and analyses one work on the blocking pool, once an analysis permit is free, then
/// runs `then` on its document, analysis and report there too.
pub async fn analyse_then<T: Send + 'static>(
    state: &Shared,
    input: Input,
    asked: Asked,
    then: impl FnOnce(&Document, &Analysis, Report) -> T + Send + 'static,
) -> Result<Result<T, ApiError>, ApiError> {
    let permit = state
        .analyses
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?;
    // Memory next: an analysis that would overdraw the budget waits for others to end, then
    // is told to come back.
    let wanted = estimate_mb(&input.bytes).min(state.settings.memory_budget_mb);
    let memory = tokio::time::timeout(state.settings.queue_timeout, state.memory.clone().acquire_many_owned(wanted))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy; retry in a second"))?;
    let shared = state.clone();
    // The permits move into the task: if the request times out, the analysis still counts
    // against the limits until it ends.
    let Input { name, bytes, large, .. } = input;
    tokio::task::spawn_blocking(move || {
        let _permits = (permit, large, memory);
        let policy = asked.policy(shared.pipeline.policy());
        shared
            .pipeline
            .analyse_one(&name, &bytes, policy.as_ref(), then)
            .map_err(|message| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message))
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error while analysing the work"))
}

/// Most memory one analysis takes, in MB: the work limits (64 MiB of text, a million
/// sentences) bound it; measured peaks at those limits are 270-380 MB without the sentence
/// model, and the model's windows add under 100 MB.
const WORK_MAX_MB: u32 = 600;

/// What an analysis of these bytes may take, in MB, reserved from the memory budget before
/// it starts. An archive (EPUB) may expand up to the work limits, so it reserves the most; a
/// text takes about 70 bytes a byte at worst (measured: a million one-word sentences, 3.9 MB,
/// peak 272 MB) plus a base.
pub fn estimate_mb(bytes: &[u8]) -> u32 {
    const BASE_MB: u64 = 16;
    if bytes.starts_with(b"PK") {
        return WORK_MAX_MB;
    }
    let mb = BASE_MB + (bytes.len() as u64).saturating_mul(70) / 1_000_000;
    u32::try_from(mb).unwrap_or(u32::MAX).min(WORK_MAX_MB)
}

/// The entry the CLI's JSON renderer writes for this work, as one object.
fn render_json(work: &Work<'_>) -> Vec<u8> {
    // Serialising a report into memory cannot fail.
    crate::render::json::object(work).unwrap_or_default()
}

fn json_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
