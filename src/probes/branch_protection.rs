use crate::evidence::Evidence;
use crate::model::{BranchProtectionFacts, Outcome, ProbeFacts, ProbeId};

use super::{Judgement, Probe};

pub struct BranchProtection;

impl Probe for BranchProtection {
    fn id(&self) -> ProbeId {
        ProbeId::BranchProtection
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/branch-protection.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::BranchProtection(BranchProtectionFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
