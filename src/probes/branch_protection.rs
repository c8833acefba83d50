//! `branch-protection`: the default branch's protection, merged from classic branch
//! protection (REST for admins, GraphQL `branchProtectionRule`, or what the non-admin
//! `refUpdateRule` enforces beyond the rulesets) and repository rulesets.
//!
//! Each source is present, absent (read, and it says nothing protects the branch) or
//! unknown (not readable). A rule that either present source sets is in force; a setting is
//! `false` only when every source was read and none sets it; otherwise it is `null`.

use crate::evidence::github::{BranchRule, ClassicProtection, REF_UPDATE_RULE, Rulesets};
use crate::evidence::{Evidence, Unavailable};
use crate::evidence::{Need, Needs};
use crate::model::{
    BranchProtectionFacts, Citation, Outcome, ProbeFacts, ProbeId, ProtectionSource, Reason,
};

use super::util::{plural, sorted_unique, why};
use super::{Judgement, Probe};

pub struct BranchProtection;

/// Every fact an API read of protection informs.
const FACTS: &[&str] = &[
    "branch",
    "protected",
    "source",
    "required_approvals",
    "require_code_owner_reviews",
    "dismiss_stale_reviews",
    "required_status_checks",
    "enforce_admins",
    "required_signatures",
    "force_push_blocked",
    "deletion_blocked",
    "linear_history",
    "classic_readable",
    "pull_request_required",
];

/// What one source says.
#[derive(Debug, Clone)]
pub(crate) enum Side<'a, T> {
    Present(&'a T),
    /// Read, and nothing protects the branch there.
    Absent,
    Unknown(&'a Unavailable),
}

impl<T> Side<'_, T> {
    /// The value of a setting: from the source when present, `absent` when absent, `None` when unknown.
    fn value<V>(&self, present: impl FnOnce(&T) -> V, absent: V) -> Option<V> {
        match self {
            Side::Present(t) => Some(present(t)),
            Side::Absent => Some(absent),
            Side::Unknown(_) => None,
        }
    }
}

/// Both sources merged.
#[derive(Debug, Clone)]
pub(crate) struct Merged {
    pub facts: BranchProtectionFacts,
    pub citations: Vec<Citation>,
    /// Why protection could not be determined (`protected` is null).
    pub unknown: Option<Unavailable>,
    /// One phrase per source, for summaries.
    pub notes: Vec<String>,
}

/// A boolean that is in force when either source sets it.
fn either(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn rule<'a>(r: &'a Rulesets, ty: &str) -> Option<&'a BranchRule> {
    r.rules.iter().find(|x| x.rule_type == ty)
}

fn rule_bool(r: &Rulesets, ty: &str, param: &str) -> bool {
    r.rules
        .iter()
        .filter(|x| x.rule_type == ty)
        .any(|x| x.parameters.get(param).and_then(|v| v.as_bool()) == Some(true))
}

fn rule_approvals(r: &Rulesets) -> u32 {
    r.rules
        .iter()
        .filter(|x| x.rule_type == "pull_request")
        .filter_map(|x| {
            x.parameters
                .get("required_approving_review_count")?
                .as_u64()
        })
        .max()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn rule_checks(r: &Rulesets) -> Vec<String> {
    r.rules
        .iter()
        .filter(|x| x.rule_type == "required_status_checks")
        .filter_map(|x| {
            x.parameters
                .get("required_status_checks")?
                .as_array()
                .cloned()
        })
        .flatten()
        .filter_map(|c| c.get("context")?.as_str().map(str::to_string))
        .collect()
}

/// The rulesets' names when the collector read them, else `ruleset <id>` (and where it is
/// defined) from the rules.
fn ruleset_names(r: &Rulesets) -> Vec<String> {
    if !r.names.is_empty() {
        return sorted_unique(r.names.clone());
    }
    sorted_unique(
        r.rules
            .iter()
            .filter_map(|x| {
                let id = x.ruleset_id?;
                Some(match &x.ruleset_source {
                    Some(src) if !src.is_empty() => format!("ruleset {id} ({src})"),
                    _ => format!("ruleset {id}"),
                })
            })
            .collect(),
    )
}

/// The default branch name, from the scan or the API.
pub(crate) fn default_branch(ev: &Evidence) -> Option<String> {
    ev.repo.default_branch.clone().or_else(|| {
        ev.github
            .repo
            .as_ref()
            .ok()
            .map(|r| r.default_branch.clone())
            .filter(|b| !b.is_empty())
    })
}

/// Merges classic protection and rulesets of the default branch.
pub(crate) fn merge(ev: &Evidence) -> Merged {
    let gh = &ev.github;
    let branch = default_branch(ev);
    let classic: Side<'_, ClassicProtection> = match &gh.classic_protection {
        Ok(Some(c)) => Side::Present(c),
        Ok(None) => Side::Absent,
        Err(u) => Side::Unknown(u),
    };
    let rulesets: Side<'_, Rulesets> = match &gh.rulesets {
        Ok(r) if !r.rules.is_empty() => Side::Present(r),
        Ok(_) => Side::Absent,
        Err(u) => Side::Unknown(u),
    };
    let rs = |f: &dyn Fn(&Rulesets) -> bool| rulesets.value(|r| f(r), false);
    // A classic setting the collector could not see (the non-admin GraphQL view hides some,
    // and what refUpdateRule shows that a ruleset also sets may or may not be classic) is
    // unknown, not off.
    let seen = |name: &str| match &classic {
        Side::Present(c) => !c.unobserved.iter().any(|u| u == name),
        _ => true,
    };
    let classic_flag = |name: &str, get: fn(&ClassicProtection) -> bool| -> Option<bool> {
        classic.value(get, false).filter(|_| seen(name))
    };

    let mut f = BranchProtectionFacts {
        branch: branch.clone(),
        ..Default::default()
    };
    let any_present = matches!(classic, Side::Present(_)) || matches!(rulesets, Side::Present(_));
    let both_absent = matches!(classic, Side::Absent) && matches!(rulesets, Side::Absent);
    f.protected = if any_present {
        Some(true)
    } else if both_absent {
        Some(false)
    } else {
        None
    };
    f.source = match (&classic, &rulesets) {
        (Side::Present(_), Side::Present(_)) => ProtectionSource::Both,
        (Side::Present(_), _) => ProtectionSource::Classic,
        (_, Side::Present(_)) => ProtectionSource::Rulesets,
        (Side::Absent, Side::Absent) => ProtectionSource::None,
        _ => ProtectionSource::Unknown,
    };
    f.pull_request_required = either(
        classic
            .value(|c| c.required_approvals.is_some(), false)
            .filter(|_| seen("required_approvals")),
        rs(&|r| rule(r, "pull_request").is_some()),
    );
    let approvals = [
        classic
            .value(|c| c.required_approvals.unwrap_or(0), 0)
            .filter(|_| seen("required_approvals")),
        rulesets.value(rule_approvals, 0),
    ];
    let known_max = approvals.iter().flatten().copied().max();
    f.required_approvals = match known_max {
        Some(n) if n > 0 => Some(n),
        Some(_) if approvals.iter().all(Option::is_some) => Some(0),
        _ => None,
    };
    f.require_code_owner_reviews = either(
        classic_flag("require_code_owner_reviews", |c| {
            c.require_code_owner_reviews
        }),
        rs(&|r| rule_bool(r, "pull_request", "require_code_owner_review")),
    );
    f.dismiss_stale_reviews = either(
        classic_flag("dismiss_stale_reviews", |c| c.dismiss_stale_reviews),
        rs(&|r| rule_bool(r, "pull_request", "dismiss_stale_reviews_on_push")),
    );
    let checks = [
        classic.value(|c| c.required_status_checks.clone(), Vec::new()),
        rulesets.value(rule_checks, Vec::new()),
    ];
    let all_checks: Vec<String> = checks.iter().flatten().flatten().cloned().collect();
    f.required_status_checks = if !all_checks.is_empty() || checks.iter().all(Option::is_some) {
        Some(sorted_unique(all_checks))
    } else {
        None
    };
    f.enforce_admins = match (&classic, &rulesets) {
        (Side::Present(_), _) => classic_flag("enforce_admins", |c| c.enforce_admins),
        (Side::Absent, Side::Absent) => Some(false),
        // Ruleset bypass lists are not visible through the branch rules endpoint.
        _ => None,
    };
    f.required_signatures = either(
        classic_flag("required_signatures", |c| c.required_signatures),
        rs(&|r| rule(r, "required_signatures").is_some()),
    );
    f.force_push_blocked = either(
        classic_flag("allow_force_pushes", |c| !c.allow_force_pushes),
        rs(&|r| rule(r, "non_fast_forward").is_some()),
    );
    f.deletion_blocked = either(
        classic_flag("allow_deletions", |c| !c.allow_deletions),
        rs(&|r| rule(r, "deletion").is_some()),
    );
    f.linear_history = either(
        classic_flag("linear_history", |c| c.linear_history),
        rs(&|r| rule(r, "required_linear_history").is_some()),
    );
    f.classic_readable = match &classic {
        Side::Present(_) | Side::Absent => Some(true),
        Side::Unknown(u) if u.reason == Reason::Permission => Some(false),
        Side::Unknown(_) => None,
    };
    if let Ok(r) = &gh.rulesets {
        f.rulesets = Some(ruleset_names(r));
    }

    let mut citations = Vec::new();
    let mut notes = Vec::new();
    // Both unreadable for the same reason (offline, no token): say it once.
    let same_reason = match (&classic, &gh.rulesets) {
        (Side::Unknown(a), Err(b)) if *a == b => Some(*a),
        _ => None,
    };
    let mut supports: Vec<&str> = FACTS.to_vec();
    supports.retain(|s| *s != "classic_readable");
    match &classic {
        Side::Present(c) => {
            citations.push(
                ev.cite_api(&c.api_url)
                    .excerpt(&classic_excerpt(c))
                    .supports(FACTS),
            );
            notes.push(match c.via.as_str() {
                REF_UPDATE_RULE if matches!(rulesets, Side::Present(_)) => {
                    "classic protection (what GraphQL's refUpdateRule enforces beyond the rulesets)"
                        .to_string()
                }
                REF_UPDATE_RULE => {
                    "classic protection (GraphQL's refUpdateRule, with no ruleset applying)"
                        .to_string()
                }
                via => format!(
                    "classic protection (read via {})",
                    match via {
                        "rest" => "REST",
                        "graphql" => "GraphQL",
                        "" => "the API",
                        other => other,
                    }
                ),
            });
        }
        Side::Absent => {
            citations.push(
                ev.cite_api(&classic_url(ev, branch.as_deref().unwrap_or("")))
                    .excerpt("Branch not protected")
                    .supports(FACTS),
            );
            notes.push("no classic protection".into());
        }
        Side::Unknown(u) => {
            if u.reason == Reason::Permission {
                citations.push(
                    ev.cite_api(&classic_url(ev, branch.as_deref().unwrap_or("")))
                        .excerpt(&u.detail)
                        .supports(&["classic_readable"]),
                );
            }
            if same_reason.is_none() {
                notes.push(why("classic protection", u));
            }
        }
    }
    match &gh.rulesets {
        Ok(r) => {
            let mut s = supports.clone();
            s.push("rulesets");
            let types: Vec<String> =
                sorted_unique(r.rules.iter().map(|x| x.rule_type.clone()).collect());
            let excerpt = if types.is_empty() {
                "no ruleset rules apply to the branch".to_string()
            } else {
                format!("rules: {}", types.join(", "))
            };
            citations.push(ev.cite_api(&r.api_url).excerpt(&excerpt).supports(&s));
            notes.push(if types.is_empty() {
                "no rulesets".into()
            } else {
                format!(
                    "{} ({})",
                    plural(ruleset_names(r).len().max(1) as u64, "ruleset", "rulesets"),
                    types.join(", ")
                )
            });
        }
        Err(u) => notes.push(why(
            if same_reason.is_some() {
                "classic protection and rulesets"
            } else {
                "rulesets"
            },
            u,
        )),
    }
    if citations.is_empty() {
        if let Some(b) = &branch {
            let head = ev.repo.head_commit.clone().unwrap_or_default();
            citations.push(
                ev.cite_commit(&head)
                    .excerpt(&format!("default branch {b}"))
                    .supports(&["branch"]),
            );
        }
    }
    let unknown = if f.protected.is_none() {
        match (&classic, &rulesets) {
            (Side::Unknown(u), _) | (_, Side::Unknown(u)) => Some((*u).clone()),
            _ => None,
        }
    } else {
        None
    };
    Merged {
        facts: f,
        citations,
        unknown,
        notes,
    }
}

fn classic_url(ev: &Evidence, branch: &str) -> String {
    let base = match &ev.github.repo {
        Ok(r) if !r.api_url.is_empty() => r.api_url.clone(),
        _ => match &ev.repo.github {
            Some(g) => format!(
                "{}/repos/{}",
                crate::evidence::github::DEFAULT_API_URL,
                g.full_name()
            ),
            None => String::new(),
        },
    };
    format!(
        "{base}/branches/{}/protection",
        crate::evidence::encode_path(branch)
    )
}

/// What the classic protection read shows, in the API's words; fields the source did not
/// show are left out.
fn classic_excerpt(c: &ClassicProtection) -> String {
    let seen = |f: &str| !c.unobserved.iter().any(|u| u == f);
    let mut parts = Vec::new();
    if c.via == REF_UPDATE_RULE {
        parts.push("refUpdateRule".to_string());
    }
    if seen("required_approvals") {
        match c.required_approvals {
            Some(n) => parts.push(format!("required_approving_review_count: {n}")),
            None => parts.push("required_pull_request_reviews: null".into()),
        }
    }
    if seen("require_code_owner_reviews") && c.require_code_owner_reviews {
        parts.push("require_code_owner_reviews: true".into());
    }
    if !c.required_status_checks.is_empty() {
        parts.push(format!("contexts: {}", c.required_status_checks.join(", ")));
    }
    if seen("required_signatures") && c.required_signatures {
        parts.push("required_signatures: true".into());
    }
    if seen("linear_history") && c.linear_history {
        parts.push("required_linear_history: true".into());
    }
    if seen("enforce_admins") {
        parts.push(format!("enforce_admins: {}", c.enforce_admins));
    }
    if seen("allow_force_pushes") {
        parts.push(format!("allow_force_pushes: {}", c.allow_force_pushes));
    }
    if seen("allow_deletions") {
        parts.push(format!("allow_deletions: {}", c.allow_deletions));
    }
    parts.join("; ")
}

fn describe(f: &BranchProtectionFacts) -> String {
    let mut parts = Vec::new();
    match (f.pull_request_required, f.required_approvals) {
        (Some(true), Some(n)) => parts.push(format!(
            "pull requests required with {}",
            plural(u64::from(n), "approval", "approvals")
        )),
        (Some(true), None) => parts.push("pull requests required".into()),
        (Some(false), _) => parts.push("direct pushes allowed (no pull request required)".into()),
        (None, _) => {}
    }
    match (f.force_push_blocked, f.deletion_blocked) {
        (Some(true), Some(true)) => parts.push("force pushes and deletion blocked".into()),
        (Some(fp), Some(del)) => {
            parts.push(format!(
                "force pushes {}",
                if fp { "blocked" } else { "allowed" }
            ));
            parts.push(format!(
                "deletion {}",
                if del { "blocked" } else { "allowed" }
            ));
        }
        _ => {}
    }
    if let Some(c) = &f.required_status_checks {
        if !c.is_empty() {
            parts.push(plural(
                c.len() as u64,
                "required status check",
                "required status checks",
            ));
        }
    }
    if f.required_signatures == Some(true) {
        parts.push("signed commits required".into());
    }
    parts.join(", ")
}

impl Probe for BranchProtection {
    fn id(&self) -> ProbeId {
        ProbeId::BranchProtection
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/branch-protection.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::BranchProtection])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let m = merge(ev);
        let f = m.facts.clone();
        let branch = f
            .branch
            .clone()
            .unwrap_or_else(|| "the default branch".into());
        let sources = m.notes.join("; ");
        if let Some(u) = &m.unknown {
            let summary = format!("Protection of {branch} not determined: {sources}.");
            return Judgement::unknown(ProbeFacts::BranchProtection(f), u, summary)
                .cite_all(m.citations);
        }
        let (outcome, summary) = match f.protected {
            Some(false) => (
                Outcome::NotMet,
                format!("{branch} is not protected: {sources}."),
            ),
            _ => {
                let complete = f.pull_request_required == Some(true)
                    && f.force_push_blocked == Some(true)
                    && f.deletion_blocked == Some(true);
                let outcome = if complete {
                    Outcome::Met
                } else {
                    Outcome::PartiallyMet
                };
                let how = describe(&f);
                let how = if how.is_empty() {
                    String::new()
                } else {
                    format!(": {how}")
                };
                (outcome, format!("{branch} is protected by {sources}{how}."))
            }
        };
        Judgement::new(ProbeFacts::BranchProtection(f), outcome, summary).cite_all(m.citations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::github::Rulesets;
    use crate::probes::testing::*;
    use serde_json::json;

    fn judge(ev: &Evidence) -> Judgement {
        let j = BranchProtection.judge(ev);
        assert_cited(&j);
        j
    }

    fn classic(approvals: Option<u32>) -> ClassicProtection {
        ClassicProtection {
            api_url: format!("{API}/branches/main/protection"),
            via: "rest".into(),
            required_approvals: approvals,
            required_status_checks: vec!["ci/test".into()],
            enforce_admins: true,
            ..Default::default()
        }
    }

    #[test]
    fn settings_the_non_admin_view_cannot_see_are_null_not_false() {
        let mut c = classic(Some(1));
        c.via = "graphql".into();
        c.enforce_admins = false;
        c.dismiss_stale_reviews = false;
        c.unobserved = vec!["dismiss_stale_reviews".into(), "enforce_admins".into()];
        let mut ev = online(&[]);
        ev.github.classic_protection = Ok(Some(c));
        let j = judge(&ev);
        let f = facts(&j);
        assert!(f["enforce_admins"].is_null(), "{f}");
        assert!(f["dismiss_stale_reviews"].is_null(), "{f}");
        assert_eq!(f["required_approvals"], 1);
    }

    fn rules(rules: &[(&str, serde_json::Value)]) -> Rulesets {
        Rulesets {
            api_url: format!("{API}/rules/branches/main"),
            rules: rules
                .iter()
                .map(|(t, p)| BranchRule {
                    rule_type: (*t).into(),
                    ruleset_id: Some(7),
                    ruleset_source: Some("o/r".into()),
                    parameters: p.clone(),
                })
                .collect(),
            names: vec!["protect main".into()],
        }
    }

    fn full_ruleset() -> Rulesets {
        rules(&[
            (
                "pull_request",
                json!({"required_approving_review_count": 2, "require_code_owner_review": true, "dismiss_stale_reviews_on_push": true}),
            ),
            (
                "required_status_checks",
                json!({"required_status_checks": [{"context": "build"}, {"context": "ci/test"}]}),
            ),
            ("non_fast_forward", json!(null)),
            ("deletion", json!(null)),
            ("required_signatures", json!(null)),
        ])
    }

    #[test]
    fn offline_is_unknown_never_not_met() {
        let ev = with_files(&[]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::Offline));
        let f = facts(&j);
        assert_eq!(f["branch"], "main");
        assert_eq!(f["source"], "unknown");
        assert!(f["protected"].is_null());
        assert!(f["force_push_blocked"].is_null());
    }

    #[test]
    fn classic_only() {
        let mut ev = online(&[]);
        ev.github.classic_protection = Ok(Some(classic(Some(1))));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["source"], "classic");
        assert_eq!(f["required_approvals"], 1);
        assert_eq!(f["enforce_admins"], true);
        assert_eq!(f["required_status_checks"], json!(["ci/test"]));
        assert_eq!(f["required_signatures"], false);
        assert_eq!(f["rulesets"], json!([]));
    }

    #[test]
    fn classic_without_required_reviews_is_partial() {
        let mut ev = online(&[]);
        ev.github.classic_protection = Ok(Some(classic(None)));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert_eq!(facts(&j)["required_approvals"], 0);
        assert_eq!(facts(&j)["pull_request_required"], false);
        assert!(j.summary.contains("direct pushes allowed"), "{}", j.summary);
    }

    #[test]
    fn rulesets_only_as_a_non_admin() {
        let mut ev = online(&[]);
        ev.github.repo = Ok(gh_repo(false));
        ev.github.classic_protection = Err(unavailable(Reason::Permission));
        ev.github.rulesets = Ok(full_ruleset());
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["source"], "rulesets");
        assert_eq!(f["required_approvals"], 2);
        assert_eq!(f["require_code_owner_reviews"], true);
        assert_eq!(f["dismiss_stale_reviews"], true);
        assert_eq!(f["required_signatures"], true);
        assert_eq!(f["required_status_checks"], json!(["build", "ci/test"]));
        assert_eq!(f["classic_readable"], false);
        // Classic protection could still add what the rulesets do not set.
        assert!(f["linear_history"].is_null());
        assert!(f["enforce_admins"].is_null());
    }

    #[test]
    fn classic_seen_through_ref_update_rule_beyond_the_rulesets() {
        // What refUpdateRule enforces that no ruleset sets (two approvals, signatures);
        // force pushes are blocked by a ruleset, so classic's say on them is not shown.
        let mut ev = online(&[]);
        ev.github.repo = Ok(gh_repo(false));
        ev.github.classic_protection = Ok(Some(ClassicProtection {
            api_url: "https://api.github.com/graphql".into(),
            via: REF_UPDATE_RULE.into(),
            required_approvals: Some(2),
            required_signatures: true,
            allow_force_pushes: true,
            allow_deletions: false,
            unobserved: vec![
                "dismiss_stale_reviews".into(),
                "enforce_admins".into(),
                "allow_force_pushes".into(),
            ],
            ..Default::default()
        }));
        ev.github.rulesets = Ok(rules(&[("non_fast_forward", json!(null))]));
        let j = judge(&ev);
        let f = facts(&j);
        assert_eq!(f["source"], "both");
        assert_eq!(f["required_approvals"], 2);
        assert_eq!(f["required_signatures"], true);
        assert_eq!(f["force_push_blocked"], true, "the ruleset blocks them");
        assert_eq!(f["deletion_blocked"], true);
        assert!(f["enforce_admins"].is_null());
        assert!(
            j.summary
                .contains("what GraphQL's refUpdateRule enforces beyond the rulesets"),
            "{}",
            j.summary
        );
        let gql = j
            .citations
            .iter()
            .find(|c| c.url.as_deref() == Some("https://api.github.com/graphql"))
            .unwrap();
        let excerpt = gql.excerpt.as_deref().unwrap();
        assert!(
            excerpt.starts_with("refUpdateRule; required_approving_review_count: 2"),
            "{excerpt}"
        );
        assert!(!excerpt.contains("allow_force_pushes"), "{excerpt}");
        assert!(!excerpt.contains("enforce_admins"), "{excerpt}");
        // Alone (no ruleset read as present), a setting classic does not show is unknown.
        ev.github.rulesets = Ok(rules(&[]));
        let f = facts(&judge(&ev));
        assert!(f["force_push_blocked"].is_null(), "{f}");
    }

    #[test]
    fn both_sources_merge() {
        let mut ev = online(&[]);
        ev.github.classic_protection = Ok(Some(ClassicProtection {
            allow_force_pushes: true,
            linear_history: true,
            ..classic(Some(1))
        }));
        let mut r = rules(&[("non_fast_forward", json!(null)), ("deletion", json!(null))]);
        r.names.clear();
        ev.github.rulesets = Ok(r);
        let j = judge(&ev);
        let f = facts(&j);
        assert_eq!(f["source"], "both");
        assert_eq!(
            f["force_push_blocked"], true,
            "a ruleset blocks what classic allows"
        );
        assert_eq!(f["linear_history"], true);
        assert_eq!(f["required_approvals"], 1);
        assert_eq!(
            f["rulesets"],
            json!(["ruleset 7 (o/r)"]),
            "named by id when names were not read"
        );
        assert_eq!(j.outcome, Outcome::Met);
    }

    #[test]
    fn none_as_admin_is_not_met() {
        let ev = online(&[]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["protected"], false);
        assert_eq!(f["source"], "none");
        assert_eq!(f["force_push_blocked"], false);
        assert!(
            j.citations
                .iter()
                .any(|c| c.excerpt.as_deref() == Some("Branch not protected"))
        );
    }

    #[test]
    fn permission_denied_with_no_rulesets_is_unknown() {
        let mut ev = online(&[]);
        ev.github.repo = Ok(gh_repo(false));
        ev.github.classic_protection = Err(unavailable(Reason::Permission));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::Permission));
        let f = facts(&j);
        assert!(f["protected"].is_null());
        assert_eq!(f["classic_readable"], false);
        assert!(f["required_signatures"].is_null());
    }

    #[test]
    fn rulesets_unreadable_with_classic_absent_is_unknown() {
        let mut ev = online(&[]);
        ev.github.rulesets = Err(unavailable(Reason::ApiError));
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Unknown);
        assert_eq!(j.reason, Some(Reason::ApiError));
    }
}
