use crate::evidence::Evidence;
use crate::model::{BestPracticesBadgeFacts, Outcome, ProbeFacts, ProbeId};

use super::{Judgement, Probe};

pub struct BestPracticesBadge;

impl Probe for BestPracticesBadge {
    fn id(&self) -> ProbeId {
        ProbeId::BestPracticesBadge
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/best-practices-badge.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::BestPracticesBadge(BestPracticesBadgeFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
