//! An existing Security Insights file of any published version (1.0.0, 2.0.0, 2.1.0,
//! 2.2.0) carried into v2.2.0: each value mapped to its v2.2.0 place and carried with a
//! comment naming where it stood, each value v2.2.0 has no place for (or that is not
//! valid there) listed, and the file's expiry judged.
//!
//! v2.0.0 and v2.1.0 have v2.2.0's shape but for `vulnerability-reporting.security-policy`
//! (now `policy`). v1.0.0 is mapped field by field ([`v1`]).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::NotCarried;
use super::schema::{DOCUMENT, Origins, Walk};
use super::tree::Node;

/// The versions read.
pub const VERSIONS: &[&str] = &["1.0.0", "2.0.0", "2.1.0", "2.2.0"];

/// How long a file stays valid when it does not say: v1.0.0 requires its
/// `expiration-date` to be "at most one year from the date it was last reviewed"; v2
/// dropped the field, and the same year is counted from `last-reviewed` (else
/// `last-updated`).
pub const VALIDITY_DAYS: i64 = 365;

/// The existing file carried into v2.2.0.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The file's `header.schema-version` as written (`1.0.0`), or how it was recognised
    /// (`1.0.0 (by its shape)`).
    pub from: String,
    /// The v2.2.0-shaped tree of carried values (placeholders where a required value was
    /// missing).
    pub tree: Node,
    pub not_carried: Vec<NotCarried>,
    pub expiry: Option<Expiry>,
}

/// When the file stops (or stopped) being valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    /// YYYY-MM-DD.
    pub date: String,
    /// How the date was found: `expiration-date`, or `last-reviewed + 1 year`.
    pub rule: String,
    /// The date is before the scan's.
    pub expired: bool,
}

/// Identity: a v2 file's paths are v2.2.0's (but for renamed fields, which the walk names
/// by their old key).
struct Same;
impl Origins for Same {
    fn origin(&self, new_path: &str) -> String {
        new_path.to_string()
    }
}

/// v2.2.0 path (or a prefix of it) → the v1.0.0 path it was mapped from.
struct Mapped(BTreeMap<String, String>);
impl Origins for Mapped {
    fn origin(&self, new_path: &str) -> String {
        let mut p = new_path;
        loop {
            if let Some(o) = self.0.get(p) {
                return format!("{o}{}", &new_path[p.len()..]);
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return new_path.to_string(),
            }
        }
    }
}

/// The version the file declares, else the one its shape shows.
pub fn version_of(doc: &Value) -> String {
    let declared = doc
        .get("header")
        .and_then(|h| h.get("schema-version"))
        .map(|v| match v {
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        });
    if let Some(v) = declared.filter(|v| VERSIONS.contains(&v.as_str())) {
        return v;
    }
    let v1 = [
        "project-lifecycle",
        "contribution-policy",
        "security-contacts",
        "security-testing",
        "distribution-points",
    ]
    .iter()
    .any(|k| doc.get(k).is_some());
    if v1 { "1.0.0" } else { "2.2.0" }.to_string()
}

/// Carries `doc` (the parsed file) into v2.2.0; `today` is the scan's date (YYYY-MM-DD).
pub fn migrate(doc: &Value, today: &str) -> Migration {
    let version = version_of(doc);
    let declared = doc
        .get("header")
        .and_then(|h| h.get("schema-version"))
        .map(|v| match v {
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        });
    let from = match &declared {
        Some(d) if *d == version => version.clone(),
        Some(d) => format!("{version} (by its shape; it declares {d})"),
        None => format!("{version} (by its shape; it declares no version)"),
    };
    let expiry = expiry_of(doc, &version, today);
    let (shaped, origins, mut not_carried): (Value, Box<dyn Origins>, Vec<NotCarried>) =
        if version == "1.0.0" {
            let (v, o, n) = v1(doc);
            (v, Box::new(Mapped(o)), n)
        } else {
            (doc.clone(), Box::new(Same), Vec::new())
        };
    // The draft's own header fields: the version it follows and the date it was made.
    let mut shaped = shaped;
    if let Some(h) = shaped.get_mut("header").and_then(Value::as_object_mut) {
        if let Some(v) = h.remove("schema-version") {
            not_carried.push(NotCarried {
                field: "header.schema-version".into(),
                value: short(&v),
                why: "replaced: the draft follows 2.2.0".into(),
            });
        }
        if let Some(v) = h.remove("last-updated") {
            not_carried.push(NotCarried {
                field: "header.last-updated".into(),
                value: short(&v),
                why: "replaced: the draft is dated the day of the scan".into(),
            });
        }
    }
    let label = format!("v{version}");
    let mut walk = Walk {
        version: &label,
        origins: origins.as_ref(),
        not_carried: Vec::new(),
    };
    let tree = match shaped.as_object() {
        Some(m) => walk.object(m, DOCUMENT, ""),
        None => Node::Map(Vec::new()),
    };
    not_carried.extend(walk.not_carried);
    Migration {
        from,
        tree,
        not_carried,
        expiry,
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The first ten characters of a date or date-time, when they are a date.
fn date_part(v: &Value) -> Option<String> {
    let s = v.as_str()?.trim();
    let d: String = s.chars().take(10).collect();
    super::schema::is_date(&d).then_some(d)
}

fn plus_days(date: &str, days: i64) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(
        (d + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string(),
    )
}

/// v1.0.0: its `expiration-date`; v2: `last-reviewed` (else `last-updated`) plus a year.
pub fn expiry_of(doc: &Value, version: &str, today: &str) -> Option<Expiry> {
    let h = doc.get("header")?;
    let (date, rule) = if version == "1.0.0" {
        match h.get("expiration-date").and_then(date_part) {
            Some(d) => (d, "expiration-date".to_string()),
            None => {
                let (d, k) = h
                    .get("last-reviewed")
                    .and_then(date_part)
                    .map(|d| (d, "last-reviewed"))
                    .or_else(|| {
                        h.get("last-updated")
                            .and_then(date_part)
                            .map(|d| (d, "last-updated"))
                    })?;
                (plus_days(&d, VALIDITY_DAYS)?, format!("{k} + 1 year"))
            }
        }
    } else {
        let (d, k) = h
            .get("last-reviewed")
            .and_then(date_part)
            .map(|d| (d, "last-reviewed"))
            .or_else(|| {
                h.get("last-updated")
                    .and_then(date_part)
                    .map(|d| (d, "last-updated"))
            })?;
        (plus_days(&d, VALIDITY_DAYS)?, format!("{k} + 1 year"))
    };
    let expired = super::schema::is_date(today) && date.as_str() < today;
    Some(Expiry {
        date,
        rule,
        expired,
    })
}

// ---------------------------------------------------------------- v1.0.0

/// Builds the v2.2.0-shaped document from a v1.0.0 one: (document, v2.2.0 path → v1 path,
/// v1 values with no place in v2.2.0).
fn v1(doc: &Value) -> (Value, BTreeMap<String, String>, Vec<NotCarried>) {
    let mut m = V1 {
        out: json!({}),
        origins: BTreeMap::new(),
        not_carried: Vec::new(),
        used: Vec::new(),
    };
    let get = |p: &str| -> Option<&Value> {
        let mut v = doc;
        for k in p.split('.') {
            v = v.get(k)?;
        }
        (!v.is_null()).then_some(v)
    };
    // header
    for (from, to) in [
        ("header.schema-version", "header.schema-version"),
        ("header.last-updated", "header.last-updated"),
        ("header.last-reviewed", "header.last-reviewed"),
        ("header.project-url", "project.homepage"),
        ("header.changelog", "repository.release.changelog"),
        ("header.license", "repository.license.url"),
        ("project-lifecycle.status", "repository.status"),
        ("project-lifecycle.roadmap", "project.roadmap"),
        (
            "project-lifecycle.bug-fixes-only",
            "repository.bug-fixes-only",
        ),
        (
            "contribution-policy.accepts-pull-requests",
            "repository.accepts-change-request",
        ),
        (
            "contribution-policy.accepts-automated-pull-requests",
            "repository.accepts-automated-change-request",
        ),
        (
            "contribution-policy.contributing-policy",
            "repository.documentation.contributing-guide",
        ),
        (
            "contribution-policy.code-of-conduct",
            "project.documentation.code-of-conduct",
        ),
        (
            "vulnerability-reporting.accepts-vulnerability-reports",
            "project.vulnerability-reporting.reports-accepted",
        ),
        (
            "vulnerability-reporting.bug-bounty-available",
            "project.vulnerability-reporting.bug-bounty-available",
        ),
        (
            "vulnerability-reporting.bug-bounty-url",
            "project.vulnerability-reporting.bug-bounty-program",
        ),
        (
            "vulnerability-reporting.security-policy",
            "project.vulnerability-reporting.policy",
        ),
        (
            "vulnerability-reporting.pgp-key",
            "project.vulnerability-reporting.pgp-key",
        ),
        (
            "vulnerability-reporting.in-scope",
            "project.vulnerability-reporting.in-scope",
        ),
        (
            "vulnerability-reporting.out-scope",
            "project.vulnerability-reporting.out-of-scope",
        ),
        (
            "vulnerability-reporting.comment",
            "project.vulnerability-reporting.comment",
        ),
        (
            "dependencies.dependencies-lifecycle.policy-url",
            "repository.documentation.dependency-management-policy",
        ),
    ] {
        if let Some(v) = get(from) {
            let v = if to == "repository.status" {
                // v1 spells it `wip`, v2 `WIP`.
                match v.as_str() {
                    Some("wip") => json!("WIP"),
                    _ => v.clone(),
                }
            } else {
                v.clone()
            };
            m.put(to, v, from);
        }
    }
    // A release process given as a URL has a v2.2.0 place; as text, none.
    if let Some(v) = get("project-lifecycle.release-process") {
        if v.as_str().is_some_and(super::schema::is_url) {
            m.put(
                "project.documentation.release-process",
                v.clone(),
                "project-lifecycle.release-process",
            );
        }
    }
    // `env-dependencies-policy` only where `dependencies-lifecycle` left the place free.
    if get("dependencies.dependencies-lifecycle.policy-url").is_none() {
        if let Some(v) = get("dependencies.env-dependencies-policy.policy-url") {
            m.put(
                "repository.documentation.dependency-management-policy",
                v.clone(),
                "dependencies.env-dependencies-policy.policy-url",
            );
        }
    }
    // third-party-packages: true ⇔ no-third-party-packages: false.
    if let Some(Value::Bool(b)) = get("dependencies.third-party-packages") {
        m.put(
            "repository.no-third-party-packages",
            json!(!b),
            "dependencies.third-party-packages",
        );
    }
    // The first documentation URL is the detailed guide.
    if let Some(Value::Array(docs)) = get("documentation") {
        if let Some(first) = docs.first() {
            m.put(
                "project.documentation.detailed-guide",
                first.clone(),
                "documentation[0]",
            );
        }
    }
    // The reporting contact: the e-mail contact, else the primary (or first) e-mail of
    // security-contacts.
    let contacts: Vec<&Value> = get("security-contacts")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let email_contact = get("vulnerability-reporting.email-contact");
    let from_list = contacts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.get("type").and_then(Value::as_str) == Some("email"))
        .max_by_key(|(i, c)| {
            (
                c.get("primary").and_then(Value::as_bool) == Some(true),
                std::cmp::Reverse(*i),
            )
        });
    match (email_contact, from_list) {
        (Some(e), _) => {
            m.put(
                "project.vulnerability-reporting.contact.email",
                e.clone(),
                "vulnerability-reporting.email-contact",
            );
            m.put(
                "project.vulnerability-reporting.contact.primary",
                json!(true),
                "vulnerability-reporting.email-contact",
            );
        }
        (None, Some((i, c))) => {
            if let Some(v) = c.get("value") {
                let from = format!("security-contacts[{i}].value");
                m.put(
                    "project.vulnerability-reporting.contact.email",
                    v.clone(),
                    &from,
                );
                m.put(
                    "project.vulnerability-reporting.contact.primary",
                    json!(true),
                    &format!("security-contacts[{i}]"),
                );
                m.used.push(format!("security-contacts[{i}]"));
            }
        }
        _ => {}
    }
    // Core maintainers: people (a handle, an address, a profile URL); a link to a list of
    // maintainers is not one.
    if let Some(Value::Array(list)) = get("project-lifecycle.core-maintainers") {
        let mut team = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let from = format!("project-lifecycle.core-maintainers[{i}]");
            match v.as_str().and_then(person) {
                Some(p) => {
                    m.origins
                        .insert(format!("repository.core-team[{}]", team.len()), from);
                    team.push(p);
                }
                None => m.not_carried.push(NotCarried {
                    field: from,
                    value: short(v),
                    why: "not a person (v2.2.0 core-team lists people: a name, an address or a profile)".into(),
                }),
            }
        }
        if !team.is_empty() {
            m.set("repository.core-team", Value::Array(team));
        }
    }
    // Distribution points: a URI each, with the comment v2.2.0 requires.
    if let Some(Value::Array(list)) = get("distribution-points") {
        let points: Vec<Value> = list
            .iter()
            .filter_map(Value::as_str)
            .map(
                |u| json!({"uri": u, "comment": "listed in the file's v1.0.0 distribution-points"}),
            )
            .collect();
        if !points.is_empty() {
            m.set(
                "repository.release.distribution-points",
                Value::Array(points),
            );
            m.origins.insert(
                "repository.release.distribution-points".into(),
                "distribution-points".into(),
            );
        }
    }
    // SBOMs are attestations of the release; the in-toto predicate of the formats named.
    if let Some(Value::Array(list)) = get("dependencies.sbom") {
        let mut atts = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let from = format!("dependencies.sbom[{i}]");
            let format = s.get("sbom-format").and_then(Value::as_str).unwrap_or("");
            let predicate = match format.to_ascii_lowercase().as_str() {
                f if f.contains("spdx") => Some("https://spdx.dev/Document"),
                f if f.contains("cyclonedx") => Some("https://cyclonedx.org/bom"),
                _ => None,
            };
            let location = s.get("sbom-file").or_else(|| s.get("sbom-url"));
            match (predicate, location) {
                (Some(p), Some(l)) => {
                    let to = format!("repository.release.attestations[{}]", atts.len());
                    let key = if s.get("sbom-file").is_some() { "sbom-file" } else { "sbom-url" };
                    for (a, b) in [
                        ("name", "sbom-format"),
                        ("predicate-uri", "sbom-format"),
                        ("location", key),
                        ("comment", "sbom-creation"),
                    ] {
                        m.origins.insert(format!("{to}.{a}"), format!("{from}.{b}"));
                    }
                    if key == "sbom-file" {
                        if let Some(u) = s.get("sbom-url") {
                            m.not_carried.push(NotCarried {
                                field: format!("{from}.sbom-url"),
                                value: short(u),
                                why: "an attestation has one location (the SBOM file's)".into(),
                            });
                        }
                    }
                    m.origins.insert(to, from);
                    let mut a = json!({"name": format!("SBOM ({format})"), "location": l, "predicate-uri": p});
                    if let Some(c) = s.get("sbom-creation") {
                        a["comment"] = c.clone();
                    }
                    atts.push(a);
                }
                _ => m.not_carried.push(NotCarried {
                    field: from,
                    value: short(s),
                    why: "an SBOM without a location or a format (SPDX, CycloneDX) to name its predicate".into(),
                }),
            }
        }
        if !atts.is_empty() {
            m.set("repository.release.attestations", Value::Array(atts));
        }
    }
    // Assessments: the self-assessment; audits become third-party assessments.
    if let Some(sa) = get("security-artifacts.self-assessment") {
        let urls = sa.get("evidence-url").and_then(Value::as_array);
        if let Some(first) = urls.and_then(|u| u.first()) {
            m.put(
                "repository.security.assessments.self.evidence",
                first.clone(),
                "security-artifacts.self-assessment.evidence-url[0]",
            );
        }
        for (i, u) in urls.into_iter().flatten().enumerate().skip(1) {
            m.not_carried.push(NotCarried {
                field: format!("security-artifacts.self-assessment.evidence-url[{i}]"),
                value: short(u),
                why: "v2.2.0 keeps one evidence URL for the self-assessment".into(),
            });
        }
        if let Some(c) = sa.get("comment") {
            m.put(
                "repository.security.assessments.self.comment",
                c.clone(),
                "security-artifacts.self-assessment.comment",
            );
        }
        if let Some(v) = sa.get("self-assessment-created") {
            m.not_carried.push(NotCarried {
                field: "security-artifacts.self-assessment.self-assessment-created".into(),
                value: short(v),
                why: "v2.2.0 has no such flag: its self-assessment entry is always there".into(),
            });
        }
        m.used
            .push("security-artifacts.self-assessment.self-assessment-created".into());
    }
    if let Some(Value::Array(list)) = get("security-assessments") {
        let mut third = Vec::new();
        for (i, a) in list.iter().enumerate() {
            let name = a.get("auditor-name").and_then(Value::as_str).unwrap_or("");
            let year = a.get("report-year").map(short).unwrap_or_default();
            let url = a.get("auditor-url").and_then(Value::as_str).unwrap_or("");
            let mut comment = format!("Audit by {name}");
            if !url.is_empty() {
                comment.push_str(&format!(" ({url})"));
            }
            if !year.is_empty() {
                comment.push_str(&format!(", report of {year}"));
            }
            if let Some(c) = a.get("comment").and_then(Value::as_str) {
                comment.push_str(&format!(". {}", c.trim()));
            }
            let mut x = json!({"name": name, "comment": comment});
            let to = format!(
                "repository.security.assessments.third-party[{}]",
                third.len()
            );
            m.origins.insert(
                format!("{to}.name"),
                format!("security-assessments[{i}].auditor-name"),
            );
            m.origins.insert(
                format!("{to}.comment"),
                format!("security-assessments[{i}]"),
            );
            if let Some(r) = a.get("auditor-report") {
                x["evidence"] = r.clone();
                m.origins.insert(
                    format!("{to}.evidence"),
                    format!("security-assessments[{i}].auditor-report"),
                );
            }
            m.origins.insert(
                format!(
                    "repository.security.assessments.third-party[{}]",
                    third.len()
                ),
                format!("security-assessments[{i}]"),
            );
            third.push(x);
        }
        if !third.is_empty() {
            m.set(
                "repository.security.assessments.third-party",
                Value::Array(third),
            );
        }
    }
    // Security testing tools.
    if let Some(Value::Array(list)) = get("security-testing") {
        let mut tools = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let from = format!("security-testing[{i}]");
            let kind = match t.get("tool-type").and_then(Value::as_str) {
                Some("sast") => "SAST",
                Some("sca") => "SCA",
                Some("fuzzer") => "fuzzing",
                _ => "other",
            };
            let mut x = json!({"type": kind, "results": {}});
            let to = format!("repository.security.tools[{}]", tools.len());
            for (a, b) in [
                ("tool-name", "name"),
                ("tool-version", "version"),
                ("comment", "comment"),
                ("tool-rulesets", "rulesets"),
            ] {
                if let Some(v) = t.get(a) {
                    x[b] = v.clone();
                    m.origins.insert(format!("{to}.{b}"), format!("{from}.{a}"));
                }
            }
            m.origins
                .insert(format!("{to}.type"), format!("{from}.tool-type"));
            if let Some(i2) = t.get("integration") {
                let mut integ = Map::new();
                for (a, b) in [
                    ("ad-hoc", "adhoc"),
                    ("ci", "ci"),
                    ("before-release", "release"),
                ] {
                    if let Some(v) = i2.get(a) {
                        integ.insert(b.into(), v.clone());
                        m.origins.insert(
                            format!("{to}.integration.{b}"),
                            format!("{from}.integration.{a}"),
                        );
                    }
                }
                x["integration"] = Value::Object(integ);
            }
            if let Some(u) = t.get("tool-url") {
                m.not_carried.push(NotCarried {
                    field: format!("{from}.tool-url"),
                    value: short(u),
                    why: "v2.2.0 tools have no URL".into(),
                });
            }
            m.origins
                .insert(format!("repository.security.tools[{}]", tools.len()), from);
            tools.push(x);
        }
        if !tools.is_empty() {
            m.set("repository.security.tools", Value::Array(tools));
        }
    }
    // Everything else the file holds has no v2.2.0 place.
    let placed: Vec<String> = m.origins.values().cloned().chain(m.used.clone()).collect();
    let mut leftover = Vec::new();
    leaves(doc, "", &mut leftover);
    for (p, v) in leftover {
        let covered = placed.iter().any(|q| {
            p == *q
                || p.strip_prefix(q.as_str())
                    .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
        }) || matches!(
            p.as_str(),
            "header.expiration-date" | "dependencies.third-party-packages"
        );
        let consumed = [
            "security-artifacts.self-assessment.evidence-url",
            "security-testing",
            "security-assessments",
            "dependencies.sbom",
            "project-lifecycle.core-maintainers",
        ]
        .iter()
        .any(|q| p.starts_with(q));
        let same_contact = p.starts_with("security-contacts[")
            && email_contact.is_some_and(|e| {
                let item: String = p.chars().take_while(|c| *c != ']').collect();
                doc.pointer(&format!(
                    "/security-contacts/{}/value",
                    item.trim_start_matches("security-contacts[")
                )) == Some(e)
            });
        if same_contact {
            m.not_carried.push(NotCarried {
                field: p,
                value: short(&v),
                why: "the same contact as vulnerability-reporting.email-contact, carried as the reporting contact".into(),
            });
            continue;
        }
        if !covered && !consumed {
            let why = if p == "project-lifecycle.release-process" {
                "a text, where v2.2.0 wants the URL of the release process"
            } else {
                "Security Insights 2.2.0 has no place for it"
            };
            m.not_carried.push(NotCarried {
                field: p,
                value: short(&v),
                why: why.into(),
            });
        }
    }
    if let Some(v) = get("header.expiration-date") {
        m.not_carried.push(NotCarried {
            field: "header.expiration-date".into(),
            value: short(v),
            why: "v2.2.0 has no expiration date (see the expiry note above)".into(),
        });
    }
    (m.out, m.origins, m.not_carried)
}

/// A v1 core maintainer as a v2.2.0 contact: `github:handle`, `@handle`, a GitHub (or
/// other) profile URL, an address. A URL to a file or a list is not a person.
fn person(v: &str) -> Option<Value> {
    let v = v.trim();
    let handle = |h: &str| {
        let ok = !h.is_empty()
            && h.len() <= 39
            && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        ok.then(
            || json!({"name": h, "primary": false, "social": format!("https://github.com/{h}")}),
        )
    };
    if let Some(h) = v.strip_prefix("github:").or_else(|| v.strip_prefix('@')) {
        return handle(h.trim());
    }
    if let Some(rest) = v
        .strip_prefix("https://github.com/")
        .or_else(|| v.strip_prefix("http://github.com/"))
    {
        return handle(rest.trim_end_matches('/'));
    }
    if v.contains('@') && !v.contains('/') && crate::probes::is_address(v) {
        return Some(json!({"name": v, "primary": false, "email": v}));
    }
    None
}

struct V1 {
    out: Value,
    origins: BTreeMap<String, String>,
    not_carried: Vec<NotCarried>,
    /// v1 paths consumed without a one-to-one place.
    used: Vec<String>,
}

impl V1 {
    fn set(&mut self, to: &str, v: Value) {
        let mut cur = &mut self.out;
        let parts: Vec<&str> = to.split('.').collect();
        for (i, k) in parts.iter().enumerate() {
            if !cur.is_object() {
                *cur = json!({});
            }
            let Some(obj) = cur.as_object_mut() else {
                return;
            };
            if i + 1 == parts.len() {
                obj.insert((*k).to_string(), v);
                return;
            }
            cur = obj.entry((*k).to_string()).or_insert_with(|| json!({}));
        }
    }
    fn put(&mut self, to: &str, v: Value, from: &str) {
        self.set(to, v);
        self.origins.insert(to.to_string(), from.to_string());
    }
}

/// Every leaf (scalar, or empty container) of a value with its path.
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(x, &p, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => out.push((path.to_string(), v.clone())),
    }
}
