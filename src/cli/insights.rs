//! `tssa-probe insights <REPO>`: scans, then writes the Security Insights draft of
//! `standards::insights` (the command lives here so that `standards` depends on no scan).

use crate::standards::insights;
use crate::terminal::escape;

/// `tssa-probe insights <REPO>`.
#[derive(Debug, Clone, clap::Args)]
pub struct InsightsArgs {
    /// A local path (clone or bare repository), owner/name, or https://github.com/owner/name.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Write the draft to FILE instead of standard output (as the scan's --output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub common: crate::options::CommonArgs,
}

/// Scans, drafts, writes the draft; the disagreements with an existing file go to stderr.
pub async fn run(args: InsightsArgs) -> Result<u8, crate::Error> {
    use std::io::Write;
    let target = crate::input::parse_target(&args.repo)?;
    let opts = args.common.scan_options();
    let clients = args
        .common
        .clients(crate::options::ClientLimits::default())?;
    let report = crate::scan::scan(&args.repo, &target, &opts, &clients).await?;
    let path = insights::existing_path(&report);
    let existing = match (
        &path,
        &report.repository.local_path,
        &report.repository.head_commit,
    ) {
        (Some(p), Some(local), Some(commit)) => {
            // The path given (what the scan opened), else the one the report names.
            let given = std::path::Path::new(&args.repo);
            let at = if given.exists() {
                given
            } else {
                std::path::Path::new(local)
            };
            match insights::read_existing(at, commit, p) {
                Ok(v) => Some(v),
                Err(e) => {
                    eprintln!(
                        "note: the existing Security Insights file was not merged: {}",
                        escape(&e)
                    );
                    None
                }
            }
        }
        _ => None,
    };
    let d = insights::draft(&report, existing.as_ref());
    if let Some(m) = &d.migration {
        if let Some(e) = m.expiry.as_ref().filter(|e| e.expired) {
            eprintln!(
                "note: the existing Security Insights file expired on {} ({})",
                escape(&e.date),
                escape(&e.rule)
            );
        }
        eprintln!(
            "note: the existing file (Security Insights {}) was carried into {}; {} of its values have no place there or are not valid (listed at the top of the draft)",
            escape(&m.from),
            insights::SI_VERSION,
            m.not_carried.len()
        );
    }
    for x in &d.disagreements {
        eprintln!(
            "disagreement: {}: the file says {}, the evidence shows {}",
            escape(&x.field),
            escape(&x.existing),
            escape(&x.observed)
        );
    }
    match &args.output {
        Some(p) => crate::fsutil::write_output_file(p, d.yaml.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(d.yaml.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    return Err(crate::Error::Output(format!(
                        "cannot write the draft to standard output: {e}"
                    )));
                }
            }
        }
    }
    Ok(crate::scan::scan_exit_code(&report, false))
}
