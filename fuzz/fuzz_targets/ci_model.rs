//! The CI model builder over workflows, a composite action, a reusable workflow, a script,
//! a Makefile and other CI systems' files: every command and action use it records stands
//! on an existing line of a file of the snapshot, the chains it follows are bounded, the
//! model is the same when built twice, and the CI probes' judgements keep their invariants.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::ci;
use tssa_probe::model::ProbeId;
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    ".github/workflows/ci.yml",
    ".github/workflows/w.yml",
    ".github/actions/x/action.yml",
    "hack/x.sh",
    "Makefile",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    ".goreleaser.yml",
];

fuzz_target!(|data: &[u8]| {
    let owned = common::files(data, PATHS);
    let files = common::borrowed(&owned);
    let texts: BTreeMap<&str, &str> = files.iter().copied().collect();
    let snap = fuzzing::snapshot(&files);
    let m = ci::build(&snap);
    assert!(m.commands.len() + m.actions.len() <= ci::MAX_COMMANDS + 1);
    let check = |at: &ci::Loc, what: &str| {
        let t = texts
            .get(at.path.as_str())
            .unwrap_or_else(|| panic!("{what} in a file not in the snapshot: {at:?}"));
        let n = fuzzing::line_count(t);
        assert!(
            at.line >= 1 && at.line <= n,
            "{what} at {}:{} of {n}",
            at.path,
            at.line
        );
    };
    for c in &m.commands {
        check(&c.at, "command");
        c.via.iter().for_each(|l| check(l, "command chain"));
        assert!(c.via.len() <= ci::MAX_FOLLOW_DEPTH + 4, "{c:?}");
        assert!(
            !m.root_path(c.root).is_empty(),
            "command without a root: {c:?}"
        );
    }
    for a in &m.actions {
        check(&a.at, "action use");
        a.via.iter().for_each(|l| check(l, "action chain"));
        assert!(a.via.len() <= ci::MAX_FOLLOW_DEPTH + 4, "{a:?}");
        let n = fuzzing::line_count(texts.get(a.at.path.as_str()).copied().unwrap_or(""));
        for (k, _, l) in &a.with {
            assert!(*l >= 1 && *l <= n, "input {k} at line {l} of {n}");
        }
    }
    for w in &m.workflows {
        let t = texts
            .get(w.path.as_str())
            .expect("a workflow of the snapshot");
        let n = fuzzing::line_count(t);
        for tr in &w.triggers {
            assert!(tr.line >= 1 && tr.line <= n, "trigger {tr:?} of {n}");
        }
    }
    assert_eq!(m, ci::build(&snap), "the CI model is not deterministic");
    common::judge_ok(ProbeId::CiChecks, &files);
    common::judge_ok(ProbeId::ReleaseIntegrity, &files);
});
