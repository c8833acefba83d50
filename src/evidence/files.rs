//! A snapshot of the files at the scanned commit, read from git objects or the API.
//! The listing holds every path; contents are loaded only for the files the probes read
//! (see [`wanted`]), capped in size. Symlinks are recorded, never followed outside the tree.

use std::collections::BTreeMap;

/// Largest file content loaded in full (bytes). Larger files are loaded up to this size
/// and marked truncated.
pub const MAX_CONTENT: usize = 1024 * 1024;
/// Bytes read from the head of a candidate SBOM document to sniff its format.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// Most entries listed from one tree; larger trees are listed up to this and marked truncated.
pub const MAX_ENTRIES: usize = 500_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Executable,
    /// A symbolic link; `target` as stored in the link blob (lossy UTF-8).
    Symlink {
        target: String,
    },
    Submodule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Loaded only for wanted files.
    pub content: Option<FileContent>,
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

#[derive(Debug, Clone, Default)]
pub struct FileSnapshot {
    /// The commit the files were read at.
    pub commit: String,
    /// Every path in the tree (`/`-separated, lossy UTF-8).
    pub entries: BTreeMap<String, FileEntry>,
    /// The tree had more than [`MAX_ENTRIES`] entries.
    pub listing_truncated: bool,
}

impl FileSnapshot {
    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.entries.get(path)
    }

    /// The text of a file, following a symlink once if it points inside the tree.
    /// Returns the path whose content was read.
    pub fn text<'a>(&'a self, path: &str) -> Option<(&'a str, &'a FileContent)> {
        let (key, entry) = self.entries.get_key_value(path)?;
        match &entry.kind {
            EntryKind::Symlink { target } => {
                let resolved = resolve_link(path, target)?;
                let (p, e) = self.entries.get_key_value(resolved.as_str())?;
                match e.kind {
                    EntryKind::File | EntryKind::Executable => {
                        e.content.as_ref().map(|c| (p.as_str(), c))
                    }
                    _ => None,
                }
            }
            EntryKind::File | EntryKind::Executable => {
                entry.content.as_ref().map(|c| (key.as_str(), c))
            }
            EntryKind::Submodule => None,
        }
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
/// tree (absolute, or `..` past the root).
pub fn resolve_link(link_path: &str, target: &str) -> Option<String> {
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
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// Which files' contents the probes read. One list for every evidence source, so a local
/// clone and an API scan feed the same judgement. `path` is the repository path as stored.
pub fn wanted(path: &str, size: u64) -> Want {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dir = lower.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let depth = lower.matches('/').count();

    // Security policy and insights.
    if matches!(dir, "" | ".github" | "docs")
        && (name.starts_with("security.") || name == "security")
    {
        return Want::Full;
    }
    if name.starts_with("security-insights.") || name.starts_with("security_insights.") {
        return Want::Full;
    }
    // README (badge links).
    if depth == 0 && name.starts_with("readme") {
        return Want::Full;
    }
    // CI systems and dependency update tools.
    if dir == ".github/workflows" && (name.ends_with(".yml") || name.ends_with(".yaml")) {
        return Want::Full;
    }
    if matches!(
        name,
        "dependabot.yml"
            | "dependabot.yaml"
            | "renovate.json"
            | "renovate.json5"
            | ".renovaterc"
            | ".renovaterc.json"
            | ".travis.yml"
            | ".gitlab-ci.yml"
            | "jenkinsfile"
            | ".prow.yaml"
            | ".prow.yml"
            | "codeowners"
            | "owners"
            | "owners_aliases"
    ) {
        return Want::Full;
    }
    if dir == ".circleci" || dir.starts_with(".prow") || dir == ".tekton" || dir == ".buildkite" {
        return Want::Full;
    }
    // Release tooling.
    if name.starts_with(".goreleaser") || name.starts_with("goreleaser") {
        return Want::Full;
    }
    if name == "makefile" && depth == 0 {
        return Want::Full;
    }
    // Release documentation.
    if depth <= 1 && (name.starts_with("release") || name.starts_with("changelog")) && is_doc(name)
    {
        return Want::Full;
    }
    // SBOM candidates: sniffed by content, so only the head is needed.
    if is_sbom_candidate(name) && size > 0 {
        return Want::Head;
    }
    Want::No
}

fn is_doc(name: &str) -> bool {
    name.ends_with(".md")
        || name.ends_with(".markdown")
        || name.ends_with(".rst")
        || name.ends_with(".txt")
        || !name.contains('.')
}

/// File names that may hold an SPDX or CycloneDX document (the content decides).
pub fn is_sbom_candidate(name: &str) -> bool {
    name.ends_with(".spdx")
        || name.ends_with(".spdx.json")
        || name.ends_with(".spdx.yaml")
        || name.ends_with(".spdx.yml")
        || name.ends_with(".cdx.json")
        || name.ends_with(".cdx.xml")
        || name.ends_with(".bom.json")
        || name.ends_with(".bom.xml")
        || ((name.contains("sbom")
            || name.contains("bom")
            || name.contains("spdx")
            || name.contains("cyclonedx"))
            && (name.ends_with(".json")
                || name.ends_with(".xml")
                || name.ends_with(".yaml")
                || name.ends_with(".yml")
                || name.ends_with(".spdx")))
}

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

    #[test]
    fn wanted_files() {
        assert_eq!(wanted("SECURITY.md", 10), Want::Full);
        assert_eq!(wanted(".github/security.MD", 10), Want::Full);
        assert_eq!(wanted(".github/workflows/ci.yml", 10), Want::Full);
        assert_eq!(wanted("pkg/sbom.go", 10), Want::No);
        assert_eq!(wanted("sbom.spdx.json", 10), Want::Head);
        assert_eq!(wanted("src/main.rs", 10), Want::No);
    }
}
