//! Check: compares what a work declares (AO3 rating, archive warnings, freeform tags) with
//! what forewarn detects, the way a linter compares code with its rules.
//!
//! The rules follow how AO3 writers tag, each a [`CheckKind`]:
//! - the declared rating is lower than the detected one ([`Level::Error`]; only a
//!   [`Level::Hint`] when everything that raised it is declared as a warning, since AO3 allows
//!   any rating with any archive warning);
//! - an archive warning is detected but not declared ([`Level::Error`], or [`Level::Info`]
//!   when the creator chose not to use archive warnings);
//! - a content label is detected and no declared tag covers it ([`Level::Warning`]); the
//!   rating covers sexual content (Explicit, and Mature when it is not graphic), so no
//!   freeform tag is asked for it;
//! - a tag that says "Implied/Referenced" or "Past" covers a finding that is only mentioned;
//!   on a depicted one it is a [`Level::Hint`] ([`CheckKind::TagUnderstates`]).
//!
//! Freeform tags are matched to labels through the AO3 synonym table in
//! `data/ao3_tags.tsv` (see [`labels_for_tag`]). Detections that are covered are reported
//! too, as [`Level::Info`], so the outcome says everything that was found. Like a linter, a
//! check fails on errors, and on warnings or hints only when asked (`fail_at`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::report::{percent, Evidence, RatingCause, Report, Warning, WarningKind};
use crate::{Declared, Rating, Severity};

/// How serious a check finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Level {
    /// Informational: found, and nothing is missing (e.g. the creator chose not to warn).
    Info,
    /// Allowed, but worth a look: a rating AO3 allows with the warnings declared, a tag that
    /// says "implied" for something the work depicts.
    Hint,
    /// A content warning without a matching tag.
    Warning,
    /// A missing archive warning or a rating lower than the content.
    Error,
}

impl Level {
    /// Lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Hint => "hint",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// What kind of mismatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CheckKind {
    /// The declared rating is lower than the detected one.
    RatingTooLow,
    /// An archive warning is detected but not declared.
    ArchiveWarningMissing,
    /// A content label is detected with no matching freeform tag.
    ContentTagMissing,
    /// The tag that covers a finding says "implied" or "past", and the work depicts it.
    TagUnderstates,
    /// Detected and covered (or the creator chose not to warn): for information.
    Found,
    /// No rating is declared, or "Not Rated": no claim to compare, for information.
    NotRated,
    /// The work declares no tags at all, for information.
    NothingDeclared,
}

impl CheckKind {
    /// Kebab-case name, as serialized (`archive-warning-missing`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RatingTooLow => "rating-too-low",
            Self::ArchiveWarningMissing => "archive-warning-missing",
            Self::ContentTagMissing => "content-tag-missing",
            Self::TagUnderstates => "tag-understates",
            Self::Found => "found",
            Self::NotRated => "not-rated",
            Self::NothingDeclared => "nothing-declared",
        }
    }
}

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckFinding {
    /// What kind of mismatch.
    pub kind: CheckKind,
    /// How serious.
    pub level: Level,
    /// The label concerned, if any (none for the rating).
    pub label: Option<String>,
    /// One line for people.
    pub message: String,
    /// What was declared (the rating, or the tag that covers it).
    pub declared: Option<String>,
    /// What was detected (the rating's AO3 name, or the label's display name).
    pub detected: Option<String>,
    /// Confidence of the detection.
    pub confidence: f64,
    /// Supporting passages.
    pub evidence: Vec<Evidence>,
}

/// The outcome of checking one work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckOutcome {
    /// The work.
    pub id: String,
    /// Where the declared tags came from: `flag`, `work` or `none`.
    pub declared_source: String,
    /// The declared tags used.
    pub declared: Declared,
    /// Findings, most serious first.
    pub findings: Vec<CheckFinding>,
    /// Whether any finding is at or above the level the check fails at (exit code 1).
    pub missing: bool,
}

impl CheckOutcome {
    /// Number of findings at a level.
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }
}

/// AO3's qualifiers, in normalized form (see [`normalize`]): a tag that starts with one is
/// looked up again without it ("Implied/Referenced Suicide" → "Suicide"). The flag says the
/// qualifier marks something only mentioned ("Implied", "Past"): such a tag covers a finding
/// of severity "mentioned" and understates a depicted one.
const PREFIXES: &[(&str, bool)] = &[
    ("implied/referenced ", true),
    ("implied or referenced ", true),
    ("implied ", true),
    ("referenced ", true),
    ("references to ", true),
    ("reference to ", true),
    ("mentions of ", true),
    ("mention of ", true),
    ("mentioned ", true),
    ("discussions of ", true),
    ("discussion of ", true),
    ("past ", true),
    ("minor ", false),
    ("background ", true),
    ("brief ", false),
    ("non graphic ", false),
    ("graphic ", false),
    ("canon typical ", false),
    ("period typical ", false),
    ("content warning: ", false),
    ("trigger warning: ", false),
    ("cw: ", false),
    ("tw: ", false),
    ("cw ", false),
    ("tw ", false),
];

/// Whether a tag says its content is only mentioned ("Implied/Referenced Suicide", "Past
/// Child Abuse", "Self-Harm (mentioned)").
pub fn tag_says_mentioned(tag: &str) -> bool {
    let key = normalize(tag);
    PREFIXES.iter().any(|&(p, mentioned)| mentioned && key.starts_with(p))
        || key.ends_with("(mentioned)")
        || key.ends_with("(implied)")
}

/// The label ids an AO3 tag covers: through the synonym table (`data/ao3_tags.tsv`), or
/// because the tag is a label's id or display name. Matching ignores case, hyphens and
/// repeated spaces, and AO3's qualifiers ("Implied/Referenced", "Past", "Mentions of",
/// "Minor", a trailing "(mentioned)") are stripped when the whole tag is not known.
/// Unknown tags ("Fluff") and "No Archive Warnings Apply" cover nothing.
pub fn labels_for_tag(tag: &str) -> Vec<&'static str> {
    let table = table();
    let mut key = normalize(tag);
    loop {
        if let Some(ids) = table.get(&key) {
            return ids.clone();
        }
        match strip_qualifier(&key) {
            Some(shorter) => key = shorter,
            None => return Vec::new(),
        }
    }
}

/// A tag suggested for a label: the table's spelling of the label's display name when it
/// has one ("Sexual Assault"), else the first row that covers exactly that label ("Explicit
/// Sexual Content"), else the display name.
pub fn suggested_tag(label: &str) -> Option<&'static str> {
    static SUGGESTIONS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let suggestions = SUGGESTIONS.get_or_init(|| {
        let rows = rows();
        let mut map = HashMap::new();
        for l in &crate::taxonomy().labels {
            let id = l.id.as_str();
            let name = normalize(&l.name);
            let by_name = rows.iter().find(|(tag, ids)| normalize(tag) == name && ids.contains(&id));
            let only = rows.iter().find(|(_, ids)| ids.as_slice() == [id]);
            map.insert(id, by_name.or(only).map_or(l.name.as_str(), |(tag, _)| *tag));
        }
        map
    });
    suggestions.get(label).copied()
}

/// The table rows, in file order, with ids mapped onto the taxonomy's (unknown ids, which
/// a test rules out, are dropped).
fn rows() -> Vec<(&'static str, Vec<&'static str>)> {
    let taxonomy = crate::taxonomy();
    crate::data::AO3_TAGS
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (tag, ids) = line.split_once('\t')?;
            let ids = ids.split(',').filter_map(|id| taxonomy.get(id.trim()).map(|l| l.id.as_str())).collect();
            Some((tag.trim(), ids))
        })
        .collect()
}

/// Normalized tag → label ids: every label's id and display name, then the table (which
/// wins where both have a spelling, so "Underage" means the archive warning too).
fn table() -> &'static HashMap<String, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<String, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for label in &crate::taxonomy().labels {
            map.insert(normalize(&label.id), vec![label.id.as_str()]);
            map.insert(normalize(&label.name), vec![label.id.as_str()]);
        }
        for (tag, ids) in rows() {
            map.insert(normalize(tag), ids);
        }
        map
    })
}

/// Lower case, "&" as "and", hyphens and underscores as spaces, curly apostrophes straight,
/// white space collapsed: "Self-Harm", "self harm" and "SELF  HARM" are one key.
fn normalize(tag: &str) -> String {
    let lower = tag.to_lowercase().replace('&', " and ").replace(['-', '_'], " ").replace('\u{2019}', "'");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A normalized tag without its first AO3 qualifier, if it has one.
fn strip_qualifier(key: &str) -> Option<String> {
    for (prefix, _) in PREFIXES {
        if let Some(rest) = key.strip_prefix(prefix) {
            let rest = rest.trim();
            if !rest.is_empty() {
                return Some(rest.to_string());
            }
        }
    }
    // "Suicide (mentioned)": drop a trailing parenthesis.
    if key.ends_with(')') {
        if let Some(open) = key.rfind(" (") {
            return Some(key[..open].trim().to_string());
        }
    }
    None
}

/// Whether an archive-warning tag says the creator chose not to use archive warnings
/// (also the older "Choose Not To Use Archive Warnings").
fn chose_not_to_warn(tag: &str) -> bool {
    normalize(tag).contains("not to use archive warnings")
}

/// For each label id, the first declared tag that covers it (with archive counterparts).
fn coverage<'a>(tags: impl IntoIterator<Item = &'a String>) -> HashMap<&'static str, &'a str> {
    let mut covered = HashMap::new();
    for tag in tags {
        for id in labels_for_tag(tag) {
            covered.entry(id).or_insert(tag.as_str());
            for (archive, content) in crate::taxonomy::COUNTERPARTS {
                if *archive == id {
                    covered.entry(*content).or_insert(tag.as_str());
                }
            }
        }
    }
    covered
}

/// The keys of a declaration, lower case, each with the field it fills.
const KEYS: &[(&str, Field)] = &[
    ("rating", Field::Rating),
    ("ratings", Field::Rating),
    ("archive warning", Field::ArchiveWarnings),
    ("archive warnings", Field::ArchiveWarnings),
    ("warning", Field::ArchiveWarnings),
    ("warnings", Field::ArchiveWarnings),
    ("additional tags", Field::AdditionalTags),
    ("additional tag", Field::AdditionalTags),
    ("tags", Field::AdditionalTags),
    ("tag", Field::AdditionalTags),
    ("freeform", Field::AdditionalTags),
    ("freeforms", Field::AdditionalTags),
    ("category", Field::Categories),
    ("categories", Field::Categories),
    ("fandom", Field::Fandoms),
    ("fandoms", Field::Fandoms),
    ("relationship", Field::Relationships),
    ("relationships", Field::Relationships),
    ("character", Field::Characters),
    ("characters", Field::Characters),
];

/// A field of [`Declared`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Rating,
    ArchiveWarnings,
    AdditionalTags,
    Categories,
    Fandoms,
    Relationships,
    Characters,
}

/// The field a key names (case-insensitive, white space collapsed).
fn field_of(key: &str) -> Option<Field> {
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f)
}

/// Parses a declaration in AO3's words: `"Rating: Teen And Up Audiences; Archive Warnings:
/// No Archive Warnings Apply; Additional Tags: Angst, Fluff"`. Fields are separated by `;`
/// or new lines, values by commas; keys are case-insensitive and may be singular or plural
/// ("Archive Warning", "Warnings", "Tags", "Freeform"; also Category, Fandom, Relationship,
/// Characters). Parsing is strict, so a slip is an error that names what could not be read
/// rather than a misreading: an unknown key, a key inside another field's values (fields
/// separated by a comma), more than one rating, or a rating AO3 does not have.
pub fn parse_declaration(text: &str) -> Result<Declared, String> {
    let mut declared = Declared::default();
    for part in text.split([';', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((key, values)) = part.split_once(':') else {
            return Err(format!("expected \"Key: value, value\", found \"{part}\""));
        };
        let key = key.trim();
        let Some(field) = field_of(key) else {
            return Err(format!(
                "unknown key \"{key}\" (expected Rating, Archive Warnings, Additional Tags, Category, Fandom, Relationship or Characters)"
            ));
        };
        let values: Vec<String> = values
            .split(',')
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
            .collect();
        // "Rating: Explicit, Archive Warnings: Rape/Non-Con": a field written after a comma.
        // (Tags may hold a colon themselves, "Star Wars: The Clone Wars"; only a known key
        // before it is a slip.)
        if let Some(inner) =
            values.iter().find_map(|v| v.split_once(':').map(|(k, _)| k.trim()).filter(|k| field_of(k).is_some()))
        {
            return Err(format!(
                "\"{inner}:\" is inside the {key} field; separate fields with \";\" or new lines (commas separate the values of one field)"
            ));
        }
        let list = match field {
            Field::Rating => {
                match values.as_slice() {
                    [] => {}
                    [rating] if Rating::parse(rating).is_some() || is_not_rated(rating) => {
                        declared.rating = Some(rating.clone());
                    }
                    [rating] => {
                        return Err(format!(
                            "unknown rating \"{rating}\" (expected General Audiences, Teen And Up Audiences, Mature, Explicit or Not Rated)"
                        ))
                    }
                    _ => return Err(format!("a work has one rating, found {}: \"{}\"", values.len(), values.join("\", \""))),
                }
                continue;
            }
            Field::ArchiveWarnings => &mut declared.archive_warnings,
            Field::AdditionalTags => &mut declared.additional_tags,
            Field::Categories => &mut declared.categories,
            Field::Fandoms => &mut declared.fandoms,
            Field::Relationships => &mut declared.relationships,
            Field::Characters => &mut declared.characters,
        };
        for value in values {
            if !list.contains(&value) {
                list.push(value);
            }
        }
    }
    Ok(declared)
}

/// "Not Rated" (AO3's rating that makes no claim).
fn is_not_rated(rating: &str) -> bool {
    matches!(normalize(rating).as_str(), "not rated" | "unrated" | "no rating")
}

/// Compares a work's declared tags with its report. `declared_source` says where the tags
/// came from (`flag`, `work` or `none`). The warnings are the report's: the reader's policy
/// (thresholds and `--min-confidence`, [`crate::Policy`]) was applied by the engine that made
/// it. `min_confidence`, when given, also makes a rating-too-low whose rating confidence is
/// below it informational. The check fails (`missing`) on a finding at or above `fail_at`
/// ([`Level::Error`] unless the writer denies warnings or hints).
pub fn check(
    report: &Report,
    declared: &Declared,
    declared_source: &str,
    min_confidence: Option<f32>,
    fail_at: Level,
) -> CheckOutcome {
    let mut findings = Vec::new();
    if declared.is_empty() {
        findings.push(CheckFinding {
            kind: CheckKind::NothingDeclared,
            level: Level::Info,
            label: None,
            message: "no tags declared: every detection is reported as missing".into(),
            declared: None,
            detected: None,
            confidence: 0.0,
            evidence: Vec::new(),
        });
    }
    let chose_not = declared.archive_warnings.iter().find(|t| chose_not_to_warn(t));
    let archive_cover = coverage(&declared.archive_warnings);
    let tag_cover = coverage(declared.archive_warnings.iter().chain(&declared.additional_tags));
    findings.extend(rating_finding(report, declared, &tag_cover, min_confidence));
    let claimed = declared.rating.as_deref().and_then(Rating::parse);
    for w in &report.warnings {
        let detected = format!("{} detected ({})", w.name, percent(w.confidence));
        let (kind, level, cover, message) = if w.kind == WarningKind::Archive {
            // Archive tags cover the same ids in both maps, so a tag that covers this one
            // only in `tag_cover` is an additional tag.
            let freeform = tag_cover.get(w.id.as_str());
            match (archive_cover.get(w.id.as_str()), chose_not, freeform) {
                (Some(tag), _, _) => {
                    (CheckKind::Found, Level::Info, Some(*tag), format!("{detected}, declared as \"{tag}\""))
                }
                (None, Some(tag), _) => (
                    CheckKind::Found,
                    Level::Info,
                    Some(tag.as_str()),
                    format!("{detected}; the creator chose not to use archive warnings"),
                ),
                (None, None, Some(tag)) => (
                    CheckKind::ArchiveWarningMissing,
                    Level::Error,
                    None,
                    format!("{detected} but not declared as an archive warning (\"{tag}\" is an additional tag)"),
                ),
                (None, None, None) => {
                    (CheckKind::ArchiveWarningMissing, Level::Error, None, format!("{detected} but not declared"))
                }
            }
        } else if let Some(rating) = claimed.filter(|r| rating_covers(*r, w)) {
            (
                CheckKind::Found,
                Level::Info,
                declared.rating.as_deref(),
                format!("{detected}, covered by the rating {}", rating.ao3_name()),
            )
        } else {
            let cover = tag_cover.get(w.id.as_str()).copied().or_else(|| custom_cover(w, declared));
            match cover {
                Some(tag) if tag_says_mentioned(tag) && w.severity > Severity::Mentioned => (
                    CheckKind::TagUnderstates,
                    Level::Hint,
                    Some(tag),
                    format!(
                        "{detected} as {}, but tagged \"{tag}\", which says it is only mentioned",
                        w.severity.as_str()
                    ),
                ),
                Some(tag) => (CheckKind::Found, Level::Info, Some(tag), format!("{detected}, covered by \"{tag}\"")),
                None => {
                    let hint = suggested_tag(&w.id).map(|t| format!(" (e.g. \"{t}\")")).unwrap_or_default();
                    (
                        CheckKind::ContentTagMissing,
                        Level::Warning,
                        None,
                        format!("{detected} but no declared tag covers it{hint}"),
                    )
                }
            }
        };
        findings.push(CheckFinding {
            kind,
            level,
            label: Some(w.id.clone()),
            message,
            declared: cover.map(str::to_string),
            detected: Some(w.name.clone()),
            confidence: w.confidence,
            evidence: w.evidence.clone(),
        });
    }
    // Most serious first; the sort is stable, so the rating, then archive warnings, then
    // content warnings keep their order within a level.
    findings.sort_by_key(|f| std::cmp::Reverse(f.level));
    let missing = findings.iter().any(|f| f.level >= fail_at.max(Level::Hint));
    CheckOutcome {
        id: report.id.clone(),
        declared_source: declared_source.to_string(),
        declared: declared.clone(),
        findings,
        missing,
    }
}

/// On AO3 the rating is what covers sexual content: Explicit covers any, Mature covers what
/// is not graphic (a graphic scene under Mature is the rating's error, not a missing tag).
fn rating_covers(rating: Rating, w: &Warning) -> bool {
    w.id == "pornographic-content" && rating >= Rating::Mature
}

/// A custom label (from the user's config) is covered by a tag equal to its id or name.
fn custom_cover<'a>(w: &Warning, declared: &'a Declared) -> Option<&'a str> {
    let (id, name) = (normalize(&w.id), normalize(&w.name));
    declared
        .additional_tags
        .iter()
        .find(|t| {
            let t = normalize(t);
            t == id || t == name
        })
        .map(String::as_str)
}

/// The rating finding: too low (an error, or a hint when every warning that raised it is
/// declared, a combination AO3 allows), no claim (info), or enough (info).
fn rating_finding(
    report: &Report,
    declared: &Declared,
    tag_cover: &HashMap<&'static str, &str>,
    min_confidence: Option<f32>,
) -> Option<CheckFinding> {
    let detected = report.rating.level;
    let reads_as = if report.rating.reason.is_empty() {
        format!("the content reads as {}", detected.ao3_name())
    } else {
        format!("the content reads as {} ({})", detected.ao3_name(), report.rating.reason)
    };
    let claim = declared.rating.as_deref();
    // Everything that raised the rating is a warning the writer declared.
    let drivers = &report.rating.drivers;
    let declared_drivers = !drivers.is_empty()
        && drivers
            .iter()
            .all(|d| d.cause == RatingCause::Warning && d.label.as_deref().is_some_and(|l| tag_cover.contains_key(l)));
    let (kind, level, message) = match claim.map(|r| (r, Rating::parse(r))) {
        None => (CheckKind::NotRated, Level::Info, format!("no rating declared; {reads_as}")),
        Some((text, None)) => {
            (CheckKind::NotRated, Level::Info, format!("declared {text}, which makes no claim; {reads_as}"))
        }
        Some((_, Some(claimed))) if claimed < detected => {
            let message = format!("declared {}, but {reads_as}", claimed.ao3_name());
            match min_confidence {
                Some(m) if report.rating.confidence < f64::from(m) => (
                    CheckKind::RatingTooLow,
                    Level::Info,
                    format!(
                        "{message}; rating confidence {} is below {}",
                        percent(report.rating.confidence),
                        percent(f64::from(m))
                    ),
                ),
                _ if declared_drivers => (
                    CheckKind::RatingTooLow,
                    Level::Hint,
                    format!("{message}; AO3 allows it, as what raised it is declared as a warning"),
                ),
                _ => (CheckKind::RatingTooLow, Level::Error, message),
            }
        }
        Some((_, Some(claimed))) => {
            (CheckKind::Found, Level::Info, format!("declared {}; {reads_as}", claimed.ao3_name()))
        }
    };
    let evidence = if detected > Rating::General { rating_evidence(report) } else { Vec::new() };
    Some(CheckFinding {
        kind,
        level,
        label: None,
        message,
        declared: claim.map(str::to_string),
        detected: Some(detected.ao3_name().to_string()),
        confidence: report.rating.confidence,
        evidence,
    })
}

/// Passages that show why a rating: its first driver's that has any (the engine's typed
/// drivers, never the words of its reason).
fn rating_evidence(report: &Report) -> Vec<Evidence> {
    let driver = report.rating.drivers.iter().find(|d| !d.evidence.is_empty());
    driver.map(|d| d.evidence.iter().take(2).cloned().collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use super::*;
    use crate::report::{RatingOut, Source, Stats};
    use crate::Severity;

    fn evidence(text: &str, start: usize) -> Evidence {
        Evidence { start, end: start + text.len(), chapter: Some(2), position: 0.5, text: text.into(), locator: None }
    }

    fn warning(id: &str, confidence: f64) -> Warning {
        let label = crate::taxonomy().get(id).unwrap_or_else(|| panic!("no label {id}"));
        let kind = if label.kind == crate::LabelKind::Archive { WarningKind::Archive } else { WarningKind::Content };
        Warning {
            id: id.into(),
            kind,
            name: label.name.clone(),
            confidence,
            severity: Severity::Depicted,
            reason: String::new(),
            subject: None,
            evidence: vec![evidence(&format!("A sentence showing {id}."), 100)],
            places: Vec::new(),
        }
    }

    /// A report rated `rating` for `reason`; a reason that is the id of one of the warnings
    /// is also the rating's driver.
    fn report(rating: &str, reason: &str, warnings: Vec<Warning>) -> Report {
        let drivers = warnings
            .iter()
            .filter(|w| w.id == reason)
            .map(|w| crate::report::RatingDriver {
                cause: crate::report::RatingCause::Warning,
                label: Some(w.id.clone()),
                evidence: w.evidence.clone(),
            })
            .collect();
        Report {
            schema_version: crate::report::SCHEMA_VERSION,
            id: "work.html".into(),
            source: Source {
                path: "work.html".into(),
                format: crate::SourceFormat::Html,
                title: None,
                declared: None,
                notes: Vec::new(),
            },
            stats: Stats { bytes: 1000, words: 200, sentences: 20, chapters: 3 },
            outline: Vec::new(),
            rating: RatingOut {
                level: Rating::parse(rating).unwrap_or(Rating::General),
                confidence: 0.8,
                reason: reason.into(),
                drivers,
            },
            scores: BTreeMap::new(),
            warnings,
            answers: BTreeMap::new(),
            errors: Vec::new(),
        }
    }

    /// A check that fails on errors, as `forewarn check` does by default.
    fn lint(r: &Report, d: &Declared, source: &str, min_confidence: Option<f32>) -> CheckOutcome {
        check(r, d, source, min_confidence, Level::Error)
    }

    fn declared(text: &str) -> Declared {
        parse_declaration(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn find<'a>(outcome: &'a CheckOutcome, label: Option<&str>) -> &'a CheckFinding {
        outcome
            .findings
            .iter()
            .find(|f| f.label.as_deref() == label && f.kind != CheckKind::NothingDeclared)
            .unwrap_or_else(|| panic!("no finding for {label:?} in {:#?}", outcome.findings))
    }

    #[test]
    fn synonym_table_is_well_formed() {
        let taxonomy = crate::taxonomy();
        let mut lines = crate::data::AO3_TAGS.lines();
        assert_eq!(lines.next(), Some("tag\tlabels"));
        let mut keys = HashSet::new();
        let mut rows = 0;
        for line in lines {
            let (tag, ids) = line.split_once('\t').unwrap_or_else(|| panic!("no tab: {line:?}"));
            assert_eq!(tag, tag.trim(), "stray space in {line:?}");
            assert!(keys.insert(normalize(tag)), "duplicate tag {tag:?}");
            assert!(!ids.is_empty(), "no labels for {tag:?}");
            for id in ids.split(',') {
                assert!(taxonomy.get(id).is_some(), "{tag:?}: unknown label {id:?}");
            }
            rows += 1;
        }
        assert!(rows >= 200, "{rows} rows");
    }

    #[test]
    fn tags_map_to_labels() {
        let cases: &[(&str, &[&str])] = &[
            ("Suicide Attempt", &["suicide"]),
            ("Implied/Referenced Suicide", &["suicide"]),
            ("Self-Harm", &["self-harm"]),
            ("self harm", &["self-harm"]),
            ("Non-Consensual", &["rape-non-con", "sexual-assault"]),
            ("Dubious Consent", &["sexual-assault"]),
            ("Rape Aftermath", &["sexual-assault"]),
            ("Character Death", &["death"]),
            ("Child Abuse", &["child-abuse"]),
            ("Blood and Injury", &["blood", "violence"]),
            ("Blood & Injury", &["blood", "violence"]),
            ("HOMOPHOBIA", &["homophobia"]),
            ("Graphic Depictions Of Violence", &["graphic-violence", "violence"]),
            ("Underage", &["underage-sex", "underage"]),
        ];
        for (tag, want) in cases {
            assert_eq!(labels_for_tag(tag), want.to_vec(), "{tag}");
        }
    }

    #[test]
    fn qualifiers_are_stripped() {
        assert_eq!(labels_for_tag("Implied/Referenced Rape/Non-con"), vec!["rape-non-con", "sexual-assault"]);
        assert_eq!(labels_for_tag("Past Domestic Violence"), vec!["abuse", "violence"]);
        assert_eq!(labels_for_tag("Mentions of Self-Harm"), vec!["self-harm"]);
        assert_eq!(labels_for_tag("Minor Character Death"), vec!["death"]);
        assert_eq!(labels_for_tag("Implied/Referenced Eating Disorders"), vec!["eating-disorders"]);
        assert_eq!(labels_for_tag("Suicide (mentioned)"), vec!["suicide"]);
        assert_eq!(labels_for_tag("CW: Violence"), vec!["violence"]);
    }

    #[test]
    fn label_ids_and_names_match_and_unknown_tags_do_not() {
        assert_eq!(labels_for_tag("Animal cruelty"), vec!["animal-cruelty"]);
        assert_eq!(labels_for_tag("fat-phobia"), vec!["fat-phobia"]);
        // An id that normalizes to an AO3 spelling gets that row's labels.
        assert_eq!(labels_for_tag("major-character-death"), vec!["major-character-death", "death"]);
        assert_eq!(labels_for_tag("dissection"), vec!["dissection"]);
        assert!(labels_for_tag("Fluff").is_empty());
        assert!(labels_for_tag("Hurt/Comfort").is_empty());
        assert!(labels_for_tag("No Archive Warnings Apply").is_empty());
        assert!(labels_for_tag("Creator Chose Not To Use Archive Warnings").is_empty());
        assert!(labels_for_tag("Past").is_empty());
    }

    #[test]
    fn suggestions_are_ao3_spellings() {
        assert_eq!(suggested_tag("death"), Some("Death"));
        assert_eq!(suggested_tag("sexual-assault"), Some("Sexual Assault"));
        assert_eq!(suggested_tag("pornographic-content"), Some("Explicit Sexual Content"));
        assert_eq!(suggested_tag("fat-phobia"), Some("Fatphobia"));
        assert_eq!(suggested_tag("no-such-label"), None);
        for label in &crate::taxonomy().labels {
            let tag = suggested_tag(&label.id).unwrap_or_default();
            assert!(labels_for_tag(tag).contains(&label.id.as_str()), "{tag:?} does not cover {}", label.id);
        }
    }

    #[test]
    fn declarations_parse_in_ao3_words() {
        let d = declared(
            "Rating: Teen And Up Audiences; Archive Warnings: Major Character Death, Graphic Depictions Of Violence; Additional Tags: Angst, Character Death",
        );
        assert_eq!(d.rating.as_deref(), Some("Teen And Up Audiences"));
        assert_eq!(d.archive_warnings, vec!["Major Character Death", "Graphic Depictions Of Violence"]);
        assert_eq!(d.additional_tags, vec!["Angst", "Character Death"]);

        let d = declared("rating: Mature\nWARNINGS: No Archive Warnings Apply;tags: Blood;Freeform: Grief;");
        assert_eq!(d.rating.as_deref(), Some("Mature"));
        assert_eq!(d.archive_warnings, vec!["No Archive Warnings Apply"]);
        assert_eq!(d.additional_tags, vec!["Blood", "Grief"]);
        assert_eq!(declared("Archive Warning: Rape/Non-Con").archive_warnings, vec!["Rape/Non-Con"]);
        assert!(declared("").is_empty());
    }

    #[test]
    fn declaration_errors_name_the_problem() {
        let err = parse_declaration("Rating: Mature; Sparkles: many").err().unwrap_or_default();
        assert!(err.contains("\"Sparkles\""), "{err}");
        let err = parse_declaration("Rating Mature").err().unwrap_or_default();
        assert!(err.contains("Rating Mature"), "{err}");
    }

    #[test]
    fn a_rating_below_the_content_is_an_error() {
        let mut r =
            report("explicit", "explicit sexual content in 4 sentences", vec![warning("pornographic-content", 0.9)]);
        let explicit = vec![evidence("An explicit sentence.", 10)];
        r.rating.drivers = vec![crate::report::RatingDriver {
            cause: crate::report::RatingCause::ExplicitSex,
            label: None,
            evidence: explicit.clone(),
        }];
        let outcome = lint(&r, &declared("Rating: Teen And Up Audiences; Tags: Smut"), "flag", None);
        let f = find(&outcome, None);
        assert_eq!((f.kind, f.level), (CheckKind::RatingTooLow, Level::Error));
        assert_eq!(
            f.message,
            "declared Teen And Up Audiences, but the content reads as Explicit (explicit sexual content in 4 sentences)"
        );
        assert_eq!(f.evidence, explicit, "evidence comes from the explicit sentences");
        assert!(outcome.missing);
        assert_eq!(outcome.findings[0].kind, CheckKind::RatingTooLow, "errors come first");
    }

    #[test]
    fn a_rating_at_or_above_the_content_or_not_rated_is_info() {
        let r = report("teen", "violence", vec![]);
        let outcome = lint(&r, &declared("Rating: Mature"), "work", None);
        assert_eq!((find(&outcome, None).kind, find(&outcome, None).level), (CheckKind::Found, Level::Info));
        assert!(!outcome.missing);
        let outcome = lint(&r, &declared("Rating: Not Rated"), "work", None);
        let f = find(&outcome, None);
        assert_eq!((f.kind, f.level), (CheckKind::NotRated, Level::Info));
        assert!(f.message.contains("Not Rated"), "{}", f.message);
        assert!(!outcome.missing);
    }

    #[test]
    fn rating_evidence_comes_from_its_drivers() {
        let r = report(
            "mature",
            "graphic-violence",
            vec![warning("major-character-death", 0.95), warning("graphic-violence", 0.8), warning("death", 0.9)],
        );
        let outcome = lint(&r, &declared("Rating: General Audiences"), "flag", None);
        assert_eq!(find(&outcome, None).evidence, r.warnings[1].evidence);
        let r = report("teen", "death", vec![warning("violence", 0.95), warning("death", 0.7)]);
        let outcome = lint(&r, &declared("Rating: General Audiences"), "flag", None);
        assert_eq!(find(&outcome, None).evidence, r.warnings[1].evidence);
        // No driver, no passages: never the evidence of a warning the rating did not read.
        let r = report("teen", "strong language", vec![warning("violence", 0.95)]);
        let outcome = lint(&r, &declared("Rating: General Audiences"), "flag", None);
        assert!(find(&outcome, None).evidence.is_empty());
    }

    #[test]
    fn a_low_confidence_rating_does_not_fail_under_min_confidence() {
        let r = report("mature", "graphic violence", vec![]);
        let outcome = lint(&r, &declared("Rating: General Audiences"), "flag", Some(0.9));
        assert_eq!(find(&outcome, None).level, Level::Info);
        assert!(!outcome.missing);
    }

    #[test]
    fn an_undeclared_archive_warning_is_an_error() {
        let r = report("teen", "death", vec![warning("major-character-death", 0.91), warning("death", 0.95)]);
        let outcome = lint(
            &r,
            &declared("Rating: Teen And Up Audiences; Archive Warnings: No Archive Warnings Apply; Tags: Grief"),
            "work",
            None,
        );
        let f = find(&outcome, Some("major-character-death"));
        assert_eq!((f.kind, f.level), (CheckKind::ArchiveWarningMissing, Level::Error));
        assert_eq!(f.message, "Major Character Death detected (91%) but not declared");
        assert_eq!(f.evidence, r.warnings[0].evidence, "the finding carries the evidence");
        let f = find(&outcome, Some("death"));
        assert_eq!((f.kind, f.level, f.declared.as_deref()), (CheckKind::Found, Level::Info, Some("Grief")));
        assert!(outcome.missing);
    }

    #[test]
    fn a_freeform_tag_is_not_an_archive_warning() {
        let r = report("teen", "death", vec![warning("major-character-death", 0.91)]);
        let outcome = lint(&r, &declared("Additional Tags: Major Character Death"), "flag", None);
        let f = find(&outcome, Some("major-character-death"));
        assert_eq!(f.level, Level::Error);
        assert!(f.message.contains("\"Major Character Death\" is an additional tag"), "{}", f.message);
    }

    #[test]
    fn a_declared_archive_warning_covers_it_and_its_content_counterpart() {
        let r = report(
            "mature",
            "rape or non-consent",
            vec![warning("rape-non-con", 0.91), warning("sexual-assault", 0.9), warning("blood", 0.7)],
        );
        let outcome =
            lint(&r, &declared("Rating: Mature; Archive Warnings: rape-non-con; Tags: Blood and Injury"), "flag", None);
        assert!(!outcome.missing, "{:#?}", outcome.findings);
        assert_eq!(find(&outcome, Some("rape-non-con")).declared.as_deref(), Some("rape-non-con"));
        assert_eq!(find(&outcome, Some("sexual-assault")).declared.as_deref(), Some("rape-non-con"));
        assert_eq!(find(&outcome, Some("blood")).declared.as_deref(), Some("Blood and Injury"));
        assert!(outcome.findings.iter().all(|f| f.level == Level::Info));
    }

    #[test]
    fn creator_chose_not_to_warn_reports_archive_warnings_as_info() {
        let r = report("teen", "death", vec![warning("major-character-death", 0.91), warning("violence", 0.8)]);
        let outcome = lint(&r, &declared("Archive Warnings: Creator Chose Not To Use Archive Warnings"), "work", None);
        let f = find(&outcome, Some("major-character-death"));
        assert_eq!((f.kind, f.level), (CheckKind::Found, Level::Info));
        assert!(f.message.contains("chose not to use archive warnings"), "{}", f.message);
        // The choice is about archive warnings; an untagged content label is still missing.
        let f = find(&outcome, Some("violence"));
        assert_eq!((f.kind, f.level), (CheckKind::ContentTagMissing, Level::Warning));
        assert_eq!(f.message, "Violence detected (80%) but no declared tag covers it (e.g. \"Violence\")");
        assert_eq!(outcome.count(Level::Error), 0);
        assert!(!outcome.missing, "a warning alone does not fail the check");
        let denied = check(
            &r,
            &declared("Archive Warnings: Creator Chose Not To Use Archive Warnings"),
            "work",
            None,
            Level::Warning,
        );
        assert!(denied.missing, "--deny warnings");
    }

    #[test]
    fn nothing_declared_is_said_and_detections_are_missing() {
        let r = report("teen", "violence", vec![warning("graphic-violence", 0.8), warning("violence", 0.9)]);
        let outcome = lint(&r, &Declared::default(), "none", None);
        assert_eq!(outcome.declared_source, "none");
        assert!(outcome.findings.iter().any(|f| f.kind == CheckKind::NothingDeclared && f.level == Level::Info));
        assert_eq!(outcome.count(Level::Error), 1);
        assert_eq!(outcome.count(Level::Warning), 1);
        assert_eq!(find(&outcome, None).kind, CheckKind::NotRated);
        let levels: Vec<Level> = outcome.findings.iter().map(|f| f.level).collect();
        let mut sorted = levels.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(levels, sorted, "most serious first");
    }

    #[test]
    fn a_clean_work_with_honest_tags_passes() {
        let r = report("general", "no content above the thresholds", vec![]);
        let outcome = lint(
            &r,
            &declared("Rating: General Audiences; Archive Warnings: No Archive Warnings Apply; Tags: Fluff"),
            "work",
            None,
        );
        assert!(!outcome.missing);
        assert_eq!(outcome.findings.len(), 1);
        assert!(outcome.findings[0].evidence.is_empty());
    }

    /// A report whose rating was raised by explicit sex.
    fn explicit_report(warnings: Vec<Warning>) -> Report {
        let mut r = report("explicit", "explicit sexual content in 6 sentences", warnings);
        r.rating.drivers = vec![crate::report::RatingDriver {
            cause: crate::report::RatingCause::ExplicitSex,
            label: None,
            evidence: vec![evidence("A clinical sentence.", 10)],
        }];
        r
    }

    #[test]
    fn the_explicit_rating_covers_sexual_content() {
        let r = explicit_report(vec![
            warning("rape-non-con", 0.93),
            warning("pornographic-content", 0.97),
            warning("sexual-assault", 0.9),
        ]);
        let outcome = lint(&r, &declared("Rating: Explicit; Archive Warnings: Rape/Non-Con"), "flag", None);
        assert!(!outcome.missing, "{:#?}", outcome.findings);
        let f = find(&outcome, Some("pornographic-content"));
        assert_eq!((f.kind, f.level), (CheckKind::Found, Level::Info));
        assert_eq!(f.message, "Pornographic content detected (97%), covered by the rating Explicit");
        assert!(outcome.findings.iter().all(|f| f.level == Level::Info), "{:#?}", outcome.findings);
    }

    #[test]
    fn mature_covers_sexual_content_and_teen_does_not() {
        let mut w = warning("pornographic-content", 0.8);
        w.severity = Severity::Depicted;
        let r = report("mature", "sexual content", vec![w]);
        let outcome = lint(&r, &declared("Rating: Mature"), "flag", None);
        assert_eq!(find(&outcome, Some("pornographic-content")).kind, CheckKind::Found);
        let outcome = lint(&r, &declared("Rating: Teen And Up Audiences"), "flag", None);
        assert_eq!(find(&outcome, Some("pornographic-content")).kind, CheckKind::ContentTagMissing);
    }

    #[test]
    fn a_rating_ao3_allows_with_the_declared_warnings_is_a_hint() {
        let r = report("mature", "graphic-violence", vec![warning("graphic-violence", 0.9), warning("violence", 0.95)]);
        let tags = "Rating: Teen And Up Audiences; Archive Warnings: Graphic Depictions Of Violence";
        let outcome = lint(&r, &declared(tags), "flag", None);
        let f = find(&outcome, None);
        assert_eq!((f.kind, f.level), (CheckKind::RatingTooLow, Level::Hint), "{}", f.message);
        assert!(f.message.contains("AO3 allows it"), "{}", f.message);
        assert!(!outcome.missing, "{:#?}", outcome.findings);
        assert!(check(&r, &declared(tags), "flag", None, Level::Hint).missing, "--deny hints");
        // Without the warning declared it stays an error.
        let outcome = lint(&r, &declared("Rating: Teen And Up Audiences; Tags: Violence"), "flag", None);
        assert_eq!(find(&outcome, None).level, Level::Error);
    }

    #[test]
    fn an_implied_tag_covers_a_mention_and_understates_a_depiction() {
        let mut mentioned = warning("suicide", 0.8);
        mentioned.severity = Severity::Mentioned;
        let r = report("teen", "suicide", vec![mentioned]);
        for tag in ["Implied/Referenced Suicide", "Past Suicide Attempt", "Suicide (mentioned)"] {
            let outcome = lint(&r, &declared(&format!("Tags: {tag}")), "flag", None);
            let f = find(&outcome, Some("suicide"));
            assert_eq!((f.kind, f.level), (CheckKind::Found, Level::Info), "{tag}");
        }
        let r = report("teen", "suicide", vec![warning("suicide", 0.8)]);
        let outcome = lint(&r, &declared("Tags: Implied/Referenced Suicide"), "flag", None);
        let f = find(&outcome, Some("suicide"));
        assert_eq!((f.kind, f.level), (CheckKind::TagUnderstates, Level::Hint));
        assert!(f.message.contains("as depicted"), "{}", f.message);
        assert!(!outcome.missing);
        let outcome = lint(&r, &declared("Tags: Suicide"), "flag", None);
        assert_eq!(find(&outcome, Some("suicide")).kind, CheckKind::Found);
    }

    #[test]
    fn a_comma_between_fields_is_an_error_not_a_misreading() {
        let err = parse_declaration("Rating: Explicit, Archive Warnings: Rape/Non-Con").err().unwrap_or_default();
        assert!(err.contains("\"Archive Warnings:\" is inside the Rating field"), "{err}");
        assert!(err.contains("\";\""), "{err}");
        let err = parse_declaration("Archive Warnings: Major Character Death, Tags: Angst").err().unwrap_or_default();
        assert!(err.contains("\"Tags:\""), "{err}");
        let err = parse_declaration("Rating: Explicit, Mature").err().unwrap_or_default();
        assert!(err.contains("one rating"), "{err}");
        let err = parse_declaration("Rating: Spicy").err().unwrap_or_default();
        assert!(err.contains("unknown rating \"Spicy\""), "{err}");
        // A colon inside a tag is not a field.
        let d = declared("Fandom: Star Wars: The Clone Wars; Rating: Not Rated");
        assert_eq!(d.fandoms, vec!["Star Wars: The Clone Wars"]);
        assert_eq!(d.rating.as_deref(), Some("Not Rated"));
    }

    #[test]
    fn every_row_of_the_synonym_table_maps_to_its_labels() {
        for (tag, ids) in rows() {
            assert_eq!(labels_for_tag(tag), ids, "{tag}");
            assert_eq!(labels_for_tag(&tag.to_uppercase()), ids, "{tag} upper case");
            assert_eq!(labels_for_tag(&format!("Implied/Referenced {tag}")), ids, "Implied/Referenced {tag}");
        }
    }
}
