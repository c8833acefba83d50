#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Requests: a full remote scan in at most 8, a re-scan with the ETag cache in at most 3
//! that are not answered 304; the token never reaches the cache, errors or Debug output.

use crate::github_support;

use github_support::*;
use serde_json::json;
use tssa_probe::evidence::github::{self, GithubClient};

async fn full_repo() -> MockGithub {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        bpr: bpr(1),
        prs: vec![pr(1, "a", &[("b", "APPROVED")], &[], &[])],
        releases: vec![release("v1.0.0", &["checksums.txt"])],
        org: OrgDotGithub::Policy("SECURITY.md", "mail security@o.example"),
        ..Default::default()
    };
    m.serve(
        Perm::Admin,
        Classic::Rule,
        fixture("rest/get-branch-rules.json"),
        &answer,
    )
    .await;
    m.tree(
        HEAD,
        &[
            ("SECURITY.md", "Mail security@example.org\n"),
            (".github/workflows/ci.yml", "on: [pull_request]\n"),
            (".github/dependabot.yml", "version: 2\n"),
            ("CODEOWNERS", "* @o/team\n"),
            ("README.md", "# r\n"),
            (".goreleaser.yaml", "checksum: {}\n"),
        ],
        &["main.go", "go.mod"],
    )
    .await;
    m
}

#[tokio::test]
async fn full_remote_scan_in_at_most_8_requests_and_rescan_mostly_304() {
    let m = full_repo().await;
    let cache = tempfile::tempdir().unwrap();
    let mut cfg = m.config(true);
    cfg.cache_dir = Some(cache.path().to_path_buf());

    let c = GithubClient::new(cfg.clone()).unwrap();
    let first = github::collect(&c, &m.request(true)).await.unwrap();
    let e = &first.evidence;
    // Everything was read.
    assert!(e.repo.is_ok() && e.rulesets.is_ok() && e.reviews.is_ok() && e.releases.is_ok());
    assert!(e.classic_protection.as_ref().unwrap().is_some());
    assert!(e.org_security_policy.as_ref().unwrap().is_some());
    assert!(first.files.as_ref().unwrap().is_ok());
    assert!(first.history.as_ref().unwrap().is_ok());
    let sent = m.server.received_requests().await.unwrap().len() as u64;
    eprintln!(
        "first scan: {} requests ({} not modified)",
        e.requests, e.not_modified
    );
    assert_eq!(e.requests, sent, "every request is counted");
    assert!(e.requests <= 8, "first scan took {} requests", e.requests);
    assert_eq!(e.not_modified, 0);

    // Re-scan within the cache lifetime, with a new client (a new run) on the same cache.
    let c2 = GithubClient::new(cfg).unwrap();
    let again = github::collect(&c2, &m.request(true)).await.unwrap();
    let e2 = &again.evidence;
    let full = e2.requests - e2.not_modified;
    eprintln!(
        "re-scan: {} requests, {} answered 304, {} in full",
        e2.requests, e2.not_modified, full
    );
    assert!(full <= 3, "re-scan: {full} requests not answered 304");
    assert!(e2.not_modified >= 5);
    // The tree and the file contents name the commit: served from the cache.
    assert_eq!(m.tree_requests.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(m.gql.counts.lock().unwrap().get("TssaFiles"), Some(&1));
    // Same evidence both times.
    assert_eq!(
        format!("{:?}", first.files.unwrap().unwrap().entries),
        format!("{:?}", again.files.unwrap().unwrap().entries)
    );
    assert_eq!(
        e.classic_protection.as_ref().unwrap(),
        e2.classic_protection.as_ref().unwrap()
    );
    assert_eq!(c2.rate_status().not_modified, e2.not_modified);

    // Every GraphQL document sent is one that tests/github_graphql_schema.rs validates.
    let sent = m.gql.seen_queries.lock().unwrap().clone();
    assert!(!sent.is_empty());
    for q in &sent {
        let known = q == github::queries::REPO_QUERY
            || q == github::queries::HISTORY_QUERY
            || (1..=github::MAX_REMOTE_FILES).any(|n| *q == github::queries::files_query(n));
        assert!(known, "an unlisted GraphQL document was sent:\n{q}");
    }
}

#[tokio::test]
async fn a_local_clone_scan_takes_at_most_6_requests() {
    let m = full_repo().await;
    let mut req = m.request(false);
    req.head_commit = Some(HEAD.into());
    let s = github::collect(&m.client(), &req).await.unwrap();
    assert!(s.files.is_none() && s.tags.is_none());
    // The local scan still gets GitHub's verification verdicts.
    assert!(s.history.unwrap().unwrap().verification.is_some());
    assert!(s.evidence.requests <= 6, "{}", s.evidence.requests);
    // The history started at the local head commit.
    let q = m.gql.seen_queries.lock().unwrap().clone();
    assert!(q.iter().any(|q| q.contains("TssaRepo")));
    assert_eq!(
        m.count("GET", &format!("/repos/o/r/git/trees/{HEAD}"))
            .await,
        0
    );
}

#[tokio::test]
async fn the_token_is_sent_but_never_stored_or_shown() {
    let m = full_repo().await;
    let cache = tempfile::tempdir().unwrap();
    let mut cfg = m.config(true);
    cfg.cache_dir = Some(cache.path().join("github"));
    let c = GithubClient::new(cfg).unwrap();
    let s = github::collect(&c, &m.request(true)).await.unwrap();

    // The token was used (so the checks below can fail)...
    let reqs = m.server.received_requests().await.unwrap();
    assert!(reqs.iter().all(|r| {
        r.headers.get("authorization").and_then(|v| v.to_str().ok())
            == Some(format!("Bearer {TOKEN}").as_str())
    }));
    // ...and appears in no cache file,
    let mut files = 0;
    for entry in std::fs::read_dir(cache.path().join("github")).unwrap() {
        let p = entry.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        files += 1;
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "token in {}",
            p.display()
        );
        assert!(!p.to_string_lossy().contains(TOKEN));
    }
    assert!(files >= 5, "the cache was written ({files} files)");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(cache.path().join("github"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "cache directory is private");
    }
    // ...nor in any Debug output.
    assert!(!format!("{s:?}").contains(TOKEN));
    assert!(!format!("{c:?}").contains(TOKEN));
    assert!(!format!("{:?}", c.config).contains(TOKEN));
    assert!(!format!("{:?}", c.rate_status()).contains(TOKEN));
}

#[tokio::test]
async fn another_token_does_not_share_cache_entries() {
    let m = full_repo().await;
    let cache = tempfile::tempdir().unwrap();
    let mut cfg = m.config(true);
    cfg.cache_dir = Some(cache.path().to_path_buf());
    let c = GithubClient::new(cfg.clone()).unwrap();
    github::collect(&c, &m.request(true)).await.unwrap();
    cfg.token = Some(secrecy::SecretString::from("ghp_another_identity"));
    let c2 = GithubClient::new(cfg).unwrap();
    let s = github::collect(&c2, &m.request(true)).await.unwrap();
    // Nothing was revalidated with the first identity's ETags.
    assert_eq!(s.evidence.not_modified, 0);
}

#[tokio::test]
async fn concurrency_limit_still_completes() {
    let m = full_repo().await;
    let mut cfg = m.config(true);
    cfg.max_concurrency = Some(1);
    let c = GithubClient::new(cfg).unwrap();
    let s = github::collect(&c, &m.request(true)).await.unwrap();
    assert!(s.evidence.rulesets.is_ok() && s.files.unwrap().is_ok());
    let _ = json!(null);
}
