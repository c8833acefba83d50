//! `tssa-probe batch`: many repositories, one report each, plus a summary.

use std::path::PathBuf;

use clap::Args;

use crate::cli::CommonArgs;
use crate::error::Error;

#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// A text file (one owner/name, URL or path per line, `#` comments) or a landscape.yml.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where reports and the summary go.
    #[arg(long, value_name = "DIR", default_value = "tssa-reports")]
    pub out_dir: PathBuf,
    /// Repositories scanned at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub jobs: usize,
    /// Skip repositories whose report is already complete in --out-dir.
    #[arg(long)]
    pub resume: bool,
    /// Take every N-th repository starting at I (0-based): `I/N`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub async fn run(args: BatchArgs) -> Result<u8, Error> {
    let _ = args;
    Err(Error::Usage("batch is not implemented yet".into()))
}
