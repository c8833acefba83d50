#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Security Insights v2.2.0 draft: the JSON Schema translated from the CUE schema
//! accepts the specification's examples and refuses deliberate breaks; the draft of every
//! fixture validates; observed values are filled in, unobserved ones are marked
//! placeholders; an existing file's values are kept and disagreements listed.

mod common;
mod e2e_fixture;
mod synthetic;

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
        if t.starts_with("license:")
            || t.starts_with("administrators:")
            || t.starts_with("core-team:")
        {
            assert!(line.contains(TODO), "{line}");
        }
    }
    assert!(!d.yaml.contains("MIT"), "no licence is invented");

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
