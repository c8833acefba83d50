//! tssa-probe: collect cited evidence of a repository's secure development practices and
//! prefill the "Secure development practices" section of a CNCF TAG-Security self-assessment.
//!
//! Data flows one way: [`evidence`] (collect) → [`probes`] (judge, cite) → [`assess`]
//! (self-assessment answers) → [`render`].

pub mod assess;
pub mod batch;
pub mod cli;
pub mod error;
pub mod evidence;
pub mod fsutil;
pub mod input;
pub mod model;
pub mod options;
pub mod probes;
pub mod render;
pub mod repo;
pub mod review;
pub mod scan;
pub mod schema;
pub mod standards;
pub mod terminal;

pub use error::Error;
pub use model::Report;
