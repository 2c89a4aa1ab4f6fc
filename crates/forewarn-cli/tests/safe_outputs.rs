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
