//! The mapping table: control id → facts → rule, in catalog order.

use super::rules::*;
use super::rules_docs::*;
use super::{Control, RELEASES};
use crate::model::ProbeId::{
    BranchProtection as BP, CiChecks as CI, ProjectDocs as PD, ReleaseIntegrity as RI, Sbom as SB,
    SecurityPolicy as SP, SignedCommits as SC,
};

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
        facts: &[(PD, "contributing")],
        rule: "passed when a CONTRIBUTING guide exists (cited); needs_review when none was found (the README may explain it)",
        judge: gv_03_01,
    },
    Control {
        id: "OSPS-LE-02.01",
        level: 1,
        title: "OSI/FSF licence for source code",
        facts: &[(PD, "licenses"), (PD, "license_files")],
        rule: "passed when a root licence text is identified (at least 90% similar to an SPDX licence) as OSI-approved or FSF free; failed when identified as neither; needs_review when the match is of low confidence or no licence text was identified",
        judge: le_02_01,
    },
    Control {
        id: "OSPS-LE-02.02",
        level: 1,
        title: "OSI/FSF licence for released assets",
        facts: &[
            (PD, "license_expression"),
            (RI, "releases_examined"),
            (SC, "tags"),
        ],
        rule: "not_applicable when there are no releases; otherwise needs_review citing the source licence (what binaries and packages carry, a person must check)",
        judge: le_02_02,
    },
    Control {
        id: "OSPS-LE-03.01",
        level: 1,
        title: "Licence in LICENSE or COPYING",
        facts: &[(PD, "license_files")],
        rule: "passed when the root holds a LICENSE/COPYING file or a LICENSE/ directory; failed when the fully listed root holds none",
        judge: le_03_01,
    },
    Control {
        id: "OSPS-LE-03.02",
        level: 1,
        title: "Licence shipped with released assets",
        facts: &[
            (PD, "license_files"),
            (RI, "releases_examined"),
            (SC, "tags"),
        ],
        rule: "not_applicable when there are no releases; passed when releases exist and the root holds a licence file (a tag's source code carries it); failed when the root holds none",
        judge: le_03_02,
    },
    Control {
        id: "OSPS-QA-01.01",
        level: 1,
        title: "Repository publicly readable",
        facts: &[(PD, "public")],
        rule: "passed when the GitHub API says the repository is public; failed when private; unknown offline",
        judge: qa_01_01,
    },
    Control {
        id: "OSPS-QA-01.02",
        level: 1,
        title: "Public record of all changes",
        facts: &[(PD, "public")],
        rule: "passed when the repository is public (its git history records every change, author and date for everyone); failed when private; unknown offline",
        judge: qa_01_02,
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
        facts: &[(PD, "maintainers")],
        rule: "needs_review, citing the MAINTAINERS file when one exists (whom it lists with sensitive access, a person must read)",
        judge: gv_01_01,
    },
    Control {
        id: "OSPS-GV-01.02",
        level: 2,
        title: "Roles and responsibilities described",
        facts: &[(PD, "governance")],
        rule: "needs_review, citing the GOVERNANCE document when one exists",
        judge: gv_01_02,
    },
    Control {
        id: "OSPS-GV-03.02",
        level: 2,
        title: "Contributor guide with requirements",
        facts: &[(PD, "contributing")],
        rule: "needs_review, citing the CONTRIBUTING guide when one exists (its requirements are read by a person)",
        judge: gv_03_02,
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
        facts: &[
            (PD, "security_audits"),
            (PD, "self_assessment"),
            (PD, "threat_model"),
            (RI, "releases_examined"),
            (SC, "tags"),
        ],
        rule: "not_applicable when there are no releases; passed when an audit report, a self-assessment or a threat model is kept in the repository (cited); otherwise needs_review",
        judge: sa_03_01,
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
        id: "OSPS-SA-03.02",
        level: 3,
        title: "Threat model and attack surface analysis (when released)",
        facts: &[
            (PD, "threat_model"),
            (RI, "releases_examined"),
            (SC, "tags"),
        ],
        rule: "not_applicable when there are no releases; passed when a threat model is kept in the repository (cited); otherwise needs_review",
        judge: sa_03_02,
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
