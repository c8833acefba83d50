//! Which files' contents the probes read, and the classifiers behind it (CI systems,
//! vendored trees, GoReleaser configurations, SBOM candidates).

#[allow(unused_imports)]
use super::*;

/// The place of a directory in the listing order: 0 for the root, then [`LISTED_FIRST`]
/// by its top-level component (any case), then the rest.
pub fn listing_rank(dir: &str) -> usize {
    if dir.is_empty() {
        return 0;
    }
    let top = dir.split('/').next().unwrap_or(dir);
    LISTED_FIRST
        .iter()
        .position(|d| d.eq_ignore_ascii_case(top))
        .map_or(LISTED_FIRST.len() + 1, |i| i + 1)
}

/// Which files' contents the probes read. One list for every evidence source, so a local
/// clone and an API scan feed the same judgement. `path` is the repository path as stored.
///
/// Only what a probe reads is loaded: files whose mere presence is the evidence
/// (`.gitreview`) are judged from the listing.
pub fn wanted(path: &str, size: u64) -> Want {
    wanted_for(path, size, Needs::ALL)
}

/// [`wanted`] for the probes that need `needs`: each group of patterns below is read only
/// when a selected probe declares its [`Need`] (the union over every probe is [`wanted`]).
pub fn wanted_for(path: &str, size: u64, needs: Needs) -> Want {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dir = lower.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let depth = lower.matches('/').count();
    let policy_dir = matches!(dir, "" | ".github" | "docs");

    // Security policy and insights (security-policy); its contacts may also stand in the
    // security section of CONTRIBUTING/README, or in a security page the policy links to.
    let doc_dir = policy_dir || dir == "doc";
    let security = needs.has(Need::SecurityDocs);
    if security && doc_dir && (name.starts_with("security.") || name == "security") {
        return Want::Full;
    }
    let page = is_doc(name) || name.ends_with(".adoc") || name.ends_with(".asciidoc");
    if security
        && doc_dir
        && (name.starts_with("contributing") || name.starts_with("readme"))
        && page
        && size <= 256 * 1024
    {
        return Want::Full;
    }
    if security && is_security_page(&lower) && size <= 256 * 1024 {
        return Want::Full;
    }
    if security
        && policy_dir
        && (name.starts_with("security-insights.") || name.starts_with("security_insights."))
    {
        return Want::Full;
    }
    if security && depth == 0 && name == "security_contacts" {
        return Want::Full;
    }
    // README (badge links).
    if needs.has(Need::Readme) && depth == 0 && name.starts_with("readme") {
        return Want::Full;
    }
    // CI configuration and what it runs (ci-checks, release-integrity and sbom read the
    // CI model built from these): workflows, local actions, GoReleaser and golangci-lint
    // configuration, Makefiles and the scripts a step may name. Vendored trees never count.
    // The root `.gitattributes`: what it marks vendored or generated for Linguist is not
    // counted among the languages (read with the CI files, which every full scan reads).
    if needs.has(Need::CiConfig) && lower == ".gitattributes" && size <= 64 * 1024 {
        return Want::Full;
    }
    if needs.has(Need::CiConfig) && !is_vendored(&lower) {
        if ci_system_of(&lower).is_some() || is_goreleaser_config(&lower) {
            return Want::Full;
        }
        // Configuration that switches a tool of the catalogue on inside another one
        // (golangci-lint's linters, pre-commit's hooks, ruff's rules), and sources that are
        // a tool's input (fuzz tests): see `evidence::tools`.
        if size <= MAX_SCRIPT
            && (crate::evidence::tools::catalogue::switch_kind_of(&lower).is_some()
                || crate::evidence::tools::catalogue::is_source_candidate(&lower))
        {
            return Want::Full;
        }
        if size <= MAX_SCRIPT && is_ci_reachable(&lower, name, depth) {
            return Want::Full;
        }
    }
    // Dependency update tools (ci-checks).
    let updates = needs.has(Need::DependencyUpdates);
    if updates && (lower == ".github/dependabot.yml" || lower == ".github/dependabot.yaml") {
        return Want::Full;
    }
    if updates
        && matches!(dir, "" | ".github" | ".gitlab")
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
    let review = needs.has(Need::ReviewConfig);
    if review && policy_dir && name == "codeowners" {
        return Want::Full;
    }
    if review && depth == 0 && matches!(name, "owners" | "owners_aliases") {
        return Want::Full;
    }
    // OWNERS below the root: small, and read to tell Prow's (`approvers:`) from label-only
    // files and rosters.
    if name == "owners" && size <= 16 * 1024 && !is_vendored(&lower) {
        return Want::Full;
    }
    // Release documentation.
    if needs.has(Need::ReleaseDocs)
        && depth <= 1
        && (name.starts_with("release") || name.starts_with("changelog"))
        && is_doc(name)
    {
        return Want::Full;
    }
    // Licence files at the root or in a root LICENSE/ directory, and MAINTAINERS files
    // (project-docs).
    if needs.has(Need::ProjectDocs) {
        let licence_dir = matches!(dir, "license" | "licenses" | "licence" | "licences");
        if (depth == 0 && crate::evidence::license::is_license_name(name))
            || (depth == 1 && licence_dir)
        {
            return Want::Full;
        }
        if matches!(dir, "" | ".github" | "docs")
            && name.starts_with("maintainers")
            && size <= 256 * 1024
        {
            return Want::Full;
        }
    }
    // The project's prose documents (the document model, `evidence::docs`).
    if needs.has(Need::Documents)
        && size <= crate::evidence::docs::MAX_DOC_BYTES as u64
        && crate::evidence::docs::doc_kind(path).is_some()
    {
        return Want::Full;
    }
    // SBOM candidates: sniffed by content, so only the head is needed.
    if needs.has(Need::SbomCandidates) && is_sbom_candidate(name) && size > 0 {
        return Want::Head;
    }
    Want::No
}

/// In which order wanted files are read when the content budget may not cover them all
/// (lower first; ties in listing order): the security policy and review configuration,
/// then CI configuration, then the scripts CI calls, then READMEs, release notes and SBOM
/// candidates. Only the order: [`wanted`] says what is read.
pub fn wanted_rank(path: &str) -> u8 {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let depth = lower.matches('/').count();
    if name.starts_with("security")
        || name == "codeowners"
        || (depth == 0 && matches!(name, "owners" | "owners_aliases"))
    {
        0
    } else if ci_system_of(&lower).is_some()
        || is_goreleaser_config(&lower)
        || name.starts_with("dependabot.")
        || name.contains("renovate")
        || matches!(name, "action.yml" | "action.yaml")
        || crate::evidence::tools::catalogue::switch_kind_of(&lower).is_some()
    {
        1
    } else if name == "makefile"
        || name.ends_with(".mk")
        || name.ends_with(".sh")
        || matches!(name, "justfile" | ".justfile" | "tox.ini" | "package.json")
    {
        2
    } else if name.starts_with("readme") || crate::evidence::docs::doc_kind(path).is_some() {
        3
    } else {
        4
    }
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
        // Cloud Build files kept in a `gcb/` folder (`gcb/release.yaml`).
        ("gcb" | ".gcb", _) if yaml => "google_cloud_build",
        ("", ".zuul.yaml" | "zuul.yaml") => "zuul",
        ("", ".cirrus.yml" | ".cirrus.yaml" | ".cirrus.star") => "cirrus_ci",
        ("", ".packit.yaml" | ".packit.yml" | "packit.yaml" | "packit.yml") => "packit",
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
pub(super) fn is_ci_reachable(lower: &str, name: &str, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    if matches!(name, "action.yml" | "action.yaml") {
        return true;
    }
    if matches!(name, "makefile" | "gnumakefile") {
        return depth <= 2;
    }
    // Included make modules often stand a level deeper (`make/_shared/go/01_mod.mk`).
    if name.ends_with(".mk") {
        return depth <= 3;
    }
    // Task runners' files that a step may run (`just lint`, `tox -e lint`, `npm test`).
    if matches!(name, "justfile" | ".justfile" | "tox.ini" | "package.json") {
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
pub fn is_security_page(lower: &str) -> bool {
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

pub(super) fn is_doc(name: &str) -> bool {
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
