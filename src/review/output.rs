//! The review's outputs: Markdown a reviewer pastes as a pull-request review (findings
//! grouped by section, each with the document line and the evidence as footnotes), JSON
//! (the [`Review`] type, versioned), and SARIF 2.1.0 whose locations are lines of the
//! self-assessment (a CI job on the pull request that adds it annotates those lines).
//! Everything quoted from the document or the repository is escaped.

use serde_json::{Value, json};

use super::template::template;
use super::{Finding, FindingKind, Review};
use crate::model::Citation;
use crate::render::markdown::{autolink, code, escape, short_sha};

/// Longest quote of a document line in Markdown.
const QUOTE_MAX: usize = 200;

/// The top-level section (level 2) of a section id.
fn top(id: &str) -> String {
    let t = template();
    let mut cur = id.to_string();
    let mut guard = 0;
    while let Some(p) = t.get(&cur).and_then(|s| s.parent.clone()) {
        cur = p;
        guard += 1;
        if guard > 10 {
            break;
        }
    }
    cur
}

fn kind_label(k: FindingKind) -> &'static str {
    match k {
        FindingKind::Contradicted => "contradicted",
        FindingKind::Stale => "stale",
        FindingKind::Missing => "missing",
        FindingKind::Lint => "lint",
        FindingKind::NotVerifiable => "not verifiable",
        FindingKind::Agrees => "agrees",
    }
}

/// A citation as a footnote's text.
fn cite_md(c: &Citation) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &c.path {
        let mut s = code(p);
        if let Some([a, b]) = c.lines {
            s.push_str(&if a == b {
                format!(" line {a}")
            } else {
                format!(" lines {a}-{b}")
            });
        }
        parts.push(s);
    }
    if let Some(sha) = &c.commit {
        parts.push(format!("at {}", short_sha(sha)));
    }
    if let Some(e) = &c.excerpt {
        parts.push(format!("\u{201c}{}\u{201d}", escape(e, 160)));
    }
    if let Some(u) = &c.url {
        parts.push(autolink(u));
    }
    if parts.is_empty() {
        parts.push("the scan".into());
    }
    parts.join(" ")
}

/// The review as Markdown.
pub fn markdown(r: &Review) -> String {
    let t = template();
    let mut out = String::new();
    let doc_name = escape(&r.document.path, 120);
    out.push_str(&format!("## Self-assessment review: {doc_name}\n\n"));
    let repo = r
        .repository
        .url
        .as_deref()
        .map(autolink)
        .unwrap_or_else(|| code(&r.repository.input));
    let commit = r
        .repository
        .head_commit
        .as_deref()
        .map(short_sha)
        .unwrap_or_else(|| "an unknown commit".into());
    out.push_str(&format!(
        "Held against {repo} at {commit} by tssa-probe {}.",
        escape(&r.tool.version, 40)
    ));
    if r.offline {
        out.push_str(
            " The scan ran offline: claims that need the GitHub API are not verifiable here.",
        );
    }
    out.push_str("\n\n| contradicted | stale | missing | lint | not verifiable | agrees |\n|---|---|---|---|---|---|\n");
    let s = &r.summary;
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n\n",
        s.contradicted, s.stale, s.missing, s.lint, s.not_verifiable, s.agrees
    ));
    let mut notes: Vec<String> = Vec::new();
    let mut sections: Vec<String> = Vec::new();
    for f in &r.findings {
        let s = top(&f.section);
        if !sections.contains(&s) {
            sections.push(s);
        }
    }
    // Template order, then anything else.
    sections.sort_by_key(|s| {
        t.sections
            .iter()
            .position(|d| d.id == *s)
            .unwrap_or(usize::MAX)
    });
    for s in &sections {
        let title = if s.is_empty() {
            "Elsewhere in the document"
        } else {
            t.title_of(s)
        };
        let (agree, rest): (Vec<&Finding>, Vec<&Finding>) = r
            .findings
            .iter()
            .filter(|f| top(&f.section) == *s)
            .partition(|f| f.kind == FindingKind::Agrees);
        out.push_str(&format!("### {}\n\n", escape(title, 80)));
        for f in &rest {
            out.push_str(&finding_md(f, &mut notes));
        }
        if !agree.is_empty() {
            out.push_str(&format!(
                "<details><summary>{} claim(s) the evidence agrees with</summary>\n\n",
                agree.len()
            ));
            for f in agree {
                out.push_str(&finding_md(f, &mut notes));
            }
            out.push_str("\n</details>\n");
        }
        out.push('\n');
    }
    if r.findings.is_empty() {
        out.push_str("No findings.\n\n");
    }
    for (i, n) in notes.iter().enumerate() {
        out.push_str(&format!("[^{}]: {n}\n", i + 1));
    }
    out
}

fn finding_md(f: &Finding, notes: &mut Vec<String>) -> String {
    let mut s = format!("- **{}**", kind_label(f.kind));
    if let Some(d) = &f.document {
        s.push_str(&format!(
            " (line {}): {}",
            d.line,
            escape(&d.message_quote(), QUOTE_MAX)
        ));
    }
    s.push_str(&format!("  \n  {}", escape(&f.message, 600)));
    for c in &f.evidence {
        notes.push(cite_md(c));
        s.push_str(&format!("[^{}]", notes.len()));
    }
    if let Some(sug) = &f.suggestion {
        s.push_str(&format!("  \n  Suggested text: {}", escape(sug, 800)));
    }
    s.push('\n');
    s
}

impl super::DocumentLine {
    /// The line as quoted in Markdown (the raw text; escaped by the caller).
    fn message_quote(&self) -> String {
        format!("\u{201c}{}\u{201d}", self.text)
    }
}

/// The review as pretty JSON, newline-terminated.
pub fn json(r: &Review) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn rule_id(f: &Finding) -> String {
    format!("review/{}/{}", f.kind.as_str(), f.topic)
}

fn level(k: FindingKind) -> &'static str {
    match k {
        FindingKind::Contradicted | FindingKind::Stale => "error",
        FindingKind::Missing | FindingKind::Lint => "warning",
        FindingKind::NotVerifiable | FindingKind::Agrees => "note",
    }
}

/// A document path as a relative URI reference.
fn uri(path: &str) -> String {
    let p = path.trim_start_matches("./");
    p.chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => c.to_string(),
            c => {
                let mut b = [0u8; 4];
                c.encode_utf8(&mut b)
                    .bytes()
                    .map(|x| format!("%{x:02X}"))
                    .collect()
            }
        })
        .collect()
}

/// The SARIF 2.1.0 log: one result per finding (agreements left out), located at the
/// document line (line 1 for a finding about the whole document).
pub fn sarif(r: &Review) -> String {
    let mut rules: Vec<Value> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for f in r.findings.iter().filter(|f| f.kind != FindingKind::Agrees) {
        let id = rule_id(f);
        let index = match ids.iter().position(|x| *x == id) {
            Some(i) => i,
            None => {
                ids.push(id.clone());
                rules.push(json!({
                    "id": id,
                    "name": format!("{}-{}", f.kind.as_str(), f.topic),
                    "shortDescription": {"text": format!("Self-assessment claim or check: {} ({})", kind_label(f.kind), f.topic.replace('_', " "))},
                    "defaultConfiguration": {"level": level(f.kind)},
                }));
                ids.len() - 1
            }
        };
        let line = f.document.as_ref().map_or(1, |d| d.line.max(1));
        let related: Vec<Value> = f
            .evidence
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut m = json!({"id": i, "message": {"text": cite_text(c)}});
                if let Some(u) = &c.url {
                    m["physicalLocation"] = json!({"artifactLocation": {"uri": u}});
                }
                m
            })
            .collect();
        let mut msg = f.message.clone();
        if let Some(s) = &f.suggestion {
            msg.push_str(&format!(" Suggested text: {s}"));
        }
        let mut res = json!({
            "ruleId": id,
            "ruleIndex": index,
            "level": level(f.kind),
            "message": {"text": msg},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri(&r.document.path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": line},
            }}],
        });
        if !related.is_empty() {
            res["relatedLocations"] = Value::Array(related);
        }
        results.push(res);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tssa-probe",
                "version": r.tool.version,
                "informationUri": "https://github.com/cncf/tag-security",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn cite_text(c: &Citation) -> String {
    let mut s = String::new();
    if let Some(p) = &c.path {
        s.push_str(p);
        if let Some([a, _]) = c.lines {
            s.push_str(&format!(":{a}"));
        }
    }
    if let Some(sha) = &c.commit {
        s.push_str(&format!(" at {}", sha.get(..7).unwrap_or(sha)));
    }
    if let Some(e) = &c.excerpt {
        s.push_str(&format!(": {e}"));
    }
    s
}
