#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The whole JSON report of a real fixture repository, snapshotted (insta) so that any change
//! to facts, outcomes, summaries or citations shows up in review. Volatile values (commit
//! ids of freshly signed commits, times, the temp path, durations) are redacted.

use crate::common;
use crate::e2e_fixture;

fn redact(json: &str, repo_path: &str) -> serde_json::Value {
    // Also inside URL-encoded URLs (`%2Ftree%2F<sha>` in badge-proposal links).
    let sha = regex::Regex::new(r"(\b|%2F)[0-9a-f]{40}\b").unwrap();
    let time =
        regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)").unwrap();
    let s = json.replace(repo_path, "[REPO]");
    let s = sha.replace_all(&s, "${1}[SHA]");
    let short = regex::Regex::new(r"`[0-9a-f]{7,12}`").unwrap();
    let s = short.replace_all(&s, "`[SHORT-SHA]`");
    // Plain-text sentences name a commit by its short id too.
    let plain_short = regex::Regex::new(r"\bcommit [0-9a-f]{7}\b").unwrap();
    let s = plain_short.replace_all(&s, "commit [SHORT-SHA]");
    let s = time.replace_all(&s, "[TIME]");
    let mut v: serde_json::Value = serde_json::from_str(&s).unwrap();
    for p in v["probes"].as_array_mut().unwrap() {
        p["duration_ms"] = serde_json::json!("[MS]");
    }
    v["tool"]["version"] = serde_json::json!("[VERSION]");
    v
}

#[test]
fn json_report_of_the_fixture_repository() {
    let fx = common::Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let json = e2e_fixture::scan(&repo, "json");
    let path = repo.path.to_str().unwrap().to_string();
    let v = redact(&json, &path);
    // Sanity checks that do not depend on the snapshot.
    assert_eq!(v["schema_version"], "2");
    assert_eq!(v["mode"]["offline"], true);
    let sc = v["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "signed-commits")
        .unwrap();
    assert_eq!(sc["facts"]["commits_examined"], 5);
    insta::assert_json_snapshot!("fixture_report", v);
}

#[test]
fn table_of_the_fixture_repository() {
    let fx = common::Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let table = e2e_fixture::scan(&repo, "table");
    let path = repo.path.to_str().unwrap();
    let sha = regex::Regex::new(r"\b[0-9a-f]{12}\b").unwrap();
    let table = sha
        .replace_all(&table.replace(path, "[REPO]"), "[SHA]")
        .to_string();
    assert!(
        !table.contains('\u{1b}'),
        "NO_COLOR must give a plain table"
    );
    insta::assert_snapshot!("fixture_table", table);
}
