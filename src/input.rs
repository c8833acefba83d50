//! What `<REPO>` names: a local path, `owner/name`, or a GitHub URL.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::evidence::GithubRepo;

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

/// `owner/name` with GitHub's allowed characters.
pub fn parse_owner_name(s: &str) -> Option<GithubRepo> {
    let (owner, name) = s.split_once('/')?;
    let name = name.strip_suffix(".git").unwrap_or(name);
    let owner_ok = !owner.is_empty()
        && owner.len() <= 39
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !owner.starts_with('-');
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    (owner_ok && name_ok).then(|| GithubRepo {
        owner: owner.to_string(),
        name: name.to_string(),
    })
}

/// A GitHub URL in any of the forms git remotes use:
/// `https://github.com/o/n(.git)`, `git@github.com:o/n.git`, `ssh://git@github.com/o/n`,
/// `git://github.com/o/n`, `github.com/o/n`.
pub fn parse_github_url(s: &str) -> Option<GithubRepo> {
    let s = s.trim();
    let rest = if let Some(r) = s.strip_prefix("git@github.com:") {
        r
    } else {
        let no_scheme = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .or_else(|| s.strip_prefix("ssh://"))
            .or_else(|| s.strip_prefix("git://"))
            .or_else(|| s.strip_prefix("git+ssh://"))
            .unwrap_or(s);
        let no_user = no_scheme
            .rsplit_once('@')
            .map(|(_, h)| h)
            .unwrap_or(no_scheme);
        let host_rest = no_user
            .strip_prefix("www.github.com")
            .or_else(|| no_user.strip_prefix("github.com"))?;
        let host_rest = host_rest.strip_prefix(":443").unwrap_or(host_rest);
        host_rest.strip_prefix('/')?
    };
    let rest = rest.trim_end_matches('/');
    let mut parts = rest.splitn(3, '/');
    let owner = parts.next()?;
    let name = parts.next()?;
    // Extra path segments (/tree/main, /pulls) are allowed on web URLs.
    parse_owner_name(&format!("{owner}/{name}"))
}

/// Makes untrusted text safe to put in a one-line error message.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gh(o: &str, n: &str) -> Option<GithubRepo> {
        Some(GithubRepo {
            owner: o.into(),
            name: n.into(),
        })
    }

    #[test]
    fn github_urls() {
        assert_eq!(
            parse_github_url("https://github.com/cncf/toc"),
            gh("cncf", "toc")
        );
        assert_eq!(
            parse_github_url("https://github.com/cncf/toc.git"),
            gh("cncf", "toc")
        );
        assert_eq!(
            parse_github_url("https://github.com/cncf/toc/"),
            gh("cncf", "toc")
        );
        assert_eq!(
            parse_github_url("https://github.com/cncf/toc/tree/main/x"),
            gh("cncf", "toc")
        );
        assert_eq!(
            parse_github_url("git@github.com:cncf/toc.git"),
            gh("cncf", "toc")
        );
        assert_eq!(
            parse_github_url("ssh://git@github.com/cncf/toc.git"),
            gh("cncf", "toc")
        );
        assert_eq!(parse_github_url("https://gitlab.com/cncf/toc"), None);
        assert_eq!(parse_github_url("https://github.com/cncf"), None);
        assert_eq!(parse_github_url("https://github.com.evil.org/a/b"), None);
    }

    #[test]
    fn owner_name() {
        assert_eq!(
            parse_owner_name("kubernetes/kubernetes"),
            gh("kubernetes", "kubernetes")
        );
        assert_eq!(parse_owner_name("a/b/c"), None);
        assert_eq!(parse_owner_name("-a/b"), None);
        assert_eq!(parse_owner_name("a/.."), None);
        assert!(matches!(
            parse_target("no/such dir"),
            Err(Error::RepoNotFound(_))
        ));
        assert!(matches!(parse_target(""), Err(Error::Usage(_))));
    }
}
