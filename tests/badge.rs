#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The OpenSSF Best Practices badge: README links, the badge site's JSON API (a wiremock
//! site serving current-shape records built from ../shared/bestpractices, see
//! tests/fixtures/bestpractices/README.md), the shared one-request-per-second governor, the
//! on-disk cache, faults, and the probe's judgement. No test touches the network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tssa_probe::evidence::badge::{
    self, BadgeClient, BadgeConfig, BadgeEvidence, ReadmeBadge, collect, readme_badges,
};
use tssa_probe::evidence::{
    EntryKind, Evidence, FileContent, FileEntry, FileSnapshot, GithubRepo, RepoIdentity,
    Unavailable,
};
use tssa_probe::model::{
    BadgeLevel, BadgeSource, BestPracticesBadgeFacts, CitationKind, Outcome, ProbeFacts, ProbeId,
    Reason,
};
use tssa_probe::probes::{self, Judgement};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const HEAD: &str = "0123456789abcdef0123456789abcdef01234567";
const WIDGET: &str = "https://github.com/acme/widget";

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bestpractices")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8")
}

/// A client for the mock site: a short governor interval and timeout so tests stay fast.
fn client_for(base: &str, cache: Option<PathBuf>) -> BadgeClient {
    let mut cfg = BadgeConfig::new(base, cache);
    cfg.min_interval = Duration::from_millis(5);
    cfg.timeout = Duration::from_millis(1500);
    BadgeClient::with_config(cfg).unwrap()
}

fn link(id: u64, line: u32) -> ReadmeBadge {
    ReadmeBadge {
        project_id: id,
        path: "README.md".into(),
        line,
        excerpt: format!(
            "[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/{id}/badge)](https://www.bestpractices.dev/projects/{id})"
        ),
    }
}

fn evidence(badge: BadgeEvidence, github: Option<(&str, &str)>) -> Evidence {
    let repo = RepoIdentity {
        input: "fixture".into(),
        local_path: None,
        github: github.map(|(o, n)| GithubRepo {
            owner: o.into(),
            name: n.into(),
        }),
        default_branch: Some("main".into()),
        head_commit: Some(HEAD.into()),
    };
    let mut ev = Evidence::empty(
        repo,
        "2026-06-01T00:00:00Z".into(),
        Unavailable::new(Reason::NotCollected, "not part of this test"),
    );
    ev.badge = badge;
    ev
}

fn judge(ev: &Evidence) -> (Judgement, BestPracticesBadgeFacts) {
    let j = probes::probe(ProbeId::BestPracticesBadge)
        .unwrap()
        .judge(ev);
    let ProbeFacts::BestPracticesBadge(f) = j.facts.clone() else {
        panic!("wrong facts type");
    };
    assert_cited(&j);
    (j, f)
}

/// The honesty rule: every non-null fact is backed by a citation that names it, and every
/// criterion by a citation of its URL.
fn assert_cited(j: &Judgement) {
    for (k, v) in j.facts.to_json_object() {
        if v.is_null() {
            continue;
        }
        assert!(
            j.citations
                .iter()
                .any(|c| c.supports.iter().any(|s| s == &k)),
            "fact {k} = {v} has no citation: {:#?}",
            j.citations
        );
    }
    if let ProbeFacts::BestPracticesBadge(f) = &j.facts {
        for c in f.criteria.iter().flatten() {
            assert!(
                j.citations
                    .iter()
                    .any(|x| x.url.as_deref() == Some(c.url.as_str())),
                "criterion {} not cited by its URL",
                c.name
            );
        }
    }
    if j.outcome == Outcome::Unknown {
        assert!(j.reason.is_some(), "unknown without a reason");
    }
}

fn criterion<'a>(
    f: &'a BestPracticesBadgeFacts,
    name: &str,
) -> &'a tssa_probe::model::BadgeCriterion {
    f.criteria
        .iter()
        .flatten()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("criterion {name} not reported"))
}

async fn lookup_empty_everywhere(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .respond_with(json("[]".into()))
        .mount(server)
        .await;
}

// ------------------------------------------------------------------------ README links

fn snapshot_with(files: &[(&str, &str)]) -> FileSnapshot {
    let mut entries = BTreeMap::new();
    for (p, text) in files {
        entries.insert(
            p.to_string(),
            FileEntry {
                size: text.len() as u64,
                kind: EntryKind::File,
                content: Some(
                    FileContent {
                        text: text.to_string(),
                        truncated: false,
                    }
                    .into(),
                ),
            },
        );
    }
    FileSnapshot {
        commit: HEAD.into(),
        entries,
        ..Default::default()
    }
}

#[test]
fn readme_links_on_both_hosts_with_and_without_locale() {
    // Line 3 is verbatim from coreinfrastructure/best-practices-badge README.md (HTML badge
    // links on the old host, then the new host's baseline badge), inside an HTML block: an
    // indented line there is raw HTML, not an indented code block.
    let readme = "# Widget\n\
        <p align=\"center\">\n      <a href=\"https://bestpractices.coreinfrastructure.org/projects/1\"><img src=\"https://bestpractices.coreinfrastructure.org/projects/1/badge\" alt=\"OpenSSF Best Practices\" align=\"middle\"></a>&nbsp;\n</p>\n\
        [![OpenSSF Best Practices](https://www.bestpractices.dev/projects/4242/badge)](https://www.bestpractices.dev/en/projects/4242)\n\
        See https://bestpractices.dev/zh-CN/projects/17 and http://bestpractices.coreinfrastructure.org/pt-BR/projects/18/passing\n\
        Not badges: https://notbestpractices.dev/projects/9 https://www.bestpractices.dev/projects/0 https://www.bestpractices.dev/projects?as=badge&url=x\n";
    let other = "[badge](https://www.bestpractices.dev/de/projects/77)\n";
    let files = snapshot_with(&[
        ("README.md", readme),
        ("README.de.md", other),
        (
            "docs/README.md",
            "https://www.bestpractices.dev/projects/55",
        ),
    ]);
    let found = readme_badges(&files);
    let ids: Vec<(u64, &str, u32)> = found
        .iter()
        .map(|b| (b.project_id, b.path.as_str(), b.line))
        .collect();
    assert_eq!(
        ids,
        vec![
            (1, "README.md", 3),
            (4242, "README.md", 5),
            (17, "README.md", 6),
            (18, "README.md", 6),
            (77, "README.de.md", 1),
        ]
    );
    assert!(
        found[0]
            .excerpt
            .contains("bestpractices.coreinfrastructure.org/projects/1")
    );
    assert!(found.iter().all(|b| b.excerpt.chars().count() <= 200));
}

/// This repository's own README: its example output shows a badge link inside a fenced
/// code block (the golden Markdown's "Security links" table). That is not its badge.
#[test]
fn readme_example_output_in_code_is_not_the_projects_badge() {
    let own = include_str!("../README.md");
    assert!(
        own.contains("<https://www.bestpractices.dev/projects/42>"),
        "the README's example output still carries a badge link"
    );
    let files = snapshot_with(&[("README.md", own)]);
    assert_eq!(
        readme_badges(&files),
        vec![],
        "example output read as a badge"
    );

    // The same README with a real badge appended: found, at its own line.
    let with_badge = format!(
        "{own}\n[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/9001/badge)](https://www.bestpractices.dev/projects/9001)\n"
    );
    let files = snapshot_with(&[("README.md", &with_badge)]);
    let found = readme_badges(&files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].project_id, 9001);
    assert_eq!(found[0].line as usize, own.lines().count() + 2);
}

#[test]
fn links_in_code_blocks_and_spans_are_skipped_real_badges_kept() {
    let readme = "# Widget\n\
        \n\
        ```\n\
        | OpenSSF Best Practices badge | <https://www.bestpractices.dev/projects/11> |\n\
        ```\n\
        \n\
        ~~~markdown\n\
        [![badge](https://www.bestpractices.dev/projects/12/badge)](https://www.bestpractices.dev/projects/12)\n\
        ~~~\n\
        \n    https://www.bestpractices.dev/projects/13\n\
        \n\
        Add `[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/14/badge)]` to your README.\n\
        \n\
        * a list item\n\
        \n      ```sh\n      curl https://www.bestpractices.dev/projects/15.json\n      ```\n\
        \n\
        <a href=\"https://www.bestpractices.dev/projects/21\"><img src=\"https://www.bestpractices.dev/projects/21/badge\"></a>\n\
        \n\
        [![OpenSSF Best Practices](https://www.bestpractices.dev/projects/22/badge)](https://www.bestpractices.dev/projects/22) and `code` after it\n\
        \n\
        [badge]: https://www.bestpractices.dev/projects/23\n";
    let files = snapshot_with(&[
        ("README.md", readme),
        // Not Markdown: no code syntax to honour.
        (
            "README.txt",
            "`https://www.bestpractices.dev/projects/31`\n",
        ),
    ]);
    let found: Vec<(u64, u32)> = readme_badges(&files)
        .iter()
        .map(|b| (b.project_id, b.line))
        .collect();
    assert_eq!(
        found,
        vec![(21, 21), (22, 23), (23, 25), (31, 1)],
        "{readme}"
    );
}

/// Issue 11: 28 000 badge links on one 1 MB line took 11.5 s (each id recounted the line
/// and was compared with every id kept). The ids kept are capped and each link costs
/// constant work beyond the regex scan.
#[test]
fn a_megabyte_line_of_badge_links_is_capped_and_linear() {
    let link = |id: u64| format!("[x](https://www.bestpractices.dev/projects/{id}) ");
    let distinct: String = (1..=28_000).map(link).collect();
    assert!(distinct.len() > 1_000_000);
    let same: String = std::iter::repeat_n(link(42), 28_000).collect();
    let files = snapshot_with(&[
        ("README.md", &format!("# x\n{distinct}\n")),
        ("README.de.md", &format!("{same}\n")),
    ]);
    let t = Instant::now();
    let found = readme_badges(&files);
    let elapsed = t.elapsed();
    assert_eq!(found.len(), badge::MAX_KEPT_README_IDS);
    let ids: Vec<u64> = found.iter().map(|b| b.project_id).collect();
    assert_eq!(
        ids,
        (1..=badge::MAX_KEPT_README_IDS as u64).collect::<Vec<_>>()
    );
    assert!(
        found
            .iter()
            .all(|b| b.line == 2 && b.excerpt.chars().count() <= 200)
    );
    assert!(
        found[5].excerpt.contains("projects/6)"),
        "{}",
        found[5].excerpt
    );

    // One id repeated 28 000 times on a 1 MB line: kept once, every repeat skipped.
    let files = snapshot_with(&[("README.md", &format!("{same}\n"))]);
    let t2 = Instant::now();
    let found = readme_badges(&files);
    let elapsed2 = t2.elapsed();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].project_id, 42);
    // A generous regression guard only (debug build, shared machine): the old code took
    // over 10 s on the first README.
    assert!(
        elapsed < Duration::from_secs(2) && elapsed2 < Duration::from_secs(2),
        "{elapsed:?} / {elapsed2:?}"
    );
}

// ------------------------------------------------------------------------ levels

#[tokio::test]
async fn passing_badge_from_the_readme_link() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(json(fixture("project-4242-passing.json")))
        .expect(1)
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![link(4242, 3)], Some(WIDGET)).await;
    assert_eq!(bev.requests, 1, "a matching README id needs no lookup");
    assert_eq!(bev.source, Some(BadgeSource::Readme));

    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert_eq!(j.reason, None);
    assert_eq!(f.project_id, Some(4242));
    assert_eq!(f.source, Some(BadgeSource::Readme));
    assert_eq!(f.level, Some(BadgeLevel::Passing));
    assert_eq!(f.tiered_percentage, Some(140));
    assert_eq!(f.baseline_level.as_deref(), Some("baseline-1"));
    assert_eq!(f.url, Some(format!("{}/en/projects/4242", site.uri())));
    assert_eq!(f.readme_mismatch, Some(false));
    assert_eq!(f.other_project_ids, None);
    assert!(j.summary.contains("passing"), "{}", j.summary);

    let c = criterion(&f, "vulnerability_report_process");
    assert_eq!(c.status, "Met");
    assert!(c.justification.as_deref().unwrap().contains("SECURITY.md"));
    assert_eq!(
        c.url,
        format!(
            "{}/en/projects/4242/passing#vulnerability_report_process",
            site.uri()
        )
    );
    let c = criterion(&f, "dynamic_analysis");
    assert_eq!(
        (c.status.as_str(), c.justification.as_deref()),
        ("Unmet", Some("No fuzzing yet."))
    );
    let c = criterion(&f, "vulnerability_report_response");
    assert_eq!(
        (c.status.as_str(), c.justification.as_deref()),
        ("Met", None)
    );
    assert_eq!(criterion(&f, "delivery_unsigned").status, "N/A");
    // Never answered ("?" without a justification): not reported.
    assert!(
        f.criteria
            .iter()
            .flatten()
            .all(|c| c.name != "signed_releases")
    );
    let c = criterion(&f, "OSPS-AC-01.01");
    assert_eq!(c.status, "Met");
    assert_eq!(
        c.url,
        format!("{}/en/projects/4242/baseline-1#osps_ac_01_01", site.uri())
    );
    // Criteria that do not bear on secure development are not reported.
    assert!(
        f.criteria
            .iter()
            .flatten()
            .all(|c| c.name != "floss_license")
    );

    // The id is cited at the README line, as a permalink at the scanned commit.
    let readme = j
        .citations
        .iter()
        .find(|c| c.kind == CitationKind::File)
        .unwrap();
    assert_eq!(
        readme.url.as_deref(),
        Some(format!("https://github.com/acme/widget/blob/{HEAD}/README.md#L3").as_str())
    );
    assert!(readme.supports.iter().any(|s| s == "project_id"));
    let api = j
        .citations
        .iter()
        .find(|c| c.kind == CitationKind::Api)
        .unwrap();
    assert_eq!(api.url, Some(format!("{}/projects/4242.json", site.uri())));
    assert!(
        api.excerpt
            .as_deref()
            .unwrap()
            .contains("\"badge_level\":\"passing\"")
    );
}

#[tokio::test]
async fn silver_badge_found_by_the_url_lookup() {
    let site = MockServer::start().await;
    let body = format!("[{}]", fixture("project-5151-silver.json"));
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .and(query_param("url", "https://github.com/acme/gizmo"))
        .respond_with(json(body))
        .expect(1)
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![], Some("https://github.com/acme/gizmo")).await;
    assert_eq!(bev.requests, 1);
    // The query is encoded as the site's own canonical form (no redirect to a re-encoded URL).
    let received = site.received_requests().await.unwrap();
    assert_eq!(
        received[0].url.query(),
        Some("url=https%3A%2F%2Fgithub.com%2Facme%2Fgizmo")
    );

    let (j, f) = judge(&evidence(bev, Some(("acme", "gizmo"))));
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert_eq!(f.project_id, Some(5151));
    assert_eq!(f.source, Some(BadgeSource::ApiLookup));
    assert_eq!(f.level, Some(BadgeLevel::Silver));
    assert_eq!(f.tiered_percentage, Some(250));
    assert_eq!(f.baseline_level.as_deref(), Some("in_progress"));
    assert_eq!(
        f.readme_mismatch, None,
        "no README link, nothing to mismatch"
    );
    assert_eq!(criterion(&f, "signed_releases").status, "Met");
    assert_eq!(
        criterion(&f, "signed_releases").url,
        format!("{}/en/projects/5151/silver#signed_releases", site.uri())
    );
}

#[tokio::test]
async fn gold_badge_found_under_the_dot_git_form_of_the_url() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .and(query_param("url", "https://github.com/acme/doohickey.git"))
        .respond_with(json(format!("[{}]", fixture("project-6161-gold.json"))))
        .with_priority(1)
        .mount(&site)
        .await;
    lookup_empty_everywhere(&site).await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![], Some("https://github.com/acme/doohickey")).await;
    assert_eq!(bev.requests, 2, "as given, then with .git");
    assert_eq!(bev.lookup_urls.len(), 2);

    let (j, f) = judge(&evidence(bev, Some(("acme", "doohickey"))));
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert_eq!(f.level, Some(BadgeLevel::Gold));
    assert_eq!(f.tiered_percentage, Some(300));
    assert_eq!(f.baseline_level.as_deref(), Some("baseline-3"));
    assert_eq!(criterion(&f, "two_person_review").status, "Met");
    assert_eq!(
        criterion(&f, "two_person_review").url,
        format!("{}/en/projects/6161/gold#two_person_review", site.uri())
    );
    assert_eq!(criterion(&f, "require_2FA").status, "Met");
    let lookup_cite = j
        .citations
        .iter()
        .find(|c| c.supports.iter().any(|s| s == "source"))
        .unwrap();
    assert!(
        lookup_cite
            .url
            .as_deref()
            .unwrap()
            .ends_with("doohickey.git")
    );
}

#[tokio::test]
async fn in_progress_badge_is_partially_met_with_its_percentage() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/7171.json"))
        .respond_with(json(fixture("project-7171-in-progress.json")))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(
        &client,
        vec![link(7171, 1)],
        Some("https://github.com/acme/sprocket"),
    )
    .await;
    let (j, f) = judge(&evidence(bev, Some(("acme", "sprocket"))));
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    assert_eq!(f.level, Some(BadgeLevel::InProgress));
    assert_eq!(f.tiered_percentage, Some(87));
    assert!(j.summary.contains("87%"), "{}", j.summary);
    assert_eq!(
        f.criteria.as_ref().unwrap().len(),
        1,
        "only the answered criterion"
    );
    assert_eq!(criterion(&f, "vulnerability_report_process").status, "Met");
}

#[tokio::test]
async fn no_badge_anywhere_is_not_met_only_after_every_url_form_answered_empty() {
    let site = MockServer::start().await;
    lookup_empty_everywhere(&site).await;
    let client = client_for(&site.uri(), None);
    // A trailing `/` is no form of its own: the site drops one before matching.
    let bev = collect(&client, vec![], Some(&format!("{WIDGET}/"))).await;
    assert_eq!(bev.requests, 2);
    let queries: Vec<String> = site
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        queries,
        vec![
            "url=https%3A%2F%2Fgithub.com%2Facme%2Fwidget",
            "url=https%3A%2F%2Fgithub.com%2Facme%2Fwidget.git",
        ]
    );
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
    assert_eq!(j.reason, None);
    assert_eq!(f, BestPracticesBadgeFacts::default());
    assert_eq!(
        j.citations
            .iter()
            .filter(|c| c.kind == CitationKind::Api)
            .count(),
        2,
        "each empty lookup is cited as evidence of absence"
    );
}

// ------------------------------------------------------------------------ mismatches

#[tokio::test]
async fn readme_id_unknown_to_the_site_is_a_stale_link() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/999.json"))
        .respond_with(ResponseTemplate::new(404).set_body_string("{\"error\":\"not found\"}"))
        .mount(&site)
        .await;
    lookup_empty_everywhere(&site).await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![link(999, 7)], Some(WIDGET)).await;
    assert!(bev.readme_id_unknown);
    assert_eq!(bev.requests, 3, "the id, then two URL forms");
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
    assert_eq!(f.project_id, Some(999));
    assert_eq!(f.source, Some(BadgeSource::Readme));
    assert_eq!(f.readme_mismatch, Some(true));
    assert_eq!(f.level, None);
    assert!(j.summary.contains("stale"), "{}", j.summary);
    let stale = j
        .citations
        .iter()
        .find(|c| c.url.as_deref() == Some(format!("{}/projects/999.json", site.uri()).as_str()))
        .expect("the 404 answer is cited");
    assert!(stale.excerpt.as_deref().unwrap().contains("404"));
    let line = j
        .citations
        .iter()
        .find(|c| c.kind == CitationKind::File)
        .unwrap();
    assert_eq!(line.lines, Some([7, 7]));
    assert!(line.supports.iter().any(|s| s == "readme_mismatch"));
}

#[tokio::test]
async fn stale_readme_link_but_the_lookup_finds_the_real_badge() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/999.json"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&site)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .and(query_param("url", WIDGET))
        .respond_with(json(format!("[{}]", fixture("project-4242-passing.json"))))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![link(999, 2)], Some(WIDGET)).await;
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert_eq!(f.project_id, Some(4242));
    assert_eq!(f.source, Some(BadgeSource::ApiLookup));
    assert_eq!(f.readme_mismatch, Some(true));
    assert!(j.summary.contains("999"), "{}", j.summary);
}

#[tokio::test]
async fn readme_badge_registered_for_another_repository() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(json(fixture("project-4242-passing.json")))
        .mount(&site)
        .await;
    lookup_empty_everywhere(&site).await;
    let client = client_for(&site.uri(), None);
    // A fork that kept upstream's README.
    let fork = "https://github.com/someone/widget";
    let bev = collect(&client, vec![link(4242, 1)], Some(fork)).await;
    assert_eq!(
        bev.requests, 3,
        "the README id, then the lookups (two URL forms) for the fork's own badge"
    );
    let (j, f) = judge(&evidence(bev, Some(("someone", "widget"))));
    assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
    assert_eq!(f.project_id, Some(4242));
    assert_eq!(f.source, Some(BadgeSource::Readme));
    assert_eq!(f.level, Some(BadgeLevel::Passing));
    assert_eq!(f.readme_mismatch, Some(true));
    assert!(
        j.summary.contains("https://github.com/acme/widget"),
        "{}",
        j.summary
    );
}

#[tokio::test]
async fn a_record_without_repo_url_does_not_contradict_the_readme() {
    // Many projects give their web site as homepage_url; with repo_url blank the site says
    // nothing about which repository the badge belongs to.
    let mut record: serde_json::Value =
        serde_json::from_str(&fixture("project-4242-passing.json")).unwrap();
    record["repo_url"] = serde_json::Value::Null;
    record["homepage_url"] = "https://widget.example".into();
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(json(record.to_string()))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![link(4242, 1)], Some(WIDGET)).await;
    assert_eq!(bev.requests, 1, "no lookup needed");
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert_eq!(f.readme_mismatch, None);
}

#[tokio::test]
async fn several_lookup_matches_pick_this_repository_and_report_the_rest() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .and(query_param("url", WIDGET))
        .respond_with(json(fixture("lookup-multiple.json")))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![], Some(WIDGET)).await;
    assert_eq!(
        bev.requests, 1,
        "the lookup answers full records; no second read"
    );
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert_eq!(
        f.project_id,
        Some(4242),
        "repo_url match wins over homepage_url"
    );
    assert_eq!(f.other_project_ids, Some(vec![8001]));
    assert!(j.summary.contains("8001"), "{}", j.summary);
}

// ------------------------------------------------------------------------ redirects

#[tokio::test]
async fn redirect_from_the_old_host_is_followed_through_the_governor() {
    let new_site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(json(fixture("project-4242-passing.json")))
        .mount(&new_site)
        .await;
    let old_site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(
            ResponseTemplate::new(301)
                .insert_header("Location", format!("{}/projects/4242.json", new_site.uri())),
        )
        .mount(&old_site)
        .await;
    let client = client_for(&old_site.uri(), None);
    let bev = collect(&client, vec![link(4242, 1)], Some(WIDGET)).await;
    assert_eq!(bev.requests, 2, "each hop is a request");
    assert_eq!(client.total_requests(), 2);
    let p = bev.project.as_ref().unwrap();
    assert_eq!(p.json_url, format!("{}/projects/4242.json", new_site.uri()));
    let (j, _) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Met);
}

#[tokio::test]
async fn locale_redirect_of_a_lookup_is_followed() {
    // The site redirects a query it re-encodes (set_valid_query_url) and locale paths.
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            "/en/projects.json?url=https%3A%2F%2Fgithub.com%2Facme%2Fgizmo",
        ))
        .mount(&site)
        .await;
    Mock::given(method("GET"))
        .and(path("/en/projects.json"))
        .respond_with(json(format!("[{}]", fixture("project-5151-silver.json"))))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, vec![], Some("https://github.com/acme/gizmo")).await;
    assert_eq!(bev.requests, 2);
    let (j, f) = judge(&evidence(bev, Some(("acme", "gizmo"))));
    assert_eq!(j.outcome, Outcome::Met);
    assert_eq!(f.level, Some(BadgeLevel::Silver));
}

#[tokio::test]
async fn redirect_off_the_badge_site_or_in_a_loop_is_an_api_error() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/1.json"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://evil.example/projects/1.json"),
        )
        .mount(&site)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/2.json"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/projects/2.json"))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);

    let bev = collect(&client, vec![link(1, 1)], Some(WIDGET)).await;
    assert_eq!(bev.requests, 1, "the foreign host is never asked");
    let err = bev.project.as_ref().unwrap_err();
    assert_eq!(err.reason, Reason::ApiError);
    assert!(err.detail.contains("evil.example"), "{}", err.detail);
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert_eq!(f.project_id, Some(1), "the README id is still reported");

    let bev = collect(&client, vec![link(2, 1)], Some(WIDGET)).await;
    assert_eq!(bev.requests, 1 + badge::MAX_REDIRECTS as u64);
    assert_eq!(bev.project.as_ref().unwrap_err().reason, Reason::ApiError);
}

// ------------------------------------------------------------------------ faults

async fn fault_case(
    resp: ResponseTemplate,
    readme: Vec<ReadmeBadge>,
) -> (Judgement, BestPracticesBadgeFacts, u64) {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(resp)
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(&client, readme, Some(WIDGET)).await;
    let requests = bev.requests;
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    (j, f, requests)
}

#[tokio::test]
async fn rate_limited_is_unknown_and_stops_asking() {
    let (j, f, requests) = fault_case(
        ResponseTemplate::new(429).insert_header("Retry-After", "30"),
        vec![link(4242, 4)],
    )
    .await;
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert!(j.summary.contains("429"), "{}", j.summary);
    assert_eq!(requests, 1, "no lookup after a 429");
    assert_eq!(f.project_id, Some(4242));
    assert_eq!(f.source, Some(BadgeSource::Readme));
    assert_eq!(f.level, None);
    assert_eq!(f.readme_mismatch, None);
}

#[tokio::test]
async fn server_error_on_the_lookup_is_unknown() {
    let (j, f, requests) = fault_case(ResponseTemplate::new(500), vec![]).await;
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert_eq!(requests, 1, "no further URL forms after a failure");
    assert_eq!(f, BestPracticesBadgeFacts::default());
    assert!(j.citations.is_empty());
}

#[tokio::test]
async fn timeout_is_unknown() {
    let (j, f, _) = fault_case(
        json(fixture("project-4242-passing.json")).set_delay(Duration::from_secs(5)),
        vec![link(4242, 1)],
    )
    .await;
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert!(j.summary.contains("did not answer"), "{}", j.summary);
    assert_eq!(f.project_id, Some(4242));
}

#[tokio::test]
async fn malformed_json_is_unknown() {
    let (j, _, _) = fault_case(
        json("{\"id\": 4242, \"badge_level\": ".into()),
        vec![link(4242, 1)],
    )
    .await;
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert!(j.summary.contains("malformed"), "{}", j.summary);

    // A lookup answering an object instead of an array.
    let (j, _, _) = fault_case(json("{\"projects\": []}".into()), vec![]).await;
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));

    // An HTML error page with status 200.
    let (j, _, _) = fault_case(
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
        vec![link(4242, 1)],
    )
    .await;
    assert_eq!(j.outcome, Outcome::Unknown);
}

#[tokio::test]
async fn a_2015_record_without_badge_level_is_unknown_not_a_panic() {
    // The site's real JSON for project 1 as of 2015: no badge_level, no tiered_percentage.
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/1.json"))
        .respond_with(json(fixture("real-2015-projects-1.json")))
        .mount(&site)
        .await;
    let client = client_for(&site.uri(), None);
    let bev = collect(
        &client,
        vec![link(1, 1)],
        Some("https://github.com/coreinfrastructure/best-practices-badge"),
    )
    .await;
    let p = bev.project.as_ref().unwrap();
    assert_eq!(p.name.as_deref(), Some("BadgeApp"));
    assert_eq!(
        p.criteria.get("interact").map(|c| c.0.as_str()),
        Some("Met")
    );
    let (j, f) = judge(&evidence(
        bev,
        Some(("coreinfrastructure", "best-practices-badge")),
    ));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert_eq!(f.project_id, Some(1));
    assert_eq!(f.level, None);
}

#[test]
fn offline_still_reports_the_readme_id() {
    let mut bev = BadgeEvidence::unavailable(Unavailable::new(
        Reason::Offline,
        "the scan ran with --offline",
    ));
    bev.readme = vec![link(4242, 12)];
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::Offline));
    assert_eq!(f.project_id, Some(4242));
    assert_eq!(f.source, Some(BadgeSource::Readme));
    assert_eq!(f.level, None);
    assert_eq!(f.readme_mismatch, None);
    assert_eq!(j.citations.len(), 1);
    let c = &j.citations[0];
    assert_eq!(c.kind, CitationKind::File);
    assert_eq!(c.lines, Some([12, 12]));
    assert_eq!(c.commit.as_deref(), Some(HEAD));
    assert!(j.summary.contains("4242"), "{}", j.summary);

    // Without a README link there is nothing to report, and still no "no".
    let bev = BadgeEvidence::unavailable(Unavailable::new(Reason::Offline, "offline"));
    let (j, f) = judge(&evidence(bev, None));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(f, BestPracticesBadgeFacts::default());
}

#[tokio::test]
async fn the_site_unreachable_is_an_api_error_not_a_panic() {
    // A port nobody listens on (bound, then released before the request).
    let uri = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let client = client_for(&uri, None);
    let bev = collect(&client, vec![link(4242, 1)], Some(WIDGET)).await;
    let (j, f) = judge(&evidence(bev, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
    assert_eq!(f.project_id, Some(4242));
}

#[test]
fn the_client_can_be_shared_across_tasks() {
    fn shared<T: Send + Sync>() {}
    shared::<BadgeClient>();
    shared::<BadgeEvidence>();
}

#[test]
fn a_bad_base_url_is_a_usage_error() {
    assert!(BadgeClient::new("https://user:secret@www.bestpractices.dev", None).is_err());
    let e = BadgeClient::new("ftp://example.org", None).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(BadgeClient::new("not a url", None).is_err());
    assert!(BadgeClient::new("https://www.bestpractices.dev/", None).is_ok());
}

// ------------------------------------------------------------------------ governor

/// Responds with a body and records when each request arrived.
struct Recording {
    times: Arc<Mutex<Vec<Instant>>>,
    body: String,
}

impl Respond for Recording {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        self.times.lock().unwrap().push(Instant::now());
        json(self.body.clone())
    }
}

fn assert_spaced(times: &[Instant], at_least: Duration) {
    let mut t = times.to_vec();
    t.sort();
    for w in t.windows(2) {
        let gap = w[1] - w[0];
        assert!(
            gap >= at_least,
            "requests only {gap:?} apart (want >= {at_least:?})"
        );
    }
}

#[tokio::test]
async fn one_governor_spaces_every_request_of_every_scan_sharing_the_client() {
    let site = MockServer::start().await;
    let times = Arc::new(Mutex::new(Vec::new()));
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .respond_with(Recording {
            times: Arc::clone(&times),
            body: "[]".into(),
        })
        .mount(&site)
        .await;
    let interval = Duration::from_millis(150);
    let mut cfg = BadgeConfig::new(&site.uri(), None);
    cfg.min_interval = interval;
    let client = Arc::new(BadgeClient::with_config(cfg).unwrap());

    // Three scans of a batch at once, two lookups each (every URL form answers []).
    let started = Instant::now();
    let mut jobs = Vec::new();
    for name in ["a", "b", "c"] {
        let client = Arc::clone(&client);
        jobs.push(tokio::spawn(async move {
            collect(
                &client,
                vec![],
                Some(&format!("https://github.com/acme/{name}")),
            )
            .await
        }));
    }
    for j in jobs {
        assert_eq!(j.await.unwrap().requests, 2);
    }
    let times = times.lock().unwrap().clone();
    assert_eq!(times.len(), 6);
    assert_eq!(client.total_requests(), 6);
    // Arrival gaps can be a little shorter than send gaps; allow a small margin.
    assert_spaced(&times, interval - Duration::from_millis(30));
    assert!(started.elapsed() >= interval * 5);
}

#[test]
fn the_default_interval_is_the_documented_one_request_per_second() {
    let cfg = BadgeConfig::new(badge::DEFAULT_BASE_URL, None);
    assert_eq!(cfg.min_interval, Duration::from_secs(1));
}

// ------------------------------------------------------------------------ cache

#[tokio::test]
async fn second_run_revalidates_from_the_disk_cache() {
    let site = MockServer::start().await;
    let etag = "W/\"3f9a-passing\"";
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .and(header("if-none-match", etag))
        .respond_with(ResponseTemplate::new(304).insert_header("ETag", etag))
        .with_priority(1)
        .expect(1)
        .mount(&site)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(
            json(fixture("project-4242-passing.json"))
                .insert_header("ETag", etag)
                .insert_header("Cache-Control", "no-store"),
        )
        .expect(2)
        .mount(&site)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("bestpractices");

    let first = collect(
        &client_for(&site.uri(), Some(cache.clone())),
        vec![link(4242, 1)],
        Some(WIDGET),
    )
    .await;
    assert_eq!((first.requests, first.not_modified), (1, 0));
    let files: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one entry, no temp files left behind");

    // A new client (a new run) with the same cache directory.
    let second = collect(
        &client_for(&site.uri(), Some(cache.clone())),
        vec![link(4242, 1)],
        Some(WIDGET),
    )
    .await;
    assert_eq!((second.requests, second.not_modified), (1, 1));
    assert_eq!(first.project, second.project);
    let (j, f) = judge(&evidence(second, Some(("acme", "widget"))));
    assert_eq!(j.outcome, Outcome::Met);
    assert_eq!(f.level, Some(BadgeLevel::Passing));

    // --no-cache: no conditional request.
    let third = collect(
        &client_for(&site.uri(), None),
        vec![link(4242, 1)],
        Some(WIDGET),
    )
    .await;
    assert_eq!(third.not_modified, 0);
    let last = site.received_requests().await.unwrap();
    assert!(last.last().unwrap().headers.get("if-none-match").is_none());
}

#[tokio::test]
async fn a_corrupt_cache_entry_is_ignored() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(
            json(fixture("project-4242-passing.json"))
                .insert_header("Last-Modified", "Tue, 10 Feb 2026 22:15:46 GMT"),
        )
        .mount(&site)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let first = collect(
        &client_for(&site.uri(), Some(dir.path().into())),
        vec![link(4242, 1)],
        Some(WIDGET),
    )
    .await;
    assert!(first.project.is_ok());
    for e in std::fs::read_dir(dir.path()).unwrap().flatten() {
        std::fs::write(e.path(), b"{ not json").unwrap();
    }
    let second = collect(
        &client_for(&site.uri(), Some(dir.path().into())),
        vec![link(4242, 1)],
        Some(WIDGET),
    )
    .await;
    assert_eq!(second.not_modified, 0);
    assert!(second.project.is_ok());
    let reqs = site.received_requests().await.unwrap();
    assert!(reqs[1].headers.get("if-modified-since").is_none());
}

// ------------------------------------------------------------------------ end to end

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn cli_scan_of_a_local_clone_reads_the_badge_site() {
    let site = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/4242.json"))
        .respond_with(json(fixture("project-4242-passing.json")))
        .expect(1)
        .mount(&site)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("widget");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(
        repo.join("README.md"),
        "# Widget\n\n[![OpenSSF Best Practices](https://bestpractices.coreinfrastructure.org/en/projects/4242/badge)](https://bestpractices.coreinfrastructure.org/en/projects/4242)\n",
    )
    .unwrap();
    git(&repo, &["add", "README.md"]);
    git(
        &repo,
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "init",
        ],
    );

    let base = site.uri();
    let repo_arg = repo.to_string_lossy().to_string();
    let out = tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("tssa-probe")
            .unwrap()
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .env_remove("TSSA_GITHUB_API_URL")
            .env("NO_COLOR", "1")
            .args([
                repo_arg.as_str(),
                "--online",
                "--no-cache",
                "--bestpractices-url",
                base.as_str(),
                "--probe",
                "best-practices-badge",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let probe = report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "best-practices-badge")
        .unwrap();
    assert_eq!(probe["outcome"], "met", "{probe:#}");
    assert_eq!(probe["facts"]["project_id"], 4242);
    assert_eq!(probe["facts"]["source"], "readme");
    assert_eq!(probe["facts"]["level"], "passing");
    // No GitHub origin: the repository URL is unknown, so a mismatch cannot be judged.
    assert!(probe["facts"]["readme_mismatch"].is_null());
    assert_eq!(report["api"]["bestpractices_requests"], 1);
    let readme_cite = probe["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "file")
        .unwrap();
    assert_eq!(readme_cite["path"], "README.md");
    assert_eq!(readme_cite["lines"], serde_json::json!([3, 3]));
}

// ------------------------------------------------------------ coalesced reads and memo

/// The bulk read `/projects.json?ids=`: answers every id asked for from 1000 to 1999 with a
/// record registered for `https://github.com/acme/r<id>` (4242 from its fixture), leaves
/// out the others (unknown ids), and records each query.
struct Bulk {
    queries: Queries,
}

/// The bulk reads a mock site received: when, and the ids asked for.
type Queries = Arc<Mutex<Vec<(Instant, Vec<u64>)>>>;

fn bulk_record(id: u64) -> String {
    if id == 4242 {
        return fixture("project-4242-passing.json");
    }
    serde_json::json!({
        "id": id,
        "name": format!("r{id}"),
        "repo_url": format!("https://github.com/acme/r{id}"),
        "badge_level": "passing",
        "tiered_percentage": 120,
        "vulnerability_report_process_status": "Met",
    })
    .to_string()
}

impl Respond for Bulk {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let ids: Vec<u64> = req
            .url
            .query_pairs()
            .filter(|(k, _)| k == "ids")
            .flat_map(|(_, v)| {
                v.split(',')
                    .map(|i| i.parse::<u64>().unwrap())
                    .collect::<Vec<_>>()
            })
            .collect();
        self.queries
            .lock()
            .unwrap()
            .push((Instant::now(), ids.clone()));
        let records: Vec<String> = ids
            .iter()
            .filter(|i| (1000..2000).contains(*i) || **i == 4242)
            .map(|i| bulk_record(*i))
            .collect();
        json(format!("[{}]", records.join(",")))
    }
}

/// A site with the bulk read, `/projects/{id}.json` for the same records (404 for the
/// others), and a slow governor; returns the client, the bulk queries, and the mock.
async fn bulk_site(interval: Duration) -> (Arc<BadgeClient>, Queries, MockServer) {
    let site = MockServer::start().await;
    let queries = Arc::new(Mutex::new(Vec::new()));
    Mock::given(method("GET"))
        .and(path("/projects.json"))
        .and(wiremock::matchers::query_param_contains("ids", ""))
        .respond_with(Bulk {
            queries: Arc::clone(&queries),
        })
        .with_priority(1)
        .mount(&site)
        .await;
    lookup_empty_everywhere(&site).await;
    for id in [1000u64, 1001, 1002, 4242] {
        Mock::given(method("GET"))
            .and(path(format!("/projects/{id}.json")))
            .respond_with(json(bulk_record(id)))
            .mount(&site)
            .await;
    }
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(r"^/projects/[0-9]+\.json$"))
        .respond_with(ResponseTemplate::new(404))
        .with_priority(10)
        .mount(&site)
        .await;
    let mut cfg = BadgeConfig::new(&site.uri(), None);
    cfg.min_interval = interval;
    cfg.timeout = Duration::from_secs(5);
    (
        Arc::new(BadgeClient::with_config(cfg).unwrap()),
        queries,
        site,
    )
}

/// Requests the mock received, as `path?query`.
async fn received(site: &MockServer) -> Vec<String> {
    site.received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{}?{q}", r.url.path()),
            None => r.url.path().to_string(),
        })
        .collect()
}

/// Scans of `ids` (each linking its own badge and registered for `acme/r<id>`) started at
/// once while the governor's slot is still `interval` away (a first request just went).
async fn concurrent_scans(client: &Arc<BadgeClient>, ids: Vec<u64>) -> Vec<BadgeEvidence> {
    // Occupies the slot: everything below waits for the next one, queued together.
    let warm = collect(
        client,
        vec![link(1000, 1)],
        Some("https://github.com/acme/r1000"),
    )
    .await;
    assert_eq!(warm.requests, 1);
    let mut jobs = Vec::new();
    for id in ids {
        let client = Arc::clone(client);
        jobs.push(tokio::spawn(async move {
            collect(
                &client,
                vec![link(id, 1)],
                Some(&format!("https://github.com/acme/r{id}")),
            )
            .await
        }));
    }
    let mut out = Vec::new();
    for j in jobs {
        out.push(j.await.unwrap());
    }
    out
}

#[tokio::test]
async fn scans_waiting_for_the_slot_share_one_bulk_read() {
    let (client, queries, site) = bulk_site(Duration::from_millis(300)).await;
    let ids: Vec<u64> = (1001..1009).collect();
    let evs = concurrent_scans(&client, ids.clone()).await;

    let reqs = received(&site).await;
    assert_eq!(
        reqs.len(),
        2,
        "one read for the first scan, one for the 8 others: {reqs:?}"
    );
    assert_eq!(reqs[0], "/projects/1000.json");
    let q = queries.lock().unwrap().clone();
    assert_eq!(q.len(), 1);
    let mut asked = q[0].1.clone();
    asked.sort_unstable();
    assert_eq!(asked, ids);
    assert_eq!(client.total_requests(), 2);
    // One scan sent the bulk read; the others were answered by it.
    assert_eq!(evs.iter().map(|e| e.requests).sum::<u64>(), 1);
    for (ev, id) in evs.into_iter().zip(ids) {
        assert_eq!(ev.source, Some(BadgeSource::Readme));
        let p = ev.project.as_ref().unwrap();
        assert_eq!(p.id, id);
        assert_eq!(p.name.as_deref(), Some(format!("r{id}").as_str()));
        // Cited as the project's own record, the same body the site sends by id.
        assert_eq!(p.json_url, format!("{}/projects/{id}.json", site.uri()));
        let (j, f) = judge(&evidence(ev, Some(("acme", &format!("r{id}")))));
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        assert_eq!(f.project_id, Some(id));
    }
}

#[tokio::test]
async fn more_than_twenty_waiting_ids_are_read_twenty_a_request_and_spaced() {
    let interval = Duration::from_millis(200);
    let (client, queries, _site) = bulk_site(interval).await;
    let ids: Vec<u64> = (1001..1026).collect();
    let evs = concurrent_scans(&client, ids.clone()).await;
    let q = queries.lock().unwrap().clone();
    assert_eq!(q.len(), 2, "25 ids: 20, then 5: {q:?}");
    assert!(
        q.iter()
            .all(|(_, ids)| ids.len() <= badge::MAX_IDS_PER_REQUEST)
    );
    let mut asked: Vec<u64> = q.iter().flat_map(|(_, ids)| ids.clone()).collect();
    asked.sort_unstable();
    assert_eq!(asked, ids, "every id asked for exactly once");
    assert_eq!(client.total_requests(), 3);
    let times: Vec<Instant> = q.iter().map(|(t, _)| *t).collect();
    assert_spaced(&times, interval - Duration::from_millis(30));
    for (ev, id) in evs.iter().zip(&ids) {
        assert_eq!(ev.project.as_ref().unwrap().id, *id);
    }
}

#[tokio::test]
async fn an_id_left_out_of_a_bulk_answer_is_read_alone_and_is_a_stale_link() {
    let (client, queries, site) = bulk_site(Duration::from_millis(300)).await;
    // 999 is unknown to the site: the bulk answer leaves it out.
    let evs = concurrent_scans(&client, vec![1001, 999, 1002]).await;
    assert_eq!(queries.lock().unwrap().len(), 1);
    let reqs = received(&site).await;
    assert!(reqs.contains(&"/projects/999.json".to_string()), "{reqs:?}");
    // The stale link's scan then looks its URL up (two forms).
    assert_eq!(reqs.len(), 5, "{reqs:?}");
    let stale = &evs[1];
    assert!(stale.readme_id_unknown);
    assert_eq!(
        stale.readme_unknown[0].url,
        format!("{}/projects/999.json", site.uri())
    );
    assert_eq!(evs[0].project.as_ref().unwrap().id, 1001);
    assert_eq!(evs[2].project.as_ref().unwrap().id, 1002);
}

#[tokio::test]
async fn a_project_or_lookup_read_once_is_not_read_again_in_the_run() {
    let (client, _queries, site) = bulk_site(Duration::from_millis(5)).await;
    let first = collect(&client, vec![link(4242, 1)], Some(WIDGET)).await;
    let again = collect(&client, vec![link(4242, 3)], Some(WIDGET)).await;
    assert_eq!((first.requests, again.requests), (1, 0));
    assert_eq!(first.project, again.project);
    // A stale id (404) is remembered too, and so is an empty lookup.
    let stale = collect(
        &client,
        vec![link(999, 1)],
        Some("https://github.com/acme/x"),
    )
    .await;
    let stale2 = collect(
        &client,
        vec![link(999, 1)],
        Some("https://github.com/acme/x"),
    )
    .await;
    assert_eq!(stale.requests, 3, "the id, then two URL forms");
    assert_eq!(stale2.requests, 0);
    assert!(stale2.readme_id_unknown);
    assert_eq!(stale.project.is_err(), stale2.project.is_err());
    assert_eq!(client.total_requests(), 4);
    assert_eq!(received(&site).await.len(), 4);
    // A new client (a new run) reads again.
    let mut cfg = BadgeConfig::new(&site.uri(), None);
    cfg.min_interval = Duration::from_millis(5);
    let fresh = BadgeClient::with_config(cfg).unwrap();
    let third = collect(&fresh, vec![link(4242, 1)], Some(WIDGET)).await;
    assert_eq!(third.requests, 1);
}
