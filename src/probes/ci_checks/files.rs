//! What the CI files show: hits of tests, analyzers and bots, each at a line and with the
//! chain of calls that reached it, attributed to the workflow (or CI file) that runs it.

use std::collections::HashSet;

use super::*;

/// An observation at a line of a file (and the lines that led to it).
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub(super) id: &'static str,
    pub(super) at: Loc,
    /// Whole-file observations (a configuration file's presence) have no line.
    pub(super) whole_file: bool,
    pub(super) via: Vec<Loc>,
    /// The workflow (or CI file) the observation belongs to.
    pub(super) root: Option<String>,
}

impl Hit {
    pub(super) fn at(id: &'static str, at: &Loc, via: &[Loc], root: Option<&str>) -> Self {
        Hit {
            id,
            at: at.clone(),
            whole_file: false,
            via: via.to_vec(),
            root: root.map(str::to_string),
        }
    }
}

/// Everything learnt from the files.
#[derive(Debug, Default)]
pub(super) struct FromFiles {
    pub(super) systems: Vec<CiSystem>,
    pub(super) workflows: Vec<WorkflowFacts>,
    pub(super) parse_errors: u64,
    pub(super) pr_hits: Vec<Hit>,
    pub(super) test_hits: Vec<Hit>,
    pub(super) sast: Vec<Hit>,
    pub(super) vulns: Vec<Hit>,
    pub(super) dep_tools: Vec<Hit>,
    pub(super) linters: Vec<Hit>,
    /// The other categories of the catalogue that CI runs, by category.
    pub(super) by_category: BTreeMap<Category, Vec<Hit>>,
    pub(super) remote: Vec<RemoteWorkflow>,
    /// CI files that only build releases or images.
    pub(super) release_only: Vec<String>,
    /// Systems with a file that checks changes.
    pub(super) change_systems: Vec<&'static str>,
    /// OWNERS at the root: a Prow project whose jobs live outside the repository.
    pub(super) prow_owners: bool,
    /// CI files whose triggers live outside the repository.
    pub(super) triggered_outside: Vec<ExternalCiFile>,
}

/// Adds a hit; duplicates (same tool, workflow and line) are removed once at the end by
/// [`dedup_hits`], so a file of many identical lines stays linear.
pub(super) fn push_unique(list: &mut Vec<Hit>, h: Hit) {
    list.push(h);
}

/// Keeps the first of each (tool, workflow, line), in order.
pub(super) fn dedup_hits(list: &mut Vec<Hit>) {
    let mut seen = std::collections::HashSet::new();
    list.retain(|h| seen.insert((h.id, h.root.clone(), h.at.clone())));
}

pub(super) fn from_files(snap: &FileSnapshot, m: &CiModel, tools: &Recognised) -> FromFiles {
    let mut out = FromFiles {
        systems: m.systems.clone(),
        // Prow's OWNERS lists approvers or reviewers in Kubernetes form (a top-level key
        // followed by `- handle` items); a maintainers roster or an `owners:` file is not.
        prow_owners: snap.regular_file("OWNERS").is_some()
            && snap
                .text("OWNERS")
                .is_none_or(|(_, c)| prow_shaped_owners(&c.text)),
        ..Default::default()
    };
    let root_path = |r: Root| m.root_path(r).to_string();
    // Action uses and commands, each attributed to the workflow (or CI file) that runs it.
    let mut per_root_tests: HashMap<String, u64> = HashMap::new();
    let mut per_root_sast: HashMap<String, Vec<&'static str>> = HashMap::new();
    // The tools of the catalogue that CI runs (or a hosted service acts on), each cited
    // at its line with the chain that reached it.
    for o in &tools.occurrences {
        if !o.runs {
            continue;
        }
        let h = Hit {
            id: o.id(),
            at: o.at.clone(),
            whole_file: o.whole_file,
            via: o.via.clone(),
            root: o.root.clone(),
        };
        match o.category {
            Category::Sast => {
                if let Some(r) = &o.root {
                    per_root_sast.entry(r.clone()).or_default().push(o.id());
                }
                push_unique(&mut out.sast, h);
            }
            Category::DependencyScanning => push_unique(&mut out.vulns, h),
            Category::DependencyUpdates => push_unique(&mut out.dep_tools, h),
            Category::CodeQuality => out.linters.push(h),
            c => out.by_category.entry(c).or_default().push(h),
        }
    }
    for a in &m.actions {
        let root = root_path(a.root);
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
    }
    // Commands decide: a command whose callee was followed (a make target, a script, an
    // npm script) is judged by the commands it reached, not by its own words.
    let mut files_testing: HashSet<&str> = HashSet::new();
    let workflow_paths: HashSet<&str> = m.workflows.iter().map(|w| w.path.as_str()).collect();
    let mut own_test_commands: HashMap<String, u64> = HashMap::new();
    // A workflow that runs on pull requests: a test its `if:` keeps off them is no test of
    // a pull request (`if: github.event_name == 'push'`).
    let root_on_pr = |r: Root| match r {
        Root::Workflow(i) => m
            .workflows
            .get(i)
            .is_some_and(|w| w.trigger(|t| is_pull_request_event(&t.event)).is_some()),
        Root::Other(_) => false,
    };
    // Another system's file that says it runs for tags, branches or a schedule: its tests
    // are no tests of a pull request.
    let off_pr = |r: Root| match r {
        Root::Other(i) => m.others.get(i).is_some_and(|o| {
            o.trigger
                .is_some_and(|(t, _)| t != OtherTrigger::PullRequests && t != OtherTrigger::Unknown)
        }),
        Root::Workflow(_) => false,
    };
    let is_test = |c: &crate::evidence::ci::Command| {
        // `cargo test --no-run` builds the tests without running them.
        TEST.is_match(&c.text)
            && !c.text.contains("--no-run")
            && !NOT_TEST_COMMAND.is_match(&c.text)
    };
    // The lines that lead to a recognised test run.
    let leads_to_test: HashSet<&Loc> = m
        .commands
        .iter()
        .filter(|c| !c.followed && is_test(c))
        .flat_map(|c| c.via.iter())
        .collect();
    let mut hits_per_label: HashMap<String, u32> = HashMap::new();
    for c in &m.commands {
        let root = root_path(c.root);
        if (c.skips_pull_requests && root_on_pr(c.root)) || off_pr(c.root) {
            continue;
        }
        // A followed call is judged by what it reaches; a test target (`make test.run`,
        // `just rs-test`) under which no runner is recognised (a suite run in a pod, a
        // runner chosen at run time) still runs the tests its name says.
        let test = if c.followed {
            is_test(c) && !NOT_TEST_NAME.is_match(&c.text) && !leads_to_test.contains(&c.at)
        } else {
            is_test(c)
        };
        if test {
            // Every file on the chain runs this test (a reusable workflow called by others).
            files_testing.insert(c.at.path.as_str());
            files_testing.extend(c.via.iter().map(|v| v.path.as_str()));
            // Counted for the innermost workflow on the chain: a reusable workflow's tests
            // are its own, not its caller's; cited with its step.
            let inner = std::iter::once(&c.at)
                .chain(c.via.iter().rev())
                .find(|l| workflow_paths.contains(l.path.as_str()));
            if let Some(w) = inner {
                *own_test_commands.entry(w.path.clone()).or_default() += 1;
            }
            *per_root_tests.entry(root.clone()).or_default() += 1;
            let (label, via) = match inner {
                Some(w) if w.path != root && *w != c.at => (w.path.clone(), vec![w.clone()]),
                Some(w) if w.path != root => (w.path.clone(), Vec::new()),
                _ => (root.clone(), c.via.clone()),
            };
            let n = hits_per_label.entry(label.clone()).or_default();
            *n += 1;
            if *n <= 3 {
                let at = runner_line(snap, &c.at);
                out.test_hits.push(Hit::at("", &at, &via, Some(&label)));
            }
        }
    }
    // A job or step named as a test counts only when no command of its job is known (a
    // remote action, a job handed to another system): then the name is all there is, and
    // the facts say so.
    let mut by_name: HashSet<String> = HashSet::new();
    let files_with_commands: HashSet<&str> = m
        .jobs
        .iter()
        .filter(|j| j.commands > 0)
        .map(|j| j.at.path.as_str())
        .collect();
    for l in &m.labels {
        // A step's name counts when the step runs a remote action (no command known); a
        // job's when none of its commands is known; a workflow's when none of its jobs' is.
        let commands_known = match (l.step_has_commands, l.job.and_then(|j| m.jobs.get(j))) {
            (Some(has), _) => has,
            (None, Some(j)) => j.commands > 0,
            (None, None) => files_with_commands.contains(l.at.path.as_str()),
        };
        if commands_known
            || l.job
                .and_then(|j| m.jobs.get(j))
                .is_some_and(|j| j.skips_pull_requests && root_on_pr(l.root))
        {
            continue;
        }
        if TEST_NAME.is_match(&l.text) && !NOT_TEST_NAME.is_match(&l.text) {
            let root = root_path(l.root);
            if per_root_tests.get(&root).is_some_and(|n| *n > 0) && !by_name.contains(&root) {
                continue;
            }
            by_name.insert(root.clone());
            *per_root_tests.entry(root.clone()).or_default() += 1;
            if per_root_tests[&root] <= 3 {
                out.test_hits.push(Hit::at("", &l.at, &l.via, Some(&root)));
            }
        }
    }
    // Workflows called from others run when their callers run.
    let pr_direct = |w: &crate::evidence::ci::Workflow| {
        w.error.is_none() && w.trigger(|t| is_pull_request_event(&t.event)).is_some()
    };
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
        let pr_trigger = w.trigger(|t| is_pull_request_event(&t.event));
        if let Some(t) = pr_trigger {
            out.pr_hits.push(Hit::at(
                "",
                &Loc {
                    path: w.path.clone(),
                    line: t.line,
                },
                &[],
                Some(&w.path),
            ));
        } else if let Some((_, at)) = w
            .called_from
            .iter()
            .find(|(caller, _)| m.workflows.get(*caller).is_some_and(pr_direct))
        {
            // Run on pull requests through a caller: cited at the caller's `uses:` line.
            out.pr_hits.push(Hit::at("", at, &[], Some(&w.path)));
        }
        let called_by = sorted_unique(
            w.called_from
                .iter()
                .filter_map(|(c, _)| m.workflows.get(*c).map(|x| x.path.clone()))
                .collect(),
        );
        let on_pr: Vec<&crate::evidence::ci::Trigger> = w
            .triggers
            .iter()
            .filter(|t| is_pull_request_event(&t.event))
            .collect();
        let mut non_blocking = Vec::new();
        let mut skipped = Vec::new();
        for j in m.jobs.iter().filter(|j| j.at.path == w.path) {
            if non_blocking.contains(&j.id) || skipped.contains(&j.id) {
                continue;
            }
            if j.continue_on_error.is_some() {
                non_blocking.push(j.id.clone());
            }
            if j.skips_pull_requests {
                skipped.push(j.id.clone());
            }
        }
        // Through callers, the callee's tests count for the caller; the callee itself runs
        // tests when any job of its own file was reached running one.
        let own_tests = !w.called_from.is_empty() && files_testing.contains(w.path.as_str());
        out.workflows.push(WorkflowFacts {
            path: w.path.clone(),
            name: w.name.clone(),
            triggers: w.triggers.iter().map(|t| t.event.clone()).collect(),
            runs_tests: per_root_tests.get(&w.path).is_some_and(|n| *n > 0) || own_tests,
            test_commands: own_test_commands.get(&w.path).copied().unwrap_or(0),
            sast: sorted_unique(
                per_root_sast
                    .get(&w.path)
                    .map(|v| v.iter().map(|s| s.to_string()).collect())
                    .unwrap_or_default(),
            ),
            parse_error: None,
            called_by,
            pull_request_paths_filter: !on_pr.is_empty()
                && on_pr
                    .iter()
                    .filter(|t| t.event != "merge_group")
                    .all(|t| t.paths_filter.is_some())
                && on_pr.iter().any(|t| t.event != "merge_group"),
            merge_queue_only: !on_pr.is_empty() && on_pr.iter().all(|t| t.event == "merge_group"),
            tests_by_name: by_name.contains(&w.path),
            non_blocking_jobs: non_blocking,
            jobs_skipped_on_pull_requests: skipped,
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
                // A file whose trigger lives elsewhere (Cloud Build) checks changes only when
                // it reads pull request variables; otherwise it is said apart with what it
                // says of when it runs.
                // A release-named file with no word of its trigger stays a release build.
                if let Some((trigger, line)) = o.trigger {
                    let release = o.release_named && trigger == OtherTrigger::Unknown;
                    if trigger != OtherTrigger::PullRequests && !release {
                        out.triggered_outside.push(ExternalCiFile {
                            path: o.path.clone(),
                            system: o.system.to_string(),
                            trigger: trigger.as_str().to_string(),
                            line,
                            runs: builder_images(snap, &o.path),
                            comment: o.trigger_comment.clone(),
                        });
                        continue;
                    }
                }
                let release_only = !tests && o.release_named;
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
    for list in [
        &mut out.sast,
        &mut out.vulns,
        &mut out.dep_tools,
        &mut out.linters,
    ]
    .into_iter()
    .chain(out.by_category.values_mut())
    {
        dedup_hits(list);
    }
    out
}

/// The physical line of a command continued over several lines (`A=1 \` then `go test
/// ./...`) that holds the test runner, so that the citation shows it; `at` itself when the
/// runner is not within the next few lines.
pub(super) fn runner_line(snap: &FileSnapshot, at: &Loc) -> Loc {
    let Some((_, content)) = snap.text(&at.path) else {
        return at.clone();
    };
    let start = at.line.saturating_sub(1) as usize;
    for (i, l) in content.text.lines().skip(start).take(8).enumerate() {
        if TEST.is_match(l.trim()) {
            return Loc::new(&at.path, at.line + i as u32);
        }
        // The logical line ends where a physical line is not continued.
        if !l.trim_end().ends_with('\\') {
            break;
        }
    }
    at.clone()
}

/// OWNERS in Prow's (Kubernetes) form: `approvers:` or `reviewers:` at the top level with
/// a list of handles under it (`- alice`) or inline (`[alice]`).
pub(super) fn prow_shaped_owners(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(2_000).collect();
    // Under a top-level `filters:` (per-path rules), the lists are indented.
    let filters = lines.iter().any(|l| l.starts_with("filters:"));
    lines.iter().enumerate().any(|(i, l)| {
        let l = if filters { l.trim_start() } else { l };
        let Some(rest) = l
            .strip_prefix("approvers:")
            .or_else(|| l.strip_prefix("reviewers:"))
        else {
            return false;
        };
        let rest = rest.split('#').next().unwrap_or("").trim();
        if rest.starts_with('[') {
            return rest.len() > 2;
        }
        lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .is_some_and(|l| l.starts_with("- ") && l.len() > 2)
    })
}

/// The builder images a Cloud Build file's steps run (`gcr.io/cloud-builders/docker` →
/// `docker`), at most five, in order.
fn builder_images(snap: &FileSnapshot, path: &str) -> Vec<String> {
    let Some((_, c)) = snap.text(path) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for l in c.text.lines() {
        let t = l.trim_start();
        let Some(v) = t
            .strip_prefix("- name:")
            .or_else(|| t.strip_prefix("name:"))
        else {
            continue;
        };
        let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
        let last = v.rsplit('/').next().unwrap_or(v);
        let name = last.split([':', '@']).next().unwrap_or(last);
        if !name.is_empty()
            && name.len() <= 64
            && !name.contains('$')
            && !out.iter().any(|x| x == name)
        {
            out.push(name.to_string());
        }
        if out.len() >= 5 {
            break;
        }
    }
    out
}
