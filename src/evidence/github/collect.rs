//! The collector: what to ask GitHub for one repository, in as few requests as possible,
//! and how each answer becomes evidence (or an honest `Unavailable`).
//!
//! Requests for one repository (remote scan, token with admin rights; at most 8):
//! 1. `GET /repos/{o}/{r}`: metadata, the caller's permission, a rename (301, followed once).
//! 2. GraphQL `TssaRepo`: merged pull requests with reviews, labels and Prow comments; the
//!    examined commits with signatures and associated pull requests; checks on the default
//!    branch head and on pull request heads; releases with assets; tags; the classic rule
//!    as GraphQL shows it; the org `.github` repository's SECURITY.md.
//! 3. `GET /repos/{o}/{r}/rules/branches/{b}`: active ruleset rules (read access).
//! 4. `GET /repos/{o}/{r}/branches/{b}/protection`: classic protection (admins only; not
//!    sent otherwise).
//! 5. `GET /repos/{o}/{r}/private-vulnerability-reporting`.
//! 6. `GET /repos/{o}/{r}/security-advisories?state=published`.
//! 7. `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1` (remote scans): every path.
//! 8. GraphQL `TssaFiles` (remote scans): the contents the probes read, by `sha:path`.
//!
//! 2-6 run concurrently after 1; 7 after 2; 8 after 7. On a re-scan the REST reads are
//! revalidated with `If-None-Match` (304), 7 and 8 name a commit and are served from the
//! cache, so only `TssaRepo` is answered in full.
//!
//! Without a token GitHub's GraphQL API is closed: the commits (`GET …/commits`, with
//! GitHub's verification verdicts) and releases (`GET …/releases`) come from REST, file
//! contents one request each (capped), and reviews, checks, tags and the org policy are
//! `unknown` with reason `no_token`.
//!
//! A local clone with a token gets the same reads minus 7 and 8; its history query starts
//! at the clone's head commit, for GitHub's verification verdicts on those commits.

use serde_json::{Value, json};

use super::client::{GithubClient, Tally};
use super::history::{self, CommitNode};
use super::nodes::*;
use super::settings::*;
use super::transport::*;
use super::*;
use super::{remote, rest};
use crate::evidence::{Need, Unavailable};
use crate::model::Reason;

/// Commits asked for in one GraphQL page (GitHub's maximum).
const PAGE: u64 = 100;

/// More commits after the first page, up to `limit` in all (`None`: to the root).
async fn more_history(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    rev: &str,
    nodes: &mut Vec<CommitNode>,
    mut page: Option<PageInfo>,
    limit: Option<u64>,
) -> Result<bool, Unavailable> {
    loop {
        let Some(p) = page.take() else {
            return Ok(false);
        };
        if !p.has_next_page {
            return Ok(true);
        }
        let have = nodes.len() as u64;
        let want = match limit {
            Some(l) if have >= l => return Ok(false),
            Some(l) => (l - have).min(PAGE),
            None => PAGE,
        };
        let Some(after) = p.end_cursor else {
            return Ok(false);
        };
        let g = graphql(
            client,
            tally,
            queries::HISTORY_QUERY,
            json!({"owner": repo.owner, "name": repo.name, "rev": rev, "first": want, "after": after}),
            "commit history",
            false,
        )
        .await?;
        let h: Option<HeadNode> = part(&Ok(g), &["repository", "head"], "commit history")?;
        let conn = h.and_then(|h| h.history).unwrap_or_default();
        let before = nodes.len();
        nodes.extend(conn.nodes.into_iter().flatten());
        if nodes.len() == before {
            return Ok(false);
        }
        page = conn.page_info;
    }
}

// --------------------------------------------------------------------- the scan

/// Commits among the first `limit` with no associated pull request.
fn direct_pushes(nodes: &[CommitNode], limit: Option<u64>) -> Vec<String> {
    let n = limit.map_or(nodes.len(), |l| usize::try_from(l).unwrap_or(usize::MAX));
    nodes
        .iter()
        .take(n)
        .filter(|c| {
            c.associated_pull_requests
                .as_ref()
                .and_then(|a| a.total_count)
                == Some(0)
        })
        .map(|c| c.oid.clone())
        .collect()
}

fn org_default_policy_repo(repo: &GithubRepo) -> bool {
    repo.name.eq_ignore_ascii_case(".github")
}

/// Reads everything the probes need from the API. 401 → [`Error::Auth`]; a missing
/// repository → [`Error::RepoNotFound`]; every other failure becomes `Unavailable` parts.
pub async fn collect(client: &GithubClient, req: &GithubRequest) -> Result<GithubScan, Error> {
    let tally = Tally::default();
    let meta = match fetch_meta(client, &tally, &req.repo).await {
        Ok(m) => m,
        Err(MetaError::Fatal(e)) => return Err(e),
        Err(MetaError::Unavailable(why)) => {
            let mut evidence = GithubEvidence::unavailable(why.clone());
            evidence.requests = tally.requests();
            evidence.not_modified = tally.not_modified();
            evidence.rate_limit_remaining = tally.remaining();
            return Ok(GithubScan {
                evidence,
                files: req.remote.then(|| Err(why.clone())),
                history: req.remote.then(|| Err(why.clone())),
                tags: req.remote.then(|| Err(why.clone())),
                default_branch: None,
                head_commit: None,
                repo: req.repo.clone(),
            });
        }
    };
    let mut gh_repo = meta.repo;
    let canonical = gh_repo.repo.clone();
    let branch = gh_repo.default_branch.clone();
    let graphql_url = client.graphql_url().to_string();

    let first_page = match req.commits {
        Some(n) => n.clamp(1, PAGE),
        None => PAGE,
    };
    let rev = match (&req.head_commit, req.remote) {
        (Some(sha), false) => sha.clone(),
        _ if branch.is_empty() => "HEAD".to_string(),
        // A branch name is a revision expression GitHub resolves (`main`, `main:README.md`).
        _ => branch.clone(),
    };
    let needs = req.needs;
    let parts = queries::RepoParts {
        protection: needs.has(Need::BranchProtection),
        // Pull request heads carry checks too.
        pull_requests: needs.has(Need::PullRequests) || needs.has(Need::Checks),
        checks: needs.has(Need::Checks),
        releases: needs.has(Need::Releases),
        tags: needs.has(Need::Tags),
        org_policy: needs.has(Need::OrgPolicy),
    };
    let mut vars = json!({
        "owner": canonical.owner,
        "name": canonical.name,
        "rev": rev,
        "branch": if branch.is_empty() { Value::Null } else { Value::String(branch.clone()) },
        "prs": req.prs.clamp(1, 100),
        "commits": first_page,
        "releases": req.releases.clamp(1, 100),
        "tags": 100,
    });
    // Only the variables the query declares.
    if let Some(v) = vars.as_object_mut() {
        let declared = parts.variables();
        v.retain(|k, _| {
            matches!(k.as_str(), "owner" | "name" | "rev" | "commits")
                || declared.contains(&k.as_str())
        });
    }
    let repo_query = queries::repo_query(parts);
    let admin = meta.admin == Some(true);
    let main_fut = graphql(
        client,
        &tally,
        &repo_query,
        vars,
        "pull requests, commits, checks and releases",
        false,
    );
    let rules_fut = async {
        if !parts.protection {
            Err(not_needed())
        } else if branch.is_empty() {
            Err(unavailable(
                Reason::NotFound,
                "the repository has no default branch",
            ))
        } else {
            fetch_rules(client, &tally, &canonical, &branch).await
        }
    };
    let classic_fut = async {
        if parts.protection && admin && !branch.is_empty() {
            Some(fetch_classic(client, &tally, &canonical, &branch).await)
        } else {
            None
        }
    };
    let security = needs.has(Need::SecuritySettings);
    let pvr_fut = async {
        if security {
            fetch_pvr(client, &tally, &canonical).await
        } else {
            Err(not_needed())
        }
    };
    let adv_fut = async {
        if security {
            fetch_advisories(client, &tally, &canonical).await
        } else {
            Err(not_needed())
        }
    };
    // Without a token GraphQL is closed: commits and releases come from REST instead.
    let authenticated = client.authenticated();
    let rest_rev = match (&req.head_commit, req.remote) {
        (Some(sha), false) => sha.clone(),
        _ => branch.clone(),
    };
    let rest_history_fut = async {
        if authenticated || rest_rev.is_empty() {
            None
        } else {
            let limit = if req.remote {
                req.commits
            } else {
                Some(first_page)
            };
            Some(rest::history(client, &tally, &canonical, &rest_rev, limit).await)
        }
    };
    let rest_releases_fut = async {
        if authenticated || !parts.releases {
            None
        } else {
            Some(rest::releases(client, &tally, &canonical, req.releases).await)
        }
    };
    let (gql, rules, classic_rest, pvr, advisories, rest_history, rest_releases) = tokio::join!(
        main_fut,
        rules_fut,
        classic_fut,
        pvr_fut,
        adv_fut,
        rest_history_fut,
        rest_releases_fut
    );

    let mut main = main_parts(gql, &graphql_url, &canonical.owner);
    // What the query did not ask for is not collected (not absent).
    if !parts.protection {
        main.classic = Err(not_needed());
        main.ref_update_rule = None;
        main.ruleset_names.clear();
    }
    if !needs.has(Need::PullRequests) {
        main.reviews = Err(not_needed());
    }
    if !parts.checks {
        main.checks = Err(not_needed());
    }
    if !parts.releases {
        main.releases = Err(not_needed());
    }
    if !parts.tags {
        main.tags = Err(not_needed());
    }
    if !parts.org_policy {
        main.org_policy = Err(not_needed());
    }
    if let Some(r) = &main.repo {
        gh_repo.empty = r.is_empty.unwrap_or(false);
        if let Some(p) = &r.viewer_permission {
            gh_repo.viewer_permission = Some(p.to_ascii_lowercase());
        }
        gh_repo.archived = r.is_archived.unwrap_or(gh_repo.archived);
        gh_repo.fork = r.is_fork.unwrap_or(gh_repo.fork);
        gh_repo.private = r.is_private.unwrap_or(gh_repo.private);
        let _ = &r.name_with_owner;
    }
    if let Some(b) = main.branch.as_ref().and_then(|b| b.name.clone()) {
        if gh_repo.default_branch.is_empty() {
            gh_repo.default_branch = b;
        }
    }

    let mut rules = rules;
    if let Ok(r) = &mut rules {
        for rule in &r.rules {
            let name = rule.ruleset_id.and_then(|id| {
                main.ruleset_names
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, n)| n.clone())
            });
            if let Some(n) = name {
                if !r.names.contains(&n) {
                    r.names.push(n);
                }
            }
        }
    }

    let classic = if parts.protection {
        merge_classic(
            classic_rest,
            main.classic,
            main.ref_update_rule,
            &rules,
            &gh_repo,
            client.authenticated(),
        )
    } else {
        Err(not_needed())
    };

    // History: the first page came with the main query; page on when asked for more.
    let mut history_obs = main.history;
    let mut complete = false;
    if let Ok((_, nodes, page)) = &mut history_obs {
        let page = page.take();
        match more_history(
            client,
            &tally,
            &canonical,
            &rev,
            nodes,
            page,
            if req.remote {
                req.commits
            } else {
                Some(first_page)
            },
        )
        .await
        {
            Ok(c) => complete = c,
            Err(e) => history_obs = Err(e),
        }
    }
    // Direct pushes: examined commits with no associated pull request. A local head that
    // is not on GitHub falls back to the default branch's latest commits.
    let pushes: Observed<Vec<String>> = match &history_obs {
        Ok((_, nodes, _)) => Ok(direct_pushes(nodes, req.commits)),
        Err(e)
            if authenticated
                && !req.remote
                && !branch.is_empty()
                && needs.has(Need::PullRequests) =>
        {
            let fallback = async {
                let g = graphql(
                    client,
                    &tally,
                    queries::HISTORY_QUERY,
                    json!({"owner": canonical.owner, "name": canonical.name, "rev": branch,
                           "first": first_page, "after": Value::Null}),
                    "commit history",
                    false,
                )
                .await?;
                let h: Option<HeadNode> = part(&Ok(g), &["repository", "head"], "commit history")?;
                let nodes: Vec<CommitNode> = h
                    .and_then(|h| h.history)
                    .ok_or_else(|| e.clone())?
                    .nodes
                    .into_iter()
                    .flatten()
                    .collect();
                Ok::<_, Unavailable>(direct_pushes(&nodes, Some(first_page)))
            };
            fallback.await
        }
        Err(e) => Err(e.clone()),
    };
    let reviews = main.reviews.and_then(|mut r| {
        r.direct_pushes = pushes?;
        Ok(r)
    });

    let history = match rest_history {
        _ if gh_repo.empty => Err(unavailable(
            Reason::NotFound,
            "the repository is empty: it has no commits",
        )),
        Some(h) => h,
        None => history_obs.map(|(head, nodes, _)| {
            let mut nodes = nodes;
            if let Some(l) = req.commits {
                nodes.truncate(usize::try_from(l).unwrap_or(usize::MAX));
            }
            let complete = complete && req.commits.is_none_or(|l| nodes.len() as u64 <= l);
            history::census(&head, &nodes, complete, &graphql_url)
        }),
    };
    let head_commit = history
        .as_ref()
        .ok()
        .map(|h| h.head.clone())
        .filter(|h| !h.is_empty());

    let org_policy = if org_default_policy_repo(&canonical) {
        Ok(None)
    } else {
        main.org_policy
    };

    // Files at the head commit (remote scans).
    let files =
        if req.remote {
            Some(match (&head_commit, gh_repo.empty) {
                (_, true) => Err(unavailable(
                    Reason::NotFound,
                    "the repository is empty: it has no commits",
                )),
                (Some(sha), false) => remote::files(client, &tally, &canonical, sha, needs).await,
                (None, false) => Err(history.as_ref().err().cloned().unwrap_or_else(|| {
                    unavailable(Reason::ApiError, "the head commit is unknown")
                })),
            })
        } else {
            None
        };

    let evidence = GithubEvidence {
        repo: Ok(gh_repo.clone()),
        classic_protection: classic,
        rulesets: rules,
        reviews,
        org_security_policy: org_policy,
        private_vulnerability_reporting: pvr,
        advisories,
        checks: main.checks,
        releases: rest_releases.unwrap_or(main.releases),
        requests: tally.requests(),
        not_modified: tally.not_modified(),
        rate_limit_remaining: tally.remaining(),
    };
    Ok(GithubScan {
        evidence,
        files,
        history: Some(history),
        tags: req.remote.then_some(main.tags),
        default_branch: (!gh_repo.default_branch.is_empty())
            .then(|| gh_repo.default_branch.clone()),
        head_commit: if req.remote { head_commit } else { None },
        repo: canonical,
    })
}

/// Classic protection from what was visible: REST (admins) first, then GraphQL's
/// `branchProtectionRule`, then an admin's "Branch not protected", then what the
/// non-admin `refUpdateRule` shows beyond the rulesets. Without admin rights and with no
/// rule shown, absence cannot be concluded.
fn merge_classic(
    rest: Option<Observed<Option<ClassicProtection>>>,
    gql: Observed<Option<ClassicProtection>>,
    ref_update_rule: Option<ClassicProtection>,
    rules: &Observed<Rulesets>,
    repo: &GhRepo,
    authenticated: bool,
) -> Observed<Option<ClassicProtection>> {
    if let Some(Ok(Some(p))) = &rest {
        return Ok(Some(p.clone()));
    }
    if let Ok(Some(p)) = &gql {
        return Ok(Some(p.clone()));
    }
    let mut seen_rule = "GitHub showed it no rule";
    if !matches!(rest, Some(Ok(None))) {
        if let Some(rur) = ref_update_rule {
            match rules {
                Ok(r) => {
                    if let Some(c) = classic_beyond_rulesets(rur, r) {
                        return Ok(Some(c));
                    }
                    seen_rule = "the rules GitHub enforces on it (refUpdateRule) are all set by the rulesets, so a classic rule may or may not exist";
                }
                Err(_) => {
                    seen_rule = "refUpdateRule shows the rules enforced on it but not whether classic protection or a ruleset sets them, and the rulesets could not be read";
                }
            }
        }
    }
    match rest {
        Some(Ok(None)) => Ok(None),
        Some(Err(e)) => Err(e),
        Some(Ok(Some(_))) => Err(unavailable(Reason::ApiError, "unreachable")),
        None if !authenticated => Err(unavailable(
            Reason::NoToken,
            "classic branch protection is shown only to a token with admin rights on the repository",
        )),
        None if repo.default_branch.is_empty() => Err(unavailable(
            Reason::NotFound,
            "the repository has no default branch",
        )),
        None => Err(unavailable(
            Reason::Permission,
            format!(
                "classic branch protection is shown only to repository admins, and this token has {} access ({seen_rule})",
                repo.viewer_permission.as_deref().unwrap_or("unknown")
            ),
        )),
    }
}

/// The part of a `refUpdateRule` that no ruleset rule explains, as classic protection:
/// `refUpdateRule` is the union of classic protection and the rulesets, so a setting it
/// shows that no ruleset sets comes from a classic rule. Settings a ruleset also sets are
/// listed as unobserved (a classic rule may set them too, or not). `None` when the rulesets
/// explain everything it shows: then it is no evidence of a classic rule.
fn classic_beyond_rulesets(rur: ClassicProtection, r: &Rulesets) -> Option<ClassicProtection> {
    if r.rules.is_empty() {
        // No ruleset applies: everything enforced comes from a classic rule.
        return Some(rur);
    }
    let has = |ty: &str| r.rules.iter().any(|x| x.rule_type == ty);
    let param_true = |ty: &str, param: &str| {
        r.rules
            .iter()
            .filter(|x| x.rule_type == ty)
            .any(|x| x.parameters.get(param).and_then(Value::as_bool) == Some(true))
    };
    let ruleset_approvals = r
        .rules
        .iter()
        .filter(|x| x.rule_type == "pull_request")
        .filter_map(|x| {
            x.parameters
                .get("required_approving_review_count")?
                .as_u64()
        })
        .max()
        .unwrap_or(0);
    let ruleset_checks: Vec<String> = r
        .rules
        .iter()
        .filter(|x| x.rule_type == "required_status_checks")
        .filter_map(|x| {
            x.parameters
                .get("required_status_checks")?
                .as_array()
                .cloned()
        })
        .flatten()
        .filter_map(|c| c.get("context")?.as_str().map(str::to_string))
        .collect();

    let mut c = ClassicProtection {
        api_url: rur.api_url.clone(),
        via: rur.via.clone(),
        unobserved: rur.unobserved.clone(),
        // Unobserved unless shown below: "allowed" here claims nothing, the field is listed.
        allow_force_pushes: true,
        allow_deletions: true,
        ..Default::default()
    };
    let mut beyond = false;
    let explained = |c: &mut ClassicProtection, field: &str| {
        if !c.unobserved.iter().any(|u| u == field) {
            c.unobserved.push(field.to_string());
        }
    };
    match rur.required_approvals {
        Some(n) if u64::from(n) > ruleset_approvals => {
            c.required_approvals = Some(n);
            beyond = true;
        }
        _ if has("pull_request") => explained(&mut c, "required_approvals"),
        _ => c.required_approvals = rur.required_approvals,
    }
    if rur.require_code_owner_reviews && !param_true("pull_request", "require_code_owner_review") {
        c.require_code_owner_reviews = true;
        beyond = true;
    } else if rur.require_code_owner_reviews {
        explained(&mut c, "require_code_owner_reviews");
    }
    let extra: Vec<String> = rur
        .required_status_checks
        .iter()
        .filter(|x| !ruleset_checks.contains(x))
        .cloned()
        .collect();
    if !extra.is_empty() {
        beyond = true;
    }
    if extra.len() < rur.required_status_checks.len() {
        explained(&mut c, "required_status_checks");
    }
    c.required_status_checks = extra;
    let mut flag = |c: &mut ClassicProtection, on: bool, ty: &str, field: &str| -> bool {
        if on && !has(ty) {
            beyond = true;
            true
        } else {
            if on {
                explained(c, field);
            }
            false
        }
    };
    c.required_signatures = flag(
        &mut c,
        rur.required_signatures,
        "required_signatures",
        "required_signatures",
    );
    c.linear_history = flag(
        &mut c,
        rur.linear_history,
        "required_linear_history",
        "linear_history",
    );
    let blocks_force = flag(
        &mut c,
        !rur.allow_force_pushes,
        "non_fast_forward",
        "allow_force_pushes",
    );
    c.allow_force_pushes = !blocks_force;
    let blocks_deletion = flag(&mut c, !rur.allow_deletions, "deletion", "allow_deletions");
    c.allow_deletions = !blocks_deletion;
    beyond.then_some(c)
}
