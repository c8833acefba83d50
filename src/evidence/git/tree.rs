//! The file snapshot at the head commit, read from tree and blob objects (never the work
//! tree). Every path is listed with its size (from the object header); contents are loaded
//! only for [`files::wanted`] paths and never beyond their cap.

use std::collections::BTreeMap;
use std::io::Read;

use git2::{ObjectType, Odb, Oid, Repository};

use super::lossy;
use crate::evidence::Unavailable;
use crate::evidence::files::{self, EntryKind, FileContent, FileEntry, FileSnapshot, Want};
use crate::model::Reason;

/// Longest symlink target kept (bytes); git itself refuses longer ones on most systems.
pub const MAX_LINK_TARGET: usize = 4096;

fn fail(what: String) -> Unavailable {
    Unavailable::new(
        Reason::NotCollected,
        format!(
            "The files could not be listed because {what}; the repository may be corrupt or incomplete (a partial clone lacks objects)."
        ),
    )
}

/// Lists the tree of `commit`.
pub fn snapshot(repo: &Repository, commit: Oid) -> Result<FileSnapshot, Unavailable> {
    let odb = repo.odb().map_err(|e| {
        fail(format!(
            "the object database could not be opened ({})",
            e.message()
        ))
    })?;
    let commit_obj = odb.read(commit).map_err(|e| {
        fail(format!(
            "commit {commit} could not be read ({})",
            e.message()
        ))
    })?;
    let root = super::census::tree_of(commit_obj.data())
        .ok_or_else(|| fail(format!("commit {commit} has no valid tree line")))?;
    drop(commit_obj);

    let mut entries = BTreeMap::new();
    let mut listing_truncated = false;
    let mut missing: Vec<String> = Vec::new();
    let mut stack: Vec<(String, Oid)> = vec![(String::new(), root)];
    'walk: while let Some((prefix, tree_id)) = stack.pop() {
        let tree = repo.find_tree(tree_id).map_err(|e| {
            let at = if prefix.is_empty() { "/" } else { &prefix };
            fail(format!(
                "tree {tree_id} at '{at}' could not be read ({})",
                e.message()
            ))
        })?;
        for e in tree.iter() {
            let path = format!("{prefix}{}", lossy(e.name_bytes()));
            let oid = e.id();
            match e.filemode() {
                0o040000 => {
                    stack.push((format!("{path}/"), oid));
                    continue;
                }
                _ if entries.len() >= files::MAX_ENTRIES => {
                    listing_truncated = true;
                    break 'walk;
                }
                0o160000 => {
                    entries.insert(
                        path,
                        FileEntry {
                            size: 0,
                            kind: EntryKind::Submodule,
                            content: None,
                        },
                    );
                }
                0o120000 => {
                    let (bytes, size, _) =
                        read_capped(&odb, oid, MAX_LINK_TARGET).map_err(|m| {
                            fail(format!("the link '{path}' ({oid}) could not be read ({m})"))
                        })?;
                    entries.insert(
                        path,
                        FileEntry {
                            size,
                            kind: EntryKind::Symlink {
                                target: lossy(&bytes),
                            },
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
                            entries.insert(
                                path.clone(),
                                FileEntry {
                                    size: 0,
                                    kind: EntryKind::File,
                                    content: None,
                                },
                            );
                            missing.push(path);
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
                    let cap = match files::wanted(&path, size) {
                        Want::No => None,
                        Want::Full => Some(files::MAX_CONTENT),
                        Want::Head => Some(files::SNIFF_BYTES),
                    };
                    let content = match cap {
                        None => None,
                        Some(cap) => {
                            let (bytes, _, truncated) =
                                read_capped(&odb, oid, cap).map_err(|m| {
                                    fail(format!(
                                        "the file '{path}' ({oid}) could not be read ({m})"
                                    ))
                                })?;
                            Some(FileContent {
                                text: decode(&bytes, truncated),
                                truncated,
                            })
                        }
                    };
                    let kind = if mode == 0o100755 {
                        EntryKind::Executable
                    } else {
                        EntryKind::File
                    };
                    entries.insert(
                        path,
                        FileEntry {
                            size,
                            kind,
                            content,
                        },
                    );
                }
            }
        }
    }
    Ok(FileSnapshot {
        commit: commit.to_string(),
        entries,
        listing_truncated,
        missing,
    })
}

/// Reads at most `cap` bytes of a blob: returns (bytes, full size, truncated). A loose
/// object is streamed, so a huge blob is never held whole; the pack backend cannot stream,
/// so a packed blob larger than `cap` is inflated once and all but `cap` bytes dropped at once.
pub fn read_capped(odb: &Odb<'_>, oid: Oid, cap: usize) -> Result<(Vec<u8>, u64, bool), String> {
    let (size, _) = odb.read_header(oid).map_err(|e| e.message().to_string())?;
    if size <= cap {
        let o = odb.read(oid).map_err(|e| e.message().to_string())?;
        return Ok((o.data().to_vec(), size as u64, false));
    }
    if let Ok((reader, _, _)) = odb.reader(oid) {
        let mut buf = Vec::with_capacity(cap);
        if reader.take(cap as u64).read_to_end(&mut buf).is_ok() && buf.len() == cap {
            return Ok((buf, size as u64, true));
        }
    }
    let o = odb.read(oid).map_err(|e| e.message().to_string())?;
    let data = o.data();
    Ok((data[..cap.min(data.len())].to_vec(), size as u64, true))
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
