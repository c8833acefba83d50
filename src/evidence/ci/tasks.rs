//! Task runners' files, read (never run): `just` recipes (justfile), `tox` environments
//! (tox.ini) and npm/yarn/pnpm scripts (package.json), each parsed once into named tasks
//! with their dependencies and command lines.

use std::collections::HashMap;

use super::shell;

/// Most tasks kept from one file.
pub const MAX_TASKS: usize = 4_096;

/// Which task runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Just,
    Tox,
    Npm,
}

impl Kind {
    /// The files the runner reads in a directory, in its order.
    pub fn file_names(self) -> &'static [&'static str] {
        match self {
            Kind::Just => &["justfile", "Justfile", ".justfile", "JUSTFILE"],
            Kind::Tox => &["tox.ini"],
            Kind::Npm => &["package.json"],
        }
    }
}

/// One task: the line that defines it, the tasks it runs first and its command lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Task {
    pub line: u32,
    pub deps: Vec<String>,
    pub commands: Vec<(u32, String)>,
}

/// A task runner's file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFile {
    pub tasks: HashMap<String, Task>,
    /// What the runner runs when no task is named (just's first recipe, tox's envlist).
    pub default: Vec<String>,
    /// tox: the environment every other one inherits its commands from (`[testenv]`).
    pub base: Option<String>,
}

impl TaskFile {
    pub fn get(&self, name: &str) -> Option<&Task> {
        self.tasks.get(name).or_else(|| {
            self.base
                .as_deref()
                .filter(|b| *b != name)
                .and_then(|b| self.tasks.get(b))
        })
    }

    pub fn default_names(&self) -> Vec<String> {
        self.default.iter().take(32).cloned().collect()
    }

    fn add(&mut self, name: &str, task: Task) {
        if self.tasks.len() < MAX_TASKS && !self.tasks.contains_key(name) {
            self.tasks.insert(name.to_string(), task);
        }
    }
}

/// Parses a task runner's file.
pub fn parse(kind: Kind, text: &str) -> TaskFile {
    match kind {
        Kind::Just => justfile(text),
        Kind::Tox => tox_ini(text),
        Kind::Npm => package_json(text),
    }
}

fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

/// Command lines of a body: trimmed, `@`/`-` dropped, comments and prints left out,
/// continuations joined.
fn push_command(out: &mut Vec<(u32, String)>, n: u32, raw: &str) {
    let c = raw.trim().trim_start_matches(['@', '-', '!']).trim();
    if c.is_empty() || c.starts_with('#') || shell::is_print(c) || out.len() >= MAX_TASKS {
        return;
    }
    out.push((n, c.to_string()));
}

fn justfile(text: &str) -> TaskFile {
    let mut tf = TaskFile::default();
    let mut current: Option<(String, Task)> = None;
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let n = line_no(i);
        i += 1;
        if raw.starts_with(' ') || raw.starts_with('\t') {
            if let Some((_, t)) = current.as_mut() {
                let mut logical = raw.trim_end().to_string();
                while logical.ends_with('\\') && i < lines.len() {
                    logical.pop();
                    logical.push(' ');
                    logical.push_str(lines[i].trim());
                    i += 1;
                }
                push_command(&mut t.commands, n, &logical);
            }
            continue;
        }
        if raw.trim().is_empty() {
            continue;
        }
        if let Some((name, t)) = current.take() {
            tf.add(&name, t);
        }
        let t = raw.trim();
        if t.starts_with('#') || t.starts_with('[') {
            continue;
        }
        let first = t.split_whitespace().next().unwrap_or("");
        if matches!(first, "set" | "alias" | "export" | "import" | "mod" | "if") {
            continue;
        }
        let Some((head, deps)) = t.split_once(':') else {
            continue;
        };
        if deps.starts_with('=') || head.contains('=') && !head.contains(' ') {
            continue;
        }
        let name = head
            .trim_start_matches('@')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let deps: Vec<String> = deps
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| *w != "&&")
            .map(|w| w.split('(').next().unwrap_or(w).to_string())
            .filter(|w| !w.is_empty())
            .take(64)
            .collect();
        if tf.default.is_empty() {
            tf.default.push(name.to_string());
        }
        current = Some((
            name.to_string(),
            Task {
                line: n,
                deps,
                commands: Vec::new(),
            },
        ));
    }
    if let Some((name, t)) = current.take() {
        tf.add(&name, t);
    }
    if tf.tasks.contains_key("default") {
        tf.default = vec!["default".to_string()];
    }
    tf
}

fn tox_ini(text: &str) -> TaskFile {
    let mut tf = TaskFile::default();
    let mut section: Vec<String> = Vec::new();
    let mut in_tox = false;
    let mut key: Option<&str> = None;
    let mut task = Task::default();
    let flush = |tf: &mut TaskFile, names: &[String], task: &mut Task| {
        if !names.is_empty() && !task.commands.is_empty() {
            for n in names {
                tf.add(n, task.clone());
            }
        }
        *task = Task::default();
    };
    for (i, raw) in text.lines().enumerate() {
        let n = line_no(i);
        let t = raw.trim();
        if t.starts_with('[') && t.ends_with(']') {
            flush(&mut tf, &section, &mut task);
            let name = &t[1..t.len() - 1];
            in_tox = name == "tox" || name == "tox:tox";
            section = if name == "testenv" {
                tf.base = Some("testenv".into());
                vec!["testenv".into()]
            } else if let Some(envs) = name.strip_prefix("testenv:") {
                envs.split(',')
                    .map(|e| e.trim().trim_matches(|c| c == '{' || c == '}').to_string())
                    .filter(|e| !e.is_empty())
                    .take(64)
                    .collect()
            } else {
                Vec::new()
            };
            task.line = n;
            key = None;
            continue;
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with(' ') || raw.starts_with('\t');
        if !indented {
            key = None;
            if let Some((k, v)) = t.split_once('=') {
                let k = k.trim();
                if in_tox && (k == "envlist" || k == "env_list") {
                    key = Some("envlist");
                    tf.default.extend(env_names(v));
                } else if !section.is_empty() && (k == "commands" || k == "commands_pre") {
                    key = Some("commands");
                    push_command(&mut task.commands, n, &strip_posargs(v));
                }
            }
            continue;
        }
        match key {
            Some("envlist") => tf.default.extend(env_names(t)),
            Some("commands") => push_command(&mut task.commands, n, &strip_posargs(t)),
            _ => {}
        }
    }
    flush(&mut tf, &section, &mut task);
    tf.default.truncate(64);
    tf
}

fn env_names(v: &str) -> Vec<String> {
    v.split(',')
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty() && !e.contains('{'))
        .collect()
}

fn strip_posargs(v: &str) -> String {
    v.replace("{posargs}", "")
        .trim_end_matches('\\')
        .trim()
        .to_string()
}

fn package_json(text: &str) -> TaskFile {
    let mut tf = TaskFile::default();
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return tf;
    };
    let Some(scripts) = v.get("scripts").and_then(|s| s.as_object()) else {
        return tf;
    };
    // The line of each script's key, found in one pass from the `"scripts"` key.
    let mut lines: HashMap<&str, u32> = HashMap::new();
    let mut started = false;
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim_start();
        if !started {
            started = t.starts_with("\"scripts\"");
            if !started {
                continue;
            }
        }
        if let Some(rest) = t.strip_prefix('"') {
            if let Some(end) = rest.find('"') {
                lines.entry(&rest[..end]).or_insert(line_no(i));
            }
        }
    }
    for (name, cmd) in scripts.iter().take(MAX_TASKS) {
        let Some(cmd) = cmd.as_str() else { continue };
        let line = lines.get(name.as_str()).copied().unwrap_or(1);
        let mut t = Task {
            line,
            ..Default::default()
        };
        let pre = format!("pre{name}");
        if scripts.contains_key(&pre) {
            t.deps.push(pre);
        }
        push_command(&mut t.commands, line, cmd);
        tf.add(name, t);
    }
    tf
}

/// The runner, task file (when named) and tasks of a command whose program is `first`:
/// `just lint`, `tox -e lint,py`, `npm test`, `npm run build`, `yarn lint`, `pnpm run x`.
pub fn invocation<'a>(
    first: &str,
    rest: &[&'a str],
) -> Option<(Kind, Option<&'a str>, Vec<String>)> {
    let name = first.rsplit('/').next().unwrap_or(first);
    let value_of = |flags: &[&str]| -> Option<&'a str> {
        rest.iter().enumerate().find_map(|(i, w)| {
            flags.iter().find_map(|f| {
                if w == f {
                    rest.get(i + 1).copied()
                } else {
                    w.strip_prefix(&format!("{f}="))
                }
            })
        })
    };
    // Flags that take a value, so the value is not a task name.
    let valued: &[&str] = &[
        "-f",
        "--justfile",
        "-d",
        "--working-directory",
        "-c",
        "--conf",
        "--prefix",
        "--cwd",
        "-C",
        "--dir",
        "--set",
        "--workspace",
        "-w",
    ];
    let words = || {
        let mut out = Vec::new();
        let mut skip = false;
        for w in rest {
            if skip {
                skip = false;
                continue;
            }
            if valued.contains(w) {
                skip = true;
                continue;
            }
            if w.starts_with('-') {
                continue;
            }
            out.push(*w);
        }
        out
    };
    match name {
        "just" => {
            let names: Vec<String> = words()
                .into_iter()
                .filter(|w| !w.contains('=') && !w.contains('/'))
                .take(8)
                .map(str::to_string)
                .collect();
            Some((Kind::Just, value_of(&["-f", "--justfile"]), names))
        }
        "tox" => {
            let mut names = Vec::new();
            for (i, w) in rest.iter().enumerate() {
                let v = if *w == "-e" || *w == "--env" {
                    rest.get(i + 1).copied()
                } else {
                    w.strip_prefix("-e").or_else(|| w.strip_prefix("--env="))
                };
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    names.extend(v.split(',').map(|e| e.trim().to_string()));
                }
            }
            names.retain(|n| !n.is_empty() && !n.starts_with('$'));
            names.truncate(32);
            Some((Kind::Tox, value_of(&["-c", "--conf"]), names))
        }
        "npm" | "pnpm" | "yarn" | "bun" => {
            if rest
                .iter()
                .any(|w| matches!(*w, "--filter" | "-r" | "--recursive" | "workspace" | "-ws"))
            {
                return None;
            }
            let w = words();
            let script = match w.as_slice() {
                ["run" | "run-script" | "run-s", s, ..] => *s,
                ["test" | "t", ..] => "test",
                ["start", ..] => "start",
                [s, ..] if name != "npm" && !is_builtin(s) => *s,
                _ => return None,
            };
            Some((Kind::Npm, None, vec![script.to_string()]))
        }
        _ => None,
    }
}

/// yarn/pnpm/bun commands of their own (not scripts).
fn is_builtin(w: &str) -> bool {
    matches!(
        w,
        "install"
            | "i"
            | "add"
            | "remove"
            | "upgrade"
            | "up"
            | "ci"
            | "exec"
            | "dlx"
            | "x"
            | "create"
            | "init"
            | "publish"
            | "pack"
            | "link"
            | "unlink"
            | "outdated"
            | "audit"
            | "why"
            | "info"
            | "config"
            | "cache"
            | "set"
            | "version"
            | "login"
            | "logout"
            | "import"
            | "store"
            | "prune"
            | "rebuild"
            | "dedupe"
            | "global"
            | "plugin"
            | "npm"
            | "node"
            | "constraints"
            | "help"
    )
}

/// The directory a runner is told to work in (`--prefix d`, `--cwd d`, `-C d`, `--dir d`,
/// `-d d`, `--working-directory d`).
pub fn directory<'a>(rest: &[&'a str]) -> Option<&'a str> {
    let flags = [
        "--prefix",
        "--cwd",
        "-C",
        "--dir",
        "-d",
        "--working-directory",
    ];
    rest.iter().enumerate().find_map(|(i, w)| {
        flags.iter().find_map(|f| {
            if w == f {
                rest.get(i + 1).copied()
            } else {
                w.strip_prefix(&format!("{f}="))
            }
        })
    })
}
