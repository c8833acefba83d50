//! The human table.

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::model::{Outcome, Report};
use crate::terminal::escape;

fn outcome_color(o: Outcome) -> Color {
    match o {
        Outcome::Met => Color::Green,
        Outcome::PartiallyMet => Color::Yellow,
        Outcome::NotMet => Color::Red,
        Outcome::Unknown => Color::DarkGrey,
        Outcome::NotApplicable => Color::Grey,
    }
}

/// Renders the table. Every text taken from the report goes through [`escape`]: names,
/// branches, summaries and notes quote the repository, which must not reach the terminal raw.
pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    let repo = &report.repository;
    let name = repo
        .url
        .clone()
        .or_else(|| repo.local_path.clone())
        .unwrap_or_else(|| repo.input.clone());
    out.push_str(&escape(&name));
    if let Some(sha) = &repo.head_commit {
        let short: String = sha.chars().take(12).collect();
        out.push_str(&format!(" @ {}", escape(&short)));
    }
    if let Some(b) = &repo.default_branch {
        out.push_str(&format!(" ({})", escape(b)));
    }
    out.push('\n');
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(vec!["Probe", "Outcome", "Summary"]);
    if !color {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    for p in &report.probes {
        let mut outcome = p.outcome.as_str().to_string();
        if let Some(r) = p.reason {
            outcome.push_str(&format!(" ({})", r.as_str()));
        }
        let mut oc = Cell::new(outcome);
        if color {
            oc = oc.fg(outcome_color(p.outcome));
        }
        t.add_row(vec![
            Cell::new(p.id().as_str()),
            oc,
            Cell::new(escape(&p.summary)),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    let s = &report.summary;
    out.push_str(&format!(
        "{} met, {} partially met, {} not met, {} unknown, {} not applicable",
        s.met, s.partially_met, s.not_met, s.unknown, s.not_applicable
    ));
    if report.mode.offline {
        out.push_str(" (offline: API-only facts are unknown, not absent)");
    }
    out.push('\n');
    for n in &report.mode.notes {
        out.push_str(&format!("note: {}\n", escape(n)));
    }
    out
}
