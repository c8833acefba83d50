//! The contribution rules the project writes (DCO sign-off, signed commits, two-factor
//! authentication, approvals and who may merge), quoted and cited beside what the history
//! and the settings show in the signing and review answers. A written rule is never
//! answered with a bare "No": the answer says what is written and what was observed.

use std::sync::LazyLock;

use regex::Regex;

use super::documents::cite_place;
use super::*;
use crate::model::{ContributionPolicyFacts, DocPlace, PolicyTopic};

/// Characters of a quoted sentence kept.
const MAX_QUOTE: usize = 300;
/// Most review-rule sentences quoted.
const MAX_REVIEW_RULES: usize = 2;

/// A sentence that states a requirement rather than describing a habit.
static RULE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(must|should|required?|requires|requirement|need to|needs to|have to|has to|mandatory|enforced?|only|at least|every commit|all commits|each commit|will not be (accepted|merged|reviewed)|cannot be (accepted|merged)|will fail|may be merged|can merge|may merge|lazy consensus|approv\w*|lgtm)\b").ok()
});

/// The number of approvals a review rule names: "at least two positive votes", "an
/// approver must approve it", "Review by one or more maintainers".
static APPROVALS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:at least |a minimum of )?(one|two|three|an?|\d+)(?: or more)?(?: other| additional| different)? (?:\w+ ){0,2}?(?:approvals?|lgtms?|approvers?|maintainers?|reviewers?|committers?|developers?|positive votes?|\+1s?|approving reviews?)\b").ok()
});

/// The sentence states a rule (and not what must not be done).
pub(super) fn is_rule(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    RULE.as_ref().is_some_and(|r| r.is_match(&l))
        && !l.contains("must not add")
        && !l.contains("not required")
        && !l.contains("optional")
}

/// How many approvals a review rule asks for, when it names a number.
pub(super) fn approvals_named(sentence: &str) -> Option<u32> {
    let l = sentence.to_lowercase();
    let named: Vec<&str> = APPROVALS
        .as_ref()?
        .captures_iter(&l)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    // A number written out ("from two maintainers") before an article ("an approval").
    let first = named
        .iter()
        .find(|n| !matches!(**n, "a" | "an"))
        .or(named.first())?;
    match *first {
        "one" | "a" | "an" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        n => n.parse().ok().filter(|n| (1..=20).contains(n)),
    }
}

/// "`CONTRIBUTING.md` (line 12)".
fn at(p: &DocPlace) -> Text {
    text![code(&p.path), " (line ", num(u64::from(p.line)), ")"]
}

fn said(p: &DocPlace) -> Text {
    let s: String = p.sentence.chars().take(MAX_QUOTE).collect();
    let s = s.trim_end_matches(['.', ':', ';']).replace('\n', " ");
    text!["“", quote(&s), "”"]
}

impl<'a> Ctx<'a> {
    fn contribution_rules(&self) -> Option<(&'a ProbeResult, &'a ContributionPolicyFacts)> {
        self.results.iter().find_map(|r| match &r.facts {
            ProbeFacts::ContributionPolicy(f) => Some((r, f)),
            _ => None,
        })
    }

    /// The statements on `topic` that state a rule, strongest first (the probe's order).
    fn rules_on(&self, topic: PolicyTopic) -> Vec<(&'a ProbeResult, &'a DocPlace)> {
        let Some((r, f)) = self.contribution_rules() else {
            return Vec::new();
        };
        let all = f.statements.as_deref().unwrap_or(&[]);
        // A sentence that is also another topic's rule ("approved by a maintainer and
        // pass all checks, including the DCO check") comes after those on this topic only.
        let shared = |p: &DocPlace| all.iter().any(|o| o.topic != topic && o.place == *p);
        let mut out: Vec<(&'a ProbeResult, &'a DocPlace)> = all
            .iter()
            .filter(|s| s.topic == topic && is_rule(&s.place.sentence))
            .map(|s| (r, &s.place))
            .collect();
        out.sort_by_key(|(_, p)| shared(p));
        out
    }

    /// Says the written signing rules (DCO sign-off, signed commits, two-factor
    /// authentication); returns (DCO required, signing required) as written.
    pub(super) fn say_signing_rules(&self, it: &mut Item) -> (bool, bool) {
        let mut dco = false;
        if let Some((r, p)) = self.rules_on(PolicyTopic::DcoSignOff).first() {
            it.say(
                text![
                    "DCO sign-off is required by ",
                    at(p),
                    ": ",
                    said(p),
                    "; a sign-off is a statement of origin, not a cryptographic signature."
                ],
                cite_place(r, p),
            );
            dco = true;
        } else if let Some((r, f)) = self.contribution_rules() {
            if let Some(cfg) = &f.dco_config {
                it.say(
                    text![
                        "The DCO app is configured (",
                        code(cfg),
                        "): commits are checked for sign-off, which is not cryptographic signing."
                    ],
                    cites(r, &["dco_config"]),
                );
                dco = true;
            }
        }
        let mut signing = false;
        if let Some((r, p)) = self.rules_on(PolicyTopic::CommitSigning).first() {
            it.say(
                text!["Signed commits are required by ", at(p), ": ", said(p), "."],
                cite_place(r, p),
            );
            signing = true;
        }
        // A sign-off asked for and no signature: said, with what was read.
        if dco && !signing {
            self.say_no_written_signing_rule(it);
        }
        if dco || signing {
            it.probes.push(ProbeId::ContributionPolicy);
        }
        (dco, signing)
    }

    /// Says that the documents read ask for a sign-off but for no cryptographic signature.
    pub(super) fn say_no_written_signing_rule(&self, it: &mut Item) {
        let Some((r, f)) = self.contribution_rules() else {
            return;
        };
        let read = f.documents_read.as_deref().unwrap_or(&[]);
        if read.is_empty() {
            return;
        }
        let shown: Vec<Text> = read.iter().take(MAX_NAMES).map(|p| code(p)).collect();
        let more = read.len().saturating_sub(shown.len()) as u64;
        it.say(
            text![
                "None of the contributing documents read (",
                list(shown, more),
                ") requires cryptographically signed commits."
            ],
            cites(r, &["documents_read"]),
        );
    }

    /// Says the written two-factor authentication rule, when there is one.
    pub(super) fn say_two_factor_rule(&self, it: &mut Item) {
        if let Some((r, p)) = self.rules_on(PolicyTopic::TwoFactor).first() {
            it.say(
                text![
                    "Two-factor authentication is required by ",
                    at(p),
                    ": ",
                    said(p),
                    "."
                ],
                cite_place(r, p),
            );
            if !it.probes.contains(&ProbeId::ContributionPolicy) {
                it.probes.push(ProbeId::ContributionPolicy);
            }
        }
    }

    /// Says the written review and merge rules; returns the number of approvals the first
    /// of them names, when it names one, with the citation of the rule that names it.
    pub(super) fn say_review_rules(&self, it: &mut Item) -> Option<(u32, Vec<&'a Citation>)> {
        let rules = self.rules_on(PolicyTopic::ReviewRule);
        let mut approvals = None;
        for (r, p) in rules.iter().take(MAX_REVIEW_RULES) {
            it.say(
                text![at(p), " states the review rule: ", said(p), "."],
                cite_place(r, p),
            );
            approvals =
                approvals.or_else(|| approvals_named(&p.sentence).map(|n| (n, cite_place(r, p))));
        }
        if !rules.is_empty() {
            it.probes.push(ProbeId::ContributionPolicy);
        }
        approvals
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_are_read_from_the_rule() {
        assert_eq!(
            approvals_named("PRs may be merged after receiving at least two positive votes."),
            Some(2)
        );
        assert_eq!(
            approvals_named("For any PR to merge, an approver must approve it."),
            Some(1)
        );
        assert_eq!(
            approvals_named("Review by one or more maintainers"),
            Some(1)
        );
        assert_eq!(approvals_named("Every PR needs 2 LGTMs."), Some(2));
        assert_eq!(
            approvals_named("The PR must receive an approval from two maintainers."),
            Some(2)
        );
        assert_eq!(
            approvals_named("Decisions are made by lazy consensus."),
            None
        );
    }

    #[test]
    fn rules_are_told_from_descriptions() {
        assert!(is_rule("All commits must be signed off."));
        assert!(!is_rule("AI Agents must not add Signed-off-by trailers."));
        assert!(!is_rule("The sign-off is a line at the end of the patch."));
    }
}

#[cfg(test)]
mod answer_tests {
    use super::*;
    use crate::model::{CitationKind, PolicyStatement};

    fn evidence() -> Evidence {
        Evidence::empty(
            crate::evidence::RepoIdentity::default(),
            "2026-01-01T00:00:00Z".into(),
            crate::evidence::Unavailable::new(Reason::NotCollected, "test"),
        )
    }

    fn policy(said: &[(PolicyTopic, u32, &str)]) -> ProbeResult {
        let statements: Vec<PolicyStatement> = said
            .iter()
            .map(|(topic, line, s)| PolicyStatement {
                topic: *topic,
                place: DocPlace {
                    path: "CONTRIBUTING.md".into(),
                    line: *line,
                    sentence: (*s).into(),
                },
            })
            .collect();
        ProbeResult {
            title: "contribution-policy".into(),
            citations: said
                .iter()
                .map(|(_, line, s)| {
                    Citation::new(CitationKind::File, "t")
                        .path("CONTRIBUTING.md")
                        .lines(*line, *line)
                        .excerpt(s)
                        .supports(&["statements"])
                })
                .collect(),
            facts: ProbeFacts::ContributionPolicy(ContributionPolicyFacts {
                documents_read: Some(vec!["CONTRIBUTING.md".into()]),
                statements: Some(statements),
                ..Default::default()
            }),
            outcome: Outcome::Met,
            reason: None,
            summary: String::new(),
            duration_ms: 0,
        }
    }

    fn unsigned_history() -> ProbeResult {
        ProbeResult {
            title: "signed-commits".into(),
            facts: ProbeFacts::SignedCommits(SignedCommitsFacts {
                commits_examined: Some(100),
                dco_signed_off: Some(90),
                ..Default::default()
            }),
            outcome: Outcome::NotMet,
            reason: None,
            summary: String::new(),
            citations: Vec::new(),
            duration_ms: 0,
        }
    }

    /// A written DCO rule is stated first and turns a bare "No" into "Partly".
    #[test]
    fn written_dco_rule_is_never_a_bare_no() {
        let p = policy(&[
            (PolicyTopic::DcoSignOff, 3, "Signed-off-by is set with -s."),
            (
                PolicyTopic::DcoSignOff,
                9,
                "Every commit must be signed off.",
            ),
        ]);
        let a = build(&[unsigned_history()], &evidence()).signed_commits_required;
        assert_eq!(a.answer, Answer::No);
        let a = build(&[unsigned_history(), p], &evidence()).signed_commits_required;
        assert_eq!(a.answer, Answer::Partial, "{}", a.text);
        assert!(
            a.sentences[0]
                .text
                .starts_with("DCO sign-off is required by CONTRIBUTING.md (line 9)"),
            "{}",
            a.text
        );
        assert!(a.probes.contains(&ProbeId::ContributionPolicy));
    }

    /// Settings unread: the written number of approvals answers, quoted and cited.
    #[test]
    fn written_approvals_answer_how_many_reviewers() {
        let p = policy(&[(
            PolicyTopic::ReviewRule,
            38,
            "PRs may be merged after receiving at least two positive votes.",
        )]);
        let a = build(&[p], &evidence()).reviewers_before_merge;
        assert_eq!(a.answer, Answer::Yes, "{}", a.text);
        assert!(
            a.text.contains("(line 38) states the review rule"),
            "{}",
            a.text
        );
        assert_eq!(a.sentences[0].citations.len(), 1);
        assert!(
            a.sentences[1]
                .text
                .starts_with("As written, that is 2 approving reviews before a pull request is merged; whether branch protection enforces it was not read"),
            "{}",
            a.text
        );
        assert_eq!(a.sentences[1].citations, a.sentences[0].citations);
    }
}
