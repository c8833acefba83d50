//! Evidence: what was observed, where, and when. Collectors (git, GitHub, badge site) fill
//! it; probes only read it. Nothing here judges.

pub mod badge;
pub mod changelog;
pub mod ci;
pub mod docs;
pub mod files;
pub mod git;
pub mod github;
pub mod http;
pub mod languages;
pub mod license;
pub mod needs;
pub mod sbom;
pub mod tools;
pub mod validate;
pub mod yaml;

pub use badge::BadgeEvidence;
pub use files::{EntryKind, FileContent, FileEntry, FileSnapshot};
pub use github::GithubEvidence;
pub use needs::{Need, Needs};

use crate::model::{Citation, CitationKind, Reason};

/// Why a piece of evidence is missing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unavailable {
    pub reason: Reason,
    /// One sentence for people (never contains a token).
    pub detail: String,
}

impl Unavailable {
    pub fn new(reason: Reason, detail: impl Into<String>) -> Self {
        Unavailable {
            reason,
            detail: detail.into(),
        }
    }
}

/// Evidence that was either observed or could not be.
pub type Observed<T> = Result<T, Unavailable>;

pub use crate::repo::GithubRepo;

/// Identity of the scanned repository and the commit everything is cited at.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RepoIdentity {
    pub input: String,
    pub local_path: Option<String>,
    pub github: Option<GithubRepo>,
    pub default_branch: Option<String>,
    pub head_commit: Option<String>,
}

impl RepoIdentity {
    /// A citation of a file at the scanned commit: a GitHub permalink when the repository
    /// is on GitHub, else path + commit. `lines` are 1-based and inclusive.
    pub fn cite_file(&self, path: &str, lines: Option<(u32, u32)>, at: &str) -> Citation {
        let mut c = Citation::new(CitationKind::File, at).path(path);
        if let Some(sha) = &self.head_commit {
            c = c.commit(sha.clone());
            if let Some(gh) = &self.github {
                let mut url = format!("{}/blob/{}/{}", gh.html_url(), sha, encode_path(path));
                if let Some((a, b)) = lines {
                    if a == b {
                        url.push_str(&format!("#L{a}"));
                    } else {
                        url.push_str(&format!("#L{a}-L{b}"));
                    }
                }
                c = c.url(url);
            }
        }
        if let Some((a, b)) = lines {
            c = c.lines(a, b);
        }
        c
    }

    /// A citation of a commit (a census starting point, an example commit).
    pub fn cite_commit(&self, sha: &str, at: &str) -> Citation {
        let mut c = Citation::new(CitationKind::Commit, at).commit(sha);
        if let Some(gh) = &self.github {
            c = c.url(format!("{}/commit/{}", gh.html_url(), sha));
        }
        c
    }
}

/// Percent-encodes a repository path for a URL, keeping `/`.
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const SET: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'[')
        .add(b']')
        .add(b'(')
        .add(b')')
        .add(b'\\')
        .add(b'^')
        .add(b'|');
    utf8_percent_encode(path, SET).to_string()
}

/// Signature census of the examined commits (from git objects or the GraphQL API).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryCensus {
    /// The commit the walk started from.
    pub head: String,
    pub commits_examined: u64,
    /// The walk reached every root commit (false for shallow clones and cut walks).
    pub history_complete: bool,
    pub shallow: bool,
    pub signatures: crate::model::SignatureCounts,
    pub web_flow_signed: u64,
    pub developer_signed: u64,
    /// Commits whose committer is web-flow, signed or not.
    pub web_flow_commits: u64,
    pub dco_signed_off: u64,
    /// Merge commits (two parents or more) among the examined ones, when the source shows
    /// parents (git objects); GitHub's merge commits never carry a `Signed-off-by` trailer.
    pub merge_commits: Option<u64>,
    /// Merge commits that carry a `Signed-off-by` trailer all the same (counted in
    /// `dco_signed_off`).
    pub dco_signed_off_merges: u64,
    /// Committer dates (seconds since the epoch) of the oldest and newest commit seen.
    pub oldest_commit_time: Option<i64>,
    pub newest_commit_time: Option<i64>,
    /// A few example commits for citations: (what, sha), e.g. ("developer_signed", "abc…").
    pub examples: Vec<(String, String)>,
    /// GitHub verification verdicts when the commits came from the API.
    pub verification: Option<crate::model::VerificationCounts>,
    /// Where the commits were read: "git" or an API URL.
    pub source_url: Option<String>,
    /// The census stopped at this many bytes of inflated commit objects (its budget), with
    /// commits left to read (`history_complete` is then false).
    #[serde(default)]
    pub stopped_at_budget: Option<u64>,
}

/// Census of tags.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TagCensus {
    pub total: u64,
    pub annotated: u64,
    pub signed: u64,
    /// Annotated tags whose signature is not a well-formed block (not in `signed`).
    pub malformed: u64,
    /// Signed tags by name (at most 20, newest tagger date first) for citations.
    pub signed_names: Vec<String>,
    /// Where the tags were read: "git" or an API URL.
    pub source_url: Option<String>,
    /// Tags in the repository when only the newest `total` were examined (API scans).
    pub in_repository: Option<u64>,
}

/// Everything collected about one repository.
#[derive(Debug)]
pub struct Evidence {
    /// RFC 3339 time the collection started; every citation carries it.
    pub retrieved_at: String,
    pub repo: RepoIdentity,
    pub files: Observed<FileSnapshot>,
    pub history: Observed<HistoryCensus>,
    pub tags: Observed<TagCensus>,
    /// Change logs' last changes and the newest tags, from git (local clones).
    pub freshness: Observed<git::freshness::Freshness>,
    pub github: GithubEvidence,
    pub badge: BadgeEvidence,
    /// The CI model, built once from `files` on first use (see [`Evidence::ci`]).
    pub ci_model: std::sync::OnceLock<ci::CiModel>,
    /// The tools of the catalogue recognised in the CI model and the files, once (see
    /// [`Evidence::tools`]).
    pub tools: std::sync::OnceLock<tools::Recognised>,
    /// The project's documents, read once from `files` (see [`Evidence::docs`]).
    pub docs: std::sync::OnceLock<docs::DocSet>,
}

impl Evidence {
    /// Evidence with nothing observed yet; every part says `reason`.
    pub fn empty(repo: RepoIdentity, retrieved_at: String, reason: Unavailable) -> Self {
        Evidence {
            retrieved_at,
            repo,
            files: Err(reason.clone()),
            history: Err(reason.clone()),
            tags: Err(reason.clone()),
            freshness: Err(reason.clone()),
            github: GithubEvidence::unavailable(reason.clone()),
            badge: BadgeEvidence::unavailable(reason),
            ci_model: std::sync::OnceLock::new(),
            tools: std::sync::OnceLock::new(),
            docs: std::sync::OnceLock::new(),
        }
    }

    /// The project's documents at the scanned commit, read once (`None` when the files
    /// could not be read).
    pub fn docs(&self) -> Option<&docs::DocSet> {
        let files = self.files.as_ref().ok()?;
        Some(self.docs.get_or_init(|| docs::read(files)))
    }

    /// The CI configuration at the scanned commit, parsed once (`None` when the files
    /// could not be read).
    pub fn ci(&self) -> Option<&ci::CiModel> {
        let files = self.files.as_ref().ok()?;
        let own = self
            .repo
            .github
            .as_ref()
            .map(|g| format!("{}/{}", g.owner, g.name));
        Some(
            self.ci_model
                .get_or_init(|| ci::build_of(files, own.as_deref())),
        )
    }

    /// The catalogue's tools recognised at the scanned commit, once (`None` when the files
    /// could not be read).
    pub fn tools(&self) -> Option<&tools::Recognised> {
        let files = self.files.as_ref().ok()?;
        let model = self.ci()?;
        Some(self.tools.get_or_init(|| tools::recognise(files, model)))
    }

    pub fn cite_file(&self, path: &str, lines: Option<(u32, u32)>) -> Citation {
        self.repo.cite_file(path, lines, &self.retrieved_at)
    }

    pub fn cite_commit(&self, sha: &str) -> Citation {
        self.repo.cite_commit(sha, &self.retrieved_at)
    }

    pub fn cite_api(&self, url: &str) -> Citation {
        Citation::new(CitationKind::Api, &self.retrieved_at).url(url)
    }

    pub fn cite_url(&self, url: &str) -> Citation {
        Citation::new(CitationKind::Url, &self.retrieved_at).url(url)
    }
}
