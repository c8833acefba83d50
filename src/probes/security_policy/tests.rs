//! Unit tests of `security_policy`.
use super::*;
use crate::evidence::github::{Flag, OrgPolicy};
use crate::evidence::{EntryKind, FileContent, FileEntry};
use crate::model::Reason;
use crate::probes::testing::*;

fn judge(ev: &Evidence) -> Judgement {
    let j = SecurityPolicy.judge(ev);
    assert_cited(&j);
    j
}

const POLICY: &str = "# Security\n\nPlease do not open issues.\nE-mail [us](mailto:security@example.org).\n\nOr use https://github.com/o/r/security/advisories/new\n![badge](https://img.shields.io/badge/x.svg)\n";

#[test]
fn policy_with_contacts_is_met_and_cites_lines() {
    let ev = with_files(&[
        ("SECURITY.md", POLICY),
        ("SECURITY-INSIGHTS.yml", "header: {}\n"),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(f["source"], "repository");
    assert_eq!(f["locations"], serde_json::json!(["SECURITY.md"]));
    assert_eq!(
        f["contact"],
        serde_json::json!([
            "security@example.org",
            "https://github.com/o/r/security/advisories/new"
        ])
    );
    assert_eq!(f["security_insights_path"], "SECURITY-INSIGHTS.yml");
    let c = j
        .citations
        .iter()
        .find(|c| c.lines == Some([4, 4]))
        .expect("line 4 cited");
    assert!(c.url.as_deref().unwrap().ends_with("/SECURITY.md#L4"));
    assert!(
        c.excerpt
            .as_deref()
            .unwrap()
            .contains("security@example.org")
    );
}

#[test]
fn any_case_and_extension_in_the_three_places() {
    for p in [
        "security.md",
        ".github/SECURITY.rst",
        "docs/Security.txt",
        "SECURITY",
        "SECURITY.markdown",
        "SECURITY.adoc",
        "docs/SECURITY.adoc",
        ".github/security.adoc",
        "doc/security.rst",
        "doc/SECURITY.asciidoc",
    ] {
        let ev = with_files(&[(p, "mail sec@x.io\n")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{p}");
    }
    let ev = with_files(&[
        ("pkg/SECURITY.md", "mail sec@x.io\n"),
        ("security.go", "package x"),
        ("doc/security.html", "mail sec@x.io\n"),
    ]);
    assert_ne!(judge(&ev).outcome, Outcome::Met);
}

/// sigstore/cosign's README "## Security" section: a link to another repository's
/// policy is where reports go, not a contact.
#[test]
fn readme_security_section_that_only_refers_elsewhere() {
    let ev = with_files(&[(
        "README.md",
        "# cosign\n\n## Security\n\nShould you discover any security issues, please refer to sigstore's [security\nprocess](https://github.com/sigstore/.github/blob/main/SECURITY.md)\n\n## License\n\nSee https://www.apache.org/licenses/LICENSE-2.0\n",
    )]);
    let j = SecurityPolicy.judge(&ev);
    assert_cited(&j);
    let f = facts(&j);
    assert!(f["contact"].is_null(), "{f}");
    assert_eq!(
        f["section_references"],
        serde_json::json!([{
            "url": "https://github.com/sigstore/.github/blob/main/SECURITY.md",
            "found_in": "README.md",
            "line": 6,
            "section": "Security"
        }])
    );
}

/// kubernetes-sigs/kind's SECURITY_CONTACTS: the names are not where reports go.
#[test]
fn security_contacts_that_say_not_to_report_to_them() {
    let ev = with_files(&[(
        "SECURITY_CONTACTS",
        "# Defined below are the security contacts for this repo.\n#\n# DO NOT REPORT SECURITY VULNERABILITIES DIRECTLY TO THESE NAMES, FOLLOW THE\n# INSTRUCTIONS AT https://kubernetes.io/security/\nBenTheElder\nmunnerz\n",
    )]);
    let j = SecurityPolicy.judge(&ev);
    assert_cited(&j);
    let f = facts(&j);
    assert_eq!(
        f["security_contacts"],
        serde_json::json!(["BenTheElder", "munnerz"])
    );
    assert_eq!(
        f["security_contacts_report_to"],
        "https://kubernetes.io/security/"
    );
    let c = j
        .citations
        .iter()
        .find(|c| {
            c.supports
                .iter()
                .any(|s| s == "security_contacts_report_to")
        })
        .unwrap();
    assert_eq!(c.lines, Some([3, 4]));
}

#[test]
fn kubernetes_security_contacts_are_reported() {
    let ev = with_files(&[
        ("SECURITY.md", "See https://kubernetes.io/security/\n"),
        (
            "SECURITY_CONTACTS",
            "# Defined below are the security contacts for this repo.\n#\nalice\n@bob\n\n<script>\ncarol # lead\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(f["security_contacts_path"], "SECURITY_CONTACTS");
    assert_eq!(
        f["security_contacts"],
        serde_json::json!(["alice", "bob", "carol"])
    );
    // The handles say who handles reports, not where to send one; the policy's only
    // link is a guidance page: a reference, so no contact.
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    assert_eq!(f["contact"], serde_json::json!([]));
    assert_eq!(f["references"][0]["url"], "https://kubernetes.io/security/");
    assert!(
        j.summary.contains("SECURITY_CONTACTS names 3 people"),
        "{}",
        j.summary
    );
}

#[test]
fn policy_without_contact_is_partial() {
    let ev = with_files(&[("SECURITY.md", "We take security seriously.\n")]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    assert_eq!(facts(&j)["contact"], serde_json::json!([]));
}

#[test]
fn offline_on_github_without_policy_is_unknown() {
    let ev = with_files(&[("README.md", "hi")]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::Offline));
    assert!(j.summary.contains("o/.github"), "{}", j.summary);
}

#[test]
fn remote_less_clone_without_policy_is_unknown_not_not_met() {
    // A local clone with no remote: where it is hosted (and so its organization's
    // `.github` policy) is unknown.
    let ev = local_only(&[("README.md", "hi")]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Unknown, "{}", j.summary);
    assert_eq!(j.reason, Some(Reason::Offline));
    let f = facts(&j);
    assert_eq!(f["source"], "unknown");
    assert!(f["locations"].is_null() && f["contact"].is_null());
    assert!(f["private_vulnerability_reporting"].is_null());
    assert!(j.summary.contains("no GitHub remote"), "{}", j.summary);
    assert!(!j.summary.contains(".github"), "{}", j.summary);
    // A contact in CONTRIBUTING is still reported, the outcome still unknown.
    let ev = local_only(&[(
        "CONTRIBUTING.md",
        "# Contributing\n\n## Reporting security issues\n\nMail security@x.io.\n",
    )]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(facts(&j)["contact"], serde_json::json!(["security@x.io"]));
}

#[test]
fn org_dot_github_policy() {
    let mut ev = online(&[]);
    ev.github.org_security_policy = Ok(Some(OrgPolicy {
        repository: "o/.github".into(),
        path: "SECURITY.md".into(),
        html_url: "https://github.com/o/.github/blob/main/SECURITY.md".into(),
        content: "# Policy\nWrite to security@o.example\n".into(),
    }));
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(f["source"], "org_dot_github");
    assert_eq!(
        f["locations"][0],
        "https://github.com/o/.github/blob/main/SECURITY.md"
    );
    assert_eq!(f["contact"], serde_json::json!(["security@o.example"]));
    assert!(
        j.citations
            .iter()
            .any(|c| c.url.as_deref()
                == Some("https://github.com/o/.github/blob/main/SECURITY.md#L2"))
    );
}

#[test]
fn no_policy_anywhere_is_not_met_unless_private_reporting() {
    let mut ev = online(&[]);
    assert_eq!(judge(&ev).outcome, Outcome::NotMet);
    ev.github.private_vulnerability_reporting = Ok(Flag {
        api_url: format!("{API}/private-vulnerability-reporting"),
        enabled: true,
    });
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    assert_eq!(facts(&j)["private_vulnerability_reporting"], true);
    ev.github.org_security_policy = Err(unavailable(Reason::ApiError));
    assert_eq!(judge(&ev).outcome, Outcome::Unknown);
}

#[test]
fn symlink_out_of_the_tree_is_not_read_and_truncated_policy_still_counts() {
    let mut ev = online(&[]);
    let snap = ev.files.as_mut().unwrap();
    snap.entries.insert(
        "SECURITY.md".into(),
        FileEntry {
            size: 20,
            kind: EntryKind::Symlink {
                target: "../../etc/passwd".into(),
            },
            content: None,
        },
    );
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::NotMet);
    assert!(j.summary.contains("symlink"), "{}", j.summary);

    let mut ev = with_files(&[]);
    ev.files.as_mut().unwrap().entries.insert(
        "SECURITY.md".into(),
        FileEntry {
            size: 50 * 1024 * 1024,
            kind: EntryKind::File,
            content: Some(std::sync::Arc::new(FileContent {
                text: "Report to sec@x.io\n".repeat(10),
                truncated: true,
            })),
        },
    );
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met);
    assert!(j.summary.contains("only partly read"), "{}", j.summary);
}

#[test]
fn unreadable_files_are_unknown() {
    let mut ev = online(&[]);
    ev.files = Err(unavailable(Reason::ApiError));
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::ApiError));
}

/// The lines a contact's citations cover contain the contact (or, for a linked page,
/// the link to it).
fn assert_contact_lines(ev: &Evidence, j: &Judgement) {
    let f = facts(j);
    let snap = ev.files.as_ref().unwrap();
    for c in f["contact_details"].as_array().unwrap() {
        let value = c["value"].as_str().unwrap();
        let shown = c["written"].as_str().unwrap_or(value);
        let path = c["found_in"].as_str().unwrap();
        let Some(line) = c["line"].as_u64() else {
            continue;
        };
        let cite = j
            .citations
            .iter()
            .find(|x| {
                x.path.as_deref() == Some(path)
                    && x.lines == Some([line as u32, line as u32])
                    && x.supports.iter().any(|s| s == "contact_details")
            })
            .unwrap_or_else(|| panic!("no citation of {path}:{line} for {value}"));
        let text = &snap.text(path).unwrap().1.text;
        assert!(
            line_text(text, line as u32).contains(shown),
            "{path}:{line} lacks {shown}"
        );
        assert!(cite.excerpt.as_deref().unwrap().contains(shown));
    }
}

// Modelled on argoproj/argo-cd's SECURITY.md (CVSS scoring on first.org, advisories
// listed on GitHub, one list address to write to), with the cve.org, docs and GitHub
// organization links many CNCF policies carry.
const REFERENCE_HEAVY: &str = "# Security Policy\n\
    \n\
    We assign CVEs through https://www.cve.org/ and score them with\n\
    [CVSS](https://www.first.org/cvss/calculator/3.1).\n\
    Published advisories: [GitHub Security Advisories](https://github.com/o/r/security/advisories)\n\
    Hardening guidance: https://r.example.io/docs/operator-manual/security/\n\
    The project lives in the https://github.com/o organization.\n\
    \n\
    Please report vulnerabilities by e-mail to the following address:\n\
    \n\
    * cncf-r-security@lists.cncf.io\n";

#[test]
fn reference_links_are_not_contacts() {
    let ev = with_files(&[("SECURITY.md", REFERENCE_HEAVY)]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(
        f["contact"],
        serde_json::json!(["cncf-r-security@lists.cncf.io"])
    );
    assert_eq!(f["contact_details"][0]["kind"], "mailing_list");
    assert_eq!(f["contact_details"][0]["origin"], "policy");
    assert_eq!(f["contact_details"][0]["line"], 11);
    let refs: Vec<&str> = f["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs,
        [
            "https://www.cve.org/",
            "https://www.first.org/cvss/calculator/3.1",
            "https://github.com/o/r/security/advisories",
            "https://r.example.io/docs/operator-manual/security/",
            "https://github.com/o"
        ]
    );
    assert!(
        j.summary
            .contains("5 other links that are not a way to report"),
        "{}",
        j.summary
    );
    assert!(!j.summary.contains("cve.org"), "{}", j.summary);
    assert_contact_lines(&ev, &j);
    // No reference line is cited as a contact.
    for c in &j.citations {
        if c.lines.is_some_and(|l| l[0] < 11) {
            assert!(!c.supports.iter().any(|s| s == "contact"), "{c:?}");
        }
    }
}

#[test]
fn a_page_the_policy_links_to_gives_the_address() {
    // Shape of argoproj/argo-cd, whose SECURITY.md sends readers to
    // docs/operator-manual/security.md; here that page holds the address.
    let ev = with_files(&[
        (
            "SECURITY.md",
            "# Security\n\nSee the [security page](docs/operator-manual/security.md#reporting)\nand https://github.com/o/r/blob/main/docs/SECURITY_CONTACTS.md\n",
        ),
        (
            "docs/operator-manual/security.md",
            "# Security\n\n## Reporting\n\nWrite to security [at] r [dot] io, or use\nhttps://github.com/o/r/security/advisories/new\n",
        ),
        ("docs/SECURITY_CONTACTS.md", "Nothing here.\n"),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(
        f["contact"],
        serde_json::json!([
            "security@r.io",
            "https://github.com/o/r/security/advisories/new"
        ])
    );
    let d = &f["contact_details"][0];
    assert_eq!(d["origin"], "linked_page");
    assert_eq!(d["found_in"], "docs/operator-manual/security.md");
    assert_eq!(d["line"], 5);
    assert_eq!(d["written"], "security [at] r [dot] io");
    assert_eq!(d["linked_from"], "SECURITY.md");
    assert_eq!(d["linked_from_line"], 3);
    assert_eq!(
        f["contact_details"][1]["kind"],
        "private_vulnerability_reporting"
    );
    assert_contact_lines(&ev, &j);
    // The link line is cited too.
    assert!(
        j.citations
            .iter()
            .any(|c| c.path.as_deref() == Some("SECURITY.md") && c.lines == Some([3, 3]))
    );
}

#[test]
fn security_insights_v1_and_v2_contacts() {
    // v1: the shape of prometheus/prometheus's SECURITY-INSIGHTS.yml, whose SECURITY.md
    // only links to the project's website.
    let v1 = "header:\n  schema-version: '1.0.0'\nsecurity-contacts:\n  - type: email\n    value: team@googlegroups.com\nvulnerability-reporting:\n  accepts-vulnerability-reports: true\n  security-policy: https://github.com/o/r/security/policy\n";
    let ev = with_files(&[
        (
            "SECURITY.md",
            "# Reporting a security issue\n\nSee [https://r.example.io/docs/security/](https://r.example.io/docs/security/)\n",
        ),
        ("SECURITY-INSIGHTS.yml", v1),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(f["contact"], serde_json::json!(["team@googlegroups.com"]));
    assert_eq!(f["contact_details"][0]["origin"], "security_insights");
    assert_eq!(f["contact_details"][0]["line"], 5);
    assert_contact_lines(&ev, &j);

    // v2 (ossf/security-insights-spec v2.2.0 example), no policy file, on GitHub with
    // the organization read and empty: no policy, but a contact.
    let v2 = "header:\n  schema-version: 2.2.0\nproject:\n  vulnerability-reporting:\n    reports-accepted: true\n    bug-bounty-program: https://example.com/bugs.html\n    contact:\n      name: Security team\n      email: security@something.com\n    policy: https://github.com/o/r/blob/main/docs/reporting.md\n";
    let mut ev = online(&[
        (".github/security-insights.yml", v2),
        ("docs/reporting.md", "Or mail disclose@something.com\n"),
    ]);
    ev.github.org_security_policy = Ok(None);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(
        f["contact"],
        serde_json::json!([
            "disclose@something.com",
            "security@something.com",
            "https://example.com/bugs.html"
        ])
    );
    assert_eq!(
        f["contact_details"][0]["linked_from"],
        ".github/security-insights.yml"
    );
    assert_eq!(f["contact_details"][2]["kind"], "bug_bounty");
    assert_contact_lines(&ev, &j);
}

#[test]
fn contributing_security_section_when_the_policy_names_none() {
    // Shape of sigstore/cosign's CONTRIBUTING.md "## Security" section (there it
    // points at the organization's policy; here it holds an address).
    let contributing = "# Contributing\n\n```sh\n# Security scan\nmake lint\n```\n\n## Security\n\nShould you discover any security issues, please mail security@r.io\n\n## Bundle files\n\nAsk dev@r.io\n";
    let ev = with_files(&[
        ("SECURITY.md", "We take security seriously.\n"),
        ("CONTRIBUTING.md", contributing),
        (
            "README.md",
            "# R\n\n## Reporting bugs\n\nFile issues, or mail bugs@r.io\n",
        ),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(f["contact"], serde_json::json!(["security@r.io"]));
    assert_eq!(f["contact_details"][0]["origin"], "doc_section");
    assert_eq!(f["contact_details"][0]["section"], "Security");
    assert_eq!(f["contact_details"][0]["line"], 10);
    assert_contact_lines(&ev, &j);

    // With a contact in the policy, CONTRIBUTING is not read for one.
    let ev = with_files(&[
        ("SECURITY.md", "Mail sec@r.io\n"),
        ("CONTRIBUTING.md", contributing),
    ]);
    assert_eq!(
        facts(&judge(&ev))["contact"],
        serde_json::json!(["sec@r.io"])
    );
}

#[test]
fn unread_linked_page_is_said() {
    let mut ev = with_files(&[("SECURITY.md", "See [our process](GOVERNANCE.md).\n")]);
    ev.files.as_mut().unwrap().entries.insert(
        "GOVERNANCE.md".into(),
        FileEntry {
            size: 10,
            kind: EntryKind::File,
            content: None,
        },
    );
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    assert!(
        j.summary.contains("it links to GOVERNANCE.md, not read"),
        "{}",
        j.summary
    );
}

#[test]
fn long_lines_are_excerpted_around_the_contact() {
    let line = format!("{} mail sec@x.io {}\n", "a".repeat(300), "b".repeat(300));
    let ev = with_files(&[("SECURITY.md", line.as_str())]);
    let j = judge(&ev);
    assert_contact_lines(&ev, &j);
}

#[test]
fn malformed_security_insights_contacts_count_for_nothing() {
    // Class: a SECURITY-INSIGHTS file whose address is not one (`a@.`), whose "address"
    // is markup with a space, and whose bug bounty is a `javascript:` URL. None of them is
    // a contact: with no policy and nothing else, no contact is found.
    let si = "header:\n  schema-version: 1.0.0\nsecurity-contacts:\n  - type: email\n    value: a@.\n  - type: email\n    value: \"<script>alert(1)</script>@x.y z\"\nvulnerability-reporting:\n  accepts-vulnerability-reports: true\n  email-contact: a@.\n  bug-bounty-url: javascript:alert(1)\n";
    let ev = with_files(&[("SECURITY-INSIGHTS.yml", si)]);
    let j = judge(&ev);
    let f = facts(&j);
    assert!(
        f["contact"].as_array().is_none_or(|c| c.is_empty()),
        "{}",
        f["contact"]
    );
    assert!(
        f["contact_details"].as_array().is_none_or(|c| c.is_empty()),
        "{}",
        f["contact_details"]
    );
    assert_ne!(j.outcome, Outcome::Met, "{}", j.summary);
}

/// Issue 23: a SECURITY_CONTACTS of 60 handles keeps 50 and counts 60, so the sentence
/// says "and 55 more", not "and 45 more".
#[test]
fn security_contacts_past_the_cap_are_counted() {
    let text: String = (1..=60).map(|i| format!("@user{i}\n")).collect();
    let (kept, total) =
        super::security_contacts_counted(&format!("# owners\n{text}not a handle!\n"));
    assert_eq!((kept.len(), total), (50, 60));
    assert_eq!(kept[0], "user1");
    assert_eq!(super::security_contacts(&text).len(), 50);
}
