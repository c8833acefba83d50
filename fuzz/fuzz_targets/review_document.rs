//! The self-assessment reader on any bytes: a clear error or a document whose lines,
//! headings, links and claims all point at lines that exist, in order, each line cut at
//! its bound; the same input gives the same answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::review::claims;
use tssa_probe::review::document::{self, MAX_LINE_CHARS};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = document::read(data) else {
        return;
    };
    let n = doc.lines.len() as u32;
    for (i, l) in doc.lines.iter().enumerate() {
        assert_eq!(l.number, i as u32 + 1);
        assert!(l.text.chars().count() <= MAX_LINE_CHARS);
    }
    let mut last = 0;
    for h in &doc.headings {
        assert!(h.line > last && h.line <= n, "{h:?}");
        assert!((1..=6).contains(&h.level));
        last = h.line;
    }
    for l in doc.links() {
        assert!(l.line >= 1 && l.line <= n);
    }
    let a = claims::extract(&doc, &[]);
    for c in &a {
        assert!(c.line >= 1 && c.line <= n);
    }
    assert_eq!(a, claims::extract(&doc, &[]), "not deterministic");
});
