//! CSV output: one row per work (path, title, declared rating, detected rating, detected
//! warnings, top content labels, words), for spreadsheets and archive tooling.
//!
//! Ids, paths, titles, declared tags and error messages come from the user's files, and a
//! spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (CSV injection).
//! Every cell that begins with one of those, a tab or a carriage return gets a leading `'`,
//! the OWASP rule, which spreadsheets show as text; programs reading the CSV strip it.

use std::borrow::Cow;
use std::io::{self, Write};

use forewarn_core::report::WarningKind;

use super::{Renderer, Work};

/// The CSV renderer.
#[derive(Debug, Default)]
pub struct Csv;

const HEADER: [&str; 11] = [
    "id",
    "path",
    "title",
    "declared_rating",
    "rating",
    "rating_confidence",
    "archive_warnings",
    "content_warnings",
    "top_content_labels",
    "words",
    "error",
];

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: with a leading `'` when it begins like a formula. Applied to every
/// cell, ours too, so that no cell of user data can be missed; none of ours (label ids,
/// ratings, non-negative numbers) begins like that.
fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn row(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(fields.iter().map(|f| neutralise(f).into_owned())).map_err(io::Error::other)?;
    w.flush()
}

impl Renderer for Csv {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        row(out, &HEADER.map(String::from))
    }

    fn work(&mut self, out: &mut dyn Write, work: &Work<'_>) -> io::Result<()> {
        let r = work.report;
        let ids = |kind: WarningKind| {
            r.warnings.iter().filter(|w| w.kind == kind).map(|w| w.id.as_str()).collect::<Vec<_>>().join(";")
        };
        // The strongest content scores, flagged or not, for sorting and triage.
        let taxonomy = forewarn_core::taxonomy();
        let mut top: Vec<(&String, &f64)> = r
            .scores
            .iter()
            .filter(|(id, s)| {
                **s >= 0.3 && taxonomy.get(id).is_some_and(|l| l.kind == forewarn_core::LabelKind::Content)
            })
            .collect();
        top.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        let top = top.iter().take(5).map(|(id, s)| format!("{id}:{s:.2}")).collect::<Vec<_>>().join(";");
        let declared = r.source.declared.as_ref().and_then(|d| d.rating.clone()).unwrap_or_default();
        let content = [ids(WarningKind::Content), ids(WarningKind::Custom)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(";");
        row(
            out,
            &[
                r.id.clone(),
                r.source.path.clone(),
                r.source.title.clone().unwrap_or_default(),
                declared,
                r.rating.level.as_str().to_string(),
                format!("{:.2}", r.rating.confidence),
                ids(WarningKind::Archive),
                content,
                top,
                r.stats.words.to_string(),
                r.errors.join("; "),
            ],
        )
    }

    fn failure(&mut self, out: &mut dyn Write, id: &str, message: &str) -> io::Result<()> {
        let mut fields = vec![String::new(); HEADER.len()];
        fields[0] = id.to_string();
        fields[HEADER.len() - 1] = message.to_string();
        row(out, &fields)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn cells_that_begin_like_formulas_get_a_quote() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "-"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["a=1", "notes.txt", "", "0.85", "violence;death", "'quoted"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
