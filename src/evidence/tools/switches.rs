//! Readers of the configuration files that switch a tool on inside another one: which
//! linters golangci-lint enables, which hooks pre-commit runs, which rules ruff selects.
//! Each reads one file once, bounded by the file's (capped) size, and returns names with
//! the line that enables them. Nothing here decides whether anything runs.

use super::catalogue::SwitchKind;
use crate::evidence::yaml::{self, Node};

/// Most names kept from one file.
pub const MAX_NAMES: usize = 2_000;
/// Longest line the TOML readers look at (a longer line is skipped).
const MAX_LINE: usize = 16 * 1024;

/// What one configuration file switches on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Switched {
    /// Names enabled one by one, with their line.
    pub names: Vec<(String, u32)>,
    /// Everything is enabled (`enable-all: true`, `default: all`, ruff's `ALL`): its line.
    pub all: Option<u32>,
    /// Names switched off again.
    pub disabled: Vec<String>,
    /// Why the file was not read (not parsed: nothing in it counts).
    pub error: Option<String>,
}

impl Switched {
    /// The line that switches one of `names` on, if any (`matches(written, wanted)`
    /// compares a name of the file with one of the catalogue). The names are aliases of
    /// one tool (`gosec`, `gas`): disabling any of them disables it.
    pub fn line_of(&self, names: &[String], matches: impl Fn(&str, &str) -> bool) -> Option<u32> {
        let off = |n: &str| self.disabled.iter().any(|d| matches(d, n) || d == n);
        if names.iter().any(|n| off(n)) {
            return None;
        }
        self.names
            .iter()
            .find(|(w, _)| names.iter().any(|n| matches(w, n) && !off(n)))
            .map(|(_, l)| *l)
            .or(self.all)
    }
}

/// How a name of the file is compared with a catalogue name for this kind.
pub fn name_matches(kind: SwitchKind, written: &str, wanted: &str) -> bool {
    match kind {
        SwitchKind::GolangciLinter | SwitchKind::PreCommitHook => written == wanted,
        // `S` selects every flake8-bandit rule, `S101` one of them; `SIM` is another
        // plugin (flake8-simplify).
        SwitchKind::RuffRule => {
            written == wanted
                || written
                    .strip_prefix(wanted)
                    .is_some_and(|r| r.chars().next().is_some_and(|c| c.is_ascii_digit()))
        }
    }
}

/// Reads the file at `path` (lowercase name decides the format) for switch `kind`.
pub fn read(kind: SwitchKind, path: &str, text: &str) -> Switched {
    let lower = path.to_ascii_lowercase();
    match kind {
        SwitchKind::GolangciLinter if lower.ends_with(".toml") => golangci_toml(text),
        SwitchKind::GolangciLinter if lower.ends_with(".json") => golangci_json(text),
        SwitchKind::GolangciLinter => golangci_yaml(text),
        SwitchKind::PreCommitHook => pre_commit(text),
        SwitchKind::RuffRule => ruff(text, lower.ends_with("pyproject.toml")),
    }
}

fn scalars(n: Option<&Node>) -> Vec<(String, u32)> {
    n.map(|n| {
        n.scalars()
            .iter()
            .filter_map(|s| s.as_str().map(|v| (v.to_string(), s.line)))
            .take(MAX_NAMES)
            .collect()
    })
    .unwrap_or_default()
}

/// golangci-lint v1 and v2: `linters.enable`, `linters.disable`, `linters.enable-all: true`
/// (v1) or `linters.default: all` (v2).
fn golangci_yaml(text: &str) -> Switched {
    let doc = match yaml::parse(text) {
        Ok(d) => d,
        Err(e) => {
            return Switched {
                error: Some(e.to_string()),
                ..Default::default()
            };
        }
    };
    let Some(linters) = doc.get("linters") else {
        return Switched::default();
    };
    let all = linters
        .entry("enable-all")
        .filter(|(_, v)| v.as_bool() == Some(true))
        .or_else(|| {
            linters
                .entry("default")
                .filter(|(_, v)| v.as_str() == Some("all"))
        })
        .map(|(k, _)| k.line);
    Switched {
        names: scalars(linters.get("enable")),
        all,
        disabled: scalars(linters.get("disable"))
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
        error: None,
    }
}

fn golangci_json(text: &str) -> Switched {
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Switched {
                error: Some(e.to_string()),
                ..Default::default()
            };
        }
    };
    let linters = &v["linters"];
    let list = |k: &str| -> Vec<String> {
        linters[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .take(MAX_NAMES)
                    .collect()
            })
            .unwrap_or_default()
    };
    // JSON keeps no lines: each name is cited at the line where it is written.
    let line_of = |name: &str| {
        let quoted = format!("\"{name}\"");
        text.lines()
            .position(|l| l.contains(&quoted))
            .map_or(1, |i| u32::try_from(i + 1).unwrap_or(u32::MAX))
    };
    let all = (linters["enable-all"].as_bool() == Some(true)
        || linters["default"].as_str() == Some("all"))
    .then(|| {
        line_of(if linters["default"].is_string() {
            "default"
        } else {
            "enable-all"
        })
    });
    Switched {
        names: list("enable")
            .into_iter()
            .map(|n| {
                let l = line_of(&n);
                (n, l)
            })
            .collect(),
        all,
        disabled: list("disable"),
        error: None,
    }
}

/// A minimal TOML reader for what the switches need: `[section]` headers and `key = value`
/// where the value is a boolean, a string or an array of strings (over several lines).
/// Strings keep the line they stand on.
struct TomlKeys {
    entries: Vec<TomlEntry>,
}

/// (section, key, values with lines, line of the key)
type TomlEntry = (String, String, Vec<(String, u32)>, u32);

fn toml_keys(text: &str) -> TomlKeys {
    let mut entries = Vec::new();
    let mut section = String::new();
    let mut open: Option<TomlEntry> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if raw.len() > MAX_LINE {
            continue;
        }
        let line = strip_toml_comment(raw).trim();
        if let Some(mut cur) = open.take() {
            let done = line.contains(']');
            toml_strings(line, n, &mut cur.2);
            if done {
                entries.push(cur);
            } else {
                open = Some(cur);
            }
            continue;
        }
        if line.starts_with('[') {
            section = line
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim()
                .to_string();
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let key = k.trim().trim_matches('"').to_string();
        let v = v.trim();
        let mut values = Vec::new();
        if let Some(rest) = v.strip_prefix('[') {
            toml_strings(rest, n, &mut values);
            let cur = (section.clone(), key, values, n);
            if rest.contains(']') {
                entries.push(cur);
            } else {
                open = Some(cur);
            }
        } else {
            values.push((v.trim_matches(['"', '\'']).to_string(), n));
            entries.push((section.clone(), key, values, n));
        }
        if entries.len() >= MAX_NAMES {
            break;
        }
    }
    if let Some(cur) = open {
        entries.push(cur);
    }
    TomlKeys { entries }
}

/// The line without a `#` comment (a `#` inside a string is kept).
fn strip_toml_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The quoted strings of a line, appended with its number.
fn toml_strings(line: &str, n: u32, out: &mut Vec<(String, u32)>) {
    let mut rest = line;
    while out.len() < MAX_NAMES {
        let Some(start) = rest.find(['"', '\'']) else {
            return;
        };
        let q = &rest[start..start + 1];
        let after = &rest[start + 1..];
        let Some(end) = after.find(q) else { return };
        out.push((after[..end].to_string(), n));
        rest = &after[end + 1..];
    }
}

fn golangci_toml(text: &str) -> Switched {
    let t = toml_keys(text);
    let mut s = Switched::default();
    for (section, key, values, line) in t.entries {
        if section != "linters" {
            continue;
        }
        match key.as_str() {
            "enable" => s.names.extend(values),
            "disable" => s.disabled.extend(values.into_iter().map(|(v, _)| v)),
            "enable-all" if values.first().is_some_and(|(v, _)| v == "true") => s.all = Some(line),
            "default" if values.first().is_some_and(|(v, _)| v == "all") => s.all = Some(line),
            _ => {}
        }
    }
    s
}

/// Ruff's `select`/`extend-select` (and `ignore` of a whole prefix) in `ruff.toml` (top
/// level or `[lint]`) or `pyproject.toml` (`[tool.ruff]`, `[tool.ruff.lint]`).
fn ruff(text: &str, pyproject: bool) -> Switched {
    let t = toml_keys(text);
    let mut s = Switched::default();
    for (section, key, values, _) in t.entries {
        let ours = if pyproject {
            matches!(section.as_str(), "tool.ruff" | "tool.ruff.lint")
        } else {
            matches!(section.as_str(), "" | "lint")
        };
        if !ours {
            continue;
        }
        match key.as_str() {
            "select" | "extend-select" => {
                for (v, l) in values {
                    if v == "ALL" {
                        s.all = Some(l);
                    } else {
                        s.names.push((v, l));
                    }
                }
            }
            "ignore" | "extend-ignore" => s.disabled.extend(values.into_iter().map(|(v, _)| v)),
            _ => {}
        }
    }
    s
}

/// pre-commit's hooks: each `repos[].hooks[].id`, and the program a local hook's `entry:`
/// runs (`entry: bandit -r src`).
fn pre_commit(text: &str) -> Switched {
    let doc = match yaml::parse(text) {
        Ok(d) => d,
        Err(e) => {
            return Switched {
                error: Some(e.to_string()),
                ..Default::default()
            };
        }
    };
    let mut s = Switched::default();
    let repos = doc.get("repos").and_then(Node::as_seq).unwrap_or_default();
    for r in repos {
        for h in r.get("hooks").and_then(Node::as_seq).unwrap_or_default() {
            if let Some((_, id)) = h.entry("id") {
                if let Some(v) = id.as_str() {
                    s.names.push((v.to_string(), id.line));
                }
            }
            if let Some((_, e)) = h.entry("entry") {
                if let Some(program) = e.as_str().and_then(|v| v.split_whitespace().next()) {
                    let program = program.rsplit('/').next().unwrap_or(program);
                    s.names.push((program.to_string(), e.line));
                }
            }
            if s.names.len() >= MAX_NAMES {
                return s;
            }
        }
    }
    s
}
