//! `tssa-probe badge-proposals <REPO>`: scan, then print the badge proposals
//! (`standards::proposals`) as text or JSON. The command lives here so that `standards`
//! depends on no scan.

use crate::standards::proposals::{of_report, render};

/// `tssa-probe badge-proposals <REPO>`.
#[derive(Debug, Clone, clap::Args)]
pub struct BadgeProposalsArgs {
    /// A local path (clone or bare repository), owner/name, or https://github.com/owner/name.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Print the proposals as JSON (the report's `badge_proposals`).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub common: crate::options::CommonArgs,
}

/// Scans, then prints the proposals: one edit URL per form with its criteria, or JSON.
pub async fn run(args: BadgeProposalsArgs) -> Result<u8, crate::Error> {
    use std::io::Write;
    let target = crate::input::parse_target(&args.repo)?;
    let opts = args.common.scan_options();
    let clients = args
        .common
        .clients(crate::options::ClientLimits::default())?;
    let report = crate::scan::scan(&args.repo, &target, &opts, &clients).await?;
    let text = if args.json {
        let p = report
            .badge_proposals
            .clone()
            .unwrap_or_else(|| of_report(&report, &args.common.bestpractices_url));
        let mut t = serde_json::to_string_pretty(&p)
            .map_err(|e| crate::Error::Output(format!("cannot write the proposals: {e}")))?;
        t.push('\n');
        t
    } else {
        let mut t = String::new();
        for line in render(&report).lines() {
            t.push_str(&crate::terminal::escape(line));
            t.push('\n');
        }
        t
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            return Err(crate::Error::Output(format!(
                "cannot write the proposals to standard output: {e}"
            )));
        }
    }
    Ok(crate::scan::scan_exit_code(&report, false))
}
