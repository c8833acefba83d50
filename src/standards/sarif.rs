//! `--format sarif`: the report as SARIF 2.1.0, for `github/codeql-action/upload-sarif`
//! and other code-scanning consumers.
//!
//! One rule per probe and per OSPS Baseline control evaluated. A result for each probe
//! that is `not_met` (level `error`) or `partially_met` (`warning`), each control that
//! `failed` (`error`), and each probe or control that is `unknown` (`note`, with the
//! reason; not for the controls no probe observes, which the `osps` table lists). A result's location is its first cited file and lines (the others are related
//! locations); a result resting on settings without a file is located at the repository
//! root, with the API URLs it cites in the `citations` property.

use serde_json::{Map, Value, json};

use super::osps::{self, CONTROLS, Verdict};
use crate::model::{Citation, CitationKind, Outcome, ProbeId, Report};

/// The `$schema` written into the log.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Most related locations per result.
const MAX_RELATED: usize = 20;

fn text(s: &str) -> Value {
    json!({ "text": s })
}

fn probe_rule(id: ProbeId) -> Value {
    let def = crate::probes::probe(id).and_then(|p| crate::probes::definition(p).ok());
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rule = Map::new();
    rule.insert("id".into(), json!(id.as_str()));
    match def {
        Some(d) => {
            rule.insert("shortDescription".into(), text(&one_line(&d.title)));
            rule.insert("fullDescription".into(), text(&one_line(&d.question)));
            rule.insert(
                "help".into(),
                text(&format!(
                    "{} Remediation ({} effort): {}",
                    one_line(&d.judgement),
                    d.remediation.effort,
                    one_line(&d.remediation.text)
                )),
            );
            if let Some(r) = d.references.first() {
                rule.insert("helpUri".into(), json!(r.url));
            }
        }
        None => {
            rule.insert("shortDescription".into(), text(id.as_str()));
        }
    }
    rule.insert("defaultConfiguration".into(), json!({ "level": "error" }));
    rule.insert(
        "properties".into(),
        json!({ "tags": ["security", "tssa-probe", "probe"] }),
    );
    Value::Object(rule)
}

fn control_rule(c: &osps::Control) -> Value {
    json!({
        "id": c.id,
        "shortDescription": text(&format!("{}: {}", c.id, c.title)),
        "fullDescription": text(&format!(
            "OSPS Baseline {} level {}: {}. How tssa-probe judges it: {}.",
            osps::OSPS_VERSION, c.level, c.title, c.rule
        )),
        "helpUri": "https://baseline.openssf.org/versions/2026-02-19",
        "defaultConfiguration": { "level": "error" },
        "properties": {
            "tags": ["security", "osps-baseline", format!("level-{}", c.level)],
        },
    })
}

/// A physical location for a file citation.
fn file_location(c: &Citation) -> Option<Value> {
    if c.kind != CitationKind::File {
        return None;
    }
    let path = c.path.as_deref()?;
    if path.is_empty() || path.starts_with('/') || path.contains("..") {
        return None;
    }
    let mut phys = Map::new();
    phys.insert(
        "artifactLocation".into(),
        json!({ "uri": encode_path(path), "uriBaseId": "%SRCROOT%" }),
    );
    if let Some([a, b]) = c.lines {
        let mut region = Map::new();
        region.insert("startLine".into(), json!(a.max(1)));
        region.insert("endLine".into(), json!(b.max(a).max(1)));
        if let Some(e) = &c.excerpt {
            region.insert("snippet".into(), text(e));
        }
        phys.insert("region".into(), Value::Object(region));
    }
    Some(json!({ "physicalLocation": phys }))
}

/// A repository path as a relative URI reference (each segment percent-encoded).
fn encode_path(path: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn repository_location() -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": ".", "uriBaseId": "%SRCROOT%" },
        },
        "message": text("the repository (the evidence is a setting or an API answer, not a file)"),
    })
}

/// A result for `rule_index` located at the file citations among `cites`.
fn result(
    rule_id: &str,
    rule_index: usize,
    level: &str,
    message: String,
    cites: &[&Citation],
    props: Map<String, Value>,
) -> Value {
    let mut files: Vec<Value> = cites.iter().filter_map(|c| file_location(c)).collect();
    let urls: Vec<String> = cites.iter().filter_map(|c| c.url.clone()).collect();
    let primary = if files.is_empty() {
        repository_location()
    } else {
        files.remove(0)
    };
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(rule_id));
    r.insert("ruleIndex".into(), json!(rule_index));
    r.insert("level".into(), json!(level));
    r.insert("message".into(), text(&message));
    r.insert("locations".into(), json!([primary]));
    if !files.is_empty() {
        let related: Vec<Value> = files
            .into_iter()
            .take(MAX_RELATED)
            .enumerate()
            .map(|(i, mut l)| {
                if let Value::Object(m) = &mut l {
                    m.insert("id".into(), json!(i + 1));
                }
                l
            })
            .collect();
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    r.insert(
        "partialFingerprints".into(),
        json!({ "tssaProbeRule/v1": rule_id }),
    );
    let mut props = props;
    if !urls.is_empty() {
        props.insert("citations".into(), json!(urls));
    }
    r.insert("properties".into(), Value::Object(props));
    Value::Object(r)
}

/// The SARIF 2.1.0 log of a report, pretty-printed and newline-terminated.
pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&log(report)).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The SARIF 2.1.0 log of a report.
pub fn log(report: &Report) -> Value {
    let base = osps::of(report);
    let mut rules: Vec<Value> = Vec::new();
    let mut results: Vec<Value> = Vec::new();
    for id in ProbeId::ALL {
        let index = rules.len();
        rules.push(probe_rule(id));
        let Some(p) = report.probe(id) else {
            continue;
        };
        let level = match p.outcome {
            Outcome::NotMet => "error",
            Outcome::PartiallyMet => "warning",
            Outcome::Unknown => "note",
            Outcome::Met | Outcome::NotApplicable => continue,
        };
        let mut message = p.summary.clone();
        if let Some(r) = p.reason {
            message.push_str(&format!(" (unknown: {})", r.describe()));
        }
        let mut props = Map::new();
        props.insert("outcome".into(), json!(p.outcome.as_str()));
        if let Some(r) = p.reason {
            props.insert("reason".into(), json!(r.as_str()));
        }
        let cites: Vec<&Citation> = p.citations.iter().collect();
        results.push(result(id.as_str(), index, level, message, &cites, props));
    }
    for c in CONTROLS {
        let index = rules.len();
        rules.push(control_rule(c));
        let Some(v) = base.controls.iter().find(|v| v.id == c.id) else {
            continue;
        };
        let level = match v.verdict {
            Verdict::Failed => "error",
            // A control no probe observes (no facts in its row) is not a gap of the
            // project: the `osps` table lists it, code scanning does not.
            Verdict::Unknown if !c.facts.is_empty() => "note",
            _ => continue,
        };
        let cites: Vec<&Citation> = v
            .citations
            .iter()
            .filter_map(|r| report.probe(r.probe).and_then(|p| p.citations.get(r.index)))
            .collect();
        let mut props = Map::new();
        props.insert("verdict".into(), json!(v.verdict.as_str()));
        props.insert("level".into(), json!(v.level));
        props.insert("facts".into(), json!(v.facts));
        if let Some(r) = v.reason {
            props.insert("reason".into(), json!(r.as_str()));
        }
        results.push(result(
            c.id,
            index,
            level,
            format!("{} {}: {}", c.id, v.verdict.as_str(), v.explanation),
            &cites,
            props,
        ));
    }
    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({ "driver": {
            "name": report.tool.name,
            "version": report.tool.version,
            "rules": rules,
        }}),
    );
    if let Some(url) = &report.repository.url {
        let mut vcs = Map::new();
        vcs.insert("repositoryUri".into(), json!(url));
        if let Some(sha) = &report.repository.head_commit {
            vcs.insert("revisionId".into(), json!(sha));
        }
        if let Some(b) = &report.repository.default_branch {
            vcs.insert("branch".into(), json!(b));
        }
        run.insert("versionControlProvenance".into(), json!([vcs]));
    }
    run.insert("results".into(), Value::Array(results));
    run.insert(
        "properties".into(),
        json!({
            "osps_baseline_version": base.version,
            "generated_at": report.generated_at,
            "offline": report.mode.offline,
        }),
    );
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}
