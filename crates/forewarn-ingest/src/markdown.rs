//! Markdown (CommonMark, via pulldown-cmark): paragraphs and headings from the markup,
//! chapters from the top heading level used at least twice, scene breaks from thematic
//! breaks.
//!
//! Fiction bends Markdown in two ways handled here: paragraphs indented by four spaces parse
//! as indented code, which is read as prose rather than dropped; and a bare `~~~` line used
//! as a scene break opens a code fence that never closes, which is read as a scene break.
//! Fenced code with a closing fence, HTML blocks and images are skipped.

use std::ops::Range;

use forewarn_core::{Document, DocumentBuilder, SourceFormat, SourceRef};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::decode::{decode_text, Decoded};
use crate::IngestError;

/// Text and its range in the decoded input.
type Piece = (String, Range<usize>);

/// A flattened Markdown event.
#[derive(Debug)]
enum Md {
    Text(String, Range<usize>),
    HeadingStart(u8),
    HeadingEnd,
    ParagraphEnd,
    SceneBreak,
}

/// Reads a Markdown work.
pub(crate) fn read(name: &str, bytes: &[u8], limits: &crate::Limits) -> Result<Document, IngestError> {
    let decoded = decode_text(bytes)?;
    limits.check_text(&decoded.text)?;
    let (events, front_title) = flatten(&decoded.text);

    let mut count = [0usize; 7];
    for e in &events {
        if let Md::HeadingStart(level) = e {
            count[usize::from(*level)] += 1;
        }
    }
    let chapter_level = (1..=6).find(|&l| count[l] >= 2);
    let single_h1 = count[1] == 1;

    let mut builder = DocumentBuilder::new(SourceFormat::Md, vec![name.to_string()]);
    // An open heading: its level and its text pieces, held until its end says whether it
    // starts a chapter.
    let mut heading: Option<(u8, Vec<Piece>)> = None;
    let mut title = front_title;
    for event in events {
        match event {
            Md::Text(text, range) => match heading.as_mut() {
                Some((_, pieces)) => pieces.push((text, range)),
                None => push(&mut builder, &decoded, &text, range),
            },
            Md::HeadingStart(level) => {
                builder.end_paragraph();
                heading = Some((level, Vec::new()));
            }
            Md::HeadingEnd => {
                let Some((level, pieces)) = heading.take() else { continue };
                let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
                if single_h1 && level == 1 && title.is_none() {
                    title = Some(crate::html::collapse(&text));
                }
                if Some(usize::from(level)) == chapter_level {
                    builder.start_chapter(Some(text));
                }
                for (text, range) in pieces {
                    push(&mut builder, &decoded, &text, range);
                }
                builder.mark_heading();
                builder.end_paragraph();
            }
            Md::ParagraphEnd => builder.end_paragraph(),
            Md::SceneBreak => builder.scene_break(),
        }
    }
    let meta = builder.meta_mut();
    meta.source_bytes = bytes.len();
    meta.title = title.filter(|t| !t.is_empty());
    meta.notes = decoded.notes;
    let doc = builder.finish();
    if doc.paragraphs.iter().all(|p| p.heading) {
        return Err(IngestError::NoText("the Markdown has no prose outside code and HTML blocks"));
    }
    Ok(doc)
}

fn push(builder: &mut DocumentBuilder, decoded: &Decoded, text: &str, range: Range<usize>) {
    let same = decoded.text.get(range.clone()) == Some(text);
    let (span, exact) = decoded.to_source(range.start, range.end);
    builder.push_text(text, SourceRef { item: 0, span, exact: same && exact });
}

/// Parses `text` into flat events (restarting after an unclosed bare fence), and the
/// `title:` of a YAML front-matter block.
fn flatten(text: &str) -> (Vec<Md>, Option<String>) {
    let options =
        Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = Vec::new();
    let mut title = None;
    let mut from = 0;
    'parse: while from < text.len() {
        let Some(rest) = text.get(from..) else { break };
        // Depth of skipped content (fenced code, HTML, images, footnotes, metadata).
        let mut skip = 0usize;
        let mut metadata = false;
        let mut indented_code = false;
        for (event, range) in Parser::new_ext(rest, options).into_offset_iter() {
            let range = range.start + from..range.end + from;
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    if info.trim().is_empty() && is_unclosed_fence(text, range.clone()) {
                        out.push(Md::SceneBreak);
                        from = line_end(text, range.start);
                        continue 'parse;
                    }
                    skip += 1;
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    out.push(Md::ParagraphEnd);
                    indented_code = true;
                }
                Event::End(TagEnd::CodeBlock) if indented_code => {
                    out.push(Md::ParagraphEnd);
                    indented_code = false;
                }
                Event::Start(Tag::MetadataBlock(_)) => {
                    metadata = true;
                    skip += 1;
                }
                Event::End(TagEnd::MetadataBlock(_)) => {
                    metadata = false;
                    skip = skip.saturating_sub(1);
                }
                Event::Text(t) if metadata => {
                    title = title.or_else(|| front_matter_title(&t));
                }
                Event::Start(Tag::HtmlBlock | Tag::Image { .. } | Tag::FootnoteDefinition(_)) => skip += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image | TagEnd::FootnoteDefinition) => {
                    skip = skip.saturating_sub(1);
                }
                _ if skip > 0 => {}
                Event::Text(t) if indented_code => {
                    // One event can hold several lines, blank ones included: a blank line
                    // ends the paragraph.
                    let mut at = range.start;
                    for line in t.split_inclusive('\n') {
                        let piece = at..at + line.len();
                        at += line.len();
                        if line.trim().is_empty() {
                            out.push(Md::ParagraphEnd);
                        } else if text.get(piece.clone()) == Some(line) {
                            out.push(Md::Text(line.to_string(), piece));
                        } else {
                            out.push(Md::Text(line.to_string(), range.clone()));
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) => out.push(Md::Text(t.into_string(), range)),
                Event::SoftBreak | Event::HardBreak => out.push(Md::Text("\n".to_string(), range)),
                Event::Rule => out.push(Md::SceneBreak),
                Event::Start(Tag::Heading { level, .. }) => out.push(Md::HeadingStart(level as u8)),
                Event::End(TagEnd::Heading(_)) => out.push(Md::HeadingEnd),
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::TableRow)
                | Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_)) => out.push(Md::ParagraphEnd),
                _ => {}
            }
        }
        break;
    }
    (out, title)
}

/// Whether a fenced code block's range lacks its closing fence (it ran to the end).
fn is_unclosed_fence(text: &str, range: Range<usize>) -> bool {
    let block = text.get(range).unwrap_or("");
    let mut lines = block.lines();
    let Some(opening) = lines.next() else { return false };
    let opening = opening.trim();
    let Some(fence_char) = opening.chars().next() else { return false };
    let fence_len = opening.chars().take_while(|&c| c == fence_char).count();
    let closed = lines.next_back().is_some_and(|last| {
        let last = last.trim();
        last.chars().all(|c| c == fence_char) && last.chars().count() >= fence_len
    });
    !closed
}

/// The offset just past the end of the line holding `offset`.
fn line_end(text: &str, offset: usize) -> usize {
    text.get(offset..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| offset + i + 1)
}

fn front_matter_title(yaml: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let value = line.strip_prefix("title:")?.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        read("t.md", md.as_bytes(), &crate::Limits::default()).expect("reads")
    }

    #[test]
    fn chapters_from_repeated_headings() {
        let d =
            doc("# The Work\n\n## One\n\nShe ran. He *followed*.\n\n---\n\nLater.\n\n## Two\n\nThe end &amp; after.\n");
        let titles: Vec<_> = d.chapters.iter().map(|c| c.title.clone().unwrap_or_default()).collect();
        assert_eq!(titles, vec!["One", "Two"]);
        assert_eq!(d.meta.title.as_deref(), Some("The Work"));
        assert_eq!(d.scene_breaks.len(), 1);
        let md = "# The Work\n\n## One\n\nShe ran. He *followed*.\n\n---\n\nLater.\n\n## Two\n\nThe end &amp; after.\n";
        for s in &d.sentences {
            let (span, _) = d.source_span(s.range);
            let text = d.slice(s.range);
            if !text.contains('&') && !text.contains("followed") {
                assert_eq!(&md[span.start..span.end], text);
            }
        }
        assert_eq!(d.slice(d.sentences[1].range), "He followed.");
    }

    #[test]
    fn code_html_and_front_matter_are_skipped() {
        let d = doc(
            "---\ntitle: \"Night Train\"\n---\n\nStory.\n\n```\nlet x = 1;\n```\n\n<div>html</div>\n\nMore story.\n",
        );
        let paras: Vec<_> = d.paragraphs.iter().map(|p| d.slice(p.range)).collect();
        assert_eq!(paras, vec!["Story.", "More story."]);
        assert_eq!(d.meta.title.as_deref(), Some("Night Train"));
    }

    #[test]
    fn deep_nesting_reads() {
        let d = doc(&(">".repeat(100_000) + " Deep text.\n\nAfter.\n"));
        let paras: Vec<_> = d.paragraphs.iter().map(|p| d.slice(p.range)).collect();
        assert_eq!(paras, vec!["Deep text.", "After."]);
    }

    #[test]
    fn indented_paragraphs_and_tilde_breaks_are_prose() {
        let d = doc("Intro line.\n\n    An indented paragraph.\n\n    Another one.\n\n~~~\n\nAfter the break.\n");
        let paras: Vec<_> = d.paragraphs.iter().map(|p| d.slice(p.range)).collect();
        assert_eq!(paras, vec!["Intro line.", "An indented paragraph.", "Another one.", "After the break."]);
        assert_eq!(d.scene_breaks.len(), 1);
    }
}
