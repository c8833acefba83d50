//! Commit and tag censuses from API data (GraphQL commit history, tag refs). The same
//! classification as the local collector: signature armor, GitHub's web-flow committer,
//! `Signed-off-by:` trailers.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::evidence::{HistoryCensus, TagCensus};
use crate::model::{SignatureCounts, VerificationCounts};

/// GitHub's web-flow committer (`GitHub <noreply@github.com>`): commits made in the web UI
/// (merges, squash merges, edits), signed with GitHub's key.
pub fn is_web_flow(name: Option<&str>, email: Option<&str>) -> bool {
    email.is_some_and(|e| e.trim().eq_ignore_ascii_case("noreply@github.com"))
        && name.is_none_or(|n| n.trim() == "GitHub")
}

/// A `Signed-off-by:` trailer (DCO) on a line of its own.
pub fn has_dco(message: &str) -> bool {
    message.lines().any(|l| {
        let l = l.trim_start();
        l.len() > 14
            && l.is_char_boundary(14)
            && l[..14].eq_ignore_ascii_case("signed-off-by:")
            && !l[14..].trim().is_empty()
    })
}

/// A signature block in a tag message (what git appends when it signs a tag).
pub fn tag_message_signed(message: &str) -> bool {
    message.contains("-----BEGIN PGP SIGNATURE-----")
        || message.contains("-----BEGIN SSH SIGNATURE-----")
        || message.contains("-----BEGIN SIGNED MESSAGE-----")
        || message.contains("-----BEGIN PKCS7-----")
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GitActor {
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignatureNode {
    #[serde(rename = "__typename")]
    pub typename: Option<String>,
    pub is_valid: Option<bool>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Count {
    #[serde(rename = "totalCount")]
    pub total_count: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CommitNode {
    pub oid: String,
    pub committed_date: Option<String>,
    #[serde(default)]
    pub message: String,
    pub committer: Option<GitActor>,
    pub signature: Option<SignatureNode>,
    pub associated_pull_requests: Option<Count>,
}

impl CommitNode {
    pub fn web_flow(&self) -> bool {
        let c = self.committer.as_ref();
        is_web_flow(
            c.and_then(|c| c.name.as_deref()),
            c.and_then(|c| c.email.as_deref()),
        )
    }
}

/// The census of commits read through GraphQL, in history order (newest first).
pub(crate) fn census(
    head: &str,
    nodes: &[CommitNode],
    complete: bool,
    source_url: &str,
) -> HistoryCensus {
    let mut sig = SignatureCounts::default();
    let mut c = HistoryCensus {
        head: head.to_string(),
        commits_examined: nodes.len() as u64,
        history_complete: complete,
        shallow: false,
        source_url: Some(source_url.to_string()),
        ..Default::default()
    };
    let mut verification = VerificationCounts::default();
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    let example = |what: &str, sha: &str, examples: &mut Vec<(String, String)>| {
        if !examples.iter().any(|(w, _)| w == what) {
            examples.push((what.to_string(), sha.to_string()));
        }
    };
    for n in nodes {
        let web = n.web_flow();
        if web {
            c.web_flow_commits += 1;
        }
        match n.signature.as_ref() {
            Some(s) => {
                match s.typename.as_deref() {
                    Some("GpgSignature") => sig.openpgp += 1,
                    Some("SshSignature") => sig.ssh += 1,
                    Some("SmimeSignature") => sig.x509 += 1,
                    _ => sig.other += 1,
                }
                if web {
                    c.web_flow_signed += 1;
                    example("web_flow_signed", &n.oid, &mut c.examples);
                } else {
                    c.developer_signed += 1;
                    example("developer_signed", &n.oid, &mut c.examples);
                }
                verification.checked += 1;
                let valid = s.is_valid.unwrap_or(false)
                    || s.state
                        .as_deref()
                        .is_some_and(|st| st.eq_ignore_ascii_case("VALID"));
                if valid {
                    verification.verified += 1;
                    example("verified", &n.oid, &mut c.examples);
                } else {
                    let r = s
                        .state
                        .as_deref()
                        .map(|st| st.to_ascii_lowercase())
                        .unwrap_or_else(|| "unknown".into());
                    *reasons.entry(r).or_default() += 1;
                }
            }
            None => {
                sig.unsigned += 1;
                example("unsigned", &n.oid, &mut c.examples);
                verification.checked += 1;
                *reasons.entry("unsigned".into()).or_default() += 1;
            }
        }
        if has_dco(&n.message) {
            c.dco_signed_off += 1;
            example("dco_signed_off", &n.oid, &mut c.examples);
        }
        if let Some(t) = n
            .committed_date
            .as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.timestamp())
        {
            c.oldest_commit_time = Some(c.oldest_commit_time.map_or(t, |o| o.min(t)));
            c.newest_commit_time = Some(c.newest_commit_time.map_or(t, |o| o.max(t)));
        }
    }
    verification.unverified_reasons = reasons;
    c.signatures = sig;
    c.verification = Some(verification);
    c
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct TagTarget {
    #[serde(rename = "__typename")]
    pub typename: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct TagNode {
    pub name: String,
    pub target: Option<TagTarget>,
}

/// Census of the tags read (the newest first). A tag is signed when its message carries a
/// signature block: git appends the armored signature to the tag message, and GitHub
/// returns the message as stored.
pub(crate) fn tag_census(nodes: &[TagNode], source_url: &str) -> TagCensus {
    let mut t = TagCensus {
        total: nodes.len() as u64,
        source_url: Some(source_url.to_string()),
        ..Default::default()
    };
    for n in nodes {
        let Some(target) = &n.target else { continue };
        if target.typename.as_deref() == Some("Tag") {
            t.annotated += 1;
            if target.message.as_deref().is_some_and(tag_message_signed) {
                t.signed += 1;
                if t.signed_names.len() < 20 {
                    t.signed_names.push(n.name.clone());
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_flow_is_github_noreply() {
        assert!(is_web_flow(Some("GitHub"), Some("noreply@github.com")));
        assert!(!is_web_flow(Some("Alice"), Some("alice@example.org")));
        assert!(!is_web_flow(Some("Mallory"), Some("noreply@github.com")));
        assert!(!is_web_flow(
            Some("GitHub"),
            Some("12345+bot@users.noreply.github.com")
        ));
    }

    #[test]
    fn dco_needs_a_trailer_with_a_name() {
        assert!(has_dco("fix\n\nSigned-off-by: A <a@example.org>\n"));
        assert!(has_dco("fix\n\nsigned-off-by: A <a@example.org>"));
        assert!(!has_dco("fix\n\nSigned-off-by:\n"));
        assert!(!has_dco("mentions Signed-off-by: inline"));
    }

    #[test]
    fn census_counts_armor_and_verification() {
        let sig = |t: &str, valid: bool, state: &str| SignatureNode {
            typename: Some(t.into()),
            is_valid: Some(valid),
            state: Some(state.into()),
        };
        let web = GitActor {
            name: Some("GitHub".into()),
            email: Some("noreply@github.com".into()),
        };
        let dev = GitActor {
            name: Some("Dev".into()),
            email: Some("dev@example.org".into()),
        };
        let nodes = vec![
            CommitNode {
                oid: "a".into(),
                committed_date: Some("2024-01-02T00:00:00Z".into()),
                message: "m\n\nSigned-off-by: D <d@x>".into(),
                committer: Some(web),
                signature: Some(sig("GpgSignature", true, "VALID")),
                ..Default::default()
            },
            CommitNode {
                oid: "b".into(),
                committed_date: Some("2024-01-01T00:00:00Z".into()),
                committer: Some(dev.clone()),
                signature: Some(sig("SshSignature", false, "UNKNOWN_KEY")),
                ..Default::default()
            },
            CommitNode {
                oid: "c".into(),
                committer: Some(dev.clone()),
                signature: Some(sig("SmimeSignature", true, "VALID")),
                ..Default::default()
            },
            CommitNode {
                oid: "d".into(),
                committer: Some(dev),
                ..Default::default()
            },
        ];
        let c = census("a", &nodes, false, "https://api.github.com/graphql");
        assert_eq!(c.commits_examined, 4);
        assert_eq!(c.signatures.openpgp, 1);
        assert_eq!(c.signatures.ssh, 1);
        assert_eq!(c.signatures.x509, 1);
        assert_eq!(c.signatures.unsigned, 1);
        assert_eq!(c.web_flow_signed, 1);
        assert_eq!(c.developer_signed, 2);
        assert_eq!(c.web_flow_commits, 1);
        assert_eq!(c.dco_signed_off, 1);
        let v = c.verification.unwrap();
        assert_eq!((v.checked, v.verified), (4, 2));
        assert_eq!(v.unverified_reasons.get("unknown_key"), Some(&1));
        assert_eq!(v.unverified_reasons.get("unsigned"), Some(&1));
        assert_eq!(c.newest_commit_time, Some(1_704_153_600));
        assert_eq!(c.oldest_commit_time, Some(1_704_067_200));
    }

    #[test]
    fn signed_tags_by_message() {
        let nodes = vec![
            TagNode {
                name: "v2".into(),
                target: Some(TagTarget {
                    typename: Some("Tag".into()),
                    message: Some(
                        "v2\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n"
                            .into(),
                    ),
                }),
            },
            TagNode {
                name: "v1".into(),
                target: Some(TagTarget {
                    typename: Some("Tag".into()),
                    message: Some("v1\n".into()),
                }),
            },
            TagNode {
                name: "v0".into(),
                target: Some(TagTarget {
                    typename: Some("Commit".into()),
                    message: None,
                }),
            },
        ];
        let t = tag_census(&nodes, "u");
        assert_eq!((t.total, t.annotated, t.signed), (3, 2, 1));
        assert_eq!(t.signed_names, vec!["v2".to_string()]);
    }
}
