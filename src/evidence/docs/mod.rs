//! The document model: the project's own prose (README, CONTRIBUTING, GOVERNANCE,
//! MAINTAINERS, SECURITY*, SUPPORT, CODE_OF_CONDUCT, ADOPTERS, the pull request template,
//! the issue template chooser's contact links, SECURITY-INSIGHTS, `docs/security/**`),
//! read from the file snapshot into sections, blocks of prose, links and e-mail
//! addresses, each with its 1-based line for citations. Evidence only: nothing here
//! judges what a document says.
//!
//! Bounded: at most [`MAX_DOCUMENTS`] documents, the first [`MAX_DOC_BYTES`] of each, at
//! most [`MAX_ITEMS`] sections, blocks, links and addresses per document, each text cut at
//! [`MAX_TEXT`] characters. Linear in the input. What is read is what the snapshot loaded
//! ([`crate::evidence::files::wanted`]), symlinks followed only inside the tree.

pub mod adopters;
mod markdown;
mod plain;
pub mod site;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashSet};

use super::FileSnapshot;

/// Most documents read from one snapshot.
pub const MAX_DOCUMENTS: usize = 60;
/// Most security pages among them (a website's sources may hold many).
pub const MAX_SECURITY_PAGES: usize = 20;
/// Bytes of one document parsed (the rest is left, and the document marked truncated).
pub const MAX_DOC_BYTES: usize = 256 * 1024;
/// Most sections, blocks, links and addresses kept from one document (each).
pub const MAX_ITEMS: usize = 2000;
/// Most characters of one kept text (a heading, a block, a sentence, an anchor text).
pub const MAX_TEXT: usize = 600;

/// What a document is, by its name and place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    Readme,
    Contributing,
    Community,
    Governance,
    Maintainers,
    Security,
    SecurityContacts,
    SecurityPage,
    SecurityInsights,
    Support,
    CodeOfConduct,
    Adopters,
    PullRequestTemplate,
    IssueTemplateConfig,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Readme => "readme",
            DocKind::Contributing => "contributing",
            DocKind::Community => "community",
            DocKind::Governance => "governance",
            DocKind::Maintainers => "maintainers",
            DocKind::Security => "security",
            DocKind::SecurityContacts => "security_contacts",
            DocKind::SecurityPage => "security_page",
            DocKind::SecurityInsights => "security_insights",
            DocKind::Support => "support",
            DocKind::CodeOfConduct => "code_of_conduct",
            DocKind::Adopters => "adopters",
            DocKind::PullRequestTemplate => "pull_request_template",
            DocKind::IssueTemplateConfig => "issue_template_config",
        }
    }

    /// A policy about security (the policy itself, its contacts, its pages).
    pub fn is_security(self) -> bool {
        matches!(
            self,
            DocKind::Security
                | DocKind::SecurityContacts
                | DocKind::SecurityPage
                | DocKind::SecurityInsights
        )
    }
}

/// How a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// reStructuredText: headings, blocks and links.
    Rst,
    /// AsciiDoc: headings, blocks and links.
    AsciiDoc,
    /// Plain text (no extension, `.txt`): blocks and bare links.
    Text,
    /// YAML (the issue template chooser, SECURITY-INSIGHTS): one block per entry.
    Yaml,
}

impl Format {
    pub fn of(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        if lower.rsplit('/').next().is_some_and(|n| !n.contains('.')) {
            return Format::Text;
        }
        match ext {
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "rst" => Format::Rst,
            "adoc" | "asciidoc" => Format::AsciiDoc,
            "yml" | "yaml" => Format::Yaml,
            _ => Format::Text,
        }
    }
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    /// 1 for the title, 2 for its sections...
    pub level: u8,
    pub line: u32,
}

/// A block of prose (a paragraph, a list item, a table cell, an entry of a YAML list):
/// its text as read (markup removed, anchor texts kept), where it starts and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pub line: u32,
    pub end_line: u32,
    /// Index into [`Document::sections`] of the heading it stands under.
    pub section: Option<usize>,
}

/// A link: its anchor text (the URL itself for a bare link), target and the sentence it
/// stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub url: String,
    pub sentence: String,
    pub line: u32,
    pub section: Option<usize>,
    /// Index into [`Document::blocks`] of the block it stands in.
    pub block: Option<usize>,
}

/// A word of the sentence around an e-mail address that qualifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Qualifier {
    /// "private", "privately", "confidential", "non-public".
    Private,
    /// "public" (not negated: "not in a public issue" does not count).
    Public,
    /// "encrypt", "encrypted", "encryption".
    Encrypted,
    /// "PGP", "GPG", "OpenPGP", "public key".
    Pgp,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Private => "private",
            Qualifier::Public => "public",
            Qualifier::Encrypted => "encrypted",
            Qualifier::Pgp => "pgp",
        }
    }
}

/// An e-mail address as written (a `mailto:` link or text), lowercased, with the words of
/// its sentence that qualify it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub address: String,
    pub qualifiers: Vec<Qualifier>,
    pub sentence: String,
    pub line: u32,
    pub section: Option<usize>,
    pub block: Option<usize>,
}

/// One document of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The path read (where symlinks inside the tree led).
    pub path: String,
    pub kind: DocKind,
    pub format: Format,
    /// Only the first part was read (the file, or [`MAX_DOC_BYTES`] of it, or an item cap).
    pub truncated: bool,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub emails: Vec<Email>,
}

impl Document {
    /// Parses `text` as the document `path` of kind `kind`.
    pub fn parse(path: &str, kind: DocKind, text: &str) -> Document {
        let format = Format::of(path);
        let (text, cut) = head(text, MAX_DOC_BYTES);
        let mut b = Builder::new(text);
        match format {
            Format::Markdown => markdown::parse(&mut b),
            Format::Rst | Format::AsciiDoc | Format::Text => plain::parse(&mut b, format),
            Format::Yaml => plain::parse_yaml(&mut b),
        }
        let truncated = cut || b.capped;
        Document {
            path: path.to_string(),
            kind,
            format,
            truncated,
            sections: b.sections,
            blocks: b.blocks,
            links: b.links,
            emails: b.emails,
        }
    }

    /// The heading a section index names ("" for none).
    pub fn heading(&self, section: Option<usize>) -> &str {
        section
            .and_then(|i| self.sections.get(i))
            .map_or("", |s| s.heading.as_str())
    }

    /// The headings from the top down to `section` (its ancestors by level), lowercase,
    /// joined by " / ".
    pub fn heading_path(&self, section: Option<usize>) -> String {
        let Some(i) = section else {
            return String::new();
        };
        let mut out: Vec<&str> = Vec::new();
        let mut level = u8::MAX;
        for s in self.sections[..=i.min(self.sections.len().saturating_sub(1))]
            .iter()
            .rev()
        {
            if s.level < level {
                out.push(&s.heading);
                level = s.level;
            }
        }
        out.reverse();
        out.join(" / ").to_lowercase()
    }
}

/// The project's documents read from a snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocSet {
    pub documents: Vec<Document>,
    /// Documents listed whose content was not loaded (path, why).
    pub unread: Vec<(String, String)>,
    /// More documents were listed than [`MAX_DOCUMENTS`].
    pub capped: bool,
}

impl DocSet {
    pub fn of_kind(&self, kinds: &[DocKind]) -> impl Iterator<Item = &Document> {
        let kinds = kinds.to_vec();
        self.documents
            .iter()
            .filter(move |d| kinds.contains(&d.kind))
    }
}

/// The kind of document `path` is, if it is one the model reads (any case): READMEs at
/// the root; CONTRIBUTING, COMMUNITY, GOVERNANCE, MAINTAINERS, SECURITY*, SUPPORT and
/// CODE_OF_CONDUCT at the root, in `.github/` or `docs/`; SECURITY_CONTACTS at the root;
/// ADOPTERS and USERS at the root or in `docs/`; the pull request template(s); the issue
/// template chooser's `config.yml`; SECURITY-INSIGHTS; security pages under `docs/`.
/// Vendored and test trees never count.
pub fn doc_kind(path: &str) -> Option<DocKind> {
    let lower = path.to_ascii_lowercase();
    if super::files::is_vendored(&lower) {
        return None;
    }
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", lower.as_str()));
    let stem = name.split('.').next().unwrap_or(name);
    let ext = name.strip_prefix(stem).unwrap_or("");
    let page = matches!(
        ext,
        "" | ".md" | ".markdown" | ".rst" | ".adoc" | ".asciidoc" | ".txt"
    );
    let near = matches!(dir, "" | ".github" | "docs");
    if dir == ".github/issue_template" && matches!(name, "config.yml" | "config.yaml") {
        return Some(DocKind::IssueTemplateConfig);
    }
    if (near || dir == ".github/pull_request_template") && stem.starts_with("pull_request_template")
        || dir == ".github/pull_request_template" && page
    {
        return page.then_some(DocKind::PullRequestTemplate);
    }
    if matches!(dir, "" | ".github")
        && matches!(
            name,
            "security-insights.yml"
                | "security-insights.yaml"
                | "security_insights.yml"
                | "security_insights.yaml"
        )
    {
        return Some(DocKind::SecurityInsights);
    }
    if !page {
        return None;
    }
    if dir.is_empty() && stem == "readme" {
        return Some(DocKind::Readme);
    }
    if dir.is_empty() && matches!(stem, "security_contacts" | "security-contacts") {
        return Some(DocKind::SecurityContacts);
    }
    if near {
        let kind = match stem {
            s if s.starts_with("contributing") => Some(DocKind::Contributing),
            "community" => Some(DocKind::Community),
            s if s.starts_with("governance") => Some(DocKind::Governance),
            s if s.starts_with("maintainers") => Some(DocKind::Maintainers),
            "security" => Some(DocKind::Security),
            "support" => Some(DocKind::Support),
            "code_of_conduct" | "code-of-conduct" | "codeofconduct" => Some(DocKind::CodeOfConduct),
            "adopters" | "users" => Some(DocKind::Adopters),
            _ => None,
        };
        if kind.is_some() {
            return kind;
        }
    }
    if super::files::is_security_page(&lower) || is_security_process_page(&lower) {
        return Some(DocKind::SecurityPage);
    }
    None
}

/// Words of a page's name that make it a page on security response.
const SECURITY_NAME_WORDS: [&str; 6] = [
    "security", "vulnerab", "disclos", "embargo", "triage", "incident",
];

/// Directories whose pages are not the project's current process: posts, release notes,
/// copies of older docs, translations.
const NOT_PROCESS_DIRS: [&str; 16] = [
    "blog",
    "blogs",
    "news",
    "posts",
    "post",
    "changelog",
    "changelogs",
    "release-notes",
    "releasenotes",
    "versioned_docs",
    "versions",
    "archive",
    "i18n",
    "zh",
    "zh-cn",
    "ja",
];

/// A page on security response besides the SECURITY files (`lower`: the lowercase path):
/// a root page named for it (`SECURITY_RESPONSE.md`, `embargo-policy.md`,
/// `TRIAGE_GUIDE.md`), or one in `.github/` or in a website's or documentation's sources
/// (`site/content/resources/security-process.md`, `docs/security/TRIAGE_GUIDE.md`), at
/// most three directories deep, never in posts, release notes, older versions or
/// translations.
pub fn is_security_process_page(lower: &str) -> bool {
    let mut parts: Vec<&str> = lower.split('/').collect();
    let Some(name) = parts.pop() else {
        return false;
    };
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    if !matches!(
        ext,
        "md" | "markdown" | "mdx" | "rst" | "adoc" | "asciidoc" | "txt"
    ) {
        return false;
    }
    let rooted = parts
        .first()
        .is_none_or(|d| *d == ".github" || site::SITE_ROOTS.contains(d));
    let older = |d: &&str| {
        NOT_PROCESS_DIRS.contains(d)
            || d.strip_prefix('v')
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
            || d.starts_with(|c: char| c.is_ascii_digit())
    };
    parts.len() <= 3
        && rooted
        && !parts.iter().any(older)
        && !super::files::is_vendored(lower)
        && SECURITY_NAME_WORDS.iter().any(|w| stem.contains(w))
}

/// The project's documents in `snap`: every listed path [`doc_kind`] names, each distinct
/// content once, in kind then path order, at most [`MAX_DOCUMENTS`].
pub fn read(snap: &FileSnapshot) -> DocSet {
    let mut found: Vec<(DocKind, &str)> = snap
        .entries
        .keys()
        .filter_map(|p| doc_kind(p).map(|k| (k, p.as_str())))
        .collect();
    found.sort();
    let mut set = DocSet::default();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut pages = 0usize;
    for (kind, path) in found {
        if set.documents.len() >= MAX_DOCUMENTS {
            set.capped = true;
            break;
        }
        if kind == DocKind::SecurityPage {
            if pages >= MAX_SECURITY_PAGES {
                set.capped = true;
                continue;
            }
            pages += 1;
        }
        match snap.resolve(path) {
            Some(super::files::Resolved::File { path: real, entry }) => {
                let Some(content) = entry.content.as_deref() else {
                    let why = snap
                        .unread
                        .get(path)
                        .or_else(|| snap.unread.get(real))
                        .map_or_else(
                            || "its content was not loaded".to_string(),
                            |u| u.describe(),
                        );
                    set.unread.push((path.to_string(), why));
                    continue;
                };
                if !seen.insert(real.to_string()) {
                    continue;
                }
                let mut d = Document::parse(real, kind, &content.text);
                d.truncated |= content.truncated;
                set.documents.push(d);
            }
            Some(super::files::Resolved::Directory { .. }) | None => {}
            Some(other) => set.unread.push((path.to_string(), other.describe())),
        }
    }
    set
}

// ---------------------------------------------------------------- building

/// The first `max` bytes of `text` at a character boundary, and whether it was cut.
pub(crate) fn head(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Most characters of a block's text kept.
pub const MAX_BLOCK: usize = 8000;

/// `s` cut at [`MAX_TEXT`] characters, whitespace collapsed.
pub fn clip(s: &str) -> String {
    collapse(s, MAX_TEXT, false)
}

/// `s` cut at `max` characters, runs of whitespace made one space (one line break when
/// `lines` and the run holds one, so that line numbers can still be counted).
fn collapse(s: &str, max: usize, lines: bool) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut space: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.is_empty() {
                space = Some(if lines && (c == '\n' || space == Some('\n')) {
                    '\n'
                } else {
                    ' '
                });
            }
            continue;
        }
        if n >= max {
            out.push('…');
            break;
        }
        if let Some(sp) = space.take() {
            out.push(sp);
            n += 1;
        }
        out.push(c);
        n += 1;
    }
    out
}

/// Collects the parts of a document while a parser walks it.
pub(crate) struct Builder<'a> {
    pub text: &'a str,
    line_starts: Vec<usize>,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub emails: Vec<Email>,
    pub capped: bool,
    /// (address, line) of each address kept: one per line.
    emails_seen: HashSet<(String, u32)>,
}

/// A link or address met inside a block, before the block's sentences are known: its
/// byte range in the block's text.
pub(crate) struct Pending {
    pub text: String,
    pub url: String,
    pub at: usize,
    pub line: u32,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Builder {
            text,
            line_starts,
            sections: Vec::new(),
            blocks: Vec::new(),
            links: Vec::new(),
            emails: Vec::new(),
            capped: false,
            emails_seen: HashSet::new(),
        }
    }

    /// The 1-based line of byte offset `at`.
    pub fn line(&self, at: usize) -> u32 {
        let i = self.line_starts.partition_point(|s| *s <= at);
        u32::try_from(i.max(1)).unwrap_or(u32::MAX)
    }

    fn room(&mut self, len: usize) -> bool {
        if len >= MAX_ITEMS {
            self.capped = true;
            false
        } else {
            true
        }
    }

    /// The source lines `from..=to`: an address is kept only as the document spells it
    /// there (any ASCII case), never assembled from pieces.
    fn source(&self, from: u32, to: u32) -> &'a str {
        let start = self
            .line_starts
            .get(from.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(to as usize)
            .copied()
            .unwrap_or(self.text.len())
            .min(self.text.len());
        self.text.get(start..end.max(start)).unwrap_or("")
    }

    pub fn section(&mut self, heading: &str, level: u8, line: u32) {
        let heading = clip(heading);
        if heading.is_empty() || !self.room(self.sections.len()) {
            return;
        }
        self.sections.push(Section {
            heading,
            level: level.max(1),
            line,
        });
    }

    /// A block of prose and the links met in it (offsets into `text`). Bare URLs and
    /// addresses written in the text are found here.
    pub fn block(&mut self, text: &str, line: u32, end_line: u32, mut pending: Vec<Pending>) {
        if text.trim().is_empty() && pending.is_empty() {
            return;
        }
        let section = self.sections.len().checked_sub(1);
        let block = if self.room(self.blocks.len()) {
            self.blocks.push(Block {
                text: collapse(text, MAX_BLOCK, true),
                line,
                end_line: end_line.max(line),
                section,
            });
            Some(self.blocks.len() - 1)
        } else {
            None
        };
        // Bare URLs and addresses in the text that are not a link's anchor text. Each is
        // looked up in the anchors by offset, and its line counted from the previous one's:
        // linear in the block however many there are.
        let mut anchors: Vec<(usize, usize)> = pending
            .iter()
            .map(|p| (p.at, p.at + p.text.len().max(1)))
            .collect();
        anchors.sort_unstable();
        let mut finder = linkify::LinkFinder::new();
        finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
        let (mut counted_to, mut newlines) = (0usize, 0u32);
        for l in finder.links(text) {
            let before = anchors.partition_point(|a| a.0 <= l.start());
            let inside = anchors[..before].iter().rev().any(|a| l.start() < a.1);
            if inside && *l.kind() == linkify::LinkKind::Url {
                continue;
            }
            let raw = l.as_str();
            let url = if *l.kind() == linkify::LinkKind::Email {
                format!("mailto:{raw}")
            } else {
                raw.to_string()
            };
            let step = text[counted_to..l.start()].matches('\n').count();
            newlines = newlines.saturating_add(u32::try_from(step).unwrap_or(u32::MAX));
            counted_to = l.start();
            pending.push(Pending {
                text: raw.to_string(),
                url,
                at: l.start(),
                line: line.saturating_add(newlines),
            });
        }
        pending.sort_by_key(|p| p.at);
        // The block's source in lower case, made once, for `written`.
        let mut source: Option<String> = None;
        for p in pending {
            if self.links.len() >= MAX_ITEMS && self.emails.len() >= MAX_ITEMS {
                self.capped = true;
                break;
            }
            let sentence = clip(sentence_at(text, p.at));
            if let Some(addr) = p.url.strip_prefix("mailto:").or_else(|| {
                p.url
                    .get(..7)
                    .filter(|s| s.eq_ignore_ascii_case("mailto:"))
                    .map(|_| &p.url[7..])
            }) {
                let address = addr
                    .split(['?', '#'])
                    .next()
                    .unwrap_or(addr)
                    .trim()
                    .to_ascii_lowercase();
                let src = source.get_or_insert_with(|| {
                    self.source(line.min(p.line), end_line.max(p.line))
                        .to_ascii_lowercase()
                });
                if address.contains('@')
                    && src.contains(&address)
                    && self.room(self.emails.len())
                    && self.emails_seen.insert((address.clone(), p.line))
                {
                    let qualifiers = qualifiers(&sentence);
                    self.emails.push(Email {
                        address,
                        qualifiers,
                        sentence,
                        line: p.line,
                        section,
                        block,
                    });
                }
                continue;
            }
            if !self.room(self.links.len()) {
                continue;
            }
            self.links.push(Link {
                text: clip(&p.text),
                url: p.url.trim().chars().take(2048).collect(),
                sentence,
                line: p.line,
                section,
                block,
            });
        }
    }
}

/// How far [`sentence_at`] looks either side of an offset for a sentence's end (bytes):
/// a run of text without one (a megabyte on one line) is not a sentence, and looking
/// further would make every link in it cost the whole line.
const SENTENCE_REACH: usize = 8 * MAX_TEXT;

/// The sentence of `text` that byte offset `at` stands in: from after the previous
/// sentence end (". ", "! ", "? ", a line break between list items) to the next, looking
/// at most [`SENTENCE_REACH`] bytes either way.
pub fn sentence_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let bytes = text.as_bytes();
    let mut start = at.saturating_sub(SENTENCE_REACH);
    let mut end = at.saturating_add(SENTENCE_REACH).min(text.len());
    let floor = start;
    let is_end = |i: usize| {
        matches!(bytes[i], b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
            || bytes[i] == b'\n' && bytes.get(i + 1) == Some(&b'\n')
    };
    let mut i = at;
    while i > floor {
        i -= 1;
        if is_end(i) {
            start = i + 1;
            break;
        }
    }
    let mut j = at;
    while j < end {
        if is_end(j) {
            end = j + 1;
            break;
        }
        j += 1;
    }
    let (mut s, mut e) = (start, end);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    if s > e {
        return "";
    }
    text[s..e].trim()
}

/// The sentences of a block's text, with their byte offsets.
pub fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let s = sentence_at(text, at);
        // `s` is a slice of `text`: its offset is the distance between their starts.
        let start = (s.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let end = start + s.len();
        if !s.is_empty() {
            out.push((start, s));
        }
        at = end.max(at + 1);
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
    }
    out
}

/// The qualifying words of a sentence around an address: private, public (unless
/// negated: "not in a public issue"), encrypted, PGP.
pub fn qualifiers(sentence: &str) -> Vec<Qualifier> {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = BTreeSet::new();
    for (i, w) in words.iter().enumerate() {
        let negated = words[i.saturating_sub(3)..i]
            .iter()
            .any(|p| matches!(*p, "not" | "no" | "never" | "don't" | "nor" | "instead"));
        let q = match *w {
            "private" | "privately" | "confidential" | "confidentially" | "embargoed" => {
                Some(Qualifier::Private)
            }
            "public" if i > 0 && words[i - 1] == "non" => Some(Qualifier::Private),
            "public" | "publicly" if !negated => {
                // "public key" is about encryption, not the channel.
                if words.get(i + 1).is_some_and(|n| n.starts_with("key")) {
                    Some(Qualifier::Pgp)
                } else {
                    Some(Qualifier::Public)
                }
            }
            w if w.starts_with("encrypt") => Some(Qualifier::Encrypted),
            "pgp" | "gpg" | "openpgp" | "gnupg" => Some(Qualifier::Pgp),
            _ => None,
        };
        out.extend(q);
    }
    out.into_iter().collect()
}
