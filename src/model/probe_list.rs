//! The one list of probes. Everything that enumerates probes is generated from it:
//! [`ProbeId`](super::ProbeId) (with `ALL`, `COUNT`, `as_str`, `short`),
//! [`ProbeFacts`](super::ProbeFacts) (with `id`, `empty`, `to_json_object`) here in the
//! model, and `probes::REGISTRY` and `probes::needs` in the probes module. Adding a probe
//! is one line below plus its facts struct (`model/facts.rs`), its module
//! (`src/probes/<module>.rs`, declared in `src/probes/mod.rs`) and `probes/<id>.yml`;
//! forgetting any of them fails to compile or fails
//! `probes::tests::every_probe_has_a_definition_and_every_definition_a_probe`.
//!
//! The list is a callback macro: `probe_list!(m)` expands to `m! { <entries> }`, one entry
//! per probe, in report order:
//!
//! ```text
//! Variant = "id", FactsType, module::ProbeType, "short name";
//! ```
//!
//! The probe path is only resolved where the probes module expands the list, so the
//! model does not depend on the probes (data flows one way; the model is at the bottom).
//! The short name heads the probe's column in the batch summary.

macro_rules! probe_list {
    ($callback:ident) => {
        $callback! {
            SignedCommits = "signed-commits", SignedCommitsFacts, signed_commits::SignedCommits, "signed";
            BranchProtection = "branch-protection", BranchProtectionFacts, branch_protection::BranchProtection, "protection";
            CodeReview = "code-review", CodeReviewFacts, code_review::CodeReview, "review";
            SecurityPolicy = "security-policy", SecurityPolicyFacts, security_policy::SecurityPolicy, "policy";
            CiChecks = "ci-checks", CiChecksFacts, ci_checks::CiChecks, "CI";
            Sbom = "sbom", SbomFacts, sbom::Sbom, "SBOM";
            ReleaseIntegrity = "release-integrity", ReleaseIntegrityFacts, release_integrity::ReleaseIntegrity, "releases";
            BestPracticesBadge = "best-practices-badge", BestPracticesBadgeFacts, best_practices_badge::BestPracticesBadge, "badge";
            ProjectDocs = "project-docs", ProjectDocsFacts, project_docs::ProjectDocs, "docs";
            Communication = "communication", CommunicationFacts, communication::Communication, "channels";
            VulnerabilityResponse = "vulnerability-response", VulnerabilityResponseFacts, vulnerability_response::VulnerabilityResponse, "vuln";
            ContributionPolicy = "contribution-policy", ContributionPolicyFacts, contribution_policy::ContributionPolicy, "contrib";
        }
    };
}

pub(crate) use probe_list;
