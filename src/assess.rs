//! Builds the `self_assessment` object from the probes' results: one item per question of
//! the TAG-Security self-assessment ("Secure development practices" and the rows the
//! probes can prefill elsewhere), each an answer and sentences that state what was
//! observed, with numbers, every sentence backed by the citations of the facts it uses.
//!
//! Honesty: an answer is `no` only when observed facts show absence (a probe's `not_met`,
//! or counts that were read and are zero); what could not be observed makes the answer
//! `unknown`, and its text starts "Not determined (reason); please complete.".
//! Text taken from the repository is escaped for Markdown here, once.

use crate::evidence::Evidence;
use crate::model::workflow_label;
use crate::model::{
    Answer, BadgeLevel, BestPracticesBadgeFacts, BranchProtectionFacts, CiChecksFacts, Citation,
    CodeReviewFacts, ContactOrigin, Outcome, PolicyContact, PolicyReference, PolicySource,
    ProbeFacts, ProbeId, ProbeResult, ProtectionSource, Reason, ReleaseIntegrityFacts,
    ReleasePipelineFacts, RemoteWorkflow, ReviewMechanism, SbomFacts, SecurityPolicyFacts,
    SelfAssessment, SelfAssessmentItem, Sentence, SignedCommitsFacts, WorkflowFacts,
};
use crate::render::markdown::{MAX_INLINE, autolink, code, escape, num, short_sha};

/// Most citations behind one sentence.
const MAX_CITES: usize = 6;
/// Most names (workflows, files, contacts) listed in one sentence.
const MAX_NAMES: usize = 5;

/// The self-assessment items for generators (and the Markdown renderer).
pub fn build(results: &[ProbeResult], ev: &Evidence) -> SelfAssessment {
    let cx = Ctx { results, ev };
    let signed_commits_required = cx.signed_commits_required();
    let reviewers_before_merge = cx.reviewers_before_merge();
    let automated_vulnerability_checks = cx.automated_vulnerability_checks();
    let pushes_to_default_branch_forbidden = cx.pushes_to_default_branch_forbidden();
    let ci_on_every_pull_request = cx.ci_on_every_pull_request();
    let development_pipeline = development_pipeline(&[
        &ci_on_every_pull_request,
        &reviewers_before_merge,
        &pushes_to_default_branch_forbidden,
        &signed_commits_required,
        &automated_vulnerability_checks,
    ]);
    SelfAssessment {
        development_pipeline,
        signed_commits_required,
        reviewers_before_merge,
        automated_vulnerability_checks,
        pushes_to_default_branch_forbidden,
        ci_on_every_pull_request,
        best_practices_badge: cx.best_practices_badge(),
        release_process_documented: cx.release_process_documented(),
        release_checksums: cx.release_checksums(),
        sbom: cx.sbom(),
        security_policy: cx.security_policy(),
        communication_inbound: cx.communication_inbound(),
        source_in_github: cx.source_in_github(),
        release_signatures: cx.release_signatures(),
    }
}

// ---------------------------------------------------------------- item builder

/// An item under construction: sentences and the citations they use.
struct Item {
    probes: Vec<ProbeId>,
    citations: Vec<Citation>,
    sentences: Vec<Sentence>,
    reason: Option<Reason>,
    why: Option<String>,
}

/// The same citation: place and excerpt (`supports` may differ).
fn same_citation(a: &Citation, b: &Citation) -> bool {
    a.kind == b.kind
        && a.url == b.url
        && a.path == b.path
        && a.lines == b.lines
        && a.commit == b.commit
        && a.excerpt == b.excerpt
}

impl Item {
    fn new(probes: &[ProbeId]) -> Self {
        Item {
            probes: probes.to_vec(),
            citations: Vec::new(),
            sentences: Vec::new(),
            reason: None,
            why: None,
        }
    }

    /// Adds a sentence (Markdown, ending with a period) backed by `cites`.
    fn say<'c>(&mut self, text: String, cites: impl IntoIterator<Item = &'c Citation>) {
        let mut idx = Vec::new();
        for c in cites {
            let i = match self.citations.iter().position(|x| same_citation(x, c)) {
                Some(i) => i,
                None => {
                    self.citations.push(c.clone());
                    self.citations.len() - 1
                }
            };
            if !idx.contains(&i) {
                idx.push(i);
            }
        }
        self.sentences.push(Sentence {
            text,
            citations: idx,
        });
    }

    /// Records why the answer may be unknown (the first reason given wins).
    fn unknown_because(&mut self, r: Option<&ProbeResult>) {
        if self.why.is_none() {
            let (reason, why) = why_unknown(r);
            self.reason = reason;
            self.why = Some(why);
        }
    }

    fn unknown_for(&mut self, why: impl Into<String>) {
        if self.why.is_none() {
            self.why = Some(why.into());
        }
    }

    /// Finishes with the answer that `r`'s outcome gives, saying why when it is unknown.
    fn finish_as(mut self, r: &ProbeResult) -> SelfAssessmentItem {
        let answer = answer_of(r.outcome);
        if answer == Answer::Unknown {
            self.unknown_because(Some(r));
        }
        self.finish(answer)
    }

    fn finish(self, answer: Answer) -> SelfAssessmentItem {
        let mut sentences = self.sentences;
        let reason = if answer == Answer::Unknown {
            let why = self
                .why
                .unwrap_or_else(|| "the evidence was not conclusive".to_string());
            sentences.insert(
                0,
                Sentence {
                    text: format!("Not determined ({why}); please complete."),
                    citations: Vec::new(),
                },
            );
            self.reason
        } else {
            None
        };
        let text = sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        SelfAssessmentItem {
            answer,
            text,
            probes: self.probes,
            citations: self.citations,
            reason,
            sentences,
        }
    }
}

/// The reason an answer resting on `r` is unknown.
fn why_unknown(r: Option<&ProbeResult>) -> (Option<Reason>, String) {
    match r {
        None => (
            Some(Reason::NotCollected),
            Reason::NotCollected.describe().to_string(),
        ),
        Some(r) => match (r.reason, r.outcome) {
            (Some(reason), _) => (Some(reason), reason.describe().to_string()),
            (None, Outcome::NotApplicable) => (
                None,
                format!("not applicable: {}", escape(&r.summary, MAX_INLINE)),
            ),
            (None, _) => (None, "the evidence was not conclusive".to_string()),
        },
    }
}

fn answer_of(outcome: Outcome) -> Answer {
    match outcome {
        Outcome::Met => Answer::Yes,
        Outcome::PartiallyMet => Answer::Partial,
        Outcome::NotMet => Answer::No,
        Outcome::Unknown | Outcome::NotApplicable => Answer::Unknown,
    }
}

/// The citations of `r` that back any of `facts` (a `supports` entry names the fact, or a
/// part of it such as `signatures.openpgp`). A probe that labelled none of its citations
/// is cited by its unlabelled ones.
fn cites<'r>(r: &'r ProbeResult, facts: &[&str]) -> Vec<&'r Citation> {
    let backs = |s: &str| {
        facts.iter().any(|f| {
            s == *f
                || s.strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    };
    let labelled: Vec<&Citation> = r
        .citations
        .iter()
        .filter(|c| c.supports.iter().any(|s| backs(s)))
        .take(MAX_CITES)
        .collect();
    if !labelled.is_empty() {
        return labelled;
    }
    r.citations
        .iter()
        .filter(|c| c.supports.is_empty())
        .take(MAX_CITES)
        .collect()
}

/// The citations of `r` that point at `path`.
fn cites_path<'r>(r: &'r ProbeResult, path: &str) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| c.path.as_deref() == Some(path))
        .take(2)
        .collect()
}

/// The citations of `r` that carry every label of `all` (`["runs_tests",
/// "workflows[.github/workflows/ci.yml]"]`): what one part of a sentence states.
fn cites_all<'r>(r: &'r ProbeResult, all: &[&str]) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| all.iter().all(|l| c.supports.iter().any(|s| s == l)))
        .collect()
}

/// The release steps of one kind: "cosign in `hack/release.sh`, run by `release.yml`, and
/// GoReleaser in `.goreleaser.yaml`, run by `release.yml`" (at most three, then "and N more").
fn steps_of<'r>(
    r: &'r ProbeResult,
    p: &ReleasePipelineFacts,
    kind: &str,
) -> (String, Vec<&'r Citation>) {
    let label = format!("pipeline.{kind}");
    // One entry per tool, file and workflow, however many lines it has there.
    // (tool, path, workflow, by default, lines, first line of the chain)
    type Group<'a> = (&'a str, &'a str, &'a str, bool, Vec<u32>, Option<&'a str>);
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
                s.via.first().map(String::as_str),
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
        let times = if lines.len() > 1 {
            format!(" ({} lines)", num(lines.len() as u64))
        } else {
            String::new()
        };
        parts.push(format!(
            "{} {}{times}{default}",
            tool_name(tool),
            where_step(path, workflow)
        ));
        // The group's first line, and the line that runs it.
        let at = |path: &str, line: u32| {
            cites_all(r, &[&label])
                .into_iter()
                .find(|x| x.path.as_deref() == Some(path) && x.lines == Some([line, line]))
        };
        for l in lines.iter().take(3) {
            c.extend(at(path, *l));
        }
        if let Some((vp, vl)) = via.and_then(|v| v.rsplit_once(':')) {
            c.extend(vl.parse().ok().and_then(|l| at(vp, l)));
        }
    }
    if c.is_empty() {
        c = cites(r, &[&label]);
    }
    c.dedup_by(|a, b| same_citation(a, b));
    c.truncate(MAX_CITES);
    (names(&parts, str::to_string), c)
}

/// "The `sign` target of `Makefile` signs files with GnuPG, and no release pipeline runs
/// it: …", for the manual steps of `kind` (`signatures` or `checksums`); returns them.
fn manual_steps_sentence<'f>(
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
        format!("signs files with {}", names(&tools, tool_name))
    } else {
        format!("writes checksum files with {}", names(&tools, tool_name))
    };
    let place = match &first.target {
        Some(t) => format!("The {} target of {}", code(t), code(&first.path)),
        None => format!("{}, a release script,", code(&first.path)),
    };
    let others = steps.iter().filter(|m| m.path != first.path).count();
    let more = if others > 0 {
        format!(" (and {} elsewhere)", count(others as u64, "step", "steps"))
    } else {
        String::new()
    };
    it.say(
        format!(
            "{place} {what}{more}, and no CI configuration runs it: this is a step of the person who cuts the release, so whether each release {} is not shown by the repository.",
            if kind == "signatures" { "was signed" } else { "has checksums" }
        ),
        cites(r, &[&format!("manual_steps.{kind}")]),
    );
    steps
}

/// One release root: "the `release.yml` workflow, which a tag push starts and which
/// publishes with GoReleaser", or, in a list, "`release.yml` (started by a tag push;
/// publishes with GoReleaser)". Another CI system's file is named as such, and a reusable
/// workflow of another repository is said to take over, not to publish.
fn release_root_phrase(w: &crate::model::ReleaseWorkflowFacts, short: bool) -> String {
    let remote = w.publishes_with.contains("/.github/workflows/");
    let publishes = if remote {
        format!(
            "hands the release to {}, a reusable workflow of another repository that this scan did not read",
            code(&w.publishes_with)
        )
    } else {
        format!("publishes with {}", tool_name(&w.publishes_with))
    };
    let system = crate::evidence::files::ci_system_of(&w.path.to_ascii_lowercase())
        .filter(|s| *s != "github_actions");
    match (system, short) {
        (Some(sys), _) => {
            let how = match w.trigger.as_str() {
                "tag condition" => "run for tags",
                _ => "kept for releases",
            };
            if short {
                format!(
                    "{} (a {} configuration {how}; {publishes})",
                    code(&w.path),
                    tool_name(sys)
                )
            } else {
                format!(
                    "{}, a {} configuration {how}, which {publishes}",
                    code(&w.path),
                    tool_name(sys)
                )
            }
        }
        (None, true) => format!(
            "{} (started by a {}; {publishes})",
            code(base(&w.path)),
            w.trigger
        ),
        (None, false) => format!(
            "the {} workflow, which a {} starts and which {publishes}",
            code(base(&w.path)),
            w.trigger
        ),
    }
}

/// "`scan.yaml` calls `org/repo/.github/workflows/x.yml@main`, a reusable workflow of
/// another repository whose jobs were not read": for the workflows in `of`.
fn remote_workflows_sentence(
    it: &mut Item,
    r: &ProbeResult,
    f: &CiChecksFacts,
    keep: impl Fn(&RemoteWorkflow) -> bool,
) {
    let calls: Vec<&RemoteWorkflow> = f
        .remote_workflows
        .iter()
        .flatten()
        .filter(|rw| keep(rw))
        .collect();
    if calls.is_empty() {
        return;
    }
    let parts: Vec<String> = calls
        .iter()
        .map(|rw| format!("{} (from {})", code(&rw.uses), code(base(&rw.workflow))))
        .collect();
    let mut c: Vec<&Citation> = Vec::new();
    for rw in calls.iter().take(MAX_CITES) {
        c.extend(
            cites_all(r, &["remote_workflows", &workflow_label(&rw.workflow)])
                .into_iter()
                .filter(|x| x.lines.is_some_and(|[a, _]| a == rw.line))
                .take(1),
        );
    }
    let s = match calls.as_slice() {
        [one] => format!(
            "{} calls {}, a reusable workflow of another repository whose jobs this scan did not read.",
            code(base(&one.workflow)),
            code(&one.uses)
        ),
        _ => format!(
            "Workflows call reusable workflows of other repositories, whose jobs this scan did not read: {}.",
            names(&parts, str::to_string)
        ),
    };
    it.say(s, c);
}

/// "CodeQL (`codeql.yml`) and gosec (enabled in `.golangci.yml`, run by `ci.yml`)", with
/// the citations of each tool's first lines (`fact[tool]` labels).
fn tools_with_places<'r>(
    r: &'r ProbeResult,
    f: &CiChecksFacts,
    fact: &str,
    tools: &[String],
) -> (String, Vec<&'r Citation>) {
    let mut all = Vec::new();
    let mut parts = Vec::new();
    for t in tools {
        let c: Vec<&Citation> = cites_all(r, &[&format!("{fact}[{t}]")])
            .into_iter()
            .take(2)
            .collect();
        let mut roots: Vec<&str> = c
            .iter()
            .flat_map(|c| c.supports.iter())
            .filter_map(|s| {
                s.strip_prefix("workflows[")
                    .and_then(|x| x.strip_suffix(']'))
            })
            .map(base)
            .collect();
        if roots.is_empty() && fact == "sast" {
            roots = f
                .workflows
                .iter()
                .flatten()
                .filter(|w| w.sast.iter().any(|x| x == t))
                .map(|w| base(&w.path))
                .collect();
        }
        roots.dedup();
        let config = c
            .iter()
            .filter_map(|c| c.path.as_deref())
            .find(|p| base(p).starts_with(".golangci") || base(p).starts_with("golangci."));
        let place = match (config, roots.is_empty()) {
            (Some(cfg), false) => format!(
                " (enabled in {}, run by {})",
                code(cfg),
                names(&roots, code)
            ),
            (None, false) => format!(" ({})", names(&roots, code)),
            // Seen only in check runs (CodeQL's default setup): no file to name.
            _ => String::new(),
        };
        parts.push(format!("{}{place}", tool_name(t)));
        if c.is_empty() {
            all.extend(cites(r, &[fact]).into_iter().take(1));
        }
        all.extend(c);
    }
    all.dedup_by(|a, b| same_citation(a, b));
    all.truncate(MAX_CITES);
    (names(&parts, str::to_string), all)
}

/// The citations of `fact` that belong to the workflow at `path`: labelled with it, or
/// else pointing into it.
fn cites_of_workflow<'r>(
    r: &'r ProbeResult,
    fact: &str,
    path: &str,
    n: usize,
) -> Vec<&'r Citation> {
    let label = workflow_label(path);
    let labelled: Vec<&Citation> = cites_all(r, &[fact, &label]).into_iter().take(n).collect();
    if !labelled.is_empty() {
        return labelled;
    }
    cites_all(r, &[fact])
        .into_iter()
        .filter(|c| c.path.as_deref() == Some(path))
        .take(n)
        .collect()
}

/// Where a release step stands: "in `release.yml`", or "in `hack/release.sh`, run by
/// `release.yml`".
fn where_step(path: &str, workflow: &str) -> String {
    if path == workflow || workflow.is_empty() {
        format!("in {}", code(short_ci_path(path)))
    } else {
        format!(
            "in {}, run by {}",
            code(path),
            code(short_ci_path(workflow))
        )
    }
}

/// A workflow by its file name (`release.yml`); any other file by its path.
fn short_ci_path(path: &str) -> &str {
    if path.starts_with(".github/workflows/") {
        base(path)
    } else {
        path
    }
}

/// "3 commits" / "1 commit".
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

/// "`a`, `b` and `c`" (at most [`MAX_NAMES`], then "and N more").
fn names<S: AsRef<str>>(items: &[S], fmt: impl Fn(&str) -> String) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(MAX_NAMES)
        .map(|s| fmt(s.as_ref()))
        .collect();
    let rest = items.len().saturating_sub(MAX_NAMES);
    if rest > 0 {
        return format!("{} and {} more", shown.join(", "), num(rest as u64));
    }
    match shown.pop() {
        Some(last) if !shown.is_empty() => format!("{} and {last}", shown.join(", ")),
        Some(last) => last,
        None => String::new(),
    }
}

/// The last component of a path.
fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn tool_name(id: &str) -> String {
    match id {
        "github_actions" => "GitHub Actions".into(),
        "prow" => "Prow".into(),
        "google_cloud_build" => "Google Cloud Build".into(),
        "cirrus_ci" => "Cirrus CI".into(),
        "packit" => "Packit".into(),
        "woodpecker" => "Woodpecker CI".into(),
        "tekton" => "Tekton".into(),
        "buildkite" => "Buildkite".into(),
        "drone" => "Drone".into(),
        "appveyor" => "AppVeyor".into(),
        "zuul" => "Zuul".into(),
        "gh release" => "`gh release`".into(),
        "pypi attestations" => {
            "PEP 740 attestations (made and signed with Sigstore by `pypa/gh-action-pypi-publish`)"
                .into()
        }
        "a release action" | "an image push" | "a package upload" | "an upload action" => id.into(),
        "docker/build-push-action" => "an image push (`docker/build-push-action`)".into(),
        "circleci" => "CircleCI".into(),
        "travis" => "Travis CI".into(),
        "gitlab_ci" => "GitLab CI".into(),
        "jenkins" => "Jenkins".into(),
        "azure_pipelines" => "Azure Pipelines".into(),
        "codeql" => "CodeQL".into(),
        "semgrep" => "Semgrep".into(),
        "dependabot" => "Dependabot".into(),
        "renovate" => "Renovate".into(),
        "goreleaser" => "GoReleaser".into(),
        "gosec" | "zizmor" | "cosign" | "govulncheck" | "trivy" | "osv-scanner" | "grype" => {
            id.into()
        }
        "syft" => "Syft".into(),
        "slsa-github-generator" => "the SLSA GitHub generator".into(),
        "gpg" => "GnuPG".into(),
        other => code(other),
    }
}

fn is_pr_trigger(t: &str) -> bool {
    matches!(t, "pull_request" | "pull_request_target" | "merge_group")
}

// ---------------------------------------------------------------- context

struct Ctx<'a> {
    results: &'a [ProbeResult],
    ev: &'a Evidence,
}

macro_rules! facts_of {
    ($name:ident, $variant:ident, $ty:ty) => {
        fn $name(&self) -> Option<(&'a ProbeResult, &'a $ty)> {
            self.results.iter().find_map(|r| match &r.facts {
                ProbeFacts::$variant(f) => Some((r, f)),
                _ => None,
            })
        }
    };
}

impl<'a> Ctx<'a> {
    facts_of!(signed, SignedCommits, SignedCommitsFacts);
    facts_of!(protection, BranchProtection, BranchProtectionFacts);
    facts_of!(review, CodeReview, CodeReviewFacts);
    facts_of!(policy, SecurityPolicy, SecurityPolicyFacts);
    facts_of!(ci, CiChecks, CiChecksFacts);
    facts_of!(sbom_facts, Sbom, SbomFacts);
    facts_of!(release, ReleaseIntegrity, ReleaseIntegrityFacts);
    facts_of!(badge, BestPracticesBadge, BestPracticesBadgeFacts);

    /// The default branch as a code span, or "the default branch".
    fn branch(&self, from_protection: Option<&str>) -> String {
        match from_protection.or(self.ev.repo.default_branch.as_deref()) {
            Some(b) => format!("the default branch {}", code(b)),
            None => "the default branch".to_string(),
        }
    }

    // ------------------------------------------------------------ source_in_github

    fn source_in_github(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[]);
        let repo = &self.ev.repo;
        let commit = repo
            .head_commit
            .as_deref()
            .map(|sha| self.ev.cite_commit(sha));
        let at = repo
            .head_commit
            .as_deref()
            .map(|sha| format!("commit {} of {}", short_sha(sha), self.branch(None)))
            .unwrap_or_default();
        match &repo.github {
            Some(gh) => {
                it.say(
                    format!(
                        "The source code is hosted on GitHub at {}; this scan read {at}.",
                        autolink(&gh.html_url())
                    ),
                    commit.iter(),
                );
                it.finish(Answer::Yes)
            }
            None => {
                it.unknown_for("the repository has no GitHub remote");
                if !at.is_empty() {
                    it.say(
                        format!("This scan read {at} in a local repository."),
                        commit.iter(),
                    );
                }
                it.finish(Answer::Unknown)
            }
        }
    }

    // ------------------------------------------------------------ signed commits

    /// The headline census sentence: "812 of the 1 000 most recent commits of … carry a
    /// signature; 790 of them are GitHub web-flow signatures …, 22 are developer signatures".
    fn signature_census(&self, it: &mut Item, r: &ProbeResult, f: &SignedCommitsFacts) {
        let (Some(n), Some(sig)) = (f.commits_examined, f.signatures.as_ref()) else {
            return;
        };
        let branch = self.branch(None);
        let complete = f.history_complete == Some(true);
        let signed = sig.signed();
        let mut s = match n {
            0 => format!("No commits of {branch} were examined"),
            1 => format!(
                "{} of {branch} {}",
                if complete {
                    "The only commit"
                } else {
                    "The most recent commit"
                },
                if signed > 0 {
                    "carries a signature"
                } else {
                    "carries no signature"
                }
            ),
            n if complete => format!(
                "{} of all {} commits of {branch} (the full history) carry a signature",
                num(signed),
                num(n)
            ),
            n => format!(
                "{} of the {} most recent commits of {branch} carry a signature",
                num(signed),
                num(n)
            ),
        };
        if signed > 0 {
            match (f.web_flow_signed, f.developer_signed) {
                (Some(w), Some(0)) if w > 0 => s.push_str(if signed == 1 {
                    "; it is a GitHub web-flow signature, not a developer's"
                } else {
                    "; all are GitHub web-flow signatures, none a developer's"
                }),
                (Some(w), Some(d)) => s.push_str(&format!(
                    "; {} of them {} GitHub web-flow {} on commits made in GitHub's web interface (such as merges of pull requests), {} {} developer {}",
                    num(w),
                    if w == 1 { "is a" } else { "are" },
                    if w == 1 { "signature" } else { "signatures" },
                    num(d),
                    if d == 1 { "is a" } else { "are" },
                    if d == 1 { "signature" } else { "signatures" },
                )),
                _ => {}
            }
            let kinds: Vec<String> = [
                (sig.openpgp, "OpenPGP"),
                (sig.ssh, "SSH"),
                (sig.x509, "X.509"),
                (sig.other, "other"),
            ]
            .iter()
            .filter(|(k, _)| *k > 0)
            .map(|(k, name)| format!("{} {name}", num(*k)))
            .collect();
            s.push_str(&format!(" ({})", kinds.join(", ")));
        }
        s.push('.');
        it.say(
            s,
            cites(
                r,
                &[
                    "commits_examined",
                    "history_complete",
                    "signatures",
                    "web_flow_signed",
                    "developer_signed",
                ],
            ),
        );
    }

    fn signed_commits_required(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::SignedCommits, ProbeId::BranchProtection]);
        let mut answer = Answer::Unknown;
        match self.signed() {
            Some((r, f)) => {
                self.signature_census(&mut it, r, f);
                if let Some(s) = web_flow_only(f) {
                    it.say(s, cites(r, &["web_flow_signed", "developer_signed"]));
                }
                if let (Some(d), Some(n)) = (f.dco_signed_off, f.commits_examined) {
                    if n > 0 {
                        // The base is every examined commit, never the signed ones.
                        let of = if n == 1 {
                            "The examined commit".to_string()
                        } else {
                            format!("the {} examined commits", num(n))
                        };
                        let trailer = "a `Signed-off-by` trailer (DCO sign-off)";
                        let s = match (d, n) {
                            (0, 1) => {
                                format!("{of} carries no `Signed-off-by` trailer (DCO sign-off).")
                            }
                            (_, 1) => format!(
                                "{of} carries {trailer}, a statement of origin rather than a cryptographic signature."
                            ),
                            (0, _) => format!("None of {of} carries {trailer}."),
                            (d, n) if d == n => format!(
                                "All {} examined commits carry {trailer}, a statement of origin rather than a cryptographic signature.",
                                num(n)
                            ),
                            (d, _) => format!(
                                "{} of {of} {} {trailer}, a statement of origin rather than a cryptographic signature.",
                                num(d),
                                if d == 1 { "carries" } else { "carry" }
                            ),
                        };
                        it.say(s, cites(r, &["dco_signed_off"]));
                    }
                }
                if let Some(v) = f.verified.as_ref().filter(|v| v.checked > 0) {
                    let mut s = format!(
                        "GitHub reports {} of {} checked commits as verified",
                        num(v.verified),
                        num(v.checked)
                    );
                    let reasons: Vec<String> = v
                        .unverified_reasons
                        .iter()
                        .filter(|(_, n)| **n > 0)
                        .map(|(why, n)| format!("{} {}", num(*n), code(why)))
                        .collect();
                    if !reasons.is_empty() {
                        s.push_str(&format!(
                            " (unverified: {})",
                            names(&reasons, str::to_string)
                        ));
                    }
                    s.push('.');
                    it.say(s, cites(r, &["verified"]));
                }
                if let Some(t) = &f.tags {
                    let s = if t.total == 0 {
                        "The repository has no tags.".to_string()
                    } else {
                        tags_sentence(t)
                    };
                    it.say(s, cites(r, &["tags"]));
                }
                answer = answer_of(r.outcome);
                if answer == Answer::Unknown {
                    it.unknown_because(Some(r));
                }
            }
            None => it.unknown_because(None),
        }
        if let Some((r, f)) = self.protection() {
            let branch = self.branch(f.branch.as_deref());
            match f.required_signatures {
                Some(true) => {
                    it.say(
                        format!("Branch protection on {branch} requires signed commits."),
                        cites(r, &["required_signatures"]),
                    );
                    answer = Answer::Yes;
                }
                Some(false) => it.say(
                    format!("Branch protection on {branch} does not require signed commits."),
                    cites(r, &["required_signatures"]),
                ),
                None => {
                    let (_, why) = why_unknown(Some(r));
                    it.say(
                        format!("Whether branch protection requires signed commits was not determined ({why})."),
                        [],
                    );
                }
            }
        }
        // Some developer commits signed, others not: the question is whether signing is
        // required, and unsigned developer commits on the default branch show it was not
        // when they landed.
        if answer == Answer::Partial {
            if let Some((r, _)) = self.signed() {
                it.say(
                    "Unsigned developer commits reached the default branch, so signing was not required when they were made.".to_string(),
                    cites(r, &["signatures", "developer_signed"]),
                );
                answer = Answer::No;
            }
        }
        // Only web-flow signatures, on every examined commit: a branch rule requiring signed
        // commits would leave exactly this history, so "no" needs that rule read as off.
        let protection_unread = self
            .protection()
            .is_none_or(|(_, f)| f.required_signatures.is_none());
        if answer == Answer::No
            && protection_unread
            && self.signed().is_some_and(|(_, f)| all_web_flow_signed(f))
        {
            let (reason, why) = why_unknown(self.protection().map(|(r, _)| r));
            it.reason = reason;
            it.why = Some(format!(
                "every examined commit carries GitHub's web-flow signature, as it would if branch protection required signed commits, and whether it does was not determined: {why}"
            ));
            answer = Answer::Unknown;
        }
        it.finish(answer)
    }

    // ------------------------------------------------------------ review

    fn reviewers_before_merge(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::CodeReview, ProbeId::BranchProtection]);
        let mut required: Option<u32> = None;
        if let Some((r, f)) = self.protection() {
            let branch = self.branch(f.branch.as_deref());
            match f.required_approvals {
                Some(n) if n > 0 => {
                    required = Some(n);
                    let mut s = format!(
                        "Branch protection on {branch} requires {} before a pull request can be merged",
                        count(u64::from(n), "approving review", "approving reviews")
                    );
                    let mut extra = Vec::new();
                    if f.require_code_owner_reviews == Some(true) {
                        extra.push("a code owner must approve");
                    }
                    if f.dismiss_stale_reviews == Some(true) {
                        extra.push("approvals are dismissed when new commits are pushed");
                    }
                    if !extra.is_empty() {
                        s.push_str(&format!("; {}", extra.join(", and ")));
                    }
                    s.push('.');
                    it.say(
                        s,
                        cites(
                            r,
                            &[
                                "required_approvals",
                                "require_code_owner_reviews",
                                "dismiss_stale_reviews",
                            ],
                        ),
                    );
                }
                Some(_) => {
                    required = Some(0);
                    let s = if f.pull_request_required == Some(true) {
                        format!(
                            "Branch protection on {branch} requires a pull request for every change but no approving review."
                        )
                    } else {
                        format!("Branch protection on {branch} does not require approving reviews.")
                    };
                    it.say(
                        s,
                        cites(r, &["required_approvals", "pull_request_required"]),
                    );
                }
                None => {}
            }
            if let Some(checks) = f.required_status_checks.as_ref().filter(|c| !c.is_empty()) {
                it.say(
                    format!(
                        "Merging also requires {} to pass: {}.",
                        count(checks.len() as u64, "status check", "status checks"),
                        names(checks, code)
                    ),
                    cites(r, &["required_status_checks"]),
                );
            }
            if f.required_approvals.is_none() {
                it.unknown_because(Some(r));
            }
        }
        let mut answer = Answer::Unknown;
        match self.review() {
            Some((r, f)) => {
                if let (Some(n), Some(ok)) = (f.changes_examined, f.reviewed) {
                    let mut s = format!(
                        "Of the {} most recently merged {} examined, {} {} approved by someone other than the author",
                        num(n),
                        if n == 1 { "change" } else { "changes" },
                        num(ok),
                        if ok == 1 { "was" } else { "were" }
                    );
                    if let Some(x) = f.reviewed_not_approved.filter(|x| *x > 0) {
                        s.push_str(&format!(", {} reviewed without an approval", num(x)));
                    }
                    if let Some(u) = f.unreviewed {
                        s.push_str(&format!(
                            " and {} merged without review or pushed directly",
                            num(u)
                        ));
                    }
                    s.push('.');
                    it.say(
                        s,
                        cites(
                            r,
                            &[
                                "changes_examined",
                                "reviewed",
                                "reviewed_not_approved",
                                "unreviewed",
                            ],
                        ),
                    );
                }
                if required.is_none() {
                    if let Some(n) = f.required_approvals {
                        required = Some(n);
                        it.say(
                            format!(
                                "The review configuration requires {} before merging.",
                                count(u64::from(n), "approval", "approvals")
                            ),
                            cites(r, &["required_approvals"]),
                        );
                    }
                }
                // Reviews seen happening (API) are stated as such; CODEOWNERS and OWNERS
                // files only request or route reviews, and have sentences of their own below.
                if let Some(m) = f.review_mechanisms.as_ref().filter(|m| !m.is_empty()) {
                    let list: Vec<&str> = m
                        .iter()
                        .filter_map(|m| match m {
                            ReviewMechanism::GithubReviews => Some("GitHub pull request reviews"),
                            ReviewMechanism::ProwLgtm => Some("Prow `lgtm` and `approved` labels"),
                            ReviewMechanism::Gerrit => Some("Gerrit"),
                            ReviewMechanism::Codeowners | ReviewMechanism::OwnersFiles => None,
                        })
                        .collect();
                    if !list.is_empty() {
                        let routing = |c: &&Citation| {
                            c.path
                                .as_deref()
                                .is_some_and(|p| p.ends_with("CODEOWNERS") || p.ends_with("OWNERS"))
                        };
                        let c: Vec<&Citation> = cites(r, &["review_mechanisms"])
                            .into_iter()
                            .filter(|c| !routing(c))
                            .collect();
                        it.say(
                            format!("Reviews happen through {}.", names(&list, str::to_string)),
                            c,
                        );
                    }
                }
                if let Some(p) = &f.codeowners_path {
                    it.say(
                        format!(
                            "{} requests reviews from code owners by path (whether their approval is required is a branch protection setting).",
                            code(p)
                        ),
                        cites_path(r, p)
                            .into_iter()
                            .chain(cites(r, &["codeowners_path"]))
                            .take(2),
                    );
                }
                if let Some(o) = f.owners_files.as_ref().filter(|o| !o.is_empty()) {
                    let total = f
                        .owners_files_total
                        .unwrap_or(o.len() as u64)
                        .max(o.len() as u64);
                    let shown: Vec<String> = o.iter().take(MAX_NAMES).map(|p| code(p)).collect();
                    let more = total - shown.len() as u64;
                    let list = if more > 0 {
                        format!("{} and {} more", shown.join(", "), num(more))
                    } else {
                        names(&shown, str::to_string)
                    };
                    it.say(
                        format!(
                            "{} {} the reviewers and approvers ({list}).",
                            count(total, "OWNERS file", "OWNERS files"),
                            if total == 1 { "names" } else { "name" }
                        ),
                        cites(r, &["owners_files", "owners_files_total"]),
                    );
                }
                answer = answer_of(r.outcome);
                if answer == Answer::Unknown {
                    it.unknown_because(Some(r));
                }
            }
            None => it.unknown_because(None),
        }
        match required {
            Some(n) if n > 0 => answer = Answer::Yes,
            // No approvals required: the practice observed decides, but never better than partial.
            Some(_) if answer == Answer::Yes => answer = Answer::Partial,
            _ => {}
        }
        it.finish(answer)
    }

    // ------------------------------------------------------------ branch protection

    fn pushes_to_default_branch_forbidden(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::BranchProtection]);
        let Some((r, f)) = self.protection() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let branch = self.branch(f.branch.as_deref());
        match f.protected {
            Some(true) => {
                let by = match f.source {
                    ProtectionSource::Classic => " by classic branch protection".to_string(),
                    ProtectionSource::Rulesets => " by repository rulesets".to_string(),
                    ProtectionSource::Both => {
                        " by classic branch protection and repository rulesets".to_string()
                    }
                    ProtectionSource::None | ProtectionSource::Unknown => String::new(),
                };
                let rulesets = f
                    .rulesets
                    .as_ref()
                    .filter(|r| !r.is_empty())
                    .map(|r| format!(" ({})", names(r, |n| escape(n, MAX_INLINE))))
                    .unwrap_or_default();
                it.say(
                    format!("{} is protected{by}{rulesets}.", capitalize(&branch)),
                    cites(r, &["protected", "source", "rulesets"]),
                );
                let mut rules = Vec::new();
                let mut facts = Vec::new();
                match f.required_approvals.filter(|n| *n > 0) {
                    Some(n) => {
                        rules.push(format!(
                            "changes must come through pull requests with {}",
                            count(u64::from(n), "approval", "approvals")
                        ));
                        facts.push("required_approvals");
                    }
                    None if f.pull_request_required == Some(true) => {
                        rules.push("changes must come through pull requests".to_string());
                        facts.push("pull_request_required");
                    }
                    None => {}
                }
                for (v, yes, no, fact) in [
                    (
                        f.force_push_blocked,
                        "force pushes are blocked",
                        "force pushes are allowed",
                        "force_push_blocked",
                    ),
                    (
                        f.deletion_blocked,
                        "deleting the branch is blocked",
                        "the branch may be deleted",
                        "deletion_blocked",
                    ),
                    (
                        f.linear_history,
                        "a linear history is required",
                        "",
                        "linear_history",
                    ),
                    (
                        f.enforce_admins,
                        "the rules apply to administrators too",
                        "administrators can bypass the rules",
                        "enforce_admins",
                    ),
                ] {
                    match v {
                        Some(true) => rules.push(yes.to_string()),
                        Some(false) if !no.is_empty() => rules.push(no.to_string()),
                        _ => continue,
                    }
                    facts.push(fact);
                }
                if !rules.is_empty() {
                    it.say(
                        format!("On it, {}.", names(&rules, str::to_string)),
                        cites(r, &facts),
                    );
                }
            }
            Some(false) => it.say(
                format!(
                    "{} is not protected: neither branch protection nor a ruleset applies to it.",
                    capitalize(&branch)
                ),
                cites(r, &["protected", "source"]),
            ),
            None => {}
        }
        it.finish_as(r)
    }

    // ------------------------------------------------------------ CI

    fn ci_on_every_pull_request(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::CiChecks]);
        let Some((r, f)) = self.ci() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        match f.systems.as_deref() {
            Some([]) => it.say(
                "No CI configuration (GitHub Actions, Prow, CircleCI, Travis CI, GitLab CI, Jenkins) was found in the repository.".to_string(),
                cites(r, &["systems"]),
            ),
            Some(s) => {
                // Only the systems that check changes are called CI; files that only build
                // releases or images are named apart.
                let change: Vec<String> = match &f.change_systems {
                    Some(c) => c.clone(),
                    None => s.to_vec(),
                };
                if change.is_empty() {
                    it.say(
                        format!(
                            "{} configuration was found, but none of it runs on pull requests or pushes to branches.",
                            names(s, tool_name)
                        ),
                        cites(r, &["systems"]),
                    );
                } else {
                    let label = if f.change_systems.is_some() {
                        "change_systems"
                    } else {
                        "systems"
                    };
                    it.say(
                        format!("CI runs on {}.", names(&change, tool_name)),
                        cites(r, &[label]),
                    );
                }
                if let Some(files) = f.release_only_files.as_ref().filter(|v| !v.is_empty()) {
                    let listed: Vec<&str> = files.iter().map(String::as_str).collect();
                    it.say(
                        format!(
                            "{} only {} releases or images; {} not counted as CI for changes.",
                            names(&listed, code),
                            if files.len() == 1 { "builds" } else { "build" },
                            if files.len() == 1 { "it is" } else { "they are" }
                        ),
                        cites(r, &["release_only_files"]),
                    );
                }
            }
            None => {}
        }
        if let Some(w) = f.workflows.as_ref().filter(|w| !w.is_empty()) {
            let pr: Vec<&WorkflowFacts> = w
                .iter()
                .filter(|w| w.triggers.iter().any(|t| is_pr_trigger(t)))
                .collect();
            let paths: Vec<&str> = pr.iter().map(|w| base(&w.path)).collect();
            let mut s = format!(
                "{} of {} {} on pull requests",
                num(pr.len() as u64),
                count(
                    w.len() as u64,
                    "GitHub Actions workflow",
                    "GitHub Actions workflows"
                ),
                if pr.len() == 1 { "runs" } else { "run" }
            );
            if !pr.is_empty() {
                s.push_str(&format!(" ({})", names(&paths, code)));
            }
            s.push('.');
            // Each listed workflow's pull request trigger, at its line.
            let mut c: Vec<&Citation> = Vec::new();
            for w in pr.iter().take(MAX_NAMES) {
                c.extend(cites_of_workflow(r, "pull_request_triggered", &w.path, 1));
            }
            if pr.is_empty() {
                // An absence among the workflows: the workflow files that were read.
                c = cites_all(r, &["workflows"])
                    .into_iter()
                    .take(MAX_CITES)
                    .collect();
            }
            it.say(s, c);
            if !pr.is_empty() {
                let tested: Vec<&&WorkflowFacts> = pr.iter().filter(|w| w.runs_tests).collect();
                let listed: Vec<&str> = tested.iter().map(|w| base(&w.path)).collect();
                let s = match (pr.len(), tested.len()) {
                    (1, 0) => "It was not seen running tests.".to_string(),
                    (1, _) => "It runs tests.".to_string(),
                    (_, 0) => "None of them was seen running tests.".to_string(),
                    (n, t) if n == t => "All of them run tests.".to_string(),
                    (_, t) => format!(
                        "{} of them {} tests ({}).",
                        num(t as u64),
                        if t == 1 { "runs" } else { "run" },
                        names(&listed, code)
                    ),
                };
                // The test commands (and the step that runs them) of each workflow said
                // to run tests; for "not seen", the workflow files that were read.
                let mut c: Vec<&Citation> = Vec::new();
                if tested.is_empty() {
                    for w in pr.iter().take(MAX_NAMES) {
                        c.extend(cites_path(r, &w.path).into_iter().take(1));
                    }
                } else {
                    for w in tested.iter().take(3) {
                        c.extend(cites_of_workflow(r, "runs_tests", &w.path, 2));
                    }
                }
                c.truncate(MAX_CITES);
                it.say(s, c);
                // Workflows not seen testing that hand their jobs to another repository.
                let untested: Vec<&str> = pr
                    .iter()
                    .filter(|w| !w.runs_tests)
                    .map(|w| w.path.as_str())
                    .collect();
                remote_workflows_sentence(&mut it, r, f, |rw| {
                    untested.contains(&rw.workflow.as_str())
                });
            }
        } else {
            match (f.pull_request_triggered, f.runs_tests) {
                (Some(true), tests) => it.say(
                    format!(
                        "CI is triggered by pull requests{}.",
                        match tests {
                            Some(true) => " and runs tests",
                            Some(false) => "; it was not seen running tests",
                            None => "",
                        }
                    ),
                    cites(r, &["pull_request_triggered", "runs_tests"]),
                ),
                (Some(false), _) if f.systems.as_ref().is_some_and(|s| !s.is_empty()) => it.say(
                    "None of the CI configuration runs on pull requests.".to_string(),
                    cites(r, &["pull_request_triggered"]),
                ),
                _ => {}
            }
        }
        if f.prow_jobs_elsewhere == Some(true) {
            it.say(
                "The root `OWNERS` file marks a Prow project: its Prow jobs are configured in another repository, which this scan did not read.".to_string(),
                cites(r, &["prow_jobs_elsewhere"]),
            );
        }
        // Other CI systems' files that run tests (Cirrus CI, GitLab CI, Travis CI...).
        let mut others: Vec<&str> = r
            .citations
            .iter()
            .filter(|c| c.supports.iter().any(|s| s == "runs_tests"))
            .flat_map(|c| c.supports.iter())
            .filter_map(|s| {
                s.strip_prefix("workflows[")
                    .and_then(|x| x.strip_suffix(']'))
            })
            .filter(|p| !p.starts_with(".github/workflows/"))
            .collect();
        others.sort_unstable();
        others.dedup();
        if !others.is_empty() {
            let mut c: Vec<&Citation> = Vec::new();
            for p in others.iter().take(3) {
                c.extend(cites_of_workflow(r, "runs_tests", p, 2));
            }
            it.say(
                format!(
                    "{} {} tests.",
                    names(&others, code),
                    if others.len() == 1 { "runs" } else { "run" }
                ),
                c,
            );
        }
        for cr in f.check_runs.iter().flatten().take(2) {
            let mut s = format!(
                "On commit {}, {} reported: {} passing, {} failing, {} pending",
                short_sha(&cr.commit),
                count(cr.total, "check", "checks"),
                num(cr.passing),
                num(cr.failing),
                num(cr.pending)
            );
            if !cr.apps.is_empty() {
                s.push_str(&format!(" ({})", names(&cr.apps, code)));
            }
            s.push('.');
            it.say(s, cites(r, &["check_runs", "recent_runs_passing"]));
        }
        if f.check_runs.as_ref().is_none_or(|c| c.is_empty()) {
            if let Some(p) = f.recent_runs_passing {
                it.say(
                    format!(
                        "Recent CI runs on the default branch are {}.",
                        if p { "passing" } else { "failing" }
                    ),
                    cites(r, &["recent_runs_passing"]),
                );
            }
        }
        it.finish_as(r)
    }

    fn automated_vulnerability_checks(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::CiChecks]);
        let Some((r, f)) = self.ci() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let mut found = 0;
        match f.sast.as_deref() {
            Some([]) => {
                it.say(
                    "No security static analysis tool (such as CodeQL, gosec, Semgrep or zizmor) was found in the CI configuration this scan read.".to_string(),
                    cites(r, &["sast"]),
                );
                if let Some(l) = f.linters.as_deref().filter(|l| !l.is_empty()) {
                    let (list, c) = tools_with_places(r, f, "linters", l);
                    it.say(
                        format!(
                            "CI runs {} {list}, which {} code quality rather than security.",
                            if l.len() == 1 {
                                "the linter"
                            } else {
                                "the linters"
                            },
                            if l.len() == 1 { "checks" } else { "check" }
                        ),
                        c,
                    );
                }
                // Reusable workflows of other repositories whose names say they scan.
                remote_workflows_sentence(&mut it, r, f, |rw| {
                    let u = rw.uses.to_ascii_lowercase();
                    [
                        "scan", "codeql", "sast", "security", "analy", "semgrep", "gosec",
                    ]
                    .iter()
                    .any(|k| u.contains(k))
                });
            }
            Some(tools) => {
                found += 1;
                let (list, c) = tools_with_places(r, f, "sast", tools);
                it.say(format!("Static analysis runs in CI: {list}."), c);
            }
            None => {}
        }
        if let Some(tools) = f
            .vulnerability_scanning
            .as_deref()
            .filter(|t| !t.is_empty())
        {
            found += 1;
            let (list, c) = tools_with_places(r, f, "vulnerability_scanning", tools);
            it.say(
                format!("CI scans the dependencies for known vulnerabilities with {list}."),
                c,
            );
        }
        match f.dependency_update_tools.as_deref() {
            Some([]) => it.say(
                "No Dependabot or Renovate configuration was found.".to_string(),
                cites(r, &["dependency_update_tools"]),
            ),
            Some(tools) => {
                found += 1;
                let mut c: Vec<&Citation> = tools
                    .iter()
                    .flat_map(|t| {
                        cites_all(r, &[&format!("dependency_update_tools[{t}]")])
                            .into_iter()
                            .take(1)
                    })
                    .collect();
                if c.is_empty() {
                    c = cites(r, &["dependency_update_tools"]);
                }
                it.say(
                    format!(
                        "Dependency updates are automated with {}.",
                        names(tools, tool_name)
                    ),
                    c,
                );
            }
            None => {}
        }
        let answer = match found {
            0 => {
                if f.sast.is_some() && f.dependency_update_tools.is_some() {
                    it.unknown_for(
                        "nothing was found in the repository, but GitHub code scanning's default setup and Dependabot security updates can be enabled outside it",
                    );
                } else {
                    it.unknown_because(Some(r));
                }
                Answer::Unknown
            }
            1 => Answer::Partial,
            _ => Answer::Yes,
        };
        it.finish(answer)
    }

    // ------------------------------------------------------------ releases

    /// Release documentation (`RELEASE*.md`, `RELEASING*.md` at the root, in `docs/`,
    /// `doc/` or `.github/`, at most two levels deep) and changelogs (`CHANGELOG*`,
    /// `CHANGES*`, `HISTORY*`, `NEWS*`, release notes at the root) in the tree.
    fn release_process_documented(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::ReleaseIntegrity]);
        let mut documented = false;
        let mut automated = false;
        let release = self.release();
        match release.map(|(r, f)| (r, f.release_docs.as_ref(), f.changelogs.as_ref())) {
            Some((r, Some(docs), changelogs)) => {
                if !docs.is_empty() {
                    documented = true;
                    it.say(
                        format!(
                            "The release process is documented in {}.",
                            names(docs, code)
                        ),
                        cites(r, &["release_docs"]),
                    );
                }
                if let Some(changelogs) = changelogs.filter(|c| !c.is_empty()) {
                    it.say(
                        format!("Changes are recorded in {}.", names(changelogs, code)),
                        cites(r, &["changelogs"]),
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
            if let Some(p) = f.pipeline.as_ref().filter(|p| !p.workflows.is_empty()) {
                automated = true;
                let text = match p.workflows.as_slice() {
                    [w] => format!("Releases are built by {}.", release_root_phrase(w, false)),
                    ws => {
                        let list: Vec<String> =
                            ws.iter().map(|w| release_root_phrase(w, true)).collect();
                        format!("Releases go through {}.", names(&list, str::to_string))
                    }
                };
                it.say(text, cites(r, &["pipeline.workflows"]));
                if !p.tools.is_empty() {
                    let c: Vec<&Citation> = p
                        .tools
                        .iter()
                        .flat_map(|t| {
                            cites_all(r, &[&format!("pipeline.tools[{t}]")])
                                .into_iter()
                                .take(1)
                        })
                        .take(MAX_CITES)
                        .collect();
                    it.say(
                        format!("The release pipeline uses {}.", names(&p.tools, tool_name)),
                        c,
                    );
                }
            }
            match (
                f.releases_examined,
                f.releases.as_ref().and_then(|r| r.first()),
            ) {
                (Some(0), _) => it.say(
                    "No GitHub releases were found.".to_string(),
                    cites(r, &["releases_examined"]),
                ),
                (Some(n), latest) => {
                    let mut s = format!(
                        "The {} most recent GitHub {} examined",
                        num(n),
                        if n == 1 {
                            "release was"
                        } else {
                            "releases were"
                        }
                    );
                    if let Some(l) = latest {
                        s.push_str(&format!(
                            "; the latest, {}, has {}",
                            code(&l.tag),
                            count(l.assets, "asset", "assets")
                        ));
                    }
                    s.push('.');
                    it.say(s, cites(r, &["releases_examined", "releases"]));
                }
                (None, _) => {}
            }
        }
        let answer = match (documented, automated) {
            (true, true) => Answer::Yes,
            (true, false) | (false, true) => Answer::Partial,
            (false, false) => {
                it.unknown_for(
                    "no release documentation such as `RELEASE.md`, `RELEASING.md` or `docs/release*.md`, and no release automation, was found in the repository",
                );
                Answer::Unknown
            }
        };
        it.finish(answer)
    }

    fn release_checksums(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::ReleaseIntegrity]);
        let Some((r, f)) = self.release() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let pipeline = f.pipeline.as_ref().is_some_and(|p| p.checksums);
        if let Some(p) = f.pipeline.as_ref().filter(|p| p.checksums) {
            let (list, c) = steps_of(r, p, "checksums");
            it.say(
                format!("The release pipeline writes checksum files: {list}."),
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
                let mut s = format!(
                    "{} of the {} most recent releases {} checksum files",
                    num(c),
                    num(n),
                    if c == 1 { "publishes" } else { "publish" }
                );
                if !examples.is_empty() {
                    s.push_str(&format!(" (such as {})", names(&examples, code)));
                }
                s.push('.');
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

    fn release_signatures(&self) -> SelfAssessmentItem {
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
        if let Some(p) = f.pipeline.as_ref() {
            if p_sig {
                let (list, c) = steps_of(r, p, "signatures");
                it.say(
                    format!("The release pipeline signs what it publishes: {list}."),
                    c,
                );
            }
            if p_prov {
                let (list, c) = steps_of(r, p, "provenance");
                it.say(
                    format!("The release pipeline generates provenance: {list}."),
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
                format!("{} publishes release signing keys.", code(k)),
                cites(r, &["keys_file"]),
            );
        }
        let signed_tags = f.signed_tags.unwrap_or(0);
        let answer = match (f.releases_examined, f.with_signatures) {
            (Some(n), Some(s)) if n > 0 => {
                let p = f.with_provenance.unwrap_or(0);
                let mut text = format!(
                    "{} of the {} most recent releases {} signatures or certificates",
                    num(s),
                    num(n),
                    if s == 1 { "publishes" } else { "publish" }
                );
                if let Some(p) = f.with_provenance {
                    text.push_str(&format!(
                        " and {} {} provenance",
                        num(p),
                        if p == 1 { "publishes" } else { "publish" }
                    ));
                }
                text.push('.');
                it.say(
                    text,
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
            _ if p_sig => Answer::Yes,
            _ if p_prov || !manual.is_empty() => Answer::Partial,
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
        if let Some(k) = f.signed_tags {
            let text = match k {
                0 => "No tag is signed.".to_string(),
                1 => "1 tag is signed.".to_string(),
                k => format!("{} tags are signed.", num(k)),
            };
            it.say(text, cites(r, &["signed_tags"]));
        }
        it.finish(answer)
    }

    // ------------------------------------------------------------ badge

    fn best_practices_badge(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::BestPracticesBadge]);
        let Some((r, f)) = self.badge() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let project = f
            .project_id
            .map(|id| format!(" (project {id})"))
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
                let mut s = format!("The project's OpenSSF Best Practices badge{project} is at level {level}");
                if let Some(p) = f.tiered_percentage {
                    s.push_str(&format!(" (tiered percentage {p})"));
                }
                if let Some(b) = &f.baseline_level {
                    s.push_str(&format!("; its OSPS Baseline level is {}", escape(b, MAX_INLINE)));
                }
                s.push('.');
                it.say(s, c);
            }
            (None, Some(id)) => it.say(
                format!(
                    "The {} OpenSSF Best Practices badge project {id}; its level was not read.",
                    match f.source {
                        Some(crate::model::BadgeSource::ApiLookup) => "badge site lists",
                        _ => "README links",
                    }
                ),
                c,
            ),
            (None, None) if r.outcome == Outcome::NotMet => it.say(
                "No OpenSSF Best Practices badge was found: the README links none and the badge site lists no project for this repository.".to_string(),
                c,
            ),
            (None, None) => {}
        }
        if f.readme_mismatch == Some(true) {
            it.say(
                "The README's badge link does not point at this repository's project on the badge site.".to_string(),
                cites(r, &["readme_mismatch"]),
            );
        }
        if let Some(o) = f.other_project_ids.as_ref().filter(|o| !o.is_empty()) {
            let ids: Vec<String> = o.iter().map(|i| i.to_string()).collect();
            it.say(
                format!(
                    "The badge site also lists {} {} for this repository.",
                    if o.len() == 1 { "project" } else { "projects" },
                    names(&ids, str::to_string)
                ),
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
            let mut s = format!(
                "Of the {} secure-development criteria read, {} {} met",
                num(cr.len() as u64),
                num(met),
                if met == 1 { "is" } else { "are" }
            );
            if !open.is_empty() {
                s.push_str(&format!("; still open: {}", names(&open, code)));
            }
            s.push('.');
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

    fn sbom(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::Sbom]);
        let Some((r, f)) = self.sbom_facts() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        if let Some(d) = f.in_repository.as_ref().filter(|d| !d.is_empty()) {
            let list: Vec<String> = d
                .iter()
                .map(|d| format!("{} ({})", code(&d.path), sbom_format(&d.format)))
                .collect();
            it.say(
                format!(
                    "SBOM documents in the repository: {}.",
                    names(&list, str::to_string)
                ),
                cites(r, &["in_repository"]),
            );
        }
        if let Some(t) = f.generated_by_pipeline.as_ref().filter(|t| !t.is_empty()) {
            let list: Vec<String> = t
                .iter()
                .map(|t| {
                    format!(
                        "{} {}",
                        tool_name(&t.tool),
                        where_step(&t.path, t.workflow.as_deref().unwrap_or(""))
                    )
                })
                .collect();
            it.say(
                format!(
                    "The release pipeline generates SBOMs: {}.",
                    names(&list, str::to_string)
                ),
                cites(r, &["generated_by_pipeline"]),
            );
        }
        if let Some(a) = f.in_release_assets.as_ref().filter(|a| !a.is_empty()) {
            it.say(
                format!("Releases publish SBOMs: {}.", names(a, code)),
                cites(r, &["in_release_assets"]),
            );
        }
        let empty = |n: Option<usize>| n == Some(0);
        if empty(f.in_repository.as_ref().map(Vec::len))
            && empty(f.generated_by_pipeline.as_ref().map(Vec::len))
        {
            let assets = match &f.in_release_assets {
                Some(a) if a.is_empty() => " or SBOM release asset",
                _ => "",
            };
            it.say(
                format!("No SBOM document (SPDX or CycloneDX) or SBOM generation step{assets} was found."),
                cites(r, &["in_repository", "generated_by_pipeline", "in_release_assets"]),
            );
        }
        it.finish_as(r)
    }

    // ------------------------------------------------------------ security policy

    fn security_policy(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::SecurityPolicy]);
        let Some((r, f)) = self.policy() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        match f.locations.as_deref() {
            Some(locs) if !locs.is_empty() => {
                let list = names(locs, |l| if l.starts_with("http") { autolink(l) } else { code(l) });
                let s = match f.source {
                    PolicySource::OrgDotGithub => format!(
                        "The repository has no security policy of its own; the organization's default policy applies: {list}."
                    ),
                    _ => format!("The security policy is published in {list}."),
                };
                // The files themselves, not the lines of their contacts.
                it.say(s, cites(r, &["locations", "source"]));
            }
            // The organization's `.github` repository was read and has none.
            _ if f.source == PolicySource::None => it.say(
                "No security policy was found (a SECURITY file at the root, in `.github/`, `docs/` or `doc/`, or in the organization's `.github` repository).".to_string(),
                cites(r, &["locations", "source"]),
            ),
            // Where the repository is hosted is unknown: its organization was never read.
            _ if self.ev.repo.github.is_none() && self.ev.files.is_ok() => {
                it.say(
                    "No security policy file was found in the repository (a SECURITY file at the root, in `.github/`, `docs/` or `doc/`); it has no GitHub remote, so whether its organization publishes a default policy is not known.".to_string(),
                    cites(r, &["source"]),
                );
                it.reason = Some(Reason::Offline);
                it.unknown_for("the repository has no GitHub remote");
            }
            // On GitHub, but the organization's `.github` repository was not read.
            _ if f.source == PolicySource::Unknown && self.ev.files.is_ok() => it.say(
                "No security policy file was found in the repository (a SECURITY file at the root, in `.github/`, `docs/` or `doc/`); whether the organization's `.github` repository provides the default policy GitHub would show was not determined.".to_string(),
                cites(r, &["source"]),
            ),
            _ => {}
        }
        // Where the repository sends reporters when it has no policy of its own.
        if let Some(first) = f.section_references.as_deref().and_then(|v| v.first()) {
            it.say(
                format!(
                    "The \u{201c}{}\u{201d} section of {} refers reporters to {}.",
                    escape(&first.section, 80),
                    code(&first.found_in),
                    contact(&first.url)
                ),
                cites(r, &["section_references"]),
            );
        }
        if let Some(url) = &f.security_contacts_report_to {
            it.say(
                format!("`SECURITY_CONTACTS` refers reporters to {}.", contact(url)),
                cites(r, &["security_contacts_report_to"]),
            );
        }
        match f.private_vulnerability_reporting {
            Some(true) => it.say(
                "GitHub private vulnerability reporting is enabled.".to_string(),
                cites(r, &["private_vulnerability_reporting"]),
            ),
            Some(false) => it.say(
                "GitHub private vulnerability reporting is not enabled.".to_string(),
                cites(r, &["private_vulnerability_reporting"]),
            ),
            None => {}
        }
        if let Some(n) = f.advisories_published {
            it.say(
                format!(
                    "{} published on GitHub.",
                    if n == 1 {
                        "1 security advisory has been".to_string()
                    } else {
                        format!("{} security advisories have been", num(n))
                    }
                ),
                cites(r, &["advisories_published"]),
            );
        }
        if let Some(p) = &f.security_insights_path {
            it.say(
                format!(
                    "A SECURITY-INSIGHTS file describes the project's security posture: {}.",
                    code(p)
                ),
                cites(r, &["security_insights_path"]),
            );
        }
        it.finish_as(r)
    }

    fn communication_inbound(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::SecurityPolicy]);
        let Some((r, f)) = self.policy() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let has_policy = f.locations.as_ref().is_some_and(|l| !l.is_empty());
        let contacts = f.contact.as_deref().unwrap_or(&[]);
        let details = f.contact_details.as_deref().unwrap_or(&[]);
        // One sentence per document (the policy files together) and way of reporting, each
        // citing the lines where its contacts stand.
        let mut groups: Vec<(String, bool, Vec<&PolicyContact>)> = Vec::new();
        for c in details {
            let subject = self.contact_subject(c, f);
            // SECURITY-INSIGHTS gets one sentence for all its contacts ("names ... for
            // vulnerability reports"); other documents one per verb.
            let email = c.origin == ContactOrigin::SecurityInsights || is_address(&c.value);
            match groups
                .iter_mut()
                .find(|(s, e, _)| *s == subject && *e == email)
            {
                Some((_, _, v)) => v.push(c),
                None => groups.push((subject, email, vec![c])),
            }
        }
        for (subject, email, group) in &groups {
            let mut values: Vec<&str> = Vec::new();
            for c in group {
                if !values.iter().any(|v| v.eq_ignore_ascii_case(&c.value)) {
                    values.push(&c.value);
                }
            }
            let list = names(&values, contact);
            let text = match (group[0].origin, *email) {
                (ContactOrigin::SecurityInsights, _) => {
                    format!("{subject} names {list} for vulnerability reports.")
                }
                (_, true) => format!("{subject} asks reporters to write to {list}."),
                (_, false) => format!("{subject} asks reporters to report through {list}."),
            };
            let mut c: Vec<&Citation> = Vec::new();
            for k in group {
                c.extend(contact_cites(r, k));
            }
            it.say(text, c);
        }
        let policy_contacts = details.iter().any(|c| c.origin == ContactOrigin::Policy);
        if has_policy && !policy_contacts && f.contact.is_some() {
            let refs = f.references.as_deref().unwrap_or(&[]);
            let shown: Vec<&PolicyReference> = refs.iter().take(3).collect();
            let mut c = cites(r, &["locations"]);
            c.truncate(2);
            let text = if shown.is_empty() {
                "The security policy names no e-mail address or reporting link (private vulnerability reporting, bug bounty or report form).".to_string()
            } else {
                for x in &shown {
                    c.extend(reference_cites(r, x));
                }
                let urls: Vec<&str> = shown.iter().map(|x| x.url.as_str()).collect();
                let more = refs.len() - shown.len();
                format!(
                    "The security policy names no e-mail address or reporting link (private vulnerability reporting, bug bounty or report form); it refers readers to {}{}.",
                    names(&urls, contact),
                    if more > 0 {
                        format!(
                            " and {} other {}",
                            num(more as u64),
                            if more == 1 { "link" } else { "links" }
                        )
                    } else {
                        String::new()
                    }
                )
            };
            it.say(text, c);
        }
        if let Some(handles) = f.security_contacts.as_deref().filter(|h| !h.is_empty()) {
            let people: Vec<String> = handles.iter().map(|h| format!("@{h}")).collect();
            match &f.security_contacts_report_to {
                // The file says not to report to its names.
                Some(url) => it.say(
                    format!(
                        "`SECURITY_CONTACTS` lists {} as the repository's security contacts, and tells reporters not to report to them directly but to follow the instructions at {}.",
                        names(&people, code),
                        contact(url)
                    ),
                    cites(r, &["security_contacts", "security_contacts_report_to"]),
                ),
                None => it.say(
                    format!(
                        "`SECURITY_CONTACTS` names the people who handle security reports: {}.",
                        names(&people, code)
                    ),
                    cites(r, &["security_contacts"]),
                ),
            }
        }
        // No contact anywhere, but a security section that sends reporters elsewhere.
        let section_refs = f.section_references.as_deref().unwrap_or_default();
        if let Some(first) = section_refs.first() {
            let urls: Vec<&str> = section_refs
                .iter()
                .filter(|x| x.found_in == first.found_in)
                .map(|x| x.url.as_str())
                .collect();
            it.say(
                format!(
                    "The “{}” section of {} names no e-mail address or reporting link; it refers reporters to {}.",
                    escape(&first.section, 80),
                    code(&first.found_in),
                    names(&urls, contact)
                ),
                cites(r, &["section_references"]),
            );
        }
        let pvr = f.private_vulnerability_reporting;
        if pvr == Some(true) {
            it.say(
                "Vulnerabilities can also be reported privately through GitHub's private vulnerability reporting.".to_string(),
                cites(r, &["private_vulnerability_reporting"]),
            );
        }
        let answer = if !contacts.is_empty() || pvr == Some(true) {
            Answer::Yes
        } else if has_policy || !section_refs.is_empty() || f.security_contacts_report_to.is_some()
        {
            Answer::Partial
        } else if r.outcome == Outcome::NotMet && pvr == Some(false) {
            let mut c = cites(r, &["source"]);
            c.extend(cites(r, &["private_vulnerability_reporting"]));
            it.say(
                "No contact to report a vulnerability to was found (no security policy in the repository or the organization's `.github` repository, none in SECURITY-INSIGHTS or a security section of CONTRIBUTING or README), and GitHub private vulnerability reporting is not enabled.".to_string(),
                c,
            );
            Answer::No
        } else {
            if r.outcome == Outcome::NotMet {
                it.unknown_for("no security policy was found, and whether GitHub private vulnerability reporting is enabled was not read");
            } else if self.ev.repo.github.is_none() && self.ev.files.is_ok() {
                it.reason = Some(Reason::Offline);
                it.unknown_for(
                    "no security policy was found in the repository, and it has no GitHub remote",
                );
            } else {
                it.unknown_because(Some(r));
            }
            Answer::Unknown
        };
        it.finish(answer)
    }

    /// The subject of a contact sentence: the document the contact stands in.
    fn contact_subject(&self, c: &PolicyContact, f: &SecurityPolicyFacts) -> String {
        match c.origin {
            ContactOrigin::Policy if f.source == PolicySource::OrgDotGithub => {
                "The organization's security policy".to_string()
            }
            ContactOrigin::Policy => "The security policy".to_string(),
            ContactOrigin::LinkedPage => match c.linked_from.as_deref() {
                Some(from) if f.locations.iter().flatten().any(|l| l == from) => {
                    format!("{}, which the security policy links to,", code(&c.found_in))
                }
                Some(from) => format!("{}, which {} links to,", code(&c.found_in), code(from)),
                None => code(&c.found_in),
            },
            ContactOrigin::SecurityInsights => code(&c.found_in),
            ContactOrigin::DocSection => match c.section.as_deref() {
                Some(h) => format!(
                    "The \u{201c}{}\u{201d} section of {}",
                    escape(h, 80),
                    code(&c.found_in)
                ),
                None => code(&c.found_in),
            },
        }
    }
}

/// True for an e-mail address (not a URL).
fn is_address(v: &str) -> bool {
    !v.contains("://") && v.contains('@')
}

/// The citations of the line a contact stands on (the whole file when it has no line), and
/// for a page the policy links to, the line of the link.
fn contact_cites<'r>(r: &'r ProbeResult, c: &PolicyContact) -> Vec<&'r Citation> {
    let at = |path: &str, line: Option<u32>| {
        r.citations.iter().find(|x| {
            let place = x.path.as_deref() == Some(path)
                || x.url.as_deref().map(|u| u.split('#').next().unwrap_or(u)) == Some(path);
            let lines = match (x.lines, line) {
                (Some([a, b]), Some(l)) => a <= l && l <= b,
                (None, None) => true,
                _ => false,
            };
            place && lines && x.supports.iter().any(|s| s == "contact_details")
        })
    };
    let mut out: Vec<&Citation> = at(&c.found_in, c.line).into_iter().collect();
    if let Some(from) = &c.linked_from {
        out.extend(at(from, c.linked_from_line));
    }
    out
}

/// The citation of the line a reference stands on.
fn reference_cites<'r>(r: &'r ProbeResult, x: &PolicyReference) -> Vec<&'r Citation> {
    r.citations
        .iter()
        .filter(|c| {
            let place = c.path.as_deref() == Some(x.found_in.as_str())
                || c.url.as_deref().map(|u| u.split('#').next().unwrap_or(u))
                    == Some(x.found_in.as_str());
            place
                && c.supports.iter().any(|s| s == "references")
                && c.lines == x.line.map(|l| [l, l])
        })
        .take(1)
        .collect()
}

/// An e-mail address as a code span, an http(s) URL as a link, anything else escaped.
/// "Of the 40 tags, 3 are signed and 38 are annotated." (both counts out of all tags).
fn tags_sentence(t: &crate::model::TagCounts) -> String {
    if t.total == 1 && t.in_repository.is_none_or(|n| n <= 1) {
        return format!(
            "The only tag is {} and {}.",
            if t.signed > 0 { "signed" } else { "not signed" },
            if t.annotated > 0 {
                "annotated"
            } else {
                "lightweight (not annotated)"
            }
        );
    }
    let is = |n: u64| if n == 1 { "is" } else { "are" };
    let base = match t.in_repository {
        Some(all) if all > t.total => format!(
            "the {} most recent {} (of {} in the repository)",
            num(t.total),
            if t.total == 1 { "tag" } else { "tags" },
            num(all)
        ),
        _ => format!("the {} tags", num(t.total)),
    };
    format!(
        "Of {base}, {} {} signed and {} {} annotated.",
        num(t.signed),
        is(t.signed),
        num(t.annotated),
        is(t.annotated)
    )
}

/// Every examined commit is signed, and every signature is GitHub's web-flow.
fn all_web_flow_signed(f: &SignedCommitsFacts) -> bool {
    match (f.commits_examined, f.signatures.as_ref(), f.web_flow_signed) {
        (Some(n), Some(sig), Some(w)) => n > 0 && sig.signed() == n && w == n,
        _ => false,
    }
}

/// The sentence that says why web-flow signatures are not the practice, when they are the
/// only signatures seen (or every examined commit was made in GitHub's web interface).
fn web_flow_only(f: &SignedCommitsFacts) -> Option<String> {
    match (f.web_flow_signed, f.developer_signed) {
        (Some(w), Some(0)) if w > 0 => Some(
            "GitHub signs every commit it creates in its web interface with its own key, whoever asked for it, so these signatures do not show that contributors sign their commits; no examined commit carries a developer's signature."
                .to_string(),
        ),
        _ => None,
    }
}

fn contact(c: &str) -> String {
    let c = c.trim();
    let c = c.strip_prefix("mailto:").unwrap_or(c);
    if c.starts_with("http://") || c.starts_with("https://") {
        autolink(c)
    } else {
        code(c)
    }
}

fn sbom_format(f: &str) -> String {
    match f {
        "spdx" => "SPDX".into(),
        "cyclonedx" => "CycloneDX".into(),
        other => escape(other, 40),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The overview paragraph for generators that fill only the template's "Development
/// Pipeline" bullet: the first two observed sentences of each checklist item it sums up,
/// with their citations.
fn development_pipeline(parts: &[&SelfAssessmentItem]) -> SelfAssessmentItem {
    let mut it = Item::new(&[
        ProbeId::CiChecks,
        ProbeId::CodeReview,
        ProbeId::BranchProtection,
        ProbeId::SignedCommits,
    ]);
    for p in parts {
        for s in p
            .sentences
            .iter()
            .filter(|s| !s.text.starts_with("Not determined"))
            .take(2)
        {
            it.say(
                s.text.clone(),
                s.citations.iter().filter_map(|i| p.citations.get(*i)),
            );
        }
    }
    let answers: Vec<Answer> = parts.iter().map(|p| p.answer).collect();
    let all = |a: Answer| answers.iter().all(|x| *x == a);
    let any = |a: Answer| answers.contains(&a);
    let answer = if all(Answer::Yes) {
        Answer::Yes
    } else if all(Answer::No) {
        Answer::No
    } else if any(Answer::Yes) || any(Answer::Partial) {
        Answer::Partial
    } else {
        it.unknown_for("parts of the pipeline could not be observed");
        Answer::Unknown
    };
    it.finish(answer)
}
