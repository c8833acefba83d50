//! `ci-checks`: does CI build and test every pull request, and which automated security
//! checks run?
//!
//! GitHub Actions workflows are parsed as YAML (triggers in string, list or map form; each
//! step's `uses` and `run`); other CI systems are found by their configuration files and
//! searched line by line. A workflow that does not parse is reported with the parser's
//! message. Check runs read from the API show which apps ran and whether they passed.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::evidence::ci::{CiModel, CiSystem, Loc, Root, shell};
use crate::evidence::github::CommitChecks;
use crate::evidence::{Evidence, FileSnapshot, yaml};
use crate::evidence::{Need, Needs};
use crate::model::{
    CheckRunsFacts, CiChecksFacts, Citation, Outcome, ProbeFacts, ProbeId, RemoteWorkflow,
    WorkflowFacts,
};

use super::ci::is_pull_request_event;
use super::util::{
    LineIndex, cite_tree, cite_whole_file, compile, files, is_comment, plural, prow_owners_line,
    sorted_unique, why, workflow_label,
};
use super::{Judgement, Probe};

pub struct CiChecks;

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
static PACKIT_TESTS: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(-\s*)?job:\s*['\x22]?tests['\x22]?\s*(#.*)?$"));
static PACKIT_PR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*(-\s*)?trigger:\s*['\x22]?pull_request['\x22]?\s*(#.*)?$"));

/// Names of checks that look at tests without running them (`lint-test-e2e`).
static NOT_TEST_NAME: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)lint|vet\b|format|fmt\b|spell|label|coverage\s+report"));

/// What a detector finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Sast,
    Vulnerabilities,
}

/// What a detector is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
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
static DETECTORS: LazyLock<Vec<(Check, &'static str, Subject, Regex)>> = LazyLock::new(|| {
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
static LINTERS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
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
const LINTER_ACTIONS: &[(&str, &str)] = &[
    ("golangci/golangci-lint-action", "golangci-lint"),
    ("dominikh/staticcheck-action", "staticcheck"),
    ("chartboost/ruff-action", "ruff"),
    ("astral-sh/ruff-action", "ruff"),
    ("ludeeus/action-shellcheck", "shellcheck"),
    ("hadolint/hadolint-action", "hadolint"),
    ("pre-commit/action", "pre-commit"),
];

/// golangci-lint run by CI: its action, or the program.
static GOLANGCI_RUN: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^golangci-lint\s+run\b|^golangci-lint$"));

/// Folders where CI configuration lives: an absence is evidence only when they were listed.
const CI_DIRS: [&str; 9] = [
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
const RENOVATE: &[&str] = &[
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

/// An observation at a line of a file (and the lines that led to it).
#[derive(Debug, Clone)]
struct Hit {
    id: &'static str,
    at: Loc,
    /// Whole-file observations (a configuration file's presence) have no line.
    whole_file: bool,
    via: Vec<Loc>,
    /// The workflow (or CI file) the observation belongs to.
    root: Option<String>,
}

impl Hit {
    fn at(id: &'static str, at: &Loc, via: &[Loc], root: Option<&str>) -> Self {
        Hit {
            id,
            at: at.clone(),
            whole_file: false,
            via: via.to_vec(),
            root: root.map(str::to_string),
        }
    }

    fn file(id: &'static str, path: &str) -> Self {
        Hit {
            id,
            at: Loc {
                path: path.to_string(),
                line: 1,
            },
            whole_file: true,
            via: Vec::new(),
            root: None,
        }
    }
}

/// Everything learnt from the files.
#[derive(Debug, Default)]
struct FromFiles {
    systems: Vec<CiSystem>,
    workflows: Vec<WorkflowFacts>,
    parse_errors: u64,
    pr_hits: Vec<Hit>,
    test_hits: Vec<Hit>,
    sast: Vec<Hit>,
    vulns: Vec<Hit>,
    dep_tools: Vec<Hit>,
    linters: Vec<Hit>,
    remote: Vec<RemoteWorkflow>,
    /// CI files that only build releases or images.
    release_only: Vec<String>,
    /// Systems with a file that checks changes.
    change_systems: Vec<&'static str>,
    /// OWNERS at the root: a Prow project whose jobs live outside the repository.
    prow_owners: bool,
}

/// Adds a hit; duplicates (same tool, workflow and line) are removed once at the end by
/// [`dedup_hits`], so a file of many identical lines stays linear.
fn push_unique(list: &mut Vec<Hit>, h: Hit) {
    list.push(h);
}

/// Keeps the first of each (tool, workflow, line), in order.
fn dedup_hits(list: &mut Vec<Hit>) {
    let mut seen = std::collections::HashSet::new();
    list.retain(|h| seen.insert((h.id, h.root.clone(), h.at.clone())));
}

fn from_files(snap: &FileSnapshot, m: &CiModel) -> FromFiles {
    let mut out = FromFiles {
        systems: m.systems.clone(),
        // Prow's OWNERS names approvers or reviewers; a maintainers roster is not Prow's.
        prow_owners: snap.regular_file("OWNERS").is_some()
            && snap
                .text("OWNERS")
                .is_none_or(|(_, c)| prow_owners_line(&c.text).is_some()),
        ..Default::default()
    };
    let root_path = |r: Root| m.root_path(r).to_string();
    // Action uses and commands, each attributed to the workflow (or CI file) that runs it.
    let mut per_root_tests: HashMap<String, u64> = HashMap::new();
    let mut per_root_sast: HashMap<String, Vec<&'static str>> = HashMap::new();
    let mut golangci_runs: Vec<Hit> = Vec::new();
    for a in &m.actions {
        let root = root_path(a.root);
        for (kind, id, subject, re) in DETECTORS.iter() {
            if *subject == Subject::Action && re.is_match(a.action()) {
                let h = Hit::at(id, &a.at, &a.via, Some(&root));
                match kind {
                    Check::Sast => {
                        per_root_sast.entry(root.clone()).or_default().push(id);
                        push_unique(&mut out.sast, h);
                    }
                    Check::Vulnerabilities => push_unique(&mut out.vulns, h),
                }
            }
        }
        if a.action()
            .eq_ignore_ascii_case("golangci/golangci-lint-action")
        {
            golangci_runs.push(Hit::at("gosec", &a.at, &a.via, Some(&root)));
        }
        for (name, id) in LINTER_ACTIONS {
            if a.action().eq_ignore_ascii_case(name) {
                out.linters.push(Hit::at(id, &a.at, &a.via, Some(&root)));
            }
        }
        // A reusable workflow of another repository: what it runs is not visible here.
        if !a.uses.starts_with("./") && a.action().contains("/.github/workflows/") {
            if let Root::Workflow(_) = a.root {
                out.remote.push(RemoteWorkflow {
                    uses: a.uses.clone(),
                    workflow: root.clone(),
                    line: a.at.line,
                });
            }
        }
        if a.action().contains("renovatebot/github-action") {
            push_unique(
                &mut out.dep_tools,
                Hit::at("renovate", &a.at, &a.via, Some(&root)),
            );
        }
    }
    for c in &m.commands {
        let root = root_path(c.root);
        // `cargo test --no-run` builds the tests without running them.
        if TEST.is_match(&c.text) && !c.text.contains("--no-run") {
            *per_root_tests.entry(root.clone()).or_default() += 1;
            if per_root_tests[&root] <= 3 {
                out.test_hits.push(Hit::at("", &c.at, &c.via, Some(&root)));
            }
        }
        let programs = shell::invocations(&c.text);
        for (kind, id, subject, re) in DETECTORS.iter() {
            let hit = match subject {
                Subject::Action => false,
                // A file name (`govulncheck.yml` in a list of files) is not a run of the tool.
                Subject::Program => programs
                    .iter()
                    .any(|(name, inv)| !name.contains('.') && re.is_match(inv)),
                Subject::Line => matches!(c.root, Root::Other(_)) && re.is_match(&c.text),
            };
            if hit {
                let h = Hit::at(id, &c.at, &c.via, Some(&root));
                match kind {
                    Check::Sast => {
                        per_root_sast.entry(root.clone()).or_default().push(id);
                        push_unique(&mut out.sast, h);
                    }
                    Check::Vulnerabilities => push_unique(&mut out.vulns, h),
                }
            }
        }
        if programs.iter().any(|(_, inv)| GOLANGCI_RUN.is_match(inv)) {
            golangci_runs.push(Hit::at("gosec", &c.at, &c.via, Some(&root)));
        }
        for (id, re) in LINTERS.iter() {
            if programs
                .iter()
                .any(|(name, inv)| !name.contains('.') && re.is_match(inv))
            {
                out.linters.push(Hit::at(id, &c.at, &c.via, Some(&root)));
            }
        }
    }
    // A workflow, job or step named as a test, cited at its name, after the commands.
    for l in &m.labels {
        if TEST_NAME.is_match(&l.text) && !NOT_TEST_NAME.is_match(&l.text) {
            let root = root_path(l.root);
            *per_root_tests.entry(root.clone()).or_default() += 1;
            if per_root_tests[&root] <= 3 {
                out.test_hits.push(Hit::at("", &l.at, &l.via, Some(&root)));
            }
        }
    }
    // gosec enabled in golangci-lint's configuration counts when CI runs golangci-lint:
    // the configuration line and the run are both cited.
    if let (Some(cfg), false) = (m.golangci.first(), golangci_runs.is_empty()) {
        for run in golangci_runs.iter().take(2) {
            let root = run.root.clone().unwrap_or_default();
            per_root_sast.entry(root.clone()).or_default().push("gosec");
            push_unique(&mut out.sast, run.clone());
            push_unique(&mut out.sast, Hit::at("gosec", &cfg.at, &[], Some(&root)));
        }
    }
    for w in &m.workflows {
        if let Some(e) = &w.error {
            out.parse_errors += 1;
            out.workflows.push(WorkflowFacts {
                path: w.path.clone(),
                parse_error: Some(e.clone()),
                ..Default::default()
            });
            continue;
        }
        if let Some(t) = w.trigger(|t| is_pull_request_event(&t.event)) {
            out.pr_hits.push(Hit::at(
                "",
                &Loc {
                    path: w.path.clone(),
                    line: t.line,
                },
                &[],
                Some(&w.path),
            ));
        }
        out.workflows.push(WorkflowFacts {
            path: w.path.clone(),
            name: w.name.clone(),
            triggers: w.triggers.iter().map(|t| t.event.clone()).collect(),
            runs_tests: per_root_tests.get(&w.path).is_some_and(|n| *n > 0),
            sast: sorted_unique(
                per_root_sast
                    .get(&w.path)
                    .map(|v| v.iter().map(|s| s.to_string()).collect())
                    .unwrap_or_default(),
            ),
            parse_error: None,
        });
    }
    // Prow presubmits in `.prow.yaml`: CI for pull requests.
    for o in &m.others {
        if o.system != "prow" {
            continue;
        }
        let Some((_, content)) = snap.text(&o.path) else {
            continue;
        };
        if let Ok(doc) = yaml::parse(&content.text) {
            if let Some((k, v)) = doc.entry("presubmits") {
                let some = v.as_seq().is_some_and(|s| !s.is_empty())
                    || v.as_map().is_some_and(|s| !s.is_empty());
                if some {
                    out.pr_hits.push(Hit::at(
                        "",
                        &Loc {
                            path: o.path.clone(),
                            line: k.line,
                        },
                        &[],
                        Some(&o.path),
                    ));
                }
            }
        }
    }
    // Packit: `job: tests` jobs that a `trigger: pull_request` starts (Testing Farm).
    for o in m.others.iter().filter(|o| o.system == "packit") {
        let Some((_, content)) = snap.text(&o.path) else {
            continue;
        };
        let at = |i: usize| Loc {
            path: o.path.clone(),
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        let lines: Vec<&str> = content.text.lines().collect();
        if let Some(i) = lines.iter().position(|l| PACKIT_TESTS.is_match(l)) {
            *per_root_tests.entry(o.path.clone()).or_default() += 1;
            out.test_hits.push(Hit::at("", &at(i), &[], Some(&o.path)));
        }
        if let Some(i) = lines.iter().position(|l| PACKIT_PR.is_match(l)) {
            out.pr_hits.push(Hit::at("", &at(i), &[], Some(&o.path)));
        }
    }
    // Which systems check changes, and which files only build releases or images.
    for s in &m.systems {
        let checks = if s.id == "github_actions" {
            m.workflows.iter().any(|w| {
                w.triggers
                    .iter()
                    .any(|t| is_pull_request_event(&t.event) || (t.event == "push" && !t.tags))
            })
        } else {
            let mut any = false;
            for o in m.others.iter().filter(|o| o.system == s.id) {
                let tests = per_root_tests.get(&o.path).is_some_and(|n| *n > 0);
                let release_only = !tests && (o.release_named || o.system == "google_cloud_build");
                if release_only {
                    out.release_only.push(o.path.clone());
                } else {
                    any = true;
                }
            }
            any
        };
        if checks {
            out.change_systems.push(s.id);
        }
    }
    for p in [".github/dependabot.yml", ".github/dependabot.yaml"] {
        if snap.regular_file(p).is_some() {
            let line = snap.text(p).and_then(|(_, c)| {
                c.text
                    .lines()
                    .position(|l| !is_comment(l) && l.contains("updates"))
            });
            match line {
                Some(i) => out.dep_tools.push(Hit::at(
                    "dependabot",
                    &Loc {
                        path: p.to_string(),
                        line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    },
                    &[],
                    None,
                )),
                None => out.dep_tools.push(Hit::file("dependabot", p)),
            }
        }
    }
    for p in RENOVATE {
        if snap.regular_file(p).is_some() {
            out.dep_tools.push(Hit::file("renovate", p));
        }
    }
    for list in [
        &mut out.sast,
        &mut out.vulns,
        &mut out.dep_tools,
        &mut out.linters,
    ] {
        dedup_hits(list);
    }
    out
}

/// The citations of a hit: the line where it happens, then the first line of the chain
/// that led there (the workflow step that runs the script), each naming `fact` and the
/// workflow it belongs to (`workflows[<path>]`).
fn cite_hit(ev: &Evidence, lines: &mut LineIndex<'_>, h: &Hit, fact: &str) -> Vec<Citation> {
    let label = h.root.as_ref().map(|r| workflow_label(r));
    let tool = (!h.id.is_empty()).then(|| format!("{fact}[{}]", h.id));
    let mut supports: Vec<&str> = vec![fact];
    if let Some(l) = &label {
        supports.push(l);
    }
    if let Some(t) = &tool {
        supports.push(t);
    }
    if h.whole_file {
        return vec![cite_whole_file(ev, &h.at.path, &supports)];
    }
    lines.cite_with_caller(ev, &h.at, &h.via, &supports)
}

/// CI systems named by the app (or, for commit statuses, the account) that reported a
/// check, and its name: Prow posts statuses as a `*-ci-robot` account, and `tide` is Prow's.
fn system_of_app(app: &str, name: &str) -> Option<&'static str> {
    let a = app.to_ascii_lowercase();
    if a.contains("ci-robot") || name == "tide" {
        return Some("prow");
    }
    Some(match a.as_str() {
        "github-actions" => "github_actions",
        "travis-ci" | "travis ci" => "travis",
        "circleci-checks" | "circleci" => "circleci",
        "buildkite" => "buildkite",
        "cirrus-ci" | "cirrus ci" => "cirrus_ci",
        "azure-pipelines" | "azure pipelines" => "azure_pipelines",
        "google-cloud-build" => "google_cloud_build",
        _ if a.contains("prow") => "prow",
        _ if a.contains("jenkins") => "jenkins",
        _ => return None,
    })
}

fn is_codeql_run(app: &str, name: &str) -> bool {
    let (a, n) = (app.to_ascii_lowercase(), name.to_ascii_lowercase());
    a == "github-code-scanning"
        || (a == "github-advanced-security" && n.contains("codeql"))
        || n == "codeql"
}

fn check_facts(c: &CommitChecks) -> CheckRunsFacts {
    let mut f = CheckRunsFacts {
        commit: c.commit.clone(),
        total: c.runs.len() as u64,
        ..Default::default()
    };
    for r in &c.runs {
        match (r.status.as_str(), r.conclusion.as_deref()) {
            ("completed", Some("success" | "neutral" | "skipped")) => f.passing += 1,
            ("completed", _) => f.failing += 1,
            _ => f.pending += 1,
        }
    }
    f.apps = sorted_unique(
        c.runs
            .iter()
            .map(|r| r.app.clone())
            .filter(|a| !a.is_empty())
            .collect(),
    );
    f
}

impl Probe for CiChecks {
    fn id(&self) -> ProbeId {
        ProbeId::CiChecks
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/ci-checks.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::CiConfig, Need::DependencyUpdates, Need::Checks])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = CiChecksFacts::default();
        let mut cites: Vec<Citation> = Vec::new();
        let mut systems: BTreeSet<String> = BTreeSet::new();
        let mut sast: BTreeSet<String> = BTreeSet::new();
        let mut pr_from_checks = false;

        // Check runs from the API.
        let checks = ev.github.checks.as_ref();
        if let Ok(list) = checks {
            let mut per_commit = Vec::new();
            for c in list {
                let facts = check_facts(c);
                let mut supports = vec!["check_runs"];
                for r in &c.runs {
                    if let Some(s) = system_of_app(&r.app, &r.name) {
                        systems.insert(s.to_string());
                        supports.push("systems");
                    }
                    if is_codeql_run(&r.app, &r.name) {
                        sast.insert("codeql".into());
                        supports.push("sast");
                    }
                }
                if !c.default_branch_head && facts.total > 0 {
                    pr_from_checks = true;
                    supports.push("pull_request_triggered");
                }
                if c.default_branch_head {
                    supports.push("recent_runs_passing");
                }
                let excerpt = format!(
                    "{}: {} passing, {} failing, {} pending",
                    plural(facts.total, "check run", "check runs"),
                    facts.passing,
                    facts.failing,
                    facts.pending
                );
                cites.push(
                    ev.cite_api(&c.api_url)
                        .excerpt(&excerpt)
                        .supports(&supports),
                );
                per_commit.push((c.default_branch_head, facts));
            }
            f.recent_runs_passing = per_commit
                .iter()
                .find(|(head, fc)| *head && fc.passing + fc.failing > 0)
                .map(|(_, fc)| fc.failing == 0);
            f.check_runs = Some(per_commit.into_iter().map(|(_, fc)| fc).collect());
            if list.is_empty() {
                // Nothing reported: cite nothing for check_runs but keep the empty list honest.
                f.check_runs = None;
            }
        }
        let runs_note = match f.recent_runs_passing {
            Some(true) => "; the default branch head's checks pass",
            Some(false) => "; the default branch head has failing checks",
            None => "",
        };

        let snap = match files(ev) {
            Ok(s) => s,
            Err(u) => {
                if !systems.is_empty() {
                    f.systems = Some(systems.into_iter().collect());
                }
                if !sast.is_empty() {
                    f.sast = Some(sast.into_iter().collect());
                }
                if pr_from_checks {
                    f.pull_request_triggered = Some(true);
                }
                let summary = format!(
                    "CI configuration not determined: {}{runs_note}.",
                    why("the repository's files", u)
                );
                return Judgement::unknown(ProbeFacts::CiChecks(f), u, summary).cite_all(cites);
            }
        };
        let model = ev.ci().cloned().unwrap_or_default();
        let ff = from_files(snap, &model);
        let mut lines = LineIndex::new(snap);
        for s in &ff.systems {
            systems.insert(s.id.to_string());
            if !ff.change_systems.contains(&s.id) {
                // Configuration that checks no changes: its first file shows the system.
                let first = s
                    .paths
                    .iter()
                    .find(|p| !ff.release_only.contains(p))
                    .or(s.paths.first());
                if let Some(p) = first.filter(|p| !ff.release_only.contains(p)) {
                    cites.push(cite_whole_file(ev, p, &["systems"]));
                }
                continue;
            }
            // The system's most telling line: the pull request trigger of a workflow that
            // tests, else of one that runs on pull requests, else the first file.
            let best = |pred: &dyn Fn(&WorkflowFacts) -> bool| {
                ff.workflows
                    .iter()
                    .find(|w| pred(w) && s.paths.contains(&w.path))
                    .map(|w| &w.path)
            };
            let pr = |w: &WorkflowFacts| w.triggers.iter().any(|t| is_pull_request_event(t));
            let chosen = best(&|w| pr(w) && w.runs_tests).or_else(|| best(&pr));
            let trigger = chosen.and_then(|p| {
                ff.pr_hits
                    .iter()
                    .find(|h| h.root.as_deref() == Some(p.as_str()))
            });
            match (trigger, chosen) {
                (Some(h), _) => {
                    let mut c = cite_hit(ev, &mut lines, h, "systems");
                    for c in &mut c {
                        c.supports.push("change_systems".into());
                    }
                    cites.extend(c);
                }
                (None, Some(p)) => {
                    cites.push(cite_whole_file(ev, p, &["systems", "change_systems"]))
                }
                (None, None) => {
                    let first = s
                        .paths
                        .iter()
                        .find(|p| !ff.release_only.contains(p))
                        .or(s.paths.first());
                    if let Some(p) = first {
                        cites.push(cite_whole_file(ev, p, &["systems", "change_systems"]));
                    }
                }
            }
        }
        for p in &ff.release_only {
            cites.push(cite_whole_file(ev, p, &["systems", "release_only_files"]));
        }
        for rw in ff.remote.iter().take(24) {
            let label = workflow_label(&rw.workflow);
            let at = Loc {
                path: rw.workflow.clone(),
                line: rw.line,
            };
            cites.push(lines.cite(ev, &at, &["remote_workflows", &label]));
        }
        for h in ff.linters.iter().take(24) {
            cites.extend(cite_hit(ev, &mut lines, h, "linters"));
        }
        for w in &ff.workflows {
            cites.push(cite_whole_file(ev, &w.path, &["workflows"]));
        }
        for (hits, fact) in [
            (&ff.pr_hits, "pull_request_triggered"),
            (&ff.test_hits, "runs_tests"),
            (&ff.sast, "sast"),
            (&ff.vulns, "vulnerability_scanning"),
            (&ff.dep_tools, "dependency_update_tools"),
        ] {
            for h in hits.iter().take(24) {
                cites.extend(cite_hit(ev, &mut lines, h, fact));
            }
        }
        sast.extend(ff.sast.iter().map(|h| h.id.to_string()));
        let all_parsed = ff.parse_errors == 0;
        let only_actions = ff.systems.iter().all(|s| s.id == "github_actions") && !ff.prow_owners;

        f.systems = Some(systems.iter().cloned().collect());
        f.change_systems = Some(ff.change_systems.iter().map(|s| s.to_string()).collect());
        f.release_only_files = Some(ff.release_only.clone());
        f.remote_workflows = Some(ff.remote.clone());
        f.linters = Some(sorted_unique(
            ff.linters.iter().map(|h| h.id.to_string()).collect(),
        ));
        f.workflows = Some(ff.workflows.clone());
        let prow_here = ff.systems.iter().any(|s| s.id == "prow");
        if ff.prow_owners && !prow_here {
            f.prow_jobs_elsewhere = Some(true);
            cites.push(cite_whole_file(ev, "OWNERS", &["prow_jobs_elsewhere"]));
        }
        f.sast = Some(sast.into_iter().collect());
        f.vulnerability_scanning = Some(sorted_unique(
            ff.vulns.iter().map(|h| h.id.to_string()).collect(),
        ));
        f.dependency_update_tools = Some(sorted_unique(
            ff.dep_tools.iter().map(|h| h.id.to_string()).collect(),
        ));
        f.pull_request_triggered = if !ff.pr_hits.is_empty() || pr_from_checks {
            Some(true)
        } else if all_parsed && only_actions {
            Some(false)
        } else {
            None
        };
        // A Prow project (OWNERS at the root) runs jobs configured in another repository.
        f.runs_tests = if !ff.test_hits.is_empty() {
            Some(true)
        } else if all_parsed && !ff.prow_owners {
            Some(false)
        } else {
            None
        };
        // A listing cut before the CI folders were listed, or CI files left unread (a
        // content limit), shows no absence: what was not found there is not determined.
        let cut = snap.unlisted_note(&CI_DIRS).or_else(|| {
            let unread: Vec<&str> = snap
                .unread
                .keys()
                .filter(|p| {
                    let l = p.to_ascii_lowercase();
                    crate::evidence::files::ci_system_of(&l).is_some()
                        || l.ends_with(".sh")
                        || l.ends_with("makefile")
                })
                .map(String::as_str)
                .take(3)
                .collect();
            (!unread.is_empty()).then(|| format!("CI files were not read ({})", unread.join(", ")))
        });
        if let Some(detail) = &cut {
            let none = |v: &mut Option<Vec<String>>| {
                if v.as_ref().is_some_and(Vec::is_empty) {
                    *v = None;
                }
            };
            none(&mut f.sast);
            none(&mut f.vulnerability_scanning);
            none(&mut f.dependency_update_tools);
            none(&mut f.linters);
            none(&mut f.release_only_files);
            none(&mut f.change_systems);
            if f.remote_workflows.as_ref().is_some_and(Vec::is_empty) {
                f.remote_workflows = None;
            }
            if f.pull_request_triggered == Some(false) {
                f.pull_request_triggered = None;
            }
            if f.runs_tests == Some(false) {
                f.runs_tests = None;
            }
            if systems.is_empty() {
                f.systems = None;
                f.workflows = None;
                let u = crate::evidence::Unavailable::new(
                    crate::model::Reason::NotCollected,
                    format!("{detail}."),
                );
                let summary = format!("CI configuration not determined: {detail}{runs_note}.");
                return Judgement::unknown(ProbeFacts::CiChecks(f), &u, summary).cite_all(cites);
            }
        }
        // The file listing backs every absence.
        let mut absent: Vec<&str> = Vec::new();
        let empty = |v: &Option<Vec<String>>| v.as_ref().is_some_and(Vec::is_empty);
        for (name, is_empty) in [
            ("systems", empty(&f.systems)),
            ("workflows", f.workflows.as_ref().is_some_and(Vec::is_empty)),
            ("sast", empty(&f.sast)),
            ("vulnerability_scanning", empty(&f.vulnerability_scanning)),
            ("dependency_update_tools", empty(&f.dependency_update_tools)),
            (
                "pull_request_triggered",
                f.pull_request_triggered == Some(false),
            ),
            ("runs_tests", f.runs_tests == Some(false)),
            ("change_systems", empty(&f.change_systems)),
            ("linters", empty(&f.linters)),
            ("release_only_files", empty(&f.release_only_files)),
            (
                "remote_workflows",
                f.remote_workflows.as_ref().is_some_and(Vec::is_empty),
            ),
        ] {
            if is_empty {
                absent.push(name);
            }
        }
        if !absent.is_empty() {
            cites.push(cite_tree(ev, &absent));
        }

        let mut parts: Vec<String> = Vec::new();
        if ff.parse_errors > 0 {
            let bad: Vec<&str> = ff
                .workflows
                .iter()
                .filter(|w| w.parse_error.is_some())
                .map(|w| w.path.as_str())
                .collect();
            parts.push(format!(
                "{} could not be parsed ({})",
                plural(ff.parse_errors, "workflow", "workflows"),
                bad.join(", ")
            ));
        }
        let list = |v: &Option<Vec<String>>| v.as_ref().map(|x| x.join(", ")).unwrap_or_default();
        if !empty(&f.sast) {
            parts.push(format!("static analysis: {}", list(&f.sast)));
        }
        if !empty(&f.vulnerability_scanning) {
            parts.push(format!(
                "dependency scanning: {}",
                list(&f.vulnerability_scanning)
            ));
        }
        if !empty(&f.dependency_update_tools) {
            parts.push(format!(
                "dependency updates: {}",
                list(&f.dependency_update_tools)
            ));
        }
        let extra = if parts.is_empty() {
            String::new()
        } else {
            format!("; {}", parts.join("; "))
        };

        if systems.is_empty() {
            if ff.prow_owners && checks.is_err() {
                if let Err(u) = checks {
                    let summary = format!(
                        "No CI configuration in the repository, but its OWNERS files suggest Prow, whose jobs are configured elsewhere; {}{extra}.",
                        why("check runs", u)
                    );
                    return Judgement::unknown(ProbeFacts::CiChecks(f), u, summary).cite_all(cites);
                }
            }
            let summary = format!("No CI configuration found in the repository{extra}.");
            return Judgement::new(ProbeFacts::CiChecks(f), Outcome::NotMet, summary)
                .cite_all(cites);
        }
        let yes_no = |v: Option<bool>, yes: &str, no: &str, unknown: &str| match v {
            Some(true) => yes.to_string(),
            Some(false) => no.to_string(),
            None => unknown.to_string(),
        };
        let summary = format!(
            "CI: {}; {}; {}{runs_note}{extra}.",
            list(&f.systems),
            yes_no(
                f.pull_request_triggered,
                "runs on pull requests",
                "no pull request trigger found",
                "whether it runs on pull requests was not determined"
            ),
            yes_no(
                f.runs_tests,
                "runs tests",
                "no test command recognised",
                "whether it runs tests was not determined"
            ),
        );
        let outcome = if f.pull_request_triggered == Some(true) && f.runs_tests == Some(true) {
            Outcome::Met
        } else {
            Outcome::PartiallyMet
        };
        Judgement::new(ProbeFacts::CiChecks(f), outcome, summary).cite_all(cites)
    }
}

#[cfg(test)]
#[path = "ci_checks_tests.rs"]
mod tests;
