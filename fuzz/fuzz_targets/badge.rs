//! Badge links in READMEs: every link found is on the line it names, in a root README of
//! the snapshot, once per project, with a bounded excerpt taken from that line; at most
//! the kept number; deterministic.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::badge;
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    "README.md",
    "README.rst",
    "README.zh-CN.md",
    "docs/README.md",
];

fuzz_target!(|data: &[u8]| {
    let owned = common::files(data, PATHS);
    let files = common::borrowed(&owned);
    let snap = fuzzing::snapshot(&files);
    let found = badge::readme_badges(&snap);
    assert!(
        found.len() <= badge::MAX_KEPT_README_IDS,
        "{} links kept",
        found.len()
    );
    let mut ids = HashSet::new();
    for b in &found {
        assert!(ids.insert(b.project_id), "project {} twice", b.project_id);
        assert!(!b.path.contains('/'), "a README below the root: {}", b.path);
        let text = files
            .iter()
            .find(|(p, _)| *p == b.path)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("{} is not in the snapshot", b.path));
        let n = fuzzing::line_count(text);
        assert!(b.line >= 1 && b.line <= n, "line {} of {n}", b.line);
        let line = text.split('\n').nth(b.line as usize - 1).unwrap_or("");
        let lower = line.to_ascii_lowercase();
        assert!(
            lower.contains("bestpractices.") && line.contains(&b.project_id.to_string()),
            "project {} is not on line {}: {line:?}",
            b.project_id,
            b.line
        );
        assert!(
            b.excerpt.chars().count() <= fuzzing::EXCERPT_MAX_CHARS,
            "{:?}",
            b.excerpt
        );
        assert!(
            line.contains(b.excerpt.as_str()),
            "excerpt not from the line: {:?}",
            b.excerpt
        );
    }
    assert_eq!(found, badge::readme_badges(&snap), "not deterministic");
});
