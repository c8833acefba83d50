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
    /// Files listed in the tree whose objects are absent (a partial clone, an incomplete
    /// mirror): listed with size 0 and no content.
    pub missing: Vec<String>,
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
///
/// Only what a probe reads is loaded: files whose mere presence is the evidence (`OWNERS`
/// below the root, `.gitreview`) are judged from the listing.
pub fn wanted(path: &str, size: u64) -> Want {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dir = lower.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let depth = lower.matches('/').count();
    let policy_dir = matches!(dir, "" | ".github" | "docs");

    // Security policy and insights (security-policy); its contacts may also stand in the
    // security section of CONTRIBUTING/README, or in a security page the policy links to.
    let doc_dir = policy_dir || dir == "doc";
    if doc_dir && (name.starts_with("security.") || name == "security") {
        return Want::Full;
    }
    let page = is_doc(name) || name.ends_with(".adoc") || name.ends_with(".asciidoc");
    if doc_dir
        && (name.starts_with("contributing") || name.starts_with("readme"))
        && page
        && size <= 256 * 1024
    {
        return Want::Full;
    }
    if is_security_page(&lower) && size <= 256 * 1024 {
        return Want::Full;
    }
    if policy_dir
        && (name.starts_with("security-insights.") || name.starts_with("security_insights."))
    {
        return Want::Full;
    }
    if depth == 0 && name == "security_contacts" {
        return Want::Full;
    }
    // README (badge links).
    if depth == 0 && name.starts_with("readme") {
        return Want::Full;
    }
    // CI configuration and what it runs (ci-checks, release-integrity and sbom read the
    // CI model built from these): workflows, local actions, GoReleaser and golangci-lint
    // configuration, Makefiles and the scripts a step may name. Vendored trees never count.
    if !is_vendored(&lower) {
        if ci_system_of(&lower).is_some() || is_goreleaser_config(&lower) {
            return Want::Full;
        }
        if lower.starts_with(".golangci.") || lower.starts_with(".github/.golangci.") {
            return Want::Full;
        }
        if size <= MAX_SCRIPT && is_ci_reachable(&lower, name, depth) {
            return Want::Full;
        }
    }
    // Dependency update tools (ci-checks).
    if lower == ".github/dependabot.yml" || lower == ".github/dependabot.yaml" {
        return Want::Full;
    }
    if matches!(dir, "" | ".github" | ".gitlab")
        && matches!(
            name,
            "renovate.json"
                | "renovate.json5"
                | ".renovaterc"
                | ".renovaterc.json"
                | ".renovaterc.json5"
        )
    {
        return Want::Full;
    }
    // Review configuration (code-review): CODEOWNERS where GitHub reads it, root OWNERS.
    if policy_dir && name == "codeowners" {
        return Want::Full;
    }
    if depth == 0 && matches!(name, "owners" | "owners_aliases") {
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

/// The CI system a path configures, if any (`lower`: the lowercase repository path).
pub fn ci_system_of(lower: &str) -> Option<&'static str> {
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", lower));
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    Some(match (dir, name) {
        (".github/workflows", _) if yaml => "github_actions",
        ("", ".prow.yaml" | ".prow.yml") => "prow",
        (".prow", _) if yaml => "prow",
        (".circleci", "config.yml" | "config.yaml") => "circleci",
        ("", ".travis.yml" | ".travis.yaml") => "travis",
        ("", ".gitlab-ci.yml" | ".gitlab-ci.yaml") => "gitlab_ci",
        ("" | "ci" | ".ci" | "jenkins", "jenkinsfile") => "jenkins",
        (".tekton", _) if yaml => "tekton",
        (".buildkite", _) if yaml => "buildkite",
        ("", "azure-pipelines.yml" | "azure-pipelines.yaml") => "azure_pipelines",
        (".azure-pipelines", _) if yaml => "azure_pipelines",
        ("", ".drone.yml" | ".drone.yaml") => "drone",
        ("", "appveyor.yml" | ".appveyor.yml") => "appveyor",
        (d, "cloudbuild.yaml" | "cloudbuild.yml") if d.matches('/').count() < 2 => {
            "google_cloud_build"
        }
        ("", ".zuul.yaml" | "zuul.yaml") => "zuul",
        ("", ".cirrus.yml" | ".cirrus.yaml" | ".cirrus.star") => "cirrus_ci",
        (".woodpecker", _) if yaml => "woodpecker",
        ("", ".woodpecker.yml" | ".woodpecker.yaml") => "woodpecker",
        (".zuul.d", _) if yaml => "zuul",
        _ => return None,
    })
}

/// Largest script, Makefile or local action read to follow what CI runs.
pub const MAX_SCRIPT: u64 = 256 * 1024;

/// Files a CI step may run or include: local actions (`action.yml`), Makefiles and `.mk`
/// includes, and scripts (`*.sh`, `*.bash`, and files without an extension in the usual
/// script folders), at most four levels deep.
fn is_ci_reachable(lower: &str, name: &str, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    if matches!(name, "action.yml" | "action.yaml") {
        return true;
    }
    if matches!(name, "makefile" | "gnumakefile") || name.ends_with(".mk") {
        return depth <= 2;
    }
    if name.ends_with(".sh") || name.ends_with(".bash") {
        return true;
    }
    let dir = lower.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let top = dir.split('/').next().unwrap_or(dir);
    !name.contains('.')
        && matches!(
            top,
            ".ci" | "ci" | "hack" | "scripts" | "script" | "build" | "tools" | ".github"
        )
}

/// True for a path inside a vendored or third-party tree, test data, fixtures or examples:
/// such files are never the project's pipeline, policy, review configuration or SBOM.
/// `lower` is the lowercase repository path.
pub fn is_vendored(lower: &str) -> bool {
    let mut segs: Vec<&str> = lower.split('/').collect();
    segs.pop();
    segs.iter().any(|s| {
        matches!(
            *s,
            "vendor"
                | "third_party"
                | "third-party"
                | "thirdparty"
                | "node_modules"
                | "testdata"
                | "test-data"
                | "fixtures"
                | "fixture"
                | "__fixtures__"
                | "examples"
                | "example"
                | "_examples"
                | "bower_components"
                | "external"
                | "deps"
        )
    })
}

/// A GoReleaser configuration (`.goreleaser.yml`, `goreleaser.yaml`, `.goreleaser.pro.yaml`...).
pub fn is_goreleaser_config(lower: &str) -> bool {
    let name = lower.rsplit('/').next().unwrap_or(lower);
    (name.starts_with(".goreleaser") || name.starts_with("goreleaser"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// A documentation page about security reporting at the root or in the documentation
/// folders (`docs/security/reporting.md`, `docs/vulnerability-disclosure.md`,
/// `SECURITY_CONTACTS.md`): a page a security policy may link to for its contacts.
/// Vendored and test trees are left out.
fn is_security_page(lower: &str) -> bool {
    let mut parts: Vec<&str> = lower.split('/').collect();
    let Some(name) = parts.pop() else {
        return false;
    };
    let topical =
        |s: &str| s.contains("security") || s.contains("vulnerab") || s.contains("disclos");
    let doc = name.ends_with(".md")
        || name.ends_with(".markdown")
        || name.ends_with(".adoc")
        || name.ends_with(".asciidoc")
        || name.ends_with(".rst")
        || name.ends_with(".txt");
    let top_ok = parts.first().is_none_or(|d| {
        matches!(
            *d,
            "docs" | "doc" | ".github" | "security" | "documentation"
        )
    });
    parts.len() <= 3
        && top_ok
        && doc
        && !parts.iter().any(|d| {
            matches!(
                *d,
                "vendor" | "third_party" | "third-party" | "node_modules" | "testdata" | "fixtures"
            )
        })
        && (topical(name) || parts.last().is_some_and(|d| topical(d)))
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
        // Below the root, OWNERS files count by their presence in the listing.
        assert_eq!(wanted("pkg/api/OWNERS", 10), Want::No);
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
