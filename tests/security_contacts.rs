#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Security contacts end to end: real git repositories shaped like public projects'
//! policies, scanned offline through the CLI. Contacts are ways to report, never the
//! reference links around them; every contact sentence cites exactly the lines where the
//! contacts it names stand.

use crate::common;
use crate::e2e_fixture;

use tssa_probe::Report;
use tssa_probe::model::{Answer, Outcome, ProbeFacts, ProbeId, SecurityPolicyFacts};
use tssa_probe::render::markdown::sentences;

use common::{Commit, Fixture, Repo};

/// A repository with these files, with a GitHub origin (`o/r`) unless `remote` is false.
fn repo<'f>(fx: &'f Fixture, name: &str, files: &[(&str, &str)], remote: bool) -> Repo<'f> {
    let r = fx.repo(name);
    let mut c = Commit::new("policy");
    for (p, t) in files {
        c = c.file(p, *t);
    }
    r.commit(&c);
    if remote {
        r.git(&["remote", "add", "origin", "https://github.com/o/r.git"]);
    }
    r
}

fn scan(r: &Repo<'_>) -> Report {
    let out = e2e_fixture::cli()
        .arg(&r.path)
        .args([
            "--offline",
            "--format",
            "json",
            "--probe",
            "security-policy",
        ])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn policy(report: &Report) -> (&tssa_probe::model::ProbeResult, &SecurityPolicyFacts) {
    report
        .probes
        .iter()
        .find_map(|p| match &p.facts {
            ProbeFacts::SecurityPolicy(f) => Some((p, f)),
            _ => None,
        })
        .unwrap()
}

/// The text of lines `a..=b` of `path` at HEAD.
fn lines(r: &Repo<'_>, path: &str, a: u32, b: u32) -> String {
    let text = r.git(&["show", &format!("HEAD:{path}")]);
    text.lines()
        .skip(a as usize - 1)
        .take((b - a + 1) as usize)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every sentence of `communication_inbound` that names a contact cites lines, and each
/// cited line range holds a contact the sentence names (or, for a page the policy links
/// to, the link to that page); every contact named is on a cited line.
fn assert_sentences_cite_their_contacts(r: &Repo<'_>, report: &Report) {
    let (_, f) = policy(report);
    let details = f.contact_details.as_deref().unwrap_or(&[]);
    let item = &report.self_assessment.communication_inbound;
    let mut named_somewhere = 0;
    for s in &item.sentences {
        let named: Vec<_> = details
            .iter()
            .filter(|c| s.text.contains(c.value.as_str()))
            .collect();
        if named.is_empty() {
            continue;
        }
        named_somewhere += named.len();
        assert!(!s.citations.is_empty(), "uncited: {}", s.text);
        let cited: Vec<String> = s
            .citations
            .iter()
            .map(|&i| {
                let c = &item.citations[i];
                let [a, b] = c
                    .lines
                    .unwrap_or_else(|| panic!("{} cites a whole file", s.text));
                lines(r, c.path.as_deref().unwrap(), a, b)
            })
            .collect();
        for text in &cited {
            let shows = named.iter().any(|c| {
                text.contains(c.written.as_deref().unwrap_or(&c.value))
                    || c.linked_from.is_some() && text.contains(&c.found_in)
                    || c.linked_from.is_some()
                        && text.contains(c.found_in.rsplit('/').next().unwrap())
            });
            assert!(
                shows,
                "{:?} cites {text:?}, which shows none of its contacts",
                s.text
            );
        }
        for c in &named {
            let shown = c.written.as_deref().unwrap_or(&c.value);
            assert!(
                cited.iter().any(|t| t.contains(shown)),
                "{:?} names {shown} but no cited line holds it",
                s.text
            );
        }
    }
    assert!(
        named_somewhere >= details.len().min(1),
        "{:#?}",
        item.sentences
    );
}

// Modelled on argoproj/argo-cd's SECURITY.md: CVSS scoring on first.org, advisories listed
// on GitHub, a docs page, the GitHub organization, one list address to write to.
const REFERENCE_HEAVY: &str = "# Security Policy for R\n\
\n\
We assign CVE ids through https://www.cve.org/ and score issues with the\n\
[CVSS calculator](https://www.first.org/cvss/calculator/3.1).\n\
We publish fixes as [GitHub Security Advisories](https://github.com/o/r/security/advisories).\n\
Operators should read https://r.example.io/docs/operator-manual/security/ first.\n\
Our other projects: https://github.com/o\n\
\n\
## Reporting a Vulnerability\n\
\n\
Please report vulnerabilities by e-mail to the following address:\n\
\n\
* cncf-r-security@lists.cncf.io\n";

#[test]
fn reference_links_are_never_contacts() {
    let fx = Fixture::new();
    let r = repo(&fx, "refs", &[("SECURITY.md", REFERENCE_HEAVY)], true);
    let report = scan(&r);
    let (p, f) = policy(&report);
    assert_eq!(p.outcome, Outcome::Met, "{}", p.summary);
    assert_eq!(
        f.contact.as_deref().unwrap(),
        ["cncf-r-security@lists.cncf.io"]
    );
    assert_eq!(f.references.as_ref().unwrap().len(), 5);
    let inbound = &report.self_assessment.communication_inbound;
    let inbound_md = sentences(inbound);
    assert_eq!(inbound.answer, Answer::Yes);
    assert!(
        inbound_md.contains(
            "The security policy asks reporters to write to `cncf-r-security@lists.cncf.io`."
        ),
        "{}",
        inbound_md
    );
    for reference in ["cve.org", "first.org", "r.example.io", "github.com/o"] {
        assert!(
            !inbound_md.contains(reference),
            "{reference} in {}",
            inbound_md
        );
    }
    assert_sentences_cite_their_contacts(&r, &report);
}

#[test]
fn policy_that_only_links_elsewhere_names_its_references_not_contacts() {
    // The shape of prometheus/prometheus's SECURITY.md: one link to the website.
    let fx = Fixture::new();
    let r = repo(
        &fx,
        "prom",
        &[(
            "SECURITY.md",
            "# Reporting a security issue\n\nThe security policy, including how to report vulnerabilities, can be\nfound here:\n\n[https://r.example.io/docs/operating/security/](https://r.example.io/docs/operating/security/)\n",
        )],
        true,
    );
    let report = scan(&r);
    let (p, f) = policy(&report);
    assert_eq!(p.outcome, Outcome::PartiallyMet, "{}", p.summary);
    assert_eq!(f.contact.as_deref(), Some(&[][..]));
    let inbound = &report.self_assessment.communication_inbound;
    let inbound_md = sentences(inbound);
    assert_eq!(inbound.answer, Answer::Partial);
    assert!(!inbound_md.contains("write to"), "{}", inbound_md);
    assert!(
        inbound_md.contains("it refers readers to <https://r.example.io/docs/operating/security/>"),
        "{}",
        inbound_md
    );
    // That sentence cites the line of the link.
    let s = inbound
        .sentences
        .iter()
        .find(|s| s.text.contains("refers readers"))
        .unwrap();
    assert!(s.citations.iter().any(|&i| {
        let c = &inbound.citations[i];
        c.lines == Some([6, 6]) && c.path.as_deref() == Some("SECURITY.md")
    }));
}

#[test]
fn linked_page_insights_and_contributing_contacts_cite_their_lines() {
    let fx = Fixture::new();
    // A policy that sends readers to an in-repository page (as argoproj/argo-cd's does to
    // docs/operator-manual/security.md), which holds the address and the PVR link.
    let linked = repo(
        &fx,
        "linked",
        &[
            (
                "SECURITY.md",
                "# Security\n\nHow to report: see [our security page](docs/operator-manual/security.md#reporting).\n",
            ),
            (
                "docs/operator-manual/security.md",
                "# Security\n\n## Reporting\n\nWrite to security [at] r [dot] io, or use\nhttps://github.com/o/r/security/advisories/new\n",
            ),
        ],
        true,
    );
    let report = scan(&linked);
    let (_, f) = policy(&report);
    assert_eq!(
        f.contact.as_deref().unwrap(),
        [
            "security@r.io",
            "https://github.com/o/r/security/advisories/new"
        ]
    );
    let inbound = &report.self_assessment.communication_inbound;
    let inbound_md = sentences(inbound);
    assert!(
        inbound_md.contains("`docs/operator-manual/security.md`, which the security policy links to, asks reporters to write to `security@r.io`."),
        "{}",
        inbound_md
    );
    assert!(
        inbound_md.contains(
            "asks reporters to report through <https://github.com/o/r/security/advisories/new>."
        ),
        "{}",
        inbound_md
    );
    assert_sentences_cite_their_contacts(&linked, &report);

    // SECURITY-INSIGHTS v1 (prometheus/prometheus's shape) and v2 (the v2.2.0 example).
    let v1 = "header:\n  schema-version: '1.0.0'\nsecurity-contacts:\n  - type: email\n    value: r-team@googlegroups.com\nvulnerability-reporting:\n  accepts-vulnerability-reports: true\n  security-policy: https://github.com/o/r/security/policy\n";
    let insights = repo(
        &fx,
        "insights1",
        &[
            ("SECURITY.md", "See https://r.example.io/security/\n"),
            ("SECURITY-INSIGHTS.yml", v1),
        ],
        true,
    );
    let report = scan(&insights);
    let (p, f) = policy(&report);
    assert_eq!(p.outcome, Outcome::Met, "{}", p.summary);
    assert_eq!(f.contact.as_deref().unwrap(), ["r-team@googlegroups.com"]);
    let inbound = &report.self_assessment.communication_inbound;
    let inbound_md = sentences(inbound);
    assert!(
        inbound_md.contains(
            "`SECURITY-INSIGHTS.yml` names `r-team@googlegroups.com` for vulnerability reports."
        ),
        "{}",
        inbound_md
    );
    assert_sentences_cite_their_contacts(&insights, &report);

    let v2 = "header:\n  schema-version: 2.2.0\nproject:\n  name: R\n  vulnerability-reporting:\n    reports-accepted: true\n    bug-bounty-available: true\n    bug-bounty-program: https://hackerone.com/r\n    contact:\n      name: R security team\n      primary: true\n      email: security@r.io\n";
    let insights = repo(
        &fx,
        "insights2",
        &[
            ("SECURITY.md", "We take security seriously.\n"),
            (".github/security-insights.yml", v2),
        ],
        true,
    );
    let report = scan(&insights);
    let (_, f) = policy(&report);
    assert_eq!(
        f.contact.as_deref().unwrap(),
        ["security@r.io", "https://hackerone.com/r"]
    );
    assert_sentences_cite_their_contacts(&insights, &report);

    // sigstore/cosign's CONTRIBUTING.md carries a "## Security" section.
    let contributing = repo(
        &fx,
        "contrib",
        &[(
            "CONTRIBUTING.md",
            "# Contributing\n\n```sh\n# Security checks\nmake lint\n```\n\n## Security\n\nShould you discover any security issues, please mail security@r.io\n\n## Releases\n\nAsk release@r.io\n",
        )],
        false,
    );
    let report = scan(&contributing);
    let (p, f) = policy(&report);
    // No remote: the organization's policy is unknown, so the outcome is too.
    assert_eq!(p.outcome, Outcome::Unknown, "{}", p.summary);
    assert_eq!(f.contact.as_deref().unwrap(), ["security@r.io"]);
    let inbound = &report.self_assessment.communication_inbound;
    let inbound_md = sentences(inbound);
    assert_eq!(inbound.answer, Answer::Yes);
    assert!(
        inbound_md.contains(
            "The \u{201c}Security\u{201d} section of `CONTRIBUTING.md` asks reporters to write to `security@r.io`."
        ),
        "{}",
        inbound_md
    );
    assert!(!inbound_md.contains("release@r.io"));
    assert_sentences_cite_their_contacts(&contributing, &report);
}

#[test]
fn asciidoc_and_rst_policies_in_doc_folders_are_found() {
    let fx = Fixture::new();
    for (i, path) in [
        "SECURITY.adoc",
        "docs/SECURITY.adoc",
        ".github/security.adoc",
        "doc/security.rst",
    ]
    .iter()
    .enumerate()
    {
        let r = repo(
            &fx,
            &format!("doc{i}"),
            &[(
                path,
                "= Security\n\nReport vulnerabilities to security@r.io.\n",
            )],
            true,
        );
        let report = scan(&r);
        let (p, f) = policy(&report);
        assert_eq!(p.outcome, Outcome::Met, "{path}: {}", p.summary);
        assert_eq!(f.locations.as_deref().unwrap(), [*path]);
        assert_sentences_cite_their_contacts(&r, &report);
    }
}

#[test]
fn remote_less_clone_without_policy_is_unknown_not_not_met() {
    let fx = Fixture::new();
    let r = repo(&fx, "bare", &[("README.md", "# r\n")], false);
    let out = e2e_fixture::cli()
        .arg(&r.path)
        .args(["--offline", "--format", "json"])
        .assert()
        .success();
    let report: Report = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let (p, _) = policy(&report);
    assert_eq!(p.outcome, Outcome::Unknown, "{}", p.summary);
    assert_eq!(p.id(), ProbeId::SecurityPolicy);
    assert!(p.reason.is_some());
    let sa = &report.self_assessment;
    for (key, item) in [
        ("security_policy", &sa.security_policy),
        ("communication_inbound", &sa.communication_inbound),
        ("source_in_github", &sa.source_in_github),
    ] {
        assert_eq!(item.answer, Answer::Unknown, "{key}: {}", item.text);
        assert!(
            item.text.contains("no GitHub remote"),
            "{key}: {}",
            item.text
        );
        assert!(
            !sentences(item).contains("or in the organization's `.github` repository)"),
            "{key}: {}",
            item.text
        );
        assert!(!item.text.contains("not on GitHub"), "{key}: {}", item.text);
    }
    // The Markdown says it too, and never "No." for the policy.
    let md = e2e_fixture::scan(&r, "md");
    assert!(!md.contains("| Security file | **No.**"), "{md}");
    assert!(md.contains("has no GitHub remote"), "{md}");
}
