//! Hostile and unusual local repositories: each gives a clear error or an honest result
//! (`Err(Unavailable)` with one sentence), never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Commit, Fixture, Repo, assert_census_matches};
use tssa_probe::Error;
use tssa_probe::evidence::files::{MAX_CONTENT, MAX_INFLATE, SNIFF_BYTES, Unread};
use tssa_probe::evidence::git::{self, LocalRepo};
use tssa_probe::evidence::{EntryKind, Unavailable};
use tssa_probe::model::Reason;

fn collect(repo: &Repo<'_>, limit: Option<u64>) -> LocalRepo {
    git::collect(&repo.path, "fixture", limit).expect("the repository opens")
}

/// One sentence: starts with a capital, ends with a period, no line breaks.
fn assert_sentence(s: &str) {
    assert!(!s.contains('\n'), "{s:?}");
    assert!(s.ends_with('.'), "{s:?}");
    assert!(s.chars().next().is_some_and(char::is_uppercase), "{s:?}");
}

fn not_collected(u: &Unavailable) {
    assert_eq!(u.reason, Reason::NotCollected);
    assert_sentence(&u.detail);
}

#[test]
fn nonexistent_path() {
    let fx = Fixture::new();
    let p = fx.path().join("does/not/exist");
    let err = git::collect(&p, "x", None).unwrap_err();
    assert!(matches!(err, Error::RepoNotFound(_)));
    assert_eq!(err.exit_code(), 3);
    let msg = err.to_string();
    assert_sentence(&msg);
    assert!(msg.contains("does not exist"), "{msg}");
}

#[test]
fn plain_directory() {
    let fx = Fixture::new();
    let p = fx.path().join("plain");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("README.md"), "not a repository").unwrap();
    let err = git::collect(&p, "x", None).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert_sentence(&err.to_string());
    assert!(err.to_string().contains("not a git repository"), "{err}");
    // A file is not a repository either.
    let err = git::collect(&p.join("README.md"), "x", None).unwrap_err();
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn empty_repository() {
    let fx = Fixture::new();
    for r in [fx.repo("empty"), fx.bare_repo("empty.git")] {
        let local = collect(&r, None);
        assert_eq!(local.identity.head_commit, None);
        assert_eq!(local.identity.default_branch.as_deref(), Some("main"));
        let files = local.files.unwrap();
        assert!(files.entries.is_empty());
        let h = local.history.unwrap();
        assert_eq!(h.commits_examined, 0);
        assert!(h.history_complete);
        assert_eq!(h.signatures.unsigned, 0);
        assert_eq!(local.tags.unwrap().total, 0);
    }
}

#[test]
fn unborn_head_next_to_other_branches_is_not_called_empty() {
    let fx = Fixture::new();
    let r = fx.repo("unborn");
    r.commit_msg("one");
    r.git(&["symbolic-ref", "HEAD", "refs/heads/nothing-here"]);
    let local = collect(&r, None);
    assert_eq!(
        local.identity.default_branch.as_deref(),
        Some("nothing-here")
    );
    assert_eq!(local.identity.head_commit, None);
    not_collected(&local.files.unwrap_err());
    not_collected(&local.history.unwrap_err());
}

#[test]
fn shallow_clone_is_never_complete() {
    let fx = Fixture::new();
    let src = fx.repo("src");
    for i in 0..6 {
        src.commit(&Commit::new(format!("c{i}")).file("f.txt", format!("{i}")));
    }
    let sh = fx.clone_shallow(&src, "shallow", 2);
    assert_eq!(sh.git(&["rev-parse", "--is-shallow-repository"]), "true");
    for limit in [None, Some(1), Some(2), Some(10)] {
        let h = collect(&sh, limit).history.unwrap();
        assert!(h.shallow);
        assert!(!h.history_complete, "limit {limit:?}");
        assert_eq!(h.commits_examined, limit.unwrap_or(2).min(2));
        assert_census_matches(&h, &sh.independent_census("HEAD", limit));
    }
    // The file snapshot is unaffected.
    let files = collect(&sh, None).files.unwrap();
    assert_eq!(files.get("f.txt").unwrap().size, 1);
}

#[test]
fn detached_head() {
    let fx = Fixture::new();
    let r = fx.repo("detached");
    let first = r.commit_msg("one");
    r.commit_msg("two");
    r.detach(&first);
    let local = collect(&r, None);
    assert_eq!(local.identity.default_branch, None);
    assert_eq!(local.identity.head_commit.as_deref(), Some(first.as_str()));
    assert_eq!(local.history.unwrap().commits_examined, 1);

    // In a clone, origin/HEAD names the default branch even when HEAD is detached.
    r.git(&["checkout", "-q", "main"]);
    let clone = fx.clone_repo(&r, "clone");
    clone.git(&["checkout", "-q", "main"]);
    let main = clone.head();
    clone.detach(&first);
    let local = collect(&clone, None);
    assert_eq!(local.identity.default_branch.as_deref(), Some("main"));
    assert_eq!(local.identity.head_commit, Some(main));
}

/// A repository whose objects stay loose (no automatic gc), with files worth reading.
fn loose_repo(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("loose");
    r.git(&["config", "gc.auto", "0"]);
    r.commit(&Commit::new("one").file("README.md", "readme"));
    r.commit(&Commit::new("two").file("SECURITY.md", "mail security@example.com"));
    r.commit(&Commit::new("three").file("src/lib.rs", "// code"));
    r.tag("v1", common::TagKind::Annotated);
    r
}

#[test]
fn corrupt_commit_in_history() {
    let fx = Fixture::new();
    let r = loose_repo(&fx);
    let middle = r.rev_parse("HEAD~1");
    r.corrupt_loose_object(&middle);
    let local = collect(&r, None);
    let err = local.history.unwrap_err();
    not_collected(&err);
    assert!(err.detail.contains(&middle), "{}", err.detail);
    // The head commit and its tree are fine.
    assert!(local.files.unwrap().get("SECURITY.md").is_some());
    assert_eq!(local.tags.unwrap().total, 1);
    // A limit that stops before the corrupt commit does not need it... but git reads a
    // commit's parents when it takes the commit, so only a limit of 0 avoids it.
    assert_eq!(collect(&r, Some(0)).history.unwrap().commits_examined, 0);
    assert!(collect(&r, Some(1)).history.is_err());
}

/// A well-formed object stored under another object's id (a local clone doctored so that
/// commit X, as GitHub knows it, reads as something else): the content does not hash to its
/// id, and the history is not reported from it.
#[test]
fn an_object_whose_content_is_not_its_id_is_not_evidence() {
    let fx = Fixture::new();
    let r = loose_repo(&fx);
    let middle = r.rev_parse("HEAD~1");
    let other = r.rev_parse("HEAD~2");
    let from = r.loose_object_path(&other);
    let to = r.loose_object_path(&middle);
    common::make_writable(&to);
    std::fs::copy(&from, &to).unwrap();
    let local = collect(&r, None);
    let err = local.history.unwrap_err();
    not_collected(&err);
    assert!(err.detail.contains(&middle), "{}", err.detail);
}

#[test]
fn corrupt_head_commit() {
    let fx = Fixture::new();
    let r = loose_repo(&fx);
    let head = r.head();
    r.corrupt_loose_object(&head);
    let local = collect(&r, None);
    assert_eq!(local.identity.head_commit.as_deref(), Some(head.as_str()));
    not_collected(&local.files.unwrap_err());
    not_collected(&local.history.unwrap_err());
}

#[test]
fn missing_blob_is_listed_without_content_and_the_rest_is_read() {
    // A partial clone or an incomplete mirror lacks some blobs: that is not corruption, and
    // the other files are still evidence.
    let fx = Fixture::new();
    let r = loose_repo(&fx);
    let blob = r.rev_parse("HEAD:README.md");
    std::fs::remove_file(r.loose_object_path(&blob)).unwrap();
    let local = collect(&r, None);
    let files = local.files.unwrap();
    assert_eq!(files.missing, vec!["README.md".to_string()]);
    let readme = files.get("README.md").expect("still listed");
    assert!(readme.content.is_none());
    assert!(
        files.text("SECURITY.md").is_some(),
        "other wanted files are still read"
    );
}

#[test]
fn corrupt_blob_and_tag() {
    let fx = Fixture::new();
    let r = loose_repo(&fx);
    let blob = r.rev_parse("HEAD:SECURITY.md");
    r.corrupt_loose_object(&blob);
    let tag = r.rev_parse("refs/tags/v1");
    r.corrupt_loose_object(&tag);
    let local = collect(&r, None);
    let e = local.files.unwrap_err();
    not_collected(&e);
    assert!(e.detail.contains("SECURITY.md"), "{}", e.detail);
    not_collected(&local.tags.unwrap_err());
    assert_eq!(local.history.unwrap().commits_examined, 3);
}

#[test]
fn missing_parent_and_malformed_commits() {
    let fx = Fixture::new();
    let r = fx.repo("malformed");
    r.commit_msg("root");
    let tree = r.rev_parse("HEAD^{tree}");
    // A parent that does not exist (not a shallow boundary).
    let raw = format!(
        "tree {tree}\nparent 1234567890123456789012345678901234567890\nauthor A <a@x> 1 +0000\ncommitter C <c@x> 1 +0000\n\nmissing parent\n"
    );
    let c = r.write_object("commit", raw.as_bytes());
    r.write_ref("refs/heads/main", &c);
    let e = collect(&r, None).history.unwrap_err();
    not_collected(&e);
    assert!(
        e.detail
            .contains("1234567890123456789012345678901234567890")
    );

    // No tree line at all: git cannot read it either.
    let c = r.write_object("commit", b"author A <a@x> 1 +0000\n\nno tree\n");
    r.write_ref("refs/heads/main", &c);
    let local = collect(&r, None);
    not_collected(&local.history.unwrap_err());
    assert!(local.files.is_err());

    // No committer, binary junk in the headers: counted, never web-flow.
    let raw = [
        format!("tree {tree}\nauthor A <a@x> 1 +0000\n\u{1}junk \u{7f}\n").into_bytes(),
        b"\xff\xfe header\n\nmessage \xff\n".to_vec(),
    ]
    .concat();
    let c = r.write_object("commit", &raw);
    r.write_ref("refs/heads/main", &c);
    let h = collect(&r, None).history.unwrap();
    assert_eq!(h.commits_examined, 1);
    assert_eq!(h.signatures.unsigned, 1);
    assert_eq!(h.web_flow_commits, 0);
    assert_eq!(h.oldest_commit_time, None);
    assert!(h.history_complete);
}

#[test]
fn huge_security_md_is_loaded_up_to_the_cap() {
    let fx = Fixture::new();
    let r = fx.repo("huge");
    r.git(&["config", "gc.auto", "0"]);
    let line = "Report vulnerabilities to security@example.com, thank you.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    let size = big.len() as u64;
    let head = format!("{{\"spdxVersion\": \"SPDX-2.3\"}}\n{big}");
    r.commit(
        &Commit::new("huge")
            .file("SECURITY.md", &big)
            .file("sbom.spdx.json", &head),
    );
    drop(big);
    drop(head);

    // Loose objects are streamed up to the cap.
    let files = collect(&r, None).files.unwrap();
    let e = files.get("SECURITY.md").unwrap();
    assert_eq!(e.size, size);
    let c = e.content.as_ref().unwrap();
    assert!(c.truncated);
    assert_eq!(c.text.len(), MAX_CONTENT);
    assert!(c.text.starts_with(line));
    let sniff = files
        .get("sbom.spdx.json")
        .unwrap()
        .content
        .as_ref()
        .unwrap();
    assert!(sniff.truncated);
    assert_eq!(sniff.text.len(), SNIFF_BYTES);
    assert!(files.unread.is_empty(), "{:?}", files.unread);

    // Packed ones cannot be streamed: one over the inflation limit is not read at all, and
    // the snapshot says which and why.
    r.git(&["gc", "-q"]);
    assert!(
        !r.loose_object_path(&r.rev_parse("HEAD:SECURITY.md"))
            .exists()
    );
    let files = collect(&r, None).files.unwrap();
    for p in ["SECURITY.md", "sbom.spdx.json"] {
        let e = files.get(p).unwrap();
        assert!(e.content.is_none(), "{p}");
        assert!(
            matches!(
                files.unread.get(p),
                Some(Unread::TooLarge { limit, .. }) if *limit == MAX_INFLATE
            ),
            "{p}: {:?}",
            files.unread
        );
    }
    assert_eq!(files.get("SECURITY.md").unwrap().size, size);
}

#[test]
fn symlinked_security_md_pointing_outside() {
    let fx = Fixture::new();
    let r = fx.repo("link");
    r.commit_msg("init");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../../etc/passwd", r.path.join("SECURITY.md")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", r.path.join("README.md")).unwrap();
    r.git(&["add", "SECURITY.md", "README.md"]);
    r.commit_msg("links");
    let files = collect(&r, None).files.unwrap();
    let e = files.get("SECURITY.md").unwrap();
    assert_eq!(
        e.kind,
        EntryKind::Symlink {
            target: "../../etc/passwd".into()
        }
    );
    assert!(e.content.is_none());
    assert!(files.text("SECURITY.md").is_none());
    assert!(files.text("README.md").is_none());
    assert!(
        !files
            .entries
            .values()
            .any(|e| e.content.as_ref().is_some_and(|c| c.text.contains("root:")))
    );
}

#[test]
fn non_utf8_names_and_messages() {
    let fx = Fixture::new();
    let r = fx.repo("bytes");
    r.git(&["config", "core.quotePath", "false"]);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(r.path.join(name), "latin-1 name").unwrap();
        let dir = std::ffi::OsStr::from_bytes(b"d\xffir");
        std::fs::create_dir(r.path.join(dir)).unwrap();
        std::fs::write(r.path.join(dir).join("SECURITY.md"), "in a strange dir").unwrap();
    }
    r.git(&["add", "."]);
    // A Latin-1 message with an encoding header, and a raw invalid one.
    r.git(&["config", "i18n.commitEncoding", "ISO-8859-1"]);
    r.commit(&Commit::new(
        b"r\xe9sum\xe9\n\nSigned-off-by: J\xe9r\xf4me <j@example.com>\n",
    ));
    r.git(&["config", "--unset", "i18n.commitEncoding"]);
    r.commit(&Commit::new(
        b"\xff\xfe\x01 binary\n\nsigned-off-by: x <x@x>\n",
    ));

    let local = collect(&r, None);
    let files = local.files.unwrap();
    assert!(
        files.get("caf\u{fffd}.txt").is_some(),
        "{:?}",
        files.entries.keys()
    );
    assert!(files.get("d\u{fffd}ir/SECURITY.md").is_some());
    let h = local.history.unwrap();
    assert_eq!(h.commits_examined, 2);
    assert_eq!(h.dco_signed_off, 2);
    assert_census_matches(&h, &r.independent_census("HEAD", None));
}
