//! Probes: pure functions from [`Evidence`] to an outcome, typed facts and citations.
//! A probe never does I/O. Each probe is one file here plus `probes/<id>.yml`.

mod best_practices_badge;
mod branch_protection;
pub(crate) mod channel_identity;
mod ci;
mod ci_checks;
mod code_review;
mod communication;
mod contribution_policy;
#[doc(hidden)]
pub mod fuzzing;
mod pipeline;
mod project_docs;
mod release_integrity;
mod sbom;
mod security_policy;
mod signed_commits;
#[cfg(test)]
mod testing;
mod util;
mod vulnerability_response;

/// The address and URL shapes a SECURITY-INSIGHTS value must have to count (also used by
/// the Security Insights draft).
pub use security_policy::insights::{document as insights_document, is_address, is_web_url};

use serde::{Deserialize, Serialize};

use crate::evidence::{Evidence, Needs, Unavailable};
use crate::model::{Citation, Outcome, ProbeFacts, ProbeId, Reason};

/// The declarative part of a probe (`probes/<id>.yml`), embedded at build time.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeDef {
    pub id: String,
    pub title: String,
    /// The self-assessment question this probe answers.
    pub question: String,
    /// How the outcome is decided, for people.
    pub judgement: String,
    /// What each outcome means.
    pub outcomes: std::collections::BTreeMap<String, String>,
    pub remediation: Remediation,
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// `low`, `medium` or `high`.
    pub effort: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// `scorecard`, `osps-baseline`, `best-practices-badge`, `slsa`, `docs`.
    pub kind: String,
    pub id: String,
    pub url: String,
}

/// What a probe decides.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub facts: ProbeFacts,
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub summary: String,
    pub citations: Vec<Citation>,
}

impl Judgement {
    pub fn new(facts: ProbeFacts, outcome: Outcome, summary: impl Into<String>) -> Self {
        Judgement {
            facts,
            outcome,
            reason: None,
            summary: summary.into(),
            citations: Vec::new(),
        }
    }

    /// An `unknown` outcome because evidence was unavailable.
    pub fn unknown(facts: ProbeFacts, why: &Unavailable, summary: impl Into<String>) -> Self {
        Judgement {
            facts,
            outcome: Outcome::Unknown,
            reason: Some(why.reason),
            summary: summary.into(),
            citations: Vec::new(),
        }
    }

    pub fn cite(mut self, c: Citation) -> Self {
        self.citations.push(c);
        self
    }

    pub fn cite_all(mut self, cs: impl IntoIterator<Item = Citation>) -> Self {
        self.citations.extend(cs);
        self
    }
}

/// One probe.
pub trait Probe: Send + Sync {
    fn id(&self) -> ProbeId;
    /// The embedded `probes/<id>.yml`.
    fn definition_yaml(&self) -> &'static str;
    /// What collection must read for this probe (beyond what is always read): a scan
    /// collects the union of the selected probes' needs.
    fn needs(&self) -> Needs;
    /// Judges the evidence. Pure: no I/O.
    fn judge(&self, evidence: &Evidence) -> Judgement;
}

/// Generates the registry from the one list of probes ([`crate::model::probe_list`]).
macro_rules! registry {
    ($($variant:ident = $id:literal, $facts:ident, $probe:path, $short:literal;)*) => {
        /// Every probe, in report order (the order of [`ProbeId::ALL`]).
        pub static REGISTRY: [&dyn Probe; ProbeId::COUNT] = [$(&$probe),*];
    };
}

crate::model::probe_list!(registry);

/// What collection reads for the probes `ids` (every probe when empty).
pub fn needs(ids: &[ProbeId]) -> Needs {
    REGISTRY
        .iter()
        .filter(|p| ids.is_empty() || ids.contains(&p.id()))
        .map(|p| p.needs())
        .collect()
}

pub fn probe(id: ProbeId) -> Option<&'static dyn Probe> {
    REGISTRY.iter().copied().find(|p| p.id() == id)
}

/// Parses a probe's embedded definition.
pub fn definition(p: &dyn Probe) -> Result<ProbeDef, serde_yaml_ng::Error> {
    serde_yaml_ng::from_str(p.definition_yaml())
}

/// The title of a probe (from its definition; the id if the definition does not parse,
/// which a test rules out).
pub fn title(p: &dyn Probe) -> String {
    definition(p)
        .map(|d| d.title)
        .unwrap_or_else(|_| p.id().to_string())
}

/// The README's probe reference (Markdown), generated from the definitions; a test keeps
/// the README in step with it (`tssa-probe probes --markdown`).
pub fn markdown_reference() -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::from("| Probe | Question it answers |\n|---|---|\n");
    let defs: Vec<ProbeDef> = REGISTRY
        .iter()
        .filter_map(|p| definition(*p).ok())
        .collect();
    for d in &defs {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} |\n",
            d.id,
            d.id,
            one_line(&d.question).replace('|', "\\|")
        ));
    }
    for d in &defs {
        out.push_str(&format!(
            "\n#### {}\n\n**{}.** {}\n\n",
            d.id,
            one_line(&d.title),
            one_line(&d.question)
        ));
        out.push_str(&format!("How it is judged: {}\n\n", one_line(&d.judgement)));
        for (outcome, meaning) in &d.outcomes {
            out.push_str(&format!("- `{}`: {}\n", outcome, one_line(meaning)));
        }
        out.push_str(&format!(
            "\nRemediation ({} effort): {}\n\n",
            d.remediation.effort,
            one_line(&d.remediation.text)
        ));
        let refs: Vec<String> = d
            .references
            .iter()
            .map(|r| format!("[{} {}]({})", r.kind, r.id, r.url))
            .collect();
        out.push_str(&format!("References: {}\n", refs.join(", ")));
    }
    out
}

/// `tssa-probe probes`: the probes with their definitions, as text or JSON.
pub fn list(json: bool) -> String {
    let defs: Vec<ProbeDef> = REGISTRY
        .iter()
        .filter_map(|p| definition(*p).ok())
        .collect();
    if json {
        let mut s = serde_json::to_string_pretty(&defs).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let mut out = String::new();
    for d in defs {
        out.push_str(&format!(
            "{}  {}\n    {}\n",
            d.id,
            d.title,
            d.question.trim()
        ));
        for r in &d.references {
            out.push_str(&format!("    - {} {}: {}\n", r.kind, r.id, r.url));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_probe_has_a_definition_and_every_definition_a_probe() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("probes");
        let mut ymls: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n.ends_with(".yml"))
            .map(|n| n.trim_end_matches(".yml").to_string())
            .collect();
        ymls.sort();
        let mut ids: Vec<String> = REGISTRY.iter().map(|p| p.id().to_string()).collect();
        ids.sort();
        assert_eq!(ymls, ids, "probes/*.yml and the registry differ");
        for p in REGISTRY {
            let def = definition(p).unwrap_or_else(|e| panic!("{}: {e}", p.id()));
            assert_eq!(def.id, p.id().as_str());
            assert!(!def.question.trim().is_empty());
            assert!(!def.references.is_empty(), "{}: no references", p.id());
        }
        // The registry is generated in the order of the id list, and each probe says the id
        // its line in the list gives it.
        for (id, p) in ProbeId::ALL.into_iter().zip(REGISTRY) {
            assert_eq!(p.id(), id, "the probe listed as {id} says it is {}", p.id());
            assert!(probe(id).is_some(), "{id} not registered");
        }
        let mut shorts: Vec<&str> = ProbeId::ALL.iter().map(|p| p.short()).collect();
        shorts.sort();
        shorts.dedup();
        assert_eq!(shorts.len(), ProbeId::COUNT, "short names must differ");
    }
}
