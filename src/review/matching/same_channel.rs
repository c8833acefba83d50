//! Whether the project's prose names the channel a document names, in any of its
//! spellings: an address URL-encoded in a link (`%40`), a Google Group as its address or
//! its web page (`/g/x`, `/forum/#!forum/x`), through the scan's notion of one channel
//! ([`crate::probes::channel_identity`]).

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Citation, Report};
use crate::probes::channel_identity::{Identity, identity};
use crate::review::document::re;
use crate::review::prose::{Repository, cite_file, percent_decode, prose_paths};

/// The kind `channel_identity` knows a mention by, from its address or URL.
fn kind_of(target: &str) -> &'static str {
    let l = target.to_ascii_lowercase();
    if l.starts_with("mailto:")
        || l.contains("groups.google.com")
        || l.contains("lists.")
        || l.contains("/mailman/")
    {
        "mailing_list"
    } else if l.contains("slack") {
        "slack"
    } else if l.contains("/discussions") {
        "github_discussions"
    } else {
        "other"
    }
}

/// The identity of an address (`a@b`) or a URL, when it names one channel.
pub(super) fn channel_key(target: &str) -> Option<Identity> {
    let t = percent_decode(target.trim());
    let target = if t.contains('@') && !t.contains("://") && !t.starts_with("mailto:") {
        format!("mailto:{t}")
    } else {
        t
    };
    let id = identity(kind_of(&target), Some(&target), "", "");
    id.specific.then_some(id)
}

fn mentions() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)https?://[^\s)\]>|`]+|\b[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\b",
    )
}

/// Where the project's documents name the channel `addr`: the first line that names it
/// (decoded) or names the same channel in another spelling, cited.
pub(super) fn find_channel(report: &Report, repo: &dyn Repository, addr: &str) -> Option<Citation> {
    let needle = percent_decode(addr).to_lowercase();
    if needle.trim().is_empty() {
        return None;
    }
    let key = channel_key(addr);
    for path in prose_paths(report) {
        let Some(text) = repo.file_text(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let decoded = percent_decode(line).to_lowercase();
            let same = decoded.contains(&needle)
                || key.as_ref().is_some_and(|k| {
                    mentions()
                        .find_iter(line)
                        .filter_map(|m| channel_key(m.as_str().trim_end_matches(['.', ','])))
                        .any(|o| o == *k)
                });
            if same {
                let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
                return Some(cite_file(report, &path, Some(no), Some(line)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_channel_in_its_spellings() {
        assert_eq!(
            percent_decode("src=abc%40group.calendar.google.com"),
            "src=abc@group.calendar.google.com"
        );
        let addr = channel_key("project-x@googlegroups.com");
        assert!(addr.is_some());
        assert_eq!(channel_key("https://groups.google.com/g/project-x"), addr);
        assert_eq!(
            channel_key("https://groups.google.com/forum/#!forum/project-x"),
            addr
        );
        assert_ne!(channel_key("https://groups.google.com/g/project-y"), addr);
        assert_ne!(channel_key("security@project-x.io"), addr);
    }
}
