//! `tssa-probe review`: hand-written self-assessments (tests/fixtures/review) held against
//! a repository built here with real git (a GitHub origin that is never contacted: the scan
//! runs offline). Each claim kind and each verdict is asserted on the JSON output; the
//! Markdown and SARIF outputs, `--fail-on`, the schema and hostile documents too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::e2e_fixture;

use common::{Commit, Fixture, Repo};
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/review");

const CI: &str = "name: ci
on:
  pull_request:
  push:
    branches: [main]
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: demo:latest
";

/// A repository whose history holds what the fixtures' claims are about: Dependabot and a
/// guide that were removed, an address that left the security policy, Trivy in CI, and
/// commits without sign-offs.
fn demo(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("demo");
    r.commit(
        &Commit::new("start")
            .file("README.md", "# demo\n\nWrite to demo-dev@lists.example.net.\n")
            .file(".github/dependabot.yml", "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule: {interval: weekly}\n")
            .file("docs/old-guide.md", "# guide\n")
            .file("SECURITY.md", "# Security\n\nReport to security@demo.dev or oldsec@demo.dev.\nWe answer within 3 business days.\n"),
    );
    r.git(&["rm", "-q", ".github/dependabot.yml", "docs/old-guide.md"]);
    r.commit(
        &Commit::new("renovate instead of dependabot")
            .file("renovate.json", "{\"extends\": [\"config:recommended\"]}\n")
            .file(
                "SECURITY.md",
                "# Security\n\nReport to security@demo.dev.\nWe answer within 3 business days.\n",
            ),
    );
    r.commit(&Commit::new("ci").file(".github/workflows/ci.yml", CI));
    for i in 0..22 {
        r.commit(
            &Commit::new(format!("change {i}"))
                .file("src/main.go", format!("package main // {i}\n")),
        );
    }
    r.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/demo/demo.git",
    ]);
    r
}

fn review(repo: &Repo<'_>, doc: &str, args: &[&str]) -> (Value, i32) {
    let out = e2e_fixture::cli()
        .arg("review")
        .arg(format!("{FIXTURES}/{doc}"))
        .arg(&repo.path)
        .args(["--offline", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (v, code)
}

/// The findings of `kind` about `topic` (and `subject`, when given).
fn found<'a>(v: &'a Value, kind: &str, topic: &str, subject: Option<&str>) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind && f["topic"] == topic)
        .filter(|f| subject.is_none_or(|s| f["subject"] == s))
        .collect()
}

fn line_of(doc: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{doc}")).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

#[test]
fn each_claim_kind_gets_its_verdict() {
    let fx = Fixture::new();
    let r = demo(&fx);
    let (v, code) = review(&r, "full.md", &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["schema_version"], "1");
    let all = |k, t, s| found(&v, k, t, s);

    // Tool gone: stale, dated by the commit that removed its configuration; the
    // replacement cited too.
    let f = all("stale", "tool", Some("dependabot"));
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["document"]["line"], line_of("full.md", "Dependabot"));
    let ev = f[0]["evidence"].as_array().unwrap();
    assert_eq!(ev[0]["kind"], "commit");
    assert!(ev.iter().any(|c| c["path"] == "renovate.json"), "{ev:?}");
    assert!(f[0]["message"].as_str().unwrap().contains("removed on"));

    // Tool in use: agrees, both cited.
    let f = all("agrees", "tool", Some("trivy"));
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["evidence"][0]["path"], ".github/workflows/ci.yml");
    assert_eq!(f[0]["document"]["line"], line_of("full.md", "Trivy"));

    // DCO claimed, no sign-off in the history: contradicted.
    let f = all("contradicted", "dco", None);
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(!f[0]["evidence"].as_array().unwrap().is_empty());

    // Required approvals need the API: not verifiable, said why.
    let f = all("not_verifiable", "reviewers", None);
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(f[0]["message"].as_str().unwrap().contains("GitHub API"));

    // Channels: the policy's address agrees; the one that left it is stale; an address
    // no file names is not verifiable.
    let f = all("agrees", "channel", Some("security@demo.dev"));
    assert_eq!(f[0]["evidence"][0]["path"], "SECURITY.md", "{v:#}");
    let f = all("stale", "channel", Some("oldsec@demo.dev"));
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["evidence"][0]["kind"], "commit");
    assert_eq!(
        all(
            "not_verifiable",
            "channel",
            Some("demo-users@lists.example.net")
        )
        .len(),
        1
    );

    // Numbers: 5 business days against the policy's 3.
    let f = all("contradicted", "response_time", None);
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["evidence"][0]["path"], "SECURITY.md");
    assert_eq!(f[0]["evidence"][0]["lines"][0], 4);

    // Badge level needs the badge site.
    assert_eq!(all("not_verifiable", "badge", None).len(), 1, "{v:#}");

    // Lint: the old date, TODO, a dead anchor, a removed file (stale), a missing file,
    // the empty Ecosystem section.
    assert_eq!(all("lint", "outdated", None).len(), 1, "{v:#}");
    assert_eq!(
        all("lint", "template_text", None)[0]["document"]["line"],
        line_of("full.md", "TODO")
    );
    let broken: Vec<_> = all("lint", "broken_link", None)
        .iter()
        .map(|f| f["document"]["line"].as_u64().unwrap())
        .collect();
    assert!(
        broken.contains(&line_of("full.md", "#threat-model")),
        "{v:#}"
    );
    assert!(broken.contains(&line_of("full.md", "ROADMAP.md")), "{v:#}");
    let f = all("stale", "file", Some("docs/old-guide.md"));
    assert_eq!(f.len(), 1, "{v:#}");
    let empty = all("lint", "empty_section", None);
    assert_eq!(empty.len(), 1, "{v:#}");
    assert_eq!(empty[0]["section"], "ecosystem");
    // The SBOM row says TODO: a placeholder, not a claim.
    assert!(found(&v, "contradicted", "sbom", None).is_empty(), "{v:#}");
    // The summary counts the findings.
    let n: u64 = [
        "contradicted",
        "stale",
        "missing",
        "lint",
        "not_verifiable",
        "agrees",
    ]
    .iter()
    .map(|k| v["summary"][k].as_u64().unwrap())
    .sum();
    assert_eq!(n as usize, v["findings"].as_array().unwrap().len());
}

#[test]
fn questions_left_unanswered_are_missing_with_the_sentence_to_add() {
    let fx = Fixture::new();
    let r = demo(&fx);
    let (v, _) = review(&r, "minimal.md", &[]);
    let f = found(&v, "missing", "commit_signing", None);
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(
        f[0]["suggestion"].as_str().unwrap().contains("commits"),
        "{v:#}"
    );
    assert_eq!(
        f[0]["document"]["line"],
        line_of("minimal.md", "### Development Pipeline")
    );
    // Missing template sections: one finding per absent top-level section, sub-sections
    // grouped under their section.
    let missing: Vec<_> = found(&v, "lint", "missing_section", None)
        .iter()
        .map(|f| f["section"].as_str().unwrap().to_string())
        .collect();
    assert!(
        missing.contains(&"self_assessment_use".to_string()),
        "{missing:?}"
    );
    assert!(
        missing.contains(&"secure_development".to_string()),
        "{missing:?}"
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let fx = Fixture::new();
    let r = demo(&fx);
    let (_, code) = review(&r, "full.md", &["--fail-on", "contradicted"]);
    assert_eq!(code, 1);
    let (_, code) = review(&r, "minimal.md", &["--fail-on", "contradicted,stale"]);
    assert_eq!(code, 0);
    let out = e2e_fixture::cli()
        .args(["review", "x.md", "--fail-on", "agrees"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn markdown_groups_by_section_and_sarif_points_at_document_lines() {
    let fx = Fixture::new();
    let r = demo(&fx);
    let doc = format!("{FIXTURES}/full.md");
    let md = e2e_fixture::cli()
        .args(["review", &doc])
        .arg(&r.path)
        .args(["--offline"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    let a = md.find("### Secure development practices").unwrap();
    let b = md.find("### Security issue resolution").unwrap();
    assert!(a < b, "{md}");
    assert!(md[a..b].contains("Dependabot"), "{md}");
    assert!(md.contains("[^1]: "), "{md}");
    let sarif = e2e_fixture::cli()
        .args(["review", &doc])
        .arg(&r.path)
        .args(["--offline", "--format", "sarif"])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/standards/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let v = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = v.iter_errors(&s).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let results = s["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let dep = line_of("full.md", "Dependabot");
    assert!(results.iter().any(|r| {
        let loc = &r["locations"][0]["physicalLocation"];
        loc["region"]["startLine"] == dep
            && loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("full.md")
            && r["level"] == "error"
    }));
}

#[test]
fn the_review_validates_against_its_checked_in_schema() {
    let on_disk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/review.schema.json"
    ))
    .unwrap();
    assert_eq!(
        on_disk,
        tssa_probe::schema::review_schema_json(),
        "regenerate with `cargo run -- schema --review > schema/review.schema.json`"
    );
    let out = e2e_fixture::cli()
        .args(["schema", "--review"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        on_disk
    );
    let fx = Fixture::new();
    let r = demo(&fx);
    let (v, _) = review(&r, "full.md", &[]);
    let schema = tssa_probe::schema::review_schema();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn hostile_documents_get_a_clear_error_or_escaped_output() {
    let fx = Fixture::new();
    let r = demo(&fx);
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        e2e_fixture::cli()
            .arg("review")
            .arg(&p)
            .arg(&r.path)
            .arg("--offline")
            .output()
            .unwrap()
    };
    for (name, bytes, says) in [
        ("empty.md", &b""[..], "empty"),
        (
            "readme.md",
            &b"# Tool\n\n## Install\n\nRun it.\n"[..],
            "does not look like",
        ),
        ("nul.md", &b"## Metadata\0"[..], "not text"),
    ] {
        let out = run(name, bytes);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{name}: {err}");
    }
    let huge = "## Overview\n".repeat(300_000);
    let out = run("huge.md", huge.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2097152"));

    let out = e2e_fixture::cli()
        .arg("review")
        .arg(format!("{FIXTURES}/hostile.md"))
        .arg(&r.path)
        .arg("--offline")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    for bad in ['\u{202e}', '\u{202c}'] {
        assert!(
            !md.contains(bad),
            "bidirectional control left in the output"
        );
    }
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    assert!(!md.contains("](javascript:"), "{md}");
    assert!(
        !md.lines().any(|l| l.starts_with("# not a heading")),
        "{md}"
    );
}

const RELEASE: &str = "name: release
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go build ./...
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*
";

const LICENSE: &str = "name: license
on:
  pull_request:
jobs:
  licenses:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./ci/licenses.sh
";

/// A repository shaped like the real ones the review misjudged: sign-offs on every commit,
/// a README that spells its channels differently from the document (a Google Group as its
/// web page, a calendar address URL-encoded) and whose badge image and link name
/// different projects, a licence workflow that runs another tool than the document names,
/// and an SBOM step added to the release workflow after the document said there was none.
fn shapes(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("shapes");
    let readme = "# demo\n\n\
[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/111/badge)](https://www.bestpractices.dev/projects/222)\n\n\
Join the [developer list](https://groups.google.com/forum/#!forum/demo-dev) and the \
[office hours](https://calendar.google.com/calendar/embed?src=abc123%40group.calendar.google.com).\n";
    r.commit(
        &Commit::new("start\n\nSigned-off-by: A <a@demo.dev>")
            .file("README.md", readme)
            .file(
                "CONTRIBUTING.md",
                "# Contributing\n\nEvery commit needs a DCO sign-off (`git commit -s`).\n",
            )
            .file(
                "SECURITY.md",
                "# Security\n\nReport to security@demo.dev.\n",
            )
            .file(".github/workflows/release.yml", RELEASE)
            .file(".github/workflows/license.yml", LICENSE)
            .file(
                "ci/licenses.sh",
                "#!/bin/sh\nlichen --config .lichen.yaml ./bin/*\n",
            ),
    );
    for i in 0..21 {
        r.commit(
            &Commit::new(format!("change {i}\n\nSigned-off-by: A <a@demo.dev>"))
                .file("src/main.go", format!("package main // {i}\n")),
        );
    }
    let with_sbom = RELEASE.replace(
        "      - uses: softprops/action-gh-release@v2",
        "      - uses: anchore/sbom-action@v0\n        with:\n          output-file: dist/sbom.spdx.json\n      - uses: softprops/action-gh-release@v2",
    );
    r.commit(
        &Commit::new("release: SBOM\n\nSigned-off-by: A <a@demo.dev>")
            .file(".github/workflows/release.yml", with_sbom),
    );
    r.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/demo/demo.git",
    ]);
    r
}

#[test]
fn shapes_of_real_documents_are_read_as_they_mean() {
    let fx = Fixture::new();
    let r = shapes(&fx);
    let (v, code) = review(&r, "shapes.md", &[]);
    assert_eq!(code, 0, "{v:#}");
    let doc = "shapes.md";
    let at = |f: &Value| f["document"]["line"].as_u64().unwrap_or(0);

    // "does not currently generate an SBOM" in a table row: a no, held against the
    // release workflow, which has made one since a later commit: stale, dated.
    let f = found(&v, "stale", "sbom", None);
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(at(f[0]), line_of(doc, "| SBOM"));
    assert_eq!(f[0]["evidence"][0]["kind"], "commit", "{v:#}");
    assert!(f[0]["message"].as_str().unwrap().contains("since"), "{v:#}");

    // "sign their commits" against the census: every commit is signed off.
    let f = found(&v, "agrees", "commit_signing", None);
    assert_eq!(f.len(), 1, "{v:#}");

    // The linked workflow runs another tool: contradicted, the workflow cited.
    let f = found(&v, "contradicted", "tool", Some("go-licenses"));
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["evidence"][0]["path"], ".github/workflows/license.yml");

    // One channel in two spellings.
    for s in [
        "demo-dev@googlegroups.com",
        "abc123@group.calendar.google.com",
    ] {
        let f = found(&v, "agrees", "channel", Some(s));
        assert_eq!(f.len(), 1, "{s}: {v:#}");
        assert_eq!(f[0]["evidence"][0]["path"], "README.md");
    }

    // Sections given as bold or linked bullet leads are there.
    for f in found(&v, "lint", "missing_section", None) {
        let m = f["message"].as_str().unwrap();
        for s in [
            "Development pipeline",
            "Ecosystem",
            "Responsible disclosures",
            "Incident response",
        ] {
            assert!(!m.contains(s), "{m}");
        }
    }

    // A Fix Team's discretion is no claim about the release process; an aspiration to
    // silver is no claim of silver; another product's badge is not this one's.
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["topic"] != "release_process"),
        "{v:#}"
    );
    assert!(found(&v, "contradicted", "badge", None).is_empty(), "{v:#}");
    // The README's badge links project 222 and shows 111: the document's 222 agrees
    // with the link, and the finding says which.
    let f = found(&v, "agrees", "badge", None);
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(f[0]["message"].as_str().unwrap().contains("link"), "{v:#}");
    let badges: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["topic"] == "badge")
        .collect();
    assert!(
        badges.iter().all(|f| f["subject"] != "silver"),
        "{badges:#?}"
    );
    assert!(
        badges.iter().all(|f| at(f) != line_of(doc, "Demo 1.x")),
        "{badges:#?}"
    );
}
