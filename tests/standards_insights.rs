#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Security Insights v2.2.0 draft: the JSON Schema translated from the CUE schema
//! accepts the specification's examples and refuses deliberate breaks; the draft of every
//! fixture validates; observed values are filled in, unobserved ones are marked
//! placeholders; an existing file's values are kept and disagreements listed.

use crate::common;
use crate::e2e_fixture;
use crate::synthetic;

use regex::Regex;
use serde_json::{Value, json};
use tssa_probe::standards::insights::{self, TODO};

use common::{Commit, Fixture};

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!(
        "../schema/security-insights-2.2.0.schema.json"
    ))
    .unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn yaml(text: &str) -> Value {
    serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

const FULL: &str = include_str!("fixtures/standards/security-insights/examples_example-full.yml");
const MINIMUM: &str =
    include_str!("fixtures/standards/security-insights/examples_example-minimum.yml");
const MULTI: &str = include_str!(
    "fixtures/standards/security-insights/examples_example-multi-repository-project.yml"
);
const OWN: &str = include_str!("fixtures/standards/security-insights/own-security-insights.yml");

#[test]
fn the_specifications_examples_validate() {
    let v = validator();
    for (name, text) in [("full", FULL), ("minimum", MINIMUM), ("multi", MULTI)] {
        let e = errors(&v, &yaml(text));
        assert!(e.is_empty(), "{name}: {e:#?}");
    }
    // The specification repository's own file lists a core-team member without the
    // required `primary`: the CUE schema refuses it, and so does the translation.
    let e = errors(&v, &yaml(OWN));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].contains("\"primary\" is a required property"),
        "{e:#?}"
    );
    assert!(e[0].contains("/repository/core-team/1"), "{e:#?}");
}

type Break = Box<dyn Fn(&mut Value)>;

#[test]
fn deliberate_breaks_of_an_example_fail() {
    let v = validator();
    let base = yaml(MINIMUM);
    let breaks: Vec<(&str, Break)> = vec![
        (
            "no header",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("header");
            }),
        ),
        (
            "header url not a URL",
            Box::new(|d| d["header"]["url"] = json!("ftp://x")),
        ),
        (
            "date not YYYY-MM-DD",
            Box::new(|d| d["header"]["last-updated"] = json!("2025-3-1")),
        ),
        (
            "schema version",
            Box::new(|d| d["header"]["schema-version"] = json!("v2.2")),
        ),
        (
            "unknown status",
            Box::new(|d| d["repository"]["status"] = json!("done")),
        ),
        (
            "bad e-mail",
            Box::new(|d| d["project"]["administrators"][0]["email"] = json!("joe at example")),
        ),
        (
            "no administrators",
            Box::new(|d| d["project"]["administrators"] = json!([])),
        ),
        (
            "bool as string",
            Box::new(|d| d["repository"]["accepts-change-request"] = json!("yes")),
        ),
        (
            "extra field",
            Box::new(|d| d["repository"]["stars"] = json!(5)),
        ),
        (
            "no self assessment",
            Box::new(|d| {
                d["repository"]["security"]["assessments"]
                    .as_object_mut()
                    .unwrap()
                    .remove("self");
            }),
        ),
        (
            "tool type",
            Box::new(|d| {
                d["repository"]["security"]["tools"] = json!([{
                    "name": "x", "type": "DAST", "rulesets": ["default"],
                    "integration": {"adhoc": false, "ci": true, "release": false}, "results": {}
                }])
            }),
        ),
    ];
    assert!(errors(&v, &base).is_empty());
    for (name, f) in breaks {
        let mut d = base.clone();
        f(&mut d);
        assert!(!errors(&v, &d).is_empty(), "{name} must fail");
    }
}

#[test]
fn the_draft_of_every_fixture_validates() {
    let v = validator();
    for (name, r) in synthetic::all() {
        let d = insights::draft(&r, None);
        let e = errors(&v, &yaml(&d.yaml));
        assert!(e.is_empty(), "{name}: {e:#?}\n{}", d.yaml);
    }
    let fx = Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let out = e2e_fixture::cli()
        .arg("insights")
        .arg(&repo.path)
        .arg("--offline")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let e = errors(&v, &yaml(&text));
    assert!(e.is_empty(), "widget: {e:#?}\n{text}");
}

#[test]
fn observed_values_are_filled_in_and_the_rest_marked() {
    let d = insights::draft(&synthetic::met(), None);
    let doc = yaml(&d.yaml);
    let vr = &doc["project"]["vulnerability-reporting"];
    assert_eq!(vr["reports-accepted"], true);
    assert_eq!(vr["contact"]["email"], "security@example.org");
    assert_eq!(
        vr["policy"],
        "https://github.com/example/widget/blob/main/SECURITY.md"
    );
    assert_eq!(
        doc["repository"]["documentation"]["security-policy"],
        "https://github.com/example/widget/blob/main/SECURITY.md"
    );
    let tools = doc["repository"]["security"]["tools"].as_array().unwrap();
    let tool = |n: &str| tools.iter().find(|t| t["name"] == n).unwrap().clone();
    assert_eq!(tool("codeql")["type"], "SAST");
    assert_eq!(tool("codeql")["integration"]["ci"], true);
    assert_eq!(
        tool("codeql")["integration"]["adhoc"],
        true,
        "codeql.yml runs on a schedule"
    );
    assert_eq!(tool("govulncheck")["type"], "SCA");
    assert_eq!(tool("dependabot")["integration"]["ci"], false);
    assert_eq!(
        doc["repository"]["release"]["distribution-points"][0]["uri"],
        "https://github.com/example/widget/releases"
    );
    assert_eq!(doc["repository"]["release"]["automated-pipeline"], true);
    // What was not observed is a marked placeholder, never a bare value.
    for line in d.yaml.lines() {
        let t = line.trim_start();
        if t.starts_with("administrators:") || t.starts_with("core-team:") {
            assert!(line.contains(TODO), "{line}");
        }
    }
    // The licence comes from the project-docs facts, with where it was read.
    assert_eq!(doc["repository"]["license"]["expression"], "Apache-2.0");
    assert_eq!(
        doc["repository"]["license"]["url"],
        "https://github.com/example/widget/blob/main/LICENSE"
    );
    assert!(
        d.yaml.contains("# observed: LICENSE matches Apache-2.0"),
        "{}",
        d.yaml
    );
    assert_eq!(
        doc["repository"]["documentation"]["contributing-guide"],
        "https://github.com/example/widget/blob/main/CONTRIBUTING.md"
    );
    assert_eq!(doc["repository"]["core-team"][0]["name"], "alice");
    assert!(!d.yaml.contains("MIT"), "no licence is invented");
    // Without the probe, the licence is a placeholder.
    let d = insights::draft(&synthetic::partial(), None);
    let line = d
        .yaml
        .lines()
        .find(|l| l.trim_start().starts_with("expression:"))
        .unwrap();
    assert!(line.contains(TODO), "{line}");

    // An offline scan with nothing observed: reports-accepted is a placeholder.
    let d = insights::draft(&synthetic::unknown(), None);
    let line = d
        .yaml
        .lines()
        .find(|l| l.trim_start().starts_with("reports-accepted:"))
        .unwrap();
    assert!(line.contains(TODO), "{line}");
    assert!(
        !d.yaml.contains("tools:\n"),
        "no tool observed, none listed"
    );
}

#[test]
fn hostile_contact_text_stays_a_string() {
    let r = synthetic::injection();
    let d = insights::draft(&r, None);
    let doc = yaml(&d.yaml);
    assert!(doc.is_object());
    assert!(errors(&validator(), &doc).is_empty(), "{}", d.yaml);
    // Repository text never starts a line: every comment line is one of ours, and the
    // document has no key but the three of the specification.
    let ours = [
        "# Security Insights ",
        "# Lines marked ",
        "# The repository has ",
        "# Disagreement at ",
        "# TODO(tssa-probe): ",
        "# observed: ",
        "# from ",
    ];
    let key_comment = Regex::new(r"^# [a-z-]+:$").unwrap();
    for line in d.yaml.lines() {
        let t = line.trim_start();
        if t.starts_with('#') {
            let keyed = key_comment.is_match(t);
            assert!(keyed || ours.iter().any(|o| t.starts_with(o)), "{line}");
        }
    }
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["header", "project", "repository"]);
}

#[test]
fn an_existing_file_keeps_its_values_and_disagreements_are_listed() {
    let fx = Fixture::new();
    let r = fx.repo("with-insights");
    let existing = MINIMUM
        .replace("reports-accepted: true", "reports-accepted: false")
        .replace(
            "https://example.com/foobar/foo",
            "https://github.com/example/si",
        );
    r.commit(
        &Commit::new("init")
            .file("README.md", "# si\n")
            .file(
                "SECURITY.md",
                "# Security\n\nReport vulnerabilities to security@example.org.\n",
            )
            .file("SECURITY-INSIGHTS.yml", existing.as_str()),
    );
    r.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/example/si.git",
    ]);
    let out = e2e_fixture::cli()
        .arg("insights")
        .arg(&r.path)
        .arg("--offline")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let doc = yaml(&text);
    assert!(errors(&validator(), &doc).is_empty(), "{text}");
    // The file's values are kept...
    assert_eq!(doc["project"]["name"], "FooBar");
    assert_eq!(doc["repository"]["core-team"][0]["name"], "Alice White");
    assert_eq!(doc["repository"]["license"]["expression"], "MIT");
    assert_eq!(
        doc["project"]["vulnerability-reporting"]["reports-accepted"],
        false
    );
    // ...observed values it lacks are added...
    assert_eq!(
        doc["project"]["vulnerability-reporting"]["contact"]["email"],
        "security@example.org"
    );
    // ...and where it disagrees with the evidence, both say so.
    let field = "project.vulnerability-reporting.reports-accepted";
    assert!(
        stderr.contains(&format!("disagreement: {field}")),
        "{stderr}"
    );
    assert!(
        text.contains(&format!("# Disagreement at {field}")),
        "{text}"
    );
    // A placeholder the file fills is not marked.
    let admin = text
        .lines()
        .find(|l| l.trim_start().starts_with("administrators:"))
        .unwrap();
    assert!(!admin.contains(TODO), "{admin}");
}

// ---------------------------------------------------------------- migration

/// (name, text) of every published version's examples (see fixtures/standards/README.md)
/// and of the files shaped like real ones.
fn every_version() -> Vec<(&'static str, &'static str)> {
    macro_rules! si {
        ($($f:literal),*) => { vec![$(($f, include_str!(concat!("fixtures/standards/security-insights/", $f)))),*] };
    }
    si!(
        "v1.0.0_examples_security-insights-sample.yml",
        "v1.0.0_examples_security-insights-minimal-sample.yml",
        "v1.0.0_SECURITY-INSIGHTS.yml",
        "v2.0.0_template-full.yml",
        "v2.0.0_template-minimum.yml",
        "v2.0.0_.github_security-insights.yml",
        "v2.1.0_template-full.yml",
        "v2.1.0_template-minimum.yml",
        "v2.1.0_template-multi-repository-project.yml",
        "v2.1.0_template-multi-repository-project-reuse.yml",
        "v2.1.0_.github_security-insights.yml",
        "examples_example-full.yml",
        "examples_example-minimum.yml",
        "examples_example-multi-repository-project.yml",
        "own-security-insights.yml",
        "shaped/v1-gitops-controller.yml",
        "shaped/v1-metrics-exporter.yml",
        "shaped/v2.0.0-no-primary.yml"
    )
}

/// Every leaf of a JSON value with its path (`a.b[0].c`).
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(x, &p, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => out.push((path.to_string(), v.clone())),
    }
}

fn related(a: &str, b: &str) -> bool {
    let under = |x: &str, y: &str| {
        x == y
            || x.strip_prefix(y)
                .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
    };
    under(a, b) || under(b, a)
}

#[test]
fn every_version_is_carried_into_a_valid_2_2_0_draft_and_nothing_is_lost() {
    let v = validator();
    let origin = Regex::new(r"from v[0-9.]+ ([^;\s]+)").unwrap();
    for (name, text) in every_version() {
        let old = insights::parse_existing(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for report in [synthetic::met(), synthetic::unknown()] {
            let d = insights::draft(&report, Some(&old));
            let doc = yaml(&d.yaml);
            let e = errors(&v, &doc);
            assert!(e.is_empty(), "{name}: {e:#?}\n{}", d.yaml);
            assert_eq!(doc["header"]["schema-version"], "2.2.0", "{name}");
            let m = d.migration.as_ref().unwrap();
            // Every value of the file is carried (a `from <version> <field>` comment
            // names it) or listed as not carried.
            let mut named: Vec<String> = origin
                .captures_iter(&d.yaml)
                .map(|c| c[1].to_string())
                .collect();
            named.extend(m.not_carried.iter().map(|n| n.field.clone()));
            let mut all = Vec::new();
            leaves(&old, "", &mut all);
            for (p, val) in all {
                assert!(
                    named.iter().any(|n| related(&p, n)),
                    "{name}: {p} = {val} is neither carried nor listed\n{}",
                    d.yaml
                );
            }
            // The list of what is not carried is in the draft.
            for n in &m.not_carried {
                assert!(
                    d.yaml.contains(&format!("# - {}: ", n.field)),
                    "{name}: {n:?}"
                );
            }
        }
    }
}

#[test]
fn versions_are_recognised() {
    use insights::migrate::version_of;
    for (name, text) in every_version() {
        let old = insights::parse_existing(text).unwrap();
        let want = if name.starts_with("v1") || name.contains("/v1") {
            "1.0.0"
        } else if name.starts_with("v2.0.0") || name.contains("/v2.0.0") {
            "2.0.0"
        } else if name.starts_with("v2.1.0") {
            // The multi-repository templates of the v2.1.0 tag still declare 2.0.0.
            old["header"]["schema-version"].as_str().unwrap()
        } else {
            "2.2.0"
        };
        assert_eq!(version_of(&old), want, "{name}");
    }
    // Undeclared: the shape decides.
    let v1 = insights::parse_existing("header: {}\nproject-lifecycle: {status: active}\n").unwrap();
    assert_eq!(version_of(&v1), "1.0.0");
}

fn migrated(text: &str) -> (insights::Draft, Value) {
    let old = insights::parse_existing(text).unwrap();
    let d = insights::draft(&synthetic::met(), Some(&old));
    let doc = yaml(&d.yaml);
    assert!(errors(&validator(), &doc).is_empty(), "{}", d.yaml);
    (d, doc)
}

#[test]
fn v1_values_land_in_their_2_2_0_places() {
    let (d, doc) = migrated(include_str!(
        "fixtures/standards/security-insights/shaped/v1-gitops-controller.yml"
    ));
    let vr = &doc["project"]["vulnerability-reporting"];
    assert_eq!(vr["contact"]["email"], "gitops-security@lists.example.org");
    assert_eq!(
        vr["policy"],
        "https://github.com/example/gitops/security/policy"
    );
    assert_eq!(
        vr["bug-bounty-program"],
        "https://hackerone.com/example/policy_scopes"
    );
    assert_eq!(vr["out-of-scope"][0], "vulnerable and outdated components");
    assert_eq!(
        doc["project"]["roadmap"],
        "https://github.com/orgs/example/projects/7"
    );
    assert_eq!(
        doc["repository"]["documentation"]["contributing-guide"],
        "https://gitops.example.org/contributing/"
    );
    assert_eq!(
        doc["repository"]["documentation"]["dependency-management-policy"],
        "https://gitops.example.org/dependencies/"
    );
    assert_eq!(doc["repository"]["no-third-party-packages"], false);
    let points = doc["repository"]["release"]["distribution-points"]
        .as_array()
        .unwrap();
    assert!(
        points
            .iter()
            .any(|p| p["uri"] == "https://quay.io/repository/example/gitops")
    );
    let third = &doc["repository"]["security"]["assessments"]["third-party"][0];
    assert_eq!(third["name"], "Example Audits");
    assert_eq!(
        third["evidence"],
        "https://github.com/example/community/blob/main/docs/audit_2022.pdf"
    );
    let tools = doc["repository"]["security"]["tools"].as_array().unwrap();
    let codeql = tools.iter().find(|t| t["name"] == "CodeQL").unwrap();
    assert_eq!(codeql["type"], "SAST");
    assert_eq!(codeql["integration"]["ci"], true);
    let att = &doc["repository"]["release"]["attestations"][0];
    assert_eq!(att["predicate-uri"], "https://spdx.dev/Document");
    // Carried with their origin.
    assert!(
        d.yaml
            .contains("# from v1.0.0 vulnerability-reporting.email-contact"),
        "{}",
        d.yaml
    );
    // What 2.2.0 has no place for is listed, the threat model among it.
    let m = d.migration.as_ref().unwrap();
    let listed = |f: &str| m.not_carried.iter().any(|n| n.field.starts_with(f));
    assert!(listed("security-artifacts.threat-model"));
    assert!(listed("header.commit-hash"));
    assert!(listed("contribution-policy.automated-tools-list"));
    assert!(
        listed("project-lifecycle.core-maintainers[0]"),
        "a link to a list is not a person"
    );
    // Expired: its expiration date is before the scan's (2026-01-02).
    let e = m.expiry.as_ref().unwrap();
    assert_eq!((e.date.as_str(), e.expired), ("2024-10-31", true));
    assert!(
        d.yaml
            .contains("# EXPIRED: the existing file was valid until 2024-10-31")
    );
}

#[test]
fn v1_maintainers_as_handles_and_addresses_become_the_core_team() {
    let (d, doc) = migrated(include_str!(
        "fixtures/standards/security-insights/shaped/v1-metrics-exporter.yml"
    ));
    let team = doc["repository"]["core-team"].as_array().unwrap();
    let names: Vec<&str> = team.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice-w", "bob", "carol@example.org"]);
    assert_eq!(team[0]["social"], "https://github.com/alice-w");
    assert_eq!(doc["repository"]["status"], "WIP");
    assert_eq!(doc["repository"]["accepts-automated-change-request"], false);
    // A text release process has no URL place.
    let m = d.migration.as_ref().unwrap();
    assert!(
        m.not_carried
            .iter()
            .any(|n| n.field == "project-lifecycle.release-process")
    );
    // Not expired (2099).
    assert!(!m.expiry.as_ref().unwrap().expired);
    assert!(!d.yaml.contains("# EXPIRED"));
    // govulncheck's missing integration flags are placeholders, not invented.
    let line = d
        .yaml
        .lines()
        .find(|l| l.trim_start().starts_with("adhoc:") && l.contains(TODO))
        .is_some();
    assert!(line, "{}", d.yaml);
}

#[test]
fn v2_files_keep_their_shape_and_gain_what_2_2_0_requires() {
    let (d, doc) = migrated(include_str!(
        "fixtures/standards/security-insights/shaped/v2.0.0-no-primary.yml"
    ));
    let vr = &doc["project"]["vulnerability-reporting"];
    assert_eq!(
        vr["policy"],
        "https://github.com/example/mesh/blob/main/SECURITY.md"
    );
    assert!(
        d.yaml
            .contains("# from v2.0.0 project.vulnerability-reporting.security-policy")
    );
    // `primary` was left out: a marked placeholder.
    assert_eq!(doc["project"]["administrators"][0]["primary"], false);
    let line = d
        .yaml
        .lines()
        .find(|l| l.trim_start().starts_with("primary: false"))
        .unwrap();
    assert!(line.contains(TODO), "{line}");
    // The unknown tool field is listed.
    let m = d.migration.as_ref().unwrap();
    assert!(
        m.not_carried
            .iter()
            .any(|n| n.field == "repository.security.tools[0].url")
    );
    // last-reviewed 2024-05-02 + 1 year is before the scan: expired.
    assert!(m.expiry.as_ref().unwrap().expired);
    assert_eq!(doc["repository"]["license"]["expression"], "Apache-2.0");
}

#[test]
fn values_invalid_in_2_2_0_are_listed_not_carried() {
    let text = "header:\n  schema-version: 2.1.0\n  last-updated: '2025-01-01'\n  last-reviewed: 'yesterday'\n  url: ftp://x\nproject:\n  name: X\n  administrators: []\n  repositories: []\n  vulnerability-reporting:\n    reports-accepted: 'yes'\n    bug-bounty-available: false\n    bug-bounty-program: javascript:alert(1)\n    contact:\n      name: Sec\n      primary: true\n      email: a@.\n";
    let (d, doc) = migrated(text);
    let m = d.migration.as_ref().unwrap();
    for f in [
        "header.last-reviewed",
        "header.url",
        "project.vulnerability-reporting.reports-accepted",
        "project.vulnerability-reporting.bug-bounty-program",
        "project.vulnerability-reporting.contact.email",
    ] {
        assert!(
            m.not_carried.iter().any(|n| n.field == f),
            "{f}: {:?}",
            m.not_carried
        );
    }
    assert!(
        doc["project"]["vulnerability-reporting"]
            .get("bug-bounty-program")
            .is_none()
    );
    assert_eq!(doc["project"]["name"], "X");
}

/// Security tools and distribution points come from the tool catalogue's facts: each tool
/// once, with when it runs (a scheduled scan is `adhoc`, a pull-request one `ci`), and
/// each registry a release workflow pushes to, cited at its step and marked for the
/// package path; a pull-request workflow that pushes a test image is no distribution point.
#[test]
fn catalogue_tools_and_release_destinations_fill_the_draft() {
    let fx = Fixture::new();
    let r = fx.repo("svc");
    r.commit(
        &Commit::new("ci and release")
            .file("README.md", "# svc\n")
            .file(
                ".github/workflows/scan.yml",
                "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aquasecurity/trivy-action@v0.28.0\n        with:\n          image-ref: ghcr.io/example/svc:main\n",
            )
            .file(
                ".github/workflows/lint.yml",
                "on: [pull_request]\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gosec ./...\n      - run: docker push quay.io/example/svc-test:pr\n",
            )
            .file(
                ".github/workflows/release.yml",
                "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker push ghcr.io/example/svc:${GITHUB_REF_NAME}\n      - run: gh release create ${GITHUB_REF_NAME} dist/*\n",
            ),
    );
    r.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/example/svc.git",
    ]);
    let out = e2e_fixture::cli()
        .arg("insights")
        .arg(&r.path)
        .arg("--offline")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let doc = yaml(&text);
    let e = errors(&validator(), &doc);
    assert!(e.is_empty(), "{e:#?}\n{text}");
    let tools = doc["repository"]["security"]["tools"].as_array().unwrap();
    let tool = |n: &str| {
        tools
            .iter()
            .find(|t| t["name"] == n)
            .unwrap_or_else(|| panic!("{n} in {tools:#?}"))
            .clone()
    };
    assert_eq!(tool("Trivy")["type"], "container");
    assert_eq!(tool("Trivy")["integration"]["adhoc"], true);
    assert_eq!(tool("Trivy")["integration"]["ci"], false);
    assert_eq!(tool("gosec")["type"], "SAST");
    assert_eq!(tool("gosec")["integration"]["ci"], true);
    assert_eq!(tool("gosec")["integration"]["adhoc"], false);
    let points = doc["repository"]["release"]["distribution-points"]
        .as_array()
        .unwrap();
    let uris: Vec<&str> = points.iter().filter_map(|p| p["uri"].as_str()).collect();
    assert!(
        uris.contains(&"https://github.com/example/svc/releases"),
        "{uris:?}"
    );
    assert!(uris.contains(&"https://ghcr.io"), "{uris:?}");
    assert!(!uris.iter().any(|u| u.contains("quay.io")), "{uris:?}");
    assert!(
        text.contains(
            "add the path of the container images on ghcr.io; .github/workflows/release.yml:8"
        ),
        "{text}"
    );
}
