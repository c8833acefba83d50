//! Local evidence from git objects (git2): never the work tree, so bare repositories and any
//! commit work. Nothing here runs the repository's hooks, filters or configuration.
//!
//! - [`census`]: the signature census of the history (see its module docs for the order).
//! - [`tags`]: the tag census.
//! - [`tree`]: the file snapshot at the head commit.

pub mod census;
pub mod commit;
pub mod freshness;
pub mod isolate;
pub mod packguard;
pub mod packs;
pub mod tags;
pub mod tree;

use std::path::Path;

use git2::{ErrorCode, ObjectType, Oid, Repository, RepositoryOpenFlags};

use super::{FileSnapshot, HistoryCensus, Needs, Observed, RepoIdentity, TagCensus, Unavailable};
use crate::error::Error;
use crate::model::Reason;
use crate::repo::parse_github_url;

/// What a local repository yields.
#[derive(Debug)]
pub struct LocalRepo {
    pub identity: RepoIdentity,
    pub files: Observed<FileSnapshot>,
    pub history: Observed<HistoryCensus>,
    pub tags: Observed<TagCensus>,
    /// Change logs' last changes and the newest tags ([`freshness`]).
    pub freshness: Observed<freshness::Freshness>,
    /// Notes for the report's `mode.notes`: where the git data was read from when that is
    /// outside the scanned directory (a `gitdir:` file, a worktree, alternates).
    pub notes: Vec<String>,
    /// Set when the reader process gave nothing: why (see [`isolate`]).
    pub reader_failure: Option<String>,
}

/// The commit the scan reads, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultHead {
    /// A commit, on the named branch (`None` for a detached HEAD).
    Commit { branch: Option<String>, commit: Oid },
    /// The default branch has no commit yet (an empty repository).
    Unborn { branch: Option<String> },
    /// The branch names an object that cannot be read as a commit.
    Unreadable {
        branch: Option<String>,
        target: Option<Oid>,
        detail: String,
    },
}

/// Reads a local repository. `commits`: `Some(n)` walks the `n` most recent commits, `None` the full history.
pub fn collect(path: &Path, input: &str, commits: Option<u64>) -> Result<LocalRepo, Error> {
    collect_for(path, input, commits, Needs::ALL)
}

/// [`collect`], loading only the file contents `needs` names (the listing is complete).
pub fn collect_for(
    path: &Path,
    input: &str,
    commits: Option<u64>,
    needs: Needs,
) -> Result<LocalRepo, Error> {
    // Each object is read once; libgit2's object cache would only grow with the history.
    git2::opts::enable_caching(false);
    // Each object's SHA-1 stays verified on read (libgit2's default), although it costs
    // about 8% of a census: the repository is untrusted, and an object whose content does
    // not match its id would let a local clone be cited as showing what GitHub's object of
    // that id does not.
    git2::opts::strict_hash_verification(true);
    let repo = open(path)?;
    let location = repo.workdir().unwrap_or_else(|| repo.path());
    let local_path = location
        .canonicalize()
        .unwrap_or_else(|_| location.to_path_buf())
        .display()
        .to_string();
    let github = repo
        .find_remote("origin")
        .ok()
        .and_then(|r| parse_github_url(&lossy(r.url_bytes())));

    // Nothing reads an object before every pack passed its checks.
    if let Err(why) = packguard::check_objects_dir(&repo.commondir().join("objects")) {
        let detail = format!(
            "The git objects were not read: a pack is malformed ({}).",
            why.trim_end_matches('.')
        );
        let u = Unavailable::new(Reason::NotCollected, detail.clone());
        let mut notes = location_notes(&repo, path);
        notes.push(
            detail.trim_end_matches('.').to_string() + ": files, history and tags are unknown",
        );
        return Ok(LocalRepo {
            identity: RepoIdentity {
                input: input.to_string(),
                local_path: Some(local_path),
                github,
                default_branch: None,
                head_commit: None,
            },
            files: Err(u.clone()),
            history: Err(u.clone()),
            tags: Err(u.clone()),
            freshness: Err(u),
            notes,
            reader_failure: Some(format!(
                "a pack is malformed ({})",
                why.trim_end_matches('.')
            )),
        });
    }
    let head = default_head(&repo);
    let (branch, head_commit) = match &head {
        DefaultHead::Commit { branch, commit } => (branch.clone(), Some(*commit)),
        DefaultHead::Unborn { branch } => (branch.clone(), None),
        DefaultHead::Unreadable { branch, target, .. } => (branch.clone(), *target),
    };
    let identity = RepoIdentity {
        input: input.to_string(),
        local_path: Some(local_path),
        github,
        default_branch: branch,
        head_commit: head_commit.map(|o| o.to_string()),
    };

    let tags = tags::census(&repo);
    let (files, history) = match head {
        DefaultHead::Commit { commit, .. } => (
            tree::snapshot_for(&repo, commit, needs),
            census::census(&repo, commit, commits),
        ),
        DefaultHead::Unborn { branch } => {
            if has_any_commit_ref(&repo) {
                let b = branch.as_deref().unwrap_or("HEAD");
                let u = Unavailable::new(
                    Reason::NotCollected,
                    format!(
                        "The default branch '{b}' has no commits although other branches do; check out or name the branch to scan."
                    ),
                );
                (Err(u.clone()), Err(u))
            } else {
                (
                    Ok(FileSnapshot::default()),
                    Ok(HistoryCensus {
                        history_complete: true,
                        shallow: repo.is_shallow(),
                        source_url: Some("git".into()),
                        ..HistoryCensus::default()
                    }),
                )
            }
        }
        DefaultHead::Unreadable { detail, .. } => {
            let u = Unavailable::new(Reason::NotCollected, detail);
            (Err(u.clone()), Err(u))
        }
    };
    let fresh = match (&files, &history, head_commit) {
        (Ok(snap), Ok(h), Some(head)) => {
            freshness::freshness(&repo, head, snap, h.commits_examined)
        }
        _ => Err(Unavailable::new(
            Reason::NotCollected,
            "the files or the history were not read",
        )),
    };
    let mut notes = location_notes(&repo, path);
    if let Ok(HistoryCensus {
        stopped_at_budget: Some(budget),
        commits_examined,
        ..
    }) = &history
    {
        notes.push(format!(
            "The history census stopped after {commits_examined} commits: the next would pass the {} MiB of commit objects it inflates at most; the history is incomplete",
            budget / (1024 * 1024)
        ));
    }
    Ok(LocalRepo {
        identity,
        files,
        history,
        tags,
        freshness: fresh,
        notes,
        reader_failure: None,
    })
}

/// Alternates of alternates are followed this deep, as libgit2 does.
const MAX_ALTERNATES_DEPTH: usize = 5;

/// Where the git data was read from, when that is outside the scanned directory (its work
/// tree, or for a bare repository the path given): the git directory named by a `.git`
/// file (`gitdir:`), a worktree's common directory, object directories listed in
/// `objects/info/alternates` (as `git clone --shared` writes them). Each is legitimate, but
/// the report would otherwise show their content under this repository's name.
pub fn location_notes(repo: &Repository, scanned: &Path) -> Vec<String> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let base = canon(repo.workdir().unwrap_or(scanned));
    let shown = |p: &Path| crate::error::sanitize(&p.display().to_string());
    let outside = |p: &Path| !canon(p).starts_with(&base);
    let mut notes = Vec::new();
    let git_dir = canon(repo.path());
    if outside(&git_dir) {
        let how = if repo.workdir().is_some_and(|w| w.join(".git").is_file()) {
            " (named by the work tree's .git file)"
        } else {
            ""
        };
        notes.push(format!(
            "the git directory is {}{how}, outside the scanned directory {}: history, tags and files were read from there",
            shown(&git_dir),
            shown(&base)
        ));
    }
    let common = canon(repo.commondir());
    if common != git_dir && outside(&common) {
        notes.push(format!(
            "the repository's common git directory (objects and references) is {}, outside the scanned directory",
            shown(&common)
        ));
    }
    let objects = common.join("objects");
    if outside(&objects) && !outside(&common) {
        notes.push(format!(
            "the objects directory leads to {}, outside the scanned directory: objects were read from there",
            shown(&canon(&objects))
        ));
    }
    let mut queue = vec![(objects, 0usize)];
    let mut seen: Vec<std::path::PathBuf> = Vec::new();
    while let Some((dir, depth)) = queue.pop() {
        if depth >= MAX_ALTERNATES_DEPTH || seen.len() >= 64 {
            continue;
        }
        let Ok(text) = std::fs::read(dir.join("info").join("alternates")) else {
            continue;
        };
        for line in text.split(|&b| b == b'\n' || b == b'\r') {
            if line.is_empty() || line.starts_with(b"#") {
                continue;
            }
            let raw = std::path::PathBuf::from(lossy(line));
            // libgit2: a path starting with '.' is relative to the objects directory.
            let alt = if line.starts_with(b".") {
                dir.join(&raw)
            } else {
                raw
            };
            let alt = canon(&alt);
            if seen.contains(&alt) {
                continue;
            }
            seen.push(alt.clone());
            if outside(&alt) {
                notes.push(format!(
                    "objects were also read from {}, listed in objects/info/alternates (a shared clone), outside the scanned directory",
                    shown(&alt)
                ));
            }
            queue.push((alt, depth + 1));
        }
    }
    notes
}

/// The git directory's metadata files libgit2 reads whole, and the most each may hold: a
/// longer one (a 2.5 GB sparse file) is refused before libgit2 reads it. A valid branch
/// name of 4 000 characters fits in `HEAD`.
pub const METADATA_FILES: &[(&str, u64)] = &[
    ("HEAD", 64 * 1024),
    ("config", 16 * 1024 * 1024),
    ("shallow", 64 * 1024 * 1024),
    ("packed-refs", 512 * 1024 * 1024),
    ("commondir", 64 * 1024),
    ("gitdir", 64 * 1024),
    ("objects/info/alternates", 1024 * 1024),
    ("FETCH_HEAD", 64 * 1024 * 1024),
    ("ORIG_HEAD", 64 * 1024),
];

/// Checks the metadata files of the git directories `path` may be (the path itself, a
/// bare repository, or its `.git`, a directory or a `gitdir:` file): each that exists must
/// be a regular file (not a symbolic link, a device, a FIFO) under its cap.
pub fn check_metadata(path: &Path) -> Result<(), String> {
    let mut dirs = vec![path.to_path_buf()];
    let dot_git = path.join(".git");
    match std::fs::symlink_metadata(&dot_git) {
        Ok(m) if m.is_dir() => dirs.push(dot_git),
        Ok(m) if m.is_file() => {
            crate::fsutil::check_regular(&dot_git, 64 * 1024).map_err(|e| format!(".git {e}"))?;
            let text = std::fs::read(&dot_git).unwrap_or_default();
            if let Some(rest) = text.strip_prefix(b"gitdir:") {
                let target = lossy(rest.trim_ascii());
                let target = std::path::PathBuf::from(target);
                dirs.push(if target.is_absolute() {
                    target
                } else {
                    path.join(target)
                });
            }
        }
        _ => {}
    }
    for dir in dirs {
        for (name, cap) in METADATA_FILES {
            let p = dir.join(name);
            if std::fs::symlink_metadata(&p).is_err() {
                continue;
            }
            crate::fsutil::check_regular(&p, *cap).map_err(|e| {
                let shown = p.strip_prefix(path).unwrap_or(&p).display().to_string();
                format!("{} {e}", crate::error::sanitize(&shown))
            })?;
        }
    }
    Ok(())
}

/// Opens the repository at `path` or the one containing it (a work tree or a bare repository).
pub fn open(path: &Path) -> Result<Repository, Error> {
    let shown = path.display();
    if std::fs::symlink_metadata(path).is_err() {
        return Err(Error::RepoNotFound(format!(
            "The path '{shown}' does not exist."
        )));
    }
    if let Err(why) = check_metadata(path) {
        return Err(Error::RepoNotFound(format!(
            "The git repository at '{shown}' was not read: {why}."
        )));
    }
    Repository::open_ext(path, RepositoryOpenFlags::empty(), std::iter::empty::<&str>()).map_err(
        |e| {
            let msg = e.message().trim_end_matches('.');
            Error::RepoNotFound(match e.code() {
                ErrorCode::NotFound => {
                    format!("The path '{shown}' is not a git repository (nor inside one).")
                }
                ErrorCode::Owner => format!(
                    "The git repository at '{shown}' belongs to another user and git's safe.directory setting does not allow reading it ({msg})."
                ),
                _ => format!("The git repository at '{shown}' could not be opened: {msg}."),
            })
        },
    )
}

/// The default branch and its commit: `refs/remotes/origin/HEAD`'s branch (the local
/// branch of that name if there is one, else the remote-tracking one), else `HEAD`.
pub fn default_head(repo: &Repository) -> DefaultHead {
    if let Ok(r) = repo.find_reference("refs/remotes/origin/HEAD") {
        if let Some(target) = r.symbolic_target_bytes().map(lossy) {
            if let Some(branch) = target.strip_prefix("refs/remotes/origin/") {
                for name in [format!("refs/heads/{branch}"), target.clone()] {
                    if let Ok(r) = repo.find_reference(&name) {
                        return peel(repo, &r, Some(branch.to_string()));
                    }
                }
            }
        }
    }
    match repo.find_reference("HEAD") {
        Ok(h) => match h.symbolic_target_bytes().map(lossy) {
            Some(target) => {
                let branch = target
                    .strip_prefix("refs/heads/")
                    .unwrap_or(&target)
                    .to_string();
                match repo.find_reference(&target) {
                    Ok(r) => peel(repo, &r, Some(branch)),
                    Err(e) if e.code() == ErrorCode::NotFound => DefaultHead::Unborn {
                        branch: Some(branch),
                    },
                    // Not absent, unreadable (a name longer than libgit2 reads, a
                    // malformed file): never "no commits".
                    Err(e) => DefaultHead::Unreadable {
                        detail: format!(
                            "The default branch '{}' could not be read: {}.",
                            shorten(&branch, MAX_NAME_SHOWN),
                            e.message().trim_end_matches('.')
                        ),
                        branch: Some(branch),
                        target: None,
                    },
                }
            }
            None => peel(repo, &h, None),
        },
        Err(e) => DefaultHead::Unreadable {
            branch: None,
            target: None,
            detail: format!(
                "HEAD could not be read: {}.",
                e.message().trim_end_matches('.')
            ),
        },
    }
}

/// Longest reference name quoted in a sentence (git allows names of kilobytes).
pub const MAX_NAME_SHOWN: usize = 200;

/// `s`, cut to `max` characters with `…` when longer.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The commit a reference names, peeling annotated tags. Only object headers and tag
/// objects are read here: the commit itself is parsed by the census, leniently.
fn peel(repo: &Repository, r: &git2::Reference<'_>, branch: Option<String>) -> DefaultHead {
    let name = lossy(r.name_bytes());
    let Some(target) = r.resolve().ok().and_then(|x| x.target()) else {
        return DefaultHead::Unborn { branch };
    };
    let unreadable = |what: String| DefaultHead::Unreadable {
        branch: branch.clone(),
        target: Some(target),
        detail: format!(
            "The commit named by {name} ({target}) {what}; the repository may be corrupt or incomplete."
        ),
    };
    let odb = match repo.odb() {
        Ok(o) => o,
        Err(e) => {
            return unreadable(format!(
                "could not be read ({})",
                e.message().trim_end_matches('.')
            ));
        }
    };
    let mut oid = target;
    // Tags of tags are allowed, a few levels deep.
    for _ in 0..16 {
        match odb.read_header(oid) {
            Ok((_, ObjectType::Commit)) => {
                return DefaultHead::Commit {
                    branch,
                    commit: oid,
                };
            }
            Ok((_, ObjectType::Tag)) => {
                let next = odb.read(oid).ok().and_then(|t| {
                    let data = t.data();
                    let line = data.split(|&b| b == b'\n').next()?;
                    oid_from_hex(line.strip_prefix(b"object ")?)
                });
                match next {
                    Some(n) => oid = n,
                    None => return unreadable(format!("is a tag {oid} that could not be read")),
                }
            }
            Ok((_, kind)) => {
                return unreadable(format!("is a {} object, not a commit", kind.str()));
            }
            Err(e) => {
                return unreadable(format!(
                    "could not be read ({})",
                    e.message().trim_end_matches('.')
                ));
            }
        }
    }
    unreadable("is a chain of tags too long to follow".into())
}

/// Some branch, remote-tracking branch or tag exists (so an unborn HEAD is not an empty repository).
fn has_any_commit_ref(repo: &Repository) -> bool {
    repo.references().is_ok_and(|mut refs| {
        refs.any(|r| {
            r.is_ok_and(|r| {
                let n = r.name_bytes();
                n.starts_with(b"refs/heads/")
                    || n.starts_with(b"refs/remotes/")
                    || n.starts_with(b"refs/tags/")
            })
        })
    })
}

/// Lossy UTF-8 (names and paths in git are bytes).
pub fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A full 40-digit hexadecimal object id (git2's parser would accept a prefix).
pub fn oid_from_hex(hex: &[u8]) -> Option<Oid> {
    if hex.len() != 40 {
        return None;
    }
    let mut raw = [0u8; 20];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        raw[i] = u8::try_from(hi * 16 + lo).ok()?;
    }
    Oid::from_bytes(&raw).ok()
}

#[cfg(test)]
mod tests {
    use super::oid_from_hex;

    #[test]
    fn hex_ids() {
        let h = b"4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        assert_eq!(
            oid_from_hex(h).map(|o| o.to_string()).as_deref(),
            Some("4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        );
        assert!(oid_from_hex(b"4b825dc6").is_none());
        assert!(oid_from_hex(b"4b825dc642cb6eb9a060e54bf8d69288fbee490g").is_none());
        assert!(oid_from_hex("é".repeat(20).as_bytes()).is_none());
    }
}
