//! `tssa-probe review <SELF-ASSESSMENT.md> [<REPO>]`: scan the repository (in-process,
//! offline by default like the scan), then hold the document's claims against the report
//! (`crate::review`) and print Markdown, JSON or SARIF.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, exit};
use crate::review::document::{self, MAX_BYTES};
use crate::review::prose::{GitRepository, NoRepository, Repository};
use crate::review::{FindingKind, Review, output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// Markdown to paste as a pull-request review: findings by section, footnoted evidence.
    Md,
    /// The review as JSON (schema: `tssa-probe schema --review`).
    Json,
    /// SARIF 2.1.0 located at lines of the self-assessment.
    Sarif,
}

/// `tssa-probe review`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Exit codes: 0 review produced; 1 review produced and a finding of a \
--fail-on kind was made; 2 usage error, or the document is empty, too large (over 2 MiB), not \
text or not a self-assessment, or the output could not be written; 3-6 as for a scan (the \
repository could not be read, authentication, network, an internal probe failure)."
)]
pub struct ReviewArgs {
    /// The self-assessment: a local Markdown file.
    #[arg(value_name = "SELF-ASSESSMENT.md")]
    pub document: PathBuf,
    /// The repository: a local path (clone or bare repository), owner/name, or
    /// https://github.com/owner/name [default: the current directory when it is a clone of
    /// the repository the document's metadata links, else that link, else the current
    /// directory].
    #[arg(value_name = "REPO")]
    pub repo: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReviewFormat::Md)]
    pub format: ReviewFormat,
    /// Write the review to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding of one of these kinds is made (comma-separated or repeated):
    /// contradicted, stale, missing, lint, not_verifiable.
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind)]
    pub fail_on: Vec<FindingKind>,
    /// The document's path inside REPO, to check its relative links (found by itself when
    /// the document lies in REPO's work tree).
    #[arg(long, value_name = "PATH")]
    pub path_in_repo: Option<String>,
    #[command(flatten)]
    pub common: crate::options::CommonArgs,
}

fn parse_kind(s: &str) -> Result<FindingKind, String> {
    match FindingKind::parse(s.trim()) {
        Some(FindingKind::Agrees) | None => Err(format!(
            "unknown finding kind {s:?}: accepted are contradicted, stale, missing, lint, not_verifiable"
        )),
        Some(k) => Ok(k),
    }
}

/// Reads at most [`MAX_BYTES`] + 1 bytes of the document.
fn read_document(path: &Path) -> Result<Vec<u8>, Error> {
    let shown = crate::error::sanitize(&path.display().to_string());
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::Usage(format!("cannot read the document {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(Error::Usage(format!(
            "the document {shown} is a directory; give the self-assessment's Markdown file"
        )));
    }
    let f = std::fs::File::open(path)
        .map_err(|e| Error::Usage(format!("cannot read the document {shown}: {e}")))?;
    let mut buf = Vec::new();
    f.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::Usage(format!("cannot read the document {shown}: {e}")))?;
    Ok(buf)
}

/// The repository the document's metadata links (`https://github.com/owner/name`).
fn metadata_repository(doc: &document::Document) -> Option<crate::repo::GithubRepo> {
    doc.links()
        .into_iter()
        .filter(|l| doc.in_section(l.line, "metadata"))
        .find_map(|l| crate::repo::parse_github_url(&l.target))
}

/// Whether the current directory is a clone of `gh` (its `origin`).
fn cwd_is_clone_of(gh: &crate::repo::GithubRepo) -> bool {
    let Ok(repo) = crate::evidence::git::open(Path::new(".")) else {
        return false;
    };
    let Ok(remote) = repo.find_remote("origin") else {
        return false;
    };
    remote
        .url()
        .ok()
        .and_then(crate::repo::parse_github_url)
        .is_some_and(|o| o.full_name().eq_ignore_ascii_case(&gh.full_name()))
}

/// The document's directory inside the repository at `repo_path`, when it lies there.
fn base_in_repo(doc: &Path, repo_input: &str, given: Option<&str>) -> Option<String> {
    if let Some(g) = given {
        let g = g.trim_start_matches("./");
        return Some(
            g.rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string()),
        );
    }
    let root = std::fs::canonicalize(repo_input).ok()?;
    let file = std::fs::canonicalize(doc).ok()?;
    let rel = file.strip_prefix(&root).ok()?;
    let dir = rel.parent()?.to_str()?.replace('\\', "/");
    Some(dir)
}

pub async fn run(args: ReviewArgs) -> Result<u8, Error> {
    let bytes = read_document(&args.document)?;
    let doc = document::read(&bytes).map_err(|e| Error::Usage(e.to_string()))?;
    let repo_input = match &args.repo {
        Some(r) => r.clone(),
        None => match metadata_repository(&doc) {
            Some(gh) if cwd_is_clone_of(&gh) => ".".to_string(),
            Some(gh) => gh.html_url(),
            None => ".".to_string(),
        },
    };
    let target = crate::input::parse_target(&repo_input)?;
    let opts = args.common.scan_options();
    let clients = args
        .common
        .clients(crate::options::ClientLimits::default())?;
    let report = crate::scan::scan(&repo_input, &target, &opts, &clients).await?;
    let git = GitRepository::of_report(&report);
    let repo: &dyn Repository = match &git {
        Some(g) => g,
        None => &NoRepository,
    };
    let base = base_in_repo(&args.document, &repo_input, args.path_in_repo.as_deref());
    let shown = args.document.display().to_string();
    let review = crate::review::review(&doc, &shown, &report, repo, base.as_deref());
    let text = render(&review, args.format);
    match &args.output {
        Some(path) => crate::fsutil::write_output_file(path, text.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    return Err(Error::Output(format!(
                        "cannot write the review to standard output: {e}"
                    )));
                }
            }
        }
    }
    Ok(exit_code(&review, &args.fail_on, &report))
}

/// The review in `format`.
pub fn render(review: &Review, format: ReviewFormat) -> String {
    match format {
        ReviewFormat::Md => output::markdown(review),
        ReviewFormat::Json => output::json(review),
        ReviewFormat::Sarif => output::sarif(review),
    }
}

/// 1 when a finding of a `fail_on` kind was made; else the scan's own code (6 when a probe
/// failed internally), else 0.
pub fn exit_code(review: &Review, fail_on: &[FindingKind], report: &crate::model::Report) -> u8 {
    if fail_on.iter().any(|k| review.summary.count(*k) > 0) {
        return exit::NOT_MET;
    }
    crate::scan::scan_exit_code(report, false)
}
