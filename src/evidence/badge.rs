//! OpenSSF Best Practices badge evidence: ids linked from the README and what the badge
//! site says about them. Collection only; the `best-practices-badge` probe judges.
//!
//! The site's JSON API (see ../shared/bestpractices/FIELDS.md):
//! - `GET /projects/{id}.json`: the whole project record (flat object; `*_status` values are
//!   `Met`, `Unmet`, `N/A` or `?`; blank `*_justification` keys are omitted; computed
//!   `badge_level`), 404 for an unknown id.
//! - `GET /projects.json?url={url}`: a JSON array of the same objects, matching `repo_url` or
//!   `homepage_url` exactly (after dropping one trailing `/`); `[]` when nothing matches.
//!
//! - `GET /projects.json?ids=1,2,3`: the same array for those ids (at most 20 a page).
//!
//! The site asks for at most one request per second; one [`BadgeClient`] is shared by every
//! scan of a run and spaces all of its requests (redirect hops included) by that interval.
//! Scans of a batch that want project records while a request waits for its slot are
//! answered together: the one holding the slot asks for every waiting id (up to
//! [`MAX_IDS_PER_REQUEST`]) in one `ids=` request. A record read once in a run is not read
//! again (an in-run memo), so a batch of hundreds of repositories costs a few dozen requests.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::{FileSnapshot, Observed, Unavailable};
use crate::model::{BadgeSource, Reason};

// ------------------------------------------------------------------------------ types

/// A badge link found in a README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadmeBadge {
    pub project_id: u64,
    pub path: String,
    pub line: u32,
    pub excerpt: String,
}

/// A project as the badge site describes it (`/projects/{id}.json`, or one element of the
/// `/projects.json?url=` lookup).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgeProject {
    pub id: u64,
    /// The JSON URL that was read (after redirects).
    pub json_url: String,
    /// The project's page on the badge site.
    pub html_url: String,
    pub name: Option<String>,
    pub repo_url: Option<String>,
    pub homepage_url: Option<String>,
    /// `in_progress`, `passing`, `silver`, `gold` (the site's computed `badge_level`, else
    /// derived from `tiered_percentage`).
    pub badge_level: Option<String>,
    /// <100: % toward passing; 100-199 passing (+% toward silver); 200-299 silver; 300 gold.
    pub tiered_percentage: Option<u32>,
    /// `in_progress`, `baseline-1`, `baseline-2`, `baseline-3`, from
    /// `baseline_tiered_percentage` (absent on records that predate the baseline series).
    pub baseline_level: Option<String>,
    pub baseline_tiered_percentage: Option<u32>,
    /// Criterion name as the JSON spells it (`vulnerability_report_process`,
    /// `OSPS-AC-01.01`) → (status, justification).
    pub criteria: BTreeMap<String, (String, Option<String>)>,
}

/// A README badge id that the site answered 404 for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId {
    pub project_id: u64,
    /// The JSON URL that answered 404.
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct BadgeEvidence {
    pub readme: Vec<ReadmeBadge>,
    /// README ids the site knows, as read (at most [`MAX_README_IDS`] are asked about).
    pub readme_projects: Vec<BadgeProject>,
    /// README ids the site answered 404 for (stale links).
    pub readme_unknown: Vec<UnknownId>,
    /// Projects found by `GET /projects.json?url=...`; `Ok(vec![])` means the site knows
    /// none under any URL form tried. `Err(not_collected)` when no lookup was needed.
    pub lookup: Observed<Vec<BadgeProject>>,
    /// The lookup URL whose answer `lookup` holds (the first non-empty one, else the last).
    pub lookup_url: Option<String>,
    /// Every lookup URL asked, in order.
    pub lookup_urls: Vec<String>,
    /// The project read from the site: a README id whose repo_url is this repository, else
    /// the lookup's best match, else a README id registered for another repository.
    pub project: Observed<BadgeProject>,
    /// Where `project`'s id came from.
    pub source: Option<BadgeSource>,
    /// A README id was answered 404 by the site.
    pub readme_id_unknown: bool,
    /// The scanned repository's URL as given to [`collect`].
    pub repo_url: Option<String>,
    pub base_url: String,
    /// HTTP requests this scan sent to the badge site (redirect hops included). In a batch,
    /// one request may answer several scans: it is counted for the scan that sent it, and
    /// a scan answered by another's request or by the in-run memo counts none.
    pub requests: u64,
    /// Of those, answered `304 Not Modified` from the on-disk cache.
    pub not_modified: u64,
}

impl BadgeEvidence {
    pub fn unavailable(why: Unavailable) -> Self {
        BadgeEvidence {
            readme: Vec::new(),
            readme_projects: Vec::new(),
            readme_unknown: Vec::new(),
            lookup: Err(why.clone()),
            lookup_url: None,
            lookup_urls: Vec::new(),
            project: Err(why),
            source: None,
            readme_id_unknown: false,
            repo_url: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            requests: 0,
            not_modified: 0,
        }
    }

    /// Ids the site reported besides the chosen project (other lookup matches, other README
    /// ids that the site knows).
    pub fn other_project_ids(&self) -> Vec<u64> {
        let chosen = self.project.as_ref().ok().map(|p| p.id);
        let mut out: Vec<u64> = Vec::new();
        let lookup = self.lookup.as_ref().map(|v| v.as_slice()).unwrap_or(&[]);
        for p in self.readme_projects.iter().chain(lookup) {
            if Some(p.id) != chosen && !out.contains(&p.id) {
                out.push(p.id);
            }
        }
        out
    }
}

pub const DEFAULT_BASE_URL: &str = "https://www.bestpractices.dev";
/// README badge ids asked about, at most (one request each).
pub const MAX_README_IDS: usize = 3;
/// Project ids asked for in one `GET /projects.json?ids=` request: the site's page size
/// (pagy's limit), so one page answers them all.
pub const MAX_IDS_PER_REQUEST: usize = 20;
/// Project answers and lookups kept in the in-run memo, at most (a run of the whole CNCF
/// landscape needs a few hundred; past this, records are read again rather than kept).
pub const MAX_MEMO_ENTRIES: usize = 10_000;
/// The site's documented limit: one request per second.
pub const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(1);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body read (a lookup page of full project records stays far below).
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// Redirect hops followed per request.
pub const MAX_REDIRECTS: usize = 5;
/// README excerpt length (a citation keeps at most 200 characters).
const EXCERPT_CHARS: usize = 200;
/// Justifications kept in evidence, in characters.
pub const MAX_JUSTIFICATION_CHARS: usize = 1000;
/// Hosts the badge site has answered from; redirects may go between them.
const BADGE_HOSTS: [&str; 4] = [
    "www.bestpractices.dev",
    "bestpractices.dev",
    "bestpractices.coreinfrastructure.org",
    "www.bestpractices.coreinfrastructure.org",
];

// --------------------------------------------------------------------- README links

/// Distinct README badge ids kept, at most. Only the first [`MAX_README_IDS`] are asked
/// about; the scan of the README files stops once this many ids were found, so a README of
/// thousands of badge links costs no more than one with a few.
pub const MAX_KEPT_README_IDS: usize = 20;

/// Badge links in the README(s) at the root of the tree: `bestpractices.dev/projects/N`
/// and the old `bestpractices.coreinfrastructure.org` host, with or without a locale prefix
/// (`/en/`, `/zh-CN/`, `/pt-BR/`). Each id once, in file then line order, at most
/// [`MAX_KEPT_README_IDS`] ids.
///
/// In a Markdown README, a link inside a fenced or indented code block or an inline code
/// span is example text (a tool's sample output, a snippet showing how to add a badge), not
/// the project's badge, and is skipped; links in HTML (`<a href>`, `<img src>`), Markdown
/// links and images, reference definitions and bare URLs count. Linear in the README size.
pub fn readme_badges(files: &FileSnapshot) -> Vec<ReadmeBadge> {
    let re = match regex::Regex::new(
        r"(?im)(?:^|[^a-z0-9.\-])(?:www\.)?bestpractices\.(?:dev|coreinfrastructure\.org)/(?:[a-z]{2,3}(?:[-_][a-z0-9]{2,4})?/)?projects/([1-9][0-9]{0,8})(?:[^0-9]|$)",
    ) {
        Ok(re) => re,
        Err(_) => return Vec::new(),
    };
    let mut out: Vec<ReadmeBadge> = Vec::new();
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut paths: Vec<&str> = files
        .find(|p| !p.contains('/') && p.starts_with("readme"))
        .collect();
    // README.md before README.zh-CN.md and friends.
    paths.sort_by_key(|p| (p.matches('.').count(), p.to_ascii_lowercase()));
    let mut scanned: std::collections::HashSet<*const crate::evidence::FileContent> =
        std::collections::HashSet::new();
    for path in paths {
        if out.len() >= MAX_KEPT_README_IDS {
            break;
        }
        let Some((_, content)) = files.text(path) else {
            continue;
        };
        // Paths naming the same blob share one content: each distinct content is read once.
        let ptr: *const crate::evidence::FileContent = content;
        if !scanned.insert(ptr) {
            continue;
        }
        let text = content.text.as_str();
        let code = if is_markdown(path) {
            markdown_code_ranges(text)
        } else {
            Vec::new()
        };
        let mut code = code.iter().peekable();
        let mut lines = LineCursor::new(text);
        for cap in re.captures_iter(text) {
            let Some(m) = cap.get(1) else {
                continue;
            };
            // Inside a code block or span? Both the ranges and the matches come in order.
            while code.peek().is_some_and(|r| r.end <= m.start()) {
                code.next();
            }
            if code.peek().is_some_and(|r| r.start <= m.start()) {
                continue;
            }
            let Ok(id) = m.as_str().parse::<u64>() else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            let at = cap.get(0).map_or(m.start(), |m0| m0.start());
            // The prefix character may be the newline before the link's line.
            let at = if text.as_bytes().get(at) == Some(&b'\n') {
                at + 1
            } else {
                at
            };
            let (number, line_start, line) = lines.line_at(at);
            out.push(ReadmeBadge {
                project_id: id,
                path: path.to_string(),
                line: number,
                excerpt: excerpt_around(line, at - line_start),
            });
            if out.len() >= MAX_KEPT_README_IDS {
                break;
            }
        }
    }
    out
}

/// A README that GitHub renders as Markdown.
fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Byte ranges of the code blocks (fenced and indented) and inline code spans of a Markdown
/// text, in order and not overlapping.
fn markdown_code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        if matches!(ev, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
            match out.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => out.push(range),
            }
        }
    }
    out
}

/// The lines of a text, walked forward to byte offsets that only grow: linear overall.
struct LineCursor<'a> {
    text: &'a str,
    /// 1-based number, start and end (exclusive, before the newline) of the current line.
    number: u32,
    start: usize,
    end: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        let end = text.find('\n').unwrap_or(text.len());
        LineCursor {
            text,
            number: 1,
            start: 0,
            end,
        }
    }

    /// Number, start offset and text (without `\r\n`) of the line holding byte `at`, which
    /// is never before the previous call's.
    fn line_at(&mut self, at: usize) -> (u32, usize, &'a str) {
        while at > self.end && self.end < self.text.len() {
            self.start = self.end + 1;
            self.end = self.text[self.start..]
                .find('\n')
                .map_or(self.text.len(), |i| self.start + i);
            self.number = self.number.saturating_add(1);
        }
        let line = &self.text[self.start..self.end];
        (
            self.number,
            self.start,
            line.strip_suffix('\r').unwrap_or(line),
        )
    }
}

/// Up to 200 characters of `line`, starting a little before `at` when the line is long
/// (badge lines in HTML READMEs often run past 200 characters before the link). Reads at
/// most a few hundred characters whatever the line's length.
fn excerpt_around(line: &str, at: usize) -> String {
    if line.chars().take(EXCERPT_CHARS + 1).count() <= EXCERPT_CHARS {
        return line.to_string();
    }
    let at = at.min(line.len());
    let at = (0..=at)
        .rev()
        .find(|i| line.is_char_boundary(*i))
        .unwrap_or(0);
    let start = line[..at]
        .char_indices()
        .rev()
        .take(40)
        .last()
        .map_or(at, |(i, _)| i);
    line[start..].chars().take(EXCERPT_CHARS).collect()
}

// --------------------------------------------------------------- URL helpers

/// `host/path` of a repository URL, lowercased, without scheme, `www.`, credentials,
/// `.git` or trailing `/`; `git@host:o/n` forms too. `None` for something that is not a URL.
pub fn normalize_repo_url(url: &str) -> Option<String> {
    let s = url.trim();
    let rest = if let Some((scheme, rest)) = s.split_once("://") {
        if !matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "git" | "ssh" | "git+https" | "git+ssh"
        ) {
            return None;
        }
        rest.to_string()
    } else if let Some((user_host, path)) = s.split_once(':') {
        // scp-like `git@github.com:o/n.git`
        if !user_host.contains('@') || path.starts_with('/') {
            return None;
        }
        format!("{user_host}/{path}")
    } else {
        return None;
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = match rest.split_once('/') {
        Some((host, path)) => {
            let host = host.rsplit('@').next().unwrap_or(host);
            let host = host.split(':').next().unwrap_or(host);
            format!("{host}/{path}")
        }
        None => rest.rsplit('@').next().unwrap_or(rest).to_string(),
    };
    let mut r = rest.to_ascii_lowercase();
    if let Some(x) = r.strip_prefix("www.") {
        r = x.to_string();
    }
    while r.ends_with('/') {
        r.pop();
    }
    if let Some(x) = r.strip_suffix(".git") {
        r = x.to_string();
    }
    while r.ends_with('/') {
        r.pop();
    }
    (!r.is_empty() && r.contains('/')).then_some(r)
}

/// True when two URLs name the same repository (see [`normalize_repo_url`]).
pub fn same_repository(a: &str, b: &str) -> bool {
    match (normalize_repo_url(a), normalize_repo_url(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Is `p` registered for `repo_url`? `Some(true)` when its `repo_url` or `homepage_url` is
/// that repository, `Some(false)` when its `repo_url` names another one, `None` when the
/// record has no `repo_url` to compare (a homepage elsewhere says nothing).
pub fn project_matches(p: &BadgeProject, repo_url: &str) -> Option<bool> {
    let same = |u: &Option<String>| u.as_deref().is_some_and(|u| same_repository(u, repo_url));
    if same(&p.repo_url) || same(&p.homepage_url) {
        Some(true)
    } else if p.repo_url.is_some() {
        Some(false)
    } else {
        None
    }
}

/// The project page on the badge site (English locale; the site redirects to the default
/// section).
pub fn project_html_url(base: &str, id: u64) -> String {
    format!("{}/en/projects/{id}", base.trim_end_matches('/'))
}

/// The URL of one criterion on the badge site, e.g.
/// `https://www.bestpractices.dev/en/projects/1/passing#vulnerability_report_process` or
/// `…/en/projects/1/baseline-1#osps_ac_01_01` (the page's row id is the criterion's internal
/// name: baseline JSON names `OSPS-AC-01.01` are `osps_ac_01_01` there).
pub fn criterion_url(base: &str, id: u64, section: &str, name: &str) -> String {
    let anchor: String = if name.starts_with("OSPS-") {
        name.to_ascii_lowercase().replace(['-', '.'], "_")
    } else {
        name.to_string()
    };
    format!(
        "{}/en/projects/{id}/{section}#{anchor}",
        base.trim_end_matches('/')
    )
}

/// The lookup URL for one form of the repository URL.
pub fn lookup_url(base: &str, repo_url: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // Encode as the site's own canonical query (Addressable, unreserved characters kept), so
    // the site does not answer with a redirect to the re-encoded query.
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    format!(
        "{}/projects.json?url={}",
        base.trim_end_matches('/'),
        utf8_percent_encode(repo_url, QUERY)
    )
}

/// The URL forms to look up, in order: as given (without `.git` and trailing `/`), and with
/// `.git`. No form with a trailing `/`: the site drops one trailing `/` before matching
/// (`Project.url_search`), so that form is the same question as the first.
pub fn lookup_variants(repo_url: &str) -> Vec<String> {
    let bare = repo_url.trim().trim_end_matches('/');
    let bare = bare.strip_suffix(".git").unwrap_or(bare);
    let mut out = Vec::new();
    for v in [bare.to_string(), format!("{bare}.git")] {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

// ----------------------------------------------------------------------- parsing

fn level_from_percentage(tiered: u32) -> &'static str {
    match tiered / 100 {
        0 => "in_progress",
        1 => "passing",
        2 => "silver",
        _ => "gold",
    }
}

fn baseline_from_percentage(tiered: u32) -> &'static str {
    match tiered / 100 {
        0 => "in_progress",
        1 => "baseline-1",
        2 => "baseline-2",
        _ => "baseline-3",
    }
}

const STATUSES: [&str; 4] = ["Met", "Unmet", "N/A", "?"];

/// One project record of the badge site's JSON. `Err` is a sentence saying what is wrong.
pub fn parse_project(
    v: &serde_json::Value,
    json_url: &str,
    base: &str,
) -> Result<BadgeProject, String> {
    let obj = v
        .as_object()
        .ok_or("the project record is not a JSON object")?;
    let id = obj
        .get("id")
        .and_then(serde_json::Value::as_u64)
        .ok_or("the project record has no numeric id")?;
    let text = |k: &str| {
        obj.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let percent = |k: &str| {
        obj.get(k)
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    let tiered_percentage = percent("tiered_percentage");
    let badge_level = text("badge_level")
        .filter(|l| matches!(l.as_str(), "in_progress" | "passing" | "silver" | "gold"))
        .or_else(|| tiered_percentage.map(|t| level_from_percentage(t).to_string()));
    let baseline_tiered_percentage = percent("baseline_tiered_percentage");
    let mut criteria = BTreeMap::new();
    for (k, val) in obj {
        let Some(name) = k.strip_suffix("_status") else {
            continue;
        };
        let Some(status) = val.as_str().filter(|s| STATUSES.contains(s)) else {
            continue;
        };
        let justification = obj
            .get(&format!("{name}_justification"))
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(MAX_JUSTIFICATION_CHARS).collect::<String>());
        criteria.insert(name.to_string(), (status.to_string(), justification));
    }
    Ok(BadgeProject {
        id,
        json_url: json_url.to_string(),
        html_url: project_html_url(base, id),
        name: text("name"),
        repo_url: text("repo_url"),
        homepage_url: text("homepage_url"),
        badge_level,
        tiered_percentage,
        baseline_level: baseline_tiered_percentage.map(|t| baseline_from_percentage(t).to_string()),
        baseline_tiered_percentage,
        criteria,
    })
}

// ------------------------------------------------------------------------ client

/// Settings of a [`BadgeClient`].
#[derive(Debug, Clone)]
pub struct BadgeConfig {
    /// `--bestpractices-url`.
    pub base_url: String,
    /// On-disk HTTP cache directory; `None` (`--no-cache`) disables it.
    pub cache_dir: Option<PathBuf>,
    /// Least time between two requests of everything sharing the client.
    pub min_interval: Duration,
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl BadgeConfig {
    pub fn new(base_url: &str, cache_dir: Option<PathBuf>) -> Self {
        BadgeConfig {
            base_url: base_url.to_string(),
            cache_dir,
            min_interval: DEFAULT_MIN_INTERVAL,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
}

/// A held request slot of the badge-site governor (see `BadgeClient::wait_turn`).
struct Turn<'a> {
    next: tokio::sync::MutexGuard<'a, Option<Instant>>,
    interval: Duration,
    /// A request was sent in this slot (an unused slot is handed on as it is).
    used: bool,
}

impl Drop for Turn<'_> {
    /// The request was answered, failed or was abandoned: the next one may go `interval`
    /// from now.
    fn drop(&mut self) {
        if self.used {
            *self.next = Some(Instant::now() + self.interval);
        }
    }
}

/// Project ids waiting for a request slot, the scans waiting for them, and the answers of
/// this run (the in-run memo).
#[derive(Debug, Default)]
struct Coalescer {
    /// Ids asked for and not yet sent, in the order they were first asked for.
    pending: Vec<u64>,
    /// Who waits for each pending or in-flight id.
    waiters: HashMap<u64, Vec<tokio::sync::oneshot::Sender<ProjectResult>>>,
    /// Answers (found or 404) already read in this run.
    memo: HashMap<u64, ProjectAnswer>,
}

type ProjectResult = Result<ProjectAnswer, Unavailable>;

impl Coalescer {
    /// Answers everyone waiting for `id`; a success is kept in the memo.
    fn answer(&mut self, id: u64, result: &ProjectResult) {
        if let Ok(a) = result {
            if self.memo.len() < MAX_MEMO_ENTRIES {
                self.memo.insert(id, a.clone());
            }
        }
        for tx in self.waiters.remove(&id).unwrap_or_default() {
            let _ = tx.send(result.clone());
        }
    }
}

/// Ids taken off the queue for one request; their waiters stay registered until answered.
/// Dropped with ids unanswered (the task sending the request was abandoned), those ids go
/// back to the front of the queue, so that their other waiters are not left hanging.
struct Claimed<'a> {
    coalescer: &'a std::sync::Mutex<Coalescer>,
    ids: Vec<u64>,
    unanswered: Vec<u64>,
}

impl Claimed<'_> {
    fn answer(&mut self, id: u64, result: &ProjectResult) {
        self.unanswered.retain(|i| *i != id);
        lock(self.coalescer).answer(id, result);
    }
}

impl Drop for Claimed<'_> {
    fn drop(&mut self) {
        if self.unanswered.is_empty() {
            return;
        }
        let mut c = lock(self.coalescer);
        let mut pending: Vec<u64> = self
            .unanswered
            .iter()
            .copied()
            .filter(|i| c.waiters.get(i).is_some_and(|w| !w.is_empty()))
            .collect();
        pending.append(&mut c.pending);
        c.pending = pending;
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

enum Claim<'a> {
    /// Answered meanwhile (the memo).
    Known(ProjectAnswer),
    /// In flight in another request.
    InFlight,
    Read(Claimed<'a>),
}

enum Step<'a> {
    Answered(Result<ProjectResult, tokio::sync::oneshot::error::RecvError>),
    Turn(Turn<'a>),
}

/// One client for all scans of a batch (`Send + Sync`; share it by reference or `Arc`):
/// at most one request per `min_interval` to the badge site across all of them, one cache.
#[derive(Debug)]
pub struct BadgeClient {
    pub base_url: String,
    pub cache_dir: Option<PathBuf>,
    http: reqwest::Client,
    min_interval: Duration,
    timeout: Duration,
    /// The earliest time the next request may be sent.
    next_slot: Mutex<Option<Instant>>,
    coalescer: std::sync::Mutex<Coalescer>,
    /// Lookup answers of this run by URL (the in-run memo of `/projects.json?url=`).
    lookups: std::sync::Mutex<HashMap<String, (String, Vec<BadgeProject>)>>,
    total_requests: AtomicU64,
    total_not_modified: AtomicU64,
    base_host: String,
}

impl BadgeClient {
    pub fn new(base_url: &str, cache_dir: Option<PathBuf>) -> Result<Self, crate::error::Error> {
        Self::with_config(BadgeConfig::new(base_url, cache_dir))
    }

    pub fn with_config(config: BadgeConfig) -> Result<Self, crate::error::Error> {
        let usage = |why: &str| {
            crate::error::Error::Usage(format!(
                "--bestpractices-url '{}' {why}",
                config.base_url.chars().take(200).collect::<String>()
            ))
        };
        let base_url = config.base_url.trim().trim_end_matches('/').to_string();
        let parsed = url::Url::parse(&base_url).map_err(|_| usage("is not a URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(usage("must be an http or https URL"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(usage("must not contain credentials"));
        }
        let base_host = parsed
            .host_str()
            .ok_or_else(|| usage("has no host"))?
            .to_ascii_lowercase();
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "tssa-probe/",
                env!("CARGO_PKG_VERSION"),
                " (+https://github.com/cncf/tag-security)"
            ))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| {
                crate::error::Error::Usage(format!(
                    "the HTTP client for the badge site could not be built: {e}"
                ))
            })?;
        Ok(BadgeClient {
            base_url,
            cache_dir: config.cache_dir,
            http,
            min_interval: config.min_interval,
            timeout: config.timeout,
            next_slot: Mutex::new(None),
            coalescer: std::sync::Mutex::new(Coalescer::default()),
            lookups: std::sync::Mutex::new(HashMap::new()),
            total_requests: AtomicU64::new(0),
            total_not_modified: AtomicU64::new(0),
            base_host,
        })
    }

    /// Requests sent by this client so far (all scans sharing it).
    pub fn total_requests(&self) -> u64 {
        self.total_requests.load(Ordering::Relaxed)
    }

    /// Of [`Self::total_requests`], those answered `304 Not Modified` (the disk cache's copy
    /// was confirmed).
    pub fn total_not_modified(&self) -> u64 {
        self.total_not_modified.load(Ordering::Relaxed)
    }

    /// Waits for this client's next request slot and holds it: concurrent callers queue
    /// in order. The caller sends its request while holding the turn and then drops it,
    /// so the next slot counts from when the request was answered, not
    /// from when it was meant to leave: a request delayed on its way (connection set-up,
    /// a loaded machine) cannot bunch up with the next one at the site.
    async fn wait_turn(&self) -> Turn<'_> {
        let next = self.next_slot.lock().await;
        if let Some(t) = *next {
            if t > Instant::now() {
                tokio::time::sleep_until(t).await;
            }
        }
        Turn {
            next,
            interval: self.min_interval,
            used: false,
        }
    }

    fn redirect_allowed(&self, from: &url::Url, to: &url::Url) -> bool {
        let scheme_ok = match (from.scheme(), to.scheme()) {
            ("https", s) => s == "https",
            ("http", s) => s == "http" || s == "https",
            _ => false,
        };
        let host = to.host_str().unwrap_or("").to_ascii_lowercase();
        scheme_ok && (host == self.base_host || BADGE_HOSTS.contains(&host.as_str()))
    }

    /// GET one JSON URL through the governor and the cache, following redirects.
    async fn get(&self, url: &str, stats: &mut Stats) -> Result<Fetched, Unavailable> {
        self.get_in(url, stats, None).await
    }

    /// [`Self::get`], the first request in `turn` when the caller already holds one.
    async fn get_in(
        &self,
        url: &str,
        stats: &mut Stats,
        mut turn: Option<Turn<'_>>,
    ) -> Result<Fetched, Unavailable> {
        let mut current = url::Url::parse(url)
            .map_err(|_| api_error(format!("the badge site URL {url} is not valid")))?;
        for _hop in 0..=MAX_REDIRECTS {
            let cached = self.cache_read(current.as_str());
            let mut req = self
                .http
                .get(current.clone())
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(c) = &cached {
                if let Some(etag) = &c.etag {
                    req = req.header(reqwest::header::IF_NONE_MATCH, etag);
                }
                if let Some(lm) = &c.last_modified {
                    req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
                }
            }
            let mut turn = match turn.take() {
                Some(t) => t,
                None => self.wait_turn().await,
            };
            turn.used = true;
            stats.requests += 1;
            self.total_requests.fetch_add(1, Ordering::Relaxed);
            let sent = req.send().await;
            drop(turn);
            let resp = sent.map_err(|e| self.transport_error(&e))?;
            let status = resp.status().as_u16();
            match status {
                200 => {
                    let etag = header(&resp, reqwest::header::ETAG);
                    let last_modified = header(&resp, reqwest::header::LAST_MODIFIED);
                    let body = read_capped(resp, self.timeout).await?;
                    if etag.is_some() || last_modified.is_some() {
                        if let Ok(text) = std::str::from_utf8(&body) {
                            self.cache_write(&CacheEntry {
                                url: current.to_string(),
                                etag,
                                last_modified,
                                body: text.to_string(),
                            });
                        }
                    }
                    return Ok(Fetched::Body {
                        url: current.to_string(),
                        body,
                    });
                }
                304 => {
                    return match cached {
                        Some(c) => {
                            stats.not_modified += 1;
                            self.total_not_modified.fetch_add(1, Ordering::Relaxed);
                            Ok(Fetched::Body {
                                url: current.to_string(),
                                body: c.body.into_bytes(),
                            })
                        }
                        None => Err(api_error(format!(
                            "the badge site answered 304 Not Modified for {current} without a cached copy"
                        ))),
                    };
                }
                301 | 302 | 303 | 307 | 308 => {
                    let Some(loc) = header(&resp, reqwest::header::LOCATION) else {
                        return Err(api_error(format!(
                            "the badge site answered HTTP {status} for {current} without a Location"
                        )));
                    };
                    let next = current.join(&loc).map_err(|_| {
                        api_error(format!(
                            "the badge site redirected {current} to an invalid location"
                        ))
                    })?;
                    if !self.redirect_allowed(&current, &next) {
                        return Err(api_error(format!(
                            "the badge site redirected {current} to {next}, which is not the badge site"
                        )));
                    }
                    current = next;
                }
                404 | 410 => {
                    return Ok(Fetched::NotFound {
                        url: current.to_string(),
                    });
                }
                429 => {
                    return Err(api_error(format!(
                        "the badge site rate-limited the request for {current} (HTTP 429)"
                    )));
                }
                _ => {
                    return Err(api_error(format!(
                        "the badge site answered HTTP {status} for {current}"
                    )));
                }
            }
        }
        Err(api_error(format!(
            "the badge site redirected {url} more than {MAX_REDIRECTS} times"
        )))
    }

    fn transport_error(&self, e: &reqwest::Error) -> Unavailable {
        // reqwest's Display may include the URL; it never includes a secret (no token is
        // sent to the badge site).
        if e.is_timeout() {
            api_error(format!(
                "the badge site did not answer within {} s",
                self.timeout.as_secs_f32()
            ))
        } else if e.is_connect() {
            api_error(format!(
                "the badge site {} could not be reached",
                self.base_url
            ))
        } else {
            api_error(format!("the request to the badge site failed: {e}"))
        }
    }

    /// The record of project `id`: from this run's memo, else from a request that asks for
    /// it together with the ids other scans are waiting for at the same time.
    ///
    /// Every waiting scan queues for the request slot; whoever holds it takes up to
    /// [`MAX_IDS_PER_REQUEST`] waiting ids (its own among them) and answers them all. A scan
    /// whose id was answered meanwhile leaves the queue without using a slot. Alone (a
    /// single scan), that is one `/projects/{id}.json` request, as before.
    async fn project(&self, id: u64, stats: &mut Stats) -> ProjectResult {
        loop {
            let mut rx = {
                let mut c = lock(&self.coalescer);
                if let Some(a) = c.memo.get(&id) {
                    return Ok(a.clone());
                }
                let (tx, rx) = tokio::sync::oneshot::channel();
                let w = c.waiters.entry(id).or_default();
                // Nobody waiting yet: neither queued nor in flight.
                let first = w.is_empty();
                w.push(tx);
                if first {
                    c.pending.push(id);
                }
                rx
            };
            loop {
                let step = tokio::select! {
                    biased;
                    r = &mut rx => Step::Answered(r),
                    t = self.wait_turn() => Step::Turn(t),
                };
                match step {
                    Step::Answered(Ok(r)) => return r,
                    // Cannot happen (senders are only dropped after sending); ask again.
                    Step::Answered(Err(_)) => break,
                    Step::Turn(turn) => match self.claim(id) {
                        Claim::Known(a) => return Ok(a),
                        Claim::InFlight => {
                            // In a request that holds no slot any more (a redirect hop, a
                            // one-by-one read after a bulk answer): wait for it.
                            drop(turn);
                            match (&mut rx).await {
                                Ok(r) => return r,
                                Err(_) => break,
                            }
                        }
                        Claim::Read(claimed) => self.read_claimed(claimed, turn, stats).await,
                    },
                }
            }
        }
    }

    /// Takes `id` and up to [`MAX_IDS_PER_REQUEST`] − 1 other waiting ids off the queue.
    fn claim(&self, id: u64) -> Claim<'_> {
        let mut c = lock(&self.coalescer);
        if let Some(a) = c.memo.get(&id) {
            return Claim::Known(a.clone());
        }
        let Some(at) = c.pending.iter().position(|x| *x == id) else {
            return Claim::InFlight;
        };
        c.pending.remove(at);
        let mut ids = vec![id];
        let take = c.pending.len().min(MAX_IDS_PER_REQUEST - 1);
        ids.extend(c.pending.drain(..take));
        Claim::Read(Claimed {
            coalescer: &self.coalescer,
            unanswered: ids.clone(),
            ids,
        })
    }

    /// Reads the claimed ids (the first request in `turn`) and answers their waiters.
    /// Ids a bulk answer leaves out are read one by one, so that a stale link is a 404 of
    /// its own URL.
    async fn read_claimed(&self, mut claimed: Claimed<'_>, turn: Turn<'_>, stats: &mut Stats) {
        if let [only] = claimed.ids[..] {
            let r = self.project_once(only, stats, Some(turn)).await;
            claimed.answer(only, &r);
            return;
        }
        match self.bulk(&claimed.ids, stats, turn).await {
            Err(e) => {
                for i in claimed.ids.clone() {
                    claimed.answer(i, &Err(e.clone()));
                }
            }
            Ok(mut found) => {
                // Answer every id found before the one-by-one reads of the others.
                let mut missing = Vec::new();
                for i in claimed.ids.clone() {
                    match found.remove(&i) {
                        Some(p) => claimed.answer(i, &Ok(ProjectAnswer::Found(p))),
                        None => missing.push(i),
                    }
                }
                for i in missing {
                    let r = self.project_once(i, stats, None).await;
                    claimed.answer(i, &r);
                }
            }
        }
    }

    /// `/projects.json?ids=...` in `turn`: the records by id. Each is cited as its own
    /// `/projects/{id}.json`, which the site renders from the same `_project` partial.
    async fn bulk(
        &self,
        ids: &[u64],
        stats: &mut Stats,
        turn: Turn<'_>,
    ) -> Result<HashMap<u64, BadgeProject>, Unavailable> {
        let list: Vec<String> = ids.iter().map(u64::to_string).collect();
        let url = format!("{}/projects.json?ids={}", self.base_url, list.join(","));
        match self.get_in(&url, stats, Some(turn)).await? {
            Fetched::NotFound { url } => Err(api_error(format!(
                "the badge site answered 404 for the bulk read {url}"
            ))),
            Fetched::Body { url, body } => {
                let v: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
                    api_error(format!("the badge site sent malformed JSON for {url}"))
                })?;
                let arr = v.as_array().ok_or_else(|| {
                    api_error(format!(
                        "the badge site's answer to {url} is not a JSON array"
                    ))
                })?;
                let mut out = HashMap::new();
                for item in arr {
                    // A record not asked for (a site that ignored `ids=`) is not used.
                    let Some(id) = item
                        .get("id")
                        .and_then(serde_json::Value::as_u64)
                        .filter(|i| ids.contains(i))
                    else {
                        continue;
                    };
                    let json_url = format!("{}/projects/{id}.json", self.base_url);
                    let p = parse_project(item, &json_url, &self.base_url)
                        .map_err(|why| api_error(format!("{url}: {why}")))?;
                    out.insert(id, p);
                }
                Ok(out)
            }
        }
    }

    /// `/projects/{id}.json`.
    async fn project_once(
        &self,
        id: u64,
        stats: &mut Stats,
        turn: Option<Turn<'_>>,
    ) -> ProjectResult {
        let url = format!("{}/projects/{id}.json", self.base_url);
        match self.get_in(&url, stats, turn).await? {
            Fetched::NotFound { url } => Ok(ProjectAnswer::NotFound(UnknownId {
                project_id: id,
                url,
            })),
            Fetched::Body { url, body } => {
                let v: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
                    api_error(format!("the badge site sent malformed JSON for {url}"))
                })?;
                parse_project(&v, &url, &self.base_url)
                    .map(ProjectAnswer::Found)
                    .map_err(|why| api_error(format!("{url}: {why}")))
            }
        }
    }

    /// `/projects.json?url=` for one URL form, from this run's memo when it was asked
    /// already.
    async fn lookup_once(
        &self,
        url: &str,
        stats: &mut Stats,
    ) -> Result<(String, Vec<BadgeProject>), Unavailable> {
        let memo = |m: &std::sync::Mutex<HashMap<String, (String, Vec<BadgeProject>)>>| {
            m.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(url)
                .cloned()
        };
        if let Some(hit) = memo(&self.lookups) {
            return Ok(hit);
        }
        let answer = self.lookup_uncached(url, stats).await?;
        let mut m = self
            .lookups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if m.len() < MAX_MEMO_ENTRIES {
            m.insert(url.to_string(), answer.clone());
        }
        Ok(answer)
    }

    async fn lookup_uncached(
        &self,
        url: &str,
        stats: &mut Stats,
    ) -> Result<(String, Vec<BadgeProject>), Unavailable> {
        match self.get(url, stats).await? {
            Fetched::NotFound { url } => Err(api_error(format!(
                "the badge site answered 404 for the lookup {url}"
            ))),
            Fetched::Body { url, body } => {
                let v: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
                    api_error(format!("the badge site sent malformed JSON for {url}"))
                })?;
                let arr = v.as_array().ok_or_else(|| {
                    api_error(format!(
                        "the badge site's answer to {url} is not a JSON array"
                    ))
                })?;
                let mut out = Vec::new();
                for item in arr {
                    let id = item.get("id").and_then(serde_json::Value::as_u64);
                    let json_url = match id {
                        Some(id) => format!("{}/projects/{id}.json", self.base_url),
                        None => url.clone(),
                    };
                    let mut p = parse_project(item, &json_url, &self.base_url)
                        .map_err(|why| api_error(format!("{url}: {why}")))?;
                    // Cite what was read: the lookup answer.
                    p.json_url = url.clone();
                    out.push(p);
                }
                Ok((url, out))
            }
        }
    }

    // ---------------------------------------------------------------- cache

    fn cache_path(&self, url: &str) -> Option<PathBuf> {
        self.cache_dir
            .as_ref()
            .map(|d| d.join(format!("{:016x}.json", fnv1a64(url.as_bytes()))))
    }

    fn cache_read(&self, url: &str) -> Option<CacheEntry> {
        let path = self.cache_path(url)?;
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_BODY as u64 * 2 {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let entry: CacheEntry = serde_json::from_slice(&bytes).ok()?;
        // The file name is a hash; the entry names its URL.
        (entry.url == url && (entry.etag.is_some() || entry.last_modified.is_some()))
            .then_some(entry)
    }

    /// Best effort: a cache that cannot be written never fails a scan.
    fn cache_write(&self, entry: &CacheEntry) {
        let (Some(dir), Some(path)) = (self.cache_dir.as_ref(), self.cache_path(&entry.url)) else {
            return;
        };
        let Ok(bytes) = serde_json::to_vec(entry) else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let _ = crate::fsutil::write_atomic(&path, ".tmp-", &bytes, false);
    }
}

/// The site's answer for one project id.
#[derive(Debug, Clone)]
enum ProjectAnswer {
    Found(BadgeProject),
    NotFound(UnknownId),
}

enum Fetched {
    Body { url: String, body: Vec<u8> },
    NotFound { url: String },
}

#[derive(Debug, Default)]
struct Stats {
    requests: u64,
    not_modified: u64,
}

/// One cached response. The site's JSON is sent with `Cache-Control: no-store`, aimed at
/// GitHub's image proxy (see its `cache_on_cdn`); this cache only reuses a body after the site
/// confirms it with `304 Not Modified`, so nothing stale is ever reported.
#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    body: String,
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn header(resp: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn api_error(detail: String) -> Unavailable {
    Unavailable::new(Reason::ApiError, detail)
}

async fn read_capped(
    mut resp: reqwest::Response,
    timeout: Duration,
) -> Result<Vec<u8>, Unavailable> {
    let url = resp.url().to_string();
    let mut body: Vec<u8> = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    return Err(api_error(format!(
                        "the badge site's answer for {url} is larger than {} MiB",
                        MAX_BODY / (1024 * 1024)
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => {
                return Err(api_error(format!(
                    "the badge site did not finish answering {url} within {} s",
                    timeout.as_secs_f32()
                )));
            }
            Err(_) => {
                return Err(api_error(format!(
                    "the badge site's answer for {url} was cut off"
                )));
            }
        }
    }
}

// --------------------------------------------------------------------- collector

/// Asks the badge site about the README's badge ids, else looks the repository URL up.
///
/// 1. Each README id (at most [`MAX_README_IDS`]): `/projects/{id}.json`. The first whose
///    `repo_url` (or `homepage_url`) is this repository is the project; 404s are stale links.
/// 2. Otherwise `/projects.json?url=` with the URL as given, then with `.git`, stopping at
///    the first non-empty answer; the match whose `repo_url` is this
///    repository wins, else one whose `homepage_url` is, else the first.
/// 3. Otherwise a README id the site knows for another repository is reported as such.
///
/// A failing site stops the collection (no further requests); nothing here panics.
pub async fn collect(
    client: &BadgeClient,
    readme: Vec<ReadmeBadge>,
    repo_url: Option<&str>,
) -> BadgeEvidence {
    let mut stats = Stats::default();
    let mut ev = BadgeEvidence::unavailable(Unavailable::new(
        Reason::NotCollected,
        "the badge site lookup by URL was not needed",
    ));
    ev.readme = readme;
    ev.base_url = client.base_url.clone();
    ev.repo_url = repo_url.map(str::to_string);

    let mut failure: Option<Unavailable> = None;
    let ids: Vec<u64> = ev
        .readme
        .iter()
        .map(|b| b.project_id)
        .take(MAX_README_IDS)
        .collect();
    for id in ids {
        match client.project(id, &mut stats).await {
            Ok(ProjectAnswer::Found(p)) => {
                // Accepted unless the site says it belongs to another repository.
                let matches = repo_url.is_none_or(|r| project_matches(&p, r) != Some(false));
                ev.readme_projects.push(p);
                if matches {
                    break;
                }
            }
            Ok(ProjectAnswer::NotFound(u)) => {
                ev.readme_id_unknown = true;
                ev.readme_unknown.push(u);
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let readme_match = ev
        .readme_projects
        .iter()
        .find(|p| repo_url.is_none_or(|r| project_matches(p, r) != Some(false)))
        .cloned();
    if let Some(p) = readme_match {
        ev.project = Ok(p);
        ev.source = Some(BadgeSource::Readme);
        return finish(ev, stats);
    }
    if let Some(e) = failure {
        // Do not keep asking a site that is failing or rate-limiting us.
        ev.lookup = Err(Unavailable::new(
            e.reason,
            format!("not asked after an earlier failure: {}", e.detail),
        ));
        ev.project = match ev.readme_projects.first() {
            Some(p) => {
                ev.source = Some(BadgeSource::Readme);
                Ok(p.clone())
            }
            None => Err(e),
        };
        return finish(ev, stats);
    }

    ev.lookup = match repo_url {
        None => Err(Unavailable::new(
            Reason::NotCollected,
            "the repository has no URL to look up on the badge site",
        )),
        Some(r) => {
            let mut result: Observed<Vec<BadgeProject>> = Ok(Vec::new());
            for variant in lookup_variants(r) {
                let url = lookup_url(&client.base_url, &variant);
                ev.lookup_urls.push(url.clone());
                ev.lookup_url = Some(url.clone());
                match client.lookup_once(&url, &mut stats).await {
                    Ok((read_url, found)) => {
                        if !found.is_empty() {
                            ev.lookup_url = Some(read_url);
                            result = Ok(found);
                            break;
                        }
                    }
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            result
        }
    };
    let best = match (&ev.lookup, repo_url) {
        (Ok(found), Some(r)) => found
            .iter()
            .find(|p| p.repo_url.as_deref().is_some_and(|u| same_repository(u, r)))
            .or_else(|| {
                found.iter().find(|p| {
                    p.homepage_url
                        .as_deref()
                        .is_some_and(|u| same_repository(u, r))
                })
            })
            .or_else(|| found.first())
            .cloned(),
        _ => None,
    };
    ev.project = match (best, ev.readme_projects.first()) {
        (Some(p), _) => {
            ev.source = Some(BadgeSource::ApiLookup);
            Ok(p)
        }
        (None, Some(p)) => {
            ev.source = Some(BadgeSource::Readme);
            Ok(p.clone())
        }
        (None, None) => match &ev.lookup {
            Ok(_) if ev.readme_id_unknown => Err(Unavailable::new(
                Reason::NotFound,
                "the badge site does not know the project id linked from the README, and lists no project for this repository's URL",
            )),
            Ok(_) => Err(Unavailable::new(
                Reason::NotFound,
                "the badge site lists no project for this repository's URL",
            )),
            Err(e) => Err(e.clone()),
        },
    };
    finish(ev, stats)
}

fn finish(mut ev: BadgeEvidence, stats: Stats) -> BadgeEvidence {
    ev.requests = stats.requests;
    ev.not_modified = stats.not_modified;
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_repository_urls() {
        let n = |s: &str| normalize_repo_url(s);
        assert_eq!(
            n("https://github.com/O/N.git/").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(
            n("http://www.github.com/o/n").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(
            n("git@github.com:o/n.git").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(
            n("https://user@github.com:443/o/n#x").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(n("not a url"), None);
        assert_eq!(n("https://github.com"), None);
        assert!(same_repository(
            "https://github.com/o/n",
            "https://github.com/o/n.git"
        ));
        assert!(!same_repository(
            "https://github.com/o/n",
            "https://github.com/o/n2"
        ));
        assert!(!same_repository(
            "https://gitlab.com/o/n",
            "https://github.com/o/n"
        ));
    }

    #[test]
    fn lookup_urls_are_encoded_like_the_site_canonical_query() {
        assert_eq!(
            lookup_url(
                "https://www.bestpractices.dev/",
                "https://github.com/o/n.git"
            ),
            "https://www.bestpractices.dev/projects.json?url=https%3A%2F%2Fgithub.com%2Fo%2Fn.git"
        );
        assert_eq!(
            lookup_variants("https://github.com/o/n.git/"),
            vec![
                "https://github.com/o/n".to_string(),
                "https://github.com/o/n.git".to_string(),
            ]
        );
    }

    #[test]
    fn criterion_urls_use_the_section_and_the_internal_name() {
        assert_eq!(
            criterion_url(
                "https://www.bestpractices.dev",
                1,
                "passing",
                "vulnerability_report_process"
            ),
            "https://www.bestpractices.dev/en/projects/1/passing#vulnerability_report_process"
        );
        assert_eq!(
            criterion_url(
                "https://www.bestpractices.dev",
                1,
                "baseline-1",
                "OSPS-AC-01.01"
            ),
            "https://www.bestpractices.dev/en/projects/1/baseline-1#osps_ac_01_01"
        );
    }

    #[test]
    fn levels_follow_the_tiered_percentages() {
        let p = |v: serde_json::Value| parse_project(&v, "u", "https://b").unwrap();
        let x = p(
            serde_json::json!({"id": 5, "tiered_percentage": 140, "baseline_tiered_percentage": 57}),
        );
        assert_eq!(x.badge_level.as_deref(), Some("passing"));
        assert_eq!(x.baseline_level.as_deref(), Some("in_progress"));
        let x = p(
            serde_json::json!({"id": 5, "tiered_percentage": 300, "badge_level": "gold", "baseline_tiered_percentage": 200}),
        );
        assert_eq!(x.badge_level.as_deref(), Some("gold"));
        assert_eq!(x.baseline_level.as_deref(), Some("baseline-2"));
        let x = p(serde_json::json!({"id": 5}));
        assert_eq!(x.badge_level, None);
        assert_eq!(x.baseline_level, None);
        assert!(parse_project(&serde_json::json!([1]), "u", "b").is_err());
        assert!(parse_project(&serde_json::json!({"id": "x"}), "u", "b").is_err());
    }
}
