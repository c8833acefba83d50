//! Badge claims: the project id the document links against the README's badge (its link
//! and its image may name different projects: the document agrees with either, and the
//! finding says which), and the level against the badge site.

use std::sync::OnceLock;

use regex::Regex;

use super::{finding, with};
use crate::model::{ProbeFacts, ProbeId, Report};
use crate::review::claims::{Claim, Topic};
use crate::review::document::{Document, re};
use crate::review::prose::{Repository, cite_file};
use crate::review::{Finding, FindingKind};

/// Project ids a README line's badge names: (id, is the badge image).
pub(super) fn badge_ids(line: &str) -> Vec<(u64, bool)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)(?:bestpractices\.dev|bestpractices\.coreinfrastructure\.org)/(?:[a-z]{2}(?:-[a-z]+)?/)?projects/(\d{1,9})(/badge)?",
    );
    r.captures_iter(line)
        .filter_map(|c| {
            let id = c.get(1)?.as_str().parse().ok()?;
            Some((id, c.get(2).is_some()))
        })
        .collect()
}

/// The badge ids of the README files the badge probe cites, each with its citation.
fn readme_ids(report: &Report, repo: &dyn Repository) -> Vec<(u64, bool, crate::model::Citation)> {
    let Some(p) = report.probe(ProbeId::BestPracticesBadge) else {
        return Vec::new();
    };
    let mut paths: Vec<String> = p
        .citations
        .iter()
        .filter_map(|c| c.path.clone())
        .filter(|x| x.to_lowercase().contains("readme"))
        .collect();
    paths.push("README.md".into());
    paths.dedup();
    let mut out = Vec::new();
    for path in paths {
        let Some(text) = repo.file_text(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate().take(400) {
            for (id, image) in badge_ids(line) {
                let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
                out.push((id, image, cite_file(report, &path, Some(no), Some(line))));
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

pub(super) fn badge(
    doc: &Document,
    c: &Claim,
    claims: &[Claim],
    report: &Report,
    repo: &dyn Repository,
) -> Option<Finding> {
    let p = report.probe(ProbeId::BestPracticesBadge)?;
    let ProbeFacts::BestPracticesBadge(f) = &p.facts else {
        return None;
    };
    let ev = p.citations.clone();
    let readme = readme_ids(report, repo);
    if let Some(said) = c.number {
        let linked: Vec<u64> = readme.iter().filter(|x| !x.1).map(|x| x.0).collect();
        let images: Vec<u64> = readme.iter().filter(|x| x.1).map(|x| x.0).collect();
        let ours: Vec<u64> = readme
            .iter()
            .map(|x| x.0)
            .chain(f.project_id)
            .collect::<Vec<_>>();
        if !ours.is_empty() && !ours.contains(&said) {
            // The document names this repository's badge elsewhere: this line is about
            // another product's (an older line, a sibling project), not judged here.
            let elsewhere = claims
                .iter()
                .any(|o| o.topic == Topic::Badge && o.number.is_some_and(|n| ours.contains(&n)));
            if elsewhere {
                return None;
            }
            let seen = linked
                .first()
                .or(images.first())
                .copied()
                .or(f.project_id)
                .unwrap_or_default();
            let mut cites: Vec<_> = readme.iter().map(|x| x.2.clone()).collect();
            cites.dedup_by(|a, b| a.lines == b.lines && a.path == b.path);
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::Contradicted,
                    format!(
                        "The document links badge project {said}; the repository's README badge is project {seen}."
                    ),
                ),
                if cites.is_empty() { ev } else { cites },
            ));
        }
        if !ours.is_empty() && f.level.is_none() {
            let which = match (linked.contains(&said), images.contains(&said)) {
                (true, true) | (false, false) => {
                    format!("The README badge is the same project ({said}).")
                }
                (true, false) => format!(
                    "The README badge's link is the same project ({said}); its image shows project {}: the README is inconsistent.",
                    images.first().copied().unwrap_or_default()
                ),
                (false, true) => format!(
                    "The README badge's image is the same project ({said}); its link goes to project {}: the README is inconsistent.",
                    linked.first().copied().unwrap_or_default()
                ),
            };
            let level = c
                .subject
                .as_ref()
                .map(|l| format!(" The level the document states ({l}) needs the badge site."))
                .unwrap_or_default();
            let cites: Vec<_> = readme.iter().map(|x| x.2.clone()).collect();
            return Some(with(
                finding(doc, c, FindingKind::Agrees, format!("{which}{level}")),
                if cites.is_empty() { ev } else { cites },
            ));
        }
    }
    let said = c.subject.as_ref()?;
    match f.level {
        Some(level) => {
            let seen = format!("{level:?}")
                .to_lowercase()
                .replace("inprogress", "in progress");
            let kind = if *said == seen {
                FindingKind::Agrees
            } else {
                FindingKind::Contradicted
            };
            Some(with(
                finding(
                    doc,
                    c,
                    kind,
                    format!("The document says {said}; the badge site says {seen}."),
                ),
                ev,
            ))
        }
        None => Some(with(
            finding(
                doc,
                c,
                FindingKind::NotVerifiable,
                format!(
                    "The document says {said}; the badge level needs the badge site{}.",
                    f.project_id
                        .map(|i| format!(" (project {i})"))
                        .unwrap_or_default()
                ),
            ),
            ev,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_and_link_ids() {
        assert_eq!(
            badge_ids(
                "[![CII](https://bestpractices.coreinfrastructure.org/projects/5327/badge)](https://bestpractices.coreinfrastructure.org/projects/5947)"
            ),
            [(5327, true), (5947, false)]
        );
        assert_eq!(
            badge_ids("see https://www.bestpractices.dev/en/projects/12"),
            [(12, false)]
        );
    }
}
