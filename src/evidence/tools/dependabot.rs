//! The scope of Dependabot's version updates: each `updates:` entry of
//! `.github/dependabot.yml` with its ecosystem, directories and line. A file that only
//! updates GitHub Actions or a git submodule keeps the CI's or a submodule's pins current,
//! not the code's dependencies.

use crate::evidence::yaml::{self, Node};

/// Most `updates:` entries kept.
pub const MAX_UPDATES: usize = 500;
/// Most directories kept per entry.
pub const MAX_DIRECTORIES: usize = 50;

/// One `updates:` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// `package-ecosystem` as written (`gomod`, `github-actions`, `gitsubmodule`...).
    pub ecosystem: String,
    /// `directory` or `directories`.
    pub directories: Vec<String>,
    /// The line of `package-ecosystem`.
    pub line: u32,
    /// `open-pull-requests-limit: 0`: version updates switched off (security updates only).
    pub disabled: bool,
}

impl Update {
    /// Ecosystems that keep the project's own dependencies current (not the CI's actions,
    /// not a submodule pin, not a dev container).
    pub fn is_code(&self) -> bool {
        !matches!(
            self.ecosystem.as_str(),
            "github-actions" | "gitsubmodule" | "devcontainers" | "pre-commit"
        )
    }
}

/// The entries of a Dependabot configuration, or why it was not parsed.
pub fn updates(text: &str) -> Result<Vec<Update>, String> {
    let doc = yaml::parse(text).map_err(|e| e.to_string())?;
    let Some(list) = doc.get("updates") else {
        return Ok(Vec::new());
    };
    let Some(list) = list.as_seq() else {
        return Err("`updates` is not a list".into());
    };
    let mut out = Vec::new();
    for u in list.iter().take(MAX_UPDATES) {
        let Some((_, eco)) = u.entry("package-ecosystem") else {
            continue;
        };
        let Some(ecosystem) = eco.as_str() else {
            continue;
        };
        let mut directories: Vec<String> = Vec::new();
        for key in ["directory", "directories"] {
            if let Some(d) = u.get(key) {
                directories.extend(
                    d.scalars()
                        .iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .take(MAX_DIRECTORIES),
                );
            }
        }
        directories.truncate(MAX_DIRECTORIES);
        let disabled = u
            .get("open-pull-requests-limit")
            .is_some_and(|n: &Node| n.as_str().is_some_and(|v| v.trim() == "0"));
        out.push(Update {
            ecosystem: ecosystem.to_string(),
            directories,
            line: eco.line,
            disabled,
        });
    }
    Ok(out)
}
