//! Text for a terminal: everything a person reads on standard output or standard error
//! (the table, the OSPS table, batch progress lines, error sentences) goes through
//! [`escape`], because much of it comes from the repository under audit (file names,
//! symlink targets, branch names, excerpts) and a terminal obeys escape sequences. A
//! utility at the bottom of the crate, so that every layer that prints may use it.
//!
//! A character that a terminal could act on, or that hides or reorders text, is shown as
//! its code point in the form `\u{1b}` (lower-case hex, as Rust and JavaScript write it):
//!
//! - C0 controls (U+0000–U+001F, line breaks and tabs included), DEL (U+007F) and C1
//!   controls (U+0080–U+009F: U+009B is a one-character CSI on some terminals);
//! - bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
//!   U+202A–U+202E, U+2066–U+2069: "Trojan Source"), line and paragraph separators
//!   (U+2028, U+2029);
//! - invisible characters that make two names look alike: zero-width space, joiner and
//!   non-joiner (U+200B–U+200D), word joiner and invisible operators (U+2060–U+2064),
//!   the byte-order mark (U+FEFF), the Mongolian vowel separator (U+180E), interlinear
//!   annotation marks (U+FFF9–U+FFFB) and tag characters (U+E0000–U+E007F).
//!
//! A backslash is left as it is: the escaped form is for reading, not for parsing back.

use std::borrow::Cow;

use crate::model::Text;

/// Whether `c` is shown escaped on a terminal (see the module documentation).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// `s` with every unsafe character replaced by its visible escape `\u{…}`.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A sentence (or any [`Text`]) for a terminal: its plain text, escaped.
pub fn text(t: &Text) -> String {
    escape(&t.plain()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "SECURITY.md → docs/security.md (main), 3 of 5 — café 漢字 🔒";
        assert!(matches!(escape(s), Cow::Borrowed(_)));
        assert_eq!(escape(s), s);
    }

    #[test]
    fn terminal_sequences_become_visible() {
        let hostile = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}[31mFAKE: all met\u{1b}[0m";
        let e = escape(hostile);
        assert_eq!(
            e,
            "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{1b}[31mFAKE: all met\\u{1b}[0m"
        );
        assert!(!e.chars().any(is_unsafe));
    }

    #[test]
    fn every_class_is_escaped() {
        for c in [
            '\0',
            '\t',
            '\n',
            '\r',
            '\u{7f}',
            '\u{80}',
            '\u{9b}',
            '\u{9f}',
            '\u{61c}',
            '\u{200b}',
            '\u{200d}',
            '\u{200e}',
            '\u{202e}',
            '\u{2028}',
            '\u{2060}',
            '\u{2066}',
            '\u{2069}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            let s = format!("a{c}b");
            let e = escape(&s);
            assert_eq!(
                e,
                format!("a\\u{{{:x}}}b", u32::from(c)),
                "{:x}",
                u32::from(c)
            );
        }
        // Printable neighbours stay.
        for c in ['\u{a0}', '\u{2010}', '\u{2070}', '\u{fffd}', 'é'] {
            let s = format!("a{c}b");
            assert_eq!(escape(&s), s);
        }
    }
}
