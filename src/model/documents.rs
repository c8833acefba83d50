//! Facts read from the project's own documents (the document model,
//! `evidence::docs`): the communication channels they name and what they say about
//! vulnerability response, review and sign-off. Every item carries the file, line and
//! sentence it was read from; nothing is inferred beyond the words.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Who a channel is for, as the words around it say.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChannelRole {
    /// Team members among themselves.
    Internal,
    /// Users to the team.
    Inbound,
    /// The team to users.
    Outbound,
}

impl ChannelRole {
    pub const ALL: [ChannelRole; 3] = [
        ChannelRole::Internal,
        ChannelRole::Inbound,
        ChannelRole::Outbound,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelRole::Internal => "internal",
            ChannelRole::Inbound => "inbound",
            ChannelRole::Outbound => "outbound",
        }
    }
}

/// Where in a document an item was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocPlace {
    pub path: String,
    pub line: u32,
    /// The sentence, as the document writes it (markup removed).
    pub sentence: String,
}

/// A communication channel a document names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Channel {
    /// The channel catalogue's id (`slack`, `mailing_list`, `github_discussions`...).
    pub kind: String,
    /// The kind for people ("Slack").
    pub kind_name: String,
    /// The anchor text, address or words as written.
    pub label: String,
    /// The link target or `mailto:` address; null for a channel named without a link.
    pub url: Option<String>,
    /// Roles the words around its mentions state; empty when they state none (the role
    /// is then for the maintainers to say, never guessed).
    pub roles: Vec<ChannelRole>,
    /// The words that stated each role, as matched.
    pub role_words: Vec<String>,
    /// The first mention.
    pub place: DocPlace,
    /// Further mentions (at most a few).
    #[serde(default)]
    pub also: Vec<DocPlace>,
}

/// `communication`: the channels the documents name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommunicationFacts {
    /// The documents read for channels; null when the files could not be read.
    pub documents_read: Option<Vec<String>>,
    pub channels: Option<Vec<Channel>>,
}

/// How a policy says vulnerabilities are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportingKind {
    Email,
    /// GitHub private vulnerability reporting ("Report a vulnerability", a link to
    /// `security/advisories/new`, or the words "file a GitHub security advisory").
    PrivateVulnerabilityReporting,
    /// A web form, bug bounty or other reporting page.
    Form,
}

/// A reporting method the security documents state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportingMethod {
    pub kind: ReportingKind,
    /// The address or URL as written; the sentence for a method written only in prose.
    pub value: String,
    /// True when the words call it private or confidential; false when they call it
    /// public (a public list that accepts encrypted mail is not private); null when they
    /// say neither.
    pub private: Option<bool>,
    /// The words require encrypted mail (PGP).
    pub encryption_required: bool,
    /// The qualifying words of its sentence (private, public, encrypted, pgp).
    pub qualifiers: Vec<String>,
    pub place: DocPlace,
}

/// A topic of vulnerability response a sentence of the security documents addresses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PolicyTopic {
    /// Who responds (a security team, the maintainers, a named committee).
    ResponseTeam,
    /// Which versions receive security fixes.
    SupportedVersions,
    /// How soon a report is acknowledged or answered.
    ResponseTime,
    /// When and how a vulnerability is disclosed (embargo periods, coordinated dates).
    DisclosureTimeline,
    /// Early notification of distributors (an embargo or distributors list).
    DistributorsList,
    /// CVE identifiers, a CNA.
    Cve,
    /// Security advisories published.
    Advisory,
    /// The steps after a report (triage, confirmation, fix, release, announcement).
    IncidentResponse,
    /// Contributions require DCO sign-off.
    DcoSignOff,
    /// A review or merge rule (approvals, LGTM, maintainers review, who may merge).
    ReviewRule,
    /// Commits must carry a cryptographic signature (GPG, SSH, `git commit -S`).
    CommitSigning,
    /// Members or maintainers must use two-factor authentication.
    TwoFactor,
}

impl PolicyTopic {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyTopic::ResponseTeam => "response_team",
            PolicyTopic::SupportedVersions => "supported_versions",
            PolicyTopic::ResponseTime => "response_time",
            PolicyTopic::DisclosureTimeline => "disclosure_timeline",
            PolicyTopic::DistributorsList => "distributors_list",
            PolicyTopic::Cve => "cve",
            PolicyTopic::Advisory => "advisory",
            PolicyTopic::IncidentResponse => "incident_response",
            PolicyTopic::DcoSignOff => "dco_sign_off",
            PolicyTopic::ReviewRule => "review_rule",
            PolicyTopic::CommitSigning => "commit_signing",
            PolicyTopic::TwoFactor => "two_factor",
        }
    }
}

/// A sentence of a document on a topic, quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyStatement {
    pub topic: PolicyTopic,
    pub place: DocPlace,
}

/// A table under a heading that names a topic ("Supported Versions" over a table of
/// versions): its rows as written, cells in order. `place` is the heading's line and the
/// heading as its sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyTable {
    pub topic: PolicyTopic,
    pub place: DocPlace,
    /// The header row first.
    pub rows: Vec<Vec<String>>,
}

/// A security policy that lives elsewhere: the documents point to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyDelegation {
    /// The URL or repository path pointed to.
    pub target: String,
    pub place: DocPlace,
}

/// `vulnerability-response`: what the security documents say about reporting and
/// responding to vulnerabilities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VulnerabilityResponseFacts {
    /// The security documents read; null when the files could not be read.
    pub documents_read: Option<Vec<String>>,
    pub reporting: Option<Vec<ReportingMethod>>,
    /// Where the documents say the policy is defined, when elsewhere.
    pub delegated_to: Option<Vec<PolicyDelegation>>,
    /// Sentences on each topic (at most a few per topic).
    pub statements: Option<Vec<PolicyStatement>>,
    /// Tables under a heading that names a topic.
    #[serde(default)]
    pub tables: Option<Vec<PolicyTable>>,
}

/// `contribution-policy`: review and sign-off rules the contributing documents state,
/// and the ecosystem the README and adopters files name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ContributionPolicyFacts {
    /// The documents read; null when the files could not be read.
    pub documents_read: Option<Vec<String>>,
    /// DCO sign-off and review-rule sentences.
    pub statements: Option<Vec<PolicyStatement>>,
    /// `.github/dco.yml` (the DCO app's configuration) when present.
    pub dco_config: Option<String>,
    /// The adopters file and how many adopters it names.
    pub adopters_file: Option<String>,
    pub adopters_named: Option<u64>,
    /// How they were counted ("table rows", "list items", "names in bold", "linked
    /// headings", "logos"); empty when it names none.
    #[serde(default)]
    pub adopters_counted_as: Option<Vec<String>>,
    /// The list the adopters file points to when it names nobody itself.
    #[serde(default)]
    pub adopters_elsewhere: Option<String>,
    /// The README's opening description (its first block of prose).
    pub description: Option<DocPlace>,
    /// The README's sentence that states the project's CNCF maturity level (sandbox,
    /// incubating, graduated).
    #[serde(default)]
    pub foundation_status: Option<DocPlace>,
}
