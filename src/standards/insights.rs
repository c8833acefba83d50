//! `tssa-probe insights <REPO>`: a Security Insights v2.2.0 draft
//! (`security-insights.yml`) prefilled from the report.
//!
//! Every field comes from an observed, cited fact (the security policy and its contacts,
//! private vulnerability reporting, the analyzers and dependency tools CI runs, the release
//! pipeline and the releases read, the self-assessment). A required field that was not
//! observed gets a placeholder value with a `# TODO(tssa-probe)` comment beside it; an
//! optional one is a commented-out line. Nothing is invented. When the repository already
//! has a Security Insights file, its values are kept, and where an observed value differs
//! the draft lists the disagreement.
//!
//! The draft validates against `schema/security-insights-2.2.0.schema.json`, a JSON Schema
//! translation of the specification's CUE schema.

use serde_json::Value;

use crate::model::{
    Answer, CiChecksFacts, ContactKind, ProbeFacts, ProbeId, ReleaseIntegrityFacts, Report,
    SecurityPolicyFacts,
};

/// The Security Insights version the draft follows.
pub const SI_VERSION: &str = "2.2.0";

/// Longest existing Security Insights file read, in bytes.
pub const MAX_EXISTING_BYTES: usize = 1024 * 1024;

/// Marker of every placeholder comment.
pub const TODO: &str = "TODO(tssa-probe)";

/// A YAML node of the draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Str(String),
    Bool(bool),
    /// A number or null from an existing file, written as it was parsed.
    Plain(String),
    /// A required value that was not observed: written with a `# TODO` comment.
    Placeholder(Box<Node>, String),
    /// An optional field that was not observed: written as a comment line only.
    Absent(String),
}

/// A field where the existing file says one thing and the evidence another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The field, as a dotted path (`project.vulnerability-reporting.reports-accepted`).
    pub field: String,
    pub existing: String,
    pub observed: String,
}

/// The draft and what it found in an existing file.
#[derive(Debug, Clone)]
pub struct Draft {
    pub yaml: String,
    pub disagreements: Vec<Disagreement>,
}

fn s(v: impl Into<String>) -> Node {
    Node::Str(v.into())
}
fn todo(v: Node, why: &str) -> Node {
    Node::Placeholder(Box::new(v), why.to_string())
}
fn absent(why: &str) -> Node {
    Node::Absent(why.to_string())
}
fn map(entries: Vec<(&str, Node)>) -> Node {
    // Commented-out fields last: a sequence item must not start with a comment.
    let mut e: Vec<(String, Node)> = entries
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    e.sort_by_key(|(_, v)| matches!(v, Node::Absent(_)));
    Node::Map(e)
}

fn facts<'a, T>(report: &'a Report, f: impl Fn(&'a ProbeFacts) -> Option<&'a T>) -> Option<&'a T> {
    report.probes.iter().find_map(|p| f(&p.facts))
}

/// `https://github.com/o/r/blob/<branch>/<path>`: a living link to a document.
fn doc_url(report: &Report, path: &str) -> Option<String> {
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

/// A placeholder URL (the schema wants a URL where none was observed).
const PLACEHOLDER_URL: &str = "https://example.invalid/TODO";

fn is_email(v: &str) -> bool {
    let re = regex::Regex::new(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$");
    re.is_ok_and(|r| r.is_match(v))
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
    let bounty = details.iter().find(|d| d.kind == ContactKind::BugBounty);
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
        out.push(map(vec![
            ("name", s(name)),
            ("type", s(kind)),
            (
                "integration",
                map(vec![
                    ("adhoc", Node::Bool(adhoc_flag)),
                    ("ci", Node::Bool(ci_flag)),
                    ("release", Node::Bool(release)),
                ]),
            ),
            (
                "rulesets",
                todo(
                    Node::Seq(vec![s("default")]),
                    "the rules it applies were not read; keep `default` if not customised",
                ),
            ),
            ("results", map(vec![])),
        ]));
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
pub fn draft_tree(report: &Report) -> Node {
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
                (
                    "documentation",
                    map(vec![(
                        "release-process",
                        doc(release_doc, "release-process"),
                    )]),
                ),
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
                    person("the core team is for the maintainers to list"),
                ),
                (
                    "license",
                    todo(
                        map(vec![("url", s(PLACEHOLDER_URL)), ("expression", s("TODO"))]),
                        "tssa-probe does not read licences",
                    ),
                ),
                (
                    "documentation",
                    map(vec![
                        ("security-policy", doc(policy_path, "security-policy")),
                        (
                            "contributing-guide",
                            absent("contributing-guide: not observed"),
                        ),
                        ("governance", absent("governance: not observed")),
                    ]),
                ),
                ("release", release(report, ri)),
                (
                    "security",
                    map(vec![
                        (
                            "assessments",
                            map(vec![(
                                "self",
                                map(vec![
                                    ("comment", s(assessment_comment)),
                                    (
                                        "evidence",
                                        absent(
                                            "evidence: the URL where the self-assessment is published",
                                        ),
                                    ),
                                ]),
                            )]),
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

fn from_value(v: &Value) -> Node {
    match v {
        Value::Object(m) => Node::Map(m.iter().map(|(k, v)| (k.clone(), from_value(v))).collect()),
        Value::Array(a) => Node::Seq(a.iter().map(from_value).collect()),
        Value::String(x) => Node::Str(x.clone()),
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => Node::Plain(n.to_string()),
        Value::Null => Node::Plain("null".into()),
    }
}

fn show(n: &Node) -> String {
    match n {
        Node::Str(x) => x.clone(),
        Node::Bool(b) => b.to_string(),
        Node::Plain(p) => p.clone(),
        Node::Placeholder(inner, _) => show(inner),
        Node::Absent(_) => "(absent)".into(),
        Node::Seq(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Node::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Overlays an existing file on the draft: the file's values win; where an observed value
/// differs, a disagreement is recorded.
fn merge(draft: Node, existing: &Value, path: &str, out: &mut Vec<Disagreement>) -> Node {
    match (draft, existing) {
        (Node::Map(entries), Value::Object(old)) => {
            let mut merged = Vec::new();
            for (k, v) in entries {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match old.get(&k) {
                    Some(o) => merged.push((k, merge(v, o, &p, out))),
                    None => merged.push((k, v)),
                }
            }
            for (k, o) in old {
                if !merged.iter().any(|(m, _)| m == k) {
                    merged.push((k.clone(), from_value(o)));
                }
            }
            // Keep the rule that a commented-out line never starts a mapping.
            merged.sort_by_key(|(_, v)| matches!(v, Node::Absent(_)));
            Node::Map(merged)
        }
        (Node::Placeholder(..) | Node::Absent(_), o) => from_value(o),
        (observed, o) => {
            let old = from_value(o);
            if !same(&observed, &old)
                && !path.starts_with("header.")
                && path != "repository.security.assessments.self.comment"
            {
                out.push(Disagreement {
                    field: path.to_string(),
                    existing: show(&old),
                    observed: show(&observed),
                });
            }
            old
        }
    }
}

/// Equal, ignoring placeholders and commented-out fields of the draft.
fn same(observed: &Node, old: &Node) -> bool {
    match (observed, old) {
        (Node::Map(a), Node::Map(b)) => a.iter().all(|(k, v)| match v {
            Node::Placeholder(..) | Node::Absent(_) => true,
            _ => b
                .iter()
                .find(|(x, _)| x == k)
                .is_some_and(|(_, w)| same(v, w)),
        }),
        (Node::Seq(a), Node::Seq(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Node::Str(a), Node::Str(b)) => a.trim_end() == b.trim_end(),
        (a, b) => a == b,
    }
}

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        scalar_str(k)
    }
}

fn scalar_str(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn scalar(n: &Node) -> Option<String> {
    match n {
        Node::Str(x) => Some(scalar_str(x)),
        Node::Bool(b) => Some(b.to_string()),
        Node::Plain(p) => Some(p.clone()),
        _ => None,
    }
}

fn emit_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        emit_entry(&pad, &key(k), v, indent, None, out);
    }
}

fn emit_entry(pad: &str, k: &str, v: &Node, indent: usize, note: Option<&str>, out: &mut String) {
    let comment = note
        .map(|c| format!("  # {TODO}: {}", one_line(c)))
        .unwrap_or_default();
    match v {
        Node::Absent(why) => out.push_str(&format!("{pad}# {TODO}: {}\n", one_line(why))),
        Node::Placeholder(inner, why) => emit_entry(pad, k, inner, indent, Some(why), out),
        Node::Map(m) if m.is_empty() => out.push_str(&format!("{pad}{k}: {{}}{comment}\n")),
        // Nothing observed in it: the whole mapping is commented out (an empty key would
        // be null, which the schema refuses).
        Node::Map(m) if m.iter().all(|(_, v)| matches!(v, Node::Absent(_))) => {
            out.push_str(&format!("{pad}# {k}:\n"));
            emit_map(m, indent + 2, out);
        }
        Node::Map(m) => {
            out.push_str(&format!("{pad}{k}:{comment}\n"));
            emit_map(m, indent + 2, out);
        }
        Node::Seq(items) if items.is_empty() => out.push_str(&format!("{pad}{k}: []{comment}\n")),
        Node::Seq(items) => {
            out.push_str(&format!("{pad}{k}:{comment}\n"));
            emit_seq(items, indent + 2, out);
        }
        other => {
            let v = scalar(other).unwrap_or_default();
            out.push_str(&format!("{pad}{k}: {v}{comment}\n"));
        }
    }
}

fn emit_seq(items: &[Node], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for it in items {
        match it {
            Node::Map(m) if !m.is_empty() => {
                let mut body = String::new();
                emit_map(m, indent + 2, &mut body);
                // The first line's indentation becomes the dash.
                let inner = " ".repeat(indent + 2);
                let body = body.strip_prefix(&inner).unwrap_or(&body).to_string();
                out.push_str(&format!("{pad}- {body}"));
            }
            Node::Map(_) => out.push_str(&format!("{pad}- {{}}\n")),
            Node::Seq(inner) => {
                out.push_str(&format!("{pad}-\n"));
                emit_seq(inner, indent + 2, out);
            }
            Node::Placeholder(inner, why) => {
                let v = scalar(inner).unwrap_or_else(|| "null".into());
                out.push_str(&format!("{pad}- {v}  # {TODO}: {}\n", one_line(why)));
            }
            Node::Absent(why) => out.push_str(&format!("{pad}# {TODO}: {}\n", one_line(why))),
            other => out.push_str(&format!("{pad}- {}\n", scalar(other).unwrap_or_default())),
        }
    }
}

/// The draft of a report, over an existing Security Insights file when one was read.
pub fn draft(report: &Report, existing: Option<&Value>) -> Draft {
    let mut disagreements = Vec::new();
    let mut tree = draft_tree(report);
    if let Some(old) = existing {
        tree = merge(tree, old, "", &mut disagreements);
    }
    let mut yaml = format!(
        "# Security Insights {SI_VERSION} draft by tssa-probe for {}.\n# Lines marked {TODO} were not observed: fill them in or delete them.\n",
        one_line(
            &report
                .repository
                .url
                .clone()
                .unwrap_or_else(|| report.repository.input.clone())
        )
    );
    if let Some(p) = report
        .probe(ProbeId::SecurityPolicy)
        .and_then(|r| match &r.facts {
            ProbeFacts::SecurityPolicy(f) => f.security_insights_path.clone(),
            _ => None,
        })
    {
        yaml.push_str(&format!(
            "# The repository has {}: {}.\n",
            one_line(&p),
            if existing.is_some() {
                "its values are kept"
            } else {
                "it was not read, its values are not merged"
            }
        ));
    }
    for d in &disagreements {
        yaml.push_str(&format!(
            "# Disagreement at {}: the file says {}, the evidence shows {}.\n",
            one_line(&d.field),
            one_line(&d.existing),
            one_line(&d.observed)
        ));
    }
    if let Node::Map(m) = &tree {
        emit_map(m, 0, &mut yaml);
    }
    Draft {
        yaml,
        disagreements,
    }
}

/// Reads the existing Security Insights file at `path` from the scanned commit of a local
/// repository (the committed blob, never the work tree: no symbolic link is followed). None
/// when there is no such blob, it is not a regular file, is larger than
/// [`MAX_EXISTING_BYTES`], or is not YAML.
pub fn read_existing(local: &std::path::Path, commit: &str, path: &str) -> Result<Value, String> {
    let repo = git2::Repository::open(local)
        .map_err(|e| format!("cannot open the repository: {}", e.message()))?;
    let oid = git2::Oid::from_str(commit).map_err(|e| e.message().to_string())?;
    let tree = repo
        .find_commit(oid)
        .and_then(|c| c.tree())
        .map_err(|e| format!("cannot read commit {commit}: {}", e.message()))?;
    let entry = tree
        .get_path(std::path::Path::new(path))
        .map_err(|_| format!("{path} is not in the commit"))?;
    if entry.filemode() != 0o100644 && entry.filemode() != 0o100755 {
        return Err(format!("{path} is not a regular file"));
    }
    let blob = repo
        .find_blob(entry.id())
        .map_err(|e| format!("cannot read {path}: {}", e.message()))?;
    if blob.size() > MAX_EXISTING_BYTES {
        return Err(format!("{path} is larger than {MAX_EXISTING_BYTES} bytes"));
    }
    let text = std::str::from_utf8(blob.content()).map_err(|_| format!("{path} is not UTF-8"))?;
    let v: Value =
        serde_yaml_ng::from_str(text).map_err(|e| format!("{path} is not valid YAML: {e}"))?;
    if !v.is_object() {
        return Err(format!("{path} is not a YAML mapping"));
    }
    Ok(v)
}

/// `tssa-probe insights <REPO>`.
#[derive(Debug, Clone, clap::Args)]
pub struct InsightsArgs {
    /// A local path (clone or bare repository), owner/name, or https://github.com/owner/name.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Write the draft to FILE instead of standard output (as the scan's --output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub common: crate::options::CommonArgs,
}

/// Scans, drafts, writes the draft; the disagreements with an existing file go to stderr.
pub async fn run(args: InsightsArgs) -> Result<u8, crate::Error> {
    use std::io::Write;
    let target = crate::input::parse_target(&args.repo)?;
    let opts = args.common.scan_options();
    let clients = args
        .common
        .clients(crate::options::ClientLimits::default())?;
    let report = crate::scan::scan(&args.repo, &target, &opts, &clients).await?;
    let path = report
        .probe(ProbeId::SecurityPolicy)
        .and_then(|r| match &r.facts {
            ProbeFacts::SecurityPolicy(f) => f.security_insights_path.clone(),
            _ => None,
        });
    let existing = match (
        &path,
        &report.repository.local_path,
        &report.repository.head_commit,
    ) {
        (Some(p), Some(local), Some(commit)) => {
            // The path given (what the scan opened), else the one the report names.
            let given = std::path::Path::new(&args.repo);
            let at = if given.exists() {
                given
            } else {
                std::path::Path::new(local)
            };
            match read_existing(at, commit, p) {
                Ok(v) => Some(v),
                Err(e) => {
                    eprintln!(
                        "note: the existing Security Insights file was not merged: {}",
                        crate::render::terminal::escape(&e)
                    );
                    None
                }
            }
        }
        _ => None,
    };
    let d = draft(&report, existing.as_ref());
    for x in &d.disagreements {
        eprintln!(
            "disagreement: {}: the file says {}, the evidence shows {}",
            crate::render::terminal::escape(&x.field),
            crate::render::terminal::escape(&x.existing),
            crate::render::terminal::escape(&x.observed)
        );
    }
    match &args.output {
        Some(p) => crate::fsutil::write_output_file(p, d.yaml.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(d.yaml.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    return Err(crate::Error::Output(format!(
                        "cannot write the draft to standard output: {e}"
                    )));
                }
            }
        }
    }
    Ok(crate::scan::scan_exit_code(&report, false))
}
