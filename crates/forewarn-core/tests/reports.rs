//! Snapshot tests of whole reports for a few fixtures (see fixtures/README.md). A change in
//! any detector, lexicon or calibration shows up here as a reviewed snapshot diff.

use forewarn_core::report::Report;
use forewarn_core::{Document, Engine, Meta, SourceFormat, SourceMap};

fn report(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut meta = Meta::new(SourceFormat::Txt);
    meta.source_bytes = text.len();
    let doc = Document::from_plain_text(text.clone(), SourceMap::identity(name, text.len()), meta);
    let analysis = Engine::default().analyze(&doc);
    let report = Report::new(name, name, &doc, &analysis, &[]);
    // The evidence invariant holds on every snapshot.
    for w in &report.warnings {
        for e in &w.evidence {
            assert_eq!(&text[e.start..e.end], e.text);
            // And every passage shown lies in one of the places listed.
            assert!(w.places.iter().any(|p| p.start <= e.start && e.end <= p.end), "{}: {:?}", w.id, w.places);
        }
        for p in &w.places {
            assert!(p.start < p.end && p.end <= text.len() && p.position <= p.end_position, "{p:?}");
        }
    }
    report
}

/// The warnings only (id, severity, evidence text), which is what a reader sees.
fn warnings(r: &Report) -> Vec<(String, String, Vec<String>)> {
    r.warnings
        .iter()
        .map(|w| (w.id.clone(), w.severity.as_str().to_string(), w.evidence.iter().map(|e| e.text.clone()).collect()))
        .collect()
}

#[test]
fn refusal_ignored() {
    let r = report("refusal_ignored");
    insta::assert_json_snapshot!((r.rating.level, warnings(&r)));
}

#[test]
fn consensual_dont_stop() {
    let r = report("consensual_dont_stop");
    insta::assert_json_snapshot!((r.rating.level, warnings(&r)));
}

#[test]
fn snowball_fight() {
    let r = report("snowball_fight");
    insta::assert_json_snapshot!((r.rating.level, warnings(&r)));
}

#[test]
fn death_reversed() {
    let r = report("death_reversed");
    insta::assert_json_snapshot!((r.rating.level, warnings(&r)));
}

#[test]
fn treasure_island_black_spot() {
    let r = report("treasure_island_black_spot");
    insta::assert_json_snapshot!(r);
}

/// A long work (over 2,000 sentences) where Hatch speaks and acts in the first part, then
/// `death` tells something once, and the story goes on without him.
fn long_work_with(death: &str) -> Report {
    let mut text = String::new();
    for k in 0..60 {
        text.push_str(&format!(
            "\"We ride at dawn, lad number {k},\" said Hatch. Hatch looked at the road. He was tired. "
        ));
        text.push_str("Dick walked along the road and looked at the trees. Joanna answered him kindly. ");
    }
    text.push_str(death);
    text.push(' ');
    for k in 0..1100 {
        text.push_str(&format!(
            "Dick walked along road number {k} and looked at the trees. Joanna answered him kindly. "
        ));
    }
    let mut meta = Meta::new(SourceFormat::Txt);
    meta.source_bytes = text.len();
    let doc = Document::from_plain_text(text.clone(), SourceMap::identity("long", text.len()), meta);
    let analysis = Engine::default().analyze(&doc);
    Report::new("long", "long", &doc, &analysis, &[])
}

fn death_subject(r: &Report) -> Option<String> {
    r.warnings.iter().find(|w| w.id == "major-character-death").and_then(|w| w.subject.clone())
}

#[test]
fn a_death_told_once_in_a_long_work_counts_when_the_story_goes_on_without_them() {
    assert_eq!(death_subject(&long_work_with("Hatch, he is dead, poor man.")).as_deref(), Some("hatch"));
    // Named as the killer, not the killed; grieving; or named in another clause.
    assert_eq!(death_subject(&long_work_with("The stranger shot by Mr. Hatch died that evening.")), None);
    assert_eq!(death_subject(&long_work_with("Hatch mourned the old man all winter.")), None);
    assert_eq!(death_subject(&long_work_with("Hatch was wounded; the other two men died.")), None);
}
