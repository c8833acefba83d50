//! Which repository: its GitHub name (`owner/name`), and how to read one from what a
//! user or a git remote gives. The bottom of the module graph: it depends on nothing in
//! the crate, so the input parser, the evidence collectors and the model can all use it.

/// Where the repository lives on GitHub (`owner/name`): the one repository identity that
/// every layer passes around. API metadata ([`crate::evidence::github::GhRepo`]), the
/// scanned clone ([`crate::evidence::RepoIdentity`]) and the report's
/// [`crate::model::RepositoryInfo`] add what each knows beyond it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct GithubRepo {
    pub owner: String,
    pub name: String,
}

impl GithubRepo {
    pub fn html_url(&self) -> String {
        format!("https://github.com/{}/{}", self.owner, self.name)
    }
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
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
    }
}
