//! SBOM parsing: the marker it reports lies inside the document, on a character boundary,
//! and names the format it reports; a whole document is a valid head of itself; the sbom judgement of documents (and fixtures, which
//! never count) keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::model::{ProbeFacts, ProbeId};
use tssa_probe::probes::fuzzing;

mod common;

const PATHS: &[&str] = &[
    "sbom.spdx.json",
    "dist/bom.xml",
    "app.cdx.json",
    "testdata/sbom.json",
    ".github/workflows/release.yml",
];

fuzz_target!(|data: &[u8]| {
    let owned = common::files(data, PATHS);
    let files = common::borrowed(&owned);
    let Some((_, doc)) = files.first().copied() else {
        return;
    };
    for cut in [false, true] {
        let parsed = fuzzing::sbom_parse(doc, cut);
        if let Some((format, at, head_only)) = parsed {
            assert!(
                at < doc.len() && doc.is_char_boundary(at),
                "marker at {at} of {}",
                doc.len()
            );
            assert!(matches!(format, "spdx" | "cyclonedx"), "{format}");
            assert!(
                doc[at..].to_ascii_lowercase().contains(format),
                "the marker at {at} does not name {format}"
            );
            assert!(cut || !head_only, "a whole file checked as a head");
            // JSON and XML are read as a stream: a whole document is a valid head of
            // itself (YAML is only ever parsed whole).
            let first = doc.trim_start_matches('\u{feff}').trim_start().chars().next();
            if !cut && matches!(first, Some('{' | '<')) {
                assert_eq!(
                    fuzzing::sbom_parse(doc, true).map(|x| x.0),
                    Some(format),
                    "a whole document is not a valid head of itself"
                );
            }
        }
        assert_eq!(parsed, fuzzing::sbom_parse(doc, cut), "not deterministic");
    }

    common::judge_ok(ProbeId::Sbom, &files);
    if let Some(j) = fuzzing::judge(ProbeId::Sbom, &files) {
        if let ProbeFacts::Sbom(f) = &j.facts {
            for d in f.in_repository.iter().flatten() {
                assert!(
                    !d.path.starts_with("testdata/"),
                    "a fixture counts: {}",
                    d.path
                );
                let text = files.iter().find(|(p, _)| *p == d.path).map(|(_, t)| *t);
                assert!(
                    text.and_then(|t| fuzzing::sbom_parse(t, false)).map(|s| s.0) == Some(d.format.as_str()),
                    "{} is not a {} document",
                    d.path,
                    d.format
                );
            }
        }
    }
});
