//! Lint of the document itself: template text left in, required sections missing or
//! empty (against the current template), links and file paths that do not exist at the
//! scanned commit (or went, dated by the history), anchors that no heading has, and a
//! "Last updated" older than a year.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::claims::is_template_text;
use super::document::{Document, LineKind, re, slug};
use super::prose::{Repository, cite_change, percent_decode, repo_base};
use super::template::template;
use super::{Finding, FindingKind, doc_line};
use crate::model::Report;

/// Most findings per lint rule (a document of 10,000 TODO lines is one problem).
pub const MAX_PER_RULE: usize = 50;

fn lint_finding(
    doc: &Document,
    topic: &str,
    line: Option<u32>,
    section: &str,
    message: String,
) -> Finding {
    Finding {
        kind: FindingKind::Lint,
        topic: topic.to_string(),
        section: section.to_string(),
        document: line.and_then(|n| doc_line(doc, n)),
        message,
        suggestion: None,
        subject: None,
        evidence: Vec::new(),
    }
}

fn section_at(doc: &Document, n: u32) -> String {
    doc.line(n)
        .and_then(|l| l.section.clone())
        .unwrap_or_default()
}

/// Lints a document. `base`: the document's directory inside the scanned repository, when
/// it lives there (relative links are checked only then).
pub fn lint(
    doc: &Document,
    report: &Report,
    repo: &dyn Repository,
    base: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(template_text(doc));
    out.extend(sections(doc));
    out.extend(links(doc, report, repo, base));
    out.extend(outdated(doc, report));
    out
}

fn template_text(doc: &Document) -> Vec<Finding> {
    static MARK: OnceLock<Regex> = OnceLock::new();
    let mark = re(&MARK, r"\b(TODO|TBD|FIXME|XXX)\b");
    let t = template();
    let mut out = Vec::new();
    for l in doc.prose() {
        let lower = l.text.to_lowercase();
        let placeholder = t
            .placeholders
            .iter()
            .filter(|p| p.chars().any(|c| c.is_lowercase()))
            .find(|p| lower.contains(p.as_str()));
        let question = l.kind == LineKind::Text
            && l.text.trim_start().starts_with(['*', '-', '+'])
            && l.text.trim_end().ends_with('?')
            && (doc.in_section(l.number, "secure_development")
                || doc.in_section(l.number, "security_issue_resolution"));
        let what = if is_template_text(&l.text) {
            Some("the template's guidance".to_string())
        } else if question {
            Some("a checklist question left unanswered".to_string())
        } else if let Some(p) = placeholder {
            Some(format!("the template's example ({p})"))
        } else {
            mark.find(&l.text)
                .map(|m| format!("a {} marker", m.as_str()))
        };
        if let Some(w) = what {
            out.push(lint_finding(
                doc,
                "template_text",
                Some(l.number),
                &section_at(doc, l.number),
                format!(
                    "Template text left in: {w}; replace it with the project's answer or remove it."
                ),
            ));
            if out.len() >= MAX_PER_RULE {
                break;
            }
        }
    }
    out
}

fn sections(doc: &Document) -> Vec<Finding> {
    let t = template();
    let mut out = Vec::new();
    let mut absent: Vec<&str> = Vec::new();
    // Missing sub-sections are one finding per present parent.
    let mut children: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in &t.sections {
        if !s.required || doc.heading_of(&s.id).is_some() {
            continue;
        }
        let parent_absent = s.parent.as_deref().is_some_and(|p| absent.contains(&p));
        absent.push(&s.id);
        if parent_absent {
            continue;
        }
        match s.parent.as_deref() {
            Some(p) => match children.iter_mut().find(|(q, _)| *q == p) {
                Some((_, v)) => v.push(&s.title),
                None => children.push((p, vec![&s.title])),
            },
            None => out.push(lint_finding(
                doc,
                "missing_section",
                None,
                &s.id,
                format!("The template's section \"{}\" is missing.", s.title),
            )),
        }
    }
    for (p, titles) in children {
        let line = doc.heading_of(p).map(|h| h.line);
        let list = titles
            .iter()
            .map(|x| format!("\"{x}\""))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(lint_finding(
            doc,
            "missing_section",
            line,
            p,
            format!(
                "{} lacks the template's sub-section(s) {list}: add them, or a heading of that name where the answer is.",
                t.title_of(p)
            ),
        ));
    }
    // Empty: a section heading followed by nothing but blank lines, comments and template
    // text up to the next heading of its level or above (a sub-section with content fills it).
    for (i, h) in doc.headings.iter().enumerate() {
        let Some(id) = &h.section else { continue };
        if h.pseudo {
            let line = doc.line(h.line).map(|l| l.text.as_str()).unwrap_or("");
            if super::document::strip_inline(line).trim().len() > h.text.len() + 12 {
                continue;
            }
        }
        let end = doc.headings[i + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(doc.lines.len() as u32 + 1, |n| n.line);
        let content = doc.lines.iter().any(|l| {
            l.number > h.line
                && l.number < end
                && matches!(l.kind, LineKind::Text | LineKind::TableRow | LineKind::Code)
                && !is_template_text(&l.text)
                && !l.text.trim().chars().all(|c| "|-: ".contains(c))
        });
        if !content {
            out.push(lint_finding(
                doc,
                "empty_section",
                Some(h.line),
                id,
                format!(
                    "The section \"{}\" is empty (or holds only the template's guidance).",
                    t.title_of(id)
                ),
            ));
        }
    }
    out
}

/// `https://github.com/<owner>/<name>/blob/<ref>/<path>` of the scanned repository.
fn repo_blob_path(url: &str, report: &Report) -> Option<String> {
    let base = repo_base(report)?;
    let lower = url.to_lowercase();
    let rest = lower.strip_prefix(&format!("{base}/blob/"))?;
    let offset = url.len() - rest.len();
    let rest = &url[offset..];
    let (_, path) = rest.split_once('/')?;
    let path = path.split(['#', '?']).next()?.trim_end_matches('/');
    let path = percent_decode(path);
    (!path.is_empty() && !path.contains("..")).then_some(path)
}

/// `dir/../x/./y` as `x/y`; `None` when it climbs out of the repository.
fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn links(
    doc: &Document,
    report: &Report,
    repo: &dyn Repository,
    base: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let slugs: Vec<String> = doc
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Heading)
        .filter_map(|l| {
            let t = l.text.trim_start();
            t.starts_with('#').then(|| slug(t.trim_start_matches('#')))
        })
        .collect();
    let explicit_anchors: Vec<String> = {
        static A: OnceLock<Regex> = OnceLock::new();
        let a = re(&A, r#"(?i)<a\s+(?:name|id)\s*=\s*"([^"]{1,200})""#);
        doc.lines
            .iter()
            .flat_map(|l| {
                a.captures_iter(&l.text)
                    .filter_map(|c| c.get(1))
                    .map(|m| m.as_str().to_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let mut checked: Vec<String> = Vec::new();
    for link in doc.links() {
        if out.len() >= MAX_PER_RULE {
            break;
        }
        let target = link.target.trim();
        if checked.iter().any(|c| c == target) {
            continue;
        }
        checked.push(target.to_string());
        let section = section_at(doc, link.line);
        if let Some(anchor) = target.strip_prefix('#') {
            let a = percent_decode(anchor).to_lowercase();
            let known = slugs.iter().any(|s| {
                *s == a
                    || s.strip_prefix(&a).is_some_and(|r| {
                        r.starts_with('-') && r[1..].chars().all(|c| c.is_ascii_digit())
                    })
            }) || explicit_anchors.contains(&a);
            if !known && !a.is_empty() {
                out.push(lint_finding(
                    doc,
                    "broken_link",
                    Some(link.line),
                    &section,
                    format!("The link #{anchor} leads to no heading of the document."),
                ));
            }
            continue;
        }
        if !repo.available() {
            continue;
        }
        let path = if let Some(p) = repo_blob_path(target, report) {
            Some(p)
        } else if !target.contains(':') && !target.starts_with("//") {
            base.and_then(|b| {
                join(
                    b,
                    &percent_decode(target.split(['#', '?']).next().unwrap_or("")),
                )
            })
        } else {
            None
        };
        let Some(path) = path.filter(|p| !p.is_empty()) else {
            continue;
        };
        if repo.file_exists(&path) || dir_exists(repo, &path) {
            continue;
        }
        if let Some(ch) = repo.removal(&path) {
            let mut f = lint_finding(
                doc,
                "file",
                Some(link.line),
                &section,
                format!(
                    "The document links {path}, removed on {} (commit {}).",
                    ch.date.get(..10).unwrap_or(&ch.date),
                    ch.commit.get(..7).unwrap_or(&ch.commit)
                ),
            );
            f.kind = FindingKind::Stale;
            f.subject = Some(path.clone());
            f.evidence
                .push(cite_change(report, &ch, &format!("{path} removed")));
            out.push(f);
        } else {
            let mut f = lint_finding(
                doc,
                "broken_link",
                Some(link.line),
                &section,
                format!("The document links {path}, which does not exist at the scanned commit."),
            );
            f.subject = Some(path);
            out.push(f);
        }
    }
    // File paths written as code (`SECURITY.md`, `.github/dependabot.yml`): stale when gone.
    if repo.available() {
        static CODE: OnceLock<Regex> = OnceLock::new();
        let code = re(
            &CODE,
            r"`([A-Za-z0-9_.-]{1,100}(?:/[A-Za-z0-9_.-]{1,100}){0,8}\.(?:md|ya?ml|json|toml|txt|rst|sh))`",
        );
        for l in doc.prose() {
            for c in code.captures_iter(&l.text) {
                let Some(p) = c.get(1).map(|m| m.as_str().to_string()) else {
                    continue;
                };
                if checked.contains(&p) || repo.file_exists(&p) {
                    continue;
                }
                checked.push(p.clone());
                if let Some(ch) = repo.removal(&p) {
                    let mut f = lint_finding(
                        doc,
                        "file",
                        Some(l.number),
                        &section_at(doc, l.number),
                        format!(
                            "The document names {p}, removed on {} (commit {}).",
                            ch.date.get(..10).unwrap_or(&ch.date),
                            ch.commit.get(..7).unwrap_or(&ch.commit)
                        ),
                    );
                    f.kind = FindingKind::Stale;
                    f.subject = Some(p.clone());
                    f.evidence
                        .push(cite_change(report, &ch, &format!("{p} removed")));
                    out.push(f);
                }
            }
        }
    }
    out
}

/// A directory is linked as `tree/` or a relative folder: present when a README or any
/// file below it is. Cheap check: the usual index files.
fn dir_exists(repo: &dyn Repository, path: &str) -> bool {
    ["README.md", "readme.md", "index.md", "README"]
        .iter()
        .any(|f| repo.file_exists(&format!("{path}/{f}")))
}

/// "Last updated: 2023-04-01" (and its spellings) older than a year before the scan.
fn outdated(doc: &Document, report: &Report) -> Vec<Finding> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)\b(?:last[ -](?:updated|modified|reviewed|revised)|updated on|date of last update)\b[*_:| -]*(.{4,40})",
    );
    let Some(now) = report
        .generated_at
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for l in doc.prose() {
        let Some(c) = r.captures(&l.text) else {
            continue;
        };
        let Some(d) = c.get(1).and_then(|m| parse_date(m.as_str())) else {
            continue;
        };
        let days = (now - d).num_days();
        if days > 365 {
            out.push(lint_finding(
                doc,
                "outdated",
                Some(l.number),
                &section_at(doc, l.number),
                format!("The document was last updated on {d} ({} days before this review): check its claims and update the date.", days),
            ));
        }
    }
    out
}

/// A date written as `2023-04-01`, `2023/04/01`, `April 1, 2023`, `1 April 2023`,
/// `April 2023` (the 1st) or `04/01/2023` (US order).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})|([a-z]{3,9})\.?,?\s+(\d{4})|(\d{1,2})/(\d{1,2})/(\d{4})",
    );
    let c = r.captures(s)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = |i: usize| c.get(i).and_then(|m| month_of(m.as_str()));
    let (y, m, d) = if let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) {
        (y, m, d)
    } else if let (Some(m), Some(d), Some(y)) = (month(4), num(5), num(6)) {
        (y, m, d)
    } else if let (Some(d), Some(m), Some(y)) = (num(7), month(8), num(9)) {
        (y, m, d)
    } else if let (Some(m), Some(y)) = (month(10), num(11)) {
        (y, m, 1)
    } else {
        (num(14)?, num(12)?, num(13)?)
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn month_of(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let i = months.iter().position(|m| s.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (s.len() == 3 || full[i].starts_with(&s) || s == "sept").then_some(i as u32 + 1)
}

/// A reader of the numbers a line gives with a unit (`3 business days` → 3 for `day`).
pub fn numbers_with_unit(unit: &str) -> impl Fn(&str) -> Vec<u64> {
    let unit: String = unit.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let pattern = format!(
        r"(?i)\b(\d{{1,4}}|one|two|three|four|five|six|seven|ten|fourteen|thirty)\s+(?:\(\d+\)\s+)?(?:[a-z]+\s+){{0,2}}{unit}s?\b"
    );
    let r = if unit.is_empty() {
        None
    } else {
        Regex::new(&pattern).ok()
    };
    move |line: &str| {
        let Some(r) = &r else { return Vec::new() };
        r.captures_iter(line)
            .filter_map(|c| c.get(1))
            .filter_map(|m| {
                let w = m.as_str().to_lowercase();
                w.parse().ok().or(match w.as_str() {
                    "one" => Some(1),
                    "two" => Some(2),
                    "three" => Some(3),
                    "four" => Some(4),
                    "five" => Some(5),
                    "six" => Some(6),
                    "seven" => Some(7),
                    "ten" => Some(10),
                    "fourteen" => Some(14),
                    "thirty" => Some(30),
                    _ => None,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_their_spellings() {
        let d = |s| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2023-04-01").as_deref(), Some("2023-04-01"));
        assert_eq!(d("April 1, 2023").as_deref(), Some("2023-04-01"));
        assert_eq!(d("1st April 2023").as_deref(), Some("2023-04-01"));
        assert_eq!(d("Sept 2022").as_deref(), Some("2022-09-01"));
        assert_eq!(d("04/01/2023").as_deref(), Some("2023-04-01"));
        assert_eq!(d("someday"), None);
        assert_eq!(d("2023-13-40"), None);
    }

    #[test]
    fn numbers_with_units() {
        let f = numbers_with_unit("day");
        assert_eq!(
            f("We answer within 3 business days, fix in thirty days."),
            [3, 30]
        );
        assert_eq!(f("no numbers"), Vec::<u64>::new());
    }

    #[test]
    fn joins_stay_inside() {
        assert_eq!(
            join("docs/security", "../SECURITY.md").as_deref(),
            Some("docs/SECURITY.md")
        );
        assert_eq!(join("", "../../etc/passwd"), None);
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
