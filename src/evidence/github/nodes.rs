//! The GraphQL node types of the `TssaRepo` answer and how each part becomes evidence
//! (a part with an error is `Unavailable` on its own; the rest stays usable).

use serde::Deserialize;

use super::history::{self, CommitNode, TagNode};
use super::transport::*;
use super::*;
use crate::evidence::Unavailable;
use crate::model::Reason;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Login {
    pub(super) login: Option<String>,
    #[serde(rename = "__typename")]
    pub(super) typename: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RepoNode {
    pub(super) name_with_owner: Option<String>,
    pub(super) is_empty: Option<bool>,
    pub(super) is_archived: Option<bool>,
    pub(super) is_fork: Option<bool>,
    pub(super) is_private: Option<bool>,
    pub(super) viewer_permission: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BprNode {
    pub(super) requires_approving_reviews: Option<bool>,
    pub(super) required_approving_review_count: Option<u32>,
    pub(super) requires_code_owner_reviews: Option<bool>,
    pub(super) dismisses_stale_reviews: Option<bool>,
    pub(super) required_status_check_contexts: Option<Vec<Option<String>>>,
    pub(super) is_admin_enforced: Option<bool>,
    pub(super) requires_commit_signatures: Option<bool>,
    pub(super) allows_force_pushes: Option<bool>,
    pub(super) allows_deletions: Option<bool>,
    pub(super) requires_linear_history: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RurNode {
    pub(super) required_approving_review_count: Option<u32>,
    pub(super) required_status_check_contexts: Option<Vec<Option<String>>>,
    pub(super) requires_code_owner_reviews: Option<bool>,
    pub(super) requires_linear_history: Option<bool>,
    pub(super) requires_signatures: Option<bool>,
    pub(super) allows_force_pushes: Option<bool>,
    pub(super) allows_deletions: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RefNode {
    pub(super) name: Option<String>,
    pub(super) branch_protection_rule: Option<BprNode>,
    pub(super) ref_update_rule: Option<RurNode>,
    pub(super) target: Option<TargetNode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TargetNode {
    pub(super) oid: Option<String>,
    pub(super) status_check_rollup: Option<RollupNode>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RollupNode {
    pub(super) contexts: Option<Nodes<ContextNode>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ContextNode {
    #[serde(rename = "__typename")]
    pub(super) typename: Option<String>,
    // CheckRun
    pub(super) name: Option<String>,
    pub(super) status: Option<String>,
    pub(super) conclusion: Option<String>,
    pub(super) check_suite: Option<SuiteNode>,
    // StatusContext
    pub(super) context: Option<String>,
    pub(super) state: Option<String>,
    pub(super) creator: Option<Login>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SuiteNode {
    pub(super) app: Option<AppNode>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct AppNode {
    pub(super) slug: Option<String>,
    pub(super) name: Option<String>,
}

pub(super) fn runs_of(rollup: Option<RollupNode>) -> Vec<CheckRun> {
    let Some(ctx) = rollup.and_then(|r| r.contexts) else {
        return Vec::new();
    };
    ctx.into_vec()
        .into_iter()
        .filter_map(|c| match c.typename.as_deref() {
            Some("CheckRun") => Some(CheckRun {
                app: c
                    .check_suite
                    .and_then(|s| s.app)
                    .and_then(|a| a.slug.or(a.name))
                    .unwrap_or_default(),
                name: c.name.unwrap_or_default(),
                status: c.status.unwrap_or_default().to_ascii_lowercase(),
                conclusion: c.conclusion.map(|s| s.to_ascii_lowercase()),
            }),
            Some("StatusContext") => {
                let state = c.state.unwrap_or_default().to_ascii_lowercase();
                let pending = matches!(state.as_str(), "pending" | "expected");
                Some(CheckRun {
                    // Commit statuses have no app: the account that posted them stands in.
                    app: c.creator.and_then(|l| l.login).unwrap_or_default(),
                    name: c.context.unwrap_or_default(),
                    status: if pending { "pending" } else { "completed" }.into(),
                    conclusion: (!pending).then_some(state),
                })
            }
            _ => None,
        })
        .collect()
}

pub(super) fn contexts(v: Option<Vec<Option<String>>>) -> Vec<String> {
    v.unwrap_or_default().into_iter().flatten().collect()
}

pub(super) fn classic_from_bpr(b: BprNode, url: &str) -> ClassicProtection {
    ClassicProtection {
        api_url: url.to_string(),
        via: "graphql".into(),
        required_approvals: b
            .requires_approving_reviews
            .unwrap_or(false)
            .then(|| b.required_approving_review_count.unwrap_or(0)),
        require_code_owner_reviews: b.requires_code_owner_reviews.unwrap_or(false),
        dismiss_stale_reviews: b.dismisses_stale_reviews.unwrap_or(false),
        required_status_checks: contexts(b.required_status_check_contexts),
        enforce_admins: b.is_admin_enforced.unwrap_or(false),
        required_signatures: b.requires_commit_signatures.unwrap_or(false),
        allow_force_pushes: b.allows_force_pushes.unwrap_or(false),
        allow_deletions: b.allows_deletions.unwrap_or(false),
        linear_history: b.requires_linear_history.unwrap_or(false),
        unobserved: Vec::new(),
    }
}

/// [`ClassicProtection::via`] of a classic rule seen through `refUpdateRule`.
pub const REF_UPDATE_RULE: &str = "graphql_ref_update_rule";

/// `Ref.refUpdateRule`: "branch protection rules that are viewable by non-admins", in fact
/// the rules enforced on the viewer from classic protection and rulesets together (see
/// [`classic_beyond_rulesets`]). It does not carry stale-review dismissal or admin
/// enforcement: those are listed as unobserved.
pub(super) fn classic_from_rur(r: RurNode, url: &str) -> ClassicProtection {
    ClassicProtection {
        api_url: url.to_string(),
        via: REF_UPDATE_RULE.into(),
        required_approvals: r.required_approving_review_count.filter(|n| *n > 0),
        require_code_owner_reviews: r.requires_code_owner_reviews.unwrap_or(false),
        dismiss_stale_reviews: false,
        required_status_checks: contexts(r.required_status_check_contexts),
        enforce_admins: false,
        required_signatures: r.requires_signatures.unwrap_or(false),
        allow_force_pushes: r.allows_force_pushes.unwrap_or(false),
        allow_deletions: r.allows_deletions.unwrap_or(false),
        linear_history: r.requires_linear_history.unwrap_or(false),
        unobserved: vec!["dismiss_stale_reviews".into(), "enforce_admins".into()],
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct HeadNode {
    #[serde(rename = "__typename")]
    pub(super) typename: Option<String>,
    pub(super) oid: Option<String>,
    pub(super) history: Option<HistoryConn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PageInfo {
    #[serde(default)]
    pub(super) has_next_page: bool,
    pub(super) end_cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct HistoryConn {
    pub(super) page_info: Option<PageInfo>,
    #[serde(default = "Vec::new")]
    pub(super) nodes: Vec<Option<CommitNode>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Author {
    pub(super) login: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ReviewNode {
    pub(super) author: Option<Author>,
    pub(super) state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct CommentNode {
    pub(super) author: Option<Login>,
    #[serde(default)]
    pub(super) body: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct LabelNode {
    pub(super) name: String,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Oid {
    pub(super) oid: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PrCommitNode {
    pub(super) commit: Option<TargetNode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PrNode {
    pub(super) number: u64,
    pub(super) url: Option<String>,
    pub(super) merged_at: Option<String>,
    pub(super) author: Option<Author>,
    pub(super) merge_commit: Option<Oid>,
    pub(super) labels: Option<Nodes<LabelNode>>,
    pub(super) reviews: Option<Nodes<ReviewNode>>,
    pub(super) comments: Option<Nodes<CommentNode>>,
    pub(super) commits: Option<Nodes<PrCommitNode>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AssetNode {
    pub(super) name: String,
    pub(super) download_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReleaseNode {
    pub(super) tag_name: String,
    pub(super) name: Option<String>,
    pub(super) url: Option<String>,
    pub(super) published_at: Option<String>,
    #[serde(default)]
    pub(super) is_prerelease: bool,
    #[serde(default)]
    pub(super) is_draft: bool,
    pub(super) release_assets: Option<Nodes<AssetNode>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BlobNode {
    #[serde(rename = "__typename")]
    pub(super) typename: Option<String>,
    pub(super) text: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OrgRepoNode {
    pub(super) name_with_owner: Option<String>,
    pub(super) url: Option<String>,
    pub(super) default_branch_ref: Option<RefNode>,
    pub(super) root: Option<BlobNode>,
    pub(super) dot_github: Option<BlobNode>,
    pub(super) docs: Option<BlobNode>,
}

/// A `/lgtm` or `/approve` command on a line of its own (not `… cancel`).
pub(super) fn prow_command(body: &str) -> bool {
    body.lines().any(|l| {
        let mut words = l.split_whitespace();
        matches!(words.next(), Some("/lgtm") | Some("/approve"))
            && !words.any(|w| w.eq_ignore_ascii_case("cancel"))
    })
}

/// A Prow bot's notification that a review label was applied.
pub(super) fn prow_notification(body: &str) -> bool {
    body.contains("[APPROVALNOTIFIER]") || body.contains("LGTM label has been added")
}

pub(super) fn pull_request(pr: PrNode) -> (PullRequestInfo, Option<(String, Vec<CheckRun>)>) {
    let mut prow_commands: Vec<String> = Vec::new();
    let mut prow_approvers: Vec<String> = Vec::new();
    for c in pr.comments.map(Nodes::into_vec).unwrap_or_default() {
        let login = c.author.as_ref().and_then(|a| a.login.clone());
        let is_bot = c.author.as_ref().and_then(|a| a.typename.as_deref()) == Some("Bot");
        if let Some(login) = login {
            if prow_notification(&c.body) || (is_bot && prow_command(&c.body)) {
                if !prow_commands.contains(&login) {
                    prow_commands.push(login);
                }
            } else if prow_command(&c.body) && !prow_approvers.contains(&login) {
                prow_approvers.push(login);
            }
        }
    }
    let head = pr
        .commits
        .map(Nodes::into_vec)
        .unwrap_or_default()
        .into_iter()
        .next_back()
        .and_then(|c| c.commit)
        .and_then(|t| {
            t.oid
                .clone()
                .map(|oid| (oid, runs_of(t.status_check_rollup)))
        });
    (
        PullRequestInfo {
            number: pr.number,
            url: pr.url.unwrap_or_default(),
            author: pr.author.and_then(|a| a.login),
            merged_at: pr.merged_at,
            merge_commit: pr.merge_commit.and_then(|m| m.oid),
            reviews: pr
                .reviews
                .map(Nodes::into_vec)
                .unwrap_or_default()
                .into_iter()
                .map(|r| Review {
                    author: r.author.and_then(|a| a.login),
                    state: r.state.unwrap_or_default(),
                })
                .collect(),
            labels: pr
                .labels
                .map(Nodes::into_vec)
                .unwrap_or_default()
                .into_iter()
                .map(|l| l.name)
                .collect(),
            prow_commands,
            prow_approvers,
        },
        head,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RulesetNode {
    pub(super) database_id: Option<u64>,
    pub(super) name: Option<String>,
}

/// What the main GraphQL query yielded.
pub(super) struct Main {
    pub(super) repo: Option<RepoNode>,
    pub(super) branch: Option<RefNode>,
    /// Classic protection as `branchProtectionRule` shows it.
    pub(super) classic: Observed<Option<ClassicProtection>>,
    /// `refUpdateRule`: the rules enforced on this token, classic and rulesets together.
    pub(super) ref_update_rule: Option<ClassicProtection>,
    pub(super) history: Observed<(String, Vec<CommitNode>, Option<PageInfo>)>,
    pub(super) reviews: Observed<ReviewEvidence>,
    pub(super) checks: Observed<Vec<CommitChecks>>,
    pub(super) releases: Observed<Releases>,
    pub(super) tags: Observed<TagCensus>,
    pub(super) org_policy: Observed<Option<OrgPolicy>>,
    /// Ruleset names by id, where GitHub shows them to this token.
    pub(super) ruleset_names: Vec<(u64, String)>,
}

pub(super) fn main_parts(gql: Result<Gql, Unavailable>, graphql_url: &str, owner: &str) -> Main {
    // Errors below `repository` (a forbidden sub-field) spoil only their own part.
    let repo: Option<RepoNode> = gql
        .as_ref()
        .ok()
        .filter(|g| {
            !g.errors
                .iter()
                .any(|e| e.path.len() == 1 && e.path[0] == "repository")
        })
        .and_then(|g| serde_json::from_value(g.at(&["repository"]).clone()).ok());
    let branch_part: Observed<Option<RefNode>> =
        part(&gql, &["repository", "defaultBranchRef"], "default branch");
    let branch = branch_part.as_ref().ok().and_then(|b| {
        b.as_ref().map(|r| RefNode {
            name: r.name.clone(),
            ..Default::default()
        })
    });

    // Classic rule as GraphQL shows it. Only `branchProtectionRule` is classic protection;
    // `refUpdateRule` (what non-admins see) merges classic protection and rulesets as they
    // apply to the viewer, so it is kept apart and read against the rulesets later.
    let mut ref_update_rule = None;
    let classic = branch_part.map(|b| {
        let b = b?;
        ref_update_rule = b.ref_update_rule.map(|r| classic_from_rur(r, graphql_url));
        b.branch_protection_rule
            .map(|bpr| classic_from_bpr(bpr, graphql_url))
    });

    // Default branch head checks.
    let head_checks: Observed<Option<CommitChecks>> = part::<Option<TargetNode>>(
        &gql,
        &["repository", "defaultBranchRef", "target"],
        "checks on the default branch head",
    )
    .map(|t| {
        t.and_then(|t| {
            let oid = t.oid.clone()?;
            Some(CommitChecks {
                commit: oid,
                api_url: graphql_url.to_string(),
                default_branch_head: true,
                runs: runs_of(t.status_check_rollup),
            })
        })
    });

    let history: Observed<(String, Vec<CommitNode>, Option<PageInfo>)> =
        part::<Option<HeadNode>>(&gql, &["repository", "head"], "commit history").and_then(|h| {
            match h {
                Some(h) if h.typename.as_deref().is_none_or(|t| t == "Commit") => {
                    let conn = h.history.unwrap_or_default();
                    Ok((
                        h.oid.unwrap_or_default(),
                        conn.nodes.into_iter().flatten().collect(),
                        conn.page_info,
                    ))
                }
                _ => Err(unavailable(
                    Reason::NotFound,
                    "the commit the history starts from is not on GitHub",
                )),
            }
        });

    let prs: Observed<Vec<PrNode>> = part::<Nodes<PrNode>>(
        &gql,
        &["repository", "pullRequests"],
        "merged pull requests",
    )
    .map(Nodes::into_vec);
    let mut pr_checks: Vec<CommitChecks> = Vec::new();
    let reviews = prs.map(|prs| {
        let mut out = Vec::new();
        for p in prs {
            let (info, head) = pull_request(p);
            if let Some((oid, runs)) = head {
                pr_checks.push(CommitChecks {
                    commit: oid,
                    api_url: graphql_url.to_string(),
                    default_branch_head: false,
                    runs,
                });
            }
            out.push(info);
        }
        ReviewEvidence {
            api_url: graphql_url.to_string(),
            pull_requests: out,
            // Filled in by `collect` from the examined commits.
            direct_pushes: Vec::new(),
        }
    });
    let checks = head_checks.map(|h| {
        let mut v: Vec<CommitChecks> = h.into_iter().collect();
        v.extend(pr_checks);
        v
    });

    let releases =
        part::<Nodes<ReleaseNode>>(&gql, &["repository", "releases"], "releases").map(|n| {
            Releases {
                api_url: graphql_url.to_string(),
                releases: n
                    .into_vec()
                    .into_iter()
                    .filter(|r| !r.is_draft)
                    .map(|r| ReleaseInfo {
                        tag: r.tag_name,
                        name: r.name,
                        html_url: r.url.unwrap_or_default(),
                        published_at: r.published_at,
                        prerelease: r.is_prerelease,
                        assets: r
                            .release_assets
                            .map(Nodes::into_vec)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|a| ReleaseAsset {
                                url: a.download_url.unwrap_or_default(),
                                name: a.name,
                            })
                            .collect(),
                    })
                    .collect(),
            }
        });

    let tags = part::<Option<Nodes<TagNode>>>(&gql, &["repository", "tags"], "tags").map(|n| {
        let in_repository = n.as_ref().and_then(|n| n.total_count);
        let mut t = history::tag_census(&n.map(Nodes::into_vec).unwrap_or_default(), graphql_url);
        // Only the newest tags are examined through the API: say how many there are.
        t.in_repository = in_repository.filter(|&all| all > t.total);
        t
    });

    let org_policy = match gql.as_ref() {
        Err(e) => Err(e.clone()),
        Ok(g) => match g.error_at(&["orgPolicy"]) {
            // No `.github` repository: GitHub has no default policy to apply.
            Some(e) if e.kind.as_deref() == Some("NOT_FOUND") => Ok(None),
            Some(e) => Err(gql_error_unavailable(e, "org-level security policy")),
            None => {
                match serde_json::from_value::<Option<OrgRepoNode>>(g.at(&["orgPolicy"]).clone()) {
                    Err(_) => Err(malformed("the org-level security policy")),
                    Ok(None) => Ok(None),
                    Ok(Some(o)) => Ok(org_policy(o, owner)),
                }
            }
        },
    };

    let ruleset_names =
        part::<Option<Nodes<RulesetNode>>>(&gql, &["repository", "rulesets"], "rulesets")
            .ok()
            .flatten()
            .map(Nodes::into_vec)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| Some((r.database_id?, r.name?)))
            .collect();

    Main {
        ruleset_names,
        repo,
        branch,
        classic,
        ref_update_rule,
        history,
        reviews,
        checks,
        releases,
        tags,
        org_policy,
    }
}

pub(super) fn org_policy(o: OrgRepoNode, owner: &str) -> Option<OrgPolicy> {
    let repository = o
        .name_with_owner
        .clone()
        .unwrap_or_else(|| format!("{owner}/.github"));
    let base = o
        .url
        .clone()
        .unwrap_or_else(|| format!("https://github.com/{repository}"));
    let at = o
        .default_branch_ref
        .as_ref()
        .and_then(|r| r.target.as_ref())
        .and_then(|t| t.oid.clone())
        .or_else(|| o.default_branch_ref.as_ref().and_then(|r| r.name.clone()))
        .unwrap_or_else(|| "HEAD".into());
    for (path, blob) in [
        ("SECURITY.md", o.root),
        (".github/SECURITY.md", o.dot_github),
        ("docs/SECURITY.md", o.docs),
    ] {
        if let Some(b) = blob {
            if b.typename.as_deref().is_none_or(|t| t == "Blob") {
                if let Some(text) = b.text {
                    let mut content = text;
                    if content.len() > crate::evidence::files::MAX_CONTENT {
                        let mut cut = crate::evidence::files::MAX_CONTENT;
                        while !content.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        content.truncate(cut);
                    }
                    return Some(OrgPolicy {
                        repository,
                        path: path.to_string(),
                        html_url: format!("{base}/blob/{at}/{path}"),
                        content,
                    });
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prow_commands_and_notifications() {
        assert!(prow_command("/lgtm"));
        assert!(prow_command("looks good\n/approve\n"));
        assert!(!prow_command("/lgtm cancel"));
        assert!(!prow_command("please /lgtm this"));
        assert!(prow_notification(
            "[APPROVALNOTIFIER] This PR is **APPROVED**"
        ));
        assert!(prow_notification("LGTM label has been added.  <details>"));
    }
}
