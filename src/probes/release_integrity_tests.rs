//! Tests of `release_integrity`.
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

/// Release documentation is a probe fact, cited to each file: `RELEASE.md`,
/// `docs/releasing.md`, a release folder's README; not a vendored project's.
#[test]
fn release_docs_and_changelogs_are_facts() {
    let ev = crate::probes::testing::with_files(&[
        ("RELEASE.md", "# Releasing\n"),
        ("release/README.md", "# Cutting a release\n"),
        ("vendor/foo/RELEASE.md", "# theirs\n"),
        ("vendor/foo/release/README.md", "# theirs\n"),
        ("CHANGELOG.md", "# Changes\n"),
        ("RELEASE_NOTES.md", "# Notes\n"),
        ("docs/community/version-release.md", "# Version release\n"),
        ("website/docs/release.md", "# Release process\n"),
        ("docs/pre-release-checks.txt", "x\n"),
        ("src/release.md", "# not documentation\n"),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(
        f["release_docs"],
        serde_json::json!([
            "RELEASE.md",
            "docs/community/version-release.md",
            "release/README.md",
            "website/docs/release.md"
        ])
    );
    assert_eq!(
        f["changelogs"],
        serde_json::json!(["CHANGELOG.md", "RELEASE_NOTES.md"])
    );
}

/// kubernetes-sigs/kind's `hack/release/build/cross.sh`: a release script no workflow
/// runs writes `.sha256sum` files; the same script run by a workflow is not manual.
#[test]
fn release_scripts_no_ci_runs_are_manual_checksum_steps() {
    let script =
        "#!/bin/sh\nfor f in kind-*; do\n    shasum -a 256 \"$f\" > \"$f\".sha256sum;\ndone\n";
    let ev = crate::probes::testing::with_files(&[("hack/release/build/cross.sh", script)]);
    let f = facts(&judge(&ev));
    assert_eq!(
        f["manual_steps"],
        serde_json::json!([{"kind": "checksums", "path": "hack/release/build/cross.sh", "line": 3, "tool": "shasum"}])
    );
    let ev = crate::probes::testing::with_files(&[
        ("hack/release/build/cross.sh", script),
        (
            ".github/workflows/ci.yml",
            "on: [pull_request]\njobs:\n  b:\n    steps:\n      - run: hack/release/build/cross.sh\n",
        ),
    ]);
    assert!(facts(&judge(&ev)).get("manual_steps").is_none());
}

/// helm/helm's `Makefile` `sign:` target (`gpg --armor --detach-sign`) and root `KEYS`:
/// signing by hand, which no release workflow runs.
#[test]
fn makefile_signing_that_no_pipeline_runs_is_manual_signing() {
    let ev = crate::probes::testing::with_files(&[
        (
            "Makefile",
            "VERSION ?= 1\n\nbuild:\n\tgo build ./...\n\nsign:\n\tfor f in _dist/*.gz; do \\\n\t\tgpg --armor --detach-sign $${f} ; \\\n\tdone\n",
        ),
        ("KEYS", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(
        f["manual_steps"],
        serde_json::json!([{"kind": "signatures", "path": "Makefile", "line": 8, "target": "sign", "tool": "gpg"}])
    );
    assert_eq!(f["keys_file"], "KEYS");
    // Run by a release workflow, the same step is the pipeline's, not manual.
    let ev = crate::probes::testing::with_files(&[
        (
            "Makefile",
            "sign:\n\tgpg --armor --detach-sign x.tgz\n\trelease:\n",
        ),
        (
            ".github/workflows/release.yml",
            "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - run: make sign\n      - run: gh release create $TAG x.tgz\n",
        ),
    ]);
    let f = facts(&judge(&ev));
    assert!(f.get("manual_steps").is_none(), "{f}");
    assert_eq!(f["pipeline"]["signatures"], true);
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
            "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n      - uses: actions/attest-build-provenance@v2\n",
        ),
    ]);
    ev.tags = Ok(tags(4, 4));
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
    let f = facts(&j);
    let p = &f["pipeline"];
    assert_eq!(
        (
            &p["checksums"],
            &p["signatures"],
            &p["provenance"],
            &p["sbom"]
        ),
        (&json!(true), &json!(true), &json!(true), &json!(false))
    );
    assert_eq!(
        p["tools"],
        json!(["actions/attest-build-provenance", "goreleaser"])
    );
    assert_eq!(p["workflows"][0]["trigger"], "tag push");
    assert_eq!(p["workflows"][0]["publishes_with"], "goreleaser");
    // GoReleaser's checksums are cited at `checksum:`, its signatures at `signs:`.
    let at = |label: &str| -> Vec<(String, [u32; 2])> {
        j.citations
            .iter()
            .filter(|c| c.supports.iter().any(|s| s == label))
            .map(|c| {
                (
                    c.path.clone().unwrap_or_default(),
                    c.lines.unwrap_or([0, 0]),
                )
            })
            .collect()
    };
    // ... each followed by the line that runs GoReleaser.
    let run = (".github/workflows/release.yml".to_string(), [7, 7]);
    assert_eq!(
        at("pipeline.checksums"),
        vec![(".goreleaser.yaml".to_string(), [1, 1]), run.clone()]
    );
    assert_eq!(
        at("pipeline.signatures"),
        vec![(".goreleaser.yaml".to_string(), [3, 3]), run]
    );
    // A push-only workflow is not a release pipeline.
    let mut ev2 = with_files(&[
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  r:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n",
        ),
        (".goreleaser.yaml", "signs:\n  - cmd: cosign\n"),
    ]);
    ev2.tags = Ok(tags(4, 0));
    let j2 = judge(&ev2);
    assert_eq!(
        facts(&j2)["pipeline"]["signatures"],
        false,
        "{}",
        j2.summary
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

/// Issue 19 class 7: a GoReleaser configuration no workflow runs any more is said; one
/// that a Makefile target CI runs is not.
#[test]
fn goreleaser_configuration_that_nothing_runs() {
    let ev = crate::probes::testing::with_files(&[
        (".goreleaser.yml", "builds: []\n"),
        (
            ".github/workflows/ci.yml",
            "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: go test ./...\n",
        ),
    ]);
    let f = facts(&judge(&ev));
    assert_eq!(f["goreleaser_unused"], json!([".goreleaser.yml"]));
    let ev = crate::probes::testing::with_files(&[
        (".goreleaser.yml", "builds: []\n"),
        (
            ".github/workflows/ci.yml",
            "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: make snapshot\n",
        ),
        (
            "Makefile",
            "snapshot:\n\tgoreleaser build --snapshot --clean\n",
        ),
    ]);
    assert!(facts(&judge(&ev)).get("goreleaser_unused").is_none());
}

/// Change logs' last change and the newest tags, signed or not, are cited facts.
#[test]
fn freshness_facts_are_cited() {
    use crate::evidence::git::freshness::{DatedTag, Freshness};
    let mut ev = crate::probes::testing::with_files(&[("CHANGELOG.md", "# Changes\n")]);
    let tags = vec![
        DatedTag {
            name: "v2.0.0".into(),
            time: 1_700_000_000,
            annotated: true,
            signed: false,
        },
        DatedTag {
            name: "v1.0.0".into(),
            time: 1_600_000_000,
            annotated: true,
            signed: true,
        },
    ];
    ev.freshness = Ok(Freshness {
        newest_run: crate::evidence::git::freshness::tag_run(&tags),
        changes: vec![crate::model::FileChange {
            path: "CHANGELOG.md".into(),
            commit: "a".repeat(40),
            date: "2022-03-01T10:00:00Z".into(),
        }],
        unchanged_in_walk: vec![],
        commits_walked: 10,
        newest_tags: tags,
    });
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(
        f["changelog_last_changes"][0]["date"],
        "2022-03-01T10:00:00Z"
    );
    assert_eq!(f["newest_tags"][0]["name"], "v2.0.0");
    assert_eq!(f["newest_tags"][0]["signed"], false);
    assert_eq!(f["newest_tags"][1]["signed"], true);
    assert_eq!(f["newest_tag_run"]["count"], 1);
    assert_eq!(f["newest_tag_run"]["next"]["name"], "v1.0.0");
    assert!(
        j.citations
            .iter()
            .any(|c| c.excerpt.as_deref() == Some("last change of CHANGELOG.md on 2022-03-01"))
    );
}
