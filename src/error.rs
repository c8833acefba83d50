//! Errors that end a scan, each with its documented exit code (contract: "Exit codes").

/// Exit codes of the contract.
pub mod exit {
    pub const OK: u8 = 0;
    pub const NOT_MET: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const REPO_NOT_FOUND: u8 = 3;
    pub const AUTH_FAILED: u8 = 4;
    pub const NETWORK: u8 = 5;
    /// The report was produced, but a probe failed internally (a bug in tssa-probe): that
    /// probe is `unknown` with reason `internal_error`.
    pub const INTERNAL: u8 = 6;
    /// The scan did not finish within `--scan-timeout` (plus a grace) and was stopped.
    pub const TIMEOUT: u8 = 7;
}

/// An error that stops a scan. The message is one sentence for people and never carries a token.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or input file (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The repository does not exist or cannot be read (exit 3).
    #[error("{0}")]
    RepoNotFound(String),
    /// The token was refused (exit 4).
    #[error("{0}")]
    Auth(String),
    /// Every API-backed probe failed because the network or API failed (exit 5).
    #[error("{0}")]
    Network(String),
    /// Writing output failed: `--output` or standard output is unusable (exit 2).
    #[error("{0}")]
    Output(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Output(_) => exit::USAGE,
            Error::RepoNotFound(_) => exit::REPO_NOT_FOUND,
            Error::Auth(_) => exit::AUTH_FAILED,
            Error::Network(_) => exit::NETWORK,
        }
    }
}

/// Makes untrusted text safe to put in a one-line error message.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(200)
        .collect()
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
