//! The file snapshot at the head commit, read from tree and blob objects (never the work
//! tree). Every path is listed with its size (from the object header); contents are loaded
//! only for [`files::wanted`] paths and never beyond their cap.
//!
//! Bounded whatever the repository holds:
//! - the listing takes the root, then the directories probes look at
//!   ([`files::LISTED_FIRST`]), then the rest shallowest first, and stops at
//!   [`files::MAX_ENTRIES`] files or [`files::MAX_DIRECTORIES`] directories, recording which
//!   directories were not listed completely (a tree object over [`MAX_TREE_BYTES`] is not
//!   read: its directory is unlisted);
//! - each distinct blob is read once (paths naming the same blob share its content), and what
//!   is inflated counts against one [`files::CONTENT_BUDGET`];
//! - an object's size is read from its header before it is inflated: a loose object is
//!   streamed up to the cap, a packed one (libgit2 cannot stream those) is inflated only when
//!   it is at most [`files::MAX_INFLATE`] bytes, else it is not read at all.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};
use std::io::Read;
use std::sync::Arc;

use git2::{ObjectType, Odb, Oid, Repository};

use super::lossy;
use crate::evidence::files::{
    self, EntryKind, FileContent, FileEntry, FileSnapshot, Resolved, Unread, Want,
};
use crate::evidence::{Needs, Unavailable};
use crate::model::Reason;

/// Longest symlink target kept (bytes); git itself refuses longer ones on most systems.
pub const MAX_LINK_TARGET: usize = 4096;
/// Largest tree object read (bytes): [`files::MAX_ENTRIES`] entries with long names fit.
pub const MAX_TREE_BYTES: u64 = 64 * 1024 * 1024;

fn fail(what: String) -> Unavailable {
    Unavailable::new(
        Reason::NotCollected,
        format!(
            "The files could not be listed because {what}; the repository may be corrupt or incomplete (a partial clone lacks objects)."
        ),
    )
}

/// A directory waiting to be listed: ordered by (rank, depth, discovery order).
type Pending = (Reverse<(usize, usize, u64)>, String, Oid);

/// Lists the tree of `commit` and loads the wanted contents.
pub fn snapshot(repo: &Repository, commit: Oid) -> Result<FileSnapshot, Unavailable> {
    snapshot_for(repo, commit, Needs::ALL)
}

/// [`snapshot`], loading only the contents `wanted_needs` names ([`files::wanted_for`]).
pub fn snapshot_for(
    repo: &Repository,
    commit: Oid,
    wanted_needs: Needs,
) -> Result<FileSnapshot, Unavailable> {
    let odb = repo.odb().map_err(|e| {
        fail(format!(
            "the object database could not be opened ({})",
            e.message()
        ))
    })?;
    // libgit2 allocates what an object declares before inflating it: a commit declaring
    // more than a pack may (a crafted loose object) is not read.
    if let Ok((size, _)) = odb.read_header(commit) {
        if size as u64 > super::packguard::MAX_DECLARED_SIZE {
            return Err(fail(format!(
                "commit {commit} declares {size} bytes, more than the {} MiB read for a commit",
                super::packguard::MAX_DECLARED_SIZE / (1024 * 1024)
            )));
        }
    }
    let commit_obj = odb.read(commit).map_err(|e| {
        fail(format!(
            "commit {commit} could not be read ({})",
            e.message()
        ))
    })?;
    let root = super::census::tree_of(commit_obj.data())
        .ok_or_else(|| fail(format!("commit {commit} has no valid tree line")))?;
    drop(commit_obj);

    let mut snap = FileSnapshot {
        commit: commit.to_string(),
        ..FileSnapshot::default()
    };
    // Blob ids of the listed files and links, dropped once the contents are loaded.
    let mut blob_of: HashMap<String, (Oid, u64)> = HashMap::new();
    // In listing order: the symlinks, and the wanted paths.
    let mut links: Vec<String> = Vec::new();
    let mut want: Vec<(String, Want)> = Vec::new();

    let mut pending: BinaryHeap<Pending> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut dirs = 1usize;
    pending.push((Reverse((0, 0, seq)), String::new(), root));
    'walk: while let Some((Reverse((_, depth, _)), prefix, tree_id)) = pending.pop() {
        // A tree object is inflated whole: one larger than a full listing needs is not read.
        if odb
            .read_header(tree_id)
            .is_ok_and(|(size, _)| size as u64 > MAX_TREE_BYTES)
        {
            snap.listing_truncated = true;
            snap.unlisted_dirs.insert(dir_key(&prefix));
            continue;
        }
        let tree = repo.find_tree(tree_id).map_err(|e| {
            let at = if prefix.is_empty() { "/" } else { &prefix };
            fail(format!(
                "tree {tree_id} at '{at}' could not be read ({})",
                e.message()
            ))
        })?;
        if let Some(why) = malformed(&tree) {
            // Names with '/' would alias paths of other directories, and of a name listed
            // twice git reads one entry: nothing of this tree is listed, and what rests on
            // it is unknown (GitHub refuses such trees on push).
            snap.listing_truncated = true;
            snap.unlisted_dirs.insert(dir_key(&prefix));
            let at = if prefix.is_empty() {
                "the root".to_string()
            } else {
                format!("'{}'", prefix.trim_end_matches('/'))
            };
            if snap.malformed_trees.len() < MAX_MALFORMED_NAMED {
                snap.malformed_trees.push(format!("{at}: {why}"));
            }
            continue;
        }
        for e in tree.iter() {
            let path = format!("{prefix}{}", lossy(e.name_bytes()));
            let oid = e.id();
            let mode = e.filemode();
            let full = if mode == 0o040000 {
                dirs >= files::MAX_DIRECTORIES
            } else {
                snap.entries.len() >= files::MAX_ENTRIES
            };
            if full {
                snap.listing_truncated = true;
                snap.unlisted_dirs.insert(dir_key(&prefix));
                break 'walk;
            }
            match mode {
                0o040000 => {
                    dirs += 1;
                    seq += 1;
                    let rank = files::listing_rank(&path);
                    pending.push((Reverse((rank, depth + 1, seq)), format!("{path}/"), oid));
                }
                0o160000 => {
                    snap.entries.insert(
                        path,
                        FileEntry {
                            size: 0,
                            kind: EntryKind::Submodule,
                            content: None,
                        },
                    );
                }
                mode => {
                    let (size, kind) = match odb.read_header(oid) {
                        Ok(h) => h,
                        // Absent, not corrupt: a partial clone or an incomplete mirror. The
                        // rest of the tree is still evidence; this file is listed without
                        // content. A corrupt object still fails the snapshot.
                        Err(er) if er.code() == git2::ErrorCode::NotFound => {
                            let kind = if mode == 0o120000 {
                                EntryKind::Symlink {
                                    target: String::new(),
                                }
                            } else {
                                EntryKind::File
                            };
                            snap.entries.insert(
                                path.clone(),
                                FileEntry {
                                    size: 0,
                                    kind,
                                    content: None,
                                },
                            );
                            snap.missing.push(path);
                            continue;
                        }
                        Err(er) => {
                            return Err(fail(format!(
                                "the file '{path}' ({oid}) could not be read ({})",
                                er.message()
                            )));
                        }
                    };
                    if kind != ObjectType::Blob {
                        return Err(fail(format!(
                            "the file '{path}' ({oid}) is a {} object, not a blob",
                            kind.str()
                        )));
                    }
                    let size = size as u64;
                    let kind = match mode {
                        0o120000 => {
                            links.push(path.clone());
                            EntryKind::Symlink {
                                target: String::new(),
                            }
                        }
                        0o100755 => EntryKind::Executable,
                        _ => EntryKind::File,
                    };
                    match files::wanted_for(&path, size, wanted_needs) {
                        Want::No => {}
                        w => want.push((path.clone(), w)),
                    }
                    blob_of.insert(path.clone(), (oid, size));
                    snap.entries.insert(
                        path,
                        FileEntry {
                            size,
                            kind,
                            content: None,
                        },
                    );
                }
            }
        }
    }
    if snap.listing_truncated {
        snap.unlisted_dirs
            .extend(pending.into_iter().map(|(_, p, _)| dir_key(&p)));
    }

    let mut loader = Loader::new(&odb);
    // Symlink targets first (they decide what the wanted paths are), in listing order.
    for path in links {
        let Some(&(oid, size)) = blob_of.get(&path) else {
            continue;
        };
        if size > MAX_LINK_TARGET as u64 {
            // Not a usable link target on any system git supports: not read.
            snap.unread.insert(
                path,
                Unread::TooLarge {
                    size,
                    limit: MAX_LINK_TARGET as u64,
                },
            );
            continue;
        }
        match loader
            .read(oid, size, MAX_LINK_TARGET)
            .map_err(|m| fail(format!("the link '{path}' ({oid}) could not be read ({m})")))?
        {
            Ok((bytes, _)) => {
                if let Some(e) = snap.entries.get_mut(&path) {
                    e.kind = EntryKind::Symlink {
                        target: lossy(&bytes),
                    };
                }
            }
            Err(why) => {
                snap.unread.insert(path, why);
            }
        }
    }
    // Then the wanted files, a wanted symlink's target with the link's need: the ones
    // probes depend on most first, in case the budget does not cover them all.
    want.sort_by_key(|(p, _)| files::wanted_rank(p));
    for (path, w) in want {
        let cap = match w {
            Want::No => continue,
            Want::Full => files::MAX_CONTENT,
            Want::Head => files::SNIFF_BYTES,
        };
        let real = match snap.resolve(&path) {
            Some(Resolved::File { path, entry }) if needs(entry, cap) => path.to_string(),
            _ => continue,
        };
        let Some(&(oid, size)) = blob_of.get(&real) else {
            continue;
        };
        match loader
            .load(oid, size, cap)
            .map_err(|m| fail(format!("the file '{real}' ({oid}) could not be read ({m})")))?
        {
            Ok(content) => {
                if let Some(e) = snap.entries.get_mut(&real) {
                    e.content = Some(content);
                }
            }
            Err(why) => {
                snap.unread.insert(real, why);
            }
        }
    }
    Ok(snap)
}

/// A directory's key in [`FileSnapshot::unlisted_dirs`].
/// Malformed trees named in the snapshot, at most.
pub const MAX_MALFORMED_NAMED: usize = 5;

/// What makes `tree` malformed, as git's fsck sees it: an entry name that is empty, `.`,
/// `..` or contains `/`, or a name listed twice (as a file and a directory alike).
fn malformed(tree: &git2::Tree<'_>) -> Option<String> {
    // By the name as listed (invalid UTF-8 replaced): two names that differ only in
    // invalid bytes would otherwise be one path, the second hiding the first.
    let mut names: std::collections::HashMap<String, bool> =
        std::collections::HashMap::with_capacity(tree.len());
    for e in tree.iter() {
        let name = e.name_bytes();
        let valid = std::str::from_utf8(name).is_ok();
        if name.is_empty() || name == b"." || name == b".." || name.contains(&b'/') {
            return Some(format!("an entry is named '{}'", lossy(name)));
        }
        if let Some(was_valid) = names.insert(lossy(name), valid) {
            return Some(if was_valid && valid {
                format!("'{}' is listed twice", lossy(name))
            } else {
                format!(
                    "two names read as '{}' once their invalid UTF-8 is replaced",
                    lossy(name)
                )
            });
        }
    }
    None
}

fn dir_key(prefix: &str) -> String {
    prefix.trim_end_matches('/').to_ascii_lowercase()
}

/// The entry has no content yet, or less than `cap` of a larger file.
fn needs(e: &FileEntry, cap: usize) -> bool {
    match &e.content {
        None => true,
        Some(c) => c.truncated && c.text.len() < cap,
    }
}

/// Reads blobs once each, against the content budget.
struct Loader<'r> {
    odb: &'r Odb<'r>,
    left: u64,
    /// Contents already read: the cap they were read with, and the content.
    read: HashMap<Oid, (usize, Arc<FileContent>)>,
}

impl<'r> Loader<'r> {
    fn new(odb: &'r Odb<'r>) -> Self {
        Loader {
            odb,
            left: files::CONTENT_BUDGET,
            read: HashMap::new(),
        }
    }

    /// The content of blob `oid` (`size` bytes) up to `cap`, shared with every path naming
    /// the same blob. `Err` (outer): the object could not be read; `Ok(Err)`: a limit.
    fn load(
        &mut self,
        oid: Oid,
        size: u64,
        cap: usize,
    ) -> Result<Result<Arc<FileContent>, Unread>, String> {
        if let Some((had, c)) = self.read.get(&oid) {
            if *had >= cap || !c.truncated {
                return Ok(Ok(Arc::clone(c)));
            }
        }
        let (bytes, truncated) = match self.read(oid, size, cap)? {
            Ok(r) => r,
            Err(why) => return Ok(Err(why)),
        };
        let c = Arc::new(FileContent {
            text: decode(&bytes, truncated),
            truncated,
        });
        self.read.insert(oid, (cap, Arc::clone(&c)));
        Ok(Ok(c))
    }

    /// At most `cap` bytes of blob `oid` (`size` bytes, from its header) and whether they
    /// are only the first part, charged against the budget.
    fn read(
        &mut self,
        oid: Oid,
        size: u64,
        cap: usize,
    ) -> Result<Result<(Vec<u8>, bool), Unread>, String> {
        let budget = Unread::Budget {
            budget: files::CONTENT_BUDGET,
        };
        let capped = cap as u64;
        if size <= capped {
            if size > self.left {
                return Ok(Err(budget));
            }
            self.left -= size;
            let o = self.odb.read(oid).map_err(|e| e.message().to_string())?;
            let data = o.data();
            // The header said `size`; never keep more than the cap whatever the data is.
            let keep = data.len().min(cap);
            return Ok(Ok((data[..keep].to_vec(), data.len() > cap)));
        }
        // Larger than the cap: stream the first part when the backend can (loose objects).
        if capped > self.left {
            return Ok(Err(budget));
        }
        if let Ok((reader, _, _)) = self.odb.reader(oid) {
            let mut buf = Vec::with_capacity(cap);
            let ok = reader.take(capped).read_to_end(&mut buf).is_ok();
            if ok && buf.len() == cap {
                self.left -= capped;
                return Ok(Ok((buf, true)));
            }
        }
        // A packed object is inflated whole: only when that stays small.
        if size > files::MAX_INFLATE {
            return Ok(Err(Unread::TooLarge {
                size,
                limit: files::MAX_INFLATE,
            }));
        }
        if size > self.left {
            return Ok(Err(budget));
        }
        self.left -= size;
        let o = self.odb.read(oid).map_err(|e| e.message().to_string())?;
        let data = o.data();
        Ok(Ok((data[..cap.min(data.len())].to_vec(), true)))
    }
}

/// Lossy UTF-8; a multi-byte character cut by truncation is dropped rather than replaced.
pub fn decode(bytes: &[u8], truncated: bool) -> String {
    let keep = if truncated {
        bytes.len() - incomplete_tail(bytes)
    } else {
        bytes.len()
    };
    String::from_utf8_lossy(&bytes[..keep]).into_owned()
}

/// Length of an incomplete UTF-8 sequence at the end of `b` (0 when none).
fn incomplete_tail(b: &[u8]) -> usize {
    for k in 1..=b.len().min(3) {
        let c = b[b.len() - k];
        if c & 0xC0 == 0x80 {
            continue;
        }
        let need = match c {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        return if need > k { k } else { 0 };
    }
    0
}

/// The directories of `unlisted` that are not below another of them (for notes).
pub fn outermost(unlisted: &BTreeSet<String>) -> Vec<&str> {
    if unlisted.contains("") {
        return vec![""];
    }
    unlisted
        .iter()
        .filter(|d| {
            !d.match_indices('/')
                .any(|(i, _)| unlisted.contains(&d[..i]))
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn cut_characters_are_dropped() {
        let s = "aé".as_bytes();
        assert_eq!(decode(&s[..2], true), "a");
        assert_eq!(decode(&s[..2], false), "a\u{fffd}");
        assert_eq!(decode(b"a\xffb", true), "a\u{fffd}b");
        assert_eq!(decode(b"\xff\xe2\x82", true), "\u{fffd}");
        assert_eq!(decode("€".as_bytes(), true), "€");
    }
}
