//! Structured text: what a self-assessment sentence says, as a sequence of parts that each
//! renderer formats its own way (Markdown escapes and links, JSON carries the parts as
//! they are, a terminal shows plain text with controls made visible).
//!
//! Text taken from the repository (a path, a heading, a ruleset name, a URL) stays raw
//! here: escaping is the renderer's job. Build a [`Text`] with the [`text!`](crate::text)
//! macro and the constructors of this module:
//!
//! ```
//! use tssa_probe::model::text::{code, num};
//! let t = tssa_probe::text!["CI runs ", code("make test"), " on ", num(100), " commits."];
//! assert_eq!(t.plain(), "CI runs make test on 100 commits.");
//! ```
//!
//! One function per format turns a `Text` into a string: [`Text::plain`] (plain text, raw),
//! `render::markdown::text` (inline Markdown) and `terminal::text` (a terminal).
//! Never format a sentence by stripping the markup of another format.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One part of a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The tool's own words.
    Text(String),
    /// Words quoted from the repository (a heading, a ruleset name), without quotation
    /// marks; renderers escape them and cap them at a word boundary.
    Quote(String),
    /// A path, command, branch name, identifier or e-mail address: shown as code.
    Code(String),
    /// A count: shown with its digits grouped by commas (`1,000`).
    Number(u64),
    /// A full commit id: shown shortened to 7 characters.
    Commit(String),
    /// A URL shown as itself (a link where it is a safe http(s) URL).
    Url(String),
    /// Words that link to a URL.
    Link { text: String, url: String },
}

/// A sentence or a piece of one: parts in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Text(Vec<Part>);

impl Text {
    pub fn new() -> Self {
        Text(Vec::new())
    }

    pub fn parts(&self) -> &[Part] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|p| match p {
            Part::Text(s) | Part::Quote(s) | Part::Code(s) | Part::Commit(s) | Part::Url(s) => {
                s.is_empty()
            }
            Part::Number(_) => false,
            Part::Link { text, url } => text.is_empty() && url.is_empty(),
        })
    }

    /// Appends `more`; adjacent words of the tool are merged into one part.
    pub fn push(&mut self, more: impl Into<Text>) -> &mut Self {
        for p in more.into().0 {
            match (self.0.last_mut(), p) {
                (_, Part::Text(s)) if s.is_empty() => {}
                (Some(Part::Text(last)), Part::Text(s)) => last.push_str(&s),
                (_, p) => self.0.push(p),
            }
        }
        self
    }

    /// The text as plain text: the tool's words and the repository's text as they are,
    /// numbers grouped (`1,000`), commit ids shortened, a link as "text (url)". Nothing is
    /// escaped: a reader that shows it where controls or markup matter escapes it.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Part::Text(s) | Part::Quote(s) | Part::Code(s) | Part::Url(s) => out.push_str(s),
                Part::Number(n) => out.push_str(&group_digits(*n)),
                Part::Commit(s) => out.push_str(short_commit(s)),
                Part::Link { text, url } if text == url || text.is_empty() => out.push_str(url),
                Part::Link { text, url } => {
                    out.push_str(text);
                    out.push_str(" (");
                    out.push_str(url);
                    out.push(')');
                }
            }
        }
        out
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(vec![Part::Text(s.to_string())])
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(vec![Part::Text(s)])
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(vec![Part::Text(s.clone())])
    }
}

impl From<Part> for Text {
    fn from(p: Part) -> Self {
        Text(vec![p])
    }
}

impl From<&Text> for Text {
    fn from(t: &Text) -> Self {
        t.clone()
    }
}

/// Builds a [`Text`] from parts: anything that converts into one (`&str`, `String`,
/// [`Part`], `Text`, `&Text`).
#[macro_export]
macro_rules! text {
    ($($part:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut t = $crate::model::Text::new();
        $( t.push($part); )*
        t
    }};
}

/// A path, command, branch name or identifier, shown as code.
pub fn code(s: &str) -> Text {
    Part::Code(s.to_string()).into()
}

/// Words quoted from the repository.
pub fn quote(s: &str) -> Text {
    Part::Quote(s.to_string()).into()
}

/// A count.
pub fn num(n: u64) -> Text {
    Part::Number(n).into()
}

/// A commit id.
pub fn commit(sha: &str) -> Text {
    Part::Commit(sha.to_string()).into()
}

/// A URL shown as itself.
pub fn url(u: &str) -> Text {
    Part::Url(u.to_string()).into()
}

/// Words that link to `url`.
pub fn link(text: &str, url: &str) -> Text {
    Part::Link {
        text: text.to_string(),
        url: url.to_string(),
    }
    .into()
}

/// A count with its digits grouped by commas: `1,000`, `25`, `1,234,567`. (A comma never
/// wraps a line apart from its digits, where a space would.)
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The first 7 characters of a hex commit id; anything else as it is.
pub fn short_commit(sha: &str) -> &str {
    if sha.len() >= 7 && sha.chars().all(|c| c.is_ascii_hexdigit()) {
        &sha[..7]
    } else {
        sha
    }
}

/// The first `max` characters of `s`, cut at a word boundary with `…` when it is longer
/// (mid-word only when its first half holds no space: one long word, a run of one
/// character). Controls count as characters; nothing is escaped.
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let Some((cut, _)) = s.char_indices().nth(max) else {
        return std::borrow::Cow::Borrowed(s);
    };
    let head = &s[..cut];
    // The cut falls between words when the next character is a space.
    let at_space = s[cut..].starts_with(char::is_whitespace);
    let end = if at_space {
        head.len()
    } else {
        match head.rfind(char::is_whitespace) {
            Some(i) if head[..i].chars().count() >= max / 2 => i,
            _ => head.len(),
        }
    };
    let mut out = head[..end].trim_end().to_string();
    out.push('…');
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A citation's excerpt is never cut mid-word: a long line is cut between words, marked
    /// `…`, within the cap.
    #[test]
    fn excerpts_are_cut_between_words() {
        use crate::model::citation::EXCERPT_MAX_CHARS;
        use crate::model::{Citation, CitationKind};
        let line = "run: ".to_string() + &"signing-artifacts ".repeat(20);
        let c = Citation::new(CitationKind::File, "t").excerpt(&line);
        let e = c.excerpt.unwrap_or_default();
        assert!(e.chars().count() <= EXCERPT_MAX_CHARS, "{e}");
        let kept = e
            .strip_suffix('…')
            .unwrap_or_else(|| panic!("no cut mark: {e}"));
        assert!(kept.ends_with("signing-artifacts"), "{e}");
        // Short lines are kept whole.
        let c = Citation::new(CitationKind::File, "t").excerpt("uses: x");
        assert_eq!(c.excerpt.as_deref(), Some("uses: x"));
    }

    #[test]
    fn numbers_are_grouped_by_commas() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1234567), "1,234,567");
    }

    #[test]
    fn push_merges_the_tools_words_only() {
        let t = crate::text!["a ", "b ", code("c"), "", " d", num(2)];
        assert_eq!(
            t.parts(),
            [
                Part::Text("a b ".into()),
                Part::Code("c".into()),
                Part::Text(" d".into()),
                Part::Number(2)
            ]
        );
        assert_eq!(t.plain(), "a b c d2");
        assert!(crate::text![""].is_empty());
        assert!(!num(0).is_empty());
    }

    #[test]
    fn plain_text_keeps_the_repositorys_text_raw() {
        let t = crate::text![
            quote("<b>*x*</b>\n"),
            commit("0123456789abcdef0123456789abcdef01234567"),
            " ",
            link("policy", "https://e.org/p"),
            " ",
            url("https://e.org")
        ];
        assert_eq!(
            t.plain(),
            "<b>*x*</b>\n0123456 policy (https://e.org/p) https://e.org"
        );
    }

    #[test]
    fn clip_cuts_between_words() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("exactly ten", 11), "exactly ten");
        assert_eq!(
            clip("the quick brown fox jumps", 12),
            "the quick…",
            "not mid-word"
        );
        assert_eq!(clip("the quick brown fox", 9), "the quick…", "at a space");
        assert_eq!(clip("abcdefghij", 4), "abcd…", "one long word");
        assert_eq!(
            clip("a bcdefghij", 6),
            "a bcde…",
            "no space in the second half"
        );
        assert_eq!(clip("ééé ééé", 5), "ééé…");
    }

    #[test]
    fn json_is_one_key_per_part() {
        let t = crate::text!["x ", code("a.yml"), num(3), link("t", "https://u")];
        assert_eq!(
            serde_json::to_string(&t).unwrap_or_default(),
            r#"[{"text":"x "},{"code":"a.yml"},{"number":3},{"link":{"text":"t","url":"https://u"}}]"#
        );
    }
}
