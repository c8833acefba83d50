//! What a batch tells people while it runs: on a terminal an overall bar (done / total,
//! ETA, repos/min, the GitHub API budget left, a rate-limit pause) and a spinner per
//! repository being scanned; otherwise one plain log line per finished repository.
//! Every line and message goes through [`escape`]: entries and error sentences quote the
//! list and the repositories.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::list::Entry;
use super::summary::{Row, Status};
use crate::evidence::github::RateStatus;
use crate::terminal::escape;

/// Receives the events of a batch. Called from the batch's own task only.
pub trait Observer: Send + Sync {
    /// `total` repositories in this run, `done` of them already complete (`--resume`).
    fn start(&self, _total: usize, _done: usize, _jobs: usize) {}
    /// A scan started (`index` is the entry's position).
    fn begin(&self, _index: usize, _entry: &Entry) {}
    /// A repository finished (scanned, failed or abandoned).
    fn end(&self, _row: &Row) {}
    /// About once a second, with the GitHub client's rate status.
    fn tick(&self, _rate: &RateStatus) {}
    /// A message for people (interruption, pause).
    fn note(&self, _msg: &str) {}
    /// The batch is over.
    fn finish(&self) {}
}

/// Tells nothing (tests, benchmarks).
#[derive(Debug, Default)]
pub struct Silent;
impl Observer for Silent {}

/// The observer for stderr: bars on a terminal, plain lines otherwise.
pub fn for_stderr() -> Box<dyn Observer> {
    if std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb") {
        Box::new(Bars::new())
    } else {
        Box::new(Plain::default())
    }
}

fn fmt_pause(until: &chrono::DateTime<chrono::Utc>) -> String {
    until.format("%H:%M:%S UTC").to_string()
}

fn budget(rate: &RateStatus) -> String {
    match (rate.remaining, rate.limit) {
        (Some(r), Some(l)) => format!("API {r}/{l} left"),
        (Some(r), None) => format!("API {r} left"),
        _ => "API budget –".into(),
    }
}

fn outcome_line(row: &Row) -> String {
    match (&row.facts, row.note()) {
        (_, Some(e)) => e,
        (Some(k), None) => format!(
            "met {} · partial {} · not met {} · unknown {}",
            k.met, k.partially_met, k.not_met, k.unknown
        ),
        (None, None) => String::new(),
    }
}

// ------------------------------------------------------------------------ plain lines

/// One line per finished repository on stderr (no terminal).
#[derive(Debug, Default)]
pub struct Plain {
    state: Mutex<PlainState>,
}

#[derive(Debug, Default)]
struct PlainState {
    total: usize,
    done: usize,
    paused: bool,
}

impl Plain {
    fn line(&self, s: &str) {
        let mut e = std::io::stderr().lock();
        let _ = writeln!(e, "{}", escape(s));
    }
}

impl Observer for Plain {
    fn start(&self, total: usize, done: usize, _jobs: usize) {
        if let Ok(mut st) = self.state.lock() {
            st.total = total;
            st.done = done;
        }
    }

    fn end(&self, row: &Row) {
        if row.status == Status::NotScanned {
            return;
        }
        let (done, total) = match self.state.lock() {
            Ok(mut st) => {
                st.done += 1;
                (st.done, st.total)
            }
            Err(_) => (0, 0),
        };
        let secs = row
            .duration_ms
            .map(|d| format!(" ({:.1} s)", d as f64 / 1000.0))
            .unwrap_or_default();
        let word = if row.status == Status::Failed {
            "failed "
        } else {
            "ok     "
        };
        self.line(&format!(
            "[{done}/{total}] {word} {}{secs}: {}",
            row.entry.display(),
            outcome_line(row)
        ));
    }

    fn tick(&self, rate: &RateStatus) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        match (&rate.paused_until, st.paused) {
            (Some(until), false) => {
                st.paused = true;
                drop(st);
                self.line(&format!(
                    "GitHub API rate limit exhausted: scans are paused until {} and then go on",
                    fmt_pause(until)
                ));
            }
            (None, true) => {
                st.paused = false;
                drop(st);
                self.line("GitHub API rate limit reset: scans go on");
            }
            _ => {}
        }
    }

    fn note(&self, msg: &str) {
        self.line(msg);
    }
}

// ------------------------------------------------------------------------------ bars

/// indicatif bars on a terminal.
pub struct Bars {
    multi: MultiProgress,
    overall: ProgressBar,
    spinners: Mutex<HashMap<usize, ProgressBar>>,
    state: Mutex<BarState>,
}

struct BarState {
    started: Instant,
    /// Repositories finished in this run (not counting resumed ones).
    finished: u64,
    failed: u64,
    last_rate: RateStatus,
}

impl Default for Bars {
    fn default() -> Self {
        Self::new()
    }
}

impl Bars {
    pub fn new() -> Self {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(8));
        let overall = multi.add(ProgressBar::new(0));
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30.cyan/blue} {pos}/{len} ({percent}%) · ETA {eta} · {msg}",
        ) {
            overall.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
        }
        Bars {
            multi,
            overall,
            spinners: Mutex::new(HashMap::new()),
            state: Mutex::new(BarState {
                started: Instant::now(),
                finished: 0,
                failed: 0,
                last_rate: RateStatus::default(),
            }),
        }
    }

    fn refresh(&self) {
        let Ok(st) = self.state.lock() else {
            return;
        };
        let mins = st.started.elapsed().as_secs_f64() / 60.0;
        let rate = if mins > 0.0 && st.finished > 0 {
            format!("{:.1} repos/min", st.finished as f64 / mins)
        } else {
            "– repos/min".into()
        };
        let failed = if st.failed > 0 {
            format!(" · {} failed", st.failed)
        } else {
            String::new()
        };
        let msg = match &st.last_rate.paused_until {
            Some(until) => format!(
                "PAUSED: GitHub rate limit exhausted, resumes at {}{failed}",
                fmt_pause(until)
            ),
            None => format!("{rate} · {}{failed}", budget(&st.last_rate)),
        };
        self.overall.set_message(msg);
    }
}

impl Observer for Bars {
    fn start(&self, total: usize, done: usize, _jobs: usize) {
        self.overall.set_length(total as u64);
        self.overall.set_position(done as u64);
        self.overall.reset_eta();
        if let Ok(mut st) = self.state.lock() {
            st.started = Instant::now();
        }
        self.refresh();
    }

    fn begin(&self, index: usize, entry: &Entry) {
        let sp = self.multi.add(ProgressBar::new_spinner());
        if let Ok(style) = ProgressStyle::with_template("  {spinner} {msg} {elapsed}") {
            sp.set_style(style);
        }
        sp.set_message(escape(&entry.display()).into_owned());
        sp.enable_steady_tick(Duration::from_millis(120));
        if let Ok(mut m) = self.spinners.lock() {
            m.insert(index, sp);
        }
    }

    fn end(&self, row: &Row) {
        if let Some(sp) = self
            .spinners
            .lock()
            .ok()
            .and_then(|mut m| m.remove(&row.index))
        {
            sp.finish_and_clear();
            self.multi.remove(&sp);
        }
        if row.status == Status::NotScanned {
            return;
        }
        if let Ok(mut st) = self.state.lock() {
            st.finished += 1;
            if row.status == Status::Failed {
                st.failed += 1;
            }
        }
        if row.status == Status::Failed {
            let _ = self.multi.println(escape(&format!(
                "failed  {}: {}",
                row.entry.display(),
                outcome_line(row)
            )));
        }
        self.overall.inc(1);
        self.refresh();
    }

    fn tick(&self, rate: &RateStatus) {
        if let Ok(mut st) = self.state.lock() {
            st.last_rate = rate.clone();
        }
        self.refresh();
    }

    fn note(&self, msg: &str) {
        let _ = self.multi.println(escape(msg));
    }

    fn finish(&self) {
        if let Ok(mut m) = self.spinners.lock() {
            for (_, sp) in m.drain() {
                sp.finish_and_clear();
            }
        }
        // The closing "Done:" line says it all; leave no half-drawn bar above it.
        self.overall.finish_and_clear();
    }
}
