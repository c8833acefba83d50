#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Property tests of the Security Insights migration: whatever an existing file of any
//! version holds (known fields with valid or invalid values, unknown fields, wrong types),
//! the draft says 2.2.0, validates against the 2.2.0 schema, is the same twice, and lists
//! every value it does not carry.

use proptest::prelude::*;
use serde_json::{Value, json};
use tssa_probe::standards::insights;

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!(
        "../schema/security-insights-2.2.0.schema.json"
    ))
    .unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("https://example.org/x")),
        Just(json!("security@example.org")),
        Just(json!("a@.")),
        Just(json!("javascript:alert(1)")),
        Just(json!("2024-05-02")),
        Just(json!("yesterday")),
        Just(json!("active")),
        Just(json!("wip")),
        Just(json!("SAST")),
        Just(json!(true)),
        Just(json!(false)),
        Just(json!(7)),
        Just(json!(null)),
        "[a-z <>:@/.]{0,12}".prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("name".to_string()),
                    Just("primary".to_string()),
                    Just("email".to_string()),
                    Just("url".to_string()),
                    Just("uri".to_string()),
                    Just("comment".to_string()),
                    Just("type".to_string()),
                    Just("evidence-url".to_string()),
                    "[a-z-]{1,8}",
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Top-level and second-level keys of every version, with generated values.
fn document() -> impl Strategy<Value = Value> {
    let keys = prop::sample::subsequence(
        vec![
            "header.schema-version",
            "header.expiration-date",
            "header.last-reviewed",
            "header.last-updated",
            "header.url",
            "header.project-url",
            "project.name",
            "project.administrators",
            "project.repositories",
            "project.vulnerability-reporting",
            "project.documentation",
            "repository.url",
            "repository.status",
            "repository.core-team",
            "repository.license",
            "repository.security",
            "repository.release",
            "project-lifecycle.core-maintainers",
            "project-lifecycle.status",
            "contribution-policy.accepts-pull-requests",
            "vulnerability-reporting.email-contact",
            "vulnerability-reporting.bug-bounty-url",
            "security-contacts",
            "security-testing",
            "security-assessments",
            "distribution-points",
            "dependencies.sbom",
            "security-artifacts.threat-model",
        ],
        0..12,
    );
    (
        keys,
        prop::collection::vec(value(), 12),
        prop::sample::select(vec!["1.0.0", "2.0.0", "2.1.0", "2.2.0", "9"]),
    )
        .prop_map(|(keys, values, version)| {
            let mut doc = json!({"header": {"schema-version": version}});
            for (k, v) in keys.into_iter().zip(values) {
                let (a, b) = k.split_once('.').unwrap_or((k, ""));
                if b.is_empty() {
                    doc[a] = v;
                } else {
                    if !doc[a].is_object() {
                        doc[a] = json!({});
                    }
                    doc[a][b] = v;
                }
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_file_of_any_version_gives_a_valid_2_2_0_draft(doc in document()) {
        let text = serde_yaml_ng::to_string(&doc).unwrap();
        let Some(d) = insights::draft_of_file(&text, "2026-01-02") else {
            return Ok(());
        };
        let again = insights::draft_of_file(&text, "2026-01-02").unwrap();
        prop_assert_eq!(&d.yaml, &again.yaml);
        let out: Value = serde_yaml_ng::from_str(&d.yaml).unwrap();
        prop_assert_eq!(&out["header"]["schema-version"], "2.2.0");
        let v = validator();
        let errors: Vec<String> = v.iter_errors(&out).map(|e| format!("{e} at {}", e.instance_path)).collect();
        prop_assert!(errors.is_empty(), "{:#?}\n{}\n---\n{}", errors, text, d.yaml);
        let m = d.migration.unwrap();
        for n in &m.not_carried {
            prop_assert!(d.yaml.contains(&format!("# - {}: ", n.field)), "{:?}", n);
        }
    }
}
