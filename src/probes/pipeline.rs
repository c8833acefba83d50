//! Release integrity and SBOM evidence shared by the `sbom` and `release-integrity`
//! probes: steps in pipeline files that produce checksums, signatures, provenance or SBOMs
//! (each found on a line, to be cited), and the kind of a release asset by its name.

use std::sync::LazyLock;

use regex::Regex;

use super::ci::pipeline_files;
use super::util::{Line, compile, lines};
use crate::evidence::FileSnapshot;
use crate::evidence::files::is_goreleaser_config as is_goreleaser;

/// What a pipeline step or a release asset provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Artifact {
    Checksums,
    Signatures,
    Provenance,
    Sbom,
}

/// A pipeline step found on one line of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding<'a> {
    pub artifact: Artifact,
    pub tool: &'static str,
    pub path: &'a str,
    pub line: Line<'a>,
}

/// Which files a detector applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Any,
    /// GoReleaser configuration only.
    Goreleaser,
    /// Files that also contain this text (e.g. the action whose `with:` the line belongs to).
    FileMentions(&'static str),
}

struct Detector {
    artifact: Artifact,
    tool: &'static str,
    scope: Scope,
    re: Regex,
    /// Lines matching this are not findings (e.g. `sha256sum -c` verifies, it does not publish).
    unless: Option<Regex>,
}

fn d(artifact: Artifact, tool: &'static str, scope: Scope, re: &str) -> Detector {
    Detector {
        artifact,
        tool,
        scope,
        re: compile(re),
        unless: None,
    }
}

static DETECTORS: LazyLock<Vec<Detector>> = LazyLock::new(|| {
    use Artifact::*;
    use Scope::*;
    vec![
        // SBOM generation.
        d(Sbom, "syft", Any, r"\bsyft\b"),
        d(Sbom, "anchore/sbom-action", Any, r"anchore/sbom-action"),
        d(Sbom, "goreleaser", Goreleaser, r"^\s*sboms\s*:"),
        d(
            Sbom,
            "cosign",
            Any,
            r#"\bcosign\s+attest\b.*--type[= ]['"]?(spdx|spdxjson|cyclonedx)\b"#,
        ),
        d(
            Sbom,
            "cyclonedx",
            Any,
            r"(?i)\bcyclonedx-(gomod|npm|py|python|bom|maven|gradle|dotnet|cli)\b|@cyclonedx/|cyclonedx/gh-|cyclonedx/cyclonedx-",
        ),
        d(
            Sbom,
            "trivy",
            Any,
            r#"\btrivy\b.*--format[= ]['"]?(spdx|spdx-json|cyclonedx)\b"#,
        ),
        d(
            Sbom,
            "trivy",
            FileMentions("aquasecurity/trivy-action"),
            r#"^\s*format\s*:\s*['"]?(spdx|spdx-json|cyclonedx)['"]?\s*$"#,
        ),
        d(Sbom, "bom", Any, r"\bbom\s+generate\b"),
        d(
            Sbom,
            "docker buildx",
            Any,
            r"\bdocker\s+buildx\s+build\b.*--sbom\b",
        ),
        d(
            Sbom,
            "docker buildx",
            FileMentions("docker/build-push-action"),
            r#"^\s*sbom\s*:\s*['"]?true"#,
        ),
        d(Sbom, "sbom-tool", Any, r"\bsbom-tool\b"),
        d(Sbom, "actions/attest-sbom", Any, r"actions/attest-sbom"),
        d(Sbom, "spdx-sbom-generator", Any, r"\bspdx-sbom-generator\b"),
        // Checksums (GoReleaser's are handled apart: they are on by default).
        Detector {
            unless: Some(compile(r"\s(-c|--check)\b")),
            ..d(
                Checksums,
                "sha256sum",
                Any,
                r"\b(sha256sum|sha512sum|shasum\s+-a\s*(256|512))\b.*(>|\btee\b)",
            )
        },
        // Signatures.
        d(
            Signatures,
            "goreleaser",
            Goreleaser,
            r"^\s*(signs|docker_signs|binary_signs)\s*:",
        ),
        d(Signatures, "cosign", Any, r"\bcosign\s+sign(-blob)?\b"),
        d(
            Signatures,
            "gpg",
            Any,
            r"\bgpg2?\b.*(--detach-sig|--clear-?sign|\s--sign\b|\s-(ab|ba|b|sb|bs|as|sa)\b)",
        ),
        d(Signatures, "notation", Any, r"\bnotation\s+sign\b"),
        d(
            Signatures,
            "sigstore",
            Any,
            r"sigstore/gh-action-sigstore-python",
        ),
        d(Signatures, "minisign", Any, r"\bminisign\b.*\s-S\b"),
        // Provenance.
        d(
            Provenance,
            "slsa-github-generator",
            Any,
            r"slsa-framework/slsa-github-generator",
        ),
        d(
            Provenance,
            "actions/attest-build-provenance",
            Any,
            r"actions/attest-build-provenance",
        ),
        d(
            Provenance,
            "cosign",
            Any,
            r#"\bcosign\s+attest\b.*--type[= ]['"]?(slsaprovenance\w*|https://slsa\.dev)"#,
        ),
        d(Provenance, "in-toto", Any, r"\bin-toto-run\b"),
        d(
            Provenance,
            "witness",
            Any,
            r"testifysec/witness-run-action|\bwitness\s+run\b",
        ),
        d(
            Provenance,
            "docker buildx",
            Any,
            r"--provenance[= ](true|mode=max)",
        ),
        d(
            Provenance,
            "docker buildx",
            FileMentions("docker/build-push-action"),
            r#"^\s*provenance\s*:\s*['"]?(true|mode=max)"#,
        ),
    ]
});

static CHECKSUM_KEY: LazyLock<Regex> = LazyLock::new(|| compile(r"^checksum\s*:"));

static GORELEASER_USE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"goreleaser/goreleaser-action|\bgoreleaser\s+(release|build)\b"));

/// True for a file that is about releasing (GoReleaser, a path naming release or publish):
/// its findings come first, before those of test workflows that merely exercise a tool.
pub(crate) fn is_release_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    is_goreleaser(&lower) || lower.contains("release") || lower.contains("publish")
}

/// Every release-integrity or SBOM step in the pipeline files: release files first, then in
/// file and line order.
pub(crate) fn findings(files: &FileSnapshot) -> Vec<Finding<'_>> {
    let mut out = findings_in_order(files);
    out.sort_by_key(|f| !is_release_file(f.path));
    out
}

fn findings_in_order(files: &FileSnapshot) -> Vec<Finding<'_>> {
    let mut out = Vec::new();
    for (path, text) in pipeline_files(files) {
        let goreleaser = is_goreleaser(&path.to_ascii_lowercase());
        for line in lines(text).filter(|l| !super::util::is_comment(l.text)) {
            for det in DETECTORS.iter() {
                let in_scope = match det.scope {
                    Scope::Any => true,
                    Scope::Goreleaser => goreleaser,
                    Scope::FileMentions(s) => text.contains(s),
                };
                if in_scope
                    && det.re.is_match(line.text)
                    && !det.unless.as_ref().is_some_and(|u| u.is_match(line.text))
                    && !out.iter().any(|f: &Finding<'_>| {
                        f.path == path && f.line.number == line.number && f.artifact == det.artifact
                    })
                {
                    out.push(Finding {
                        artifact: det.artifact,
                        tool: det.tool,
                        path,
                        line,
                    });
                }
            }
        }
        if goreleaser {
            out.extend(goreleaser_checksums(path, text));
        }
    }
    out
}

/// GoReleaser writes a checksums file unless `checksum: {disable: true}`: cite the
/// `checksum:` line, or the first line of the configuration when the default applies.
fn goreleaser_checksums<'a>(path: &'a str, text: &'a str) -> Option<Finding<'a>> {
    let parsed: Option<serde_yaml_ng::Value> = serde_yaml_ng::from_str(text).ok();
    let disabled = parsed
        .as_ref()
        .and_then(|v| v.get("checksum"))
        .and_then(|c| c.get("disable"))
        .is_some_and(|d| d.as_bool() == Some(true) || d.as_str() == Some("true"));
    if disabled || parsed.is_none() {
        return None;
    }
    let line = lines(text)
        .find(|l| CHECKSUM_KEY.is_match(l.text))
        .or_else(|| {
            lines(text).find(|l| !l.text.trim().is_empty() && !super::util::is_comment(l.text))
        })?;
    Some(Finding {
        artifact: Artifact::Checksums,
        tool: "goreleaser",
        path,
        line,
    })
}

/// Lines that show GoReleaser runs (its action or command), and GoReleaser config files.
pub(crate) fn goreleaser_uses(files: &FileSnapshot) -> Vec<(&str, Option<Line<'_>>)> {
    let mut out = Vec::new();
    for (path, text) in pipeline_files(files) {
        if is_goreleaser(&path.to_ascii_lowercase()) {
            out.push((path, None));
        } else if let Some(l) = super::util::matching_lines(text, &GORELEASER_USE).next() {
            out.push((path, Some(l)));
        }
    }
    out
}

/// The kind of a release asset, by its name.
pub(crate) fn classify_asset(name: &str) -> Option<Artifact> {
    let n = name.to_ascii_lowercase();
    let ends = |sfx: &[&str]| sfx.iter().any(|s| n.ends_with(s));
    if ends(&[
        ".sig",
        ".asc",
        ".pem",
        ".bundle",
        ".sigstore.json",
        ".sigstore",
        ".minisig",
    ]) {
        return Some(Artifact::Signatures);
    }
    if ends(&[".intoto.jsonl", ".intoto.json"])
        || (n.contains("provenance") && ends(&[".json", ".jsonl"]))
    {
        return Some(Artifact::Provenance);
    }
    if ends(&[
        ".sha256",
        ".sha256sum",
        ".sha512",
        ".sha512sum",
        ".sha256.txt",
        ".sha512.txt",
    ]) || n.contains("checksum")
        || n.contains("sha256sums")
        || n.contains("sha512sums")
    {
        return Some(Artifact::Checksums);
    }
    if is_sbom_asset(&n) {
        return Some(Artifact::Sbom);
    }
    None
}

/// A release asset that is an SBOM, by name (`.spdx.json`, `.cdx.json`, `.sbom`, `sbom` in the name...).
pub(crate) fn is_sbom_asset(lower: &str) -> bool {
    let ends = |sfx: &[&str]| sfx.iter().any(|s| lower.ends_with(s));
    ends(&[
        ".spdx",
        ".spdx.json",
        ".spdx.yaml",
        ".spdx.yml",
        ".spdx.xml",
        ".cdx.json",
        ".cdx.xml",
        ".sbom",
        ".sbom.json",
        ".bom.json",
        ".bom.xml",
    ]) || lower.contains("sbom")
        || lower.contains("cyclonedx")
        || lower.contains(".spdx")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::testing::snapshot;

    #[test]
    fn assets_by_name() {
        use Artifact::*;
        assert_eq!(classify_asset("checksums.txt"), Some(Checksums));
        assert_eq!(classify_asset("app_1.0_checksums.txt"), Some(Checksums));
        assert_eq!(classify_asset("SHA256SUMS"), Some(Checksums));
        assert_eq!(classify_asset("app.tar.gz.sha256"), Some(Checksums));
        assert_eq!(classify_asset("app.sha512"), Some(Checksums));
        assert_eq!(classify_asset("checksums.txt.sig"), Some(Signatures));
        assert_eq!(classify_asset("SHA256SUMS.asc"), Some(Signatures));
        assert_eq!(classify_asset("app.pem"), Some(Signatures));
        assert_eq!(classify_asset("app.sigstore.json"), Some(Signatures));
        assert_eq!(classify_asset("app.bundle"), Some(Signatures));
        assert_eq!(classify_asset("multiple.intoto.jsonl"), Some(Provenance));
        assert_eq!(classify_asset("app.spdx.json"), Some(Sbom));
        assert_eq!(classify_asset("app.cdx.json"), Some(Sbom));
        assert_eq!(classify_asset("app_sbom.json"), Some(Sbom));
        assert_eq!(classify_asset("app.sbom"), Some(Sbom));
        assert_eq!(classify_asset("app_linux_amd64.tar.gz"), None);
    }

    #[test]
    fn pipeline_steps_are_found_on_their_line() {
        let f = snapshot(&[
            (
                ".github/workflows/release.yml",
                "on: push\njobs:\n  r:\n    steps:\n      # cosign sign-blob commented out\n      - run: cosign sign-blob --yes a.tar.gz\n      - uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2\n      - run: echo \"$SUM  x\" | sha256sum -c\n      - run: sha256sum dist/* > SHA256SUMS\n      - uses: docker/build-push-action@v6\n        with:\n          sbom: true\n",
            ),
            (
                ".goreleaser.yaml",
                "builds: []\nsboms:\n  - artifacts: archive\nsigns:\n  - cmd: cosign\n",
            ),
            ("Makefile", "sign:\n\tgpg --armor --detach-sign dist/app\n"),
            ("pkg/sbom.go", "syft\n"),
        ]);
        let got: Vec<(Artifact, &str, &str, u32)> = findings(&f)
            .iter()
            .map(|f| (f.artifact, f.tool, f.path, f.line.number))
            .collect();
        use Artifact::*;
        let wf = ".github/workflows/release.yml";
        assert!(got.contains(&(Signatures, "cosign", wf, 6)), "{got:?}");
        assert!(got.contains(&(Provenance, "slsa-github-generator", wf, 7)));
        assert!(got.contains(&(Checksums, "sha256sum", wf, 9)));
        assert!(
            !got.iter().any(|g| g.3 == 8 || g.3 == 5),
            "verification or comment counted: {got:?}"
        );
        assert!(got.contains(&(Sbom, "docker buildx", wf, 12)));
        assert!(got.contains(&(Sbom, "goreleaser", ".goreleaser.yaml", 2)));
        assert!(got.contains(&(Signatures, "goreleaser", ".goreleaser.yaml", 4)));
        // Checksums by GoReleaser's default, cited at the first line.
        assert!(got.contains(&(Checksums, "goreleaser", ".goreleaser.yaml", 1)));
        assert!(got.contains(&(Signatures, "gpg", "Makefile", 2)));
        assert!(!got.iter().any(|g| g.2 == "pkg/sbom.go"));
    }

    #[test]
    fn goreleaser_checksum_disabled() {
        let f = snapshot(&[(".goreleaser.yml", "checksum:\n  disable: true\n")]);
        assert!(
            findings(&f)
                .iter()
                .all(|x| x.artifact != Artifact::Checksums)
        );
    }
}
