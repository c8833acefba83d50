//! Synthetic reports built through the library (probe results → `assess::build` → Report)
//! for the Markdown, self-assessment and schema tests: met, partially met, not met,
//! unknown, and an injection fixture with hostile repository content. Every probe's facts
//! are covered. Volatile fields (`generated_at`, durations) are fixed.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use tssa_probe::Report;
use tssa_probe::assess;
use tssa_probe::evidence::{
    EntryKind, Evidence, FileEntry, FileSnapshot, GithubRepo, RepoIdentity, Unavailable,
};
use tssa_probe::model::*;

pub const AT: &str = "2026-01-02T03:04:05Z";
pub const SHA: &str = "0123456789abcdef0123456789abcdef01234567";
const API: &str = "https://api.github.com/repos/example/widget";

fn github_identity() -> RepoIdentity {
    RepoIdentity {
        input: "example/widget".into(),
        local_path: None,
        github: Some(GithubRepo {
            owner: "example".into(),
            name: "widget".into(),
        }),
        default_branch: Some("main".into()),
        head_commit: Some(SHA.into()),
    }
}

fn evidence(repo: RepoIdentity, files: &[&str]) -> Evidence {
    let mut ev = Evidence::empty(
        repo,
        AT.into(),
        Unavailable::new(Reason::NotCollected, "synthetic"),
    );
    let mut entries = BTreeMap::new();
    for f in files {
        entries.insert(
            (*f).to_string(),
            FileEntry {
                size: 100,
                kind: EntryKind::File,
                content: None,
            },
        );
    }
    ev.files = Ok(FileSnapshot {
        commit: SHA.into(),
        entries,
        ..Default::default()
    });
    ev
}

fn result(
    facts: ProbeFacts,
    outcome: Outcome,
    reason: Option<Reason>,
    summary: &str,
    citations: Vec<Citation>,
) -> ProbeResult {
    ProbeResult {
        title: facts.id().to_string(),
        facts,
        outcome,
        reason,
        summary: summary.into(),
        citations,
        duration_ms: 0,
    }
}

fn file(ev: &Evidence, path: &str, lines: Option<(u32, u32)>, facts: &[&str]) -> Citation {
    ev.cite_file(path, lines).supports(facts)
}

fn api(ev: &Evidence, path: &str, facts: &[&str]) -> Citation {
    ev.cite_api(&format!("{API}{path}")).supports(facts)
}

fn report(ev: &Evidence, probes: Vec<ProbeResult>, mode: Mode) -> Report {
    let self_assessment = assess::build(&probes, ev);
    let gh = ev.repo.github.as_ref();
    Report {
        schema_version: SCHEMA_VERSION.into(),
        tool: ToolInfo {
            name: "tssa-probe".into(),
            version: "0.1.0".into(),
        },
        repository: RepositoryInfo {
            input: ev.repo.input.clone(),
            url: gh.map(|g| g.html_url()),
            owner: gh.map(|g| g.owner.clone()),
            name: gh.map(|g| g.name.clone()),
            default_branch: ev.repo.default_branch.clone(),
            head_commit: ev.repo.head_commit.clone(),
            local_path: ev.repo.local_path.clone(),
            archived: gh.map(|_| false),
            fork: gh.map(|_| false),
            renamed_to: None,
        },
        generated_at: AT.into(),
        mode,
        summary: Summary::of(&probes),
        probes,
        self_assessment,
        api: ApiStats::default(),
        osps_baseline: None,
        badge_proposals: None,
    }
}

fn online() -> Mode {
    Mode {
        offline: false,
        authenticated: true,
        commits_limit: Some(1000),
        sources: vec!["git".into(), "github_api".into()],
        notes: vec![],
        incomplete: None,
    }
}

fn offline() -> Mode {
    Mode {
        offline: true,
        authenticated: false,
        commits_limit: Some(1000),
        sources: vec!["git".into()],
        notes: vec![],
        incomplete: None,
    }
}

fn workflow(path: &str, triggers: &[&str], tests: bool, sast: &[&str]) -> WorkflowFacts {
    WorkflowFacts {
        path: path.into(),
        name: None,
        triggers: triggers.iter().map(|s| s.to_string()).collect(),
        runs_tests: tests,
        sast: sast.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

/// Contacts of a security policy file, each at its line.
fn contacts_at(path: &str, items: &[(&str, ContactKind, u32)]) -> Vec<PolicyContact> {
    items
        .iter()
        .map(|(v, kind, line)| PolicyContact {
            value: (*v).into(),
            kind: *kind,
            origin: ContactOrigin::Policy,
            found_in: path.into(),
            line: Some(*line),
            written: None,
            section: None,
            linked_from: None,
            linked_from_line: None,
        })
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Everything met: a well-run project scanned with a token.
pub fn met() -> Report {
    let ev = evidence(
        github_identity(),
        &[
            "README.md",
            "SECURITY.md",
            "SECURITY-INSIGHTS.yml",
            "RELEASE.md",
            "CHANGELOG.md",
            ".github/CODEOWNERS",
            ".github/dependabot.yml",
            ".github/workflows/ci.yml",
            ".github/workflows/codeql.yml",
            ".github/workflows/release.yml",
            ".goreleaser.yaml",
            "vendor/foo/RELEASE.md",
            "cmd/widget/main.go",
        ],
    );
    let census = [
        "commits_examined",
        "history_complete",
        "signatures",
        "web_flow_signed",
        "developer_signed",
        "dco_signed_off",
    ];
    let signed = result(
        ProbeFacts::SignedCommits(SignedCommitsFacts {
            commits_examined: Some(1000),
            history_complete: Some(false),
            signatures: Some(SignatureCounts {
                openpgp: 810,
                ssh: 2,
                x509: 0,
                other: 0,
                unsigned: 188,
                ..Default::default()
            }),
            web_flow_signed: Some(790),
            developer_signed: Some(22),
            dco_signed_off: Some(312),
            merge_commits: None,
            dco_signed_off_non_merge: None,
            verified: Some(VerificationCounts {
                checked: 1000,
                verified: 812,
                unverified_reasons: [("unsigned".to_string(), 188)].into(),
            }),
            tags: Some(TagCounts {
                total: 40,
                annotated: 38,
                signed: 3,
                in_repository: None,
                ..Default::default()
            }),
            head_commit: Some(SHA.into()),
            first_commit_date: Some("2020-01-01T00:00:00Z".into()),
            last_commit_date: Some(AT.into()),
        }),
        Outcome::Met,
        None,
        "812 of 1000 commits signed.",
        vec![
            ev.cite_commit(SHA)
                .excerpt("1000 commits examined")
                .supports(&census),
            api(&ev, "/commits?sha=main&per_page=100", &["verified"]),
            api(&ev, "/tags", &["tags"]),
        ],
    );
    let bp = result(
        ProbeFacts::BranchProtection(BranchProtectionFacts {
            branch: Some("main".into()),
            protected: Some(true),
            source: ProtectionSource::Both,
            required_approvals: Some(2),
            require_code_owner_reviews: Some(true),
            dismiss_stale_reviews: Some(true),
            required_status_checks: Some(strings(&["ci / test", "lint"])),
            enforce_admins: Some(true),
            required_signatures: Some(true),
            force_push_blocked: Some(true),
            deletion_blocked: Some(true),
            linear_history: Some(false),
            classic_readable: Some(true),
            rulesets: Some(strings(&["main-protection"])),
            pull_request_required: Some(true),
        }),
        Outcome::Met,
        None,
        "main is protected.",
        vec![
            api(
                &ev,
                "/branches/main/protection",
                &[
                    "branch",
                    "protected",
                    "source",
                    "required_approvals",
                    "require_code_owner_reviews",
                    "dismiss_stale_reviews",
                    "required_status_checks",
                    "enforce_admins",
                    "required_signatures",
                    "force_push_blocked",
                    "deletion_blocked",
                    "linear_history",
                    "classic_readable",
                    "pull_request_required",
                ],
            ),
            api(&ev, "/rules/branches/main", &["rulesets", "source"]),
        ],
    );
    let review = result(
        ProbeFacts::CodeReview(CodeReviewFacts {
            required_approvals: Some(2),
            changes_examined: Some(30),
            reviewed: Some(29),
            reviewed_not_approved: Some(1),
            unreviewed: Some(0),
            review_mechanisms: Some(vec![
                ReviewMechanism::GithubReviews,
                ReviewMechanism::Codeowners,
            ]),
            codeowners_path: Some(".github/CODEOWNERS".into()),
            codeowners_rules: Some(3),
            codeowners_owners_of_all: None,
            owners_files: Some(vec![]),
            owners_files_total: Some(0),
        }),
        Outcome::Met,
        None,
        "29 of 30 changes approved.",
        vec![
            ev.cite_api("https://api.github.com/graphql").supports(&[
                "changes_examined",
                "reviewed",
                "reviewed_not_approved",
                "unreviewed",
                "review_mechanisms",
            ]),
            file(
                &ev,
                ".github/CODEOWNERS",
                Some((1, 4)),
                &["codeowners_path", "review_mechanisms"],
            ),
            api(&ev, "/branches/main/protection", &["required_approvals"]),
        ],
    );
    let policy = result(
        ProbeFacts::SecurityPolicy(SecurityPolicyFacts {
            locations: Some(strings(&["SECURITY.md"])),
            source: PolicySource::Repository,
            contact: Some(strings(&[
                "security@example.org",
                "https://github.com/example/widget/security/advisories/new",
            ])),
            private_vulnerability_reporting: Some(true),
            advisories_published: Some(3),
            security_insights_path: Some("SECURITY-INSIGHTS.yml".into()),
            security_contacts_path: None,
            security_contacts: None,
            contact_details: Some(contacts_at(
                "SECURITY.md",
                &[
                    ("security@example.org", ContactKind::Email, 5),
                    (
                        "https://github.com/example/widget/security/advisories/new",
                        ContactKind::PrivateVulnerabilityReporting,
                        6,
                    ),
                ],
            )),
            references: Some(vec![]),
            ..Default::default()
        }),
        Outcome::Met,
        None,
        "SECURITY.md names a contact.",
        vec![
            file(
                &ev,
                "SECURITY.md",
                Some((1, 20)),
                &["locations", "source", "references"],
            ),
            file(
                &ev,
                "SECURITY.md",
                Some((5, 6)),
                &["contact", "contact_details"],
            )
            .excerpt("Please report vulnerabilities to security@example.org."),
            api(
                &ev,
                "/private-vulnerability-reporting",
                &["private_vulnerability_reporting"],
            ),
            api(&ev, "/security-advisories", &["advisories_published"]),
            file(
                &ev,
                "SECURITY-INSIGHTS.yml",
                None,
                &["security_insights_path"],
            ),
        ],
    );
    let ci = result(
        ProbeFacts::CiChecks(CiChecksFacts {
            systems: Some(strings(&["github_actions"])),
            workflows: Some(vec![
                workflow(
                    ".github/workflows/ci.yml",
                    &["push", "pull_request"],
                    true,
                    &[],
                ),
                workflow(
                    ".github/workflows/codeql.yml",
                    &["push", "pull_request", "schedule"],
                    false,
                    &["codeql"],
                ),
                WorkflowFacts {
                    name: Some("Release".into()),
                    ..workflow(".github/workflows/release.yml", &["push"], false, &[])
                },
            ]),
            pull_request_triggered: Some(true),
            runs_tests: Some(true),
            sast: Some(strings(&["codeql"])),
            dependency_update_tools: Some(strings(&["dependabot"])),
            vulnerability_scanning: Some(strings(&["govulncheck"])),
            recent_runs_passing: Some(true),
            check_runs: Some(vec![CheckRunsFacts {
                commit: SHA.into(),
                total: 14,
                passing: 14,
                failing: 0,
                pending: 0,
                apps: strings(&["github-actions"]),
            }]),
            ..Default::default()
        }),
        Outcome::Met,
        None,
        "CI runs tests on pull requests.",
        vec![
            file(
                &ev,
                ".github/workflows/ci.yml",
                Some((3, 5)),
                &[
                    "workflows",
                    "pull_request_triggered",
                    "runs_tests",
                    "systems",
                ],
            ),
            file(
                &ev,
                ".github/workflows/codeql.yml",
                Some((20, 22)),
                &["workflows", "sast"],
            ),
            file(
                &ev,
                ".github/workflows/release.yml",
                Some((1, 8)),
                &["workflows"],
            ),
            file(
                &ev,
                ".github/workflows/ci.yml",
                Some((30, 31)),
                &["vulnerability_scanning"],
            ),
            file(
                &ev,
                ".github/dependabot.yml",
                Some((1, 6)),
                &["dependency_update_tools"],
            ),
            api(
                &ev,
                &format!("/commits/{SHA}/check-runs"),
                &["check_runs", "recent_runs_passing"],
            ),
        ],
    );
    let sbom = result(
        ProbeFacts::Sbom(SbomFacts {
            in_repository: Some(vec![]),
            generated_by_pipeline: Some(vec![PipelineTool {
                tool: "syft".into(),
                path: ".goreleaser.yaml".into(),
                line: 40,
                via: vec![".github/workflows/release.yml:30".into()],
                workflow: Some(".github/workflows/release.yml".into()),
            }]),
            in_release_assets: Some(strings(&["widget_1.2.3_sbom.spdx.json"])),
            configured_in_build: None,
        }),
        Outcome::Met,
        None,
        "SBOMs are generated and published.",
        vec![
            file(&ev, ".goreleaser.yaml", Some((40, 42)), &["generated_by_pipeline"]),
            Citation::new(CitationKind::ReleaseAsset, AT)
                .url("https://github.com/example/widget/releases/download/v1.2.3/widget_1.2.3_sbom.spdx.json")
                .path("widget_1.2.3_sbom.spdx.json")
                .supports(&["in_release_assets"]),
        ],
    );
    let release = result(
        ProbeFacts::ReleaseIntegrity(ReleaseIntegrityFacts {
            pipeline: Some(ReleasePipelineFacts {
                checksums: true,
                signatures: true,
                provenance: true,
                sbom: true,
                tools: strings(&["goreleaser", "cosign", "slsa-github-generator"]),
                workflows: vec![ReleaseWorkflowFacts {
                    path: ".github/workflows/release.yml".into(),
                    trigger: "tag push".into(),
                    trigger_line: 3,
                    publishes_with: "goreleaser".into(),
                    publish_path: ".github/workflows/release.yml".into(),
                    publish_line: 20,
                    also_publishes_with: vec![],
                    draft: false,
                }],
                steps: ["checksums", "signatures", "provenance", "sbom"]
                    .iter()
                    .zip([4u32, 10, 30, 40])
                    .map(|(k, line)| ReleaseStepFacts {
                        kind: (*k).into(),
                        tool: "goreleaser".into(),
                        path: ".goreleaser.yaml".into(),
                        line,
                        via: vec![".github/workflows/release.yml:20".into()],
                        workflow: ".github/workflows/release.yml".into(),
                        by_default: false,
                        covers: Some("files".into()),
                    })
                    .collect(),
                steps_total: 4,
                signed: strings(&["files"]),
                destinations: vec![PublishDestination {
                    tool: "goreleaser".into(),
                    destination: "github-releases".into(),
                    covers: None,
                    path: ".github/workflows/release.yml".into(),
                    line: 20,
                    workflow: ".github/workflows/release.yml".into(),
                }],
            }),
            releases_examined: Some(10),
            with_checksums: Some(10),
            with_signatures: Some(10),
            with_provenance: Some(10),
            with_sbom: Some(10),
            signed_tags: Some(3),
            releases: Some(vec![ReleaseFacts {
                tag: "v1.2.3".into(),
                url: "https://github.com/example/widget/releases/tag/v1.2.3".into(),
                assets: 14,
                checksums: strings(&["checksums.txt"]),
                signatures: strings(&["checksums.txt.sig", "checksums.txt.pem"]),
                provenance: strings(&["multiple.intoto.jsonl"]),
                sboms: strings(&["widget_1.2.3_sbom.spdx.json"]),
            }]),
            release_docs: Some(strings(&["RELEASE.md"])),
            changelogs: Some(strings(&["CHANGELOG.md"])),
            ..Default::default()
        }),
        Outcome::Met,
        None,
        "Releases are signed and checksummed.",
        vec![
            file(&ev, "RELEASE.md", None, &["release_docs"]),
            file(&ev, "CHANGELOG.md", None, &["changelogs"]),
            file(
                &ev,
                ".github/workflows/release.yml",
                Some((3, 3)),
                &["pipeline.workflows"],
            ),
            file(
                &ev,
                ".github/workflows/release.yml",
                Some((20, 20)),
                &[
                    "pipeline.workflows",
                    "pipeline.tools",
                    "pipeline.tools[goreleaser]",
                ],
            ),
            file(
                &ev,
                ".goreleaser.yaml",
                Some((4, 4)),
                &["pipeline.checksums"],
            ),
            file(
                &ev,
                ".goreleaser.yaml",
                Some((10, 10)),
                &["pipeline.signatures", "pipeline.tools[cosign]"],
            ),
            file(
                &ev,
                ".goreleaser.yaml",
                Some((30, 30)),
                &[
                    "pipeline.provenance",
                    "pipeline.tools[slsa-github-generator]",
                ],
            ),
            api(
                &ev,
                "/releases?per_page=10",
                &[
                    "releases_examined",
                    "with_checksums",
                    "with_signatures",
                    "with_provenance",
                    "with_sbom",
                    "releases",
                ],
            ),
            api(&ev, "/tags", &["signed_tags"]),
        ],
    );
    let badge = result(
        ProbeFacts::BestPracticesBadge(BestPracticesBadgeFacts {
            project_id: Some(1234),
            source: Some(BadgeSource::Readme),
            level: Some(BadgeLevel::Passing),
            tiered_percentage: Some(107),
            baseline_level: Some("baseline-1".into()),
            url: Some("https://www.bestpractices.dev/projects/1234".into()),
            readme_mismatch: Some(false),
            criteria: Some(vec![
                BadgeCriterion {
                    name: "vulnerability_report_process".into(),
                    status: "Met".into(),
                    justification: Some("See SECURITY.md".into()),
                    url: "https://www.bestpractices.dev/projects/1234#vulnerability_report_process".into(),
                },
                BadgeCriterion {
                    name: "static_analysis".into(),
                    status: "Met".into(),
                    justification: None,
                    url: "https://www.bestpractices.dev/projects/1234#static_analysis".into(),
                },
            ]),
            other_project_ids: None,
        }),
        Outcome::Met,
        None,
        "Passing badge.",
        vec![
            file(&ev, "README.md", Some((3, 3)), &["project_id", "source", "readme_mismatch"])
                .excerpt("[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/1234/badge)](https://www.bestpractices.dev/projects/1234)"),
            ev.cite_url("https://www.bestpractices.dev/projects/1234.json").supports(&[
                "level",
                "tiered_percentage",
                "baseline_level",
                "url",
                "criteria",
            ]),
        ],
    );
    report(
        &ev,
        vec![
            signed,
            bp,
            review,
            policy,
            ci,
            sbom,
            release,
            badge,
            project_docs_met(&ev),
            result(
                ProbeFacts::Communication(tssa_probe::model::CommunicationFacts {
                    documents_read: Some(vec!["README.md".into()]),
                    channels: Some(vec![]),
                }),
                Outcome::PartiallyMet,
                None,
                "No channel named.",
                vec![file(
                    &ev,
                    "README.md",
                    None,
                    &["documents_read", "channels"],
                )],
            ),
            result(
                ProbeFacts::VulnerabilityResponse(tssa_probe::model::VulnerabilityResponseFacts {
                    documents_read: Some(vec!["SECURITY.md".into()]),
                    reporting: Some(vec![]),
                    delegated_to: Some(vec![]),
                    statements: Some(vec![]),
                    tables: Some(vec![]),
                }),
                Outcome::PartiallyMet,
                None,
                "No reporting method.",
                vec![file(
                    &ev,
                    "SECURITY.md",
                    None,
                    &["documents_read", "reporting", "delegated_to", "statements"],
                )],
            ),
            result(
                ProbeFacts::ContributionPolicy(tssa_probe::model::ContributionPolicyFacts {
                    documents_read: Some(vec![]),
                    statements: Some(vec![]),
                    ..Default::default()
                }),
                Outcome::NotMet,
                None,
                "No contributing document.",
                vec![file(
                    &ev,
                    "README.md",
                    None,
                    &["documents_read", "statements"],
                )],
            ),
        ],
        online(),
    )
}

/// Partly met: some practices in place, others not or not enforced.
pub fn partial() -> Report {
    let ev = evidence(
        github_identity(),
        &[
            "README.md",
            "SECURITY.md",
            "docs/releasing.md",
            ".github/workflows/test.yml",
            "OWNERS",
        ],
    );
    let signed = result(
        ProbeFacts::SignedCommits(SignedCommitsFacts {
            commits_examined: Some(1000),
            history_complete: Some(false),
            signatures: Some(SignatureCounts {
                openpgp: 300,
                ssh: 40,
                x509: 1,
                other: 0,
                unsigned: 659,
                ..Default::default()
            }),
            web_flow_signed: Some(250),
            developer_signed: Some(91),
            dco_signed_off: Some(1000),
            merge_commits: None,
            dco_signed_off_non_merge: None,
            verified: None,
            tags: Some(TagCounts {
                total: 12,
                annotated: 12,
                signed: 0,
                in_repository: None,
                ..Default::default()
            }),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "Some commits signed.",
        vec![
            ev.cite_commit(SHA).supports(&[
                "commits_examined",
                "history_complete",
                "signatures",
                "web_flow_signed",
                "developer_signed",
                "dco_signed_off",
            ]),
            ev.cite_commit(SHA).supports(&["tags"]),
        ],
    );
    let bp = result(
        ProbeFacts::BranchProtection(BranchProtectionFacts {
            branch: Some("main".into()),
            protected: Some(true),
            source: ProtectionSource::Rulesets,
            required_approvals: Some(0),
            pull_request_required: Some(true),
            required_signatures: Some(false),
            force_push_blocked: Some(true),
            deletion_blocked: Some(false),
            enforce_admins: Some(false),
            rulesets: Some(strings(&["default"])),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "main is protected by a ruleset.",
        vec![api(
            &ev,
            "/rules/branches/main",
            &[
                "protected",
                "source",
                "required_approvals",
                "pull_request_required",
                "required_signatures",
                "force_push_blocked",
                "deletion_blocked",
                "rulesets",
            ],
        )],
    );
    let review = result(
        ProbeFacts::CodeReview(CodeReviewFacts {
            changes_examined: Some(30),
            reviewed: Some(20),
            reviewed_not_approved: Some(4),
            unreviewed: Some(6),
            review_mechanisms: Some(vec![
                ReviewMechanism::ProwLgtm,
                ReviewMechanism::OwnersFiles,
            ]),
            owners_files: Some(strings(&["OWNERS", "pkg/OWNERS"])),
            owners_files_total: Some(7),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "20 of 30 approved.",
        vec![
            ev.cite_api("https://api.github.com/graphql").supports(&[
                "changes_examined",
                "reviewed",
                "reviewed_not_approved",
                "unreviewed",
                "review_mechanisms",
            ]),
            file(
                &ev,
                "OWNERS",
                Some((1, 9)),
                &["owners_files", "owners_files_total"],
            ),
        ],
    );
    let policy = result(
        ProbeFacts::SecurityPolicy(SecurityPolicyFacts {
            locations: Some(strings(&["SECURITY.md"])),
            source: PolicySource::Repository,
            contact: Some(vec![]),
            private_vulnerability_reporting: Some(false),
            advisories_published: Some(0),
            security_insights_path: None,
            security_contacts_path: None,
            security_contacts: None,
            contact_details: Some(vec![]),
            references: Some(vec![]),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "SECURITY.md has no contact.",
        vec![
            file(
                &ev,
                "SECURITY.md",
                Some((1, 3)),
                &[
                    "locations",
                    "source",
                    "contact",
                    "contact_details",
                    "references",
                ],
            ),
            api(
                &ev,
                "/private-vulnerability-reporting",
                &["private_vulnerability_reporting"],
            ),
            api(&ev, "/security-advisories", &["advisories_published"]),
        ],
    );
    let ci = result(
        ProbeFacts::CiChecks(CiChecksFacts {
            systems: Some(strings(&["github_actions", "prow"])),
            workflows: Some(vec![workflow(
                ".github/workflows/test.yml",
                &["pull_request"],
                false,
                &[],
            )]),
            pull_request_triggered: Some(true),
            runs_tests: Some(false),
            sast: Some(vec![]),
            dependency_update_tools: Some(strings(&["renovate"])),
            vulnerability_scanning: Some(vec![]),
            recent_runs_passing: Some(false),
            check_runs: Some(vec![CheckRunsFacts {
                commit: SHA.into(),
                total: 5,
                passing: 3,
                failing: 1,
                pending: 1,
                apps: strings(&["github-actions", "prow"]),
            }]),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "CI runs on pull requests without tests.",
        vec![
            file(
                &ev,
                ".github/workflows/test.yml",
                Some((1, 4)),
                &["systems", "workflows", "pull_request_triggered"],
            ),
            file(&ev, "renovate.json", None, &["dependency_update_tools"]),
            api(
                &ev,
                &format!("/commits/{SHA}/check-runs"),
                &["check_runs", "recent_runs_passing"],
            ),
        ],
    );
    let sbom = result(
        ProbeFacts::Sbom(SbomFacts {
            in_repository: Some(vec![SbomDocument {
                path: "sbom.spdx.json".into(),
                format: "spdx".into(),
                head_only: false,
            }]),
            generated_by_pipeline: Some(vec![]),
            in_release_assets: Some(vec![]),
            configured_in_build: None,
        }),
        Outcome::PartiallyMet,
        None,
        "An SBOM is checked in.",
        vec![file(
            &ev,
            "sbom.spdx.json",
            Some((1, 3)),
            &["in_repository"],
        )],
    );
    let release = result(
        ProbeFacts::ReleaseIntegrity(ReleaseIntegrityFacts {
            pipeline: Some(ReleasePipelineFacts {
                checksums: true,
                tools: strings(&["goreleaser"]),
                workflows: vec![ReleaseWorkflowFacts {
                    path: ".github/workflows/release.yml".into(),
                    trigger: "tag push".into(),
                    trigger_line: 3,
                    publishes_with: "goreleaser".into(),
                    publish_path: ".github/workflows/release.yml".into(),
                    publish_line: 12,
                    also_publishes_with: vec![],
                    draft: false,
                }],
                steps: vec![ReleaseStepFacts {
                    kind: "checksums".into(),
                    tool: "goreleaser".into(),
                    path: ".goreleaser.yml".into(),
                    line: 5,
                    via: vec![".github/workflows/release.yml:12".into()],
                    workflow: ".github/workflows/release.yml".into(),
                    by_default: false,
                    covers: Some("files".into()),
                }],
                ..Default::default()
            }),
            releases_examined: Some(10),
            with_checksums: Some(4),
            with_signatures: Some(0),
            with_provenance: Some(0),
            with_sbom: Some(0),
            signed_tags: Some(0),
            releases: Some(vec![ReleaseFacts {
                tag: "v0.9.0".into(),
                url: "https://github.com/example/widget/releases/tag/v0.9.0".into(),
                assets: 6,
                checksums: strings(&["widget_0.9.0_checksums.txt"]),
                ..Default::default()
            }]),
            release_docs: Some(strings(&["docs/releasing.md"])),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "Some releases have checksums.",
        vec![
            file(&ev, "docs/releasing.md", None, &["release_docs"]),
            file(
                &ev,
                ".github/workflows/release.yml",
                Some((3, 3)),
                &["pipeline.workflows"],
            ),
            file(
                &ev,
                ".github/workflows/release.yml",
                Some((12, 12)),
                &[
                    "pipeline.workflows",
                    "pipeline.checksums",
                    "pipeline.tools",
                    "pipeline.tools[goreleaser]",
                ],
            ),
            file(
                &ev,
                ".goreleaser.yml",
                Some((5, 5)),
                &["pipeline.checksums"],
            ),
            api(
                &ev,
                "/releases?per_page=10",
                &[
                    "releases_examined",
                    "with_checksums",
                    "with_signatures",
                    "with_provenance",
                    "releases",
                ],
            ),
            ev.cite_commit(SHA).supports(&["signed_tags"]),
        ],
    );
    let badge = result(
        ProbeFacts::BestPracticesBadge(BestPracticesBadgeFacts {
            project_id: Some(42),
            source: Some(BadgeSource::ApiLookup),
            level: Some(BadgeLevel::InProgress),
            tiered_percentage: Some(87),
            url: Some("https://www.bestpractices.dev/projects/42".into()),
            readme_mismatch: Some(true),
            criteria: Some(vec![
                BadgeCriterion {
                    name: "vulnerability_report_process".into(),
                    status: "Met".into(),
                    justification: None,
                    url: "https://www.bestpractices.dev/projects/42#vulnerability_report_process".into(),
                },
                BadgeCriterion {
                    name: "static_analysis".into(),
                    status: "Unmet".into(),
                    justification: None,
                    url: "https://www.bestpractices.dev/projects/42#static_analysis".into(),
                },
                BadgeCriterion {
                    name: "test_continuous_integration".into(),
                    status: "?".into(),
                    justification: None,
                    url: "https://www.bestpractices.dev/projects/42#test_continuous_integration".into(),
                },
            ]),
            other_project_ids: Some(vec![43]),
            ..Default::default()
        }),
        Outcome::PartiallyMet,
        None,
        "Badge in progress.",
        vec![ev
            .cite_url("https://www.bestpractices.dev/projects.json?url=https%3A%2F%2Fgithub.com%2Fexample%2Fwidget")
            .supports(&["project_id", "source", "level", "tiered_percentage", "url", "readme_mismatch", "criteria", "other_project_ids"])],
    );
    report(
        &ev,
        vec![signed, bp, review, policy, ci, sbom, release, badge],
        Mode {
            authenticated: false,
            notes: strings(&[
                "no token: the GitHub API was used anonymously, which is limited to 60 requests per hour",
            ]),
            ..online()
        },
    )
}

/// Not met: evidence of absence everywhere.
pub fn not_met() -> Report {
    let ev = evidence(github_identity(), &["README.md", "main.go"]);
    let signed = result(
        ProbeFacts::SignedCommits(SignedCommitsFacts {
            commits_examined: Some(500),
            history_complete: Some(true),
            signatures: Some(SignatureCounts {
                unsigned: 500,
                ..Default::default()
            }),
            web_flow_signed: Some(0),
            developer_signed: Some(0),
            dco_signed_off: Some(0),
            merge_commits: None,
            dco_signed_off_non_merge: None,
            tags: Some(TagCounts::default()),
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "No commit is signed.",
        vec![ev.cite_commit(SHA).supports(&[
            "commits_examined",
            "history_complete",
            "signatures",
            "web_flow_signed",
            "developer_signed",
            "dco_signed_off",
            "tags",
        ])],
    );
    let bp = result(
        ProbeFacts::BranchProtection(BranchProtectionFacts {
            branch: Some("main".into()),
            protected: Some(false),
            source: ProtectionSource::None,
            required_approvals: Some(0),
            required_signatures: Some(false),
            pull_request_required: Some(false),
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "main is not protected.",
        vec![
            api(
                &ev,
                "/branches/main/protection",
                &[
                    "protected",
                    "source",
                    "required_approvals",
                    "required_signatures",
                    "pull_request_required",
                ],
            )
            .excerpt("{\"message\":\"Branch not protected\"}"),
            api(&ev, "/rules/branches/main", &["protected", "source"]).excerpt("[]"),
        ],
    );
    let review = result(
        ProbeFacts::CodeReview(CodeReviewFacts {
            required_approvals: Some(0),
            changes_examined: Some(30),
            reviewed: Some(0),
            reviewed_not_approved: Some(0),
            unreviewed: Some(30),
            review_mechanisms: Some(vec![]),
            owners_files: Some(vec![]),
            owners_files_total: Some(0),
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "No change was reviewed.",
        vec![ev.cite_api("https://api.github.com/graphql").supports(&[
            "changes_examined",
            "reviewed",
            "reviewed_not_approved",
            "unreviewed",
        ])],
    );
    let policy = result(
        ProbeFacts::SecurityPolicy(SecurityPolicyFacts {
            locations: Some(vec![]),
            source: PolicySource::None,
            contact: None,
            private_vulnerability_reporting: Some(false),
            advisories_published: Some(0),
            security_insights_path: None,
            security_contacts_path: None,
            security_contacts: None,
            contact_details: None,
            references: None,
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "No security policy.",
        vec![
            api(&ev, "/community/profile", &["locations", "source"]),
            api(
                &ev,
                "/private-vulnerability-reporting",
                &["private_vulnerability_reporting"],
            ),
            api(&ev, "/security-advisories", &["advisories_published"]),
        ],
    );
    let ci = result(
        ProbeFacts::CiChecks(CiChecksFacts {
            systems: Some(vec![]),
            workflows: Some(vec![]),
            pull_request_triggered: Some(false),
            runs_tests: Some(false),
            sast: Some(vec![]),
            dependency_update_tools: Some(vec![]),
            vulnerability_scanning: Some(vec![]),
            recent_runs_passing: None,
            check_runs: None,
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "No CI.",
        vec![ev.cite_commit(SHA).supports(&[
            "systems",
            "workflows",
            "pull_request_triggered",
            "runs_tests",
            "sast",
            "dependency_update_tools",
            "vulnerability_scanning",
        ])],
    );
    let sbom = result(
        ProbeFacts::Sbom(SbomFacts {
            in_repository: Some(vec![]),
            generated_by_pipeline: Some(vec![]),
            in_release_assets: Some(vec![]),
            configured_in_build: None,
        }),
        Outcome::NotMet,
        None,
        "No SBOM.",
        vec![
            ev.cite_commit(SHA)
                .supports(&["in_repository", "generated_by_pipeline"]),
            api(&ev, "/releases?per_page=10", &["in_release_assets"]),
        ],
    );
    let release = result(
        ProbeFacts::ReleaseIntegrity(ReleaseIntegrityFacts {
            pipeline: Some(ReleasePipelineFacts::default()),
            releases_examined: Some(5),
            with_checksums: Some(0),
            with_signatures: Some(0),
            with_provenance: Some(0),
            with_sbom: Some(0),
            signed_tags: Some(0),
            releases: Some(vec![ReleaseFacts {
                tag: "v2.0.0".into(),
                url: "https://github.com/example/widget/releases/tag/v2.0.0".into(),
                assets: 2,
                ..Default::default()
            }]),
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "Releases carry no checksums or signatures.",
        vec![
            api(
                &ev,
                "/releases?per_page=10",
                &[
                    "releases_examined",
                    "with_checksums",
                    "with_signatures",
                    "with_provenance",
                    "with_sbom",
                    "releases",
                ],
            ),
            api(&ev, "/tags", &["signed_tags", "pipeline"]),
        ],
    );
    let badge = result(
        ProbeFacts::BestPracticesBadge(BestPracticesBadgeFacts {
            source: None,
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "No badge.",
        vec![ev.cite_url("https://www.bestpractices.dev/projects.json?url=https%3A%2F%2Fgithub.com%2Fexample%2Fwidget").excerpt("[]")],
    );
    report(
        &ev,
        vec![
            signed,
            bp,
            review,
            policy,
            ci,
            sbom,
            release,
            badge,
            project_docs_none(&ev),
        ],
        online(),
    )
}

/// Unknown: an offline scan of a local clone with no GitHub remote, some probes not run.
pub fn unknown() -> Report {
    let repo = RepoIdentity {
        input: "../widget".into(),
        local_path: Some("/home/dev/widget".into()),
        github: None,
        default_branch: Some("main".into()),
        head_commit: Some(SHA.into()),
    };
    let mut ev = Evidence::empty(
        repo,
        AT.into(),
        Unavailable::new(Reason::Offline, "offline"),
    );
    ev.files = Err(Unavailable::new(Reason::NotCollected, "not collected"));
    let signed = result(
        ProbeFacts::SignedCommits(SignedCommitsFacts::default()),
        Outcome::Unknown,
        Some(Reason::NotCollected),
        "Not collected.",
        vec![],
    );
    let bp = result(
        ProbeFacts::BranchProtection(BranchProtectionFacts::default()),
        Outcome::Unknown,
        Some(Reason::Offline),
        "Branch protection cannot be read offline.",
        vec![],
    );
    let review = result(
        ProbeFacts::CodeReview(CodeReviewFacts {
            codeowners_path: Some("CODEOWNERS".into()),
            review_mechanisms: Some(vec![ReviewMechanism::Codeowners]),
            ..Default::default()
        }),
        Outcome::Unknown,
        Some(Reason::Offline),
        "Reviews cannot be read offline.",
        vec![
            ev.cite_file("CODEOWNERS", Some((1, 2)))
                .supports(&["codeowners_path", "review_mechanisms"]),
        ],
    );
    let policy = result(
        ProbeFacts::SecurityPolicy(SecurityPolicyFacts::default()),
        Outcome::Unknown,
        Some(Reason::Offline),
        "No policy in the repository; the organization's may apply.",
        vec![],
    );
    let release = result(
        ProbeFacts::ReleaseIntegrity(ReleaseIntegrityFacts::default()),
        Outcome::Unknown,
        Some(Reason::Offline),
        "Releases cannot be read offline.",
        vec![],
    );
    let badge = result(
        ProbeFacts::BestPracticesBadge(BestPracticesBadgeFacts {
            project_id: Some(1234),
            source: Some(BadgeSource::Readme),
            ..Default::default()
        }),
        Outcome::Unknown,
        Some(Reason::Offline),
        "Badge level not read offline.",
        vec![
            ev.cite_file("README.md", Some((2, 2)))
                .supports(&["project_id", "source"]),
        ],
    );
    // ci-checks and sbom were not selected (`--probe`): absent from the report.
    report(
        &ev,
        vec![signed, bp, review, policy, release, badge],
        offline(),
    )
}

/// Hostile repository content: a SECURITY.md contact with `](javascript:` and `<script>`,
/// a 10 MB line, HTML in paths and names, Markdown structure in a branch name.
pub fn injection() -> Report {
    let huge = format!(
        "{}<script>alert(2)</script>](javascript:alert(3))",
        "A".repeat(10 * 1024 * 1024)
    );
    let repo = RepoIdentity {
        input: "](javascript:alert(1)) <script>alert(1)</script>\n# heading".into(),
        local_path: None,
        github: None,
        default_branch: Some("main`<img src=x onerror=alert(1)>".into()),
        head_commit: Some(SHA.into()),
    };
    let ev = evidence(
        repo,
        &["SECURITY.md", "<img src=x onerror=alert(1)>/RELEASE.md"],
    );
    let mut excerpt = Citation::new(CitationKind::File, AT)
        .path("SECURITY.md")
        .commit(SHA)
        .lines(3, 3)
        .supports(&["contact", "contact_details"]);
    // Bypass the 200-character cap of `Citation::excerpt` to test the renderer's own cap.
    excerpt.excerpt = Some(huge.clone());
    let policy = result(
        ProbeFacts::SecurityPolicy(SecurityPolicyFacts {
            locations: Some(strings(&["SECURITY.md", "javascript:alert(4)"])),
            source: PolicySource::Repository,
            contact: Some(vec![
                "[click](javascript:alert(1))".into(),
                "<script>alert(1)</script>@example.org".into(),
                "mailto:sec@example.org".into(),
                "https://example.org/report?a=1&b=<2>|x".into(),
                "javascript:alert(5)".into(),
                "data:text/html,<script>alert(6)</script>".into(),
                huge.clone(),
            ]),
            private_vulnerability_reporting: None,
            advisories_published: None,
            security_insights_path: Some("$x$ *bold* _i_ ~~s~~ `code` | cell [^1]".into()),
            security_contacts_path: None,
            security_contacts: None,
            contact_details: Some(contacts_at(
                "SECURITY.md",
                &[
                    ("[click](javascript:alert(1))", ContactKind::Form, 3),
                    (
                        "<script>alert(1)</script>@example.org",
                        ContactKind::Email,
                        3,
                    ),
                    ("mailto:sec@example.org", ContactKind::Email, 3),
                    (
                        "https://example.org/report?a=1&b=<2>|x",
                        ContactKind::Form,
                        3,
                    ),
                    ("javascript:alert(5)", ContactKind::Form, 3),
                    (
                        "data:text/html,<script>alert(6)</script>",
                        ContactKind::Form,
                        3,
                    ),
                    (huge.as_str(), ContactKind::Form, 3),
                ],
            )),
            references: None,
            ..Default::default()
        }),
        Outcome::Met,
        None,
        "<script>alert(7)</script>",
        vec![
            excerpt,
            Citation::new(CitationKind::Url, AT)
                .url("javascript:alert(8)")
                .supports(&["locations"]),
            Citation::new(CitationKind::File, AT)
                .path("SECURITY.md")
                .url("https://github.com/x/y/blob/abc/SECURITY.md#L1\"onmouseover=alert(9)")
                .supports(&["locations"]),
        ],
    );
    let ci = result(
        ProbeFacts::CiChecks(CiChecksFacts {
            systems: Some(strings(&["github_actions", "<b>evil</b>"])),
            workflows: Some(vec![workflow(
                ".github/workflows/<img src=x onerror=alert(1)>.yml",
                &["pull_request"],
                true,
                &["](javascript:alert(1))"],
            )]),
            pull_request_triggered: Some(true),
            runs_tests: Some(true),
            sast: Some(strings(&["](javascript:alert(1))"])),
            dependency_update_tools: Some(vec![]),
            ..Default::default()
        }),
        Outcome::Met,
        None,
        "ok",
        vec![
            ev.cite_file(
                ".github/workflows/<img src=x onerror=alert(1)>.yml",
                Some((1, 2)),
            )
            .supports(&[
                "systems",
                "workflows",
                "pull_request_triggered",
                "runs_tests",
                "sast",
                "dependency_update_tools",
            ]),
        ],
    );
    let bp = result(
        ProbeFacts::BranchProtection(BranchProtectionFacts {
            branch: Some("main\n\n# injected heading\n\n<script>".into()),
            protected: Some(true),
            source: ProtectionSource::Rulesets,
            rulesets: Some(strings(&[
                "[x](javascript:alert(1))",
                "![img](https://evil.example/x.png)",
            ])),
            required_status_checks: Some(strings(&["a|b", "<i>"])),
            required_approvals: Some(1),
            ..Default::default()
        }),
        Outcome::Met,
        None,
        "ok",
        vec![
            ev.cite_api("https://api.github.com/repos/x/y/rules/branches/main")
                .supports(&[
                    "branch",
                    "protected",
                    "source",
                    "rulesets",
                    "required_status_checks",
                    "required_approvals",
                ]),
        ],
    );
    report(&ev, vec![bp, policy, ci], offline())
}

/// Every fixture by name.
/// A squash-merge repository: all 300 examined commits are GitHub web-flow commits signed
/// with GitHub's key; branch protection read with `required_signatures` as given (`None`:
/// not readable).
pub fn web_flow_only(required_signatures: Option<bool>) -> Report {
    let ev = evidence(github_identity(), &["README.md"]);
    let signed = result(
        ProbeFacts::SignedCommits(SignedCommitsFacts {
            commits_examined: Some(300),
            history_complete: Some(false),
            signatures: Some(SignatureCounts {
                openpgp: 300,
                ..Default::default()
            }),
            web_flow_signed: Some(300),
            developer_signed: Some(0),
            dco_signed_off: Some(120),
            merge_commits: None,
            dco_signed_off_non_merge: None,
            tags: Some(TagCounts::default()),
            ..Default::default()
        }),
        Outcome::NotMet,
        None,
        "300 of the 300 most recent commits signed: 300 by GitHub web-flow, 0 by developers.",
        vec![ev.cite_commit(SHA).supports(&[
            "commits_examined",
            "history_complete",
            "signatures",
            "web_flow_signed",
            "developer_signed",
            "dco_signed_off",
            "tags",
        ])],
    );
    let (bp_facts, outcome, reason, cites) = match required_signatures {
        Some(req) => (
            BranchProtectionFacts {
                branch: Some("main".into()),
                protected: Some(true),
                source: ProtectionSource::Rulesets,
                required_signatures: Some(req),
                ..Default::default()
            },
            Outcome::PartiallyMet,
            None,
            vec![api(
                &ev,
                "/rules/branches/main",
                &["protected", "source", "required_signatures"],
            )],
        ),
        None => (
            BranchProtectionFacts {
                branch: Some("main".into()),
                ..Default::default()
            },
            Outcome::Unknown,
            Some(Reason::Permission),
            vec![],
        ),
    };
    let bp = result(
        ProbeFacts::BranchProtection(bp_facts),
        outcome,
        reason,
        "Protection of main.",
        cites,
    );
    report(&ev, vec![signed, bp], online())
}

pub fn all() -> Vec<(&'static str, Report)> {
    vec![
        ("met", met()),
        ("partial", partial()),
        ("not_met", not_met()),
        ("unknown", unknown()),
        ("injection", injection()),
    ]
}

/// project-docs with a root MIT licence, a contributing guide, governance and maintainers,
/// on a public repository.
fn project_docs_met(ev: &Evidence) -> ProbeResult {
    result(
        ProbeFacts::ProjectDocs(ProjectDocsFacts {
            public: Some(true),
            license_files: Some(strings(&["LICENSE"])),
            licenses: Some(vec![LicenseDetection {
                path: "LICENSE".into(),
                spdx_id: Some("Apache-2.0".into()),
                closest: "Apache-2.0".into(),
                confidence: 0.993,
                osi_approved: true,
                fsf_libre: true,
            }]),
            license_expression: Some("Apache-2.0".into()),
            contributing: Some(strings(&["CONTRIBUTING.md"])),
            governance: Some(strings(&["GOVERNANCE.md"])),
            code_of_conduct: Some(strings(&["CODE_OF_CONDUCT.md"])),
            support: Some(vec![]),
            maintainers: Some(strings(&["MAINTAINERS.md"])),
            maintainer_handles: Some(strings(&["alice", "bob"])),
            threat_model: Some(vec![]),
            security_audits: Some(vec![]),
            self_assessment: Some(vec![]),
        }),
        Outcome::Met,
        None,
        "Licence Apache-2.0 in LICENSE.",
        vec![
            api(ev, "", &["public"]),
            file(
                ev,
                "LICENSE",
                None,
                &["license_files", "licenses", "license_expression"],
            )
            .excerpt("Apache License"),
            file(ev, "CONTRIBUTING.md", None, &["contributing"]).excerpt("# Contributing"),
            file(ev, "GOVERNANCE.md", None, &["governance"]).excerpt("# Governance"),
            file(ev, "CODE_OF_CONDUCT.md", None, &["code_of_conduct"]),
            file(
                ev,
                "MAINTAINERS.md",
                None,
                &["maintainers", "maintainer_handles"],
            ),
            ev.cite_commit(SHA).supports(&[
                "support",
                "threat_model",
                "security_audits",
                "self_assessment",
            ]),
        ],
    )
}

/// project-docs with nothing: no licence file at a fully listed root, no documents.
fn project_docs_none(ev: &Evidence) -> ProbeResult {
    result(
        ProbeFacts::ProjectDocs(ProjectDocsFacts {
            public: Some(true),
            license_files: Some(vec![]),
            licenses: Some(vec![]),
            license_expression: None,
            contributing: Some(vec![]),
            governance: Some(vec![]),
            code_of_conduct: Some(vec![]),
            support: Some(vec![]),
            maintainers: Some(vec![]),
            maintainer_handles: None,
            threat_model: Some(vec![]),
            security_audits: Some(vec![]),
            self_assessment: Some(vec![]),
        }),
        Outcome::NotMet,
        None,
        "No licence file at the root.",
        vec![
            api(ev, "", &["public"]),
            ev.cite_commit(SHA).supports(&[
                "license_files",
                "licenses",
                "contributing",
                "governance",
                "code_of_conduct",
                "support",
                "maintainers",
                "threat_model",
                "security_audits",
                "self_assessment",
            ]),
        ],
    )
}
