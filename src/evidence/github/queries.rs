//! Every GraphQL document the collector sends. Kept as constants (and one generator for
//! the file batch) so that a test can validate each against GitHub's public schema
//! (`tests/fixtures/github/schema.graphql`).

/// Merged pull requests, examined commits, releases, tags, checks, protection rules and
/// the org-level security policy, in one request.
///
/// Variables: `owner`, `name`; `rev` (the commit or branch the history starts from);
/// `branch` (merged pull requests into it; null for all); `prs`, `commits`, `releases`,
/// `tags` (page sizes, each ≤ 100).
pub const REPO_QUERY: &str = r#"query TssaRepo($owner: String!, $name: String!, $rev: String!, $branch: String, $prs: Int!, $commits: Int!, $releases: Int!, $tags: Int!) {
  rateLimit { cost remaining resetAt limit }
  repository(owner: $owner, name: $name) {
    nameWithOwner
    url
    isArchived
    isFork
    isPrivate
    isEmpty
    viewerPermission
    isSecurityPolicyEnabled
    securityPolicyUrl
    defaultBranchRef {
      name
      branchProtectionRule {
        pattern
        requiresApprovingReviews
        requiredApprovingReviewCount
        requiresCodeOwnerReviews
        dismissesStaleReviews
        requiresStatusChecks
        requiredStatusCheckContexts
        isAdminEnforced
        requiresCommitSignatures
        allowsForcePushes
        allowsDeletions
        requiresLinearHistory
      }
      refUpdateRule {
        pattern
        requiredApprovingReviewCount
        requiredStatusCheckContexts
        requiresCodeOwnerReviews
        requiresLinearHistory
        requiresSignatures
        allowsForcePushes
        allowsDeletions
      }
      target {
        __typename
        ... on Commit {
          oid
          statusCheckRollup { ...Rollup }
        }
      }
    }
    head: object(expression: $rev) {
      __typename
      ... on Commit {
        oid
        history(first: $commits) { ...History }
      }
    }
    pullRequests(states: MERGED, baseRefName: $branch, first: $prs, orderBy: {field: UPDATED_AT, direction: DESC}) {
      totalCount
      nodes {
        number
        url
        mergedAt
        headRefOid
        author { login }
        mergeCommit { oid }
        labels(first: 30) { nodes { name } }
        reviews(first: 50) { nodes { author { login } state } }
        comments(last: 30) { nodes { author { __typename login } body } }
        commits(last: 1) { nodes { commit { oid statusCheckRollup { ...Rollup } } } }
      }
    }
    releases(first: $releases, orderBy: {field: CREATED_AT, direction: DESC}) {
      nodes {
        tagName
        name
        url
        publishedAt
        isPrerelease
        isDraft
        releaseAssets(first: 100) { nodes { name downloadUrl } }
      }
    }
    rulesets(first: 50, includeParents: true) { nodes { databaseId name enforcement } }
    tags: refs(refPrefix: "refs/tags/", first: $tags, orderBy: {field: TAG_COMMIT_DATE, direction: DESC}) {
      totalCount
      nodes {
        name
        target {
          __typename
          ... on Tag { message }
        }
      }
    }
  }
  orgPolicy: repository(owner: $owner, name: ".github") {
    nameWithOwner
    url
    defaultBranchRef { name target { oid } }
    root: object(expression: "HEAD:SECURITY.md") { ...PolicyBlob }
    dotGithub: object(expression: "HEAD:.github/SECURITY.md") { ...PolicyBlob }
    docs: object(expression: "HEAD:docs/SECURITY.md") { ...PolicyBlob }
  }
}

fragment Rollup on StatusCheckRollup {
  state
  contexts(first: 100) {
    nodes {
      __typename
      ... on CheckRun {
        name
        status
        conclusion
        checkSuite { app { slug name } }
      }
      ... on StatusContext {
        context
        state
        creator { login }
      }
    }
  }
}

fragment PolicyBlob on GitObject {
  __typename
  ... on Blob { text byteSize isTruncated }
}

fragment History on CommitHistoryConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    oid
    committedDate
    message
    committer { name email }
    signature { __typename isValid state wasSignedByGitHub }
    associatedPullRequests(first: 1) { totalCount }
  }
}
"#;

/// Which parts of [`REPO_QUERY`] to ask for (the selected probes' needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepoParts {
    /// `branchProtectionRule`, `refUpdateRule` and the ruleset names.
    pub protection: bool,
    /// Merged pull requests (reviews, labels, Prow comments, their head's checks).
    pub pull_requests: bool,
    /// Check rollups on the default branch head (and on pull request heads).
    pub checks: bool,
    pub releases: bool,
    pub tags: bool,
    /// The org `.github` repository's SECURITY.md.
    pub org_policy: bool,
}

impl RepoParts {
    pub const ALL: RepoParts = RepoParts {
        protection: true,
        pull_requests: true,
        checks: true,
        releases: true,
        tags: true,
        org_policy: true,
    };

    /// The variables a query with these parts declares, besides `owner`, `name`, `rev`
    /// and `commits` (always declared).
    pub fn variables(self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.pull_requests {
            v.extend(["branch", "prs"]);
        }
        if self.releases {
            v.push("releases");
        }
        if self.tags {
            v.push("tags");
        }
        v
    }
}

/// [`REPO_QUERY`] with only `parts` (and the variables and fragments they use): the
/// history is always asked for.
pub fn repo_query(parts: RepoParts) -> String {
    let mut q = REPO_QUERY.to_string();
    if !parts.protection {
        q = drop_block(&q, "      branchProtectionRule {");
        q = drop_block(&q, "      refUpdateRule {");
        q = drop_block(&q, "    rulesets(");
    }
    if !parts.checks {
        q = drop_block(&q, "          statusCheckRollup { ...Rollup }");
        q = q.replace(
            "commits(last: 1) { nodes { commit { oid statusCheckRollup { ...Rollup } } } }",
            "commits(last: 1) { nodes { commit { oid } } }",
        );
    }
    if !parts.pull_requests {
        q = drop_block(&q, "    pullRequests(");
        q = q
            .replace(", $branch: String", "")
            .replace(", $prs: Int!", "");
    }
    if !parts.releases {
        q = drop_block(&q, "    releases(");
        q = q.replace(", $releases: Int!", "");
    }
    if !parts.tags {
        q = drop_block(&q, "    tags: refs(");
        q = q.replace(", $tags: Int!", "");
    }
    if !parts.org_policy {
        q = drop_block(&q, "  orgPolicy: repository(");
    }
    for fragment in ["Rollup", "PolicyBlob"] {
        if !q.contains(&format!("...{fragment}")) {
            q = drop_block(&q, &format!("fragment {fragment} on "));
        }
    }
    q
}

/// `q` without the field (or fragment) whose line starts with `start`, up to the brace
/// that closes it, and the line break after it. `q` unchanged when `start` is absent.
fn drop_block(q: &str, start: &str) -> String {
    let Some(from) = q.find(&format!("\n{start}")).map(|i| i + 1) else {
        return q.to_string();
    };
    let mut depth = 0usize;
    let mut opened = false;
    let mut end = q.len();
    for (i, c) in q[from..].char_indices() {
        match c {
            '{' => {
                depth += 1;
                opened = true;
            }
            '}' => depth = depth.saturating_sub(1),
            '\n' if opened && depth == 0 => {
                end = from + i + 1;
                break;
            }
            _ => {}
        }
    }
    format!("{}{}", &q[..from], &q[end..])
}

/// The next page of commits after `after`.
pub const HISTORY_QUERY: &str = r#"query TssaHistory($owner: String!, $name: String!, $rev: String!, $first: Int!, $after: String) {
  rateLimit { cost remaining resetAt limit }
  repository(owner: $owner, name: $name) {
    head: object(expression: $rev) {
      __typename
      ... on Commit {
        oid
        history(first: $first, after: $after) { ...History }
      }
    }
  }
}

fragment History on CommitHistoryConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    oid
    committedDate
    message
    committer { name email }
    signature { __typename isValid state wasSignedByGitHub }
    associatedPullRequests(first: 1) { totalCount }
  }
}
"#;

/// The blobs named by `$e0`…`$e{n-1}` (`"<sha>:<path>"` expressions), aliased `f0`….
pub fn files_query(n: usize) -> String {
    let mut vars = String::from("$owner: String!, $name: String!");
    let mut fields = String::new();
    for i in 0..n {
        vars.push_str(&format!(", $e{i}: String!"));
        fields.push_str(&format!(
            "    f{i}: object(expression: $e{i}) {{ ...FileBlob }}\n"
        ));
    }
    format!(
        "query TssaFiles({vars}) {{\n  rateLimit {{ cost remaining resetAt limit }}\n  repository(owner: $owner, name: $name) {{\n{fields}  }}\n}}\n\nfragment FileBlob on GitObject {{\n  __typename\n  ... on Blob {{ text byteSize isTruncated isBinary }}\n}}\n"
    )
}

/// Every document the collector can send, by name, for validation (`TssaRepo` with every
/// combination of parts, the file batch at two sizes).
pub fn all() -> Vec<(String, String)> {
    let mut out = vec![("TssaRepo".to_string(), REPO_QUERY.to_string())];
    for bits in 0..64u8 {
        let parts = RepoParts {
            protection: bits & 1 != 0,
            pull_requests: bits & 2 != 0,
            checks: bits & 4 != 0,
            releases: bits & 8 != 0,
            tags: bits & 16 != 0,
            org_policy: bits & 32 != 0,
        };
        out.push((format!("TssaRepo({parts:?})"), repo_query(parts)));
    }
    out.push(("TssaHistory".to_string(), HISTORY_QUERY.to_string()));
    out.push(("TssaFiles(1)".to_string(), files_query(1)));
    out.push(("TssaFiles(3)".to_string(), files_query(3)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_query_is_the_constant_and_parts_leave_it() {
        assert_eq!(repo_query(RepoParts::ALL), REPO_QUERY);
        let none = RepoParts {
            protection: false,
            pull_requests: false,
            checks: false,
            releases: false,
            tags: false,
            org_policy: false,
        };
        let q = repo_query(none);
        for gone in [
            "pullRequests",
            "branchProtectionRule",
            "refUpdateRule",
            "rulesets",
            "releases",
            "refs(",
            "orgPolicy",
            "Rollup",
            "PolicyBlob",
            "$prs",
            "$branch",
            "$tags",
            "$releases",
        ] {
            assert!(!q.contains(gone), "{gone} left in:\n{q}");
        }
        for kept in [
            "history(first: $commits)",
            "fragment History",
            "defaultBranchRef",
        ] {
            assert!(q.contains(kept), "{kept} missing:\n{q}");
        }
        let prs_only = repo_query(RepoParts {
            pull_requests: true,
            ..none
        });
        assert!(prs_only.contains("pullRequests(") && !prs_only.contains("Rollup"));
        assert!(prs_only.contains("commits(last: 1) { nodes { commit { oid } } }"));
    }
}
