//! `project-docs`: the licence (which SPDX licence the root licence files hold, and how
//! sure the match is), whether the repository is public, and the documents a project
//! keeps, found by name in the file listing: contributing guide, governance, code of
//! conduct, support and end-of-life policy, maintainers (and the GitHub handles they
//! name), threat model, security audits, self-assessment.
//!
//! Presence only: what the documents say is for the document model (`evidence/docs`,
//! another stream of work), whose facts will sit beside these.

use crate::evidence::license::{self, Detection};
use crate::evidence::{Evidence, FileSnapshot, Need, Needs};
use crate::model::{Citation, LicenseDetection, Outcome, ProbeFacts, ProbeId, ProjectDocsFacts};

use super::util::{cite_tree, cite_whole_file, compile, files, why};
use super::{Judgement, Probe};

pub struct ProjectDocs;

/// Most paths listed per kind of document.
pub const MAX_PER_KIND: usize = 5;
/// Most handles read from the maintainers files.
pub const MAX_HANDLES: usize = 100;

/// The kinds of document looked for, by fact name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Contributing,
    Governance,
    CodeOfConduct,
    Support,
    Maintainers,
    ThreatModel,
    SecurityAudit,
    SelfAssessment,
}

impl DocKind {
    pub const ALL: [DocKind; 8] = [
        DocKind::Contributing,
        DocKind::Governance,
        DocKind::CodeOfConduct,
        DocKind::Support,
        DocKind::Maintainers,
        DocKind::ThreatModel,
        DocKind::SecurityAudit,
        DocKind::SelfAssessment,
    ];
    pub fn fact(self) -> &'static str {
        match self {
            DocKind::Contributing => "contributing",
            DocKind::Governance => "governance",
            DocKind::CodeOfConduct => "code_of_conduct",
            DocKind::Support => "support",
            DocKind::Maintainers => "maintainers",
            DocKind::ThreatModel => "threat_model",
            DocKind::SecurityAudit => "security_audits",
            DocKind::SelfAssessment => "self_assessment",
        }
    }
}

fn is_page(name: &str) -> bool {
    [
        ".md",
        ".markdown",
        ".rst",
        ".txt",
        ".adoc",
        ".asciidoc",
        ".html",
    ]
    .iter()
    .any(|e| name.ends_with(e))
        || !name.contains('.')
}

/// The kind of project document `path` is, by its name and place: the root, `.github/`
/// and `docs/` (or `doc/`, `security/`, `community/`) up to three levels; vendored and
/// test trees never count.
pub fn doc_kind(path: &str) -> Option<DocKind> {
    let lower = path.to_ascii_lowercase();
    if crate::evidence::files::is_vendored(&lower) {
        return None;
    }
    let parts: Vec<&str> = lower.split('/').collect();
    let name = *parts.last()?;
    let dirs = &parts[..parts.len() - 1];
    let top_ok = dirs.first().is_none_or(|d| {
        matches!(
            *d,
            ".github" | "docs" | "doc" | "documentation" | "security" | "community" | "governance"
        )
    });
    if !top_ok || dirs.len() > 3 {
        return None;
    }
    let near = dirs.len() <= 1;
    let stem = name.split('.').next().unwrap_or(name);
    let pdf = name.ends_with(".pdf");
    if near && is_page(name) {
        if stem.starts_with("contributing") {
            return Some(DocKind::Contributing);
        }
        if stem.starts_with("governance") {
            return Some(DocKind::Governance);
        }
        if matches!(
            stem,
            "code_of_conduct" | "code-of-conduct" | "codeofconduct" | "conduct"
        ) {
            return Some(DocKind::CodeOfConduct);
        }
        if stem == "support"
            || stem.contains("support-policy")
            || stem.contains("support_policy")
            || stem.contains("end-of-life")
            || stem.contains("end_of_life")
        {
            return Some(DocKind::Support);
        }
        if stem.starts_with("maintainers") {
            return Some(DocKind::Maintainers);
        }
    }
    let doc = is_page(name) || pdf;
    if !doc {
        return None;
    }
    let joined = lower.replace(['_', ' '], "-");
    if joined.contains("threat-model") || joined.contains("threatmodel") {
        return Some(DocKind::ThreatModel);
    }
    if joined.contains("self-assessment") || joined.contains("selfassessment") {
        return Some(DocKind::SelfAssessment);
    }
    // "audit" alone is often a feature (audit logs): a security audit says so, or is a
    // report (PDF) in an audits folder or named as one.
    let audit_named = [
        "security-audit",
        "audit-report",
        "securityaudit",
        "security-assessment-report",
    ]
    .iter()
    .any(|k| joined.contains(k));
    let audit_pdf = pdf && joined.contains("audit");
    if audit_named || audit_pdf {
        return Some(DocKind::SecurityAudit);
    }
    None
}

/// GitHub handles a maintainers file names (`@name`, `github.com/name`), in order, each
/// once, at most [`MAX_HANDLES`].
pub fn handles(text: &str) -> Vec<String> {
    let re = compile(
        r"(?m)(?:^|[\s(\[|,*>])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?)\b|github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?)/?(?:[)\s\]|>,]|$)",
    );
    let mut out: Vec<String> = Vec::new();
    for c in re.captures_iter(text) {
        let Some(h) = c.get(1).or_else(|| c.get(2)) else {
            continue;
        };
        let h = h.as_str();
        // `github.com/orgs/...`, `github.com/<org>/<repo>` paths are not people: a handle
        // from a URL counts only when nothing follows but the end of the link.
        if matches!(
            h.to_ascii_lowercase().as_str(),
            "orgs" | "sponsors" | "apps" | "users"
        ) {
            continue;
        }
        if !out.iter().any(|x| x.eq_ignore_ascii_case(h)) {
            out.push(h.to_string());
        }
        if out.len() >= MAX_HANDLES {
            break;
        }
    }
    out
}

fn round3(x: f32) -> f64 {
    // Truncated, not rounded: 0.8996 stays below 0.9.
    (f64::from(x) * 1000.0).floor() / 1000.0
}

/// The licence files at the root: files named as licences, and the files of a root
/// `LICENSE/` (or `LICENSES/`) directory.
fn license_files(snap: &FileSnapshot) -> Vec<String> {
    let mut out = Vec::new();
    for path in snap.entries.keys() {
        let lower = path.to_ascii_lowercase();
        let root = !path.contains('/') && license::is_license_name(path);
        let in_dir = lower.split_once('/').is_some_and(|(d, rest)| {
            matches!(d, "license" | "licenses" | "licence" | "licences") && !rest.contains('/')
        });
        if (root || in_dir) && snap.regular_file(path).is_some() {
            out.push(path.clone());
        }
        if out.len() >= 20 {
            break;
        }
    }
    out
}

impl Probe for ProjectDocs {
    fn id(&self) -> ProbeId {
        ProbeId::ProjectDocs
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/project-docs.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[Need::ProjectDocs])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = ProjectDocsFacts::default();
        let mut cites: Vec<Citation> = Vec::new();
        if let Ok(r) = &ev.github.repo {
            f.public = Some(!r.private);
            cites.push(ev.cite_api(&r.api_url).supports(&["public"]));
        }
        let snap = match files(ev) {
            Ok(s) => s,
            Err(u) => {
                let summary = format!(
                    "Licence and project documents not determined: {}.",
                    why("the repository's files", u)
                );
                return Judgement::unknown(ProbeFacts::ProjectDocs(f), u, summary).cite_all(cites);
            }
        };
        // Licences.
        let lic_paths = license_files(snap);
        let mut detections: Vec<LicenseDetection> = Vec::new();
        for p in &lic_paths {
            let mut supports = vec!["license_files"];
            if let Some((read, content)) = snap.text(p) {
                if let Some(d) = license::detect(&content.text) {
                    detections.push(detection(read, &d));
                    supports.extend(["licenses", "license_expression"]);
                }
            }
            cites.push(cite_whole_file(ev, p, &supports));
        }
        let confident: Vec<&str> = {
            let mut ids: Vec<&str> = detections
                .iter()
                .filter_map(|d| d.spdx_id.as_deref())
                .collect();
            ids.dedup();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        if confident.len() == 1 {
            f.license_expression = Some(confident[0].to_string());
        }
        let root_listed = snap.dir_listed("");
        if !lic_paths.is_empty() || root_listed {
            f.license_files = Some(lic_paths.clone());
            f.licenses = Some(detections.clone());
        }
        // Documents.
        let mut found: Vec<(DocKind, Vec<String>)> =
            DocKind::ALL.iter().map(|k| (*k, Vec::new())).collect();
        for path in snap.entries.keys() {
            let Some(kind) = doc_kind(path) else { continue };
            if snap.regular_file(path).is_none() {
                continue;
            }
            if let Some((_, list)) = found.iter_mut().find(|(k, _)| *k == kind) {
                if list.len() < MAX_PER_KIND {
                    list.push(path.clone());
                }
            }
        }
        let complete = !snap.listing_truncated;
        let mut handles_found: Vec<String> = Vec::new();
        for (kind, paths) in &found {
            for p in paths {
                let mut supports = vec![kind.fact()];
                if *kind == DocKind::Maintainers {
                    if let Some((_, c)) = snap.text(p) {
                        let hs = handles(&c.text);
                        if !hs.is_empty() {
                            supports.push("maintainer_handles");
                        }
                        for h in hs {
                            if handles_found.len() < MAX_HANDLES
                                && !handles_found.iter().any(|x| x.eq_ignore_ascii_case(&h))
                            {
                                handles_found.push(h);
                            }
                        }
                    }
                }
                cites.push(cite_whole_file(ev, p, &supports));
            }
            let value = (complete || !paths.is_empty()).then(|| paths.clone());
            match kind {
                DocKind::Contributing => f.contributing = value,
                DocKind::Governance => f.governance = value,
                DocKind::CodeOfConduct => f.code_of_conduct = value,
                DocKind::Support => f.support = value,
                DocKind::Maintainers => f.maintainers = value,
                DocKind::ThreatModel => f.threat_model = value,
                DocKind::SecurityAudit => f.security_audits = value,
                DocKind::SelfAssessment => f.self_assessment = value,
            }
        }
        if !handles_found.is_empty() {
            f.maintainer_handles = Some(handles_found);
        }
        // An absence is shown by the listing of the tree.
        let empty = |v: &Option<Vec<String>>| v.as_ref().is_some_and(Vec::is_empty);
        let mut absent: Vec<&str> = DocKind::ALL
            .iter()
            .filter(|k| {
                empty(match k {
                    DocKind::Contributing => &f.contributing,
                    DocKind::Governance => &f.governance,
                    DocKind::CodeOfConduct => &f.code_of_conduct,
                    DocKind::Support => &f.support,
                    DocKind::Maintainers => &f.maintainers,
                    DocKind::ThreatModel => &f.threat_model,
                    DocKind::SecurityAudit => &f.security_audits,
                    DocKind::SelfAssessment => &f.self_assessment,
                })
            })
            .map(|k| k.fact())
            .collect();
        if empty(&f.license_files) {
            absent.extend(["license_files", "licenses"]);
        } else if f.licenses.as_ref().is_some_and(Vec::is_empty) {
            absent.push("licenses");
        }
        if !absent.is_empty() {
            cites.push(cite_tree(ev, &absent));
        }
        judge_facts(f, cites, root_listed)
    }
}

fn detection(path: &str, d: &Detection) -> LicenseDetection {
    LicenseDetection {
        path: path.to_string(),
        spdx_id: d.confident.then(|| d.id.clone()),
        closest: d.id.clone(),
        confidence: round3(d.score),
        osi_approved: d.osi_approved,
        fsf_libre: d.fsf_libre,
    }
}

fn judge_facts(f: ProjectDocsFacts, cites: Vec<Citation>, root_listed: bool) -> Judgement {
    let lic = f.licenses.as_deref().unwrap_or(&[]);
    let files = f.license_files.as_deref().unwrap_or(&[]);
    let open = lic
        .iter()
        .any(|d| d.spdx_id.is_some() && (d.osi_approved || d.fsf_libre));
    let contributing = f.contributing.as_ref().is_some_and(|c| !c.is_empty());
    let mut parts = Vec::new();
    match (files.is_empty(), lic.first()) {
        (true, _) if root_listed => parts.push("no licence file at the root".to_string()),
        (true, _) => parts.push("the root was not fully listed: no licence file seen".to_string()),
        (false, None) => parts.push(format!("licence file {} not identified", files[0])),
        (false, Some(d)) => parts.push(match &d.spdx_id {
            Some(id) => format!(
                "licence {id} in {} ({:.0}% match)",
                d.path,
                d.confidence * 100.0
            ),
            None => format!(
                "licence in {} closest to {} at only {:.0}% (low confidence)",
                d.path,
                d.closest,
                d.confidence * 100.0
            ),
        }),
    }
    for (label, v) in [
        ("contributing guide", &f.contributing),
        ("governance", &f.governance),
        ("code of conduct", &f.code_of_conduct),
        ("support policy", &f.support),
        ("maintainers", &f.maintainers),
    ] {
        if let Some(p) = v.as_ref().and_then(|v| v.first()) {
            parts.push(format!("{label}: {p}"));
        }
    }
    if let Some(p) = f.public {
        parts.push(if p {
            "public repository".into()
        } else {
            "private repository".into()
        });
    }
    let outcome = if files.is_empty() && root_listed {
        Outcome::NotMet
    } else if files.is_empty() {
        Outcome::Unknown
    } else if open && contributing {
        Outcome::Met
    } else {
        Outcome::PartiallyMet
    };
    let summary = format!("{}.", capitalize(&parts.join("; ")));
    let mut j = Judgement::new(ProbeFacts::ProjectDocs(f), outcome, summary).cite_all(cites);
    if outcome == Outcome::Unknown {
        j.reason = Some(crate::model::Reason::NotCollected);
    }
    j
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::testing::*;

    const MIT: &str = "MIT License\n\nCopyright (c) 2024 Example Authors\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n";

    fn judge(ev: &Evidence) -> Judgement {
        let j = ProjectDocs.judge(ev);
        assert_cited(&j);
        j
    }

    #[test]
    fn a_root_licence_and_a_contributing_guide_are_met() {
        let ev = with_files(&[
            ("LICENSE", MIT),
            ("CONTRIBUTING.md", "# Contributing\n"),
            ("GOVERNANCE.md", "# Governance\n"),
            ("docs/security/threat-model.md", "# Threats\n"),
            (
                "MAINTAINERS.md",
                "| Name | GitHub |\n|---|---|\n| Alice | @alice-w |\n| Bob | [bob](https://github.com/bob) |\n\nMail x@example.org\n",
            ),
        ]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::Met, "{}", j.summary);
        let f = facts(&j);
        assert_eq!(f["license_expression"], "MIT");
        assert_eq!(f["licenses"][0]["spdx_id"], "MIT");
        assert_eq!(f["licenses"][0]["osi_approved"], true);
        assert_eq!(f["contributing"], serde_json::json!(["CONTRIBUTING.md"]));
        assert_eq!(f["governance"], serde_json::json!(["GOVERNANCE.md"]));
        assert_eq!(
            f["threat_model"],
            serde_json::json!(["docs/security/threat-model.md"])
        );
        assert_eq!(
            f["maintainer_handles"],
            serde_json::json!(["alice-w", "bob"])
        );
        assert_eq!(f["code_of_conduct"], serde_json::json!([]));
    }

    #[test]
    fn a_modified_licence_is_low_confidence_not_identified() {
        // Half of MIT's permissions replaced by a restriction of our own.
        let modified = MIT.replace(
            "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:",
            "to read the Software only. Any commercial use, redistribution in any form,\nmodification or hosting of the Software as a service is strictly forbidden\nwithout a separate written agreement signed by the copyright holders.",
        );
        let ev = with_files(&[("LICENSE.txt", modified.as_str())]);
        let j = judge(&ev);
        let f = facts(&j);
        let d = &f["licenses"][0];
        assert_eq!(d["closest"], "MIT");
        assert!(d["spdx_id"].is_null(), "{d}");
        let c = d["confidence"].as_f64().unwrap();
        assert!(c < 0.9 && c > 0.5, "{c}");
        assert!(f["license_expression"].is_null());
        assert_eq!(j.outcome, Outcome::PartiallyMet);
        assert!(j.summary.contains("low confidence"), "{}", j.summary);
    }

    #[test]
    fn no_licence_at_a_fully_listed_root_is_not_met() {
        let ev = with_files(&[("README.md", "# x\n"), ("docs/LICENSE-notes.md", "MIT\n")]);
        let j = judge(&ev);
        assert_eq!(j.outcome, Outcome::NotMet, "{}", j.summary);
        assert_eq!(facts(&j)["license_files"], serde_json::json!([]));
    }

    #[test]
    fn document_kinds_by_name_and_place() {
        for (p, k) in [
            ("CONTRIBUTING.md", Some(DocKind::Contributing)),
            (".github/CONTRIBUTING.md", Some(DocKind::Contributing)),
            ("docs/contributing.rst", Some(DocKind::Contributing)),
            ("CODE_OF_CONDUCT.md", Some(DocKind::CodeOfConduct)),
            ("SUPPORT.md", Some(DocKind::Support)),
            ("docs/end-of-life.md", Some(DocKind::Support)),
            ("MAINTAINERS", Some(DocKind::Maintainers)),
            ("docs/threat_model.pdf", Some(DocKind::ThreatModel)),
            (
                "security/audits/2022-report.pdf",
                Some(DocKind::SecurityAudit),
            ),
            ("docs/security-audit-2023.md", Some(DocKind::SecurityAudit)),
            ("docs/audit.md", None),
            ("pkg/audit/audit.go", None),
            ("docs/self-assessment.md", Some(DocKind::SelfAssessment)),
            ("vendor/x/CONTRIBUTING.md", None),
            ("pkg/contributing.go", None),
        ] {
            assert_eq!(doc_kind(p), k, "{p}");
        }
    }

    #[test]
    fn handles_are_people_not_paths() {
        let t = "* @alice\n* Bob (https://github.com/bob-2)\n* https://github.com/orgs/example\n* https://github.com/example/repo\n* carol@example.org\n";
        assert_eq!(handles(t), ["alice", "bob-2"]);
    }
}
