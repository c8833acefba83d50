//! Other CI systems' files, read line by line, and GoReleaser configurations.

use std::collections::BTreeMap;

use super::walk::Builder;
use super::{Goreleaser, Loc, OtherCi, OtherTrigger, Root, shell};

impl Builder<'_> {
    pub(super) fn other(&mut self, system: &'static str, path: &str) {
        let idx = self.m.others.len();
        let text = self.text(path);
        // A file that runs only for tags, or one kept for releasing (`release/cloudbuild.yaml`).
        let tag_context = text.and_then(|t| {
            t.lines()
                .position(|l| TAG_CONTEXT.iter().any(|m| l.contains(m)))
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
        });
        let release_named = path.to_ascii_lowercase().contains("release");
        let comment = text.and_then(trigger_comment);
        let mut trigger = match system {
            "google_cloud_build" => Some(cloud_build_trigger(text, tag_context)),
            "circleci" => text.and_then(super::triggers::circleci),
            _ => None,
        };
        // Only a comment says when it runs: said as the comment says it.
        if let Some((_, line)) = &comment {
            if matches!(trigger, None | Some((OtherTrigger::Unknown, _))) {
                trigger = Some((OtherTrigger::Comment, Some(*line)));
            }
        }
        let trigger_comment = match trigger {
            Some((OtherTrigger::Comment, _)) => comment.map(|(c, _)| c),
            _ => None,
        };
        self.m.others.push(OtherCi {
            system,
            path: path.to_string(),
            tag_context,
            release_named,
            trigger,
            trigger_comment,
        });
        let Some(text) = text else { return };
        for (i, raw) in text.lines().enumerate() {
            let t = raw.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
                continue;
            }
            let cmd = strip_yaml_decoration(t);
            if !self.read_lines(1) {
                return;
            }
            if cmd.is_empty() || shell::is_print(cmd) {
                continue;
            }
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            self.command(
                cmd.to_string(),
                Loc::new(path, line),
                Root::Other(idx),
                &[],
                0,
                None,
            );
            if self.full() {
                self.budget_hit = true;
                return;
            }
        }
    }

    pub(super) fn goreleaser(&mut self, path: &str) {
        let mut g = Goreleaser {
            path: path.to_string(),
            keys: BTreeMap::new(),
            checksum_disabled: false,
            first_line: 1,
            error: None,
        };
        match self.doc(path) {
            Err(e) => {
                self.m.notes.push(format!(
                    "{path} was not parsed, so nothing in it counts: {e}"
                ));
                g.error = Some(e)
            }
            Ok(doc) => {
                for (k, key, _) in doc.entries() {
                    g.keys.entry(k.to_string()).or_insert(key.line);
                }
                g.first_line = doc.line;
                g.checksum_disabled = doc
                    .get("checksum")
                    .and_then(|c| c.get("disable"))
                    .is_some_and(|d| d.as_bool() == Some(true) || d.as_str() == Some("true"));
            }
        }
        self.m.goreleaser.push(g);
    }
}

/// Markers of a CI file section that runs only for tags.
const TAG_CONTEXT: &[&str] = &[
    "$CI_COMMIT_TAG",
    "CI_COMMIT_TAG",
    "$CIRRUS_TAG",
    "CIRRUS_TAG",
    "TRAVIS_TAG",
    "refs/tags/",
    "- tags",
    "only: tags",
    "tags: true",
    "DRONE_TAG",
    "event: tag",
    "$TAG_NAME",
    "${TAG_NAME}",
    "_GIT_TAG",
];

/// `- run: make test` → `make test`; `script: pytest` → `pytest`.
fn strip_yaml_decoration(t: &str) -> &str {
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    if let Some((k, v)) = t.split_once(": ") {
        if !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return v
                .trim()
                .trim_start_matches("- ")
                .trim_matches(|c| c == '"' || c == '\'');
        }
    }
    t.trim_matches(|c| c == '"' || c == '\'')
}

/// Variables a Cloud Build file reads that show what starts it: a tag, the merged branch,
/// a pull request. Cloud Build triggers themselves live outside the repository.
fn cloud_build_trigger(text: Option<&str>, tag_line: Option<u32>) -> (OtherTrigger, Option<u32>) {
    if let Some(l) = tag_line {
        return (OtherTrigger::Tags, Some(l));
    }
    let Some(text) = text else {
        return (OtherTrigger::Unknown, None);
    };
    let find = |markers: &[&str]| {
        text.lines()
            .position(|l| !l.trim_start().starts_with('#') && markers.iter().any(|m| l.contains(m)))
            .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
    };
    if let Some(l) = find(&["_PR_NUMBER", "_HEAD_BRANCH", "_BASE_BRANCH", "_PULL_NUMBER"]) {
        return (OtherTrigger::PullRequests, Some(l));
    }
    if let Some(l) = find(&[
        "_PULL_BASE_REF",
        "$BRANCH_NAME",
        "${BRANCH_NAME}",
        "_PULL_BASE_SHA",
    ]) {
        return (OtherTrigger::AfterMerge, Some(l));
    }
    (OtherTrigger::Unknown, None)
}

/// Lines of a file's head searched for a comment that says when it runs.
const COMMENT_HEAD: usize = 40;

/// A comment near the top of a CI file that states when it runs ("This is triggered on
/// tags", "run by a post-submit job", "nightly"), with its line; never one that speaks of
/// pull requests or presubmits (those are said by what the file reads, or not at all).
pub(super) fn trigger_comment(text: &str) -> Option<(String, u32)> {
    for (i, raw) in text.lines().take(COMMENT_HEAD).enumerate() {
        let t = raw.trim_start();
        let Some(c) = t.strip_prefix('#').or_else(|| t.strip_prefix("//")) else {
            continue;
        };
        let c = c.trim_start_matches(['#', '/', ' ', '\t']).trim_end();
        let lower = c.to_ascii_lowercase();
        if lower.contains("pull request")
            || lower.contains("pull_request")
            || lower.contains("presubmit")
            || lower.contains("pre-submit")
        {
            continue;
        }
        let says = [
            "triggered",
            "trigger ",
            "run by ",
            "postsubmit",
            "post-submit",
            "periodic",
            "nightly",
            "on every push",
            "on each push",
            "when a tag",
            "on tag",
            "on release",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if says && c.len() >= 12 {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            return Some((c.chars().take(240).collect(), line));
        }
    }
    None
}
