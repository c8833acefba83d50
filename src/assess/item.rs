//! The item builder: sentences and the citations they use, and how citations are picked.

use super::*;

// ---------------------------------------------------------------- item builder

/// An item under construction: sentences and the citations they use.
pub(super) struct Item {
    pub(super) probes: Vec<ProbeId>,
    pub(super) citations: Vec<Citation>,
    pub(super) sentences: Vec<Sentence>,
    pub(super) reason: Option<Reason>,
    pub(super) why: Option<Text>,
}

/// The same citation: place and excerpt (`supports` may differ).
pub(super) fn same_citation(a: &Citation, b: &Citation) -> bool {
    a.kind == b.kind
        && a.url == b.url
        && a.path == b.path
        && a.lines == b.lines
        && a.commit == b.commit
        && a.excerpt == b.excerpt
}

impl Item {
    pub(super) fn new(probes: &[ProbeId]) -> Self {
        Item {
            probes: probes.to_vec(),
            citations: Vec::new(),
            sentences: Vec::new(),
            reason: None,
            why: None,
        }
    }

    /// Adds a sentence (ending with a period) backed by `cites`. A file excerpt with no
    /// letter or digit (`{`, `---`) quotes nothing and is left out (an API's `[]` says
    /// the answer was empty, and stays).
    pub(super) fn say<'c>(
        &mut self,
        text: impl Into<Text>,
        cites: impl IntoIterator<Item = &'c Citation>,
    ) {
        let mut idx = Vec::new();
        for c in cites {
            let bare;
            let c = if c.kind == crate::model::CitationKind::File
                && c.excerpt
                    .as_deref()
                    .is_some_and(|e| !e.chars().any(char::is_alphanumeric))
            {
                bare = Citation {
                    excerpt: None,
                    ..c.clone()
                };
                &bare
            } else {
                c
            };
            let i = match self.citations.iter().position(|x| same_citation(x, c)) {
                Some(i) => i,
                None => {
                    self.citations.push(c.clone());
                    self.citations.len() - 1
                }
            };
            if !idx.contains(&i) {
                idx.push(i);
            }
        }
        self.sentences.push(Sentence::new(text.into(), idx));
    }

    /// Adds a sentence about a step (a command, an action, a release step) backed by
    /// `cites`.
    /// A step stands on its own line: a file citation at line 1 (a `{`, a shebang, a
    /// generated-file banner) or of the whole file with its first line as excerpt says
    /// nothing of the step, so it cites the file alone, without a line or excerpt.
    pub(super) fn say_step<'c>(
        &mut self,
        text: impl Into<Text>,
        cites: impl IntoIterator<Item = &'c Citation>,
    ) {
        let cites: Vec<Citation> = cites.into_iter().map(step_citation).collect();
        self.say(text, cites.iter());
    }

    /// Records why the answer may be unknown (the first reason given wins).
    pub(super) fn unknown_because(&mut self, r: Option<&ProbeResult>) {
        if self.why.is_none() {
            let (reason, why) = why_unknown(r);
            self.reason = reason;
            self.why = Some(why);
        }
    }

    pub(super) fn unknown_for(&mut self, why: impl Into<Text>) {
        if self.why.is_none() {
            self.why = Some(why.into());
        }
    }

    /// Finishes with the answer that `r`'s outcome gives, saying why when it is unknown.
    pub(super) fn finish_as(mut self, r: &ProbeResult) -> SelfAssessmentItem {
        let answer = answer_of(r.outcome);
        if answer == Answer::Unknown {
            self.unknown_because(Some(r));
        }
        self.finish(answer)
    }

    pub(super) fn finish(self, answer: Answer) -> SelfAssessmentItem {
        let mut sentences = self.sentences;
        let reason = if answer == Answer::Unknown {
            let why = self
                .why
                .unwrap_or_else(|| "the evidence was not conclusive".into());
            sentences.insert(
                0,
                Sentence::new(
                    text!["Not determined (", why, "); please complete."],
                    Vec::new(),
                ),
            );
            self.reason
        } else {
            None
        };
        let text = sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        SelfAssessmentItem {
            answer,
            text,
            probes: self.probes,
            citations: self.citations,
            reason,
            sentences,
        }
    }
}

/// `c` for a sentence about a step: a file citation at line 1, or of the whole file,
/// becomes the file alone (no line, no excerpt).
pub(super) fn step_citation(c: &Citation) -> Citation {
    let first_line = matches!(c.lines, None | Some([1, 1]));
    if c.kind == crate::model::CitationKind::File && c.path.is_some() && first_line {
        let mut url = c.url.clone();
        if let Some(u) = url.as_mut() {
            if let Some(i) = u.find("#L") {
                u.truncate(i);
            }
        }
        Citation {
            lines: None,
            excerpt: None,
            url,
            ..c.clone()
        }
    } else {
        c.clone()
    }
}

/// The reason an answer resting on `r` is unknown.
pub(super) fn why_unknown(r: Option<&ProbeResult>) -> (Option<Reason>, Text) {
    match r {
        None => (
            Some(Reason::NotCollected),
            Reason::NotCollected.describe().into(),
        ),
        Some(r) => match (r.reason, r.outcome) {
            (Some(reason), _) => (Some(reason), reason.describe().into()),
            (None, Outcome::NotApplicable) => (None, text!["not applicable: ", quote(&r.summary)]),
            (None, _) => (None, "the evidence was not conclusive".into()),
        },
    }
}

pub(super) fn answer_of(outcome: Outcome) -> Answer {
    match outcome {
        Outcome::Met => Answer::Yes,
        Outcome::PartiallyMet => Answer::Partial,
        Outcome::NotMet => Answer::No,
        Outcome::Unknown | Outcome::NotApplicable => Answer::Unknown,
    }
}

/// The citations of `r` that back any of `facts` (a `supports` entry names the fact, or a
/// part of it such as `signatures.openpgp`). A probe that labelled none of its citations
/// is cited by its unlabelled ones.
pub(super) fn cites<'r>(r: &'r ProbeResult, facts: &[&str]) -> Vec<&'r Citation> {
    let backs = |s: &str| {
        facts.iter().any(|f| {
            s == *f
                || s.strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    };
    let labelled: Vec<&Citation> = r
        .citations
        .iter()
        .filter(|c| c.supports.iter().any(|s| backs(s)))
        .take(MAX_CITES)
        .collect();
    if !labelled.is_empty() {
        return labelled;
    }
    r.citations
        .iter()
        .filter(|c| c.supports.is_empty())
        .take(MAX_CITES)
        .collect()
}

/// The citations of `r` that point at `path`.
pub(super) fn cites_path<'r>(r: &'r ProbeResult, path: &str) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| c.path.as_deref() == Some(path))
        .take(2)
        .collect()
}

/// The citations of `r` that carry every label of `all` (`["runs_tests",
/// "workflows[.github/workflows/ci.yml]"]`): what one part of a sentence states.
pub(super) fn cites_all<'r>(r: &'r ProbeResult, all: &[&str]) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| all.iter().all(|l| c.supports.iter().any(|s| s == l)))
        .collect()
}
