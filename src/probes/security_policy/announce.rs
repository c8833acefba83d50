//! Announcement lists in a security document: an address or link under a heading such
//! as "Security bulletins" or "Security announcements", or in a list introduced by "join
//! ... for information regarding the security of ..." is where the project tells its users
//! about fixes, not where a reporter writes. It is a reporting contact only when its own
//! line says to send or report there.

use std::sync::LazyLock;

use regex::Regex;

use super::super::util::compile;

/// Words of a heading or a list's lead-in that make it an announcement list.
static ANNOUNCE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(bulletins?|announce(ments?|s)?|advisories mailing list|notifications?|subscribe|subscription|join\b.{0,80}\b(for|to receive|to get|to be notified|regarding|informed|updates)|\b(for|regarding) (information|updates|news)\b.{0,80}\bjoin\b|stay (informed|up[- ]to[- ]date)|be notified|get notified|receive (security )?(updates|notifications|announcements))",
    )
});

/// Words on a line that say to report there.
static REPORT_HERE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\b(report(ing)?|send|submit|disclos\w*|contact|reach out|email us|e-mail us)\b")
});

/// The heading above line `k` (0-based) of `lines` and the lead-in of the list it stands
/// in (the nearest line before the list's items that ends with a colon), lowercase.
fn scope(lines: &[&str], k: usize) -> (String, String) {
    let mut heading = String::new();
    let mut lead = String::new();
    let mut in_list = true;
    for i in (0..k).rev().take(200) {
        let t = lines[i].trim();
        if t.starts_with('#') {
            heading = t.trim_start_matches('#').trim().to_lowercase();
            break;
        }
        if lead.is_empty() && in_list && !t.is_empty() {
            let item = t.starts_with(['-', '*', '+'])
                || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                    !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
                })
                || lines[i].starts_with([' ', '\t']);
            if t.ends_with(':') {
                lead = t.to_lowercase();
            } else if !item {
                in_list = false;
            }
        }
    }
    (heading, lead)
}

/// Whether the address or link at 1-based line `line` of `text` is an announcement list
/// rather than a way to report: its heading or its list's lead-in announces, and its own
/// line does not say to report there.
pub(crate) fn announcement(lines: &[&str], line: u32) -> bool {
    let k = (line as usize).saturating_sub(1);
    let Some(own) = lines.get(k) else {
        return false;
    };
    let own = own.to_lowercase();
    if REPORT_HERE.is_match(&own) {
        return false;
    }
    if ANNOUNCE.is_match(&own) {
        return true;
    }
    let (heading, lead) = scope(lines, k);
    // A heading about reporting keeps its addresses whatever the lead-in says.
    if REPORT_HERE.is_match(&heading) || heading.contains("vulnerab") {
        return ANNOUNCE.is_match(&lead) && !REPORT_HERE.is_match(&lead);
    }
    ANNOUNCE.is_match(&heading) || (ANNOUNCE.is_match(&lead) && !REPORT_HERE.is_match(&lead))
}

/// Words that say an address is not for reports ("Do not use it to report
/// vulnerabilities", "this list is not for reporting").
static NOT_FOR_REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(do not|don't|never) use (it|this|them|the (list|address|alias))\b[^.;]{0,20}\b(to|for) report|\b(is|are) not (meant |intended )?(to be used )?(for|to) report|\bnot (be )?used (to|for) report",
    )
});

/// A public channel that takes only encrypted messages ("one of the following public
/// channels to send an encrypted message").
static PUBLIC_ENCRYPTED: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\bpublic\b.{0,80}\bencrypt|\bencrypt\w*.{0,80}\bpublic (channel|list|forum)")
});

/// Whether the address or link at 1-based line `line` is not a private way to report: its
/// line says not to report there, or it (or its list's lead-in) is a public channel for
/// encrypted messages. The project's words are quoted elsewhere (`vulnerability-response`).
pub(crate) fn not_for_reports(lines: &[&str], line: u32) -> bool {
    let k = (line as usize).saturating_sub(1);
    let Some(own) = lines.get(k) else {
        return false;
    };
    let own = own.to_lowercase();
    if NOT_FOR_REPORTS.is_match(&own) || PUBLIC_ENCRYPTED.is_match(&own) {
        return true;
    }
    let (_, lead) = scope(lines, k);
    PUBLIC_ENCRYPTED.is_match(&lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, line: u32) -> bool {
        announcement(&text.lines().collect::<Vec<_>>(), line)
    }

    #[test]
    fn a_list_under_a_bulletins_heading_is_no_reporting_address() {
        let t = "# Security policy\n\n## Security bulletins\n\nFor information regarding the security of P please join:\n\n* Mailing List <p@googlegroups.com>\n\n## Reporting a vulnerability\n\n1. Send email to <p-security@lists.cncf.io>\n";
        assert!(at(t, 7));
        assert!(!at(t, 11));
    }

    #[test]
    fn a_reporting_line_under_an_announcements_heading_stays_a_contact() {
        let t = "## Announcements\n\nTo report a vulnerability, send mail to sec@p.io.\n\nSubscribe to p-sec@googlegroups.com.\n";
        assert!(!at(t, 3));
        assert!(at(t, 5));
    }

    #[test]
    fn a_plain_reporting_section_is_not_an_announcement() {
        let t = "## Reporting\n\nPlease email security@p.io with the details:\n\n- steps\n";
        assert!(!at(t, 3));
        assert!(!at("", 9));
    }

    #[test]
    fn a_list_not_for_reports_and_a_public_list_for_encrypted_mail() {
        let t = "## Mailing lists\n- Use sec@lists.p.io to reach the Security Team. Do not use it to report vulnerabilities; use private reporting instead.\n\nAlternatively, you can use one of the following public channels to send an **encrypted** message:\n\n* Send a message to [p@googlegroups.com][ml]\n\n## Report\n\nReport to security@p.io privately.\n";
        let lines: Vec<&str> = t.lines().collect();
        assert!(not_for_reports(&lines, 2));
        assert!(not_for_reports(&lines, 6));
        assert!(!not_for_reports(&lines, 10));
    }
}
