//! Builds the `self_assessment` object from the probes' results: one item per question of
//! the TAG-Security self-assessment ("Secure development practices" and the rows the
//! probes can prefill elsewhere), each an answer and sentences that state what was
//! observed, with numbers, every sentence backed by the citations of the facts it uses.
//!
//! Honesty: an answer is `no` only when observed facts show absence (a probe's `not_met`,
//! or counts that were read and are zero); what could not be observed makes the answer
//! `unknown`, and its text starts "Not determined (reason); please complete.".
//!
//! Sentences are structured text ([`Text`]): the tool's words, code, numbers, links and
//! text quoted from the repository, raw. Nothing here formats for a renderer: each
//! renderer (`render::markdown`, JSON, a terminal) formats and escapes the parts itself.

use crate::evidence::Evidence;
use crate::model::text::{Text, code, commit, num, quote, url};
use crate::model::workflow_label;
use crate::model::{
    Answer, BadgeLevel, BestPracticesBadgeFacts, BranchProtectionFacts, CiChecksFacts, Citation,
    CodeReviewFacts, ContactOrigin, Outcome, PolicyContact, PolicyReference, PolicySource,
    ProbeFacts, ProbeId, ProbeResult, ProtectionSource, Reason, ReleaseIntegrityFacts,
    ReleasePipelineFacts, RemoteWorkflow, ReviewMechanism, SbomFacts, SecurityPolicyFacts,
    SelfAssessment, SelfAssessmentItem, Sentence, SignedCommitsFacts, WorkflowFacts,
};
use crate::text;

mod ci;
mod disclosure;
mod documents;
mod item;
mod metadata;
mod pipeline;
mod policy;
mod release;
mod scope;
mod words;

use item::*;
use words::*;

/// Most citations behind one sentence.
const MAX_CITES: usize = 6;
/// Most names (workflows, files, contacts) listed in one sentence.
const MAX_NAMES: usize = 5;

/// The self-assessment items for generators (and the Markdown renderer).
pub fn build(results: &[ProbeResult], ev: &Evidence) -> SelfAssessment {
    let cx = Ctx { results, ev };
    let signed_commits_required = cx.signed_commits_required();
    let reviewers_before_merge = cx.reviewers_before_merge();
    let automated_vulnerability_checks = cx.automated_vulnerability_checks();
    let pushes_to_default_branch_forbidden = cx.pushes_to_default_branch_forbidden();
    let ci_on_every_pull_request = cx.ci_on_every_pull_request();
    let development_pipeline = development_pipeline(&[
        &ci_on_every_pull_request,
        &reviewers_before_merge,
        &pushes_to_default_branch_forbidden,
        &signed_commits_required,
        &automated_vulnerability_checks,
    ]);
    SelfAssessment {
        development_pipeline,
        signed_commits_required,
        reviewers_before_merge,
        automated_vulnerability_checks,
        pushes_to_default_branch_forbidden,
        ci_on_every_pull_request,
        best_practices_badge: cx.best_practices_badge(),
        release_process_documented: cx.release_process_documented(),
        release_checksums: cx.release_checksums(),
        sbom: cx.sbom(),
        security_policy: cx.security_policy(),
        communication_inbound: cx.communication_inbound(),
        source_in_github: cx.source_in_github(),
        release_signatures: cx.release_signatures(),
        languages: cx.languages(),
        communication_internal: cx.channels(Some(crate::model::ChannelRole::Internal)),
        communication_inbound_channels: cx.channels(Some(crate::model::ChannelRole::Inbound)),
        communication_outbound: cx.channels(Some(crate::model::ChannelRole::Outbound)),
        communication_unassigned: cx.channels(None),
        vulnerability_response: cx.vulnerability_response(),
        incident_response: cx.incident_response(),
        ecosystem: cx.ecosystem(),
    }
}

// ---------------------------------------------------------------- context

struct Ctx<'a> {
    results: &'a [ProbeResult],
    ev: &'a Evidence,
}

macro_rules! facts_of {
    ($name:ident, $variant:ident, $ty:ty) => {
        fn $name(&self) -> Option<(&'a ProbeResult, &'a $ty)> {
            self.results.iter().find_map(|r| match &r.facts {
                ProbeFacts::$variant(f) => Some((r, f)),
                _ => None,
            })
        }
    };
}

impl<'a> Ctx<'a> {
    facts_of!(signed, SignedCommits, SignedCommitsFacts);
    facts_of!(protection, BranchProtection, BranchProtectionFacts);
    facts_of!(review, CodeReview, CodeReviewFacts);
    facts_of!(policy, SecurityPolicy, SecurityPolicyFacts);
    facts_of!(ci, CiChecks, CiChecksFacts);
    facts_of!(sbom_facts, Sbom, SbomFacts);
    facts_of!(release, ReleaseIntegrity, ReleaseIntegrityFacts);
    facts_of!(badge, BestPracticesBadge, BestPracticesBadgeFacts);

    /// "the default branch `main`", or "the default branch".
    fn branch(&self, from_protection: Option<&str>) -> Text {
        match from_protection.or(self.ev.repo.default_branch.as_deref()) {
            Some(b) => text!["the default branch ", code(b)],
            None => "the default branch".into(),
        }
    }
}

/// The overview paragraph for generators that fill only the template's "Development
/// Pipeline" bullet: the first two observed sentences of each checklist item it sums up,
/// with their citations.
fn development_pipeline(parts: &[&SelfAssessmentItem]) -> SelfAssessmentItem {
    let mut it = Item::new(&[
        ProbeId::CiChecks,
        ProbeId::CodeReview,
        ProbeId::BranchProtection,
        ProbeId::SignedCommits,
    ]);
    for p in parts {
        for s in p
            .sentences
            .iter()
            .filter(|s| !s.text.starts_with("Not determined"))
            .take(2)
        {
            it.say(
                s.parts.clone(),
                s.citations.iter().filter_map(|i| p.citations.get(*i)),
            );
        }
    }
    let answers: Vec<Answer> = parts.iter().map(|p| p.answer).collect();
    let all = |a: Answer| answers.iter().all(|x| *x == a);
    let any = |a: Answer| answers.contains(&a);
    let answer = if all(Answer::Yes) {
        Answer::Yes
    } else if all(Answer::No) {
        Answer::No
    } else if any(Answer::Yes) || any(Answer::Partial) {
        Answer::Partial
    } else {
        it.unknown_for("parts of the pipeline could not be observed");
        Answer::Unknown
    };
    it.finish(answer)
}

#[cfg(test)]
mod tests;
