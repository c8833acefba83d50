use crate::evidence::Evidence;
use crate::model::{Outcome, ProbeFacts, ProbeId, SecurityPolicyFacts};

use super::{Judgement, Probe};

pub struct SecurityPolicy;

impl Probe for SecurityPolicy {
    fn id(&self) -> ProbeId {
        ProbeId::SecurityPolicy
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/security-policy.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::SecurityPolicy(SecurityPolicyFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
