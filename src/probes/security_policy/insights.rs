//! The vulnerability reporting part of `SECURITY-INSIGHTS.yml`: v1
//! (`vulnerability-reporting.email-contact`, `.security-policy`, `.bug-bounty-url`, and the
//! top-level `security-contacts` list) and v2 (`project.vulnerability-reporting.contact.email`,
//! `.policy`, `.bug-bounty-program`). Each value is placed on the line it stands on.

use crate::evidence::yaml::{self, Node};
use crate::model::ContactKind;

use super::contacts::{email_kind, url_kind};

/// Largest SECURITY-INSIGHTS file parsed (bytes).
pub(crate) const MAX_INSIGHTS: usize = 256 * 1024;

/// A value read from the file: what it is, the key it stands under, and its line (when
/// it could be placed on one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub value: String,
    /// A contact's kind; `None` for a reference (the policy URL, an unrecognised URL).
    pub kind: Option<ContactKind>,
    pub line: Option<u32>,
}

/// The only place this crate parses SECURITY-INSIGHTS YAML, through the bounded parser
/// (nesting depth and expanded size are limited before values are built). `None` for a
/// file over [`MAX_INSIGHTS`], not YAML, or past a limit.
fn parse(text: &str) -> Option<Node> {
    if text.len() > MAX_INSIGHTS {
        return None;
    }
    yaml::parse(text).ok()
}

/// The whole document as a JSON value, for the Security Insights draft: plain `true` /
/// `false` are booleans, plain `null`/`~`/empty are null, plain integers and decimals are
/// numbers, everything else a string; a repeated key keeps its first value (as
/// [`Node::get`] reads it). Parsed with the bounded parser; at most [`MAX_INSIGHTS`] bytes.
pub fn document(text: &str) -> Result<serde_json::Value, String> {
    if text.len() > MAX_INSIGHTS {
        return Err("is larger than 256 KiB and was not parsed".into());
    }
    let doc = yaml::parse(text).map_err(|e| format!("is not valid YAML: {e}"))?;
    let v = to_json(&doc);
    if !v.is_object() {
        return Err("is not a YAML mapping".into());
    }
    Ok(v)
}

fn to_json(n: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    if let Some(seq) = n.as_seq() {
        return J::Array(seq.iter().map(to_json).collect());
    }
    if let Some(m) = n.as_map() {
        let mut out = serde_json::Map::new();
        for (k, v) in m {
            let key = k.as_str().map(str::to_string).unwrap_or_default();
            out.entry(key).or_insert_with(|| to_json(v));
        }
        return J::Object(out);
    }
    if n.is_null() {
        return J::Null;
    }
    if let Some(b) = n.as_bool() {
        return J::Bool(b);
    }
    let text = n.as_str().unwrap_or_default();
    if n.style() == Some(yaml::Style::Plain) {
        if let Ok(i) = text.parse::<i64>() {
            return J::from(i);
        }
        if text.contains('.')
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
            && text.matches('.').count() == 1
        {
            if let Some(num) = text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                return J::Number(num);
            }
        }
    }
    J::String(text.to_string())
}

/// Why the file was not read, or its contacts and references in file order.
pub(crate) fn read(text: &str, truncated: bool) -> Result<Vec<Entry>, &'static str> {
    if truncated || text.len() > MAX_INSIGHTS {
        return Err("is larger than 256 KiB and was not parsed");
    }
    let Some(doc) = parse(text) else {
        return Err("is not valid YAML and was not parsed");
    };
    let get = |v: &Node, k: &str| v.get(k).cloned();
    let s = |v: Option<Node>| v.and_then(|v| v.as_str().map(str::to_string));
    // (key, value, email?) in the order of the specification.
    let mut raw: Vec<(&str, String, Option<bool>)> = Vec::new();
    if let Some(vr) = get(&doc, "vulnerability-reporting") {
        // v1
        if let Some(e) = s(get(&vr, "email-contact")) {
            raw.push(("email-contact", e, Some(true)));
        }
        if let Some(u) = s(get(&vr, "bug-bounty-url")) {
            raw.push(("bug-bounty-url", u, Some(false)));
        }
        if let Some(u) = s(get(&vr, "security-policy")) {
            raw.push(("security-policy", u, None));
        }
    }
    if let Some(list) =
        get(&doc, "security-contacts").and_then(|v| v.as_seq().map(<[Node]>::to_vec))
    {
        for c in list.iter().take(20) {
            let kind = s(get(c, "type")).unwrap_or_default().to_ascii_lowercase();
            if let Some(v) = s(get(c, "value")) {
                match kind.as_str() {
                    "email" => raw.push(("value", v, Some(true))),
                    "url" => raw.push(("value", v, Some(false))),
                    _ => {}
                }
            }
        }
    }
    if let Some(vr) = get(&doc, "project").and_then(|p| get(&p, "vulnerability-reporting")) {
        // v2
        if let Some(e) = get(&vr, "contact").and_then(|c| s(get(&c, "email"))) {
            raw.push(("email", e, Some(true)));
        }
        if let Some(u) = s(get(&vr, "bug-bounty-program")) {
            raw.push(("bug-bounty-program", u, Some(false)));
        }
        if let Some(u) = s(get(&vr, "policy")) {
            raw.push(("policy", u, None));
        }
    }
    let mut out: Vec<Entry> = Vec::new();
    for (key, value, email) in raw {
        let value = value.trim().to_string();
        let value = value
            .strip_prefix("mailto:")
            .map(str::to_string)
            .unwrap_or(value);
        if value.is_empty() || out.iter().any(|e| e.value == value) {
            continue;
        }
        // A value counts only when it is what its key says: a well-formed address, or
        // an http(s) URL with a host. Anything else (`a@.`, markup, `javascript:`) is
        // left out, never counted as a contact or followed as a reference.
        let well_formed = match email {
            Some(true) => is_address(&value),
            Some(false) | None => is_web_url(&value),
        };
        if !well_formed {
            continue;
        }
        let line = locate(text, key, &value);
        let kind = match email {
            Some(true) => email_kind(&value, ""),
            // A field for a bug bounty program is one, whatever its URL looks like.
            Some(false) if key.starts_with("bug-bounty") => Some(ContactKind::BugBounty),
            // A URL given as a security contact: a contact only if it looks like one.
            Some(false) => url_kind(&value, "report"),
            None => None,
        };
        out.push(Entry { value, kind, line });
    }
    Ok(out)
}

pub use crate::evidence::validate::{is_address, is_web_url};

/// The 1-based line holding `value`, preferring one that also holds `key:`.
/// `header.expiration-date` (Security Insights v1) as `YYYY-MM-DD`, with its line; `None`
/// when the file has none, or it is not a date.
pub(crate) fn expiration(text: &str, truncated: bool) -> Option<(String, Option<u32>)> {
    if truncated {
        return None;
    }
    let doc = parse(text)?;
    let raw = doc.get("header")?.get("expiration-date")?.as_str()?.trim();
    let day: String = raw.chars().take(10).collect();
    chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
    Some((day, locate(text, "expiration-date", raw)))
}

fn locate(text: &str, key: &str, value: &str) -> Option<u32> {
    let numbered = || {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains(value))
    };
    let with_key = format!("{key}:");
    numbered()
        .find(|(_, l)| l.contains(&with_key))
        .or_else(|| numbered().next())
        .and_then(|(i, _)| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiration_date_is_read_with_its_line() {
        let y = "header:\n  schema-version: 1.0.0\n  expiration-date: '2025-07-04T00:00:00.000Z'\n";
        assert_eq!(
            expiration(y, false),
            Some(("2025-07-04".to_string(), Some(3)))
        );
        assert_eq!(
            expiration("header:\n  expiration-date: soon\n", false),
            None
        );
        assert_eq!(
            expiration("header:\n  last-updated: '2024-01-01'\n", false),
            None
        );
    }

    #[test]
    fn v1_shape_of_prometheus() {
        // The shape of prometheus/prometheus's SECURITY-INSIGHTS.yml (schema 1.0.0).
        let text = "header:\n  schema-version: '1.0.0'\nsecurity-contacts:\n  - type: email\n    value: team@googlegroups.com\nvulnerability-reporting:\n  accepts-vulnerability-reports: true\n  email-contact: security@example.org\n  bug-bounty-url: https://hackerone.com/example\n  security-policy: https://github.com/o/r/security/policy\n";
        let got = read(text, false).expect("parsed");
        assert_eq!(
            got,
            vec![
                Entry {
                    value: "security@example.org".into(),
                    kind: Some(ContactKind::Email),
                    line: Some(8)
                },
                Entry {
                    value: "https://hackerone.com/example".into(),
                    kind: Some(ContactKind::BugBounty),
                    line: Some(9)
                },
                Entry {
                    value: "https://github.com/o/r/security/policy".into(),
                    kind: None,
                    line: Some(10)
                },
                Entry {
                    value: "team@googlegroups.com".into(),
                    kind: Some(ContactKind::MailingList),
                    line: Some(5)
                },
            ]
        );
    }

    #[test]
    fn v2_shape_of_the_specification_example() {
        // The shape of ossf/security-insights-spec's example-full.yml (v2.2.0).
        let text = "header:\n  schema-version: 2.2.0\nproject:\n  name: Foo\n  vulnerability-reporting:\n    reports-accepted: true\n    bug-bounty-available: true\n    bug-bounty-program: https://example.com/bugs.html\n    contact:\n      name: The security team\n      email: \"security@something.com\"\n      primary: true\n    policy: https://github.com/o/r/blob/main/SECURITY.md\n";
        let got = read(text, false).expect("parsed");
        let v: Vec<(&str, Option<ContactKind>, Option<u32>)> = got
            .iter()
            .map(|e| (e.value.as_str(), e.kind, e.line))
            .collect();
        assert_eq!(
            v,
            vec![
                ("security@something.com", Some(ContactKind::Email), Some(11)),
                (
                    "https://example.com/bugs.html",
                    Some(ContactKind::BugBounty),
                    Some(8)
                ),
                (
                    "https://github.com/o/r/blob/main/SECURITY.md",
                    None,
                    Some(13)
                ),
            ]
        );
    }

    #[test]
    fn malformed_addresses_and_urls_do_not_count() {
        let text = "header:\n  schema-version: 1.0.0\nsecurity-contacts:\n  - type: email\n    value: a@.\n  - type: email\n    value: \"<script>alert(1)</script>@x.y z\"\n  - type: url\n    value: javascript:alert(1)\nvulnerability-reporting:\n  email-contact: x@y\n  bug-bounty-url: javascript:alert(1)\n  security-policy: data:text/html,hi\n";
        assert_eq!(read(text, false), Ok(vec![]));
        let v2 = "header:\n  schema-version: 2.2.0\nproject:\n  vulnerability-reporting:\n    bug-bounty-program: \"javascript:alert(1)\"\n    contact:\n      email: \"a@.\"\n    policy: https://\n";
        assert_eq!(read(v2, false), Ok(vec![]));
    }

    #[test]
    fn address_and_url_shapes() {
        for ok in [
            "security@example.org",
            "cncf-argo-security@lists.cncf.io",
            "first.last+tag@sub.example.co.uk",
            "x@example.xn--p1ai",
        ] {
            assert!(is_address(ok), "{ok}");
        }
        for bad in [
            "a@.",
            "a@b",
            "@example.org",
            "a@example.",
            "a..b@example.org",
            ".a@example.org",
            "a@-x.org",
            "a@x.1",
            "<script>@x.y z",
            "a b@example.org",
            "a@exa mple.org",
            "a@@example.org",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
        for ok in [
            "https://example.org",
            "http://example.org/a?b=c#d",
            "https://hackerone.com/example",
            "https://127.0.0.1:8080/x",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT://example.org/%0aalert(1)",
            "data:text/html,x",
            "mailto:a@example.org",
            "https://",
            "https://x",
            "https://a b.org",
            "https://user:pw@example.org",
            "ftp://example.org",
            "//example.org",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn large_or_broken_files_are_not_parsed() {
        assert!(read("a: [", false).is_err());
        assert!(read("header: {}\n", true).is_err());
        let big = format!("header: {{}}\n#{}\n", "x".repeat(MAX_INSIGHTS));
        assert!(read(&big, false).is_err());
        assert_eq!(read("header: {}\n", false), Ok(vec![]));
    }
}
