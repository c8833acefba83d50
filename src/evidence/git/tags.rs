//! The tag census: every `refs/tags/*` reference, annotated or lightweight, and whether an
//! annotated tag carries a signature (OpenPGP, SSH or X.509 block, or a `gpgsig` header).

use git2::{ObjectType, Repository};

use super::lossy;
use crate::evidence::{TagCensus, Unavailable};
use crate::model::Reason;

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
    pub signed: bool,
    pub tagger_time: Option<i64>,
}

/// Parses a tag object: signed when a message line starts a signature block (as git's
/// `parse_signed_buffer` finds it) or a `gpgsig`/`gpgsig-sha256` header is present.
pub fn parse_tag(data: &[u8]) -> TagInfo {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &b""[..]),
    };
    let mut signed = false;
    let mut tagger_time = None;
    for line in head.split(|&b| b == b'\n') {
        if line.starts_with(b"gpgsig ") || line.starts_with(b"gpgsig-sha256 ") {
            signed = true;
        } else if let Some(v) = line.strip_prefix(b"tagger ") {
            tagger_time = v.iter().rposition(|&b| b == b'>').and_then(|i| {
                let tok = v[i + 1..]
                    .split(|&b| b == b' ')
                    .find(|t| !t.is_empty())
                    .unwrap_or(b"");
                std::str::from_utf8(tok).ok()?.parse::<i64>().ok()
            });
        }
    }
    if !signed {
        signed = body
            .split(|&b| b == b'\n')
            .any(|l| ARMORS.iter().any(|a| l.starts_with(a)));
    }
    TagInfo {
        signed,
        tagger_time,
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
        let (_, kind) = odb.read_header(oid).map_err(|e| {
            fail(format!(
                "tag '{name}' points to object {oid} that could not be read ({})",
                e.message()
            ))
        })?;
        if kind != ObjectType::Tag {
            continue;
        }
        c.annotated += 1;
        let obj = odb.read(oid).map_err(|e| {
            fail(format!(
                "tag object {oid} of '{name}' could not be read ({})",
                e.message()
            ))
        })?;
        let info = parse_tag(obj.data());
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
                tagger_time: Some(1_700_000_000)
            }
        );
        for armor in ARMORS {
            let s = format!(
                "{HEAD}\nrelease v1\n{}\nabc\n-----END-----\n",
                String::from_utf8_lossy(armor)
            );
            assert!(parse_tag(s.as_bytes()).signed);
        }
        let hdr = format!("{HEAD}gpgsig -----BEGIN PGP SIGNATURE-----\n x\n\nmsg\n");
        assert!(parse_tag(hdr.as_bytes()).signed);
        // A quoted armor inside a line is not a signature block.
        let quoted = format!("{HEAD}\nsee > -----BEGIN PGP SIGNATURE-----\n");
        assert!(!parse_tag(quoted.as_bytes()).signed);
        assert!(!parse_tag(b"\xff\xfe").signed);
    }
}
