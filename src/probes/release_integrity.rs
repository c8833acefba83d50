//! `release-integrity`: can users verify what they download? Checksums, signatures and
//! provenance attached to releases, the pipeline steps that make them (cited to the line),
//! and signed tags.

use crate::evidence::Evidence;
use crate::evidence::github::{ReleaseInfo, Releases};
use crate::model::{
    Citation, CitationKind, Outcome, ProbeFacts, ProbeId, ReleaseFacts, ReleaseIntegrityFacts,
    ReleasePipelineFacts,
};

use super::pipeline::{Artifact, classify_asset, findings, goreleaser_uses};
use super::util::{
    cite_line, cite_tree, cite_whole_file, files, plural, sorted_unique, tag_facts, tags_note, why,
};
use super::{Judgement, Probe};

pub struct ReleaseIntegrity;

/// Most asset citations per kind and release.
const ASSET_CITES: usize = 3;

const RELEASE_FACTS: &[&str] = &[
    "releases_examined",
    "with_checksums",
    "with_signatures",
    "with_provenance",
    "with_sbom",
    "releases",
];

fn release_facts(r: &ReleaseInfo) -> ReleaseFacts {
    let mut f = ReleaseFacts {
        tag: r.tag.clone(),
        url: r.html_url.clone(),
        assets: r.assets.len() as u64,
        ..Default::default()
    };
    for a in &r.assets {
        let list = match classify_asset(&a.name) {
            Some(Artifact::Checksums) => &mut f.checksums,
            Some(Artifact::Signatures) => &mut f.signatures,
            Some(Artifact::Provenance) => &mut f.provenance,
            Some(Artifact::Sbom) => &mut f.sboms,
            None => continue,
        };
        list.push(a.name.clone());
    }
    f
}

fn fact_of(kind: Artifact) -> &'static str {
    match kind {
        Artifact::Checksums => "with_checksums",
        Artifact::Signatures => "with_signatures",
        Artifact::Provenance => "with_provenance",
        Artifact::Sbom => "with_sbom",
    }
}

/// Facts and citations from the releases read through the API.
fn from_releases(
    ev: &Evidence,
    rel: &Releases,
    f: &mut ReleaseIntegrityFacts,
    cites: &mut Vec<Citation>,
) {
    let per: Vec<ReleaseFacts> = rel.releases.iter().map(release_facts).collect();
    let count = |p: fn(&ReleaseFacts) -> bool| per.iter().filter(|r| p(r)).count() as u64;
    f.releases_examined = Some(per.len() as u64);
    f.with_checksums = Some(count(|r| !r.checksums.is_empty()));
    f.with_signatures = Some(count(|r| !r.signatures.is_empty()));
    f.with_provenance = Some(count(|r| !r.provenance.is_empty()));
    f.with_sbom = Some(count(|r| !r.sboms.is_empty()));
    cites.push(
        ev.cite_api(&rel.api_url)
            .excerpt(&format!(
                "{} read with their assets",
                plural(per.len() as u64, "release", "releases")
            ))
            .supports(RELEASE_FACTS),
    );
    for r in &rel.releases {
        cites.push(
            ev.cite_url(&r.html_url)
                .excerpt(&format!("release {}", r.tag))
                .supports(&["releases"]),
        );
        let mut shown = [0usize; 4];
        for a in &r.assets {
            let Some(kind) = classify_asset(&a.name) else {
                continue;
            };
            let slot = kind as usize;
            if shown[slot] < ASSET_CITES {
                shown[slot] += 1;
                cites.push(
                    Citation::new(CitationKind::ReleaseAsset, &ev.retrieved_at)
                        .url(a.url.clone())
                        .excerpt(&a.name)
                        .supports(&[fact_of(kind), "releases"]),
                );
            }
        }
    }
    f.releases = Some(per);
}

impl Probe for ReleaseIntegrity {
    fn id(&self) -> ProbeId {
        ProbeId::ReleaseIntegrity
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/release-integrity.yml")
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = ReleaseIntegrityFacts::default();
        let mut cites: Vec<Citation> = Vec::new();

        // The pipeline.
        if let Ok(snap) = files(ev) {
            let found = findings(snap);
            let mut p = ReleasePipelineFacts::default();
            let mut tools: Vec<String> = Vec::new();
            for x in &found {
                match x.artifact {
                    Artifact::Checksums => p.checksums = true,
                    Artifact::Signatures => p.signatures = true,
                    Artifact::Provenance => p.provenance = true,
                    Artifact::Sbom => p.sbom = true,
                }
                tools.push(x.tool.to_string());
            }
            for x in found.iter().take(20) {
                cites.push(cite_line(ev, x.path, x.line, &["pipeline"]));
            }
            for (path, line) in goreleaser_uses(snap).into_iter().take(3) {
                tools.push("goreleaser".into());
                cites.push(match line {
                    Some(l) => cite_line(ev, path, l, &["pipeline"]),
                    None => cite_whole_file(ev, path, &["pipeline"]),
                });
            }
            if found.is_empty() {
                cites.push(cite_tree(ev, &["pipeline"]));
            }
            p.tools = sorted_unique(tools);
            f.pipeline = Some(p);
        }
        // Signed tags.
        if let Ok(tags) = &ev.tags {
            let (counts, c) = tag_facts(ev, tags, &["signed_tags"]);
            f.signed_tags = Some(counts.signed);
            cites.extend(c);
        }
        // Releases.
        if let Ok(rel) = &ev.github.releases {
            from_releases(ev, rel, &mut f, &mut cites);
        }

        let (outcome, summary) = decide(ev, &f);
        match outcome {
            Err(u) => {
                Judgement::unknown(ProbeFacts::ReleaseIntegrity(f), u, summary).cite_all(cites)
            }
            Ok(o) => Judgement::new(ProbeFacts::ReleaseIntegrity(f), o, summary).cite_all(cites),
        }
    }
}

/// The outcome (or why it is unknown) and the summary.
fn decide<'a>(
    ev: &'a Evidence,
    f: &ReleaseIntegrityFacts,
) -> (Result<Outcome, &'a crate::evidence::Unavailable>, String) {
    let p = f.pipeline.clone().unwrap_or_default();
    let pipeline_any = p.checksums || p.signatures || p.provenance;
    let mut pipe_parts: Vec<&str> = Vec::new();
    for (on, what) in [
        (p.checksums, "checksums"),
        (p.signatures, "signatures"),
        (p.provenance, "provenance"),
        (p.sbom, "SBOMs"),
    ] {
        if on {
            pipe_parts.push(what);
        }
    }
    let pipe_note = match (&f.pipeline, pipe_parts.is_empty()) {
        (None, _) => String::new(),
        (Some(_), true) => "; no signing or checksum step found in the pipeline".into(),
        (Some(_), false) => format!(
            "; the pipeline makes {} ({})",
            pipe_parts.join(", "),
            p.tools.join(", ")
        ),
    };
    let tags = ev.tags.as_ref().ok();
    let signed_tags = f.signed_tags.unwrap_or(0);
    let tag_note = tags.map(tags_note).unwrap_or_default();
    let notes = format!("{pipe_note}{tag_note}");

    let releases: &[ReleaseFacts] = match &ev.github.releases {
        Err(u) => {
            let lead = format!("Releases not examined: {}", why("they", u));
            if pipeline_any || signed_tags > 0 {
                return (Ok(Outcome::PartiallyMet), format!("{lead}{notes}."));
            }
            return (Err(u), format!("{lead}{notes}."));
        }
        Ok(_) => f.releases.as_deref().unwrap_or(&[]),
    };

    let with_assets: Vec<&ReleaseFacts> = releases.iter().filter(|r| r.assets > 0).collect();
    if let Some(latest) = with_assets.first() {
        let verifiable = !latest.checksums.is_empty()
            && (!latest.signatures.is_empty() || !latest.provenance.is_empty());
        let any_release = with_assets.iter().any(|r| {
            !r.checksums.is_empty() || !r.signatures.is_empty() || !r.provenance.is_empty()
        });
        let summary = format!(
            "Of {} with assets: {} with checksums, {} with signatures, {} with provenance; the latest ({}) {}{notes}.",
            plural(with_assets.len() as u64, "release", "releases"),
            with_assets
                .iter()
                .filter(|r| !r.checksums.is_empty())
                .count(),
            with_assets
                .iter()
                .filter(|r| !r.signatures.is_empty())
                .count(),
            with_assets
                .iter()
                .filter(|r| !r.provenance.is_empty())
                .count(),
            latest.tag,
            if verifiable {
                "has checksums and a signature or provenance"
            } else {
                "cannot be fully verified"
            },
        );
        let outcome = if verifiable {
            Outcome::Met
        } else if any_release || pipeline_any || signed_tags > 0 {
            Outcome::PartiallyMet
        } else {
            Outcome::NotMet
        };
        return (Ok(outcome), summary);
    }
    // No release carries assets: source-only releases, or none at all; tags speak.
    let lead = if releases.is_empty() {
        "No GitHub releases".to_string()
    } else {
        format!(
            "{} without assets (source only)",
            plural(releases.len() as u64, "GitHub release", "GitHub releases")
        )
    };
    match tags {
        Some(t) if t.total == 0 && releases.is_empty() => (
            Ok(Outcome::NotApplicable),
            format!("{lead} and no tags: nothing released yet{pipe_note}."),
        ),
        Some(t) if t.signed == t.total && t.total > 0 => (
            Ok(Outcome::Met),
            format!("{lead}; every tag is signed{notes}."),
        ),
        Some(_) if signed_tags > 0 || pipeline_any => {
            (Ok(Outcome::PartiallyMet), format!("{lead}{notes}."))
        }
        Some(_) => (
            Ok(Outcome::NotMet),
            format!("{lead}; nothing signed{notes}."),
        ),
        None if pipeline_any => (Ok(Outcome::PartiallyMet), format!("{lead}{notes}.")),
        None => match ev.tags.as_ref().err() {
            Some(u) => (Err(u), format!("{lead}; {}{notes}.", why("the tags", u))),
            None => (Ok(Outcome::NotMet), format!("{lead}{notes}.")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reason;
    use crate::probes::testing::*;
    use serde_json::json;

    fn judge(ev: &Evidence) -> Judgement {
        let j = ReleaseIntegrity.judge(ev);
        assert_cited(&j);
        j
    }

    fn with_releases(rs: Vec<ReleaseInfo>) -> Evidence {
        let mut ev = online(&[]);
        ev.tags = Ok(tags(5, 0));
        ev.github.releases = Ok(Releases {
            api_url: format!("{API}/releases"),
            releases: rs,
        });
        ev
    }

    #[test]
    fn checksums_and_signatures_on_the_latest_release_is_met() {
        let ev = with_releases(vec![
            release(
                "v1.1.0",
                &[
                    "app_linux_amd64.tar.gz",
                    "checksums.txt",
                    "checksums.txt.sig",
                    "checksums.txt.pem",
                    "app.intoto.jsonl",
                    "app.spdx.json",
                ],
            ),
            release("v1.0.0", &["app_linux_amd64.tar.gz", "checksums.txt"]),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["releases_examined"], 2);
        assert_eq!(f["with_checksums"], 2);
        assert_eq!(f["with_signatures"], 1);
        assert_eq!(f["with_provenance"], 1);
        assert_eq!(f["with_sbom"], 1);
        assert_eq!(
            f["releases"][0]["signatures"],
            json!(["checksums.txt.sig", "checksums.txt.pem"])
        );
        assert!(
            j.citations
                .iter()
                .any(|c| c.kind == CitationKind::ReleaseAsset
                    && c.url.as_deref()
                        == Some("https://github.com/o/r/releases/download/v1.1.0/checksums.txt")
                    && c.supports.iter().any(|s| s == "with_checksums"))
        );
    }

    #[test]
    fn checksums_only_is_partial_and_nothing_is_not_met() {
        let ev = with_releases(vec![release("v1", &["app.tar.gz", "SHA256SUMS"])]);
        assert_eq!(judge(&ev).outcome, Outcome::PartiallyMet);
        let ev = with_releases(vec![release("v1", &["app.tar.gz"])]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
        assert_eq!(facts(&j)["with_checksums"], 0);
    }

    #[test]
    fn offline_reports_pipeline_and_signed_tags_at_most_partial() {
        let mut ev = with_files(&[
            (
                ".goreleaser.yaml",
                "checksum:\n  name_template: checksums.txt\nsigns:\n  - cmd: cosign\n",
            ),
            (
                ".github/workflows/release.yml",
                "on: push\njobs:\n  r:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n      - uses: actions/attest-build-provenance@v2\n",
            ),
        ]);
        ev.tags = Ok(tags(4, 4));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(
            f["pipeline"],
            json!({"checksums": true, "signatures": true, "provenance": true, "sbom": false,
                   "tools": ["actions/attest-build-provenance", "goreleaser"]})
        );
        assert_eq!(f["signed_tags"], 4);
        assert!(f["releases_examined"].is_null());
        assert!(f["with_checksums"].is_null());
        assert!(j.summary.contains("Releases not examined"), "{}", j.summary);

        let ev = with_files(&[("main.go", "package main")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::Offline));
    }

    #[test]
    fn source_only_projects_are_judged_by_their_tags() {
        let mut ev = with_releases(vec![]);
        ev.tags = Ok(tags(0, 0));
        assert_eq!(judge(&ev).outcome, Outcome::NotApplicable);
        ev.tags = Ok(tags(3, 3));
        assert_eq!(judge(&ev).outcome, Outcome::Met);
        ev.tags = Ok(tags(3, 1));
        assert_eq!(judge(&ev).outcome, Outcome::PartiallyMet);
        ev.tags = Ok(tags(3, 0));
        assert_eq!(judge(&ev).outcome, Outcome::NotMet);
    }
}
