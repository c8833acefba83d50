//! The rules that read the project-docs probe: the licence (LE-02, LE-03), the
//! repository's visibility (QA-01) and the project documents (GV-01, GV-03, SA-03).
//!
//! Documents are known by their presence (the file, cited); what they say is read by a
//! person until the document model gives their sentences, which these rules will then cite.

use crate::model::ProbeId::ProjectDocs as PD;
use crate::model::ProjectDocsFacts;
use crate::model::osps::Verdict;

use super::rules::{Ctx, Judgement, Released, fail, list, no_releases, pass, released_or, review};

fn docs<'a>(c: &Ctx<'a>) -> Result<&'a ProjectDocsFacts, Judgement> {
    c.pd()
        .ok_or_else(|| c.missing(PD, "the licence and the project documents"))
}

pub(crate) fn le_02_01(c: &Ctx) -> Judgement {
    let f = match docs(c) {
        Ok(f) => f,
        Err(j) => return j,
    };
    let Some(lic) = f.licenses.as_ref() else {
        return c.missing(PD, "the licence");
    };
    if let Some(d) = lic.iter().find(|d| d.spdx_id.is_some()) {
        let id = d.spdx_id.clone().unwrap_or_default();
        return if lic
            .iter()
            .filter(|d| d.spdx_id.is_some())
            .all(|d| d.osi_approved || d.fsf_libre)
        {
            pass(
                &[(PD, "licenses")],
                format!(
                    "{} holds {id} ({:.0}% match), an {} licence.",
                    d.path,
                    d.confidence * 100.0,
                    if d.osi_approved {
                        "OSI-approved"
                    } else {
                        "FSF free"
                    }
                ),
            )
        } else {
            fail(
                &[(PD, "licenses")],
                format!(
                    "{} holds {id}, which is neither OSI-approved nor FSF free.",
                    d.path
                ),
            )
        };
    }
    match lic.first() {
        Some(d) => review(
            &[(PD, "licenses")],
            format!(
                "{} is closest to {} at only {:.0}% (low confidence): whether its licence meets the OSI or FSF definition, a person must read.",
                d.path,
                d.closest,
                d.confidence * 100.0
            ),
        ),
        None => review(
            &[(PD, "license_files")],
            "No licence text was identified at the root; where the source code's licence is stated, a person must check.".into(),
        ),
    }
}

pub(crate) fn le_03_01(c: &Ctx) -> Judgement {
    let f = match docs(c) {
        Ok(f) => f,
        Err(j) => return j,
    };
    match f.license_files.as_ref() {
        Some(files) if !files.is_empty() => pass(
            &[(PD, "license_files")],
            format!("The licence is kept at the root in {}.", list(files, 3)),
        ),
        Some(_) => fail(
            &[(PD, "license_files")],
            "The root holds no LICENSE or COPYING file and no LICENSE/ directory.".into(),
        ),
        None => c.missing(PD, "the licence files at the root"),
    }
}

pub(crate) fn le_02_02(c: &Ctx) -> Judgement {
    if c.released() == Released::No {
        return no_releases();
    }
    let f = match docs(c) {
        Ok(f) => f,
        Err(j) => return j,
    };
    match f.license_expression.as_ref() {
        Some(e) => review(
            &[(PD, "license_expression")],
            format!(
                "The source code is licensed {e}; whether released binaries and packages carry an OSI or FSF licence too, a person must check."
            ),
        ),
        None => review(
            &[],
            "Whether released assets carry an OSI or FSF licence, a person must check.".into(),
        ),
    }
}

pub(crate) fn le_03_02(c: &Ctx) -> Judgement {
    let f = match docs(c) {
        Ok(f) => f,
        Err(j) => return j,
    };
    let files = f.license_files.as_deref();
    let otherwise = match files {
        // The released source code of a tag holds the root licence file.
        Some(files) if !files.is_empty() && c.released() == Released::Yes => pass(
            &[
                (PD, "license_files"),
                (super::RI, "releases_examined"),
                (super::SC, "tags"),
            ],
            format!(
                "Every release's source code (its tag's tree) holds the root licence file {}.",
                list(files, 2)
            ),
        ),
        Some([]) => fail(
            &[(PD, "license_files")],
            "No licence file at the root: the released source code carries none.".into(),
        ),
        _ => c.missing(PD, "whether releases carry the licence"),
    };
    released_or(c, otherwise)
}

fn public<'a>(c: &Ctx<'a>) -> Result<bool, Judgement> {
    let f = docs(c)?;
    f.public
        .ok_or_else(|| c.missing(PD, "whether the repository is public"))
}

pub(crate) fn qa_01_01(c: &Ctx) -> Judgement {
    match public(c) {
        Ok(true) => pass(
            &[(PD, "public")],
            "The repository is public: anyone can read it at its URL.".into(),
        ),
        Ok(false) => fail(&[(PD, "public")], "The repository is private.".into()),
        Err(j) => j,
    }
}

pub(crate) fn qa_01_02(c: &Ctx) -> Judgement {
    match public(c) {
        Ok(true) => pass(
            &[(PD, "public")],
            "The repository is public, so its git history (every change, its author and date) is publicly readable.".into(),
        ),
        Ok(false) => fail(
            &[(PD, "public")],
            "The repository is private: its history is not publicly readable.".into(),
        ),
        Err(j) => j,
    }
}

/// A document kind present (cited) or not.
fn doc<'a>(
    c: &Ctx<'a>,
    fact: &'static str,
    get: impl Fn(&'a ProjectDocsFacts) -> &'a Option<Vec<String>>,
) -> Result<&'a [String], Judgement> {
    let f = docs(c)?;
    get(f)
        .as_deref()
        .ok_or_else(|| c.missing(PD, &format!("the {}", fact.replace('_', " "))))
}

pub(crate) fn gv_03_01(c: &Ctx) -> Judgement {
    match doc(c, "contributing", |f| &f.contributing) {
        Ok(p) if !p.is_empty() => pass(
            &[(PD, "contributing")],
            format!("The contribution process is explained in {}.", list(p, 2)),
        ),
        Ok(_) => review(
            &[(PD, "contributing")],
            "No CONTRIBUTING guide was found; whether the README or the website explains the contribution process, a person must check.".into(),
        ),
        Err(j) => j,
    }
}

fn present_review(
    fact: &'static str,
    p: Result<&[String], Judgement>,
    what: &str,
    none: &str,
) -> Judgement {
    match p {
        Ok(p) if !p.is_empty() => review(
            &[(PD, fact)],
            format!("{} exists; {what}, a person must read.", list(p, 2)),
        ),
        Ok(_) => review(&[(PD, fact)], none.to_string()),
        Err(j) => j,
    }
}

pub(crate) fn gv_03_02(c: &Ctx) -> Judgement {
    let p = doc(c, "contributing", |f| &f.contributing);
    present_review(
        "contributing",
        p,
        "whether it states the requirements for acceptable contributions",
        "No contributor guide was found; whether the requirements for contributions are documented elsewhere, a person must check.",
    )
}

pub(crate) fn gv_01_01(c: &Ctx) -> Judgement {
    let p = doc(c, "maintainers", |f| &f.maintainers);
    present_review(
        "maintainers",
        p,
        "whether it lists the members with access to sensitive resources",
        "No MAINTAINERS file was found; whether the members with sensitive access are listed elsewhere, a person must check.",
    )
}

pub(crate) fn gv_01_02(c: &Ctx) -> Judgement {
    let p = doc(c, "governance", |f| &f.governance);
    present_review(
        "governance",
        p,
        "whether it describes the members' roles and responsibilities",
        "No GOVERNANCE document was found; whether roles and responsibilities are described elsewhere, a person must check.",
    )
}

pub(crate) fn sa_03_01(c: &Ctx) -> Judgement {
    let f = match docs(c) {
        Ok(f) => f,
        Err(j) => return j,
    };
    let mut found: Vec<(&'static str, &[String])> = Vec::new();
    for (fact, v) in [
        ("security_audits", &f.security_audits),
        ("self_assessment", &f.self_assessment),
        ("threat_model", &f.threat_model),
    ] {
        if let Some(p) = v.as_deref().filter(|p| !p.is_empty()) {
            found.push((fact, p));
        }
    }
    let otherwise = if found.is_empty() {
        review(
            &[],
            "No security assessment (audit report, self-assessment, threat model) was found in the repository; whether one was performed (such as the TAG-Security self-assessment this report prefills), a person must check.".into(),
        )
    } else {
        let facts: Vec<(crate::model::ProbeId, &'static str)> =
            found.iter().map(|(f, _)| (PD, *f)).collect();
        let paths: Vec<String> = found.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
        Judgement::new(
            Verdict::Passed,
            &facts,
            format!(
                "A security assessment is kept in the repository: {}.",
                list(&paths, 3)
            ),
        )
    };
    released_or(c, otherwise)
}

pub(crate) fn sa_03_02(c: &Ctx) -> Judgement {
    let otherwise = match doc(c, "threat_model", |f| &f.threat_model) {
        Ok(p) if !p.is_empty() => pass(
            &[(PD, "threat_model")],
            format!("A threat model is kept in the repository: {}.", list(p, 2)),
        ),
        Ok(_) => review(
            &[(PD, "threat_model")],
            "No threat model was found in the repository; whether one was made (and published elsewhere), a person must check.".into(),
        ),
        Err(j) => j,
    };
    released_or(c, otherwise)
}
