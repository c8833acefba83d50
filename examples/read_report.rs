#![allow(clippy::unwrap_used, clippy::expect_used)]
//! How a self-assessment generator consumes a tssa-probe report: read the JSON with the
//! library's types, check `schema_version`, and walk the `self_assessment` items (answer,
//! sentences, the citations behind each sentence).
//!
//! ```text
//! tssa-probe . --offline --format json > report.json
//! cargo run --example read_report -- report.json
//! tssa-probe owner/name --format json | cargo run --example read_report
//! ```

use std::fmt::Write as _;
use std::io::{Read, Write as _};

use tssa_probe::Report;
use tssa_probe::model::{Answer, SCHEMA_VERSION};

fn main() {
    let mut input = String::new();
    match std::env::args_os().nth(1) {
        Some(path) => {
            input = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                eprintln!("error: cannot read {}: {e}", path.to_string_lossy());
                std::process::exit(2)
            })
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut input)
                .expect("stdin is readable");
        }
    }
    let report: Report = serde_json::from_str(&input).unwrap_or_else(|e| {
        eprintln!("error: not a tssa-probe report: {e}");
        std::process::exit(2)
    });
    if report.schema_version != SCHEMA_VERSION {
        eprintln!(
            "error: report schema_version {} is not the {SCHEMA_VERSION} this program reads",
            report.schema_version
        );
        std::process::exit(2);
    }

    let mut out = String::new();
    let repo = &report.repository;
    let _ = writeln!(
        out,
        "{} at {} ({})",
        repo.url.as_deref().unwrap_or(&repo.input),
        repo.head_commit.as_deref().unwrap_or("unknown commit"),
        report.generated_at
    );
    for (key, item) in report.self_assessment.items() {
        let answer = match item.answer {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Partial => "partial",
            // Never print this as "no": the maintainer has to fill it in.
            Answer::Unknown => "NOT DETERMINED",
        };
        let _ = writeln!(out, "\n{key}: {answer}");
        for sentence in &item.sentences {
            // `text` is plain text (`parts` has its structure: code, numbers, links, text
            // quoted from the repository), raw: escape it where markup or controls matter.
            // Each sentence names the citations (indexes into `item.citations`) that back it.
            let cites: Vec<String> = sentence
                .citations
                .iter()
                .filter_map(|i| item.citations.get(*i))
                .map(|c| match (&c.url, &c.path, &c.commit) {
                    // A permalink or API URL when there is one...
                    (Some(url), _, _) => url.clone(),
                    // ...else path, lines and commit locate it.
                    (None, Some(path), Some(commit)) => match c.lines {
                        Some([a, b]) => format!("{path} lines {a}-{b} @ {commit}"),
                        None => format!("{path} @ {commit}"),
                    },
                    (None, None, Some(commit)) => format!("commit {commit}"),
                    _ => "(no location)".to_string(),
                })
                .collect();
            let _ = writeln!(out, "  - {}", tssa_probe::terminal::text(&sentence.parts));
            for c in cites {
                let _ = writeln!(out, "      {c}");
            }
        }
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
