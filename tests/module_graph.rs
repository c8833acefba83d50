#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The module graph has no cycles at file level: data flows one way (cli → scan →
//! evidence, probes → assess → render, with model at the bottom).
//!
//! Each `src/**/*.rs` file is a node; its `use` declarations and inline `crate::…` paths
//! (outside `#[cfg(test)]` modules and comments) are edges to the file that defines the
//! longest matching module path. A module's own descendants are its parts, not its
//! dependencies, so edges from a parent to its children are not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().and_then(|x| x.to_str()) != Some("rs") {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Module = rel
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            if parts == ["main"] {
                continue;
            }
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            out.insert(parts, std::fs::read_to_string(&p).unwrap());
        }
    }
    out
}

/// The text that counts: no test modules, no comments.
fn code(text: &str) -> String {
    let cut = ["#[cfg(test)]\nmod tests", "#[cfg(all(test"]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `[a, b]`, `[a, c, d]`, `[a, c, e]`.
fn expand(prefix: &[String], body: &str, out: &mut Vec<Module>) {
    let mut items = Vec::new();
    let (mut depth, mut cur) = (0usize, String::new());
    for ch in body.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if ch == ',' && depth == 0 {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
    }
    items.push(cur);
    for it in items {
        let it: String = it.split_whitespace().collect::<Vec<_>>().join(" ");
        if it.is_empty() {
            continue;
        }
        if let Some(open) = it.find('{') {
            let head = it[..open].trim_end_matches("::");
            let inner = it[open + 1..].trim_end().trim_end_matches('}');
            let mut p = prefix.to_vec();
            p.extend(head.split("::").filter(|s| !s.is_empty()).map(String::from));
            expand(&p, inner, out);
        } else {
            let it = it.split(" as ").next().unwrap_or(&it);
            let mut p = prefix.to_vec();
            p.extend(it.split("::").filter(|s| !s.is_empty()).map(String::from));
            out.push(p);
        }
    }
}

fn paths(code: &str) -> Vec<Module> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        expand(&[], &rest[..end], &mut out);
        rest = &rest[end..];
    }
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        let tail = &rest[i..];
        let len = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            out.push(tail[..len].split("::").map(String::from).collect());
        }
        rest = &rest[i + len.max(7)..];
    }
    out
}

fn graph(mods: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut edges = BTreeMap::new();
    for (m, text) in mods {
        let code = code(text);
        let children: BTreeSet<String> = code
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l
                    .strip_prefix("pub(crate) ")
                    .or(l.strip_prefix("pub "))
                    .unwrap_or(l);
                l.strip_prefix("mod ")?
                    .strip_suffix(';')
                    .map(str::to_string)
            })
            .collect();
        let mut deps = BTreeSet::new();
        for p in paths(&code) {
            let Some(first) = p.first() else { continue };
            let abs: Module = match first.as_str() {
                "crate" => p[1..].to_vec(),
                "self" => m.iter().chain(&p[1..]).cloned().collect(),
                "super" => {
                    let mut base = m.clone();
                    let mut q = &p[..];
                    while q.first().map(String::as_str) == Some("super") {
                        base.pop();
                        q = &q[1..];
                    }
                    base.extend(q.iter().cloned());
                    base
                }
                c if children.contains(c) => m.iter().chain(&p).cloned().collect(),
                _ => continue,
            };
            let target = (0..=abs.len())
                .rev()
                .map(|k| abs[..k].to_vec())
                .find(|k| mods.contains_key(k));
            if let Some(t) = target
                && !t.is_empty()
                && !t.starts_with(m)
            {
                deps.insert(t);
            }
        }
        edges.insert(m.clone(), deps);
    }
    edges
}

/// A cycle through `start`, if any (depth-first search for a path back to it).
fn cycle_through(
    edges: &BTreeMap<Module, BTreeSet<Module>>,
    start: &Module,
) -> Option<Vec<Module>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                return Some(path.clone());
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn the_module_graph_has_no_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mods = modules(&src);
    let edges = graph(&mods);
    // The parser sees what it must: a few edges that exist.
    let has = |a: &str, b: &str| {
        let a: Module = a.split("::").map(String::from).collect();
        let b: Module = b.split("::").map(String::from).collect();
        edges.get(&a).is_some_and(|d| d.contains(&b))
    };
    assert!(has("scan", "probes"), "{edges:#?}");
    assert!(has("probes::sbom", "model"), "{edges:#?}");
    assert!(has(
        "evidence::github::collect",
        "evidence::github::transport"
    ));
    let cycles: Vec<String> = mods
        .keys()
        .filter_map(|m| cycle_through(&edges, m))
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "cycles in the module graph:\n{}",
        cycles.join("\n")
    );
    // The model is the bottom: it depends on nothing else in the crate.
    for (m, deps) in &edges {
        if m.first().map(String::as_str) == Some("model") {
            let out: Vec<String> = deps
                .iter()
                .filter(|d| d.first().map(String::as_str) != Some("model"))
                .map(name)
                .collect();
            assert!(out.is_empty(), "{} depends on {out:?}", name(m));
        }
    }
}

#[test]
fn a_cycle_is_found() {
    let mut mods = BTreeMap::new();
    mods.insert(vec!["a".to_string()], "use crate::b::X;\n".to_string());
    mods.insert(
        vec!["b".to_string()],
        "fn f() { crate::a::g() }\n".to_string(),
    );
    mods.insert(
        vec!["c".to_string()],
        "use crate::a;\n#[cfg(test)]\nmod tests { use crate::c; }\n".to_string(),
    );
    let edges = graph(&mods);
    assert!(cycle_through(&edges, &vec!["a".to_string()]).is_some());
    assert!(cycle_through(&edges, &vec!["c".to_string()]).is_none());
}

/// The top-level module of each file's dependencies: `assess::ci` → `render`.
fn layers(edges: &BTreeMap<Module, BTreeSet<Module>>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, deps) in edges {
        let Some(top) = m.first() else { continue };
        let entry = out.entry(top.clone()).or_default();
        for d in deps {
            if let Some(t) = d.first().filter(|t| *t != top) {
                entry.insert(t.clone());
            }
        }
    }
    out
}

/// Data flows one way between the layers too: collect (evidence) → judge (probes) → cite
/// (assess, standards) → render. Nothing below rendering depends on it (the
/// self-assessment is structured text that each renderer formats), and the top-level
/// modules form no cycle (a file-level graph can be acyclic while `render` uses
/// `standards` and `standards` uses `render::terminal`).
#[test]
fn layers_depend_downwards_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&modules(&src));
    let layers = layers(&edges);
    for low in ["model", "evidence", "probes", "assess", "standards"] {
        let deps = layers.get(low).cloned().unwrap_or_default();
        for high in ["render", "cli", "batch", "scan", "options"] {
            assert!(
                !deps.contains(high),
                "{low} depends on {high}: {:?}",
                edges
                    .iter()
                    .filter(|(m, d)| m.first().map(String::as_str) == Some(low)
                        && d.iter()
                            .any(|x| x.first().map(String::as_str) == Some(high)))
                    .map(|(m, _)| name(m))
                    .collect::<Vec<_>>()
            );
        }
    }
    let top: BTreeMap<Module, BTreeSet<Module>> = layers
        .iter()
        .map(|(k, v)| (vec![k.clone()], v.iter().map(|x| vec![x.clone()]).collect()))
        .collect();
    let cycles: Vec<String> = top
        .keys()
        .filter_map(|m| cycle_through(&top, m))
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "cycles between layers:\n{}",
        cycles.join("\n")
    );
}
