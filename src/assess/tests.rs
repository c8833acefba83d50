//! Sentence rules of the self-assessment, each with a case that fails when the rule is
//! broken.

use super::pipeline::dco_sentence;
use super::*;
use crate::model::SignatureCounts;

fn plain(t: &Text) -> String {
    t.plain()
}

/// "and 1 more" never hides a single name: six names are all listed, seven show five
/// and "and 2 more".
#[test]
fn a_single_name_left_over_is_listed() {
    let six = ["a", "b", "c", "d", "e", "f"];
    let t = plain(&names(&six, words));
    assert_eq!(t, "a, b, c, d, e and f");
    assert!(!t.contains("more"));
    let seven = ["a", "b", "c", "d", "e", "f", "g"];
    assert_eq!(plain(&names(&seven, words)), "a, b, c, d, e and 2 more");
    let phrases: Vec<Text> = six.iter().map(|s| words(s)).collect();
    assert!(!plain(&list_of(phrases)).contains("1 more"));
}

fn dco_facts(n: u64, dco: u64, merges: Option<u64>, dco_non_merge: u64) -> SignedCommitsFacts {
    SignedCommitsFacts {
        commits_examined: Some(n),
        dco_signed_off: Some(dco),
        merge_commits: merges,
        dco_signed_off_non_merge: merges.map(|_| dco_non_merge),
        signatures: Some(SignatureCounts::default()),
        ..Default::default()
    }
}

/// The DCO share is given out of the non-merge commits when merge commits were seen,
/// and the sentence says the merges are left out and why.
#[test]
fn dco_share_is_out_of_the_non_merge_commits() {
    let t = plain(&dco_sentence(&dco_facts(1000, 700, Some(300), 700)).unwrap_or_default());
    assert!(
        t.starts_with("700 of the 700 non-merge commits of the 1,000 examined")
            || t.starts_with("All 700 non-merge commits of the 1,000 examined"),
        "{t}"
    );
    assert!(t.contains("300 merge commits are left out"), "{t}");
    assert!(t.contains("GitHub's merge commits never carry one"), "{t}");
    let t = plain(&dco_sentence(&dco_facts(1000, 651, Some(300), 650)).unwrap_or_default());
    assert!(
        t.starts_with("650 of the 700 non-merge commits of the 1,000 examined carry"),
        "{t}"
    );
    // No merge commit seen, or the source does not show parents: the base is every
    // examined commit.
    for merges in [Some(0), None] {
        let t = plain(&dco_sentence(&dco_facts(1000, 650, merges, 650)).unwrap_or_default());
        assert!(
            t.starts_with("650 of the 1,000 examined commits carry"),
            "{t}"
        );
        assert!(!t.contains("merge"), "{t}");
    }
}
