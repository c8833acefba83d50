use proptest::prelude::*;

use super::*;

fn md(text: &str) -> Document {
    Document::parse("README.md", DocKind::Readme, text)
}

#[test]
fn markdown_sections_links_and_sentences_with_lines() {
    let d = md(
        "# Keda\n\nIntro text.\n\n## Community\n\nJoin us on [Slack](https://kubernetes.slack.com/messages/keda) to ask questions. Follow [@kedaorg](https://twitter.com/kedaorg) for announcements.\n\n- Contributors meet on [Zoom](https://zoom.us/j/1)\n",
    );
    assert_eq!(d.sections.len(), 2);
    assert_eq!(d.sections[1].heading, "Community");
    assert_eq!(d.sections[1].line, 5);
    let slack = d.links.iter().find(|l| l.text == "Slack").unwrap();
    assert_eq!(slack.url, "https://kubernetes.slack.com/messages/keda");
    assert_eq!(slack.line, 7);
    assert_eq!(slack.sentence, "Join us on Slack to ask questions.");
    assert_eq!(d.heading(slack.section), "Community");
    let tw = d.links.iter().find(|l| l.text == "@kedaorg").unwrap();
    assert_eq!(tw.sentence, "Follow @kedaorg for announcements.");
    let zoom = d.links.iter().find(|l| l.text == "Zoom").unwrap();
    assert_eq!(zoom.line, 9);
    assert_eq!(zoom.sentence, "Contributors meet on Zoom");
}

#[test]
fn code_blocks_and_comments_are_not_prose() {
    let d = md(
        "Text\n\n```\nhttps://example.com/in-code security@x.io\n```\n\n<!-- mail admin@x.io -->\n\nreal@x.io is private.\n",
    );
    assert!(d.links.iter().all(|l| !l.url.contains("in-code")));
    let addrs: Vec<&str> = d.emails.iter().map(|e| e.address.as_str()).collect();
    assert_eq!(addrs, vec!["real@x.io"]);
    assert_eq!(d.emails[0].line, 9);
    assert_eq!(d.emails[0].qualifiers, vec![Qualifier::Private]);
}

/// A comment over several lines (a licence header at the top of a README) is skipped to
/// its end, not only its first line; prose after it is read.
#[test]
fn a_multi_line_html_comment_is_not_prose() {
    let d = md(
        "<!--\nCopyright 2025 The Authors\n\nLicensed under the Apache License mail legal@x.io\n-->\n\n# Tool\n\nTool keeps clusters safe, write to real@x.io.\n",
    );
    assert!(
        d.blocks.iter().all(|b| !b.text.contains("Licensed")),
        "{:?}",
        d.blocks
    );
    let addrs: Vec<&str> = d.emails.iter().map(|e| e.address.as_str()).collect();
    assert_eq!(addrs, vec!["real@x.io"]);
    assert!(
        d.blocks
            .iter()
            .any(|b| b.text.contains("keeps clusters safe"))
    );
}

#[test]
fn a_line_without_sentence_ends_is_read_in_bounded_pieces() {
    // 200 KiB on one line: each address's sentence is at most the reach either side, and
    // every address keeps the line it is on.
    let mut one = String::from("Report to first@example.org now\n\n");
    for i in 0..8000 {
        one.push_str(&format!("x{i}@example.org https://example.com/{i} "));
    }
    one.push('\n');
    let doc = md(&one);
    assert!(
        doc.emails
            .iter()
            .any(|e| e.address == "first@example.org" && e.line == 1)
    );
    assert!(
        doc.emails.iter().skip(1).all(|e| e.line == 3),
        "all on line 3"
    );
    assert_eq!(doc.emails.len(), MAX_ITEMS);
    assert!(doc.truncated, "cut at the item cap");
    let s = sentence_at(&one, one.len() / 2);
    assert!(s.len() <= 2 * SENTENCE_REACH, "{}", s.len());
}

#[test]
fn email_qualifiers() {
    let d = md(
        "Report privately to [sec](mailto:Sec@Example.org).\n\nOur public list security@lists.x.io accepts only PGP-encrypted mail.\n\nDo not open a public issue; mail vuln@x.io instead.\n",
    );
    let q = |a: &str| {
        d.emails
            .iter()
            .find(|e| e.address == a)
            .unwrap()
            .qualifiers
            .clone()
    };
    assert_eq!(q("sec@example.org"), vec![Qualifier::Private]);
    assert_eq!(
        q("security@lists.x.io"),
        vec![Qualifier::Public, Qualifier::Encrypted, Qualifier::Pgp]
    );
    assert_eq!(q("vuln@x.io"), Vec::<Qualifier>::new());
    assert_eq!(qualifiers("our public key is here"), vec![Qualifier::Pgp]);
}

#[test]
fn html_anchors_and_bare_urls() {
    let d = md(
        "<p align=\"center\"><a href=\"https://discord.gg/abc\">Discord</a></p>\n\nSee https://groups.google.com/g/proj for news.\n",
    );
    let discord = d
        .links
        .iter()
        .find(|l| l.url == "https://discord.gg/abc")
        .unwrap();
    assert_eq!(discord.text, "Discord");
    assert_eq!(discord.line, 1);
    let g = d
        .links
        .iter()
        .find(|l| l.url.contains("groups.google"))
        .unwrap();
    assert_eq!(g.line, 3);
    assert_eq!(g.sentence, "See https://groups.google.com/g/proj for news.");
}

#[test]
fn rst_headings_and_links() {
    let text = "Security\n========\n\nReporting\n---------\n\nMail `the team <mailto:sec@x.org>`_ privately.\nOr see `docs <https://x.org/sec>`_.\n";
    let d = Document::parse("SECURITY.rst", DocKind::Security, text);
    assert_eq!(d.format, Format::Rst);
    let hs: Vec<(&str, u8, u32)> = d
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level, s.line))
        .collect();
    assert_eq!(hs, vec![("Security", 1, 1), ("Reporting", 2, 4)]);
    assert_eq!(d.emails[0].address, "sec@x.org");
    assert_eq!(d.emails[0].line, 7);
    assert_eq!(d.emails[0].qualifiers, vec![Qualifier::Private]);
    let l = &d.links[0];
    assert_eq!(
        (l.text.as_str(), l.url.as_str(), l.line),
        ("docs", "https://x.org/sec", 8)
    );
    assert_eq!(d.heading(l.section), "Reporting");
}

#[test]
fn asciidoc_headings_and_links() {
    let text = "= Project\n\n== Community\n\nJoin https://matrix.to/#/#p:matrix.org[our Matrix room] to chat.\n\n----\nhttps://in.listing/x\n----\n";
    let d = Document::parse("README.adoc", DocKind::Readme, text);
    assert_eq!(d.sections.len(), 2);
    assert_eq!(d.sections[1].level, 2);
    assert_eq!(d.links.len(), 1);
    assert_eq!(d.links[0].text, "our Matrix room");
    assert_eq!(d.links[0].line, 5);
    assert_eq!(d.links[0].sentence, "Join our Matrix room to chat.");
}

#[test]
fn issue_template_contact_links() {
    let text = "blank_issues_enabled: false\ncontact_links:\n  - name: Ask a question\n    url: https://github.com/o/r/discussions\n    about: Please ask and answer questions here.\n  - name: Report a vulnerability\n    url: https://github.com/o/r/security/advisories/new\n    about: Report privately.\n";
    let d = Document::parse(
        ".github/ISSUE_TEMPLATE/config.yml",
        DocKind::IssueTemplateConfig,
        text,
    );
    assert_eq!(d.links.len(), 2);
    assert_eq!(d.links[0].text, "Ask a question");
    assert_eq!(d.links[0].url, "https://github.com/o/r/discussions");
    assert_eq!(d.links[0].line, 3);
    assert!(d.links[0].sentence.contains("ask and answer questions"));
    assert_eq!(d.links[1].line, 6);
}

#[test]
fn doc_kinds_by_place() {
    assert_eq!(doc_kind("README.md"), Some(DocKind::Readme));
    assert_eq!(doc_kind("docs/README.md"), None);
    assert_eq!(
        doc_kind(".github/CONTRIBUTING.md"),
        Some(DocKind::Contributing)
    );
    assert_eq!(
        doc_kind("docs/contributing.rst"),
        Some(DocKind::Contributing)
    );
    assert_eq!(doc_kind("pkg/CONTRIBUTING.md"), None);
    assert_eq!(
        doc_kind("SECURITY_CONTACTS"),
        Some(DocKind::SecurityContacts)
    );
    assert_eq!(
        doc_kind("docs/security/reporting.md"),
        Some(DocKind::SecurityPage)
    );
    assert_eq!(doc_kind("ADOPTERS.md"), Some(DocKind::Adopters));
    assert_eq!(
        doc_kind(".github/PULL_REQUEST_TEMPLATE.md"),
        Some(DocKind::PullRequestTemplate)
    );
    assert_eq!(
        doc_kind(".github/ISSUE_TEMPLATE/config.yml"),
        Some(DocKind::IssueTemplateConfig)
    );
    assert_eq!(doc_kind("vendor/x/SECURITY.md"), None);
    assert_eq!(doc_kind("SECURITY.md"), Some(DocKind::Security));
    assert_eq!(
        doc_kind("security-insights.yml"),
        Some(DocKind::SecurityInsights)
    );
    assert_eq!(doc_kind("main.go"), None);
}

#[test]
fn read_follows_links_inside_only_and_reads_each_content_once() {
    let mut snap = FileSnapshot::from_texts(
        "c",
        &[
            ("README.md", "# R\n\nhello"),
            ("docs/SECURITY.md", "# S\n\nmail s@x.io"),
        ],
    );
    snap.entries.insert(
        "SECURITY.md".into(),
        crate::evidence::FileEntry {
            size: 10,
            kind: crate::evidence::EntryKind::Symlink {
                target: "docs/SECURITY.md".into(),
            },
            content: None,
        },
    );
    snap.entries.insert(
        "CONTRIBUTING.md".into(),
        crate::evidence::FileEntry {
            size: 10,
            kind: crate::evidence::EntryKind::Symlink {
                target: "../../etc/passwd".into(),
            },
            content: None,
        },
    );
    let set = read(&snap);
    let paths: Vec<&str> = set.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, vec!["README.md", "docs/SECURITY.md"]);
    assert_eq!(set.unread.len(), 1);
    assert_eq!(set.unread[0].0, "CONTRIBUTING.md");
    assert!(set.unread[0].1.contains("outside"));
}

#[test]
fn large_documents_are_cut_and_marked() {
    let text = "word. ".repeat(MAX_DOC_BYTES / 4);
    let d = md(&text);
    assert!(d.truncated);
    let many = "- [a](https://x.io/a)\n".repeat(MAX_ITEMS + 10);
    let d = md(&many);
    assert_eq!(d.links.len(), MAX_ITEMS);
    assert!(d.truncated);
}

fn check(d: &Document, text: &str) {
    let lines = text.split('\n').count() as u32;
    for s in &d.sections {
        assert!(s.line >= 1 && s.line <= lines, "{s:?}");
        assert!(s.heading.chars().count() <= MAX_TEXT + 1);
    }
    for l in &d.links {
        assert!(l.line >= 1 && l.line <= lines, "{l:?}");
        assert!(l.sentence.chars().count() <= MAX_TEXT + 1);
    }
    for e in &d.emails {
        assert!(e.line >= 1 && e.line <= lines, "{e:?}");
        assert!(text.to_ascii_lowercase().contains(&e.address), "{e:?}");
    }
    for b in &d.blocks {
        assert!(b.line <= b.end_line && b.line >= 1, "{b:?}");
    }
    assert!(d.links.len() <= MAX_ITEMS && d.blocks.len() <= MAX_ITEMS);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_text_in_any_format_parses_within_bounds(
        text in "(#{0,3} |[-*] |=+ |`|<a href=\"|\\[|\\]\\(|https://x\\.io/|a@b\\.io|\\.\\. |[a-z ]{0,8}|\n|-{2,4}|\\]|\\)|<|>|\"){0,60}",
        ext in prop::sample::select(vec!["md", "rst", "adoc", "txt", "yml"]),
    ) {
        let path = format!("README.{ext}");
        let d = Document::parse(&path, DocKind::Readme, &text);
        check(&d, &text);
        prop_assert_eq!(&d, &Document::parse(&path, DocKind::Readme, &text));
    }

    #[test]
    fn sentence_at_is_inside_the_text(text in "[a-z .!?\n]{0,80}", at in 0usize..100) {
        let s = sentence_at(&text, at);
        prop_assert!(text.contains(s));
        let all = sentences(&text);
        prop_assert!(all.len() <= text.len() + 1);
    }
}

#[test]
fn parsing_is_linear_enough() {
    // A pathological shape (many nested brackets and backquotes) stays fast.
    let text = "[`<".repeat(60_000);
    for ext in ["md", "rst", "adoc"] {
        let t = std::time::Instant::now();
        let _ = Document::parse(&format!("README.{ext}"), DocKind::Readme, &text);
        assert!(t.elapsed().as_secs() < 5, "{ext}");
    }
}

#[test]
fn security_process_pages_in_website_sources_and_at_the_root_are_read() {
    for p in [
        "SECURITY_RESPONSE.md",
        "embargo-policy.md",
        "site/content/resources/security-process.md",
        "website/docs/security/triage.md",
        ".github/incident-response.md",
        "docs/contributing/vulnerability-handling.md",
    ] {
        assert_eq!(doc_kind(p), Some(DocKind::SecurityPage), "{p}");
    }
    for p in [
        "site/content/posts/2021-security-update.md",
        "site/content/docs/1.2/resources/security-process.md",
        "website/versioned_docs/version-0.1/security.md",
        "vendor/site/security.md",
        "pkg/security/handler.go",
        "a/b/c/d/e/f/security.md",
        "site/content/security-process.png",
    ] {
        assert_eq!(doc_kind(p), None, "{p}");
    }
}

/// Found by the `docs` fuzz target: a lone `\r` ends a Markdown line, but cited lines are
/// counted at `\n` (as GitHub numbers a file's lines), so a link after lone `\r`s stays on
/// line 1.
#[test]
fn a_lone_carriage_return_does_not_move_a_link_to_another_line() {
    let text = "a\rb\rsee https://example.org/x for more\n";
    let d = Document::parse("README.md", DocKind::Readme, text);
    assert_eq!(d.links.len(), 1, "{:?}", d.links);
    assert_eq!(d.links[0].line, 1);
}
