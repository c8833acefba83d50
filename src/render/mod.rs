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
    /// OSPS Baseline verdicts as a table for people, with their citations.
    Osps,
    /// SARIF 2.1.0 for code scanning: a result per not_met probe and failed OSPS control.
    Sarif,
}

/// Renders a report. `color` applies to the table only.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => table::render(report, color),
        Format::Json => json::render(report),
        Format::Md => markdown::render(report),
        Format::Osps => crate::standards::osps::render_table(report, color),
        Format::Sarif => crate::standards::sarif::render(report),
    }
}
