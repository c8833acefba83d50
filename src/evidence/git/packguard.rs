//! Checks every pack and its index before libgit2 or the fast path reads an object from
//! them. The checks read only the index and each object's header (a few bytes at its
//! offset), never an object's content:
//!
//! - the index is a well-formed v1 or v2 index (fan-out table non-decreasing, object ids
//!   strictly ascending, its length what its object count says) for the pack's object
//!   count;
//! - every offset lies inside the pack's data (after the 12-byte header, before the
//!   20-byte trailer), and every object header there decodes;
//! - a commit, tree or tag declares at most [`MAX_DECLARED_SIZE`] bytes (libgit2 allocates
//!   the declared size before inflating; a large blob stays allowed, and is read only up to
//!   the snapshot's caps);
//! - an `OFS_DELTA`'s base lies before it; a `REF_DELTA` in this pack does not lead back to
//!   itself (a cycle, a delta whose base is itself); no delta chain is deeper than
//!   [`MAX_DELTA_DEPTH`] (git itself writes at most 4095);
//! - at most [`MAX_PACK_FILES`] packs.
//!
//! A repository failing a check is not read at all: its files, history and tags are
//! unknown and the notes say which pack and why (the class of crafted packs that crash,
//! hang or exhaust libgit2, see issue 23). The work is linear in the objects of the packs.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Most pack files in a repository (each lookup of an object can visit every pack).
pub const MAX_PACK_FILES: usize = 1000;
/// Largest declared size of a commit, tree or tag object.
pub const MAX_DECLARED_SIZE: u64 = 256 * 1024 * 1024;
/// Deepest delta chain (git writes at most 4095).
pub const MAX_DELTA_DEPTH: u32 = 5000;
/// Largest index file read (about 9 million objects).
pub const MAX_INDEX_BYTES: u64 = 256 * 1024 * 1024;

/// Checks the packs under `objects/pack`; `Err` names the pack and the problem.
pub fn check_objects_dir(objects: &Path) -> Result<(), String> {
    let Ok(dir) = std::fs::read_dir(objects.join("pack")) else {
        return Ok(());
    };
    let mut idx: Vec<std::path::PathBuf> = Vec::new();
    for e in dir.filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "idx") {
            idx.push(p);
            if idx.len() > MAX_PACK_FILES {
                return Err(format!(
                    "the repository has more than {MAX_PACK_FILES} packs (git gc would combine them)"
                ));
            }
        }
    }
    idx.sort();
    for i in idx {
        let pack = i.with_extension("pack");
        let name = i
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // libgit2 skips an index without its pack.
        let Ok(meta) = std::fs::symlink_metadata(&pack) else {
            continue;
        };
        let imeta = std::fs::symlink_metadata(&i).map_err(|e| format!("{name}: {e}"))?;
        if !meta.file_type().is_file() || !imeta.file_type().is_file() {
            return Err(format!(
                "{name}: the index or its pack is not a regular file"
            ));
        }
        if imeta.len() > MAX_INDEX_BYTES {
            return Err(format!(
                "{name}: the index is larger than {MAX_INDEX_BYTES} bytes"
            ));
        }
        let index = std::fs::read(&i).map_err(|e| format!("{name}: {e}"))?;
        let pack_file = File::open(&pack).map_err(|e| format!("{name}: {e}"))?;
        check_pack(&index, &PackReader::File(&pack_file), meta.len())
            .map_err(|e| crate::error::sanitize(&format!("{name}: {e}")))?;
    }
    Ok(())
}

/// Where the pack's bytes are read from.
pub enum PackReader<'a> {
    File(&'a File),
    Bytes(&'a [u8]),
}

impl PackReader<'_> {
    /// Up to `buf.len()` bytes at `offset`; returns how many were read.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> usize {
        match self {
            PackReader::File(f) => {
                let mut got = 0;
                while got < buf.len() {
                    match f.read_at(&mut buf[got..], offset + got as u64) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => got += n,
                    }
                }
                got
            }
            PackReader::Bytes(b) => {
                let Ok(start) = usize::try_from(offset) else {
                    return 0;
                };
                let Some(src) = b.get(start..) else { return 0 };
                let n = src.len().min(buf.len());
                buf[..n].copy_from_slice(&src[..n]);
                n
            }
        }
    }
}

/// A parsed index: ids (sorted) and offsets, by position.
pub struct Index {
    pub ids: Vec<[u8; 20]>,
    pub offsets: Vec<u64>,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Parses a v1 or v2 pack index, checking its structure.
pub fn parse_index(b: &[u8]) -> Result<Index, String> {
    let v2 = b.starts_with(&[0xff, b't', b'O', b'c']);
    let fan_at = if v2 {
        if be32(b, 4) != Some(2) {
            return Err("the index has an unknown version".into());
        }
        8
    } else {
        0
    };
    let mut prev = 0u32;
    for k in 0..256 {
        let f = be32(b, fan_at + 4 * k).ok_or("the index is cut short")?;
        if f < prev {
            return Err("the index's fan-out table decreases".into());
        }
        prev = f;
    }
    let n = prev as usize;
    let table = fan_at + 1024;
    let mut ids = Vec::with_capacity(n.min(b.len() / 20));
    let mut offsets = Vec::with_capacity(n.min(b.len() / 20));
    if v2 {
        let min = n
            .checked_mul(28)
            .and_then(|x| x.checked_add(table + 40))
            .ok_or("the index is too large")?;
        if b.len() < min || !(b.len() - min).is_multiple_of(8) {
            return Err("the index's length does not match its object count".into());
        }
        let large = (b.len() - min) / 8;
        let off_at = table + n * 24;
        let large_at = table + n * 28;
        for i in 0..n {
            let id: [u8; 20] = b[table + i * 20..table + i * 20 + 20]
                .try_into()
                .map_err(|_| "the index is cut short")?;
            ids.push(id);
            let o = be32(b, off_at + i * 4).ok_or("the index is cut short")?;
            let off = if o & 0x8000_0000 != 0 {
                let k = (o & 0x7fff_ffff) as usize;
                if k >= large {
                    return Err("an offset of the index points past its large-offset table".into());
                }
                let at = large_at + k * 8;
                u64::from_be_bytes(
                    b.get(at..at + 8)
                        .and_then(|s| s.try_into().ok())
                        .ok_or("the index is cut short")?,
                )
            } else {
                u64::from(o)
            };
            offsets.push(off);
        }
    } else {
        let want = n
            .checked_mul(24)
            .and_then(|x| x.checked_add(table + 40))
            .ok_or("the index is too large")?;
        if b.len() != want {
            return Err("the index's length does not match its object count".into());
        }
        for i in 0..n {
            let at = table + i * 24;
            offsets.push(u64::from(be32(b, at).ok_or("the index is cut short")?));
            ids.push(
                b[at + 4..at + 24]
                    .try_into()
                    .map_err(|_| "the index is cut short")?,
            );
        }
    }
    if ids.windows(2).any(|w| w[0] >= w[1]) {
        return Err("the index's object ids are not sorted".into());
    }
    // Each id sits in its fan-out bucket.
    for (i, id) in ids.iter().enumerate() {
        let k = usize::from(id[0]);
        let lo = if k == 0 {
            0
        } else {
            be32(b, fan_at + 4 * (k - 1)).unwrap_or(0) as usize
        };
        let hi = be32(b, fan_at + 4 * k).unwrap_or(0) as usize;
        if i < lo || i >= hi {
            return Err("the index's fan-out table does not match its ids".into());
        }
    }
    Ok(Index { ids, offsets })
}

/// An object header in a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    Whole { kind: u8, size: u64 },
    OfsDelta { base: u64 },
    RefDelta { base: [u8; 20] },
}

/// Decodes the object header at `offset` (`data_end`: where the trailer starts).
pub fn read_header(pack: &PackReader<'_>, offset: u64, data_end: u64) -> Result<Header, String> {
    let mut buf = [0u8; 64];
    let got = pack.read_at(&mut buf, offset);
    let avail = usize::try_from(data_end.saturating_sub(offset))
        .unwrap_or(usize::MAX)
        .min(got);
    let b = &buf[..avail];
    let mut i = 0;
    let mut c = *b.first().ok_or("an object header is cut short")?;
    let kind = (c >> 4) & 7;
    let mut size = u64::from(c & 15);
    let mut shift = 4u32;
    while c & 0x80 != 0 {
        i += 1;
        c = *b.get(i).ok_or("an object header is cut short")?;
        if shift > 57 {
            return Err("an object header declares an impossible size".into());
        }
        size |= u64::from(c & 0x7f) << shift;
        shift += 7;
    }
    i += 1;
    match kind {
        1..=4 => Ok(Header::Whole { kind, size }),
        6 => {
            let mut c = *b.get(i).ok_or("an object header is cut short")?;
            let mut rel = u64::from(c & 0x7f);
            while c & 0x80 != 0 {
                i += 1;
                c = *b.get(i).ok_or("an object header is cut short")?;
                rel = rel
                    .checked_add(1)
                    .and_then(|r| r.checked_mul(128))
                    .map(|r| r | u64::from(c & 0x7f))
                    .ok_or("a delta's base offset is impossible")?;
            }
            if rel == 0 || rel > offset.saturating_sub(12) {
                return Err(format!(
                    "the delta at offset {offset} names a base that is not before it"
                ));
            }
            Ok(Header::OfsDelta { base: offset - rel })
        }
        7 => {
            let base: [u8; 20] = b
                .get(i..i + 20)
                .and_then(|s| s.try_into().ok())
                .ok_or("an object header is cut short")?;
            Ok(Header::RefDelta { base })
        }
        _ => Err(format!(
            "the object at offset {offset} has an invalid type {kind}"
        )),
    }
}

/// Checks one pack against its index (see the module docs).
pub fn check_pack(index: &[u8], pack: &PackReader<'_>, pack_len: u64) -> Result<(), String> {
    let idx = parse_index(index)?;
    let mut head = [0u8; 12];
    if pack.read_at(&mut head, 0) < 12 || &head[..4] != b"PACK" {
        return Err("the pack has no pack header".into());
    }
    let count = be32(&head, 8).unwrap_or(0) as usize;
    if count != idx.ids.len() {
        return Err(format!(
            "the pack holds {count} objects but its index lists {}",
            idx.ids.len()
        ));
    }
    if pack_len < 32 {
        return Err("the pack is cut short".into());
    }
    let data_end = pack_len - 20;
    let n = idx.ids.len();
    // Positions sorted by offset: an offset names one object.
    let mut by_offset: Vec<usize> = (0..n).collect();
    by_offset.sort_by_key(|&i| idx.offsets[i]);
    let mut headers: Vec<Header> = vec![Header::Whole { kind: 0, size: 0 }; n];
    for w in by_offset.windows(2) {
        if idx.offsets[w[0]] == idx.offsets[w[1]] {
            return Err(format!(
                "two objects of the index share the offset {}",
                idx.offsets[w[0]]
            ));
        }
    }
    for &i in &by_offset {
        let off = idx.offsets[i];
        if off < 12 || off >= data_end {
            return Err(format!(
                "an object's offset {off} lies outside the pack's {pack_len} bytes"
            ));
        }
        let h = read_header(pack, off, data_end)?;
        if let Header::Whole { kind, size } = h {
            if kind != 3 && size > MAX_DECLARED_SIZE {
                return Err(format!(
                    "a {} object declares {size} bytes, over the {MAX_DECLARED_SIZE} read of one",
                    ["", "commit", "tree", "blob", "tag"][usize::from(kind)]
                ));
            }
        }
        headers[i] = h;
    }
    // Delta chains: depth of each object, iteratively, with cycle detection.
    let position_of_offset = |off: u64| -> Option<usize> {
        by_offset
            .binary_search_by_key(&off, |&i| idx.offsets[i])
            .ok()
            .map(|k| by_offset[k])
    };
    let position_of_id = |id: &[u8; 20]| idx.ids.binary_search(id).ok();
    const UNKNOWN: u32 = u32::MAX;
    const VISITING: u32 = u32::MAX - 1;
    let mut depth = vec![UNKNOWN; n];
    let mut chain: Vec<usize> = Vec::new();
    for start in 0..n {
        if depth[start] != UNKNOWN {
            continue;
        }
        let mut cur = start;
        let base_depth = loop {
            if depth[cur] == VISITING {
                return Err(format!(
                    "the delta chain through object {} comes back to itself (a delta cycle)",
                    hex(&idx.ids[cur])
                ));
            }
            if depth[cur] != UNKNOWN {
                break depth[cur];
            }
            depth[cur] = VISITING;
            chain.push(cur);
            let next = match headers[cur] {
                Header::Whole { .. } => None,
                Header::OfsDelta { base } => Some(position_of_offset(base).ok_or_else(|| {
                    format!(
                        "the delta at offset {} names a base that is not an object",
                        idx.offsets[cur]
                    )
                })?),
                // A base outside this pack (another pack, a loose object) ends the chain here.
                Header::RefDelta { base } => position_of_id(&base),
            };
            match next {
                Some(nx) => cur = nx,
                None => break 0,
            }
            if chain.len() as u32 > MAX_DELTA_DEPTH {
                return Err(format!(
                    "a delta chain is deeper than {MAX_DELTA_DEPTH} (git writes at most 4095)"
                ));
            }
        };
        // Unwind: the last pushed is the deepest base.
        let mut d = base_depth;
        while let Some(p) = chain.pop() {
            if !matches!(headers[p], Header::Whole { .. }) {
                d += 1;
            }
            if d > MAX_DELTA_DEPTH {
                return Err(format!(
                    "a delta chain is deeper than {MAX_DELTA_DEPTH} (git writes at most 4095)"
                ));
            }
            depth[p] = d;
        }
    }
    Ok(())
}

fn hex(id: &[u8; 20]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pack of `objects` (raw header+body bytes each) and its v2 index over `ids`.
    pub fn build(objects: &[(Vec<u8>, [u8; 20])]) -> (Vec<u8>, Vec<u8>) {
        let mut pack = b"PACK".to_vec();
        pack.extend_from_slice(&2u32.to_be_bytes());
        pack.extend_from_slice(&(objects.len() as u32).to_be_bytes());
        let mut entries: Vec<([u8; 20], u32)> = Vec::new();
        for (bytes, id) in objects {
            entries.push((*id, pack.len() as u32));
            pack.extend_from_slice(bytes);
        }
        pack.extend_from_slice(&[0u8; 20]);
        entries.sort();
        let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
        for k in 0..256u32 {
            let c = entries
                .iter()
                .filter(|(id, _)| u32::from(id[0]) <= k)
                .count() as u32;
            idx.extend_from_slice(&c.to_be_bytes());
        }
        for (id, _) in &entries {
            idx.extend_from_slice(id);
        }
        for _ in &entries {
            idx.extend_from_slice(&[0; 4]);
        }
        for (_, off) in &entries {
            idx.extend_from_slice(&off.to_be_bytes());
        }
        idx.extend_from_slice(&[0u8; 40]);
        (pack, idx)
    }

    fn check(objects: &[(Vec<u8>, [u8; 20])]) -> Result<(), String> {
        let (pack, idx) = build(objects);
        check_pack(&idx, &PackReader::Bytes(&pack), pack.len() as u64)
    }

    fn id(n: u8) -> [u8; 20] {
        [n; 20]
    }

    #[test]
    fn a_whole_object_passes_and_a_huge_commit_does_not() {
        assert_eq!(check(&[(vec![0x15, 0x78, 0x9c], id(1))]), Ok(()));
        // A commit declaring 2^35 bytes.
        let e = check(&[(vec![0x90, 0x80, 0x80, 0x80, 0x80, 0x10], id(1))]).unwrap_err();
        assert!(e.contains("commit object declares"), "{e}");
        // A blob may be large.
        assert_eq!(
            check(&[(vec![0xb0, 0x80, 0x80, 0x80, 0x80, 0x10], id(1))]),
            Ok(())
        );
    }

    #[test]
    fn a_ref_delta_on_itself_is_a_cycle() {
        let mut o = vec![0x75];
        o.extend_from_slice(&id(7));
        let e = check(&[(o, id(7))]).unwrap_err();
        assert!(e.contains("delta cycle"), "{e}");
        // Two deltas on each other.
        let mut a = vec![0x75];
        a.extend_from_slice(&id(8));
        let mut b = vec![0x75];
        b.extend_from_slice(&id(7));
        let e = check(&[(a, id(7)), (b, id(8))]).unwrap_err();
        assert!(e.contains("delta cycle"), "{e}");
    }

    #[test]
    fn an_ofs_delta_must_point_back() {
        // At offset 12, a base 0 bytes back and one past the header.
        assert!(check(&[(vec![0x65, 0x00], id(1))]).is_err());
        assert!(check(&[(vec![0x65, 0x05], id(1))]).is_err());
        // A proper one: base at 12, delta at 15 pointing 3 back.
        assert_eq!(
            check(&[(vec![0x15, 0, 0], id(1)), (vec![0x65, 0x03], id(2))]),
            Ok(())
        );
    }

    #[test]
    fn a_deep_chain_is_refused_and_a_shallow_one_passes() {
        let chain = |n: usize| {
            let mut objs = vec![(vec![0x15, 0, 0], [0u8; 20])];
            for k in 1..n {
                let mut o = vec![0x75];
                let base = objs[k - 1].1;
                o.extend_from_slice(&base);
                let mut me = [0u8; 20];
                me[..8].copy_from_slice(&(k as u64).to_be_bytes());
                objs.push((o, me));
            }
            objs
        };
        assert_eq!(check(&chain(100)), Ok(()));
        let e = check(&chain(MAX_DELTA_DEPTH as usize + 10)).unwrap_err();
        assert!(e.contains("deeper than"), "{e}");
    }

    #[test]
    fn offsets_past_the_end_and_bad_indexes_are_refused() {
        let (pack, mut idx) = build(&[(vec![0x15, 0, 0], id(1))]);
        let off_at = idx.len() - 40 - 4;
        idx[off_at..off_at + 4].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
        let e = check_pack(&idx, &PackReader::Bytes(&pack), pack.len() as u64).unwrap_err();
        assert!(e.contains("outside the pack"), "{e}");
        // Cut short, unsorted, wrong count: refused, never a panic.
        let (pack, idx) = build(&[(vec![0x15, 0, 0], id(1)), (vec![0x15, 0, 0], id(2))]);
        for cut in 0..idx.len() {
            assert!(check_pack(&idx[..cut], &PackReader::Bytes(&pack), pack.len() as u64).is_err());
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(idx in proptest::collection::vec(proptest::num::u8::ANY, 0..1400),
                        pack in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = check_pack(&idx, &PackReader::Bytes(&pack), pack.len() as u64);
        }
    }
}
