//! HTML fixtures: an AO3 download and a Project Gutenberg page.

use forewarn_core::{Declared, Document};
use forewarn_ingest::{read_bytes, InputFormat, Limits};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str, bytes: &[u8]) -> Document {
    let mut items = read_bytes(name, bytes, InputFormat::Auto, &Limits::default());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].id, name);
    items.remove(0).result.unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn ao3_download_declared_tags() {
    let doc = read("ao3_work.html", &fixture("ao3_work.html"));
    let expected = Declared {
        rating: Some("Mature".into()),
        archive_warnings: strings(&["Graphic Depictions Of Violence", "Major Character Death"]),
        categories: strings(&["Gen"]),
        fandoms: strings(&["Original Work"]),
        relationships: strings(&["Mara Quill & Tobias Fenn"]),
        characters: strings(&["Mara Quill", "Tobias Fenn"]),
        additional_tags: strings(&["Angst", "Hurt/Comfort", "Lighthouses"]),
    };
    assert_eq!(doc.meta.declared, Some(expected));
    assert_eq!(doc.meta.title.as_deref(), Some("The Keeper's Ledger"));
}

#[test]
fn ao3_download_chapters_and_story_text() {
    let doc = read("ao3_work.html", &fixture("ao3_work.html"));
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
    assert_eq!(titles, vec!["Chapter 1: First Light", "Chapter 2: The Supply Boat", "Chapter 3: Inventory"]);
    assert_eq!(doc.scene_breaks.len(), 2, "<hr/> and * * *");
    let first = doc.sentences.first().map(|s| doc.slice(s.range));
    assert_eq!(first, Some("Mara climbed the tower stairs at dusk."));
    let last = doc.sentences.last().map(|s| doc.slice(s.range));
    assert_eq!(last, Some("The relief keeper would arrive in the spring."));
    assert_eq!(doc.sentences.iter().filter(|s| s.chapter == Some(1)).count(), 8);
}

#[test]
fn ao3_notes_are_front_matter_not_story() {
    let doc = read("ao3_work.html", &fixture("ao3_work.html"));
    for note in
        ["barometers", "reviewers", "survey maps", "tide tables", "spreadsheet", "harbour museum", "Archive of Our Own"]
    {
        assert!(!doc.text.contains(note), "{note:?} leaked into the story text");
    }
    for word in ["Mature", "Angst", "Chapter Notes", "Published"] {
        assert!(!doc.text.contains(word), "{word:?} leaked into the story text");
    }
    let front = &doc.meta.front_matter;
    assert_eq!(front.len(), 6, "{front:#?}");
    assert!(front[0].starts_with("Summary: A keeper records the weather"), "{}", front[0]);
    assert!(front[1].starts_with("Notes: This preface note"), "{}", front[1]);
    assert!(front[2].starts_with("Chapter Notes: The first chapter note"), "{}", front[2]);
    assert!(front[3].starts_with("Chapter End Notes: An end note"), "{}", front[3]);
    assert!(front[4].starts_with("Chapter Notes: A short note"), "{}", front[4]);
    assert!(front[5].starts_with("End Notes: The afterword"), "{}", front[5]);
}

#[test]
fn ao3_locators_slice_back_to_the_source() {
    let source = fixture("ao3_work.html");
    let doc = read("ao3_work.html", &source);
    let mut checked = 0;
    for s in &doc.sentences {
        let text = doc.slice(s.range);
        let (span, locator) = doc.source_span(s.range);
        assert_eq!(locator.map(|l| l.item), Some("ao3_work.html".to_string()));
        let original = std::str::from_utf8(&source[span.start..span.end]).expect("utf-8");
        if original.contains('&') {
            // Entities: the span covers them, so it is longer than the decoded text.
            assert!(original.starts_with("&ldquo;Log it,&rdquo; Mara said."), "{original}");
            assert_eq!(text, "\u{201C}Log it,\u{201D} Mara said.");
        } else {
            assert_eq!(original, text);
            checked += 1;
        }
    }
    assert_eq!(checked, 17, "every sentence but the one with entities");
}

#[test]
fn gutenberg_html_skips_boilerplate() {
    let source = fixture("gutenberg.html");
    let doc = read("gutenberg.html", &source);
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
    assert_eq!(titles, vec!["CHAPTER I. THE TIDE TABLE", "CHAPTER II. THE HARBOUR MASTER", "CHAPTER III. LOW WATER"]);
    assert!(!doc.text.to_lowercase().contains("gutenberg"), "boilerplate leaked: {}", doc.text);
    assert!(!doc.text.contains("[Pg 2]"), "page numbers are not text");
    assert!(!doc.text.contains("The Tide Table"), "the contents table is not text");
    assert!(doc.text.starts_with("THE QUIET HARBOUR\n\nby A. N. Author\n\nCHAPTER I."), "{}", doc.text);
    assert_eq!(doc.meta.title.as_deref(), Some("The Quiet Harbour"));
    assert_eq!(doc.scene_breaks.len(), 1);
    // A paragraph wrapped over two lines: its line break became one space.
    let wrapped = doc.paragraphs.iter().map(|p| doc.slice(p.range)).find(|p| p.starts_with("The harbour master"));
    assert_eq!(wrapped, Some("The harbour master kept the tide table pinned beside the door. Every morning he read it aloud to the clerk."));
    // The sentence crossing the collapsed line break still maps to the whole source range.
    let s = doc.sentences.iter().find(|s| doc.slice(s.range).starts_with("Every morning")).expect("sentence");
    let (span, _) = doc.source_span(s.range);
    assert_eq!(&source[span.start..span.end], b"Every morning he read it aloud to the clerk.");
}

fn read_limited(bytes: &[u8], limits: &Limits) -> Result<Document, forewarn_ingest::IngestError> {
    let mut items = read_bytes("page.html", bytes, InputFormat::Html, limits);
    assert_eq!(items.len(), 1);
    items.remove(0).result
}

/// Issue 12 (fuzzing with a memory budget): a page of nothing but `<hr>` cost ~60 bytes of
/// blocks per 4 input bytes, with no limit until the document was built (a 256 MiB page
/// held ~4 GB). The walk now stops past twice the paragraph limit in blocks of any kind.
#[test]
fn issue_12_scene_break_flood_is_refused_while_walking() {
    let limits = Limits { max_sentences: 1_000, ..Limits::default() };
    let mut page = b"<p>One paragraph of story.</p>".to_vec();
    page.extend(b"<hr>".repeat(2_001));
    match read_limited(&page, &limits) {
        Err(forewarn_ingest::IngestError::TooManySentences { limit }) => assert_eq!(limit, 1_000),
        other => panic!("expected TooManySentences, got {other:?}"),
    }
    // A break per paragraph is an ordinary book.
    let book = b"<p>A paragraph.</p><hr>".repeat(900);
    let doc = read_limited(&book, &limits).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.paragraphs.len(), 900);
}

/// Issue 12: the text limit stops the walk as soon as it is passed, instead of after the
/// whole page has become blocks and a document.
#[test]
fn issue_12_text_limit_stops_the_walk_early() {
    let limits = Limits { max_text_bytes: 1_000, ..Limits::default() };
    let page = b"<p>Some words of story text here.</p>".repeat(1_000);
    match read_limited(&page, &limits) {
        Err(forewarn_ingest::IngestError::TextTooLarge { size, limit }) => {
            assert_eq!(limit, 1_000);
            assert!(size > 1_000 && size < 1_100, "stopped after {size} bytes of text, not just past the limit");
        }
        other => panic!("expected TextTooLarge, got {other:?}"),
    }
    let within = b"<p>Some words of story text here.</p>".repeat(20);
    assert!(read_limited(&within, &limits).is_ok());
}

/// Issue 12: text cut by a tag every few bytes (`a<i>a<i>...`) cost ~90 bytes of walk pieces
/// and source map per byte of text, within every other limit (32 MiB of it: 690 MB). Pieces
/// are now counted against `max_source_pieces`.
#[test]
fn issue_12_text_cut_into_tiny_pieces_is_refused() {
    let limits = Limits { max_source_pieces: 1_000, ..Limits::default() };
    let mut page = b"<p>".to_vec();
    page.extend(b"a<i>".repeat(2_000));
    page.extend(b"</p>");
    match read_limited(&page, &limits) {
        Err(forewarn_ingest::IngestError::TooFragmented { limit }) => assert_eq!(limit, 1_000),
        other => panic!("expected TooFragmented, got {other:?}"),
    }
    // Italics now and then are an ordinary book.
    let book = b"<p>She read <i>Ivanhoe</i> twice that winter.</p>".repeat(200);
    assert!(read_limited(&book, &limits).is_ok());
}
