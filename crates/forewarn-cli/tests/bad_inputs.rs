//! Bad inputs through the CLI: each is one clear `error: FILE: reason` line on stderr, exit
//! code 2, no panic, and the rest of the batch is still scanned.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

mod common;
use common::{forewarn, json, json_entry};

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, data)) in entries.iter().enumerate() {
        let method = if i == 0 { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method).large_file(data.len() > u32::MAX as usize),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        w.write_all(data).unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

const CONTAINER: &[u8] = br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
const OPF: &[u8] = br#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"#;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Runs a scan of `bad` plus a good file and returns stderr; asserts exit 2, that the bad
/// file is an entry of the output with its error, and that the good file was still reported.
fn scan_with_good(dir: &Path, bad: &Path) -> String {
    let good = write(dir, "good.txt", b"She opened the window and listened to the rain.");
    let assert = forewarn().args(["scan", "--format", "jsonl"]).arg(bad).arg(&good).assert().code(2);
    let out = assert.get_output();
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| json(l.as_bytes())).collect();
    assert_eq!(lines.len(), 2, "one entry per input");
    assert_eq!(lines[0]["id"], bad.display().to_string());
    assert!(lines[0]["error"].is_string(), "the bad file is an entry with its error: {}", lines[0]);
    assert_eq!(lines[1]["id"], good.display().to_string());
    assert!(lines[1].get("error").is_none(), "the good file is still scanned: {}", lines[1]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn zip_bomb_epub_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // 80 MiB of zeros deflates to well under a megabyte; the entry limit is 64 MiB.
    let zeros = vec![0u8; 80 << 20];
    let bytes = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", OPF),
        ("OEBPS/c1.xhtml", &zeros),
    ]);
    assert!(bytes.len() < 1 << 20);
    let bad = write(dir.path(), "bomb.epub", &bytes);
    let stderr = scan_with_good(dir.path(), &bad);
    assert!(
        stderr.contains(&format!(
            "error: {}: EPUB entry 'OEBPS/c1.xhtml' expands past the 64 MiB limit (zip bomb?)",
            bad.display()
        )),
        "{stderr}"
    );
}

#[test]
fn path_traversal_and_missing_package_are_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let traversal = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("../../etc/passwd", b"x"),
        ("META-INF/container.xml", CONTAINER),
    ]);
    let bad = write(dir.path(), "traversal.epub", &traversal);
    let stderr = scan_with_good(dir.path(), &bad);
    assert!(stderr.contains("unsafe entry name '../../etc/passwd' in the archive"), "{stderr}");

    let no_opf = zip(&[("mimetype", b"application/epub+zip"), ("OEBPS/c1.xhtml", b"<html/>")]);
    let bad = write(dir.path(), "no-opf.epub", &no_opf);
    let stderr = scan_with_good(dir.path(), &bad);
    assert!(stderr.contains("no OPF package document"), "{stderr}");

    let truncated = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", OPF),
    ]);
    let bad = write(dir.path(), "truncated.epub", &truncated[..truncated.len() / 2]);
    let stderr = scan_with_good(dir.path(), &bad);
    assert!(stderr.contains("corrupt or truncated EPUB archive"), "{stderr}");
}

#[test]
fn malformed_xhtml_is_read_leniently_and_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let chapter =
        b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>She ran to the door.<p>It was locked.</body></html>";
    let bytes = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", OPF),
        ("OEBPS/c1.xhtml", chapter),
    ]);
    let book = write(dir.path(), "sloppy.epub", &bytes);
    // Read past, reported as a warning; the work was scanned, so the exit code is success.
    let assert = forewarn().args(["scan", "--format", "json"]).arg(&book).assert().success();
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: ") && stderr.contains("OEBPS/c1.xhtml is not well-formed XHTML"), "{stderr}");
    let report = json_entry(&out.stdout);
    assert_eq!(report["stats"]["sentences"], 2, "the chapter is still read");
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
}

#[test]
fn deeply_nested_html_and_invalid_utf8() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let nested = format!("{}<p>Deep inside, a cat slept.</p>{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let page = write(dir.path(), "nested.html", nested.as_bytes());
    forewarn()
        .args(["scan", "--format", "json"])
        .arg(&page)
        .assert()
        .success()
        .stdout(predicates::str::contains("\"sentences\": 1"));
    let latin = write(dir.path(), "latin1.txt", b"Caf\xe9 au lait. She smiled at the na\xefve tourist.");
    forewarn()
        .args(["scan", "--format", "json"])
        .arg(&latin)
        .assert()
        .success()
        .stdout(predicates::str::contains("Windows-1252"));
}

#[test]
fn an_epub_recovered_without_container_xml_is_a_warning_and_exits_0() {
    // Issue 12: it was reported as scanned and still exited 2.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let chapter =
        b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>She ran to the door. It was locked.</p></body></html>";
    let bytes = zip(&[("mimetype", b"application/epub+zip"), ("OEBPS/content.opf", OPF), ("OEBPS/c1.xhtml", chapter)]);
    let book = write(dir.path(), "recovered.epub", &bytes);
    let assert = forewarn().args(["scan", "--format", "json"]).arg(&book).assert().success();
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("warning: ") && stderr.contains("container.xml is missing"), "{stderr}");
    assert!(!stderr.contains("error:"), "{stderr}");
    assert_eq!(json_entry(&out.stdout)["stats"]["sentences"], 2);
}

#[test]
fn endless_inputs_end_with_a_clear_error() {
    // Issue 12: `scan /dev/zero` and an endless standard input never ended.
    let started = std::time::Instant::now();
    let out = forewarn().args(["scan", "--no-model", "/dev/zero"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("/dev/zero: input goes on past the 256 MiB input limit"), "{stderr}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_forewarn"))
        .args(["scan", "--no-model", "--no-cache", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("stdin"));
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        let chunk = b"She walked on and on. ".repeat(3000);
        // Until forewarn stops reading (a broken pipe), or far past the limit.
        for _ in 0..20_000 {
            if stdin.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let _ = feeder.join();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-: input goes on past the 256 MiB input limit"), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "took {:?}", started.elapsed());
}
