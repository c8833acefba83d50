//! What the review reads from the repository beyond the report: files at the scanned
//! commit, when a file or an address went (git history, through
//! `evidence::git::freshness`), and where the project's own prose names a channel.
//!
//! The channel look-up ([`find_in_prose`]) reads the documents the report names
//! (security policy, Security Insights, contributing, governance, support, maintainers,
//! README). It is the seam for a document model of the project's prose: when the
//! evidence layer states channels and vulnerability-response facts itself, this function
//! reads them instead of the files.

use crate::model::{Citation, CitationKind, FileChange, ProbeFacts, ProbeId, Report};

/// Largest file read for a claim (256 KiB).
pub const MAX_FILE: usize = 256 * 1024;
/// Commits walked to date a removal.
pub const HISTORY_LIMIT: u64 = 20_000;

/// The repository at the scanned commit, and its history.
pub trait Repository {
    /// False when no local clone was scanned: file checks are skipped, never failed.
    fn available(&self) -> bool;
    fn file_exists(&self, path: &str) -> bool;
    fn file_text(&self, path: &str) -> Option<String>;
    /// When `path` (absent now) was removed.
    fn removal(&self, path: &str) -> Option<FileChange>;
    /// When `needle` left the file at `path`.
    fn text_removal(&self, path: &str, needle: &str) -> Option<FileChange>;
    /// When `needle` came into the file at `path` (it is there at the scanned commit): the
    /// newest commit whose version has it while its first parent's did not.
    fn text_addition(&self, _path: &str, _needle: &str) -> Option<FileChange> {
        None
    }
}

/// No local clone: nothing can be read.
pub struct NoRepository;

impl Repository for NoRepository {
    fn available(&self) -> bool {
        false
    }
    fn file_exists(&self, _: &str) -> bool {
        false
    }
    fn file_text(&self, _: &str) -> Option<String> {
        None
    }
    fn removal(&self, _: &str) -> Option<FileChange> {
        None
    }
    fn text_removal(&self, _: &str, _: &str) -> Option<FileChange> {
        None
    }
}

/// A local clone at the scanned commit.
pub struct GitRepository {
    repo: git2::Repository,
    head: git2::Oid,
}

impl GitRepository {
    /// Opens the clone the report scanned, at its head commit; `None` when the report has
    /// no local path or commit (an API scan).
    pub fn of_report(report: &Report) -> Option<GitRepository> {
        let r = &report.repository;
        let head = git2::Oid::from_str(r.head_commit.as_deref()?).ok()?;
        // The input as given first (a bare repository's own directory), then the path the
        // scan reports (a work tree's root).
        let repo = [Some(r.input.as_str()), r.local_path.as_deref()]
            .into_iter()
            .flatten()
            .filter(|p| std::path::Path::new(p).exists())
            .find_map(|p| {
                let repo = crate::evidence::git::open(std::path::Path::new(p)).ok()?;
                let found = repo.find_commit(head).is_ok();
                found.then_some(repo)
            })?;
        Some(GitRepository { repo, head })
    }
}

impl Repository for GitRepository {
    fn available(&self) -> bool {
        true
    }
    fn file_exists(&self, path: &str) -> bool {
        crate::evidence::git::freshness::file_exists_at(&self.repo, self.head, path)
    }
    fn file_text(&self, path: &str) -> Option<String> {
        crate::evidence::git::freshness::file_text_at(&self.repo, self.head, path, MAX_FILE)
    }
    fn removal(&self, path: &str) -> Option<FileChange> {
        crate::evidence::git::freshness::removals(
            &self.repo,
            self.head,
            &[path.to_string()],
            HISTORY_LIMIT,
        )
        .ok()?
        .into_iter()
        .next()
    }
    fn text_addition(&self, path: &str, needle: &str) -> Option<FileChange> {
        text_addition(&self.repo, self.head, path, needle, HISTORY_LIMIT)
    }
    fn text_removal(&self, path: &str, needle: &str) -> Option<FileChange> {
        crate::evidence::git::freshness::text_removal(
            &self.repo,
            self.head,
            path,
            needle,
            HISTORY_LIMIT,
        )
    }
}

/// The blob of `path` at `commit`, when it is a file.
fn blob_at(commit: &git2::Commit<'_>, path: &str) -> Option<git2::Oid> {
    let e = commit
        .tree()
        .ok()?
        .get_path(std::path::Path::new(path))
        .ok()?;
    (e.kind() == Some(git2::ObjectType::Blob)).then(|| e.id())
}

/// The newest commit (of at most `limit` walked from `head`, in date order) whose version
/// of `path` contains `needle` (case-insensitive) while its first parent's does not.
fn text_addition(
    repo: &git2::Repository,
    head: git2::Oid,
    path: &str,
    needle: &str,
    limit: u64,
) -> Option<FileChange> {
    let needle = needle.to_lowercase();
    if needle.trim().is_empty() {
        return None;
    }
    let has = |id: Option<git2::Oid>| -> Option<bool> {
        let id = id?;
        let (size, _) = repo.odb().ok()?.read_header(id).ok()?;
        if size > MAX_FILE {
            return None;
        }
        let blob = repo.find_blob(id).ok()?;
        Some(
            String::from_utf8_lossy(blob.content())
                .to_lowercase()
                .contains(&needle),
        )
    };
    let mut walk = repo.revwalk().ok()?;
    walk.set_sorting(git2::Sort::TIME).ok()?;
    walk.push(head).ok()?;
    for (walked, oid) in walk.enumerate() {
        if walked as u64 >= limit {
            break;
        }
        let oid = oid.ok()?;
        let commit = repo.find_commit(oid).ok()?;
        let mine = blob_at(&commit, path);
        let parent = commit.parent(0).ok();
        let theirs = parent.as_ref().and_then(|p| blob_at(p, path));
        if mine == theirs {
            continue;
        }
        if has(mine) == Some(true) && has(theirs) != Some(true) {
            return Some(FileChange {
                path: path.to_string(),
                commit: oid.to_string(),
                date: chrono::DateTime::from_timestamp(commit.time().seconds(), 0)
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    .unwrap_or_default(),
            });
        }
    }
    None
}

/// `path` percent-encoded where a URL needs it.
fn encode(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            '%' => "%25".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A citation of a file (at a line) of the scanned commit.
pub fn cite_file(
    report: &Report,
    path: &str,
    line: Option<u32>,
    excerpt: Option<&str>,
) -> Citation {
    let r = &report.repository;
    let mut c = Citation::new(CitationKind::File, &report.generated_at).path(path);
    if let Some(sha) = &r.head_commit {
        c = c.commit(sha.clone());
        if let Some(url) = &r.url {
            let mut u = format!("{url}/blob/{sha}/{}", encode(path));
            if let Some(l) = line {
                u.push_str(&format!("#L{l}"));
            }
            c = c.url(u);
        }
    }
    if let Some(l) = line {
        c = c.lines(l, l);
    }
    if let Some(e) = excerpt {
        c = c.excerpt(e.trim());
    }
    c
}

/// A citation of a commit (the one that removed a file or an address).
pub fn cite_change(report: &Report, change: &FileChange, what: &str) -> Citation {
    let mut c = Citation::new(CitationKind::Commit, &report.generated_at)
        .commit(change.commit.clone())
        .path(change.path.clone())
        .excerpt(&format!("{what} ({})", change.date));
    if let Some(url) = &report.repository.url {
        c = c.url(format!("{url}/commit/{}", change.commit));
    }
    c
}

/// The project's own documents, as the report names them: security policy first.
pub fn prose_paths(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |p: &str| {
        if !p.is_empty() && !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    };
    for p in &report.probes {
        match &p.facts {
            ProbeFacts::SecurityPolicy(f) => {
                for l in f.locations.iter().flatten() {
                    push(l);
                }
                for x in [&f.security_insights_path, &f.security_contacts_path]
                    .into_iter()
                    .flatten()
                {
                    push(x);
                }
            }
            ProbeFacts::ProjectDocs(f) => {
                for v in [&f.contributing, &f.governance, &f.support, &f.maintainers]
                    .into_iter()
                    .flatten()
                {
                    for x in v {
                        push(x);
                    }
                }
            }
            _ => {}
        }
    }
    for r in [
        "README.md",
        "README",
        "README.rst",
        "CONTRIBUTING.md",
        "SECURITY.md",
    ] {
        push(r);
    }
    out.truncate(16);
    out
}

/// Where the project's documents name `needle` (case-insensitive): the first line of the
/// first document that does, cited.
pub fn find_in_prose(report: &Report, repo: &dyn Repository, needle: &str) -> Option<Citation> {
    let n = needle.to_lowercase();
    if n.trim().is_empty() {
        return None;
    }
    for path in prose_paths(report) {
        let Some(text) = repo.file_text(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line.to_lowercase().contains(&n) {
                let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
                return Some(cite_file(report, &path, Some(no), Some(line)));
            }
        }
    }
    None
}

/// The report's facts of probe `id`.
pub fn facts(report: &Report, id: ProbeId) -> Option<&ProbeFacts> {
    report.probe(id).map(|p| &p.facts)
}

/// `%XX` escapes decoded (`%40` is `@`); anything else left as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The scanned repository's URL, lower case, without a trailing `/`.
pub fn repo_base(report: &Report) -> Option<String> {
    Some(
        report
            .repository
            .url
            .as_deref()?
            .trim_end_matches('/')
            .to_lowercase(),
    )
}
