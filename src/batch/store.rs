//! Reports on disk: `DIR/<owner>/<name>.json` (and `.md`), written atomically; a report
//! is complete when its JSON parses as a report of the current `schema_version`.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::list::Entry;
use crate::error::Error;
use crate::fsutil::write_output_file;
use crate::model::{Report, SCHEMA_VERSION};
use crate::render;

/// Largest report read back for `--resume`.
const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;

/// `DIR/<stem>.<ext>` (the stem's own dots are kept: `helm/helm.go` → `helm/helm.go.json`).
pub fn report_path(out_dir: &Path, stem: &Path, ext: &str) -> PathBuf {
    let mut s = out_dir.join(stem).into_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// The path relative to `--out-dir`, with `/` separators (for the summary's links).
pub fn relative(stem: &Path, ext: &str) -> String {
    let parts: Vec<String> = stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    format!("{}.{ext}", parts.join("/"))
}

/// The complete report of `entry` in `out_dir`, if there is one: the JSON file exists,
/// parses as a report, has the current `schema_version` and names this repository.
/// Anything else (missing, truncated, garbage, an older schema) means "scan again".
pub fn complete_report(out_dir: &Path, entry: &Entry) -> Option<Report> {
    let path = report_path(out_dir, &entry.stem, "json");
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_REPORT_BYTES {
        return None;
    }
    let mut buf = Vec::new();
    std::fs::File::open(&path)
        .ok()?
        .take(MAX_REPORT_BYTES)
        .read_to_end(&mut buf)
        .ok()?;
    let report: Report = serde_json::from_slice(&buf).ok()?;
    (report.schema_version == SCHEMA_VERSION && entry.owns(&report)).then_some(report)
}

/// Writes the report of `entry`: the Markdown first (when asked for), the JSON last, each
/// atomically, so that a complete JSON file means the whole report is there.
pub fn write_report(
    out_dir: &Path,
    entry: &Entry,
    report: &Report,
    markdown: bool,
) -> Result<(), Error> {
    let json_path = report_path(out_dir, &entry.stem, "json");
    if let Some(dir) = json_path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Output(format!(
                "cannot create the directory {}: {e}",
                dir.display()
            ))
        })?;
    }
    if markdown {
        write_markdown(out_dir, entry, report)?;
    }
    write_output_file(&json_path, render::json::render(report).as_bytes())
}

/// Writes `DIR/<stem>.md`.
pub fn write_markdown(out_dir: &Path, entry: &Entry, report: &Report) -> Result<(), Error> {
    let md_path = report_path(out_dir, &entry.stem, "md");
    write_output_file(&md_path, render::markdown::render(report).as_bytes())
}

/// Whether `DIR/<stem>.md` exists.
pub fn has_markdown(out_dir: &Path, entry: &Entry) -> bool {
    report_path(out_dir, &entry.stem, "md").is_file()
}
