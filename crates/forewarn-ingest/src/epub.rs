//! EPUB 2 and 3: the ZIP container, the OPF package (metadata, manifest, spine), the table of
//! contents (EPUB 3 nav or EPUB 2 NCX), and each spine chapter read by [`crate::html`].
//!
//! Every chapter is its own source item, named by its entry path, so a finding's
//! [`forewarn_core::Locator`] is a byte range in that decompressed XHTML file.
//!
//! Architecture invariant: memory stays bounded whatever the archive claims. Entry names are
//! checked before anything is read, and each entry is read through `take(limit + 1)`, so a
//! header that lies about sizes cannot make us allocate more than the limits allow.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use forewarn_core::{Declared, Document, DocumentBuilder, SourceFormat};
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::decode::{binary_kind, decode};
use crate::html::{self, collapse, Chapters};
use crate::tags::{self, Field};
use crate::{IngestError, Limits};

/// Reads an EPUB.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if !bytes.starts_with(b"PK") {
        return Err(IngestError::NotEpub(match binary_kind(bytes) {
            Some(kind) => format!("not a zip archive (it looks like a {kind})"),
            None => "not a zip archive".to_string(),
        }));
    }
    let mut epub = Archive::open(bytes, limits)?;
    let mut meta_errors = Vec::new();
    let opf_path = epub.package_path(&mut meta_errors)?;
    let opf_bytes = epub.read(&opf_path)?.ok_or_else(|| {
        IngestError::NoPackage(format!("'{opf_path}' named in META-INF/container.xml is not in the archive"))
    })?;
    let package = parse_package(&opf_path, &decode(&opf_bytes).text, &mut meta_errors)?;
    let spine = match &package.spine {
        None => return Err(IngestError::NoSpine),
        Some(spine) if spine.is_empty() => return Err(IngestError::EmptySpine),
        Some(spine) => spine.clone(),
    };
    let toc = read_toc(&mut epub, &package, &mut meta_errors)?;
    let mut toc_by_path: HashMap<&str, Vec<&TocEntry>> = HashMap::new();
    for entry in &toc {
        toc_by_path.entry(entry.path.as_str()).or_default().push(entry);
    }
    let nav_path =
        package.manifest.values().find(|m| m.properties.split_whitespace().any(|p| p == "nav")).map(|m| &m.path);

    let mut builder = DocumentBuilder::new(SourceFormat::Epub, Vec::new());
    let mut notes = Vec::new();
    let mut ao3 = false;
    let mut ao3_declared: Option<Declared> = None;
    let mut front_matter = Vec::new();
    let mut work_title = None;
    let mut first_title = None;
    let mut missing = 0usize;
    let mut documents = 0usize;
    for idref in &spine {
        let Some(item) = package.manifest.get(idref) else {
            meta_errors.push(format!("spine item '{idref}' is not in the manifest"));
            continue;
        };
        if !item.is_document() || Some(&item.path) == nav_path {
            continue;
        }
        documents += 1;
        let Some(raw) = epub.read(&item.path)? else {
            missing += 1;
            meta_errors.push(format!("spine item '{}' is missing from the archive", item.path));
            continue;
        };
        if let Some(problem) = xml_problem(&raw) {
            meta_errors.push(format!("{} is not well-formed XHTML ({problem}); read leniently as HTML", item.path));
        }
        let decoded = decode(&raw);
        notes.extend(decoded.notes.iter().map(|n| format!("{}: {n}", item.path)));
        let entries = toc_by_path.get(item.path.as_str()).map_or(&[][..], Vec::as_slice);
        let mut anchors = HashMap::new();
        let mut file_title = None;
        for entry in entries {
            match &entry.fragment {
                Some(id) => {
                    anchors.entry(id.clone()).or_insert_with(|| entry.title.clone());
                }
                None => file_title = file_title.or_else(|| Some(entry.title.clone())),
            }
        }
        let wanted: HashSet<String> = anchors.keys().cloned().collect();
        // Each page gets the whole work's budget; the checks after `assemble` below add
        // the pages up.
        // What the pages before this one used counts against the same budget.
        let budget = html::Budget {
            text_bytes: limits.max_text_bytes.saturating_sub(builder.text_len() as u64),
            pieces: limits.max_source_pieces.saturating_sub(builder.source_pieces()),
            ..html::Budget::of(limits)
        };
        let walk = html::walk(&decoded.text, &wanted, ao3, budget);
        if let Some(err) = walk.over {
            return Err(err);
        }
        // A table of contents that points at ids this page lacks still names the page.
        if file_title.is_none()
            && !anchors.is_empty()
            && !walk.blocks.iter().any(|b| matches!(b, html::Block::Anchor(_)))
        {
            file_title = entries.first().map(|e| e.title.clone());
        }
        if walk.ao3 {
            ao3 = true;
        }
        if let Some(declared) = walk.declared.clone() {
            ao3_declared.get_or_insert(declared);
        }
        front_matter.extend(walk.front_matter.iter().cloned());
        work_title = work_title.or_else(|| walk.work_title.clone());
        first_title = first_title.or_else(|| walk.title.clone());
        if is_front_page(&item.path, file_title.as_deref()) {
            continue;
        }
        let index = builder.add_item(item.path.clone());
        match file_title {
            Some(title) => builder.start_chapter(Some(title)),
            // Without a usable table of contents, each page with prose is a chapter; with
            // one, a page it does not list continues the chapter before it (a split file).
            None if toc.is_empty() && walk.prose_words() >= 20 => builder.start_chapter(walk.first_heading()),
            None => {}
        }
        html::assemble(&walk.blocks, &mut builder, index, &decoded, &Chapters::Anchors(&anchors));
        // Stop at the first page past a limit: the work is refused, and the pages after it
        // need not be read.
        if builder.text_len() as u64 > limits.max_text_bytes {
            return Err(IngestError::TextTooLarge { size: builder.text_len() as u64, limit: limits.max_text_bytes });
        }
        if builder.is_full() {
            return Err(IngestError::TooManySentences { limit: limits.sentences() });
        }
    }
    if documents > 0 && missing == documents {
        return Err(IngestError::SpineItemsMissing(documents));
    }

    let meta = builder.meta_mut();
    meta.source_bytes = bytes.len();
    meta.title = package.title.clone().or(work_title).or(first_title);
    meta.declared = match ao3_declared {
        Some(declared) => Some(declared),
        None => Some(package.declared.clone()).filter(|d| !d.is_empty()),
    };
    if front_matter.is_empty() {
        front_matter.extend(package.description.clone());
    }
    meta.front_matter = front_matter;
    meta.notes = notes;
    meta.errors = meta_errors;
    let doc = builder.finish();
    if doc.paragraphs.iter().all(|p| p.heading) {
        return Err(IngestError::NoText("no spine item holds story text"));
    }
    Ok(doc)
}

/// Pages that are not story: a cover, title page, copyright page or contents list.
fn is_front_page(path: &str, toc_title: Option<&str>) -> bool {
    const NAMES: &[&str] = &[
        "cover",
        "title",
        "titlepage",
        "title page",
        "copyright",
        "copyright page",
        "contents",
        "table of contents",
        "toc",
        "colophon",
        "imprint",
    ];
    let stem = path.rsplit('/').next().unwrap_or(path).split('.').next().unwrap_or("").to_lowercase();
    let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
    NAMES.contains(&stem) || toc_title.is_some_and(|t| NAMES.contains(&collapse(t).to_lowercase().as_str()))
}

/// The ZIP archive with its limits.
struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    total: u64,
    /// Lower-cased entry name -> entry name, for hrefs whose case differs from the archive's.
    folded: HashMap<String, String>,
}

impl<'a> Archive<'a> {
    fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, IngestError> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| IngestError::CorruptArchive(describe(&e)))?;
        if zip.len() > limits.max_entries {
            return Err(IngestError::TooManyEntries { count: zip.len(), limit: limits.max_entries });
        }
        let mut folded = HashMap::new();
        for i in 0..zip.len() {
            let Some(name) = zip.name_for_index(i) else { continue };
            if is_unsafe_name(name) {
                return Err(IngestError::UnsafeEntryName(name.to_string()));
            }
            folded.entry(name.to_lowercase()).or_insert_with(|| name.to_string());
        }
        Ok(Self { zip, limits, total: 0, folded })
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.zip.len()).filter_map(|i| self.zip.name_for_index(i))
    }

    /// Reads an entry, enforcing the size limits; `None` when there is no such entry.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, IngestError> {
        let name = match self.zip.index_for_name(name) {
            Some(_) => name.to_string(),
            None => match self.folded.get(&name.to_lowercase()) {
                Some(real) => real.clone(),
                None => return Ok(None),
            },
        };
        let limit = self.limits.max_entry_bytes;
        let mut file = match self.zip.by_name(&name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(IngestError::CorruptArchive(format!("entry '{name}': {}", describe(&e)))),
        };
        if file.size() > limit {
            return Err(IngestError::EntryTooLarge { name, limit });
        }
        let mut buf = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
        if let Err(e) = (&mut file).take(limit.saturating_add(1)).read_to_end(&mut buf) {
            return Err(IngestError::CorruptArchive(format!("entry '{name}' could not be decompressed ({e})")));
        }
        if buf.len() as u64 > limit {
            return Err(IngestError::EntryTooLarge { name, limit });
        }
        self.total = self.total.saturating_add(buf.len() as u64);
        if self.total > self.limits.max_total_bytes {
            return Err(IngestError::TotalTooLarge { limit: self.limits.max_total_bytes });
        }
        Ok(Some(buf))
    }

    /// The OPF path from `META-INF/container.xml` (or, when that is missing, the one `.opf`
    /// entry, with a line in `errors`).
    fn package_path(&mut self, errors: &mut Vec<String>) -> Result<String, IngestError> {
        match self.read("META-INF/container.xml")? {
            Some(container) => {
                let text = decode(&container).text;
                rootfile(&text)
                    .ok_or_else(|| IngestError::NoPackage("META-INF/container.xml names no rootfile".to_string()))
            }
            None => {
                let opf = self.names().find(|n| n.to_lowercase().ends_with(".opf")).map(str::to_string);
                match opf {
                    Some(path) => {
                        errors.push(format!("META-INF/container.xml is missing; read the package document {path}"));
                        Ok(path)
                    }
                    None => Err(IngestError::NoPackage("META-INF/container.xml is missing".to_string())),
                }
            }
        }
    }
}

fn describe(e: &ZipError) -> String {
    match e {
        ZipError::Io(e) => e.to_string(),
        ZipError::InvalidArchive(reason) => reason.to_string(),
        ZipError::UnsupportedArchive(reason) => format!("unsupported: {reason}"),
        ZipError::FileNotFound => "entry not found".to_string(),
        other => other.to_string(),
    }
}

/// Whether an entry name is absolute or climbs out with `..`.
fn is_unsafe_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    name.starts_with('/') || name.starts_with('\\') || drive || name.split(['/', '\\']).any(|c| c == "..")
}

/// Where a problem in an XHTML file makes it not well-formed XML, if it has one.
fn xml_problem(bytes: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(bytes);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                use quick_xml::errors::{Error, IllFormedError};
                let reason = match &e {
                    Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                        format!("mismatched end tag </{found}> where </{expected}> was open")
                    }
                    Error::IllFormed(IllFormedError::UnmatchedEndTag(tag)) => {
                        format!("end tag </{tag}> was never opened")
                    }
                    other => other.to_string(),
                };
                return Some(format!("{reason}, at byte {}", reader.error_position()));
            }
        }
    }
    (depth > 0).then(|| format!("{depth} element(s) still open at the end of the file"))
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

fn attr_value(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.local_name().as_ref()) == key).map(|a| match a.unescape_value() {
        Ok(v) => v.into_owned(),
        Err(_) => html_escape::decode_html_entities(&String::from_utf8_lossy(&a.value)).into_owned(),
    })
}

fn text_value(t: &BytesText<'_>) -> String {
    match t.unescape() {
        Ok(v) => v.into_owned(),
        Err(_) => html_escape::decode_html_entities(&String::from_utf8_lossy(t)).into_owned(),
    }
}

/// The first rootfile's `full-path` in container.xml.
fn rootfile(container: &str) -> Option<String> {
    let mut reader = Reader::from_str(container);
    let mut fallback = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if local(e.local_name().as_ref()) == "rootfile" => {
                let Some(path) = attr_value(&e, "full-path") else { continue };
                let path = percent_decode(path.trim_start_matches('/'));
                match attr_value(&e, "media-type") {
                    Some(m) if m == "application/oebps-package+xml" => return Some(path),
                    _ => fallback = fallback.or(Some(path)),
                }
            }
            Ok(Event::Eof) | Err(_) => return fallback,
            Ok(_) => {}
        }
    }
}

#[derive(Debug, Clone)]
struct ManifestItem {
    path: String,
    media_type: String,
    properties: String,
}

impl ManifestItem {
    fn is_document(&self) -> bool {
        let lower = self.path.to_lowercase();
        self.media_type.contains("html")
            || lower.ends_with(".xhtml")
            || lower.ends_with(".html")
            || lower.ends_with(".htm")
    }
}

#[derive(Debug, Default)]
struct Package {
    title: Option<String>,
    description: Option<String>,
    declared: Declared,
    manifest: HashMap<String, ManifestItem>,
    spine: Option<Vec<String>>,
    toc_id: Option<String>,
}

/// Reads the OPF. A well-formedness error stops the read: what came before it is kept (with
/// a line in `errors`) if the spine was reached, otherwise the package is unusable.
fn parse_package(opf_path: &str, opf: &str, errors: &mut Vec<String>) -> Result<Package, IngestError> {
    let base = folder(opf_path);
    let mut package = Package::default();
    let mut reader = Reader::from_str(opf);
    let mut capture: Option<String> = None;
    let mut text = String::new();
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let problem = format!("'{opf_path}' is not well-formed XML ({e}, at byte {})", reader.error_position());
                if package.spine.is_none() {
                    return Err(IngestError::NoPackage(problem));
                }
                errors.push(format!("{problem}; read what came before"));
                break;
            }
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e.local_name().as_ref());
                match name.as_str() {
                    "title" | "subject" | "description" => {
                        capture = Some(name);
                        text.clear();
                    }
                    "meta" => package_meta(&e, &mut package.declared),
                    "item" => {
                        let (Some(id), Some(href)) = (attr_value(&e, "id"), attr_value(&e, "href")) else { continue };
                        let Some((path, _)) = resolve(&base, &href) else { continue };
                        let media_type = attr_value(&e, "media-type").unwrap_or_default();
                        let properties = attr_value(&e, "properties").unwrap_or_default();
                        package.manifest.insert(id, ManifestItem { path, media_type, properties });
                    }
                    "spine" => {
                        package.spine.get_or_insert_with(Vec::new);
                        package.toc_id = attr_value(&e, "toc");
                    }
                    "itemref" => {
                        if let (Some(spine), Some(idref)) = (package.spine.as_mut(), attr_value(&e, "idref")) {
                            spine.push(idref);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if capture.is_some() => text.push_str(&text_value(&t)),
            Event::CData(t) if capture.is_some() => text.push_str(&String::from_utf8_lossy(&t)),
            Event::End(e) if capture.as_deref() == Some(local(e.local_name().as_ref()).as_str()) => {
                let value = collapse(&text);
                match capture.take().as_deref() {
                    Some("title") if package.title.is_none() && !value.is_empty() => package.title = Some(value),
                    Some("subject") => tags::add_subject(&mut package.declared, &value, Field::AdditionalTags),
                    Some("description") if !value.is_empty() => {
                        package.description = Some(collapse(&strip_tags(&text)));
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(package)
}

/// Tags from calibre's custom columns (`calibre:user_metadata:#name`, JSON with `#value#`).
fn package_meta(e: &BytesStart<'_>, declared: &mut Declared) {
    let Some(name) = attr_value(e, "name") else { return };
    let Some(column) = name.strip_prefix("calibre:user_metadata:") else { return };
    let Some(content) = attr_value(e, "content") else { return };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&content) else { return };
    let datatype = json.get("datatype").and_then(|d| d.as_str()).unwrap_or("text");
    if !matches!(datatype, "text" | "enumeration" | "composite") {
        return;
    }
    let label = json.get("name").and_then(|n| n.as_str()).unwrap_or(column).to_string() + " " + column;
    let field = tags::field_for_column(&label);
    let values: Vec<String> = match json.get("#value#") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(list)) => list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    for value in values {
        tags::add_subject(declared, &value, field);
    }
}

/// A crude tag stripper for `dc:description`, which calibre fills with escaped HTML.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    html_escape::decode_html_entities(&out).into_owned()
}

/// A table-of-contents entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TocEntry {
    path: String,
    fragment: Option<String>,
    title: String,
}

/// Table-of-contents entries from the EPUB 3 nav document, or else the EPUB 2 NCX.
fn read_toc(epub: &mut Archive<'_>, package: &Package, errors: &mut Vec<String>) -> Result<Vec<TocEntry>, IngestError> {
    let nav = package.manifest.values().find(|m| m.properties.split_whitespace().any(|p| p == "nav"));
    if let Some(nav) = nav {
        if let Some(bytes) = epub.read(&nav.path)? {
            let entries = nav_entries(&nav.path, &decode(&bytes).text);
            if !entries.is_empty() {
                return Ok(entries);
            }
        }
    }
    let ncx = package
        .toc_id
        .as_ref()
        .and_then(|id| package.manifest.get(id))
        .or_else(|| package.manifest.values().find(|m| m.media_type == "application/x-dtbncx+xml"));
    if let Some(ncx) = ncx {
        match epub.read(&ncx.path)? {
            Some(bytes) => return Ok(ncx_entries(&ncx.path, &decode(&bytes).text)),
            None => errors.push(format!("table of contents '{}' is missing from the archive", ncx.path)),
        }
    }
    Ok(Vec::new())
}

/// Links in the nav document's `<nav epub:type="toc">` (or its first `<nav>`).
fn nav_entries(nav_path: &str, html: &str) -> Vec<TocEntry> {
    use html5gum::{Token, Tokenizer};
    let base = folder(nav_path);
    let mut toc = Vec::new();
    let mut other = Vec::new();
    let mut depth = 0usize;
    let mut is_toc = false;
    let mut link: Option<(String, String)> = None;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) if &tag.name[..] == b"nav" => {
                if depth == 0 {
                    let kind = |key: &[u8]| tag.attributes.get(key).map(|v| String::from_utf8_lossy(v).into_owned());
                    let kinds = kind(b"epub:type").unwrap_or_default() + " " + &kind(b"role").unwrap_or_default();
                    is_toc = kinds.split_whitespace().any(|k| k == "toc" || k == "doc-toc");
                }
                depth += 1;
            }
            Token::EndTag(tag) if &tag.name[..] == b"nav" => {
                depth = depth.saturating_sub(1);
                if depth == 0 && is_toc && !toc.is_empty() {
                    break;
                }
            }
            Token::StartTag(tag) if depth > 0 && &tag.name[..] == b"a" => {
                let href = tag.attributes.get(&b"href"[..]).map(|v| String::from_utf8_lossy(v).into_owned());
                link = href.map(|h| (h, String::new()));
            }
            Token::String(s) => {
                if let Some((_, text)) = link.as_mut() {
                    text.push_str(&String::from_utf8_lossy(&s.value));
                }
            }
            Token::EndTag(tag) if &tag.name[..] == b"a" => {
                if let Some((href, text)) = link.take() {
                    if let Some((path, fragment)) = resolve(&base, &href) {
                        let entry = TocEntry { path, fragment, title: collapse(&text) };
                        if is_toc {
                            toc.push(entry)
                        } else {
                            other.push(entry)
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if toc.is_empty() {
        other
    } else {
        toc
    }
}

/// navPoints of an NCX, in document order (nested ones flattened).
fn ncx_entries(ncx_path: &str, ncx: &str) -> Vec<TocEntry> {
    let base = folder(ncx_path);
    let mut out = Vec::new();
    let mut reader = Reader::from_str(ncx);
    let mut in_label = false;
    let mut in_text = false;
    let mut label = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match local(e.local_name().as_ref()).as_str() {
                "navlabel" => {
                    in_label = true;
                    label.clear();
                }
                "text" if in_label => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(e)) if local(e.local_name().as_ref()) == "content" => {
                if let Some((path, fragment)) = attr_value(&e, "src").and_then(|src| resolve(&base, &src)) {
                    out.push(TocEntry { path, fragment, title: collapse(&label) });
                }
            }
            Ok(Event::Text(t)) if in_text => label.push_str(&text_value(&t)),
            Ok(Event::End(e)) => match local(e.local_name().as_ref()).as_str() {
                "navlabel" => in_label = false,
                "text" => in_text = false,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The folder of an entry path, with a trailing '/' (empty at the root).
fn folder(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path[..=i].to_string(),
        None => String::new(),
    }
}

/// Resolves an href against a folder: (entry path, fragment). `None` for external links and
/// paths that climb out of the archive.
fn resolve(base: &str, href: &str) -> Option<(String, Option<String>)> {
    let href = href.trim();
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f)).filter(|f| !f.is_empty())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.contains(':') && path.split(':').next().is_some_and(|s| s.chars().all(|c| c.is_ascii_alphabetic())) {
        return None;
    }
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{base}{path}") };
    let mut parts: Vec<String> = Vec::new();
    for part in percent_decode(&joined).split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part.to_string()),
        }
    }
    Some((parts.join("/"), fragment))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_within_the_archive() {
        assert_eq!(
            resolve("OEBPS/", "Text/ch%201.xhtml#p3"),
            Some(("OEBPS/Text/ch 1.xhtml".into(), Some("p3".into())))
        );
        assert_eq!(resolve("OEBPS/nav/", "../Text/a.xhtml"), Some(("OEBPS/Text/a.xhtml".into(), None)));
        assert_eq!(resolve("", "../../etc/passwd"), None);
        assert_eq!(resolve("OEBPS/", "https://example.org/x.html"), None);
    }

    #[test]
    fn unsafe_names() {
        assert!(is_unsafe_name("../../etc/passwd"));
        assert!(is_unsafe_name("/etc/passwd"));
        assert!(is_unsafe_name("C:\\x"));
        assert!(is_unsafe_name("OEBPS\\..\\x"));
        assert!(!is_unsafe_name("OEBPS/..chapter.xhtml"));
    }

    #[test]
    fn well_formedness() {
        assert_eq!(xml_problem(b"<html><body><p>x</p></body></html>"), None);
        let problem = xml_problem(b"<html><body><p>x</div></body></html>").unwrap_or_default();
        assert!(problem.starts_with("mismatched end tag </div> where </p> was open, at byte"), "{problem}");
        assert!(xml_problem(b"<html><body><p>x").is_some());
    }

    #[test]
    fn front_pages() {
        assert!(is_front_page("OEBPS/cover.xhtml", None));
        assert!(is_front_page("OEBPS/x.xhtml", Some("Table of Contents")));
        assert!(is_front_page("titlepage.xhtml", None));
        assert!(!is_front_page("OEBPS/chapter_1.xhtml", Some("Chapter 1")));
    }
}
