//! The reader child's answer, decoded by the parent: arbitrary bytes never panic or
//! allocate what they declare, and whatever decodes encodes back to the same snapshot.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::git::isolate::{self, Message};

fuzz_target!(|data: &[u8]| {
    let Ok(Message::Done(repo)) = isolate::decode(data) else {
        return;
    };
    let paths: Vec<String> = match &repo.files {
        Ok(s) => s.entries.keys().cloned().collect(),
        Err(_) => Vec::new(),
    };
    let notes = repo.notes.clone();
    let bytes = isolate::encode(Ok(*repo));
    let Ok(Message::Done(back)) = isolate::decode(&bytes) else {
        panic!("what decoded does not decode again once encoded");
    };
    let again: Vec<String> = match &back.files {
        Ok(s) => s.entries.keys().cloned().collect(),
        Err(_) => Vec::new(),
    };
    assert_eq!(paths, again);
    assert_eq!(notes, back.notes);
});
