//! Release-step claims (SBOM, checksums, provenance, signatures), yes or no, against what
//! the repository settles offline: the steps of its release workflows and build, the SBOM
//! documents it holds. "Does not currently generate an SBOM" agrees when no step makes
//! one, and is stale (dated by the commit that added the step) when one does. Release
//! assets need the API: a "yes" without a step in the repository is not verifiable.

use super::{finding, short, short_date, with};
use crate::model::{Citation, ProbeFacts, ProbeId, Report};
use crate::review::claims::{Claim, Polarity, Topic};
use crate::review::document::Document;
use crate::review::prose::{Repository, cite_change, cite_file, facts};
use crate::review::{Finding, FindingKind};

/// A step that does the claim's kind of release work: (path, line, tool).
type Step = (String, u32, String);

/// The step kind, what it makes, and its denial.
fn kind_of(topic: Topic) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match topic {
        Topic::Sbom => ("sbom", "an SBOM", "no SBOM"),
        Topic::Checksums => ("checksums", "checksums", "no checksums"),
        Topic::Provenance => ("provenance", "provenance", "no provenance"),
        Topic::ArtifactSigning => ("signatures", "signatures", "no signatures"),
        _ => return None,
    })
}

/// The steps of `kind` the scan saw, or `None` when it did not read the release pipeline.
fn steps(report: &Report, kind: &str) -> Option<Vec<Step>> {
    let Some(ProbeFacts::ReleaseIntegrity(ri)) = facts(report, ProbeId::ReleaseIntegrity) else {
        return None;
    };
    let sbom = match facts(report, ProbeId::Sbom) {
        Some(ProbeFacts::Sbom(f)) => Some(f),
        _ => None,
    };
    let pipe = ri.pipeline.as_ref();
    if pipe.is_none() && sbom.is_none_or(|f| f.generated_by_pipeline.is_none()) {
        return None;
    }
    let mut out: Vec<Step> = pipe
        .into_iter()
        .flat_map(|p| &p.steps)
        .filter(|s| s.kind == kind && !s.by_default)
        .map(|s| (s.path.clone(), s.line, s.tool.clone()))
        .collect();
    // A release target or script run by hand still makes them for the releases.
    for m in ri.manual_steps.iter().flatten().filter(|m| m.kind == kind) {
        out.push((m.path.clone(), m.line, m.tool.clone()));
    }
    if kind == "sbom"
        && let Some(f) = sbom
    {
        for t in f
            .generated_by_pipeline
            .iter()
            .flatten()
            .chain(f.configured_in_build.iter().flatten())
        {
            out.push((t.path.clone(), t.line, t.tool.clone()));
        }
    }
    out.dedup();
    Some(out)
}

/// The release workflows the scan read (what a "no step" is said of).
fn release_workflows(report: &Report) -> Vec<Citation> {
    let Some(ProbeFacts::ReleaseIntegrity(ri)) = facts(report, ProbeId::ReleaseIntegrity) else {
        return Vec::new();
    };
    ri.pipeline
        .iter()
        .flat_map(|p| &p.workflows)
        .map(|w| {
            cite_file(
                report,
                &w.path,
                Some(w.trigger_line),
                Some(&format!("release workflow ({})", w.trigger)),
            )
        })
        .collect()
}

/// SBOM documents kept in the repository.
fn sbom_documents(report: &Report) -> Vec<Citation> {
    match facts(report, ProbeId::Sbom) {
        Some(ProbeFacts::Sbom(f)) => f
            .in_repository
            .iter()
            .flatten()
            .map(|d| cite_file(report, &d.path, None, Some(&d.format)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Holds a release-step claim; `None` when the scan did not read the release pipeline (the
/// scan's own answer is used then).
pub(super) fn release_step(
    doc: &Document,
    c: &Claim,
    report: &Report,
    repo: &dyn Repository,
) -> Option<Finding> {
    let (kind, what, none) = kind_of(c.topic)?;
    let found = steps(report, kind)?;
    let docs = if c.topic == Topic::Sbom {
        sbom_documents(report)
    } else {
        Vec::new()
    };
    let cites: Vec<Citation> = found
        .iter()
        .map(|(p, l, t)| cite_file(report, p, Some(*l), Some(t)))
        .chain(docs.iter().cloned())
        .collect();
    let mut tools: Vec<&str> = Vec::new();
    for (_, _, t) in &found {
        if !tools.contains(&t.as_str()) {
            tools.push(t);
        }
    }
    let says_yes = c.polarity == Polarity::Yes;
    if found.is_empty() && docs.is_empty() {
        let workflows = release_workflows(report);
        let seen = if workflows.is_empty() {
            "no release workflow was found, and no CI step or build configuration the scan read"
                .to_string()
        } else {
            format!(
                "no step of the {} release workflow(s) (cited) or of the build",
                workflows.len()
            )
        };
        if says_yes && let Some(folders) = repository_links(c, report) {
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::Contradicted,
                    format!(
                        "The document points to {} of the repository for {what}, which hold(s) no SBOM document; {seen} produces {what}.",
                        folders.join(", ")
                    ),
                ),
                workflows,
            ));
        }
        if !says_yes {
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::Agrees,
                    format!("The document says {none}; {seen} produces {what}."),
                ),
                workflows,
            ));
        }
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::NotVerifiable,
                format!(
                    "The document says {what} is produced; {seen} produces {what}: it may be made by hand or elsewhere and attached to the releases (release assets need the GitHub API)."
                ),
            ),
            workflows,
        ));
    }
    if says_yes {
        let msg = if found.is_empty() {
            format!("The repository holds {what} document(s) (cited).")
        } else {
            format!(
                "The release pipeline produces {what} ({}).",
                tools.join(", ")
            )
        };
        return Some(with(finding(doc, c, FindingKind::Agrees, msg), cites));
    }
    // The document says no; the repository does: since when?
    let added = found.iter().find_map(|(p, l, _)| {
        let text = repo.file_text(p)?;
        let line = text.lines().nth((*l as usize).checked_sub(1)?)?.trim();
        repo.text_addition(p, line)
    });
    match added {
        Some(ch) => {
            let mut f = finding(
                doc,
                c,
                FindingKind::Stale,
                format!(
                    "The document says {none}; the repository has produced {what} since {} (commit {}, {}: {}).",
                    short_date(&ch.date),
                    short(&ch.commit),
                    ch.path,
                    tools.join(", ")
                ),
            );
            f.evidence
                .push(cite_change(report, &ch, &format!("{what} step added")));
            f.evidence.extend(cites.into_iter().take(2));
            Some(f)
        }
        None => Some(with(
            finding(
                doc,
                c,
                FindingKind::Contradicted,
                format!(
                    "The document says {none}; the repository produces {what} ({}).",
                    tools.join(", ")
                ),
            ),
            cites,
        )),
    }
}

/// The repository paths a claim's sentence links (`<repository>/tree/<ref>/pkg`), when it
/// links only such paths: what the document offers as its SBOM is the source itself.
fn repository_links(c: &Claim, report: &Report) -> Option<Vec<String>> {
    if c.topic != Topic::Sbom {
        return None;
    }
    let base = crate::review::prose::repo_base(report)?;
    let mut paths = Vec::new();
    let mut others = 0;
    for (i, _) in c.sentence.match_indices("http") {
        let url: String = c.sentence[i..]
            .chars()
            .take_while(|ch| !ch.is_whitespace() && !matches!(ch, ')' | ']' | '>' | '|'))
            .collect();
        let lower = url.to_lowercase();
        let rest = lower
            .strip_prefix(&format!("{base}/tree/"))
            .or_else(|| lower.strip_prefix(&format!("{base}/blob/")));
        match rest.and_then(|r| r.split_once('/')) {
            Some((_, path)) if !path.is_empty() => {
                paths.push(format!("`{}`", path.trim_end_matches('/')))
            }
            _ => others += 1,
        }
    }
    let sbom_named = ["spdx", "cyclonedx", "sbom", "bom."];
    (!paths.is_empty()
        && others == 0
        && !paths
            .iter()
            .any(|p| sbom_named.iter().any(|n| p.contains(n))))
    .then_some(paths)
}

/// "Images are signed": agrees only with a signing step of the release pipeline (an
/// attestation or a checksum file is not a signature of the images).
pub(super) fn artifact_signing(
    doc: &Document,
    c: &Claim,
    report: &Report,
    repo: &dyn Repository,
) -> Option<Finding> {
    let p = report.probe(ProbeId::ReleaseIntegrity)?;
    let ProbeFacts::ReleaseIntegrity(f) = &p.facts else {
        return None;
    };
    let Some(pipe) = f.pipeline.as_ref() else {
        return super::answered(doc, c, report);
    };
    let ev: Vec<Citation> = pipe
        .steps
        .iter()
        .filter(|s| s.kind == "signatures")
        .map(|s| cite_file(report, &s.path, Some(s.line), Some(&s.tool)))
        .collect();
    if pipe.signatures {
        // "Publish signed images to Docker Hub": the registry is part of the claim.
        if let Some(f) = registry_not_seen(doc, c, report, repo, pipe, &ev) {
            return Some(f);
        }
        let what = if pipe.signed.is_empty() {
            String::new()
        } else {
            format!(" ({})", pipe.signed.join(", "))
        };
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::Agrees,
                format!("The release pipeline signs what it publishes{what}."),
            ),
            ev,
        ));
    }
    let it = super::item(report, "release_signatures");
    Some(with(
        finding(
            doc,
            c,
            FindingKind::NotVerifiable,
            "No signing step was found in this repository's release workflows; what is signed may be built and signed elsewhere (another repository, by hand): check there.".into(),
        ),
        it.map(|i| i.citations.clone()).unwrap_or_default(),
    ))
}

/// Registries as prose names them, and the hosts an image reference gives them.
const REGISTRIES: [(&str, &str); 6] = [
    ("docker hub", "docker.io"),
    ("dockerhub", "docker.io"),
    ("docker.io", "docker.io"),
    ("quay", "quay.io"),
    ("ghcr", "ghcr.io"),
    ("github container registry", "ghcr.io"),
];

/// The claim names a registry the release pipeline's image pushes do not name, while they
/// name others, and no release workflow mentions it (a login to Docker Hub names no host):
/// the destination part of the claim does not hold.
fn registry_not_seen(
    doc: &Document,
    c: &Claim,
    report: &Report,
    repo: &dyn Repository,
    pipe: &crate::model::ReleasePipelineFacts,
    signing: &[Citation],
) -> Option<Finding> {
    let lower = c.sentence.to_lowercase();
    let (said, host) = REGISTRIES.iter().find(|(w, _)| lower.contains(w))?;
    let images: Vec<&crate::model::PublishDestination> = pipe
        .destinations
        .iter()
        .filter(|d| d.covers.as_deref() == Some("images"))
        .collect();
    if images.is_empty() || images.iter().any(|d| d.destination == *host) {
        return None;
    }
    let mut files: Vec<&str> = pipe.workflows.iter().map(|w| w.path.as_str()).collect();
    files.extend(images.iter().map(|d| d.path.as_str()));
    let mentioned = files.iter().any(|p| {
        repo.file_text(p).is_none_or(|t| {
            let t = t.to_lowercase();
            t.contains(host)
                || t.contains("dockerhub")
                || t.contains("docker_hub")
                || t.contains(said)
                || (*host == "docker.io"
                    && t.contains("docker/login-action")
                    && !t.contains("registry:"))
        })
    });
    if mentioned {
        return None;
    }
    let hosts: Vec<&str> = images
        .iter()
        .map(|d| d.destination.as_str())
        .collect::<Vec<_>>();
    let mut hosts = hosts;
    hosts.dedup();
    let mut ev: Vec<Citation> = images
        .iter()
        .map(|d| cite_file(report, &d.path, Some(d.line), Some(&d.destination)))
        .take(2)
        .collect();
    ev.extend(signing.iter().take(1).cloned());
    Some(with(
        finding(
            doc,
            c,
            FindingKind::Contradicted,
            format!(
                "The release pipeline signs what it publishes, but pushes its images to {}, not to {said} as the document says (no release workflow names {host}).",
                hosts.join(", ")
            ),
        ),
        ev,
    ))
}
