use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a citation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    File,
    Commit,
    Api,
    ReleaseAsset,
    Url,
}

/// Where a fact was observed. File citations are permalinks at the scanned commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    pub kind: CitationKind,
    /// A permalink (file at a commit, commit, API URL, release asset URL); null for a local
    /// repository without a GitHub origin, where `path` + `commit` + `lines` locate it.
    pub url: Option<String>,
    pub path: Option<String>,
    /// First and last line, 1-based, inclusive.
    pub lines: Option<[u32; 2]>,
    pub commit: Option<String>,
    /// At most 200 characters, verbatim from the source.
    pub excerpt: Option<String>,
    /// RFC 3339, UTC.
    pub retrieved_at: String,
    /// Names of the facts (of the citing probe) this citation backs.
    #[serde(default)]
    pub supports: Vec<String>,
}

/// Longest excerpt kept in a citation, in characters.
pub const EXCERPT_MAX_CHARS: usize = 200;

impl Citation {
    pub fn new(kind: CitationKind, retrieved_at: &str) -> Self {
        Citation {
            kind,
            url: None,
            path: None,
            lines: None,
            commit: None,
            excerpt: None,
            retrieved_at: retrieved_at.to_string(),
            supports: Vec::new(),
        }
    }

    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn lines(mut self, first: u32, last: u32) -> Self {
        self.lines = Some([first, last.max(first)]);
        self
    }

    pub fn commit(mut self, sha: impl Into<String>) -> Self {
        self.commit = Some(sha.into());
        self
    }

    /// Sets the excerpt, cut to at most [`EXCERPT_MAX_CHARS`] characters between words
    /// (the cut marked `…`; mid-word only in a word longer than half the cap).
    pub fn excerpt(mut self, text: &str) -> Self {
        self.excerpt = Some(if text.chars().count() <= EXCERPT_MAX_CHARS {
            text.to_string()
        } else {
            crate::model::text::clip(text, EXCERPT_MAX_CHARS - 1).into_owned()
        });
        self
    }

    /// Names the facts this citation backs.
    pub fn supports(mut self, facts: &[&str]) -> Self {
        for f in facts {
            if !self.supports.iter().any(|s| s == f) {
                self.supports.push((*f).to_string());
            }
        }
        self
    }
}

/// The `supports` label that ties a citation to one workflow (or CI file):
/// `workflows[<path>]`. The ci-checks probe writes it; the self-assessment selects by it.
pub fn workflow_label(path: &str) -> String {
    format!("workflows[{path}]")
}
