//! Release answers: documented and automated process, checksums, signatures, the badge
//! and the SBOM.

use super::*;

/// The release steps of one kind: "cosign in `hack/release.sh`, run by `release.yml`, and
/// GoReleaser in `.goreleaser.yaml`, run by `release.yml`" (at most three, then "and N more").
pub(super) fn steps_of<'r>(
    r: &'r ProbeResult,
    p: &ReleasePipelineFacts,
    kind: &str,
) -> (Text, Vec<&'r Citation>) {
    let label = format!("pipeline.{kind}");
    // One entry per tool, file and workflow, however many lines it has there.
    // (tool, path, workflow, by default, lines, first line of the chain)
    type Group<'a> = (&'a str, &'a str, &'a str, bool, Vec<u32>, &'a [String]);
    let mut groups: Vec<Group<'_>> = Vec::new();
    for s in p.steps.iter().filter(|s| s.kind == kind) {
        match groups
            .iter_mut()
            .find(|g| g.0 == s.tool && g.1 == s.path && g.2 == s.workflow)
        {
            Some(g) => g.4.push(s.line),
            None => groups.push((
                &s.tool,
                &s.path,
                &s.workflow,
                s.by_default,
                vec![s.line],
                &s.via,
            )),
        }
    }
    let mut parts = Vec::new();
    let mut c: Vec<&Citation> = Vec::new();
    for (tool, path, workflow, by_default, lines, via) in &groups {
        let default = if *by_default {
            " (by default: GoReleaser writes a checksums file unless it is disabled)"
        } else {
            ""
        };
        // The lines themselves, as the footnotes show them: "(lines 160 and 161)".
        let times = if lines.len() > 1 {
            let mut shown: Vec<String> = lines.iter().take(3).map(|l| l.to_string()).collect();
            if lines.len() > 3 {
                shown.push(format!(
                    "{} more",
                    crate::model::text::group_digits(lines.len() as u64 - 3)
                ));
            }
            text![" (lines ", names(&shown, words), ")"]
        } else {
            Text::new()
        };
        // The lines follow the file they number; the chain of calls follows them.
        parts.push(text![
            tool_name(tool),
            " ",
            super::ci::where_step(path, times, via, workflow),
            default
        ]);
        // The group's first line, and the line that runs it.
        let at = |path: &str, line: u32| {
            cites_all(r, &[&label])
                .into_iter()
                .find(|x| x.path.as_deref() == Some(path) && x.lines == Some([line, line]))
        };
        for l in lines.iter().take(3) {
            c.extend(at(path, *l));
        }
        if let Some((vp, vl)) = via.first().and_then(|v| v.rsplit_once(':')) {
            c.extend(vl.parse().ok().and_then(|l| at(vp, l)));
        }
    }
    if c.is_empty() {
        c = cites(r, &[&label]);
    }
    c.dedup_by(|a, b| same_citation(a, b));
    c.truncate(MAX_CITES);
    (list_of(parts), c)
}

/// Where a release step stands: "in `release.yml`", or "in `hack/release.sh`, run by
/// `release.yml`".
fn old_where_step(path: &str, workflow: &str) -> Text {
    if path == workflow || workflow.is_empty() {
        text!["in ", code(short_ci_path(path))]
    } else {
        text![
            "in ",
            code(path),
            ", run by ",
            code(short_ci_path(workflow))
        ]
    }
}

/// "The `sign` target of `Makefile` signs files with GnuPG, and no release pipeline runs
/// it: …", for the manual steps of `kind` (`signatures` or `checksums`); returns them.
pub(super) fn manual_steps_sentence<'f>(
    it: &mut Item,
    r: &ProbeResult,
    f: &'f ReleaseIntegrityFacts,
    kind: &str,
) -> Vec<&'f crate::model::ManualStep> {
    let steps: Vec<&crate::model::ManualStep> = f
        .manual_steps
        .iter()
        .flatten()
        .filter(|m| m.kind == kind)
        .collect();
    let Some(first) = steps.first() else {
        return steps;
    };
    let mut tools: Vec<&str> = steps.iter().map(|m| m.tool.as_str()).collect();
    tools.sort_unstable();
    tools.dedup();
    let what = if kind == "signatures" {
        text!["signs files with ", names(&tools, tool_name)]
    } else {
        text!["writes checksum files with ", names(&tools, tool_name)]
    };
    let place = match &first.target {
        Some(t) => text!["The ", code(t), " target of ", code(&first.path)],
        None => text![code(&first.path), ", a release script,"],
    };
    let others = steps.iter().filter(|m| m.path != first.path).count();
    let more = if others > 0 {
        text![
            " (and ",
            count(others as u64, "step", "steps"),
            " elsewhere)"
        ]
    } else {
        Text::new()
    };
    it.say_step(
        text![
            place,
            " ",
            what,
            more,
            ", and no CI configuration runs it: this is a step of the person who cuts the release, so whether each release ",
            if kind == "signatures" {
                "was signed"
            } else {
                "has checksums"
            },
            " is not shown by the repository."
        ],
        cites(r, &[&format!("manual_steps.{kind}")]),
    );
    steps
}

/// One release root: "the `release.yml` workflow, which a tag push starts and which
/// publishes with GoReleaser", or, in a list, "`release.yml` (started by a tag push;
/// publishes with GoReleaser)". Another CI system's file is named as such, and a reusable
/// workflow of another repository is said to take over, not to publish.
pub(super) fn release_root_phrase(w: &crate::model::ReleaseWorkflowFacts, short: bool) -> Text {
    let remote = w.publishes_with.contains("/.github/workflows/");
    let publishes = if remote {
        text![
            "hands the release to ",
            code(&w.publishes_with),
            ", a reusable workflow of another repository that this scan did not read"
        ]
    } else {
        if w.draft {
            // A draft is published later, by hand or another workflow: say what it makes.
            let mut t = text![
                "creates a draft release with ",
                tool_name(&w.publishes_with)
            ];
            if !w.also_publishes_with.is_empty() {
                t.push(text![
                    " and publishes with ",
                    names(&w.also_publishes_with, tool_name)
                ]);
            }
            t
        } else {
            let mut all = vec![w.publishes_with.clone()];
            all.extend(w.also_publishes_with.iter().cloned());
            text!["publishes with ", names(&all, tool_name)]
        }
    };
    let system = crate::evidence::files::ci_system_of(&w.path.to_ascii_lowercase())
        .filter(|s| *s != "github_actions");
    match (system, short) {
        (Some(sys), _) => {
            let how = match w.trigger.as_str() {
                "tag condition" => " run for tags",
                _ => " kept for releases",
            };
            if short {
                text![
                    code(&w.path),
                    " (a ",
                    tool_name(sys),
                    " configuration",
                    how,
                    "; ",
                    publishes,
                    ")"
                ]
            } else {
                text![
                    code(&w.path),
                    ", a ",
                    tool_name(sys),
                    " configuration",
                    how,
                    ", which ",
                    publishes
                ]
            }
        }
        (None, true) => text![
            code(base(&w.path)),
            " (started by a ",
            w.trigger.as_str(),
            "; ",
            publishes,
            ")"
        ],
        (None, false) => text![
            "the ",
            code(base(&w.path)),
            " workflow, which a ",
            w.trigger.as_str(),
            " starts and which ",
            publishes
        ],
    }
}

impl Ctx<'_> {
    // ------------------------------------------------------------ releases

    /// Release documentation (`RELEASE*.md`, `RELEASING*.md` at the root, in `docs/`,
    /// `doc/` or `.github/`, at most two levels deep) and changelogs (`CHANGELOG*`,
    /// `CHANGES*`, `HISTORY*`, `NEWS*`, release notes at the root) in the tree.
    pub(super) fn release_process_documented(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::ReleaseIntegrity]);
        let mut documented = false;
        let mut automated = false;
        let release = self.release();
        match release.map(|(r, f)| (r, f.release_docs.as_ref(), f.changelogs.as_ref())) {
            Some((r, Some(docs), changelogs)) => {
                if !docs.is_empty() {
                    documented = true;
                    it.say(
                        text![
                            "The release process is documented in ",
                            names(docs, code),
                            "."
                        ],
                        cites(r, &["release_docs"]),
                    );
                }
                if let Some(changelogs) = changelogs.filter(|c| !c.is_empty()) {
                    super::scope::changelog_sentences(
                        &mut it,
                        r,
                        changelogs,
                        release.map(|(_, f)| f),
                    );
                }
            }
            _ => {
                if let Err(u) = &self.ev.files {
                    it.reason = Some(u.reason);
                    it.unknown_for(u.reason.describe());
                }
            }
        }
        if let Some((r, f)) = self.release() {
            if let Some(g) = f.goreleaser_unused.as_deref().filter(|g| !g.is_empty()) {
                it.say(
                    super::scope::goreleaser_unused_sentence(g),
                    cites(r, &["goreleaser_unused"]),
                );
            }
            if let Some(p) = f.pipeline.as_ref().filter(|p| !p.workflows.is_empty()) {
                automated = true;
                let text = match p.workflows.as_slice() {
                    [w] => text!["Releases are made by ", release_root_phrase(w, false), "."],
                    ws => {
                        let list: Vec<Text> =
                            ws.iter().map(|w| release_root_phrase(w, true)).collect();
                        text!["Releases go through ", list_of(list), "."]
                    }
                };
                it.say_step(text, cites(r, &["pipeline.workflows"]));
                // Tools the checksum, signing, provenance and SBOM answers, or the
                // publishing phrase above, already name are not listed again.
                let named = |t: &String| {
                    p.steps.iter().any(|s| &s.tool == t)
                        || p.workflows
                            .iter()
                            .any(|w| &w.publishes_with == t || w.also_publishes_with.contains(t))
                };
                let rest: Vec<&str> = p
                    .tools
                    .iter()
                    .filter(|t| !named(t))
                    .map(String::as_str)
                    .collect();
                if !rest.is_empty() {
                    let c: Vec<&Citation> = rest
                        .iter()
                        .flat_map(|t| {
                            cites_all(r, &[&format!("pipeline.tools[{t}]")])
                                .into_iter()
                                .take(1)
                        })
                        .take(MAX_CITES)
                        .collect();
                    it.say_step(
                        text![
                            "The release pipeline also uses ",
                            names(&rest, tool_name),
                            "."
                        ],
                        c,
                    );
                }
            }
            match (
                f.releases_examined,
                f.releases.as_ref().and_then(|r| r.first()),
            ) {
                (Some(0), _) => it.say(
                    "No GitHub releases were found.",
                    cites(r, &["releases_examined"]),
                ),
                (Some(n), latest) => {
                    let mut s = text![
                        "The ",
                        num(n),
                        " most recent GitHub ",
                        if n == 1 {
                            "release was"
                        } else {
                            "releases were"
                        },
                        " examined"
                    ];
                    if let Some(l) = latest {
                        s.push(text![
                            "; the latest, ",
                            code(&l.tag),
                            ", has ",
                            count(l.assets, "asset", "assets")
                        ]);
                    }
                    s.push(".");
                    it.say(s, cites(r, &["releases_examined", "releases"]));
                }
                (None, _) => {}
            }
        }
        let answer = match (documented, automated) {
            (true, true) => Answer::Yes,
            (true, false) | (false, true) => Answer::Partial,
            (false, false) => {
                it.unknown_for(text![
                    "no release documentation such as ",
                    code("RELEASE.md"),
                    ", ",
                    code("RELEASING.md"),
                    " or ",
                    code("docs/release*.md"),
                    ", and no release automation, was found in the repository"
                ]);
                Answer::Unknown
            }
        };
        it.finish(answer)
    }

    pub(super) fn release_checksums(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::ReleaseIntegrity]);
        let Some((r, f)) = self.release() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let pipeline = f.pipeline.as_ref().is_some_and(|p| p.checksums);
        if let Some(p) = f.pipeline.as_ref().filter(|p| p.checksums) {
            let (list, c) = steps_of(r, p, "checksums");
            it.say_step(
                text!["The release pipeline writes checksum files: ", list, "."],
                c,
            );
        }
        let manual = !pipeline && !manual_steps_sentence(&mut it, r, f, "checksums").is_empty();
        let answer = match (f.releases_examined, f.with_checksums) {
            (Some(n), Some(c)) if n > 0 => {
                let examples: Vec<&str> = f
                    .releases
                    .iter()
                    .flatten()
                    .flat_map(|r| r.checksums.iter().map(String::as_str))
                    .take(2)
                    .collect();
                let mut s = text![
                    num(c),
                    " of the ",
                    num(n),
                    " most recent releases ",
                    if c == 1 { "publishes" } else { "publish" },
                    " checksum files"
                ];
                if !examples.is_empty() {
                    s.push(text![" (such as ", names(&examples, code), ")"]);
                }
                s.push(".");
                it.say(s, cites(r, &["with_checksums", "releases"]));
                if c == n {
                    Answer::Yes
                } else if c > 0 || pipeline || manual {
                    Answer::Partial
                } else {
                    Answer::No
                }
            }
            _ if pipeline => Answer::Yes,
            _ if manual => Answer::Partial,
            (Some(0), _) => {
                it.unknown_for(
                    "no GitHub releases were found, so there are no release artifacts to check",
                );
                Answer::Unknown
            }
            _ => {
                it.unknown_because(Some(r));
                Answer::Unknown
            }
        };
        it.finish(answer)
    }

    pub(super) fn release_signatures(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::ReleaseIntegrity]);
        let Some((r, f)) = self.release() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let (p_sig, p_prov) = f
            .pipeline
            .as_ref()
            .map(|p| (p.signatures, p.provenance))
            .unwrap_or_default();
        // Every kind the pipeline publishes is signed (else "signs the images but not the
        // release files").
        let mut p_sig_complete = true;
        if let Some(p) = f.pipeline.as_ref() {
            if p_sig {
                p_sig_complete = super::scope::signing_sentence(&mut it, r, p);
            }
            if p_prov {
                let (list, c) = steps_of(r, p, "provenance");
                it.say_step(
                    text!["The release pipeline generates provenance: ", list, "."],
                    c,
                );
            }
        }
        // Signing by hand (a Makefile target or release script no pipeline runs).
        let manual = if p_sig {
            Vec::new()
        } else {
            manual_steps_sentence(&mut it, r, f, "signatures")
        };
        if let Some(k) = &f.keys_file {
            it.say(
                text![code(k), " publishes release signing keys."],
                cites(r, &["keys_file"]),
            );
        }
        let signed_tags = f.signed_tags.unwrap_or(0);
        let answer = match (f.releases_examined, f.with_signatures) {
            (Some(n), Some(s)) if n > 0 => {
                let p = f.with_provenance.unwrap_or(0);
                let mut t = text![
                    num(s),
                    " of the ",
                    num(n),
                    " most recent releases ",
                    if s == 1 { "publishes" } else { "publish" },
                    " signatures or certificates"
                ];
                if let Some(p) = f.with_provenance {
                    t.push(text![
                        " and ",
                        num(p),
                        if p == 1 { " publishes" } else { " publish" },
                        " provenance"
                    ]);
                }
                t.push(".");
                it.say(
                    t,
                    cites(r, &["with_signatures", "with_provenance", "releases"]),
                );
                if s == n {
                    Answer::Yes
                } else if s > 0 || p > 0 || p_sig || p_prov || !manual.is_empty() {
                    // Signed git tags are not signatures of the release artifacts.
                    Answer::Partial
                } else {
                    Answer::No
                }
            }
            _ if p_sig && p_sig_complete => Answer::Yes,
            _ if p_sig || p_prov || !manual.is_empty() => Answer::Partial,
            // The release workflows were read with what they run, and none signs: say what
            // was read, not "not examined".
            _ if f.pipeline.as_ref().is_some_and(|p| !p.workflows.is_empty()) => {
                let p = f.pipeline.as_ref().map(|p| p.workflows.as_slice());
                let ws: Vec<&str> = p
                    .unwrap_or_default()
                    .iter()
                    .map(|w| base(&w.path))
                    .collect();
                it.say_step(
                    text![
                        "This scan recognised no signing or provenance step (cosign, GnuPG, attestations) in ",
                        if ws.len() == 1 {
                            "the release workflow "
                        } else {
                            "the release workflows "
                        },
                        names(&ws, code),
                        " or in the scripts, make targets and actions they run."
                    ],
                    cites(r, &["pipeline.workflows"]),
                );
                // A script can sign in a shape the scan does not follow: no "No".
                it.unknown_for(
                    "no signing step was recognised in the release workflows, which does not show that nothing signs the artifacts",
                );
                Answer::Unknown
            }
            (None, _) if signed_tags > 0 => {
                it.unknown_for(
                    "the release artifacts were not examined, and a signed git tag does not sign them",
                );
                Answer::Unknown
            }
            (Some(0), _) => {
                it.unknown_for(
                    "no GitHub releases were found, so there are no release artifacts to check",
                );
                Answer::Unknown
            }
            _ => {
                it.unknown_because(Some(r));
                Answer::Unknown
            }
        };
        let run = f
            .signed_tags
            .zip(f.newest_tag_run.as_ref())
            .and_then(|(k, run)| {
                let newest = f.newest_tags.as_deref()?.first()?;
                super::scope::signed_tags_run_sentence(k, f.tags_total, newest, run)
            });
        let window = f
            .signed_tags
            .zip(f.newest_tags.as_deref())
            .filter(|_| run.is_none())
            .and_then(|(k, tags)| super::scope::signed_tags_with_window(tags, k));
        if let Some(t) = run {
            // The newest tag, the run's oldest and the tag before it, then the count.
            let mut c: Vec<&Citation> = named_tag_cites(r, f).into_iter().take(1).collect();
            c.extend(cites(r, &["newest_tag_run"]));
            c.extend(cites(r, &["signed_tags"]));
            c.dedup_by(|a, b| same_citation(a, b));
            c.truncate(MAX_CITES);
            it.say(t, c);
        } else if let Some(t) = window {
            // The count and the recent window in one sentence. The window's tags first:
            // the count's own citations may fill the rest.
            let mut c = named_tag_cites(r, f);
            c.extend(cites(r, &["signed_tags"]));
            c.truncate(MAX_CITES);
            it.say(t, c);
        } else if let Some(k) = f.signed_tags {
            let t = match k {
                0 => text!["No tag is signed."],
                k => text![
                    num(k),
                    if k == 1 { " tag is" } else { " tags are" },
                    " signed."
                ],
            };
            it.say(t, cites(r, &["signed_tags"]));
            // A count of signed tags can hide that the latest releases are not signed.
            if let Some(t) = f
                .newest_tags
                .as_deref()
                .filter(|_| k > 0)
                .and_then(|tags| super::scope::newest_tags_sentence(tags, k))
            {
                it.say(t, named_tag_cites(r, f));
            }
        }
        it.finish(answer)
    }

    // ------------------------------------------------------------ badge

    pub(super) fn best_practices_badge(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::BestPracticesBadge]);
        let Some((r, f)) = self.badge() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        // A project id is the badge site's number, not a count: no digit grouping.
        let project = f
            .project_id
            .map(|id| text![" (project ", id.to_string(), ")"])
            .unwrap_or_default();
        let c = cites(
            r,
            &[
                "project_id",
                "level",
                "tiered_percentage",
                "baseline_level",
                "url",
                "source",
            ],
        );
        match (f.level, f.project_id) {
            (Some(level), _) => {
                let level = match level {
                    BadgeLevel::InProgress => "in progress",
                    BadgeLevel::Passing => "passing",
                    BadgeLevel::Silver => "silver",
                    BadgeLevel::Gold => "gold",
                };
                let mut s = text![
                    "The project's OpenSSF Best Practices badge",
                    project,
                    " is at level ",
                    level
                ];
                if let Some(p) = f.tiered_percentage {
                    s.push(format!(" (tiered percentage {p})"));
                }
                if let Some(b) = &f.baseline_level {
                    s.push(text!["; its OSPS Baseline level is ", quote(b)]);
                }
                s.push(".");
                it.say(s, c);
            }
            (None, Some(id)) => it.say(
                text![
                    "The ",
                    match f.source {
                        Some(crate::model::BadgeSource::ApiLookup) => "badge site lists",
                        _ => "README links",
                    },
                    " OpenSSF Best Practices badge project ",
                    id.to_string(),
                    "; its level was not read."
                ],
                c,
            ),
            (None, None) if r.outcome == Outcome::NotMet => it.say(
                "No OpenSSF Best Practices badge was found: the README links none and the badge site lists no project for this repository.",
                c,
            ),
            (None, None) => {}
        }
        if f.readme_mismatch == Some(true) {
            it.say(
                "The README's badge link does not point at this repository's project on the badge site.",
                cites(r, &["readme_mismatch"]),
            );
        }
        if let Some(o) = f.other_project_ids.as_ref().filter(|o| !o.is_empty()) {
            let ids: Vec<String> = o.iter().map(|i| i.to_string()).collect();
            it.say(
                text![
                    "The badge site also lists ",
                    if o.len() == 1 {
                        "project "
                    } else {
                        "projects "
                    },
                    names(&ids, words),
                    " for this repository."
                ],
                cites(r, &["other_project_ids"]),
            );
        }
        if let Some(cr) = f.criteria.as_ref().filter(|c| !c.is_empty()) {
            let met = cr.iter().filter(|c| c.status == "Met").count() as u64;
            let open: Vec<&str> = cr
                .iter()
                .filter(|c| c.status == "Unmet" || c.status == "?")
                .map(|c| c.name.as_str())
                .collect();
            let mut s = text![
                "Of the ",
                num(cr.len() as u64),
                " secure-development criteria read, ",
                num(met),
                if met == 1 { " is" } else { " are" },
                " met"
            ];
            if !open.is_empty() {
                s.push(text!["; still open: ", names(&open, code)]);
            }
            s.push(".");
            it.say(s, cites(r, &["criteria"]));
        }
        let answer = match f.level {
            Some(BadgeLevel::Passing | BadgeLevel::Silver | BadgeLevel::Gold) => Answer::Yes,
            Some(BadgeLevel::InProgress) => Answer::Partial,
            None => answer_of(r.outcome),
        };
        if answer == Answer::Unknown {
            it.unknown_because(Some(r));
        }
        it.finish(answer)
    }

    // ------------------------------------------------------------ SBOM

    pub(super) fn sbom(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::Sbom]);
        let Some((r, f)) = self.sbom_facts() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        if let Some(d) = f.in_repository.as_ref().filter(|d| !d.is_empty()) {
            let list: Vec<Text> = d
                .iter()
                .map(|d| text![code(&d.path), " (", sbom_format(&d.format), ")"])
                .collect();
            it.say(
                text!["SBOM documents in the repository: ", list_of(list), "."],
                cites(r, &["in_repository"]),
            );
        }
        if let Some(t) = f.generated_by_pipeline.as_ref().filter(|t| !t.is_empty()) {
            // One entry per tool, file and workflow, however many lines it has there.
            let mut seen: Vec<(&str, &str, &str)> = Vec::new();
            let list: Vec<Text> = t
                .iter()
                .filter(|t| {
                    let k = (
                        t.tool.as_str(),
                        t.path.as_str(),
                        t.workflow.as_deref().unwrap_or(""),
                    );
                    let new = !seen.contains(&k);
                    seen.push(k);
                    new
                })
                .map(|t| {
                    text![
                        tool_name(&t.tool),
                        " ",
                        old_where_step(&t.path, t.workflow.as_deref().unwrap_or(""))
                    ]
                })
                .collect();
            it.say_step(
                text!["The release pipeline generates SBOMs: ", list_of(list), "."],
                cites(r, &["generated_by_pipeline"]),
            );
        }
        if let Some(b) = f.configured_in_build.as_ref().filter(|b| !b.is_empty()) {
            build_sbom_sentences(&mut it, r, b);
        }
        if let Some(a) = f.in_release_assets.as_ref().filter(|a| !a.is_empty()) {
            it.say(
                text!["Releases publish SBOMs: ", names(a, code), "."],
                cites(r, &["in_release_assets"]),
            );
        }
        let empty = |n: Option<usize>| n == Some(0);
        if empty(f.in_repository.as_ref().map(Vec::len))
            && empty(f.generated_by_pipeline.as_ref().map(Vec::len))
            && f.configured_in_build.as_ref().is_none_or(Vec::is_empty)
        {
            let assets = match &f.in_release_assets {
                Some(a) if a.is_empty() => " or SBOM release asset",
                _ => "",
            };
            it.say(
                text![
                    "No SBOM document (SPDX or CycloneDX) or SBOM generation step",
                    assets,
                    " was found."
                ],
                cites(
                    r,
                    &[
                        "in_repository",
                        "generated_by_pipeline",
                        "in_release_assets",
                    ],
                ),
            );
        }
        it.finish_as(r)
    }
}

/// The SBOM generators configured in the build: "The Maven build generates SPDX SBOMs with
/// the SPDX Maven plugin (`pom.xml`), and `release.yml` runs that build (line 61)."; JReleaser's
/// SBOM files: "`jreleaser.yml` names SBOM files among the files JReleaser uploads with the
/// GitHub release, and `release.yml` runs JReleaser's release."
fn build_sbom_sentences(it: &mut Item, r: &ProbeResult, b: &[crate::model::PipelineTool]) {
    let mut tools: Vec<&str> = b.iter().map(|t| t.tool.as_str()).collect();
    tools.sort_unstable();
    tools.dedup();
    for tool in tools {
        let of: Vec<&crate::model::PipelineTool> = b.iter().filter(|t| t.tool == tool).collect();
        let Some(first) = of.first() else { continue };
        let paths: Vec<&str> = of.iter().map(|t| t.path.as_str()).collect();
        let files = if paths.len() > 3 {
            text![
                names(&paths[..2], code),
                " and ",
                count(
                    paths.len() as u64 - 2,
                    "other build file",
                    "other build files"
                )
            ]
        } else {
            names(&paths, code)
        };
        let (what, format) = match tool {
            "cyclonedx-maven-plugin" => ("The Maven build generates", Some("CycloneDX")),
            "spdx-maven-plugin" => ("The Maven build generates", Some("SPDX")),
            "cyclonedx-gradle-plugin" => ("The Gradle build generates", Some("CycloneDX")),
            "spdx-gradle-plugin" => ("The Gradle build generates", Some("SPDX")),
            _ => ("", None),
        };
        let mut t = match format {
            Some(fmt) => text![
                what,
                " ",
                fmt,
                " SBOMs with the ",
                tool_name(tool),
                " (configured in ",
                files,
                ")"
            ],
            None if tool == "jreleaser-sbom-files" => text![
                files,
                " names SBOM files among the files JReleaser uploads with the GitHub release"
            ],
            None => text![
                files,
                " configures ",
                tool_name(tool),
                ", which generates SBOMs of the artifacts JReleaser assembles"
            ],
        };
        let runner = first
            .via
            .last()
            .and_then(|v| v.rsplit_once(':'))
            .zip(first.workflow.as_deref());
        match runner {
            Some(((p, l), w)) => {
                t.push(text![
                    ", and ",
                    code(short_ci_path(w)),
                    if tool.starts_with("jreleaser") {
                        " runs JReleaser's release ("
                    } else {
                        " runs that build ("
                    },
                    if p == w {
                        text!["line ", l.to_string()]
                    } else {
                        text![code(p), " line ", l.to_string()]
                    },
                    ")."
                ]);
            }
            None => {
                t.push(
                "; no release workflow was seen running that build, so whether the SBOMs are published with releases is not shown.",
            );
            }
        }
        let c: Vec<&Citation> = cites_all(r, &["configured_in_build"])
            .into_iter()
            .filter(|c| {
                of.iter().any(|t| {
                    c.path.as_deref() == Some(t.path.as_str()) && c.lines == Some([t.line, t.line])
                }) || first.via.last().is_some_and(|v| {
                    v.rsplit_once(':').is_some_and(|(p, l)| {
                        c.path.as_deref() == Some(p)
                            && l.parse::<u32>()
                                .ok()
                                .is_some_and(|l| c.lines == Some([l, l]))
                    })
                })
            })
            .take(MAX_CITES)
            .collect();
        it.say_step(t, c);
    }
}

/// The citations of the tags a signed-tag sentence names: the newest tag, and the newest
/// signed one.
fn named_tag_cites<'r>(r: &'r ProbeResult, f: &ReleaseIntegrityFacts) -> Vec<&'r Citation> {
    let named: Vec<&str> = f
        .newest_tags
        .iter()
        .flatten()
        .enumerate()
        .filter(|(i, x)| *i == 0 || x.signed)
        .map(|(_, x)| x.name.as_str())
        .take(2)
        .collect();
    cites(r, &["newest_tags"])
        .into_iter()
        .filter(|x| {
            x.excerpt
                .as_deref()
                .is_some_and(|e| named.iter().any(|n| e.starts_with(&format!("tag {n} ("))))
        })
        .collect()
}
