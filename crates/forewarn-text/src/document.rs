//! The [`Document`]: a work's analysis text with its chapters, paragraphs and sentences,
//! the tags its author declared, and a [`SourceMap`] back to the original bytes.
//!
//! Ingestion builds documents with a [`DocumentBuilder`] (markup formats, where structure
//! comes from the markup) or [`Document::from_plain_text`] (where structure is inferred by
//! [`crate::segment`]). Either way the sentences are cut by the same segmenter.

use serde::{Deserialize, Serialize};

use crate::segment;
use crate::span::trim_range;
use crate::{Locator, Segment, SourceMap, Span, TextRange};

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SourceFormat {
    /// Plain text.
    Txt,
    /// Markdown.
    Md,
    /// HTML (generic, Project Gutenberg, or an AO3 download).
    Html,
    /// EPUB 2 or 3.
    Epub,
    /// One record of a JSONL batch.
    Jsonl,
}

impl SourceFormat {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Md => "md",
            Self::Html => "html",
            Self::Epub => "epub",
            Self::Jsonl => "jsonl",
        }
    }
}

/// Tags the author declared, as AO3 (or an EPUB's metadata) lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declared {
    /// The declared rating as written ("Teen And Up Audiences").
    pub rating: Option<String>,
    /// Archive warnings as written ("No Archive Warnings Apply").
    pub archive_warnings: Vec<String>,
    /// Categories (F/M, Gen...).
    pub categories: Vec<String>,
    /// Fandoms.
    pub fandoms: Vec<String>,
    /// Relationships.
    pub relationships: Vec<String>,
    /// Characters.
    pub characters: Vec<String>,
    /// Freeform ("additional") tags.
    pub additional_tags: Vec<String>,
}

impl Declared {
    /// Whether nothing was declared.
    pub fn is_empty(&self) -> bool {
        self.rating.is_none()
            && self.archive_warnings.is_empty()
            && self.categories.is_empty()
            && self.fandoms.is_empty()
            && self.relationships.is_empty()
            && self.characters.is_empty()
            && self.additional_tags.is_empty()
    }
}

/// Metadata about a document that is not story text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The format it was read from.
    pub format: SourceFormat,
    /// The work's title, if known.
    pub title: Option<String>,
    /// The tags its author declared, if any.
    pub declared: Option<Declared>,
    /// Summary, authors' notes and similar text that is not story text (kept apart).
    pub front_matter: Vec<String>,
    /// Things the reader of the report should know about how the input was read.
    pub notes: Vec<String>,
    /// Problems that did not stop the read (a malformed chapter read leniently).
    pub errors: Vec<String>,
    /// Size of the original input in bytes.
    pub source_bytes: usize,
}

impl Meta {
    /// Empty metadata for a given format.
    pub fn new(format: SourceFormat) -> Self {
        Self {
            format,
            title: None,
            declared: None,
            front_matter: Vec::new(),
            notes: Vec::new(),
            errors: Vec::new(),
            source_bytes: 0,
        }
    }
}

/// A chapter of the work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// Its heading, if it has one.
    pub title: Option<String>,
    /// Its text, heading included.
    pub range: TextRange,
}

/// A paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Its text.
    pub range: TextRange,
    /// Index of its chapter, if it lies in one (front matter before the first heading
    /// does not).
    pub chapter: Option<usize>,
    /// Whether it is a heading rather than prose.
    pub heading: bool,
}

/// A sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Its text, without surrounding white space.
    pub range: TextRange,
    /// Index of its paragraph.
    pub paragraph: usize,
    /// Index of its chapter, if any.
    pub chapter: Option<usize>,
}

/// The most sentences a [`Document`] holds, and the most paragraphs. The longest works people
/// read hold a few hundred thousand sentences; past this a work is refused rather than
/// analysed, because analysis costs memory per sentence. Segmentation stops one past the limit,
/// so a reader can tell (`sentences.len() > MAX_SENTENCES`) while memory stays bounded.
pub const MAX_SENTENCES: usize = 1_000_000;

/// A work, ready for analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Analysis text: the story text, decoded, markup removed.
    pub text: String,
    /// Chapters in order. A work without headings has none.
    pub chapters: Vec<Chapter>,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Text offsets where an explicit scene break ("* * *", `<hr>`) stands.
    pub scene_breaks: Vec<usize>,
    /// Map back to the original bytes.
    pub source_map: SourceMap,
    /// Everything that is not story text.
    pub meta: Meta,
}

impl Document {
    /// Builds a document from plain text, inferring paragraphs, chapter headings and scene
    /// breaks (see [`crate::segment::plain`]).
    pub fn from_plain_text(text: String, source_map: SourceMap, meta: Meta) -> Self {
        let layout = segment::plain::layout(&text);
        let mut doc = Document {
            text,
            chapters: Vec::new(),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            scene_breaks: layout.scene_breaks,
            source_map,
            meta,
        };
        for (i, heading) in layout.chapters.iter().enumerate() {
            let end = layout.chapters.get(i + 1).map_or(doc.text.len(), |next| next.range.start);
            doc.chapters
                .push(Chapter { title: Some(heading.title.clone()), range: TextRange::new(heading.range.start, end) });
        }
        for para in layout.paragraphs.into_iter().take(MAX_SENTENCES + 1) {
            let chapter = chapter_of(&doc.chapters, para.range.start);
            doc.paragraphs.push(Paragraph { range: para.range, chapter, heading: para.heading });
        }
        doc.segment_sentences();
        doc
    }

    fn segment_sentences(&mut self) {
        let mut sentences = Vec::new();
        for (index, para) in self.paragraphs.iter().enumerate() {
            if para.heading {
                continue;
            }
            let room = MAX_SENTENCES + 1 - sentences.len();
            for range in segment::sentences_at_most(&self.text, para.range, room) {
                sentences.push(Sentence { range, paragraph: index, chapter: para.chapter });
            }
            if sentences.len() > MAX_SENTENCES {
                break;
            }
        }
        sentences.shrink_to_fit();
        self.sentences = sentences;
    }

    /// The text a range covers.
    pub fn slice(&self, range: TextRange) -> &str {
        range.slice(&self.text)
    }

    /// Number of words in the story text.
    pub fn word_count(&self) -> usize {
        self.paragraphs.iter().filter(|p| !p.heading).map(|p| segment::word_count(self.slice(p.range))).sum()
    }

    /// Maps a text range to a source span and, for multi-item sources, a locator.
    ///
    /// For single-item sources (txt, md, html, a JSONL record) the span is into that item's
    /// bytes. For EPUB, spans are into the analysis text and the locator names the entry.
    pub fn source_span(&self, range: TextRange) -> (Span, Option<Locator>) {
        let located = self.source_map.locate(range);
        match self.meta.format {
            SourceFormat::Epub => (Span::new(range.start, range.end), located),
            SourceFormat::Html => match located {
                Some(loc) => (loc.span, Some(loc)),
                None => (Span::new(range.start, range.end), None),
            },
            _ => (located.map_or(Span::new(range.start, range.end), |l| l.span), None),
        }
    }

    /// Fraction (0..1) of the document at which a text offset lies.
    pub fn position(&self, offset: usize) -> f64 {
        if self.text.is_empty() {
            0.0
        } else {
            (offset as f64 / self.text.len() as f64).clamp(0.0, 1.0)
        }
    }

    /// The 0-based chapter index holding a text offset.
    pub fn chapter_at(&self, offset: usize) -> Option<usize> {
        chapter_of(&self.chapters, offset)
    }
}

fn chapter_of(chapters: &[Chapter], offset: usize) -> Option<usize> {
    let index = chapters.partition_point(|c| c.range.start <= offset);
    index.checked_sub(1)
}

/// Where a piece of text pushed into a [`DocumentBuilder`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRef {
    /// Index of the source item (see [`DocumentBuilder::new`]).
    pub item: u32,
    /// Byte range in that item.
    pub span: Span,
    /// Whether the pushed text is byte-identical to `span`'s bytes.
    pub exact: bool,
}

/// Builds a [`Document`] from markup: the caller pushes text with its source, and says
/// where paragraphs, chapters and scene breaks are.
#[derive(Debug)]
pub struct DocumentBuilder {
    text: String,
    map: SourceMap,
    chapters: Vec<Chapter>,
    paragraphs: Vec<Paragraph>,
    scene_breaks: Vec<usize>,
    paragraph_start: usize,
    paragraph_heading: bool,
    meta: Meta,
}

impl DocumentBuilder {
    /// A builder for a document of the given format, reading from the named items.
    pub fn new(format: SourceFormat, items: Vec<String>) -> Self {
        Self {
            text: String::new(),
            map: SourceMap::new(items),
            chapters: Vec::new(),
            paragraphs: Vec::new(),
            scene_breaks: Vec::new(),
            paragraph_start: 0,
            paragraph_heading: false,
            meta: Meta::new(format),
        }
    }

    /// Metadata, to fill in as the reader finds it.
    pub fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }

    /// Adds an item name and returns its index.
    pub fn add_item(&mut self, name: impl Into<String>) -> u32 {
        self.map.items.push(name.into());
        (self.map.items.len() - 1) as u32
    }

    /// Appends text that came from `source`.
    pub fn push_text(&mut self, text: &str, source: SourceRef) {
        if text.is_empty() {
            return;
        }
        let exact = source.exact && text.len() == source.span.len();
        self.map.push(Segment {
            text_start: self.text.len(),
            text_len: text.len(),
            item: source.item,
            src_start: source.span.start,
            src_len: source.span.len(),
            exact,
        });
        self.text.push_str(text);
    }

    /// Appends text the reader never sees in the source (a separator).
    pub fn push_synthetic(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Whether the current paragraph has any non-white-space text yet.
    pub fn paragraph_is_empty(&self) -> bool {
        self.text[self.paragraph_start..].trim().is_empty()
    }

    /// Marks the current paragraph as a heading (its text is not prose).
    pub fn mark_heading(&mut self) {
        self.paragraph_heading = true;
    }

    /// Ends the current paragraph (a no-op when it is empty).
    pub fn end_paragraph(&mut self) {
        let raw = TextRange::new(self.paragraph_start, self.text.len());
        let trimmed = trim_range(&self.text, raw);
        // Past the limit the document is refused anyway: keep memory bounded meanwhile.
        if !trimmed.is_empty() && !self.is_full() {
            let chapter = self.chapters.len().checked_sub(1);
            self.paragraphs.push(Paragraph { range: trimmed, chapter, heading: self.paragraph_heading });
            self.push_synthetic("\n\n");
        }
        self.paragraph_start = self.text.len();
        self.paragraph_heading = false;
    }

    /// Whether the document already holds more paragraphs than [`MAX_SENTENCES`]: a reader
    /// can stop reading, as the work will be refused.
    pub fn is_full(&self) -> bool {
        self.paragraphs.len() > MAX_SENTENCES
    }

    /// How many bytes of analysis text the document holds so far.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// How many pieces its source map holds so far.
    pub fn source_pieces(&self) -> usize {
        self.map.segments().len()
    }

    /// Starts a new chapter here (ending the current paragraph).
    pub fn start_chapter(&mut self, title: Option<String>) {
        self.end_paragraph();
        let start = self.text.len();
        if let Some(last) = self.chapters.last_mut() {
            last.range.end = start;
        }
        let title = title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
        self.chapters.push(Chapter { title, range: TextRange::new(start, start) });
    }

    /// Records an explicit scene break here (ending the current paragraph).
    pub fn scene_break(&mut self) {
        self.end_paragraph();
        self.scene_breaks.push(self.text.len());
    }

    /// Finishes the document: closes the last paragraph and chapter, drops chapters with no
    /// prose, and cuts sentences.
    pub fn finish(mut self) -> Document {
        self.end_paragraph();
        let len = self.text.len();
        if let Some(last) = self.chapters.last_mut() {
            last.range.end = len;
        }
        let mut doc = Document {
            text: self.text,
            chapters: Vec::new(),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            scene_breaks: self.scene_breaks,
            source_map: self.map,
            meta: self.meta,
        };
        // Keep only chapters that hold prose; renumber paragraphs accordingly.
        let mut renumber = vec![None; self.chapters.len()];
        // One pass over the paragraphs (a check per chapter would be chapters × paragraphs).
        let mut has_prose = vec![false; self.chapters.len()];
        for p in self.paragraphs.iter().filter(|p| !p.heading) {
            if let Some(flag) = p.chapter.and_then(|c| has_prose.get_mut(c)) {
                *flag = true;
            }
        }
        for (old, chapter) in self.chapters.into_iter().enumerate() {
            if has_prose[old] {
                renumber[old] = Some(doc.chapters.len());
                doc.chapters.push(chapter);
            }
        }
        doc.paragraphs = self
            .paragraphs
            .into_iter()
            .map(|mut p| {
                p.chapter = p.chapter.and_then(|c| renumber.get(c).copied().flatten());
                p
            })
            .collect();
        doc.segment_sentences();
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(start: usize, end: usize) -> SourceRef {
        SourceRef { item: 0, span: Span::new(start, end), exact: true }
    }

    #[test]
    fn builder_tracks_chapters_paragraphs_and_sentences() {
        let mut b = DocumentBuilder::new(SourceFormat::Html, vec!["w.html".into()]);
        b.start_chapter(Some("One".into()));
        b.push_text("She ran. He followed.", src(100, 121));
        b.end_paragraph();
        b.start_chapter(Some("Two".into()));
        b.push_text("The end.", src(200, 208));
        let doc = b.finish();
        assert_eq!(doc.chapters.len(), 2);
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.slice(doc.sentences[1].range), "He followed.");
        assert_eq!(doc.sentences[2].chapter, Some(1));
        let (span, loc) = doc.source_span(doc.sentences[1].range);
        assert_eq!(span, Span::new(109, 121));
        assert_eq!(loc.map(|l| l.item), Some("w.html".to_string()));
    }

    #[test]
    fn chapters_without_prose_are_dropped() {
        let mut b = DocumentBuilder::new(SourceFormat::Html, vec!["w.html".into()]);
        b.start_chapter(Some("Contents".into()));
        b.push_text("Contents", src(0, 8));
        b.mark_heading();
        b.start_chapter(Some("One".into()));
        b.push_text("Text here.", src(10, 20));
        let doc = b.finish();
        assert_eq!(doc.chapters.len(), 1);
        assert_eq!(doc.chapters[0].title.as_deref(), Some("One"));
    }
}
