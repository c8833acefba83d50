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

/// Mode asked for a new report file; the kernel applies the umask (0666 & !umask, as
/// a shell redirection creates it). Caches keep [`write_atomic`]'s owner-only 0600.
const REPORT_MODE: u32 = 0o666;

/// Most symbolic links followed to find where an output path leads (as Linux's `ELOOP`).
const MAX_LINKS: usize = 40;

/// Writes a report to `path` the way a user who named it expects, never replacing what
/// is not a regular file:
///
/// - nothing there: a new file, written atomically, mode 0666 minus the umask;
/// - a regular file: replaced atomically (temp file in its directory, then renamed), keeping
///   its permissions;
/// - a symbolic link: followed (up to 40 links); the regular file it leads to is replaced
///   atomically in *that* file's directory (the link stays a link); a link to nothing is
///   refused; a link through `/proc` (`/dev/stdout`, `/dev/fd/N`) is written through, as
///   the descriptor it names;
/// - a FIFO or a character device (`/dev/null`, `/dev/full`, a terminal): written through,
///   appending, so a write error (`ENOSPC` on `/dev/full`) is returned, not hidden;
/// - a directory, a socket or a block device: refused.
///
/// A refusal is an `io::Error` whose message says why ("it is a directory").
pub fn write_output(path: &Path, prefix: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let (target, magic) = follow_links(path)?;
    if magic {
        return write_through(path, bytes);
    }
    let meta = match std::fs::metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound && target.as_path() == path => {
            return write_new(path, prefix, bytes, None);
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(Error::other(format!(
                "it is a symbolic link to {}, which does not exist",
                target.display()
            )));
        }
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return write_new(&target, prefix, bytes, Some(meta.permissions()));
    }
    if kind.is_dir() {
        return Err(Error::other("it is a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() || kind.is_char_device() {
            return write_through(&target, bytes);
        }
        if kind.is_block_device() {
            return Err(Error::other(
                "it is a block device (a disk): refusing to write a report over it",
            ));
        }
    }
    Err(Error::other(
        "it is neither a regular file, a FIFO nor a character device",
    ))
}

/// Follows `path` while it is a symbolic link. Returns the first path that is not one
/// (or does not exist), and whether the chain passed through `/proc`, whose links
/// (`/proc/self/fd/1`) name open descriptors rather than files.
fn follow_links(path: &Path) -> std::io::Result<(std::path::PathBuf, bool)> {
    let mut p = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => Path::new(".").to_path_buf(),
        };
        if std::fs::canonicalize(&parent).is_ok_and(|d| d.starts_with("/proc")) {
            return Ok((p, true));
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = if to.is_absolute() {
                    to
                } else {
                    parent.join(to)
                };
            }
            Ok(_) => return Ok((p, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((p, false)),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "it is a chain of more than {MAX_LINKS} symbolic links"
    )))
}

/// Writes into an existing FIFO or device (or descriptor) without creating or replacing it.
fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().append(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// The atomic write of a report file: a temp file created 0666 (minus the umask), given
/// `keep`'s permissions when it replaces a file, flushed to disk, then renamed over `path`.
fn write_new(
    path: &Path,
    prefix: &str,
    bytes: &[u8],
    keep: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(REPORT_MODE));
    }
    let mut tmp = b.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(p) = keep {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a report (or a batch summary) to `path`, with one error sentence for the user:
/// a regular file is replaced atomically with the usual permissions, a FIFO or device is
/// written into, a directory is refused (see [`write_output`]). A FIFO
/// whose reader left early (`-o /dev/stdout | head`) is quiet, as standard output is.
pub fn write_output_file(path: &Path, contents: &[u8]) -> Result<(), crate::error::Error> {
    match write_output(path, ".tssa-probe-", contents) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::error::Error::Output(format!(
            "cannot write {}: {e}",
            path.display()
        ))),
    }
}

/// `Ok` when `path` is a regular file (not followed if it is a symbolic link) of at most
/// `cap` bytes; else why not ("is a symbolic link", "is 2.5 GiB, over the 64 KiB read").
pub fn check_regular(path: &Path, cap: u64) -> Result<(), String> {
    let m = std::fs::symlink_metadata(path).map_err(|e| format!("cannot be read ({e})"))?;
    let t = m.file_type();
    if t.is_symlink() {
        return Err("is a symbolic link, which is not followed".into());
    }
    if !t.is_file() {
        return Err("is not a regular file (a device, a FIFO or a directory)".into());
    }
    if m.len() > cap {
        return Err(format!(
            "is {} bytes, over the {cap} bytes read of it",
            m.len()
        ));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).map_or(0, |m| m.permissions().mode() & 0o777)
    }

    #[test]
    fn a_new_report_is_not_owner_only_and_a_replaced_one_keeps_its_mode() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("r.json");
        write_output(&f, ".t-", b"one").unwrap();
        // 0666 minus some umask: never the temp file's 0600 unless the umask asks for it.
        let m = mode(&f);
        assert_eq!(m & 0o600, 0o600, "{m:o}");
        assert_eq!(m & !0o666, 0, "{m:o}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_output(&f, ".t-", b"two").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert_eq!(mode(&f), 0o640);
    }

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("real")).unwrap();
        let target = d.path().join("real/r.md");
        std::fs::write(&target, "old").unwrap();
        let link = d.path().join("link.md");
        std::os::unix::fs::symlink("real/r.md", &link).unwrap();
        write_output(&link, ".t-", b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let dangling = d.path().join("dangling.md");
        std::os::unix::fs::symlink("nowhere/x.md", &dangling).unwrap();
        let e = write_output(&dangling, ".t-", b"x").unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        let looped = d.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(write_output(&looped, ".t-", b"x").is_err());
    }

    #[test]
    fn devices_are_written_through_and_directories_refused() {
        use std::os::unix::fs::FileTypeExt;
        // Only /dev/full, and only while it is the device: a regression run as root would
        // replace it (never /dev/null, which the whole machine needs).
        let full = Path::new("/dev/full");
        if std::fs::symlink_metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
            let e = write_output(full, ".t-", b"x").unwrap_err();
            assert_eq!(e.raw_os_error(), Some(28), "{e}"); // ENOSPC
            assert!(
                std::fs::symlink_metadata(full)
                    .unwrap()
                    .file_type()
                    .is_char_device()
            );
        }
        let d = tempfile::tempdir().unwrap();
        let e = write_output(d.path(), ".t-", b"x").unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
    }
}
