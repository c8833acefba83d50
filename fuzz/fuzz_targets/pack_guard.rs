//! A pack and its index (the first two bytes of the input split it): the guard never
//! panics, is deterministic, and whatever it accepts has every index offset inside the
//! pack's data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::git::packguard::{self, PackReader};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let split = (usize::from(data[0]) << 8 | usize::from(data[1])).min(data.len() - 2);
    let (idx, pack) = data[2..].split_at(split);
    let r = packguard::check_pack(idx, &PackReader::Bytes(pack), pack.len() as u64);
    assert_eq!(
        r,
        packguard::check_pack(idx, &PackReader::Bytes(pack), pack.len() as u64)
    );
    if r.is_ok() {
        let parsed = packguard::parse_index(idx).expect("an accepted index parses");
        for off in parsed.offsets {
            assert!(off >= 12 && off + 20 < pack.len() as u64 + 1);
        }
    }
});
