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

/// Every document the collector can send, by name, for validation (the file batch at two
/// sizes).
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("TssaRepo", REPO_QUERY.to_string()),
        ("TssaHistory", HISTORY_QUERY.to_string()),
        ("TssaFiles(1)", files_query(1)),
        ("TssaFiles(3)", files_query(3)),
    ]
}
