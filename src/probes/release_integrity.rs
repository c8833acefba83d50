use crate::evidence::Evidence;
use crate::model::{Outcome, ProbeFacts, ProbeId, ReleaseIntegrityFacts};

use super::{Judgement, Probe};

pub struct ReleaseIntegrity;

impl Probe for ReleaseIntegrity {
    fn id(&self) -> ProbeId {
        ProbeId::ReleaseIntegrity
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/release-integrity.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::ReleaseIntegrity(ReleaseIntegrityFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
