//! Renderers over one report type: table (people), JSON (programs), Markdown (the self-assessment).

pub mod json;
pub mod markdown;
pub mod table;
pub mod terminal;

use crate::model::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people (coloured on a terminal unless NO_COLOR is set).
    Table,
    /// The JSON report of the contract (schema: `tssa-probe schema`).
    Json,
    /// Markdown that prefills the self-assessment, with footnote citations.
    Md,
}

/// Renders a report. `color` applies to the table only.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => table::render(report, color),
        Format::Json => json::render(report),
        Format::Md => markdown::render(report),
    }
}
