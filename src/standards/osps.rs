//! OpenSSF OSPS Baseline v2026.02.19 verdicts from the report's probe facts.
//!
//! One mapping table ([`CONTROLS`]) names, for every Level 1 and Level 2 control and the
//! Level 3 controls the evidence reaches (SBOM, required non-author review, SAST and SCA
//! in CI), the facts it rests on and the rule that judges them. A verdict is:
//!
//! - `passed` / `failed`: the facts show it; the verdict names them and cites the
//!   citations that back them (a verdict whose facts are not cited becomes `unknown`);
//! - `needs_review`: only a person (reading the documentation) or an administrator (an
//!   organization or repository setting) can observe it;
//! - `not_applicable`: the control's condition does not hold, as the evidence shows (e.g.
//!   no releases);
//! - `unknown`: the facts could not be observed (with the reason) or tssa-probe does not
//!   collect them.
//!
//! Nothing passes because GitHub enforces it for every repository: a verdict rests on the
//! project's own configuration or record.

use crate::model::{
    BranchProtectionFacts, CiChecksFacts, ContactKind, PolicySource, ProbeFacts, ProbeId,
    ProbeResult, Reason, ReleaseIntegrityFacts, Report, SbomFacts, SecurityPolicyFacts,
    SignedCommitsFacts,
};

/// The Baseline release the table maps.
pub const OSPS_VERSION: &str = "v2026.02.19";

pub use crate::model::osps::{CitationRef, ControlVerdict, LevelCounts, OspsBaseline, Verdict};

/// One row of the mapping table.
pub struct Control {
    pub id: &'static str,
    pub level: u8,
    pub title: &'static str,
    /// The facts the rule may read, as (probe, fact).
    pub facts: &'static [(ProbeId, &'static str)],
    /// The rule in words.
    pub rule: &'static str,
    judge: fn(&Ctx) -> Judgement,
}

/// Level 3 controls without a verdict: no probe observes them.
pub const NOT_EVALUATED: &[&str] = &[
    "OSPS-AC-04.02",
    "OSPS-BR-01.04",
    "OSPS-BR-02.02",
    "OSPS-BR-07.02",
    "OSPS-DO-03.01",
    "OSPS-DO-03.02",
    "OSPS-DO-04.01",
    "OSPS-DO-05.01",
    "OSPS-GV-04.01",
    "OSPS-QA-04.02",
    "OSPS-QA-06.02",
    "OSPS-QA-06.03",
    "OSPS-SA-03.02",
    "OSPS-VM-04.02",
    "OSPS-VM-05.01",
    "OSPS-VM-05.02",
    "OSPS-VM-06.01",
];

use ProbeId::{
    BranchProtection as BP, CiChecks as CI, ReleaseIntegrity as RI, Sbom as SB,
    SecurityPolicy as SP, SignedCommits as SC,
};

const RELEASES: &[(ProbeId, &str)] = &[(RI, "releases_examined"), (SC, "tags")];

/// The mapping table: control id → facts → rule, in catalog order.
pub const CONTROLS: &[Control] = &[
    // ------------------------------------------------------------------ Level 1
    Control {
        id: "OSPS-AC-01.01",
        level: 1,
        title: "MFA for sensitive resources",
        facts: &[],
        rule: "needs_review: an organization setting visible only to its owners",
        judge: |_| {
            review_admin(
                "Multi-factor authentication is an organization setting visible only to its owners.",
            )
        },
    },
    Control {
        id: "OSPS-AC-02.01",
        level: 1,
        title: "Least privilege for new collaborators",
        facts: &[],
        rule: "needs_review: the base permission is an organization setting visible only to its owners",
        judge: |_| {
            review_admin(
                "The base permission of new collaborators is an organization setting visible only to its owners.",
            )
        },
    },
    Control {
        id: "OSPS-AC-03.01",
        level: 1,
        title: "Direct commits to the primary branch prevented",
        facts: &[(BP, "protected"), (BP, "pull_request_required")],
        rule: "passed when pull_request_required; failed when the branch is unprotected or pull_request_required is false",
        judge: ac_03_01,
    },
    Control {
        id: "OSPS-AC-03.02",
        level: 1,
        title: "Primary branch deletion blocked",
        facts: &[(BP, "protected"), (BP, "deletion_blocked")],
        rule: "passed when deletion_blocked; failed when the branch is unprotected or deletion_blocked is false (GitHub's refusal to delete any default branch does not count)",
        judge: ac_03_02,
    },
    Control {
        id: "OSPS-BR-01.01",
        level: 1,
        title: "Untrusted CI metadata sanitized",
        facts: &[(CI, "sast")],
        rule: "needs_review when zizmor (which flags template injection) runs in CI; otherwise unknown: tssa-probe does not analyse workflow expressions",
        judge: |c| zizmor(c, "template injection"),
    },
    Control {
        id: "OSPS-BR-01.03",
        level: 1,
        title: "Untrusted code kept from CI credentials",
        facts: &[(CI, "sast")],
        rule: "needs_review when zizmor (which flags dangerous triggers) runs in CI; otherwise unknown: tssa-probe does not analyse triggers and secrets use",
        judge: |c| zizmor(c, "dangerous triggers such as pull_request_target"),
    },
    Control {
        id: "OSPS-BR-03.01",
        level: 1,
        title: "Official channels over encrypted transport",
        facts: &[],
        rule: "needs_review: which URIs the project lists as official, a person must read",
        judge: |_| {
            review_person(
                "Which URIs the project lists as official channels, and that each is served over HTTPS, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-BR-03.02",
        level: 1,
        title: "Distribution channels authenticated",
        facts: &[],
        rule: "needs_review: which distribution channels are official, a person must read",
        judge: |_| {
            review_person(
                "Which distribution channels the project lists as official, and that each is authenticated (HTTPS, signed indexes), a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-BR-07.01",
        level: 1,
        title: "Secrets kept out of version control",
        facts: &[],
        rule: "needs_review: secret scanning and push protection are settings visible only to admins",
        judge: |_| {
            review_admin(
                "Secret scanning and push protection are repository settings visible only to admins; tssa-probe does not scan the tree for secrets.",
            )
        },
    },
    Control {
        id: "OSPS-DO-01.01",
        level: 1,
        title: "User guides (when released)",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (documentation content)",
        judge: |c| {
            released_review(
                c,
                "Whether the documentation includes user guides for all basic functionality, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-DO-02.01",
        level: 1,
        title: "Defect reporting guide (when released)",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (documentation content)",
        judge: |c| {
            released_review(
                c,
                "Whether the documentation explains how to report defects, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-GV-02.01",
        level: 1,
        title: "Public discussion mechanism",
        facts: &[],
        rule: "needs_review: whether issues or discussions are open to the public is not recorded",
        judge: |_| {
            review_person(
                "Whether issues, discussions or a mailing list are open for public discussion, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-GV-03.01",
        level: 1,
        title: "Contribution process explained",
        facts: &[],
        rule: "needs_review (documentation content)",
        judge: |_| {
            review_person(
                "Whether the documentation explains the contribution process, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-LE-02.01",
        level: 1,
        title: "OSI/FSF licence for source code",
        facts: &[],
        rule: "unknown: tssa-probe does not read licence files",
        judge: |_| not_collected("tssa-probe does not read licence files."),
    },
    Control {
        id: "OSPS-LE-02.02",
        level: 1,
        title: "OSI/FSF licence for released assets",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise unknown: tssa-probe does not read licences",
        judge: |c| {
            released_or(
                c,
                not_collected("tssa-probe does not read the licences of release assets."),
            )
        },
    },
    Control {
        id: "OSPS-LE-03.01",
        level: 1,
        title: "Licence in LICENSE or COPYING",
        facts: &[],
        rule: "unknown: tssa-probe does not read licence files",
        judge: |_| not_collected("tssa-probe does not read licence files."),
    },
    Control {
        id: "OSPS-LE-03.02",
        level: 1,
        title: "Licence shipped with released assets",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise unknown: tssa-probe does not read licences",
        judge: |c| {
            released_or(
                c,
                not_collected("tssa-probe does not read the licences shipped with release assets."),
            )
        },
    },
    Control {
        id: "OSPS-QA-01.01",
        level: 1,
        title: "Repository publicly readable",
        facts: &[],
        rule: "unknown: the report does not record the repository's visibility",
        judge: |_| not_collected("The report does not record whether the repository is public."),
    },
    Control {
        id: "OSPS-QA-01.02",
        level: 1,
        title: "Public record of all changes",
        facts: &[],
        rule: "unknown: the report does not record the repository's visibility (git records every change for everyone, which does not count)",
        judge: |_| {
            not_collected(
                "The report does not record whether the history is public; git recording author and date of every commit holds for every repository and is not counted.",
            )
        },
    },
    Control {
        id: "OSPS-QA-02.01",
        level: 1,
        title: "Dependency list for direct dependencies",
        facts: &[],
        rule: "unknown: tssa-probe does not look for dependency manifests",
        judge: |_| {
            not_collected("tssa-probe does not look for dependency manifests or lock files.")
        },
    },
    Control {
        id: "OSPS-QA-04.01",
        level: 1,
        title: "List of the project's codebases",
        facts: &[],
        rule: "needs_review: whether the project has several repositories, a person must say",
        judge: |_| {
            review_person(
                "Whether the project has more than one repository, and where it lists them, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-QA-05.01",
        level: 1,
        title: "No generated executables in version control",
        facts: &[],
        rule: "unknown: tssa-probe does not look for binaries in the tree",
        judge: |_| not_collected("tssa-probe does not look for generated executables in the tree."),
    },
    Control {
        id: "OSPS-QA-05.02",
        level: 1,
        title: "No unreviewable binaries in version control",
        facts: &[],
        rule: "unknown: tssa-probe does not look for binaries in the tree",
        judge: |_| not_collected("tssa-probe does not look for binary artifacts in the tree."),
    },
    Control {
        id: "OSPS-VM-02.01",
        level: 1,
        title: "Security contacts documented",
        facts: &[
            (SP, "contact"),
            (SP, "security_contacts"),
            (SP, "locations"),
            (SP, "source"),
        ],
        rule: "passed when a contact or a SECURITY_CONTACTS handle is found; failed when the policy, SECURITY-INSIGHTS and CONTRIBUTING/README name none",
        judge: vm_02_01,
    },
    // ------------------------------------------------------------------ Level 2
    Control {
        id: "OSPS-AC-04.01",
        level: 2,
        title: "CI tasks default to least permissions",
        facts: &[],
        rule: "needs_review: the default GITHUB_TOKEN permissions are a setting visible only to admins",
        judge: |_| {
            review_admin(
                "The default permissions of CI tokens are a repository setting visible only to admins; tssa-probe does not read workflow permissions blocks.",
            )
        },
    },
    Control {
        id: "OSPS-BR-02.01",
        level: 2,
        title: "Unique version identifier per release",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (a tag is unique by construction, which does not count)",
        judge: |c| {
            released_review(
                c,
                "Every GitHub release has a tag, unique by construction (not counted); whether every official release carries a unique version, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-BR-04.01",
        level: 2,
        title: "Release change log",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (release notes are not read)",
        judge: |c| {
            released_review(
                c,
                "Whether each release has a log of functional and security changes, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-BR-05.01",
        level: 2,
        title: "Standard tooling to ingest dependencies",
        facts: &[],
        rule: "unknown: tssa-probe does not read how the build ingests dependencies",
        judge: |_| not_collected("tssa-probe does not read how the build ingests dependencies."),
    },
    Control {
        id: "OSPS-BR-06.01",
        level: 2,
        title: "Releases signed or in a signed manifest",
        facts: &[
            (RI, "pipeline.signatures"),
            (RI, "releases_examined"),
            (RI, "with_signatures"),
            (SC, "tags"),
        ],
        rule: "not_applicable when there are no releases; passed when the release pipeline signs or every release examined has a signature; failed when a release examined has none",
        judge: br_06_01,
    },
    Control {
        id: "OSPS-DO-06.01",
        level: 2,
        title: "Dependency management documented",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (documentation content)",
        judge: |c| {
            released_review(
                c,
                "Whether the documentation describes how dependencies are selected, obtained and tracked, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-DO-07.01",
        level: 2,
        title: "Build instructions",
        facts: &[],
        rule: "needs_review (documentation content)",
        judge: |_| {
            review_person(
                "Whether the documentation explains how to build the software and with what, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-GV-01.01",
        level: 2,
        title: "Members with sensitive access listed",
        facts: &[],
        rule: "needs_review (documentation content; access itself is visible only to admins)",
        judge: |_| {
            review_person(
                "Whether the documentation lists the members with access to sensitive resources, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-GV-01.02",
        level: 2,
        title: "Roles and responsibilities described",
        facts: &[],
        rule: "needs_review (documentation content)",
        judge: |_| {
            review_person(
                "Whether the documentation describes the members' roles and responsibilities, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-GV-03.02",
        level: 2,
        title: "Contributor guide with requirements",
        facts: &[],
        rule: "needs_review (documentation content)",
        judge: |_| {
            review_person(
                "Whether a contributor guide states the requirements for acceptable contributions, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-LE-01.01",
        level: 2,
        title: "Contributors assert authorization (DCO/CLA)",
        facts: &[(SC, "commits_examined"), (SC, "dco_signed_off")],
        rule: "passed when every commit examined has a Signed-off-by trailer; otherwise needs_review (a CLA is not visible in commits)",
        judge: le_01_01,
    },
    Control {
        id: "OSPS-QA-03.01",
        level: 2,
        title: "Status checks must pass before merge",
        facts: &[(BP, "protected"), (BP, "required_status_checks")],
        rule: "passed when the branch requires status checks; failed when it is unprotected or requires none",
        judge: qa_03_01,
    },
    Control {
        id: "OSPS-QA-06.01",
        level: 2,
        title: "Automated tests run before changes are accepted",
        facts: &[(CI, "runs_tests"), (CI, "pull_request_triggered")],
        rule: "passed when CI runs tests and runs on pull requests; failed when CI runs no tests or never on pull requests",
        judge: qa_06_01,
    },
    Control {
        id: "OSPS-SA-01.01",
        level: 2,
        title: "Design documentation (when released)",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (documentation content)",
        judge: |c| {
            released_review(
                c,
                "Whether design documentation shows all actions and actors of the system, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-SA-02.01",
        level: 2,
        title: "External interfaces described (when released)",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (documentation content)",
        judge: |c| {
            released_review(
                c,
                "Whether the documentation describes every external software interface, a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-SA-03.01",
        level: 2,
        title: "Security assessment performed (when released)",
        facts: RELEASES,
        rule: "not_applicable when there are no releases; otherwise needs_review (a self-assessment such as this report prefills is one)",
        judge: |c| {
            released_review(
                c,
                "Whether the project has performed a security assessment (such as the TAG-Security self-assessment this report prefills), a person must check.",
            )
        },
    },
    Control {
        id: "OSPS-VM-01.01",
        level: 2,
        title: "Coordinated disclosure policy with a timeframe",
        facts: &[(SP, "locations"), (SP, "source")],
        rule: "failed when no security policy is found; otherwise needs_review (the response timeframe is read by a person)",
        judge: vm_01_01,
    },
    Control {
        id: "OSPS-VM-03.01",
        level: 2,
        title: "Private vulnerability reporting",
        facts: &[
            (SP, "private_vulnerability_reporting"),
            (SP, "contact_details"),
            (SP, "contact"),
        ],
        rule: "passed when private vulnerability reporting is on, or an e-mail, bug bounty or form contact is named; failed when it is off and no contact is named",
        judge: vm_03_01,
    },
    Control {
        id: "OSPS-VM-04.01",
        level: 2,
        title: "Vulnerability data published",
        facts: &[(SP, "advisories_published")],
        rule: "passed when security advisories are published; needs_review when none is (the project may publish elsewhere)",
        judge: vm_04_01,
    },
    // ------------------------------------------------------------------ Level 3
    Control {
        id: "OSPS-QA-02.02",
        level: 3,
        title: "SBOM delivered with compiled releases",
        facts: &[
            (SB, "in_release_assets"),
            (SB, "generated_by_pipeline"),
            (RI, "releases_examined"),
            (SC, "tags"),
        ],
        rule: "not_applicable when there are no releases; passed when releases carry an SBOM or the release pipeline generates one; failed when neither",
        judge: qa_02_02,
    },
    Control {
        id: "OSPS-QA-07.01",
        level: 3,
        title: "Non-author approval required before merge",
        facts: &[(BP, "protected"), (BP, "required_approvals")],
        rule: "passed when the branch requires at least one approval; failed when it is unprotected or requires none",
        judge: qa_07_01,
    },
    Control {
        id: "OSPS-VM-05.03",
        level: 3,
        title: "Changes checked for vulnerable dependencies",
        facts: &[(CI, "vulnerability_scanning")],
        rule: "needs_review: which scanner runs in CI is cited, whether its findings block changes under a policy (or an unrecognised scanner runs) a person must check",
        judge: |c| {
            ci_scanner(
                c,
                "vulnerability_scanning",
                "dependency vulnerability scanner",
            )
        },
    },
    Control {
        id: "OSPS-VM-06.02",
        level: 3,
        title: "Changes checked for security weaknesses (SAST)",
        facts: &[(CI, "sast")],
        rule: "needs_review: which SAST tool runs in CI is cited, whether its findings block changes under a policy (or an unrecognised tool runs) a person must check",
        judge: |c| ci_scanner(c, "sast", "SAST tool"),
    },
];

// ---------------------------------------------------------------- judging

/// The report as the rules see it.
pub struct Ctx<'a> {
    report: &'a Report,
}

macro_rules! facts_of {
    ($name:ident, $variant:ident, $ty:ty) => {
        fn $name(&self) -> Option<&'a $ty> {
            self.report.probes.iter().find_map(|p| match &p.facts {
                ProbeFacts::$variant(f) => Some(f),
                _ => None,
            })
        }
    };
}

impl<'a> Ctx<'a> {
    fn result(&self, id: ProbeId) -> Option<&'a ProbeResult> {
        self.report.probe(id)
    }
    facts_of!(bp, BranchProtection, BranchProtectionFacts);
    facts_of!(sp, SecurityPolicy, SecurityPolicyFacts);
    facts_of!(ci, CiChecks, CiChecksFacts);
    facts_of!(sc, SignedCommits, SignedCommitsFacts);
    facts_of!(ri, ReleaseIntegrity, ReleaseIntegrityFacts);
    facts_of!(sbom, Sbom, SbomFacts);

    fn branch(&self) -> String {
        self.bp()
            .and_then(|b| b.branch.clone())
            .or_else(|| self.report.repository.default_branch.clone())
            .unwrap_or_else(|| "the primary branch".into())
    }

    /// Unknown: `what` of probe `id` was not observed, with the probe's reason.
    fn missing(&self, id: ProbeId, what: &str) -> Judgement {
        let Some(r) = self.result(id) else {
            return Judgement::unknown(
                Reason::NotCollected,
                format!("Not observed: {what}, because the {id} probe did not run in this scan."),
            );
        };
        // A probe that judged other facts has no reason of its own: an API-only fact of an
        // offline scan is unknown because the scan ran offline.
        let fallback = if self.report.mode.offline {
            Reason::Offline
        } else {
            Reason::NotCollected
        };
        let mut reason = r.reason.unwrap_or(fallback);
        if id == BP
            && r.reason.is_none()
            && self.bp().and_then(|b| b.classic_readable) == Some(false)
        {
            reason = Reason::Permission;
        }
        Judgement::unknown(
            reason,
            format!("Not observed: {what}, because {}.", reason.describe()),
        )
    }

    /// Whether the project has made a release, as the evidence shows.
    fn released(&self) -> Released {
        let releases = self.ri().and_then(|f| f.releases_examined);
        let tags = self.sc().and_then(|f| f.tags.as_ref()).map(|t| t.total);
        match (releases, tags) {
            (Some(n), _) if n > 0 => Released::Yes,
            (_, Some(t)) if t > 0 => Released::Yes,
            (Some(0) | None, Some(0)) => Released::No,
            _ => Released::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Released {
    Yes,
    No,
    Unknown,
}

/// A rule's outcome before its citations are gathered.
pub struct Judgement {
    verdict: Verdict,
    /// The facts it rests on: their citations are gathered.
    facts: Vec<(ProbeId, &'static str)>,
    reason: Option<Reason>,
    explanation: String,
}

impl Judgement {
    fn new(verdict: Verdict, facts: &[(ProbeId, &'static str)], explanation: String) -> Self {
        Judgement {
            verdict,
            facts: facts.to_vec(),
            reason: None,
            explanation,
        }
    }
    fn unknown(reason: Reason, explanation: String) -> Self {
        Judgement {
            verdict: Verdict::Unknown,
            facts: Vec::new(),
            reason: Some(reason),
            explanation,
        }
    }
}

fn pass(facts: &[(ProbeId, &'static str)], explanation: String) -> Judgement {
    Judgement::new(Verdict::Passed, facts, explanation)
}
fn fail(facts: &[(ProbeId, &'static str)], explanation: String) -> Judgement {
    Judgement::new(Verdict::Failed, facts, explanation)
}
fn review(facts: &[(ProbeId, &'static str)], explanation: String) -> Judgement {
    Judgement::new(Verdict::NeedsReview, facts, explanation)
}
fn review_admin(explanation: &str) -> Judgement {
    review(&[], explanation.to_string())
}
fn review_person(explanation: &str) -> Judgement {
    review(&[], explanation.to_string())
}
fn not_collected(explanation: &str) -> Judgement {
    Judgement::unknown(Reason::NotCollected, explanation.to_string())
}

fn no_releases() -> Judgement {
    Judgement::new(
        Verdict::NotApplicable,
        RELEASES,
        "No releases: the repository has no tags and no GitHub release.".into(),
    )
}

/// The release-conditional verdict: `not_applicable` when the evidence shows no release,
/// else `otherwise`.
fn released_or(c: &Ctx, otherwise: Judgement) -> Judgement {
    if c.released() == Released::No {
        no_releases()
    } else {
        otherwise
    }
}

fn released_review(c: &Ctx, what: &str) -> Judgement {
    released_or(c, review_person(what))
}

fn list(items: &[String], max: usize) -> String {
    let mut s: Vec<String> = items.iter().take(max).map(|i| format!("`{i}`")).collect();
    if items.len() > max {
        s.push(format!("{} more", items.len() - max));
    }
    s.join(", ")
}

fn ac_03_01(c: &Ctx) -> Judgement {
    let branch = c.branch();
    let Some(bp) = c.bp() else {
        return c.missing(BP, "the protection of the primary branch");
    };
    match (bp.protected, bp.pull_request_required) {
        (_, Some(true)) => {
            let admins = if bp.enforce_admins == Some(false) {
                " (administrators are exempt)"
            } else {
                ""
            };
            pass(
                &[(BP, "pull_request_required")],
                format!("Changes to {branch} must come through a pull request{admins}."),
            )
        }
        (Some(false), _) => fail(
            &[(BP, "protected")],
            format!("{branch} is not protected: nothing prevents a direct commit."),
        ),
        (_, Some(false)) => fail(
            &[(BP, "pull_request_required")],
            format!("{branch} is protected, but changes need not come through a pull request."),
        ),
        _ => c.missing(BP, "whether changes must come through a pull request"),
    }
}

fn ac_03_02(c: &Ctx) -> Judgement {
    let branch = c.branch();
    let Some(bp) = c.bp() else {
        return c.missing(BP, "the protection of the primary branch");
    };
    match (bp.protected, bp.deletion_blocked) {
        (_, Some(true)) => pass(
            &[(BP, "deletion_blocked")],
            format!("A protection rule blocks the deletion of {branch}."),
        ),
        (Some(false), _) => fail(
            &[(BP, "protected")],
            format!(
                "{branch} is not protected: no rule blocks its deletion (GitHub's refusal to delete a default branch is not counted)."
            ),
        ),
        (_, Some(false)) => fail(
            &[(BP, "deletion_blocked")],
            format!(
                "No protection rule blocks the deletion of {branch} (GitHub's refusal to delete a default branch is not counted)."
            ),
        ),
        _ => c.missing(BP, "whether deletion of the primary branch is blocked"),
    }
}

fn zizmor(c: &Ctx, audit: &str) -> Judgement {
    match c.ci().and_then(|f| f.sast.as_ref()) {
        Some(tools) if tools.iter().any(|t| t == "zizmor") => review(
            &[(CI, "sast")],
            format!(
                "zizmor, which flags {audit}, runs in CI; whether its findings are fixed, a person must check."
            ),
        ),
        _ => not_collected(
            "tssa-probe does not analyse how workflows use untrusted input, and no workflow auditor (zizmor) was seen in CI.",
        ),
    }
}

/// The probe looked for contacts and found none: a policy was read and names none, or no
/// policy exists (then the probe read the security sections of CONTRIBUTING and README,
/// and found none there either).
fn no_contact(sp: &SecurityPolicyFacts) -> bool {
    let none = |v: &Option<Vec<String>>| v.as_ref().is_none_or(|v| v.is_empty());
    let looked = match sp.source {
        PolicySource::Repository | PolicySource::OrgDotGithub => sp.contact.is_some(),
        PolicySource::None => true,
        PolicySource::Unknown => false,
    };
    looked && none(&sp.contact) && none(&sp.security_contacts)
}

fn vm_02_01(c: &Ctx) -> Judgement {
    let Some(sp) = c.sp() else {
        return c.missing(SP, "the security contacts");
    };
    if let Some(contacts) = sp.contact.as_ref().filter(|v| !v.is_empty()) {
        return pass(
            &[(SP, "contact")],
            format!("Security contacts are documented: {}.", list(contacts, 3)),
        );
    }
    if let Some(handles) = sp.security_contacts.as_ref().filter(|v| !v.is_empty()) {
        return pass(
            &[(SP, "security_contacts")],
            format!("SECURITY_CONTACTS lists {}.", list(handles, 3)),
        );
    }
    if no_contact(sp) {
        return fail(
            &[(SP, "contact"), (SP, "locations"), (SP, "source")],
            "No security contact was found in a security policy, SECURITY-INSIGHTS or the security section of CONTRIBUTING or README.".into(),
        );
    }
    c.missing(SP, "the security contacts")
}

fn br_06_01(c: &Ctx) -> Judgement {
    if c.released() == Released::No {
        return no_releases();
    }
    let Some(ri) = c.ri() else {
        return c.missing(RI, "release signatures");
    };
    if ri.pipeline.as_ref().is_some_and(|p| p.signatures) {
        return pass(
            &[(RI, "pipeline.signatures")],
            "The release pipeline signs what it publishes.".into(),
        );
    }
    if let (Some(n), Some(s)) = (ri.releases_examined, ri.with_signatures)
        && n > 0
    {
        return if s >= n {
            pass(
                &[(RI, "releases_examined"), (RI, "with_signatures")],
                format!("Every release examined ({n}) has a signature asset."),
            )
        } else {
            fail(
                &[(RI, "releases_examined"), (RI, "with_signatures")],
                format!(
                    "{} of {n} releases examined have no signature asset, and no signing step was found in the release pipeline.",
                    n - s
                ),
            )
        };
    }
    c.missing(RI, "release signatures")
}

fn le_01_01(c: &Ctx) -> Judgement {
    let Some(sc) = c.sc() else {
        return c.missing(SC, "sign-offs of commits");
    };
    match (sc.commits_examined, sc.dco_signed_off) {
        (Some(n), Some(d)) if n > 0 && d >= n => pass(
            &[(SC, "commits_examined"), (SC, "dco_signed_off")],
            format!("Every commit examined ({n}) has a Signed-off-by trailer (DCO)."),
        ),
        (Some(n), Some(d)) if n > 0 => review(
            &[(SC, "commits_examined"), (SC, "dco_signed_off")],
            format!(
                "{d} of {n} commits examined have a Signed-off-by trailer; a CLA, if the project uses one, is not visible in commits: a person must check."
            ),
        ),
        _ => c.missing(SC, "sign-offs of commits"),
    }
}

fn qa_03_01(c: &Ctx) -> Judgement {
    let branch = c.branch();
    let Some(bp) = c.bp() else {
        return c.missing(BP, "the required status checks");
    };
    match (bp.protected, bp.required_status_checks.as_ref()) {
        (_, Some(checks)) if !checks.is_empty() => pass(
            &[(BP, "required_status_checks")],
            format!(
                "Changes to {branch} must pass the checks {}.",
                list(checks, 4)
            ),
        ),
        (Some(false), _) => fail(
            &[(BP, "protected")],
            format!("{branch} is not protected: no status check is required."),
        ),
        (_, Some(_)) => fail(
            &[(BP, "required_status_checks")],
            format!("{branch} requires no status check to pass."),
        ),
        _ => c.missing(BP, "the required status checks"),
    }
}

fn qa_06_01(c: &Ctx) -> Judgement {
    let Some(ci) = c.ci() else {
        return c.missing(CI, "the CI configuration");
    };
    match (ci.runs_tests, ci.pull_request_triggered) {
        (Some(true), Some(true)) => pass(
            &[(CI, "runs_tests"), (CI, "pull_request_triggered")],
            "CI runs tests and runs on pull requests.".into(),
        ),
        (Some(false), _) => fail(
            &[(CI, "runs_tests")],
            "No CI configuration runs a test suite.".into(),
        ),
        (_, Some(false)) => fail(
            &[(CI, "pull_request_triggered")],
            "CI never runs on pull requests: tests do not run before changes are accepted.".into(),
        ),
        _ => c.missing(CI, "whether CI runs tests on pull requests"),
    }
}

fn vm_01_01(c: &Ctx) -> Judgement {
    let Some(sp) = c.sp() else {
        return c.missing(SP, "the security policy");
    };
    if let Some(locs) = sp.locations.as_ref().filter(|v| !v.is_empty()) {
        return review(
            &[(SP, "locations")],
            format!(
                "A security policy stands at {}; whether it sets a timeframe for responses, a person must check.",
                list(locs, 2)
            ),
        );
    }
    if sp.source == PolicySource::None {
        return fail(
            &[(SP, "locations"), (SP, "source")],
            "No security policy was found in the repository or the organization's .github repository.".into(),
        );
    }
    c.missing(SP, "the security policy")
}

fn vm_03_01(c: &Ctx) -> Judgement {
    let Some(sp) = c.sp() else {
        return c.missing(SP, "the means of private reporting");
    };
    if sp.private_vulnerability_reporting == Some(true) {
        return pass(
            &[(SP, "private_vulnerability_reporting")],
            "GitHub private vulnerability reporting is enabled.".into(),
        );
    }
    let details = sp.contact_details.as_deref().unwrap_or(&[]);
    let private: Vec<String> = details
        .iter()
        .filter(|d| {
            matches!(
                d.kind,
                ContactKind::Email
                    | ContactKind::PrivateVulnerabilityReporting
                    | ContactKind::BugBounty
                    | ContactKind::Form
            )
        })
        .map(|d| d.value.clone())
        .collect();
    if !private.is_empty() {
        return pass(
            &[(SP, "contact_details")],
            format!(
                "Vulnerabilities can be reported privately to {}.",
                list(&private, 3)
            ),
        );
    }
    if details.iter().any(|d| d.kind == ContactKind::MailingList) {
        return review(
            &[(SP, "contact_details")],
            "Only a mailing list is named for reports; whether it is private, a person must check."
                .into(),
        );
    }
    if sp.private_vulnerability_reporting == Some(false) && no_contact(sp) {
        return fail(
            &[(SP, "private_vulnerability_reporting"), (SP, "contact")],
            "Private vulnerability reporting is off and no security contact is named.".into(),
        );
    }
    c.missing(SP, "the means of private reporting")
}

fn vm_04_01(c: &Ctx) -> Judgement {
    let Some(sp) = c.sp() else {
        return c.missing(SP, "published advisories");
    };
    match sp.advisories_published {
        Some(n) if n > 0 => pass(
            &[(SP, "advisories_published")],
            format!("The repository publishes {n} security advisories."),
        ),
        Some(_) => review(
            &[(SP, "advisories_published")],
            "No GitHub security advisory is published; whether the project publishes vulnerability data elsewhere, or has had none, a person must check.".into(),
        ),
        None => c.missing(SP, "published advisories"),
    }
}

fn qa_02_02(c: &Ctx) -> Judgement {
    if c.released() == Released::No {
        return no_releases();
    }
    let Some(sb) = c.sbom() else {
        return c.missing(SB, "the SBOMs of releases");
    };
    if let Some(assets) = sb.in_release_assets.as_ref().filter(|v| !v.is_empty()) {
        return pass(
            &[(SB, "in_release_assets")],
            format!("Releases carry SBOMs: {}.", list(assets, 3)),
        );
    }
    if let Some(tools) = sb.generated_by_pipeline.as_ref().filter(|v| !v.is_empty()) {
        let names: Vec<String> = tools.iter().map(|t| t.tool.clone()).collect();
        return pass(
            &[(SB, "generated_by_pipeline")],
            format!(
                "The release pipeline generates an SBOM with {}.",
                list(&names, 3)
            ),
        );
    }
    if sb.in_release_assets.as_ref().is_some_and(|v| v.is_empty())
        && sb
            .generated_by_pipeline
            .as_ref()
            .is_some_and(|v| v.is_empty())
    {
        return fail(
            &[(SB, "in_release_assets"), (SB, "generated_by_pipeline")],
            "No release carries an SBOM and the release pipeline generates none.".into(),
        );
    }
    c.missing(SB, "the SBOMs of releases")
}

fn qa_07_01(c: &Ctx) -> Judgement {
    let branch = c.branch();
    let Some(bp) = c.bp() else {
        return c.missing(BP, "the required approvals");
    };
    match (bp.protected, bp.required_approvals) {
        (_, Some(n)) if n > 0 => pass(
            &[(BP, "required_approvals")],
            format!(
                "Merges into {branch} require {n} approving review(s) by someone other than the author."
            ),
        ),
        (Some(false), _) => fail(
            &[(BP, "protected")],
            format!("{branch} is not protected: no approval is required."),
        ),
        (_, Some(_)) => fail(
            &[(BP, "required_approvals")],
            format!("{branch} requires no approving review."),
        ),
        _ => c.missing(BP, "the required approvals"),
    }
}

fn ci_scanner(c: &Ctx, fact: &'static str, what: &str) -> Judgement {
    let Some(ci) = c.ci() else {
        return c.missing(CI, "the CI configuration");
    };
    let tools = if fact == "sast" {
        ci.sast.as_ref()
    } else {
        ci.vulnerability_scanning.as_ref()
    };
    match tools {
        Some(t) if !t.is_empty() => review(
            &[(CI, fact)],
            format!(
                "CI runs {}; whether its findings block changes under a documented policy, a person must check.",
                list(t, 3)
            ),
        ),
        // tssa-probe recognises a finite list of tools: none recognised is not evidence that
        // none runs (GitHub's dependency review, an unlisted scanner).
        Some(_) => review(
            &[(CI, fact)],
            format!(
                "No {what} that tssa-probe recognises runs in CI; whether another evaluates every change, a person must check."
            ),
        ),
        None => c.missing(CI, &format!("whether a {what} runs in CI")),
    }
}

// ---------------------------------------------------------------- evaluation

/// Whether citation label `s` backs fact `fact` (the fact itself, or a part of it such as
/// `pipeline.signatures` of `pipeline`, `workflows[path]` of `workflows`).
fn backs(s: &str, fact: &str) -> bool {
    s == fact
        || s.strip_prefix(fact)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn cite(report: &Report, facts: &[(ProbeId, &'static str)]) -> Vec<CitationRef> {
    let mut out: Vec<CitationRef> = Vec::new();
    for (probe, fact) in facts {
        let Some(r) = report.probe(*probe) else {
            continue;
        };
        for (index, c) in r.citations.iter().enumerate() {
            if c.supports.iter().any(|s| backs(s, fact)) {
                let cr = CitationRef {
                    probe: *probe,
                    index,
                };
                if !out.contains(&cr) {
                    out.push(cr);
                }
            }
        }
    }
    out.sort();
    out
}

/// Whether every fact a judgement names is observed (non-null) in the report.
fn observed(report: &Report, probe: ProbeId, fact: &str) -> bool {
    let Some(r) = report.probe(probe) else {
        return false;
    };
    let obj = r.facts.to_json_object();
    let mut parts = fact.split('.');
    let Some(first) = parts.next() else {
        return false;
    };
    let mut v = obj.get(first);
    for p in parts {
        v = v.and_then(|x| x.get(p));
    }
    v.is_some_and(|x| !x.is_null())
}

/// Judges one control of the table.
pub fn judge(control: &Control, report: &Report) -> ControlVerdict {
    let ctx = Ctx { report };
    let j = (control.judge)(&ctx);
    // Only the facts that were observed are named and cited.
    let facts: Vec<(ProbeId, &'static str)> = j
        .facts
        .iter()
        .copied()
        .filter(|(p, f)| observed(report, *p, f))
        .collect();
    let citations = cite(report, &facts);
    let mut v = ControlVerdict {
        id: control.id.to_string(),
        level: control.level,
        title: control.title.to_string(),
        verdict: j.verdict,
        facts: facts.iter().map(|(p, f)| format!("{p}.{f}")).collect(),
        citations,
        reason: j.reason,
        explanation: j.explanation,
    };
    // A passed or failed verdict rests on cited facts, or it is not given.
    if matches!(v.verdict, Verdict::Passed | Verdict::Failed) && v.citations.is_empty() {
        v.explanation = format!(
            "{} No citation in this report shows it, so no verdict is given.",
            v.explanation
        );
        v.verdict = Verdict::Unknown;
        v.reason = Some(Reason::NotCollected);
    }
    v
}

/// The OSPS Baseline verdicts of a report.
pub fn evaluate(report: &Report) -> OspsBaseline {
    let controls: Vec<ControlVerdict> = CONTROLS.iter().map(|c| judge(c, report)).collect();
    let levels = (1..=3u8)
        .map(|level| {
            let mut n = LevelCounts {
                level,
                ..Default::default()
            };
            for c in controls.iter().filter(|c| c.level == level) {
                match c.verdict {
                    Verdict::Passed => n.passed += 1,
                    Verdict::Failed => n.failed += 1,
                    Verdict::NeedsReview => n.needs_review += 1,
                    Verdict::NotApplicable => n.not_applicable += 1,
                    Verdict::Unknown => n.unknown += 1,
                }
            }
            n
        })
        .collect();
    OspsBaseline {
        version: OSPS_VERSION.to_string(),
        levels,
        controls,
        not_evaluated: NOT_EVALUATED.iter().map(|s| s.to_string()).collect(),
    }
}

/// The report's verdicts: those it carries, else evaluated now.
pub fn of(report: &Report) -> std::borrow::Cow<'_, OspsBaseline> {
    match &report.osps_baseline {
        Some(b) => std::borrow::Cow::Borrowed(b),
        None => std::borrow::Cow::Owned(evaluate(report)),
    }
}

// ---------------------------------------------------------------- text

/// Where a citation points, for people: its URL, else `path:first-last @ commit`.
pub fn citation_place(c: &crate::model::Citation) -> String {
    if let Some(u) = &c.url {
        return u.clone();
    }
    let mut s = c.path.clone().unwrap_or_default();
    if let Some([a, b]) = c.lines {
        s.push_str(&if a == b {
            format!(":{a}")
        } else {
            format!(":{a}-{b}")
        });
    }
    if let Some(sha) = &c.commit {
        let short: String = sha.chars().take(12).collect();
        if s.is_empty() {
            s = format!("commit {short}");
        } else {
            s.push_str(&format!(" @ {short}"));
        }
    }
    s
}

/// `--format osps`: the verdicts as a table for people, with numbered citations. Text from
/// the report (explanations quote contacts, branches and check names) is escaped.
pub fn render_table(report: &Report, color: bool) -> String {
    use crate::render::terminal::escape;
    use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

    let base = of(report);
    let repo = &report.repository;
    let name = repo
        .url
        .clone()
        .or_else(|| repo.local_path.clone())
        .unwrap_or_else(|| repo.input.clone());
    let mut out = format!("OSPS Baseline {} for {}", base.version, escape(&name));
    if let Some(sha) = &repo.head_commit {
        let short: String = sha.chars().take(12).collect();
        out.push_str(&format!(" @ {}", escape(&short)));
    }
    out.push('\n');
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(vec!["Control", "L", "Verdict", "Why"]);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let mut notes: Vec<String> = Vec::new();
    for v in &base.controls {
        let mut verdict = v.verdict.as_str().to_string();
        if let Some(r) = v.reason {
            verdict.push_str(&format!(" ({})", r.as_str()));
        }
        let mut cell = Cell::new(verdict);
        if color {
            cell = cell.fg(match v.verdict {
                Verdict::Passed => Color::Green,
                Verdict::Failed => Color::Red,
                Verdict::NeedsReview => Color::Yellow,
                Verdict::NotApplicable => Color::Grey,
                Verdict::Unknown => Color::DarkGrey,
            });
        }
        let mut why = escape(&v.explanation).into_owned();
        for c in &v.citations {
            let Some(cit) = report.probe(c.probe).and_then(|p| p.citations.get(c.index)) else {
                continue;
            };
            let note = format!("{} ({})", escape(&citation_place(cit)), c.probe);
            let n = match notes.iter().position(|x| *x == note) {
                Some(i) => i + 1,
                None => {
                    notes.push(note);
                    notes.len()
                }
            };
            why.push_str(&format!(" [{n}]"));
        }
        t.add_row(vec![
            Cell::new(format!("{}\n{}", v.id, v.title)),
            Cell::new(v.level),
            cell,
            Cell::new(why),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    for l in &base.levels {
        out.push_str(&format!(
            "Level {}: {} passed, {} failed, {} needs review, {} not applicable, {} unknown\n",
            l.level, l.passed, l.failed, l.needs_review, l.not_applicable, l.unknown
        ));
    }
    if !base.not_evaluated.is_empty() {
        out.push_str(&format!(
            "Level 3 not evaluated (no evidence collected): {}\n",
            base.not_evaluated.join(", ")
        ));
    }
    if report.mode.offline {
        out.push_str("Offline: verdicts that rest on API-only facts are unknown, not failed.\n");
    }
    out.push('\n');
    // Escaped line by line: the block's own line breaks stay line breaks.
    for line in super::proposals::render(report).lines() {
        out.push_str(&escape(line));
        out.push('\n');
    }
    if !notes.is_empty() {
        out.push_str("\nCitations:\n");
        for (i, n) in notes.iter().enumerate() {
            out.push_str(&format!("[{}] {n}\n", i + 1));
        }
    }
    out
}

/// `tssa-probe osps-controls`: which controls are evaluated from which facts, by what
/// rule, generated from [`CONTROLS`].
pub fn controls_reference(markdown: bool) -> String {
    let facts = |c: &Control| {
        if c.facts.is_empty() {
            "none".to_string()
        } else {
            c.facts
                .iter()
                .map(|(p, f)| format!("{p}.{f}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut out = String::new();
    if markdown {
        out.push_str(&format!(
            "OSPS Baseline {OSPS_VERSION}: {} controls evaluated.\n\n| Control | Level | Requirement | Facts | Rule |\n|---|---|---|---|---|\n",
            CONTROLS.len()
        ));
        for c in CONTROLS {
            let cell = |s: &str| s.replace('|', "\\|");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                c.id,
                c.level,
                cell(c.title),
                cell(&facts(c)),
                cell(c.rule)
            ));
        }
        out.push_str(&format!(
            "\nLevel 3 controls not evaluated (no probe observes them): {}.\n",
            NOT_EVALUATED.join(", ")
        ));
    } else {
        out.push_str(&format!(
            "OSPS Baseline {OSPS_VERSION}: {} controls evaluated\n\n",
            CONTROLS.len()
        ));
        for c in CONTROLS {
            out.push_str(&format!(
                "{}  (level {})  {}\n    facts: {}\n    rule: {}\n",
                c.id,
                c.level,
                c.title,
                facts(c),
                c.rule
            ));
        }
        out.push_str(&format!(
            "\nLevel 3 controls not evaluated (no probe observes them):\n    {}\n",
            NOT_EVALUATED.join(", ")
        ));
    }
    out
}
