//! The output contract (docs/contract.md, v1): the versioned report type that JSON,
//! table and Markdown renderers serialize. Internal evidence types never leak into it.

mod citation;
mod documents;
mod facts;
pub mod place;
mod probe_list;
mod self_assessment;
pub mod text;
mod tools;

pub use citation::{Citation, CitationKind, workflow_label};
pub use documents::*;
pub use facts::*;
pub mod osps;
pub(crate) use probe_list::probe_list;
pub use self_assessment::{Answer, SelfAssessment, SelfAssessmentItem, Sentence};
pub use text::{Part, Text};
pub use tools::{
    DependencyUpdateScope, FileChange, NewestTag, NewestTagRun, PublishDestination, ToolUse,
};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the JSON report schema. Bump when a field is renamed or removed.
pub const SCHEMA_VERSION: &str = "2";

/// The outcome of one probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    PartiallyMet,
    NotMet,
    /// The evidence could not be seen; `reason` says why. Never read this as "no".
    Unknown,
    NotApplicable,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::PartiallyMet => "partially_met",
            Outcome::NotMet => "not_met",
            Outcome::Unknown => "unknown",
            Outcome::NotApplicable => "not_applicable",
        }
    }
}

/// Why evidence could not be observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No GITHUB_TOKEN / GH_TOKEN was set.
    NoToken,
    /// The token lacks the rights (e.g. admin) to read this.
    Permission,
    /// `--offline`, or the repository has no GitHub origin.
    Offline,
    /// The API answered with an error, timed out or sent malformed data.
    ApiError,
    /// The thing looked up does not exist.
    NotFound,
    /// This run did not collect the evidence (e.g. a `--probe` filter, a shallow clone).
    NotCollected,
    /// The API's rate limit ran out before the evidence could be read.
    RateLimited,
    /// The probe itself failed (a bug in tssa-probe); its facts are null.
    InternalError,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoToken => "no_token",
            Reason::Permission => "permission",
            Reason::Offline => "offline",
            Reason::ApiError => "api_error",
            Reason::NotFound => "not_found",
            Reason::NotCollected => "not_collected",
            Reason::RateLimited => "rate_limited",
            Reason::InternalError => "internal_error",
        }
    }

    /// A short phrase for people ("no token was given").
    pub fn describe(self) -> &'static str {
        match self {
            Reason::NoToken => "no GitHub token was given",
            Reason::Permission => "the token lacks the rights to read it",
            Reason::Offline => "the scan ran offline",
            Reason::ApiError => "the API did not answer usably",
            Reason::NotFound => "it was not found",
            Reason::NotCollected => "this scan did not collect it",
            Reason::RateLimited => "the API rate limit ran out",
            Reason::InternalError => "the probe failed internally, a bug in tssa-probe",
        }
    }
}

/// The result of one probe: outcome, typed facts (tagged by probe `id`) and citations.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ProbeResult {
    /// `id` and `facts`, typed per probe.
    #[serde(flatten)]
    pub facts: ProbeFacts,
    pub title: String,
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    /// One sentence a person can read.
    pub summary: String,
    pub citations: Vec<Citation>,
    pub duration_ms: u64,
}

impl ProbeResult {
    pub fn id(&self) -> ProbeId {
        self.facts.id()
    }
}

/// Counts of outcomes over all probes in a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub met: u32,
    pub partially_met: u32,
    pub not_met: u32,
    pub unknown: u32,
    pub not_applicable: u32,
}

impl Summary {
    pub fn of<'a>(results: impl IntoIterator<Item = &'a ProbeResult>) -> Self {
        let mut s = Summary::default();
        for r in results {
            match r.outcome {
                Outcome::Met => s.met += 1,
                Outcome::PartiallyMet => s.partially_met += 1,
                Outcome::NotMet => s.not_met += 1,
                Outcome::Unknown => s.unknown += 1,
                Outcome::NotApplicable => s.not_applicable += 1,
            }
        }
        s
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

impl Default for ToolInfo {
    fn default() -> Self {
        ToolInfo {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// What was scanned.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct RepositoryInfo {
    /// The `<REPO>` argument as given.
    pub input: String,
    /// `https://github.com/owner/name` when the repository is on GitHub.
    pub url: Option<String>,
    pub owner: Option<String>,
    pub name: Option<String>,
    pub default_branch: Option<String>,
    /// The commit every file citation points at.
    pub head_commit: Option<String>,
    pub local_path: Option<String>,
    /// Null when the API was not read.
    pub archived: Option<bool>,
    /// Null when the API was not read.
    pub fork: Option<bool>,
    /// Set when GitHub answered that the repository was renamed (301): the new `owner/name`.
    pub renamed_to: Option<String>,
}

/// How the scan ran.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Mode {
    pub offline: bool,
    pub authenticated: bool,
    /// Null when the full history was requested (`--commits all`).
    pub commits_limit: Option<u64>,
    /// Where the evidence came from: `git` (a local clone), `github_api`, or both.
    pub sources: Vec<String>,
    /// Notes for readers about the mode (e.g. "anonymous API use is limited to 60 requests/hour").
    pub notes: Vec<String>,
    /// Set when the git reader gave nothing (it crashed, passed `--scan-timeout` or
    /// `--scan-memory`): why. Files, history and tags are then unknown, so the report is
    /// partial; a batch row says so in its `error` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
}

/// API usage during the scan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ApiStats {
    /// Requests sent to the GitHub API (including those answered 304 from the cache).
    pub requests: u64,
    /// Requests answered 304 Not Modified.
    pub not_modified: u64,
    pub rate_limit_remaining: Option<u64>,
    /// Requests sent to the Best Practices badge site.
    pub bestpractices_requests: u64,
    /// Badge-site requests answered 304 Not Modified (served from the cache).
    #[serde(default)]
    pub bestpractices_not_modified: u64,
    /// The network was meant to be used and every API-backed source failed (exit code 5).
    #[serde(default)]
    pub unreachable: bool,
}

/// The whole report (JSON output type, versioned by `schema_version`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub schema_version: String,
    pub tool: ToolInfo,
    pub repository: RepositoryInfo,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub mode: Mode,
    pub probes: Vec<ProbeResult>,
    pub summary: Summary,
    pub self_assessment: SelfAssessment,
    pub api: ApiStats,
    /// OpenSSF OSPS Baseline verdicts derived from the probe facts, each passed/failed
    /// control citing the probe citations it rests on. Added within schema_version 1
    /// (an additive field: readers of earlier reports see it absent or null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub osps_baseline: Option<osps::OspsBaseline>,
    /// OpenSSF Best Practices badge automation proposals derived from the OSPS verdicts,
    /// each citing the verdict's citations. Additive within schema_version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge_proposals: Option<osps::BadgeProposals>,
}

impl Report {
    pub fn probe(&self, id: ProbeId) -> Option<&ProbeResult> {
        self.probes.iter().find(|p| p.id() == id)
    }
}
