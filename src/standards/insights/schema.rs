//! The Security Insights v2.2.0 schema as data (the CUE definitions of
//! ossf/security-insights `spec/schema.cue` at `fac7d4c6`), and the walk that carries an
//! existing file's values through it: a value of the right type and shape is carried with
//! its origin, anything else is listed as not carried with the reason. What comes out
//! validates by construction; `tests/standards_insights.rs` checks it against the JSON
//! Schema translation.

use serde_json::Value;

use super::tree::{Node, carried, todo};
use super::{NotCarried, PLACEHOLDER_URL};

/// The type of a field.
#[derive(Debug)]
pub(super) enum T {
    Str,
    /// `^https?://[^\s]+$`
    Url,
    /// `^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`
    Email,
    /// `YYYY-MM-DD`
    Date,
    Bool,
    Enum(&'static [&'static str]),
    Obj(&'static [F]),
    /// A list; `true`: at least one item (`[X, ...]`).
    List(&'static T, bool),
}

/// A field of an object.
#[derive(Debug)]
pub(super) struct F {
    pub key: &'static str,
    pub t: T,
    pub required: bool,
    /// Names the field had in earlier versions (`security-policy` for `policy`).
    pub was: &'static [&'static str],
}

const fn f(key: &'static str, t: T) -> F {
    F {
        key,
        t,
        required: false,
        was: &[],
    }
}
const fn req(key: &'static str, t: T) -> F {
    F {
        key,
        t,
        required: true,
        was: &[],
    }
}

pub(super) const CONTACT: &[F] = &[
    req("name", T::Str),
    req("primary", T::Bool),
    f("affiliation", T::Str),
    f("email", T::Email),
    f("social", T::Str),
];
pub(super) const LICENSE: &[F] = &[req("url", T::Url), req("expression", T::Str)];
pub(super) const LINK: &[F] = &[req("uri", T::Str), req("comment", T::Str)];
pub(super) const ASSESSMENT: &[F] = &[
    req("comment", T::Str),
    f("name", T::Str),
    f("evidence", T::Url),
    f("date", T::Date),
];
pub(super) const ATTESTATION: &[F] = &[
    req("name", T::Str),
    req("location", T::Url),
    req("predicate-uri", T::Str),
    f("comment", T::Str),
];
const HEADER: &[F] = &[
    req("last-reviewed", T::Date),
    req("last-updated", T::Date),
    req("schema-version", T::Str),
    req("url", T::Url),
    f("comment", T::Str),
    f("project-si-source", T::Url),
];
const PROJECT_DOCS: &[F] = &[
    f("design", T::Url),
    f("detailed-guide", T::Url),
    f("code-of-conduct", T::Url),
    f("quickstart-guide", T::Url),
    f("release-process", T::Url),
    f("support-policy", T::Url),
    f("signature-verification", T::Url),
];
const VULNERABILITY_REPORTING: &[F] = &[
    req("reports-accepted", T::Bool),
    req("bug-bounty-available", T::Bool),
    f("bug-bounty-program", T::Url),
    f("contact", T::Obj(CONTACT)),
    f("comment", T::Str),
    F {
        key: "policy",
        t: T::Url,
        required: false,
        was: &["security-policy"],
    },
    f("pgp-key", T::Str),
    f("in-scope", T::List(&T::Str, false)),
    f("out-of-scope", T::List(&T::Str, false)),
];
const PROJECT_REPOSITORY: &[F] = &[
    req("name", T::Str),
    req("comment", T::Str),
    req("url", T::Url),
];
const PROJECT: &[F] = &[
    req("name", T::Str),
    f("homepage", T::Url),
    f("roadmap", T::Url),
    f("funding", T::Url),
    f("steward", T::Obj(LINK)),
    req("administrators", T::List(&T::Obj(CONTACT), true)),
    req("repositories", T::List(&T::Obj(PROJECT_REPOSITORY), true)),
    req("vulnerability-reporting", T::Obj(VULNERABILITY_REPORTING)),
    f("documentation", T::Obj(PROJECT_DOCS)),
];
const TOOL_INTEGRATION: &[F] = &[
    req("adhoc", T::Bool),
    req("ci", T::Bool),
    req("release", T::Bool),
];
const TOOL_RESULTS: &[F] = &[
    f("adhoc", T::Obj(ATTESTATION)),
    f("ci", T::Obj(ATTESTATION)),
    f("release", T::Obj(ATTESTATION)),
];
pub(super) const TOOL_TYPES: &[&str] = &["fuzzing", "container", "secret", "SCA", "SAST", "other"];
pub(super) const TOOL: &[F] = &[
    req("name", T::Str),
    req("type", T::Enum(TOOL_TYPES)),
    f("version", T::Str),
    f("comment", T::Str),
    req("rulesets", T::List(&T::Str, false)),
    req("integration", T::Obj(TOOL_INTEGRATION)),
    req("results", T::Obj(TOOL_RESULTS)),
];
const ASSESSMENTS: &[F] = &[
    req("self", T::Obj(ASSESSMENT)),
    f("third-party", T::List(&T::Obj(ASSESSMENT), false)),
];
const SECURITY: &[F] = &[
    req("assessments", T::Obj(ASSESSMENTS)),
    f("champions", T::List(&T::Obj(CONTACT), false)),
    f("tools", T::List(&T::Obj(TOOL), false)),
];
const REPOSITORY_DOCS: &[F] = &[
    f("contributing-guide", T::Url),
    f("dependency-management-policy", T::Url),
    f("governance", T::Url),
    f("review-policy", T::Url),
    f("security-policy", T::Url),
];
const RELEASE: &[F] = &[
    req("automated-pipeline", T::Bool),
    req("distribution-points", T::List(&T::Obj(LINK), true)),
    f("changelog", T::Url),
    f("license", T::Obj(LICENSE)),
    f("attestations", T::List(&T::Obj(ATTESTATION), false)),
];
pub(super) const STATUSES: &[&str] = &[
    "active",
    "abandoned",
    "concept",
    "inactive",
    "moved",
    "suspended",
    "unsupported",
    "WIP",
];
const REPOSITORY: &[F] = &[
    req("status", T::Enum(STATUSES)),
    req("url", T::Url),
    req("accepts-change-request", T::Bool),
    req("accepts-automated-change-request", T::Bool),
    f("bug-fixes-only", T::Bool),
    f("no-third-party-packages", T::Bool),
    req("core-team", T::List(&T::Obj(CONTACT), true)),
    req("license", T::Obj(LICENSE)),
    req("security", T::Obj(SECURITY)),
    f("documentation", T::Obj(REPOSITORY_DOCS)),
    f("release", T::Obj(RELEASE)),
];
/// The whole document.
pub(super) const DOCUMENT: &[F] = &[
    req("header", T::Obj(HEADER)),
    f("project", T::Obj(PROJECT)),
    f("repository", T::Obj(REPOSITORY)),
];

pub(super) fn is_url(v: &str) -> bool {
    (v.starts_with("http://") || v.starts_with("https://"))
        && v.len() > "http://".len()
        && !v.chars().any(char::is_whitespace)
}

pub(super) fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && v.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(
            &v[5..7],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
        && v[8..10].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Where a value of the v2.2.0-shaped document came from in the file: its path there.
pub(super) trait Origins {
    fn origin(&self, new_path: &str) -> String;
}

/// The walk: carries what fits, lists what does not.
pub(super) struct Walk<'a> {
    pub version: &'a str,
    pub origins: &'a dyn Origins,
    pub not_carried: Vec<NotCarried>,
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Walk<'_> {
    fn drop(&mut self, path: &str, v: &Value, why: &str) {
        self.not_carried.push(NotCarried {
            field: self.origins.origin(path),
            value: short(v),
            why: why.to_string(),
        });
    }

    fn tag(&self, n: Node, path: &str) -> Node {
        carried(
            n,
            &format!("{} {}", self.version, self.origins.origin(path)),
        )
    }

    /// The value at `path` of type `t`, carried, or `None` (listed when it was there).
    pub(super) fn value(&mut self, v: &Value, t: &T, path: &str) -> Option<Node> {
        let text = match v {
            Value::String(x) => Some(x.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match t {
            T::Str => match text {
                Some(x) if !x.trim().is_empty() => Some(self.tag(Node::Str(x), path)),
                _ => self.none(path, v, "not a text value"),
            },
            T::Url => match text.filter(|x| is_url(x)) {
                Some(x) => Some(self.tag(Node::Str(x), path)),
                None => self.none(path, v, "not an http(s) URL, which v2.2.0 requires here"),
            },
            T::Email => match text.filter(|x| super::fill::is_email(x)) {
                Some(x) => Some(self.tag(Node::Str(x), path)),
                None => self.none(path, v, "not an e-mail address"),
            },
            T::Date => match text.filter(|x| is_date(x)) {
                Some(x) => Some(self.tag(Node::Str(x), path)),
                None => self.none(path, v, "not a YYYY-MM-DD date"),
            },
            T::Bool => match v {
                Value::Bool(b) => Some(self.tag(Node::Bool(*b), path)),
                _ => self.none(path, v, "not true or false"),
            },
            T::Enum(values) => match text.filter(|x| values.contains(&x.as_str())) {
                Some(x) => Some(self.tag(Node::Str(x), path)),
                None => self.none(
                    path,
                    v,
                    &format!(
                        "not one of the values v2.2.0 allows ({})",
                        values.join(", ")
                    ),
                ),
            },
            T::Obj(fields) => {
                let Value::Object(m) = v else {
                    return self.none(path, v, "not a mapping");
                };
                let obj = self.object(m, fields, path);
                // An empty mapping (`results: {}`) has no leaf to carry the origin.
                Some(if m.is_empty() {
                    self.tag(obj, path)
                } else {
                    obj
                })
            }
            T::List(item, nonempty) => {
                let Value::Array(a) = v else {
                    return self.none(path, v, "not a list");
                };
                let items: Vec<Node> = a
                    .iter()
                    .enumerate()
                    .filter_map(|(i, x)| self.value(x, item, &format!("{path}[{i}]")))
                    .collect();
                if items.is_empty() && *nonempty {
                    if a.is_empty() {
                        self.drop(path, v, "an empty list, where v2.2.0 requires at least one");
                    }
                    return None;
                }
                Some(if a.is_empty() {
                    self.tag(Node::Seq(items), path)
                } else {
                    Node::Seq(items)
                })
            }
        }
    }

    fn none(&mut self, path: &str, v: &Value, why: &str) -> Option<Node> {
        if !v.is_null() {
            self.drop(path, v, why);
        }
        None
    }

    /// The fields of an object: each known one carried, each unknown one listed, each
    /// required one missing a placeholder.
    pub(super) fn object(
        &mut self,
        m: &serde_json::Map<String, Value>,
        fields: &[F],
        path: &str,
    ) -> Node {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        let mut out: Vec<(String, Node)> = Vec::new();
        for field in fields {
            let found = std::iter::once(field.key)
                .chain(field.was.iter().copied())
                .find_map(|k| m.get(k).map(|v| (k, v)));
            let carried = found.and_then(|(k, v)| self.value(v, &field.t, &join(k)));
            match carried {
                Some(n) => out.push((field.key.to_string(), n)),
                None if field.required => {
                    out.push((field.key.to_string(), placeholder(&field.t, field.key)))
                }
                None => {}
            }
        }
        for (k, v) in m {
            let known = fields
                .iter()
                .any(|f| f.key == k || f.was.contains(&k.as_str()));
            if !known {
                self.drop(
                    &join(k),
                    v,
                    "Security Insights 2.2.0 has no such field here",
                );
            }
        }
        Node::Map(out)
    }
}

/// A placeholder of type `t` for a required field the file did not give.
pub(super) fn placeholder(t: &T, key: &str) -> Node {
    let why = format!("the file gives no `{key}`, which v2.2.0 requires");
    match t {
        T::Str => todo(Node::Str("TODO".into()), &why),
        T::Url => todo(Node::Str(PLACEHOLDER_URL.into()), &why),
        T::Email => todo(Node::Str("todo@example.invalid".into()), &why),
        T::Date => todo(Node::Str("1970-01-01".into()), &why),
        T::Bool => todo(Node::Bool(false), &why),
        T::Enum(values) => todo(
            Node::Str(values.first().copied().unwrap_or("").into()),
            &why,
        ),
        T::Obj(fields) => Node::Map(
            fields
                .iter()
                .filter(|f| f.required)
                .map(|f| (f.key.to_string(), placeholder(&f.t, f.key)))
                .collect(),
        ),
        T::List(item, true) => todo(Node::Seq(vec![placeholder(item, key)]), &why),
        T::List(_, false) if key == "rulesets" => {
            todo(Node::Seq(vec![Node::Str("default".into())]), &why)
        }
        T::List(_, false) => Node::Seq(Vec::new()),
    }
}
