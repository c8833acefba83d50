//! The draft from the report alone: every value an observed, cited fact, every required
//! value that was not observed a marked placeholder.

use crate::model::{
    Answer, CiChecksFacts, ContactKind, ProbeFacts, ProbeId, ReleaseIntegrityFacts, Report,
    SecurityPolicyFacts,
};

use super::tree::{Node, absent, map, s, todo};
use super::{PLACEHOLDER_URL, SI_VERSION, TODO};

pub(super) fn facts<'a, T>(
    report: &'a Report,
    f: impl Fn(&'a ProbeFacts) -> Option<&'a T>,
) -> Option<&'a T> {
    report.probes.iter().find_map(|p| f(&p.facts))
}

/// `https://github.com/o/r/blob/<branch>/<path>`: a living link to a document.
pub(super) fn doc_url(report: &Report, path: &str) -> Option<String> {
    if path.starts_with("http://") || path.starts_with("https://") {
        return Some(path.to_string());
    }
    let base = report.repository.url.as_ref()?;
    let branch = report
        .repository
        .default_branch
        .as_deref()
        .unwrap_or("HEAD");
    let segs: Vec<String> = path
        .split('/')
        .map(|p| {
            percent_encoding::utf8_percent_encode(p, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .replace("%2E", ".")
                .replace("%2D", "-")
                .replace("%5F", "_")
        })
        .collect();
    Some(format!("{base}/blob/{branch}/{}", segs.join("/")))
}

/// An address the schema accepts (its `#Email` pattern) and that is one
/// ([`crate::probes::is_address`]).
pub(super) fn is_email(v: &str) -> bool {
    let re = regex::Regex::new(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$");
    re.is_ok_and(|r| r.is_match(v)) && crate::probes::is_address(v)
}

/// The paths cited by the sentences of a self-assessment item that say `phrase`.
fn sentence_paths(report: &Report, item: &str, phrase: &str) -> Vec<String> {
    let Some((_, it)) = report
        .self_assessment
        .items()
        .into_iter()
        .find(|(k, _)| *k == item)
    else {
        return Vec::new();
    };
    if it.answer == Answer::Unknown {
        return Vec::new();
    }
    let mut out = Vec::new();
    for sent in it.sentences.iter().filter(|s| s.text.contains(phrase)) {
        for i in &sent.citations {
            if let Some(p) = it.citations.get(*i).and_then(|c| c.path.clone())
                && !out.contains(&p)
            {
                out.push(p);
            }
        }
    }
    out
}

fn vulnerability_reporting(report: &Report, sp: Option<&SecurityPolicyFacts>) -> Node {
    let details = sp.and_then(|f| f.contact_details.as_deref()).unwrap_or(&[]);
    let pvr = sp.and_then(|f| f.private_vulnerability_reporting);
    let any_contact = sp
        .and_then(|f| f.contact.as_ref())
        .is_some_and(|c| !c.is_empty());
    let accepted = if any_contact || pvr == Some(true) {
        Node::Bool(true)
    } else {
        todo(
            Node::Bool(false),
            "no way to report was observed; say whether reports are accepted",
        )
    };
    // A bug bounty counts only at an http(s) URL (never `javascript:` or markup).
    let bounty = details
        .iter()
        .find(|d| d.kind == ContactKind::BugBounty && crate::probes::is_web_url(&d.value));
    let bounty_available = match bounty {
        Some(_) => Node::Bool(true),
        None => todo(
            Node::Bool(false),
            "no bug bounty was observed; say whether one is offered",
        ),
    };
    let email = details.iter().find(|d| {
        matches!(d.kind, ContactKind::Email | ContactKind::MailingList) && is_email(&d.value)
    });
    let contact = match email {
        Some(e) => map(vec![
            ("email", s(e.value.clone())),
            ("primary", Node::Bool(true)),
            (
                "name",
                todo(
                    s("TODO"),
                    "who answers at this address (a team or a person)",
                ),
            ),
        ]),
        None => absent("contact: no security e-mail address was observed"),
    };
    let policy = sp
        .and_then(|f| f.locations.as_ref())
        .and_then(|l| l.first())
        .and_then(|p| doc_url(report, p));
    let mut comment = Vec::new();
    if pvr == Some(true)
        && let Some(u) = &report.repository.url
    {
        comment.push(format!(
            "GitHub private vulnerability reporting is enabled: {u}/security/advisories/new"
        ));
    }
    map(vec![
        ("reports-accepted", accepted),
        ("bug-bounty-available", bounty_available),
        (
            "bug-bounty-program",
            match bounty {
                Some(b) => s(b.value.clone()),
                None => absent("bug-bounty-program: none observed"),
            },
        ),
        ("contact", contact),
        (
            "policy",
            match policy {
                Some(u) => s(u),
                None => absent("policy: no security policy was observed"),
            },
        ),
        (
            "comment",
            if comment.is_empty() {
                absent("comment")
            } else {
                s(comment.join("\n"))
            },
        ),
    ])
}

fn tools(ci: Option<&CiChecksFacts>, ri: Option<&ReleaseIntegrityFacts>) -> Node {
    let Some(ci) = ci else {
        return absent("tools: the CI configuration was not observed");
    };
    let release_workflows: Vec<&str> = ri
        .and_then(|f| f.pipeline.as_ref())
        .map(|p| p.workflows.iter().map(|w| w.path.as_str()).collect())
        .unwrap_or_default();
    if let Some(uses) = ci.tools.as_deref().filter(|u| !u.is_empty()) {
        let out = super::catalogued::tools(uses, &release_workflows);
        if !out.is_empty() {
            return Node::Seq(out);
        }
    }
    let workflows = ci.workflows.as_deref().unwrap_or(&[]);
    let mut out = Vec::new();
    let mut add = |name: &str, kind: &str, in_ci: bool| {
        let runs: Vec<_> = workflows
            .iter()
            .filter(|w| w.sast.iter().any(|t| t == name))
            .collect();
        let on_change = runs.iter().any(|w| {
            w.triggers.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "pull_request" | "pull_request_target" | "push" | "merge_group"
                )
            })
        });
        let adhoc = runs.iter().any(|w| {
            w.triggers
                .iter()
                .any(|t| matches!(t.as_str(), "schedule" | "workflow_dispatch"))
        });
        let release = runs
            .iter()
            .any(|w| release_workflows.contains(&w.path.as_str()));
        let (ci_flag, adhoc_flag) = if runs.is_empty() {
            // A tool named by the aggregate facts only (a dependency updater, a scanner
            // whose workflow was not listed).
            (in_ci, !in_ci)
        } else {
            (on_change, adhoc)
        };
        out.push(super::catalogued::tool_node(
            s(name),
            kind,
            [adhoc_flag, ci_flag, release],
        ));
    };
    for t in ci.sast.as_deref().unwrap_or(&[]) {
        add(t, "SAST", true);
    }
    for t in ci.vulnerability_scanning.as_deref().unwrap_or(&[]) {
        add(t, "SCA", true);
    }
    for t in ci.dependency_update_tools.as_deref().unwrap_or(&[]) {
        add(t, "SCA", false);
    }
    if out.is_empty() {
        absent("tools: no analyzer or dependency tool was observed in CI")
    } else {
        Node::Seq(out)
    }
}

fn release(report: &Report, ri: Option<&ReleaseIntegrityFacts>) -> Node {
    let Some(ri) = ri else {
        return absent("release: releases were not observed");
    };
    let automated = ri.pipeline.as_ref().map(|p| !p.workflows.is_empty());
    let mut points = Vec::new();
    if ri.releases_examined.is_some_and(|n| n > 0)
        && let Some(u) = &report.repository.url
    {
        points.push(map(vec![
            ("uri", s(format!("{u}/releases"))),
            ("comment", s("GitHub releases")),
        ]));
    }
    // Where the release steps publish, as the catalogue reads them (registries, package
    // indexes, the release page).
    if let Some(p) = ri.pipeline.as_ref() {
        // The release page may already be there, from the releases themselves.
        let page = !points.is_empty();
        // Only what a release workflow publishes: a test or mirroring workflow that pushes
        // images is no distribution point.
        let released: Vec<_> = p
            .destinations
            .iter()
            .filter(|d| p.workflows.iter().any(|w| w.path == d.workflow))
            .cloned()
            .collect();
        points.extend(super::catalogued::distribution_points(
            &released,
            report.repository.url.as_deref().filter(|_| !page),
        ));
    }
    // The release pipeline publishes to GitHub releases (goreleaser, gh release, a release
    // action) without the catalogue naming the destination.
    if points.is_empty()
        && let (Some(p), Some(u)) = (ri.pipeline.as_ref(), &report.repository.url)
        && let Some(w) = p.workflows.iter().find(|w| {
            matches!(
                w.publishes_with.as_str(),
                "goreleaser" | "gh release" | "a release action"
            )
        })
    {
        points.push(map(vec![
            (
                "uri",
                super::tree::cited(
                    s(format!("{u}/releases")),
                    &format!(
                        "{}:{} publishes with {}",
                        w.publish_path, w.publish_line, w.publishes_with
                    ),
                ),
            ),
            ("comment", s("GitHub releases")),
        ]));
    }
    if automated != Some(true) && points.is_empty() {
        return absent("release: neither a release pipeline nor releases were observed");
    }
    let mut attestations = Vec::new();
    if let Some(r) = report.probe(ProbeId::ReleaseIntegrity) {
        for c in &r.citations {
            if c.supports.iter().any(|x| x == "with_provenance")
                && let (Some(url), Some(name)) = (&c.url, &c.excerpt)
                && url.starts_with("https://")
            {
                attestations.push(map(vec![
                    ("name", s(name.clone())),
                    ("location", s(url.clone())),
                    (
                        "predicate-uri",
                        todo(
                            s("TODO"),
                            "the predicate type was not read (e.g. https://slsa.dev/provenance/v1)",
                        ),
                    ),
                ]));
            }
        }
    }
    let changelog = sentence_paths(
        report,
        "release_process_documented",
        "Changes are recorded in",
    )
    .first()
    .and_then(|p| doc_url(report, p));
    map(vec![
        (
            "automated-pipeline",
            match automated {
                Some(a) => Node::Bool(a),
                None => todo(Node::Bool(false), "the release pipeline was not observed"),
            },
        ),
        (
            "distribution-points",
            if points.is_empty() {
                todo(
                    Node::Seq(vec![map(vec![
                        ("uri", s(PLACEHOLDER_URL)),
                        ("comment", s("TODO")),
                    ])]),
                    "where releases are published was not observed",
                )
            } else {
                Node::Seq(points)
            },
        ),
        (
            "changelog",
            match changelog {
                Some(u) => s(u),
                None => absent("changelog: none observed"),
            },
        ),
        (
            "attestations",
            if attestations.is_empty() {
                absent("attestations: no provenance asset was observed in the releases read")
            } else {
                Node::Seq(attestations)
            },
        ),
    ])
}

/// The draft tree from the report alone.
pub(super) fn draft_tree(report: &Report) -> Node {
    let sp = facts(report, |f| match f {
        ProbeFacts::SecurityPolicy(x) => Some(x),
        _ => None,
    });
    let ci = facts(report, |f| match f {
        ProbeFacts::CiChecks(x) => Some(x),
        _ => None,
    });
    let ri = facts(report, |f| match f {
        ProbeFacts::ReleaseIntegrity(x) => Some(x),
        _ => None,
    });
    let repo = &report.repository;
    let date: String = report.generated_at.chars().take(10).collect();
    let url = repo.url.clone();
    let name = repo.name.clone();
    let file_url = match (&url, &repo.owner, &repo.name) {
        (Some(_), Some(o), Some(n)) => Some(format!(
            "https://raw.githubusercontent.com/{o}/{n}/{}/security-insights.yml",
            repo.default_branch.as_deref().unwrap_or("HEAD")
        )),
        _ => None,
    };
    let url_or_todo = |u: &Option<String>, why: &str| match u {
        Some(u) => s(u.clone()),
        None => todo(s(PLACEHOLDER_URL), why),
    };
    let person = |why: &str| {
        todo(
            Node::Seq(vec![map(vec![
                ("name", s("TODO")),
                ("primary", Node::Bool(true)),
            ])]),
            why,
        )
    };
    let doc = |path: Option<String>, key: &str| match path.and_then(|p| doc_url(report, &p)) {
        Some(u) => s(u),
        None => absent(&format!("{key}: not observed")),
    };
    let release_doc = sentence_paths(
        report,
        "release_process_documented",
        "release process is documented",
    )
    .into_iter()
    .next();
    let policy_path = sp
        .and_then(|f| f.locations.as_ref())
        .and_then(|l| l.first().cloned());
    let champions: Vec<Node> = sp
        .and_then(|f| f.security_contacts.as_ref())
        .map(|h| {
            h.iter()
                .map(|handle| {
                    map(vec![
                        ("name", s(handle.clone())),
                        ("primary", Node::Bool(false)),
                        (
                            "social",
                            s(format!(
                                "https://github.com/{}",
                                handle.trim_start_matches('@')
                            )),
                        ),
                    ])
                })
                .collect()
        })
        .unwrap_or_default();
    let accepts_automated = match ci.and_then(|f| f.dependency_update_tools.as_ref()) {
        Some(t) if !t.is_empty() => Node::Bool(true),
        _ => todo(
            Node::Bool(false),
            "no dependency update tool was observed; say whether automated change requests are accepted",
        ),
    };
    let status = match repo.archived {
        Some(true) => todo(
            s("inactive"),
            "the repository is archived; pick the repostatus.org status",
        ),
        _ => todo(
            s("active"),
            "the project's repostatus.org status is for the maintainers to say",
        ),
    };
    let assessment_comment = format!(
        "Prefilled by {} {} on {date}: the TAG-Security self-assessment's secure development practices, from `tssa-probe {} --format md`.",
        report.tool.name, report.tool.version, repo.input
    );
    map(vec![
        (
            "header",
            map(vec![
                ("schema-version", s(SI_VERSION)),
                ("last-updated", s(date.clone())),
                ("last-reviewed", s(date.clone())),
                (
                    "url",
                    url_or_todo(&file_url, "where this file will be published"),
                ),
                (
                    "comment",
                    s(format!(
                        "Draft generated by tssa-probe; every `{TODO}` marks a value that was not observed."
                    )),
                ),
            ]),
        ),
        (
            "project",
            map(vec![
                (
                    "name",
                    match &name {
                        Some(n) => s(n.clone()),
                        None => todo(s("TODO"), "the project's name"),
                    },
                ),
                (
                    "homepage",
                    match &url {
                        Some(u) => s(u.clone()),
                        None => absent("homepage: not observed"),
                    },
                ),
                (
                    "administrators",
                    person("administrators are visible only to admins"),
                ),
                (
                    "repositories",
                    Node::Seq(vec![map(vec![
                        (
                            "name",
                            match &name {
                                Some(n) => s(n.clone()),
                                None => todo(s("TODO"), "the repository's name"),
                            },
                        ),
                        ("url", url_or_todo(&url, "the repository's URL")),
                        ("comment", todo(s("TODO"), "what this repository holds")),
                    ])]),
                ),
                (
                    "vulnerability-reporting",
                    vulnerability_reporting(report, sp),
                ),
                ("documentation", {
                    let mut d = vec![("release-process", doc(release_doc, "release-process"))];
                    d.extend(super::docs_fill::project_doc_entries(report));
                    map(d)
                }),
            ]),
        ),
        (
            "repository",
            map(vec![
                ("url", url_or_todo(&url, "the repository's URL")),
                ("status", status),
                (
                    "accepts-change-request",
                    todo(Node::Bool(true), "say whether change requests are accepted"),
                ),
                ("accepts-automated-change-request", accepts_automated),
                (
                    "core-team",
                    super::docs_fill::core_team(report).unwrap_or_else(|| {
                        person("no MAINTAINERS file naming people was found: list the core team")
                    }),
                ),
                ("license", super::docs_fill::license(report)),
                ("documentation", {
                    let mut d = vec![("security-policy", doc(policy_path, "security-policy"))];
                    d.extend(super::docs_fill::repository_docs(report));
                    map(d)
                }),
                ("release", release(report, ri)),
                (
                    "security",
                    map(vec![
                        (
                            "assessments",
                            super::docs_fill::assessments(report, assessment_comment),
                        ),
                        (
                            "champions",
                            if champions.is_empty() {
                                absent("champions: not observed")
                            } else {
                                Node::Seq(champions)
                            },
                        ),
                        ("tools", tools(ci, ri)),
                    ]),
                ),
            ]),
        ),
    ])
}
