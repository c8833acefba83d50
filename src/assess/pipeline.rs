//! Development pipeline answers: where the source is, signed commits, review and branch
//! protection.

use super::*;

impl Ctx<'_> {
    // ------------------------------------------------------------ source_in_github

    pub(super) fn source_in_github(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[]);
        let repo = &self.ev.repo;
        let commit = repo
            .head_commit
            .as_deref()
            .map(|sha| self.ev.cite_commit(sha));
        let at = repo.head_commit.as_deref().map(|sha| {
            text![
                "commit ",
                crate::model::text::commit(sha),
                " of ",
                self.branch(None)
            ]
        });
        match &repo.github {
            Some(gh) => {
                it.say(
                    text![
                        "The source code is hosted on GitHub at ",
                        url(&gh.html_url()),
                        "; this scan read ",
                        at.unwrap_or_default(),
                        "."
                    ],
                    commit.iter(),
                );
                it.finish(Answer::Yes)
            }
            None => {
                // No remote: the project's own Security Insights file may name the
                // repository; said as what the file states, cited.
                if let Some((path, line, gh)) = self.insights_repository() {
                    it.say(
                        text![
                            "The scan has no GitHub remote, but ",
                            code(&path),
                            " (line ",
                            num(u64::from(line)),
                            ") names the project's repository: ",
                            url(&gh.html_url()),
                            "."
                        ],
                        [&self.ev.cite_file(&path, Some((line, line)))],
                    );
                    if let Some(at) = at {
                        it.say(
                            text!["This scan read ", at, " in a local repository."],
                            commit.iter(),
                        );
                    }
                    return it.finish(Answer::Yes);
                }
                it.unknown_for("the repository has no GitHub remote");
                if let Some(at) = at {
                    it.say(
                        text!["This scan read ", at, " in a local repository."],
                        commit.iter(),
                    );
                }
                it.finish(Answer::Unknown)
            }
        }
    }

    /// The repository a Security Insights file names (`header.project-url` in version 1,
    /// `repository.url` in version 2), when it is a GitHub repository: path, line, repo.
    fn insights_repository(&self) -> Option<(String, u32, crate::repo::GithubRepo)> {
        let files = self.ev.files.as_ref().ok()?;
        INSIGHTS_FILES.iter().find_map(|p| {
            let (_, c) = files.text(p)?;
            let (line, value) = insights_repository_url(&c.text)?;
            Some((p.to_string(), line, crate::repo::parse_github_url(&value)?))
        })
    }

    // ------------------------------------------------------------ signed commits

    /// The headline census sentence: "812 of the 1 000 most recent commits of … carry a
    /// signature; 790 of them are GitHub web-flow signatures …, 22 are developer signatures".
    pub(super) fn signature_census(&self, it: &mut Item, r: &ProbeResult, f: &SignedCommitsFacts) {
        let (Some(n), Some(sig)) = (f.commits_examined, f.signatures.as_ref()) else {
            return;
        };
        let branch = self.branch(None);
        let complete = f.history_complete == Some(true);
        let signed = sig.signed();
        // The kinds of signature, right after the signatures they count: "(992 OpenPGP,
        // 4 SSH)", never after a count of developers.
        let kinds: Vec<Text> = [
            (sig.openpgp, "OpenPGP"),
            (sig.ssh, "SSH"),
            (sig.x509, "X.509"),
            (sig.other, "other"),
        ]
        .iter()
        .filter(|(k, _)| *k > 0)
        .map(|(k, name)| text![num(*k), " ", *name])
        .collect();
        let kinds = if signed > 0 && !kinds.is_empty() {
            let mut t = Text::new();
            t.push(" (");
            for (i, k) in kinds.into_iter().enumerate() {
                if i > 0 {
                    t.push(", ");
                }
                t.push(k);
            }
            t.push(")");
            t
        } else {
            Text::new()
        };
        let mut s = match n {
            0 => text!["No commits of ", branch, " were examined"],
            1 => text![
                if complete {
                    "The only commit"
                } else {
                    "The most recent commit"
                },
                " of ",
                branch,
                if signed > 0 {
                    " carries a signature"
                } else {
                    " carries no signature"
                },
                kinds
            ],
            n if complete => text![
                num(signed),
                " of all ",
                num(n),
                " commits of ",
                branch,
                " (the full history) carry a signature",
                kinds
            ],
            n => text![
                num(signed),
                " of the ",
                num(n),
                " most recent commits of ",
                branch,
                " carry a signature",
                kinds
            ],
        };
        if signed > 0 {
            match (f.web_flow_signed, f.developer_signed) {
                (Some(w), Some(0)) if w > 0 => {
                    s.push(if signed == 1 {
                        "; it is GitHub's web-flow signature, which GitHub puts on the commits it makes itself (merges and edits in its web interface), and says nothing about whether contributors sign their own commits"
                    } else {
                        "; all are GitHub's web-flow signatures, which GitHub puts on the commits it makes itself (merges and edits in its web interface), and say nothing about whether contributors sign their own commits"
                    });
                }
                (Some(w), Some(d)) => {
                    s.push(text![
                        "; ",
                        num(w),
                        if w == 1 { " of them is a" } else { " of them are" },
                        " GitHub web-flow ",
                        if w == 1 { "signature" } else { "signatures" },
                        " on commits made in GitHub's web interface (such as merges of pull requests), ",
                        num(d),
                        if d == 1 { " is a" } else { " are" },
                        " developer ",
                        if d == 1 { "signature" } else { "signatures" },
                    ]);
                }
                _ => {}
            }
        }
        s.push(".");
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

    pub(super) fn signed_commits_required(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::SignedCommits, ProbeId::BranchProtection]);
        // The written rules first: the census below says how far the history follows them.
        let (dco_rule, signing_rule) = self.say_signing_rules(&mut it);
        let mut answer = Answer::Unknown;
        match self.signed() {
            Some((r, f)) => {
                self.signature_census(&mut it, r, f);
                if let Some(t) = dco_sentence(f) {
                    it.say(
                        t,
                        cites(
                            r,
                            &[
                                "dco_signed_off",
                                "merge_commits",
                                "dco_signed_off_non_merge",
                            ],
                        ),
                    );
                }
                if let Some(v) = f.verified.as_ref().filter(|v| v.checked > 0) {
                    let mut s = text![
                        "GitHub reports ",
                        num(v.verified),
                        " of ",
                        num(v.checked),
                        " checked commits as verified"
                    ];
                    let reasons: Vec<Text> = v
                        .unverified_reasons
                        .iter()
                        .filter(|(_, n)| **n > 0)
                        .map(|(why, n)| text![num(*n), " ", code(why)])
                        .collect();
                    if !reasons.is_empty() {
                        s.push(text![" (unverified: ", list_of(reasons), ")"]);
                    }
                    s.push(".");
                    it.say(s, cites(r, &["verified"]));
                }
                if let Some(t) = &f.tags {
                    let s = if t.total == 0 {
                        text!["The repository has no tags."]
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
                        text!["Branch protection on ", branch, " requires signed commits."],
                        cites(r, &["required_signatures"]),
                    );
                    answer = Answer::Yes;
                }
                Some(false) => it.say(
                    text![
                        "Branch protection on ",
                        branch,
                        " does not require signed commits."
                    ],
                    cites(r, &["required_signatures"]),
                ),
                None => {
                    let (_, why) = why_unknown(Some(r));
                    it.say(
                        text![
                            "Whether branch protection requires signed commits was not read (",
                            why,
                            ")."
                        ],
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
                    "Unsigned developer commits reached the default branch, so signing was not required when they were made.",
                    cites(r, &["signatures", "developer_signed"]),
                );
                answer = Answer::No;
            }
        }
        // A written rule (DCO sign-off, signed commits) is not answered with a bare "no":
        // it is required in part, as written, while the history shows commits without it.
        let protection_unread = self
            .protection()
            .is_none_or(|(_, f)| f.required_signatures.is_none());
        let web_flow_only = self.signed().is_some_and(|(_, f)| all_web_flow_signed(f));
        if answer == Answer::No && (dco_rule || signing_rule) {
            answer = Answer::Partial;
        } else if answer == Answer::No && protection_unread && web_flow_only {
            // Only GitHub's own signatures and no written rule: the history cannot tell
            // whether contributors must sign, and the branch rule was not read.
            let (reason, why) = why_unknown(self.protection().map(|(r, _)| r));
            it.reason = reason;
            it.why = Some(text![
                "no examined commit carries a contributor's own signature, no document read requires one, and branch protection was not read: ",
                why
            ]);
            it.sentences
                .retain(|s| !s.text.starts_with("Whether branch protection requires"));
            answer = Answer::Unknown;
        }
        self.say_two_factor_rule(&mut it);
        it.finish(answer)
    }

    // ------------------------------------------------------------ review

    pub(super) fn reviewers_before_merge(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::CodeReview, ProbeId::BranchProtection]);
        // The written rule first, then what the settings and the history show.
        let written = self.say_review_rules(&mut it);
        let mut required: Option<u32> = None;
        if let Some((r, f)) = self.protection() {
            let branch = self.branch(f.branch.as_deref());
            match f.required_approvals {
                Some(n) if n > 0 => {
                    required = Some(n);
                    let mut s = text![
                        "Branch protection on ",
                        branch,
                        " requires ",
                        count(u64::from(n), "approving review", "approving reviews"),
                        " before a pull request can be merged"
                    ];
                    let mut extra = Vec::new();
                    if f.require_code_owner_reviews == Some(true) {
                        extra.push("a code owner must approve");
                    }
                    if f.dismiss_stale_reviews == Some(true) {
                        extra.push("approvals are dismissed when new commits are pushed");
                    }
                    if !extra.is_empty() {
                        s.push(format!("; {}", extra.join(", and ")));
                    }
                    s.push(".");
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
                        text![
                            "Branch protection on ",
                            branch,
                            " requires a pull request for every change but no approving review."
                        ]
                    } else {
                        text![
                            "Branch protection on ",
                            branch,
                            " does not require approving reviews."
                        ]
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
                    text![
                        "Merging also requires ",
                        count(checks.len() as u64, "status check", "status checks"),
                        " to pass: ",
                        names(checks, code),
                        "."
                    ],
                    cites(r, &["required_status_checks"]),
                );
            }
            if f.required_approvals.is_none() {
                it.unknown_because(Some(r));
            }
        }
        // Settings unread: the written number of approvals answers "how many reviewers",
        // as written, and whether the branch enforces it stays open.
        let mut written_count = false;
        if let Some((n, c)) = written.filter(|(n, _)| *n > 0 && required.is_none()) {
            let (_, why) = why_unknown(self.protection().map(|(r, _)| r));
            it.say(
                text![
                    "As written, that is ",
                    count(u64::from(n), "approving review", "approving reviews"),
                    " before a pull request is merged; whether branch protection enforces it was not read (",
                    why,
                    ")."
                ],
                c,
            );
            written_count = true;
        }
        let mut answer = Answer::Unknown;
        match self.review() {
            Some((r, f)) => {
                if let (Some(n), Some(ok)) = (f.changes_examined, f.reviewed) {
                    let mut s = text![
                        "Of the ",
                        num(n),
                        " most recently merged ",
                        if n == 1 { "change" } else { "changes" },
                        " examined, ",
                        num(ok),
                        if ok == 1 { " was" } else { " were" },
                        " approved by someone other than the author"
                    ];
                    if let Some(x) = f.reviewed_not_approved.filter(|x| *x > 0) {
                        s.push(text![", ", num(x), " reviewed without an approval"]);
                    }
                    if let Some(u) = f.unreviewed {
                        s.push(text![
                            " and ",
                            num(u),
                            " merged without review or pushed directly"
                        ]);
                    }
                    s.push(".");
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
                            text![
                                "The review configuration requires ",
                                count(u64::from(n), "approval", "approvals"),
                                " before merging."
                            ],
                            cites(r, &["required_approvals"]),
                        );
                    }
                }
                // Reviews seen happening (API) are stated as such; CODEOWNERS and OWNERS
                // files only request or route reviews, and have sentences of their own below.
                if let Some(m) = f.review_mechanisms.as_ref().filter(|m| !m.is_empty()) {
                    let list: Vec<Text> = m
                        .iter()
                        .filter_map(|m| match m {
                            ReviewMechanism::GithubReviews => {
                                Some(text!["GitHub pull request reviews"])
                            }
                            ReviewMechanism::ProwLgtm => Some(text![
                                "Prow ",
                                code("lgtm"),
                                " and ",
                                code("approved"),
                                " labels"
                            ]),
                            ReviewMechanism::Gerrit => Some(text!["Gerrit"]),
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
                        it.say(text!["Reviews happen through ", list_of(list), "."], c);
                    }
                }
                if let Some(p) = f
                    .codeowners_path
                    .as_ref()
                    .filter(|_| f.codeowners_rules == Some(0))
                {
                    // A file with no rule (empty, or comments only) requests no review.
                    it.say(
                        text![
                            code(p),
                            " has no ownership rules, so it requests no reviews."
                        ],
                        cites_path(r, p)
                            .into_iter()
                            .chain(cites(r, &["codeowners_path"]))
                            .take(2),
                    );
                } else if let Some(p) = &f.codeowners_path {
                    let says = match f.codeowners_owners_of_all.as_deref() {
                        // One rule, `*`: the same owners for every path.
                        Some(o) if !o.is_empty() => {
                            let shown: Vec<Text> =
                                o.iter().take(MAX_NAMES).map(|x| code(x)).collect();
                            let more = (o.len() - shown.len()) as u64;
                            text![
                                " makes ",
                                list(shown, more),
                                if o.len() == 1 {
                                    " the owner"
                                } else {
                                    " the owners"
                                },
                                " of every path, whose review GitHub requests on each pull request"
                            ]
                        }
                        _ => text![" requests reviews from code owners by path"],
                    };
                    it.say(
                        text![
                            code(p),
                            says,
                            " (whether their approval is required is a branch protection setting)."
                        ],
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
                    // Every name when one more would be left out and it is known.
                    let show = if total == o.len() as u64 {
                        shown_of(o.len())
                    } else {
                        o.len().min(MAX_NAMES)
                    };
                    let shown: Vec<Text> = o.iter().take(show).map(|p| code(p)).collect();
                    let more = total - shown.len() as u64;
                    it.say(
                        text![
                            count(total, "OWNERS file", "OWNERS files"),
                            if total == 1 { " names" } else { " name" },
                            " the reviewers and approvers (",
                            list(shown, more),
                            ")."
                        ],
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
        // Settings unread and history unexamined: the written number answers.
        if answer == Answer::Unknown && written_count {
            answer = Answer::Yes;
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

    pub(super) fn pushes_to_default_branch_forbidden(&self) -> SelfAssessmentItem {
        let mut it = Item::new(&[ProbeId::BranchProtection]);
        let Some((r, f)) = self.protection() else {
            it.unknown_because(None);
            return it.finish(Answer::Unknown);
        };
        let branch = self.branch(f.branch.as_deref());
        match f.protected {
            Some(true) => {
                let by = match f.source {
                    ProtectionSource::Classic => " by classic branch protection",
                    ProtectionSource::Rulesets => " by repository rulesets",
                    ProtectionSource::Both => {
                        " by classic branch protection and repository rulesets"
                    }
                    ProtectionSource::None | ProtectionSource::Unknown => "",
                };
                let rulesets = f
                    .rulesets
                    .as_ref()
                    .filter(|r| !r.is_empty())
                    .map(|r| text![" (", names(r, quote), ")"])
                    .unwrap_or_default();
                it.say(
                    text![capitalize(branch), " is protected", by, rulesets, "."],
                    cites(r, &["protected", "source", "rulesets"]),
                );
                let mut rules: Vec<Text> = Vec::new();
                let mut facts = Vec::new();
                match f.required_approvals.filter(|n| *n > 0) {
                    Some(n) => {
                        rules.push(text![
                            "changes must come through pull requests with ",
                            count(u64::from(n), "approval", "approvals")
                        ]);
                        facts.push("required_approvals");
                    }
                    None if f.pull_request_required == Some(true) => {
                        rules.push("changes must come through pull requests".into());
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
                        Some(true) => rules.push(yes.into()),
                        Some(false) if !no.is_empty() => rules.push(no.into()),
                        _ => continue,
                    }
                    facts.push(fact);
                }
                if !rules.is_empty() {
                    it.say(text!["On it, ", list_of(rules), "."], cites(r, &facts));
                }
            }
            Some(false) => it.say(
                text![
                    capitalize(branch),
                    " is not protected: neither branch protection nor a ruleset applies to it."
                ],
                cites(r, &["protected", "source"]),
            ),
            None => {}
        }
        it.finish_as(r)
    }
}

/// "Of the 40 tags, 3 are signed and 38 are annotated." (both counts out of all tags).
pub(super) fn tags_sentence(t: &crate::model::TagCounts) -> Text {
    if t.total == 1 && t.in_repository.is_none_or(|n| n <= 1) {
        return text![
            "The only tag is ",
            if t.signed > 0 { "signed" } else { "not signed" },
            " and ",
            if t.annotated > 0 {
                "annotated"
            } else {
                "lightweight (not annotated)"
            },
            "."
        ];
    }
    let is = |n: u64| if n == 1 { " is" } else { " are" };
    let base = match t.in_repository {
        Some(all) if all > t.total => text![
            "the ",
            num(t.total),
            " most recent ",
            if t.total == 1 { "tag" } else { "tags" },
            " (of ",
            num(all),
            " in the repository)"
        ],
        _ => text!["the ", num(t.total), " tags"],
    };
    text![
        "Of ",
        base,
        ", ",
        num(t.signed),
        is(t.signed),
        " signed and ",
        num(t.annotated),
        is(t.annotated),
        " annotated."
    ]
}

/// Every examined commit is signed, and every signature is GitHub's web-flow.
pub(super) fn all_web_flow_signed(f: &SignedCommitsFacts) -> bool {
    match (f.commits_examined, f.signatures.as_ref(), f.web_flow_signed) {
        (Some(n), Some(sig), Some(w)) => n > 0 && sig.signed() == n && w == n,
        _ => false,
    }
}

/// The DCO sentence: the share of commits with a `Signed-off-by` trailer, out of the
/// non-merge commits when merge commits were seen (GitHub's merge commits never carry a
/// trailer, so counting them would understate the sign-off), saying so.
pub(super) fn dco_sentence(f: &SignedCommitsFacts) -> Option<Text> {
    let (d, n) = (f.dco_signed_off?, f.commits_examined?);
    if n == 0 {
        return None;
    }
    let trailer = text!["a ", code("Signed-off-by"), " trailer (DCO sign-off)"];
    let statement = ", a statement of origin rather than a cryptographic signature";
    // Merge commits left out of the base, when there are some and some others.
    let merges = f
        .merge_commits
        .filter(|m| *m > 0 && *m < n)
        .zip(f.dco_signed_off_non_merge);
    let Some((m, d)) = merges else {
        // The base is every examined commit, never the signed ones.
        let of = if n == 1 {
            text!["The examined commit"]
        } else {
            text!["the ", num(n), " examined commits"]
        };
        return Some(match (d, n) {
            (0, 1) => text![
                of,
                " carries no ",
                code("Signed-off-by"),
                " trailer (DCO sign-off)."
            ],
            (_, 1) => text![of, " carries ", trailer, statement, "."],
            (0, _) => text!["None of ", of, " carries ", trailer, "."],
            (d, n) if d == n => text![
                "All ",
                num(n),
                " examined commits carry ",
                trailer,
                statement,
                "."
            ],
            (d, _) => text![
                num(d),
                " of ",
                of,
                if d == 1 { " carries " } else { " carry " },
                trailer,
                statement,
                "."
            ],
        });
    };
    let rest = n - m;
    let base = text![
        count(rest, "non-merge commit", "non-merge commits"),
        " of the ",
        num(n),
        " examined"
    ];
    let head = match d {
        0 if rest == 1 => text![
            "The only non-merge commit of the ",
            num(n),
            " examined carries no ",
            code("Signed-off-by"),
            " trailer (DCO sign-off)"
        ],
        0 => text!["None of the ", base, " carries ", trailer],
        _ if rest == 1 => text![
            "The only non-merge commit of the ",
            num(n),
            " examined carries ",
            trailer,
            statement
        ],
        d if d == rest => text!["All ", base, " carry ", trailer, statement],
        d => text![
            num(d),
            " of the ",
            base,
            if d == 1 { " carries " } else { " carry " },
            trailer,
            statement
        ],
    };
    Some(text![
        head,
        "; the ",
        count(m, "merge commit is", "merge commits are"),
        " left out, as GitHub's merge commits never carry one."
    ])
}

const INSIGHTS_FILES: [&str; 6] = [
    "SECURITY-INSIGHTS.yml",
    "SECURITY-INSIGHTS.yaml",
    ".github/SECURITY-INSIGHTS.yml",
    ".github/SECURITY-INSIGHTS.yaml",
    "security-insights.yml",
    ".github/security-insights.yml",
];

/// The repository URL a Security Insights file states, with its line: `project-url:`
/// (version 1) or `url:` directly under `repository:` (version 2). Read line by line, at
/// most the first 2 000 lines.
pub(super) fn insights_repository_url(text: &str) -> Option<(u32, String)> {
    let mut parent: Option<(usize, String)> = None;
    for (i, raw) in text.lines().take(2000).enumerate() {
        let line = raw.split(" #").next().unwrap_or(raw);
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = line.len() - t.len();
        let Some((key, value)) = t.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_start_matches("- ");
        let value = value.trim().trim_matches(['\'', '"']);
        let under_repository = parent
            .as_ref()
            .is_some_and(|(d, k)| *d < indent && k == "repository");
        if (key == "project-url" || key == "url" && under_repository) && !value.is_empty() {
            return Some((u32::try_from(i + 1).ok()?, value.to_string()));
        }
        if value.is_empty() && indent == 0 {
            parent = Some((indent, key.to_string()));
        } else if indent == 0 {
            parent = None;
        }
    }
    None
}

#[cfg(test)]
mod insights_tests {
    use super::insights_repository_url;

    #[test]
    fn the_repository_url_of_either_version() {
        let v1 = "header:\n  schema-version: 1.0.0\n  project-url: 'https://github.com/o/n/'\n";
        assert_eq!(
            insights_repository_url(v1),
            Some((3, "https://github.com/o/n/".to_string()))
        );
        let v2 = "header:\n  url: https://example.org/si.yml\nrepository:\n  status: active\n  url: https://github.com/o/n\n";
        assert_eq!(
            insights_repository_url(v2),
            Some((5, "https://github.com/o/n".to_string()))
        );
        assert_eq!(
            insights_repository_url("header:\n  url: https://x.org\n"),
            None
        );
    }
}
