//! Options shared by a single scan (`cli`) and a batch (`batch`): the common flags, the
//! clients they build, the token and cache locations. Both depend on this module; it
//! depends on neither.

use std::path::PathBuf;

use clap::Args;
use secrecy::SecretString;

use crate::error::Error;
use crate::evidence::badge::{self, BadgeClient, BadgeConfig};
use crate::evidence::github::{self, GithubClient, GithubConfig};
use crate::model::ProbeId;
use crate::scan::{Clients, CommitLimit, ScanOptions};

/// Options shared by single scans and batches.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Never use the network: API-only facts are reported `unknown` (reason `offline`).
    #[arg(long, global = true)]
    pub offline: bool,
    /// Use the network for a local clone even without a token (anonymous API, badge site).
    #[arg(long, global = true, conflicts_with = "offline")]
    pub online: bool,
    /// Commits to examine: a number, or `all` for the full history [default: 1000 for a local clone, 100 through the API].
    #[arg(long, value_name = "N|all", value_parser = parse_commits, global = true)]
    pub commits: Option<CommitLimit>,
    /// GitHub API base URL (GitHub Enterprise: https://HOST/api/v3).
    #[arg(long, value_name = "URL", env = "TSSA_GITHUB_API_URL", default_value = github::DEFAULT_API_URL, global = true)]
    pub github_api_url: String,
    /// OpenSSF Best Practices badge site.
    #[arg(long, value_name = "URL", env = "TSSA_BESTPRACTICES_URL", default_value = badge::DEFAULT_BASE_URL, global = true)]
    pub bestpractices_url: String,
    /// Run only this probe (repeatable).
    #[arg(long = "probe", value_name = "ID", value_parser = parse_probe_id, global = true)]
    pub probes: Vec<ProbeId>,
    /// Merged pull requests to examine for code review (1 to 100: one GraphQL page).
    #[arg(long, value_name = "N", default_value_t = 30, global = true,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub prs: u32,
    /// Releases to examine for release integrity (1 to 100: one API page).
    #[arg(long, value_name = "N", default_value_t = 10, global = true,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub releases: u32,
    /// Do not read or write the HTTP cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// The OpenSSF OSPS Baseline release the verdicts follow (the vendored catalogs:
    /// v2025.10.10, v2026.02.19) [default: the newest].
    #[arg(long, value_name = "VERSION", value_parser = parse_osps_version, global = true)]
    pub osps_version: Option<String>,
    /// Longest time, in seconds, to read one repository's git objects (in a child process
    /// killed at the deadline: its files, history and tags are then unknown); the whole scan
    /// gets 30 s more, then stops (exit 7; in a batch, that repository's row fails).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::evidence::git::isolate::DEFAULT_TIMEOUT_SECS,
          global = true, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub scan_timeout: u64,
    /// Heap limit, in MiB, of the child process that reads the git objects (RLIMIT_DATA):
    /// past it, the files, history and tags are unknown.
    #[arg(long, value_name = "MIB", default_value_t = crate::evidence::git::isolate::DEFAULT_MEMORY_MIB,
          global = true, value_parser = clap::value_parser!(u64).range(64..=1_048_576))]
    pub scan_memory: u64,
}

fn parse_osps_version(s: &str) -> Result<String, String> {
    match crate::standards::osps::catalog(s) {
        Some(c) => Ok(c.version.to_string()),
        None => Err(format!(
            "no catalog of OSPS Baseline {s} is vendored; accepted: {}",
            crate::standards::osps::accepted_versions()
        )),
    }
}

fn parse_commits(s: &str) -> Result<CommitLimit, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(CommitLimit::All);
    }
    match s.parse::<u64>() {
        Ok(0) => Err("must be at least 1, or `all`".into()),
        Ok(n) => Ok(CommitLimit::N(n)),
        Err(_) => Err("expected a number or `all`".into()),
    }
}

fn parse_probe_id(s: &str) -> Result<ProbeId, String> {
    ProbeId::parse(s).ok_or_else(|| {
        let ids: Vec<&str> = ProbeId::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown probe; one of: {}", ids.join(", "))
    })
}

/// The token from GITHUB_TOKEN, else GH_TOKEN (empty values ignored).
pub fn token_from_env() -> Option<SecretString> {
    ["GITHUB_TOKEN", "GH_TOKEN"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .map(SecretString::from)
}

/// The on-disk cache directory, unless disabled.
pub fn cache_dir(no_cache: bool) -> Option<PathBuf> {
    if no_cache {
        return None;
    }
    dirs::cache_dir().map(|d| d.join("tssa-probe"))
}

impl CommonArgs {
    pub fn scan_options(&self) -> ScanOptions {
        ScanOptions {
            offline: self.offline,
            online: self.online,
            commits: self.commits.unwrap_or(CommitLimit::Default),
            probes: self.probes.clone(),
            prs: self.prs,
            releases: self.releases,
            osps_version: self
                .osps_version
                .clone()
                .unwrap_or_else(|| crate::standards::osps::DEFAULT_VERSION.to_string()),
            isolation: crate::evidence::git::isolate::Isolation::current(
                std::time::Duration::from_secs(self.scan_timeout),
                self.scan_memory,
            ),
        }
    }

    /// The GitHub and badge-site clients for this run (one pair, shared by every scan).
    pub fn clients(&self, limits: ClientLimits) -> Result<Clients, Error> {
        let cache = cache_dir(self.no_cache);
        let token = if self.offline { None } else { token_from_env() };
        let mut github = GithubConfig {
            api_url: self.github_api_url.trim_end_matches('/').to_string(),
            token,
            cache_dir: cache.as_ref().map(|d| d.join("github")),
            max_concurrency: limits.max_concurrency,
            ..GithubConfig::default()
        };
        if let Some(wait) = limits.max_rate_wait {
            github.max_rate_wait = wait;
        }
        let mut badge = BadgeConfig::new(
            &self.bestpractices_url,
            cache.map(|d| d.join("bestpractices")),
        );
        if let Some(interval) = limits.badge_interval {
            badge.min_interval = interval;
        }
        Ok(Clients {
            github: GithubClient::new(github)?,
            badge: BadgeClient::with_config(badge)?,
        })
    }
}

/// Limits of the shared clients; `None` keeps the client's default.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientLimits {
    /// API requests in flight at once.
    pub max_concurrency: Option<usize>,
    /// Longest wait for a primary rate-limit reset before evidence fails as `rate_limited`.
    pub max_rate_wait: Option<std::time::Duration>,
    /// Least interval between two badge-site requests.
    pub badge_interval: Option<std::time::Duration>,
}
