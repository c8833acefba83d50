//! Walking the entry points: workflows (jobs, steps, composite actions, reusable
//! workflows) and other CI systems' files, with the environment each step sees.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{
    ActionUse, CiModel, CiSystem, Job, Label, Loc, MAX_COMMANDS, MAX_FOLLOW_DEPTH, Root, Trigger,
    Workflow, make, shell, tasks,
};
use crate::evidence::files::{FileSnapshot, ci_system_of, is_goreleaser_config, is_vendored};
use crate::evidence::yaml::{self, Node, Style};

pub(super) fn build(files: &FileSnapshot, own: Option<&str>) -> CiModel {
    let mut b = Builder::new(files);
    b.own = own.map(|o| format!("{}/", o.to_ascii_lowercase()));
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
    for (i, w) in b.m.workflows.iter().enumerate() {
        b.workflow_index.insert(w.path.clone(), i);
    }
    // Entry points first: reusable workflows called from others are walked through their
    // callers (and run when those run); one that nothing here calls is walked on its own.
    let entry = |w: &Workflow| w.error.is_none() && !w.callable_only();
    let order: Vec<usize> = (0..b.m.workflows.len())
        .filter(|&i| entry(&b.m.workflows[i]))
        .chain((0..b.m.workflows.len()).filter(|&i| !entry(&b.m.workflows[i])))
        .collect();
    for i in order {
        let w = &b.m.workflows[i];
        if w.error.is_some() || (w.callable_only() && !w.called_from.is_empty()) {
            continue;
        }
        let path = w.path.clone();
        if let Ok(doc) = b.doc(&path) {
            b.walk_workflow_jobs(&doc, &path, Root::Workflow(i), &[], 0, &mut HashSet::new());
        }
    }
    if b.budget_hit {
        b.m.notes.push(format!(
            "CI configuration: only the first {MAX_COMMANDS} commands and action uses were read"
        ));
    }
    if b.lines_hit {
        b.m.notes.push(format!(
            "CI configuration: only the first {} lines of the scripts, Makefiles and task files CI runs were followed",
            super::MAX_LINES_READ
        ));
    }
    b.m
}

/// Environment visible to a step: the workflow's, the job's and the step's `env:` maps as
/// layers shared by reference (a step without `env:` shares its job's layer, never a copy).
#[derive(Debug, Default)]
pub(super) struct Env {
    vars: HashMap<String, String>,
    parent: Option<Rc<Env>>,
}

impl Env {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        let mut e = Some(self);
        while let Some(x) = e {
            if let Some(v) = x.vars.get(name) {
                return Some(v);
            }
            e = x.parent.as_deref();
        }
        None
    }

    /// `parent` with the entries of `node` on top; `parent` itself when there are none.
    fn layer(parent: &Rc<Env>, node: Option<&Node>) -> Rc<Env> {
        let vars: HashMap<String, String> = node
            .map(|n| {
                n.entries()
                    .filter_map(|(k, _, v)| v.as_str().map(|s| (k.to_string(), s.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        if vars.is_empty() {
            return Rc::clone(parent);
        }
        Rc::new(Env {
            vars,
            parent: Some(Rc::clone(parent)),
        })
    }
}

pub(super) struct Builder<'a> {
    pub(super) files: &'a FileSnapshot,
    pub(super) m: CiModel,
    pub(super) budget_hit: bool,
    /// Lines read while following (comments and blank lines included).
    pub(super) lines_read: usize,
    pub(super) lines_hit: bool,
    /// The job being walked.
    pub(super) job: Option<usize>,
    /// The step being walked has an `if:` that is false for pull request events.
    pub(super) step_skips_pr: bool,
    /// `owner/name/` of the scanned repository, lowercase: `owner/name/.github/workflows/x.yml@ref`
    /// is one of its own workflows.
    own: Option<String>,
    /// Every YAML file parsed once: the document, or why it could not be read.
    docs: HashMap<String, Result<Rc<Node>, String>>,
    /// The lines of each file whose `run:` blocks are placed, split once per file.
    lines: HashMap<String, Rc<Vec<&'a str>>>,
    /// Each script's logical lines, parsed once.
    pub(super) scripts: HashMap<String, Rc<Vec<shell::LogicalLine>>>,
    /// Each Makefile's rules, parsed once; each Makefile with its includes, merged once.
    pub(super) makefiles: HashMap<String, Rc<make::MakeFile>>,
    pub(super) makedbs: HashMap<String, Rc<make::MakeDb>>,
    /// Justfiles, tox configurations and package.json files, parsed once.
    pub(super) tasks: HashMap<String, Option<Rc<tasks::TaskFile>>>,
    /// What was already expanded for an entry point (`script:path`, `make:file:target`…):
    /// a script called 45 000 times is followed once.
    pub(super) expanded: HashSet<(Root, String)>,
    workflow_index: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    fn new(files: &'a FileSnapshot) -> Self {
        Builder {
            files,
            m: CiModel::default(),
            budget_hit: false,
            lines_read: 0,
            lines_hit: false,
            job: None,
            step_skips_pr: false,
            own: None,
            docs: HashMap::new(),
            lines: HashMap::new(),
            scripts: HashMap::new(),
            makefiles: HashMap::new(),
            makedbs: HashMap::new(),
            tasks: HashMap::new(),
            expanded: HashSet::new(),
            workflow_index: HashMap::new(),
        }
    }

    pub(super) fn text(&self, path: &str) -> Option<&'a str> {
        let (_, c) = self.files.text(path)?;
        if c.truncated {
            return None;
        }
        Some(c.text.as_str())
    }

    /// Whether what is being walked now (its job or its step) never runs on a pull request.
    pub(super) fn skips_pr_now(&self) -> bool {
        self.step_skips_pr
            || self
                .job
                .and_then(|j| self.m.jobs.get(j))
                .is_some_and(|j| j.skips_pull_requests)
    }

    pub(super) fn full(&self) -> bool {
        self.m.commands.len() + self.m.actions.len() + self.m.labels.len() >= MAX_COMMANDS
    }

    /// Counts `n` lines read; false once the budget is spent.
    pub(super) fn read_lines(&mut self, n: usize) -> bool {
        if self.lines_read.saturating_add(n) > super::MAX_LINES_READ {
            self.lines_hit = true;
            return false;
        }
        self.lines_read += n;
        true
    }

    /// The lines of `path`, split once per file.
    pub(super) fn file_lines(&mut self, path: &str) -> Rc<Vec<&'a str>> {
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
    pub(super) fn doc(&mut self, path: &str) -> Result<Rc<Node>, String> {
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

    fn workflow(&mut self, path: &str) {
        let mut w = Workflow {
            path: path.to_string(),
            name: None,
            triggers: Vec::new(),
            error: None,
            called_from: Vec::new(),
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
        let wf_env = Env::layer(&Rc::new(Env::default()), doc.get("env"));
        if let Some((k, v)) = doc.entry("name") {
            self.label(v, &Loc::new(path, k.line), via, root);
        }
        let Some(jobs) = doc.get("jobs") else {
            seen.remove(path);
            return;
        };
        let outer_job = self.job;
        for (id, key, job) in jobs.entries() {
            if self.full() {
                self.budget_hit = true;
                break;
            }
            let j = self.job_of(id, &Loc::new(path, key.line), root, job);
            self.job = Some(j);
            match job.entry("name") {
                Some((k, v)) => self.label(v, &Loc::new(path, k.line), via, root),
                None => self.m.labels.push(Label {
                    text: id.chars().take(200).collect(),
                    at: Loc::new(path, key.line),
                    via: via.to_vec(),
                    root,
                    job: Some(j),
                    step_has_commands: None,
                }),
            }
            let env = Env::layer(&wf_env, job.get("env"));
            let workdir = job
                .get("defaults")
                .and_then(|d| d.get("run"))
                .and_then(|r| r.get("working-directory"))
                .and_then(Node::as_str)
                .map(str::to_string);
            if let Some((ukey, uses)) = job.entry("uses") {
                let Some(u) = uses.as_str() else { continue };
                let at = Loc::new(path, ukey.line);
                // This repository's own workflow named with its owner and name is a local file.
                let own = local_ref(u)
                    .is_none()
                    .then(|| self.own_workflow(u))
                    .flatten();
                let u = own.as_ref().map_or(u.to_string(), |p| format!("./{p}"));
                let u = u.as_str();
                if let Some(local) = local_ref(u) {
                    if let (Root::Workflow(caller), Some(&callee)) =
                        (root, self.workflow_index.get(&local))
                    {
                        let w = &mut self.m.workflows[callee];
                        if w.called_from.len() < 64 && !w.called_from.iter().any(|(_, l)| *l == at)
                        {
                            w.called_from.push((caller, at.clone()));
                        }
                    }
                    if depth < MAX_FOLLOW_DEPTH {
                        if let Ok(callee) = self.doc(&local) {
                            let mut v = via.to_vec();
                            v.push(at.clone());
                            let before = self.m.commands.len();
                            // A calling job skipped on pull requests skips all it calls.
                            let outer_skip = self.step_skips_pr;
                            self.step_skips_pr = self.skips_pr_now();
                            self.walk_workflow_jobs(&callee, &local, root, &v, depth + 1, seen);
                            self.step_skips_pr = outer_skip;
                            self.job = Some(j);
                            // What the called workflow's jobs run is what this job runs.
                            let reached =
                                u32::try_from(self.m.commands.len() - before).unwrap_or(u32::MAX);
                            if let Some(job) = self.m.jobs.get_mut(j) {
                                job.commands = job.commands.saturating_add(reached);
                            }
                        }
                    }
                }
                self.action(u, at, via, root, job.get("with"));
                continue;
            }
            if let Some(steps) = job.get("steps").and_then(Node::as_seq) {
                let ctx = StepCtx {
                    path,
                    root,
                    via,
                    depth,
                    env: &env,
                    workdir: workdir.as_deref(),
                };
                self.walk_steps(steps, &ctx, seen);
            }
        }
        self.job = outer_job;
        seen.remove(path);
    }

    /// Records a job with its condition and `continue-on-error`.
    fn job_of(&mut self, id: &str, at: &Loc, root: Root, job: &Node) -> usize {
        let condition = job.entry("if").and_then(|(k, v)| {
            let t = v
                .as_str()
                .map(str::to_string)
                .or_else(|| v.as_bool().map(|b| b.to_string()))?;
            Some((t.chars().take(300).collect::<String>(), k.line))
        });
        let skips_pull_requests = condition
            .as_ref()
            .is_some_and(|(c, _)| skips_pull_requests(c));
        let continue_on_error = job.entry("continue-on-error").and_then(|(k, v)| {
            (v.as_bool() == Some(true) || v.as_str() == Some("true")).then_some(k.line)
        });
        self.m.jobs.push(Job {
            id: id.chars().take(200).collect(),
            at: at.clone(),
            root,
            condition,
            skips_pull_requests,
            continue_on_error,
            commands: 0,
            actions: 0,
        });
        self.m.jobs.len() - 1
    }

    fn walk_steps(&mut self, steps: &[Node], ctx: &StepCtx<'_>, seen: &mut HashSet<String>) {
        for step in steps {
            if self.full() {
                self.budget_hit = true;
                return;
            }
            let env = Env::layer(ctx.env, step.get("env"));
            // A step whose condition is false for pull requests (and every step of a
            // composite action it uses) never runs on one.
            let outer_skip = self.step_skips_pr;
            self.step_skips_pr = outer_skip
                || step
                    .get("if")
                    .and_then(Node::as_str)
                    .is_some_and(skips_pull_requests);
            if let Some((k, v)) = step.entry("name") {
                // A run, a local action (followed), or an action handed a script of its
                // own (`actions/github-script`'s `script:`): what the step does is known.
                let has = step.get("run").is_some()
                    || step
                        .get("uses")
                        .and_then(Node::as_str)
                        .is_some_and(|u| local_ref(u).is_some())
                    || step.get("with").is_some_and(|w| w.get("script").is_some());
                let n = self.m.labels.len();
                self.label(v, &Loc::new(ctx.path, k.line), ctx.via, ctx.root);
                if let Some(l) = self.m.labels.get_mut(n) {
                    l.step_has_commands = Some(has);
                }
            }
            // An action handed a script of its own runs that script: the job's commands are
            // known (and are not a test runner's).
            if step.get("uses").is_some()
                && step.get("with").is_some_and(|w| w.get("script").is_some())
            {
                if let Some(j) = self.job.and_then(|j| self.m.jobs.get_mut(j)) {
                    j.commands += 1;
                }
            }
            if let Some((ukey, u)) = step
                .entry("uses")
                .and_then(|(k, v)| v.as_str().map(|u| (k, u)))
            {
                let at = Loc::new(ctx.path, ukey.line);
                if let Some(dir) = local_ref(u) {
                    if ctx.depth < MAX_FOLLOW_DEPTH {
                        self.composite(&dir, ctx, &at, seen);
                    }
                }
                self.action(u, at, ctx.via, ctx.root, step.get("with"));
            }
            if let Some(run) = step.get("run") {
                let wd = step
                    .get("working-directory")
                    .and_then(Node::as_str)
                    .or(ctx.workdir);
                self.run_block(run, ctx, &env, wd);
            }
            self.step_skips_pr = outer_skip;
        }
    }

    fn action(&mut self, u: &str, at: Loc, via: &[Loc], root: Root, with: Option<&Node>) {
        let comment = self.comment_at(&at);
        if let Some(j) = self.job.and_then(|j| self.m.jobs.get_mut(j)) {
            j.actions += 1;
        }
        self.m.actions.push(ActionUse {
            uses: u.to_string(),
            at,
            via: via.to_vec(),
            root,
            job: self.job,
            with: with_inputs(with),
            comment,
            skips_pull_requests: self.skips_pr_now(),
        });
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
                job: self.job,
                step_has_commands: None,
            });
        }
    }

    /// A local action: `dir/action.yml`; a composite action's steps are walked.
    fn composite(&mut self, dir: &str, ctx: &StepCtx<'_>, at: &Loc, seen: &mut HashSet<String>) {
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
        if let Ok(doc) = self.doc(&path) {
            let runs = doc.get("runs");
            let composite = runs
                .and_then(|r| r.get("using"))
                .and_then(Node::as_str)
                .is_some_and(|u| u == "composite");
            if let (true, Some(steps)) = (composite, runs.and_then(|r| r.get("steps"))) {
                if let Some(steps) = steps.as_seq() {
                    let mut v = ctx.via.to_vec();
                    v.push(at.clone());
                    let env = Rc::new(Env::default());
                    let inner = StepCtx {
                        path: &path,
                        root: ctx.root,
                        via: &v,
                        depth: ctx.depth + 1,
                        env: &env,
                        workdir: None,
                    };
                    self.walk_steps(steps, &inner, seen);
                }
            }
        }
        seen.remove(&path);
    }

    /// A `run:` block: its logical lines, each cited at its own line of the file.
    fn run_block(&mut self, run: &Node, ctx: &StepCtx<'_>, env: &Env, workdir: Option<&str>) {
        let Some(script) = run.as_str() else { return };
        let file_lines = self.file_lines(ctx.path);
        let mut cursor = run.line;
        let logical = shell::logical_lines(script);
        if !self.read_lines(logical.len()) {
            return;
        }
        for l in logical {
            let line = locate(&file_lines, run, &l, cursor);
            cursor = line;
            let text = shell::substitute(&l.text, |n| {
                env.get(n)
                    .map(str::to_string)
                    .or_else(|| shell::conventional_program(n))
            });
            self.command(
                text,
                Loc::new(ctx.path, line),
                ctx.root,
                ctx.via,
                ctx.depth,
                workdir,
            );
            if self.full() {
                self.budget_hit = true;
                return;
            }
        }
    }
}

/// Where a list of steps stands and what it sees.
struct StepCtx<'c> {
    path: &'c str,
    root: Root,
    via: &'c [Loc],
    depth: usize,
    env: &'c Rc<Env>,
    workdir: Option<&'c str>,
}

/// A job condition in lower case, without whitespace, with `'` for `"`; `None` when it has
/// `||` (a disjunction may still hold, so no condition test says it skips anything).
fn conjunctive(cond: &str) -> Option<String> {
    let c: String = cond
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    (!c.contains("||")).then_some(c)
}

/// A job condition that is false for pull request events. Conservative: a condition with
/// `||` may still hold, so it is not said to skip.
pub fn skips_pull_requests(cond: &str) -> bool {
    let Some(c) = conjunctive(cond) else {
        return false;
    };
    let only_other_event = [
        "github.event_name=='push'",
        "github.event_name=='schedule'",
        "github.event_name=='release'",
        "github.event_name=='workflow_dispatch'",
        "github.event_name=='merge_group'",
    ]
    .iter()
    .any(|p| c.contains(p));
    // Only pull requests of a given title or label (`startsWith(github.event.pull_request.title,
    // 'Release ')`): not the pull requests of changes.
    let only_some_prs = c.contains("startswith(github.event.pull_request.title,")
        || c.contains("github.event.pull_request.title==")
        || (c.contains("contains(github.event.pull_request.labels")
            && !c.contains("!contains(github.event.pull_request.labels"));
    only_other_event
        || only_some_prs
        || c.contains("github.event_name!='pull_request'")
        || c.contains("startswith(github.ref,'refs/tags/")
        || c.contains("github.ref=='refs/heads/")
        || c.contains("github.ref_type=='tag'")
}

/// A job condition that is false for pushes to a branch (`github.ref != 'refs/heads/main'`,
/// `github.event_name == 'pull_request'`): what it runs is not run on pushes. Conservative
/// like [`skips_pull_requests`].
pub fn skips_pushes(cond: &str) -> bool {
    let Some(c) = conjunctive(cond) else {
        return false;
    };
    c.contains("github.ref!='refs/heads/")
        || c.contains("github.event_name!='push'")
        || c.contains("github.event_name=='pull_request'")
        || c.contains("github.event_name=='pull_request_target'")
}

/// The events of `on:` (string, list or map form), each at its line.
fn triggers(key: &Node, on: &Node) -> Vec<Trigger> {
    let plain = |event: &str, line: u32| Trigger {
        event: event.to_string(),
        line,
        tags: false,
        branches_only: false,
        paths_filter: None,
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
                t.paths_filter = v
                    .entry("paths")
                    .or_else(|| v.entry("paths-ignore"))
                    .map(|(k, _)| k.line);
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

impl Builder<'_> {
    /// `owner/name/.github/workflows/x.yml@ref` of the scanned repository, when that file is
    /// one of its workflows: `.github/workflows/x.yml`.
    fn own_workflow(&self, uses: &str) -> Option<String> {
        let own = self.own.as_deref()?;
        let u = uses.trim();
        let head = u.get(..own.len())?;
        if !head.eq_ignore_ascii_case(own) {
            return None;
        }
        let p = u[own.len()..].split('@').next()?;
        (p.starts_with(".github/workflows/") && self.workflow_index.contains_key(p))
            .then(|| p.to_string())
    }
}

/// `./.github/actions/x` → `.github/actions/x`; remote references → `None`.
fn local_ref(uses: &str) -> Option<String> {
    let u = uses.trim();
    let p = u.strip_prefix("./")?;
    let p = p.split('@').next().unwrap_or(p).trim_end_matches('/');
    (!p.is_empty() && !p.split('/').any(|s| s == "..")).then(|| p.to_string())
}

/// Lines searched past the previous one for a line of a folded or quoted `run:` value.
const LOCATE_WINDOW: u32 = 64;

/// The file line of a logical script line of a `run:` value. A literal block keeps its
/// lines, so its n-th line stands n lines after the block starts; other styles (and a
/// literal block whose line was not found where expected) are searched forward from
/// `cursor`, at most [`LOCATE_WINDOW`] lines: linear in the block's size whatever the text.
fn locate(file_lines: &[&str], node: &Node, l: &shell::LogicalLine, cursor: u32) -> u32 {
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
    let first: String = l.text.split(' ').take(8).collect::<Vec<_>>().join(" ");
    let first = first.trim();
    let end = node.end_line.max(node.line);
    let start = cursor.max(node.line);
    let mut n = start;
    while n <= end && n < start.saturating_add(LOCATE_WINDOW) {
        let t = at(n).trim();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let t = t.strip_prefix("run:").map(str::trim).unwrap_or(t);
        if !t.is_empty() && (t.starts_with(first) || first.starts_with(t) || t.contains(first)) {
            return n;
        }
        n += 1;
    }
    start
}
