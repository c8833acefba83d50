#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The JSON Schema of the report: draft 2020-12 with `$id`, title and a pinned
//! `schema_version`; the checked-in `schema/report.schema.json` equals the generated one
//! (regenerate with `cargo run -- schema > schema/report.schema.json`); real reports from
//! the CLI and synthetic ones covering every probe's facts validate against it; reports
//! that break the contract do not.

use crate::common;
use crate::e2e_fixture;
use crate::synthetic;

use serde_json::{Value, json};
use tssa_probe::Report;
use tssa_probe::model::SCHEMA_VERSION;
use tssa_probe::schema::{report_schema, report_schema_json};

const CHECKED_IN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/report.schema.json");

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&report_schema()).expect("the schema compiles")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn to_json(report: &Report) -> Value {
    serde_json::from_str(&tssa_probe::render::json::render(report)).unwrap()
}

#[test]
fn checked_in_schema_matches_the_types() {
    let on_disk = std::fs::read_to_string(CHECKED_IN).unwrap_or_default();
    assert!(
        on_disk == report_schema_json(),
        "schema/report.schema.json differs from the schema of the Rust types: regenerate it \
         with `cargo run -- schema > schema/report.schema.json` and review the diff (a renamed \
         or removed field needs a new schema_version)"
    );
}

#[test]
fn schema_command_prints_the_schema() {
    let out = e2e_fixture::cli().arg("schema").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout, report_schema_json());
}

#[test]
fn schema_is_draft_2020_12_with_id_title_and_version() {
    let s = report_schema();
    jsonschema::draft202012::meta::validate(&s).expect("a valid draft 2020-12 schema");
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["$id"], format!("urn:tssa-probe:report:v{SCHEMA_VERSION}"));
    assert!(s["title"].as_str().unwrap().contains(SCHEMA_VERSION));
    assert_eq!(s["properties"]["schema_version"]["const"], SCHEMA_VERSION);
    // The self_assessment keys and item fields of the contract are required.
    let sa = &s["$defs"]["SelfAssessment"];
    let required: Vec<&str> = sa["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for key in [
        "development_pipeline",
        "signed_commits_required",
        "reviewers_before_merge",
        "automated_vulnerability_checks",
        "pushes_to_default_branch_forbidden",
        "ci_on_every_pull_request",
        "best_practices_badge",
        "release_process_documented",
        "release_checksums",
        "sbom",
        "security_policy",
        "communication_inbound",
    ] {
        assert!(required.contains(&key), "{key} is not required");
    }
    let item = &s["$defs"]["SelfAssessmentItem"]["required"];
    for field in ["answer", "text", "probes", "citations"] {
        assert!(
            item.as_array().unwrap().iter().any(|f| f == field),
            "{field}"
        );
    }
}

#[test]
fn synthetic_reports_of_every_probe_validate() {
    let v = validator();
    for (name, report) in synthetic::all() {
        let j = to_json(&report);
        let errs = errors(&v, &j);
        assert!(errs.is_empty(), "{name}: {errs:#?}");
        // Generators read it back with the library's types.
        let back: Report = serde_json::from_value(j).unwrap();
        assert_eq!(
            back.self_assessment.sbom.text,
            report.self_assessment.sbom.text
        );
    }
    // Every probe id appears in the fixtures with facts.
    let met = to_json(&synthetic::met());
    let ids: Vec<&str> = met["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    for id in tssa_probe::model::ProbeId::ALL {
        assert!(ids.contains(&id.as_str()), "{id}");
    }
}

#[test]
fn schema_rejects_reports_that_break_the_contract() {
    let v = validator();
    let good = to_json(&synthetic::met());
    assert!(errors(&v, &good).is_empty());
    type Breaker = Box<dyn Fn(&mut Value)>;
    let breakers: Vec<(&str, Breaker)> = vec![
        (
            "another schema_version",
            Box::new(|r| r["schema_version"] = json!("1")),
        ),
        (
            "an answer outside yes/no/partial/unknown",
            Box::new(|r| r["self_assessment"]["sbom"]["answer"] = json!("maybe")),
        ),
        (
            "a missing self_assessment key",
            Box::new(|r| {
                r["self_assessment"]
                    .as_object_mut()
                    .unwrap()
                    .remove("security_policy");
            }),
        ),
        (
            "an item without text",
            Box::new(|r| {
                r["self_assessment"]["sbom"]
                    .as_object_mut()
                    .unwrap()
                    .remove("text");
            }),
        ),
        (
            "an unknown outcome",
            Box::new(|r| r["probes"][0]["outcome"] = json!("passed")),
        ),
        (
            "an unknown reason",
            Box::new(|r| r["probes"][0]["reason"] = json!("because")),
        ),
        (
            "an unknown probe id",
            Box::new(|r| r["probes"][0]["id"] = json!("vibes")),
        ),
        (
            "facts of another probe",
            Box::new(|r| {
                r["probes"][0]["facts"] = json!({"systems": ["x"]});
                r["probes"][0]["facts"]["commits_examined"] = json!("many");
            }),
        ),
        (
            "a negative count",
            Box::new(|r| r["probes"][0]["facts"]["commits_examined"] = json!(-1)),
        ),
        (
            "an unknown citation kind",
            Box::new(|r| r["probes"][0]["citations"][0]["kind"] = json!("hearsay")),
        ),
        (
            "lines that are not a pair",
            Box::new(|r| r["probes"][3]["citations"][0]["lines"] = json!([1, 2, 3])),
        ),
        (
            "a summary that is not a string",
            Box::new(|r| r["summary"]["met"] = json!("8")),
        ),
    ];
    for (what, f) in breakers {
        let mut bad = good.clone();
        f(&mut bad);
        assert!(!errors(&v, &bad).is_empty(), "the schema accepts {what}");
    }
}

#[test]
fn real_reports_from_the_cli_validate() {
    let fx = common::Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let v = validator();
    let json = e2e_fixture::scan(&repo, "json");
    let j: Value = serde_json::from_str(&json).unwrap();
    let errs = errors(&v, &j);
    assert!(errs.is_empty(), "{errs:#?}");
    let report: Report = serde_json::from_value(j).unwrap();
    check_items("cli", &report);
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert_eq!(report.probes.len(), tssa_probe::model::ProbeId::COUNT);
    assert!(report.mode.offline);
    // The self-assessment carries the census of the fixture's five commits.
    let sa = &report.self_assessment;
    let signing = tssa_probe::render::markdown::sentences(&sa.signed_commits_required);
    assert!(
        signing.starts_with(
            "3 of all 5 commits of the default branch `main` (the full history) carry a signature \
             (2 OpenPGP, 1 SSH); 1 of them is a GitHub web-flow signature"
        ),
        "{signing}"
    );
    // Offline: what needs the API is not determined, never "no".
    assert!(
        sa.pushes_to_default_branch_forbidden
            .text
            .starts_with("Not determined (the scan ran offline); please complete."),
        "{}",
        sa.pushes_to_default_branch_forbidden.text
    );
    assert_ne!(
        sa.pushes_to_default_branch_forbidden.answer,
        tssa_probe::model::Answer::No
    );
    // File citations are permalinks at the scanned commit.
    let head = report.repository.head_commit.clone().unwrap();
    let policy = sa.communication_inbound.citations.first().unwrap();
    assert!(
        policy.url.as_deref().unwrap().starts_with(&format!(
            "https://github.com/example/widget/blob/{head}/SECURITY.md"
        )),
        "{policy:?}"
    );

    // A run restricted to one probe is a valid report too.
    let out = e2e_fixture::cli()
        .arg(&repo.path)
        .args(["--offline", "--format", "json", "--probe", "sbom"])
        .assert()
        .success();
    let j: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let errs = errors(&v, &j);
    assert!(errs.is_empty(), "{errs:#?}");
    assert_eq!(j["probes"].as_array().unwrap().len(), 1);
    assert!(
        j["self_assessment"]["signed_commits_required"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Not determined (this scan did not collect it)")
    );
}

#[test]
fn self_assessment_items_are_consistent_for_generators() {
    for (name, report) in synthetic::all() {
        check_items(name, &report);
    }
}

/// What a generator may rely on in every self-assessment item.
fn check_items(name: &str, report: &Report) {
    use tssa_probe::model::{Answer, Outcome};
    let j = to_json(report);
    for key in report.self_assessment.items().map(|(k, _)| k) {
        for field in ["answer", "text", "probes", "citations"] {
            assert!(
                j["self_assessment"][key].get(field).is_some(),
                "{name}: {key}.{field}"
            );
        }
    }
    for (key, item) in report.self_assessment.items() {
        let joined: Vec<&str> = item.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(item.text, joined.join(" "), "{name}: {key}");
        // Each sentence's text is its parts as plain text.
        for s in &item.sentences {
            assert_eq!(s.text, s.parts.plain(), "{name}: {key}");
        }
        let mut used = vec![false; item.citations.len()];
        for s in &item.sentences {
            for i in &s.citations {
                assert!(*i < item.citations.len(), "{name}: {key}: citation {i}");
                used[*i] = true;
            }
        }
        assert!(used.iter().all(|u| *u), "{name}: {key}: an unused citation");
        match item.answer {
            Answer::Unknown => assert!(
                item.text.starts_with("Not determined (")
                    && item.text.contains("); please complete."),
                "{name}: {key}: {}",
                item.text
            ),
            answer => {
                assert!(!item.text.starts_with("Not determined"), "{name}: {key}");
                assert!(item.reason.is_none(), "{name}: {key}");
                assert!(
                    item.sentences.iter().any(|s| !s.citations.is_empty()),
                    "{name}: {key}: a {answer:?} with no cited evidence"
                );
            }
        }
        if item.answer == Answer::No {
            // "No" rests on evidence of absence from a probe that judged it.
            assert!(
                item.probes.iter().any(|id| report
                    .probe(*id)
                    .is_some_and(|p| matches!(p.outcome, Outcome::NotMet | Outcome::PartiallyMet))),
                "{name}: {key}: no without a not_met"
            );
        }
    }
}
