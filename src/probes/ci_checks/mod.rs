//! `ci-checks`: does CI build and test every pull request, and which automated security
//! checks run?
//!
//! GitHub Actions workflows are parsed as YAML (triggers in string, list or map form; each
//! step's `uses` and `run`); other CI systems are found by their configuration files and
//! searched line by line. A workflow that does not parse is reported with the parser's
//! message. Check runs read from the API show which apps ran and whether they passed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::evidence::ci::{CiModel, CiSystem, Loc, OtherTrigger, Root};
use crate::evidence::github::CommitChecks;
use crate::evidence::tools::Recognised;
use crate::evidence::tools::catalogue::Category;
use crate::evidence::{Evidence, FileSnapshot, yaml};
use crate::evidence::{Need, Needs};
use crate::model::{
    CheckRunsFacts, CiChecksFacts, Citation, ExternalCiFile, Outcome, ProbeFacts, ProbeId,
    RemoteWorkflow, WorkflowFacts,
};

use super::ci::is_pull_request_event;
use super::util::{
    LineIndex, cite_tree, cite_whole_file, files, plural, sorted_unique, why, workflow_label,
};
use super::{Judgement, Probe};

mod catalogued;
mod detect;
mod files;

use detect::*;
use files::*;

pub struct CiChecks;

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
        include_str!("../../../probes/ci-checks.yml")
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
        let none = Recognised::default();
        let tools = ev.tools().unwrap_or(&none);
        let ff = from_files(snap, &model, tools);
        let mut lines = LineIndex::new(snap);
        catalogued::tool_facts(ev, snap, tools, &ff, &mut f, &mut cites, &mut lines);
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
        for x in &ff.triggered_outside {
            let label = workflow_label(&x.path);
            cites.push(match x.line {
                Some(l) => lines.cite(ev, &Loc::new(&x.path, l), &["triggered_outside", &label]),
                None => cite_whole_file(ev, &x.path, &["triggered_outside", &label]),
            });
        }
        f.triggered_outside = Some(ff.triggered_outside.clone());
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
        // What limits a workflow on pull requests, each at its line: a `paths` filter, a
        // job that never fails the check, a job whose condition skips pull requests.
        let mut limits: Vec<(Loc, &str)> = Vec::new();
        for w in &model.workflows {
            for t in w
                .triggers
                .iter()
                .filter(|t| is_pull_request_event(&t.event))
            {
                if let Some(l) = t.paths_filter {
                    limits.push((Loc::new(&w.path, l), "workflows.paths_filter"));
                }
            }
        }
        for j in &model.jobs {
            if let Some(l) = j.continue_on_error {
                limits.push((Loc::new(&j.at.path, l), "workflows.continue_on_error"));
            }
            if let (true, Some((_, l))) = (j.skips_pull_requests, &j.condition) {
                limits.push((Loc::new(&j.at.path, *l), "workflows.skips_pull_requests"));
            }
        }
        limits.sort();
        limits.dedup();
        for (at, what) in limits.iter().take(48) {
            let label = workflow_label(&at.path);
            cites.push(lines.cite(ev, at, &[what, &label]));
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
            for (_, c) in catalogued::CATEGORY_FACTS {
                if let Some(slot) = catalogued::slot(&mut f, c) {
                    none(slot);
                }
            }
            if f.tools.as_ref().is_some_and(Vec::is_empty) {
                f.tools = None;
            }
            if f.dependency_updates.as_ref().is_some_and(Vec::is_empty) {
                f.dependency_updates = None;
            }
            if f.remote_workflows.as_ref().is_some_and(Vec::is_empty) {
                f.remote_workflows = None;
            }
            if f.triggered_outside.as_ref().is_some_and(Vec::is_empty) {
                f.triggered_outside = None;
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
                "triggered_outside",
                f.triggered_outside.as_ref().is_some_and(Vec::is_empty),
            ),
            (
                "remote_workflows",
                f.remote_workflows.as_ref().is_some_and(Vec::is_empty),
            ),
            ("tools", f.tools.as_ref().is_some_and(Vec::is_empty)),
            (
                "dependency_updates",
                f.dependency_updates.as_ref().is_some_and(Vec::is_empty),
            ),
        ] {
            if is_empty {
                absent.push(name);
            }
        }
        for (name, c) in catalogued::CATEGORY_FACTS {
            if catalogued::slot(&mut f, c).is_some_and(|v| empty(v)) {
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
        // Met only when the tests run where pull requests run: a workflow that tests on a
        // schedule beside another that runs on pull requests without tests is not.
        let pr_direct = |p: &str| {
            ff.workflows
                .iter()
                .any(|w| w.path == p && w.triggers.iter().any(|t| is_pull_request_event(t)))
        };
        let tests_on_pr = ff.test_hits.iter().any(|h| match h.root.as_deref() {
            Some(r) if r.starts_with(".github/workflows/") => {
                pr_direct(r)
                    || ff
                        .workflows
                        .iter()
                        .any(|w| w.path == r && w.called_by.iter().any(|c| pr_direct(c)))
            }
            _ => true,
        });
        let outcome = if f.pull_request_triggered == Some(true)
            && f.runs_tests == Some(true)
            && tests_on_pr
        {
            Outcome::Met
        } else {
            Outcome::PartiallyMet
        };
        Judgement::new(ProbeFacts::CiChecks(f), outcome, summary).cite_all(cites)
    }
}

#[cfg(test)]
mod tests;
