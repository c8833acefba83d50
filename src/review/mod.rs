//! Review mode: a submitted self-assessment held against a scan of its repository.
//!
//! [`document`] reads the Markdown into lines and template sections ([`template`]),
//! [`claims`] extracts what it states (tools, channels, numbers, statements about
//! signing, DCO, SBOM, checksums, provenance, the release process, the badge), [`matching`]
//! holds each claim against the report's facts and citations (and the repository's
//! history, through [`prose::Repository`]), [`lint`] checks the document itself, and
//! [`output`] writes Markdown, JSON and SARIF. Data flows one way: the report is an
//! input, nothing here changes it.

pub mod claims;
pub mod document;
pub mod lint;
pub mod matching;
pub mod output;
pub mod prose;
pub mod template;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Citation, RepositoryInfo, ToolInfo};

/// Version of the review's JSON schema. Bump when a field is renamed or removed.
pub const REVIEW_SCHEMA_VERSION: &str = "1";

/// What a finding says about the document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The evidence contradicts the claim (both cited).
    Contradicted,
    /// A file, tool or channel the document names is gone from the repository (dated).
    Stale,
    /// The document leaves unanswered what the evidence answers (a sentence to add).
    Missing,
    /// The document itself: template text left in, a missing or empty section, a broken
    /// link, an old "Last updated".
    Lint,
    /// The claim needs the API, or lives outside the repository.
    NotVerifiable,
    /// The evidence agrees with the claim (both cited).
    Agrees,
}

impl FindingKind {
    pub const ALL: [FindingKind; 6] = [
        FindingKind::Contradicted,
        FindingKind::Stale,
        FindingKind::Missing,
        FindingKind::Lint,
        FindingKind::NotVerifiable,
        FindingKind::Agrees,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Contradicted => "contradicted",
            FindingKind::Stale => "stale",
            FindingKind::Missing => "missing",
            FindingKind::Lint => "lint",
            FindingKind::NotVerifiable => "not_verifiable",
            FindingKind::Agrees => "agrees",
        }
    }

    pub fn parse(s: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A place in the self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentLine {
    /// 1-based line of the document.
    pub line: u32,
    /// The line's text (at most 300 characters), raw: renderers escape it.
    pub text: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub kind: FindingKind,
    /// What the claim or check is about: `tool`, `channel`, `reviewers`, `response_time`,
    /// `supported_versions`, `commit_signing`, `artifact_signing`, `dco`, `sbom`,
    /// `checksums`, `provenance`, `release_process`, `badge`, `vulnerability_checks`,
    /// `security_policy`; for lint: `template_text`, `missing_section`, `empty_section`,
    /// `broken_link`, `outdated`.
    pub topic: String,
    /// The template section (id) the finding belongs to.
    pub section: String,
    /// The document line the finding is about; null for a question the document never
    /// addresses or a section it lacks.
    pub document: Option<DocumentLine>,
    /// One sentence for the reviewer.
    pub message: String,
    /// For `missing`: the prefilled sentence to add (the scan's self-assessment answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The subject the claim names (a tool id, an address, a number), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The evidence: citations of the scan (files at the scanned commit, commits, API).
    pub evidence: Vec<Citation>,
}

/// The document reviewed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct DocumentInfo {
    /// The path as given.
    pub path: String,
    pub lines: u32,
    /// Template sections found (ids), in document order.
    pub sections: Vec<String>,
    /// Claims extracted.
    pub claims: u32,
}

/// Counts of findings per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewSummary {
    pub contradicted: u32,
    pub stale: u32,
    pub missing: u32,
    pub lint: u32,
    pub not_verifiable: u32,
    pub agrees: u32,
}

impl ReviewSummary {
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = ReviewSummary::default();
        for f in findings {
            *match f.kind {
                FindingKind::Contradicted => &mut s.contradicted,
                FindingKind::Stale => &mut s.stale,
                FindingKind::Missing => &mut s.missing,
                FindingKind::Lint => &mut s.lint,
                FindingKind::NotVerifiable => &mut s.not_verifiable,
                FindingKind::Agrees => &mut s.agrees,
            } += 1;
        }
        s
    }

    pub fn count(&self, k: FindingKind) -> u32 {
        match k {
            FindingKind::Contradicted => self.contradicted,
            FindingKind::Stale => self.stale,
            FindingKind::Missing => self.missing,
            FindingKind::Lint => self.lint,
            FindingKind::NotVerifiable => self.not_verifiable,
            FindingKind::Agrees => self.agrees,
        }
    }
}

/// The review (JSON output type, versioned by `schema_version`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    pub schema_version: String,
    pub tool: ToolInfo,
    pub document: DocumentInfo,
    /// The repository scanned (as in the report).
    pub repository: RepositoryInfo,
    /// RFC 3339, UTC.
    pub generated_at: String,
    /// The scan ran without the GitHub API: claims that need it are `not_verifiable`.
    pub offline: bool,
    pub summary: ReviewSummary,
    /// Findings in document order (findings without a line last).
    pub findings: Vec<Finding>,
}

/// Reviews a document against a report. `repo` reads the repository at the scanned commit
/// and its history; `doc_path` is the document's path as given; `base` its directory inside
/// the scanned repository when it lives there (relative links are checked then).
pub fn review(
    doc: &document::Document,
    doc_path: &str,
    report: &crate::model::Report,
    repo: &dyn prose::Repository,
    base: Option<&str>,
) -> Review {
    let claims = claims::extract(doc, &project_names(report));
    let mut findings = matching::hold(doc, &claims, report, repo);
    findings.extend(lint::lint(doc, report, repo, base));
    findings.sort_by_key(|f| (f.document.as_ref().map_or(u32::MAX, |d| d.line), f.kind));
    // One finding per line, kind, topic and subject (two sentences of a line can say the
    // same thing).
    findings.dedup_by(|a, b| {
        a.kind == b.kind
            && a.topic == b.topic
            && a.subject == b.subject
            && a.document.as_ref().map(|d| d.line) == b.document.as_ref().map(|d| d.line)
            && a.document.is_some()
    });
    // A claim the scan cannot check, repeated: once.
    let mut seen: Vec<(String, Option<String>, String)> = Vec::new();
    findings.retain(|f| {
        if f.kind != FindingKind::NotVerifiable {
            return true;
        }
        let key = (f.topic.clone(), f.subject.clone(), f.message.clone());
        if seen.contains(&key) {
            return false;
        }
        seen.push(key);
        true
    });
    let summary = ReviewSummary::of(&findings);
    let sections = doc.headings.iter().filter_map(|h| h.section.clone()).fold(
        Vec::new(),
        |mut v: Vec<String>, s| {
            if !v.contains(&s) {
                v.push(s);
            }
            v
        },
    );
    Review {
        schema_version: REVIEW_SCHEMA_VERSION.to_string(),
        tool: ToolInfo::default(),
        document: DocumentInfo {
            path: doc_path.to_string(),
            lines: u32::try_from(doc.lines.len()).unwrap_or(u32::MAX),
            sections,
            claims: u32::try_from(claims.len()).unwrap_or(u32::MAX),
        },
        repository: report.repository.clone(),
        generated_at: report.generated_at.clone(),
        offline: report.mode.offline,
        summary,
        findings,
    }
}

/// Names the project goes by (its repository and owner names): a tool of the catalogue
/// with the project's own name (Kubescape's self-assessment) is the subject, not a tool
/// it uses.
fn project_names(report: &crate::model::Report) -> Vec<String> {
    let r = &report.repository;
    [r.name.as_deref(), r.owner.as_deref()]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect()
}

/// A document line for a finding (text cut at 300 characters).
pub fn doc_line(doc: &document::Document, n: u32) -> Option<DocumentLine> {
    let l = doc.line(n)?;
    let text: String = l.text.trim().chars().take(300).collect();
    Some(DocumentLine { line: n, text })
}
