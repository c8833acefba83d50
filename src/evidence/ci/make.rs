//! Makefiles, read (never run): each file's rules, variables and includes parsed once into
//! an index, a Makefile and its includes merged once, so finding a target is one lookup
//! whatever the number of prerequisites or of `make` commands.

use std::collections::HashMap;

use super::shell;

/// Most files merged into one Makefile's index (the Makefile and its includes).
pub const MAX_INCLUDED: usize = 64;
/// Most prerequisites kept per rule.
pub const MAX_PREREQUISITES: usize = 4_096;
/// Longest recipe line after variable expansion.
const MAX_EXPANDED: usize = 8_192;

/// A rule: where it stands, its prerequisites and its recipe lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub file: String,
    pub line: u32,
    pub prerequisites: Vec<String>,
    /// Prerequisites named by a variable not known where the rule stands
    /// (`verify: $$(verify_targets)`, the list filled by `+=` in included files): expanded
    /// with the merged Makefile's variables when the target is followed.
    pub deferred: Vec<String>,
    /// Logical recipe lines (continuations joined; `@`, `-`, `+` dropped; comments and
    /// prints left out), each at its first line.
    pub recipe: Vec<(u32, String)>,
}

/// One Makefile or included file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MakeFile {
    /// Rules in file order, each with the targets it names.
    pub rules: Vec<(Vec<String>, Rule)>,
    /// Included files as written (variables known above the line substituted).
    pub includes: Vec<String>,
    /// Variables (`NAME = value`, `:=`, `?=`, `::=`), the last assignment winning.
    pub vars: Vec<(String, String, bool)>,
    /// Values appended to variables (`NAME += value`), in file order.
    pub appends: Vec<(String, String)>,
}

/// A Makefile with its includes: every target found by one lookup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MakeDb {
    pub rules: HashMap<String, Rule>,
    pub vars: HashMap<String, String>,
    /// The first target (what `make` alone builds).
    pub default: Option<String>,
}

/// A `make` command's options: `-C dir`, `-f file` and the targets named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invocation {
    pub dir: Option<String>,
    pub file: Option<String>,
    pub targets: Vec<String>,
    /// A target named through a variable this scan cannot resolve (`build-$$platform`):
    /// the make run has targets, but which is not known (never the default goal).
    pub unresolved_target: bool,
}

/// A word that can be a make target.
pub fn is_target_word(w: &str) -> bool {
    !w.is_empty()
        && !w.starts_with('-')
        && !w.contains('=')
        && !w.contains('$')
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':'))
}

/// The words after `make`.
pub fn invocation(args: &[&str]) -> Invocation {
    let mut inv = Invocation::default();
    let mut j = 0;
    while j < args.len() {
        let a = args[j];
        let value = |flag: &str, long: &str| -> Option<(Option<&str>, usize)> {
            if a == flag || a == long {
                return Some((args.get(j + 1).copied(), 2));
            }
            if let Some(v) = a.strip_prefix(&format!("{long}=")) {
                return Some((Some(v), 1));
            }
            a.strip_prefix(flag)
                .filter(|v| !v.is_empty())
                .map(|v| (Some(v), 1))
        };
        if let Some((v, n)) = value("-C", "--directory") {
            inv.dir = v.map(str::to_string);
            j += n;
            continue;
        }
        if let Some((v, n)) = value("-f", "--file") {
            inv.file = v.map(str::to_string);
            j += n;
            continue;
        }
        if a == "-j" || a == "-l" || a == "-o" || a == "-W" || a == "-I" {
            j += 2;
            continue;
        }
        if is_target_word(a) && inv.targets.len() < 32 {
            inv.targets.push(a.to_string());
        } else if a.contains('$') && !a.starts_with('-') && !a.contains('=') {
            inv.unresolved_target = true;
        }
        j += 1;
    }
    inv
}

/// `NAME op value` (with `export`/`override` before it), if the line assigns a variable.
fn assignment(l: &str) -> Option<(&str, &str, bool)> {
    let t = l
        .trim_start()
        .trim_start_matches("export ")
        .trim_start_matches("override ")
        .trim_start();
    let end = t.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))?;
    if end == 0 {
        return None;
    }
    let (name, rest) = t.split_at(end);
    let rest = rest.trim_start();
    for (op, conditional) in [
        ("::=", false),
        (":=", false),
        ("?=", true),
        ("+=", false),
        ("!=", false),
        ("=", false),
    ] {
        if let Some(v) = rest.strip_prefix(op) {
            if op == "!=" {
                return Some((name, "", true));
            }
            if op == "+=" {
                return Some((name, v.trim(), true));
            }
            return Some((name, v.trim(), conditional));
        }
    }
    None
}

/// Parses one Makefile (or included file) at `path`.
pub fn parse(path: &str, text: &str) -> MakeFile {
    let mut mf = MakeFile::default();
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut current: Option<usize> = None;
    let mut in_define = false;
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = lines[i];
        i += 1;
        if in_define {
            if raw.trim_start().starts_with("endef") {
                in_define = false;
            }
            continue;
        }
        if let Some(cmd) = raw.strip_prefix('\t') {
            let Some(r) = current else { continue };
            // Continuation lines joined into one logical recipe line.
            let mut logical = cmd.trim_end().to_string();
            while logical.ends_with('\\') && i < lines.len() {
                logical.pop();
                logical.push(' ');
                logical.push_str(lines[i].trim());
                i += 1;
            }
            let c = logical.trim().trim_start_matches(['@', '-', '+']).trim();
            if !c.is_empty() && !c.starts_with('#') && !shell::is_print(c) {
                mf.rules[r].1.recipe.push((n, c.to_string()));
            }
            continue;
        }
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        current = None;
        if t.starts_with("define ") || t == "define" {
            in_define = true;
            continue;
        }
        let include = t
            .strip_prefix("include ")
            .or_else(|| t.strip_prefix("-include "))
            .or_else(|| t.strip_prefix("sinclude "));
        if let Some(rest) = include {
            for w in rest.split_whitespace() {
                let w = expand_with(w, &vars, 2);
                // Globs (`make/_shared/*/01_mod.mk`) are matched against the file listing
                // by whoever resolves the includes.
                if !w.contains('$') && !w.is_empty() {
                    if mf.includes.len() < MAX_INCLUDED {
                        mf.includes.push(w);
                    }
                }
            }
            continue;
        }
        let append = is_append(t);
        if let Some((name, value, conditional)) = assignment(t) {
            // A value continued on the next lines.
            let mut value = value.to_string();
            while value.ends_with('\\') && i < lines.len() {
                value.pop();
                value.push(' ');
                value.push_str(lines[i].trim());
                i += 1;
            }
            if append {
                if mf.appends.len() < MAX_PREREQUISITES {
                    let v = vars.entry(name.to_string()).or_default();
                    if v.len() < MAX_EXPANDED {
                        if !v.is_empty() {
                            v.push(' ');
                        }
                        v.push_str(&value);
                    }
                    mf.appends.push((name.to_string(), value));
                }
                continue;
            }
            if !(conditional && vars.contains_key(name)) {
                vars.insert(name.to_string(), value.clone());
            }
            mf.vars.push((name.to_string(), value, conditional));
            continue;
        }
        let Some((names, rest)) = t.split_once(':') else {
            continue;
        };
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        if rest.starts_with('=') || names.contains('=') {
            continue;
        }
        let (pre, inline) = match rest.split_once(';') {
            Some((p, r)) => (p, Some(r.trim())),
            None => (rest, None),
        };
        // `target: VAR = value` sets a variable for the target; it is not a rule.
        if pre.contains('=') {
            continue;
        }
        let targets: Vec<String> = names
            .split_whitespace()
            .map(|w| expand_with(w, &vars, 2))
            .filter(|w| is_target_word(w) && !w.contains('%'))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let mut prerequisites: Vec<String> = Vec::new();
        let mut deferred: Vec<String> = Vec::new();
        for w in pre.split_whitespace().filter(|w| *w != "|") {
            let w = w.trim_start_matches('|');
            // `$$(x)` (second expansion) is `$(x)` read once the whole Makefile is known.
            let e = expand_with(&w.replace("$$(", "$("), &vars, 2);
            for x in e.split_whitespace() {
                if prerequisites.len() + deferred.len() >= MAX_PREREQUISITES {
                    break;
                }
                if is_target_word(x) {
                    prerequisites.push(x.to_string());
                } else if x.starts_with("$(") && x.ends_with(')') && !x.contains(' ') {
                    deferred.push(x.to_string());
                }
            }
        }
        let mut recipe = Vec::new();
        if let Some(c) = inline.filter(|c| !c.is_empty() && !shell::is_print(c)) {
            recipe.push((n, c.trim_start_matches(['@', '-', '+']).to_string()));
        }
        mf.rules.push((
            targets,
            Rule {
                file: path.to_string(),
                line: n,
                prerequisites,
                deferred,
                recipe,
            },
        ));
        current = Some(mf.rules.len() - 1);
    }
    mf
}

impl MakeDb {
    /// The Makefile (first) and the files it includes, in the order make reads them.
    pub fn merge(files: &[std::rc::Rc<MakeFile>]) -> MakeDb {
        let mut db = MakeDb::default();
        db.vars.insert("MAKE".into(), "make".into());
        for f in files {
            for (name, value, conditional) in &f.vars {
                let kept = *conditional && db.vars.contains_key(name);
                if !kept && !value.is_empty() {
                    db.vars.insert(name.clone(), value.clone());
                }
            }
        }
        for f in files {
            for (name, value) in &f.appends {
                let v = db.vars.entry(name.clone()).or_default();
                if v.len() < MAX_EXPANDED && !value.is_empty() {
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(value);
                }
            }
        }
        for f in files {
            for (targets, rule) in &f.rules {
                for t in targets {
                    if db.default.is_none() && !t.starts_with('.') {
                        db.default = Some(t.clone());
                    }
                    match db.rules.get_mut(t) {
                        // A target named by several rules: prerequisites add up, the recipe
                        // is the first one given.
                        Some(r) => {
                            let room = MAX_PREREQUISITES.saturating_sub(r.prerequisites.len());
                            r.prerequisites
                                .extend(rule.prerequisites.iter().take(room).cloned());
                            let room = MAX_PREREQUISITES.saturating_sub(r.deferred.len());
                            r.deferred.extend(rule.deferred.iter().take(room).cloned());
                            if r.recipe.is_empty() && !rule.recipe.is_empty() {
                                r.recipe = rule.recipe.clone();
                                r.file = rule.file.clone();
                                r.line = rule.line;
                            }
                        }
                        None => {
                            db.rules.insert(t.clone(), rule.clone());
                        }
                    }
                }
            }
        }
        db
    }

    /// A recipe line with the Makefile's variables substituted (`$(MAKE)` → `make`,
    /// `$(GOLANGCI_LINT) run` → `bin/golangci-lint run`).
    pub fn expand(&self, line: &str) -> String {
        expand_with(line, &self.vars, 4)
    }
}

/// `NAME += value`.
fn is_append(l: &str) -> bool {
    let t = l
        .trim_start()
        .trim_start_matches("export ")
        .trim_start_matches("override ");
    t.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .is_some_and(|end| end > 0 && t[end..].trim_start().starts_with("+="))
}

impl Rule {
    /// The prerequisites, with those named by a variable expanded with the merged
    /// Makefile's variables (`$(shared_verify_targets)` → the targets `+=` added).
    pub fn all_prerequisites(&self, db: &MakeDb) -> Vec<String> {
        let mut out = self.prerequisites.clone();
        for d in &self.deferred {
            for w in db.expand(d).split_whitespace() {
                if out.len() >= MAX_PREREQUISITES {
                    return out;
                }
                if is_target_word(w) && !out.iter().any(|x| x == w) {
                    out.push(w.to_string());
                }
            }
        }
        out
    }
}

/// `$(NAME)` and `${NAME}` replaced by known values, `rounds` times at most; unknown
/// references and functions (`$(shell …)`) stay as written.
fn expand_with(line: &str, vars: &HashMap<String, String>, rounds: usize) -> String {
    let mut cur = line.to_string();
    for _ in 0..rounds {
        if !cur.contains('$') {
            break;
        }
        let mut out = String::with_capacity(cur.len());
        let mut rest = cur.as_str();
        let mut changed = false;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let close = match tail.as_bytes().get(1) {
                Some(b'(') => ')',
                Some(b'{') => '}',
                Some(b'$') => {
                    out.push_str("$$");
                    rest = &tail[2..];
                    continue;
                }
                _ => {
                    out.push('$');
                    rest = &tail[1..];
                    continue;
                }
            };
            match tail[2..].find(close) {
                Some(end) => {
                    let name = &tail[2..2 + end];
                    match vars.get(name) {
                        Some(v) if !name.contains(' ') => {
                            out.push_str(v);
                            changed = true;
                        }
                        _ => out.push_str(&tail[..2 + end + 1]),
                    }
                    rest = &tail[2 + end + 1..];
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
            if out.len() > MAX_EXPANDED {
                return line.to_string();
            }
        }
        out.push_str(rest);
        cur = out;
        if !changed {
            break;
        }
    }
    cur
}
