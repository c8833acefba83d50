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

/// The README's opening description: its first block of prose (not badges, not a lone
/// link), before any second-level section.
pub fn description(d: &Document) -> Option<DocPlace> {
    d.blocks
        .iter()
        .filter(|b| {
            b.section
                .is_none_or(|s| d.sections.get(s).is_some_and(|h| h.level <= 1) || s == 0)
        })
        .find(|b| {
            let words = b.text.split_whitespace().count();
            let link_text: usize = d
                .links
                .iter()
                .filter(|l| l.line >= b.line && l.line <= b.end_line)
                .map(|l| l.text.len())
                .sum();
            words >= 8 && link_text * 2 < b.text.len()
        })
        .map(|b| DocPlace {
            path: d.path.clone(),
            line: b.line,
            sentence: crate::evidence::docs::sentences(&b.text)
                .into_iter()
                .take(2)
                .map(|(_, s)| s)
                .collect::<Vec<_>>()
                .join(" "),
        })
}

/// Adopters an adopters file lists: its list items and table rows (header and separator
/// rows left out), outside code blocks and comments.
pub fn adopters_named(text: &str) -> u64 {
    let mut n = 0u64;
    let mut fenced = false;
    let mut table_rows = 0u64;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || t.starts_with("<!--") {
            continue;
        }
        if t.starts_with('|') {
            if !t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                table_rows += 1;
            }
            continue;
        }
        if table_rows > 0 {
            n += table_rows - 1;
            table_rows = 0;
        }
        if (t.starts_with("- ") || t.starts_with("* ")) && t.len() > 2 {
            n += 1;
        }
    }
    if table_rows > 0 {
        n += table_rows - 1;
    }
    n
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
        let adopters_named =
            adopters.and_then(|d| files.text(&d.path).map(|(_, c)| adopters_named(&c.text)));
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
            cites.push(
                ev.cite_file(&d.path, None)
                    .supports(&["adopters_file", "adopters_named"]),
            );
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
            adopters_named,
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
    fn adopters_count_ignores_code_and_headers() {
        assert_eq!(adopters_named("```\n- x\n```\n| h |\n|--|\n"), 0);
        assert_eq!(adopters_named("* a\n* b\n"), 2);
    }
}
