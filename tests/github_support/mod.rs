//! A mock GitHub (wiremock, 127.0.0.1 only) built from the fixtures in
//! tests/fixtures/github (copied from ../shared/github-api; see the README there): REST
//! examples from GitHub's OpenAPI description, responses recorded against api.github.com
//! with their real headers (ETag, X-RateLimit-*, Location, Link), and GraphQL answers
//! shaped exactly like the queries in `tssa_probe::evidence::github::queries`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tssa_probe::evidence::github::{GithubClient, GithubConfig, GithubRequest};
use tssa_probe::evidence::{GithubRepo, Needs};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN: &str = "ghp_TESTTOKEN0123456789_do_not_leak";
pub const HEAD: &str = "1111111111111111111111111111111111111111";

pub fn fixture(rel: &str) -> Value {
    let p = format!("{}/tests/fixtures/github/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// One recorded response: status, real headers, body.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub fn recorded(rel: &str) -> Vec<Recorded> {
    fixture(rel)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Recorded {
            path: c["path"].as_str().unwrap().to_string(),
            status: c["status"].as_u64().unwrap() as u16,
            headers: c["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    (
                        h[0].as_str().unwrap().to_string(),
                        h[1].as_str().unwrap().to_string(),
                    )
                })
                .collect(),
            body: c["body"].clone(),
        })
        .collect()
}

/// The real header set of a recorded `GET /repos/{o}/{r}` (ETag, X-RateLimit-*, ...).
pub fn real_headers() -> Vec<(String, String)> {
    recorded("recorded/get-repository.json")[0]
        .headers
        .iter()
        .filter(|(k, _)| {
            !k.eq_ignore_ascii_case("etag")
                && !k.eq_ignore_ascii_case("last-modified")
                && !k.eq_ignore_ascii_case("content-type")
        })
        .cloned()
        .collect()
}

/// A JSON response with the real headers and an ETag derived from the body; answers 304
/// when the request's If-None-Match matches (as GitHub does).
#[derive(Clone)]
pub struct Etagged {
    pub status: u16,
    pub body: Value,
    pub extra: Vec<(String, String)>,
}

impl Etagged {
    pub fn ok(body: Value) -> Self {
        Etagged {
            status: 200,
            body,
            extra: Vec::new(),
        }
    }
    fn etag(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.body.to_string().hash(&mut h);
        format!("\"{:016x}\"", h.finish())
    }
}

impl Respond for Etagged {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let etag = self.etag();
        let mut t = if self.status == 200
            && req
                .headers
                .get("if-none-match")
                .and_then(|v| v.to_str().ok())
                == Some(etag.as_str())
        {
            ResponseTemplate::new(304)
        } else {
            ResponseTemplate::new(self.status).set_body_raw(
                serde_json::to_vec(&self.body).unwrap(),
                "application/json; charset=utf-8",
            )
        };
        for (k, v) in real_headers().iter().chain(self.extra.iter()) {
            t = t.insert_header(k.as_str(), v.as_str());
        }
        if self.status == 200 {
            t = t.insert_header("ETag", etag.as_str());
        }
        t
    }
}

/// Who is asking, as GitHub's `permissions` object shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    Admin,
    Write,
    Read,
}

/// `GET /repos/{o}/{r}` body: the recorded admin view or the documented read-only view,
/// renamed to `owner/name`.
pub fn repo_body(owner: &str, name: &str, perm: Perm, branch: &str) -> Value {
    let mut b = match perm {
        Perm::Admin => recorded("recorded/get-repository.json")[0].body.clone(),
        _ => fixture("rest/repos-get.json"),
    };
    b["name"] = json!(name);
    b["full_name"] = json!(format!("{owner}/{name}"));
    b["owner"]["login"] = json!(owner);
    b["html_url"] = json!(format!("https://github.com/{owner}/{name}"));
    b["default_branch"] = json!(branch);
    b["archived"] = json!(false);
    b["private"] = json!(false);
    b["fork"] = json!(false);
    b["permissions"] = match perm {
        Perm::Admin => {
            json!({"admin": true, "maintain": true, "push": true, "triage": true, "pull": true})
        }
        Perm::Write => {
            json!({"admin": false, "maintain": false, "push": true, "triage": true, "pull": true})
        }
        Perm::Read => {
            json!({"admin": false, "maintain": false, "push": false, "triage": false, "pull": true})
        }
    };
    b
}

/// Counts GraphQL operations by name and answers them.
#[derive(Clone, Default)]
pub struct GraphqlState {
    pub repo: Arc<Mutex<Value>>,
    pub history_pages: Arc<Mutex<Vec<Value>>>,
    pub files: Arc<Mutex<BTreeMap<String, String>>>,
    pub counts: Arc<Mutex<BTreeMap<String, u64>>>,
    /// Raw body to send instead (malformed JSON tests).
    pub raw: Arc<Mutex<Option<(u16, String)>>>,
    pub seen_queries: Arc<Mutex<Vec<String>>>,
}

impl Respond for GraphqlState {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let q = body["query"].as_str().unwrap_or("").to_string();
        self.seen_queries.lock().unwrap().push(q.clone());
        let op = q
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .split('(')
            .next()
            .unwrap_or("")
            .to_string();
        *self.counts.lock().unwrap().entry(op.clone()).or_default() += 1;
        let headers = [
            ("X-RateLimit-Limit", "5000"),
            ("X-RateLimit-Remaining", "4990"),
            ("X-RateLimit-Reset", "4102444800"),
            ("X-RateLimit-Resource", "graphql"),
        ];
        let mut t = if let Some((status, raw)) = self.raw.lock().unwrap().clone() {
            ResponseTemplate::new(status).set_body_raw(raw.into_bytes(), "application/json")
        } else {
            let out = match op.as_str() {
                "TssaRepo" => self.repo.lock().unwrap().clone(),
                "TssaHistory" => {
                    let mut pages = self.history_pages.lock().unwrap();
                    if pages.is_empty() {
                        json!({"data": {"repository": {"head": null}}})
                    } else {
                        pages.remove(0)
                    }
                }
                "TssaFiles" => {
                    let files = self.files.lock().unwrap();
                    let vars = body["variables"].as_object().cloned().unwrap_or_default();
                    let mut repo = serde_json::Map::new();
                    for (k, v) in &vars {
                        let Some(i) = k.strip_prefix('e') else {
                            continue;
                        };
                        let expr = v.as_str().unwrap_or("");
                        let path = expr.split_once(':').map(|(_, p)| p).unwrap_or("");
                        let blob = files.get(path).map(|text| {
                            json!({"__typename": "Blob", "text": text, "byteSize": text.len(), "isTruncated": false, "isBinary": false})
                        });
                        repo.insert(format!("f{i}"), blob.unwrap_or(Value::Null));
                    }
                    json!({"data": {"rateLimit": {"cost": 1, "remaining": 4990, "resetAt": "2100-01-01T00:00:00Z", "limit": 5000}, "repository": repo}})
                }
                _ => json!({"errors": [{"message": format!("unknown operation {op}")}]}),
            };
            ResponseTemplate::new(200)
                .set_body_raw(serde_json::to_vec(&out).unwrap(), "application/json")
        };
        for (k, v) in headers {
            t = t.insert_header(k, v);
        }
        t
    }
}

// ------------------------------------------------------------ GraphQL answer builders

pub fn web_flow() -> (&'static str, &'static str) {
    ("GitHub", "noreply@github.com")
}

pub fn dev() -> (&'static str, &'static str) {
    ("Dev Eloper", "dev@example.org")
}

/// A commit node of the `History` fragment.
pub fn commit(
    oid: &str,
    committer: (&str, &str),
    sig: Option<(&str, bool, &str)>,
    message: &str,
    prs: u64,
) -> Value {
    json!({
        "oid": oid,
        "committedDate": "2025-01-02T03:04:05Z",
        "message": message,
        "committer": {"name": committer.0, "email": committer.1},
        "signature": sig.map(|(t, valid, state)| json!({"__typename": t, "isValid": valid, "state": state, "wasSignedByGitHub": committer.1 == "noreply@github.com"})),
        "associatedPullRequests": {"totalCount": prs},
    })
}

/// A merged pull request node.
pub fn pr(
    number: u64,
    author: &str,
    reviews: &[(&str, &str)],
    labels: &[&str],
    comments: &[(&str, &str, &str)],
) -> Value {
    json!({
        "number": number,
        "url": format!("https://github.com/o/r/pull/{number}"),
        "mergedAt": "2025-01-02T03:04:05Z",
        "headRefOid": format!("{number:040}"),
        "author": {"login": author},
        "mergeCommit": {"oid": format!("{:040}", number + 1000)},
        "labels": {"nodes": labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>()},
        "reviews": {"nodes": reviews.iter().map(|(a, s)| json!({"author": {"login": a}, "state": s})).collect::<Vec<_>>()},
        "comments": {"nodes": comments.iter().map(|(a, t, b)| json!({"author": {"__typename": t, "login": a}, "body": b})).collect::<Vec<_>>()},
        "commits": {"nodes": [{"commit": {"oid": format!("{number:040}"), "statusCheckRollup": {"state": "SUCCESS", "contexts": {"nodes": [
            {"__typename": "CheckRun", "name": "test", "status": "COMPLETED", "conclusion": "SUCCESS", "checkSuite": {"app": {"slug": "github-actions", "name": "GitHub Actions"}}}
        ]}}}}]},
    })
}

pub fn release(tag: &str, assets: &[&str]) -> Value {
    json!({
        "tagName": tag,
        "name": tag,
        "url": format!("https://github.com/o/r/releases/tag/{tag}"),
        "publishedAt": "2025-01-02T03:04:05Z",
        "isPrerelease": false,
        "isDraft": false,
        "releaseAssets": {"nodes": assets.iter().map(|a| json!({"name": a, "downloadUrl": format!("https://github.com/o/r/releases/download/{tag}/{a}")})).collect::<Vec<_>>()},
    })
}

/// What the org's `.github` repository holds.
#[derive(Debug, Clone)]
pub enum OrgDotGithub {
    Missing,
    Empty,
    Policy(&'static str, &'static str),
}

/// The `TssaRepo` answer for a repository.
#[derive(Debug, Clone)]
pub struct RepoAnswer {
    pub viewer_permission: &'static str,
    pub branch: &'static str,
    pub head: String,
    pub bpr: Value,
    pub rur: Value,
    pub commits: Vec<Value>,
    pub has_next_page: bool,
    pub prs: Vec<Value>,
    pub releases: Vec<Value>,
    pub tags: Vec<Value>,
    /// `totalCount` of the tags connection when it is more than the nodes sent.
    pub tags_total: Option<usize>,
    pub org: OrgDotGithub,
    pub is_empty: bool,
}

impl Default for RepoAnswer {
    fn default() -> Self {
        RepoAnswer {
            viewer_permission: "ADMIN",
            branch: "main",
            head: HEAD.into(),
            bpr: Value::Null,
            rur: Value::Null,
            commits: vec![commit(HEAD, dev(), None, "init", 0)],
            has_next_page: false,
            prs: Vec::new(),
            releases: Vec::new(),
            tags: Vec::new(),
            tags_total: None,
            org: OrgDotGithub::Missing,
            is_empty: false,
        }
    }
}

impl RepoAnswer {
    pub fn json(&self, owner: &str, name: &str) -> Value {
        let mut errors = Vec::new();
        let org = match &self.org {
            OrgDotGithub::Missing => {
                errors.push(json!({"type": "NOT_FOUND", "path": ["orgPolicy"], "locations": [{"line": 1, "column": 1}],
                    "message": format!("Could not resolve to a Repository with the name '{owner}/.github'.")}));
                Value::Null
            }
            OrgDotGithub::Empty => json!({
                "nameWithOwner": format!("{owner}/.github"), "url": format!("https://github.com/{owner}/.github"),
                "defaultBranchRef": {"name": "main", "target": {"oid": "2222222222222222222222222222222222222222"}},
                "root": null, "dotGithub": null, "docs": null
            }),
            OrgDotGithub::Policy(path, text) => {
                let blob = json!({"__typename": "Blob", "text": text, "byteSize": text.len(), "isTruncated": false});
                let mut o = json!({
                    "nameWithOwner": format!("{owner}/.github"), "url": format!("https://github.com/{owner}/.github"),
                    "defaultBranchRef": {"name": "main", "target": {"oid": "2222222222222222222222222222222222222222"}},
                    "root": null, "dotGithub": null, "docs": null
                });
                let key = match *path {
                    "SECURITY.md" => "root",
                    ".github/SECURITY.md" => "dotGithub",
                    _ => "docs",
                };
                o[key] = blob;
                o
            }
        };
        let mut out = json!({
            "data": {
                "rateLimit": {"cost": 1, "remaining": 4990, "resetAt": "2100-01-01T00:00:00Z", "limit": 5000},
                "repository": {
                    "nameWithOwner": format!("{owner}/{name}"),
                    "url": format!("https://github.com/{owner}/{name}"),
                    "isArchived": false, "isFork": false, "isPrivate": false, "isEmpty": self.is_empty,
                    "viewerPermission": self.viewer_permission,
                    "isSecurityPolicyEnabled": false, "securityPolicyUrl": null,
                    "defaultBranchRef": if self.is_empty { Value::Null } else { json!({
                        "name": self.branch,
                        "branchProtectionRule": self.bpr,
                        "refUpdateRule": self.rur,
                        "target": {"__typename": "Commit", "oid": self.head, "statusCheckRollup": {"state": "SUCCESS", "contexts": {"nodes": [
                            {"__typename": "CheckRun", "name": "build", "status": "COMPLETED", "conclusion": "SUCCESS", "checkSuite": {"app": {"slug": "github-actions", "name": "GitHub Actions"}}},
                            {"__typename": "StatusContext", "context": "tide", "state": "SUCCESS", "creator": {"login": "k8s-ci-robot"}}
                        ]}}}
                    })},
                    "head": if self.is_empty { Value::Null } else { json!({"__typename": "Commit", "oid": self.head, "history": {
                        "pageInfo": {"hasNextPage": self.has_next_page, "endCursor": if self.has_next_page { json!("cursor1") } else { Value::Null }},
                        "nodes": self.commits,
                    }})},
                    "pullRequests": {"totalCount": self.prs.len(), "nodes": self.prs},
                    "releases": {"nodes": self.releases},
                    "tags": {"totalCount": self.tags_total.unwrap_or(self.tags.len()), "nodes": self.tags},
                    "rulesets": {"nodes": [{"databaseId": 42, "name": "main-branch", "enforcement": "ACTIVE"}]},
                },
                "orgPolicy": org,
            }
        });
        if !errors.is_empty() {
            out["errors"] = Value::Array(errors);
        }
        out
    }
}

/// A classic rule as GraphQL's `branchProtectionRule` shows it.
pub fn bpr(approvals: u32) -> Value {
    json!({
        "pattern": "main", "requiresApprovingReviews": true, "requiredApprovingReviewCount": approvals,
        "requiresCodeOwnerReviews": true, "dismissesStaleReviews": true, "requiresStatusChecks": true,
        "requiredStatusCheckContexts": ["build"], "isAdminEnforced": false, "requiresCommitSignatures": false,
        "allowsForcePushes": false, "allowsDeletions": false, "requiresLinearHistory": true
    })
}

/// The non-admin view of a classic rule (`refUpdateRule`).
pub fn rur(approvals: u32) -> Value {
    json!({
        "pattern": "main", "requiredApprovingReviewCount": approvals, "requiredStatusCheckContexts": ["build"],
        "requiresCodeOwnerReviews": false, "requiresLinearHistory": false, "requiresSignatures": true,
        "allowsForcePushes": false, "allowsDeletions": false
    })
}

/// Classic protection as REST shows it.
#[derive(Debug, Clone)]
pub enum Classic {
    /// The documented example body.
    Rule,
    /// The recorded 404 "Branch not protected".
    NotProtected,
    Status(u16),
}

/// A mock GitHub for one repository.
pub struct MockGithub {
    pub server: MockServer,
    pub owner: String,
    pub name: String,
    pub gql: GraphqlState,
    pub tree_requests: Arc<AtomicU64>,
}

impl MockGithub {
    pub async fn start(owner: &str, name: &str) -> Self {
        let server = MockServer::start().await;
        let gql = GraphqlState::default();
        Mock::given(method("POST"))
            .and(path("/graphql"))
            .respond_with(gql.clone())
            .mount(&server)
            .await;
        MockGithub {
            server,
            owner: owner.into(),
            name: name.into(),
            gql,
            tree_requests: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn url(&self) -> String {
        self.server.uri()
    }

    pub fn repo_path(&self) -> String {
        format!("/repos/{}/{}", self.owner, self.name)
    }

    pub fn github_repo(&self) -> GithubRepo {
        GithubRepo {
            owner: self.owner.clone(),
            name: self.name.clone(),
        }
    }

    /// The whole repository: metadata, rules, classic protection, reporting, advisories,
    /// GraphQL answer, tree and files.
    pub async fn serve(&self, perm: Perm, classic: Classic, rules: Value, answer: &RepoAnswer) {
        self.metadata(perm, answer.branch).await;
        self.rules(answer.branch, rules).await;
        self.classic(answer.branch, classic).await;
        self.pvr(true).await;
        self.advisories().await;
        self.answer(answer);
    }

    pub async fn metadata(&self, perm: Perm, branch: &str) {
        Mock::given(method("GET"))
            .and(path(self.repo_path()))
            .respond_with(Etagged::ok(repo_body(
                &self.owner,
                &self.name,
                perm,
                branch,
            )))
            .mount(&self.server)
            .await;
    }

    pub fn answer(&self, answer: &RepoAnswer) {
        *self.gql.repo.lock().unwrap() = answer.json(&self.owner, &self.name);
    }

    pub async fn rules(&self, branch: &str, rules: Value) {
        Mock::given(method("GET"))
            .and(path(format!(
                "{}/rules/branches/{branch}",
                self.repo_path()
            )))
            .respond_with(Etagged::ok(rules))
            .mount(&self.server)
            .await;
    }

    pub async fn classic(&self, branch: &str, classic: Classic) {
        let p = format!("{}/branches/{branch}/protection", self.repo_path());
        let r = match classic {
            Classic::Rule => Etagged::ok(fixture("rest/get-branch-protection.json")),
            Classic::NotProtected => {
                let rec = recorded("recorded/branch-not-protected.json").remove(0);
                Etagged {
                    status: rec.status,
                    body: rec.body,
                    extra: Vec::new(),
                }
            }
            Classic::Status(s) => Etagged {
                status: s,
                body: json!({"message": "Must have admin rights to Repository.", "documentation_url": "https://docs.github.com/rest"}),
                extra: Vec::new(),
            },
        };
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(r)
            .mount(&self.server)
            .await;
    }

    pub async fn pvr(&self, enabled: bool) {
        Mock::given(method("GET"))
            .and(path(format!(
                "{}/private-vulnerability-reporting",
                self.repo_path()
            )))
            .respond_with(Etagged::ok(json!({ "enabled": enabled })))
            .mount(&self.server)
            .await;
    }

    pub async fn advisories(&self) {
        Mock::given(method("GET"))
            .and(path(format!("{}/security-advisories", self.repo_path())))
            .respond_with(Etagged::ok(fixture("rest/list-repository-advisories.json")))
            .mount(&self.server)
            .await;
    }

    /// The recursive tree at `sha` and the contents GraphQL serves for it.
    pub async fn tree(&self, sha: &str, files: &[(&str, &str)], extra_paths: &[&str]) {
        let mut entries: Vec<Value> = files
            .iter()
            .map(|(p, c)| json!({"path": p, "mode": "100644", "type": "blob", "sha": "3333333333333333333333333333333333333333", "size": c.len()}))
            .collect();
        for p in extra_paths {
            entries.push(json!({"path": p, "mode": "100644", "type": "blob", "sha": "4444444444444444444444444444444444444444", "size": 10}));
        }
        entries.push(json!({"path": ".github", "mode": "040000", "type": "tree", "sha": "5555555555555555555555555555555555555555"}));
        let body = json!({"sha": sha, "url": format!("{}/git/trees/{sha}", self.url()), "tree": entries, "truncated": false});
        let count = Arc::clone(&self.tree_requests);
        Mock::given(method("GET"))
            .and(path(format!("{}/git/trees/{sha}", self.repo_path())))
            .respond_with(move |req: &Request| {
                count.fetch_add(1, Ordering::SeqCst);
                Etagged::ok(body.clone()).respond(req)
            })
            .mount(&self.server)
            .await;
        let mut f = self.gql.files.lock().unwrap();
        for (p, c) in files {
            f.insert((*p).to_string(), (*c).to_string());
        }
    }

    /// Requests the server received, by (method, path).
    pub async fn received(&self) -> Vec<(String, String, u16)> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| (r.method.to_string(), r.url.path().to_string(), 0))
            .collect()
    }

    pub async fn count(&self, method_name: &str, p: &str) -> usize {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|r| r.method.as_str() == method_name && r.url.path() == p)
            .count()
    }

    pub fn config(&self, token: bool) -> GithubConfig {
        GithubConfig {
            max_retries: 2,
            retry_base: Duration::from_millis(10),
            secondary_wait: Duration::from_millis(200),
            timeout: Duration::from_secs(5),
            max_rate_wait: Duration::from_secs(5),
            ..GithubConfig::new(
                self.url(),
                token.then(|| secrecy::SecretString::from(TOKEN)),
                None,
            )
        }
    }

    pub fn client(&self) -> GithubClient {
        GithubClient::new(self.config(true)).unwrap()
    }

    pub fn request(&self, remote: bool) -> GithubRequest {
        GithubRequest {
            repo: self.github_repo(),
            remote,
            commits: Some(100),
            prs: 30,
            releases: 10,
            head_commit: None,
            needs: Needs::ALL,
        }
    }
}

/// `path_regex` re-exported for tests that mount their own routes.
pub fn any_path(re: &str) -> wiremock::matchers::PathRegexMatcher {
    path_regex(re)
}
