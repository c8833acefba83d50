#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The licence detector on the common licence texts, as projects commit them (copyright
//! line filled in, lines rewrapped), and on modified ones (low confidence reported, not
//! rounded up); its invariants on generated input (bounded, deterministic, a confident
//! answer only at or above the threshold).

use proptest::prelude::*;
use tssa_probe::evidence::license::{CONFIDENT, detect};

const COMMON: &[&str] = &[
    "Apache-2.0",
    "MIT",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-2.0-only",
    "GPL-3.0-only",
    "MPL-2.0",
    "ISC",
];

fn canonical(id: &str) -> &'static str {
    spdx::license_id(id).unwrap().text()
}

/// As a project commits it: the copyright placeholders filled, the paragraphs rewrapped
/// at 72 columns.
fn as_committed(text: &str) -> String {
    let filled = text
        .replace("<year>", "2024")
        .replace("<copyright holders>", "The Example Authors")
        .replace("<owner>", "The Example Authors")
        .replace("[yyyy]", "2024")
        .replace("[name of copyright owner]", "The Example Authors");
    let mut out = String::new();
    for para in filled.split("\n\n") {
        let mut line = String::new();
        for w in para.split_whitespace() {
            if line.len() + w.len() + 1 > 72 && !line.is_empty() {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn the_common_licences_are_identified_as_committed() {
    for id in COMMON {
        let d = detect(&as_committed(canonical(id))).unwrap_or_else(|| panic!("{id}: nothing"));
        // GPL-2.0-only and -or-later share a text: either is the GPL 2.0.
        assert_eq!(d.id, *id, "{id}: {d:?}");
        assert!(d.confident, "{id}: {d:?}");
        assert!(d.osi_approved, "{id}: {d:?}");
    }
}

#[test]
fn a_modified_licence_is_reported_with_low_confidence() {
    // Apache-2.0 with its patent grant (section 3) and a third of the rest removed.
    let text = as_committed(canonical("Apache-2.0"));
    let cut: String = text
        .split("\n\n")
        .enumerate()
        .filter(|(i, p)| i % 3 != 0 && !p.contains("Grant of Patent License"))
        .map(|(_, p)| format!("{p}\n\n"))
        .collect();
    let modified = format!(
        "{cut}\nADDITIONAL TERMS: the Work may not be used by any organisation with more than ten employees.\n"
    );
    let d = detect(&modified).unwrap();
    assert_eq!(d.id, "Apache-2.0", "{d:?}");
    assert!(!d.confident, "a modified text is not identified: {d:?}");
    assert!(d.score < CONFIDENT);
    // Not a licence at all.
    assert!(
        detect("# Example\n\nThis is a README with nothing in it.\n").is_none_or(|d| !d.confident)
    );
    assert!(detect("").is_none());
    assert!(detect("\n\n   \n").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn detection_is_deterministic_and_confident_only_above_the_threshold(
        text in "[a-zA-Z ,.\n]{0,600}",
        which in 0usize..8,
        cut in 0usize..4000,
    ) {
        let base = canonical(COMMON[which]);
        let mut end = cut.min(base.len());
        while !base.is_char_boundary(end) { end -= 1; }
        let input = format!("{}{text}", &base[..end]);
        let a = detect(&input);
        let b = detect(&input);
        prop_assert_eq!(&a, &b);
        if let Some(d) = a {
            prop_assert!((0.0..=1.0).contains(&d.score));
            prop_assert_eq!(d.confident, d.score >= CONFIDENT);
            prop_assert!(spdx::license_id(&d.id).is_some() || d.id.contains('-') || !d.id.is_empty());
        }
    }
}
