//! Library workflows through the CLI: `filter`, CSV output, the result cache, settings.

use std::path::Path;

use predicates::prelude::*;

mod common;
use common::forewarn_with_cache as forewarn;
use common::json_entry;

/// A small library: a gentle work, a violent one, and an unreadable one.
fn library(dir: &Path) {
    std::fs::create_dir_all(dir.join("shelf")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("shelf/gentle.txt"),
        "Mara watered the tomatoes at dawn. Her brother brought bread from the village, and they ate on the step while the cat watched the swallows.",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("shelf/battle.txt"),
        "The soldier drove the bayonet into the guard's belly. Blood sprayed across the wall and his intestines spilled onto the floor. \
         The guard died screaming in the trench, and the war went on.",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("shelf/cover.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn filter_lists_passing_works_and_explains_without_spoilers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    library(dir.path());
    let lib = dir.path().join("shelf");
    let cache = dir.path().join("cache");
    let out = forewarn(&cache)
        .args(["filter", "--exclude", "graphic-violence,death"])
        .arg(&lib)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().any(|l| l.ends_with("gentle.txt")), "{stdout}");
    assert!(
        !stdout.contains("battle.txt") && !stdout.contains("cover.txt"),
        "excluded and unreadable works never pass: {stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("cover.txt: binary file"));

    let why = forewarn(&cache)
        .args(["filter", "--why", "--exclude", "graphic-violence", "--max-rating", "teen"])
        .arg(&lib)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let why = String::from_utf8_lossy(&why);
    let skip =
        why.lines().find(|l| l.starts_with("skip\t") && l.contains("battle.txt")).unwrap_or_else(|| panic!("{why}"));
    assert!(skip.contains("graphic-violence 0."), "{skip}");
    assert!(!skip.contains("bayonet") && !skip.contains("Blood"), "no evidence text: {skip}");
    assert!(why.lines().any(|l| l.starts_with("pass\t") && l.ends_with("gentle.txt")));
}

#[test]
fn filter_rejects_unknown_labels_and_ratings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    library(dir.path());
    forewarn(dir.path())
        .args(["filter", "--exclude", "spoilers"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown label \"spoilers\""));
    forewarn(dir.path())
        .args(["filter", "--max-rating", "R"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rating"));
}

#[test]
fn csv_has_one_row_per_work_and_the_cache_is_used() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    library(dir.path());
    let lib = dir.path().join("shelf");
    let cache = dir.path().join("cache");
    let first =
        forewarn(&cache).args(["scan", "--format", "csv"]).arg(&lib).assert().code(2).get_output().stdout.clone();
    let mut reader = csv::Reader::from_reader(first.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap_or_default()).collect();
    assert_eq!(rows.len(), 3);
    let battle = rows.iter().find(|r| r[0].ends_with("battle.txt")).unwrap_or_else(|| panic!("no battle row"));
    assert!(battle[6].contains("graphic-violence"), "archive warnings column: {battle:?}");
    let cover = rows.iter().find(|r| r[0].ends_with("cover.txt")).unwrap_or_else(|| panic!("no cover row"));
    assert!(cover[10].contains("binary file"), "error column: {cover:?}");
    let cached: usize = walk_count(&cache);
    assert!(cached >= 2, "reports were cached");
    let second =
        forewarn(&cache).args(["scan", "--format", "csv"]).arg(&lib).assert().code(2).get_output().stdout.clone();
    assert_eq!(first, second, "a cached scan gives the same output");
    let fresh = forewarn(&cache)
        .args(["scan", "--format", "csv", "--no-cache"])
        .arg(&lib)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    assert_eq!(first, fresh);
}

fn walk_count(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        n += if path.is_dir() { walk_count(&path) } else { 1 };
    }
    n
}

/// A short work about spiders and a settings file (`settings` first) defining a "spiders"
/// custom label: (work, settings file).
fn spider_work(dir: &Path, settings: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let spiders = dir.join("spiders.txt");
    std::fs::write(
        &spiders,
        "A huge spider crawled across her pillow, and she screamed. The tarantula sat in the cobweb and watched.",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let config = dir.join("forewarn.toml");
    let custom =
        "[[custom]]\nid = \"spiders\"\nname = \"Spiders\"\nkeywords = [\"spider\", \"tarantula\", \"cobweb\"]\n";
    std::fs::write(&config, format!("{settings}{custom}")).unwrap_or_else(|e| panic!("{e}"));
    (spiders, config)
}

#[test]
fn settings_file_sets_thresholds_ignores_and_custom_labels() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    library(dir.path());
    let (spiders, config) = spider_work(dir.path(), "[labels]\nignore = [\"war\"]\n\n");
    let out = forewarn(dir.path())
        .args(["scan", "--format", "json", "--config"])
        .arg(&config)
        .arg(&spiders)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report = json_entry(&out);
    let ids: Vec<&str> = report["warnings"].as_array().into_iter().flatten().filter_map(|w| w["id"].as_str()).collect();
    assert!(ids.contains(&"spiders"), "{ids:?}");
    assert!(report["scores"]["spiders"].as_f64().unwrap_or(0.0) > 0.5);
    let battle = dir.path().join("shelf/battle.txt");
    let out = forewarn(dir.path())
        .args(["scan", "--format", "json", "--config"])
        .arg(&config)
        .arg(&battle)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report = json_entry(&out);
    assert!(!report["warnings"].as_array().into_iter().flatten().any(|w| w["id"] == "war"), "war is ignored");

    std::fs::write(&config, "[thresholds]\nnot-a-label = 0.3\n").unwrap_or_else(|e| panic!("{e}"));
    forewarn(dir.path())
        .args(["scan", "--config"])
        .arg(&config)
        .arg(&battle)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown label \"not-a-label\""));
}

#[test]
fn custom_labels_appear_in_every_output_format() {
    // Issue 11: a custom label JSON reported was "none detected" in the human output.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (spiders, config) = spider_work(dir.path(), "");
    for format in ["human", "json", "jsonl", "csv", "sarif", "html"] {
        let out = forewarn(dir.path())
            .args(["scan", "--format", format, "--config"])
            .arg(&config)
            .arg(&spiders)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8_lossy(&out);
        let shown = if format == "human" || format == "html" { "Spiders" } else { "spiders" };
        assert!(text.contains(shown), "{format} does not show the custom label:\n{text}");
        if format == "human" {
            assert!(text.contains("Your labels:"), "{text}");
        }
    }
}

#[test]
fn json_numbers_carry_at_most_three_decimals() {
    // Issue 11: f32 confidences widened on the way to JSON printed as 0.6150000095367432.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    library(dir.path());
    let out = forewarn(dir.path())
        .args(["scan", "--format", "json"])
        .arg(dir.path().join("shelf"))
        .assert()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let mut numbers = 0;
    for token in text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-')) {
        if let Some((_, decimals)) = token.split_once('.') {
            numbers += 1;
            assert!(decimals.len() <= 3 && !decimals.contains('e'), "{token} in\n{text}");
        }
    }
    assert!(numbers > 40, "only {numbers} decimal numbers in\n{text}");
}
