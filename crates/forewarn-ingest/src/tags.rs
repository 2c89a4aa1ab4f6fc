//! Declared tags: AO3's tag labels and the fixed names of its ratings, archive warnings and
//! categories, so tags from an AO3 preface, an EPUB's `dc:subject`s or calibre columns land
//! in the right [`Declared`] field.

use forewarn_core::Declared;

/// AO3's ratings, as written.
const RATINGS: &[&str] = &["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"];

/// AO3's archive warnings, as written (with the older spellings still found in downloads).
const WARNINGS: &[&str] = &[
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "Rape/Non-Con",
    "Underage",
    "Underage Sex",
    "No Archive Warnings Apply",
    "Creator Chose Not To Use Archive Warnings",
    "Choose Not To Use Archive Warnings",
];

/// AO3's categories.
const CATEGORIES: &[&str] = &["F/F", "F/M", "Gen", "M/M", "Multi", "Other"];

/// A field of [`Declared`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Rating,
    ArchiveWarnings,
    Categories,
    Fandoms,
    Relationships,
    Characters,
    AdditionalTags,
}

/// The field an AO3 `<dt>` label names ("Archive Warnings:", "Freeform"), if any.
pub(crate) fn field_for_label(label: &str) -> Option<Field> {
    let label = label.trim().trim_end_matches(':').trim().to_lowercase();
    let field = match label.as_str() {
        "rating" | "ratings" => Field::Rating,
        "archive warning" | "archive warnings" | "warning" | "warnings" => Field::ArchiveWarnings,
        "category" | "categories" => Field::Categories,
        "fandom" | "fandoms" => Field::Fandoms,
        "relationship" | "relationships" => Field::Relationships,
        "character" | "characters" => Field::Characters,
        "additional tags" | "additional tag" | "freeform" | "freeforms" => Field::AdditionalTags,
        _ => return None,
    };
    Some(field)
}

/// Adds tags to a field, skipping blanks and repeats.
pub(crate) fn add(declared: &mut Declared, field: Field, values: &[String]) {
    for value in values {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            continue;
        }
        let list = match field {
            Field::Rating => {
                if declared.rating.is_none() {
                    declared.rating = Some(value);
                }
                continue;
            }
            Field::ArchiveWarnings => &mut declared.archive_warnings,
            Field::Categories => &mut declared.categories,
            Field::Fandoms => &mut declared.fandoms,
            Field::Relationships => &mut declared.relationships,
            Field::Characters => &mut declared.characters,
            Field::AdditionalTags => &mut declared.additional_tags,
        };
        if !list.contains(&value) {
            list.push(value);
        }
    }
}

/// Adds a tag whose kind is unknown (an EPUB `dc:subject`): AO3 rating, warning and category
/// names go to their fields, anything else is an additional tag.
pub(crate) fn add_subject(declared: &mut Declared, subject: &str, fallback: Field) {
    let subject = subject.trim();
    let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(subject));
    let field = if is(RATINGS) {
        Field::Rating
    } else if is(WARNINGS) {
        Field::ArchiveWarnings
    } else if is(CATEGORIES) {
        Field::Categories
    } else {
        fallback
    };
    add(declared, field, &[subject.to_string()]);
}

/// The field a calibre custom column feeds, from its label or display name.
pub(crate) fn field_for_column(label: &str) -> Field {
    let label = label.to_lowercase();
    if label.contains("rating") {
        Field::Rating
    } else if label.contains("warning") {
        Field::ArchiveWarnings
    } else if label.contains("categor") {
        Field::Categories
    } else if label.contains("fandom") {
        Field::Fandoms
    } else if label.contains("relationship") || label.contains("ship") || label.contains("pairing") {
        Field::Relationships
    } else if label.contains("character") {
        Field::Characters
    } else {
        Field::AdditionalTags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_loosely() {
        assert_eq!(field_for_label("Archive Warning:"), Some(Field::ArchiveWarnings));
        assert_eq!(field_for_label(" additional tags "), Some(Field::AdditionalTags));
        assert_eq!(field_for_label("Freeform"), Some(Field::AdditionalTags));
        assert_eq!(field_for_label("Stats:"), None);
    }

    #[test]
    fn subjects_are_sorted_into_fields() {
        let mut d = Declared::default();
        for s in ["Explicit", "Major Character Death", "F/M", "Hurt/Comfort", "hurt/comfort"] {
            add_subject(&mut d, s, Field::AdditionalTags);
        }
        assert_eq!(d.rating.as_deref(), Some("Explicit"));
        assert_eq!(d.archive_warnings, vec!["Major Character Death"]);
        assert_eq!(d.categories, vec!["F/M"]);
        assert_eq!(d.additional_tags, vec!["Hurt/Comfort", "hurt/comfort"]);
    }
}
