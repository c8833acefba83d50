//! "Contributors sign their commits" against the commit census (read from the history,
//! offline): developer signatures, and the Signed-off-by trailers a sign-off rule asks
//! for (documents often say "sign" for the DCO sign-off).

use super::{answered, finding, item, with};
use crate::model::{Answer, ProbeFacts, ProbeId, Report};
use crate::review::claims::{Claim, Polarity};
use crate::review::document::Document;
use crate::review::{Finding, FindingKind};

fn pct(a: u64, b: u64) -> u64 {
    a * 100 / b.max(1)
}

pub(super) fn commit_signing(doc: &Document, c: &Claim, report: &Report) -> Option<Finding> {
    // The scan's answer when it has one (branch protection read through the API).
    if item(report, "signed_commits_required").is_some_and(|i| i.answer != Answer::Unknown) {
        return answered(doc, c, report);
    }
    let p = report.probe(ProbeId::SignedCommits)?;
    let ProbeFacts::SignedCommits(f) = &p.facts else {
        return answered(doc, c, report);
    };
    let (Some(n), Some(dev)) = (f.commits_examined, f.developer_signed) else {
        return answered(doc, c, report);
    };
    if n == 0 {
        return answered(doc, c, report);
    }
    let own = n.saturating_sub(f.web_flow_signed.unwrap_or(0)).max(1);
    let dev_pct = pct(dev, own);
    let (so, so_base, base) = match (
        f.merge_commits,
        f.dco_signed_off_non_merge,
        f.dco_signed_off,
    ) {
        (Some(m), Some(d), _) if m > 0 && m < n => (Some(d), n - m, "non-merge commits"),
        (_, _, Some(d)) => (Some(d), own.max(d), "commits not made on the web"),
        _ => (None, own, ""),
    };
    let so_pct = so.map(|s| pct(s, so_base));
    let web = f.web_flow_signed.unwrap_or(0);
    let signed = if web > 0 {
        format!(
            "{dev} carry a developer's signature ({web} carry only GitHub's web-flow signature)"
        )
    } else {
        format!("{dev} ({dev_pct}%) carry a developer's signature")
    };
    let signed_off = so
        .map(|s| {
            format!(
                "; {s} of the {so_base} {base} ({}%) carry a Signed-off-by line",
                so_pct.unwrap_or(0)
            )
        })
        .unwrap_or_default();
    let says = c.polarity == Polarity::Yes;
    let (kind, note) = match (says, dev_pct, so_pct) {
        (true, 80.., _) => (FindingKind::Agrees, ""),
        (true, _, Some(80..)) => (
            FindingKind::Agrees,
            ": the history bears out a sign-off (DCO) rule, not cryptographic signing",
        ),
        (true, 0..=50, s) if n >= 20 && s.is_none_or(|s| s <= 50) => {
            (FindingKind::Contradicted, "")
        }
        (false, 0..=10, _) => (FindingKind::Agrees, ""),
        (false, 50.., _) => (FindingKind::Contradicted, ""),
        _ => (
            FindingKind::NotVerifiable,
            ": whether signing is required lives in branch protection (GitHub API)",
        ),
    };
    let cites = p.citations.iter().cloned();
    Some(with(
        finding(
            doc,
            c,
            kind,
            format!("Of the {n} commits examined, {signed}{signed_off}{note}."),
        ),
        cites,
    ))
}
