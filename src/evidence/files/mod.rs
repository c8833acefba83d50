//! A snapshot of the files at the scanned commit, read from git objects or the API.
//! The listing holds every path; contents are loaded only for the files the probes read
//! (see [`wanted`]), capped in size, each distinct blob once and against one overall
//! budget ([`CONTENT_BUDGET`]). Symlinks are recorded, never followed outside the tree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::needs::{Need, Needs};

/// Largest file content loaded in full (bytes). Larger files are loaded up to this size
/// and marked truncated.
pub const MAX_CONTENT: usize = 1024 * 1024;
/// Bytes read from the head of a candidate SBOM document to sniff its format.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// Most entries listed from one tree; larger trees are listed up to this and marked truncated.
pub const MAX_ENTRIES: usize = 500_000;
/// Most directories walked; a tree with more is listed up to this and marked truncated.
pub const MAX_DIRECTORIES: usize = 200_000;
/// Bytes of file content (and symlink targets) inflated from the object database for one
/// snapshot, over all files: each distinct blob counts once, however many paths name it.
/// When it is spent, the remaining wanted files are listed without content.
pub const CONTENT_BUDGET: u64 = 64 * 1024 * 1024;
/// Largest blob inflated in full to read its first part: a blob stored in a pack cannot be
/// streamed, so a larger one is not read at all (its first part would cost the whole).
pub const MAX_INFLATE: u64 = 8 * 1024 * 1024;
/// Most symlinks followed from one path (Linux allows 40; real trees need one or two).
pub const MAX_LINK_HOPS: usize = 8;

/// Top-level directories listed first, in this order, after the root's own files: the
/// places the probes look at. The rest of the tree follows, shallowest first.
pub const LISTED_FIRST: [&str; 20] = [
    ".github",
    "docs",
    "doc",
    ".circleci",
    ".ci",
    "ci",
    ".gitlab",
    ".tekton",
    ".buildkite",
    ".azure-pipelines",
    ".prow",
    "jenkins",
    "hack",
    "scripts",
    "script",
    "build",
    "release",
    "tools",
    "security",
    ".well-known",
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EntryKind {
    File,
    Executable,
    /// A symbolic link; `target` as stored in the link blob (lossy UTF-8; empty when the
    /// target was not read, see [`FileSnapshot::unread`]).
    Symlink {
        target: String,
    },
    Submodule,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileContent {
    /// The content, lossily decoded as UTF-8.
    pub text: String,
    /// True when only the first part of the file was loaded.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub size: u64,
    pub kind: EntryKind,
    /// Loaded only for wanted files. Paths naming the same blob share one content (compare
    /// with [`Arc::ptr_eq`] to do the work once per distinct content).
    pub content: Option<Arc<FileContent>>,
}

/// How much of a file the probes need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    No,
    /// The whole file up to [`MAX_CONTENT`].
    Full,
    /// The first [`SNIFF_BYTES`], to sniff the format.
    Head,
}

/// Why a wanted file (or a symlink's target) was listed without its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Unread {
    /// The overall content budget ([`CONTENT_BUDGET`]) was spent before this file.
    Budget { budget: u64 },
    /// The object is larger than the most that is read for it (`limit` bytes).
    TooLarge { size: u64, limit: u64 },
}

impl Unread {
    /// A phrase for people: "the 64 MiB content budget was spent".
    pub fn describe(&self) -> String {
        match self {
            Unread::Budget { budget } => format!(
                "the content budget of {} for one scan was spent",
                bytes(*budget)
            ),
            Unread::TooLarge { size, limit } => format!(
                "it is {}, over the {} that is read of such an object",
                bytes(*size),
                bytes(*limit)
            ),
        }
    }
}

/// "64 MiB", "4096 bytes".
pub fn bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * MIB;
    if n >= GIB {
        format!("{:.1} GiB", n as f64 / GIB as f64)
    } else if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

/// "1 file", "3 files".
pub fn count_files(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// What a path of the listing is, symlinks followed inside the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// A regular or executable file (`path` is where the links led, or the path itself).
    File { path: &'a str, entry: &'a FileEntry },
    /// A submodule (gitlink): a commit of another repository, not a file.
    Submodule { path: &'a str },
    /// A symlink chain that leaves the tree (absolute, or `..` past the root).
    Outside { target: String },
    /// A symlink to a directory of the tree.
    Directory { path: String },
    /// A symlink chain that comes back to a link it passed (a link to itself included).
    Loop,
    /// A symlink to a path that is not in the listing (`listed`: false when the listing was
    /// cut before that directory, so the target may exist).
    Dangling { path: String, listed: bool },
    /// More than [`MAX_LINK_HOPS`] links in a row.
    TooManyLinks,
    /// A symlink whose target was not read.
    TargetUnread,
}

impl Resolved<'_> {
    /// Why the path is not a readable file, for people: "is a submodule (gitlink), not a file".
    pub fn describe(&self) -> String {
        match self {
            Resolved::File { path, .. } => format!("is the file {path}"),
            Resolved::Submodule { .. } => {
                "is a submodule (a gitlink to a commit of another repository), not a file".into()
            }
            Resolved::Outside { target } => {
                format!("is a symlink to {target}, outside the repository, and was not read")
            }
            Resolved::Directory { path } if path.is_empty() => {
                "is a symlink to the root directory, not a file".into()
            }
            Resolved::Directory { path } => {
                format!("is a symlink to the directory {path}, not a file")
            }
            Resolved::Loop => "is a symlink that loops back on itself".into(),
            Resolved::Dangling { path, listed: true } => {
                format!("is a symlink to {path}, which does not exist")
            }
            Resolved::Dangling {
                path,
                listed: false,
            } => {
                format!("is a symlink to {path}, which is not in the listing (the listing was cut)")
            }
            Resolved::TooManyLinks => {
                format!("is a chain of more than {MAX_LINK_HOPS} symlinks, which was not followed")
            }
            Resolved::TargetUnread => "is a symlink whose target was not read".into(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FileSnapshot {
    /// The commit the files were read at.
    pub commit: String,
    /// Every path in the tree (`/`-separated, lossy UTF-8).
    pub entries: BTreeMap<String, FileEntry>,
    /// The tree had more than [`MAX_ENTRIES`] entries (or [`MAX_DIRECTORIES`] directories).
    pub listing_truncated: bool,
    /// When the listing was cut: the directories (lowercase, no trailing `/`, `""` for the
    /// root) whose entries were not all listed; everything below them is unlisted too. Empty
    /// with `listing_truncated` means the cut is not known precisely: nothing is complete.
    pub unlisted_dirs: BTreeSet<String>,
    /// Trees not listed because they are malformed (names with `/`, a name listed twice):
    /// where, and why (at most a few). Their directories are in `unlisted_dirs`.
    pub malformed_trees: Vec<String>,
    /// Files listed in the tree whose objects are absent (a partial clone, an incomplete
    /// mirror): listed with size 0 and no content.
    pub missing: Vec<String>,
    /// Wanted files (and symlinks) listed without their content, and why.
    pub unread: BTreeMap<String, Unread>,
}

impl FileSnapshot {
    /// A snapshot at `commit` holding `files` (path, content), all loaded and complete:
    /// for tests and fuzz targets, which build evidence without a repository.
    pub fn from_texts(commit: &str, files: &[(&str, &str)]) -> Self {
        let mut s = FileSnapshot {
            commit: commit.into(),
            ..Default::default()
        };
        for (p, c) in files {
            s.entries.insert(
                (*p).to_string(),
                FileEntry {
                    size: c.len() as u64,
                    kind: EntryKind::File,
                    content: Some(
                        FileContent {
                            text: (*c).to_string(),
                            truncated: false,
                        }
                        .into(),
                    ),
                },
            );
        }
        s
    }

    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.entries.get(path)
    }

    /// The text of a file, following symlinks inside the tree. Returns the path whose
    /// content was read. `None` for anything but a loaded regular file.
    pub fn text<'a>(&'a self, path: &str) -> Option<(&'a str, &'a FileContent)> {
        match self.resolve(path)? {
            Resolved::File { path, entry } => entry.content.as_deref().map(|c| (path, c)),
            _ => None,
        }
    }

    /// The regular file `path` is, or leads to through symlinks inside the tree: what may
    /// count as evidence that a file exists. `None` for submodules, links out of the tree,
    /// to directories, loops, and paths not listed.
    pub fn regular_file<'a>(&'a self, path: &str) -> Option<&'a str> {
        match self.resolve(path)? {
            Resolved::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// What `path` is, following symlinks inside the tree; `None` when it is not listed.
    pub fn resolve<'a>(&'a self, path: &str) -> Option<Resolved<'a>> {
        let (mut key, mut entry) = self.entries.get_key_value(path)?;
        let mut seen: Vec<&str> = Vec::new();
        loop {
            match &entry.kind {
                EntryKind::File | EntryKind::Executable => {
                    return Some(Resolved::File {
                        path: key.as_str(),
                        entry,
                    });
                }
                EntryKind::Submodule => {
                    return Some(Resolved::Submodule { path: key.as_str() });
                }
                EntryKind::Symlink { target } => {
                    if seen.contains(&key.as_str()) {
                        return Some(Resolved::Loop);
                    }
                    if seen.len() >= MAX_LINK_HOPS {
                        return Some(Resolved::TooManyLinks);
                    }
                    seen.push(key.as_str());
                    if target.is_empty() {
                        return Some(Resolved::TargetUnread);
                    }
                    let Some(next) = resolve_in_tree(key, target) else {
                        return Some(Resolved::Outside {
                            target: target.clone(),
                        });
                    };
                    if next.is_empty() {
                        return Some(Resolved::Directory { path: next });
                    }
                    match self.entries.get_key_value(next.as_str()) {
                        Some((k, e)) => {
                            key = k;
                            entry = e;
                        }
                        None => {
                            let prefix = format!("{next}/");
                            let is_dir = self
                                .entries
                                .range(prefix.clone()..)
                                .next()
                                .is_some_and(|(k, _)| k.starts_with(&prefix));
                            if is_dir {
                                return Some(Resolved::Directory { path: next });
                            }
                            let dir = next.rsplit_once('/').map_or("", |(d, _)| d);
                            let listed = self.dir_listed(dir);
                            return Some(Resolved::Dangling { path: next, listed });
                        }
                    }
                }
            }
        }
    }

    /// Whether every entry directly in directory `dir` (`""`: the root; any case) was
    /// listed: when it is, a file absent from the listing is absent from the tree.
    pub fn dir_listed(&self, dir: &str) -> bool {
        if !self.listing_truncated {
            return true;
        }
        if self.unlisted_dirs.is_empty() {
            return false;
        }
        let lower = dir.trim_end_matches('/').to_ascii_lowercase();
        if self.unlisted_dirs.contains("") || self.unlisted_dirs.contains(&lower) {
            return false;
        }
        !lower
            .match_indices('/')
            .any(|(i, _)| self.unlisted_dirs.contains(&lower[..i]))
    }

    /// Whether the listing is complete (nothing was cut): only then does the absence of a
    /// file anywhere in the tree show that there is none.
    pub fn listing_complete(&self) -> bool {
        !self.listing_truncated
    }

    /// One phrase saying why absence from directories `dirs` cannot be concluded, or
    /// `None` when each of them was listed completely.
    pub fn unlisted_note(&self, dirs: &[&str]) -> Option<String> {
        let cut: Vec<String> = dirs
            .iter()
            .filter(|d| !self.dir_listed(d))
            .map(|d| {
                if d.is_empty() {
                    "the root".to_string()
                } else {
                    format!("{d}/")
                }
            })
            .collect();
        (!cut.is_empty()).then(|| {
            format!(
                "the file listing was cut (at {MAX_ENTRIES} files, {MAX_DIRECTORIES} directories or a directory too large to read) before {} was listed completely",
                cut.join(", ")
            )
        })
    }

    /// Paths whose lowercase form satisfies `pred`.
    pub fn find<'a>(
        &'a self,
        mut pred: impl FnMut(&str) -> bool + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .keys()
            .map(|k| k.as_str())
            .filter(move |k| pred(&k.to_ascii_lowercase()))
    }
}

/// Resolves a symlink target relative to the link's directory. `None` when it leaves the
/// tree (absolute, or `..` past the root) or names the root itself.
pub fn resolve_link(link_path: &str, target: &str) -> Option<String> {
    resolve_in_tree(link_path, target).filter(|p| !p.is_empty())
}

/// [`resolve_link`], with `Some("")` for a link to the root directory.
fn resolve_in_tree(link_path: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = link_path.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

mod wanted;
pub use wanted::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_do_not_leave_the_tree() {
        assert_eq!(
            resolve_link("SECURITY.md", "docs/SECURITY.md").as_deref(),
            Some("docs/SECURITY.md")
        );
        assert_eq!(
            resolve_link("a/b/SECURITY.md", "../x.md").as_deref(),
            Some("a/x.md")
        );
        assert_eq!(resolve_link("SECURITY.md", "../../etc/passwd"), None);
        assert_eq!(resolve_link("SECURITY.md", "/etc/passwd"), None);
    }

    fn entry(kind: EntryKind) -> FileEntry {
        FileEntry {
            size: 1,
            kind,
            content: None,
        }
    }

    fn link(t: &str) -> FileEntry {
        entry(EntryKind::Symlink { target: t.into() })
    }

    #[test]
    fn symlinks_resolve_to_what_they_are() {
        let mut s = FileSnapshot::default();
        s.entries.insert("docs/a.md".into(), entry(EntryKind::File));
        s.entries.insert("SECURITY.md".into(), link("docs/a.md"));
        s.entries.insert("chain".into(), link("SECURITY.md"));
        s.entries.insert("self".into(), link("self"));
        s.entries.insert("x".into(), link("y"));
        s.entries.insert("y".into(), link("x"));
        s.entries.insert("dir".into(), link("docs"));
        s.entries.insert("root".into(), link("."));
        s.entries.insert("out".into(), link("../etc/passwd"));
        s.entries.insert("gone".into(), link("nowhere.md"));
        s.entries.insert("sub".into(), entry(EntryKind::Submodule));
        s.entries.insert("unread".into(), link(""));
        assert!(matches!(
            s.resolve("chain"),
            Some(Resolved::File {
                path: "docs/a.md",
                ..
            })
        ));
        assert_eq!(s.regular_file("SECURITY.md"), Some("docs/a.md"));
        assert_eq!(s.resolve("self"), Some(Resolved::Loop));
        assert_eq!(s.resolve("x"), Some(Resolved::Loop));
        assert_eq!(
            s.resolve("dir"),
            Some(Resolved::Directory {
                path: "docs".into()
            })
        );
        assert_eq!(
            s.resolve("root"),
            Some(Resolved::Directory { path: "".into() })
        );
        assert!(matches!(s.resolve("out"), Some(Resolved::Outside { .. })));
        assert_eq!(
            s.resolve("gone"),
            Some(Resolved::Dangling {
                path: "nowhere.md".into(),
                listed: true
            })
        );
        assert!(matches!(s.resolve("sub"), Some(Resolved::Submodule { .. })));
        assert_eq!(s.resolve("unread"), Some(Resolved::TargetUnread));
        assert_eq!(s.resolve("absent"), None);
        for p in ["sub", "self", "dir", "out", "gone"] {
            assert_eq!(s.regular_file(p), None, "{p}");
        }
        // A long chain stops.
        let mut s = FileSnapshot::default();
        for i in 0..20 {
            s.entries
                .insert(format!("l{i}"), link(&format!("l{}", i + 1)));
        }
        assert_eq!(s.resolve("l0"), Some(Resolved::TooManyLinks));
    }

    #[test]
    fn cut_listings_say_which_directories_are_complete() {
        let mut s = FileSnapshot::default();
        assert!(s.dir_listed("") && s.dir_listed("docs") && s.listing_complete());
        s.listing_truncated = true;
        // Cut, but where is not known: nothing is complete.
        assert!(!s.dir_listed(""));
        s.unlisted_dirs.insert("zz".into());
        s.unlisted_dirs.insert("docs/deep".into());
        assert!(s.dir_listed("") && s.dir_listed(".GitHub") && s.dir_listed("docs"));
        assert!(!s.dir_listed("zz") && !s.dir_listed("ZZ/a/b") && !s.dir_listed("docs/deep/x"));
        assert!(!s.listing_complete());
        assert_eq!(s.unlisted_note(&["", ".github", "docs"]), None);
        let note = s.unlisted_note(&["", "zz"]).unwrap();
        assert!(note.contains("zz/") && !note.contains("the root"), "{note}");
        s.unlisted_dirs.insert(String::new());
        assert!(!s.dir_listed(".github"));
    }

    #[test]
    fn listing_and_reading_order() {
        assert_eq!(listing_rank(""), 0);
        assert_eq!(listing_rank(".github"), 1);
        assert_eq!(listing_rank(".GITHUB/workflows"), 1);
        assert_eq!(listing_rank("docs"), 2);
        assert!(listing_rank("hack") < listing_rank("vendor"));
        assert!(wanted_rank("SECURITY.md") < wanted_rank(".github/workflows/ci.yml"));
        assert!(wanted_rank(".github/workflows/ci.yml") < wanted_rank("README.md"));
        assert!(wanted_rank("README.md") < wanted_rank("sbom.spdx.json"));
        assert_eq!(bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(bytes(4096), "4096 bytes");
        assert_eq!(bytes(2 * 1024 * 1024 * 1024), "2.0 GiB");
    }

    #[test]
    fn wanted_files() {
        assert_eq!(wanted("SECURITY.md", 10), Want::Full);
        assert_eq!(wanted(".github/security.MD", 10), Want::Full);
        assert_eq!(wanted(".github/workflows/ci.yml", 10), Want::Full);
        assert_eq!(wanted("pkg/sbom.go", 10), Want::No);
        assert_eq!(wanted("sbom.spdx.json", 10), Want::Head);
        assert_eq!(wanted("src/main.rs", 10), Want::No);
        assert_eq!(wanted("docs/SECURITY.rst", 10), Want::Full);
        assert_eq!(wanted("pkg/SECURITY.md", 10), Want::No);
        assert_eq!(wanted("doc/security.rst", 10), Want::Full);
        assert_eq!(wanted("docs/SECURITY.adoc", 10), Want::Full);
        assert_eq!(wanted("CONTRIBUTING.md", 10), Want::Full);
        assert_eq!(wanted(".github/CONTRIBUTING.adoc", 10), Want::Full);
        assert_eq!(wanted("docs/README.md", 10), Want::Full);
        assert_eq!(wanted("pkg/README.md", 10), Want::No);
        assert_eq!(wanted("CONTRIBUTING.md", 300 * 1024), Want::No);
        assert_eq!(wanted("docs/security/reporting.md", 10), Want::Full);
        assert_eq!(wanted("docs/vulnerability-disclosure.md", 10), Want::Full);
        assert_eq!(wanted("vendor/x/docs/security.md", 10), Want::No);
        assert_eq!(wanted("docs/a/b/c/security.md", 10), Want::No);
        assert_eq!(wanted("SECURITY_CONTACTS.md", 10), Want::Full);
        assert_eq!(wanted("pkg/security/policy.go", 10), Want::No);
        assert_eq!(wanted(".goreleaser.yaml", 10), Want::Full);
        assert_eq!(wanted("pkg/goreleaser.go", 10), Want::No);
        assert_eq!(wanted("hack/release.sh", 10), Want::Full);
        assert_eq!(wanted(".circleci/config.yml", 10), Want::Full);
        assert_eq!(wanted(".prow.yaml", 10), Want::Full);
        assert_eq!(wanted("Jenkinsfile", 10), Want::Full);
        assert_eq!(wanted(".github/dependabot.yml", 10), Want::Full);
        assert_eq!(wanted("renovate.json5", 10), Want::Full);
        assert_eq!(wanted(".github/CODEOWNERS", 10), Want::Full);
        assert_eq!(wanted("OWNERS", 10), Want::Full);
        // Below the root, small OWNERS files are read to tell their shape.
        assert_eq!(wanted("pkg/api/OWNERS", 10), Want::Full);
        assert_eq!(wanted("pkg/api/OWNERS", 100_000), Want::No);
        assert_eq!(wanted("vendor/x/OWNERS", 10), Want::No);
        assert_eq!(wanted("Makefile", 10), Want::Full);
        assert_eq!(wanted("pkg/Makefile", 10), Want::Full);
        assert_eq!(wanted("a/b/c/Makefile", 10), Want::No);
        assert_eq!(wanted("hack/lib/util.sh", 10), Want::Full);
        assert_eq!(wanted(".github/actions/sign/action.yml", 10), Want::Full);
        assert_eq!(wanted(".golangci.yml", 10), Want::Full);
        assert_eq!(wanted(".cirrus.yml", 10), Want::Full);
        assert_eq!(wanted("vendor/x/.goreleaser.yml", 10), Want::No);
        assert_eq!(wanted("vendor/x/release.sh", 10), Want::No);
        assert_eq!(wanted("hack/big.sh", MAX_SCRIPT + 1), Want::No);
        assert!(is_vendored("vendor/github.com/x/owners"));
        assert!(is_vendored("pkg/testdata/sbom.spdx.json"));
        assert!(!is_vendored("owners"));
        assert!(!is_vendored("cmd/vendoring/main.go"));
        assert_eq!(wanted("docs/bom.xml", 10), Want::Head);
        assert_eq!(
            ci_system_of(".github/workflows/ci.yaml"),
            Some("github_actions")
        );
        assert_eq!(ci_system_of(".github/workflows/readme.md"), None);
    }
}
