//! Crafted repositories of issue 23's second round (what was left open): each is built in a
//! temporary directory with real git, large content generated here, never checked in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::harness;

use std::time::{Duration, Instant};

use common::Fixture;
use harness::ReportExt;
use tssa_probe::evidence::git;

/// Bounds are for an optimised build; the test build is unoptimised.
fn bound(secs: u64) -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) {
        secs * 6
    } else {
        secs
    })
}

// ------------------------------------------------ 1. each tag object is read once

#[test]
fn many_refs_to_one_large_tag_object_read_it_once() {
    let fx = Fixture::new();
    let r = fx.repo("one-tag-many-refs");
    r.commit_msg("first");
    let head = r.head();
    let mut tag = format!(
        "object {head}\ntype commit\ntag v1\ntagger T <t@example.com> 1700000000 +0000\n\n"
    )
    .into_bytes();
    tag.extend(common::text_mib("release notes", 16));
    let id = r.write_object("tag", &tag);
    for i in 0..40 {
        r.update_ref(&format!("refs/tags/v{i}"), &id);
    }
    let repo = git2::Repository::open(&r.path).unwrap();
    let started = Instant::now();
    let c = git::tags::census(&repo).unwrap();
    let took = started.elapsed();
    eprintln!("40 refs to one 16 MiB tag: {took:?}");
    assert_eq!((c.total, c.annotated, c.signed), (40, 40, 0));
    // Read once: about as long as reading 16 MiB, not 40 times that.
    assert!(took < bound(1), "{took:?}");
}

// ------------------------------------------- 2. a budget on the bytes the census inflates

#[test]
fn commits_with_huge_messages_stop_the_census_at_its_budget() {
    let fx = Fixture::new();
    let r = fx.repo("huge-messages");
    let mut parent: Option<String> = None;
    let message = common::text_mib("a long commit message", 1);
    for _ in 0..10 {
        let mut c = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n".to_vec();
        if let Some(p) = &parent {
            c.extend(format!("parent {p}\n").as_bytes());
        }
        c.extend(b"author A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\n\n");
        c.extend(&message);
        parent = Some(r.write_object("commit", &c));
    }
    let head = parent.unwrap();
    r.update_ref("refs/heads/main", &head);
    let repo = git2::Repository::open(&r.path).unwrap();
    let head = git2::Oid::from_str(&head).unwrap();
    // Loose objects first (read through libgit2, declared size checked), then packed (the
    // fast path).
    for packed in [false, true] {
        if packed {
            r.git(&["repack", "-adq"]);
        }
        for threads in [1, 2] {
            let c = git::census::census_within(&repo, head, None, threads, 4 * 1024 * 1024 + 4096)
                .unwrap();
            assert_eq!(
                c.stopped_at_budget,
                Some(4 * 1024 * 1024 + 4096),
                "{packed} {threads}"
            );
            assert!(!c.history_complete);
            assert!(
                (1..=4).contains(&c.commits_examined),
                "{packed} {threads}: {}",
                c.commits_examined
            );
            // Within the budget: the whole history, and nothing said.
            let all =
                git::census::census_within(&repo, head, None, threads, 64 * 1024 * 1024).unwrap();
            assert_eq!((all.commits_examined, all.stopped_at_budget), (10, None));
            assert!(all.history_complete);
        }
    }
}

// ------------------------- 3. objects declaring gigabytes: never allocated from the header

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::default());
    let mut out = vec![0; c.zlib_compress_bound(data.len())];
    let n = c.zlib_compress(data, &mut out).unwrap();
    out.truncate(n);
    out
}

/// Writes a loose object whose header declares `declared` bytes for `content`, under a
/// made-up id (git's own tools would refuse to write it).
fn loose_declaring(git_dir: &std::path::Path, id: &str, kind: &str, declared: u64, content: &[u8]) {
    let mut raw = format!("{kind} {declared}\0").into_bytes();
    raw.extend_from_slice(content);
    let dir = git_dir.join("objects").join(&id[..2]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&id[2..]), zlib(&raw)).unwrap();
}

#[test]
fn loose_commit_and_tag_declaring_gigabytes_are_not_allocated() {
    let fx = Fixture::new();
    let r = fx.bare_repo("loose-huge");
    let commit = "3333333333333333333333333333333333333333";
    let body = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\n\ncrafted\n";
    loose_declaring(&r.path, commit, "commit", 4_294_967_296, body);
    r.write_ref("refs/heads/main", commit);
    let tag = "4444444444444444444444444444444444444444";
    let tag_body = format!(
        "object {commit}\ntype commit\ntag v1\ntagger T <t@example.com> 1700000000 +0000\n\nv1\n"
    );
    loose_declaring(&r.path, tag, "tag", 3_000_000_000, tag_body.as_bytes());
    r.write_ref("refs/tags/v1", tag);

    let run = harness::scan(&r.path, &["--scan-timeout", "20"])
        .deadline(120)
        .run();
    run.assert_bounds("loose objects declaring GiB", 10, 512)
        .assert_code(0);
    let report = run.report();
    let text = report.to_string();
    assert_eq!(report.outcome("signed-commits"), "unknown");
    assert!(
        text.contains("4294967296 bytes") || text.contains("larger than the 1024 MiB"),
        "{text}"
    );
    assert!(text.contains("declares 3000000000 bytes"), "{text}");
}

// ------------------------- 4. tree entry names with '/' and names listed twice

/// A raw tree object from `(mode, name, id)` entries, in the order given (git's tools
/// refuse to write these).
fn raw_tree(r: &common::Repo<'_>, entries: &[(&str, &[u8], &str)]) -> String {
    let mut t = Vec::new();
    for (mode, name, id) in entries {
        t.extend_from_slice(mode.as_bytes());
        t.push(b' ');
        t.extend_from_slice(name);
        t.push(0);
        t.extend((0..20).map(|i| u8::from_str_radix(&id[2 * i..2 * i + 2], 16).unwrap()));
    }
    r.write_object("tree", &t)
}

#[test]
fn slash_names_and_duplicate_entries_make_their_tree_unlisted() {
    let fx = Fixture::new();
    let r = fx.repo("slash-names");
    let policy = r.write_object("blob", b"Report vulnerabilities to security@example.com.\n");
    let readme = r.write_object("blob", b"# A project\n");
    // A root entry named `.github/SECURITY.md`: one name, aliasing the policy's path.
    let root = raw_tree(
        &r,
        &[
            ("100644", b".github/SECURITY.md", &policy),
            ("100644", b"README.md", &readme),
        ],
    );
    common::commit_tree(&r, &root);
    let snap = git::collect(&r.path, "x", None).unwrap().files.unwrap();
    assert!(snap.get(".github/SECURITY.md").is_none());
    assert!(!snap.dir_listed("") && !snap.dir_listed(".github"));
    assert_eq!(snap.malformed_trees.len(), 1, "{:?}", snap.malformed_trees);
    let run = harness::scan(&r.path, &[]).run();
    run.assert_bounds("a name with slashes", 10, 512)
        .assert_code(0);
    let report = run.report();
    assert_eq!(report.outcome("security-policy"), "unknown");
    assert!(
        report.has_note("a tree is malformed"),
        "{:#?}",
        report.notes()
    );

    // A name listed twice in docs/ (git reads one of them): docs/ is unlisted, the root
    // and the rest are listed.
    let other = r.write_object("blob", b"nothing here\n");
    let docs = raw_tree(
        &r,
        &[
            ("100644", b"SECURITY.md", &other),
            ("100644", b"SECURITY.md", &policy),
        ],
    );
    let root = raw_tree(
        &r,
        &[("100644", b"README.md", &readme), ("40000", b"docs", &docs)],
    );
    common::commit_tree(&r, &root);
    let snap = git::collect(&r.path, "x", None).unwrap().files.unwrap();
    assert!(snap.get("README.md").is_some());
    assert!(snap.get("docs/SECURITY.md").is_none());
    assert!(snap.dir_listed("") && !snap.dir_listed("docs"));
    assert!(
        snap.malformed_trees[0].contains("listed twice"),
        "{:?}",
        snap.malformed_trees
    );
}

#[test]
fn workflow_names_differing_in_invalid_utf8_are_not_one_file() {
    let fx = Fixture::new();
    let r = fx.repo("invalid-utf8-names");
    let a = r.write_object("blob", b"on: push\njobs: {}\n");
    let b = r.write_object("blob", b"on: pull_request\njobs: {}\n");
    let wf = raw_tree(
        &r,
        &[("100644", b"ci\xfe.yml", &a), ("100644", b"ci\xff.yml", &b)],
    );
    let gh = raw_tree(&r, &[("40000", b"workflows", &wf)]);
    let root = raw_tree(&r, &[("40000", b".github", &gh)]);
    common::commit_tree(&r, &root);
    let snap = git::collect(&r.path, "x", None).unwrap().files.unwrap();
    assert!(!snap.dir_listed(".github/workflows") && snap.dir_listed(".github"));
    assert!(
        snap.malformed_trees[0].contains("invalid UTF-8"),
        "{:?}",
        snap.malformed_trees
    );
}
