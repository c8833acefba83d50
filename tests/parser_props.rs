//! Property tests for the parsers of repository content besides CI (see ci_model_props.rs):
//! SECURITY files and their contacts, CODEOWNERS and Prow OWNERS files, SBOM sniffing,
//! README badge links, and commit and tag headers. Whatever the text, what they return
//! stands in the input (lines that exist, values written there), stays bounded and
//! ordered, and the same input gives the same answer; the judgements built on them keep
//! the citation invariants. The fuzz targets (fuzz/) check the same on arbitrary bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use tssa_probe::evidence::badge;
use tssa_probe::evidence::git::{census, tags};
use tssa_probe::model::{ContactKind, ProbeFacts, ProbeId};
use tssa_probe::probes::fuzzing;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    }
}

/// Text shaped like a security policy: headings, addresses (plain, `mailto:`, obfuscated),
/// reporting forms and reference links, HTML comments, PGP blocks, code fences, prose.
fn policyish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# Security\n".to_string()),
        Just("## Reporting a vulnerability\n".to_string()),
        Just("Security\n--------\n".to_string()),
        Just("Please report vulnerabilities to ".to_string()),
        Just("security@example.org".to_string()),
        Just("[us](mailto:Sec@Example.org?subject=x)".to_string()),
        Just("noreply@example.org".to_string()),
        Just("cncf-x@lists.cncf.io".to_string()),
        Just("security [at] example [dot] org".to_string()),
        Just("https://github.com/o/r/security/advisories/new".to_string()),
        Just("https://hackerone.com/example".to_string()),
        Just("https://www.cve.org/".to_string()),
        Just("[CVSS](https://www.first.org/cvss/calculator/3.1)".to_string()),
        Just("[process](docs/process.md#triage)".to_string()),
        Just("[up](../../x.md)".to_string()),
        Just("https://github.com/o/r/blob/main/docs/security.md".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("-----BEGIN PGP PUBLIC KEY BLOCK-----\n".to_string()),
        Just("-----END PGP PUBLIC KEY BLOCK-----\n".to_string()),
        Just("```\n".to_string()),
        Just("é".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        "[ -~]{0,16}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Links that are references, never ways to report, on lines that talk about reporting.
fn references_only() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Please report vulnerabilities privately. ".to_string()),
        Just("We assign CVEs through https://www.cve.org/ ".to_string()),
        Just("[CVSS](https://www.first.org/cvss/calculator/3.1) ".to_string()),
        Just("https://nvd.nist.gov/vuln/detail/CVE-2024-1234 ".to_string()),
        Just("Advisories: https://github.com/o/r/security/advisories/GHSA-abcd-efgh ".to_string()),
        Just("Hardening: https://r.example.io/docs/security/ ".to_string()),
        Just("The https://github.com/o organization. ".to_string()),
        Just("[guide](docs/security.md) ".to_string()),
        Just("\n".to_string()),
    ];
    proptest::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn contacts_stand_on_their_lines_and_are_written_in_the_text(text in policyish()) {
        let e = fuzzing::contacts(&text, Some("SECURITY.md"));
        let n = fuzzing::line_count(&text);
        prop_assert!(e.contacts.len() <= fuzzing::MAX_CONTACTS);
        prop_assert!(e.references.len() <= fuzzing::MAX_REFERENCES);
        prop_assert!(e.pages.len() <= fuzzing::MAX_PAGES);
        for c in &e.contacts {
            prop_assert!(c.line >= 1 && c.line <= n, "{c:?} of {n}");
            let line = text.split('\n').nth(c.line as usize - 1).unwrap_or("");
            match &c.written {
                // Written out: on its own line, as written (any case for an address).
                None => prop_assert!(
                    line.to_ascii_lowercase().contains(&c.value.to_ascii_lowercase()),
                    "{c:?} is not on line {}: {line:?}", c.line
                ),
                Some(w) => prop_assert!(line.contains(w.as_str()), "{c:?} on {line:?}"),
            }
            if matches!(c.kind, ContactKind::Email | ContactKind::MailingList)
                && !c.value.starts_with("http")
            {
                prop_assert!(c.value.contains('@'), "{c:?}");
            }
        }
        prop_assert!(e.contacts.windows(2).all(|w| w[0].line <= w[1].line), "{:?}", e.contacts);
        prop_assert!(e.references.windows(2).all(|w| w[0].1 <= w[1].1), "{:?}", e.references);
        for (url, line) in &e.references {
            prop_assert!(*line >= 1 && *line <= n);
            prop_assert!(text.contains(url.strip_prefix("mailto:").unwrap_or(url)), "{url}");
        }
        for (p, line) in &e.pages {
            prop_assert!(*line >= 1 && *line <= n);
            prop_assert!(
                !p.starts_with('/') && p.split('/').all(|s| !s.is_empty() && s != ".."),
                "page outside the tree: {p}"
            );
        }
        prop_assert_eq!(&e, &fuzzing::contacts(&text, Some("SECURITY.md")));
    }

    #[test]
    fn no_contact_is_made_of_a_reference_link(text in references_only()) {
        let e = fuzzing::contacts(&text, Some("SECURITY.md"));
        prop_assert!(e.contacts.is_empty(), "{:?}", e.contacts);
    }

    #[test]
    fn addresses_in_comments_and_key_blocks_are_not_contacts(
        before in policyish(),
        after in policyish(),
        pgp in any::<bool>(),
    ) {
        let hidden = if pgp {
            "-----BEGIN PGP SIGNATURE-----\nreport to hidden@sig.example\n-----END PGP SIGNATURE-----\n"
        } else {
            "<!-- report to hidden@sig.example -->"
        };
        // A comment opened before (and never closed) hides even more; it cannot reveal.
        let text = format!("{before}\n{hidden}\n{after}");
        let e = fuzzing::contacts(&text, Some("SECURITY.md"));
        prop_assert!(!e.contacts.iter().any(|c| c.value.contains("hidden@")), "{:?}", e.contacts);
    }

    #[test]
    fn the_security_section_keeps_the_files_lines(text in policyish()) {
        if let Some((heading, section)) = fuzzing::security_section(&text) {
            prop_assert!(text.contains(heading.as_str()));
            let a: Vec<&str> = text.split('\n').collect();
            let b: Vec<&str> = section.split('\n').collect();
            prop_assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                // Blanked with spaces, byte for byte, so offsets stay those of the file.
                prop_assert!(x == y || (y.len() == x.len() && y.bytes().all(|b| b == b' ')), "{y:?} is not {x:?}");
            }
        }
    }

    #[test]
    fn security_contacts_handles_are_valid_and_listed(
        lines in proptest::collection::vec("(@?[a-zA-Z0-9-]{0,42}|# x|[ -~]{0,12})( # c)?", 0..60),
    ) {
        let text = lines.join("\n");
        let handles = fuzzing::security_contacts_file(&text);
        prop_assert!(handles.len() <= 50);
        let mut at = 0;
        for h in &handles {
            prop_assert!(!h.is_empty() && h.len() <= 39 && !h.starts_with('-'), "{h:?}");
            prop_assert!(h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{h:?}");
            // In file order, each on a line of its own.
            let next = lines[at..].iter().position(|l| {
                l.split('#').next().unwrap_or("").trim().trim_start_matches('@') == h
            });
            prop_assert!(next.is_some(), "{h:?} is not a line after line {at}");
            at += next.unwrap_or(0) + 1;
        }
    }

    #[test]
    fn the_security_policy_judgement_cites_what_exists(
        policy in policyish(),
        contributing in policyish(),
    ) {
        let files = [("SECURITY.md", policy.as_str()), ("CONTRIBUTING.md", contributing.as_str())];
        let j = fuzzing::judge(ProbeId::SecurityPolicy, &files).unwrap();
        let v = fuzzing::violations(&files, &j);
        prop_assert!(v.is_empty(), "{v:#?}");
    }
}

/// A Prow OWNERS file, a roster, or anything.
fn ownersish() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("approvers:\n  - alice\n".to_string()),
        Just("reviewers:\n  - bob\n".to_string()),
        Just("  approvers: [a]\n".to_string()),
        Just("maintainers:\n  - dave\n".to_string()),
        Just("labels:\n  - area/x\n".to_string()),
        Just("* @o/team\n".to_string()),
        "[ -~\n]{0,40}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn owners_files_listed_are_review_configuration_shallowest_first(
        present in proptest::collection::vec(any::<bool>(), 8),
        texts in proptest::collection::vec(ownersish(), 8),
    ) {
        const PATHS: [&str; 8] = [
            ".github/CODEOWNERS", "OWNERS", "pkg/OWNERS", "OWNERS_ALIASES", "docs/CODEOWNERS",
            "vendor/x/OWNERS", "a/b/c/OWNERS", "third_party/y/OWNERS",
        ];
        let files: Vec<(&str, &str)> = PATHS
            .iter()
            .zip(&texts)
            .zip(&present)
            .filter(|(_, keep)| **keep)
            .map(|((p, t), _)| (*p, t.as_str()))
            .collect();
        let j = fuzzing::judge(ProbeId::CodeReview, &files).unwrap();
        let v = fuzzing::violations(&files, &j);
        prop_assert!(v.is_empty(), "{v:#?}");
        let ProbeFacts::CodeReview(f) = &j.facts else { panic!("{:?}", j.facts) };
        match &f.codeowners_path {
            Some(p) => prop_assert!(files.iter().any(|(q, _)| q == p)),
            None => prop_assert!(!files.iter().any(|(q, _)| q.ends_with("CODEOWNERS"))),
        }
        let owners = f.owners_files.clone().unwrap_or_default();
        for p in &owners {
            let (_, t) = files.iter().find(|(q, _)| q == p).copied().unwrap();
            prop_assert!(!p.starts_with("vendor/") && !p.starts_with("third_party/"), "{p}");
            prop_assert!(
                t.lines().any(|l| {
                    let l = l.trim_start();
                    l.starts_with("approvers:") || l.starts_with("reviewers:")
                }),
                "{p} configures no review: {t:?}"
            );
        }
        let depth: Vec<usize> = owners.iter().map(|p| p.matches('/').count()).collect();
        prop_assert!(depth.windows(2).all(|w| w[0] <= w[1]), "{owners:?}");
        prop_assert_eq!(f.owners_files_total, Some(owners.len() as u64));
    }
}

/// SBOM documents and near misses: JSON, XML, tag-value and YAML markers, prose that
/// names them, a byte-order mark, leading blanks.
fn sbomish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{".to_string()),
        Just("\"spdxVersion\": \"SPDX-2.3\"".to_string()),
        Just("\"SPDXID\": \"SPDXRef-DOCUMENT\"".to_string()),
        Just("\"specVersion\": \"1.5\"".to_string()),
        Just(", ".to_string()),
        Just("}".to_string()),
        Just("</bom>".to_string()),
        Just("\"bomFormat\" : \"CycloneDX\"".to_string()),
        Just("SPDXVersion: SPDX-2.2\n".to_string()),
        Just("bomFormat: CycloneDX\n".to_string()),
        Just("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">".to_string()),
        Just("<rdf:RDF xmlns:spdx=\"http://spdx.org/rdf/terms#\">".to_string()),
        Just("\u{feff}".to_string()),
        Just("é".to_string()),
        Just("# about ".to_string()),
        Just("\n".to_string()),
        "[ -~]{0,12}",
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sbom_markers_lie_inside_the_document_and_name_its_format(doc in sbomish(), cut in any::<bool>()) {
        let s = fuzzing::sbom_parse(&doc, cut);
        if let Some((format, at, head_only)) = s {
            prop_assert!(at < doc.len() && doc.is_char_boundary(at), "{at} of {}", doc.len());
            prop_assert!(doc[at..].to_ascii_lowercase().contains(format), "{format} at {at}");
            prop_assert!(cut || !head_only, "a whole file is checked whole");
            // A JSON or XML document parsed whole is also a valid head of itself (YAML
            // is only ever parsed whole).
            let first = doc.trim_start_matches('\u{feff}').trim_start().chars().next();
            if !cut && matches!(first, Some('{' | '<')) {
                prop_assert_eq!(fuzzing::sbom_parse(&doc, true).map(|x| x.0), Some(format));
            }
        }
        prop_assert_eq!(s, fuzzing::sbom_parse(&doc, cut));
    }

    #[test]
    fn prose_before_a_json_document_is_not_an_sbom(prose in "[a-zA-Z][a-zA-Z #]{0,29}") {
        let doc = format!("{prose}\n{{\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"SPDXRef-DOCUMENT\"}}");
        prop_assert_eq!(fuzzing::sbom_parse(&doc, false), None);
        // The same document, without the prose, is one (behind a BOM and blanks too).
        let bare = "\u{feff} \n{\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"SPDXRef-DOCUMENT\"}";
        prop_assert_eq!(fuzzing::sbom_parse(bare, false).map(|s| s.0), Some("spdx"));
    }

    /// A real document cut anywhere after its marker is a valid head when the scan cut it,
    /// and not a document when the file itself ends there.
    #[test]
    fn a_cut_document_counts_only_as_a_head(
        names in proptest::collection::vec("[a-z]{1,8}", 0..20),
        at in 0.0f64..1.0,
    ) {
        let comps: Vec<String> = names.iter().map(|n| format!("{{\"name\": \"{n}\", \"v\": [1, 2.5, true, null]}}")).collect();
        let doc = format!("{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [{}]}}", comps.join(", "));
        prop_assert_eq!(fuzzing::sbom_parse(&doc, false).map(|x| (x.0, x.2)), Some(("cyclonedx", false)));
        let marker_end = doc.find("CycloneDX").unwrap() + 10;
        let k = marker_end + ((doc.len() - 1 - marker_end) as f64 * at) as usize;
        let head = &doc[..k];
        prop_assert_eq!(fuzzing::sbom_parse(head, true).map(|x| (x.0, x.2)), Some(("cyclonedx", true)));
        prop_assert_eq!(fuzzing::sbom_parse(head, false), None);
    }

    #[test]
    fn the_sbom_judgement_counts_documents_not_fixtures(doc in sbomish()) {
        let files = [("sbom.spdx.json", doc.as_str()), ("testdata/bom.json", doc.as_str())];
        let j = fuzzing::judge(ProbeId::Sbom, &files).unwrap();
        let v = fuzzing::violations(&files, &j);
        prop_assert!(v.is_empty(), "{v:#?}");
        let ProbeFacts::Sbom(f) = &j.facts else { panic!("{:?}", j.facts) };
        let docs = f.in_repository.clone().unwrap_or_default();
        prop_assert!(docs.iter().all(|d| d.path == "sbom.spdx.json"), "{docs:?}");
        prop_assert_eq!(docs.len(), usize::from(fuzzing::sbom_parse(&doc, false).is_some()));
    }
}

/// README text with badge links in Markdown, HTML and bare forms, code blocks and spans.
fn readmeish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        (1u32..60).prop_map(|id| format!("[![b](https://www.bestpractices.dev/projects/{id}/badge)](https://www.bestpractices.dev/projects/{id})")),
        (1u32..60).prop_map(|id| format!("<a href=\"https://bestpractices.coreinfrastructure.org/en/projects/{id}\">")),
        (1u32..60).prop_map(|id| format!("https://www.bestpractices.dev/projects/{id}")),
        Just("notbestpractices.dev/projects/7".to_string()),
        Just("```\n".to_string()),
        Just("`".to_string()),
        Just("    ".to_string()),
        Just("é".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        "[ -~]{0,20}",
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn badge_links_are_on_the_lines_they_name(readme in readmeish(), other in readmeish()) {
        let files = [("README.md", readme.as_str()), ("README.rst", other.as_str())];
        let snap = fuzzing::snapshot(&files);
        let found = badge::readme_badges(&snap);
        prop_assert!(found.len() <= badge::MAX_KEPT_README_IDS);
        let mut seen = std::collections::HashSet::new();
        for b in &found {
            prop_assert!(seen.insert(b.project_id), "{} twice", b.project_id);
            let text = files.iter().find(|(p, _)| *p == b.path).map(|(_, t)| *t).unwrap();
            let line = text.split('\n').nth(b.line as usize - 1);
            prop_assert!(line.is_some(), "line {} of {}", b.line, b.path);
            let line = line.unwrap_or("");
            prop_assert!(line.contains(&format!("projects/{}", b.project_id)), "{b:?} on {line:?}");
            prop_assert!(line.contains(b.excerpt.as_str()), "{b:?}");
            prop_assert!(b.excerpt.chars().count() <= fuzzing::EXCERPT_MAX_CHARS);
        }
        // README.md is read before README.rst, and each in the order of its lines.
        let order: Vec<(bool, u32)> = found.iter().map(|b| (b.path != "README.md", b.line)).collect();
        prop_assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        prop_assert_eq!(&found, &badge::readme_badges(&snap));
    }

    #[test]
    fn badge_links_in_code_blocks_are_examples(readme in readmeish()) {
        let text = format!("{readme}\n\n```\nhttps://www.bestpractices.dev/projects/424242\n```\n");
        // Only when the text before leaves no code block open is the fence ours.
        let opened = readme.lines().filter(|l| l.trim_start().starts_with("```")).count();
        let snap = fuzzing::snapshot(&[("README.md", text.as_str())]);
        let found = badge::readme_badges(&snap);
        // Nor any HTML block (a comment, `<pre>`) that would swallow the fence.
        if opened % 2 == 0 && !readme.contains(['`', '<']) {
            prop_assert!(!found.iter().any(|b| b.project_id == 424242), "{found:?}");
        }
    }
}

/// A commit object: tree, parents, author, committer, extra headers, message.
fn commitish() -> impl Strategy<Value = (usize, Vec<u8>, bool, bool)> {
    let line = prop_oneof![
        Just("Signed-off-by: A <a@example.org>".to_string()),
        Just("signed-off-by:x".to_string()),
        Just("  Signed-off-by: indented".to_string()),
        Just("Co-authored-by: B <b@example.org>".to_string()),
        "[ -~]{0,30}",
    ];
    (0usize..4, proptest::collection::vec(line, 0..6), any::<bool>()).prop_map(|(k, lines, sig)| {
        let mut o = String::from("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n");
        for i in 0..k {
            o.push_str(&format!("parent {i:040x}\n"));
        }
        o.push_str("author A <a@example.org> 1700000000 +0000\n");
        o.push_str("committer GitHub <noreply@github.com> 1700000001 +0000\n");
        if sig {
            o.push_str("gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n");
        }
        o.push('\n');
        let dco = lines.iter().any(|l| l.to_ascii_lowercase().starts_with("signed-off-by:"));
        o.push_str(&lines.join("\n"));
        (k, o.into_bytes(), dco, sig)
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn commit_headers_are_read_as_written((k, data, dco, sig) in commitish()) {
        let c = census::parse_commit(&data).unwrap();
        prop_assert_eq!(c.parents.len(), k);
        prop_assert_eq!(c.committer_time, Some(1_700_000_001));
        prop_assert!(c.web_flow);
        prop_assert_eq!(c.dco, dco);
        prop_assert_eq!(c.signature.map(|s| s.is_signature()), sig.then_some(true));
        prop_assert_eq!(census::tree_of(&data).is_some(), true);
    }

    #[test]
    fn git_objects_never_panic_and_tags_are_signed_or_malformed(
        data in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        if let Ok(c) = census::parse_commit(&data) {
            prop_assert!(census::tree_of(&data).is_some());
            prop_assert!(c.parents.len() <= data.len() / 48);
        }
        let t = tags::parse_tag(&data);
        prop_assert!(!(t.signed && t.malformed));
        prop_assert_eq!(&t, &tags::parse_tag(&data));
    }
}

/// SECURITY-INSIGHTS documents (v1 and v2 shapes) with values of any kind.
fn insightsish() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("security@example.org".to_string()),
        Just("https://github.com/o/r/security/advisories/new".to_string()),
        Just("https://example.org/policy".to_string()),
        Just("\"quoted@example.org\"".to_string()),
        Just("[a, b]".to_string()),
        Just("{x: y}".to_string()),
        "[a-z@.:/]{0,20}",
    ];
    (proptest::collection::vec(value, 6), any::<bool>()).prop_map(|(v, two)| {
        if two {
            format!(
                "header:\n  schema-version: 2.0.0\nproject:\n  vulnerability-reporting:\n    contact:\n      email: {}\n    policy: {}\n    bug-bounty-program: {}\n",
                v[0], v[1], v[2]
            )
        } else {
            format!(
                "header:\n  schema-version: 1.0.0\nvulnerability-reporting:\n  email-contact: {}\n  security-policy: {}\n  bug-bounty-url: {}\nsecurity-contacts:\n  - type: email\n    value: {}\n  - value: {}\n",
                v[0], v[1], v[2], v[3], v[4]
            )
        }
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn insights_values_stand_on_their_lines(text in insightsish()) {
        let n = fuzzing::line_count(&text);
        if let Ok(entries) = fuzzing::security_insights(&text, false) {
            for (value, _, line) in &entries {
                if let Some(l) = line {
                    prop_assert!(*l >= 1 && *l <= n, "{value} at {l} of {n}");
                    let on = text.split('\n').nth(*l as usize - 1).unwrap_or("");
                    prop_assert!(on.contains(value.as_str()), "{value} is not on line {l}: {on:?}");
                }
            }
        }
        // A truncated file is never read: what it holds past the cut is not known.
        prop_assert!(fuzzing::security_insights(&text, true).is_err());
    }
}

/// Found by fuzz/ci_model: a workflow with bare carriage returns had its commands cited at
/// lines past the end of the file (the YAML scanner counted each `\r` as a line break).
#[test]
fn commands_of_a_workflow_with_bare_carriage_returns_stand_on_its_lines() {
    let wf = format!(
        "on:\n  re{}lease:\njobs:\n  r:\n    steps:\n      - run: make dist\n      - run: go test ./...\n",
        "\r".repeat(80)
    );
    let files = [(".github/workflows/ci.yml", wf.as_str())];
    let m = tssa_probe::evidence::ci::build(&fuzzing::snapshot(&files));
    assert!(!m.commands.is_empty(), "{m:?}");
    let n = fuzzing::line_count(&wf);
    for c in &m.commands {
        assert!(c.at.line >= 1 && c.at.line <= n, "{:?} of {n}", c.at);
    }
    let j = fuzzing::judge(tssa_probe::model::ProbeId::CiChecks, &files).unwrap();
    let v = fuzzing::violations(&files, &j);
    assert!(v.is_empty(), "{v:#?}");
}
