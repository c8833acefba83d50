//! The landscape page (`DIR/index.html`) of a batch against the mock GitHub / badge site on
//! 127.0.0.1: its structure checked with an HTML parser (always), and its behaviour in a
//! real headless Chromium (skipped, with the reason printed, when none is installed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::batch_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use batch_support::{MockGithub, State};
use scraper::{ElementRef, Html, Selector};
use tssa_probe::batch::{self, BatchOptions, InputKind, InputOptions, Interrupt, Status};
use tssa_probe::evidence::badge::{BadgeClient, BadgeConfig};
use tssa_probe::evidence::github::{GithubClient, GithubConfig};
use tssa_probe::model::ProbeId;
use tssa_probe::scan::{Clients, ScanOptions};

/// A project name no page should obey: it closes the cell and opens a script.
const HOSTILE_PROJECT: &str =
    "</td><script>alert(1)</script><img src=x onerror=alert(2)>\u{202e}evil";
/// A local path that does not exist: its row fails, and the error sentence quotes it.
const HOSTILE_PATH: &str = "./<b onmouseover=alert(3)>nope\"'&";

fn landscape_yml() -> String {
    format!(
        r#"
landscape:
  - category:
    name: Orchestration
    subcategories:
      - subcategory:
        name: Scheduling
        items:
          - item:
            name: Alpha
            project: graduated
            repo_url: https://github.com/acme/alpha
          - item:
            name: {hostile}
            project: sandbox
            repo_url: https://github.com/zeta-org/omega
          - item:
            name: Gamma
            project: incubating
            repo_url: https://github.com/acme/missing-gamma
"#,
        hostile = serde_json::to_string(HOSTILE_PROJECT).unwrap()
    )
}

/// Runs a small batch (three landscape items and a hostile local path) and returns the
/// output directory.
async fn batch_dir() -> tempfile::TempDir {
    let mock = MockGithub::start(State::new(Duration::ZERO, false)).await;
    let out = tempfile::tempdir().unwrap();
    let mut entries = batch::list::parse(
        &landscape_yml(),
        "landscape.yml",
        true,
        &InputOptions::default(),
    )
    .unwrap()
    .entries;
    entries.extend(
        batch::list::parse(HOSTILE_PATH, "list", false, &InputOptions::default())
            .unwrap()
            .entries,
    );
    assert_eq!(entries.len(), 4);
    let github = GithubClient::new(GithubConfig {
        max_retries: 0,
        timeout: Duration::from_secs(10),
        ..GithubConfig::new(mock.url(), Some(secrecy::SecretString::from("dummy")), None)
    })
    .unwrap();
    let mut badge = BadgeConfig::new(&mock.url(), None);
    badge.min_interval = Duration::from_millis(1);
    let clients = std::sync::Arc::new(Clients {
        github,
        badge: BadgeClient::with_config(badge).unwrap(),
    });
    let opts = BatchOptions {
        out_dir: out.path().to_path_buf(),
        jobs: 2,
        resume: false,
        shard: None,
        markdown: true,
        scan: ScanOptions::default(),
        input_name: "landscape.yml".into(),
        input_kind: InputKind::Landscape,
    };
    let outcome = batch::run_batch(
        entries,
        &opts,
        clients,
        &batch::progress::Silent,
        &Interrupt::new(),
    )
    .await
    .unwrap();
    assert_eq!(outcome.count(Status::Scanned), 2, "{:?}", outcome.rows);
    assert_eq!(outcome.count(Status::Failed), 2);
    out
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// The grid's body rows: (repository cell text, the row element).
fn grid_rows(doc: &Html) -> Vec<ElementRef<'_>> {
    doc.select(&sel("#grid > tbody > tr")).collect()
}

fn column(doc: &Html, key: &str) -> usize {
    doc.select(&sel("#grid > thead > tr > th"))
        .position(|th| th.value().attr("data-key") == Some(key))
        .unwrap_or_else(|| panic!("no column {key}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_has_a_row_per_repository_a_cell_per_probe_and_counts() {
    let out = batch_dir().await;
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let doc = Html::parse_document(&html);

    // Self-contained: one inline script and style, a policy that allows nothing else,
    // no external resource of any kind.
    assert_eq!(doc.select(&sel("script")).count(), 1);
    assert!(
        doc.select(&sel("script[src], link, img, iframe, object, embed"))
            .next()
            .is_none()
    );
    let csp = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .unwrap();
    let policy = csp.value().attr("content").unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(policy.contains("script-src 'sha256-"), "{policy}");

    let heads: Vec<String> = doc
        .select(&sel("#grid > thead > tr > th"))
        .map(|th| th.value().attr("data-key").unwrap().to_string())
        .collect();
    for p in ProbeId::ALL {
        assert!(heads.contains(&p.as_str().to_string()), "{heads:?}");
    }
    // Every header sorts (a button to click).
    assert_eq!(
        doc.select(&sel("#grid > thead > tr > th > button")).count(),
        heads.len()
    );

    let rows = grid_rows(&doc);
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert_eq!(r.select(&sel("td")).count(), heads.len());
    }
    let alpha = rows
        .iter()
        .find(|r| text_of(**r).contains("acme/alpha"))
        .unwrap();
    assert_eq!(alpha.value().attr("class"), Some("scanned"));
    // Each outcome cell links to the repository's report, which exists.
    let links: Vec<&str> = alpha
        .select(&sel("td.o a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links.len(), ProbeId::ALL.len());
    for l in &links {
        assert_eq!(*l, "./acme/alpha.md");
        assert!(out.path().join(l.trim_start_matches("./")).is_file());
    }
    // The outcome is told by a word and a symbol, not by colour alone.
    let sec = alpha
        .select(&sel("td"))
        .nth(column(&doc, "security-policy"))
        .unwrap();
    assert_eq!(sec.value().attr("data-o"), Some("met"));
    assert!(text_of(sec).starts_with("✓ met"), "{}", text_of(sec));
    assert!(sec.value().classes().any(|c| c == "met"));

    // Counts: per probe, the outcomes of the repositories with a report add up to them.
    for (k, p) in ProbeId::ALL.iter().enumerate() {
        let col = 3 + k;
        let total: usize = doc
            .select(&sel(&format!("#counts td[data-col=\"{col}\"]")))
            .map(|td| text_of(td).parse::<usize>().unwrap())
            .sum();
        assert_eq!(total, 2, "{p}");
        let met_cells = rows
            .iter()
            .filter(|r| {
                r.select(&sel("td"))
                    .nth(col)
                    .unwrap()
                    .value()
                    .attr("data-o")
                    == Some("met")
            })
            .count();
        let met_count: usize = text_of(
            doc.select(&sel(&format!("#counts td[data-col=\"{col}\"][data-o=met]")))
                .next()
                .unwrap(),
        )
        .parse()
        .unwrap();
        assert_eq!(met_count, met_cells, "{p}");
    }
    // The failed rows say why, and link nowhere.
    let failed: Vec<_> = rows
        .iter()
        .filter(|r| r.value().attr("class") == Some("failed"))
        .collect();
    assert_eq!(failed.len(), 2);
    for r in failed {
        assert!(r.select(&sel("a")).next().is_none());
        assert!(!text_of(r.select(&sel("td.note")).next().unwrap()).is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repository_controlled_text_is_escaped() {
    let out = batch_dir().await;
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let doc = Html::parse_document(&html);
    // Nothing the names carried became markup.
    assert_eq!(doc.select(&sel("script")).count(), 1);
    assert!(doc.select(&sel("img, b")).next().is_none());
    for e in doc.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
    assert!(!html.contains('\u{202e}'), "bidirectional override left in");
    // It is shown as text, as written (the override made visible).
    let project_col = column(&doc, "project");
    let shown: Vec<String> = grid_rows(&doc)
        .iter()
        .map(|r| text_of(r.select(&sel("td")).nth(project_col).unwrap()))
        .collect();
    let expected = HOSTILE_PROJECT.replace('\u{202e}', "\\u{202e}");
    assert!(shown.contains(&expected), "{shown:?}");
    // The hostile path's row: its name and its error sentence are text.
    let row = grid_rows(&doc)
        .into_iter()
        .find(|r| text_of(*r).contains("onmouseover"))
        .unwrap();
    assert!(
        text_of(row.select(&sel("td.repo")).next().unwrap())
            .contains("<b onmouseover=alert(3)>nope\"'&")
    );
    // Attributes hold it escaped too (the filter's search text).
    assert!(
        row.value()
            .attr("data-text")
            .unwrap()
            .contains("<b onmouseover")
    );
}

// --------------------------------------------------------------------- real browser

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TSSA_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Runs headless Chromium on `url` with `args`; returns its standard output. Killed after
/// 90 s.
fn run_chromium(bin: &Path, profile: &Path, args: &[String], url: &str) -> String {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let started = Instant::now();
    let out = std::thread::spawn({
        let mut so = child.stdout.take().unwrap();
        move || {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut so, &mut s).unwrap();
            s
        }
    });
    let err = std::thread::spawn({
        let mut se = child.stderr.take().unwrap();
        move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut se, &mut s);
            s
        }
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stdout = out.join().unwrap();
            let stderr = err.join().unwrap();
            assert!(status.success(), "chromium failed ({status}): {stderr}");
            return stdout;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn page_url(dir: &Path, fragment: &str) -> String {
    let path = dir.join("index.html");
    let mut u = url::Url::from_file_path(&path).unwrap();
    u.set_fragment(Some(fragment));
    u.to_string()
}

fn visible_repositories(doc: &Html) -> Vec<String> {
    grid_rows(doc)
        .into_iter()
        .filter(|r| r.value().attr("hidden").is_none())
        .map(|r| text_of(r.select(&sel("td.repo")).next().unwrap()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_browser_sorts_filters_and_draws_the_page() {
    let Some(bin) = chromium() else {
        eprintln!(
            "skipped: no Chromium (/usr/bin/chromium; install Debian's chromium, or set TSSA_CHROMIUM)"
        );
        return;
    };
    let out = batch_dir().await;
    let profile = tempfile::tempdir().unwrap();
    let dump = |fragment: &str| {
        let dom = run_chromium(
            &bin,
            profile.path(),
            &["--virtual-time-budget=5000".into(), "--dump-dom".into()],
            &page_url(out.path(), fragment),
        );
        Html::parse_document(&dom)
    };

    // Loaded as is: the script ran, every row is there in list order.
    let doc = dump("");
    let root = doc.select(&sel("html")).next().unwrap();
    assert_eq!(
        root.value().attr("data-ready"),
        Some("1"),
        "the script did not run"
    );
    let listed = visible_repositories(&doc);
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert_eq!(listed[0], "acme/alpha");

    // A click on the Repository header twice: descending by name.
    let doc = dump("sort=repository&dir=desc");
    let shown = visible_repositories(&doc);
    let mut want = shown.clone();
    want.sort_by_key(|s| std::cmp::Reverse(s.to_lowercase()));
    assert_eq!(shown, want);
    assert_ne!(shown, listed, "the order changed");
    let th = doc
        .select(&sel("#grid th[data-key=repository]"))
        .next()
        .unwrap();
    assert_eq!(th.value().attr("aria-sort"), Some("descending"));

    // Sorting by a probe puts the best outcome first (scanned rows before failed ones).
    let doc = dump("sort=security-policy");
    let col = column(&doc, "security-policy");
    let ranks: Vec<u32> = grid_rows(&doc)
        .iter()
        .map(|r| {
            r.select(&sel("td"))
                .nth(col)
                .unwrap()
                .value()
                .attr("data-sort")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let mut sorted = ranks.clone();
    sorted.sort_unstable();
    assert_eq!(ranks, sorted);

    // The filter: only matching rows stay visible, and the counts follow.
    let doc = dump("q=zeta");
    assert_eq!(
        visible_repositories(&doc),
        vec!["zeta-org/omega".to_string()]
    );
    assert_eq!(text_of(doc.select(&sel("#shown")).next().unwrap()), "1");
    let total: usize = doc
        .select(&sel("#counts td[data-col=\"3\"]"))
        .map(|td| text_of(td).parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 1, "counts cover the filtered rows only");
    // The hostile project name did not become markup in the live page either.
    assert_eq!(doc.select(&sel("script")).count(), 1);
    assert!(doc.select(&sel("img, b")).next().is_none());

    // A screenshot, kept as the test's artifact.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("landscape.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &bin,
        profile.path(),
        &[
            "--virtual-time-budget=5000".into(),
            "--window-size=1500,900".into(),
            format!("--screenshot={}", shot.display()),
        ],
        &page_url(out.path(), "sort=not_met&dir=desc"),
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(png.len() > 10_000, "a blank page? {} bytes", png.len());
    eprintln!("screenshot: {}", shot.display());
}
