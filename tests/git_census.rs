//! The local git census against real repositories: exact counts per signature kind,
//! web-flow vs developer signatures, DCO, tags, limits and completeness, each compared to
//! git's own count of the same history.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Commit, Fixture, Repo, Sign, TagKind, assert_census_matches};
use tssa_probe::evidence::git::{self, LocalRepo};
use tssa_probe::evidence::{EntryKind, HistoryCensus};

fn collect(repo: &Repo<'_>, limit: Option<u64>) -> LocalRepo {
    git::collect(&repo.path, "fixture", limit).expect("the repository opens")
}

fn history(repo: &Repo<'_>, limit: Option<u64>) -> HistoryCensus {
    collect(repo, limit).history.expect("the history is read")
}

/// A history with every kind of commit, on two branches joined by a merge.
fn mixed_history(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("mixed");
    r.commit(&Commit::new("init").file("README.md", "hello\n"));
    r.commit(&Commit::new("gpg signed").sign(Sign::Gpg));
    r.commit(
        &Commit::new("gpg signed, signed off")
            .sign(Sign::Gpg)
            .signoff(),
    );
    r.commit(&Commit::new("ssh signed").sign(Sign::Ssh));
    r.commit(&Commit::new("x509 signed").sign(Sign::X509));
    r.git(&["checkout", "-q", "-b", "side"]);
    r.commit(&Commit::new("web-flow signed").web_flow().sign(Sign::Gpg));
    r.commit(
        &Commit::new("web-flow unsigned, signed off")
            .web_flow()
            .signoff(),
    );
    r.git(&["checkout", "-q", "main"]);
    r.commit(
        &Commit::new("ssh signed, signed off")
            .sign(Sign::Ssh)
            .signoff(),
    );
    r.commit(&Commit::new(
        "only a trailer\n\nSIGNED-OFF-BY: Someone <s@example.com>\n",
    ));
    r.commit(&Commit::new(
        "not a trailer\n\n  Signed-off-by: indented <i@example.com>\n",
    ));
    r.commit(&Commit::new("name only").committer("GitHub", "someone@example.com"));
    r.commit(
        &Commit::new("email only")
            .committer("Not GitHub", "noreply@github.com")
            .sign(Sign::Ssh),
    );
    let merge_date = format!("@{} +0000", fx.tick());
    r.git_raw(
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
        &[
            ("GIT_AUTHOR_DATE", &merge_date),
            ("GIT_COMMITTER_DATE", &merge_date),
        ],
        None,
    );
    r.commit(
        &Commit::new("web-flow ssh signed")
            .web_flow()
            .sign(Sign::Ssh),
    );
    r
}

#[test]
fn exact_census_of_a_mixed_history() {
    let fx = Fixture::new();
    let r = mixed_history(&fx);
    let local = collect(&r, None);
    let h = local.history.as_ref().unwrap();

    // Known by construction.
    assert_eq!(h.commits_examined, 14);
    assert_eq!(h.signatures.openpgp, 3, "2 developer gpg + 1 web-flow gpg");
    assert_eq!(h.signatures.ssh, 4);
    assert_eq!(h.signatures.x509, 1);
    assert_eq!(h.signatures.other, 0);
    assert_eq!(h.signatures.unsigned, 6);
    assert_eq!(h.web_flow_commits, 3);
    assert_eq!(h.web_flow_signed, 2);
    assert_eq!(h.developer_signed, 6);
    assert_eq!(h.dco_signed_off, 4);
    assert!(h.history_complete);
    assert!(!h.shallow);
    assert_eq!(h.head, r.head());
    assert_eq!(h.oldest_commit_time, Some(common::EPOCH + 60));
    assert_eq!(h.newest_commit_time, Some(common::EPOCH + 14 * 60));
    assert_eq!(h.source_url.as_deref(), Some("git"));
    assert!(h.verification.is_none());

    // And the same as git's own count, example commits included.
    assert_census_matches(h, &r.independent_census("HEAD", None));
    let first = |k: &str| {
        h.examples
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, s)| s.clone())
    };
    assert_eq!(first("web_flow_signed"), Some(r.head()));
    assert_eq!(first("x509"), Some(r.rev_parse(":/x509 signed")));

    // Identity without an origin.
    assert_eq!(local.identity.default_branch.as_deref(), Some("main"));
    assert_eq!(local.identity.head_commit, Some(r.head()));
    assert!(local.identity.github.is_none());
    assert_eq!(local.identity.input, "fixture");
    let tags = local.tags.unwrap();
    assert_eq!((tags.total, tags.annotated, tags.signed), (0, 0, 0));
}

#[test]
fn limits_select_the_same_commits_as_rev_list() {
    let fx = Fixture::new();
    let r = fx.repo("order");
    // Two branches whose dates interleave, with equal timestamps across them, so that the
    // selection of the newest N depends on git's exact queue order.
    let t = common::EPOCH;
    r.commit(&Commit::new("root").at(t));
    r.git(&["branch", "side"]);
    let kinds = [
        Sign::None,
        Sign::Ssh,
        Sign::None,
        Sign::Gpg,
        Sign::None,
        Sign::Ssh,
    ];
    for (i, s) in kinds.iter().enumerate() {
        let i = i as i64;
        r.commit(
            &Commit::new(format!("main {i}"))
                .sign(*s)
                .at(t + 100 + i * 20),
        );
    }
    r.git(&["checkout", "-q", "side"]);
    for i in 0..6i64 {
        let c =
            Commit::new(format!("side {i}")).at(t + 100 + i * 20 + if i % 2 == 0 { 0 } else { 10 });
        let c = if i % 3 == 0 {
            c.web_flow().sign(Sign::Gpg)
        } else {
            c.signoff()
        };
        r.commit(&c);
    }
    r.git(&["checkout", "-q", "main"]);
    let d = format!("@{} +0000", t + 1000);
    r.git_raw(
        &["merge", "-q", "--no-ff", "-m", "merge", "side"],
        &[("GIT_AUTHOR_DATE", &d), ("GIT_COMMITTER_DATE", &d)],
        None,
    );
    let total: u64 = r.git(&["rev-list", "--count", "HEAD"]).parse().unwrap();
    assert_eq!(total, 14);

    for n in 0..=total + 2 {
        let h = history(&r, Some(n));
        assert_eq!(h.commits_examined, n.min(total), "limit {n}");
        assert_eq!(h.history_complete, n >= total, "limit {n}");
        assert_census_matches(&h, &r.independent_census("HEAD", Some(n)));
    }
    let full = history(&r, None);
    assert_eq!(full.commits_examined, total);
    assert!(full.history_complete);
}

#[test]
fn handcrafted_signature_armors() {
    let fx = Fixture::new();
    let r = fx.repo("armor");
    let root = r.commit_msg("root");
    let tree = r.rev_parse("HEAD^{tree}");
    let mut parent = root;
    let headers = [
        "gpgsig -----BEGIN SIGNED MESSAGE-----\n MIAGCSqGSIb3DQEHAqCAMIACAQEx\n -----END SIGNED MESSAGE-----\n",
        "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n",
        "gpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n iQ\n -----END PGP SIGNATURE-----\n",
        "gpgsig -----BEGIN FUTURE SIGNATURE-----\n xx\n -----END FUTURE SIGNATURE-----\n",
        // A signed tag merged in: its signature is not the commit's.
        "mergetag object 1111111111111111111111111111111111111111\n type commit\n tag v0\n tagger T <t@example.com> 1 +0000\n \n v0\n -----BEGIN PGP SIGNATURE-----\n iQ\n -----END PGP SIGNATURE-----\n",
    ];
    for (i, h) in headers.iter().enumerate() {
        let t = common::EPOCH + 1000 + i as i64;
        let raw = format!(
            "tree {tree}\nparent {parent}\nauthor A <a@example.com> {t} +0000\ncommitter C <c@example.com> {t} +0000\n{h}\ncommit {i}\n"
        );
        parent = r.write_object("commit", raw.as_bytes());
    }
    r.update_ref("refs/heads/main", &parent);
    let h = history(&r, None);
    assert_eq!(h.commits_examined, 6);
    assert_eq!(
        (
            h.signatures.x509,
            h.signatures.ssh,
            h.signatures.openpgp,
            h.signatures.other,
            h.signatures.unsigned
        ),
        (1, 1, 1, 1, 2)
    );
    assert_eq!(h.developer_signed, 4);
    assert_census_matches(&h, &r.independent_census("HEAD", None));
}

#[test]
fn tag_census() {
    let fx = Fixture::new();
    let r = fx.repo("tags");
    r.commit(&Commit::new("one").file("a.txt", "a"));
    r.tag("v0.1.0", TagKind::Lightweight);
    r.tag("v0.2.0", TagKind::Annotated);
    r.commit_msg("two");
    r.tag("v0.3.0", TagKind::Signed(Sign::Gpg));
    r.tag("release/v0.3.1", TagKind::Signed(Sign::Ssh));
    r.tag("v0.4.0", TagKind::Signed(Sign::X509));
    r.tag_at("blob-tag", "HEAD:a.txt", TagKind::Lightweight);
    r.tag_at("annotated-blob", "HEAD:a.txt", TagKind::Annotated);
    // A tag of a signed tag: annotated, unsigned itself.
    r.tag_at("wrapper", "v0.3.0", TagKind::Annotated);

    let t = collect(&r, None).tags.unwrap();
    assert_eq!(t.total, 8);
    assert_eq!(t.annotated, 6);
    assert_eq!(t.signed, 3);
    // Newest first by tagger date.
    assert_eq!(t.signed_names, ["v0.4.0", "release/v0.3.1", "v0.3.0"]);
    assert_eq!(t.source_url.as_deref(), Some("git"));

    let g = r.independent_tags();
    assert_eq!(
        (t.total, t.annotated, t.signed),
        (g.total, g.annotated, g.signed)
    );
    let mut mine = t.signed_names.clone();
    let mut theirs = g.signed_names.clone();
    mine.sort();
    theirs.sort();
    assert_eq!(mine, theirs);
}

#[test]
fn signed_names_are_capped() {
    let fx = Fixture::new();
    let r = fx.repo("many-tags");
    r.commit_msg("one");
    for i in 0..25 {
        r.tag(&format!("v{i:02}"), TagKind::Signed(Sign::Ssh));
    }
    let t = collect(&r, None).tags.unwrap();
    assert_eq!((t.total, t.signed), (25, 25));
    assert_eq!(t.signed_names.len(), 20);
    assert_eq!(t.signed_names.first().map(String::as_str), Some("v24"));
    assert_eq!(t.signed_names.last().map(String::as_str), Some("v05"));
}

#[test]
fn clone_identity_default_branch_and_bare() {
    let fx = Fixture::new();
    let src = mixed_history(&fx);
    src.git(&["branch", "feature", "HEAD~3"]);

    let clone = fx.clone_repo(&src, "clone");
    clone.git(&[
        "remote",
        "set-url",
        "origin",
        "https://github.com/example-org/example-repo.git",
    ]);
    // The checked-out branch is not the default branch: origin/HEAD decides.
    clone.git(&["checkout", "-q", "-b", "feature", "origin/feature"]);
    let local = collect(&clone, None);
    let gh = local.identity.github.as_ref().unwrap();
    assert_eq!(
        (gh.owner.as_str(), gh.name.as_str()),
        ("example-org", "example-repo")
    );
    assert_eq!(local.identity.default_branch.as_deref(), Some("main"));
    assert_eq!(local.identity.head_commit, Some(src.head()));
    let h = local.history.unwrap();
    assert_eq!(h.head, src.head());
    assert_census_matches(&h, &src.independent_census("main", None));

    // Without a local branch of that name, the remote-tracking branch is read.
    clone.git(&["branch", "-q", "-D", "main"]);
    let local = collect(&clone, Some(5));
    assert_eq!(local.identity.default_branch.as_deref(), Some("main"));
    assert_eq!(local.identity.head_commit, Some(src.head()));
    assert_eq!(local.history.unwrap().commits_examined, 5);

    // A path inside the work tree finds the repository.
    std::fs::create_dir_all(clone.path.join("sub/dir")).unwrap();
    let inner = git::collect(&clone.path.join("sub/dir"), "inner", None).unwrap();
    assert_eq!(inner.identity.head_commit, Some(src.head()));
    assert_eq!(
        inner.identity.local_path,
        Some(clone.path.canonicalize().unwrap().display().to_string())
    );

    // A bare clone reads the same objects.
    let bare = fx.clone_bare(&src, "bare.git");
    let b = collect(&bare, None);
    assert_eq!(b.identity.default_branch.as_deref(), Some("main"));
    assert!(b.identity.github.is_none(), "origin is a file:// URL");
    assert_census_matches(
        b.history.as_ref().unwrap(),
        &src.independent_census("main", None),
    );
    let files = b.files.unwrap();
    assert!(files.get("README.md").is_some());
    assert_eq!(files.commit, src.head());
}

#[test]
fn file_snapshot_lists_every_path_and_loads_only_wanted_ones() {
    let fx = Fixture::new();
    let r = fx.repo("files");
    r.write("SECURITY.md", "Report to security@example.com\n");
    r.write(".github/workflows/ci.yml", "on: [pull_request]\n");
    r.write("src/main.rs", "fn main() {}\n");
    r.write("docs/deep/nested/file.txt", "x");
    r.write("bom.spdx.json", "{\"spdxVersion\": \"SPDX-2.3\"}");
    r.write("run.sh", "#!/bin/sh\n");
    r.git(&["add", "."]);
    r.git(&["update-index", "--chmod=+x", "run.sh"]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("../SECURITY.md", r.path.join("docs/SECURITY.md")).unwrap();
    r.git(&["add", "docs/SECURITY.md"]);
    // A submodule entry (gitlink) without a checkout.
    r.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1111111111111111111111111111111111111111,vendor/lib",
    ]);
    let head = r.commit_msg("files");

    let files = collect(&r, None).files.unwrap();
    assert_eq!(files.commit, head);
    assert!(!files.listing_truncated);
    let listed: Vec<&str> = files.entries.keys().map(String::as_str).collect();
    let git_listed = r.git(&["ls-tree", "-r", "--name-only", "HEAD"]);
    let mut git_listed: Vec<&str> = git_listed.lines().collect();
    git_listed.sort_unstable();
    assert_eq!(listed, git_listed);

    for (path, e) in &files.entries {
        if !matches!(e.kind, EntryKind::Submodule) {
            let size: u64 = r
                .git(&["cat-file", "-s", &format!("HEAD:{path}")])
                .parse()
                .unwrap();
            assert_eq!(e.size, size, "{path}");
        }
    }
    let sec = files.get("SECURITY.md").unwrap();
    assert_eq!(sec.kind, EntryKind::File);
    assert_eq!(
        sec.content.as_ref().unwrap().text,
        "Report to security@example.com\n"
    );
    assert!(!sec.content.as_ref().unwrap().truncated);
    assert!(
        files
            .get(".github/workflows/ci.yml")
            .unwrap()
            .content
            .is_some()
    );
    assert!(files.get("bom.spdx.json").unwrap().content.is_some());
    assert!(
        files.get("src/main.rs").unwrap().content.is_none(),
        "not wanted"
    );
    assert_eq!(files.get("run.sh").unwrap().kind, EntryKind::Executable);
    assert_eq!(files.get("vendor/lib").unwrap().kind, EntryKind::Submodule);
    assert_eq!(
        files.get("docs/SECURITY.md").unwrap().kind,
        EntryKind::Symlink {
            target: "../SECURITY.md".into()
        }
    );
    // An in-tree link resolves to its target's content.
    let (p, c) = files.text("docs/SECURITY.md").unwrap();
    assert_eq!(p, "SECURITY.md");
    assert!(c.text.contains("security@example.com"));
}
