//! The OSPS Baseline verdicts of a report (built by `standards::osps` from the probe
//! results; here so that the report type depends on nothing above the model).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ProbeId, Reason};

/// One control's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Passed,
    Failed,
    /// Observable only by a person (reading the documentation) or an administrator.
    NeedsReview,
    /// The control's condition does not hold (`explanation` says which, from the evidence).
    NotApplicable,
    /// Not observed: `reason` and `explanation` say why. Never read this as "failed".
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::NeedsReview => "needs_review",
            Verdict::NotApplicable => "not_applicable",
            Verdict::Unknown => "unknown",
        }
    }
}

/// A citation of the report: the `index`-th citation of probe `probe`'s result.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct CitationRef {
    pub probe: ProbeId,
    /// 0-based index into that probe's `citations`.
    pub index: usize,
}

/// The verdict of one control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ControlVerdict {
    /// e.g. `OSPS-AC-03.01`.
    pub id: String,
    /// Maturity level, 1 to 3.
    pub level: u8,
    /// A short name of the requirement.
    pub title: String,
    pub verdict: Verdict,
    /// The facts the verdict rests on, as `<probe-id>.<fact>` (empty when nothing observed
    /// bears on it).
    pub facts: Vec<String>,
    /// The citations that back those facts.
    pub citations: Vec<CitationRef>,
    /// Why the verdict is `unknown`.
    pub reason: Option<Reason>,
    /// One sentence: what was observed, the condition that does not hold, or what a person
    /// must check.
    pub explanation: String,
}

/// Verdict counts of one level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LevelCounts {
    pub level: u8,
    pub passed: u32,
    pub failed: u32,
    pub needs_review: u32,
    pub not_applicable: u32,
    pub unknown: u32,
}

/// OSPS Baseline verdicts of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OspsBaseline {
    /// The Baseline release, e.g. `v2026.02.19`.
    pub version: String,
    /// Counts per level (1, 2, 3).
    pub levels: Vec<LevelCounts>,
    /// Every Level 1 and 2 control, and the Level 3 controls evaluated, in catalog order.
    pub controls: Vec<ControlVerdict>,
    /// Level 3 controls tssa-probe collects no evidence for (no verdict given).
    pub not_evaluated: Vec<String>,
}

/// One proposed answer to an OpenSSF Best Practices badge criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BadgeProposal {
    /// The criterion as the badge site spells it (`osps_ac_03_01`, `static_analysis`).
    pub criterion: String,
    /// `Met` or `Unmet`.
    pub status: String,
    /// One line, ending with where the evidence is.
    pub justification: String,
    /// The OSPS control whose verdict it rests on.
    pub control: String,
    /// The citations of that verdict.
    pub citations: Vec<CitationRef>,
}

/// The proposals of one edit form of the badge site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BadgeProposalSection {
    /// `baseline-1`, `baseline-2`, `baseline-3` or `passing`.
    pub section: String,
    pub proposals: Vec<BadgeProposal>,
    /// The edit URL that carries them (open as a maintainer; unanswered criteria only).
    pub url: String,
}

/// Best Practices badge automation proposals from the OSPS verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BadgeProposals {
    /// The badge project the edit URLs are for; null when none was observed (then
    /// `sections` is empty and `note` says so).
    pub project_id: Option<u64>,
    pub sections: Vec<BadgeProposalSection>,
    /// Why there is no proposal, when there is none.
    pub note: Option<String>,
}
