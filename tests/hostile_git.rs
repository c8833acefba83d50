//! Crafted repositories (issue 11, the git evidence): each is built in a temporary directory
//! with real git, large content generated here, never checked in. The CLI runs as a child
//! process; where the case is about resources, its wall time and peak RSS (`VmHWM`, polled
//! from `/proc/<pid>/status` while it runs) are asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::Write;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Fixture, Repo, TagKind};
use serde_json::Value;
use tssa_probe::evidence::files::{self, MAX_ENTRIES, Unread};
use tssa_probe::evidence::git;

/// What one run of the CLI cost and produced.
struct Run {
    report: Value,
    wall: Duration,
    /// Peak resident set size in KiB (0 when /proc is not there).
    peak_kib: u64,
}

impl Run {
    fn probe(&self, id: &str) -> &Value {
        self.report["probes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("no probe {id}"))
    }
    fn notes(&self) -> Vec<String> {
        self.report["mode"]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect()
    }
    fn note_with(&self, needle: &str) -> String {
        let notes = self.notes();
        notes
            .iter()
            .find(|n| n.contains(needle))
            .cloned()
            .unwrap_or_else(|| panic!("no note with {needle:?}: {notes:#?}"))
    }
    /// Asserts the resource bounds and prints what was measured (shown with --nocapture).
    fn within(&self, what: &str, secs: u64, mib: u64) {
        // The bounds are for an optimised build; the test build is unoptimised (libgit2
        // included) and shares two cores with the rest of the suite, so its time bound is
        // wider. Memory does not depend on optimisation and keeps its bound.
        let secs = if cfg!(debug_assertions) {
            secs * 6
        } else {
            secs
        };
        eprintln!(
            "{what}: {:.2} s wall, {} MiB peak RSS",
            self.wall.as_secs_f64(),
            self.peak_kib / 1024
        );
        assert!(
            self.wall < Duration::from_secs(secs),
            "{what}: {:?} (bound {secs} s)",
            self.wall
        );
        if std::path::Path::new("/proc/self/status").exists() {
            assert!(self.peak_kib > 0, "{what}: no RSS reading");
        }
        assert!(
            self.peak_kib < mib * 1024,
            "{what}: peak RSS {} MiB (bound {mib} MiB)",
            self.peak_kib / 1024
        );
    }
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Scans `repo` offline with the CLI (JSON), measuring it.
fn scan(fx: &Fixture, repo: &std::path::Path) -> Run {
    let out = fx.path().join(format!("report-{}.json", fastrand::u64(..)));
    let mut c = fx.cmd(env!("CARGO_BIN_EXE_tssa-probe"));
    c.arg(repo)
        .args(["--offline", "--no-cache", "--format", "json", "-o"])
        .arg(&out)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = c.spawn().unwrap();
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = vm_hwm(pid) {
            peak = peak.max(kib);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = started.elapsed();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(status.success(), "scan failed: {status}: {err}");
    let report = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    Run {
        report,
        wall,
        peak_kib: peak,
    }
}

/// Writes a blob from `content`, returning its id.
fn blob(r: &Repo<'_>, content: &[u8]) -> String {
    r.write_object("blob", content)
}

/// A tree from `mktree` lines (`<mode> <type> <id>\t<name>`), returning its id.
fn mktree(r: &Repo<'_>, lines: &[String]) -> String {
    let mut input = lines.join("\n").into_bytes();
    input.push(b'\n');
    String::from_utf8(r.git_raw(&["mktree", "--missing"], &[], Some(&input)))
        .unwrap()
        .trim()
        .to_string()
}

// ------------------------------------------------------------------ 3. one content budget

#[test]
fn thousands_of_entries_naming_one_large_blob_share_one_content() {
    let fx = Fixture::new();
    let r = fx.repo("shared-blob");
    let big = blob(&r, &common::text_mib("readme", 1));
    let policy = blob(&r, b"Report vulnerabilities to security@example.com.\n");
    let mut lines: Vec<String> = (0..4000)
        .map(|i| format!("100644 blob {big}\tREADME.{i}"))
        .collect();
    lines.push(format!("100644 blob {policy}\tSECURITY.md"));
    let tree = mktree(&r, &lines);
    common::commit_tree(&r, &tree);
    r.git(&["repack", "-adq"]);

    // One content, shared by every path naming the blob.
    let local = git::collect(&r.path, "x", None).unwrap();
    let snap = local.files.unwrap();
    let first = snap.get("README.0").unwrap().content.clone().unwrap();
    for i in 0..4000 {
        let c = snap.get(&format!("README.{i}")).unwrap().content.as_ref();
        assert!(Arc::ptr_eq(&first, c.unwrap()), "README.{i}");
    }
    assert!(snap.unread.is_empty(), "{:?}", snap.unread.keys().take(3));

    let run = scan(&fx, &r.path);
    run.within("4000 README entries naming one 1 MiB blob", 10, 256);
    assert_eq!(run.probe("security-policy")["outcome"], "met");
}

#[test]
fn spent_content_budget_leaves_files_unread_and_their_facts_unknown() {
    // More distinct policy contents than the budget holds, none naming a contact: the
    // policy exists, but whether it names a contact is unknown, never "no contact".
    let fx = Fixture::new();
    let r = fx.repo("budget");
    let budget_mib = (files::CONTENT_BUDGET / (1024 * 1024)) as usize;
    let mut lines = Vec::new();
    for i in 0..budget_mib + 6 {
        // Case variants of SECURITY.md are distinct paths GitHub would not all read, but the
        // probe looks at each; every one a distinct 1 MiB blob without a contact.
        let name: String = "security"
            .chars()
            .enumerate()
            .map(|(k, ch)| {
                if i >> k & 1 == 1 {
                    ch.to_ascii_uppercase()
                } else {
                    ch
                }
            })
            .collect();
        let b = blob(&r, &common::text_mib(&format!("policy {i}"), 1));
        lines.push(format!("100644 blob {b}\t{name}.md"));
    }
    let tree = mktree(&r, &lines);
    common::commit_tree(&r, &tree);

    let run = scan(&fx, &r.path);
    run.within("70 distinct 1 MiB policy files", 10, 256);
    let note = run.note_with("content budget");
    assert!(note.contains("64 MiB"), "{note}");
    let p = run.probe("security-policy");
    assert_eq!(p["outcome"], "unknown", "{p:#}");
    assert_eq!(p["reason"], "not_collected");
    assert!(p["facts"]["contact"].is_null(), "{p:#}");
    assert_eq!(
        p["facts"]["locations"].as_array().unwrap().len(),
        budget_mib + 6
    );
}

// ------------------------------------------------- 4. the size is read before inflating

#[test]
fn huge_packed_security_md_is_not_inflated() {
    let fx = Fixture::new();
    let r = fx.repo("huge-packed");
    // 2 GiB of zeros (a sparse file): git streams a file over core.bigFileThreshold
    // straight into a pack, a few MB.
    let size: u64 = 2 * 1024 * 1024 * 1024;
    let f = std::fs::File::create(r.path.join("SECURITY.md")).unwrap();
    f.set_len(size).unwrap();
    drop(f);
    r.git(&["-c", "core.compression=1", "add", "SECURITY.md"]);
    std::fs::remove_file(r.path.join("SECURITY.md")).unwrap();
    r.commit_msg("huge policy");
    let sha = r.rev_parse("HEAD:SECURITY.md");
    assert!(!r.loose_object_path(&sha).exists(), "the blob is packed");

    let local = git::collect(&r.path, "x", None).unwrap();
    let snap = local.files.unwrap();
    assert_eq!(snap.get("SECURITY.md").unwrap().size, size);
    assert_eq!(
        snap.unread.get("SECURITY.md"),
        Some(&Unread::TooLarge {
            size,
            limit: files::MAX_INFLATE
        })
    );

    let run = scan(&fx, &r.path);
    run.within("a 2 GiB packed SECURITY.md", 10, 128);
    let note = run.note_with("SECURITY.md (2.0 GiB)");
    assert!(note.contains("8 MiB"), "{note}");
    let p = run.probe("security-policy");
    assert_eq!(p["outcome"], "unknown", "{p:#}");
    assert!(p["summary"].as_str().unwrap().contains("SECURITY.md"));
}

// ------------------------------------------------------------ 10. a cut listing is honest

/// A tree holding `n` files `f<i>` naming one empty blob.
fn wide_tree(r: &Repo<'_>, n: usize) -> String {
    let empty = blob(r, b"");
    let lines: Vec<String> = (0..n)
        .map(|i| format!("100644 blob {empty}\tf{i}"))
        .collect();
    mktree(r, &lines)
}

#[test]
fn cut_listing_keeps_github_dir_and_does_not_conclude_absence() {
    let fx = Fixture::new();

    // .github/ is listed before a huge directory: its policy is found.
    let r = fx.repo("wide-sub");
    let wide = wide_tree(&r, MAX_ENTRIES + 10);
    let policy = blob(&r, b"Mail security@example.com\n");
    let gh = mktree(&r, &[format!("100644 blob {policy}\tSECURITY.md")]);
    let tree = mktree(
        &r,
        &[
            format!("040000 tree {gh}\t.github"),
            format!("040000 tree {wide}\tzz"),
        ],
    );
    common::commit_tree(&r, &tree);
    r.git(&["repack", "-adq"]);
    let snap = git::collect(&r.path, "x", None).unwrap().files.unwrap();
    assert!(snap.listing_truncated);
    assert!(snap.get(".github/SECURITY.md").is_some());
    assert!(snap.dir_listed(".github") && snap.dir_listed(""));
    assert!(!snap.dir_listed("zz"));
    let run = scan(&fx, &r.path);
    // Listing half a million entries takes a few seconds in a release build; this is the
    // unoptimised test build (libgit2 included) on a shared machine.
    run.within("a tree with more than MAX_ENTRIES files", 60, 512);
    assert_eq!(run.probe("security-policy")["outcome"], "met");
    let note = run.note_with("only the first were listed");
    assert!(note.contains("zz/"), "{note}");

    // The root itself is too large: whether a policy exists is not known. (The same
    // repository, its branch moved to a commit of the wide tree alone.)
    common::commit_tree(&r, &wide);
    r.git(&["repack", "-adq"]);
    let run = scan(&fx, &r.path);
    let p = run.probe("security-policy");
    assert_eq!(p["outcome"], "unknown", "{p:#}");
    assert!(
        p["summary"].as_str().unwrap().contains("listing was cut"),
        "{p:#}"
    );
    let cr = run.probe("code-review");
    assert!(cr["facts"]["owners_files_total"].is_null(), "{cr:#}");
}

#[test]
fn tree_object_too_large_to_read_is_not_inflated() {
    // 260 000 entries with 250-byte names: a 70 MiB tree object in a small pack.
    let fx = Fixture::new();
    let r = fx.repo("huge-tree");
    let empty = blob(&r, b"");
    let pad = "n".repeat(240);
    let lines: Vec<String> = (0..260_000)
        .map(|i| format!("100644 blob {empty}\t{pad}{i:09}"))
        .collect();
    let big = mktree(&r, &lines);
    drop(lines);
    let policy = blob(&r, b"Mail security@example.com\n");
    let tree = mktree(
        &r,
        &[
            format!("100644 blob {policy}\tSECURITY.md"),
            format!("040000 tree {big}\tbig"),
        ],
    );
    common::commit_tree(&r, &tree);
    r.git(&["repack", "-adq"]);
    let size: u64 = r.git(&["cat-file", "-s", &big]).parse().unwrap();
    assert!(size > git::tree::MAX_TREE_BYTES, "{size}");

    let run = scan(&fx, &r.path);
    run.within("a 70 MiB tree object", 20, 160);
    assert_eq!(run.probe("security-policy")["outcome"], "met");
    let note = run.note_with("directory too large to read");
    assert!(note.contains("big/"), "{note}");
}

// --------------------------------------- 11. only regular files count as present files

#[test]
fn gitlink_policy_and_symlinked_codeowners_are_not_evidence() {
    let fx = Fixture::new();
    let r = fx.repo("gitlinks");
    r.commit_msg("root");
    let c = r.head();
    r.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{c},SECURITY.md"),
    ]);
    #[cfg(unix)]
    {
        std::fs::create_dir_all(r.path.join(".github")).unwrap();
        std::os::unix::fs::symlink("../../../etc/passwd", r.path.join(".github/CODEOWNERS"))
            .unwrap();
        std::os::unix::fs::symlink("/etc/group", r.path.join("CODEOWNERS")).unwrap();
        std::os::unix::fs::symlink("/etc", r.path.join("OWNERS")).unwrap();
        r.git(&["add", ".github/CODEOWNERS", "CODEOWNERS", "OWNERS"]);
    }
    r.commit_msg("crafted");

    let run = scan(&fx, &r.path);
    let p = run.probe("security-policy");
    // No policy file, and a clone without a GitHub remote: its organization's policy could
    // not be looked for, so the outcome is unknown, never not_met.
    assert_eq!(p["outcome"], "unknown", "{p:#}");
    let s = p["summary"].as_str().unwrap();
    assert!(s.contains("SECURITY.md is a submodule"), "{s}");
    assert!(p["facts"]["locations"].is_null(), "{p:#}");
    let cr = run.probe("code-review");
    assert!(cr["facts"]["codeowners_path"].is_null(), "{cr:#}");
    assert_eq!(cr["facts"]["owners_files_total"], 0, "{cr:#}");
    assert!(
        !cr["summary"].as_str().unwrap().contains("CODEOWNERS"),
        "{cr:#}"
    );
    // The self-assessment says nothing about a published policy.
    let sa = run.report["self_assessment"].to_string();
    assert!(!sa.contains("published in SECURITY.md"), "{sa}");
}

// ------------------------------------------------- 12. in-tree links reported as they are

#[test]
fn in_tree_symlink_loops_and_directories_are_named_as_such() {
    let fx = Fixture::new();
    let r = fx.repo("loops");
    r.write("docs/readme.txt", "docs");
    r.write("policy/sec.md", "Report to security@example.org\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("SECURITY.md", r.path.join("SECURITY.md")).unwrap();
        std::fs::create_dir_all(r.path.join(".github")).unwrap();
        symlink("../docs", r.path.join(".github/SECURITY.md")).unwrap();
        symlink("b", r.path.join("docs/a")).unwrap();
        symlink("a", r.path.join("docs/b")).unwrap();
        symlink("a", r.path.join("docs/SECURITY.md")).unwrap();
        symlink("..", r.path.join("docs/security")).unwrap();
    }
    r.git(&["add", "-A"]);
    r.commit_msg("links");
    let run = scan(&fx, &r.path);
    let p = run.probe("security-policy");
    // No policy file, and a clone without a GitHub remote: its organization's policy could
    // not be looked for, so the outcome is unknown, never not_met.
    assert_eq!(p["outcome"], "unknown", "{p:#}");
    let s = p["summary"].as_str().unwrap();
    assert!(!s.contains("outside the repository"), "{s}");
    assert!(
        s.contains("SECURITY.md is a symlink that loops back"),
        "{s}"
    );
    assert!(
        s.contains(".github/SECURITY.md is a symlink to the directory docs"),
        "{s}"
    );
    assert!(
        s.contains("docs/SECURITY.md is a symlink that loops back"),
        "{s}"
    );
    assert!(s.contains("symlink to the root directory"), "{s}");

    // A link to a file elsewhere in the tree is followed, and the file read.
    let r = fx.repo("in-tree-link");
    r.write("policy/sec.md", "Report to security@example.org\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("policy/sec.md", r.path.join("SECURITY.md")).unwrap();
    r.git(&["add", "-A"]);
    r.commit_msg("link");
    let run = scan(&fx, &r.path);
    let p = run.probe("security-policy");
    assert_eq!(p["outcome"], "met", "{p:#}");
    assert_eq!(p["facts"]["contact"][0], "security@example.org");
}

// ------------------------------------------------------ 13. a broken tag census is said

#[test]
fn broken_tag_refs_make_the_tags_unknown_and_say_why() {
    let fx = Fixture::new();
    let r = fx.repo("badtags");
    r.commit_msg("one");
    r.tag("v1", TagKind::Annotated);
    r.write_ref(
        "refs/tags/ghost",
        "1234567890123456789012345678901234567890",
    );
    let run = scan(&fx, &r.path);
    let p = run.probe("signed-commits");
    assert!(p["facts"]["tags"].is_null(), "{p:#}");
    let s = p["summary"].as_str().unwrap();
    assert!(s.contains("tags not counted"), "{s}");
    assert!(s.contains("ghost"), "{s}");
    run.note_with("the tags were not counted");

    // Junk packed-refs.
    let r = fx.repo("junkrefs");
    r.commit_msg("one");
    r.tag("v1", TagKind::Annotated);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(r.git_dir().join("packed-refs"))
        .unwrap();
    f.write_all(b"\x00\xffthis is not a packed-refs line\nzzzz refs/tags/v2\n")
        .unwrap();
    drop(f);
    let run = scan(&fx, &r.path);
    let p = run.probe("signed-commits");
    assert!(p["facts"]["tags"].is_null(), "{p:#}");
    assert!(
        p["summary"].as_str().unwrap().contains("tags not counted"),
        "{p:#}"
    );
    run.note_with("the tags were not counted");
}

// ---------------------------------------------- 14. only well-formed signatures count

#[test]
fn malformed_signature_headers_are_counted_apart() {
    let fx = Fixture::new();
    let r = fx.repo("badsigs");
    let root = r.commit_msg("root");
    let tree = r.rev_parse("HEAD^{tree}");
    let mut parent = root;
    for (i, h) in [
        "gpgsig garbage\n",
        "gpgsig -----BEGIN PGP SIGNATURE-----\n -----END PGP SIGNATURE-----\n",
        "gpgsig \n",
        "gpgsig -----BEGIN SSH SIGNATURE-----\n",
    ]
    .iter()
    .enumerate()
    {
        let t = 1_700_000_000 + i;
        let raw = format!(
            "tree {tree}\nparent {parent}\nauthor A <a@example.com> {t} +0000\ncommitter A <a@example.com> {t} +0000\n{h}\nc{i}\n"
        );
        parent = r.write_object("commit", raw.as_bytes());
    }
    r.write_ref("refs/heads/main", &parent);
    // A tag whose message only starts an armor.
    let tag = format!(
        "object {parent}\ntype commit\ntag v1\ntagger T <t@example.com> 1700000100 +0000\n\nrelease\n-----BEGIN PGP SIGNATURE-----\n"
    );
    let t = r.write_object("tag", tag.as_bytes());
    r.write_ref("refs/tags/v1", &t);

    let run = scan(&fx, &r.path);
    let p = run.probe("signed-commits");
    let f = &p["facts"];
    assert_eq!(f["signatures"]["malformed"], 4, "{p:#}");
    assert_eq!(f["signatures"]["openpgp"], 0);
    assert_eq!(f["signatures"]["ssh"], 0);
    assert_eq!(f["signatures"]["other"], 0);
    assert_eq!(f["signatures"]["unsigned"], 1);
    assert_eq!(f["developer_signed"], 0);
    assert_eq!(p["outcome"], "not_met", "{p:#}");
    assert!(
        p["summary"]
            .as_str()
            .unwrap()
            .contains("4 with a malformed signature header"),
        "{p:#}"
    );
    assert_eq!(f["tags"]["signed"], 0);
    assert_eq!(f["tags"]["malformed_signatures"], 1);
}

// ------------------------------------------ 15. where the objects came from is said

#[test]
fn gitdir_files_and_alternates_are_named_in_the_notes() {
    let fx = Fixture::new();
    let other = fx.repo("other");
    other.commit(&common::Commit::new("theirs").file("SECURITY.md", "mail a@example.com"));

    // A plain clone reads only its own objects: no note.
    let plain = fx.clone_repo(&other, "plain");
    let run = scan(&fx, &plain.path);
    assert!(
        !run.notes()
            .iter()
            .any(|n| n.contains("outside the scanned")),
        "{:#?}",
        run.notes()
    );

    // A directory whose .git file names another repository's git directory.
    let victim = fx.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join(".git"), "gitdir: ../other/.git\n").unwrap();
    let run = scan(&fx, &victim);
    let note = run.note_with("the git directory is");
    let real = other.path.join(".git").canonicalize().unwrap();
    assert!(note.contains(&real.display().to_string()), "{note}");
    assert!(note.contains(".git file"), "{note}");

    // A shared clone (objects/info/alternates).
    let mut c = fx.cmd("git");
    c.args(["clone", "-q", "--shared"])
        .arg(&other.path)
        .arg(fx.path().join("shared"));
    fx.run(c, None);
    let run = scan(&fx, &fx.path().join("shared"));
    let note = run.note_with("alternates");
    let objects = other.path.join(".git/objects").canonicalize().unwrap();
    assert!(note.contains(&objects.display().to_string()), "{note}");
    assert_eq!(run.probe("security-policy")["outcome"], "met");
}

// ------------------------------------------------- properties of the signature parser

mod props {
    use proptest::prelude::*;
    use tssa_probe::evidence::git::census::{SigKind, classify_armor, parse_commit};
    use tssa_probe::evidence::git::tags::parse_tag;

    const TREE: &str = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
    const TAG: &str = "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1\ntagger T <t@x> 1 +0000\n";

    fn label() -> impl Strategy<Value = (String, SigKind)> {
        prop_oneof![
            Just(("PGP SIGNATURE".to_string(), SigKind::OpenPgp)),
            Just(("PGP MESSAGE".to_string(), SigKind::OpenPgp)),
            Just(("SSH SIGNATURE".to_string(), SigKind::Ssh)),
            Just(("SIGNED MESSAGE".to_string(), SigKind::X509)),
            "[A-Z][A-Z0-9]{0,10}( [A-Z0-9]{1,10})?".prop_map(|l| {
                let k = match l.as_str() {
                    "PGP SIGNATURE" | "PGP MESSAGE" => SigKind::OpenPgp,
                    "SSH SIGNATURE" => SigKind::Ssh,
                    "SIGNED MESSAGE" => SigKind::X509,
                    _ => SigKind::Other,
                };
                (l, k)
            }),
        ]
    }

    /// A well-formed block: its text, its kind, and where its END line ends.
    fn block() -> impl Strategy<Value = (String, SigKind, usize)> {
        (
            label(),
            proptest::option::of("Version: [a-zA-Z0-9 ]{1,20}"),
            proptest::collection::vec("[A-Za-z0-9+/]{1,76}", 1..6),
            proptest::option::of("=[A-Za-z0-9+/]{4}"),
        )
            .prop_map(|((label, kind), hdr, body, crc)| {
                let mut s = format!("-----BEGIN {label}-----\n");
                if let Some(h) = hdr {
                    s.push_str(&h);
                    s.push_str("\n\n");
                }
                for l in body {
                    s.push_str(&l);
                    s.push('\n');
                }
                if let Some(c) = crc {
                    s.push_str(&c);
                    s.push('\n');
                }
                s.push_str(&format!("-----END {label}-----"));
                let end = s.len();
                s.push('\n');
                (s, kind, end)
            })
    }

    /// As a commit header: the first line after `gpgsig `, the rest continuation lines.
    fn as_header(block: &str) -> String {
        let mut lines = block.trim_end_matches('\n').split('\n');
        let mut h = format!("gpgsig {}\n", lines.next().unwrap_or(""));
        for l in lines {
            h.push_str(&format!(" {l}\n"));
        }
        h
    }

    fn commit_with(header: &str) -> Vec<u8> {
        format!("{TREE}author A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n{header}\nmessage\n")
            .into_bytes()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn parsers_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = classify_armor(&data);
            let _ = parse_commit(&data);
            let _ = parse_tag(&data);
            let mut c = TREE.as_bytes().to_vec();
            c.extend_from_slice(&data);
            let _ = parse_commit(&c);
        }

        #[test]
        fn well_formed_blocks_are_counted((b, kind, _) in block()) {
            prop_assert_eq!(classify_armor(b.as_bytes()), kind);
            let i = parse_commit(&commit_with(&as_header(&b))).unwrap();
            prop_assert_eq!(i.signature, Some(kind));
            let known = !matches!(kind, SigKind::Other);
            let t = parse_tag(format!("{TAG}\nrelease\n{b}").as_bytes());
            // git finds only the four known armors in a tag message.
            prop_assert_eq!(t.signed, known);
            prop_assert!(!t.malformed);
        }

        #[test]
        fn truncated_blocks_are_not((b, _, end) in block(), cut in 0usize..1000) {
            let cut = cut % end;
            let prefix = &b[..cut];
            prop_assert_eq!(classify_armor(prefix.as_bytes()), SigKind::Malformed);
            let i = parse_commit(&commit_with(&as_header(prefix))).unwrap();
            prop_assert_eq!(i.signature, Some(SigKind::Malformed));
            let t = parse_tag(format!("{TAG}\nrelease\n{prefix}").as_bytes());
            prop_assert!(!t.signed);
        }
    }
}

/// Issue 11, items 1, 2 and 5: CI configuration built to exhaust the parser or the probes.
/// Deeply nested YAML in a workflow and in `.goreleaser.yml`, an alias fan-out, and four
/// release workflows of 30 000 `cosign sign` lines each (just under the 1 MiB file cap): bounded in time and memory, each
/// refused file named, nothing concluded from what was refused.
#[test]
fn hostile_ci_configuration_is_bounded_and_said() {
    let fx = Fixture::new();
    let r = fx.repo("hostile-ci");
    let deep = format!(
        "on: push\njobs: {}{}",
        "[".repeat(520_000),
        "]".repeat(520_000)
    );
    r.write(".github/workflows/deep.yml", &deep);
    let items = vec!["1"; 20_000].join(",");
    let refs = vec!["*x"; 150_000].join(",");
    r.write(
        ".goreleaser.yml",
        format!("x: &x [{items}]\ny: [{refs}]\nsigns:\n  - cmd: cosign\n"),
    );
    let lines = "          cosign sign --yes img\n".repeat(30_000);
    for i in 0..4 {
        r.write(
            &format!(".github/workflows/release{i}.yml"),
            format!(
                "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      - run: gh release create v1\n      - run: |\n{lines}"
            ),
        );
    }
    r.write("SECURITY.md", "Report to security@example.com\n");
    r.git(&["add", "-A"]);
    r.commit_msg("hostile ci");
    let run = scan(&fx, &r.path);
    run.within("hostile CI configuration", 10, 512);
    let ci = run.probe("ci-checks");
    let wf = ci["facts"]["workflows"].as_array().unwrap();
    let deep = wf
        .iter()
        .find(|w| w["path"] == ".github/workflows/deep.yml")
        .unwrap();
    assert!(
        deep["parse_error"]
            .as_str()
            .unwrap()
            .contains("deeper than"),
        "{deep}"
    );
    // The alias bomb is refused, so GoReleaser's signing is not credited from it.
    let rel = run.probe("release-integrity");
    let steps = rel["facts"]["pipeline"]["steps"].as_array().unwrap();
    assert!(
        !steps.iter().any(|s| s["path"] == ".goreleaser.yml"),
        "{steps:?}"
    );
    // The release workflows' signing is found (once per line, capped), and cited.
    assert!(steps.iter().any(|s| s["tool"] == "cosign"), "{rel:#}");
    assert!(
        run.notes()
            .iter()
            .any(|n| n.contains("commands and action uses")),
        "{:#?}",
        run.notes()
    );
}
