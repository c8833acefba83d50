//! Claim extraction: what a self-assessment states about the project's practices, each
//! with its line. Read only in the sections that describe practices (metadata, security
//! links, project compliance, secure development practices, security issue resolution,
//! the appendix's best-practices and known-issues parts): the overview describes what the
//! software does (a scanner "verifies signatures"), not how the project works.
//!
//! Tools are recognised through the tool catalogue (`probes/catalogue/tools.yml`: names,
//! ids and aliases); nothing here lists tools.

use std::sync::OnceLock;

use regex::Regex;

use super::document::{Document, LineKind, re};
use super::template::template;
use crate::evidence::tools::catalogue::{Category, catalogue};

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    Tool,
    Channel,
    Reviewers,
    ResponseTime,
    SupportedVersions,
    CommitSigning,
    ArtifactSigning,
    Dco,
    Sbom,
    Checksums,
    Provenance,
    ReleaseProcess,
    Badge,
}

impl Topic {
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Tool => "tool",
            Topic::Channel => "channel",
            Topic::Reviewers => "reviewers",
            Topic::ResponseTime => "response_time",
            Topic::SupportedVersions => "supported_versions",
            Topic::CommitSigning => "commit_signing",
            Topic::ArtifactSigning => "artifact_signing",
            Topic::Dco => "dco",
            Topic::Sbom => "sbom",
            Topic::Checksums => "checksums",
            Topic::Provenance => "provenance",
            Topic::ReleaseProcess => "release_process",
            Topic::Badge => "badge",
        }
    }
}

/// Whether the sentence states the practice, denies it, or only hopes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Yes,
    No,
    /// Encouraged, optional, planned: not a statement of what is.
    Optional,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub topic: Topic,
    pub line: u32,
    pub polarity: Polarity,
    /// A tool id, an address, a badge level.
    pub subject: Option<String>,
    pub number: Option<u64>,
    /// `days`, `business days`, `hours`, `reviewers`, `releases`...
    pub unit: Option<String>,
    /// An explicit "Yes" or "No" answer (a table cell or `question: answer`).
    pub explicit: bool,
    /// The sentence that states it.
    pub sentence: String,
}

/// Sections whose prose states practices (and their descendants).
const PRACTICE_SECTIONS: [&str; 7] = [
    "metadata",
    "project_compliance",
    "secure_development",
    "security_issue_resolution",
    "best_practices",
    "known_issues",
    "security_links",
];

fn in_practice_section(doc: &Document, n: u32) -> bool {
    PRACTICE_SECTIONS.iter().any(|s| doc.in_section(n, s))
}

/// A line that repeats the template's guidance: its words are not the project's claims.
pub fn is_template_text(text: &str) -> bool {
    let l = text.to_lowercase().replace('\u{2019}', "'");
    template()
        .instructions
        .iter()
        .any(|i| l.contains(i.as_str()))
}

/// Extracts the claims of a document. `project_names`: the project's own names (a tool
/// of the catalogue with the project's name is the subject, not a tool it uses).
pub fn extract(doc: &Document, project_names: &[String]) -> Vec<Claim> {
    let tools = tool_matchers(project_names);
    let mut out = Vec::new();
    let mut channels_seen: Vec<String> = Vec::new();
    for l in &doc.lines {
        if !matches!(l.kind, LineKind::Text | LineKind::TableRow) {
            continue;
        }
        // The appendix tells case studies and related projects; only its badge is a claim.
        let appendix_only =
            !in_practice_section(doc, l.number) && doc.in_section(l.number, "appendix");
        if (!in_practice_section(doc, l.number) && !appendix_only)
            || is_template_text(&l.text)
            || has_placeholder(&l.text)
        {
            continue;
        }
        let explicit = explicit_answer(&l.text);
        // The metadata table describes the software (its languages, whether it is a
        // security provider); only its SBOM, badge and contact rows state practices.
        let metadata =
            doc.in_section(l.number, "metadata") && !doc.in_section(l.number, "security_links");
        // A table row `| SBOM | Demo does not generate one |`: the label cell names the
        // topic, the other cells state the answer (and its polarity).
        let (label, value) = match l.kind {
            LineKind::TableRow => table_cells(&l.text),
            _ => (None, l.text.clone()),
        };
        let mut row_topics: Vec<Topic> = Vec::new();
        for sentence in sentences(&value) {
            // "Release process is automated?": a checklist question, not an answer.
            if sentence.trim_end_matches(['*', '_', ' ']).ends_with('?') {
                continue;
            }
            let mut claims = sentence_claims(&sentence, l.number, &tools, project_names);
            row_topics.extend(claims.iter().map(|c| c.topic));
            if let Some(lb) = &label {
                claims.extend(label_claims(lb, &sentence, l.number, &row_topics));
                row_topics.extend(claims.iter().map(|c| c.topic));
            }
            if metadata {
                claims.retain(|c| matches!(c.topic, Topic::Sbom | Topic::Badge | Topic::Channel));
            }
            if appendix_only {
                claims.retain(|c| c.topic == Topic::Badge);
            }
            for c in &mut claims {
                if let Some(yes) = explicit
                    && !matches!(c.topic, Topic::Tool | Topic::Channel)
                {
                    c.explicit = true;
                    c.polarity = if yes { Polarity::Yes } else { Polarity::No };
                }
            }
            for c in claims {
                if c.topic == Topic::Channel {
                    let s = c.subject.clone().unwrap_or_default();
                    if channels_seen.contains(&s) {
                        continue;
                    }
                    channels_seen.push(s);
                }
                out.push(c);
            }
        }
    }
    out
}

/// A line holding a placeholder (`TODO`, `TBD`, the template's example values): it states
/// nothing yet.
pub fn has_placeholder(text: &str) -> bool {
    let lower = text.to_lowercase();
    template().placeholders.iter().any(|p| {
        if p.chars().any(|c| c.is_lowercase()) {
            lower.contains(p.as_str())
        } else {
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == p)
        }
    })
}

/// The label cell and the value cells of a table row (`| SBOM | Demo does not ... |`);
/// no label for a row of one cell.
fn table_cells(row: &str) -> (Option<String>, String) {
    let cells: Vec<&str> = row
        .trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    match cells.split_first() {
        Some((label, rest)) if !rest.is_empty() => (Some((*label).to_string()), rest.join(" | ")),
        _ => (None, row.to_string()),
    }
}

/// The topics a table row's label names (`SBOM`, `Signed releases`) that its value does
/// not name itself: the value states them, with the value's polarity.
fn label_claims(label: &str, value: &str, line: u32, seen: &[Topic]) -> Vec<Claim> {
    let topics: Vec<Topic> = sentence_claims(label, line, &[], &[])
        .into_iter()
        .map(|c| c.topic)
        .filter(|t| {
            !matches!(
                t,
                Topic::Tool | Topic::Channel | Topic::Reviewers | Topic::Badge
            ) && !seen.contains(t)
        })
        .collect();
    topics
        .into_iter()
        .map(|t| {
            let mut c = claim(t, line, value);
            c.polarity = polarity(value);
            c
        })
        .collect()
}

/// `| SBOM | No |` or `Signed commits: yes`: the answer, when explicit.
fn explicit_answer(text: &str) -> Option<bool> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)(?:^\s*\|[^|]{1,80}\|\s*|:\s+)(?:\*\*)?(yes|no)(?:\*\*)?\b(?:[.,;:)\s|]|$)",
    );
    let c = r.captures(text)?;
    Some(c.get(1)?.as_str().eq_ignore_ascii_case("yes"))
}

/// The sentences of a line: split after `.`, `!`, `?` or `;` followed by a space (not
/// inside a URL or a number like `1.2`).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        if matches!(c, '.' | '!' | '?' | ';')
            && next == Some(' ')
            && after.is_some_and(|a| a.is_uppercase() || a == '*' || a == '[')
        {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn polarity(sentence: &str) -> Polarity {
    static NOW_NOT: OnceLock<Regex> = OnceLock::new();
    static NEG: OnceLock<Regex> = OnceLock::new();
    static OPT: OnceLock<Regex> = OnceLock::new();
    static HYPO: OnceLock<Regex> = OnceLock::new();
    // What is not done today, whatever is planned: "does not currently generate SBOMs",
    // "Until an SPDX SBOM is available", "we do not sign yet but plan to".
    let now_not = re(
        &NOW_NOT,
        r"(?i)\b(not currently|currently not|currently no|not yet|yet to|until|no longer|do not|does not|did not|don't|doesn't|are not|is not|isn't|aren't|has not|have not|hasn't|haven't|we don't|none of)\b",
    );
    let neg = re(
        &NEG,
        r"(?i)\b(not|no|never|none|neither|nor|without|isn't|aren't|doesn't|don't|cannot|can't|lacks?|lacking|missing|unsigned|absent)\b",
    );
    let opt = re(
        &OPT,
        r"(?i)\b(encouraged|encourage|optional|optionally|recommended|recommend|recommendation|may|might|could|should|plans?|planned|planning|will|future|intend|intends|working towards|in the process of|aim to|aims to|consider|considering|roadmap|would)\b",
    );
    // A condition or someone's discretion ("If the score is under 4.0 the team can decide
    // to slow the release process"), an aspiration ("ultimately attain silver"): what may
    // happen, not what is.
    let hypothetical = re(
        &HYPO,
        r"(?i)^\W*(if|unless|in case|in the event|once|whether)\b|\b(can|could|may) (decide|choose|opt)\b|\bat (the|their|its|his|her) discretion\b|\b(ultimately|eventually|aspires?|aspiring|strives?|striving|hopes? to|goal is|goal of|seeks? to)\b|\bto (achieve|attain|reach|earn|obtain)\b",
    );
    if hypothetical.is_match(sentence) {
        Polarity::Optional
    } else if now_not.is_match(sentence) {
        Polarity::No
    } else if opt.is_match(sentence) {
        Polarity::Optional
    } else if neg.is_match(sentence) {
        Polarity::No
    } else {
        Polarity::Yes
    }
}

fn word_number(w: &str) -> Option<u64> {
    let w = w.to_lowercase();
    if let Ok(n) = w.parse::<u64>() {
        return Some(n);
    }
    Some(match w.as_str() {
        "a" | "an" | "one" | "single" | "a single" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "ten" => 10,
        "fourteen" => 14,
        "thirty" => 30,
        _ => return None,
    })
}

/// A tool's names as written in prose, compiled.
pub struct ToolMatcher {
    pub id: String,
    pub category: Category,
    patterns: Vec<(String, Regex)>,
}

/// Tool ids whose names are ordinary words (`black`, `safety`): not recognised in prose.
const COMMON_WORDS: [&str; 6] = ["black", "safety", "reuse", "witness", "bom", "notation"];

/// Every tool of the catalogue that prose can name, compiled once.
fn all_tool_matchers() -> &'static [ToolMatcher] {
    static ALL: OnceLock<Vec<ToolMatcher>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = Vec::new();
        for t in &catalogue().tools {
            if matches!(t.category, Category::Publish | Category::ReadsReleases)
                || COMMON_WORDS.contains(&t.id.as_str())
            {
                continue;
            }
            let mut names: Vec<String> = vec![t.name.clone()];
            names.extend(t.aliases.iter().cloned());
            if t.aliases.is_empty() && t.id.len() >= 4 && !t.id.contains('/') && !t.id.contains('_')
            {
                names.push(t.id.clone());
            }
            let mut patterns = Vec::new();
            for n in names {
                if n.len() < 3 {
                    continue;
                }
                let p = format!(
                    r"(?i)(?:^|[^A-Za-z0-9_./-]){}(?:$|[^A-Za-z0-9_])",
                    regex::escape(&n)
                );
                if let Ok(r) = Regex::new(&p) {
                    patterns.push((n.to_lowercase(), r));
                }
            }
            if !patterns.is_empty() {
                out.push(ToolMatcher {
                    id: t.id.clone(),
                    category: t.category,
                    patterns,
                });
            }
        }
        out
    })
}

/// The matchers less the tools named like the project.
fn tool_matchers(project_names: &[String]) -> Vec<&'static ToolMatcher> {
    all_tool_matchers()
        .iter()
        .filter(|t| !project_names.iter().any(|p| p.eq_ignore_ascii_case(&t.id)))
        .collect()
}

/// The tools a sentence names: (tool id, start, end), a name inside a longer one's match
/// left out (`Snyk` inside `Snyk Code`).
fn tools_in(sentence: &str, tools: &[&ToolMatcher], project_names: &[String]) -> Vec<String> {
    let mut hits: Vec<(String, usize, usize)> = Vec::new();
    for t in tools {
        let named = t
            .patterns
            .iter()
            .filter(|(n, _)| !project_names.iter().any(|p| p == n))
            .filter_map(|(_, p)| p.find(sentence))
            .next();
        if let Some(m) = named {
            hits.push((t.id.clone(), m.start(), m.end()));
        }
    }
    let keep: Vec<String> = hits
        .iter()
        .filter(|(id, a, b)| {
            !hits
                .iter()
                .any(|(o, c, d)| o != id && c <= a && d >= b && (d - c) > (b - a))
        })
        .map(|(id, _, _)| id.clone())
        .collect();
    keep
}

struct Patterns {
    verifies: Regex,
    dco: Regex,
    commit_signing: Regex,
    artifact_signing: Regex,
    sbom: Regex,
    checksums: Regex,
    provenance: Regex,
    release: Regex,
    badge: Regex,
    badge_id: Regex,
    level: Regex,
    reviewers: Regex,
    response: Regex,
    versions: Regex,
    support: Regex,
    email: Regex,
    channel_url: Regex,
}

#[allow(clippy::expect_used)]
fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |p: &str| Regex::new(p).expect("constant regex pattern");
        Patterns {
            // "Flux verifies signatures", "signature verification"; not "should be verified by
            // users" (the project's images are what is signed there).
            verifies: r(r"(?i)\bverif(y|ies|ying|ication)\b"),
            dco: r(r"(?i)\bdco\b|developer certificate of origin|signed-off-by|\bsign-?off\b|\bsigned off\b"),
            commit_signing: r(r"(?i)\b(sign|signs|signed|signing)\b[^.]{0,40}\bcommits?\b|\bcommits?\b[^.]{0,40}\b(signed|signing|signatures?)\b"),
            artifact_signing: r(r"(?i)\b(images?|artifacts?|binaries|releases?|charts?|packages?|containers?)\b[^.]{0,50}\b(signed|signing|signatures?)\b|\b(signed|signs|sign)\b[^.]{0,50}\b(images?|artifacts?|binaries|releases?|charts?|packages?)\b|\bcosign\b|\bsigstore\b"),
            sbom: r(r"(?i)\bsboms?\b|software bill of materials|\bspdx\b|\bcyclonedx\b"),
            checksums: r(r"(?i)\bchecksums?\b|\bsha-?(?:256|512)sums?\b"),
            provenance: r(r"(?i)\bprovenance\b|\bslsa\b|\battestations?\b"),
            release: r(r"(?i)\brelease (process|procedure|guide|documentation|checklist)\b|\breleasing\.md\b|\brelease\.md\b"),
            badge: r(r"(?i)best ?practices|\bcii\b|bestpractices\.dev|coreinfrastructure\.org/projects|openssf badge"),
            badge_id: r(r"(?i)(?:bestpractices\.dev|bestpractices\.coreinfrastructure\.org)/(?:[a-z]{2}(?:-[a-z]+)?/)?projects/(\d{1,9})"),
            level: r(r"(?i)\b(passing|silver|gold)\b"),
            reviewers: r(r"(?i)\b(\d+|one|two|three|four|a single|single|multiple|two or more|at least one|at least two)\s+(?:\w+\s+)?(maintainers?|reviewers?|approvals?|approvers?|lgtms?)\b"),
            response: r(r"(?i)\bwithin\s+(\d+|one|two|three|four|five|seven|ten|fourteen|thirty)\s+((?:business |working |calendar )?(?:hours?|days?|weeks?))\b"),
            versions: r(r"(?i)\b(\d+|one|two|three|four|five)\s+(?:most recent |latest |recent |previous |last )?(?:minor |major )?(releases?|versions?|release branches|release lines)\b"),
            support: r(r"(?i)\b(support|supported|maintain|maintains|maintained|backport|backported|patch|patched)\b"),
            email: r(r"(?i)\b[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\b"),
            channel_url: r(r"(?i)https?://(?:[a-z0-9-]+\.)*(?:slack\.com|slack\.cncf\.io|slack\.k8s\.io|communityinviter\.com|groups\.google\.com|lists\.cncf\.io|discord\.gg|discord\.com|gitter\.im)(?:/[^\s)\]>|]*)?|https?://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/discussions"),
        }
    })
}

/// The part of a sentence around a match that decides its polarity: "Helm charts are
/// not signed" is a no; "must sign off ... that it is not subject to licences" is a yes.
fn window(sentence: &str, at: (usize, usize)) -> &str {
    let mut a = at.0.saturating_sub(60);
    while a > 0 && !sentence.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at.1 + 30).min(sentence.len());
    while b < sentence.len() && !sentence.is_char_boundary(b) {
        b += 1;
    }
    // Up to the end of the clause the match is in.
    let tail = &sentence[at.1.min(b)..b];
    let stop = [",", ";", "(", " and ", " but "]
        .iter()
        .filter_map(|s| tail.find(s))
        .min()
        .map_or(b, |i| at.1 + i);
    let head = &sentence[a..at.0.min(sentence.len())];
    let start = head.rfind([';', '(']).map_or(a, |i| a + i + 1);
    sentence.get(start..stop.max(at.1)).unwrap_or(sentence)
}

fn claim_at(topic: Topic, line: u32, sentence: &str, at: (usize, usize)) -> Claim {
    let mut c = claim(topic, line, sentence);
    c.polarity = polarity(window(sentence, at));
    c
}

fn claim(topic: Topic, line: u32, sentence: &str) -> Claim {
    Claim {
        topic,
        line,
        polarity: polarity(sentence),
        subject: None,
        number: None,
        unit: None,
        explicit: false,
        sentence: sentence.to_string(),
    }
}

/// The claims of one sentence.
pub fn sentence_claims(
    sentence: &str,
    line: u32,
    tools: &[&ToolMatcher],
    project_names: &[String],
) -> Vec<Claim> {
    let p = patterns();
    let mut out = Vec::new();
    // "verifies commit signatures": what the software does, not how it is built.
    let feature = p.verifies.is_match(sentence);
    let at = |m: regex::Match<'_>| (m.start(), m.end());
    let dco = p.dco.find(sentence);
    if let Some(m) = dco {
        out.push(claim_at(Topic::Dco, line, sentence, at(m)));
    }
    if let Some(m) = p.commit_signing.find(sentence)
        && dco.is_none()
        && !feature
    {
        let mut c = claim_at(Topic::CommitSigning, line, sentence, at(m));
        // "required for maintainers and encouraged for all": not a rule for every commit.
        if polarity(sentence) == Polarity::Optional {
            c.polarity = Polarity::Optional;
        }
        out.push(c);
    }
    if let Some(m) = p.artifact_signing.find(sentence)
        && !feature
    {
        out.push(claim_at(Topic::ArtifactSigning, line, sentence, at(m)));
    }
    for (re, topic) in [
        (&p.sbom, Topic::Sbom),
        (&p.checksums, Topic::Checksums),
        (&p.provenance, Topic::Provenance),
        (&p.release, Topic::ReleaseProcess),
    ] {
        if let Some(m) = re.find(sentence) {
            // A "security release process" is the disclosure process, not the release one.
            let before = sentence[..m.start()].to_lowercase();
            if topic == Topic::ReleaseProcess && before.trim_end().ends_with("security") {
                continue;
            }
            out.push(claim_at(topic, line, sentence, at(m)));
        }
    }
    if p.badge.is_match(sentence) || p.badge_id.is_match(sentence) {
        let mut c = claim(Topic::Badge, line, sentence);
        c.number = p
            .badge_id
            .captures(sentence)
            .and_then(|m| m.get(1))
            .and_then(|m| m.as_str().parse().ok());
        // "achieved the passing level and works towards silver": the level stated as held
        // is the one whose clause is a statement; "ultimately attain the silver badge" holds
        // none.
        let levels: Vec<(String, Polarity)> = p
            .level
            .find_iter(sentence)
            .map(|m| (m.as_str().to_lowercase(), polarity(window(sentence, at(m)))))
            .collect();
        let held = levels.iter().find(|(_, pol)| *pol == Polarity::Yes);
        c.subject = held.map(|(l, _)| l.clone());
        if held.is_some() {
            c.polarity = Polarity::Yes;
        } else if !levels.is_empty() {
            c.polarity = Polarity::Optional;
        }
        if c.subject.is_some() || c.number.is_some() {
            out.push(c);
        }
    }
    if let Some(m) = p.reviewers.captures(sentence) {
        let n = m
            .get(1)
            .map(|x| x.as_str().to_lowercase())
            .unwrap_or_default();
        let mut c = claim(Topic::Reviewers, line, sentence);
        c.number = match n.as_str() {
            "multiple" | "two or more" | "at least two" => Some(2),
            "at least one" => Some(1),
            other => word_number(other),
        };
        c.unit = m.get(2).map(|x| x.as_str().to_lowercase());
        out.push(c);
    }
    if let Some(m) = p.response.captures(sentence) {
        let mut c = claim(Topic::ResponseTime, line, sentence);
        c.number = m.get(1).and_then(|x| word_number(x.as_str()));
        c.unit = m.get(2).map(|x| x.as_str().to_lowercase());
        c.polarity = Polarity::Yes;
        out.push(c);
    }
    if p.support.is_match(sentence)
        && let Some(m) = p.versions.captures(sentence)
    {
        let mut c = claim(Topic::SupportedVersions, line, sentence);
        c.number = m.get(1).and_then(|x| word_number(x.as_str()));
        c.unit = m.get(2).map(|x| x.as_str().to_lowercase());
        c.polarity = Polarity::Yes;
        out.push(c);
    }
    for m in p.email.find_iter(sentence) {
        let a = m.as_str().to_lowercase();
        if a.ends_with("example.com") || a.ends_with("example.org") {
            continue;
        }
        let mut c = claim(Topic::Channel, line, sentence);
        c.subject = Some(a);
        c.polarity = Polarity::Yes;
        out.push(c);
    }
    for m in p.channel_url.find_iter(sentence) {
        let mut c = claim(Topic::Channel, line, sentence);
        c.subject = Some(m.as_str().trim_end_matches(['/', '.', ',']).to_string());
        c.polarity = Polarity::Yes;
        out.push(c);
    }
    for id in tools_in(sentence, tools, project_names) {
        let mut c = claim(Topic::Tool, line, sentence);
        c.subject = Some(id);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Vec<Claim> {
        let names = vec!["demo".to_string()];
        sentence_claims(s, 7, &tool_matchers(&names), &names)
    }

    fn topics(s: &str) -> Vec<&'static str> {
        one(s).into_iter().map(|c| c.topic.as_str()).collect()
    }

    #[test]
    fn each_statement_kind() {
        assert_eq!(topics("All commits must carry a DCO sign-off."), ["dco"]);
        assert_eq!(
            topics(
                "Contributors are required to sign their commits, adhering to the Developer Certificate of Origin."
            ),
            ["dco"]
        );
        assert_eq!(
            topics("Maintainers sign their commits with GPG keys."),
            ["commit_signing"]
        );
        assert_eq!(topics("Container images are signed."), ["artifact_signing"]);
        assert_eq!(topics("Releases include an SBOM in SPDX format."), ["sbom"]);
        assert_eq!(
            topics("Every release publishes SHA256 checksums."),
            ["checksums"]
        );
        assert_eq!(topics("We produce SLSA provenance."), ["provenance"]);
        assert_eq!(
            topics("The release process is documented."),
            ["release_process"]
        );
        assert!(topics("See the security release process.").is_empty());
        // Users verify what the project signed: a statement about the project.
        assert_eq!(
            topics("Container images are signed and should be verified by users."),
            ["artifact_signing"]
        );
        assert!(topics("Flux verifies commit signatures.").is_empty());
    }

    #[test]
    fn polarity_of_statements() {
        let c = &one("Helm charts are not signed.")[0];
        assert_eq!(
            (c.topic, c.polarity),
            (Topic::ArtifactSigning, Polarity::No)
        );
        let c = &one("Contributors are encouraged to sign commits.")[0];
        assert_eq!(c.polarity, Polarity::Optional);
        let c = &one("Images are signed with cosign.")[0];
        assert_eq!(c.polarity, Polarity::Yes);
        let c = &one("Container images are signed and should be verified by users.")[0];
        assert_eq!(c.polarity, Polarity::Yes);
        // Not done today, whatever is planned.
        for s in [
            "The project does not currently generate SBOMs.",
            "Until an SPDX SBOM is available, users rely on the go.mod file for an SBOM.",
            "We do not sign our release artifacts yet, but plan to with cosign.",
        ] {
            let c = one(s);
            assert!(!c.is_empty(), "{s}");
            assert!(c.iter().all(|c| c.polarity == Polarity::No), "{s}: {c:?}");
        }
    }

    #[test]
    fn table_rows_read_the_label_and_the_value_apart() {
        let doc = super::super::document::parse(
            "## Metadata\n\n| | |\n| -- | -- |\n| SBOM              | Demo does not currently generate an SBOM on release |\n| SBOM | [SPDX](https://x.dev/sbom.json) |\n",
            template(),
        );
        let c = extract(&doc, &["demo".to_string()]);
        let sbom: Vec<_> = c.iter().filter(|c| c.topic == Topic::Sbom).collect();
        assert_eq!(sbom.len(), 2, "{c:?}");
        assert_eq!(sbom[0].polarity, Polarity::No, "{c:?}");
        assert_eq!(sbom[1].polarity, Polarity::Yes, "{c:?}");
    }

    #[test]
    fn conditions_discretion_and_aspirations_are_not_claims() {
        for s in [
            "If the CVSS score is under 4.0 the Fix Team can decide to slow the release process down.",
            "The team may decide at its discretion to publish checksums.",
        ] {
            assert!(
                one(s).iter().all(|c| c.polarity == Polarity::Optional),
                "{s}: {:?}",
                one(s)
            );
        }
        // An aspiration names no level held; a level achieved beside one is held.
        let c = one(
            "By addressing these areas, Demo can ultimately attain the silver badge level of best practices.",
        );
        assert!(
            c.iter()
                .all(|c| c.topic != Topic::Badge || c.subject.is_none()),
            "{c:?}"
        );
        let c = one(
            "Demo holds the passing level of the OpenSSF Best Practices badge and aims to attain silver.",
        );
        let b = c.iter().find(|c| c.topic == Topic::Badge).unwrap();
        assert_eq!(b.subject.as_deref(), Some("passing"));
    }

    #[test]
    fn numbers_reviewers_response_versions() {
        let c = one("Each pull request must be approved by two maintainers.");
        let r = c.iter().find(|c| c.topic == Topic::Reviewers).unwrap();
        assert_eq!(r.number, Some(2));
        let c = one("Reporters can expect a response within 3 business days.");
        let r = c.iter().find(|c| c.topic == Topic::ResponseTime).unwrap();
        assert_eq!(
            (r.number, r.unit.as_deref()),
            (Some(3), Some("business days"))
        );
        let c = one("We maintain release branches for the three most recent minor releases.");
        let r = c
            .iter()
            .find(|c| c.topic == Topic::SupportedVersions)
            .unwrap();
        assert_eq!(r.number, Some(3));
    }

    #[test]
    fn channels_and_badge() {
        let c = one("Report to security@demo.dev or on https://demo.slack.com/archives/C1.");
        let subjects: Vec<_> = c.iter().filter_map(|c| c.subject.clone()).collect();
        assert_eq!(
            subjects,
            ["security@demo.dev", "https://demo.slack.com/archives/C1"]
        );
        let c = one(
            "The project has achieved the passing level of the [OpenSSF Best Practices badge](https://www.bestpractices.dev/en/projects/5301) and works towards silver.",
        );
        let b = c.iter().find(|c| c.topic == Topic::Badge).unwrap();
        assert_eq!(
            (b.number, b.subject.as_deref()),
            (Some(5301), Some("passing"))
        );
        assert_eq!(b.polarity, Polarity::Yes);
    }

    #[test]
    fn tools_through_the_catalogue() {
        let ids = |s: &str| -> Vec<String> {
            one(s)
                .into_iter()
                .filter_map(|c| (c.topic == Topic::Tool).then(|| c.subject.unwrap()))
                .collect()
        };
        assert_eq!(
            ids("Dependencies are updated by Dependabot."),
            ["dependabot"]
        );
        assert_eq!(ids("Code quality is checked by SonarCloud."), ["sonar"]);
        assert_eq!(
            ids("We scan images with Trivy and run golangci-lint."),
            ["trivy", "golangci-lint"]
        );
        assert_eq!(ids("The demo scanner runs on Demo."), Vec::<String>::new());
        assert_eq!(ids("Black is a color; safety first."), Vec::<String>::new());
    }

    #[test]
    fn explicit_answers() {
        assert_eq!(explicit_answer("| SBOM | No |"), Some(false));
        assert_eq!(
            explicit_answer("Signed commits: Yes, all of them"),
            Some(true)
        );
        assert_eq!(explicit_answer("Nothing here"), None);
    }

    #[test]
    fn sentences_split_at_ends_not_in_urls() {
        assert_eq!(
            sentences("See https://a.b/c.d for v1.2. Then go; Next one"),
            ["See https://a.b/c.d for v1.2.", "Then go;", "Next one"]
        );
    }
}
