use super::*;
use crate::probes::testing::{assert_cited, with_files};

fn judge(files: &[(&str, &str)]) -> (Judgement, Vec<Channel>) {
    let ev = with_files(files);
    let j = Communication.judge(&ev);
    assert_cited(&j);
    let ProbeFacts::Communication(f) = &j.facts else {
        panic!("facts")
    };
    let c = f.channels.clone().unwrap_or_default();
    (j, c)
}

#[test]
fn the_catalogue_parses_and_every_pattern_compiles() {
    let c = parse_catalogue(SOURCE).unwrap();
    assert!(c.kinds.len() >= 15);
    assert_eq!(catalogue().kinds.len(), c.kinds.len());
    assert!(
        parse_catalogue("kinds: []\nroles: {internal: ['('], inbound: [], outbound: []}").is_err()
    );
}

#[test]
fn community_section_with_badges_and_roles_from_words() {
    let readme = "# P\n\n[![Slack](https://img.shields.io/x.svg)](https://slack.cncf.io/) [![Twitter](https://img.shields.io/t.svg)](https://twitter.com/proj)\n\nP does things for clusters and more words here.\n\n## Community\n\n- Ask questions in [#proj on the CNCF Slack](https://cloud-native.slack.com/archives/C01).\n- Contributors discuss development on the [proj-dev list](https://groups.google.com/g/proj-dev).\n- Announcements go to [proj-announce](https://groups.google.com/g/proj-announce).\n- Join our [Discord](https://discord.gg/abc).\n- We hold a weekly community meeting on Thursdays.\n";
    let (j, c) = judge(&[("README.md", readme)]);
    assert_eq!(j.outcome, Outcome::Met);
    let find = |u: &str| c.iter().find(|x| x.url.as_deref() == Some(u)).unwrap();
    let slack = find("https://cloud-native.slack.com/archives/C01");
    assert_eq!(slack.kind, "slack");
    assert_eq!(slack.roles, vec![ChannelRole::Inbound]);
    assert_eq!(slack.place.line, 9);
    let dev = find("https://groups.google.com/g/proj-dev");
    assert_eq!(dev.kind, "mailing_list");
    assert_eq!(dev.roles, vec![ChannelRole::Internal]);
    let ann = find("https://groups.google.com/g/proj-announce");
    assert_eq!(ann.roles, vec![ChannelRole::Outbound]);
    // Named without words that say whom it is for: found, role not guessed.
    let discord = find("https://discord.gg/abc");
    assert!(discord.roles.is_empty());
    let tw = find("https://twitter.com/proj");
    assert!(tw.roles.is_empty(), "{tw:?}");
    assert!(c.iter().any(|x| x.kind == "meeting" && x.url.is_none()));
}

#[test]
fn issue_template_contact_links_are_channels_with_their_about() {
    let cfg = "contact_links:\n  - name: Questions\n    url: https://github.com/o/r/discussions\n    about: Ask questions and get help from the community.\n";
    let (_, c) = judge(&[(".github/ISSUE_TEMPLATE/config.yml", cfg)]);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].kind, "github_discussions");
    assert_eq!(c[0].roles, vec![ChannelRole::Inbound]);
    assert_eq!(c[0].place.path, ".github/ISSUE_TEMPLATE/config.yml");
}

#[test]
fn security_reporting_addresses_are_not_channels_unless_their_words_say() {
    let sec = "# Security\n\nReport privately to cncf-p-security@lists.cncf.io.\n\nSubscribe to p-security-announce@googlegroups.com for security announcements.\n";
    let (_, c) = judge(&[("SECURITY.md", sec)]);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].label, "p-security-announce@googlegroups.com");
    assert_eq!(c[0].roles, vec![ChannelRole::Outbound]);
}

#[test]
fn a_mention_repeated_is_one_channel_with_every_role() {
    let readme = "# P\n\n## Community\n\nAsk questions on [Slack](https://slack.k8s.io/).\n\nAnnouncements are posted on [Slack](https://slack.k8s.io) too.\n";
    let (_, c) = judge(&[("README.md", readme)]);
    assert_eq!(c.len(), 1);
    assert_eq!(
        c[0].roles,
        vec![ChannelRole::Inbound, ChannelRole::Outbound]
    );
    assert_eq!(c[0].also.len(), 1);
}

#[test]
fn no_documents_is_not_met_and_documents_without_channels_partial() {
    let (j, c) = judge(&[("main.go", "package main")]);
    assert_eq!(j.outcome, Outcome::NotMet);
    assert!(c.is_empty());
    let (j, _) = judge(&[("README.md", "# P\n\nNothing here.")]);
    assert_eq!(j.outcome, Outcome::PartiallyMet);
}

proptest::proptest! {
    #[test]
    fn roles_come_only_from_matching_words(words in "[a-z #-]{0,60}") {
        let (roles, said) = catalogue().roles_of(&words);
        proptest::prop_assert_eq!(roles.len(), said.len());
        for w in &said {
            proptest::prop_assert!(words.to_lowercase().contains(w.as_str()));
        }
    }
}

#[test]
fn one_channel_named_in_three_documents_is_one_entry_with_its_mentions() {
    let readme = "# P\n\n## Community\n\n- Mailing list: send an email to [p@googlegroups.com](https://groups.google.com/g/p/)\n- Slack: join the [#proj channel](https://slack.cncf.io/)\n";
    let contributing = "# Contributing\n\nAsk questions in #proj on the [CNCF Slack](https://cloud-native.slack.com/archives/C0123).\n\nWrite to p@googlegroups.com with ideas.\n";
    let community = "# Community\n\nThe #proj channel on CNCF Slack is where we meet.\n";
    let (_, c) = judge(&[
        ("README.md", readme),
        ("CONTRIBUTING.md", contributing),
        ("COMMUNITY.md", community),
    ]);
    let slack: Vec<&Channel> = c.iter().filter(|x| x.kind == "slack").collect();
    assert_eq!(slack.len(), 1, "{slack:?}");
    assert_eq!(slack[0].place.path, "README.md", "{slack:?}");
    assert!(slack[0].also.iter().any(|p| p.path == "CONTRIBUTING.md"));
    let lists: Vec<&Channel> = c.iter().filter(|x| x.kind == "mailing_list").collect();
    assert_eq!(lists.len(), 1, "{lists:?}");
    assert!(lists[0].also.iter().any(|p| p.path == "CONTRIBUTING.md"));
}

#[test]
fn a_role_is_taken_from_the_words_about_that_channel_only() {
    let gov = "# Governance\n\nA vote is taken on the developer mailing list (p@googlegroups.com) or the private maintainer mailing list (p-maintainers@lists.cncf.io) for security matters.\n\nPrivate matters go to [p-private@googlegroups.com](https://groups.google.com/g/p-private); otherwise discussion is held on the #p-dev channel.\n";
    let (_, c) = judge(&[("GOVERNANCE.md", gov)]);
    let find = |l: &str| c.iter().find(|x| x.label.contains(l)).unwrap();
    // "the developer mailing list" names whom it is for, in its own clause.
    assert_eq!(
        find("p@googlegroups.com").roles,
        vec![ChannelRole::Internal],
        "{c:?}"
    );
    assert_eq!(find("p-maintainers@").roles, vec![ChannelRole::Internal]);
    // "#p-dev" is another channel's name: the private list's clause ends at the `;`.
    assert!(find("p-private").roles.is_empty(), "{c:?}");
}

#[test]
fn a_list_lead_in_and_a_bulletins_heading_state_the_role_and_are_quoted() {
    let readme = "# P\n\n## Troubleshooting\n\nIf you encounter any issues, we have a number of ways to get help:\n\n- A [guide](https://p.io/docs/).\n- [Searching for an existing issue](https://github.com/o/p/issues).\n";
    let sec = "# Security policy\n\n## Security bulletins\n\nFor information regarding the security of P please join:\n\n* Mailing List <p@googlegroups.com>\n\n## Reporting\n\nSend email to <p-security@lists.cncf.io>.\n";
    let (_, c) = judge(&[("README.md", readme), ("SECURITY.md", sec)]);
    let issues = c.iter().find(|x| x.kind == "issue_tracker").unwrap();
    assert_eq!(issues.roles, vec![ChannelRole::Inbound]);
    assert!(
        issues.place.sentence.starts_with("If you encounter"),
        "{issues:?}"
    );
    assert_eq!(
        c.iter().filter(|x| x.kind == "mailing_list").count(),
        1,
        "{c:?}"
    );
    let list = c.iter().find(|x| x.kind == "mailing_list").unwrap();
    assert_eq!(list.label, "p@googlegroups.com");
    assert_eq!(list.roles, vec![ChannelRole::Outbound]);
    assert!(
        list.place.sentence.starts_with("Security bulletins"),
        "{list:?}"
    );
}

#[test]
fn an_issue_tracker_whose_words_say_what_it_is_for_has_that_role() {
    let cfg = "contact_links:\n  - name: Policy Issues\n    url: https://github.com/o/policies/issues/new/choose\n    about: For issues with a sample policy or to request a new one, follow the link.\n";
    let readme = "# P\n\n## Contributing\n\n- Use [GitHub Issues](https://github.com/o/p/issues) to request features or file bugs.\n";
    let (_, c) = judge(&[
        (".github/ISSUE_TEMPLATE/config.yml", cfg),
        ("README.md", readme),
    ]);
    assert_eq!(c.len(), 2, "{c:?}");
    for x in &c {
        assert_eq!(x.roles, vec![ChannelRole::Inbound], "{x:?}");
    }
}

#[test]
fn an_item_s_own_words_outrank_the_list_lead_in_and_a_later_paragraph_is_not_an_item() {
    let readme = "# P\n\n## Community\n\n* Join our mailing lists to always stay up-to-date with P development:\n  + [p-announce](https://groups.google.com/g/p-announce)\nfor important project announcements.\n  + [p-dev](https://groups.google.com/g/p-dev)\nto participate in discussions on P development.\n  + [p-misc](https://groups.google.com/g/p-misc)\n\nAlso check out [@proj](https://twitter.com/proj) on Twitter!\n";
    let (_, c) = judge(&[("README.md", readme)]);
    let find = |u: &str| c.iter().find(|x| x.url.as_deref() == Some(u)).unwrap();
    assert_eq!(
        find("https://groups.google.com/g/p-dev").roles,
        vec![ChannelRole::Internal]
    );
    // An item with no words of its own takes the lead-in's.
    assert_eq!(
        find("https://groups.google.com/g/p-misc").roles,
        vec![ChannelRole::Outbound]
    );
    let tw = find("https://twitter.com/proj");
    assert!(tw.roles.is_empty(), "{tw:?}");
    assert!(tw.place.sentence.starts_with("Also check out"), "{tw:?}");
}

#[test]
fn links_of_one_wrapped_sentence_each_keep_their_own_clause() {
    let readme = "# P\n\n## Get involved\n\n* Join P's [user mailing list](https://lists.cncf.io/g/p-users), [developer mailing\n  list](https://lists.cncf.io/g/p-dev), and [announcements mailing list](https://lists.cncf.io/g/p-announce).\n\n## Meetings\n\nMeetings are announced on the [p-users](https://lists.cncf.io/g/p-users) mailing list.\n\n* [Zoom link](https://zoom.us/my/p)\n";
    let (_, c) = judge(&[("README.md", readme)]);
    let find = |u: &str| c.iter().find(|x| x.url.as_deref() == Some(u)).unwrap();
    assert_eq!(
        find("https://lists.cncf.io/g/p-dev").roles,
        vec![ChannelRole::Internal]
    );
    // Whom the users' list is for is said in another sentence about it.
    assert_eq!(
        find("https://lists.cncf.io/g/p-users").roles,
        vec![ChannelRole::Outbound]
    );
    let zoom = find("https://zoom.us/my/p");
    assert!(zoom.roles.is_empty());
    assert_eq!(zoom.place.sentence, "Meetings: Zoom link");
}

#[test]
fn a_distributors_list_and_a_reporting_address_are_not_user_channels() {
    let sec = "# Security\n\n* p-distributors-announce@lists.cncf.io: for early private information on security patch releases.\n* p-announce@googlegroups.com: security announcements for users.\n";
    let readme = "# P\n\n## Security\n\nIf you've found a vulnerability, please let the [Security Team](mailto:cncf-p-maintainers@lists.cncf.io) know.\n";
    let (_, c) = judge(&[("SECURITY.md", sec), ("README.md", readme)]);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].label, "p-announce@googlegroups.com");
}

#[test]
fn one_slack_channel_linked_by_name_badge_and_archive_is_one_channel() {
    let readme = "# P\n\n[![Slack](https://img.shields.io/s.svg)](https://kubernetes.slack.com/messages/C01) [![L](https://img.shields.io/l.svg)](https://x.org/l) [![R](https://img.shields.io/r.svg)](https://x.org/r)\n\n## Community\n\n* Join the [Kubernetes Slack](http://slack.k8s.io/) and look for our [#p](https://kubernetes.slack.com/messages/C01) channel.\n";
    let contributing = "# Contributing\n\nYou may also get support by using our [Slack channel](https://kubernetes.slack.com/archives/C01) for interactive help.\n";
    let (_, c) = judge(&[("README.md", readme), ("CONTRIBUTING.md", contributing)]);
    let slack: Vec<&Channel> = c.iter().filter(|x| x.kind == "slack").collect();
    assert_eq!(slack.len(), 1, "{slack:?}");
    assert_eq!(slack[0].label, "#p");
    assert_eq!(slack[0].roles, vec![ChannelRole::Inbound]);
}

#[test]
fn a_record_of_past_meetings_is_no_meeting_and_a_maintainers_alias_is_internal() {
    let community = "# Community\n\n* Antrea live office hours archives.\n\n* Maintainers discuss on maintainers@p.io and the weekly community meeting.\n";
    let (_, c) = judge(&[("COMMUNITY.md", community)]);
    let meetings: Vec<&Channel> = c.iter().filter(|x| x.kind == "meeting").collect();
    assert_eq!(meetings.len(), 1, "{c:?}");
    assert_eq!(meetings[0].place.line, 5);
    let alias = c.iter().find(|x| x.label == "maintainers@p.io").unwrap();
    assert_eq!(alias.roles, vec![ChannelRole::Internal]);
}

#[test]
fn a_reporting_address_listed_again_and_a_meeting_named_twice_are_not_two_channels() {
    let readme = "# P\n\n## Security\n\nIf you find a vulnerability in P please let us know at p-security@lists.cncf.io.\n\n## Contact\n\n* Security topics: p-security@lists.cncf.io\n* A regular community meeting takes place the 2nd Tuesday of every month.\n";
    let gov = "# Governance\n\nMaintainers regularly attend the recurring community meetings.\n";
    let (_, c) = judge(&[("README.md", readme), ("GOVERNANCE.md", gov)]);
    assert!(c.iter().all(|x| x.kind != "mailing_list"), "{c:?}");
    let meetings: Vec<&Channel> = c.iter().filter(|x| x.kind == "meeting").collect();
    assert_eq!(meetings.len(), 1, "{meetings:?}");
    assert_eq!(meetings[0].place.path, "README.md");
    assert_eq!(meetings[0].also.len(), 1);
}

#[test]
fn each_role_of_a_channel_named_twice_keeps_the_words_that_state_it() {
    let readme = "# P\n\n## Contributing\n\n* Join the [mailing list](https://groups.google.com/g/p) to get notifications for releases, security announcements, etc.\n";
    let gov = "# Governance\n\nA vote can be taken on the [developer mailing list](https://groups.google.com/g/p).\n";
    let (_, c) = judge(&[("README.md", readme), ("GOVERNANCE.md", gov)]);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        c[0].roles,
        vec![ChannelRole::Internal, ChannelRole::Outbound]
    );
    assert!(c[0].role_words[0].contains("developer"), "{c:?}");
    assert!(c[0].role_words[1].contains("announce"), "{c:?}");
}

#[test]
fn a_channel_named_in_words_after_its_link_keeps_the_link() {
    let readme = "# P\n\n## Community\n\n* Talk to us in the #p channel on [CNCF Slack](https://slack.cncf.io/).\n* Questions go to the #p channel.\n";
    let (_, c) = judge(&[("README.md", readme)]);
    let slack: Vec<&Channel> = c.iter().filter(|x| x.kind == "slack").collect();
    assert_eq!(slack.len(), 1, "{slack:?}");
    assert_eq!(slack[0].url.as_deref(), Some("https://slack.cncf.io/"));
}
