//! Test support: synthetic evidence for the probes' unit tests, and the check that every
//! non-null fact of a judgement is backed by a citation naming it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::evidence::github::*;
use crate::evidence::{Evidence, GithubRepo, HistoryCensus, RepoIdentity, TagCensus, Unavailable};
use crate::model::{Reason, SignatureCounts};

use super::Judgement;

pub const SHA: &str = "0123456789abcdef0123456789abcdef01234567";
pub const AT: &str = "2026-01-01T00:00:00Z";
pub const API: &str = "https://api.github.com/repos/o/r";

pub fn offline() -> Unavailable {
    Unavailable::new(Reason::Offline, "the scan ran with --offline")
}

pub fn unavailable(reason: Reason) -> Unavailable {
    Unavailable::new(reason, format!("test: {}", reason.as_str()))
}

pub use super::fuzzing::snapshot;

/// Offline evidence of repository `o/r` on GitHub with these files; everything from the
/// API unavailable (offline), no history or tags.
pub fn with_files(files: &[(&str, &str)]) -> Evidence {
    let repo = RepoIdentity {
        input: "o/r".into(),
        local_path: Some("/tmp/r".into()),
        github: Some(GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        }),
        default_branch: Some("main".into()),
        head_commit: Some(SHA.into()),
    };
    let mut ev = Evidence::empty(repo, AT.into(), offline());
    ev.files = Ok(snapshot(files));
    ev
}

/// The same, for a repository with no GitHub origin.
pub fn local_only(files: &[(&str, &str)]) -> Evidence {
    let mut ev = with_files(files);
    ev.repo.github = None;
    ev.github = GithubEvidence::unavailable(Unavailable::new(
        Reason::Offline,
        "the repository has no GitHub origin",
    ));
    ev
}

/// Repository metadata as an admin (or not) sees it.
pub fn gh_repo(admin: bool) -> GhRepo {
    GhRepo {
        api_url: API.into(),
        html_url: "https://github.com/o/r".into(),
        repo: crate::repo::GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        },
        default_branch: "main".into(),
        viewer_permission: Some(if admin { "admin" } else { "read" }.into()),
        ..Default::default()
    }
}

/// Evidence as an API scan with every API part read (empty), files as given.
pub fn online(files: &[(&str, &str)]) -> Evidence {
    let mut ev = with_files(files);
    ev.github = GithubEvidence {
        repo: Ok(gh_repo(true)),
        classic_protection: Ok(None),
        rulesets: Ok(Rulesets {
            api_url: format!("{API}/rules/branches/main"),
            rules: vec![],
            names: vec![],
        }),
        reviews: Ok(ReviewEvidence {
            api_url: "https://api.github.com/graphql".into(),
            ..Default::default()
        }),
        org_security_policy: Ok(None),
        private_vulnerability_reporting: Ok(Flag {
            api_url: format!("{API}/private-vulnerability-reporting"),
            enabled: false,
        }),
        advisories: Ok(Advisories {
            api_url: format!("{API}/security-advisories"),
            published: 0,
        }),
        checks: Ok(vec![]),
        releases: Ok(Releases {
            api_url: format!("{API}/releases"),
            releases: vec![],
        }),
        requests: 8,
        not_modified: 0,
        rate_limit_remaining: Some(4000),
    };
    ev
}

/// A history census of `n` commits, all unsigned.
pub fn history(n: u64) -> HistoryCensus {
    HistoryCensus {
        head: SHA.into(),
        commits_examined: n,
        history_complete: true,
        signatures: SignatureCounts {
            unsigned: n,
            ..Default::default()
        },
        oldest_commit_time: Some(1_600_000_000),
        newest_commit_time: Some(1_700_000_000),
        source_url: Some("git".into()),
        ..Default::default()
    }
}

pub fn tags(total: u64, signed: u64) -> TagCensus {
    TagCensus {
        total,
        annotated: signed,
        signed,
        signed_names: (0..signed.min(3)).map(|i| format!("v1.{i}.0")).collect(),
        source_url: Some("git".into()),
        in_repository: None,
        malformed: 0,
    }
}

pub fn release(tag: &str, assets: &[&str]) -> ReleaseInfo {
    ReleaseInfo {
        tag: tag.into(),
        name: Some(tag.into()),
        html_url: format!("https://github.com/o/r/releases/tag/{tag}"),
        published_at: Some("2025-01-01T00:00:00Z".into()),
        prerelease: false,
        assets: assets
            .iter()
            .map(|a| ReleaseAsset {
                name: (*a).into(),
                url: format!("https://github.com/o/r/releases/download/{tag}/{a}"),
            })
            .collect(),
    }
}

/// Panics unless every non-null top-level fact of `j` is named by a citation's `supports`,
/// and every citation is well formed (excerpt ≤ 200 chars, file citations at the commit).
pub fn assert_cited(j: &Judgement) {
    let facts = j.facts.to_json_object();
    for (name, value) in &facts {
        let null_like = value.is_null() || value.as_str() == Some("unknown");
        if null_like {
            continue;
        }
        assert!(
            j.citations
                .iter()
                .any(|c| c.supports.iter().any(|s| super::util::fact_name(s) == name)),
            "{}: fact `{name}` = {value} has no citation; citations: {:#?}",
            j.facts.id(),
            j.citations
        );
    }
    for c in &j.citations {
        assert!(!c.supports.is_empty(), "citation supports nothing: {c:?}");
        for s in &c.supports {
            assert!(
                facts.contains_key(super::util::fact_name(s)),
                "{}: citation supports unknown fact `{s}`",
                j.facts.id()
            );
        }
        if let Some(e) = &c.excerpt {
            assert!(e.chars().count() <= 200);
        }
        if c.kind == crate::model::CitationKind::File {
            assert!(c.path.is_some());
            assert_eq!(c.commit.as_deref(), Some(SHA));
            if let Some(u) = &c.url {
                assert!(u.contains(SHA), "file citation not at the commit: {u}");
            }
        }
    }
    if j.outcome == crate::model::Outcome::Unknown {
        assert!(
            j.reason.is_some(),
            "unknown without a reason: {}",
            j.summary
        );
    }
    assert!(!j.summary.trim().is_empty());
}

/// The facts as JSON, for assertions.
pub fn facts(j: &Judgement) -> serde_json::Value {
    serde_json::Value::Object(j.facts.to_json_object())
}

/// Every one of this helper's probes, over several scenarios: each non-null fact cited.
#[test]
fn every_fact_is_cited_in_every_scenario() {
    use crate::model::ProbeId;
    let rich_files: &[(&str, &str)] = &[
        (
            "SECURITY.md",
            "Report to security@example.org or https://example.org/sec\n",
        ),
        (
            "SECURITY-INSIGHTS.yml",
            "header:\n  schema-version: 2.0.0\n",
        ),
        ("CODEOWNERS", "* @o/maintainers\n"),
        ("OWNERS", "approvers:\n- alice\n"),
        ("pkg/OWNERS", "reviewers:\n- bob\n"),
        (
            ".github/workflows/ci.yml",
            "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n      - uses: github/codeql-action/analyze@v3\n",
        ),
        (
            ".github/workflows/release.yml",
            "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n      - uses: anchore/sbom-action@v0\n      - run: cosign sign-blob --yes x\n      - uses: actions/attest-build-provenance@v1\n",
        ),
        (".github/workflows/bad.yml", "on: [push\njobs: ::\n"),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: gomod\n",
        ),
        (
            ".goreleaser.yaml",
            "checksum:\n  name_template: checksums.txt\nsigns:\n  - cmd: cosign\nsboms:\n  - artifacts: archive\n",
        ),
        ("sbom.spdx.json", "{\"spdxVersion\": \"SPDX-2.3\"}"),
        ("pkg/sbom.go", "package sbom\n"),
    ];
    let mut scenarios: Vec<(&str, Evidence)> = vec![
        ("offline, files", with_files(rich_files)),
        ("offline, no files", with_files(&[])),
        ("local only", local_only(rich_files)),
        ("files unreadable", {
            let mut e = with_files(&[]);
            e.files = Err(unavailable(Reason::ApiError));
            e
        }),
        ("online, empty", online(&[])),
    ];
    let mut rich = online(rich_files);
    rich.history = Ok(HistoryCensus {
        signatures: SignatureCounts {
            openpgp: 5,
            ssh: 3,
            x509: 0,
            other: 0,
            unsigned: 2,
            malformed: 0,
        },
        web_flow_signed: 4,
        developer_signed: 4,
        web_flow_commits: 4,
        dco_signed_off: 6,
        examples: vec![("developer_signed".into(), SHA.into())],
        verification: Some(crate::model::VerificationCounts {
            checked: 10,
            verified: 8,
            ..Default::default()
        }),
        ..history(10)
    });
    rich.tags = Ok(tags(4, 2));
    rich.github.classic_protection = Ok(Some(ClassicProtection {
        api_url: format!("{API}/branches/main/protection"),
        via: "rest".into(),
        required_approvals: Some(1),
        required_status_checks: vec!["ci".into()],
        ..Default::default()
    }));
    rich.github.rulesets = Ok(Rulesets {
        api_url: format!("{API}/rules/branches/main"),
        rules: vec![BranchRule {
            rule_type: "deletion".into(),
            ruleset_id: Some(1),
            ruleset_source: Some("o/r".into()),
            parameters: serde_json::Value::Null,
        }],
        names: vec!["main".into()],
    });
    rich.github.reviews = Ok(ReviewEvidence {
        api_url: "https://api.github.com/graphql".into(),
        pull_requests: vec![PullRequestInfo {
            number: 1,
            url: "https://github.com/o/r/pull/1".into(),
            author: Some("a".into()),
            reviews: vec![Review {
                author: Some("b".into()),
                state: "APPROVED".into(),
            }],
            labels: vec!["lgtm".into()],
            ..Default::default()
        }],
        direct_pushes: vec![SHA.into()],
    });
    rich.github.private_vulnerability_reporting = Ok(Flag {
        api_url: format!("{API}/private-vulnerability-reporting"),
        enabled: true,
    });
    rich.github.checks = Ok(vec![CommitChecks {
        commit: SHA.into(),
        api_url: format!("{API}/commits/{SHA}/check-runs"),
        default_branch_head: true,
        runs: vec![CheckRun {
            app: "github-actions".into(),
            name: "test".into(),
            status: "completed".into(),
            conclusion: Some("success".into()),
        }],
    }]);
    rich.github.releases = Ok(Releases {
        api_url: format!("{API}/releases"),
        releases: vec![release(
            "v1.0.0",
            &[
                "r_linux.tar.gz",
                "checksums.txt",
                "checksums.txt.sig",
                "r.spdx.json",
                "r.intoto.jsonl",
            ],
        )],
    });
    scenarios.push(("online, rich", rich));
    let mut org = online(&[]);
    org.github.org_security_policy = Ok(Some(OrgPolicy {
        repository: "o/.github".into(),
        path: "SECURITY.md".into(),
        html_url: "https://github.com/o/.github/blob/main/SECURITY.md".into(),
        content: "Mail security@o.example\n".into(),
    }));
    scenarios.push(("org policy", org));

    // Every probe but the badge's, which another module owns and tests.
    let mine = ProbeId::ALL
        .into_iter()
        .filter(|id| *id != ProbeId::BestPracticesBadge);
    for id in mine {
        let p = super::probe(id).unwrap();
        for (name, ev) in &scenarios {
            let j = p.judge(ev);
            assert_eq!(j.facts.id(), id);
            eprintln!("{id} [{name}]: {:?} {}", j.outcome, j.summary);
            assert_cited(&j);
        }
    }
}
