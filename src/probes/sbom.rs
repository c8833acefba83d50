//! `sbom`: is a software bill of materials published with releases?
//!
//! SPDX and CycloneDX documents in the tree are recognised by parsing their content (the
//! whole file, or the first 64 KiB of a larger one as the beginning of a document), never
//! by name alone: `sbom.go` is source code, and a 21-byte file that is not JSON is no SBOM. SBOM generation in the pipeline is
//! cited to its line; release assets come from the API.

use crate::evidence::Evidence;
use crate::evidence::files::is_sbom_candidate;
use crate::evidence::{Need, Needs};
use crate::model::{
    Citation, CitationKind, Outcome, PipelineTool, ProbeFacts, ProbeId, SbomDocument, SbomFacts,
};

use super::pipeline::{Artifact, classify_asset, release_pipeline};
use super::util::{
    Line, LineIndex, cite_line, cite_tree, files, line_of_offset, line_text, plural, why,
};
use super::{Judgement, Probe};

pub struct Sbom;

/// Most SBOM documents or pipeline steps listed.
const MAX_LISTED: usize = 50;

/// The SBOM format of a document and the byte offset of what says it (see
/// [`crate::evidence::sbom::parse`]: parsed, not sniffed).
pub(crate) fn sniff(text: &str, truncated: bool) -> Option<crate::evidence::sbom::SbomDoc> {
    crate::evidence::sbom::parse(text, truncated)
}

/// Folders whose SBOM documents are test data or someone else's, not the project's SBOM.
const FIXTURE_DIRS: &[&str] = &[
    "test",
    "tests",
    "testdata",
    "test-data",
    "fixtures",
    "__fixtures__",
    "examples",
    "example",
    "vendor",
    "node_modules",
    "third_party",
];

fn is_fixture(path: &str) -> bool {
    if crate::evidence::files::is_vendored(&path.to_ascii_lowercase()) {
        return true;
    }
    let mut dirs = path.split('/').rev().skip(1);
    dirs.any(|d| FIXTURE_DIRS.contains(&d.to_ascii_lowercase().as_str()))
}

impl Probe for Sbom {
    fn id(&self) -> ProbeId {
        ProbeId::Sbom
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/sbom.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::CiConfig, Need::SbomCandidates, Need::Releases])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = SbomFacts::default();
        let mut cites: Vec<Citation> = Vec::new();

        if let Ok(snap) = files(ev) {
            let mut docs = Vec::new();
            for path in snap.entries.keys() {
                let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
                if !is_sbom_candidate(&name) || is_fixture(path) {
                    continue;
                }
                let Some((read, content)) = snap.text(path) else {
                    continue;
                };
                if let Some(d) = sniff(&content.text, content.truncated) {
                    let n = line_of_offset(&content.text, d.at);
                    let line = Line {
                        number: n,
                        text: line_text(&content.text, n),
                    };
                    if docs.len() < MAX_LISTED {
                        cites.push(cite_line(ev, read, line, &["in_repository"]));
                        docs.push(SbomDocument {
                            path: path.clone(),
                            format: d.format.into(),
                            head_only: d.head_only,
                        });
                    }
                }
            }
            let mut tools = Vec::new();
            let rp = ev.ci().map(release_pipeline).unwrap_or_default();
            let mut lines = LineIndex::new(snap);
            for x in rp
                .findings
                .iter()
                .filter(|x| x.artifact == Artifact::Sbom)
                .take(MAX_LISTED)
            {
                let sup = ["generated_by_pipeline"];
                cites.extend(lines.cite_with_caller(ev, &x.at, &x.via, &sup));
                tools.push(PipelineTool {
                    tool: x.tool.clone(),
                    path: x.at.path.clone(),
                    line: x.at.line,
                    via: x.via_strings(),
                    workflow: Some(x.root.clone()),
                });
            }
            // An absence is evidence only when the whole tree was listed and read.
            let docs_seen = snap.listing_complete()
                && !snap.unread.keys().any(|p| {
                    let name = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
                    is_sbom_candidate(&name)
                });
            let ci_seen = snap.listing_complete()
                && !snap.unread.keys().any(|p| {
                    crate::evidence::files::ci_system_of(&p.to_ascii_lowercase()).is_some()
                });
            let mut absent = Vec::new();
            if docs.is_empty() && docs_seen {
                absent.push("in_repository");
            }
            if tools.is_empty() && ci_seen {
                absent.push("generated_by_pipeline");
            }
            if !absent.is_empty() {
                cites.push(cite_tree(ev, &absent));
            }
            f.in_repository = (!docs.is_empty() || docs_seen).then_some(docs);
            f.generated_by_pipeline = (!tools.is_empty() || ci_seen).then_some(tools);
        }

        if let Ok(rel) = &ev.github.releases {
            let mut names: Vec<String> = Vec::new();
            for r in &rel.releases {
                for a in r
                    .assets
                    .iter()
                    .filter(|a| classify_asset(&a.name) == Some(Artifact::Sbom))
                {
                    if !names.contains(&a.name) && names.len() < MAX_LISTED {
                        names.push(a.name.clone());
                        cites.push(
                            Citation::new(CitationKind::ReleaseAsset, &ev.retrieved_at)
                                .url(a.url.clone())
                                .excerpt(&format!("{} in release {}", a.name, r.tag))
                                .supports(&["in_release_assets"]),
                        );
                    }
                }
            }
            cites.push(
                ev.cite_api(&rel.api_url)
                    .excerpt(&format!(
                        "{} examined",
                        plural(rel.releases.len() as u64, "release", "releases")
                    ))
                    .supports(&["in_release_assets"]),
            );
            f.in_release_assets = Some(names);
        }

        let (repo, pipe, assets) = (
            f.in_repository.as_ref().map_or(0, Vec::len),
            f.generated_by_pipeline.as_ref().map_or(0, Vec::len),
            f.in_release_assets.as_ref().map_or(0, Vec::len),
        );
        let mut seen = Vec::new();
        if assets > 0 {
            let shown: Vec<&str> = f
                .in_release_assets
                .iter()
                .flatten()
                .take(3)
                .map(String::as_str)
                .collect();
            seen.push(format!("release assets: {}", shown.join(", ")));
        }
        if pipe > 0 {
            let mut tools: Vec<&str> = f
                .generated_by_pipeline
                .iter()
                .flatten()
                .map(|t| t.tool.as_str())
                .collect();
            tools.dedup();
            seen.push(format!("generated by the pipeline ({})", tools.join(", ")));
        }
        if repo > 0 {
            seen.push(plural(
                repo as u64,
                "SPDX/CycloneDX document in the repository",
                "SPDX/CycloneDX documents in the repository",
            ));
        }
        let facts_of = |f: SbomFacts| ProbeFacts::Sbom(f);
        if assets > 0 || pipe > 0 {
            let summary = format!("SBOM published: {}.", seen.join("; "));
            return Judgement::new(facts_of(f), Outcome::Met, summary).cite_all(cites);
        }
        if repo > 0 {
            let summary = format!(
                "{}, but no SBOM is generated by the pipeline or attached to releases.",
                seen.join("; ")
            );
            return Judgement::new(facts_of(f), Outcome::PartiallyMet, summary).cite_all(cites);
        }
        let missing = [
            ev.files
                .as_ref()
                .err()
                .map(|u| ("the repository's files", u)),
            ev.github
                .releases
                .as_ref()
                .err()
                .map(|u| ("the releases", u)),
        ];
        if let Some((what, u)) = missing.iter().flatten().next() {
            let summary = format!("No SBOM found in what was examined, but {}.", why(what, u));
            return Judgement::unknown(facts_of(f), u, summary).cite_all(cites);
        }
        if f.in_repository.is_none() || f.generated_by_pipeline.is_none() {
            // Files were listed but not all of the tree, or not all CI files, were read.
            let u = crate::evidence::Unavailable::new(
                crate::model::Reason::NotCollected,
                "the file listing was cut or files were left unread by a limit",
            );
            let summary = "No SBOM found in what was examined, but the file listing was cut or files were left unread by a limit.".to_string();
            return Judgement::unknown(facts_of(f), &u, summary).cite_all(cites);
        }
        let summary =
            "No SBOM in the repository, its pipelines or its GitHub releases.".to_string();
        Judgement::new(facts_of(f), Outcome::NotMet, summary).cite_all(cites)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::github::Releases;
    use crate::model::Reason;
    use crate::probes::testing::*;
    use serde_json::json;

    fn judge(ev: &Evidence) -> Judgement {
        let j = Sbom.judge(ev);
        assert_cited(&j);
        j
    }

    #[test]
    fn documents_are_found_by_content_not_name() {
        let ev = online(&[
            (
                "sbom.spdx.json",
                "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"SPDXID\": \"SPDXRef-DOCUMENT\"\n}",
            ),
            (
                "docs/bom.xml",
                "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"></bom>",
            ),
            ("deps.spdx", "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n"),
            ("pkg/sbom/sbom.go", "package sbom\n\n// spdxVersion\n"),
            ("testdata/sbom.json", "{\"name\": \"not an sbom\"}"),
            (
                "test/testdata/bom.cdx.json",
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"}",
            ),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(
            f["in_repository"],
            json!([
                {"path": "deps.spdx", "format": "spdx"},
                {"path": "docs/bom.xml", "format": "cyclonedx"},
                {"path": "sbom.spdx.json", "format": "spdx"}
            ])
        );
        let c = j
            .citations
            .iter()
            .find(|c| c.path.as_deref() == Some("sbom.spdx.json"))
            .unwrap();
        assert_eq!(c.lines, Some([2, 2]));
    }

    #[test]
    fn prose_about_sboms_is_not_an_sbom() {
        let f = |t: &str, cut: bool| sniff(t, cut).map(|d| d.format);
        assert_eq!(
            f(
                "a marker (\"spdxVersion\": \"SPDX-, spdx.org/rdf/terms",
                false
            ),
            None
        );
        assert_eq!(f("# sbom.yml\nbomFormat is CycloneDX\n", false), None);
        assert_eq!(
            f(
                "\u{feff}{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}",
                false
            ),
            Some("cyclonedx")
        );
        assert_eq!(
            f("<rdf:RDF xmlns:spdx=\"http://spdx.org/rdf/terms#\">", true),
            Some("spdx")
        );
        assert_eq!(
            f("bomFormat: CycloneDX\nspecVersion: \"1.5\"\n", false),
            Some("cyclonedx")
        );
    }

    #[test]
    fn sbom_go_is_not_an_sbom() {
        let ev = online(&[("sbom.go", "package main // \"spdxVersion\": \"SPDX-2.3\"")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
        assert_eq!(facts(&j)["in_repository"], json!([]));
    }

    #[test]
    fn pipeline_generation_is_met_offline() {
        let ev = with_files(&[(
            ".github/workflows/release.yml",
            "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - uses: anchore/sbom-action@v0\n        with:\n          format: spdx-json\n      - uses: softprops/action-gh-release@v2\n",
        )]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["generated_by_pipeline"][0]["tool"], "anchore/sbom-action");
        assert_eq!(f["generated_by_pipeline"][0]["line"], 7);
        assert!(f["in_release_assets"].is_null());
    }

    #[test]
    fn release_assets() {
        let mut ev = online(&[]);
        ev.github.releases = Ok(Releases {
            api_url: format!("{API}/releases"),
            releases: vec![
                release("v2", &["app.tar.gz", "app.spdx.json", "app.spdx.json.sig"]),
                release("v1", &["app.tar.gz", "app.cdx.json"]),
            ],
        });
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met);
        assert_eq!(
            facts(&j)["in_release_assets"],
            json!(["app.spdx.json", "app.cdx.json"])
        );
        assert!(
            j.citations
                .iter()
                .any(|c| c.kind == CitationKind::ReleaseAsset
                    && c.url.as_deref()
                        == Some("https://github.com/o/r/releases/download/v2/app.spdx.json"))
        );
    }

    #[test]
    fn nothing_offline_is_unknown_nothing_online_not_met() {
        let ev = with_files(&[("main.go", "package main")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::Offline));
        let ev = online(&[("main.go", "package main")]);
        assert_eq!(judge(&ev).outcome, Outcome::NotMet);
    }
}
