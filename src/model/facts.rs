//! Typed facts per probe (contract: "Probes and their minimum facts"). A fact that could
//! not be observed is `None` (JSON `null`), never `false` or `0`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CommunicationFacts, ContributionPolicyFacts, VulnerabilityResponseFacts};

/// Generates [`ProbeId`] and [`ProbeFacts`] from the one list ([`super::probe_list`]).
macro_rules! probe_types {
    ($($variant:ident = $id:literal, $facts:ident, $probe:path, $short:literal;)*) => {
        /// The probe ids of contract v1.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
        )]
        pub enum ProbeId {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl ProbeId {
            /// How many probes there are.
            pub const COUNT: usize = [$($id),*].len();

            /// Every probe, in report order.
            pub const ALL: [ProbeId; ProbeId::COUNT] = [$(ProbeId::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ProbeId::$variant => $id,)*
                }
            }

            /// The probe's column heading in the batch summary.
            pub fn short(self) -> &'static str {
                match self {
                    $(ProbeId::$variant => $short,)*
                }
            }
        }

        /// Facts, tagged by probe id. Serialized as `"id": "...", "facts": {...}` inside a
        /// probe result.
        #[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
        #[serde(tag = "id", content = "facts")]
        pub enum ProbeFacts {
            $(#[serde(rename = $id)] $variant($facts),)*
        }

        impl ProbeFacts {
            pub fn id(&self) -> ProbeId {
                match self {
                    $(ProbeFacts::$variant(_) => ProbeId::$variant,)*
                }
            }

            /// The facts of probe `id` with nothing observed (every fact null): what a
            /// probe that failed internally reports.
            pub fn empty(id: ProbeId) -> ProbeFacts {
                match id {
                    $(ProbeId::$variant => ProbeFacts::$variant(Default::default()),)*
                }
            }

            /// The facts as a JSON object (used to check that every non-null fact is cited).
            pub fn to_json_object(&self) -> serde_json::Map<String, serde_json::Value> {
                let v = match self {
                    $(ProbeFacts::$variant(f) => serde_json::to_value(f),)*
                };
                match v {
                    Ok(serde_json::Value::Object(m)) => m,
                    _ => serde_json::Map::new(),
                }
            }
        }
    };
}

super::probe_list!(probe_types);

impl ProbeId {
    pub fn parse(s: &str) -> Option<ProbeId> {
        ProbeId::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl std::fmt::Display for ProbeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------- signed-commits

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SignatureCounts {
    pub openpgp: u64,
    pub ssh: u64,
    pub x509: u64,
    /// A well-formed armored signature block of another kind.
    pub other: u64,
    pub unsigned: u64,
    /// Commits with a signature header that is not a well-formed block (garbage, an empty
    /// armor, a missing END line): not counted as signed, nor in `unsigned`.
    #[serde(default)]
    pub malformed: u64,
}

impl SignatureCounts {
    pub fn signed(&self) -> u64 {
        self.openpgp + self.ssh + self.x509 + self.other
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TagCounts {
    /// Tags examined (all of them for a local clone; the newest 100 through the API).
    pub total: u64,
    pub annotated: u64,
    pub signed: u64,
    /// Annotated tags whose signature block is not well formed (an armor line with no
    /// valid block after it): not counted in `signed`.
    #[serde(default)]
    pub malformed_signatures: u64,
    /// Tags in the repository, when only the newest `total` were examined.
    #[serde(default)]
    pub in_repository: Option<u64>,
}

/// GitHub's verification verdicts over the examined commits (API scans only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VerificationCounts {
    /// Commits whose verification GitHub reported.
    pub checked: u64,
    pub verified: u64,
    /// Unverified, with GitHub's reason (e.g. `unsigned`, `unknown_key`) and count.
    pub unverified_reasons: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SignedCommitsFacts {
    pub commits_examined: Option<u64>,
    /// True when the walk reached every root commit (false for shallow clones or a `--commits` limit that cut the history).
    pub history_complete: Option<bool>,
    pub signatures: Option<SignatureCounts>,
    /// Signed commits whose committer is GitHub's web-flow (`GitHub <noreply@github.com>`): made in the web UI, signed by GitHub.
    pub web_flow_signed: Option<u64>,
    /// Signed commits whose committer is not GitHub's web-flow: signed by a developer or a bot key.
    pub developer_signed: Option<u64>,
    /// Commits with a `Signed-off-by:` trailer (DCO), a statement, not a signature.
    pub dco_signed_off: Option<u64>,
    /// Merge commits among the examined ones (from git objects; `null` when the source
    /// does not show parents). GitHub's merge commits never carry a trailer, so the DCO
    /// share is given out of the other commits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_commits: Option<u64>,
    /// Non-merge commits with a `Signed-off-by` trailer (when `merge_commits` is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dco_signed_off_non_merge: Option<u64>,
    pub verified: Option<VerificationCounts>,
    pub tags: Option<TagCounts>,
    /// Commit the walk started from.
    pub head_commit: Option<String>,
    /// Oldest and newest committer dates seen (RFC 3339).
    pub first_commit_date: Option<String>,
    pub last_commit_date: Option<String>,
}

// ---------------------------------------------------------------- branch-protection

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProtectionSource {
    Classic,
    Rulesets,
    Both,
    None,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BranchProtectionFacts {
    pub branch: Option<String>,
    pub protected: Option<bool>,
    pub source: ProtectionSource,
    pub required_approvals: Option<u32>,
    pub require_code_owner_reviews: Option<bool>,
    pub dismiss_stale_reviews: Option<bool>,
    pub required_status_checks: Option<Vec<String>>,
    pub enforce_admins: Option<bool>,
    pub required_signatures: Option<bool>,
    pub force_push_blocked: Option<bool>,
    pub deletion_blocked: Option<bool>,
    pub linear_history: Option<bool>,
    /// Whether the classic protection endpoint was readable (admin) - null when not tried.
    pub classic_readable: Option<bool>,
    /// Names of the repository rulesets that apply to the branch.
    pub rulesets: Option<Vec<String>>,
    /// Changes must come through a pull request (classic required reviews, or a ruleset
    /// `pull_request` rule), even when zero approvals are required.
    #[serde(default)]
    pub pull_request_required: Option<bool>,
}

impl Default for BranchProtectionFacts {
    fn default() -> Self {
        BranchProtectionFacts {
            branch: None,
            protected: None,
            source: ProtectionSource::Unknown,
            required_approvals: None,
            require_code_owner_reviews: None,
            dismiss_stale_reviews: None,
            required_status_checks: None,
            enforce_admins: None,
            required_signatures: None,
            force_push_blocked: None,
            deletion_blocked: None,
            linear_history: None,
            classic_readable: None,
            rulesets: None,
            pull_request_required: None,
        }
    }
}

// ---------------------------------------------------------------- code-review

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReviewMechanism {
    GithubReviews,
    ProwLgtm,
    Gerrit,
    Codeowners,
    OwnersFiles,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CodeReviewFacts {
    pub required_approvals: Option<u32>,
    /// Merged changes (pull requests and direct pushes) examined.
    pub changes_examined: Option<u64>,
    /// Approved by someone other than the author (GitHub review or Prow approval).
    pub reviewed: Option<u64>,
    /// Reviewed by someone else, but never approved.
    pub reviewed_not_approved: Option<u64>,
    /// Merged with no review by anyone but the author, or pushed straight to the branch.
    pub unreviewed: Option<u64>,
    pub review_mechanisms: Option<Vec<ReviewMechanism>>,
    pub codeowners_path: Option<String>,
    /// The ownership rules of the CODEOWNERS file (lines that are not comments or blank).
    #[serde(default)]
    pub codeowners_rules: Option<u64>,
    /// The owners of every path, when the CODEOWNERS file's only rule is `*`.
    #[serde(default)]
    pub codeowners_owners_of_all: Option<Vec<String>>,
    /// Prow `OWNERS` files (the first 100, shallowest first).
    pub owners_files: Option<Vec<String>>,
    /// How many `OWNERS` files the tree holds.
    #[serde(default)]
    pub owners_files_total: Option<u64>,
}

// ---------------------------------------------------------------- security-policy

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicySource {
    Repository,
    OrgDotGithub,
    None,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SecurityPolicyFacts {
    /// Paths in the repository, or URLs (org `.github` repository).
    pub locations: Option<Vec<String>>,
    pub source: PolicySource,
    /// Ways to report found in the policy, the pages it links to, SECURITY-INSIGHTS and
    /// the security section of CONTRIBUTING/README: e-mail addresses, private vulnerability
    /// reporting, bug bounty, mailing list and report form URLs (no duplicates).
    pub contact: Option<Vec<String>>,
    pub private_vulnerability_reporting: Option<bool>,
    pub advisories_published: Option<u64>,
    pub security_insights_path: Option<String>,
    /// The SECURITY-INSIGHTS file's `header.expiration-date` (YYYY-MM-DD), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_insights_expiration: Option<String>,
    /// That date is before the scan's: the file is expired, its contents not kept current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_insights_expired: Option<bool>,
    /// A Kubernetes-style `SECURITY_CONTACTS` file at the root.
    #[serde(default)]
    pub security_contacts_path: Option<String>,
    /// The GitHub handles it lists (the people who handle security reports).
    #[serde(default)]
    pub security_contacts: Option<Vec<String>>,
    /// How many handles the file lists (`security_contacts` keeps at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_contacts_total: Option<u64>,
    /// Where `SECURITY_CONTACTS` sends reporters instead of its names, when it says not to
    /// report to them ("DO NOT REPORT SECURITY VULNERABILITIES DIRECTLY TO THESE NAMES,
    /// FOLLOW THE INSTRUCTIONS AT https://kubernetes.io/security/").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_contacts_report_to: Option<String>,
    /// Links in the security section of CONTRIBUTING or README (`## Security: please refer
    /// to sigstore's security process`) when no document names a contact: where reporters
    /// are sent, not contacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_references: Option<Vec<SectionReference>>,
    /// Each contact of `contact` with its kind and where it stands (one entry per place
    /// found, so an address given in two files appears twice).
    #[serde(default)]
    pub contact_details: Option<Vec<PolicyContact>>,
    /// Links in the policy that are not a way to report (CVE and CVSS sites, guidance and
    /// documentation pages, organization pages): never contacts.
    #[serde(default)]
    pub references: Option<Vec<PolicyReference>>,
}

/// How a security contact is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// An e-mail address (also one written as `security [at] example.org`).
    Email,
    /// A mailing list: a list address, or a Google Group or list page named for reports.
    MailingList,
    /// GitHub private vulnerability reporting (`…/security/advisories/new`).
    PrivateVulnerabilityReporting,
    /// A bug bounty program (HackerOne, Bugcrowd, Intigriti, …).
    BugBounty,
    /// A report form named as the place to report.
    Form,
}

/// The kind of document a contact was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactOrigin {
    /// A security policy file (in the repository or the organization's `.github`).
    Policy,
    /// An in-repository page the policy links to.
    LinkedPage,
    /// `SECURITY-INSIGHTS.yml`.
    SecurityInsights,
    /// The security section of CONTRIBUTING or README.
    DocSection,
}

/// One contact and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyContact {
    /// The address or URL (an obfuscated address written out).
    pub value: String,
    pub kind: ContactKind,
    pub origin: ContactOrigin,
    /// The file: a repository path, or the URL of the organization's policy.
    pub found_in: String,
    /// The 1-based line it stands on (null when it could not be placed on one line).
    pub line: Option<u32>,
    /// The text as written, when it differs from `value`.
    pub written: Option<String>,
    /// The heading of the section it stands in (origin `doc_section`).
    pub section: Option<String>,
    /// The policy file that links to the page (origin `linked_page`), and the line.
    pub linked_from: Option<String>,
    pub linked_from_line: Option<u32>,
}

/// A link that is not a contact, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyReference {
    pub url: String,
    /// A repository path, or the URL of the organization's policy.
    pub found_in: String,
    pub line: Option<u32>,
}

impl Default for SecurityPolicyFacts {
    fn default() -> Self {
        SecurityPolicyFacts {
            locations: None,
            source: PolicySource::Unknown,
            contact: None,
            private_vulnerability_reporting: None,
            advisories_published: None,
            security_insights_path: None,
            security_insights_expiration: None,
            security_insights_expired: None,
            security_contacts_path: None,
            security_contacts: None,
            security_contacts_total: None,
            security_contacts_report_to: None,
            section_references: None,
            contact_details: None,
            references: None,
        }
    }
}

// ---------------------------------------------------------------- ci-checks

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WorkflowFacts {
    pub path: String,
    pub name: Option<String>,
    pub triggers: Vec<String>,
    pub runs_tests: bool,
    /// How many test commands it was seen running (itself or through what it calls): the
    /// project's main suite runs the most.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub test_commands: u64,
    pub sast: Vec<String>,
    /// Why the workflow could not be parsed (then nothing else about it is known).
    #[serde(default)]
    pub parse_error: Option<String>,
    /// Workflows of this repository that call it (`uses: ./.github/workflows/x.yml`): it
    /// runs when they run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub called_by: Vec<String>,
    /// Its pull request trigger has a `paths:` or `paths-ignore:` filter: it runs only for
    /// some changes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pull_request_paths_filter: bool,
    /// Its only pull-request-time trigger is `merge_group` (the merge queue).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub merge_queue_only: bool,
    /// `runs_tests` was decided from a job or step name alone: no command of the job is
    /// known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tests_by_name: bool,
    /// Jobs with `continue-on-error: true`: their failure never fails the check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_blocking_jobs: Vec<String>,
    /// Jobs whose `if:` is false for pull request events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jobs_skipped_on_pull_requests: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A CI file whose trigger is configured outside the repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ExternalCiFile {
    pub path: String,
    /// `google_cloud_build`, `circleci`, ...
    pub system: String,
    /// What the file says of when it runs: `tags`, `after_merge`, `pull_requests`,
    /// `branches` (its jobs' filters name branches or tags), `schedule`, `comment` (only a
    /// comment says it), or `unknown` (the trigger is not in the repository).
    pub trigger: String,
    /// The line that says it (a `$TAG_NAME`, a `$_PULL_BASE_REF`).
    pub line: Option<u32>,
    /// The builder images its steps run (`docker`, `go`, `gcloud`), at most five.
    pub runs: Vec<String>,
    /// When `trigger` is `comment`: the comment that states when it runs, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckRunsFacts {
    /// The commit whose checks were read.
    pub commit: String,
    pub total: u64,
    pub passing: u64,
    pub failing: u64,
    pub pending: u64,
    /// Apps / contexts that reported (e.g. `github-actions`, `prow`).
    pub apps: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CiChecksFacts {
    /// `github_actions`, `prow`, `circleci`, `travis`, `gitlab_ci`, `jenkins`, ...
    pub systems: Option<Vec<String>>,
    pub workflows: Option<Vec<WorkflowFacts>>,
    pub pull_request_triggered: Option<bool>,
    pub runs_tests: Option<bool>,
    /// `codeql`, `gosec`, `semgrep`, `zizmor`, ...
    pub sast: Option<Vec<String>>,
    /// `dependabot`, `renovate`.
    pub dependency_update_tools: Option<Vec<String>>,
    /// Dependency vulnerability scanners run by CI: `govulncheck`, `trivy`, `osv-scanner`, ...
    #[serde(default)]
    pub vulnerability_scanning: Option<Vec<String>>,
    pub recent_runs_passing: Option<bool>,
    pub check_runs: Option<Vec<CheckRunsFacts>>,
    /// The systems of `systems` that check changes: GitHub Actions when a workflow runs on
    /// pull requests or on pushes to branches; another system unless all its files only
    /// build releases (`release/cloudbuild.yaml`, or a Cloud Build file that runs no tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_systems: Option<Vec<String>>,
    /// CI files that only build releases or images, not counted as checking changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_only_files: Option<Vec<String>>,
    /// Reusable workflows of other repositories that workflows call
    /// (`org/repo/.github/workflows/x.yml@ref`): what they run was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_workflows: Option<Vec<RemoteWorkflow>>,
    /// General linters CI runs (`golangci-lint`, `staticcheck`, `clippy`, `ruff`...): code
    /// quality checks, not security analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linters: Option<Vec<String>>,
    /// CI files whose triggers live outside the repository (Google Cloud Build), with what
    /// the file itself says of when it runs; not counted as pull request CI unless it reads
    /// pull request variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggered_outside: Option<Vec<ExternalCiFile>>,
    /// A root OWNERS file and no `.prow.yaml`: a Kubernetes-style Prow project whose jobs are
    /// configured in another repository (kubernetes/test-infra), which was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prow_jobs_elsewhere: Option<bool>,
    /// Container image scanners CI runs (`trivy` on an image, `snyk container`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_scanning: Option<Vec<String>>,
    /// Infrastructure-as-code and manifest scanners CI runs (KICS, Checkov, kubescape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_scanning: Option<Vec<String>>,
    /// Dependency review of pull requests (the dependencies a change adds, not all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependency_review: Option<Vec<String>>,
    /// Secret scanners CI runs (gitleaks, TruffleHog, detect-secrets as a pre-commit hook).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_scanning: Option<Vec<String>>,
    /// Fuzzing CI runs (`go test -fuzz`, CIFuzz, ClusterFuzzLite); fuzz tests merely
    /// present are in `tools` with `runs: false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuzzing: Option<Vec<String>>,
    /// OpenSSF Scorecard (or a baseline scan) run by CI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<Vec<String>>,
    /// Hardening of the CI runners that workflows use (`step-security/harden-runner`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_hardening: Option<Vec<String>>,
    /// License scanners CI runs (FOSSA, ScanCode, go-licenses, cargo-deny licenses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_scanning: Option<Vec<String>>,
    /// Every use or configuration of a catalogue tool found (at most 200), each cited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<crate::model::ToolUse>>,
    /// What the dependency bots update: Dependabot's ecosystems and directories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependency_updates: Option<Vec<crate::model::DependencyUpdateScope>>,
    /// The bots keep the code's own dependencies current (false when they only update
    /// GitHub Actions or a git submodule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependency_updates_cover_code: Option<bool>,
}

/// A reusable workflow of another repository, called by a workflow of this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RemoteWorkflow {
    /// The `uses:` value.
    pub uses: String,
    /// The calling workflow.
    pub workflow: String,
    pub line: u32,
}

// ---------------------------------------------------------------- sbom

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SbomDocument {
    pub path: String,
    /// `spdx` or `cyclonedx`.
    pub format: String,
    /// Only the first part of a large file was read: it parses as the beginning of such a
    /// document (the rest was not checked).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub head_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PipelineTool {
    /// e.g. `syft`, `goreleaser`, `cosign`, `anchore/sbom-action`.
    pub tool: String,
    pub path: String,
    pub line: u32,
    /// The lines that run it, outermost first, as `path:line` (the workflow step that runs
    /// a script, then the script's line...); empty when it stands in the workflow itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// The release workflow (or CI file) it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SbomFacts {
    pub in_repository: Option<Vec<SbomDocument>>,
    pub generated_by_pipeline: Option<Vec<PipelineTool>>,
    pub in_release_assets: Option<Vec<String>>,
    /// SBOM generators configured in the build itself (a Maven or Gradle plugin, JReleaser's
    /// SBOM catalog or the SBOM files it uploads), each at its line; `workflow` is the
    /// release workflow that runs that build (Maven, Gradle, JReleaser), when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_in_build: Option<Vec<PipelineTool>>,
}

// ---------------------------------------------------------------- release-integrity

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReleasePipelineFacts {
    pub checksums: bool,
    pub signatures: bool,
    pub provenance: bool,
    pub sbom: bool,
    pub tools: Vec<String>,
    /// The release workflows: started by a tag, a published release or a manual dispatch,
    /// and publishing artifacts. Only steps they run count above.
    #[serde(default)]
    pub workflows: Vec<ReleaseWorkflowFacts>,
    /// The release steps found (checksums, signatures, provenance, SBOM), each at its
    /// line; at most 200, `steps_total` counts them all.
    #[serde(default)]
    pub steps: Vec<ReleaseStepFacts>,
    #[serde(default)]
    pub steps_total: u64,
    /// What the signing steps cover (`files`, `images`, ...): signed images and unsigned
    /// tarballs read differently from "signs what it publishes".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed: Vec<String>,
    /// Where the release pipelines publish, as the steps name it (registries, release
    /// pages, package indexes): the distribution points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<crate::model::PublishDestination>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReleaseWorkflowFacts {
    pub path: String,
    /// `release`, `tag push`, `tag creation`, `manual dispatch` or `tag condition`.
    pub trigger: String,
    pub trigger_line: u32,
    /// What publishes: `goreleaser`, `gh release`, `an image push`, `a package upload`,
    /// `a release action`, `docker/build-push-action`.
    pub publishes_with: String,
    pub publish_path: String,
    pub publish_line: u32,
    /// Other ways the same pipeline publishes (`pypa/gh-action-pypi-publish` beside
    /// `gh release`), one per tool.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_publishes_with: Vec<String>,
    /// The publishing step makes a draft release, published later outside it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReleaseStepFacts {
    /// `checksums`, `signatures`, `provenance` or `sbom`.
    pub kind: String,
    pub tool: String,
    pub path: String,
    pub line: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    pub workflow: String,
    /// Not written in the configuration: a default of the tool (GoReleaser writes a
    /// checksums file unless `checksum.disable` is set); cited at the configuration's
    /// first line.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_default: bool,
    /// What the step covers when it says: `images` (`cosign sign`), `files`
    /// (`cosign sign-blob`, `gpg --detach-sign`, a checksum file), `charts`, `packages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReleaseFacts {
    pub tag: String,
    pub url: String,
    pub assets: u64,
    pub checksums: Vec<String>,
    pub signatures: Vec<String>,
    pub provenance: Vec<String>,
    pub sboms: Vec<String>,
}

/// The newest entry of a change log (the first heading naming a version) and a note near
/// its top that it moved ("Changelogs have moved to the CHANGELOG/ directory").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChangelogHead {
    pub path: String,
    pub newest_version: Option<String>,
    /// The date the newest entry's heading gives (YYYY-MM-DD).
    pub newest_date: Option<String>,
    pub newest_line: Option<u32>,
    pub moved_note: Option<String>,
    pub moved_line: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReleaseIntegrityFacts {
    pub pipeline: Option<ReleasePipelineFacts>,
    pub releases_examined: Option<u64>,
    pub with_checksums: Option<u64>,
    pub with_signatures: Option<u64>,
    pub with_provenance: Option<u64>,
    pub with_sbom: Option<u64>,
    pub signed_tags: Option<u64>,
    pub releases: Option<Vec<ReleaseFacts>>,
    /// Signing and checksum steps that no release pipeline runs: in a target of the root
    /// Makefile (helm's `make sign`) or in a release script (`hack/release/build/cross.sh`),
    /// done by hand by whoever cuts the release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_steps: Option<Vec<ManualStep>>,
    /// Release process documentation (`RELEASE.md`, `docs/releasing.md`,
    /// `release/README.md`), at most two folders down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_docs: Option<Vec<String>>,
    /// Change logs at the root (`CHANGELOG.md`, `CHANGES.rst`, `NEWS`, release notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changelogs: Option<Vec<String>>,
    /// A file of release signing keys at the root (`KEYS`, as Apache projects publish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys_file: Option<String>,
    /// When each change log last changed (the newest commit of the walked history that
    /// changed it); a change log not changed within the walk is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changelog_last_changes: Option<Vec<crate::model::FileChange>>,
    /// The newest tags (at most 5), newest first, each signed or not: "N tags are signed"
    /// can hide that the latest releases are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_tags: Option<Vec<crate::model::NewestTag>>,
    /// The run of newest tags that share the newest tag's state (signed or not), counted
    /// over every dated tag, with the newest tag before it.
    /// What each change log's text says of itself: its newest entry, and a note that it
    /// moved or is no longer kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changelog_heads: Option<Vec<ChangelogHead>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_tag_run: Option<crate::model::NewestTagRun>,
    /// How many tags the tag census read (the denominator of `signed_tags`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags_total: Option<u64>,
    /// GoReleaser configurations that nothing in CI runs any more (`goreleaser` neither as
    /// a program nor as its action, anywhere the CI model reaches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goreleaser_unused: Option<Vec<String>>,
}

/// A link in the security section of a CONTRIBUTING or README file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SectionReference {
    pub url: String,
    pub found_in: String,
    pub line: u32,
    /// The section's heading.
    pub section: String,
}

/// A signing or checksum command that no release pipeline runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ManualStep {
    /// `signatures` or `checksums`.
    pub kind: String,
    pub path: String,
    pub line: u32,
    /// The Makefile target whose recipe it is; none in a script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `gpg`, `cosign`, `shasum`...
    pub tool: String,
}

// ---------------------------------------------------------------- best-practices-badge

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BadgeSource {
    Readme,
    ApiLookup,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BadgeLevel {
    InProgress,
    Passing,
    Silver,
    Gold,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BadgeCriterion {
    /// Criterion name as the badge site spells it (e.g. `vulnerability_report_process`).
    pub name: String,
    /// `Met`, `Unmet`, `N/A` or `?`.
    pub status: String,
    pub justification: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BestPracticesBadgeFacts {
    pub project_id: Option<u64>,
    pub source: Option<BadgeSource>,
    pub level: Option<BadgeLevel>,
    pub tiered_percentage: Option<u32>,
    pub baseline_level: Option<String>,
    pub url: Option<String>,
    pub readme_mismatch: Option<bool>,
    pub criteria: Option<Vec<BadgeCriterion>>,
    /// Other badge projects the site matched (several lookup matches, or README ids
    /// registered for other repositories).
    pub other_project_ids: Option<Vec<u64>>,
}

// ---------------------------------------------------------------- project-docs

/// A licence file and the SPDX licence its text matched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LicenseDetection {
    pub path: String,
    /// The SPDX identifier, when the match is confident (similarity at least 0.9); null
    /// for a low-confidence match, whose guess is `closest`.
    pub spdx_id: Option<String>,
    /// The closest SPDX licence, whatever the similarity.
    pub closest: String,
    /// Similarity of the text to `closest`'s, from 0 to 1 (3 decimals), as measured: never
    /// rounded up.
    pub confidence: f64,
    /// `closest` is OSI approved (SPDX licence list).
    pub osi_approved: bool,
    /// `closest` is FSF free/libre (SPDX licence list).
    pub fsf_libre: bool,
}

impl Eq for LicenseDetection {}

/// The project's licence, its repository's visibility and the documents a project keeps
/// (found by name in the file listing; `[]` when looked for and not found).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectDocsFacts {
    /// The repository is publicly readable (GitHub API); null without the API.
    pub public: Option<bool>,
    /// Licence files at the root (`LICENSE`, `COPYING`, `LICENSE-MIT`, files of `LICENSE/`).
    pub license_files: Option<Vec<String>>,
    /// What each licence file's text matched.
    pub licenses: Option<Vec<LicenseDetection>>,
    /// The SPDX expression, when exactly one licence was confidently identified (several
    /// files may mean `AND` or `OR`: not guessed).
    pub license_expression: Option<String>,
    pub contributing: Option<Vec<String>>,
    pub governance: Option<Vec<String>>,
    pub code_of_conduct: Option<Vec<String>>,
    /// Support and end-of-life policies (`SUPPORT.md`, `docs/support-policy.md`).
    pub support: Option<Vec<String>>,
    /// `MAINTAINERS*` files.
    pub maintainers: Option<Vec<String>>,
    /// GitHub handles (`@name`, `github.com/name`) in the maintainers files.
    pub maintainer_handles: Option<Vec<String>>,
    pub threat_model: Option<Vec<String>>,
    pub security_audits: Option<Vec<String>>,
    pub self_assessment: Option<Vec<String>>,
}
