//! OpenSSF Best Practices badge "automation proposals": edit URLs of the project's badge
//! entry that propose `Met` / `Unmet` answers, each with a one-line justification citing
//! the evidence (query parameters `<criterion>_status` and `<criterion>_justification`,
//! see the badge repository's `docs/automation-proposals.md`).
//!
//! Only what the evidence settles is proposed: a `passed` OSPS control is proposed `Met`
//! and a `failed` one `Unmet` in its Baseline section; four passing-level criteria are
//! proposed `Met` from the same verdicts. Proposals are unforced: the site applies them
//! only to unanswered criteria, and the maintainer reviews them before saving.

use super::osps::{self, CitationRef, ControlVerdict, Verdict};
use crate::model::osps::{BadgeProposal, BadgeProposalSection, BadgeProposals};
use crate::model::{ProbeFacts, Report};

/// Longest justification proposed, in characters.
pub const MAX_JUSTIFICATION: usize = 300;

/// One proposed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The criterion as the site spells it (`osps_ac_03_01`, `static_analysis`).
    pub criterion: String,
    /// `Met` or `Unmet`.
    pub status: &'static str,
    pub justification: String,
    /// The control whose verdict it rests on, and that verdict's citations.
    pub control: String,
    pub citations: Vec<CitationRef>,
}

/// The proposals of one edit form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionProposals {
    /// `baseline-1`, `baseline-2`, `baseline-3` or `passing`.
    pub section: &'static str,
    pub proposals: Vec<Proposal>,
    /// The edit URL that carries them.
    pub url: String,
}

/// `OSPS-AC-03.01` → `osps_ac_03_01`.
pub fn criterion_of(id: &str) -> String {
    id.to_ascii_lowercase().replace(['-', '.'], "_")
}

fn first_place(report: &Report, v: &ControlVerdict) -> Option<String> {
    v.citations.iter().find_map(|c| {
        report
            .probe(c.probe)
            .and_then(|p| p.citations.get(c.index))
            .map(osps::citation_place)
    })
}

fn justification(report: &Report, v: &ControlVerdict) -> String {
    let mut j = v.explanation.replace('`', "");
    if let Some(p) = first_place(report, v) {
        j.push_str(&format!(" Evidence: {p}"));
    }
    j.push_str(" (tssa-probe)");
    let j: String = j.split_whitespace().collect::<Vec<_>>().join(" ");
    if j.chars().count() > MAX_JUSTIFICATION {
        let mut cut: String = j.chars().take(MAX_JUSTIFICATION - 1).collect();
        cut.push('…');
        cut
    } else {
        j
    }
}

/// The badge project id the report observed.
pub fn project_id(report: &Report) -> Option<u64> {
    report.probes.iter().find_map(|p| match &p.facts {
        ProbeFacts::BestPracticesBadge(f) => f.project_id,
        _ => None,
    })
}

/// The proposals, grouped by edit form, for the badge project `id` on site `base`.
pub fn proposals(report: &Report, base: &str, id: u64) -> Vec<SectionProposals> {
    let b = osps::of(report);
    let mut out = Vec::new();
    for (level, section) in [(1u8, "baseline-1"), (2, "baseline-2"), (3, "baseline-3")] {
        let ps: Vec<Proposal> = b
            .controls
            .iter()
            .filter(|v| v.level == level)
            .filter_map(|v| {
                let status = match v.verdict {
                    Verdict::Passed => "Met",
                    Verdict::Failed => "Unmet",
                    _ => return None,
                };
                Some(Proposal {
                    criterion: criterion_of(&v.id),
                    status,
                    justification: justification(report, v),
                    control: v.id.clone(),
                    citations: v.citations.clone(),
                })
            })
            .collect();
        if !ps.is_empty() {
            out.push(section_of(base, id, section, ps));
        }
    }
    // Passing-level criteria settled by the same verdicts.
    let verdict = |id: &str| b.controls.iter().find(|v| v.id == id);
    let mut passing = Vec::new();
    if let Some(v) = verdict("OSPS-VM-01.01")
        .filter(|v| v.verdict == Verdict::NeedsReview && !v.citations.is_empty())
    {
        // A security policy was found (cited): the reporting process is published.
        passing.push(Proposal {
            criterion: "vulnerability_report_process".into(),
            status: "Met",
            justification: justification(report, v),
            control: v.id.clone(),
            citations: v.citations.clone(),
        });
    }
    for (control, criterion) in [
        ("OSPS-VM-03.01", "vulnerability_report_private"),
        ("OSPS-QA-06.01", "test_continuous_integration"),
    ] {
        if let Some(v) = verdict(control).filter(|v| v.verdict == Verdict::Passed) {
            passing.push(Proposal {
                criterion: criterion.into(),
                status: "Met",
                justification: justification(report, v),
                control: v.id.clone(),
                citations: v.citations.clone(),
            });
        }
    }
    if let Some(v) = verdict("OSPS-VM-06.02")
        .filter(|v| v.verdict == Verdict::NeedsReview && !v.citations.is_empty())
    {
        // SAST runs in CI (cited): a static analysis tool is applied.
        passing.push(Proposal {
            criterion: "static_analysis".into(),
            status: "Met",
            justification: justification(report, v),
            control: v.id.clone(),
            citations: v.citations.clone(),
        });
    }
    if !passing.is_empty() {
        out.push(section_of(base, id, "passing", passing));
    }
    out
}

fn section_of(base: &str, id: u64, section: &'static str, ps: Vec<Proposal>) -> SectionProposals {
    let base = base.trim_end_matches('/');
    let mut url = match url::Url::parse(&format!("{base}/en/projects/{id}/{section}/edit")) {
        Ok(u) => u,
        Err(_) => {
            return SectionProposals {
                section,
                proposals: ps,
                url: String::new(),
            };
        }
    };
    {
        let mut q = url.query_pairs_mut();
        for p in &ps {
            q.append_pair(&format!("{}_status", p.criterion), p.status);
            q.append_pair(&format!("{}_justification", p.criterion), &p.justification);
        }
    }
    SectionProposals {
        section,
        proposals: ps,
        url: url.to_string(),
    }
}

/// The proposals as text for the `osps` table: one URL per edit form, or why there is none.
pub fn render(report: &Report) -> String {
    let Some(id) = project_id(report) else {
        return "Best Practices badge proposals: no badge project id was observed.\n".into();
    };
    let sections = proposals(report, crate::evidence::badge::DEFAULT_BASE_URL, id);
    if sections.is_empty() {
        return format!(
            "Best Practices badge proposals for project {id}: the evidence settles no criterion.\n"
        );
    }
    let mut out = format!(
        "Best Practices badge proposals for project {id} (open as a maintainer to review; unanswered criteria only):\n"
    );
    for s in sections {
        let list: Vec<String> = s
            .proposals
            .iter()
            .map(|p| format!("{}={}", p.criterion, p.status))
            .collect();
        out.push_str(&format!(
            "{}: {}\n  {}\n",
            s.section,
            list.join(", "),
            s.url
        ));
    }
    out
}

/// The proposals as the report carries them (`badge_proposals`): every proposal names its
/// control and cites that verdict's citations.
pub fn of_report(report: &Report, base: &str) -> BadgeProposals {
    let Some(id) = project_id(report) else {
        return BadgeProposals {
            project_id: None,
            sections: Vec::new(),
            note: Some("No Best Practices badge project id was observed.".into()),
        };
    };
    let sections: Vec<BadgeProposalSection> = proposals(report, base, id)
        .into_iter()
        .map(|s| BadgeProposalSection {
            section: s.section.to_string(),
            url: s.url,
            proposals: s
                .proposals
                .into_iter()
                .map(|p| BadgeProposal {
                    criterion: p.criterion,
                    status: p.status.to_string(),
                    justification: p.justification,
                    control: p.control,
                    citations: p.citations,
                })
                .collect(),
        })
        .collect();
    let note = sections
        .is_empty()
        .then(|| "The evidence settles no criterion.".to_string());
    BadgeProposals {
        project_id: Some(id),
        sections,
        note,
    }
}
