//! What the ci-checks probe recognises in CI configuration: test commands and names,
//! security analyzers, dependency scanners, linters and dependency-update bots.

use std::sync::LazyLock;

use regex::Regex;

use super::super::util::compile;

/// Commands that run a test suite.
pub(crate) static TEST: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"\b(go\s+test\b|gotestsum\b|ginkgo\b|cargo\s+(\+\S+\s+)?(test|nextest|tarpaulin|llvm-cov)\b",
        r"|make\b[^;&|#\n]*?\s(-\S+\s+)*([\w.-]*[-_])?tests?([-_:][\w-]*)?\b|make\s+(-\S+\s+)*check\b",
        r"|(npm|pnpm|yarn|bun)\s+(run\s+)?test\b|npx\s+(jest|vitest|mocha)\b|jest\b|vitest\b|mocha\b",
        r"|pytest\b|python\d?(\.\d+)?\s+-m\s+(pytest|unittest)\b|tox\b|nox\b",
        r"|(mvnw|mvn)\b[^\n]*\b(test|verify|install|package)\b|(gradlew|gradle)\b[^\n]*\b(test|check|build)\b",
        r"|ctest\b|bazel(isk)?\s+test\b|dotnet\s+test\b|phpunit\b|rspec\b|bundle\s+exec\s+rake\b",
        r"|mix\s+test\b|swift\s+test\b|zig\s+build\s+test\b|deno\s+test\b)",
        r"|[\w./-]*[/_-]tests?[\w-]*\.sh\b|\btests?[\w-]*\.sh\b",
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

/// Names of checks that look at tests without running them (`lint-test-e2e`).
pub(super) static NOT_TEST_NAME: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)lint|vet\b|format|fmt\b|spell|label|coverage\s+report"));

/// What a detector finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    Sast,
    Vulnerabilities,
}

/// What a detector is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    /// An action's `uses:` value (`github/codeql-action/analyze@v3`).
    Action,
    /// A program invoked at command position, as `name args…` (see
    /// [`crate::evidence::ci::shell::invocation`]): a tool named in an argument, an
    /// allow-list or a `--repo owner/name` is not a run of that tool.
    Program,
    /// The whole line of another CI system's file (GitLab's include templates).
    Line,
}

/// Detectors of static analysis and dependency scanning.
pub(super) static DETECTORS: LazyLock<Vec<(Check, &'static str, Subject, Regex)>> =
    LazyLock::new(|| {
        use Check::*;
        use Subject::*;
        [
            // upload-sarif only uploads another tool's results: not an analysis by itself.
            (
                Sast,
                "codeql",
                Action,
                r"(?i)^github/codeql-action/(init|analyze|autobuild)\b",
            ),
            (Sast, "codeql", Program, r"^codeql\s+database\b"),
            (Sast, "gosec", Action, r"(?i)^securego/gosec"),
            (Sast, "gosec", Program, r"^gosec\b"),
            (
                Sast,
                "semgrep",
                Action,
                r"(?i)^(returntocorp|semgrep)/semgrep",
            ),
            (Sast, "semgrep", Program, r"^semgrep\b"),
            (Sast, "zizmor", Action, r"(?i)^zizmorcore/zizmor-action"),
            (Sast, "zizmor", Program, r"^zizmor\b"),
            (Sast, "sonar", Action, r"(?i)^sonarsource/"),
            (Sast, "sonar", Program, r"^sonar-scanner\b"),
            (Sast, "snyk_code", Program, r"^snyk\s+code\b"),
            (Sast, "pysa", Action, r"(?i)^facebook/pysa-action"),
            (Sast, "pysa", Program, r"^pyre\b.*\banalyze\b"),
            (Sast, "qodana", Action, r"(?i)^jetbrains/qodana-action"),
            (Sast, "qodana", Program, r"^qodana\b"),
            (Sast, "bandit", Program, r"^bandit\b"),
            (Sast, "bandit", Action, r"(?i)^pycqa/bandit-action"),
            (Sast, "brakeman", Program, r"^brakeman\b"),
            (Sast, "flawfinder", Program, r"^flawfinder\b"),
            (Sast, "checkmarx", Action, r"(?i)^checkmarx/"),
            (
                Sast,
                "coverity",
                Action,
                r"(?i)^vapier/coverity-scan-action|^blackduck-inc/.*coverity",
            ),
            (Sast, "coverity", Program, r"^cov-(build|analyze|capture)\b"),
            (
                Sast,
                "coccinelle",
                Program,
                r"^spatch\b|^make\b.*\bcoccicheck\b",
            ),
            (Sast, "gitlab_sast", Line, r"SAST\.gitlab-ci\.yml"),
            (
                Vulnerabilities,
                "trivy",
                Action,
                r"(?i)^aquasecurity/trivy-action",
            ),
            (
                Vulnerabilities,
                "trivy",
                Program,
                r"^trivy\s+(fs|filesystem|image|repo|repository|rootfs|sbom|config|k8s)\b",
            ),
            (
                Vulnerabilities,
                "grype",
                Action,
                r"(?i)^anchore/scan-action",
            ),
            (Vulnerabilities, "grype", Program, r"^grype\b"),
            (Vulnerabilities, "govulncheck", Action, r"(?i)govulncheck"),
            (Vulnerabilities, "govulncheck", Program, r"^govulncheck\b"),
            (Vulnerabilities, "osv-scanner", Action, r"(?i)osv-scanner"),
            (Vulnerabilities, "osv-scanner", Program, r"^osv-scanner\b"),
            (
                Vulnerabilities,
                "dependency-review",
                Action,
                r"(?i)^actions/dependency-review-action",
            ),
            (Vulnerabilities, "snyk", Action, r"(?i)^snyk/actions"),
            (Vulnerabilities, "snyk", Program, r"^snyk\s+test\b"),
            (
                Vulnerabilities,
                "cargo-audit",
                Action,
                r"(?i)^(rustsec|actions-rs)/audit-check",
            ),
            (Vulnerabilities, "cargo-audit", Program, r"^cargo\s+audit\b"),
            (
                Vulnerabilities,
                "cargo-deny",
                Action,
                r"(?i)cargo-deny-action",
            ),
            (Vulnerabilities, "cargo-deny", Program, r"^cargo\s+deny\b"),
            (
                Vulnerabilities,
                "npm-audit",
                Program,
                r"^(npm|yarn|pnpm)\s+audit\b",
            ),
            (
                Vulnerabilities,
                "pip-audit",
                Action,
                r"(?i)^pypa/gh-action-pip-audit",
            ),
            (Vulnerabilities, "pip-audit", Program, r"^pip-audit\b"),
            (
                Vulnerabilities,
                "gitlab_dependency_scanning",
                Line,
                r"Dependency-Scanning\.gitlab-ci\.yml",
            ),
        ]
        .into_iter()
        .map(|(k, id, subject, re)| (k, id, subject, compile(re)))
        .collect()
    });

/// General linters, by program invocation: code quality checks, not security analysis.
pub(super) static LINTERS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("golangci-lint", r"^golangci-lint\s+run\b|^golangci-lint$"),
        ("staticcheck", r"^staticcheck\b"),
        ("go vet", r"^go\s+vet\b"),
        ("clippy", r"^cargo\s+(\+\S+\s+)?clippy\b"),
        ("ruff", r"^ruff\s+(check\b|\.|$)"),
        ("flake8", r"^flake8\b"),
        ("pylint", r"^pylint\b"),
        ("mypy", r"^mypy\b"),
        ("eslint", r"^eslint\b"),
        ("shellcheck", r"^shellcheck\b"),
        ("hadolint", r"^hadolint\b"),
        ("actionlint", r"^actionlint\b"),
    ]
    .into_iter()
    .map(|(id, re)| (id, compile(re)))
    .collect()
});

/// Linter actions (`uses:`), by action name.
pub(super) const LINTER_ACTIONS: &[(&str, &str)] = &[
    ("golangci/golangci-lint-action", "golangci-lint"),
    ("dominikh/staticcheck-action", "staticcheck"),
    ("chartboost/ruff-action", "ruff"),
    ("astral-sh/ruff-action", "ruff"),
    ("ludeeus/action-shellcheck", "shellcheck"),
    ("hadolint/hadolint-action", "hadolint"),
    ("pre-commit/action", "pre-commit"),
];

/// golangci-lint run by CI: its action, or the program.
pub(super) static GOLANGCI_RUN: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^golangci-lint\s+run\b|^golangci-lint$"));

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

/// Renovate's configuration files.
pub(super) const RENOVATE: &[&str] = &[
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
];
