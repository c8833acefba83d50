//! `contribution-policy`: the review and sign-off rules the contributing documents
//! (CONTRIBUTING, GOVERNANCE, the pull request template) state, quoted and cited: DCO
//! sign-off required, N approvals, maintainers review. With the DCO app's configuration
//! (`.github/dco.yml`), and the ecosystem the README and the adopters file name (the
//! README's opening description, how many adopters are listed).

use std::sync::LazyLock;

use regex::Regex;

use crate::evidence::docs::{DocKind, Document};
use crate::evidence::{Evidence, Need, Needs};
use crate::model::{
    ContributionPolicyFacts, DocPlace, Outcome, PolicyStatement, PolicyTopic, ProbeFacts, ProbeId,
};

use super::util::{cite_tree, why};
use super::{Judgement, Probe};

pub struct ContributionPolicy;

pub const POLICY_DOCS: [DocKind; 4] = [
    DocKind::Contributing,
    DocKind::Governance,
    DocKind::Maintainers,
    DocKind::PullRequestTemplate,
];

/// Most sentences kept per topic (rules first).
const MAX_PER_TOPIC: usize = 3;
/// Longest sentence kept, in characters.
const MAX_SENTENCE: usize = 400;

fn re(s: &str) -> Option<Regex> {
    Regex::new(s).ok()
}

/// What each topic's sentences say (lower-cased text).
pub static TOPICS: LazyLock<Vec<(PolicyTopic, Option<Regex>)>> = LazyLock::new(|| {
    vec![
        (
            PolicyTopic::DcoSignOff,
            re(
                r"\bdco\b|developer certificate of origin|signed-off-by|\bsign(ed|s|ing)?[- ]?offs?\b|\bgit commit (-s|--signoff)\b",
            ),
        ),
        (
            PolicyTopic::ReviewRule,
            re(concat!(
                // "two approvals", "at least one LGTM", "2 positive votes"
                r"\b(\d+|one|two|three|at least (one|two|three|\d+)|a minimum of (one|two|three|\d+))( other| additional| more| different)? (\w+ ){0,2}(approvals?|lgtms?|reviewers?|approvers?|maintainers?|committers?|developers?|reviews?|approving reviews?|positive votes?|votes?|\+1s?|sign-offs from)\b",
                r"|\b(must|should|shall|will|need to|needs to|has to|have to) be (reviewed|approved|merged)( and (reviewed|approved|merged))? (by|after|once|only|before)\b",
                r"|\brequires? (an? )?(approval|review|lgtm)s? (from|by)\b",
                r"|\b(maintainers?|approvers?|reviewers?|committers?|owners?) (must|will|should|need to|needs to) (approve|review|sign off)\b",
                r"|\ban? (\w+ )?(approver|maintainer|reviewer|committer) must (approve|review)\b",
                r"|\blazy consensus\b",
                r"|\b(approval|lgtm|review) (from|by) (at least|an?|one|two|the) ",
                r"|\b(only )?(maintainers?|committers?|approvers?|owners?)( \([^)]*\))? (can|may|are allowed to|is allowed to|have the right to) merge\b",
                r"|\b(cannot|can't|can not|shouldn't|should not|must not|may not|do not|does not) merge (their own|his own|her own|your own|pull requests|prs|changes)\b",
                r"|\bmerge (rights|permissions?|access)\b",
                r"|\bmerge (the |a |your )?(pull requests?|prs?) (once|after|when|only)\b",
                r"|\b(prs?|pull requests?|changes?|patch(es)?) (may|can|will|must|should) (only )?be merged (after|once|when|only|by)\b"
            )),
        ),
        (
            PolicyTopic::CommitSigning,
            re(
                r"\bgpg[- ]sign|\bsigned commits?\b|\bcommits? (must|should|need to|needs to|have to|has to) be (cryptographically |gpg[- ]|ssh[- ])?signed\b|\bsign (all |each |every |your |their )?commits? (with|using) (gpg|ssh|a gpg|an ssh|sigstore|gitsign)|\bcommit signing\b|\bverified commits?\b|\bgitsign\b",
            ),
        ),
        (
            PolicyTopic::TwoFactor,
            re(r"\b(2fa|two[- ]factor|multi[- ]factor|mfa)\b"),
        ),
    ]
});

/// Words that make a sentence a rule rather than a description.
static RULE_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"\b(must|should|required?|requires|requirement|requiring|need to|needs to|have to|has to|mandatory|enforced?|only|at least|all commits|every commit|each commit|may be merged|can merge|may merge|will not be (accepted|merged|reviewed)|cannot be (accepted|merged)|will fail|lazy consensus|approvals?|lgtm)\b",
    )
});

/// Sentences that name review words about something other than code changes: electing
/// maintainers, proposals, governance changes, AI agents told what not to add.
static NOT_CODE_REVIEW: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"\b(nominat\w*|promot\w*|emeritus|election|elect|new maintainers?|adding (and|or) removing|add(ing)? or remov\w*|removal|remove a maintainer|become an? (maintainer|reviewer|committer|approver)|voting|proposal|this document|governance|charter|steering|membership|code of conduct|coc|violat\w*|the report|sub-?projects?|maintainership|tsc|toc|committees?|step(s|ping)? down)\b",
    )
});

/// Words that put a sentence about review on code changes.
static CODE_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"\b(pull requests?|prs?|merged?|merging|patch(es)?|commits?|code|changes?|changesets?|contributions?)\b",
    )
});

/// Sentences that name approving or reviewing, but not the rule for approving changes
/// before they merge: the exception to the rule ("may be merged without a separate
/// approval"), approving automation or CI runs ("automation to create pull requests must
/// be approved", "CI workflows require a one-time approval"), the author's own review of
/// generated code, privileges and their abuse, notice periods, elections, what a reviewer
/// looks at ("review commit messages").
static NOT_APPROVAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(concat!(
        r"\bwithout (an? |any )?(separate |further |additional |prior |explicit |formal )?(approvals?|reviews?|lgtms?)\b",
        r"|\b(does|do|need|needs) not (need|require) (an? |any )?(separate |further |additional )?(approvals?|reviews?)\b",
        r"|\bno (separate |further |additional )?(approvals?|reviews?) (is |are )?(needed|required)\b",
        r"|\bautomation\b|\bautomated tools?\b|\bai\b|\bai[- ](generated|assisted)\b|\bllms?\b",
        r"|\bby the (human )?authors?\b|\bself[- ]review",
        r"|\bworkflows?\b|\bprivileges?\b|\babuse\w*|\bworking days?\b|\bholidays?\b",
        r"|\bbinding\b|\b(2/3|two[- ]thirds|majority|supermajority)\b|\bterms? of office\b|\bend of the (last )?term\b|\bcommit messages?\b|\bnotif(y|ied)\b"
    ))
});

/// What makes a review sentence a rule: a requiring word, a permission bound to a
/// condition, a number of people ("at least one LGTM", "reviewed by two approvers").
static REVIEW_REQUIRES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(concat!(
        r"\b(must|should|shall|required?|requires|need to|needs|needed|have to|has to|only|at least|a minimum of|cannot|can't|before (merg\w*|being merged))\b",
        r"|\b(may|can) (only )?be merged\b|\bwill be (reviewed|approved)\b",
        r"|\b(one|two|three|\d+) (\w+ ){0,2}(approvals?|lgtms?|approvers?|maintainers?|reviewers?|reviews?|votes?)\b"
    ))
});

/// How strongly a sentence states a rule: a requiring word, a rule for every change
/// ("every commit", "all pull requests"), a number of people.
fn strength(lower: &str) -> u8 {
    let m = |r: &LazyLock<Option<Regex>>| u8::from(r.as_ref().is_some_and(|r| r.is_match(lower)));
    m(&RULE_WORDS) * 2 + m(&UNIVERSAL) + m(&NUMBER)
}

static UNIVERSAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"\b(every|all|each|any) (of (your|the) )?(commits?|contributions?|contributors?|pull requests?|prs?|changes?|patch(es)?)\b",
    )
});
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"\b(one|two|three|\d+)\b"));

/// A review by someone, worded with "sign-off": "the sign-off of at least one developer".
static REVIEW_SIGN_OFF: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"\bsign[- ]?offs? (of|from) (at least|an?|one|two|the|\d+)\b"));

/// `lower` (a lower-cased sentence) on `topic`, once the exclusions are applied; `context`
/// is the lower-cased heading it stands under and the block before it.
fn on_topic(topic: PolicyTopic, r: &Regex, lower: &str, context: &str) -> bool {
    if !r.is_match(lower) {
        return false;
    }
    let has = |t: &str, words: &[&str]| words.iter().any(|w| t.contains(w));
    let code = |t: &str| CODE_WORDS.as_ref().is_some_and(|r| r.is_match(t));
    match topic {
        // The sentence itself is about changes (a pull request, a patch, merging) and
        // requires their approval or review; not an exception to that rule, not another
        // thing approved.
        PolicyTopic::ReviewRule => {
            let heading = context.lines().next().unwrap_or_default();
            let m =
                |x: &LazyLock<Option<Regex>>, t: &str| x.as_ref().is_some_and(|x| x.is_match(t));
            !m(&NOT_CODE_REVIEW, lower)
                && !m(&NOT_CODE_REVIEW, heading)
                && !m(&NOT_APPROVAL, lower)
                && m(&REVIEW_REQUIRES, lower)
                && code(lower)
        }
        PolicyTopic::DcoSignOff => {
            !REVIEW_SIGN_OFF.as_ref().is_some_and(|x| x.is_match(lower))
                || has(lower, &["signed-off-by", "dco", "certificate of origin"])
        }
        // Signing with a DCO sign-off is the DCO topic, not cryptographic signing.
        PolicyTopic::CommitSigning => {
            let dco = [
                "sign-off",
                "signoff",
                "signed-off",
                "sign off",
                "dco",
                "certificate of origin",
            ];
            !has(lower, &dco) && !has(context, &dco)
        }
        _ => true,
    }
}

/// Words of sign-off anywhere in a document: its headings, prose and link targets
/// ("Certificate of Origin - Sign your work", `git commit -s`, `Signed-off-by`, DCO).
fn speaks_of_sign_off(d: &Document) -> bool {
    let Some(r) = SIGN_OFF_WORDS.as_ref() else {
        return false;
    };
    d.sections
        .iter()
        .any(|h| r.is_match(&h.heading.to_lowercase()))
        || d.blocks.iter().any(|b| r.is_match(&b.text.to_lowercase()))
        || d.links.iter().any(|l| r.is_match(&l.url.to_lowercase()))
}

static SIGN_OFF_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"\bdco\b|certificate[- ]of[- ]origin|signed-off-by|\bsign[- ]?off\b|\bsigned[- ]off\b|\bgit commit (-s|--signoff)\b|\bcommit -s\b",
    )
});

/// A sentence about signing that names keys or cryptography (`-S` is GPG signing, `-s`
/// the sign-off).
fn cryptographic(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    sentence.contains(" -S") || CRYPTO_WORDS.as_ref().is_some_and(|r| r.is_match(&lower))
}

static CRYPTO_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r"\b(gpg|pgp|openpgp|ssh|x\.?509|s/mime|cryptograph\w*|verified|keys?|gitsign|sigstore)\b")
});

/// The sentence states a requirement (not a description, not a "must not add").
pub fn states_rule(lower: &str) -> bool {
    RULE_WORDS.as_ref().is_some_and(|r| r.is_match(lower))
        && !lower.contains("must not add")
        && !lower.contains("not required")
        && !lower.contains("optional")
}

fn clip(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(MAX_SENTENCE) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A sentence considered for a topic: where it is, its words, and its context (the
/// heading above it and the block before it, lower-cased).
struct Candidate<'d> {
    path: &'d str,
    line: u32,
    sentence: &'d str,
    context: String,
    /// A heading, not a sentence of prose.
    heading: bool,
}

/// The candidate sentences of `d`: its headings (with their parent heading as context)
/// and the sentences of its prose blocks, leaving out lists of links (a table of contents
/// repeats the headings).
fn candidates(d: &Document) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    for (i, h) in d.sections.iter().enumerate() {
        let parent = d.sections[..i]
            .iter()
            .rev()
            .find(|p| p.level < h.level)
            .map(|p| p.heading.to_lowercase())
            .unwrap_or_default();
        out.push(Candidate {
            path: &d.path,
            line: h.line,
            sentence: &h.heading,
            context: parent,
            heading: true,
        });
    }
    for (k, b) in d.blocks.iter().enumerate() {
        let link_text: usize = d
            .links
            .iter()
            .filter(|l| l.block == Some(k))
            .map(|l| l.text.len())
            .sum();
        if link_text * 2 >= b.text.trim().len() {
            continue;
        }
        let heading = b
            .section
            .and_then(|i| d.sections.get(i))
            .map(|h| h.heading.to_lowercase())
            .unwrap_or_default();
        let before = k
            .checked_sub(1)
            .and_then(|j| d.blocks.get(j))
            .filter(|p| p.section == b.section)
            .map(|p| p.text.to_lowercase())
            .unwrap_or_default();
        for (at, s) in crate::evidence::docs::sentences(&b.text) {
            let line = b.line + b.text[..at].matches('\n').count() as u32;
            out.push(Candidate {
                path: &d.path,
                line: line.min(b.end_line),
                sentence: s,
                context: format!("{heading}\n{before}"),
                heading: false,
            });
        }
    }
    out
}

/// The sentences of `docs` on each topic, the strongest rules first, at most
/// [`MAX_PER_TOPIC`] each. A sentence under a heading on a topic ("Developer Certificate
/// of Origin") counts for it when it states a rule about commits or contributions.
pub fn rules(docs: &[&Document]) -> Vec<PolicyStatement> {
    let mut found: Vec<(u8, PolicyStatement)> = Vec::new();
    for d in docs {
        let sign_off_doc = speaks_of_sign_off(d);
        for c in candidates(d) {
            let lower = c.sentence.to_lowercase();
            let rule = states_rule(&lower);
            let score = if rule { strength(&lower) } else { 0 };
            for (topic, r) in TOPICS.iter() {
                let Some(r) = r else { continue };
                // A review rule is a sentence of prose that states it (a heading or the
                // section a sentence stands in is not enough).
                if *topic == PolicyTopic::ReviewRule && c.heading {
                    continue;
                }
                let by_context = rule
                    && !matches!(*topic, PolicyTopic::TwoFactor | PolicyTopic::ReviewRule)
                    && r.is_match(&c.context)
                    && [
                        "commit",
                        "pull request",
                        "pr ",
                        "prs",
                        "change",
                        "contribut",
                    ]
                    .iter()
                    .any(|w| lower.contains(w));
                if !(on_topic(*topic, r, &lower, &c.context) || by_context) {
                    continue;
                }
                // "Each commit must be signed" in a document that asks for `git commit -s`
                // or the DCO, with no word of keys or cryptography: a sign-off.
                let topic = &if *topic == PolicyTopic::CommitSigning
                    && sign_off_doc
                    && !cryptographic(c.sentence)
                {
                    PolicyTopic::DcoSignOff
                } else {
                    *topic
                };
                let sentence = clip(c.sentence);
                if found
                    .iter()
                    .any(|(_, x)| x.topic == *topic && x.place.sentence == sentence)
                {
                    continue;
                }
                found.push((
                    score,
                    PolicyStatement {
                        topic: *topic,
                        place: DocPlace {
                            path: c.path.to_string(),
                            line: c.line,
                            sentence,
                        },
                    },
                ));
            }
        }
    }
    // The strongest rules first, each strength in document order (a stable sort).
    found.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let mut out: Vec<PolicyStatement> = Vec::new();
    for (_, s) in found {
        if out.iter().filter(|x| x.topic == s.topic).count() < MAX_PER_TOPIC {
            out.push(s);
        }
    }
    out
}

/// Words of a block that make it a banner or a notice, not the project's description
/// (an event, a release, a call for help, a move).
static NOTICE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(kubecon|cloudnativecon|co-located|happened|happening|hiring|webinar|conference|summit|survey|register now|join us at|we're excited|we are excited|announc\w*|is (now )?released|has been released|release of|now available|deprecat\w*|has moved|moved to|new home|archived|no longer maintained|breaking change|important:|note:|warning:)").ok()
});

/// Headings that introduce the description when it is not above the first section.
const ABOUT: [&str; 7] = [
    "overview",
    "about",
    "introduction",
    "what is",
    "description",
    "what's",
    "summary",
];

/// The README's description: the first block of prose (not badges, not a lone link, not
/// a banner or a notice such as an event or a release) above the first second-level
/// section or under a heading such as "Overview", "About" or "What is"; a block that
/// says what the project is ("X is a ...") is preferred to one that does not.
pub fn description(d: &Document) -> Option<DocPlace> {
    let definition =
        Regex::new(r"(?i)\b(is|are) (a|an|the|our)\b|\b(provides|enables|helps|lets you|allows)\b")
            .ok();
    let candidates: Vec<&crate::evidence::docs::Block> = d
        .blocks
        .iter()
        .filter(|b| {
            b.section.is_none_or(|s| {
                s == 0
                    || d.sections.get(s).is_some_and(|h| {
                        let l = h.heading.to_lowercase();
                        h.level <= 1 || ABOUT.iter().any(|w| l.starts_with(w) || l.contains(w))
                    })
            })
        })
        .filter(|b| {
            let words = b.text.split_whitespace().count();
            let link_text: usize = d
                .links
                .iter()
                .filter(|l| l.line >= b.line && l.line <= b.end_line)
                .map(|l| l.text.len())
                .sum();
            let starts_with_symbol = b.text.trim_start().chars().next().is_some_and(|c| {
                !c.is_alphanumeric() && !matches!(c, '"' | '\'' | '`' | '*' | '_')
            });
            words >= 8
                && link_text * 2 < b.text.len()
                && !starts_with_symbol
                && !NOTICE.as_ref().is_some_and(|r| r.is_match(&b.text))
        })
        .take(6)
        .collect();
    let chosen = candidates
        .iter()
        .find(|b| definition.as_ref().is_some_and(|r| r.is_match(&b.text)))
        .or(candidates.first())?;
    Some(DocPlace {
        path: d.path.clone(),
        line: chosen.line,
        sentence: crate::evidence::docs::sentences(&chosen.text)
            .into_iter()
            .take(2)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// A sentence that states a CNCF maturity level ("X is a Cloud Native Computing
/// Foundation (CNCF) incubating project", "hosted by the CNCF as a graduated project").
static FOUNDATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?is)\b(cncf|cloud native computing foundation)\b.{0,80}?\b(graduated|incubating|incubation|sandbox)\b|\b(graduated|incubating|sandbox)\b.{0,40}?\b(cncf|cloud native computing foundation)\b").ok()
});

/// The README's sentence stating the project's CNCF maturity level: the first sentence
/// of prose (five words or more, not a row of badges) that names the CNCF and a level.
pub fn foundation_status(d: &Document) -> Option<DocPlace> {
    let re = FOUNDATION.as_ref()?;
    for b in &d.blocks {
        let Some(m) = re.find(&b.text) else { continue };
        let sentence = crate::evidence::docs::sentence_at(&b.text, m.start());
        if sentence.split_whitespace().count() < 5 || !re.is_match(sentence) {
            continue;
        }
        let line = b.line + b.text[..m.start()].matches('\n').count() as u32;
        return Some(DocPlace {
            path: d.path.clone(),
            line: line.min(b.end_line.max(b.line)),
            sentence: crate::evidence::docs::clip(sentence),
        });
    }
    None
}

impl Probe for ContributionPolicy {
    fn id(&self) -> ProbeId {
        ProbeId::ContributionPolicy
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/contribution-policy.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::Documents])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let empty = || ProbeFacts::ContributionPolicy(ContributionPolicyFacts::default());
        let (set, files) = match (ev.docs(), ev.files.as_ref()) {
            (Some(s), Ok(f)) => (s, f),
            (_, Err(u)) => {
                return Judgement::unknown(empty(), u, why("The contributing documents", u));
            }
            (None, Ok(_)) => {
                return Judgement::new(
                    empty(),
                    Outcome::Unknown,
                    "The documents could not be read.",
                );
            }
        };
        let docs: Vec<&Document> = set.of_kind(&POLICY_DOCS).collect();
        let said = rules(&docs);
        let dco_config = [".github/dco.yml", ".github/dco.yaml"]
            .into_iter()
            .find(|p| files.regular_file(p).is_some())
            .map(str::to_string);
        let adopters = set.of_kind(&[DocKind::Adopters]).next();
        let counted = adopters.and_then(|d| {
            files
                .text(&d.path)
                .map(|(_, c)| crate::evidence::docs::adopters::count(&c.text))
        });
        let readme = set.of_kind(&[DocKind::Readme]).next();
        let desc = readme.and_then(description);
        let status = readme.and_then(foundation_status);
        let read: Vec<String> = docs.iter().map(|d| d.path.clone()).collect();
        let mut cites = Vec::new();
        for s in &said {
            cites.push(
                ev.cite_file(&s.place.path, Some((s.place.line, s.place.line)))
                    .excerpt(&s.place.sentence)
                    .supports(&["statements"]),
            );
        }
        for p in &read {
            cites.push(
                ev.cite_file(p, None)
                    .supports(&["documents_read", "statements"]),
            );
        }
        if let Some(p) = &dco_config {
            cites.push(ev.cite_file(p, None).supports(&["dco_config"]));
        }
        if let Some(d) = adopters {
            cites.push(ev.cite_file(&d.path, None).supports(&[
                "adopters_file",
                "adopters_named",
                "adopters_counted_as",
                "adopters_elsewhere",
            ]));
        }
        if let Some(p) = &desc {
            cites.push(
                ev.cite_file(&p.path, Some((p.line, p.line)))
                    .excerpt(&p.sentence)
                    .supports(&["description"]),
            );
        }
        if let Some(p) = &status {
            cites.push(
                ev.cite_file(&p.path, Some((p.line, p.line)))
                    .excerpt(&p.sentence)
                    .supports(&["foundation_status"]),
            );
        }
        let dco = said.iter().any(|s| s.topic == PolicyTopic::DcoSignOff) || dco_config.is_some();
        let review = said.iter().any(|s| {
            matches!(
                s.topic,
                PolicyTopic::ReviewRule | PolicyTopic::CommitSigning
            )
        });
        let outcome = match (dco || review, read.is_empty()) {
            (true, _) => Outcome::Met,
            (false, true) => Outcome::NotMet,
            (false, false) => Outcome::PartiallyMet,
        };
        let summary = format!(
            "DCO sign-off {}; a review rule {}.",
            if dco { "stated" } else { "not stated" },
            if review { "stated" } else { "not stated" }
        );
        let facts = ContributionPolicyFacts {
            documents_read: Some(read),
            statements: Some(said),
            dco_config,
            adopters_file: adopters.map(|d| d.path.clone()),
            adopters_named: counted.as_ref().map(|c| c.count),
            adopters_counted_as: counted
                .as_ref()
                .map(|c| c.how.iter().map(|h| (*h).to_string()).collect()),
            adopters_elsewhere: counted.and_then(|c| c.elsewhere),
            description: desc,
            foundation_status: status,
        };
        cites.push(cite_tree(ev, &["documents_read", "statements"]));
        Judgement::new(ProbeFacts::ContributionPolicy(facts), outcome, summary).cite_all(cites)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::testing::{assert_cited, with_files};

    #[test]
    fn dco_section_review_rule_and_adopters() {
        let contributing = "# Contributing\n\n## DCO\n\nAll commits must be signed off (git commit -s) under the Developer Certificate of Origin.\n\n## Review\n\nEvery pull request needs two approvals from maintainers.\n";
        let adopters = "# Adopters\n\n| Org | Use |\n|---|---|\n| A | x |\n| B | y |\n\n- C\n";
        let ev = with_files(&[
            ("CONTRIBUTING.md", contributing),
            ("ADOPTERS.md", adopters),
            (".github/dco.yml", "require:\n  members: false\n"),
        ]);
        let j = ContributionPolicy.judge(&ev);
        assert_cited(&j);
        assert_eq!(j.outcome, Outcome::Met);
        let ProbeFacts::ContributionPolicy(f) = &j.facts else {
            panic!()
        };
        let s = f.statements.as_ref().unwrap();
        assert!(
            s.iter()
                .any(|x| x.topic == PolicyTopic::DcoSignOff && x.place.line == 5)
        );
        assert!(
            s.iter()
                .any(|x| x.topic == PolicyTopic::ReviewRule && x.place.line == 9)
        );
        assert_eq!(f.dco_config.as_deref(), Some(".github/dco.yml"));
        assert_eq!(f.adopters_named, Some(3));
    }

    #[test]
    fn the_cncf_maturity_sentence_is_found_in_prose_not_badges() {
        let readme = "# P\n\n[![CNCF Status](https://img.shields.io/badge/cncf%20status-graduated-blue.svg)](https://cncf.io)\n\nThe runtime provides an isolated execution sandbox for its programs.\n\n## Community\n\nP is hosted by the [Cloud Native Computing Foundation](https://cncf.io) (CNCF) as an\n[incubating](https://www.cncf.io/projects) project. More words.\n";
        let d = Document::parse("README.md", DocKind::Readme, readme);
        let p = foundation_status(&d).unwrap();
        assert_eq!(p.line, 9, "{p:?}");
        assert!(p.sentence.starts_with("P is hosted by"), "{p:?}");
        let none = "# P\n\nP runs programs in a sandbox for the cloud.\n";
        let d = Document::parse("README.md", DocKind::Readme, none);
        assert!(foundation_status(&d).is_none());
    }

    #[test]
    fn the_description_is_not_an_event_banner_or_a_notice() {
        let readme = "# P\n\n[![CI](https://x/badge.svg)](https://x)\n\n> 📢 [PCon](https://events.example/pcon) happened on 19th March as a co-located event at KubeCon EU in Paris.\n\nWe are hiring engineers for the team, please apply today at our careers page.\n\n## Overview\n\nP is a set of components that can be composed into a highly available metric system.\n\n## Getting Started\n\nRun the installer and more words follow here.\n";
        let d = Document::parse("README.md", DocKind::Readme, readme);
        let p = description(&d).unwrap();
        assert_eq!(p.line, 11, "{p:?}");
        assert!(p.sentence.starts_with("P is a set of components"));
        let plain =
            "# P\n\nP launches virtual machines with automatic file sharing and port forwarding.\n";
        let d = Document::parse("README.md", DocKind::Readme, plain);
        assert_eq!(description(&d).unwrap().line, 3);
    }

    #[test]
    fn adopters_count_ignores_code_and_headers() {
        let count = |t: &str| crate::evidence::docs::adopters::count(t).count;
        assert_eq!(count("```\n- x\n```\n| h |\n|--|\n"), 0);
        assert_eq!(count("* a\n* b\n"), 2);
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use crate::probes::testing::{assert_cited, with_files};

    fn statements(files: &[(&str, &str)]) -> Vec<PolicyStatement> {
        let j = ContributionPolicy.judge(&with_files(files));
        assert_cited(&j);
        let ProbeFacts::ContributionPolicy(f) = j.facts else {
            panic!()
        };
        f.statements.unwrap_or_default()
    }

    fn at(s: &[PolicyStatement], t: PolicyTopic) -> Vec<u32> {
        s.iter()
            .filter(|x| x.topic == t)
            .map(|x| x.place.line)
            .collect()
    }

    /// Votes on pull requests are a review rule; votes on maintainers are governance.
    #[test]
    fn positive_votes_on_pull_requests_are_the_review_rule() {
        let governance = "# Governance\n\n## Adding maintainers\n\nA proposal to add a maintainer must be approved by two thirds of the maintainers, with at least 2 approvals.\n\n## Approving PRs\n\nPRs may be merged after receiving at least two positive votes.\n\n## Code of conduct\n\nIf an approver is involved, two other approvers handle the report.\n";
        let s = statements(&[("GOVERNANCE.md", governance)]);
        assert_eq!(at(&s, PolicyTopic::ReviewRule), vec![9], "{s:#?}");
    }

    /// A rule worded as a heading under a DCO heading is the DCO rule; the table of
    /// contents that repeats it is not cited, and it is not cryptographic signing.
    #[test]
    fn dco_rule_under_a_dco_heading_and_not_in_the_contents() {
        let contributing = "# Contributing\n\n- [Certificate of Origin](#developer-certificate-of-origin)\n  - [Every commit needs to be signed](#every-commit-needs-to-be-signed)\n\n## Developer Certificate of Origin\n\n### Every commit needs to be signed\n\nThe certificate is a lightweight way to state where code comes from.\n\n## Accounts\n\nMaintainers must enable 2FA on their GitHub accounts.\n\nAll commits must be GPG-signed (git commit -S).\n";
        let s = statements(&[("CONTRIBUTING.md", contributing)]);
        let dco = at(&s, PolicyTopic::DcoSignOff);
        assert_eq!(dco.first(), Some(&8), "{s:#?}");
        assert!(!dco.contains(&4), "{s:#?}");
        assert_eq!(at(&s, PolicyTopic::CommitSigning), vec![16], "{s:#?}");
        assert_eq!(at(&s, PolicyTopic::TwoFactor), vec![14], "{s:#?}");
    }

    /// "Must not add Signed-off-by" (an instruction to tools) is not the sign-off rule: the
    /// rule that requires sign-off comes first.
    #[test]
    fn the_requiring_sentence_comes_first() {
        let contributing = "# Contributing\n\nAI agents must not add Signed-off-by trailers.\n\nThe Signed-off-by trailer is set with the -s flag.\n\nEvery commit must carry a Signed-off-by line (DCO).\n";
        let s = statements(&[("CONTRIBUTING.md", contributing)]);
        assert_eq!(at(&s, PolicyTopic::DcoSignOff).first(), Some(&7), "{s:#?}");
    }
}

#[cfg(test)]
mod review_rule_tests {
    use super::*;
    use crate::probes::testing::with_files;

    fn review_rules(files: &[(&str, &str)]) -> Vec<(String, u32, String)> {
        let j = ContributionPolicy.judge(&with_files(files));
        let ProbeFacts::ContributionPolicy(f) = j.facts else {
            panic!()
        };
        f.statements
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.topic == PolicyTopic::ReviewRule)
            .map(|s| (s.place.path, s.place.line, s.place.sentence))
            .collect()
    }

    /// The rule on a line, not the exception that follows it on the same line.
    #[test]
    fn the_rule_not_its_exception() {
        let c = "# Contributing\n\n## Merging\n\nNon-trivial pull requests should be reviewed and approved by a maintainer other than the author before merge. Small typo fixes may be merged by a maintainer without a separate approval when CI passes.\n";
        let r = review_rules(&[("CONTRIBUTING.md", c)]);
        assert_eq!(r.len(), 1, "{r:#?}");
        assert!(r[0].2.starts_with("Non-trivial pull requests"), "{r:#?}");
    }

    /// Approvals of other things (automation that opens pull requests, CI runs of forks,
    /// removing a member, the author's own check of generated code), a heading, a vote on
    /// governance and a role description are not the review rule.
    #[test]
    fn other_approvals_are_not_the_review_rule() {
        let governance = "# Governance\n\n## Changes in TSC\n\n- A PR is required to update the role.\n- PR should be reviewed by TSC member.\n\n## Removal\n\nA maintainer may be removed for abuse of privileges. The latter requires approval from at least one other maintainer, which must be obtained publicly.\n\n## Changes\n\nAll other changes to the project require a 2/3 majority vote by maintainers.\n\n### Exclusions (lazy consensus does not apply)\n\nSome text here about the code.\n\n## Roles\n\nMaintainers are able to review and approve code contributions. Maintainers can merge changes.\n";
        let contributing = "# Contributing\n\nAny use of automation to create pull requests must be approved by a maintainer.\n\nAll AI-assisted code must be reviewed by the human author before being submitted.\n\nIf you open a PR from a fork, CI workflows require a one-time approval from a maintainer per push.\n\nThe maintainer should review commit messages for each commit of the pull request.\n\nEvery pull request must be approved by two maintainers before it is merged.\n";
        let r = review_rules(&[
            ("GOVERNANCE.md", governance),
            ("CONTRIBUTING.md", contributing),
        ]);
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!((r[0].0.as_str(), r[0].1), ("CONTRIBUTING.md", 11), "{r:#?}");
    }

    /// "Each commit must be signed" in a document that asks for `git commit -s` and links
    /// the Certificate of Origin is a sign-off; with GPG named it is a signature.
    #[test]
    fn signed_in_a_sign_off_document_is_the_dco() {
        let c = "# Contributing\n\n* Commit your changes, making sure each commit is signed ([see below](#certificate-of-origin---sign-your-work)).\n* Squashing is not needed, but each individual commit must be signed.\n\n## Certificate of Origin - Sign your work\n\nUse the -s flag of git commit to add the line.\n";
        let j = ContributionPolicy.judge(&with_files(&[("CONTRIBUTING.md", c)]));
        let ProbeFacts::ContributionPolicy(f) = j.facts else {
            panic!()
        };
        let s = f.statements.unwrap_or_default();
        assert!(
            !s.iter().any(|x| x.topic == PolicyTopic::CommitSigning),
            "{s:#?}"
        );
        assert!(
            s.iter()
                .any(|x| x.topic == PolicyTopic::DcoSignOff && x.place.line == 4),
            "{s:#?}"
        );
        let gpg = "# Contributing\n\nEach commit must be signed with your GPG key (git commit -S).\n\n## DCO\n\nAdd a Signed-off-by line too.\n";
        let j = ContributionPolicy.judge(&with_files(&[("CONTRIBUTING.md", gpg)]));
        let ProbeFacts::ContributionPolicy(f) = j.facts else {
            panic!()
        };
        let s = f.statements.unwrap_or_default();
        assert!(
            s.iter()
                .any(|x| x.topic == PolicyTopic::CommitSigning && x.place.line == 3),
            "{s:#?}"
        );
    }
}
