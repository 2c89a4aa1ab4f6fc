//! EPUBs built in the test: an AO3-style EPUB 3, a plain EPUB 2 with an NCX, and broken ones.

use std::io::Write;

use forewarn_core::Document;
use forewarn_ingest::{read_bytes, InputFormat, Limits};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Zips entries in order; the first is stored (as an EPUB's `mimetype` must be).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, data)) in entries.iter().enumerate() {
        let method = if i == 0 { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        writer.start_file(*name, SimpleFileOptions::default().compression_method(method)).expect("start entry");
        writer.write_all(data).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

fn xhtml(title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\">\n<head><title>{title}</title></head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

const AO3_OPF: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:0</dc:identifier>
    <dc:title>The Keeper&apos;s Ledger</dc:title>
    <dc:subject>Teen And Up Audiences</dc:subject>
    <dc:subject>Fluff</dc:subject>
    <meta name="calibre:user_metadata:#freeformtags" content="{&quot;datatype&quot;: &quot;text&quot;, &quot;name&quot;: &quot;Freeform Tags&quot;, &quot;#value#&quot;: [&quot;Slow Burn&quot;, &quot;Weather&quot;]}"/>
    <meta name="calibre:rating" content="8"/>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="preface" href="Text/preface.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="Text/chapter_1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="Text/chapter%202.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine>
    <itemref idref="preface"/>
    <itemref idref="c1"/>
    <itemref idref="c2"/>
  </spine>
</package>"#;

const AO3_NAV: &str = r#"<nav epub:type="toc" id="toc"><ol>
  <li><a href="Text/preface.xhtml">Preface</a></li>
  <li><a href="Text/chapter_1.xhtml">Chapter 1</a></li>
  <li><a href="Text/chapter%202.xhtml">Chapter 2</a></li>
</ol></nav>"#;

const AO3_PREFACE: &str = r##"<div id="preface">
<p class="message"><b>The Keeper's Ledger</b><br/>Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a class="tag" href="#">General Audiences</a></dd>
<dt>Archive Warning:</dt><dd><a class="tag" href="#">No Archive Warnings Apply</a></dd>
<dt>Fandom:</dt><dd><a class="tag" href="#">Original Work</a></dd>
<dt>Additional Tags:</dt><dd><a class="tag" href="#">Lighthouses</a>, <a class="tag" href="#">Weather</a></dd>
</dl>
<h1>The Keeper's Ledger</h1>
<div class="byline">by <a rel="author" href="#">Anonymous</a></div>
<p>Summary</p>
<blockquote class="userstuff"><p>A season of weather records.</p></blockquote>
</div></div>"##;

fn ao3_chapter(n: usize, title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<div id=\"chapters\" class=\"userstuff\">\n<div class=\"meta group\"><h2 class=\"heading\">Chapter {n}: {title}</h2>\n\
         <p>Chapter Notes</p><blockquote class=\"userstuff\"><p>Note for chapter {n}.</p></blockquote></div>\n\
         <div class=\"userstuff\">\n{body}</div>\n</div>"
    )
}

fn ao3_epub() -> Vec<u8> {
    let ch1 = xhtml(
        "Chapter 1",
        &ao3_chapter(
            1,
            "First Light",
            &["Mara climbed the tower stairs at dusk. She counted the steps.", "The lamp needed fresh oil."],
        ),
    );
    let ch2 = xhtml(
        "Chapter 2",
        &ao3_chapter(2, "Fog", &["The fog came in at night.", "Tobias wrote the time in the margin."]),
    );
    zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", AO3_OPF.as_bytes()),
        ("OEBPS/nav.xhtml", xhtml("Contents", AO3_NAV).as_bytes()),
        ("OEBPS/Text/preface.xhtml", xhtml("Preface", AO3_PREFACE).as_bytes()),
        ("OEBPS/Text/chapter_1.xhtml", ch1.as_bytes()),
        ("OEBPS/Text/chapter 2.xhtml", ch2.as_bytes()),
        ("OEBPS/style.css", b"p { margin: 0; }"),
    ])
}

fn read_ok(bytes: &[u8]) -> Document {
    read_with(bytes, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn read_with(bytes: &[u8], limits: &Limits) -> Result<Document, String> {
    let mut items = read_bytes("work.epub", bytes, InputFormat::Auto, limits);
    assert_eq!(items.len(), 1);
    items.remove(0).result.map_err(|e| e.to_string())
}

fn read_err(bytes: &[u8]) -> String {
    read_with(bytes, &Limits::default()).expect_err("an error")
}

#[test]
fn ao3_epub_reads_preface_tags_and_chapters() {
    let doc = read_ok(&ao3_epub());
    assert_eq!(doc.meta.format, forewarn_core::SourceFormat::Epub);
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
    assert_eq!(titles, vec!["Chapter 1: First Light", "Chapter 2: Fog"]);
    assert_eq!(doc.meta.title.as_deref(), Some("The Keeper's Ledger"));
    // The AO3 preface wins over the OPF's dc:subject fallback.
    let declared = doc.meta.declared.clone().expect("declared");
    assert_eq!(declared.rating.as_deref(), Some("General Audiences"));
    assert_eq!(declared.archive_warnings, vec!["No Archive Warnings Apply"]);
    assert_eq!(declared.additional_tags, vec!["Lighthouses", "Weather"]);
    assert!(!doc.text.contains("Note for chapter"));
    assert!(!doc.text.contains("season of weather"));
    assert!(!doc.text.contains("Archive of Our Own"));
    assert!(
        doc.meta.front_matter.iter().any(|f| f == "Summary: A season of weather records."),
        "{:?}",
        doc.meta.front_matter
    );
    assert!(doc.meta.front_matter.iter().any(|f| f == "Chapter Notes: Note for chapter 2."));
    assert!(doc.meta.errors.is_empty(), "{:?}", doc.meta.errors);
    assert_eq!(doc.sentences.len(), 5);
}

#[test]
fn epub_locators_point_into_the_xhtml_entry() {
    let doc = read_ok(&ao3_epub());
    let ch2 = xhtml(
        "Chapter 2",
        &ao3_chapter(2, "Fog", &["The fog came in at night.", "Tobias wrote the time in the margin."]),
    );
    let s = doc.sentences.iter().find(|s| doc.slice(s.range).starts_with("Tobias")).expect("sentence");
    let locator = doc.source_map.locate(s.range).expect("locator");
    assert_eq!(locator.item, "OEBPS/Text/chapter 2.xhtml");
    assert_eq!(&ch2[locator.span.start..locator.span.end], "Tobias wrote the time in the margin.");
    let (_, located) = doc.source_span(s.range);
    assert_eq!(located, Some(locator));
}

const OPF2: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>Harbour Stories</dc:title>
    <dc:subject>Explicit</dc:subject>
    <dc:subject>Major Character Death</dc:subject>
    <dc:subject>M/M</dc:subject>
    <dc:subject>Sailing</dc:subject>
    <dc:description>&lt;p&gt;Three short pieces about a harbour.&lt;/p&gt;</dc:description>
    <meta name="calibre:user_metadata:#ao3warnings" content="{&quot;datatype&quot;: &quot;text&quot;, &quot;name&quot;: &quot;Warnings&quot;, &quot;#value#&quot;: &quot;Graphic Depictions Of Violence&quot;}"/>
    <meta name="calibre:user_metadata:#words" content="{&quot;datatype&quot;: &quot;int&quot;, &quot;#value#&quot;: 1200}"/>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
    <item id="a" href="text/part1.xhtml" media-type="application/xhtml+xml"/>
    <item id="a2" href="text/part1_split.xhtml" media-type="application/xhtml+xml"/>
    <item id="b" href="text/part2.xhtml" media-type="application/xhtml+xml"/>
    <item id="img" href="images/map.png" media-type="image/png"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="cover" linear="no"/>
    <itemref idref="a"/>
    <itemref idref="a2"/>
    <itemref idref="b"/>
  </spine>
</package>"#;

const NCX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <navMap>
    <navPoint id="n1" playOrder="1"><navLabel><text>The Mooring</text></navLabel><content src="text/part1.xhtml"/>
      <navPoint id="n1a" playOrder="2"><navLabel><text>At Dawn</text></navLabel><content src="text/part1.xhtml#dawn"/></navPoint>
    </navPoint>
    <navPoint id="n2" playOrder="3"><navLabel><text>The Storm &amp; After</text></navLabel><content src="text/part2.xhtml"/></navPoint>
  </navMap>
</ncx>"#;

fn epub2(part2_body: &str) -> Vec<u8> {
    let part1 = xhtml(
        "Part 1",
        "<h1>The Mooring</h1>\n<p>The boat was tied to the second ring. The rope was new.</p>\n\
         <h2 id=\"dawn\">At Dawn</h2>\n<p>At dawn the harbour was still and grey.</p>",
    );
    let split = xhtml("Part 1", "<p>The clerk arrived at eight and opened the office.</p>");
    zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.replace("OEBPS/content.opf", "content.opf").as_bytes()),
        ("content.opf", OPF2.as_bytes()),
        ("toc.ncx", NCX.as_bytes()),
        ("cover.xhtml", xhtml("Cover", "<div><img src=\"images/map.png\" alt=\"Cover\"/></div>").as_bytes()),
        ("text/part1.xhtml", part1.as_bytes()),
        ("text/part1_split.xhtml", split.as_bytes()),
        ("text/part2.xhtml", xhtml("Part 2", part2_body).as_bytes()),
        ("images/map.png", b"\x89PNG\r\n\x1a\n"),
    ])
}

const PART2: &str =
    "<h1>The Storm &amp; After</h1>\n<p>The wind rose after noon. By evening the boats were secured.</p>";

#[test]
fn epub2_ncx_titles_and_opf_tags() {
    let doc = read_ok(&epub2(PART2));
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
    assert_eq!(titles, vec!["The Mooring", "At Dawn", "The Storm & After"]);
    // The split file that the NCX does not list continues "At Dawn".
    let clerk = doc.sentences.iter().find(|s| doc.slice(s.range).starts_with("The clerk")).expect("clerk");
    assert_eq!(clerk.chapter, Some(1));
    assert_eq!(doc.meta.title.as_deref(), Some("Harbour Stories"));
    let declared = doc.meta.declared.clone().expect("declared from the OPF");
    assert_eq!(declared.rating.as_deref(), Some("Explicit"));
    assert_eq!(declared.archive_warnings, vec!["Major Character Death", "Graphic Depictions Of Violence"]);
    assert_eq!(declared.categories, vec!["M/M"]);
    assert_eq!(declared.additional_tags, vec!["Sailing"]);
    assert_eq!(doc.meta.front_matter, vec!["Three short pieces about a harbour."]);
    assert!(doc.meta.errors.is_empty(), "{:?}", doc.meta.errors);
    let items: Vec<_> = doc.source_map.items.iter().map(String::as_str).collect();
    assert_eq!(items, vec!["text/part1.xhtml", "text/part1_split.xhtml", "text/part2.xhtml"]);
}

#[test]
fn toc_pointing_at_a_missing_id_still_names_the_page() {
    let ncx = NCX.replace("text/part2.xhtml\"", "text/part2.xhtml#no-such-id\"");
    let doc = read_ok(&replace_entry(&epub2(PART2), "toc.ncx", ncx.as_bytes()));
    let titles: Vec<_> = doc.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
    assert_eq!(titles, vec!["The Mooring", "At Dawn", "The Storm & After"]);
}

#[test]
fn malformed_xhtml_is_read_leniently() {
    let doc =
        read_ok(&epub2("<h1>The Storm</h1>\n<div><p>The wind rose after noon.</div>\n<p>The boats were secured."));
    assert_eq!(doc.meta.errors.len(), 1, "{:?}", doc.meta.errors);
    let error = &doc.meta.errors[0];
    assert!(
        error.starts_with(
            "text/part2.xhtml is not well-formed XHTML (mismatched end tag </div> where </p> was open, at byte "
        ),
        "{error}"
    );
    assert!(error.ends_with("); read leniently as HTML"), "{error}");
    assert!(doc.text.contains("The boats were secured."));
}

#[test]
fn missing_spine_item_is_a_non_fatal_error() {
    let bytes = epub2(PART2);
    let opf = OPF2.replace("text/part2.xhtml", "text/gone.xhtml");
    let bytes = replace_entry(&bytes, "content.opf", opf.as_bytes());
    let doc = read_ok(&bytes);
    assert_eq!(doc.meta.errors, vec!["spine item 'text/gone.xhtml' is missing from the archive".to_string()]);
    assert_eq!(doc.chapters.len(), 2);
}

/// Rebuilds an archive with one entry's data replaced.
fn replace_entry(bytes: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut content).expect("read");
        let content = if file.name() == name { data.to_vec() } else { content };
        entries.push((file.name().to_string(), content));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip(&refs)
}

#[test]
fn truncated_and_corrupt_archives() {
    let bytes = ao3_epub();
    let half = read_err(&bytes[..bytes.len() / 2]);
    assert!(half.starts_with("corrupt or truncated EPUB archive: "), "{half}");

    // Damage the deflated data of the first chapter: the archive opens but the entry fails.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let start = archive.by_name("OEBPS/Text/chapter_1.xhtml").expect("entry").data_start() as usize;
    let mut corrupt = bytes.clone();
    for b in &mut corrupt[start..start + 40] {
        *b ^= 0x5A;
    }
    let err = read_err(&corrupt);
    assert!(
        err.starts_with(
            "corrupt or truncated EPUB archive: entry 'OEBPS/Text/chapter_1.xhtml' could not be decompressed"
        ),
        "{err}"
    );

    assert!(read_err(b"PK\x03\x04 not a zip").starts_with("corrupt or truncated EPUB archive: "));
    let items = read_bytes("book.epub", b"just some text", InputFormat::Auto, &Limits::default());
    let err = items.into_iter().next().and_then(|i| i.result.err()).map(|e| e.to_string());
    assert_eq!(err.as_deref(), Some("not an EPUB: not a zip archive"));
}

#[test]
fn zip_bombs_are_refused() {
    let big = vec![b'a'; 2 << 20];
    let chapter = xhtml("Big", &format!("<p>{}</p>", String::from_utf8_lossy(&big)));
    let bytes = replace_entry(&ao3_epub(), "OEBPS/Text/chapter_1.xhtml", chapter.as_bytes());
    assert!(bytes.len() < 100_000, "deflate squeezes it to {} bytes", bytes.len());
    let small = Limits { max_entry_bytes: 1 << 20, ..Limits::default() };
    assert_eq!(
        read_with(&bytes, &small).err().as_deref(),
        Some("EPUB entry 'OEBPS/Text/chapter_1.xhtml' expands past the 1 MiB limit (zip bomb?)")
    );
    let total = Limits { max_total_bytes: 1 << 20, ..Limits::default() };
    assert_eq!(read_with(&bytes, &total).err().as_deref(), Some("EPUB expands past the 1 MiB total limit (zip bomb?)"));
    let few = Limits { max_entries: 3, ..Limits::default() };
    assert_eq!(read_with(&bytes, &few).err().as_deref(), Some("EPUB has 8 entries, over the 3 entry limit"));
}

#[test]
fn unsafe_entry_names_are_refused() {
    let bytes = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("../../etc/passwd", b"root:x:0:0"),
    ]);
    assert_eq!(read_err(&bytes), "unsafe entry name '../../etc/passwd' in the archive");
}

#[test]
fn missing_package_and_spine() {
    let no_container = zip(&[("mimetype", b"application/epub+zip"), ("OEBPS/ch1.xhtml", b"<p>x</p>")]);
    assert_eq!(read_err(&no_container), "no OPF package document: META-INF/container.xml is missing");

    let no_opf = zip(&[("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER.as_bytes())]);
    assert_eq!(
        read_err(&no_opf),
        "no OPF package document: 'OEBPS/content.opf' named in META-INF/container.xml is not in the archive"
    );

    let spineless = AO3_OPF.replace(
        "<spine>\n    <itemref idref=\"preface\"/>\n    <itemref idref=\"c1\"/>\n    <itemref idref=\"c2\"/>\n  </spine>",
        "",
    );
    let bytes = replace_entry(&ao3_epub(), "OEBPS/content.opf", spineless.as_bytes());
    assert_eq!(read_err(&bytes), "the OPF package document has no spine (no reading order)");

    let empty = AO3_OPF.replace(
        "<spine>\n    <itemref idref=\"preface\"/>\n    <itemref idref=\"c1\"/>\n    <itemref idref=\"c2\"/>\n  </spine>",
        "<spine/>",
    );
    let bytes = replace_entry(&ao3_epub(), "OEBPS/content.opf", empty.as_bytes());
    assert_eq!(read_err(&bytes), "the OPF spine is empty: no chapters to read");
}

#[test]
fn container_missing_but_one_opf_present() {
    let bytes = ao3_epub();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut content).expect("read");
        if file.name() != "META-INF/container.xml" {
            entries.push((file.name().to_string(), content));
        }
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let doc = read_ok(&zip(&refs));
    assert_eq!(doc.chapters.len(), 2);
    assert_eq!(doc.meta.errors, vec!["META-INF/container.xml is missing; read the package document OEBPS/content.opf"]);
}
