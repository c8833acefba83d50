//! `.gitattributes` rules for the language census: any text parses, any path is matched
//! without a panic, and the same way twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::languages::Attributes;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (rules, path) = text.split_once('\0').unwrap_or((&text, "src/a.go"));
    let a = Attributes::parse(rules);
    assert_eq!(a.excludes(path), Attributes::parse(rules).excludes(path));
});
