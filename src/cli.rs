//! Command line (contract: "Command line").

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub mod insights;
pub mod proposals;
pub mod review;

use crate::error::{Error, exit};
use crate::input::parse_target;
use crate::options::{ClientLimits, CommonArgs};
use crate::render::{self, Format};
use crate::scan;
use crate::terminal::escape;

#[derive(Debug, Parser)]
#[command(
    name = "tssa-probe",
    version,
    about = "Collect cited evidence of a repository's secure development practices and prefill a CNCF TAG-Security self-assessment.",
    long_about = None,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 report produced; 1 a probe is not_met (with --fail-on-not-met); 2 usage error, \
or the report could not be written (--output, standard output); 3 repository not found or unreadable; \
4 authentication failed; 5 every API-backed probe failed (network); 6 report produced, but a probe failed \
internally (a bug: that probe is unknown, reason internal_error); 7 the scan did not finish within \
--scan-timeout (plus 30 s) and was stopped. A repository whose git objects crash the reader, exhaust \
--scan-memory or pass --scan-timeout is reported with its files, history and tags unknown, saying why.\n\
Output: text from the repository is shown with control, bidirectional and zero-width characters \
escaped as \\u{1b} in the table and on stderr. --output replaces a regular file atomically (through a \
symbolic link, the file it leads to), writes into a FIFO or device, and refuses a directory.\n\
Token: GITHUB_TOKEN, else GH_TOKEN. A local clone is scanned offline unless a token is set (or --online)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log to stderr what the tool does: -v cache hits, retries and rate-limit waits;
    /// -vv every API request (method and path; never headers or the token). RUST_LOG
    /// (e.g. `RUST_LOG=debug`) overrides the level.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan many repositories (one report each, plus a summary).
    Batch(Box<crate::batch::BatchArgs>),
    /// Print the JSON Schema of the report (or, with --review, of the review).
    Schema {
        /// Print the schema of `review --format json` instead.
        #[arg(long)]
        review: bool,
    },
    /// List the probes with their definitions.
    Probes {
        /// Print the definitions as JSON.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print the README's probe reference (Markdown).
        #[arg(long)]
        markdown: bool,
    },
    /// List the tools of the catalogue: what each is and how it is recognised.
    Tools {
        /// Print the catalogue as JSON.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print the README's tool list (Markdown).
        #[arg(long)]
        markdown: bool,
    },
    /// Write a Security Insights v2.2.0 draft (security-insights.yml) prefilled from a scan.
    Insights(Box<insights::InsightsArgs>),
    /// Scan, then propose OpenSSF Best Practices badge answers from the OSPS verdicts (edit
    /// URLs for the badge site, each justification citing its evidence).
    BadgeProposals(Box<proposals::BadgeProposalsArgs>),
    /// Hold a submitted self-assessment against a scan of its repository: claims that agree,
    /// are contradicted, stale or not verifiable, questions left unanswered, lint.
    Review(Box<review::ReviewArgs>),
    /// List the OSPS Baseline controls evaluated, the facts each rests on and its rule.
    OspsControls {
        /// Print the list as a Markdown table.
        #[arg(long)]
        markdown: bool,
    },
    /// Internal: read a repository's git objects and write them to standard output (the
    /// child process of a scan, see src/evidence/git/isolate.rs).
    #[command(name = "__collect-git", hide = true)]
    CollectGit(crate::evidence::git::isolate::ChildArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    /// A local path (clone or bare repository), owner/name, or https://github.com/owner/name.
    #[arg(value_name = "REPO")]
    pub repo: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the report to FILE instead of standard output: a regular file is replaced atomically (through a symlink, the file it leads to), a FIFO or device is written into, a directory is refused.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a probe is not_met.
    #[arg(long)]
    pub fail_on_not_met: bool,
    /// Concurrent API requests for this scan (1-64).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub jobs: usize,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Most concurrent API requests a single scan may ask for (as `batch --jobs`).
pub const MAX_SCAN_JOBS: usize = crate::batch::MAX_JOBS;

/// Prints a panic as one escaped sentence (a panic message can quote the repository),
/// with the backtrace when RUST_BACKTRACE asks for it.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut e = std::io::stderr().lock();
        let _ = writeln!(
            e,
            "error: internal error{at} (a bug in tssa-probe, please report it): {}",
            escape(&msg)
        );
        let bt = std::backtrace::Backtrace::capture();
        if bt.status() == std::backtrace::BacktraceStatus::Captured {
            for line in bt.to_string().lines() {
                let _ = writeln!(e, "{}", escape(line));
            }
        }
    }));
}

/// Entry point: parses arguments, runs, prints one error sentence on failure, returns the exit code.
/// Libraries whose own logs could show request headers: always silent.
const QUIET: &str =
    "hyper=off,hyper_util=off,h2=off,reqwest=off,rustls=off,octocrab=off,tower=off,tower_http=off";

/// The log filter: RUST_LOG's directives for tssa-probe (a bare level, or
/// `tssa_probe...=level`), else `-v` (info) / `-vv` (debug); `None`: no log at all.
pub fn log_filter(verbose: u8, rust_log: Option<&str>) -> Option<String> {
    let own: Vec<&str> = rust_log
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty() && (!d.contains('=') || d.starts_with("tssa_probe")))
        .collect();
    let base = if !own.is_empty() {
        own.join(",")
    } else {
        match verbose {
            0 => return None,
            1 => "tssa_probe=info".to_string(),
            _ => "tssa_probe=debug".to_string(),
        }
    };
    Some(format!("{base},{QUIET}"))
}

fn init_logging(verbose: u8) {
    let rust_log = std::env::var("RUST_LOG").ok();
    let Some(filter) = log_filter(verbose, rust_log.as_deref()) else {
        return;
    };
    let Ok(filter) = tracing_subscriber::EnvFilter::try_new(&filter) else {
        eprintln!("warning: RUST_LOG is not a valid filter; logging is off");
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .try_init();
}

pub fn main() -> u8 {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return code;
        }
    };
    init_logging(cli.verbose);
    if let Some(Command::CollectGit(args)) = cli.command {
        return crate::evidence::git::isolate::child_main(args);
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return exit::NETWORK;
        }
    };
    let code = match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // Error sentences quote paths, names and API text: escaped for the terminal.
            eprintln!("error: {}", escape(&e.to_string()));
            e.exit_code()
        }
    };
    // A scan abandoned at its deadline may still hold a blocking thread: exit without
    // waiting for it.
    rt.shutdown_background();
    code
}

/// Ends the process with one error line and [`exit::TIMEOUT`] if the scan is still running
/// `timeout` (plus [`SCAN_GRACE`]) after it started: whatever hangs, the scan ends.
fn start_watchdog(timeout_secs: u64) {
    use crate::evidence::git::isolate::SCAN_GRACE;
    let limit = std::time::Duration::from_secs(timeout_secs) + SCAN_GRACE;
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        crate::evidence::git::isolate::kill_children();
        eprintln!(
            "error: the scan did not finish within {} s (--scan-timeout {timeout_secs} plus {} s) and was stopped",
            limit.as_secs(),
            SCAN_GRACE.as_secs()
        );
        std::process::exit(i32::from(exit::TIMEOUT));
    });
}

async fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Some(Command::Schema { review }) => {
            print_stdout(&if review {
                crate::schema::review_schema_json()
            } else {
                crate::schema::report_schema_json()
            })?;
            Ok(exit::OK)
        }
        Some(Command::Review(args)) => review::run(*args).await,
        Some(Command::Probes { json, markdown }) => {
            if markdown {
                print_stdout(&crate::probes::markdown_reference())?;
            } else {
                print_stdout(&crate::probes::list(json))?;
            }
            Ok(exit::OK)
        }
        Some(Command::Insights(args)) => insights::run(*args).await,
        Some(Command::Tools { json, markdown }) => {
            if markdown {
                print_stdout(&crate::evidence::tools::reference::markdown_reference())?;
            } else {
                print_stdout(&crate::evidence::tools::reference::list(json))?;
            }
            Ok(exit::OK)
        }
        Some(Command::BadgeProposals(args)) => proposals::run(*args).await,
        Some(Command::OspsControls { markdown }) => {
            print_stdout(&crate::standards::osps::controls_reference(markdown))?;
            Ok(exit::OK)
        }
        Some(Command::Batch(args)) => crate::batch::run(*args).await,
        Some(Command::CollectGit(args)) => Ok(crate::evidence::git::isolate::child_main(args)),
        None => run_scan(cli.scan).await,
    }
}

/// Writes to standard output. A reader that closed the pipe early (`| head`) has what it
/// wanted: that is quiet and not an error. Any other failure (`> /dev/full`, a disk full,
/// an I/O error) is one sentence and exit 2, never a silent exit 0 without a report.
fn print_stdout(s: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Output(format!(
            "cannot write the report to standard output: {e}"
        ))),
    }
}

async fn run_scan(args: ScanArgs) -> Result<u8, Error> {
    let Some(repo) = args.repo.as_deref() else {
        return Err(Error::Usage(
            "no repository given: try `tssa-probe .` or `tssa-probe owner/name` (see --help)"
                .into(),
        ));
    };
    if args.jobs == 0 || args.jobs > MAX_SCAN_JOBS {
        return Err(Error::Usage(format!(
            "--jobs must be between 1 and {MAX_SCAN_JOBS}"
        )));
    }
    let target = parse_target(repo)?;
    start_watchdog(args.common.scan_timeout);
    let opts = args.common.scan_options();
    let clients = args.common.clients(ClientLimits {
        max_concurrency: Some(args.jobs),
        ..ClientLimits::default()
    })?;
    let report = scan::scan(repo, &target, &opts, &clients).await?;
    let color = args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = render_report(&report, args.format, color);
    match &args.output {
        Some(path) => crate::fsutil::write_output_file(path, text.as_bytes())?,
        None => print_stdout(&text)?,
    }
    Ok(crate::scan::scan_exit_code(&report, args.fail_on_not_met))
}

/// The report in `format`; `color` applies to the tables only.
pub fn render_report(report: &crate::model::Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => render::table::render(report, color),
        Format::Json => render::json::render(report),
        Format::Md => render::markdown::render(report),
        Format::Osps => crate::standards::osps::render_table(report, color),
        Format::Sarif => crate::standards::sarif::render(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_filter_from_verbosity_and_rust_log() {
        assert_eq!(log_filter(0, None), None);
        assert_eq!(log_filter(0, Some("")), None);
        let v = log_filter(1, None).unwrap();
        assert!(
            v.starts_with("tssa_probe=info,") && v.contains("hyper=off"),
            "{v}"
        );
        assert!(
            log_filter(2, None)
                .unwrap()
                .starts_with("tssa_probe=debug,")
        );
        // RUST_LOG wins; directives for other crates are dropped (their logs could show
        // headers), and the HTTP libraries stay off even under a bare level.
        let r = log_filter(0, Some("debug,hyper=trace,tssa_probe::scan=trace")).unwrap();
        assert!(r.starts_with("debug,tssa_probe::scan=trace,"), "{r}");
        assert!(
            !r.contains("hyper=trace") && r.contains("reqwest=off"),
            "{r}"
        );
    }
}
