//! Property tests for the self-assessment reader (`review::document`) and claim
//! extraction: whatever the text, the reader returns a clear error or a document whose
//! lines, headings, links and claims point at lines that exist, in order and bounded; the
//! same input gives the same answer; and a section written in any of its spellings is
//! found wherever the document puts it. The fuzz target `review_document` checks the same
//! on arbitrary bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use tssa_probe::review::claims;
use tssa_probe::review::document::{self, DocError, MAX_LINE_CHARS};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    }
}

/// Lines that look like a self-assessment's: headings in several spellings, bullets,
/// table rows, fences, comments, links, bidirectional and zero-width characters.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Metadata".to_string()),
        Just("## Secure Development Practices".to_string()),
        Just("### Development Pipeline".to_string()),
        Just("**Incident Response**".to_string()),
        Just("* **Inbound** <br>".to_string()),
        Just("Communication Channels".to_string()),
        Just("## Security issue resolution".to_string()),
        Just("```".to_string()),
        Just("<!-- x".to_string()),
        Just("-->".to_string()),
        Just("| SBOM | No |".to_string()),
        Just("* Images are signed with cosign; see [x](#nowhere).".to_string()),
        Just("Report to sec@demo.dev within 3 business days.".to_string()),
        Just("> > > > > > > > > > nested".to_string()),
        "[ -~\u{202e}\u{200b}\u{feff}]{0,80}",
        "\\PC{0,40}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..60).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn read_is_bounded_ordered_and_deterministic(t in text()) {
        match document::read(t.as_bytes()) {
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(!msg.is_empty());
                if t.trim().is_empty() {
                    prop_assert_eq!(e, DocError::Empty);
                }
            }
            Ok(doc) => {
                let n = doc.lines.len() as u32;
                prop_assert_eq!(n as usize, t.lines().count());
                for (i, l) in doc.lines.iter().enumerate() {
                    prop_assert_eq!(l.number, i as u32 + 1);
                    prop_assert!(l.text.chars().count() <= MAX_LINE_CHARS);
                }
                let mut last = 0;
                for h in &doc.headings {
                    prop_assert!(h.line > last && h.line <= n);
                    last = h.line;
                }
                for l in doc.links() {
                    prop_assert!(l.line >= 1 && l.line <= n);
                    prop_assert!(doc.line(l.line).is_some());
                }
                let a = claims::extract(&doc, &[]);
                for c in &a {
                    prop_assert!(c.line >= 1 && c.line <= n);
                    // A claim is read from prose, never from code or a comment.
                    let l = doc.line(c.line).unwrap();
                    prop_assert!(matches!(l.kind, document::LineKind::Text | document::LineKind::TableRow));
                }
                prop_assert_eq!(a, claims::extract(&doc, &[]));
            }
        }
    }

    #[test]
    fn sections_are_found_wherever_they_are(prefix in prop::collection::vec("[a-z ]{0,30}", 0..10),
                                           spelling in prop_oneof![
                                               Just("## Secure development practices"),
                                               Just("## SECURE DEVELOPMENT PRACTICES:"),
                                               Just("## 5. Secure Development Practices"),
                                               Just("**Secure development practices**"),
                                           ]) {
        let mut t = String::from("# Self-assessment\n\n## Metadata\n\nx\n\n## Overview\n\ny\n");
        for p in &prefix {
            t.push_str(p);
            t.push('\n');
        }
        t.push_str(spelling);
        t.push_str("\n\n### Development Pipeline\n\n* Two maintainers review each change.\n");
        let doc = document::read(t.as_bytes()).unwrap();
        let h = doc.heading_of("secure_development");
        prop_assert!(h.is_some(), "{spelling}");
        let line = doc.lines.iter().find(|l| l.text.contains("Two maintainers")).unwrap();
        prop_assert!(doc.in_section(line.number, "development_pipeline"));
    }
}

#[test]
fn hostile_shapes_are_bounded() {
    // One very long line, deep nesting, many headings: read within the caps.
    let long = format!(
        "## Metadata\n## Overview\n## Appendix\n{}",
        "a".repeat(200_000)
    );
    let d = document::read(long.as_bytes()).unwrap();
    assert_eq!(d.long_lines, 1);
    assert!(
        d.lines
            .iter()
            .all(|l| l.text.chars().count() <= MAX_LINE_CHARS)
    );
    let deep = format!(
        "## Metadata\n## Overview\n## Appendix\n{}x\n",
        "> ".repeat(50_000)
    );
    assert!(document::read(deep.as_bytes()).is_ok());
    let many = "## Overview\n".repeat(40_000);
    let d = document::read(many.as_bytes());
    assert!(d.is_err() || d.unwrap().headings.len() == 40_000);
}
