//! `contribution-policy`: the review and sign-off rules the contributing documents
//! (CONTRIBUTING, GOVERNANCE, the pull request template) state, quoted and cited: DCO
//! sign-off required, N approvals, maintainers review. With the DCO app's configuration
//! (`.github/dco.yml`), and the ecosystem the README and the adopters file name (the
//! README's opening description, how many adopters are listed).

use std::sync::LazyLock;

use regex::Regex;

use crate::evidence::docs::{DocKind, Document};
use crate::evidence::{Evidence, Need, Needs};
use crate::model::{ContributionPolicyFacts, DocPlace, Outcome, PolicyTopic, ProbeFacts, ProbeId};

use super::util::{cite_tree, why};
use super::vulnerability_response::statements;
use super::{Judgement, Probe};

pub struct ContributionPolicy;

pub const POLICY_DOCS: [DocKind; 3] = [
    DocKind::Contributing,
    DocKind::Governance,
    DocKind::PullRequestTemplate,
];

pub static TOPICS: LazyLock<Vec<(PolicyTopic, Option<Regex>)>> = LazyLock::new(|| {
    vec![
        (
            PolicyTopic::DcoSignOff,
            Regex::new(r"\bdco\b|developer certificate of origin|signed-off-by|\bsign(ed)?[- ]off\b|\bgit commit -s\b").ok(),
        ),
        (
            PolicyTopic::ReviewRule,
            Regex::new(r"\b(\d+|one|two|three|at least (one|two|\d+)) (\w+ )?(approvals?|lgtms?|reviewers?|approving reviews?)\b|\b(must|should|will) be (reviewed|approved) by\b|\brequires? (an? )?(approval|review|lgtm)s? (from|by)\b|\b(maintainers?|approvers?|reviewers?) (must|will) (approve|review)\b").ok(),
        ),
    ]
});

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
        let mut said = Vec::new();
        for d in &docs {
            statements(d, &TOPICS, &mut said);
        }
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
        let desc = set.of_kind(&[DocKind::Readme]).next().and_then(description);
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
        let dco = said.iter().any(|s| s.topic == PolicyTopic::DcoSignOff) || dco_config.is_some();
        let review = said.iter().any(|s| s.topic == PolicyTopic::ReviewRule);
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
