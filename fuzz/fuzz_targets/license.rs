//! Licence detection on any text: bounded (only the first 128 KiB is read), the same
//! twice, a score between 0 and 1, confident exactly from the threshold, an identifier of
//! the SPDX list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::license::{CONFIDENT, detect};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = detect(&text);
    assert_eq!(a, detect(&text), "not deterministic");
    if let Some(d) = a {
        assert!((0.0..=1.0).contains(&d.score), "{d:?}");
        assert_eq!(d.confident, d.score >= CONFIDENT, "{d:?}");
        assert!(!d.id.is_empty());
    }
});
