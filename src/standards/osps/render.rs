//! The verdicts for people: the `--format osps` table and the `osps-controls` listing.

use super::{CONTROLS, Control, NOT_EVALUATED, OSPS_VERSION, Verdict, of};
use crate::model::Report;

/// Where a citation points, for people: its URL, else `path:first-last @ commit`.
pub fn citation_place(c: &crate::model::Citation) -> String {
    if let Some(u) = &c.url {
        return u.clone();
    }
    let mut s = c.path.clone().unwrap_or_default();
    if let Some([a, b]) = c.lines {
        s.push_str(&if a == b {
            format!(":{a}")
        } else {
            format!(":{a}-{b}")
        });
    }
    if let Some(sha) = &c.commit {
        let short: String = sha.chars().take(12).collect();
        if s.is_empty() {
            s = format!("commit {short}");
        } else {
            s.push_str(&format!(" @ {short}"));
        }
    }
    s
}

/// `--format osps`: the verdicts as a table for people, with numbered citations. Text from
/// the report (explanations quote contacts, branches and check names) is escaped.
pub fn render_table(report: &Report, color: bool) -> String {
    use crate::terminal::escape;
    use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

    let base = of(report);
    let repo = &report.repository;
    let name = repo
        .url
        .clone()
        .or_else(|| repo.local_path.clone())
        .unwrap_or_else(|| repo.input.clone());
    let mut out = format!("OSPS Baseline {} for {}", base.version, escape(&name));
    if let Some(sha) = &repo.head_commit {
        let short: String = sha.chars().take(12).collect();
        out.push_str(&format!(" @ {}", escape(&short)));
    }
    out.push('\n');
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(vec!["Control", "L", "Verdict", "Why"]);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let mut notes: Vec<String> = Vec::new();
    for v in &base.controls {
        let mut verdict = v.verdict.as_str().to_string();
        if let Some(r) = v.reason {
            verdict.push_str(&format!(" ({})", r.as_str()));
        }
        let mut cell = Cell::new(verdict);
        if color {
            cell = cell.fg(match v.verdict {
                Verdict::Passed => Color::Green,
                Verdict::Failed => Color::Red,
                Verdict::NeedsReview => Color::Yellow,
                Verdict::NotApplicable => Color::Grey,
                Verdict::Unknown => Color::DarkGrey,
            });
        }
        let mut why = escape(&v.explanation).into_owned();
        for c in &v.citations {
            let Some(cit) = report.probe(c.probe).and_then(|p| p.citations.get(c.index)) else {
                continue;
            };
            let note = format!("{} ({})", escape(&citation_place(cit)), c.probe);
            let n = match notes.iter().position(|x| *x == note) {
                Some(i) => i + 1,
                None => {
                    notes.push(note);
                    notes.len()
                }
            };
            why.push_str(&format!(" [{n}]"));
        }
        t.add_row(vec![
            Cell::new(format!("{}\n{}", v.id, v.title)),
            Cell::new(v.level),
            cell,
            Cell::new(why),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    for l in &base.levels {
        out.push_str(&format!(
            "Level {}: {} passed, {} failed, {} needs review, {} not applicable, {} unknown\n",
            l.level, l.passed, l.failed, l.needs_review, l.not_applicable, l.unknown
        ));
    }
    if !base.not_evaluated.is_empty() {
        out.push_str(&format!(
            "Level 3 not evaluated (no evidence collected): {}\n",
            base.not_evaluated.join(", ")
        ));
    }
    if report.mode.offline {
        out.push_str("Offline: verdicts that rest on API-only facts are unknown, not failed.\n");
    }
    out.push('\n');
    // Escaped line by line: the block's own line breaks stay line breaks.
    for line in crate::standards::proposals::render(report).lines() {
        out.push_str(&escape(line));
        out.push('\n');
    }
    if !notes.is_empty() {
        out.push_str("\nCitations:\n");
        for (i, n) in notes.iter().enumerate() {
            out.push_str(&format!("[{}] {n}\n", i + 1));
        }
    }
    out
}

/// `tssa-probe osps-controls`: which controls are evaluated from which facts, by what
/// rule, generated from [`CONTROLS`].
pub fn controls_reference(markdown: bool) -> String {
    let facts = |c: &Control| {
        if c.facts.is_empty() {
            "none".to_string()
        } else {
            c.facts
                .iter()
                .map(|(p, f)| format!("{p}.{f}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut out = String::new();
    if markdown {
        out.push_str(&format!(
            "OSPS Baseline {OSPS_VERSION}: {} controls evaluated.\n\n| Control | Level | Requirement | Facts | Rule |\n|---|---|---|---|---|\n",
            CONTROLS.len()
        ));
        for c in CONTROLS {
            let cell = |s: &str| s.replace('|', "\\|");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                c.id,
                c.level,
                cell(c.title),
                cell(&facts(c)),
                cell(c.rule)
            ));
        }
        out.push_str(&format!(
            "\nLevel 3 controls not evaluated (no probe observes them): {}.\n",
            NOT_EVALUATED.join(", ")
        ));
    } else {
        out.push_str(&format!(
            "OSPS Baseline {OSPS_VERSION}: {} controls evaluated\n\n",
            CONTROLS.len()
        ));
        for c in CONTROLS {
            out.push_str(&format!(
                "{}  (level {})  {}\n    facts: {}\n    rule: {}\n",
                c.id,
                c.level,
                c.title,
                facts(c),
                c.rule
            ));
        }
        out.push_str(&format!(
            "\nLevel 3 controls not evaluated (no probe observes them):\n    {}\n",
            NOT_EVALUATED.join(", ")
        ));
    }
    out
}
