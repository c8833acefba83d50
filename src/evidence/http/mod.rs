//! HTTP pieces shared by the GitHub and badge-site clients: a body reader with a size cap,
//! and the on-disk cache ([`cache`]).

pub mod cache;

/// Why a body was not read in full.
#[derive(Debug)]
pub enum CappedError {
    /// Larger than the cap (by `Content-Length`, or while reading).
    TooLarge,
    /// The connection failed or timed out mid-body.
    Failed(reqwest::Error),
}

/// Reads a response body, refusing one over `max` bytes before reading it all.
pub async fn read_capped(mut resp: reqwest::Response, max: usize) -> Result<Vec<u8>, CappedError> {
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err(CappedError::TooLarge);
    }
    let mut out = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(c)) => {
                if out.len() + c.len() > max {
                    return Err(CappedError::TooLarge);
                }
                out.extend_from_slice(&c);
            }
            Ok(None) => return Ok(out),
            Err(e) => return Err(CappedError::Failed(e)),
        }
    }
}
