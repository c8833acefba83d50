//! Full-history census benchmark.
//!
//! ```text
//! cargo run --release --example census_bench -- <repository or git dir> [N|all]
//! ```
//!
//! Prints the commits examined, wall-clock seconds, commits/second and peak RSS (VmHWM).
//! Compare with git reading the same objects:
//! `time (git --git-dir=<dir> rev-list HEAD | git --git-dir=<dir> cat-file --batch | grep -c '^gpgsig')`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use tssa_probe::evidence::git;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: census_bench <repository> [N|all]");
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
    git2::opts::enable_caching(false);

    let started = Instant::now();
    let census = match git::census::census(&repo, head, limit) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", e.detail);
            std::process::exit(1);
        }
    };
    let secs = started.elapsed().as_secs_f64();
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
    println!("seconds           {secs:.3}");
    println!("commits/second    {:.0}", n as f64 / secs.max(1e-9));
    match peak_rss_kib() {
        Some(k) => println!("peak RSS          {:.1} MiB", k as f64 / 1024.0),
        None => println!("peak RSS          unknown (no /proc/self/status)"),
    }
}
