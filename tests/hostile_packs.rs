//! Crafted packs (issue 23, classes 1-4): packs and indexes built byte by byte in a
//! temporary bare repository, scanned by the CLI under the harness (deadline, the child's
//! peak RSS). Each must end by itself, within its bounds, exit 0, and say why the git
//! evidence is unknown, instead of crashing, hanging or allocating what the pack declares.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::harness;

use common::Fixture;
use harness::ReportExt;

/// One object as stored in a pack: its header and body bytes, and the id the index gives it.
struct Obj {
    bytes: Vec<u8>,
    id: [u8; 20],
}

/// A pack header for `kind` (1 commit … 7 REF_DELTA) declaring `size` bytes.
fn header(kind: u8, mut size: u64) -> Vec<u8> {
    let mut out = vec![(kind << 4) | (size & 15) as u8];
    size >>= 4;
    while size > 0 {
        *out.last_mut().unwrap() |= 0x80;
        out.push((size & 0x7f) as u8);
        size >>= 7;
    }
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::default());
    let mut out = vec![0; c.zlib_compress_bound(data.len())];
    let n = c.zlib_compress(data, &mut out).unwrap();
    out.truncate(n);
    out
}

fn hex(id: &[u8; 20]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `objects` as a pack and its v2 index into `git_dir`, names `head` as `main`
/// (written directly: git itself would read the object). Returns the index's path.
fn install(git_dir: &std::path::Path, objects: &[Obj], head: &[u8; 20]) -> std::path::PathBuf {
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(objects.len() as u32).to_be_bytes());
    let mut entries: Vec<([u8; 20], u32)> = Vec::new();
    for o in objects {
        entries.push((o.id, pack.len() as u32));
        pack.extend_from_slice(&o.bytes);
    }
    let checksum = [0x5a; 20];
    pack.extend_from_slice(&checksum);
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
    idx.extend_from_slice(&checksum);
    idx.extend_from_slice(&[0u8; 20]);
    let dir = git_dir.join("objects").join("pack");
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("pack-{}", "ab".repeat(20));
    std::fs::write(dir.join(format!("{name}.pack")), &pack).unwrap();
    let idx_path = dir.join(format!("{name}.idx"));
    std::fs::write(&idx_path, &idx).unwrap();
    std::fs::write(
        git_dir.join("refs").join("heads").join("main"),
        format!("{}\n", hex(head)),
    )
    .unwrap();
    idx_path
}

/// A commit object's text (its tree need not exist).
fn commit_text() -> Vec<u8> {
    b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\n\ncrafted\n".to_vec()
}

fn whole_commit(id: [u8; 20]) -> Obj {
    let text = commit_text();
    let mut bytes = header(1, text.len() as u64);
    bytes.extend(zlib(&text));
    Obj { bytes, id }
}

/// Scans the repository and asserts the bounded, honest outcome: exit 0 within 10 s
/// (scaled) and 512 MiB, the history unknown, and a note containing `why`.
fn assert_refused(what: &str, repo: &std::path::Path, why: &str) {
    let run = harness::scan(repo, &["--scan-timeout", "20"])
        .deadline(120)
        .run();
    run.assert_bounds(what, 10, 512).assert_code(0);
    let report = run.report();
    assert_eq!(report.outcome("signed-commits"), "unknown", "{what}");
    assert!(
        report.has_note(why),
        "{what}: no note with {why:?}: {:#?}",
        report.notes()
    );
}

#[test]
fn an_index_offset_past_the_end_of_the_pack_is_refused() {
    let fx = Fixture::new();
    let r = fx.bare_repo("offset");
    let id = [0x11; 20];
    let idx = install(&r.path, &[whole_commit(id)], &id);
    // The one offset, far past the end (libgit2 read out of bounds: SIGSEGV).
    let mut b = std::fs::read(&idx).unwrap();
    let at = b.len() - 40 - 4;
    b[at..at + 4].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
    std::fs::write(&idx, &b).unwrap();
    assert_refused("offset past the end", &r.path, "outside the pack");
    // Within the last page: past the data, inside the trailer.
    let len = std::fs::metadata(idx.with_extension("pack")).unwrap().len() as u32;
    b[at..at + 4].copy_from_slice(&(len - 8).to_be_bytes());
    std::fs::write(&idx, &b).unwrap();
    assert_refused("offset in the trailer", &r.path, "outside the pack");
}

#[test]
fn a_commit_stored_as_a_delta_of_itself_is_refused() {
    let fx = Fixture::new();
    let r = fx.bare_repo("selfdelta");
    let id = [0x22; 20];
    let delta = [0x05, 0x05, 0x05, b'h', b'e', b'l', b'l', b'o'];
    let mut bytes = header(7, delta.len() as u64);
    bytes.extend_from_slice(&id);
    bytes.extend(zlib(&delta));
    install(&r.path, &[Obj { bytes, id }], &id);
    assert_refused("REF_DELTA on itself", &r.path, "delta cycle");
}

#[test]
fn a_commit_declaring_gigabytes_is_not_allocated() {
    let fx = Fixture::new();
    let r = fx.bare_repo("huge");
    let id = [0x33; 20];
    let mut bytes = header(1, 2_700_000_000);
    bytes.extend(zlib(&commit_text()));
    install(&r.path, &[Obj { bytes, id }], &id);
    assert_refused(
        "commit declaring 2.5 GiB",
        &r.path,
        "declares 2700000000 bytes",
    );
}

#[test]
fn a_delta_chain_deeper_than_git_writes_is_refused() {
    let fx = Fixture::new();
    let r = fx.bare_repo("deep");
    // 6 000 deltas, each on the previous (the crafted repository of the issue had 30 000).
    let n = 6_000u32;
    let mut objects = vec![whole_commit([0; 20])];
    let text_len = commit_text().len() as u8;
    for k in 1..n {
        let mut id = [0u8; 20];
        id[16..].copy_from_slice(&k.to_be_bytes());
        // Copy the whole base.
        let delta = [text_len, text_len, 0x90, text_len];
        let mut bytes = header(7, delta.len() as u64);
        bytes.extend_from_slice(&objects[k as usize - 1].id);
        bytes.extend(zlib(&delta));
        objects.push(Obj { bytes, id });
    }
    let head = objects.last().unwrap().id;
    install(&r.path, &objects, &head);
    assert_refused("6 000-deep delta chain", &r.path, "deeper than");
}

#[test]
fn a_well_formed_crafted_pack_is_read() {
    // The builder itself: a pack that passes every check is scanned as usual.
    let fx = Fixture::new();
    let r = fx.bare_repo("fine");
    let text = commit_text();
    let id_hex = r.write_object("commit", &text);
    // The loose object is replaced by the packed one.
    let mut id = [0u8; 20];
    for (i, b) in id.iter_mut().enumerate() {
        *b = u8::from_str_radix(&id_hex[2 * i..2 * i + 2], 16).unwrap();
    }
    std::fs::remove_dir_all(r.path.join("objects").join(&id_hex[..2])).unwrap();
    install(&r.path, &[whole_commit(id)], &id);
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("a crafted, well-formed pack", 10, 512)
        .assert_code(0);
    let report = run.report();
    assert!(
        !report.has_note("malformed") && !report.has_note("could not be read"),
        "{:#?}",
        report.notes()
    );
    assert_eq!(report["repository"]["head_commit"], id_hex.as_str());
}

#[test]
fn git_metadata_files_are_read_only_when_regular_and_small() {
    let fx = Fixture::new();
    let r = fx.repo("meta");
    r.commit(&common::Commit::new("init").file("README.md", "hi\n"));
    let git = r.path.join(".git");
    // `.git/shallow` leading to an endless device.
    std::os::unix::fs::symlink("/dev/zero", git.join("shallow")).unwrap();
    let run = harness::scan(&r.path, &[]).deadline(60).run();
    run.assert_bounds("shallow -> /dev/zero", 10, 512)
        .assert_code(3)
        .assert_one_line_error("shallow is a symbolic link");
    std::fs::remove_file(git.join("shallow")).unwrap();
    // `config` and `HEAD` as 2.5 GB sparse files.
    for name in ["config", "HEAD"] {
        let p = git.join(name);
        let saved = std::fs::read(&p).unwrap();
        harness::sparse_file(&p, 2_500_000_000);
        let run = harness::scan(&r.path, &[]).deadline(60).run();
        run.assert_bounds(&format!("{name} of 2.5 GB"), 10, 512)
            .assert_code(3)
            .assert_one_line_error(&format!("{name} is 2500000000 bytes"));
        std::fs::write(&p, saved).unwrap();
    }
    // The repository reads again once the files are ordinary.
    let run = harness::scan(&r.path, &[]).deadline(60).run();
    run.assert_bounds("restored", 10, 512).assert_code(0);
}
