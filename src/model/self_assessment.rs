//! The `self_assessment` object for generators: one item per "Secure development
//! practices" question of the TAG-Security self-assessment.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, ProbeId, Reason, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    Partial,
    /// Not determined: never render this as "No".
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SelfAssessmentItem {
    pub answer: Answer,
    /// The sentences as plain text (no markup), joined by spaces.
    pub text: String,
    pub probes: Vec<ProbeId>,
    pub citations: Vec<Citation>,
    /// Why the answer is `unknown` (the reason of the probe whose evidence was missing).
    #[serde(default)]
    pub reason: Option<Reason>,
    /// The sentences that state what was observed, each with the citations (indexes into
    /// `citations`) that back it; the Markdown renderer puts their footnotes after each.
    #[serde(default)]
    pub sentences: Vec<Sentence>,
}

/// One sentence of an item and the citations that back it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Sentence {
    /// The sentence as plain text: its parts as they read, numbers grouped, nothing
    /// escaped.
    pub text: String,
    /// The sentence as parts (the tool's words, code, numbers, links, text quoted from the
    /// repository), raw: each renderer formats and escapes them.
    pub parts: Text,
    /// Indexes into the item's `citations`.
    pub citations: Vec<usize>,
}

impl Sentence {
    pub fn new(parts: Text, citations: Vec<usize>) -> Self {
        Sentence {
            text: parts.plain(),
            parts,
            citations,
        }
    }
}

/// Keys as in contract v1.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SelfAssessment {
    pub development_pipeline: SelfAssessmentItem,
    pub signed_commits_required: SelfAssessmentItem,
    pub reviewers_before_merge: SelfAssessmentItem,
    pub automated_vulnerability_checks: SelfAssessmentItem,
    pub pushes_to_default_branch_forbidden: SelfAssessmentItem,
    pub ci_on_every_pull_request: SelfAssessmentItem,
    pub best_practices_badge: SelfAssessmentItem,
    pub release_process_documented: SelfAssessmentItem,
    pub release_checksums: SelfAssessmentItem,
    pub sbom: SelfAssessmentItem,
    pub security_policy: SelfAssessmentItem,
    pub communication_inbound: SelfAssessmentItem,
    /// "All source code is checked into GitHub?"
    pub source_in_github: SelfAssessmentItem,
    /// Release artifacts (and container images) signed, with provenance.
    pub release_signatures: SelfAssessmentItem,
    /// Metadata "Languages": the languages of the source files, by size.
    #[serde(default = "SelfAssessmentItem::absent")]
    pub languages: SelfAssessmentItem,
    /// Communication Channels, Internal: channels the documents say the team uses among
    /// itself. Additive (absent in earlier reports).
    #[serde(default = "SelfAssessmentItem::absent")]
    pub communication_internal: SelfAssessmentItem,
    /// Communication Channels, Inbound: channels the documents offer users to reach the
    /// team (beside `communication_inbound`, where security reports go).
    #[serde(default = "SelfAssessmentItem::absent")]
    pub communication_inbound_channels: SelfAssessmentItem,
    /// Communication Channels, Outbound: channels the documents say the team announces on.
    #[serde(default = "SelfAssessmentItem::absent")]
    pub communication_outbound: SelfAssessmentItem,
    /// Channels the documents name without saying whom they are for (`no` when none).
    #[serde(default = "SelfAssessmentItem::absent")]
    pub communication_unassigned: SelfAssessmentItem,
    /// Security issue resolution, Vulnerability Response Process, from the documents.
    #[serde(default = "SelfAssessmentItem::absent")]
    pub vulnerability_response: SelfAssessmentItem,
    /// Security issue resolution, Incident Response, from the documents.
    #[serde(default = "SelfAssessmentItem::absent")]
    pub incident_response: SelfAssessmentItem,
    /// Ecosystem: a draft from the README's description and the adopters file.
    #[serde(default = "SelfAssessmentItem::absent")]
    pub ecosystem: SelfAssessmentItem,
}

impl SelfAssessmentItem {
    /// An item a report of an earlier version did not carry: not determined.
    pub fn absent() -> Self {
        SelfAssessmentItem {
            answer: Answer::Unknown,
            text: String::new(),
            probes: Vec::new(),
            citations: Vec::new(),
            reason: Some(Reason::NotCollected),
            sentences: Vec::new(),
        }
    }
}

impl SelfAssessment {
    /// Every item with its JSON key, in the order of the self-assessment.
    pub fn items(&self) -> [(&'static str, &SelfAssessmentItem); 15] {
        [
            ("development_pipeline", &self.development_pipeline),
            ("source_in_github", &self.source_in_github),
            ("ci_on_every_pull_request", &self.ci_on_every_pull_request),
            ("reviewers_before_merge", &self.reviewers_before_merge),
            (
                "pushes_to_default_branch_forbidden",
                &self.pushes_to_default_branch_forbidden,
            ),
            ("signed_commits_required", &self.signed_commits_required),
            (
                "automated_vulnerability_checks",
                &self.automated_vulnerability_checks,
            ),
            ("release_signatures", &self.release_signatures),
            (
                "release_process_documented",
                &self.release_process_documented,
            ),
            ("release_checksums", &self.release_checksums),
            ("best_practices_badge", &self.best_practices_badge),
            ("sbom", &self.sbom),
            ("security_policy", &self.security_policy),
            ("communication_inbound", &self.communication_inbound),
            ("languages", &self.languages),
        ]
    }
}
