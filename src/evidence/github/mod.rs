//! GitHub evidence (API). The collector lives here; the types below are what probes read.

use super::{Observed, Unavailable};

/// Repository metadata from the API: the repository's canonical name ([`GithubRepo`],
/// after a rename) and what GitHub says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GhRepo {
    pub api_url: String,
    pub html_url: String,
    /// The canonical `owner/name` (the new one when GitHub followed a rename).
    pub repo: GithubRepo,
    pub default_branch: String,
    pub archived: bool,
    pub fork: bool,
    pub private: bool,
    pub empty: bool,
    /// `owner/name` as asked, when GitHub answered 301 and the new name was followed.
    pub renamed_from: Option<String>,
    /// The caller's permission (`admin`, `maintain`, `write`, `triage`, `read`), when known.
    pub viewer_permission: Option<String>,
}

impl GhRepo {
    pub fn viewer_is_admin(&self) -> Option<bool> {
        self.viewer_permission.as_deref().map(|p| p == "admin")
    }
}

/// Classic branch protection, from REST (admin) or GraphQL `branchProtectionRule` (push access).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassicProtection {
    /// The URL that was read (REST endpoint or GraphQL endpoint).
    pub api_url: String,
    /// `rest`, `graphql` (`branchProtectionRule`) or [`REF_UPDATE_RULE`] (what the
    /// non-admin `refUpdateRule` shows beyond the rulesets).
    pub via: String,
    /// Null when pull request reviews are not required.
    pub required_approvals: Option<u32>,
    pub require_code_owner_reviews: bool,
    pub dismiss_stale_reviews: bool,
    pub required_status_checks: Vec<String>,
    pub enforce_admins: bool,
    pub required_signatures: bool,
    pub allow_force_pushes: bool,
    pub allow_deletions: bool,
    pub linear_history: bool,
    /// Fields this source does not show (GraphQL's non-admin view has no stale-review
    /// dismissal or admin enforcement): their `false` above means "not seen", not "off".
    pub unobserved: Vec<String>,
}

/// One rule from `GET /repos/{o}/{r}/rules/branches/{branch}`.
#[derive(Debug, Clone, PartialEq)]
pub struct BranchRule {
    /// `pull_request`, `required_status_checks`, `required_signatures`, `non_fast_forward`, `deletion`, `required_linear_history`, ...
    pub rule_type: String,
    pub ruleset_id: Option<u64>,
    pub ruleset_source: Option<String>,
    pub parameters: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rulesets {
    pub api_url: String,
    pub rules: Vec<BranchRule>,
    /// Names of the rulesets, when they were read.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub author: Option<String>,
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`.
    pub state: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullRequestInfo {
    pub number: u64,
    pub url: String,
    pub author: Option<String>,
    pub merged_at: Option<String>,
    pub merge_commit: Option<String>,
    pub reviews: Vec<Review>,
    pub labels: Vec<String>,
    /// Logins of bots that commented `/lgtm` or `/approve` style commands (Prow).
    pub prow_commands: Vec<String>,
    /// Logins of the people who commented a `/lgtm` or `/approve` command (Prow reviewers;
    /// compare with `author`).
    pub prow_approvers: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewEvidence {
    pub api_url: String,
    pub pull_requests: Vec<PullRequestInfo>,
    /// Commits on the default branch with no associated pull request (direct pushes).
    pub direct_pushes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgPolicy {
    /// `owner/.github`.
    pub repository: String,
    pub path: String,
    pub html_url: String,
    pub content: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckRun {
    pub app: String,
    pub name: String,
    pub status: String,
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitChecks {
    pub commit: String,
    pub api_url: String,
    /// True for the default branch head, false for a pull request head.
    pub default_branch_head: bool,
    pub runs: Vec<CheckRun>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseAsset {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseInfo {
    pub tag: String,
    pub name: Option<String>,
    pub html_url: String,
    pub published_at: Option<String>,
    pub prerelease: bool,
    pub assets: Vec<ReleaseAsset>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Releases {
    pub api_url: String,
    pub releases: Vec<ReleaseInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Advisories {
    pub api_url: String,
    pub published: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flag {
    pub api_url: String,
    pub enabled: bool,
}

/// Everything read from the GitHub API. Each part is observed or says why not.
#[derive(Debug, Clone)]
pub struct GithubEvidence {
    pub repo: Observed<GhRepo>,
    /// `Ok(None)`: GitHub said "Branch not protected" to a caller allowed to know.
    pub classic_protection: Observed<Option<ClassicProtection>>,
    pub rulesets: Observed<Rulesets>,
    pub reviews: Observed<ReviewEvidence>,
    /// `Ok(None)`: the org has no `.github` repository or it has no policy.
    pub org_security_policy: Observed<Option<OrgPolicy>>,
    pub private_vulnerability_reporting: Observed<Flag>,
    pub advisories: Observed<Advisories>,
    pub checks: Observed<Vec<CommitChecks>>,
    pub releases: Observed<Releases>,
    /// Requests sent, and the rate limit left at the end.
    pub requests: u64,
    pub not_modified: u64,
    pub rate_limit_remaining: Option<u64>,
}

impl GithubEvidence {
    /// Nothing read from the API, for `why`.
    pub fn unavailable(why: Unavailable) -> Self {
        GithubEvidence {
            repo: Err(why.clone()),
            classic_protection: Err(why.clone()),
            rulesets: Err(why.clone()),
            reviews: Err(why.clone()),
            org_security_policy: Err(why.clone()),
            private_vulnerability_reporting: Err(why.clone()),
            advisories: Err(why.clone()),
            checks: Err(why.clone()),
            releases: Err(why),
            requests: 0,
            not_modified: 0,
            rate_limit_remaining: None,
        }
    }
}

// ---------------------------------------------------------------------- collector

mod client;
mod collect;
mod governor;
pub mod history;
mod nodes;
pub mod queries;
mod remote;
mod rest;
mod settings;
mod transport;

pub use client::{
    DEFAULT_API_URL, DEFAULT_MAX_RATE_WAIT, GithubClient, GithubConfig, RateStatus, graphql_url,
};
pub use collect::collect;
pub use nodes::REF_UPDATE_RULE;
pub use remote::MAX_FILES as MAX_REMOTE_FILES;
pub use rest::MAX_ANONYMOUS_FILES;

use super::{FileSnapshot, GithubRepo, HistoryCensus, Needs, TagCensus};
use crate::error::Error;

/// What to read.
#[derive(Debug, Clone)]
pub struct GithubRequest {
    pub repo: GithubRepo,
    /// True when there is no local clone: read files, commits and tags through the API too.
    pub remote: bool,
    /// Commits to examine for remote scans (`None`: all, paging).
    pub commits: Option<u64>,
    /// Merged pull requests to examine.
    pub prs: u32,
    /// Releases to examine.
    pub releases: u32,
    /// For a local clone: the commit the files were read at.
    pub head_commit: Option<String>,
    /// What the selected probes need: API reads (and, remotely, file contents) beyond
    /// these are not sent, and their evidence is `not_collected`.
    pub needs: Needs,
}

/// What the API yields for one repository.
#[derive(Debug)]
pub struct GithubScan {
    pub evidence: GithubEvidence,
    /// Remote scans only: the files, history and tags at the default branch head.
    pub files: Option<Observed<FileSnapshot>>,
    /// Remote scans: the census of the examined commits. Local scans: the census of the
    /// first (up to 100) commits from the clone's head as GitHub sees them, read for
    /// GitHub's verification verdicts.
    pub history: Option<Observed<HistoryCensus>>,
    pub tags: Option<Observed<TagCensus>>,
    pub default_branch: Option<String>,
    pub head_commit: Option<String>,
    /// The repository's canonical owner/name (after a rename).
    pub repo: GithubRepo,
}
