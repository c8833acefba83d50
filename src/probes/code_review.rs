use crate::evidence::Evidence;
use crate::model::{CodeReviewFacts, Outcome, ProbeFacts, ProbeId};

use super::{Judgement, Probe};

pub struct CodeReview;

impl Probe for CodeReview {
    fn id(&self) -> ProbeId {
        ProbeId::CodeReview
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/code-review.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::CodeReview(CodeReviewFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
