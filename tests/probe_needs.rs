#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Collection follows the selected probes' needs: a remote `--probe signed-commits` sends
//! no badge-site request, asks GitHub for no pull requests, protection, releases or
//! security settings, while the full probe set does (the control).

use crate::github_support;

use github_support::*;
use serde_json::json;
use tssa_probe::evidence::badge::BadgeClient;
use tssa_probe::input::Target;
use tssa_probe::model::{Outcome, ProbeId};
use tssa_probe::scan::{self, Clients, ScanOptions};

async fn repo() -> MockGithub {
    let m = MockGithub::start("o", "r").await;
    let answer = RepoAnswer {
        bpr: bpr(1),
        commits: vec![commit(
            HEAD,
            dev(),
            Some(("GpgSignature", true, "VALID")),
            "Add",
            1,
        )],
        prs: vec![pr(1, "a", &[("b", "APPROVED")], &[], &[])],
        releases: vec![release("v1.0.0", &["r.tar.gz"])],
        ..Default::default()
    };
    m.serve(Perm::Admin, Classic::Rule, json!([]), &answer)
        .await;
    m.tree(
        HEAD,
        &[
            (
                "SECURITY.md",
                "# Security\n\nReport to security@example.org\n",
            ),
            ("README.md", "# r\n"),
        ],
        &[],
    )
    .await;
    m
}

struct Seen {
    paths: Vec<String>,
    repo_queries: Vec<String>,
    report: tssa_probe::Report,
}

async fn scan_with(probes: Vec<ProbeId>) -> Seen {
    let m = repo().await;
    let clients = Clients {
        github: m.client(),
        badge: BadgeClient::new(&m.url(), None).unwrap(),
    };
    let opts = ScanOptions {
        probes,
        ..ScanOptions::default()
    };
    let report = scan::scan("o/r", &Target::Github(m.github_repo()), &opts, &clients)
        .await
        .unwrap();
    let paths = m
        .received()
        .await
        .into_iter()
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    let repo_queries = m
        .gql
        .seen_queries
        .lock()
        .unwrap()
        .iter()
        .filter(|q| q.contains("TssaRepo"))
        .cloned()
        .collect();
    Seen {
        paths,
        repo_queries,
        report,
    }
}

fn sent(seen: &Seen, needle: &str) -> usize {
    seen.paths.iter().filter(|p| p.contains(needle)).count()
}

#[tokio::test]
async fn remote_signed_commits_reads_only_what_it_needs() {
    let all = scan_with(Vec::new()).await;
    // The control: the full probe set reads each of these.
    for needle in [
        "/projects",
        "/rules/branches/",
        "/protection",
        "/private-vulnerability-reporting",
        "/security-advisories",
    ] {
        assert!(sent(&all, needle) > 0, "{needle} not sent: {:?}", all.paths);
    }
    assert_eq!(all.repo_queries.len(), 1);
    assert!(all.repo_queries[0].contains("pullRequests("));

    let one = scan_with(vec![ProbeId::SignedCommits]).await;
    for needle in [
        "/projects",
        "/rules/branches/",
        "/protection",
        "/private-vulnerability-reporting",
        "/security-advisories",
        "/releases",
    ] {
        assert_eq!(sent(&one, needle), 0, "{needle} sent: {:?}", one.paths);
    }
    assert_eq!(one.report.api.bestpractices_requests, 0);
    assert_eq!(one.repo_queries.len(), 1, "{:?}", one.paths);
    let q = &one.repo_queries[0];
    for gone in [
        "pullRequests(",
        "releases(",
        "rulesets(",
        "branchProtectionRule",
        "orgPolicy",
    ] {
        assert!(!q.contains(gone), "{gone} asked for:\n{q}");
    }
    // Tags and history are what signed-commits judges: still asked for, and judged.
    assert!(q.contains("tags: refs(") && q.contains("history(first: $commits)"));
    assert!(one.report.api.requests < all.report.api.requests);
    assert_eq!(one.report.probes.len(), 1);
    let p = &one.report.probes[0];
    assert_eq!(p.id(), ProbeId::SignedCommits);
    assert_eq!(p.outcome, Outcome::Met, "{}", p.summary);
}

#[test]
fn every_probe_declares_needs_and_the_union_reads_every_file_pattern() {
    use tssa_probe::evidence::files::{wanted, wanted_for};
    let union = tssa_probe::probes::needs(&[]);
    assert_eq!(union, tssa_probe::probes::needs(&ProbeId::ALL));
    for path in [
        "SECURITY.md",
        "docs/security/reporting.md",
        "SECURITY-INSIGHTS.yml",
        "SECURITY_CONTACTS",
        "README.md",
        "CONTRIBUTING.md",
        ".github/workflows/ci.yml",
        ".goreleaser.yaml",
        "hack/build.sh",
        "Makefile",
        ".github/dependabot.yml",
        "renovate.json",
        ".github/CODEOWNERS",
        "OWNERS",
        "RELEASE.md",
        "CHANGELOG.md",
        "sbom.spdx.json",
        "src/main.rs",
    ] {
        assert_eq!(wanted_for(path, 10, union), wanted(path, 10), "{path}");
    }
    // One probe reads less: signed-commits reads no file contents at all.
    let sc = tssa_probe::probes::needs(&[ProbeId::SignedCommits]);
    assert_eq!(
        wanted_for("SECURITY.md", 10, sc),
        tssa_probe::evidence::files::Want::No
    );
    assert_ne!(
        wanted("SECURITY.md", 10),
        tssa_probe::evidence::files::Want::No
    );
}
