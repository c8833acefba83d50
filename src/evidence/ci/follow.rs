//! The edges of the graph: what a command calls inside the repository (scripts, make
//! targets, just recipes, tox environments, npm/yarn/pnpm scripts), each followed once per
//! entry point, each file parsed once.

use std::rc::Rc;

use super::walk::Builder;
use super::{Command, Loc, MAX_FOLLOW_DEPTH, Root, make, shell, tasks};
use crate::evidence::files::is_vendored;

/// Something a command runs that the repository defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Call {
    Script(String),
    Make {
        file: String,
        targets: Vec<String>,
    },
    Task {
        file: String,
        kind: tasks::Kind,
        names: Vec<String>,
    },
}

/// Most calls followed from one logical line (a line of 80 000 `./x.sh;`).
const MAX_CALLS_PER_LINE: usize = 64;

impl Builder<'_> {
    /// Records a command and follows what it runs.
    pub(super) fn command(
        &mut self,
        text: String,
        at: Loc,
        root: Root,
        via: &[Loc],
        depth: usize,
        workdir: Option<&str>,
    ) {
        if self.full() {
            self.budget_hit = true;
            return;
        }
        let calls = if depth < MAX_FOLLOW_DEPTH {
            self.calls(&text, workdir)
        } else {
            Vec::new()
        };
        if let Some(j) = self.job.and_then(|j| self.m.jobs.get_mut(j)) {
            j.commands += 1;
        }
        self.m.commands.push(Command {
            text,
            at: at.clone(),
            via: via.to_vec(),
            root,
            job: self.job,
            followed: !calls.is_empty(),
            skips_pull_requests: self.skips_pr_now(),
        });
        if calls.is_empty() {
            return;
        }
        let mut v = via.to_vec();
        v.push(at);
        for call in calls {
            match call {
                Call::Script(p) => self.script(&p, root, &v, depth + 1),
                Call::Make { file, targets } => {
                    for t in targets {
                        self.make_target(&file, &t, root, &v, depth + 1);
                    }
                }
                Call::Task { file, kind, names } => {
                    for n in names {
                        self.task(&file, kind, &n, root, &v, depth + 1);
                    }
                }
            }
        }
    }

    /// A script's logical lines (parsed once; every physical line counts against the
    /// budget once), expanded once per entry point.
    fn script(&mut self, path: &str, root: Root, via: &[Loc], depth: usize) {
        if via.iter().any(|l| l.path == path) || !self.expanded.insert((root, format!("s:{path}")))
        {
            return;
        }
        let lines = match self.scripts.get(path) {
            Some(l) => Rc::clone(l),
            None => {
                let Some(text) = self.text(path) else { return };
                if !self.read_lines(text.lines().count()) {
                    return;
                }
                let l = Rc::new(shell::logical_lines(text));
                self.scripts.insert(path.to_string(), Rc::clone(&l));
                l
            }
        };
        for l in lines.iter() {
            let line = u32::try_from(l.offset + 1).unwrap_or(u32::MAX);
            self.command(l.text.clone(), Loc::new(path, line), root, via, depth, None);
            if self.full() {
                return;
            }
        }
    }

    /// A make target: its rule found in the Makefile's index (with its includes), its
    /// prerequisites and recipe followed, once per entry point.
    fn make_target(&mut self, makefile: &str, target: &str, root: Root, via: &[Loc], depth: usize) {
        if depth > MAX_FOLLOW_DEPTH + 2
            || !self
                .expanded
                .insert((root, format!("m:{makefile}\0{target}")))
        {
            return;
        }
        let Some(db) = self.make_db(makefile) else {
            return;
        };
        let Some(rule) = db.rules.get(target) else {
            return;
        };
        let rule_at = Loc::new(&rule.file, rule.line);
        let mut v = via.to_vec();
        v.push(rule_at);
        for pre in &rule.all_prerequisites(&db) {
            if db.rules.contains_key(pre.as_str()) {
                self.make_target(makefile, pre, root, &v, depth + 1);
            }
        }
        if !self.read_lines(rule.recipe.len()) {
            return;
        }
        let dir = makefile.rsplit_once('/').map(|(d, _)| d);
        for (line, cmd) in &rule.recipe {
            let cmd = db.expand(cmd);
            self.command(cmd, Loc::new(&rule.file, *line), root, &v, depth, dir);
            if self.full() {
                return;
            }
        }
    }

    /// The rules of `makefile` and of the files it includes, parsed once per file and
    /// merged once per Makefile.
    pub(super) fn make_db(&mut self, makefile: &str) -> Option<Rc<make::MakeDb>> {
        if let Some(db) = self.makedbs.get(makefile) {
            return Some(Rc::clone(db));
        }
        self.text(makefile)?;
        let top = makefile.rsplit_once('/').map(|(d, _)| d);
        let mut files: Vec<Rc<make::MakeFile>> = Vec::new();
        let mut queue = vec![makefile.to_string()];
        let mut seen = std::collections::HashSet::new();
        while let Some(p) = queue.pop() {
            if !seen.insert(p.clone()) || files.len() >= make::MAX_INCLUDED {
                continue;
            }
            let mf = match self.makefiles.get(&p) {
                Some(mf) => Rc::clone(mf),
                None => {
                    let Some(text) = self.text(&p) else { continue };
                    if !self.read_lines(text.lines().count()) {
                        continue;
                    }
                    let mf = Rc::new(make::parse(&p, text));
                    self.makefiles.insert(p.clone(), Rc::clone(&mf));
                    mf
                }
            };
            // make reads includes from its working directory (the Makefile's), and
            // failing that, beside the including file.
            let own = p.rsplit_once('/').map(|(d, _)| d);
            let mut includes: Vec<String> = Vec::new();
            for inc in &mf.includes {
                if inc.contains('*') || inc.contains('?') {
                    // A glob: the listed files it names, sorted (as make reads them).
                    let pattern = clean_path(inc, top);
                    let mut hits: Vec<String> = self
                        .files
                        .entries
                        .keys()
                        .filter(|f| glob_matches(&pattern, f))
                        .take(make::MAX_INCLUDED)
                        .cloned()
                        .collect();
                    hits.sort();
                    includes.extend(hits);
                } else {
                    includes.push(inc.clone());
                }
                if includes.len() >= make::MAX_INCLUDED {
                    break;
                }
            }
            for inc in includes.iter().rev() {
                let from_top = clean_path(inc, top);
                let path = if self.files.get(&from_top).is_some() {
                    from_top
                } else {
                    clean_path(inc, own)
                };
                if !path.is_empty() {
                    queue.push(path);
                }
            }
            files.push(mf);
        }
        let db = Rc::new(make::MakeDb::merge(&files));
        self.makedbs.insert(makefile.to_string(), Rc::clone(&db));
        Some(db)
    }

    /// A justfile recipe, tox environment or package.json script, once per entry point.
    fn task(
        &mut self,
        file: &str,
        kind: tasks::Kind,
        name: &str,
        root: Root,
        via: &[Loc],
        depth: usize,
    ) {
        if depth > MAX_FOLLOW_DEPTH + 2
            || !self.expanded.insert((root, format!("t:{file}\0{name}")))
        {
            return;
        }
        let Some(tf) = self.task_file(file, kind) else {
            return;
        };
        let Some(task) = tf.get(name) else { return };
        let mut v = via.to_vec();
        v.push(Loc::new(file, task.line));
        for dep in &task.deps {
            self.task(file, kind, dep, root, &v, depth + 1);
        }
        let dir = file.rsplit_once('/').map(|(d, _)| d);
        for (line, cmd) in &task.commands {
            self.command(cmd.clone(), Loc::new(file, *line), root, &v, depth, dir);
            if self.full() {
                return;
            }
        }
    }

    pub(super) fn task_file(
        &mut self,
        file: &str,
        kind: tasks::Kind,
    ) -> Option<Rc<tasks::TaskFile>> {
        if let Some(t) = self.tasks.get(file) {
            return t.clone();
        }
        let parsed = match self.text(file) {
            Some(text) if self.read_lines(text.lines().count()) => {
                Some(Rc::new(tasks::parse(kind, text)))
            }
            _ => None,
        };
        self.tasks.insert(file.to_string(), parsed.clone());
        parsed
    }

    /// Scripts of the repository, make targets and task runners' tasks that a command runs.
    pub(super) fn calls(&mut self, text: &str, workdir: Option<&str>) -> Vec<Call> {
        let mut out: Vec<Call> = Vec::new();
        for cmd in shell::simple_commands(text) {
            if out.len() >= MAX_CALLS_PER_LINE {
                break;
            }
            let words: Vec<&str> = shell::words(cmd)
                .into_iter()
                .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
                .filter(|w| !w.is_empty())
                .collect();
            let mut i = 0;
            while i < words.len() {
                let w = words[i];
                let assign = w.split_once('=').is_some_and(|(k, _)| {
                    !k.is_empty() && k.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
                });
                if assign || matches!(w, "sudo" | "time" | "exec" | "env" | "then" | "do") {
                    i += 1;
                    continue;
                }
                break;
            }
            let Some(first) = words.get(i).copied() else {
                continue;
            };
            let rest = &words[i + 1..];
            let call = if matches!(first, "make" | "gmake" | "$(MAKE)" | "${MAKE}")
                || first.ends_with("/make")
            {
                self.make_call(rest, workdir)
            } else if let Some((kind, file_name, names)) = tasks::invocation(first, rest) {
                self.task_call(kind, file_name, names, rest, workdir)
            } else {
                self.script_call(first, rest, workdir)
            };
            if let Some(c) = call {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    fn make_call(&mut self, rest: &[&str], workdir: Option<&str>) -> Option<Call> {
        let inv = make::invocation(rest);
        let dir = match &inv.dir {
            Some(d) => Some(clean_path(d, workdir)).filter(|d| !d.is_empty())?,
            None => workdir.map(str::to_string).unwrap_or_default(),
        };
        let dir = (!dir.is_empty()).then_some(dir);
        let mf = match &inv.file {
            Some(f) => clean_path(f, dir.as_deref()),
            None => ["Makefile", "GNUmakefile", "makefile"]
                .iter()
                .map(|n| join(dir.as_deref(), n))
                .find(|p| self.text(p).is_some())?,
        };
        let db = self.make_db(&mf)?;
        let mut targets = inv.targets;
        // `$(MAKE) build-binaries-$$platform` runs targets unknown here, not the default.
        if targets.is_empty() && !inv.unresolved_target {
            targets.extend(db.default.clone());
        }
        targets.retain(|t| db.rules.contains_key(t.as_str()));
        (!targets.is_empty()).then_some(Call::Make { file: mf, targets })
    }

    fn task_call(
        &mut self,
        kind: tasks::Kind,
        file_name: Option<&str>,
        names: Vec<String>,
        rest: &[&str],
        workdir: Option<&str>,
    ) -> Option<Call> {
        let dir = tasks::directory(rest)
            .map(|d| clean_path(d, workdir))
            .or_else(|| workdir.map(str::to_string));
        let candidates: Vec<String> = match file_name {
            Some(f) => vec![clean_path(f, dir.as_deref())],
            None => kind
                .file_names()
                .iter()
                .map(|n| join(dir.as_deref(), n))
                .collect(),
        };
        let file = candidates.into_iter().find(|p| self.text(p).is_some())?;
        let tf = self.task_file(&file, kind)?;
        let mut names = names;
        if names.is_empty() {
            names.extend(tf.default_names());
        }
        names.retain(|n| tf.get(n).is_some());
        (!names.is_empty()).then_some(Call::Task { file, kind, names })
    }

    fn script_call(&mut self, first: &str, rest: &[&str], workdir: Option<&str>) -> Option<Call> {
        // `bash x.sh`, `sh -e x`, `source x`, `. x`, or the script itself.
        let c = if matches!(
            first,
            "bash" | "sh" | "zsh" | "source" | "." | "python" | "python3"
        ) {
            rest.iter().find(|w| !w.starts_with('-')).copied()?
        } else {
            first
        };
        // A case pattern (`x.yml)`) or a data file named in a list is not a script run.
        let lower = c.to_ascii_lowercase();
        let data = [
            ".yml", ".yaml", ".md", ".json", ".toml", ".txt", ".cfg", ".ini", ".xml", ".rst",
            ".adoc", ".lock",
        ];
        if c.ends_with(')') || data.iter().any(|e| lower.ends_with(e)) {
            return None;
        }
        let p = clean_path(c, workdir);
        if p.is_empty() || is_vendored(&p.to_ascii_lowercase()) {
            return None;
        }
        (self.files.get(&p).is_some() && self.text(&p).is_some()).then_some(Call::Script(p))
    }
}

/// A repository path from a word of a command (`./hack/x.sh`, `${{ github.workspace }}/x`),
/// relative to `dir`; "" when it leaves the repository or is not a path.
pub(super) fn clean_path(word: &str, dir: Option<&str>) -> String {
    let w = word.trim_matches(|c| c == '"' || c == '\'');
    for prefix in [
        "${{ github.workspace }}/",
        "${{github.workspace}}/",
        "$GITHUB_WORKSPACE/",
        "${GITHUB_WORKSPACE}/",
        "$(CURDIR)/",
        "${CURDIR}/",
    ] {
        if let Some(rest) = w.strip_prefix(prefix) {
            return normalize(&join(
                if prefix.contains("CURDIR") { dir } else { None },
                rest,
            ));
        }
    }
    if w.starts_with('/') || w.starts_with('$') || w.starts_with('~') || w.contains("://") {
        return String::new();
    }
    normalize(&join(dir, w))
}

pub(super) fn join(dir: Option<&str>, p: &str) -> String {
    match dir.map(|d| d.trim_start_matches("./").trim_end_matches('/')) {
        Some(d) if !d.is_empty() && d != "." => format!("{d}/{p}"),
        _ => p.to_string(),
    }
}

pub(super) fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return String::new();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A make (shell) glob over a path: `*` and `?` never cross a `/`. Linear in the lengths
/// (one backtracking point per `*`, the classic two-pointer match).
pub(super) fn glob_matches(pattern: &str, path: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), path.as_bytes());
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < s.len() {
        if i < p.len() && (p[i] == s[j] && p[i] != b'*' || p[i] == b'?' && s[j] != b'/') {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == b'*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star.filter(|&(_, sj)| s[sj] != b'/') {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    while i < p.len() && p[i] == b'*' {
        i += 1;
    }
    i == p.len()
}
