//! OpenSSF Best Practices badge evidence: ids linked from the README and what the badge
//! site says about them.

use std::collections::BTreeMap;

use super::{FileSnapshot, Observed, Unavailable};

/// A badge link found in a README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadmeBadge {
    pub project_id: u64,
    pub path: String,
    pub line: u32,
    pub excerpt: String,
}

/// A project as the badge site describes it (`/projects/{id}.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgeProject {
    pub id: u64,
    /// The JSON URL that was read.
    pub json_url: String,
    /// The project's page on the badge site.
    pub html_url: String,
    pub name: Option<String>,
    pub repo_url: Option<String>,
    pub homepage_url: Option<String>,
    /// `in_progress`, `passing`, `silver`, `gold`.
    pub badge_level: Option<String>,
    pub tiered_percentage: Option<u32>,
    pub baseline_level: Option<String>,
    /// Criterion name → (status, justification).
    pub criteria: BTreeMap<String, (String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct BadgeEvidence {
    pub readme: Vec<ReadmeBadge>,
    /// Ids found by `GET /projects.json?url=...`; `Ok(vec![])` means the site knows none.
    pub lookup: Observed<Vec<u64>>,
    /// The URL used for the lookup.
    pub lookup_url: Option<String>,
    /// The project read from the site (README id first, else the lookup's).
    pub project: Observed<BadgeProject>,
    /// The README id was answered 404 by the site.
    pub readme_id_unknown: bool,
    pub base_url: String,
    pub requests: u64,
}

impl BadgeEvidence {
    pub fn unavailable(why: Unavailable) -> Self {
        BadgeEvidence {
            readme: Vec::new(),
            lookup: Err(why.clone()),
            lookup_url: None,
            project: Err(why),
            readme_id_unknown: false,
            base_url: crate::evidence::badge::DEFAULT_BASE_URL.to_string(),
            requests: 0,
        }
    }
}

pub const DEFAULT_BASE_URL: &str = "https://www.bestpractices.dev";

/// Badge links in the README(s) at the root of the tree: `bestpractices.dev/projects/N`
/// and the old `bestpractices.coreinfrastructure.org` host, with or without a locale prefix.
pub fn readme_badges(files: &FileSnapshot) -> Vec<ReadmeBadge> {
    let re = match regex::Regex::new(
        r"(?i)(?:www\.)?bestpractices\.(?:dev|coreinfrastructure\.org)/(?:[a-z]{2}(?:-[a-z]{2,4})?/)?projects/([0-9]{1,9})",
    ) {
        Ok(re) => re,
        Err(_) => return Vec::new(),
    };
    let mut out: Vec<ReadmeBadge> = Vec::new();
    for path in files.find(|p| !p.contains('/') && p.starts_with("readme")) {
        let Some((_, content)) = files.text(path) else {
            continue;
        };
        for (i, line) in content.text.lines().enumerate() {
            for cap in re.captures_iter(line) {
                let Some(id) = cap.get(1).and_then(|m| m.as_str().parse::<u64>().ok()) else {
                    continue;
                };
                if out.iter().any(|b| b.project_id == id) {
                    continue;
                }
                out.push(ReadmeBadge {
                    project_id: id,
                    path: path.to_string(),
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    excerpt: line.chars().take(200).collect(),
                });
            }
        }
    }
    out
}

// ------------------------------------------------------------------ collector (stub)

/// One client for all scans of a batch: at most one request per second to the badge site.
#[derive(Debug)]
pub struct BadgeClient {
    pub base_url: String,
    pub cache_dir: Option<std::path::PathBuf>,
}

impl BadgeClient {
    pub fn new(
        base_url: &str,
        cache_dir: Option<std::path::PathBuf>,
    ) -> Result<Self, crate::error::Error> {
        Ok(BadgeClient {
            base_url: base_url.trim_end_matches('/').to_string(),
            cache_dir,
        })
    }
}

/// Asks the badge site about the README's badge ids, else looks the repository URL up.
pub async fn collect(
    client: &BadgeClient,
    readme: Vec<ReadmeBadge>,
    repo_url: Option<&str>,
) -> BadgeEvidence {
    let _ = repo_url;
    let mut ev = BadgeEvidence::unavailable(Unavailable::new(
        crate::model::Reason::ApiError,
        "the badge collector is not implemented yet",
    ));
    ev.readme = readme;
    ev.base_url = client.base_url.clone();
    ev
}
