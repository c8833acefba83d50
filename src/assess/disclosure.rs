//! Security policy and inbound communication answers.

use super::*;

impl Ctx<'_> {
    // ------------------------------------------------------------ security policy

    pub(super) fn security_policy(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::SecurityPolicy]);
        let Some((r, f)) = self.policy() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        // A section of README/CONTRIBUTING that sends reporters to a policy file of
        // another repository (the organization's): said in place of "no policy found".
        let elsewhere = f
            .section_references
            .as_deref()
            .and_then(|v| v.first())
            .filter(|x| is_policy_file_url(&x.url));
        let no_own_policy = f.locations.as_deref().is_none_or(|l| l.is_empty());
        match f.locations.as_deref() {
            _ if no_own_policy && elsewhere.is_some() => {
                if let Some(x) = elsewhere {
                    it.say(
                        text![
                            "The repository has no security policy file of its own; the \u{201c}",
                            quote(&x.section),
                            "\u{201d} section of ",
                            code(&x.found_in),
                            " refers reporters to the policy file ",
                            contact(&x.url),
                            "."
                        ],
                        cites(r, &["section_references"]),
                    );
                }
            }
            Some(locs) if !locs.is_empty() => {
                let list = names(locs, |l| if l.starts_with("http") { url(l) } else { code(l) });
                let s = match f.source {
                    PolicySource::OrgDotGithub => text![
                        "The repository has no security policy of its own; the organization's default policy applies: ",
                        list,
                        "."
                    ],
                    _ => text!["The security policy is published in ", list, "."],
                };
                // The files themselves, not the lines of their contacts.
                it.say(s, cites(r, &["locations", "source"]));
            }
            // The organization's `.github` repository was read and has none.
            _ if f.source == PolicySource::None => it.say(
                text![
                    "No security policy was found (a SECURITY file at the root, in ",
                    where_policies(),
                    ", or in the owner's ",
                    code(".github"),
                    " repository)."
                ],
                cites(r, &["locations", "source"]),
            ),
            // Where the repository is hosted is unknown: its organization was never read.
            _ if self.ev.repo.github.is_none() && self.ev.files.is_ok() => {
                it.say(
                    text![
                        "No security policy file was found in the repository (a SECURITY file at the root, in ",
                        where_policies(),
                        "); it has no GitHub remote, so whether its organization publishes a default policy is not known."
                    ],
                    cites(r, &["source"]),
                );
                it.reason = Some(Reason::Offline);
                it.unknown_for("the repository has no GitHub remote");
            }
            // On GitHub, but the organization's `.github` repository was not read.
            _ if f.source == PolicySource::Unknown && self.ev.files.is_ok() => it.say(
                text![
                    "No security policy file was found in the repository (a SECURITY file at the root, in ",
                    where_policies(),
                    "); whether the owner's ",
                    code(".github"),
                    " repository (of the organization or user) provides the default policy GitHub would show was not determined."
                ],
                cites(r, &["source"]),
            ),
            _ => {}
        }
        // Where the repository sends reporters when it has no policy of its own.
        if let Some(first) = f
            .section_references
            .as_deref()
            .and_then(|v| v.first())
            .filter(|_| elsewhere.is_none())
        {
            it.say(
                text![
                    "The \u{201c}",
                    quote(&first.section),
                    "\u{201d} section of ",
                    code(&first.found_in),
                    " refers reporters to ",
                    contact(&first.url),
                    "."
                ],
                cites(r, &["section_references"]),
            );
        }
        if let Some(url) = &f.security_contacts_report_to {
            it.say(
                text![
                    code("SECURITY_CONTACTS"),
                    " refers reporters to ",
                    contact(url),
                    "."
                ],
                cites(r, &["security_contacts_report_to"]),
            );
        }
        match f.private_vulnerability_reporting {
            Some(true) => it.say(
                "GitHub private vulnerability reporting is enabled.",
                cites(r, &["private_vulnerability_reporting"]),
            ),
            Some(false) => it.say(
                "GitHub private vulnerability reporting is not enabled.",
                cites(r, &["private_vulnerability_reporting"]),
            ),
            None => {}
        }
        if let Some(n) = f.advisories_published {
            it.say(
                text![
                    num(n),
                    if n == 1 {
                        " security advisory has been"
                    } else {
                        " security advisories have been"
                    },
                    " published on GitHub."
                ],
                cites(r, &["advisories_published"]),
            );
        }
        if let Some(p) = &f.security_insights_path {
            it.say(
                text![
                    "A SECURITY-INSIGHTS file describes the project's security posture: ",
                    code(p),
                    "."
                ],
                cites(r, &["security_insights_path"]),
            );
            if let (Some(d), Some(true)) =
                (&f.security_insights_expiration, f.security_insights_expired)
            {
                it.say(
                    text![
                        "It expired on ",
                        d.as_str(),
                        " (its ",
                        code("expiration-date"),
                        "), so what it states is no longer kept current."
                    ],
                    cites(r, &["security_insights_expired"]),
                );
            }
        }
        it.finish_as(r)
    }

    pub(super) fn communication_inbound(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::SecurityPolicy]);
        let Some((r, f)) = self.policy() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let has_policy = f.locations.as_ref().is_some_and(|l| !l.is_empty());
        let contacts = f.contact.as_deref().unwrap_or(&[]);
        let details = f.contact_details.as_deref().unwrap_or(&[]);
        // One sentence per document (the policy files together) and way of reporting, each
        // citing the lines where its contacts stand.
        let mut groups: Vec<(Text, bool, Vec<&PolicyContact>)> = Vec::new();
        for c in details {
            let subject = self.contact_subject(c, f);
            // SECURITY-INSIGHTS gets one sentence for all its contacts ("names ... for
            // vulnerability reports"); other documents one per verb.
            let email = c.origin == ContactOrigin::SecurityInsights || is_address(&c.value);
            match groups
                .iter_mut()
                .find(|(s, e, _)| *s == subject && *e == email)
            {
                Some((_, _, v)) => v.push(c),
                None => groups.push((subject, email, vec![c])),
            }
        }
        for (subject, email, group) in &groups {
            let mut values: Vec<&str> = Vec::new();
            for c in group {
                if !values.iter().any(|v| v.eq_ignore_ascii_case(&c.value)) {
                    values.push(&c.value);
                }
            }
            let list = names(&values, contact);
            let text = match (group[0].origin, *email) {
                (ContactOrigin::SecurityInsights, _) => {
                    // An expired file's contacts are said with its expiry.
                    match (&f.security_insights_expiration, f.security_insights_expired) {
                        (Some(d), Some(true)) => text![
                            subject,
                            " names ",
                            list,
                            " for vulnerability reports, but the file expired on ",
                            d.as_str(),
                            "."
                        ],
                        _ => text![subject, " names ", list, " for vulnerability reports."],
                    }
                }
                (_, true) => text![subject, " asks reporters to write to ", list, "."],
                (_, false) => text![subject, " asks reporters to report through ", list, "."],
            };
            let mut c: Vec<&Citation> = Vec::new();
            for k in group {
                c.extend(contact_cites(r, k));
            }
            if group[0].origin == ContactOrigin::SecurityInsights
                && f.security_insights_expired == Some(true)
            {
                c.extend(cites(r, &["security_insights_expired"]));
            }
            it.say(text, c);
        }
        // A page the policy links to speaks for it.
        let policy_contacts = details
            .iter()
            .any(|c| matches!(c.origin, ContactOrigin::Policy | ContactOrigin::LinkedPage));
        if has_policy && !policy_contacts && f.contact.is_some() {
            let refs = f.references.as_deref().unwrap_or(&[]);
            let shown: Vec<&PolicyReference> = refs.iter().take(3).collect();
            let mut c = cites(r, &["locations"]);
            c.truncate(2);
            let text = if shown.is_empty() {
                text![
                    "The security policy names no e-mail address or reporting link (private vulnerability reporting, bug bounty or report form)."
                ]
            } else {
                for x in &shown {
                    c.extend(reference_cites(r, x));
                }
                let urls: Vec<&str> = shown.iter().map(|x| x.url.as_str()).collect();
                let more = refs.len() - shown.len();
                text![
                    "The security policy names no e-mail address or reporting link (private vulnerability reporting, bug bounty or report form); it refers readers to ",
                    names(&urls, contact),
                    if more > 0 {
                        text![
                            " and ",
                            num(more as u64),
                            " other ",
                            if more == 1 { "link" } else { "links" }
                        ]
                    } else {
                        Text::new()
                    },
                    "."
                ]
            };
            it.say(text, c);
        }
        if let Some(handles) = f.security_contacts.as_deref().filter(|h| !h.is_empty()) {
            let people: Vec<String> = handles.iter().map(|h| format!("@{h}")).collect();
            // The file may list more than the handles kept: "and N more" counts them all.
            let total = f
                .security_contacts_total
                .map_or(people.len(), |t| usize::try_from(t).unwrap_or(usize::MAX))
                .max(people.len());
            let shown: Vec<Text> = people
                .iter()
                .take(shown_of(total))
                .map(|p| code(p))
                .collect();
            let more = (total - shown.len()) as u64;
            let named = list(shown, more);
            match &f.security_contacts_report_to {
                // The file says not to report to its names.
                Some(to) => it.say(
                    text![
                        code("SECURITY_CONTACTS"),
                        " lists ",
                        named,
                        " as the repository's security contacts, and tells reporters not to report to them directly but to follow the instructions at ",
                        contact(to),
                        "."
                    ],
                    cites(r, &["security_contacts", "security_contacts_report_to"]),
                ),
                None => it.say(
                    text![
                        code("SECURITY_CONTACTS"),
                        " names the people who handle security reports: ",
                        named,
                        "."
                    ],
                    cites(r, &["security_contacts"]),
                ),
            }
        }
        // No contact anywhere, but a security section that sends reporters elsewhere.
        let section_refs = f.section_references.as_deref().unwrap_or_default();
        if let Some(first) = section_refs.first() {
            let urls: Vec<&str> = section_refs
                .iter()
                .filter(|x| x.found_in == first.found_in)
                .map(|x| x.url.as_str())
                .collect();
            it.say(
                text![
                    "The “",
                    quote(&first.section),
                    "” section of ",
                    code(&first.found_in),
                    " names no e-mail address or reporting link; it refers reporters to ",
                    names(&urls, contact),
                    "."
                ],
                cites(r, &["section_references"]),
            );
        }
        let pvr = f.private_vulnerability_reporting;
        if pvr == Some(true) {
            it.say(
                "Vulnerabilities can also be reported privately through GitHub's private vulnerability reporting.",
                cites(r, &["private_vulnerability_reporting"]),
            );
        }
        let answer = if !contacts.is_empty() || pvr == Some(true) {
            Answer::Yes
        } else if has_policy || !section_refs.is_empty() || f.security_contacts_report_to.is_some()
        {
            Answer::Partial
        } else if r.outcome == Outcome::NotMet && pvr == Some(false) {
            let mut c = cites(r, &["source"]);
            c.extend(cites(r, &["private_vulnerability_reporting"]));
            it.say(
                text![
                    "No contact to report a vulnerability to was found (no security policy in the repository or the owner's ",
                    code(".github"),
                    " repository, none in SECURITY-INSIGHTS or a security section of CONTRIBUTING or README), and GitHub private vulnerability reporting is not enabled."
                ],
                c,
            );
            Answer::No
        } else {
            if r.outcome == Outcome::NotMet {
                it.unknown_for("no security policy was found, and whether GitHub private vulnerability reporting is enabled was not read");
            } else if self.ev.repo.github.is_none() && self.ev.files.is_ok() {
                it.reason = Some(Reason::Offline);
                it.unknown_for(
                    "no security policy was found in the repository, and it has no GitHub remote",
                );
            } else {
                it.unknown_because(Some(r));
            }
            Answer::Unknown
        };
        it.finish(answer)
    }

    /// The subject of a contact sentence: the document the contact stands in.
    pub(super) fn contact_subject(&self, c: &PolicyContact, f: &SecurityPolicyFacts) -> Text {
        match c.origin {
            ContactOrigin::Policy if f.source == PolicySource::OrgDotGithub => {
                "The organization's security policy".into()
            }
            ContactOrigin::Policy => "The security policy".into(),
            ContactOrigin::LinkedPage => match c.linked_from.as_deref() {
                Some(from) if f.locations.iter().flatten().any(|l| l == from) => {
                    text![code(&c.found_in), ", which the security policy links to,"]
                }
                Some(from) => text![code(&c.found_in), ", which ", code(from), " links to,"],
                None => code(&c.found_in),
            },
            ContactOrigin::SecurityInsights => code(&c.found_in),
            ContactOrigin::DocSection => match c.section.as_deref() {
                Some(h) => text![
                    "The \u{201c}",
                    quote(h),
                    "\u{201d} section of ",
                    code(&c.found_in)
                ],
                None => code(&c.found_in),
            },
        }
    }
}

/// A link to a security policy file (`.../SECURITY.md`, a repository's `security/policy`
/// page).
fn is_policy_file_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or(&lower);
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    name.starts_with("security.") || path.trim_end_matches('/').ends_with("/security/policy")
}

/// "`.github/`, `docs/` or `doc/`": where a security policy is looked for besides the root.
fn where_policies() -> Text {
    text![code(".github/"), ", ", code("docs/"), " or ", code("doc/")]
}

/// The citations of the line a contact stands on (the whole file when it has no line), and
/// for a page the policy links to, the line of the link.
pub(super) fn contact_cites<'r>(r: &'r ProbeResult, c: &PolicyContact) -> Vec<&'r Citation> {
    let at = |path: &str, line: Option<u32>| {
        r.citations.iter().find(|x| {
            let place = x.path.as_deref() == Some(path)
                || x.url.as_deref().map(|u| u.split('#').next().unwrap_or(u)) == Some(path);
            let lines = match (x.lines, line) {
                (Some([a, b]), Some(l)) => a <= l && l <= b,
                (None, None) => true,
                _ => false,
            };
            place && lines && x.supports.iter().any(|s| s == "contact_details")
        })
    };
    let mut out: Vec<&Citation> = at(&c.found_in, c.line).into_iter().collect();
    if let Some(from) = &c.linked_from {
        out.extend(at(from, c.linked_from_line));
    }
    out
}

/// The citation of the line a reference stands on.
pub(super) fn reference_cites<'r>(r: &'r ProbeResult, x: &PolicyReference) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| {
            let place = c.path.as_deref() == Some(x.found_in.as_str())
                || c.url.as_deref().map(|u| u.split('#').next().unwrap_or(u))
                    == Some(x.found_in.as_str());
            place
                && c.supports.iter().any(|s| s == "references")
                && c.lines == x.line.map(|l| [l, l])
        })
        .take(1)
        .collect()
}
