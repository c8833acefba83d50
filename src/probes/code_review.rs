//! `code-review`: are changes reviewed by someone other than their author before they land?
//!
//! From the API: the most recent merged pull requests (approved by another person through a
//! GitHub review, or by Prow's `lgtm` label, which Prow never lets an author give) and the
//! commits pushed straight to the default branch (unreviewed). From branch protection: the
//! approvals required. From the tree: CODEOWNERS, Prow OWNERS files, Gerrit's `.gitreview`.

use std::collections::BTreeSet;

use crate::evidence::Evidence;
use crate::evidence::github::{PullRequestInfo, ReviewEvidence};
use crate::evidence::{Need, Needs};
use crate::model::{Citation, CodeReviewFacts, Outcome, ProbeFacts, ProbeId, ReviewMechanism};

use super::util::{cite_tree, cite_whole_file, files, percent, plural, prow_owners_line, why};
use super::{Judgement, Probe, branch_protection};

pub struct CodeReview;

/// Share of examined changes that must be approved by another person for `met`, in percent.
const MET_PERCENT: u64 = 90;
/// Most OWNERS paths listed in the facts.
const MAX_OWNERS_LISTED: usize = 100;

/// Where GitHub looks for CODEOWNERS, in its order.
const CODEOWNERS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

const REVIEW_FACTS: &[&str] = &[
    "changes_examined",
    "reviewed",
    "reviewed_not_approved",
    "unreviewed",
    "review_mechanisms",
];

/// How one merged pull request was reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Approved(ReviewMechanism),
    ReviewedNotApproved,
    Unreviewed,
}

fn classify(pr: &PullRequestInfo) -> Verdict {
    let author = pr.author.as_deref();
    let by_other = |login: Option<&str>| login.is_some() && login != author;
    if pr
        .reviews
        .iter()
        .any(|r| r.state == "APPROVED" && by_other(r.author.as_deref()))
    {
        return Verdict::Approved(ReviewMechanism::GithubReviews);
    }
    // Prow's lgtm plugin refuses an author's own /lgtm; `approved` alone may be the
    // author's implicit self-approval, so it does not count as a review by itself. A
    // `/lgtm` or `/approve` command from someone other than the author does.
    if pr.labels.iter().any(|l| l.eq_ignore_ascii_case("lgtm"))
        || pr.prow_approvers.iter().any(|l| by_other(Some(l)))
    {
        return Verdict::Approved(ReviewMechanism::ProwLgtm);
    }
    if pr.reviews.iter().any(|r| by_other(r.author.as_deref())) {
        return Verdict::ReviewedNotApproved;
    }
    Verdict::Unreviewed
}

fn uses_prow(pr: &PullRequestInfo) -> bool {
    !pr.prow_commands.is_empty()
        || !pr.prow_approvers.is_empty()
        || pr
            .labels
            .iter()
            .any(|l| l.eq_ignore_ascii_case("lgtm") || l.eq_ignore_ascii_case("approved"))
}

/// Counts over the examined changes.
#[derive(Debug, Default)]
struct Tally {
    reviewed: u64,
    by_github: u64,
    by_prow: u64,
    reviewed_not_approved: u64,
    unreviewed_prs: u64,
    direct_pushes: u64,
    mechanisms: BTreeSet<ReviewMechanism>,
}

fn tally(ev: &Evidence, r: &ReviewEvidence, cites: &mut Vec<Citation>) -> Tally {
    let mut t = Tally::default();
    let mut examples = [0usize; 3];
    for pr in &r.pull_requests {
        let v = classify(pr);
        let (slot, fact, what) = match v {
            Verdict::Approved(m) => {
                t.reviewed += 1;
                if m == ReviewMechanism::ProwLgtm {
                    t.by_prow += 1;
                } else {
                    t.by_github += 1;
                }
                (0, "reviewed", "approved by another person")
            }
            Verdict::ReviewedNotApproved => {
                t.reviewed_not_approved += 1;
                (
                    1,
                    "reviewed_not_approved",
                    "reviewed by another person, not approved",
                )
            }
            Verdict::Unreviewed => {
                t.unreviewed_prs += 1;
                (2, "unreviewed", "merged without review by another person")
            }
        };
        if pr
            .reviews
            .iter()
            .any(|x| x.author.is_some() && x.author != pr.author)
        {
            t.mechanisms.insert(ReviewMechanism::GithubReviews);
        }
        if uses_prow(pr) {
            t.mechanisms.insert(ReviewMechanism::ProwLgtm);
        }
        if examples[slot] < 5 && !pr.url.is_empty() {
            examples[slot] += 1;
            cites.push(
                ev.cite_url(&pr.url)
                    .excerpt(&format!("#{}: {what}", pr.number))
                    .supports(&[fact]),
            );
        }
    }
    t.direct_pushes = r.direct_pushes.len() as u64;
    for sha in r.direct_pushes.iter().take(5) {
        cites.push(
            ev.cite_commit(sha)
                .excerpt("pushed to the default branch without a pull request")
                .supports(&["unreviewed"]),
        );
    }
    t
}

/// OWNERS files, shallowest first, and how many there are.
fn owners_files(paths: impl Iterator<Item = String>) -> (Vec<String>, u64) {
    let mut all: Vec<String> = paths
        .filter(|p| p.rsplit('/').next() == Some("OWNERS"))
        // Vendored and third-party trees carry other projects' OWNERS files.
        .filter(|p| !crate::evidence::files::is_vendored(&p.to_ascii_lowercase()))
        .collect();
    all.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    let total = all.len() as u64;
    all.truncate(MAX_OWNERS_LISTED);
    (all, total)
}

/// Most CODEOWNERS rules read, and owners kept per rule.
const MAX_CODEOWNERS_RULES: usize = 2000;
const MAX_OWNERS_PER_RULE: usize = 50;

/// One rule of a CODEOWNERS file: its line, its path pattern and its owners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OwnersRule {
    pub line: u32,
    pub text: String,
    pub pattern: String,
    pub owners: Vec<String>,
}

impl OwnersRule {
    /// The pattern matches every path (`*`, `/*`, `**`, `/**`).
    pub fn all_paths(&self) -> bool {
        matches!(self.pattern.as_str(), "*" | "/*" | "**" | "/**" | "**/*")
    }
}

/// The rules of a CODEOWNERS file: every line that is not blank or a comment (`#`), its
/// first field the pattern, the rest up to a `#` its owners. Capped in rules and owners.
pub(crate) fn codeowners_rules(text: &str) -> Vec<OwnersRule> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let body = t.split(" #").next().unwrap_or(t);
        let mut fields = body.split_whitespace();
        let Some(pattern) = fields.next() else {
            continue;
        };
        let owners: Vec<String> = fields
            .take(MAX_OWNERS_PER_RULE)
            .map(|o| o.chars().take(100).collect())
            .collect();
        out.push(OwnersRule {
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text: t.chars().take(300).collect(),
            pattern: pattern.chars().take(200).collect(),
            owners,
        });
        if out.len() >= MAX_CODEOWNERS_RULES {
            break;
        }
    }
    out
}

impl Probe for CodeReview {
    fn id(&self) -> ProbeId {
        ProbeId::CodeReview
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/code-review.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[
            Need::ReviewConfig,
            Need::PullRequests,
            Need::BranchProtection,
        ])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = CodeReviewFacts::default();
        let mut cites: Vec<Citation> = Vec::new();
        let mut mechanisms: BTreeSet<ReviewMechanism> = BTreeSet::new();
        let mut notes: Vec<String> = Vec::new();

        // The tree: CODEOWNERS, OWNERS, .gitreview.
        if let Ok(snap) = files(ev) {
            // Presence counts only for a regular file (or an in-tree symlink to one): not a
            // submodule, a link out of the tree, to a directory or in a loop.
            if let Some(p) = CODEOWNERS.iter().find(|p| snap.regular_file(p).is_some()) {
                f.codeowners_path = Some((*p).to_string());
                let rules = snap.text(p).map(|(_, c)| codeowners_rules(&c.text));
                // A file with no rule (empty, comments only) requests no review: it is no
                // review mechanism. Unread content is taken for one, as GitHub would.
                if rules.as_ref().is_none_or(|r| !r.is_empty()) {
                    mechanisms.insert(ReviewMechanism::Codeowners);
                }
                // The first rule is cited, not a comment above it.
                match rules.as_ref().and_then(|r| r.first()) {
                    Some(first) => {
                        let all = rules.as_ref().filter(|r| r.len() == 1 && first.all_paths());
                        f.codeowners_rules = rules.as_ref().map(|r| r.len() as u64);
                        f.codeowners_owners_of_all = all.map(|_| first.owners.clone());
                        cites.push(
                            ev.cite_file(p, Some((first.line, first.line)))
                                .excerpt(&first.text)
                                .supports(&[
                                    "codeowners_path",
                                    "review_mechanisms",
                                    "codeowners_rules",
                                    "codeowners_owners_of_all",
                                ]),
                        );
                    }
                    None => cites.push(cite_whole_file(
                        ev,
                        p,
                        &["codeowners_path", "review_mechanisms", "codeowners_rules"],
                    )),
                }
                if f.codeowners_rules.is_none() && rules.is_some() {
                    f.codeowners_rules = Some(0);
                }
                notes.push(format!("CODEOWNERS at {p}"));
            }
            let (mut owners, mut total) = owners_files(
                snap.entries
                    .keys()
                    .filter(|p| snap.regular_file(p).is_some())
                    .cloned(),
            );
            // Prow's OWNERS files name `approvers:` or `reviewers:`; a file of another shape
            // (a `maintainers:` roster, `labels:` only) configures no review. Files whose
            // content was read are judged by it; the others follow the root OWNERS file.
            let prow_shaped = |p: &str| {
                snap.text(p)
                    .map(|(_, c)| prow_owners_line(&c.text).is_some())
            };
            let root_ok = prow_shaped("OWNERS");
            let before = owners.len();
            owners.retain(|p| prow_shaped(p).unwrap_or(root_ok != Some(false)));
            if owners.len() != before {
                total = total.saturating_sub((before - owners.len()) as u64);
                notes.push(
                    "OWNERS files without approvers or reviewers are not review configuration"
                        .into(),
                );
            }
            // A cut listing may hide OWNERS files: the count is then not known, and no
            // OWNERS file seen is not evidence of none.
            let complete = snap.listing_complete();
            if owners.is_empty() && !complete {
                notes.push("OWNERS files not determined (the file listing was cut)".into());
            } else if owners.is_empty() {
                cites.push(cite_tree(ev, &["owners_files", "owners_files_total"]));
            } else {
                mechanisms.insert(ReviewMechanism::OwnersFiles);
                let sup = ["owners_files", "owners_files_total", "review_mechanisms"];
                for p in owners.iter().take(5) {
                    // The `approvers:` (or `reviewers:`) line that makes it Prow's.
                    let at = snap.text(p).and_then(|(_, c)| prow_owners_line(&c.text));
                    cites.push(match at {
                        Some((line, text)) => ev
                            .cite_file(p, Some((line, line)))
                            .excerpt(text)
                            .supports(&sup),
                        None => cite_whole_file(ev, p, &sup),
                    });
                }
                notes.push(plural(total, "Prow OWNERS file", "Prow OWNERS files"));
            }
            if complete || !owners.is_empty() {
                f.owners_files = Some(owners);
            }
            f.owners_files_total = complete.then_some(total);
            if snap.regular_file(".gitreview").is_some() {
                mechanisms.insert(ReviewMechanism::Gerrit);
                cites.push(cite_whole_file(ev, ".gitreview", &["review_mechanisms"]));
                notes.push("Gerrit (.gitreview)".into());
            }
        }

        // Branch protection: approvals required.
        let merged = branch_protection::merge(ev);
        f.required_approvals = merged.facts.required_approvals;
        if f.required_approvals.is_some() {
            cites.extend(
                merged
                    .citations
                    .iter()
                    .filter(|c| c.supports.iter().any(|s| s == "required_approvals"))
                    .map(|c| {
                        let mut c = c.clone();
                        c.supports = vec!["required_approvals".into()];
                        c
                    }),
            );
        }
        let required = f.required_approvals.unwrap_or(0);
        let required_note = match f.required_approvals {
            Some(0) => "branch protection requires no approval".to_string(),
            Some(n) => format!(
                "branch protection requires {}",
                plural(u64::from(n), "approval", "approvals")
            ),
            None => "whether approvals are required was not determined".to_string(),
        };

        let reviews = match &ev.github.reviews {
            Ok(r) => r,
            Err(u) => {
                f.review_mechanisms =
                    (!mechanisms.is_empty()).then(|| mechanisms.into_iter().collect());
                let mut parts = vec![required_note];
                parts.extend(notes);
                let tail = parts.join("; ");
                if required > 0 {
                    let summary = format!(
                        "Reviews are enforced: {tail}; merged pull requests were not examined ({}).",
                        u.reason.describe()
                    );
                    return Judgement::new(ProbeFacts::CodeReview(f), Outcome::Met, summary)
                        .cite_all(cites);
                }
                let summary = format!(
                    "Code review practice not determined: {}; {tail}.",
                    why("merged pull requests", u)
                );
                return Judgement::unknown(ProbeFacts::CodeReview(f), u, summary).cite_all(cites);
            }
        };

        let t = tally(ev, reviews, &mut cites);
        mechanisms.extend(t.mechanisms.iter().copied());
        let changes = reviews.pull_requests.len() as u64 + t.direct_pushes;
        let unreviewed = t.unreviewed_prs + t.direct_pushes;
        f.changes_examined = Some(changes);
        f.reviewed = Some(t.reviewed);
        f.reviewed_not_approved = Some(t.reviewed_not_approved);
        f.unreviewed = Some(unreviewed);
        f.review_mechanisms = Some(mechanisms.into_iter().collect());
        cites.push(
            ev.cite_api(&reviews.api_url)
                .excerpt(&format!(
                    "{} merged pull requests and {} direct pushes read",
                    reviews.pull_requests.len(),
                    t.direct_pushes
                ))
                .supports(REVIEW_FACTS),
        );

        let mut parts = vec![required_note];
        parts.extend(notes);
        let tail = parts.join("; ");
        if changes == 0 {
            let (outcome, lead) = if required > 0 {
                (
                    Outcome::Met,
                    "No merged changes in the examined window, but reviews are enforced",
                )
            } else {
                (
                    Outcome::NotApplicable,
                    "No merged changes in the examined window",
                )
            };
            return Judgement::new(
                ProbeFacts::CodeReview(f),
                outcome,
                format!("{lead}: {tail}."),
            )
            .cite_all(cites);
        }
        let how = match (t.by_github, t.by_prow) {
            (g, 0) => format!("{g} by GitHub review"),
            (0, p) => format!("{p} by Prow lgtm"),
            (g, p) => format!("{g} by GitHub review, {p} by Prow lgtm"),
        };
        let summary = format!(
            "{} of {} approved by someone other than the author ({}%; {how}); {} reviewed without approval; {} unreviewed ({} direct {}); {tail}.",
            t.reviewed,
            plural(changes, "merged change", "merged changes"),
            percent(t.reviewed, changes),
            t.reviewed_not_approved,
            unreviewed,
            t.direct_pushes,
            if t.direct_pushes == 1 {
                "push"
            } else {
                "pushes"
            },
        );
        let outcome = if t.reviewed.saturating_mul(100) >= MET_PERCENT.saturating_mul(changes) {
            Outcome::Met
        } else if t.reviewed > 0 || required > 0 {
            Outcome::PartiallyMet
        } else {
            Outcome::NotMet
        };
        Judgement::new(ProbeFacts::CodeReview(f), outcome, summary).cite_all(cites)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::github::{ClassicProtection, Review};
    use crate::model::Reason;
    use crate::probes::testing::*;

    fn judge(ev: &Evidence) -> Judgement {
        let j = CodeReview.judge(ev);
        assert_cited(&j);
        j
    }

    fn pr(n: u64, author: &str, reviews: &[(&str, &str)], labels: &[&str]) -> PullRequestInfo {
        PullRequestInfo {
            number: n,
            url: format!("https://github.com/o/r/pull/{n}"),
            author: Some(author.into()),
            merged_at: Some("2025-01-01T00:00:00Z".into()),
            merge_commit: Some(SHA.into()),
            reviews: reviews
                .iter()
                .map(|(a, s)| Review {
                    author: Some((*a).into()),
                    state: (*s).into(),
                })
                .collect(),
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            ..Default::default()
        }
    }

    fn with_prs(prs: Vec<PullRequestInfo>, direct: &[&str]) -> Evidence {
        let mut ev = online(&[]);
        ev.github.reviews = Ok(ReviewEvidence {
            api_url: "https://api.github.com/graphql".into(),
            pull_requests: prs,
            direct_pushes: direct.iter().map(|s| (*s).to_string()).collect(),
        });
        ev
    }

    #[test]
    fn all_approved_by_others_is_met() {
        let ev = with_prs(
            (1..=10)
                .map(|n| pr(n, "alice", &[("bob", "APPROVED")], &[]))
                .collect(),
            &[],
        );
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["reviewed"], 10);
        assert_eq!(
            f["review_mechanisms"],
            serde_json::json!(["github_reviews"])
        );
        assert_eq!(f["required_approvals"], 0);
    }

    #[test]
    fn self_approval_comments_and_direct_pushes() {
        let ev = with_prs(
            vec![
                pr(1, "alice", &[("bob", "APPROVED")], &[]),
                pr(2, "alice", &[("alice", "APPROVED")], &[]),
                pr(
                    3,
                    "alice",
                    &[("bob", "COMMENTED"), ("carol", "CHANGES_REQUESTED")],
                    &[],
                ),
                pr(4, "alice", &[], &[]),
            ],
            &["1111111111111111111111111111111111111111"],
        );
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        let f = facts(&j);
        assert_eq!(f["changes_examined"], 5);
        assert_eq!(f["reviewed"], 1);
        assert_eq!(f["reviewed_not_approved"], 1);
        assert_eq!(
            f["unreviewed"], 3,
            "self-approved, unreviewed and the direct push"
        );
        assert!(j.summary.contains("1 direct push"), "{}", j.summary);
        assert!(j.citations.iter().any(|c| c.url.as_deref()
            == Some("https://github.com/o/r/commit/1111111111111111111111111111111111111111")));
    }

    #[test]
    fn nothing_reviewed_is_not_met() {
        let ev = with_prs(vec![pr(1, "a", &[], &[]), pr(2, "a", &[], &[])], &[]);
        assert_eq!(judge(&ev).outcome, Outcome::NotMet);
    }

    #[test]
    fn prow_labels_count_as_reviews() {
        let mut p = pr(1, "alice", &[], &["lgtm", "approved", "size/S"]);
        p.prow_commands = vec!["k8s-ci-robot".into()];
        // `approved` alone may be the author's own implicit approval.
        let self_approved = pr(2, "alice", &[], &["approved"]);
        let mut by_author = pr(3, "alice", &[], &["approved"]);
        by_author.prow_approvers = vec!["alice".into()];
        let mut by_other = pr(4, "alice", &[], &[]);
        by_other.prow_approvers = vec!["alice".into(), "bob".into()];
        let ev = with_prs(vec![p, self_approved, by_author, by_other], &[]);
        let j = judge(&ev);
        let f = facts(&j);
        assert_eq!(f["reviewed"], 2);
        assert_eq!(f["unreviewed"], 2);
        assert_eq!(f["review_mechanisms"], serde_json::json!(["prow_lgtm"]));
        assert!(j.summary.contains("2 by Prow lgtm"), "{}", j.summary);
    }

    /// kubernetes-sigs/kind: `providers/docker/OWNERS` holds only `labels:`; helm's root
    /// OWNERS is a `maintainers:` roster. Neither configures review; each kept file is cited
    /// at its `approvers:` line.
    #[test]
    fn label_only_owners_files_are_not_review_configuration() {
        let ev = with_files(&[
            ("OWNERS", "# See the OWNERS docs\n\napprovers:\n  - a\n"),
            (
                "pkg/providers/docker/OWNERS",
                "labels:\n  - area/provider/docker\n",
            ),
            (
                "pkg/providers/podman/OWNERS",
                "reviewers:\n  - b\nlabels:\n  - x\n",
            ),
        ]);
        let j = judge(&ev);
        let f = facts(&j);
        assert_eq!(
            f["owners_files"],
            serde_json::json!(["OWNERS", "pkg/providers/podman/OWNERS"])
        );
        let lines: Vec<_> = j
            .citations
            .iter()
            .filter(|c| c.supports.iter().any(|s| s == "owners_files"))
            .map(|c| (c.path.clone().unwrap_or_default(), c.lines))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("OWNERS".to_string(), Some([3, 3])),
                ("pkg/providers/podman/OWNERS".to_string(), Some([1, 1]))
            ]
        );
        let ev = with_files(&[("OWNERS", "maintainers:\n  - a\nemeritus:\n  - b\n")]);
        assert_eq!(facts(&judge(&ev))["owners_files"], serde_json::json!([]));
    }

    /// Issue 23: an empty CODEOWNERS (or one of comments only) configures no review.
    #[test]
    fn a_codeowners_file_without_rules_is_no_review_mechanism() {
        for text in ["", "# owners go here\n\n# * @o/team\n"] {
            let j = judge(&with_files(&[(".github/CODEOWNERS", text)]));
            let f = facts(&j);
            assert_eq!(f["codeowners_path"], ".github/CODEOWNERS");
            assert_eq!(f["codeowners_rules"], 0, "{text:?}");
            assert!(
                !f["review_mechanisms"].to_string().contains("codeowners"),
                "{text:?}: {}",
                f["review_mechanisms"]
            );
        }
        let f = facts(&judge(&with_files(&[(
            ".github/CODEOWNERS",
            "* @o/team\n",
        )])));
        assert!(f["review_mechanisms"].to_string().contains("codeowners"));
    }

    #[test]
    fn offline_reports_codeowners_and_owners_but_not_whether_reviews_are_required() {
        let ev = with_files(&[
            (".github/CODEOWNERS", "* @o/team\n"),
            ("OWNERS", "approvers: [a]\n"),
            ("pkg/OWNERS", "reviewers: [b]\n"),
            ("pkg/OWNERS_ALIASES", "x\n"),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::Offline));
        let f = facts(&j);
        assert_eq!(f["codeowners_path"], ".github/CODEOWNERS");
        assert_eq!(
            f["owners_files"],
            serde_json::json!(["OWNERS", "pkg/OWNERS"])
        );
        assert_eq!(f["owners_files_total"], 2);
        assert!(f["required_approvals"].is_null());
        assert!(f["reviewed"].is_null());
        assert_eq!(
            f["review_mechanisms"],
            serde_json::json!(["codeowners", "owners_files"])
        );
    }

    #[test]
    fn required_approvals_without_pr_sample_is_met() {
        let mut ev = online(&[]);
        ev.github.reviews = Err(unavailable(Reason::ApiError));
        ev.github.classic_protection = Ok(Some(ClassicProtection {
            api_url: format!("{API}/branches/main/protection"),
            required_approvals: Some(2),
            ..Default::default()
        }));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        assert_eq!(facts(&j)["required_approvals"], 2);
    }

    #[test]
    fn owners_listing_is_capped_but_counted() {
        let paths = (0..150).map(|i| format!("pkg/{i:03}/OWNERS"));
        let (list, total) = owners_files(paths.chain(["OWNERS".to_string()]));
        assert_eq!(total, 151);
        assert_eq!(list.len(), MAX_OWNERS_LISTED);
        assert_eq!(list[0], "OWNERS");
    }
}

#[cfg(test)]
mod codeowners_tests {
    use super::*;
    use crate::probes::testing::{assert_cited, with_files};
    use proptest::prelude::*;

    /// One `*` rule under comments: the owners of every path, cited at the rule's line.
    #[test]
    fn a_single_global_rule_names_the_owners_of_every_path() {
        let text =
            "# Maintainers, terms end in 2030\n# @someone\n\n* @org/maintainers # everyone\n";
        let j = CodeReview.judge(&with_files(&[(".github/CODEOWNERS", text)]));
        assert_cited(&j);
        let ProbeFacts::CodeReview(f) = &j.facts else {
            panic!()
        };
        assert_eq!(f.codeowners_rules, Some(1));
        assert_eq!(
            f.codeowners_owners_of_all.as_deref(),
            Some(&["@org/maintainers".to_string()][..])
        );
        let c = j
            .citations
            .iter()
            .find(|c| c.path.as_deref() == Some(".github/CODEOWNERS"))
            .unwrap();
        assert_eq!(c.lines, Some([4, 4]), "{c:?}");
        let by_path = "* @a @b\n/docs/ @c\n";
        let j = CodeReview.judge(&with_files(&[("CODEOWNERS", by_path)]));
        let ProbeFacts::CodeReview(f) = &j.facts else {
            panic!()
        };
        assert_eq!(f.codeowners_rules, Some(2));
        assert_eq!(f.codeowners_owners_of_all, None);
    }

    proptest! {
        /// Every rule is a line of the text that is not a comment, in order, its pattern
        /// the line's first field.
        #[test]
        fn rules_are_lines_of_the_text(text in "[*/a-z@ #\n\t-]{0,200}") {
            let rules = codeowners_rules(&text);
            let lines: Vec<&str> = text.lines().collect();
            let mut last = 0;
            for r in &rules {
                prop_assert!(r.line > last);
                last = r.line;
                let line = lines[(r.line - 1) as usize].trim();
                prop_assert!(!line.starts_with('#') && !line.is_empty());
                prop_assert!(line.starts_with(r.pattern.as_str()));
            }
        }
    }
}
