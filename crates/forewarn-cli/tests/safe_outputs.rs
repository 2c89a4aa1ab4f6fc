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
    for command in ["scan", "check", "filter"] {
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

/// A library whose file names hold a line feed, a literal backslash-n, and terminal controls.
#[cfg(unix)]
const NAMES: [&str; 4] = ["back\\nslash.txt", "bell\u{7}\u{1b}[2J.txt", "calm.txt\nviolent.txt", "plain.txt"];

#[cfg(unix)]
fn odd_library(dir: &Path) {
    std::fs::create_dir_all(dir.join("lib")).unwrap_or_else(|e| panic!("{e}"));
    for name in NAMES {
        write(&dir.join("lib"), name, CALM);
    }
}

/// NUL-terminated records, each checked to end with a NUL.
#[cfg(unix)]
fn records(out: &[u8]) -> Vec<&[u8]> {
    let body = out.strip_suffix(b"\0").unwrap_or_else(|| panic!("not NUL-terminated: {out:?}"));
    body.split(|b| *b == 0).collect()
}

#[cfg(unix)]
#[test]
fn filter_prints_one_path_per_line_escaped_and_exactly_with_null() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    odd_library(dir.path());

    let out = forewarn().current_dir(dir.path()).args(["filter", "lib"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    let lines: Vec<&str> = text.lines().collect();
    // The work named "calm.txt\nviolent.txt" cannot print a line "violent.txt", and the
    // escaped line feed cannot be mistaken for a backslash and an n.
    assert_eq!(
        lines,
        ["lib/back\\\\nslash.txt", "lib/bell\\x07\\x1b[2J.txt", "lib/calm.txt\\nviolent.txt", "lib/plain.txt"]
    );

    for flag in ["-0", "--null"] {
        let out = forewarn()
            .current_dir(dir.path())
            .args(["filter", flag, "lib"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let expected: Vec<String> = NAMES.iter().map(|n| format!("lib/{n}")).collect();
        assert_eq!(records(&out), expected.iter().map(|p| p.as_bytes()).collect::<Vec<_>>(), "{flag}");
    }
}

#[cfg(unix)]
#[test]
fn filter_why_records_follow_the_same_rules() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    odd_library(dir.path());
    // A confidence floor of 0 excludes every work, whatever its text.
    let skip_all = ["filter", "--why", "--exclude", "death", "--min-confidence", "0", "lib"];

    let out = forewarn().current_dir(dir.path()).args(skip_all).assert().success().get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), NAMES.len(), "{text}");
    assert!(lines[2].starts_with("skip\tlib/calm.txt\\nviolent.txt\tdeath 0."), "{text}");
    assert!(lines.iter().all(|l| l.split('\t').count() == 3), "{text}");

    let mut null = skip_all.to_vec();
    null.insert(1, "-0");
    let out = forewarn().current_dir(dir.path()).args(&null).assert().success().get_output().stdout.clone();
    let skipped = records(&out);
    assert_eq!(skipped.len(), NAMES.len());
    for (record, name) in skipped.iter().zip(NAMES) {
        let prefix = format!("skip\tlib/{name}\tdeath 0.");
        assert!(record.starts_with(prefix.as_bytes()), "{:?}", String::from_utf8_lossy(record));
    }

    let out = forewarn().current_dir(dir.path()).args(["filter", "--why", "-0", "lib"]).assert().success();
    let out = out.get_output().stdout.clone();
    assert_eq!(records(&out)[2], b"pass\tlib/calm.txt\nviolent.txt");
}

#[cfg(unix)]
#[test]
fn filter_names_a_file_that_is_not_utf8_exactly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("lib")).unwrap_or_else(|e| panic!("{e}"));
    // "café.txt" in Latin-1: a valid Unix name that is not UTF-8.
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join("lib").join(name), CALM).unwrap_or_else(|e| panic!("{e}"));

    let out = forewarn().current_dir(dir.path()).args(["filter", "lib"]).assert().success().get_output().stdout.clone();
    assert_eq!(out, b"lib/caf\\xe9.txt\n");
    let out =
        forewarn().current_dir(dir.path()).args(["filter", "-0", "lib"]).assert().success().get_output().stdout.clone();
    assert_eq!(out, b"lib/caf\xe9.txt\0", "the name's own bytes, not U+FFFD");
}
