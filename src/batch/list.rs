//! The list of repositories a batch scans: a text file, a CNCF `landscape.yml`, or a
//! CLOMonitor data file (`data/cncf.yaml`), deduplicated, optionally filtered and sharded.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::input::{parse_github_url, parse_target, sanitize};
use crate::model::Report;

/// Largest input file read.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Directory (under `--out-dir`) that holds the reports of local repositories. GitHub owner
/// names cannot start with `_`, so it never collides with an `owner/` directory.
pub const LOCAL_DIR: &str = "_local";

/// One repository to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The repository as written in the input (trimmed); it becomes the report's `input`.
    pub input: String,
    /// What to scan.
    pub target: crate::input::Target,
    /// Where the entry came from, for messages: `line 12`, `item "Kubernetes"`.
    pub origin: String,
    /// The project it belongs to (landscape item or CLOMonitor project name).
    pub project: Option<String>,
    /// `graduated`, `incubating`, `sandbox`, `archived` (landscape / CLOMonitor only).
    pub maturity: Option<String>,
    /// Normalized identity used to remove duplicates (`github:owner/name` lowercased, or
    /// `local:/absolute/path`).
    pub key: String,
    /// Report path under `--out-dir`, without extension: `owner/name` or
    /// `_local/<dir name>-<hash>`.
    pub stem: PathBuf,
}

impl Entry {
    fn new(
        input: &str,
        target: crate::input::Target,
        origin: String,
        project: Option<String>,
        maturity: Option<String>,
    ) -> Self {
        let (key, stem) = identity(&target);
        Entry {
            input: input.to_string(),
            target,
            origin,
            project,
            maturity,
            key,
            stem,
        }
    }

    /// `owner/name`, or the path as written for a local repository.
    pub fn display(&self) -> String {
        match &self.target {
            crate::input::Target::Github(r) => r.full_name(),
            crate::input::Target::Local(_) => sanitize(&self.input),
        }
    }

    /// Whether `report` is this entry's report (and not, say, a file copied over it).
    pub fn owns(&self, report: &Report) -> bool {
        let r = &report.repository;
        match &self.target {
            crate::input::Target::Github(gh) => {
                let same = |o: &Option<String>, n: &Option<String>| match (o, n) {
                    (Some(o), Some(n)) => {
                        o.eq_ignore_ascii_case(&gh.owner) && n.eq_ignore_ascii_case(&gh.name)
                    }
                    _ => false,
                };
                // A renamed repository's report names the new owner/name; its input is ours.
                same(&r.owner, &r.name) || r.input.trim().eq_ignore_ascii_case(&self.input)
            }
            crate::input::Target::Local(_) => r.input.trim() == self.input,
        }
    }
}

/// Dedup key and report stem of a target.
fn identity(target: &crate::input::Target) -> (String, PathBuf) {
    match target {
        crate::input::Target::Github(r) => (
            format!(
                "github:{}/{}",
                r.owner.to_ascii_lowercase(),
                r.name.to_ascii_lowercase()
            ),
            Path::new(&r.owner).join(&r.name),
        ),
        crate::input::Target::Local(p) => {
            let abs = std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p));
            let text = abs.to_string_lossy().to_string();
            let mut h = Sha256::new();
            h.update(text.as_bytes());
            let hash: String = h
                .finalize()
                .iter()
                .take(4)
                .map(|b| format!("{b:02x}"))
                .collect();
            let base = abs
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let base = base.strip_suffix(".git").unwrap_or(&base).to_string();
            let name = format!("{}-{hash}", sanitize_file_name(&base));
            (format!("local:{text}"), Path::new(LOCAL_DIR).join(name))
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A directory name safe on every file system: `[A-Za-z0-9._-]`, no leading dot, at most
/// 64 characters, never empty.
pub fn sanitize_file_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "repo".into()
    } else {
        cleaned
    }
}

/// `--shard I/N`: this machine takes the entries whose position `p` (0-based, after
/// duplicates are removed, in input order) satisfies `p % N == I`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{}' is not I/N (e.g. 0/4)", sanitize(s));
        let (i, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 {
            return Err("the shard count N must be at least 1".into());
        }
        if index >= count {
            return Err(format!(
                "the shard index must be below the shard count: {index}/{count} (shards are numbered 0 to {})",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The entries of this shard, in order.
    pub fn select<T>(&self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index)
            .map(|(_, e)| e)
            .collect()
    }
}

/// The kind of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One repository per line, `#` comments.
    Text,
    /// CNCF landscape (`landscape:` → categories → subcategories → items with `repo_url`).
    Landscape,
    /// CLOMonitor data file: a list of projects with `repositories: [{url, check_sets}]`.
    Clomonitor,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Text => "text",
            InputKind::Landscape => "landscape.yml",
            InputKind::Clomonitor => "CLOMonitor data file",
        }
    }
}

/// How to read the input.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// Keep only landscape items / CLOMonitor projects of these maturities (lowercase).
    pub maturity: Vec<String>,
    /// Also take landscape `additional_repos`, and CLOMonitor repositories without the
    /// `code` check set.
    pub all_repos: bool,
}

/// The parsed input.
#[derive(Debug, Clone)]
pub struct InputList {
    pub kind: InputKind,
    /// Unique entries, in input order.
    pub entries: Vec<Entry>,
    /// Entries dropped because an earlier one named the same repository.
    pub duplicates: usize,
    /// Landscape / CLOMonitor repositories that are not on GitHub (cannot be scanned
    /// through the API), as written.
    pub not_github: Vec<String>,
    /// Items that the maturity filter left out, or that have no repository.
    pub filtered_out: usize,
}

/// Reads and parses `path` (`-` reads standard input).
pub fn load(path: &Path, opts: &InputOptions) -> Result<InputList, Error> {
    let text = read_input(path)?;
    let name = path.display().to_string();
    let yaml_ext = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
    parse(&text, &name, yaml_ext, opts)
}

fn read_input(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let shown = sanitize(&path.display().to_string());
    let mut buf = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Usage(format!("cannot read the list from standard input: {e}")))?;
    } else {
        let f = std::fs::File::open(path)
            .map_err(|e| Error::Usage(format!("cannot read the list {shown}: {e}")))?;
        f.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Usage(format!("cannot read the list {shown}: {e}")))?;
    }
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::Usage(format!(
            "the list {shown} is larger than {} MiB",
            MAX_INPUT_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(buf).map_err(|_| Error::Usage(format!("the list {shown} is not UTF-8 text")))
}

/// Parses the text of an input file named `name`. YAML is recognised by the extension or
/// by a top-level `landscape:` key.
pub fn parse(
    text: &str,
    name: &str,
    yaml_ext: bool,
    opts: &InputOptions,
) -> Result<InputList, Error> {
    let looks_landscape = text
        .lines()
        .any(|l| l.starts_with("landscape:") || l.starts_with("\"landscape\":"));
    let mut list = if yaml_ext || looks_landscape {
        parse_yaml(text, name, opts)?
    } else {
        if !opts.maturity.is_empty() {
            return Err(Error::Usage(
                "--maturity applies to a landscape.yml or CLOMonitor file, not to a plain list"
                    .into(),
            ));
        }
        parse_text(text, name)?
    };
    let mut seen = HashSet::new();
    let before = list.entries.len();
    list.entries.retain(|e| seen.insert(e.key.clone()));
    list.duplicates = before - list.entries.len();
    if list.entries.is_empty() {
        return Err(Error::Usage(format!(
            "the list {} names no repository to scan",
            sanitize(name)
        )));
    }
    Ok(list)
}

/// One repository per line; `#` starts a comment (at the start of a line, or after
/// whitespace); blank lines are skipped. A line is a local path when it starts with `/`,
/// `./`, `../` or `~/` (or names an existing directory), else `owner/name` or a GitHub URL.
fn parse_text(text: &str, name: &str) -> Result<InputList, Error> {
    let mut entries = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let origin = format!("line {}", i + 1);
        match line_target(line) {
            Some(t) => entries.push(Entry::new(line, t, origin, None, None)),
            None => bad.push(format!("{origin}: '{}'", sanitize(line))),
        }
    }
    if !bad.is_empty() {
        let more = if bad.len() > 5 {
            format!(" (and {} more)", bad.len() - 5)
        } else {
            String::new()
        };
        bad.truncate(5);
        return Err(Error::Usage(format!(
            "{} has lines that are neither owner/name, a GitHub URL, nor a path (start local paths with ./ or /): {}{more}",
            sanitize(name),
            bad.join("; ")
        )));
    }
    Ok(InputList {
        kind: InputKind::Text,
        entries,
        duplicates: 0,
        not_github: Vec::new(),
        filtered_out: 0,
    })
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return &line[..i];
        }
    }
    line
}

fn line_target(line: &str) -> Option<crate::input::Target> {
    use crate::input::Target;
    let explicit_path = line == "."
        || line == ".."
        || line.starts_with('/')
        || line.starts_with("./")
        || line.starts_with("../")
        || line.starts_with("~/");
    if explicit_path {
        let p = match line.strip_prefix("~/") {
            Some(rest) => dirs::home_dir()?.join(rest),
            None => PathBuf::from(line),
        };
        return Some(Target::Local(p));
    }
    parse_target(line).ok()
}

// ------------------------------------------------------------------------------ YAML

#[derive(Debug, Deserialize)]
struct Landscape {
    #[serde(default)]
    landscape: Option<Vec<Category>>,
}

#[derive(Debug, Deserialize)]
struct Category {
    #[serde(default)]
    subcategories: Option<Vec<Subcategory>>,
}

#[derive(Debug, Deserialize)]
struct Subcategory {
    #[serde(default)]
    items: Option<Vec<Item>>,
}

#[derive(Debug, Deserialize)]
struct Item {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    repo_url: Option<String>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    additional_repos: Option<Vec<AdditionalRepo>>,
}

#[derive(Debug, Deserialize)]
struct AdditionalRepo {
    #[serde(default)]
    repo_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CloProject {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    maturity: Option<String>,
    #[serde(default)]
    repositories: Option<Vec<CloRepo>>,
}

#[derive(Debug, Deserialize)]
struct CloRepo {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    check_sets: Option<Vec<String>>,
}

fn parse_yaml(text: &str, name: &str, opts: &InputOptions) -> Result<InputList, Error> {
    let shown = sanitize(name);
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text)
        .map_err(|e| Error::Usage(format!("{shown} is not valid YAML: {e}")))?;
    let mut list = InputList {
        kind: InputKind::Landscape,
        entries: Vec::new(),
        duplicates: 0,
        not_github: Vec::new(),
        filtered_out: 0,
    };
    let keep = |m: &Option<String>| {
        opts.maturity.is_empty()
            || m.as_deref()
                .is_some_and(|m| opts.maturity.iter().any(|w| w.eq_ignore_ascii_case(m)))
    };
    let add = |list: &mut InputList,
               url: &str,
               origin: String,
               project: Option<String>,
               maturity: Option<String>| {
        match parse_github_url(url) {
            Some(gh) => list.entries.push(Entry::new(
                url.trim(),
                crate::input::Target::Github(gh),
                origin,
                project,
                maturity,
            )),
            None => list.not_github.push(sanitize(url)),
        }
    };
    if value.is_sequence() {
        list.kind = InputKind::Clomonitor;
        let projects: Vec<CloProject> = serde_yaml_ng::from_value(value).map_err(|e| {
            Error::Usage(format!(
                "{shown} is a YAML list but not a CLOMonitor data file (a list of projects with repositories): {e}"
            ))
        })?;
        for p in projects {
            let pname = p.display_name.clone().or(p.name.clone());
            if !keep(&p.maturity) {
                list.filtered_out += 1;
                continue;
            }
            for r in p.repositories.unwrap_or_default() {
                let Some(url) = r.url else { continue };
                let code = r
                    .check_sets
                    .as_ref()
                    .is_some_and(|c| c.iter().any(|s| s == "code" || s == "code-lite"));
                if !code && !opts.all_repos {
                    list.filtered_out += 1;
                    continue;
                }
                let origin = format!("project \"{}\"", sanitize(pname.as_deref().unwrap_or("?")));
                add(&mut list, &url, origin, pname.clone(), p.maturity.clone());
            }
        }
        return Ok(list);
    }
    let doc: Landscape = serde_yaml_ng::from_value(value)
        .map_err(|e| Error::Usage(format!("{shown} is not a landscape.yml: {e}")))?;
    let Some(categories) = doc.landscape else {
        return Err(Error::Usage(format!(
            "{shown} is YAML but neither a landscape.yml (no top-level `landscape:`) nor a CLOMonitor data file (a list of projects)"
        )));
    };
    for cat in categories {
        for sub in cat.subcategories.unwrap_or_default() {
            for item in sub.items.unwrap_or_default() {
                if !keep(&item.project) {
                    list.filtered_out += 1;
                    continue;
                }
                let Some(url) = item.repo_url.as_deref().filter(|u| !u.trim().is_empty()) else {
                    list.filtered_out += 1;
                    continue;
                };
                let origin = format!("item \"{}\"", sanitize(item.name.as_deref().unwrap_or("?")));
                add(
                    &mut list,
                    url,
                    origin.clone(),
                    item.name.clone(),
                    item.project.clone(),
                );
                if opts.all_repos {
                    for extra in item.additional_repos.iter().flatten() {
                        if let Some(u) = extra.repo_url.as_deref() {
                            add(
                                &mut list,
                                u,
                                origin.clone(),
                                item.name.clone(),
                                item.project.clone(),
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parsing() {
        assert_eq!("1/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        assert!("4/4".parse::<Shard>().is_err());
        assert!("0/0".parse::<Shard>().is_err());
        assert!("a/4".parse::<Shard>().is_err());
        assert!("3".parse::<Shard>().is_err());
    }

    #[test]
    fn comments() {
        assert_eq!(strip_comment("a/b # c"), "a/b ");
        assert_eq!(strip_comment("# a/b"), "");
        assert_eq!(strip_comment("./dir#1"), "./dir#1");
    }

    #[test]
    fn file_names() {
        assert_eq!(sanitize_file_name("my repo!"), "my_repo_");
        assert_eq!(sanitize_file_name("..."), "repo");
        assert_eq!(sanitize_file_name(".hidden"), "hidden");
    }
}
