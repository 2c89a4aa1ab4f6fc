//! Layout of plain text: paragraphs, chapter headings and scene breaks.
//!
//! Paragraphs are blocks between blank lines; a block in which some line is long (more than
//! [`LONG_LINE`] bytes) is a file written one paragraph per line (as many Gutenberg texts
//! are), so each of its lines is a paragraph. Chapter headings are lines alone in their block
//! that read like headings: "CHAPTER IV", "Chapter 12: Title", "Stave One", "PART TWO", a bare
//! number or Roman numeral in sequence, "Prologue". When a work has both parts and chapters,
//! the chapters are the chapters. A run of headings with no prose between them is a table of
//! contents and is not counted.

use crate::TextRange;

/// A line longer than this (in bytes) marks one-paragraph-per-line text.
const LONG_LINE: usize = 120;
/// A heading line is at most this long.
const MAX_HEADING: usize = 90;
/// Fewer prose bytes than this between two headings makes the first a contents entry.
const MIN_CHAPTER_BYTES: usize = 80;

/// The inferred layout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Paragraphs in order, headings included (flagged).
    pub paragraphs: Vec<LaidParagraph>,
    /// Chapter headings in order.
    pub chapters: Vec<Heading>,
    /// Offsets of scene-break lines.
    pub scene_breaks: Vec<usize>,
}

/// A paragraph of plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaidParagraph {
    /// Its text, trimmed.
    pub range: TextRange,
    /// Whether it is a heading.
    pub heading: bool,
}

/// A chapter heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading text (with the chapter's title line, if it has one).
    pub title: String,
    /// The heading's text range (first heading line).
    pub range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Chapter,
    Part,
    Number(u32),
    Special,
}

/// Infers the layout of plain text.
pub fn layout(text: &str) -> Layout {
    let lines = lines(text);
    let blocks = split_heading_lines(text, blocks(text, &lines));
    let mut out = Layout::default();
    // Candidate headings: (block index, kind).
    let mut candidates: Vec<(usize, Kind)> = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        if let [line] = block.as_slice() {
            let s = line.slice(text).trim();
            if is_scene_break(s) {
                continue;
            }
            if let Some(kind) = heading_kind(s) {
                candidates.push((b, kind));
            }
        }
    }
    let chosen = choose_headings(&candidates);
    let chosen = drop_contents(text, &blocks, chosen);
    let chosen_set: std::collections::BTreeSet<usize> = chosen.iter().copied().collect();
    let mut title_blocks = std::collections::BTreeSet::new();
    for &b in &chosen {
        let head = blocks[b][0].slice(text).trim();
        let mut title = head.to_string();
        if let Some(next) = blocks.get(b + 1) {
            if let [line] = next.as_slice() {
                let s = line.slice(text).trim();
                if looks_like_title(s) && !chosen_set.contains(&(b + 1)) {
                    title.push_str(": ");
                    title.push_str(s);
                    title_blocks.insert(b + 1);
                }
            }
        }
        let range = crate::span::trim_range(text, blocks[b][0]);
        out.chapters.push(Heading { title, range });
    }
    for (b, block) in blocks.iter().enumerate() {
        if let [line] = block.as_slice() {
            if is_scene_break(line.slice(text).trim()) {
                out.scene_breaks.push(line.start);
                continue;
            }
        }
        let heading = chosen_set.contains(&b) || title_blocks.contains(&b);
        let long = block.iter().any(|l| l.len() > LONG_LINE);
        if !long && !heading && block.len() >= 8 {
            // Hard-wrapped text with no blank lines: a line well short of the wrap width
            // that ends a sentence ends a paragraph.
            for range in wrapped_paragraphs(text, block) {
                out.paragraphs.push(LaidParagraph { range, heading: false });
            }
        } else if long && !heading {
            for line in block {
                let range = crate::span::trim_range(text, *line);
                if !range.is_empty() {
                    out.paragraphs.push(LaidParagraph { range, heading: false });
                }
            }
        } else if let (Some(first), Some(last)) = (block.first(), block.last()) {
            let range = crate::span::trim_range(text, TextRange::new(first.start, last.end));
            if !range.is_empty() {
                out.paragraphs.push(LaidParagraph { range, heading });
            }
        }
    }
    out
}

/// Lines without their terminators.
fn lines(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            let end = if i > start && bytes[i - 1] == b'\r' { i - 1 } else { i };
            out.push(TextRange::new(start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(TextRange::new(start, text.len()));
    }
    out
}

/// Maximal runs of non-blank lines.
fn blocks(text: &str, lines: &[TextRange]) -> Vec<Vec<TextRange>> {
    let mut out: Vec<Vec<TextRange>> = Vec::new();
    let mut current = Vec::new();
    for line in lines {
        if line.slice(text).trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(*line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Paragraphs of a hard-wrapped block without blank lines.
fn wrapped_paragraphs(text: &str, block: &[TextRange]) -> Vec<TextRange> {
    let mut lengths: Vec<usize> = block.iter().map(|l| l.slice(text).trim_end().chars().count()).collect();
    lengths.sort_unstable();
    let width = lengths[lengths.len() * 9 / 10];
    let mut out = Vec::new();
    let mut start = block[0].start;
    for (i, line) in block.iter().enumerate() {
        let s = line.slice(text).trim_end();
        let ends_sentence = s.ends_with(['.', '!', '?', '"', '”', '’', '\'', ':']);
        let short = s.chars().count() * 4 < width * 3;
        if i + 1 == block.len() || ends_sentence && short {
            let range = crate::span::trim_range(text, TextRange::new(start, line.end));
            if !range.is_empty() {
                out.push(range);
            }
            if let Some(next) = block.get(i + 1) {
                start = next.start;
            }
        }
    }
    out
}

/// Some texts have no blank line around their headings ("CHAPTER I" directly above the
/// first paragraph): a line that reads as a chapter, part or prologue heading becomes a
/// block of its own. Bare numbers are trusted only when already alone.
fn split_heading_lines(text: &str, blocks: Vec<Vec<TextRange>>) -> Vec<Vec<TextRange>> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if block.len() == 1 {
            out.push(block);
            continue;
        }
        let mut current = Vec::new();
        for line in block {
            let strong =
                matches!(heading_kind(line.slice(text).trim()), Some(Kind::Chapter | Kind::Part | Kind::Special));
            if strong {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                out.push(vec![line]);
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

/// Whether a line or paragraph is a scene-break ornament ("* * *", "***", "~~~", "#", "⁂",
/// "✻", "oOo"): one rule for plain text, Markdown, HTML and EPUB.
pub fn is_scene_break(s: &str) -> bool {
    if s.is_empty() || s.len() > 40 {
        return false;
    }
    let symbols: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(&first) = symbols.first() else { return false };
    let ornament = |c: &char| {
        matches!(c, '*' | '#' | '~' | '=' | '_' | '•' | '·' | '+' | '-' | '—' | '§' | '⁂' | '◇' | '❖' | '✻' | '✽')
    };
    if symbols.iter().all(ornament) {
        // Three or more, or one or two of a mark that is an ornament alone ("*", "#", "⁂").
        return symbols.len() >= 3 || matches!(first, '#' | '⁂' | '§' | '❖' | '◇' | '*' | '✻' | '✽');
    }
    // "oOo", "xXx" style dividers.
    matches!(s.to_lowercase().as_str(), "ooo" | "o0o" | "xxx" | "-x-" | "-o-" | "o-o-o")
}

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "last",
    "final",
];

fn is_roman(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 8
        && s.chars().all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x' | 'l' | 'c' | 'd' | 'm'))
}

fn roman_value(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    Some(total)
}

fn is_number_token(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ':', ',']).to_lowercase();
    t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() && t.len() <= 4
        || is_roman(&t)
        || NUMBER_WORDS.contains(&t.as_str())
        || t.split('-').all(|p| NUMBER_WORDS.contains(&p))
}

/// What the first word of a heading says it is: the one heading vocabulary of plain text
/// and of HTML/EPUB (`forewarn-ingest` asks this too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingWord {
    /// "Chapter", "Chap.", "Ch.", "Stave", "Letter": a chapter when a number follows.
    Chapter,
    /// "Part", "Book", "Volume", "Vol.": a division above chapters when a number follows.
    Part,
    /// "Prologue", "Epilogue", "Interlude", "Afterword": a chapter of its own.
    Special,
}

/// The heading word `word` is, ignoring case and a trailing `.` or `:` (not a comma: "part,
/// I think" is a line of prose).
pub fn heading_word(word: &str) -> Option<HeadingWord> {
    match word.trim_end_matches(['.', ':']).to_lowercase().as_str() {
        "chapter" | "chap" | "ch" | "stave" | "letter" => Some(HeadingWord::Chapter),
        "part" | "book" | "volume" | "vol" => Some(HeadingWord::Part),
        "prologue" | "epilogue" | "interlude" | "afterword" => Some(HeadingWord::Special),
        _ => None,
    }
}

/// Whether a heading's first word is a chapter number: up to three digits, or a Roman
/// numeral in capitals ("12", "XIV").
pub fn chapter_number(token: &str) -> Option<u32> {
    let token = token.trim_end_matches(['.', ':', ',']);
    if token.chars().all(|c| c.is_ascii_digit()) && (1..=3).contains(&token.len()) {
        token.parse().ok()
    } else if token.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')) && !token.is_empty() {
        roman_value(token)
    } else {
        None
    }
}

fn heading_kind(s: &str) -> Option<Kind> {
    if s.is_empty() || s.len() > MAX_HEADING {
        return None;
    }
    let mut words = s.split_whitespace();
    let first = words.next()?;
    let second = words.next();
    match heading_word(first) {
        Some(HeadingWord::Chapter) => second.filter(|w| is_number_token(w)).map(|_| Kind::Chapter),
        Some(HeadingWord::Part) => second.filter(|w| is_number_token(w)).map(|_| Kind::Part),
        Some(HeadingWord::Special) => (s.len() <= 60).then_some(Kind::Special),
        None if second.is_none() && !s.ends_with([':', ',']) => chapter_number(s).map(Kind::Number),
        None => None,
    }
}

fn looks_like_title(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.ends_with(['.', ',', ';', '"', '”'])
        && heading_kind(s).is_none()
        && !is_scene_break(s)
}

fn choose_headings(candidates: &[(usize, Kind)]) -> Vec<usize> {
    let count = |f: &dyn Fn(&Kind) -> bool| candidates.iter().filter(|(_, k)| f(k)).count();
    let chapters = count(&|k| matches!(k, Kind::Chapter));
    let numbers: Vec<u32> =
        candidates.iter().filter_map(|(_, k)| if let Kind::Number(n) = k { Some(*n) } else { None }).collect();
    let sequential = numbers.windows(2).filter(|w| w[1] == w[0] + 1).count();
    let parts = count(&|k| matches!(k, Kind::Part));
    let pick = |f: &dyn Fn(&Kind) -> bool| -> Vec<usize> {
        candidates.iter().filter(|(_, k)| f(k) || matches!(k, Kind::Special)).map(|(b, _)| *b).collect()
    };
    if chapters >= 2 {
        pick(&|k| matches!(k, Kind::Chapter))
    } else if numbers.len() >= 3 && sequential * 2 >= numbers.len() {
        pick(&|k| matches!(k, Kind::Number(_)))
    } else if parts >= 2 {
        pick(&|k| matches!(k, Kind::Part))
    } else if chapters == 1 {
        pick(&|k| matches!(k, Kind::Chapter))
    } else {
        Vec::new()
    }
}

/// Drops headings followed by almost no prose before the next one (a table of contents).
fn drop_contents(text: &str, blocks: &[Vec<TextRange>], chosen: Vec<usize>) -> Vec<usize> {
    let mut keep = Vec::with_capacity(chosen.len());
    for (i, &b) in chosen.iter().enumerate() {
        let next = chosen.get(i + 1).copied().unwrap_or(blocks.len());
        let prose: usize = blocks[b + 1..next]
            .iter()
            .filter(|block| !(block.len() == 1 && looks_like_title(block[0].slice(text).trim())))
            .flat_map(|block| block.iter())
            .map(|l| l.slice(text).trim().len())
            .sum();
        if prose >= MIN_CHAPTER_BYTES || next == blocks.len() && prose > 0 {
            keep.push(b);
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(text: &str) -> Vec<String> {
        layout(text).chapters.into_iter().map(|h| h.title).collect()
    }

    #[test]
    fn chapter_word_headings_with_title_lines() {
        let text = "CHAPTER I\n\nTHE BEGINNING\n\nIt was a long day and nothing happened at all in the village by the sea, nothing at all.\n\nCHAPTER II\n\nMore happened here, and it happened quickly, because the author was in a hurry to finish.\n";
        assert_eq!(titles(text), vec!["CHAPTER I: THE BEGINNING", "CHAPTER II"]);
        let l = layout(text);
        assert_eq!(l.paragraphs.iter().filter(|p| !p.heading).count(), 2);
    }

    #[test]
    fn numbered_chapters_inside_parts() {
        let body = "Some prose that is long enough to count as a chapter of a book, with words in it.\n\n";
        let text = format!("PART ONE The Start\n\n1\n\nThe Inn\n\n{body}2\n\n{body}PART TWO The Sea\n\n3\n\n{body}");
        assert_eq!(titles(&text), vec!["1: The Inn", "2", "3"]);
    }

    #[test]
    fn contents_lists_are_not_chapters() {
        let body = "Some prose that is long enough to count as a chapter of a book, with words in it.\n\n";
        let text = format!("Chapter 1\n\nChapter 2\n\nChapter 1\n\n{body}Chapter 2\n\n{body}");
        assert_eq!(titles(&text).len(), 2);
    }

    #[test]
    fn scene_breaks_and_crlf() {
        let text = "First scene, which is long enough.\r\n\r\n* * *\r\n\r\nSecond scene.\r\n";
        let l = layout(text);
        assert_eq!(l.scene_breaks.len(), 1);
        assert_eq!(l.paragraphs.len(), 2);
        assert_eq!(l.paragraphs[1].range.slice(text), "Second scene.");
    }

    #[test]
    fn headings_without_blank_lines() {
        let body = "Some prose that is long enough to count as a chapter of a book, with words in it.";
        let text = format!("Title\r\nChapter I\r\n{body}\r\n{body}\r\nChapter II\r\n{body}\r\n");
        assert_eq!(titles(&text), vec!["Chapter I", "Chapter II"]);
    }

    #[test]
    fn one_heading_vocabulary() {
        assert_eq!(heading_word("CHAPTER"), Some(HeadingWord::Chapter));
        assert_eq!(heading_word("Ch."), Some(HeadingWord::Chapter));
        assert_eq!(heading_word("Book"), Some(HeadingWord::Part));
        assert_eq!(heading_word("Afterword:"), Some(HeadingWord::Special));
        assert_eq!(heading_word("part,"), None, "prose: \"part, I think\"");
        assert_eq!(heading_kind("part, I think he's welly like a cock"), None);
        assert_eq!(chapter_number("XIV."), Some(14));
        assert_eq!(chapter_number("12"), Some(12));
        assert_eq!(chapter_number("1850"), None, "a year, not a chapter");
        assert_eq!(chapter_number("xiv"), None, "lower-case Roman numerals are words");
    }

    #[test]
    fn hard_wrapped_text_without_blank_lines() {
        let text = "It was a long and quiet morning in the old house by the\nriver, and nobody in the family had yet come down to eat.\nShe waited.\nThe clock struck nine and then ten, and still the stairs\nwere silent, until at last a door opened somewhere above\nand a voice called down that breakfast would be late.\nHe laughed.\nThen the day began properly, with noise and argument and\nthe usual quarrel about the newspaper and the teapot.\n";
        // A full-width line that ends a sentence may or may not end a paragraph; only short
        // lines are trusted.
        let l = layout(text);
        assert_eq!(l.paragraphs.len(), 3);
        assert!(l.paragraphs[0].range.slice(text).ends_with("She waited."));
        assert!(l.paragraphs[1].range.slice(text).ends_with("He laughed."));
    }

    #[test]
    fn one_paragraph_per_line_text() {
        let long = "x".repeat(130);
        let text = format!("{long}\nshort line\n{long}\n");
        assert_eq!(layout(&text).paragraphs.len(), 3);
        assert_eq!(layout("wrapped line one\nwrapped line two\n").paragraphs.len(), 1);
    }
}
