//! The tag census: every `refs/tags/*` reference, annotated or lightweight, and whether an
//! annotated tag carries a signature (OpenPGP, SSH or X.509 block, or a `gpgsig` header).

use git2::{ObjectType, Repository};

use super::commit::{SigKind, classify_armor, headers, split_object};
use super::lossy;
use crate::evidence::{TagCensus, Unavailable};
use crate::model::Reason;

/// Largest tag object read (a tag is its target, a name, a tagger and a message).
pub const MAX_TAG_BYTES: u64 = 64 * 1024 * 1024;

/// Most signed tag names kept for citations.
pub const MAX_SIGNED_NAMES: usize = 20;

const ARMORS: [&[u8]; 4] = [
    b"-----BEGIN PGP SIGNATURE-----",
    b"-----BEGIN PGP MESSAGE-----",
    b"-----BEGIN SSH SIGNATURE-----",
    b"-----BEGIN SIGNED MESSAGE-----",
];

/// What a tag object says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    /// The tag carries a well-formed signature block.
    pub signed: bool,
    /// The tag carries something where a signature goes (an armor line in the message, a
    /// `gpgsig` header) that is not a well-formed block.
    pub malformed: bool,
    pub tagger_time: Option<i64>,
}

/// Parses a tag object. The signature is where git looks for it: from the last message
/// line that starts a signature block (`parse_signed_buffer`) to the end, or a
/// `gpgsig`/`gpgsig-sha256` header. Signed only when that is a well-formed block
/// ([`classify_armor`]); otherwise malformed.
pub fn parse_tag(data: &[u8]) -> TagInfo {
    let (head, body) = split_object(data);
    let mut tagger_time = None;
    let mut header_sig: Option<SigKind> = None;
    for h in headers(head) {
        match h.key {
            b"gpgsig" | b"gpgsig-sha256" => {
                let k = classify_armor(&h.value());
                if header_sig.is_none_or(|s| !s.is_signature()) {
                    header_sig = Some(k);
                }
            }
            b"tagger" if tagger_time.is_none() => {
                let v = h.first;
                tagger_time = v.iter().rposition(|&b| b == b'>').and_then(|i| {
                    let tok = v[i + 1..]
                        .split(|&b| b == b' ')
                        .find(|t| !t.is_empty())
                        .unwrap_or(b"");
                    std::str::from_utf8(tok).ok()?.parse::<i64>().ok()
                });
            }
            _ => {}
        }
    }
    let mut at = None;
    let mut off = 0usize;
    for line in body.split(|&b| b == b'\n') {
        if ARMORS.iter().any(|a| line.starts_with(a)) {
            at = Some(off);
        }
        off += line.len() + 1;
    }
    let body_sig = at.map(|i| classify_armor(&body[i.min(body.len())..]));
    let sigs = [header_sig, body_sig];
    let signed = sigs.iter().flatten().any(|k| k.is_signature());
    let malformed = !signed && sigs.iter().any(Option::is_some);
    TagInfo {
        signed,
        malformed,
        tagger_time,
    }
}

/// Longest `packed-refs` line accepted (git's ref names stay far below).
const MAX_PACKED_LINE: usize = 16 * 1024;

/// Checks `packed-refs` the way libgit2 parses it: optional `#` lines at the top, then
/// `<id> <name>` lines, each optionally followed by `^<id>`, every line terminated. libgit2
/// reports a malformed file only on its first read and then sees no packed references at
/// all, so the tags listed there would silently vanish: the file is checked here first.
/// Returns a phrase saying what is wrong.
fn check_packed_refs(repo: &Repository) -> Result<(), String> {
    use std::io::BufRead as _;
    let path = repo.commondir().join("packed-refs");
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("packed-refs could not be read ({e})")),
    };
    let mut reader = std::io::BufReader::new(file);
    let mut line: Vec<u8> = Vec::new();
    let mut number = 0usize;
    let mut header = true;
    let mut after_ref = false;
    loop {
        line.clear();
        let n = std::io::Read::take(&mut reader, MAX_PACKED_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("packed-refs could not be read ({e})"))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let bad = |what: &str| Err(format!("packed-refs line {number} {what}"));
        let Some(l) = line.strip_suffix(b"\n") else {
            return bad(if n > MAX_PACKED_LINE {
                "is too long"
            } else {
                "is not terminated"
            });
        };
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if header && l.starts_with(b"#") {
            continue;
        }
        header = false;
        let hex = |b: &[u8]| b.len() == 40 && b.iter().all(u8::is_ascii_hexdigit);
        if let Some(peeled) = l.strip_prefix(b"^") {
            if !after_ref || !hex(peeled) {
                return bad("is not a valid peeled line");
            }
            after_ref = false;
            continue;
        }
        match l.get(..41) {
            Some(head) if hex(&head[..40]) && head[40] == b' ' && l.len() > 41 => {
                after_ref = true;
            }
            _ => return bad("is not a valid reference line"),
        }
    }
}

/// Counts the tags. An unreadable tag object makes the census unavailable (the counts
/// would otherwise not be exact).
pub fn census(repo: &Repository) -> Result<TagCensus, Unavailable> {
    let fail = |what: String| {
        Unavailable::new(
            Reason::NotCollected,
            format!(
                "The tag census stopped because {what}; the repository may be corrupt or incomplete."
            ),
        )
    };
    let odb = repo.odb().map_err(|e| {
        fail(format!(
            "the object database could not be opened ({})",
            e.message()
        ))
    })?;
    check_packed_refs(repo).map_err(&fail)?;
    let refs = repo.references().map_err(|e| {
        fail(format!(
            "the references could not be listed ({})",
            e.message()
        ))
    })?;
    let mut c = TagCensus {
        source_url: Some("git".into()),
        ..TagCensus::default()
    };
    let mut signed: Vec<(Option<i64>, String)> = Vec::new();
    let mut seen: std::collections::HashMap<git2::Oid, Option<TagInfo>> =
        std::collections::HashMap::new();
    for r in refs {
        let r = r.map_err(|e| fail(format!("a reference could not be read ({})", e.message())))?;
        let Some(name) = r.name_bytes().strip_prefix(b"refs/tags/") else {
            continue;
        };
        let name = lossy(name);
        let target = match r.resolve() {
            Ok(t) => t.target(),
            Err(e) => {
                return Err(fail(format!(
                    "tag '{name}' could not be resolved ({})",
                    e.message()
                )));
            }
        };
        let Some(oid) = target else {
            return Err(fail(format!("tag '{name}' has no target")));
        };
        c.total += 1;
        // Many refs may name one tag object: it is read once (a large tag object named by
        // 40 refs was read 40 times).
        let info = match seen.get(&oid) {
            Some(info) => info.clone(),
            None => {
                let info = read_tag(&odb, oid, &name, &fail)?;
                seen.insert(oid, info.clone());
                info
            }
        };
        let Some(info) = info else {
            continue;
        };
        c.annotated += 1;
        if info.malformed {
            c.malformed += 1;
        }
        if info.signed {
            c.signed += 1;
            signed.push((info.tagger_time, name));
        }
    }
    // Newest signed tags first (by tagger date), then by name.
    signed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    c.signed_names = signed
        .into_iter()
        .take(MAX_SIGNED_NAMES)
        .map(|(_, n)| n)
        .collect();
    Ok(c)
}

/// What tag `name`'s target `oid` says: `None` when it is not a tag object.
fn read_tag(
    odb: &git2::Odb<'_>,
    oid: git2::Oid,
    name: &str,
    fail: &dyn Fn(String) -> Unavailable,
) -> Result<Option<TagInfo>, Unavailable> {
    let (size, kind) = odb.read_header(oid).map_err(|e| {
        fail(format!(
            "tag '{name}' points to object {oid} that could not be read ({})",
            e.message()
        ))
    })?;
    if kind != ObjectType::Tag {
        return Ok(None);
    }
    // libgit2 allocates the declared size before inflating (a loose object may declare
    // gigabytes and hold a few bytes).
    if size as u64 > MAX_TAG_BYTES {
        return Err(fail(format!(
            "tag object {oid} of '{name}' declares {size} bytes, more than the {} MiB read for a tag",
            MAX_TAG_BYTES / (1024 * 1024)
        )));
    }
    let obj = odb.read(oid).map_err(|e| {
        fail(format!(
            "tag object {oid} of '{name}' could not be read ({})",
            e.message()
        ))
    })?;
    Ok(Some(parse_tag(obj.data())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "object 1111111111111111111111111111111111111111\ntype commit\ntag v1\ntagger T <t@x> 1700000000 +0000\n";

    #[test]
    fn signed_and_unsigned_tags() {
        let plain = format!("{HEAD}\nrelease v1\n");
        assert_eq!(
            parse_tag(plain.as_bytes()),
            TagInfo {
                signed: false,
                malformed: false,
                tagger_time: Some(1_700_000_000)
            }
        );
        for (begin, end) in [
            ("PGP SIGNATURE", "PGP SIGNATURE"),
            ("PGP MESSAGE", "PGP MESSAGE"),
            ("SSH SIGNATURE", "SSH SIGNATURE"),
            ("SIGNED MESSAGE", "SIGNED MESSAGE"),
        ] {
            let s = format!(
                "{HEAD}\nrelease v1\n-----BEGIN {begin}-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END {end}-----\n"
            );
            let t = parse_tag(s.as_bytes());
            assert!(t.signed && !t.malformed, "{begin}");
        }
        let hdr = format!(
            "{HEAD}gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEz\n -----END PGP SIGNATURE-----\n\nmsg\n"
        );
        assert!(parse_tag(hdr.as_bytes()).signed);
        // A quoted armor inside a line is not a signature block.
        let quoted = format!("{HEAD}\nsee > -----BEGIN PGP SIGNATURE-----\n");
        let t = parse_tag(quoted.as_bytes());
        assert!(!t.signed && !t.malformed);
        assert!(!parse_tag(b"\xff\xfe").signed);
    }

    #[test]
    fn armor_lines_without_a_block_are_malformed_not_signed() {
        for body in [
            // Only the armor line.
            "-----BEGIN PGP SIGNATURE-----\n",
            // An empty armor.
            "-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n",
            // The END of another kind.
            "-----BEGIN PGP SIGNATURE-----\niQEz\n-----END SSH SIGNATURE-----\n",
            // Not base64.
            "-----BEGIN SSH SIGNATURE-----\nnot base64 at all!\n-----END SSH SIGNATURE-----\n",
            // Text after the block.
            "-----BEGIN PGP SIGNATURE-----\niQEz\n-----END PGP SIGNATURE-----\ntrailing\n",
        ] {
            let s = format!("{HEAD}\nrelease\n{body}");
            let t = parse_tag(s.as_bytes());
            assert!(!t.signed, "{body:?}");
            assert!(t.malformed, "{body:?}");
        }
        for hdr in [
            "gpgsig garbage\n",
            "gpgsig \n",
            "gpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n",
        ] {
            let s = format!("{HEAD}{hdr}\nmsg\n");
            let t = parse_tag(s.as_bytes());
            assert!(!t.signed && t.malformed, "{hdr:?}");
        }
        // git takes the last armor line: an earlier well-formed block quoted in the message
        // does not make a broken final one signed.
        let s = format!(
            "{HEAD}\nquoting:\n-----BEGIN PGP SIGNATURE-----\niQEz\n-----END PGP SIGNATURE-----\n-----BEGIN PGP SIGNATURE-----\n"
        );
        assert!(parse_tag(s.as_bytes()).malformed);
    }
}
