//! Repository URLs, badge-site URLs and project records.

#[allow(unused_imports)]
use super::*;

// --------------------------------------------------------------- URL helpers

/// `host/path` of a repository URL, lowercased, without scheme, `www.`, credentials,
/// `.git` or trailing `/`; `git@host:o/n` forms too. `None` for something that is not a URL.
pub fn normalize_repo_url(url: &str) -> Option<String> {
    let s = url.trim();
    let rest = if let Some((scheme, rest)) = s.split_once("://") {
        if !matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "git" | "ssh" | "git+https" | "git+ssh"
        ) {
            return None;
        }
        rest.to_string()
    } else if let Some((user_host, path)) = s.split_once(':') {
        // scp-like `git@github.com:o/n.git`
        if !user_host.contains('@') || path.starts_with('/') {
            return None;
        }
        format!("{user_host}/{path}")
    } else {
        return None;
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = match rest.split_once('/') {
        Some((host, path)) => {
            let host = host.rsplit('@').next().unwrap_or(host);
            let host = host.split(':').next().unwrap_or(host);
            format!("{host}/{path}")
        }
        None => rest.rsplit('@').next().unwrap_or(rest).to_string(),
    };
    let mut r = rest.to_ascii_lowercase();
    if let Some(x) = r.strip_prefix("www.") {
        r = x.to_string();
    }
    while r.ends_with('/') {
        r.pop();
    }
    if let Some(x) = r.strip_suffix(".git") {
        r = x.to_string();
    }
    while r.ends_with('/') {
        r.pop();
    }
    (!r.is_empty() && r.contains('/')).then_some(r)
}

/// True when two URLs name the same repository (see [`normalize_repo_url`]).
pub fn same_repository(a: &str, b: &str) -> bool {
    match (normalize_repo_url(a), normalize_repo_url(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Is `p` registered for `repo_url`? `Some(true)` when its `repo_url` or `homepage_url` is
/// that repository, `Some(false)` when its `repo_url` names another one, `None` when the
/// record has no `repo_url` to compare (a homepage elsewhere says nothing).
pub fn project_matches(p: &BadgeProject, repo_url: &str) -> Option<bool> {
    let same = |u: &Option<String>| u.as_deref().is_some_and(|u| same_repository(u, repo_url));
    if same(&p.repo_url) || same(&p.homepage_url) {
        Some(true)
    } else if p.repo_url.is_some() {
        Some(false)
    } else {
        None
    }
}

/// The project page on the badge site (English locale; the site redirects to the default
/// section).
pub fn project_html_url(base: &str, id: u64) -> String {
    format!("{}/en/projects/{id}", base.trim_end_matches('/'))
}

/// The URL of one criterion on the badge site, e.g.
/// `https://www.bestpractices.dev/en/projects/1/passing#vulnerability_report_process` or
/// `…/en/projects/1/baseline-1#osps_ac_01_01` (the page's row id is the criterion's internal
/// name: baseline JSON names `OSPS-AC-01.01` are `osps_ac_01_01` there).
pub fn criterion_url(base: &str, id: u64, section: &str, name: &str) -> String {
    let anchor: String = if name.starts_with("OSPS-") {
        name.to_ascii_lowercase().replace(['-', '.'], "_")
    } else {
        name.to_string()
    };
    format!(
        "{}/en/projects/{id}/{section}#{anchor}",
        base.trim_end_matches('/')
    )
}

/// The lookup URL for one form of the repository URL.
pub fn lookup_url(base: &str, repo_url: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // Encode as the site's own canonical query (Addressable, unreserved characters kept), so
    // the site does not answer with a redirect to the re-encoded query.
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    format!(
        "{}/projects.json?url={}",
        base.trim_end_matches('/'),
        utf8_percent_encode(repo_url, QUERY)
    )
}

/// The URL forms to look up, in order: as given (without `.git` and trailing `/`), and with
/// `.git`. No form with a trailing `/`: the site drops one trailing `/` before matching
/// (`Project.url_search`), so that form is the same question as the first.
pub fn lookup_variants(repo_url: &str) -> Vec<String> {
    let bare = repo_url.trim().trim_end_matches('/');
    let bare = bare.strip_suffix(".git").unwrap_or(bare);
    let mut out = Vec::new();
    for v in [bare.to_string(), format!("{bare}.git")] {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

// ----------------------------------------------------------------------- parsing

pub(super) fn level_from_percentage(tiered: u32) -> &'static str {
    match tiered / 100 {
        0 => "in_progress",
        1 => "passing",
        2 => "silver",
        _ => "gold",
    }
}

pub(super) fn baseline_from_percentage(tiered: u32) -> &'static str {
    match tiered / 100 {
        0 => "in_progress",
        1 => "baseline-1",
        2 => "baseline-2",
        _ => "baseline-3",
    }
}

pub(super) const STATUSES: [&str; 4] = ["Met", "Unmet", "N/A", "?"];

/// One project record of the badge site's JSON. `Err` is a sentence saying what is wrong.
pub fn parse_project(
    v: &serde_json::Value,
    json_url: &str,
    base: &str,
) -> Result<BadgeProject, String> {
    let obj = v
        .as_object()
        .ok_or("the project record is not a JSON object")?;
    let id = obj
        .get("id")
        .and_then(serde_json::Value::as_u64)
        .ok_or("the project record has no numeric id")?;
    let text = |k: &str| {
        obj.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let percent = |k: &str| {
        obj.get(k)
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    let tiered_percentage = percent("tiered_percentage");
    let badge_level = text("badge_level")
        .filter(|l| matches!(l.as_str(), "in_progress" | "passing" | "silver" | "gold"))
        .or_else(|| tiered_percentage.map(|t| level_from_percentage(t).to_string()));
    let baseline_tiered_percentage = percent("baseline_tiered_percentage");
    let mut criteria = BTreeMap::new();
    for (k, val) in obj {
        let Some(name) = k.strip_suffix("_status") else {
            continue;
        };
        let Some(status) = val.as_str().filter(|s| STATUSES.contains(s)) else {
            continue;
        };
        let justification = obj
            .get(&format!("{name}_justification"))
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(MAX_JUSTIFICATION_CHARS).collect::<String>());
        criteria.insert(name.to_string(), (status.to_string(), justification));
    }
    Ok(BadgeProject {
        id,
        json_url: json_url.to_string(),
        html_url: project_html_url(base, id),
        name: text("name"),
        repo_url: text("repo_url"),
        homepage_url: text("homepage_url"),
        badge_level,
        tiered_percentage,
        baseline_level: baseline_tiered_percentage.map(|t| baseline_from_percentage(t).to_string()),
        baseline_tiered_percentage,
        criteria,
    })
}
