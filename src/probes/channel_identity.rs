//! What makes two mentions of a channel the same channel: one mailing list written as its
//! address (`proj@googlegroups.com`) and as its web page (`groups.google.com/g/proj`), one
//! Slack channel linked through an invite (`slack.k8s.io/#proj`), its archive page and
//! named in words ("the #proj channel"), one issue tracker as `issues`, `issues/new` and
//! `issues/new/choose`. A mention is either specific (it names the channel) or generic
//! (it names only the place: a Slack workspace, a Discord invite, "community meeting");
//! a generic mention is folded into the one specific channel of its kind it can mean.

/// The identity of a mention: `specific` when it names one channel of its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub key: String,
    pub specific: bool,
}

fn generic(key: impl Into<String>) -> Identity {
    Identity {
        key: key.into(),
        specific: false,
    }
}

fn specific(key: impl Into<String>) -> Identity {
    Identity {
        key: key.into(),
        specific: true,
    }
}

/// The host and path of `url` (lowercase, no scheme, no `www.`), and its fragment.
fn split(url: &str) -> (String, String, String) {
    let l = url.trim().to_ascii_lowercase();
    let l = l
        .strip_prefix("https://")
        .or_else(|| l.strip_prefix("http://"))
        .unwrap_or(&l);
    let l = l.strip_prefix("www.").unwrap_or(l);
    let (rest, frag) = l.split_once('#').unwrap_or((l, ""));
    let rest = rest.split('?').next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    (
        host.to_string(),
        path.trim_end_matches('/').to_string(),
        frag.to_string(),
    )
}

/// The provider family of a mailing list host or address domain.
fn list_provider(host: &str) -> &str {
    match host {
        "googlegroups.com" | "groups.google.com" => "google",
        h => h,
    }
}

/// A list's name from its web page path: `/g/<name>`, `/forum/#!forum/<name>`,
/// `/mailman/listinfo/<name>`, `/a/<domain>/g/<name>`.
fn list_name(path: &str, frag: &str) -> Option<String> {
    if let Some(n) = frag.strip_prefix("!forum/") {
        return Some(n.split('/').next().unwrap_or(n).to_string());
    }
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for (i, s) in segs.iter().enumerate() {
        if matches!(*s, "g" | "listinfo" | "forum" | "lists" | "list") {
            if let Some(n) = segs.get(i + 1).filter(|n| !n.starts_with('#')) {
                return Some((*n).to_string());
            }
        }
    }
    segs.last().map(|s| (*s).to_string())
}

/// The Slack workspace a host names (the CNCF and Kubernetes invite hosts are their
/// workspaces).
fn slack_workspace(host: &str) -> String {
    match host {
        "slack.cncf.io" | "cloud-native.slack.com" | "cncf.slack.com" => "cncf".into(),
        "slack.k8s.io" | "kubernetes.slack.com" | "k8s.slack.com" => "kubernetes".into(),
        h => h
            .strip_suffix(".slack.com")
            .or_else(|| h.strip_prefix("slack."))
            .unwrap_or(h)
            .split('.')
            .next()
            .unwrap_or(h)
            .to_string(),
    }
}

/// `#name` in words (a Slack channel as written).
fn hash_name(words: &str) -> Option<String> {
    let i = words.find('#')?;
    let n: String = words[i + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (n.len() >= 2).then(|| n.to_ascii_lowercase())
}

/// The one `#name` of a sentence (none when it names two).
fn sole_hash_name(sentence: &str) -> Option<String> {
    let first = hash_name(sentence)?;
    let rest = &sentence[sentence.find('#').map_or(0, |i| i + 1)..];
    match hash_name(rest) {
        Some(other) if other != first => None,
        _ => Some(first),
    }
}

/// The Slack channel a link's path names (`kubernetes.slack.com/messages/C01` and
/// `.../archives/C01` are one channel, `kubernetes/c01`), whatever its anchor text says:
/// the same channel linked as "#proj" and as "Slack" is one channel.
pub fn slack_path_id(url: &str) -> Option<String> {
    let (host, path, _) = split(url);
    let segs: Vec<&str> = path.split('/').collect();
    let i = segs
        .iter()
        .position(|s| matches!(*s, "messages" | "archives" | "channels"))?;
    let id = segs.get(i + 1).filter(|s| !s.is_empty())?;
    Some(format!("{}/{id}", slack_workspace(&host)))
}

/// The identity of a mention of kind `kind`: its target (`url`, a `mailto:` address or
/// none for words), its label (the anchor text or the words) and the sentence it stands
/// in (a Slack link whose anchor text names no channel takes the one its sentence names).
pub fn identity(kind: &str, url: Option<&str>, label: &str, sentence: &str) -> Identity {
    let Some(url) = url else {
        // Named in words only.
        return match (kind, hash_name(label)) {
            ("slack", Some(n)) => specific(format!("#{n}")),
            // "community meeting" and "community meetings" are one meeting.
            _ => generic(label.to_lowercase().trim_end_matches('s')),
        };
    };
    if let Some(addr) = url.strip_prefix("mailto:") {
        let a = addr.to_ascii_lowercase();
        let (local, domain) = a.split_once('@').unwrap_or((&a, ""));
        return specific(format!("{}:{local}", list_provider(domain)));
    }
    let (host, path, frag) = split(url);
    match kind {
        "mailing_list" => match list_name(&path, &frag) {
            Some(n) => specific(format!("{}:{n}", list_provider(&host))),
            None => generic(host),
        },
        "slack" => {
            let from_path = {
                let segs: Vec<&str> = path.split('/').collect();
                segs.iter()
                    .position(|s| matches!(*s, "messages" | "archives" | "channels"))
                    .and_then(|i| segs.get(i + 1))
                    .map(|s| (*s).to_string())
            };
            if let Some(n) = hash_name(&format!("#{frag}"))
                .filter(|_| !frag.is_empty())
                .or_else(|| hash_name(label))
                .or_else(|| sole_hash_name(sentence))
            {
                specific(format!("#{n}"))
            } else if let Some(id) = from_path {
                specific(format!("{}/{id}", slack_workspace(&host)))
            } else {
                generic(slack_workspace(&host))
            }
        }
        "issue_tracker" | "github_discussions" => {
            let segs: Vec<&str> = path.split('/').take(2).collect();
            specific(format!("{host}/{}", segs.join("/")))
        }
        // An invite code does not name the server: one project, one server, as a rule.
        "discord" if host.contains("discord.gg") || path.starts_with("invite") => {
            generic("discord")
        }
        _ => specific(format!("{host}/{path}").trim_end_matches('/').to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_google_group_as_address_and_as_page_is_one_list() {
        let a = identity(
            "mailing_list",
            Some("mailto:proj-dev@googlegroups.com"),
            "x",
            "",
        );
        for u in [
            "https://groups.google.com/g/proj-dev",
            "https://groups.google.com/forum/#!forum/proj-dev",
            "https://groups.google.com/g/proj-dev/",
        ] {
            assert_eq!(identity("mailing_list", Some(u), "list", ""), a, "{u}");
        }
        assert_ne!(
            identity(
                "mailing_list",
                Some("https://groups.google.com/g/proj-announce"),
                "x",
                ""
            ),
            a
        );
        assert_eq!(
            identity(
                "mailing_list",
                Some("https://lists.cncf.io/g/cncf-p-dev"),
                "x",
                ""
            ),
            identity(
                "mailing_list",
                Some("mailto:cncf-p-dev@lists.cncf.io"),
                "x",
                ""
            )
        );
    }

    #[test]
    fn a_slack_channel_by_invite_archive_and_words_is_one_channel() {
        let w = identity("slack", None, "#proj channel", "");
        assert!(w.specific);
        assert_eq!(
            identity("slack", Some("https://slack.k8s.io/#proj"), "Slack", ""),
            w
        );
        assert_eq!(
            identity(
                "slack",
                Some("https://kubernetes.slack.com/archives/C01"),
                "Kubernetes Slack",
                "Ask questions in #proj on the Kubernetes Slack."
            ),
            w
        );
        let ws = identity("slack", Some("https://slack.cncf.io/"), "Slack", "");
        assert!(!ws.specific);
        assert_eq!(
            identity("slack", Some("https://cloud-native.slack.com"), "x", ""),
            ws
        );
    }

    #[test]
    fn issue_pages_of_one_repository_are_one_tracker() {
        let a = identity(
            "issue_tracker",
            Some("https://github.com/o/r/issues"),
            "x",
            "",
        );
        assert_eq!(
            identity(
                "issue_tracker",
                Some("https://github.com/o/r/issues/new/choose"),
                "y",
                ""
            ),
            a
        );
        assert_ne!(
            identity(
                "issue_tracker",
                Some("https://github.com/o/other/issues"),
                "x",
                ""
            ),
            a
        );
    }
}
