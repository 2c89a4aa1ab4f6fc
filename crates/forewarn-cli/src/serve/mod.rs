//! `forewarn serve`: a local web page and HTTP API over the same pipeline as `forewarn scan`.
//!
//! One [`Pipeline`] (engine, calibration, settings) is built at start-up and shared by every
//! request. Requests are parsed on the async workers; analysis runs on tokio's blocking pool,
//! at most `--workers` at a time, so a long work never stalls the connections of others.
//!
//! The layers, outermost first: the request log and JSON error bodies ([`observe`]), the
//! concurrency limit ([`admit`]: requests beyond it wait their turn, first come first served,
//! for up to `--queue-timeout`, then get 503 with `Retry-After`), then per route (tower-http)
//! the request timeout (408) and the body limit (413). Slow clients are cut off by hyper's
//! header-read timeout, which also closes idle keep-alive connections.
//!
//! Memory is bounded: a request's body is read only once it is admitted; bodies over 1 MB (or
//! of unknown length) are read only `--workers` at a time; each analysis first reserves an
//! estimate of its memory from `--memory-budget-mb` ([`api::estimate_mb`]) and waits its turn
//! (then 503) when the budget is spent. So at most about `max_concurrent × 1 MB + workers ×
//! 2 × max body + memory budget`, plus the sentence model, is in use (see the README).
//!
//! Slow clients cannot hold the server: headers must arrive within `--header-timeout`, a body
//! within `--body-timeout` and, past its first 10 seconds, at `--min-body-rate` (408 and the
//! connection closed otherwise); analysis permits are taken only once the body is in. Only
//! POST requests queue for admission, so `/healthz` answers while the queue is full.
//! Shutdown on SIGTERM or Ctrl-C stops accepting, lets in-flight requests finish for
//! `--shutdown-timeout` (10 s), then closes what is left.
//!
//! The Host header must name the bound address, localhost, an IP literal or an
//! `--allow-host` name, and an Origin header must be the server's own or an `--allow-origin`
//! one (403 otherwise): a web page elsewhere cannot use the server through DNS rebinding or a
//! cross-origin form.
//!
//! Privacy: the log holds method, path, sizes, status and time, never text, titles or query
//! strings. The server makes no outbound connections (it never fetches the sentence model) and
//! binds to loopback unless told otherwise; it warns when it is not.

mod api;
mod page;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::cli::ServeArgs;
use crate::pipeline::Pipeline;

pub use api::ApiError;

/// Limits and switches of a running server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Largest request body in bytes.
    pub max_body: usize,
    /// Requests handled at once.
    pub max_concurrent: usize,
    /// How long a request beyond the limit waits for its turn before a 503.
    pub queue_timeout: Duration,
    /// Analyses run at once.
    pub workers: usize,
    /// Time a request may take, upload included.
    pub request_timeout: Duration,
    /// Time a client may take to send its headers.
    pub header_timeout: Duration,
    /// Time a client may take to send a body.
    pub body_timeout: Duration,
    /// Slowest body accepted past its first seconds, in bytes a second.
    pub min_body_rate: u64,
    /// Memory analyses in flight may reserve together, in MB.
    pub memory_budget_mb: u32,
    /// Time requests in flight get to finish at shutdown.
    pub shutdown_timeout: Duration,
    /// Host names accepted besides the bound address, localhost and IP literals (lower case).
    pub allow_hosts: Vec<String>,
    /// Origins accepted besides the server's own (lower case, no trailing slash).
    pub allow_origins: Vec<String>,
    /// Whether requests are logged.
    pub log: bool,
}

impl Settings {
    fn from_args(args: &ServeArgs) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            max_body: args.max_body_mb.saturating_mul(1_000_000),
            max_concurrent: args.max_concurrent.max(1),
            queue_timeout: Duration::from_secs(args.queue_timeout),
            workers: args.workers.unwrap_or(cores).max(1),
            request_timeout: Duration::from_secs(args.request_timeout.max(1)),
            header_timeout: Duration::from_secs(args.header_timeout.max(1)),
            body_timeout: Duration::from_secs(args.body_timeout.max(1)),
            min_body_rate: args.min_body_rate.saturating_mul(1000),
            memory_budget_mb: u32::try_from(args.memory_budget_mb.max(1)).unwrap_or(u32::MAX),
            shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
            allow_hosts: args.allow_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
            allow_origins: args
                .allow_origins
                .iter()
                .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
                .collect(),
            log: !args.quiet,
        }
    }
}

/// What every handler shares: the pipeline, the analysis permits, the settings.
pub struct AppState {
    pipeline: Pipeline,
    admitted: Arc<tokio::sync::Semaphore>,
    analyses: Arc<tokio::sync::Semaphore>,
    large_bodies: Arc<tokio::sync::Semaphore>,
    memory: Arc<tokio::sync::Semaphore>,
    settings: Settings,
    openapi: String,
}

type Shared = Arc<AppState>;

/// Runs the command: serves until SIGTERM or Ctrl-C.
pub fn run(mut args: ServeArgs) -> anyhow::Result<ExitCode> {
    // Reports hold evidence passages; a server keeps them off the disk unless asked to.
    args.engine.no_cache = !args.cache;
    // The server makes no outbound connections, not even to fetch the sentence model at start
    // (`forewarn model fetch` does that); without the model it runs the lexical engine. This
    // runs before any thread is started.
    std::env::set_var("FOREWARN_OFFLINE", "1");
    let pipeline = Pipeline::new(&args.engine)?;
    if let Err(e) = pipeline.prepare() {
        eprintln!("forewarn serve: the sentence model could not be loaded ({e}); serving with the lexical engine");
    }
    let settings = Settings::from_args(&args);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("forewarn-serve")
        .build()
        .context("starting the async runtime")?;
    let served = runtime.block_on(serve(args.addr, pipeline, settings));
    // Analyses still running on the blocking pool are not waited for past this.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served?;
    Ok(ExitCode::SUCCESS)
}

/// The router (every route registered through utoipa, so the OpenAPI document lists exactly
/// what is served) and that document.
fn app(state: Shared) -> axum::Router {
    let settings = &state.settings;
    let (router, _) = routes().split_for_parts();
    router
        // Each `layer` wraps the ones before it: the timeout covers the body limit.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(settings.max_body))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, settings.request_timeout))
        .fallback(api::not_found)
        .with_state(state)
}

/// The routes with their OpenAPI operations.
fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::with_openapi(api::openapi_base()).merge(api::routes()).merge(page::routes())
}

/// The OpenAPI document of the server, as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().into_openapi()
}

async fn serve(addr: SocketAddr, pipeline: Pipeline, settings: Settings) -> anyhow::Result<()> {
    let openapi = openapi().to_pretty_json().context("writing the OpenAPI document")?;
    let analyses = Arc::new(tokio::sync::Semaphore::new(settings.workers));
    let large_bodies = Arc::new(tokio::sync::Semaphore::new(settings.workers));
    let admitted = Arc::new(tokio::sync::Semaphore::new(settings.max_concurrent));
    let memory = Arc::new(tokio::sync::Semaphore::new(settings.memory_budget_mb as usize));
    let state =
        Arc::new(AppState { pipeline, admitted, analyses, large_bodies, memory, settings: settings.clone(), openapi });
    let router = app(state.clone());
    let service = ServiceBuilder::new()
        .map_request(|request: Request<hyper::body::Incoming>| request.map(Body::new))
        .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), admit))
        .service(router);

    let listener = TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() {
        eprintln!(
            "warning: listening on {local}, which other machines may reach; the texts people scan \
             and the reports travel unencrypted. Use --addr 127.0.0.1:PORT to stay local."
        );
    }
    // The tests and scripts read this line to learn the port.
    println!("forewarn serve: listening on http://{local}/");
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        eprintln!("forewarn serve: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(settings.header_timeout)
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service.clone()));
                let watched = graceful.watch(connection);
                tokio::spawn(async move {
                    // A connection error (a client that went away) concerns that client only.
                    let _ = watched.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    eprintln!("forewarn serve: shutting down, finishing {} open connection(s)", graceful.count());
    let grace = settings.shutdown_timeout;
    if tokio::time::timeout(grace, graceful.shutdown()).await.is_err() {
        eprintln!("forewarn serve: closed the connections still open after {}s", grace.as_secs());
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The concurrency limit: at most `max_concurrent` requests at once. Others wait in arrival
/// order (tokio's semaphore is fair) for up to `queue_timeout`, then are told to come back.
async fn admit(State(state): State<Shared>, request: Request, next: Next) -> Response {
    // Reading the page, the labels or the health answer costs next to nothing: only work
    // (POST) queues, so a full queue never hides whether the server is up.
    if request.method() != axum::http::Method::POST {
        return next.run(request).await;
    }
    let permit = match state.admitted.clone().try_acquire_owned() {
        Ok(permit) => Some(permit),
        Err(_) => tokio::time::timeout(state.settings.queue_timeout, state.admitted.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok),
    };
    let Some(_permit) = permit else {
        let mut response =
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy; retry in a second").into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    next.run(request).await
}

/// Refuses requests whose Host is not this server (DNS rebinding) or whose Origin is another
/// site's (a cross-origin form or fetch), with 403.
async fn guard(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).map(|v| v.to_str().unwrap_or("\u{0}").to_ascii_lowercase());
    if let Some(host) = &host {
        if !host_allowed(host, &state.settings.allow_hosts) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "this server answers to its own address and localhost only (see --allow-host)",
            )
            .into_response();
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default().trim_end_matches('/').to_ascii_lowercase();
        let own = host.as_deref().is_some_and(|host| origin == format!("http://{host}"));
        if !own && !state.settings.allow_origins.contains(&origin) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "requests from other web sites are refused (see --allow-origin)",
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// Whether a Host header value names this server: localhost, an IP literal (a DNS rebinding
/// attack needs a name it controls, so a literal address is always the one connected to), or
/// an allowed name, with or without a port.
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else { return false };
    let name = authority.host();
    let literal = name.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok();
    literal || name == "localhost" || name.ends_with(".localhost") || allowed.iter().any(|a| a == host || a == name)
}

/// Logs each request (method, path without query, sizes, status, time) and turns error
/// answers from the layers and extractors (plain text or empty) into the JSON error body.
async fn observe(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let request_bytes = content_length(request.headers());
    let mut response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        response = json_error(response, state.settings.max_body).await;
    }
    if state.settings.log {
        eprintln!(
            "{} {method} {path} {} request={} response={} {:.1}ms",
            unix_seconds(),
            status.as_u16(),
            request_bytes.map_or_else(|| "-".to_string(), |n| format!("{n}B")),
            content_length(response.headers()).map_or_else(|| "-".to_string(), |n| format!("{n}B")),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// Rewrites an error response as `{"error", "status"}`, keeping its headers (`Allow`,
/// `Retry-After`) and using its text, if any, as the message.
async fn json_error(response: Response, max_body: usize) -> Response {
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_string();
    let message = match parts.status {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(max_body).error,
        StatusCode::REQUEST_TIMEOUT => "the request took too long (upload and analysis)".to_string(),
        status if text.is_empty() => status.canonical_reason().unwrap_or("error").to_lowercase(),
        _ => text,
    };
    let mut error = ApiError::new(parts.status, message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            error.headers_mut().insert(name.clone(), value.clone());
        }
    }
    error
}

/// The 413 answer, naming the limit.
fn too_large(max_body: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than this server accepts ({} MB)", max_body / 1_000_000),
    )
}

fn content_length(headers: &axum::http::HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

fn unix_seconds() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    format!("{}.{:03}", now.as_secs(), now.subsec_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_this_server() {
        let allowed = vec!["reader.lan".to_string()];
        for host in [
            "127.0.0.1:8080",
            "localhost",
            "localhost:8080",
            "app.localhost:1",
            "[::1]:8080",
            "10.0.0.7",
            "reader.lan",
            "reader.lan:80",
        ] {
            assert!(host_allowed(host, &allowed), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "[evil]",
            "reader.lan.evil",
        ] {
            assert!(!host_allowed(host, &allowed), "{host}");
        }
    }

    #[test]
    fn archives_reserve_the_most_and_texts_by_size() {
        assert_eq!(api::estimate_mb(b"PK\x03\x04"), 600);
        assert_eq!(api::estimate_mb(b"She ran."), 16);
        assert_eq!(api::estimate_mb(&vec![b'a'; 2_000_000]), 156);
        assert_eq!(api::estimate_mb(&vec![b'a'; 50_000_000]), 600);
    }
}
