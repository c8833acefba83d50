//! SBOM sniffing: the marker it reports lies inside the document, on a character boundary,
//! and names the format it reports; the sbom judgement of documents (and fixtures, which
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
    let sniffed = fuzzing::sbom_sniff(doc);
    if let Some((format, at)) = sniffed {
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
    }
    assert_eq!(sniffed, fuzzing::sbom_sniff(doc), "not deterministic");

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
                    text.and_then(fuzzing::sbom_sniff).map(|s| s.0) == Some(d.format.as_str()),
                    "{} is not a {} document",
                    d.path,
                    d.format
                );
            }
        }
    }
});
