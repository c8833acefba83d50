//! The history census on one thread and on two (one walks, one reads ahead) gives the same
//! census, examples included, on a generated history of signed and unsigned commits on
//! many branches with merges and skewed clocks, loose and packed, and agrees with git.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::fmt::Write as _;

use common::{Commit, Fixture, Repo, Sign, assert_census_matches};
use tssa_probe::evidence::git::{self, census};

/// `branches` lines of unsigned commits, `per_branch` each, forked from HEAD and merged
/// back one after the other, written with `git fast-import`; some committer dates run
/// backwards (clock skew), some commits are signed off or made by GitHub's web-flow.
fn bulk_history(r: &Repo<'_>, branches: usize, per_branch: usize) {
    let base = r.head();
    let mut s = String::new();
    let mut mark = 0usize;
    let mut tips = Vec::new();
    let t0 = 1_800_000_000i64;
    for b in 0..branches {
        for i in 0..per_branch {
            mark += 1;
            // Interleaved dates across branches, and every 17th commit older than its parent.
            let t = t0 + (i * branches + b) as i64 * 60
                - if mark.is_multiple_of(17) { 90_000 } else { 0 };
            let (name, email) = if mark.is_multiple_of(11) {
                ("GitHub", "noreply@github.com")
            } else {
                ("Dev", "dev@example.com")
            };
            let msg = if mark.is_multiple_of(5) {
                format!("b{b} c{i}\n\nSigned-off-by: Dev <dev@example.com>\n")
            } else {
                format!("b{b} c{i}\n")
            };
            let _ = write!(
                s,
                "commit refs/heads/b{b}\nmark :{mark}\nauthor Dev <dev@example.com> {t} +0000\ncommitter {name} <{email}> {t} +0000\ndata {}\n{msg}\n",
                msg.len()
            );
            if i == 0 {
                let _ = writeln!(s, "from {base}");
            }
            let _ = writeln!(
                s,
                "M 644 inline b{b}.txt\ndata {}\n{i}\n",
                format!("{i}\n").len()
            );
        }
        tips.push(mark);
    }
    // Merge every branch into main, one merge commit each.
    let mut t = t0 + (branches * per_branch) as i64 * 60;
    for (b, tip) in tips.iter().enumerate() {
        t += 60;
        mark += 1;
        let msg = format!("merge b{b}\n");
        let _ = write!(
            s,
            "commit refs/heads/main\nmark :{mark}\nauthor Dev <dev@example.com> {t} +0000\ncommitter Dev <dev@example.com> {t} +0000\ndata {}\n{msg}\n",
            msg.len()
        );
        if b == 0 {
            let _ = writeln!(s, "from {base}");
        }
        let _ = writeln!(s, "merge :{tip}\n");
    }
    r.git_raw(&["fast-import", "--quiet"], &[], Some(s.as_bytes()));
    r.git(&["reset", "-q", "--hard", "main"]);
}

fn signed_history(fx: &Fixture) -> Repo<'_> {
    let r = fx.repo("threads");
    r.commit(&Commit::new("init").file("README.md", "hello\n"));
    r.commit(&Commit::new("gpg signed").sign(Sign::Gpg));
    r.commit(
        &Commit::new("ssh signed, signed off")
            .sign(Sign::Ssh)
            .signoff(),
    );
    r.commit(&Commit::new("x509 signed").sign(Sign::X509));
    bulk_history(&r, 12, 60);
    r.commit(&Commit::new("web-flow signed").web_flow().sign(Sign::Gpg));
    r.git(&["checkout", "-q", "-b", "side"]);
    r.commit(&Commit::new("ssh signed on a side branch").sign(Sign::Ssh));
    r.commit(&Commit::new("unsigned on a side branch"));
    r.git(&["checkout", "-q", "main"]);
    r.commit(&Commit::new("gpg signed on main").sign(Sign::Gpg));
    let merge_date = format!("@{} +0000", fx.tick());
    r.git_raw(
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
        &[
            ("GIT_AUTHOR_DATE", &merge_date),
            ("GIT_COMMITTER_DATE", &merge_date),
        ],
        None,
    );
    bulk_history(&r, 5, 40);
    r.commit(&Commit::new("ssh signed at the top").sign(Sign::Ssh));
    r
}

fn both(
    repo: &git2::Repository,
    head: git2::Oid,
    limit: Option<u64>,
) -> tssa_probe::evidence::HistoryCensus {
    let one = census::census_with(repo, head, limit, 1).unwrap();
    let two = census::census_with(repo, head, limit, 2).unwrap();
    assert_eq!(one, two, "one thread and two differ at limit {limit:?}");
    one
}

#[test]
fn one_and_two_threads_give_the_same_census() {
    let fx = Fixture::new();
    let r = signed_history(&fx);
    let head_hex = r.head();
    let head = git2::Oid::from_str(&head_hex).unwrap();
    for packed in [false, true] {
        if packed {
            r.git(&["repack", "-adq"]);
            r.git(&["prune-packed"]);
        }
        let repo = git::open(&r.path).unwrap();
        let all = both(&repo, head, None);
        let total = 4 + 12 * 60 + 12 + 1 + 2 + 1 + 1 + 5 * 40 + 5 + 1;
        assert_eq!(all.commits_examined, total as u64, "packed: {packed}");
        assert!(all.history_complete);
        assert_eq!(all.signatures.openpgp, 3);
        assert_eq!(all.signatures.ssh, 3);
        assert_eq!(all.signatures.x509, 1);
        assert!(all.web_flow_commits > 60 && all.dco_signed_off > 150);
        // Every kind of example but an unknown armor and a malformed signature.
        assert_eq!(
            all.examples.len(),
            census::EXAMPLE_KEYS.len() - 2,
            "{:?}",
            all.examples
        );
        assert_census_matches(&all, &r.independent_census("HEAD", None));
        for n in [1, 2, 7, 100, 333, 900, 5000] {
            let h = both(&repo, head, Some(n));
            assert_census_matches(&h, &r.independent_census("HEAD", Some(n)));
        }
    }
}

#[test]
fn two_threads_on_a_shallow_clone_stop_where_one_does() {
    let fx = Fixture::new();
    let src = signed_history(&fx);
    let shallow = fx.clone_shallow(&src, "shallow", 50);
    let repo = git::open(&shallow.path).unwrap();
    let head = git2::Oid::from_str(&shallow.head()).unwrap();
    let h = both(&repo, head, None);
    assert!(h.shallow);
    assert!(!h.history_complete);
    assert_census_matches(&h, &shallow.independent_census("HEAD", None));
}
