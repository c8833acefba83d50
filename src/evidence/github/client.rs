//! The GitHub HTTP client: one per run, shared (by `&`) by every scan and every batch job.
//! It owns the rate-limit governor, the optional concurrency limit, and the on-disk ETag
//! cache, and it counts what it sends.
//!
//! Transport: reqwest (rustls), not octocrab's own client. octocrab's default client is
//! built with tower-http's `FollowRedirect` layer (its `follow-redirect` feature, which
//! our Cargo.toml enables), so a `301 Moved Permanently` for a renamed repository never
//! reaches the caller and the extra hop is not counted; its response body cannot be read
//! with a size cap without more plumbing; and its cache middleware turns a `304` into the
//! cached `200`, which hides the `not_modified` count the report must give. reqwest lets us
//! see every status, set `If-None-Match` ourselves, cap bodies while streaming, and time out
//! each attempt. octocrab still supplies the typed model of the repository
//! (`octocrab::models::Repository`, with its `Permissions`); branch protection and trees
//! use the collector's own lenient structs, because octocrab's `BranchProtection` requires
//! `required_status_checks.strict`, which GitHub's own documented example leaves out.
//!
//! The token lives in a [`SecretString`]: it is sent only as the `Authorization` header to
//! the configured API origin, marked sensitive, and never written to a cache file, an
//! error, a log or `Debug` output. Cache files are keyed by a hash of the URL (and of the
//! token, so that two identities never share an entry) and written atomically.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{self, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::error::Error;
use crate::evidence::Unavailable;
use crate::model::Reason;

pub use super::governor::RateStatus;
use super::governor::*;
use crate::evidence::http::cache::*;

pub const DEFAULT_API_URL: &str = "https://api.github.com";
/// Longest wait for a primary rate-limit reset in a single scan (batches set it longer).
pub const DEFAULT_MAX_RATE_WAIT: Duration = Duration::from_secs(90);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
pub const DEFAULT_MAX_RETRIES: u32 = 3;
pub const DEFAULT_RETRY_BASE: Duration = Duration::from_millis(800);
/// GitHub asks clients to wait at least a minute after a secondary limit with no
/// `Retry-After`.
pub const DEFAULT_SECONDARY_WAIT: Duration = Duration::from_secs(60);
/// Largest response body read (a recursive tree of a very large repository stays below).
pub const MAX_BODY: usize = 48 * 1024 * 1024;
/// Cache files not used for this long are pruned.
pub const DEFAULT_CACHE_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// Settings of the GitHub client, shared by every scan of a batch.
#[derive(Debug, Clone)]
pub struct GithubConfig {
    /// REST base, e.g. `https://api.github.com`; GraphQL is `<api>/graphql`
    /// (`https://HOST/api/graphql` when the base is GitHub Enterprise's `https://HOST/api/v3`).
    pub api_url: String,
    pub token: Option<SecretString>,
    /// On-disk HTTP cache directory; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// When the primary rate limit is exhausted: wait for the reset if it comes within this
    /// long, else give up on the evidence with reason `rate_limited`. Batches set it long.
    pub max_rate_wait: Duration,
    /// Requests in flight at once over all scans sharing the client (`None`: no limit).
    pub max_concurrency: Option<usize>,
    /// Retries of an idempotent read after a 5xx, a timeout, a broken connection or a
    /// secondary rate limit.
    pub max_retries: u32,
    /// First back-off step (doubled each retry, plus up to as much again of jitter).
    pub retry_base: Duration,
    /// Wait after a secondary rate limit that gave no `Retry-After`.
    pub secondary_wait: Duration,
    /// Time allowed for one attempt (connect, headers and body).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Cache files unused for longer are deleted when a client is built (`None`: kept).
    pub cache_max_age: Option<Duration>,
}

impl Default for GithubConfig {
    fn default() -> Self {
        GithubConfig {
            api_url: DEFAULT_API_URL.to_string(),
            token: None,
            cache_dir: None,
            max_rate_wait: DEFAULT_MAX_RATE_WAIT,
            max_concurrency: None,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_base: DEFAULT_RETRY_BASE,
            secondary_wait: DEFAULT_SECONDARY_WAIT,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            cache_max_age: Some(DEFAULT_CACHE_MAX_AGE),
        }
    }
}

impl GithubConfig {
    pub fn new(
        api_url: impl Into<String>,
        token: Option<SecretString>,
        cache_dir: Option<PathBuf>,
    ) -> Self {
        GithubConfig {
            api_url: api_url.into(),
            token,
            cache_dir,
            ..GithubConfig::default()
        }
    }
}

/// Counts for one scan (one repository).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub requests: AtomicU64,
    pub not_modified: AtomicU64,
    remaining: Mutex<Option<u64>>,
}

impl Tally {
    fn saw_remaining(&self, r: u64) {
        if let Ok(mut g) = self.remaining.lock() {
            *g = Some(g.map_or(r, |old| old.min(r)));
        }
    }
    pub fn remaining(&self) -> Option<u64> {
        self.remaining.lock().ok().and_then(|g| *g)
    }
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
    pub fn not_modified(&self) -> u64 {
        self.not_modified.load(Ordering::Relaxed)
    }
}

/// A response, read in full (bodies are capped).
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    /// The URL asked for.
    pub url: String,
    pub body: Vec<u8>,
    pub link: Option<String>,
    pub location: Option<String>,
}

impl Reply {
    /// GitHub's `message` from an error body, capped, for details.
    pub fn message(&self) -> String {
        #[derive(Deserialize)]
        struct E {
            message: Option<String>,
        }
        serde_json::from_slice::<E>(&self.body)
            .ok()
            .and_then(|e| e.message)
            .map(|m| m.chars().take(200).collect())
            .unwrap_or_default()
    }

    /// The URL of the next page from a `Link` header.
    pub fn next_page(&self) -> Option<String> {
        let link = self.link.as_deref()?;
        link.split(',').find_map(|part| {
            let (url, params) = part.split_once(';')?;
            params
                .split(';')
                .any(|p| {
                    let p = p.trim().replace(' ', "");
                    p == "rel=\"next\"" || p == "rel=next"
                })
                .then(|| {
                    url.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })
        })
    }
}

/// A request that could not be answered usably.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// The rate limit ran out and its reset is further away than the allowed wait.
    RateLimited { reset: Option<i64> },
    /// 5xx, also after retries.
    Server { status: u16 },
    /// No answer in time, also after retries.
    Timeout,
    /// Connection failures, also after retries (the text never holds the token).
    Transport(String),
    /// The body was larger than [`MAX_BODY`].
    TooLarge,
    /// The request could not be built (bad URL).
    BadRequest(String),
}

impl FetchError {
    /// Why `what` (a noun phrase: "the branch rules") is missing.
    pub fn unavailable(&self, what: &str) -> Unavailable {
        match self {
            FetchError::RateLimited { reset } => {
                let when = reset
                    .and_then(|r| chrono::DateTime::<chrono::Utc>::from_timestamp(r, 0))
                    .map(|t| format!(" (it resets at {} UTC)", t.format("%H:%M")))
                    .unwrap_or_default();
                Unavailable::new(
                    Reason::RateLimited,
                    format!("the GitHub API rate limit ran out before {what} could be read{when}"),
                )
            }
            FetchError::Server { status } => Unavailable::new(
                Reason::ApiError,
                format!("GitHub answered {status} for {what}, also after retries"),
            ),
            FetchError::Timeout => Unavailable::new(
                Reason::ApiError,
                format!("the GitHub API did not answer in time for {what}, also after retries"),
            ),
            FetchError::Transport(e) => Unavailable::new(
                Reason::ApiError,
                format!("the GitHub API could not be reached for {what}: {e}"),
            ),
            FetchError::TooLarge => Unavailable::new(
                Reason::ApiError,
                format!("GitHub's answer for {what} was larger than {MAX_BODY} bytes"),
            ),
            FetchError::BadRequest(e) => Unavailable::new(
                Reason::ApiError,
                format!("the request for {what} could not be built: {e}"),
            ),
        }
    }
}

/// How a response may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CacheMode {
    /// Not cached.
    None,
    /// Revalidated with `If-None-Match` every time.
    Revalidate,
    /// Content-addressed (a tree or blob by sha): served from the cache without a request.
    Immutable,
}

// -------------------------------------------------------------------------- client

/// One client for all scans (and all jobs of a batch): one rate-limit governor, one cache.
pub struct GithubClient {
    pub config: GithubConfig,
    http: reqwest::Client,
    graphql_url: String,
    governor: Governor,
    cache: Option<DiskCache>,
    semaphore: Option<Arc<Semaphore>>,
    requests: AtomicU64,
    not_modified: AtomicU64,
}

impl std::fmt::Debug for GithubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GithubClient")
            .field("api_url", &self.config.api_url)
            .field("graphql_url", &self.graphql_url)
            .field("authenticated", &self.config.token.is_some())
            .field("cache_dir", &self.config.cache_dir)
            .finish_non_exhaustive()
    }
}

/// GraphQL endpoint for a REST base URL.
pub fn graphql_url(api_url: &str) -> String {
    let base = api_url.trim_end_matches('/');
    match base.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{base}/graphql"),
    }
}

impl GithubClient {
    pub fn new(mut config: GithubConfig) -> Result<Self, Error> {
        config.api_url = config.api_url.trim_end_matches('/').to_string();
        let parsed = url::Url::parse(&config.api_url).map_err(|e| {
            Error::Usage(format!(
                "--github-api-url {} is not a URL: {e}",
                config.api_url
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Usage(format!(
                "--github-api-url {} must be an http or https URL",
                config.api_url
            )));
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("tssa-probe/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| {
                Error::Usage(format!(
                    "the HTTP client for GitHub could not be built: {e}"
                ))
            })?;
        let cache = config.cache_dir.clone().map(|dir| {
            let mut h = Sha256::new();
            h.update(b"tssa-probe github cache v1\0");
            h.update(parsed.as_str().as_bytes());
            h.update(b"\0");
            match &config.token {
                Some(t) => h.update(t.expose_secret().as_bytes()),
                None => h.update(b"anonymous"),
            }
            DiskCache {
                dir,
                salt: h.finalize().into(),
            }
        });
        if let (Some(c), Some(age)) = (&cache, config.cache_max_age) {
            c.prune(age);
        }
        let semaphore = config
            .max_concurrency
            .filter(|n| *n > 0)
            .map(|n| Arc::new(Semaphore::new(n)));
        Ok(GithubClient {
            graphql_url: graphql_url(&config.api_url),
            config,
            http,
            governor: Governor::default(),
            cache,
            semaphore,
            requests: AtomicU64::new(0),
            not_modified: AtomicU64::new(0),
        })
    }

    pub fn authenticated(&self) -> bool {
        self.config.token.is_some()
    }

    pub fn api_url(&self) -> &str {
        &self.config.api_url
    }

    pub fn graphql_url(&self) -> &str {
        &self.graphql_url
    }

    /// The rate limit as last seen, and whether callers are paused waiting for a reset.
    pub fn rate_status(&self) -> RateStatus {
        let mut st = self.governor.status();
        st.requests = self.requests.load(Ordering::Relaxed);
        st.not_modified = self.not_modified.load(Ordering::Relaxed);
        st
    }

    /// True when `url` is on the API's origin (the only place the token is sent).
    pub(crate) fn same_origin(&self, url: &str) -> bool {
        let (Ok(a), Ok(b)) = (url::Url::parse(url), url::Url::parse(&self.config.api_url)) else {
            return false;
        };
        a.scheme() == b.scheme()
            && a.host_str() == b.host_str()
            && a.port_or_known_default() == b.port_or_known_default()
    }

    /// An absolute URL for an API path (`/repos/o/r`).
    pub(crate) fn rest_url(&self, path: &str) -> String {
        format!("{}{}", self.config.api_url, path)
    }

    /// `GET` a REST URL (absolute, on the API origin).
    pub(crate) async fn get(
        &self,
        tally: &Tally,
        url: &str,
        accept: &str,
        cache: CacheMode,
    ) -> Result<Reply, FetchError> {
        self.send(
            tally,
            reqwest::Method::GET,
            url,
            accept,
            None,
            "core",
            cache,
        )
        .await
    }

    /// `POST` a GraphQL document. GraphQL reads are idempotent, so they are retried like
    /// `GET`s. `immutable` caches the answer for good (the query names commits by sha).
    pub(crate) async fn graphql(
        &self,
        tally: &Tally,
        body: &serde_json::Value,
        immutable: bool,
    ) -> Result<Reply, FetchError> {
        let bytes = serde_json::to_vec(body).map_err(|e| FetchError::BadRequest(e.to_string()))?;
        let url = self.graphql_url.clone();
        let cache = if immutable {
            CacheMode::Immutable
        } else {
            CacheMode::None
        };
        self.send(
            tally,
            reqwest::Method::POST,
            &url,
            "application/json",
            Some(bytes),
            "graphql",
            cache,
        )
        .await
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.config.retry_base;
        let step = base.saturating_mul(1u32 << attempt.min(8));
        let jitter = base.mul_f64(fastrand::f64());
        step + jitter
    }

    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        tally: &Tally,
        method: reqwest::Method,
        url: &str,
        accept: &str,
        body: Option<Vec<u8>>,
        resource: &str,
        cache_mode: CacheMode,
    ) -> Result<Reply, FetchError> {
        if !self.same_origin(url) {
            return Err(FetchError::BadRequest(format!(
                "{url} is not on the API's origin"
            )));
        }
        let cache = self
            .cache
            .as_ref()
            .filter(|_| cache_mode != CacheMode::None);
        let key = cache.map(|c| c.key(method.as_str(), url, accept, body.as_deref()));
        let cached = match (cache, &key) {
            (Some(c), Some(k)) => c.load(k, url),
            _ => None,
        };
        // What the log shows of a request: method and path, never headers, query or token.
        let shown = url::Url::parse(url)
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        if cache_mode == CacheMode::Immutable {
            if let (Some(e), Some(c), Some(k)) = (&cached, cache, &key) {
                tracing::debug!("cache hit (immutable): {method} {shown}");
                c.touch(k);
                return Ok(Reply {
                    status: 200,
                    url: url.to_string(),
                    body: e.body.clone().into_bytes(),
                    link: e.link.clone(),
                    location: None,
                });
            }
        }
        let mut attempt: u32 = 0;
        loop {
            self.governor
                .before(resource, self.config.max_rate_wait)
                .await
                .map_err(|r| FetchError::RateLimited {
                    reset: Some(r.reset),
                })?;
            let _permit = match &self.semaphore {
                Some(s) => Some(
                    Arc::clone(s)
                        .acquire_owned()
                        .await
                        .map_err(|e| FetchError::Transport(e.to_string()))?,
                ),
                None => None,
            };
            let mut rb = self
                .http
                .request(method.clone(), url)
                .timeout(self.config.timeout)
                .header(header::ACCEPT, accept)
                .header("X-GitHub-Api-Version", "2022-11-28");
            if let Some(tok) = &self.config.token {
                if let Ok(mut v) = HeaderValue::from_str(&format!("Bearer {}", tok.expose_secret()))
                {
                    v.set_sensitive(true);
                    rb = rb.header(header::AUTHORIZATION, v);
                }
            }
            if cache_mode == CacheMode::Revalidate {
                if let Some(e) = &cached {
                    if let Some(etag) = &e.etag {
                        rb = rb.header(header::IF_NONE_MATCH, etag.as_str());
                    } else if let Some(lm) = &e.last_modified {
                        rb = rb.header(header::IF_MODIFIED_SINCE, lm.as_str());
                    }
                }
            }
            if let Some(b) = &body {
                rb = rb
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(b.clone());
            }
            tally.requests.fetch_add(1, Ordering::Relaxed);
            self.requests.fetch_add(1, Ordering::Relaxed);
            tracing::debug!("request: {method} {shown} (attempt {})", attempt + 1);
            let resp = match rb.send().await {
                Ok(r) => r,
                Err(e) => {
                    if attempt < self.config.max_retries {
                        tracing::info!("retry: {method} {shown}: the connection failed");
                        tokio::time::sleep(self.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(transport_error(&e));
                }
            };
            let status = resp.status().as_u16();
            tracing::debug!("response: {status} for {method} {shown}");
            let headers = resp.headers().clone();
            if let Some(r) = self.governor.observe(resource, &headers) {
                tally.saw_remaining(r);
            }
            let hget = |name: header::HeaderName| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if status == 304 {
                if let Some(e) = &cached {
                    if let (Some(c), Some(k)) = (cache, &key) {
                        c.touch(k);
                    }
                    tally.not_modified.fetch_add(1, Ordering::Relaxed);
                    self.not_modified.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!("cache hit (304 Not Modified): {method} {shown}");
                    return Ok(Reply {
                        status: 200,
                        url: url.to_string(),
                        body: e.body.clone().into_bytes(),
                        link: e.link.clone(),
                        location: None,
                    });
                }
            }
            let body_bytes = match read_capped(resp).await {
                Ok(b) => b,
                Err(ReadError::TooLarge) => return Err(FetchError::TooLarge),
                Err(ReadError::Failed(e)) => {
                    if attempt < self.config.max_retries {
                        tracing::info!("retry: {method} {shown}: the body could not be read");
                        tokio::time::sleep(self.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(e);
                }
            };
            if status == 403 || status == 429 {
                let primary = headers
                    .get("x-ratelimit-remaining")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.trim() == "0");
                let retry_after = headers
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let text = String::from_utf8_lossy(&body_bytes).to_ascii_lowercase();
                let secondary = retry_after.is_some()
                    || text.contains("secondary rate limit")
                    || text.contains("rate limit exceeded")
                    || text.contains("abuse detection");
                if primary && retry_after.is_none() {
                    if attempt < self.config.max_retries {
                        attempt += 1;
                        // `before` waits for the reset, or fails when it is too far away.
                        continue;
                    }
                    let reset = headers
                        .get("x-ratelimit-reset")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<i64>().ok());
                    return Err(FetchError::RateLimited { reset });
                }
                if secondary || primary || status == 429 {
                    let wait = retry_after
                        .map(Duration::from_secs)
                        .unwrap_or(self.config.secondary_wait);
                    let reset = now_epoch() + i64::try_from(wait.as_secs()).unwrap_or(0);
                    if wait > self.config.max_rate_wait || attempt >= self.config.max_retries {
                        return Err(FetchError::RateLimited { reset: Some(reset) });
                    }
                    tracing::info!(
                        "rate limit: {method} {shown} answered {status}; waiting {} s",
                        wait.as_secs()
                    );
                    self.governor.pause(reset, wait + self.backoff(0)).await;
                    attempt += 1;
                    continue;
                }
            }
            if (500..600).contains(&status) {
                if attempt < self.config.max_retries {
                    tracing::info!("retry: {method} {shown} answered {status}");
                    tokio::time::sleep(self.backoff(attempt)).await;
                    attempt += 1;
                    continue;
                }
                return Err(FetchError::Server { status });
            }
            let reply = Reply {
                status,
                url: url.to_string(),
                body: body_bytes,
                link: hget(header::LINK),
                location: hget(header::LOCATION),
            };
            if status == 200 {
                if let (Some(c), Some(k)) = (cache, &key) {
                    let etag = hget(header::ETAG);
                    let last_modified = hget(header::LAST_MODIFIED);
                    let worth = cache_mode == CacheMode::Immutable
                        || etag.is_some()
                        || last_modified.is_some();
                    if worth {
                        if let Ok(text) = std::str::from_utf8(&reply.body) {
                            c.store(
                                k,
                                &CacheEntry {
                                    url: url.to_string(),
                                    etag,
                                    last_modified,
                                    link: reply.link.clone(),
                                    stored_at: chrono::Utc::now().to_rfc3339(),
                                    body: text.to_string(),
                                },
                            );
                        }
                    }
                }
            }
            return Ok(reply);
        }
    }
}

fn transport_error(e: &reqwest::Error) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout;
    }
    // reqwest's text names the URL (which never holds the token) and the cause.
    let mut text = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        text.push_str(": ");
        text.push_str(&s.to_string());
        src = s.source();
    }
    FetchError::Transport(text.chars().take(300).collect())
}

enum ReadError {
    TooLarge,
    Failed(FetchError),
}

async fn read_capped(resp: reqwest::Response) -> Result<Vec<u8>, ReadError> {
    crate::evidence::http::read_capped(resp, MAX_BODY)
        .await
        .map_err(|e| match e {
            crate::evidence::http::CappedError::TooLarge => ReadError::TooLarge,
            crate::evidence::http::CappedError::Failed(e) => ReadError::Failed(transport_error(&e)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    #[test]
    fn graphql_endpoint() {
        assert_eq!(
            graphql_url("https://api.github.com"),
            "https://api.github.com/graphql"
        );
        assert_eq!(
            graphql_url("https://ghe.example/api/v3/"),
            "https://ghe.example/api/graphql"
        );
        assert_eq!(
            graphql_url("http://127.0.0.1:9/"),
            "http://127.0.0.1:9/graphql"
        );
    }

    #[test]
    fn next_page_from_link() {
        let r = Reply {
            status: 200,
            url: String::new(),
            body: vec![],
            link: Some("<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"".into()),
            location: None,
        };
        assert_eq!(
            r.next_page().as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
    }

    #[test]
    fn one_client_is_shared_across_tasks() {
        fn shared<T: Send + Sync>() {}
        shared::<GithubClient>();
        shared::<RateStatus>();
    }

    #[test]
    fn cache_entries_are_keyed_by_identity_and_checked_by_url() {
        let dir = tempfile::tempdir().unwrap();
        let a = DiskCache {
            dir: dir.path().join("c"),
            salt: [1; 32],
        };
        let b = DiskCache {
            dir: dir.path().join("c"),
            salt: [2; 32],
        };
        let url = "https://api.github.com/repos/o/r";
        let ka = a.key("GET", url, "application/json", None);
        assert_ne!(ka, b.key("GET", url, "application/json", None));
        assert_ne!(ka, a.key("GET", url, "application/vnd.github.raw", None));
        assert_eq!(ka.len(), 64);
        a.store(
            &ka,
            &CacheEntry {
                url: url.into(),
                etag: Some("\"x\"".into()),
                last_modified: None,
                link: None,
                stored_at: "now".into(),
                body: "{}".into(),
            },
        );
        assert_eq!(a.load(&ka, url).unwrap().etag.as_deref(), Some("\"x\""));
        assert!(
            a.load(&ka, "https://api.github.com/repos/o/other")
                .is_none()
        );
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("c"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![format!("{ka}.json")]);
    }

    #[test]
    fn prune_removes_old_entries_and_leftover_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let c = DiskCache {
            dir: dir.path().to_path_buf(),
            salt: [0; 32],
        };
        let old = dir.path().join("old.json");
        let tmp = dir.path().join(".tmp-abc");
        let fresh = dir.path().join("fresh.json");
        for p in [&old, &tmp, &fresh] {
            std::fs::write(p, b"{}").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - Duration::from_secs(40 * 24 * 3600);
        for p in [&old, &tmp] {
            std::fs::File::options()
                .append(true)
                .open(p)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        c.prune(DEFAULT_CACHE_MAX_AGE);
        assert!(!old.exists() && !tmp.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn governor_blocks_an_exhausted_bucket_until_reset() {
        let g = Governor::default();
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        let reset = (now_epoch() + 100).to_string();
        h.insert("x-ratelimit-reset", HeaderValue::from_str(&reset).unwrap());
        h.insert("x-ratelimit-resource", HeaderValue::from_static("core"));
        assert_eq!(g.observe("core", &h), Some(0));
        assert!(g.blocked("core").is_some());
        assert!(g.blocked("graphql").is_none());
        let st = g.status();
        assert_eq!(st.remaining, Some(0));
        assert!(!st.paused());
        g.clear("core");
        assert!(g.blocked("core").is_none());
    }

    #[test]
    fn token_not_in_debug() {
        let c = GithubClient::new(GithubConfig::new(
            "https://api.github.com",
            Some(SecretString::from("ghp_supersecret")),
            None,
        ))
        .unwrap();
        assert!(!format!("{c:?}").contains("supersecret"));
        assert!(!format!("{:?}", c.config).contains("supersecret"));
    }
}
