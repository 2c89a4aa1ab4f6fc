//! Expands command-line paths into inputs: files as given, directories walked recursively
//! (respecting .gitignore/.ignore files, via the `ignore` crate), `-` for standard input.

use std::path::{Path, PathBuf};

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

/// Whether a path looks like a work, by extension (ingest's [`forewarn_ingest::WORK_EXTENSIONS`]).
pub fn is_work(path: &Path) -> bool {
    forewarn_ingest::format_of_name(&path.to_string_lossy()).is_some()
}

/// Expands paths. Problems (a missing path, a directory with no works) are returned as
/// (path, message) pairs so that the rest of the batch still runs.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, String)>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push((path.clone(), "no such file or directory".into()))
            }
            Err(e) => problems.push((path.clone(), format!("cannot read: {e}"))),
            Ok(meta) if meta.is_dir() => {
                let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                    .hidden(true)
                    .build()
                    .filter_map(Result::ok)
                    .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()) && is_work(entry.path()))
                    .map(|entry| entry.into_path())
                    .collect();
                found.sort();
                if found.is_empty() {
                    problems.push((
                        path.clone(),
                        "directory has no readable works (.txt, .md, .html, .epub, .jsonl)".into(),
                    ));
                }
                inputs.extend(found.into_iter().map(Input::File));
            }
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, problems)
}
