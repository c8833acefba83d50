//! What a change log's text says about itself: its newest entry (the first heading that
//! names a version, with the date it gives) and a note that the change log has moved
//! ("Changelogs have moved to the CHANGELOG/ directory"). Bounded: the first
//! [`MAX_LINES`] lines, excerpts of at most [`MAX_EXCERPT`] characters.

use std::sync::LazyLock;

use regex::Regex;

/// Lines read from the top of a change log.
pub const MAX_LINES: usize = 2_000;
/// Lines read for a note that the change log has moved.
pub const NOTE_LINES: usize = 30;
/// Longest excerpt kept (characters).
pub const MAX_EXCERPT: usize = 200;

/// The newest entry of a change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line of the heading.
    pub line: u32,
    /// The version the heading names (`v1.8.0`, `0.4.2`), as written.
    pub version: String,
    /// The date the heading gives (`2019-05-21`), if any.
    pub date: Option<String>,
}

/// A line near the top saying the change log moved or is no longer kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: u32,
    pub text: String,
}

#[allow(clippy::expect_used)] // constant patterns, checked by the tests
fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid pattern")
}

static VERSION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\w.])(v?\d{1,6}\.\d{1,6}(?:\.\d{1,6})?(?:-[0-9A-Za-z.]{1,32})?)"));
static DATE: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{4}-\d{2}-\d{2})\b"));
static MOVED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:have|has) (?:been )?moved|moved to|no longer (?:maintained|updated|kept)|can now be found|are now (?:kept|published|maintained|recorded))\b",
    )
});

/// The lines of the top of `text`, numbered from 1.
fn top(text: &str, n: usize) -> impl Iterator<Item = (u32, &str)> {
    text.lines()
        .take(n)
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l))
}

/// A setext underline (`====`, `----`).
fn underline(l: &str) -> bool {
    let t = l.trim();
    t.len() >= 3 && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

/// The first heading (ATX `#`, or a setext heading) that names a version.
pub fn newest_entry(text: &str) -> Option<Entry> {
    let lines: Vec<(u32, &str)> = top(text, MAX_LINES).collect();
    for (i, (n, l)) in lines.iter().enumerate() {
        let t = l.trim();
        let atx = t.starts_with('#');
        let setext =
            !t.is_empty() && !underline(t) && lines.get(i + 1).is_some_and(|(_, u)| underline(u));
        if !atx && !setext {
            continue;
        }
        // Headings of dates alone or of links only are read for their version too.
        let Some(v) = VERSION.captures(t).and_then(|c| c.get(1)) else {
            continue;
        };
        return Some(Entry {
            line: *n,
            version: v.as_str().to_string(),
            date: DATE
                .captures(t)
                .and_then(|c| c.get(1))
                .map(|d| d.as_str().to_string()),
        });
    }
    None
}

/// A note near the top that the change log moved or is no longer kept.
pub fn moved_note(text: &str) -> Option<Note> {
    top(text, NOTE_LINES)
        .find(|(_, l)| MOVED.is_match(l))
        .map(|(n, l)| Note {
            line: n,
            text: l
                .trim()
                .trim_start_matches(['#', '>', '*', '-', ' '])
                .chars()
                .take(MAX_EXCERPT)
                .collect(),
        })
}

/// The numbers of a version or tag name (`v1.8.0` → [1, 8, 0], `release-2.3` → [2, 3, 0]);
/// `None` when it has none.
pub fn version_numbers(s: &str) -> Option<[u64; 3]> {
    let c = VERSION.captures(s)?;
    let v = c.get(1)?.as_str().trim_start_matches('v');
    let core = v.split('-').next().unwrap_or(v);
    let mut out = [0u64; 3];
    for (i, p) in core.split('.').take(3).enumerate() {
        out[i] = p.parse().ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn newest_entry_is_the_first_versioned_heading() {
        let md = "# Changelog\n\nAll notable changes.\n\n## Unreleased\n\n## [v1.8.0](https://x/compare/v1.7.0...v1.8.0) (2019-05-21)\n\n- fix\n\n## v1.7.0\n";
        let e = newest_entry(md).unwrap();
        assert_eq!(e.line, 7);
        assert_eq!(e.version, "v1.8.0");
        assert_eq!(e.date.as_deref(), Some("2019-05-21"));
        // Setext headings; a version in the body is not an entry.
        let rst = "Changes\n=======\n\nSee 2.0.1 notes below.\n\n0.4.2\n-----\n\n* x\n";
        let e = newest_entry(rst).unwrap();
        assert_eq!((e.line, e.version.as_str(), e.date), (6, "0.4.2", None));
        assert!(newest_entry("# Changelog\n\nNothing yet.\n").is_none());
    }

    #[test]
    fn moved_note_near_the_top() {
        let md = "# Changelog\n\nChangelogs have moved to the [CHANGELOG](CHANGELOG/) directory.\n";
        let n = moved_note(md).unwrap();
        assert_eq!(n.line, 3);
        assert!(n.text.starts_with("Changelogs have moved"), "{}", n.text);
        assert!(moved_note("# Changelog\n\n## v1.0.0\n- moved the button\n").is_none());
    }

    #[test]
    fn versions_compare_by_numbers() {
        assert_eq!(version_numbers("v1.8.0"), Some([1, 8, 0]));
        assert_eq!(version_numbers("release-2.3"), Some([2, 3, 0]));
        assert_eq!(version_numbers("v2.14.0-rc.1"), Some([2, 14, 0]));
        assert_eq!(version_numbers("latest"), None);
        assert!(version_numbers("v0.4.2") < version_numbers("v1.16.0"));
    }

    proptest! {
        /// Any text: the entry and the note are on a line of the text, within the bounds,
        /// and the version is in that line.
        #[test]
        fn entries_are_on_their_line(text in "(?s)[#=\\-v0-9. a-zA-Z\\n]{0,400}") {
            let lines: Vec<&str> = text.lines().collect();
            if let Some(e) = newest_entry(&text) {
                prop_assert!(e.line >= 1 && (e.line as usize) <= lines.len().min(MAX_LINES));
                prop_assert!(lines[e.line as usize - 1].contains(&e.version));
            }
            if let Some(n) = moved_note(&text) {
                prop_assert!(n.line >= 1 && (n.line as usize) <= NOTE_LINES);
                prop_assert!(n.text.chars().count() <= MAX_EXCERPT);
            }
            let _ = version_numbers(&text);
        }
    }
}
