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

use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{CacheMode, FetchError, GithubClient, Reply, Tally};
use super::history::{self, CommitNode, TagNode};
use super::*;
use super::{remote, rest};
use crate::evidence::{Need, Unavailable};
use crate::model::Reason;

const JSON: &str = "application/vnd.github+json";
/// Pages of a REST list followed at most.
const MAX_PAGES: usize = 5;
/// Commits asked for in one GraphQL page (GitHub's maximum).
const PAGE: u64 = 100;

fn unavailable(reason: Reason, detail: impl Into<String>) -> Unavailable {
    Unavailable::new(reason, detail)
}

/// Evidence no selected probe needs: not asked for.
fn not_needed() -> Unavailable {
    unavailable(
        Reason::NotCollected,
        "no probe selected for this scan needs it, so it was not read",
    )
}

fn malformed(what: &str) -> Unavailable {
    unavailable(
        Reason::ApiError,
        format!("GitHub sent malformed data for {what}"),
    )
}

fn parse<T: for<'de> Deserialize<'de>>(reply: &Reply, what: &str) -> Result<T, Unavailable> {
    serde_json::from_slice(&reply.body).map_err(|_| malformed(what))
}

/// `GET url` as JSON, revalidated through the cache: a 200 parsed as `T`, with the reply
/// for its paging headers; any other status is unavailable as `on_status` says.
pub(super) async fn get_json<T: for<'de> Deserialize<'de>>(
    client: &GithubClient,
    tally: &Tally,
    url: &str,
    what: &str,
    on_status: impl FnOnce(&Reply, &str) -> Unavailable,
) -> Result<(T, Reply), Unavailable> {
    let reply = client
        .get(tally, url, JSON, CacheMode::Revalidate)
        .await
        .map_err(|e| e.unavailable(what))?;
    if reply.status != 200 {
        return Err(on_status(&reply, what));
    }
    Ok((parse(&reply, what)?, reply))
}

/// [`get_json`] with the status mapping of the token-aware reads.
async fn read_json<T: for<'de> Deserialize<'de>>(
    client: &GithubClient,
    tally: &Tally,
    url: &str,
    what: &str,
) -> Result<(T, Reply), Unavailable> {
    let authenticated = client.authenticated();
    get_json(client, tally, url, what, |r, w| {
        status_unavailable(r, w, authenticated)
    })
    .await
}

/// A REST status other than 200 for `what`, as evidence that could not be read.
fn status_unavailable(reply: &Reply, what: &str, authenticated: bool) -> Unavailable {
    let msg = reply.message();
    let said = if msg.is_empty() {
        String::new()
    } else {
        format!(" (\"{msg}\")")
    };
    match reply.status {
        401 if !authenticated => unavailable(
            Reason::NoToken,
            format!("GitHub requires a token to read {what}"),
        ),
        401 => unavailable(
            Reason::Permission,
            format!("GitHub refused the token for {what} (401){said}"),
        ),
        403 => unavailable(
            Reason::Permission,
            format!("GitHub refused to show {what} to this token (403){said}"),
        ),
        404 => unavailable(
            Reason::NotFound,
            format!("GitHub answered 404 for {what}{said}"),
        ),
        s => unavailable(
            Reason::ApiError,
            format!("GitHub answered {s} for {what}{said}"),
        ),
    }
}

// ------------------------------------------------------------------ repository (REST)

#[derive(Debug, Clone)]
struct Meta {
    repo: GhRepo,
    admin: Option<bool>,
}

enum MetaError {
    Fatal(Error),
    Unavailable(Unavailable),
}

fn permission_name(p: &octocrab::models::Permissions) -> &'static str {
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

async fn fetch_meta(
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
        owner,
        name,
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

/// Percent-encodes one path segment (owner, name, branch).
pub(crate) fn encode_segment(s: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const KEEP: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(s, KEEP).to_string()
}

/// A branch name in a URL path: `/` kept (GitHub accepts `release/1.0` as is).
fn encode_branch(b: &str) -> String {
    b.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

// ------------------------------------------------------------ protection (REST, admin)

#[derive(Debug, Default, Deserialize)]
struct Enabled {
    #[serde(default)]
    enabled: bool,
}

#[derive(Debug, Default, Deserialize)]
struct StatusChecks {
    #[serde(default)]
    contexts: Vec<String>,
    #[serde(default)]
    checks: Vec<CheckCtx>,
}

#[derive(Debug, Default, Deserialize)]
struct CheckCtx {
    context: String,
}

#[derive(Debug, Default, Deserialize)]
struct PrReviews {
    required_approving_review_count: Option<u32>,
    #[serde(default)]
    require_code_owner_reviews: bool,
    #[serde(default)]
    dismiss_stale_reviews: bool,
}

/// `GET …/branches/{b}/protection`. Our own struct rather than octocrab's
/// `BranchProtection`, which requires `required_status_checks.strict`, a field GitHub's
/// own documented example leaves out.
#[derive(Debug, Default, Deserialize)]
struct RestProtection {
    required_status_checks: Option<StatusChecks>,
    enforce_admins: Option<Enabled>,
    required_pull_request_reviews: Option<PrReviews>,
    required_signatures: Option<Enabled>,
    allow_force_pushes: Option<Enabled>,
    allow_deletions: Option<Enabled>,
    required_linear_history: Option<Enabled>,
}

fn classic_from_rest(p: RestProtection, url: &str) -> ClassicProtection {
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

async fn fetch_classic(
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
struct RawRule {
    #[serde(rename = "type")]
    rule_type: String,
    ruleset_source: Option<String>,
    ruleset_id: Option<u64>,
    #[serde(default)]
    parameters: Value,
}

async fn fetch_rules(
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

async fn fetch_pvr(client: &GithubClient, tally: &Tally, repo: &GithubRepo) -> Observed<Flag> {
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

async fn fetch_advisories(
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

// ---------------------------------------------------------------------- GraphQL

#[derive(Debug, Deserialize)]
pub(crate) struct GqlError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: Option<String>,
    #[serde(default)]
    pub path: Vec<Value>,
}

/// A GraphQL answer: `data` (possibly partial) and the errors by path.
#[derive(Debug)]
pub(crate) struct Gql {
    pub data: Value,
    pub errors: Vec<GqlError>,
}

impl Gql {
    /// The first error at or below `prefix` (a path of field names/aliases).
    pub fn error_at(&self, prefix: &[&str]) -> Option<&GqlError> {
        self.errors.iter().find(|e| {
            let names: Vec<&str> = e.path.iter().filter_map(Value::as_str).collect();
            names.len() >= prefix.len() && names.iter().zip(prefix).all(|(a, b)| a == b)
        })
    }

    /// Why the part at `prefix` is missing, when GitHub said so.
    pub fn unavailable_at(&self, prefix: &[&str], what: &str) -> Option<Unavailable> {
        self.error_at(prefix)
            .map(|e| gql_error_unavailable(e, what))
    }

    pub fn at(&self, path: &[&str]) -> &Value {
        let mut v = &self.data;
        for p in path {
            v = v.get(p).unwrap_or(&Value::Null);
        }
        v
    }
}

fn gql_error_unavailable(e: &GqlError, what: &str) -> Unavailable {
    let msg: String = e
        .message
        .as_deref()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let reason = match e.kind.as_deref() {
        Some("FORBIDDEN") | Some("INSUFFICIENT_SCOPES") => Reason::Permission,
        Some("NOT_FOUND") => Reason::NotFound,
        Some("RATE_LIMITED") | Some("RATE_LIMIT") => Reason::RateLimited,
        _ => Reason::ApiError,
    };
    unavailable(
        reason,
        format!("GitHub's GraphQL API gave no {what}: {msg}"),
    )
}

pub(crate) async fn graphql(
    client: &GithubClient,
    tally: &Tally,
    query: &str,
    variables: Value,
    what: &str,
    immutable: bool,
) -> Result<Gql, Unavailable> {
    if !client.authenticated() {
        return Err(unavailable(
            Reason::NoToken,
            format!(
                "GitHub's GraphQL API, which serves {what}, needs a token (GITHUB_TOKEN or GH_TOKEN)"
            ),
        ));
    }
    let body = json!({ "query": query, "variables": variables });
    let reply = client
        .graphql(tally, &body, immutable)
        .await
        .map_err(|e| e.unavailable(what))?;
    if reply.status != 200 {
        return Err(status_unavailable(&reply, what, true));
    }
    #[derive(Deserialize)]
    struct Envelope {
        data: Option<Value>,
        #[serde(default)]
        errors: Vec<GqlError>,
    }
    let env: Envelope = parse(&reply, what)?;
    match env.data {
        Some(data) if !data.is_null() => Ok(Gql {
            data,
            errors: env.errors,
        }),
        _ => Err(match env.errors.first() {
            Some(e) => gql_error_unavailable(e, what),
            None => malformed(what),
        }),
    }
}

/// Deserializes the part of `gql` at `path`; errors there or a bad shape make it unavailable.
fn part<T: for<'de> Deserialize<'de>>(
    gql: &Result<Gql, Unavailable>,
    path: &[&str],
    what: &str,
) -> Result<T, Unavailable> {
    let g = gql.as_ref().map_err(Clone::clone)?;
    if let Some(u) = g.unavailable_at(path, what) {
        return Err(u);
    }
    serde_json::from_value(g.at(path).clone()).map_err(|_| malformed(what))
}

#[derive(Debug, Default, Deserialize)]
struct Nodes<T> {
    #[serde(default = "Vec::new")]
    nodes: Vec<Option<T>>,
    /// Asked for where the list is capped (tags).
    #[serde(default, rename = "totalCount")]
    total_count: Option<u64>,
}

impl<T> Nodes<T> {
    fn into_vec(self) -> Vec<T> {
        self.nodes.into_iter().flatten().collect()
    }
}

#[derive(Debug, Default, Deserialize)]
struct Login {
    login: Option<String>,
    #[serde(rename = "__typename")]
    typename: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RepoNode {
    name_with_owner: Option<String>,
    is_empty: Option<bool>,
    is_archived: Option<bool>,
    is_fork: Option<bool>,
    is_private: Option<bool>,
    viewer_permission: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BprNode {
    requires_approving_reviews: Option<bool>,
    required_approving_review_count: Option<u32>,
    requires_code_owner_reviews: Option<bool>,
    dismisses_stale_reviews: Option<bool>,
    required_status_check_contexts: Option<Vec<Option<String>>>,
    is_admin_enforced: Option<bool>,
    requires_commit_signatures: Option<bool>,
    allows_force_pushes: Option<bool>,
    allows_deletions: Option<bool>,
    requires_linear_history: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RurNode {
    required_approving_review_count: Option<u32>,
    required_status_check_contexts: Option<Vec<Option<String>>>,
    requires_code_owner_reviews: Option<bool>,
    requires_linear_history: Option<bool>,
    requires_signatures: Option<bool>,
    allows_force_pushes: Option<bool>,
    allows_deletions: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefNode {
    name: Option<String>,
    branch_protection_rule: Option<BprNode>,
    ref_update_rule: Option<RurNode>,
    target: Option<TargetNode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TargetNode {
    oid: Option<String>,
    status_check_rollup: Option<RollupNode>,
}

#[derive(Debug, Default, Deserialize)]
struct RollupNode {
    contexts: Option<Nodes<ContextNode>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContextNode {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    // CheckRun
    name: Option<String>,
    status: Option<String>,
    conclusion: Option<String>,
    check_suite: Option<SuiteNode>,
    // StatusContext
    context: Option<String>,
    state: Option<String>,
    creator: Option<Login>,
}

#[derive(Debug, Default, Deserialize)]
struct SuiteNode {
    app: Option<AppNode>,
}

#[derive(Debug, Default, Deserialize)]
struct AppNode {
    slug: Option<String>,
    name: Option<String>,
}

fn runs_of(rollup: Option<RollupNode>) -> Vec<CheckRun> {
    let Some(ctx) = rollup.and_then(|r| r.contexts) else {
        return Vec::new();
    };
    ctx.into_vec()
        .into_iter()
        .filter_map(|c| match c.typename.as_deref() {
            Some("CheckRun") => Some(CheckRun {
                app: c
                    .check_suite
                    .and_then(|s| s.app)
                    .and_then(|a| a.slug.or(a.name))
                    .unwrap_or_default(),
                name: c.name.unwrap_or_default(),
                status: c.status.unwrap_or_default().to_ascii_lowercase(),
                conclusion: c.conclusion.map(|s| s.to_ascii_lowercase()),
            }),
            Some("StatusContext") => {
                let state = c.state.unwrap_or_default().to_ascii_lowercase();
                let pending = matches!(state.as_str(), "pending" | "expected");
                Some(CheckRun {
                    // Commit statuses have no app: the account that posted them stands in.
                    app: c.creator.and_then(|l| l.login).unwrap_or_default(),
                    name: c.context.unwrap_or_default(),
                    status: if pending { "pending" } else { "completed" }.into(),
                    conclusion: (!pending).then_some(state),
                })
            }
            _ => None,
        })
        .collect()
}

fn contexts(v: Option<Vec<Option<String>>>) -> Vec<String> {
    v.unwrap_or_default().into_iter().flatten().collect()
}

fn classic_from_bpr(b: BprNode, url: &str) -> ClassicProtection {
    ClassicProtection {
        api_url: url.to_string(),
        via: "graphql".into(),
        required_approvals: b
            .requires_approving_reviews
            .unwrap_or(false)
            .then(|| b.required_approving_review_count.unwrap_or(0)),
        require_code_owner_reviews: b.requires_code_owner_reviews.unwrap_or(false),
        dismiss_stale_reviews: b.dismisses_stale_reviews.unwrap_or(false),
        required_status_checks: contexts(b.required_status_check_contexts),
        enforce_admins: b.is_admin_enforced.unwrap_or(false),
        required_signatures: b.requires_commit_signatures.unwrap_or(false),
        allow_force_pushes: b.allows_force_pushes.unwrap_or(false),
        allow_deletions: b.allows_deletions.unwrap_or(false),
        linear_history: b.requires_linear_history.unwrap_or(false),
        unobserved: Vec::new(),
    }
}

/// [`ClassicProtection::via`] of a classic rule seen through `refUpdateRule`.
pub const REF_UPDATE_RULE: &str = "graphql_ref_update_rule";

/// `Ref.refUpdateRule`: "branch protection rules that are viewable by non-admins", in fact
/// the rules enforced on the viewer from classic protection and rulesets together (see
/// [`classic_beyond_rulesets`]). It does not carry stale-review dismissal or admin
/// enforcement: those are listed as unobserved.
fn classic_from_rur(r: RurNode, url: &str) -> ClassicProtection {
    ClassicProtection {
        api_url: url.to_string(),
        via: REF_UPDATE_RULE.into(),
        required_approvals: r.required_approving_review_count.filter(|n| *n > 0),
        require_code_owner_reviews: r.requires_code_owner_reviews.unwrap_or(false),
        dismiss_stale_reviews: false,
        required_status_checks: contexts(r.required_status_check_contexts),
        enforce_admins: false,
        required_signatures: r.requires_signatures.unwrap_or(false),
        allow_force_pushes: r.allows_force_pushes.unwrap_or(false),
        allow_deletions: r.allows_deletions.unwrap_or(false),
        linear_history: r.requires_linear_history.unwrap_or(false),
        unobserved: vec!["dismiss_stale_reviews".into(), "enforce_admins".into()],
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HeadNode {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    oid: Option<String>,
    history: Option<HistoryConn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageInfo {
    #[serde(default)]
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HistoryConn {
    page_info: Option<PageInfo>,
    #[serde(default = "Vec::new")]
    nodes: Vec<Option<CommitNode>>,
}

#[derive(Debug, Default, Deserialize)]
struct Author {
    login: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ReviewNode {
    author: Option<Author>,
    state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct CommentNode {
    author: Option<Login>,
    #[serde(default)]
    body: String,
}

#[derive(Debug, Default, Deserialize)]
struct LabelNode {
    name: String,
}

#[derive(Debug, Default, Deserialize)]
struct Oid {
    oid: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrCommitNode {
    commit: Option<TargetNode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrNode {
    number: u64,
    url: Option<String>,
    merged_at: Option<String>,
    author: Option<Author>,
    merge_commit: Option<Oid>,
    labels: Option<Nodes<LabelNode>>,
    reviews: Option<Nodes<ReviewNode>>,
    comments: Option<Nodes<CommentNode>>,
    commits: Option<Nodes<PrCommitNode>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssetNode {
    name: String,
    download_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReleaseNode {
    tag_name: String,
    name: Option<String>,
    url: Option<String>,
    published_at: Option<String>,
    #[serde(default)]
    is_prerelease: bool,
    #[serde(default)]
    is_draft: bool,
    release_assets: Option<Nodes<AssetNode>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BlobNode {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    text: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrgRepoNode {
    name_with_owner: Option<String>,
    url: Option<String>,
    default_branch_ref: Option<RefNode>,
    root: Option<BlobNode>,
    dot_github: Option<BlobNode>,
    docs: Option<BlobNode>,
}

/// A `/lgtm` or `/approve` command on a line of its own (not `… cancel`).
fn prow_command(body: &str) -> bool {
    body.lines().any(|l| {
        let mut words = l.split_whitespace();
        matches!(words.next(), Some("/lgtm") | Some("/approve"))
            && !words.any(|w| w.eq_ignore_ascii_case("cancel"))
    })
}

/// A Prow bot's notification that a review label was applied.
fn prow_notification(body: &str) -> bool {
    body.contains("[APPROVALNOTIFIER]") || body.contains("LGTM label has been added")
}

fn pull_request(pr: PrNode) -> (PullRequestInfo, Option<(String, Vec<CheckRun>)>) {
    let mut prow_commands: Vec<String> = Vec::new();
    let mut prow_approvers: Vec<String> = Vec::new();
    for c in pr.comments.map(Nodes::into_vec).unwrap_or_default() {
        let login = c.author.as_ref().and_then(|a| a.login.clone());
        let is_bot = c.author.as_ref().and_then(|a| a.typename.as_deref()) == Some("Bot");
        if let Some(login) = login {
            if prow_notification(&c.body) || (is_bot && prow_command(&c.body)) {
                if !prow_commands.contains(&login) {
                    prow_commands.push(login);
                }
            } else if prow_command(&c.body) && !prow_approvers.contains(&login) {
                prow_approvers.push(login);
            }
        }
    }
    let head = pr
        .commits
        .map(Nodes::into_vec)
        .unwrap_or_default()
        .into_iter()
        .next_back()
        .and_then(|c| c.commit)
        .and_then(|t| {
            t.oid
                .clone()
                .map(|oid| (oid, runs_of(t.status_check_rollup)))
        });
    (
        PullRequestInfo {
            number: pr.number,
            url: pr.url.unwrap_or_default(),
            author: pr.author.and_then(|a| a.login),
            merged_at: pr.merged_at,
            merge_commit: pr.merge_commit.and_then(|m| m.oid),
            reviews: pr
                .reviews
                .map(Nodes::into_vec)
                .unwrap_or_default()
                .into_iter()
                .map(|r| Review {
                    author: r.author.and_then(|a| a.login),
                    state: r.state.unwrap_or_default(),
                })
                .collect(),
            labels: pr
                .labels
                .map(Nodes::into_vec)
                .unwrap_or_default()
                .into_iter()
                .map(|l| l.name)
                .collect(),
            prow_commands,
            prow_approvers,
        },
        head,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RulesetNode {
    database_id: Option<u64>,
    name: Option<String>,
}

/// What the main GraphQL query yielded.
struct Main {
    repo: Option<RepoNode>,
    branch: Option<RefNode>,
    /// Classic protection as `branchProtectionRule` shows it.
    classic: Observed<Option<ClassicProtection>>,
    /// `refUpdateRule`: the rules enforced on this token, classic and rulesets together.
    ref_update_rule: Option<ClassicProtection>,
    history: Observed<(String, Vec<CommitNode>, Option<PageInfo>)>,
    reviews: Observed<ReviewEvidence>,
    checks: Observed<Vec<CommitChecks>>,
    releases: Observed<Releases>,
    tags: Observed<TagCensus>,
    org_policy: Observed<Option<OrgPolicy>>,
    /// Ruleset names by id, where GitHub shows them to this token.
    ruleset_names: Vec<(u64, String)>,
}

fn main_parts(gql: Result<Gql, Unavailable>, graphql_url: &str, owner: &str) -> Main {
    // Errors below `repository` (a forbidden sub-field) spoil only their own part.
    let repo: Option<RepoNode> = gql
        .as_ref()
        .ok()
        .filter(|g| {
            !g.errors
                .iter()
                .any(|e| e.path.len() == 1 && e.path[0] == "repository")
        })
        .and_then(|g| serde_json::from_value(g.at(&["repository"]).clone()).ok());
    let branch_part: Observed<Option<RefNode>> =
        part(&gql, &["repository", "defaultBranchRef"], "default branch");
    let branch = branch_part.as_ref().ok().and_then(|b| {
        b.as_ref().map(|r| RefNode {
            name: r.name.clone(),
            ..Default::default()
        })
    });

    // Classic rule as GraphQL shows it. Only `branchProtectionRule` is classic protection;
    // `refUpdateRule` (what non-admins see) merges classic protection and rulesets as they
    // apply to the viewer, so it is kept apart and read against the rulesets later.
    let mut ref_update_rule = None;
    let classic = branch_part.map(|b| {
        let b = b?;
        ref_update_rule = b.ref_update_rule.map(|r| classic_from_rur(r, graphql_url));
        b.branch_protection_rule
            .map(|bpr| classic_from_bpr(bpr, graphql_url))
    });

    // Default branch head checks.
    let head_checks: Observed<Option<CommitChecks>> = part::<Option<TargetNode>>(
        &gql,
        &["repository", "defaultBranchRef", "target"],
        "checks on the default branch head",
    )
    .map(|t| {
        t.and_then(|t| {
            let oid = t.oid.clone()?;
            Some(CommitChecks {
                commit: oid,
                api_url: graphql_url.to_string(),
                default_branch_head: true,
                runs: runs_of(t.status_check_rollup),
            })
        })
    });

    let history: Observed<(String, Vec<CommitNode>, Option<PageInfo>)> =
        part::<Option<HeadNode>>(&gql, &["repository", "head"], "commit history").and_then(|h| {
            match h {
                Some(h) if h.typename.as_deref().is_none_or(|t| t == "Commit") => {
                    let conn = h.history.unwrap_or_default();
                    Ok((
                        h.oid.unwrap_or_default(),
                        conn.nodes.into_iter().flatten().collect(),
                        conn.page_info,
                    ))
                }
                _ => Err(unavailable(
                    Reason::NotFound,
                    "the commit the history starts from is not on GitHub",
                )),
            }
        });

    let prs: Observed<Vec<PrNode>> = part::<Nodes<PrNode>>(
        &gql,
        &["repository", "pullRequests"],
        "merged pull requests",
    )
    .map(Nodes::into_vec);
    let mut pr_checks: Vec<CommitChecks> = Vec::new();
    let reviews = prs.map(|prs| {
        let mut out = Vec::new();
        for p in prs {
            let (info, head) = pull_request(p);
            if let Some((oid, runs)) = head {
                pr_checks.push(CommitChecks {
                    commit: oid,
                    api_url: graphql_url.to_string(),
                    default_branch_head: false,
                    runs,
                });
            }
            out.push(info);
        }
        ReviewEvidence {
            api_url: graphql_url.to_string(),
            pull_requests: out,
            // Filled in by `collect` from the examined commits.
            direct_pushes: Vec::new(),
        }
    });
    let checks = head_checks.map(|h| {
        let mut v: Vec<CommitChecks> = h.into_iter().collect();
        v.extend(pr_checks);
        v
    });

    let releases =
        part::<Nodes<ReleaseNode>>(&gql, &["repository", "releases"], "releases").map(|n| {
            Releases {
                api_url: graphql_url.to_string(),
                releases: n
                    .into_vec()
                    .into_iter()
                    .filter(|r| !r.is_draft)
                    .map(|r| ReleaseInfo {
                        tag: r.tag_name,
                        name: r.name,
                        html_url: r.url.unwrap_or_default(),
                        published_at: r.published_at,
                        prerelease: r.is_prerelease,
                        assets: r
                            .release_assets
                            .map(Nodes::into_vec)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|a| ReleaseAsset {
                                url: a.download_url.unwrap_or_default(),
                                name: a.name,
                            })
                            .collect(),
                    })
                    .collect(),
            }
        });

    let tags = part::<Option<Nodes<TagNode>>>(&gql, &["repository", "tags"], "tags").map(|n| {
        let in_repository = n.as_ref().and_then(|n| n.total_count);
        let mut t = history::tag_census(&n.map(Nodes::into_vec).unwrap_or_default(), graphql_url);
        // Only the newest tags are examined through the API: say how many there are.
        t.in_repository = in_repository.filter(|&all| all > t.total);
        t
    });

    let org_policy = match gql.as_ref() {
        Err(e) => Err(e.clone()),
        Ok(g) => match g.error_at(&["orgPolicy"]) {
            // No `.github` repository: GitHub has no default policy to apply.
            Some(e) if e.kind.as_deref() == Some("NOT_FOUND") => Ok(None),
            Some(e) => Err(gql_error_unavailable(e, "org-level security policy")),
            None => {
                match serde_json::from_value::<Option<OrgRepoNode>>(g.at(&["orgPolicy"]).clone()) {
                    Err(_) => Err(malformed("the org-level security policy")),
                    Ok(None) => Ok(None),
                    Ok(Some(o)) => Ok(org_policy(o, owner)),
                }
            }
        },
    };

    let ruleset_names =
        part::<Option<Nodes<RulesetNode>>>(&gql, &["repository", "rulesets"], "rulesets")
            .ok()
            .flatten()
            .map(Nodes::into_vec)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| Some((r.database_id?, r.name?)))
            .collect();

    Main {
        ruleset_names,
        repo,
        branch,
        classic,
        ref_update_rule,
        history,
        reviews,
        checks,
        releases,
        tags,
        org_policy,
    }
}

fn org_policy(o: OrgRepoNode, owner: &str) -> Option<OrgPolicy> {
    let repository = o
        .name_with_owner
        .clone()
        .unwrap_or_else(|| format!("{owner}/.github"));
    let base = o
        .url
        .clone()
        .unwrap_or_else(|| format!("https://github.com/{repository}"));
    let at = o
        .default_branch_ref
        .as_ref()
        .and_then(|r| r.target.as_ref())
        .and_then(|t| t.oid.clone())
        .or_else(|| o.default_branch_ref.as_ref().and_then(|r| r.name.clone()))
        .unwrap_or_else(|| "HEAD".into());
    for (path, blob) in [
        ("SECURITY.md", o.root),
        (".github/SECURITY.md", o.dot_github),
        ("docs/SECURITY.md", o.docs),
    ] {
        if let Some(b) = blob {
            if b.typename.as_deref().is_none_or(|t| t == "Blob") {
                if let Some(text) = b.text {
                    let mut content = text;
                    if content.len() > crate::evidence::files::MAX_CONTENT {
                        let mut cut = crate::evidence::files::MAX_CONTENT;
                        while !content.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        content.truncate(cut);
                    }
                    return Some(OrgPolicy {
                        repository,
                        path: path.to_string(),
                        html_url: format!("{base}/blob/{at}/{path}"),
                        content,
                    });
                }
            }
        }
    }
    None
}

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
    let canonical = GithubRepo {
        owner: gh_repo.owner.clone(),
        name: gh_repo.name.clone(),
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prow_commands_and_notifications() {
        assert!(prow_command("/lgtm"));
        assert!(prow_command("looks good\n/approve\n"));
        assert!(!prow_command("/lgtm cancel"));
        assert!(!prow_command("please /lgtm this"));
        assert!(prow_notification(
            "[APPROVALNOTIFIER] This PR is **APPROVED**"
        ));
        assert!(prow_notification("LGTM label has been added.  <details>"));
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b"), "a%20b");
        assert_eq!(encode_segment(".github"), ".github");
        assert_eq!(encode_branch("release/1.0"), "release/1.0");
        assert_eq!(encode_branch("feat#1"), "feat%231");
    }

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
