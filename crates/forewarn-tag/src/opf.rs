//! Surgical edits of the package document (OPF). The document is read with quick-xml only
//! to find byte ranges: forewarn's earlier `dc:subject` entries and ownership marker, its
//! Calibre column `<meta>`, and where `<metadata>` ends. The new text is spliced in at those
//! offsets, so every other byte (declaration, comments, attribute quoting, indentation,
//! entities) stays as it was. Re-serialising the whole document would normalise all of those,
//! and a user who diffs the book before and after should see only forewarn's lines.
//!
//! How forewarn knows its own subjects: each `dc:subject` it writes has an `id`
//! (`forewarn-subject-1`, …) and one `<meta name="forewarn:subjects" content="forewarn-subject-1
//! forewarn-subject-2"/>` lists those ids. On the next run exactly the subjects whose id the
//! marker lists, and the marker, are removed, whatever their text or prefix. A subject
//! forewarn did not list is never touched, even one that starts with `CW: `. The one
//! exception is a subject starting with [`RATING_SUBJECT_PREFIX`]: it names forewarn, so an
//! unmarked one can only come from a version that wrote no marker, and it is replaced. The
//! `name`/`content` form of `<meta>` is valid in both OPF 2 and OPF 3 (where Calibre's own
//! `calibre:*` entries use it too), and `id` is allowed on `dc:subject` in both; an EPUB 3
//! `refines` property would need a `prefix` declaration on `<package>` and is not OPF 2.

use std::collections::HashSet;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, PrefixDeclaration, ResolveResult};
use quick_xml::NsReader;

use crate::{TagError, RATING_SUBJECT_PREFIX};

const DC_NS: &[u8] = b"http://purl.org/dc/elements/1.1/";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const CALIBRE_META_PREFIX: &str = "calibre:user_metadata:";
/// `name` of the `<meta>` whose `content` lists the ids of forewarn's subjects.
const OWNERSHIP_META: &str = "forewarn:subjects";
/// Ids of forewarn's subjects are this followed by a number (the first free one from 1).
const SUBJECT_ID_PREFIX: &str = "forewarn-subject-";

/// What forewarn writes into `<metadata>`.
pub(crate) struct NewMetadata<'a> {
    /// `dc:subject` values, in order.
    pub subjects: &'a [String],
    /// Calibre column lookup name, e.g. `#cw`.
    pub column: &'a str,
    /// The column's JSON descriptor (unescaped).
    pub column_json: &'a str,
}

/// How the Dublin Core namespace can be written inside `<metadata>`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DcBinding {
    /// Bound to this prefix (`dc`).
    Prefix(String),
    /// The default namespace.
    Default,
    /// Not declared: each new element declares it.
    Unbound,
}

#[derive(Debug)]
enum MetadataKind {
    /// `<metadata>…</metadata>`: the offset just after the start tag.
    Open { content_start: usize, closed: bool },
    /// `<metadata/>`: the whole tag.
    Empty { range: Range<usize> },
}

#[derive(Debug)]
struct MetadataElement {
    /// Qualified name as written (`metadata`, `opf:metadata`).
    qname: String,
    kind: MetadataKind,
    /// Line break and indentation before the start tag, when it starts a line.
    indent: Option<(String, String)>,
}

/// A direct element child of `<metadata>`.
#[derive(Debug)]
struct Child {
    end: usize,
    /// Line break and indentation before it, when it starts a line.
    indent: Option<(String, String)>,
    removed: bool,
}

#[derive(Debug)]
enum CaptureKind {
    Subject {
        id: Option<String>,
    },
    ColumnMeta,
    /// forewarn's ownership marker, with the ids it lists.
    OwnershipMeta {
        ids: Vec<String>,
    },
    Identifier {
        calibre: bool,
    },
}

/// An element whose text (and end) is being collected.
#[derive(Debug)]
struct Capture {
    kind: CaptureKind,
    start: usize,
    depth: usize,
    text: String,
}

/// A `dc:subject` inside `<metadata>`.
#[derive(Debug)]
struct Subject {
    /// The element, with the line break and indentation before it.
    range: Range<usize>,
    id: Option<String>,
    /// Its text, unescaped and trimmed.
    text: String,
    /// Its index in `Survey::children` when it is a direct child of `<metadata>`.
    child: Option<usize>,
}

/// An element inside `<metadata>` that forewarn replaces on every run (its ownership marker,
/// its Calibre column).
#[derive(Debug)]
struct Owned {
    range: Range<usize>,
    child: Option<usize>,
}

/// What one pass over the package document found.
#[derive(Debug)]
struct Survey {
    metadata: Option<MetadataElement>,
    dc: DcBinding,
    children: Vec<Child>,
    subjects: Vec<Subject>,
    owned: Vec<Owned>,
    /// Ids listed by forewarn's ownership markers.
    marked: HashSet<String>,
    /// Every `id` in the document, with the offset of its element.
    ids: Vec<(String, usize)>,
    calibre_id: Option<u64>,
    /// The declared encoding is not UTF-8: new text is written as ASCII with character references.
    ascii_only: bool,
}

/// What to take out of the document, and what stays.
struct Plan {
    removals: Vec<Range<usize>>,
    /// Texts of the subjects that stay.
    kept_subjects: HashSet<String>,
    /// Ids still in use once the removals are made.
    taken_ids: HashSet<String>,
}

impl Survey {
    /// Decides what is forewarn's (see the module comment) and marks those children removed.
    fn plan(&mut self) -> Plan {
        let mut removals = Vec::new();
        let mut kept_subjects = HashSet::new();
        for subject in &self.subjects {
            let marked = subject.id.as_ref().is_some_and(|id| self.marked.contains(id));
            if marked || subject.text.starts_with(RATING_SUBJECT_PREFIX.trim_end()) {
                removals.push(subject.range.clone());
                if let Some(child) = subject.child.and_then(|i| self.children.get_mut(i)) {
                    child.removed = true;
                }
            } else {
                kept_subjects.insert(subject.text.clone());
            }
        }
        for owned in &self.owned {
            removals.push(owned.range.clone());
            if let Some(child) = owned.child.and_then(|i| self.children.get_mut(i)) {
                child.removed = true;
            }
        }
        let taken_ids = self
            .ids
            .iter()
            .filter(|(_, at)| !removals.iter().any(|r| r.contains(at)))
            .map(|(id, _)| id.clone())
            .collect();
        Plan { removals, kept_subjects, taken_ids }
    }
}

/// The Calibre book id (`<dc:identifier opf:scheme="calibre">12</dc:identifier>` or
/// `id="calibre_id"`), if the package has one.
pub(crate) fn calibre_id(opf: &[u8], path: &str) -> Result<Option<u64>, TagError> {
    Ok(survey(opf, path, None)?.calibre_id)
}

/// Checks that the package document can be edited (well-formed, has `<metadata>`).
pub(crate) fn check(opf: &[u8], path: &str) -> Result<(), TagError> {
    match survey(opf, path, None)?.metadata {
        Some(_) => Ok(()),
        None => Err(TagError::NoMetadata(path.to_string())),
    }
}

/// Removes forewarn's earlier entries and inserts the new ones at the end of `<metadata>`.
/// A subject whose exact text the book already has in a subject forewarn does not own is not
/// written again: the book says it once, in the user's words.
pub(crate) fn edit(opf: &[u8], path: &str, new: &NewMetadata<'_>) -> Result<Vec<u8>, TagError> {
    let mut survey = survey(opf, path, Some(new.column))?;
    let plan = survey.plan();
    let Some(metadata) = &survey.metadata else {
        return Err(TagError::NoMetadata(path.to_string()));
    };
    let kept = survey.children.iter().rev().find(|c| !c.removed);
    // Indent like the children already there; failing those, one level below <metadata>.
    let indent = kept
        .and_then(|c| c.indent.clone())
        .or_else(|| survey.children.iter().find_map(|c| c.indent.clone()))
        .or_else(|| metadata.indent.clone().map(|(newline, indent)| (newline, format!("{indent}  "))));
    let prefix_of = |qname: &str| qname.rsplit_once(':').map(|(p, _)| format!("{p}:")).unwrap_or_default();
    let opf_prefix = prefix_of(&metadata.qname);
    let (subject_name, namespace) = match &survey.dc {
        DcBinding::Prefix(p) => (format!("{p}:subject"), String::new()),
        DcBinding::Default => ("subject".to_string(), String::new()),
        DcBinding::Unbound => ("dc:subject".to_string(), format!(" xmlns:dc=\"{}\"", String::from_utf8_lossy(DC_NS))),
    };
    let escape_text = |s: &str| encode(&quick_xml::escape::partial_escape(s), survey.ascii_only);
    let escape_attr = |s: &str| encode(&quick_xml::escape::escape(s), survey.ascii_only);

    let mut elements: Vec<String> = Vec::with_capacity(new.subjects.len() + 2);
    let mut ids: Vec<String> = Vec::with_capacity(new.subjects.len());
    let mut number = 0usize;
    for subject in new.subjects {
        if plan.kept_subjects.contains(subject.trim()) {
            continue;
        }
        let id = loop {
            number += 1;
            let id = format!("{SUBJECT_ID_PREFIX}{number}");
            if !plan.taken_ids.contains(&id) {
                break id;
            }
        };
        elements.push(format!("<{subject_name}{namespace} id=\"{id}\">{}</{subject_name}>", escape_text(subject)));
        ids.push(id);
    }
    if !ids.is_empty() {
        elements.push(format!("<{opf_prefix}meta name=\"{OWNERSHIP_META}\" content=\"{}\"/>", ids.join(" ")));
    }
    elements.push(format!(
        "<{opf_prefix}meta name=\"{}\" content=\"{}\"/>",
        escape_attr(&format!("{CALIBRE_META_PREFIX}{}", new.column)),
        escape_attr(new.column_json)
    ));
    let mut block = String::new();
    for element in &elements {
        if let Some((newline, indent)) = &indent {
            block.push_str(newline);
            block.push_str(indent);
        }
        block.push_str(element);
    }

    let mut edits: Vec<(Range<usize>, Vec<u8>)> = plan.removals.iter().map(|r| (r.clone(), Vec::new())).collect();
    match &metadata.kind {
        MetadataKind::Open { content_start, .. } => {
            let at = kept.map_or(*content_start, |c| c.end);
            edits.push((at..at, block.into_bytes()));
        }
        MetadataKind::Empty { range } => {
            // `<metadata …/>` becomes `<metadata …>` + the new elements + `</metadata>`.
            let tag = opf.get(range.clone()).unwrap_or_default();
            let open = tag.strip_suffix(b"/>").unwrap_or(tag);
            let mut replacement = open.to_vec();
            replacement.push(b'>');
            replacement.extend_from_slice(block.as_bytes());
            if let Some((newline, indent)) = &metadata.indent {
                replacement.extend_from_slice(newline.as_bytes());
                replacement.extend_from_slice(indent.as_bytes());
            }
            replacement.extend_from_slice(format!("</{}>", metadata.qname).as_bytes());
            edits.push((range.clone(), replacement));
        }
    }
    apply(opf, path, edits)
}

/// Applies non-overlapping edits (ranges of `source` and what replaces them).
fn apply(source: &[u8], path: &str, mut edits: Vec<(Range<usize>, Vec<u8>)>) -> Result<Vec<u8>, TagError> {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = Vec::with_capacity(source.len() + edits.iter().map(|(_, t)| t.len()).sum::<usize>());
    let mut at = 0;
    for (range, text) in edits {
        let Some(kept) = source.get(at..range.start) else {
            // Ranges come from one forward pass, so this would be a bug, not bad input.
            return Err(TagError::MalformedPackage {
                path: path.to_string(),
                reason: format!("overlapping edits at byte {}", range.start),
            });
        };
        out.extend_from_slice(kept);
        out.extend_from_slice(&text);
        at = range.end;
    }
    out.extend_from_slice(source.get(at..).unwrap_or_default());
    Ok(out)
}

/// Text as it will be written: unchanged for UTF-8 documents, ASCII with character references
/// for documents declared in another (ASCII-compatible) encoding.
fn encode(escaped: &str, ascii_only: bool) -> String {
    if !ascii_only || escaped.is_ascii() {
        return escaped.to_string();
    }
    escaped.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("&#x{:X};", u32::from(c)) }).collect()
}

/// Reads the package document once, noting what `edit` and `calibre_id` need. With `column`
/// (the Calibre column forewarn fills), that column's `<meta>` is noted as forewarn's.
fn survey(opf: &[u8], path: &str, column: Option<&str>) -> Result<Survey, TagError> {
    let (body, base) = match opf.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len()),
        None => (opf, 0),
    };
    // UTF-16 and UTF-32 put NUL bytes among the first few; quick-xml (without its encoding
    // feature) reads bytes as UTF-8, and the offsets would be meaningless.
    if opf.starts_with(b"\xFF\xFE") || opf.starts_with(b"\xFE\xFF") || body.iter().take(4).any(|&b| b == 0) {
        return Err(TagError::UnsupportedEncoding(path.to_string()));
    }
    let malformed = |reason: String| TagError::MalformedPackage { path: path.to_string(), reason };
    let column_meta_name = column.map(|c| format!("{CALIBRE_META_PREFIX}{c}"));

    let mut reader = NsReader::from_reader(body);
    let mut survey = Survey {
        metadata: None,
        dc: DcBinding::Unbound,
        children: Vec::new(),
        subjects: Vec::new(),
        owned: Vec::new(),
        marked: HashSet::new(),
        ids: Vec::new(),
        calibre_id: None,
        ascii_only: false,
    };
    let mut depth = 0usize;
    // Depth of <metadata> while inside it.
    let mut inside: Option<usize> = None;
    let mut capture: Option<Capture> = None;
    // Start offset of the direct child of <metadata> that is open.
    let mut child_start: Option<usize> = None;
    loop {
        let start = offset(&reader) + base;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => return Err(malformed(format!("{e}, at byte {}", reader.error_position() as usize + base))),
        };
        let end = offset(&reader) + base;
        let in_dc = match &event {
            Event::Start(e) | Event::Empty(e) => {
                matches!(reader.resolve_element(e.name()).0, ResolveResult::Bound(Namespace(n)) if n == DC_NS)
            }
            _ => false,
        };
        match event {
            Event::Decl(decl) => {
                if let Some(Ok(encoding)) = decl.encoding() {
                    let encoding = String::from_utf8_lossy(&encoding).to_ascii_lowercase();
                    survey.ascii_only = encoding != "utf-8" && encoding != "utf8";
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                depth += 1;
                let local = e.local_name();
                let id = attribute(e, b"id");
                if let Some(id) = &id {
                    survey.ids.push((id.clone(), start));
                }
                if inside.is_none() && survey.metadata.is_none() && depth == 2 && local.as_ref() == b"metadata" {
                    survey.dc = dc_binding(&reader);
                    let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let kind = if empty {
                        MetadataKind::Empty { range: start..end }
                    } else {
                        inside = Some(depth);
                        MetadataKind::Open { content_start: end, closed: false }
                    };
                    survey.metadata = Some(MetadataElement { qname, kind, indent: indent_before(opf, start) });
                } else if let Some(meta_depth) = inside {
                    if depth == meta_depth + 1 {
                        child_start = Some(start);
                    }
                    if capture.is_none() {
                        let kind = match local.as_ref() {
                            b"subject" if in_dc => Some(CaptureKind::Subject { id }),
                            b"identifier" if in_dc => {
                                Some(CaptureKind::Identifier { calibre: is_calibre_identifier(e) })
                            }
                            b"meta" => match attribute(e, b"name") {
                                Some(name) if name == OWNERSHIP_META => {
                                    let content = attribute(e, b"content").unwrap_or_default();
                                    Some(CaptureKind::OwnershipMeta {
                                        ids: content.split_whitespace().map(str::to_string).collect(),
                                    })
                                }
                                Some(name) if Some(&name) == column_meta_name.as_ref() => Some(CaptureKind::ColumnMeta),
                                _ => None,
                            },
                            _ => None,
                        };
                        if let Some(kind) = kind {
                            capture = Some(Capture { kind, start, depth, text: String::new() });
                        }
                    }
                }
                if empty {
                    close(opf, end, depth, inside, &mut capture, &mut survey);
                    if inside.is_some_and(|d| depth == d + 1) {
                        if let Some(s) = child_start.take() {
                            let indent = indent_before(opf, s);
                            survey.children.push(Child { end, indent, removed: false });
                        }
                    }
                    depth -= 1;
                }
            }
            Event::End(_) => {
                close(opf, end, depth, inside, &mut capture, &mut survey);
                if let Some(meta_depth) = inside {
                    if depth == meta_depth + 1 {
                        if let Some(s) = child_start.take() {
                            let indent = indent_before(opf, s);
                            survey.children.push(Child { end, indent, removed: false });
                        }
                    } else if depth == meta_depth {
                        inside = None;
                        if let Some(MetadataElement { kind: MetadataKind::Open { closed, .. }, .. }) =
                            &mut survey.metadata
                        {
                            *closed = true;
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(ref t) => {
                if let Some(c) = &mut capture {
                    match t.unescape() {
                        Ok(text) => c.text.push_str(&text),
                        Err(_) => c.text.push_str(&String::from_utf8_lossy(t)),
                    }
                }
            }
            Event::CData(ref t) => {
                if let Some(c) = &mut capture {
                    c.text.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth > 0 {
        return Err(malformed(format!("{depth} element(s) still open at the end of the document")));
    }
    if let Some(MetadataElement { kind: MetadataKind::Open { closed: false, .. }, .. }) = &survey.metadata {
        return Err(malformed("<metadata> is never closed".to_string()));
    }
    Ok(survey)
}

/// Finishes the captured element if it ends here (`end` is the offset after its end tag).
fn close(
    opf: &[u8],
    end: usize,
    depth: usize,
    inside: Option<usize>,
    capture: &mut Option<Capture>,
    survey: &mut Survey,
) {
    if capture.as_ref().is_none_or(|c| c.depth != depth) {
        return;
    }
    let Some(c) = capture.take() else { return };
    // A direct child of <metadata> is pushed to `children` right after this, at this index.
    let child = inside.is_some_and(|d| c.depth == d + 1).then_some(survey.children.len());
    let range = with_leading_space(opf, c.start)..end;
    match c.kind {
        CaptureKind::Subject { id } => {
            survey.subjects.push(Subject { range, id, text: c.text.trim().to_string(), child });
        }
        CaptureKind::ColumnMeta => survey.owned.push(Owned { range, child }),
        CaptureKind::OwnershipMeta { ids } => {
            survey.marked.extend(ids);
            survey.owned.push(Owned { range, child });
        }
        CaptureKind::Identifier { calibre } => {
            let text = c.text.trim();
            if survey.calibre_id.is_none() && calibre {
                survey.calibre_id = text.strip_prefix("calibre:").unwrap_or(text).trim().parse().ok();
            }
        }
    }
}

/// Where a removal starts: the element, and the line break and indentation before it, so
/// that taking an element out leaves no blank line.
fn with_leading_space(opf: &[u8], start: usize) -> usize {
    let mut s = start;
    while s > 0 && matches!(opf.get(s - 1), Some(b' ' | b'\t')) {
        s -= 1;
    }
    if s > 0 && opf.get(s - 1) == Some(&b'\n') {
        s -= 1;
        if s > 0 && opf.get(s - 1) == Some(&b'\r') {
            s -= 1;
        }
    }
    s
}

/// The line break (`\n` or `\r\n`) and indentation before `start`, when it starts a line.
fn indent_before(opf: &[u8], start: usize) -> Option<(String, String)> {
    let mut s = start;
    while s > 0 && matches!(opf.get(s - 1), Some(b' ' | b'\t')) {
        s -= 1;
    }
    if s == 0 || opf.get(s - 1) != Some(&b'\n') {
        return None;
    }
    let newline = if s >= 2 && opf.get(s - 2) == Some(&b'\r') { "\r\n" } else { "\n" };
    let indent = String::from_utf8_lossy(opf.get(s..start)?).into_owned();
    Some((newline.to_string(), indent))
}

/// The reader's offset, as an index into the bytes it reads.
fn offset<R>(reader: &NsReader<R>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// How Dublin Core is bound where the reader stands (just inside `<metadata>`).
fn dc_binding<R>(reader: &NsReader<R>) -> DcBinding {
    let mut binding = DcBinding::Unbound;
    for (declaration, Namespace(uri)) in reader.prefixes() {
        if uri != DC_NS {
            continue;
        }
        match declaration {
            PrefixDeclaration::Named(b"dc") => return DcBinding::Prefix("dc".to_string()),
            PrefixDeclaration::Named(prefix) => {
                binding = DcBinding::Prefix(String::from_utf8_lossy(prefix).into_owned());
            }
            PrefixDeclaration::Default if binding == DcBinding::Unbound => binding = DcBinding::Default,
            PrefixDeclaration::Default => {}
        }
    }
    binding
}

/// An attribute's value (unescaped), by local name.
fn attribute(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| match a.unescape_value() {
        Ok(v) => v.into_owned(),
        Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
    })
}

/// Whether a `dc:identifier` is Calibre's book id: `opf:scheme="calibre"` or `id="calibre_id"`.
fn is_calibre_identifier(e: &BytesStart<'_>) -> bool {
    attribute(e, b"scheme").is_some_and(|s| s.eq_ignore_ascii_case("calibre"))
        || attribute(e, b"id").as_deref() == Some("calibre_id")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new<'a>(subjects: &'a [String], json: &'a str) -> NewMetadata<'a> {
        NewMetadata { subjects, column: "#cw", column_json: json }
    }

    fn edited(opf: &str, subjects: &[&str]) -> String {
        let subjects: Vec<String> = subjects.iter().map(|s| s.to_string()).collect();
        let out = edit(opf.as_bytes(), "content.opf", &new(&subjects, "{\"a\": \"<&>\"}")).expect("edit");
        String::from_utf8(out).expect("utf-8")
    }

    const OPF: &str = "<?xml version='1.0' encoding='utf-8'?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n    <dc:title>T</dc:title>\n    <dc:subject>Angst</dc:subject>\n  </metadata>\n  <manifest/>\n</package>\n";

    #[test]
    fn inserts_after_the_last_child_with_its_indentation() {
        let out = edited(OPF, &["CW: Violence", "Rating (forewarn): Mature"]);
        let expected = OPF.replace(
            "<dc:subject>Angst</dc:subject>\n",
            "<dc:subject>Angst</dc:subject>\n    <dc:subject id=\"forewarn-subject-1\">CW: Violence</dc:subject>\n    <dc:subject id=\"forewarn-subject-2\">Rating (forewarn): Mature</dc:subject>\n    <meta name=\"forewarn:subjects\" content=\"forewarn-subject-1 forewarn-subject-2\"/>\n    <meta name=\"calibre:user_metadata:#cw\" content=\"{&quot;a&quot;: &quot;&lt;&amp;&gt;&quot;}\"/>\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn retagging_replaces_only_forewarn_entries_and_is_idempotent() {
        let once = edited(OPF, &["CW: Violence", "Rating (forewarn): Mature"]);
        assert_eq!(edited(&once, &["CW: Violence", "Rating (forewarn): Mature"]), once);
        let again = edited(&once, &["CW: Death"]);
        assert!(again.contains("<dc:subject>Angst</dc:subject>"));
        assert!(again.contains("<dc:subject id=\"forewarn-subject-1\">CW: Death</dc:subject>"), "{again}");
        assert!(again.contains("<meta name=\"forewarn:subjects\" content=\"forewarn-subject-1\"/>"), "{again}");
        assert!(!again.contains("Violence") && !again.contains("Mature") && !again.contains("forewarn-subject-2"));
        assert_eq!(again.matches("calibre:user_metadata:#cw").count(), 1);
        // Nothing but forewarn's lines differ from the original.
        assert_eq!(edited(&again, &[]).replace("\n    <meta name=\"calibre:user_metadata:#cw\" content=\"{&quot;a&quot;: &quot;&lt;&amp;&gt;&quot;}\"/>", ""), OPF);
    }

    #[test]
    fn other_columns_and_unmarked_subjects_survive() {
        let opf = OPF.replace(
            "<dc:subject>Angst</dc:subject>",
            "<dc:subject>Angst</dc:subject>\n    <dc:subject>CWs are for cowards</dc:subject>\n    <meta name=\"calibre:user_metadata:#genre\" content=\"{}\"/>\n    <meta name=\"calibre:user_metadata:#cw\" content=\"{}\"></meta>\n    <dc:subject> CW: Old </dc:subject>\n    <dc:subject>Rating (forewarn): Teen And Up Audiences</dc:subject>",
        );
        let out = edited(&opf, &["CW: New"]);
        assert!(out.contains("CWs are for cowards") && out.contains("#genre"));
        // An unmarked subject is the user's, whatever its prefix; an unmarked forewarn rating
        // (from a version that wrote no marks) is forewarn's.
        assert!(out.contains("\n    <dc:subject> CW: Old </dc:subject>\n"), "{out}");
        assert!(!out.contains("Teen And Up Audiences"), "{out}");
        assert_eq!(out.matches("calibre:user_metadata:#cw").count(), 1);
    }

    #[test]
    fn only_the_subjects_the_marker_lists_are_replaced() {
        let opf = OPF.replace(
            "<dc:subject>Angst</dc:subject>",
            "<dc:subject>Angst</dc:subject>\n    <dc:subject id=\"forewarn-subject-1\">CW: Listed</dc:subject>\n    <dc:subject id=\"forewarn-subject-2\">CW: Not listed</dc:subject>\n    <meta name=\"forewarn:subjects\" content=\" forewarn-subject-1\tmissing \"/>",
        );
        let out = edited(&opf, &["TW: New"]);
        assert!(!out.contains("CW: Listed") && !out.contains("missing"), "{out}");
        assert!(out.contains("\n    <dc:subject id=\"forewarn-subject-2\">CW: Not listed</dc:subject>\n"), "{out}");
        // The new subject takes the first id nobody else uses.
        assert!(out.contains("<dc:subject id=\"forewarn-subject-1\">TW: New</dc:subject>"), "{out}");
        assert!(out.contains("<meta name=\"forewarn:subjects\" content=\"forewarn-subject-1\"/>"), "{out}");
        assert_eq!(out.matches("forewarn:subjects").count(), 1);
    }

    #[test]
    fn new_ids_avoid_every_id_in_the_document() {
        let opf = OPF.replace("<dc:title>T</dc:title>", "<dc:title id=\"forewarn-subject-1\">T</dc:title>").replace(
            "<manifest/>",
            "<manifest><item id=\"forewarn-subject-2\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>",
        );
        let out = edited(&opf, &["CW: A", "CW: B"]);
        assert!(out.contains("<dc:subject id=\"forewarn-subject-3\">CW: A</dc:subject>"), "{out}");
        assert!(out.contains("<dc:subject id=\"forewarn-subject-4\">CW: B</dc:subject>"), "{out}");
        assert!(out.contains("content=\"forewarn-subject-3 forewarn-subject-4\""), "{out}");
        assert_eq!(edited(&out, &["CW: A", "CW: B"]), out);
    }

    #[test]
    fn a_subject_the_user_already_wrote_is_not_written_again() {
        let opf = OPF.replace("<dc:subject>Angst</dc:subject>", "<dc:subject>CW: Death</dc:subject>");
        let out = edited(&opf, &["CW: Death", "CW: Violence"]);
        assert_eq!(out.matches("CW: Death").count(), 1, "{out}");
        assert!(out.contains("\n    <dc:subject>CW: Death</dc:subject>\n"), "{out}");
        assert!(out.contains("<dc:subject id=\"forewarn-subject-1\">CW: Violence</dc:subject>"), "{out}");
        // Nothing to write but the column: no empty marker.
        let out = edited(&opf, &["CW: Death"]);
        assert!(!out.contains("forewarn:subjects"), "{out}");
    }

    #[test]
    fn changing_the_prefix_replaces_the_earlier_run() {
        let once = edited(OPF, &["CW: Death", "Rating (forewarn): Mature"]);
        let twice = edited(&once, &["TW: Death", "Rating (forewarn): Mature"]);
        assert!(!twice.contains("CW: "), "{twice}");
        assert_eq!(twice, once.replace("CW: ", "TW: "));
    }

    #[test]
    fn prefixes_namespaces_and_empty_metadata() {
        let opf = "<opf:package xmlns:opf=\"http://www.idpf.org/2007/opf\" xmlns:d=\"http://purl.org/dc/elements/1.1/\"><opf:metadata/><opf:manifest/></opf:package>";
        let out = edited(opf, &["CW: X"]);
        assert!(out.starts_with("<opf:package xmlns:opf=\"http://www.idpf.org/2007/opf\" xmlns:d=\"http://purl.org/dc/elements/1.1/\"><opf:metadata><d:subject id=\"forewarn-subject-1\">CW: X</d:subject><opf:meta name=\"forewarn:subjects\" content=\"forewarn-subject-1\"/><opf:meta name=\"calibre:user_metadata:#cw\""), "{out}");
        assert!(out.ends_with("/></opf:metadata><opf:manifest/></opf:package>"), "{out}");

        let unbound = "<package><metadata>\n</metadata></package>";
        let out = edited(unbound, &["CW: X"]);
        assert!(out.contains("<dc:subject xmlns:dc=\"http://purl.org/dc/elements/1.1/\" id=\"forewarn-subject-1\">CW: X</dc:subject>"), "{out}");
    }

    #[test]
    fn non_utf8_documents_get_character_references() {
        let opf = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><package><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"></metadata></package>";
        let out = edited(opf, &["CW: Café"]);
        assert!(out.contains("<dc:subject id=\"forewarn-subject-1\">CW: Caf&#xE9;</dc:subject>"), "{out}");
        assert!(out.is_ascii());
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let opf = "\u{feff}<package>\r\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\r\n    <dc:title>T</dc:title>\r\n  </metadata>\r\n</package>";
        let out = edited(opf, &["CW: X"]);
        assert!(out.starts_with("\u{feff}<package>\r\n"));
        assert!(out.contains("<dc:title>T</dc:title>\r\n    <dc:subject id=\"forewarn-subject-1\">CW: X</dc:subject>\r\n    <meta name=\"forewarn:subjects\" content=\"forewarn-subject-1\"/>\r\n    <meta "), "{out}");
    }

    #[test]
    fn errors() {
        let empty: Vec<String> = Vec::new();
        let n = new(&empty, "{}");
        let err = |opf: &str| edit(opf.as_bytes(), "p.opf", &n).expect_err("should fail").to_string();
        assert!(err("<package><metadata></package>").contains("not well-formed"));
        assert!(err("<package><metadata>").contains("not well-formed"));
        assert!(err("<package><manifest/></package>").contains("no <metadata>"));
        assert!(err("\u{0}<\u{0}p").contains("UTF-8"));
    }

    #[test]
    fn calibre_ids() {
        let id = |ident: &str| {
            let opf = format!("<package><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">{ident}</metadata></package>");
            calibre_id(opf.as_bytes(), "p.opf").expect("parse")
        };
        assert_eq!(id("<dc:identifier opf:scheme=\"calibre\" id=\"calibre_id\">95</dc:identifier>"), Some(95));
        assert_eq!(id("<dc:identifier id=\"calibre_id\">calibre:7</dc:identifier>"), Some(7));
        assert_eq!(id("<dc:identifier opf:scheme=\"uuid\">1234</dc:identifier>"), None);
        assert_eq!(id("<dc:identifier opf:scheme=\"calibre\">not a number</dc:identifier>"), None);
    }
}
