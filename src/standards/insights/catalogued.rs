//! Values of the draft that come from the tool catalogue's facts: the security tools with
//! when they run, and the distribution points the release steps name.

use std::collections::BTreeMap;

use crate::evidence::tools::catalogue::catalogue;
use crate::model::{PublishDestination, ToolUse};

use super::tree::{Node, cited, map, s, todo};

/// Security Insights' tool type for a catalogue category; `None` for what is no security
/// tool (linters, release steps).
fn si_type(category: &str) -> Option<&'static str> {
    Some(match category {
        "sast" => "SAST",
        "dependency-scanning" | "dependency-review" | "dependency-updates" => "SCA",
        "image-scanning" => "container",
        "secret-scanning" => "secret",
        "fuzzing" => "fuzzing",
        "config-scanning" | "scorecard" | "license-scanning" => "other",
        _ => return None,
    })
}

fn on_change(t: &str) -> bool {
    matches!(
        t,
        "pull_request" | "pull_request_target" | "push" | "merge_group"
    )
}

fn adhoc(t: &str) -> bool {
    matches!(t, "schedule" | "workflow_dispatch" | "repository_dispatch")
}

fn at(u: &ToolUse) -> String {
    match u.line {
        Some(l) => format!("{}:{l}", u.path),
        None => u.path.clone(),
    }
}

/// One SI tool entry per catalogue tool, from every use of it: `ci` when a use runs on
/// changes (or is a hosted service acting on its configuration), `adhoc` when one runs on
/// a schedule or by hand, `release` when one runs in a release workflow. A tool that is
/// only configured (nothing seen running it) has all three false and says so.
pub(super) fn tools(uses: &[ToolUse], release_workflows: &[&str]) -> Vec<Node> {
    let mut by_tool: BTreeMap<&str, Vec<&ToolUse>> = BTreeMap::new();
    for u in uses {
        if si_type(&u.category).is_some() {
            by_tool.entry(u.tool.as_str()).or_default().push(u);
        }
    }
    let mut out = Vec::new();
    for (id, uses) in by_tool {
        let Some(kind) = uses.iter().find_map(|u| si_type(&u.category)) else {
            continue;
        };
        let name = catalogue().name_of(id).unwrap_or(id);
        let running: Vec<&&ToolUse> = uses.iter().filter(|u| u.runs).collect();
        // A hosted service acting on its configuration (Dependabot) runs with no trigger.
        let ci = running
            .iter()
            .any(|u| u.triggers.iter().any(|t| on_change(t)) || u.workflow.is_none());
        let ad = running.iter().any(|u| u.triggers.iter().any(|t| adhoc(t)));
        let release = running.iter().any(|u| {
            u.workflow
                .as_deref()
                .is_some_and(|w| release_workflows.contains(&w))
        });
        let first = uses.first().map(|u| at(u)).unwrap_or_default();
        let source = match running.first() {
            Some(u) => format!("{} runs it", at(u)),
            None => format!("configured in {first}; nothing was seen running it"),
        };
        out.push(tool_node(cited(s(name), &source), kind, [ad, ci, release]));
    }
    out
}

/// A registry or index host as a step names it literally (`ghcr.io`, `localhost:5000`
/// is one too, but a `${{ env.REGISTRY }}` is not).
fn is_host(h: &str) -> bool {
    let name = h.split_once(':').map_or(h, |(n, _)| n);
    name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// An SI tool entry: `integration` is `[adhoc, ci, release]`; the rulesets are not read.
pub(super) fn tool_node(name: Node, kind: &str, integration: [bool; 3]) -> Node {
    let [adhoc, ci, release] = integration;
    map(vec![
        ("name", name),
        ("type", s(kind)),
        (
            "integration",
            map(vec![
                ("adhoc", Node::Bool(adhoc)),
                ("ci", Node::Bool(ci)),
                ("release", Node::Bool(release)),
            ]),
        ),
        (
            "rulesets",
            todo(
                Node::Seq(vec![s("default")]),
                "the rules it applies were not read; keep `default` if not customised",
            ),
        ),
        ("results", map(vec![])),
    ])
}

/// What a destination is called in a distribution point's comment.
fn what(d: &PublishDestination) -> &str {
    match d.covers.as_deref() {
        Some("images") => "container images",
        Some("charts") => "Helm charts",
        Some("packages") => "packages",
        Some("files") => "release files",
        _ => "release artefacts",
    }
}

/// One distribution point per destination the release steps name, each cited at its step.
/// GitHub releases get the repository's release page (skipped without `repo_url`: the
/// caller already has it); a registry or package index gets
/// its host, marked for the project to complete with the package's path (the step names
/// the host, the path is often a variable).
pub(super) fn distribution_points(
    dests: &[PublishDestination],
    repo_url: Option<&str>,
) -> Vec<Node> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for d in dests {
        let key = (d.destination.as_str(), d.covers.as_deref());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let source = format!("{}:{} publishes with {}", d.path, d.line, d.tool);
        let (uri, comment) = match d.destination.as_str() {
            "github-releases" => match repo_url {
                Some(u) => (
                    cited(s(format!("{u}/releases")), &source),
                    s("GitHub releases"),
                ),
                None => continue,
            },
            host if is_host(host) => (
                todo(
                    s(format!("https://{host}")),
                    &format!("add the path of the {} on {host}; {source}", what(d)),
                ),
                s(format!("{} on {host}", what(d))),
            ),
            // GitHub Pages (a documentation site), or a host the step takes from a variable.
            _ => continue,
        };
        out.push(map(vec![("uri", uri), ("comment", comment)]));
    }
    out
}
