//! CI vocabulary shared by the probes. The CI configuration itself is parsed once into
//! [`crate::evidence::ci::CiModel`] (see [`crate::evidence::Evidence::ci`]).

/// Events that run a workflow for a pull request before it is merged.
pub(crate) fn is_pull_request_event(event: &str) -> bool {
    matches!(
        event,
        "pull_request" | "pull_request_target" | "merge_group"
    )
}
