use crate::evidence::Evidence;
use crate::model::{Outcome, ProbeFacts, ProbeId, SbomFacts};

use super::{Judgement, Probe};

pub struct Sbom;

impl Probe for Sbom {
    fn id(&self) -> ProbeId {
        ProbeId::Sbom
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/sbom.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::Sbom(SbomFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
