//! Links to the project's website whose page source is kept in the repository
//! (`https://project.io/resources/security-process` is built from
//! `site/content/resources/security-process.md`): the listed file a link maps to, so that
//! a page in the repository is read rather than called "not read". Only the listing is
//! consulted; nothing is fetched.

/// Top directories that hold a website's or documentation's page sources.
pub(super) const SITE_ROOTS: [&str; 8] = [
    "site",
    "website",
    "docs",
    "doc",
    "content",
    "documentation",
    "www",
    "web",
];

/// Most listed paths looked at for one link.
const MAX_LOOKED_AT: usize = 200_000;

/// The page-source path segments of a listed file under a site root, lowercase, without
/// the extension or a trailing `index` / `_index` / `readme`: `site/content/resources/
/// security-process.md` gives `[site, content, resources, security-process]`.
fn page_segments(path: &str) -> Option<Vec<String>> {
    let lower = path.to_ascii_lowercase();
    let (stem_path, ext) = lower.rsplit_once('.')?;
    if !matches!(ext, "md" | "markdown" | "mdx" | "rst" | "adoc" | "html") {
        return None;
    }
    let mut segs: Vec<String> = stem_path.split('/').map(str::to_string).collect();
    if !SITE_ROOTS.contains(&segs.first()?.as_str()) || crate::evidence::files::is_vendored(&lower)
    {
        return None;
    }
    if segs
        .last()
        .is_some_and(|s| matches!(s.as_str(), "index" | "_index" | "readme"))
    {
        segs.pop();
    }
    Some(segs)
}

/// The URL's path segments, lowercase, without a trailing `.html` / `.md`, a query or a
/// fragment.
fn url_segments(url: &str) -> Option<Vec<String>> {
    let rest = url.split_once("://")?.1;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (_, path) = rest.split_once('/')?;
    let mut segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_lowercase())
        .collect();
    if let Some(last) = segs.last_mut() {
        for ext in [".html", ".htm", ".md"] {
            if let Some(s) = last.strip_suffix(ext) {
                *last = s.to_string();
            }
        }
    }
    (!segs.is_empty()).then_some(segs)
}

/// The listed page source `url` is built from, if one matches: every segment of the URL's
/// path (at least two) ends the file's page path, or a single segment that is a specific
/// slug (it has a `-` or `_`) is the name of exactly one page. Web links only; GitHub
/// and other forges are not websites of the project.
pub fn site_source<'a>(listing: impl IntoIterator<Item = &'a str>, url: &str) -> Option<&'a str> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let host = lower.split_once("://")?.1.split('/').next().unwrap_or("");
    if host.ends_with("github.com") || host.ends_with("gitlab.com") {
        return None;
    }
    let want = url_segments(url)?;
    if want.len() == 1 && !want[0].contains(['-', '_']) {
        return None;
    }
    let mut found: Vec<&'a str> = Vec::new();
    for path in listing.into_iter().take(MAX_LOOKED_AT) {
        let Some(segs) = page_segments(path) else {
            continue;
        };
        if segs.len() > want.len() && segs[segs.len() - want.len()..] == want[..] {
            found.push(path);
            if found.len() > 3 {
                break;
            }
        }
    }
    // A single slug must name one page; a longer path takes the shortest source (a
    // versioned copy of the docs is longer).
    if want.len() == 1 && found.len() != 1 {
        return None;
    }
    found.into_iter().min_by_key(|p| (p.len(), *p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTING: [&str; 7] = [
        "README.md",
        "site/content/resources/security-process.md",
        "site/content/resources/security-threat-model.md",
        "site/content/docs/1.2/resources/security-process.md",
        "website/docs/report-security-issue/index.md",
        "docs/security.md",
        "vendor/site/content/x/y.md",
    ];

    #[test]
    fn a_website_page_maps_to_its_source_in_the_repository() {
        let l = || LISTING.iter().copied();
        assert_eq!(
            site_source(l(), "https://projectcontour.io/resources/security-process"),
            Some("site/content/resources/security-process.md")
        );
        assert_eq!(
            site_source(l(), "https://p.io/report-security-issue/"),
            Some("website/docs/report-security-issue/index.md")
        );
        // A generic single segment, a forge, another path: nothing.
        assert_eq!(site_source(l(), "https://www.cncf.io/security/"), None);
        assert_eq!(
            site_source(
                l(),
                "https://github.com/o/r/blob/main/resources/security-process.md"
            ),
            None
        );
        assert_eq!(
            site_source(l(), "https://p.io/other/security-process"),
            None
        );
        assert_eq!(site_source(l(), "https://p.io/x/y"), None);
        assert_eq!(site_source(l(), "mailto:a@b.c"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(url in ".{0,200}", path in "[a-z/._-]{0,80}") {
            let _ = site_source([path.as_str()], &url);
        }
    }
}
