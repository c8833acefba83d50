//! The CI graph's parsers on arbitrary text: a Makefile (rules, includes, variables, the
//! merged index and its expansion), a justfile, a tox.ini and a package.json, and the
//! command lines of `make` and task runners. Every reported line exists in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::ci::{make, tasks};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let n = text.lines().count() as u32;
    let mf = make::parse("Makefile", &text);
    for (_, rule) in &mf.rules {
        assert!(rule.line >= 1 && rule.line <= n);
        for (l, _) in &rule.recipe {
            assert!(*l >= 1 && *l <= n);
        }
    }
    let db = make::MakeDb::merge(&[std::rc::Rc::new(mf)]);
    for r in db.rules.values() {
        for (_, c) in &r.recipe {
            let _ = db.expand(c);
        }
    }
    for kind in [tasks::Kind::Just, tasks::Kind::Tox, tasks::Kind::Npm] {
        let tf = tasks::parse(kind, &text);
        for t in tf.tasks.values() {
            assert!(t.line >= 1 && t.line <= n.max(1));
        }
    }
    let words: Vec<&str> = text.split_whitespace().take(64).collect();
    let _ = make::invocation(&words);
    for first in ["just", "tox", "npm", "yarn", "pnpm"] {
        let _ = tasks::invocation(first, &words);
    }
});
