//! The census's fast path for commit objects: reads them straight from the repository's
//! pack files (gitoxide's `gix-pack`: index lookup, delta resolution with zlib-rs; whole
//! objects inflated by libdeflate),
//! and verifies each object's SHA-1 (with collision detection) against its id.
//!
//! Why not libgit2 alone: inflating commits is most of a census, libgit2 inflates through
//! the system zlib, and its pack files are shared between threads behind locks taken
//! several times per object, so a second thread reading ahead gained nothing. Here the
//! mapped packs are read-only and each thread has its own inflater and buffer.
//!
//! Only an exact answer is ever returned: an object that is not in a pack (loose, in an
//! alternate object directory), that does not decode, that is not a commit, that exceeds
//! [`MAX_COMMIT_BYTES`], or whose content does not hash to its id gives `None`, and the
//! census then reads it through libgit2, which reads it or says why it cannot.

use std::path::Path;

use git2::Oid;

/// At most this many packs are opened (a repository with more reads the rest through
/// libgit2).
pub const MAX_PACKS: usize = 256;

/// A commit object larger than this is left to libgit2 (the fast path never allocates more
/// for one object).
pub const MAX_COMMIT_BYTES: usize = 16 * 1024 * 1024;

/// The packs of one object directory, opened once and shared by the census's threads.
#[derive(Default)]
pub struct Packs {
    packs: Vec<(gix_pack::index::File, gix_pack::data::File)>,
}

/// One thread's inflaters and buffer.
pub struct Scratch {
    inflate: gix_zlib::Inflate,
    whole: libdeflater::Decompressor,
    out: Vec<u8>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            inflate: gix_zlib::Inflate::default(),
            whole: libdeflater::Decompressor::new(),
            out: Vec::new(),
        }
    }
}

impl Packs {
    /// The packs under `objects/pack` whose index and data both open; never fails (a pack
    /// that does not open is read through libgit2).
    pub fn open(objects: &Path) -> Packs {
        let Ok(dir) = std::fs::read_dir(objects.join("pack")) else {
            return Packs::default();
        };
        let mut idx: Vec<_> = dir
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "idx"))
            .collect();
        idx.sort();
        let packs = idx
            .into_iter()
            .take(MAX_PACKS)
            .filter_map(|idx_path| {
                let index = gix_pack::index::File::at(&idx_path, gix_hash::Kind::Sha1).ok()?;
                let data =
                    gix_pack::data::File::at(idx_path.with_extension("pack"), gix_hash::Kind::Sha1)
                        .ok()?
                        .with_alloc_limit_bytes(Some(MAX_COMMIT_BYTES));
                (index.num_objects() == data.num_objects()).then_some((index, data))
            })
            .collect();
        Packs { packs }
    }

    /// Number of packs opened.
    pub fn len(&self) -> usize {
        self.packs.len()
    }

    /// Whether no pack was opened.
    pub fn is_empty(&self) -> bool {
        self.packs.is_empty()
    }

    /// The content of commit `oid`, when a pack holds it, it decodes, it is a commit and
    /// it hashes to `oid`; else `None` (see the module documentation).
    pub fn commit<'s>(&self, oid: Oid, scratch: &'s mut Scratch) -> Option<&'s [u8]> {
        let id = gix_hash::oid::try_from_bytes(oid.as_bytes()).ok()?;
        for (index, data) in &self.packs {
            let Some(at) = index.lookup(id) else {
                continue;
            };
            if decode_commit(index, data, at, scratch) && hashes_to(&scratch.out, id) {
                return Some(&scratch.out);
            }
        }
        None
    }
}

/// Decodes entry `at` of a pack into `scratch.out`; true when it is a commit.
fn decode_commit(
    index: &gix_pack::index::File,
    data: &gix_pack::data::File,
    at: u32,
    scratch: &mut Scratch,
) -> bool {
    let Ok(entry) = data.entry(index.pack_offset_at_index(at)) else {
        return false;
    };
    if entry.header == gix_pack::data::entry::Header::Commit {
        // Most commits are stored whole: one call inflates the entry, whose zlib stream
        // must produce exactly the size its header gives.
        let Ok(size) = usize::try_from(entry.decompressed_size) else {
            return false;
        };
        let end = u64::try_from(data.pack_end()).unwrap_or(u64::MAX);
        let Some(input) = data.entry_slice(entry.data_offset..end) else {
            return false;
        };
        if size > MAX_COMMIT_BYTES {
            return false;
        }
        scratch.out.clear();
        scratch.out.resize(size, 0);
        return scratch
            .whole
            .zlib_decompress(input, &mut scratch.out)
            .is_ok_and(|n| n == size);
    }
    if !entry.header.is_delta() {
        return false;
    }
    // A delta against an object named by id: that object must be in this pack.
    let resolve = |base: &gix_hash::oid, _: &mut Vec<u8>| {
        Ok(index
            .lookup(base)
            .and_then(|i| data.entry(index.pack_offset_at_index(i)).ok())
            .map(gix_pack::data::decode::entry::ResolvedBase::InPack))
    };
    matches!(
        data.decode_entry(
            entry,
            &mut scratch.out,
            &mut scratch.inflate,
            &resolve,
            &mut gix_pack::cache::Never,
        ),
        Ok(o) if o.kind == gix_object::Kind::Commit
    )
}

/// `content` is a commit object whose id is `id` (SHA-1 with collision detection: a
/// content crafted to collide does not hash to anything).
fn hashes_to(content: &[u8], id: &gix_hash::oid) -> bool {
    gix_object::compute_hash(gix_hash::Kind::Sha1, gix_object::Kind::Commit, content)
        .is_ok_and(|h| h.as_ref() == id)
}
