#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every GraphQL document the collector sends is valid against GitHub's public schema
//! (tests/fixtures/github/schema.graphql, a copy of ../shared/github-api/graphql), so the
//! queries work against the real GitHub.

use std::sync::OnceLock;

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use tssa_probe::evidence::github::queries;

fn schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/github/schema.graphql"
        );
        let sdl = std::fs::read_to_string(path).unwrap();
        // GitHub's schema is valid SDL; validate it too, but fall back to an assumed-valid
        // schema only if a rule of the validator (not of GitHub) rejects it.
        match Schema::parse_and_validate(&sdl, "schema.graphql") {
            Ok(s) => s,
            Err(e) => {
                let partial = e.partial;
                eprintln!("schema validation notes: {}", e.errors);
                Valid::assume_valid(partial)
            }
        }
    })
}

fn validate(name: &str, query: &str) -> Result<(), String> {
    ExecutableDocument::parse_and_validate(schema(), query, format!("{name}.graphql"))
        .map(|_| ())
        .map_err(|e| e.errors.to_string())
}

#[test]
fn every_query_the_collector_sends_is_valid() {
    let all = queries::all();
    assert!(all.len() >= 4, "queries::all() lists every document");
    for (name, q) in &all {
        if let Err(e) = validate(name, q) {
            panic!("{name} is not valid against GitHub's schema:\n{e}");
        }
    }
}

#[test]
fn a_misspelled_field_fails_validation() {
    let bad = queries::REPO_QUERY.replacen("isArchived", "isArchivd", 1);
    assert_ne!(bad, queries::REPO_QUERY);
    let e = validate("bad", &bad).unwrap_err();
    assert!(e.contains("isArchivd"), "{e}");

    let bad = queries::REPO_QUERY.replacen("wasSignedByGitHub", "wasSignedByGithub", 1);
    assert!(validate("bad", &bad).is_err());

    let bad = queries::files_query(2).replacen("isTruncated", "truncated", 1);
    assert!(validate("bad", &bad).is_err());
}

#[test]
fn a_wrong_argument_type_fails_validation() {
    let bad = queries::REPO_QUERY.replacen("$prs: Int!", "$prs: String!", 1);
    assert!(validate("bad", &bad).is_err());
}

#[test]
fn an_unused_or_undeclared_variable_fails_validation() {
    let bad = queries::HISTORY_QUERY.replacen(", $after: String", "", 1);
    assert!(validate("bad", &bad).is_err());
}
