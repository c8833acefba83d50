//! REST reads that stand in for GraphQL when there is no token (GitHub's GraphQL API
//! refuses anonymous callers): the examined commits with GitHub's verification verdicts,
//! releases with their assets, and file contents one by one (capped: the anonymous limit
//! is 60 requests an hour).

use serde::Deserialize;

use super::client::{CacheMode, GithubClient, Reply, Tally};
use super::history::{self, CommitNode, GitActor, SignatureNode};
use super::transport::{encode_segment, get_json};
use crate::evidence::files::{
    EntryKind, FileContent, FileSnapshot, MAX_CONTENT, SNIFF_BYTES, Want,
};
use crate::evidence::{GithubRepo, HistoryCensus, Observed, Unavailable};
use crate::model::Reason;

use super::{ReleaseAsset, ReleaseInfo, Releases};

/// Files whose contents are read one request each, at most, without a token.
pub const MAX_ANONYMOUS_FILES: usize = 30;
/// Pages of commits (100 each) read at most without a token.
const MAX_COMMIT_PAGES: usize = 10;

fn bad(reply: &Reply, what: &str) -> Unavailable {
    let msg = reply.message();
    Unavailable::new(
        match reply.status {
            401 => Reason::NoToken,
            403 => Reason::Permission,
            404 | 409 => Reason::NotFound,
            _ => Reason::ApiError,
        },
        if msg.is_empty() {
            format!("GitHub answered {} for {what}", reply.status)
        } else {
            format!("GitHub answered {} for {what} (\"{msg}\")", reply.status)
        },
    )
}

#[derive(Debug, Deserialize)]
struct RestVerification {
    #[serde(default)]
    verified: bool,
    reason: Option<String>,
    signature: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RestGitActor {
    name: Option<String>,
    email: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RestCommitInner {
    committer: Option<RestGitActor>,
    #[serde(default)]
    message: String,
    verification: Option<RestVerification>,
}

#[derive(Debug, Deserialize)]
struct RestCommit {
    sha: String,
    commit: RestCommitInner,
}

/// The signature type GraphQL would name, from the armor of the signature REST shows.
fn armor_typename(sig: &str) -> &'static str {
    if sig.contains("BEGIN PGP SIGNATURE") || sig.contains("BEGIN PGP MESSAGE") {
        "GpgSignature"
    } else if sig.contains("BEGIN SSH SIGNATURE") {
        "SshSignature"
    } else if sig.contains("BEGIN SIGNED MESSAGE") || sig.contains("BEGIN PKCS7") {
        "SmimeSignature"
    } else {
        "UnknownSignature"
    }
}

fn node(c: RestCommit) -> CommitNode {
    let v = c.commit.verification;
    let signature = v.as_ref().and_then(|v| {
        let sig = v.signature.as_deref().filter(|s| !s.trim().is_empty())?;
        Some(SignatureNode {
            typename: Some(armor_typename(sig).to_string()),
            is_valid: Some(v.verified),
            state: v.reason.as_ref().map(|r| r.to_ascii_uppercase()),
        })
    });
    let committer = c.commit.committer;
    CommitNode {
        oid: c.sha,
        committed_date: committer.as_ref().and_then(|a| a.date.clone()),
        message: c.commit.message,
        committer: committer.map(|a| GitActor {
            name: a.name,
            email: a.email,
        }),
        signature,
        associated_pull_requests: None,
    }
}

/// `GET /repos/{o}/{r}/commits?sha={rev}`: the census of up to `limit` commits.
pub(crate) async fn history(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    rev: &str,
    limit: Option<u64>,
) -> Observed<HistoryCensus> {
    let what = "the commit history";
    let per_page = limit.map_or(100, |l| l.clamp(1, 100));
    let url = client.rest_url(&format!(
        "/repos/{}/{}/commits?sha={}&per_page={per_page}",
        encode_segment(&repo.owner),
        encode_segment(&repo.name),
        encode_segment(rev)
    ));
    let mut nodes: Vec<CommitNode> = Vec::new();
    let mut next = Some(url.clone());
    let mut complete = false;
    let mut pages = 0;
    while let Some(u) = next.take() {
        pages += 1;
        let (page, reply): (Vec<RestCommit>, _) = get_json(client, tally, &u, what, bad).await?;
        nodes.extend(page.into_iter().map(node));
        match reply.next_page().filter(|n| client.same_origin(n)) {
            None => complete = true,
            Some(n) => {
                let enough = limit.is_some_and(|l| nodes.len() as u64 >= l);
                if !enough && pages < MAX_COMMIT_PAGES {
                    next = Some(n);
                }
            }
        }
    }
    if let Some(l) = limit {
        if nodes.len() as u64 > l {
            nodes.truncate(usize::try_from(l).unwrap_or(usize::MAX));
            complete = false;
        }
    }
    let head = nodes.first().map(|n| n.oid.clone()).unwrap_or_default();
    Ok(history::census(&head, &nodes, complete, &url))
}

#[derive(Debug, Deserialize)]
struct RestAsset {
    name: String,
    browser_download_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RestRelease {
    tag_name: String,
    name: Option<String>,
    html_url: Option<String>,
    published_at: Option<String>,
    #[serde(default)]
    prerelease: bool,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    assets: Vec<RestAsset>,
}

/// `GET /repos/{o}/{r}/releases`: the latest `n` releases.
pub(crate) async fn releases(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    n: u32,
) -> Observed<Releases> {
    let what = "the releases";
    let url = client.rest_url(&format!(
        "/repos/{}/{}/releases?per_page={}",
        encode_segment(&repo.owner),
        encode_segment(&repo.name),
        n.clamp(1, 100)
    ));
    let (list, _): (Vec<RestRelease>, _) = get_json(client, tally, &url, what, bad).await?;
    Ok(Releases {
        api_url: url,
        releases: list
            .into_iter()
            .filter(|r| !r.draft)
            .map(|r| ReleaseInfo {
                tag: r.tag_name,
                name: r.name,
                html_url: r.html_url.unwrap_or_default(),
                published_at: r.published_at,
                prerelease: r.prerelease,
                assets: r
                    .assets
                    .into_iter()
                    .map(|a| ReleaseAsset {
                        url: a.browser_download_url.unwrap_or_default(),
                        name: a.name,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// Contents of `want` at `sha`, one `GET …/contents/{path}?ref={sha}` each (raw media
/// type). They name the commit, so they are cached for good.
pub(crate) async fn contents(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    sha: &str,
    want: &[(String, Want)],
    snap: &mut FileSnapshot,
) -> Result<(), Unavailable> {
    for (p, w) in want.iter().take(MAX_ANONYMOUS_FILES) {
        let path: Vec<String> = p.split('/').map(encode_segment).collect();
        let url = client.rest_url(&format!(
            "/repos/{}/{}/contents/{}?ref={}",
            encode_segment(&repo.owner),
            encode_segment(&repo.name),
            path.join("/"),
            encode_segment(sha)
        ));
        let reply = client
            .get(
                tally,
                &url,
                "application/vnd.github.raw",
                CacheMode::Immutable,
            )
            .await
            .map_err(|e| e.unavailable("the contents of the files the probes read"))?;
        if reply.status != 200 {
            // A file that vanished or is too large for the endpoint: listed, not read.
            continue;
        }
        let Some(entry) = snap.entries.get_mut(p) else {
            continue;
        };
        let mut text = String::from_utf8_lossy(&reply.body).into_owned();
        if let EntryKind::Symlink { target } = &mut entry.kind {
            text.truncate(text.len().min(4096));
            *target = text;
            continue;
        }
        let max = match w {
            Want::Head => SNIFF_BYTES,
            _ => MAX_CONTENT,
        };
        let mut truncated = false;
        if text.len() > max {
            let mut at = max;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
            truncated = true;
        }
        entry.content = Some(FileContent { text, truncated }.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armor() {
        assert_eq!(
            armor_typename("-----BEGIN PGP SIGNATURE-----\n"),
            "GpgSignature"
        );
        assert_eq!(
            armor_typename("-----BEGIN SSH SIGNATURE-----\n"),
            "SshSignature"
        );
        assert_eq!(
            armor_typename("-----BEGIN SIGNED MESSAGE-----\n"),
            "SmimeSignature"
        );
        assert_eq!(armor_typename("???"), "UnknownSignature");
    }

    #[test]
    fn rest_commit_fixture_is_unsigned() {
        let body = r#"[{"sha":"6dcb","commit":{"committer":{"name":"M","email":"support@github.com","date":"2011-04-14T16:00:49Z"},"message":"Fix","verification":{"verified":false,"reason":"unsigned","signature":null,"payload":null}}},
            {"sha":"7abc","commit":{"committer":{"name":"GitHub","email":"noreply@github.com","date":"2011-04-15T16:00:49Z"},"message":"Merge","verification":{"verified":true,"reason":"valid","signature":"-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----"}}}]"#;
        let v: Vec<RestCommit> = serde_json::from_str(body).unwrap();
        let nodes: Vec<CommitNode> = v.into_iter().map(node).collect();
        let c = history::census("6dcb", &nodes, true, "u");
        assert_eq!(c.signatures.unsigned, 1);
        assert_eq!(c.signatures.openpgp, 1);
        assert_eq!(c.web_flow_signed, 1);
        let v = c.verification.unwrap();
        assert_eq!((v.checked, v.verified), (2, 1));
        assert_eq!(v.unverified_reasons.get("unsigned"), Some(&1));
    }
}
