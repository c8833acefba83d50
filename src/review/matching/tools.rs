//! Tool claims: a tool the document names, against the tools the scan saw (CI runs,
//! configurations, SBOM and release steps), the history (a configuration removed), and
//! what lives elsewhere (reusable workflows of other repositories, another tool doing the
//! same release step).

use super::{finding, short, short_date, with};
use crate::evidence::tools::catalogue::{Category, ConfigPath, catalogue};
use crate::model::{Citation, ProbeFacts, ProbeId, Report};
use crate::review::claims::{Claim, Polarity};
use crate::review::document::Document;
use crate::review::prose::{Repository, cite_change, cite_file, facts};
use crate::review::{Finding, FindingKind};

/// Where the scan saw a tool: its uses (CI runs first), SBOM and release steps.
fn tool_evidence(report: &Report, id: &str) -> (Vec<Citation>, bool) {
    let mut runs = Vec::new();
    let mut configured = Vec::new();
    for p in &report.probes {
        match &p.facts {
            ProbeFacts::CiChecks(f) => {
                for u in f.tools.iter().flatten().filter(|u| u.tool == id) {
                    let c = cite_file(
                        report,
                        &u.path,
                        u.line,
                        Some(&format!("{} ({})", u.tool, u.how)),
                    );
                    if u.runs {
                        runs.push(c)
                    } else {
                        configured.push(c)
                    }
                }
            }
            ProbeFacts::Sbom(f) => {
                for t in f
                    .generated_by_pipeline
                    .iter()
                    .flatten()
                    .filter(|t| t.tool == id)
                {
                    runs.push(cite_file(report, &t.path, Some(t.line), Some(&t.tool)));
                }
            }
            ProbeFacts::ReleaseIntegrity(f) => {
                for s in f
                    .pipeline
                    .iter()
                    .flat_map(|p| &p.steps)
                    .filter(|s| s.tool == id)
                {
                    runs.push(cite_file(report, &s.path, Some(s.line), Some(&s.tool)));
                }
            }
            _ => {}
        }
    }
    let ran = !runs.is_empty();
    runs.extend(configured);
    (runs, ran)
}

fn tool_name(id: &str) -> String {
    catalogue().name_of(id).unwrap_or(id).to_string()
}

pub(super) fn tool(
    doc: &Document,
    c: &Claim,
    report: &Report,
    repo: &dyn Repository,
) -> Option<Finding> {
    let id = c.subject.as_deref()?;
    let t = catalogue().get(id)?;
    let name = tool_name(id);
    let ci_seen = report
        .probe(ProbeId::CiChecks)
        .is_some_and(|p| p.reason.is_none());
    if !ci_seen {
        return None;
    }
    let (ev, ran) = tool_evidence(report, id);
    if c.polarity == Polarity::No {
        return ran.then(|| {
            with(
                finding(
                    doc,
                    c,
                    FindingKind::Contradicted,
                    format!("The document says {name} is not used; the repository runs it."),
                ),
                ev,
            )
        });
    }
    if !ev.is_empty() {
        let msg = if ran {
            format!("The repository uses {name}.")
        } else {
            format!(
                "The repository configures {name}; no CI run of it was seen (it may run as a hosted service)."
            )
        };
        return Some(with(finding(doc, c, FindingKind::Agrees, msg), ev));
    }
    // Gone: a configuration file of the tool that the history shows removed.
    for cf in &t.config_files {
        let ConfigPath::Exact(path) = &cf.path else {
            continue;
        };
        if let Some(ch) = repo.removal(path) {
            let mut f = finding(
                doc,
                c,
                FindingKind::Stale,
                format!(
                    "The document names {name}; its configuration {path} was removed on {} (commit {}), and the scan finds no use of it.",
                    short_date(&ch.date),
                    short(&ch.commit)
                ),
            );
            f.evidence
                .push(cite_change(report, &ch, &format!("{path} removed")));
            // What replaced it, when the category has another tool in use.
            f.evidence
                .extend(replacement(report, id, t.category).into_iter().take(2));
            return Some(f);
        }
    }
    // The document links the file that does the step, and that file (with the scripts it
    // runs) never names the tool: another tool does it there.
    if let Some(path) = linked_without_tool(doc, c, report, repo, t) {
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::Contradicted,
                format!(
                    "The document names {name} for the step it links ({path}); that file and the scripts it runs do not name {name}, and the scan finds no use of it elsewhere."
                ),
            ),
            [cite_file(report, &path, Some(1), None)],
        ));
    }
    // Another dependency-update bot configured and this one absent: replaced.
    if t.category == Category::DependencyUpdates {
        let other = replacement(report, id, t.category);
        if !other.is_empty() {
            return Some(with(
                finding(
                    doc,
                    c,
                    FindingKind::Contradicted,
                    format!(
                        "The document names {name}; the repository configures another dependency-update tool and no {name}."
                    ),
                ),
                other,
            ));
        }
    }
    // The same kind of release step done by another tool (GoReleaser's SBOMs use Syft by
    // default without naming it).
    let same = same_kind(report, t.category);
    if !same.is_empty() {
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::NotVerifiable,
                format!(
                    "The repository does not name {name}; its release pipeline does this step with another tool (cited), which may run {name} itself."
                ),
            ),
            same,
        ));
    }
    // Reusable workflows of other repositories: their steps are not in this one.
    let remote = remote_workflows(report, repo, &name);
    if !remote.is_empty() {
        return Some(with(
            finding(
                doc,
                c,
                FindingKind::NotVerifiable,
                format!(
                    "No use of {name} in this repository's files; it calls reusable workflows of other repositories (cited), whose steps are not here: check that one of them runs {name}."
                ),
            ),
            remote,
        ));
    }
    Some(finding(
        doc,
        c,
        FindingKind::NotVerifiable,
        format!(
            "No use of {name} was found in the repository's CI or configuration; it may run outside the repository (a hosted service, another repository's CI): check there."
        ),
    ))
}

/// Release steps of the kind a tool category does, by whatever tool.
fn same_kind(report: &Report, category: Category) -> Vec<Citation> {
    let kind = match category {
        Category::Sbom => "sbom",
        Category::Sign => "signatures",
        Category::Provenance => "provenance",
        Category::Checksum => "checksums",
        _ => return Vec::new(),
    };
    let Some(ProbeFacts::ReleaseIntegrity(f)) = facts(report, ProbeId::ReleaseIntegrity) else {
        return Vec::new();
    };
    f.pipeline
        .iter()
        .flat_map(|p| &p.steps)
        .filter(|s| s.kind == kind)
        .map(|s| {
            cite_file(
                report,
                &s.path,
                Some(s.line),
                Some(&format!("{} ({kind})", s.tool)),
            )
        })
        .collect()
}

/// The calls of other repositories' reusable workflows; a call whose workflow file names
/// the tool (`security-events: write # for CodeQL`) first.
fn remote_workflows(report: &Report, repo: &dyn Repository, name: &str) -> Vec<Citation> {
    let Some(ProbeFacts::CiChecks(f)) = facts(report, ProbeId::CiChecks) else {
        return Vec::new();
    };
    let lower = name.to_lowercase();
    let mut named = Vec::new();
    let mut other = Vec::new();
    // `owner/name/.github/workflows/x.yml@main` of this very repository is one of its own
    // files, not another repository's.
    let own = match (&report.repository.owner, &report.repository.name) {
        (Some(o), Some(n)) => Some(format!("{o}/{n}/").to_lowercase()),
        _ => None,
    };
    for w in f.remote_workflows.iter().flatten() {
        if own
            .as_deref()
            .is_some_and(|o| w.uses.to_lowercase().starts_with(o))
        {
            continue;
        }
        let mentions = repo
            .file_text(&w.workflow)
            .is_some_and(|t| t.to_lowercase().contains(&lower));
        let c = cite_file(report, &w.workflow, Some(w.line), Some(&w.uses));
        if mentions {
            named.push(c)
        } else {
            other.push(c)
        }
    }
    named.extend(other);
    named
}

/// Citations of other tools of `category` the repository uses.
fn replacement(report: &Report, id: &str, category: Category) -> Vec<Citation> {
    let mut out = Vec::new();
    if let Some(ProbeFacts::CiChecks(f)) = facts(report, ProbeId::CiChecks) {
        for u in f.tools.iter().flatten() {
            if u.tool != id && u.category == category.as_str() {
                out.push(cite_file(
                    report,
                    &u.path,
                    u.line,
                    Some(&format!("{} ({})", u.tool, u.how)),
                ));
            }
        }
    }
    out
}

/// The lines of the list item (or paragraph) holding `line`: a hard-wrapped item names
/// the tool on one line and links its workflow on another.
fn item_lines(doc: &Document, line: u32) -> (u32, u32) {
    let starts_item = |n: u32| {
        doc.line(n).is_some_and(|l| {
            let t = l.text.trim_start();
            t.starts_with(['*', '-', '+'])
                || t.split_once('.')
                    .is_some_and(|(a, _)| !a.is_empty() && a.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let text = |n: u32| doc.line(n).is_some_and(|l| !l.text.trim().is_empty());
    let mut a = line;
    while a > 1 && !starts_item(a) && text(a - 1) && line - a < 8 {
        a -= 1;
    }
    let mut b = line;
    while text(b + 1) && !starts_item(b + 1) && b - line < 8 {
        b += 1;
    }
    (a, b)
}

/// A file of the repository the claim's item links (a `blob` URL of the repository), that
/// exists, names none of the tool's names, nor do the scripts it runs.
fn linked_without_tool(
    doc: &Document,
    c: &Claim,
    report: &Report,
    repo: &dyn Repository,
    t: &crate::evidence::tools::catalogue::Tool,
) -> Option<String> {
    let base = crate::review::prose::repo_base(report)?;
    let (a, b) = item_lines(doc, c.line);
    let mut names: Vec<String> = vec![t.name.to_lowercase(), t.id.to_lowercase()];
    names.extend(t.aliases.iter().map(|x| x.to_lowercase()));
    for l in doc
        .links()
        .into_iter()
        .filter(|l| l.line >= a && l.line <= b)
    {
        let prefix = format!("{base}/blob/");
        if !l.target.to_lowercase().starts_with(&prefix) {
            continue;
        }
        let Some(rest) = l.target.get(prefix.len()..) else {
            continue;
        };
        let Some((_, path)) = rest.split_once('/') else {
            continue;
        };
        let path = path.split(['#', '?']).next().unwrap_or(path).to_string();
        let Some(text) = repo.file_text(&path) else {
            continue;
        };
        let mut texts = vec![text.to_lowercase()];
        for word in
            text.split(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '\'' | '(' | ')'))
        {
            let w = word.trim_start_matches("./");
            if w.ends_with(".sh")
                && !w.contains("://")
                && let Some(s) = repo.file_text(w)
            {
                texts.push(s.to_lowercase());
            }
            if texts.len() > 8 {
                break;
            }
        }
        if texts
            .iter()
            .any(|x| names.iter().any(|n| x.contains(n.as_str())))
        {
            return None;
        }
        return Some(path);
    }
    None
}
