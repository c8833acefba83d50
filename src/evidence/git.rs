//! Local evidence from git objects (git2): never the work tree, so bare repositories work.

use std::path::Path;

use super::{FileSnapshot, HistoryCensus, Observed, RepoIdentity, TagCensus};
use crate::error::Error;

/// What a local repository yields.
#[derive(Debug)]
pub struct LocalRepo {
    pub identity: RepoIdentity,
    pub files: Observed<FileSnapshot>,
    pub history: Observed<HistoryCensus>,
    pub tags: Observed<TagCensus>,
}

/// Reads a local repository. `commits`: `Some(n)` walks the `n` most recent commits, `None` the full history.
pub fn collect(path: &Path, input: &str, commits: Option<u64>) -> Result<LocalRepo, Error> {
    let _ = (path, input, commits);
    Err(Error::RepoNotFound("TODO: git collector".into()))
}
