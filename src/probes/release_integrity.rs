//! `release-integrity`: can users verify what they download? Checksums, signatures and
//! provenance attached to releases, the pipeline steps that make them (cited to the line),
//! and signed tags.

use crate::evidence::Evidence;
use crate::evidence::github::{ReleaseInfo, Releases};
use crate::evidence::tools::How;
use crate::evidence::{Need, Needs};
use crate::model::{
    Citation, CitationKind, ManualStep, NewestTag, Outcome, ProbeFacts, ProbeId,
    PublishDestination, ReleaseFacts, ReleaseIntegrityFacts, ReleasePipelineFacts,
    ReleaseStepFacts, ReleaseWorkflowFacts,
};

use super::pipeline::{Artifact, classify_asset, manual_step_tool, release_pipeline};
use super::util::{
    LineIndex, cite_tree, cite_whole_file, files, plural, tag_facts, tags_note, why,
};
use super::{Judgement, Probe};

pub struct ReleaseIntegrity;

/// Most release steps listed in the facts (`steps_total` counts them all).
const MAX_STEPS: usize = 200;
/// Most steps cited per kind, tool and file.
const GROUP_CITES: usize = 3;

/// Most asset citations per kind and release.
const ASSET_CITES: usize = 3;

const RELEASE_FACTS: &[&str] = &[
    "releases_examined",
    "with_checksums",
    "with_signatures",
    "with_provenance",
    "with_sbom",
    "releases",
];

fn release_facts(r: &ReleaseInfo) -> ReleaseFacts {
    let mut f = ReleaseFacts {
        tag: r.tag.clone(),
        url: r.html_url.clone(),
        assets: r.assets.len() as u64,
        ..Default::default()
    };
    for a in &r.assets {
        let list = match classify_asset(&a.name) {
            Some(Artifact::Checksums) => &mut f.checksums,
            Some(Artifact::Signatures) => &mut f.signatures,
            Some(Artifact::Provenance) => &mut f.provenance,
            Some(Artifact::Sbom) => &mut f.sboms,
            None => continue,
        };
        list.push(a.name.clone());
    }
    f
}

fn kind_name(kind: Artifact) -> &'static str {
    match kind {
        Artifact::Checksums => "checksums",
        Artifact::Signatures => "signatures",
        Artifact::Provenance => "provenance",
        Artifact::Sbom => "sbom",
    }
}

fn fact_of(kind: Artifact) -> &'static str {
    match kind {
        Artifact::Checksums => "with_checksums",
        Artifact::Signatures => "with_signatures",
        Artifact::Provenance => "with_provenance",
        Artifact::Sbom => "with_sbom",
    }
}

/// Facts and citations from the releases read through the API.
fn from_releases(
    ev: &Evidence,
    rel: &Releases,
    f: &mut ReleaseIntegrityFacts,
    cites: &mut Vec<Citation>,
) {
    let per: Vec<ReleaseFacts> = rel.releases.iter().map(release_facts).collect();
    let count = |p: fn(&ReleaseFacts) -> bool| per.iter().filter(|r| p(r)).count() as u64;
    f.releases_examined = Some(per.len() as u64);
    f.with_checksums = Some(count(|r| !r.checksums.is_empty()));
    f.with_signatures = Some(count(|r| !r.signatures.is_empty()));
    f.with_provenance = Some(count(|r| !r.provenance.is_empty()));
    f.with_sbom = Some(count(|r| !r.sboms.is_empty()));
    cites.push(
        ev.cite_api(&rel.api_url)
            .excerpt(&format!(
                "{} read with their assets",
                plural(per.len() as u64, "release", "releases")
            ))
            .supports(RELEASE_FACTS),
    );
    for r in &rel.releases {
        cites.push(
            ev.cite_url(&r.html_url)
                .excerpt(&format!("release {}", r.tag))
                .supports(&["releases"]),
        );
        let mut shown = [0usize; 4];
        for a in &r.assets {
            let Some(kind) = classify_asset(&a.name) else {
                continue;
            };
            let slot = kind as usize;
            if shown[slot] < ASSET_CITES {
                shown[slot] += 1;
                cites.push(
                    Citation::new(CitationKind::ReleaseAsset, &ev.retrieved_at)
                        .url(a.url.clone())
                        .excerpt(&a.name)
                        .supports(&[fact_of(kind), "releases"]),
                );
            }
        }
    }
    f.releases = Some(per);
}

impl Probe for ReleaseIntegrity {
    fn id(&self) -> ProbeId {
        ProbeId::ReleaseIntegrity
    }

    fn definition_yaml(&self) -> &'static str {
        include_str!("../../probes/release-integrity.yml")
    }

    fn needs(&self) -> Needs {
        Needs::of(&[
            Need::CiConfig,
            Need::ReleaseDocs,
            Need::Tags,
            Need::Releases,
        ])
    }

    fn judge(&self, ev: &Evidence) -> Judgement {
        let mut f = ReleaseIntegrityFacts::default();
        let mut cites: Vec<Citation> = Vec::new();

        // The pipeline.
        if let (Ok(snap), Some(model)) = (files(ev), ev.ci()) {
            let mut rp = release_pipeline(model);
            if let Some(rec) = ev.tools() {
                super::pipeline::add_config_steps(&mut rp, rec);
            }
            let mut lines = LineIndex::new(snap);
            let mut p = ReleasePipelineFacts {
                checksums: rp.has(Artifact::Checksums),
                signatures: rp.has(Artifact::Signatures),
                provenance: rp.has(Artifact::Provenance),
                sbom: rp.has(Artifact::Sbom),
                tools: rp.tools(),
                signed: rp.covered(Artifact::Signatures),
                ..Default::default()
            };
            for d in &rp.published {
                let label = format!("pipeline.destinations[{}]", d.destination);
                cites.push(lines.cite(ev, &d.at, &["pipeline.destinations", &label]));
                p.destinations.push(PublishDestination {
                    tool: d.tool.clone(),
                    destination: d.destination.clone(),
                    covers: d.covers.map(|c| c.as_str().to_string()),
                    path: d.at.path.clone(),
                    line: d.at.line,
                    workflow: d.root.clone(),
                });
            }
            for r in &rp.roots {
                let sup = ["pipeline.workflows"];
                // A file kept for releases is shown by its path, not by a line.
                if r.trigger_kind == "release configuration" {
                    cites.push(cite_whole_file(ev, &r.path, &sup));
                } else {
                    cites.push(lines.cite(ev, &r.trigger, &sup));
                }
                cites.push(lines.cite(ev, &r.publish, &sup));
                p.workflows.push(ReleaseWorkflowFacts {
                    path: r.path.clone(),
                    trigger: r.trigger_kind.to_string(),
                    trigger_line: r.trigger.line,
                    publishes_with: r.publish_tool.to_string(),
                    publish_path: r.publish.path.clone(),
                    publish_line: r.publish.line,
                    also_publishes_with: r.also.iter().map(|(_, t)| t.clone()).collect(),
                    draft: r.draft,
                });
                for (at, _) in &r.also {
                    cites.push(lines.cite(ev, at, &sup));
                }
            }
            if let Some((at, _, _)) = &rp.goreleaser_run {
                cites.push(lines.cite(ev, at, &["pipeline.tools", "pipeline.tools[goreleaser]"]));
            }
            // Each step is listed (up to MAX_STEPS) and the first lines of each tool in each
            // file are cited: a file of thousands of identical lines stays small.
            let mut per_group: std::collections::HashMap<(Artifact, &str, &str), usize> =
                std::collections::HashMap::new();
            p.steps_total = rp.findings.len() as u64;
            for x in &rp.findings {
                let n = per_group
                    .entry((x.artifact, x.tool.as_str(), x.at.path.as_str()))
                    .or_default();
                *n += 1;
                if *n <= GROUP_CITES {
                    let tool = format!("pipeline.tools[{}]", x.tool);
                    let sup = [x.artifact.label(), "pipeline.tools", tool.as_str()];
                    let mut c = lines.cite_with_caller(ev, &x.at, &x.via, &sup);
                    if x.artifact == Artifact::Signatures && x.covers.is_some() {
                        c.iter_mut()
                            .for_each(|c| c.supports.push("pipeline.signed".into()));
                    }
                    cites.extend(c);
                }
                if p.steps.len() >= MAX_STEPS {
                    continue;
                }
                p.steps.push(ReleaseStepFacts {
                    kind: kind_name(x.artifact).into(),
                    tool: x.tool.clone(),
                    path: x.at.path.clone(),
                    line: x.at.line,
                    via: x.via_strings(),
                    workflow: x.root.clone(),
                    by_default: x.by_default,
                    covers: x.covers.map(|c| c.as_str().to_string()),
                });
            }
            if rp.findings.is_empty() || rp.roots.is_empty() {
                cites.push(cite_tree(ev, &["pipeline"]));
            }
            f.pipeline = Some(p);
        }
        // Signing and checksums by hand: Makefile targets and release scripts that no
        // release pipeline runs, and a KEYS file of signing keys.
        if let Ok(snap) = files(ev) {
            let steps = manual_steps(snap, ev.ci(), f.pipeline.as_ref());
            for (m, text) in &steps {
                let tool = format!("manual_steps[{}]", m.tool);
                let kind = format!("manual_steps.{}", m.kind);
                cites.push(
                    ev.cite_file(&m.path, Some((m.line, m.line)))
                        .excerpt(text)
                        .supports(&["manual_steps", &kind, &tool]),
                );
            }
            if !steps.is_empty() {
                f.manual_steps = Some(steps.into_iter().map(|(m, _)| m).collect());
            }
            // An absence counts only where the listing is complete.
            let (docs, changelogs) = release_docs(snap);
            let complete = snap.listing_complete();
            for (paths, fact, slot) in [
                (docs, "release_docs", &mut f.release_docs),
                (changelogs, "changelogs", &mut f.changelogs),
            ] {
                if paths.is_empty() && !complete {
                    continue;
                }
                if paths.is_empty() {
                    cites.push(cite_tree(ev, &[fact]));
                }
                for p in &paths {
                    cites.push(cite_whole_file(ev, p, &[fact]));
                }
                *slot = Some(paths);
            }
            changelog_heads(ev, snap, &mut f, &mut cites);
            for k in ["KEYS", "KEYS.txt", "KEYS.asc"] {
                if snap.regular_file(k).is_some() {
                    cites.push(cite_whole_file(ev, k, &["keys_file"]));
                    f.keys_file = Some(k.to_string());
                    break;
                }
            }
        }
        freshness(ev, &mut f, &mut cites);
        // Signed tags.
        if let Ok(tags) = &ev.tags {
            let (counts, c) = tag_facts(ev, tags, &["signed_tags", "tags_total"]);
            f.signed_tags = Some(counts.signed);
            f.tags_total = Some(counts.total);
            cites.extend(c);
        }
        // Releases.
        if let Ok(rel) = &ev.github.releases {
            from_releases(ev, rel, &mut f, &mut cites);
        }

        let (outcome, summary) = decide(ev, &f);
        match outcome {
            Err(u) => {
                Judgement::unknown(ProbeFacts::ReleaseIntegrity(f), u, summary).cite_all(cites)
            }
            Ok(o) => Judgement::new(ProbeFacts::ReleaseIntegrity(f), o, summary).cite_all(cites),
        }
    }
}

/// Freshness: when the change logs last changed, whether the newest tags are signed, and
/// GoReleaser configurations that no CI runs.
fn freshness(ev: &Evidence, f: &mut ReleaseIntegrityFacts, cites: &mut Vec<Citation>) {
    if let Ok(fr) = &ev.freshness {
        let mut changes = Vec::new();
        for c in &fr.changes {
            let day = c.date.get(..10).unwrap_or(&c.date);
            cites.push(
                ev.cite_commit(&c.commit)
                    .excerpt(&format!("last change of {} on {day}", c.path))
                    .supports(&["changelog_last_changes"]),
            );
            changes.push(c.clone());
        }
        if !changes.is_empty() {
            f.changelog_last_changes = Some(changes);
        }
        let dated = |t: &crate::evidence::git::freshness::DatedTag| NewestTag {
            name: t.name.clone(),
            date: chrono::DateTime::from_timestamp(t.time, 0)
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            annotated: t.annotated,
            signed: t.signed,
        };
        let cite_tag = |t: &NewestTag, label: &str| {
            let c = match &ev.repo.github {
                Some(gh) => ev.cite_url(&format!(
                    "{}/releases/tag/{}",
                    gh.html_url(),
                    crate::evidence::encode_path(&t.name)
                )),
                None => Citation::new(CitationKind::Commit, &ev.retrieved_at)
                    .path(format!("refs/tags/{}", t.name)),
            };
            let state = if t.signed { "signed" } else { "not signed" };
            c.excerpt(&format!("tag {} ({state})", t.name))
                .supports(&[label])
        };
        let mut newest = Vec::new();
        for t in &fr.newest_tags {
            let t = dated(t);
            cites.push(cite_tag(&t, "newest_tags"));
            newest.push(t);
        }
        if let Some(run) = &fr.newest_run {
            let oldest = dated(&run.oldest);
            let next = run.next.as_ref().map(dated);
            cites.push(cite_tag(&oldest, "newest_tag_run"));
            if let Some(n) = &next {
                cites.push(cite_tag(n, "newest_tag_run"));
            }
            f.newest_tag_run = Some(crate::model::NewestTagRun {
                signed: run.signed,
                count: run.count,
                lightweight: run.lightweight,
                oldest,
                next,
            });
        }
        if !newest.is_empty() {
            f.newest_tags = Some(newest);
        }
    }
    let (Some(m), Some(tools)) = (ev.ci(), ev.tools()) else {
        return;
    };
    // The absence of a run rests on every CI file having been listed and read.
    let complete = files(ev).is_ok_and(|s| s.listing_complete() && s.unread.is_empty());
    if !complete {
        return;
    }
    let runs = tools
        .occurrences
        .iter()
        .any(|o| o.id() == "goreleaser" && matches!(o.how, How::Action | How::Program) && o.runs);
    let configs: Vec<String> = m.goreleaser.iter().map(|g| g.path.clone()).collect();
    if configs.is_empty() || runs {
        return;
    }
    for p in &configs {
        cites.push(cite_whole_file(ev, p, &["goreleaser_unused"]));
    }
    cites.push(cite_tree(ev, &["goreleaser_unused"]));
    f.goreleaser_unused = Some(configs);
}

/// What each change log says of itself: its newest entry and a note that it moved.
fn changelog_heads(
    ev: &Evidence,
    snap: &crate::evidence::FileSnapshot,
    f: &mut ReleaseIntegrityFacts,
    cites: &mut Vec<Citation>,
) {
    use crate::evidence::changelog::{moved_note, newest_entry};
    let mut heads = Vec::new();
    for path in f.changelogs.iter().flatten() {
        let Some((_, c)) = snap.text(path) else {
            continue;
        };
        let entry = newest_entry(&c.text);
        let note = moved_note(&c.text);
        if entry.is_none() && note.is_none() {
            continue;
        }
        for n in [
            entry.as_ref().map(|e| e.line),
            note.as_ref().map(|n| n.line),
        ]
        .into_iter()
        .flatten()
        {
            let text = super::util::line_text(&c.text, n);
            cites.push(super::util::cite_line(
                ev,
                path,
                super::util::Line { number: n, text },
                &["changelog_heads"],
            ));
        }
        heads.push(crate::model::ChangelogHead {
            path: path.clone(),
            newest_version: entry.as_ref().map(|e| e.version.clone()),
            newest_date: entry.as_ref().and_then(|e| e.date.clone()),
            newest_line: entry.as_ref().map(|e| e.line),
            moved_note: note.as_ref().map(|n| n.text.clone()),
            moved_line: note.as_ref().map(|n| n.line),
        });
    }
    if !heads.is_empty() {
        f.changelog_heads = Some(heads);
    }
}

/// Most release documents and change logs listed.
const MAX_DOCS: usize = 5;

/// Release process documentation (at most two folders down: `RELEASE.md`,
/// `docs/releasing.md`, a release folder's README) and change logs at the root.
fn release_docs(snap: &crate::evidence::FileSnapshot) -> (Vec<String>, Vec<String>) {
    let mut docs = Vec::new();
    let mut changelogs = Vec::new();
    for path in snap.entries.keys() {
        let depth = path.matches('/').count();
        if depth > 2 {
            continue;
        }
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        if !matches!(ext, "md" | "markdown" | "rst" | "adoc" | "txt" | "") {
            continue;
        }
        let notes = stem.contains("notes");
        // At the root, or in a documentation folder wherever it stands (`docs/`,
        // `website/docs/`), not a vendored project's.
        let in_docs = depth == 0
            || (lower
                .split('/')
                .rev()
                .skip(1)
                .any(|d| matches!(d, "docs" | "doc" | ".github" | "documentation"))
                && !crate::evidence::files::is_vendored(&lower));
        // `RELEASE.md`, `releasing.md`, `version-release.md`, `release-process.md`.
        let release_named = stem.starts_with("releas")
            || stem.ends_with("-release")
            || stem.ends_with("_release")
            || stem.contains("release-process")
            || stem.contains("release_process");
        // `release/README.md`, `docs/release/README.md`: a release folder's own page.
        let release_dir_page = stem == "readme"
            && lower
                .rsplit('/')
                .nth(1)
                .is_some_and(|d| matches!(d, "release" | "releasing" | "releases"))
            && !crate::evidence::files::is_vendored(&lower);
        if (in_docs && release_named && !notes) || release_dir_page {
            if docs.len() < MAX_DOCS {
                docs.push(path.clone());
            }
        } else if depth == 0
            && (notes
                || ["changelog", "changes", "history", "news"]
                    .iter()
                    .any(|c| stem.starts_with(c)))
            && changelogs.len() < MAX_DOCS
        {
            changelogs.push(path.clone());
        }
    }
    (docs, changelogs)
}

/// Most manual steps listed.
const MAX_MANUAL: usize = 10;

/// Signing and checksum commands that no release pipeline runs, with their line's text:
/// in the root Makefile's targets, and in release scripts (`*.sh` with `release` in their
/// path) that no CI file reaches.
fn manual_steps(
    snap: &crate::evidence::FileSnapshot,
    model: Option<&crate::evidence::ci::CiModel>,
    pipeline: Option<&ReleasePipelineFacts>,
) -> Vec<(ManualStep, String)> {
    let in_pipeline: std::collections::HashSet<(&str, u32)> = pipeline
        .iter()
        .flat_map(|p| p.steps.iter())
        .map(|s| (s.path.as_str(), s.line))
        .collect();
    let reached: std::collections::HashSet<&str> = model
        .iter()
        .flat_map(|m| m.commands.iter())
        .map(|c| c.at.path.as_str())
        .collect();
    let reached_lines: std::collections::HashSet<(&str, u32)> = model
        .iter()
        .flat_map(|m| m.commands.iter())
        .map(|c| (c.at.path.as_str(), c.at.line))
        .collect();
    let mut out: Vec<(ManualStep, String)> = Vec::new();
    let mut scan = |path: &str, text: &str, makefile: bool| {
        let mut target: Option<String> = None;
        for (i, raw) in text.lines().enumerate().take(20_000) {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if makefile && !raw.starts_with(['\t', ' ', '#']) {
                target = raw
                    .split_once(':')
                    .filter(|(t, rest)| !t.is_empty() && !rest.starts_with('=') && !t.contains('='))
                    .map(|(t, _)| t.trim().to_string());
                continue;
            }
            // Only targets named for releasing: `cross` builds, `sign` and `release` sign.
            let release_target = target.as_deref().is_some_and(|t| {
                let t = t.to_ascii_lowercase();
                ["sign", "release", "dist", "checksum", "publish", "sha"]
                    .iter()
                    .any(|k| t.contains(k))
            });
            if makefile && !release_target {
                continue;
            }
            let cmd = raw.trim().trim_start_matches(['@', '-']);
            if cmd.starts_with('#') {
                continue;
            }
            let Some((artifact, tool)) = manual_step_tool(cmd) else {
                continue;
            };
            if in_pipeline.contains(&(path, line))
                || reached_lines.contains(&(path, line))
                || out.len() >= MAX_MANUAL
            {
                continue;
            }
            out.push((
                ManualStep {
                    kind: artifact.label().trim_start_matches("pipeline.").to_string(),
                    path: path.to_string(),
                    line,
                    target: target.clone(),
                    tool: tool.to_string(),
                },
                cmd.chars().take(200).collect(),
            ));
        }
    };
    for mf in ["Makefile", "GNUmakefile", "makefile"] {
        if let Some((path, content)) = snap.text(mf) {
            scan(path, &content.text, true);
        }
    }
    for path in snap.entries.keys() {
        let lower = path.to_ascii_lowercase();
        let script = lower.ends_with(".sh") || lower.ends_with(".bash");
        if !script
            || !lower.contains("release")
            || crate::evidence::files::is_vendored(&lower)
            || reached.contains(path.as_str())
        {
            continue;
        }
        if let Some((p, content)) = snap.text(path) {
            scan(p, &content.text, false);
        }
    }
    out
}

/// The outcome (or why it is unknown) and the summary.
fn decide<'a>(
    ev: &'a Evidence,
    f: &ReleaseIntegrityFacts,
) -> (Result<Outcome, &'a crate::evidence::Unavailable>, String) {
    let p = f.pipeline.clone().unwrap_or_default();
    let pipeline_any = p.checksums || p.signatures || p.provenance;
    let mut pipe_parts: Vec<&str> = Vec::new();
    for (on, what) in [
        (p.checksums, "checksums"),
        (p.signatures, "signatures"),
        (p.provenance, "provenance"),
        (p.sbom, "SBOMs"),
    ] {
        if on {
            pipe_parts.push(what);
        }
    }
    let pipe_note = match (&f.pipeline, pipe_parts.is_empty()) {
        (None, _) => String::new(),
        (Some(_), true) => "; no signing or checksum step found in the pipeline".into(),
        (Some(_), false) => format!(
            "; the pipeline makes {} ({})",
            pipe_parts.join(", "),
            p.tools.join(", ")
        ),
    };
    let tags = ev.tags.as_ref().ok();
    let signed_tags = f.signed_tags.unwrap_or(0);
    let tag_note = tags.map(tags_note).unwrap_or_default();
    let notes = format!("{pipe_note}{tag_note}");

    let releases: &[ReleaseFacts] = match &ev.github.releases {
        Err(u) => {
            let lead = format!("Releases not examined: {}", why("they", u));
            if pipeline_any || signed_tags > 0 {
                return (Ok(Outcome::PartiallyMet), format!("{lead}{notes}."));
            }
            return (Err(u), format!("{lead}{notes}."));
        }
        Ok(_) => f.releases.as_deref().unwrap_or(&[]),
    };

    let with_assets: Vec<&ReleaseFacts> = releases.iter().filter(|r| r.assets > 0).collect();
    if let Some(latest) = with_assets.first() {
        let verifiable = !latest.checksums.is_empty()
            && (!latest.signatures.is_empty() || !latest.provenance.is_empty());
        let any_release = with_assets.iter().any(|r| {
            !r.checksums.is_empty() || !r.signatures.is_empty() || !r.provenance.is_empty()
        });
        let summary = format!(
            "Of {} with assets: {} with checksums, {} with signatures, {} with provenance; the latest ({}) {}{notes}.",
            plural(with_assets.len() as u64, "release", "releases"),
            with_assets
                .iter()
                .filter(|r| !r.checksums.is_empty())
                .count(),
            with_assets
                .iter()
                .filter(|r| !r.signatures.is_empty())
                .count(),
            with_assets
                .iter()
                .filter(|r| !r.provenance.is_empty())
                .count(),
            latest.tag,
            if verifiable {
                "has checksums and a signature or provenance"
            } else {
                "cannot be fully verified"
            },
        );
        let outcome = if verifiable {
            Outcome::Met
        } else if any_release || pipeline_any || signed_tags > 0 {
            Outcome::PartiallyMet
        } else {
            Outcome::NotMet
        };
        return (Ok(outcome), summary);
    }
    // No release carries assets: source-only releases, or none at all; tags speak.
    let lead = if releases.is_empty() {
        "No GitHub releases".to_string()
    } else {
        format!(
            "{} without assets (source only)",
            plural(releases.len() as u64, "GitHub release", "GitHub releases")
        )
    };
    match tags {
        Some(t) if t.total == 0 && releases.is_empty() => (
            Ok(Outcome::NotApplicable),
            format!("{lead} and no tags: nothing released yet{pipe_note}."),
        ),
        Some(t) if t.signed == t.total && t.total > 0 => (
            Ok(Outcome::Met),
            format!("{lead}; every tag is signed{notes}."),
        ),
        Some(_) if signed_tags > 0 || pipeline_any => {
            (Ok(Outcome::PartiallyMet), format!("{lead}{notes}."))
        }
        Some(_) => (
            Ok(Outcome::NotMet),
            format!("{lead}; nothing signed{notes}."),
        ),
        None if pipeline_any => (Ok(Outcome::PartiallyMet), format!("{lead}{notes}.")),
        None => match ev.tags.as_ref().err() {
            Some(u) => (Err(u), format!("{lead}; {}{notes}.", why("the tags", u))),
            None => (Ok(Outcome::NotMet), format!("{lead}{notes}.")),
        },
    }
}

#[cfg(test)]
#[path = "release_integrity_tests.rs"]
mod tests;
