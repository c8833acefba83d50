//! What a probe needs collected. Each probe declares its [`Needs`]
//! (`Probe::needs` in `src/probes`); a scan collects the union of the selected probes'
//! needs, so `--probe signed-commits` on a remote scan reads no pull requests, no
//! protection, no releases and no badge site.
//!
//! Always collected, whatever the selection: the repository metadata, the commit history
//! (its head is the commit every citation points at) and, for a local clone, the tags and
//! the file listing. What a need adds is file contents (by group of patterns, see
//! [`crate::evidence::files::wanted_for`]), GitHub API reads and the badge site.

/// One thing a probe may need beyond what is always collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    // ---- file contents (groups of [`crate::evidence::files::wanted_for`] patterns)
    /// SECURITY.md and the security pages, CONTRIBUTING and READMEs where the policy may
    /// stand, SECURITY-INSIGHTS, SECURITY_CONTACTS.
    SecurityDocs,
    /// The root README (badge links).
    Readme,
    /// CI configuration and what it runs (workflows, local actions, GoReleaser,
    /// golangci-lint, Makefiles, scripts): the input of the CI model.
    CiConfig,
    /// Dependabot and Renovate configuration.
    DependencyUpdates,
    /// CODEOWNERS, root OWNERS and OWNERS_ALIASES.
    ReviewConfig,
    /// RELEASE* and CHANGELOG* pages near the root.
    ReleaseDocs,
    /// SBOM candidates (sniffed by their first bytes).
    SbomCandidates,
    /// Root licence files and MAINTAINERS files (the project-docs probe).
    ProjectDocs,
    /// The project's prose documents read by the document model (`evidence::docs`).
    Documents,
    // ---- GitHub API reads
    /// Tags through the API (a local clone's tags are always read from git).
    Tags,
    /// Classic branch protection and rulesets.
    BranchProtection,
    /// Merged pull requests with reviews, labels and Prow comments, and direct pushes.
    PullRequests,
    /// Check runs and statuses on the default branch head and on pull request heads.
    Checks,
    /// Releases with their assets.
    Releases,
    /// Private vulnerability reporting and published security advisories.
    SecuritySettings,
    /// The org `.github` repository's security policy.
    OrgPolicy,
    // ---- elsewhere
    /// The OpenSSF Best Practices badge site.
    BadgeSite,
}

impl Need {
    /// Every need (what the full probe set unions to, and more).
    pub const ALL: [Need; 17] = [
        Need::SecurityDocs,
        Need::Readme,
        Need::CiConfig,
        Need::DependencyUpdates,
        Need::ReviewConfig,
        Need::ReleaseDocs,
        Need::SbomCandidates,
        Need::ProjectDocs,
        Need::Documents,
        Need::Tags,
        Need::BranchProtection,
        Need::PullRequests,
        Need::Checks,
        Need::Releases,
        Need::SecuritySettings,
        Need::OrgPolicy,
        Need::BadgeSite,
    ];

    const fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// A set of [`Need`]s.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs(u32);

impl Needs {
    pub const NONE: Needs = Needs(0);
    /// Everything: what collection does when no probe set is given.
    pub const ALL: Needs = Needs::of(&Need::ALL);

    pub const fn of(needs: &[Need]) -> Needs {
        let mut bits = 0;
        let mut i = 0;
        while i < needs.len() {
            bits |= needs[i].bit();
            i += 1;
        }
        Needs(bits)
    }

    /// The set as bits (to pass it to a child process, [`crate::evidence::git::isolate`]).
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The set from [`Needs::bits`]; unknown bits are dropped.
    pub const fn from_bits(bits: u32) -> Needs {
        Needs(bits & Needs::ALL.0)
    }

    pub const fn union(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    pub const fn has(self, need: Need) -> bool {
        self.0 & need.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Need> {
        Need::ALL.into_iter().filter(move |n| self.has(*n))
    }
}

impl std::fmt::Debug for Needs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Needs> for Needs {
    fn from_iter<I: IntoIterator<Item = Needs>>(iter: I) -> Self {
        iter.into_iter().fold(Needs::NONE, Needs::union)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_every_need_and_bits_do_not_collide() {
        for n in Need::ALL {
            assert!(Needs::ALL.has(n), "{n:?}");
            let one = Needs::of(&[n]);
            assert_eq!(one.iter().collect::<Vec<_>>(), vec![n]);
        }
        let two = Needs::of(&[Need::Tags]).union(Needs::of(&[Need::BadgeSite]));
        assert!(two.has(Need::Tags) && two.has(Need::BadgeSite));
        assert!(!two.has(Need::PullRequests));
        assert_eq!(Needs::NONE.iter().count(), 0);
        // ALL lists every variant once, in declaration order.
        for (i, n) in Need::ALL.into_iter().enumerate() {
            assert_eq!(n as usize, i);
        }
        assert_eq!(Need::ALL.len(), Need::BadgeSite as usize + 1);
    }
}
