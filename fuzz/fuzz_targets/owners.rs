//! CODEOWNERS and Prow OWNERS / OWNERS_ALIASES files, present or not (the first byte picks
//! which paths exist): the code-review judgement keeps its invariants, lists only OWNERS
//! files of the snapshot, never a vendored one, shallowest first, and is deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::model::{ProbeFacts, ProbeId};
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    ".github/CODEOWNERS",
    "OWNERS",
    "pkg/OWNERS",
    "OWNERS_ALIASES",
    "CODEOWNERS",
    "vendor/x/OWNERS",
    "a/b/c/OWNERS",
    ".gitreview",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mask, rest)) = data.split_first() else {
        return;
    };
    let owned = common::files(rest, PATHS);
    let files: Vec<(&str, &str)> = common::borrowed(&owned)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, f)| f)
        .collect();
    common::judge_ok(ProbeId::CodeReview, &files);
    let Some(j) = fuzzing::judge(ProbeId::CodeReview, &files) else {
        return;
    };
    let ProbeFacts::CodeReview(f) = &j.facts else {
        panic!("code-review judged something else: {:?}", j.facts);
    };
    if let Some(p) = &f.codeowners_path {
        assert!(
            files.iter().any(|(q, _)| q == p),
            "CODEOWNERS {p} not in the snapshot"
        );
    }
    // The owners of every path come from a file whose one rule is `*`.
    if let Some(o) = &f.codeowners_owners_of_all {
        assert_eq!(f.codeowners_rules, Some(1), "{o:?}");
        assert!(f.codeowners_path.is_some());
    }
    if let Some(owners) = &f.owners_files {
        for p in owners {
            assert!(
                files.iter().any(|(q, _)| q == p),
                "OWNERS {p} not in the snapshot"
            );
            assert!(
                !p.starts_with("vendor/"),
                "a vendored OWNERS file counts: {p}"
            );
            let (_, text) = files
                .iter()
                .find(|(q, _)| q == p)
                .copied()
                .unwrap_or_default();
            assert!(
                text.contains("approvers:") || text.contains("reviewers:"),
                "{p} has no approvers or reviewers"
            );
        }
        let depth: Vec<usize> = owners.iter().map(|p| p.matches('/').count()).collect();
        assert!(
            depth.windows(2).all(|w| w[0] <= w[1]),
            "not shallowest first: {owners:?}"
        );
        if let Some(total) = f.owners_files_total {
            assert!(owners.len() as u64 <= total, "{owners:?} of {total}");
        }
    }
});
