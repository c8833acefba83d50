//! The release pipeline, shared by the `sbom` and `release-integrity` probes.
//!
//! A release pipeline is a workflow (or another CI system's file) that a tag, a published
//! release or a manual dispatch starts, and that publishes artifacts (GoReleaser's
//! `release`, `gh release`, a release-upload action, an image push, a package registry
//! upload). Only steps it runs — directly, through a local action or reusable workflow,
//! a repository script or a `make` target — count as release steps: a test workflow that
//! signs a throwaway image, a pull-request dry run and a workflow that downloads and
//! verifies published releases are not. A GoReleaser configuration counts only when the
//! release pipeline runs `goreleaser release` (not `--snapshot`, not `build`).

use std::sync::LazyLock;

use regex::Regex;

use super::util::compile;
use crate::evidence::ci::{ActionUse, CiModel, Command, Goreleaser, Loc, Root, shell};

/// What a pipeline step or a release asset provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Artifact {
    Checksums,
    Signatures,
    Provenance,
    Sbom,
}

impl Artifact {
    /// The `supports` label of a citation of such a step: `pipeline.checksums`, …
    pub(crate) fn label(self) -> &'static str {
        match self {
            Artifact::Checksums => "pipeline.checksums",
            Artifact::Signatures => "pipeline.signatures",
            Artifact::Provenance => "pipeline.provenance",
            Artifact::Sbom => "pipeline.sbom",
        }
    }
}

/// A release step found at a line, with the chain of lines that runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub artifact: Artifact,
    pub tool: &'static str,
    pub at: Loc,
    pub via: Vec<Loc>,
    /// The release workflow (or CI file) it belongs to.
    pub root: String,
    /// Not written in the configuration: GoReleaser's checksums, on unless disabled.
    pub by_default: bool,
}

impl Finding {
    /// The chain of lines that runs it, as `path:line`, outermost first.
    pub(crate) fn via_strings(&self) -> Vec<String> {
        self.via
            .iter()
            .map(|l| format!("{}:{}", l.path, l.line))
            .collect()
    }
}

/// A release workflow: the trigger that starts it and the step that publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReleaseRoot {
    pub root: Root,
    pub path: String,
    pub trigger: Loc,
    /// `release`, `tag push`, `manual dispatch`, or a tag condition of another CI system.
    pub trigger_kind: &'static str,
    pub publish: Loc,
    pub publish_via: Vec<Loc>,
    pub publish_tool: String,
    /// Other publishing steps of the same pipeline, one per tool, with their line.
    pub also: Vec<(Loc, String)>,
}

/// The release pipeline as the probes see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReleasePipeline {
    pub roots: Vec<ReleaseRoot>,
    pub findings: Vec<Finding>,
    /// GoReleaser runs `release` in the pipeline: the run's line and chain.
    pub goreleaser_run: Option<(Loc, Vec<Loc>, String)>,
}

impl ReleasePipeline {
    pub(crate) fn tools(&self) -> Vec<String> {
        let mut t: Vec<String> = self.findings.iter().map(|f| f.tool.to_string()).collect();
        if self.goreleaser_run.is_some() {
            t.push("goreleaser".into());
        }
        super::util::sorted_unique(t)
    }

    pub(crate) fn has(&self, a: Artifact) -> bool {
        self.findings.iter().any(|f| f.artifact == a)
    }
}

struct Detector {
    artifact: Artifact,
    tool: &'static str,
    re: Regex,
    /// Lines matching this are not findings (`sha256sum -c` verifies, it does not publish).
    unless: Option<Regex>,
}

fn d(artifact: Artifact, tool: &'static str, re: &str) -> Detector {
    Detector {
        artifact,
        tool,
        re: compile(re),
        unless: None,
    }
}

/// Detectors over a command line (continuations joined).
static COMMANDS: LazyLock<Vec<Detector>> = LazyLock::new(|| {
    use Artifact::*;
    vec![
        d(
            Sbom,
            "syft",
            r"(^|[\s/])syft(\s+(packages|scan|dir:|\.|-o|--output)|\s*$|\s+\S+\s+-o)",
        ),
        d(
            Sbom,
            "cosign",
            r#"\bcosign\s+(attest\b.*--type[= ]['"]?(spdx|spdxjson|cyclonedx)\b|attach\s+sbom\b)"#,
        ),
        d(
            Sbom,
            "cyclonedx",
            r"(?i)\bcyclonedx-(gomod|npm|py|python|bom|maven|gradle|dotnet|cli)\b|\bcargo[\s-]cyclonedx\b|@cyclonedx/cyclonedx",
        ),
        d(
            Sbom,
            "trivy",
            r#"\btrivy\b.*--format[= ]['"]?(spdx|spdx-json|cyclonedx)\b"#,
        ),
        d(Sbom, "bom", r"(^|\s)bom\s+generate\b"),
        d(
            Sbom,
            "docker buildx",
            r"\bdocker\s+buildx\s+build\b.*--sbom\b",
        ),
        d(Sbom, "sbom-tool", r"\bsbom-tool\s+generate\b"),
        d(Sbom, "spdx-sbom-generator", r"\bspdx-sbom-generator\b"),
        // Each checksum tool by its own name; verification (`-c`) publishes nothing.
        Detector {
            unless: Some(compile(
                r"\s(-c|--check)\b|\bcommand\s+-v\b|\bwhich\s|\bhash\s|>\s*/dev/null",
            )),
            ..d(Checksums, "sha256sum", r"\bsha256sum\b.*(>|\btee\b)")
        },
        Detector {
            unless: Some(compile(r"\s(-c|--check)\b")),
            ..d(Checksums, "sha512sum", r"\bsha512sum\b.*(>|\btee\b)")
        },
        Detector {
            unless: Some(compile(r"\s(-c|--check)\b")),
            ..d(
                Checksums,
                "shasum",
                r"\bshasum\s+-a\s*(256|512)\b.*(>|\btee\b)",
            )
        },
        d(
            Checksums,
            "certutil",
            r"(?i)\bcertutil\b.*-hashfile\b.*(>|\btee\b)",
        ),
        d(Signatures, "cosign", r"\bcosign\s+sign(-blob)?\b"),
        d(
            Signatures,
            "gpg",
            r"\bgpg2?\b.*(--detach-sig|--clear-?sign|\s--sign\b|\s-(ab|ba|b|sb|bs|as|sa)\b)",
        ),
        d(Signatures, "notation", r"\bnotation\s+sign\b"),
        d(Signatures, "minisign", r"\bminisign\b.*\s-S\b"),
        d(
            Provenance,
            "cosign",
            r#"\bcosign\s+attest\b.*--type[= ]['"]?(slsaprovenance\w*|https://slsa\.dev)"#,
        ),
        d(Provenance, "in-toto", r"\bin-toto-run\b"),
        d(Provenance, "witness", r"\bwitness\s+run\b"),
        d(
            Provenance,
            "docker buildx",
            r"--provenance[= ](true|mode=max)",
        ),
    ]
});

/// Detectors over an action reference (`uses:` without the version).
static ACTIONS: LazyLock<Vec<Detector>> = LazyLock::new(|| {
    use Artifact::*;
    vec![
        // `anchore/sbom-action/download-syft` only installs Syft.
        d(Sbom, "anchore/sbom-action", r"(?i)^anchore/sbom-action$"),
        d(Sbom, "actions/attest-sbom", r"(?i)^actions/attest-sbom"),
        d(Sbom, "cyclonedx", r"(?i)^cyclonedx/gh-"),
        d(
            Signatures,
            "sigstore",
            r"(?i)^sigstore/gh-action-sigstore-python",
        ),
        d(
            Provenance,
            "slsa-github-generator",
            r"(?i)^slsa-framework/slsa-github-generator",
        ),
        d(
            Provenance,
            "actions/attest-build-provenance",
            r"(?i)^actions/attest-build-provenance",
        ),
        d(Provenance, "witness", r"(?i)^testifysec/witness-run-action"),
    ]
});

/// Commands that publish artifacts.
static PUBLISH: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"^(gh\s+release\s+(create|upload)\b|docker\s+(push|manifest\s+push)\b|docker\s+buildx\s+(build|bake)\b.*--push\b",
        r"|podman\s+push\b|buildah\s+push\b|crane\s+(push|copy|cp)\b|oras\s+push\b|skopeo\s+copy\b|helm\s+push\b",
        r"|ko\s+(build|publish|resolve|apply)\b|npm\s+publish\b|yarn\s+(npm\s+)?publish\b|pnpm\s+publish\b",
        r"|cargo\s+publish\b|twine\s+upload\b|gem\s+push\b|mvn\b.*\bdeploy\b|gradlew?\b.*\bpublish",
        r"|aws\s+s3\s+(cp|sync)\b|gsutil\b.*\bcp\b|gcloud\s+storage\s+cp\b|az\s+storage\s+blob\s+upload",
        r"|ghr\b|github-release\b|uv\s+publish\b|poetry\s+publish\b|dotnet\s+nuget\s+push\b|flit\s+publish\b)",
    ))
});

/// Actions that publish artifacts (docker/build-push-action only with `push:` set).
static PUBLISH_ACTIONS: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i)^(softprops/action-gh-release|ncipollo/release-action|actions/create-release|actions/upload-release-asset",
        r"|svenstaro/upload-release-action|goreleaser/goreleaser-action|pypa/gh-action-pypi-publish",
        r"|marvinpinto/action-automatic-releases|taiki-e/upload-rust-binary-action|JS-DevTools/npm-publish",
        r"|helm/chart-releaser-action|changesets/action)$",
    ))
});

/// Markers of a run that does not publish.
static DRY_RUN: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"--snapshot\b|--dry-run\b|--skip[= ]?publish|--skip-publish\b|--push[= ]false|\bko\.local\b|\bkind\.local\b|--local\b",
    )
});

/// `goreleaser release` (also `goreleaser` alone, which releases), not `--snapshot`.
fn goreleaser_releases(inv: &str) -> bool {
    let mut w = inv.split_whitespace();
    if w.next() != Some("goreleaser") {
        return false;
    }
    let sub = w.find(|a| !a.starts_with('-'));
    matches!(sub, None | Some("release")) && !DRY_RUN.is_match(inv)
}

/// The GoReleaser configuration a run names with `--config`/`-f`, if any.
fn goreleaser_config_arg(inv: &str) -> Option<String> {
    let words: Vec<&str> = inv.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(v) = w.strip_prefix("--config=") {
            return Some(v.trim_start_matches("./").to_string());
        }
        if matches!(*w, "--config" | "-f") {
            return words
                .get(i + 1)
                .map(|v| v.trim_start_matches("./").to_string());
        }
    }
    None
}

fn publishes_action(a: &ActionUse) -> Option<String> {
    let name = a.action();
    if name.eq_ignore_ascii_case("docker/build-push-action") {
        return a
            .input("push")
            .filter(|(v, _)| v.trim() != "false")
            .map(|_| "docker/build-push-action".to_string());
    }
    if name.eq_ignore_ascii_case("goreleaser/goreleaser-action") {
        let args = a.input("args").map(|(v, _)| v).unwrap_or("");
        let inv = format!("goreleaser {args}");
        return goreleaser_releases(&inv).then(|| "goreleaser".to_string());
    }
    if PUBLISH_ACTIONS.is_match(name) {
        return Some(name.to_string());
    }
    // Third-party upload and publish actions (`bacongobbler/azure-blob-storage-upload`);
    // GitHub's artifact, Pages and SARIF uploads stay inside GitHub and publish nothing.
    (UPLOAD_ACTIONS.is_match(name) && !INTERNAL_UPLOADS.is_match(name)).then(|| name.to_string())
}

static UPLOAD_ACTIONS: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)/[\w.-]*(upload|publish|deploy|release)[\w.-]*$"));

static INTERNAL_UPLOADS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^actions/(upload-artifact|upload-pages-artifact|deploy-pages)|codecov|upload-sarif|release-drafter|/setup-|coveralls|test-reporter|sbom-action/publish-sbom",
    )
});

fn publishes_command(c: &Command) -> Option<&'static str> {
    shell::invocations(&c.text).iter().find_map(|(name, inv)| {
        if goreleaser_releases(inv) {
            Some("goreleaser")
        } else if PUBLISH.is_match(inv) && !DRY_RUN.is_match(&c.text) {
            Some(match name.as_str() {
                "gh" => "gh release",
                "docker" | "podman" | "buildah" | "crane" | "oras" | "skopeo" | "ko" => {
                    "an image push"
                }
                _ => "a package upload",
            })
        } else {
            None
        }
    })
}

/// The signing or checksum tool a command line runs (`gpg --detach-sign`, `shasum -a 256 x
/// > x.sha256`), with its kind, if any.
pub(crate) fn manual_step_tool(line: &str) -> Option<(Artifact, &'static str)> {
    COMMANDS
        .iter()
        .filter(|d| matches!(d.artifact, Artifact::Signatures | Artifact::Checksums))
        .find(|d| d.re.is_match(line) && !d.unless.as_ref().is_some_and(|u| u.is_match(line)))
        .map(|d| (d.artifact, d.tool))
}

/// `pypa/gh-action-pypi-publish` makes PEP 740 attestations, signed with Sigstore, by
/// default since v1.11.0 when it publishes with trusted publishing (no `password:`), unless
/// `attestations: false`. The version comes from the reference (`@v1.13.0`,
/// `@release/v1`) or the comment after a pinned SHA (`# v1.13.0`); unknown, no claim.
fn pypi_attests(a: &ActionUse) -> bool {
    if a.input("password").is_some()
        || a.input("attestations")
            .is_some_and(|(v, _)| v.trim().trim_matches(['"', '\'']) == "false")
    {
        return false;
    }
    let reference = a.uses.split_once('@').map_or("", |(_, r)| r);
    if matches!(reference, "release/v1" | "unstable/v1") {
        return true;
    }
    let version = |t: &str| -> Option<(u32, u32)> {
        let t = t.trim().trim_start_matches("tag=").trim_start_matches('v');
        let mut parts = t.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts
            .next()?
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        Some((major, minor))
    };
    let v = version(reference).or_else(|| {
        a.comment
            .as_deref()
            .and_then(|c| c.split_whitespace().find_map(version))
    });
    v.is_some_and(|(major, minor)| major > 1 || (major == 1 && minor >= 11))
}

/// A workflow named for testing or verification (`e2e-tests.yml`, `Verify release`).
fn is_test_named(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    [
        "test",
        "e2e",
        "verify",
        "verification",
        "conformance",
        "lint",
        "check",
        "scan",
        "oidc",
    ]
    .iter()
    .any(|w| base.contains(w))
}

/// The release pipeline of the model.
pub(crate) fn release_pipeline(m: &CiModel) -> ReleasePipeline {
    let mut p = ReleasePipeline::default();
    // Candidate roots: release-triggered workflows and tag-conditioned files of other CI.
    let mut candidates: Vec<(Root, String, Loc, &'static str)> = Vec::new();
    for (i, w) in m.workflows.iter().enumerate() {
        if w.error.is_some() || w.callable_only() {
            continue;
        }
        // A manual dispatch alone makes a release workflow only when the workflow is not
        // also a pull request check, and is not named as a test or verification.
        let ci_like = w
            .trigger(|t| super::ci::is_pull_request_event(&t.event))
            .is_some()
            || is_test_named(&w.path)
            || w.name.as_deref().is_some_and(is_test_named);
        let t = w
            .trigger(|t| t.event == "release")
            .map(|t| (t, "release"))
            .or_else(|| {
                w.trigger(|t| t.event == "push" && t.tags)
                    .map(|t| (t, "tag push"))
            })
            .or_else(|| {
                w.trigger(|t| t.event == "create")
                    .map(|t| (t, "tag creation"))
            })
            .or_else(|| {
                w.trigger(|t| t.event == "workflow_dispatch")
                    .filter(|_| !ci_like)
                    .map(|t| (t, "manual dispatch"))
            });
        if let Some((t, kind)) = t {
            candidates.push((
                Root::Workflow(i),
                w.path.clone(),
                Loc {
                    path: w.path.clone(),
                    line: t.line,
                },
                kind,
            ));
        }
    }
    for (i, o) in m.others.iter().enumerate() {
        let (line, kind) = match (o.tag_context, o.release_named) {
            (Some(l), _) => (l, "tag condition"),
            (None, true) => (1, "release configuration"),
            (None, false) => continue,
        };
        candidates.push((
            Root::Other(i),
            o.path.clone(),
            Loc {
                path: o.path.clone(),
                line,
            },
            kind,
        ));
    }
    for (root, path, trigger, kind) in candidates {
        // Of the publishing steps, one that names a release (`publish_release` rather than
        // `publish_main`), else the first.
        let mut steps: Vec<(Loc, Vec<Loc>, String)> = m
            .actions
            .iter()
            .filter(|a| a.root == root)
            .filter_map(|a| publishes_action(a).map(|t| (a.at.clone(), a.via.clone(), t)))
            .collect();
        steps.extend(
            m.commands
                .iter()
                .filter(|c| c.root == root)
                .filter_map(|c| {
                    publishes_command(c).map(|t| (c.at.clone(), c.via.clone(), t.to_string()))
                }),
        );
        let release_named = steps
            .iter()
            .position(|(_, _, t)| t.to_ascii_lowercase().contains("release"));
        let publish = match release_named {
            Some(i) => Some(steps.remove(i)),
            None if steps.is_empty() => None,
            None => Some(steps.remove(0)),
        };
        if let Some((at, via, tool)) = publish {
            // The other ways it publishes (a PyPI upload beside `gh release`), each once.
            let mut others: Vec<(Loc, String)> = Vec::new();
            for (l, _, t) in steps {
                if t != tool && !others.iter().any(|(_, o)| *o == t) && others.len() < 4 {
                    others.push((l, t));
                }
            }
            p.roots.push(ReleaseRoot {
                root,
                path,
                trigger,
                trigger_kind: kind,
                publish: at,
                publish_via: via,
                publish_tool: tool,
                also: others,
            });
        }
    }
    let in_release = |r: Root| p.roots.iter().find(|x| x.root == r).map(|x| x.path.clone());
    let mut findings = Findings::default();
    let mut goreleaser_config: Option<String> = None;
    for c in &m.commands {
        let Some(root) = in_release(c.root) else {
            continue;
        };
        for det in COMMANDS.iter() {
            if det.re.is_match(&c.text) && !det.unless.as_ref().is_some_and(|u| u.is_match(&c.text))
            {
                push(&mut findings, det.artifact, det.tool, &c.at, &c.via, &root);
            }
        }
        for (_, inv) in shell::invocations(&c.text) {
            if goreleaser_releases(&inv) && p.goreleaser_run.is_none() {
                goreleaser_config = goreleaser_config_arg(&inv);
                p.goreleaser_run = Some((c.at.clone(), c.via.clone(), root.clone()));
            }
        }
    }
    for a in &m.actions {
        let Some(root) = in_release(a.root) else {
            continue;
        };
        for det in ACTIONS.iter() {
            if det.re.is_match(a.action()) {
                push(&mut findings, det.artifact, det.tool, &a.at, &a.via, &root);
            }
        }
        let name = a.action().to_ascii_lowercase();
        if name == "pypa/gh-action-pypi-publish" && pypi_attests(a) {
            push(
                &mut findings,
                Artifact::Provenance,
                "pypi attestations",
                &a.at,
                &a.via,
                &root,
            );
        }
        if name == "docker/build-push-action" {
            for (input, artifact) in [
                ("sbom", Artifact::Sbom),
                ("provenance", Artifact::Provenance),
            ] {
                if let Some((v, line)) = a.input(input) {
                    let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
                    if v == "true" || v.starts_with("mode=max") {
                        let at = Loc {
                            path: a.at.path.clone(),
                            line,
                        };
                        push(&mut findings, artifact, "docker buildx", &at, &a.via, &root);
                    }
                }
            }
        }
        if name == "aquasecurity/trivy-action" {
            if let Some((v, line)) = a.input("format") {
                if matches!(v.trim(), "spdx" | "spdx-json" | "cyclonedx") {
                    let at = Loc {
                        path: a.at.path.clone(),
                        line,
                    };
                    push(&mut findings, Artifact::Sbom, "trivy", &at, &a.via, &root);
                }
            }
        }
        if name == "goreleaser/goreleaser-action"
            && publishes_action(a).is_some()
            && p.goreleaser_run.is_none()
        {
            {
                let args = a
                    .input("args")
                    .map(|(v, _)| v.to_string())
                    .unwrap_or_default();
                goreleaser_config = goreleaser_config_arg(&format!("goreleaser {args}"));
                p.goreleaser_run = Some((a.at.clone(), a.via.clone(), root.clone()));
            }
        }
    }
    if let Some((at, mut via, root)) = p.goreleaser_run.clone() {
        // The configuration's steps run through the line that runs GoReleaser.
        via.push(at);
        let configs: Vec<&Goreleaser> = m
            .goreleaser
            .iter()
            .filter(|g| g.error.is_none())
            .filter(|g| match &goreleaser_config {
                Some(named) => &g.path == named,
                None => !g.path.contains('/'),
            })
            .collect();
        for g in configs {
            goreleaser_findings(&mut findings, g, &via, &root);
        }
    }
    p.findings = findings.list;
    p
}

/// Findings, one per artifact and line (a line reached from two steps is one step).
#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    seen: std::collections::HashSet<(Artifact, Loc)>,
}

impl Findings {
    fn last_mut(&mut self) -> Option<&mut Finding> {
        self.list.last_mut()
    }
}

fn push(
    out: &mut Findings,
    artifact: Artifact,
    tool: &'static str,
    at: &Loc,
    via: &[Loc],
    root: &str,
) {
    if out.seen.insert((artifact, at.clone())) {
        out.list.push(Finding {
            artifact,
            tool,
            at: at.clone(),
            via: via.to_vec(),
            root: root.to_string(),
            by_default: false,
        });
    }
}

/// What a GoReleaser configuration adds when the pipeline runs it: signatures (`signs`,
/// `docker_signs`, `binary_signs`), SBOMs (`sboms`), and checksums, which GoReleaser
/// writes unless `checksum: {disable: true}` (cited at `checksum:` or, by default, at the
/// first line of the configuration).
fn goreleaser_findings(out: &mut Findings, g: &Goreleaser, via: &[Loc], root: &str) {
    let at = |line: u32| Loc {
        path: g.path.clone(),
        line,
    };
    for key in ["signs", "docker_signs", "binary_signs"] {
        if let Some(l) = g.keys.get(key) {
            push(out, Artifact::Signatures, "goreleaser", &at(*l), via, root);
        }
    }
    if let Some(l) = g.keys.get("sboms") {
        push(out, Artifact::Sbom, "goreleaser", &at(*l), via, root);
    }
    if !g.checksum_disabled {
        let key = g.keys.get("checksum").copied();
        push(
            out,
            Artifact::Checksums,
            "goreleaser",
            &at(key.unwrap_or(g.first_line)),
            via,
            root,
        );
        if key.is_none() {
            if let Some(f) = out.last_mut() {
                f.by_default = true;
            }
        }
    }
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
    use crate::evidence::ci::build;
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

    fn got(
        files: &[(&str, &str)],
    ) -> (ReleasePipeline, Vec<(Artifact, &'static str, String, u32)>) {
        let p = release_pipeline(&build(&snapshot(files)));
        let v = p
            .findings
            .iter()
            .map(|f| (f.artifact, f.tool, f.at.path.clone(), f.at.line))
            .collect();
        (p, v)
    }

    const RELEASE: &str = "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      # cosign sign-blob commented out\n      - run: cosign sign-blob --yes a.tar.gz\n      - uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2\n      - run: echo \"$SUM  x\" | sha256sum -c\n      - run: sha256sum dist/* > SHA256SUMS\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          sbom: true\n      - run: gh release create \"$TAG\" dist/*\n";

    /// pallets/flask's `publish.yaml`: `pypa/gh-action-pypi-publish` pinned to a SHA with
    /// `# v1.13.0`, trusted publishing: attestations by default. With a password, or before
    /// v1.11, or with `attestations: false`, none.
    #[test]
    fn pypi_publish_attestations_by_version_and_inputs() {
        let wf = |uses: &str, with: &str| {
            format!(
                "on:\n  push:\n    tags: ['*']\njobs:\n  p:\n    steps:\n      - uses: {uses}\n{with}"
            )
        };
        let cases = [
            (
                wf(
                    "pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0",
                    "",
                ),
                true,
            ),
            (wf("pypa/gh-action-pypi-publish@release/v1", ""), true),
            (wf("pypa/gh-action-pypi-publish@v1.10.3", ""), false),
            (
                wf(
                    "pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e",
                    "",
                ),
                false,
            ),
            (
                wf(
                    "pypa/gh-action-pypi-publish@v1.12.4",
                    "        with:\n          password: ${{ secrets.PYPI }}\n",
                ),
                false,
            ),
            (
                wf(
                    "pypa/gh-action-pypi-publish@v1.12.4",
                    "        with:\n          attestations: false\n",
                ),
                false,
            ),
        ];
        for (text, want) in cases {
            let m = build(&snapshot(&[(
                ".github/workflows/publish.yml",
                text.as_str(),
            )]));
            let p = release_pipeline(&m);
            assert_eq!(p.has(Artifact::Provenance), want, "{text}");
            if want {
                assert_eq!(p.findings[0].at.line, 7);
            }
        }
    }

    #[test]
    fn release_steps_are_found_on_their_line() {
        use Artifact::*;
        let wf = ".github/workflows/release.yml";
        let (p, got) = got(&[(wf, RELEASE), ("pkg/sbom.go", "syft\n")]);
        assert_eq!(p.roots.len(), 1);
        assert_eq!(p.roots[0].trigger.line, 2);
        assert_eq!(p.roots[0].trigger_kind, "tag push");
        assert!(
            got.contains(&(Signatures, "cosign", wf.into(), 8)),
            "{got:?}"
        );
        assert!(got.contains(&(Provenance, "slsa-github-generator", wf.into(), 9)));
        assert!(got.contains(&(Checksums, "sha256sum", wf.into(), 11)));
        assert!(got.contains(&(Sbom, "docker buildx", wf.into(), 15)));
        assert!(
            !got.iter().any(|g| g.3 == 10 || g.3 == 7),
            "verification or comment: {got:?}"
        );
    }

    /// The shape of projects that sign images in their e2e tests (sigstore/policy-controller):
    /// a pull-request workflow's `cosign sign` is not a release step.
    #[test]
    fn test_and_verification_workflows_are_not_release_steps() {
        let (p, got) = got(&[
            (
                ".github/workflows/e2e.yml",
                "on: [pull_request]\njobs:\n  e:\n    steps:\n      - run: cosign sign --yes ttl.sh/test-image\n      - run: goreleaser release --snapshot --clean\n",
            ),
            (
                ".github/workflows/verify-release.yml",
                "on:\n  workflow_dispatch:\njobs:\n  v:\n    steps:\n      - run: gh release download v1 && cosign verify-blob x\n      - run: sha256sum -c SHA256SUMS\n",
            ),
            (".goreleaser.yml", "signs:\n  - cmd: cosign\n"),
        ]);
        assert!(p.roots.is_empty(), "{:?}", p.roots);
        assert!(got.is_empty(), "{got:?}");
        assert!(p.goreleaser_run.is_none());
    }

    /// GoReleaser used only for `goreleaser build --snapshot` (a CI build check) is not
    /// credited with release checksums; one the tag workflow releases with is.
    #[test]
    fn goreleaser_counts_only_when_the_release_runs_it() {
        use Artifact::*;
        let snapshot_only = "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: build --snapshot\n      - run: docker push x\n";
        let (_, got1) = got(&[
            (".github/workflows/release.yml", snapshot_only),
            (".goreleaser.yml", "builds: []\n"),
        ]);
        assert!(!got1.iter().any(|g| g.1 == "goreleaser"), "{got1:?}");
        let real = "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean -f build/.goreleaser.yaml\n";
        let (p, got2) = got(&[
            (".github/workflows/release.yml", real),
            (
                "build/.goreleaser.yaml",
                "builds: []\nsboms:\n  - artifacts: archive\nsigns:\n  - cmd: cosign\n",
            ),
            ("vendor/x/.goreleaser.yml", "signs: []\n"),
        ]);
        assert_eq!(p.goreleaser_run.as_ref().map(|g| g.0.line), Some(7));
        let cfg = "build/.goreleaser.yaml".to_string();
        assert!(
            got2.contains(&(Sbom, "goreleaser", cfg.clone(), 2)),
            "{got2:?}"
        );
        assert!(got2.contains(&(Signatures, "goreleaser", cfg.clone(), 4)));
        assert!(got2.contains(&(Checksums, "goreleaser", cfg.clone(), 1)));
        assert!(!got2.iter().any(|g| g.2.starts_with("vendor/")));
        let disabled = "checksum:\n  disable: true\n";
        let (_, got3) = got(&[
            (".github/workflows/release.yml", real),
            ("build/.goreleaser.yaml", disabled),
        ]);
        assert!(got3.iter().all(|x| x.0 != Checksums), "{got3:?}");
    }

    /// The shape of kubernetes-sigs release scripts: the tag workflow runs
    /// `hack/release.sh`, which writes the checksums and signs them.
    #[test]
    fn steps_in_scripts_and_composite_actions_are_found_with_their_chain() {
        use Artifact::*;
        let (p, got) = got(&[
            (
                ".github/workflows/release.yml",
                "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - run: ./hack/release.sh\n      - uses: ./.github/actions/attest\n",
            ),
            (
                "hack/release.sh",
                "set -e\nsha256sum _out/* > _out/SHA256SUMS\ncosign sign-blob --yes _out/SHA256SUMS\ngh release upload \"$TAG\" _out/*\n",
            ),
            (
                ".github/actions/attest/action.yml",
                "runs:\n  using: composite\n  steps:\n    - uses: actions/attest-build-provenance@v2\n    - run: syft dir:. -o spdx-json > sbom.json\n      shell: bash\n",
            ),
        ]);
        assert_eq!(p.roots.len(), 1);
        assert_eq!(p.roots[0].publish.path, "hack/release.sh");
        assert!(
            got.contains(&(Checksums, "sha256sum", "hack/release.sh".into(), 2)),
            "{got:?}"
        );
        assert!(got.contains(&(Signatures, "cosign", "hack/release.sh".into(), 3)));
        let a = ".github/actions/attest/action.yml".to_string();
        assert!(got.contains(&(Provenance, "actions/attest-build-provenance", a.clone(), 4)));
        assert!(got.contains(&(Sbom, "syft", a, 5)), "{got:?}");
        let f = p.findings.iter().find(|f| f.artifact == Checksums).unwrap();
        assert_eq!(f.via[0].line, 7);
        assert_eq!(f.root, ".github/workflows/release.yml");
    }
}
