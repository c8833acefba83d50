//! The integration tests, as one test binary: one link of the crate and its dependencies
//! instead of one per file, and one pool of test threads for all of them. Each file in
//! tests/ is a module of its own; the support modules are shared.
//!
//! Run one file's tests with `cargo test --test integration <file>::`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod batch_support;
mod common;
mod e2e_fixture;
mod github_support;
mod harness;
mod synthetic;

mod badge;
mod batch;
mod census_packs;
mod census_threads;
mod ci_graph_props;
mod ci_model_props;
mod cli;
mod git_bad_input;
mod git_census;
mod github_collect;
mod github_faults;
mod github_graphql_schema;
mod github_requests;
mod github_scan;
mod hostile_ci;
mod hostile_git;
mod hostile_harness;
mod hostile_packs;
mod hostile_parsers;
mod hostile_round2;
mod insights_props;
mod landscape;
mod languages_props;
mod license_detection;
mod markdown;
mod module_graph;
mod output_safety;
mod parser_props;
mod probe_needs;
mod report_snapshot;
mod review;
mod review_props;
mod schema;
mod security_contacts;
mod sentence_support;
mod standards;
mod standards_insights;
mod tools_props;
