//! HTML: generic pages, Project Gutenberg HTML, AO3 downloads, and (through
//! [`crate::epub`]) the XHTML chapters of an EPUB.
//!
//! Reading happens in two steps. [`walk`] tokenizes the page with html5gum and keeps its own
//! stack of open elements (a `Vec`, capped at [`MAX_DEPTH`], tolerant of mis-nesting) to
//! decide what is visible story text; it returns flat [`Block`]s (paragraphs, headings, scene
//! breaks, anchors) plus what it learned on the way (title, AO3 tags, notes). [`assemble`]
//! then decides which headings start chapters and feeds the blocks to a [`DocumentBuilder`].
//!
//! Text keeps its source: html5gum gives each text token's byte span, and this module decodes
//! character references itself, so literal runs map exactly and each `&...;` maps as one
//! inexact piece.

use std::collections::{HashMap, HashSet};

use forewarn_core::segment::plain::{chapter_number, heading_word, is_scene_break, HeadingWord};
use forewarn_core::{Declared, Document, DocumentBuilder, SourceFormat, SourceRef};
use html5gum::{DefaultEmitter, State, Token, Tokenizer};

use crate::decode::{decode_text, Decoded};
use crate::tags::{self, Field};
use crate::IngestError;

/// Open elements deeper than this are not tracked (their text still reads).
pub(crate) const MAX_DEPTH: usize = 512;

/// Blocks of any kind (paragraphs, scene breaks, anchors) per paragraph allowed: a page of
/// nothing but `<hr>` or repeated anchors is not a book, and each block costs ~60 bytes, so
/// without a cap of its own a 256 MiB page of `<hr>` would hold ~4 GB of blocks.
const BLOCKS_PER_PARAGRAPH: usize = 2;

/// Where [`walk`] stops reading: past either limit the work is refused, so the rest of the
/// page need not be turned into blocks (which cost many times the bytes they hold).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Most bytes of paragraph text ([`crate::Limits::max_text_bytes`]).
    pub text_bytes: u64,
    /// Most paragraphs ([`crate::Limits::sentences`]).
    pub paragraphs: usize,
    /// Most pieces of text between tags ([`crate::Limits::max_source_pieces`]).
    pub pieces: usize,
}

impl Budget {
    pub(crate) fn of(limits: &crate::Limits) -> Self {
        Self { text_bytes: limits.max_text_bytes, paragraphs: limits.sentences(), pieces: limits.max_source_pieces }
    }
}

/// Elements whose content is never visible story text.
const HIDDEN: &[&str] = &[
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "select",
    "textarea",
    "button",
    "nav",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "audio",
    "video",
    "canvas",
    "map",
];

/// Elements that end a paragraph where they start and where they end.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "li",
    "dd",
    "dt",
    "dl",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "header",
    "footer",
    "aside",
    "ul",
    "ol",
    "main",
    "center",
    "address",
    "hgroup",
    "details",
    "summary",
    "fieldset",
    "form",
    "body",
    "html",
    "legend",
];

/// Elements that never have content.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Reads an HTML work.
pub(crate) fn read(name: &str, bytes: &[u8], limits: &crate::Limits) -> Result<Document, IngestError> {
    let decoded = decode_text(bytes)?;
    let walk = walk(&decoded.text, &HashSet::new(), false, Budget::of(limits));
    if let Some(err) = walk.over {
        return Err(err);
    }
    let mut builder = DocumentBuilder::new(SourceFormat::Html, vec![name.to_string()]);
    assemble(&walk.blocks, &mut builder, 0, &decoded, &Chapters::Headings);
    let meta = builder.meta_mut();
    meta.source_bytes = bytes.len();
    meta.title = walk.work_title.or_else(|| walk.title.map(|t| strip_gutenberg_title(&t)));
    meta.declared = walk.declared;
    meta.front_matter = walk.front_matter;
    meta.notes = decoded.notes;
    let doc = builder.finish();
    if doc.paragraphs.iter().all(|p| p.heading) {
        return Err(IngestError::NoText("the HTML has no visible story text"));
    }
    Ok(doc)
}

/// "The Project Gutenberg eBook of Treasure Island, by Robert Louis Stevenson" -> "Treasure
/// Island"; other titles unchanged.
fn strip_gutenberg_title(title: &str) -> String {
    let lower = title.to_lowercase();
    for prefix in ["the project gutenberg ebook of ", "the project gutenberg e-book of ", "project gutenberg's "] {
        if lower.starts_with(prefix) {
            let rest = title.get(prefix.len()..).unwrap_or(title);
            let rest = rest.rsplit_once(", by ").map_or(rest, |(t, _)| t);
            return rest.trim().to_string();
        }
    }
    title.to_string()
}

/// A unit of visible content, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A paragraph or heading.
    Para(Para),
    /// An explicit scene break (`<hr>`, or a paragraph reading "* * *").
    SceneBreak,
    /// An element whose id was asked for (an EPUB table-of-contents target) starts here.
    Anchor(String),
}

/// A paragraph's text and where each piece of it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Para {
    /// The text, white space collapsed (except in `<pre>`).
    pub text: String,
    /// Pieces covering `text` in order.
    pub segs: Vec<Seg>,
    /// Heading level, for `<h1>`..`<h6>`.
    pub heading: Option<u8>,
    /// Whether this is an AO3 chapter heading (`div.meta h2.heading`).
    pub ao3_chapter: bool,
}

/// A piece of paragraph text: `len` bytes of it, from `src` (a byte range of the decoded
/// HTML, and whether the two are identical), or synthetic (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seg {
    pub len: usize,
    pub src: Option<(usize, usize, bool)>,
}

/// What [`walk`] found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub blocks: Vec<Block>,
    /// The `<title>` text.
    pub title: Option<String>,
    /// The AO3 work title (`#preface h2.title`).
    pub work_title: Option<String>,
    /// Tags from an AO3 `dl.tags`.
    pub declared: Option<Declared>,
    /// Summaries and notes.
    pub front_matter: Vec<String>,
    /// Whether the page has AO3's `#preface`, `#chapters` or `#afterword`.
    pub ao3: bool,
    /// Why the walk stopped early: the page is over its [`Budget`], and the blocks so far
    /// are only a prefix.
    pub over: Option<IngestError>,
}

impl Walk {
    /// Number of words in its prose.
    pub fn prose_words(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) if p.heading.is_none() => p.text.split_whitespace().count(),
                _ => 0,
            })
            .sum()
    }

    /// The text of its first heading.
    pub fn first_heading(&self) -> Option<String> {
        self.blocks.iter().find_map(|b| match b {
            Block::Para(p) if p.heading.is_some() => Some(collapse(&p.text)),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    /// Story text (the default).
    Story,
    /// AO3 `#preface`: title, tags, summary, notes.
    Preface,
    /// AO3 `div.meta` inside the chapters: chapter heading and notes.
    Meta,
    /// AO3 `#afterword`: end notes.
    Afterword,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    None,
    DocTitle,
    WorkTitle,
    TagLabel,
    TagValue,
    FrontMatter,
    Label,
}

/// Context inherited by everything inside an element.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    hidden: bool,
    region: Region,
    capture: Capture,
    pre: bool,
    link: bool,
    heading: Option<u8>,
    ao3_chapter: bool,
}

const ROOT: Ctx = Ctx {
    hidden: false,
    region: Region::Story,
    capture: Capture::None,
    pre: false,
    link: false,
    heading: None,
    ao3_chapter: false,
};

/// What closing an element means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Dt,
    Dd,
    Link,
    FrontMatter,
    Label,
    DocTitle,
    WorkTitle,
    TagsDl,
}

#[derive(Debug)]
struct Open {
    name: String,
    kind: Kind,
    ctx: Ctx,
}

struct Walker<'a> {
    html: &'a str,
    wanted: &'a HashSet<String>,
    ao3_hint: bool,
    stack: Vec<Open>,
    /// How many elements of each name are open, so a stray end tag costs no stack scan.
    open_counts: HashMap<String, usize>,
    /// Start tags not pushed because the stack was full; their end tags are dropped too.
    overflow: usize,
    budget: Budget,
    /// Bytes of paragraph text in `out.blocks`.
    text_bytes: u64,
    /// Paragraphs in `out.blocks`.
    paragraphs: usize,
    /// Pieces of text (each becomes a source-map segment), in `out.blocks` and the open paragraph.
    pieces: usize,
    in_body: bool,
    out: Walk,
    para: Para,
    last_space: bool,
    pending_br: bool,
    title: String,
    work_title: String,
    dt: String,
    dd: String,
    dd_links: Vec<String>,
    link: String,
    field: Option<Field>,
    declared: Declared,
    declared_seen: bool,
    front: String,
    label: String,
}

/// Tokenizes `html` and collects its visible blocks. `wanted` are element ids to report as
/// [`Block::Anchor`]s; `ao3_hint` says an earlier file of the same work was an AO3 page.
pub(crate) fn walk(html: &str, wanted: &HashSet<String>, ao3_hint: bool, budget: Budget) -> Walk {
    let mut w = Walker {
        html,
        wanted,
        ao3_hint,
        stack: Vec::new(),
        open_counts: HashMap::new(),
        overflow: 0,
        budget,
        text_bytes: 0,
        paragraphs: 0,
        pieces: 0,
        in_body: false,
        out: Walk::default(),
        para: Para::default(),
        last_space: false,
        pending_br: false,
        title: String::new(),
        work_title: String::new(),
        dt: String::new(),
        dd: String::new(),
        dd_links: Vec::new(),
        link: String::new(),
        field: None,
        declared: Declared::default(),
        declared_seen: false,
        front: String::new(),
        label: String::new(),
    };
    let mut tokenizer = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    while let Some(Ok(token)) = tokenizer.next() {
        if let Some(over) = w.over_budget() {
            w.out.over = Some(over);
            return w.out;
        }
        match token {
            Token::StartTag(tag) => {
                // Raw-text elements need the tokenizer told, as a tree builder would; an
                // XHTML `<script/>` has no content, so it must not switch.
                if !tag.self_closing {
                    let state = match &tag.name[..] {
                        b"script" => Some(State::ScriptData),
                        b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" => Some(State::RawText),
                        b"title" | b"textarea" => Some(State::RcData),
                        b"plaintext" => Some(State::PlainText),
                        _ => None,
                    };
                    if let Some(state) = state {
                        tokenizer.set_state(state);
                    }
                }
                w.start(&tag);
            }
            Token::EndTag(tag) => w.end(&String::from_utf8_lossy(&tag.name)),
            Token::String(s) => w.text(s.span.start, s.span.end, &String::from_utf8_lossy(&s.value)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    while let Some(open) = w.stack.pop() {
        w.close(&open);
    }
    w.end_para();
    w.out.title = nonempty(&w.title);
    w.out.work_title = nonempty(&w.work_title);
    w.out.declared = w.declared_seen.then_some(w.declared);
    w.out
}

impl Walker<'_> {
    /// The limit the blocks so far (and the open paragraph) are past, if any.
    fn over_budget(&self) -> Option<IngestError> {
        let text = self.text_bytes.saturating_add(self.para.text.len() as u64);
        if text > self.budget.text_bytes {
            return Some(IngestError::TextTooLarge { size: text, limit: self.budget.text_bytes });
        }
        if self.pieces > self.budget.pieces {
            return Some(IngestError::TooFragmented { limit: self.budget.pieces });
        }
        let blocks = self.budget.paragraphs.saturating_mul(BLOCKS_PER_PARAGRAPH);
        if self.paragraphs > self.budget.paragraphs || self.out.blocks.len() > blocks {
            return Some(IngestError::TooManySentences { limit: self.budget.paragraphs });
        }
        None
    }

    fn ctx(&self) -> Ctx {
        self.stack.last().map_or(ROOT, |o| o.ctx)
    }

    fn top_kind(&self) -> Option<Kind> {
        self.stack.last().map(|o| o.kind)
    }

    fn start(&mut self, tag: &html5gum::StartTag<usize>) {
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let attr =
            |key: &str| tag.attributes.get(key.as_bytes()).map(|v| String::from_utf8_lossy(&v.value).into_owned());
        let id = attr("id").unwrap_or_default();
        let classes = attr("class").unwrap_or_default().to_ascii_lowercase();
        let has_class = |c: &str| classes.split_ascii_whitespace().any(|x| x == c);

        if !id.is_empty() && self.wanted.contains(&id) {
            self.end_para();
            self.out.blocks.push(Block::Anchor(id.clone()));
        }
        self.implied_ends(&name);

        let parent = self.ctx();
        let visible_story = !parent.hidden && parent.capture == Capture::None && parent.region == Region::Story;
        match name.as_str() {
            "br" => return self.br(parent),
            "hr" => {
                if visible_story {
                    self.end_para();
                    self.out.blocks.push(Block::SceneBreak);
                }
                return;
            }
            "td" | "th" => self.space(parent),
            _ => {}
        }
        if is_block(&name) {
            self.boundary();
        }
        if VOID.contains(&name.as_str()) || tag.self_closing {
            return;
        }

        let mut ctx = parent;
        let mut kind = Kind::Plain;
        let style = attr("style").unwrap_or_default().to_ascii_lowercase().replace(' ', "");
        let epub_type = attr("epub:type").unwrap_or_default() + " " + &attr("role").unwrap_or_default();
        let gutenberg_boilerplate = has_class("pg-boilerplate")
            || matches!(
                id.as_str(),
                "pg-header" | "pg-footer" | "pg-machine-header" | "pg-start-separator" | "pg-end-separator"
            );
        if HIDDEN.contains(&name.as_str())
            || tag.attributes.contains_key(&b"hidden"[..])
            || style.contains("display:none")
            || epub_type.contains("pagebreak")
            || has_class("pagenum")
            || has_class("pageno")
            || gutenberg_boilerplate
        {
            ctx.hidden = true;
        }
        if name == "body" {
            self.in_body = true;
        }
        if name == "title" && !self.in_body && self.title.is_empty() {
            ctx.capture = Capture::DocTitle;
            kind = Kind::DocTitle;
        }

        // AO3 download structure.
        if name == "div" {
            let region = match id.as_str() {
                "preface" => Some(Region::Preface),
                "chapters" => Some(Region::Story),
                "afterword" => Some(Region::Afterword),
                _ => None,
            };
            if let Some(region) = region {
                self.out.ao3 = true;
                ctx.region = region;
            }
        }
        let ao3 = self.out.ao3 || self.ao3_hint;
        if ao3 && ctx.region == Region::Story && ctx.capture == Capture::None && has_class("meta") {
            ctx.region = Region::Meta;
        }
        if ao3 && (has_class("endnote-link") || (has_class("message") && ctx.region != Region::Story)) {
            ctx.hidden = true;
        }
        let level = heading_level(&name);
        if !ctx.hidden && ctx.capture == Capture::None {
            match ctx.region {
                Region::Story => {
                    if let Some(level) = level {
                        ctx.heading = Some(level);
                    }
                }
                Region::Meta if level.is_some() => {
                    // The chapter heading is story structure; everything else in the meta
                    // block is notes.
                    ctx.region = Region::Story;
                    ctx.heading = level;
                    ctx.ao3_chapter = true;
                }
                Region::Preface if level == Some(1) || (level.is_some() && has_class("title")) => {
                    ctx.capture = Capture::WorkTitle;
                    kind = Kind::WorkTitle;
                }
                Region::Preface | Region::Meta | Region::Afterword => match name.as_str() {
                    "blockquote" => {
                        ctx.capture = Capture::FrontMatter;
                        kind = Kind::FrontMatter;
                        self.front.clear();
                    }
                    "p" => {
                        ctx.capture = Capture::Label;
                        kind = Kind::Label;
                        self.label.clear();
                    }
                    "dl" if has_class("tags") => kind = Kind::TagsDl,
                    "dt" if self.top_kind() == Some(Kind::TagsDl) => {
                        ctx.capture = Capture::TagLabel;
                        kind = Kind::Dt;
                        self.dt.clear();
                    }
                    "dd" if self.top_kind() == Some(Kind::TagsDl) => {
                        ctx.capture = Capture::TagValue;
                        kind = Kind::Dd;
                        self.dd.clear();
                        self.dd_links.clear();
                    }
                    _ => {}
                },
            }
        } else if ctx.capture == Capture::TagValue && name == "a" {
            ctx.link = true;
            kind = Kind::Link;
            self.link.clear();
        }
        if name == "pre" {
            ctx.pre = true;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        *self.open_counts.entry(name.clone()).or_insert(0) += 1;
        self.stack.push(Open { name, kind, ctx });
    }

    /// Closes elements that HTML closes implicitly when `name` starts.
    fn implied_ends(&mut self, name: &str) {
        let stop_at: &[&str] = match name {
            "li" => &["ul", "ol"],
            "dt" | "dd" => &["dl"],
            "tr" => &["table", "tbody", "thead", "tfoot"],
            "td" | "th" => &["tr", "table"],
            _ if is_block(name) => &[],
            _ => return,
        };
        let closes: &[&str] = match name {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "tr" => &["tr"],
            "td" | "th" => &["td", "th"],
            _ => &["p"],
        };
        // Only look a few elements down: an open <p> around inline markup, not one far above.
        let mut found = None;
        for (i, open) in self.stack.iter().enumerate().rev().take(8) {
            if closes.contains(&open.name.as_str()) {
                found = Some(i);
                break;
            }
            if stop_at.contains(&open.name.as_str()) || (is_block(&open.name) && open.name != "p") {
                break;
            }
        }
        if let Some(i) = found {
            self.pop_to(i);
        }
    }

    fn end(&mut self, name: &str) {
        let name = name.to_ascii_lowercase();
        if name == "br" {
            let ctx = self.ctx();
            return self.br(ctx);
        }
        if self.overflow > 0 {
            self.overflow -= 1;
            if is_block(&name) {
                self.boundary();
            }
            return;
        }
        let is_open = self.open_counts.get(&name).is_some_and(|&n| n > 0);
        let index = if is_open { self.stack.iter().rposition(|o| o.name == name) } else { None };
        match index {
            Some(i) => self.pop_to(i),
            // A stray end tag: ignore it, but a stray </p> still ends a paragraph.
            None if is_block(&name) => self.boundary(),
            None => {}
        }
    }

    /// Pops the stack down to and including index `i`.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            if let Some(open) = self.stack.pop() {
                if let Some(n) = self.open_counts.get_mut(&open.name) {
                    *n = n.saturating_sub(1);
                }
                self.close(&open);
            }
        }
    }

    fn close(&mut self, open: &Open) {
        if is_block(&open.name) {
            self.boundary();
        }
        match open.kind {
            Kind::Plain | Kind::TagsDl | Kind::Label | Kind::DocTitle | Kind::WorkTitle => {}
            Kind::Dt => self.field = tags::field_for_label(&self.dt),
            Kind::Link => {
                let link = collapse(&self.link);
                if !link.is_empty() {
                    self.dd_links.push(link);
                }
            }
            Kind::Dd => {
                let values: Vec<String> = if self.dd_links.is_empty() {
                    self.dd.split(',').map(collapse).filter(|v| !v.is_empty()).collect()
                } else {
                    std::mem::take(&mut self.dd_links)
                };
                if let Some(field) = self.field.take() {
                    tags::add(&mut self.declared, field, &values);
                    self.declared_seen = true;
                }
            }
            Kind::FrontMatter => {
                let text = self.front.trim();
                let label = collapse(&self.label);
                if !text.is_empty() {
                    let entry = if label.is_empty() || label.len() > 60 {
                        text.to_string()
                    } else {
                        format!("{label}: {text}")
                    };
                    self.out.front_matter.push(entry);
                }
                self.front.clear();
                self.label.clear();
            }
        }
    }

    /// A paragraph boundary: ends the story paragraph, separates note paragraphs.
    fn boundary(&mut self) {
        self.end_para();
        if !self.front.is_empty() && !self.front.ends_with("\n\n") {
            let trimmed = self.front.trim_end().len();
            self.front.truncate(trimmed);
            self.front.push_str("\n\n");
        }
    }

    fn br(&mut self, ctx: Ctx) {
        if ctx.hidden {
            return;
        }
        match ctx.capture {
            Capture::FrontMatter => self.front.push('\n'),
            Capture::None if ctx.region == Region::Story => {
                if ctx.heading.is_some() {
                    self.space(ctx);
                } else if self.pending_br {
                    self.end_para();
                } else if !self.para.text.is_empty() {
                    self.push_synthetic("\n");
                    self.last_space = true;
                    self.pending_br = true;
                }
            }
            _ => self.append_capture(ctx.capture, " ", ctx.link),
        }
    }

    /// A separator between table cells.
    fn space(&mut self, ctx: Ctx) {
        if !ctx.hidden
            && ctx.capture == Capture::None
            && ctx.region == Region::Story
            && !self.para.text.is_empty()
            && !self.last_space
        {
            self.push_synthetic(" ");
            self.last_space = true;
        }
    }

    fn text(&mut self, start: usize, end: usize, value: &str) {
        let ctx = self.ctx();
        if ctx.capture == Capture::DocTitle {
            self.title.push_str(value);
            return;
        }
        if ctx.hidden {
            return;
        }
        match ctx.capture {
            Capture::None if ctx.region == Region::Story => match self.html.get(start..end) {
                Some(raw) if start <= end => self.story_text(raw, start, ctx),
                _ => self.story_fallback(value, start, end, ctx),
            },
            Capture::None => {}
            capture => self.append_capture(capture, value, ctx.link),
        }
    }

    fn append_capture(&mut self, capture: Capture, value: &str, link: bool) {
        let buf = match capture {
            Capture::WorkTitle => &mut self.work_title,
            Capture::TagLabel => &mut self.dt,
            Capture::TagValue => &mut self.dd,
            Capture::FrontMatter => &mut self.front,
            Capture::Label => &mut self.label,
            Capture::DocTitle => &mut self.title,
            Capture::None => return,
        };
        push_collapsed(buf, value);
        if link {
            push_collapsed(&mut self.link, value);
        }
    }

    /// Story text with its source: literal runs exact, each character reference one inexact
    /// piece, white-space runs collapsed to one space (kept as they are in `<pre>`).
    fn story_text(&mut self, raw: &str, base: usize, ctx: Ctx) {
        let bytes = raw.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if is_html_space(b) {
                let run = bytes[i..].iter().take_while(|&&c| is_html_space(c)).count();
                let (s, e) = (base + i, base + i + run);
                if ctx.pre {
                    self.push_source(&raw[i..i + run], s, e, true, ctx);
                } else if !self.para.text.is_empty() && !self.last_space {
                    self.push_source(" ", s, e, run == 1 && b == b' ', ctx);
                    self.last_space = true;
                }
                i += run;
                continue;
            }
            if b == b'&' {
                if let Some((len, decoded)) = char_ref(&raw[i..]) {
                    self.push_source(&decoded, base + i, base + i + len, false, ctx);
                    self.last_space = false;
                    self.pending_br = false;
                    i += len;
                    continue;
                }
            }
            // A literal run up to the next space or '&' (after this byte). Both are ASCII,
            // so the run ends on a char boundary.
            let run = 1 + bytes[i + 1..].iter().take_while(|&&c| !is_html_space(c) && c != b'&').count();
            self.push_source(&raw[i..i + run], base + i, base + i + run, true, ctx);
            self.last_space = false;
            self.pending_br = false;
            i += run;
        }
    }

    /// Story text whose span html5gum got wrong (should not happen): the decoded value,
    /// mapped as one inexact piece.
    fn story_fallback(&mut self, value: &str, start: usize, end: usize, ctx: Ctx) {
        let text = collapse(value);
        if text.is_empty() {
            return;
        }
        if !self.para.text.is_empty() && !self.last_space {
            self.push_synthetic(" ");
        }
        let end = end.max(start).min(self.html.len());
        self.push_source(&text, start.min(end), end, false, ctx);
        self.last_space = false;
    }

    fn push_source(&mut self, text: &str, start: usize, end: usize, exact: bool, ctx: Ctx) {
        if self.para.text.is_empty() {
            self.para.heading = ctx.heading;
            self.para.ao3_chapter = ctx.ao3_chapter;
        }
        self.para.text.push_str(text);
        // Words and single spaces of one text node are contiguous exact pieces: keep them as
        // one, so a long paragraph costs one piece, not one per word.
        if let Some(Seg { len, src: Some((_, last_end, true)) }) = self.para.segs.last_mut() {
            if exact && *last_end == start {
                *len += text.len();
                *last_end = end;
                return;
            }
        }
        self.para.segs.push(Seg { len: text.len(), src: Some((start, end, exact)) });
        self.pieces += 1;
    }

    fn push_synthetic(&mut self, text: &str) {
        self.para.text.push_str(text);
        self.para.segs.push(Seg { len: text.len(), src: None });
        self.pieces += 1;
    }

    fn end_para(&mut self) {
        let para = std::mem::take(&mut self.para);
        self.last_space = false;
        self.pending_br = false;
        let trimmed = para.text.trim();
        if trimmed.is_empty() {
            return;
        }
        if para.heading.is_none() && is_scene_break(trimmed) {
            self.out.blocks.push(Block::SceneBreak);
        } else {
            self.text_bytes = self.text_bytes.saturating_add(para.text.len() as u64);
            self.paragraphs += 1;
            self.out.blocks.push(Block::Para(para));
        }
    }
}

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

fn push_collapsed(buf: &mut String, value: &str) {
    for (i, word) in value.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        if i > 0 && !buf.is_empty() && !buf.ends_with([' ', '\n']) {
            buf.push(' ');
        }
        buf.push_str(word);
    }
}

/// White space collapsed and trimmed.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn nonempty(s: &str) -> Option<String> {
    Some(collapse(s)).filter(|s| !s.is_empty())
}

/// Decodes the character reference at the start of `s` ("&amp;", "&#8212;", "&#x2014;"):
/// its length in `s` and its text. Legacy references without ';' are decoded only for the
/// few that real pages use.
fn char_ref(s: &str) -> Option<(usize, String)> {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
        let digits_start = if hex { 3 } else { 2 };
        let digits = bytes[digits_start.min(bytes.len())..]
            .iter()
            .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
            .count();
        if digits == 0 || digits > 8 {
            return None;
        }
        let text = s.get(digits_start..digits_start + digits)?;
        let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).ok()?;
        let semicolon = usize::from(bytes.get(digits_start + digits) == Some(&b';'));
        return Some((digits_start + digits + semicolon, numeric_char(value).to_string()));
    }
    let name_len = bytes[1.min(bytes.len())..].iter().take_while(|b| b.is_ascii_alphanumeric()).take(33).count();
    if name_len == 0 || name_len > 32 {
        return None;
    }
    let name = s.get(1..1 + name_len)?;
    if bytes.get(1 + name_len) == Some(&b';') {
        let reference = s.get(..name_len + 2)?;
        let decoded = html_escape::decode_html_entities(reference);
        return (decoded != reference).then(|| (reference.len(), decoded.into_owned()));
    }
    let legacy = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "nbsp" => "\u{A0}",
        _ => return None,
    };
    Some((name_len + 1, legacy.to_string()))
}

/// The character a numeric reference stands for, as browsers read it (C1 codes as
/// Windows-1252, invalid values as U+FFFD).
fn numeric_char(value: u32) -> char {
    if (0x80..=0x9F).contains(&value) {
        let byte = [value as u8];
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        return decoded.chars().next().unwrap_or('\u{FFFD}');
    }
    match char::from_u32(value) {
        Some('\0') | None => '\u{FFFD}',
        Some(c) => c,
    }
}

/// Where chapters come from when blocks are assembled.
pub(crate) enum Chapters<'a> {
    /// From headings: the level that repeats and reads like chapters (generic HTML).
    Headings,
    /// From anchors (EPUB table-of-contents targets, id -> title); headings are plain.
    Anchors(&'a HashMap<String, String>),
}

/// Feeds blocks to the builder as item `item`, whose decoded text is `decoded`.
pub(crate) fn assemble(
    blocks: &[Block],
    builder: &mut DocumentBuilder,
    item: u32,
    decoded: &Decoded,
    chapters: &Chapters<'_>,
) {
    let blocks = without_gutenberg_boilerplate(blocks);
    let starts = chapter_starts(blocks, chapters);
    // A "Contents" section (a list of links, not story) runs to the next heading.
    let mut in_contents = false;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Para(para) if para.heading.is_some() && !starts.contains(&i) && is_contents_heading(&para.text) => {
                in_contents = true;
            }
            Block::Para(para) if in_contents && para.heading.is_none() => {}
            Block::SceneBreak if in_contents => {}
            Block::Para(para) => {
                in_contents = false;
                if starts.contains(&i) {
                    builder.start_chapter(Some(chapter_title(blocks, i, para)));
                }
                push_para(builder, item, decoded, para);
                if para.heading.is_some() {
                    builder.mark_heading();
                }
                builder.end_paragraph();
            }
            Block::SceneBreak => builder.scene_break(),
            Block::Anchor(id) => {
                in_contents = false;
                if let Chapters::Anchors(titles) = chapters {
                    if let Some(title) = titles.get(id) {
                        builder.start_chapter(Some(title.clone()));
                    }
                }
            }
        }
    }
    builder.end_paragraph();
}

fn push_para(builder: &mut DocumentBuilder, item: u32, decoded: &Decoded, para: &Para) {
    let mut offset = 0;
    for seg in &para.segs {
        let text = para.text.get(offset..offset + seg.len).unwrap_or("");
        offset += seg.len;
        match seg.src {
            Some((start, end, exact)) => {
                let (span, exact_decode) = decoded.to_source(start, end);
                builder.push_text(text, SourceRef { item, span, exact: exact && exact_decode });
            }
            None => builder.push_synthetic(text),
        }
    }
}

/// A chapter heading's title, with a subtitle heading right below it ("CHAPTER I: The Inn").
fn chapter_title(blocks: &[Block], i: usize, para: &Para) -> String {
    let title = collapse(&para.text);
    let level = para.heading.unwrap_or(0);
    match blocks.get(i + 1) {
        Some(Block::Para(next)) if next.heading.is_some_and(|l| l > level) && !next.ao3_chapter => {
            let sub = collapse(&next.text);
            if sub.len() <= 80 {
                return format!("{title}: {sub}");
            }
            title
        }
        _ => title,
    }
}

fn is_contents_heading(text: &str) -> bool {
    let text = collapse(text).trim_end_matches(['.', ':']).to_lowercase();
    matches!(text.as_str(), "contents" | "table of contents" | "list of illustrations" | "illustrations")
}

/// Indices of the paragraphs that start chapters.
fn chapter_starts(blocks: &[Block], chapters: &Chapters<'_>) -> HashSet<usize> {
    let headings: Vec<(usize, &Para)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Para(p) if p.heading.is_some() => Some((i, p)),
            _ => None,
        })
        .collect();
    if headings.iter().any(|(_, p)| p.ao3_chapter) {
        return headings.iter().filter(|(_, p)| p.ao3_chapter).map(|(i, _)| *i).collect();
    }
    if matches!(chapters, Chapters::Anchors(_)) {
        return HashSet::new();
    }
    let mut count = [0usize; 5];
    let mut chapterish = [0usize; 5];
    for (_, p) in &headings {
        if let Some(level @ 1..=4) = p.heading {
            let level = usize::from(level);
            count[level] += 1;
            chapterish[level] += usize::from(looks_like_chapter(&p.text));
        }
    }
    let best_chapterish = (1..=4).filter(|&l| count[l] >= 2).max_by_key(|&l| (chapterish[l], std::cmp::Reverse(l)));
    let level = match best_chapterish {
        Some(l) if chapterish[l] >= 2 => l,
        _ => match (1..=4).find(|&l| count[l] >= 2) {
            Some(l) => l,
            None => return HashSet::new(),
        },
    };
    let only_chapterish = chapterish[level] >= 2;
    headings
        .iter()
        .filter(|(_, p)| p.heading.map(usize::from) == Some(level))
        .filter(|(_, p)| !only_chapterish || looks_like_chapter(&p.text))
        .map(|(i, _)| *i)
        .collect()
}

/// Whether a heading reads like a chapter heading ("CHAPTER IV.", "12", "Prologue"), by the
/// heading vocabulary plain text uses too ([`heading_word`], [`chapter_number`]). A "Part"
/// or "Book" heading is a division above chapters, not one.
fn looks_like_chapter(heading: &str) -> bool {
    let heading = heading.trim();
    if heading.len() > 120 {
        return false;
    }
    let Some(first) = heading.split_whitespace().next() else { return false };
    match heading_word(first) {
        Some(HeadingWord::Chapter | HeadingWord::Special) => true,
        Some(HeadingWord::Part) => false,
        None => chapter_number(first).is_some(),
    }
}

/// Drops a Project Gutenberg header and licence found as text ("*** START OF THE PROJECT
/// GUTENBERG EBOOK ... ***"), for pages older than the `pg-boilerplate` markup.
fn without_gutenberg_boilerplate(blocks: &[Block]) -> &[Block] {
    let marker = |b: &Block, word: &str| match b {
        Block::Para(p) => crate::text::gutenberg_marker(&p.text, word),
        _ => false,
    };
    let start = blocks.iter().position(|b| marker(b, "START OF")).map_or(0, |i| i + 1);
    let rest = blocks.get(start..).unwrap_or(&[]);
    let end = rest.iter().position(|b| marker(b, "END OF")).unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        read("t.html", html.as_bytes(), &crate::Limits::default()).expect("reads")
    }

    fn paragraphs(doc: &Document) -> Vec<&str> {
        doc.paragraphs.iter().map(|p| doc.slice(p.range)).collect()
    }

    #[test]
    fn visible_text_only() {
        let d = doc("<html><head><title>My  Work</title><style>p{}</style></head><body><script>var x = '<p>no</p>';</script>\
            <p>One &amp; two.</p><p hidden>Hidden.</p><noscript>No.</noscript><div><p>Three\n   four.</p></div></body></html>");
        assert_eq!(paragraphs(&d), vec!["One & two.", "Three four."]);
        assert_eq!(d.meta.title.as_deref(), Some("My Work"));
    }

    #[test]
    fn entities_map_to_their_source() {
        let html = "<p>Caf&eacute; &#8212; fine&#x21; It&#146;s &copy done.</p>";
        let d = doc(html);
        assert_eq!(paragraphs(&d), vec!["Café — fine! It’s &copy done."]);
        let s = d.sentences[0].range;
        let (span, _) = d.source_span(s);
        assert_eq!(&html[span.start..span.end], "Caf&eacute; &#8212; fine&#x21;");
        // A literal run inside maps exactly.
        let fine = d.text.find("fine").expect("fine");
        let (span, _) = d.source_span(forewarn_core::TextRange::new(fine, fine + 4));
        assert_eq!(&html[span.start..span.end], "fine");
    }

    #[test]
    fn breaks_and_scene_breaks() {
        let d = doc("<p>Line one<br>line two<br/><br/>New para.</p><hr/><p>* * *</p><p>After.</p>");
        assert_eq!(paragraphs(&d), vec!["Line one\nline two", "New para.", "After."]);
        assert_eq!(d.scene_breaks.len(), 2);
    }

    #[test]
    fn misnesting_and_implied_ends() {
        let d = doc("<div><p>One <b>bold <i>both</b> italic?</i><p>Two<div>Three</span></div>Four");
        assert_eq!(paragraphs(&d), vec!["One bold both italic?", "Two", "Three", "Four"]);
    }

    #[test]
    fn xhtml_self_closing_script_does_not_swallow_the_page() {
        let d = doc("<html><head><script src=\"a.js\"/><title/></head><body><p>Still here.</p></body></html>");
        assert_eq!(paragraphs(&d), vec!["Still here."]);
    }

    #[test]
    fn chapters_from_repeated_chapter_headings() {
        let body = "<p>Some prose, enough of it.</p>";
        let d = doc(&format!(
            "<h1>The Book</h1><h2>Contents</h2><p>Chapter I</p><h2>CHAPTER I.</h2><h3>The Start</h3>{body}\
             <h2>CHAPTER II.</h2>{body}<h2>Notes</h2>{body}"
        ));
        let titles: Vec<_> = d.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
        assert_eq!(titles, vec!["CHAPTER I.: The Start", "CHAPTER II."]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = "<div>".repeat(100_000) + "<p>Deep text.</p>" + &"</div>".repeat(100_000) + "<p>After.</p>";
        let d = doc(&html);
        assert_eq!(paragraphs(&d), vec!["Deep text.", "After."]);
    }

    #[test]
    fn markup_only_page_has_no_text() {
        let err = read(
            "t.html",
            b"<html><head><title>x</title></head><body><img src=a.png></body></html>",
            &crate::Limits::default(),
        )
        .err();
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("no story text: the HTML has no visible story text"));
    }

    #[test]
    fn char_refs() {
        assert_eq!(char_ref("&amp;x"), Some((5, "&".to_string())));
        assert_eq!(char_ref("&#150;"), Some((6, "\u{2013}".to_string())));
        assert_eq!(char_ref("&#0;"), Some((4, "\u{FFFD}".to_string())));
        assert_eq!(char_ref("&nbsp x"), Some((5, "\u{A0}".to_string())));
        assert_eq!(char_ref("&bogus;"), None);
        assert_eq!(char_ref("& "), None);
        assert_eq!(char_ref("&#xFFFFFFFFF;"), None);
    }
}
