//! Contacts and references in a security document: which links are a way to report a
//! vulnerability (an e-mail address, GitHub private vulnerability reporting, a bug bounty,
//! a mailing list, a report form) and which only point at more reading (CVE and CVSS
//! sites, guidance and documentation pages, organization pages). When in doubt a link is a
//! reference: it is better to miss a contact than to call a reference one.
//!
//! Also: the in-repository pages a document links to, and the security section of a
//! CONTRIBUTING or README file. Pure functions over text; no I/O.

use std::collections::HashMap;
use std::sync::LazyLock;

use linkify::{LinkFinder, LinkKind};
use regex::Regex;

use crate::evidence::GithubRepo;
use crate::evidence::files::resolve_link;
use crate::model::ContactKind;

use super::super::util::compile;
use super::announce::{announcement, not_for_reports};

/// Most contacts, references and linked pages kept from one document.
pub(crate) const MAX_CONTACTS: usize = 20;
pub(crate) const MAX_REFERENCES: usize = 20;
pub(crate) const MAX_PAGES: usize = 5;

/// A contact in a document: the value (an address written out, or a URL), its kind, its
/// 1-based line and, when it differs, the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub value: String,
    pub kind: ContactKind,
    pub line: u32,
    pub written: Option<String>,
}

/// A link that is not a contact, at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub url: String,
    pub line: u32,
}

/// An in-repository page a document links to: its path and the line of the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    pub path: String,
    pub line: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extracted {
    pub contacts: Vec<Found>,
    pub references: Vec<Reference>,
    pub pages: Vec<Page>,
}

/// Where a document stands, for resolving its links.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base<'a> {
    /// The repository the document belongs to (its `blob/` links are in-repository pages).
    pub repo: Option<&'a GithubRepo>,
    /// The document's repository path (relative links resolve against it); `None` for a
    /// document outside the repository (the organization's policy).
    pub path: Option<&'a str>,
}

/// Contacts, references and in-repository pages of `text`, in order of appearance,
/// without duplicates. HTML comments and PGP key blocks are not read (templates keep
/// their placeholder addresses in comments).
pub(crate) fn extract(text: &str, base: Base<'_>) -> Extracted {
    let text = mask(text);
    let lines = Lines::new(&text);
    let line_of_offset = |_: &str, at: usize| lines.number(at);
    let line_at = |_: &str, at: usize| lines.around(at);
    let mut out = Extracted::default();
    let all_lines: Vec<&str> = text.lines().collect();
    // Whether a line is an announcement list, and whether it says not to report there,
    // decided once per line: a line holding thousands of addresses is read once, not once
    // per address.
    let mut per_line: HashMap<u32, (bool, bool)> = HashMap::new();
    let mut line_says = |n: u32| {
        *per_line
            .entry(n)
            .or_insert_with(|| (announcement(&all_lines, n), not_for_reports(&all_lines, n)))
    };

    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url, LinkKind::Email]);
    for link in finder.links(&text) {
        let line_no = line_of_offset(&text, link.start());
        let line = line_at(&text, link.start()).to_ascii_lowercase();
        let raw = link.as_str();
        let mailto = raw
            .get(..7)
            .filter(|p| p.eq_ignore_ascii_case("mailto:"))
            .and_then(|_| raw.get(7..));
        if *link.kind() == LinkKind::Email || mailto.is_some() {
            let addr = mailto.unwrap_or(raw);
            let addr = addr.split('?').next().unwrap_or(addr);
            // Quotes, brackets and sentence punctuation around the address are not part of it.
            let addr = addr.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some(kind) =
                email_kind(addr, &line).filter(|_| line_says(line_no) == (false, false))
            {
                push_contact(&mut out, addr.to_string(), kind, line_no, None);
            } else if !addr.is_empty() {
                push_reference(&mut out, format!("mailto:{addr}"), line_no);
            }
            continue;
        }
        let url = raw.trim_end_matches(['.', ',', ')', ';', ':', '*', '_', '>', '"', '\'']);
        if url.is_empty() || is_image(url) {
            continue;
        }
        if let Some(p) = base.repo.and_then(|r| blob_path(url, r)) {
            push_page(&mut out, p, line_no);
        }
        // The advisories list (not `/new`) is a way to report where its sentence asks to
        // report there (the sentence may run over lines), not where advisories are
        // published or a fix is coordinated.
        let kind = if advisories_list(url) {
            let sentence = crate::evidence::docs::sentence_at(&text, link.start()).to_lowercase();
            files_a_report(&sentence).then_some(ContactKind::PrivateVulnerabilityReporting)
        } else {
            url_kind(url, &line)
        };
        let kind = kind.filter(|k| {
            let (announced, not_for_reports) = line_says(line_no);
            (*k != ContactKind::MailingList || !announced)
                && (!matches!(k, ContactKind::MailingList | ContactKind::Form) || !not_for_reports)
        });
        match kind {
            Some(kind) => push_contact(&mut out, url.to_string(), kind, line_no, None),
            None => push_reference(&mut out, url.to_string(), line_no),
        }
    }

    // Addresses written to dodge harvesters: `security [at] example [dot] org`.
    for m in OBFUSCATED.find_iter(&text) {
        if let Some(addr) = deobfuscate(m.as_str()) {
            let line_no = line_of_offset(&text, m.start());
            let line = line_at(&text, m.start()).to_ascii_lowercase();
            if let Some(kind) = email_kind(&addr, &line) {
                let written = m.as_str().trim().to_string();
                push_contact(&mut out, addr, kind, line_no, Some(written));
            }
        }
    }
    out.contacts.sort_by_key(|c| c.line);

    // Relative links (Markdown, AsciiDoc, reStructuredText) to pages of the repository.
    if let Some(from) = base.path {
        for re in [&*MD_LINK, &*MD_REF, &*ADOC_LINK, &*RST_LINK] {
            for c in re.captures_iter(&text) {
                let Some(t) = c.get(1) else { continue };
                if let Some(p) = relative_page(from, t.as_str()) {
                    push_page(&mut out, p, line_of_offset(&text, t.start()));
                }
            }
        }
        out.pages.sort_by_key(|p| p.line);
    }
    out
}

fn push_contact(
    out: &mut Extracted,
    value: String,
    kind: ContactKind,
    line: u32,
    written: Option<String>,
) {
    if value.is_empty()
        || out.contacts.len() >= MAX_CONTACTS
        || out
            .contacts
            .iter()
            .any(|c| c.value.eq_ignore_ascii_case(&value))
    {
        return;
    }
    out.contacts.push(Found {
        value,
        kind,
        line,
        written,
    });
}

fn push_reference(out: &mut Extracted, url: String, line: u32) {
    if out.references.len() < MAX_REFERENCES && !out.references.iter().any(|r| r.url == url) {
        out.references.push(Reference { url, line });
    }
}

fn push_page(out: &mut Extracted, path: String, line: u32) {
    if out.pages.len() < MAX_PAGES && !out.pages.iter().any(|p| p.path == path) {
        out.pages.push(Page { path, line });
    }
}

/// `text` with HTML comments and PGP armour blanked out (newlines kept, so offsets and
/// line numbers stay those of the file).
fn mask(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let blank = |out: &mut Vec<u8>, a: usize, b: usize| {
        for byte in &mut out[a..b] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut from = 0;
    while let Some(i) = text[from..].find("<!--") {
        let a = from + i;
        let b = text[a + 4..]
            .find("-->")
            .map_or(text.len(), |j| a + 4 + j + 3);
        blank(&mut out, a, b);
        from = b;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find("-----BEGIN PGP") {
        let a = from + i;
        let b = match text[a..].find("-----END PGP") {
            Some(j) => text[a + j..].find('\n').map_or(text.len(), |k| a + j + k),
            None => text.len(),
        };
        blank(&mut out, a, b);
        from = b;
    }
    // Only ASCII bytes were replaced by ASCII spaces (both markers are ASCII, and a
    // multi-byte character is replaced whole), so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The line around byte offset `at`.
/// Line starts of a text, indexed once: the line of an offset is a binary search, not a
/// count from the start (a 1 MiB file of addresses has tens of thousands of matches).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

/// The context read around a match on its line: at most this many bytes each side (one
/// line of a megabyte would otherwise be lowercased once per match).
const CONTEXT: usize = 256;

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line number of byte offset `at`.
    fn number(&self, at: usize) -> u32 {
        let k = self.starts.partition_point(|&s| s <= at);
        u32::try_from(k.max(1)).unwrap_or(u32::MAX)
    }

    /// The line holding `at`, cut to [`CONTEXT`] bytes either side of it.
    fn around(&self, at: usize) -> &'a str {
        let at = at.min(self.text.len());
        let k = self.starts.partition_point(|&s| s <= at).max(1);
        let a = self.starts[k - 1];
        let b = self
            .starts
            .get(k)
            .map_or(self.text.len(), |&s| s.saturating_sub(1));
        let mut a = a.max(at.saturating_sub(CONTEXT));
        let mut b = b.min(at.saturating_add(CONTEXT)).max(a);
        while !self.text.is_char_boundary(a) {
            a += 1;
        }
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        self.text.get(a..b.max(a)).unwrap_or("")
    }
}

/// `https://github.com/<owner>/<repo>/security/advisories` (the list, not `/new`).
pub(crate) fn advisories_list(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://github.com/")
        .or_else(|| lower.strip_prefix("http://github.com/"))
        .or_else(|| lower.strip_prefix("https://www.github.com/"))
    else {
        return false;
    };
    let segs: Vec<&str> = rest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    segs.len() == 4 && segs[2] == "security" && segs[3] == "advisories"
}

/// A sentence that asks the reader to report through what it links ("please file a
/// GitHub security advisory", "report it through the Security tab"), not one that says
/// where advisories are published or how a fix is coordinated.
pub(crate) fn files_a_report(sentence: &str) -> bool {
    let asks = [
        "report", "file a", "file an", "submit", "open a", "open an", "create a", "disclose",
    ]
    .iter()
    .any(|w| sentence.contains(w));
    let other = [
        "publish",
        "communicate",
        "announce",
        "will be used",
        "draft",
    ]
    .iter()
    .any(|w| sentence.contains(w));
    asks && !other
}

/// Words on a line that name the place to report.
fn reporting_context(line: &str) -> bool {
    [
        "report", "submit", "disclos", "send", "contact", "email", "e-mail", "mail to", "reach",
        "private", "vulnerab",
    ]
    .iter()
    .any(|w| line.contains(w))
}

/// The kind of an e-mail address on `line` (lowercase), or `None` when it is not a way
/// to report: a no-reply address, an announcement list, a code-of-conduct address.
pub(crate) fn email_kind(addr: &str, line: &str) -> Option<ContactKind> {
    if !crate::evidence::validate::is_address(addr) {
        return None;
    }
    let lower = addr.to_ascii_lowercase();
    let (local, domain) = lower.split_once('@')?;
    if local.is_empty()
        || local == "git"
        || !domain.contains('.')
        || local.contains("noreply")
        || local.contains("no-reply")
        || domain.ends_with("noreply.github.com")
        || local.contains("announce")
        || local.starts_with("conduct")
        || line.contains("code of conduct")
    {
        return None;
    }
    if domain == "googlegroups.com" || domain.starts_with("lists.") {
        Some(ContactKind::MailingList)
    } else {
        Some(ContactKind::Email)
    }
}

/// The kind of contact a URL is on `line` (lowercase), or `None` for a reference.
pub(crate) fn url_kind(url: &str, line: &str) -> Option<ContactKind> {
    if !crate::evidence::validate::is_web_url(url) {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segs: Vec<String> = parsed
        .path_segments()
        .map(|s| {
            s.filter(|x| !x.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let seg = |i: usize| segs.get(i).map(String::as_str);
    let context = reporting_context(line);
    if url.to_ascii_lowercase().contains("announce") {
        return None;
    }
    match host {
        "github.com" => {
            // /<owner>/<repo>/security/advisories/new: the private reporting form; the
            // advisories list only where the line names it as the place to report.
            let advisories =
                segs.len() >= 4 && seg(2) == Some("security") && seg(3) == Some("advisories");
            if advisories && segs.len() == 5 && seg(4) == Some("new") {
                return Some(ContactKind::PrivateVulnerabilityReporting);
            }
            if advisories && segs.len() == 4 && context {
                return Some(ContactKind::PrivateVulnerabilityReporting);
            }
            None
        }
        "hackerone.com" | "bugcrowd.com" | "intigriti.com" | "app.intigriti.com"
        | "yeswehack.com" | "huntr.com" | "huntr.dev" | "immunefi.com" => {
            (!segs.is_empty()).then_some(ContactKind::BugBounty)
        }
        "groups.google.com" => (context && !segs.is_empty()).then_some(ContactKind::MailingList),
        "forms.gle" => context.then_some(ContactKind::Form),
        "docs.google.com" if seg(0) == Some("forms") => context.then_some(ContactKind::Form),
        _ => {
            let bounty = host.contains("bugbounty")
                || segs.iter().any(|s| {
                    matches!(
                        s.as_str(),
                        "bug-bounty" | "bugbounty" | "bug_bounty" | "bounty"
                    )
                });
            if bounty {
                return Some(ContactKind::BugBounty);
            }
            if host.starts_with("lists.") && context && !segs.is_empty() {
                return Some(ContactKind::MailingList);
            }
            let form = segs.iter().any(|s| s == "form" || s == "forms")
                || segs.last().is_some_and(|s| {
                    matches!(
                        s.as_str(),
                        "report" | "submit" | "create-report" | "new-report"
                    )
                });
            (form && context).then_some(ContactKind::Form)
        }
    }
}

fn is_image(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or(&lower);
    [".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|e| path.ends_with(e))
        || lower.contains("img.shields.io")
        || lower.contains("badge")
}

/// The repository path of a `https://github.com/<owner>/<name>/blob/<ref>/<path>` link to
/// `repo` (a ref with a `/` is not supported: the first segment is taken as the ref).
pub(crate) fn blob_path(url: &str, repo: &GithubRepo) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    if host != "github.com" && host != "www.github.com" {
        return None;
    }
    let segs: Vec<&str> = parsed.path_segments()?.filter(|s| !s.is_empty()).collect();
    if segs.len() < 5
        || !segs[0].eq_ignore_ascii_case(&repo.owner)
        || !segs[1].eq_ignore_ascii_case(&repo.name)
        || segs[2] != "blob"
    {
        return None;
    }
    let path = segs[4..]
        .iter()
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect::<Vec<_>>()
        .join("/");
    clean_repo_path(&path)
}

/// A relative link target of the document at `from`, as a repository path: no scheme, no
/// anchor-only link, not leaving the tree.
fn relative_page(from: &str, target: &str) -> Option<String> {
    let t = target.trim().trim_start_matches('<').trim_end_matches('>');
    let t = t.split(['#', '?']).next().unwrap_or("");
    if t.is_empty() || t.contains("://") || t.contains(':') {
        return None;
    }
    let t = percent_encoding::percent_decode_str(t)
        .decode_utf8_lossy()
        .into_owned();
    let resolved = match t.strip_prefix('/') {
        Some(root) => clean_repo_path(root)?,
        None => resolve_link(from, &t)?,
    };
    clean_repo_path(&resolved)
}

/// A path inside the tree (`..` that leaves it, backslashes and empty paths refused).
fn clean_repo_path(p: &str) -> Option<String> {
    // resolve_link from a root file normalizes `.` and `..` and refuses escapes.
    resolve_link("x", p)
}

static OBFUSCATED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b[a-z0-9][a-z0-9._%+-]{0,63}[ \t]*[\[\(\{<][ \t]*at[ \t]*[\]\)\}>][ \t]*[a-z0-9][a-z0-9-]{0,62}(?:(?:\.|[ \t]*[\[\(\{<][ \t]*dot[ \t]*[\]\)\}>][ \t]*)[a-z0-9][a-z0-9-]{0,62}){1,5}",
    )
});
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| compile(r#"\]\(\s*<?([^()\s<>]{1,300})>?(?:\s+"[^"]*")?\s*\)"#));
static MD_REF: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?m)^\s{0,3}\[[^\]]{1,200}\]:\s*<?([^\s<>]{1,300})>?"));
static ADOC_LINK: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:link|xref):([^\s\[\]]{1,300})\["));
static RST_LINK: LazyLock<Regex> = LazyLock::new(|| compile(r"<([^\s<>`]{1,300})>`_"));

/// `security [at] example [dot] org` → `security@example.org`, when the result has a
/// dotted domain with an alphabetic top-level label.
fn deobfuscate(written: &str) -> Option<String> {
    static AT: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(?i)[ \t]*[\[\(\{<][ \t]*at[ \t]*[\]\)\}>][ \t]*"));
    static DOT: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(?i)\.|[ \t]*[\[\(\{<][ \t]*dot[ \t]*[\]\)\}>][ \t]*"));
    let mut parts = AT.splitn(written.trim(), 2);
    let local = parts.next()?;
    let domain = parts.next()?;
    let domain = DOT.replace_all(domain, ".").to_ascii_lowercase();
    let tld = domain.rsplit('.').next()?;
    if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// A heading line of Markdown (`## Security`) or AsciiDoc (`== Security`): its level and
/// text. Setext headings are recognised by [`section`].
fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_end();
    let lead = t.len() - t.trim_start().len();
    if lead > 3 {
        return None;
    }
    let t = t.trim_start();
    for mark in ['#', '='] {
        let level = t.chars().take_while(|c| *c == mark).count();
        if (1..=6).contains(&level) {
            let rest = &t[level..];
            if rest.starts_with(' ') || rest.starts_with('\t') {
                let text = rest.trim().trim_end_matches(mark).trim();
                return Some((level, text));
            }
        }
    }
    None
}

/// The security section of a CONTRIBUTING or README file: the first heading whose text
/// names security, vulnerabilities or reporting, and its lines up to the next heading of
/// the same or a higher level. Returns the heading text, and `text` with every line
/// outside the section blanked (so line numbers are those of the file). Headings inside
/// fenced code blocks are not headings.
pub(crate) fn section(text: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut headings: Vec<(usize, usize, &str)> = Vec::new(); // (line index, level, text)
    let mut fence: Option<&str> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if t.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        if let Some((level, h)) = atx_heading(l) {
            headings.push((i, level, h));
            continue;
        }
        // Setext: a text line underlined with === (level 1) or --- (level 2).
        if let Some(next) = lines.get(i + 1) {
            let n = next.trim();
            let under =
                n.len() >= 3 && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-'));
            if under && !l.trim().is_empty() && atx_heading(l).is_none() {
                let level = if n.starts_with('=') { 1 } else { 2 };
                headings.push((i, level, l.trim()));
            }
        }
    }
    // A heading about reporting security issues first ("Reporting security issues" after
    // a "Security audit"), then any about security or reporting.
    let topical = |h: &str| {
        let h = h.to_ascii_lowercase();
        h.contains("security") || h.contains("vulnerab") || h.contains("report")
    };
    let reporting = |h: &str| {
        let h = h.to_ascii_lowercase();
        (h.contains("security") || h.contains("vulnerab"))
            && (h.contains("report") || h.contains("disclos"))
    };
    let (k, &(start, level, heading)) = headings
        .iter()
        .enumerate()
        .find(|(_, (_, _, h))| reporting(h))
        .or_else(|| {
            headings
                .iter()
                .enumerate()
                .find(|(_, (_, _, h))| topical(h))
        })?;
    let end = headings[k + 1..]
        .iter()
        .find(|(_, l, _)| *l <= level)
        .map_or(lines.len(), |(i, _, _)| *i);
    let only_reporting = {
        let h = heading.to_ascii_lowercase();
        !h.contains("security") && !h.contains("vulnerab")
    };
    let body: Vec<&str> = lines[start..end].to_vec();
    // A "Reporting issues" section counts only where it speaks of security: keep the lines
    // that do, and their neighbours.
    let keep = |i: usize| -> bool {
        if !only_reporting {
            return true;
        }
        let speaks = |j: usize| {
            body.get(j).is_some_and(|l| {
                let l = l.to_ascii_lowercase();
                l.contains("security") || l.contains("vulnerab")
            })
        };
        speaks(i) || (i > 0 && speaks(i - 1)) || speaks(i + 1)
    };
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i > start && i < end && keep(i - start) {
            out.push_str(l);
        } else {
            out.extend(std::iter::repeat_n(' ', l.len()));
        }
    }
    Some((heading.to_string(), out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> GithubRepo {
        GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        }
    }

    fn ex(text: &str) -> Extracted {
        let r = repo();
        extract(
            text,
            Base {
                repo: Some(&r),
                path: Some("SECURITY.md"),
            },
        )
    }

    #[test]
    fn the_advisories_list_is_a_way_to_report_only_where_the_sentence_asks_to_report() {
        let e = ex(
            "## Communication\n\nWe will publish known vulnerabilities through a [GitHub Security Advisory](https://github.com/o/r/security/advisories) once addressed.\n\n[GitHub Security Advisory](https://github.com/o/r/security/advisories) will be used to communicate during the process of fixing the vulnerability.\n",
        );
        assert!(e.contacts.is_empty(), "{:?}", e.contacts);
        // The request to report runs over two lines; the link stands on the second.
        let e = ex(
            "## Reporting\n\nIf you found a problem, please file a [GitHub security\nadvisory on the\nrepo](https://github.com/o/r/security/advisories). The maintainers will diagnose it.\n",
        );
        assert_eq!(e.contacts.len(), 1, "{:?}", e.contacts);
        assert_eq!(
            e.contacts[0].kind,
            ContactKind::PrivateVulnerabilityReporting
        );
    }

    #[test]
    fn a_list_the_policy_says_not_to_report_to_is_no_contact() {
        let e = ex(
            "## Mailing lists\n- Use sec@lists.p.io to reach the Security Team. Do not use it to report vulnerabilities; use [private reporting](https://github.com/o/r/security/advisories/new) instead.\n",
        );
        assert!(
            e.contacts.iter().all(|c| c.value != "sec@lists.p.io"),
            "{:?}",
            e.contacts
        );
        assert!(
            e.contacts
                .iter()
                .any(|c| c.kind == ContactKind::PrivateVulnerabilityReporting)
        );
    }

    #[test]
    fn urls_are_references_unless_they_are_a_way_to_report() {
        for (url, line, kind) in [
            (
                "https://github.com/o/r/security/advisories/new",
                "see",
                Some(ContactKind::PrivateVulnerabilityReporting),
            ),
            (
                "https://github.com/o/r/security/advisories",
                "report it privately at",
                Some(ContactKind::PrivateVulnerabilityReporting),
            ),
            (
                "https://github.com/o/r/security/advisories",
                "past advisories are listed at",
                None,
            ),
            (
                "https://github.com/o/r/security/advisories/GHSA-xxxx-yyyy-zzzz",
                "report",
                None,
            ),
            (
                "https://hackerone.com/ibb",
                "see",
                Some(ContactKind::BugBounty),
            ),
            ("https://hackerone.com/", "see", None),
            (
                "https://bugcrowd.com/acme",
                "",
                Some(ContactKind::BugBounty),
            ),
            (
                "https://example.org/security/bug-bounty",
                "",
                Some(ContactKind::BugBounty),
            ),
            (
                "https://groups.google.com/g/acme-security",
                "send a report to",
                Some(ContactKind::MailingList),
            ),
            (
                "https://groups.google.com/g/acme-security-announce",
                "send a report to",
                None,
            ),
            (
                "https://forms.gle/abc",
                "please submit",
                Some(ContactKind::Form),
            ),
            (
                "https://example.org/security/report",
                "report it through",
                Some(ContactKind::Form),
            ),
            (
                "https://example.org/security/report",
                "our process is described at",
                None,
            ),
            ("https://www.cve.org/", "report", None),
            ("https://www.first.org/cvss/", "we score with", None),
            ("https://github.com/o", "report", None),
            (
                "https://kubernetes.io/docs/reference/issues-security/security/#report-a-vulnerability",
                "instructions for reporting",
                None,
            ),
            ("https://example.org/blog/2024/security", "report", None),
        ] {
            assert_eq!(url_kind(url, line), kind, "{url} on {line:?}");
        }
    }

    #[test]
    fn emails_and_obfuscated_addresses() {
        let e = ex("Mail [us](mailto:security@example.org?subject=x).\n\
                    Or write to security [at] acme [dot] io. Lists are below.\n\
                    Lists: acme-dev (at) googlegroups.com\n\
                    <!-- replace with your address: placeholder@template.org -->\n\
                    Announcements: acme-announce@googlegroups.com\n\
                    Code of conduct: conduct@cncf.io\n\
                    noreply@github.com\n\
                    git clone git@github.com:o/r.git\n");
        let got: Vec<(&str, ContactKind, u32, Option<&str>)> = e
            .contacts
            .iter()
            .map(|c| (c.value.as_str(), c.kind, c.line, c.written.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("security@example.org", ContactKind::Email, 1, None),
                (
                    "security@acme.io",
                    ContactKind::Email,
                    2,
                    Some("security [at] acme [dot] io")
                ),
                (
                    "acme-dev@googlegroups.com",
                    ContactKind::MailingList,
                    3,
                    Some("acme-dev (at) googlegroups.com")
                ),
            ]
        );
        assert!(
            e.references
                .iter()
                .any(|r| r.url == "mailto:acme-announce@googlegroups.com")
        );
        assert!(!e.references.iter().any(|r| r.url.contains("placeholder")));
    }

    #[test]
    fn non_ascii_text_does_not_break_extraction() {
        let e = ex(
            "Écrivez à sécurité@exemple.fr ou https://exemple.fr/sécurité/report\nmailtö:x «sec@x.io»\n<!-- ünclosed comment",
        );
        assert!(e.contacts.iter().any(|c| c.value == "sec@x.io"), "{e:?}");
        let _ = section("## Sécurité\n\nÉcrivez à sec@x.io\n");
        let _ = ex("-----BEGIN PGP ünterminated\n");
    }

    #[test]
    fn pgp_blocks_are_skipped_and_images_dropped() {
        let e = ex(
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\nComment: key of x@y.org\nabc\n-----END PGP PUBLIC KEY BLOCK-----\n![b](https://img.shields.io/x.svg)\nsec@z.io\n",
        );
        assert_eq!(e.contacts.len(), 1);
        assert_eq!(e.contacts[0].value, "sec@z.io");
        assert_eq!(e.contacts[0].line, 6);
        assert!(e.references.is_empty(), "{:?}", e.references);
    }

    #[test]
    fn in_repository_pages() {
        let r = repo();
        let e = extract(
            "See [reporting](docs/reporting.md#how) and [x](../../etc/passwd)\n\
             and https://github.com/o/r/blob/main/docs/Contacts%20List.md\n\
             and https://github.com/other/r/blob/main/SECURITY.md\n\
             [ref]: ./process.md\n\
             link:docs/triage.adoc[triage] and `page <policy.rst>`_\n",
            Base {
                repo: Some(&r),
                path: Some(".github/SECURITY.md"),
            },
        );
        let pages: Vec<(&str, u32)> = e.pages.iter().map(|p| (p.path.as_str(), p.line)).collect();
        assert_eq!(
            pages,
            vec![
                (".github/docs/reporting.md", 1),
                ("docs/Contacts List.md", 2),
                (".github/process.md", 4),
                (".github/docs/triage.adoc", 5),
                (".github/policy.rst", 5),
            ]
        );
        // One more page than the cap: the first five found are kept.
        assert_eq!(MAX_PAGES, 5);
        let e = extract(
            "[top](/GOVERNANCE.md) [a](a.md) [b](b.md) [c](c.md) [d](d.md) [e](e.md)\n",
            Base {
                repo: Some(&r),
                path: Some("docs/SECURITY.md"),
            },
        );
        let pages: Vec<&str> = e.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            pages,
            [
                "GOVERNANCE.md",
                "docs/a.md",
                "docs/b.md",
                "docs/c.md",
                "docs/d.md"
            ]
        );
    }

    #[test]
    fn security_section_of_contributing() {
        let text = "# Contributing\n\n```sh\n# Security of the build\nmake\n```\n\n## Security\n\nMail sec@x.io.\n\n### Details\n\nOr sec2@x.io\n\n## Other\n\nmail other@x.io\n";
        let (h, body) = section(text).expect("section");
        assert_eq!(h, "Security");
        assert_eq!(body.lines().count(), text.lines().count());
        let e = extract(
            &body,
            Base {
                repo: None,
                path: None,
            },
        );
        let got: Vec<(&str, u32)> = e
            .contacts
            .iter()
            .map(|c| (c.value.as_str(), c.line))
            .collect();
        assert_eq!(got, vec![("sec@x.io", 10), ("sec2@x.io", 14)]);

        // A "Reporting issues" section counts only where it speaks of security.
        let text = "Intro\n=====\n\nReporting issues\n----------------\n\nBugs go to bugs@x.io.\n\nFor a security vulnerability, mail\nsecurity@x.io instead.\n";
        let (h, body) = section(text).expect("section");
        assert_eq!(h, "Reporting issues");
        let e = extract(
            &body,
            Base {
                repo: None,
                path: None,
            },
        );
        let got: Vec<&str> = e.contacts.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(got, vec!["security@x.io"]);
        assert_eq!(section("# Title\n\nNothing here.\n"), None);
    }
}
