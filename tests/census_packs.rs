//! The census's fast path for packed commits (`evidence::git::packs`): what it reads is
//! byte for byte what git reads, deltified commits included, and anything it cannot vouch
//! for (a corrupt entry, an index that names an object for another's content) is left to
//! libgit2, which stops the census and says which commit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Commit, Fixture, Repo, Sign, assert_census_matches};
use tssa_probe::evidence::git::{self, census, packs::Packs, packs::Scratch};

/// Commits whose long messages differ by a line, so that a deep repack stores some of them
/// as deltas of others; a few signed.
fn similar_commits(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("packs");
    r.git(&["config", "gc.auto", "0"]);
    let body: String = (0..60)
        .map(|i| format!("A long description line {i} shared by every commit.\n"))
        .collect();
    for i in 0..120 {
        let sign = match i % 40 {
            0 => Sign::Gpg,
            20 => Sign::Ssh,
            _ => Sign::None,
        };
        let msg = format!("change {i}\n\n{body}\nSigned-off-by: Dev <dev@example.com>\n");
        r.commit(&Commit::new(msg).sign(sign));
    }
    r.git(&["repack", "-adfq", "--window=250", "--depth=50"]);
    r.git(&["prune-packed"]);
    r
}

fn objects_dir(r: &Repo<'_>) -> std::path::PathBuf {
    r.git_dir().join("objects")
}

/// The pack index files in `dir`.
fn pack_indexes(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect()
}

/// The commits of the repository as `(id, stored as a delta)`.
fn packed_commits(r: &Repo<'_>) -> Vec<(String, bool)> {
    let out = r.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objecttype) %(objectname) %(deltabase)",
    ]);
    out.lines()
        .filter_map(|l| {
            let mut f = l.split(' ');
            (f.next()? == "commit").then(|| {
                let id = f.next().unwrap().to_string();
                let base = f.next().unwrap_or("");
                (id, base.bytes().any(|b| b != b'0'))
            })
        })
        .collect()
}

#[test]
fn packed_commits_deltas_included_read_as_git_reads_them() {
    let fx = Fixture::new();
    let r = similar_commits(&fx);
    let commits = packed_commits(&r);
    assert_eq!(commits.len(), 120);
    assert!(
        commits.iter().any(|(_, delta)| *delta),
        "the repack stored no commit as a delta; the test needs one"
    );
    let packs = Packs::open(&objects_dir(&r));
    assert_eq!(packs.len(), 1);
    let mut scratch = Scratch::default();
    for (id, _) in &commits {
        let oid = git2::Oid::from_str(id).unwrap();
        let got = packs.commit(oid, &mut scratch).map(<[u8]>::to_vec);
        assert_eq!(got, Some(r.cat_object(id)), "commit {id}");
    }
    // A tree or blob is not a commit; an absent id is not found.
    let tree = r.rev_parse("HEAD^{tree}");
    assert!(
        packs
            .commit(git2::Oid::from_str(&tree).unwrap(), &mut scratch)
            .is_none()
    );
    assert!(
        packs
            .commit(git2::Oid::from_bytes(&[0; 20]).unwrap(), &mut scratch)
            .is_none()
    );

    let repo = git::open(&r.path).unwrap();
    let head = git2::Oid::from_str(&r.head()).unwrap();
    for threads in [1, 2] {
        let c = census::census_with(&repo, head, None, threads).unwrap();
        assert_eq!(c.commits_examined, 120);
        assert_eq!((c.signatures.openpgp, c.signatures.ssh), (3, 3));
        assert_eq!(c.dco_signed_off, 120);
        assert_census_matches(&c, &r.independent_census("HEAD", None));
    }
}

/// The pack index `idx` rewritten to name `id` for its only object (the fan-out table
/// follows; the checksums are not updated, and neither reader checks them on open).
fn rename_only_object(idx: &[u8], id: &[u8; 20]) -> Vec<u8> {
    assert_eq!(
        &idx[..8],
        b"\xfftOc\x00\x00\x00\x02",
        "an index of version 2"
    );
    let fanout = 8;
    let count = u32::from_be_bytes(idx[fanout + 255 * 4..fanout + 256 * 4].try_into().unwrap());
    assert_eq!(count, 1);
    let mut out = idx.to_vec();
    for b in 0..256usize {
        let n = u32::from(b >= usize::from(id[0]));
        out[fanout + b * 4..fanout + b * 4 + 4].copy_from_slice(&n.to_be_bytes());
    }
    let names = fanout + 256 * 4;
    out[names..names + 20].copy_from_slice(id);
    out
}

/// A pack holding one commit (`pack-objects` of `content_of`), its index doctored to name
/// the object `named`, and `named`'s loose copy removed: reading `named` finds the other
/// commit's content.
fn pack_under_wrong_id(r: &Repo<'_>, content_of: &str, named: &str) {
    let dir = objects_dir(r).join("pack");
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("pack-doctored");
    let base_s = base.to_str().unwrap().to_string();
    r.git_raw(
        &["pack-objects", "-q", &base_s],
        &[],
        Some(format!("{content_of}\n").as_bytes()),
    );
    let made = pack_indexes(&dir);
    assert_eq!(made.len(), 1);
    let idx = std::fs::read(&made[0]).unwrap();
    let mut id = [0u8; 20];
    id.copy_from_slice(git2::Oid::from_str(named).unwrap().as_bytes());
    let pack = made[0].with_extension("pack");
    std::fs::write(base.with_extension("idx"), rename_only_object(&idx, &id)).unwrap();
    std::fs::rename(&pack, base.with_extension("pack")).unwrap();
    std::fs::remove_file(&made[0]).unwrap();
    let loose = r.loose_object_path(named);
    common::make_writable(&loose);
    std::fs::remove_file(loose).unwrap();
}

fn loose_history(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("loose");
    r.git(&["config", "gc.auto", "0"]);
    for i in 0..5 {
        r.commit(&Commit::new(format!("commit {i}\n")));
    }
    r
}

#[test]
fn a_packed_object_whose_content_is_not_its_id_is_not_evidence() {
    let fx = Fixture::new();
    let r = loose_history(&fx);
    let middle = r.rev_parse("HEAD~2");
    let other = r.rev_parse("HEAD~4");
    pack_under_wrong_id(&r, &other, &middle);
    // The doctored pack is read: the fast path finds `middle` there and refuses it.
    let packs = Packs::open(&objects_dir(&r));
    assert_eq!(packs.len(), 1);
    let oid = git2::Oid::from_str(&middle).unwrap();
    assert!(packs.commit(oid, &mut Scratch::default()).is_none());
    let repo = git::open(&r.path).unwrap();
    let head = git2::Oid::from_str(&r.head()).unwrap();
    for threads in [1, 2] {
        let err = census::census_with(&repo, head, None, threads).unwrap_err();
        assert!(err.detail.contains(&middle), "{}", err.detail);
        assert!(err.detail.contains("could not be read"), "{}", err.detail);
    }
}

#[test]
fn a_corrupt_packed_commit_stops_the_census_and_says_which() {
    let fx = Fixture::new();
    let r = similar_commits(&fx);
    let target = r.rev_parse("HEAD~30");
    // The entry's offset in the pack, from the index.
    let dir = objects_dir(&r).join("pack");
    let idx = pack_indexes(&dir).remove(0);
    let listing = r.git_raw(&["show-index"], &[], Some(&std::fs::read(&idx).unwrap()));
    let offset: usize = String::from_utf8(listing)
        .unwrap()
        .lines()
        .find(|l| l.contains(&target))
        .and_then(|l| l.split(' ').next()?.parse().ok())
        .unwrap();
    let pack_path = idx.with_extension("pack");
    let mut pack = std::fs::read(&pack_path).unwrap();
    // Past the entry header (a few bytes) and the zlib header: the deflate stream.
    for b in &mut pack[offset + 8..offset + 24] {
        *b ^= 0x5a;
    }
    common::make_writable(&pack_path);
    std::fs::write(&pack_path, pack).unwrap();

    let packs = Packs::open(&objects_dir(&r));
    let oid = git2::Oid::from_str(&target).unwrap();
    assert!(packs.commit(oid, &mut Scratch::default()).is_none());
    let repo = git::open(&r.path).unwrap();
    let head = git2::Oid::from_str(&r.head()).unwrap();
    for threads in [1, 2] {
        let err = census::census_with(&repo, head, None, threads).unwrap_err();
        assert!(err.detail.contains(&target), "{}", err.detail);
        // A limit that stops before it still counts.
        let c = census::census_with(&repo, head, Some(20), threads).unwrap();
        assert_eq!(c.commits_examined, 20);
    }
}
