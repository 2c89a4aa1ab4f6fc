//! Helpers shared by the CLI integration tests (each test file is its own crate and uses a
//! part of them).
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The `forewarn` binary with colour off and an empty result cache of its own, so no test
/// depends on another's results.
pub fn forewarn() -> Command {
    let cache = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")).keep();
    forewarn_with_cache(&cache)
}

/// The `forewarn` binary with colour off and the given result cache.
pub fn forewarn_with_cache(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("forewarn").unwrap_or_else(|e| panic!("binary: {e}"));
    cmd.env("NO_COLOR", "1").env("FOREWARN_CACHE_DIR", cache);
    cmd
}

/// Parses a command's JSON output, showing the output when it is not JSON.
pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// Parses `--format json` output, which is always an array with an entry per input.
pub fn json_entries(out: &[u8]) -> Vec<serde_json::Value> {
    match json(out) {
        serde_json::Value::Array(entries) => entries,
        other => panic!("--format json is not an array: {other:#}"),
    }
}

/// The entry of `--format json` output for a run with one input.
pub fn json_entry(out: &[u8]) -> serde_json::Value {
    let mut entries = json_entries(out);
    assert_eq!(entries.len(), 1, "one input, one entry: {entries:#?}");
    entries.remove(0)
}
