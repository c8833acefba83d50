//! CI configuration in the tree: which CI systems are configured, GitHub Actions workflows
//! parsed as YAML (triggers, steps), and the list of pipeline files that the release and
//! SBOM probes search line by line. No I/O: everything comes from the [`FileSnapshot`].

use serde_yaml_ng::Value;

use crate::evidence::FileSnapshot;
use crate::evidence::files::{ci_system_of as system_of, is_goreleaser_config, is_release_script};

/// A CI system and the configuration files that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CiSystem {
    /// `github_actions`, `prow`, `circleci`, ...
    pub id: &'static str,
    pub paths: Vec<String>,
}

/// The CI systems configured in the tree, in a stable order, each with its files.
pub(crate) fn systems(files: &FileSnapshot) -> Vec<CiSystem> {
    let mut out: Vec<CiSystem> = Vec::new();
    for path in files.entries.keys() {
        if let Some(id) = system_of(&path.to_ascii_lowercase()) {
            match out.iter_mut().find(|s| s.id == id) {
                Some(s) => s.paths.push(path.clone()),
                None => out.push(CiSystem {
                    id,
                    paths: vec![path.clone()],
                }),
            }
        }
    }
    out.sort_by_key(|s| s.id);
    out
}

/// True for a file whose content the release and SBOM probes search for pipeline steps:
/// CI configuration, GoReleaser configuration, the root Makefile and release scripts.
pub(crate) fn is_pipeline_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    system_of(&lower).is_some()
        || is_goreleaser_config(&lower)
        || lower == "makefile"
        || is_release_script(&lower)
}

/// Pipeline files with loaded text: (path, text).
pub(crate) fn pipeline_files(files: &FileSnapshot) -> Vec<(&str, &str)> {
    files
        .entries
        .keys()
        .filter(|p| is_pipeline_file(p))
        .filter_map(|p| files.text(p).map(|(_, c)| (p.as_str(), c.text.as_str())))
        .collect()
}

/// One step of a workflow job (or a job that calls a reusable workflow).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Step {
    pub job: String,
    pub uses: Option<String>,
    pub run: Option<String>,
}

/// What a workflow file says, as far as the probes need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WorkflowDoc {
    pub name: Option<String>,
    /// Event names of `on:` (string, list or map form).
    pub triggers: Vec<String>,
    pub steps: Vec<Step>,
}

/// A GitHub Actions workflow file.
#[derive(Debug, Clone)]
pub(crate) struct Workflow<'a> {
    pub path: &'a str,
    /// Empty when the content was not loaded.
    pub text: &'a str,
    /// The parsed workflow, or one sentence saying why it could not be parsed.
    pub doc: Result<WorkflowDoc, String>,
}

/// Every `.github/workflows/*.yml|yaml` file, parsed. A file that does not parse is kept,
/// with the parser's message.
pub(crate) fn workflows(files: &FileSnapshot) -> Vec<Workflow<'_>> {
    files
        .entries
        .keys()
        .filter(|p| system_of(&p.to_ascii_lowercase()) == Some("github_actions"))
        .map(|p| match files.text(p) {
            None => Workflow {
                path: p.as_str(),
                text: "",
                doc: Err("the file's content could not be read (a symlink out of the tree, or not loaded)".into()),
            },
            Some((_, c)) if c.truncated => Workflow {
                path: p.as_str(),
                text: c.text.as_str(),
                doc: Err("the file is too large and was only partly read".into()),
            },
            Some((_, c)) => Workflow {
                path: p.as_str(),
                text: c.text.as_str(),
                doc: parse_workflow(&c.text),
            },
        })
        .collect()
}

/// Parses a workflow's YAML: name, `on` triggers and the steps of every job.
pub(crate) fn parse_workflow(text: &str) -> Result<WorkflowDoc, String> {
    let v: Value = serde_yaml_ng::from_str(text).map_err(|e| format!("invalid YAML: {e}"))?;
    let Value::Mapping(map) = v else {
        return Err("the workflow is not a YAML mapping".into());
    };
    let mut doc = WorkflowDoc {
        name: map.get("name").and_then(Value::as_str).map(str::to_string),
        ..Default::default()
    };
    // `on` is a string key in YAML 1.2; a YAML 1.1 reader would make it `true`.
    let on = map
        .iter()
        .find(|(k, _)| k.as_str() == Some("on") || k.as_bool() == Some(true))
        .map(|(_, v)| v);
    if let Some(on) = on {
        doc.triggers = match on {
            Value::String(s) => vec![s.clone()],
            Value::Sequence(seq) => seq
                .iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect(),
            Value::Mapping(m) => m
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
    }
    if let Some(Value::Mapping(jobs)) = map.get("jobs") {
        for (id, job) in jobs {
            let job_id = id.as_str().unwrap_or_default().to_string();
            if let Some(uses) = job.get("uses").and_then(Value::as_str) {
                doc.steps.push(Step {
                    job: job_id.clone(),
                    uses: Some(uses.to_string()),
                    run: None,
                });
            }
            if let Some(Value::Sequence(steps)) = job.get("steps") {
                for s in steps {
                    doc.steps.push(Step {
                        job: job_id.clone(),
                        uses: s.get("uses").and_then(Value::as_str).map(str::to_string),
                        run: s.get("run").and_then(Value::as_str).map(str::to_string),
                    });
                }
            }
        }
    }
    Ok(doc)
}

/// The recipe lines of `target` in a Makefile (tab-indented lines after `target:`).
pub(crate) fn make_recipe<'a>(makefile: &'a str, target: &str) -> Vec<super::util::Line<'a>> {
    let mut out = Vec::new();
    let mut inside = false;
    for l in super::util::lines(makefile) {
        if inside {
            if l.text.starts_with('\t') {
                out.push(l);
                continue;
            }
            if !l.text.trim().is_empty() {
                inside = false;
            }
        }
        if let Some((names, _)) = l.text.split_once(':') {
            if !l.text.starts_with('\t') && names.split_whitespace().any(|n| n == target) {
                inside = true;
            }
        }
    }
    out
}

/// Events that run a workflow for a pull request before it is merged.
pub(crate) fn is_pull_request_event(event: &str) -> bool {
    matches!(
        event,
        "pull_request" | "pull_request_target" | "merge_group"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_forms() {
        let s = parse_workflow("on: push\njobs: {}\n").unwrap();
        assert_eq!(s.triggers, vec!["push"]);
        let l = parse_workflow("on: [push, pull_request]\n").unwrap();
        assert_eq!(l.triggers, vec!["push", "pull_request"]);
        let m = parse_workflow("name: CI\non:\n  pull_request:\n    branches: [main]\n  schedule:\n    - cron: '0 0 * * *'\n").unwrap();
        assert_eq!(m.triggers, vec!["pull_request", "schedule"]);
        assert_eq!(m.name.as_deref(), Some("CI"));
    }

    #[test]
    fn steps_and_reusable_workflows() {
        let d = parse_workflow(
            "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          go vet ./...\n          go test ./...\n  b:\n    uses: ./.github/workflows/x.yml\n",
        )
        .unwrap();
        assert_eq!(d.steps.len(), 3);
        assert_eq!(
            d.steps[1].run.as_deref(),
            Some("go vet ./...\ngo test ./...\n")
        );
        assert_eq!(
            d.steps[2].uses.as_deref(),
            Some("./.github/workflows/x.yml")
        );
    }

    #[test]
    fn malformed_yaml_is_an_error_not_a_panic() {
        let e = parse_workflow("on: [push\njobs: ::\n").unwrap_err();
        assert!(e.starts_with("invalid YAML"), "{e}");
        assert!(parse_workflow("- a\n- b\n").is_err());
    }

    #[test]
    fn makefile_recipes() {
        let mk = "all: build\n\nci: lint test\n\tgo vet ./...\n\tgo test ./...\n\nlint:\n\tgolangci-lint run\n";
        let r: Vec<u32> = make_recipe(mk, "ci").iter().map(|l| l.number).collect();
        assert_eq!(r, vec![4, 5]);
        assert!(make_recipe(mk, "nope").is_empty());
    }

    #[test]
    fn systems_found_by_path() {
        let f = crate::probes::testing::snapshot(&[
            (".github/workflows/ci.yml", "on: push"),
            (".github/workflows/README.md", "x"),
            (".circleci/config.yml", "x"),
            ("Jenkinsfile", "x"),
            (".prow.yaml", "presubmits: []"),
            ("src/main.go", "x"),
        ]);
        let ids: Vec<&str> = systems(&f).iter().map(|s| s.id).collect();
        assert_eq!(ids, vec!["circleci", "github_actions", "jenkins", "prow"]);
        assert!(is_pipeline_file(".goreleaser.yaml"));
        assert!(is_pipeline_file("hack/release.sh"));
        assert!(!is_pipeline_file("pkg/goreleaser.go"));
    }
}
