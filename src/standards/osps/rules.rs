//! The rules of the mapping table: each reads the report's facts and says a verdict, the
//! facts it rests on and why.

use crate::model::ProbeId::{
    BranchProtection as BP, CiChecks as CI, ReleaseIntegrity as RI, Sbom as SB,
    SecurityPolicy as SP, SignedCommits as SC,
};
use crate::model::{
    BranchProtectionFacts, CiChecksFacts, ContactKind, PolicySource, ProbeFacts, ProbeId,
    ProbeResult, ProjectDocsFacts, Reason, ReleaseIntegrityFacts, Report, SbomFacts,
    SecurityPolicyFacts, SignedCommitsFacts,
};

use super::{RELEASES, Verdict};

// ---------------------------------------------------------------- judging

/// The report as the rules see it.
pub struct Ctx<'a> {
    pub(crate) report: &'a Report,
}

macro_rules! facts_of {
    ($name:ident, $variant:ident, $ty:ty) => {
        pub(crate) fn $name(&self) -> Option<&'a $ty> {
            self.report.probes.iter().find_map(|p| match &p.facts {
                ProbeFacts::$variant(f) => Some(f),
                _ => None,
            })
        }
    };
}

impl<'a> Ctx<'a> {
    pub(crate) fn result(&self, id: ProbeId) -> Option<&'a ProbeResult> {
        self.report.probe(id)
    }
    facts_of!(bp, BranchProtection, BranchProtectionFacts);
    facts_of!(sp, SecurityPolicy, SecurityPolicyFacts);
    facts_of!(ci, CiChecks, CiChecksFacts);
    facts_of!(sc, SignedCommits, SignedCommitsFacts);
    facts_of!(ri, ReleaseIntegrity, ReleaseIntegrityFacts);
    facts_of!(sbom, Sbom, SbomFacts);
    facts_of!(pd, ProjectDocs, ProjectDocsFacts);

    pub(crate) fn branch(&self) -> String {
        self.bp()
            .and_then(|b| b.branch.clone())
            .or_else(|| self.report.repository.default_branch.clone())
            .unwrap_or_else(|| "the primary branch".into())
    }

    /// Unknown: `what` of probe `id` was not observed, with the probe's reason.
    pub(crate) fn missing(&self, id: ProbeId, what: &str) -> Judgement {
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
    pub(crate) fn released(&self) -> Released {
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
pub(crate) enum Released {
    Yes,
    No,
    Unknown,
}

/// A rule's outcome before its citations are gathered.
pub struct Judgement {
    pub(crate) verdict: Verdict,
    /// The facts it rests on: their citations are gathered.
    pub(crate) facts: Vec<(ProbeId, &'static str)>,
    pub(crate) reason: Option<Reason>,
    pub(crate) explanation: String,
}

impl Judgement {
    pub(crate) fn new(
        verdict: Verdict,
        facts: &[(ProbeId, &'static str)],
        explanation: String,
    ) -> Self {
        Judgement {
            verdict,
            facts: facts.to_vec(),
            reason: None,
            explanation,
        }
    }
    pub(crate) fn unknown(reason: Reason, explanation: String) -> Self {
        Judgement {
            verdict: Verdict::Unknown,
            facts: Vec::new(),
            reason: Some(reason),
            explanation,
        }
    }
}

pub(crate) fn pass(facts: &[(ProbeId, &'static str)], explanation: String) -> Judgement {
    Judgement::new(Verdict::Passed, facts, explanation)
}
pub(crate) fn fail(facts: &[(ProbeId, &'static str)], explanation: String) -> Judgement {
    Judgement::new(Verdict::Failed, facts, explanation)
}
pub(crate) fn review(facts: &[(ProbeId, &'static str)], explanation: String) -> Judgement {
    Judgement::new(Verdict::NeedsReview, facts, explanation)
}
pub(crate) fn review_admin(explanation: &str) -> Judgement {
    review(&[], explanation.to_string())
}
pub(crate) fn review_person(explanation: &str) -> Judgement {
    review(&[], explanation.to_string())
}
pub(crate) fn not_collected(explanation: &str) -> Judgement {
    Judgement::unknown(Reason::NotCollected, explanation.to_string())
}

pub(crate) fn no_releases() -> Judgement {
    Judgement::new(
        Verdict::NotApplicable,
        RELEASES,
        "No releases: the repository has no tags and no GitHub release.".into(),
    )
}

/// The release-conditional verdict: `not_applicable` when the evidence shows no release,
/// else `otherwise`.
pub(crate) fn released_or(c: &Ctx, otherwise: Judgement) -> Judgement {
    if c.released() == Released::No {
        no_releases()
    } else {
        otherwise
    }
}

pub(crate) fn released_review(c: &Ctx, what: &str) -> Judgement {
    released_or(c, review_person(what))
}

pub(crate) fn list(items: &[String], max: usize) -> String {
    let mut s: Vec<String> = items.iter().take(max).map(|i| format!("`{i}`")).collect();
    if items.len() > max {
        s.push(format!("{} more", items.len() - max));
    }
    s.join(", ")
}

pub(crate) fn ac_03_01(c: &Ctx) -> Judgement {
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

pub(crate) fn ac_03_02(c: &Ctx) -> Judgement {
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

pub(crate) fn zizmor(c: &Ctx, audit: &str) -> Judgement {
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
pub(crate) fn no_contact(sp: &SecurityPolicyFacts) -> bool {
    let none = |v: &Option<Vec<String>>| v.as_ref().is_none_or(|v| v.is_empty());
    let looked = match sp.source {
        PolicySource::Repository | PolicySource::OrgDotGithub => sp.contact.is_some(),
        PolicySource::None => true,
        PolicySource::Unknown => false,
    };
    looked && none(&sp.contact) && none(&sp.security_contacts)
}

pub(crate) fn vm_02_01(c: &Ctx) -> Judgement {
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

pub(crate) fn br_06_01(c: &Ctx) -> Judgement {
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

pub(crate) fn le_01_01(c: &Ctx) -> Judgement {
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

pub(crate) fn qa_03_01(c: &Ctx) -> Judgement {
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

pub(crate) fn qa_06_01(c: &Ctx) -> Judgement {
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

pub(crate) fn vm_01_01(c: &Ctx) -> Judgement {
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

pub(crate) fn vm_03_01(c: &Ctx) -> Judgement {
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

pub(crate) fn vm_04_01(c: &Ctx) -> Judgement {
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

pub(crate) fn qa_02_02(c: &Ctx) -> Judgement {
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

pub(crate) fn qa_07_01(c: &Ctx) -> Judgement {
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

pub(crate) fn ci_scanner(c: &Ctx, fact: &'static str, what: &str) -> Judgement {
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
