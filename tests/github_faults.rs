#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Faults: bad token, missing repository, primary and secondary rate limits, 5xx,
//! timeouts, malformed JSON, GraphQL errors. Each fault spoils only the evidence that
//! depended on it, never the whole scan, and never panics.

use crate::github_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use github_support::*;
use serde_json::json;
use tssa_probe::Error;
use tssa_probe::evidence::github::{self, GithubClient};
use tssa_probe::model::Reason;
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const RULES: &str = "/repos/o/r/rules/branches/main";

fn epoch() -> i64 {
    chrono::Utc::now().timestamp()
}

/// GitHub's primary rate-limit answer (documented format).
fn primary_limited(reset: i64) -> ResponseTemplate {
    ResponseTemplate::new(403)
        .set_body_json(json!({
            "message": "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
            "status": "403"
        }))
        .insert_header("X-RateLimit-Limit", "5000")
        .insert_header("X-RateLimit-Remaining", "0")
        .insert_header("X-RateLimit-Used", "5000")
        .insert_header("X-RateLimit-Resource", "core")
        .insert_header("X-RateLimit-Reset", reset.to_string().as_str())
}

/// Answers `first` for the first `n` requests, then `then`.
struct Sequence {
    n: u64,
    seen: Arc<AtomicU64>,
    first: ResponseTemplate,
    then: Etagged,
}

impl Respond for Sequence {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        if self.seen.fetch_add(1, Ordering::SeqCst) < self.n {
            self.first.clone()
        } else {
            self.then.respond(req)
        }
    }
}

async fn mock_without_rules() -> MockGithub {
    let m = MockGithub::start("o", "r").await;
    m.metadata(Perm::Admin, "main").await;
    m.classic("main", Classic::NotProtected).await;
    m.pvr(true).await;
    m.advisories().await;
    m.answer(&RepoAnswer::default());
    m
}

async fn rules_respond(m: &MockGithub, r: impl Respond + 'static) {
    Mock::given(method("GET"))
        .and(path(RULES))
        .respond_with(r)
        .mount(&m.server)
        .await;
}

#[tokio::test]
async fn bad_token_is_an_auth_error_without_the_token() {
    let m = MockGithub::start("o", "r").await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"
        })))
        .mount(&m.server)
        .await;
    let e = github::collect(&m.client(), &m.request(true))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert_eq!(e.exit_code(), 4);
    let text = e.to_string();
    assert!(text.contains("401") && !text.contains(TOKEN), "{text}");
    assert_eq!(text.lines().count(), 1);
    assert!(!format!("{e:?}").contains(TOKEN));
}

#[tokio::test]
async fn missing_repository_exits_3() {
    let m = MockGithub::start("o", "r").await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository", "status": "404"
        })))
        .mount(&m.server)
        .await;
    let e = github::collect(&m.client(), &m.request(true))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RepoNotFound(_)), "{e:?}");
    assert_eq!(e.exit_code(), 3);
    assert!(e.to_string().contains("o/r"));
}

#[tokio::test]
async fn exhausted_primary_limit_far_from_reset_fails_with_rate_limited() {
    let m = MockGithub::start("o", "r").await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r"))
        .respond_with(primary_limited(epoch() + 3600))
        .mount(&m.server)
        .await;
    let c = m.client();
    let s = github::collect(&c, &m.request(true)).await.unwrap();
    let why = s.evidence.repo.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::RateLimited);
    assert!(why.detail.contains("resets at"), "{}", why.detail);
    assert_eq!(
        s.evidence.reviews.as_ref().unwrap_err().reason,
        Reason::RateLimited
    );
    assert_eq!(s.files.unwrap().unwrap_err().reason, Reason::RateLimited);
    // Asked once; GitHub was not hammered while the limit was out.
    assert_eq!(m.count("GET", "/repos/o/r").await, 1);
    assert_eq!(s.evidence.requests, 1);
    assert_eq!(c.rate_status().remaining, Some(0));
}

#[tokio::test]
async fn exhausted_primary_limit_with_a_near_reset_waits_and_goes_on() {
    let m = mock_without_rules().await;
    let seen = Arc::new(AtomicU64::new(0));
    rules_respond(
        &m,
        Sequence {
            n: 1,
            seen: Arc::clone(&seen),
            first: primary_limited(epoch() + 1),
            then: Etagged::ok(json!([{"type": "deletion", "ruleset_id": 1}])),
        },
    )
    .await;
    let c = Arc::new(m.client());
    let req = m.request(false);
    let c2 = Arc::clone(&c);
    let task = tokio::spawn(async move { github::collect(&c2, &req).await });
    // While waiting for the reset, the client says it is paused.
    let mut paused_seen = false;
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Some(until) = c.rate_status().paused_until {
            paused_seen = true;
            assert!(until.timestamp() >= epoch() - 1);
            break;
        }
    }
    let s = task.await.unwrap().unwrap();
    assert!(paused_seen, "rate_status() showed the pause");
    assert!(!c.rate_status().paused());
    assert_eq!(s.evidence.rulesets.as_ref().unwrap().rules.len(), 1);
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn secondary_limit_with_retry_after_is_retried() {
    let m = mock_without_rules().await;
    let seen = Arc::new(AtomicU64::new(0));
    rules_respond(
        &m,
        Sequence {
            n: 1,
            seen: Arc::clone(&seen),
            first: ResponseTemplate::new(403)
                .set_body_json(json!({
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                    "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
                }))
                .insert_header("Retry-After", "1"),
            then: Etagged::ok(json!([])),
        },
    )
    .await;
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    assert!(s.evidence.rulesets.is_ok());
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn server_errors_are_retried_then_only_that_evidence_is_lost() {
    let m = mock_without_rules().await;
    rules_respond(
        &m,
        ResponseTemplate::new(500).set_body_json(json!({"message": "Server Error"})),
    )
    .await;
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    let why = s.evidence.rulesets.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::ApiError);
    assert!(why.detail.contains("500"), "{}", why.detail);
    // One try and two retries (the mock client's max_retries).
    assert_eq!(m.count("GET", RULES).await, 3);
    // The rest is intact.
    assert!(s.evidence.repo.is_ok());
    assert!(s.evidence.reviews.is_ok());
    assert!(s.evidence.private_vulnerability_reporting.is_ok());
    assert_eq!(s.evidence.classic_protection.as_ref().unwrap(), &None);
}

#[tokio::test]
async fn a_transient_server_error_is_absorbed() {
    let m = mock_without_rules().await;
    rules_respond(
        &m,
        Sequence {
            n: 1,
            seen: Arc::new(AtomicU64::new(0)),
            first: ResponseTemplate::new(502),
            then: Etagged::ok(json!([{"type": "pull_request", "parameters": {"required_approving_review_count": 2}}])),
        },
    )
    .await;
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    let r = s.evidence.rulesets.as_ref().unwrap();
    assert_eq!(r.rules[0].parameters["required_approving_review_count"], 2);
}

#[tokio::test]
async fn timeouts_are_retried_then_api_error() {
    let m = mock_without_rules().await;
    rules_respond(
        &m,
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let mut cfg = m.config(true);
    cfg.timeout = Duration::from_millis(300);
    let c = GithubClient::new(cfg).unwrap();
    let s = github::collect(&c, &m.request(false)).await.unwrap();
    let why = s.evidence.rulesets.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::ApiError);
    assert!(why.detail.contains("in time"), "{}", why.detail);
    assert!(s.evidence.repo.is_ok() && s.evidence.advisories.is_ok());
}

#[tokio::test]
async fn malformed_json_from_graphql_loses_only_graphql_evidence() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::Rule,
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    *m.gql.raw.lock().unwrap() = Some((200, "{\"data\": {\"repository\": [1, 2".into()));
    let s = github::collect(&m.client(), &m.request(true))
        .await
        .unwrap();
    for why in [
        s.evidence.reviews.as_ref().unwrap_err(),
        s.evidence.releases.as_ref().unwrap_err(),
        s.evidence.checks.as_ref().unwrap_err(),
        s.evidence.org_security_policy.as_ref().unwrap_err(),
    ] {
        assert_eq!(why.reason, Reason::ApiError);
        assert!(why.detail.contains("malformed"), "{}", why.detail);
    }
    assert!(s.history.unwrap().is_err());
    assert!(s.files.unwrap().is_err());
    // REST evidence is intact.
    assert!(s.evidence.classic_protection.as_ref().unwrap().is_some());
    assert!(s.evidence.rulesets.is_ok() && s.evidence.advisories.is_ok());
}

#[tokio::test]
async fn malformed_json_from_rest_is_an_api_error() {
    let m = mock_without_rules().await;
    rules_respond(
        &m,
        ResponseTemplate::new(200).set_body_raw(b"[{\"type\": ".to_vec(), "application/json"),
    )
    .await;
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    let why = s.evidence.rulesets.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::ApiError);
    // Well-formed JSON of the wrong shape too.
    let m = mock_without_rules().await;
    rules_respond(&m, Etagged::ok(json!({"rules": "nope"}))).await;
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    assert_eq!(
        s.evidence.rulesets.as_ref().unwrap_err().reason,
        Reason::ApiError
    );
}

#[tokio::test]
async fn malformed_repository_metadata_makes_everything_unknown() {
    let m = MockGithub::start("o", "r").await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"<html>".to_vec(), "text/html"))
        .mount(&m.server)
        .await;
    let s = github::collect(&m.client(), &m.request(true))
        .await
        .unwrap();
    assert_eq!(
        s.evidence.repo.as_ref().unwrap_err().reason,
        Reason::ApiError
    );
    assert!(s.files.unwrap().is_err());
}

#[tokio::test]
async fn graphql_partial_errors_spoil_only_their_part() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::NotProtected,
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    {
        let mut a = m.gql.repo.lock().unwrap();
        a["data"]["repository"]["pullRequests"] = serde_json::Value::Null;
        a["errors"] = json!([{"type": "FORBIDDEN", "path": ["repository", "pullRequests"],
            "message": "Resource protected by organization SAML enforcement."}]);
    }
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    let why = s.evidence.reviews.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::Permission);
    assert!(why.detail.contains("SAML"));
    assert!(s.evidence.releases.is_ok());
    assert!(s.evidence.checks.is_ok());
    // With the `.github` repository's NOT_FOUND error gone, the org policy reads as absent.
    assert_eq!(s.evidence.org_security_policy.as_ref().unwrap(), &None);
}

#[tokio::test]
async fn graphql_rate_limited() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::NotProtected,
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    *m.gql.repo.lock().unwrap() = json!({"data": null, "errors": [{"type": "RATE_LIMITED",
        "message": "API rate limit exceeded for user ID 1."}]});
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    assert_eq!(
        s.evidence.reviews.as_ref().unwrap_err().reason,
        Reason::RateLimited
    );
    assert!(s.evidence.rulesets.is_ok());
}

#[tokio::test]
async fn without_a_token_graphql_evidence_is_no_token_and_rest_is_read() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Read,
        Classic::Status(404),
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    let c = GithubClient::new(m.config(false)).unwrap();
    let s = github::collect(&c, &m.request(false)).await.unwrap();
    assert_eq!(
        s.evidence.reviews.as_ref().unwrap_err().reason,
        Reason::NoToken
    );
    assert!(s.evidence.rulesets.is_ok());
    assert!(s.evidence.repo.is_ok());
    assert_eq!(m.gql.counts.lock().unwrap().len(), 0, "no GraphQL sent");
    assert!(
        m.server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .all(|r| r.headers.get("authorization").is_none())
    );
}

#[tokio::test]
async fn a_forbidden_sub_field_does_not_spoil_the_repository_part() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        viewer_permission: "WRITE",
        ..Default::default()
    };
    m.serve(
        Perm::Read,
        Classic::Status(404),
        fixture("rest/get-branch-rules.json"),
        &answer,
    )
    .await;
    {
        let mut a = m.gql.repo.lock().unwrap();
        a["data"]["repository"]["rulesets"] = serde_json::Value::Null;
        a["errors"] = json!([{"type": "FORBIDDEN", "path": ["repository", "rulesets"],
            "message": "Resource not accessible by integration"}]);
    }
    let s = github::collect(&m.client(), &m.request(false))
        .await
        .unwrap();
    // GraphQL's viewerPermission (write) still replaced REST's read view.
    assert_eq!(
        s.evidence
            .repo
            .as_ref()
            .unwrap()
            .viewer_permission
            .as_deref(),
        Some("write")
    );
    let r = s.evidence.rulesets.as_ref().unwrap();
    assert_eq!(r.rules.len(), 2);
    assert!(r.names.is_empty());
    assert!(s.evidence.reviews.is_ok());
}
