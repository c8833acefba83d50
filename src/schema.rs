//! The JSON Schema (draft 2020-12) of the report, derived from the Rust types.

use crate::model::Report;

/// The schema of [`Report`] as pretty JSON, newline-terminated.
pub fn report_schema_json() -> String {
    let schema = schemars::schema_for!(Report);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
