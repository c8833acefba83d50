//! The adopters counter on arbitrary text (an ADOPTERS.md / USERS.md): bounded by the
//! text, deterministic, a count always says how it was counted, and a list kept elsewhere
//! is a link written in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::docs::adopters;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = adopters::count(&text);
    // Every adopter counted stands on its own line or cell: never more than the text has
    // separators.
    let cells = text.lines().map(|l| l.matches('|').count() + 1).sum::<usize>();
    let bolds = text.matches("**").count() + text.matches("__").count();
    assert!(c.count as usize <= cells + bolds, "{} > {cells} + {bolds}", c.count);
    assert_eq!(c.count > 0, !c.how.is_empty(), "{c:?}");
    if let Some(link) = &c.elsewhere {
        assert!(text.contains(link.as_str()), "{link}");
    }
    let again = adopters::count(&text);
    assert_eq!((again.count, &again.how, &again.elsewhere), (c.count, &c.how, &c.elsewhere));
});
