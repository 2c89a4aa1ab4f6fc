//! The report: the versioned wire format of one scanned work, built from a [`Document`] and
//! an [`Analysis`]. Core types are not the wire format; this is (schema version 1).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Analysis, Declared, Document, Locator, Rating, Severity, SourceFormat};

/// Version of the report schema.
pub const SCHEMA_VERSION: u32 = 1;

/// One scanned work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// Schema version.
    pub schema_version: u32,
    /// Path or JSONL id.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// Size.
    pub stats: Stats,
    /// Where each chapter starts (for timelines); empty when the work has no chapters.
    #[serde(default)]
    pub outline: Vec<OutlineEntry>,
    /// The rating.
    pub rating: RatingOut,
    /// Every label's probability.
    pub scores: BTreeMap<String, f64>,
    /// Labels at or above their thresholds, archive warnings first.
    pub warnings: Vec<Warning>,
    /// Answers to the labels the reader asked about (`--ask`, or the profile's labels that
    /// matter): label id -> answer. Absent when nothing was asked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, AnswerOut>,
    /// Problems reading the input.
    pub errors: Vec<String>,
}

/// The answer to "does it contain this label?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerOut {
    /// `yes` (it is a warning), `no` (its score is below half its threshold) or `unsure`.
    pub answer: crate::answer::Verdict,
    /// The label's score (how likely it is present), as in `scores`.
    pub confidence: f64,
    /// For a yes: how intense.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// For a yes: how many passages support it (see the warning's evidence).
    #[serde(default)]
    pub passages: usize,
    /// What was read to answer.
    pub read: ReadOut,
}

/// How much of the work was read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadOut {
    /// Words of the work (the lexical engine reads every one).
    pub words: usize,
    /// Share of the work the sentence model read (0 without the model).
    pub model_share: f64,
}

/// Source information.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    /// Path as given (or `-` for stdin, or the batch file for a JSONL record).
    pub path: String,
    /// Format read (`txt`, `md`, `html`, `epub`, `jsonl`).
    pub format: SourceFormat,
    /// Title, if known.
    pub title: Option<String>,
    /// Declared tags, if any.
    pub declared: Option<Declared>,
    /// How the input was read, and what was not analysed.
    pub notes: Vec<String>,
}

/// Size figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// Input bytes.
    pub bytes: usize,
    /// Story words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Chapters (0 when the work has no headings).
    pub chapters: usize,
}

/// A chapter's place in the work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutlineEntry {
    /// Its heading, if it has one.
    pub title: Option<String>,
    /// Fraction of the work where it starts.
    pub position: f64,
}

/// The rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingOut {
    /// `general`, `teen`, `mature` or `explicit`.
    pub level: Rating,
    /// Confidence 0..1.
    pub confidence: f64,
    /// Why, in words.
    pub reason: String,
    /// What raised the rating, each with its passages (empty for General). Consumers read
    /// these, never the words of `reason`.
    #[serde(default)]
    pub drivers: Vec<RatingDriver>,
}

/// One thing that raised a rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingDriver {
    /// What it is.
    pub cause: RatingCause,
    /// The label, when `cause` is `warning`: the id of one of `warnings` (or of a label the
    /// reader ignores).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// The passages behind it.
    pub evidence: Vec<Evidence>,
}

/// What can raise a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RatingCause {
    /// A warning (`label`).
    Warning,
    /// Explicit sexual activity.
    ExplicitSex,
    /// Sexual activity, not explicit.
    SexualContent,
    /// Implied sexual activity.
    ImpliedSex,
    /// The most graphic gore.
    ExtremeGore,
    /// Strong language.
    StrongLanguage,
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    /// Label id.
    pub id: String,
    /// Which list the label belongs to.
    pub kind: WarningKind,
    /// Display name.
    pub name: String,
    /// Probability.
    pub confidence: f64,
    /// `mentioned`, `depicted` or `graphic`.
    pub severity: Severity,
    /// Why (for archive warnings).
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub reason: String,
    /// Who it is about, when the label names someone (Major Character Death: who dies). A
    /// spoiler, like the evidence: outputs show it only where they show evidence.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<String>,
    /// Supporting passages.
    pub evidence: Vec<Evidence>,
    /// Every place the label is supported, in order (the evidence among them; at most ten,
    /// the strongest): where a reader who would rather not read it can skip. No text, so not a
    /// spoiler beyond where it is.
    #[serde(default)]
    pub places: Vec<PlaceOut>,
}

/// A stretch of the work where a label is supported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceOut {
    /// Start byte (as [`Evidence::start`]).
    pub start: usize,
    /// End byte (the end of its last sentence when both lie in the same file).
    pub end: usize,
    /// 1-based chapter where it starts, or null.
    pub chapter: Option<usize>,
    /// Fraction of the work where it starts.
    pub position: f64,
    /// Fraction of the work where it ends.
    pub end_position: f64,
    /// Where it is in a multi-file source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub locator: Option<Locator>,
}

/// The kinds of label a warning can be: matched exhaustively by every consumer, so a kind
/// cannot be forgotten by one output (custom labels once were, by the human output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum WarningKind {
    /// One of AO3's four archive warnings.
    Archive,
    /// A content label of the taxonomy.
    Content,
    /// A label the user defined (`[[custom]]` in forewarn.toml).
    Custom,
}

impl WarningKind {
    /// The name on the wire (`archive`, `content`, `custom`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Archive => "archive",
            Self::Content => "content",
            Self::Custom => "custom",
        }
    }
}

/// One supporting passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// Start byte (see [`Document::source_span`] for what the offsets are into).
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// 1-based chapter, or null.
    pub chapter: Option<usize>,
    /// Fraction of the work where it starts.
    pub position: f64,
    /// The sentence.
    pub text: String,
    /// Where it is in a multi-file source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub locator: Option<Locator>,
}

impl Report {
    /// The display name of a label of this report (a taxonomy label, or a custom label it
    /// warns of), else the id itself.
    pub fn label_name<'a>(&'a self, id: &'a str) -> &'a str {
        crate::taxonomy()
            .get(id)
            .map(|l| l.name.as_str())
            .or_else(|| self.warnings.iter().find(|w| w.id == id).map(|w| w.name.as_str()))
            .unwrap_or(id)
    }

    /// Builds the report of one work.
    pub fn new(id: &str, path: &str, doc: &Document, analysis: &Analysis, extra_notes: &[String]) -> Self {
        // (id, kind, name) of a label index.
        let def = |index: usize| -> Option<(String, WarningKind, String)> {
            let label = crate::custom::LabelAt::of(&analysis.custom, index)?;
            let kind = match label {
                crate::custom::LabelAt::Custom(_) => WarningKind::Custom,
                _ if label.is_archive() => WarningKind::Archive,
                _ => WarningKind::Content,
            };
            Some((label.id().to_string(), kind, label.name().to_string()))
        };
        let scores =
            analysis.labels.iter().filter_map(|l| def(l.label).map(|(id, _, _)| (id, round3(l.score)))).collect();
        let warnings = analysis
            .warnings()
            .into_iter()
            .filter_map(|l| {
                let (id, kind, name) = def(l.label)?;
                let evidence = evidence_of(doc, &l.evidence);
                let places = places_out(doc, &l.places);
                Some(Warning {
                    id,
                    kind,
                    name,
                    confidence: round3(l.score),
                    severity: l.severity,
                    reason: l.reason.clone(),
                    subject: l.subject.clone(),
                    evidence,
                    places,
                })
            })
            .collect();
        let read = ReadOut { words: doc.word_count(), model_share: round3(analysis.read.model_share()) };
        let answers = analysis
            .answers
            .iter()
            .filter_map(|a| {
                let (id, _, _) = def(a.label)?;
                let out = AnswerOut {
                    answer: a.verdict,
                    confidence: round3(a.score),
                    severity: a.severity,
                    passages: a.passages,
                    read,
                };
                Some((id, out))
            })
            .collect();
        let mut notes = doc.meta.notes.clone();
        notes.extend(extra_notes.iter().cloned());
        Report {
            schema_version: SCHEMA_VERSION,
            id: id.to_string(),
            source: Source {
                path: path.to_string(),
                format: doc.meta.format,
                title: doc.meta.title.clone(),
                declared: doc.meta.declared.clone(),
                notes,
            },
            outline: doc
                .chapters
                .iter()
                .map(|c| OutlineEntry {
                    title: c.title.clone(),
                    position: (doc.position(c.range.start) * 1000.0).round() / 1000.0,
                })
                .collect(),
            stats: Stats {
                bytes: doc.meta.source_bytes,
                words: doc.word_count(),
                sentences: doc.sentences.len(),
                chapters: doc.chapters.len(),
            },
            rating: RatingOut {
                level: analysis.rating,
                confidence: round3(analysis.rating_confidence),
                reason: analysis.rating_reason.clone(),
                drivers: analysis
                    .rating_drivers
                    .iter()
                    .map(|d| {
                        use crate::analysis::RatingCause as C;
                        let (cause, label) = match d.cause {
                            C::Label(i) => (RatingCause::Warning, def(i).map(|(id, _, _)| id)),
                            C::ExplicitSex(_) => (RatingCause::ExplicitSex, None),
                            C::SexualContent => (RatingCause::SexualContent, None),
                            C::ImpliedSex => (RatingCause::ImpliedSex, None),
                            C::ExtremeGore => (RatingCause::ExtremeGore, None),
                            C::StrongLanguage => (RatingCause::StrongLanguage, None),
                        };
                        RatingDriver { cause, label, evidence: evidence_of(doc, &d.evidence) }
                    })
                    .collect(),
            },
            scores,
            warnings,
            answers,
            errors: doc.meta.errors.clone(),
        }
    }
}

/// The passages of evidence references, as the reader sees them.
fn places_out(doc: &Document, places: &[crate::analysis::Place]) -> Vec<PlaceOut> {
    let position = |byte: usize| (doc.position(byte) * 1000.0).round() / 1000.0;
    places
        .iter()
        .filter_map(|p| {
            let (first, last) = (doc.sentences.get(p.first)?, doc.sentences.get(p.last)?);
            let (span, locator) = doc.source_span(first.range);
            let (last_span, last_locator) = doc.source_span(last.range);
            let end = if last_locator == locator { last_span.end.max(span.end) } else { span.end };
            Some(PlaceOut {
                start: span.start,
                end,
                chapter: first.chapter.map(|c| c + 1),
                position: position(first.range.start),
                end_position: position(last.range.start),
                locator,
            })
        })
        .collect()
}

fn evidence_of(doc: &Document, refs: &[crate::EvidenceRef]) -> Vec<Evidence> {
    refs.iter()
        .filter_map(|e| {
            let sentence = doc.sentences.get(e.sentence)?;
            let (span, locator) = doc.source_span(sentence.range);
            Some(Evidence {
                start: span.start,
                end: span.end,
                chapter: sentence.chapter.map(|c| c + 1),
                position: (doc.position(sentence.range.start) * 1000.0).round() / 1000.0,
                text: doc.slice(sentence.range).to_string(),
                locator,
            })
        })
        .collect()
}

/// A probability as people read it, here, in `check`'s messages and on every page: a whole
/// percentage that below certainty never rounds up to 100%.
pub fn percent(p: f64) -> String {
    let value = (p.clamp(0.0, 1.0) * 100.0).round();
    let value = if p < 1.0 { value.min(99.0) } else { value };
    format!("{value:.0}%")
}

/// A probability as the report shows it: three decimals, held as the `f64` nearest that
/// decimal, so every writer prints `0.615` (an `f32` widened on the way to JSON would print
/// `0.6150000095367432`).
pub fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}
