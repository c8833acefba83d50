//! How the collector talks to GitHub: JSON over REST through the cache, GraphQL with
//! partial errors, path encoding, and the `Unavailable` each failure becomes. No reader
//! of a particular endpoint lives here (see `settings.rs`, `rest.rs`, `nodes.rs`).

use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{CacheMode, GithubClient, Reply, Tally};
use crate::evidence::Unavailable;
use crate::model::Reason;

pub(super) const JSON: &str = "application/vnd.github+json";
/// Pages of a REST list followed at most.
pub(super) const MAX_PAGES: usize = 5;

pub(super) fn unavailable(reason: Reason, detail: impl Into<String>) -> Unavailable {
    Unavailable::new(reason, detail)
}

/// Evidence no selected probe needs: not asked for.
pub(super) fn not_needed() -> Unavailable {
    unavailable(
        Reason::NotCollected,
        "no probe selected for this scan needs it, so it was not read",
    )
}

pub(super) fn malformed(what: &str) -> Unavailable {
    unavailable(
        Reason::ApiError,
        format!("GitHub sent malformed data for {what}"),
    )
}

pub(super) fn parse<T: for<'de> Deserialize<'de>>(
    reply: &Reply,
    what: &str,
) -> Result<T, Unavailable> {
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
pub(super) async fn read_json<T: for<'de> Deserialize<'de>>(
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
pub(super) fn status_unavailable(reply: &Reply, what: &str, authenticated: bool) -> Unavailable {
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
pub(super) fn encode_branch(b: &str) -> String {
    b.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
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

pub(super) fn gql_error_unavailable(e: &GqlError, what: &str) -> Unavailable {
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
pub(super) fn part<T: for<'de> Deserialize<'de>>(
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
pub(super) struct Nodes<T> {
    #[serde(default = "Vec::new")]
    pub(super) nodes: Vec<Option<T>>,
    /// Asked for where the list is capped (tags).
    #[serde(default, rename = "totalCount")]
    pub(super) total_count: Option<u64>,
}

impl<T> Nodes<T> {
    pub(super) fn into_vec(self) -> Vec<T> {
        self.nodes.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b"), "a%20b");
        assert_eq!(encode_segment(".github"), ".github");
        assert_eq!(encode_branch("release/1.0"), "release/1.0");
        assert_eq!(encode_branch("feat#1"), "feat%231");
    }
}
