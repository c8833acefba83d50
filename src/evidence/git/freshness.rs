//! How fresh release material is, from git: the last commit that changed each change log
//! at the root (walking at most the commits the census walked, newest first), and the
//! newest tags with whether each is signed. Bounded: a few paths, the census's commit
//! count, tag and commit objects read only below a size.

use git2::{ObjectType, Oid, Repository, Sort};

use super::tags::parse_tag;
use crate::evidence::{FileSnapshot, Unavailable};
use crate::model::{FileChange, Reason};

/// Most change logs followed.
pub const MAX_PATHS: usize = 5;
/// How many of the newest tags are reported.
pub const NEWEST_TAGS: usize = 5;
/// Largest tag or commit object read to date a tag.
pub const MAX_OBJECT: usize = 64 * 1024;
/// Most tags dated.
pub const MAX_TAGS: usize = 20_000;

/// A tag, dated by its tagger (annotated) or its commit (lightweight).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatedTag {
    pub name: String,
    pub time: i64,
    pub annotated: bool,
    pub signed: bool,
}

/// What the freshness readers found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Freshness {
    /// The last change of each change log, when the walk reached it.
    pub changes: Vec<FileChange>,
    /// Change logs whose last change is older than the commits walked (not found).
    pub unchanged_in_walk: Vec<String>,
    /// Commits walked.
    pub commits_walked: u64,
    /// The newest tags, newest first (tags that could not be dated are left out).
    pub newest_tags: Vec<DatedTag>,
    /// The newest tags that share the newest tag's state, over every dated tag.
    #[serde(default)]
    pub newest_run: Option<TagRun>,
}

/// The newest tags that are all signed or all unsigned, and the tag before them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TagRun {
    pub signed: bool,
    pub count: u64,
    pub lightweight: u64,
    /// The oldest tag of the run.
    pub oldest: DatedTag,
    /// The newest tag of the other state, older than the run.
    pub next: Option<DatedTag>,
}

/// The run of `tags` (newest first) that share the first tag's state.
pub fn tag_run(tags: &[DatedTag]) -> Option<TagRun> {
    let first = tags.first()?;
    let run: Vec<&DatedTag> = tags
        .iter()
        .take_while(|t| t.signed == first.signed)
        .collect();
    let oldest = run.last().copied().unwrap_or(first).clone();
    Some(TagRun {
        signed: first.signed,
        count: run.len() as u64,
        lightweight: run.iter().filter(|t| !t.annotated).count() as u64,
        oldest,
        next: tags.get(run.len()).cloned(),
    })
}

/// Change logs at the root (`CHANGELOG.md`, `CHANGES.rst`, `NEWS`, `HISTORY.md`).
pub fn changelog_paths(snap: &FileSnapshot) -> Vec<String> {
    snap.entries
        .keys()
        .filter(|p| !p.contains('/'))
        .filter(|p| {
            let l = p.to_ascii_lowercase();
            let (stem, ext) = l.rsplit_once('.').unwrap_or((&l, ""));
            matches!(ext, "md" | "markdown" | "rst" | "adoc" | "txt" | "")
                && ["changelog", "changes", "history", "news"]
                    .iter()
                    .any(|c| stem.starts_with(c))
        })
        .take(MAX_PATHS)
        .cloned()
        .collect()
}

fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The blob id at a root `path` of a commit's tree.
fn blob_at(commit: &git2::Commit<'_>, path: &str) -> Option<Oid> {
    commit.tree().ok()?.get_name(path).map(|e| e.id())
}

/// The newest commit (of at most `limit` walked from `head`, in date order) that changed
/// each path: its blob differs from that of every parent (a merge that took one side's
/// version changed nothing, as `git log` sees it).
pub fn last_changes(
    repo: &Repository,
    head: Oid,
    paths: &[String],
    limit: u64,
) -> Result<Freshness, Unavailable> {
    let fail = |what: &str, e: git2::Error| {
        Unavailable::new(
            Reason::NotCollected,
            format!(
                "the history could not be walked for change logs: {what} ({})",
                e.message()
            ),
        )
    };
    let mut walk = repo.revwalk().map_err(|e| fail("revwalk", e))?;
    walk.set_sorting(Sort::TIME)
        .map_err(|e| fail("sorting", e))?;
    walk.push(head).map_err(|e| fail("the head", e))?;
    let mut out = Freshness::default();
    let mut open: Vec<&String> = paths.iter().take(MAX_PATHS).collect();
    for oid in walk {
        if open.is_empty() || out.commits_walked >= limit {
            break;
        }
        let Ok(oid) = oid else { break };
        out.commits_walked += 1;
        let Ok(commit) = repo.find_commit(oid) else {
            continue;
        };
        let parents: Vec<git2::Commit<'_>> = commit.parents().collect();
        open.retain(|p| {
            let here = blob_at(&commit, p);
            let changed = if parents.is_empty() {
                here.is_some()
            } else {
                parents.iter().all(|q| blob_at(q, p) != here)
            };
            if changed && here.is_some() {
                out.changes.push(FileChange {
                    path: (*p).clone(),
                    commit: oid.to_string(),
                    date: rfc3339(commit.time().seconds()),
                });
                return false;
            }
            true
        });
    }
    out.unchanged_in_walk = open.into_iter().cloned().collect();
    Ok(out)
}

/// The blob id at a `path` (root or nested, `/`-separated) of a commit's tree.
fn blob_at_path(commit: &git2::Commit<'_>, path: &str) -> Option<Oid> {
    let e = commit
        .tree()
        .ok()?
        .get_path(std::path::Path::new(path))
        .ok()?;
    (e.kind() == Some(ObjectType::Blob)).then(|| e.id())
}

/// Whether `path` is a file at `commit` (a symbolic link or a directory is not).
pub fn file_exists_at(repo: &Repository, commit: Oid, path: &str) -> bool {
    repo.find_commit(commit)
        .ok()
        .and_then(|c| blob_at_path(&c, path))
        .is_some()
}

/// The text of the file at `path` of `commit`, when it is a blob of at most `max` bytes.
pub fn file_text_at(repo: &Repository, commit: Oid, path: &str, max: usize) -> Option<String> {
    let c = repo.find_commit(commit).ok()?;
    let id = blob_at_path(&c, path)?;
    let (size, _) = repo.odb().ok()?.read_header(id).ok()?;
    if size > max {
        return None;
    }
    let blob = repo.find_blob(id).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

/// When each of `paths` (root or nested) went: the newest commit (of at most `limit`
/// walked from `head`, in date order) whose first parent has the file and which has not.
/// A path present at `head`, or whose removal is older than the walk, is left out.
pub fn removals(
    repo: &Repository,
    head: Oid,
    paths: &[String],
    limit: u64,
) -> Result<Vec<FileChange>, Unavailable> {
    let fail = |e: git2::Error| {
        Unavailable::new(
            Reason::NotCollected,
            format!("the history could not be walked: {}", e.message()),
        )
    };
    let Ok(head_commit) = repo.find_commit(head) else {
        return Ok(Vec::new());
    };
    let mut open: Vec<&String> = paths
        .iter()
        .take(MAX_PATHS * 4)
        .filter(|p| blob_at_path(&head_commit, p).is_none())
        .collect();
    let mut out = Vec::new();
    let mut walk = repo.revwalk().map_err(fail)?;
    walk.set_sorting(Sort::TIME).map_err(fail)?;
    walk.push(head).map_err(fail)?;
    for (walked, oid) in walk.enumerate() {
        if open.is_empty() || walked as u64 >= limit {
            break;
        }
        let Ok(oid) = oid else { break };
        let Ok(commit) = repo.find_commit(oid) else {
            continue;
        };
        let Ok(parent) = commit.parent(0) else {
            continue;
        };
        open.retain(|p| {
            let gone = blob_at_path(&commit, p).is_none() && blob_at_path(&parent, p).is_some();
            if gone {
                out.push(FileChange {
                    path: (*p).clone(),
                    commit: oid.to_string(),
                    date: rfc3339(commit.time().seconds()),
                });
            }
            !gone
        });
    }
    Ok(out)
}

/// The newest commit (of at most `limit` walked) after which the file at `path` no longer
/// contains `needle` (case-insensitive) while its first parent's version did: when an
/// address left a security policy. `None` when the file still contains it at `head`, or
/// the change is older than the walk.
pub fn text_removal(
    repo: &Repository,
    head: Oid,
    path: &str,
    needle: &str,
    limit: u64,
) -> Option<FileChange> {
    let needle = needle.to_lowercase();
    let has = |c: &git2::Commit<'_>| -> Option<bool> {
        let id = blob_at_path(c, path)?;
        let (size, _) = repo.odb().ok()?.read_header(id).ok()?;
        if size > MAX_OBJECT * 4 {
            return None;
        }
        let blob = repo.find_blob(id).ok()?;
        Some(
            String::from_utf8_lossy(blob.content())
                .to_lowercase()
                .contains(&needle),
        )
    };
    let head_commit = repo.find_commit(head).ok()?;
    if has(&head_commit) == Some(true) {
        return None;
    }
    let mut walk = repo.revwalk().ok()?;
    walk.set_sorting(Sort::TIME).ok()?;
    walk.push(head).ok()?;
    for (walked, oid) in walk.enumerate() {
        if walked as u64 >= limit {
            break;
        }
        let oid = oid.ok()?;
        let commit = repo.find_commit(oid).ok()?;
        let Ok(parent) = commit.parent(0) else {
            continue;
        };
        if blob_at_path(&commit, path) == blob_at_path(&parent, path) {
            continue;
        }
        if has(&commit) != Some(true) && has(&parent) == Some(true) {
            return Some(FileChange {
                path: path.to_string(),
                commit: oid.to_string(),
                date: rfc3339(commit.time().seconds()),
            });
        }
    }
    None
}

/// The newest tags, newest first, each dated by its tagger or (lightweight) its commit,
/// with whether it carries a well-formed signature. Objects over [`MAX_OBJECT`] are not
/// read (the tag is left out).
pub fn newest_tags(repo: &Repository) -> Result<Vec<DatedTag>, Unavailable> {
    let mut tags = dated_tags(repo)?;
    tags.truncate(NEWEST_TAGS);
    Ok(tags)
}

/// Every tag (at most [`MAX_TAGS`]), newest first, dated as [`newest_tags`] dates them.
pub fn dated_tags(repo: &Repository) -> Result<Vec<DatedTag>, Unavailable> {
    let fail = |e: git2::Error| {
        Unavailable::new(
            Reason::NotCollected,
            format!("the tags could not be dated ({})", e.message()),
        )
    };
    let odb = repo.odb().map_err(fail)?;
    let refs = repo.references_glob("refs/tags/*").map_err(fail)?;
    let mut tags: Vec<DatedTag> = Vec::new();
    for r in refs.take(MAX_TAGS) {
        let Ok(r) = r else { continue };
        let Some(name) = r.name_bytes().strip_prefix(b"refs/tags/") else {
            continue;
        };
        let name = super::lossy(name);
        let Some(oid) = r.target() else { continue };
        let Ok((size, kind)) = odb.read_header(oid) else {
            continue;
        };
        if size > MAX_OBJECT {
            continue;
        }
        match kind {
            ObjectType::Tag => {
                let Ok(obj) = odb.read(oid) else { continue };
                let info = parse_tag(obj.data());
                if let Some(time) = info.tagger_time {
                    tags.push(DatedTag {
                        name,
                        time,
                        annotated: true,
                        signed: info.signed,
                    });
                }
            }
            ObjectType::Commit => {
                let Ok(c) = repo.find_commit(oid) else {
                    continue;
                };
                tags.push(DatedTag {
                    name,
                    time: c.time().seconds(),
                    annotated: false,
                    signed: false,
                });
            }
            _ => {}
        }
    }
    tags.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.name.cmp(&b.name)));
    Ok(tags)
}

/// Both readers for a local repository at `head`.
pub fn freshness(
    repo: &Repository,
    head: Oid,
    snap: &FileSnapshot,
    commits_walked_by_census: u64,
) -> Result<Freshness, Unavailable> {
    let paths = changelog_paths(snap);
    let mut f = last_changes(repo, head, &paths, commits_walked_by_census)?;
    let mut tags = dated_tags(repo)?;
    f.newest_run = tag_run(&tags);
    tags.truncate(NEWEST_TAGS);
    f.newest_tags = tags;
    Ok(f)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn commit(repo: &Repository, files: &[(&str, &str)], parent: Option<Oid>, t: i64) -> Oid {
        let mut tb = repo.treebuilder(None).unwrap();
        for (p, c) in files {
            let b = repo.blob(c.as_bytes()).unwrap();
            tb.insert(p, b, 0o100644).unwrap();
        }
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let sig = git2::Signature::new("T", "t@x", &git2::Time::new(t, 0)).unwrap();
        let parents: Vec<git2::Commit<'_>> = parent
            .into_iter()
            .map(|p| repo.find_commit(p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        repo.commit(None, &sig, &sig, "m", &tree, &refs).unwrap()
    }

    /// The last change of a change log is the newest commit that changed it, within the
    /// walk; the newest tags are dated and say whether they are signed.
    #[test]
    fn last_change_and_newest_tags() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        let c1 = commit(
            &repo,
            &[("CHANGELOG.md", "1"), ("a", "1")],
            None,
            1_600_000_000,
        );
        let c2 = commit(
            &repo,
            &[("CHANGELOG.md", "2"), ("a", "1")],
            Some(c1),
            1_650_000_000,
        );
        let c3 = commit(
            &repo,
            &[("CHANGELOG.md", "2"), ("a", "2")],
            Some(c2),
            1_700_000_000,
        );
        let paths = vec!["CHANGELOG.md".to_string()];
        let f = last_changes(&repo, c3, &paths, 100).unwrap();
        assert_eq!(f.changes.len(), 1);
        assert_eq!(f.changes[0].commit, c2.to_string());
        assert_eq!(f.changes[0].date, "2022-04-15T05:20:00Z");
        // Walking only the newest commit does not reach it: not claimed.
        let f = last_changes(&repo, c3, &paths, 1).unwrap();
        assert!(f.changes.is_empty());
        assert_eq!(f.unchanged_in_walk, paths);
        // Tags: an old signed one, a newer unsigned annotated one, a lightweight one.
        let tag = |name: &str, target: Oid, t: i64, sig: &str| {
            let body = format!(
                "object {target}\ntype commit\ntag {name}\ntagger T <t@x> {t} +0000\n\n{name}\n{sig}"
            );
            let oid = repo
                .odb()
                .unwrap()
                .write(git2::ObjectType::Tag, body.as_bytes())
                .unwrap();
            repo.reference(&format!("refs/tags/{name}"), oid, false, "t")
                .unwrap();
        };
        let sig = "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n";
        tag("v1", c1, 1_600_000_100, sig);
        tag("v2", c2, 1_650_000_100, "");
        repo.reference("refs/tags/v3", c3, false, "t").unwrap();
        let t = newest_tags(&repo).unwrap();
        let got: Vec<(&str, bool, bool)> = t
            .iter()
            .map(|x| (x.name.as_str(), x.annotated, x.signed))
            .collect();
        assert_eq!(
            got,
            vec![
                ("v3", false, false),
                ("v2", true, false),
                ("v1", true, true)
            ]
        );
        // The unsigned run holds v3 and v2 (one lightweight); v1 is the signed one before.
        let run = tag_run(&dated_tags(&repo).unwrap()).unwrap();
        assert_eq!((run.signed, run.count, run.lightweight), (false, 2, 1));
        assert_eq!(run.oldest.name, "v2");
        assert_eq!(run.next.map(|t| t.name), Some("v1".to_string()));
    }

    /// The run is counted past the newest tags reported.
    #[test]
    fn tag_run_goes_past_the_newest_tags_reported() {
        let t = |i: i64, signed: bool| DatedTag {
            name: format!("v{i}"),
            time: i,
            annotated: signed,
            signed,
        };
        let mut tags: Vec<DatedTag> = (0..3).map(|i| t(i, true)).collect();
        tags.extend((3..(3 + NEWEST_TAGS as i64 + 2)).map(|i| t(i, false)));
        tags.reverse();
        let run = tag_run(&tags).unwrap();
        assert_eq!(run.count, NEWEST_TAGS as u64 + 2);
        assert_eq!(run.next.map(|t| t.name), Some("v2".to_string()));
        assert!(tag_run(&[]).is_none());
    }
}
