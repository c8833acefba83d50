//! `security-policy`: a security policy (SECURITY.md) with a way to report vulnerabilities.
//!
//! Looked for at the root, `.github/` and `docs/` (any case; `.md`, `.markdown`, `.txt`,
//! `.rst` or no extension). Without one in the repository, GitHub shows the policy of the
//! owner's `.github` repository: that is read from the API, and when it could not be read the
//! outcome is `unknown`, never `not_met`. Contacts (e-mail addresses and URLs) are extracted
//! with `linkify`, each cited at its line.

use linkify::{LinkFinder, LinkKind};

use crate::evidence::files::Resolved;
use crate::evidence::{Evidence, FileSnapshot, Unavailable};
use crate::model::{
    Citation, Outcome, PolicySource, ProbeFacts, ProbeId, Reason, SecurityPolicyFacts,
};

use super::util::{cite_tree, cite_whole_file, files, line_of_offset, line_text, plural, why};
use super::{Judgement, Probe};

pub struct SecurityPolicy;

/// Most contacts reported from one policy.
const MAX_CONTACTS: usize = 20;

/// Policy file paths in the order GitHub prefers them (`.github/`, root, `docs/`).
fn policy_paths(snap: &FileSnapshot) -> Vec<&str> {
    let mut found: Vec<(u8, &str)> = snap
        .entries
        .keys()
        .filter_map(|p| {
            let lower = p.to_ascii_lowercase();
            let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
            let rank = match dir {
                ".github" => 0,
                "" => 1,
                "docs" => 2,
                _ => return None,
            };
            let ok = name == "security"
                || ["md", "markdown", "txt", "rst"]
                    .iter()
                    .any(|ext| name.strip_prefix("security.") == Some(ext));
            ok.then_some((rank, p.as_str()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// The directories a policy is looked for in.
const POLICY_DIRS: [&str; 3] = [".github", "", "docs"];

/// SECURITY-INSIGHTS.yml at the root, `.github/` or `docs/` (a regular file, or an
/// in-tree symlink to one).
fn insights_path(snap: &FileSnapshot) -> Option<&str> {
    snap.entries.keys().map(String::as_str).find(|p| {
        if snap.regular_file(p).is_none() {
            return false;
        }
        let lower = p.to_ascii_lowercase();
        let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
        matches!(dir, "" | ".github" | "docs")
            && matches!(
                name,
                "security-insights.yml"
                    | "security-insights.yaml"
                    | "security_insights.yml"
                    | "security_insights.yaml"
            )
    })
}

/// A contact found in a policy: the e-mail address or URL and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contact {
    pub value: String,
    pub line: u32,
}

/// E-mail addresses and URLs in `text`, in order, without duplicates (`mailto:` dropped,
/// images left out).
pub(crate) fn contacts(text: &str) -> Vec<Contact> {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url, LinkKind::Email]);
    let mut out: Vec<Contact> = Vec::new();
    for link in finder.links(text) {
        let raw = link.as_str();
        let value = raw
            .strip_prefix("mailto:")
            .unwrap_or(raw)
            .trim_end_matches(['.', ',', ')']);
        let lower = value.to_ascii_lowercase();
        let image = [".png", ".svg", ".jpg", ".jpeg", ".gif"]
            .iter()
            .any(|e| lower.ends_with(e))
            || lower.contains("img.shields.io");
        if image || value.is_empty() || out.iter().any(|c| c.value == value) {
            continue;
        }
        out.push(Contact {
            value: value.to_string(),
            line: line_of_offset(text, link.start()),
        });
        if out.len() >= MAX_CONTACTS {
            break;
        }
    }
    out
}

/// Citations of the lines holding contacts, consecutive lines merged into one range.
fn contact_citations(
    text: &str,
    found: &[Contact],
    cite: impl Fn(u32, u32, &str) -> Citation,
) -> Vec<Citation> {
    let mut lines: Vec<u32> = found.iter().map(|c| c.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for l in lines {
        match ranges.last_mut() {
            Some((_, b)) if *b + 1 == l => *b = l,
            _ => ranges.push((l, l)),
        }
    }
    ranges
        .into_iter()
        .map(|(a, b)| {
            let excerpt: Vec<&str> = (a..=b).map(|n| line_text(text, n).trim()).collect();
            cite(a, b, &excerpt.join(" ")).supports(&["contact"])
        })
        .collect()
}

impl Probe for SecurityPolicy {
    fn id(&self) -> ProbeId {
        ProbeId::SecurityPolicy
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/security-policy.yml")
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = SecurityPolicyFacts::default();
        let mut cites: Vec<Citation> = Vec::new();
        let mut notes: Vec<String> = Vec::new();

        // API facts, whatever the policy's source.
        if let Ok(flag) = &ev.github.private_vulnerability_reporting {
            f.private_vulnerability_reporting = Some(flag.enabled);
            cites.push(
                ev.cite_api(&flag.api_url)
                    .excerpt(&format!("enabled: {}", flag.enabled))
                    .supports(&["private_vulnerability_reporting"]),
            );
        }
        if let Ok(a) = &ev.github.advisories {
            f.advisories_published = Some(a.published);
            cites.push(
                ev.cite_api(&a.api_url)
                    .excerpt(&format!(
                        "{} published",
                        plural(a.published, "advisory", "advisories")
                    ))
                    .supports(&["advisories_published"]),
            );
        }
        let pvr_note = match f.private_vulnerability_reporting {
            Some(true) => "; GitHub private vulnerability reporting is enabled",
            Some(false) => "; GitHub private vulnerability reporting is off",
            None => "",
        };

        let snap = match files(ev) {
            Ok(s) => s,
            Err(u) => {
                let summary = format!(
                    "Security policy not determined: {}{pvr_note}.",
                    why("the repository's files", u)
                );
                return Judgement::unknown(ProbeFacts::SecurityPolicy(f), u, summary)
                    .cite_all(cites);
            }
        };
        if let Some(p) = insights_path(snap) {
            f.security_insights_path = Some(p.to_string());
            cites.push(cite_whole_file(ev, p, &["security_insights_path"]));
        }

        // Kubernetes-style SECURITY_CONTACTS: GitHub handles of the people who handle reports.
        if let Some((path, content)) = snap.text("SECURITY_CONTACTS") {
            let handles = security_contacts(&content.text);
            f.security_contacts_path = Some(path.to_string());
            f.security_contacts = Some(handles);
            cites.push(cite_whole_file(
                ev,
                path,
                &["security_contacts_path", "security_contacts"],
            ));
        }

        // Policy files in the repository: regular files, or in-tree symlinks to one. A
        // submodule, a link out of the tree, to a directory or in a loop is not a policy.
        let mut locations: Vec<String> = Vec::new();
        let mut found: Vec<String> = Vec::new();
        // A policy whose content was not read: whether it names a contact is unknown.
        let mut unread: Vec<String> = Vec::new();
        // A path that may be a policy but could not be told (a link whose target was not read).
        let mut undetermined: Vec<String> = Vec::new();
        // Paths naming the same blob share one content: its contacts are found once.
        let mut seen: Vec<(*const crate::evidence::FileContent, Vec<Contact>)> = Vec::new();
        for path in policy_paths(snap) {
            match snap.resolve(path) {
                Some(Resolved::File { path: read, entry }) => {
                    locations.push(path.to_string());
                    let Some(content) = entry.content.as_deref() else {
                        // Listed but its content was not loaded: still a policy.
                        cites.push(ev.cite_file(read, None).supports(&["locations", "source"]));
                        let why = match snap.unread.get(read) {
                            Some(u) => format!("{path} was not read: {}", u.describe()),
                            None if snap.missing.iter().any(|m| m == read) => format!(
                                "{path} could not be read: its object is absent from this clone"
                            ),
                            None => format!("{path} could not be read"),
                        };
                        notes.push(why.clone());
                        unread.push(why);
                        continue;
                    };
                    let ptr: *const crate::evidence::FileContent = content;
                    let cs = match seen.iter().find(|(p, _)| std::ptr::eq(*p, ptr)) {
                        Some((_, cs)) => cs.clone(),
                        None => {
                            let cs = contacts(&content.text);
                            seen.push((ptr, cs.clone()));
                            cs
                        }
                    };
                    cites.push(cite_whole_file(ev, read, &["locations", "source"]));
                    cites.extend(contact_citations(&content.text, &cs, |a, b, ex| {
                        ev.cite_file(read, Some((a, b))).excerpt(ex)
                    }));
                    if content.truncated {
                        notes.push(format!("{path} is very large and was only partly read"));
                    }
                    found.extend(
                        cs.into_iter()
                            .map(|c| c.value)
                            .filter(|v| !found.contains(v))
                            .collect::<Vec<_>>(),
                    );
                }
                Some(other) => {
                    let sentence = format!("{path} {}", other.describe());
                    if matches!(
                        other,
                        Resolved::TargetUnread | Resolved::Dangling { listed: false, .. }
                    ) {
                        undetermined.push(sentence.clone());
                    }
                    notes.push(sentence);
                }
                None => {}
            }
        }
        let note = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };

        if !locations.is_empty() {
            f.source = PolicySource::Repository;
            return finish(
                f,
                locations,
                found,
                &unread,
                cites,
                &format!("in the repository{note}"),
                pvr_note,
            );
        }

        // No policy seen: absence is evidence only when the places GitHub looks were listed.
        let cut = snap.unlisted_note(&POLICY_DIRS);
        if cut.is_some() || !undetermined.is_empty() {
            let detail = cut.unwrap_or_else(|| undetermined.join("; "));
            let u = Unavailable::new(Reason::NotCollected, format!("{detail}."));
            let summary = format!(
                "Security policy not determined: no policy file was seen, but {detail}{pvr_note}."
            );
            return Judgement::unknown(ProbeFacts::SecurityPolicy(f), &u, summary).cite_all(cites);
        }

        // No policy in the repository: GitHub falls back to the owner's `.github` repository.
        if ev.repo.github.is_none() {
            f.source = PolicySource::None;
            cites.push(cite_tree(ev, &["source"]));
            let summary =
                format!("No security policy in the repository{note}, and it is not on GitHub.");
            return Judgement::new(ProbeFacts::SecurityPolicy(f), Outcome::NotMet, summary)
                .cite_all(cites);
        }
        let owner = ev
            .repo
            .github
            .as_ref()
            .map(|g| g.owner.as_str())
            .unwrap_or_default();
        match &ev.github.org_security_policy {
            Ok(Some(p)) => {
                f.source = PolicySource::OrgDotGithub;
                let cs = contacts(&p.content);
                cites.push(
                    ev.cite_url(&p.html_url)
                        .excerpt(&format!("{} in {}", p.path, p.repository))
                        .supports(&["locations", "source"]),
                );
                cites.extend(contact_citations(&p.content, &cs, |a, b, ex| {
                    let anchor = if a == b {
                        format!("#L{a}")
                    } else {
                        format!("#L{a}-L{b}")
                    };
                    ev.cite_url(&format!("{}{anchor}", p.html_url))
                        .lines(a, b)
                        .excerpt(ex)
                }));
                let found = cs.into_iter().map(|c| c.value).collect();
                let from = format!(
                    "in the organisation's {} repository (GitHub's default for the repository){note}",
                    p.repository
                );
                finish(
                    f,
                    vec![p.html_url.clone()],
                    found,
                    &[],
                    cites,
                    &from,
                    pvr_note,
                )
            }
            Ok(None) => {
                f.source = PolicySource::None;
                cites.push(cite_tree(ev, &["source"]));
                let summary = format!(
                    "No security policy in the repository or in {owner}/.github{note}{pvr_note}."
                );
                let outcome = if f.private_vulnerability_reporting == Some(true) {
                    Outcome::PartiallyMet
                } else {
                    Outcome::NotMet
                };
                Judgement::new(ProbeFacts::SecurityPolicy(f), outcome, summary).cite_all(cites)
            }
            Err(u) => {
                let summary = format!(
                    "No security policy in the repository{note}; the organisation's {owner}/.github repository may carry one, but {}{pvr_note}.",
                    why("it", u)
                );
                Judgement::unknown(ProbeFacts::SecurityPolicy(f), u, summary).cite_all(cites)
            }
        }
    }
}

/// The outcome once a policy was found: met with a contact (or private reporting enabled).
/// Most handles kept from a SECURITY_CONTACTS file.
const MAX_SECURITY_CONTACTS: usize = 50;

/// The GitHub handles listed in a SECURITY_CONTACTS file: one per line, `#` comments;
/// anything that is not a valid handle is skipped.
fn security_contacts(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches('@')
        })
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 39
                && !h.starts_with('-')
                && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_string)
        .take(MAX_SECURITY_CONTACTS)
        .collect()
}

/// `unread`: sentences about policy files whose content was not read; without a contact
/// elsewhere, whether the policy names one is then unknown (never "no contact").
fn finish(
    mut f: SecurityPolicyFacts,
    locations: Vec<String>,
    found: Vec<String>,
    unread: &[String],
    cites: Vec<Citation>,
    from: &str,
    pvr_note: &str,
) -> Judgement {
    let where_ = locations.join(", ");
    f.locations = Some(locations);
    let has_contact = !found.is_empty();
    if !has_contact && !unread.is_empty() && f.private_vulnerability_reporting != Some(true) {
        let detail = unread.join("; ");
        let u = Unavailable::new(Reason::NotCollected, format!("{detail}."));
        let summary = format!(
            "Security policy {from}: {where_}; whether it names a contact is not known{pvr_note}."
        );
        return Judgement::unknown(ProbeFacts::SecurityPolicy(f), &u, summary).cite_all(cites);
    }
    let contact_note = if has_contact {
        let shown: Vec<&str> = found.iter().take(3).map(String::as_str).collect();
        format!(
            "contacts: {}{}",
            shown.join(", "),
            if found.len() > 3 { ", ..." } else { "" }
        )
    } else {
        "no e-mail address or URL to report to was found in it".to_string()
    };
    // Contacts were looked for: an empty list is an observation, cited by the policy itself.
    f.contact = Some(found);
    let outcome = if has_contact || f.private_vulnerability_reporting == Some(true) {
        Outcome::Met
    } else {
        Outcome::PartiallyMet
    };
    let cites: Vec<Citation> = cites
        .into_iter()
        .map(|c| {
            if c.supports.iter().any(|s| s == "locations") {
                c.supports(&["contact"])
            } else {
                c
            }
        })
        .collect();
    let contacts_file = match &f.security_contacts {
        Some(h) if !h.is_empty() => format!(
            "; SECURITY_CONTACTS names {}",
            plural(h.len() as u64, "person", "people")
        ),
        _ => String::new(),
    };
    let summary =
        format!("Security policy {from}: {where_}; {contact_note}{contacts_file}{pvr_note}.");
    Judgement::new(ProbeFacts::SecurityPolicy(f), outcome, summary).cite_all(cites)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::github::{Flag, OrgPolicy};
    use crate::evidence::{EntryKind, FileContent, FileEntry};
    use crate::probes::testing::*;

    fn judge(ev: &Evidence) -> Judgement {
        let j = SecurityPolicy.judge(ev);
        assert_cited(&j);
        j
    }

    const POLICY: &str = "# Security\n\nPlease do not open issues.\nE-mail [us](mailto:security@example.org).\n\nOr use https://github.com/o/r/security/advisories/new\n![badge](https://img.shields.io/badge/x.svg)\n";

    #[test]
    fn policy_with_contacts_is_met_and_cites_lines() {
        let ev = with_files(&[
            ("SECURITY.md", POLICY),
            ("SECURITY-INSIGHTS.yml", "header: {}\n"),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["source"], "repository");
        assert_eq!(f["locations"], serde_json::json!(["SECURITY.md"]));
        assert_eq!(
            f["contact"],
            serde_json::json!([
                "security@example.org",
                "https://github.com/o/r/security/advisories/new"
            ])
        );
        assert_eq!(f["security_insights_path"], "SECURITY-INSIGHTS.yml");
        let c = j
            .citations
            .iter()
            .find(|c| c.lines == Some([4, 4]))
            .expect("line 4 cited");
        assert!(c.url.as_deref().unwrap().ends_with("/SECURITY.md#L4"));
        assert!(
            c.excerpt
                .as_deref()
                .unwrap()
                .contains("security@example.org")
        );
    }

    #[test]
    fn any_case_and_extension_in_the_three_places() {
        for p in [
            "security.md",
            ".github/SECURITY.rst",
            "docs/Security.txt",
            "SECURITY",
            "SECURITY.markdown",
        ] {
            let ev = with_files(&[(p, "mail sec@x.io\n")]);
            let j = judge(&ev);
            assert_eq!(j.outcome, Outcome::Met, "{p}");
        }
        let ev = with_files(&[
            ("pkg/SECURITY.md", "mail sec@x.io\n"),
            ("security.go", "package x"),
        ]);
        assert_ne!(judge(&ev).outcome, Outcome::Met);
    }

    #[test]
    fn kubernetes_security_contacts_are_reported() {
        let ev = with_files(&[
            ("SECURITY.md", "See https://kubernetes.io/security/\n"),
            (
                "SECURITY_CONTACTS",
                "# Defined below are the security contacts for this repo.\n#\nalice\n@bob\n\n<script>\ncarol # lead\n",
            ),
        ]);
        let j = judge(&ev);
        let f = facts(&j);
        assert_eq!(f["security_contacts_path"], "SECURITY_CONTACTS");
        assert_eq!(
            f["security_contacts"],
            serde_json::json!(["alice", "bob", "carol"])
        );
        assert_eq!(j.outcome, Outcome::Met);
        assert!(
            j.summary.contains("SECURITY_CONTACTS names 3 people"),
            "{}",
            j.summary
        );
    }

    #[test]
    fn policy_without_contact_is_partial() {
        let ev = with_files(&[("SECURITY.md", "We take security seriously.\n")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert_eq!(facts(&j)["contact"], serde_json::json!([]));
    }

    #[test]
    fn offline_on_github_without_policy_is_unknown() {
        let ev = with_files(&[("README.md", "hi")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::Offline));
        assert!(j.summary.contains("o/.github"), "{}", j.summary);
    }

    #[test]
    fn not_on_github_without_policy_is_not_met() {
        let ev = local_only(&[("README.md", "hi")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet);
        assert_eq!(facts(&j)["source"], "none");
    }

    #[test]
    fn org_dot_github_policy() {
        let mut ev = online(&[]);
        ev.github.org_security_policy = Ok(Some(OrgPolicy {
            repository: "o/.github".into(),
            path: "SECURITY.md".into(),
            html_url: "https://github.com/o/.github/blob/main/SECURITY.md".into(),
            content: "# Policy\nWrite to security@o.example\n".into(),
        }));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["source"], "org_dot_github");
        assert_eq!(
            f["locations"][0],
            "https://github.com/o/.github/blob/main/SECURITY.md"
        );
        assert_eq!(f["contact"], serde_json::json!(["security@o.example"]));
        assert!(
            j.citations.iter().any(|c| c.url.as_deref()
                == Some("https://github.com/o/.github/blob/main/SECURITY.md#L2"))
        );
    }

    #[test]
    fn no_policy_anywhere_is_not_met_unless_private_reporting() {
        let mut ev = online(&[]);
        assert_eq!(judge(&ev).outcome, Outcome::NotMet);
        ev.github.private_vulnerability_reporting = Ok(Flag {
            api_url: format!("{API}/private-vulnerability-reporting"),
            enabled: true,
        });
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert_eq!(facts(&j)["private_vulnerability_reporting"], true);
        ev.github.org_security_policy = Err(unavailable(Reason::ApiError));
        assert_eq!(judge(&ev).outcome, Outcome::Unknown);
    }

    #[test]
    fn symlink_out_of_the_tree_is_not_read_and_truncated_policy_still_counts() {
        let mut ev = local_only(&[]);
        let snap = ev.files.as_mut().unwrap();
        snap.entries.insert(
            "SECURITY.md".into(),
            FileEntry {
                size: 20,
                kind: EntryKind::Symlink {
                    target: "../../etc/passwd".into(),
                },
                content: None,
            },
        );
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet);
        assert!(j.summary.contains("symlink"), "{}", j.summary);

        let mut ev = with_files(&[]);
        ev.files.as_mut().unwrap().entries.insert(
            "SECURITY.md".into(),
            FileEntry {
                size: 50 * 1024 * 1024,
                kind: EntryKind::File,
                content: Some(
                    FileContent {
                        text: "Report to sec@x.io\n".repeat(10),
                        truncated: true,
                    }
                    .into(),
                ),
            },
        );
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met);
        assert!(j.summary.contains("only partly read"), "{}", j.summary);
    }

    #[test]
    fn unreadable_files_are_unknown() {
        let mut ev = online(&[]);
        ev.files = Err(unavailable(Reason::ApiError));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::ApiError));
    }
}
