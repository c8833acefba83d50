//! Crafted policy files (issue 23): contact extraction stays linear on a megabyte of
//! addresses and links, and malformed addresses are not contacts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::harness;

use common::{Commit, Fixture};
use harness::ReportExt;

#[test]
fn a_megabyte_security_md_of_addresses_and_links_is_read_linearly() {
    let fx = Fixture::new();
    let r = fx.repo("contacts");
    // 1 MiB in short lines, and 1 MiB on one line: tens of thousands of matches each.
    let mut lines = String::from("# Security\n\nReport vulnerabilities to security@example.org.\n");
    let mut i = 0;
    while lines.len() < 1024 * 1024 {
        lines.push_str(&format!(
            "- mail m{i}@example.org or see https://example.org/p/{i}\n"
        ));
        i += 1;
    }
    let mut one = String::new();
    let mut j = 0;
    while one.len() < 1024 * 1024 {
        one.push_str(&format!("x{j}@example.org https://example.com/{j} "));
        j += 1;
    }
    r.commit(
        &Commit::new("policy")
            .file("SECURITY.md", &lines)
            .file("docs/SECURITY.md", format!("{one}\n")),
    );
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("1 MiB of addresses and links", 10, 512)
        .assert_code(0);
    let report = run.report();
    assert_eq!(report.outcome("security-policy"), "met");
}

#[test]
fn malformed_addresses_in_a_policy_are_not_contacts() {
    let fx = Fixture::new();
    let r = fx.repo("bad-contacts");
    r.commit(&Commit::new("policy").file(
        "SECURITY.md",
        "# Security\n\nReport vulnerabilities to a@. or <script>x@x.y z or javascript:alert(1).\n",
    ));
    let run = harness::scan(&r.path, &[]).deadline(120).run();
    run.assert_bounds("malformed contacts", 10, 512)
        .assert_code(0);
    let report = run.report();
    let facts = report.probe("security-policy")["facts"].to_string();
    assert!(!facts.contains("a@."), "{facts}");
    assert!(!facts.contains("javascript:"), "{facts}");
}
