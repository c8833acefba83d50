//! Facts about the tools of the catalogue (`probes/catalogue/tools.yml`) found in a
//! repository, with their scope: where each is used or configured, what it runs on, what
//! a release step covers and where it publishes, what a dependency bot updates, and how
//! fresh release material is. Every fact here is cited by the probe that states it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One use (or configuration) of a catalogue tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ToolUse {
    /// The catalogue id (`gosec`, `trivy`).
    pub tool: String,
    /// `sast`, `dependency-scanning`, `image-scanning`, `config-scanning`,
    /// `secret-scanning`, `fuzzing`, `scorecard`, `license-scanning`, `code-quality`,
    /// `dependency-updates`, `dependency-review`, ...
    pub category: String,
    /// How it was recognised: `action`, `program`, `ci_template`, `config_file`,
    /// `switch` (enabled in another tool's configuration), `source` (a fuzz test).
    pub how: String,
    /// CI runs it (or a hosted service acts on its configuration); false for a
    /// configuration file or sources that nothing was seen running.
    pub runs: bool,
    pub path: String,
    /// `null` for a configuration file's presence.
    pub line: Option<u32>,
    /// The lines that led there, outermost first (`path:line`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// The workflow (or other CI file) that runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<String>,
    /// The events that start that workflow (`pull_request`, `schedule`, ...): when it runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
}

/// One `updates:` entry of Dependabot's configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DependencyUpdateScope {
    /// `dependabot` or `renovate`.
    pub tool: String,
    pub path: String,
    pub line: u32,
    /// `package-ecosystem` (`gomod`, `npm`, `github-actions`, `gitsubmodule`...); `null`
    /// for Renovate, which updates every manager it detects unless configured otherwise.
    pub ecosystem: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub directories: Vec<String>,
    /// The ecosystem keeps the project's own dependencies current (not GitHub Actions, a
    /// git submodule, a dev container or pre-commit hooks).
    pub code: bool,
    /// `open-pull-requests-limit: 0`: version updates off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

/// Where a release pipeline publishes, as its steps name it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PublishDestination {
    pub tool: String,
    /// `github-releases`, `github-pages`, `pypi.org`, `npmjs.com`, `crates.io`, or the
    /// registry host of an image reference (`ghcr.io`).
    pub destination: String,
    /// `images`, `files`, `charts`, `packages`, when the step says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
    pub path: String,
    pub line: u32,
    pub workflow: String,
}

/// When a file last changed, from the history the census walked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileChange {
    pub path: String,
    /// The newest commit of the walk that changed the file.
    pub commit: String,
    /// Its committer date (RFC 3339).
    pub date: String,
}

/// One of the newest tags, and whether it is signed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewestTag {
    pub name: String,
    /// The tagger's date (annotated) or the commit's (lightweight), RFC 3339.
    pub date: String,
    pub annotated: bool,
    pub signed: bool,
}

/// The newest tags that share the newest tag's state (all signed, or all unsigned),
/// counted over every dated tag, and the newest tag of the other state: "none signed
/// since `v2.14.1`: the 7 newest tags, `v2.15.0` to `v2.20.0`, are unsigned".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewestTagRun {
    /// Whether the tags of the run are signed.
    pub signed: bool,
    /// How many tags the run has.
    pub count: u64,
    /// How many of them are lightweight (no tag object).
    pub lightweight: u64,
    /// The oldest tag of the run (the newest is the first of `newest_tags`).
    pub oldest: NewestTag,
    /// The newest tag before the run, of the other state; none when every tag is in it.
    pub next: Option<NewestTag>,
}
