//! Property tests of the tool catalogue's matcher (`evidence::tools`): a tool named in an
//! argument, an allow-list, a file name or `--repo owner/name` is not a run of it; a
//! program the matcher reports stands at command position in the line; matching is
//! deterministic and bounded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use tssa_probe::evidence::ci::shell;
use tssa_probe::evidence::tools::catalogue::catalogue;
use tssa_probe::evidence::tools::{image_hosts, program_matches};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// A program of the catalogue, with the words its first pattern needs.
fn tool_program() -> impl Strategy<Value = String> {
    let runs: Vec<String> = catalogue()
        .tools
        .iter()
        .flat_map(|t| &t.programs)
        .map(|p| {
            let mut s = p.program.clone();
            for w in &p.words {
                s.push(' ');
                s.push_str(w);
            }
            s
        })
        .collect();
    proptest::sample::select(runs)
}

/// Commands that name another program in an argument.
fn naming_prefix() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "echo",
        "grep -r",
        "ls",
        "cat",
        "gh repo view --repo owner/",
        "git clone https://github.com/o/",
        "curl -sSfL https://example.org/",
        "go install github.com/o/",
        "which",
        "printf '%s\\n'",
        "yq e .allow[]",
    ])
}

/// Shell-ish lines: programs, arguments, operators, quotes, variables.
fn lineish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        tool_program(),
        Just(" && ".to_string()),
        Just(" | ".to_string()),
        Just("; ".to_string()),
        Just(" > out.txt".to_string()),
        Just("$(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just(" --format spdx-json".to_string()),
        Just(" -c".to_string()),
        Just("sudo ".to_string()),
        Just("é".to_string()),
        "[ -~]{0,10}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_tool_named_in_an_argument_is_not_a_run(prefix in naming_prefix(), tool in tool_program(), suffix in "[a-z./ -]{0,12}") {
        let line = format!("{prefix} {tool}{suffix}");
        let m = program_matches(&line);
        let first = tool.split_whitespace().next().unwrap();
        prop_assert!(
            m.iter().all(|(_, p, _)| p.program != first),
            "{line}: {:?}",
            m.iter().map(|(t, _, _)| t.id.as_str()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn matched_programs_stand_at_command_position(line in lineish()) {
        let m = program_matches(&line);
        let names: Vec<String> = shell::invocations(&line).into_iter().map(|(n, _)| n).collect();
        for (t, p, args) in &m {
            prop_assert!(names.contains(&p.program), "{} ({}) is not a program of {line:?}: {names:?}", t.id, p.program);
            prop_assert!(line.contains(args.split_whitespace().next().unwrap_or("")), "{args:?} not from {line:?}");
        }
        // One match per tool and category and simple command at most.
        let commands = shell::simple_commands(&line).len();
        prop_assert!(m.len() <= commands * 17 * catalogue().tools.len());
        let again: Vec<(String, String)> = program_matches(&line).into_iter().map(|(t, _, a)| (t.id.clone(), a)).collect();
        let once: Vec<(String, String)> = m.into_iter().map(|(t, _, a)| (t.id.clone(), a)).collect();
        prop_assert_eq!(once, again);
    }

    #[test]
    fn image_hosts_come_from_the_text(text in "[a-z0-9./:${} ,-]{0,60}") {
        let hosts = image_hosts(&text);
        prop_assert!(hosts.len() <= 8);
        for h in &hosts {
            prop_assert!(text.to_ascii_lowercase().contains(h.as_str()), "{h} not in {text:?}");
            prop_assert!(!h.contains('$') && !h.contains('{'), "{h}");
        }
    }
}
