//! Holding each claim against the evidence of the scan: `agrees`, `contradicted`,
//! `stale`, `not_verifiable`, and the questions the document leaves unanswered that the
//! scan answers (`missing`). Nothing is asserted that the report does not show: a fact
//! the scan could not see (null, `unknown`) makes the claim `not_verifiable`, never
//! contradicted.

mod badge;
mod commits;
mod release;
mod same_channel;
mod tools;

use super::claims::{Claim, Polarity, Topic};
use super::document::Document;
use super::prose::{Repository, cite_change, cite_file, facts};
use super::{Finding, FindingKind, doc_line};
use crate::evidence::tools::catalogue::{Category, catalogue};
use crate::model::{Answer, Citation, ProbeFacts, ProbeId, Report, SelfAssessmentItem};

/// Most citations of the scan attached to one finding.
pub(super) const MAX_EVIDENCE: usize = 3;

pub(super) fn finding(doc: &Document, c: &Claim, kind: FindingKind, message: String) -> Finding {
    Finding {
        kind,
        topic: c.topic.as_str().to_string(),
        section: doc
            .line(c.line)
            .and_then(|l| l.section.clone())
            .unwrap_or_default(),
        document: doc_line(doc, c.line),
        message,
        suggestion: None,
        subject: c.subject.clone(),
        evidence: Vec::new(),
    }
}

pub(super) fn with(mut f: Finding, evidence: impl IntoIterator<Item = Citation>) -> Finding {
    f.evidence.extend(evidence.into_iter().take(MAX_EVIDENCE));
    f
}

/// The self-assessment item of the scan for a key of the report's `self_assessment`.
pub(super) fn item<'a>(report: &'a Report, key: &str) -> Option<&'a SelfAssessmentItem> {
    report
        .self_assessment
        .items()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, i)| i)
}

/// The scan's item that answers a topic.
fn item_key(topic: Topic) -> Option<&'static str> {
    Some(match topic {
        Topic::CommitSigning => "signed_commits_required",
        Topic::ArtifactSigning => "release_signatures",
        Topic::Sbom => "sbom",
        Topic::Checksums => "release_checksums",
        Topic::ReleaseProcess => "release_process_documented",
        Topic::Badge => "best_practices_badge",
        Topic::Reviewers => "reviewers_before_merge",
        _ => return None,
    })
}

fn answer_word(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Partial => "partly",
        Answer::Unknown => "not determined",
    }
}

/// Holds every claim; adds `missing` findings.
pub fn hold(
    doc: &Document,
    claims: &[Claim],
    report: &Report,
    repo: &dyn Repository,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in claims {
        if c.polarity == Polarity::Optional && !matches!(c.topic, Topic::Badge) {
            continue;
        }
        let f = match c.topic {
            Topic::Tool => tools::tool(doc, c, report, repo),
            Topic::Channel => channel(doc, c, report, repo),
            Topic::Dco => dco(doc, c, report),
            Topic::CommitSigning => commits::commit_signing(doc, c, report),
            Topic::Badge => badge::badge(doc, c, claims, report, repo),
            Topic::Reviewers => reviewers(doc, c, report),
            Topic::ResponseTime | Topic::SupportedVersions => policy_number(doc, c, report, repo),
            Topic::ArtifactSigning if c.polarity == Polarity::Yes => {
                release::artifact_signing(doc, c, report, repo)
            }
            Topic::Sbom | Topic::Checksums | Topic::Provenance | Topic::ArtifactSigning => {
                release::release_step(doc, c, report, repo).or_else(|| answered(doc, c, report))
            }
            _ => answered(doc, c, report),
        };
        out.extend(f);
    }
    out.extend(missing(doc, claims, report));
    out
}

/// A statement against the scan's answer to the same question.
pub(super) fn answered(doc: &Document, c: &Claim, report: &Report) -> Option<Finding> {
    let it = item(report, item_key(c.topic)?)?;
    let says_yes = c.polarity == Polarity::Yes;
    let what = c.topic.as_str().replace('_', " ");
    let kind = match (it.answer, says_yes) {
        (Answer::Unknown, _) => {
            let why = it
                .reason
                .map_or("the scan could not see it", |r| r.describe());
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::NotVerifiable,
                    format!(
                        "The document states {what} ({}); not verifiable here: {why}.",
                        if says_yes { "yes" } else { "no" }
                    ),
                ),
                it.citations.iter().cloned(),
            ));
        }
        (Answer::Yes | Answer::Partial, true) | (Answer::No, false) => FindingKind::Agrees,
        (Answer::Partial, false) => FindingKind::Contradicted,
        (Answer::Yes, false) | (Answer::No, true) => FindingKind::Contradicted,
    };
    let msg = format!(
        "The document says {}; the scan answers {}: {}",
        if says_yes { "yes" } else { "no" },
        answer_word(it.answer),
        it.text
    );
    Some(with(
        finding(doc, c, kind, msg),
        it.citations.iter().cloned(),
    ))
}

pub(super) fn short(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

pub(super) fn short_date(d: &str) -> &str {
    d.get(..10).unwrap_or(d)
}

fn channel(doc: &Document, c: &Claim, report: &Report, repo: &dyn Repository) -> Option<Finding> {
    let addr = c.subject.as_deref()?;
    if !repo.available() {
        return None;
    }
    let is_email = addr.contains('@') && !addr.contains("://");
    let reporting = doc.in_section(c.line, "security_issue_resolution");
    // The security policy's contacts first, then the project's documents.
    let policy = match facts(report, ProbeId::SecurityPolicy) {
        Some(ProbeFacts::SecurityPolicy(f)) => Some(f),
        _ => None,
    };
    if let Some(p) = policy {
        for ct in p.contact_details.iter().flatten() {
            if ct.value.eq_ignore_ascii_case(addr) {
                let cite = cite_file(report, &ct.found_in, ct.line, Some(&ct.value));
                return Some(with(
                    finding(
                        doc,
                        c,
                        FindingKind::Agrees,
                        format!("The project's {} names the same address.", ct.found_in),
                    ),
                    [cite],
                ));
            }
        }
    }
    if let Some(cite) = same_channel::find_channel(report, repo, addr) {
        let path = cite.path.clone().unwrap_or_default();
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::Agrees,
                format!("The project's {path} names the same channel."),
            ),
            [cite],
        ));
    }
    // Gone from the policy: dated by the history.
    if is_email && let Some(p) = policy {
        for loc in p.locations.iter().flatten() {
            if let Some(ch) = repo.text_removal(loc, addr) {
                let mut f = finding(
                    doc,
                    c,
                    FindingKind::Stale,
                    format!(
                        "{loc} named {addr} until {} (commit {}); it no longer does.",
                        short_date(&ch.date),
                        short(&ch.commit)
                    ),
                );
                f.evidence.push(cite_change(
                    report,
                    &ch,
                    &format!("{addr} removed from {loc}"),
                ));
                f.evidence
                    .extend(policy_contacts(report, p).into_iter().take(2));
                return Some(f);
            }
        }
        let others = policy_contacts(report, p);
        let external = p.references.iter().flatten().next().map(|r| r.url.clone());
        if reporting
            && !others.is_empty()
            && let Some(url) = external
        {
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::NotVerifiable,
                    format!(
                        "The repository's files do not name {addr}; they name other contacts, and the security policy refers to {url}, outside the repository: check which is current."
                    ),
                ),
                others,
            ));
        }
        if reporting && !others.is_empty() {
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::Contradicted,
                    format!(
                        "The document names {addr} for reports; the security policy names other contacts and not this one."
                    ),
                ),
                others,
            ));
        }
    }
    if let Some(base) = report.repository.url.as_deref()
        && addr
            .to_lowercase()
            .starts_with(&format!("{}/", base.to_lowercase()))
    {
        return Some(finding(
            doc,
            c,
            FindingKind::NotVerifiable,
            format!(
                "{addr} is a page of the repository on GitHub; whether it is enabled needs the GitHub API."
            ),
        ));
    }
    Some(finding(
        doc,
        c,
        FindingKind::NotVerifiable,
        format!(
            "{addr} is not named in the repository's security policy, README or contributing guide; it lives outside the repository (check it is current)."
        ),
    ))
}

fn policy_contacts(report: &Report, p: &crate::model::SecurityPolicyFacts) -> Vec<Citation> {
    p.contact_details
        .iter()
        .flatten()
        .map(|ct| cite_file(report, &ct.found_in, ct.line, Some(&ct.value)))
        .collect()
}

fn dco(doc: &Document, c: &Claim, report: &Report) -> Option<Finding> {
    let p = report.probe(ProbeId::SignedCommits)?;
    let ProbeFacts::SignedCommits(f) = &p.facts else {
        return None;
    };
    let (Some(n), Some(so)) = (f.commits_examined, f.dco_signed_off) else {
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::NotVerifiable,
                "The commits' sign-offs were not read by this scan.".into(),
            ),
            p.citations.iter().cloned(),
        ));
    };
    if n == 0 {
        return None;
    }
    // Merge commits (GitHub's among them) carry no sign-off of their own: the base is the
    // non-merge commits when they were counted, else the commits not made on the web.
    let (so, expected, base) = match (f.merge_commits, f.dco_signed_off_non_merge) {
        (Some(m), Some(d)) if m > 0 && m < n => (d, n - m, "non-merge commits"),
        _ => (
            so,
            n.saturating_sub(f.web_flow_signed.unwrap_or(0)).max(so),
            "commits not made in GitHub's web interface",
        ),
    };
    let expected = expected.max(1);
    let pct = so * 100 / expected;
    let says = c.polarity == Polarity::Yes;
    let kind = match (says, pct) {
        (true, 80..) | (false, 0..=10) => FindingKind::Agrees,
        (true, 0..=50) if n >= 20 => FindingKind::Contradicted,
        (false, 50..) => FindingKind::Contradicted,
        _ => FindingKind::NotVerifiable,
    };
    let msg = if expected < n {
        format!(
            "{so} of the {expected} {base} ({pct}%) of the {n} commits examined carry a Signed-off-by line."
        )
    } else {
        format!("{so} of the {n} commits examined ({pct}%) carry a Signed-off-by line.")
    };
    // The sign-off trailers are the evidence, never the tags or the signatures.
    const DCO_FACTS: [&str; 4] = [
        "dco_signed_off",
        "dco_signed_off_non_merge",
        "merge_commits",
        "commits_examined",
    ];
    let cites = p
        .citations
        .iter()
        .filter(|c| c.supports.iter().any(|s| DCO_FACTS.contains(&s.as_str())))
        .cloned();
    Some(with(finding(doc, c, kind, msg), cites))
}

fn reviewers(doc: &Document, c: &Claim, report: &Report) -> Option<Finding> {
    let said = c.number?;
    if c.polarity == Polarity::No {
        return None;
    }
    let bp = report.probe(ProbeId::BranchProtection)?;
    let ProbeFacts::BranchProtection(f) = &bp.facts else {
        return None;
    };
    match f.required_approvals {
        Some(n) => {
            let kind = if u64::from(n) >= said {
                FindingKind::Agrees
            } else {
                FindingKind::Contradicted
            };
            Some(with(
                finding(
                    doc,
                    c,
                    kind,
                    format!(
                        "The document says {said}; branch protection requires {n} approving review(s) before merging."
                    ),
                ),
                bp.citations.iter().cloned(),
            ))
        }
        None => {
            let why = bp
                .reason
                .map_or("the scan could not read it", |r| r.describe());
            let it = item(report, "reviewers_before_merge");
            Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::NotVerifiable,
                    format!(
                        "Required approvals live in the repository's settings (GitHub API): {why}."
                    ),
                ),
                it.map(|i| i.citations.clone()).unwrap_or_default(),
            ))
        }
    }
}

/// A response time or a supported-versions count, against the security policy's text.
fn policy_number(
    doc: &Document,
    c: &Claim,
    report: &Report,
    repo: &dyn Repository,
) -> Option<Finding> {
    let n = c.number?;
    let unit = c.unit.clone().unwrap_or_default();
    let head = unit
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches('s')
        .to_string();
    let policy = match facts(report, ProbeId::SecurityPolicy) {
        Some(ProbeFacts::SecurityPolicy(f)) => f,
        _ => return None,
    };
    let locations: Vec<String> = policy.locations.iter().flatten().cloned().collect();
    let what = if c.topic == Topic::ResponseTime {
        "response time"
    } else {
        "supported releases"
    };
    let numbers = super::lint::numbers_with_unit(&head);
    for loc in &locations {
        let Some(text) = repo.file_text(loc) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let found = numbers(line);
            if found.is_empty() {
                continue;
            }
            let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let cite = cite_file(report, loc, Some(no), Some(line));
            let kind = if found.contains(&n) {
                FindingKind::Agrees
            } else {
                FindingKind::Contradicted
            };
            let msg = format!(
                "The document says {n} {unit}; {loc} says {}.",
                found
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
            return Some(with(finding(doc, c, kind, msg), [cite]));
        }
    }
    let elsewhere = policy
        .references
        .iter()
        .flatten()
        .map(|r| r.url.clone())
        .next();
    let msg = match (locations.is_empty(), elsewhere) {
        (_, Some(url)) => format!(
            "The repository's security policy states no {what}; it refers to {url}, outside the repository."
        ),
        (true, None) => format!(
            "The repository has no security policy stating a {what}; it lives outside the repository."
        ),
        (false, None) => format!(
            "The repository's security policy ({}) states no {what}.",
            locations.join(", ")
        ),
    };
    Some(finding(doc, c, FindingKind::NotVerifiable, msg))
}

/// Words that say changes are checked for vulnerabilities, whatever the tool.
const VULN_WORDS: [&str; 8] = [
    "code scanning",
    "security scan",
    "static analysis",
    "sast",
    "cve scan",
    "dependency scan",
    "image scan",
    "scanned for",
];

/// Questions the document never addresses that the scan answers.
fn missing(doc: &Document, claims: &[Claim], report: &Report) -> Vec<Finding> {
    let mut out = Vec::new();
    let addressed = |t: &[Topic]| claims.iter().any(|c| t.contains(&c.topic));
    let vuln_tools = claims.iter().any(|c| {
        c.topic == Topic::Tool
            && c.subject
                .as_deref()
                .and_then(|id| catalogue().get(id))
                .is_some_and(|t| {
                    matches!(
                        t.category,
                        Category::Sast
                            | Category::DependencyScanning
                            | Category::ImageScanning
                            | Category::SecretScanning
                            | Category::ConfigScanning
                    )
                })
    }) || doc.prose().any(|l| {
        // In other words or another section of the practices: "Code scanning" among the
        // pull-request checks, "CVE scans", "SAST".
        let t = l.text.to_lowercase();
        (t.contains("vulnerab") && doc.in_section(l.number, "development_pipeline"))
            || (VULN_WORDS.iter().any(|w| t.contains(w))
                && doc.in_section(l.number, "secure_development"))
    });
    let asks: [(&str, bool, &str); 6] = [
        ("sbom", addressed(&[Topic::Sbom]), "sbom"),
        (
            "release_signatures",
            addressed(&[Topic::ArtifactSigning]),
            "artifact_signing",
        ),
        (
            "release_checksums",
            addressed(&[Topic::Checksums]),
            "checksums",
        ),
        (
            "signed_commits_required",
            addressed(&[Topic::CommitSigning, Topic::Dco]),
            "commit_signing",
        ),
        (
            "automated_vulnerability_checks",
            vuln_tools,
            "vulnerability_checks",
        ),
        ("best_practices_badge", addressed(&[Topic::Badge]), "badge"),
    ];
    let anchor = doc
        .heading_of("development_pipeline")
        .or_else(|| doc.heading_of("secure_development"));
    for (key, said, topic) in asks {
        if said {
            continue;
        }
        let Some(it) = item(report, key) else {
            continue;
        };
        if it.answer == Answer::Unknown || it.text.trim().is_empty() {
            continue;
        }
        out.push(Finding {
            kind: FindingKind::Missing,
            topic: topic.to_string(),
            section: "development_pipeline".into(),
            document: anchor.and_then(|h| doc_line(doc, h.line)),
            message: format!(
                "The document does not say whether {}; the scan answers {}.",
                question(key),
                answer_word(it.answer)
            ),
            suggestion: Some(it.text.clone()),
            subject: None,
            evidence: it.citations.iter().take(MAX_EVIDENCE).cloned().collect(),
        });
    }
    out
}

fn question(key: &str) -> &'static str {
    match key {
        "sbom" => "an SBOM is published",
        "release_signatures" => "release artifacts and images are signed",
        "release_checksums" => "releases carry checksums",
        "signed_commits_required" => "commits are signed or signed off",
        "automated_vulnerability_checks" => "changes are checked for vulnerabilities automatically",
        _ => "the project holds an OpenSSF Best Practices badge",
    }
}
