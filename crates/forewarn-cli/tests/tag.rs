//! `forewarn tag`: the EPUB it writes (checked with forewarn's reader and with `rbook`, an
//! independent one), `--format calibre`, exit codes, and a book that survives SIGKILL at any
//! point of an in-place write.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// A test folder with its own result cache.
struct Sandbox {
    dir: TempDir,
    cache: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("tempdir"), cache: tempfile::tempdir().expect("cache dir") }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    fn forewarn(&self) -> Command {
        let mut cmd = Command::cargo_bin("forewarn").expect("forewarn binary");
        cmd.env("NO_COLOR", "1").env("FOREWARN_CACHE_DIR", self.cache.path()).current_dir(self.dir.path());
        cmd
    }
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        // `mimetype` and pictures are stored, as EPUB tools do; text is deflated.
        let stored = *name == "mimetype" || name.ends_with(".png");
        let method = if stored { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        writer.start_file(*name, SimpleFileOptions::default().compression_method(method)).expect("start entry");
        writer.write_all(data).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

fn opf(identifiers: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier id="id">urn:uuid:0</dc:identifier>{identifiers}
    <dc:title>The Siege</dc:title>
    <dc:language>en</dc:language>
    <dc:subject>Mature</dc:subject>
    <dc:subject>Angst</dc:subject>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="Text/chapter_1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="Text/chapter_2.xhtml" media-type="application/xhtml+xml"/>
    <item id="map" href="Images/map.png" media-type="image/png"/>
  </manifest>
  <spine>
    <itemref idref="c1"/>
    <itemref idref="c2"/>
  </spine>
</package>"#
    )
}

fn xhtml(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xmlns:epub=\"http://www.idpf.org/2007/ops\">\n<head><title>{title}</title></head>\n<body>\n<h2>{title}</h2>\n{body}</body>\n</html>\n"
    )
}

const NAV: &str = "<nav epub:type=\"toc\" id=\"toc\"><ol>\n  <li><a href=\"Text/chapter_1.xhtml\">The Wall</a></li>\n  <li><a href=\"Text/chapter_2.xhtml\">After</a></li>\n</ol></nav>";

/// An EPUB 3 whose story has violence and a death in it, with a stored picture of
/// `picture_bytes` (noise, so it does not compress).
fn book(identifiers: &str, picture_bytes: usize) -> Vec<u8> {
    let chapter_1 = xhtml(
        "The Wall",
        &[
            "The soldiers came over the wall at dawn.",
            "Aren drove his sword into the first man's belly and twisted it, and blood poured over the stones.",
            "The second soldier smashed his skull with a mace until the bone cracked and he stopped moving.",
            "Mira screamed as they dragged her brother into the yard and beat him with their fists.",
        ],
    );
    let chapter_2 = xhtml(
        "After",
        &[
            "By noon Aren was dead, his throat cut, his eyes open to the sky.",
            "Mira knelt beside his body and wept. They buried him under the old oak.",
        ],
    );
    let mut noise = Vec::with_capacity(picture_bytes);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    while noise.len() < picture_bytes {
        state = xorshift(state);
        noise.extend_from_slice(&state.to_le_bytes());
    }
    noise.truncate(picture_bytes);
    let opf = opf(identifiers);
    let nav = xhtml("Contents", &[NAV]);
    zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/nav.xhtml", nav.as_bytes()),
        ("OEBPS/Text/chapter_1.xhtml", chapter_1.as_bytes()),
        ("OEBPS/Text/chapter_2.xhtml", chapter_2.as_bytes()),
        ("OEBPS/Images/map.png", &noise),
    ])
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

const CALIBRE_ID: &str = "\n    <dc:identifier opf:scheme=\"calibre\" id=\"calibre_id\">95</dc:identifier>";

/// What `forewarn scan --format json` reports: the warning names and the rating level.
fn scanned(sandbox: &Sandbox, path: &Path) -> (Vec<String>, String) {
    let output = sandbox.forewarn().args(["scan", "--format", "json"]).arg(path).output().expect("run scan");
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("scan JSON: an array");
    let [report] = entries.as_slice() else { panic!("one input, one entry: {entries:?}") };
    let warnings = report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["name"].as_str().expect("name").to_string())
        .collect();
    (warnings, report["rating"]["level"].as_str().expect("rating").to_string())
}

fn ao3_rating(level: &str) -> &'static str {
    match level {
        "general" => "General Audiences",
        "teen" => "Teen And Up Audiences",
        "mature" => "Mature",
        "explicit" => "Explicit",
        other => panic!("unknown rating level {other}"),
    }
}

/// Reads a book with rbook in strict mode (and every chapter), returning its subjects and
/// the values of the `#cw` column.
fn rbook_read(book: &[u8]) -> (Vec<String>, Vec<String>) {
    let epub =
        rbook::Epub::options().strict(true).read(Cursor::new(book.to_vec())).unwrap_or_else(|e| panic!("rbook: {e}"));
    for content in epub.reader() {
        content.unwrap_or_else(|e| panic!("rbook chapter: {e}"));
    }
    let subjects = epub.metadata().by_property("dc:subject").map(|s| s.value().to_string()).collect();
    let column: Vec<String> = epub
        .metadata()
        .by_property("calibre:user_metadata:#cw")
        .flat_map(|m| {
            let json: serde_json::Value = serde_json::from_str(m.value()).expect("column JSON");
            json["#value#"]
                .as_array()
                .expect("#value#")
                .iter()
                .map(|v| v.as_str().expect("text").to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    (subjects, column)
}

/// Reads a book with forewarn's own reader; returns its story text.
fn ingest_read(book: &[u8]) -> String {
    let mut items = forewarn_ingest::read_bytes(
        "book.epub",
        book,
        forewarn_ingest::InputFormat::Epub,
        &forewarn_ingest::Limits::default(),
    );
    items.remove(0).result.unwrap_or_else(|e| panic!("forewarn-ingest: {e}")).text
}

/// Every entry's name and stored (compressed) bytes, in order.
fn raw_entries(book: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(book)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index_raw(i).expect("entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("raw bytes");
            (file.name().to_string(), data)
        })
        .collect()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn output_writes_a_tagged_copy_and_leaves_the_original() {
    let sandbox = Sandbox::new();
    let original = book("", 1024);
    let path = sandbox.write("siege.epub", &original);
    let (warnings, level) = scanned(&sandbox, &path);
    assert!(!warnings.is_empty(), "the test book should have warnings");

    let output = sandbox.forewarn().args(["tag", "siege.epub", "-o", "tagged.epub"]).output().expect("run tag");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(std::fs::read(&path).expect("read original"), original, "the original is untouched");
    let tagged = std::fs::read(sandbox.path("tagged.epub")).expect("read copy");

    let mut expected: Vec<String> = vec!["Mature".into(), "Angst".into()];
    expected.extend(warnings.iter().map(|w| format!("CW: {w}")));
    expected.push(format!("Rating (forewarn): {}", ao3_rating(&level)));
    let (subjects, column) = rbook_read(&tagged);
    assert_eq!(subjects, expected);
    let mut expected_column = warnings.clone();
    expected_column.push(format!("Rating: {}", ao3_rating(&level)));
    assert_eq!(column, expected_column);
    assert_eq!(ingest_read(&tagged), ingest_read(&original));

    let (before, after) = (raw_entries(&original), raw_entries(&tagged));
    assert_eq!(before.len(), after.len());
    for ((name_b, data_b), (name_a, data_a)) in before.iter().zip(&after) {
        assert_eq!(name_a, name_b);
        if name_b != "OEBPS/content.opf" {
            assert_eq!(data_a, data_b, "{name_b} changed");
        }
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("tagged.epub: CW: "), "{stdout}");
}

#[test]
fn in_place_replaces_the_book_and_retagging_is_stable() {
    let sandbox = Sandbox::new();
    let original = book("", 1024);
    let path = sandbox.write("siege.epub", &original);
    sandbox.forewarn().args(["tag", "--in-place", "siege.epub"]).assert().code(0);
    let once = std::fs::read(&path).expect("read");
    assert_ne!(once, original);
    let (subjects, _) = rbook_read(&once);
    assert!(subjects.iter().any(|s| s.starts_with("CW: ")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.starts_with("Rating (forewarn): ")), "{subjects:?}");

    // Tagging the tagged book changes nothing (forewarn's entries are replaced, not added).
    sandbox.forewarn().args(["tag", "--in-place", "siege.epub"]).assert().code(0);
    assert_eq!(std::fs::read(&path).expect("read"), once);
    let names: Vec<String> = std::fs::read_dir(sandbox.dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["siege.epub"], "no temporary file is left behind");
}

#[test]
fn calibre_format_prints_set_custom_commands() {
    let sandbox = Sandbox::new();
    let with_id = book(CALIBRE_ID, 64);
    let path = sandbox.write("calibre.epub", &with_id);
    let (warnings, level) = scanned(&sandbox, &path);
    let output = sandbox.forewarn().args(["tag", "--format", "calibre", "calibre.epub"]).output().expect("run tag");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut values = warnings.clone();
    values.push(format!("Rating: {}", ao3_rating(&level)));
    let line = format!("calibredb set_custom cw 95 '{}'", values.join(",").replace('\'', r"'\''"));
    assert!(stdout.lines().any(|l| l == line), "expected {line:?} in:\n{stdout}");
    assert!(stdout.contains("calibredb add_custom_column --is-multiple cw 'Content Warnings' text"), "{stdout}");
    assert_eq!(std::fs::read(&path).expect("read"), with_id, "--format calibre writes nothing");

    sandbox.write("plain.epub", &book("", 64));
    let output = sandbox
        .forewarn()
        .args(["tag", "--format", "calibre", "--column", "#warn", "plain.epub"])
        .output()
        .expect("run tag");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("# plain.epub: no Calibre book id"), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("calibredb set_custom warn BOOK_ID '")), "{stdout}");
}

#[test]
fn errors_exit_2_with_the_path() {
    let sandbox = Sandbox::new();
    sandbox.write("siege.epub", &book("", 64));
    sandbox.write("story.txt", b"She opened the window and listened to the rain.");
    let broken = zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", b"<package><metadata><dc:title>T</metadata></package>"),
    ]);
    sandbox.write("broken.epub", &broken);

    std::fs::create_dir(sandbox.path("out")).expect("mkdir");
    let cases: [(&[&str], &str); 9] = [
        (&["tag", "missing.epub", "-o", "out.epub"], "error: missing.epub: file not found"),
        (&["tag", "story.txt", "-o", "out.epub"], "error: story.txt: not an EPUB: not a zip archive"),
        (
            &["tag", "broken.epub", "--in-place"],
            "error: broken.epub: the package document 'OEBPS/content.opf' is not well-formed XML",
        ),
        (&["tag", "siege.epub"], "error: siege.epub: nowhere to write the tagged book"),
        (&["tag", "siege.epub", "--format", "calibre", "--in-place"], "error: --format calibre prints commands"),
        (&["tag", "siege.epub", "--in-place", "--prefix", ""], "error: the subject prefix must not be empty"),
        (&["tag", "siege.epub", "-o", "missing/"], "error: missing/: no such folder"),
        (&["tag", "siege.epub", "-o", "story.txt/"], "error: story.txt/: not a folder"),
        (&["tag", "siege.epub", "-o", "."], "error: ./siege.epub: writing into . would replace the book itself"),
    ];
    for (args, message) in cases {
        let output = sandbox.forewarn().args(args).output().expect("run tag");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with(message), "{args:?}: expected {message:?}, got {stderr:?}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!sandbox.path("out.epub").exists());
    assert!(!sandbox.path("missing").exists(), "forewarn does not create folders");
    assert_eq!(std::fs::read(sandbox.path("broken.epub")).expect("read"), broken);
    assert_eq!(std::fs::read(sandbox.path("siege.epub")).expect("read"), book("", 64), "-o . left the book alone");
}

#[test]
fn output_into_a_folder_keeps_the_books_file_name() {
    let sandbox = Sandbox::new();
    let original = book("", 64);
    sandbox.write("siege.epub", &original);
    std::fs::create_dir(sandbox.path("out")).expect("mkdir");

    // A path ending in '/', and an existing folder without one, both mean "into this folder".
    for output in ["out/", "out"] {
        let _ = std::fs::remove_file(sandbox.path("out/siege.epub"));
        let run = sandbox.forewarn().args(["tag", "siege.epub", "-o", output]).output().expect("run tag");
        assert_eq!(run.status.code(), Some(0), "-o {output}: {}", stderr_of(&run));
        let stdout = String::from_utf8_lossy(&run.stdout);
        let written = Path::new(output).join("siege.epub");
        assert!(stdout.starts_with(&format!("{}: CW: ", written.display())), "-o {output}: {stdout}");
        let tagged = std::fs::read(sandbox.path("out/siege.epub")).expect("the copy is in the folder");
        let (subjects, _) = rbook_read(&tagged);
        assert!(subjects.iter().any(|s| s.starts_with("CW: ")), "-o {output}: {subjects:?}");
    }
    assert_eq!(std::fs::read(sandbox.path("siege.epub")).expect("read"), original);
}

/// The book's package document, raw.
fn opf_bytes(book: &[u8]) -> Vec<u8> {
    let mut archive = ZipArchive::new(Cursor::new(book)).expect("zip");
    let mut bytes = Vec::new();
    archive.by_name("OEBPS/content.opf").expect("opf").read_to_end(&mut bytes).expect("read opf");
    bytes
}

#[test]
fn retagging_with_another_prefix_replaces_forewarns_subjects_and_keeps_the_users() {
    let sandbox = Sandbox::new();
    // A subject the user wrote that starts like forewarn's (put in after the identifier).
    let user = "\n    <dc:subject>CW: Spiders</dc:subject>";
    let original = book(user, 64);
    let path = sandbox.write("siege.epub", &original);
    let (warnings, level) = scanned(&sandbox, &path);
    assert!(!warnings.is_empty(), "the test book should have warnings");

    sandbox.forewarn().args(["tag", "--in-place", "siege.epub"]).assert().code(0);
    sandbox.forewarn().args(["tag", "--in-place", "siege.epub", "--prefix", "TW: "]).assert().code(0);
    let retagged = std::fs::read(&path).expect("read");

    let mut expected: Vec<String> = vec!["CW: Spiders".into(), "Mature".into(), "Angst".into()];
    expected.extend(warnings.iter().map(|w| format!("TW: {w}")));
    expected.push(format!("Rating (forewarn): {}", ao3_rating(&level)));
    let (subjects, column) = rbook_read(&retagged);
    assert_eq!(subjects, expected);
    assert_eq!(column.len(), warnings.len() + 1, "one column, not two: {column:?}");

    // The user's subject and the lines around it are the original bytes.
    let around =
        format!("<dc:identifier id=\"id\">urn:uuid:0</dc:identifier>{user}\n    <dc:title>The Siege</dc:title>\n");
    let opf = opf_bytes(&retagged);
    assert!(opf.windows(around.len()).any(|w| w == around.as_bytes()), "{}", String::from_utf8_lossy(&opf));

    // Once more with the same prefix: nothing changes.
    sandbox.forewarn().args(["tag", "--in-place", "siege.epub", "--prefix", "TW: "]).assert().code(0);
    assert_eq!(std::fs::read(&path).expect("read"), retagged);
}

/// What a kill left on disk.
#[derive(Debug, Default)]
struct Tally {
    untouched: usize,
    tagged: usize,
    killed: usize,
    during_write: usize,
}

/// Names of the temporary files `forewarn tag` writes before renaming.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".forewarn-")))
        .collect()
}

#[test]
fn sigkill_during_an_in_place_write_never_damages_the_book() {
    let sandbox = Sandbox::new();
    // A large stored picture makes writing and syncing the book take milliseconds.
    let original = book("", 12 << 20);
    let path = sandbox.path("siege.epub");
    std::fs::write(&path, &original).expect("write book");

    // One run to the end: the expected result, and a warm cache so later runs spend their
    // time reading, tagging and writing rather than analysing.
    let started = Instant::now();
    sandbox.forewarn().args(["tag", "--in-place", "siege.epub"]).assert().code(0);
    let full_run = started.elapsed();
    let expected = std::fs::read(&path).expect("read tagged");
    assert_ne!(expected, original);
    rbook_read(&expected);
    assert_eq!(ingest_read(&expected), ingest_read(&original));
    std::fs::write(&path, &original).expect("restore");
    let started = Instant::now();
    sandbox.forewarn().args(["tag", "--in-place", "siege.epub"]).assert().code(0);
    let warm_run = started.elapsed().max(Duration::from_millis(1));

    let binary = assert_cmd::cargo::cargo_bin("forewarn");
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    let mut random = seed;
    let mut tally = Tally::default();
    let iterations = 36;
    for i in 0..iterations {
        std::fs::write(&path, &original).expect("restore");
        let mut child = std::process::Command::new(&binary)
            .args(["tag", "--in-place", "siege.epub"])
            .current_dir(sandbox.dir.path())
            .env("FOREWARN_CACHE_DIR", sandbox.cache.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn forewarn");
        random = xorshift(random);
        if i % 2 == 0 {
            // Anywhere in the run, from start-up to the rename.
            let micros = random % (warm_run.as_micros() as u64 * 11 / 10 + 1);
            std::thread::sleep(Duration::from_micros(micros));
        } else {
            // Aimed at the write: wait for the temporary file, then a little more.
            let deadline = Instant::now() + warm_run * 4 + Duration::from_secs(2);
            while temporaries(sandbox.dir.path()).is_empty() && Instant::now() < deadline {
                if child.try_wait().expect("poll child").is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(Duration::from_micros(random % 20_000));
        }
        // SIGKILL on Unix: no destructor, no cleanup runs.
        let _ = child.kill();
        let status = child.wait().expect("wait for forewarn");
        if status.code().is_none() {
            tally.killed += 1;
        }
        let leftovers = temporaries(sandbox.dir.path());
        if !leftovers.is_empty() && status.code().is_none() {
            tally.during_write += 1;
        }
        for leftover in leftovers {
            std::fs::remove_file(leftover).expect("remove temporary file");
        }

        let on_disk = std::fs::read(&path).expect("the book is still there");
        if on_disk == original {
            tally.untouched += 1;
        } else {
            assert_eq!(
                on_disk.len(),
                expected.len(),
                "iteration {i} (seed {seed}): the book is neither the original nor the tagged one ({status})"
            );
            assert!(on_disk == expected, "iteration {i} (seed {seed}): the book differs from the tagged one");
            tally.tagged += 1;
        }
        // Either way, both readers open it.
        rbook_read(&on_disk);
        ingest_read(&on_disk);
    }
    eprintln!("SIGKILL test (seed {seed}, full run {full_run:?}, warm run {warm_run:?}): {tally:?}");
    assert_eq!(tally.untouched + tally.tagged, iterations);
    assert!(tally.killed > iterations / 3, "most runs should have been killed, not finished: {tally:?}");
    assert!(tally.during_write > 0, "no kill landed while the book was being written: {tally:?}");
}
