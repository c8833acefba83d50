//! Hostile CI graphs (issue 23, follower classes 5-7): make rules indexed once per file,
//! scripts parsed once and followed once per entry point, comment lines counted, `env:`
//! maps shared, lines located without rescanning. Each repository is built in a temp dir at
//! the sizes the issue used and scanned under a deadline, asserting time, RSS and outcome.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::harness;

use common::{Commit, Fixture};
use harness::ReportExt;

const PR_WORKFLOW: &str =
    "on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n";

fn ci_facts(report: &serde_json::Value) -> &serde_json::Value {
    &report.probe("ci-checks")["facts"]
}

#[test]
fn twenty_thousand_prerequisites() {
    let fx = Fixture::new();
    let r = fx.repo("prereqs");
    let n = 20_000;
    let mut mk = String::from("test:");
    for i in 0..n {
        mk.push_str(&format!(" p{i}"));
    }
    mk.push_str("\n\tgo test ./...\n");
    for i in 0..n {
        mk.push_str(&format!("p{i}:\n\tgo build ./cmd/p{i}\n"));
    }
    r.commit(
        &Commit::new("init")
            .file(
                ".github/workflows/ci.yml",
                format!("{PR_WORKFLOW}      - run: make test\n"),
            )
            .file("Makefile", mk),
    );
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("20 000 prerequisites", 2, 512)
        .assert_code(0);
    assert_eq!(ci_facts(&run.report())["runs_tests"], true);
}

#[test]
fn five_thousand_workflows_running_make_test() {
    let fx = Fixture::new();
    let r = fx.repo("workflows");
    let mut c = Commit::new("init");
    for i in 0..5_000 {
        c = c.file(
            &format!(".github/workflows/w{i}.yml"),
            format!("{PR_WORKFLOW}      - run: make test\n"),
        );
    }
    let mut mk = String::from("include a.mk b.mk\ntest: unit\n\tgo vet ./...\n");
    for i in 0..2_000 {
        mk.push_str(&format!("t{i}:\n\techo {i}\n"));
    }
    r.commit(
        &c.file("Makefile", mk)
            .file("a.mk", "unit:\n\tgo test ./...\n")
            .file("b.mk", "other:\n\ttrue\n"),
    );
    let run = harness::scan(&r.path, &[]).deadline(180).run();
    run.assert_bounds("5 000 workflows running make test", 4, 512)
        .assert_code(0);
    assert_eq!(ci_facts(&run.report())["runs_tests"], true);
}

#[test]
fn a_script_called_45_000_times_and_80_000_times_on_one_line() {
    let fx = Fixture::new();
    let r = fx.repo("calls");
    // A 256 KiB script of comments, then a test command.
    let mut script = String::new();
    while script.len() < 250 * 1024 {
        script.push_str("# a comment line that only makes the file long\n");
    }
    script.push_str("go test ./...\n");
    let mut run_block = String::from("      - run: |\n");
    for _ in 0..45_000 {
        run_block.push_str("          ./hack/x.sh\n");
    }
    // A 960 KB line: the YAML reader's own bounds may refuse it (then it is named as
    // not parsed); either way it costs no more than its size.
    let one_line = "./hack/x.sh;".repeat(80_000);
    r.commit(
        &Commit::new("init")
            .file(
                ".github/workflows/ci.yml",
                format!("{PR_WORKFLOW}{run_block}"),
            )
            .file(
                ".github/workflows/line.yml",
                format!("{PR_WORKFLOW}      - run: {one_line}\n"),
            )
            .file("hack/x.sh", script),
    );
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("one script called 125 000 times", 3, 512)
        .assert_code(0);
    assert_eq!(ci_facts(&run.report())["runs_tests"], true);
}

#[test]
fn a_large_env_map_and_many_steps() {
    let fx = Fixture::new();
    let r = fx.repo("env");
    let n = 30_000;
    let mut w = String::from("on: [pull_request]\nenv:\n");
    for i in 0..n {
        w.push_str(&format!("  V{i}: value{i}\n"));
    }
    w.push_str("jobs:\n  t:\n    runs-on: x\n    steps:\n");
    for i in 0..n {
        w.push_str(&format!("      - run: echo $V{i} && go vet ./p{i}\n"));
    }
    r.commit(&Commit::new("init").file(".github/workflows/ci.yml", w));
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("30 000 env entries x 30 000 steps", 3, 512)
        .assert_code(0);
}

#[test]
fn a_long_double_quoted_run_value() {
    let fx = Fixture::new();
    let r = fx.repo("quoted");
    let mut v = String::from("      - run: \"go test ./...\\n\n");
    for i in 0..45_000 {
        v.push_str(&format!("          go build ./p{i}\\n\n"));
    }
    v.push_str("          true\"\n");
    r.commit(&Commit::new("init").file(".github/workflows/ci.yml", format!("{PR_WORKFLOW}{v}")));
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("45 000 lines in a double-quoted run value", 3, 512)
        .assert_code(0);
}
