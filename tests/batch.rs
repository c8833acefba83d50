//! `tssa-probe batch`: input parsing, resume after a crash or Ctrl-C, sharding, error rows,
//! the shared rate-limit governors, and the CLI's exit codes. Network use is limited to a
//! mock GitHub / badge site on 127.0.0.1 (tests/batch_support).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::batch_support;
use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use batch_support::{MockGithub, State};
use predicates::str::contains;
use tssa_probe::batch::{
    self, BatchOptions, Entry, InputKind, InputOptions, Interrupt, Observer, Row, Shard, Status,
    list,
};
use tssa_probe::evidence::badge::{BadgeClient, BadgeConfig};
use tssa_probe::evidence::github::{GithubClient, GithubConfig, RateStatus};
use tssa_probe::input::Target;
use tssa_probe::model::{Reason, Report};
use tssa_probe::scan::{Clients, ScanOptions};

// ------------------------------------------------------------------------- helpers

fn parse(text: &str, yaml: bool, opts: &InputOptions) -> batch::InputList {
    list::parse(text, "list", yaml, opts).unwrap()
}

fn names(list: &batch::InputList) -> Vec<String> {
    list.entries.iter().map(Entry::display).collect()
}

fn clients(mock: &MockGithub, badge_interval: Duration, max_rate_wait: Duration) -> Arc<Clients> {
    let github = GithubClient::new(GithubConfig {
        max_retries: 1,
        retry_base: Duration::from_millis(10),
        secondary_wait: Duration::from_millis(100),
        timeout: Duration::from_secs(10),
        max_rate_wait,
        max_concurrency: Some(16),
        ..GithubConfig::new(mock.url(), Some(secrecy::SecretString::from("dummy")), None)
    })
    .unwrap();
    let mut b = BadgeConfig::new(&mock.url(), None);
    b.min_interval = badge_interval;
    Arc::new(Clients {
        github,
        badge: BadgeClient::with_config(b).unwrap(),
    })
}

fn fast_clients(mock: &MockGithub) -> Arc<Clients> {
    clients(mock, Duration::from_millis(1), Duration::from_secs(30))
}

fn options(out: &Path, jobs: usize) -> BatchOptions {
    BatchOptions {
        out_dir: out.to_path_buf(),
        jobs,
        resume: false,
        shard: None,
        markdown: false,
        scan: ScanOptions::default(),
        input_name: "list.txt".into(),
        input_kind: InputKind::Text,
    }
}

fn gh_entries(repos: &[&str]) -> Vec<Entry> {
    let text = repos.join("\n");
    list::parse(&text, "list", false, &InputOptions::default())
        .unwrap()
        .entries
}

fn read_report(path: &Path) -> Report {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn status_of(rows: &[Row]) -> BTreeMap<String, Status> {
    rows.iter().map(|r| (r.entry.display(), r.status)).collect()
}

/// Files under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

fn csv_rows(out: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Calls back after each finished repository; records rate statuses.
#[derive(Default)]
struct Probe {
    ended: AtomicUsize,
    on_end: Option<Box<dyn Fn(usize) + Send + Sync>>,
    rates: Mutex<Vec<RateStatus>>,
}

impl Observer for Probe {
    fn end(&self, _row: &Row) {
        let n = self.ended.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(f) = &self.on_end {
            f(n);
        }
    }
    fn tick(&self, rate: &RateStatus) {
        self.rates.lock().unwrap().push(rate.clone());
    }
}

// -------------------------------------------------------------------- input parsing

#[test]
fn text_list_comments_blank_lines_and_duplicates() {
    let text = "\
# CNCF projects
kubernetes/kubernetes
  https://github.com/Kubernetes/Kubernetes.git   # same repository, other spelling

helm/helm # inline comment
git@github.com:helm/helm.git
https://github.com/cncf/toc/tree/main/docs
./some/local/clone
";
    let list = parse(text, false, &InputOptions::default());
    assert_eq!(list.kind, InputKind::Text);
    assert_eq!(
        names(&list),
        [
            "kubernetes/kubernetes",
            "helm/helm",
            "cncf/toc",
            "./some/local/clone"
        ]
    );
    assert_eq!(list.duplicates, 2);
    assert_eq!(list.entries[0].origin, "line 2");
    assert_eq!(list.entries[1].origin, "line 5");
    assert_eq!(list.entries[1].input, "helm/helm");
    assert_eq!(
        list.entries[0].stem,
        Path::new("kubernetes").join("kubernetes")
    );
    assert!(matches!(list.entries[3].target, Target::Local(_)));
    // Local repositories go under _local/ with a sanitized name and a path hash.
    let stem = list.entries[3].stem.to_string_lossy().replace('\\', "/");
    assert!(stem.starts_with("_local/clone-"), "{stem}");
}

#[test]
fn text_list_rejects_lines_that_name_nothing() {
    let err = list::parse(
        "a/b\nnot a repository\nhttps://gitlab.com/x/y\n",
        "list.txt",
        false,
        &InputOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("line 2") && msg.contains("line 3"), "{msg}");
    assert_eq!(err.exit_code(), 2);
    // An empty list is a usage error too.
    let err =
        list::parse("# nothing\n\n", "list.txt", false, &InputOptions::default()).unwrap_err();
    assert!(err.to_string().contains("names no repository"), "{err}");
    // --maturity only applies to YAML inputs.
    let opts = InputOptions {
        maturity: vec!["graduated".into()],
        all_repos: false,
    };
    assert!(list::parse("a/b\n", "l", false, &opts).is_err());
}

const LANDSCAPE: &str = r#"
landscape:
  - category:
    name: Orchestration & Management
    subcategories:
      - subcategory:
        name: Scheduling & Orchestration
        items:
          - item:
            name: Kubernetes
            homepage_url: https://kubernetes.io/
            project: graduated
            repo_url: https://github.com/kubernetes/kubernetes
            logo: kubernetes.svg
            extra:
              accepted: '2016-03-10'
              annotations:
                anything: [1, 2, {deep: true}]
          - item:
            name: Volcano
            project: incubating
            repo_url: https://github.com/volcano-sh/volcano
            additional_repos:
              - repo_url: https://github.com/volcano-sh/scheduler
          - item:
            name: Some Vendor Product
            repo_url: https://github.com/vendor/product
          - item:
            name: No Repository
            project: sandbox
          - item:
            name: Zuul
            project: sandbox
            repo_url: https://opendev.org/zuul/zuul
  - category:
    name: Runtime
    subcategories:
      - subcategory:
        name: Container Runtime
        items:
          - item:
            name: Kubernetes again
            project: graduated
            repo_url: https://github.com/kubernetes/kubernetes/
"#;

#[test]
fn landscape_items_filters_and_extra_fields() {
    let list = parse(LANDSCAPE, true, &InputOptions::default());
    assert_eq!(list.kind, InputKind::Landscape);
    assert_eq!(
        names(&list),
        [
            "kubernetes/kubernetes",
            "volcano-sh/volcano",
            "vendor/product"
        ]
    );
    assert_eq!(list.duplicates, 1);
    assert_eq!(list.not_github, ["https://opendev.org/zuul/zuul"]);
    assert_eq!(list.entries[0].project.as_deref(), Some("Kubernetes"));
    assert_eq!(list.entries[0].maturity.as_deref(), Some("graduated"));

    let cncf = InputOptions {
        maturity: vec!["graduated".into(), "incubating".into()],
        all_repos: true,
    };
    let list = parse(LANDSCAPE, true, &cncf);
    assert_eq!(
        names(&list),
        [
            "kubernetes/kubernetes",
            "volcano-sh/volcano",
            "volcano-sh/scheduler"
        ]
    );
    // Recognised by its `landscape:` key even without a .yml name.
    let list = parse(LANDSCAPE, false, &InputOptions::default());
    assert_eq!(list.kind, InputKind::Landscape);
    // YAML that is neither format.
    assert!(list::parse("foo: bar\n", "x.yml", true, &InputOptions::default()).is_err());
    assert!(list::parse("landscape: [\n", "x.yml", true, &InputOptions::default()).is_err());
}

#[test]
fn clomonitor_data_file() {
    let yaml = r#"
- name: argo
  display_name: Argo
  maturity: graduated
  repositories:
    - name: argo-cd
      url: https://github.com/argoproj/argo-cd
      check_sets: [community, code]
    - name: website
      url: https://github.com/argoproj/argoproj.github.io
      check_sets: [docs]
- name: akri
  maturity: sandbox
  repositories:
    - name: akri
      url: https://github.com/project-akri/akri
      check_sets: [code-lite]
"#;
    let list = parse(yaml, true, &InputOptions::default());
    assert_eq!(list.kind, InputKind::Clomonitor);
    assert_eq!(names(&list), ["argoproj/argo-cd", "project-akri/akri"]);
    assert_eq!(list.entries[0].project.as_deref(), Some("Argo"));
    let all = parse(
        yaml,
        true,
        &InputOptions {
            maturity: vec!["graduated".into()],
            all_repos: true,
        },
    );
    assert_eq!(
        names(&all),
        ["argoproj/argo-cd", "argoproj/argoproj.github.io"]
    );
}

#[test]
fn cncf_projects_example_list() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cncf-projects.txt");
    let list = list::load(&path, &InputOptions::default()).unwrap();
    assert_eq!(list.duplicates, 0, "the example list has duplicates");
    assert!(list.entries.len() >= 70, "{}", list.entries.len());
    assert!(
        list.entries
            .iter()
            .all(|e| matches!(e.target, Target::Github(_)))
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with('#') && text.to_lowercase().contains("as of"),
        "needs a dated header"
    );
}

#[test]
fn shards_partition_any_list() {
    assert!("2/2".parse::<Shard>().is_err());
    assert!("1/0".parse::<Shard>().is_err());
    for len in 0..25usize {
        for n in 1..8usize {
            let mut seen = vec![0u32; len];
            for i in 0..n {
                let sh = Shard { index: i, count: n };
                let part = sh.select((0..len).collect::<Vec<_>>());
                // Stable order within a shard.
                assert!(part.windows(2).all(|w| w[0] < w[1]));
                for p in part {
                    seen[p] += 1;
                }
            }
            assert!(seen.iter().all(|c| *c == 1), "len {len} shards {n}");
        }
    }
}

// ------------------------------------------------------------------ batches (mock)

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn missing_and_failing_repositories_are_error_rows() {
    let mock = MockGithub::start(State::new(Duration::ZERO, true)).await;
    let out = tempfile::tempdir().unwrap();
    let entries = gh_entries(&[
        "acme/one",
        "acme/missing-repo",
        "acme/broken-repo",
        "acme/two",
    ]);
    let outcome = batch::run_batch(
        entries,
        &options(out.path(), 3),
        fast_clients(&mock),
        &batch::progress::Silent,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    let st = status_of(&outcome.rows);
    assert_eq!(st["acme/one"], Status::Scanned);
    assert_eq!(st["acme/two"], Status::Scanned);
    assert_eq!(st["acme/missing-repo"], Status::Failed);
    assert_eq!(st["acme/broken-repo"], Status::Failed);
    assert_eq!(outcome.exit_code(), 3, "some failed, the rest written");

    let rows = csv_rows(out.path());
    assert_eq!(rows.len(), 4);
    // Rows keep the list order.
    let order: Vec<&str> = rows.iter().map(|r| r["repository"].as_str()).collect();
    assert_eq!(
        order,
        [
            "acme/one",
            "acme/missing-repo",
            "acme/broken-repo",
            "acme/two"
        ]
    );
    let missing = &rows[1];
    assert_eq!(missing["status"], "failed");
    assert!(missing["error"].contains("404"), "{}", missing["error"]);
    assert_eq!(missing["report_json"], "");
    let broken = &rows[2];
    assert_eq!(broken["status"], "failed");
    assert!(
        broken["error"].contains("GitHub API"),
        "{}",
        broken["error"]
    );
    let ok = &rows[0];
    assert_eq!(ok["status"], "scanned");
    assert_eq!(ok["report_json"], "acme/one.json");
    assert_eq!(ok["error"], "");
    // The mock's repositories have one signed commit and a ruleset requiring 1 approval.
    assert_eq!(ok["signed_pct"], "100.0");
    assert_eq!(ok["required_approvals"], "1");
    assert_eq!(ok["best-practices-badge"], "met");

    let on_disk = files(out.path());
    assert_eq!(
        on_disk,
        [
            "acme/one.json",
            "acme/two.json",
            "index.html",
            "summary.csv",
            "summary.md"
        ]
    );
    let r = read_report(&out.path().join("acme/one.json"));
    assert_eq!(r.repository.name.as_deref(), Some("one"));
    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(
        md.contains("2 scanned in this run") && md.contains("2 failed"),
        "{md}"
    );
    assert!(md.contains("| [acme/one](<acme/one.json>) |"), "{md}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sharding_covers_every_repository_exactly_once() {
    let mock = MockGithub::start(State::new(Duration::ZERO, true)).await;
    let out = tempfile::tempdir().unwrap();
    let repos: Vec<String> = (0..11).map(|i| format!("shard/r{i}")).collect();
    let refs: Vec<&str> = repos.iter().map(String::as_str).collect();
    let clients = fast_clients(&mock);
    let mut scanned: Vec<String> = Vec::new();
    for i in 0..3 {
        // Each machine has its own output directory; the lists are identical.
        let dir = out.path().join(format!("shard-{i}"));
        let mut opts = options(&dir, 2);
        opts.shard = Some(Shard { index: i, count: 3 });
        let outcome = batch::run_batch(
            gh_entries(&refs),
            &opts,
            Arc::clone(&clients),
            &batch::progress::Silent,
            &Interrupt::new(),
        )
        .await
        .unwrap();
        assert_eq!(outcome.exit_code(), 0);
        assert!(outcome.rows.iter().all(|r| r.status == Status::Scanned));
        let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
        assert!(md.contains(&format!("shard {i}/3 only")), "{md}");
        assert_eq!(csv_rows(&dir).len(), outcome.rows.len());
        scanned.extend(outcome.rows.iter().map(|r| r.entry.display()));
    }
    let unique: BTreeSet<&String> = scanned.iter().collect();
    assert_eq!(scanned.len(), repos.len(), "no repository in two shards");
    assert_eq!(unique.len(), repos.len(), "every repository in one shard");
    // The generic mock answers everything the collector asks (a 404 here means the
    // collector reads something new and the mock, and so the benchmark, needs it).
    let unanswered: Vec<String> = mock
        .state
        .seen()
        .iter()
        .filter(|s| s.status != 200)
        .map(|s| format!("{} {} {}", s.method, s.path, s.status))
        .collect();
    assert!(unanswered.is_empty(), "{unanswered:?}");
    // And the mock saw each repository's metadata read exactly once.
    for r in &repos {
        let meta = mock
            .state
            .seen()
            .iter()
            .filter(|s| s.path == format!("/repos/{r}"))
            .count();
        assert_eq!(meta, 1, "{r}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn resume_after_a_crash_scans_nothing_twice_and_loses_nothing() {
    let out = tempfile::tempdir().unwrap();
    let repos = ["acme/a", "acme/b", "acme/c", "acme/d", "acme/e", "acme/f"];
    // A first, complete run.
    let first = MockGithub::start(State::new(Duration::ZERO, true)).await;
    let mut opts = options(out.path(), 3);
    opts.markdown = true;
    let o = batch::run_batch(
        gh_entries(&repos),
        &opts,
        fast_clients(&first),
        &batch::progress::Silent,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    assert_eq!(o.scanned(), 6);

    // Simulate a crash: b never got written, c was cut off mid-write (as a non-atomic
    // writer would leave it), d holds garbage, e is a report of an older schema, and a
    // temporary file of an interrupted atomic write lies around. a and f are complete;
    // f's Markdown is missing.
    let p = |r: &str, ext: &str| out.path().join(format!("{r}.{ext}"));
    std::fs::remove_file(p("acme/b", "json")).unwrap();
    std::fs::remove_file(p("acme/b", "md")).unwrap();
    let c = std::fs::read(p("acme/c", "json")).unwrap();
    std::fs::write(p("acme/c", "json"), &c[..c.len() / 2]).unwrap();
    std::fs::write(p("acme/d", "json"), b"\x00\x01 not json").unwrap();
    let mut e: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p("acme/e", "json")).unwrap()).unwrap();
    e["schema_version"] = "0".into();
    std::fs::write(p("acme/e", "json"), serde_json::to_vec(&e).unwrap()).unwrap();
    std::fs::write(out.path().join("acme/.tssa-probe-XXXX"), b"{\"schema_v").unwrap();
    std::fs::remove_file(p("acme/f", "md")).unwrap();
    let a_before = std::fs::read(p("acme/a", "json")).unwrap();
    let a_mtime = std::fs::metadata(p("acme/a", "json"))
        .unwrap()
        .modified()
        .unwrap();
    let f_mtime = std::fs::metadata(p("acme/f", "json"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(Duration::from_millis(20));

    // Resume against a fresh mock that counts requests per repository.
    let second = MockGithub::start(State::new(Duration::ZERO, true)).await;
    opts.resume = true;
    let o = batch::run_batch(
        gh_entries(&repos),
        &opts,
        fast_clients(&second),
        &batch::progress::Silent,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    assert_eq!(o.exit_code(), 0);
    let st = status_of(&o.rows);
    for r in ["acme/a", "acme/f"] {
        assert_eq!(st[r], Status::Resumed, "{r}");
        assert_eq!(second.state.requests_for(r), 0, "{r} was scanned twice");
    }
    for r in ["acme/b", "acme/c", "acme/d", "acme/e"] {
        assert_eq!(st[r], Status::Scanned, "{r}");
        assert!(second.state.requests_for(r) > 0, "{r}");
        let rep = read_report(&p(r, "json"));
        assert_eq!(rep.schema_version, "2");
        assert!(p(r, "md").is_file(), "{r}.md");
    }
    // Complete reports are left untouched (same bytes, same mtime); f's Markdown is
    // rebuilt from its JSON without a scan.
    assert_eq!(std::fs::read(p("acme/a", "json")).unwrap(), a_before);
    assert_eq!(
        std::fs::metadata(p("acme/a", "json"))
            .unwrap()
            .modified()
            .unwrap(),
        a_mtime
    );
    assert_eq!(
        std::fs::metadata(p("acme/f", "json"))
            .unwrap()
            .modified()
            .unwrap(),
        f_mtime
    );
    assert!(p("acme/f", "md").is_file());
    // Nothing lost: the summary has every repository, with its outcomes.
    let rows = csv_rows(out.path());
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter().all(|r| r["signed-commits"] == "met"),
        "{rows:?}"
    );
    let statuses: Vec<&str> = rows.iter().map(|r| r["status"].as_str()).collect();
    assert_eq!(
        statuses,
        [
            "resumed", "scanned", "scanned", "scanned", "scanned", "resumed"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn interrupt_lets_running_scans_finish_and_resume_completes_the_rest() {
    let out = tempfile::tempdir().unwrap();
    let repos: Vec<String> = (0..10).map(|i| format!("int/r{i}")).collect();
    let refs: Vec<&str> = repos.iter().map(String::as_str).collect();
    // 30 ms per request, so that scans are still running when the interrupt comes.
    let mock = MockGithub::start(State::new(Duration::from_millis(30), true)).await;
    let interrupt = Interrupt::new();
    let int2 = Arc::clone(&interrupt);
    let observer = Probe {
        on_end: Some(Box::new(move |n| {
            if n == 1 {
                int2.trigger();
            }
        })),
        ..Probe::default()
    };
    let opts = options(out.path(), 3);
    let o = batch::run_batch(
        gh_entries(&refs),
        &opts,
        fast_clients(&mock),
        &observer,
        &interrupt,
    )
    .await
    .unwrap();
    assert!(o.interrupted);
    assert_eq!(o.exit_code(), 130);
    let done = o.scanned();
    let not_scanned = o.count(Status::NotScanned);
    // The scans running when Ctrl-C came were finished and written, no new one started.
    assert!((1..=3).contains(&done), "{done}");
    assert_eq!(done + not_scanned, 10);
    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(md.contains("Interrupted"), "{md}");
    // Every file on disk is a complete report; no temporary file is left.
    let on_disk = files(out.path());
    assert!(
        on_disk.iter().all(|f| !f.contains(".tssa-probe-")),
        "{on_disk:?}"
    );
    let reports: Vec<&String> = on_disk.iter().filter(|f| f.ends_with(".json")).collect();
    assert_eq!(reports.len(), done);
    for f in &reports {
        read_report(&out.path().join(f));
    }

    // Resume: only the repositories without a report are scanned.
    let second = MockGithub::start(State::new(Duration::ZERO, true)).await;
    let mut opts = options(out.path(), 3);
    opts.resume = true;
    let o2 = batch::run_batch(
        gh_entries(&refs),
        &opts,
        fast_clients(&second),
        &batch::progress::Silent,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    assert_eq!(o2.exit_code(), 0);
    assert_eq!(o2.count(Status::Resumed), done);
    assert_eq!(o2.scanned(), 10 - done);
    for r in &o.rows {
        let name = r.entry.display();
        let asked = second.state.requests_for(&name);
        if r.status == Status::Scanned {
            assert_eq!(asked, 0, "{name} scanned twice");
        } else {
            assert!(asked > 0, "{name} never scanned");
        }
    }
    assert_eq!(csv_rows(out.path()).len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn github_rate_limit_pauses_the_batch_instead_of_failing_repositories() {
    let mut state = State::new(Duration::ZERO, true);
    // The 4th REST request sees the budget at 0, resetting 2 s later.
    state.exhaust_after = Some(4);
    state.reset_secs = 2;
    let mock = MockGithub::start(state).await;
    let out = tempfile::tempdir().unwrap();
    let observer = Probe::default();
    let o = batch::run_batch(
        gh_entries(&["rl/a", "rl/b", "rl/c", "rl/d"]),
        &options(out.path(), 2),
        clients(&mock, Duration::from_millis(1), Duration::from_secs(30)),
        &observer,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    assert_eq!(o.exit_code(), 0, "{:?}", o.rows);
    assert!(o.rows.iter().all(|r| r.status == Status::Scanned));
    // No evidence was given up because of the limit.
    for r in &o.rows {
        let rep = read_report(&out.path().join(format!("{}.json", r.entry.display())));
        assert!(
            rep.probes
                .iter()
                .all(|p| p.reason != Some(Reason::RateLimited)),
            "{}",
            r.entry.display()
        );
    }
    // The progress display was told about the pause.
    assert!(
        observer
            .rates
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.paused_until.is_some()),
        "the pause never reached the progress display"
    );
    // Between the exhausting answer and the reset, no REST request was sent (requests
    // already in flight when the budget hit 0 may land in the first moments).
    let seen = mock.state.seen();
    let core: Vec<&batch_support::Seen> = seen.iter().filter(|s| s.resource == "core").collect();
    let t0 = core[3].at;
    let during = core
        .iter()
        .filter(|s| {
            s.at > t0 + Duration::from_millis(300) && s.at < t0 + Duration::from_millis(1000)
        })
        .count();
    assert_eq!(
        during, 0,
        "requests were sent while the budget was exhausted"
    );
    let last = core.last().unwrap().at;
    assert!(
        last >= t0 + Duration::from_millis(1000),
        "the batch did not wait"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn badge_site_governor_spaces_requests_of_all_jobs() {
    let mock = MockGithub::start(State::new(Duration::ZERO, true)).await;
    let out = tempfile::tempdir().unwrap();
    let interval = Duration::from_millis(200);
    let repos: Vec<String> = (0..6).map(|i| format!("badge/r{i}")).collect();
    let refs: Vec<&str> = repos.iter().map(String::as_str).collect();
    let started = Instant::now();
    let o = batch::run_batch(
        gh_entries(&refs),
        &options(out.path(), 6),
        clients(&mock, interval, Duration::from_secs(30)),
        &batch::progress::Silent,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    assert_eq!(o.exit_code(), 0);
    let badge: Vec<Instant> = mock
        .state
        .seen()
        .iter()
        .filter(|s| s.resource == "badge")
        .map(|s| s.at)
        .collect();
    // The six jobs' project records were read together: one request for the job that
    // came first, one bulk read for those that queued behind it.
    assert!((1..=3).contains(&badge.len()), "{}", badge.len());
    assert_eq!(o.badge_requests, badge.len() as u64);
    assert_eq!(o.badge_not_modified, 0);
    let summary = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(
        summary.contains(&format!(
            "Badge site (bestpractices.dev): {} requests in this run, 0 answered 304",
            badge.len()
        )),
        "{summary}"
    );
    let csv = csv_rows(out.path());
    assert!(csv.iter().all(|r| r["best-practices-badge"] == "met"));
    if badge.len() < 2 {
        return;
    }
    for w in badge.windows(2) {
        let gap = w[1].duration_since(w[0]);
        // Arrival times jitter by a few ms around the client's send times.
        assert!(
            gap >= interval - Duration::from_millis(20),
            "two badge requests {gap:?} apart"
        );
    }
    // Six jobs ran at once, yet the badge site saw at most one request per interval.
    let span = badge.last().unwrap().duration_since(badge[0]).as_secs_f64();
    let rate = (badge.len() - 1) as f64 / span;
    assert!(rate <= 1.05 / interval.as_secs_f64(), "{rate} req/s");
    assert!(started.elapsed() >= interval * (badge.len() as u32 - 1));
}

// ----------------------------------------------------------------------------- CLI

fn tssa() -> Command {
    let mut c = Command::cargo_bin("tssa-probe").unwrap();
    c.env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("TSSA_GITHUB_API_URL")
        .env_remove("TSSA_BESTPRACTICES_URL")
        .env("NO_COLOR", "1");
    c
}

#[test]
fn cli_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "a/b\n").unwrap();
    tssa()
        .args(["batch", "--shard", "3/3"])
        .arg(&list)
        .assert()
        .code(2)
        .stderr(contains("shard index must be below"));
    tssa()
        .args(["batch", "--jobs", "0"])
        .arg(&list)
        .assert()
        .code(2)
        .stderr(contains("--jobs"));
    std::fs::write(&list, "a/b\nthis is not a repo\n").unwrap();
    tssa()
        .arg("batch")
        .arg(&list)
        .assert()
        .code(2)
        .stderr(contains("line 2"));
    std::fs::write(&list, "a/b\nhttps://github.com/c/d\n").unwrap();
    tssa()
        .args(["batch", "--offline"])
        .arg(&list)
        .assert()
        .code(2)
        .stderr(contains("--offline forbids the API"));
    tssa()
        .args(["batch", "--help"])
        .assert()
        .success()
        .stdout(contains("130 interrupted"))
        .stdout(contains("--resume"));
}

#[test]
fn cli_local_batch_scans_offline_and_reports_a_missing_path() {
    let fx = common::Fixture::new();
    let a = fx.repo("alpha");
    a.commit(&common::Commit::new("init").file("SECURITY.md", "mail security@example.org"));
    let b = fx.repo("beta");
    b.commit(&common::Commit::new("init").file("README.md", "hi"));
    let list = fx.path().join("list.txt");
    std::fs::write(
        &list,
        "# local clones\n./alpha\n./beta\n./gone   # removed\n./alpha/\n",
    )
    .unwrap();
    let out = fx.path().join("out");
    let assert = tssa()
        .current_dir(fx.path())
        .env("HOME", fx.path().join("home"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "batch",
            "list.txt",
            "--out-dir",
            "out",
            "--format",
            "md",
            "--no-cache",
        ])
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    // Not a terminal: one plain line per repository.
    assert!(stderr.contains("ok      ./alpha"), "{stderr}");
    assert!(stderr.contains("failed  ./gone"), "{stderr}");
    assert!(stderr.contains("1 duplicate entry removed"), "{stderr}");
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["status"], "scanned");
    assert_eq!(rows[1]["status"], "scanned");
    assert_eq!(rows[2]["status"], "failed");
    assert!(!rows[2]["error"].is_empty());
    // Offline: API facts are unknown with reason offline, never "not met".
    assert_eq!(rows[0]["branch-protection"], "unknown (offline)");
    assert_eq!(rows[0]["security-policy"], "met");
    let json = out.join(&rows[0]["report_json"]);
    let md = out.join(&rows[0]["report_md"]);
    assert!(rows[0]["report_json"].starts_with("_local/alpha-"));
    let rep = read_report(&json);
    assert!(rep.mode.offline);
    assert!(md.is_file());
    let _ = PathBuf::new();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_github_batch_against_a_mock() {
    let mock = MockGithub::start(State::new(Duration::ZERO, true)).await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        "acme/one\nhttps://github.com/acme/two\nacme/missing-x\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let url = mock.url();
    let (list2, out2) = (list.clone(), out.clone());
    let output = tokio::task::spawn_blocking(move || {
        tssa()
            .env("GITHUB_TOKEN", "dummy")
            .env("HOME", &out2)
            .args([
                "batch",
                "--jobs",
                "2",
                "--no-cache",
                "--bestpractices-interval-ms",
                "1",
            ])
            .args(["--github-api-url", &url, "--bestpractices-url", &url])
            .arg("--out-dir")
            .arg(&out2)
            .arg(&list2)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("dummy"), "token in output");
    let rows = csv_rows(&out);
    let st: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["repository"].as_str(), r["status"].as_str()))
        .collect();
    assert_eq!(
        st,
        [
            ("acme/one", "scanned"),
            ("acme/two", "scanned"),
            ("acme/missing-x", "failed")
        ]
    );
    assert!(out.join("acme/two.json").is_file());
    // Second run with --resume: nothing is scanned again but the failed repository.
    let before = mock.state.requests_for("acme/one");
    let url = mock.url();
    let output = tokio::task::spawn_blocking(move || {
        tssa()
            .env("GITHUB_TOKEN", "dummy")
            .env("HOME", &out)
            .args([
                "batch",
                "--resume",
                "--no-cache",
                "--bestpractices-interval-ms",
                "1",
            ])
            .args(["--github-api-url", &url, "--bestpractices-url", &url])
            .arg("--out-dir")
            .arg(&out)
            .arg(&list)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(mock.state.requests_for("acme/one"), before);
    assert!(mock.state.requests_for("acme/missing-x") >= 2);
}

/// Issue 23: a repository whose git reader hangs (its branch is a FIFO no one writes: the
/// read blocks forever) does not stall the batch: its reader is stopped at --scan-timeout,
/// its row says so, and the repositories after it are scanned.
#[test]
fn cli_local_batch_goes_on_past_a_hanging_repository() {
    let fx = common::Fixture::new();
    let hang = fx.repo("hang");
    hang.commit(&common::Commit::new("init").file("README.md", "hi"));
    let branch = hang.git_dir().join("refs/heads/main");
    std::fs::remove_file(&branch).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&branch)
        .status()
        .unwrap();
    assert!(made.success());
    for name in ["alpha", "beta"] {
        let r = fx.repo(name);
        r.commit(&common::Commit::new("init").file("SECURITY.md", "mail security@example.org"));
    }
    std::fs::write(fx.path().join("list.txt"), "./alpha\n./hang\n./beta\n").unwrap();
    let started = std::time::Instant::now();
    tssa()
        .current_dir(fx.path())
        .env("HOME", fx.path().join("home"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .timeout(Duration::from_secs(60))
        .args(["batch", "list.txt", "--out-dir", "out", "--no-cache"])
        .args(["--offline", "--jobs", "1", "--scan-timeout", "2"])
        .assert()
        .code(0);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let out = fx.path().join("out");
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 3);
    let row = |input: &str| rows.iter().find(|r| r["input"] == input).unwrap();
    assert_eq!(row("./alpha")["security-policy"], "met");
    assert_eq!(row("./beta")["security-policy"], "met");
    let hung = row("./hang");
    assert_eq!(hung["signed-commits"], "unknown (not_collected)");
    // The row is scanned (its report is written) and says why the report is partial.
    assert_eq!(hung["status"], "scanned");
    assert!(
        hung["error"].starts_with("partial: the git reader did not finish within 2 s"),
        "{hung:?}"
    );
    assert_eq!(row("./alpha")["error"], "");
    let report = read_report(&out.join(&hung["report_json"]));
    assert!(
        report
            .mode
            .notes
            .iter()
            .any(|n| n.contains("did not finish within 2 s (--scan-timeout)")),
        "{:#?}",
        report.mode.notes
    );
}
