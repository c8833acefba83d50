//! Markdown that prefills the self-assessment (first version).

use crate::model::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::from("## Secure development practices\n\n");
    for p in &report.probes {
        out.push_str(&format!("- **{}**: {}\n", p.title, p.summary));
    }
    out
}
