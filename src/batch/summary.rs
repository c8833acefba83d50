//! `summary.csv` and `summary.md`: one row per repository, one column per probe outcome,
//! and the numbers a reviewer compares across projects.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::list::{Entry, Shard};
use crate::error::Error;
use crate::fsutil::write_output_file;
use crate::model::{Outcome, ProbeFacts, ProbeId, Reason, Report};
use crate::render::markdown::escape;

/// What happened to one repository in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Scanned now; its report was written.
    Scanned,
    /// Its complete report was already in the output directory (`--resume`).
    Resumed,
    /// The scan failed; `error` says why.
    Failed,
    /// Not scanned: the batch was interrupted or stopped before reaching it.
    NotScanned,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scanned => "scanned",
            Status::Resumed => "resumed",
            Status::Failed => "failed",
            Status::NotScanned => "not_scanned",
        }
    }

    /// A report for the repository exists.
    pub fn ok(self) -> bool {
        matches!(self, Status::Scanned | Status::Resumed)
    }
}

/// The numbers of one report that a survey compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyFacts {
    pub generated_at: String,
    /// Why the report is partial (the git reader gave nothing), shown in the row's
    /// `error` column although the row is `scanned`.
    pub incomplete: Option<String>,
    /// Outcome and reason per probe, in [`ProbeId::ALL`] order (`None`: not run).
    pub outcomes: Vec<Option<(Outcome, Option<Reason>)>>,
    pub met: u32,
    pub partially_met: u32,
    pub not_met: u32,
    pub unknown: u32,
    pub not_applicable: u32,
    pub commits_examined: Option<u64>,
    /// Signed commits of those examined, in percent (any signature).
    pub signed_pct: Option<f64>,
    /// Signed by a developer key (not GitHub's web-flow), in percent.
    pub developer_signed_pct: Option<f64>,
    pub branch_protected: Option<bool>,
    pub required_approvals: Option<u32>,
    /// Merged changes approved by someone other than the author, in percent.
    pub reviewed_pct: Option<f64>,
    pub security_policy: Option<String>,
    pub ci_systems: Option<Vec<String>>,
    pub sast: Option<Vec<String>>,
    pub dependency_update_tools: Option<Vec<String>>,
    pub releases_examined: Option<u64>,
    pub releases_signed: Option<u64>,
    pub badge_level: Option<String>,
    pub badge_tiered_percentage: Option<u32>,
    pub archived: Option<bool>,
    pub renamed_to: Option<String>,
    pub api_requests: u64,
}

fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64) * 100.0 / (whole as f64))
}

fn name_of<T: Serialize>(t: &T) -> Option<String> {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

impl KeyFacts {
    pub fn of(report: &Report) -> Self {
        let mut k = KeyFacts {
            generated_at: report.generated_at.clone(),
            outcomes: ProbeId::ALL
                .iter()
                .map(|id| report.probe(*id).map(|p| (p.outcome, p.reason)))
                .collect(),
            met: report.summary.met,
            partially_met: report.summary.partially_met,
            not_met: report.summary.not_met,
            unknown: report.summary.unknown,
            not_applicable: report.summary.not_applicable,
            archived: report.repository.archived,
            renamed_to: report.repository.renamed_to.clone(),
            api_requests: report.api.requests,
            incomplete: report.mode.incomplete.clone(),
            ..KeyFacts::default()
        };
        for p in &report.probes {
            match &p.facts {
                ProbeFacts::SignedCommits(f) => {
                    k.commits_examined = f.commits_examined;
                    if let (Some(n), Some(s)) = (f.commits_examined, &f.signatures) {
                        k.signed_pct = pct(s.signed(), n);
                    }
                    if let (Some(n), Some(d)) = (f.commits_examined, f.developer_signed) {
                        k.developer_signed_pct = pct(d, n);
                    }
                }
                ProbeFacts::BranchProtection(f) => {
                    k.branch_protected = f.protected;
                    k.required_approvals = f.required_approvals;
                }
                ProbeFacts::CodeReview(f) => {
                    if k.required_approvals.is_none() {
                        k.required_approvals = f.required_approvals;
                    }
                    if let (Some(n), Some(r)) = (f.changes_examined, f.reviewed) {
                        k.reviewed_pct = pct(r, n);
                    }
                }
                ProbeFacts::SecurityPolicy(f) => {
                    k.security_policy = name_of(&f.source);
                }
                ProbeFacts::CiChecks(f) => {
                    k.ci_systems = f.systems.clone();
                    k.sast = f.sast.clone();
                    k.dependency_update_tools = f.dependency_update_tools.clone();
                }
                ProbeFacts::ReleaseIntegrity(f) => {
                    k.releases_examined = f.releases_examined;
                    k.releases_signed = f.with_signatures;
                }
                ProbeFacts::BestPracticesBadge(f) => {
                    k.badge_level = f.level.as_ref().and_then(name_of);
                    k.badge_tiered_percentage = f.tiered_percentage;
                }
                ProbeFacts::Sbom(_) => {}
                ProbeFacts::ProjectDocs(_)
                | ProbeFacts::Communication(_)
                | ProbeFacts::VulnerabilityResponse(_)
                | ProbeFacts::ContributionPolicy(_) => {}
            }
        }
        k
    }
}

/// One line of the summary.
#[derive(Debug, Clone)]
pub struct Row {
    /// Position in the (sharded) list.
    pub index: usize,
    pub entry: Entry,
    pub status: Status,
    /// One sentence, for failed repositories.
    pub error: Option<String>,
    /// The exit code the failure would have had in a single scan (3, 4, 5, 2).
    pub error_code: Option<u8>,
    /// Reports, relative to the output directory.
    pub json: Option<String>,
    pub md: Option<String>,
    pub facts: Option<KeyFacts>,
    /// Time spent on this repository in this run.
    pub duration_ms: Option<u64>,
}

impl Row {
    /// A row with nothing recorded yet but its place, repository and status.
    pub fn new(index: usize, entry: Entry, status: Status) -> Self {
        Row {
            index,
            entry,
            status,
            error: None,
            error_code: None,
            json: None,
            md: None,
            facts: None,
            duration_ms: None,
        }
    }

    /// What the row's `error` column, progress line and landscape note say: the error of a
    /// failed row, or why a scanned report is partial ("partial: the git reader did not
    /// finish within 2 s ...").
    pub fn note(&self) -> Option<String> {
        self.error.clone().or_else(|| {
            self.facts
                .as_ref()
                .and_then(|k| k.incomplete.as_ref())
                .map(|why| format!("partial: {why}"))
        })
    }
}

/// What the summary says about the run as a whole.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub input: String,
    pub input_kind: &'static str,
    pub shard: Option<Shard>,
    /// Entries in the whole list (before sharding).
    pub total_entries: usize,
    pub generated_at: String,
    pub interrupted: bool,
    /// Why the batch stopped early (token refused, output unwritable).
    pub stopped: Option<String>,
    /// Requests sent to the badge site in this run, and how many were answered `304 Not
    /// Modified`.
    pub badge_requests: u64,
    pub badge_not_modified: u64,
}

fn outcome_cell(o: &Option<(Outcome, Option<Reason>)>) -> String {
    match o {
        None => String::new(),
        Some((o, None)) => o.as_str().to_string(),
        Some((o, Some(r))) => format!("{} ({})", o.as_str(), r.as_str()),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn pct_cell(v: Option<f64>) -> String {
    v.map(|p| format!("{p:.1}")).unwrap_or_default()
}

fn list_cell(v: &Option<Vec<String>>) -> String {
    v.as_ref().map(|l| l.join(";")).unwrap_or_default()
}

/// The CSV header.
pub fn csv_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "repository",
        "input",
        "project",
        "maturity",
        "status",
        "error",
        "report_json",
        "report_md",
        "generated_at",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(ProbeId::ALL.iter().map(|p| p.as_str().to_string()));
    h.extend(
        [
            "met",
            "partially_met",
            "not_met",
            "unknown",
            "not_applicable",
            "commits_examined",
            "signed_pct",
            "developer_signed_pct",
            "branch_protected",
            "required_approvals",
            "reviewed_pct",
            "security_policy",
            "ci_systems",
            "sast",
            "dependency_update_tools",
            "releases_examined",
            "releases_signed",
            "badge_level",
            "badge_tiered_percentage",
            "archived",
            "renamed_to",
            "api_requests",
            "duration_s",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

fn csv_record(r: &Row) -> Vec<String> {
    let mut v = vec![
        r.entry.display(),
        crate::input::sanitize(&r.entry.input),
        opt(&r.entry.project),
        opt(&r.entry.maturity),
        r.status.as_str().to_string(),
        r.note().unwrap_or_default(),
        opt(&r.json),
        opt(&r.md),
    ];
    match &r.facts {
        None => v.resize(csv_header().len() - 1, String::new()),
        Some(k) => {
            v.push(k.generated_at.clone());
            v.extend(k.outcomes.iter().map(outcome_cell));
            v.extend([
                k.met.to_string(),
                k.partially_met.to_string(),
                k.not_met.to_string(),
                k.unknown.to_string(),
                k.not_applicable.to_string(),
                opt(&k.commits_examined),
                pct_cell(k.signed_pct),
                pct_cell(k.developer_signed_pct),
                opt(&k.branch_protected),
                opt(&k.required_approvals),
                pct_cell(k.reviewed_pct),
                opt(&k.security_policy),
                list_cell(&k.ci_systems),
                list_cell(&k.sast),
                list_cell(&k.dependency_update_tools),
                opt(&k.releases_examined),
                opt(&k.releases_signed),
                opt(&k.badge_level),
                opt(&k.badge_tiered_percentage),
                opt(&k.archived),
                opt(&k.renamed_to),
                k.api_requests.to_string(),
            ]);
        }
    }
    v.push(
        r.duration_ms
            .map(|d| format!("{:.1}", d as f64 / 1000.0))
            .unwrap_or_default(),
    );
    v
}

/// The CSV text (RFC 4180, header first).
pub fn render_csv(rows: &[Row]) -> Result<String, Error> {
    let fail = |e: &dyn std::fmt::Display| Error::Output(format!("cannot build summary.csv: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(csv_header()).map_err(|e| fail(&e))?;
    for r in rows {
        w.write_record(csv_record(r)).map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

fn md_outcome(o: &Option<(Outcome, Option<Reason>)>) -> String {
    match o {
        None => "·".into(),
        Some((Outcome::Met, _)) => "met".into(),
        Some((Outcome::PartiallyMet, _)) => "partial".into(),
        Some((Outcome::NotMet, _)) => "**not met**".into(),
        Some((Outcome::NotApplicable, _)) => "n/a".into(),
        Some((Outcome::Unknown, Some(r))) => format!("? {}", r.as_str().replace('_', "\\_")),
        Some((Outcome::Unknown, None)) => "?".into(),
    }
}

/// The Markdown summary.
pub fn render_md(rows: &[Row], info: &RunInfo) -> String {
    let mut s = String::new();
    let count = |st: Status| rows.iter().filter(|r| r.status == st).count();
    let _ = writeln!(s, "# tssa-probe batch summary\n");
    let _ = writeln!(
        s,
        "Input: {} ({}), {} repositories{}. Generated {}.\n",
        crate::render::markdown::code(&info.input),
        info.input_kind,
        info.total_entries,
        match info.shard {
            Some(sh) => format!(
                "; **this summary covers shard {sh} only: {} of them** (every {}-th, starting at position {})",
                rows.len(),
                sh.count,
                sh.index
            ),
            None => String::new(),
        },
        info.generated_at
    );
    let _ = writeln!(
        s,
        "Reports: {} scanned in this run, {} from an earlier run (`--resume`), {} failed, {} not scanned.\n",
        count(Status::Scanned),
        count(Status::Resumed),
        count(Status::Failed),
        count(Status::NotScanned)
    );
    let _ = writeln!(
        s,
        "Badge site (bestpractices.dev): {} requests in this run, {} answered 304 Not Modified (records of several repositories are read in one request, each at most once a run).\n",
        info.badge_requests, info.badge_not_modified
    );
    if info.interrupted {
        let _ = writeln!(
            s,
            "> **Interrupted**: the run was stopped before every repository was scanned; run the same command with `--resume` to finish.\n"
        );
    }
    if let Some(why) = &info.stopped {
        let _ = writeln!(s, "> **Stopped early**: {}\n", escape(why, 300));
    }
    let _ = writeln!(
        s,
        "Outcomes: met, partial, **not met**, n/a, `?` unknown with its reason (never a \"no\": the evidence could not be seen), `·` probe not run. Signed: commits with any signature among those examined. Approvals: reviews required before merge. Reviewed: merged changes approved by someone other than the author.\n"
    );
    let mut head = String::from("| Repository |");
    let mut rule = String::from("|---|");
    for p in ProbeId::ALL {
        let _ = write!(head, " {} |", p.short());
        rule.push_str("---|");
    }
    head.push_str(" Signed | Approvals | Reviewed | Badge | Error |");
    rule.push_str("--:|--:|--:|---|---|");
    let _ = writeln!(s, "{head}\n{rule}");
    for r in rows {
        let name = escape(&r.entry.display(), 120);
        let link_target = r.md.as_ref().or(r.json.as_ref());
        let repo = match link_target {
            Some(t) => format!("[{name}](<{}>)", t.replace('>', "%3E").replace(' ', "%20")),
            None => name,
        };
        let mut line = format!("| {repo} |");
        match &r.facts {
            Some(k) => {
                for o in &k.outcomes {
                    let _ = write!(line, " {} |", md_outcome(o));
                }
                let _ = write!(
                    line,
                    " {} | {} | {} | {} |",
                    k.signed_pct.map(|p| format!("{p:.0}%")).unwrap_or_default(),
                    opt(&k.required_approvals),
                    k.reviewed_pct
                        .map(|p| format!("{p:.0}%"))
                        .unwrap_or_default(),
                    k.badge_level
                        .as_deref()
                        .map(|l| l.replace('_', " "))
                        .unwrap_or_default(),
                );
            }
            None => {
                for _ in ProbeId::ALL {
                    line.push_str(" |");
                }
                line.push_str(" | | | |");
            }
        }
        let err = match (r.status, r.note()) {
            (_, Some(e)) => escape(&e, 300),
            (Status::NotScanned, None) => "not scanned".into(),
            _ => String::new(),
        };
        let _ = writeln!(line, " {err} |");
        s.push_str(&line);
    }
    s
}

/// Writes `summary.csv` and `summary.md` in `out_dir`, atomically.
pub fn write(out_dir: &Path, rows: &[Row], info: &RunInfo) -> Result<(), Error> {
    write_output_file(&out_dir.join("summary.csv"), render_csv(rows)?.as_bytes())?;
    write_output_file(
        &out_dir.join("summary.md"),
        render_md(rows, info).as_bytes(),
    )
}
