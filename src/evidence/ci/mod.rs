//! A typed model of the CI configuration at the scanned commit, built once from the file
//! snapshot, with the file and line of everything it holds.
//!
//! GitHub Actions workflows are parsed ([`crate::evidence::yaml`], bounded); every job and
//! step is walked, and what a step runs is followed inside the repository, a bounded depth
//! and size: local composite actions (`uses: ./.github/actions/x`), local reusable
//! workflows (`uses: ./.github/workflows/y.yml`), repository scripts named in `run:`
//! (`./hack/release.sh`, `bash scripts/x.sh`) and Makefile targets named by `make`. Each
//! command found that way keeps the line it stands on and the chain of lines that led to
//! it (workflow step → script line), so a sentence can say "in `hack/release.sh`, run by
//! `release.yml`". Other CI systems are read line by line. Vendored and third-party trees
//! never count as the project's CI. Nothing is executed.

pub mod shell;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use super::files::{FileSnapshot, ci_system_of, is_goreleaser_config, is_vendored};
use super::yaml::{self, Node, Style};

/// Deepest chain of calls followed from a workflow step (step → script → script → …).
pub const MAX_FOLLOW_DEPTH: usize = 3;
/// Most commands and action uses recorded in one model.
pub const MAX_COMMANDS: usize = 50_000;

/// A place in a file at the scanned commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub path: String,
    /// 1-based.
    pub line: u32,
}

impl Loc {
    fn new(path: &str, line: u32) -> Self {
        Loc {
            path: path.to_string(),
            line,
        }
    }
}

/// What a command or action use was run by: a workflow, or another CI system's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Root {
    /// Index into [`CiModel::workflows`].
    Workflow(usize),
    /// Index into [`CiModel::others`].
    Other(usize),
}

/// One shell command line that CI runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The logical line (continuations joined, known variables substituted).
    pub text: String,
    pub at: Loc,
    /// The lines that led here, outermost first (empty when `at` is in the CI file itself).
    pub via: Vec<Loc>,
    pub root: Root,
}

/// One `uses:` of an action or a remote reusable workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionUse {
    pub uses: String,
    pub at: Loc,
    pub via: Vec<Loc>,
    pub root: Root,
    /// `with:` inputs: name, value, line.
    pub with: Vec<(String, String, u32)>,
    /// The comment after the reference on its line (`# v1.13.0` after a pinned SHA).
    pub comment: Option<String>,
}

impl ActionUse {
    /// The value of input `name`, with its line.
    pub fn input(&self, name: &str) -> Option<(&str, u32)> {
        self.with
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, l)| (v.as_str(), *l))
    }

    /// The action without its version (`docker/build-push-action`).
    pub fn action(&self) -> &str {
        self.uses.split('@').next().unwrap_or(&self.uses)
    }
}

/// A name a workflow gives itself, a job or a step (`name: Conformance Tests`), or a job's
/// id when it has no name: what a person reads in the checks list of a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub at: Loc,
    pub via: Vec<Loc>,
    pub root: Root,
}

/// An event that starts a workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub event: String,
    pub line: u32,
    /// `push` limited to tags (`push: {tags: [...]}`).
    pub tags: bool,
    /// `push` with a branch filter and no tag filter.
    pub branches_only: bool,
}

/// A GitHub Actions workflow file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub path: String,
    pub name: Option<String>,
    pub triggers: Vec<Trigger>,
    /// Why the file could not be parsed (invalid YAML, a limit, not loaded).
    pub error: Option<String>,
}

impl Workflow {
    /// Runs only when another workflow calls it (`on: workflow_call`).
    pub fn callable_only(&self) -> bool {
        !self.triggers.is_empty() && self.triggers.iter().all(|t| t.event == "workflow_call")
    }

    pub fn trigger(&self, pred: impl Fn(&Trigger) -> bool) -> Option<&Trigger> {
        self.triggers.iter().find(|t| pred(t))
    }
}

/// A configuration file of another CI system, read line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCi {
    pub system: &'static str,
    pub path: String,
    /// The file runs something only for tags (`$CI_COMMIT_TAG`, `$CIRRUS_TAG`, `only: tags`…):
    /// the first such line.
    pub tag_context: Option<u32>,
    /// The file is kept for releasing (`release/cloudbuild.yaml`).
    pub release_named: bool,
}

/// A CI system and the configuration files that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiSystem {
    pub id: &'static str,
    pub paths: Vec<String>,
}

/// A GoReleaser configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goreleaser {
    pub path: String,
    /// Top-level keys with their lines (`signs`, `sboms`, `checksum`…).
    pub keys: BTreeMap<String, u32>,
    /// `checksum: {disable: true}`.
    pub checksum_disabled: bool,
    pub first_line: u32,
    pub error: Option<String>,
}

/// Everything the probes learn from CI configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiModel {
    pub systems: Vec<CiSystem>,
    pub workflows: Vec<Workflow>,
    pub others: Vec<OtherCi>,
    pub commands: Vec<Command>,
    pub actions: Vec<ActionUse>,
    /// Workflow, job and step names.
    pub labels: Vec<Label>,
    pub goreleaser: Vec<Goreleaser>,
    /// Limits reached and files not followed, for the report's notes.
    pub notes: Vec<String>,
}

impl CiModel {
    /// The workflow or other CI file a command ran from.
    pub fn root_path(&self, root: Root) -> &str {
        match root {
            Root::Workflow(i) => self.workflows.get(i).map_or("", |w| w.path.as_str()),
            Root::Other(i) => self.others.get(i).map_or("", |o| o.path.as_str()),
        }
    }
}

/// Builds the model from the snapshot.
pub fn build(files: &FileSnapshot) -> CiModel {
    let mut b = Builder {
        files,
        m: CiModel::default(),
        budget_hit: false,
        docs: HashMap::new(),
        lines: HashMap::new(),
    };
    for (path, _) in files.entries.iter() {
        let lower = path.to_ascii_lowercase();
        if is_vendored(&lower) {
            continue;
        }
        if let Some(id) = ci_system_of(&lower) {
            match b.m.systems.iter_mut().find(|s| s.id == id) {
                Some(s) => s.paths.push(path.clone()),
                None => b.m.systems.push(CiSystem {
                    id,
                    paths: vec![path.clone()],
                }),
            }
        }
        if is_goreleaser_config(&lower) {
            b.goreleaser(path);
        }
    }
    b.m.systems.sort_by_key(|s| s.id);
    let systems = b.m.systems.clone();
    for sys in &systems {
        for path in &sys.paths {
            if sys.id == "github_actions" {
                b.workflow(path);
            } else {
                b.other(sys.id, path);
            }
        }
    }
    // Reusable workflows called from others were walked through their callers; one that
    // only `workflow_call` starts is not walked again on its own.
    for i in 0..b.m.workflows.len() {
        if b.m.workflows[i].error.is_none() && !b.m.workflows[i].callable_only() {
            let path = b.m.workflows[i].path.clone();
            if let Some(doc) = b.parse_loaded(&path) {
                b.walk_workflow_jobs(&doc, &path, Root::Workflow(i), &[], 0, &mut HashSet::new());
            }
        }
    }
    if b.budget_hit {
        b.m.notes.push(format!(
            "CI configuration: only the first {MAX_COMMANDS} commands and action uses were read"
        ));
    }
    b.m
}

struct Builder<'a> {
    files: &'a FileSnapshot,
    m: CiModel,
    budget_hit: bool,
    /// Every YAML file parsed once: the document, or why it could not be read.
    docs: HashMap<String, Result<Rc<Node>, String>>,
    /// The lines of each file whose `run:` blocks are placed, split once per file.
    lines: HashMap<String, Rc<Vec<&'a str>>>,
}

/// Environment visible to a step: workflow, job and step `env:` maps.
type Env = Vec<(String, String)>;

fn env_of(node: Option<&Node>) -> Env {
    node.map(|n| {
        n.entries()
            .filter_map(|(k, _, v)| v.as_str().map(|s| (k.to_string(), s.to_string())))
            .collect()
    })
    .unwrap_or_default()
}

impl<'a> Builder<'a> {
    fn text(&self, path: &str) -> Option<&'a str> {
        let (_, c) = self.files.text(path)?;
        if c.truncated {
            return None;
        }
        Some(c.text.as_str())
    }

    fn full(&self) -> bool {
        self.m.commands.len() + self.m.actions.len() + self.m.labels.len() >= MAX_COMMANDS
    }

    /// The lines of `path`, split once per file: a workflow of many `run:` steps is not
    /// split again for each of them.
    fn file_lines(&mut self, path: &str) -> Rc<Vec<&'a str>> {
        if let Some(l) = self.lines.get(path) {
            return Rc::clone(l);
        }
        let l = Rc::new(
            self.text(path)
                .map(|t| t.lines().collect())
                .unwrap_or_default(),
        );
        self.lines.insert(path.to_string(), Rc::clone(&l));
        l
    }

    /// The parsed YAML document of `path` (parsed once), or why there is none.
    fn doc(&mut self, path: &str) -> Result<Rc<Node>, String> {
        if let Some(d) = self.docs.get(path) {
            return d.clone();
        }
        let d = match self.files.text(path) {
            None => Err(match self.files.unread.get(path) {
                Some(u) => format!("the file was not read: {}", u.describe()),
                None => "the file's content could not be read (a symlink out of the tree, or not loaded)"
                    .to_string(),
            }),
            Some((_, c)) if c.truncated => {
                Err("the file is too large and was only partly read".to_string())
            }
            Some((_, c)) => yaml::parse(&c.text).map(Rc::new).map_err(|e| e.to_string()),
        };
        self.docs.insert(path.to_string(), d.clone());
        d
    }

    fn parse_loaded(&mut self, path: &str) -> Option<Rc<Node>> {
        self.doc(path).ok()
    }

    fn workflow(&mut self, path: &str) {
        let mut w = Workflow {
            path: path.to_string(),
            name: None,
            triggers: Vec::new(),
            error: None,
        };
        match self.doc(path) {
            Err(e) => {
                if e.contains("was not parsed") || e.contains("was not read") {
                    self.m.notes.push(format!("{path}: {e}"));
                }
                w.error = Some(e)
            }
            Ok(doc) if doc.as_map().is_none() => {
                w.error = Some("the workflow is not a YAML mapping".into())
            }
            Ok(doc) => {
                w.name = doc.get("name").and_then(Node::as_str).map(str::to_string);
                if let Some((key, on)) = doc.entry("on") {
                    w.triggers = triggers(key, on);
                }
            }
        }
        self.m.workflows.push(w);
    }

    fn walk_workflow_jobs(
        &mut self,
        doc: &Node,
        path: &str,
        root: Root,
        via: &[Loc],
        depth: usize,
        seen: &mut HashSet<String>,
    ) {
        if !seen.insert(path.to_string()) {
            return;
        }
        let wf_env = env_of(doc.get("env"));
        if let Some((k, v)) = doc.entry("name") {
            self.label(v, &Loc::new(path, k.line), via, root);
        }
        let Some(jobs) = doc.get("jobs") else {
            return;
        };
        for (id, key, job) in jobs.entries() {
            if self.full() {
                self.budget_hit = true;
                return;
            }
            match job.entry("name") {
                Some((k, v)) => self.label(v, &Loc::new(path, k.line), via, root),
                None => self.m.labels.push(Label {
                    text: id.to_string(),
                    at: Loc::new(path, key.line),
                    via: via.to_vec(),
                    root,
                }),
            }
            let mut env = wf_env.clone();
            env.extend(env_of(job.get("env")));
            let workdir = job
                .get("defaults")
                .and_then(|d| d.get("run"))
                .and_then(|r| r.get("working-directory"))
                .and_then(Node::as_str)
                .map(str::to_string);
            if let Some((ukey, uses)) = job.entry("uses") {
                let Some(u) = uses.as_str() else { continue };
                let at = Loc::new(path, ukey.line);
                if let Some(local) = local_ref(u) {
                    if depth < MAX_FOLLOW_DEPTH {
                        if let Some(callee) = self.parse_loaded(&local) {
                            let mut v = via.to_vec();
                            v.push(at.clone());
                            self.walk_workflow_jobs(&callee, &local, root, &v, depth + 1, seen);
                        }
                    }
                }
                let comment = self.comment_at(&at);
                self.m.actions.push(ActionUse {
                    uses: u.to_string(),
                    at,
                    via: via.to_vec(),
                    root,
                    with: with_inputs(job.get("with")),
                    comment,
                });
                continue;
            }
            if let Some(steps) = job.get("steps").and_then(Node::as_seq) {
                self.walk_steps(
                    steps,
                    path,
                    root,
                    via,
                    depth,
                    &env,
                    workdir.as_deref(),
                    seen,
                );
            }
        }
        seen.remove(path);
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_steps(
        &mut self,
        steps: &[Node],
        path: &str,
        root: Root,
        via: &[Loc],
        depth: usize,
        env: &Env,
        workdir: Option<&str>,
        seen: &mut HashSet<String>,
    ) {
        for step in steps {
            if self.full() {
                self.budget_hit = true;
                return;
            }
            let mut env = env.clone();
            env.extend(env_of(step.get("env")));
            if let Some((k, v)) = step.entry("name") {
                self.label(v, &Loc::new(path, k.line), via, root);
            }
            if let Some((ukey, uses)) = step.entry("uses") {
                let Some(u) = uses.as_str() else { continue };
                let at = Loc::new(path, ukey.line);
                if let Some(dir) = local_ref(u) {
                    if depth < MAX_FOLLOW_DEPTH {
                        self.composite(&dir, root, via, &at, depth, seen);
                    }
                }
                let comment = self.comment_at(&at);
                self.m.actions.push(ActionUse {
                    uses: u.to_string(),
                    at,
                    via: via.to_vec(),
                    root,
                    with: with_inputs(step.get("with")),
                    comment,
                });
            }
            if let Some(run) = step.get("run") {
                let wd = step
                    .get("working-directory")
                    .and_then(Node::as_str)
                    .or(workdir);
                self.run_block(run, path, root, via, depth, &env, wd);
            }
        }
    }

    /// The comment that ends the line at `at` (`uses: x@<sha> # v1.2.3`), if any.
    fn comment_at(&mut self, at: &Loc) -> Option<String> {
        let lines = self.file_lines(&at.path);
        let line = lines.get(at.line.checked_sub(1)? as usize)?;
        let (_, c) = line.split_once(" #")?;
        Some(c.trim().chars().take(100).collect())
    }

    fn label(&mut self, name: &Node, at: &Loc, via: &[Loc], root: Root) {
        if let Some(t) = name.as_str() {
            self.m.labels.push(Label {
                text: t.chars().take(200).collect(),
                at: at.clone(),
                via: via.to_vec(),
                root,
            });
        }
    }

    /// A local action: `dir/action.yml`; a composite action's steps are walked.
    fn composite(
        &mut self,
        dir: &str,
        root: Root,
        via: &[Loc],
        at: &Loc,
        depth: usize,
        seen: &mut HashSet<String>,
    ) {
        let dir = dir.trim_end_matches('/');
        let Some(path) = ["action.yml", "action.yaml"]
            .iter()
            .map(|f| format!("{dir}/{f}"))
            .find(|p| self.files.get(p).is_some())
        else {
            return;
        };
        if !seen.insert(path.clone()) {
            return;
        }
        if let Some(doc) = self.parse_loaded(&path) {
            let runs = doc.get("runs");
            let composite = runs
                .and_then(|r| r.get("using"))
                .and_then(Node::as_str)
                .is_some_and(|u| u == "composite");
            if let (true, Some(steps)) = (composite, runs.and_then(|r| r.get("steps"))) {
                if let Some(steps) = steps.as_seq() {
                    let mut v = via.to_vec();
                    v.push(at.clone());
                    self.walk_steps(steps, &path, root, &v, depth + 1, &Vec::new(), None, seen);
                }
            }
        }
        seen.remove(&path);
    }

    /// A `run:` block: its logical lines, each cited at its own line of the file.
    #[allow(clippy::too_many_arguments)]
    fn run_block(
        &mut self,
        run: &Node,
        path: &str,
        root: Root,
        via: &[Loc],
        depth: usize,
        env: &Env,
        workdir: Option<&str>,
    ) {
        let Some(script) = run.as_str() else { return };
        let file_lines = self.file_lines(path);
        let mut cursor = run.line;
        for l in shell::logical_lines(script) {
            let first = l.text.split(" ").take(8).collect::<Vec<_>>().join(" ");
            let line = locate(&file_lines, run, &l, &first, cursor);
            cursor = line;
            let text = shell::substitute(&l.text, |n| {
                env.iter()
                    .rev()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| v.clone())
                    .or_else(|| shell::conventional_program(n))
            });
            self.command(text, Loc::new(path, line), root, via, depth, workdir);
        }
    }

    /// Records a command and follows the scripts and Makefile targets it runs.
    fn command(
        &mut self,
        text: String,
        at: Loc,
        root: Root,
        via: &[Loc],
        depth: usize,
        workdir: Option<&str>,
    ) {
        if self.full() {
            self.budget_hit = true;
            return;
        }
        let calls = if depth < MAX_FOLLOW_DEPTH {
            self.calls(&text, workdir)
        } else {
            Vec::new()
        };
        self.m.commands.push(Command {
            text,
            at: at.clone(),
            via: via.to_vec(),
            root,
        });
        let mut v = via.to_vec();
        v.push(at);
        for call in calls {
            match call {
                Call::Script(p) => self.script(&p, root, &v, depth + 1),
                Call::Make { file, targets } => {
                    let mut seen = HashSet::new();
                    for t in targets {
                        self.make_target(&file, &t, root, &v, depth + 1, &mut seen);
                    }
                }
            }
        }
    }

    fn script(&mut self, path: &str, root: Root, via: &[Loc], depth: usize) {
        let Some(text) = self.text(path) else { return };
        if via.iter().any(|l| l.path == path) {
            return;
        }
        for l in shell::logical_lines(text) {
            let line = u32::try_from(l.offset + 1).unwrap_or(u32::MAX);
            self.command(l.text, Loc::new(path, line), root, via, depth, None);
            if self.full() {
                return;
            }
        }
    }

    fn make_target(
        &mut self,
        makefile: &str,
        target: &str,
        root: Root,
        via: &[Loc],
        depth: usize,
        seen: &mut HashSet<String>,
    ) {
        if depth > MAX_FOLLOW_DEPTH + 1 || !seen.insert(target.to_string()) {
            return;
        }
        let Some(text) = self.text(makefile) else {
            return;
        };
        // The rule, in the Makefile or in a file it includes (`include release/release.mk`).
        let found = make_rule(text, target)
            .map(|r| (makefile.to_string(), r))
            .or_else(|| {
                includes(text, makefile).into_iter().find_map(|inc| {
                    let t = self.text(&inc)?;
                    make_rule(t, target).map(|r| (inc, r))
                })
            });
        let Some((makefile, rule)) = found else {
            return;
        };
        let makefile = makefile.as_str();
        let rule_at = Loc::new(makefile, rule.line);
        let mut v = via.to_vec();
        v.push(rule_at);
        for pre in &rule.prerequisites {
            self.make_target(makefile, pre, root, &v, depth + 1, seen);
        }
        for (line, cmd) in rule.recipe {
            let cmd = cmd.replace("$(MAKE)", "make").replace("${MAKE}", "make");
            let same_file = cmd
                .trim()
                .strip_prefix("make ")
                .filter(|rest| !rest.contains("-C") && !rest.contains("-f"));
            if let Some(rest) = same_file {
                // `$(MAKE) other` in the same Makefile.
                let at = Loc::new(makefile, line);
                self.m.commands.push(Command {
                    text: cmd.clone(),
                    at: at.clone(),
                    via: v.clone(),
                    root,
                });
                let mut inner = v.clone();
                inner.push(at);
                for t in rest.split_whitespace().filter(|w| is_target_word(w)) {
                    self.make_target(makefile, t, root, &inner, depth + 1, seen);
                }
                continue;
            }
            self.command(cmd, Loc::new(makefile, line), root, &v, depth, None);
        }
    }

    /// Scripts of the repository and `make` targets that a command runs.
    fn calls(&self, text: &str, workdir: Option<&str>) -> Vec<Call> {
        let mut out = Vec::new();
        for cmd in shell::simple_commands(text) {
            let words: Vec<&str> = cmd
                .split_whitespace()
                .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
                .filter(|w| !w.is_empty())
                .collect();
            let mut i = 0;
            while i < words.len() {
                let w = words[i];
                let assign = w.split_once('=').is_some_and(|(k, _)| {
                    !k.is_empty() && k.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
                });
                if assign || matches!(w, "sudo" | "time" | "exec" | "env") {
                    i += 1;
                    continue;
                }
                break;
            }
            let Some(first) = words.get(i).copied() else {
                continue;
            };
            let rest = &words[i + 1..];
            if matches!(first, "make" | "gmake") || first.ends_with("/make") {
                let mut file: Option<String> = None;
                let mut dir: Option<String> = workdir.map(str::to_string);
                let mut targets = Vec::new();
                let mut j = 0;
                while j < rest.len() {
                    let a = rest[j];
                    if a == "-C" || a == "--directory" {
                        dir = rest.get(j + 1).map(|d| clean_path(d, None));
                        j += 2;
                        continue;
                    }
                    if a == "-f" || a == "--file" {
                        file = rest.get(j + 1).map(|d| d.to_string());
                        j += 2;
                        continue;
                    }
                    if a == "-j" {
                        j += 2;
                        continue;
                    }
                    if is_target_word(a) {
                        targets.push(a.to_string());
                    }
                    j += 1;
                }
                let mf = match file {
                    Some(f) => clean_path(&f, dir.as_deref()),
                    None => join(dir.as_deref(), "Makefile"),
                };
                if targets.is_empty() {
                    if let Some(t) = self.text(&mf).and_then(default_target) {
                        targets.push(t);
                    }
                }
                if self.text(&mf).is_some() {
                    out.push(Call::Make { file: mf, targets });
                }
                continue;
            }
            // `bash x.sh`, `sh -e x`, `source x`, `. x`, or the script itself.
            let candidate = if matches!(
                first,
                "bash" | "sh" | "zsh" | "source" | "." | "python" | "python3"
            ) {
                rest.iter().find(|w| !w.starts_with('-')).copied()
            } else {
                Some(first)
            };
            let Some(c) = candidate else { continue };
            // A case pattern (`x.yml)`) or a data file named in a list is not a script run.
            let lower = c.to_ascii_lowercase();
            let data = [
                ".yml", ".yaml", ".md", ".json", ".toml", ".txt", ".cfg", ".ini", ".xml", ".rst",
                ".adoc", ".lock",
            ];
            if c.ends_with(')') || data.iter().any(|e| lower.ends_with(e)) {
                continue;
            }
            let p = clean_path(c, workdir);
            if p.is_empty() || is_vendored(&p.to_ascii_lowercase()) {
                continue;
            }
            if self.files.get(&p).is_some() && self.text(&p).is_some() {
                out.push(Call::Script(p));
            }
        }
        out
    }

    fn other(&mut self, system: &'static str, path: &str) {
        let idx = self.m.others.len();
        let text = self.text(path);
        // A file that runs only for tags, or one kept for releasing (`release/cloudbuild.yaml`).
        let tag_context = text.and_then(|t| {
            t.lines()
                .position(|l| TAG_CONTEXT.iter().any(|m| l.contains(m)))
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
        });
        let release_named = path.to_ascii_lowercase().contains("release");
        self.m.others.push(OtherCi {
            system,
            path: path.to_string(),
            tag_context,
            release_named,
        });
        let Some(text) = text else { return };
        for (i, raw) in text.lines().enumerate() {
            let t = raw.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
                continue;
            }
            let cmd = strip_yaml_decoration(t);
            if cmd.is_empty() || shell::is_print(cmd) {
                continue;
            }
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            self.command(
                cmd.to_string(),
                Loc::new(path, line),
                Root::Other(idx),
                &[],
                0,
                None,
            );
            if self.full() {
                self.budget_hit = true;
                return;
            }
        }
    }

    fn goreleaser(&mut self, path: &str) {
        let mut g = Goreleaser {
            path: path.to_string(),
            keys: BTreeMap::new(),
            checksum_disabled: false,
            first_line: 1,
            error: None,
        };
        match self.doc(path) {
            Err(e) => {
                self.m.notes.push(format!(
                    "{path} was not parsed, so nothing in it counts: {e}"
                ));
                g.error = Some(e)
            }
            Ok(doc) => {
                for (k, key, _) in doc.entries() {
                    g.keys.entry(k.to_string()).or_insert(key.line);
                }
                g.first_line = doc.line;
                g.checksum_disabled = doc
                    .get("checksum")
                    .and_then(|c| c.get("disable"))
                    .is_some_and(|d| d.as_bool() == Some(true) || d.as_str() == Some("true"));
            }
        }
        self.m.goreleaser.push(g);
    }
}

enum Call {
    Script(String),
    Make { file: String, targets: Vec<String> },
}

/// Markers of a CI file section that runs only for tags.
const TAG_CONTEXT: &[&str] = &[
    "$CI_COMMIT_TAG",
    "CI_COMMIT_TAG",
    "$CIRRUS_TAG",
    "CIRRUS_TAG",
    "TRAVIS_TAG",
    "refs/tags/",
    "- tags",
    "only: tags",
    "tags: true",
    "DRONE_TAG",
    "event: tag",
    "$TAG_NAME",
    "${TAG_NAME}",
    "_GIT_TAG",
];

/// `- run: make test` → `make test`; `script: pytest` → `pytest`.
fn strip_yaml_decoration(t: &str) -> &str {
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    if let Some((k, v)) = t.split_once(": ") {
        if !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return v
                .trim()
                .trim_start_matches("- ")
                .trim_matches(|c| c == '"' || c == '\'');
        }
    }
    t.trim_matches(|c| c == '"' || c == '\'')
}

/// The events of `on:` (string, list or map form), each at its line.
fn triggers(key: &Node, on: &Node) -> Vec<Trigger> {
    let plain = |event: &str, line: u32| Trigger {
        event: event.to_string(),
        line,
        tags: false,
        branches_only: false,
    };
    if on.as_map().is_some() {
        return on
            .entries()
            .map(|(event, k, v)| {
                let mut t = plain(event, k.line);
                if event == "push" {
                    t.tags = v.get("tags").is_some();
                    t.branches_only = !t.tags
                        && (v.get("branches").is_some() || v.get("branches-ignore").is_some());
                }
                t
            })
            .collect();
    }
    on.scalars()
        .iter()
        .filter_map(|s| {
            s.as_str()
                .map(|e| plain(e, if s.line > 0 { s.line } else { key.line }))
        })
        .collect()
}

fn with_inputs(with: Option<&Node>) -> Vec<(String, String, u32)> {
    with.map(|w| {
        w.entries()
            .filter_map(|(k, key, v)| v.as_str().map(|s| (k.to_string(), s.to_string(), key.line)))
            .collect()
    })
    .unwrap_or_default()
}

/// `./.github/actions/x` → `.github/actions/x`; remote references → `None`.
fn local_ref(uses: &str) -> Option<String> {
    let u = uses.trim();
    let p = u.strip_prefix("./")?;
    let p = p.split('@').next().unwrap_or(p).trim_end_matches('/');
    (!p.is_empty() && !p.split('/').any(|s| s == "..")).then(|| p.to_string())
}

/// A repository path from a word of a command (`./hack/x.sh`, `${{ github.workspace }}/x`),
/// relative to `dir`; "" when it leaves the repository or is not a path.
fn clean_path(word: &str, dir: Option<&str>) -> String {
    let mut w = word.trim_matches(|c| c == '"' || c == '\'');
    for prefix in [
        "${{ github.workspace }}/",
        "${{github.workspace}}/",
        "$GITHUB_WORKSPACE/",
        "${GITHUB_WORKSPACE}/",
    ] {
        if let Some(rest) = w.strip_prefix(prefix) {
            w = rest;
            return normalize(w);
        }
    }
    if w.starts_with('/') || w.starts_with('$') || w.starts_with('~') || w.contains("://") {
        return String::new();
    }
    normalize(&join(dir, w))
}

fn join(dir: Option<&str>, p: &str) -> String {
    match dir.map(|d| d.trim_start_matches("./").trim_end_matches('/')) {
        Some(d) if !d.is_empty() && d != "." => format!("{d}/{p}"),
        _ => p.to_string(),
    }
}

fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return String::new();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn is_target_word(w: &str) -> bool {
    !w.is_empty()
        && !w.starts_with('-')
        && !w.contains('=')
        && !w.contains('$')
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':'))
}

/// A Makefile rule: where it stands, its prerequisites and its recipe lines.
struct Rule {
    line: u32,
    prerequisites: Vec<String>,
    recipe: Vec<(u32, String)>,
}

/// The rule for `target` (tab-indented recipe lines after `target:`; `@`, `-`, `+`
/// prefixes dropped; comments and prints skipped).
fn make_rule(text: &str, target: &str) -> Option<Rule> {
    let mut rule: Option<Rule> = None;
    for (i, l) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if let Some(r) = rule.as_mut() {
            if let Some(cmd) = l.strip_prefix('\t') {
                let c = cmd.trim().trim_start_matches(['@', '-', '+']).trim();
                if !c.is_empty() && !c.starts_with('#') && !shell::is_print(c) {
                    r.recipe.push((n, c.to_string()));
                }
                continue;
            }
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            return rule;
        }
        if l.starts_with('\t') || l.trim_start().starts_with('#') {
            continue;
        }
        let Some((names, rest)) = l.split_once(':') else {
            continue;
        };
        if rest.starts_with('=') || names.contains('=') {
            continue;
        }
        if names.split_whitespace().any(|x| x == target) {
            let pre = rest.split(';').next().unwrap_or("");
            rule = Some(Rule {
                line: n,
                prerequisites: pre
                    .split_whitespace()
                    .filter(|w| is_target_word(w) && !w.contains('.') && !w.contains('/'))
                    .map(str::to_string)
                    .collect(),
                recipe: Vec::new(),
            });
        }
    }
    rule
}

/// The files a Makefile includes (`include a.mk b.mk`, `-include`), relative to its
/// directory; names with variables or wildcards are skipped.
fn includes(text: &str, makefile: &str) -> Vec<String> {
    let dir = makefile.rsplit_once('/').map(|(d, _)| d);
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("include ")
                .or_else(|| l.strip_prefix("-include "))
                .or_else(|| l.strip_prefix("sinclude "))
        })
        .flat_map(|rest| rest.split_whitespace())
        .filter(|w| !w.contains('$') && !w.contains('*') && !w.contains('?'))
        .map(|w| clean_path(w, dir))
        .filter(|p| !p.is_empty())
        .take(32)
        .collect()
}

/// The first target of a Makefile (what `make` alone builds).
fn default_target(text: &str) -> Option<String> {
    text.lines()
        .filter(|l| !l.starts_with('\t') && !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .filter(|(names, rest)| {
            !rest.starts_with('=') && !names.contains('=') && !names.trim().starts_with('.')
        })
        .find_map(|(names, _)| names.split_whitespace().next().map(str::to_string))
}

/// The file line of a logical script line of a `run:` value. A literal block keeps its
/// lines, so its n-th line stands n lines after the block starts; other styles (and a
/// literal block whose line was not found where expected) are searched forward from
/// `cursor`, within the node's lines: linear in the block's size.
fn locate(
    file_lines: &[&str],
    node: &Node,
    l: &shell::LogicalLine,
    first: &str,
    cursor: u32,
) -> u32 {
    let want = l.text.split(' ').next().unwrap_or("");
    let at = |n: u32| {
        file_lines
            .get(n.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("")
    };
    if node.style() == Some(Style::Literal) {
        let n = node
            .line
            .saturating_add(u32::try_from(l.offset).unwrap_or(u32::MAX));
        if at(n).trim_start().starts_with(want) {
            return n;
        }
    }
    let first = first.trim();
    let end = node.end_line.max(node.line);
    let mut n = cursor.max(node.line);
    while n <= end {
        let t = at(n).trim();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let t = t.strip_prefix("run:").map(str::trim).unwrap_or(t);
        if !t.is_empty() && (t.starts_with(first) || first.starts_with(t) || t.contains(first)) {
            return n;
        }
        n += 1;
    }
    cursor.max(node.line)
}

#[cfg(test)]
mod tests;
