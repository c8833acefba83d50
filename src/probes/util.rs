//! Helpers shared by the probes: finding lines in files and citing them, citing the tree,
//! tags and API reads, and wording numbers for summaries. No I/O.

use regex::Regex;

use crate::evidence::{Evidence, FileSnapshot, TagCensus, Unavailable};
use crate::model::{Citation, CitationKind, TagCounts};

/// Compiles a constant pattern of this crate. Every pattern is a literal exercised by the
/// probes' tests, so a failure here is a programming error, not bad input.
#[allow(clippy::expect_used)]
pub(crate) fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant regex pattern")
}

/// A line of a file: 1-based number and its text (without the newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub number: u32,
    pub text: &'a str,
}

/// The 1-based line number of byte offset `at` in `text`.
pub(crate) fn line_of_offset(text: &str, at: usize) -> u32 {
    let at = at.min(text.len());
    let n = text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    u32::try_from(n + 1).unwrap_or(u32::MAX)
}

/// The text of line `number` (1-based), or "".
pub(crate) fn line_text(text: &str, number: u32) -> &str {
    text.lines()
        .nth(number.saturating_sub(1) as usize)
        .unwrap_or("")
}

/// A citation of one line of a file at the scanned commit, its trimmed text as excerpt.
pub(crate) fn cite_line(ev: &Evidence, path: &str, line: Line<'_>, supports: &[&str]) -> Citation {
    ev.cite_file(path, Some((line.number, line.number)))
        .excerpt(line.text.trim())
        .supports(supports)
}

/// The lines of the snapshot's files, split once per file, for citing many lines of the
/// same files in linear time.
pub(crate) struct LineIndex<'a> {
    snap: &'a FileSnapshot,
    cache: std::collections::HashMap<String, Vec<&'a str>>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(snap: &'a FileSnapshot) -> Self {
        LineIndex {
            snap,
            cache: std::collections::HashMap::new(),
        }
    }

    /// The text of line `loc.line` of `loc.path` ("" when not loaded).
    pub(crate) fn text(&mut self, loc: &crate::evidence::ci::Loc) -> &'a str {
        let snap = self.snap;
        let lines = self.cache.entry(loc.path.clone()).or_insert_with(|| {
            snap.text(&loc.path)
                .map(|(_, c)| c.text.lines().collect())
                .unwrap_or_default()
        });
        lines
            .get(loc.line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("")
    }

    /// A citation of that line, its trimmed text as excerpt.
    pub(crate) fn cite(
        &mut self,
        ev: &Evidence,
        loc: &crate::evidence::ci::Loc,
        supports: &[&str],
    ) -> Citation {
        let text = self.text(loc);
        ev.cite_file(&loc.path, Some((loc.line, loc.line)))
            .excerpt(text.trim())
            .supports(supports)
    }
}

impl LineIndex<'_> {
    /// A citation of the line at `at` and, when it was reached through a call, of the
    /// first line of the chain that runs it (the workflow step), both naming `supports`.
    pub(crate) fn cite_with_caller(
        &mut self,
        ev: &Evidence,
        at: &crate::evidence::ci::Loc,
        via: &[crate::evidence::ci::Loc],
        supports: &[&str],
    ) -> Vec<Citation> {
        let mut out = vec![self.cite(ev, at, supports)];
        if let Some(first) = via.first() {
            out.push(self.cite(ev, first, supports));
        }
        out
    }
}

pub(crate) use crate::model::workflow_label;

/// The fact a `supports` entry names: `workflows[ci.yml]` → `workflows`,
/// `pipeline.checksums` → `pipeline`.
pub(crate) fn fact_name(label: &str) -> &str {
    let end = label.find(['.', '[']).unwrap_or(label.len());
    &label[..end]
}

/// A citation of a whole file (its first line as excerpt, when loaded).
pub(crate) fn cite_whole_file(ev: &Evidence, path: &str, supports: &[&str]) -> Citation {
    let first = files(ev)
        .ok()
        .and_then(|f| f.text(path))
        .and_then(|(_, c)| {
            c.text.lines().find(|l| {
                let t = l.trim();
                !t.is_empty()
                    && !t
                        .chars()
                        .all(|ch| matches!(ch, '#' | '-' | '/' | '*' | '='))
            })
        })
        .map(str::trim);
    let c = ev.cite_file(path, None).supports(supports);
    match first {
        Some(t) => c.excerpt(t),
        None => c,
    }
}

/// A citation of the file listing at the scanned commit: what backs a fact that says a
/// file is absent (or lists which files exist).
pub(crate) fn cite_tree(ev: &Evidence, supports: &[&str]) -> Citation {
    let sha = files(ev)
        .ok()
        .map(|f| f.commit.clone())
        .filter(|c| !c.is_empty())
        .or_else(|| ev.repo.head_commit.clone())
        .unwrap_or_default();
    let mut c = ev.cite_commit(&sha);
    if let Some(gh) = &ev.repo.github {
        c.url = Some(format!("{}/tree/{}", gh.html_url(), sha));
    }
    c.excerpt("file listing of the tree at this commit")
        .supports(supports)
}

/// An API read, as a citation.
pub(crate) fn cite_api(ev: &Evidence, url: &str, supports: &[&str]) -> Citation {
    ev.cite_api(url).supports(supports)
}

/// The file snapshot, or why it could not be read.
pub(crate) fn files(ev: &Evidence) -> Result<&FileSnapshot, &Unavailable> {
    ev.files.as_ref()
}

/// "evidence X could not be read: <detail>".
pub(crate) fn why(what: &str, u: &Unavailable) -> String {
    let detail = u.detail.trim().trim_end_matches('.');
    if detail.is_empty() {
        format!("{what} could not be read ({})", u.reason.describe())
    } else {
        format!("{what} could not be read ({detail})")
    }
}

/// "1 file", "3 files".
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Whole percent of `part` in `whole`, rounded down (0 when `whole` is 0).
pub(crate) fn percent(part: u64, whole: u64) -> u64 {
    part.saturating_mul(100).checked_div(whole).unwrap_or(0)
}

/// The tag census as facts, with citations naming `supports`: the tag listing (API URL, or
/// the repository's tags page / local refs) and up to five signed tags.
pub(crate) fn tag_facts(
    ev: &Evidence,
    tags: &TagCensus,
    supports: &[&str],
) -> (TagCounts, Vec<Citation>) {
    let counts = TagCounts {
        total: tags.total,
        annotated: tags.annotated,
        signed: tags.signed,
        malformed_signatures: tags.malformed,
        in_repository: tags.in_repository,
    };
    let mut cites = Vec::new();
    match tags.source_url.as_deref() {
        Some(u) if u.starts_with("http") => cites.push(cite_api(ev, u, supports)),
        _ => {
            let c = match (&ev.repo.github, &ev.repo.head_commit) {
                (Some(gh), _) => ev.cite_url(&format!("{}/tags", gh.html_url())),
                (None, Some(sha)) => ev.cite_commit(sha),
                (None, None) => {
                    Citation::new(CitationKind::Commit, &ev.retrieved_at).path("refs/tags")
                }
            };
            cites.push(
                c.excerpt("tags read from the repository's refs/tags with git")
                    .supports(supports),
            );
        }
    }
    for name in tags.signed_names.iter().take(5) {
        let c = match &ev.repo.github {
            Some(gh) => ev.cite_url(&format!(
                "{}/releases/tag/{}",
                gh.html_url(),
                crate::evidence::encode_path(name)
            )),
            None => Citation::new(CitationKind::Commit, &ev.retrieved_at)
                .path(format!("refs/tags/{name}")),
        };
        cites.push(c.excerpt(&format!("signed tag {name}")).supports(supports));
    }
    (counts, cites)
}

/// "; 3 of 12 tags signed", or "; no tags", for summaries (with the malformed signatures).
pub(crate) fn tags_note(t: &TagCensus) -> String {
    let mut s = tags_count_note(t);
    if t.malformed > 0 {
        s.push_str(&format!(
            " ({} with a malformed signature, not counted)",
            t.malformed
        ));
    }
    s
}

fn tags_count_note(t: &TagCensus) -> String {
    if t.total == 0 {
        "; no tags".into()
    } else if let Some(all) = t.in_repository {
        format!(
            "; {} of the {} newest tags signed ({all} in the repository)",
            t.signed, t.total
        )
    } else {
        format!(
            "; {} of {} signed",
            t.signed,
            plural(t.total, "tag", "tags")
        )
    }
}

/// RFC 3339 (UTC, seconds) of a Unix time.
pub(crate) fn rfc3339(secs: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Sorts and removes duplicates.
pub(crate) fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// The line (1-based) and text of the `approvers:` or `reviewers:` key that makes an
/// OWNERS file Prow's; none for another shape (a `maintainers:` roster, `labels:` only).
pub(crate) fn prow_owners_line(text: &str) -> Option<(u32, &str)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start();
        (t.starts_with("approvers:") || t.starts_with("reviewers:"))
            .then(|| (u32::try_from(i + 1).unwrap_or(u32::MAX), l.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::TagCensus;

    #[test]
    fn tags_note_says_when_only_the_newest_tags_were_examined() {
        let mut t = TagCensus {
            total: 100,
            signed: 7,
            ..Default::default()
        };
        assert_eq!(tags_note(&t), "; 7 of 100 tags signed");
        t.in_repository = Some(340);
        assert_eq!(
            tags_note(&t),
            "; 7 of the 100 newest tags signed (340 in the repository)"
        );
    }

    #[test]
    fn line_numbers() {
        let text = "a: 1\n# cosign sign\n  run: cosign sign x\n";
        assert_eq!(line_of_offset(text, 0), 1);
        assert_eq!(line_of_offset(text, 5), 2);
        assert_eq!(line_text(text, 3), "  run: cosign sign x");
        assert_eq!(fact_name("workflows[a.yml]"), "workflows");
        assert_eq!(fact_name("pipeline.checksums"), "pipeline");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(plural(1, "file", "files"), "1 file");
        assert_eq!(plural(2, "file", "files"), "2 files");
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(1, 0), 0);
        assert_eq!(rfc3339(0).as_deref(), Some("1970-01-01T00:00:00Z"));
    }
}
