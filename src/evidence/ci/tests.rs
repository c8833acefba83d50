#![allow(clippy::unwrap_used)]

use super::*;
use crate::evidence::files::{EntryKind, FileContent, FileEntry};

pub(super) fn snap(files: &[(&str, &str)]) -> FileSnapshot {
    let mut s = FileSnapshot {
        commit: "0".repeat(40),
        ..Default::default()
    };
    for (p, c) in files {
        s.entries.insert(
            (*p).to_string(),
            FileEntry {
                size: c.len() as u64,
                kind: EntryKind::File,
                content: Some(std::sync::Arc::new(FileContent {
                    text: (*c).to_string(),
                    truncated: false,
                })),
            },
        );
    }
    s
}

fn find<'m>(m: &'m CiModel, needle: &str) -> &'m Command {
    m.commands
        .iter()
        .find(|c| c.text.contains(needle))
        .unwrap_or_else(|| panic!("no command with {needle:?}: {:#?}", m.commands))
}

fn loc(path: &str, line: u32) -> Loc {
    Loc::new(path, line)
}

#[test]
fn triggers_are_at_their_lines() {
    let m = build(&snap(&[(
        ".github/workflows/release.yml",
        "name: Release\non:\n  push:\n    tags: ['v*']\n  workflow_dispatch:\njobs: {}\n",
    )]));
    let w = &m.workflows[0];
    assert_eq!(w.name.as_deref(), Some("Release"));
    assert_eq!(w.triggers.len(), 2);
    assert_eq!(
        (
            w.triggers[0].event.as_str(),
            w.triggers[0].line,
            w.triggers[0].tags
        ),
        ("push", 3, true)
    );
    assert_eq!(
        (w.triggers[1].event.as_str(), w.triggers[1].line),
        ("workflow_dispatch", 5)
    );
    let m = build(&snap(&[(
        ".github/workflows/ci.yml",
        "on: [push, pull_request]\n",
    )]));
    assert_eq!(m.workflows[0].triggers[1].event, "pull_request");
    assert_eq!(m.workflows[0].triggers[1].line, 1);
}

#[test]
fn run_lines_are_cited_at_their_own_line() {
    let wf = "on: push\njobs:\n  t:\n    steps:\n      - run: go vet ./...\n      - run: |\n          echo \"== tests\"\n          go build ./...\n\n          go test \\\n            -race ./...\n      - run: >\n          cargo test\n          --all\n";
    let m = build(&snap(&[(".github/workflows/ci.yml", wf)]));
    let p = ".github/workflows/ci.yml";
    assert_eq!(find(&m, "go vet").at, loc(p, 5));
    assert_eq!(find(&m, "go build").at, loc(p, 8));
    assert_eq!(find(&m, "go test").at, loc(p, 10));
    assert_eq!(find(&m, "go test").text, "go test -race ./...");
    assert_eq!(find(&m, "cargo test").at, loc(p, 13));
    assert!(!m.commands.iter().any(|c| c.text.contains("echo")));
    assert!(
        m.commands
            .iter()
            .all(|c| c.via.is_empty() && c.root == Root::Workflow(0))
    );
}

/// The shape of sigstore-style composite actions: `.github/actions/sign/action.yml` runs
/// `cosign sign`, and the release workflow uses it.
#[test]
fn composite_actions_are_followed() {
    let m = build(&snap(&[
        (
            ".github/workflows/release.yml",
            "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/sign\n        with:\n          image: x\n",
        ),
        (
            ".github/actions/sign/action.yml",
            "name: sign\nruns:\n  using: composite\n  steps:\n    - uses: sigstore/cosign-installer@v3\n    - shell: bash\n      run: |\n        cosign sign --yes \"$IMAGE\"\n",
        ),
    ]));
    let c = find(&m, "cosign sign");
    assert_eq!(c.at, loc(".github/actions/sign/action.yml", 8));
    assert_eq!(c.via, vec![loc(".github/workflows/release.yml", 8)]);
    assert_eq!(c.root, Root::Workflow(0));
    let inst = m
        .actions
        .iter()
        .find(|a| a.uses.starts_with("sigstore/"))
        .unwrap();
    assert_eq!(inst.at, loc(".github/actions/sign/action.yml", 5));
    let own = m
        .actions
        .iter()
        .find(|a| a.uses == "./.github/actions/sign")
        .unwrap();
    assert_eq!(own.input("image"), Some(("x", 10)));
}

/// The shape of helm's and containerd's releases: a tag workflow runs a script that
/// writes the checksums, and `make` targets that run more.
#[test]
fn scripts_and_make_targets_are_followed_with_their_chain() {
    let m = build(&snap(&[
        (
            ".github/workflows/release.yml",
            "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - run: ./hack/release.sh\n      - run: make -C build dist\n",
        ),
        (
            "hack/release.sh",
            "#!/usr/bin/env bash\nset -e\nbash scripts/sums.sh\n",
        ),
        ("scripts/sums.sh", "cd dist\nshasum -a 256 * > SHA256SUMS\n"),
        (
            "build/Makefile",
            "VERSION ?= 1\n\ndist: build sign\n\t@echo dist\n\ttar czf x.tgz bin\n\nbuild:\n\tgo build ./...\n\nsign:\n\t$(MAKE) cosign\n\ncosign:\n\tcosign sign-blob --yes x.tgz\n",
        ),
    ]));
    let w = loc(".github/workflows/release.yml", 7);
    let s = find(&m, "shasum");
    assert_eq!(s.at, loc("scripts/sums.sh", 2));
    assert_eq!(s.via, vec![w.clone(), loc("hack/release.sh", 3)]);
    let t = find(&m, "tar czf");
    assert_eq!(t.at, loc("build/Makefile", 5));
    assert_eq!(t.via[0], loc(".github/workflows/release.yml", 8));
    assert_eq!(find(&m, "go build").at, loc("build/Makefile", 8));
    let c = find(&m, "cosign sign-blob");
    assert_eq!(c.at, loc("build/Makefile", 14));
    assert!(c.via.len() >= 2, "{:?}", c.via);
}

#[test]
fn reusable_workflows_are_walked_from_their_callers_only() {
    let m = build(&snap(&[
        (
            ".github/workflows/release.yml",
            "on:\n  push:\n    tags: ['v*']\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n  prov:\n    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.0.0\n    with:\n      base64-subjects: x\n",
        ),
        (
            ".github/workflows/build.yml",
            "on: workflow_call\njobs:\n  b:\n    steps:\n      - run: goreleaser release --clean\n",
        ),
    ]));
    let g: Vec<&Command> = m
        .commands
        .iter()
        .filter(|c| c.text.contains("goreleaser"))
        .collect();
    assert_eq!(g.len(), 1, "walked once, from the caller: {g:?}");
    assert_eq!(g[0].at, loc(".github/workflows/build.yml", 5));
    assert_eq!(g[0].via, vec![loc(".github/workflows/release.yml", 6)]);
    assert_eq!(g[0].root, Root::Workflow(1));
    let slsa = m
        .actions
        .iter()
        .find(|a| a.uses.starts_with("slsa-framework"))
        .unwrap();
    assert_eq!(slsa.at.line, 8);
    assert!(m.workflows[0].callable_only());
}

#[test]
fn variables_and_vendored_trees() {
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            "on: pull_request\nenv:\n  CARGO: cargo\njobs:\n  t:\n    steps:\n      - run: ${{ env.CARGO }} test --locked\n",
        ),
        ("vendor/github.com/x/y/.goreleaser.yml", "signs: []\n"),
        ("vendor/github.com/x/y/.travis.yml", "script: go test\n"),
    ]));
    assert_eq!(find(&m, "cargo test").text, "cargo test --locked");
    assert!(m.goreleaser.is_empty());
    assert_eq!(m.systems.len(), 1);
}

#[test]
fn other_ci() {
    let m = build(&snap(&[
        (
            ".cirrus.yml",
            "task:\n  only_if: $CIRRUS_TAG != ''\n  script: ./ci/test.sh\n",
        ),
        ("ci/test.sh", "go test ./...\n"),
    ]));
    assert_eq!(m.systems[0].id, "cirrus_ci");
    assert_eq!(m.others[0].tag_context, Some(2));
    let t = find(&m, "go test");
    assert_eq!(t.at, loc("ci/test.sh", 1));
    assert_eq!(t.via, vec![loc(".cirrus.yml", 3)]);
}

#[test]
fn hostile_configuration_is_bounded() {
    // A script that runs itself, and a Makefile target that depends on itself.
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  a:\n    steps:\n      - run: ./loop.sh\n      - run: make a\n      - uses: ./.github/actions/x\n",
        ),
        ("loop.sh", "./loop.sh\n"),
        ("Makefile", "a: a\n\t$(MAKE) a\n"),
        (
            ".github/actions/x/action.yml",
            "runs:\n  using: composite\n  steps:\n    - uses: ./.github/actions/x\n",
        ),
    ]));
    assert!(m.commands.len() < 20, "{:#?}", m.commands);
    // Nesting beyond the limit is an error on the workflow, not a hang.
    let deep = format!(
        "on: push\njobs: {}{}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let m = build(&snap(&[(".github/workflows/deep.yml", deep.as_str())]));
    assert!(
        m.workflows[0]
            .error
            .as_deref()
            .unwrap()
            .contains("deeper than"),
        "{:?}",
        m.workflows[0].error
    );
    // Many commands: capped, and said.
    let many = format!(
        "on: push\njobs:\n  a:\n    steps:\n      - run: |\n{}",
        "          go test ./...\n".repeat(MAX_COMMANDS + 10)
    );
    let m = build(&snap(&[(".github/workflows/many.yml", many.as_str())]));
    assert_eq!(m.commands.len() + m.labels.len(), MAX_COMMANDS);
    assert!(
        m.notes.iter().any(|n| n.contains("only the first")),
        "{:?}",
        m.notes
    );
}
