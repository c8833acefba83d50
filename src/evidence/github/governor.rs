//! The rate-limit governor: what GitHub's `X-RateLimit-*` headers said per resource
//! (`core`, `graphql`, ...), and the waits for a reset that every scan of a run shares.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::header::HeaderMap;

/// The rate limit as last seen, for progress displays ("paused until 14:05").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateStatus {
    /// Requests left in the most depleted bucket seen (`core` for REST, `graphql`, ...).
    pub remaining: Option<u64>,
    pub limit: Option<u64>,
    /// When that bucket resets.
    pub reset_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Set while at least one caller is waiting for a reset.
    pub paused_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Every bucket seen: (resource, remaining, reset).
    pub resources: Vec<(String, u64, Option<chrono::DateTime<chrono::Utc>>)>,
    /// Requests sent and answered `304` by this client since it was built.
    pub requests: u64,
    pub not_modified: u64,
}

impl RateStatus {
    pub fn paused(&self) -> bool {
        self.paused_until.is_some()
    }
}

/// A bucket is exhausted and resets at `reset` (epoch seconds), beyond the longest wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RateLimited {
    pub(super) reset: i64,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Bucket {
    pub(super) limit: Option<u64>,
    pub(super) remaining: Option<u64>,
    pub(super) reset: Option<i64>,
}

#[derive(Debug, Default)]
pub(super) struct Governor {
    pub(super) buckets: Mutex<HashMap<String, Bucket>>,
    /// Callers currently waiting for a reset, and until when.
    pub(super) waiting: AtomicUsize,
    pub(super) paused_until: Mutex<Option<i64>>,
}

pub(super) fn now_epoch() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Governor {
    pub(super) fn observe(&self, resource: &str, headers: &HeaderMap) -> Option<u64> {
        let num = |name: &str| -> Option<i64> {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<i64>().ok())
        };
        let remaining = num("x-ratelimit-remaining").and_then(|v| u64::try_from(v).ok());
        let limit = num("x-ratelimit-limit").and_then(|v| u64::try_from(v).ok());
        let reset = num("x-ratelimit-reset");
        let resource = headers
            .get("x-ratelimit-resource")
            .and_then(|v| v.to_str().ok())
            .unwrap_or(resource)
            .to_string();
        if remaining.is_none() && reset.is_none() {
            return None;
        }
        if let Ok(mut b) = self.buckets.lock() {
            let e = b.entry(resource).or_default();
            if remaining.is_some() {
                e.remaining = remaining;
            }
            if limit.is_some() {
                e.limit = limit;
            }
            if reset.is_some() {
                e.reset = reset;
            }
        }
        remaining
    }

    /// Seconds to wait before `resource` may be used again (`None`: go ahead).
    pub(super) fn blocked(&self, resource: &str) -> Option<(i64, i64)> {
        let b = self.buckets.lock().ok()?;
        let e = b.get(resource)?;
        if e.remaining == Some(0) {
            let reset = e.reset?;
            let now = now_epoch();
            if reset >= now {
                // One second of margin for clock skew.
                return Some((reset - now + 1, reset));
            }
        }
        None
    }

    pub(super) fn clear(&self, resource: &str) {
        if let Ok(mut b) = self.buckets.lock() {
            if let Some(e) = b.get_mut(resource) {
                e.remaining = None;
            }
        }
    }

    /// Waits for the reset of an exhausted bucket when it comes within `max_wait`; the
    /// reset (epoch seconds) when it is further away.
    pub(super) async fn before(
        &self,
        resource: &str,
        max_wait: Duration,
    ) -> Result<(), RateLimited> {
        while let Some((secs, reset)) = self.blocked(resource) {
            let wait = Duration::from_secs(u64::try_from(secs).unwrap_or(0));
            if wait > max_wait {
                return Err(RateLimited { reset });
            }
            tracing::info!(
                "rate limit: the {resource} bucket is exhausted; waiting {} s for its reset",
                wait.as_secs()
            );
            self.pause(reset, wait).await;
            self.clear(resource);
        }
        Ok(())
    }

    pub(super) async fn pause(&self, until: i64, wait: Duration) {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut p) = self.paused_until.lock() {
            *p = Some(p.map_or(until, |old| old.max(until)));
        }
        tokio::time::sleep(wait).await;
        if self.waiting.fetch_sub(1, Ordering::SeqCst) == 1 {
            if let Ok(mut p) = self.paused_until.lock() {
                *p = None;
            }
        }
    }

    pub(super) fn status(&self) -> RateStatus {
        let ts = |t: i64| chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0);
        let mut st = RateStatus::default();
        if let Ok(b) = self.buckets.lock() {
            let mut names: Vec<&String> = b.keys().collect();
            names.sort();
            for name in names {
                let e = b[name];
                if let Some(r) = e.remaining {
                    st.resources.push((name.clone(), r, e.reset.and_then(ts)));
                    if st.remaining.is_none_or(|cur| r < cur) {
                        st.remaining = Some(r);
                        st.limit = e.limit;
                        st.reset_at = e.reset.and_then(ts);
                    }
                }
            }
        }
        if self.waiting.load(Ordering::SeqCst) > 0 {
            st.paused_until = self.paused_until.lock().ok().and_then(|p| *p).and_then(ts);
        }
        st
    }
}
