#![allow(clippy::unwrap_used, clippy::expect_used)]
//! OSPS Baseline verdicts and SARIF: the mapping table control by control on fixture
//! reports (a control that passes, one that fails, one that stays unknown offline), the
//! citations every passed/failed verdict rests on, the `--format osps` table, the
//! `osps-controls` listing, and SARIF validated against the vendored SARIF 2.1.0 schema.

use crate::common;
use crate::e2e_fixture;
use crate::synthetic;

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde_json::Value;
use tssa_probe::Report;
use tssa_probe::model::{ProbeId, Reason};
use tssa_probe::standards::osps::{
    self, CONTROLS, ControlVerdict, NOT_EVALUATED, OspsBaseline, Verdict,
};
use tssa_probe::standards::sarif;

use common::{Commit, Fixture};

fn verdicts(r: &Report) -> OspsBaseline {
    osps::evaluate(r)
}

fn control<'a>(b: &'a OspsBaseline, id: &str) -> &'a ControlVerdict {
    b.controls
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} has no verdict"))
}

/// The control ids of the checklist fixture, by level.
fn checklist() -> BTreeMap<u8, Vec<String>> {
    let text = include_str!("fixtures/standards/osps-baseline-2026-02-19-checklist.md");
    let id = Regex::new(r"\*\*(OSPS-[A-Z]{2}-\d\d\.\d\d)\*\*").unwrap();
    let mut level = 0u8;
    let mut out: BTreeMap<u8, Vec<String>> = BTreeMap::new();
    for line in text.lines() {
        if let Some(l) = line.strip_prefix("## Level ") {
            level = l.trim().parse().unwrap();
        }
        if let Some(c) = id.captures(line) {
            out.entry(level).or_default().push(c[1].to_string());
        }
    }
    out
}

#[test]
fn every_level_1_and_2_control_of_the_checklist_has_exactly_one_verdict() {
    let list = checklist();
    assert_eq!(list[&1].len(), 24);
    assert_eq!(list[&2].len(), 19);
    for (name, r) in synthetic::all() {
        let b = verdicts(&r);
        for level in [1u8, 2] {
            for id in &list[&level] {
                let n = b.controls.iter().filter(|c| &c.id == id).count();
                assert_eq!(n, 1, "{name}: {id} has {n} verdicts");
                assert_eq!(control(&b, id).level, level, "{id}");
            }
        }
        // Level 3: evaluated or listed as not evaluated, never both, never neither.
        for id in &list[&3] {
            let evaluated = b.controls.iter().any(|c| &c.id == id);
            let listed = b.not_evaluated.contains(id);
            assert!(
                evaluated != listed,
                "{name}: {id} evaluated={evaluated} listed={listed}"
            );
        }
        let known: BTreeSet<&String> = list.values().flatten().collect();
        for c in &b.controls {
            assert!(known.contains(&c.id), "{} is not in the checklist", c.id);
        }
        for l in &b.levels {
            let total = l.passed + l.failed + l.needs_review + l.not_applicable + l.unknown;
            let n = b.controls.iter().filter(|c| c.level == l.level).count() as u32;
            assert_eq!(total, n, "{name}: level {} counts", l.level);
        }
    }
}

/// Every passed/failed verdict of every fixture names observed facts from the table's row
/// and cites at least one citation, each of which backs one of those facts; unknown
/// verdicts carry a reason; not_applicable ones say the condition.
fn check_citations(name: &str, r: &Report, b: &OspsBaseline) {
    for v in &b.controls {
        let row = CONTROLS.iter().find(|c| c.id == v.id).unwrap();
        let allowed: BTreeSet<String> = row.facts.iter().map(|(p, f)| format!("{p}.{f}")).collect();
        for f in &v.facts {
            assert!(
                allowed.contains(f),
                "{name} {}: fact {f} is not in the table row",
                v.id
            );
        }
        match v.verdict {
            Verdict::Passed | Verdict::Failed => {
                assert!(!v.citations.is_empty(), "{name} {}: no citation", v.id);
                assert!(!v.facts.is_empty(), "{name} {}: no fact", v.id);
                assert!(v.reason.is_none());
                for c in &v.citations {
                    let cit = r
                        .probe(c.probe)
                        .and_then(|p| p.citations.get(c.index))
                        .unwrap_or_else(|| panic!("{name} {}: dangling {c:?}", v.id));
                    let backs = v.facts.iter().any(|f| {
                        let Some((p, fact)) = f.split_once('.') else {
                            return false;
                        };
                        p == c.probe.as_str()
                            && cit.supports.iter().any(|s| {
                                s == fact
                                    || s.starts_with(&format!("{fact}."))
                                    || s.starts_with(&format!("{fact}["))
                            })
                    });
                    assert!(
                        backs,
                        "{name} {}: citation {c:?} backs none of {:?}",
                        v.id, v.facts
                    );
                }
            }
            Verdict::Unknown => {
                assert!(
                    v.reason.is_some(),
                    "{name} {}: unknown without a reason",
                    v.id
                )
            }
            Verdict::NotApplicable => {
                assert!(v.explanation.starts_with("No releases"), "{name} {}", v.id)
            }
            Verdict::NeedsReview => assert!(v.reason.is_none()),
        }
    }
}

#[test]
fn passed_and_failed_verdicts_cite_citations_that_back_their_facts() {
    for (name, r) in synthetic::all() {
        check_citations(name, &r, &verdicts(&r));
    }
}

/// (control, met, partial, not_met, unknown); `None` = not asserted for that fixture.
type Row = (
    &'static str,
    Option<Verdict>,
    Option<Verdict>,
    Option<Verdict>,
    Verdict,
);

#[test]
fn controls_pass_fail_and_stay_unknown_offline_fixture_by_fixture() {
    use Verdict::*;
    let met = verdicts(&synthetic::met());
    let partial = verdicts(&synthetic::partial());
    let not_met = verdicts(&synthetic::not_met());
    let unknown = verdicts(&synthetic::unknown());
    let table: &[Row] = &[
        (
            "OSPS-AC-03.01",
            Some(Passed),
            Some(Passed),
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-AC-03.02",
            Some(Passed),
            Some(Failed),
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-VM-02.01",
            Some(Passed),
            Some(Failed),
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-BR-06.01",
            Some(Passed),
            Some(Failed),
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-LE-01.01",
            Some(NeedsReview),
            Some(Passed),
            Some(NeedsReview),
            Unknown,
        ),
        (
            "OSPS-QA-03.01",
            Some(Passed),
            Some(Unknown),
            Some(Failed),
            Unknown,
        ),
        ("OSPS-QA-06.01", Some(Passed), None, Some(Failed), Unknown),
        (
            "OSPS-VM-01.01",
            Some(NeedsReview),
            None,
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-VM-03.01",
            Some(Passed),
            Some(Failed),
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-VM-04.01",
            Some(Passed),
            None,
            Some(NeedsReview),
            Unknown,
        ),
        ("OSPS-QA-02.02", Some(Passed), None, Some(Failed), Unknown),
        (
            "OSPS-QA-07.01",
            Some(Passed),
            Some(Failed),
            Some(Failed),
            Unknown,
        ),
        (
            "OSPS-VM-05.03",
            Some(NeedsReview),
            None,
            Some(NeedsReview),
            Unknown,
        ),
        (
            "OSPS-VM-06.02",
            Some(NeedsReview),
            None,
            Some(NeedsReview),
            Unknown,
        ),
        (
            "OSPS-AC-01.01",
            Some(NeedsReview),
            Some(NeedsReview),
            Some(NeedsReview),
            NeedsReview,
        ),
        (
            "OSPS-LE-02.01",
            Some(Passed),
            Some(Unknown),
            Some(NeedsReview),
            Unknown,
        ),
    ];
    for (id, m, p, n, u) in table {
        for (name, b, want) in [
            ("met", &met, m),
            ("partial", &partial, p),
            ("not_met", &not_met, n),
        ] {
            if let Some(w) = want {
                let v = control(b, id);
                assert_eq!(v.verdict, *w, "{name} {id}: {}", v.explanation);
            }
        }
        assert_eq!(control(&unknown, id).verdict, *u, "unknown {id}");
    }
    // Offline, the API-only facts are unknown because the scan ran offline.
    for id in [
        "OSPS-AC-03.01",
        "OSPS-QA-07.01",
        "OSPS-VM-04.01",
        "OSPS-BR-06.01",
    ] {
        assert_eq!(control(&unknown, id).reason, Some(Reason::Offline), "{id}");
    }
    // A probe not run (`--probe`) leaves its controls unknown, not collected.
    let qa = control(&unknown, "OSPS-QA-06.01");
    assert_eq!(qa.reason, Some(Reason::NotCollected));
    assert!(
        qa.explanation.contains("ci-checks probe did not run"),
        "{}",
        qa.explanation
    );
    // The facts named are the ones the verdict rests on.
    assert_eq!(
        control(&met, "OSPS-AC-03.01").facts,
        vec!["branch-protection.pull_request_required".to_string()]
    );
    assert_eq!(
        control(&not_met, "OSPS-AC-03.01").facts,
        vec!["branch-protection.protected".to_string()]
    );
}

#[test]
fn nothing_passes_without_the_projects_own_cited_configuration() {
    // GitHub refuses to delete any default branch: without a rule of the project's own,
    // deletion protection fails.
    let partial = verdicts(&synthetic::partial());
    let v = control(&partial, "OSPS-AC-03.02");
    assert_eq!(v.verdict, Verdict::Failed);
    assert!(v.explanation.contains("not counted"));
    // A passed verdict whose facts lose their citations is not given.
    let mut r = synthetic::met();
    for p in &mut r.probes {
        if p.id() == ProbeId::BranchProtection {
            p.citations.clear();
        }
    }
    let b = verdicts(&r);
    for id in [
        "OSPS-AC-03.01",
        "OSPS-AC-03.02",
        "OSPS-QA-03.01",
        "OSPS-QA-07.01",
    ] {
        let v = control(&b, id);
        assert_eq!(v.verdict, Verdict::Unknown, "{id}");
        assert_eq!(v.reason, Some(Reason::NotCollected));
        assert!(v.citations.is_empty());
    }
    // Controls only a person or an admin can observe never pass or fail.
    for (_, r) in synthetic::all() {
        let b = verdicts(&r);
        for id in [
            "OSPS-AC-01.01",
            "OSPS-AC-02.01",
            "OSPS-BR-07.01",
            "OSPS-AC-04.01",
        ] {
            assert_eq!(control(&b, id).verdict, Verdict::NeedsReview, "{id}");
        }
    }
}

// ---------------------------------------------------------------- real repositories

fn osps_of(json: &str) -> (Value, OspsBaseline) {
    let v: Value = serde_json::from_str(json).unwrap();
    let b: OspsBaseline = serde_json::from_value(v["osps_baseline"].clone()).unwrap();
    (v, b)
}

/// The text of the cited lines of a file citation, read back from the fixture.
fn cited_lines(
    report: &Value,
    probe: ProbeId,
    index: usize,
    root: &std::path::Path,
) -> Option<String> {
    let p = report["probes"]
        .as_array()?
        .iter()
        .find(|p| p["id"] == probe.as_str())?;
    let c = &p["citations"][index];
    let path = c["path"].as_str()?;
    let lines = c["lines"].as_array()?;
    let (a, b) = (lines[0].as_u64()? as usize, lines[1].as_u64()? as usize);
    let text = std::fs::read_to_string(root.join(path)).ok()?;
    Some(
        text.lines()
            .skip(a - 1)
            .take(b + 1 - a)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn widget_verdicts_cite_lines_that_show_what_they_say() {
    let fx = Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let json = e2e_fixture::scan(&repo, "json");
    let (report, b) = osps_of(&json);
    let r: Report = serde_json::from_value(report.clone()).unwrap();
    check_citations("widget", &r, &b);
    let expect = [
        ("OSPS-VM-02.01", Verdict::Passed, r"security@example\.org"),
        ("OSPS-QA-06.01", Verdict::Passed, r"pull_request|go test"),
        ("OSPS-BR-06.01", Verdict::Passed, r"signs:|cosign"),
        ("OSPS-QA-02.02", Verdict::Passed, r"sboms?:|syft|sbom"),
        ("OSPS-VM-06.02", Verdict::NeedsReview, r"codeql"),
    ];
    for (id, verdict, shows) in expect {
        let v = control(&b, id);
        assert_eq!(v.verdict, verdict, "{id}: {}", v.explanation);
        let re = Regex::new(shows).unwrap();
        let texts: Vec<String> = v
            .citations
            .iter()
            .filter_map(|c| cited_lines(&report, c.probe, c.index, &repo.path))
            .collect();
        assert!(!texts.is_empty(), "{id}: no file citation with lines");
        assert!(
            texts.iter().any(|t| re.is_match(t)),
            "{id}: no cited line shows /{shows}/: {texts:?}"
        );
    }
    // Offline: branch protection and advisories are unknown, never failed.
    for id in [
        "OSPS-AC-03.01",
        "OSPS-AC-03.02",
        "OSPS-QA-03.01",
        "OSPS-QA-07.01",
        "OSPS-VM-04.01",
    ] {
        let v = control(&b, id);
        assert_eq!(v.verdict, Verdict::Unknown, "{id}");
        assert_eq!(v.reason, Some(Reason::Offline), "{id}");
    }
    // Tags exist: release controls are not "not applicable".
    assert_eq!(control(&b, "OSPS-DO-01.01").verdict, Verdict::NeedsReview);
}

#[test]
fn a_repository_without_policy_tests_or_releases_fails_and_is_not_applicable() {
    let fx = Fixture::new();
    let r = fx.repo("bare-project");
    r.commit(
        &Commit::new("init")
            .file("README.md", "# bare\n")
            .file(
                ".github/workflows/lint.yml",
                "name: lint\non:\n  push:\n    branches: [main]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo lint\n",
            ),
    );
    r.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/example/bare.git",
    ]);
    let json = e2e_fixture::scan(&r, "json");
    let (report, b) = osps_of(&json);
    let rep: Report = serde_json::from_value(report).unwrap();
    check_citations("bare", &rep, &b);
    let v = control(&b, "OSPS-QA-06.01");
    assert_eq!(v.verdict, Verdict::Failed, "{}", v.explanation);
    // Its SARIF result rests on the absence of tests in the tree: located at the
    // repository, citing the tree.
    let log: Value = serde_json::from_str(&e2e_fixture::scan(&r, "sarif")).unwrap();
    assert_valid(&sarif_validator(), "bare", &log);
    let res = &results_by_rule(&log)["OSPS-QA-06.01"];
    assert_eq!(res["level"], "error");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], ".", "{res}");
    let cites = res["properties"]["citations"].as_array().unwrap();
    assert!(
        cites.iter().any(|c| c.as_str().unwrap().contains("/tree/")),
        "{res}"
    );
    // A not_met probe resting on files is located at the first cited file and lines.
    let ci = rep.probe(ProbeId::CiChecks).unwrap();
    if let Some(res) = results_by_rule(&log).get("ci-checks") {
        let first = ci
            .citations
            .iter()
            .find(|c| c.kind == tssa_probe::model::CitationKind::File && c.path.is_some());
        let uri = &res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        match first {
            Some(c) => {
                assert_eq!(uri.as_str(), c.path.as_deref());
                if let Some([a, _]) = c.lines {
                    assert_eq!(
                        res["locations"][0]["physicalLocation"]["region"]["startLine"],
                        a
                    );
                }
            }
            None => assert_eq!(uri, "."),
        }
    }
    for id in [
        "OSPS-DO-01.01",
        "OSPS-BR-06.01",
        "OSPS-QA-02.02",
        "OSPS-SA-03.01",
    ] {
        let v = control(&b, id);
        assert_eq!(v.verdict, Verdict::NotApplicable, "{id}: {}", v.explanation);
    }
    // The policy's absence in the tree is not the organization's: offline, the org
    // `.github` repository was not read, so policy controls stay unknown or fail on cited
    // absence only.
    for id in ["OSPS-VM-01.01", "OSPS-VM-02.01"] {
        let v = control(&b, id);
        assert!(
            matches!(v.verdict, Verdict::Unknown | Verdict::Failed),
            "{id}: {:?}",
            v.verdict
        );
        if v.verdict == Verdict::Unknown {
            assert!(v.reason.is_some());
        }
    }
}

// ---------------------------------------------------------------- people's formats

#[test]
fn osps_table_lists_every_control_with_numbered_citations() {
    let fx = Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let table = e2e_fixture::scan(&repo, "osps");
    for c in CONTROLS {
        assert!(table.contains(c.id), "{} missing", c.id);
    }
    assert!(table.contains("Level 1: "), "{table}");
    assert!(table.contains("Citations:"), "{table}");
    assert!(
        table.contains("/SECURITY.md#L3 (security-policy)"),
        "{table}"
    );
    // One number per place cited.
    let lines: Vec<&str> = table.lines().filter(|l| l.starts_with('[')).collect();
    let places: BTreeSet<&str> = lines.iter().map(|l| l.split_once(' ').unwrap().1).collect();
    assert_eq!(places.len(), lines.len(), "{table}");
    // Each [n] in the table has its line below.
    let refs = Regex::new(r"\[(\d+)\]").unwrap();
    let max = refs
        .captures_iter(&table)
        .map(|c| c[1].parse::<usize>().unwrap())
        .max()
        .unwrap();
    assert!(table.contains(&format!("\n[{max}] ")), "{table}");
    // Line breaks of the tool's own text are not shown escaped.
    assert!(!table.contains("\\u{a}"), "{table}");
}

#[test]
fn osps_table_escapes_repository_text() {
    let r = synthetic::injection();
    let t = osps::render_table(&r, false);
    assert!(!t.contains('\u{1b}'));
    assert!(
        !t.contains("\n# injected heading"),
        "a branch name must not break lines raw"
    );
}

#[test]
fn osps_controls_lists_the_mapping_table() {
    let out = e2e_fixture::cli().arg("osps-controls").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for c in CONTROLS {
        assert!(text.contains(c.id), "{}", c.id);
        for (p, f) in c.facts {
            assert!(text.contains(&format!("{p}.{f}")), "{} {p}.{f}", c.id);
        }
    }
    for id in NOT_EVALUATED {
        assert!(text.contains(id));
    }
    let out = e2e_fixture::cli()
        .args(["osps-controls", "--markdown"])
        .assert()
        .success();
    let md = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows = md.lines().filter(|l| l.starts_with("| OSPS-")).count();
    assert_eq!(rows, CONTROLS.len());
}

// ---------------------------------------------------------------- SARIF

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("fixtures/standards/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, name: &str, log: &Value) {
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn sarif_of_every_fixture_validates_against_the_2_1_0_schema() {
    let v = sarif_validator();
    for (name, r) in synthetic::all() {
        let log: Value = serde_json::from_str(&sarif::render(&r)).unwrap();
        assert_valid(&v, name, &log);
    }
    let fx = Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let log: Value = serde_json::from_str(&e2e_fixture::scan(&repo, "sarif")).unwrap();
    assert_valid(&v, "widget", &log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["runs"][0]["versionControlProvenance"][0]["repositoryUri"],
        "https://github.com/example/widget"
    );
}

#[test]
fn the_sarif_validator_rejects_a_broken_log() {
    let v = sarif_validator();
    let mut log = sarif::log(&synthetic::not_met());
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!v.is_valid(&log));
    let mut log = sarif::log(&synthetic::not_met());
    log["version"] = Value::from("2.0.0");
    assert!(!v.is_valid(&log));
}

fn results_by_rule(log: &Value) -> BTreeMap<String, Value> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

#[test]
fn sarif_has_a_rule_per_probe_and_control_and_a_result_per_gap() {
    let r = synthetic::not_met();
    let log = sarif::log(&r);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), ProbeId::ALL.len() + CONTROLS.len());
    let ids: BTreeSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rules.len(), "rule ids are unique");
    let results = results_by_rule(&log);
    // ruleIndex points at the rule.
    for res in results.values() {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
    }
    // Every not_met probe and every failed control has an error result.
    for p in &r.probes {
        if p.outcome == tssa_probe::model::Outcome::NotMet {
            assert_eq!(results[p.id().as_str()]["level"], "error", "{}", p.id());
        }
    }
    let b = verdicts(&r);
    for c in &b.controls {
        match c.verdict {
            Verdict::Failed => assert_eq!(results[&c.id]["level"], "error", "{}", c.id),
            Verdict::Unknown => {
                let row = CONTROLS.iter().find(|x| x.id == c.id).unwrap();
                if row.facts.is_empty() {
                    assert!(!results.contains_key(&c.id), "{}", c.id);
                } else {
                    assert_eq!(results[&c.id]["level"], "note", "{}", c.id);
                }
            }
            _ => assert!(!results.contains_key(&c.id), "{}", c.id),
        }
    }
    // A result is located at a cited file when it cites one, else at the repository.
    for res in results.values() {
        let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        let rule = res["ruleId"].as_str().unwrap();
        let cites: Vec<&tssa_probe::model::Citation> = match ProbeId::parse(rule) {
            Some(p) => r.probe(p).unwrap().citations.iter().collect(),
            None => control(&b, rule)
                .citations
                .iter()
                .map(|c| &r.probe(c.probe).unwrap().citations[c.index])
                .collect(),
        };
        let file = cites
            .iter()
            .find(|c| c.kind == tssa_probe::model::CitationKind::File && c.path.is_some());
        match file {
            Some(c) => assert_eq!(Some(uri), c.path.as_deref(), "{rule}"),
            None => assert_eq!(uri, ".", "{rule}"),
        }
    }
    // One resting on a setting is located at the repository, with the API URL.
    let ac = &results["OSPS-AC-03.01"];
    assert_eq!(
        ac["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "."
    );
    let urls = ac["properties"]["citations"].as_array().unwrap();
    assert!(
        urls.iter()
            .any(|u| u.as_str().unwrap().starts_with("https://api.github.com/")),
        "{ac}"
    );
}

#[test]
fn sarif_reports_unknown_as_notes_with_the_reason() {
    let log = sarif::log(&synthetic::unknown());
    let results = results_by_rule(&log);
    let bp = &results["branch-protection"];
    assert_eq!(bp["level"], "note");
    assert_eq!(bp["properties"]["reason"], "offline");
    assert_eq!(results["OSPS-AC-03.01"]["level"], "note");
    // Nothing of an offline scan is an error on API-only evidence.
    assert!(
        results
            .values()
            .all(|r| r["level"] != "error" || r["properties"]["reason"].is_null())
    );
}

// ---------------------------------------------------------------- badge proposals

/// (section, criterion) → (status, justification) of a proposal URL.
fn parse_proposal(url: &str) -> (String, BTreeMap<String, (String, String)>) {
    let u = url::Url::parse(url).unwrap();
    assert_eq!(u.host_str(), Some("www.bestpractices.dev"));
    let segs: Vec<&str> = u.path_segments().unwrap().collect();
    assert_eq!(segs[0], "en");
    assert_eq!(segs[1], "projects");
    assert_eq!(segs[4], "edit");
    let mut status = BTreeMap::new();
    let mut just = BTreeMap::new();
    for (k, v) in u.query_pairs() {
        if let Some(c) = k.strip_suffix("_status") {
            status.insert(c.to_string(), v.to_string());
        } else if let Some(c) = k.strip_suffix("_justification") {
            just.insert(c.to_string(), v.to_string());
        } else {
            panic!("unexpected parameter {k}");
        }
    }
    assert_eq!(
        status.keys().collect::<Vec<_>>(),
        just.keys().collect::<Vec<_>>()
    );
    let out = status
        .into_iter()
        .map(|(c, s)| {
            let j = just[&c].clone();
            (c, (s, j))
        })
        .collect();
    (format!("{}/{}", segs[2], segs[3]), out)
}

#[test]
fn badge_proposal_urls_parse_back_into_the_intended_criteria() {
    use tssa_probe::standards::proposals;
    for (name, r) in synthetic::all() {
        let b = verdicts(&r);
        let Some(id) = proposals::project_id(&r) else {
            continue;
        };
        let sections = proposals::proposals(&r, "https://www.bestpractices.dev", id);
        let mut proposed: BTreeMap<String, String> = BTreeMap::new();
        for s in &sections {
            let (form, parsed) = parse_proposal(&s.url);
            assert_eq!(form, format!("{id}/{}", s.section), "{name}");
            for p in &s.proposals {
                let (status, just) = &parsed[&p.criterion];
                assert_eq!(status, p.status, "{name} {}", p.criterion);
                assert_eq!(just, &p.justification);
                assert!(just.chars().count() <= proposals::MAX_JUSTIFICATION);
                assert!(!just.contains('\n'));
            }
            assert_eq!(parsed.len(), s.proposals.len());
            for (c, (st, _)) in parsed {
                proposed.insert(c, st);
            }
        }
        // Exactly the passed (Met) and failed (Unmet) controls are proposed, nothing else.
        for v in &b.controls {
            let c = proposals::criterion_of(&v.id);
            match v.verdict {
                Verdict::Passed => assert_eq!(
                    proposed.get(&c).map(String::as_str),
                    Some("Met"),
                    "{name} {c}"
                ),
                Verdict::Failed => assert_eq!(
                    proposed.get(&c).map(String::as_str),
                    Some("Unmet"),
                    "{name} {c}"
                ),
                _ => assert!(!proposed.contains_key(&c), "{name} {c} is not settled"),
            }
        }
    }
    // The met fixture: its badge id, baseline and passing proposals.
    let r = synthetic::met();
    let sections = proposals::proposals(&r, "https://www.bestpractices.dev", 1234);
    let all: BTreeMap<String, (String, String)> = sections
        .iter()
        .flat_map(|s| parse_proposal(&s.url).1)
        .collect();
    assert_eq!(all["osps_ac_03_01"].0, "Met");
    assert!(
        all["osps_ac_03_01"].1.contains("https://api.github.com/"),
        "{:?}",
        all["osps_ac_03_01"]
    );
    assert_eq!(all["vulnerability_report_private"].0, "Met");
    assert_eq!(all["test_continuous_integration"].0, "Met");
    assert_eq!(all["static_analysis"].0, "Met");
    assert!(all["static_analysis"].1.contains("codeql"));
    assert!(!all.contains_key("osps_ac_01_01"), "MFA is not observed");
    // The partial fixture proposes Unmet for what failed.
    let r = synthetic::partial();
    let id = proposals::project_id(&r).unwrap();
    let all: BTreeMap<String, (String, String)> =
        proposals::proposals(&r, "https://www.bestpractices.dev", id)
            .iter()
            .flat_map(|s| parse_proposal(&s.url).1)
            .collect();
    assert_eq!(all["osps_ac_03_02"].0, "Unmet");
}

#[test]
fn licence_visibility_and_document_controls_pass_fail_and_stay_unknown() {
    use Verdict::*;
    let met = verdicts(&synthetic::met());
    let not_met = verdicts(&synthetic::not_met());
    let unknown = verdicts(&synthetic::unknown());
    // (control, with a licence and documents, with none, without the probe)
    for (id, m, n, u) in [
        ("OSPS-LE-02.01", Passed, NeedsReview, Unknown),
        ("OSPS-LE-03.01", Passed, Failed, Unknown),
        ("OSPS-QA-01.01", Passed, Passed, Unknown),
        ("OSPS-QA-01.02", Passed, Passed, Unknown),
        ("OSPS-GV-03.01", Passed, NeedsReview, Unknown),
        ("OSPS-GV-03.02", NeedsReview, NeedsReview, Unknown),
        ("OSPS-GV-01.02", NeedsReview, NeedsReview, Unknown),
    ] {
        assert_eq!(
            control(&met, id).verdict,
            m,
            "met {id}: {:?}",
            control(&met, id)
        );
        assert_eq!(
            control(&not_met, id).verdict,
            n,
            "not_met {id}: {:?}",
            control(&not_met, id)
        );
        assert_eq!(
            control(&unknown, id).verdict,
            u,
            "unknown {id}: {:?}",
            control(&unknown, id)
        );
    }
    // A passed licence control cites the licence file.
    let v = control(&met, "OSPS-LE-03.01");
    let r = synthetic::met();
    let cit = r
        .probe(ProbeId::ProjectDocs)
        .unwrap()
        .citations
        .get(v.citations[0].index)
        .unwrap();
    assert_eq!(cit.path.as_deref(), Some("LICENSE"));
    // GV-01.02 cites the governance document it asks a person to read.
    assert!(!control(&met, "OSPS-GV-01.02").citations.is_empty());
}

#[test]
fn every_vendored_release_is_evaluated_with_its_own_controls() {
    let r = synthetic::met();
    for (version, _) in osps::VERSIONS {
        let b = osps::evaluate_version(&r, version).unwrap();
        assert_eq!(&b.version, version);
        let cat = osps::catalog(version).unwrap();
        for (id, level) in &cat.controls {
            let evaluated = b.controls.iter().filter(|c| &c.id == id).count();
            let listed = b.not_evaluated.contains(id);
            assert!(
                (evaluated == 1) != listed,
                "{version} {id}: evaluated {evaluated} listed {listed}"
            );
            if let Some(c) = b.controls.iter().find(|c| &c.id == id) {
                assert_eq!(c.level, *level, "{version} {id}");
            }
        }
        if *version == osps::DEFAULT_VERSION {
            check_citations(version, &r, &b);
        }
    }
    // v2025.10.10 has OSPS-BR-01.02 (no rule: unknown) and no DO-07.01.
    let old = osps::evaluate_version(&r, "v2025.10.10").unwrap();
    assert_eq!(control(&old, "OSPS-BR-01.02").verdict, Verdict::Unknown);
    assert!(!old.controls.iter().any(|c| c.id == "OSPS-DO-07.01"));
    assert!(osps::evaluate_version(&r, "v2026.08.28").is_none());
}
