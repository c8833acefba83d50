//! Full-history census benchmark.
//!
//! ```text
//! cargo run --release --example census_bench -- <repository or git dir> [N|all] [--runs R]
//! ```
//!
//! Prints the commits examined, wall-clock seconds on one thread and on two (the default
//! for long histories, see `census::TWO_THREADS_BY_DEFAULT`), commits/second and peak RSS (VmHWM), and, in the
//! same run, git reading the same objects:
//! `git rev-list HEAD | git cat-file --batch | grep -c '^gpgsig'`, with the census's time
//! as a fraction of the pipeline's (target for two threads: 0.35 or below). Each figure is
//! the best of R runs (default 3), alternating, so both see the same page cache.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use tssa_probe::evidence::git;

/// A `kB` field of /proc/self/status: VmHWM (peak RSS), RssAnon (heap and stacks) or
/// RssFile (mapped files: the pack and its index, page cache the kernel can drop).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn mib(k: u64) -> f64 {
    k as f64 / 1024.0
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = all
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| all.get(i + 1))
        .map_or(3, |v| v.parse().unwrap_or(3))
        .max(1);
    let mut args = all
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            *a != "--runs" && (*i == 0 || all.get(i - 1).is_none_or(|p| p != "--runs"))
        })
        .map(|(_, a)| a.clone());
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: census_bench <repository> [N|all] [--runs R]");
        std::process::exit(2);
    };
    let limit = match args.next().as_deref() {
        None | Some("all") => None,
        Some(n) => Some(n.parse::<u64>().unwrap_or_else(|_| {
            eprintln!("the limit must be a number or 'all'");
            std::process::exit(2)
        })),
    };
    let repo = match git::open(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(3);
        }
    };
    let head = match git::default_head(&repo) {
        git::DefaultHead::Commit { commit, .. } => commit,
        other => {
            eprintln!("no commit to start from: {other:?}");
            std::process::exit(3);
        }
    };
    // As git::collect sets them.
    git2::opts::enable_caching(false);
    git2::opts::strict_hash_verification(true);

    let mut best = [f64::INFINITY; 2];
    let mut cpu = [f64::INFINITY; 2];
    let mut pipeline_best = f64::INFINITY;
    let mut census = None;
    let git_dir = repo.path().to_path_buf();
    for _ in 0..runs {
        for (k, threads) in [1usize, 2].into_iter().enumerate() {
            let started = Instant::now();
            let cpu0 = cpu_secs();
            let c = match git::census::census_with(&repo, head, limit, threads) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{}", e.detail);
                    std::process::exit(1);
                }
            };
            best[k] = best[k].min(started.elapsed().as_secs_f64());
            cpu[k] = cpu[k].min(cpu_secs() - cpu0);
            if let Some(prev) = &census {
                assert_eq!(prev, &c, "one and two threads disagree");
            }
            census = Some(c);
        }
        if let Some(t) = pipeline(&git_dir, &head.to_string(), limit) {
            pipeline_best = pipeline_best.min(t);
        }
    }
    let Some(census) = census else {
        return;
    };
    let secs = best[1];
    let n = census.commits_examined;
    let s = &census.signatures;
    println!("repository        {}", path.display());
    println!("head              {}", census.head);
    println!(
        "commits           {n} (history complete: {})",
        census.history_complete
    );
    println!(
        "signatures        openpgp {} ssh {} x509 {} other {} unsigned {}",
        s.openpgp, s.ssh, s.x509, s.other, s.unsigned
    );
    println!(
        "web-flow          {} commits, {} signed; developer-signed {}; DCO {}",
        census.web_flow_commits,
        census.web_flow_signed,
        census.developer_signed,
        census.dco_signed_off
    );
    println!(
        "seconds           {:.3} on one thread, {:.3} on two (best of {runs}); CPU {:.3} and {:.3} s",
        best[0], best[1], cpu[0], cpu[1]
    );
    println!(
        "commits/second    {:.0} (two threads)",
        n as f64 / secs.max(1e-9)
    );
    if pipeline_best.is_finite() {
        println!(
            "git pipeline      {pipeline_best:.3} s (rev-list | cat-file --batch | grep -c ^gpgsig, best of {runs})"
        );
        println!(
            "census / pipeline {:.2} on one thread, {:.2} on two (target for two: 0.35 or below)",
            best[0] / pipeline_best,
            best[1] / pipeline_best
        );
    } else {
        println!("git pipeline      not measured (no git, or it failed)");
    }
    // The rest of a local collection, for scale: the file snapshot and the tag census.
    let started = Instant::now();
    match git::tree::snapshot(&repo, head) {
        Ok(f) => println!(
            "file snapshot     {} paths, {} loaded, {:.3} s",
            f.entries.len(),
            f.entries.values().filter(|e| e.content.is_some()).count(),
            started.elapsed().as_secs_f64()
        ),
        Err(e) => println!("file snapshot     unavailable: {}", e.detail),
    }
    let started = Instant::now();
    match git::tags::census(&repo) {
        Ok(t) => println!(
            "tag census        {} tags, {} annotated, {} signed, {:.3} s",
            t.total,
            t.annotated,
            t.signed,
            started.elapsed().as_secs_f64()
        ),
        Err(e) => println!("tag census        unavailable: {}", e.detail),
    }
    match (
        status_kib("VmHWM"),
        status_kib("RssAnon"),
        status_kib("RssFile"),
    ) {
        (Some(peak), Some(anon), Some(file)) => println!(
            "peak RSS          {:.1} MiB (at the end: {:.1} MiB anonymous, {:.1} MiB mapped pack/index pages)",
            mib(peak),
            mib(anon),
            mib(file)
        ),
        _ => println!("peak RSS          unknown (no /proc/self/status)"),
    }
}

/// Seconds for `git rev-list [-n N] <head> | git cat-file --batch | grep -c '^gpgsig'`.
fn pipeline(git_dir: &Path, head: &str, limit: Option<u64>) -> Option<f64> {
    let n = limit.map(|n| format!("-n {n}")).unwrap_or_default();
    let dir = git_dir.display().to_string().replace('\'', "'\\''");
    let script = format!(
        "git --git-dir='{dir}' rev-list {n} {head} | git --git-dir='{dir}' cat-file --batch | grep -c '^gpgsig' >/dev/null"
    );
    let started = Instant::now();
    let status = std::process::Command::new("sh")
        .args(["-c", &script])
        .status()
        .ok()?;
    status.success().then(|| started.elapsed().as_secs_f64())
}

/// CPU time (user + system) of this process so far, in seconds (Linux).
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
