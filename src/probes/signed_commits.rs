use crate::evidence::Evidence;
use crate::model::{Outcome, ProbeFacts, ProbeId, SignedCommitsFacts};

use super::{Judgement, Probe};

pub struct SignedCommits;

impl Probe for SignedCommits {
    fn id(&self) -> ProbeId {
        ProbeId::SignedCommits
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/signed-commits.yml")
    }

    fn judge(&self, _ev: &Evidence) -> Judgement {
        // TODO(probe): judge
        Judgement::new(
            ProbeFacts::SignedCommits(SignedCommitsFacts::default()),
            Outcome::Unknown,
            "not yet implemented",
        )
    }
}
