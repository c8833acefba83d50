//! Builds the `self_assessment` object from probe results (judgement → prose for the
//! TAG-Security self-assessment).

use crate::evidence::Evidence;
use crate::model::{Answer, ProbeId, ProbeResult, SelfAssessment, SelfAssessmentItem};

fn todo_item(probes: &[ProbeId]) -> SelfAssessmentItem {
    SelfAssessmentItem {
        answer: Answer::Unknown,
        text: "Not determined (not collected); please complete.".into(),
        probes: probes.to_vec(),
        citations: Vec::new(),
    }
}

/// The self-assessment items for generators.
pub fn build(results: &[ProbeResult], ev: &Evidence) -> SelfAssessment {
    let _ = (results, ev);
    use ProbeId::*;
    SelfAssessment {
        development_pipeline: todo_item(&[CiChecks, CodeReview]),
        signed_commits_required: todo_item(&[SignedCommits, BranchProtection]),
        reviewers_before_merge: todo_item(&[CodeReview, BranchProtection]),
        automated_vulnerability_checks: todo_item(&[CiChecks]),
        pushes_to_default_branch_forbidden: todo_item(&[BranchProtection]),
        ci_on_every_pull_request: todo_item(&[CiChecks]),
        best_practices_badge: todo_item(&[BestPracticesBadge]),
        release_process_documented: todo_item(&[ReleaseIntegrity]),
        release_checksums: todo_item(&[ReleaseIntegrity]),
        sbom: todo_item(&[Sbom]),
        security_policy: todo_item(&[SecurityPolicy]),
        communication_inbound: todo_item(&[SecurityPolicy]),
    }
}
