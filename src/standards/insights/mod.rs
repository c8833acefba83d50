//! `tssa-probe insights <REPO>`: a Security Insights v2.2.0 draft
//! (`security-insights.yml`) prefilled from the report.
//!
//! Every field comes from an observed, cited fact (the security policy and its contacts,
//! private vulnerability reporting, the analyzers and dependency tools CI runs, the release
//! pipeline and the releases read, the licence and the project documents, the
//! self-assessment); the evidence is named in a comment beside it. A required field that
//! was not observed gets a placeholder value with a `# TODO(tssa-probe)` comment beside
//! it; an optional one is a commented-out line. Nothing is invented.
//!
//! When the repository already has a Security Insights file of any published version
//! (1.0.0, 2.0.0, 2.1.0, 2.2.0), its values are carried into v2.2.0 ([`migrate`]), each
//! with a comment naming where it stood; what v2.2.0 has no place for is listed; where an
//! observed value differs, the draft lists the disagreement; an expired file is said so.
//!
//! The draft always says `schema-version: 2.2.0` and validates against
//! `schema/security-insights-2.2.0.schema.json`, a JSON Schema translation of the
//! specification's CUE schema.

mod catalogued;
mod docs_fill;
mod fill;
pub mod migrate;
mod schema;
mod tree;

use serde_json::Value;

use crate::model::{ProbeFacts, ProbeId, Report};

pub use migrate::{Expiry, Migration};
pub use tree::{Disagreement, Node};
use tree::{emit_map, one_line, overlay};

/// The Security Insights version the draft follows.
pub const SI_VERSION: &str = "2.2.0";

/// Longest existing Security Insights file read, in bytes.
pub const MAX_EXISTING_BYTES: usize = 256 * 1024;

/// Marker of every placeholder comment.
pub const TODO: &str = "TODO(tssa-probe)";

/// A placeholder URL (the schema wants a URL where none was observed).
pub(crate) const PLACEHOLDER_URL: &str = "https://example.invalid/TODO";

/// A value of the existing file that the draft does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCarried {
    /// Where it stood in the file (`security-artifacts.threat-model.evidence-url[0]`).
    pub field: String,
    pub value: String,
    /// Why: no place in v2.2.0, or not valid there.
    pub why: String,
}

/// The draft and what it found in an existing file.
#[derive(Debug, Clone)]
pub struct Draft {
    pub yaml: String,
    pub disagreements: Vec<Disagreement>,
    /// The existing file carried into v2.2.0, when one was read.
    pub migration: Option<Migration>,
}

/// The draft tree from the report alone.
pub fn draft_tree(report: &Report) -> Node {
    fill::draft_tree(report)
}

/// The path of the existing Security Insights file the scan found.
pub fn existing_path(report: &Report) -> Option<String> {
    report
        .probe(ProbeId::SecurityPolicy)
        .and_then(|r| match &r.facts {
            ProbeFacts::SecurityPolicy(f) => f.security_insights_path.clone(),
            _ => None,
        })
}

/// The draft of a report, over an existing Security Insights file when one was read (as
/// parsed by [`parse_existing`]).
pub fn draft(report: &Report, existing: Option<&Value>) -> Draft {
    let mut disagreements = Vec::new();
    let mut tree = draft_tree(report);
    let today: String = report.generated_at.chars().take(10).collect();
    let migration = existing.map(|old| migrate::migrate(old, &today));
    if let Some(m) = &migration {
        tree = overlay(tree, m.tree.clone(), "", &mut disagreements);
    }
    let mut yaml = format!(
        "# Security Insights {SI_VERSION} draft by tssa-probe for {}.\n# Lines marked {TODO} were not observed: fill them in or delete them.\n",
        one_line(
            &report
                .repository
                .url
                .clone()
                .unwrap_or_else(|| report.repository.input.clone())
        )
    );
    if let Some(p) = existing_path(report) {
        match &migration {
            Some(m) => yaml.push_str(&format!(
                "# The repository has {} (Security Insights {}): its values are carried into {SI_VERSION}, each marked `from <version> <field>`.\n",
                one_line(&p),
                one_line(&m.from)
            )),
            None => yaml.push_str(&format!(
                "# The repository has {}: it was not read, its values are not carried.\n",
                one_line(&p)
            )),
        }
    }
    if let Some(e) = migration.as_ref().and_then(|m| m.expiry.as_ref()) {
        if e.expired {
            yaml.push_str(&format!(
                "# EXPIRED: the existing file was valid until {} ({}); this draft renews it.\n",
                one_line(&e.date),
                one_line(&e.rule)
            ));
        }
    }
    for d in &disagreements {
        yaml.push_str(&format!(
            "# Disagreement at {}: the file says {}, the evidence shows {}.\n",
            one_line(&d.field),
            one_line(&d.existing),
            one_line(&d.observed)
        ));
    }
    if let Some(m) = migration.as_ref().filter(|m| !m.not_carried.is_empty()) {
        yaml.push_str(&format!(
            "# Not carried from the existing file ({} values):\n",
            m.not_carried.len()
        ));
        for n in &m.not_carried {
            yaml.push_str(&format!(
                "# - {}: {} ({})\n",
                one_line(&n.field),
                one_line(&n.value),
                one_line(&n.why)
            ));
        }
    }
    if let Some(m) = tree.entries() {
        emit_map(m, 0, &mut yaml);
    }
    Draft {
        yaml,
        disagreements,
        migration,
    }
}

/// An existing Security Insights file as a JSON value, parsed with the bounded YAML
/// parser (depth and expanded size limited).
pub fn parse_existing(text: &str) -> Result<Value, String> {
    crate::probes::insights_document(text)
}

/// Reads the existing Security Insights file at `path` from the scanned commit of a local
/// repository (the committed blob, never the work tree: no symbolic link is followed). None
/// when there is no such blob, it is not a regular file, is larger than
/// [`MAX_EXISTING_BYTES`], or is not YAML.
pub fn read_existing(local: &std::path::Path, commit: &str, path: &str) -> Result<Value, String> {
    let repo = git2::Repository::open(local)
        .map_err(|e| format!("cannot open the repository: {}", e.message()))?;
    let oid = git2::Oid::from_str(commit).map_err(|e| e.message().to_string())?;
    let tree = repo
        .find_commit(oid)
        .and_then(|c| c.tree())
        .map_err(|e| format!("cannot read commit {commit}: {}", e.message()))?;
    let entry = tree
        .get_path(std::path::Path::new(path))
        .map_err(|_| format!("{path} is not in the commit"))?;
    if entry.filemode() != 0o100644 && entry.filemode() != 0o100755 {
        return Err(format!("{path} is not a regular file"));
    }
    let blob = repo
        .find_blob(entry.id())
        .map_err(|e| format!("cannot read {path}: {}", e.message()))?;
    if blob.size() > MAX_EXISTING_BYTES {
        return Err(format!("{path} is larger than {MAX_EXISTING_BYTES} bytes"));
    }
    let text = std::str::from_utf8(blob.content()).map_err(|_| format!("{path} is not UTF-8"))?;
    parse_existing(text).map_err(|e| format!("{path} {e}"))
}

/// The draft of an otherwise empty report over `text` (an existing Security Insights
/// file), for the fuzz targets and property tests: `None` when `text` is not parsed.
#[doc(hidden)]
pub fn draft_of_file(text: &str, today: &str) -> Option<Draft> {
    let existing = parse_existing(text).ok()?;
    let report = Report {
        schema_version: crate::model::SCHEMA_VERSION.into(),
        tool: crate::model::ToolInfo::default(),
        repository: crate::model::RepositoryInfo {
            input: "o/r".into(),
            url: Some("https://github.com/o/r".into()),
            owner: Some("o".into()),
            name: Some("r".into()),
            default_branch: Some("main".into()),
            ..Default::default()
        },
        generated_at: format!("{today}T00:00:00Z"),
        mode: crate::model::Mode::default(),
        probes: Vec::new(),
        summary: crate::model::Summary::default(),
        self_assessment: serde_json::from_value(serde_json::json!({})).ok()?,
        api: crate::model::ApiStats::default(),
        osps_baseline: None,
        badge_proposals: None,
    };
    Some(draft(&report, Some(&existing)))
}
