//! Unit tests of `ci_checks`.
use super::*;
use crate::evidence::github::CheckRun;
use crate::model::Reason;
use crate::probes::testing::*;
use serde_json::json;

fn judge(ev: &Evidence) -> Judgement {
    let j = CiChecks.judge(ev);
    assert_cited(&j);
    j
}

const CI: &str = "name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          go vet ./...\n          go test -race ./...\n      - uses: golang/govulncheck-action@v1\n";
const CODEQL: &str = "on:\n  schedule:\n    - cron: '0 0 * * 1'\njobs:\n  a:\n    steps:\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n      - run: gosec ./...\n";
const SCORECARD: &str = "on: push\njobs:\n  a:\n    steps:\n      - uses: ossf/scorecard-action@v2\n      - uses: github/codeql-action/upload-sarif@v3\n";

#[test]
fn pull_request_workflow_running_tests_is_met() {
    let ev = with_files(&[
        (".github/workflows/ci.yml", CI),
        (".github/workflows/scorecard.yml", SCORECARD),
        (".github/workflows/codeql.yml", CODEQL),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: gomod\n",
        ),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let f = facts(&j);
    assert_eq!(f["systems"], json!(["github_actions"]));
    assert_eq!(f["pull_request_triggered"], true);
    assert_eq!(f["runs_tests"], true);
    assert_eq!(f["sast"], json!(["codeql", "gosec"]));
    assert_eq!(f["vulnerability_scanning"], json!(["govulncheck"]));
    assert_eq!(f["dependency_update_tools"], json!(["dependabot"]));
    assert!(f["recent_runs_passing"].is_null());
    assert_eq!(
        f["workflows"][0]["triggers"],
        json!(["pull_request", "push"])
    );
    // The test command is cited at its line.
    let c = j
        .citations
        .iter()
        .find(|c| c.supports.iter().any(|s| s == "runs_tests"))
        .unwrap();
    assert_eq!(c.lines, Some([13, 13]));
    assert!(
        c.url
            .as_deref()
            .unwrap()
            .ends_with(".github/workflows/ci.yml#L13")
    );
}

#[test]
fn push_only_without_tests_is_partial() {
    let ev = with_files(&[
        (
            ".github/workflows/lint.yml",
            "on: push\njobs:\n  l:\n    steps:\n      - run: golangci-lint run\n",
        ),
        (".github/workflows/scorecard.yml", SCORECARD),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    let f = facts(&j);
    assert_eq!(f["pull_request_triggered"], false);
    assert_eq!(f["runs_tests"], false);
    // Neither a linter nor uploading Scorecard's SARIF is static analysis.
    assert_eq!(f["sast"], json!([]));
}

#[test]
fn tests_through_the_makefile() {
    let ev = with_files(&[
        (
            ".github/workflows/ci.yml",
            "on: [pull_request]\njobs:\n  a:\n    steps:\n      - run: make ci\n",
        ),
        ("Makefile", "ci: lint\n\tgo test ./...\n"),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    assert!(
        j.citations
            .iter()
            .any(|c| c.path.as_deref() == Some("Makefile") && c.lines == Some([2, 2]))
    );
}

#[test]
fn tests_through_a_repository_script_and_findings_cited_at_their_step() {
    let ev = with_files(&[
        (
            ".github/workflows/ci.yml",
            "on: [pull_request]\njobs:\n  test:\n    steps:\n      - run: bash .ci/run\n  zizmor:\n    steps:\n      - run: pipx run zizmor .github/workflows\n",
        ),
        (
            ".ci/run",
            "#!/bin/sh\n# cargo test in CI\necho \"== cargo test\"\ncargo test --all\n",
        ),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
    let cited = |fact: &str, path: &str| {
        j.citations
            .iter()
            .filter(|c| c.supports.iter().any(|s| s == fact))
            .filter(|c| c.path.as_deref() == Some(path))
            .map(|c| c.lines)
            .collect::<Vec<_>>()
    };
    assert_eq!(cited("runs_tests", ".ci/run"), vec![Some([4, 4])]);
    // The step's line; the job named `test` is not evidence when its commands are known.
    assert_eq!(
        cited("runs_tests", ".github/workflows/ci.yml"),
        vec![Some([5, 5])]
    );
    // The step's line, not the job named after the tool.
    assert_eq!(
        cited("sast", ".github/workflows/ci.yml"),
        vec![Some([8, 8])]
    );
}

#[test]
fn malformed_workflow_is_reported_not_a_crash() {
    let ev = with_files(&[(".github/workflows/bad.yml", "on: [push\njobs: ::\n")]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet);
    let f = facts(&j);
    assert!(
        f["workflows"][0]["parse_error"]
            .as_str()
            .unwrap()
            .starts_with("invalid YAML")
    );
    assert!(f["runs_tests"].is_null());
    assert!(f["pull_request_triggered"].is_null());
    assert!(j.summary.contains("could not be parsed"), "{}", j.summary);
}

#[test]
fn no_ci_is_not_met_but_prow_owners_offline_is_unknown() {
    let ev = with_files(&[("README.md", "x")]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::NotMet);
    assert_eq!(facts(&j)["systems"], json!([]));
    let ev = with_files(&[("OWNERS", "approvers: [a]\n")]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::Unknown);
    assert_eq!(j.reason, Some(Reason::Offline));
}

#[test]
fn prow_projects_tests_are_not_determined_from_the_repository() {
    let ev = with_files(&[
        ("OWNERS", "approvers: [a]\n"),
        (
            ".github/workflows/docs.yml",
            "on: [pull_request]\njobs:\n  d:\n    steps:\n      - run: mkdocs build\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert!(f["runs_tests"].is_null(), "Prow jobs live elsewhere: {f}");
    assert_eq!(f["pull_request_triggered"], true);
    assert!(
        j.summary
            .contains("whether it runs tests was not determined"),
        "{}",
        j.summary
    );
}

/// cosign's `conformance.yml` (a workflow named "Conformance Tests" whose step runs an
/// action) and `golangci-lint.yml` (a job `lint-test-e2e` that only lints).
#[test]
fn workflows_and_jobs_named_as_tests_run_tests_and_lint_jobs_do_not() {
    let ev = with_files(&[
        (
            ".github/workflows/conformance.yml",
            "name: Conformance Tests\non: [pull_request]\njobs:\n  build:\n    steps:\n      - uses: sigstore/sigstore-conformance@v0\n",
        ),
        (
            ".github/workflows/lint.yml",
            "on: [pull_request]\njobs:\n  lint:\n    name: lint-test-e2e\n    steps:\n      - uses: golangci/golangci-lint-action@v8\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    let tested: Vec<(&str, bool)> = f["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["path"].as_str().unwrap(),
                w["runs_tests"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tested,
        vec![
            (".github/workflows/conformance.yml", true),
            (".github/workflows/lint.yml", false)
        ]
    );
    // Cited at the name that says so.
    let c = j
        .citations
        .iter()
        .find(|c| c.supports.iter().any(|s| s == "runs_tests"))
        .unwrap();
    assert_eq!(c.lines, Some([1, 1]));
    assert_eq!(f["linters"], json!(["golangci-lint"]));
}

/// cosign's `release/cloudbuild.yaml` and kind's `images/base/cloudbuild.yaml`: release
/// and image builds, not CI for changes; skopeo's `.packit.yaml` tests pull requests.
#[test]
fn release_builds_are_not_ci_and_packit_tests_pull_requests() {
    let ev = with_files(&[
        (
            "release/cloudbuild.yaml",
            "steps:\n  - name: gcr.io/x\n    args: [\"make\", \"release\"]\n",
        ),
        (
            "images/base/cloudbuild.yaml",
            "steps:\n  - name: gcr.io/x\n    entrypoint: make\n    args: [\"-C\", \"images/base\", \"push\"]\n",
        ),
        (
            ".packit.yaml",
            "jobs:\n  - job: tests\n    trigger: pull_request\n    targets: [fedora-all]\n",
        ),
        (
            ".github/workflows/cron.yml",
            "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  c:\n    uses: containers/podman/.github/workflows/check_cirrus_cron.yml@main\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(
        f["systems"],
        json!(["github_actions", "google_cloud_build", "packit"])
    );
    assert_eq!(f["change_systems"], json!(["packit"]));
    // Cloud Build's triggers live outside the repository: said apart, with what the file
    // runs, never as pull request CI.
    assert_eq!(f["release_only_files"], json!(["release/cloudbuild.yaml"]));
    let outside: Vec<(&str, &str)> = f["triggered_outside"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["path"].as_str().unwrap(), x["trigger"].as_str().unwrap()))
        .collect();
    assert_eq!(outside, vec![("images/base/cloudbuild.yaml", "unknown")]);
    assert_eq!(f["triggered_outside"][0]["runs"], json!(["x"]));
    assert_eq!(f["pull_request_triggered"], true);
    assert_eq!(f["runs_tests"], true);
    assert_eq!(
        f["remote_workflows"],
        json!([{
            "uses": "containers/podman/.github/workflows/check_cirrus_cron.yml@main",
            "workflow": ".github/workflows/cron.yml",
            "line": 6
        }])
    );
    let packit: Vec<Option<[u32; 2]>> = j
        .citations
        .iter()
        .filter(|c| c.path.as_deref() == Some(".packit.yaml"))
        .map(|c| c.lines)
        .collect();
    assert!(
        packit.contains(&Some([2, 2])) && packit.contains(&Some([3, 3])),
        "{packit:?}"
    );
    assert_eq!(j.outcome, Outcome::Met);
}

/// prometheus's `scripts/sync_repo_files.sh`: a `case` pattern naming
/// `.github/workflows/govulncheck.yml` is not a run of that file.
#[test]
fn a_file_named_in_a_case_pattern_is_not_run() {
    let ev = with_files(&[
        (
            ".github/workflows/sync.yml",
            "on: [pull_request]\njobs:\n  s:\n    steps:\n      - run: ./scripts/sync.sh\n",
        ),
        (
            "scripts/sync.sh",
            "case \"$f\" in\n  SECURITY.md | .github/workflows/govulncheck.yml)\n    echo x ;;\nesac\n",
        ),
        (
            ".github/workflows/govulncheck.yml",
            "on: [schedule]\njobs:\n  govulncheck:\n    steps:\n      - run: echo\n",
        ),
    ]);
    let f = facts(&judge(&ev));
    assert_eq!(f["vulnerability_scanning"], json!([]));
}

#[test]
fn other_systems_and_prow_presubmits() {
    let ev = with_files(&[
        (
            ".prow.yaml",
            "presubmits:\n  - name: pull-r-unit\n    spec:\n      containers:\n        - command: [\"make\", \"test\"]\n          args: [\"go test ./...\"]\n",
        ),
        (
            ".gitlab-ci.yml",
            "include:\n  - template: Security/SAST.gitlab-ci.yml\ntest:\n  script:\n    - pytest -q\n",
        ),
        ("renovate.json", "{}"),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(f["systems"], json!(["gitlab_ci", "prow"]));
    assert_eq!(f["pull_request_triggered"], true);
    assert_eq!(f["runs_tests"], true);
    assert_eq!(f["sast"], json!(["gitlab_sast"]));
    assert_eq!(f["dependency_update_tools"], json!(["renovate"]));
    assert_eq!(j.outcome, Outcome::Met);
}

#[test]
fn check_runs_from_the_api() {
    let mut ev = online(&[(".github/workflows/ci.yml", CI)]);
    let run = |app: &str, name: &str, c: &str| CheckRun {
        app: app.into(),
        name: name.into(),
        status: "completed".into(),
        conclusion: Some(c.into()),
    };
    ev.github.checks = Ok(vec![
        CommitChecks {
            commit: SHA.into(),
            api_url: format!("{API}/commits/{SHA}/check-runs"),
            default_branch_head: true,
            runs: vec![
                run("github-actions", "test", "success"),
                run("github-advanced-security", "CodeQL", "success"),
            ],
        },
        CommitChecks {
            commit: "f".repeat(40),
            api_url: format!("{API}/commits/ffff/check-runs"),
            default_branch_head: false,
            runs: vec![run("github-actions", "test", "failure")],
        },
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(f["recent_runs_passing"], true);
    assert_eq!(
        f["sast"],
        json!(["codeql"]),
        "CodeQL default setup seen in check runs"
    );
    assert_eq!(f["check_runs"][1]["failing"], 1);
    assert_eq!(f["systems"], json!(["github_actions"]));
    assert_eq!(
        system_of_app("k8s-ci-robot", "pull-kubernetes-unit"),
        Some("prow")
    );
    assert_eq!(system_of_app("", "tide"), Some("prow"));
    assert_eq!(system_of_app("dependabot", "x"), None);
    // Failing default branch head.
    if let Ok(list) = ev.github.checks.as_mut() {
        list[0].runs[0].conclusion = Some("failure".into());
    }
    assert_eq!(facts(&judge(&ev))["recent_runs_passing"], false);
}

#[test]
fn test_commands_recognised() {
    for yes in [
        "go test ./...",
        "cargo test --all",
        "cargo +nightly nextest run",
        "make test",
        "make -C sub unit-test",
        "make test-e2e",
        "npm test",
        "yarn run test:unit",
        "pytest -q",
        "python -m pytest",
        "./mvnw -B verify",
        "./gradlew build",
        "bazel test //...",
        "hack/make-rules/test.sh",
        "./scripts/run-tests.sh",
    ] {
        assert!(TEST.is_match(yes), "{yes}");
    }
    for no in [
        "make build",
        "make latest",
        "go build ./...",
        "echo testing",
        "golangci-lint run",
    ] {
        assert!(!TEST.is_match(no), "{no}");
    }
}

/// Issue 19 classes 2 and 6 through the probe: the catalogue's further categories as cited
/// facts (a scheduled scan says its trigger), fuzz tests present but not run, dependency
/// review apart from vulnerability scanning, and a Dependabot file that only updates
/// GitHub Actions and a submodule does not cover the code.
#[test]
fn catalogue_categories_and_bot_scope() {
    let ev = with_files(&[
        (".github/workflows/ci.yml", CI),
        (".github/workflows/scorecard.yml", SCORECARD),
        (
            ".github/workflows/nightly.yml",
            "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  s:\n    steps:\n      - uses: aquasecurity/trivy-action@master\n        with:\n          image-ref: ghcr.io/o/r:main\n      - run: gitleaks detect --source .\n      - uses: fossas/fossa-action@v1\n      - uses: actions/dependency-review-action@v4\n",
        ),
        (
            "pkg/p/fuzz_test.go",
            "package p\n\nfunc FuzzP(f *testing.F) {}\n",
        ),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n  - package-ecosystem: gitsubmodule\n    directory: /\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(f["scorecard"], json!(["scorecard"]));
    assert_eq!(f["image_scanning"], json!(["trivy"]));
    assert_eq!(f["secret_scanning"], json!(["gitleaks"]));
    assert_eq!(f["license_scanning"], json!(["fossa"]));
    assert_eq!(f["dependency_review"], json!(["dependency-review"]));
    assert_eq!(f["vulnerability_scanning"], json!(["govulncheck"]));
    assert_eq!(f["fuzzing"], json!([]));
    assert_eq!(f["dependency_updates_cover_code"], false);
    assert_eq!(f["dependency_updates"][1]["ecosystem"], "gitsubmodule");
    assert_eq!(f["dependency_updates"][1]["line"], 5);
    let uses = f["tools"].as_array().unwrap();
    let trivy = uses.iter().find(|u| u["tool"] == "trivy").unwrap();
    assert_eq!(trivy["triggers"], json!(["schedule"]));
    assert_eq!(trivy["line"], 7);
    let fuzz = uses.iter().find(|u| u["tool"] == "go-fuzz-tests").unwrap();
    assert_eq!(
        (fuzz["runs"].clone(), fuzz["line"].clone()),
        (json!(false), json!(3))
    );
    // A Go module in Dependabot's list covers the code.
    let ev = with_files(&[(
        ".github/dependabot.yml",
        "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n",
    )]);
    assert_eq!(facts(&judge(&ev))["dependency_updates_cover_code"], true);
}

/// Issue 19 class 2: commands decide, names only when no command is known.
#[test]
fn names_never_win_over_commands() {
    let ev = with_files(&[
        (
            ".github/workflows/approve.yml",
            "on: [pull_request_target]\njobs:\n  approve:\n    name: Approve ok-to-test\n    steps:\n      - run: gh pr review --approve\n",
        ),
        (
            ".github/workflows/images.yml",
            "on: [pull_request]\njobs:\n  b:\n    steps:\n      - name: Test\n        run: docker build -t x .\n      - run: make install-test-tools\n",
        ),
        (
            ".github/workflows/fossa.yml",
            "on: [pull_request]\njobs:\n  f:\n    steps:\n      - name: Run FOSSA test\n        uses: fossas/fossa-action@v1\n",
        ),
        (
            "Makefile",
            "install-test-tools:\n\tgo install gotest.tools/gotestsum@latest\n",
        ),
    ]);
    let f = facts(&judge(&ev));
    for w in f["workflows"].as_array().unwrap() {
        assert_eq!(w["runs_tests"], false, "{w}");
    }
    assert_eq!(f["runs_tests"], false);
}

/// Issue 19 class 3: pull request coverage through the call graph, and the facts that
/// limit it (paths filters, the merge queue, non-blocking and skipped jobs).
#[test]
fn pull_request_coverage_through_callers_with_its_limits() {
    let ev = with_files(&[
        (
            ".github/workflows/pr.yml",
            "on:\n  pull_request:\n    paths: ['go/**']\njobs:\n  unit:\n    uses: ./.github/workflows/unit.yml\n  e2e:\n    continue-on-error: true\n    steps:\n      - run: go test ./e2e\n  push:\n    if: github.event_name == 'push'\n    steps:\n      - run: docker push x\n",
        ),
        (
            ".github/workflows/unit.yml",
            "on: workflow_call\njobs:\n  t:\n    steps:\n      - run: go test ./...\n",
        ),
        (
            ".github/workflows/mq.yml",
            "on: [merge_group]\njobs:\n  t:\n    steps:\n      - run: 'true'\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    let w = |p: &str| {
        f["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["path"] == p)
            .unwrap()
            .clone()
    };
    let unit = w(".github/workflows/unit.yml");
    assert_eq!(unit["called_by"][0], ".github/workflows/pr.yml");
    assert_eq!(unit["runs_tests"], true);
    let pr = w(".github/workflows/pr.yml");
    assert_eq!(pr["pull_request_paths_filter"], true);
    assert_eq!(pr["non_blocking_jobs"][0], "e2e");
    assert_eq!(pr["jobs_skipped_on_pull_requests"][0], "push");
    assert_eq!(w(".github/workflows/mq.yml")["merge_queue_only"], true);
    // The callee's pull request coverage is cited at the caller's `uses:` line.
    assert!(j.citations.iter().any(|c| {
        c.supports.iter().any(|s| s == "pull_request_triggered")
            && c.path.as_deref() == Some(".github/workflows/pr.yml")
            && c.lines == Some([6, 6])
    }));
}

/// Issue 19 class 4: a Cloud Build file that tests after merge is not pull request CI, and
/// only Prow-shaped OWNERS files mark a Prow project.
#[test]
fn cloud_build_after_merge_and_prow_shaped_owners() {
    let ev = with_files(&[
        (
            "cloudbuild.yaml",
            "steps:\n  - name: golang:1.22\n    args: ['make', 'test', 'BRANCH=$_PULL_BASE_REF']\n",
        ),
        ("OWNERS", "owners:\n  - alice\n"),
    ]);
    let f = facts(&judge(&ev));
    assert_eq!(f["change_systems"], json!([]));
    assert_eq!(f["triggered_outside"][0]["trigger"], "after_merge");
    assert_eq!(f["triggered_outside"][0]["line"], 3);
    assert_eq!(f["triggered_outside"][0]["runs"], json!(["golang"]));
    assert!(f.get("prow_jobs_elsewhere").is_none_or(|v| v.is_null()));
    assert!(files::prow_shaped_owners(
        "approvers:\n  - alice\nreviewers: [bob]\n"
    ));
    assert!(files::prow_shaped_owners("reviewers: [bob]\n"));
    assert!(!files::prow_shaped_owners("owners:\n  approvers:\n  - a\n"));
    assert!(!files::prow_shaped_owners("approvers:\n\nmaintainers: x\n"));
    assert!(files::prow_shaped_owners(
        "filters:\n  .*:\n    reviewers:\n    - team\n"
    ));
}

/// Review class 1: a test job whose `if:` excludes pull requests, and Maven/Gradle builds
/// told to skip the tests, are no tests of a pull request.
#[test]
fn tests_kept_off_pull_requests_or_skipped_do_not_count() {
    let wf = "on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: mvn -B -Pprod -DskipTests install\n      - run: ./gradlew build -x test\n      - run: mvn -B package -Dmaven.test.skip=true\n  test:\n    if: github.event_name == 'push'\n    runs-on: x\n    steps:\n      - run: go test ./...\n";
    let j = judge(&with_files(&[(".github/workflows/ci.yml", wf)]));
    let f = facts(&j);
    assert_eq!(f["pull_request_triggered"], true);
    assert_eq!(f["runs_tests"], false, "{}", j.summary);
    assert_eq!(f["workflows"][0]["runs_tests"], false);
    assert_eq!(
        f["workflows"][0]["jobs_skipped_on_pull_requests"],
        json!(["test"])
    );
    // The same builds running their tests count.
    let wf = "on: [pull_request]\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: mvn -B -DskipTests=false install\n";
    let f = facts(&judge(&with_files(&[(".github/workflows/ci.yml", wf)])));
    assert_eq!(f["runs_tests"], true);
}

/// Review classes 2 and 5: a CircleCI file whose jobs are filtered to `main` and tags, and a
/// Cloud Build file whose comment states its trigger, are said apart, not as pull request CI.
#[test]
fn other_systems_triggered_off_pull_requests_are_not_change_ci() {
    let circle = "version: 2.1\njobs:\n  test:\n    steps:\n      - run: make test\nworkflows:\n  ci:\n    jobs:\n      - test:\n          filters:\n            branches:\n              only: main\n";
    let gcb = "# Triggered when a tag is pushed; builds the release.\nsteps:\n- name: gcr.io/cloud-builders/go\n  args: ['test', './...']\n";
    let j = judge(&with_files(&[
        (".circleci/config.yml", circle),
        ("gcb/release-build.yaml", gcb),
    ]));
    let f = facts(&j);
    assert_eq!(f["change_systems"], json!([]), "{}", j.summary);
    assert_ne!(f["runs_tests"], true);
    let outside = f["triggered_outside"].as_array().unwrap();
    assert_eq!(outside.len(), 2, "{outside:#?}");
    let circle = outside.iter().find(|x| x["system"] == "circleci").unwrap();
    assert_eq!(circle["trigger"], "branches");
    assert_eq!(circle["line"], 12);
    let gcb = outside
        .iter()
        .find(|x| x["system"] == "google_cloud_build")
        .unwrap();
    assert_eq!(gcb["trigger"], "comment");
    assert_eq!(gcb["line"], 1);
    assert_eq!(
        gcb["comment"],
        "Triggered when a tag is pushed; builds the release."
    );
}

/// Review class 1: installers, gates and compile-only steps are no test runs; a runner held
/// in a variable is one.
#[test]
fn runners_are_words_of_their_own() {
    for yes in [
        "CGO_ENABLED=1 $(GO) test -v -cover ./...",
        "{{ _cargo-test }} --frozen --workspace",
        "$(GOTEST) ./pkg/...",
        "make check",
        "./hack/run-tests.sh",
        "node_modules/.bin/jest",
    ] {
        assert!(
            TEST.is_match(yes) && !NOT_TEST_COMMAND.is_match(yes),
            "{yes}"
        );
    }
    for no in [
        "script/setup/install-gotestsum",
        "install-ginkgo-if-not-exist",
        "make check-protos",
        "script/test/test2annotation.sh out.json",
    ] {
        assert!(!TEST.is_match(no), "{no}");
    }
    for built in [
        "$(GO) test -v -c -o bin/x.test ./pkg",
        "go test -c ./e2e",
        "go tool ginkgo build ./suites/...",
        "make -C e2e test.build",
    ] {
        assert!(NOT_TEST_COMMAND.is_match(built), "{built}");
    }
    assert!(NOT_TEST_NAME.is_match("Check whether tests need to be run based on diff"));
    assert!(!NOT_TEST_NAME.is_match("Run unit tests"));
}

/// Review class 1: a test target under which no runner is recognised (a suite run in a pod)
/// runs the tests its name says; one under which a runner is recognised is counted once,
/// at the runner, cited at the physical line that holds it.
#[test]
fn test_targets_count_and_continued_runners_are_cited_at_their_line() {
    let ev = with_files(&[
        (
            ".github/workflows/e2e.yml",
            "on: pull_request\njobs:\n  e:\n    runs-on: x\n    steps:\n      - run: make -C e2e test.run\n      - run: make unit\n",
        ),
        (
            "e2e/Makefile",
            "test.run:\n\tkind load image-archive x.tar\n\tkubectl run --rm -i e2e --image=e2e:1\n",
        ),
        (
            "Makefile",
            "unit:\n\tREGISTRY=x \\\n\t  go test -race \\\n\t  ./...\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    assert_eq!(f["workflows"][0]["runs_tests"], true);
    assert_eq!(f["workflows"][0]["test_commands"], 2);
    let lines: Vec<(Option<&str>, Option<[u32; 2]>)> = j
        .citations
        .iter()
        .filter(|c| c.supports.iter().any(|s| s == "runs_tests"))
        .map(|c| (c.path.as_deref(), c.lines))
        .collect();
    assert!(
        lines.contains(&(Some(".github/workflows/e2e.yml"), Some([6, 6]))),
        "{lines:?}"
    );
    assert!(
        lines.contains(&(Some("Makefile"), Some([3, 3]))),
        "{lines:?}"
    );
}

/// Review classes 1 and 2: a reusable workflow's tests are its own (counted and cited at
/// its step), not only its caller's.
#[test]
fn reusable_workflows_tests_are_their_own() {
    let ev = with_files(&[
        (
            ".github/workflows/ci.yml",
            "on: pull_request\njobs:\n  unit:\n    uses: ./.github/workflows/unit.yml\n  side:\n    runs-on: x\n    steps:\n      - run: pytest -q\n",
        ),
        (
            ".github/workflows/unit.yml",
            "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make test\n",
        ),
        (
            "Makefile",
            "test:\n\tgo test ./...\n\tgo test -race ./pkg/...\n",
        ),
    ]);
    let j = judge(&ev);
    let f = facts(&j);
    let w = |p: &str| {
        f["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["path"] == p)
            .unwrap()
            .clone()
    };
    assert_eq!(w(".github/workflows/unit.yml")["test_commands"], 2);
    assert_eq!(w(".github/workflows/ci.yml")["test_commands"], 1);
    assert!(j.citations.iter().any(|c| {
        c.supports
            .iter()
            .any(|s| s == "workflows[.github/workflows/unit.yml]")
            && c.supports.iter().any(|s| s == "runs_tests")
            && c.path.as_deref() == Some(".github/workflows/unit.yml")
            && c.lines == Some([6, 6])
    }));
}

/// Review class 1: tests run only by a scheduled workflow, beside a pull request workflow
/// that runs none, do not make every pull request tested.
#[test]
fn tests_off_pull_requests_do_not_meet_the_check() {
    let ev = with_files(&[
        (
            ".github/workflows/ci.yml",
            "on: pull_request\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: go build ./...\n",
        ),
        (
            ".github/workflows/nightly.yml",
            "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: ./tests/ci/conformance_test.sh\n",
        ),
    ]);
    let j = judge(&ev);
    assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
}
