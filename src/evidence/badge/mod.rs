//! OpenSSF Best Practices badge evidence: ids linked from the README and what the badge
//! site says about them. Collection only; the `best-practices-badge` probe judges.
//!
//! The site's JSON API (documented in the badge repository's `docs/api.md`; field names in
//! tests/fixtures/bestpractices/README.md):
//! - `GET /projects/{id}.json`: the whole project record (flat object; `*_status` values are
//!   `Met`, `Unmet`, `N/A` or `?`; blank `*_justification` keys are omitted; computed
//!   `badge_level`), 404 for an unknown id.
//! - `GET /projects.json?url={url}`: a JSON array of the same objects, matching `repo_url` or
//!   `homepage_url` exactly (after dropping one trailing `/`); `[]` when nothing matches.
//!
//! - `GET /projects.json?ids=1,2,3`: the same array for those ids (at most 20 a page).
//!
//! The site asks for at most one request per second; one [`BadgeClient`] is shared by every
//! scan of a run and spaces all of its requests (redirect hops included) by that interval.
//! Scans of a batch that want project records while a request waits for its slot are
//! answered together: the one holding the slot asks for every waiting id (up to
//! [`MAX_IDS_PER_REQUEST`]) in one `ids=` request. A record read once in a run is not read
//! again (an in-run memo), so a batch of hundreds of repositories costs a few dozen requests.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use super::{FileSnapshot, Observed, Unavailable};
use crate::model::{BadgeSource, Reason};

mod client;
mod project;
mod readme;

pub use client::*;
pub use project::*;
pub use readme::*;

// ------------------------------------------------------------------------------ types

/// A badge link found in a README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadmeBadge {
    pub project_id: u64,
    pub path: String,
    pub line: u32,
    pub excerpt: String,
}

/// A project as the badge site describes it (`/projects/{id}.json`, or one element of the
/// `/projects.json?url=` lookup).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgeProject {
    pub id: u64,
    /// The JSON URL that was read (after redirects).
    pub json_url: String,
    /// The project's page on the badge site.
    pub html_url: String,
    pub name: Option<String>,
    pub repo_url: Option<String>,
    pub homepage_url: Option<String>,
    /// `in_progress`, `passing`, `silver`, `gold` (the site's computed `badge_level`, else
    /// derived from `tiered_percentage`).
    pub badge_level: Option<String>,
    /// <100: % toward passing; 100-199 passing (+% toward silver); 200-299 silver; 300 gold.
    pub tiered_percentage: Option<u32>,
    /// `in_progress`, `baseline-1`, `baseline-2`, `baseline-3`, from
    /// `baseline_tiered_percentage` (absent on records that predate the baseline series).
    pub baseline_level: Option<String>,
    pub baseline_tiered_percentage: Option<u32>,
    /// Criterion name as the JSON spells it (`vulnerability_report_process`,
    /// `OSPS-AC-01.01`) → (status, justification).
    pub criteria: BTreeMap<String, (String, Option<String>)>,
}

/// A README badge id that the site answered 404 for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId {
    pub project_id: u64,
    /// The JSON URL that answered 404.
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct BadgeEvidence {
    pub readme: Vec<ReadmeBadge>,
    /// README ids the site knows, as read (at most [`MAX_README_IDS`] are asked about).
    pub readme_projects: Vec<BadgeProject>,
    /// README ids the site answered 404 for (stale links).
    pub readme_unknown: Vec<UnknownId>,
    /// Projects found by `GET /projects.json?url=...`; `Ok(vec![])` means the site knows
    /// none under any URL form tried. `Err(not_collected)` when no lookup was needed.
    pub lookup: Observed<Vec<BadgeProject>>,
    /// The lookup URL whose answer `lookup` holds (the first non-empty one, else the last).
    pub lookup_url: Option<String>,
    /// Every lookup URL asked, in order.
    pub lookup_urls: Vec<String>,
    /// The project read from the site: a README id whose repo_url is this repository, else
    /// the lookup's best match, else a README id registered for another repository.
    pub project: Observed<BadgeProject>,
    /// Where `project`'s id came from.
    pub source: Option<BadgeSource>,
    /// A README id was answered 404 by the site.
    pub readme_id_unknown: bool,
    /// The scanned repository's URL as given to [`collect`].
    pub repo_url: Option<String>,
    pub base_url: String,
    /// HTTP requests this scan sent to the badge site (redirect hops included). In a batch,
    /// one request may answer several scans: it is counted for the scan that sent it, and
    /// a scan answered by another's request or by the in-run memo counts none.
    pub requests: u64,
    /// Of those, answered `304 Not Modified` from the on-disk cache.
    pub not_modified: u64,
}

impl BadgeEvidence {
    pub fn unavailable(why: Unavailable) -> Self {
        BadgeEvidence {
            readme: Vec::new(),
            readme_projects: Vec::new(),
            readme_unknown: Vec::new(),
            lookup: Err(why.clone()),
            lookup_url: None,
            lookup_urls: Vec::new(),
            project: Err(why),
            source: None,
            readme_id_unknown: false,
            repo_url: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            requests: 0,
            not_modified: 0,
        }
    }

    /// Ids the site reported besides the chosen project (other lookup matches, other README
    /// ids that the site knows).
    pub fn other_project_ids(&self) -> Vec<u64> {
        let chosen = self.project.as_ref().ok().map(|p| p.id);
        let mut out: Vec<u64> = Vec::new();
        let lookup = self.lookup.as_ref().map(|v| v.as_slice()).unwrap_or(&[]);
        for p in self.readme_projects.iter().chain(lookup) {
            if Some(p.id) != chosen && !out.contains(&p.id) {
                out.push(p.id);
            }
        }
        out
    }
}

pub const DEFAULT_BASE_URL: &str = "https://www.bestpractices.dev";
/// README badge ids asked about, at most (one request each).
pub const MAX_README_IDS: usize = 3;
/// Project ids asked for in one `GET /projects.json?ids=` request: the site's page size
/// (pagy's limit), so one page answers them all.
pub const MAX_IDS_PER_REQUEST: usize = 20;
/// Project answers and lookups kept in the in-run memo, at most (a run of the whole CNCF
/// landscape needs a few hundred; past this, records are read again rather than kept).
pub const MAX_MEMO_ENTRIES: usize = 10_000;
/// The site's documented limit: one request per second.
pub const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(1);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body read (a lookup page of full project records stays far below).
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// Redirect hops followed per request.
pub const MAX_REDIRECTS: usize = 5;
/// README excerpt length (a citation keeps at most 200 characters).
const EXCERPT_CHARS: usize = 200;
/// Justifications kept in evidence, in characters.
pub const MAX_JUSTIFICATION_CHARS: usize = 1000;
/// Hosts the badge site has answered from; redirects may go between them.
const BADGE_HOSTS: [&str; 4] = [
    "www.bestpractices.dev",
    "bestpractices.dev",
    "bestpractices.coreinfrastructure.org",
    "www.bestpractices.coreinfrastructure.org",
];

// --------------------------------------------------------------------- collector

/// Asks the badge site about the README's badge ids, else looks the repository URL up.
///
/// 1. Each README id (at most [`MAX_README_IDS`]): `/projects/{id}.json`. The first whose
///    `repo_url` (or `homepage_url`) is this repository is the project; 404s are stale links.
/// 2. Otherwise `/projects.json?url=` with the URL as given, then with `.git`, stopping at
///    the first non-empty answer; the match whose `repo_url` is this
///    repository wins, else one whose `homepage_url` is, else the first.
/// 3. Otherwise a README id the site knows for another repository is reported as such.
///
/// A failing site stops the collection (no further requests); nothing here panics.
pub async fn collect(
    client: &BadgeClient,
    readme: Vec<ReadmeBadge>,
    repo_url: Option<&str>,
) -> BadgeEvidence {
    let mut stats = Stats::default();
    let mut ev = BadgeEvidence::unavailable(Unavailable::new(
        Reason::NotCollected,
        "the badge site lookup by URL was not needed",
    ));
    ev.readme = readme;
    ev.base_url = client.base_url.clone();
    ev.repo_url = repo_url.map(str::to_string);

    let mut failure: Option<Unavailable> = None;
    let ids: Vec<u64> = ev
        .readme
        .iter()
        .map(|b| b.project_id)
        .take(MAX_README_IDS)
        .collect();
    for id in ids {
        match client.project(id, &mut stats).await {
            Ok(ProjectAnswer::Found(p)) => {
                // Accepted unless the site says it belongs to another repository.
                let matches = repo_url.is_none_or(|r| project_matches(&p, r) != Some(false));
                ev.readme_projects.push(p);
                if matches {
                    break;
                }
            }
            Ok(ProjectAnswer::NotFound(u)) => {
                ev.readme_id_unknown = true;
                ev.readme_unknown.push(u);
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let readme_match = ev
        .readme_projects
        .iter()
        .find(|p| repo_url.is_none_or(|r| project_matches(p, r) != Some(false)))
        .cloned();
    if let Some(p) = readme_match {
        ev.project = Ok(p);
        ev.source = Some(BadgeSource::Readme);
        return finish(ev, stats);
    }
    if let Some(e) = failure {
        // Do not keep asking a site that is failing or rate-limiting us.
        ev.lookup = Err(Unavailable::new(
            e.reason,
            format!("not asked after an earlier failure: {}", e.detail),
        ));
        ev.project = match ev.readme_projects.first() {
            Some(p) => {
                ev.source = Some(BadgeSource::Readme);
                Ok(p.clone())
            }
            None => Err(e),
        };
        return finish(ev, stats);
    }

    ev.lookup = match repo_url {
        None => Err(Unavailable::new(
            Reason::NotCollected,
            "the repository has no URL to look up on the badge site",
        )),
        Some(r) => {
            let mut result: Observed<Vec<BadgeProject>> = Ok(Vec::new());
            for variant in lookup_variants(r) {
                let url = lookup_url(&client.base_url, &variant);
                ev.lookup_urls.push(url.clone());
                ev.lookup_url = Some(url.clone());
                match client.lookup_once(&url, &mut stats).await {
                    Ok((read_url, found)) => {
                        if !found.is_empty() {
                            ev.lookup_url = Some(read_url);
                            result = Ok(found);
                            break;
                        }
                    }
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            result
        }
    };
    let best = match (&ev.lookup, repo_url) {
        (Ok(found), Some(r)) => found
            .iter()
            .find(|p| p.repo_url.as_deref().is_some_and(|u| same_repository(u, r)))
            .or_else(|| {
                found.iter().find(|p| {
                    p.homepage_url
                        .as_deref()
                        .is_some_and(|u| same_repository(u, r))
                })
            })
            .or_else(|| found.first())
            .cloned(),
        _ => None,
    };
    ev.project = match (best, ev.readme_projects.first()) {
        (Some(p), _) => {
            ev.source = Some(BadgeSource::ApiLookup);
            Ok(p)
        }
        (None, Some(p)) => {
            ev.source = Some(BadgeSource::Readme);
            Ok(p.clone())
        }
        (None, None) => match &ev.lookup {
            Ok(_) if ev.readme_id_unknown => Err(Unavailable::new(
                Reason::NotFound,
                "the badge site does not know the project id linked from the README, and lists no project for this repository's URL",
            )),
            Ok(_) => Err(Unavailable::new(
                Reason::NotFound,
                "the badge site lists no project for this repository's URL",
            )),
            Err(e) => Err(e.clone()),
        },
    };
    finish(ev, stats)
}

fn finish(mut ev: BadgeEvidence, stats: Stats) -> BadgeEvidence {
    ev.requests = stats.requests;
    ev.not_modified = stats.not_modified;
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_repository_urls() {
        let n = |s: &str| normalize_repo_url(s);
        assert_eq!(
            n("https://github.com/O/N.git/").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(
            n("http://www.github.com/o/n").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(
            n("git@github.com:o/n.git").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(
            n("https://user@github.com:443/o/n#x").as_deref(),
            Some("github.com/o/n")
        );
        assert_eq!(n("not a url"), None);
        assert_eq!(n("https://github.com"), None);
        assert!(same_repository(
            "https://github.com/o/n",
            "https://github.com/o/n.git"
        ));
        assert!(!same_repository(
            "https://github.com/o/n",
            "https://github.com/o/n2"
        ));
        assert!(!same_repository(
            "https://gitlab.com/o/n",
            "https://github.com/o/n"
        ));
    }

    #[test]
    fn lookup_urls_are_encoded_like_the_site_canonical_query() {
        assert_eq!(
            lookup_url(
                "https://www.bestpractices.dev/",
                "https://github.com/o/n.git"
            ),
            "https://www.bestpractices.dev/projects.json?url=https%3A%2F%2Fgithub.com%2Fo%2Fn.git"
        );
        assert_eq!(
            lookup_variants("https://github.com/o/n.git/"),
            vec![
                "https://github.com/o/n".to_string(),
                "https://github.com/o/n.git".to_string(),
            ]
        );
    }

    #[test]
    fn criterion_urls_use_the_section_and_the_internal_name() {
        assert_eq!(
            criterion_url(
                "https://www.bestpractices.dev",
                1,
                "passing",
                "vulnerability_report_process"
            ),
            "https://www.bestpractices.dev/en/projects/1/passing#vulnerability_report_process"
        );
        assert_eq!(
            criterion_url(
                "https://www.bestpractices.dev",
                1,
                "baseline-1",
                "OSPS-AC-01.01"
            ),
            "https://www.bestpractices.dev/en/projects/1/baseline-1#osps_ac_01_01"
        );
    }

    #[test]
    fn levels_follow_the_tiered_percentages() {
        let p = |v: serde_json::Value| parse_project(&v, "u", "https://b").unwrap();
        let x = p(
            serde_json::json!({"id": 5, "tiered_percentage": 140, "baseline_tiered_percentage": 57}),
        );
        assert_eq!(x.badge_level.as_deref(), Some("passing"));
        assert_eq!(x.baseline_level.as_deref(), Some("in_progress"));
        let x = p(
            serde_json::json!({"id": 5, "tiered_percentage": 300, "badge_level": "gold", "baseline_tiered_percentage": 200}),
        );
        assert_eq!(x.badge_level.as_deref(), Some("gold"));
        assert_eq!(x.baseline_level.as_deref(), Some("baseline-2"));
        let x = p(serde_json::json!({"id": 5}));
        assert_eq!(x.badge_level, None);
        assert_eq!(x.baseline_level, None);
        assert!(parse_project(&serde_json::json!([1]), "u", "b").is_err());
        assert!(parse_project(&serde_json::json!({"id": "x"}), "u", "b").is_err());
    }
}
