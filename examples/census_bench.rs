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
