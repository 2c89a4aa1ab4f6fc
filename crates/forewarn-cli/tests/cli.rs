//! CLI contract tests: formats, exit codes, error messages, the evidence-span invariant.

use std::path::PathBuf;

use predicates::prelude::*;

mod common;
use common::{forewarn, json, json_entry};

fn novel(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/novels")).join(name)
}

#[test]
fn scan_json_report_has_the_contract_fields_and_true_spans() {
    // Treasure Island: UTF-8 with BOM and CRLF; violence and death are certain.
    let path = novel("Stevenson_Treasure_1883.txt");
    let out = forewarn().args(["scan", "--format", "json"]).arg(&path).assert().success().get_output().stdout.clone();
    let report = json_entry(&out);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["source"]["format"], "txt");
    assert_eq!(report["stats"]["chapters"], 34);
    assert!(report["stats"]["words"].as_u64().unwrap_or(0) > 60_000);
    let scores = report["scores"].as_object().map(|m| m.len()).unwrap_or(0);
    assert_eq!(scores, 41, "every label has a score");
    let warnings = report["warnings"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = warnings.iter().filter_map(|w| w["id"].as_str()).collect();
    assert!(ids.contains(&"violence") && ids.contains(&"death"), "{ids:?}");
    let bytes = std::fs::read(&path).unwrap_or_default();
    let mut checked = 0;
    for w in &warnings {
        for e in w["evidence"].as_array().into_iter().flatten() {
            let (start, end) = (e["start"].as_u64().unwrap_or(0) as usize, e["end"].as_u64().unwrap_or(0) as usize);
            assert_eq!(&bytes[start..end], e["text"].as_str().unwrap_or("").as_bytes(), "evidence span invariant");
            let position = e["position"].as_f64().unwrap_or(-1.0);
            assert!((0.0..=1.0).contains(&position));
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[test]
fn human_output_is_spoiler_free_unless_asked() {
    let path = novel("Doyle_Hound_1902.txt");
    let plain = forewarn().arg("scan").arg(&path).assert().success().get_output().stdout.clone();
    let plain = String::from_utf8_lossy(&plain);
    assert!(plain.contains("Rating:"));
    assert!(plain.contains("chapter"));
    let spoilers = forewarn().arg("scan").arg("--spoilers").arg(&path).assert().success().get_output().stdout.clone();
    assert!(spoilers.len() > plain.len(), "--spoilers adds evidence sentences");
}

#[test]
fn stdin_and_jsonl_batches() {
    let out = forewarn()
        .args(["scan", "--format", "json", "-"])
        .write_stdin("The knight drew his sword and stabbed the guard, who died.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_entry(&out)["id"], "-");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let batch = dir.path().join("batch.jsonl");
    std::fs::write(
        &batch,
        "{\"id\": \"a\", \"text\": \"A quiet walk.\"}\nnot json\n{\"id\": \"b\", \"text\": \"Tea.\"}\n",
    )
    .unwrap_or_default();
    let assert = forewarn().args(["scan", "--format", "jsonl"]).arg(&batch).assert().code(2);
    let out = assert.get_output();
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| json(l.as_bytes())).collect();
    let bad = format!("{}:2", batch.display());
    assert_eq!(lines.iter().map(|r| r["id"].as_str().unwrap_or("")).collect::<Vec<_>>(), vec!["a", &bad, "b"]);
    assert!(lines[1]["error"].as_str().is_some_and(|e| e.contains("line 2")), "the bad line is an entry: {}", lines[1]);
    assert!(lines[0].get("error").is_none() && lines[2].get("error").is_none());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"), "bad line is named");
}

#[test]
fn bad_inputs_are_clear_errors_with_exit_2_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap_or_default();
    let png = dir.path().join("picture.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap_or_default();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "She opened the door and smiled.").unwrap_or_default();
    let missing = dir.path().join("missing.txt");
    let assert =
        forewarn().args(["scan", "--format", "jsonl"]).arg(&missing).arg(&empty).arg(&png).arg(&good).assert().code(2);
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("error: {}: no such file or directory", missing.display())), "{stderr}");
    assert!(stderr.contains(&format!("error: {}: empty file", empty.display())), "{stderr}");
    assert!(stderr.contains(&format!("error: {}: binary file (PNG image)", png.display())), "{stderr}");
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| json(l.as_bytes())).collect();
    let failed: Vec<&str> = lines.iter().filter(|l| l["error"].is_string()).filter_map(|l| l["id"].as_str()).collect();
    let names = [&missing, &empty, &png].map(|p| p.display().to_string());
    assert_eq!(failed, names.iter().map(String::as_str).collect::<Vec<_>>(), "each failed input is an entry");
    let reports: Vec<&serde_json::Value> = lines.iter().filter(|l| l.get("error").is_none()).collect();
    assert_eq!(reports.len(), 1, "the good file is still scanned");
    assert_eq!(reports[0]["id"], good.display().to_string());
}

#[test]
fn directory_without_works_is_an_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("notes.bin"), b"\x00\x01").unwrap_or_default();
    forewarn()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("directory has no readable works"));
}

#[test]
fn corrupt_epub_is_named_with_its_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let epub = dir.path().join("broken.epub");
    std::fs::write(&epub, b"PK\x03\x04this is not really a zip archive").unwrap_or_default();
    forewarn()
        .arg("scan")
        .arg(&epub)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("error: {}:", epub.display())).and(predicate::str::contains("EPUB")));
}

#[test]
fn labels_lists_the_taxonomy() {
    let out = forewarn().args(["labels", "--format", "json"]).assert().success().get_output().stdout.clone();
    let t = json(&out);
    assert_eq!(t["labels"].as_array().map(Vec::len), Some(41));
    forewarn()
        .arg("labels")
        .assert()
        .success()
        .stdout(predicate::str::contains("rape-non-con").and(predicate::str::contains("Rape/Non-Con")));
}

#[test]
fn eval_scores_a_labelled_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("cases.jsonl");
    std::fs::write(
        &data,
        "{\"id\": \"1\", \"text\": \"The soldier was stabbed and died in the mud.\", \"present\": [\"death\"], \"rating\": \"teen\"}\n\
         {\"id\": \"2\", \"text\": \"They planted roses in the garden.\", \"absent\": [\"death\"], \"rating\": \"general\"}\n",
    )
    .unwrap_or_default();
    let out = forewarn().args(["eval", "--format", "json"]).arg(&data).assert().success().get_output().stdout.clone();
    let r = json(&out);
    assert_eq!(r["cases"], 2);
    let death = r["majority"]["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["label"] == "death")
        .cloned()
        .unwrap_or_default();
    assert_eq!(death["tp"].as_u64().unwrap_or(0) + death["fn_"].as_u64().unwrap_or(0), 1);
    assert_eq!(death["tn"].as_u64().unwrap_or(0) + death["fp"].as_u64().unwrap_or(0), 1);
}

#[test]
fn scan_writes_sarif_and_html() {
    let path = novel("Doyle_Hound_1902.txt");
    let out = forewarn().args(["scan", "--format", "sarif"]).arg(&path).assert().success().get_output().stdout.clone();
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty(), "one result per warning");
    assert!(results.iter().all(|r| r["message"]["text"].is_string() && r["ruleId"].is_string()));
    let html = forewarn().args(["scan", "--format", "html"]).arg(&path).assert().success().get_output().stdout.clone();
    let html = String::from_utf8_lossy(&html);
    assert!(html.to_lowercase().starts_with("<!doctype html>"), "{}", &html[..html.len().min(80)]);
    assert!(html.contains("<details") && html.contains("<svg"));
}

#[test]
fn calibrate_and_bench_run_on_small_inputs() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("cases.jsonl");
    let mut lines = String::new();
    for i in 0..10 {
        lines.push_str(&format!("{{\"id\": \"p{i}\", \"text\": \"The soldier was stabbed and died in the mud on day {i}.\", \"present\": [\"death\"]}}\n"));
        lines.push_str(&format!(
            "{{\"id\": \"n{i}\", \"text\": \"They planted {i} roses in the garden.\", \"absent\": [\"death\"]}}\n"
        ));
    }
    std::fs::write(&data, lines).unwrap_or_default();
    let out = dir.path().join("calibration.json");
    forewarn()
        .arg("calibrate")
        .arg(&data)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("fitted"));
    let cal = json(&std::fs::read(&out).unwrap_or_default());
    assert_eq!(cal["labels"]["death"]["fitted_on"], 20);
    forewarn()
        .args(["bench", "--engine"])
        .arg(novel("Doyle_Hound_1902.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("MB/s").and(predicate::str::contains("lexical pass")));
}

/// `--ask`: every label asked gets an answer, yes, no or unsure; a "no" says what was read.
#[test]
fn asked_labels_are_answered_and_a_no_says_what_was_read() {
    let path = novel("Stevenson_Treasure_1883.txt");
    let asked = "rape-non-con,major-character-death,animal-death,death";
    let out = forewarn()
        .args(["scan", "--no-model", "--format", "json", "--ask", asked])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report = json_entry(&out);
    let answers = report["answers"].as_object().cloned().unwrap_or_default();
    let mut ids: Vec<&str> = answers.keys().map(String::as_str).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["animal-death", "death", "major-character-death", "rape-non-con"]);
    for (id, a) in &answers {
        assert!(["yes", "no", "unsure"].contains(&a["answer"].as_str().unwrap_or("")), "{id}: {a}");
        assert!(a["read"]["words"].as_u64().unwrap_or(0) > 60_000, "{id}: {a}");
        assert_eq!(a["read"]["model_share"], 0.0, "{id}: the sentence model was off");
        let warned = report["warnings"].as_array().into_iter().flatten().any(|w| w["id"] == id.as_str());
        assert_eq!(a["answer"] == "yes", warned, "{id}: an answer never contradicts the warnings");
    }
    assert_eq!(answers["death"]["answer"], "yes");
    assert!(answers["death"]["passages"].as_u64().unwrap_or(0) > 0);
    assert_eq!(answers["rape-non-con"]["answer"], "no");

    let out = forewarn().args(["scan", "--no-model", "--ask", asked]).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("Your questions:"), "{text}");
    assert!(text.contains("Rape/Non-Con                     no     not found in "), "{text}");
    assert!(text.contains("words; lexical reading only"), "{text}");
    // Without --ask (and no profile), nothing is asked: no answers object.
    let out = forewarn().args(["scan", "--no-model", "--format", "json"]).arg(&path).assert().success();
    assert!(json_entry(&out.get_output().stdout).get("answers").is_none());
}

#[test]
fn an_unknown_label_asked_exits_2() {
    forewarn()
        .args(["scan", "--no-model", "--ask", "death,dog-dies", "-"])
        .write_stdin("A quiet afternoon.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ask: unknown label \"dog-dies\""));
}

/// A profile hides the warnings outside it, and says how many; `--all` shows them.
#[test]
fn warnings_outside_the_profile_are_counted_not_dropped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("forewarn.toml");
    std::fs::write(&config, "[labels]\nmatter = [\"suicide\", \"child-abuse\"]\n").unwrap_or_else(|e| panic!("{e}"));
    let path = novel("Stevenson_Treasure_1883.txt");
    let out = forewarn().args(["scan", "--no-model", "--config"]).arg(&config).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("more warnings outside your profile; --all shows them"), "{text}");
    assert!(!text.contains("none detected"), "hidden warnings are not 'none detected': {text}");
    assert!(text.contains("Your questions:") && text.contains("Child abuse"), "the profile's labels are asked: {text}");
    let out = forewarn().args(["scan", "--no-model", "--all", "--config"]).arg(&config).arg(&path).assert().success();
    let all = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!all.contains("outside your profile"), "{all}");
    assert!(all.contains("Violence"), "{all}");
}

/// Where a Major Character Death happens is a spoiler: shown only with --spoilers.
#[test]
fn the_place_of_a_death_is_shown_only_with_spoilers() {
    // Captain Crewe's death, told within the story's time.
    let path = novel("Burnett_Princess_1905.txt");
    let out = forewarn().args(["scan", "--no-model"]).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = text.lines().find(|l| l.contains("Major Character Death")).unwrap_or_default();
    assert!(line.contains("place hidden (a spoiler; --spoilers shows it)"), "{text}");
    assert!(!line.contains("chapter"), "{line}");
    let out = forewarn().args(["scan", "--no-model", "--spoilers"]).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = text.lines().find(|l| l.contains("Major Character Death")).unwrap_or_default();
    assert!(line.contains("chapter "), "{text}");
}

/// A text file with no title is named by its file name; one chapter is "1 chapter".
#[test]
fn an_untitled_text_is_named_by_its_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("my-draft.txt");
    std::fs::write(&path, "Chapter 1\n\nThey walked to the shops and bought bread.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = forewarn().args(["scan", "--no-model"]).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("my-draft.txt (txt, 8 words, 1 chapter)"), "{text}");
}
