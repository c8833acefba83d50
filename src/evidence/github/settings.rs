//! REST reads of the repository and its settings: metadata (permission, rename),
//! classic branch protection (admins), active ruleset rules, private vulnerability
//! reporting and published security advisories.

use serde::Deserialize;
use serde_json::Value;

use super::client::{CacheMode, FetchError, GithubClient, Tally};
use super::transport::*;
use super::*;
use crate::evidence::Unavailable;
use crate::model::Reason;

// ------------------------------------------------------------------ repository (REST)

#[derive(Debug, Clone)]
pub(super) struct Meta {
    pub(super) repo: GhRepo,
    pub(super) admin: Option<bool>,
}

pub(super) enum MetaError {
    Fatal(Error),
    Unavailable(Unavailable),
}

pub(super) fn permission_name(p: &octocrab::models::Permissions) -> &'static str {
    if p.admin {
        "admin"
    } else if p.maintain {
        "maintain"
    } else if p.push {
        "write"
    } else if p.triage {
        "triage"
    } else {
        "read"
    }
}

pub(super) async fn fetch_meta(
    client: &GithubClient,
    tally: &Tally,
    asked: &GithubRepo,
) -> Result<Meta, MetaError> {
    let what = format!("repository {}", asked.full_name());
    let url = client.rest_url(&format!(
        "/repos/{}/{}",
        encode_segment(&asked.owner),
        encode_segment(&asked.name)
    ));
    let fail = |e: FetchError| MetaError::Unavailable(e.unavailable(&format!("the {what}")));
    let mut reply = client
        .get(tally, &url, JSON, CacheMode::Revalidate)
        .await
        .map_err(fail)?;
    let mut followed = false;
    if matches!(reply.status, 301 | 302 | 307 | 308) {
        let Some(loc) = reply.location.clone() else {
            return Err(MetaError::Unavailable(unavailable(
                Reason::ApiError,
                format!("GitHub moved {} but did not say where", asked.full_name()),
            )));
        };
        if !client.same_origin(&loc) {
            return Err(MetaError::Unavailable(unavailable(
                Reason::ApiError,
                format!(
                    "GitHub moved {} to another host, which was not followed",
                    asked.full_name()
                ),
            )));
        }
        followed = true;
        reply = client
            .get(tally, &loc, JSON, CacheMode::Revalidate)
            .await
            .map_err(fail)?;
    }
    match reply.status {
        200 => {}
        401 => {
            return Err(MetaError::Fatal(Error::Auth(
                "GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN or GH_TOKEN"
                    .into(),
            )));
        }
        404 | 410 | 451 => {
            return Err(MetaError::Fatal(Error::RepoNotFound(format!(
                "GitHub has no repository {} that this {} can see ({})",
                asked.full_name(),
                if client.authenticated() {
                    "token"
                } else {
                    "anonymous request"
                },
                reply.status
            ))));
        }
        403 => {
            let msg = reply.message();
            return Err(MetaError::Fatal(Error::RepoNotFound(format!(
                "GitHub refused to show repository {} (403{})",
                asked.full_name(),
                if msg.is_empty() {
                    String::new()
                } else {
                    format!(": {msg}")
                }
            ))));
        }
        s if (300..400).contains(&s) => {
            return Err(MetaError::Unavailable(unavailable(
                Reason::ApiError,
                format!("GitHub redirected {} more than once", asked.full_name()),
            )));
        }
        _ => {
            return Err(MetaError::Unavailable(status_unavailable(
                &reply,
                &format!("the {what}"),
                client.authenticated(),
            )));
        }
    }
    let r: octocrab::models::Repository =
        parse(&reply, &format!("the {what}")).map_err(MetaError::Unavailable)?;
    let full = r.full_name.clone().unwrap_or_else(|| asked.full_name());
    let (owner, name) = match full.split_once('/') {
        Some((o, n)) => (o.to_string(), n.to_string()),
        None => (asked.owner.clone(), r.name.clone()),
    };
    let renamed = followed || !full.eq_ignore_ascii_case(&asked.full_name());
    let html_url = r
        .html_url
        .as_ref()
        .map(|u| u.to_string())
        .unwrap_or_else(|| format!("https://github.com/{owner}/{name}"));
    let repo = GhRepo {
        api_url: reply.url.clone(),
        html_url,
        repo: GithubRepo { owner, name },
        default_branch: r.default_branch.clone().unwrap_or_default(),
        archived: r.archived.unwrap_or(false),
        fork: r.fork.unwrap_or(false),
        private: r.private.unwrap_or(false),
        empty: false,
        renamed_from: renamed.then(|| asked.full_name()),
        viewer_permission: r
            .permissions
            .as_ref()
            .map(|p| permission_name(p).to_string()),
    };
    Ok(Meta {
        admin: r.permissions.as_ref().map(|p| p.admin),
        repo,
    })
}

// ------------------------------------------------------------ protection (REST, admin)

#[derive(Debug, Default, Deserialize)]
pub(super) struct Enabled {
    #[serde(default)]
    pub(super) enabled: bool,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct StatusChecks {
    #[serde(default)]
    pub(super) contexts: Vec<String>,
    #[serde(default)]
    pub(super) checks: Vec<CheckCtx>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct CheckCtx {
    pub(super) context: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PrReviews {
    pub(super) required_approving_review_count: Option<u32>,
    #[serde(default)]
    pub(super) require_code_owner_reviews: bool,
    #[serde(default)]
    pub(super) dismiss_stale_reviews: bool,
}

/// `GET …/branches/{b}/protection`. Our own struct rather than octocrab's
/// `BranchProtection`, which requires `required_status_checks.strict`, a field GitHub's
/// own documented example leaves out.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RestProtection {
    pub(super) required_status_checks: Option<StatusChecks>,
    pub(super) enforce_admins: Option<Enabled>,
    pub(super) required_pull_request_reviews: Option<PrReviews>,
    pub(super) required_signatures: Option<Enabled>,
    pub(super) allow_force_pushes: Option<Enabled>,
    pub(super) allow_deletions: Option<Enabled>,
    pub(super) required_linear_history: Option<Enabled>,
}

pub(super) fn classic_from_rest(p: RestProtection, url: &str) -> ClassicProtection {
    let mut checks: Vec<String> = Vec::new();
    if let Some(sc) = &p.required_status_checks {
        for c in sc
            .contexts
            .iter()
            .cloned()
            .chain(sc.checks.iter().map(|c| c.context.clone()))
        {
            if !checks.contains(&c) {
                checks.push(c);
            }
        }
    }
    let on = |e: &Option<Enabled>| e.as_ref().is_some_and(|e| e.enabled);
    ClassicProtection {
        api_url: url.to_string(),
        via: "rest".into(),
        required_approvals: p
            .required_pull_request_reviews
            .as_ref()
            .map(|r| r.required_approving_review_count.unwrap_or(0)),
        require_code_owner_reviews: p
            .required_pull_request_reviews
            .as_ref()
            .is_some_and(|r| r.require_code_owner_reviews),
        dismiss_stale_reviews: p
            .required_pull_request_reviews
            .as_ref()
            .is_some_and(|r| r.dismiss_stale_reviews),
        required_status_checks: checks,
        enforce_admins: on(&p.enforce_admins),
        required_signatures: on(&p.required_signatures),
        allow_force_pushes: on(&p.allow_force_pushes),
        allow_deletions: on(&p.allow_deletions),
        linear_history: on(&p.required_linear_history),
        unobserved: Vec::new(),
    }
}

pub(super) async fn fetch_classic(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    branch: &str,
) -> Observed<Option<ClassicProtection>> {
    let what = format!("the classic protection of branch {branch}");
    let url = client.rest_url(&format!(
        "/repos/{}/{}/branches/{}/protection",
        encode_segment(&repo.owner),
        encode_segment(&repo.name),
        encode_branch(branch)
    ));
    let reply = client
        .get(tally, &url, JSON, CacheMode::Revalidate)
        .await
        .map_err(|e| e.unavailable(&what))?;
    match reply.status {
        200 => {
            let p: RestProtection = parse(&reply, &what)?;
            Ok(Some(classic_from_rest(p, &url)))
        }
        // Asked only as an admin: GitHub's way of saying "no classic rule".
        404 if reply.message().eq_ignore_ascii_case("Branch not protected") => Ok(None),
        _ => Err(status_unavailable(&reply, &what, client.authenticated())),
    }
}

// ------------------------------------------------------------------- rulesets (REST)

#[derive(Debug, Deserialize)]
pub(super) struct RawRule {
    #[serde(rename = "type")]
    pub(super) rule_type: String,
    pub(super) ruleset_source: Option<String>,
    pub(super) ruleset_id: Option<u64>,
    #[serde(default)]
    pub(super) parameters: Value,
}

pub(super) async fn fetch_rules(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    branch: &str,
) -> Observed<Rulesets> {
    let what = format!("the ruleset rules of branch {branch}");
    let url = client.rest_url(&format!(
        "/repos/{}/{}/rules/branches/{}?per_page=100",
        encode_segment(&repo.owner),
        encode_segment(&repo.name),
        encode_branch(branch)
    ));
    let mut rules = Vec::new();
    let mut next = Some(url.clone());
    let mut pages = 0;
    while let Some(u) = next.take() {
        pages += 1;
        let (page, reply): (Vec<RawRule>, _) = read_json(client, tally, &u, &what).await?;
        rules.extend(page.into_iter().map(|r| BranchRule {
            rule_type: r.rule_type,
            ruleset_id: r.ruleset_id,
            ruleset_source: r.ruleset_source,
            parameters: r.parameters,
        }));
        if pages < MAX_PAGES {
            next = reply.next_page().filter(|n| client.same_origin(n));
        }
    }
    Ok(Rulesets {
        api_url: url,
        rules,
        names: Vec::new(),
    })
}

// --------------------------------------------------- vulnerability reporting (REST)

pub(super) async fn fetch_pvr(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
) -> Observed<Flag> {
    let what = "whether private vulnerability reporting is enabled";
    let url = client.rest_url(&format!(
        "/repos/{}/{}/private-vulnerability-reporting",
        encode_segment(&repo.owner),
        encode_segment(&repo.name)
    ));
    #[derive(Deserialize)]
    struct E {
        enabled: bool,
    }
    let (e, _): (E, _) = read_json(client, tally, &url, what).await?;
    Ok(Flag {
        api_url: url,
        enabled: e.enabled,
    })
}

pub(super) async fn fetch_advisories(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
) -> Observed<Advisories> {
    let what = "the published security advisories";
    let url = client.rest_url(&format!(
        "/repos/{}/{}/security-advisories?state=published&per_page=100",
        encode_segment(&repo.owner),
        encode_segment(&repo.name)
    ));
    let mut published = 0u64;
    let mut next = Some(url.clone());
    let mut pages = 0;
    while let Some(u) = next.take() {
        pages += 1;
        #[derive(Deserialize)]
        struct A {
            state: Option<String>,
        }
        let (page, reply): (Vec<A>, _) = read_json(client, tally, &u, what).await?;
        published += page
            .iter()
            .filter(|a| a.state.as_deref().is_none_or(|s| s == "published"))
            .count() as u64;
        if pages < MAX_PAGES {
            next = reply.next_page().filter(|n| client.same_origin(n));
        }
    }
    Ok(Advisories {
        api_url: url,
        published,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_protection_from_the_documented_example() {
        // GitHub's documented example has no `strict`; octocrab's model rejects it.
        let body = r#"{"url":"u","required_status_checks":{"contexts":["ci/travis"],"checks":[{"context":"ci/travis","app_id":null},{"context":"build","app_id":1}]},
            "enforce_admins":{"enabled":true},"required_pull_request_reviews":{"dismiss_stale_reviews":true,"require_code_owner_reviews":true,"required_approving_review_count":2},
            "required_linear_history":{"enabled":true},"allow_force_pushes":{"enabled":true},"allow_deletions":{"enabled":true},"required_signatures":{"enabled":true}}"#;
        let p: RestProtection = serde_json::from_str(body).unwrap();
        let c = classic_from_rest(p, "u");
        assert_eq!(c.required_approvals, Some(2));
        assert_eq!(c.required_status_checks, vec!["ci/travis", "build"]);
        assert!(c.enforce_admins && c.required_signatures && c.linear_history);
        assert!(c.require_code_owner_reviews && c.dismiss_stale_reviews);
        assert!(c.allow_force_pushes && c.allow_deletions);
    }
}
