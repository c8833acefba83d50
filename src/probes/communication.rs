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

use super::channel_identity as identity;
use identity::{Identity, identity};

pub struct Communication;

/// The catalogue, embedded at build time.
pub const SOURCE: &str = include_str!("../../probes/catalogue/channels.yml");
/// Most channels kept, and further mentions per channel.
pub const MAX_CHANNELS: usize = 60;
const MAX_ALSO: usize = 6;

/// The documents channels are read from.
pub const CHANNEL_DOCS: [DocKind; 9] = [
    DocKind::Readme,
    DocKind::Contributing,
    DocKind::Community,
    DocKind::Support,
    DocKind::Governance,
    DocKind::Maintainers,
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
    #[serde(default)]
    private: Vec<String>,
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
    /// Words that make a list a closed one (distributors before an embargo ends).
    private: Vec<Regex>,
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
        private: compile_all(&raw.roles.private)?,
    })
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    parse_catalogue(SOURCE).unwrap_or(Catalogue {
        kinds: Vec::new(),
        roles: Vec::new(),
        private: Vec::new(),
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

    /// Whether `words` make the channel a closed list (distributors, an embargo).
    pub fn is_private(&self, words: &str) -> bool {
        let lower = words.to_lowercase();
        self.private.iter().any(|r| r.is_match(&lower))
    }
}

/// Whether two mentions stand together: the same block (a sentence wrapped over lines
/// is one), or the same line when the block is not known.
fn together(a: (Option<usize>, u32), b: (Option<usize>, u32)) -> bool {
    match (a.0, b.0) {
        (Some(x), Some(y)) => x == y,
        _ => a.1 == b.1,
    }
}

/// Whether a mention stands where a security report is asked for (a security document,
/// a "Security" section, a sentence about vulnerabilities): its address is a reporting
/// contact, the security-policy probe's, not a channel for users.
fn reporting_context(d: &Document, section: Option<usize>, sentence: &str) -> bool {
    let s = sentence.to_lowercase();
    d.kind.is_security()
        || d.heading_path(section).contains("security")
        || s.contains("vulnerabilit")
        || s.contains("security issue")
}

/// The channels `docs` name, each once (by kind and target), in document order.
pub fn channels<'a>(cat: &Catalogue, docs: impl Iterator<Item = &'a Document>) -> Vec<Channel> {
    let mut out: Vec<Channel> = Vec::new();
    let mut docs_seen: Vec<&Document> = Vec::new();
    for d in docs {
        docs_seen.push(d);
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
            let others: Vec<&str> = d
                .links
                .iter()
                .filter(|o| together((o.block, o.line), (l.block, l.line)) && o.url != l.url)
                .map(|o| o.text.as_str())
                .chain(
                    d.emails
                        .iter()
                        .filter(|e| together((e.block, e.line), (l.block, l.line)))
                        .map(|e| e.address.as_str()),
                )
                .collect();
            let near = window(sentence, &l.text, &others);
            let words = format!("{} | {near}", l.text);
            let context = [d.heading(l.section), lead_in(d, l.block)];
            add(
                &mut out,
                cat,
                kind,
                &l.text,
                Some(&l.url),
                &words,
                context,
                d,
                l.line,
                sentence,
                reporting_context(d, l.section, sentence),
            );
        }
        for e in &d.emails {
            let Some(kind) = cat.kind_of_email(&e.address) else {
                continue;
            };
            let others: Vec<&str> = d
                .links
                .iter()
                .filter(|o| together((o.block, o.line), (e.block, e.line)))
                .map(|o| o.text.as_str())
                .chain(
                    d.emails
                        .iter()
                        .filter(|o| {
                            together((o.block, o.line), (e.block, e.line)) && o.address != e.address
                        })
                        .map(|o| o.address.as_str()),
                )
                .collect();
            let near = window(&e.sentence, &e.address, &others);
            let words = near.to_string();
            let context = [d.heading(e.section), lead_in(d, e.block)];
            let url = format!("mailto:{}", e.address);
            add(
                &mut out,
                cat,
                kind,
                &e.address,
                Some(&url),
                &words,
                context,
                d,
                e.line,
                &e.sentence,
                reporting_context(d, e.section, &e.sentence),
            );
        }
        // Channels named in words only, in the community documents or sections.
        for b in &d.blocks {
            let heading = d.heading_path(b.section);
            let community = matches!(
                d.kind,
                DocKind::Community | DocKind::Support | DocKind::Governance | DocKind::Maintainers
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
                // "Catch up with past meetings", "office hours archives": a record of
                // meetings held, not a meeting.
                let s = sentence.to_lowercase();
                if kind.id == "meeting"
                    && ["archive", "recording", "past meeting", "previous meeting"]
                        .iter()
                        .any(|w| s.contains(w))
                {
                    continue;
                }
                let label = b.text.get(m.start()..m.end()).unwrap_or(m.as_str());
                let near = window(sentence, label, &[]);
                let words = near.to_string();
                let context = [d.heading(b.section), ""];
                let line = b.line + b.text[..m.start()].matches('\n').count() as u32;
                add(
                    &mut out,
                    cat,
                    kind,
                    label,
                    None,
                    &words,
                    context,
                    d,
                    line.min(b.end_line),
                    sentence,
                    false,
                );
            }
        }
    }
    merge_slack_paths(&mut out);
    fold(&mut out);
    // An address given elsewhere for security reports ("let us know at p-security@") is
    // a reporting contact wherever else it is listed ("Security topics: p-security@"),
    // unless some words give it a role.
    let reporting: Vec<String> = docs_seen
        .iter()
        .flat_map(|d| {
            d.emails
                .iter()
                .filter(|e| reporting_context(d, e.section, &e.sentence))
                .map(|e| format!("mailto:{}", e.address.to_lowercase()))
        })
        .collect();
    out.retain(|c| {
        !c.roles.is_empty()
            || !c
                .url
                .as_deref()
                .is_some_and(|u| reporting.contains(&u.to_lowercase()))
    });
    out
}

/// Adds the roles `c` lacks, each with the words that stated it, kept in role order
/// (a role and its words stay paired: the quote shown for a role is the one that says it).
fn add_roles(c: &mut Channel, roles: Vec<ChannelRole>, said: Vec<String>) {
    for (r, w) in roles.into_iter().zip(said) {
        if !c.roles.contains(&r) {
            c.roles.push(r);
            c.role_words.push(w);
        }
    }
    let mut pairs: Vec<(ChannelRole, String)> =
        c.roles.drain(..).zip(c.role_words.drain(..)).collect();
    pairs.sort();
    (c.roles, c.role_words) = pairs.into_iter().unzip();
}

/// Merges `from` into `into`: its roles (with their words) and its places.
fn merge(into: &mut Channel, from: Channel) {
    add_roles(into, from.roles, from.role_words);
    for p in std::iter::once(from.place).chain(from.also) {
        if into.also.len() < MAX_ALSO && p != into.place && !into.also.contains(&p) {
            into.also.push(p);
        }
    }
}

/// One Slack channel linked by its path under two names ("#proj" and "Slack", or its
/// `messages/` and `archives/` pages) is one channel, at the place of its first mention.
fn merge_slack_paths(out: &mut Vec<Channel>) {
    let mut i = 1;
    while i < out.len() {
        let id = |c: &Channel| {
            (c.kind == "slack")
                .then(|| c.url.as_deref().and_then(identity::slack_path_id))
                .flatten()
        };
        let mine = id(&out[i]);
        match mine.and_then(|m| (0..i).find(|&j| id(&out[j]).as_deref() == Some(m.as_str()))) {
            Some(j) => {
                let c = out.remove(i);
                // The mention that names the channel ("#proj") stays its name and place.
                if c.label.contains('#') && !out[j].label.contains('#') {
                    let first = std::mem::replace(&mut out[j], c);
                    merge(&mut out[j], first);
                } else {
                    merge(&mut out[j], c);
                }
            }
            None => i += 1,
        }
    }
}

/// The part of `sentence` that speaks of the mention `at`: its clause (cut at `;`, `|`,
/// `•` and " - "), and not past another channel of the same sentence (`others`), so
/// that "ask questions on Slack, announcements on the list" gives each its own words.
fn window<'s>(sentence: &'s str, at: &str, others: &[&str]) -> &'s str {
    let lower = sentence.to_lowercase();
    if lower.len() != sentence.len() || at.is_empty() {
        return sentence;
    }
    let Some(pos) = lower.find(&at.to_lowercase()) else {
        return sentence;
    };
    let end_at = pos + at.len();
    let mut start = 0;
    let mut end = sentence.len();
    for sep in ["; ", " | ", " • ", " - ", " – "] {
        for (i, _) in sentence.match_indices(sep) {
            if i + sep.len() <= pos {
                start = start.max(i + sep.len());
            } else if i >= end_at {
                end = end.min(i);
            }
        }
    }
    let mut next_other = false;
    for o in others {
        let o = o.to_lowercase();
        if o.is_empty() || at.to_lowercase().contains(&o) {
            continue;
        }
        for (i, _) in lower.match_indices(&o) {
            if i + o.len() <= pos {
                start = start.max(i + o.len());
            } else if i >= end_at && i < end {
                end = i;
                next_other = true;
            }
        }
    }
    // "the developer list (a@x) or the private maintainer list (b@x)": the words after
    // the conjunction that leads to the next channel are that channel's.
    if next_other {
        for conj in [" or ", " and ", ", "] {
            if let Some(i) = lower.get(end_at..end).and_then(|t| t.find(conj)) {
                end = end.min(end_at + i);
            }
        }
    }
    sentence.get(start..end.max(start)).unwrap_or(sentence)
}

/// The sentence that introduces the list a block stands in ("If you encounter any issues,
/// we have a number of ways to get help:"): the nearest block before it, in the same
/// section and the same run of lines, whose text ends with a colon.
fn lead_in(d: &Document, block: Option<usize>) -> &str {
    let Some(mut i) = block else { return "" };
    let Some(b) = d.blocks.get(i) else { return "" };
    let section = b.section;
    let mut line = b.line;
    // The blank lines between each block and the next, from the mention back: a list
    // is as tight or as loose throughout, so a paragraph set off by a wider gap than the
    // items before it ("Also check out ..." after a tight list) is not one of its items.
    let mut gaps: Vec<u32> = Vec::new();
    for _ in 0..20 {
        let Some(j) = i.checked_sub(1) else { return "" };
        let Some(p) = d.blocks.get(j) else { return "" };
        if p.section != section || p.end_line + 2 < line {
            return "";
        }
        // Its last line from its own text (`end_line` may reach the blank line after).
        let end = p.line + p.text.matches('\n').count() as u32;
        gaps.push(line.saturating_sub(end + 1));
        if p.text.trim_end().ends_with(':') {
            // gaps[0] is the mention's own; the last is the lead-in's to its first item.
            let items = gaps.get(1..gaps.len().saturating_sub(1)).unwrap_or(&[]);
            if items.iter().any(|g| *g < gaps[0]) {
                return "";
            }
            return crate::evidence::docs::sentence_at(&p.text, p.text.len().saturating_sub(1));
        }
        i = j;
        line = p.line;
    }
    ""
}

/// Folds each generic mention (a Slack workspace, a Discord invite, "community meeting"
/// in words) into the one specific channel of its kind when there is exactly one, so that
/// one channel named three ways is one entry with its citations.
fn fold(out: &mut Vec<Channel>) {
    let mut i = 0;
    while i < out.len() {
        let me = identity(
            &out[i].kind,
            out[i].url.as_deref(),
            &out[i].label,
            &out[i].place.sentence,
        );
        if me.specific {
            i += 1;
            continue;
        }
        let targets: Vec<usize> = (0..out.len())
            .filter(|&j| {
                j != i
                    && out[j].kind == out[i].kind
                    && identity(
                        &out[j].kind,
                        out[j].url.as_deref(),
                        &out[j].label,
                        &out[j].place.sentence,
                    )
                    .specific
            })
            .collect();
        // The one specific channel of its kind, or else the one in the same document.
        let same_doc: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|&j| out[j].place.path == out[i].place.path)
            .collect();
        let t = match (&targets[..], &same_doc[..]) {
            ([t], _) | (_, [t]) => *t,
            _ => {
                i += 1;
                continue;
            }
        };
        let g = out.remove(i);
        let t = if t > i { t - 1 } else { t };
        // The specific mention stays the place; the generic ones are further mentions.
        merge(&mut out[t], g);
    }
}

#[allow(clippy::too_many_arguments)]
fn add(
    out: &mut Vec<Channel>,
    cat: &Catalogue,
    kind: &Kind,
    label: &str,
    url: Option<&str>,
    words: &str,
    context: [&str; 2],
    d: &Document,
    line: u32,
    sentence: &str,
    reporting: bool,
) {
    // Where a report is asked for, the address's own name ("p-maintainers@") says
    // nothing of whom the channel is for: only the words around it do.
    let own = if reporting && !label.is_empty() {
        words.to_lowercase().replace(&label.to_lowercase(), " ")
    } else {
        words.to_string()
    };
    // The mention's own words first; the heading and the list's lead-in speak for it
    // only when they say nothing ("stay up to date: ... -dev to discuss development" is
    // the developers' list, not an announcement list).
    let (mut roles, mut said) = cat.roles_of(&own);
    if roles.is_empty() {
        // Joined so that no pattern spans two of them ("... developers" + "Chat with ...").
        (roles, said) = cat.roles_of(&format!("{own} | {} | {}", context[0], context[1]));
    }
    // A closed list (distributors told before an embargo ends) is not how the team
    // reaches its users, whatever its name says.
    let private = cat.is_private(&format!("{words} | {sentence}"));
    // A reporting address or link is the security-policy probe's contact (inbound by
    // what it is); only those whose words give it another role (announcements, the
    // team's own list) are channels.
    for (drop, role) in [
        (reporting, ChannelRole::Inbound),
        (private, ChannelRole::Outbound),
    ] {
        if let Some(i) = roles.iter().position(|r| *r == role).filter(|_| drop) {
            roles.remove(i);
            said.remove(i);
        }
    }
    if (reporting || private) && roles.is_empty() {
        return;
    }
    // A role stated by the heading or the list's lead-in, not the sentence: the quote
    // carries those words too ("Security bulletins: Mailing List p@googlegroups.com").
    let lower = sentence.to_lowercase();
    let from = |c: &str| {
        let c = c.to_lowercase();
        said.iter()
            .any(|w| !lower.contains(w.as_str()) && c.contains(w.as_str()))
    };
    // A mention whose sentence is only its own name ("Zoom link" in a list under
    // "Steering Committee meetings") is quoted with the heading that says what it is.
    let bare = sentence
        .trim()
        .trim_end_matches(['.', ':'])
        .eq_ignore_ascii_case(label.trim());
    let quoted = if from(context[1]) {
        format!("{} {sentence}", context[1])
    } else if from(context[0]) || (bare && !context[0].is_empty()) {
        format!("{}: {sentence}", context[0])
    } else {
        sentence.to_string()
    };
    let place = DocPlace {
        path: d.path.clone(),
        line,
        sentence: crate::evidence::docs::clip(&quoted),
    };
    let key: Identity = identity(&kind.id, url, label, sentence);
    let full = out.len() >= MAX_CHANNELS;
    let existing = out.iter_mut().find(|c| {
        c.kind == kind.id && identity(&c.kind, c.url.as_deref(), &c.label, &c.place.sentence) == key
    });
    match existing {
        // "Join the Kubernetes Slack and look for our #proj channel": the link that names
        // the channel ("#proj") becomes the channel's name, link and place.
        Some(c) if url.is_some() && label.contains('#') && !c.label.contains('#') => {
            let old = std::mem::replace(&mut c.place, place);
            c.label = crate::evidence::docs::clip(label);
            c.url = url.map(str::to_string);
            add_roles(c, roles, said);
            if c.also.len() < MAX_ALSO && c.place != old {
                c.also.insert(0, old);
            }
        }
        Some(c) => {
            add_roles(c, roles, said);
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
        for p in found
            .iter()
            .flat_map(|c| std::iter::once(&c.place).chain(&c.also))
        {
            cites.push(
                ev.cite_file(&p.path, Some((p.line, p.line)))
                    .excerpt(&p.sentence)
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
