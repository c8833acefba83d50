#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `--format md`: golden Markdown (insta) for met / partially met / not met / unknown
//! reports, the structure GitHub renders (headings, footnotes, http(s)-only links, no raw
//! HTML, no math) checked with pulldown-cmark, and the escaping of repository content.

use crate::synthetic;

use std::collections::BTreeSet;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use tssa_probe::model::Answer;
use tssa_probe::render::markdown::{
    MAX_EXCERPT, autolink, code, escape, link, render, safe_url, sentences, text,
};

/// What a GFM parser sees in a document.
#[derive(Debug, Default)]
struct Parsed {
    headings: Vec<(u8, String)>,
    footnote_refs: BTreeSet<String>,
    footnote_defs: BTreeSet<String>,
    /// Duplicate definitions (a label defined twice).
    duplicate_defs: Vec<String>,
    links: Vec<(LinkType, String)>,
    html: Vec<String>,
    math: Vec<String>,
    images: Vec<String>,
    /// All text as a reader sees it (text, code, soft breaks as spaces).
    text: String,
    table_rows: Vec<Vec<String>>,
}

fn gfm() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

fn parse(md: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut heading: Option<(u8, String)> = None;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for ev in Parser::new_ext(md, gfm()) {
        let mut text = |s: &str, p: &mut Parsed| {
            p.text.push_str(s);
            if let Some((_, h)) = heading.as_mut() {
                h.push_str(s);
            }
            if let Some(c) = cell.as_mut() {
                c.push_str(s);
            }
        };
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => p.headings.extend(heading.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Some(Vec::new()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => p.table_rows.extend(row.take()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.push(c);
                }
            }
            Event::FootnoteReference(l) => {
                p.footnote_refs.insert(l.to_string());
            }
            Event::Start(Tag::FootnoteDefinition(l)) if !p.footnote_defs.insert(l.to_string()) => {
                p.duplicate_defs.push(l.to_string());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => p.links.push((link_type, dest_url.to_string())),
            Event::Start(Tag::Image { dest_url, .. }) => p.images.push(dest_url.to_string()),
            Event::Html(h) | Event::InlineHtml(h) => p.html.push(h.to_string()),
            Event::InlineMath(m) | Event::DisplayMath(m) => p.math.push(m.to_string()),
            Event::Text(t) | Event::Code(t) => text(&t, &mut p),
            Event::SoftBreak | Event::HardBreak => text(" ", &mut p),
            _ => {}
        }
    }
    p
}

/// The checks every rendered report must pass to render correctly on GitHub.
fn check_renders(name: &str, md: &str) -> Parsed {
    let p = parse(md);
    assert_eq!(
        p.footnote_refs, p.footnote_defs,
        "{name}: every footnote reference needs a definition and every definition a reference"
    );
    assert!(
        p.duplicate_defs.is_empty(),
        "{name}: {:?}",
        p.duplicate_defs
    );
    for (kind, url) in &p.links {
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{name}: a {kind:?} link to {url:?}"
        );
    }
    assert!(p.html.is_empty(), "{name}: raw HTML {:?}", p.html);
    assert!(p.math.is_empty(), "{name}: math {:?}", p.math);
    assert!(p.images.is_empty(), "{name}: images {:?}", p.images);
    let want: Vec<(u8, &str)> = vec![
        (2, "Metadata"),
        (3, "Security links"),
        (2, "Secure development practices"),
        (2, "Security issue resolution"),
        (2, "Appendix"),
    ];
    assert_eq!(p.headings.len(), want.len() + 1, "{name}: {:?}", p.headings);
    assert_eq!(p.headings[0].0, 1, "{name}: the title");
    assert!(p.headings[0].1.starts_with("Self-assessment: "), "{name}");
    let got: Vec<(u8, &str)> = p.headings[1..]
        .iter()
        .map(|(l, t)| (*l, t.as_str()))
        .collect();
    assert_eq!(got, want, "{name}: the template's headings, in its order");
    for row in &p.table_rows {
        assert_eq!(
            row.len(),
            2,
            "{name}: a table row split by a stray `|`: {row:?}"
        );
    }
    p
}

/// The questions of the custodian checklist and the template's examples that the
/// Markdown must answer.
const QUESTIONS: [&str; 11] = [
    "All source code is checked into GitHub?",
    "Every pull request kicks off a build that runs the tests?",
    "Each pull request requires approval from a reviewer before merging? How many reviewers?",
    "Pushes to the default branch are forbidden?",
    "Contributors are required to sign commits?",
    "Automated checks for vulnerabilities?",
    "Release artifacts and container images are signed?",
    "Documented and automated release process?",
    "Checksum files for release artifacts are provided?",
    "The project meets the passing criteria of the OpenSSF (formerly CII) Best Practices badge?",
    "A software bill of materials (SBOM) is published?",
];

#[test]
fn every_fixture_renders_on_github_and_answers_every_question() {
    for (name, report) in synthetic::all() {
        let md = render(&report);
        let p = check_renders(name, &md);
        for q in QUESTIONS {
            assert!(p.text.contains(q), "{name}: {q} is not answered");
        }
        for label in [
            "Development Pipeline.",
            "Communication Channels.",
            "Internal.",
            "Inbound.",
            "Outbound.",
            "Responsible Disclosures Process.",
            "Vulnerability Response Process.",
            "Incident Response.",
            "CII Best Practices.",
        ] {
            assert!(p.text.contains(label), "{name}: {label} missing");
        }
        let rows: Vec<&str> = p.table_rows.iter().map(|r| r[0].as_str()).collect();
        for row in ["Software", "Security Provider", "Languages", "SBOM", "Doc"] {
            assert!(
                rows.contains(&row),
                "{name}: table row {row} missing: {rows:?}"
            );
        }
    }
}

#[test]
fn golden_markdown() {
    for (name, report) in synthetic::all() {
        if name == "injection" {
            continue; // asserted separately; its 10 MB inputs are capped
        }
        insta::assert_snapshot!(format!("markdown_{name}"), render(&report));
    }
}

#[test]
fn met_states_numbers_and_cites_every_sentence() {
    let report = synthetic::met();
    let md = render(&report);
    let p = parse(&md);
    // Online, the settings were read and the preamble says so; counts are grouped by
    // commas (a space would let the number wrap).
    assert!(
        p.text
            .contains("state what was observed in the repository and its settings"),
        "{md}"
    );
    assert!(!md.contains("1 000"), "{md}");
    assert!(
        p.text.contains(
            "812 of the 1,000 most recent commits of the default branch main carry a signature \
             (810 OpenPGP, 2 SSH); 790 of them are GitHub web-flow signatures"
        ),
        "{}",
        p.text
    );
    // The breakdown counts the signatures, not the developer signatures.
    assert!(
        p.text.contains("22 are developer signatures."),
        "{}",
        p.text
    );
    assert!(!p.text.contains("developer signatures (810"), "{}", p.text);
    assert!(
        p.text
            .contains("requires 2 approving reviews before a pull request can be merged")
    );
    assert!(
        p.text
            .contains("Of the 30 most recently merged changes examined, 29 were approved")
    );
    assert!(
        p.text
            .contains("10 of the 10 most recent releases publish checksum files")
    );
    assert!(
        p.text
            .contains("is at level passing (tiered percentage 107)")
    );
    // Every observed sentence ends with at least one footnote.
    for (key, item) in report.self_assessment.items() {
        assert_eq!(item.answer, Answer::Yes, "{key}: {}", item.text);
        for s in &item.sentences {
            assert!(
                !s.citations.is_empty(),
                "{key}: uncited sentence {:?}",
                s.text
            );
        }
    }
    // Footnotes are permalinks at the scanned commit or API URLs, never a branch.
    assert!(md.contains(&format!(
        "[SECURITY.md lines 5–6](<https://github.com/example/widget/blob/{}/SECURITY.md#L5-L6>)",
        synthetic::SHA
    )));
    assert!(!md.contains("/blob/main/"));
    assert!(md.contains(
        "GitHub API: <https://api.github.com/repos/example/widget/commits?sha=main&per_page=100>"
    ));
    // The Metadata SBOM row and the security links are prefilled.
    let sbom_row = p.table_rows.iter().find(|r| r[0] == "SBOM").unwrap();
    assert!(
        sbom_row[1]
            .starts_with(
                "Yes. The release pipeline generates SBOMs: Syft in .goreleaser.yaml, run by release.yml."
            ),
        "{sbom_row:?}"
    );
    let security_file = p
        .table_rows
        .iter()
        .find(|r| r[0] == "Security file")
        .unwrap();
    assert_eq!(security_file[1], "SECURITY.md");
    assert!(p.links.iter().any(|(_, u)| u
        == &format!(
            "https://github.com/example/widget/blob/{}/SECURITY.md",
            synthetic::SHA
        )));
    assert!(
        p.links
            .iter()
            .any(|(_, u)| u == "https://www.bestpractices.dev/projects/1234")
    );
    assert!(
        p.links
            .iter()
            .any(|(_, u)| u == "https://github.com/example/widget/security/advisories")
    );
    // The header: repository, commit, date, mode.
    assert!(p.text.contains(&format!(
        "Prefilled by tssa-probe 0.1.0 from https://github.com/example/widget at commit {} on branch main, 2026-01-02T03:04:05Z.",
        &synthetic::SHA[..7]
    )));
    assert!(p.text.contains("Mode: online with a GitHub token"));
}

#[test]
fn not_met_says_no_only_with_evidence_of_absence() {
    let report = synthetic::not_met();
    let md = render(&report);
    check_renders("not_met", &md);
    let sa = &report.self_assessment;
    for (key, item) in [
        ("pushes", &sa.pushes_to_default_branch_forbidden),
        ("review", &sa.reviewers_before_merge),
        ("signing", &sa.signed_commits_required),
        ("ci", &sa.ci_on_every_pull_request),
        ("checksums", &sa.release_checksums),
        ("signatures", &sa.release_signatures),
        ("badge", &sa.best_practices_badge),
        ("sbom", &sa.sbom),
        ("policy", &sa.security_policy),
        ("inbound", &sa.communication_inbound),
    ] {
        assert_eq!(item.answer, Answer::No, "{key}: {}", item.text);
    }
    // Nothing found in the repository is not proof: code scanning's default setup and
    // release documentation elsewhere stay "not determined".
    assert_eq!(sa.automated_vulnerability_checks.answer, Answer::Unknown);
    assert!(
        sa.automated_vulnerability_checks
            .text
            .starts_with("Not determined (")
    );
    assert_eq!(sa.release_process_documented.answer, Answer::Unknown);
    assert!(md.contains(
        "0 of all 500 commits of the default branch `main` (the full history) carry a signature."
    ));
    assert!(md.contains("The default branch `main` is not protected"));
}

#[test]
fn unknown_is_never_written_no() {
    let report = synthetic::unknown();
    let md = render(&report);
    let p = check_renders("unknown", &md);
    assert!(!md.contains("**No.**"), "{md}");
    assert!(!p.text.contains(" No. "), "{}", p.text);
    for (key, item) in report.self_assessment.items() {
        assert_ne!(item.answer, Answer::No, "{key}");
        // development_pipeline is the overview for generators; the Markdown shows its parts.
        if item.answer == Answer::Unknown && key != "development_pipeline" {
            assert!(
                item.text.starts_with("Not determined (")
                    && item.text.contains("); please complete."),
                "{key}: {}",
                item.text
            );
            assert!(md.contains(&text(&item.sentences[0].parts)), "{key}");
        }
    }
    let sa = &report.self_assessment;
    assert!(
        sa.pushes_to_default_branch_forbidden
            .text
            .starts_with("Not determined (the scan ran offline); please complete.")
    );
    // Probes that did not run are "not collected", never "no".
    assert!(
        sa.ci_on_every_pull_request
            .text
            .starts_with("Not determined (this scan did not collect it); please complete.")
    );
    assert!(
        sa.sbom
            .text
            .starts_with("Not determined (this scan did not collect it)")
    );
    // What was seen is still reported.
    assert!(
        sentences(&sa.reviewers_before_merge)
            .contains("`CODEOWNERS` requests reviews from code owners by path")
    );
    assert!(sa.best_practices_badge.text.contains(
        "The README links OpenSSF Best Practices badge project 1234; its level was not read."
    ));
    // No GitHub remote: the citation shows path @ commit, the header says offline.
    assert!(md.contains(&format!(
        "CODEOWNERS lines 1–2 at commit `{}`",
        &synthetic::SHA[..7]
    )));
    assert!(
        p.text
            .contains("Mode: offline, read from git objects of a local clone (no GitHub API)")
    );
    assert!(p.links.is_empty(), "{:?}", p.links);
}

#[test]
fn injection_renders_safely() {
    let report = synthetic::injection();
    let md = render(&report);
    let p = check_renders("injection", &md);
    // Capped: the 10 MB line and excerpt shrink to a few hundred characters each.
    assert!(md.len() < 64 * 1024, "{} bytes", md.len());
    assert!(md.contains("AAAA…"));
    let longest_a_run = md.split(|c| c != 'A').map(str::len).max().unwrap_or(0);
    assert!(longest_a_run <= 200, "{longest_a_run}");
    // No HTML, no script, no javascript: or data: link, no image, no extra heading.
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"));
    assert!(!md.contains("<b>"));
    for (i, _) in md.match_indices("](javascript:") {
        assert_eq!(&md[i - 1..i], "\\", "an unescaped `](javascript:` at {i}");
    }
    assert!(
        !p.links
            .iter()
            .any(|(_, u)| u.to_ascii_lowercase().contains("javascript"))
    );
    assert!(
        !p.links
            .iter()
            .any(|(_, u)| u.contains("onmouseover") && u.contains('"'))
    );
    assert!(
        p.text.contains("injected heading"),
        "the branch name is shown as text"
    );
    // The hostile text is still shown verbatim to the reader, as text.
    assert!(
        p.text.contains("<script>alert(1)</script>@example.org"),
        "{}",
        p.text
    );
    assert!(p.text.contains("[click](javascript:alert(1))"));
    assert!(p.text.contains("$x$ *bold* _i_ ~~s~~ `code` | cell [^1]"));
    assert!(p.text.contains("[x](javascript:alert(1))"));
    // The only links are the safe http(s) contact and permalinks.
    for (_, u) in &p.links {
        assert!(safe_url(u).is_some(), "{u}");
    }
    assert!(
        p.links
            .iter()
            .any(|(_, u)| u == "https://example.org/report?a=1&b=%3C2%3E%7Cx"),
        "{:?}",
        p.links
    );
    // The e-mail address is code, not a mailto: link.
    assert!(md.contains("`sec@example.org`"));
}

// ---------------------------------------------------------------- escaping

/// What a reader should see for `s`: trimmed, controls as spaces, capped.
fn seen(s: &str, max: usize) -> String {
    let t: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    if t.chars().count() > max {
        let mut cut: String = t.chars().take(max).collect();
        cut.push('…');
        cut
    } else {
        t
    }
}

const NASTY: &[&str] = &[
    "plain text",
    "[click](javascript:alert(1))",
    "](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<!-- comment -->",
    "&lt;script&gt; &amp; &#60;",
    "*bold* _it_ **b** __b__ ~~s~~ `code` ``x``",
    "# heading",
    "## heading",
    "- item",
    "+ item",
    "* item",
    "1. first",
    "12) twelve",
    "> quote",
    "=====",
    "---",
    "| a | b |",
    "[^1] footnote",
    "[^1]: definition",
    "[ref]: https://evil.example",
    "![img](https://evil.example/x.png)",
    "<https://evil.example>",
    "$x^2$ and $$y$$",
    "back\\slash \\* \\",
    "line\nbreak\r\nand\ttab",
    "    indented code",
    "```\nfence\n```",
    "~~~ fence",
    "trailing spaces  ",
    "bidi \u{202E}gnp.exe\u{202C} and \u{2066}isolate\u{2069} and \u{2028}sep",
    "a\u{0}nul and \u{1b}[31mansi",
    "emoji 🦀 and ümlaut",
    "https://example.org/a_b?c=d&e=f",
    "user@example.org",
    "@mention #123",
    "&",
    "<",
    "`",
    "\\",
];

#[test]
fn escape_renders_exactly_the_input_as_text() {
    for s in NASTY {
        for (ctx, wrap) in [
            ("sentence", "x {} y"),
            ("start of a line", "{}"),
            ("list item", "* {}"),
            ("table cell", "| a | b |\n| -- | -- |\n| c | {} |"),
        ] {
            let e = escape(s, 1000);
            let md = wrap.replace("{}", &e);
            let p = parse(&md);
            let (got, want) = match ctx {
                "table cell" => (
                    p.table_rows
                        .last()
                        .map(|r| r[1].clone())
                        .unwrap_or_default(),
                    seen(s, 1000),
                ),
                "sentence" => (p.text.clone(), format!("x {} y", seen(s, 1000))),
                _ => (p.text.clone(), seen(s, 1000)),
            };
            assert_eq!(got, want, "{ctx}: {s:?} escaped as {e:?}");
            assert!(p.html.is_empty(), "{ctx}: {s:?} → HTML {:?}", p.html);
            assert!(p.links.is_empty(), "{ctx}: {s:?} → links {:?}", p.links);
            assert!(p.math.is_empty(), "{ctx}: {s:?} → math {:?}", p.math);
            assert!(p.headings.is_empty(), "{ctx}: {s:?} → heading");
            assert!(
                p.footnote_refs.is_empty() && p.footnote_defs.is_empty(),
                "{ctx}: {s:?}"
            );
            assert!(!e.contains('<') && !e.contains('\n'), "{s:?} → {e:?}");
        }
    }
}

#[test]
fn escape_caps_long_text_cheaply() {
    let long = "x".repeat(10 * 1024 * 1024);
    let e = escape(&long, 200);
    assert_eq!(e.chars().count(), 201);
    assert!(e.ends_with('…'));
    assert_eq!(escape("abc", 3), "abc");
    assert_eq!(escape("abcd", 3), "abc…");
    assert_eq!(escape("<<<<", 2), "&lt;&lt;…");
    assert_eq!(escape("", 5), "");
    // The cap counts characters, never cuts inside one.
    assert_eq!(escape("ééé", 2), "éé…");
    let cut = escape(&"🦀".repeat(MAX_EXCERPT * 2), MAX_EXCERPT);
    assert_eq!(cut.chars().count(), MAX_EXCERPT + 1);
}

#[test]
fn escape_examples() {
    assert_eq!(escape("SECURITY.md", 100), "SECURITY.md");
    assert_eq!(escape("security_team", 100), "security\\_team");
    assert_eq!(escape("](javascript:x)", 100), "\\](javascript:x)");
    assert_eq!(escape("<script>", 100), "&lt;script&gt;");
    assert_eq!(escape("a & b", 100), "a &amp; b");
    assert_eq!(escape("# h", 100), "\\# h");
    assert_eq!(escape("a # h", 100), "a # h");
    assert_eq!(escape("1986. year", 100), "1986\\. year");
    assert_eq!(escape("1)", 100), "1\\)");
    assert_eq!(escape("0.1.0", 100), "0.1.0");
    assert_eq!(escape("v1.2.3", 100), "v1.2.3");
    assert_eq!(escape("a|b", 100), "a\\|b");
    assert_eq!(escape("  padded\n", 100), "padded");
}

#[test]
fn code_spans_only_for_plain_identifiers() {
    assert_eq!(
        code(".github/workflows/ci.yml"),
        "`.github/workflows/ci.yml`"
    );
    assert_eq!(code("security@example.org"), "`security@example.org`");
    assert_eq!(code("a`b"), "a\\`b");
    assert_eq!(code("<x>"), "&lt;x&gt;");
    assert_eq!(code("ci / test (ubuntu)"), "`ci / test (ubuntu)`");
    assert_eq!(code(" padded"), "padded");
    assert_eq!(code("a|b"), "a\\|b");
    assert_eq!(code(""), "");
}

#[test]
fn links_only_to_http_urls() {
    assert_eq!(
        link("t", "https://example.org/a?b=1&c=2").as_deref(),
        Some("[t](<https://example.org/a?b=1&amp;c=2>)")
    );
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "mailto:a@b.c",
        "//evil.example/x",
        "/relative",
        "https://user:pass@example.org/",
        "https://",
        "not a url",
    ] {
        assert!(safe_url(bad).is_none(), "{bad}");
        assert!(link("t", bad).is_none(), "{bad}");
        let a = autolink(bad);
        assert!(parse(&a).links.is_empty(), "{bad} → {a}");
    }
    // Characters that would end a destination, split a table cell or start an escape are encoded.
    let u = safe_url("https://example.org/a b?q=<x>|\\`").unwrap();
    assert!(!u.contains([' ', '<', '>', '|', '\\', '`']), "{u}");
    let p = parse(&format!(
        "| a |\n| - |\n| {} |",
        autolink("https://example.org/?a|b")
    ));
    assert_eq!(p.links.len(), 1);
    assert_eq!(p.table_rows.last().map(Vec::len), Some(1));
}

// ---------------------------------------------------------------- end to end (CLI)

use crate::common;
use crate::e2e_fixture;

#[test]
fn cli_markdown_of_a_real_repository_renders_on_github() {
    let fx = common::Fixture::new();
    let repo = e2e_fixture::widget(&fx);
    let md = e2e_fixture::scan(&repo, "md");
    let p = check_renders("cli", &md);
    for q in QUESTIONS {
        assert!(p.text.contains(q), "{q} is not answered:\n{md}");
    }
    let head = repo.head();
    assert!(
        p.headings[0].1 == "Self-assessment: example/widget",
        "{:?}",
        p.headings[0]
    );
    assert!(
        p.text.contains(&format!(
            "Prefilled by tssa-probe {} from https://github.com/example/widget at commit {}",
            env!("CARGO_PKG_VERSION"),
            &head[..7]
        )),
        "{md}"
    );
    assert!(p.text.contains("Mode: offline"), "{md}");
    // Offline, no setting was read: the preamble does not claim settings were observed.
    assert!(!p.text.contains("and its settings"), "{md}");
    assert!(
        p.text
            .contains("its GitHub settings were not read (offline scan)"),
        "{md}"
    );
    assert!(
        p.text.contains(
            "3 of all 5 commits of the default branch main (the full history) carry a signature \
             (2 OpenPGP, 1 SSH); 1 of them is a GitHub web-flow signature"
        ),
        "{md}"
    );
    assert!(
        p.text
            .contains("The security policy asks reporters to write to security@example.org."),
        "{md}"
    );
    assert!(
        p.text
            .contains("The release process is documented in RELEASE.md."),
        "{md}"
    );
    // Offline, the API-only answers are "not determined", never "No".
    assert!(
        p.text.contains(
            "Pushes to the default branch are forbidden? Not determined (the scan ran offline); please complete."
        ),
        "{md}"
    );
    // Footnotes are permalinks at the scanned commit; none points at a branch.
    assert!(
        p.links
            .iter()
            .any(|(_, u)| u
                == &format!("https://github.com/example/widget/blob/{head}/SECURITY.md#L3")),
        "{:?}",
        p.links
    );
    assert!(!md.contains("/blob/main/"), "{md}");
    assert!(!p.footnote_defs.is_empty());
}

#[test]
fn cli_markdown_of_a_hostile_security_policy_is_safe() {
    let fx = common::Fixture::new();
    let repo = fx.repo("hostile");
    let huge = format!(
        "{}<script>alert(2)</script>](javascript:alert(3)) evil@example.org\n",
        "A".repeat(10 * 1024 * 1024)
    );
    let policy = format!(
        "# Security\n\nContact: [click me](javascript:alert(1)) <script>alert(1)</script> \
         security@example.org https://example.org/report?x=<y>\n\
         <img src=x onerror=alert(1)> ![x](javascript:alert(4))\n{huge}"
    );
    repo.commit(&common::Commit::new("hostile policy").file("SECURITY.md", policy));
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://github.com/example/hostile.git",
    ]);
    let md = e2e_fixture::scan(&repo, "md");
    let p = check_renders("hostile", &md);
    assert!(md.len() < 64 * 1024, "{} bytes", md.len());
    let longest_a_run = md.split(|c| c != 'A').map(str::len).max().unwrap_or(0);
    assert!(longest_a_run <= 200, "{longest_a_run}");
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"), "{md}");
    for (i, _) in md.match_indices("](javascript:") {
        assert_eq!(&md[i - 1..i], "\\", "an unescaped `](javascript:` at {i}");
    }
    assert!(
        !p.links
            .iter()
            .any(|(_, u)| u.to_ascii_lowercase().contains("javascript"))
    );
    assert!(p.text.contains("security@example.org"), "{md}");
    // The JSON of the same scan keeps the facts, and its sentences raw (contract v2: the
    // renderer escapes); rendered as Markdown, every sentence is escaped.
    let json = e2e_fixture::scan(&repo, "json");
    let report: tssa_probe::Report = serde_json::from_str(&json).unwrap();
    for (key, item) in report.self_assessment.items() {
        let item_md = sentences(item);
        assert!(!item_md.contains("<script"), "{key}: {item_md}");
    }
}

/// Web-flow signatures alone are not contributors signing: "No" when branch protection was
/// read and does not require signatures, "Yes" when it does, and not determined when it
/// could not be read (a required-signatures rule would leave the same history).
#[test]
fn web_flow_only_signing_is_answered_as_what_it_is() {
    for (required, answer) in [
        (Some(false), Answer::No),
        (Some(true), Answer::Yes),
        (None, Answer::Unknown),
    ] {
        let report = synthetic::web_flow_only(required);
        let item = &report.self_assessment.signed_commits_required;
        let item_md = sentences(item);
        assert_eq!(item.answer, answer, "{required:?}: {}", item.text);
        assert!(
            item_md.contains(
                "300 of the 300 most recent commits of the default branch `main` carry a signature \
                 (300 OpenPGP); all are GitHub's web-flow signatures, which GitHub puts on the commits it makes itself \
                 (merges and edits in its web interface), and say nothing about whether contributors \
                 sign their own commits."
            ),
            "{item_md}"
        );
        assert!(
            item_md.contains("GitHub puts on the commits it makes itself"),
            "{item_md}"
        );
        assert!(
            item_md.contains("120 of the 300 examined commits carry a `Signed-off-by` trailer"),
            "{item_md}"
        );
        // Every sentence but the "Not determined" lead and the unread protection is cited.
        for s in &item.sentences {
            if !s.text.starts_with("Not determined") && !s.text.starts_with("Whether") {
                assert!(!s.citations.is_empty(), "uncited: {}", s.text);
            }
        }
        if answer == Answer::Unknown {
            assert!(
                item.text.starts_with(
                    "Not determined (no examined commit carries a contributor's own signature, no document read requires one"
                ),
                "{}",
                item.text
            );
            assert_eq!(item.reason, Some(tssa_probe::model::Reason::Permission));
        }
        let md = render(&report);
        let expected = match answer {
            Answer::No => "sign commits? **No.**",
            Answer::Yes => "sign commits? **Yes.**",
            _ => "sign commits? Not determined",
        };
        assert!(md.contains(expected), "{md}");
    }
}
