//! The parts of the draft the project-docs probe answers: the licence, the project
//! documents, the core team from MAINTAINERS, the assessments kept in the repository. Each
//! value names the file it was read from. When the document model gives the documents'
//! sentences, their facts plug in here (a document found by its content, not its name).

use crate::model::{ProbeFacts, ProjectDocsFacts, Report};

use super::PLACEHOLDER_URL;
use super::fill::{doc_url, facts};
use super::tree::{Node, absent, cited, map, s, todo};

pub(super) fn project_docs(report: &Report) -> Option<&ProjectDocsFacts> {
    facts(report, |f| match f {
        ProbeFacts::ProjectDocs(x) => Some(x),
        _ => None,
    })
}

fn first(v: &Option<Vec<String>>) -> Option<&String> {
    v.as_ref().and_then(|v| v.first())
}

/// `repository.license`: the root licence file and its SPDX expression.
pub(super) fn license(report: &Report) -> Node {
    let pd = project_docs(report);
    let file = pd.and_then(|f| first(&f.license_files));
    let url = file.and_then(|p| doc_url(report, p));
    let lic = pd.and_then(|f| f.licenses.as_ref()).and_then(|l| l.first());
    let url_node = match (&url, file) {
        (Some(u), Some(p)) => cited(s(u.clone()), p),
        _ => todo(s(PLACEHOLDER_URL), "no licence file was found at the root"),
    };
    let expr = match (pd.and_then(|f| f.license_expression.as_ref()), lic) {
        (Some(e), Some(d)) => cited(
            s(e.clone()),
            &format!("{} matches {e} at {:.1}%", d.path, d.confidence * 100.0),
        ),
        (_, Some(d)) => todo(
            s("TODO"),
            &format!(
                "{} is closest to {} at only {:.1}% (low confidence): say its SPDX expression",
                d.path,
                d.closest,
                d.confidence * 100.0
            ),
        ),
        _ => todo(s("TODO"), "no licence text was identified"),
    };
    map(vec![("url", url_node), ("expression", expr)])
}

fn doc_node(report: &Report, v: Option<&Option<Vec<String>>>, key: &str) -> Node {
    match v
        .and_then(first)
        .and_then(|p| doc_url(report, p).map(|u| (p, u)))
    {
        Some((p, u)) => cited(s(u), p),
        None => absent(&format!("{key}: not observed")),
    }
}

/// (key, node) of `repository.documentation` the documents answer.
pub(super) fn repository_docs(report: &Report) -> Vec<(&'static str, Node)> {
    let pd = project_docs(report);
    vec![
        (
            "contributing-guide",
            doc_node(report, pd.map(|f| &f.contributing), "contributing-guide"),
        ),
        (
            "governance",
            doc_node(report, pd.map(|f| &f.governance), "governance"),
        ),
    ]
}

/// (key, node) of `project.documentation` the documents answer.
pub(super) fn project_doc_entries(report: &Report) -> Vec<(&'static str, Node)> {
    let pd = project_docs(report);
    vec![
        (
            "code-of-conduct",
            doc_node(report, pd.map(|f| &f.code_of_conduct), "code-of-conduct"),
        ),
        (
            "support-policy",
            doc_node(report, pd.map(|f| &f.support), "support-policy"),
        ),
    ]
}

/// `repository.core-team`: the GitHub handles the MAINTAINERS files name; which one is the
/// primary contact is for the maintainers to say.
pub(super) fn core_team(report: &Report) -> Option<Node> {
    let pd = project_docs(report)?;
    let handles = pd.maintainer_handles.as_ref().filter(|h| !h.is_empty())?;
    let from = first(&pd.maintainers).cloned().unwrap_or_default();
    let people = handles
        .iter()
        .map(|h| {
            map(vec![
                ("name", cited(s(h.clone()), &format!("{from} names @{h}"))),
                ("primary", Node::Bool(false)),
                ("social", s(format!("https://github.com/{h}"))),
            ])
        })
        .collect();
    Some(todo(
        Node::Seq(people),
        "from the MAINTAINERS file; mark the primary contact `primary: true`",
    ))
}

/// The self-assessment's evidence and the audits kept in the repository.
pub(super) fn assessments(report: &Report, self_comment: String) -> Node {
    let pd = project_docs(report);
    let evidence = match pd
        .and_then(|f| first(&f.self_assessment))
        .and_then(|p| doc_url(report, p).map(|u| (p, u)))
    {
        Some((p, u)) => cited(s(u), p),
        None => absent("evidence: the URL where the self-assessment is published"),
    };
    let audits: Vec<Node> = pd
        .and_then(|f| f.security_audits.as_ref())
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    let u = doc_url(report, p)?;
                    Some(map(vec![
                        (
                            "comment",
                            cited(
                                s(format!(
                                    "A security audit report kept in the repository at {p}."
                                )),
                                p,
                            ),
                        ),
                        ("evidence", s(u)),
                    ]))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut entries = vec![(
        "self",
        map(vec![("comment", s(self_comment)), ("evidence", evidence)]),
    )];
    if !audits.is_empty() {
        entries.push(("third-party", Node::Seq(audits)));
    }
    map(entries)
}
