//! Commit and tag headers and signature armor, on raw object bytes: the commit parser
//! reads only parents that are written, reports a signature only under a signature header
//! and a sign-off only when a line starts with one; a tag is never both signed and
//! malformed; armor without a BEGIN line is never a signature; everything deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::git::census::{self, SigKind};
use tssa_probe::evidence::git::tags;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fuzz_target!(|data: &[u8]| {
    let armor = census::classify_armor(data);
    if !contains(data, b"-----BEGIN ") || !contains(data, b"-----END ") {
        assert_eq!(armor, SigKind::Malformed);
    }
    assert_eq!(armor, census::classify_armor(data));

    let commit = census::parse_commit(data);
    match &commit {
        Ok(c) => {
            assert!(
                census::tree_of(data).is_some(),
                "parsed without a tree line"
            );
            let written = data
                .split(|&b| b == b'\n')
                .filter(|l| l.starts_with(b"parent "))
                .count();
            assert!(
                c.parents.len() <= written,
                "{} parents of {written}",
                c.parents.len()
            );
            if c.signature.is_some() {
                assert!(
                    contains(data, b"\ngpgsig"),
                    "a signature without its header"
                );
            }
            if c.signature.is_some_and(SigKind::is_signature) {
                assert!(contains(data, b"-----BEGIN "), "a signature without armor");
            }
            if c.dco {
                let lower = data.to_ascii_lowercase();
                assert!(
                    contains(&lower, b"signed-off-by:"),
                    "a sign-off not written"
                );
            }
            if c.web_flow {
                assert!(contains(data, b"GitHub"), "web-flow without its name");
            }
        }
        Err(e) => assert!(!e.is_empty()),
    }
    assert_eq!(commit, census::parse_commit(data), "not deterministic");

    let tag = tags::parse_tag(data);
    assert!(!(tag.signed && tag.malformed), "{tag:?}");
    if tag.signed {
        assert!(contains(data, b"-----BEGIN "), "signed without armor");
    }
    assert_eq!(tag, tags::parse_tag(data), "not deterministic");
});
