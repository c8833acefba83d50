//! The report's evidence expressed in the formats the ecosystem consumes: OSPS Baseline
//! verdicts ([`osps`]), SARIF 2.1.0 for code scanning ([`sarif`]), a Security Insights
//! draft ([`insights`]) and Best Practices badge automation proposals ([`proposals`]).
//!
//! These modules read only the [`Report`](crate::model::Report): probe results, their
//! facts and their citations, never raw evidence. Data flows one way: a mapping table
//! names the facts each control rests on and the rule that judges them; each verdict cites
//! the citations of those facts; renderers turn the verdicts into a table or SARIF.

pub mod insights;
pub mod osps;
pub mod proposals;
pub mod sarif;
