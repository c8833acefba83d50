//! `tssa-probe batch`: many repositories, one report each, plus a summary.
//!
//! The list (a text file, a CNCF `landscape.yml` or a CLOMonitor data file) is read and
//! deduplicated ([`list`]), optionally cut to one shard, and the repositories whose report
//! is already complete in the output directory are skipped with `--resume` ([`store`]).
//! Up to `--jobs` scans run at once over ONE pair of clients ([`Clients`]): the GitHub
//! client's rate-limit governor and the badge site's 1 request/second governor are shared,
//! so the jobs together never exceed either limit, and an exhausted GitHub budget pauses
//! every job until the reset instead of failing repositories. Each report is written
//! atomically as soon as its scan ends; `summary.csv` and `summary.md` ([`summary`]) are
//! written at the end, also after Ctrl-C.

pub mod landscape;
pub mod list;
pub mod progress;
pub mod store;
pub mod summary;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Args;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::error::{Error, exit};
use crate::options::{ClientLimits, CommonArgs};
use crate::scan::{self, Clients, ScanOptions};
use crate::terminal::escape;

pub use list::{Entry, InputKind, InputList, InputOptions, Shard};
pub use progress::Observer;
pub use summary::{KeyFacts, Row, RunInfo, Status};

/// Exit code when Ctrl-C stopped the batch (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Most jobs allowed (GitHub allows 100 concurrent requests per token).
pub const MAX_JOBS: usize = 64;

const BATCH_AFTER_HELP: &str = "\
Input: a text file (one owner/name, GitHub URL or local path per line; `#` comments; local \
paths start with ./ ../ / or ~/ and are resolved against the current directory), a CNCF \
landscape.yml (items' repo_url), or a CLOMonitor data file (data/cncf.yaml: repositories \
with the `code` check set). `-` reads the list from standard input. Duplicates are removed.

Output: DIR/<owner>/<name>.json (and .md with --format md), local repositories under \
DIR/_local/<dir>-<hash>, written atomically as each scan ends; DIR/summary.csv, \
DIR/summary.md and DIR/index.html (the landscape page: repositories × probes, sortable, \
with a filter, self-contained) at the end (also after Ctrl-C). With --shard the summary covers that shard.

Exit codes: 0 every repository has a report; 3 at least one repository failed (its row in \
the summary says why, e.g. its scan passed --scan-timeout plus 30 s; the others were written); 2 usage error or unwritable DIR; 4 the \
token was refused (the batch stops at once); 5 every scan failed because the network or API \
failed; 6 every repository has a report, but a probe failed internally in at least one (a bug: \
that probe is unknown, reason internal_error); 130 interrupted by Ctrl-C (reports written so far are \
kept: rerun with --resume).";

#[derive(Debug, Clone, Args)]
#[command(after_help = BATCH_AFTER_HELP)]
pub struct BatchArgs {
    /// A text file (one owner/name, URL or path per line, `#` comments), a landscape.yml, or a CLOMonitor data file; `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where reports and the summary go.
    #[arg(long, value_name = "DIR", default_value = "tssa-reports")]
    pub out_dir: PathBuf,
    /// Repositories scanned at once (1-64).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub jobs: usize,
    /// Skip repositories whose report is already complete in --out-dir (a JSON report of the current schema_version); failed ones are retried.
    #[arg(long)]
    pub resume: bool,
    /// Take every N-th repository starting at position I (0-based, after duplicates are removed): `I/N`, e.g. one shard per machine of an indexed job.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Report files to write besides the summary: `json`, or `md` for JSON and Markdown.
    #[arg(long, value_enum, default_value_t = BatchFormat::Json)]
    pub format: BatchFormat,
    /// landscape.yml / CLOMonitor only: keep projects of these maturities (comma-separated: graduated, incubating, sandbox, archived).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub maturity: Vec<String>,
    /// landscape.yml: also scan items' additional_repos; CLOMonitor: also repositories without the `code` check set.
    #[arg(long)]
    pub all_repos: bool,
    /// Longest wait, in seconds, for the GitHub rate limit to reset when it runs out (the primary limit resets hourly); past it, the evidence is reported unknown (rate_limited).
    #[arg(long, value_name = "SECONDS", default_value_t = 3900)]
    pub max_rate_wait: u64,
    /// Least time between two requests to the badge site, in milliseconds (the site asks for 1 request/second).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub bestpractices_interval_ms: u64,
    #[command(flatten)]
    pub common: CommonArgs,
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    s.parse()
}

/// Report files of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchFormat {
    /// `<name>.json` (the contract's JSON report).
    Json,
    /// `<name>.json` and `<name>.md` (the self-assessment in Markdown).
    Md,
}

/// Options of a batch run (the library's view of [`BatchArgs`]).
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub out_dir: PathBuf,
    pub jobs: usize,
    pub resume: bool,
    pub shard: Option<Shard>,
    /// Also write `<name>.md`.
    pub markdown: bool,
    pub scan: ScanOptions,
    /// For the summary: the input's name and kind.
    pub input_name: String,
    pub input_kind: InputKind,
}

/// How long the scans running at the first Ctrl-C may take to finish (and write their
/// reports) before they are abandoned.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(10);

/// Ctrl-C, or a test's stand-in: the first trigger stops starting scans, gives the running
/// ones [`INTERRUPT_GRACE`] to finish, then abandons them (their git reader processes are
/// killed) and writes the summary; the second (Ctrl-C only) ends the process at once.
#[derive(Debug, Default)]
pub struct Interrupt {
    count: AtomicUsize,
    notify: Notify,
}

impl Interrupt {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn trigger(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
        self.notify.notify_one();
    }

    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    async fn next(&self) {
        self.notify.notified().await;
    }
}

/// What a batch did.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    /// One row per repository of the (sharded) list, in list order.
    pub rows: Vec<Row>,
    pub interrupted: bool,
    /// Set when the batch stopped early for every repository (token refused, output
    /// directory unwritable), with the exit code of that error.
    pub stopped: Option<(String, u8)>,
    pub elapsed: Duration,
    /// Requests sent to the badge site in this run, and how many were answered `304 Not
    /// Modified` (the disk cache's copy confirmed).
    pub badge_requests: u64,
    pub badge_not_modified: u64,
}

impl BatchOutcome {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// Repositories scanned in this run.
    pub fn scanned(&self) -> usize {
        self.count(Status::Scanned)
    }

    /// The documented exit code (see `tssa-probe batch --help`).
    pub fn exit_code(&self) -> u8 {
        if let Some((_, code)) = &self.stopped {
            return *code;
        }
        if self.interrupted {
            return EXIT_INTERRUPTED;
        }
        let failed: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| r.status == Status::Failed)
            .collect();
        if failed.is_empty() {
            let internal = self.rows.iter().any(|r| {
                r.facts.as_ref().is_some_and(|k| {
                    k.outcomes
                        .iter()
                        .flatten()
                        .any(|(_, reason)| *reason == Some(crate::model::Reason::InternalError))
                })
            });
            return if internal { exit::INTERNAL } else { exit::OK };
        }
        let any_ok = self.rows.iter().any(|r| r.status.ok());
        if !any_ok && failed.iter().all(|r| r.error_code == Some(exit::NETWORK)) {
            return exit::NETWORK;
        }
        exit::REPO_NOT_FOUND
    }
}

/// Builds the clients a batch shares: the GitHub client waits up to `max_rate_wait` for a
/// rate-limit reset and keeps at most `4 × jobs` requests in flight (GitHub's secondary
/// limits punish bursts); the badge client spaces its requests by `badge_interval`.
pub fn batch_clients(
    common: &CommonArgs,
    jobs: usize,
    max_rate_wait: Duration,
    badge_interval: Duration,
) -> Result<Clients, Error> {
    common.clients(ClientLimits {
        max_concurrency: Some((jobs.max(1) * 4).min(64)),
        max_rate_wait: Some(max_rate_wait),
        badge_interval: Some(badge_interval),
    })
}

/// `tssa-probe batch`: returns the exit code.
pub async fn run(args: BatchArgs) -> Result<u8, Error> {
    if args.jobs == 0 || args.jobs > MAX_JOBS {
        return Err(Error::Usage(format!(
            "--jobs must be between 1 and {MAX_JOBS}"
        )));
    }
    let list = list::load(
        &args.file,
        &InputOptions {
            maturity: args
                .maturity
                .iter()
                .map(|m| m.trim().to_ascii_lowercase())
                .filter(|m| !m.is_empty())
                .collect(),
            all_repos: args.all_repos,
        },
    )?;
    let observer = progress::for_stderr();
    report_list_notes(&list, observer.as_ref());
    if args.badge_interval_too_short() {
        return Err(Error::Usage(
            "the badge site interval must be at least 1 ms".into(),
        ));
    }
    let clients = Arc::new(batch_clients(
        &args.common,
        args.jobs,
        Duration::from_secs(args.max_rate_wait),
        Duration::from_millis(args.bestpractices_interval_ms),
    )?);
    let github_entries = list
        .entries
        .iter()
        .filter(|e| matches!(e.target, crate::input::Target::Github(_)))
        .count();
    if args.common.offline && github_entries == list.entries.len() {
        return Err(Error::Usage(
            "--offline forbids the API, and every repository in the list is on GitHub: clone them and list the clones' paths"
                .into(),
        ));
    }
    if github_entries > 0 && !args.common.offline && !clients.github.authenticated() {
        observer.note(&format!(
            "warning: no GITHUB_TOKEN or GH_TOKEN: the GitHub API allows 60 anonymous requests per hour, so {github_entries} repositories will take hours (each needs about 8 requests)"
        ));
    }
    let opts = BatchOptions {
        out_dir: args.out_dir.clone(),
        jobs: args.jobs,
        resume: args.resume,
        shard: args.shard,
        markdown: args.format == BatchFormat::Md,
        scan: args.common.scan_options(),
        input_name: args.file.display().to_string(),
        input_kind: list.kind,
    };
    let interrupt = Interrupt::new();
    let watcher = {
        let interrupt = Arc::clone(&interrupt);
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                interrupt.trigger();
                crate::evidence::git::isolate::kill_children();
                if interrupt.count() >= 2 {
                    eprintln!(
                        "Interrupted again: exiting at once (the summary may be incomplete)."
                    );
                    std::process::exit(i32::from(EXIT_INTERRUPTED));
                }
            }
        })
    };
    let outcome = run_batch(list.entries, &opts, clients, observer.as_ref(), &interrupt).await;
    watcher.abort();
    let outcome = outcome?;
    let code = outcome.exit_code();
    let failed = outcome.count(Status::Failed);
    let not_scanned = outcome.count(Status::NotScanned);
    let summary = opts.out_dir.join("summary.md");
    let mut msg = format!(
        "{} scanned in {}, {} from an earlier run, {failed} failed{}; summary: {}",
        outcome.scanned(),
        human_duration(outcome.elapsed),
        outcome.count(Status::Resumed),
        if not_scanned > 0 {
            format!(", {not_scanned} not scanned")
        } else {
            String::new()
        },
        summary.display()
    );
    if let Some(sh) = opts.shard {
        msg.push_str(&format!(" (shard {sh} only)"));
    }
    msg.push_str(&format!("; {}", badge_line(&outcome)));
    // The reasons and paths quote the list and the repositories: escaped for the terminal.
    let msg = escape(&msg);
    if let Some((why, _)) = &outcome.stopped {
        eprintln!("error: the batch stopped early: {}", escape(why));
    } else if outcome.interrupted {
        eprintln!("Interrupted: {msg}. Run the same command with --resume to scan the rest.");
    } else {
        eprintln!("Done: {msg}.");
    }
    Ok(code)
}

/// `badge site: 19 requests (0.06 per repository), 3 answered 304 Not Modified`.
pub fn badge_line(outcome: &BatchOutcome) -> String {
    let scanned = outcome.scanned();
    let per = if scanned > 0 {
        format!(
            " ({:.2} per repository scanned)",
            outcome.badge_requests as f64 / scanned as f64
        )
    } else {
        String::new()
    };
    format!(
        "badge site: {} request{}{per}, {} answered 304 Not Modified",
        outcome.badge_requests,
        if outcome.badge_requests == 1 { "" } else { "s" },
        outcome.badge_not_modified
    )
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

impl BatchArgs {
    fn badge_interval_too_short(&self) -> bool {
        self.bestpractices_interval_ms == 0
    }
}

fn report_list_notes(list: &InputList, observer: &dyn Observer) {
    if list.duplicates > 0 {
        observer.note(&format!(
            "{} duplicate {} removed (same owner/name or path)",
            list.duplicates,
            if list.duplicates == 1 {
                "entry"
            } else {
                "entries"
            }
        ));
    }
    if !list.not_github.is_empty() {
        let shown: Vec<&str> = list.not_github.iter().take(5).map(String::as_str).collect();
        observer.note(&format!(
            "{} repositories are not on GitHub and are skipped: {}{}",
            list.not_github.len(),
            shown.join(", "),
            if list.not_github.len() > 5 {
                ", …"
            } else {
                ""
            }
        ));
    }
}

/// Scans `entries` (already deduplicated; `opts.shard` is applied here) and writes every
/// report and the summary into `opts.out_dir`. Failures of single repositories become
/// rows; only an unusable output directory is an `Err`.
pub async fn run_batch(
    entries: Vec<Entry>,
    opts: &BatchOptions,
    clients: Arc<Clients>,
    observer: &dyn Observer,
    interrupt: &Interrupt,
) -> Result<BatchOutcome, Error> {
    let started = Instant::now();
    let badge_before = (
        clients.badge.total_requests(),
        clients.badge.total_not_modified(),
    );
    let total_entries = entries.len();
    let entries = match opts.shard {
        Some(sh) => sh.select(entries),
        None => entries,
    };
    std::fs::create_dir_all(&opts.out_dir).map_err(|e| {
        Error::Output(format!(
            "cannot create the output directory {}: {e}",
            opts.out_dir.display()
        ))
    })?;
    let jobs = opts.jobs.clamp(1, MAX_JOBS);

    // Rows for every entry; complete reports are taken as they are with --resume.
    let mut rows: Vec<Option<Row>> = vec![None; entries.len()];
    let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for (i, e) in entries.iter().enumerate() {
        let done = if opts.resume {
            store::complete_report(&opts.out_dir, e)
        } else {
            None
        };
        match done {
            Some(report) => {
                let mut md = None;
                if opts.markdown {
                    if !store::has_markdown(&opts.out_dir, e) {
                        store::write_markdown(&opts.out_dir, e, &report)?;
                    }
                    md = Some(store::relative(&e.stem, "md"));
                } else if store::has_markdown(&opts.out_dir, e) {
                    md = Some(store::relative(&e.stem, "md"));
                }
                rows[i] = Some(Row {
                    json: Some(store::relative(&e.stem, "json")),
                    md,
                    facts: Some(KeyFacts::of(&report)),
                    ..Row::new(i, e.clone(), Status::Resumed)
                });
            }
            None => queue.push_back(i),
        }
    }
    let already = entries.len() - queue.len();
    observer.start(entries.len(), already, jobs);
    if already > 0 {
        observer.note(&format!(
            "--resume: {already} of {} repositories already have a complete report in {}",
            entries.len(),
            opts.out_dir.display()
        ));
    }

    let entries = Arc::new(entries);
    let ctx = Arc::new(JobContext {
        out_dir: opts.out_dir.clone(),
        markdown: opts.markdown,
        scan: opts.scan.clone(),
    });
    let mut set: JoinSet<(Row, bool)> = JoinSet::new();
    let mut running: HashMap<tokio::task::Id, usize> = HashMap::new();
    let mut stopping = false;
    let mut interrupted = false;
    let mut stopped: Option<(String, u8)> = None;
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut handled = 0usize;
    // After the first Ctrl-C: when the running scans are abandoned if still running.
    let mut abandon_at: Option<tokio::time::Instant> = None;
    loop {
        // Ctrl-C is acted on before anything new starts.
        let count = interrupt.count();
        if count > handled {
            handled = count;
            interrupted = true;
            if !set.is_empty() {
                observer.note(&format!(
                    "Interrupted: no new scans; the {} running ones have {} s to finish, then the summary is written (Ctrl-C again to exit at once)",
                    set.len(),
                    INTERRUPT_GRACE.as_secs()
                ));
            }
            abandon_at.get_or_insert(tokio::time::Instant::now() + INTERRUPT_GRACE);
            stopping = true;
        }
        if abandon_at.is_some_and(|t| tokio::time::Instant::now() >= t) && !set.is_empty() {
            // A scan stuck past the grace is abandoned; its git reader is killed.
            set.abort_all();
            crate::evidence::git::isolate::kill_children();
        }
        while !stopping && set.len() < jobs {
            let Some(i) = queue.pop_front() else {
                break;
            };
            observer.begin(i, &entries[i]);
            let (entries, ctx, clients) =
                (Arc::clone(&entries), Arc::clone(&ctx), Arc::clone(&clients));
            let deadline = ctx
                .scan
                .isolation
                .as_ref()
                .map(|iso| iso.timeout + crate::evidence::git::isolate::SCAN_GRACE);
            let handle = set.spawn(async move {
                let entry = entries[i].clone();
                // The scan runs on a thread of its own, so that a scan stuck in a
                // computation cannot hold the runtime's workers: past its deadline it is
                // abandoned (its git reader process is killed at its own deadline).
                let rt = tokio::runtime::Handle::current();
                let scan = tokio::task::spawn_blocking(move || {
                    rt.block_on(job(i, &entries[i], &ctx, &clients))
                });
                let timed_out = |d: Duration| {
                    let mut row = Row::new(i, entry.clone(), Status::Failed);
                    row.error_code = Some(exit::TIMEOUT);
                    row.error = Some(format!(
                        "the scan did not finish within {} s (--scan-timeout plus {} s) and was abandoned",
                        d.as_secs(),
                        crate::evidence::git::isolate::SCAN_GRACE.as_secs()
                    ));
                    row.duration_ms = Some(u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
                    (row, false)
                };
                let internal = || {
                    let mut row = Row::new(i, entry.clone(), Status::Failed);
                    row.error = Some("the scan failed unexpectedly (internal error)".into());
                    (row, false)
                };
                match deadline {
                    Some(d) => match tokio::time::timeout(d, scan).await {
                        Ok(Ok(done)) => done,
                        Ok(Err(_)) => internal(),
                        Err(_) => timed_out(d),
                    },
                    None => scan.await.unwrap_or_else(|_| internal()),
                }
            });
            running.insert(handle.id(), i);
        }
        if set.is_empty() {
            break;
        }
        tokio::select! {
            // Handled at the top of the loop.
            _ = interrupt.next() => {}
            joined = set.join_next_with_id() => {
                let Some(joined) = joined else { continue };
                let (row, output_failed) = match joined {
                    Ok((id, done)) => {
                        running.remove(&id);
                        done
                    }
                    Err(e) => {
                        let Some(i) = running.remove(&e.id()) else { continue };
                        let why = if e.is_cancelled() {
                            "abandoned at Ctrl-C".to_string()
                        } else {
                            "the scan failed unexpectedly (internal error)".to_string()
                        };
                        let status = if e.is_cancelled() { Status::NotScanned } else { Status::Failed };
                        (Row {
                            error: Some(why),
                            ..Row::new(i, entries[i].clone(), status)
                        }, false)
                    }
                };
                if stopped.is_none() {
                    // A refused token or an unwritable output directory fails every
                    // repository alike: stop instead of burning through the list.
                    if output_failed {
                        stopped = Some((row.error.clone().unwrap_or_default(), exit::USAGE));
                    } else if row.error_code == Some(exit::AUTH_FAILED) {
                        stopped = Some((row.error.clone().unwrap_or_default(), exit::AUTH_FAILED));
                    }
                    if let Some((why, _)) = &stopped {
                        stopping = true;
                        observer.note(&format!("Stopping the batch: {why}"));
                    }
                }
                observer.end(&row);
                let idx = row.index;
                rows[idx] = Some(row);
            }
            _ = ticker.tick() => {
                observer.tick(&clients.github.rate_status());
            }
        }
    }
    observer.finish();

    let rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.unwrap_or_else(|| Row::new(i, entries[i].clone(), Status::NotScanned)))
        .collect();
    let badge_requests = clients.badge.total_requests() - badge_before.0;
    let badge_not_modified = clients.badge.total_not_modified() - badge_before.1;
    let info = RunInfo {
        input: opts.input_name.clone(),
        input_kind: opts.input_kind.as_str(),
        shard: opts.shard,
        total_entries,
        generated_at: scan::now_rfc3339(),
        interrupted,
        stopped: stopped.as_ref().map(|(w, _)| w.clone()),
        badge_requests,
        badge_not_modified,
    };
    summary::write(&opts.out_dir, &rows, &info)?;
    landscape::write(&opts.out_dir, &rows, &info)?;
    Ok(BatchOutcome {
        rows,
        interrupted,
        stopped,
        elapsed: started.elapsed(),
        badge_requests,
        badge_not_modified,
    })
}

struct JobContext {
    out_dir: PathBuf,
    markdown: bool,
    scan: ScanOptions,
}

/// Scans one repository and writes its report; every failure becomes the row's error.
/// The flag is set when the report could not be written.
async fn job(index: usize, entry: &Entry, ctx: &JobContext, clients: &Clients) -> (Row, bool) {
    let started = Instant::now();
    let mut row = Row::new(index, entry.clone(), Status::Failed);
    // A remote scan whose repository metadata never came back (5xx, timeouts, a rate
    // limit that outlasted --max-rate-wait) is an error (exit 5 in a single scan), so it
    // becomes a failed row without a report, and --resume scans it again.
    let result = scan::scan(&entry.input, &entry.target, &ctx.scan, clients).await;
    let mut output_failed = false;
    let written = match result {
        Ok(report) => {
            let facts = KeyFacts::of(&report);
            let out_dir = ctx.out_dir.clone();
            let e = entry.clone();
            let markdown = ctx.markdown;
            let w = tokio::task::spawn_blocking(move || {
                store::write_report(&out_dir, &e, &report, markdown)
            })
            .await
            .unwrap_or_else(|e| Err(Error::Output(format!("writing the report failed: {e}"))));
            output_failed = w.is_err();
            w.map(|()| facts)
        }
        Err(e) => Err(e),
    };
    match written {
        Ok(facts) => {
            row.status = Status::Scanned;
            row.json = Some(store::relative(&entry.stem, "json"));
            row.md = ctx.markdown.then(|| store::relative(&entry.stem, "md"));
            row.facts = Some(facts);
        }
        Err(e) => {
            row.error_code = Some(e.exit_code());
            row.error = Some(e.to_string());
        }
    }
    row.duration_ms = Some(u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
    (row, output_failed)
}
