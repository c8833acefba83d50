//! Tool recognition: the catalogue (`probes/catalogue/tools.yml`, see [`catalogue`])
//! matched against everything the CI model reaches and against the file snapshot.
//!
//! One engine, four ways in: an action use (`uses:`), a program at command position in a
//! command CI runs (wherever the model reached it: a workflow step, a script, a make
//! target), a configuration file's presence, and a switch in another tool's configuration
//! (gosec enabled in `.golangci.yml`, run when CI runs golangci-lint). Source files that are
//! a tool's input (Go fuzz tests) are found by a line. Each occurrence keeps its line, the
//! chain of lines that reached it and the workflow (or CI file) it belongs to, with that
//! file's triggers. It classifies evidence; the probes judge it.

pub mod catalogue;
pub mod dependabot;
pub mod reference;
pub mod switches;

use std::collections::HashSet;

use super::ci::{ActionUse, CiModel, Loc, Root, shell};
use super::files::{FileSnapshot, is_vendored};
use catalogue::{ActionPattern, Category, Covers, Destination, ProgramPattern, Tool, catalogue};

/// Most occurrences kept per tool and category (a file of thousands of identical lines).
pub const MAX_PER_TOOL: usize = 100;
/// Most source files searched for a tool's input (fuzz tests).
pub const MAX_SOURCE_FILES: usize = 2_000;

/// How a tool was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum How {
    Action,
    Program,
    /// A template line of another CI system's file (GitLab's SAST template).
    CiTemplate,
    /// A configuration file's presence.
    ConfigFile,
    /// Enabled in another tool's configuration.
    Switch,
    /// Its input in the sources (a fuzz test).
    Source,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Action => "action",
            How::Program => "program",
            How::CiTemplate => "ci_template",
            How::ConfigFile => "config_file",
            How::Switch => "switch",
            How::Source => "source",
        }
    }
}

/// One place where a tool of the catalogue is used or configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub tool: &'static Tool,
    pub category: Category,
    pub how: How,
    pub at: Loc,
    /// A configuration file's presence: the file, not a line.
    pub whole_file: bool,
    /// The lines that led here, outermost first (a switch: the run of its host).
    pub via: Vec<Loc>,
    /// The workflow (or other CI file) that runs it; `None` for configuration.
    pub root: Option<String>,
    /// The events that start that workflow (`pull_request`, `schedule`...).
    pub triggers: Vec<String>,
    /// CI runs it (or a hosted service acts on its configuration, `service`); false for
    /// configuration or sources that nothing was seen running.
    pub runs: bool,
    /// A hosted service acts on the configuration file (Dependabot).
    pub service: bool,
    pub covers: Option<Covers>,
    /// Where a publishing step publishes (registry hosts, `github-releases`, `pypi.org`),
    /// as its arguments or inputs name it; empty when they do not say.
    pub destinations: Vec<String>,
}

impl Occurrence {
    /// The tool found at `at` in its own category, by `how`, with nothing seen running it
    /// (a configuration file, a switch, a source): callers set what they know more.
    fn at_rest(tool: &'static Tool, how: How, at: Loc) -> Occurrence {
        Occurrence {
            tool,
            category: tool.category,
            how,
            at,
            whole_file: false,
            via: Vec::new(),
            root: None,
            triggers: Vec::new(),
            runs: false,
            service: false,
            covers: None,
            destinations: Vec::new(),
        }
    }

    pub fn id(&self) -> &'static str {
        self.tool.id.as_str()
    }
}

/// Everything recognised in one repository.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognised {
    pub occurrences: Vec<Occurrence>,
    /// Configuration files that switch tools on but could not be parsed (nothing in them
    /// counts), for the report's notes.
    pub notes: Vec<String>,
}

impl Recognised {
    /// Occurrences of a category that CI runs (or a service acts on).
    pub fn runs(&self, c: Category) -> impl Iterator<Item = &Occurrence> {
        self.occurrences
            .iter()
            .filter(move |o| o.category == c && o.runs)
    }

    /// Occurrences of a category that nothing was seen running (configuration, sources).
    pub fn configured_only(&self, c: Category) -> impl Iterator<Item = &Occurrence> {
        let running: HashSet<&str> = self.runs(c).map(|o| o.id()).collect();
        self.occurrences
            .iter()
            .filter(move |o| o.category == c && !o.runs && !running.contains(o.id()))
    }

    /// The ids of the tools of a category that run, sorted, once each.
    pub fn tools_running(&self, c: Category) -> Vec<String> {
        let mut v: Vec<String> = self.runs(c).map(|o| o.id().to_string()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Recognises the catalogue's tools in the CI model and the snapshot.
pub fn recognise(snap: &FileSnapshot, m: &CiModel) -> Recognised {
    let mut r = Recognised::default();
    let mut seen: HashSet<(&'static str, Category, Loc, Option<String>)> = HashSet::new();
    let mut counts: std::collections::HashMap<(&'static str, Category), usize> =
        std::collections::HashMap::new();
    let mut push = |r: &mut Recognised, o: Occurrence| {
        let n = counts.entry((o.id(), o.category)).or_default();
        if *n >= MAX_PER_TOOL || !seen.insert((o.id(), o.category, o.at.clone(), o.root.clone())) {
            return;
        }
        *n += 1;
        r.occurrences.push(o);
    };
    // The events that start the workflow, less the pull request events when the step's job
    // or step condition keeps it off pull requests.
    // The same for pushes when the job's condition keeps it off them (`github.ref !=
    // 'refs/heads/main'`).
    let skips_pushes = |job: Option<usize>| {
        job.and_then(|j| m.jobs.get(j))
            .and_then(|j| j.condition.as_ref())
            .is_some_and(|(c, _)| crate::evidence::ci::skips_pushes(c))
    };
    let triggers_of = |root: Root, skips_pr: bool, job: Option<usize>| -> Vec<String> {
        let no_push = skips_pushes(job);
        match root {
            Root::Workflow(i) => m
                .workflows
                .get(i)
                .map(|w| {
                    w.triggers
                        .iter()
                        .filter(|t| {
                            let pr = matches!(
                                t.event.as_str(),
                                "pull_request" | "pull_request_target" | "merge_group"
                            );
                            !((skips_pr && pr) || (no_push && t.event == "push"))
                        })
                        .map(|t| t.event.clone())
                        .collect()
                })
                .unwrap_or_default(),
            Root::Other(_) => Vec::new(),
        }
    };
    let cat = catalogue();
    for a in &m.actions {
        for (tool, p) in action_matches(a.action(), |k| a.input(k).map(|(v, _)| v)) {
            let at = if p.category == Category::Publish || p.with.is_empty() {
                a.at.clone()
            } else {
                action_at(a, p)
            };
            let destinations = match &p.publishes_to {
                Some(Destination::ImageInput(input)) => a
                    .input(input)
                    .map(|(v, _)| image_hosts(v))
                    .unwrap_or_default(),
                other => fixed(other),
            };
            let o = Occurrence {
                tool,
                category: p.category,
                how: How::Action,
                at,
                whole_file: false,
                via: a.via.clone(),
                root: Some(m.root_path(a.root).to_string()),
                triggers: triggers_of(a.root, a.skips_pull_requests, a.job),
                runs: true,
                service: false,
                covers: p.covers,
                destinations,
            };
            push(&mut r, o);
        }
    }
    for c in &m.commands {
        for (tool, p, args) in program_matches(&c.text) {
            let destinations = match &p.publishes_to {
                Some(Destination::ImageArgs) => image_hosts(&args),
                other => fixed(other),
            };
            let o = Occurrence {
                tool,
                category: p.category,
                how: How::Program,
                at: c.at.clone(),
                whole_file: false,
                via: c.via.clone(),
                root: Some(m.root_path(c.root).to_string()),
                triggers: triggers_of(c.root, c.skips_pull_requests, c.job),
                runs: true,
                service: false,
                covers: p.covers,
                destinations,
            };
            push(&mut r, o);
        }
        if matches!(c.root, Root::Other(_)) {
            for t in &cat.tools {
                if t.ci_templates.iter().any(|re| re.is_match(&c.text)) {
                    let o = Occurrence {
                        via: c.via.clone(),
                        root: Some(m.root_path(c.root).to_string()),
                        runs: true,
                        ..Occurrence::at_rest(t, How::CiTemplate, c.at.clone())
                    };
                    push(&mut r, o);
                }
            }
        }
    }
    for (t, at, service) in config_files(snap) {
        let o = Occurrence {
            whole_file: true,
            runs: service,
            service,
            ..Occurrence::at_rest(t, How::ConfigFile, Loc { path: at, line: 1 })
        };
        push(&mut r, o);
    }
    let hosts: Vec<Occurrence> = r.occurrences.clone();
    switched(snap, &hosts, &mut r, &mut push);
    for (t, at) in sources(snap) {
        let o = Occurrence::at_rest(t, How::Source, at);
        push(&mut r, o);
    }
    r
}

fn fixed(d: &Option<Destination>) -> Vec<String> {
    match d {
        Some(Destination::Fixed(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Where an action's recognition stands: the line of the first input its pattern reads
/// (`format: spdx-json`, `sbom: true`) when the step sets it, else the `uses:` line.
pub fn action_at(a: &ActionUse, p: &ActionPattern) -> Loc {
    p.with
        .iter()
        .find_map(|(k, _)| a.input(k))
        .map(|(_, line)| Loc {
            path: a.at.path.clone(),
            line,
        })
        .unwrap_or_else(|| a.at.clone())
}

/// The patterns an action reference matches, one per tool and category (the first that
/// matches, in the catalogue's order), with `input` answering the action's `with:` values.
pub fn action_matches<'a>(
    action: &str,
    input: impl Fn(&str) -> Option<&'a str>,
) -> Vec<(&'static Tool, &'static ActionPattern)> {
    let cat = catalogue();
    let lower = action.trim().to_ascii_lowercase();
    let mut cands: Vec<(usize, usize)> = cat.by_action.get(&lower).cloned().unwrap_or_default();
    cands.extend(
        cat.action_prefixes
            .iter()
            .copied()
            .filter(|(t, a)| lower.starts_with(&cat.tools[*t].actions[*a].uses)),
    );
    cands.sort_unstable();
    let mut out: Vec<(&'static Tool, &'static ActionPattern)> = Vec::new();
    for (ti, ai) in cands {
        let t = &cat.tools[ti];
        let p = &t.actions[ai];
        if out
            .iter()
            .any(|(o, op)| o.id == t.id && op.category == p.category)
        {
            continue;
        }
        let value = |k: &str| input(k).unwrap_or("");
        let ok = p.with.iter().all(|(k, re)| re.is_match(value(k)))
            && !p.unless_with.iter().any(|(k, re)| re.is_match(value(k)));
        if ok {
            out.push((t, p));
        }
    }
    out
}

/// The programs of a command line that the catalogue knows, at command position: each
/// (tool, pattern, arguments), one per tool and simple command. A tool named in an
/// argument, an allow-list or a `--repo owner/name` is not a run of it.
pub fn program_matches(line: &str) -> Vec<(&'static Tool, &'static ProgramPattern, String)> {
    let cat = catalogue();
    let mut out: Vec<(&'static Tool, &'static ProgramPattern, String)> = Vec::new();
    let base = line.as_ptr() as usize;
    for part in shell::simple_commands(line) {
        let Some((name, inv)) = shell::invocation(part) else {
            continue;
        };
        // `find ... -exec shasum -a 256 {} ;` runs the program after `-exec`.
        let (name, inv) = find_exec(&name, &inv).unwrap_or((name, inv));
        let Some(cands) = cat.by_program.get(&name) else {
            continue;
        };
        // The rest of the line from this command on (pipes and redirections after it).
        let offset = (part.as_ptr() as usize)
            .saturating_sub(base)
            .min(line.len());
        let after = line.get(offset..).unwrap_or(part);
        let args = inv.get(name.len()..).unwrap_or("").trim_start().to_string();
        let mut matched: Vec<(&str, Category)> = Vec::new();
        for &(ti, pi) in cands {
            let t = &cat.tools[ti];
            let p = &t.programs[pi];
            if matched.contains(&(t.id.as_str(), p.category)) {
                continue;
            }
            if !leading_words(&args, &p.words) {
                continue;
            }
            let ok = p.args.as_ref().is_none_or(|re| re.is_match(&args))
                && !p.unless.as_ref().is_some_and(|re| re.is_match(&args))
                && p.after.as_ref().is_none_or(|re| re.is_match(after))
                && !p.unless_after.as_ref().is_some_and(|re| re.is_match(after));
            if ok {
                matched.push((t.id.as_str(), p.category));
                out.push((t, p, args.clone()));
            }
        }
    }
    // What a `docker run` line runs inside its container.
    if let Some(inner) = shell::container_command(line) {
        for m in program_matches(&inner) {
            if !out
                .iter()
                .any(|(t, p, _)| t.id == m.0.id && p.category == m.1.category)
            {
                out.push(m);
            }
        }
    }
    out
}

/// The command `find` runs for each file (`-exec`, `-execdir`, up to `;` or `+`).
fn find_exec(name: &str, inv: &str) -> Option<(String, String)> {
    if name != "find" {
        return None;
    }
    let words: Vec<&str> = inv.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| matches!(*w, "-exec" | "-execdir"))?;
    let cmd: Vec<&str> = words[at + 1..]
        .iter()
        .copied()
        .take_while(|w| !matches!(w.trim_matches(['\'', '"', '\\']), ";" | "+"))
        .collect();
    shell::invocation(&cmd.join(" "))
}

/// The first non-option arguments are `words` (options and `+toolchain` before them are
/// skipped: `cargo +nightly fuzz run`, `trivy --quiet image`).
fn leading_words(args: &str, words: &[String]) -> bool {
    let mut it = args
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
        .filter(|w| !w.starts_with('-') && !w.starts_with('+'));
    words.iter().all(|w| it.next() == Some(w.as_str()))
}

/// Registry hosts of the image references in `text` (`ghcr.io/org/app:v1`,
/// `quay.io/x/y`): a first path segment with a dot or a port, as container tools read it;
/// references whose host is a variable are left out.
pub fn image_hosts(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '\'') {
        let w = w.trim_start_matches("docker://");
        if w.starts_with('-') || w.contains("://") || w.contains('=') {
            continue;
        }
        let Some((host, rest)) = w.split_once('/') else {
            continue;
        };
        if host.contains('$') || host.contains('{') {
            continue;
        }
        // A port is digits (`registry:5000`); a local registry is no distribution point.
        let (name, port) = host.split_once(':').unwrap_or((host, ""));
        let hostlike = (name.contains('.') || !port.is_empty())
            && port.chars().all(|c| c.is_ascii_digit())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            && !rest.is_empty()
            && !name.starts_with('.')
            && !matches!(name, "localhost" | "127.0.0.1" | "0.0.0.0");
        if hostlike && out.len() < 8 && !out.iter().any(|h| h == host) {
            out.push(host.to_ascii_lowercase());
        }
    }
    out
}

/// The configuration files of the catalogue present in the snapshot (outside vendored
/// trees): (tool, path, a service acts on it).
fn config_files(snap: &FileSnapshot) -> Vec<(&'static Tool, String, bool)> {
    use catalogue::ConfigPath;
    let cat = catalogue();
    let mut out = Vec::new();
    for t in &cat.tools {
        for c in &t.config_files {
            match &c.path {
                ConfigPath::Exact(p) => {
                    if snap.regular_file(p).is_some() {
                        out.push((t, p.clone(), c.service));
                    }
                }
                ConfigPath::Below(dir) => {
                    if let Some((p, _)) = snap.entries.range(dir.clone()..).next() {
                        if p.starts_with(dir.as_str()) {
                            out.push((t, dir.trim_end_matches('/').to_string(), c.service));
                        }
                    }
                }
                ConfigPath::Named(name) => {
                    let found = snap.entries.keys().find(|p| {
                        p.rsplit('/').next() == Some(name.as_str())
                            && !is_vendored(&p.to_ascii_lowercase())
                    });
                    if let Some(p) = found {
                        out.push((t, p.clone(), c.service));
                    }
                }
            }
        }
    }
    out
}

/// Switches: for each configuration file a switch kind reads, the tools it enables, each
/// counted as run through every run of its host (at most two cited), or as configured when
/// CI was not seen running the host.
fn switched(
    snap: &FileSnapshot,
    hosts: &[Occurrence],
    r: &mut Recognised,
    push: &mut impl FnMut(&mut Recognised, Occurrence),
) {
    let cat = catalogue();
    for (path, _) in snap.entries.iter() {
        let lower = path.to_ascii_lowercase();
        if is_vendored(&lower) {
            continue;
        }
        let Some(kind) = catalogue::switch_kind_of(&lower) else {
            continue;
        };
        let Some((_, content)) = snap.text(path) else {
            continue;
        };
        if content.truncated {
            r.notes.push(format!(
                "{path} is too large and was only partly read: the tools it switches on are not counted"
            ));
            continue;
        }
        let s = switches::read(kind, path, &content.text);
        if let Some(e) = &s.error {
            r.notes.push(format!(
                "{path} was not parsed, so the tools it switches on are not counted: {e}"
            ));
            continue;
        }
        for t in &cat.tools {
            for sw in t.switches.iter().filter(|sw| sw.kind == kind) {
                let Some(line) = s.line_of(&sw.names, |w, n| switches::name_matches(kind, w, n))
                else {
                    continue;
                };
                let at = Loc {
                    path: path.clone(),
                    line,
                };
                let runs: Vec<&Occurrence> = hosts
                    .iter()
                    .filter(|h| h.tool.id == sw.host && h.runs && h.how != How::ConfigFile)
                    .take(2)
                    .collect();
                let base = Occurrence::at_rest(t, How::Switch, at.clone());
                if runs.is_empty() {
                    push(r, base);
                    continue;
                }
                for h in runs {
                    let mut via = h.via.clone();
                    via.push(h.at.clone());
                    push(
                        r,
                        Occurrence {
                            via,
                            root: h.root.clone(),
                            triggers: h.triggers.clone(),
                            runs: true,
                            ..base.clone()
                        },
                    );
                }
            }
        }
    }
}

/// Source files that are a tool's input: the first matching line of each file (a bounded
/// number of files, outside vendored trees).
fn sources(snap: &FileSnapshot) -> Vec<(&'static Tool, Loc)> {
    let cat = catalogue();
    let mut out = Vec::new();
    let mut files = 0usize;
    for (path, _) in snap.entries.iter() {
        let lower = path.to_ascii_lowercase();
        if !catalogue::is_source_candidate(&lower) || is_vendored(&lower) {
            continue;
        }
        let Some((_, content)) = snap.text(path) else {
            continue;
        };
        files += 1;
        if files > MAX_SOURCE_FILES {
            break;
        }
        for t in &cat.tools {
            for s in &t.sources {
                if !lower.contains(&s.path_contains)
                    || !s.extensions.iter().any(|e| lower.ends_with(e))
                {
                    continue;
                }
                if let Some(i) = content.text.lines().position(|l| s.line.is_match(l)) {
                    out.push((
                        t,
                        Loc {
                            path: path.clone(),
                            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        },
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
