//! `forewarn check` contract tests: declared tags (in the work or from `--declared`) against
//! detected content, in human, JSON and SARIF output, with exit codes 0, 1 and 2.

use std::path::PathBuf;

use predicates::prelude::*;

mod common;
use common::{forewarn, json, json_entry};

/// An AO3 download that declares "General Audiences" and "No Archive Warnings Apply"
/// while a named keeper is stabbed and dies on the page in chapter 2.
fn fixture() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check_ao3_death.html"))
}

/// `forewarn check` on the lexical engine: these are tests of the lint's contract (what is
/// declared against what is detected, and the exit codes); how well the engine judges is
/// measured by `forewarn eval`, and a sentence model's marginal reading of the fixture would
/// make them tests of the heads.
fn check() -> assert_cmd::Command {
    let mut cmd = forewarn();
    cmd.args(["check", "--no-model"]);
    cmd
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// Declares everything the fixture contains.
const EVERYTHING: &str = "Rating: Explicit; Archive Warnings: Major Character Death, Graphic Depictions Of Violence; \
    Additional Tags: Blood and Injury, Character Death, Violence, Dying, Grief/Mourning";

#[test]
fn tags_in_the_work_that_understate_it_fail_with_lint_lines() {
    let assert = check().arg(fixture()).assert().code(1);
    let out = stdout(&assert);
    assert!(out.contains("The Last Watch"), "{out}");
    assert!(out.contains("tags declared in the work"), "{out}");
    assert!(out.contains("error[rating-too-low]: declared General Audiences, but the content reads as"), "{out}");
    assert!(out.contains("error[archive-warning-missing]: Major Character Death detected ("), "{out}");
    assert!(out.contains(") but not declared\n  --> chapter 2 of 3, ~"), "{out}");
    assert!(out.contains("   | He died before Mara reached the top of the stairs."), "evidence is shown: {out}");
    assert!(out.contains("warning[content-tag-missing]: Violence detected ("), "{out}");
    assert!(out.contains("check failed: "), "{out}");
    assert!(!out.contains("info[found]"), "nothing is covered by Lighthouses or Weather: {out}");
}

#[test]
fn a_declaration_that_covers_everything_passes() {
    let assert = check().arg(fixture()).args(["--declared", EVERYTHING]).assert().code(0);
    let out = stdout(&assert);
    assert!(out.contains("tags from --declared"), "{out}");
    assert!(out.contains("info[found]: Major Character Death detected ("), "{out}");
    assert!(out.contains("declared as \"Major Character Death\""), "{out}");
    assert!(out.contains("covered by \"Blood and Injury\""), "{out}");
    assert!(!out.contains("error[") && !out.contains("warning["), "{out}");
    assert!(out.contains("passed: 0 errors, 0 warnings, 0 hints, "), "{out}");
}

#[test]
fn creator_chose_not_to_warn_reports_archive_warnings_as_info() {
    let declared = "Rating: Explicit; Archive Warnings: Creator Chose Not To Use Archive Warnings; \
        Additional Tags: Blood, Violence, Character Death, Dying, Grief/Mourning";
    let assert = check().arg(fixture()).args(["--declared", declared]).assert().code(0);
    let out = stdout(&assert);
    assert!(!out.contains("error["), "{out}");
    assert!(
        out.contains("info[found]: Major Character Death detected (")
            && out.contains("the creator chose not to use archive warnings"),
        "{out}"
    );
    assert!(out.contains("info[found]: Graphic Depictions Of Violence detected ("), "{out}");
}

#[test]
fn no_archive_warnings_apply_covers_nothing_from_the_flag() {
    let declared =
        "Rating: Explicit; Archive Warnings: No Archive Warnings Apply; Tags: Blood, Violence, Character Death";
    let assert = check().arg(fixture()).args(["--declared", declared]).assert().code(1);
    let out = stdout(&assert);
    assert!(out.contains("error[archive-warning-missing]: Major Character Death detected ("), "{out}");
    assert!(!out.contains("error[rating-too-low]"), "{out}");
}

#[test]
fn json_output_has_the_report_and_the_check() {
    let assert = check().args(["--format", "json"]).arg(fixture()).assert().code(1);
    let value = json_entry(&assert.get_output().stdout);
    assert_eq!(value["report"]["source"]["declared"]["rating"], "General Audiences");
    let check = &value["check"];
    assert_eq!(check["declared_source"], "work");
    assert_eq!(check["missing"], true);
    let findings = check["findings"].as_array().cloned().unwrap_or_default();
    let mcd = findings
        .iter()
        .find(|f| f["label"] == "major-character-death")
        .unwrap_or_else(|| panic!("no finding for major-character-death: {check:#}"));
    assert_eq!(mcd["kind"], "archive-warning-missing");
    assert_eq!(mcd["level"], "error");
    assert!(mcd["evidence"].as_array().is_some_and(|e| !e.is_empty()), "{mcd:#}");
    assert_eq!(findings[0]["level"], "error", "most serious first");
}

#[test]
fn sarif_output_is_a_sarif_log_pointing_at_the_evidence_bytes() {
    let assert = check().args(["--format", "sarif"]).arg(fixture()).assert().code(1);
    let log = json(&assert.get_output().stdout);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "forewarn");
    let rules = run["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty());
    for r in &results {
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{r:#}");
        let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index).map(|rule| &rule["id"]), Some(&r["ruleId"]), "{r:#}");
    }
    let mcd = results
        .iter()
        .find(|r| r["ruleId"] == "major-character-death")
        .unwrap_or_else(|| panic!("no result for major-character-death: {run:#}"));
    assert_eq!(mcd["level"], "error");
    let rule = &rules[mcd["ruleIndex"].as_u64().unwrap_or(0) as usize];
    assert_eq!(rule["shortDescription"]["text"], "Major Character Death");
    let bytes = std::fs::read(fixture()).unwrap_or_default();
    let location = &mcd["locations"][0];
    assert!(location["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .is_some_and(|u| u.ends_with("tests/fixtures/check_ao3_death.html")));
    let region = &location["physicalLocation"]["region"];
    let start = region["byteOffset"].as_u64().unwrap_or(0) as usize;
    let len = region["byteLength"].as_u64().unwrap_or(0) as usize;
    assert_eq!(
        String::from_utf8_lossy(&bytes[start..start + len]),
        location["message"]["text"].as_str().unwrap_or_default(),
        "the region is the evidence sentence in the HTML file"
    );
    assert!(results.iter().any(|r| r["ruleId"] == "rating" && r["level"] == "error"), "{run:#}");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn nothing_declared_is_said() {
    let assert = check()
        .arg("-")
        .write_stdin("The knight drew his sword and stabbed the guard. The guard fell and died on the stones.")
        .assert()
        .code(0);
    let out = stdout(&assert);
    assert!(out.starts_with("standard input (no tags declared)\n"), "{out}");
    assert!(out.contains("info[nothing-declared]: no tags declared"), "{out}");
    assert!(out.contains("info[not-rated]: no rating declared; the content reads as"), "{out}");
    assert!(out.contains("warning[content-tag-missing]: "), "{out}");
    assert!(out.contains("passed with remarks: 0 errors, "), "{out}");
}

/// Like a linter: errors fail the check, warnings and hints fail it only when denied.
#[test]
fn warnings_and_hints_fail_only_when_denied() {
    let knight = "The knight drew his sword and stabbed the guard. The guard fell and died on the stones.";
    check().arg("-").write_stdin(knight).assert().code(0);
    check().args(["--deny", "warnings", "-"]).write_stdin(knight).assert().code(1);
    // Teen And Up with Graphic Depictions Of Violence declared: AO3 allows it, so it is a hint.
    let teen =
        "Rating: Teen And Up Audiences; Archive Warnings: Major Character Death, Graphic Depictions Of Violence; \
        Additional Tags: Blood and Injury, Character Death, Violence, Dying";
    let assert = check().arg(fixture()).args(["--declared", teen]).assert().code(0);
    let out = stdout(&assert);
    assert!(out.contains("hint[rating-too-low]: declared Teen And Up Audiences, but"), "{out}");
    assert!(out.contains("AO3 allows it"), "{out}");
    check().arg(fixture()).args(["--declared", teen, "--deny", "warnings"]).assert().code(0);
    check().arg(fixture()).args(["--declared", teen, "--deny", "hints"]).assert().code(1);
}

/// A comma where a semicolon belongs is not misread as a rating named "Explicit, Archive
/// Warnings: ...": it is an error that says what could not be read.
#[test]
fn a_declaration_with_a_comma_between_fields_exits_2() {
    check()
        .arg(fixture())
        .args(["--declared", "Rating: Explicit, Archive Warnings: Rape/Non-Con"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--declared: \"Archive Warnings:\" is inside the Rating field; separate fields with \";\" or new lines",
        ));
}

#[test]
fn unreadable_inputs_and_bad_declarations_exit_2() {
    check().arg("no/such/work.html").assert().code(2).stderr(predicate::str::contains("error: no/such/work.html"));
    // A readable work beside a missing one is still checked, and the exit code is 2.
    check()
        .arg(fixture())
        .arg("no/such/work.html")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("error[archive-warning-missing]"));
    check()
        .arg(fixture())
        .args(["--declared", "Rating: Mature; Sparkles: many"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown key \"Sparkles\""));
}
