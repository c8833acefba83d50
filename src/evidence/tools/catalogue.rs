//! The tool catalogue (`probes/catalogue/tools.yml`): its schema, loaded once from the
//! embedded file and validated into compiled patterns. What the entries mean is written
//! at the top of the YAML file; this module only reads and checks it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

/// The catalogue as embedded at build time.
pub const SOURCE: &str = include_str!("../../../probes/catalogue/tools.yml");

/// What a tool does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Security static analysis of the project's code or workflows.
    Sast,
    /// Known vulnerabilities in all the dependencies.
    DependencyScanning,
    /// Known vulnerabilities in the dependencies a pull request changes (dependency review).
    DependencyReview,
    /// Vulnerabilities of container images.
    ImageScanning,
    /// Misconfiguration of infrastructure code and Kubernetes manifests.
    ConfigScanning,
    SecretScanning,
    Fuzzing,
    /// OpenSSF Scorecard and baseline scans.
    Scorecard,
    LicenseScanning,
    /// Hardening of the CI runners themselves (egress policy, file integrity monitoring).
    CiHardening,
    /// Linters and code quality checks (not security analysis).
    CodeQuality,
    DependencyUpdates,
    Sign,
    Checksum,
    Sbom,
    Provenance,
    Publish,
    /// Reads releases (downloads, "get latest release"): publishes nothing.
    ReadsReleases,
}

impl Category {
    pub const ALL: [Category; 18] = [
        Category::Sast,
        Category::DependencyScanning,
        Category::DependencyReview,
        Category::ImageScanning,
        Category::ConfigScanning,
        Category::SecretScanning,
        Category::Fuzzing,
        Category::Scorecard,
        Category::LicenseScanning,
        Category::CiHardening,
        Category::CodeQuality,
        Category::DependencyUpdates,
        Category::Sign,
        Category::Checksum,
        Category::Sbom,
        Category::Provenance,
        Category::Publish,
        Category::ReadsReleases,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Sast => "sast",
            Category::DependencyScanning => "dependency-scanning",
            Category::DependencyReview => "dependency-review",
            Category::ImageScanning => "image-scanning",
            Category::ConfigScanning => "config-scanning",
            Category::SecretScanning => "secret-scanning",
            Category::Fuzzing => "fuzzing",
            Category::Scorecard => "scorecard",
            Category::LicenseScanning => "license-scanning",
            Category::CiHardening => "ci-hardening",
            Category::CodeQuality => "code-quality",
            Category::DependencyUpdates => "dependency-updates",
            Category::Sign => "sign",
            Category::Checksum => "checksum",
            Category::Sbom => "sbom",
            Category::Provenance => "provenance",
            Category::Publish => "publish",
            Category::ReadsReleases => "reads-releases",
        }
    }

    /// A heading for people (the README's tool list).
    pub fn title(self) -> &'static str {
        match self {
            Category::Sast => "Security static analysis",
            Category::DependencyScanning => "Dependency vulnerability scanning",
            Category::DependencyReview => "Dependency review (changed dependencies only)",
            Category::ImageScanning => "Container image scanning",
            Category::ConfigScanning => "Configuration and infrastructure-as-code scanning",
            Category::SecretScanning => "Secret scanning",
            Category::Fuzzing => "Fuzzing",
            Category::Scorecard => "Scorecard and baseline scans",
            Category::LicenseScanning => "License scanning",
            Category::CiHardening => "CI runner hardening",
            Category::CodeQuality => "Linters and code quality",
            Category::DependencyUpdates => "Dependency updates",
            Category::Sign => "Signing",
            Category::Checksum => "Checksums",
            Category::Sbom => "SBOM generation",
            Category::Provenance => "Provenance and attestations",
            Category::Publish => "Publishing",
            Category::ReadsReleases => "Reading releases (not publishing)",
        }
    }
}

/// What a release step covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Covers {
    Images,
    Files,
    Charts,
    Packages,
    Attestations,
}

impl Covers {
    pub fn as_str(self) -> &'static str {
        match self {
            Covers::Images => "images",
            Covers::Files => "files",
            Covers::Charts => "charts",
            Covers::Packages => "packages",
            Covers::Attestations => "attestations",
        }
    }
}

/// Where a publishing step publishes, as the catalogue says to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Named by the tool itself (`pypi.org`, `github-releases`).
    Fixed(String),
    /// The registry hosts of the image references in the action input of this name.
    ImageInput(String),
    /// The registry hosts of the image references among the program's arguments.
    ImageArgs,
}

/// How a switch is parsed (one parser each, in `switches.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SwitchKind {
    /// A linter enabled in golangci-lint's configuration.
    GolangciLinter,
    /// A hook id of `.pre-commit-config.yaml`.
    PreCommitHook,
    /// A rule prefix selected in ruff's configuration.
    RuffRule,
}

// ------------------------------------------------------------------ the YAML as written

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    tools: Vec<RawTool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTool {
    id: String,
    name: String,
    category: Category,
    url: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    actions: Vec<OneOrMore<RawAction>>,
    #[serde(default)]
    programs: Vec<OneOrMore<RawProgram>>,
    #[serde(default)]
    ci_templates: Vec<String>,
    #[serde(default)]
    config_files: Vec<OneOrMore<RawConfig>>,
    #[serde(default)]
    switches: Vec<RawSwitch>,
    #[serde(default)]
    sources: Vec<RawSource>,
}

/// A pattern written as a bare string or as a mapping.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore<T> {
    Short(String),
    Full(T),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAction {
    uses: String,
    #[serde(default)]
    with: BTreeMap<String, String>,
    #[serde(default)]
    unless_with: BTreeMap<String, String>,
    category: Option<Category>,
    covers: Option<Covers>,
    publishes_to: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    run: String,
    args: Option<String>,
    unless: Option<String>,
    after: Option<String>,
    unless_after: Option<String>,
    category: Option<Category>,
    covers: Option<Covers>,
    publishes_to: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    path: String,
    #[serde(default)]
    service: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSwitch {
    #[serde(rename = "in")]
    host: String,
    kind: SwitchKind,
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    path_contains: String,
    extensions: Vec<String>,
    line: String,
}

// ------------------------------------------------------------------ the compiled form

/// One tool of the catalogue.
#[derive(Debug)]
pub struct Tool {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub url: String,
    /// Other names people write for the tool in prose (`SonarCloud`, `WhiteSource`): what
    /// `review` recognises in a self-assessment besides `name` and `id`.
    pub aliases: Vec<String>,
    pub actions: Vec<ActionPattern>,
    pub programs: Vec<ProgramPattern>,
    pub ci_templates: Vec<Regex>,
    pub config_files: Vec<ConfigFile>,
    pub switches: Vec<Switch>,
    pub sources: Vec<SourcePattern>,
}

impl Tool {
    /// Every category the tool's patterns name (its own first).
    pub fn categories(&self) -> Vec<Category> {
        let mut out = vec![self.category];
        let more = self
            .actions
            .iter()
            .map(|a| a.category)
            .chain(self.programs.iter().map(|p| p.category));
        for c in more {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

impl PartialEq for Tool {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Tool {}

#[derive(Debug)]
pub struct ActionPattern {
    /// Lowercase; with `prefix`, what the reference starts with (the `*` dropped).
    pub uses: String,
    pub prefix: bool,
    pub with: Vec<(String, Regex)>,
    pub unless_with: Vec<(String, Regex)>,
    pub category: Category,
    pub covers: Option<Covers>,
    pub publishes_to: Option<Destination>,
}

#[derive(Debug)]
pub struct ProgramPattern {
    pub program: String,
    /// Literal first arguments (options and `+toolchain` words before them skipped).
    pub words: Vec<String>,
    pub args: Option<Regex>,
    pub unless: Option<Regex>,
    pub after: Option<Regex>,
    pub unless_after: Option<Regex>,
    pub category: Category,
    pub covers: Option<Covers>,
    pub publishes_to: Option<Destination>,
}

#[derive(Debug)]
pub struct ConfigFile {
    pub path: ConfigPath,
    pub service: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigPath {
    Exact(String),
    /// Anything below this directory (`.clusterfuzzlite/`).
    Below(String),
    /// A file of this name at any depth (outside vendored trees).
    Named(String),
}

#[derive(Debug)]
pub struct Switch {
    pub host: String,
    pub kind: SwitchKind,
    pub names: Vec<String>,
}

#[derive(Debug)]
pub struct SourcePattern {
    pub path_contains: String,
    pub extensions: Vec<String>,
    pub line: Regex,
}

/// The catalogue, compiled, with its lookup tables.
#[derive(Debug)]
pub struct Catalogue {
    pub tools: Vec<Tool>,
    /// Program name → (tool, pattern) indexes.
    pub(super) by_program: HashMap<String, Vec<(usize, usize)>>,
    /// Exact action reference → (tool, pattern) indexes.
    pub(super) by_action: HashMap<String, Vec<(usize, usize)>>,
    /// Action patterns that end in `*`.
    pub(super) action_prefixes: Vec<(usize, usize)>,
    /// Every source pattern, for the per-path checks of the listing.
    pub(super) source_patterns: Vec<(usize, usize)>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.id == id)
    }

    /// The display name of a tool id, if the catalogue knows it.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.get(id).map(|t| t.name.as_str())
    }

    /// Parses and validates a catalogue: unique ids, every regex compiles, every switch
    /// names a host of the catalogue, no empty pattern.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let raw: RawCatalogue = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
        let mut tools = Vec::new();
        let mut ids = HashSet::new();
        for t in raw.tools {
            let what = |x: &str| format!("{}: {x}", t.id);
            if t.id.trim().is_empty() || t.id != t.id.to_ascii_lowercase() {
                return Err(format!("tool id {:?} is empty or not lowercase", t.id));
            }
            if !ids.insert(t.id.clone()) {
                return Err(what("the id is not unique"));
            }
            if t.name.trim().is_empty() || !t.url.starts_with("https://") {
                return Err(what("a name and an https url are required"));
            }
            let re = |p: &str| Regex::new(p).map_err(|e| what(&format!("bad regex {p:?}: {e}")));
            let opt = |p: &Option<String>| p.as_deref().map(re).transpose();
            let dest = |d: &Option<String>| -> Result<Option<Destination>, String> {
                Ok(match d.as_deref() {
                    None => None,
                    Some("image:args") => Some(Destination::ImageArgs),
                    Some(x) if x.starts_with("image:") => {
                        Some(Destination::ImageInput(x["image:".len()..].to_string()))
                    }
                    Some(x) if !x.trim().is_empty() => Some(Destination::Fixed(x.to_string())),
                    Some(_) => return Err(what("empty publishes_to")),
                })
            };
            let mut actions = Vec::new();
            for a in t.actions {
                let a = match a {
                    OneOrMore::Short(uses) => RawAction {
                        uses,
                        ..Default::default()
                    },
                    OneOrMore::Full(a) => a,
                };
                let uses = a.uses.trim().to_ascii_lowercase();
                if uses.is_empty() || uses == "*" {
                    return Err(what("an empty action pattern"));
                }
                let (uses, prefix) = match uses.strip_suffix('*') {
                    Some(p) => (p.to_string(), true),
                    None => (uses, false),
                };
                let pairs = |m: &BTreeMap<String, String>| -> Result<Vec<(String, Regex)>, String> {
                    m.iter().map(|(k, v)| Ok((k.clone(), re(v)?))).collect()
                };
                actions.push(ActionPattern {
                    uses,
                    prefix,
                    with: pairs(&a.with)?,
                    unless_with: pairs(&a.unless_with)?,
                    category: a.category.unwrap_or(t.category),
                    covers: a.covers,
                    publishes_to: dest(&a.publishes_to)?,
                });
            }
            let mut programs = Vec::new();
            for p in t.programs {
                let p = match p {
                    OneOrMore::Short(run) => RawProgram {
                        run,
                        ..Default::default()
                    },
                    OneOrMore::Full(p) => p,
                };
                let mut words = p.run.split_whitespace().map(str::to_string);
                let Some(program) = words.next() else {
                    return Err(what("an empty program pattern"));
                };
                programs.push(ProgramPattern {
                    program,
                    words: words.collect(),
                    args: opt(&p.args)?,
                    unless: opt(&p.unless)?,
                    after: opt(&p.after)?,
                    unless_after: opt(&p.unless_after)?,
                    category: p.category.unwrap_or(t.category),
                    covers: p.covers,
                    publishes_to: dest(&p.publishes_to)?,
                });
            }
            let ci_templates = t
                .ci_templates
                .iter()
                .map(|p| re(p))
                .collect::<Result<_, _>>()?;
            let mut config_files = Vec::new();
            for c in t.config_files {
                let c = match c {
                    OneOrMore::Short(path) => RawConfig {
                        path,
                        service: false,
                    },
                    OneOrMore::Full(c) => c,
                };
                let p = c.path.trim();
                if p.is_empty() || p.split('/').any(|s| s == "..") || p.starts_with('/') {
                    return Err(what(&format!("bad config path {p:?}")));
                }
                let path = if let Some(n) = p.strip_prefix("**/") {
                    ConfigPath::Named(n.to_string())
                } else if p.ends_with('/') {
                    ConfigPath::Below(p.to_string())
                } else {
                    ConfigPath::Exact(p.to_string())
                };
                config_files.push(ConfigFile {
                    path,
                    service: c.service,
                });
            }
            let mut switches = Vec::new();
            for s in t.switches {
                if s.names.is_empty() || s.names.iter().any(|n| n.trim().is_empty()) {
                    return Err(what("a switch without names"));
                }
                switches.push(Switch {
                    host: s.host,
                    kind: s.kind,
                    names: s.names,
                });
            }
            let mut sources = Vec::new();
            for s in t.sources {
                if s.extensions.is_empty() || s.path_contains.trim().is_empty() {
                    return Err(what("a source pattern needs path_contains and extensions"));
                }
                sources.push(SourcePattern {
                    path_contains: s.path_contains.to_ascii_lowercase(),
                    extensions: s
                        .extensions
                        .iter()
                        .map(|e| e.to_ascii_lowercase())
                        .collect(),
                    line: re(&s.line)?,
                });
            }
            tools.push(Tool {
                id: t.id,
                name: t.name,
                category: t.category,
                url: t.url,
                aliases: t
                    .aliases
                    .into_iter()
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                actions,
                programs,
                ci_templates,
                config_files,
                switches,
                sources,
            });
        }
        for t in &tools {
            for s in &t.switches {
                if !ids.contains(&s.host) {
                    return Err(format!("{}: switch host {:?} is not a tool", t.id, s.host));
                }
            }
        }
        let mut by_program: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut by_action: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut action_prefixes = Vec::new();
        let mut source_patterns = Vec::new();
        for (ti, t) in tools.iter().enumerate() {
            source_patterns.extend((0..t.sources.len()).map(|si| (ti, si)));
            for (pi, p) in t.programs.iter().enumerate() {
                by_program
                    .entry(p.program.clone())
                    .or_default()
                    .push((ti, pi));
            }
            for (ai, a) in t.actions.iter().enumerate() {
                if a.prefix {
                    action_prefixes.push((ti, ai));
                } else {
                    by_action.entry(a.uses.clone()).or_default().push((ti, ai));
                }
            }
        }
        Ok(Catalogue {
            tools,
            by_program,
            by_action,
            action_prefixes,
            source_patterns,
        })
    }
}

/// The embedded catalogue. It is constant data that `catalogue_is_valid` checks, so a
/// failure here is a build of tssa-probe with a broken catalogue, not bad input.
#[allow(clippy::expect_used)]
pub fn catalogue() -> &'static Catalogue {
    static C: LazyLock<Catalogue> =
        LazyLock::new(|| Catalogue::parse(SOURCE).expect("the embedded tool catalogue is valid"));
    &C
}

/// Configuration files the switches read, by switch kind: golangci-lint's configuration
/// at the root, in `.github/` or two folders down (`src/.golangci.yaml`), pre-commit's at
/// the root, ruff's (`ruff.toml`, `.ruff.toml`, `pyproject.toml`) at the root.
pub fn switch_kind_of(lower: &str) -> Option<SwitchKind> {
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", lower));
    let depth = lower.matches('/').count();
    let golangci = (name.starts_with(".golangci") || name.starts_with("golangci."))
        && [".yml", ".yaml", ".toml", ".json"]
            .iter()
            .any(|e| name.ends_with(e));
    if golangci && depth <= 2 {
        return Some(SwitchKind::GolangciLinter);
    }
    if dir.is_empty() && matches!(name, ".pre-commit-config.yaml" | ".pre-commit-config.yml") {
        return Some(SwitchKind::PreCommitHook);
    }
    if dir.is_empty() && matches!(name, "ruff.toml" | ".ruff.toml" | "pyproject.toml") {
        return Some(SwitchKind::RuffRule);
    }
    None
}

/// Source files a catalogue `sources` pattern reads (`lower`: the lowercase path,
/// `pkg/x/fuzz_test.go`, `fuzz/fuzz_targets/parse.rs`).
pub fn is_source_candidate(lower: &str) -> bool {
    let c = catalogue();
    c.source_patterns.iter().any(|&(t, i)| {
        let s = &c.tools[t].sources[i];
        lower.contains(&s.path_contains) && s.extensions.iter().any(|e| lower.ends_with(e))
    })
}
