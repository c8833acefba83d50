//! One scan: collect → judge → cite → render. Data flows one way.

use std::sync::Arc;
use std::time::Instant;

use crate::assess;
use crate::error::Error;
use crate::evidence::badge::{self, BadgeClient};
use crate::evidence::github::{self, GithubClient, GithubRequest};
use crate::evidence::{self, Evidence, GithubEvidence, Need, Needs, RepoIdentity, Unavailable};
use crate::input::Target;
use crate::model::{
    ApiStats, Mode, Outcome, ProbeFacts, ProbeId, ProbeResult, Reason, Report, RepositoryInfo,
    SCHEMA_VERSION, Summary, ToolInfo,
};
use crate::probes::{self, Judgement, REGISTRY};

/// Default number of commits examined for a local clone.
pub const DEFAULT_LOCAL_COMMITS: u64 = 1000;
/// Default number of commits examined through the API (one GraphQL page).
pub const DEFAULT_API_COMMITS: u64 = 100;

/// How many commits to examine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitLimit {
    /// The tool's default for the evidence source.
    Default,
    N(u64),
    All,
}

impl CommitLimit {
    /// `Some(n)` or `None` for the full history.
    pub fn resolve(self, default: u64) -> Option<u64> {
        match self {
            CommitLimit::Default => Some(default),
            CommitLimit::N(n) => Some(n),
            CommitLimit::All => None,
        }
    }
}

/// Options of one scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Never use the network.
    pub offline: bool,
    /// Use the network for a local clone even without a token (anonymous API, badge site).
    pub online: bool,
    pub commits: CommitLimit,
    /// Probes to run (empty: all).
    pub probes: Vec<ProbeId>,
    pub prs: u32,
    pub releases: u32,
    /// The OSPS Baseline release the verdicts follow (`v2026.02.19`).
    pub osps_version: String,
    /// Read the git objects of a local clone in a child process of this binary with these
    /// limits ([`evidence::git::isolate`]); `None` reads them in this process (the
    /// library's default: tests, fuzzing).
    pub isolation: Option<evidence::git::isolate::Isolation>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            offline: false,
            online: false,
            commits: CommitLimit::Default,
            probes: Vec::new(),
            prs: 30,
            releases: 10,
            osps_version: crate::standards::osps::DEFAULT_VERSION.to_string(),
            isolation: None,
        }
    }
}

/// Clients shared by every scan of a run (one rate-limit governor each).
#[derive(Debug)]
pub struct Clients {
    pub github: GithubClient,
    pub badge: BadgeClient,
}

/// Scans one repository and returns its report.
pub async fn scan(
    input: &str,
    target: &Target,
    opts: &ScanOptions,
    clients: &Clients,
) -> Result<Report, Error> {
    let retrieved_at = now_rfc3339();
    let authenticated = clients.github.authenticated();
    let mut mode = Mode {
        offline: true,
        authenticated,
        commits_limit: None,
        sources: Vec::new(),
        notes: Vec::new(),
        incomplete: None,
    };

    // Collect what the selected probes need, nothing more.
    let needs = probes::needs(&opts.probes);
    let (mut ev, commits_limit) = match target {
        Target::Local(path) => {
            let limit = opts.commits.resolve(DEFAULT_LOCAL_COMMITS);
            let path = path.clone();
            let input_owned = input.to_string();
            let isolation = opts.isolation.clone();
            let local = tokio::task::spawn_blocking(move || match &isolation {
                Some(iso) => {
                    evidence::git::isolate::collect(iso, &path, &input_owned, limit, needs)
                }
                None => evidence::git::collect_for(&path, &input_owned, limit, needs),
            })
            .await
            .map_err(|e| Error::RepoNotFound(format!("reading the repository failed: {e}")))??;
            mode.sources.push("git".into());
            mode.notes.extend(local.notes);
            mode.incomplete = local.reader_failure;
            let use_network = !opts.offline && (authenticated || opts.online);
            let why_not = if opts.offline {
                Unavailable::new(Reason::Offline, "the scan ran with --offline")
            } else if local.identity.github.is_none() {
                Unavailable::new(Reason::Offline, "the repository has no GitHub origin")
            } else {
                Unavailable::new(
                    Reason::NoToken,
                    "no GITHUB_TOKEN or GH_TOKEN was set (a local clone is scanned offline without one; --online reads the API anonymously)",
                )
            };
            let mut ev = Evidence {
                retrieved_at: retrieved_at.clone(),
                repo: local.identity,
                files: local.files,
                history: local.history,
                tags: local.tags,
                freshness: local.freshness,
                github: GithubEvidence::unavailable(why_not.clone()),
                badge: badge::BadgeEvidence::unavailable(if use_network {
                    Unavailable::new(Reason::NotCollected, "not read yet")
                } else {
                    Unavailable::new(Reason::Offline, why_not.detail.clone())
                }),
                ci_model: Default::default(),
                tools: Default::default(),
                docs: Default::default(),
            };
            let readme = ev
                .files
                .as_ref()
                .map(badge::readme_badges)
                .unwrap_or_default();
            ev.badge.readme = readme.clone();
            if use_network {
                mode.offline = false;
                let repo_url = ev.repo.github.as_ref().map(|g| g.html_url());
                let gh_fut = async {
                    match ev.repo.github.clone() {
                        Some(repo) => {
                            let req = GithubRequest {
                                repo,
                                remote: false,
                                commits: limit,
                                prs: opts.prs,
                                releases: opts.releases,
                                head_commit: ev.repo.head_commit.clone(),
                                needs,
                            };
                            Some(github::collect(&clients.github, &req).await)
                        }
                        None => None,
                    }
                };
                let badge_fut = collect_badge(clients, needs, readme, repo_url.as_deref());
                let (gh, b) = tokio::join!(gh_fut, badge_fut);
                ev.badge = b;
                if let Some(gh) = gh {
                    let gh = gh?;
                    mode.sources.push("github_api".into());
                    ev.github = gh.evidence;
                    // GitHub's verification verdicts for the commits git examined.
                    if let (Ok(local), Some(Ok(remote))) = (ev.history.as_mut(), gh.history) {
                        if local.verification.is_none() {
                            local.verification = remote.verification;
                        }
                    }
                }
            }
            (ev, limit)
        }
        Target::Github(repo) => {
            if opts.offline {
                return Err(Error::Usage(format!(
                    "{} is a GitHub repository and --offline forbids the API: clone it and scan the clone",
                    repo.full_name()
                )));
            }
            mode.offline = false;
            if !authenticated {
                mode.notes.push(
                    "no token: the GitHub API was used anonymously, which is limited to 60 requests per hour".into(),
                );
            }
            let limit = opts.commits.resolve(DEFAULT_API_COMMITS);
            let req = GithubRequest {
                repo: repo.clone(),
                remote: true,
                commits: limit,
                prs: opts.prs,
                releases: opts.releases,
                head_commit: None,
                needs,
            };
            let gh = github::collect(&clients.github, &req).await?;
            mode.sources.push("github_api".into());
            let missing =
                || Unavailable::new(Reason::NotCollected, "the API scan did not return it");
            let identity = RepoIdentity {
                input: input.to_string(),
                local_path: None,
                github: Some(gh.repo.clone()),
                default_branch: gh.default_branch.clone(),
                head_commit: gh.head_commit.clone(),
            };
            let mut ev = Evidence {
                retrieved_at: retrieved_at.clone(),
                repo: identity,
                files: gh.files.unwrap_or_else(|| Err(missing())),
                history: gh.history.unwrap_or_else(|| Err(missing())),
                tags: gh.tags.unwrap_or_else(|| Err(missing())),
                freshness: Err(Unavailable::new(
                    Reason::NotCollected,
                    "change log dates and tag dates are read from a local clone",
                )),
                github: gh.evidence,
                badge: badge::BadgeEvidence::unavailable(missing()),
                ci_model: Default::default(),
                tools: Default::default(),
                docs: Default::default(),
            };
            let readme = ev
                .files
                .as_ref()
                .map(badge::readme_badges)
                .unwrap_or_default();
            let repo_url = ev.repo.github.as_ref().map(|g| g.html_url());
            ev.badge = collect_badge(clients, needs, readme, repo_url.as_deref()).await;
            (ev, limit)
        }
    };
    mode.commits_limit = commits_limit;
    if let Ok(files) = &ev.files {
        if !files.missing.is_empty() {
            mode.notes.push(format!(
                "{} file(s) listed in the tree are absent from this clone (a partial clone or an incomplete mirror), e.g. {}: they were not read",
                files.missing.len(),
                crate::input::sanitize(&files.missing[0])
            ));
        }
        if files.listing_truncated {
            mode.notes.push(listing_note(files));
        }
        for m in &files.malformed_trees {
            mode.notes.push(format!(
                "a tree is malformed and was not listed (git refuses it; facts that rest on its files are unknown): {}",
                crate::input::sanitize(m)
            ));
        }
        mode.notes.extend(unread_notes(files));
    }
    // Limits the CI model reached, and CI files it refused to parse.
    if let Some(ci) = ev.ci() {
        mode.notes
            .extend(ci.notes.iter().map(|n| crate::input::sanitize(n)));
    }
    if let Err(u) = &ev.tags {
        if u.reason == Reason::NotCollected {
            mode.notes.push(format!(
                "the tags were not counted: {}",
                u.detail.trim_end_matches('.')
            ));
        }
    }
    // A local clone without a branch name (detached head) takes GitHub's default branch.
    if ev.repo.default_branch.is_none()
        && let Ok(r) = &ev.github.repo
        && !r.default_branch.is_empty()
    {
        ev.repo.default_branch = Some(r.default_branch.clone());
    }

    let ev = Arc::new(ev);
    let probes = judge(&ev, &opts.probes).await;
    let self_assessment = assess::build(&probes, &ev);
    let gh_ok = ev.github.repo.as_ref().ok();
    let repository = RepositoryInfo {
        input: input.to_string(),
        url: ev.repo.github.as_ref().map(|g| g.html_url()),
        owner: ev.repo.github.as_ref().map(|g| g.owner.clone()),
        name: ev.repo.github.as_ref().map(|g| g.name.clone()),
        default_branch: ev.repo.default_branch.clone(),
        head_commit: ev.repo.head_commit.clone(),
        local_path: ev.repo.local_path.clone(),
        archived: gh_ok.map(|r| r.archived),
        fork: gh_ok.map(|r| r.fork),
        renamed_to: gh_ok.and_then(|r| r.renamed_from.as_ref().map(|_| r.repo.full_name())),
    };
    // Exit 5: the API was meant to be used and every API-backed source failed. A remote
    // scan has nothing left to report; a local one still reports what git showed.
    let unreachable = !mode.offline && api_failed_entirely(&ev);
    if matches!(target, Target::Github(_)) && github_failed(&ev) {
        let detail = ev
            .github
            .repo
            .as_ref()
            .err()
            .map(|u| u.detail.trim_end_matches('.').to_string())
            .unwrap_or_default();
        return Err(Error::Network(format!(
            "every API-backed probe failed: the GitHub API could not be used ({detail})"
        )));
    }
    let mut report = Report {
        schema_version: SCHEMA_VERSION.to_string(),
        tool: ToolInfo::default(),
        repository,
        generated_at: retrieved_at,
        mode,
        summary: Summary::of(&probes),
        probes,
        self_assessment,
        api: ApiStats {
            requests: ev.github.requests,
            not_modified: ev.github.not_modified,
            rate_limit_remaining: ev.github.rate_limit_remaining,
            bestpractices_requests: ev.badge.requests,
            bestpractices_not_modified: ev.badge.not_modified,
            unreachable,
        },
        osps_baseline: None,
        badge_proposals: None,
    };
    report.osps_baseline = Some(
        crate::standards::osps::evaluate_version(&report, &opts.osps_version)
            .unwrap_or_else(|| crate::standards::osps::evaluate(&report)),
    );
    report.badge_proposals = Some(crate::standards::proposals::of_report(
        &report,
        crate::evidence::badge::DEFAULT_BASE_URL,
    ));
    Ok(report)
}

/// The badge site's evidence, read only when a selected probe needs it.
async fn collect_badge(
    clients: &Clients,
    needs: Needs,
    readme: Vec<badge::ReadmeBadge>,
    repo_url: Option<&str>,
) -> badge::BadgeEvidence {
    if needs.has(Need::BadgeSite) {
        badge::collect(&clients.badge, readme, repo_url).await
    } else {
        let mut b = badge::BadgeEvidence::unavailable(Unavailable::new(
            Reason::NotCollected,
            "no probe selected for this scan needs the badge site, so it was not read",
        ));
        b.readme = readme;
        b
    }
}

/// The note for a cut listing: the limit, and the directories not listed completely.
fn listing_note(files: &evidence::FileSnapshot) -> String {
    use crate::evidence::files::{MAX_DIRECTORIES, MAX_ENTRIES};
    let mut s = format!(
        "the tree has more than {MAX_ENTRIES} files or {MAX_DIRECTORIES} directories, or a directory too large to read: only the first were listed (the root, then .github/, docs/ and the other places probes look at, then the rest, shallowest first), and facts that rest on a file's absence there are unknown"
    );
    let cut = evidence::git::tree::outermost(&files.unlisted_dirs);
    if !cut.is_empty() {
        let shown: Vec<String> = cut
            .iter()
            .take(5)
            .map(|d| {
                if d.is_empty() {
                    "the root".to_string()
                } else {
                    format!("{}/", crate::input::sanitize(d))
                }
            })
            .collect();
        s.push_str(&format!(
            "; not listed completely: {}{}",
            shown.join(", "),
            if cut.len() > 5 {
                format!(" and {} more", cut.len() - 5)
            } else {
                String::new()
            }
        ));
    }
    s
}

/// One note per limit that left wanted files unread: which limit, how many, which files.
fn unread_notes(files: &evidence::FileSnapshot) -> Vec<String> {
    use crate::evidence::files::{Unread, bytes, count_files};
    let mut budget: Vec<String> = Vec::new();
    let mut large: std::collections::BTreeMap<u64, Vec<String>> = Default::default();
    for (path, why) in &files.unread {
        let p = crate::input::sanitize(path);
        match why {
            Unread::Budget { .. } => budget.push(p),
            Unread::TooLarge { size, limit } => large
                .entry(*limit)
                .or_default()
                .push(format!("{p} ({})", bytes(*size))),
        }
    }
    let list = |v: &[String]| {
        let shown = v.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > 5 {
            format!("{shown} and {} more", v.len() - 5)
        } else {
            shown
        }
    };
    let mut notes = Vec::new();
    if !budget.is_empty() {
        notes.push(format!(
            "{} listed without content because the content budget of {} for one scan was spent: {}; facts that depend on their content are unknown",
            count_files(budget.len()),
            bytes(evidence::files::CONTENT_BUDGET),
            list(&budget)
        ));
    }
    for (limit, v) in large {
        notes.push(format!(
            "{} listed without content because {} larger than the {} read of such an object: {}; facts that depend on their content are unknown",
            count_files(v.len()),
            if v.len() == 1 { "it is" } else { "each is" },
            bytes(limit),
            list(&v)
        ));
    }
    notes
}

fn failed(u: Option<&Unavailable>) -> bool {
    u.is_some_and(|u| matches!(u.reason, Reason::ApiError | Reason::RateLimited))
}

/// The GitHub API could not be used for this repository at all.
fn github_failed(ev: &Evidence) -> bool {
    failed(ev.github.repo.as_ref().err())
}

/// Every API-backed source (GitHub, the badge site) failed.
fn api_failed_entirely(ev: &Evidence) -> bool {
    let github = ev.repo.github.is_none() || github_failed(ev);
    let badge = failed(ev.badge.project.as_ref().err()) && failed(ev.badge.lookup.as_ref().err());
    github && badge
}

/// Runs the selected probes concurrently and returns their results in registry order.
///
/// Each probe runs in its own blocking task, so a probe that panics (a bug) cannot take
/// the others or the report down: it is reported `unknown` with reason `internal_error`
/// and a summary naming it, and its facts are null. The CLI then exits 6.
pub async fn judge(ev: &Arc<Evidence>, only: &[ProbeId]) -> Vec<ProbeResult> {
    let mut handles = Vec::new();
    for p in REGISTRY.iter().copied() {
        if !only.is_empty() && !only.contains(&p.id()) {
            continue;
        }
        let ev = Arc::clone(ev);
        let started = Instant::now();
        let handle = tokio::task::spawn_blocking(move || {
            panic_for_tests(p.id());
            p.judge(&ev)
        });
        handles.push((p, started, handle));
    }
    let mut out = Vec::new();
    for (p, started, handle) in handles {
        let j = match handle.await {
            Ok(j) => j,
            Err(e) => internal_error(p.id(), e),
        };
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        out.push(ProbeResult {
            facts: j.facts,
            title: probes::title(p),
            outcome: j.outcome,
            reason: j.reason,
            summary: j.summary,
            citations: j.citations,
            duration_ms,
        });
    }
    out
}

/// Longest part of a panic message kept in a probe's summary, in characters.
const MAX_PANIC_MESSAGE: usize = 200;

/// The judgement of a probe whose task failed: `unknown` (`internal_error`), null facts.
fn internal_error(id: ProbeId, e: tokio::task::JoinError) -> Judgement {
    let what = if e.is_panic() {
        let payload = e.into_panic();
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned());
        match text {
            Some(m) => format!(
                "it panicked ({})",
                m.chars().take(MAX_PANIC_MESSAGE).collect::<String>()
            ),
            None => "it panicked".to_string(),
        }
    } else {
        "its task was cancelled".to_string()
    };
    Judgement {
        facts: ProbeFacts::empty(id),
        outcome: Outcome::Unknown,
        reason: Some(Reason::InternalError),
        summary: format!(
            "The {id} probe failed internally: {what}; this is a bug in tssa-probe, and nothing about this practice was determined."
        ),
        citations: Vec::new(),
    }
}

/// Test hook, absent from release builds: `TSSA_PROBE_TEST_PANIC=<probe id>` makes that
/// probe panic, so the tests can see a failing probe reported rather than dropped.
#[cfg(debug_assertions)]
fn panic_for_tests(id: ProbeId) {
    if std::env::var("TSSA_PROBE_TEST_PANIC").is_ok_and(|v| v == id.as_str()) {
        panic!("TSSA_PROBE_TEST_PANIC asked the {id} probe to panic");
    }
}

#[cfg(not(debug_assertions))]
fn panic_for_tests(_id: ProbeId) {}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The exit code of a scan that produced its report: 6 when a probe failed internally
/// (whatever else the report says: its results are incomplete), else 1 when asked to fail
/// on a `not_met` probe and one is, else 0.
pub fn scan_exit_code(report: &crate::model::Report, fail_on_not_met: bool) -> u8 {
    let internal = report
        .probes
        .iter()
        .any(|p| p.reason == Some(crate::model::Reason::InternalError));
    let not_met = report
        .probes
        .iter()
        .any(|p| p.outcome == crate::model::Outcome::NotMet);
    if internal {
        crate::error::exit::INTERNAL
    } else if fail_on_not_met && not_met {
        crate::error::exit::NOT_MET
    } else {
        crate::error::exit::OK
    }
}
