#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The GitHub collector against a mock GitHub: metadata, classic protection and rulesets
//! for admins and non-admins, reviews (GitHub and Prow), web-flow signed history, the org
//! security policy, releases, remote files, request counts and the cache.

use crate::github_support;

use github_support::*;
use serde_json::json;
use tssa_probe::evidence::github::{self, GithubClient};
use tssa_probe::model::Reason;

async fn scan(m: &MockGithub, remote: bool) -> github::GithubScan {
    github::collect(&m.client(), &m.request(remote))
        .await
        .unwrap()
}

#[tokio::test]
async fn admin_with_classic_protection_only() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        bpr: bpr(1),
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::Rule, json!([]), &answer)
        .await;
    let s = scan(&m, false).await;
    let e = &s.evidence;
    let repo = e.repo.as_ref().unwrap();
    assert_eq!(repo.viewer_permission.as_deref(), Some("admin"));
    assert_eq!(repo.viewer_is_admin(), Some(true));
    assert_eq!(repo.default_branch, "main");
    let c = e.classic_protection.as_ref().unwrap().as_ref().unwrap();
    // REST wins over GraphQL for an admin: the documented example's values.
    assert_eq!(c.via, "rest");
    assert!(c.api_url.ends_with("/repos/o/r/branches/main/protection"));
    assert_eq!(
        c.required_status_checks,
        vec!["continuous-integration/travis-ci"]
    );
    assert!(c.enforce_admins);
    assert_eq!(c.required_approvals, Some(2));
    assert!(c.require_code_owner_reviews && c.dismiss_stale_reviews);
    assert!(c.linear_history && c.allow_force_pushes && c.allow_deletions);
    // The documented example has no `required_signatures` block.
    assert!(!c.required_signatures);
    assert!(e.rulesets.as_ref().unwrap().rules.is_empty());
    assert!(e.private_vulnerability_reporting.as_ref().unwrap().enabled);
    assert_eq!(e.advisories.as_ref().unwrap().published, 2);
    assert_eq!(
        m.count("GET", "/repos/o/r/branches/main/protection").await,
        1
    );
}

#[tokio::test]
async fn admin_with_rulesets_and_classic() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::Rule,
        fixture("rest/get-branch-rules.json"),
        &RepoAnswer::default(),
    )
    .await;
    let s = scan(&m, false).await;
    let rs = s.evidence.rulesets.as_ref().unwrap();
    assert_eq!(rs.rules.len(), 2);
    assert_eq!(rs.rules[0].rule_type, "commit_message_pattern");
    assert_eq!(rs.rules[0].ruleset_id, Some(42));
    assert_eq!(rs.rules[1].ruleset_source.as_deref(), Some("my-org"));
    assert_eq!(rs.rules[0].parameters["operator"], "starts_with");
    // The repository's ruleset is named (from GraphQL); the org's (id 73) is not shown.
    assert_eq!(rs.names, vec!["main-branch"]);
    assert!(s.evidence.classic_protection.as_ref().unwrap().is_some());
}

#[tokio::test]
async fn admin_told_branch_not_protected_and_no_rules_means_none() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::NotProtected,
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    let s = scan(&m, false).await;
    assert_eq!(s.evidence.classic_protection.as_ref().unwrap(), &None);
    assert!(s.evidence.rulesets.as_ref().unwrap().rules.is_empty());
}

#[tokio::test]
async fn non_admin_sees_rulesets_and_classic_is_unknown() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        viewer_permission: "READ",
        ..Default::default()
    };
    m.serve(
        Perm::Read,
        Classic::Status(404),
        fixture("rest/get-branch-rules.json"),
        &answer,
    )
    .await;
    let s = scan(&m, false).await;
    let e = &s.evidence;
    assert_eq!(
        e.repo.as_ref().unwrap().viewer_permission.as_deref(),
        Some("read")
    );
    let why = e.classic_protection.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::Permission);
    assert!(why.detail.contains("admin"), "{}", why.detail);
    assert_eq!(e.rulesets.as_ref().unwrap().rules.len(), 2);
    // The admin-only endpoint is not even asked.
    assert_eq!(
        m.count("GET", "/repos/o/r/branches/main/protection").await,
        0
    );
}

#[tokio::test]
async fn non_admin_with_push_sees_the_rule_through_graphql() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        viewer_permission: "WRITE",
        rur: rur(2),
        ..Default::default()
    };
    m.serve(Perm::Write, Classic::Status(404), json!([]), &answer)
        .await;
    let s = scan(&m, false).await;
    let c = s
        .evidence
        .classic_protection
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    // No ruleset applies, so everything refUpdateRule enforces is a classic rule.
    assert_eq!(c.via, github::REF_UPDATE_RULE);
    assert_eq!(c.required_approvals, Some(2));
    assert!(c.required_signatures);
    assert_eq!(c.required_status_checks, vec!["build"]);
    assert!(c.unobserved.contains(&"enforce_admins".to_string()));
    assert!(c.unobserved.contains(&"dismiss_stale_reviews".to_string()));
}

/// Ruleset rules that protect `main` the way `rur(2)` shows: a pull request with two
/// approvals, the `build` check, signed commits, no force pushes, no deletion.
fn protecting_rules() -> serde_json::Value {
    json!([
        {"type": "pull_request", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 42,
         "parameters": {"required_approving_review_count": 2, "dismiss_stale_reviews_on_push": false,
                        "require_code_owner_review": false, "require_last_push_approval": false,
                        "required_review_thread_resolution": false}},
        {"type": "required_status_checks", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 42,
         "parameters": {"strict_required_status_checks_policy": false,
                        "required_status_checks": [{"context": "build"}]}},
        {"type": "required_signatures", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 42},
        {"type": "non_fast_forward", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 42},
        {"type": "deletion", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 42}
    ])
}

/// Issue 10: a branch protected by a ruleset only, read by a token with push access. GitHub
/// shows no `branchProtectionRule`, and `refUpdateRule` (the rules enforced on the viewer,
/// from rulesets and classic protection together) repeats the ruleset. That is no evidence
/// of classic protection: classic stays unknown, and the probe reports `rulesets`.
#[tokio::test]
async fn rulesets_only_branch_seen_without_admin_is_not_classic() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        viewer_permission: "WRITE",
        rur: rur(2),
        ..Default::default()
    };
    m.serve(
        Perm::Write,
        Classic::Status(404),
        protecting_rules(),
        &answer,
    )
    .await;
    let s = scan(&m, false).await;
    let e = &s.evidence;
    let why = e.classic_protection.as_ref().unwrap_err();
    assert_eq!(why.reason, Reason::Permission);
    assert!(
        why.detail.contains("refUpdateRule") && why.detail.contains("all set by the rulesets"),
        "{}",
        why.detail
    );
    assert_eq!(e.rulesets.as_ref().unwrap().rules.len(), 5);
    assert_eq!(
        m.count("GET", "/repos/o/r/branches/main/protection").await,
        0
    );

    // The probe's view of the same evidence.
    let mut ev = tssa_probe::evidence::Evidence::empty(
        tssa_probe::evidence::RepoIdentity {
            input: "o/r".into(),
            local_path: None,
            github: Some(m.github_repo()),
            default_branch: Some("main".into()),
            head_commit: Some(HEAD.into()),
        },
        "2026-01-01T00:00:00Z".into(),
        tssa_probe::evidence::Unavailable::new(Reason::NotCollected, "not part of this test"),
    );
    ev.github = s.evidence;
    let j = tssa_probe::probes::probe(tssa_probe::model::ProbeId::BranchProtection)
        .unwrap()
        .judge(&ev);
    let f = j.facts.to_json_object();
    assert_eq!(f["source"], "rulesets", "{}", j.summary);
    assert_eq!(f["protected"], true);
    assert_eq!(f["required_approvals"], 2);
    assert_eq!(f["required_signatures"], true);
    assert_eq!(f["force_push_blocked"], true);
    assert_eq!(f["classic_readable"], false);
    // What a classic rule could add on top stays unknown.
    assert!(
        f["linear_history"].is_null() && f["enforce_admins"].is_null(),
        "{f:?}"
    );
    assert!(
        !j.summary.contains("classic protection (read via"),
        "{}",
        j.summary
    );
    // `source` is backed by the rulesets read, not by the GraphQL endpoint.
    let graphql = format!("{}/graphql", m.url());
    for c in j
        .citations
        .iter()
        .filter(|c| c.supports.iter().any(|s| s == "source"))
    {
        assert_ne!(c.url.as_deref(), Some(graphql.as_str()), "{c:?}");
    }
    assert!(
        j.citations.iter().any(|c| {
            c.url
                .as_deref()
                .is_some_and(|u| u.contains("/repos/o/r/rules/branches/main"))
                && c.supports.iter().any(|s| s == "source")
        }),
        "{:#?}",
        j.citations
    );
}

/// What `refUpdateRule` enforces beyond the rulesets does come from a classic rule: a
/// ruleset blocks force pushes only, the viewer is also held to two approvals and signed
/// commits. Classic protection is those two settings, and the source is both.
#[tokio::test]
async fn ref_update_rule_beyond_the_rulesets_is_classic_protection() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        viewer_permission: "WRITE",
        rur: rur(2),
        ..Default::default()
    };
    let rules = json!([
        {"type": "non_fast_forward", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 42}
    ]);
    m.serve(Perm::Write, Classic::Status(404), rules, &answer)
        .await;
    let s = scan(&m, false).await;
    let c = s
        .evidence
        .classic_protection
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(c.via, github::REF_UPDATE_RULE);
    assert_eq!(c.required_approvals, Some(2));
    assert!(c.required_signatures);
    assert_eq!(c.required_status_checks, vec!["build"]);
    // No deletion rule in the rulesets either: refUpdateRule's block is classic.
    assert!(!c.allow_deletions);
    // Force pushes are blocked by the ruleset; whether classic blocks them too is not shown.
    assert!(c.unobserved.contains(&"allow_force_pushes".to_string()));
}

#[tokio::test]
async fn admin_graphql_rule_is_used_when_rest_fails() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        bpr: bpr(3),
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::Status(500), json!([]), &answer)
        .await;
    let s = scan(&m, false).await;
    let c = s
        .evidence
        .classic_protection
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!((c.via.as_str(), c.required_approvals), ("graphql", Some(3)));
    assert!(c.unobserved.is_empty());
}

#[tokio::test]
async fn prow_reviewed_pull_requests() {
    let m = MockGithub::start("kubernetes", "thing").await;
    let bot_lgtm = "LGTM label has been added.  <details>Git tree hash: abc</details>";
    let notifier = "[APPROVALNOTIFIER] This PR is **APPROVED**\n\nThis pull-request has been approved by: *alice*";
    let answer = RepoAnswer {
        prs: vec![
            pr(
                10,
                "carol",
                &[],
                &["lgtm", "approved", "cncf-cla: yes"],
                &[
                    ("alice", "User", "Nice.\n/lgtm\n/approve"),
                    ("k8s-ci-robot", "User", bot_lgtm),
                    ("k8s-ci-robot", "User", notifier),
                ],
            ),
            pr(
                11,
                "dave",
                &[("erin", "APPROVED")],
                &[],
                &[("dave", "User", "/lgtm cancel")],
            ),
        ],
        ..Default::default()
    };
    m.serve(Perm::Read, Classic::Status(404), json!([]), &answer)
        .await;
    let s = scan(&m, false).await;
    let r = s.evidence.reviews.as_ref().unwrap();
    assert_eq!(r.pull_requests.len(), 2);
    let p = &r.pull_requests[0];
    assert_eq!(p.number, 10);
    assert_eq!(p.author.as_deref(), Some("carol"));
    assert!(p.labels.contains(&"lgtm".to_string()) && p.labels.contains(&"approved".to_string()));
    assert_eq!(p.prow_approvers, vec!["alice"]);
    assert_eq!(p.prow_commands, vec!["k8s-ci-robot"]);
    assert!(p.reviews.is_empty());
    assert_eq!(
        p.merge_commit.as_deref(),
        Some(format!("{:040}", 1010).as_str())
    );
    let q = &r.pull_requests[1];
    assert_eq!(q.reviews[0].author.as_deref(), Some("erin"));
    assert_eq!(q.reviews[0].state, "APPROVED");
    assert!(q.prow_approvers.is_empty(), "a cancel is not an approval");
    // Checks: the default branch head, then each pull request head.
    let checks = s.evidence.checks.as_ref().unwrap();
    assert!(checks[0].default_branch_head);
    assert_eq!(checks[0].runs.len(), 2);
    assert_eq!(checks[0].runs[0].app, "github-actions");
    assert_eq!(checks[0].runs[0].conclusion.as_deref(), Some("success"));
    assert_eq!(checks[0].runs[1].app, "k8s-ci-robot");
    assert_eq!(checks[0].runs[1].name, "tide");
    assert_eq!(checks.iter().filter(|c| !c.default_branch_head).count(), 2);
}

#[tokio::test]
async fn squash_merge_repo_all_web_flow_signed() {
    let m = MockGithub::start("o", "squash").await;
    let commits: Vec<_> = (0..20)
        .map(|i| {
            commit(
                &format!("{i:040x}"),
                web_flow(),
                Some(("GpgSignature", true, "VALID")),
                &format!("Feature {i} (#{i})\n\nSigned-off-by: Dev <dev@example.org>"),
                1,
            )
        })
        .collect();
    let answer = RepoAnswer {
        head: format!("{:040x}", 0),
        commits,
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::NotProtected, json!([]), &answer)
        .await;
    let s = scan(&m, true).await;
    let h = s.history.unwrap().unwrap();
    assert_eq!(h.commits_examined, 20);
    assert!(h.history_complete);
    assert_eq!(h.signatures.openpgp, 20);
    assert_eq!(h.signatures.unsigned, 0);
    assert_eq!(h.web_flow_signed, 20);
    assert_eq!(h.web_flow_commits, 20);
    assert_eq!(h.developer_signed, 0);
    assert_eq!(h.dco_signed_off, 20);
    let v = h.verification.unwrap();
    assert_eq!((v.checked, v.verified), (20, 20));
    assert!(
        s.evidence
            .reviews
            .as_ref()
            .unwrap()
            .direct_pushes
            .is_empty()
    );
}

#[tokio::test]
async fn direct_pushes_and_mixed_signatures() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        commits: vec![
            commit(
                HEAD,
                dev(),
                Some(("SshSignature", true, "VALID")),
                "direct",
                0,
            ),
            commit(
                &"a".repeat(40),
                dev(),
                Some(("GpgSignature", false, "UNKNOWN_KEY")),
                "x",
                1,
            ),
            commit(
                &"b".repeat(40),
                dev(),
                Some(("SmimeSignature", true, "VALID")),
                "y",
                1,
            ),
            commit(&"c".repeat(40), dev(), None, "z", 0),
        ],
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::NotProtected, json!([]), &answer)
        .await;
    let s = scan(&m, true).await;
    let h = s.history.unwrap().unwrap();
    assert_eq!(
        (
            h.signatures.ssh,
            h.signatures.openpgp,
            h.signatures.x509,
            h.signatures.unsigned
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(h.developer_signed, 3);
    let v = h.verification.unwrap();
    assert_eq!(v.verified, 2);
    assert_eq!(v.unverified_reasons["unknown_key"], 1);
    assert_eq!(v.unverified_reasons["unsigned"], 1);
    let r = s.evidence.reviews.as_ref().unwrap();
    assert_eq!(r.direct_pushes, vec![HEAD.to_string(), "c".repeat(40)]);
}

#[tokio::test]
async fn org_level_security_policy() {
    let m = MockGithub::start("org", "r").await;
    let answer = RepoAnswer {
        org: OrgDotGithub::Policy(".github/SECURITY.md", "Report to security@org.example\n"),
        ..Default::default()
    };
    m.serve(Perm::Read, Classic::Status(404), json!([]), &answer)
        .await;
    let s = scan(&m, false).await;
    let p = s
        .evidence
        .org_security_policy
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(p.repository, "org/.github");
    assert_eq!(p.path, ".github/SECURITY.md");
    assert!(p.content.contains("security@org.example"));
    assert_eq!(
        p.html_url,
        "https://github.com/org/.github/blob/2222222222222222222222222222222222222222/.github/SECURITY.md"
    );
}

#[tokio::test]
async fn org_without_dot_github_or_without_policy_is_none() {
    for org in [OrgDotGithub::Missing, OrgDotGithub::Empty] {
        let m = MockGithub::start("org", "r").await;
        let answer = RepoAnswer {
            org: org.clone(),
            ..Default::default()
        };
        m.serve(Perm::Read, Classic::Status(404), json!([]), &answer)
            .await;
        let s = scan(&m, false).await;
        assert_eq!(
            s.evidence.org_security_policy.as_ref().unwrap(),
            &None,
            "{org:?}"
        );
        // A missing `.github` repository spoils nothing else of the query.
        assert!(s.evidence.reviews.is_ok());
    }
}

#[tokio::test]
async fn releases_with_and_without_checksums() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        releases: vec![
            release(
                "v2.0.0",
                &[
                    "r_linux_amd64.tar.gz",
                    "checksums.txt",
                    "checksums.txt.sig",
                    "r.intoto.jsonl",
                    "r.spdx.json",
                ],
            ),
            release("v1.0.0", &["r_linux_amd64.tar.gz"]),
            release("v0.1.0", &[]),
        ],
        ..Default::default()
    };
    m.serve(Perm::Read, Classic::Status(404), json!([]), &answer)
        .await;
    let s = scan(&m, false).await;
    let r = s.evidence.releases.as_ref().unwrap();
    assert_eq!(r.releases.len(), 3);
    assert_eq!(r.releases[0].tag, "v2.0.0");
    let names: Vec<&str> = r.releases[0]
        .assets
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(names.contains(&"checksums.txt") && names.contains(&"checksums.txt.sig"));
    assert_eq!(
        r.releases[0].assets[1].url,
        "https://github.com/o/r/releases/download/v2.0.0/checksums.txt"
    );
    assert_eq!(r.releases[1].assets.len(), 1);
    assert!(r.releases[2].assets.is_empty());
}

#[tokio::test]
async fn remote_scan_reads_files_history_and_tags() {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        tags: vec![
            json!({"name": "v2", "target": {"__typename": "Tag", "message": "v2\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n"}}),
            json!({"name": "v1", "target": {"__typename": "Tag", "message": "v1\n"}}),
            json!({"name": "v0", "target": {"__typename": "Commit"}}),
        ],
        // Only the newest tags are examined through the API; the rest are counted.
        tags_total: Some(250),
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::NotProtected, json!([]), &answer)
        .await;
    m.tree(
        HEAD,
        &[
            ("SECURITY.md", "Mail security@example.org\n"),
            (".github/workflows/ci.yml", "on: [pull_request]\njobs: {}\n"),
            ("README.md", "# r\n"),
        ],
        &["src/main.rs", "pkg/sbom.go"],
    )
    .await;
    let s = scan(&m, true).await;
    assert_eq!(s.head_commit.as_deref(), Some(HEAD));
    assert_eq!(s.default_branch.as_deref(), Some("main"));
    let f = s.files.unwrap().unwrap();
    assert_eq!(f.commit, HEAD);
    assert_eq!(f.entries.len(), 5, "directories are not entries");
    assert_eq!(
        f.text("SECURITY.md").unwrap().1.text,
        "Mail security@example.org\n"
    );
    assert!(f.text(".github/workflows/ci.yml").is_some());
    // Files the probes do not read are listed without content.
    assert!(f.get("src/main.rs").unwrap().content.is_none());
    let t = s.tags.unwrap().unwrap();
    assert_eq!((t.total, t.annotated, t.signed), (3, 2, 1));
    assert_eq!(t.in_repository, Some(250));
    assert_eq!(t.signed_names, vec!["v2"]);
    // The files query asked only for wanted files.
    let seen = m.gql.seen_queries.lock().unwrap().clone();
    let files_q = seen.iter().find(|q| q.contains("TssaFiles")).unwrap();
    assert_eq!(files_q.matches("object(expression:").count(), 3);
}

#[tokio::test]
async fn a_renamed_repository_is_followed_once() {
    let rec = recorded("recorded/rename-repository.json");
    let (moved, target) = (&rec[0], &rec[1]);
    let old = moved.path.trim_start_matches("/repos/").to_string();
    let (owner, old_name) = old.split_once('/').unwrap();
    let new_full = target.body["full_name"].as_str().unwrap().to_string();
    let (_, new_name) = new_full.split_once('/').unwrap();
    let m = MockGithub::start(owner, new_name).await;
    // The recorded 301 with its real headers, Location pointed at the mock.
    let location = moved
        .header("Location")
        .unwrap()
        .replace("https://api.github.com", &m.url());
    let mut t = wiremock::ResponseTemplate::new(301).set_body_json(&moved.body);
    for (k, v) in &moved.headers {
        if !k.eq_ignore_ascii_case("location") && !k.eq_ignore_ascii_case("content-type") {
            t = t.insert_header(k.as_str(), v.as_str());
        }
    }
    t = t.insert_header("Location", location.as_str());
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(moved.path.clone()))
        .respond_with(t)
        .mount(&m.server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(target.path.clone()))
        .respond_with(Etagged::ok(target.body.clone()))
        .mount(&m.server)
        .await;
    let answer = RepoAnswer::default();
    m.rules("main", json!([])).await;
    m.classic("main", Classic::NotProtected).await;
    m.pvr(false).await;
    m.advisories().await;
    m.answer(&answer);
    let mut req = m.request(false);
    req.repo = tssa_probe::evidence::GithubRepo {
        owner: owner.into(),
        name: old_name.into(),
    };
    let s = github::collect(&m.client(), &req).await.unwrap();
    let r = s.evidence.repo.as_ref().unwrap();
    assert_eq!(r.renamed_from.as_deref(), Some(old.as_str()));
    assert_eq!(r.repo.name, new_name);
    assert_eq!(s.repo.name, new_name);
    assert!(r.api_url.ends_with("/repositories/515436299"));
    // Later requests use the new name.
    assert_eq!(
        m.count(
            "GET",
            &format!("/repos/{owner}/{new_name}/rules/branches/main")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn link_pagination_is_followed() {
    // Real Link headers of a paginated listing, pointed at the mock.
    let pages = recorded("recorded/paginate-issues.json");
    let m = MockGithub::start("o", "r").await;
    m.metadata(Perm::Admin, "main").await;
    m.classic("main", Classic::NotProtected).await;
    m.pvr(true).await;
    m.advisories().await;
    m.answer(&RepoAnswer::default());
    let first = pages[0].header("Link").unwrap();
    // rel="next" of the first recorded page, rewritten to a second page of rules.
    let next = first
        .split(',')
        .find(|p| p.contains("rel=\"next\""))
        .unwrap()
        .trim()
        .replace("https://api.github.com", &m.url())
        .replace(
            "/repositories/515435940/issues",
            "/repos/o/r/rules/branches/main",
        );
    assert!(next.contains("page=2"));
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/repos/o/r/rules/branches/main"))
        .and(wiremock::matchers::query_param("page", "2"))
        .respond_with(Etagged::ok(json!([{"type": "deletion", "ruleset_id": 7}])))
        .with_priority(1)
        .mount(&m.server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/repos/o/r/rules/branches/main"))
        .respond_with(Etagged {
            status: 200,
            body: json!([{"type": "non_fast_forward", "ruleset_id": 7}]),
            extra: vec![("Link".into(), next)],
        })
        .with_priority(2)
        .mount(&m.server)
        .await;
    let s = scan(&m, false).await;
    let types: Vec<String> = s
        .evidence
        .rulesets
        .as_ref()
        .unwrap()
        .rules
        .iter()
        .map(|r| r.rule_type.clone())
        .collect();
    assert_eq!(types, vec!["non_fast_forward", "deletion"]);
}

#[tokio::test]
async fn commits_beyond_one_page_are_paged() {
    let m = MockGithub::start("o", "r").await;
    let page1: Vec<_> = (0..100)
        .map(|i| commit(&format!("{i:040x}"), dev(), None, "a", 1))
        .collect();
    let answer = RepoAnswer {
        head: format!("{:040x}", 0),
        commits: page1,
        has_next_page: true,
        ..Default::default()
    };
    m.serve(Perm::Read, Classic::Status(404), json!([]), &answer)
        .await;
    m.gql.history_pages.lock().unwrap().push(json!({"data": {"repository": {"head": {
        "__typename": "Commit", "oid": format!("{:040x}", 0),
        "history": {"pageInfo": {"hasNextPage": false, "endCursor": null},
                    "nodes": (100..130).map(|i| commit(&format!("{i:040x}"), dev(), None, "b", 1)).collect::<Vec<_>>()}}}}}));
    let mut req = m.request(true);
    req.commits = Some(250);
    let s = github::collect(&m.client(), &req).await.unwrap();
    let h = s.history.unwrap().unwrap();
    assert_eq!(h.commits_examined, 130);
    assert!(h.history_complete, "the last page reached the root");
    assert_eq!(m.gql.counts.lock().unwrap().get("TssaHistory"), Some(&1));

    // A limit inside the first page: not complete, no second request.
    let m2 = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        commits: (0..50)
            .map(|i| commit(&format!("{i:040x}"), dev(), None, "a", 1))
            .collect(),
        has_next_page: true,
        ..Default::default()
    };
    m2.serve(Perm::Read, Classic::Status(404), json!([]), &answer)
        .await;
    let mut req = m2.request(true);
    req.commits = Some(50);
    let s = github::collect(&m2.client(), &req).await.unwrap();
    let h = s.history.unwrap().unwrap();
    assert_eq!(h.commits_examined, 50);
    assert!(!h.history_complete);
    assert_eq!(m2.gql.counts.lock().unwrap().get("TssaHistory"), None);
}

#[tokio::test]
async fn empty_repository() {
    let m = MockGithub::start("o", "empty").await;
    let answer = RepoAnswer {
        is_empty: true,
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::Status(404), json!([]), &answer)
        .await;
    let s = scan(&m, true).await;
    assert!(s.evidence.repo.as_ref().unwrap().empty);
    let f = s.files.unwrap().unwrap_err();
    assert_eq!(f.reason, Reason::NotFound);
    assert!(f.detail.contains("empty"));
}

#[tokio::test]
async fn rate_status_reports_remaining_and_requests() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::NotProtected,
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    let c: GithubClient = m.client();
    let s = github::collect(&c, &m.request(false)).await.unwrap();
    let st = c.rate_status();
    // The recorded headers say 4962 left for `core`; the GraphQL mock says 4990.
    assert_eq!(st.remaining, Some(4962));
    assert!(!st.paused());
    assert_eq!(st.requests, s.evidence.requests);
    assert!(
        st.resources
            .iter()
            .any(|(r, n, _)| r == "graphql" && *n == 4990)
    );
    assert_eq!(s.evidence.rate_limit_remaining, Some(4962));
}

#[tokio::test]
async fn anonymous_remote_scan_reads_commits_releases_and_files_by_rest() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Read,
        Classic::Status(404),
        json!([]),
        &RepoAnswer::default(),
    )
    .await;
    let files = [
        ("SECURITY.md", "Mail security@example.org\n"),
        (".github/workflows/ci.yml", "on: [pull_request]\n"),
    ];
    m.tree(HEAD, &files, &["main.go"]).await;
    let commits = json!([
        {"sha": HEAD, "commit": {"committer": {"name": "GitHub", "email": "noreply@github.com", "date": "2025-01-02T00:00:00Z"},
            "message": "Merge (#2)", "verification": {"verified": true, "reason": "valid",
            "signature": "-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n", "payload": "tree"}}},
        {"sha": "a".repeat(40), "commit": {"committer": {"name": "Dev", "email": "dev@example.org", "date": "2025-01-01T00:00:00Z"},
            "message": "init\n\nSigned-off-by: Dev <dev@example.org>", "verification": {"verified": false, "reason": "unsigned", "signature": null, "payload": null}}}
    ]);
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/repos/o/r/commits"))
        .and(wiremock::matchers::query_param("sha", "main"))
        .respond_with(Etagged::ok(commits))
        .mount(&m.server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/repos/o/r/releases"))
        .respond_with(Etagged::ok(fixture("rest/list-releases.json")))
        .mount(&m.server)
        .await;
    let texts: std::collections::BTreeMap<String, String> = files
        .iter()
        .map(|(p, c)| (format!("/repos/o/r/contents/{p}"), (*c).to_string()))
        .collect();
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(any_path("^/repos/o/r/contents/.*"))
        .and(wiremock::matchers::query_param("ref", HEAD))
        .respond_with(
            move |req: &wiremock::Request| match texts.get(req.url.path()) {
                Some(t) => wiremock::ResponseTemplate::new(200)
                    .set_body_raw(t.clone().into_bytes(), "application/vnd.github.raw"),
                None => wiremock::ResponseTemplate::new(404),
            },
        )
        .mount(&m.server)
        .await;

    let c = GithubClient::new(m.config(false)).unwrap();
    let s = github::collect(&c, &m.request(true)).await.unwrap();
    assert_eq!(s.head_commit.as_deref(), Some(HEAD));
    let h = s.history.unwrap().unwrap();
    assert_eq!(h.commits_examined, 2);
    assert!(h.history_complete);
    assert_eq!((h.signatures.openpgp, h.signatures.unsigned), (1, 1));
    assert_eq!((h.web_flow_signed, h.dco_signed_off), (1, 1));
    assert_eq!(h.verification.unwrap().verified, 1);
    let f = s.files.unwrap().unwrap();
    assert_eq!(f.text("SECURITY.md").unwrap().1.text, files[0].1);
    assert!(f.text(".github/workflows/ci.yml").is_some());
    let r = s.evidence.releases.as_ref().unwrap();
    assert_eq!(r.releases[0].tag, "v1.0.0");
    assert_eq!(r.releases[0].assets[0].name, "example.zip");
    assert!(r.api_url.contains("/repos/o/r/releases"));
    assert_eq!(
        s.evidence.reviews.as_ref().unwrap_err().reason,
        Reason::NoToken
    );
    assert_eq!(s.tags.unwrap().unwrap_err().reason, Reason::NoToken);
    assert!(m.gql.counts.lock().unwrap().is_empty());
    // metadata, rules, reporting, advisories, commits, releases, tree, 2 files.
    assert_eq!(s.evidence.requests, 9);
}

#[tokio::test]
async fn a_local_head_not_on_github_falls_back_to_the_branch_for_direct_pushes() {
    let m = MockGithub::start("o", "r").await;
    m.serve(
        Perm::Admin,
        Classic::NotProtected,
        json!([]),
        &RepoAnswer {
            prs: vec![pr(1, "a", &[("b", "APPROVED")], &[], &[])],
            ..Default::default()
        },
    )
    .await;
    m.gql.repo.lock().unwrap()["data"]["repository"]["head"] = serde_json::Value::Null;
    m.gql.history_pages.lock().unwrap().push(json!({"data": {"repository": {"head": {
        "__typename": "Commit", "oid": HEAD,
        "history": {"pageInfo": {"hasNextPage": true, "endCursor": "x"},
                    "nodes": [commit(HEAD, dev(), None, "pushed", 0), commit(&"d".repeat(40), dev(), None, "merged", 1)]}}}}}));
    let mut req = m.request(false);
    req.head_commit = Some("9".repeat(40));
    let s = github::collect(&m.client(), &req).await.unwrap();
    let r = s.evidence.reviews.as_ref().unwrap();
    assert_eq!(r.direct_pushes, vec![HEAD.to_string()]);
    assert_eq!(r.pull_requests.len(), 1);
    // GitHub's verdicts are not applied to commits it does not have.
    let h = s.history.unwrap().unwrap_err();
    assert_eq!(h.reason, Reason::NotFound);
    // The first query asked for the local head.
    let q = m.gql.counts.lock().unwrap().clone();
    assert_eq!(
        (q.get("TssaRepo"), q.get("TssaHistory")),
        (Some(&1), Some(&1))
    );
}
