//! Sentence rules of the self-assessment, each with a case that fails when the rule is
//! broken.

use super::pipeline::dco_sentence;
use super::*;
use crate::model::SignatureCounts;

fn plain(t: &Text) -> String {
    t.plain()
}

/// "and 1 more" never hides a single name: six names are all listed, seven show five
/// and "and 2 more".
#[test]
fn a_single_name_left_over_is_listed() {
    let six = ["a", "b", "c", "d", "e", "f"];
    let t = plain(&names(&six, words));
    assert_eq!(t, "a, b, c, d, e and f");
    assert!(!t.contains("more"));
    let seven = ["a", "b", "c", "d", "e", "f", "g"];
    assert_eq!(plain(&names(&seven, words)), "a, b, c, d, e and 2 more");
    let phrases: Vec<Text> = six.iter().map(|s| words(s)).collect();
    assert!(!plain(&list_of(phrases)).contains("1 more"));
}

fn dco_facts(n: u64, dco: u64, merges: Option<u64>, dco_non_merge: u64) -> SignedCommitsFacts {
    SignedCommitsFacts {
        commits_examined: Some(n),
        dco_signed_off: Some(dco),
        merge_commits: merges,
        dco_signed_off_non_merge: merges.map(|_| dco_non_merge),
        signatures: Some(SignatureCounts::default()),
        ..Default::default()
    }
}

/// The DCO share is given out of the non-merge commits when merge commits were seen,
/// and the sentence says the merges are left out and why.
#[test]
fn dco_share_is_out_of_the_non_merge_commits() {
    let t = plain(&dco_sentence(&dco_facts(1000, 700, Some(300), 700)).unwrap_or_default());
    assert!(
        t.starts_with("700 of the 700 non-merge commits of the 1,000 examined")
            || t.starts_with("All 700 non-merge commits of the 1,000 examined"),
        "{t}"
    );
    assert!(t.contains("300 merge commits are left out"), "{t}");
    assert!(t.contains("GitHub's merge commits never carry one"), "{t}");
    let t = plain(&dco_sentence(&dco_facts(1000, 651, Some(300), 650)).unwrap_or_default());
    assert!(
        t.starts_with("650 of the 700 non-merge commits of the 1,000 examined carry"),
        "{t}"
    );
    // No merge commit seen, or the source does not show parents: the base is every
    // examined commit.
    for merges in [Some(0), None] {
        let t = plain(&dco_sentence(&dco_facts(1000, 650, merges, 650)).unwrap_or_default());
        assert!(
            t.starts_with("650 of the 1,000 examined commits carry"),
            "{t}"
        );
        assert!(!t.contains("merge"), "{t}");
    }
}

// ---------------------------------------------------------------- scope and freshness

use crate::model::{FileChange, NewestTag, PublishDestination, ReleaseStepFacts};

fn evidence() -> Evidence {
    Evidence::empty(
        crate::evidence::RepoIdentity::default(),
        "2026-01-01T00:00:00Z".into(),
        crate::evidence::Unavailable::new(Reason::NotCollected, "test"),
    )
}

fn release_result(f: ReleaseIntegrityFacts) -> ProbeResult {
    ProbeResult {
        title: "release-integrity".into(),
        facts: ProbeFacts::ReleaseIntegrity(f),
        outcome: Outcome::Met,
        reason: None,
        summary: String::new(),
        citations: vec![
            Citation::new(crate::model::CitationKind::File, "t")
                .path("Makefile")
                .lines(272, 272)
                .excerpt("cosign sign $(IMAGE)")
                .supports(&["pipeline.signatures", "pipeline.signed"]),
            Citation::new(crate::model::CitationKind::File, "t")
                .path(".github/workflows/release.yml")
                .lines(95, 95)
                .excerpt("uses: softprops/action-gh-release@v2")
                .supports(&["pipeline.destinations"]),
        ],
        duration_ms: 0,
    }
}

fn pipeline(signed: &[&str], published: &[(&str, Option<&str>)]) -> ReleasePipelineFacts {
    ReleasePipelineFacts {
        signatures: true,
        tools: vec!["cosign".into()],
        steps: vec![ReleaseStepFacts {
            kind: "signatures".into(),
            tool: "cosign".into(),
            path: "Makefile".into(),
            line: 272,
            via: vec![".github/workflows/release.yml:89".into()],
            workflow: ".github/workflows/release.yml".into(),
            by_default: false,
            covers: signed.first().map(|s| (*s).to_string()),
        }],
        steps_total: 1,
        signed: signed.iter().map(|s| (*s).to_string()).collect(),
        destinations: published
            .iter()
            .map(|(tool, covers)| PublishDestination {
                tool: (*tool).into(),
                destination: "github-releases".into(),
                covers: covers.map(str::to_string),
                path: ".github/workflows/release.yml".into(),
                line: 95,
                workflow: ".github/workflows/release.yml".into(),
            })
            .collect(),
        ..Default::default()
    }
}

fn signatures_item(f: ReleaseIntegrityFacts) -> SelfAssessmentItem {
    build(&[release_result(f)], &evidence()).release_signatures
}

/// "Signs what it publishes" only when every published kind is signed; images signed and
/// release files not is said as such, and answers Partly.
#[test]
fn signing_is_scoped_to_what_it_covers() {
    let f = ReleaseIntegrityFacts {
        pipeline: Some(pipeline(
            &["images"],
            &[("softprops/action-gh-release", Some("files"))],
        )),
        ..Default::default()
    };
    let item = signatures_item(f);
    assert!(
        !item.text.contains("signs what it publishes"),
        "{}",
        item.text
    );
    assert!(
        item.text
            .contains("signs the container images, with cosign")
            && item.text.contains(
                "but not the release files it publishes with softprops/action-gh-release"
            ),
        "{}",
        item.text
    );
    assert_eq!(item.answer, Answer::Partial);
    // The destination is cited beside the signing step.
    assert!(
        item.citations
            .iter()
            .any(|c| c.path.as_deref() == Some(".github/workflows/release.yml")),
        "{:?}",
        item.citations
    );

    // Everything published is signed: "signs what it publishes", Yes.
    let f = ReleaseIntegrityFacts {
        pipeline: Some(pipeline(
            &["images"],
            &[("docker/build-push-action", Some("images"))],
        )),
        ..Default::default()
    };
    let item = signatures_item(f);
    assert!(
        item.text
            .contains("signs what it publishes (the container images)"),
        "{}",
        item.text
    );
    assert_eq!(item.answer, Answer::Yes);

    // A signing step that does not say what it signs claims no scope.
    let f = ReleaseIntegrityFacts {
        pipeline: Some(pipeline(&[], &[("gh release", Some("files"))])),
        ..Default::default()
    };
    let item = signatures_item(f);
    assert!(
        !item.text.contains("signs what it publishes"),
        "{}",
        item.text
    );
    assert!(
        item.text.contains("do not say what they sign"),
        "{}",
        item.text
    );
}

fn tag(name: &str, date: &str, signed: bool) -> NewestTag {
    NewestTag {
        name: name.into(),
        date: date.into(),
        annotated: true,
        signed,
    }
}

/// "N tags are signed" says whether the newest are: the unsigned run and where signed
/// tags stop.
#[test]
fn signed_tag_count_says_whether_the_newest_are_signed() {
    let f = ReleaseIntegrityFacts {
        signed_tags: Some(12),
        newest_tags: Some(vec![
            tag("v1.5.0", "2024-11-02T00:00:00Z", false),
            tag("v1.4.0", "2024-06-01T00:00:00Z", false),
            tag("v1.3.0", "2024-01-01T00:00:00Z", false),
            tag("v1.2.0", "2023-04-20T00:00:00Z", true),
            tag("v1.1.0", "2023-01-01T00:00:00Z", true),
        ]),
        ..Default::default()
    };
    let t = signatures_item(f.clone()).text;
    // The count never stands alone when the newest tags are unsigned.
    assert!(!t.contains("12 tags are signed."), "{t}");
    assert!(
        t.contains(
            "12 tags are signed, but not the 3 newest, up to v1.5.0 (2024-11); signed tags stop at v1.2.0 (2023-04)."
        ),
        "{t}"
    );
    // No signed tag among those read: the signed ones are older than the window.
    let mut g = f.clone();
    g.newest_tags = Some(vec![
        tag("v1.5.0", "2024-11-02T00:00:00Z", false),
        tag("v1.4.0", "2024-06-01T00:00:00Z", false),
    ]);
    let t = signatures_item(g).text;
    assert!(
        t.contains("12 tags are signed, but not the 2 newest, up to v1.5.0 (2024-11); the signed tags are older than the 2 newest tags read."),
        "{t}"
    );
    // The newest signed: the count, then the window's own sentence.
    let mut h = f;
    h.newest_tags = Some(vec![tag("v1.5.0", "2024-11-02T00:00:00Z", true)]);
    let t = signatures_item(h).text;
    assert!(t.contains("12 tags are signed."), "{t}");
    let t = plain(
        &super::scope::newest_tags_sentence(&[tag("v2", "2025-01-01T00:00:00Z", true)], 3)
            .unwrap_or_default(),
    );
    assert_eq!(t, "The newest tag, v2 (2025-01), is signed.");
}

/// A change log's last change is dated, and the newest tags made since are said.
#[test]
fn changelog_says_when_it_last_changed() {
    let ch = FileChange {
        path: "CHANGELOG.md".into(),
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        date: "2022-03-04T10:00:00Z".into(),
    };
    let tags = [
        tag("v3.1.0", "2024-11-02T00:00:00Z", false),
        tag("v3.0.0", "2023-06-01T00:00:00Z", false),
        tag("v2.0.0", "2022-01-01T00:00:00Z", false),
    ];
    let t = plain(&super::scope::changelog_freshness(&ch, &tags));
    assert_eq!(
        t,
        "Changes are recorded in CHANGELOG.md, last changed on 2022-03-04 (commit 0123456); 2 of the newest tags were made more than 30 days after that change, up to v3.1.0 (2024-11), so it may not record the latest releases."
    );
    let t = plain(&super::scope::changelog_freshness(&ch, &tags[2..]));
    assert!(!t.contains("after that change"), "{t}");
    // A release tagged right after the change log was updated is recorded in it.
    let t = plain(&super::scope::changelog_freshness(
        &ch,
        &[tag("v2.1.0", "2022-03-04T10:05:00Z", false)],
    ));
    assert!(!t.contains("after that change"), "{t}");
}

/// A GoReleaser configuration that no CI runs is said as not run, in the release item.
#[test]
fn unused_goreleaser_config_is_said_as_not_run() {
    let f = ReleaseIntegrityFacts {
        goreleaser_unused: Some(vec![".goreleaser.yml".into()]),
        release_docs: Some(vec!["RELEASE.md".into()]),
        ..Default::default()
    };
    let item = build(&[release_result(f)], &evidence()).release_process_documented;
    assert!(
        item.text.contains(
            ".goreleaser.yml configures GoReleaser, but no CI configuration this scan read runs GoReleaser"
        ),
        "{}",
        item.text
    );
}

/// A claim about a step never cites line 1 of a file (a `{`, a banner): the file alone.
#[test]
fn step_claims_never_cite_line_one() {
    let c = Citation::new(crate::model::CitationKind::File, "t")
        .path(".goreleaser.yml")
        .url("https://github.com/o/r/blob/abc/.goreleaser.yml#L1")
        .lines(1, 1)
        .excerpt("# Code generated by tool. DO NOT EDIT.");
    let mut it = Item::new(&[]);
    it.say_step("GoReleaser writes checksums.", [&c]);
    let got = &it.citations[0];
    assert_eq!(got.lines, None);
    assert_eq!(got.excerpt, None);
    assert_eq!(
        got.url.as_deref(),
        Some("https://github.com/o/r/blob/abc/.goreleaser.yml")
    );
    // A step's own line is kept.
    let c = c.lines(12, 12).excerpt("run: cosign sign x");
    let mut it = Item::new(&[]);
    it.say_step("cosign signs.", [&c]);
    assert_eq!(it.citations[0].lines, Some([12, 12]));
    // An excerpt with no letter or digit quotes nothing.
    let c = Citation::new(crate::model::CitationKind::File, "t")
        .path("renovate.json")
        .excerpt("{");
    let mut it = Item::new(&[]);
    it.say("Renovate updates dependencies.", [&c]);
    assert_eq!(it.citations[0].excerpt, None);
}

/// An expired SECURITY-INSIGHTS file is said as expired in the self-assessment; a current
/// one is not.
#[test]
fn expired_security_insights_is_said_as_expired() {
    let item = |expired: bool| {
        let f = SecurityPolicyFacts {
            security_insights_path: Some("SECURITY-INSIGHTS.yml".into()),
            security_insights_expiration: Some("2025-07-04".into()),
            security_insights_expired: Some(expired),
            ..Default::default()
        };
        let r = ProbeResult {
            title: "security-policy".into(),
            facts: ProbeFacts::SecurityPolicy(f),
            outcome: Outcome::Met,
            reason: None,
            summary: String::new(),
            citations: vec![
                Citation::new(crate::model::CitationKind::File, "t")
                    .path("SECURITY-INSIGHTS.yml")
                    .lines(5, 5)
                    .excerpt("expiration-date: '2025-07-04T00:00:00.000Z'")
                    .supports(&["security_insights_expiration", "security_insights_expired"]),
            ],
            duration_ms: 0,
        };
        build(&[r], &evidence()).security_policy
    };
    let t = item(true);
    assert!(
        t.text
            .contains("It expired on 2025-07-04 (its expiration-date)"),
        "{}",
        t.text
    );
    assert!(
        t.citations.iter().any(|c| c.lines == Some([5, 5])),
        "{:?}",
        t.citations
    );
    assert!(!item(false).text.contains("expired"));
}

/// The bot's ecosystems are said with "dependency updates are automated"; disabled
/// entries and Renovate (no ecosystem) add nothing.
#[test]
fn dependency_updates_say_their_ecosystems() {
    let scope = |eco: Option<&str>, disabled: bool| crate::model::DependencyUpdateScope {
        tool: "dependabot".into(),
        path: ".github/dependabot.yml".into(),
        line: 3,
        ecosystem: eco.map(str::to_string),
        directories: vec!["/".into()],
        code: eco != Some("github-actions"),
        disabled,
    };
    let s = [
        scope(Some("gomod"), false),
        scope(Some("github-actions"), false),
        scope(Some("gomod"), false),
        scope(Some("npm"), true),
    ];
    assert_eq!(
        plain(&super::scope::update_scope(Some(&s))),
        " (gomod and github-actions)"
    );
    assert!(super::scope::update_scope(Some(&[scope(None, false)])).is_empty());
}

fn trivy_use(workflow: &str, line: u32, triggers: &[&str]) -> crate::model::ToolUse {
    crate::model::ToolUse {
        tool: "trivy".into(),
        category: "dependency-scanning".into(),
        how: "action".into(),
        runs: true,
        path: workflow.into(),
        line: Some(line),
        workflow: Some(workflow.into()),
        triggers: triggers.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

/// Review class 3: a scan says when each workflow that runs it starts, and a workflow past
/// the first two cited lines is not dropped (a nightly scan beside a pull request one).
#[test]
fn scans_say_when_each_workflow_runs_them() {
    let cite = |path: &str, line: u32| {
        Citation::new(crate::model::CitationKind::File, "t")
            .path(path)
            .lines(line, line)
            .excerpt("uses: aquasecurity/trivy-action@v1")
            .supports(&[
                "vulnerability_scanning",
                "vulnerability_scanning[trivy]",
                &crate::model::workflow_label(path),
            ])
    };
    let (a, b, c) = (
        ".github/workflows/images.yml",
        ".github/workflows/release.yml",
        ".github/workflows/nightly.yml",
    );
    let f = CiChecksFacts {
        vulnerability_scanning: Some(vec!["trivy".into()]),
        tools: Some(vec![
            trivy_use(a, 10, &["push"]),
            trivy_use(b, 20, &["push"]),
            trivy_use(c, 30, &["schedule", "workflow_dispatch"]),
        ]),
        ..Default::default()
    };
    let r = ProbeResult {
        title: "ci-checks".into(),
        facts: ProbeFacts::CiChecks(f.clone()),
        outcome: Outcome::Met,
        reason: None,
        summary: String::new(),
        citations: vec![cite(a, 10), cite(b, 20), cite(c, 30)],
        duration_ms: 0,
    };
    let (t, cites) =
        super::ci::tools_with_places(&r, &f, "vulnerability_scanning", &["trivy".into()]);
    assert_eq!(
        plain(&t),
        "trivy (images.yml on pushes, release.yml on pushes and nightly.yml on a schedule)"
    );
    assert!(cites.iter().any(|x| x.path.as_deref() == Some(c)));
    // One workflow on pull requests and pushes: said once, without a negation.
    let w = super::ci::when_phrase(&["pull_request", "push", "workflow_dispatch"], true).unwrap();
    assert_eq!(plain(&w), "on pull requests and on pushes");
    let w = super::ci::when_phrase(&["schedule", "workflow_dispatch"], true).unwrap();
    assert_eq!(plain(&w), "on a schedule, not on pull requests");
    assert!(super::ci::when_phrase(&["workflow_call"], true).is_none());
}

/// Release workflows read, none signing: the answer names them (not "the release
/// artifacts were not examined"), and stays unknown.
#[test]
fn release_workflows_without_signing_answer_no() {
    let w = |path: &str| crate::model::ReleaseWorkflowFacts {
        path: path.into(),
        trigger: "tag push".into(),
        publishes_with: "an image push".into(),
        publish_path: path.into(),
        ..Default::default()
    };
    let f = ReleaseIntegrityFacts {
        pipeline: Some(ReleasePipelineFacts {
            workflows: vec![
                w(".github/workflows/release.yml"),
                w(".github/workflows/docker.yml"),
            ],
            ..Default::default()
        }),
        ..Default::default()
    };
    let item = signatures_item(f);
    assert_eq!(item.answer, Answer::Unknown, "{}", item.text);
    assert!(
        item.text
            .contains("attestations) in the release workflows release.yml and docker.yml"),
        "{}",
        item.text
    );
    assert!(!item.text.contains("not examined"), "{}", item.text);
    let item = signatures_item(ReleaseIntegrityFacts::default());
    assert_eq!(item.answer, Answer::Unknown, "{}", item.text);
    assert!(!item.text.contains("recognised"), "{}", item.text);
}
