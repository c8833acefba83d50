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

mod announce;
pub(crate) mod contacts;
pub mod insights;

use crate::evidence::files::Resolved;
use crate::evidence::{Evidence, FileSnapshot, Unavailable};
use crate::evidence::{Need, Needs};
use crate::model::{
    Citation, ContactKind, ContactOrigin, Outcome, PolicyContact, PolicyReference, PolicySource,
    ProbeFacts, ProbeId, Reason, SectionReference, SecurityPolicyFacts,
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

    fn needs(&self) -> Needs {
        Needs::of(&[Need::SecurityDocs, Need::SecuritySettings, Need::OrgPolicy])
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
                // Its expiration date, against the scan's: an expired file is said so.
                if let Some((day, line)) = insights::expiration(&content.text, content.truncated) {
                    let today = ev.retrieved_at.get(..10).unwrap_or_default();
                    f.security_insights_expired = (today.len() == 10).then(|| day.as_str() < today);
                    f.security_insights_expiration = Some(day);
                    let sup = ["security_insights_expiration", "security_insights_expired"];
                    let text_line =
                        line.and_then(|l| content.text.lines().nth(l.saturating_sub(1) as usize));
                    g.cites.push(match (line, text_line) {
                        (Some(l), Some(t)) => ev
                            .cite_file(read, Some((l, l)))
                            .excerpt(t.trim())
                            .supports(&sup),
                        _ => cite_whole_file(ev, p, &sup),
                    });
                }
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
            let (handles, total) = security_contacts_counted(&content.text);
            f.security_contacts_path = Some(path.to_string());
            f.security_contacts = Some(handles);
            f.security_contacts_total = Some(total);
            g.cites.push(cite_whole_file(
                ev,
                path,
                &[
                    "security_contacts_path",
                    "security_contacts",
                    "security_contacts_total",
                ],
            ));
            // "DO NOT REPORT … TO THESE NAMES, FOLLOW THE INSTRUCTIONS AT <url>": the names
            // are not where reports go.
            if let Some((first, last, url)) = report_elsewhere(&content.text) {
                f.security_contacts_report_to = Some(url);
                g.cites.push(
                    ev.cite_file(path, Some((first, last)))
                        .excerpt(
                            &content
                                .text
                                .lines()
                                .skip(first as usize - 1)
                                .take((last - first + 1) as usize)
                                .map(|l| l.trim_start_matches('#').trim())
                                .collect::<Vec<_>>()
                                .join(" "),
                        )
                        .supports(&["security_contacts_report_to"]),
                );
            }
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
                    // Links to the project's website whose page source is in the
                    // repository ("the reporting process documentation at
                    // https://project.io/resources/security-process").
                    for x in &e.references {
                        let listed = snap.entries.keys().map(String::as_str);
                        if let Some(p) = crate::evidence::docs::site::site_source(listed, &x.url) {
                            pages.push((p.to_string(), read.to_string(), x.line));
                        }
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
        let mut section_refs: Vec<(Citation, SectionReference)> = Vec::new();
        if g.count(&[ContactOrigin::Policy, ContactOrigin::LinkedPage]) == 0 {
            for path in section_paths(snap) {
                let Some((read, content)) = snap.text(path) else {
                    continue;
                };
                let Some((heading, body)) = section(&content.text) else {
                    continue;
                };
                let e = extract(&body, Base { repo, path: None });
                if e.contacts.is_empty() {
                    for x in e.references.iter().take(3) {
                        section_refs.push((
                            g.cite_line(Doc::File(read), &content.text, x.line, &x.url)
                                .supports(&["section_references"]),
                            SectionReference {
                                url: x.url.clone(),
                                found_in: read.to_string(),
                                line: x.line,
                                section: heading.clone(),
                            },
                        ));
                    }
                }
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
        if !any_contact && !has_policy && !section_refs.is_empty() {
            let (c, refs): (Vec<Citation>, Vec<SectionReference>) =
                section_refs.into_iter().unzip();
            g.cites.extend(c);
            f.section_references = Some(refs);
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

/// The warning of a `SECURITY_CONTACTS` file not to report to its names, with its lines
/// (1-based, the warning may span two comment lines) and the URL it sends reporters to.
fn report_elsewhere(text: &str) -> Option<(u32, u32, String)> {
    let lines: Vec<&str> = text.lines().take(200).collect();
    let i = lines.iter().position(|l| {
        let u = l.to_ascii_uppercase();
        u.contains("DO NOT REPORT") || u.contains("DON'T REPORT")
    })?;
    // The URL on that line or the next two.
    for (j, l) in lines.iter().enumerate().skip(i).take(3) {
        if let Some(url) = linkify::LinkFinder::new()
            .kinds(&[linkify::LinkKind::Url])
            .links(l)
            .next()
        {
            let url = url.as_str().trim_end_matches(['.', ',', ')']).to_string();
            let to = |n: usize| u32::try_from(n + 1).unwrap_or(u32::MAX);
            return Some((to(i), to(j), url));
        }
    }
    None
}

/// The GitHub handles listed in a SECURITY_CONTACTS file: one per line, `#` comments;
/// anything that is not a valid handle is skipped. At most [`MAX_SECURITY_CONTACTS`].
pub(crate) fn security_contacts(text: &str) -> Vec<String> {
    security_contacts_counted(text).0
}

/// The handles kept (at most [`MAX_SECURITY_CONTACTS`]) and how many the file lists.
pub(crate) fn security_contacts_counted(text: &str) -> (Vec<String>, u64) {
    let mut kept = Vec::new();
    let mut total = 0u64;
    for h in handles(text) {
        total += 1;
        if kept.len() < MAX_SECURITY_CONTACTS {
            kept.push(h.to_string());
        }
    }
    (kept, total)
}

fn handles(text: &str) -> impl Iterator<Item = &str> {
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
}

#[cfg(test)]
mod tests;
