//! Fuzzes the whole pipeline without the sentence model: bytes -> reader (format chosen the
//! way the CLI chooses it, from the file name and then the content) -> lexical engine ->
//! wire report -> JSON. Nothing may panic, every evidence span must lie inside what it
//! indexes, and the JSON must read back as a report.
//!
//! The first byte picks the file name, so that every reader (and content sniffing, for a
//! name without an extension) is reached; the rest is the input.
#![no_main]

use std::sync::OnceLock;

use forewarn_core::report::Report;
use forewarn_core::{Calibration, Engine, SourceFormat};
use forewarn_ingest::{read_bytes, InputFormat, Limits};
use libfuzzer_sys::fuzz_target;

/// File names the first byte chooses between; the last has no extension, so the format is
/// sniffed from the content.
const NAMES: [&str; 6] = ["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.epub", "fuzz.jsonl", "fuzz"];

/// Built once: the lexicons and calibration are the expensive part, and the CLI builds one
/// engine per command too.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Calibration::shipped()))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let engine = engine();
    for item in read_bytes(name, bytes, InputFormat::Auto, &Limits::default()) {
        let Ok(doc) = item.result else { continue };
        let analysis = engine.analyze(&doc);
        let report = Report::new(&item.id, name, &doc, &analysis, &[]);
        // What an evidence span indexes depends on the format (see `Document::source_span`):
        // the input's bytes for txt, md and html; the analysis text for EPUB; the record's
        // decoded `text` value for JSONL, which is never longer than the input after decoding
        // (at most 3 bytes of UTF-8 per input byte, for Windows-1252).
        let bound = match doc.meta.format {
            SourceFormat::Txt | SourceFormat::Md | SourceFormat::Html => bytes.len(),
            SourceFormat::Epub => doc.text.len(),
            SourceFormat::Jsonl => bytes.len().saturating_mul(3),
        };
        for warning in &report.warnings {
            assert!(warning.confidence.is_finite(), "{}: confidence {}", warning.id, warning.confidence);
            for e in &warning.evidence {
                let (id, start, end) = (&warning.id, e.start, e.end);
                assert!(start <= end && end <= bound, "{id}: evidence {start}..{end} outside 0..{bound}");
                assert!((0.0..=1.0).contains(&e.position), "{}: position {}", warning.id, e.position);
                if let Some(locator) = &e.locator {
                    assert!(locator.span.start <= locator.span.end, "{}: locator {:?}", warning.id, locator);
                }
                if let Some(chapter) = e.chapter {
                    assert!(chapter >= 1 && chapter <= doc.chapters.len(), "{}: chapter {chapter}", warning.id);
                }
            }
        }
        let json = serde_json::to_string(&report).expect("a report serialises");
        let back: Report = serde_json::from_str(&json).expect("the JSON reads back as a report");
        assert_eq!(back.warnings.len(), report.warnings.len());
        assert_eq!(back.scores.len(), report.scores.len(), "a score did not survive JSON (NaN?)");
    }
});
