#![allow(clippy::unwrap_used, clippy::expect_used)]
//! What reaches a person's terminal and files from a hostile repository, through the real
//! command line: repository text is escaped in the table and on stderr, `-o` never
//! replaces what is not a regular file, write errors are errors, and a failing probe is
//! reported instead of dropped. Every repository is built with git in a temp dir.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use common::{Commit, Fixture, Repo};

/// What a symlinked SECURITY.md points at: retitle the terminal, clear it, print a lie.
const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}[31mFAKE: all met\u{1b}[0m";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("tssa-probe")
}

fn cmd() -> Command {
    let mut c = Command::new(bin());
    c.env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("TSSA_GITHUB_API_URL")
        .env_remove("TSSA_BESTPRACTICES_URL")
        .env_remove("TSSA_PROBE_TEST_PANIC")
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1");
    c
}

fn std_cmd() -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    c.env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("TSSA_PROBE_TEST_PANIC")
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// Characters a terminal acts on or that reorder or hide text, as the table escapes them.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn assert_terminal_safe(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| unsafe_char(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(bad.is_empty(), "{what} carries raw {bad:?}:\n{text}");
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// A repository whose SECURITY.md is a symlink to [`HOSTILE`] (a blob of mode 120000).
fn hostile_symlink_repo(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("hostile");
    r.commit(&Commit::new("init").file("README.md", "# r\n"));
    let blob = r.write_object("blob", HOSTILE.as_bytes());
    r.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("120000,{blob},SECURITY.md"),
    ]);
    r.commit(&Commit::new("policy link"));
    r
}

fn simple_repo(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("simple");
    r.commit(&Commit::new("init").file("SECURITY.md", "Mail security@example.org\n"));
    r
}

// ------------------------------------------------------------------ escaping (item 6)

#[test]
fn a_symlink_target_with_terminal_sequences_does_not_reach_the_table_raw() {
    let fx = Fixture::new();
    let repo = hostile_symlink_repo(&fx);
    // The JSON carries the target as it is (JSON escapes it): the hostile text is there.
    let json = cmd()
        .arg(&repo.path)
        .args([
            "--offline",
            "--format",
            "json",
            "--probe",
            "security-policy",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert!(
        v["probes"][0]["summary"]
            .as_str()
            .unwrap()
            .contains(HOSTILE),
        "{}",
        v["probes"][0]["summary"]
    );
    let table = cmd()
        .arg(&repo.path)
        .args(["--offline", "--probe", "security-policy"])
        .assert()
        .success();
    let text = stdout(&table);
    assert_terminal_safe("the table", &text);
    // Shown, visibly escaped (the table may wrap it, so look for its pieces).
    assert!(text.contains("\\u{1b}]0;PWNED\\u{7}"), "{text}");
    assert!(text.contains("FAKE: all met\\u{1b}[0m"), "{text}");
}

#[test]
fn a_branch_name_with_bidi_and_c1_controls_does_not_reach_the_table_raw() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    // git refuses C0 controls in ref names but takes any other character.
    let branch = "ma\u{202E}\u{9B}31min";
    repo.git(&["branch", "-m", branch]);
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "--probe", "branch-protection"])
        .assert()
        .success();
    let text = stdout(&out);
    assert_terminal_safe("the table", &text);
    assert!(text.contains("(ma\\u{202e}\\u{9b}31min)"), "{text}");
    // A C0 control in HEAD (only a hand-edited HEAD has one) is escaped too.
    std::fs::write(repo.git_dir().join("HEAD"), "ref: refs/heads/a\u{1b}[2Jb\n").unwrap();
    let out = cmd().arg(&repo.path).arg("--offline").assert();
    assert_terminal_safe("the table", &stdout(&out));
    assert_terminal_safe("stderr", &stderr(&out));
}

#[test]
fn a_file_name_with_controls_does_not_reach_the_table_or_stderr_raw() {
    let fx = Fixture::new();
    // The directory the clone lives in names the repository in the table's first line.
    let name = "clone\u{1b}[2J\u{9b}1m\u{202E}dm.YTIRUCES";
    let repo = fx.repo(name);
    repo.commit(&Commit::new("init").file("README.md", "# r\n"));
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "--probe", "sbom"])
        .assert()
        .success();
    let text = stdout(&out);
    assert_terminal_safe("the table", &text);
    assert!(
        text.contains("clone\\u{1b}[2J\\u{9b}1m\\u{202e}dm.YTIRUCES"),
        "{text}"
    );
    // An error sentence that quotes a path is escaped as well.
    let missing = fx.path().join("gone\u{202E}\u{1b}[31m");
    let out = cmd().arg(&missing).arg("--offline").assert().code(3);
    let err = stderr(&out);
    assert_terminal_safe("stderr", &err);
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn markdown_strips_zero_width_characters_and_keeps_line_start_rules() {
    use tssa_probe::render::markdown::{MAX_INLINE, escape};
    assert_eq!(escape("SECURITY\u{200B}.md", MAX_INLINE), "SECURITY.md");
    assert_eq!(
        escape("a\u{200C}\u{200D}\u{2060}\u{FEFF}b", MAX_INLINE),
        "ab"
    );
    // A removed character cannot hide a heading or list marker from the escaping.
    assert_eq!(escape("\u{200B}# Heading", MAX_INLINE), "\\# Heading");
    assert_eq!(escape("\u{FEFF}- item", MAX_INLINE), "\\- item");
    assert_eq!(escape("\u{1}# x", MAX_INLINE), "\\# x");
    // Through the CLI: a policy line with zero-width characters, excerpted in a footnote.
    let fx = Fixture::new();
    let repo = fx.repo("zw");
    repo.commit(&Commit::new("init").file(
        "SECURITY.md",
        "Report\u{200B} to security@example.org\u{FEFF} or https://example.org/sec\u{2060}urity\n",
    ));
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "--format", "md"])
        .assert()
        .success();
    let md = stdout(&out);
    assert!(md.contains("security@example.org"), "{md}");
    for zw in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
        assert!(!md.contains(zw), "U+{:04X} in the Markdown", u32::from(zw));
    }
}

// ------------------------------------------------------------------- -o targets (item 7)

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_into_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut reader = std::process::Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "--format", "json", "-o"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let still_fifo = std::fs::symlink_metadata(&fifo)
        .map(|m| m.file_type().is_fifo())
        .unwrap_or(false);
    if !out.status.success() || !still_fifo {
        // The reader would wait for a writer forever: end it before failing.
        let _ = reader.kill();
        let _ = reader.wait();
        panic!(
            "exit {:?}, still a FIFO: {still_fifo}; stderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut got = String::new();
    reader
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut got)
        .unwrap();
    assert!(reader.wait().unwrap().success());
    let v: serde_json::Value = serde_json::from_str(&got).unwrap();
    assert_eq!(v["schema_version"], "2");
}

/// `/dev/full` while it is the character device. (A regression of `-o` run as root
/// replaces it with a regular file; then these tests skip instead of reading a file.)
fn dev_full() -> Option<&'static Path> {
    let full = Path::new("/dev/full");
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::symlink_metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
            return Some(full);
        }
    }
    eprintln!("no /dev/full device on this system: skipped");
    None
}

#[test]
fn output_to_dev_full_is_an_error_and_dev_full_stays_a_device() {
    let Some(full) = dev_full() else { return };
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "-o"])
        .arg(full)
        .assert()
        .code(2);
    let err = stderr(&out);
    assert!(err.contains("cannot write /dev/full"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let meta = std::fs::symlink_metadata(full).unwrap();
        assert!(meta.file_type().is_char_device());
    }
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_the_file_it_leads_to_and_keeps_the_link() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let target = dir.path().join("reports/widget.json");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink("reports/widget.json", &link).unwrap();
    cmd()
        .arg(&repo.path)
        .args(["--offline", "--format", "json", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(v["schema_version"], "2");
    // No temp file left next to the target.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("widget.json")]);
    // A link to nothing is refused, and stays as it was.
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink("missing/x.json", &dangling).unwrap();
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "-o"])
        .arg(&dangling)
        .assert()
        .code(2);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn output_to_a_directory_is_refused_and_the_directory_kept() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("out");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("keep.txt"), "x").unwrap();
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "-o"])
        .arg(&sub)
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("it is a directory"),
        "{}",
        stderr(&out)
    );
    assert!(sub.is_dir());
    assert_eq!(std::fs::read_to_string(sub.join("keep.txt")).unwrap(), "x");
}

#[cfg(unix)]
#[test]
fn report_file_permissions_follow_the_umask() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let dir = tempfile::tempdir().unwrap();
    for (umask, want) in [("027", 0o640), ("002", 0o664), ("077", 0o600)] {
        let file = dir.path().join(format!("report-{umask}.json"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(bin())
            .arg(&repo.path)
            .args(["--offline", "--format", "json", "-o"])
            .arg(&file)
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .stdin(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(mode(&file), want, "umask {umask}: {:o}", mode(&file));
    }
    // Replacing an existing report keeps the mode it was given.
    let file = dir.path().join("report-027.json");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    cmd()
        .arg(&repo.path)
        .args(["--offline", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(mode(&file), 0o644);
}

// --------------------------------------------------------------- standard output (item 8)

#[test]
fn a_failed_write_to_standard_output_exits_2_with_one_sentence() {
    let Some(full) = dev_full() else { return };
    let full = std::fs::OpenOptions::new().write(true).open(full).unwrap();
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let out = std_cmd()
        .arg(&repo.path)
        .arg("--offline")
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot write the report to standard output"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    // The subcommands that print too.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std_cmd().arg("schema").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_quiet_and_never_a_panic() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    // The reader is gone before the first byte is written: the write fails with EPIPE.
    let mut child = std_cmd()
        .arg(&repo.path)
        .args(["--offline", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    // `| head -c1`: the reader takes one byte and leaves.
    let mut child = std_cmd()
        .arg(&repo.path)
        .arg("--offline")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    pipe.read_exact(&mut one).unwrap();
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

// ------------------------------------------------------------ jobs and probes (item 9)

#[test]
fn a_huge_or_zero_jobs_is_a_usage_error_not_a_panic() {
    for jobs in ["2305843009213693952", "0", "65"] {
        let out = cmd()
            .args(["--offline", "--jobs", jobs, "."])
            .assert()
            .code(2);
        let err = stderr(&out);
        assert!(
            err.contains("--jobs must be between 1 and 64"),
            "{jobs}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_panicking_probe_is_reported_unknown_and_the_run_exits_6() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let out = cmd()
        .arg(&repo.path)
        .args(["--offline", "--format", "json"])
        .env("TSSA_PROBE_TEST_PANIC", "sbom")
        .assert()
        .code(6);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let probes = v["probes"].as_array().unwrap();
    assert_eq!(
        probes.len(),
        tssa_probe::model::ProbeId::COUNT,
        "no probe is dropped"
    );
    let sbom = probes.iter().find(|p| p["id"] == "sbom").unwrap();
    assert_eq!(sbom["outcome"], "unknown");
    assert_eq!(sbom["reason"], "internal_error");
    let summary = sbom["summary"].as_str().unwrap();
    assert!(
        summary.contains("sbom probe failed internally"),
        "{summary}"
    );
    assert!(sbom["citations"].as_array().unwrap().is_empty());
    assert!(
        sbom["facts"]
            .as_object()
            .unwrap()
            .values()
            .all(|f| f.is_null()),
        "{}",
        sbom["facts"]
    );
    // The others are judged as usual.
    let policy = probes
        .iter()
        .find(|p| p["id"] == "security-policy")
        .unwrap();
    assert_eq!(policy["outcome"], "met");
    assert!(v["summary"]["unknown"].as_u64().unwrap() >= 1);
    // The panic is one escaped sentence on stderr.
    let err = stderr(&out);
    assert!(err.contains("internal error"), "{err}");
    assert_terminal_safe("stderr", &err);
    // It wins over --fail-on-not-met (1): the report is incomplete.
    cmd()
        .arg(&repo.path)
        .args(["--offline", "--fail-on-not-met"])
        .env("TSSA_PROBE_TEST_PANIC", "signed-commits")
        .assert()
        .code(6);
    // A probe not selected never runs, so it cannot fail the run.
    cmd()
        .arg(&repo.path)
        .args(["--offline", "--probe", "security-policy"])
        .env("TSSA_PROBE_TEST_PANIC", "sbom")
        .assert()
        .code(0);
}

#[test]
fn a_batch_with_a_panicking_probe_writes_the_report_and_exits_6() {
    let fx = Fixture::new();
    let repo = simple_repo(&fx);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("{}\n", repo.path.display())).unwrap();
    let out_dir = dir.path().join("out");
    cmd()
        .arg("batch")
        .arg(&list)
        .arg("--out-dir")
        .arg(&out_dir)
        .arg("--offline")
        .env("TSSA_PROBE_TEST_PANIC", "code-review")
        .assert()
        .code(6);
    let reports: Vec<PathBuf> = walk(&out_dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&reports[0]).unwrap()).unwrap();
    let cr = v["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "code-review")
        .unwrap();
    assert_eq!(cr["reason"], "internal_error");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
