//! A mock GitHub (and badge site) for many repositories at once, on 127.0.0.1 only: one
//! generic responder answers whatever the collector asks, for any `owner/name`, from the
//! path and the GraphQL variables. Used by tests/batch.rs and examples/batch_bench.rs.
//!
//! Repositories whose name starts with `missing` answer 404; names starting with `broken`
//! answer 500 to everything. Every other repository has a README with a badge link, a
//! SECURITY.md, one CI workflow, one signed commit and one reviewed pull request.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const HEAD: &str = "1111111111111111111111111111111111111111";

const README: &str = "# Project\n\n[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/{ID}/badge)](https://www.bestpractices.dev/projects/{ID})\n";
const SECURITY: &str = "# Security\n\nReport vulnerabilities to security@example.org.\n";
const WORKFLOW: &str = "name: ci\non:\n  pull_request:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go test ./...\n";

/// One request as the mock saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub path: String,
    /// `owner/name` the request was about, when it names one.
    pub repo: Option<String>,
    /// `core`, `graphql` or `badge`.
    pub resource: &'static str,
    pub status: u16,
}

/// Shared state of the mock.
#[derive(Debug)]
pub struct State {
    pub latency: Duration,
    /// Keep every request (tests); off for the benchmark.
    pub record: bool,
    pub seen: Mutex<Vec<Seen>>,
    pub requests: AtomicU64,
    /// After this many `core` requests, answer with `X-RateLimit-Remaining: 0` and a reset
    /// `reset_secs` later; until the reset, `core` requests get GitHub's 403.
    pub exhaust_after: Option<u64>,
    pub reset_secs: i64,
    pub reset_at: Mutex<Option<i64>>,
    /// Requests answered 403 because they came before the reset.
    pub early: AtomicU64,
    core: AtomicU64,
}

impl State {
    pub fn new(latency: Duration, record: bool) -> Self {
        State {
            latency,
            record,
            seen: Mutex::new(Vec::new()),
            requests: AtomicU64::new(0),
            exhaust_after: None,
            reset_secs: 2,
            reset_at: Mutex::new(None),
            early: AtomicU64::new(0),
            core: AtomicU64::new(0),
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Requests about `owner/name`.
    pub fn requests_for(&self, repo: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.repo.as_deref() == Some(repo))
            .count()
    }
}

fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn project_id(repo: &str) -> u64 {
    // Stable per repository, never 0.
    repo.bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64))
        % 90_000
        + 1
}

#[derive(Clone)]
struct Responder(Arc<State>);

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let st = &self.0;
        st.requests.fetch_add(1, Ordering::Relaxed);
        let path = req.url.path().to_string();
        let method = req.method.to_string();
        let (status, body, repo, resource, headers) = answer(st, req, &path, &method);
        if st.record {
            st.seen.lock().unwrap().push(Seen {
                at: Instant::now(),
                method,
                path,
                repo,
                resource,
                status,
            });
        }
        let mut t = ResponseTemplate::new(status)
            .set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json");
        for (k, v) in headers {
            t = t.insert_header(k.as_str(), v.as_str());
        }
        if !st.latency.is_zero() {
            t = t.set_delay(st.latency);
        }
        t
    }
}

type Answer = (
    u16,
    Value,
    Option<String>,
    &'static str,
    Vec<(String, String)>,
);

fn rate_headers(resource: &str, remaining: u64, reset: i64) -> Vec<(String, String)> {
    vec![
        ("X-RateLimit-Limit".into(), "5000".into()),
        ("X-RateLimit-Remaining".into(), remaining.to_string()),
        ("X-RateLimit-Reset".into(), reset.to_string()),
        ("X-RateLimit-Resource".into(), resource.into()),
    ]
}

fn badge_project(id: u64) -> Value {
    json!({"id": id, "name": format!("project {id}"), "badge_level": "passing", "tiered_percentage": 150,
        "repo_url": Value::Null, "homepage_url": Value::Null})
}

fn answer(st: &State, req: &Request, path: &str, method: &str) -> Answer {
    // Badge site.
    if let Some(rest) = path.strip_prefix("/projects/") {
        let id = rest
            .trim_end_matches(".json")
            .parse::<u64>()
            .unwrap_or_default();
        return (200, badge_project(id), None, "badge", Vec::new());
    }
    if path == "/projects.json" {
        // `?ids=1,2,3`: those projects (every id is known); `?url=`: none.
        let ids: Vec<Value> = req
            .url
            .query_pairs()
            .filter(|(k, _)| k == "ids")
            .flat_map(|(_, v)| {
                v.split(',')
                    .filter_map(|i| i.parse::<u64>().ok())
                    .collect::<Vec<_>>()
            })
            .take(20)
            .map(badge_project)
            .collect();
        return (200, Value::Array(ids), None, "badge", Vec::new());
    }
    let far = 4_102_444_800; // 2100-01-01
    if method == "POST" && path == "/graphql" {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let vars = &body["variables"];
        let owner = vars["owner"].as_str().unwrap_or("o").to_string();
        let name = vars["name"].as_str().unwrap_or("r").to_string();
        let repo = format!("{owner}/{name}");
        let q = body["query"].as_str().unwrap_or("");
        let op = q
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .split('(')
            .next()
            .unwrap_or("");
        let headers = rate_headers("graphql", 4990, far);
        if name.starts_with("broken") {
            return (
                500,
                json!({"message": "boom"}),
                Some(repo),
                "graphql",
                headers,
            );
        }
        let out = match op {
            "TssaRepo" => repo_answer(&owner, &name),
            "TssaFiles" => files_answer(&repo, vars),
            "TssaHistory" => json!({"data": {"repository": {"head": null}}}),
            _ => json!({"data": {"repository": null}}),
        };
        return (200, out, Some(repo), "graphql", headers);
    }
    // REST: /repos/{o}/{r}/...
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if parts.len() < 3 || parts[0] != "repos" {
        return (
            404,
            json!({"message": "Not Found"}),
            None,
            "core",
            rate_headers("core", 4990, far),
        );
    }
    let (owner, name) = (parts[1], parts[2]);
    let repo = format!("{owner}/{name}");
    // Primary rate limit scenario.
    let n = st.core.fetch_add(1, Ordering::SeqCst) + 1;
    let mut remaining = 4990u64;
    let mut reset = far;
    if let Some(after) = st.exhaust_after {
        let mut r = st.reset_at.lock().unwrap();
        let now = now_epoch();
        match *r {
            Some(t) if now < t => {
                st.early.fetch_add(1, Ordering::SeqCst);
                return (
                    403,
                    json!({"message": "API rate limit exceeded for user ID 1."}),
                    Some(repo),
                    "core",
                    rate_headers("core", 0, t),
                );
            }
            None if n == after => {
                let t = now + st.reset_secs;
                *r = Some(t);
                remaining = 0;
                reset = t;
            }
            _ => {}
        }
    }
    let headers = rate_headers("core", remaining, reset);
    if name.starts_with("missing") {
        return (
            404,
            json!({"message": "Not Found"}),
            Some(repo),
            "core",
            headers,
        );
    }
    if name.starts_with("broken") {
        return (
            500,
            json!({"message": "Server Error"}),
            Some(repo),
            "core",
            headers,
        );
    }
    let tail: Vec<&str> = parts[3..].to_vec();
    let body = match tail.as_slice() {
        [] => json!({
            "id": project_id(&repo), "node_id": "R_1", "name": name, "full_name": repo,
            "owner": Value::Null,
            "private": false, "html_url": format!("https://github.com/{repo}"),
            "url": format!("https://api.github.com/repos/{repo}"),
            "fork": false, "archived": false, "default_branch": "main",
            "permissions": {"admin": false, "maintain": false, "push": false, "triage": false, "pull": true}
        }),
        ["rules", "branches", ..] => json!([
            {"type": "pull_request", "ruleset_source_type": "Repository", "ruleset_source": repo, "ruleset_id": 1,
             "parameters": {"required_approving_review_count": 1, "dismiss_stale_reviews_on_push": false, "require_code_owner_review": false, "require_last_push_approval": false, "required_review_thread_resolution": false}},
            {"type": "non_fast_forward", "ruleset_source_type": "Repository", "ruleset_source": repo, "ruleset_id": 1},
            {"type": "deletion", "ruleset_source_type": "Repository", "ruleset_source": repo, "ruleset_id": 1}
        ]),
        ["branches", _, "protection"] => {
            return (
                404,
                json!({"message": "Branch not protected"}),
                Some(repo),
                "core",
                headers,
            );
        }
        ["private-vulnerability-reporting"] => json!({"enabled": true}),
        ["security-advisories"] => json!([]),
        ["git", "trees", sha] => {
            let files = [
                ("README.md", README.len()),
                ("SECURITY.md", SECURITY.len()),
                (".github/workflows/ci.yml", WORKFLOW.len()),
                ("main.go", 20),
            ];
            let mut tree: Vec<Value> = files
                .iter()
                .map(|(p, n)| json!({"path": p, "mode": "100644", "type": "blob", "sha": "3333333333333333333333333333333333333333", "size": n}))
                .collect();
            tree.push(json!({"path": ".github", "mode": "040000", "type": "tree", "sha": "5555555555555555555555555555555555555555"}));
            tree.push(json!({"path": ".github/workflows", "mode": "040000", "type": "tree", "sha": "6666666666666666666666666666666666666666"}));
            json!({"sha": sha, "url": format!("https://api.github.com/repos/{repo}/git/trees/{sha}"), "tree": tree, "truncated": false})
        }
        _ => {
            return (
                404,
                json!({"message": "Not Found"}),
                Some(repo),
                "core",
                headers,
            );
        }
    };
    (200, body, Some(repo), "core", headers)
}

fn repo_answer(owner: &str, name: &str) -> Value {
    let repo = format!("{owner}/{name}");
    json!({"data": {
        "rateLimit": {"cost": 1, "remaining": 4990, "resetAt": "2100-01-01T00:00:00Z", "limit": 5000},
        "repository": {
            "nameWithOwner": repo, "url": format!("https://github.com/{repo}"),
            "isArchived": false, "isFork": false, "isPrivate": false, "isEmpty": false,
            "viewerPermission": "READ", "isSecurityPolicyEnabled": true,
            "securityPolicyUrl": format!("https://github.com/{repo}/security/policy"),
            "defaultBranchRef": {
                "name": "main", "branchProtectionRule": null,
                "refUpdateRule": {"pattern": "main", "requiredApprovingReviewCount": 1, "requiredStatusCheckContexts": ["test"],
                    "requiresCodeOwnerReviews": false, "requiresLinearHistory": false, "requiresSignatures": false,
                    "allowsForcePushes": false, "allowsDeletions": false},
                "target": {"__typename": "Commit", "oid": HEAD, "statusCheckRollup": {"state": "SUCCESS", "contexts": {"nodes": [
                    {"__typename": "CheckRun", "name": "test", "status": "COMPLETED", "conclusion": "SUCCESS", "checkSuite": {"app": {"slug": "github-actions", "name": "GitHub Actions"}}}
                ]}}}
            },
            "head": {"__typename": "Commit", "oid": HEAD, "history": {
                "pageInfo": {"hasNextPage": false, "endCursor": null},
                "nodes": [{
                    "oid": HEAD, "committedDate": "2025-01-02T03:04:05Z", "message": "init\n\nSigned-off-by: Dev <dev@example.org>",
                    "committer": {"name": "Dev", "email": "dev@example.org"},
                    "signature": {"__typename": "GpgSignature", "isValid": true, "state": "VALID", "wasSignedByGitHub": false},
                    "associatedPullRequests": {"totalCount": 1}
                }]
            }},
            "pullRequests": {"totalCount": 1, "nodes": [{
                "number": 1, "url": format!("https://github.com/{repo}/pull/1"), "mergedAt": "2025-01-02T03:04:05Z",
                "headRefOid": "2222222222222222222222222222222222222222", "author": {"login": "dev"},
                "mergeCommit": {"oid": HEAD}, "labels": {"nodes": []},
                "reviews": {"nodes": [{"author": {"login": "reviewer"}, "state": "APPROVED"}]},
                "comments": {"nodes": []},
                "commits": {"nodes": [{"commit": {"oid": "2222222222222222222222222222222222222222", "statusCheckRollup": {"state": "SUCCESS", "contexts": {"nodes": []}}}}]}
            }]},
            "releases": {"nodes": []},
            "rulesets": {"nodes": [{"databaseId": 1, "name": "main", "enforcement": "ACTIVE"}]},
            "tags": {"totalCount": 0, "nodes": []}
        },
        "orgPolicy": null
    },
    "errors": [{"type": "NOT_FOUND", "path": ["orgPolicy"], "locations": [{"line": 1, "column": 1}],
        "message": format!("Could not resolve to a Repository with the name '{owner}/.github'.")}]
    })
}

fn files_answer(repo: &str, vars: &Value) -> Value {
    let id = project_id(repo);
    let files: BTreeMap<&str, String> = [
        ("README.md", README.replace("{ID}", &id.to_string())),
        ("SECURITY.md", SECURITY.to_string()),
        (".github/workflows/ci.yml", WORKFLOW.to_string()),
        (
            "main.go",
            "package main\n\nfunc main() {}\n"[..20].to_string(),
        ),
    ]
    .into_iter()
    .collect();
    let mut out = serde_json::Map::new();
    if let Some(obj) = vars.as_object() {
        for (k, v) in obj {
            let Some(i) = k.strip_prefix('e') else {
                continue;
            };
            let expr = v.as_str().unwrap_or("");
            let p = expr.split_once(':').map(|(_, p)| p).unwrap_or("");
            let blob = files.get(p).map(|text| {
                json!({"__typename": "Blob", "text": text, "byteSize": text.len(), "isTruncated": false, "isBinary": false})
            });
            out.insert(format!("f{i}"), blob.unwrap_or(Value::Null));
        }
    }
    json!({"data": {"rateLimit": {"cost": 1, "remaining": 4990, "resetAt": "2100-01-01T00:00:00Z", "limit": 5000}, "repository": out}})
}

/// A started mock: GitHub's REST and GraphQL, and the badge site, on one server.
pub struct MockGithub {
    pub server: MockServer,
    pub state: Arc<State>,
}

impl MockGithub {
    pub async fn start(state: State) -> Self {
        let state = Arc::new(state);
        let server = if state.record {
            MockServer::start().await
        } else {
            MockServer::builder()
                .disable_request_recording()
                .start()
                .await
        };
        Mock::given(wiremock::matchers::any())
            .respond_with(Responder(Arc::clone(&state)))
            .mount(&server)
            .await;
        MockGithub { server, state }
    }

    pub fn url(&self) -> String {
        self.server.uri()
    }
}
