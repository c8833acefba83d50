//! The JSON Schema (draft 2020-12) of the report, derived from the Rust types with
//! schemars and printed by `tssa-probe schema`.
//!
//! A checked-in copy lives in `schema/report.schema.json`; `tests/schema.rs` fails when it
//! drifts from the types. Regenerate it with
//! `cargo run -- schema > schema/report.schema.json`.

use serde_json::{Value, json};

use crate::model::{Report, SCHEMA_VERSION};

/// The schema's `$id`: names the contract version it describes.
pub fn schema_id() -> String {
    format!("urn:tssa-probe:report:v{SCHEMA_VERSION}")
}

/// The schema of [`Report`] as a JSON value: draft 2020-12, with an `$id`, a title, and
/// `schema_version` pinned to [`SCHEMA_VERSION`].
pub fn report_schema() -> Value {
    let mut schema = schemars::schema_for!(Report).to_value();
    if let Value::Object(root) = &mut schema {
        // schemars 1.x writes draft 2020-12; say so even if a default changes.
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("$id".into(), json!(schema_id()));
        root.insert(
            "title".into(),
            json!(format!(
                "tssa-probe report, schema_version {SCHEMA_VERSION}"
            )),
        );
        root.insert(
            "description".into(),
            json!(
                "The JSON report of tssa-probe (output contract v1): probe results with typed \
                 facts and citations, and the self_assessment answers for generators. Fields \
                 may be added within a schema_version; none is renamed or removed without \
                 bumping it."
            ),
        );
        if let Some(Value::Object(version)) = root
            .get_mut("properties")
            .and_then(|p| p.get_mut("schema_version"))
        {
            version.insert("const".into(), json!(SCHEMA_VERSION));
            version.insert(
                "description".into(),
                json!("Version of this schema; bumped when a field is renamed or removed."),
            );
        }
    }
    schema
}

/// The schema of [`Report`] as pretty JSON, newline-terminated.
pub fn report_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&report_schema()).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The schema's `$id` of the review (`review --format json`).
pub fn review_schema_id() -> String {
    format!(
        "urn:tssa-probe:review:v{}",
        crate::review::REVIEW_SCHEMA_VERSION
    )
}

/// The schema of [`crate::review::Review`]: draft 2020-12, with an `$id`, a title, and
/// `schema_version` pinned.
pub fn review_schema() -> Value {
    let v = crate::review::REVIEW_SCHEMA_VERSION;
    let mut schema = schemars::schema_for!(crate::review::Review).to_value();
    if let Value::Object(root) = &mut schema {
        root.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("$id".into(), json!(review_schema_id()));
        root.insert(
            "title".into(),
            json!(format!(
                "tssa-probe self-assessment review, schema_version {v}"
            )),
        );
        root.insert(
            "description".into(),
            json!(
                "The JSON output of `tssa-probe review`: the findings of a submitted \
                 self-assessment held against a scan of its repository, each with the \
                 document line and the scan's citations. Fields may be added within a \
                 schema_version; none is renamed or removed without bumping it."
            ),
        );
        if let Some(Value::Object(version)) = root
            .get_mut("properties")
            .and_then(|p| p.get_mut("schema_version"))
        {
            version.insert("const".into(), json!(v));
        }
    }
    schema
}

/// The review's schema as pretty JSON, newline-terminated.
pub fn review_schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&review_schema()).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
