//! Plain text: decoding, bad inputs, size, and the evidence-span invariant.

use std::path::Path;
use std::time::{Duration, Instant};

use forewarn_core::Document;
use forewarn_ingest::{read_bytes, read_path, InputFormat, Limits};
use proptest::prelude::*;

fn read(name: &str, bytes: &[u8]) -> Result<Document, String> {
    let mut items = read_bytes(name, bytes, InputFormat::Auto, &Limits::default());
    assert_eq!(items.len(), 1);
    items.remove(0).result.map_err(|e| e.to_string())
}

/// For every sentence, the mapped source bytes are the sentence's own bytes.
fn assert_spans_exact(source: &[u8], doc: &Document) {
    for s in &doc.sentences {
        let (span, _) = doc.source_span(s.range);
        assert_eq!(
            source.get(span.start..span.end),
            Some(doc.slice(s.range).as_bytes()),
            "sentence {:?} maps to {span:?}",
            doc.slice(s.range)
        );
    }
}

#[test]
fn empty_and_whitespace_files() {
    assert_eq!(read("a.txt", b"").err().as_deref(), Some("empty file: no text to read"));
    assert_eq!(read("a.txt", b"\xEF\xBB\xBF \r\n\t").err().as_deref(), Some("empty file: no text to read"));
    assert_eq!(read("a.md", b"\n\n").err().as_deref(), Some("empty file: no text to read"));
    assert_eq!(read("a.html", b"").err().as_deref(), Some("empty file: no text to read"));
}

#[test]
fn binary_files_renamed_as_text() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    assert_eq!(read("photo.txt", png).err().as_deref(), Some("binary file (PNG image), not a text work"));
    assert_eq!(
        read("doc.html", b"%PDF-1.4\n...").err().as_deref(),
        Some("binary file (PDF document), not a text work")
    );
    assert_eq!(read("a.txt", b"\x1F\x8B\x08\0").err().as_deref(), Some("binary file (gzip archive), not a text work"));
    assert_eq!(
        read("prog", b"\x7FELF\x02\x01").err().as_deref(),
        Some("binary file (ELF executable), not a text work")
    );
    assert_eq!(read("a.txt", b"PK\x03\x04abc").err().as_deref(), Some("binary file (ZIP archive), not a text work"));
    let nul = [b"Some text".as_slice(), &[0, 1, 2, 3, 0, 0, 7, 0xFF, 0xFE, 0], b"more"].concat();
    assert_eq!(read("a.txt", &nul).err().as_deref(), Some("binary file (NUL bytes near the start), not a text work"));
}

#[test]
fn invalid_utf8_is_replaced_and_noted() {
    let bytes =
        [b"Caf\xC3\xA9 \xE2\x80\x94 the door opened. ".as_slice(), b"\xC3\x28Bad\xFF. ", b"It closed."].concat();
    let doc = read("a.txt", &bytes).expect("reads");
    assert_eq!(doc.text, "Café — the door opened. \u{FFFD}(Bad\u{FFFD}. It closed.");
    assert_eq!(doc.meta.notes, vec!["invalid UTF-8 at 2 places was replaced with U+FFFD".to_string()]);
    // Sentences of valid text still map exactly; the bad one covers its bytes.
    let first = doc.source_span(doc.sentences[0].range).0;
    assert_eq!(&bytes[first.start..first.end], "Café — the door opened.".as_bytes());
    let bad = doc.source_span(doc.sentences[1].range).0;
    assert_eq!(&bytes[bad.start..bad.end], b"\xC3\x28Bad\xFF.");
}

#[test]
fn windows_1252_text() {
    let doc = read("a.txt", b"\x93Stop,\x94 she said. It\x92s late.").expect("reads");
    assert_eq!(doc.text, "\u{201C}Stop,\u{201D} she said. It\u{2019}s late.");
    assert_eq!(doc.meta.notes, vec!["not valid UTF-8; decoded as Windows-1252".to_string()]);
    assert_eq!(doc.sentences.len(), 2);
}

#[test]
fn utf16_with_bom() {
    let text = "CHAPTER I\r\n\r\nThe keeper lit the lamp. Nothing else happened that night, or the next, or the one after that.\r\n";
    for (le, note) in [(true, "decoded as UTF-16LE"), (false, "decoded as UTF-16BE")] {
        let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            bytes.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        let doc = read("a.txt", &bytes).expect("reads");
        assert_eq!(doc.text, text);
        assert_eq!(doc.meta.notes, vec![note.to_string()]);
        assert_eq!(doc.meta.source_bytes, bytes.len());
        assert_eq!(doc.chapters.len(), 1);
        // Each sentence maps to its own UTF-16 bytes (it mapped to its whole line before
        // issue 12).
        let sentence = doc.slice(doc.sentences[0].range);
        let (span, _) = doc.source_span(doc.sentences[0].range);
        let line_start = 2 + "CHAPTER I\r\n\r\n".len() * 2;
        assert_eq!(span.start, line_start);
        assert_eq!(span.end, line_start + 2 * sentence.encode_utf16().count());
        assert!(span.end < bytes.len() - 2, "{sentence:?} is not the whole line");
    }
}

#[test]
fn bom_and_crlf_keep_exact_spans() {
    let source = b"\xEF\xBB\xBFCHAPTER I\r\n\r\n\"Stop!\" she said. Mr. Hale waited.\r\nThen he left.\r\n";
    let doc = read("a.txt", source).expect("reads");
    assert_eq!(doc.sentences.len(), 3);
    assert_spans_exact(source, &doc);
}

#[test]
fn large_single_line_reads_in_bounded_time() {
    let sentence = "The keeper wrote the wind speed in the ledger, then checked the lamp again. ";
    let text = sentence.repeat(20_000_000 / sentence.len());
    let started = Instant::now();
    let doc = read("big.txt", text.as_bytes()).expect("reads");
    let elapsed = started.elapsed();
    assert_eq!(doc.paragraphs.len(), 1);
    assert_eq!(doc.sentences.len(), 20_000_000 / sentence.len());
    assert!(doc.source_map.is_identity());
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
}

#[test]
fn read_path_errors() {
    let limits = Limits::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let error = |path: &Path, limits: &Limits| {
        let items = read_path(path, InputFormat::Auto, limits);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id, path.to_string_lossy());
        items.into_iter().next().and_then(|i| i.result.err()).map(|e| e.to_string())
    };
    assert_eq!(error(&dir.join("no-such-file.txt"), &limits).as_deref(), Some("file not found"));
    assert_eq!(error(dir, &limits).as_deref(), Some("is a directory, not a file"));
    let tiny = Limits { max_input_bytes: 10, ..Limits::default() };
    let fixture = dir.join("tests/fixtures/ao3_work.html");
    let err = error(&fixture, &tiny).unwrap_or_default();
    assert!(err.starts_with("input is ") && err.ends_with(", over the 10 bytes input limit"), "{err}");
    let items = read_path(&fixture, InputFormat::Auto, &limits);
    assert!(items[0].result.is_ok());
}

#[test]
fn jsonl_batch() {
    let batch =
        b"{\"id\": \"w1\", \"text\": \"She ran. He followed.\"}\n{\"id\": \"w2\", \"txt\": \"typo\"}\nnot json\n";
    let items = read_bytes("batch.jsonl", batch, InputFormat::Auto, &Limits::default());
    let summary: Vec<_> =
        items.iter().map(|i| (i.id.as_str(), i.result.as_ref().err().map(|e| e.to_string()))).collect();
    assert_eq!(summary[0], ("w1", None));
    assert_eq!(summary[1], ("batch.jsonl:2", Some("line 2: missing \"text\"".to_string())));
    assert_eq!(summary[2].0, "batch.jsonl:3");
    assert!(
        summary[2].1.as_deref().is_some_and(|e| e.starts_with("line 3: invalid JSON: expected")),
        "{:?}",
        summary[2]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sentence_spans_equal_their_text(text in "([A-Za-z]{1,8}|[ .!?\"'“”‘’—,;:]|\r\n|\n|\n\n|é|日本|CHAPTER I\n\n){1,80}") {
        prop_assume!(!text.trim().is_empty());
        let items = read_bytes("p.txt", text.as_bytes(), InputFormat::Txt, &Limits::default());
        let doc = items.into_iter().next().and_then(|i| i.result.ok()).expect("reads");
        prop_assert_eq!(&doc.text, &text);
        for s in &doc.sentences {
            let (span, _) = doc.source_span(s.range);
            prop_assert_eq!(text.as_bytes().get(span.start..span.end), Some(doc.slice(s.range).as_bytes()));
        }
    }

    #[test]
    fn arbitrary_strings_map_exactly(text in any::<String>()) {
        let items = read_bytes("p.txt", text.as_bytes(), InputFormat::Txt, &Limits::default());
        if let Some(Ok(doc)) = items.into_iter().next().map(|i| i.result) {
            for s in &doc.sentences {
                let (span, _) = doc.source_span(s.range);
                prop_assert_eq!(text.as_bytes().get(span.start..span.end), Some(doc.slice(s.range).as_bytes()));
            }
        }
    }

    #[test]
    fn any_bytes_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for format in [InputFormat::Txt, InputFormat::Md, InputFormat::Html, InputFormat::Epub, InputFormat::Jsonl] {
            for item in read_bytes("fuzz", &bytes, format, &Limits::default()) {
                if let Ok(doc) = item.result {
                    for s in &doc.sentences {
                        prop_assert!(doc.text.get(s.range.start..s.range.end).is_some());
                    }
                }
            }
        }
    }
}
