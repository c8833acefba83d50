//! What the ci-checks probe recognises in CI configuration by its own rules: test commands
//! and names. Security analyzers, scanners, linters and bots are the tool catalogue's
//! (`probes/catalogue/tools.yml`, recognised by `evidence::tools`).

use std::sync::LazyLock;

use regex::Regex;

use super::super::util::compile;

/// Commands that run a test suite.
pub(crate) static TEST: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        // A runner is a word of its own: `install-gotestsum` or `setup-ginkgo` installs one.
        r"(?:^|[^\w-])(go\s+test\b|gotestsum\b|ginkgo\b|cargo\s+(\+\S+\s+)?(test|nextest|tarpaulin|llvm-cov)\b",
        r"|(npm|pnpm|yarn|bun)\s+(run\s+)?test\b|npx\s+(jest|vitest|mocha)\b|jest\b|vitest\b|mocha\b",
        r"|pytest\b|python\d?(\.\d+)?\s+-m\s+(pytest|unittest)\b|tox\b|nox\b",
        r"|(mvnw|mvn)\b[^\n]*\b(test|verify|install|package)\b|(gradlew|gradle)\b[^\n]*\b(test|check|build)\b",
        r"|ctest\b|bazel(isk)?\s+test\b|dotnet\s+test\b|phpunit\b|rspec\b|bundle\s+exec\s+rake\b",
        r"|mix\s+test\b|swift\s+test\b|zig\s+build\s+test\b|deno\s+test\b",
        r"|bats\b|kuttl\s+test\b|chainsaw\s+test\b|ct\s+(install|lint-and-install)\b|helm\s+test\b)",
        // `make check`, not `make check-protos`.
        r"|\bmake\b[^;&|#\n]*?\s(-\S+\s+)*([\w.-]*[-_])?tests?([-_:][\w-]*)?\b|\bmake\s+(-\S+\s+)*check([\s;&|)]|$)",
        // A script named for tests (`run-tests.sh`, `test_e2e.sh`, not `test2annotation.sh`).
        r"|[\w./-]*[/_-]tests?([-_][\w-]*)?\.sh\b|\btests?([-_][\w-]*)?\.sh\b",
        // A runner held in a variable at command position, named for it (`$(GOTEST)`,
        // `{{ _cargo-test }}`, `${GO_TEST_CMD}`), or a program in a variable told to test
        // (`$(GO) test`, `{{ _cargo }} nextest`).
        r"|^\s*(\w+=\S*\s+)*(\{\{\s*[\w-]*(?i:test)[\w-]*\s*\}\}|\$[({]\w*(?i:test)\w*[)}])(\s|$)",
        r"|^\s*(\w+=\S*\s+)*(\{\{\s*[\w-]+\s*\}\}|\$[({]\w+[)}])\s+(test|nextest)(\s|$)",
    ))
});

/// Workflow, job and step names that say they test (`Conformance Tests`, `e2e`,
/// `integration-test`): what the checks list of a pull request shows its reviewers.
pub(crate) static TEST_NAME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(^|[^a-z0-9])(tests?|testing|e2e|conformance|integration|end[- ]to[- ]end)([^a-z0-9]|$)",
    )
});

/// Packit's test jobs and pull request trigger (`.packit.yaml`).
pub(super) static PACKIT_TESTS: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(-\s*)?job:\s*['\x22]?tests['\x22]?\s*(#.*)?$"));
pub(super) static PACKIT_PR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(-\s*)?trigger:\s*['\x22]?pull_request['\x22]?\s*(#.*)?$"));

/// Names of checks that look at tests without running them (`lint-test-e2e`), and of
/// gates that decide whether tests run (`Check whether tests need to be run based on diff`).
pub(super) static NOT_TEST_NAME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)lint|vet\b|format|fmt\b|spell|label|coverage\s+report|approve|ok-to-test|licen[cs]e|fossa|install|checker|creator|enqueue|trigger|whether|\bdiff\b|changes|changed|\bneeds?\b|\bskip",
    )
});

/// Commands that name tests without running them: installing test tools, building test
/// images (`make install-test-tools`, `make test-images`); Maven and Gradle builds told to
/// skip the tests (`-DskipTests`, `-Dmaven.test.skip=true`, `-x test`).
pub(super) static NOT_TEST_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i)\b(mvnw?|gradlew|gradle)\b[^;&|#\n]*\s(-DskipTests(=true)?|-Dmaven\.test\.skip(\.exec)?(=true)?|(-x|--exclude-task)\s+:?test)(\s|$|['\x22;&|])|",
        r"(?i)\bmake\b[^;&|#\n]*\b((install|setup|deps|build|push|clean)[\w-]*tests?[\w-]*|[\w-]*tests?[-_.](tools|deps|images?|build|bin|binaries))\b",
        // `go test -c` and `ginkgo build` compile test binaries without running them.
        r"|(\bgo|\$[({]\w+[)}])\s+test\b[^;&|#\n]*\s-c(\s|$)|\bginkgo\s+(build|version|help|bootstrap|generate)\b",
        r"|^\s*(sudo\s+)?(\w+=\S*\s+)*(go\s+(install|get)|pip3?\s+install|cargo\s+(install|binstall)|apt(-get)?\s+install|brew\s+install|npm\s+(i|install|ci)|yarn\s+add)\b",
    ))
});

/// Folders where CI configuration lives: an absence is evidence only when they were listed.
pub(super) const CI_DIRS: [&str; 9] = [
    "",
    ".github",
    ".github/workflows",
    ".circleci",
    ".ci",
    ".tekton",
    ".buildkite",
    ".prow",
    ".zuul.d",
];
