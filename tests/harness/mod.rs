//! The regression harness for hostile inputs: runs the `tssa-probe` binary as a child
//! process on a repository built in a temporary directory, under a wall-clock deadline
//! (the child is killed when it passes it), and measures the child's own peak resident set
//! size with `wait4(2)` (`ru_maxrss` of that one child: neither the test process nor the
//! other tests' children count). A test then asserts the exit code, a time bound, an RSS
//! bound and the honest outcome (the report, or the one-line error).
//!
//! The binary is the one cargo built for the tests (`CARGO_BIN_EXE_tssa-probe`, an
//! unoptimised build: time bounds are widened by [`time_factor`]), or `TSSA_PROBE_BIN` when
//! set (e.g. `target/release/tssa-probe`, measured with the bounds as written).
//!
//! ```ignore
//! mod harness;
//! let run = harness::scan(&repo_path, &[]).deadline(60).run();
//! run.assert_bounds("class", 10, 512).assert_code(0);
//! let report = run.report();
//! ```
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use wait4::Wait4;

/// The binary under test.
pub fn binary() -> PathBuf {
    match std::env::var_os("TSSA_PROBE_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_tssa-probe")),
    }
}

/// How much slower than an optimised build the binary is assumed to be: 1 for
/// `TSSA_PROBE_BIN`, else 6 for the test profile's build (unoptimised, libgit2 and the
/// inflaters included, sharing two cores with the rest of the suite). Memory does not
/// depend on optimisation and keeps its bound.
pub fn time_factor() -> u32 {
    if std::env::var_os("TSSA_PROBE_BIN").is_some_and(|p| !p.is_empty()) || !cfg!(debug_assertions)
    {
        1
    } else {
        6
    }
}

/// A command to run under the harness.
pub struct Job {
    cmd: Command,
    deadline: Duration,
    output: Option<PathBuf>,
}

/// `tssa-probe <repo> --offline --no-cache --format json -o <tmp>` plus `extra` arguments:
/// the report goes to a file next to the repository (read back by [`Run::report`]).
pub fn scan(repo: &Path, extra: &[&str]) -> Job {
    let out = repo
        .parent()
        .unwrap_or(repo)
        .join(format!("harness-report-{}.json", fastrand::u64(..)));
    let mut cmd = Command::new(binary());
    cmd.arg(repo)
        .args(["--offline", "--no-cache", "--format", "json", "-o"])
        .arg(&out)
        .args(extra);
    Job {
        cmd: isolated(cmd),
        deadline: Duration::from_secs(120),
        output: Some(out),
    }
}

/// `tssa-probe <args>` as given.
pub fn command(args: &[&str]) -> Job {
    let mut cmd = Command::new(binary());
    cmd.args(args);
    Job {
        cmd: isolated(cmd),
        deadline: Duration::from_secs(120),
        output: None,
    }
}

/// Any program (the harness's own tests).
pub fn program(program: &str, args: &[&str]) -> Job {
    let mut cmd = Command::new(program);
    cmd.args(args);
    Job {
        cmd: isolated(cmd),
        deadline: Duration::from_secs(120),
        output: None,
    }
}

/// A clean environment: no token, no colour, no user configuration.
fn isolated(mut cmd: Command) -> Command {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C");
    cmd
}

impl Job {
    /// Kill the child after `secs` seconds of wall time (default 120): a hang fails the test
    /// instead of stalling the suite.
    pub fn deadline(mut self, secs: u64) -> Self {
        self.deadline = Duration::from_secs(secs);
        self
    }

    /// More arguments.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.cmd.args(args);
        self
    }

    /// An environment variable for the child.
    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(k, v);
        self
    }

    /// The working directory of the child.
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// Runs the child to its end (or its deadline) and measures it.
    ///
    /// `ru_maxrss` counts the memory of the process a child was forked from until the
    /// child's `exec` (the kernel carries the old image's high-water mark over), so a child
    /// of this test process, which may hold large generated inputs, would be measured at
    /// least that large. The child is therefore started by an intermediate: this test
    /// binary run again with only [`intermediate`] selected, a few MiB resident, which
    /// spawns the child, kills it at the deadline, and `wait4`s it.
    pub fn run(self) -> Run {
        let dir = tempfile::Builder::new()
            .prefix("harness")
            .tempdir()
            .expect("a temporary directory");
        let spec = Spec {
            program: self.cmd.get_program().to_string_lossy().into_owned(),
            args: self
                .cmd
                .get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
            env: self
                .cmd
                .get_envs()
                .filter_map(|(k, v)| {
                    Some((
                        k.to_string_lossy().into_owned(),
                        v?.to_string_lossy().into_owned(),
                    ))
                })
                .collect(),
            cwd: self
                .cmd
                .get_current_dir()
                .map(|d| d.to_string_lossy().into_owned()),
            deadline_ms: u64::try_from(self.deadline.as_millis()).unwrap_or(u64::MAX),
            out_dir: dir.path().to_string_lossy().into_owned(),
        };
        let spec_path = dir.path().join("spec.json");
        std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
        let mut c = Command::new(std::env::current_exe().unwrap());
        c.args([
            "--exact",
            "harness::intermediate",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SPEC_VAR, &spec_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        let mut inter = c.spawn().expect("the intermediate starts");
        // The intermediate kills the child at the deadline; this is the backstop.
        let backstop = self.deadline + Duration::from_secs(60);
        let started = Instant::now();
        loop {
            if inter.try_wait().unwrap().is_some() {
                break;
            }
            if started.elapsed() > backstop {
                let _ = inter.kill();
                let _ = inter.wait();
                panic!("the harness's intermediate did not end: {:?}", self.cmd);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let result: Measured = serde_json::from_slice(
            &std::fs::read(dir.path().join("result.json"))
                .unwrap_or_else(|e| panic!("no measurement for {:?}: {e}", self.cmd)),
        )
        .unwrap();
        if let Some(e) = &result.spawn_error {
            panic!("spawn {:?}: {e}", self.cmd);
        }
        let stdout = std::fs::read(dir.path().join("stdout")).unwrap_or_default();
        let stderr =
            String::from_utf8_lossy(&std::fs::read(dir.path().join("stderr")).unwrap_or_default())
                .into_owned();
        Run {
            status: ExitStatus::from_raw(result.raw_status),
            wall: Duration::from_millis(result.wall_ms),
            peak_rss: result.maxrss,
            timed_out: result.timed_out,
            stdout,
            stderr,
            output: self.output,
        }
    }
}

const SPEC_VAR: &str = "TSSA_HARNESS_SPEC";

/// What the intermediate runs.
#[derive(serde::Serialize, serde::Deserialize)]
struct Spec {
    program: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    cwd: Option<String>,
    deadline_ms: u64,
    out_dir: String,
}

/// What the intermediate measured.
#[derive(serde::Serialize, serde::Deserialize)]
struct Measured {
    raw_status: i32,
    wall_ms: u64,
    maxrss: u64,
    timed_out: bool,
    spawn_error: Option<String>,
}

/// The intermediate (see [`Job::run`]): does nothing in a normal test run.
#[test]
fn intermediate() {
    let Some(spec_path) = std::env::var_os(SPEC_VAR) else {
        return;
    };
    let spec: Spec = serde_json::from_slice(&std::fs::read(spec_path).unwrap()).unwrap();
    let out = PathBuf::from(&spec.out_dir);
    let write = |m: &Measured| {
        std::fs::write(out.join("result.json"), serde_json::to_vec(m).unwrap()).unwrap();
    };
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .env_clear()
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(out.join("stdout")).unwrap())
        .stderr(std::fs::File::create(out.join("stderr")).unwrap());
    if let Some(d) = &spec.cwd {
        cmd.current_dir(d);
    }
    let started = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            write(&Measured {
                raw_status: 0,
                wall_ms: 0,
                maxrss: 0,
                timed_out: false,
                spawn_error: Some(e.to_string()),
            });
            return;
        }
    };
    let pid = child.id();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let deadline = Duration::from_millis(spec.deadline_ms);
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(deadline) == Err(mpsc::RecvTimeoutError::Timeout) {
            if let Some(p) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(p, rustix::process::Signal::KILL);
            }
            true
        } else {
            false
        }
    });
    let used = child.wait4().expect("wait4 on the child");
    let wall = started.elapsed();
    let _ = done_tx.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    write(&Measured {
        raw_status: used.status.into_raw(),
        wall_ms: u64::try_from(wall.as_millis()).unwrap_or(u64::MAX),
        maxrss: used.rusage.maxrss,
        timed_out,
        spawn_error: None,
    });
}

/// What one run produced and cost.
pub struct Run {
    pub status: ExitStatus,
    pub wall: Duration,
    /// Peak resident set size of the child, in bytes.
    pub peak_rss: u64,
    /// The harness killed the child at its deadline.
    pub timed_out: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
    output: Option<PathBuf>,
}

impl Run {
    /// The exit code (`None` when a signal ended the child).
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Peak RSS in MiB.
    pub fn peak_mib(&self) -> u64 {
        self.peak_rss / (1024 * 1024)
    }

    /// Asserts the child ended by itself within `secs` seconds (scaled by
    /// [`time_factor`]) and with a peak RSS under `mib` MiB; prints what was measured
    /// (shown with `--nocapture`).
    pub fn assert_bounds(&self, what: &str, secs: u64, mib: u64) -> &Self {
        let bound = Duration::from_secs(secs * u64::from(time_factor()));
        eprintln!(
            "{what}: {:.2} s wall, {} MiB peak RSS, exit {:?}",
            self.wall.as_secs_f64(),
            self.peak_mib(),
            self.code()
        );
        assert!(
            !self.timed_out,
            "{what}: killed at the harness deadline after {:?}; stderr: {}",
            self.wall, self.stderr
        );
        assert!(
            self.wall < bound,
            "{what}: {:?} (bound {bound:?}); stderr: {}",
            self.wall,
            self.stderr
        );
        assert!(self.peak_rss > 0, "{what}: no RSS reading");
        assert!(
            self.peak_rss < mib * 1024 * 1024,
            "{what}: peak RSS {} MiB (bound {mib} MiB)",
            self.peak_mib()
        );
        self
    }

    /// Asserts the exit code.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            Some(code),
            "exit status {:?}; stderr: {}",
            self.status,
            self.stderr
        );
        self
    }

    /// Asserts stderr is exactly one line starting with `error: ` and containing `needle`.
    pub fn assert_one_line_error(&self, needle: &str) -> &Self {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "stderr is not one line: {:?}", self.stderr);
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(needle),
            "stderr {:?} lacks {needle:?}",
            self.stderr
        );
        self
    }

    /// The JSON report written by a [`scan`] job.
    pub fn report(&self) -> serde_json::Value {
        let path = self.output.as_ref().expect("a scan job writes a report");
        let bytes = std::fs::read(path).unwrap_or_else(|e| {
            panic!(
                "no report at {}: {e}; stderr: {}",
                path.display(),
                self.stderr
            )
        });
        serde_json::from_slice(&bytes).expect("the report is JSON")
    }
}

/// Helpers on a JSON report.
pub trait ReportExt {
    fn probe(&self, id: &str) -> &serde_json::Value;
    fn outcome(&self, id: &str) -> String;
    fn notes(&self) -> Vec<String>;
    fn has_note(&self, needle: &str) -> bool;
}

impl ReportExt for serde_json::Value {
    fn probe(&self, id: &str) -> &serde_json::Value {
        self["probes"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["id"] == id))
            .unwrap_or_else(|| panic!("no probe {id}"))
    }
    fn outcome(&self, id: &str) -> String {
        self.probe(id)["outcome"].as_str().unwrap_or("").to_string()
    }
    fn notes(&self) -> Vec<String> {
        self["mode"]["notes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
    fn has_note(&self, needle: &str) -> bool {
        self.notes().iter().any(|n| n.contains(needle))
    }
}

/// Creates `path` as a sparse file of `len` bytes (no disk blocks written).
pub fn sparse_file(path: &Path, len: u64) {
    let f = std::fs::File::create(path).unwrap();
    f.set_len(len).unwrap();
}
