//! SARIF 2.1.0 output, for CI systems (code-scanning dashboards, review bots).
//!
//! Works are buffered and one log is written at the end: one run, the `forewarn` driver
//! with one rule per rule id used, and one result per finding. For a check, a result is a
//! check finding (level `error`, `warning` or `note`; the rule is the label, or `rating`,
//! or `nothing-declared`). For a plain scan, a result is a warning (`warning` for archive
//! warnings, `note` for content labels). Locations point at the evidence: the input's path
//! and, where the report's offsets are into that file's bytes (text, Markdown, HTML), a
//! byte region. EPUB evidence names its entry in the location's properties instead, and a
//! JSONL record its id. Inputs that could not be read become tool notifications.

use std::collections::BTreeMap;
use std::io::{self, Write};

use forewarn_core::check::{CheckFinding, CheckKind, CheckOutcome, Level};
use forewarn_core::report::{Evidence, Report, Warning};
use forewarn_core::SourceFormat;
use serde_json::{json, Value};

use super::{Renderer, Work};

/// The schema the log declares.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF renderer: collects results and writes the log at the end.
#[derive(Debug, Default)]
pub struct Sarif {
    /// Rules by id (sorted, so output order is stable).
    rules: BTreeMap<String, Value>,
    /// Results in input order; `ruleIndex` is filled in at the end.
    results: Vec<Value>,
    /// Inputs that could not be read, and problems that did not stop a read.
    notifications: Vec<Value>,
    /// Whether any input failed.
    failed: bool,
}

impl Renderer for Sarif {
    fn work(&mut self, _out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        let report = work.report;
        for e in &report.errors {
            self.notifications.push(notification("warning", &format!("{}: {e}", report.id), Some(&report.source.path)));
        }
        match work.check {
            Some(check) => {
                for finding in &check.findings {
                    self.check_result(report, check, finding);
                }
            }
            None => {
                for w in &report.warnings {
                    self.scan_result(report, w);
                }
            }
        }
        Ok(())
    }

    fn failure(&mut self, _out: &mut dyn Write, id: &str, message: &str) -> io::Result<()> {
        self.failed = true;
        self.notifications.push(notification("error", &format!("{id}: {message}"), Some(id)));
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log())?;
        writeln!(out)
    }
}

impl Sarif {
    /// The whole log.
    fn log(&self) -> Value {
        let index: BTreeMap<&str, usize> = self.rules.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let results: Vec<Value> = self
            .results
            .iter()
            .cloned()
            .map(|mut r| {
                let i = r["ruleId"].as_str().and_then(|id| index.get(id).copied());
                if let (Some(i), Some(obj)) = (i, r.as_object_mut()) {
                    obj.insert("ruleIndex".into(), json!(i));
                }
                r
            })
            .collect();
        let mut driver = json!({
            "name": "forewarn",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": self.rules.values().collect::<Vec<_>>(),
        });
        // Only a real address: the package names one, or the field is left out.
        let uri = option_env!("CARGO_PKG_REPOSITORY").filter(|u| !u.is_empty()).or(option_env!("CARGO_PKG_HOMEPAGE"));
        if let (Some(uri), Some(obj)) = (uri.filter(|u| !u.is_empty()), driver.as_object_mut()) {
            obj.insert("informationUri".into(), json!(uri));
        }
        json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": driver },
                "invocations": [{
                    "executionSuccessful": !self.failed,
                    "toolExecutionNotifications": self.notifications,
                }],
                "results": results,
            }],
        })
    }

    /// Registers a rule the first time it is used.
    fn rule(&mut self, id: &str, fallback_name: &str) {
        if self.rules.contains_key(id) {
            return;
        }
        let taxonomy = forewarn_core::taxonomy();
        let (name, definition, kind) = match (id, taxonomy.get(id)) {
            (_, Some(label)) => {
                let kind = if label.kind == forewarn_core::LabelKind::Archive { "archive" } else { "content" };
                (label.name.clone(), label.definition.clone(), kind)
            }
            ("rating", None) => (
                "Rating".to_string(),
                "The declared AO3 rating against the rating the content reads as.".to_string(),
                "rating",
            ),
            ("nothing-declared", None) => (
                "Nothing declared".to_string(),
                "The work declares no rating, archive warnings or tags.".to_string(),
                "declaration",
            ),
            _ => (
                fallback_name.to_string(),
                format!("Custom label {fallback_name} (from the user's settings)."),
                "custom",
            ),
        };
        let rule = json!({
            "id": id,
            "shortDescription": { "text": name },
            "fullDescription": { "text": definition },
            "properties": { "kind": kind },
        });
        self.rules.insert(id.to_string(), rule);
    }

    fn scan_result(&mut self, report: &Report, w: &Warning) {
        self.rule(&w.id, &w.name);
        let mut message = format!("{} detected ({:.2}, {})", w.name, w.confidence, w.severity.as_str());
        if !w.reason.is_empty() {
            message.push_str(&format!(": {}", w.reason));
        }
        self.results.push(json!({
            "ruleId": w.id,
            "level": if w.kind == forewarn_core::report::WarningKind::Archive { "warning" } else { "note" },
            "message": { "text": message },
            "locations": locations(report, &w.evidence),
            "properties": {
                "work": report.id,
                "kind": w.kind,
                "confidence": w.confidence,
                "severity": w.severity.as_str(),
            },
        }));
    }

    fn check_result(&mut self, report: &Report, check: &CheckOutcome, finding: &CheckFinding) {
        let rule_id = match (&finding.label, finding.kind) {
            (Some(label), _) => label.as_str(),
            (None, CheckKind::NothingDeclared) => "nothing-declared",
            (None, _) => "rating",
        };
        self.rule(rule_id, finding.detected.as_deref().unwrap_or(rule_id));
        let level = match finding.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info | Level::Hint => "note",
        };
        self.results.push(json!({
            "ruleId": rule_id,
            "level": level,
            "message": { "text": finding.message },
            "locations": locations(report, &finding.evidence),
            "properties": {
                "work": report.id,
                "check": finding.kind.as_str(),
                "confidence": finding.confidence,
                "declared": finding.declared,
                "detected": finding.detected,
                "declaredSource": check.declared_source,
            },
        }));
    }
}

/// One location per evidence passage (or one for the whole input when there is none).
fn locations(report: &Report, evidence: &[Evidence]) -> Vec<Value> {
    let path = report.source.path.as_str();
    if path == "-" {
        // Standard input has no address to point at.
        return Vec::new();
    }
    let artifact = json!({ "uri": path_uri(path) });
    if evidence.is_empty() {
        return vec![json!({ "physicalLocation": { "artifactLocation": artifact } })];
    }
    // Offsets are into the file's bytes for single-file inputs; for EPUB they are into the
    // analysis text (the entry is in the locator) and for JSONL into the record's text.
    let file_offsets = !matches!(report.source.format, SourceFormat::Epub | SourceFormat::Jsonl);
    evidence
        .iter()
        .map(|e| {
            let mut physical = json!({ "artifactLocation": artifact });
            if file_offsets {
                physical["region"] = json!({ "byteOffset": e.start, "byteLength": e.end.saturating_sub(e.start) });
            }
            let mut properties = json!({ "chapter": e.chapter, "position": e.position });
            if report.source.format == SourceFormat::Jsonl {
                properties["record"] = json!(report.id);
            }
            if let (Some(loc), false) = (&e.locator, file_offsets) {
                properties["entry"] = json!(loc.item);
                properties["entryByteOffset"] = json!(loc.span.start);
                properties["entryByteLength"] = json!(loc.span.len());
            }
            json!({
                "physicalLocation": physical,
                "message": { "text": e.text.split_whitespace().collect::<Vec<_>>().join(" ") },
                "properties": properties,
            })
        })
        .collect()
}

/// A tool execution notification.
fn notification(level: &str, message: &str, path: Option<&str>) -> Value {
    let mut n = json!({ "level": level, "message": { "text": message } });
    if let Some(path) = path.filter(|p| *p != "-") {
        n["locations"] = json!([{ "physicalLocation": { "artifactLocation": { "uri": path_uri(path) } } }]);
    }
    n
}

/// A path as a URI reference: relative paths stay relative (SARIF consumers resolve them
/// against the checkout), absolute ones become `file://` URIs; bytes outside the unreserved
/// set are percent-encoded.
fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut uri = String::with_capacity(path.len());
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use forewarn_core::{Document, Engine, Meta, SourceFormat, SourceMap};

    const TEXT: &str = "Mara Quill kept the lighthouse with her brother Tobias.\n\n\
        The raider drew a knife and stabbed Tobias in the chest. Blood soaked his shirt and pooled on the stone floor. \
        Tobias died on the floor of the lamp room. Mara buried her brother the next morning.\n";

    fn report() -> Report {
        let doc = Document::from_plain_text(
            TEXT.to_string(),
            SourceMap::identity("story.txt", TEXT.len()),
            Meta::new(SourceFormat::Txt),
        );
        let analysis = Engine::default().analyze(&doc);
        Report::new("story.txt", "story.txt", &doc, &analysis, &[])
    }

    fn render(works: &[Work<'_>]) -> Value {
        let mut sarif = Sarif::default();
        let mut out = Vec::new();
        for w in works {
            sarif.work(&mut out, w).unwrap_or_else(|e| panic!("{e}"));
        }
        sarif.failure(&mut out, "missing.txt", "not found").unwrap_or_else(|e| panic!("{e}"));
        sarif.end(&mut out).unwrap_or_else(|e| panic!("{e}"));
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("not JSON: {e}"))
    }

    /// The fields SARIF 2.1.0 requires, and the references between them.
    fn assert_valid(log: &Value) -> &Vec<Value> {
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let runs = log["runs"].as_array().unwrap_or_else(|| panic!("runs"));
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "forewarn");
        let rules = driver["rules"].as_array().unwrap_or_else(|| panic!("rules"));
        for rule in rules {
            assert!(rule["id"].is_string() && rule["shortDescription"]["text"].is_string(), "{rule}");
        }
        let results = runs[0]["results"].as_array().unwrap_or_else(|| panic!("results"));
        for r in results {
            assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{r}");
            let rule_id = r["ruleId"].as_str().unwrap_or_else(|| panic!("ruleId: {r}"));
            let index = r["ruleIndex"].as_u64().unwrap_or_else(|| panic!("ruleIndex: {r}")) as usize;
            assert_eq!(rules[index]["id"], rule_id);
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")), "{r}");
            for loc in r["locations"].as_array().into_iter().flatten() {
                assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], "story.txt");
                let region = &loc["physicalLocation"]["region"];
                if let (Some(start), Some(len)) = (region["byteOffset"].as_u64(), region["byteLength"].as_u64()) {
                    let (start, len) = (start as usize, len as usize);
                    // Plain UTF-8 text: the region is exactly the evidence sentence.
                    assert_eq!(&TEXT[start..start + len], loc["message"]["text"].as_str().unwrap_or(""));
                }
            }
        }
        let invocation = &runs[0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert_eq!(invocation["toolExecutionNotifications"][0]["level"], "error");
        results
    }

    #[test]
    fn a_scan_gives_one_result_per_warning() {
        let report = report();
        assert!(!report.warnings.is_empty(), "the story has warnings: {:?}", report.scores);
        let log = render(&[Work { report: &report, check: None }]);
        let results = assert_valid(&log);
        assert_eq!(results.len(), report.warnings.len());
        for (r, w) in results.iter().zip(&report.warnings) {
            assert_eq!(r["ruleId"], w.id.as_str());
            assert_eq!(
                r["level"],
                if w.kind == forewarn_core::report::WarningKind::Archive { "warning" } else { "note" }
            );
            assert_eq!(r["locations"].as_array().map(Vec::len), Some(w.evidence.len()));
        }
    }

    #[test]
    fn a_check_gives_one_result_per_finding() {
        let report = report();
        let declared = forewarn_core::check::parse_declaration(
            "Rating: General Audiences; Archive Warnings: No Archive Warnings Apply",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let outcome = forewarn_core::check::check(&report, &declared, "flag", None, Level::Error);
        assert!(outcome.missing, "{:#?}", outcome.findings);
        let log = render(&[Work { report: &report, check: Some(&outcome) }]);
        let results = assert_valid(&log);
        assert_eq!(results.len(), outcome.findings.len());
        assert!(results.iter().any(|r| r["level"] == "error" && r["ruleId"] == "rating"), "{log:#}");
        for (r, f) in results.iter().zip(&outcome.findings) {
            assert_eq!(r["message"]["text"], f.message.as_str());
            assert_eq!(r["properties"]["check"], f.kind.as_str());
        }
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("works/a b.html"), "works/a%20b.html");
        assert_eq!(path_uri("/tmp/x.epub"), "file:///tmp/x.epub");
        assert_eq!(path_uri("dir\\file.txt"), "dir/file.txt");
    }
}
