//! The tool catalogue's engine over the configuration it parses (golangci-lint, pre-commit,
//! ruff, Dependabot), workflows and fuzz-test sources: every occurrence stands on an
//! existing line of a file of the snapshot (or names a whole file that exists), its chain
//! too, switches run only through a run of their host, the result is bounded and the same
//! when recognised twice; ci-checks keeps its invariants.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::tools::{self, How};
use tssa_probe::evidence::{ci, tools::dependabot};
use tssa_probe::model::ProbeId;
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    ".golangci.yml",
    ".pre-commit-config.yaml",
    "pyproject.toml",
    ".github/workflows/ci.yml",
    ".github/dependabot.yml",
    "src/.golangci.toml",
    "pkg/fuzz_test.go",
    "Makefile",
];

fuzz_target!(|data: &[u8]| {
    let owned = common::files(data, PATHS);
    let files = common::borrowed(&owned);
    let texts: BTreeMap<&str, &str> = files.iter().copied().collect();
    let snap = fuzzing::snapshot(&files);
    let m = ci::build(&snap);
    let r = tools::recognise(&snap, &m);
    let check = |at: &ci::Loc, what: &str| {
        let t = texts
            .get(at.path.as_str())
            .unwrap_or_else(|| panic!("{what} in a file not in the snapshot: {at:?}"));
        let n = fuzzing::line_count(t);
        assert!(at.line >= 1 && at.line <= n, "{what} at {}:{} of {n}", at.path, at.line);
    };
    for o in &r.occurrences {
        if o.whole_file {
            assert!(
                texts.keys().any(|p| p.starts_with(o.at.path.as_str())),
                "{o:?}"
            );
        } else {
            check(&o.at, o.id());
        }
        o.via.iter().for_each(|l| check(l, "chain"));
        if o.how == How::Switch && o.runs {
            assert!(!o.via.is_empty(), "a switch run without its host's run: {o:?}");
        }
    }
    assert!(r.occurrences.len() <= tools::catalogue::catalogue().tools.len() * 17 * tools::MAX_PER_TOOL);
    assert_eq!(r, tools::recognise(&snap, &m), "not deterministic");
    if let Some(t) = texts.get(".github/dependabot.yml") {
        if let Ok(u) = dependabot::updates(t) {
            let n = fuzzing::line_count(t);
            assert!(u.len() <= dependabot::MAX_UPDATES);
            assert!(u.iter().all(|x| x.line >= 1 && x.line <= n), "{u:?}");
        }
    }
    common::judge_ok(ProbeId::CiChecks, &files);
});
