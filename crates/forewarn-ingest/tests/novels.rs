//! Real novels from the shared data set: chapter counts and the evidence-span invariant.

use forewarn_core::Document;
use forewarn_ingest::{read_bytes, InputFormat, Limits};

fn novel(name: &str) -> Vec<u8> {
    let path = format!("{}/../../../shared/data/novels/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_novel(name: &str, bytes: &[u8]) -> Document {
    let mut items = read_bytes(name, bytes, InputFormat::Auto, &Limits::default());
    assert_eq!(items.len(), 1);
    items.remove(0).result.unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Reads a novel, checks that every sentence maps back to its own bytes, and returns its
/// chapter count.
fn chapters_with_exact_spans(name: &str) -> usize {
    let bytes = novel(name);
    let doc = read_novel(name, &bytes);
    assert_eq!(doc.meta.source_bytes, bytes.len());
    assert!(doc.sentences.len() > 1000, "{name}: {} sentences", doc.sentences.len());
    for s in &doc.sentences {
        let (span, _) = doc.source_span(s.range);
        assert_eq!(
            bytes.get(span.start..span.end),
            Some(doc.slice(s.range).as_bytes()),
            "{name}: {:?}",
            doc.slice(s.range)
        );
    }
    doc.chapters.len()
}

#[test]
fn stevenson_has_a_bom_and_crlf() {
    let bytes = novel("Stevenson_Treasure_1883.txt");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let doc = read_novel("Stevenson_Treasure_1883.txt", &bytes);
    assert!(!doc.text.starts_with('\u{FEFF}'));
    assert_eq!(doc.chapters.len(), 34);
}

#[test]
fn burnett_garden() {
    assert_eq!(chapters_with_exact_spans("Burnett_Garden_1911.txt"), 27);
}

#[test]
fn chesterton_thursday() {
    assert_eq!(chapters_with_exact_spans("Chesterton_Thursday_1908.txt"), 15);
}

#[test]
fn doyle_hound() {
    assert_eq!(chapters_with_exact_spans("Doyle_Hound_1902.txt"), 15);
}

#[test]
fn stevenson_treasure() {
    assert_eq!(chapters_with_exact_spans("Stevenson_Treasure_1883.txt"), 34);
}

#[test]
fn bronte_jane() {
    assert_eq!(chapters_with_exact_spans("Cbronte_Jane_1847.txt"), 38);
}

#[test]
fn dickens_expectations() {
    assert_eq!(chapters_with_exact_spans("Dickens_Expectations_1861.txt"), 59);
}
