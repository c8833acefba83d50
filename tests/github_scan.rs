#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end: `owner/name` scanned through the library and through the CLI binary against
//! the mock GitHub. Assertions are on evidence-backed facts and API statistics, not on
//! judgement wording (the probes' judgement evolves separately).

use crate::github_support;

use assert_cmd::Command;
use github_support::*;
use serde_json::{Value, json};
use tssa_probe::evidence::badge::BadgeClient;
use tssa_probe::input::Target;
use tssa_probe::scan::{self, Clients, ScanOptions};

async fn rich_repo() -> MockGithub {
    let m = MockGithub::start("o", "r").await;
    let commits = (0..10)
        .map(|i| {
            commit(
                &if i == 0 {
                    HEAD.to_string()
                } else {
                    format!("{i:040x}")
                },
                web_flow(),
                Some(("GpgSignature", true, "VALID")),
                "Merge pull request",
                1,
            )
        })
        .collect();
    let answer = RepoAnswer {
        bpr: bpr(2),
        commits,
        prs: vec![pr(1, "a", &[("b", "APPROVED")], &[], &[])],
        releases: vec![release("v1.0.0", &["r.tar.gz", "checksums.txt"])],
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::Rule, json!([]), &answer)
        .await;
    m.tree(
        HEAD,
        &[
            ("SECURITY.md", "# Security\n\nReport to security@example.org\n"),
            (
                ".github/workflows/ci.yml",
                "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n",
            ),
            ("README.md", "# r\n"),
        ],
        &["main.go"],
    )
    .await;
    m
}

fn probe<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no probe {id}"))
}

#[tokio::test]
async fn library_scan_of_owner_name_uses_only_the_api() {
    let m = rich_repo().await;
    let clients = Clients {
        github: m.client(),
        badge: BadgeClient::new(&m.url(), None).unwrap(),
    };
    let target = Target::Github(m.github_repo());
    let report = scan::scan("o/r", &target, &ScanOptions::default(), &clients)
        .await
        .unwrap();
    assert_eq!(report.repository.head_commit.as_deref(), Some(HEAD));
    assert_eq!(report.repository.default_branch.as_deref(), Some("main"));
    assert!(report.repository.local_path.is_none());
    assert!(report.api.requests <= 8, "{}", report.api.requests);
    assert!(!report.api.unreachable);
    assert!(report.mode.sources.iter().any(|s| s == "github_api"));
    let json = serde_json::to_value(&report).unwrap();
    // Nothing in the report says the API was unavailable for lack of a token.
    assert!(!json.to_string().contains("no_token"), "{json}");
    assert!(!json.to_string().contains(TOKEN));
    assert_eq!(
        probe(&json, "signed-commits")["facts"]["commits_examined"],
        10
    );
}

fn cmd(m: &MockGithub) -> Command {
    let mut c = Command::cargo_bin("tssa-probe").unwrap();
    c.env_remove("GH_TOKEN")
        .env("GITHUB_TOKEN", TOKEN)
        .env("NO_COLOR", "1")
        .env_remove("TSSA_GITHUB_API_URL")
        .env_remove("TSSA_BESTPRACTICES_URL")
        .args([
            "--github-api-url",
            &m.url(),
            "--bestpractices-url",
            &m.url(),
            "--no-cache",
        ]);
    c
}

async fn run(c: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let mut c = c;
        c.output().unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_scans_owner_name_through_the_mock() {
    let m = rich_repo().await;
    let mut c = cmd(&m);
    c.args(["--format", "json", "o/r"]);
    let out = run(c).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["api"]["requests"].as_u64().unwrap() <= 8);
    assert_eq!(report["repository"]["head_commit"], HEAD);
    assert_eq!(report["mode"]["authenticated"], true);
    let all = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    assert!(!all.contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_bad_token_exits_4_and_missing_repo_exits_3() {
    let m = MockGithub::start("o", "r").await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/repos/o/r"))
        .respond_with(
            wiremock::ResponseTemplate::new(401)
                .set_body_json(json!({"message": "Bad credentials", "status": "401"})),
        )
        .mount(&m.server)
        .await;
    let mut c = cmd(&m);
    c.arg("o/r");
    let out = run(c).await;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.starts_with("error: ") && stderr.trim_end().lines().count() == 1);
    assert!(!stderr.contains(TOKEN) && !stderr.contains("panicked"));

    let mut c = cmd(&m);
    c.arg("o/missing");
    let out = run(c).await;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("o/missing"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_exits_5_when_github_is_down() {
    let m = MockGithub::start("o", "r").await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(503))
        .mount(&m.server)
        .await;
    let mut c = cmd(&m);
    c.arg("o/r");
    let out = run(c).await;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_vv_logs_requests_but_never_the_token() {
    let m = rich_repo().await;
    let mut c = cmd(&m);
    c.env_remove("RUST_LOG")
        .args(["-vv", "--format", "json", "o/r"]);
    let out = run(c).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("request: GET /repos/o/r "), "{stderr}");
    assert!(stderr.contains("request: POST /graphql"), "{stderr}");
    let all = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    assert!(!all.contains(TOKEN));
    assert!(
        !stderr.to_ascii_lowercase().contains("authorization"),
        "{stderr}"
    );
    assert!(!stderr.contains("Bearer"), "{stderr}");
    // The report on stdout is unchanged by logging: still one JSON document.
    let _: Value = serde_json::from_slice(&out.stdout).unwrap();

    // -v: retries, cache hits and waits only; no request lines. Without -v: no log.
    let mut c = cmd(&m);
    c.env_remove("RUST_LOG")
        .args(["-v", "--format", "json", "o/r"]);
    let out = run(c).await;
    assert!(!String::from_utf8_lossy(&out.stderr).contains("request: "));
    let mut c = cmd(&m);
    c.env_remove("RUST_LOG").args(["--format", "json", "o/r"]);
    let out = run(c).await;
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // RUST_LOG overrides the level.
    let mut c = cmd(&m);
    c.env("RUST_LOG", "debug").args(["--format", "json", "o/r"]);
    let out = run(c).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("request: GET /repos/o/r "), "{stderr}");
    assert!(
        !stderr.contains(TOKEN) && !stderr.contains("Bearer"),
        "{stderr}"
    );
}
