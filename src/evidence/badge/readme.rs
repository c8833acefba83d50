//! Badge links in the README: which project ids it links, skipping example text.

#[allow(unused_imports)]
use super::*;

// --------------------------------------------------------------------- README links

/// Distinct README badge ids kept, at most. Only the first [`MAX_README_IDS`] are asked
/// about; the scan of the README files stops once this many ids were found, so a README of
/// thousands of badge links costs no more than one with a few.
pub const MAX_KEPT_README_IDS: usize = 20;

/// Badge links in the README(s) at the root of the tree: `bestpractices.dev/projects/N`
/// and the old `bestpractices.coreinfrastructure.org` host, with or without a locale prefix
/// (`/en/`, `/zh-CN/`, `/pt-BR/`). Each id once, in file then line order, at most
/// [`MAX_KEPT_README_IDS`] ids.
///
/// In a Markdown README, a link inside a fenced or indented code block or an inline code
/// span is example text (a tool's sample output, a snippet showing how to add a badge), not
/// the project's badge, and is skipped; links in HTML (`<a href>`, `<img src>`), Markdown
/// links and images, reference definitions and bare URLs count. Linear in the README size.
pub fn readme_badges(files: &FileSnapshot) -> Vec<ReadmeBadge> {
    let re = match regex::Regex::new(
        r"(?im)(?:^|[^a-z0-9.\-])(?:www\.)?bestpractices\.(?:dev|coreinfrastructure\.org)/(?:[a-z]{2,3}(?:[-_][a-z0-9]{2,4})?/)?projects/([1-9][0-9]{0,8})(?:[^0-9]|$)",
    ) {
        Ok(re) => re,
        Err(_) => return Vec::new(),
    };
    let mut out: Vec<ReadmeBadge> = Vec::new();
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut paths: Vec<&str> = files
        .find(|p| !p.contains('/') && p.starts_with("readme"))
        .collect();
    // README.md before README.zh-CN.md and friends.
    paths.sort_by_key(|p| (p.matches('.').count(), p.to_ascii_lowercase()));
    let mut scanned: std::collections::HashSet<*const crate::evidence::FileContent> =
        std::collections::HashSet::new();
    for path in paths {
        if out.len() >= MAX_KEPT_README_IDS {
            break;
        }
        let Some((_, content)) = files.text(path) else {
            continue;
        };
        // Paths naming the same blob share one content: each distinct content is read once.
        let ptr: *const crate::evidence::FileContent = content;
        if !scanned.insert(ptr) {
            continue;
        }
        let text = content.text.as_str();
        let code = if is_markdown(path) {
            markdown_code_ranges(text)
        } else {
            Vec::new()
        };
        let mut code = code.iter().peekable();
        let mut lines = LineCursor::new(text);
        for cap in re.captures_iter(text) {
            let Some(m) = cap.get(1) else {
                continue;
            };
            // Inside a code block or span? Both the ranges and the matches come in order.
            while code.peek().is_some_and(|r| r.end <= m.start()) {
                code.next();
            }
            if code.peek().is_some_and(|r| r.start <= m.start()) {
                continue;
            }
            let Ok(id) = m.as_str().parse::<u64>() else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            let at = cap.get(0).map_or(m.start(), |m0| m0.start());
            // The prefix character may be the newline before the link's line.
            let at = if text.as_bytes().get(at) == Some(&b'\n') {
                at + 1
            } else {
                at
            };
            let (number, line_start, line) = lines.line_at(at);
            out.push(ReadmeBadge {
                project_id: id,
                path: path.to_string(),
                line: number,
                excerpt: excerpt_around(line, at - line_start),
            });
            if out.len() >= MAX_KEPT_README_IDS {
                break;
            }
        }
    }
    out
}

/// A README that GitHub renders as Markdown.
pub(super) fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Byte ranges of the code blocks (fenced and indented) and inline code spans of a Markdown
/// text, in order and not overlapping.
pub(super) fn markdown_code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        if matches!(ev, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
            match out.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => out.push(range),
            }
        }
    }
    out
}

/// The lines of a text, walked forward to byte offsets that only grow: linear overall.
pub(super) struct LineCursor<'a> {
    text: &'a str,
    /// 1-based number, start and end (exclusive, before the newline) of the current line.
    number: u32,
    start: usize,
    end: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        let end = text.find('\n').unwrap_or(text.len());
        LineCursor {
            text,
            number: 1,
            start: 0,
            end,
        }
    }

    /// Number, start offset and text (without `\r\n`) of the line holding byte `at`, which
    /// is never before the previous call's.
    fn line_at(&mut self, at: usize) -> (u32, usize, &'a str) {
        while at > self.end && self.end < self.text.len() {
            self.start = self.end + 1;
            self.end = self.text[self.start..]
                .find('\n')
                .map_or(self.text.len(), |i| self.start + i);
            self.number = self.number.saturating_add(1);
        }
        let line = &self.text[self.start..self.end];
        (
            self.number,
            self.start,
            line.strip_suffix('\r').unwrap_or(line),
        )
    }
}

/// Up to 200 characters of `line`, starting a little before `at` when the line is long
/// (badge lines in HTML READMEs often run past 200 characters before the link). Reads at
/// most a few hundred characters whatever the line's length.
pub(super) fn excerpt_around(line: &str, at: usize) -> String {
    if line.chars().take(EXCERPT_CHARS + 1).count() <= EXCERPT_CHARS {
        return line.to_string();
    }
    let at = at.min(line.len());
    let at = (0..=at)
        .rev()
        .find(|i| line.is_char_boundary(*i))
        .unwrap_or(0);
    let start = line[..at]
        .char_indices()
        .rev()
        .take(40)
        .last()
        .map_or(at, |(i, _)| i);
    line[start..].chars().take(EXCERPT_CHARS).collect()
}
