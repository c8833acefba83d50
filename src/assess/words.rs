//! Words shared by the answers: names, counts, paths and tool names, as Markdown.

use super::*;

/// Where a release step stands: "in `release.yml`", or "in `hack/release.sh`, run by
/// `release.yml`".
pub(super) fn where_step(path: &str, workflow: &str) -> String {
    if path == workflow || workflow.is_empty() {
        format!("in {}", code(short_ci_path(path)))
    } else {
        format!(
            "in {}, run by {}",
            code(path),
            code(short_ci_path(workflow))
        )
    }
}

/// A workflow by its file name (`release.yml`); any other file by its path.
pub(super) fn short_ci_path(path: &str) -> &str {
    if path.starts_with(".github/workflows/") {
        base(path)
    } else {
        path
    }
}

/// "3 commits" / "1 commit".
pub(super) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

/// "`a`, `b` and `c`" (at most [`MAX_NAMES`], then "and N more").
pub(super) fn names<S: AsRef<str>>(items: &[S], fmt: impl Fn(&str) -> String) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(MAX_NAMES)
        .map(|s| fmt(s.as_ref()))
        .collect();
    let rest = items.len().saturating_sub(MAX_NAMES);
    if rest > 0 {
        return format!("{} and {} more", shown.join(", "), num(rest as u64));
    }
    match shown.pop() {
        Some(last) if !shown.is_empty() => format!("{} and {last}", shown.join(", ")),
        Some(last) => last,
        None => String::new(),
    }
}

/// The last component of a path.
pub(super) fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub(super) fn tool_name(id: &str) -> String {
    match id {
        "github_actions" => "GitHub Actions".into(),
        "prow" => "Prow".into(),
        "google_cloud_build" => "Google Cloud Build".into(),
        "cirrus_ci" => "Cirrus CI".into(),
        "packit" => "Packit".into(),
        "woodpecker" => "Woodpecker CI".into(),
        "tekton" => "Tekton".into(),
        "buildkite" => "Buildkite".into(),
        "drone" => "Drone".into(),
        "appveyor" => "AppVeyor".into(),
        "zuul" => "Zuul".into(),
        "gh release" => "`gh release`".into(),
        "pypi attestations" => {
            "PEP 740 attestations (made and signed with Sigstore by `pypa/gh-action-pypi-publish`)"
                .into()
        }
        "a release action" | "an image push" | "a package upload" | "an upload action" => id.into(),
        "docker/build-push-action" => "an image push (`docker/build-push-action`)".into(),
        "circleci" => "CircleCI".into(),
        "travis" => "Travis CI".into(),
        "gitlab_ci" => "GitLab CI".into(),
        "jenkins" => "Jenkins".into(),
        "azure_pipelines" => "Azure Pipelines".into(),
        "codeql" => "CodeQL".into(),
        "semgrep" => "Semgrep".into(),
        "dependabot" => "Dependabot".into(),
        "renovate" => "Renovate".into(),
        "goreleaser" => "GoReleaser".into(),
        "gosec" | "zizmor" | "cosign" | "govulncheck" | "trivy" | "osv-scanner" | "grype" => {
            id.into()
        }
        "syft" => "Syft".into(),
        "slsa-github-generator" => "the SLSA GitHub generator".into(),
        "gpg" => "GnuPG".into(),
        other => code(other),
    }
}

pub(super) fn is_pr_trigger(t: &str) -> bool {
    matches!(t, "pull_request" | "pull_request_target" | "merge_group")
}

/// True for an e-mail address (not a URL).
pub(super) fn is_address(v: &str) -> bool {
    !v.contains("://") && v.contains('@')
}

pub(super) fn contact(c: &str) -> String {
    let c = c.trim();
    let c = c.strip_prefix("mailto:").unwrap_or(c);
    if c.starts_with("http://") || c.starts_with("https://") {
        autolink(c)
    } else {
        code(c)
    }
}

pub(super) fn sbom_format(f: &str) -> String {
    match f {
        "spdx" => "SPDX".into(),
        "cyclonedx" => "CycloneDX".into(),
        other => escape(other, 40),
    }
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
