//! Words shared by the answers: names, counts, paths and tool names, as structured text.

use super::*;

pub(super) use crate::model::place::short_ci_path;

/// "3 commits" / "1 commit".
pub(super) fn count(n: u64, one: &str, many: &str) -> Text {
    text![num(n), " ", if n == 1 { one } else { many }]
}

/// "`a`, `b` and `c`" (at most [`MAX_NAMES`], then "and N more"; never "and 1 more": a
/// single name left over is listed).
pub(super) fn names<S: AsRef<str>>(items: &[S], fmt: impl Fn(&str) -> Text) -> Text {
    let shown: Vec<Text> = items
        .iter()
        .take(shown_of(items.len()))
        .map(|s| fmt(s.as_ref()))
        .collect();
    let rest = items.len() - shown.len();
    list(shown, rest as u64)
}

/// How many of `n` names a list shows: all up to one more than [`MAX_NAMES`].
pub(super) fn shown_of(n: usize) -> usize {
    if n <= MAX_NAMES + 1 { n } else { MAX_NAMES }
}

/// Phrases already built, as a list ([`names`] for phrases built from names).
pub(super) fn list_of(items: Vec<Text>) -> Text {
    let n = items.len();
    let show = shown_of(n);
    let shown: Vec<Text> = items.into_iter().take(show).collect();
    list(shown, (n - show) as u64)
}

/// "a, b and c", or "a, b, c and N more" when `more` are left out.
pub(super) fn list(mut shown: Vec<Text>, more: u64) -> Text {
    let mut t = Text::new();
    if more > 0 {
        for (i, s) in shown.into_iter().enumerate() {
            if i > 0 {
                t.push(", ");
            }
            t.push(s);
        }
        t.push(text![" and ", num(more), " more"]);
        return t;
    }
    let Some(last) = shown.pop() else {
        return t;
    };
    for (i, s) in shown.iter().enumerate() {
        if i > 0 {
            t.push(", ");
        }
        t.push(s);
    }
    if !shown.is_empty() {
        t.push(" and ");
    }
    t.push(last);
    t
}

/// Words of the tool, as they are (for [`names`] of ready phrases).
pub(super) fn words(s: &str) -> Text {
    s.into()
}

/// The last component of a path.
pub(super) fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub(super) fn tool_name(id: &str) -> Text {
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
        "gh release" => code("gh release"),
        "pypi attestations" => text![
            "PEP 740 attestations (made and signed with Sigstore by ",
            code("pypa/gh-action-pypi-publish"),
            ")"
        ],
        "a release action" | "an image push" | "a package upload" | "an upload action" => id.into(),
        "docker/build-push-action" => {
            text!["an image push (", code("docker/build-push-action"), ")"]
        }
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
        other => match crate::evidence::tools::catalogue::catalogue().name_of(other) {
            Some(n) if n != other => n.into(),
            _ => code(other),
        },
    }
}

pub(super) fn is_pr_trigger(t: &str) -> bool {
    matches!(t, "pull_request" | "pull_request_target" | "merge_group")
}

/// True for an e-mail address (not a URL).
pub(super) fn is_address(v: &str) -> bool {
    !v.contains("://") && v.contains('@')
}

/// A contact: a URL (a link where it is safe), else code (an e-mail address, a handle).
pub(super) fn contact(c: &str) -> Text {
    let c = c.trim();
    let c = c.strip_prefix("mailto:").unwrap_or(c);
    if c.starts_with("http://") || c.starts_with("https://") {
        url(c)
    } else {
        code(c)
    }
}

pub(super) fn sbom_format(f: &str) -> Text {
    match f {
        "spdx" => "SPDX".into(),
        "cyclonedx" => "CycloneDX".into(),
        other => quote(other),
    }
}

/// `t` with the first letter of the tool's first words in upper case.
pub(super) fn capitalize(t: Text) -> Text {
    let mut out = Text::new();
    for (i, p) in t.parts().iter().enumerate() {
        match p {
            crate::model::Part::Text(s) if i == 0 => {
                let mut c = s.chars();
                if let Some(first) = c.next() {
                    out.push(first.to_uppercase().chain(c).collect::<String>());
                }
            }
            p => {
                out.push(p.clone());
            }
        }
    }
    out
}
