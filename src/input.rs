//! What `<REPO>` names: a local path, `owner/name`, or a GitHub URL.

use std::path::{Path, PathBuf};

use crate::error::Error;
pub use crate::error::sanitize;
pub use crate::repo::{GithubRepo, parse_github_url, parse_owner_name};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A local clone or bare repository.
    Local(PathBuf),
    /// A repository on GitHub, read through the API.
    Github(GithubRepo),
}

/// Parses `<REPO>`. An existing local path wins over `owner/name`; prefix `./` to force a path.
pub fn parse_target(input: &str) -> Result<Target, Error> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Error::Usage("the repository argument is empty".into()));
    }
    let path = Path::new(trimmed);
    if path.exists() {
        return Ok(Target::Local(path.to_path_buf()));
    }
    if let Some(gh) = parse_github_url(trimmed) {
        return Ok(Target::Github(gh));
    }
    if let Some(gh) = parse_owner_name(trimmed) {
        return Ok(Target::Github(gh));
    }
    Err(Error::RepoNotFound(format!(
        "'{}' is neither an existing path, nor owner/name, nor a GitHub URL",
        sanitize(trimmed)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert!(matches!(
            parse_target("no/such dir"),
            Err(Error::RepoNotFound(_))
        ));
        assert!(matches!(parse_target(""), Err(Error::Usage(_))));
        assert_eq!(
            parse_target("cncf/toc").ok(),
            Some(Target::Github(GithubRepo {
                owner: "cncf".into(),
                name: "toc".into()
            }))
        );
    }
}
