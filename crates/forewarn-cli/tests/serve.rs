//! `forewarn serve`: every endpoint and error status, answers equal to the CLI's, the OpenAPI
//! document against the router, and abuse (slow clients, truncated forms, a zip bomb,
//! invalid UTF-8, a 50 MB line) after which the server still serves. Each test starts the
//! real binary on a free loopback port and talks raw HTTP/1.1 to it.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A clinical two-chapter story (also used by scripts/browser-test): a stabbing and a death.
const STORY: &str = "Chapter 1\n\nThe storm came in off the sea before dark. Ellen climbed the tower stairs with the lamp oil, counting each step the way her father had taught her. Below, the harbour lights went out one by one.\n\nShe found the stranger in the lamp room, soaked and shaking, a knife in his hand. He said the boat had gone down on the rocks and the others were drowned. She did not believe him.\n\nChapter 2\n\nWhen her father came up the stairs the stranger lunged at him. The knife went into his side and he fell against the rail, and blood ran across the iron floor. Ellen struck the stranger with the oil can until he stopped moving.\n\nHer father died before the dawn. She sat with him and held his hand while the light turned above them, and when the lifeboat men came at last she could not speak.\n";

const GENTLE: &str = "Mira and her grandmother picked apples all afternoon. The ladder wobbled and they both laughed. By evening the kitchen smelled of cinnamon.";

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// A running `forewarn serve`, stopped (SIGTERM, then kill) when dropped.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
    _cache: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Self {
        Self::start_at("127.0.0.1:0", extra)
    }

    fn start_at(addr: &str, extra: &[&str]) -> Self {
        let cache = ok(tempfile::tempdir());
        let mut child = ok(Command::new(env!("CARGO_BIN_EXE_forewarn"))
            .args(["serve", "--addr", addr])
            .args(extra)
            .env("NO_COLOR", "1")
            .env("FOREWARN_CACHE_DIR", cache.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn());
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap_or_else(|e| e.into_inner()).push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let line = String::from_utf8_lossy(&line).to_string();
        let addr =
            line.split("http://").nth(1).map(|rest| rest.trim_end_matches('/').to_string()).unwrap_or_else(|| {
                panic!("no address in {line:?}; log: {}", log.lock().map(|l| l.clone()).unwrap_or_default())
            });
        Self { child, addr, log, _cache: cache }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn terminate(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
    }

    /// Waits for the process to end (after [`Server::terminate`]), at most `limit`.
    fn wait(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    fn healthy(&self) {
        let reply = get(&self.addr, "/healthz");
        assert_eq!(reply.status, 200, "the server still serves; log:\n{}", self.log());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    /// Asserts a JSON error body with this status, and returns its message.
    fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("application/json"), "{self:?}");
        let body = self.json();
        assert_eq!(body["status"], status, "{body}");
        body["error"].as_str().unwrap_or_else(|| panic!("no message: {body}")).to_string()
    }
}

fn connect(addr: &str) -> TcpStream {
    let stream = ok(TcpStream::connect(addr));
    ok(stream.set_read_timeout(Some(Duration::from_secs(300))));
    stream
}

/// Reads a whole response from a connection the server closes after it.
fn read_reply(stream: &mut TcpStream) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse(&raw).ok_or_else(|| std::io::Error::other(format!("no HTTP response in {} bytes", raw.len())))
}

fn parse(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Reply { status, headers, body: raw[end + 4..].to_vec() })
}

fn request(addr: &str, method: &str, path: &str, content_type: Option<&str>, body: &[u8]) -> Reply {
    let mut stream = connect(addr);
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if method != "GET" || !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    ok(stream.write_all(head.as_bytes()));
    ok(stream.write_all(body));
    ok(read_reply(&mut stream))
}

fn get(addr: &str, path: &str) -> Reply {
    request(addr, "GET", path, None, b"")
}

fn post(addr: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
    request(addr, "POST", path, Some(content_type), body)
}

const BOUNDARY: &str = "forewarn-test-7c1e";

/// A multipart body: (part name, file name, bytes).
fn form(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(file) = file {
            body.extend_from_slice(
                format!("; filename=\"{file}\"\r\nContent-Type: application/octet-stream").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn form_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

const CONTAINER: &[u8] = br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
const OPF: &[u8] = br#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Keeper's Night</dc:title></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"#;

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, data)) in entries.iter().enumerate() {
        let method = if i == 0 { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        ok(w.start_file(*name, SimpleFileOptions::default().compression_method(method)));
        ok(w.write_all(data));
    }
    ok(w.finish()).into_inner()
}

/// An EPUB 3 of [`STORY`], one paragraph per `<p>`.
fn story_epub() -> Vec<u8> {
    let paragraphs: String =
        STORY
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                if p.starts_with("Chapter") {
                    format!("<h2>{}</h2>", p.trim())
                } else {
                    format!("<p>{}</p>", p.trim())
                }
            })
            .collect();
    let chapter = format!(
        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>c1</title></head><body>{paragraphs}</body></html>"
    );
    zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", OPF),
        ("OEBPS/c1.xhtml", chapter.as_bytes()),
    ])
}

/// Runs the CLI in `dir` and returns its stdout.
fn cli(dir: &std::path::Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let cache = ok(tempfile::tempdir());
    let mut child = ok(Command::new(env!("CARGO_BIN_EXE_forewarn"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("FOREWARN_CACHE_DIR", cache.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn());
    let mut input = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
    ok(input.write_all(stdin));
    drop(input);
    let out = ok(child.wait_with_output());
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The CLI's `--format json` output for one input is an array of one entry; the API answers
/// with that entry alone, as a pretty-printed object.
fn only_entry(out: &[u8]) -> serde_json::Value {
    let entries: Vec<serde_json::Value> =
        serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)));
    assert_eq!(entries.len(), 1, "{entries:#?}");
    entries.into_iter().next().unwrap_or_default()
}

#[test]
fn scan_answers_equal_the_cli() {
    let server = Server::start(&[]);
    let dir = ok(tempfile::tempdir());

    // text/plain is read like standard input.
    let reply = post(&server.addr, "/v1/scan", "text/plain; charset=utf-8", STORY.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(reply.text().starts_with("{\n  \""), "one object, pretty-printed: {}", reply.text());
    let from_cli = cli(dir.path(), &["scan", "--no-cache", "--format", "json", "-"], STORY.as_bytes());
    assert_eq!(reply.json(), only_entry(&from_cli), "the answer is the CLI's entry for the work, alone");
    let report = reply.json();
    assert_eq!(report["id"], "-");
    let ids: Vec<&str> = report["warnings"].as_array().into_iter().flatten().filter_map(|w| w["id"].as_str()).collect();
    assert!(ids.contains(&"death"), "{ids:?}");

    // JSON is read as one JSONL record of request.jsonl.
    let body = serde_json::json!({
        "text": STORY, "title": "The Keeper's Night",
        "declared": {"rating": "Teen And Up Audiences", "additional_tags": ["Angst"]}
    });
    let reply = post(&server.addr, "/v1/scan", "application/json", body.to_string().as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut record = body.clone();
    record["id"] = "text".into();
    std::fs::write(dir.path().join("request.jsonl"), format!("{record}\n")).unwrap_or_else(|e| panic!("{e}"));
    let from_cli = cli(dir.path(), &["scan", "--no-cache", "--format", "json", "request.jsonl"], b"");
    assert_eq!(reply.json(), only_entry(&from_cli), "the answer is the CLI's entry for the work, alone");
    assert_eq!(reply.json()["source"]["title"], "The Keeper's Night");
    assert_eq!(reply.json()["source"]["declared"]["rating"], "Teen And Up Audiences");

    // AO3 text in "declared" is the same as its object.
    let text_declared = serde_json::json!({
        "text": STORY, "title": "The Keeper's Night",
        "declared": "Rating: Teen And Up Audiences; Additional Tags: Angst"
    });
    let again = post(&server.addr, "/v1/scan", "application/json", text_declared.to_string().as_bytes());
    assert_eq!(again.json(), reply.json());

    // A form with an EPUB file is read like that file.
    let epub = story_epub();
    let reply = post(&server.addr, "/v1/scan", &form_type(), &form(&[("file", Some("keeper.epub"), &epub)]));
    assert_eq!(reply.status, 200, "{}", reply.text());
    std::fs::write(dir.path().join("keeper.epub"), &epub).unwrap_or_else(|e| panic!("{e}"));
    let from_cli = cli(dir.path(), &["scan", "--no-cache", "--format", "json", "keeper.epub"], b"");
    assert_eq!(reply.json(), only_entry(&from_cli), "the answer is the CLI's entry for the work, alone");
    assert_eq!(reply.json()["source"]["format"], "epub");

    // A form's text part is read like standard input; a path in a file name is dropped.
    let reply = post(&server.addr, "/v1/scan", &form_type(), &form(&[("text", None, STORY.as_bytes())]));
    assert_eq!(reply.json()["id"], "-");
    let reply =
        post(&server.addr, "/v1/scan", &form_type(), &form(&[("file", Some("../../etc/story.txt"), STORY.as_bytes())]));
    assert_eq!(reply.json()["id"], "story.txt");
}

/// `?ask=` answers as `forewarn scan --ask`, and the page shows the answers.
#[test]
fn asked_labels_are_answered_as_the_cli_does() {
    let server = Server::start(&[]);
    let dir = ok(tempfile::tempdir());
    let reply = post(&server.addr, "/v1/scan?ask=death,animal-death", "text/plain", STORY.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let from_cli = cli(
        dir.path(),
        &["scan", "--no-cache", "--format", "json", "--ask", "death,animal-death", "-"],
        STORY.as_bytes(),
    );
    assert_eq!(reply.json(), only_entry(&from_cli), "the answer is the CLI's entry for the work, alone");
    assert_eq!(reply.json()["answers"]["death"]["answer"], "yes");
    let page = post(&server.addr, "/v1/render?ask=death,animal-death", "text/plain", STORY.as_bytes());
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Your questions"), "{}", page.text());
    assert!(post(&server.addr, "/v1/scan?ask=dog-dies", "text/plain", STORY.as_bytes())
        .error(400)
        .contains("unknown label \"dog-dies\""));
}

#[test]
fn check_answers_equal_the_cli() {
    let server = Server::start(&[]);
    let dir = ok(tempfile::tempdir());
    let declared = "Rating: General Audiences; Archive Warnings: No Archive Warnings Apply";
    let query = "Rating%3A%20General%20Audiences%3B%20Archive%20Warnings%3A%20No%20Archive%20Warnings%20Apply";
    let reply = post(&server.addr, &format!("/v1/check?declared={query}"), "text/plain", STORY.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let from_cli =
        cli(dir.path(), &["check", "--no-cache", "--format", "json", "--declared", declared, "-"], STORY.as_bytes());
    assert_eq!(reply.json(), only_entry(&from_cli), "the answer is the CLI's entry for the work, alone");
    let body = reply.json();
    assert_eq!(body["check"]["declared_source"], "flag");
    assert_eq!(body["check"]["missing"], true, "{body}");

    // Declared tags inside the work (JSON) are used when none are given beside it.
    let work = serde_json::json!({"text": GENTLE, "declared": {"rating": "General Audiences"}});
    let reply = post(&server.addr, "/v1/check", "application/json", work.to_string().as_bytes());
    assert_eq!(reply.json()["check"]["declared_source"], "work");
    // A form's "declared" part acts as --declared.
    let reply = post(
        &server.addr,
        "/v1/check?min_confidence=0.5",
        &form_type(),
        &form(&[("text", None, GENTLE.as_bytes()), ("declared", None, declared.as_bytes())]),
    );
    assert_eq!(reply.json()["check"]["declared_source"], "flag");

    assert!(post(&server.addr, "/v1/check?declared=Rating", "text/plain", GENTLE.as_bytes())
        .error(400)
        .contains("declared"));
    assert!(post(&server.addr, "/v1/check?min_confidence=2", "text/plain", GENTLE.as_bytes())
        .error(400)
        .contains("min_confidence"));
    assert!(post(&server.addr, "/v1/check?min_confidence=high", "text/plain", GENTLE.as_bytes())
        .error(400)
        .contains("query"));
}

#[test]
fn labels_health_page_and_render() {
    let server = Server::start(&[]);
    let dir = ok(tempfile::tempdir());
    let labels = get(&server.addr, "/v1/labels");
    assert_eq!(labels.status, 200);
    assert_eq!(labels.text(), String::from_utf8_lossy(&cli(dir.path(), &["labels", "--format", "json"], b"")));
    let health = get(&server.addr, "/healthz").json();
    assert_eq!(health["status"], "ok");

    let page = get(&server.addr, "/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), "{csp}");
    let html = page.text();
    assert!(html.contains("<script src=\"/assets/forewarn.js\""), "{html}");
    assert!(!html.contains("http://") && !html.contains("https://"), "no remote assets");
    for (path, kind) in [
        ("/assets/forewarn.js", "text/javascript"),
        ("/assets/forewarn.css", "text/css"),
        ("/assets/report.css", "text/css"),
    ] {
        let asset = get(&server.addr, path);
        assert_eq!(asset.status, 200, "{path}");
        assert!(asset.header("content-type").unwrap_or_default().starts_with(kind), "{path}");
        assert!(!asset.body.is_empty());
    }
    assert!(get(&server.addr, "/assets/report.css").text().contains(".badge"));

    // The report page, with the evidence marked inside its paragraph.
    let reply = post(&server.addr, "/v1/render", &form_type(), &form(&[("text", None, STORY.as_bytes())]));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.header("content-type").unwrap_or_default().starts_with("text/html"));
    let html = reply.text();
    assert!(html.contains("<details class=\"reveal\">"), "passages stay behind disclosures");
    assert!(html.contains("<mark>"), "{html}");
    assert!(html.contains("</mark> She sat with him") || html.contains("</mark> She"), "context follows the sentence");
    assert!(html.contains("pasted text"));
}

#[test]
fn error_statuses_are_json() {
    let server = Server::start(&["--max-body-mb", "1"]);
    let addr = &server.addr;
    assert!(get(addr, "/v1/nothing").error(404).contains("openapi"));
    let reply = get(addr, "/v1/scan");
    reply.error(405);
    assert_eq!(reply.header("allow"), Some("POST"));
    assert!(post(addr, "/v1/scan", "application/json", b"{\"text\": ").error(400).contains("invalid JSON"));
    assert!(post(addr, "/v1/scan", "application/json", b"{\"title\": \"x\"}").error(400).contains("text"));
    assert!(post(addr, "/v1/scan", "text/plain", b"Caf\xe9 \xff\xfe").error(400).contains("not valid UTF-8"));
    assert!(post(addr, "/v1/scan", "application/json", b"{\"text\": \"Caf\xe9\"}").error(400).contains("JSON"));
    assert!(post(addr, "/v1/scan", "application/xml", b"<a/>").error(415).contains("text/plain"));
    assert!(post(addr, "/v1/scan", "text/plain", b"   \n").error(422).contains("-: "));
    assert!(post(addr, "/v1/scan", &form_type(), &form(&[("other", None, b"x")])).error(400).contains("file"));
    let two = form(&[("text", None, b"One."), ("file", Some("b.txt"), b"Two.")]);
    assert!(post(addr, "/v1/scan", &form_type(), &two).error(400).contains("one work"));
    let batch = b"{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}\n";
    assert!(post(addr, "/v1/scan", &form_type(), &form(&[("file", Some("b.jsonl"), batch)]))
        .error(422)
        .contains("one work"));
    let mut big = connect(addr);
    ok(big.write_all(
        b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000001\r\nExpect: 100-continue\r\n\r\n",
    ));
    assert!(ok(read_reply(&mut big)).error(413).contains("larger"));
    server.healthy();
}

#[test]
fn openapi_lists_exactly_the_routes_served() {
    let server = Server::start(&[]);
    let doc = get(&server.addr, "/openapi.json").json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", doc["openapi"]);
    assert_eq!(doc["info"]["title"], "forewarn");
    let paths = doc["paths"].as_object().unwrap_or_else(|| panic!("no paths"));
    let mut listed: Vec<String> = paths.keys().cloned().collect();
    listed.sort();
    let expected = [
        "/",
        "/assets/forewarn.css",
        "/assets/forewarn.js",
        "/assets/report.css",
        "/healthz",
        "/openapi.json",
        "/v1/check",
        "/v1/labels",
        "/v1/render",
        "/v1/scan",
    ];
    assert_eq!(listed, expected);
    const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    for (path, item) in paths {
        for method in METHODS {
            let documented = item.get(method.to_ascii_lowercase()).is_some();
            let reply = request(&server.addr, method, path, Some("text/plain"), b"");
            if documented {
                assert!(![404, 405].contains(&reply.status), "{method} {path}: {}", reply.status);
                let op = &item[method.to_ascii_lowercase()];
                let codes: Vec<&String> = op["responses"].as_object().map(|r| r.keys().collect()).unwrap_or_default();
                assert!(
                    codes.contains(&&reply.status.to_string()),
                    "{method} {path} answered {}, documented {codes:?}",
                    reply.status
                );
                if method == "POST" {
                    for code in ["200", "400", "408", "413", "415", "422", "503"] {
                        assert!(codes.iter().any(|c| *c == code), "{method} {path} does not document {code}");
                    }
                }
            } else {
                assert_eq!(reply.status, 405, "{method} {path} is not documented, so it is not served");
            }
        }
    }
    // Paths beside the documented ones are not served.
    for path in ["/v1", "/v1/scan/x", "/assets/other.js", "/index.html"] {
        assert_eq!(get(&server.addr, path).status, 404, "{path}");
    }
    assert!(doc["components"]["schemas"]["ApiError"].is_object(), "the error body is documented");
    assert!(doc["components"]["schemas"]["ScanRequest"].is_object());
}

/// Checks `value` against an OpenAPI 3.1 schema of `doc`: references, `oneOf`/`anyOf`, types
/// (`null` included), enums, required properties, no undocumented properties, map values and
/// array items. Returns where the first mismatch is.
fn conforms(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    doc: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: no schema {reference}"));
        }
        return conforms(value, target, doc, at);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            return if options.iter().any(|o| conforms(value, o, doc, at).is_ok()) {
                Ok(())
            } else {
                Err(format!("{at}: {value} matches none of {key} {options:?}"))
            };
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let actual = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let typed = types.is_empty() || types.contains(&actual) || actual == "integer" && types.contains(&"number");
    if !typed {
        return Err(format!("{at}: {actual}, documented {types:?}"));
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            return Err(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let Value::Object(map) = value {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (key, v) in map {
                let Some(property) = properties.get(key) else { return Err(format!("{at}.{key}: not documented")) };
                conforms(v, property, doc, &format!("{at}.{key}"))?;
            }
            for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !map.contains_key(required) {
                    return Err(format!("{at}.{required}: required, missing"));
                }
            }
        } else if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            for (key, v) in map {
                conforms(v, values, doc, &format!("{at}.{key}"))?;
            }
        }
    }
    if let (Value::Array(items), Some(item)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            conforms(v, item, doc, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn answers_match_their_documented_schemas() {
    let server = Server::start(&[]);
    let doc = get(&server.addr, "/openapi.json").json();
    let schema = |path: &str, method: &str| {
        doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"].clone()
    };
    // The report is typed, down to the evidence: not a bare object.
    let report = &doc["components"]["schemas"]["Report"];
    for field in ["schema_version", "source", "stats", "rating", "scores", "warnings", "errors"] {
        assert!(
            report["required"].as_array().is_some_and(|r| r.iter().any(|f| f == field)),
            "Report.{field} documented"
        );
    }
    assert!(doc["components"]["schemas"]["Evidence"]["properties"]["start"].is_object());

    let scanned = post(&server.addr, "/v1/scan", "text/plain", STORY.as_bytes()).json();
    assert!(scanned["warnings"][0]["evidence"][0]["text"].is_string(), "a report with evidence: {scanned}");
    let declared = "Rating: General Audiences; Archive Warnings: No Archive Warnings Apply";
    let checked = post(
        &server.addr,
        &format!("/v1/check?declared={}", declared.replace(' ', "%20").replace(';', "%3B")),
        "text/plain",
        STORY.as_bytes(),
    )
    .json();
    assert!(checked["check"]["findings"][0]["kind"].is_string(), "a check with findings: {checked}");
    let labels = get(&server.addr, "/v1/labels").json();
    for (path, method, answer) in
        [("/v1/scan", "post", &scanned), ("/v1/check", "post", &checked), ("/v1/labels", "get", &labels)]
    {
        let documented = schema(path, method);
        assert!(!documented.is_null(), "{path}: no 200 schema");
        if let Err(e) = conforms(answer, &documented, &doc, path) {
            panic!("{path}: the answer does not match its schema: {e}");
        }
    }
    // The check can fail: an undocumented field, a missing one, a wrong type.
    let report_schema = schema("/v1/scan", "post");
    let mut extra = scanned.clone();
    extra["warnings"][0]["surprise"] = serde_json::json!(1);
    assert!(conforms(&extra, &report_schema, &doc, "r").is_err());
    let mut missing = scanned.clone();
    missing.as_object_mut().map(|o| o.remove("rating"));
    assert!(conforms(&missing, &report_schema, &doc, "r").is_err());
    let mut wrong = scanned.clone();
    wrong["stats"]["words"] = serde_json::json!("many");
    assert!(conforms(&wrong, &report_schema, &doc, "r").is_err());
}

#[test]
fn abuse_is_answered_and_the_server_keeps_serving() {
    let server = Server::start(&["--header-timeout", "1", "--request-timeout", "3"]);
    let addr = server.addr.clone();

    // Slow loris: headers dribbled in; the connection is closed after the header timeout,
    // and others are served meanwhile.
    let loris: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = connect(&addr);
            ok(s.write_all(b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
            s
        })
        .collect();
    server.healthy();
    std::thread::sleep(Duration::from_millis(1500));
    for mut s in loris {
        ok(s.set_read_timeout(Some(Duration::from_secs(5))));
        let _ = s.write_all(b"X-Slow: 1\r\n");
        let mut buf = Vec::new();
        let started = Instant::now();
        let _ = s.read_to_end(&mut buf);
        assert!(started.elapsed() < Duration::from_secs(5), "slow client cut off");
    }
    server.healthy();

    // A slow body: 408 once the request timeout passes.
    let mut slow = connect(&addr);
    ok(slow.write_all(b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\nConnection: close\r\n\r\nShe"));
    let reply = ok(read_reply(&mut slow));
    assert!(reply.error(408).contains("too long"));

    // A truncated form: the client stops half way and closes its side.
    let body = form(&[("file", Some("keeper.epub"), &story_epub())]);
    let mut cut = connect(&addr);
    let head = format!(
        "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        form_type(),
        body.len()
    );
    ok(cut.write_all(head.as_bytes()));
    ok(cut.write_all(&body[..body.len() / 2]));
    ok(cut.shutdown(Shutdown::Write));
    let reply = ok(read_reply(&mut cut));
    assert_eq!(reply.status, 400, "{}", reply.text());
    // A form whose closing boundary never comes.
    let reply = post(&addr, "/v1/scan", &form_type(), &body[..body.len() - 30]);
    reply.error(400);
    server.healthy();

    // A zip bomb: 80 MiB of zeros in a small EPUB.
    let zeros = vec![0u8; 80 << 20];
    let bomb = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", OPF),
        ("OEBPS/c1.xhtml", &zeros),
    ]);
    assert!(bomb.len() < 1 << 20);
    let reply = post(&addr, "/v1/scan", &form_type(), &form(&[("file", Some("bomb.epub"), &bomb)]));
    assert!(reply.error(422).contains("zip bomb"), "{}", reply.text());

    // Invalid UTF-8.
    assert!(post(&addr, "/v1/scan", "text/plain", b"\xc3\x28 abc").error(400).contains("UTF-8"));
    server.healthy();

    // A 50 MB text on one line: refused from its Content-Length, before it is read.
    let line = "the tide came in and the lamp burned on ".repeat(50 * (1 << 20) / 40 + 1);
    let mut big = connect(&addr);
    let head = format!(
        "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        line.len()
    );
    ok(big.write_all(head.as_bytes()));
    let reply = ok(read_reply(&mut big));
    assert!(reply.error(413).contains("larger"));
    // The same sent whole without a length (chunked): refused once the limit is passed.
    let reply = chunked(&addr, "/v1/scan", line.as_bytes()).unwrap_or_else(|| panic!("no answer"));
    assert!(reply.error(413).contains("larger than this server accepts (50 MB)"));
    server.healthy();
    let log = server.log();
    assert!(!log.contains("panicked"), "{log}");
}

/// Sends a body with chunked transfer encoding, reading the answer while sending; `None` if
/// the server closed the connection before the answer could be read.
fn chunked(addr: &str, path: &str, body: &[u8]) -> Option<Reply> {
    let mut stream = connect(addr);
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    ok(stream.write_all(head.as_bytes()));
    let mut writer = ok(stream.try_clone());
    let body = body.to_vec();
    let sender = std::thread::spawn(move || {
        for chunk in body.chunks(1 << 16) {
            if writer.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err()
                || writer.write_all(chunk).is_err()
                || writer.write_all(b"\r\n").is_err()
            {
                return;
            }
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = sender.join();
    parse(&raw)
}

#[test]
fn beyond_the_concurrency_limit_requests_queue_then_get_503() {
    let server = Server::start(&["--max-concurrent", "1", "--queue-timeout", "1", "--request-timeout", "30"]);
    // One request holds the only slot: its body is not finished.
    let mut held = connect(&server.addr);
    ok(held.write_all(
        b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 40\r\nConnection: close\r\n\r\nShe opened",
    ));
    std::thread::sleep(Duration::from_millis(300));
    // Reading the health answer never queues: it shows the server up while work waits.
    server.healthy();
    let started = Instant::now();
    let reply = post(&server.addr, "/v1/scan", "text/plain", GENTLE.as_bytes());
    assert!(reply.error(503).contains("busy"));
    assert_eq!(reply.header("retry-after"), Some("1"));
    assert!(started.elapsed() >= Duration::from_millis(900), "it waited its turn first");
    // A request that waits less than the queue timeout is served once the slot frees.
    let mut waiting = connect(&server.addr);
    let head = format!(
        "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{GENTLE}",
        GENTLE.len()
    );
    ok(waiting.write_all(head.as_bytes()));
    std::thread::sleep(Duration::from_millis(200));
    ok(held.write_all(&b" the window and listened to the rain."[..30]));
    let reply = ok(read_reply(&mut held));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(ok(read_reply(&mut waiting)).status, 200, "the queued request was served");
    server.healthy();
}

#[test]
fn sigterm_finishes_in_flight_requests() {
    let mut server = Server::start(&[]);
    let body = STORY.as_bytes();
    let mut inflight = connect(&server.addr);
    let head = format!(
        "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    ok(inflight.write_all(head.as_bytes()));
    ok(inflight.write_all(&body[..100]));
    std::thread::sleep(Duration::from_millis(300));
    server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    // No new connections once shutting down.
    assert!(TcpStream::connect(&server.addr).is_err(), "the listener is closed");
    ok(inflight.write_all(&body[100..]));
    let reply = ok(read_reply(&mut inflight));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let status = server.wait(Duration::from_secs(20)).unwrap_or_else(|| panic!("still running"));
    assert!(status.success(), "{status:?}");
    assert!(server.log().contains("shutting down"));
}

#[test]
fn the_log_holds_no_text() {
    let server = Server::start(&[]);
    let secret = "Quillanovere walked to the harbour and the Zebrafinch sang.";
    let body = serde_json::json!({"text": secret, "title": "Marrowgate Title"});
    assert_eq!(post(&server.addr, "/v1/scan", "application/json", body.to_string().as_bytes()).status, 200);
    assert_eq!(post(&server.addr, "/v1/check?declared=Marrowgate", "text/plain", secret.as_bytes()).status, 400);
    let form_body = form(&[("file", Some("Marrowgate.txt"), secret.as_bytes())]);
    assert_eq!(post(&server.addr, "/v1/render", &form_type(), &form_body).status, 200);
    server.healthy();
    let log = server.log();
    assert!(log.contains("POST /v1/scan 200"), "{log}");
    assert!(log.contains("POST /v1/check 400"), "{log}");
    for word in ["Quillanovere", "Zebrafinch", "Marrowgate", "harbour", "declared="] {
        assert!(!log.contains(word), "{word} in the log:\n{log}");
    }
}

#[test]
fn binding_beyond_loopback_warns() {
    let server = Server::start_at("0.0.0.0:0", &[]);
    let port = server.addr.rsplit(':').next().unwrap_or_default().to_string();
    assert_eq!(get(&format!("127.0.0.1:{port}"), "/healthz").status, 200);
    assert!(server.log().contains("warning: listening on 0.0.0.0"), "{}", server.log());
    let local = Server::start(&[]);
    local.healthy();
    assert!(!local.log().contains("warning"));
}

/// A request with these extra header lines, on a fresh connection.
fn request_with(addr: &str, method: &str, path: &str, headers: &str, body: &[u8]) -> Reply {
    let mut stream = connect(addr);
    let head = format!(
        "{method} {path} HTTP/1.1\r\n{headers}Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    ok(stream.write_all(head.as_bytes()));
    ok(stream.write_all(body));
    ok(read_reply(&mut stream))
}

#[test]
fn foreign_hosts_and_origins_get_403() {
    let server =
        Server::start(&["--no-model", "--allow-host", "reader.lan", "--allow-origin", "http://tools.lan:9000"]);
    let addr = server.addr.clone();
    let port = addr.rsplit(':').next().unwrap_or_default().to_string();
    let body = GENTLE.as_bytes();
    // DNS rebinding: a name that is not this server's.
    let reply = request_with(&addr, "GET", "/healthz", "Host: evil.example\r\n", b"");
    assert!(reply.error(403).contains("its own address"), "{}", reply.text());
    assert_eq!(request_with(&addr, "POST", "/v1/scan", "Host: evil.example:8080\r\n", body).status, 403);
    // Its own address, localhost, IP literals and allowed names are served.
    for host in
        [addr.clone(), format!("localhost:{port}"), "[::1]".into(), "reader.lan".into(), format!("reader.lan:{port}")]
    {
        let reply = request_with(&addr, "GET", "/healthz", &format!("Host: {host}\r\n"), b"");
        assert_eq!(reply.status, 200, "{host}: {}", reply.text());
    }
    // A page elsewhere posting to the server (a cross-origin form or fetch).
    let reply =
        request_with(&addr, "POST", "/v1/scan", &format!("Host: {addr}\r\nOrigin: http://evil.example\r\n"), body);
    assert!(reply.error(403).contains("other web sites"), "{}", reply.text());
    let null = request_with(&addr, "POST", "/v1/scan", &format!("Host: {addr}\r\nOrigin: null\r\n"), body);
    assert_eq!(null.status, 403);
    // The server's own page, and an allowed origin, are served.
    let own = request_with(&addr, "POST", "/v1/scan", &format!("Host: {addr}\r\nOrigin: http://{addr}\r\n"), body);
    assert_eq!(own.status, 200, "{}", own.text());
    let allowed =
        request_with(&addr, "POST", "/v1/scan", &format!("Host: {addr}\r\nOrigin: http://tools.lan:9000\r\n"), body);
    assert_eq!(allowed.status, 200, "{}", allowed.text());
}

#[test]
fn slow_bodies_are_dropped_and_never_hold_the_server() {
    let server = Server::start(&["--no-model", "--max-concurrent", "4", "--body-timeout", "2"]);
    // More slow uploads than the server admits at once: each sends a byte, then stalls.
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = connect(&server.addr);
            ok(s.write_all(b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nS"));
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // The health answer does not wait behind them.
    let started = Instant::now();
    server.healthy();
    assert!(started.elapsed() < Duration::from_secs(1));
    // Each is answered 408 and its connection closed once the body deadline passes.
    for mut s in slow {
        ok(s.set_read_timeout(Some(Duration::from_secs(15))));
        let reply = ok(read_reply(&mut s));
        assert!(reply.status == 408 || reply.status == 503, "{}", reply.text());
    }
    // Then work is served again at once.
    let reply = post(&server.addr, "/v1/scan", "text/plain", GENTLE.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn shutdown_is_bounded_even_with_clients_that_never_finish() {
    let mut server = Server::start(&["--no-model", "--shutdown-timeout", "1", "--body-timeout", "60"]);
    let mut stuck = connect(&server.addr);
    ok(stuck.write_all(
        b"POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nShe",
    ));
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    server.terminate();
    let status = server.wait(Duration::from_secs(10)).unwrap_or_else(|| panic!("still running after 10 s"));
    assert!(status.success(), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}
