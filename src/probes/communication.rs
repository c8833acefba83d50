//! `communication`: the communication channels the project's documents name (Slack,
//! mailing lists, Discord, Matrix, IRC, GitHub Discussions, meetings, social accounts,
//! blog, the issue tracker), recognised through the channel catalogue
//! (`probes/catalogue/channels.yml`), each with the roles the words around it state
//! (internal, inbound, outbound) and its citation. A role the words do not state is left
//! empty, never guessed from the kind.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::evidence::docs::{DocKind, Document};
use crate::evidence::{Evidence, Need, Needs};
use crate::model::{
    Channel, ChannelRole, CommunicationFacts, DocPlace, Outcome, ProbeFacts, ProbeId,
};

use super::util::{cite_tree, why};
use super::{Judgement, Probe};

pub struct Communication;

/// The catalogue, embedded at build time.
pub const SOURCE: &str = include_str!("../../probes/catalogue/channels.yml");
/// Most channels kept, and further mentions per channel.
pub const MAX_CHANNELS: usize = 60;
const MAX_ALSO: usize = 3;

/// The documents channels are read from.
pub const CHANNEL_DOCS: [DocKind; 8] = [
    DocKind::Readme,
    DocKind::Contributing,
    DocKind::Community,
    DocKind::Support,
    DocKind::Governance,
    DocKind::Security,
    DocKind::SecurityContacts,
    DocKind::IssueTemplateConfig,
];

#[derive(Deserialize)]
struct RawCatalogue {
    kinds: Vec<RawKind>,
    roles: RawRoles,
}

#[derive(Deserialize)]
struct RawKind {
    id: String,
    name: String,
    #[serde(default)]
    urls: Vec<String>,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawRoles {
    internal: Vec<String>,
    inbound: Vec<String>,
    outbound: Vec<String>,
}

/// One kind of channel, compiled.
pub struct Kind {
    pub id: String,
    pub name: String,
    urls: Vec<Regex>,
    emails: Vec<Regex>,
    words: Vec<Regex>,
}

pub struct Catalogue {
    pub kinds: Vec<Kind>,
    roles: Vec<(ChannelRole, Vec<Regex>)>,
}

fn compile_all(v: &[String]) -> Result<Vec<Regex>, String> {
    v.iter()
        .map(|p| Regex::new(p).map_err(|e| format!("{p}: {e}")))
        .collect()
}

/// Parses a catalogue (the embedded one, or a test's).
pub fn parse_catalogue(src: &str) -> Result<Catalogue, String> {
    let raw: RawCatalogue = serde_yaml_ng::from_str(src).map_err(|e| e.to_string())?;
    let mut kinds = Vec::new();
    for k in raw.kinds {
        kinds.push(Kind {
            urls: compile_all(&k.urls)?,
            emails: compile_all(&k.emails)?,
            words: compile_all(&k.words)?,
            id: k.id,
            name: k.name,
        });
    }
    Ok(Catalogue {
        kinds,
        roles: vec![
            (ChannelRole::Internal, compile_all(&raw.roles.internal)?),
            (ChannelRole::Inbound, compile_all(&raw.roles.inbound)?),
            (ChannelRole::Outbound, compile_all(&raw.roles.outbound)?),
        ],
    })
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    parse_catalogue(SOURCE).unwrap_or(Catalogue {
        kinds: Vec::new(),
        roles: Vec::new(),
    })
});

/// The embedded catalogue (empty if it failed to parse, which a test rules out).
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

impl Catalogue {
    /// The kind of channel a link target is (`url` as written).
    pub fn kind_of_url(&self, url: &str) -> Option<&Kind> {
        let lower = url.trim().to_ascii_lowercase();
        let bare = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))?;
        self.kinds
            .iter()
            .find(|k| k.urls.iter().any(|r| r.is_match(bare)))
    }

    pub fn kind_of_email(&self, address: &str) -> Option<&Kind> {
        let lower = address.to_ascii_lowercase();
        self.kinds
            .iter()
            .find(|k| k.emails.iter().any(|r| r.is_match(&lower)))
    }

    /// Roles stated by `words` (lowercase), and the words that stated them.
    pub fn roles_of(&self, words: &str) -> (Vec<ChannelRole>, Vec<String>) {
        let lower = words.to_lowercase();
        let mut roles = Vec::new();
        let mut said = Vec::new();
        for (role, res) in &self.roles {
            if let Some(m) = res.iter().find_map(|r| r.find(&lower)) {
                roles.push(*role);
                said.push(m.as_str().trim().to_string());
            }
        }
        (roles, said)
    }
}

/// The channels `docs` name, each once (by kind and target), in document order.
pub fn channels<'a>(cat: &Catalogue, docs: impl Iterator<Item = &'a Document>) -> Vec<Channel> {
    let mut out: Vec<Channel> = Vec::new();
    for d in docs {
        for l in &d.links {
            let Some(kind) = cat.kind_of_url(&l.url) else {
                continue;
            };
            // A row of badges is no sentence: only the anchor text and heading speak.
            let sentence = if l.sentence.matches("http").count() >= 3 {
                l.text.as_str()
            } else {
                l.sentence.as_str()
            };
            let words = format!("{} {} {}", l.text, sentence, d.heading(l.section));
            add(
                &mut out,
                cat,
                kind,
                &l.text,
                Some(&l.url),
                &words,
                d,
                l.line,
                sentence,
            );
        }
        for e in &d.emails {
            let Some(kind) = cat.kind_of_email(&e.address) else {
                continue;
            };
            let words = format!("{} {}", e.sentence, d.heading(e.section));
            let url = format!("mailto:{}", e.address);
            add(
                &mut out,
                cat,
                kind,
                &e.address,
                Some(&url),
                &words,
                d,
                e.line,
                &e.sentence,
            );
        }
        // Channels named in words only, in the community documents or sections.
        for b in &d.blocks {
            let heading = d.heading_path(b.section);
            let community = matches!(
                d.kind,
                DocKind::Community | DocKind::Support | DocKind::Governance
            ) || [
                "community",
                "contact",
                "communication",
                "support",
                "help",
                "get involved",
                "getting involved",
                "meeting",
            ]
            .iter()
            .any(|w| heading.contains(w));
            if !community {
                continue;
            }
            let lower = b.text.to_lowercase();
            for kind in &cat.kinds {
                let Some(m) = kind.words.iter().find_map(|r| r.find(&lower)) else {
                    continue;
                };
                if out.iter().any(|c| {
                    c.kind == kind.id
                        && c.place.path == d.path
                        && c.place.line >= b.line
                        && c.place.line <= b.end_line
                }) {
                    continue;
                }
                let sentence = crate::evidence::docs::sentence_at(&b.text, m.start());
                let label = b.text.get(m.start()..m.end()).unwrap_or(m.as_str());
                let words = format!("{sentence} {}", d.heading(b.section));
                let line = b.line + b.text[..m.start()].matches('\n').count() as u32;
                add(
                    &mut out,
                    cat,
                    kind,
                    label,
                    None,
                    &words,
                    d,
                    line.min(b.end_line),
                    sentence,
                );
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn add(
    out: &mut Vec<Channel>,
    cat: &Catalogue,
    kind: &Kind,
    label: &str,
    url: Option<&str>,
    words: &str,
    d: &Document,
    line: u32,
    sentence: &str,
) {
    let (roles, said) = cat.roles_of(words);
    // A security document's addresses and links are reporting contacts (the
    // security-policy probe's); only those whose words give them a role are channels.
    if d.kind.is_security() && roles.is_empty() {
        return;
    }
    let place = DocPlace {
        path: d.path.clone(),
        line,
        sentence: crate::evidence::docs::clip(sentence),
    };
    let key = url.map(normalise);
    let full = out.len() >= MAX_CHANNELS;
    let existing = out.iter_mut().find(|c| {
        c.kind == kind.id
            && match (&key, &c.url) {
                (Some(k), Some(u)) => *k == normalise(u),
                (None, None) => c.label.eq_ignore_ascii_case(label),
                _ => false,
            }
    });
    match existing {
        Some(c) => {
            for (r, w) in roles.into_iter().zip(said) {
                if !c.roles.contains(&r) {
                    c.roles.push(r);
                    c.role_words.push(w);
                }
            }
            c.roles.sort();
            if c.also.len() < MAX_ALSO && c.place != place {
                c.also.push(place);
            }
        }
        None if !full => {
            let mut pairs: Vec<(ChannelRole, String)> = roles.into_iter().zip(said).collect();
            pairs.sort();
            out.push(Channel {
                kind: kind.id.clone(),
                kind_name: kind.name.clone(),
                label: crate::evidence::docs::clip(label),
                url: url.map(str::to_string),
                roles: pairs.iter().map(|p| p.0).collect(),
                role_words: pairs.into_iter().map(|p| p.1).collect(),
                place,
                also: Vec::new(),
            });
        }
        None => {}
    }
}

/// A target compared without scheme, `www.`, trailing `/` or fragment, any case.
fn normalise(u: &str) -> String {
    let l = u.trim().to_ascii_lowercase();
    let l = l
        .strip_prefix("https://")
        .or_else(|| l.strip_prefix("http://"))
        .unwrap_or(&l);
    let l = l.strip_prefix("www.").unwrap_or(l);
    l.split('#')
        .next()
        .unwrap_or(l)
        .trim_end_matches('/')
        .to_string()
}

impl Probe for Communication {
    fn id(&self) -> ProbeId {
        ProbeId::Communication
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/communication.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::Documents])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let set = match (ev.docs(), ev.files.as_ref()) {
            (Some(s), _) => s,
            (None, Err(u)) => {
                return Judgement::unknown(
                    ProbeFacts::Communication(CommunicationFacts::default()),
                    u,
                    why("The project's documents", u),
                );
            }
            (None, Ok(_)) => {
                return Judgement::new(
                    ProbeFacts::Communication(CommunicationFacts::default()),
                    Outcome::Unknown,
                    "The project's documents could not be read.",
                );
            }
        };
        let docs: Vec<&Document> = set.of_kind(&CHANNEL_DOCS).collect();
        let found = channels(catalogue(), docs.iter().copied());
        let read: Vec<String> = docs.iter().map(|d| d.path.clone()).collect();
        let mut cites = Vec::new();
        for c in &found {
            cites.push(
                ev.cite_file(&c.place.path, Some((c.place.line, c.place.line)))
                    .excerpt(&c.place.sentence)
                    .supports(&["channels"]),
            );
        }
        for p in &read {
            cites.push(
                ev.cite_file(p, None)
                    .supports(&["documents_read", "channels"]),
            );
        }
        let with_role = found.iter().filter(|c| !c.roles.is_empty()).count();
        let (outcome, summary) = if found.is_empty() {
            (
                if read.is_empty() {
                    Outcome::NotMet
                } else {
                    Outcome::PartiallyMet
                },
                format!(
                    "No communication channel named in {} document(s) read.",
                    read.len()
                ),
            )
        } else {
            (
                Outcome::Met,
                format!(
                    "{} channel(s) named in the project's documents, {with_role} with a role the words state.",
                    found.len()
                ),
            )
        };
        let facts = CommunicationFacts {
            documents_read: Some(read),
            channels: Some(found),
        };
        cites.push(cite_tree(ev, &["documents_read", "channels"]));
        Judgement::new(ProbeFacts::Communication(facts), outcome, summary).cite_all(cites)
    }
}

#[cfg(test)]
#[path = "communication_tests.rs"]
mod tests;
