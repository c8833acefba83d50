//! OpenSSF OSPS Baseline v2026.02.19 verdicts from the report's probe facts.
//!
//! One mapping table ([`CONTROLS`]) names, for every Level 1 and Level 2 control and the
//! Level 3 controls the evidence reaches (SBOM, required non-author review, SAST and SCA
//! in CI), the facts it rests on and the rule that judges them. A verdict is:
//!
//! - `passed` / `failed`: the facts show it; the verdict names them and cites the
//!   citations that back them (a verdict whose facts are not cited becomes `unknown`);
//! - `needs_review`: only a person (reading the documentation) or an administrator (an
//!   organization or repository setting) can observe it;
//! - `not_applicable`: the control's condition does not hold, as the evidence shows (e.g.
//!   no releases);
//! - `unknown`: the facts could not be observed (with the reason) or tssa-probe does not
//!   collect them.
//!
//! Nothing passes because GitHub enforces it for every repository: a verdict rests on the
//! project's own configuration or record.

use crate::model::{ProbeId, Reason, Report};

/// The Baseline release evaluated when none is asked for (the newest vendored).
pub const OSPS_VERSION: &str = DEFAULT_VERSION;

pub use crate::model::osps::{CitationRef, ControlVerdict, LevelCounts, OspsBaseline, Verdict};

/// One row of the mapping table.
pub struct Control {
    pub id: &'static str,
    pub level: u8,
    pub title: &'static str,
    /// The facts the rule may read, as (probe, fact).
    pub facts: &'static [(ProbeId, &'static str)],
    /// The rule in words.
    pub rule: &'static str,
    pub(crate) judge: fn(&Ctx) -> Judgement,
}

/// Level 3 controls of the default release without a verdict: no probe observes them.
pub const NOT_EVALUATED: &[&str] = &[
    "OSPS-AC-04.02",
    "OSPS-BR-01.04",
    "OSPS-BR-02.02",
    "OSPS-BR-07.02",
    "OSPS-DO-03.01",
    "OSPS-DO-03.02",
    "OSPS-DO-04.01",
    "OSPS-DO-05.01",
    "OSPS-GV-04.01",
    "OSPS-QA-04.02",
    "OSPS-QA-06.02",
    "OSPS-QA-06.03",
    "OSPS-VM-04.02",
    "OSPS-VM-05.01",
    "OSPS-VM-05.02",
    "OSPS-VM-06.01",
];

use ProbeId::{ReleaseIntegrity as RI, SignedCommits as SC};

pub(crate) const RELEASES: &[(ProbeId, &str)] = &[(RI, "releases_examined"), (SC, "tags")];

mod catalog;
mod render;
pub(crate) mod rules;
mod rules_docs;
mod table;

pub use catalog::{Catalog, DEFAULT_VERSION, VERSIONS, accepted_versions, catalog};
pub use render::{citation_place, controls_reference, render_table};
use rules::{Ctx, Judgement};
pub use table::CONTROLS;

// ---------------------------------------------------------------- evaluation

/// Whether citation label `s` backs fact `fact` (the fact itself, or a part of it such as
/// `pipeline.signatures` of `pipeline`, `workflows[path]` of `workflows`).
fn backs(s: &str, fact: &str) -> bool {
    s == fact
        || s.strip_prefix(fact)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn cite(report: &Report, facts: &[(ProbeId, &'static str)]) -> Vec<CitationRef> {
    let mut out: Vec<CitationRef> = Vec::new();
    for (probe, fact) in facts {
        let Some(r) = report.probe(*probe) else {
            continue;
        };
        for (index, c) in r.citations.iter().enumerate() {
            if c.supports.iter().any(|s| backs(s, fact)) {
                let cr = CitationRef {
                    probe: *probe,
                    index,
                };
                if !out.contains(&cr) {
                    out.push(cr);
                }
            }
        }
    }
    out.sort();
    out
}

/// Whether every fact a judgement names is observed (non-null) in the report.
fn observed(report: &Report, probe: ProbeId, fact: &str) -> bool {
    let Some(r) = report.probe(probe) else {
        return false;
    };
    let obj = r.facts.to_json_object();
    let mut parts = fact.split('.');
    let Some(first) = parts.next() else {
        return false;
    };
    let mut v = obj.get(first);
    for p in parts {
        v = v.and_then(|x| x.get(p));
    }
    v.is_some_and(|x| !x.is_null())
}

/// Judges one control of the table.
pub fn judge(control: &Control, report: &Report) -> ControlVerdict {
    let ctx = Ctx { report };
    let j = (control.judge)(&ctx);
    // Only the facts that were observed are named and cited.
    let facts: Vec<(ProbeId, &'static str)> = j
        .facts
        .iter()
        .copied()
        .filter(|(p, f)| observed(report, *p, f))
        .collect();
    let citations = cite(report, &facts);
    let mut v = ControlVerdict {
        id: control.id.to_string(),
        level: control.level,
        title: control.title.to_string(),
        verdict: j.verdict,
        facts: facts.iter().map(|(p, f)| format!("{p}.{f}")).collect(),
        citations,
        reason: j.reason,
        explanation: j.explanation,
    };
    // A passed or failed verdict rests on cited facts, or it is not given.
    if matches!(v.verdict, Verdict::Passed | Verdict::Failed) && v.citations.is_empty() {
        v.explanation = format!(
            "{} No citation in this report shows it, so no verdict is given.",
            v.explanation
        );
        v.verdict = Verdict::Unknown;
        v.reason = Some(Reason::NotCollected);
    }
    v
}

/// The OSPS Baseline verdicts of a report, for the default release.
pub fn evaluate(report: &Report) -> OspsBaseline {
    evaluate_version(report, DEFAULT_VERSION).unwrap_or_else(|| OspsBaseline {
        version: DEFAULT_VERSION.to_string(),
        levels: Vec::new(),
        controls: Vec::new(),
        not_evaluated: Vec::new(),
    })
}

/// The verdicts for release `version` (one of [`VERSIONS`]), in its catalog's order and
/// with its levels: a control of the catalog the table has a rule for is judged; a Level 1
/// or 2 control without one is `unknown`; a Level 3 control without one is listed as not
/// evaluated. `None` for a release that is not vendored.
pub fn evaluate_version(report: &Report, version: &str) -> Option<OspsBaseline> {
    let cat = catalog(version)?;
    let mut controls: Vec<ControlVerdict> = Vec::new();
    let mut not_evaluated = Vec::new();
    for (id, level) in &cat.controls {
        match CONTROLS.iter().find(|c| c.id == id) {
            Some(row) => {
                let mut v = judge(row, report);
                v.level = *level;
                controls.push(v);
            }
            None if *level < 3 => controls.push(ControlVerdict {
                id: id.clone(),
                level: *level,
                title: String::new(),
                verdict: Verdict::Unknown,
                facts: Vec::new(),
                citations: Vec::new(),
                reason: Some(Reason::NotCollected),
                explanation: format!(
                    "tssa-probe has no rule for {id}, a control of {version} only."
                ),
            }),
            None => not_evaluated.push(id.clone()),
        }
    }
    let levels = (1..=3u8)
        .map(|level| {
            let mut n = LevelCounts {
                level,
                ..Default::default()
            };
            for c in controls.iter().filter(|c| c.level == level) {
                match c.verdict {
                    Verdict::Passed => n.passed += 1,
                    Verdict::Failed => n.failed += 1,
                    Verdict::NeedsReview => n.needs_review += 1,
                    Verdict::NotApplicable => n.not_applicable += 1,
                    Verdict::Unknown => n.unknown += 1,
                }
            }
            n
        })
        .collect();
    Some(OspsBaseline {
        version: cat.version.to_string(),
        levels,
        controls,
        not_evaluated,
    })
}

/// The report's verdicts: those it carries, else evaluated now.
pub fn of(report: &Report) -> std::borrow::Cow<'_, OspsBaseline> {
    match &report.osps_baseline {
        Some(b) => std::borrow::Cow::Borrowed(b),
        None => std::borrow::Cow::Owned(evaluate(report)),
    }
}
