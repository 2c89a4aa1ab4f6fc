//! Escaping of user-controlled strings (paths, record ids, titles, tags, reasons) in
//! line-oriented output, so that one value always stays on one line and nothing a file name
//! or a work contains can forge a line of output or send a terminal control sequence.
//!
//! Escaped are the control characters (C0, DEL and C1), the Unicode line and paragraph
//! separators (U+2028, U+2029), and the bidirectional embeddings, overrides and isolates
//! (U+202A..U+202E, U+2066..U+2069: the characters rustc warns about since "Trojan Source",
//! which make a name display as another). They are written C style: `\t`, `\n`, `\r`,
//! `\xNN` for the other ASCII controls, `\uNNNN` for the rest.
//!
//! Two strengths: [`for_terminal`] for text people read (human output, error lines), which
//! keeps backslashes as they are; [`for_line`] for fields that programs read back (the paths
//! `forewarn filter` prints), which also doubles backslashes, so the escaping can be undone
//! and two different values never print alike. [`path_for_line`] is `for_line` for a path,
//! whose name need not be UTF-8.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether a character is written as an escape.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escape(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c.is_ascii() => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            // Every character escaped outside ASCII is in the Basic Multilingual Plane.
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
    }
}

/// What [`escape`] does with a backslash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backslash {
    Keep,
    Double,
}

fn escape(text: &str, backslash: Backslash) -> Cow<'_, str> {
    let double = backslash == Backslash::Double;
    let special = |c: char| needs_escape(c) || (double && c == '\\');
    if !text.chars().any(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if double && c == '\\' {
            out.push_str("\\\\");
        } else if needs_escape(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` for people: control characters escaped, backslashes kept.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape(text, Backslash::Keep)
}

/// `text` as a field of a line that programs read: control characters escaped and
/// backslashes doubled, so that the line maps back to exactly one value.
pub fn for_line(text: &str) -> Cow<'_, str> {
    escape(text, Backslash::Double)
}

/// A path as a field of a line, as [`for_line`]. On Unix a name is any bytes but NUL: a byte
/// that is not part of UTF-8 is written `\xNN`, always 80 to ff, so it is never taken for an
/// escaped ASCII control character.
pub fn path_for_line(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&for_line(chunk.valid()));
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        for_line(&path.to_string_lossy()).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(for_line("calm/notes.txt"), Cow::Borrowed("calm/notes.txt")));
        assert!(matches!(for_terminal("Café au lait — a title"), Cow::Borrowed(_)));
        assert_eq!(for_terminal("C:\\works\\a.txt"), "C:\\works\\a.txt");
    }

    #[test]
    fn line_breaks_and_terminal_controls_are_escaped() {
        assert_eq!(for_terminal("calm.txt\nviolent.txt"), "calm.txt\\nviolent.txt");
        assert_eq!(for_terminal("a\r\tb"), "a\\r\\tb");
        assert_eq!(for_terminal("\u{1b}[2Jtitle\u{7f}"), "\\x1b[2Jtitle\\x7f");
        assert_eq!(for_terminal("a\u{85}b\u{2028}c\u{2029}"), "a\\u0085b\\u2028c\\u2029");
        assert_eq!(for_terminal("x\u{202e}txt.exe"), "x\\u202etxt.exe");
        assert_eq!(for_terminal("x\u{2066}y\u{2069}"), "x\\u2066y\\u2069");
        assert_eq!(for_terminal("\0"), "\\x00");
    }

    #[test]
    fn for_line_doubles_backslashes_so_no_two_values_print_alike() {
        assert_eq!(for_line("a\\nb"), "a\\\\nb");
        assert_eq!(for_line("a\nb"), "a\\nb");
        assert_ne!(for_line("a\\nb"), for_line("a\nb"));
        assert_eq!(for_line("tab\there"), "tab\\there");
    }

    #[cfg(unix)]
    #[test]
    fn bytes_of_a_path_that_are_not_utf8_are_hex_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"lib/caf\xe9\n\xff.txt"));
        assert_eq!(path_for_line(path), "lib/caf\\xe9\\n\\xff.txt");
        assert_eq!(path_for_line(Path::new("lib/caf\u{e9}.txt")), "lib/caf\u{e9}.txt");
    }
}
