//! Entry points for the fuzz targets (`fuzz/`) and the property tests: the crate's own
//! parsers of repository content, reachable from outside the crate, and the invariants
//! every judgement must keep whatever the repository holds. Thin wrappers over the real
//! functions (no copies); not a stable API.

use std::collections::BTreeMap;

use crate::evidence::{Evidence, FileSnapshot, GithubRepo, RepoIdentity, Unavailable};
use crate::model::{CitationKind, ContactKind, Outcome, ProbeId, Reason};

use super::Judgement;
use super::security_policy::contacts::{self, Base};

/// Longest excerpt a citation carries (`Citation::excerpt` cuts to it).
pub const EXCERPT_MAX_CHARS: usize = 200;

/// The commit every fuzzed snapshot is "at".
pub const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// A contact found in a security document (see `security_policy::contacts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub value: String,
    pub kind: ContactKind,
    pub line: u32,
    /// The text as written when it differs from `value` (an obfuscated address).
    pub written: Option<String>,
}

/// What [`contacts`] finds in a document: contacts, references (url, line) and
/// in-repository pages (path, line), in order of appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub contacts: Vec<Contact>,
    pub references: Vec<(String, u32)>,
    pub pages: Vec<(String, u32)>,
}

/// Most contacts, references and linked pages kept from one document.
pub const MAX_CONTACTS: usize = contacts::MAX_CONTACTS;
pub const MAX_REFERENCES: usize = contacts::MAX_REFERENCES;
pub const MAX_PAGES: usize = contacts::MAX_PAGES;

/// The contacts, references and linked pages of a security document at `path` (`None`
/// for the organization's policy) of repository `o/r`.
pub fn contacts(text: &str, path: Option<&str>) -> Extracted {
    let repo = GithubRepo {
        owner: "o".into(),
        name: "r".into(),
    };
    let e = contacts::extract(
        text,
        Base {
            repo: Some(&repo),
            path,
        },
    );
    Extracted {
        contacts: e
            .contacts
            .into_iter()
            .map(|c| Contact {
                value: c.value,
                kind: c.kind,
                line: c.line,
                written: c.written,
            })
            .collect(),
        references: e.references.into_iter().map(|r| (r.url, r.line)).collect(),
        pages: e.pages.into_iter().map(|p| (p.path, p.line)).collect(),
    }
}

/// The security section of a CONTRIBUTING or README file: its heading, and the text with
/// every line outside the section blanked.
pub fn security_section(text: &str) -> Option<(String, String)> {
    contacts::section(text)
}

/// The GitHub handles of a SECURITY_CONTACTS file.
pub fn security_contacts_file(text: &str) -> Vec<String> {
    super::security_policy::security_contacts(text)
}

/// A value of a SECURITY-INSIGHTS file: the value, whether it is a contact (else a
/// reference), and its line when it could be placed on one.
pub type InsightsEntry = (String, bool, Option<u32>);

/// The contacts and references of a SECURITY-INSIGHTS file, or why it was not read.
pub fn security_insights(text: &str, truncated: bool) -> Result<Vec<InsightsEntry>, &'static str> {
    super::security_policy::insights::read(text, truncated).map(|v| {
        v.into_iter()
            .map(|e| (e.value, e.kind.is_some(), e.line))
            .collect()
    })
}

/// An SBOM document parsed (see `evidence::sbom`): its format, the offset of what says it,
/// and whether only its head (`truncated`) was checked.
pub fn sbom_parse(text: &str, truncated: bool) -> Option<(&'static str, usize, bool)> {
    crate::evidence::sbom::parse(text, truncated).map(|d| (d.format, d.at, d.head_only))
}

/// A snapshot at [`SHA`] holding `files` (path, content), all loaded and complete.
pub fn snapshot(files: &[(&str, &str)]) -> FileSnapshot {
    FileSnapshot::from_texts(SHA, files)
}

/// Offline evidence of repository `o/r` on GitHub with these files (nothing from the API,
/// no history or tags).
pub fn evidence(files: &[(&str, &str)]) -> Evidence {
    let repo = RepoIdentity {
        input: "o/r".into(),
        local_path: None,
        github: Some(GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        }),
        default_branch: Some("main".into()),
        head_commit: Some(SHA.into()),
    };
    let mut ev = Evidence::empty(
        repo,
        "2026-01-01T00:00:00Z".into(),
        Unavailable::new(Reason::Offline, "the scan ran with --offline"),
    );
    ev.files = Ok(snapshot(files));
    ev
}

/// Judges `files` with probe `id`.
pub fn judge(id: ProbeId, files: &[(&str, &str)]) -> Option<Judgement> {
    let ev = evidence(files);
    super::probe(id).map(|p| p.judge(&ev))
}

/// Number of lines of `text` as a viewer numbers them (a final newline ends the last
/// line; it does not start another).
pub fn line_count(text: &str) -> u32 {
    let n = text.split('\n').count() - usize::from(text.ends_with('\n'));
    u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}

/// What is wrong with a judgement of `files`: a file citation of a path that is not in
/// the snapshot or of lines past its end, an excerpt over the limit, a citation that
/// supports nothing or an unknown fact, a non-null fact without a citation, an unknown
/// outcome without a reason. Empty when the judgement keeps every invariant.
pub fn violations(files: &[(&str, &str)], j: &Judgement) -> Vec<String> {
    let texts: BTreeMap<&str, &str> = files.iter().copied().collect();
    let facts = j.facts.to_json_object();
    let mut out = Vec::new();
    for (name, value) in &facts {
        if value.is_null() || value.as_str() == Some("unknown") {
            continue;
        }
        let cited = j
            .citations
            .iter()
            .any(|c| c.supports.iter().any(|s| super::util::fact_name(s) == name));
        if !cited {
            out.push(format!("fact `{name}` = {value} has no citation"));
        }
    }
    for c in &j.citations {
        if c.supports.is_empty() {
            out.push(format!("citation supports nothing: {c:?}"));
        }
        for s in &c.supports {
            if !facts.contains_key(super::util::fact_name(s)) {
                out.push(format!("citation supports unknown fact `{s}`"));
            }
        }
        if c.excerpt
            .as_ref()
            .is_some_and(|e| e.chars().count() > EXCERPT_MAX_CHARS)
        {
            out.push(format!(
                "excerpt over {EXCERPT_MAX_CHARS} characters: {c:?}"
            ));
        }
        if c.kind != CitationKind::File {
            continue;
        }
        let Some(path) = c.path.as_deref() else {
            out.push(format!("file citation without a path: {c:?}"));
            continue;
        };
        if c.commit.as_deref() != Some(SHA) {
            out.push(format!("file citation not at the commit: {c:?}"));
        }
        let Some(text) = texts.get(path) else {
            // The tree itself, or a directory of it.
            if c.lines.is_some() {
                out.push(format!("lines of a path not in the snapshot: {c:?}"));
            }
            continue;
        };
        if let Some([a, b]) = c.lines {
            let n = line_count(text);
            if a < 1 || a > b || b > n {
                out.push(format!("lines {a}-{b} of {path}, which has {n}"));
            }
        }
    }
    if j.outcome == Outcome::Unknown && j.reason.is_none() {
        out.push(format!("unknown without a reason: {}", j.summary));
    }
    out
}
