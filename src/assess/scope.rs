//! Scope and freshness of release answers: what the signing steps cover against what the
//! pipeline publishes, how recent the change log is, whether the newest tags are signed,
//! and GoReleaser configurations nothing runs.

use super::release::steps_of;
use super::*;
use crate::model::{FileChange, NewestTag, NewestTagRun};

/// What a release step covers, as a reader names it.
pub(super) fn kind_words(kind: &str) -> Text {
    match kind {
        "images" => "the container images".into(),
        "files" => "the release files".into(),
        "charts" => "the Helm charts".into(),
        "packages" => "the packages".into(),
        "attestations" => "the attestations".into(),
        other => text!["the ", quote(other)],
    }
}

/// The kinds the pipeline publishes that no signing step covers, with the tools that
/// publish each (`files` → [`softprops/action-gh-release`]). Attestations are signatures
/// themselves, not artifacts left unsigned.
pub(super) fn unsigned_kinds(p: &ReleasePipelineFacts) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for d in &p.destinations {
        let Some(k) = d.covers.as_deref() else {
            continue;
        };
        if k == "attestations" || p.signed.iter().any(|s| s == k) {
            continue;
        }
        match out.iter_mut().find(|(x, _)| x == k) {
            Some((_, tools)) => {
                if !tools.contains(&d.tool) {
                    tools.push(d.tool.clone());
                }
            }
            None => out.push((k.to_string(), vec![d.tool.clone()])),
        }
    }
    out
}

/// The sentence on the pipeline's signing steps, scoped: "signs what it publishes (the
/// container images)" only when every kind it publishes is signed; else "signs the
/// container images (…) but not the release files it publishes with …"; steps that do
/// not say what they sign are listed as signing steps. Returns whether every published
/// kind is signed.
pub(super) fn signing_sentence(it: &mut Item, r: &ProbeResult, p: &ReleasePipelineFacts) -> bool {
    let (list, mut c) = steps_of(r, p, "signatures");
    let signed: Vec<Text> = p.signed.iter().map(|k| kind_words(k)).collect();
    let unsigned = unsigned_kinds(p);
    if p.signed.is_empty() {
        it.say_step(
            text![
                "The release pipeline runs signing steps, whose arguments do not say what they sign: ",
                list,
                "."
            ],
            c,
        );
        return unsigned.is_empty();
    }
    if unsigned.is_empty() {
        it.say_step(
            text![
                "The release pipeline signs what it publishes (",
                list_of(signed),
                "): ",
                list,
                "."
            ],
            c,
        );
        return true;
    }
    let not: Vec<Text> = unsigned
        .iter()
        .map(|(k, tools)| {
            text![
                kind_words(k),
                " it publishes with ",
                names(tools, tool_name)
            ]
        })
        .collect();
    for (_, tools) in &unsigned {
        for t in tools {
            let label = "pipeline.destinations";
            c.extend(
                r.citations
                    .iter()
                    .filter(|x| x.supports.iter().any(|s| s == label))
                    .filter(|x| {
                        p.destinations.iter().any(|d| {
                            &d.tool == t
                                && x.path.as_deref() == Some(&d.path)
                                && x.lines.is_some_and(|l| l[0] == d.line)
                        })
                    })
                    .take(1),
            );
        }
    }
    c.truncate(MAX_CITES);
    it.say_step(
        text![
            "The release pipeline signs ",
            list_of(signed),
            ", with ",
            list,
            ", but not ",
            list_of(not),
            "."
        ],
        c,
    );
    false
}

/// "YYYY-MM" of an RFC 3339 date.
fn month(date: &str) -> &str {
    date.get(..7).unwrap_or(date)
}

/// "YYYY-MM-DD" of an RFC 3339 date.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// A tag made this many days after a change log's last change is a release it may not
/// record (a release commit updates the log and is tagged the same day or soon after).
pub(super) const STALE_DAYS: i64 = 30;

/// The newest tags made more than [`STALE_DAYS`] after the change log's last change.
pub(super) fn tags_after<'t>(change: &FileChange, tags: &'t [NewestTag]) -> Vec<&'t NewestTag> {
    let at = |d: &str| chrono::DateTime::parse_from_rfc3339(d).ok();
    let Some(changed) = at(&change.date) else {
        return Vec::new();
    };
    tags.iter()
        .filter(|t| at(&t.date).is_some_and(|d| d - changed > chrono::Duration::days(STALE_DAYS)))
        .collect()
}

/// Freshness of a change log: "Changes are recorded in `CHANGELOG.md`, last changed on
/// 2022-03-04 (commit `abc1234`); all of the 5 newest tags came after that change, up to
/// `v2.3.0` (2024-11), so it may not record the latest releases."
pub(super) fn changelog_freshness(change: &FileChange, tags: &[NewestTag]) -> Text {
    let after = tags_after(change, tags);
    let mut t = text![
        "Changes are recorded in ",
        code(&change.path),
        ", last changed on ",
        day(&change.date),
        " (commit ",
        commit(&change.commit),
        ")"
    ];
    if let Some(latest) = after.first() {
        let n = after.len() as u64;
        let which = if after.len() == tags.len() {
            text!["all of the ", count(n, "newest tag", "newest tags")]
        } else {
            text![count(n, "of the newest tags", "of the newest tags")]
        };
        t.push(text![
            "; ",
            which,
            " were made more than ",
            num(STALE_DAYS as u64),
            " days after that change, up to ",
            code(&latest.name),
            " (",
            month(&latest.date),
            "), so it may not record the latest releases"
        ]);
    }
    t.push(".");
    t
}

/// Whether the newest tags are signed: "The 5 newest tags are unsigned (up to `v2.0.0`,
/// 2024-11); signed tags stop at `v1.2.0` (2023-04)." `None` when none were read.
pub(super) fn newest_tags_sentence(tags: &[NewestTag], signed_total: u64) -> Option<Text> {
    let newest = tags.first()?;
    let unsigned_run = tags.iter().take_while(|t| !t.signed).count();
    let n = tags.len() as u64;
    if unsigned_run == 0 {
        let run = tags.iter().take_while(|t| t.signed).count() as u64;
        return Some(if run == n && n > 1 {
            text![
                "The ",
                num(n),
                " newest tags are signed, up to ",
                code(&newest.name),
                " (",
                month(&newest.date),
                ")."
            ]
        } else {
            text![
                "The newest tag, ",
                code(&newest.name),
                " (",
                month(&newest.date),
                "), is signed."
            ]
        });
    }
    let run = unsigned_run as u64;
    let mut t = if run == 1 {
        text![
            "The newest tag, ",
            code(&newest.name),
            " (",
            month(&newest.date),
            "), is unsigned"
        ]
    } else {
        text![
            "The ",
            num(run),
            " newest tags are unsigned, up to ",
            code(&newest.name),
            " (",
            month(&newest.date),
            ")"
        ]
    };
    match tags.iter().find(|t| t.signed) {
        Some(last) => {
            t.push(text![
                "; signed tags stop at ",
                code(&last.name),
                " (",
                month(&last.date),
                ")"
            ]);
        }
        None if signed_total > 0 => {
            t.push(text![
                "; the signed tags are older than the ",
                count(n, "newest tag", "newest tags"),
                " read"
            ]);
        }
        None => {}
    }
    t.push(".");
    Some(t)
}

/// When the newest tag is unsigned though `signed_total` tags are: one sentence that gives
/// the count with the recent window, so the count does not read as the current practice.
/// "58 tags are signed, but not the 5 newest, up to `0.17.1` (2026-07); the signed tags
/// are older than the 5 newest tags read."
pub(super) fn signed_tags_with_window(tags: &[NewestTag], signed_total: u64) -> Option<Text> {
    let newest = tags.first().filter(|t| !t.signed && signed_total > 0)?;
    let run = tags.iter().take_while(|t| !t.signed).count() as u64;
    let mut t = text![
        num(signed_total),
        if signed_total == 1 {
            " tag is signed, but not "
        } else {
            " tags are signed, but not "
        }
    ];
    if run == 1 {
        t.push(text![
            "the newest, ",
            code(&newest.name),
            " (",
            month(&newest.date),
            ")"
        ]);
    } else {
        t.push(text![
            "the ",
            num(run),
            " newest, up to ",
            code(&newest.name),
            " (",
            month(&newest.date),
            ")"
        ]);
    }
    let tail = match tags.iter().find(|t| t.signed) {
        Some(last) => text![
            "; signed tags stop at ",
            code(&last.name),
            " (",
            month(&last.date),
            ")"
        ],
        None => text![
            "; the signed tags are older than the ",
            count(tags.len() as u64, "newest tag", "newest tags"),
            " read"
        ],
    };
    t.push(tail);
    t.push(".");
    Some(t)
}

/// "`v2.20.0` (2026-07)".
fn tag_at(t: &NewestTag) -> Text {
    text![code(&t.name), " (", month(&t.date), ")"]
}

/// The signed tags with the run of newest tags that share the newest tag's state, counted
/// over every tag: "16 of 126 tags are signed; none since `v2.14.1` (2026-01): the 7
/// newest tags, `v2.15.0` (2026-02) to `v2.20.0` (2026-07), are lightweight (unsigned)."
/// `None` when no tag is signed (the caller says so) or the run was not read.
pub(super) fn signed_tags_run_sentence(
    signed: u64,
    total: Option<u64>,
    newest: &NewestTag,
    run: &NewestTagRun,
) -> Option<Text> {
    if signed == 0 {
        return None;
    }
    let mut t = match total.filter(|m| *m >= signed) {
        Some(m) if m == signed && run.signed && run.next.is_none() => {
            return Some(if m == 1 {
                text!["The only tag, ", tag_at(newest), ", is signed."]
            } else {
                text!["All ", num(m), " tags are signed."]
            });
        }
        Some(m) => text![
            num(signed),
            " of ",
            num(m),
            if signed == 1 { " tags is" } else { " tags are" },
            " signed"
        ],
        None => text![
            num(signed),
            if signed == 1 { " tag is" } else { " tags are" },
            " signed"
        ],
    };
    let span = if run.count == 1 {
        tag_at(newest)
    } else {
        text![tag_at(&run.oldest), " to ", tag_at(newest)]
    };
    if run.signed {
        if run.count == 1 {
            t.push(text![", among them the newest, ", span]);
        } else {
            t.push(text![
                ", among them the ",
                num(run.count),
                " newest, ",
                span
            ]);
        }
        if let Some(n) = &run.next {
            t.push(text!["; the newest unsigned tag is ", tag_at(n)]);
        }
    } else {
        let state = if run.lightweight == run.count {
            "lightweight (unsigned)"
        } else {
            "unsigned"
        };
        match &run.next {
            Some(n) => t.push(text!["; none since ", tag_at(n), ": "]),
            None => t.push("; "),
        };
        if run.count == 1 {
            t.push(text!["the newest tag, ", span, ", is ", state]);
        } else {
            t.push(text![
                "the ",
                num(run.count),
                " newest tags, ",
                span,
                ", are ",
                state
            ]);
        }
    }
    t.push(".");
    Some(t)
}

/// "`.goreleaser.yml` configures GoReleaser, but no CI workflow runs it: it is not run."
pub(super) fn goreleaser_unused_sentence(configs: &[String]) -> Text {
    text![
        names(configs, code),
        if configs.len() == 1 {
            " configures GoReleaser, but no CI configuration this scan read runs GoReleaser, so it is not part of the automated release."
        } else {
            " configure GoReleaser, but no CI configuration this scan read runs GoReleaser, so they are not part of the automated release."
        }
    ]
}

/// "Changes are recorded in …": with each change log's last change (and the newest tags
/// that came after it) when the history showed it, else the names alone.
pub(super) fn changelog_sentences(
    it: &mut Item,
    r: &ProbeResult,
    changelogs: &[String],
    f: Option<&ReleaseIntegrityFacts>,
) {
    let tags = f.and_then(|f| f.newest_tags.as_deref()).unwrap_or_default();
    let changes = f
        .and_then(|f| f.changelog_last_changes.as_deref())
        .unwrap_or_default();
    // A change log that says it moved, or whose newest entry can be set against the
    // newest tags, is judged by its own text, not by when it last changed.
    let heads = f
        .and_then(|f| f.changelog_heads.as_deref())
        .unwrap_or_default();
    let mut judged: Vec<&String> = Vec::new();
    for h in heads.iter().filter(|h| changelogs.contains(&h.path)) {
        if let Some(t) = changelog_head_sentence(h, tags) {
            let c: Vec<&Citation> = cites(r, &["changelog_heads"])
                .into_iter()
                .filter(|x| x.path.as_deref() == Some(h.path.as_str()))
                .chain(
                    cites(r, &["newest_tags"])
                        .into_iter()
                        .filter(|x| {
                            x.excerpt.as_deref().is_some_and(|e| {
                                newest_versioned(tags)
                                    .is_some_and(|t| e.starts_with(&format!("tag {} (", t.name)))
                            })
                        })
                        .take(1),
                )
                .collect();
            it.say(t, c);
            judged.push(&h.path);
        }
    }
    let changelogs: Vec<String> = changelogs
        .iter()
        .filter(|p| !judged.contains(p))
        .cloned()
        .collect();
    let changelogs = changelogs.as_slice();
    let dated: Vec<&crate::model::FileChange> = changes
        .iter()
        .filter(|c| changelogs.contains(&c.path))
        .collect();
    let rest: Vec<&String> = changelogs
        .iter()
        .filter(|p| !dated.iter().any(|c| &c.path == *p))
        .collect();
    if !rest.is_empty() {
        let c: Vec<&Citation> = cites(r, &["changelogs"])
            .into_iter()
            .filter(|x| x.path.as_ref().is_none_or(|p| rest.contains(&p)))
            .collect();
        it.say(
            text!["Changes are recorded in ", names(&rest, code), "."],
            c,
        );
    }
    for ch in dated {
        let mut c: Vec<&Citation> = cites(r, &["changelogs"])
            .into_iter()
            .filter(|x| x.path.as_deref() == Some(ch.path.as_str()))
            .collect();
        c.extend(
            cites(r, &["changelog_last_changes"])
                .into_iter()
                .filter(|x| {
                    x.excerpt
                        .as_deref()
                        .is_some_and(|e| e.contains(ch.path.as_str()))
                }),
        );
        if !tags_after(ch, tags).is_empty() {
            c.extend(cites(r, &["newest_tags"]).into_iter().take(1));
        }
        it.say(changelog_freshness(ch, tags), c);
    }
}

/// The newest tag with the highest version among `tags` (read newest first).
fn newest_versioned(tags: &[NewestTag]) -> Option<&NewestTag> {
    use crate::evidence::changelog::version_numbers;
    tags.iter()
        .filter_map(|t| version_numbers(&t.name).map(|v| (v, t)))
        .fold(
            None,
            |best: Option<([u64; 3], &NewestTag)>, (v, t)| match best {
                Some((b, _)) if b >= v => best,
                _ => Some((v, t)),
            },
        )
        .map(|(_, t)| t)
}

/// A change log judged by its own text: "`CHANGELOG.md` says: “Changelogs have moved to
/// the CHANGELOG directory”."; "The newest entry of `CHANGELOG.md` is `v1.8.0`
/// (2019-05-21), older than the newest tag, `v2.14.0` (2026-08): it does not record the
/// releases since."; "Changes are recorded in `CHANGELOG.md` (newest entry `v2.5.1`).".
/// `None` when its text does not settle it (no note, no versioned entry, or no tag with a
/// version to set it against).
pub(super) fn changelog_head_sentence(
    h: &crate::model::ChangelogHead,
    tags: &[NewestTag],
) -> Option<Text> {
    use crate::evidence::changelog::version_numbers;
    if let Some(note) = &h.moved_note {
        let note = note.trim_end_matches(['.', ' ']);
        return Some(text![
            code(&h.path),
            " says: \u{201c}",
            quote(note),
            "\u{201d}."
        ]);
    }
    let version = h.newest_version.as_deref()?;
    let entry = version_numbers(version)?;
    let newest = newest_versioned(tags)?;
    let tag = version_numbers(&newest.name)?;
    let date = match &h.newest_date {
        Some(d) => text![" (", d.as_str(), ")"],
        None => Text::new(),
    };
    if entry >= tag {
        return Some(text![
            "Changes are recorded in ",
            code(&h.path),
            " (newest entry ",
            code(version),
            date,
            ")."
        ]);
    }
    Some(text![
        "The newest entry of ",
        code(&h.path),
        " is ",
        code(version),
        date,
        ", older than the newest tag, ",
        tag_at(newest),
        ": it does not record the releases since."
    ])
}

/// What the dependency bots update, when Dependabot's configuration says: " for `gomod`
/// and `github-actions`" (the ecosystems with version updates on, in file order);
/// nothing for Renovate, which updates every manager it detects.
pub(super) fn update_scope(scopes: Option<&[crate::model::DependencyUpdateScope]>) -> Text {
    let mut ecos: Vec<&str> = Vec::new();
    for e in scopes
        .unwrap_or_default()
        .iter()
        .filter(|s| !s.disabled)
        .filter_map(|s| s.ecosystem.as_deref())
    {
        if !ecos.contains(&e) {
            ecos.push(e);
        }
    }
    if ecos.is_empty() {
        return Text::new();
    }
    text![" (", names(&ecos, code), ")"]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, date: &str, signed: bool, annotated: bool) -> NewestTag {
        NewestTag {
            name: name.into(),
            date: date.into(),
            annotated,
            signed,
        }
    }

    fn say(signed: u64, total: Option<u64>, newest: &NewestTag, run: &NewestTagRun) -> String {
        signed_tags_run_sentence(signed, total, newest, run)
            .map(|t| t.plain())
            .unwrap_or_default()
    }

    /// The unsigned run is counted over every tag, not capped at the newest tags read, and
    /// names the last signed tag.
    #[test]
    fn unsigned_run_is_counted_and_names_the_last_signed_tag() {
        let newest = tag("v2.20.0", "2026-07-01T00:00:00Z", false, false);
        let run = NewestTagRun {
            signed: false,
            count: 7,
            lightweight: 7,
            oldest: tag("v2.15.0", "2026-02-01T00:00:00Z", false, false),
            next: Some(tag("v2.14.1", "2026-01-05T00:00:00Z", true, true)),
        };
        assert_eq!(
            say(16, Some(126), &newest, &run),
            "16 of 126 tags are signed; none since v2.14.1 (2026-01): the 7 newest tags, v2.15.0 (2026-02) to v2.20.0 (2026-07), are lightweight (unsigned)."
        );
        // Annotated but unsigned tags are not called lightweight; one signed tag is "is".
        let mut one = run.clone();
        one.count = 1;
        one.lightweight = 0;
        assert_eq!(
            say(1, Some(85), &newest, &one),
            "1 of 85 tags is signed; none since v2.14.1 (2026-01): the newest tag, v2.20.0 (2026-07), is unsigned."
        );
    }

    /// A signed run says how far it goes and where the newest unsigned tag is; every tag
    /// signed is said once; no signed tag leaves the sentence to the caller.
    #[test]
    fn signed_run_and_all_signed() {
        let newest = tag("v1.16.0", "2026-07-01T00:00:00Z", true, true);
        let run = NewestTagRun {
            signed: true,
            count: 10,
            lightweight: 0,
            oldest: tag("v1.15.0", "2026-05-08T00:00:00Z", true, true),
            next: Some(tag("v1.13.2", "2026-03-30T00:00:00Z", false, false)),
        };
        assert_eq!(
            say(11, Some(71), &newest, &run),
            "11 of 71 tags are signed, among them the 10 newest, v1.15.0 (2026-05) to v1.16.0 (2026-07); the newest unsigned tag is v1.13.2 (2026-03)."
        );
        let all = NewestTagRun {
            next: None,
            ..run.clone()
        };
        assert_eq!(say(10, Some(10), &newest, &all), "All 10 tags are signed.");
        assert_eq!(say(0, Some(10), &newest, &run), "");
    }

    fn head(version: Option<&str>, note: Option<&str>) -> crate::model::ChangelogHead {
        crate::model::ChangelogHead {
            path: "CHANGELOG.md".into(),
            newest_version: version.map(str::to_string),
            newest_date: Some("2019-05-21".into()),
            newest_line: Some(3),
            moved_note: note.map(str::to_string),
            moved_line: note.map(|_| 1),
        }
    }

    /// A change log is judged by its newest entry against the highest version among the
    /// newest tags, and one that says it moved is quoted, not called the record.
    #[test]
    fn changelog_by_its_newest_entry_and_its_note() {
        let tags = [
            tag("v2.14.1", "2026-08-01T00:00:00Z", false, false),
            tag("v2.15.0", "2026-07-01T00:00:00Z", false, false),
            tag("nightly", "2026-08-02T00:00:00Z", false, false),
        ];
        let say = |h| changelog_head_sentence(&h, &tags).map(|t| t.plain());
        assert_eq!(
            say(head(Some("v1.8.0"), None)).as_deref(),
            Some(
                "The newest entry of CHANGELOG.md is v1.8.0 (2019-05-21), older than the newest tag, v2.15.0 (2026-07): it does not record the releases since."
            )
        );
        assert_eq!(
            say(head(Some("2.15.0"), None)).as_deref(),
            Some("Changes are recorded in CHANGELOG.md (newest entry 2.15.0 (2019-05-21)).")
        );
        assert_eq!(
            say(head(
                None,
                Some("Changelogs have moved to the CHANGELOG directory.")
            ))
            .as_deref(),
            Some(
                "CHANGELOG.md says: \u{201c}Changelogs have moved to the CHANGELOG directory\u{201d}."
            )
        );
        // No versioned entry, or no tag with a version: left to the last-change sentence.
        assert_eq!(say(head(None, None)), None);
        assert_eq!(
            changelog_head_sentence(&head(Some("v1.0.0"), None), &tags[2..]),
            None
        );
    }
}
