//! Files at the head commit of a remote repository, read through the API into the same
//! [`FileSnapshot`] the local collector builds, so that one judgement serves both.
//!
//! Listing: `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1`, one request for every path
//! (GitHub truncates past 100 000 entries, and says so). Contents: only the files
//! [`wanted_for`] names, in one GraphQL request of `object(expression: "<sha>:<path>")` blobs.
//! Both name the commit, so both are cached for good. The repository archive would be one
//! request too, but it carries every file of the tree (hundreds of megabytes for the
//! largest CNCF projects) where the probes read a few dozen small ones.

use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{CacheMode, GithubClient, Tally};
use super::transport::{encode_segment, graphql};
use super::{queries, rest};
use crate::evidence::files::{
    EntryKind, FileContent, FileEntry, FileSnapshot, MAX_CONTENT, MAX_ENTRIES, SNIFF_BYTES, Want,
    resolve_link, wanted_for,
};
use crate::evidence::{GithubRepo, Needs, Observed, Unavailable};
use crate::model::Reason;

/// Files whose contents are fetched at most (shallowest paths first); the rest are listed
/// without content. Large monorepos hold thousands of OWNERS files.
pub const MAX_FILES: usize = 250;

#[derive(Debug, Deserialize)]
struct TreeEntry {
    path: String,
    mode: String,
    #[serde(rename = "type")]
    kind: String,
    size: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Tree {
    #[serde(default)]
    tree: Vec<TreeEntry>,
    #[serde(default)]
    truncated: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Blob {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    text: Option<String>,
    byte_size: Option<u64>,
    #[serde(default)]
    is_truncated: bool,
    #[serde(default)]
    is_binary: Option<bool>,
}

fn cut(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut at = max;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.truncate(at);
    true
}

/// Every path at `sha`, with the contents the selected probes read (`needs`).
pub(crate) async fn files(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    sha: &str,
    needs: Needs,
) -> Observed<FileSnapshot> {
    let what = "the file listing";
    let url = client.rest_url(&format!(
        "/repos/{}/{}/git/trees/{}?recursive=1",
        encode_segment(&repo.owner),
        encode_segment(&repo.name),
        encode_segment(sha)
    ));
    let reply = client
        .get(
            tally,
            &url,
            "application/vnd.github+json",
            CacheMode::Immutable,
        )
        .await
        .map_err(|e| e.unavailable(what))?;
    if reply.status != 200 {
        return Err(Unavailable::new(
            if reply.status == 404 || reply.status == 409 {
                Reason::NotFound
            } else {
                Reason::ApiError
            },
            format!(
                "GitHub answered {} for the file listing at {sha}",
                reply.status
            ),
        ));
    }
    let tree: Tree = serde_json::from_slice(&reply.body).map_err(|_| {
        Unavailable::new(
            Reason::ApiError,
            "GitHub sent malformed data for the file listing",
        )
    })?;
    let mut snap = FileSnapshot {
        commit: sha.to_string(),
        listing_truncated: tree.truncated,
        ..Default::default()
    };
    for e in tree.tree {
        if snap.entries.len() >= MAX_ENTRIES {
            snap.listing_truncated = true;
            break;
        }
        let kind = match (e.kind.as_str(), e.mode.as_str()) {
            ("blob", "100755") => EntryKind::Executable,
            ("blob", "120000") => EntryKind::Symlink {
                target: String::new(),
            },
            ("blob", _) => EntryKind::File,
            ("commit", _) => EntryKind::Submodule,
            _ => continue,
        };
        snap.entries.insert(
            e.path,
            FileEntry {
                size: e.size.unwrap_or(0),
                kind,
                content: None,
            },
        );
    }

    // What to read: wanted files and wanted symlinks (whose blob is the target path).
    let mut want: Vec<(String, Want)> = snap
        .entries
        .iter()
        .filter(|(_, e)| !matches!(e.kind, EntryKind::Submodule))
        .filter_map(|(p, e)| match wanted_for(p, e.size, needs) {
            Want::No => None,
            w => Some((p.clone(), w)),
        })
        .collect();
    want.sort_by_key(|(p, _)| (p.matches('/').count(), p.clone()));
    want.truncate(MAX_FILES);
    if !client.authenticated() {
        want.truncate(rest::MAX_ANONYMOUS_FILES);
    }
    read_contents(client, tally, repo, sha, &want, &mut snap).await?;

    // Symlinks among them: read the files they point at, once.
    let mut targets: Vec<(String, Want)> = Vec::new();
    for (p, w) in &want {
        if let Some(FileEntry {
            kind: EntryKind::Symlink { target },
            ..
        }) = snap.entries.get(p)
        {
            if let Some(t) = resolve_link(p, target) {
                if snap.entries.get(&t).is_some_and(|e| {
                    e.content.is_none() && matches!(e.kind, EntryKind::File | EntryKind::Executable)
                }) && !targets.iter().any(|(q, _)| q == &t)
                {
                    targets.push((t, *w));
                }
            }
        }
    }
    targets.truncate(if client.authenticated() {
        MAX_FILES
    } else {
        rest::MAX_ANONYMOUS_FILES / 3
    });
    if !targets.is_empty() {
        read_contents(client, tally, repo, sha, &targets, &mut snap).await?;
    }
    Ok(snap)
}

/// Contents through GraphQL with a token (one request), else REST file by file.
async fn read_contents(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    sha: &str,
    want: &[(String, Want)],
    snap: &mut FileSnapshot,
) -> Result<(), Unavailable> {
    if client.authenticated() {
        read_blobs(client, tally, repo, sha, want, snap).await
    } else {
        rest::contents(client, tally, repo, sha, want, snap).await
    }
}

async fn read_blobs(
    client: &GithubClient,
    tally: &Tally,
    repo: &GithubRepo,
    sha: &str,
    want: &[(String, Want)],
    snap: &mut FileSnapshot,
) -> Result<(), Unavailable> {
    if want.is_empty() {
        return Ok(());
    }
    let mut vars = serde_json::Map::new();
    vars.insert("owner".into(), json!(repo.owner));
    vars.insert("name".into(), json!(repo.name));
    for (i, (p, _)) in want.iter().enumerate() {
        vars.insert(format!("e{i}"), json!(format!("{sha}:{p}")));
    }
    let g = graphql(
        client,
        tally,
        &queries::files_query(want.len()),
        Value::Object(vars),
        "the contents of the files the probes read",
        true,
    )
    .await?;
    for (i, (p, w)) in want.iter().enumerate() {
        let alias = format!("f{i}");
        let v = g.at(&["repository", &alias]);
        let Ok(blob) = serde_json::from_value::<Option<Blob>>(v.clone()) else {
            continue;
        };
        let Some(blob) = blob else { continue };
        if blob.typename.as_deref().is_some_and(|t| t != "Blob") {
            continue;
        }
        let Some(entry) = snap.entries.get_mut(p) else {
            continue;
        };
        let Some(mut text) = blob.text else { continue };
        if let EntryKind::Symlink { target } = &mut entry.kind {
            cut(&mut text, 4096);
            *target = text;
            continue;
        }
        if blob.is_binary == Some(true) {
            continue;
        }
        let max = match w {
            Want::Head => SNIFF_BYTES,
            _ => MAX_CONTENT,
        };
        let mut truncated = cut(&mut text, max) || blob.is_truncated;
        if blob.byte_size.is_some_and(|n| n > text.len() as u64) {
            truncated = true;
        }
        entry.content = Some(FileContent { text, truncated }.into());
    }
    Ok(())
}
