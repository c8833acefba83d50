//! SECURITY files: contact extraction (every contact, reference and page on a line of the
//! document, every value written in it, counts bounded, in order), the security section
//! of a CONTRIBUTING file (the file's lines, the others blanked with spaces), SECURITY_CONTACTS and
//! SECURITY-INSIGHTS, and the security-policy judgement over all of them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::model::{ContactKind, ProbeId};
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    "SECURITY.md",
    "CONTRIBUTING.md",
    "SECURITY_CONTACTS",
    "SECURITY-INSIGHTS.yml",
    "docs/security.md",
];

fuzz_target!(|data: &[u8]| {
    let owned = common::files(data, PATHS);
    let files = common::borrowed(&owned);
    let Some((_, policy)) = files.first().copied() else {
        return;
    };
    let n = fuzzing::line_count(policy);

    let e = fuzzing::contacts(policy, Some("SECURITY.md"));
    assert!(e.contacts.len() <= fuzzing::MAX_CONTACTS);
    assert!(e.references.len() <= fuzzing::MAX_REFERENCES);
    assert!(e.pages.len() <= fuzzing::MAX_PAGES);
    for c in &e.contacts {
        assert!(c.line >= 1 && c.line <= n, "{c:?} of {n}");
        match &c.written {
            None => assert!(policy.contains(&c.value), "contact not in the text: {c:?}"),
            Some(w) => assert!(
                policy.contains(w.as_str()),
                "written form not in the text: {c:?}"
            ),
        }
        if c.kind == ContactKind::Email {
            assert!(c.value.contains('@'), "{c:?}");
        }
    }
    assert!(
        e.contacts.windows(2).all(|w| w[0].line <= w[1].line),
        "{e:?}"
    );
    for (url, line) in &e.references {
        assert!(*line >= 1 && *line <= n, "reference {url} at {line} of {n}");
        let bare = url.strip_prefix("mailto:").unwrap_or(url);
        assert!(policy.contains(bare), "reference not in the text: {url}");
    }
    for (path, line) in &e.pages {
        assert!(*line >= 1 && *line <= n, "page {path} at {line} of {n}");
        assert!(
            !path.is_empty()
                && !path.starts_with('/')
                && path
                    .split('/')
                    .all(|s| !s.is_empty() && s != "." && s != ".."),
            "page outside the tree: {path:?}"
        );
    }
    assert_eq!(
        e,
        fuzzing::contacts(policy, Some("SECURITY.md")),
        "not deterministic"
    );
    // The organization's policy (no path) links no in-repository page by a relative link.
    let org = fuzzing::contacts(policy, None);
    assert_eq!(org.contacts, e.contacts);

    if let Some((heading, section)) = fuzzing::security_section(policy) {
        assert!(
            policy.contains(heading.as_str()),
            "heading {heading:?} not in the text"
        );
        let a: Vec<&str> = policy.split('\n').collect();
        let b: Vec<&str> = section.split('\n').collect();
        assert_eq!(a.len(), b.len(), "the section moved lines");
        for (x, y) in a.iter().zip(&b) {
            assert!(
                x == y || (y.len() == x.len() && y.bytes().all(|b| b == b' ')),
                "line {y:?} is not the file's {x:?}"
            );
        }
    }

    let handles = fuzzing::security_contacts_file(policy);
    assert!(handles.len() <= 50);
    for h in &handles {
        assert!(
            !h.is_empty() && h.len() <= 39 && policy.contains(h.as_str()),
            "{h:?}"
        );
    }

    if let Ok(entries) = fuzzing::security_insights(policy, false) {
        for (v, _, line) in &entries {
            if let Some(l) = line {
                assert!(*l >= 1 && *l <= n, "{v} at {l} of {n}");
            }
        }
    }

    common::judge_ok(ProbeId::SecurityPolicy, &files);
});
