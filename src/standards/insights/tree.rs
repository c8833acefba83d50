//! The draft as a tree, the overlay of an existing file's carried values on it, and the
//! YAML writer. Every value is written as a JSON-quoted scalar (valid YAML), every comment
//! on one line: repository text can neither start a line nor break out of a value.

use super::TODO;

/// A YAML node of the draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    Str(String),
    Bool(bool),
    /// A number from an existing file, written as it was parsed.
    Plain(String),
    /// A required value that was not observed: written with a `# TODO` comment.
    Placeholder(Box<Node>, String),
    /// An optional field that was not observed: written as a comment line only.
    Absent(String),
    /// A value carried from the repository's existing Security Insights file, with where
    /// it stood there (`v1.0.0 vulnerability-reporting.email-contact`).
    Carried(Box<Node>, String),
    /// An observed value with the evidence it rests on (`SECURITY.md`, `LICENSE:1-201`),
    /// written as a comment beside it.
    Cited(Box<Node>, String),
}

pub(super) fn s(v: impl Into<String>) -> Node {
    Node::Str(v.into())
}
pub(super) fn todo(v: Node, why: &str) -> Node {
    Node::Placeholder(Box::new(v), why.to_string())
}
pub(super) fn absent(why: &str) -> Node {
    Node::Absent(why.to_string())
}
pub(super) fn cited(v: Node, source: &str) -> Node {
    Node::Cited(Box::new(v), source.to_string())
}
pub(super) fn carried(v: Node, origin: &str) -> Node {
    Node::Carried(Box::new(v), origin.to_string())
}
pub(super) fn map(entries: Vec<(&str, Node)>) -> Node {
    // Commented-out fields last: a sequence item must not start with a comment.
    let mut e: Vec<(String, Node)> = entries
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    e.sort_by_key(|(_, v)| matches!(v, Node::Absent(_)));
    Node::Map(e)
}

impl Node {
    /// The value without its annotations (carried, cited).
    pub fn bare(&self) -> &Node {
        match self {
            Node::Carried(n, _) | Node::Cited(n, _) => n.bare(),
            n => n,
        }
    }
    fn is_placeholder(&self) -> bool {
        matches!(self.bare(), Node::Placeholder(..) | Node::Absent(_))
    }
    /// The entries of a mapping (through annotations).
    pub fn entries(&self) -> Option<&[(String, Node)]> {
        match self.bare() {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }
    /// The value at a dotted path of mapping keys.
    pub fn at(&self, path: &str) -> Option<&Node> {
        let mut n = self;
        for k in path.split('.') {
            n = n.entries()?.iter().find(|(x, _)| x == k).map(|(_, v)| v)?;
        }
        Some(n)
    }
}

/// A field where the existing file says one thing and the evidence another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The field, as a dotted path (`project.vulnerability-reporting.reports-accepted`).
    pub field: String,
    pub existing: String,
    pub observed: String,
}

pub(super) fn show(n: &Node) -> String {
    match n {
        Node::Str(x) => x.clone(),
        Node::Bool(b) => b.to_string(),
        Node::Plain(p) => p.clone(),
        Node::Placeholder(inner, _) | Node::Carried(inner, _) | Node::Cited(inner, _) => {
            show(inner)
        }
        Node::Absent(_) => "(absent)".into(),
        Node::Seq(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Node::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Lists whose items are one thing each, by the key that names it: the file's items and
/// the observed ones are united (the file's first), not replaced.
fn identity_key(path: &str) -> Option<&'static str> {
    Some(match path {
        "repository.security.tools" => "name",
        "repository.release.distribution-points" => "uri",
        "repository.release.attestations" => "location",
        "repository.core-team" | "project.administrators" | "repository.security.champions" => {
            "name"
        }
        _ => return None,
    })
}

fn item_id(n: &Node, key: &str) -> Option<String> {
    match n.entries()?.iter().find(|(k, _)| k == key)?.1.bare() {
        Node::Str(v) => Some(v.trim().trim_end_matches('/').to_ascii_lowercase()),
        _ => None,
    }
}

/// Overlays the carried tree (values of an existing file, already in v2.2.0 shape and
/// valid) on the draft: the file's values win; a carried placeholder yields to an observed
/// value; where an observed value differs from the file's, a disagreement is recorded.
pub(super) fn overlay(draft: Node, old: Node, path: &str, out: &mut Vec<Disagreement>) -> Node {
    if old.is_placeholder() {
        // Both unobserved: the draft's placeholder says what the evidence lacked.
        return draft;
    }
    if draft.is_placeholder() {
        return old;
    }
    let old_origin = match &old {
        Node::Carried(_, o) => Some(o.clone()),
        _ => None,
    };
    let rewrap = |n: Node| match &old_origin {
        Some(o) if !matches!(n, Node::Carried(..)) => carried(n, o),
        _ => n,
    };
    let strip = |n: Node| match n {
        Node::Carried(inner, _) => *inner,
        n => n,
    };
    match (draft, strip(old.clone())) {
        (d, Node::Map(o)) if d.entries().is_some() => {
            let Node::Map(entries) = unwrap_all(d) else {
                return old;
            };
            let mut merged = Vec::new();
            let mut rest = o;
            for (k, v) in entries {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match rest.iter().position(|(x, _)| *x == k) {
                    Some(i) => {
                        let (_, ov) = rest.remove(i);
                        merged.push((k, overlay(v, ov, &p, out)));
                    }
                    None => merged.push((k, v)),
                }
            }
            merged.extend(rest);
            // Keep the rule that a commented-out line never starts a mapping.
            merged.sort_by_key(|(_, v)| matches!(v, Node::Absent(_)));
            rewrap(Node::Map(merged))
        }
        (d, Node::Seq(o)) if matches!(d.bare(), Node::Seq(_)) => {
            let Some(key) = identity_key(path) else {
                note(&d, &Node::Seq(o.clone()), path, out);
                return old;
            };
            let Node::Seq(observed) = unwrap_all(d) else {
                return old;
            };
            let mut items = o;
            for n in observed {
                let id = item_id(&n, key);
                if id.is_none() || !items.iter().any(|x| item_id(x, key) == id) {
                    items.push(n);
                }
            }
            rewrap(Node::Seq(items))
        }
        (d, o) => {
            note(&d, &o, path, out);
            old
        }
    }
}

fn unwrap_all(n: Node) -> Node {
    match n {
        Node::Carried(i, _) | Node::Cited(i, _) => unwrap_all(*i),
        n => n,
    }
}

fn note(observed: &Node, old: &Node, path: &str, out: &mut Vec<Disagreement>) {
    if !same(observed, old)
        && !path.starts_with("header.")
        && path != "repository.security.assessments.self.comment"
    {
        out.push(Disagreement {
            field: path.to_string(),
            existing: show(old),
            observed: show(observed),
        });
    }
}

/// Equal, ignoring placeholders and commented-out fields of the draft.
fn same(observed: &Node, old: &Node) -> bool {
    match (observed.bare(), old.bare()) {
        (Node::Map(a), Node::Map(b)) => a.iter().all(|(k, v)| {
            v.is_placeholder()
                || b.iter()
                    .find(|(x, _)| x == k)
                    .is_some_and(|(_, w)| same(v, w))
        }),
        (Node::Seq(a), Node::Seq(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Node::Str(a), Node::Str(b)) => a.trim_end() == b.trim_end(),
        (a, b) => a == b,
    }
}

// ---------------------------------------------------------------- writing

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        scalar_str(k)
    }
}

fn scalar_str(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into())
}

/// Text for a comment: one line, whitespace and controls collapsed, at most 300
/// characters.
pub(super) fn one_line(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.chars().count() > 300 {
        let mut cut: String = t.chars().take(299).collect();
        cut.push('…');
        cut
    } else {
        t
    }
}

fn scalar(n: &Node) -> Option<String> {
    match n {
        Node::Str(x) => Some(scalar_str(x)),
        Node::Bool(b) => Some(b.to_string()),
        Node::Plain(p) => Some(p.clone()),
        _ => None,
    }
}

/// The comment written beside a value: why it is a placeholder, where it was carried
/// from, what it was read from.
fn note_of(n: &Node) -> (String, &Node) {
    let mut notes = Vec::new();
    let mut n = n;
    loop {
        match n {
            Node::Placeholder(inner, why) => {
                notes.push(format!("{TODO}: {}", one_line(why)));
                n = inner;
            }
            Node::Carried(inner, origin) => {
                notes.push(format!("from {}", one_line(origin)));
                n = inner;
            }
            Node::Cited(inner, source) => {
                notes.push(format!("observed: {}", one_line(source)));
                n = inner;
            }
            _ => break,
        }
    }
    let comment = if notes.is_empty() {
        String::new()
    } else {
        format!("  # {}", notes.join("; "))
    };
    (comment, n)
}

pub(super) fn emit_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        emit_entry(&pad, &key(k), v, indent, out);
    }
}

fn emit_entry(pad: &str, k: &str, v: &Node, indent: usize, out: &mut String) {
    if let Node::Absent(why) = v {
        out.push_str(&format!("{pad}# {TODO}: {}\n", one_line(why)));
        return;
    }
    let (comment, v) = note_of(v);
    match v {
        Node::Map(m) if m.is_empty() => out.push_str(&format!("{pad}{k}: {{}}{comment}\n")),
        // Nothing observed in it: the whole mapping is commented out (an empty key would
        // be null, which the schema refuses).
        Node::Map(m) if m.iter().all(|(_, v)| matches!(v, Node::Absent(_))) => {
            out.push_str(&format!("{pad}# {k}:\n"));
            emit_map(m, indent + 2, out);
        }
        Node::Map(m) => {
            out.push_str(&format!("{pad}{k}:{comment}\n"));
            emit_map(m, indent + 2, out);
        }
        Node::Seq(items) if items.is_empty() => out.push_str(&format!("{pad}{k}: []{comment}\n")),
        Node::Seq(items) => {
            out.push_str(&format!("{pad}{k}:{comment}\n"));
            emit_seq(items, indent + 2, out);
        }
        other => {
            let v = scalar(other).unwrap_or_else(|| "null".into());
            out.push_str(&format!("{pad}{k}: {v}{comment}\n"));
        }
    }
}

fn emit_seq(items: &[Node], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for it in items {
        if let Node::Absent(why) = it {
            out.push_str(&format!("{pad}# {TODO}: {}\n", one_line(why)));
            continue;
        }
        let (comment, it) = note_of(it);
        match it {
            Node::Map(m) if !m.is_empty() => {
                if !comment.is_empty() {
                    out.push_str(&format!("{pad}#{}\n", comment.trim_start_matches(' ')));
                }
                let mut body = String::new();
                emit_map(m, indent + 2, &mut body);
                // The first line's indentation becomes the dash.
                let inner = " ".repeat(indent + 2);
                let body = body.strip_prefix(&inner).unwrap_or(&body).to_string();
                out.push_str(&format!("{pad}- {body}"));
            }
            Node::Map(_) => out.push_str(&format!("{pad}- {{}}{comment}\n")),
            Node::Seq(inner) => {
                out.push_str(&format!("{pad}-{comment}\n"));
                emit_seq(inner, indent + 2, out);
            }
            other => out.push_str(&format!(
                "{pad}- {}{comment}\n",
                scalar(other).unwrap_or_else(|| "null".into())
            )),
        }
    }
}
