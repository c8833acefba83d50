//! Property tests for the CI graph's parsers: Makefiles (rules, includes, variables),
//! justfiles, tox.ini and package.json never panic on any text, every line they report
//! exists in the text, and `make`/task-runner command lines are read without panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use tssa_probe::evidence::ci::{make, tasks};

fn line_count(t: &str) -> u32 {
    t.lines().count() as u32
}

fn makeish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("all: a b | c\n".to_string()),
        Just("\tgo test ./... \\\n".to_string()),
        Just("\t@$(MAKE) -C sub x\n".to_string()),
        Just("A := $(B)\n".to_string()),
        Just("B ?= $(A)\n".to_string()),
        Just("include $(A) x.mk\n".to_string()),
        Just("-include y.mk\n".to_string()),
        Just("define X\n".to_string()),
        Just("endef\n".to_string()),
        Just("t: V=1\n".to_string()),
        Just("%.o: %.c ; cc\n".to_string()),
        Just("x:: ; echo\n".to_string()),
        Just("\n".to_string()),
        "[ -~\t]{0,30}\n",
        "[$():={}\\\\\t ]{0,12}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn taskish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("lint: fmt\n".to_string()),
        Just("    golangci-lint run \\\n".to_string()),
        Just("@fmt:\n".to_string()),
        Just("[tox]\nenvlist = py, lint\n".to_string()),
        Just("[testenv]\ncommands =\n".to_string()),
        Just("[testenv:lint,{a,b}]\n".to_string()),
        Just("  pytest {posargs}\n".to_string()),
        Just("{\"scripts\": {\"test\": \"jest\", \"pretest\": 1}}".to_string()),
        Just("\"scripts\"".to_string()),
        Just("set x := 1\n".to_string()),
        "[ -~\t]{0,30}\n",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn makefiles_parse_and_cite_existing_lines(text in makeish()) {
        let mf = make::parse("Makefile", &text);
        let n = line_count(&text);
        for (targets, rule) in &mf.rules {
            prop_assert!(!targets.is_empty());
            prop_assert!(rule.line >= 1 && rule.line <= n);
            for (l, _) in &rule.recipe {
                prop_assert!(*l >= rule.line && *l <= n);
            }
            prop_assert!(rule.prerequisites.len() <= make::MAX_PREREQUISITES);
        }
        prop_assert!(mf.includes.len() <= make::MAX_INCLUDED);
        let db = make::MakeDb::merge(&[std::rc::Rc::new(mf)]);
        for r in db.rules.values() {
            for (_, c) in &r.recipe {
                let e = db.expand(c);
                prop_assert!(e.len() <= 8_192 || e == *c);
            }
        }
    }

    #[test]
    fn task_files_parse_and_cite_existing_lines(text in taskish()) {
        let n = line_count(&text).max(1);
        for kind in [tasks::Kind::Just, tasks::Kind::Tox, tasks::Kind::Npm] {
            let tf = tasks::parse(kind, &text);
            prop_assert!(tf.tasks.len() <= tasks::MAX_TASKS);
            for t in tf.tasks.values() {
                prop_assert!(t.line >= 1 && t.line <= n, "{kind:?} {t:?}");
                for (l, c) in &t.commands {
                    prop_assert!(*l >= 1 && *l <= n);
                    prop_assert!(!c.trim().is_empty());
                }
            }
        }
    }

    #[test]
    fn command_lines_are_read_without_panicking(words in prop::collection::vec("[-a-zA-Z0-9=./,$(){}]{0,12}", 0..12)) {
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let inv = make::invocation(&w);
        prop_assert!(inv.targets.len() <= 32);
        for first in ["just", "tox", "npm", "yarn", "pnpm", "bun", "x"] {
            if let Some((_, _, names)) = tasks::invocation(first, &w) {
                prop_assert!(names.len() <= 32);
            }
        }
        let _ = tasks::directory(&w);
    }
}
