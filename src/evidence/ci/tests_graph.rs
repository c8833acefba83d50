//! The graph's edges, one test per kind, on small synthetic repositories.
#![allow(clippy::unwrap_used)]

use super::tests::snap;
use super::*;

fn wf(steps: &str) -> String {
    format!("on: [pull_request]\njobs:\n  a:\n    runs-on: x\n    steps:\n{steps}")
}

fn cmd<'m>(m: &'m CiModel, needle: &str) -> Option<&'m Command> {
    m.commands.iter().find(|c| c.text.contains(needle))
}

fn chain_of(c: &Command) -> Vec<(String, Vec<u32>)> {
    CiModel::chain(&c.at, &c.via)
}

#[test]
fn make_targets_in_included_files_with_variables_and_sub_makes() {
    let m = build(&snap(&[
        (".github/workflows/ci.yml", &wf("      - run: make lint\n")),
        (
            "Makefile",
            "GOLANGCI_LINT ?= $(LOCALBIN)/golangci-lint\nLOCALBIN = bin\ninclude build/lint.mk\n\ninstall-test-tools:\n\tgo install x\n",
        ),
        (
            "build/lint.mk",
            "lint: vet\n\t$(GOLANGCI_LINT) run ./...\n\t$(MAKE) -C sub check\nvet:\n\tgo vet ./...\n",
        ),
        ("sub/Makefile", "check:\n\tgovulncheck ./...\n"),
    ]));
    let lint = cmd(&m, "golangci-lint run").unwrap();
    assert_eq!(lint.text, "bin/golangci-lint run ./...");
    assert_eq!(
        chain_of(lint),
        vec![
            ("build/lint.mk".to_string(), vec![2, 1]),
            (".github/workflows/ci.yml".to_string(), vec![6]),
        ]
    );
    let vet = cmd(&m, "go vet").unwrap();
    assert_eq!(vet.at, Loc::new("build/lint.mk", 5));
    let vuln = cmd(&m, "govulncheck").unwrap();
    assert_eq!(vuln.at, Loc::new("sub/Makefile", 2));
    assert!(vuln.via.contains(&Loc::new("build/lint.mk", 3)));
    // The `make lint` step was followed: what it runs is known.
    assert!(cmd(&m, "make lint").unwrap().followed);
    assert!(!cmd(&m, "go vet").unwrap().followed);
}

#[test]
fn a_make_target_that_is_not_defined_is_not_followed() {
    let m = build(&snap(&[
        (".github/workflows/ci.yml", &wf("      - run: make test\n")),
        ("Makefile", "%:\n\techo generic\nbuild:\n\tgo build\n"),
    ]));
    let c = cmd(&m, "make test").unwrap();
    assert!(!c.followed);
    assert!(cmd(&m, "go build").is_none());
}

#[test]
fn just_recipes_with_dependencies() {
    let m = build(&snap(&[
        (".github/workflows/ci.yml", &wf("      - run: just lint\n")),
        (
            "justfile",
            "set shell := [\"bash\", \"-c\"]\n\n# lint everything\nlint: fmt\n    golangci-lint run\n\nfmt:\n    @gofmt -l .\n",
        ),
    ]));
    let c = cmd(&m, "golangci-lint run").unwrap();
    assert_eq!(c.at, Loc::new("justfile", 5));
    assert_eq!(c.via.last(), Some(&Loc::new("justfile", 4)));
    assert_eq!(cmd(&m, "gofmt").unwrap().at, Loc::new("justfile", 8));
}

#[test]
fn tox_environments_and_their_base() {
    let tox = "[tox]\nenvlist = py311, lint\n\n[testenv]\ncommands =\n    pytest {posargs}\n\n[testenv:lint]\ncommands =\n    bandit -r src\n    flake8\n";
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            &wf("      - run: tox -e lint\n      - run: tox -e py311\n"),
        ),
        ("tox.ini", tox),
    ]));
    assert_eq!(cmd(&m, "bandit").unwrap().at, Loc::new("tox.ini", 10));
    assert_eq!(cmd(&m, "pytest").unwrap().at, Loc::new("tox.ini", 6));
    assert_eq!(cmd(&m, "pytest").unwrap().text, "pytest");
}

#[test]
fn npm_yarn_and_pnpm_scripts() {
    let pkg = "{\n  \"name\": \"x\",\n  \"scripts\": {\n    \"pretest\": \"eslint .\",\n    \"test\": \"jest --ci\",\n    \"build\": \"tsc\"\n  }\n}\n";
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            &wf(
                "      - run: npm test\n      - run: yarn build\n        working-directory: web\n      - run: npm ci\n",
            ),
        ),
        ("package.json", pkg),
        ("web/package.json", pkg),
    ]));
    let jest = cmd(&m, "jest").unwrap();
    assert_eq!(jest.at, Loc::new("package.json", 5));
    assert!(cmd(&m, "eslint").is_some());
    assert_eq!(cmd(&m, "tsc").unwrap().at, Loc::new("web/package.json", 6));
    assert!(!cmd(&m, "npm ci").unwrap().followed);
}

#[test]
fn reusable_workflows_know_their_callers() {
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            "on:\n  pull_request:\n    paths: ['src/**']\njobs:\n  t:\n    uses: ./.github/workflows/test.yml\n",
        ),
        (
            ".github/workflows/test.yml",
            "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: go test ./...\n",
        ),
        (
            ".github/workflows/lonely.yml",
            "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: cargo test\n",
        ),
    ]));
    let test = m
        .workflows
        .iter()
        .find(|w| w.path.ends_with("test.yml"))
        .unwrap();
    assert_eq!(test.called_from.len(), 1);
    assert_eq!(
        test.called_from[0].1,
        Loc::new(".github/workflows/ci.yml", 6)
    );
    let ci = &m.workflows[test.called_from[0].0];
    assert_eq!(ci.triggers[0].paths_filter, Some(3));
    // Run through the caller, once.
    let go: Vec<&Command> = m
        .commands
        .iter()
        .filter(|c| c.text.starts_with("go test"))
        .collect();
    assert_eq!(go.len(), 1, "{go:#?}");
    assert_eq!(m.root_path(go[0].root), ".github/workflows/ci.yml");
    // A reusable workflow nothing here calls is still read, as its own entry point.
    let c = cmd(&m, "cargo test").unwrap();
    assert_eq!(m.root_path(c.root), ".github/workflows/lonely.yml");
}

#[test]
fn job_conditions_and_continue_on_error() {
    let m = build(&snap(&[(
        ".github/workflows/ci.yml",
        "on: [push, pull_request]\njobs:\n  publish:\n    if: github.event_name == 'push'\n    runs-on: x\n    steps:\n      - run: make push\n  flaky:\n    continue-on-error: true\n    runs-on: x\n    steps:\n      - run: go test ./e2e\n  either:\n    if: github.event_name == 'push' || github.event_name == 'pull_request'\n    runs-on: x\n    steps:\n      - run: true\n",
    )]));
    assert_eq!(m.jobs.len(), 3);
    assert!(m.jobs[0].skips_pull_requests);
    assert_eq!(m.jobs[0].condition.as_ref().unwrap().1, 4);
    assert_eq!(m.jobs[1].continue_on_error, Some(9));
    assert!(!m.jobs[1].skips_pull_requests);
    assert!(!m.jobs[2].skips_pull_requests);
    assert_eq!(cmd(&m, "go test").unwrap().job, Some(1));
    assert_eq!(m.jobs[1].commands, 1);
}

#[test]
fn cloud_build_triggers_as_the_file_says() {
    let m = build(&snap(&[
        (
            "cloudbuild.yaml",
            "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: ['build', '-t', 'x:$_PULL_BASE_REF', '.']\n",
        ),
        (
            "gcb/release.yaml",
            "steps:\n  - name: gcr.io/k8s/x\n    args: ['make', 'release', 'TAG=$TAG_NAME']\n",
        ),
        ("release/cloudbuild.yaml", "steps:\n  - name: x\n"),
    ]));
    let t = |p: &str| {
        m.others
            .iter()
            .find(|o| o.path == p)
            .and_then(|o| o.trigger)
    };
    assert_eq!(
        t("cloudbuild.yaml"),
        Some((OtherTrigger::AfterMerge, Some(3)))
    );
    assert_eq!(t("gcb/release.yaml"), Some((OtherTrigger::Tags, Some(3))));
    assert_eq!(
        t("release/cloudbuild.yaml"),
        Some((OtherTrigger::Unknown, None))
    );
}

#[test]
fn a_script_called_many_times_is_followed_once_per_entry_point() {
    let calls = "./hack/x.sh; ".repeat(5_000);
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            &wf(&format!("      - run: {calls}\n")),
        ),
        ("hack/x.sh", "# c\n# c\ngo test ./...\n"),
    ]));
    assert_eq!(
        m.commands
            .iter()
            .filter(|c| c.text == "go test ./...")
            .count(),
        1
    );
}

#[test]
fn chain_names_each_file_once_innermost_first() {
    let at = Loc::new("scripts/publish.sh", 53);
    let via = [
        Loc::new(".github/workflows/release.yaml", 20),
        Loc::new(".github/workflows/reusable_publish.yaml", 12),
        Loc::new(".github/workflows/reusable_publish.yaml", 30),
    ];
    assert_eq!(
        CiModel::chain(&at, &via),
        vec![
            ("scripts/publish.sh".to_string(), vec![53]),
            (
                ".github/workflows/reusable_publish.yaml".to_string(),
                vec![30, 12]
            ),
            (".github/workflows/release.yaml".to_string(), vec![20]),
        ]
    );
}

#[test]
fn make_parser_reads_rules_variables_and_includes() {
    let mf = make::parse(
        "Makefile",
        "A := 1\nB ?= $(A)\ninclude $(DIR)/x.mk y.mk\n-include z.mk\ndefine X\nfoo: bar\nendef\nall: a b | order\n\t@echo hi\n\tgo build \\\n\t  ./...\nt: V=1\n%.o: %.c\n\tcc\n",
    );
    assert_eq!(mf.includes, vec!["y.mk", "z.mk"]);
    let names: Vec<&str> = mf
        .rules
        .iter()
        .flat_map(|(t, _)| t.iter().map(String::as_str))
        .collect();
    assert_eq!(names, vec!["all"]);
    let all = &mf.rules[0].1;
    assert_eq!(all.prerequisites, vec!["a", "b", "order"]);
    assert_eq!(all.recipe, vec![(10, "go build  ./...".to_string())]);
    let inv = make::invocation(&["-C", "sub", "-j4", "V=1", "test", "--file=x.mk"]);
    assert_eq!(inv.dir.as_deref(), Some("sub"));
    assert_eq!(inv.file.as_deref(), Some("x.mk"));
    assert_eq!(inv.targets, vec!["test"]);
}

/// Review class 1: a step's, a job's or a calling job's `if:` that is false for pull request
/// events marks what it runs (commands and actions), composite actions included.
#[test]
fn conditions_that_keep_steps_off_pull_requests_mark_their_commands() {
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            "on: [push, pull_request]\njobs:\n  unit:\n    runs-on: x\n    steps:\n      - run: go vet ./...\n      - if: github.event_name == 'push'\n        run: go test ./...\n      - if: github.event_name == 'push'\n        uses: ./.github/actions/e2e\n      - uses: actions/checkout@v4\n  nightly:\n    if: github.event_name == 'schedule'\n    uses: ./.github/workflows/reusable.yml\n",
        ),
        (
            ".github/actions/e2e/action.yml",
            "runs:\n  using: composite\n  steps:\n    - run: make e2e\n      shell: bash\n",
        ),
        (
            ".github/workflows/reusable.yml",
            "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: cargo test\n      - uses: aquasecurity/trivy-action@v1\n",
        ),
    ]));
    assert!(!cmd(&m, "go vet").unwrap().skips_pull_requests);
    assert!(cmd(&m, "go test").unwrap().skips_pull_requests);
    assert!(cmd(&m, "make e2e").unwrap().skips_pull_requests);
    assert!(cmd(&m, "cargo test").unwrap().skips_pull_requests);
    let action = |a: &str| m.actions.iter().find(|x| x.uses.starts_with(a)).unwrap();
    assert!(!action("actions/checkout").skips_pull_requests);
    assert!(action("./.github/actions/e2e").skips_pull_requests);
    assert!(action("aquasecurity/trivy-action").skips_pull_requests);
}

/// Review class 2: CircleCI's workflow filters say when it runs; a job without filters
/// runs on every pushed branch, which says nothing of pull requests.
#[test]
fn circleci_filters_and_schedules_say_when_it_runs() {
    use super::OtherTrigger;
    let filtered = "version: 2.1\njobs:\n  build:\n    steps: [checkout]\nworkflows:\n  version: 2\n  main:\n    jobs:\n      - publish:\n          filters:\n            branches:\n              only: main\n      - release:\n          filters:\n            tags:\n              only: /^v.*/\n            branches:\n              ignore: /.*/\n";
    let m = build(&snap(&[(".circleci/config.yml", filtered)]));
    assert_eq!(
        m.others[0].trigger,
        Some((OtherTrigger::Branches, Some(12)))
    );
    let open = "version: 2.1\nworkflows:\n  ci:\n    jobs:\n      - test\n      - publish:\n          filters:\n            branches:\n              only: main\n";
    let m = build(&snap(&[(".circleci/config.yml", open)]));
    assert_eq!(m.others[0].trigger, None);
    let nightly = "version: 2.1\nworkflows:\n  nightly:\n    triggers:\n      - schedule:\n          cron: '0 0 * * *'\n    jobs:\n      - scan\n";
    let m = build(&snap(&[(".circleci/config.yml", nightly)]));
    assert_eq!(m.others[0].trigger, Some((OtherTrigger::Schedule, Some(5))));
}

/// Review class 5: a Cloud Build file whose trigger only a comment states is said with that
/// comment (and its line); a comment about pull requests or a runner is not a trigger.
#[test]
fn a_comment_that_states_the_trigger_is_kept() {
    use super::OtherTrigger;
    let gcb = "# This build config is meant to be triggered when a tag is pushed to the repo\n# and pushes a release to a bucket.\nsteps:\n- name: gcr.io/cloud-builders/docker\n  args: ['build', '.']\n";
    let m = build(&snap(&[("gcb/build.yaml", gcb)]));
    let o = &m.others[0];
    assert_eq!(o.trigger, Some((OtherTrigger::Comment, Some(1))));
    assert!(
        o.trigger_comment
            .as_deref()
            .unwrap()
            .starts_with("This build config is meant to be triggered when a tag")
    );
    let plain = "# Builds the images.\n# Checks pull requests triggered by the bot.\nsteps:\n- name: gcr.io/cloud-builders/docker\n";
    let m = build(&snap(&[("cloudbuild.yaml", plain)]));
    assert_eq!(m.others[0].trigger, Some((OtherTrigger::Unknown, None)));
    assert_eq!(m.others[0].trigger_comment, None);
    // A variable the file reads wins over a comment.
    let tagged = "# This is triggered by a post-submit job\nsteps:\n- name: gcr.io/x\n  args: ['$TAG_NAME']\n";
    let m = build(&snap(&[("cloudbuild.yaml", tagged)]));
    assert_eq!(m.others[0].trigger, Some((OtherTrigger::Tags, Some(4))));
}

/// Review class 4: `make verify` whose prerequisites are a variable filled by `+=` in files
/// included by a glob, one of them a level deeper, reaches the linter's command.
#[test]
fn make_targets_through_glob_includes_and_appended_variables() {
    let m = build(&snap(&[
        (
            ".github/workflows/ci.yml",
            "on: pull_request\njobs:\n  v:\n    runs-on: x\n    steps:\n      - run: make verify\n",
        ),
        (
            "Makefile",
            "-include make/_shared/*/01_mod.mk\n-include make/02_mod.mk\n",
        ),
        (
            "make/_shared/go/01_mod.mk",
            "GOLANGCI_LINT := bin/golangci-lint\nshared_verify_targets += verify-golangci-lint\nverify-golangci-lint:\n\t$(GOLANGCI_LINT) run ./...\n",
        ),
        (
            "make/_shared/boilerplate/01_mod.mk",
            "shared_verify_targets += verify-boilerplate\nverify-boilerplate:\n\t./hack/boilerplate.sh\n",
        ),
        (
            "make/02_mod.mk",
            "verify: $$(shared_verify_targets)\n\t@echo done\n",
        ),
    ]));
    let c = cmd(&m, "bin/golangci-lint run").unwrap();
    assert_eq!(c.at, Loc::new("make/_shared/go/01_mod.mk", 4));
    assert!(cmd(&m, "./hack/boilerplate.sh").is_some());
}

#[test]
fn make_globs_never_cross_a_slash() {
    use super::follow::glob_matches;
    assert!(glob_matches(
        "make/_shared/*/01_mod.mk",
        "make/_shared/go/01_mod.mk"
    ));
    assert!(!glob_matches(
        "make/_shared/*/01_mod.mk",
        "make/_shared/a/b/01_mod.mk"
    ));
    assert!(glob_matches("make/*.mk", "make/ci.mk"));
    assert!(!glob_matches("make/*.mk", "make/x/ci.mk"));
    assert!(glob_matches("a?c", "abc"));
    assert!(!glob_matches("a?c", "a/c"));
    assert!(glob_matches("*", "Makefile"));
}

proptest::proptest! {
    /// The trigger readers and the glob take any text without panicking, and a glob
    /// without wildcards matches only itself.
    #[test]
    fn trigger_readers_and_globs_take_any_text(text in "(#|//| |\\n|[a-z:/*?.-]|triggered|filters|only|branches|workflows|jobs){0,80}", path in "[a-z/*?.]{0,24}") {
        let _ = super::triggers::circleci(&text);
        let _ = super::other::trigger_comment(&text);
        let _ = super::follow::glob_matches(&text, &path);
        if !path.contains('*') && !path.contains('?') {
            proptest::prop_assert!(super::follow::glob_matches(&path, &path));
        }
    }
}

/// Review class 3: a job kept off pushes to a branch runs only on pull requests there; one
/// kept to pull requests of a title is not the pull requests of changes.
#[test]
fn conditions_on_the_ref_and_the_pull_request_title() {
    use super::walk::skips_pull_requests;
    assert!(skips_pushes("github.ref != 'refs/heads/main'"));
    assert!(skips_pushes(
        "github.event_name == 'pull_request' && !github.event.pull_request.draft"
    ));
    assert!(!skips_pushes(
        "github.ref != 'refs/heads/main' || github.event_name == 'push'"
    ));
    assert!(!skips_pushes("github.repository == 'o/r'"));
    assert!(skips_pull_requests(
        "startsWith(github.event.pull_request.title, 'Release ')"
    ));
    assert!(skips_pull_requests(
        "contains(github.event.pull_request.labels.*.name, 'e2e')"
    ));
    assert!(!skips_pull_requests(
        "!contains(github.event.pull_request.labels.*.name, 'skip-ci')"
    ));
}

/// Review class 4: `$(MAKE) build-$$platform` runs targets this scan cannot name, never the
/// default goal (whose lint would then be said to run in the release).
#[test]
fn a_make_target_named_by_a_variable_is_not_the_default_goal() {
    let m = build(&snap(&[
        (
            ".github/workflows/release.yml",
            &wf("      - run: make all-platforms\n"),
        ),
        (
            "Makefile",
            ".DEFAULT_GOAL := lint\nlint:\n\tgolangci-lint run\nall-platforms:\n\tfor p in a b; do $(MAKE) build-$$p; done\nbuild-a:\n\tgo build\n",
        ),
    ]));
    assert!(cmd(&m, "golangci-lint").is_none(), "{:#?}", m.commands);
    let inv = make::invocation(&["build-$$p"]);
    assert!(inv.unresolved_target && inv.targets.is_empty());
}

/// Review class 2: `owner/name/.github/workflows/x.yml@main` of the scanned repository is
/// its own file: walked like a local one, recorded as local, never "another repository".
#[test]
fn own_workflows_named_with_owner_and_name_are_local() {
    let s = snap(&[
        (
            ".github/workflows/periodic.yml",
            "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  w:\n    uses: Acme/Tool/.github/workflows/windows.yml@main\n  o:\n    uses: other/repo/.github/workflows/x.yml@v1\n",
        ),
        (
            ".github/workflows/windows.yml",
            "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: go test ./...\n",
        ),
    ]);
    let m = super::build_of(&s, Some("acme/tool"));
    let go = cmd(&m, "go test").unwrap();
    assert_eq!(m.root_path(go.root), ".github/workflows/periodic.yml");
    assert_eq!(go.via, vec![Loc::new(".github/workflows/periodic.yml", 6)]);
    let uses: Vec<&str> = m.actions.iter().map(|a| a.uses.as_str()).collect();
    assert!(
        uses.contains(&"./.github/workflows/windows.yml"),
        "{uses:?}"
    );
    assert!(
        uses.contains(&"other/repo/.github/workflows/x.yml@v1"),
        "{uses:?}"
    );
    // Without the repository's name it stays a remote reference.
    let m = build(&s);
    assert!(m.actions.iter().any(|a| a.uses.starts_with("Acme/Tool/")));
}
