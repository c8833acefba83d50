//! The document reader: a submitted self-assessment as numbered lines, each in the
//! template section it belongs to. Sections are found in their real spellings: `##`
//! headings, but also bold lines (`**Incident Response**`), bullet leads (`* Development
//! Pipeline. ...`, `* **Internal** <br>`) and plain lines (`Development Pipeline`) that
//! name a template section. Bounded: at most [`MAX_BYTES`], lines cut at
//! [`MAX_LINE_CHARS`] for analysis, no recursion over the Markdown's nesting.

use std::sync::OnceLock;

use regex::Regex;

use super::template::{Template, normalize, template};

/// Largest document read (2 MiB): a self-assessment is tens of kilobytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Lines are analysed up to this many characters (the rest is not read for claims).
pub const MAX_LINE_CHARS: usize = 4_000;
/// Most lines read.
pub const MAX_LINES: usize = 50_000;

/// Why a document cannot be reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    Empty,
    TooLarge { bytes: usize },
    TooManyLines { lines: usize },
    Binary,
    NotSelfAssessment { sections: Vec<String> },
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::Empty => f.write_str("the document is empty"),
            DocError::TooLarge { bytes } => write!(
                f,
                "the document is {bytes} bytes; a self-assessment is read up to {MAX_BYTES} bytes"
            ),
            DocError::TooManyLines { lines } => write!(
                f,
                "the document has {lines} lines; a self-assessment is read up to {MAX_LINES} lines"
            ),
            DocError::Binary => f.write_str("the document is not text (it contains NUL bytes)"),
            DocError::NotSelfAssessment { sections } => write!(
                f,
                "the document does not look like a TAG-Security self-assessment: {} of the \
                 template's sections found{}; expected at least 3 of Metadata, Overview, \
                 Self-assessment use, Security functions and features, Project compliance, \
                 Secure development practices, Security issue resolution, Appendix",
                sections.len(),
                if sections.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", sections.join(", "))
                }
            ),
        }
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Heading,
    /// Inside a fenced code block (or its fence).
    Code,
    /// Inside an HTML comment.
    Comment,
    TableRow,
    Text,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based.
    pub number: u32,
    /// The line, cut at [`MAX_LINE_CHARS`].
    pub text: String,
    pub kind: LineKind,
    /// The innermost template section the line is in (an id of the template).
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: u32,
    pub level: u8,
    pub text: String,
    /// The template section it names.
    pub section: Option<String>,
    /// Written as a bold line, bullet lead or plain line rather than a `#` heading.
    pub pseudo: bool,
}

/// A link or address written in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub line: u32,
    pub text: String,
    pub target: String,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub lines: Vec<Line>,
    pub headings: Vec<Heading>,
    /// Lines longer than [`MAX_LINE_CHARS`] (cut for analysis).
    pub long_lines: usize,
}

/// A constant pattern of this module, compiled once. Every pattern is a literal exercised
/// by the tests, so a failure is a programming error, not bad input.
#[allow(clippy::expect_used)]
pub(crate) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("constant regex pattern"))
}

fn atx() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
}

fn bold_line() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^\s*(?:[*+-]\s+)?(?:\*\*|__)(.+?)(?:\*\*|__)\s*(?:<br\s*/?>)?\s*:?\s*(?:<br\s*/?>)?\s*$",
    )
}

fn bullet_lead() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^\s*[*+-]\s+(?:\*\*([^*]+?)\s*:\s*\*\*|\[([A-Za-z][^\]]{2,60})\]\([^)\s]*\)\s*(?:[.:]|\s[-\u{2013}\u{2014}]\s|<br|$)|(?:\*\*([^*]+)\*\*|([A-Za-z][A-Za-z /&'\u{2019}-]{2,60}?))\s*(?:[.:]|\s[-\u{2013}\u{2014}]\s|<br|$))",
    )
}

impl Document {
    /// The first heading that names template section `id`.
    pub fn heading_of(&self, id: &str) -> Option<&Heading> {
        self.headings
            .iter()
            .find(|h| h.section.as_deref() == Some(id))
    }

    /// The line numbered `n` (1-based).
    pub fn line(&self, n: u32) -> Option<&Line> {
        self.lines.get((n as usize).checked_sub(1)?)
    }

    /// Whether template section `id` (or one of its descendants) holds line `n`.
    pub fn in_section(&self, n: u32, id: &str) -> bool {
        let t = template();
        let mut cur = self.line(n).and_then(|l| l.section.clone());
        while let Some(c) = cur {
            if c == id {
                return true;
            }
            cur = t.get(&c).and_then(|s| s.parent.clone());
        }
        false
    }

    /// The top-level template section (`level` 2) holding line `n`.
    pub fn top_section(&self, n: u32) -> Option<String> {
        let t = template();
        let mut cur = self.line(n).and_then(|l| l.section.clone())?;
        while let Some(p) = t.get(&cur).and_then(|s| s.parent.clone()) {
            cur = p;
        }
        Some(cur)
    }

    /// Lines of prose (text, table rows, headings), outside code and comments.
    pub fn prose(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| {
            matches!(
                l.kind,
                LineKind::Text | LineKind::TableRow | LineKind::Heading
            )
        })
    }

    /// Markdown links, autolinks and bare URLs of the prose, in order.
    pub fn links(&self) -> Vec<Link> {
        static MD: OnceLock<Regex> = OnceLock::new();
        static BARE: OnceLock<Regex> = OnceLock::new();
        let md = re(
            &MD,
            r#"\[([^\]\[]{0,300})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+"[^"]*")?\s*\)"#,
        );
        let bare = re(&BARE, r#"https?://[^\s<>()\[\]"'`|]{1,2000}"#);
        let mut out = Vec::new();
        for l in self.prose() {
            let mut covered: Vec<(usize, usize)> = Vec::new();
            for c in md.captures_iter(&l.text) {
                let (Some(all), Some(text), Some(target)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                covered.push((all.start(), all.end()));
                out.push(Link {
                    line: l.number,
                    text: text.as_str().to_string(),
                    target: unescape(target.as_str()),
                });
            }
            for m in bare.find_iter(&l.text) {
                if covered.iter().any(|&(a, b)| m.start() >= a && m.end() <= b) {
                    continue;
                }
                let target = unescape(m.as_str().trim_end_matches(['.', ',', ';', ':', '*', '_']));
                out.push(Link {
                    line: l.number,
                    text: target.clone(),
                    target,
                });
            }
        }
        out
    }
}

/// A link destination with Markdown's backslash escapes (`\#`) resolved.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The GitHub anchor of a heading: lower case, punctuation dropped, spaces as `-`.
pub fn slug(text: &str) -> String {
    let plain = strip_inline(text);
    plain
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Text without Markdown emphasis, code marks, link destinations and HTML tags.
pub fn strip_inline(text: &str) -> String {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static TAG: OnceLock<Regex> = OnceLock::new();
    let link = re(&LINK, r"\[([^\]]*)\]\([^)]*\)");
    let tag = re(&TAG, r"<[^>]{0,200}>");
    let s = link.replace_all(text, "$1");
    let s = tag.replace_all(&s, "");
    s.replace(['*', '`'], "").replace("__", "")
}

/// Cuts `s` to at most `max` characters.
fn cut(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((i, _)) => (s[..i].to_string(), true),
        None => (s.to_string(), false),
    }
}

/// Reads a document.
pub fn read(bytes: &[u8]) -> Result<Document, DocError> {
    if bytes.len() > MAX_BYTES {
        return Err(DocError::TooLarge { bytes: bytes.len() });
    }
    if bytes.contains(&0) {
        return Err(DocError::Binary);
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(DocError::Empty);
    }
    let count = text.lines().count();
    if count > MAX_LINES {
        return Err(DocError::TooManyLines { lines: count });
    }
    let doc = parse(text, template());
    let found: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for h in &doc.headings {
            if let Some(s) = h.section.as_deref().and_then(|id| template().get(id))
                && s.parent.is_none()
                && !v.contains(&s.title)
            {
                v.push(s.title.clone());
            }
        }
        v
    };
    if found.len() < 3 {
        return Err(DocError::NotSelfAssessment { sections: found });
    }
    Ok(doc)
}

/// Parses lines and sections (no check that it is a self-assessment).
pub fn parse(text: &str, t: &Template) -> Document {
    let mut lines = Vec::new();
    let mut headings = Vec::new();
    let mut long_lines = 0;
    let mut fence: Option<String> = None;
    let mut comment = false;
    // Open sections: (level, template id).
    let mut stack: Vec<(u8, Option<String>)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (line, long) = cut(raw.trim_end_matches('\r'), MAX_LINE_CHARS);
        long_lines += usize::from(long);
        let trimmed = line.trim_start();
        // Blockquote markers do not hide structure: `> ## x` is still read as text.
        let kind = if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            LineKind::Code
        } else if comment {
            if line.contains("-->") {
                comment = false;
            }
            LineKind::Comment
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            LineKind::Code
        } else if trimmed.starts_with("<!--") {
            comment = !trimmed.contains("-->");
            LineKind::Comment
        } else if trimmed.is_empty() {
            LineKind::Blank
        } else if trimmed.starts_with('|') {
            LineKind::TableRow
        } else {
            LineKind::Text
        };
        let mut kind = kind;
        if matches!(kind, LineKind::Text) {
            let open = stack
                .iter()
                .rev()
                .find_map(|(l, s)| s.as_ref().map(|s| (*l, s.clone())));
            if let Some(h) = heading(&line, t, open.as_ref().map(|(l, s)| (*l, s.as_str()))) {
                // A bullet lead with its answer on the same line (`* Inbound: users write
                // to ...`) opens the section and is prose too.
                let inline = h.pseudo && strip_inline(&line).trim().len() > h.text.len() + 12;
                if !inline {
                    kind = LineKind::Heading;
                }
                while stack.last().is_some_and(|(l, _)| *l >= h.level) {
                    stack.pop();
                }
                stack.push((h.level, h.section.clone()));
                headings.push(Heading { line: number, ..h });
            }
        }
        let section = stack.iter().rev().find_map(|(_, s)| s.clone());
        lines.push(Line {
            number,
            text: line,
            kind,
            section,
        });
    }
    Document {
        lines,
        headings,
        long_lines,
    }
}

/// The heading a text line is, if any. `open`: the innermost open template section.
fn heading(line: &str, t: &Template, open: Option<(u8, &str)>) -> Option<Heading> {
    if let Some(c) = atx().captures(line) {
        let level = c.get(1).map_or(1, |m| m.as_str().len()) as u8;
        let text = c.get(2).map_or("", |m| m.as_str()).trim().to_string();
        let section = t.match_heading(&text).map(|s| s.id.clone());
        return Some(Heading {
            line: 0,
            level,
            text,
            section,
            pseudo: false,
        });
    }
    // Pseudo headings must name a template section whose parent is open (or a top-level one).
    let lead = bold_line()
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .or_else(|| {
            let c = bullet_lead().captures(line)?;
            (1..=4)
                .find_map(|i| c.get(i))
                .map(|m| m.as_str().to_string())
        })
        .or_else(|| {
            let n = normalize(line);
            (n.len() <= 60 && !line.trim_start().starts_with(['*', '-', '+', '>', '|']))
                .then(|| line.trim().to_string())
        })?;
    let def = t.match_heading(&lead)?;
    let n = normalize(&lead);
    let exactish = std::iter::once(&def.title)
        .chain(&def.aliases)
        .any(|a| n.len() <= normalize(a).len() + 12);
    if !exactish {
        return None;
    }
    let plausible = match (&def.parent, open) {
        (None, _) => def.level <= 2 && bold_or_plain_top(line),
        (Some(p), Some((_, o))) => ancestors(t, o).iter().any(|a| a == p) || o == p,
        (Some(_), None) => false,
    };
    if !plausible {
        return None;
    }
    let mut level = def.level;
    if let Some((l, o)) = open
        && def.parent.as_deref() == Some(o)
        && l >= level
    {
        level = l.saturating_add(1).min(6);
    }
    Some(Heading {
        line: 0,
        level,
        text: lead,
        section: Some(def.id.clone()),
        pseudo: true,
    })
}

/// A top-level section written without `#` counts only as a bold or plain line, never as
/// a bullet lead (a bullet "Overview: ..." inside a section is prose).
fn bold_or_plain_top(line: &str) -> bool {
    !line.trim_start().starts_with(['*', '-', '+']) || line.trim_start().starts_with("**")
}

/// `id` and its ancestors.
fn ancestors(t: &Template, id: &str) -> Vec<String> {
    let mut out = vec![id.to_string()];
    let mut cur = id.to_string();
    while let Some(p) = t.get(&cur).and_then(|s| s.parent.clone()) {
        if out.contains(&p) {
            break;
        }
        out.push(p.clone());
        cur = p;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Self-assessment for Demo\n\n## Metadata\n\n| | |\n|--|--|\n| Software | https://github.com/demo/demo |\n\n## Overview\n\nDemo does things.\n\n## Secure development practices\n\nDevelopment Pipeline\n* Reviews by one maintainer.\n\n* Communication Channels\n  * Internal - Slack\n  * **Inbound** <br>\n\n```\n## Not a heading\n```\n\n## Security issue resolution\n\n**Incident Response**\nWe patch.\n";

    #[test]
    fn bold_and_linked_bullet_leads_open_sections() {
        let d = parse(
            "## Secure development practices\n\n- **Development Pipeline:** Demo lives on GitHub and more.\n- **Ecosystem:** Demo plugs into pipelines.\n\n## Security issue resolution\n\n- [Responsible Disclosures Process](https://x.dev/security#d): reports go to the team.\n",
            template(),
        );
        for id in [
            "development_pipeline",
            "ecosystem",
            "responsible_disclosures",
        ] {
            assert!(d.heading_of(id).is_some(), "{id}: {:?}", d.headings);
        }
    }

    #[test]
    fn sections_in_their_real_spellings() {
        let d = read(DOC.as_bytes()).unwrap();
        let ids: Vec<_> = d
            .headings
            .iter()
            .filter_map(|h| h.section.as_deref())
            .collect();
        assert_eq!(
            ids,
            [
                "metadata",
                "overview",
                "secure_development",
                "development_pipeline",
                "communication_channels",
                "internal",
                "inbound",
                "security_issue_resolution",
                "incident_response"
            ]
        );
        let l = d
            .lines
            .iter()
            .find(|l| l.text.contains("one maintainer"))
            .unwrap();
        assert_eq!(l.section.as_deref(), Some("development_pipeline"));
        assert!(d.in_section(l.number, "secure_development"));
        assert_eq!(
            d.top_section(l.number).as_deref(),
            Some("secure_development")
        );
        let code = d
            .lines
            .iter()
            .find(|l| l.text.contains("Not a heading"))
            .unwrap();
        assert_eq!(code.kind, LineKind::Code);
    }

    #[test]
    fn not_a_self_assessment_empty_binary_huge() {
        assert_eq!(read(b"").unwrap_err(), DocError::Empty);
        assert_eq!(read(b"  \n\n").unwrap_err(), DocError::Empty);
        assert_eq!(read(b"a\0b").unwrap_err(), DocError::Binary);
        let e = read(b"# README\n\n## Overview\n\nA tool.\n").unwrap_err();
        assert!(matches!(e, DocError::NotSelfAssessment { .. }), "{e:?}");
        assert!(e.to_string().contains("Overview"));
        let huge = vec![b'a'; MAX_BYTES + 1];
        assert!(matches!(
            read(&huge).unwrap_err(),
            DocError::TooLarge { .. }
        ));
    }

    #[test]
    fn links_and_slugs() {
        let d = parse(
            "See [policy](SECURITY.md) and <https://a.example/x> or https://b.example/y.\n",
            template(),
        );
        let t: Vec<_> = d.links().into_iter().map(|l| l.target).collect();
        assert_eq!(
            t,
            ["SECURITY.md", "https://a.example/x", "https://b.example/y"]
        );
        assert_eq!(slug("Self-assessment use"), "self-assessment-use");
        assert_eq!(slug("**Security** links!"), "security-links");
    }
}
