//! Fuzzes the html reader: any bytes must read without panicking, and every sentence must
//! lie on character boundaries inside the text.
#![no_main]

use forewarn_ingest::{read_bytes, InputFormat, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in read_bytes("fuzz.html", data, InputFormat::Html, &Limits::default()) {
        let Ok(doc) = item.result else { continue };
        for s in &doc.sentences {
            assert!(s.range.start <= s.range.end && s.range.end <= doc.text.len(), "sentence out of bounds");
            assert!(
                doc.text.is_char_boundary(s.range.start) && doc.text.is_char_boundary(s.range.end),
                "not on char boundaries"
            );
            let _ = doc.source_span(s.range);
        }
    }
});
