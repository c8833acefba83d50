//! The badge-site client: one request a second, coalesced `ids=` reads, an in-run memo and
//! an on-disk cache revalidated with ETag / Last-Modified.

#[allow(unused_imports)]
use super::*;
use crate::evidence::http::cache::{CacheEntry, DiskCache};

// ------------------------------------------------------------------------ client

/// Settings of a [`BadgeClient`].
#[derive(Debug, Clone)]
pub struct BadgeConfig {
    /// `--bestpractices-url`.
    pub base_url: String,
    /// On-disk HTTP cache directory; `None` (`--no-cache`) disables it.
    pub cache_dir: Option<PathBuf>,
    /// Least time between two requests of everything sharing the client.
    pub min_interval: Duration,
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl BadgeConfig {
    pub fn new(base_url: &str, cache_dir: Option<PathBuf>) -> Self {
        BadgeConfig {
            base_url: base_url.to_string(),
            cache_dir,
            min_interval: DEFAULT_MIN_INTERVAL,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
}

/// A held request slot of the badge-site governor (see `BadgeClient::wait_turn`).
pub(super) struct Turn<'a> {
    next: tokio::sync::MutexGuard<'a, Option<Instant>>,
    interval: Duration,
    /// A request was sent in this slot (an unused slot is handed on as it is).
    used: bool,
}

impl Drop for Turn<'_> {
    /// The request was answered, failed or was abandoned: the next one may go `interval`
    /// from now.
    fn drop(&mut self) {
        if self.used {
            *self.next = Some(Instant::now() + self.interval);
        }
    }
}

/// Project ids waiting for a request slot, the scans waiting for them, and the answers of
/// this run (the in-run memo).
#[derive(Debug, Default)]
pub(super) struct Coalescer {
    /// Ids asked for and not yet sent, in the order they were first asked for.
    pending: Vec<u64>,
    /// Who waits for each pending or in-flight id.
    waiters: HashMap<u64, Vec<tokio::sync::oneshot::Sender<ProjectResult>>>,
    /// Answers (found or 404) already read in this run.
    memo: HashMap<u64, ProjectAnswer>,
}

type ProjectResult = Result<ProjectAnswer, Unavailable>;

impl Coalescer {
    /// Answers everyone waiting for `id`; a success is kept in the memo.
    pub(super) fn answer(&mut self, id: u64, result: &ProjectResult) {
        if let Ok(a) = result {
            if self.memo.len() < MAX_MEMO_ENTRIES {
                self.memo.insert(id, a.clone());
            }
        }
        for tx in self.waiters.remove(&id).unwrap_or_default() {
            let _ = tx.send(result.clone());
        }
    }
}

/// Ids taken off the queue for one request; their waiters stay registered until answered.
/// Dropped with ids unanswered (the task sending the request was abandoned), those ids go
/// back to the front of the queue, so that their other waiters are not left hanging.
pub(super) struct Claimed<'a> {
    coalescer: &'a std::sync::Mutex<Coalescer>,
    ids: Vec<u64>,
    unanswered: Vec<u64>,
}

impl Claimed<'_> {
    pub(super) fn answer(&mut self, id: u64, result: &ProjectResult) {
        self.unanswered.retain(|i| *i != id);
        lock(self.coalescer).answer(id, result);
    }
}

impl Drop for Claimed<'_> {
    fn drop(&mut self) {
        if self.unanswered.is_empty() {
            return;
        }
        let mut c = lock(self.coalescer);
        let mut pending: Vec<u64> = self
            .unanswered
            .iter()
            .copied()
            .filter(|i| c.waiters.get(i).is_some_and(|w| !w.is_empty()))
            .collect();
        pending.append(&mut c.pending);
        c.pending = pending;
    }
}

pub(super) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(super) enum Claim<'a> {
    /// Answered meanwhile (the memo).
    Known(ProjectAnswer),
    /// In flight in another request.
    InFlight,
    Read(Claimed<'a>),
}

pub(super) enum Step<'a> {
    Answered(Result<ProjectResult, tokio::sync::oneshot::error::RecvError>),
    Turn(Turn<'a>),
}

/// One client for all scans of a batch (`Send + Sync`; share it by reference or `Arc`):
/// at most one request per `min_interval` to the badge site across all of them, one cache.
#[derive(Debug)]
pub struct BadgeClient {
    pub base_url: String,
    pub cache_dir: Option<PathBuf>,
    http: reqwest::Client,
    min_interval: Duration,
    timeout: Duration,
    /// The earliest time the next request may be sent.
    next_slot: Mutex<Option<Instant>>,
    coalescer: std::sync::Mutex<Coalescer>,
    /// Lookup answers of this run by URL (the in-run memo of `/projects.json?url=`).
    lookups: std::sync::Mutex<HashMap<String, (String, Vec<BadgeProject>)>>,
    total_requests: AtomicU64,
    total_not_modified: AtomicU64,
    base_host: String,
}

impl BadgeClient {
    pub fn new(base_url: &str, cache_dir: Option<PathBuf>) -> Result<Self, crate::error::Error> {
        Self::with_config(BadgeConfig::new(base_url, cache_dir))
    }

    pub fn with_config(config: BadgeConfig) -> Result<Self, crate::error::Error> {
        let usage = |why: &str| {
            crate::error::Error::Usage(format!(
                "--bestpractices-url '{}' {why}",
                config.base_url.chars().take(200).collect::<String>()
            ))
        };
        let base_url = config.base_url.trim().trim_end_matches('/').to_string();
        let parsed = url::Url::parse(&base_url).map_err(|_| usage("is not a URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(usage("must be an http or https URL"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(usage("must not contain credentials"));
        }
        let base_host = parsed
            .host_str()
            .ok_or_else(|| usage("has no host"))?
            .to_ascii_lowercase();
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "tssa-probe/",
                env!("CARGO_PKG_VERSION"),
                " (+https://github.com/cncf/tag-security)"
            ))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| {
                crate::error::Error::Usage(format!(
                    "the HTTP client for the badge site could not be built: {e}"
                ))
            })?;
        Ok(BadgeClient {
            base_url,
            cache_dir: config.cache_dir,
            http,
            min_interval: config.min_interval,
            timeout: config.timeout,
            next_slot: Mutex::new(None),
            coalescer: std::sync::Mutex::new(Coalescer::default()),
            lookups: std::sync::Mutex::new(HashMap::new()),
            total_requests: AtomicU64::new(0),
            total_not_modified: AtomicU64::new(0),
            base_host,
        })
    }

    /// Requests sent by this client so far (all scans sharing it).
    pub fn total_requests(&self) -> u64 {
        self.total_requests.load(Ordering::Relaxed)
    }

    /// Of [`Self::total_requests`], those answered `304 Not Modified` (the disk cache's copy
    /// was confirmed).
    pub fn total_not_modified(&self) -> u64 {
        self.total_not_modified.load(Ordering::Relaxed)
    }

    /// Waits for this client's next request slot and holds it: concurrent callers queue
    /// in order. The caller sends its request while holding the turn and then drops it,
    /// so the next slot counts from when the request was answered, not
    /// from when it was meant to leave: a request delayed on its way (connection set-up,
    /// a loaded machine) cannot bunch up with the next one at the site.
    pub(super) async fn wait_turn(&self) -> Turn<'_> {
        let next = self.next_slot.lock().await;
        if let Some(t) = *next {
            if t > Instant::now() {
                tokio::time::sleep_until(t).await;
            }
        }
        Turn {
            next,
            interval: self.min_interval,
            used: false,
        }
    }

    pub(super) fn redirect_allowed(&self, from: &url::Url, to: &url::Url) -> bool {
        let scheme_ok = match (from.scheme(), to.scheme()) {
            ("https", s) => s == "https",
            ("http", s) => s == "http" || s == "https",
            _ => false,
        };
        let host = to.host_str().unwrap_or("").to_ascii_lowercase();
        scheme_ok && (host == self.base_host || BADGE_HOSTS.contains(&host.as_str()))
    }

    /// GET one JSON URL through the governor and the cache, following redirects.
    pub(super) async fn get(&self, url: &str, stats: &mut Stats) -> Result<Fetched, Unavailable> {
        self.get_in(url, stats, None).await
    }

    /// [`Self::get`], the first request in `turn` when the caller already holds one.
    pub(super) async fn get_in(
        &self,
        url: &str,
        stats: &mut Stats,
        mut turn: Option<Turn<'_>>,
    ) -> Result<Fetched, Unavailable> {
        let mut current = url::Url::parse(url)
            .map_err(|_| api_error(format!("the badge site URL {url} is not valid")))?;
        for _hop in 0..=MAX_REDIRECTS {
            let cached = self.cache_read(current.as_str());
            let mut req = self
                .http
                .get(current.clone())
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(c) = &cached {
                if let Some(etag) = &c.etag {
                    req = req.header(reqwest::header::IF_NONE_MATCH, etag);
                }
                if let Some(lm) = &c.last_modified {
                    req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
                }
            }
            let mut turn = match turn.take() {
                Some(t) => t,
                None => self.wait_turn().await,
            };
            turn.used = true;
            stats.requests += 1;
            self.total_requests.fetch_add(1, Ordering::Relaxed);
            let sent = req.send().await;
            drop(turn);
            let resp = sent.map_err(|e| self.transport_error(&e))?;
            let status = resp.status().as_u16();
            match status {
                200 => {
                    let etag = header(&resp, reqwest::header::ETAG);
                    let last_modified = header(&resp, reqwest::header::LAST_MODIFIED);
                    let body = read_capped(resp, self.timeout).await?;
                    if etag.is_some() || last_modified.is_some() {
                        if let Ok(text) = std::str::from_utf8(&body) {
                            // The site's JSON is sent with `Cache-Control: no-store`, aimed at
                            // GitHub's image proxy; a body is only reused after the site
                            // confirms it with `304 Not Modified`, so nothing stale is reported.
                            self.cache_write(&CacheEntry {
                                url: current.to_string(),
                                etag,
                                last_modified,
                                link: None,
                                stored_at: String::new(),
                                body: text.to_string(),
                            });
                        }
                    }
                    return Ok(Fetched::Body {
                        url: current.to_string(),
                        body,
                    });
                }
                304 => {
                    return match cached {
                        Some(c) => {
                            stats.not_modified += 1;
                            self.total_not_modified.fetch_add(1, Ordering::Relaxed);
                            Ok(Fetched::Body {
                                url: current.to_string(),
                                body: c.body.into_bytes(),
                            })
                        }
                        None => Err(api_error(format!(
                            "the badge site answered 304 Not Modified for {current} without a cached copy"
                        ))),
                    };
                }
                301 | 302 | 303 | 307 | 308 => {
                    let Some(loc) = header(&resp, reqwest::header::LOCATION) else {
                        return Err(api_error(format!(
                            "the badge site answered HTTP {status} for {current} without a Location"
                        )));
                    };
                    let next = current.join(&loc).map_err(|_| {
                        api_error(format!(
                            "the badge site redirected {current} to an invalid location"
                        ))
                    })?;
                    if !self.redirect_allowed(&current, &next) {
                        return Err(api_error(format!(
                            "the badge site redirected {current} to {next}, which is not the badge site"
                        )));
                    }
                    current = next;
                }
                404 | 410 => {
                    return Ok(Fetched::NotFound {
                        url: current.to_string(),
                    });
                }
                429 => {
                    return Err(api_error(format!(
                        "the badge site rate-limited the request for {current} (HTTP 429)"
                    )));
                }
                _ => {
                    return Err(api_error(format!(
                        "the badge site answered HTTP {status} for {current}"
                    )));
                }
            }
        }
        Err(api_error(format!(
            "the badge site redirected {url} more than {MAX_REDIRECTS} times"
        )))
    }

    pub(super) fn transport_error(&self, e: &reqwest::Error) -> Unavailable {
        // reqwest's Display may include the URL; it never includes a secret (no token is
        // sent to the badge site).
        if e.is_timeout() {
            api_error(format!(
                "the badge site did not answer within {} s",
                self.timeout.as_secs_f32()
            ))
        } else if e.is_connect() {
            api_error(format!(
                "the badge site {} could not be reached",
                self.base_url
            ))
        } else {
            api_error(format!("the request to the badge site failed: {e}"))
        }
    }

    /// The record of project `id`: from this run's memo, else from a request that asks for
    /// it together with the ids other scans are waiting for at the same time.
    ///
    /// Every waiting scan queues for the request slot; whoever holds it takes up to
    /// [`MAX_IDS_PER_REQUEST`] waiting ids (its own among them) and answers them all. A scan
    /// whose id was answered meanwhile leaves the queue without using a slot. Alone (a
    /// single scan), that is one `/projects/{id}.json` request, as before.
    pub(super) async fn project(&self, id: u64, stats: &mut Stats) -> ProjectResult {
        loop {
            let mut rx = {
                let mut c = lock(&self.coalescer);
                if let Some(a) = c.memo.get(&id) {
                    return Ok(a.clone());
                }
                let (tx, rx) = tokio::sync::oneshot::channel();
                let w = c.waiters.entry(id).or_default();
                // Nobody waiting yet: neither queued nor in flight.
                let first = w.is_empty();
                w.push(tx);
                if first {
                    c.pending.push(id);
                }
                rx
            };
            loop {
                let step = tokio::select! {
                    biased;
                    r = &mut rx => Step::Answered(r),
                    t = self.wait_turn() => Step::Turn(t),
                };
                match step {
                    Step::Answered(Ok(r)) => return r,
                    // Cannot happen (senders are only dropped after sending); ask again.
                    Step::Answered(Err(_)) => break,
                    Step::Turn(turn) => match self.claim(id) {
                        Claim::Known(a) => return Ok(a),
                        Claim::InFlight => {
                            // In a request that holds no slot any more (a redirect hop, a
                            // one-by-one read after a bulk answer): wait for it.
                            drop(turn);
                            match (&mut rx).await {
                                Ok(r) => return r,
                                Err(_) => break,
                            }
                        }
                        Claim::Read(claimed) => self.read_claimed(claimed, turn, stats).await,
                    },
                }
            }
        }
    }

    /// Takes `id` and up to [`MAX_IDS_PER_REQUEST`] − 1 other waiting ids off the queue.
    pub(super) fn claim(&self, id: u64) -> Claim<'_> {
        let mut c = lock(&self.coalescer);
        if let Some(a) = c.memo.get(&id) {
            return Claim::Known(a.clone());
        }
        let Some(at) = c.pending.iter().position(|x| *x == id) else {
            return Claim::InFlight;
        };
        c.pending.remove(at);
        let mut ids = vec![id];
        let take = c.pending.len().min(MAX_IDS_PER_REQUEST - 1);
        ids.extend(c.pending.drain(..take));
        Claim::Read(Claimed {
            coalescer: &self.coalescer,
            unanswered: ids.clone(),
            ids,
        })
    }

    /// Reads the claimed ids (the first request in `turn`) and answers their waiters.
    /// Ids a bulk answer leaves out are read one by one, so that a stale link is a 404 of
    /// its own URL.
    pub(super) async fn read_claimed(
        &self,
        mut claimed: Claimed<'_>,
        turn: Turn<'_>,
        stats: &mut Stats,
    ) {
        if let [only] = claimed.ids[..] {
            let r = self.project_once(only, stats, Some(turn)).await;
            claimed.answer(only, &r);
            return;
        }
        match self.bulk(&claimed.ids, stats, turn).await {
            Err(e) => {
                for i in claimed.ids.clone() {
                    claimed.answer(i, &Err(e.clone()));
                }
            }
            Ok(mut found) => {
                // Answer every id found before the one-by-one reads of the others.
                let mut missing = Vec::new();
                for i in claimed.ids.clone() {
                    match found.remove(&i) {
                        Some(p) => claimed.answer(i, &Ok(ProjectAnswer::Found(p))),
                        None => missing.push(i),
                    }
                }
                for i in missing {
                    let r = self.project_once(i, stats, None).await;
                    claimed.answer(i, &r);
                }
            }
        }
    }

    /// `/projects.json?ids=...` in `turn`: the records by id. Each is cited as its own
    /// `/projects/{id}.json`, which the site renders from the same `_project` partial.
    pub(super) async fn bulk(
        &self,
        ids: &[u64],
        stats: &mut Stats,
        turn: Turn<'_>,
    ) -> Result<HashMap<u64, BadgeProject>, Unavailable> {
        let list: Vec<String> = ids.iter().map(u64::to_string).collect();
        let url = format!("{}/projects.json?ids={}", self.base_url, list.join(","));
        match self.get_in(&url, stats, Some(turn)).await? {
            Fetched::NotFound { url } => Err(api_error(format!(
                "the badge site answered 404 for the bulk read {url}"
            ))),
            Fetched::Body { url, body } => {
                let arr = json_array(&url, &body)?;
                let mut out = HashMap::new();
                for item in &arr {
                    // A record not asked for (a site that ignored `ids=`) is not used.
                    let Some(id) = item
                        .get("id")
                        .and_then(serde_json::Value::as_u64)
                        .filter(|i| ids.contains(i))
                    else {
                        continue;
                    };
                    let json_url = format!("{}/projects/{id}.json", self.base_url);
                    let p = parse_project(item, &json_url, &self.base_url)
                        .map_err(|why| api_error(format!("{url}: {why}")))?;
                    out.insert(id, p);
                }
                Ok(out)
            }
        }
    }

    /// `/projects/{id}.json`.
    pub(super) async fn project_once(
        &self,
        id: u64,
        stats: &mut Stats,
        turn: Option<Turn<'_>>,
    ) -> ProjectResult {
        let url = format!("{}/projects/{id}.json", self.base_url);
        match self.get_in(&url, stats, turn).await? {
            Fetched::NotFound { url } => Ok(ProjectAnswer::NotFound(UnknownId {
                project_id: id,
                url,
            })),
            Fetched::Body { url, body } => {
                let v: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
                    api_error(format!("the badge site sent malformed JSON for {url}"))
                })?;
                parse_project(&v, &url, &self.base_url)
                    .map(ProjectAnswer::Found)
                    .map_err(|why| api_error(format!("{url}: {why}")))
            }
        }
    }

    /// `/projects.json?url=` for one URL form, from this run's memo when it was asked
    /// already.
    pub(super) async fn lookup_once(
        &self,
        url: &str,
        stats: &mut Stats,
    ) -> Result<(String, Vec<BadgeProject>), Unavailable> {
        let memo = |m: &std::sync::Mutex<HashMap<String, (String, Vec<BadgeProject>)>>| {
            m.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(url)
                .cloned()
        };
        if let Some(hit) = memo(&self.lookups) {
            return Ok(hit);
        }
        let answer = self.lookup_uncached(url, stats).await?;
        let mut m = self
            .lookups
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if m.len() < MAX_MEMO_ENTRIES {
            m.insert(url.to_string(), answer.clone());
        }
        Ok(answer)
    }

    pub(super) async fn lookup_uncached(
        &self,
        url: &str,
        stats: &mut Stats,
    ) -> Result<(String, Vec<BadgeProject>), Unavailable> {
        match self.get(url, stats).await? {
            Fetched::NotFound { url } => Err(api_error(format!(
                "the badge site answered 404 for the lookup {url}"
            ))),
            Fetched::Body { url, body } => {
                let arr = json_array(&url, &body)?;
                let mut out = Vec::new();
                for item in &arr {
                    let id = item.get("id").and_then(serde_json::Value::as_u64);
                    let json_url = match id {
                        Some(id) => format!("{}/projects/{id}.json", self.base_url),
                        None => url.clone(),
                    };
                    let mut p = parse_project(item, &json_url, &self.base_url)
                        .map_err(|why| api_error(format!("{url}: {why}")))?;
                    // Cite what was read: the lookup answer.
                    p.json_url = url.clone();
                    out.push(p);
                }
                Ok((url, out))
            }
        }
    }

    // ---------------------------------------------------------------- cache

    /// The shared on-disk cache, keyed by URL (the site is read anonymously).
    fn disk_cache(&self) -> Option<DiskCache> {
        self.cache_dir.as_ref().map(|d| DiskCache {
            dir: d.clone(),
            salt: [0; 32],
        })
    }

    pub(super) fn cache_read(&self, url: &str) -> Option<CacheEntry> {
        let cache = self.disk_cache()?;
        let entry = cache.load(&cache.key("GET", url, "application/json", None), url)?;
        (entry.etag.is_some() || entry.last_modified.is_some()).then_some(entry)
    }

    /// Best effort: a cache that cannot be written never fails a scan.
    pub(super) fn cache_write(&self, entry: &CacheEntry) {
        if let Some(cache) = self.disk_cache() {
            cache.store(
                &cache.key("GET", &entry.url, "application/json", None),
                entry,
            );
        }
    }
}

/// The site's answer for one project id.
#[derive(Debug, Clone)]
pub(super) enum ProjectAnswer {
    Found(BadgeProject),
    NotFound(UnknownId),
}

pub(super) enum Fetched {
    Body { url: String, body: Vec<u8> },
    NotFound { url: String },
}

#[derive(Debug, Default)]
pub(super) struct Stats {
    pub(super) requests: u64,
    pub(super) not_modified: u64,
}

/// A badge-site answer that must be a JSON array (`/projects.json?…`).
fn json_array(url: &str, body: &[u8]) -> Result<Vec<serde_json::Value>, Unavailable> {
    match serde_json::from_slice(body) {
        Ok(serde_json::Value::Array(a)) => Ok(a),
        Ok(_) => Err(api_error(format!(
            "the badge site's answer to {url} is not a JSON array"
        ))),
        Err(_) => Err(api_error(format!(
            "the badge site sent malformed JSON for {url}"
        ))),
    }
}

pub(super) fn header(
    resp: &reqwest::Response,
    name: reqwest::header::HeaderName,
) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

pub(super) fn api_error(detail: String) -> Unavailable {
    Unavailable::new(Reason::ApiError, detail)
}

async fn read_capped(resp: reqwest::Response, timeout: Duration) -> Result<Vec<u8>, Unavailable> {
    use crate::evidence::http::CappedError;
    let url = resp.url().to_string();
    crate::evidence::http::read_capped(resp, MAX_BODY)
        .await
        .map_err(|e| match e {
            CappedError::TooLarge => api_error(format!(
                "the badge site's answer for {url} is larger than {} MiB",
                MAX_BODY / (1024 * 1024)
            )),
            CappedError::Failed(e) if e.is_timeout() => api_error(format!(
                "the badge site did not finish answering {url} within {} s",
                timeout.as_secs_f32()
            )),
            CappedError::Failed(_) => {
                api_error(format!("the badge site's answer for {url} was cut off"))
            }
        })
}
