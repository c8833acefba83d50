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
use crate::evidence::tools::catalogue::{Category, Covers, Destination};
use crate::evidence::tools::{action_at, action_matches, image_hosts, program_matches};

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
    pub tool: String,
    pub at: Loc,
    pub via: Vec<Loc>,
    /// The release workflow (or CI file) it belongs to.
    pub root: String,
    /// Not written in the configuration: GoReleaser's checksums, on unless disabled.
    pub by_default: bool,
    /// What the step covers (`cosign sign`: images, `sign-blob`: files), when it says.
    pub covers: Option<Covers>,
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
    /// The publishing step makes a draft release (`draft: true`, `gh release create
    /// --draft`): someone publishes it later, outside this step.
    pub draft: bool,
}

/// The release pipeline as the probes see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReleasePipeline {
    pub roots: Vec<ReleaseRoot>,
    pub findings: Vec<Finding>,
    /// GoReleaser runs `release` in the pipeline: the run's line and chain.
    pub goreleaser_run: Option<(Loc, Vec<Loc>, String)>,
    /// Where the release pipelines publish, as their steps name it.
    pub published: Vec<Published>,
}

/// A destination a publishing step names (`ghcr.io`, `github-releases`, `pypi.org`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Published {
    pub tool: String,
    pub destination: String,
    pub covers: Option<Covers>,
    pub at: Loc,
    pub root: String,
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

    /// What the steps of a kind cover (`images`, `files`), sorted, once each.
    pub(crate) fn covered(&self, a: Artifact) -> Vec<String> {
        super::util::sorted_unique(
            self.findings
                .iter()
                .filter(|f| f.artifact == a)
                .filter_map(|f| f.covers.map(|c| c.as_str().to_string()))
                .collect(),
        )
    }
}

/// The release artifact a catalogue category makes.
fn artifact_of(c: Category) -> Option<Artifact> {
    Some(match c {
        Category::Checksum => Artifact::Checksums,
        Category::Sign => Artifact::Signatures,
        Category::Provenance => Artifact::Provenance,
        Category::Sbom => Artifact::Sbom,
        _ => return None,
    })
}

/// Catalogue entries that group several publishing actions (`a release action`): the
/// action itself names the step better than the group.
const GROUPS: [&str; 2] = ["a release action", "a package upload"];

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

/// What an action use publishes with (and where), if it publishes: the catalogue's
/// `publish` entries (docker/build-push-action only with `push:` set, GoReleaser's action
/// only when it releases), else a third-party upload or publish action by its name.
/// Actions that read releases (downloads, "get latest release") publish nothing.
fn publishes_action(a: &ActionUse) -> Option<(String, Vec<String>, Option<Covers>)> {
    let name = a.action();
    let matches = action_matches(name, |k| a.input(k).map(|(v, _)| v));
    if matches
        .iter()
        .any(|(_, p)| p.category == Category::ReadsReleases)
    {
        return None;
    }
    if let Some((t, p)) = matches
        .iter()
        .find(|(_, p)| p.category == Category::Publish)
    {
        if t.id == "goreleaser" {
            let args = a.input("args").map(|(v, _)| v).unwrap_or("");
            if !goreleaser_releases(&format!("goreleaser {args}")) {
                return None;
            }
        }
        let tool = if GROUPS.contains(&t.id.as_str()) {
            name.to_string()
        } else {
            t.id.clone()
        };
        let dest = match &p.publishes_to {
            Some(Destination::Fixed(d)) => vec![d.clone()],
            Some(Destination::ImageInput(i)) => {
                a.input(i).map(|(v, _)| image_hosts(v)).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        return Some((tool, dest, p.covers));
    }
    // Third-party upload and publish actions (`bacongobbler/azure-blob-storage-upload`);
    // GitHub's artifact, Pages and SARIF uploads stay inside GitHub and publish nothing.
    (UPLOAD_ACTIONS.is_match(name) && !INTERNAL_UPLOADS.is_match(name))
        .then(|| (name.to_string(), Vec::new(), None))
}

/// `gh release create --draft` (or `-d`).
static DRAFT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"\bgh\s+release\s+create\b.*\s(--draft\b|-d\b)"));

static UPLOAD_ACTIONS: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)/[\w.-]*(upload|publish|deploy|release)[\w.-]*$"));

static INTERNAL_UPLOADS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^actions/(upload-artifact|upload-pages-artifact|deploy-pages)|codecov|upload-sarif|release-drafter|/setup-|coveralls|test-reporter|sbom-action/publish-sbom",
    )
});

/// What a command publishes with (and where), if it publishes: the catalogue's `publish`
/// programs, not in a dry run; GoReleaser only when it releases.
fn publishes_command(c: &Command) -> Option<(String, Vec<String>, Option<Covers>)> {
    if DRY_RUN.is_match(&c.text) {
        return None;
    }
    program_matches(&c.text)
        .into_iter()
        .find(|(_, p, _)| p.category == Category::Publish)
        .and_then(|(t, p, args)| {
            if t.id == "goreleaser" && !goreleaser_releases(&format!("goreleaser {args}")) {
                return None;
            }
            let dest = match &p.publishes_to {
                Some(Destination::Fixed(d)) => vec![d.clone()],
                Some(Destination::ImageArgs) => image_hosts(&args),
                _ => Vec::new(),
            };
            Some((t.id.clone(), dest, p.covers))
        })
}

/// The release steps a command line runs (signing, checksum files, SBOMs, provenance),
/// each with its tool and what it covers: the catalogue's programs at command position.
pub(crate) fn release_steps(line: &str) -> Vec<(Artifact, &'static str, Option<Covers>)> {
    program_matches(line)
        .into_iter()
        .filter_map(|(t, p, _)| artifact_of(p.category).map(|a| (a, t.id.as_str(), p.covers)))
        .collect()
}

/// The signing or checksum tool a command line runs (`gpg --detach-sign`, `shasum -a 256 x
/// > x.sha256`), with its kind, if any.
pub(crate) fn manual_step_tool(line: &str) -> Option<(Artifact, &'static str)> {
    release_steps(line)
        .into_iter()
        .find(|(a, _, _)| matches!(a, Artifact::Signatures | Artifact::Checksums))
        .map(|(a, t, _)| (a, t))
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
        type Step = (Loc, Vec<Loc>, (String, Vec<String>, Option<Covers>));
        let mut steps: Vec<Step> = m
            .actions
            .iter()
            .filter(|a| a.root == root)
            .filter_map(|a| publishes_action(a).map(|t| (a.at.clone(), a.via.clone(), t)))
            .collect();
        steps.extend(
            m.commands
                .iter()
                .filter(|c| c.root == root)
                .filter_map(|c| publishes_command(c).map(|t| (c.at.clone(), c.via.clone(), t))),
        );
        for (at, _, (tool, dests, covers)) in &steps {
            for d in dests {
                if p.published.len() < 50 {
                    p.published.push(Published {
                        tool: tool.clone(),
                        destination: d.clone(),
                        covers: *covers,
                        at: at.clone(),
                        root: path.clone(),
                    });
                }
            }
        }
        let mut steps: Vec<(Loc, Vec<Loc>, String)> = steps
            .into_iter()
            .map(|(a, v, (t, _, _))| (a, v, t))
            .collect();
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
            let draft = m.actions.iter().any(|a| {
                a.root == root
                    && a.at == at
                    && a.input("draft").is_some_and(|(v, _)| {
                        v.trim()
                            .trim_matches(['"', '\''])
                            .eq_ignore_ascii_case("true")
                    })
            }) || m
                .commands
                .iter()
                .any(|c| c.root == root && c.at == at && DRAFT.is_match(&c.text));
            p.roots.push(ReleaseRoot {
                root,
                path,
                trigger,
                trigger_kind: kind,
                publish: at,
                publish_via: via,
                publish_tool: tool,
                also: others,
                draft,
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
        for (artifact, tool, covers) in release_steps(&c.text) {
            push(&mut findings, artifact, tool, &c.at, &c.via, &root, covers);
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
        for (t, pat) in action_matches(a.action(), |k| a.input(k).map(|(v, _)| v)) {
            if let Some(artifact) = artifact_of(pat.category) {
                let at = action_at(a, pat);
                push(
                    &mut findings,
                    artifact,
                    &t.id,
                    &at,
                    &a.via,
                    &root,
                    pat.covers,
                );
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
                Some(Covers::Packages),
            );
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

/// Release steps written in a publishing tool's own configuration (JReleaser's `signing:`):
/// the catalogue's `sources` of a release kind whose tool id names the publishing tool
/// (`jreleaser-signing` for `jreleaser`), each counted when a release workflow publishes
/// with that tool, run through its publishing line. GoReleaser's keys are read from its
/// parsed configuration instead (see [`goreleaser_findings`]).
pub(crate) fn add_config_steps(p: &mut ReleasePipeline, rec: &crate::evidence::tools::Recognised) {
    use crate::evidence::tools::How;
    let mut found = Findings::default();
    for x in &p.findings {
        found.seen.insert((x.artifact, x.at.clone()));
    }
    for o in rec.occurrences.iter().filter(|o| o.how == How::Source) {
        let Some(artifact) = artifact_of(o.category) else {
            continue;
        };
        let Some((publisher, _)) = o.id().split_once('-') else {
            continue;
        };
        let root = p.roots.iter().find_map(|r| {
            if r.publish_tool == publisher {
                Some((r.publish.clone(), r.publish_via.clone(), r.path.clone()))
            } else {
                r.also
                    .iter()
                    .find(|(_, t)| t == publisher)
                    .map(|(at, _)| (at.clone(), Vec::new(), r.path.clone()))
            }
        });
        let Some((at, mut via, root)) = root else {
            continue;
        };
        via.push(at);
        let covers = (artifact == Artifact::Signatures).then_some(Covers::Files);
        push(&mut found, artifact, o.id(), &o.at, &via, &root, covers);
    }
    p.findings.extend(found.list);
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

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Findings,
    artifact: Artifact,
    tool: &str,
    at: &Loc,
    via: &[Loc],
    root: &str,
    covers: Option<Covers>,
) {
    if out.seen.insert((artifact, at.clone())) {
        out.list.push(Finding {
            artifact,
            tool: tool.to_string(),
            at: at.clone(),
            via: via.to_vec(),
            root: root.to_string(),
            by_default: false,
            covers,
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
    for (key, covers) in [
        ("signs", Covers::Files),
        ("docker_signs", Covers::Images),
        ("binary_signs", Covers::Files),
    ] {
        if let Some(l) = g.keys.get(key) {
            let c = Some(covers);
            push(
                out,
                Artifact::Signatures,
                "goreleaser",
                &at(*l),
                via,
                root,
                c,
            );
        }
    }
    if let Some(l) = g.keys.get("sboms") {
        let c = Some(Covers::Files);
        push(out, Artifact::Sbom, "goreleaser", &at(*l), via, root, c);
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
            Some(Covers::Files),
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
#[path = "pipeline_tests.rs"]
mod tests;
