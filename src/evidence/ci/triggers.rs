//! When another CI system's file runs, as far as its own configuration says: CircleCI's
//! workflow filters and scheduled triggers. Systems whose triggers live outside the
//! repository (Cloud Build) are read in `other.rs` from the variables they use.

use super::OtherTrigger;
use crate::evidence::yaml::{self, Node};

/// CircleCI: `Branches` when every job of every workflow is limited by its filters to named
/// branches or to tags (`filters: {branches: {only: main}}`, `tags: {only: /^v.*/}` with
/// `branches: {ignore: /.*/}`), with the first `only:` line; `Schedule` when every workflow
/// is started by a `triggers: - schedule`; `None` when some job runs on any pushed branch
/// (whether CircleCI also builds pull requests is a project setting, not in the file).
pub(super) fn circleci(text: &str) -> Option<(OtherTrigger, Option<u32>)> {
    let doc = yaml::parse(text).ok()?;
    let workflows = doc.get("workflows")?;
    let mut limited: Option<u32> = None;
    let mut scheduled: Option<u32> = None;
    let mut any = false;
    for (name, _, wf) in workflows.entries() {
        if name == "version" {
            continue;
        }
        any = true;
        let schedule = wf
            .get("triggers")
            .and_then(Node::as_seq)
            .and_then(|s| s.iter().find_map(|t| t.entry("schedule")))
            .map(|(k, _)| k.line);
        if let Some(l) = schedule {
            scheduled.get_or_insert(l);
            continue;
        }
        let jobs = wf.get("jobs").and_then(Node::as_seq)?;
        for job in jobs {
            // `- build` (no filters), or `- build: {filters: ...}`.
            let (_, _, body) = job.entries().next()?;
            let line = only_branches_or_tags(body.get("filters")?)?;
            limited.get_or_insert(line);
        }
    }
    if !any {
        return None;
    }
    match (limited, scheduled) {
        (Some(l), _) => Some((OtherTrigger::Branches, Some(l))),
        (None, Some(l)) => Some((OtherTrigger::Schedule, Some(l))),
        (None, None) => None,
    }
}

/// The line of the filter that keeps a job off arbitrary branches: `branches: {only: ...}`,
/// or `tags: {only: ...}` with every branch ignored (`branches: {ignore: /.*/}`).
fn only_branches_or_tags(filters: &Node) -> Option<u32> {
    let branches = filters.get("branches");
    if let Some((k, _)) = branches.and_then(|b| b.entry("only")) {
        return Some(k.line);
    }
    let ignores_all = branches
        .and_then(|b| b.get("ignore"))
        .and_then(Node::as_str)
        .is_some_and(|v| matches!(v.trim(), "/.*/" | "/.+/"));
    let tags = filters.get("tags").and_then(|t| t.entry("only"));
    match (ignores_all, tags) {
        (true, Some((k, _))) => Some(k.line),
        _ => None,
    }
}
