//! `signed-commits`: the signature census of the examined commits and tags.
//!
//! Met when at least 95% of the examined developer commits (commits whose committer is not
//! GitHub's web-flow) carry a signature; partially met when some developer commits are
//! signed; not met when no developer commit is (web-flow signatures, which GitHub makes with
//! its own key on commits created in its web interface, never count toward the practice);
//! not applicable with no commits.

use crate::evidence::{Evidence, HistoryCensus};
use crate::evidence::{Need, Needs};
use crate::model::{Outcome, ProbeFacts, ProbeId, SignedCommitsFacts};

use super::util::{percent, plural, rfc3339, tag_facts, tags_note, why};
use super::{Judgement, Probe};

pub struct SignedCommits;

/// Share of developer commits that must be signed for `met`, in percent.
const MET_PERCENT: u64 = 95;

const CENSUS_FACTS: &[&str] = &[
    "commits_examined",
    "history_complete",
    "signatures",
    "web_flow_signed",
    "developer_signed",
    "dco_signed_off",
    "head_commit",
    "first_commit_date",
    "last_commit_date",
];

impl Probe for SignedCommits {
    fn id(&self) -> ProbeId {
        ProbeId::SignedCommits
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/signed-commits.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::Tags])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut facts = SignedCommitsFacts::default();
        let mut cites = Vec::new();
        let tag_note = match &ev.tags {
            Ok(tags) => {
                let (counts, c) = tag_facts(ev, tags, &["tags"]);
                facts.tags = Some(counts);
                cites.extend(c);
                tags_note(tags)
            }
            // Not silently dropped: the tag counts are unknown, and the summary says why.
            Err(u) => format!("; tags not counted: {}", why("the tags", u)),
        };
        let census = match &ev.history {
            Ok(h) => h,
            Err(u) => {
                let summary = format!(
                    "Commit signatures not determined: {}{tag_note}.",
                    why("the history", u)
                );
                return Judgement::unknown(ProbeFacts::SignedCommits(facts), u, summary)
                    .cite_all(cites);
            }
        };
        fill_census(ev, census, &mut facts, &mut cites);
        let (outcome, summary) = decide(census);
        Judgement::new(
            ProbeFacts::SignedCommits(facts),
            outcome,
            format!("{summary}{tag_note}."),
        )
        .cite_all(cites)
    }
}

fn fill_census(
    ev: &Evidence,
    h: &HistoryCensus,
    facts: &mut SignedCommitsFacts,
    cites: &mut Vec<crate::model::Citation>,
) {
    facts.commits_examined = Some(h.commits_examined);
    facts.history_complete = Some(h.history_complete);
    facts.signatures = Some(h.signatures.clone());
    facts.web_flow_signed = Some(h.web_flow_signed);
    facts.developer_signed = Some(h.developer_signed);
    facts.dco_signed_off = Some(h.dco_signed_off);
    facts.merge_commits = h.merge_commits;
    facts.dco_signed_off_non_merge = h
        .merge_commits
        .map(|_| h.dco_signed_off.saturating_sub(h.dco_signed_off_merges));
    facts.head_commit = (!h.head.is_empty()).then(|| h.head.clone());
    facts.first_commit_date = h.oldest_commit_time.and_then(rfc3339);
    facts.last_commit_date = h.newest_commit_time.and_then(rfc3339);
    facts.verified = h.verification.clone();

    let from_api = h.source_url.as_deref().filter(|u| u.starts_with("http"));
    let mut census_facts: Vec<&str> = CENSUS_FACTS.to_vec();
    if facts.verified.is_some() && from_api.is_some() {
        census_facts.push("verified");
    }
    if facts.merge_commits.is_some() {
        census_facts.extend(["merge_commits", "dco_signed_off_non_merge"]);
    }
    let walk = format!(
        "{} examined from {}{}",
        plural(h.commits_examined, "commit", "commits"),
        if h.head.is_empty() {
            "the default branch head"
        } else {
            h.head.as_str()
        },
        if h.shallow { " (shallow clone)" } else { "" }
    );
    match from_api {
        Some(url) => cites.push(ev.cite_api(url).excerpt(&walk).supports(&census_facts)),
        None => {
            let head = if h.head.is_empty() {
                ev.repo.head_commit.clone().unwrap_or_default()
            } else {
                h.head.clone()
            };
            cites.push(ev.cite_commit(&head).excerpt(&walk).supports(&census_facts));
            if facts.verified.is_some() {
                // Verdicts merged from the API for the commits git examined: GitHub shows
                // each commit's verification on its page.
                cites.push(
                    ev.cite_commit(&head)
                        .excerpt("GitHub's signature verification of the examined commits")
                        .supports(&["verified"]),
                );
            }
        }
    }
    for (what, sha) in h.examples.iter().take(10) {
        let fact = match what.as_str() {
            "web_flow_signed" | "developer_signed" | "dco_signed_off" => what.as_str(),
            "openpgp" | "ssh" | "x509" | "other" | "unsigned" | "malformed" => "signatures",
            _ => continue,
        };
        cites.push(
            ev.cite_commit(sha)
                .excerpt(&format!("example: {what}"))
                .supports(&[fact]),
        );
    }
}

/// Outcome and summary sentence (without the final full stop) of a census.
///
/// Only developer signatures count toward the practice: GitHub signs the commits it creates
/// in its web interface (merges, squashes, edits) with its own key whoever made them, so
/// web-flow signatures alone say nothing about whether contributors sign. No developer
/// signature is `not_met`, however many web-flow signatures there are.
fn decide(h: &HistoryCensus) -> (Outcome, String) {
    let n = h.commits_examined;
    if n == 0 {
        return (
            Outcome::NotApplicable,
            "The default branch has no commits to examine".into(),
        );
    }
    let signed = h.signatures.signed();
    let web_flow_commits = h.web_flow_commits.max(h.web_flow_signed);
    let dev_commits = n.saturating_sub(web_flow_commits);
    let examined = match (h.history_complete, n) {
        (true, 1) => "the only commit".to_string(),
        (true, _) => format!("all {n} commits (full history)"),
        (false, 1) => "the most recent commit".to_string(),
        (false, _) => format!("the {n} most recent commits"),
    };
    let mut s = format!(
        "{signed} of {examined} signed: {} by GitHub web-flow, {} by developers",
        h.web_flow_signed, h.developer_signed
    );
    if let Some(v) = &h.verification {
        s.push_str(&format!(
            "; GitHub verified {} of {}",
            v.verified, v.checked
        ));
    }
    if h.signatures.malformed > 0 {
        s.push_str(&format!(
            "; {} with a malformed signature header (not counted as signed)",
            h.signatures.malformed
        ));
    }
    if h.dco_signed_off > 0 {
        // The base is every examined commit, not the signed ones.
        let base = if n == 1 {
            "the commit carries".to_string()
        } else {
            format!(
                "{} of the {n} commits {}",
                h.dco_signed_off,
                if h.dco_signed_off == 1 {
                    "carries"
                } else {
                    "carry"
                }
            )
        };
        s.push_str(&format!(
            "; {base} a DCO Signed-off-by (a statement, not a signature)"
        ));
    }
    if dev_commits == 0 {
        s.push_str(if h.web_flow_signed > 0 {
            "; every examined commit was made in GitHub's web interface and signed with GitHub's key, so no developer signature was seen"
        } else {
            "; every examined commit was made in GitHub's web interface, so no developer signature was seen"
        });
        return (Outcome::NotMet, s);
    }
    let pct = percent(h.developer_signed, dev_commits);
    s.push_str(&format!(
        "; {} of {dev_commits} developer commits signed ({pct}%)",
        h.developer_signed
    ));
    let outcome =
        if h.developer_signed.saturating_mul(100) >= MET_PERCENT.saturating_mul(dev_commits) {
            Outcome::Met
        } else if h.developer_signed > 0 {
            Outcome::PartiallyMet
        } else {
            if h.web_flow_signed > 0 {
                s.push_str(
                "; the signatures seen are all GitHub's own, on commits made in its web interface",
            );
            }
            Outcome::NotMet
        };
    (outcome, s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Reason, SignatureCounts};
    use crate::probes::testing::*;

    fn judge(ev: &Evidence) -> Judgement {
        let j = SignedCommits.judge(ev);
        assert_cited(&j);
        j
    }

    fn census(openpgp: u64, ssh: u64, unsigned: u64, web_flow: u64) -> HistoryCensus {
        let n = openpgp + ssh + unsigned;
        HistoryCensus {
            signatures: SignatureCounts {
                openpgp,
                ssh,
                unsigned,
                ..Default::default()
            },
            web_flow_signed: web_flow,
            web_flow_commits: web_flow,
            developer_signed: openpgp + ssh - web_flow,
            ..history(n)
        }
    }

    #[test]
    fn all_developer_commits_signed_is_met() {
        let mut ev = with_files(&[]);
        ev.history = Ok(census(90, 10, 0, 0));
        ev.tags = Ok(tags(3, 3));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["signatures"]["ssh"], 10);
        assert_eq!(f["tags"]["signed"], 3);
        assert_eq!(f["first_commit_date"], "2020-09-13T12:26:40Z");
        assert!(f["verified"].is_null());
    }

    #[test]
    fn some_signed_is_partially_met_and_says_how_many() {
        let mut ev = with_files(&[]);
        // 1000 commits: 790 web-flow signed, 22 developer signed, 188 unsigned.
        ev.history = Ok(census(812, 0, 188, 790));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert!(
            j.summary
                .contains("812 of all 1000 commits (full history) signed"),
            "{}",
            j.summary
        );
        assert!(
            j.summary
                .contains("790 by GitHub web-flow, 22 by developers"),
            "{}",
            j.summary
        );
        assert!(
            j.summary
                .contains("22 of 210 developer commits signed (10%)"),
            "{}",
            j.summary
        );
    }

    #[test]
    fn web_flow_signatures_alone_are_not_met() {
        let mut ev = with_files(&[]);
        // Every commit made in the web interface (a squash-merge repository).
        ev.history = Ok(census(100, 0, 0, 100));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
        assert!(
            j.summary.contains("signed with GitHub's key")
                && j.summary.contains("no developer signature"),
            "{}",
            j.summary
        );
        // 95% signed, but the 5% developer commits are all unsigned.
        ev.history = Ok(census(95, 0, 5, 95));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
        assert!(
            j.summary.contains("0 of 5 developer commits signed (0%)")
                && j.summary.contains("all GitHub's own"),
            "{}",
            j.summary
        );
        // One developer signature among them is a real, partial practice.
        ev.history = Ok(census(96, 0, 4, 95));
        assert_eq!(judge(&ev).outcome, Outcome::PartiallyMet);
    }

    #[test]
    fn dco_count_names_its_base_the_examined_commits() {
        let mut ev = with_files(&[]);
        let mut h = census(10, 0, 990, 0);
        h.dco_signed_off = 939;
        ev.history = Ok(h);
        let j = judge(&ev);
        assert!(
            j.summary.contains(
                "939 of the 1000 commits carry a DCO Signed-off-by (a statement, not a signature)"
            ),
            "{}",
            j.summary
        );
    }

    #[test]
    fn nothing_signed_is_not_met_and_no_commits_not_applicable() {
        let mut ev = with_files(&[]);
        ev.history = Ok(census(0, 0, 40, 0));
        assert_eq!(judge(&ev).outcome, Outcome::NotMet);
        ev.history = Ok(history(0));
        assert_eq!(judge(&ev).outcome, Outcome::NotApplicable);
    }

    #[test]
    fn unreadable_history_is_unknown_with_its_reason_tags_still_reported() {
        let mut ev = with_files(&[]);
        ev.history = Err(unavailable(Reason::ApiError));
        ev.tags = Ok(tags(2, 1));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::ApiError));
        let f = facts(&j);
        assert!(f["commits_examined"].is_null());
        assert_eq!(f["tags"]["total"], 2);
    }

    #[test]
    fn api_census_cites_the_api_including_verification() {
        let mut ev = online(&[]);
        let mut h = census(10, 0, 0, 0);
        h.source_url = Some("https://api.github.com/graphql".into());
        h.history_complete = false;
        h.verification = Some(crate::model::VerificationCounts {
            checked: 10,
            verified: 9,
            unverified_reasons: [("unknown_key".to_string(), 1)].into_iter().collect(),
        });
        ev.history = Ok(h);
        let j = judge(&ev);
        assert!(
            j.summary.contains("the 10 most recent commits"),
            "{}",
            j.summary
        );
        assert!(
            j.summary.contains("GitHub verified 9 of 10"),
            "{}",
            j.summary
        );
        let api = j
            .citations
            .iter()
            .find(|c| c.kind == crate::model::CitationKind::Api)
            .unwrap();
        assert!(api.supports.iter().any(|s| s == "verified"));
        assert_eq!(
            facts(&j)["verified"]["unverified_reasons"]["unknown_key"],
            1
        );
    }
}
