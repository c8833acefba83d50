//! CI answers: pull request builds and tests, automated vulnerability checks.

use super::*;

mod tools;
pub(super) use tools::tools_with_places;
#[cfg(test)]
pub(super) use tools::when_phrase;

/// "`scan.yaml` calls `org/repo/.github/workflows/x.yml@main`, a reusable workflow of
/// another repository whose jobs were not read": for the workflows in `of`.
pub(super) fn remote_workflows_sentence(
    it: &mut Item,
    r: &ProbeResult,
    f: &CiChecksFacts,
    keep: impl Fn(&RemoteWorkflow) -> bool,
) {
    let calls: Vec<&RemoteWorkflow> = f
        .remote_workflows
        .iter()
        .flatten()
        .filter(|rw| keep(rw))
        .collect();
    if calls.is_empty() {
        return;
    }
    let parts: Vec<Text> = calls
        .iter()
        .map(|rw| text![code(&rw.uses), " (from ", code(base(&rw.workflow)), ")"])
        .collect();
    let mut c: Vec<&Citation> = Vec::new();
    for rw in calls.iter().take(MAX_CITES) {
        c.extend(
            cites_all(r, &["remote_workflows", &workflow_label(&rw.workflow)])
                .into_iter()
                .filter(|x| x.lines.is_some_and(|[a, _]| a == rw.line))
                .take(1),
        );
    }
    let s = match calls.as_slice() {
        [one] => text![
            code(base(&one.workflow)),
            " calls ",
            code(&one.uses),
            ", a reusable workflow of another repository whose jobs this scan did not read."
        ],
        _ => text![
            "Workflows call reusable workflows of other repositories, whose jobs this scan did not read: ",
            list_of(parts),
            "."
        ],
    };
    it.say_step(s, c);
}

/// Where a step stands, as the chain of calls that reached it: "in `scripts/publish.sh`
/// (lines 34 and 53), run by `reusable_publish.yaml`, called from `release.yaml`". `lines`
/// follows the file it numbers; `via` holds the chain's `path:line` entries, outermost
/// first; `workflow` names the entry point when the chain is not known.
pub(super) fn where_step(path: &str, lines: Text, via: &[String], workflow: &str) -> Text {
    let mut chain: Vec<&str> = Vec::new();
    for v in via.iter().rev() {
        let p = v.rsplit_once(':').map_or(v.as_str(), |(p, _)| p);
        if p != path && !chain.contains(&p) {
            chain.push(p);
        }
    }
    if !workflow.is_empty() && workflow != path && !chain.contains(&workflow) {
        chain.push(workflow);
    }
    let mut t = text!["in ", code(short_ci_path(path)), lines];
    for (i, p) in chain.iter().take(4).enumerate() {
        t.push(text![
            if i == 0 {
                ", run by "
            } else {
                ", called from "
            },
            code(short_ci_path(p))
        ]);
    }
    t
}

/// The citations of `fact` that belong to the workflow at `path`: labelled with it, or
/// else pointing into it.
pub(super) fn cites_of_workflow<'r>(
    r: &'r ProbeResult,
    fact: &str,
    path: &str,
    n: usize,
) -> Vec<&'r Citation> {
    let label = workflow_label(path);
    let labelled: Vec<&Citation> = cites_all(r, &[fact, &label]).into_iter().take(n).collect();
    if !labelled.is_empty() {
        return labelled;
    }
    cites_all(r, &[fact])
        .into_iter()
        .filter(|c| c.path.as_deref() == Some(path))
        .take(n)
        .collect()
}

impl Ctx<'_> {
    // ------------------------------------------------------------ CI

    pub(super) fn ci_on_every_pull_request(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::CiChecks]);
        let Some((r, f)) = self.ci() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        match f.systems.as_deref() {
            Some([]) => it.say(
                "No CI configuration (GitHub Actions, Prow, CircleCI, Travis CI, GitLab CI, Jenkins) was found in the repository.",
                cites(r, &["systems"]),
            ),
            Some(s) => {
                // Only the systems that check changes are called CI; files that only build
                // releases or images are named apart.
                let change: Vec<String> = match &f.change_systems {
                    Some(c) => c.clone(),
                    None => s.to_vec(),
                };
                if change.is_empty() {
                    it.say(
                        text![
                            names(s, tool_name),
                            " configuration was found, but none of it runs on pull requests or pushes to branches."
                        ],
                        cites(r, &["systems"]),
                    );
                } else {
                    let label = if f.change_systems.is_some() {
                        "change_systems"
                    } else {
                        "systems"
                    };
                    it.say(
                        text!["CI runs on ", names(&change, tool_name), "."],
                        cites(r, &[label]),
                    );
                }
                if let Some(files) = f.release_only_files.as_ref().filter(|v| !v.is_empty()) {
                    it.say(
                        text![
                            names(files, code),
                            if files.len() == 1 {
                                " only builds releases or images; it is"
                            } else {
                                " only build releases or images; they are"
                            },
                            " not counted as CI for changes."
                        ],
                        cites(r, &["release_only_files"]),
                    );
                }
            }
            None => {}
        }
        if let Some(w) = f.workflows.as_ref().filter(|w| !w.is_empty()) {
            // Workflows started by pull requests, and those a pull request workflow calls.
            let direct: Vec<&str> = w
                .iter()
                .filter(|w| w.triggers.iter().any(|t| is_pr_trigger(t)))
                .map(|w| w.path.as_str())
                .collect();
            let called = |w: &WorkflowFacts| -> Vec<String> {
                w.called_by
                    .iter()
                    .filter(|c| direct.contains(&c.as_str()))
                    .cloned()
                    .collect()
            };
            let pr: Vec<&WorkflowFacts> = w
                .iter()
                .filter(|w| direct.contains(&w.path.as_str()) || !called(w).is_empty())
                .collect();
            // A workflow that only runs when another calls it is named with its callers.
            let label = |w: &WorkflowFacts| -> Text {
                let callers = called(w);
                if direct.contains(&w.path.as_str()) || callers.is_empty() {
                    text![code(base(&w.path))]
                } else {
                    let callers: Vec<&str> = callers.iter().map(|c| base(c)).collect();
                    text![
                        code(base(&w.path)),
                        " (called by ",
                        names(&callers, code),
                        ")"
                    ]
                }
            };
            let listed: Vec<Text> = pr.iter().map(|w| label(w)).collect();
            let mut s = text![
                num(pr.len() as u64),
                " of ",
                count(
                    w.len() as u64,
                    "GitHub Actions workflow",
                    "GitHub Actions workflows"
                ),
                if pr.len() == 1 { " runs" } else { " run" },
                " on pull requests"
            ];
            if !pr.is_empty() {
                s.push(text![" (", list_of(listed), ")"]);
            }
            s.push(".");
            // Each listed workflow's pull request trigger, at its line.
            let mut c: Vec<&Citation> = Vec::new();
            for w in pr.iter().take(MAX_NAMES) {
                c.extend(cites_of_workflow(r, "pull_request_triggered", &w.path, 1));
            }
            if pr.is_empty() {
                // An absence among the workflows: the workflow files that were read.
                c = cites_all(r, &["workflows"])
                    .into_iter()
                    .take(MAX_CITES)
                    .collect();
            }
            it.say(s, c);
            limits_sentences(&mut it, r, &pr);
            if !pr.is_empty() {
                // The main suite first: a workflow that names itself for unit tests, then
                // one that does not name itself for end-to-end or integration suites, then
                // the one seen running the most test commands of its own.
                let mut tested: Vec<&&WorkflowFacts> = pr.iter().filter(|w| w.runs_tests).collect();
                tested.sort_by_key(|w| {
                    let says = |word: &str| {
                        [Some(base(&w.path)), w.name.as_deref()]
                            .into_iter()
                            .flatten()
                            .any(|n| n.to_ascii_lowercase().contains(word))
                    };
                    let suite = says("e2e") || says("integration") || says("end-to-end");
                    std::cmp::Reverse((says("unit"), !suite, w.test_commands))
                });
                let listed: Vec<Text> = tested.iter().map(|w| label(w)).collect();
                let s = match (pr.len(), tested.len()) {
                    (1, 0) => text!["It was not seen running tests."],
                    (1, _) => text!["It runs tests."],
                    (_, 0) => text!["None of them was seen running tests."],
                    (n, t) if n == t => text!["All of them run tests."],
                    (_, t) => text![
                        num(t as u64),
                        " of them ",
                        if t == 1 { "runs" } else { "run" },
                        " tests (",
                        list_of(listed),
                        ")."
                    ],
                };
                // The test commands (and the step that runs them) of each workflow said
                // to run tests; for "not seen", the workflow files that were read.
                let mut c: Vec<&Citation> = Vec::new();
                if tested.is_empty() {
                    for w in pr.iter().take(MAX_NAMES) {
                        c.extend(cites_path(r, &w.path).into_iter().take(1));
                    }
                    c.truncate(MAX_CITES);
                    it.say(s, c);
                } else {
                    for w in tested.iter().take(3) {
                        c.extend(cites_of_workflow(r, "runs_tests", &w.path, 2));
                    }
                    c.truncate(MAX_CITES);
                    it.say_step(s, c);
                }
                tests_by_name_sentence(&mut it, r, &pr);
                // Workflows not seen testing that hand their jobs to another repository.
                let untested: Vec<&str> = pr
                    .iter()
                    .filter(|w| !w.runs_tests)
                    .map(|w| w.path.as_str())
                    .collect();
                remote_workflows_sentence(&mut it, r, f, |rw| {
                    untested.contains(&rw.workflow.as_str())
                });
            }
        } else {
            match (f.pull_request_triggered, f.runs_tests) {
                (Some(true), tests) => it.say(
                    text![
                        "CI is triggered by pull requests",
                        match tests {
                            Some(true) => " and runs tests",
                            Some(false) => "; it was not seen running tests",
                            None => "",
                        },
                        "."
                    ],
                    cites(r, &["pull_request_triggered", "runs_tests"]),
                ),
                (Some(false), _) if f.systems.as_ref().is_some_and(|s| !s.is_empty()) => it.say(
                    "None of the CI configuration runs on pull requests.",
                    cites(r, &["pull_request_triggered"]),
                ),
                _ => {}
            }
        }
        // Files whose triggers live outside the repository: what they run and when, as far
        // as the file says; never counted as pull request CI.
        for x in f.triggered_outside.iter().flatten().take(MAX_NAMES) {
            let runs = if x.runs.is_empty() {
                text![":"]
            } else {
                text![" runs ", names(&x.runs, code), ";"]
            };
            let when = match x.trigger.as_str() {
                "tags" => text![" it runs for tags (it reads the tag name), not on pull requests."],
                "branches" => text![
                    " the filters of its jobs limit them to named branches or to tags, so it runs after changes reach those, not on pull requests."
                ],
                "schedule" => text![" it runs on a schedule, not on pull requests."],
                "comment" => match &x.comment {
                    Some(c) => text![
                        " what starts it is not configured in the file, but a comment in it says: “",
                        quote(c),
                        "”. It is not counted as pull request CI."
                    ],
                    None => text![
                        " its trigger is not in the repository; it is not counted as pull request CI."
                    ],
                },
                "after_merge" => text![
                    " it reads the merged branch, so it runs after merge, not on pull requests."
                ],
                _ => text![
                    " its trigger is not in the repository, so when it runs is not known from here; it is not counted as pull request CI."
                ],
            };
            it.say(
                text![code(&x.path), " (", tool_name(&x.system), ")", runs, when],
                cites_all(r, &["triggered_outside", &workflow_label(&x.path)])
                    .into_iter()
                    .take(1)
                    .collect::<Vec<&Citation>>(),
            );
        }
        if f.prow_jobs_elsewhere == Some(true) {
            it.say(
                text![
                    "The root ",
                    code("OWNERS"),
                    " file marks a Prow project: its Prow jobs are configured in another repository, which this scan did not read."
                ],
                cites(r, &["prow_jobs_elsewhere"]),
            );
        }
        // Other CI systems' files that run tests (Cirrus CI, GitLab CI, Travis CI...).
        let mut others: Vec<&str> = r
            .citations
            .iter()
            .filter(|c| c.supports.iter().any(|s| s == "runs_tests"))
            .flat_map(|c| c.supports.iter())
            .filter_map(|s| {
                s.strip_prefix("workflows[")
                    .and_then(|x| x.strip_suffix(']'))
            })
            .filter(|p| !p.starts_with(".github/workflows/"))
            .collect();
        others.sort_unstable();
        others.dedup();
        if !others.is_empty() {
            let mut c: Vec<&Citation> = Vec::new();
            for p in others.iter().take(3) {
                c.extend(cites_of_workflow(r, "runs_tests", p, 2));
            }
            it.say_step(
                text![
                    names(&others, code),
                    if others.len() == 1 { " runs" } else { " run" },
                    " tests."
                ],
                c,
            );
        }
        for cr in f.check_runs.iter().flatten().take(2) {
            let mut s = text![
                "On commit ",
                commit(&cr.commit),
                ", ",
                count(cr.total, "check", "checks"),
                " reported: ",
                num(cr.passing),
                " passing, ",
                num(cr.failing),
                " failing, ",
                num(cr.pending),
                " pending"
            ];
            if !cr.apps.is_empty() {
                s.push(text![" (", names(&cr.apps, code), ")"]);
            }
            s.push(".");
            it.say(s, cites(r, &["check_runs", "recent_runs_passing"]));
        }
        if f.check_runs.as_ref().is_none_or(|c| c.is_empty()) {
            if let Some(p) = f.recent_runs_passing {
                it.say(
                    text![
                        "Recent CI runs on the default branch are ",
                        if p { "passing" } else { "failing" },
                        "."
                    ],
                    cites(r, &["recent_runs_passing"]),
                );
            }
        }
        it.finish_as(r)
    }

    pub(super) fn automated_vulnerability_checks(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::CiChecks]);
        let Some((r, f)) = self.ci() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let mut found = 0;
        match f.sast.as_deref() {
            Some([]) => {
                it.say(
                    "No security static analysis tool (such as CodeQL, gosec, Semgrep or zizmor) was found in the CI configuration this scan read.",
                    cites(r, &["sast"]),
                );
                if let Some(l) = f.linters.as_deref().filter(|l| !l.is_empty()) {
                    let (list, c) = tools_with_places(r, f, "linters", l);
                    it.say_step(
                        text![
                            "CI runs ",
                            if l.len() == 1 {
                                "the linter "
                            } else {
                                "the linters "
                            },
                            list,
                            if l.len() == 1 {
                                ", which checks"
                            } else {
                                ", which check"
                            },
                            " code quality rather than security."
                        ],
                        c,
                    );
                }
                // Reusable workflows of other repositories whose names say they scan.
                remote_workflows_sentence(&mut it, r, f, |rw| {
                    let u = rw.uses.to_ascii_lowercase();
                    [
                        "scan", "codeql", "sast", "security", "analy", "semgrep", "gosec",
                    ]
                    .iter()
                    .any(|k| u.contains(k))
                });
            }
            Some(tools) => {
                found += 1;
                let (list, c) = tools_with_places(r, f, "sast", tools);
                it.say_step(text!["Static analysis runs in CI: ", list, "."], c);
            }
            None => {}
        }
        if let Some(tools) = f
            .vulnerability_scanning
            .as_deref()
            .filter(|t| !t.is_empty())
        {
            found += 1;
            let (list, c) = tools_with_places(r, f, "vulnerability_scanning", tools);
            it.say_step(
                text![
                    "CI scans the dependencies for known vulnerabilities with ",
                    list,
                    "."
                ],
                c,
            );
        }
        // The other scans of the tool catalogue, one sentence each.
        for (fact, what) in [
            (
                "image_scanning",
                "CI scans container images for known vulnerabilities with",
            ),
            (
                "dependency_review",
                "Pull requests' dependency changes (not all dependencies) are reviewed with",
            ),
            ("secret_scanning", "CI scans for committed secrets with"),
            (
                "config_scanning",
                "CI scans configuration and manifests with",
            ),
            ("fuzzing", "CI runs fuzzing with"),
            ("scorecard", "CI runs"),
            ("license_scanning", "CI checks dependency licenses with"),
            ("ci_hardening", "CI runners are hardened with"),
        ] {
            let list = match fact {
                "image_scanning" => &f.image_scanning,
                "dependency_review" => &f.dependency_review,
                "secret_scanning" => &f.secret_scanning,
                "config_scanning" => &f.config_scanning,
                "fuzzing" => &f.fuzzing,
                "scorecard" => &f.scorecard,
                "ci_hardening" => &f.ci_hardening,
                _ => &f.license_scanning,
            };
            if let Some(tools) = list.as_deref().filter(|t| !t.is_empty()) {
                if matches!(fact, "image_scanning" | "secret_scanning" | "fuzzing") {
                    found += 1;
                }
                let (list, c) = tools_with_places(r, f, fact, tools);
                it.say(text![what, " ", list, "."], c);
            }
        }
        let only_ci_pins = f.dependency_updates_cover_code == Some(false);
        if only_ci_pins {
            let ecos: Vec<&str> = f
                .dependency_updates
                .iter()
                .flatten()
                .filter_map(|u| u.ecosystem.as_deref())
                .collect();
            it.say(
                text![
                    "Dependabot is configured only for ",
                    names(&ecos, code),
                    ", which keeps pinned actions or submodules current, not the code's dependencies."
                ],
                cites(r, &["dependency_updates_cover_code"]),
            );
        }
        match f
            .dependency_update_tools
            .as_deref()
            .filter(|_| !only_ci_pins)
        {
            Some([]) => it.say(
                "No Dependabot or Renovate configuration was found.",
                cites(r, &["dependency_update_tools"]),
            ),
            Some(tools) => {
                found += 1;
                let mut c: Vec<&Citation> = tools
                    .iter()
                    .flat_map(|t| {
                        cites_all(r, &[&format!("dependency_update_tools[{t}]")])
                            .into_iter()
                            .take(1)
                    })
                    .collect();
                if c.is_empty() {
                    c = cites(r, &["dependency_update_tools"]);
                }
                it.say(
                    text![
                        "Dependency updates are automated with ",
                        names(tools, tool_name),
                        super::scope::update_scope(f.dependency_updates.as_deref()),
                        "."
                    ],
                    c,
                );
            }
            None => {}
        }
        let answer = match found {
            0 => {
                if f.sast.is_some() && f.dependency_update_tools.is_some() {
                    it.unknown_for(
                        "nothing was found in the repository, but GitHub code scanning's default setup and Dependabot security updates can be enabled outside it",
                    );
                } else {
                    it.unknown_because(Some(r));
                }
                Answer::Unknown
            }
            1 => Answer::Partial,
            _ => Answer::Yes,
        };
        it.finish(answer)
    }
}

/// What limits the pull request workflows: `paths` filters (they run only for some
/// changes), the merge queue only, jobs that never fail the check, jobs skipped on pull
/// requests, and tests known only from a name.
fn limits_sentences(it: &mut Item, r: &ProbeResult, pr: &[&WorkflowFacts]) {
    let of = |pred: &dyn Fn(&WorkflowFacts) -> bool| -> Vec<&str> {
        pr.iter()
            .filter(|w| pred(w))
            .map(|w| w.path.as_str())
            .collect()
    };
    let line_cites = |paths: &[&str], what: &str| -> Vec<&Citation> {
        let mut c: Vec<&Citation> = Vec::new();
        for p in paths.iter().take(MAX_NAMES) {
            c.extend(
                cites_all(r, &[what, &workflow_label(p)])
                    .into_iter()
                    .take(1),
            );
        }
        c.truncate(MAX_CITES);
        c
    };
    let bases =
        |paths: &[&str]| -> Vec<String> { paths.iter().map(|p| base(p).to_string()).collect() };
    let filtered = of(&|w| w.pull_request_paths_filter);
    if !filtered.is_empty() {
        it.say(
            text![
                names(&bases(&filtered), code),
                if filtered.len() == 1 { " runs" } else { " run" },
                // `paths:` keeps, `paths-ignore:` drops: one wording true of both.
                " on a pull request only when a changed file passes ",
                if filtered.len() == 1 { "its" } else { "their" },
                " path filter (",
                code("paths"),
                " or ",
                code("paths-ignore"),
                ")."
            ],
            line_cites(&filtered, "workflows.paths_filter"),
        );
    }
    let queue = of(&|w| w.merge_queue_only);
    if !queue.is_empty() {
        it.say(
            text![
                names(&bases(&queue), code),
                if queue.len() == 1 { " runs" } else { " run" },
                " only in the merge queue (",
                code("merge_group"),
                "), not on each pull request."
            ],
            queue
                .iter()
                .take(MAX_NAMES)
                .flat_map(|p| cites_of_workflow(r, "pull_request_triggered", p, 1))
                .collect::<Vec<&Citation>>(),
        );
    }
    for (what, pred, tail) in [
        (
            "workflows.continue_on_error",
            (|w: &WorkflowFacts| !w.non_blocking_jobs.is_empty()) as fn(&WorkflowFacts) -> bool,
            " never fail the check (",
        ),
        (
            "workflows.skips_pull_requests",
            |w: &WorkflowFacts| !w.jobs_skipped_on_pull_requests.is_empty(),
            " do not run on every pull request (their ",
        ),
    ] {
        let ws = of(&pred);
        if ws.is_empty() {
            continue;
        }
        let mut parts: Vec<Text> = Vec::new();
        for w in pr.iter().filter(|w| pred(w)) {
            let jobs = if what == "workflows.continue_on_error" {
                &w.non_blocking_jobs
            } else {
                &w.jobs_skipped_on_pull_requests
            };
            parts.push(text![names(jobs, code), " in ", code(base(&w.path))]);
        }
        let n: usize = pr
            .iter()
            .filter(|w| pred(w))
            .map(|w| {
                if what == "workflows.continue_on_error" {
                    w.non_blocking_jobs.len()
                } else {
                    w.jobs_skipped_on_pull_requests.len()
                }
            })
            .sum();
        let one = n == 1;
        let s = if what == "workflows.continue_on_error" {
            text![
                if one { "Job " } else { "Jobs " },
                list_of(parts),
                if one {
                    " never fails the check ("
                } else {
                    tail
                },
                code("continue-on-error: true"),
                ")."
            ]
        } else {
            text![
                if one { "Job " } else { "Jobs " },
                list_of(parts),
                // A condition may keep a job off every pull request or off all but some
                // (a title, a label): neither is every pull request.
                if one {
                    " does not run on every pull request (its "
                } else {
                    tail
                },
                code("if:"),
                if one {
                    " condition keeps it off them)."
                } else {
                    " conditions keep them off)."
                }
            ]
        };
        it.say(s, line_cites(&ws, what));
    }
}

/// Workflows said to run tests from a name alone: said so, after the tests sentence.
fn tests_by_name_sentence(it: &mut Item, r: &ProbeResult, pr: &[&WorkflowFacts]) {
    let by_name: Vec<&str> = pr
        .iter()
        .filter(|w| w.runs_tests && w.tests_by_name)
        .map(|w| w.path.as_str())
        .collect();
    let bases: Vec<String> = by_name.iter().map(|p| base(p).to_string()).collect();
    if !by_name.is_empty() {
        it.say(
            text![
                names(&bases, code),
                if by_name.len() == 1 { " is" } else { " are" },
                " taken as running tests from a job or step name only: the step runs an action (or the job a workflow) whose commands this scan did not read."
            ],
            by_name
                .iter()
                .take(MAX_NAMES)
                .flat_map(|p| cites_of_workflow(r, "runs_tests", p, 1))
                .collect::<Vec<&Citation>>(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19 class 8: the lines follow the file they number, then the chain of calls.
    #[test]
    fn a_step_is_placed_by_its_chain() {
        let via = vec![
            ".github/workflows/release.yaml:20".to_string(),
            ".github/workflows/reusable_publish.yaml:12".to_string(),
        ];
        let t = where_step(
            "scripts/publish.sh",
            text![" (lines 34 and 53)"],
            &via,
            ".github/workflows/release.yaml",
        );
        assert_eq!(
            t.plain(),
            "in scripts/publish.sh (lines 34 and 53), run by reusable_publish.yaml, called from release.yaml"
        );
        let t = where_step(
            ".github/workflows/release.yml",
            Text::new(),
            &[],
            ".github/workflows/release.yml",
        );
        assert_eq!(t.plain(), "in release.yml");
    }
}
