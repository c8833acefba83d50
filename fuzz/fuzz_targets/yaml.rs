//! The bounded YAML tree on raw bytes (as the snapshot decodes them): no panic, every node
//! on a line of the document, nesting and size within the limits, a deterministic result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tssa_probe::evidence::yaml::{self, Node, Value};

fn walk(n: &Node, depth: usize, lines: u32, count: &mut usize) {
    *count += 1;
    assert!(depth <= yaml::MAX_DEPTH + 1, "nesting {depth}");
    assert!(n.line >= 1 && n.line <= lines, "line {} of {lines}", n.line);
    // A node that runs to the end of the text ends where the parser stops: at most the
    // position just past the last line (a block scalar's final newline).
    assert!(n.end_line >= n.line, "ends at {} before it starts at {}", n.end_line, n.line);
    assert!(n.end_line <= lines + 1, "end line {} of {lines}", n.end_line);
    match &n.value {
        Value::Scalar(..) => {}
        Value::Seq(v) => v.iter().for_each(|c| walk(c, depth + 1, lines, count)),
        Value::Map(v) => v.iter().for_each(|(k, c)| {
            walk(k, depth + 1, lines, count);
            walk(c, depth + 1, lines, count);
        }),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = yaml::parse(&text);
    // Lines as `split('\n')` counts them (a final newline starts an empty last line).
    let lines = text.split('\n').count() as u32;
    match &parsed {
        Ok(node) => {
            let mut count = 0;
            walk(node, 0, lines.max(1), &mut count);
            assert!(count <= yaml::MAX_NODES, "{count} nodes");
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(l) = e.line {
                assert!(l >= 1 && l <= lines.max(1) + 1, "error line {l} of {lines}");
            }
        }
    }
    assert_eq!(
        parsed,
        yaml::parse(&text),
        "the YAML tree is not deterministic"
    );
});
