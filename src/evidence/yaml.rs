//! YAML from the repository under audit, parsed once, bounded, with line spans.
//!
//! Every YAML file the probes read (workflows, composite actions, GoReleaser, golangci,
//! Security Insights, Prow, Dependabot) goes through [`parse`]. The event parser
//! (saphyr-parser) is pulled one event at a time, so work stops as soon as a limit is
//! reached: nesting deeper than [`MAX_DEPTH`] and trees of more than [`MAX_NODES`] nodes
//! (aliases counted at their expanded size, before they are copied) are refused with a
//! sentence saying which limit, never built. Each node keeps its first and last line
//! (1-based), so a probe can cite exactly where a key, a step or a command stands.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deepest nesting of collections accepted (GitHub Actions workflows need about 8).
pub const MAX_DEPTH: usize = 64;
/// Most nodes in one document, aliases counted as often as they are referenced.
pub const MAX_NODES: usize = 200_000;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    /// `|`: lines are kept as written.
    Literal,
    /// `>`: lines are folded.
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML node and the lines it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// First line (1-based) of the node: a key's line; for a block
    /// scalar (`|`, `>`), its first line of content.
    pub line: u32,
    /// Last line (1-based) of the node.
    pub end_line: u32,
    /// Nodes in this subtree, itself included.
    size: usize,
}

/// Why a document was not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// Line (1-based) where the parser stopped, when known.
    pub line: Option<u32>,
    /// True when a limit of this module (depth, size), not a syntax error, stopped it.
    pub limit: bool,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{} (line {l})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Node {
    fn new(value: Value, line: u32, end_line: u32, size: usize) -> Self {
        Node {
            value,
            line,
            end_line,
            size,
        }
    }

    /// The scalar's text (any style), or `None` for a collection.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    /// `true`/`false` (plain `true`, `True`, `TRUE`; or a quoted "true" when `loose`).
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => match s.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A plain `null`, `~` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s, Style::Plain) if matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn style(&self) -> Option<Style> {
        match &self.value {
            Value::Scalar(_, st) => Some(*st),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value of key `k` in a mapping (the first, if repeated).
    pub fn get(&self, k: &str) -> Option<&Node> {
        self.entry(k).map(|(_, v)| v)
    }

    /// The key node and value of key `k` in a mapping.
    pub fn entry(&self, k: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .find(|(key, _)| key.as_str() == Some(k))
            .map(|(key, v)| (key, v))
    }

    /// Mapping entries whose key is a scalar: (key text, key node, value).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Node, &Node)> {
        self.as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|(k, v)| k.as_str().map(|s| (s, k, v)))
    }

    /// The scalars of a sequence, or the scalar itself (`on: push` and `on: [push]`).
    pub fn scalars(&self) -> Vec<&Node> {
        match &self.value {
            Value::Scalar(..) => vec![self],
            Value::Seq(s) => s.iter().filter(|n| n.as_str().is_some()).collect(),
            Value::Map(_) => Vec::new(),
        }
    }
}

/// Line numbers as the rest of the crate counts them: 1 + the `\n` before a position. The
/// scanner's own count also breaks lines at a lone `\r`, which would place nodes of a file
/// with bare carriage returns on lines it does not have (found by fuzz/ci_model).
struct Lines {
    /// Character index of every `\n` (the scanner's markers count characters).
    newlines: Vec<usize>,
    /// The last line that has content (a final `\n` ends a line, it starts none).
    last: u32,
}

impl Lines {
    fn new(text: &str) -> Self {
        let newlines: Vec<usize> = text
            .chars()
            .enumerate()
            .filter(|(_, c)| *c == '\n')
            .map(|(i, _)| i)
            .collect();
        let n = newlines.len() + usize::from(!text.ends_with('\n'));
        Lines {
            newlines,
            last: u32::try_from(n.max(1)).unwrap_or(u32::MAX),
        }
    }

    fn at(&self, index: usize) -> u32 {
        let before = self.newlines.partition_point(|&i| i < index);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }

    /// Where a node starts: an empty node at the very end of the text (`?` with no key)
    /// starts past the final newline, on no line: it is placed on the last line.
    fn start(&self, span: &Span) -> u32 {
        self.at(span.start.index()).min(self.last)
    }

    fn end(&self, span: &Span) -> u32 {
        self.at(span.end.index())
    }
}

/// A collection being built.
struct Open {
    seq: bool,
    anchor: usize,
    line: u32,
    items: Vec<Node>,
    size: usize,
}

fn limit(message: String, line: u32) -> YamlError {
    YamlError {
        message,
        line: Some(line),
        limit: true,
    }
}

/// Parses the first document of `text`. An empty document is a null scalar.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut total = 0usize;
    let mut root: Option<Node> = None;
    let lines = Lines::new(text);
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            let line = Some(lines.at(e.marker().index()));
            // The scanner's own guard against deep flow nesting.
            if e.info().contains("recursion limit") {
                YamlError {
                    message: format!("YAML nested deeper than {MAX_DEPTH} levels was not parsed"),
                    line,
                    limit: true,
                }
            } else {
                YamlError {
                    message: format!("invalid YAML: {}", e.info()),
                    line,
                    limit: false,
                }
            }
        })?;
        let line = lines.start(&span);
        let done: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(limit(
                        format!("YAML nested deeper than {MAX_DEPTH} levels was not parsed"),
                        line,
                    ));
                }
                let seq = matches!(event, Event::SequenceStart(..));
                stack.push(Open {
                    seq,
                    anchor,
                    line,
                    items: Vec::new(),
                    size: 1,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else {
                    return Err(YamlError {
                        message: "invalid YAML: unbalanced collection".into(),
                        line: Some(line),
                        limit: false,
                    });
                };
                let value = if open.seq {
                    Value::Seq(open.items)
                } else {
                    let mut pairs = Vec::with_capacity(open.items.len() / 2);
                    let mut it = open.items.into_iter();
                    while let Some(k) = it.next() {
                        let v = it.next().unwrap_or_else(|| {
                            Node::new(Value::Scalar(String::new(), Style::Plain), line, line, 1)
                        });
                        pairs.push((k, v));
                    }
                    // A key twice in one mapping: GitHub rejects such a workflow, and a
                    // reader would have to guess which value counts; the file is invalid.
                    let mut seen: std::collections::HashSet<&str> =
                        std::collections::HashSet::with_capacity(pairs.len());
                    for (k, _) in &pairs {
                        if let Value::Scalar(s, _) = &k.value {
                            if s != "<<" && !seen.insert(s.as_str()) {
                                return Err(YamlError {
                                    message: format!(
                                        "invalid YAML: the key '{}' appears twice in one mapping",
                                        crate::error::sanitize(s)
                                    ),
                                    line: Some(k.line),
                                    limit: false,
                                });
                            }
                        }
                    }
                    Value::Map(pairs)
                };
                let end = lines.end(&span).max(open.line);
                Some((Node::new(value, open.line, end, open.size), open.anchor))
            }
            Event::Scalar(v, style, anchor, _) => {
                total += 1;
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let end = lines.end(&span).max(line);
                let s = match v {
                    Cow::Borrowed(b) => b.to_string(),
                    Cow::Owned(o) => o,
                };
                Some((Node::new(Value::Scalar(s, style), line, end, 1), anchor))
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(YamlError {
                        message: "invalid YAML: an alias names no anchor".into(),
                        line: Some(line),
                        limit: false,
                    });
                };
                // Counted at its expanded size before it is copied.
                total = total.saturating_add(target.size);
                if total > MAX_NODES {
                    return Err(limit(
                        format!(
                            "YAML expanding to more than {MAX_NODES} nodes (aliases counted as expanded) was not parsed"
                        ),
                        line,
                    ));
                }
                let mut n = target.clone();
                n.line = line;
                n.end_line = line;
                Some((n, 0))
            }
        };
        if let Some((node, anchor)) = done {
            if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
                total += 1;
            }
            if total > MAX_NODES {
                return Err(limit(
                    format!("YAML of more than {MAX_NODES} nodes was not parsed"),
                    line,
                ));
            }
            if anchor != 0 {
                anchors.insert(anchor, node.clone());
            }
            match stack.last_mut() {
                Some(parent) => {
                    parent.size = parent.size.saturating_add(node.size);
                    parent.items.push(node);
                }
                None => {
                    root = Some(node);
                }
            }
        }
    }
    Ok(root.unwrap_or_else(|| Node::new(Value::Scalar(String::new(), Style::Plain), 1, 1, 1)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_key_twice_in_one_mapping_makes_the_file_invalid() {
        let t = "jobs:\n  a:\n    steps:\n      - run: echo\n  a:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n";
        let e = parse(t).unwrap_err();
        assert!(e.message.contains("'a' appears twice"), "{}", e.message);
        assert_eq!(e.line, Some(5));
        assert!(!e.limit);
        // The same key in different mappings, and merge keys, are fine.
        assert!(parse("a:\n  x: 1\nb:\n  x: 2\n").is_ok());
        assert!(parse("b: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n").is_ok());
    }

    #[test]
    fn lines_of_keys_and_block_scalars() {
        let t = "name: CI\non:\n  pull_request:\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          go vet ./...\n          go test ./...\n";
        let n = parse(t).unwrap();
        assert_eq!(n.get("name").unwrap().as_str(), Some("CI"));
        let (k, _) = n.entry("on").unwrap();
        assert_eq!(k.line, 2);
        let (pr, _) = n.get("on").unwrap().entry("pull_request").unwrap();
        assert_eq!(pr.line, 3);
        let steps = n
            .get("jobs")
            .unwrap()
            .get("t")
            .unwrap()
            .get("steps")
            .unwrap();
        let s = steps.as_seq().unwrap();
        assert_eq!(s[0].line, 7);
        let run = s[1].get("run").unwrap();
        assert_eq!(run.style(), Some(Style::Literal));
        // A block scalar starts at its first line of content.
        assert_eq!(run.line, 9);
        assert_eq!(run.end_line, 11);
        assert_eq!(run.as_str(), Some("go vet ./...\ngo test ./...\n"));
    }

    #[test]
    fn lines_are_counted_at_newlines_only() {
        // The scanner breaks lines at a lone \r too; the files' lines are \n-separated.
        let n = parse("a: 1\rb: 2\r\nc: |\r\n  x\r\n").unwrap();
        assert_eq!(n.entry("a").unwrap().0.line, 1);
        assert_eq!(n.entry("b").unwrap().0.line, 1);
        assert_eq!(n.entry("c").unwrap().0.line, 2);
        assert_eq!(n.get("c").unwrap().line, 3);
        // An empty key at the end (found by fuzz/goreleaser) is on the last line.
        let n = parse("\r?\r\r\n").unwrap();
        assert!(
            n.as_map()
                .unwrap()
                .iter()
                .all(|(k, v)| k.line == 1 && v.line == 1)
        );
        let e = parse("a: 1\r\r\r\rb: [\n").unwrap_err();
        assert!(e.line.is_some_and(|l| l <= 2), "{e:?}");
    }

    #[test]
    fn flow_forms_and_scalars() {
        let n = parse("on: [push, pull_request]\nx: true\ny: 'true'\nz: ~\n").unwrap();
        let on: Vec<&str> = n
            .get("on")
            .unwrap()
            .scalars()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        assert_eq!(on, vec!["push", "pull_request"]);
        assert_eq!(n.get("x").unwrap().as_bool(), Some(true));
        assert_eq!(n.get("y").unwrap().as_bool(), None);
        assert!(n.get("z").unwrap().is_null());
    }

    #[test]
    fn anchors_and_aliases_expand() {
        let n = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(n.get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
        assert_eq!(n.get("b").unwrap().line, 2);
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!(
            "on: push\njobs: {}{}",
            "[".repeat(520_000),
            "]".repeat(520_000)
        );
        let t = std::time::Instant::now();
        let e = parse(&deep).unwrap_err();
        assert!(e.limit, "{e}");
        assert!(e.message.contains("deeper than 64"), "{e}");
        // A regression guard, generous for a debug build: the parser must stop at the limit.
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        let mut block = String::new();
        for i in 0..100 {
            block.push_str(&" ".repeat(i * 2));
            block.push_str("k:\n");
        }
        assert!(parse(&block).unwrap_err().limit);
    }

    #[test]
    fn alias_fan_out_is_refused_before_it_is_built() {
        let items = vec!["1"; 20_000].join(",");
        let refs = vec!["*x"; 150_000].join(",");
        let t = format!("x: &x [{items}]\ny: [{refs}]\n");
        let e = parse(&t).unwrap_err();
        assert!(e.limit, "{e}");
        assert!(e.message.contains("aliases"), "{e}");
    }

    #[test]
    fn syntax_errors_are_errors_not_panics() {
        let e = parse("on: [push\njobs: ::\n").unwrap_err();
        assert!(!e.limit);
        assert!(e.message.starts_with("invalid YAML"), "{e}");
        assert!(parse("").unwrap().is_null());
        assert!(parse("- a\n- b\n").unwrap().as_seq().is_some());
        assert!(parse("*nope\n").is_err());
    }
}
