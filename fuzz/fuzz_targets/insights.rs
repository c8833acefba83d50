//! Security Insights files of every version: parsed with the bounded parser, carried into
//! a 2.2.0 draft. The draft is YAML whose header says 2.2.0, every carried string value is
//! in the input, nothing but our own comments starts a line, the output is bounded and
//! the same twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::standards::insights;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(d) = insights::draft_of_file(text, "2026-01-02") else {
        return;
    };
    let again = insights::draft_of_file(text, "2026-01-02").map(|d| d.yaml);
    assert_eq!(again.as_deref(), Some(d.yaml.as_str()), "not deterministic");
    let doc = insights::parse_existing(&d.yaml).expect("the draft is YAML");
    assert_eq!(doc["header"]["schema-version"], "2.2.0");
    assert!(d.yaml.len() <= 64 * text.len() + 64 * 1024, "draft too long");
    for line in d.yaml.lines() {
        let t = line.trim_start();
        if t.starts_with('#') {
            assert!(
                [
                    "# Security Insights ",
                    "# Lines marked ",
                    "# The repository has ",
                    "# EXPIRED: ",
                    "# Disagreement at ",
                    "# Not carried ",
                    "# - ",
                    "# TODO(tssa-probe): ",
                    "# from ",
                    "# observed: ",
                ]
                .iter()
                .any(|o| t.starts_with(o))
                    || t.strip_prefix("# ").is_some_and(|k| k.ends_with(':')),
                "{line}"
            );
        }
    }
    if let Some(m) = &d.migration {
        for n in &m.not_carried {
            assert!(!n.field.is_empty());
        }
    }
});
