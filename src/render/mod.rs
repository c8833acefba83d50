//! Renderers over one report type: table (people), JSON (programs), Markdown (the
//! self-assessment). The OSPS Baseline table and SARIF are rendered by `standards`; the
//! command line picks the renderer (`cli::render_report`). Nothing below this layer
//! depends on it: terminal escaping is [`crate::terminal`].

pub mod json;
pub mod markdown;
pub mod table;

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
