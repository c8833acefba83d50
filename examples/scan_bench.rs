//! The default offline scan of one local repository, end to end (git census, file listing,
//! CI graph and tool catalogue, every probe, the self-assessment): wall time and peak
//! resident memory.
//!
//! ```text
//! cargo run --release --example scan_bench -- <repository or git dir> [--runs R]
//! ```
//!
//! Prints the files in the tree, the best and median wall time of R runs (default 5) and
//! the peak RSS (VmHWM) of the process. Targets (issue 19): a repository of about 20 000
//! files under 1 s and under 256 MiB.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use tssa_probe::evidence::badge::{BadgeClient, BadgeConfig};
use tssa_probe::evidence::github::{GithubClient, GithubConfig};
use tssa_probe::input::Target;
use tssa_probe::scan::{Clients, ScanOptions, scan};

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Files in the tree at HEAD (libgit2, outside the timed scans).
fn tree_files(repo: &str) -> usize {
    let r = git2::Repository::open(repo).unwrap();
    let tree = r.head().unwrap().peel_to_tree().unwrap();
    let mut n = 0;
    tree.walk(git2::TreeWalkMode::PreOrder, |_, e| {
        if e.kind() == Some(git2::ObjectType::Blob) {
            n += 1;
        }
        git2::TreeWalkResult::Ok
    })
    .unwrap();
    n
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(repo) = args.first().cloned() else {
        eprintln!("usage: scan_bench <repository> [--runs R]");
        std::process::exit(2);
    };
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let clients = Clients {
        github: GithubClient::new(GithubConfig {
            cache_dir: None,
            ..GithubConfig::default()
        })
        .unwrap(),
        badge: BadgeClient::with_config(BadgeConfig::new("http://127.0.0.1:9", None)).unwrap(),
    };
    let opts = ScanOptions {
        offline: true,
        ..ScanOptions::default()
    };
    let target = Target::Local(repo.clone().into());
    let mut times = Vec::new();
    let files = tree_files(&repo);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let report = rt
            .block_on(scan(&repo, &target, &opts, &clients))
            .expect("the scan succeeds");
        times.push(t.elapsed().as_secs_f64());
        assert!(!report.probes.is_empty());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let best = times[0];
    let median = times[times.len() / 2];
    let rss = vm_hwm_kib().unwrap_or(0) as f64 / 1024.0;
    println!("repository: {repo}");
    println!("files in the tree at HEAD: {files}");
    println!(
        "offline scan: best {best:.3} s, median {median:.3} s over {} runs",
        times.len()
    );
    println!("peak RSS: {rss:.1} MiB");
    println!(
        "targets: < 1 s {} · < 256 MiB {}",
        if best < 1.0 { "met" } else { "NOT met" },
        if rss < 256.0 { "met" } else { "NOT met" }
    );
}
