//! Markdown that prefills the TAG-Security self-assessment: the template's headings in its
//! order (Metadata with the SBOM row, Security links, Secure development practices with
//! the Development Pipeline checklist and Communication Channels, Security issue
//! resolution, Appendix), each answer followed by footnotes that cite its evidence.
//!
//! Everything taken from the repository goes through [`escape`] (or [`code`], [`link`],
//! [`autolink`], which fall back to it), so a SECURITY.md cannot inject HTML, links or
//! structure into the document. Links are only ever made to http(s) URLs.

use std::collections::HashMap;

use crate::model::text::{clip, group_digits};
use crate::model::{
    Answer, Citation, CitationKind, Part, ProbeFacts, Report, SelfAssessment, SelfAssessmentItem,
    Text,
};

/// Longest text taken from the repository shown inline, in characters.
pub const MAX_INLINE: usize = 200;
/// Longest citation excerpt shown in a footnote, in characters.
pub const MAX_EXCERPT: usize = 160;

/// Escapes text from the repository for use inline in Markdown (a sentence, a table cell,
/// a link text) and caps it at `max` characters, marking a cut with `…`; the cut falls
/// between words (mid-word only in one word longer than half the cap).
///
/// - `&`, `<`, `>` become entities, so no HTML (`<script>`), autolink or entity survives;
/// - the Markdown specials `\` `` ` `` `*` `_` `[` `]` `|` `~` `$` are backslash-escaped,
///   so no emphasis, code, link (`](javascript:`), footnote, table cell or math can start;
/// - a leading `#`, `-`, `+`, `=`, or the `.` / `)` of a leading `1. ` / `1) `, is escaped
///   so that the text cannot open a heading, list or setext underline where it starts a line;
/// - line breaks, other control characters and bidirectional overrides become spaces;
/// - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are removed, so that
///   `SECURITY\u{200B}.md` reads as what it renders as, and a removed one cannot hide a
///   leading `#` from the line-start rules above (they apply to the cleaned text).
///
/// The result renders as exactly the input text (cleaned, trimmed, capped) on GitHub.
pub fn escape(s: &str, max: usize) -> String {
    let cleaned = clean(s);
    let clipped = clip(cleaned.trim(), max);
    let mut out = String::with_capacity(clipped.len() + 8);
    escape_into(&clipped, &mut out);
    protect_line_start(&mut out);
    out
}

/// `s` without zero-width characters, with controls and bidirectional overrides as spaces.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_zero_width(c))
        .map(|c| {
            if c.is_control() || is_invisible_format(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Entities for `&`, `<`, `>`, a backslash before each Markdown special: `s` (cleaned) as
/// text anywhere inside a line.
fn escape_into(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() || is_invisible_format(c) => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Escapes what would open a heading, a list or a setext underline where `out` starts a
/// line: a leading `#`, `-`, `+`, `=`, or the `.` / `)` of a leading `1. ` / `1) `.
fn protect_line_start(out: &mut String) {
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
        return;
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && out[digits..].starts_with(['.', ')'])
        && out[digits + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    {
        out.insert(digits, '\\');
    }
}

/// Longest run of the tool's own words in one part of a sentence (a bound for text built
/// elsewhere; the tool's sentences are far shorter).
const MAX_WORDS: usize = 4000;

/// A sentence (or any [`Text`]) as inline Markdown: the tool's words and the repository's
/// text escaped ([`escape`]), code as code spans ([`code`]), numbers grouped (`1,000`),
/// commit ids shortened ([`short_sha`]), URLs as autolinks and links only when they are
/// safe http(s) URLs ([`autolink`], [`link`]). Safe where it starts a line.
pub fn text(t: &Text) -> String {
    let mut out = String::new();
    for p in t.parts() {
        match p {
            Part::Text(s) => escape_into(&clip(&clean(s), MAX_WORDS), &mut out),
            Part::Quote(s) => out.push_str(&escape(s, MAX_INLINE)),
            Part::Code(s) => out.push_str(&code(s)),
            Part::Number(n) => out.push_str(&group_digits(*n)),
            Part::Commit(s) => out.push_str(&short_sha(s)),
            Part::Url(u) => out.push_str(&autolink(u)),
            Part::Link { text, url } => {
                let words = escape(text, MAX_INLINE);
                match link(&words, url) {
                    Some(l) => out.push_str(&l),
                    None => out.push_str(&words),
                }
            }
        }
    }
    protect_line_start(&mut out);
    out
}

/// Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Bidirectional overrides and isolates (Trojan Source), line/paragraph separators.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// A code span for a plain identifier (a path, a branch, an e-mail address, a check name,
/// a glob): only when it is made of `[A-Za-z0-9._/@+:()#,=* -]` with no space at either end, else
/// the escaped text. (A code span shows its content literally; the character set keeps
/// backticks, `|`, `<` and line breaks out of it.)
pub fn code(s: &str) -> String {
    let plain = !s.is_empty()
        && s == s.trim()
        && s.chars().count() <= MAX_INLINE
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/@+:-()#,=* ".contains(c));
    if plain {
        format!("`{s}`")
    } else {
        escape(s, MAX_INLINE)
    }
}

/// The URL if it is an absolute http(s) URL with a host and no credentials, normalized so
/// that it can sit in a link destination, an autolink or a table cell (no whitespace, no
/// `<`, `>`, `|` or `\`).
pub fn safe_url(u: &str) -> Option<String> {
    let url = url::Url::parse(u.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none_or(str::is_empty)
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return None;
    }
    let s = url
        .as_str()
        .replace('|', "%7C")
        .replace('\\', "%5C")
        .replace('`', "%60");
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'))
    {
        return None;
    }
    Some(s)
}

/// `[text](<url>)` when `url` is a safe http(s) URL, else `None`. `text` is Markdown
/// (already escaped).
pub fn link(text: &str, url: &str) -> Option<String> {
    let u = safe_url(url)?;
    Some(format!("[{text}](<{}>)", u.replace('&', "&amp;")))
}

/// `<url>` when `url` is a safe http(s) URL, else the escaped text.
pub fn autolink(url: &str) -> String {
    match safe_url(url) {
        Some(u) => format!("<{u}>"),
        None => escape(url, MAX_INLINE),
    }
}

/// A commit id shortened for people (code span), or the escaped text if it is not hex.
pub fn short_sha(sha: &str) -> String {
    if sha.len() >= 7 && sha.chars().all(|c| c.is_ascii_hexdigit()) {
        format!("`{}`", &sha[..7])
    } else {
        code(sha)
    }
}

/// An item's sentences as Markdown ([`text`]), joined by spaces, without their footnotes.
pub fn sentences(item: &SelfAssessmentItem) -> String {
    item.sentences
        .iter()
        .map(|s| text(&s.parts))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Numbered footnotes, one per distinct citation (place and excerpt), in order of first
/// reference.
#[derive(Default)]
struct Footnotes {
    defs: Vec<String>,
    index: HashMap<String, usize>,
}

impl Footnotes {
    /// The reference `[^n]` for a citation, defining its footnote on first use.
    fn reference(&mut self, c: &Citation) -> String {
        let key = format!(
            "{:?}|{}|{}|{:?}|{}|{}",
            c.kind,
            c.url.as_deref().unwrap_or(""),
            c.path.as_deref().unwrap_or(""),
            c.lines,
            c.commit.as_deref().unwrap_or(""),
            c.excerpt.as_deref().unwrap_or("")
        );
        let n = match self.index.get(&key) {
            Some(n) => *n,
            None => {
                self.defs.push(footnote_text(c));
                let n = self.defs.len();
                self.index.insert(key, n);
                n
            }
        };
        format!("[^{n}]")
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (i, d) in self.defs.iter().enumerate() {
            out.push_str(&format!("[^{}]: {}\n\n", i + 1, d));
        }
        out
    }
}

/// What a footnote says about a citation: where (a link when there is an http(s) URL,
/// else path @ commit and lines) and the excerpt, capped.
fn footnote_text(c: &Citation) -> String {
    let lines = match c.lines {
        Some([a, b]) if a == b => format!(" line {a}"),
        Some([a, b]) => format!(" lines {a}–{b}"),
        None => String::new(),
    };
    let at = c
        .commit
        .as_deref()
        .map(|s| format!(" at commit {}", short_sha(s)))
        .unwrap_or_default();
    let label = match c.kind {
        CitationKind::File => {
            let path = c.path.as_deref().map(|p| escape(p, MAX_INLINE));
            format!("{}{lines}", path.unwrap_or_else(|| "file".into()))
        }
        CitationKind::Commit => "commit".to_string(),
        CitationKind::ReleaseAsset => {
            let name = c.path.as_deref().map(|p| escape(p, MAX_INLINE));
            format!("release asset {}", name.unwrap_or_default())
                .trim_end()
                .to_string()
        }
        CitationKind::Api => "GitHub API".to_string(),
        CitationKind::Url => String::new(),
    };
    let mut out = match (c.kind, c.url.as_deref()) {
        (CitationKind::Api, Some(u)) => format!("{label}: {}", autolink(u)),
        (CitationKind::Url, Some(u)) => autolink(u),
        (CitationKind::Commit, Some(u)) => match link(&format!("commit {}", sha_text(c)), u) {
            Some(l) => l,
            None => format!("commit {} ({})", sha_text(c), escape(u, MAX_INLINE)),
        },
        (_, Some(u)) => match link(&label, u) {
            Some(l) => format!("{l}{at}"),
            None => format!("{label}{at} ({})", escape(u, MAX_INLINE)),
        },
        // A ref without a commit (a tag of a repository not on GitHub): name the ref.
        (CitationKind::Commit, None) if c.commit.is_none() => match c.path.as_deref() {
            Some(p) => format!("git ref {}", code(p)),
            None => "the repository's git refs".to_string(),
        },
        (CitationKind::Commit, None) => format!("commit {}", sha_text(c)),
        (_, None) => format!("{label}{at}"),
    };
    if let Some(e) = c.excerpt.as_deref().filter(|e| !e.trim().is_empty()) {
        out.push_str(&format!(": “{}”", escape(e, MAX_EXCERPT)));
    }
    out
}

fn sha_text(c: &Citation) -> String {
    c.commit.as_deref().map(short_sha).unwrap_or_default()
}

/// Renders the prefilled self-assessment.
pub fn render(report: &Report) -> String {
    let mut doc = Doc {
        out: String::new(),
        notes: Footnotes::default(),
    };
    doc.header(report);
    doc.metadata(report);
    doc.secure_development(report);
    doc.issue_resolution(report);
    doc.appendix(report);
    let notes = doc.notes.render();
    let mut out = doc.out;
    out.push_str(&notes);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

struct Doc {
    out: String,
    notes: Footnotes,
}

/// The template's questions answered by the checklist, in the custodian draft's order.
/// Each row names its item by field, so a row cannot name an item that does not exist.
type ItemOf = fn(&SelfAssessment) -> &SelfAssessmentItem;
const CHECKLIST: [(ItemOf, &str); 11] = [
    (
        |s| &s.source_in_github,
        "All source code is checked into GitHub?",
    ),
    (
        |s| &s.ci_on_every_pull_request,
        "Every pull request kicks off a build that runs the tests?",
    ),
    (
        |s| &s.reviewers_before_merge,
        "Each pull request requires approval from a reviewer before merging? How many reviewers?",
    ),
    (
        |s| &s.pushes_to_default_branch_forbidden,
        "Pushes to the default branch are forbidden?",
    ),
    (
        |s| &s.signed_commits_required,
        "Contributors are required to sign commits?",
    ),
    (
        |s| &s.automated_vulnerability_checks,
        "Automated checks for vulnerabilities?",
    ),
    (
        |s| &s.release_signatures,
        "Release artifacts and container images are signed?",
    ),
    (
        |s| &s.release_process_documented,
        "Documented and automated release process?",
    ),
    (
        |s| &s.release_checksums,
        "Checksum files for release artifacts are provided?",
    ),
    (
        |s| &s.best_practices_badge,
        "The project meets the passing criteria of the OpenSSF (formerly CII) Best Practices badge?",
    ),
    (
        |s| &s.sbom,
        "A software bill of materials (SBOM) is published?",
    ),
];

impl Doc {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// An item's answer and sentences, each sentence followed by its footnotes. Sentences
    /// are joined by `sep` (a space in a table cell, a soft line break in a list item).
    fn item(&mut self, item: &SelfAssessmentItem, sep: &str) -> String {
        let mut parts = Vec::new();
        match item.answer {
            Answer::Yes => parts.push("**Yes.**".to_string()),
            Answer::No => parts.push("**No.**".to_string()),
            Answer::Partial => parts.push("**Partly.**".to_string()),
            // The first sentence says "Not determined (reason); please complete."
            Answer::Unknown => {}
        }
        if item.sentences.is_empty() {
            // A report from elsewhere without sentences: its text, cited as a whole.
            let mut s = escape(&item.text, MAX_WORDS);
            for c in &item.citations {
                s.push_str(&self.notes.reference(c));
            }
            parts.push(s);
        }
        if !item.sentences.is_empty() {
            parts.push(self.said(item, sep));
        }
        let joined = parts.join(sep);
        if item.answer != Answer::Unknown || joined.contains("Not determined") {
            joined
        } else {
            format!("Not determined; please complete.{sep}{joined}")
        }
    }

    /// An item's sentences without its answer (a list of what the documents say, where a
    /// yes or no would mean nothing), each followed by its footnotes.
    fn said(&mut self, item: &SelfAssessmentItem, sep: &str) -> String {
        let mut parts = Vec::new();
        for sentence in &item.sentences {
            let mut s = text(&sentence.parts);
            for i in &sentence.citations {
                if let Some(c) = item.citations.get(*i) {
                    s.push_str(&self.notes.reference(c));
                }
            }
            parts.push(s);
        }
        parts.join(sep)
    }

    fn header(&mut self, r: &Report) {
        let repo = &r.repository;
        let name = match (&repo.owner, &repo.name) {
            (Some(o), Some(n)) => escape(&format!("{o}/{n}"), MAX_INLINE),
            _ => escape(local_name(r), MAX_INLINE),
        };
        self.line(&format!("# Self-assessment: {name}"));
        self.blank();
        let source = match repo.url.as_deref().and_then(safe_url) {
            Some(u) => format!("<{u}>"),
            None => format!("the local repository {}", code(local_name(r))),
        };
        let commit = match (&repo.head_commit, &repo.url) {
            (Some(sha), Some(u)) => {
                let url = format!("{}/commit/{sha}", u.trim_end_matches('/'));
                let text = format!("commit {}", short_sha(sha));
                format!(" at {}", link(&text, &url).unwrap_or(text))
            }
            (Some(sha), None) => format!(" at commit {}", short_sha(sha)),
            _ => String::new(),
        };
        let branch = repo
            .default_branch
            .as_deref()
            .map(|b| format!(" on branch {}", code(b)))
            .unwrap_or_default();
        self.line(&format!(
            "> Prefilled by {} {} from {source}{commit}{branch}, {}.",
            escape(&r.tool.name, MAX_INLINE),
            escape(&r.tool.version, MAX_INLINE),
            escape(&r.generated_at, 40)
        ));
        self.line(&format!("> Mode: {}.", mode_text(r)));
        for note in &r.mode.notes {
            self.line(&format!("> {}", escape(note, MAX_INLINE)));
        }
        self.line(
            "> Each statement is followed by footnotes citing its evidence. \
             *Not determined* marks what this scan could not see: please complete it, \
             and review every answer before you submit.",
        );
        self.blank();
    }

    fn metadata(&mut self, r: &Report) {
        self.line("## Metadata");
        self.blank();
        self.line("|   |  |");
        self.line("| -- | -- |");
        // Without a remote, the repository the project's own files name (the answer to
        // "source in GitHub" says where that came from).
        let named = || {
            let item = &r.self_assessment.source_in_github;
            (item.answer == Answer::Yes)
                .then(|| {
                    item.sentences
                        .iter()
                        .flat_map(|s| s.parts.parts())
                        .find_map(|p| match p {
                            crate::model::Part::Url(u) => Some(u.as_str()),
                            _ => None,
                        })
                })
                .flatten()
        };
        let software = match r
            .repository
            .url
            .as_deref()
            .or_else(named)
            .and_then(safe_url)
        {
            Some(u) => format!("<{u}>"),
            None => format!(
                "{} *(please add the repository's public URL)*",
                code(local_name(r))
            ),
        };
        self.line(&format!("| Software | {software} |"));
        self.line("| Security Provider | *Please complete: Yes or No.* |");
        let languages = if r.self_assessment.languages.answer == Answer::Yes {
            // A metadata row, not a question: the sentence without "Yes."
            self.said(&r.self_assessment.languages, " ")
        } else {
            self.item(&r.self_assessment.languages, " ")
        };
        self.line(&format!("| Languages | {languages} |"));
        let sbom = self.item(&r.self_assessment.sbom, " ");
        self.line(&format!("| SBOM | {sbom} |"));
        self.blank();

        self.line("### Security links");
        self.blank();
        self.line("| Doc | url |");
        self.line("| -- | -- |");
        let rows = security_links(r);
        if rows.is_empty() {
            // Why there is no link: the answer and the first sentence of the policy item.
            let policy = &r.self_assessment.security_policy;
            let first = SelfAssessmentItem {
                sentences: policy.sentences.iter().take(1).cloned().collect(),
                ..policy.clone()
            };
            let why = self.item(&first, " ");
            self.line(&format!("| Security file | {why} |"));
        }
        for (doc, url) in rows {
            self.line(&format!("| {doc} | {url} |"));
        }
        self.blank();
    }

    fn secure_development(&mut self, r: &Report) {
        let sa = &r.self_assessment;
        self.line("## Secure development practices");
        self.blank();
        // Offline, no setting (branch protection, rulesets) was read: only the repository.
        self.line(if r.mode.offline {
            "* Development Pipeline. The answers below state what was observed in the \
             repository's files and history; its GitHub settings were not read (offline scan)."
        } else {
            "* Development Pipeline. The answers below state what was observed in the \
             repository and its settings."
        });
        for (item_of, question) in CHECKLIST {
            let text = self.item(item_of(sa), "\n    ");
            self.line(&format!("  * {question} {text}"));
        }
        self.line("* Communication Channels.");
        self.channels(
            "Internal",
            &sa.communication_internal,
            "how do team members communicate with each other?",
        );
        let inbound = self.item(&sa.communication_inbound, "\n    ");
        self.line(&format!("  * Inbound. Security reports: {inbound}"));
        self.channels_under(
            &sa.communication_inbound_channels,
            "other channels for users (issues, chat, mailing lists).",
        );
        self.channels(
            "Outbound",
            &sa.communication_outbound,
            "how do you communicate with your users (e.g. an announcement mailing list)?",
        );
        if sa.communication_unassigned.answer == Answer::Yes {
            let more = self.said(&sa.communication_unassigned, "\n    ");
            self.line(&format!(
                "  * Also named, whom they are for not stated (please place them):\n    {more}"
            ));
        }
        if sa.ecosystem.answer == Answer::Yes {
            let eco = self.said(&sa.ecosystem, "\n  ");
            self.line(&format!(
                "* Ecosystem.\n  {eco}\n  *Please complete:* how does your software fit into the cloud native ecosystem?"
            ));
        } else {
            self.line(
                "* Ecosystem. *Please complete:* how does your software fit into the cloud native \
                 ecosystem?",
            );
        }
        self.blank();
    }

    fn issue_resolution(&mut self, r: &Report) {
        let sa = &r.self_assessment;
        self.line("## Security issue resolution");
        self.blank();
        let policy = self.item(&sa.security_policy, "\n  ");
        self.line(&format!("* Responsible Disclosures Process. {policy}"));
        // Where reports go is stated under Communication Channels, Inbound; who responds
        // and how is quoted from the documents where they say it.
        if sa.vulnerability_response.answer == Answer::Yes {
            let v = self.said(&sa.vulnerability_response, "\n    ");
            self.line(&format!("  * Vulnerability Response Process.\n    {v}"));
        } else {
            self.line(
                "  * Vulnerability Response Process. *Please complete:* who responds to a report, \
                 and how? (Where reports are sent is stated under Communication Channels, Inbound.)",
            );
            self.pointers(&sa.vulnerability_response);
        }
        if sa.incident_response.answer == Answer::Yes {
            let v = self.said(&sa.incident_response, "\n  ");
            self.line(&format!("* Incident Response.\n  {v}"));
        } else {
            self.line(
                "* Incident Response. *Please complete:* the procedures for triage, confirmation, \
                 notification and patching.",
            );
        }
        self.blank();
    }

    /// A Communication Channels role: the channels the documents give it, or the prompt.
    fn channels(&mut self, role: &str, item: &SelfAssessmentItem, prompt: &str) {
        if item.answer == Answer::Yes {
            let t = self.said(item, "\n    ");
            self.line(&format!("  * {role}.\n    {t}"));
        } else {
            self.line(&format!("  * {role}. *Please complete:* {prompt}"));
        }
    }

    /// Channels listed under a line already written, or the prompt.
    fn channels_under(&mut self, item: &SelfAssessmentItem, prompt: &str) {
        if item.answer == Answer::Yes {
            let t = self.said(item, "\n    ");
            self.line(&format!("    Other channels for users:\n    {t}"));
        } else {
            self.line(&format!("    *Please complete:* {prompt}"));
        }
    }

    /// The sentences of an unanswered item that point elsewhere (a policy kept in another
    /// place), under its prompt.
    fn pointers(&mut self, item: &SelfAssessmentItem) {
        let shown = SelfAssessmentItem {
            sentences: item
                .sentences
                .iter()
                .filter(|s| !s.text.starts_with("Not determined"))
                .cloned()
                .collect(),
            ..item.clone()
        };
        if !shown.sentences.is_empty() {
            let t = self.said(&shown, "\n    ");
            self.line(&format!("    {t}"));
        }
    }

    fn appendix(&mut self, r: &Report) {
        self.line("## Appendix");
        self.blank();
        let badge = self.item(&r.self_assessment.best_practices_badge, "\n  ");
        self.line(&format!("* CII Best Practices. {badge}"));
        self.blank();
    }
}

/// The name of a repository without a GitHub URL: the last component of its local path
/// (never the whole path, which names the maintainer's machine), else the input as given.
fn local_name(r: &Report) -> &str {
    r.repository
        .local_path
        .as_deref()
        .and_then(|p| p.trim_end_matches(['/', '\\']).rsplit(['/', '\\']).next())
        .filter(|n| !n.is_empty())
        .unwrap_or(&r.repository.input)
}

/// "offline (git objects only); the 1,000 most recent commits examined".
fn mode_text(r: &Report) -> String {
    let m = &r.mode;
    let mut parts = Vec::new();
    let sources: Vec<&str> = m
        .sources
        .iter()
        .map(|s| match s.as_str() {
            "git" => "git objects of a local clone",
            "github_api" => "the GitHub API",
            _ => "another source",
        })
        .collect();
    let read = if sources.is_empty() {
        String::new()
    } else {
        format!(", read from {}", sources.join(" and "))
    };
    if m.offline {
        parts.push(format!("offline{read} (no GitHub API)"));
    } else if m.authenticated {
        parts.push(format!("online with a GitHub token{read}"));
    } else {
        parts.push(format!("online without a GitHub token{read}"));
    }
    match m.commits_limit {
        Some(n) => parts.push(format!(
            "at most the {} most recent commits examined",
            num(n)
        )),
        None => parts.push("the full history examined".into()),
    }
    parts.join("; ")
}

/// A count with its digits grouped by commas ("1,000"): a comma never lets a line wrap
/// inside the number, where a space would.
pub fn num(n: u64) -> String {
    group_digits(n)
}

/// Rows of "Security links": the security policy, SECURITY-INSIGHTS, the badge, advisories.
fn security_links(r: &Report) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for p in &r.probes {
        match &p.facts {
            ProbeFacts::SecurityPolicy(f) => {
                for loc in f.locations.iter().flatten() {
                    rows.push(("Security file".into(), file_link(r, &p.citations, loc)));
                }
                if let Some(path) = &f.security_insights_path {
                    rows.push(("Security insights".into(), file_link(r, &p.citations, path)));
                }
                if f.advisories_published.is_some_and(|n| n > 0) {
                    if let Some(u) = &r.repository.url {
                        let url = format!("{}/security/advisories", u.trim_end_matches('/'));
                        if let Some(u) = safe_url(&url) {
                            rows.push(("Security advisories".into(), format!("<{u}>")));
                        }
                    }
                }
            }
            ProbeFacts::BestPracticesBadge(f) => {
                if let Some(u) = f.url.as_deref().and_then(safe_url) {
                    rows.push(("OpenSSF Best Practices badge".into(), format!("<{u}>")));
                }
            }
            _ => {}
        }
    }
    rows
}

/// A link to a repository file (its permalink from the probe's citations), a URL, or the
/// path at the scanned commit.
fn file_link(r: &Report, citations: &[Citation], loc: &str) -> String {
    if let Some(u) = safe_url(loc) {
        return format!("<{u}>");
    }
    let permalink = citations
        .iter()
        .filter(|c| c.path.as_deref() == Some(loc))
        .find_map(|c| c.url.as_deref().and_then(safe_url))
        .map(|u| u.split('#').next().unwrap_or(&u).to_string());
    let text = escape(loc, MAX_INLINE);
    match permalink.and_then(|u| link(&text, &u)) {
        Some(l) => l,
        None => match &r.repository.head_commit {
            Some(sha) => format!("{} at commit {}", code(loc), short_sha(sha)),
            None => code(loc),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text from the repository capped inline is cut between words, never mid-word.
    #[test]
    fn escape_cuts_between_words() {
        let s = "release ".repeat(40);
        let e = escape(&s, 50);
        assert!(e.ends_with("release…"), "{e}");
        assert!(e.chars().count() <= 51, "{e}");
    }
}
