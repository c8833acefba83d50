//! Property tests for the parsers of repository CI content: the bounded YAML parser and the
//! CI model built from workflows, composite actions, scripts and Makefiles never panic,
//! whatever the text, and every line they cite exists in the file it names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;
use tssa_probe::evidence::{EntryKind, FileContent, FileEntry, FileSnapshot, ci, yaml};

fn snap(files: &[(&str, String)]) -> FileSnapshot {
    let mut entries = BTreeMap::new();
    for (p, c) in files {
        entries.insert(
            (*p).to_string(),
            FileEntry {
                size: c.len() as u64,
                kind: EntryKind::File,
                content: Some(Arc::new(FileContent {
                    text: c.clone(),
                    truncated: false,
                })),
            },
        );
    }
    FileSnapshot {
        commit: "0".repeat(40),
        entries,
        ..Default::default()
    }
}

/// Workflow-shaped text: keys, lists, flow collections, anchors, aliases, block scalars and
/// shell lines, in any order and indentation.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("on: ".to_string()),
        Just("jobs:\n".to_string()),
        Just("  a:\n    steps:\n".to_string()),
        Just("      - run: |\n".to_string()),
        Just("          make test\n".to_string()),
        Just("          ./hack/x.sh\n".to_string()),
        Just("      - uses: ./.github/actions/x\n".to_string()),
        Just("    uses: ./.github/workflows/w.yml\n".to_string()),
        Just("&a [1, 2]\n".to_string()),
        Just("*a\n".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("\"q".to_string()),
        Just("'".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn yaml_parser_never_panics_and_spans_are_in_the_text(text in yamlish()) {
        if let Ok(node) = yaml::parse(&text) {
            let lines = text.lines().count().max(1) as u32 + 1;
            prop_assert!(node.line >= 1 && node.line <= lines, "{} of {lines}", node.line);
        }
    }

    #[test]
    fn ci_model_never_panics_and_cites_existing_lines(
        wf in yamlish(),
        action in yamlish(),
        script in "[ -~\n]{0,200}",
        makefile in "(test:|\t|make test|\\$\\(MAKE\\) test|include x.mk|go test|\n| ){0,30}",
    ) {
        let files = [
            (".github/workflows/ci.yml", wf),
            (".github/workflows/w.yml", action.clone()),
            (".github/actions/x/action.yml", action),
            ("hack/x.sh", script),
            ("Makefile", makefile),
        ];
        let s = snap(&files);
        let m = ci::build(&s);
        prop_assert!(m.commands.len() <= ci::MAX_COMMANDS);
        let texts: BTreeMap<&str, &String> = files.iter().map(|(p, c)| (*p, c)).collect();
        for c in &m.commands {
            let t = texts.get(c.at.path.as_str()).expect("a file of the snapshot");
            let n = t.lines().count() as u32;
            prop_assert!(c.at.line >= 1 && c.at.line <= n.max(1), "{}:{} of {n}", c.at.path, c.at.line);
            prop_assert!(c.via.len() <= ci::MAX_FOLLOW_DEPTH + 4);
        }
    }
}
