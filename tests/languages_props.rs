#![allow(clippy::unwrap_used)]
//! The language census over arbitrary trees: never panics, every listed share is a
//! language of the catalogue, shares are ordered by bytes and their percents add up to
//! about 100 (rounding).

use proptest::prelude::*;
use tssa_probe::evidence::files::FileSnapshot;
use tssa_probe::evidence::languages::census;

fn path() -> impl Strategy<Value = String> {
    let seg = prop_oneof![
        Just("vendor".to_string()),
        Just("lib".to_string()),
        Just("zstd-1.5.7".to_string()),
        "[a-zA-Z0-9._-]{1,12}",
    ];
    let ext = prop_oneof![
        Just(".go"),
        Just(".rs"),
        Just(".h"),
        Just(".c"),
        Just(".cpp"),
        Just(".md"),
        Just(".pb.go"),
        Just(""),
    ];
    (prop::collection::vec(seg, 0..4), "[a-z]{0,6}", ext).prop_map(|(dirs, name, ext)| {
        let mut p = dirs.join("/");
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str(&name);
        p.push_str(ext);
        p
    })
}

proptest! {
    #[test]
    fn census_is_total_and_consistent(files in prop::collection::vec((path(), 0usize..5000), 0..40)) {
        let contents: Vec<(String, String)> =
            files.iter().map(|(p, n)| (p.clone(), "x".repeat(*n))).collect();
        let refs: Vec<(&str, &str)> =
            contents.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
        let c = census(&FileSnapshot::from_texts("0", &refs));
        for w in c.languages.windows(2) {
            prop_assert!(w[0].bytes >= w[1].bytes);
        }
        if !c.languages.is_empty() {
            let sum: u64 = c.languages.iter().map(|s| s.percent).sum();
            prop_assert!(sum <= 100 + c.languages.len() as u64, "{sum}");
            prop_assert!(sum + c.languages.len() as u64 >= 100, "{sum}");
        }
        for s in &c.languages {
            prop_assert!(s.bytes > 0 && s.files > 0);
            prop_assert!(!["Markdown", ""].contains(&s.name.as_str()));
        }
    }
}
