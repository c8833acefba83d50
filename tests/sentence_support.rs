//! Every sentence of the self-assessment, for fixture repositories shaped like real ones,
//! cites lines that show what it says: the cited line range of each file citation, read
//! back from the fixture, contains the evidence of the sentence's claim (a pull request
//! trigger, a test command, a signing step...). A footnote that does not support its
//! sentence fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use regex::Regex;
use tssa_probe::assess;
use tssa_probe::evidence::{
    EntryKind, Evidence, FileContent, FileEntry, FileSnapshot, GithubRepo, RepoIdentity,
    Unavailable,
};
use tssa_probe::model::{Answer, CitationKind, Reason, SelfAssessment};
use tssa_probe::render::markdown::{sentences, text};

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

fn evidence(files: &[(&str, &str)]) -> Evidence {
    let repo = RepoIdentity {
        input: "o/r".into(),
        local_path: Some("/tmp/r".into()),
        github: Some(GithubRepo {
            owner: "o".into(),
            name: "r".into(),
        }),
        default_branch: Some("main".into()),
        head_commit: Some(SHA.into()),
    };
    let mut ev = Evidence::empty(
        repo,
        "2026-01-01T00:00:00Z".into(),
        Unavailable::new(Reason::Offline, "the scan ran with --offline"),
    );
    let mut entries = BTreeMap::new();
    for (p, c) in files {
        entries.insert(
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
    ev.files = Ok(FileSnapshot {
        commit: SHA.into(),
        entries,
        ..Default::default()
    });
    ev
}

fn assess(files: &[(&str, &str)]) -> (SelfAssessment, BTreeMap<String, String>) {
    let ev = Arc::new(evidence(files));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let results = rt.block_on(tssa_probe::scan::judge(&ev, &[]));
    let sa = assess::build(&results, &ev);
    let texts = files
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect();
    (sa, texts)
}

/// What the cited lines of a sentence must show, by what the sentence says.
fn claims() -> Vec<(Regex, Regex)> {
    let r = |s: &str| Regex::new(s).unwrap();
    vec![
        (
            // "0 of 3 … run on pull requests" states an absence: its footnotes are the files.
            r(r"^(\d*[1-9]\d*|\d{2,}) of .*(run|runs) on pull requests|^CI is triggered"),
            r(r"pull_request|merge_group|presubmits"),
        ),
        (
            r(r"run tests|runs tests"),
            r(r"test|check|\.sh|make |run:|ci\b"),
        ),
        (
            r(r"writes checksum files"),
            r(
                r"sha256sum|shasum|sha512sum|checksum|goreleaser|\.goreleaser|version:|project_name|builds:",
            ),
        ),
        (
            r(r"signs what it publishes"),
            r(r"sign|cosign|gpg|goreleaser|\.sh|make "),
        ),
        (
            r(r"generates provenance"),
            r(r"slsa|attest|provenance|in-toto|witness|pypi-publish|\.sh|make "),
        ),
        (
            r(r"generates SBOMs"),
            r(r"sbom|syft|cyclonedx|spdx|bom |\.sh|make |goreleaser"),
        ),
        (
            r(r"Static analysis runs in CI"),
            r(r"codeql|gosec|semgrep|zizmor|golangci|sonar|bandit|coverity|spatch"),
        ),
        (
            r(r"^CI runs on"),
            r(r"pull_request|merge_group|push|presubmits|job:|task|steps:|script"),
        ),
        (
            r(r"^(Workflows call reusable|`[^`]+` calls `)"),
            r(r"uses:\s*[\w.-]+/[\w.-]+/\.github/workflows/"),
        ),
        (
            r(r"(signs files|writes checksum files) with"),
            r(r"gpg|cosign|minisign|shasum|sha256sum|sha512sum|certutil"),
        ),
        (
            r(r"CI runs the linters?"),
            r(r"golangci|staticcheck|go vet|clippy|ruff|flake8|pylint|eslint|shellcheck"),
        ),
        (
            r(
                r"^CI (scans container images|scans for committed secrets|runs fuzzing|runs OpenSSF|checks dependency licenses)|dependency changes",
            ),
            r(r"trivy|gitleaks|trufflehog|fuzz|scorecard|fossa|dependency-review"),
        ),
        (
            r(r"^Dependabot is configured only for"),
            r(r"package-ecosystem"),
        ),
        (r(r"not to report to them"), r(r"(?i)do not report")),
        (r(r"refers reporters to"), r(r"https?://")),
        (
            r(r"Releases are (built|made) by"),
            r(r"tags|release|workflow_dispatch|push|goreleaser|gh release|publish|upload|docker"),
        ),
    ]
}

/// Checks every sentence of `sa` against the cited lines; returns how many were checked.
fn check(sa: &SelfAssessment, files: &BTreeMap<String, String>) -> usize {
    let runs_something = Regex::new(r"\.sh\b|make |uses: \./|goreleaser|bash |run: \./").unwrap();
    let mut checked = 0;
    for (key, item) in sa.items() {
        for s in &item.sentences {
            // The sentence as a reader sees it (code spans in backticks).
            let said = text(&s.parts);
            for (says, shows) in claims() {
                if !says.is_match(&said) {
                    continue;
                }
                let cited: Vec<_> = s
                    .citations
                    .iter()
                    .filter_map(|i| item.citations.get(*i))
                    .filter(|c| c.kind == CitationKind::File)
                    .collect();
                assert!(!cited.is_empty(), "{key}: {said:?} cites no file");
                for c in cited {
                    let path = c.path.as_deref().unwrap();
                    let text = files
                        .get(path)
                        .unwrap_or_else(|| panic!("{path} not a fixture"));
                    let lines: Vec<&str> = text.lines().collect();
                    let shown = match c.lines {
                        Some([a, b]) => {
                            lines[(a as usize - 1)..(b as usize).min(lines.len())].join("\n")
                        }
                        None => text.clone(),
                    };
                    // "…, run by `release.yml`": the line that runs the step is cited too.
                    let caller = said.contains("run by") && runs_something.is_match(&shown);
                    assert!(
                        shows.is_match(&shown) || caller,
                        "{key}: {said:?} cites {path}:{:?} = {shown:?}, which does not show it",
                        c.lines
                    );
                    // A file citation's excerpt is the cited text.
                    if let (Some(e), Some([a, b])) = (&c.excerpt, c.lines) {
                        if a == b {
                            assert_eq!(e.trim(), shown.trim(), "{key}: excerpt of {path}:{a}");
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    checked
}

/// A Go project released with GoReleaser from a tag workflow, with a CI workflow that runs
/// tests through `make` and a snapshot build on pull requests (the shape of
/// sigstore/cosign and fluxcd/flux2).
#[test]
fn goreleaser_project() {
    let files = [
        (
            ".github/workflows/ci.yml",
            "name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n      - uses: golangci/golangci-lint-action@v6\n      - run: goreleaser release --snapshot --clean\n",
        ),
        (
            ".github/workflows/release.yml",
            "name: Release\non:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: sigstore/cosign-installer@v3\n      - uses: anchore/sbom-action/download-syft@v0\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n      - uses: actions/attest-build-provenance@v2\n        with:\n          subject-path: dist/*\n",
        ),
        (
            ".github/workflows/scorecard.yml",
            "on:\n  schedule:\n    - cron: '0 0 * * 1'\njobs:\n  s:\n    steps:\n      - uses: ossf/scorecard-action@v2\n",
        ),
        (
            ".goreleaser.yml",
            "version: 2\nbuilds:\n  - main: ./cmd/x\nsboms:\n  - artifacts: archive\nsigns:\n  - cmd: cosign\n    artifacts: checksum\n",
        ),
        ("Makefile", "test:\n\tgo test -race ./...\n"),
        (".golangci.yml", "linters:\n  enable:\n    - gosec\n"),
        (
            "vendor/github.com/x/y/.goreleaser.yml",
            "signs:\n  - cmd: gpg\n",
        ),
    ];
    let (sa, texts) = assess(&files);
    assert!(check(&sa, &texts) >= 6, "{:#?}", sa.release_checksums);
    let all = sentences;
    assert!(
        all(&sa.release_checksums).contains("GoReleaser"),
        "{}",
        sentences(&sa.release_checksums)
    );
    assert!(
        all(&sa.automated_vulnerability_checks).contains("gosec (enabled in `.golangci.yml`"),
        "{}",
        sentences(&sa.automated_vulnerability_checks)
    );
    assert!(all(&sa.release_process_documented).contains("`release.yml` workflow"));
}

/// The catalogue's scans (image, secrets, fuzzing, Scorecard, licenses, dependency
/// review) each get a sentence citing the step; a Dependabot file that only updates
/// GitHub Actions is said to keep pins current, not to automate the code's updates.
#[test]
fn catalogue_scans_and_bot_scope() {
    let files = [
        (
            ".github/workflows/scan.yml",
            "on:\n  schedule:\n    - cron: '0 0 * * *'\n  pull_request:\njobs:\n  s:\n    steps:\n      - uses: aquasecurity/trivy-action@v0.28.0\n        with:\n          image-ref: ghcr.io/o/r:main\n      - run: gitleaks detect --source .\n      - run: go test -fuzz=FuzzX -fuzztime=60s ./pkg\n      - uses: ossf/scorecard-action@v2\n      - uses: fossas/fossa-action@v1\n      - uses: actions/dependency-review-action@v4\n",
        ),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n",
        ),
    ];
    let (sa, texts) = assess(&files);
    assert!(
        check(&sa, &texts) >= 7,
        "{:#?}",
        sa.automated_vulnerability_checks
    );
    let t = &sa.automated_vulnerability_checks.text;
    for want in [
        "CI scans container images for known vulnerabilities with trivy",
        "CI scans for committed secrets with Gitleaks",
        "CI runs fuzzing with Go native fuzz tests",
        "CI runs OpenSSF Scorecard",
        "Dependabot is configured only for github-actions",
    ] {
        assert!(t.contains(want), "{want}: {t}");
    }
    assert!(!t.contains("Dependency updates are automated"), "{t}");
}

/// Signing and checksums done in a script and a composite action that the release
/// workflow runs (the shape of kubernetes-sigs release scripts), and a pull-request e2e
/// workflow that signs a test image, which is no release step.
#[test]
fn steps_outside_the_workflow() {
    let files = [
        (
            ".github/workflows/release.yml",
            "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - run: ./hack/release.sh\n      - uses: ./.github/actions/attest\n",
        ),
        (
            ".github/workflows/e2e.yml",
            "on: [pull_request]\njobs:\n  e:\n    steps:\n      - run: cosign sign --yes ttl.sh/x\n      - run: bash ./hack/e2e-test.sh\n",
        ),
        (
            "hack/release.sh",
            "#!/usr/bin/env bash\nset -euo pipefail\nsha256sum _out/* > _out/SHA256SUMS\ncosign sign-blob --yes --bundle x.bundle _out/SHA256SUMS\ngh release upload \"$TAG\" _out/*\n",
        ),
        ("hack/e2e-test.sh", "go test ./test/e2e/...\n"),
        (
            ".github/actions/attest/action.yml",
            "runs:\n  using: composite\n  steps:\n    - uses: actions/attest-build-provenance@v2\n    - run: syft dir:. -o spdx-json=sbom.spdx.json\n      shell: bash\n",
        ),
    ];
    let (sa, texts) = assess(&files);
    assert!(check(&sa, &texts) >= 5);
    let sig = &sentences(&sa.release_signatures);
    assert!(
        sig.contains("in `hack/release.sh`, run by `release.yml`"),
        "{sig}"
    );
    assert!(!sig.contains("e2e"), "{sig}");
    assert!(
        sentences(&sa.ci_on_every_pull_request).contains("It runs tests."),
        "{}",
        sentences(&sa.ci_on_every_pull_request)
    );
}

/// Only a snapshot GoReleaser build and no release workflow: nothing is said of release
/// checksums or signatures from the configuration.
#[test]
fn snapshot_only_goreleaser_is_not_a_release_pipeline() {
    let files = [
        (
            ".github/workflows/build.yml",
            "on: [push, pull_request]\njobs:\n  b:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: build --snapshot\n",
        ),
        (
            ".goreleaser.yaml",
            "checksum:\n  name_template: sums.txt\nsigns:\n  - cmd: cosign\n",
        ),
    ];
    let (sa, texts) = assess(&files);
    check(&sa, &texts);
    assert!(
        !sentences(&sa.release_checksums).contains("writes checksum"),
        "{}",
        sentences(&sa.release_checksums)
    );
    assert!(
        !sentences(&sa.release_signatures).contains("signs what it publishes"),
        "{}",
        sentences(&sa.release_signatures)
    );
    assert_ne!(sa.release_signatures.answer, Answer::Yes);
}

/// The shapes of sigstore/cosign (a release Cloud Build file, a dispatch workflow that
/// hands the release to a reusable workflow of another repository, a README security
/// section that only links elsewhere), containers/skopeo (Packit tests on pull requests,
/// golangci-lint without security linters), helm/helm (`make sign`, `KEYS`),
/// kubernetes-sigs/kind (SECURITY_CONTACTS that says not to report to its names, a release
/// script writing checksums by hand) and pallets/flask (PyPI trusted publishing).
#[test]
fn shapes_of_release_builds_manual_steps_and_contacts() {
    let files = [
        (
            "release/cloudbuild.yaml",
            "steps:\n  - name: gcr.io/cloud-builders/git\n    entrypoint: bash\n    args:\n      - -c\n      - |\n        make release\n",
        ),
        (
            "Makefile",
            "release:\n\tgoreleaser release --clean\n\nsign:\n\tgpg --armor --detach-sign _dist/x.tgz\n",
        ),
        (".goreleaser.yml", "checksum:\n  name_template: sums.txt\n"),
        (
            ".github/workflows/cut-release.yml",
            "on:\n  workflow_dispatch:\njobs:\n  cut:\n    uses: sigstore/community/.github/workflows/reusable-release.yml@main\n",
        ),
        (
            ".github/workflows/publish.yaml",
            "on:\n  push:\n    tags: ['*']\njobs:\n  p:\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0\n",
        ),
        (
            ".packit.yaml",
            "jobs:\n  - job: tests\n    trigger: pull_request\n",
        ),
        (
            ".cirrus.yml",
            "validate_task:\n  script: |\n    golangci-lint run\n",
        ),
        ("KEYS", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"),
        (
            "hack/release/cross.sh",
            "#!/bin/sh\nfor f in kind-*; do\n    shasum -a 256 \"$f\" > \"$f\".sha256sum;\ndone\n",
        ),
        (
            "SECURITY_CONTACTS",
            "# DO NOT REPORT SECURITY VULNERABILITIES DIRECTLY TO THESE NAMES, FOLLOW THE\n# INSTRUCTIONS AT https://kubernetes.io/security/\nalice\n",
        ),
        (
            "README.md",
            "# x\n\n## Security\n\nShould you discover any security issues, please refer to the [security\nprocess](https://github.com/o/.github/blob/main/SECURITY.md)\n",
        ),
    ];
    let (sa, texts) = assess(&files);
    assert!(
        check(&sa, &texts) >= 8,
        "{}",
        sentences(&sa.ci_on_every_pull_request)
    );
    let ci = &sentences(&sa.ci_on_every_pull_request);
    assert!(ci.contains("CI runs on Cirrus CI and Packit."), "{ci}");
    assert!(
        ci.contains("`release/cloudbuild.yaml` only builds releases"),
        "{ci}"
    );
    assert!(
        sentences(&sa.automated_vulnerability_checks)
            .contains("which checks code quality rather than security"),
        "{}",
        sentences(&sa.automated_vulnerability_checks)
    );
    let rel = &sentences(&sa.release_process_documented);
    assert!(
        rel.contains(
            "hands the release to `sigstore/community/.github/workflows/reusable-release.yml`"
        ),
        "{rel}"
    );
    assert!(!rel.contains("publishes with `sigstore/community"), "{rel}");
    let sig = &sentences(&sa.release_signatures);
    assert!(
        sig.contains("The `sign` target of `Makefile` signs files with GnuPG"),
        "{sig}"
    );
    assert!(sig.contains("PEP 740 attestations"), "{sig}");
    assert!(
        sig.contains("`KEYS` publishes release signing keys"),
        "{sig}"
    );
    let sums = &sentences(&sa.release_checksums);
    // The pipeline writes checksums: a manual script's are not offered as the answer.
    assert!(!sums.contains("a release script"), "{sums}");
    let inbound = &sentences(&sa.communication_inbound);
    assert!(
        inbound.contains("not to report to them directly"),
        "{inbound}"
    );
    assert!(!inbound.contains("handle security reports"), "{inbound}");
    assert!(inbound.contains("refers reporters to"), "{inbound}");
}

/// A `paths-ignore:` filter drops changes, a `paths:` filter keeps them: the sentence
/// says what is true of both (the workflow runs only when a changed file passes its
/// filter), never that it runs "only for the paths its filter names".
#[test]
fn path_filters_are_said_for_both_kinds() {
    let files = [(
        ".github/workflows/ci.yml",
        "on:\n  pull_request:\n    paths-ignore:\n      - 'docs/**'\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n",
    )];
    let (sa, _) = assess(&files);
    let t = &sa.ci_on_every_pull_request.text;
    assert!(
        t.contains("ci.yml runs on a pull request only when a changed file passes its path filter (paths or paths-ignore)."),
        "{t}"
    );
    assert!(!t.contains("paths its filter names"), "{t}");
}
