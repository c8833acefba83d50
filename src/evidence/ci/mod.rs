//! One graph of what CI runs, built once from the file snapshot at the scanned commit, with
//! the file and line of everything it holds.
//!
//! Entry points are GitHub Actions workflows (parsed with [`crate::evidence::yaml`],
//! bounded) with their triggers, `paths` filters, job conditions and the reusable-workflow
//! call graph, and other CI systems' files, read line by line. From each entry point every
//! command reached is followed as an edge of the graph, a bounded depth and size: local
//! composite actions, local reusable workflows (`uses: ./.github/workflows/y.yml`),
//! repository scripts named in `run:`, `make` targets (rules indexed once per Makefile with
//! its `include`d files, prerequisites, `$(MAKE) -C dir`, simple variables), `just`
//! recipes, `tox -e` environments and npm/yarn/pnpm `run` scripts. Each command keeps the
//! line it stands on and the chain of lines that led to it (workflow step → script line →
//! make rule → recipe line), so a sentence can say "in `hack/release.sh`, run by
//! `release.yml`". Every file is parsed once; a script or target is expanded once per
//! entry point; every line read counts against a budget. Vendored and third-party trees
//! never count as the project's CI. Nothing is executed.

mod follow;
pub mod make;
mod other;
pub mod shell;
pub mod tasks;
mod triggers;
mod walk;

use std::collections::BTreeMap;

pub use walk::skips_pushes;

use super::files::FileSnapshot;

/// Deepest chain of calls followed from a workflow step (step → script → script → …).
pub const MAX_FOLLOW_DEPTH: usize = 4;
/// Most commands and action uses recorded in one model.
pub const MAX_COMMANDS: usize = 50_000;
/// Most lines (of scripts, recipes and task files, comments included) read while following
/// what CI runs: past it nothing more is followed, and the notes say so.
pub const MAX_LINES_READ: usize = 2_000_000;

/// A place in a file at the scanned commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub path: String,
    /// 1-based.
    pub line: u32,
}

impl Loc {
    pub fn new(path: &str, line: u32) -> Self {
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
    /// Index into [`CiModel::jobs`] of the workflow job it belongs to.
    pub job: Option<usize>,
    /// What the command calls (a script, make target, just recipe, tox environment, npm
    /// script) was found in the repository and followed: the commands it reached say what
    /// it does, not its words.
    pub followed: bool,
    /// Its job's or step's `if:` is false for pull request events: it never runs on one.
    pub skips_pull_requests: bool,
}

/// One `uses:` of an action or a remote reusable workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionUse {
    pub uses: String,
    pub at: Loc,
    pub via: Vec<Loc>,
    pub root: Root,
    pub job: Option<usize>,
    /// `with:` inputs: name, value, line.
    pub with: Vec<(String, String, u32)>,
    /// The comment after the reference on its line (`# v1.13.0` after a pinned SHA).
    pub comment: Option<String>,
    /// Its job's or step's `if:` is false for pull request events.
    pub skips_pull_requests: bool,
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
    /// The job it names or belongs to (`None` for a workflow's name).
    pub job: Option<usize>,
    /// For a step's name: whether the step has a `run:` (or a local action, whose commands
    /// are followed). A step that only uses a remote action has no command known here.
    pub step_has_commands: Option<bool>,
}

/// A job of a workflow, as reached from an entry point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub at: Loc,
    pub root: Root,
    /// `if:` of the job, with its line.
    pub condition: Option<(String, u32)>,
    /// The condition is false for pull request events (`github.event_name == 'push'`,
    /// `!= 'pull_request'`, `startsWith(github.ref, 'refs/tags/')`).
    pub skips_pull_requests: bool,
    /// `continue-on-error: true` on the job: its failure never fails the run.
    pub continue_on_error: Option<u32>,
    /// Shell commands of its steps (and what they reached) and action uses recorded.
    pub commands: u32,
    pub actions: u32,
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
    /// A `paths:` or `paths-ignore:` filter: the event starts the workflow only for some
    /// changes. Its line.
    pub paths_filter: Option<u32>,
}

/// A GitHub Actions workflow file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub path: String,
    pub name: Option<String>,
    pub triggers: Vec<Trigger>,
    /// Why the file could not be parsed (invalid YAML, a limit, not loaded).
    pub error: Option<String>,
    /// The `uses:` lines of the workflows of this repository that call it, each with the
    /// index of the caller (an entry point) in [`CiModel::workflows`].
    pub called_from: Vec<(usize, Loc)>,
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

/// When another CI system's file runs, as far as the file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherTrigger {
    /// The file runs something only for tags (`$TAG_NAME`, `only: tags`…).
    Tags,
    /// The file names the merged branch (`$_PULL_BASE_REF`, `$BRANCH_NAME`) and nothing of
    /// a pull request: it runs after merge.
    AfterMerge,
    /// The file reads pull request variables (`$_PR_NUMBER`, `CHANGE_ID`…).
    PullRequests,
    /// Every job is limited by its filters to named branches (or to tags): it runs after a
    /// change reaches those branches (CircleCI `filters: branches: only: main`).
    Branches,
    /// The file runs on a schedule (CircleCI `triggers: - schedule`).
    Schedule,
    /// Only a comment of the file says when it runs (`# triggered when a tag is pushed`).
    Comment,
    /// The trigger is configured outside the repository (Cloud Build triggers).
    Unknown,
}

impl OtherTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            OtherTrigger::Tags => "tags",
            OtherTrigger::AfterMerge => "after_merge",
            OtherTrigger::PullRequests => "pull_requests",
            OtherTrigger::Branches => "branches",
            OtherTrigger::Schedule => "schedule",
            OtherTrigger::Comment => "comment",
            OtherTrigger::Unknown => "unknown",
        }
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
    /// What the file itself says of when it runs, with the line that says it: for systems
    /// whose triggers live outside the repository (Cloud Build) always, for the others
    /// when the file limits its jobs (CircleCI filters) or a comment states it.
    pub trigger: Option<(OtherTrigger, Option<u32>)>,
    /// A comment of the file that states when it runs, as written (`trigger` is `Comment`).
    pub trigger_comment: Option<String>,
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
    pub jobs: Vec<Job>,
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

    /// The chain of a command as files: the file it stands in, then each file that led to
    /// it, innermost first, each once, with the lines of that file on the chain
    /// (`[("scripts/publish.sh", [34]), ("reusable_publish.yaml", [12]), ("release.yaml",
    /// [20])]`).
    pub fn chain(at: &Loc, via: &[Loc]) -> Vec<(String, Vec<u32>)> {
        let mut out: Vec<(String, Vec<u32>)> = Vec::new();
        for l in std::iter::once(at).chain(via.iter().rev()) {
            match out.last_mut() {
                Some((p, lines)) if *p == l.path => {
                    if !lines.contains(&l.line) {
                        lines.push(l.line);
                    }
                }
                _ => out.push((l.path.clone(), vec![l.line])),
            }
        }
        out
    }
}

/// Builds the model from the snapshot.
pub fn build(files: &FileSnapshot) -> CiModel {
    walk::build(files, None)
}

/// Builds the model of the repository `own` (`owner/name`): its workflows called as
/// `owner/name/.github/workflows/x.yml@ref` are its own files, followed like local ones.
pub fn build_of(files: &FileSnapshot, own: Option<&str>) -> CiModel {
    walk::build(files, own)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_graph;
