//! GoReleaser configurations (with a golangci-lint file beside them): every key recorded stands on a
//! line of its file, the result is deterministic, and the release-integrity and ci-checks
//! judgements keep their invariants.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::ci;
use tssa_probe::model::ProbeId;
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    ".goreleaser.yaml",
    ".golangci.yml",
    ".github/workflows/release.yml",
];

fuzz_target!(|data: &[u8]| {
    let owned = common::files(data, PATHS);
    let files = common::borrowed(&owned);
    let texts: BTreeMap<&str, &str> = files.iter().copied().collect();
    let snap = fuzzing::snapshot(&files);
    let m = ci::build(&snap);
    for g in &m.goreleaser {
        let t = texts
            .get(g.path.as_str())
            .expect("a GoReleaser file of the snapshot");
        let n = fuzzing::line_count(t);
        assert!(
            g.first_line >= 1 && g.first_line <= n,
            "first line {} of {n}",
            g.first_line
        );
        for (k, l) in &g.keys {
            assert!(*l >= 1 && *l <= n, "key {k} at {l} of {n}");
        }
        if g.error.is_some() {
            assert!(g.keys.is_empty() && !g.checksum_disabled, "{g:?}");
        }
    }
    assert_eq!(m, ci::build(&snap), "the CI model is not deterministic");
    common::judge_ok(ProbeId::ReleaseIntegrity, &files);
    common::judge_ok(ProbeId::CiChecks, &files);
});
