//! The `self_assessment` object for generators: one item per "Secure development
//! practices" question of the TAG-Security self-assessment.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, ProbeId};

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
    /// A Markdown sentence stating what was observed, with numbers.
    pub text: String,
    pub probes: Vec<ProbeId>,
    pub citations: Vec<Citation>,
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
}
