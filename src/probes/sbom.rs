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
            let build = build_sboms(ev, &rp);
            for (t, _) in &build {
                let sup = ["configured_in_build"];
                let at = crate::evidence::ci::Loc {
                    path: t.path.clone(),
                    line: t.line,
                };
                cites.extend(lines.cite_with_caller(ev, &at, &[], &sup));
            }
            for (_, runner) in &build {
                if let Some((at, via)) = runner {
                    cites.extend(lines.cite_with_caller(ev, at, via, &["configured_in_build"]));
                }
            }
            if !build.is_empty() {
                f.configured_in_build = Some(build.into_iter().map(|(t, _)| t).collect());
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
        let build = f.configured_in_build.as_deref().unwrap_or_default();
        // A build's SBOM counts as published when a release workflow runs that build.
        let build_released = build.iter().filter(|t| t.workflow.is_some()).count();
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
        if !build.is_empty() {
            let mut tools: Vec<&str> = build.iter().map(|t| t.tool.as_str()).collect();
            tools.sort_unstable();
            tools.dedup();
            seen.push(format!(
                "configured in the build ({}){}",
                tools.join(", "),
                if build_released > 0 {
                    ", run by the release pipeline"
                } else {
                    ""
                }
            ));
        }
        let facts_of = |f: SbomFacts| ProbeFacts::Sbom(f);
        if assets > 0 || pipe > 0 || build_released > 0 {
            let summary = format!("SBOM published: {}.", seen.join("; "));
            return Judgement::new(facts_of(f), Outcome::Met, summary).cite_all(cites);
        }
        if repo > 0 || !build.is_empty() {
            let summary = format!(
                "{}, but no release pipeline was seen generating an SBOM or attaching one to releases.",
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

/// Build tools whose run builds what a build-configured SBOM generator is part of.
fn build_runner(tool: &str) -> &'static [&'static str] {
    match tool {
        "cyclonedx-maven-plugin" | "spdx-maven-plugin" => &["mvn", "mvnw", "./mvnw"],
        "cyclonedx-gradle-plugin" | "spdx-gradle-plugin" => &["gradle", "gradlew", "./gradlew"],
        _ => &[],
    }
}

/// Maven phases and Gradle tasks that build the artifacts (not `versions:set`, `clean`).
const BUILDS: &[&str] = &[
    "package", "install", "deploy", "verify", "build", "assemble", "publish",
];

/// The line and chain that run `tool`'s build in a release workflow: a Maven or Gradle run
/// for the plugins, the JReleaser release for its SBOM catalog and files.
type Runner = Option<(crate::evidence::ci::Loc, Vec<crate::evidence::ci::Loc>)>;

fn release_runner(
    ev: &Evidence,
    rp: &super::pipeline::ReleasePipeline,
    tool: &str,
) -> (Runner, Option<String>) {
    if tool.starts_with("jreleaser") {
        for r in &rp.roots {
            if r.publish_tool == "jreleaser" {
                return (
                    Some((r.publish.clone(), r.publish_via.clone())),
                    Some(r.path.clone()),
                );
            }
            if let Some((at, _)) = r.also.iter().find(|(_, t)| t == "jreleaser") {
                return (Some((at.clone(), Vec::new())), Some(r.path.clone()));
            }
        }
        return (None, None);
    }
    let programs = build_runner(tool);
    let Some(m) = ev.ci() else {
        return (None, None);
    };
    for c in &m.commands {
        let Some(root) = rp.roots.iter().find(|r| r.root == c.root) else {
            continue;
        };
        let runs = crate::evidence::ci::shell::invocations(&c.text)
            .iter()
            .any(|(_, inv)| {
                let mut w = inv.split_whitespace();
                w.next().is_some_and(|p| programs.contains(&p)) && w.any(|a| BUILDS.contains(&a))
            });
        if runs {
            return (Some((c.at.clone(), c.via.clone())), Some(root.path.clone()));
        }
    }
    (None, None)
}

/// SBOM generators configured in the build (the catalogue's SBOM `sources`: Maven and
/// Gradle plugins, JReleaser's SBOM catalog and release files), one per tool and file,
/// with the release line that runs that build, if any.
fn build_sboms(
    ev: &Evidence,
    rp: &super::pipeline::ReleasePipeline,
) -> Vec<(PipelineTool, Runner)> {
    use crate::evidence::tools::How;
    use crate::evidence::tools::catalogue::Category;
    let Some(rec) = ev.tools() else {
        return Vec::new();
    };
    let mut out: Vec<(PipelineTool, Runner)> = Vec::new();
    for o in rec
        .occurrences
        .iter()
        .filter(|o| o.category == Category::Sbom && o.how == How::Source)
    {
        if out.len() >= MAX_LISTED
            || is_fixture(&o.at.path)
            || out
                .iter()
                .any(|(t, _)| t.tool == o.id() && t.path == o.at.path)
        {
            continue;
        }
        let (runner, workflow) = release_runner(ev, rp, o.id());
        out.push((
            PipelineTool {
                tool: o.id().to_string(),
                path: o.at.path.clone(),
                line: o.at.line,
                via: runner
                    .as_ref()
                    .map(|(at, via)| {
                        via.iter()
                            .chain(std::iter::once(at))
                            .map(|l| format!("{}:{}", l.path, l.line))
                            .collect()
                    })
                    .unwrap_or_default(),
                workflow,
            },
            runner,
        ));
    }
    out
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

    const POM: &str = "<project>\n  <build>\n    <plugins>\n      <plugin>\n        <groupId>org.cyclonedx</groupId>\n        <artifactId>cyclonedx-maven-plugin</artifactId>\n        <version>2.9.1</version>\n      </plugin>\n    </plugins>\n  </build>\n</project>\n";

    #[test]
    fn a_maven_plugin_run_by_the_release_workflow_is_met() {
        let ev = with_files(&[
            ("pom.xml", POM),
            (
                ".github/workflows/release.yml",
                "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - run: mvn -B versions:set -DnewVersion=1.0\n      - run: mvn -B -Prelease deploy\n",
            ),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        let b = &f["configured_in_build"][0];
        assert_eq!(b["tool"], "cyclonedx-maven-plugin");
        assert_eq!(b["path"], "pom.xml");
        assert_eq!(b["line"], 6);
        assert_eq!(b["workflow"], ".github/workflows/release.yml");
        // The build's run, not `versions:set`.
        assert_eq!(b["via"], json!([".github/workflows/release.yml:8"]));
    }

    #[test]
    fn a_gradle_plugin_no_release_runs_is_partial_and_comments_in_jreleaser_do_not_count() {
        let ev = with_files(&[
            (
                "build.gradle.kts",
                "plugins {\n    java\n    id(\"org.cyclonedx.bom\") version \"1.10.0\"\n}\n",
            ),
            ("jreleaser.yml", "project:\n  name: x\n# sbom:\n"),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(
            f["configured_in_build"][0]["tool"],
            "cyclonedx-gradle-plugin"
        );
        assert_eq!(f["configured_in_build"][0]["line"], 3);
        assert!(f["configured_in_build"][0]["workflow"].is_null());
        assert_eq!(f["configured_in_build"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn jreleaser_release_files_that_are_sboms_are_published_with_the_release() {
        let ev = with_files(&[
            (
                "jreleaser.yml",
                "signing:\n  active: ALWAYS\nfiles:\n  artifacts:\n    - path: 'target/site/app-{{projectVersion}}.spdx-sbom.json'\n",
            ),
            (
                ".github/workflows/release.yml",
                "on:\n  workflow_dispatch: {}\njobs:\n  r:\n    steps:\n      - run: mvn -N jreleaser:full-release\n",
            ),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["configured_in_build"][0]["tool"], "jreleaser-sbom-files");
        assert_eq!(f["configured_in_build"][0]["line"], 5);
        assert_eq!(
            f["configured_in_build"][0]["via"],
            json!([".github/workflows/release.yml:6"])
        );
    }

    #[test]
    fn ko_attaches_an_sbom_unless_switched_off() {
        let wf = |run: &str| {
            format!("on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - run: {run}\n")
        };
        let ev = with_files(&[(
            ".github/workflows/release.yml",
            &wf("ko build --bare ./cmd/app"),
        )]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        assert_eq!(facts(&j)["generated_by_pipeline"][0]["tool"], "ko-sbom");
        for off in [
            "ko build --sbom=none --bare ./cmd/app",
            "ko build --local ./cmd/app",
        ] {
            let ev = with_files(&[(".github/workflows/release.yml", &wf(off))]);
            let j = judge(&ev);
            assert_eq!(facts(&j)["generated_by_pipeline"], json!([]), "{off}");
        }
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
