//! `best-practices-badge`: what the OpenSSF Best Practices badge site says about the project.

use crate::evidence::badge::{self, BadgeEvidence, BadgeProject, ReadmeBadge};
use crate::evidence::{Evidence, Unavailable};
use crate::evidence::{Need, Needs};
use crate::model::{
    BadgeCriterion, BadgeLevel, BadgeSource, BestPracticesBadgeFacts, Citation, Outcome,
    ProbeFacts, ProbeId, Reason,
};

use super::{Judgement, Probe};

pub struct BestPracticesBadge;

/// Criteria that bear on secure development, as the badge JSON names them, with the section
/// (page) of the badge site where each is answered. A name used at several levels is listed
/// at the lowest one, where the site first asks it.
pub const SECURE_DEVELOPMENT_CRITERIA: &[(&str, &str)] = &[
    // passing: vulnerability handling
    ("vulnerability_report_process", "passing"),
    ("vulnerability_report_private", "passing"),
    ("vulnerability_report_response", "passing"),
    ("vulnerabilities_fixed_60_days", "passing"),
    ("vulnerabilities_critical_fixed", "passing"),
    ("release_notes_vulns", "passing"),
    // passing: secure development knowledge, delivery, secrets
    ("know_secure_design", "passing"),
    ("know_common_errors", "passing"),
    ("delivery_mitm", "passing"),
    ("delivery_unsigned", "passing"),
    ("no_leaked_credentials", "passing"),
    // passing: tests and analysis
    ("test", "passing"),
    ("test_continuous_integration", "passing"),
    ("tests_are_added", "passing"),
    ("test_policy", "passing"),
    ("warnings", "passing"),
    ("static_analysis", "passing"),
    ("static_analysis_common_vulnerabilities", "passing"),
    ("static_analysis_fixed", "passing"),
    ("static_analysis_often", "passing"),
    ("dynamic_analysis", "passing"),
    ("dynamic_analysis_fixed", "passing"),
    // silver
    ("dco", "silver"),
    ("documentation_security", "silver"),
    ("vulnerability_response_process", "silver"),
    ("dependency_monitoring", "silver"),
    ("automated_integration_testing", "silver"),
    ("test_policy_mandated", "silver"),
    ("coding_standards_enforced", "silver"),
    ("implement_secure_design", "silver"),
    ("signed_releases", "silver"),
    ("version_tags_signed", "silver"),
    ("hardening", "silver"),
    ("assurance_case", "silver"),
    // gold
    ("require_2FA", "gold"),
    ("secure_2FA", "gold"),
    ("code_review_standards", "gold"),
    ("two_person_review", "gold"),
    ("build_reproducible", "gold"),
    ("security_review", "gold"),
    // OSPS Baseline series
    ("OSPS-AC-01.01", "baseline-1"), // MFA for sensitive resources
    ("OSPS-AC-03.01", "baseline-1"), // no direct commits to the primary branch
    ("OSPS-AC-03.02", "baseline-1"), // primary branch cannot be deleted
    ("OSPS-BR-07.01", "baseline-1"), // no unencrypted secrets in version control
    ("OSPS-VM-02.01", "baseline-1"), // security contacts documented
    ("OSPS-AC-04.01", "baseline-2"), // CI tasks default to the lowest permissions
    ("OSPS-BR-06.01", "baseline-2"), // releases signed or in a signed manifest
    ("OSPS-QA-06.01", "baseline-2"), // automated tests in CI before a change is accepted
    ("OSPS-SA-03.01", "baseline-2"), // security assessment
    ("OSPS-VM-01.01", "baseline-2"), // coordinated disclosure policy
    ("OSPS-VM-03.01", "baseline-2"), // private vulnerability reporting
    ("OSPS-VM-04.01", "baseline-2"), // vulnerabilities published
    ("OSPS-QA-07.01", "baseline-3"), // non-author approval before merging
    ("OSPS-VM-05.03", "baseline-3"), // changes scanned for vulnerable dependencies
    ("OSPS-VM-06.02", "baseline-3"), // changes scanned by SAST
];

impl Probe for BestPracticesBadge {
    fn id(&self) -> ProbeId {
        ProbeId::BestPracticesBadge
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/best-practices-badge.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::Readme, Need::BadgeSite])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        judge(ev)
    }
}

fn parse_level(s: Option<&str>) -> Option<BadgeLevel> {
    match s? {
        "in_progress" => Some(BadgeLevel::InProgress),
        "passing" => Some(BadgeLevel::Passing),
        "silver" => Some(BadgeLevel::Silver),
        "gold" => Some(BadgeLevel::Gold),
        _ => None,
    }
}

/// The README line that links badge `b` (supports nothing yet).
fn readme_line(ev: &Evidence, b: &ReadmeBadge) -> Citation {
    ev.cite_file(&b.path, Some((b.line, b.line)))
        .excerpt(&b.excerpt)
}

/// Merges citations of the same place, keeping the union of what they support.
fn merge(cites: Vec<Citation>) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for c in cites {
        let same = out
            .iter_mut()
            .find(|o| o.kind == c.kind && o.url == c.url && o.path == c.path && o.lines == c.lines);
        match same {
            Some(o) => {
                let names: Vec<&str> = c.supports.iter().map(String::as_str).collect();
                *o = o.clone().supports(&names);
            }
            None => out.push(c),
        }
    }
    out
}

fn readme_link_for(bev: &BadgeEvidence, id: u64) -> Option<&ReadmeBadge> {
    bev.readme.iter().find(|b| b.project_id == id)
}

/// The fields a citation of a project record backs, as compact JSON like the site's.
fn level_excerpt(p: &BadgeProject) -> String {
    let mut m = serde_json::Map::new();
    m.insert("id".into(), p.id.into());
    if let Some(l) = &p.badge_level {
        m.insert("badge_level".into(), l.clone().into());
    }
    if let Some(t) = p.tiered_percentage {
        m.insert("tiered_percentage".into(), t.into());
    }
    if let Some(t) = p.baseline_tiered_percentage {
        m.insert("baseline_tiered_percentage".into(), t.into());
    }
    if let Some(r) = &p.repo_url {
        m.insert("repo_url".into(), r.clone().into());
    }
    serde_json::Value::Object(m).to_string()
}

/// The secure-development criteria the project answered, each with its URL.
fn criteria_of(
    ev: &Evidence,
    base: &str,
    p: &BadgeProject,
) -> (Vec<BadgeCriterion>, Vec<Citation>) {
    let mut facts = Vec::new();
    let mut cites = Vec::new();
    for (name, section) in SECURE_DEVELOPMENT_CRITERIA {
        let Some((status, justification)) = p.criteria.get(*name) else {
            continue;
        };
        // A criterion never answered ("?" without a justification) says nothing.
        if status == "?" && justification.is_none() {
            continue;
        }
        let url = badge::criterion_url(base, p.id, section, name);
        let mut excerpt = status.clone();
        if let Some(j) = justification {
            excerpt.push_str(": ");
            excerpt.push_str(j);
        }
        cites.push(ev.cite_url(&url).excerpt(&excerpt).supports(&["criteria"]));
        facts.push(BadgeCriterion {
            name: (*name).to_string(),
            status: status.clone(),
            justification: justification.clone(),
            url,
        });
    }
    (facts, cites)
}

pub fn judge(ev: &Evidence) -> Judgement {
    let bev = &ev.badge;
    let mut facts = BestPracticesBadgeFacts::default();
    let mut cites: Vec<Citation> = Vec::new();
    // The scanned repository's URL, as the collector compared it.
    let repo_url = bev
        .repo_url
        .clone()
        .or_else(|| ev.repo.github.as_ref().map(|g| g.html_url()));
    let stale_ids: Vec<String> = bev
        .readme_unknown
        .iter()
        .map(|u| u.project_id.to_string())
        .collect();

    // Stale README links: the site answered 404.
    for u in &bev.readme_unknown {
        if let Some(b) = readme_link_for(bev, u.project_id) {
            cites.push(readme_line(ev, b).supports(&["readme_mismatch"]));
        }
        cites.push(
            ev.cite_api(&u.url)
                .excerpt(&format!(
                    "HTTP 404: the badge site does not know project {}",
                    u.project_id
                ))
                .supports(&["readme_mismatch"]),
        );
    }

    let p = match &bev.project {
        Ok(p) => p,
        Err(why) => return judge_without_project(ev, facts, cites, why, repo_url, &stale_ids),
    };

    facts.project_id = Some(p.id);
    facts.source = bev.source;
    facts.level = parse_level(p.badge_level.as_deref());
    facts.tiered_percentage = p.tiered_percentage;
    facts.baseline_level = p.baseline_level.clone();
    facts.url = Some(p.html_url.clone());
    let matches_repo = repo_url
        .as_deref()
        .and_then(|r| badge::project_matches(p, r));

    // Where the id came from.
    match bev.source {
        Some(BadgeSource::Readme) => {
            if let Some(b) = readme_link_for(bev, p.id) {
                cites.push(readme_line(ev, b).supports(&["project_id", "source"]));
            }
        }
        Some(BadgeSource::ApiLookup) => {
            if let Some(u) = &bev.lookup_url {
                cites.push(
                    ev.cite_api(u)
                        .excerpt(&level_excerpt(p))
                        .supports(&["project_id", "source"]),
                );
            }
        }
        None => {}
    }

    // What the site says about the project.
    let mut supports = vec!["project_id", "url"];
    if facts.level.is_some() {
        supports.push("level");
    }
    if facts.tiered_percentage.is_some() {
        supports.push("tiered_percentage");
    }
    if facts.baseline_level.is_some() {
        supports.push("baseline_level");
    }

    // readme_mismatch: asked only when the README links a badge.
    if !bev.readme.is_empty() {
        facts.readme_mismatch = if bev.readme_id_unknown {
            Some(true)
        } else if bev.source == Some(BadgeSource::ApiLookup) {
            // README ids were read; none is registered for this repository.
            Some(true)
        } else {
            matches_repo.map(|m| !m)
        };
        if facts.readme_mismatch.is_some() {
            supports.push("readme_mismatch");
            for rp in &bev.readme_projects {
                if let Some(b) = readme_link_for(bev, rp.id) {
                    cites.push(readme_line(ev, b).supports(&["readme_mismatch"]));
                }
                cites.push(
                    ev.cite_api(&rp.json_url)
                        .excerpt(&level_excerpt(rp))
                        .supports(&["readme_mismatch"]),
                );
            }
        }
    }
    cites.push(
        ev.cite_api(&p.json_url)
            .excerpt(&level_excerpt(p))
            .supports(&supports),
    );

    // Other projects the site matched.
    let others = bev.other_project_ids();
    if !others.is_empty() {
        for rp in bev
            .readme_projects
            .iter()
            .filter(|rp| others.contains(&rp.id))
        {
            cites.push(
                ev.cite_api(&rp.json_url)
                    .excerpt(&level_excerpt(rp))
                    .supports(&["other_project_ids"]),
            );
        }
        if let (Some(u), Ok(found)) = (&bev.lookup_url, &bev.lookup) {
            if found.iter().any(|f| others.contains(&f.id)) {
                let ids: Vec<String> = found.iter().map(|f| f.id.to_string()).collect();
                cites.push(
                    ev.cite_api(u)
                        .excerpt(&format!("projects matching this URL: {}", ids.join(", ")))
                        .supports(&["other_project_ids"]),
                );
            }
        }
        facts.other_project_ids = Some(others);
    }

    let (criteria, criteria_cites) = criteria_of(ev, &bev.base_url, p);
    if !criteria.is_empty() {
        facts.criteria = Some(criteria);
        cites.extend(criteria_cites);
    }
    let cites = merge(cites);

    let name = p
        .name
        .as_deref()
        .map(|n| n.chars().take(80).collect::<String>())
        .unwrap_or_else(|| format!("project {}", p.id));
    let baseline = p
        .baseline_level
        .as_deref()
        .filter(|b| *b != "in_progress")
        .map(|b| format!(" and OSPS Baseline level {b}"))
        .unwrap_or_default();
    let elsewhere = matches_repo == Some(false);
    let mut notes = String::new();
    if elsewhere {
        notes.push_str(&format!(
            ", but the badge is registered for {}, not for this repository",
            p.repo_url
                .as_deref()
                .or(p.homepage_url.as_deref())
                .unwrap_or("another URL")
        ));
    }
    if bev.readme_id_unknown {
        notes.push_str(&format!(
            "; the README links project {}, which the site does not know",
            stale_ids.join(", ")
        ));
    } else if bev.source == Some(BadgeSource::ApiLookup) && !bev.readme.is_empty() {
        notes.push_str("; the README links a badge registered for another repository");
    }
    if let Some(o) = &facts.other_project_ids {
        let ids: Vec<String> = o.iter().map(u64::to_string).collect();
        notes.push_str(&format!(
            "; the site also matched project {}",
            ids.join(", ")
        ));
    }
    let (outcome, summary) = match facts.level {
        Some(l @ (BadgeLevel::Passing | BadgeLevel::Silver | BadgeLevel::Gold)) => {
            let word = match l {
                BadgeLevel::Passing => "passing",
                BadgeLevel::Silver => "silver",
                _ => "gold",
            };
            let pct = p
                .tiered_percentage
                .map(|t| format!(" (tiered percentage {t})"))
                .unwrap_or_default();
            (
                if elsewhere {
                    Outcome::PartiallyMet
                } else {
                    Outcome::Met
                },
                format!(
                    "{name} (badge project {}) holds the OpenSSF Best Practices {word} badge{pct}{baseline}{notes}.",
                    p.id
                ),
            )
        }
        Some(BadgeLevel::InProgress) => (
            Outcome::PartiallyMet,
            format!(
                "{name} (badge project {}) has an OpenSSF Best Practices badge in progress{}{baseline}{notes}.",
                p.id,
                p.tiered_percentage
                    .map(|t| format!(", {t}% of the way to passing"))
                    .unwrap_or_default()
            ),
        ),
        None => {
            let why = Unavailable::new(
                Reason::ApiError,
                "the badge site's record has no badge level",
            );
            return Judgement::unknown(
                ProbeFacts::BestPracticesBadge(facts),
                &why,
                format!(
                    "The badge site's record of project {} has neither badge_level nor tiered_percentage.",
                    p.id
                ),
            )
            .cite_all(cites);
        }
    };
    Judgement::new(ProbeFacts::BestPracticesBadge(facts), outcome, summary).cite_all(cites)
}

/// No project could be read: a stale link or an empty lookup is evidence of absence
/// (`not_met`); anything else is `unknown`, with a README id still reported.
fn judge_without_project(
    ev: &Evidence,
    mut facts: BestPracticesBadgeFacts,
    mut cites: Vec<Citation>,
    why: &Unavailable,
    repo_url: Option<String>,
    stale_ids: &[String],
) -> Judgement {
    let bev = &ev.badge;
    let first_link = bev
        .readme_unknown
        .first()
        .and_then(|u| readme_link_for(bev, u.project_id))
        .or_else(|| bev.readme.first());
    if let Some(b) = first_link {
        facts.project_id = Some(b.project_id);
        facts.source = Some(BadgeSource::Readme);
        cites.push(readme_line(ev, b).supports(&["project_id", "source"]));
    }
    let empty_lookup = |cites: &mut Vec<Citation>| {
        if bev.lookup.as_ref().is_ok_and(|v| v.is_empty()) {
            for u in &bev.lookup_urls {
                cites.push(ev.cite_api(u).excerpt("[]"));
            }
        }
    };
    if bev.readme_id_unknown {
        facts.readme_mismatch = Some(true);
        let lookup_note = match &bev.lookup {
            Ok(_) => " and lists no project for this repository's URL".to_string(),
            Err(e) if e.reason == Reason::NotCollected => String::new(),
            Err(e) => format!(
                " (the lookup by URL failed: {})",
                e.detail.trim_end_matches('.')
            ),
        };
        empty_lookup(&mut cites);
        return Judgement::new(
            ProbeFacts::BestPracticesBadge(facts),
            Outcome::NotMet,
            format!(
                "The README links OpenSSF Best Practices badge project {}, which the badge site does not know (a stale link){lookup_note}.",
                stale_ids.join(", ")
            ),
        )
        .cite_all(merge(cites));
    }
    if bev.readme.is_empty() && why.reason == Reason::NotFound && bev.lookup.is_ok() {
        // Evidence of absence: every URL form was looked up and answered [].
        empty_lookup(&mut cites);
        return Judgement::new(
            ProbeFacts::BestPracticesBadge(facts),
            Outcome::NotMet,
            format!(
                "The README links no OpenSSF Best Practices badge and the badge site lists no project for {}.",
                repo_url.as_deref().unwrap_or("this repository")
            ),
        )
        .cite_all(merge(cites));
    }
    let summary = match facts.project_id {
        Some(id) => format!(
            "The README links OpenSSF Best Practices badge project {id}, but the badge site was not read: {}",
            sentence(&why.detail)
        ),
        None => format!(
            "Whether the project has an OpenSSF Best Practices badge is not known: {}",
            sentence(&why.detail)
        ),
    };
    Judgement::unknown(ProbeFacts::BestPracticesBadge(facts), why, summary).cite_all(merge(cites))
}

fn sentence(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    format!("{s}.")
}
