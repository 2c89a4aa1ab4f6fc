//! Books built in the test (an AO3-style EPUB 3 and a Calibre-made EPUB 2), tagged, then read
//! back with forewarn's own reader and with a second, independent one (`rbook`, which has its
//! own zip and XML parser versions, in strict mode).

use std::io::{Cursor, Read, Write};

use forewarn_tag::{calibre_book_id, check_epub, tag_epub, TagError, TagOptions, TagSet};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Zips entries in order; `mimetype` stored, names ending in `/` as folders, the rest deflated.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, SimpleFileOptions::default()).expect("folder");
            continue;
        }
        let method = if *name == "mimetype" { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        writer.start_file(*name, SimpleFileOptions::default().compression_method(method)).expect("start entry");
        writer.write_all(data).expect("write entry");
    }
    writer.set_comment("made in a test");
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
    <dc:language>en</dc:language>
    <!-- AO3 writes the rating and tags as subjects -->
    <dc:subject>Teen And Up Audiences</dc:subject>
    <dc:subject>Angst</dc:subject>
    <dc:subject>Fluff</dc:subject>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
    <meta name="calibre:user_metadata:#freeformtags" content="{&quot;datatype&quot;: &quot;text&quot;, &quot;#value#&quot;: [&quot;Slow Burn&quot;]}"/>
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
<dt>Rating:</dt><dd><a class="tag" href="#">Teen And Up Audiences</a></dd>
<dt>Archive Warning:</dt><dd><a class="tag" href="#">No Archive Warnings Apply</a></dd>
<dt>Additional Tags:</dt><dd><a class="tag" href="#">Angst</a>, <a class="tag" href="#">Fluff</a></dd>
</dl>
<h1>The Keeper's Ledger</h1>
</div></div>"##;

fn ao3_chapter(n: usize, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    xhtml(
        &format!("Chapter {n}"),
        &format!(
            "<div id=\"chapters\" class=\"userstuff\">\n<h2 class=\"heading\">Chapter {n}</h2>\n\
             <div class=\"userstuff\">\n{body}</div>\n</div>"
        ),
    )
}

fn ao3_epub() -> Vec<u8> {
    ao3_epub_with(AO3_OPF)
}

/// The AO3-style book with another package document.
fn ao3_epub_with(opf: &str) -> Vec<u8> {
    zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/", b""),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/nav.xhtml", xhtml("Contents", AO3_NAV).as_bytes()),
        ("OEBPS/Text/preface.xhtml", xhtml("Preface", AO3_PREFACE).as_bytes()),
        (
            "OEBPS/Text/chapter_1.xhtml",
            ao3_chapter(1, &["Mara climbed the tower stairs at dusk.", "The lamp needed oil."]).as_bytes(),
        ),
        (
            "OEBPS/Text/chapter 2.xhtml",
            ao3_chapter(2, &["The fog came in at night.", "Tobias wrote the time down."]).as_bytes(),
        ),
        ("OEBPS/style.css", b"p { margin: 0; }"),
    ])
}

const CALIBRE_OPF: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="uuid_id" version="2.0">
    <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
        <dc:identifier opf:scheme="calibre" id="calibre_id">95</dc:identifier>
        <dc:identifier opf:scheme="uuid" id="uuid_id">9d716567-9ba8-4073-bd7a-931e69cc046d</dc:identifier>
        <dc:title>Harbour</dc:title>
        <dc:creator opf:role="aut">Anonymous</dc:creator>
        <dc:language>en</dc:language>
        <dc:subject>Angst</dc:subject>
        <meta name="calibre:timestamp" content="2024-01-01T00:00:00+00:00"/>
    </metadata>
    <manifest>
        <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
        <item id="c1" href="c1.html" media-type="application/xhtml+xml"/>
    </manifest>
    <spine toc="ncx">
        <itemref idref="c1"/>
    </spine>
</package>
"#;

const NCX: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="9d716567-9ba8-4073-bd7a-931e69cc046d"/></head>
  <docTitle><text>Harbour</text></docTitle>
  <navMap><navPoint id="n1" playOrder="1"><navLabel><text>One</text></navLabel><content src="c1.html"/></navPoint></navMap>
</ncx>"#;

fn calibre_epub() -> Vec<u8> {
    zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", CALIBRE_OPF.as_bytes()),
        ("OEBPS/toc.ncx", NCX.as_bytes()),
        ("OEBPS/c1.html", xhtml("One", "<p>The boats came back at dawn.</p>").as_bytes()),
    ])
}

fn tags(warnings: &[&str], rating: &str) -> TagSet {
    TagSet { warnings: warnings.iter().map(|w| w.to_string()).collect(), rating: Some(rating.to_string()) }
}

/// One entry as stored: name, method, CRC, and the compressed bytes.
#[derive(Debug, PartialEq, Eq)]
struct RawEntry {
    name: String,
    method: String,
    crc: u32,
    data: Vec<u8>,
}

fn raw_entries(book: &[u8]) -> Vec<RawEntry> {
    let mut archive = ZipArchive::new(Cursor::new(book)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index_raw(i).expect("entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("raw bytes");
            RawEntry {
                name: file.name().to_string(),
                method: format!("{:?}", file.compression()),
                crc: file.crc32(),
                data,
            }
        })
        .collect()
}

fn entry_text(book: &[u8], name: &str) -> String {
    let mut archive = ZipArchive::new(Cursor::new(book)).expect("zip");
    let mut text = String::new();
    archive.by_name(name).expect("entry").read_to_string(&mut text).expect("utf-8 entry");
    text
}

/// Reads with rbook in strict mode (identifier, title, language, version, table of contents
/// required) and reads every spine document.
fn rbook_read(book: &[u8]) -> rbook::Epub {
    let epub =
        rbook::Epub::options().strict(true).read(Cursor::new(book.to_vec())).unwrap_or_else(|e| panic!("rbook: {e}"));
    for content in epub.reader() {
        let content = content.unwrap_or_else(|e| panic!("rbook chapter: {e}"));
        assert!(!content.content().is_empty());
    }
    epub
}

fn rbook_subjects(epub: &rbook::Epub) -> Vec<String> {
    epub.metadata().by_property("dc:subject").map(|s| s.value().to_string()).collect()
}

fn rbook_column(epub: &rbook::Epub, name: &str) -> Vec<serde_json::Value> {
    epub.metadata()
        .by_property(name)
        .map(|m| serde_json::from_str(m.value()).unwrap_or_else(|e| panic!("column JSON: {e}")))
        .collect()
}

/// The text forewarn's own reader gets out of a book.
fn ingest_text(book: &[u8]) -> String {
    let mut items = forewarn_ingest::read_bytes(
        "book.epub",
        book,
        forewarn_ingest::InputFormat::Epub,
        &forewarn_ingest::Limits::default(),
    );
    assert_eq!(items.len(), 1);
    items.remove(0).result.unwrap_or_else(|e| panic!("forewarn-ingest: {e}")).text
}

#[test]
fn tagged_epub3_is_valid_and_only_the_opf_changed() {
    let book = ao3_epub();
    let tagged =
        tag_epub(&book, &tags(&["Rape/Non-Con", "Graphic Depictions Of Violence"], "Explicit"), &TagOptions::default())
            .expect("tag");

    // Every entry keeps its name and position; every entry but the OPF keeps its stored bytes.
    let (before, after) = (raw_entries(&book), raw_entries(&tagged));
    assert_eq!(before.iter().map(|e| &e.name).collect::<Vec<_>>(), after.iter().map(|e| &e.name).collect::<Vec<_>>());
    for (b, a) in before.iter().zip(&after) {
        if b.name == "OEBPS/content.opf" {
            assert_eq!(a.method, b.method);
            assert_ne!(a.data, b.data);
        } else {
            assert_eq!(a, b, "entry {} changed", b.name);
        }
    }
    // `mimetype` is still the first entry, stored, with no extra field (OCF's magic at byte 30).
    assert_eq!(&tagged[30..58], b"mimetypeapplication/epub+zip");
    assert_eq!(ZipArchive::new(Cursor::new(&tagged)).expect("zip").comment(), b"made in a test");

    // Inside the OPF only forewarn's lines were added.
    let opf = entry_text(&tagged, "OEBPS/content.opf");
    let forewarn_lines: Vec<&str> = opf.lines().filter(|l| l.contains("CW: ") || l.contains("forewarn")).collect();
    assert_eq!(forewarn_lines.len(), 5, "{opf}");
    let without: Vec<&str> = opf.lines().filter(|l| !forewarn_lines.contains(l)).collect();
    assert_eq!(without.join("\n"), AO3_OPF);
    assert!(opf.contains(
        "    <meta name=\"calibre:user_metadata:#freeformtags\" content=\"{&quot;datatype&quot;: &quot;text&quot;, &quot;#value#&quot;: [&quot;Slow Burn&quot;]}\"/>\n    <dc:subject id=\"forewarn-subject-1\">CW: Rape/Non-Con</dc:subject>\n"
    ), "{opf}");

    // A second reader sees a valid book with the new subjects and the Calibre column.
    let epub = rbook_read(&tagged);
    assert_eq!(
        rbook_subjects(&epub),
        [
            "Teen And Up Audiences",
            "Angst",
            "Fluff",
            "CW: Rape/Non-Con",
            "CW: Graphic Depictions Of Violence",
            "Rating (forewarn): Explicit"
        ]
    );
    let column = rbook_column(&epub, "calibre:user_metadata:#cw");
    assert_eq!(column.len(), 1);
    assert_eq!(column[0]["datatype"], "text");
    assert_eq!(column[0]["is_multiple2"]["ui_to_list"], ",");
    assert_eq!(
        column[0]["#value#"],
        serde_json::json!(["Rape/Non-Con", "Graphic Depictions Of Violence", "Rating: Explicit"])
    );
    assert_eq!(rbook_column(&epub, "calibre:user_metadata:#freeformtags").len(), 1);
    // The ownership marker lists the three subjects forewarn wrote.
    let marker: Vec<String> = epub.metadata().by_property("forewarn:subjects").map(|m| m.value().to_string()).collect();
    assert_eq!(marker, ["forewarn-subject-1 forewarn-subject-2 forewarn-subject-3"]);

    // forewarn's own reader gets the same story out of it.
    assert_eq!(ingest_text(&tagged), ingest_text(&book));
}

#[test]
fn retagging_replaces_only_forewarn_entries() {
    let book = ao3_epub();
    let options = TagOptions::default();
    let first = tag_epub(&book, &tags(&["Rape/Non-Con", "Violence"], "Explicit"), &options).expect("tag");
    let second = tag_epub(&first, &tags(&["Death"], "Mature"), &options).expect("retag");

    let epub = rbook_read(&second);
    assert_eq!(
        rbook_subjects(&epub),
        ["Teen And Up Audiences", "Angst", "Fluff", "CW: Death", "Rating (forewarn): Mature"]
    );
    let column = rbook_column(&epub, "calibre:user_metadata:#cw");
    assert_eq!(column.len(), 1);
    assert_eq!(column[0]["#value#"], serde_json::json!(["Death", "Rating: Mature"]));
    assert_eq!(rbook_column(&epub, "calibre:user_metadata:#freeformtags").len(), 1);

    // Tagging is deterministic and idempotent, and re-tagging never touches the other entries.
    assert_eq!(tag_epub(&second, &tags(&["Death"], "Mature"), &options).expect("again"), second);
    assert_eq!(tag_epub(&book, &tags(&["Death"], "Mature"), &options).expect("fresh"), second);
    let kept = |b: &[u8]| raw_entries(b).into_iter().filter(|e| e.name != "OEBPS/content.opf").collect::<Vec<_>>();
    assert_eq!(kept(&second), kept(&book));
}

/// The AO3 package with a subject the user wrote that starts like forewarn's, written with
/// an attribute and quoting forewarn would not use, so a rewrite would show.
fn opf_with_user_subject() -> String {
    AO3_OPF.replace(
        "    <dc:subject>Fluff</dc:subject>\n",
        "    <dc:subject>Fluff</dc:subject>\n    <dc:subject xml:lang='en'>CW: Spiders</dc:subject>\n",
    )
}

/// The package document's raw bytes.
fn opf_bytes(book: &[u8]) -> Vec<u8> {
    let mut archive = ZipArchive::new(Cursor::new(book)).expect("zip");
    let mut bytes = Vec::new();
    archive.by_name("OEBPS/content.opf").expect("opf").read_to_end(&mut bytes).expect("read opf");
    bytes
}

#[test]
fn a_users_cw_subject_survives_tagging_byte_for_byte() {
    let original = opf_with_user_subject();
    let book = ao3_epub_with(&original);
    let tw = TagOptions { prefix: "TW: ".into(), ..TagOptions::default() };
    let once = tag_epub(&book, &tags(&["Death"], "Mature"), &TagOptions::default()).expect("tag");
    let twice = tag_epub(&once, &tags(&["Violence"], "Explicit"), &tw).expect("retag with another prefix");
    let thrice = tag_epub(&twice, &TagSet::default(), &TagOptions::default()).expect("retag with nothing found");

    // forewarn inserts after the last child of <metadata>, so every byte of the original up to
    // there, the user's subject among them, is a prefix of the tagged OPF, and every byte from
    // the end of <metadata> on is a suffix.
    let split = original.find("\n  </metadata>").expect("end of metadata");
    let (head, tail) = original.as_bytes().split_at(split);
    assert!(head.ends_with(b"[&quot;Slow Burn&quot;]}\"/>"), "the split is after the last child");
    for (run, book) in [("tag", &once), ("retag", &twice), ("third run", &thrice)] {
        let opf = opf_bytes(book);
        assert!(opf.starts_with(head), "{run}: {}", String::from_utf8_lossy(&opf));
        assert!(opf.ends_with(tail), "{run}: {}", String::from_utf8_lossy(&opf));
        let user = b"    <dc:subject>Fluff</dc:subject>\n    <dc:subject xml:lang='en'>CW: Spiders</dc:subject>\n    <meta property=";
        assert_eq!(opf.windows(user.len()).filter(|w| w == user).count(), 1, "{run}");
    }
    // With nothing found, forewarn's subjects are gone and only its column is left.
    let opf = String::from_utf8(opf_bytes(&thrice)).expect("utf-8");
    assert_eq!(opf.len() - original.len(), opf.lines().find(|l| l.contains("#cw")).map_or(0, |l| l.len() + 1), "{opf}");
    assert_eq!(rbook_subjects(&rbook_read(&thrice)), ["Teen And Up Audiences", "Angst", "Fluff", "CW: Spiders"]);
}

#[test]
fn retagging_with_another_prefix_leaves_one_set() {
    let book = ao3_epub_with(&opf_with_user_subject());
    let tw = TagOptions { prefix: "TW: ".into(), ..TagOptions::default() };
    let found = tags(&["Death", "Violence"], "Mature");
    let cw = tag_epub(&book, &found, &TagOptions::default()).expect("tag");
    let retagged = tag_epub(&cw, &found, &tw).expect("retag");

    let epub = rbook_read(&retagged);
    assert_eq!(
        rbook_subjects(&epub),
        [
            "Teen And Up Audiences",
            "Angst",
            "Fluff",
            "CW: Spiders",
            "TW: Death",
            "TW: Violence",
            "Rating (forewarn): Mature"
        ]
    );
    assert_eq!(rbook_column(&epub, "calibre:user_metadata:#cw").len(), 1);
    // The same book as one tagged with "TW: " from the start, and another run changes nothing.
    assert_eq!(retagged, tag_epub(&book, &found, &tw).expect("fresh"));
    assert_eq!(tag_epub(&retagged, &found, &tw).expect("again"), retagged);
    // And back: no "TW: " left.
    let back = tag_epub(&retagged, &found, &TagOptions::default()).expect("back");
    assert_eq!(back, cw);
}

#[test]
fn a_book_tagged_before_the_marks_keeps_its_unmarked_subjects() {
    // What forewarn wrote before it marked its subjects, next to a subject of the user's.
    let legacy = AO3_OPF.replace(
        "    <dc:subject>Fluff</dc:subject>\n",
        "    <dc:subject>Fluff</dc:subject>\n    <dc:subject>CW: Spiders</dc:subject>\n    <dc:subject>CW: Death</dc:subject>\n    <dc:subject>Rating (forewarn): Teen And Up Audiences</dc:subject>\n",
    );
    let book = ao3_epub_with(&legacy);
    let retagged = tag_epub(&book, &tags(&["Death", "Violence"], "Mature"), &TagOptions::default()).expect("retag");
    // Unmarked "CW: " subjects cannot be told from the user's, so they stay (and "CW: Death" is
    // not written twice); the rating names forewarn, so it is replaced.
    let epub = rbook_read(&retagged);
    assert_eq!(
        rbook_subjects(&epub),
        [
            "Teen And Up Audiences",
            "Angst",
            "Fluff",
            "CW: Spiders",
            "CW: Death",
            "CW: Violence",
            "Rating (forewarn): Mature"
        ]
    );
    let opf = entry_text(&retagged, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta name=\"forewarn:subjects\" content=\"forewarn-subject-1 forewarn-subject-2\"/>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:subject id=\"forewarn-subject-1\">CW: Violence</dc:subject>"), "{opf}");
    assert_eq!(
        tag_epub(&retagged, &tags(&["Death", "Violence"], "Mature"), &TagOptions::default()).expect("again"),
        retagged
    );
}

#[test]
fn a_custom_prefix_and_column() {
    let options =
        TagOptions { prefix: "Warning - ".into(), column: "#warnings".into(), column_name: "Warnings".into() };
    let tagged = tag_epub(&ao3_epub(), &tags(&["Death"], "Mature"), &options).expect("tag");
    let epub = rbook_read(&tagged);
    let subjects = rbook_subjects(&epub);
    assert!(subjects.contains(&"Warning - Death".to_string()), "{subjects:?}");
    let column = rbook_column(&epub, "calibre:user_metadata:#warnings");
    assert_eq!(column[0]["name"], "Warnings");
    assert_eq!(column[0]["label"], "warnings");
}

#[test]
fn calibre_epub2_keeps_its_id_and_stays_valid() {
    let book = calibre_epub();
    assert_eq!(calibre_book_id(&book).expect("read id"), Some(95));
    let tagged = tag_epub(&book, &tags(&["Death"], "Teen And Up Audiences"), &TagOptions::default()).expect("tag");
    assert_eq!(calibre_book_id(&tagged).expect("read id"), Some(95));
    let epub = rbook_read(&tagged);
    assert_eq!(rbook_subjects(&epub), ["Angst", "CW: Death", "Rating (forewarn): Teen And Up Audiences"]);
    let opf = entry_text(&tagged, "OEBPS/content.opf");
    assert!(opf.contains(
        "<meta name=\"calibre:timestamp\" content=\"2024-01-01T00:00:00+00:00\"/>\n        <dc:subject id=\"forewarn-subject-1\">CW: Death</dc:subject>\n"
    ), "{opf}");
    assert_eq!(ingest_text(&tagged), ingest_text(&book));
    assert_eq!(calibre_book_id(&ao3_epub()).expect("read id"), None);
}

#[test]
fn errors_name_the_problem() {
    let options = TagOptions::default();
    let none = TagSet::default();
    let err = |book: &[u8]| tag_epub(book, &none, &options).expect_err("should fail");

    assert!(matches!(err(b"just some text"), TagError::NotEpub(_)));
    assert_eq!(err(b"").to_string(), "not an EPUB: the file is empty");
    assert!(matches!(err(b"PK\x03\x04 truncated"), TagError::NotEpub(_)));
    let no_container = zip(&[("mimetype", b"application/epub+zip"), ("a.txt", b"hi")]);
    assert_eq!(err(&no_container).to_string(), "not an EPUB: META-INF/container.xml is missing");
    let no_opf = zip(&[("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER.as_bytes())]);
    assert!(matches!(err(&no_opf), TagError::MissingPackage(p) if p == "OEBPS/content.opf"));
    let broken = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", b"<package><metadata><dc:title>x</metadata></package>"),
    ]);
    let message = err(&broken).to_string();
    assert!(message.starts_with("the package document 'OEBPS/content.opf' is not well-formed XML"), "{message}");
    assert!(check_epub(&broken).is_err());
    assert!(check_epub(&ao3_epub()).is_ok());

    let bad = TagOptions { prefix: " ".into(), ..TagOptions::default() };
    assert!(matches!(tag_epub(&ao3_epub(), &none, &bad), Err(TagError::EmptyPrefix)));
    let bad = TagOptions { column: "cw".into(), ..TagOptions::default() };
    assert!(matches!(tag_epub(&ao3_epub(), &none, &bad), Err(TagError::BadColumn(_))));
}
