//! `forewarn tag`: the detected warnings and rating written into an EPUB's metadata
//! (`dc:subject` entries and a Calibre custom column), or printed as `calibredb` commands.
//!
//! The book is scanned as `forewarn scan` would (same engine, settings and cache), then
//! `forewarn-tag` rewrites its OPF and nothing else. `-o` writes a copy; `--in-place`
//! replaces the book atomically, so a crash or kill leaves the old book or the new one.
//! Calibre's `metadata.db` is never opened.
//!
//! `-o` names a file, or a folder to write into: an existing folder, or any path ending in
//! `/`, gets the copy under the book's own file name, as `cp` does. A path ending in `/` that
//! is not an existing folder is an error (forewarn does not create folders), and so is a
//! folder that would put the copy on top of the book itself (that is what `--in-place` is for).
//!
//! Exit codes: 0 tagged (or commands printed); 2 an error (missing file, not an EPUB, a
//! package document that cannot be edited, nowhere to write).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use forewarn_tag::{TagOptions, TagSet};

use crate::cli::{TagArgs, TagFormat};
use crate::pipeline::Pipeline;

/// Runs the command.
pub fn run(args: &TagArgs) -> anyhow::Result<ExitCode> {
    let name = args.book.display().to_string();
    let destination = match (args.format, &args.output, args.in_place) {
        (TagFormat::Epub, Some(output), _) => Some(output_file(output, &args.book)?),
        (TagFormat::Epub, None, true) => Some(args.book.clone()),
        (TagFormat::Epub, None, false) => bail!(
            "{name}: nowhere to write the tagged book: give -o OUT.epub or --in-place (or --format calibre to print calibredb commands)"
        ),
        (TagFormat::Calibre, None, false) => None,
        (TagFormat::Calibre, ..) => bail!("--format calibre prints commands and writes no book: drop -o / --in-place"),
    };
    let options = TagOptions { prefix: args.prefix.clone(), column: args.column.clone(), ..TagOptions::default() };
    options.validate()?;

    // Through ingest's reader: the same size limit and error wording as scan.
    let bytes = forewarn_ingest::read_file(&args.book, &forewarn_ingest::Limits::default())
        .map_err(|e| anyhow!("{name}: {e}"))?;
    // Refuse what cannot be tagged before spending time on the analysis.
    forewarn_tag::check_epub(&bytes).map_err(|e| anyhow!("{name}: {e}"))?;

    let pipeline = Pipeline::new(&args.engine)?;
    let outcome = pipeline
        .scan_bytes(&name, &bytes)
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("{name}: nothing could be read"))?;
    let report = outcome.result.map_err(|message| anyhow!("{name}: {message}"))?;
    let mut stderr = anstream::stderr();
    for problem in &report.errors {
        // Part of the book could not be read; what could was analysed and is tagged.
        writeln!(stderr, "warning: {name}: {problem}")?;
    }
    let tags = TagSet {
        warnings: report.warnings.iter().map(|w| w.name.clone()).collect(),
        rating: Some(report.rating.level.ao3_name().to_string()),
    };

    let mut out = anstream::stdout().lock();
    match destination {
        None => {
            let book_id = forewarn_tag::calibre_book_id(&bytes).map_err(|e| anyhow!("{name}: {e}"))?;
            write!(out, "{}", forewarn_tag::calibre_commands(&name, book_id, &tags, &options))?;
        }
        Some(destination) => {
            let tagged = forewarn_tag::tag_epub(&bytes, &tags, &options).map_err(|e| anyhow!("{name}: {e}"))?;
            write_book(&destination, &tagged)?;
            let subjects = tags.subjects(&options);
            let what = if subjects.is_empty() { "no warnings or rating".to_string() } else { subjects.join("; ") };
            writeln!(out, "{}: {what}", destination.display())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The file `-o` names: `output` itself, or the book's file name inside `output` when that is
/// an existing folder or ends in a path separator (see the module comment).
fn output_file(output: &Path, book: &Path) -> anyhow::Result<PathBuf> {
    let shown = output.display();
    let names_folder = output.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]);
    let not_a_folder = || anyhow!("{shown}: not a folder (a path ending in '/' names the folder to write into)");
    match std::fs::metadata(output) {
        Ok(m) if m.is_dir() => {}
        Ok(_) if names_folder => return Err(not_a_folder()),
        Err(e) if names_folder => {
            return Err(match e.kind() {
                std::io::ErrorKind::NotFound => anyhow!(
                    "{shown}: no such folder (a path ending in '/' names an existing folder to write into; forewarn does not create it)"
                ),
                std::io::ErrorKind::NotADirectory => not_a_folder(),
                _ => anyhow!("{shown}: cannot write into it: {e}"),
            });
        }
        // A file, or nothing yet: the copy goes there (write errors are reported when writing).
        Ok(_) | Err(_) => return Ok(output.to_path_buf()),
    }
    let Some(file_name) = book.file_name() else {
        bail!(
            "{shown} is a folder and {} has no file name to give the copy there: name the output file",
            book.display()
        );
    };
    let file = output.join(file_name);
    let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
    if same(&file, book) {
        bail!(
            "{}: writing into {shown} would replace the book itself: use --in-place for that, or name another folder or file",
            file.display()
        );
    }
    Ok(file)
}

fn write_book(destination: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    forewarn_tag::write_atomic(destination, bytes)
        .with_context(|| format!("{}: could not write", destination.display()))
}
