//! Batch throughput: mock repositories, each linking its own badge, served by a local mock
//! GitHub (REST, GraphQL and the badge site on 127.0.0.1, 20 ms per request), with the
//! badge site's governor at its real 1 request/second; prints the wall time, repos/second,
//! GitHub and badge-site requests per repository and the resident memory along the way
//! (flat = no growth with the number of repositories done).
//!
//! ```text
//! cargo run --release --example batch_bench [-- --repos 300 --latency-ms 20 --jobs 16 --badge-interval-ms 1000]
//! ```
//!
//! The mock runs in a child process (this program with `--serve`), so that the memory
//! figures are the batch's alone (wiremock keeps every request it matched).
//!
//! Targets (issue 13), checked and printed for each --jobs of at least 16: under 60 s,
//! at most 0.1 badge-site requests and at most 8 GitHub requests per repository. The badge
//! records several jobs wait for are read in one `ids=` request, so the 1 request/second
//! ceiling no longer bounds the batch at one repository per second.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/batch_support/mod.rs"]
mod batch_support;

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use batch_support::{MockGithub, State};
use tssa_probe::batch::{self, BatchOptions, InputKind, InputOptions, Interrupt, Observer, Row};
use tssa_probe::evidence::badge::{BadgeClient, BadgeConfig};
use tssa_probe::evidence::github::{GithubClient, GithubConfig};
use tssa_probe::scan::{Clients, ScanOptions};

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Samples the resident set size when 25/50/75/100 % of the repositories are done.
struct Quartiles {
    total: usize,
    done: AtomicUsize,
    samples: Mutex<Vec<(usize, u64)>>,
}

impl Observer for Quartiles {
    fn end(&self, _row: &Row) {
        let n = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        if [1, 2, 3, 4].iter().any(|q| n == self.total * q / 4) {
            self.samples.lock().unwrap().push((n, status_kib("VmRSS:")));
        }
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let repos: usize = arg(&args, "--repos").map_or(300, |v| v.parse().unwrap());
    let latency: u64 = arg(&args, "--latency-ms").map_or(20, |v| v.parse().unwrap());
    let badge_ms: u64 = arg(&args, "--badge-interval-ms").map_or(1000, |v| v.parse().unwrap());
    let jobs: Vec<usize> = arg(&args, "--jobs")
        .unwrap_or_else(|| "16".into())
        .split(',')
        .map(|j| j.trim().parse().unwrap())
        .collect();

    if args.iter().any(|a| a == "--serve") {
        serve(latency).await;
        return;
    }
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--serve", "--latency-ms", &latency.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut url,
    )
    .unwrap();
    let url = url.trim().to_string();
    let list: String = (0..repos)
        .map(|i| format!("bench-org-{}/repo-{i}\n", i % 37))
        .collect();
    let entries = batch::list::parse(&list, "bench", false, &InputOptions::default())
        .unwrap()
        .entries;

    // Peak RSS over the whole run, sampled in the background.
    let peak = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, stop) = (Arc::clone(&peak), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(status_kib("VmRSS:") as usize, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };

    println!(
        "batch benchmark: {repos} mock repositories (each links its own badge), {latency} ms per request, badge site 1 request per {badge_ms} ms, cores: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:>5} {:>9} {:>9} {:>10} {:>10} {:>9} {:>9} {:>7}  RSS at 25/50/75/100 % done",
        "jobs", "seconds", "repos/s", "GitHub/r", "badge/r", "badge", "badge304", "failed"
    );
    let mut verdicts = Vec::new();
    for j in jobs {
        let out = tempfile::tempdir().unwrap();
        let github = GithubClient::new(GithubConfig {
            max_rate_wait: Duration::from_secs(3900),
            max_concurrency: Some((j * 4).min(64)),
            ..GithubConfig::new(
                url.clone(),
                Some(secrecy::SecretString::from("bench-token")),
                None,
            )
        })
        .unwrap();
        let mut badge = BadgeConfig::new(&url, None);
        badge.min_interval = Duration::from_millis(badge_ms);
        let clients = Arc::new(Clients {
            github,
            badge: BadgeClient::with_config(badge).unwrap(),
        });
        let opts = BatchOptions {
            out_dir: out.path().to_path_buf(),
            jobs: j,
            resume: false,
            shard: None,
            markdown: false,
            scan: ScanOptions::default(),
            input_name: "bench".into(),
            input_kind: InputKind::Text,
        };
        let q = Quartiles {
            total: entries.len(),
            done: AtomicUsize::new(0),
            samples: Mutex::new(Vec::new()),
        };
        let started = Instant::now();
        let outcome = batch::run_batch(
            entries.clone(),
            &opts,
            Arc::clone(&clients),
            &q,
            &Interrupt::new(),
        )
        .await
        .unwrap();
        let secs = started.elapsed().as_secs_f64();
        let github_requests = clients.github.rate_status().requests;
        let badge_requests = clients.badge.total_requests();
        assert_eq!(badge_requests, outcome.badge_requests);
        let failed = outcome.count(batch::Status::Failed);
        let rss: Vec<String> = q
            .samples
            .lock()
            .unwrap()
            .iter()
            .map(|(_, k)| mib(*k))
            .collect();
        let gh_per = github_requests as f64 / repos as f64;
        let badge_per = badge_requests as f64 / repos as f64;
        println!(
            "{j:>5} {secs:>9.1} {:>9.1} {gh_per:>10.2} {badge_per:>10.3} {badge_requests:>9} {:>9} {failed:>7}  {}",
            repos as f64 / secs,
            outcome.badge_not_modified,
            rss.join(" / ")
        );
        if j >= 16 {
            verdicts.push(format!(
                "--jobs {j}: wall {secs:.1} s (target < 60: {}), badge {badge_per:.3}/repo (target <= 0.1: {}), GitHub {gh_per:.2}/repo (target <= 8: {})",
                ok(secs < 60.0),
                ok(badge_per <= 0.1),
                ok(gh_per <= 8.0)
            ));
        }
        assert_eq!(
            failed,
            0,
            "{:?}",
            outcome.rows.iter().find(|r| r.error.is_some())
        );
    }
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "peak RSS {} (sampled), VmHWM {} (this process only; the mock runs in a child)",
        mib(peak.load(Ordering::Relaxed) as u64),
        mib(status_kib("VmHWM:"))
    );
    for v in verdicts {
        println!("{v}");
    }
}

fn ok(b: bool) -> &'static str {
    if b { "met" } else { "NOT MET" }
}

/// The child: serves the mock until its standard input closes (the parent exited).
async fn serve(latency: u64) {
    let mock = MockGithub::start(State::new(Duration::from_millis(latency), false)).await;
    println!("{}", mock.url());
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut sink);
    })
    .await;
}
