//! A small real repository for end-to-end scans through the CLI: a GitHub origin (never
//! contacted: scans run `--offline`), a security policy, CI with tests and CodeQL,
//! Dependabot, CODEOWNERS, release docs and a GoReleaser pipeline, and commits signed with
//! OpenPGP and SSH keys, one by GitHub's web-flow, some with DCO trailers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;

use crate::common::{Commit, Fixture, Repo, Sign, TagKind};

pub const README: &str = "# widget\n\n[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/1234/badge)](https://www.bestpractices.dev/projects/1234)\n";

pub const SECURITY: &str = "# Security policy\n\nPlease report vulnerabilities to security@example.org.\nWe answer within three days.\n";

const CI: &str = "name: ci
on:
  pull_request:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
";

const CODEQL: &str = "name: codeql
on:
  pull_request:
  schedule:
    - cron: '0 3 * * 1'
jobs:
  analyze:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
      - uses: github/codeql-action/analyze@v3
";

const RELEASE_WF: &str = "name: release
on:
  push:
    tags: ['v*']
jobs:
  goreleaser:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: goreleaser/goreleaser-action@v6
        with:
          args: release --clean
";

const GORELEASER: &str = "version: 2
builds:
  - main: .
checksum:
  name_template: checksums.txt
sboms:
  - artifacts: archive
signs:
  - cmd: cosign
    artifacts: checksum
";

const DEPENDABOT: &str = "version: 2
updates:
  - package-ecosystem: gomod
    directory: /
    schedule:
      interval: weekly
";

/// The repository: 5 commits on `main` (2 OpenPGP- and 1 SSH-signed, one of the OpenPGP
/// ones by GitHub's web-flow; 2 with a DCO sign-off), an SSH-signed and an annotated tag.
pub fn widget(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("widget");
    r.commit(
        &Commit::new("init")
            .file("README.md", README)
            .file("go.mod", "module example.org/widget\n")
            .file("CHANGELOG.md", "# Changelog\n"),
    );
    r.commit(
        &Commit::new("security policy and CI")
            .file("SECURITY.md", SECURITY)
            .file(".github/workflows/ci.yml", CI)
            .file(".github/workflows/codeql.yml", CODEQL)
            .file(".github/dependabot.yml", DEPENDABOT)
            .file(".github/CODEOWNERS", "* @example/maintainers\n")
            .sign(Sign::Gpg)
            .signoff(),
    );
    r.commit(
        &Commit::new("release pipeline")
            .file(".github/workflows/release.yml", RELEASE_WF)
            .file(".goreleaser.yaml", GORELEASER)
            .file(
                "RELEASE.md",
                "# Releasing\n\nTag `vX.Y.Z`; the release workflow does the rest.\n",
            )
            .sign(Sign::Ssh),
    );
    r.tag("v0.9.0", TagKind::Annotated);
    r.commit(
        &Commit::new("Merge pull request #1")
            .web_flow()
            .sign(Sign::Gpg),
    );
    r.commit(
        &Commit::new("docs")
            .file("docs/index.md", "hello\n")
            .signoff(),
    );
    r.tag("v1.0.0", TagKind::Signed(Sign::Ssh));
    r.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/example/widget.git",
    ]);
    r
}

/// The CLI with no token, no configuration and no colour.
pub fn cli() -> Command {
    let mut c = Command::cargo_bin("tssa-probe").unwrap();
    c.env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("TSSA_GITHUB_API_URL")
        .env_remove("TSSA_BESTPRACTICES_URL")
        .env("NO_COLOR", "1");
    c
}

/// `tssa-probe <repo> --offline --format <format>`: stdout (exit code 0 asserted).
pub fn scan(repo: &Repo<'_>, format: &str) -> String {
    let out = cli()
        .arg(&repo.path)
        .args(["--offline", "--format", format])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}
