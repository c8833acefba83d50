//! Change log heads: the newest entry and the moved note are on a line of the text, within
//! the bounds, the entry's version is on its line, the note is bounded; deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::changelog::{
    MAX_EXCERPT, MAX_LINES, NOTE_LINES, moved_note, newest_entry, version_numbers,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().collect();
    if let Some(e) = newest_entry(&text) {
        assert!(e.line >= 1 && e.line as usize <= lines.len().min(MAX_LINES));
        assert!(lines[e.line as usize - 1].contains(&e.version));
        assert!(version_numbers(&e.version).is_some() || e.version.len() > 20);
    }
    if let Some(n) = moved_note(&text) {
        assert!(n.line >= 1 && n.line as usize <= NOTE_LINES.min(lines.len()));
        assert!(n.text.chars().count() <= MAX_EXCERPT);
    }
    assert_eq!(newest_entry(&text), newest_entry(&text), "not deterministic");
});
