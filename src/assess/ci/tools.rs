//! The tools CI runs, each with the workflows that run it and when those start.

use super::super::*;

/// "CodeQL (`codeql.yml`) and gosec (enabled in `.golangci.yml`, run by `ci.yml`)", with
/// the citations of each tool's first lines (`fact[tool]` labels).
pub(in crate::assess) fn tools_with_places<'r>(
    r: &'r ProbeResult,
    f: &CiChecksFacts,
    fact: &str,
    tools: &[String],
) -> (Text, Vec<&'r Citation>) {
    let mut all = Vec::new();
    let mut parts = Vec::new();
    let category = match fact {
        "vulnerability_scanning" => "dependency-scanning",
        "linters" => "code-quality",
        other => other,
    }
    .replace('_', "-");
    for t in tools {
        let label = format!("{fact}[{t}]");
        let mut c: Vec<&Citation> = cites_all(r, &[&label]).into_iter().take(2).collect();
        // Every workflow that runs it, not only those of its first lines: a tool run on pull
        // requests and again by a scheduled or push-only workflow is said with both.
        let mut uses: Vec<&str> = Vec::new();
        for u in f.tools.iter().flatten() {
            if u.tool == *t && u.runs && u.category == category {
                if let Some(w) = u.workflow.as_deref().filter(|w| !uses.contains(w)) {
                    uses.push(w);
                }
            }
        }
        for w in uses.iter().take(MAX_NAMES) {
            if let Some(x) = cites_all(r, &[&label, &workflow_label(w)])
                .into_iter()
                .next()
            {
                if !c.iter().any(|y| same_citation(x, y)) {
                    c.push(x);
                }
            }
        }
        let mut roots: Vec<&str> = c
            .iter()
            .flat_map(|c| c.supports.iter())
            .filter_map(|s| {
                s.strip_prefix("workflows[")
                    .and_then(|x| x.strip_suffix(']'))
            })
            .map(base)
            .collect();
        for w in &uses {
            if !roots.contains(&base(w)) {
                roots.push(base(w));
            }
        }
        if roots.is_empty() && fact == "sast" {
            roots = f
                .workflows
                .iter()
                .flatten()
                .filter(|w| w.sast.iter().any(|x| x == t))
                .map(|w| base(&w.path))
                .collect();
        }
        roots.dedup();
        // A workflow whose pull request trigger is limited to some paths.
        let paths_filtered = |root: &str| {
            f.workflows
                .iter()
                .flatten()
                .any(|w| base(&w.path) == root && w.pull_request_paths_filter)
        };
        // When each workflow that runs it starts (the uses' triggers, less pull requests
        // where a job or step condition keeps them off): a nightly scan is said nightly.
        let when_of = |root: &str| -> Option<Text> {
            let mut events: Vec<&str> = Vec::new();
            let mut known = false;
            for u in f.tools.iter().flatten().filter(|u| {
                u.tool == *t
                    && u.runs
                    && u.category == category
                    && u.workflow.as_deref().is_some_and(|w| base(w) == root)
            }) {
                known |= !u.triggers.is_empty();
                events.extend(u.triggers.iter().map(String::as_str));
            }
            if known {
                when_phrase_filtered(&events, true, paths_filtered(root))
            } else {
                None
            }
        };
        let when_of_plain = |root: &str| -> Option<Text> {
            let events: Vec<&str> = f
                .tools
                .iter()
                .flatten()
                .filter(|u| {
                    u.tool == *t
                        && u.runs
                        && u.category == category
                        && u.workflow.as_deref().is_some_and(|w| base(w) == root)
                })
                .flat_map(|u| u.triggers.iter().map(String::as_str))
                .collect();
            when_phrase_filtered(&events, false, paths_filtered(root))
        };
        let whens: Vec<Option<Text>> = roots.iter().map(|w| when_of(w)).collect();
        let same = whens.windows(2).all(|w| w[0] == w[1]);
        let where_when = if same {
            let when = whens
                .first()
                .cloned()
                .flatten()
                .map(|w| text![", ", w])
                .unwrap_or_default();
            text![names(&roots, code), when]
        } else {
            let each: Vec<Text> = roots
                .iter()
                .zip(&whens)
                .map(|(w, when)| match when {
                    // Each workflow with its own events: no "not on pull requests" in a list.
                    Some(_) => {
                        let mut t = text![code(w)];
                        if let Some(x) = when_of_plain(w) {
                            t.push(text![" ", x]);
                        }
                        t
                    }
                    None => text![code(w)],
                })
                .collect();
            list_of(each)
        };
        let config = c
            .iter()
            .filter_map(|c| c.path.as_deref())
            .find(|p| base(p).starts_with(".golangci") || base(p).starts_with("golangci."));
        let place = match (config, roots.is_empty()) {
            (Some(cfg), false) => text![" (enabled in ", code(cfg), ", run by ", where_when, ")"],
            (None, false) => text![" (", where_when, ")"],
            // Seen only in check runs (CodeQL's default setup): no file to name.
            _ => Text::new(),
        };
        parts.push(text![tool_name(t), place]);
        if c.is_empty() {
            all.extend(cites(r, &[fact]).into_iter().take(1));
        }
        all.extend(c);
    }
    all.dedup_by(|a, b| same_citation(a, b));
    all.truncate(MAX_CITES);
    (list_of(parts), all)
}

/// When workflows started by `events` run, in words: "on pull requests, on pushes and on a
/// schedule"; `None` when no event says (only `workflow_call`, or nothing known).
#[cfg(test)]
pub(in crate::assess) fn when_phrase(events: &[&str], negate: bool) -> Option<Text> {
    when_phrase_filtered(events, negate, false)
}

/// [`when_phrase`], for a workflow whose pull request trigger has a `paths` filter when
/// `paths`: "on pull requests that change the files its `paths` filter names".
pub(in crate::assess) fn when_phrase_filtered(
    events: &[&str],
    negate: bool,
    paths: bool,
) -> Option<Text> {
    let has = |names: &[&str]| events.iter().any(|e| names.contains(e));
    let mut parts: Vec<Text> = Vec::new();
    for (names, words) in [
        (
            &["pull_request", "pull_request_target"][..],
            "on pull requests",
        ),
        (&["merge_group"][..], "in the merge queue"),
        (&["push"][..], "on pushes"),
        (&["schedule"][..], "on a schedule"),
        (&["release"][..], "on releases"),
        (&["workflow_dispatch"][..], "when started by hand"),
        (&["workflow_run"][..], "after another workflow"),
        (&["issue_comment"][..], "on comments"),
    ] {
        if has(names) {
            if paths && words == "on pull requests" {
                parts.push(text![
                    "on pull requests that change the files its ",
                    code("paths"),
                    " filter names"
                ]);
            } else {
                parts.push(text![words]);
            }
        }
    }
    // Started by hand as well as by an event: the event says when it runs.
    if parts.len() > 1 {
        parts.retain(|p| p.plain() != "when started by hand");
    }
    if parts.is_empty() {
        return None;
    }
    let on_pr = has(&["pull_request", "pull_request_target"]);
    let mut t = list_of(parts);
    if negate && !on_pr && has(&["push", "schedule", "release", "workflow_dispatch"]) {
        t.push(", not on pull requests");
    }
    Some(t)
}
