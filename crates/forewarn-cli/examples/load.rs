//! A load generator for `forewarn serve` (run by `scripts/load-test`, not by the tests).
//!
//! Opens `--connections` keep-alive connections and sends `--requests` requests between them,
//! in a fixed mix of sizes: short texts, 2,000-word texts, 10,000-word texts, the labels,
//! the health check, and bodies over the server's limit (sent with `Expect: 100-continue`,
//! so the 413 comes before the body). A 503 is retried after its `Retry-After`, as a polite
//! client would. Prints one JSON object: requests per second, statuses, and latency
//! percentiles per kind (end to end, retries included).
//!
//! Usage: `cargo run --release --example load -- ADDR TEXT_FILE [--connections N] [--requests N] [--only KIND]`

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One kind of request in the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Words100,
    Words2000,
    Words10000,
    Labels,
    Health,
    TooLarge,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Words100 => "text-100-words",
            Kind::Words2000 => "text-2000-words",
            Kind::Words10000 => "text-10000-words",
            Kind::Labels => "labels",
            Kind::Health => "healthz",
            Kind::TooLarge => "over-limit",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        MIX.iter().copied().find(|k| k.name() == name)
    }
}

/// Twenty requests' worth of mix, repeated.
const MIX: [Kind; 20] = [
    Kind::Words100,
    Kind::Words2000,
    Kind::Words100,
    Kind::Labels,
    Kind::Words2000,
    Kind::Words100,
    Kind::Health,
    Kind::Words2000,
    Kind::Words100,
    Kind::Words10000,
    Kind::Words2000,
    Kind::Words100,
    Kind::Labels,
    Kind::Words2000,
    Kind::TooLarge,
    Kind::Words100,
    Kind::Words2000,
    Kind::Health,
    Kind::Words100,
    Kind::Words2000,
];

struct Bodies {
    words100: Vec<Vec<u8>>,
    words2000: Vec<Vec<u8>>,
    words10000: Vec<Vec<u8>>,
}

/// Slices of `n` words, starting at different places in the text.
fn slices(words: &[&str], n: usize, count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|i| {
            let start = (i * 7919) % words.len().saturating_sub(n).max(1);
            let mut text = String::new();
            for (j, w) in words.iter().cycle().skip(start).take(n).enumerate() {
                text.push_str(w);
                // Paragraphs of about 120 words, so the texts look like prose.
                text.push_str(if j % 120 == 119 { "\n\n" } else { " " });
            }
            text.into_bytes()
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, usize>,
    retried_503: usize,
    reconnects: usize,
    io_errors: usize,
    error_kinds: BTreeMap<String, usize>,
    latencies: BTreeMap<Kind, Vec<f64>>,
}

fn request_bytes(kind: Kind, i: usize, bodies: &Bodies) -> Vec<u8> {
    let post = |body: &[u8]| {
        let mut r = format!(
            "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };
    match kind {
        Kind::Words100 => post(&bodies.words100[i % bodies.words100.len()]),
        Kind::Words2000 => post(&bodies.words2000[i % bodies.words2000.len()]),
        Kind::Words10000 => post(&bodies.words10000[i % bodies.words10000.len()]),
        Kind::Labels => b"GET /v1/labels HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        Kind::Health => b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        Kind::TooLarge => b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 60000000\r\nExpect: 100-continue\r\n\r\n".to_vec(),
    }
}

/// Reads one response; returns (status, whether the server will close the connection).
async fn read_response(
    stream: &mut (impl tokio::io::AsyncRead + Unpin),
    buf: &mut Vec<u8>,
) -> std::io::Result<(u16, bool)> {
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length: usize =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let close = head.lines().any(|l| l.starts_with("connection:") && l.contains("close"));
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok((status, close))
}

async fn connect(addr: &str) -> Option<TcpStream> {
    for attempt in 0..50u64 {
        match TcpStream::connect(addr).await {
            Ok(s) => {
                let _ = s.set_nodelay(true);
                return Some(s);
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(20 * (attempt + 1))).await,
        }
    }
    None
}

async fn worker(
    addr: Arc<String>,
    next: Arc<AtomicUsize>,
    total: usize,
    only: Option<Kind>,
    bodies: Arc<Bodies>,
    tally: Arc<Mutex<Tally>>,
) {
    let mut stream: Option<TcpStream> = None;
    let mut buf = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= total {
            return;
        }
        let kind = only.unwrap_or(MIX[i % MIX.len()]);
        let request = request_bytes(kind, i, &bodies);
        let started = Instant::now();
        let mut retries = 0;
        let mut reconnects = 0;
        let mut failures_in_a_row = 0;
        let mut last_error = String::new();
        let status = loop {
            if stream.is_none() {
                stream = connect(&addr).await;
            }
            let Some(s) = stream.as_mut() else {
                last_error = format!("{kind:?} connect failed");
                break None;
            };
            // Read while writing: a server may answer (413, 503) before it reads the body and
            // then close, and the answer must not be lost to a failed write.
            let (mut reader, mut writer) = s.split();
            let (written, result) = tokio::join!(writer.write_all(&request), read_response(&mut reader, &mut buf));
            match result {
                Ok((status, close)) => {
                    // A server may close a connection after answering before reading the whole
                    // body, without saying so; only failures in a row count against a request.
                    failures_in_a_row = 0;
                    // Over-limit bodies were never sent, so the connection cannot be reused.
                    if close || written.is_err() || kind == Kind::TooLarge {
                        stream = None;
                    }
                    if status == 503 && retries < 100 {
                        retries += 1;
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                    break Some(status);
                }
                Err(e) => {
                    last_error = format!("{kind:?}: {:?}", e.kind());
                    stream = None;
                    reconnects += 1;
                    failures_in_a_row += 1;
                    if failures_in_a_row > 3 {
                        break None;
                    }
                }
            }
        };
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
        t.retried_503 += retries;
        t.reconnects += reconnects;
        match status {
            Some(status) => {
                *t.statuses.entry(status).or_default() += 1;
                t.latencies.entry(kind).or_default().push(elapsed);
            }
            None => {
                t.io_errors += 1;
                *t.error_kinds.entry(last_error).or_default() += 1;
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (Some(addr), Some(text_file)) = (args.first().cloned(), args.get(1).cloned()) else {
        eprintln!("usage: load ADDR TEXT_FILE [--connections N] [--requests N] [--only KIND]");
        std::process::exit(2);
    };
    let connections: usize = flag("--connections").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let total: usize = flag("--requests").and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let only = flag("--only").and_then(|k| Kind::parse(&k));
    let text = std::fs::read_to_string(&text_file)?;
    let words: Vec<&str> = text.split_whitespace().collect();
    let bodies = Arc::new(Bodies {
        words100: slices(&words, 100, 64),
        words2000: slices(&words, 2000, 64),
        words10000: slices(&words, 10_000, 8),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    runtime.block_on(async {
        let next = Arc::new(AtomicUsize::new(0));
        let addr = Arc::new(addr);
        let tasks: Vec<_> = (0..connections)
            .map(|_| tokio::spawn(worker(addr.clone(), next.clone(), total, only, bodies.clone(), tally.clone())))
            .collect();
        for task in tasks {
            let _ = task.await;
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
    let done: usize = t.statuses.values().sum();
    let mut latency = serde_json::Map::new();
    for (kind, values) in &mut t.latencies {
        values.sort_by(f64::total_cmp);
        latency.insert(
            kind.name().to_string(),
            serde_json::json!({
                "count": values.len(),
                "p50_ms": percentile(values, 50.0).round(),
                "p99_ms": percentile(values, 99.0).round(),
                "max_ms": percentile(values, 100.0).round(),
            }),
        );
    }
    let statuses: BTreeMap<String, usize> = t.statuses.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let summary = serde_json::json!({
        "connections": connections,
        "requests": total,
        "completed": done,
        "seconds": (seconds * 10.0).round() / 10.0,
        "requests_per_second": (done as f64 / seconds).round(),
        "statuses": statuses,
        "retried_after_503": t.retried_503,
        "reconnects": t.reconnects,
        "io_errors": t.io_errors,
        "error_kinds": t.error_kinds,
        "latency": latency,
    });
    println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    Ok(())
}
