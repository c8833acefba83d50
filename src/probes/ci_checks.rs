use crate::evidence::Evidence;
use crate::model::{CiChecksFacts, Outcome, ProbeFacts, ProbeId};

use super::{Judgement, Probe};

pub struct CiChecks;

impl Probe for CiChecks {
    fn id(&self) -> ProbeId {
        ProbeId::CiChecks
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/ci-checks.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::CiChecks(CiChecksFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
