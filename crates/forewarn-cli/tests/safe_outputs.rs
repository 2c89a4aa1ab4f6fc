//! Issue 12, machine-safe outputs: the shape of JSON output does not depend on how many inputs
//! there are or how many failed, and nothing in a file name or a work can forge a line or a
//! cell of output.

use std::path::{Path, PathBuf};

mod common;
use common::{forewarn, json, json_entries};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

const CALM: &str = "She watered the tomatoes and sat on the step with her tea.";

#[test]
fn json_is_always_an_array_and_failed_inputs_are_entries() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = write(dir.path(), "good.txt", CALM);
    let empty = write(dir.path(), "empty.txt", "");
    let failure = serde_json::json!({"schema_version": 1, "id": empty.display().to_string(), "error": "empty file: no text to read"});

    // One input that fails: an array with its error, not `[]`.
    let out = forewarn().args(["scan", "--format", "json"]).arg(&empty).assert().code(2).get_output().stdout.clone();
    assert_eq!(json_entries(&out), vec![failure.clone()]);

    // One good input: an array of one report, not a bare object.
    let out = forewarn().args(["scan", "--format", "json"]).arg(&good).assert().success().get_output().stdout.clone();
    let entries = json_entries(&out);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["id"], good.display().to_string());
    assert_eq!(entries[0]["schema_version"], 1);

    // A failing input and a good one: both entries, in order, and exit 2.
    let out = forewarn()
        .args(["scan", "--format", "json"])
        .arg(&empty)
        .arg(&good)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let entries = json_entries(&out);
    assert_eq!(entries.len(), 2, "{entries:#?}");
    assert_eq!(entries[0], failure);
    assert_eq!(entries[1]["id"], good.display().to_string());
    assert!(entries[1]["rating"]["level"].is_string(), "{:#}", entries[1]);

    // jsonl: the same entries, one per line.
    let out = forewarn()
        .args(["scan", "--format", "jsonl"])
        .arg(&empty)
        .arg(&good)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out).lines().map(|line| json(line.as_bytes())).collect();
    assert_eq!(lines, entries);
}

#[test]
fn check_json_is_an_array_with_failed_inputs_too() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = write(dir.path(), "good.txt", CALM);
    let missing = dir.path().join("missing.txt");
    let out = forewarn()
        .args(["check", "--format", "json", "--declared", "Rating: General Audiences"])
        .arg(&missing)
        .arg(&good)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let entries = json_entries(&out);
    assert_eq!(entries.len(), 2, "{entries:#?}");
    let error = serde_json::json!({
        "schema_version": 1, "id": missing.display().to_string(), "error": "no such file or directory"
    });
    assert_eq!(entries[0], error);
    assert_eq!(entries[1]["report"]["id"], good.display().to_string());
    assert_eq!(entries[1]["check"]["declared_source"], "flag");
}

#[test]
fn csv_cells_that_begin_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut batch = String::new();
    for (id, title) in [("=1+1", "+1"), ("@1", "-1"), ("\tid", "\rtitle")] {
        batch += &serde_json::json!({"id": id, "title": title, "text": CALM, "declared": {"rating": "=1"}}).to_string();
        batch.push('\n');
    }
    write(dir.path(), "batch.jsonl", &batch);
    let out = forewarn()
        .current_dir(dir.path())
        .args(["scan", "--format", "csv", "--", "batch.jsonl", "-missing.txt"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect();
    let cells = |column: usize| rows.iter().map(|r| r.get(column).unwrap_or("?").to_string()).collect::<Vec<_>>();
    // The missing file's row comes first (a problem found before reading), then the records.
    assert_eq!(cells(0), ["'-missing.txt", "'=1+1", "'@1", "'\tid"]);
    assert_eq!(cells(2), ["", "'+1", "'-1", "'\rtitle"]);
    assert_eq!(cells(3), ["", "'=1", "'=1", "'=1"], "the declared rating is the work's");
    assert_eq!(cells(10)[0], "no such file or directory");
}

#[cfg(unix)]
#[test]
fn error_lines_escape_control_characters() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "empty\r\nerror: forged.txt", "");
    for command in ["scan", "check"] {
        let out = forewarn()
            .current_dir(dir.path())
            .args([command, "empty\r\nerror: forged.txt"])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let stderr = String::from_utf8_lossy(&out);
        let line = "error: empty\\r\\nerror: forged.txt: empty file: no text to read";
        assert!(stderr.lines().any(|l| l == line), "{command}: {stderr:?}");
        assert!(!stderr.lines().any(|l| l.starts_with("error: forged.txt")), "{command}: {stderr:?}");
    }
    let out = forewarn()
        .current_dir(dir.path())
        .args(["scan", "--config", "gone\n.toml", "x.txt"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.starts_with("error: gone\\n.toml: cannot read config") && stderr.lines().count() == 1, "{stderr}");
}

/// A JSONL record whose id, title and declared rating hold a CR/LF pair that would start a
/// forged line, and terminal escape sequences (clear the screen, set the window title).
fn hostile_record(dir: &Path) -> PathBuf {
    let record = serde_json::json!({
        "id": "r\u{1b}[2J1",
        "title": "Notes\r\nforged line\u{1b}]0;x\u{7}",
        "declared": {"rating": "Teen\r\nforged line"},
        "text": CALM,
    });
    write(dir, "batch.jsonl", &format!("{record}\n"))
}

#[test]
fn human_scan_and_check_escape_control_characters_from_the_work() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let batch = hostile_record(dir.path());
    // --color always: anstream then passes everything through, as on a terminal.
    for command in ["scan", "check"] {
        let out = forewarn()
            .env_remove("NO_COLOR")
            .args([command, "--color", "always"])
            .arg(&batch)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.code().is_some_and(|c| c < 2), "{command}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!stdout.contains('\r') && !stdout.contains('\u{7}'), "{command}: {stdout:?}");
        assert!(!stdout.contains("\u{1b}[2J") && !stdout.contains("\u{1b}]0;"), "{command}: {stdout:?}");
        assert!(stdout.contains("Notes\\r\\nforged line\\x1b]0;x\\x07"), "{command}: {stdout:?}");
        assert!(!stdout.lines().any(|l| l.starts_with("forged line")), "{command}: {stdout}");
        if command == "scan" {
            assert!(stdout.contains("Declared rating: Teen\\r\\nforged line"), "{stdout:?}");
        } else {
            assert!(stdout.contains("(r\\x1b[2J1; tags declared in the work)"), "{stdout:?}");
        }
    }
}
