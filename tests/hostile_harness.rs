//! The hostile-input harness itself (tests/harness): it measures a child's own peak RSS,
//! kills a child at its deadline, and reads the report back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::harness;

use common::{Commit, Fixture};
use harness::ReportExt;

#[test]
fn harness_measures_a_scan_and_reads_its_report() {
    let fx = Fixture::new();
    let r = fx.repo("small");
    r.commit(&Commit::new("init").file("SECURITY.md", "Report to security@example.com\n"));
    let run = harness::scan(&r.path, &[]).deadline(60).run();
    run.assert_bounds("a small repository", 10, 512)
        .assert_code(0);
    // A real reading: a Rust binary with libgit2 is never under a MiB resident.
    assert!(run.peak_rss > 1024 * 1024, "{}", run.peak_rss);
    let report = run.report();
    assert_eq!(report.outcome("security-policy"), "met");
}

#[test]
fn harness_kills_a_child_at_its_deadline() {
    let run = harness::program("sleep", &["30"]).deadline(1).run();
    assert!(run.timed_out);
    assert_eq!(run.code(), None, "killed by a signal");
    assert!(
        run.wall < std::time::Duration::from_secs(10),
        "{:?}",
        run.wall
    );
}

#[test]
fn harness_measures_the_child_not_the_test_process() {
    // The test process holds 200 MiB; the child measured holds a few.
    let hold = vec![1u8; 200 * 1024 * 1024];
    let run = harness::program("true", &[]).run();
    assert!(run.peak_mib() < 50, "{} MiB", run.peak_mib());
    assert_eq!(
        hold.iter().map(|&b| u64::from(b)).sum::<u64>(),
        hold.len() as u64
    );
}
