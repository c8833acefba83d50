//! Atomic file writes: every file tssa-probe writes (reports, summaries, HTTP caches) goes
//! through here, so a crash leaves the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file named `<prefix>…` in the same
/// directory, renamed over `path` when complete. `durable` flushes it to disk before the
/// rename (reports); caches, which are only an optimisation, skip that.
pub fn write_atomic(path: &Path, prefix: &str, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(prefix).tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if durable {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
