//! The ZIP side: finding the package document through `META-INF/container.xml`, and writing
//! a new archive in which only that entry is new. Every other entry goes through
//! `ZipWriter::raw_copy_file`, so its compressed bytes, name and position are the original's
//! (and `mimetype` stays first and stored when it was).

use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::opf::{self, NewMetadata};
use crate::{calibre, TagError, TagOptions, TagSet};

/// Largest `container.xml` or OPF read (decompressed); real ones are a few kilobytes.
const MAX_XML_BYTES: u64 = 16 << 20;

const CONTAINER: &str = "META-INF/container.xml";

/// The book with forewarn's tags written into its OPF: the subjects an earlier run marked as
/// forewarn's (whatever their prefix), an unmarked [`RATING_SUBJECT_PREFIX`](crate::RATING_SUBJECT_PREFIX)
/// subject and the earlier Calibre column are replaced; every other subject, every other entry
/// and every other byte of the OPF stay as they were. A warning subject the book already has,
/// word for word, in a subject forewarn does not own is not written twice.
pub fn tag_epub(book: &[u8], tags: &TagSet, options: &TagOptions) -> Result<Vec<u8>, TagError> {
    options.validate()?;
    let mut archive = open(book)?;
    let (index, path) = package(&mut archive)?;
    let opf = read_entry(&mut archive, index, &path)?;
    let subjects = tags.subjects(options);
    let column_json = calibre::calibre_column_json(tags, options).to_string();
    let new = NewMetadata { subjects: &subjects, column: &options.column, column_json: &column_json };
    let opf = opf::edit(&opf, &path, &new)?;
    rewrite(&mut archive, index, &opf, book.len()).map_err(|e| TagError::Write(describe(&e)))
}

/// Checks that a book can be tagged: a ZIP with `META-INF/container.xml` naming a package
/// document that is well-formed and has `<metadata>`.
pub fn check_epub(book: &[u8]) -> Result<(), TagError> {
    let mut archive = open(book)?;
    let (index, path) = package(&mut archive)?;
    let opf = read_entry(&mut archive, index, &path)?;
    opf::check(&opf, &path)
}

/// The Calibre book id recorded in the OPF (`<dc:identifier opf:scheme="calibre">`), if any.
pub fn calibre_book_id(book: &[u8]) -> Result<Option<u64>, TagError> {
    let mut archive = open(book)?;
    let (index, path) = package(&mut archive)?;
    let opf = read_entry(&mut archive, index, &path)?;
    opf::check(&opf, &path)?;
    opf::calibre_id(&opf, &path)
}

fn open(book: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>, TagError> {
    if !book.starts_with(b"PK") {
        return Err(TagError::NotEpub(if book.is_empty() { "the file is empty" } else { "not a zip archive" }.into()));
    }
    let archive = ZipArchive::new(Cursor::new(book))
        .map_err(|e| TagError::NotEpub(format!("not a readable zip archive ({})", describe(&e))))?;
    if archive.index_for_name(CONTAINER).is_none() {
        return Err(TagError::NotEpub(format!("{CONTAINER} is missing")));
    }
    Ok(archive)
}

/// The index and name of the package document named in `container.xml`.
fn package(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(usize, String), TagError> {
    let index =
        archive.index_for_name(CONTAINER).ok_or_else(|| TagError::NotEpub(format!("{CONTAINER} is missing")))?;
    let container = read_entry(archive, index, CONTAINER)?;
    let full_path = rootfile(&container).ok_or(TagError::NoRootfile)?;
    let wanted = full_path.trim_start_matches('/');
    let decoded = percent_decode(wanted);
    let found = archive.index_for_name(wanted).or_else(|| archive.index_for_name(&decoded)).or_else(|| {
        (0..archive.len()).find(|&i| archive.name_for_index(i).is_some_and(|n| n.eq_ignore_ascii_case(&decoded)))
    });
    let index = found.ok_or_else(|| TagError::MissingPackage(full_path.clone()))?;
    let name = archive.name_for_index(index).unwrap_or(wanted).to_string();
    Ok((index, name))
}

/// An entry's decompressed bytes, at most [`MAX_XML_BYTES`].
fn read_entry(archive: &mut ZipArchive<Cursor<&[u8]>>, index: usize, name: &str) -> Result<Vec<u8>, TagError> {
    let entry_error = |reason: String| TagError::Entry { name: name.to_string(), reason };
    let file = archive.by_index(index).map_err(|e| entry_error(describe(&e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_XML_BYTES + 1).read_to_end(&mut bytes).map_err(|e| entry_error(e.to_string()))?;
    if bytes.len() as u64 > MAX_XML_BYTES {
        return Err(entry_error(format!("larger than {} MiB", MAX_XML_BYTES >> 20)));
    }
    Ok(bytes)
}

/// The first rootfile's `full-path` (preferring the OPF media type), as written.
fn rootfile(container: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(container);
    let mut fallback = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"rootfile" => {
                let mut path = None;
                let mut media_type = None;
                for a in e.attributes().flatten() {
                    let value = a.unescape_value().map(|v| v.into_owned()).ok();
                    match a.key.local_name().as_ref() {
                        b"full-path" => path = value,
                        b"media-type" => media_type = value,
                        _ => {}
                    }
                }
                let Some(path) = path.filter(|p| !p.trim().is_empty()) else { continue };
                if media_type.as_deref() == Some("application/oebps-package+xml") {
                    return Some(path);
                }
                fallback = fallback.or(Some(path));
            }
            Ok(Event::Eof) | Err(_) => return fallback,
            Ok(_) => {}
        }
    }
}

/// `%20` and friends decoded (invalid sequences are kept as they are).
fn percent_decode(s: &str) -> String {
    match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => s.to_string(),
    }
}

/// Copies every entry raw except `opf_index`, which gets `opf` (same name, position,
/// timestamp, permissions; deflated unless the original was stored).
fn rewrite(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    opf_index: usize,
    opf: &[u8],
    size_hint: usize,
) -> Result<Vec<u8>, ZipError> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(size_hint + opf.len())));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i)?;
        if i == opf_index {
            let name = file.name().to_string();
            let method = match file.compression() {
                CompressionMethod::Stored => CompressionMethod::Stored,
                _ => CompressionMethod::Deflated,
            };
            let options: SimpleFileOptions = file.options().compression_method(method);
            drop(file);
            writer.start_file(name, options)?;
            writer.write_all(opf)?;
        } else {
            writer.raw_copy_file(file)?;
        }
    }
    writer.set_raw_comment(archive.comment().into());
    Ok(writer.finish()?.into_inner())
}

fn describe(e: &ZipError) -> String {
    match e {
        ZipError::Io(e) => e.to_string(),
        ZipError::InvalidArchive(reason) => reason.to_string(),
        ZipError::UnsupportedArchive(reason) => format!("unsupported: {reason}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rootfile_prefers_the_package_media_type() {
        let c = br#"<container><rootfiles><rootfile full-path="a.pdf" media-type="application/pdf"/><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#;
        assert_eq!(rootfile(c).as_deref(), Some("OEBPS/content.opf"));
        assert_eq!(rootfile(b"<container/>"), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
