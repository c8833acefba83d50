#![allow(clippy::unwrap_used)]

use super::catalogue::{Catalogue, Category, Covers, SOURCE};
use super::*;
use crate::evidence::ci::build;
use crate::evidence::files::FileSnapshot;

fn snapshot(files: &[(&str, &str)]) -> FileSnapshot {
    FileSnapshot::from_texts("0123456789abcdef0123456789abcdef01234567", files)
}

fn found(files: &[(&str, &str)]) -> Recognised {
    let s = snapshot(files);
    recognise(&s, &build(&s))
}

/// (tool, category, path, line, runs) of every occurrence.
fn list(r: &Recognised) -> Vec<(String, Category, String, u32, bool)> {
    r.occurrences
        .iter()
        .map(|o| {
            (
                o.id().to_string(),
                o.category,
                o.at.path.clone(),
                o.at.line,
                o.runs,
            )
        })
        .collect()
}

fn has(r: &Recognised, id: &str, c: Category, path: &str, line: u32, runs: bool) -> bool {
    list(r).contains(&(id.to_string(), c, path.to_string(), line, runs))
}

fn wf(steps: &str) -> String {
    format!("on: [pull_request]\njobs:\n  j:\n    steps:\n{steps}")
}

#[test]
fn catalogue_is_valid() {
    let c = Catalogue::parse(SOURCE).unwrap();
    let mut ids: Vec<&str> = c.tools.iter().map(|t| t.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique");
    // Every category has at least one tool, and every tool a way to be recognised.
    for cat in Category::ALL {
        assert!(
            c.tools.iter().any(|t| t.categories().contains(&cat)),
            "{cat:?} has no tool"
        );
    }
    for t in &c.tools {
        let ways = t.actions.len()
            + t.programs.len()
            + t.ci_templates.len()
            + t.config_files.len()
            + t.switches.len()
            + t.sources.len();
        assert!(ways > 0, "{} cannot be recognised", t.id);
    }
}

#[test]
fn a_broken_catalogue_is_refused() {
    let one = |body: &str| {
        format!("tools:\n  - id: x\n    name: X\n    category: sast\n    url: https://x\n{body}")
    };
    assert!(Catalogue::parse(&one("    programs: [x]\n")).is_ok());
    let dup = format!(
        "{}  - id: x\n    name: X\n    category: sast\n    url: https://x\n",
        one("")
    );
    assert!(Catalogue::parse(&dup).unwrap_err().contains("not unique"));
    assert!(Catalogue::parse(&one("    programs: [{run: x, args: '(' }]\n")).is_err());
    let bad_cat = "tools:\n  - id: x\n    name: X\n    category: nope\n    url: https://x\n";
    assert!(Catalogue::parse(bad_cat).is_err());
    assert!(
        Catalogue::parse(&one(
            "    switches: [{in: nothing, kind: pre-commit-hook, names: [x]}]\n"
        ))
        .unwrap_err()
        .contains("not a tool")
    );
    assert!(Catalogue::parse(&one("    config_files: [../x]\n")).is_err());
    assert!(Catalogue::parse(&one("    colour: red\n")).is_err());
}

/// Issue 19's catalogue gaps: the Scorecard action, FOSSA, Trivy image scans, cppcheck,
/// clang-tidy, Go fuzz tests, CIFuzz, secret scanners, SonarCloud, Snyk, KICS, zizmor.
#[test]
fn catalogue_gaps_are_recognised() {
    let r = found(&[(
        ".github/workflows/ci.yml",
        &wf(concat!(
            "      - uses: ossf/scorecard-action@v2\n",
            "      - uses: fossas/fossa-action@main\n",
            "      - uses: aquasecurity/trivy-action@0.28.0\n",
            "        with:\n",
            "          image-ref: ghcr.io/o/r:main\n",
            "      - run: cppcheck --enable=all src\n",
            "      - run: run-clang-tidy -p build\n",
            "      - run: go test -fuzz=FuzzParse -fuzztime=30s ./pkg/x\n",
            "      - uses: google/oss-fuzz/infra/cifuzz/actions/run_fuzzers@master\n",
            "      - uses: gitleaks/gitleaks-action@v2\n",
            "      - run: trufflehog git file://. --only-verified\n",
            "      - uses: SonarSource/sonarcloud-github-action@v2\n",
            "      - run: snyk test --all-projects\n",
            "      - run: kics scan -p .\n",
            "      - run: pipx run zizmor .github/workflows\n",
        )),
    )]);
    let wf = ".github/workflows/ci.yml";
    use Category::*;
    for (id, c, line) in [
        ("scorecard", Scorecard, 5),
        ("fossa", LicenseScanning, 6),
        ("trivy", ImageScanning, 7),
        ("cppcheck", Sast, 10),
        ("clang-tidy", Sast, 11),
        ("go-fuzz-tests", Fuzzing, 12),
        ("cifuzz", Fuzzing, 13),
        ("gitleaks", SecretScanning, 14),
        ("trufflehog", SecretScanning, 15),
        ("sonar", Sast, 16),
        ("snyk", DependencyScanning, 17),
        ("kics", ConfigScanning, 18),
        ("zizmor", Sast, 19),
    ] {
        assert!(has(&r, id, c, wf, line, true), "{id}: {:?}", list(&r));
    }
    // Each occurrence says the workflow and its triggers.
    let o = r
        .occurrences
        .iter()
        .find(|o| o.id() == "scorecard")
        .unwrap();
    assert_eq!(o.root.as_deref(), Some(wf));
    assert_eq!(o.triggers, vec!["pull_request"]);
}

/// The invariant of today's matcher: a tool named in an argument, an allow-list, a file
/// name or `--repo owner/name` is not a run of that tool.
#[test]
fn a_tool_named_in_an_argument_is_not_a_run() {
    for line in [
        "gh repo view --repo semgrep/semgrep",
        "echo gosec && true",
        "grep -r govulncheck .github",
        "ls govulncheck.yml",
        "go install github.com/securego/gosec/v2/cmd/gosec@latest",
        "curl -sSfL https://raw.githubusercontent.com/anchore/syft/main/install.sh",
        "cosign version",
        "cosign verify-blob --signature x.sig x",
        "gh release download v1 -p '*.tar.gz'",
        "sha256sum -c SHA256SUMS",
        "echo \"hashes=$(sha256sum dist/* | base64 -w0)\" >> \"$GITHUB_OUTPUT\"",
        "trivy --version",
        "golangci-lint version",
    ] {
        let m: Vec<(&str, Category)> = program_matches(line)
            .into_iter()
            .map(|(t, p, _)| (t.id.as_str(), p.category))
            .filter(|(_, c)| *c != Category::ReadsReleases)
            .collect();
        assert!(m.is_empty(), "{line}: {m:?}");
    }
    let ids = |l: &str| -> Vec<&str> {
        program_matches(l)
            .into_iter()
            .map(|(t, _, _)| t.id.as_str())
            .collect()
    };
    assert_eq!(ids("sudo -E gosec ./..."), vec!["gosec"]);
    assert_eq!(ids("python -m bandit -r src"), vec!["bandit"]);
    assert_eq!(ids("cargo +nightly fuzz run parser"), vec!["cargo-fuzz"]);
    assert_eq!(ids("sha256sum dist/* | tee SHA256SUMS"), vec!["sha256sum"]);
    assert_eq!(ids("sha256sum dist/* > SHA256SUMS"), vec!["sha256sum"]);
    assert_eq!(
        ids("cd x && golangci-lint run ./..."),
        vec!["golangci-lint"]
    );
    // What `find -exec` runs is run (the shape of a release script's checksums and
    // signatures).
    assert_eq!(
        ids("find deploy -type f -exec shasum -b -a 256 {} \\; | sort | tee x.sha256sum.txt"),
        vec!["shasum"]
    );
    assert_eq!(
        ids("find deploy -type f -exec gpg -v --armor --detach-sign {} \\;"),
        vec!["gpg"]
    );
    assert!(ids("find . -name '*.go' -exec grep -l gosec {} +").is_empty());
}

/// Release steps say what they cover: cosign `sign` images, `sign-blob` files.
#[test]
fn release_steps_say_what_they_cover() {
    let cover = |l: &str| -> Vec<(String, Category, Option<Covers>)> {
        program_matches(l)
            .into_iter()
            .map(|(t, p, _)| (t.id.clone(), p.category, p.covers))
            .collect()
    };
    use Category::*;
    assert_eq!(
        cover("cosign sign --yes ghcr.io/o/r@sha256:abc"),
        vec![("cosign".into(), Sign, Some(Covers::Images))]
    );
    assert_eq!(
        cover("cosign sign-blob --yes --output-signature x.sig x"),
        vec![("cosign".into(), Sign, Some(Covers::Files))]
    );
    assert_eq!(
        cover("cosign attest --type spdxjson --predicate sbom.json img"),
        vec![("cosign".into(), Sbom, Some(Covers::Images))]
    );
    assert_eq!(
        cover("gpg --armor --detach-sign x.tgz"),
        vec![("gpg".into(), Sign, Some(Covers::Files))]
    );
    assert_eq!(
        cover("trivy image --format cyclonedx --output sbom.json img"),
        vec![("trivy".into(), Sbom, None)]
    );
    assert_eq!(
        cover("npm sbom --sbom-format=spdx --workspace packages/x"),
        vec![("npm-sbom".into(), Sbom, None)]
    );
    assert_eq!(
        cover(
            "curl -L -H 'Accept: application/json' https://api.github.com/repos/o/r/dependency-graph/sbom -o sbom.json"
        ),
        vec![("github-sbom-export".into(), Sbom, None)]
    );
    assert_eq!(
        cover("gh api repos/o/r/dependency-graph/sbom > sbom.json"),
        vec![("github-sbom-export".into(), Sbom, None)]
    );
    assert!(cover("curl -L https://example.org/sbom.json").is_empty());
    assert_eq!(cover("gh release view v1")[0].1, ReadsReleases);
    assert_eq!(cover("gh release create v1 dist/*")[0].1, Publish);
}

#[test]
fn image_hosts_come_from_references() {
    assert_eq!(
        image_hosts("ghcr.io/o/app:v1,quay.io/o/app:v1 docker.io/library/x"),
        vec!["ghcr.io", "quay.io", "docker.io"]
    );
    assert!(image_hosts("${{ env.REGISTRY }}/o/app:v1 app:v1 -t x").is_empty());
    assert!(image_hosts("localhost:5000/app").is_empty());
    assert_eq!(image_hosts("registry.x:5000/app"), vec!["registry.x:5000"]);
    // `oras push` of a file with its media type is not a registry.
    assert_eq!(
        image_hosts("ghcr.io/o/a:v1 bin.tar:application/vnd.x"),
        vec!["ghcr.io"]
    );
}

/// docker/build-push-action publishes only with `push:` set and not false, and says where.
#[test]
fn build_push_action_publishes_only_when_it_pushes() {
    let r = found(&[(
        ".github/workflows/release.yml",
        &wf(concat!(
            "      - uses: docker/build-push-action@v6\n",
            "        with:\n",
            "          push: false\n",
            "      - uses: docker/build-push-action@v6\n",
            "        with:\n",
            "          push: true\n",
            "          tags: ghcr.io/o/app:${{ github.ref_name }}\n",
            "      - uses: docker/build-push-action@v6\n",
        )),
    )]);
    let p: Vec<&Occurrence> = r
        .occurrences
        .iter()
        .filter(|o| o.category == Category::Publish)
        .collect();
    assert_eq!(p.len(), 1, "{:?}", list(&r));
    assert_eq!(p[0].at.line, 8);
    assert_eq!(p[0].destinations, vec!["ghcr.io"]);
    assert_eq!(p[0].covers, Some(Covers::Images));
}

/// gosec enabled in golangci-lint's configuration counts when CI runs golangci-lint (both
/// lines cited: the configuration line, reached through the run); configured only when no
/// workflow runs it; disabled again, or in a file that does not parse, not at all.
#[test]
fn golangci_linter_switch() {
    let cfg = "version: \"2\"\nlinters:\n  default: none\n  enable:\n    - govet\n    - gosec\n";
    let run = ".github/workflows/lint.yml";
    let r = found(&[
        (".golangci.yml", cfg),
        (run, &wf("      - uses: golangci/golangci-lint-action@v8\n")),
    ]);
    let g: Vec<&Occurrence> = r.occurrences.iter().filter(|o| o.id() == "gosec").collect();
    assert_eq!(g.len(), 1, "{:?}", list(&r));
    assert_eq!((g[0].at.line, g[0].runs, g[0].how), (6, true, How::Switch));
    assert_eq!(
        g[0].via,
        vec![Loc {
            path: run.into(),
            line: 5
        }]
    );
    assert_eq!(g[0].root.as_deref(), Some(run));
    // Not run: configured only.
    let r = found(&[(".golangci.yml", cfg)]);
    assert!(has(&r, "gosec", Category::Sast, ".golangci.yml", 6, false));
    // `enable-all` / `default: all` minus `disable`.
    let all = "linters:\n  enable-all: true\n  disable:\n    - gas\n";
    let r = found(&[
        (".golangci.yml", all),
        (run, &wf("      - run: golangci-lint run\n")),
    ]);
    assert!(
        !r.occurrences.iter().any(|o| o.id() == "gosec"),
        "{:?}",
        list(&r)
    );
    let all = "version: 2\nlinters:\n  default: all\n";
    let r = found(&[
        (".golangci.yaml", all),
        (run, &wf("      - run: make lint\n")),
        ("Makefile", "lint:\n\tgolangci-lint run ./...\n"),
    ]);
    let g = r.occurrences.iter().find(|o| o.id() == "gosec").unwrap();
    assert_eq!((g.at.line, g.runs), (3, true));
    assert_eq!(g.via.last().map(|l| l.path.as_str()), Some("Makefile"));
    // A subfolder's configuration (`src/.golangci.yaml`), TOML and JSON forms.
    let r = found(&[
        (
            "src/.golangci.toml",
            "[linters]\nenable = [\n  \"gosec\",\n]\n",
        ),
        (run, &wf("      - run: cd src && golangci-lint run\n")),
    ]);
    assert!(
        has(&r, "gosec", Category::Sast, "src/.golangci.toml", 3, true),
        "{:?}",
        list(&r)
    );
    let r = found(&[(
        ".golangci.json",
        "{\"linters\": {\n \"enable\": [\"gosec\"]}}\n",
    )]);
    assert!(
        has(&r, "gosec", Category::Sast, ".golangci.json", 2, false),
        "{:?}",
        list(&r)
    );
    // Not parsed: nothing counts, and the note says so.
    let r = found(&[
        (".golangci.yml", "linters: [\n"),
        (run, &wf("      - run: golangci-lint run\n")),
    ]);
    assert!(!r.occurrences.iter().any(|o| o.id() == "gosec"));
    assert!(
        r.notes[0].contains(".golangci.yml was not parsed"),
        "{:?}",
        r.notes
    );
}

/// Bandit, gitleaks and detect-secrets as pre-commit hooks, run when CI runs pre-commit;
/// ruff's `S` rules are flake8-bandit (SAST), its `SIM` rules are not.
#[test]
fn pre_commit_hooks_and_ruff_rules() {
    let pc = "repos:\n  - repo: https://github.com/PyCQA/bandit\n    hooks:\n      - id: bandit\n  - repo: https://github.com/gitleaks/gitleaks\n    hooks:\n      - id: gitleaks\n";
    let run = ".github/workflows/pre-commit.yml";
    let r = found(&[
        (".pre-commit-config.yaml", pc),
        (run, &wf("      - uses: pre-commit/action@v3\n")),
    ]);
    assert!(
        has(
            &r,
            "bandit",
            Category::Sast,
            ".pre-commit-config.yaml",
            4,
            true
        ),
        "{:?}",
        list(&r)
    );
    assert!(has(
        &r,
        "gitleaks",
        Category::SecretScanning,
        ".pre-commit-config.yaml",
        7,
        true
    ));
    let ruff = "[tool.ruff.lint]\nselect = [\"E\", \"SIM\"]\nextend-select = [\n  \"S101\",\n]\n";
    let r = found(&[
        ("pyproject.toml", ruff),
        (run, &wf("      - run: ruff check .\n")),
    ]);
    assert!(
        has(
            &r,
            "flake8-bandit",
            Category::Sast,
            "pyproject.toml",
            4,
            true
        ),
        "{:?}",
        list(&r)
    );
    let r = found(&[
        ("pyproject.toml", "[tool.ruff.lint]\nselect = [\"SIM\"]\n"),
        (run, &wf("      - run: ruff check .\n")),
    ]);
    assert!(!r.occurrences.iter().any(|o| o.id() == "flake8-bandit"));
}

/// A `.gitleaks.toml` is configuration, not a run; Dependabot's file is the use (a hosted
/// service acts on it); `.clusterfuzzlite/` is configured fuzzing.
#[test]
fn configured_is_not_runs() {
    let r = found(&[
        (".gitleaks.toml", "title = \"x\"\n"),
        (".github/dependabot.yml", "version: 2\nupdates: []\n"),
        (".clusterfuzzlite/build.sh", "make fuzz\n"),
        ("vendor/x/.gitleaks.toml", ""),
    ]);
    assert!(has(
        &r,
        "gitleaks",
        Category::SecretScanning,
        ".gitleaks.toml",
        1,
        false
    ));
    assert!(has(
        &r,
        "dependabot",
        Category::DependencyUpdates,
        ".github/dependabot.yml",
        1,
        true
    ));
    assert!(
        has(
            &r,
            "cifuzz",
            Category::Fuzzing,
            ".clusterfuzzlite",
            1,
            false
        ),
        "{:?}",
        list(&r)
    );
    assert_eq!(
        r.tools_running(Category::SecretScanning),
        Vec::<String>::new()
    );
    assert_eq!(r.configured_only(Category::SecretScanning).count(), 1);
}

/// Go native fuzz tests (`func FuzzX(f *testing.F)` in a `*_test.go` file) are fuzz tests
/// present; `go test -fuzz` runs them.
#[test]
fn go_fuzz_tests_are_sources() {
    let r = found(&[
        (
            "pkg/x/fuzz_test.go",
            "package x\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {\n}\n",
        ),
        (
            "pkg/x/x_fuzz_test.go",
            "package x\n// func FuzzNot(f *testing.F)\n",
        ),
        ("vendor/y/fuzz_test.go", "func FuzzY(f *testing.F) {}\n"),
        (
            "fuzz/fuzz_targets/parse.rs",
            "#![no_main]\nfuzz_target!(|d: &[u8]| {});\n",
        ),
    ]);
    assert!(has(
        &r,
        "go-fuzz-tests",
        Category::Fuzzing,
        "pkg/x/fuzz_test.go",
        5,
        false
    ));
    assert!(has(
        &r,
        "cargo-fuzz",
        Category::Fuzzing,
        "fuzz/fuzz_targets/parse.rs",
        2,
        false
    ));
    assert_eq!(r.occurrences.len(), 2, "{:?}", list(&r));
}

/// GitLab's SAST template in another CI system's file.
#[test]
fn ci_templates_of_other_systems() {
    let r = found(&[(
        ".gitlab-ci.yml",
        "include:\n  - template: Security/SAST.gitlab-ci.yml\n",
    )]);
    assert!(
        has(&r, "gitlab_sast", Category::Sast, ".gitlab-ci.yml", 2, true),
        "{:?}",
        list(&r)
    );
}

#[test]
fn dependabot_scope() {
    let u = dependabot::updates(
        "version: 2\nupdates:\n  - package-ecosystem: gitsubmodule\n    directory: /\n  - package-ecosystem: gomod\n    directories: [\"/\", \"/tools\"]\n    open-pull-requests-limit: 0\n",
    )
    .unwrap();
    assert_eq!(u.len(), 2);
    assert_eq!(
        (u[0].ecosystem.as_str(), u[0].line, u[0].is_code()),
        ("gitsubmodule", 3, false)
    );
    assert_eq!(u[1].directories, vec!["/", "/tools"]);
    assert!(u[1].is_code() && u[1].disabled);
    assert!(dependabot::updates("updates: 3\n").is_err());
}

/// Review class 3: a tool whose job is kept off pushes (`github.ref != 'refs/heads/main'`)
/// runs on the workflow's pull requests only.
#[test]
fn a_job_kept_off_pushes_drops_the_push_trigger() {
    let r = found(&[(
        ".github/workflows/ci.yml",
        "on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  lint:\n    if: github.ref != 'refs/heads/main'\n    runs-on: x\n    steps:\n      - run: gosec ./...\n  scan:\n    runs-on: x\n    steps:\n      - run: govulncheck ./...\n",
    )]);
    let t = |id: &str| {
        r.occurrences
            .iter()
            .find(|o| o.id() == id)
            .unwrap()
            .triggers
            .clone()
    };
    assert_eq!(t("gosec"), vec!["pull_request"]);
    assert_eq!(t("govulncheck"), vec!["pull_request", "push"]);
}

/// Review class 5: `step-security/harden-runner` hardens the runner of the job it starts.
#[test]
fn harden_runner_is_ci_hardening() {
    let r = found(&[(
        ".github/workflows/ci.yml",
        "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - name: Harden the runner\n        uses: step-security/harden-runner@0634a2670c59f64b4a01f0f96f84700a4088b9f0 # v2.12.0\n        with:\n          egress-policy: audit\n      - run: go test ./...\n",
    )]);
    assert!(
        list(&r).contains(&(
            "harden-runner".to_string(),
            Category::CiHardening,
            ".github/workflows/ci.yml".to_string(),
            7,
            true
        )),
        "{:?}",
        list(&r)
    );
}
