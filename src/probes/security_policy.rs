//! `security-policy`: a security policy (SECURITY.md) with a way to report vulnerabilities.
//!
//! Looked for at the root, `.github/`, `docs/` and `doc/` (any case; `.md`, `.markdown`,
//! `.adoc`, `.asciidoc`, `.rst`, `.txt` or no extension). Without one in the repository,
//! GitHub shows the policy of the owner's `.github` repository: that is read from the API,
//! and when it could not be read, or where the repository is hosted is unknown (a clone
//! without a GitHub remote), the outcome is `unknown`, never `not_met`.
//!
//! Contacts are ways to report (see [`contacts`]); every other link is a reference. They
//! come from the policy, the in-repository pages it links to, `SECURITY-INSIGHTS.yml`, and,
//! when the policy names none, the security section of CONTRIBUTING or README. Each is
//! cited at the line it stands on.

pub(crate) mod contacts;
pub(crate) mod insights;

use crate::evidence::files::Resolved;
use crate::evidence::{Evidence, FileSnapshot, Unavailable};
use crate::model::{
    Citation, ContactKind, ContactOrigin, Outcome, PolicyContact, PolicyReference, PolicySource,
    ProbeFacts, ProbeId, Reason, SecurityPolicyFacts,
};

use self::contacts::{Base, Extracted, blob_path, extract, section};
use super::util::{cite_tree, cite_whole_file, files, line_text, plural, why};
use super::{Judgement, Probe};

pub struct SecurityPolicy;

/// Extensions of a policy or documentation page (`""`: none).
const DOC_EXTENSIONS: [&str; 7] = ["", "md", "markdown", "adoc", "asciidoc", "rst", "txt"];

/// True for a documentation file name (lowercase): one of [`DOC_EXTENSIONS`].
fn is_doc_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, ext)) => !stem.is_empty() && DOC_EXTENSIONS.contains(&ext),
        None => true,
    }
}

/// Where a policy may stand: an absence is evidence only when these were listed.
const POLICY_DIRS: [&str; 4] = [".github", "", "docs", "doc"];

/// Policy file paths in the order GitHub prefers them (`.github/`, root, `docs/`), then
/// `doc/`.
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
                "doc" => 3,
                _ => return None,
            };
            let ok = name == "security"
                || name
                    .strip_prefix("security.")
                    .is_some_and(|ext| DOC_EXTENSIONS[1..].contains(&ext));
            ok.then_some((rank, p.as_str()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// SECURITY-INSIGHTS.yml at the root, `.github/` or `docs/`.
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

/// CONTRIBUTING and README files at the root, `.github/`, `docs/` and `doc/`, CONTRIBUTING
/// first, shallowest first.
fn section_paths(snap: &FileSnapshot) -> Vec<&str> {
    let mut found: Vec<(u8, u8, &str)> = snap
        .entries
        .keys()
        .filter_map(|p| {
            let lower = p.to_ascii_lowercase();
            let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
            let rank = match dir {
                "" => 0,
                ".github" => 1,
                "docs" => 2,
                "doc" => 3,
                _ => return None,
            };
            let kind = if name.starts_with("contributing") {
                0
            } else if name.starts_with("readme") {
                1
            } else {
                return None;
            };
            is_doc_name(name).then_some((kind, rank, p.as_str()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, _, p)| p).collect()
}

/// Most characters of a line kept in an excerpt (what `Citation::excerpt` keeps).
const EXCERPT: usize = 200;

/// The excerpt of `line` for a citation of `needle`: the trimmed line, or, when longer than
/// an excerpt holds, a verbatim window of it that contains `needle`.
fn excerpt_around(line: &str, needle: &str) -> String {
    let t = line.trim();
    if t.chars().count() <= EXCERPT {
        return t.to_string();
    }
    let Some(at) = t.find(needle) else {
        return t.chars().take(EXCERPT).collect();
    };
    let before = t[..at].chars().count();
    let len = needle.chars().count();
    let start = before.saturating_sub(EXCERPT.saturating_sub(len) / 2);
    t.chars().skip(start).take(EXCERPT).collect()
}

/// A document the contacts and references came from: a repository file, or the
/// organization's policy (cited by its URL).
#[derive(Clone, Copy)]
enum Doc<'a> {
    File(&'a str),
    Org(&'a str),
}

impl Doc<'_> {
    fn name(&self) -> &str {
        match self {
            Doc::File(p) | Doc::Org(p) => p,
        }
    }
}

/// Everything gathered for the facts: contacts, references and their citations.
struct Gathered<'e> {
    ev: &'e Evidence,
    contacts: Vec<PolicyContact>,
    references: Vec<PolicyReference>,
    cites: Vec<Citation>,
    notes: Vec<String>,
}

impl<'e> Gathered<'e> {
    /// A citation of line `line` of `doc` (whose text is `text`) showing `needle`.
    fn cite_line(&self, doc: Doc<'_>, text: &str, line: u32, needle: &str) -> Citation {
        let excerpt = excerpt_around(line_text(text, line), needle);
        match doc {
            Doc::File(p) => self.ev.cite_file(p, Some((line, line))).excerpt(&excerpt),
            Doc::Org(url) => self
                .ev
                .cite_url(&format!("{url}#L{line}"))
                .lines(line, line)
                .excerpt(&excerpt),
        }
    }

    /// Records one contact and cites its line (or the whole file when it has no line).
    #[allow(clippy::too_many_arguments)]
    fn contact(
        &mut self,
        doc: Doc<'_>,
        text: &str,
        value: String,
        kind: ContactKind,
        origin: ContactOrigin,
        line: Option<u32>,
        written: Option<String>,
    ) -> &mut PolicyContact {
        let needle = written.clone().unwrap_or_else(|| value.clone());
        let c = match line {
            Some(l) => self.cite_line(doc, text, l, &needle),
            None => match doc {
                Doc::File(p) => cite_whole_file(self.ev, p, &[]),
                Doc::Org(url) => self.ev.cite_url(url),
            },
        };
        self.cite_once(c.supports(&["contact", "contact_details"]));
        self.contacts.push(PolicyContact {
            value,
            kind,
            origin,
            found_in: doc.name().to_string(),
            line,
            written,
            section: None,
            linked_from: None,
            linked_from_line: None,
        });
        let n = self.contacts.len() - 1;
        &mut self.contacts[n]
    }

    fn reference(&mut self, doc: Doc<'_>, text: &str, url: String, line: Option<u32>) {
        if self.references.len() >= contacts::MAX_REFERENCES * 2
            || self
                .references
                .iter()
                .any(|r| r.url == url && r.found_in == doc.name())
        {
            return;
        }
        let c = match line {
            Some(l) => self.cite_line(doc, text, l, url.trim_start_matches("mailto:")),
            None => match doc {
                Doc::File(p) => cite_whole_file(self.ev, p, &[]),
                Doc::Org(u) => self.ev.cite_url(u),
            },
        };
        self.cite_once(c.supports(&["references"]));
        self.references.push(PolicyReference {
            url,
            found_in: doc.name().to_string(),
            line,
        });
    }

    /// Adds a citation, or merges its `supports` into the same one already there.
    fn cite_once(&mut self, c: Citation) {
        match self
            .cites
            .iter_mut()
            .find(|x| x.url == c.url && x.path == c.path && x.lines == c.lines && x.kind == c.kind)
        {
            Some(x) => {
                for s in &c.supports {
                    if !x.supports.contains(s) {
                        x.supports.push(s.clone());
                    }
                }
            }
            None => self.cites.push(c),
        }
    }

    /// Records what `extract` found in a document.
    fn extracted(&mut self, doc: Doc<'_>, text: &str, e: &Extracted, origin: ContactOrigin) {
        for c in &e.contacts {
            self.contact(
                doc,
                text,
                c.value.clone(),
                c.kind,
                origin,
                Some(c.line),
                c.written.clone(),
            );
        }
        if origin == ContactOrigin::Policy {
            for r in &e.references {
                self.reference(doc, text, r.url.clone(), Some(r.line));
            }
        }
    }

    /// Contacts found in documents of these origins.
    fn count(&self, origins: &[ContactOrigin]) -> usize {
        self.contacts
            .iter()
            .filter(|c| origins.contains(&c.origin))
            .count()
    }
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
        let mut g = Gathered {
            ev,
            contacts: Vec::new(),
            references: Vec::new(),
            cites: Vec::new(),
            notes: Vec::new(),
        };

        // API facts, whatever the policy's source.
        if let Ok(flag) = &ev.github.private_vulnerability_reporting {
            f.private_vulnerability_reporting = Some(flag.enabled);
            g.cites.push(
                ev.cite_api(&flag.api_url)
                    .excerpt(&format!("enabled: {}", flag.enabled))
                    .supports(&["private_vulnerability_reporting"]),
            );
        }
        if let Ok(a) = &ev.github.advisories {
            f.advisories_published = Some(a.published);
            g.cites.push(
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
                    .cite_all(g.cites);
            }
        };
        let repo = ev.repo.github.as_ref();
        // In-repository pages to read for contacts: (page, linking file, line of the link).
        let mut pages: Vec<(String, String, u32)> = Vec::new();

        // SECURITY-INSIGHTS.yml: its reporting contacts, and the policy page it names.
        let mut insights: Vec<(String, ContactKind, Option<u32>)> = Vec::new();
        let mut insights_text: Option<(&str, &str)> = None;
        if let Some(p) = insights_path(snap) {
            f.security_insights_path = Some(p.to_string());
            g.cites
                .push(cite_whole_file(ev, p, &["security_insights_path"]));
            if let Some((read, content)) = snap.text(p) {
                match insights::read(&content.text, content.truncated) {
                    Ok(entries) => {
                        insights_text = Some((read, content.text.as_str()));
                        for e in entries {
                            match e.kind {
                                Some(k) => insights.push((e.value, k, e.line)),
                                None => {
                                    if let Some((page, line)) =
                                        repo.and_then(|r| blob_path(&e.value, r)).zip(e.line)
                                    {
                                        pages.push((page, read.to_string(), line));
                                    }
                                }
                            }
                        }
                    }
                    Err(why) => g.notes.push(format!("{p} {why}")),
                }
            }
        }

        // Kubernetes-style SECURITY_CONTACTS: GitHub handles of the people who handle reports.
        if let Some((path, content)) = snap.text("SECURITY_CONTACTS") {
            let handles = security_contacts(&content.text);
            f.security_contacts_path = Some(path.to_string());
            f.security_contacts = Some(handles);
            g.cites.push(cite_whole_file(
                ev,
                path,
                &["security_contacts_path", "security_contacts"],
            ));
        }

        // Policy files in the repository: regular files, or in-tree symlinks to one. A
        // submodule, a link out of the tree, to a directory or in a loop is not a policy.
        let mut locations: Vec<String> = Vec::new();
        // A policy whose content was not read: whether it names a contact is unknown.
        let mut unread_policies: Vec<String> = Vec::new();
        // A path that may be a policy but could not be told (a link whose target was not read).
        let mut undetermined: Vec<String> = Vec::new();
        let policies = policy_paths(snap);
        for path in &policies {
            let resolved = snap.resolve(path);
            let loaded = match &resolved {
                Some(Resolved::File { path: read, entry }) => {
                    entry.content.as_deref().map(|c| (*read, c))
                }
                _ => None,
            };
            match (resolved, loaded) {
                (Some(Resolved::File { .. }), Some((read, content))) => {
                    locations.push(path.to_string());
                    g.cites.push(cite_whole_file(
                        ev,
                        read,
                        &[
                            "locations",
                            "source",
                            "contact",
                            "contact_details",
                            "references",
                        ],
                    ));
                    let e = extract(
                        &content.text,
                        Base {
                            repo,
                            path: Some(read),
                        },
                    );
                    g.extracted(Doc::File(read), &content.text, &e, ContactOrigin::Policy);
                    for p in e.pages {
                        pages.push((p.path, read.to_string(), p.line));
                    }
                    if content.truncated {
                        g.notes
                            .push(format!("{path} is very large and was only partly read"));
                    }
                }
                (Some(Resolved::File { path: read, .. }), None) => {
                    // Listed but its content was not loaded: still a policy.
                    locations.push(path.to_string());
                    g.cites
                        .push(ev.cite_file(read, None).supports(&["locations", "source"]));
                    let why = match snap.unread.get(read) {
                        Some(u) => format!("{path} was not read: {}", u.describe()),
                        None if snap.missing.iter().any(|m| m == read) => format!(
                            "{path} could not be read: its object is absent from this clone"
                        ),
                        None => format!("{path} could not be read"),
                    };
                    g.notes.push(why.clone());
                    unread_policies.push(why);
                }
                (Some(other), _) => {
                    let sentence = format!("{path} {}", other.describe());
                    if matches!(
                        other,
                        Resolved::TargetUnread | Resolved::Dangling { listed: false, .. }
                    ) {
                        undetermined.push(sentence.clone());
                    }
                    g.notes.push(sentence);
                }
                (None, _) => {}
            }
        }

        // No policy seen: absence is evidence only when the places GitHub looks were listed.
        if locations.is_empty() {
            let cut = snap.unlisted_note(&POLICY_DIRS);
            if cut.is_some() || !undetermined.is_empty() {
                let detail = cut.unwrap_or_else(|| undetermined.join("; "));
                let u = Unavailable::new(Reason::NotCollected, format!("{detail}."));
                let summary = format!(
                    "Security policy not determined: no policy file was seen, but {detail}{pvr_note}."
                );
                return Judgement::unknown(ProbeFacts::SecurityPolicy(f), &u, summary)
                    .cite_all(g.cites);
            }
        }

        // No policy in the repository: GitHub falls back to the owner's `.github` repository.
        let mut from = "in the repository".to_string();
        let mut org_unknown: Option<Unavailable> = None;
        if locations.is_empty() {
            match (repo, &ev.github.org_security_policy) {
                (None, _) => {
                    org_unknown = Some(Unavailable::new(
                        Reason::Offline,
                        "where the repository is hosted is unknown: it has no GitHub remote",
                    ));
                }
                (Some(_), Ok(Some(p))) => {
                    f.source = PolicySource::OrgDotGithub;
                    g.cites.push(
                        ev.cite_url(&p.html_url)
                            .excerpt(&format!("{} in {}", p.path, p.repository))
                            .supports(&[
                                "locations",
                                "source",
                                "contact",
                                "contact_details",
                                "references",
                            ]),
                    );
                    let e = extract(
                        &p.content,
                        Base {
                            repo: None,
                            path: None,
                        },
                    );
                    g.extracted(Doc::Org(&p.html_url), &p.content, &e, ContactOrigin::Policy);
                    locations.push(p.html_url.clone());
                    from = format!(
                        "in the organisation's {} repository (GitHub's default for the repository)",
                        p.repository
                    );
                }
                (Some(_), Ok(None)) => f.source = PolicySource::None,
                (Some(_), Err(u)) => org_unknown = Some(u.clone()),
            }
        } else {
            f.source = PolicySource::Repository;
        }
        let has_policy = !locations.is_empty();

        // In-repository pages the policy (or SECURITY-INSIGHTS) links to: their contacts.
        let mut unread_pages: Vec<String> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (page, from_path, link_line) in pages {
            let lower = page.to_ascii_lowercase();
            let name = lower.rsplit('/').next().unwrap_or(&lower);
            if seen.contains(&page)
                || policies.contains(&page.as_str())
                || !is_doc_name(name)
                || seen.len() >= contacts::MAX_PAGES
            {
                continue;
            }
            seen.push(page.clone());
            let Some((read, content)) = snap.text(&page) else {
                if snap.get(&page).is_some() {
                    unread_pages.push(page);
                }
                continue;
            };
            let e = extract(
                &content.text,
                Base {
                    repo,
                    path: Some(read),
                },
            );
            let before = g.contacts.len();
            g.extracted(
                Doc::File(read),
                &content.text,
                &e,
                ContactOrigin::LinkedPage,
            );
            if g.contacts.len() > before {
                let from_text = snap
                    .text(&from_path)
                    .map(|(_, c)| c.text.as_str())
                    .unwrap_or("");
                let link = g
                    .cite_line(Doc::File(&from_path), from_text, link_line, &page)
                    .supports(&["contact_details"]);
                g.cite_once(link);
                for c in &mut g.contacts[before..] {
                    c.linked_from = Some(from_path.clone());
                    c.linked_from_line = Some(link_line);
                }
            }
        }

        if let Some((path, text)) = insights_text {
            for (value, kind, line) in insights {
                g.contact(
                    Doc::File(path),
                    text,
                    value,
                    kind,
                    ContactOrigin::SecurityInsights,
                    line,
                    None,
                );
            }
        }

        // The security section of CONTRIBUTING or README, when the policy names no contact.
        if g.count(&[ContactOrigin::Policy, ContactOrigin::LinkedPage]) == 0 {
            for path in section_paths(snap) {
                let Some((read, content)) = snap.text(path) else {
                    continue;
                };
                let Some((heading, body)) = section(&content.text) else {
                    continue;
                };
                let e = extract(&body, Base { repo, path: None });
                let before = g.contacts.len();
                g.extracted(
                    Doc::File(read),
                    &content.text,
                    &e,
                    ContactOrigin::DocSection,
                );
                for c in &mut g.contacts[before..] {
                    c.section = Some(heading.clone());
                }
            }
        }

        // The facts: contacts when a document was read for them.
        let mut values: Vec<String> = Vec::new();
        for c in &g.contacts {
            if !values.iter().any(|v| v.eq_ignore_ascii_case(&c.value)) {
                values.push(c.value.clone());
            }
        }
        let any_contact = !values.is_empty();
        if has_policy || any_contact {
            f.contact = Some(values.clone());
            f.contact_details = Some(g.contacts.clone());
        }
        if has_policy {
            f.references = Some(g.references.clone());
        }

        let note = if g.notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", g.notes.join("; "))
        };
        let found = contacts_note(&g.contacts);
        let contacts_file = match &f.security_contacts {
            Some(h) if !h.is_empty() => format!(
                "; SECURITY_CONTACTS names {}",
                plural(h.len() as u64, "person", "people")
            ),
            _ => String::new(),
        };
        let pvr_on = f.private_vulnerability_reporting == Some(true);

        if has_policy {
            let where_ = locations.join(", ");
            f.locations = Some(locations);
            let refs = if g.references.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} that {} not a way to report",
                    plural(g.references.len() as u64, "other link", "other links"),
                    if g.references.len() == 1 { "is" } else { "are" }
                )
            };
            let found = if any_contact {
                found
            } else {
                let unread = if unread_pages.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (it links to {}, not read)",
                        unread_pages
                            .iter()
                            .take(3)
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                format!("no e-mail address or reporting link was found in it{unread}")
            };
            if !any_contact && !unread_policies.is_empty() && !pvr_on {
                // The policy could not be read: whether it names a contact is not known.
                f.contact = None;
                f.contact_details = None;
                let u = Unavailable::new(
                    Reason::NotCollected,
                    format!("{}.", unread_policies.join("; ")),
                );
                let summary = format!(
                    "Security policy {from}: {where_}; whether it names a contact is not known{pvr_note}."
                );
                return Judgement::unknown(ProbeFacts::SecurityPolicy(f), &u, summary)
                    .cite_all(g.cites);
            }
            let outcome = if any_contact || pvr_on {
                Outcome::Met
            } else {
                Outcome::PartiallyMet
            };
            let summary = format!(
                "Security policy {from}{note}: {where_}; {found}{refs}{contacts_file}{pvr_note}."
            );
            return Judgement::new(ProbeFacts::SecurityPolicy(f), outcome, summary)
                .cite_all(g.cites);
        }

        let elsewhere = if any_contact {
            format!("; {found}")
        } else {
            String::new()
        };
        let owner = repo.map(|r| r.owner.as_str()).unwrap_or_default();
        g.cites.push(cite_tree(ev, &["source"]));
        match org_unknown {
            Some(u) if repo.is_none() => {
                let summary = format!(
                    "No security policy in the repository{note}; where it is hosted is unknown (it has no GitHub remote), so a policy of its organization could not be looked for{elsewhere}{contacts_file}."
                );
                Judgement::unknown(ProbeFacts::SecurityPolicy(f), &u, summary).cite_all(g.cites)
            }
            Some(u) => {
                let summary = format!(
                    "No security policy in the repository{note}; the organisation's {owner}/.github repository may carry one, but {}{elsewhere}{contacts_file}{pvr_note}.",
                    why("it", &u)
                );
                Judgement::unknown(ProbeFacts::SecurityPolicy(f), &u, summary).cite_all(g.cites)
            }
            None => {
                let summary = format!(
                    "No security policy in the repository or in {owner}/.github{note}{elsewhere}{contacts_file}{pvr_note}."
                );
                let outcome = if pvr_on || any_contact {
                    Outcome::PartiallyMet
                } else {
                    Outcome::NotMet
                };
                Judgement::new(ProbeFacts::SecurityPolicy(f), outcome, summary).cite_all(g.cites)
            }
        }
    }
}

/// "contacts in SECURITY.md: a, b; in SECURITY-INSIGHTS.yml: c" (three per file at most).
fn contacts_note(found: &[PolicyContact]) -> String {
    let mut files: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in found {
        match files.iter_mut().find(|(f, _)| *f == c.found_in) {
            Some((_, v)) => {
                if !v.contains(&c.value.as_str()) {
                    v.push(&c.value);
                }
            }
            None => files.push((&c.found_in, vec![&c.value])),
        }
    }
    let parts: Vec<String> = files
        .iter()
        .map(|(f, v)| {
            let shown: Vec<&str> = v.iter().take(3).copied().collect();
            format!(
                "in {f}: {}{}",
                shown.join(", "),
                if v.len() > 3 { ", ..." } else { "" }
            )
        })
        .collect();
    format!("contacts {}", parts.join("; "))
}

/// Most handles kept from a SECURITY_CONTACTS file.
const MAX_SECURITY_CONTACTS: usize = 50;

/// The GitHub handles listed in a SECURITY_CONTACTS file: one per line, `#` comments;
/// anything that is not a valid handle is skipped.
pub(crate) fn security_contacts(text: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::github::{Flag, OrgPolicy};
    use crate::evidence::{EntryKind, FileContent, FileEntry};
    use crate::model::Reason;
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
            "SECURITY.adoc",
            "docs/SECURITY.adoc",
            ".github/security.adoc",
            "doc/security.rst",
            "doc/SECURITY.asciidoc",
        ] {
            let ev = with_files(&[(p, "mail sec@x.io\n")]);
            let j = judge(&ev);
            assert_eq!(j.outcome, Outcome::Met, "{p}");
        }
        let ev = with_files(&[
            ("pkg/SECURITY.md", "mail sec@x.io\n"),
            ("security.go", "package x"),
            ("doc/security.html", "mail sec@x.io\n"),
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
        // The handles say who handles reports, not where to send one; the policy's only
        // link is a guidance page: a reference, so no contact.
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert_eq!(f["contact"], serde_json::json!([]));
        assert_eq!(f["references"][0]["url"], "https://kubernetes.io/security/");
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
    fn remote_less_clone_without_policy_is_unknown_not_not_met() {
        // A local clone with no remote: where it is hosted (and so its organization's
        // `.github` policy) is unknown.
        let ev = local_only(&[("README.md", "hi")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown, "{}", j.summary);
        assert_eq!(j.reason, Some(Reason::Offline));
        let f = facts(&j);
        assert_eq!(f["source"], "unknown");
        assert!(f["locations"].is_null() && f["contact"].is_null());
        assert!(f["private_vulnerability_reporting"].is_null());
        assert!(j.summary.contains("no GitHub remote"), "{}", j.summary);
        assert!(!j.summary.contains(".github"), "{}", j.summary);
        // A contact in CONTRIBUTING is still reported, the outcome still unknown.
        let ev = local_only(&[(
            "CONTRIBUTING.md",
            "# Contributing\n\n## Reporting security issues\n\nMail security@x.io.\n",
        )]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(facts(&j)["contact"], serde_json::json!(["security@x.io"]));
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
        let mut ev = online(&[]);
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
                content: Some(std::sync::Arc::new(FileContent {
                    text: "Report to sec@x.io\n".repeat(10),
                    truncated: true,
                })),
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

    /// The lines a contact's citations cover contain the contact (or, for a linked page,
    /// the link to it).
    fn assert_contact_lines(ev: &Evidence, j: &Judgement) {
        let f = facts(j);
        let snap = ev.files.as_ref().unwrap();
        for c in f["contact_details"].as_array().unwrap() {
            let value = c["value"].as_str().unwrap();
            let shown = c["written"].as_str().unwrap_or(value);
            let path = c["found_in"].as_str().unwrap();
            let Some(line) = c["line"].as_u64() else {
                continue;
            };
            let cite = j
                .citations
                .iter()
                .find(|x| {
                    x.path.as_deref() == Some(path)
                        && x.lines == Some([line as u32, line as u32])
                        && x.supports.iter().any(|s| s == "contact_details")
                })
                .unwrap_or_else(|| panic!("no citation of {path}:{line} for {value}"));
            let text = &snap.text(path).unwrap().1.text;
            assert!(
                line_text(text, line as u32).contains(shown),
                "{path}:{line} lacks {shown}"
            );
            assert!(cite.excerpt.as_deref().unwrap().contains(shown));
        }
    }

    // Modelled on argoproj/argo-cd's SECURITY.md (CVSS scoring on first.org, advisories
    // listed on GitHub, one list address to write to), with the cve.org, docs and GitHub
    // organization links many CNCF policies carry.
    const REFERENCE_HEAVY: &str = "# Security Policy\n\
        \n\
        We assign CVEs through https://www.cve.org/ and score them with\n\
        [CVSS](https://www.first.org/cvss/calculator/3.1).\n\
        Published advisories: [GitHub Security Advisories](https://github.com/o/r/security/advisories)\n\
        Hardening guidance: https://r.example.io/docs/operator-manual/security/\n\
        The project lives in the https://github.com/o organization.\n\
        \n\
        Please report vulnerabilities by e-mail to the following address:\n\
        \n\
        * cncf-r-security@lists.cncf.io\n";

    #[test]
    fn reference_links_are_not_contacts() {
        let ev = with_files(&[("SECURITY.md", REFERENCE_HEAVY)]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(
            f["contact"],
            serde_json::json!(["cncf-r-security@lists.cncf.io"])
        );
        assert_eq!(f["contact_details"][0]["kind"], "mailing_list");
        assert_eq!(f["contact_details"][0]["origin"], "policy");
        assert_eq!(f["contact_details"][0]["line"], 11);
        let refs: Vec<&str> = f["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap())
            .collect();
        assert_eq!(
            refs,
            [
                "https://www.cve.org/",
                "https://www.first.org/cvss/calculator/3.1",
                "https://github.com/o/r/security/advisories",
                "https://r.example.io/docs/operator-manual/security/",
                "https://github.com/o"
            ]
        );
        assert!(
            j.summary
                .contains("5 other links that are not a way to report"),
            "{}",
            j.summary
        );
        assert!(!j.summary.contains("cve.org"), "{}", j.summary);
        assert_contact_lines(&ev, &j);
        // No reference line is cited as a contact.
        for c in &j.citations {
            if c.lines.is_some_and(|l| l[0] < 11) {
                assert!(!c.supports.iter().any(|s| s == "contact"), "{c:?}");
            }
        }
    }

    #[test]
    fn a_page_the_policy_links_to_gives_the_address() {
        // Shape of argoproj/argo-cd, whose SECURITY.md sends readers to
        // docs/operator-manual/security.md; here that page holds the address.
        let ev = with_files(&[
            (
                "SECURITY.md",
                "# Security\n\nSee the [security page](docs/operator-manual/security.md#reporting)\nand https://github.com/o/r/blob/main/docs/SECURITY_CONTACTS.md\n",
            ),
            (
                "docs/operator-manual/security.md",
                "# Security\n\n## Reporting\n\nWrite to security [at] r [dot] io, or use\nhttps://github.com/o/r/security/advisories/new\n",
            ),
            ("docs/SECURITY_CONTACTS.md", "Nothing here.\n"),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(
            f["contact"],
            serde_json::json!([
                "security@r.io",
                "https://github.com/o/r/security/advisories/new"
            ])
        );
        let d = &f["contact_details"][0];
        assert_eq!(d["origin"], "linked_page");
        assert_eq!(d["found_in"], "docs/operator-manual/security.md");
        assert_eq!(d["line"], 5);
        assert_eq!(d["written"], "security [at] r [dot] io");
        assert_eq!(d["linked_from"], "SECURITY.md");
        assert_eq!(d["linked_from_line"], 3);
        assert_eq!(
            f["contact_details"][1]["kind"],
            "private_vulnerability_reporting"
        );
        assert_contact_lines(&ev, &j);
        // The link line is cited too.
        assert!(
            j.citations
                .iter()
                .any(|c| c.path.as_deref() == Some("SECURITY.md") && c.lines == Some([3, 3]))
        );
    }

    #[test]
    fn security_insights_v1_and_v2_contacts() {
        // v1: the shape of prometheus/prometheus's SECURITY-INSIGHTS.yml, whose SECURITY.md
        // only links to the project's website.
        let v1 = "header:\n  schema-version: '1.0.0'\nsecurity-contacts:\n  - type: email\n    value: team@googlegroups.com\nvulnerability-reporting:\n  accepts-vulnerability-reports: true\n  security-policy: https://github.com/o/r/security/policy\n";
        let ev = with_files(&[
            (
                "SECURITY.md",
                "# Reporting a security issue\n\nSee [https://r.example.io/docs/security/](https://r.example.io/docs/security/)\n",
            ),
            ("SECURITY-INSIGHTS.yml", v1),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["contact"], serde_json::json!(["team@googlegroups.com"]));
        assert_eq!(f["contact_details"][0]["origin"], "security_insights");
        assert_eq!(f["contact_details"][0]["line"], 5);
        assert_contact_lines(&ev, &j);

        // v2 (ossf/security-insights-spec v2.2.0 example), no policy file, on GitHub with
        // the organization read and empty: no policy, but a contact.
        let v2 = "header:\n  schema-version: 2.2.0\nproject:\n  vulnerability-reporting:\n    reports-accepted: true\n    bug-bounty-program: https://example.com/bugs.html\n    contact:\n      name: Security team\n      email: security@something.com\n    policy: https://github.com/o/r/blob/main/docs/reporting.md\n";
        let mut ev = online(&[
            (".github/security-insights.yml", v2),
            ("docs/reporting.md", "Or mail disclose@something.com\n"),
        ]);
        ev.github.org_security_policy = Ok(None);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(
            f["contact"],
            serde_json::json!([
                "disclose@something.com",
                "security@something.com",
                "https://example.com/bugs.html"
            ])
        );
        assert_eq!(
            f["contact_details"][0]["linked_from"],
            ".github/security-insights.yml"
        );
        assert_eq!(f["contact_details"][2]["kind"], "bug_bounty");
        assert_contact_lines(&ev, &j);
    }

    #[test]
    fn contributing_security_section_when_the_policy_names_none() {
        // Shape of sigstore/cosign's CONTRIBUTING.md "## Security" section (there it
        // points at the organization's policy; here it holds an address).
        let contributing = "# Contributing\n\n```sh\n# Security scan\nmake lint\n```\n\n## Security\n\nShould you discover any security issues, please mail security@r.io\n\n## Bundle files\n\nAsk dev@r.io\n";
        let ev = with_files(&[
            ("SECURITY.md", "We take security seriously.\n"),
            ("CONTRIBUTING.md", contributing),
            (
                "README.md",
                "# R\n\n## Reporting bugs\n\nFile issues, or mail bugs@r.io\n",
            ),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["contact"], serde_json::json!(["security@r.io"]));
        assert_eq!(f["contact_details"][0]["origin"], "doc_section");
        assert_eq!(f["contact_details"][0]["section"], "Security");
        assert_eq!(f["contact_details"][0]["line"], 10);
        assert_contact_lines(&ev, &j);

        // With a contact in the policy, CONTRIBUTING is not read for one.
        let ev = with_files(&[
            ("SECURITY.md", "Mail sec@r.io\n"),
            ("CONTRIBUTING.md", contributing),
        ]);
        assert_eq!(
            facts(&judge(&ev))["contact"],
            serde_json::json!(["sec@r.io"])
        );
    }

    #[test]
    fn unread_linked_page_is_said() {
        let mut ev = with_files(&[("SECURITY.md", "See [our process](GOVERNANCE.md).\n")]);
        ev.files.as_mut().unwrap().entries.insert(
            "GOVERNANCE.md".into(),
            FileEntry {
                size: 10,
                kind: EntryKind::File,
                content: None,
            },
        );
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert!(
            j.summary.contains("it links to GOVERNANCE.md, not read"),
            "{}",
            j.summary
        );
    }

    #[test]
    fn long_lines_are_excerpted_around_the_contact() {
        let line = format!("{} mail sec@x.io {}\n", "a".repeat(300), "b".repeat(300));
        let ev = with_files(&[("SECURITY.md", line.as_str())]);
        let j = judge(&ev);
        assert_contact_lines(&ev, &j);
    }
}
