//! The document model on any text in every format: never panics, bounded (items and
//! texts capped), cited lines exist in the input, addresses come from the input, the same
//! twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::docs::{DocKind, Document, MAX_ITEMS, MAX_TEXT};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.split('\n').count() as u32;
    for path in ["README.md", "SECURITY.rst", "README.adoc", "SECURITY_CONTACTS", ".github/ISSUE_TEMPLATE/config.yml"] {
        let d = Document::parse(path, DocKind::Readme, &text);
        assert_eq!(d, Document::parse(path, DocKind::Readme, &text), "not deterministic");
        assert!(d.links.len() <= MAX_ITEMS && d.blocks.len() <= MAX_ITEMS);
        assert!(d.sections.len() <= MAX_ITEMS && d.emails.len() <= MAX_ITEMS);
        for s in &d.sections {
            assert!(s.line >= 1 && s.line <= lines);
            assert!(s.heading.chars().count() <= MAX_TEXT + 1);
        }
        for l in &d.links {
            assert!(l.line >= 1 && l.line <= lines);
            assert!(l.sentence.chars().count() <= MAX_TEXT + 1);
        }
        let lower = text.to_ascii_lowercase();
        for e in &d.emails {
            assert!(e.line >= 1 && e.line <= lines);
            assert!(lower.contains(&e.address));
        }
    }
});
