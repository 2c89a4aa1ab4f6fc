//! Calibre: the custom column descriptor written into the OPF, and `calibredb` commands.
//!
//! Calibre stores a custom column's value in an OPF as
//! `<meta name="calibre:user_metadata:#label" content="{JSON}"/>`, where the JSON is the
//! column's field metadata plus `#value#`. For a tag-like text column (`is_multiple`) Calibre
//! writes `is_multiple` as the legacy separator `"|"` and the real separators in
//! `is_multiple2` (`cache_to_list` `|`, `ui_to_list` `,`, `list_to_ui` `, `); on reading it
//! takes `is_multiple2` back as `is_multiple`. Library-specific keys (`table`, `colnum`,
//! `rec_index`) are left out: Calibre matches the column by its lookup name when it imports.
//!
//! Limitations: an EPUB 3 package that Calibre wrote may carry all columns in one
//! `<meta property="calibre:user_metadata">` element, which Calibre prefers to the per-column
//! form written here; forewarn leaves that element alone, so use `--format calibre` for such books.

use serde_json::{json, Value};

use crate::{TagOptions, TagSet};

/// The column's label (lookup name without `#`) when the lookup name is valid: Calibre labels
/// are lower-case ASCII letters, digits and `_`, starting with a letter.
pub(crate) fn column_label(lookup: &str) -> Option<&str> {
    let label = lookup.strip_prefix('#')?;
    let mut chars = label.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    (first_ok && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')).then_some(label)
}

/// The descriptor Calibre reads from `calibre:user_metadata:<column>`: a tag-like
/// (`is_multiple`) text column holding [`TagSet::column_values`].
pub fn calibre_column_json(tags: &TagSet, options: &TagOptions) -> Value {
    let label = column_label(&options.column).unwrap_or(options.column.trim_start_matches('#'));
    json!({
        "datatype": "text",
        "is_multiple": "|",
        "is_multiple2": {"cache_to_list": "|", "ui_to_list": ",", "list_to_ui": ", "},
        "kind": "field",
        "name": options.column_name,
        "label": label,
        "search_terms": [options.column],
        "display": {"is_names": false, "description": "Content warnings detected by forewarn"},
        "is_custom": true,
        "is_category": true,
        "is_csp": false,
        "is_editable": true,
        "link_column": "value",
        "category_sort": "value",
        "column": "value",
        "#value#": tags.column_values(),
        "#extra#": null,
    })
}

/// Shell lines that set the column with `calibredb set_custom` for the book `book_label`
/// (shown in comments). Without a Calibre book id the command has a `BOOK_ID` placeholder
/// and a comment saying where to find the id.
pub fn calibre_commands(book_label: &str, book_id: Option<u64>, tags: &TagSet, options: &TagOptions) -> String {
    let label = column_label(&options.column).unwrap_or(options.column.trim_start_matches('#'));
    let value = shell_quote(&tags.column_values().join(","));
    let mut out = format!(
        "# {book}: once per library, create the column: calibredb add_custom_column --is-multiple {label} {name} text\n",
        book = one_line(book_label),
        name = shell_quote(&options.column_name),
    );
    match book_id {
        Some(id) => out.push_str(&format!("calibredb set_custom {label} {id} {value}\n")),
        None => {
            out.push_str(&format!(
                "# {}: no Calibre book id in the OPF (<dc:identifier opf:scheme=\"calibre\">); replace BOOK_ID with the id from `calibredb search`\n",
                one_line(book_label)
            ));
            out.push_str(&format!("calibredb set_custom {label} BOOK_ID {value}\n"));
        }
    }
    out
}

/// Quoted for a POSIX shell: `'…'`, with `'` written as `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A file name safe to put in a comment line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_labels() {
        assert_eq!(column_label("#cw"), Some("cw"));
        assert_eq!(column_label("#content_warnings2"), Some("content_warnings2"));
        for bad in ["cw", "#", "#CW", "#2cw", "#c-w", "#c w"] {
            assert_eq!(column_label(bad), None, "{bad}");
        }
    }

    #[test]
    fn descriptor_is_a_tag_like_text_column() {
        let tags =
            TagSet { warnings: vec!["Rape/Non-Con".into(), "Death, Dying".into()], rating: Some("Explicit".into()) };
        let v = calibre_column_json(&tags, &TagOptions::default());
        assert_eq!(v["datatype"], "text");
        assert_eq!(v["is_multiple"], "|");
        assert_eq!(v["is_multiple2"]["ui_to_list"], ",");
        assert_eq!(v["label"], "cw");
        assert_eq!(v["search_terms"][0], "#cw");
        assert_eq!(v["#value#"], json!(["Rape/Non-Con", "Death; Dying", "Rating: Explicit"]));
    }

    #[test]
    fn commands() {
        let tags = TagSet { warnings: vec!["Kid's stuff".into()], rating: Some("Mature".into()) };
        let with_id = calibre_commands("a.epub", Some(12), &tags, &TagOptions::default());
        assert!(with_id.ends_with("calibredb set_custom cw 12 'Kid'\\''s stuff,Rating: Mature'\n"), "{with_id}");
        let without = calibre_commands("a.epub", None, &tags, &TagOptions::default());
        assert!(without.contains("# a.epub: no Calibre book id"), "{without}");
        assert!(without.contains("calibredb set_custom cw BOOK_ID "), "{without}");
    }
}
