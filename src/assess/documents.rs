//! Answers from the project's own documents: Communication Channels (internal, inbound,
//! outbound), the Vulnerability Response Process and Incident Response, and the
//! Ecosystem draft (the stated DCO and review rules are in `policy.rs`).
//! Every sentence quotes the document's words and cites the line; nothing is said that
//! the documents do not say, and a channel whose role they do not state is listed as
//! found, its role left to the maintainers.

use super::*;
use crate::model::text::{link, quote};
use crate::model::{
    Channel, ChannelRole, CommunicationFacts, ContributionPolicyFacts, DocPlace, PolicyTopic,
    ReportingKind, VulnerabilityResponseFacts,
};

/// Most channels listed per role.
const MAX_CHANNELS_SHOWN: usize = 8;
/// Most sentences quoted in one answer (the facts keep more).
const MAX_QUOTES: usize = 8;
/// Words of a quoted sentence kept.
const MAX_QUOTE: usize = 300;

/// The citation of the line a document place stands on.
pub(super) fn cite_place<'r>(r: &'r ProbeResult, p: &DocPlace) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| {
            c.path.as_deref() == Some(p.path.as_str()) && c.lines.is_some_and(|l| l[0] == p.line)
        })
        .take(1)
        .collect()
}

fn quoted(p: &DocPlace) -> Text {
    let s: String = p.sentence.chars().take(MAX_QUOTE).collect();
    let s = s.trim_end_matches(['.', ':', ';']);
    text![code(&p.path), " says: “", quote(s), "”"]
}

/// The mention whose sentence holds the words that stated `role` (the first mention
/// when the words were a heading or a list's lead-in).
fn role_place(c: &Channel, role: ChannelRole) -> &DocPlace {
    let Some(w) = c
        .roles
        .iter()
        .position(|r| *r == role)
        .and_then(|i| c.role_words.get(i))
    else {
        return &c.place;
    };
    std::iter::once(&c.place)
        .chain(&c.also)
        .find(|p| p.sentence.to_lowercase().contains(w.as_str()))
        .unwrap_or(&c.place)
}

/// "Slack [#keda](url)", or the words as written when there is no link.
fn channel_name(c: &Channel) -> Text {
    let label = c.label.clone();
    match &c.url {
        Some(u) if u.starts_with("mailto:") => text![c.kind_name.as_str(), " ", code(&c.label)],
        Some(u) => text![c.kind_name.as_str(), " ", link(&label, u)],
        // Named in words only: the quote that follows says it ("community meeting").
        None => text![c.kind_name.as_str()],
    }
}

impl<'a> Ctx<'a> {
    fn communication(&self) -> Option<(&'a ProbeResult, &'a CommunicationFacts)> {
        self.results.iter().find_map(|r| match &r.facts {
            ProbeFacts::Communication(f) => Some((r, f)),
            _ => None,
        })
    }

    fn vulnerability(&self) -> Option<(&'a ProbeResult, &'a VulnerabilityResponseFacts)> {
        self.results.iter().find_map(|r| match &r.facts {
            ProbeFacts::VulnerabilityResponse(f) => Some((r, f)),
            _ => None,
        })
    }

    fn contribution(&self) -> Option<(&'a ProbeResult, &'a ContributionPolicyFacts)> {
        self.results.iter().find_map(|r| match &r.facts {
            ProbeFacts::ContributionPolicy(f) => Some((r, f)),
            _ => None,
        })
    }

    /// The channels whose words state `role` (`None`: those whose words state none).
    pub(super) fn channels(&self, role: Option<ChannelRole>) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::Communication]);
        let Some((r, f)) = self.communication() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let Some(all) = &f.channels else {
            return it.finish_as(r);
        };
        let chosen: Vec<&Channel> = all
            .iter()
            .filter(|c| match role {
                Some(x) => c.roles.contains(&x),
                None => c.roles.is_empty(),
            })
            .collect();
        for c in chosen.iter().take(MAX_CHANNELS_SHOWN) {
            let place = role.map_or(&c.place, |x| role_place(c, x));
            // The words about it, also when they state no role: what the document says
            // of a meeting (when, where, who attends) is what the maintainers place.
            let s: String = place.sentence.chars().take(MAX_QUOTE).collect();
            let s = s.trim_end_matches(['.', ':', ';']);
            let why = if s.trim().is_empty() || s.trim().eq_ignore_ascii_case(c.label.trim()) {
                text![" (", code(&place.path), ")"]
            } else {
                text![" (", code(&place.path), ": “", quote(s), "”)"]
            };
            it.say(text![channel_name(c), why, "."], cite_place(r, place));
        }
        if chosen.len() > MAX_CHANNELS_SHOWN {
            it.say(
                text![
                    "And ",
                    num((chosen.len() - MAX_CHANNELS_SHOWN) as u64),
                    " more in the report's facts."
                ],
                cites(r, &["channels"]).into_iter().take(1),
            );
        }
        if chosen.is_empty() {
            let docs = f.documents_read.as_deref().unwrap_or(&[]);
            let what = match role {
                Some(ChannelRole::Internal) => "the team's own communication",
                Some(ChannelRole::Inbound) => "users to reach the team",
                Some(ChannelRole::Outbound) => "the team to reach its users",
                None => "any role",
            };
            if role.is_none() {
                return it.finish(Answer::No);
            }
            it.unknown_for(text![
                "the ",
                num(docs.len() as u64),
                if docs.len() == 1 {
                    " document"
                } else {
                    " documents"
                },
                " read name no channel for ",
                what
            ]);
            return it.finish(Answer::Unknown);
        }
        it.finish(Answer::Yes)
    }

    /// Who responds to a report and how: the response team, response times, supported
    /// versions, CVEs, advisories, distributors; and a policy kept elsewhere.
    pub(super) fn vulnerability_response(&self) -> SelfAssessmentItem {
        self.response_item(
            &[
                PolicyTopic::ResponseTeam,
                PolicyTopic::ResponseTime,
                PolicyTopic::SupportedVersions,
                PolicyTopic::DistributorsList,
                PolicyTopic::Cve,
                PolicyTopic::Advisory,
            ],
            true,
        )
    }

    /// The steps after a report: triage, confirmation, fix, disclosure.
    pub(super) fn incident_response(&self) -> SelfAssessmentItem {
        self.response_item(
            &[
                PolicyTopic::IncidentResponse,
                PolicyTopic::DisclosureTimeline,
            ],
            false,
        )
    }

    fn response_item(&self, topics: &[PolicyTopic], methods: bool) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::VulnerabilityResponse]);
        let Some((r, f)) = self.vulnerability() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        if f.statements.is_none() {
            return it.finish_as(r);
        }
        if methods {
            for m in f.reporting.as_deref().unwrap_or(&[]) {
                let t = match (m.kind, m.private, m.encryption_required) {
                    (ReportingKind::Email, Some(false), true) => Some(text![
                        code(&m.value),
                        " is called public and takes encrypted mail only: it is not a private address (",
                        quoted(&m.place),
                        ")."
                    ]),
                    (ReportingKind::Email, Some(false), false)
                        if m.qualifiers.iter().any(|q| q == "encrypted" || q == "pgp") =>
                    {
                        Some(text![
                            code(&m.value),
                            " is named as a public channel for encrypted messages, not a private address (",
                            quoted(&m.place),
                            ")."
                        ])
                    }
                    (ReportingKind::Email, _, true) => Some(text![
                        "Reports to ",
                        code(&m.value),
                        " must be encrypted (",
                        quoted(&m.place),
                        ")."
                    ]),
                    (ReportingKind::PrivateVulnerabilityReporting, _, _) => Some(text![
                        "Reports go through GitHub private vulnerability reporting (",
                        quoted(&m.place),
                        ")."
                    ]),
                    _ => None,
                };
                if let Some(t) = t {
                    it.say(t, cite_place(r, &m.place));
                }
            }
            for d in f.delegated_to.as_deref().unwrap_or(&[]).iter().take(2) {
                let t = if d.target.contains("://") {
                    text![
                        "The process is defined in ",
                        link(&d.target, &d.target),
                        ", which this scan did not read (",
                        quoted(&d.place),
                        ")."
                    ]
                } else {
                    // A website page whose source is in the repository.
                    text![
                        "The documents point to a page whose source is ",
                        code(&d.target),
                        " in this repository (",
                        quoted(&d.place),
                        ")."
                    ]
                };
                it.say(t, cite_place(r, &d.place));
            }
        }
        let said = f.statements.as_deref().unwrap_or(&[]);
        let mut any = false;
        let mut shown: Vec<&DocPlace> = Vec::new();
        for t in topics {
            for s in said.iter().filter(|s| s.topic == *t).take(2) {
                if shown.len() >= MAX_QUOTES {
                    break;
                }
                if shown.contains(&&s.place) {
                    continue;
                }
                shown.push(&s.place);
                it.say(text![quoted(&s.place), "."], cite_place(r, &s.place));
                any = true;
            }
        }
        for t in f
            .tables
            .iter()
            .flatten()
            .filter(|t| topics.contains(&t.topic))
        {
            let mut rows = Text::new();
            for (i, row) in t.rows.iter().enumerate() {
                if i > 0 {
                    rows = text![rows, "; "];
                }
                rows = text![rows, "“", quote(&row.join(" | ")), "”"];
            }
            it.say(
                text![
                    code(&t.place.path),
                    " has a table under “",
                    quote(&t.place.sentence),
                    "” (rows as written): ",
                    rows,
                    "."
                ],
                cite_place(r, &t.place),
            );
            any = true;
        }
        if !any {
            let delegated = f.delegated_to.as_ref().is_some_and(|d| !d.is_empty());
            if delegated {
                it.unknown_for("the security documents point to a policy kept elsewhere");
            } else {
                it.unknown_for("the security documents do not say");
            }
            return it.finish(Answer::Unknown);
        }
        it.finish(Answer::Yes)
    }

    /// The Ecosystem draft: the README's description and the adopters file.
    pub(super) fn ecosystem(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::ContributionPolicy]);
        let Some((r, f)) = self.contribution() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        if let Some(d) = &f.description {
            it.say(
                text!["Draft from the README, to review: ", quoted(d), "."],
                cite_place(r, d),
            );
        }
        // The maturity level, when the description does not already say it.
        if let Some(st) = f.foundation_status.as_ref().filter(|st| {
            f.description
                .as_ref()
                .is_none_or(|d| !d.sentence.contains(st.sentence.as_str()))
        }) {
            it.say(text![quoted(st), "."], cite_place(r, st));
        }
        if let (Some(p), Some(0)) = (&f.adopters_file, f.adopters_named) {
            match &f.adopters_elsewhere {
                Some(u) => it.say(
                    text![
                        code(p),
                        " names no adopters itself; it points to ",
                        link(u, u),
                        ", which this scan did not read."
                    ],
                    cites(r, &["adopters_elsewhere"]),
                ),
                None => it.say(
                    text![code(p), " names no adopters in a list, table or logo grid."],
                    cites(r, &["adopters_file"]),
                ),
            }
        } else if let (Some(p), Some(n)) = (&f.adopters_file, f.adopters_named) {
            let how: Vec<&str> = f
                .adopters_counted_as
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let how = if how.is_empty() {
                Text::default()
            } else {
                text![
                    " (counted as ",
                    list_of(how.iter().map(|h| text![*h]).collect()),
                    ")"
                ]
            };
            it.say(
                text![
                    code(p),
                    " lists ",
                    num(n),
                    if n == 1 { " adopter" } else { " adopters" },
                    how,
                    "."
                ],
                cites(r, &["adopters_file"]),
            );
        }
        if it.sentences.is_empty() {
            it.unknown_for("the README has no opening description and there is no adopters file");
            return it.finish(Answer::Unknown);
        }
        it.finish(Answer::Yes)
    }
}
