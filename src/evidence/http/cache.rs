//! The on-disk HTTP cache shared by the GitHub client and the badge-site client: one file per
//! request (and identity), owner-only, written atomically, revalidated with `If-None-Match` /
//! `If-Modified-Since`; never holds a token.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Largest cache file read back.
const MAX_CACHE_FILE: u64 = 96 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CacheEntry {
    pub(crate) url: String,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
    #[serde(default)]
    pub(crate) link: Option<String>,
    #[serde(default)]
    pub(crate) stored_at: String,
    pub(crate) body: String,
}

#[derive(Debug)]
pub(crate) struct DiskCache {
    pub(crate) dir: PathBuf,
    /// sha256 of the identity (token or anonymous); mixed into every key, never stored.
    pub(crate) salt: [u8; 32],
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

impl DiskCache {
    pub(crate) fn key(&self, method: &str, url: &str, accept: &str, body: Option<&[u8]>) -> String {
        let mut h = Sha256::new();
        h.update(self.salt);
        for part in [method.as_bytes(), url.as_bytes(), accept.as_bytes()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        if let Some(b) = body {
            h.update(b);
        }
        hex(&h.finalize())
    }

    pub(crate) fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    pub(crate) fn load(&self, key: &str, url: &str) -> Option<CacheEntry> {
        let path = self.path(key);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_CACHE_FILE {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let e: CacheEntry = serde_json::from_slice(&bytes).ok()?;
        (e.url == url).then_some(e)
    }

    /// Deletes entries not modified (written or revalidated) within `max_age`, and
    /// temporary files a crashed run left behind. Best effort.
    pub(crate) fn prune(&self, max_age: Duration) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = std::time::SystemTime::now();
        for e in dir.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(meta) = e.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let age = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .unwrap_or_default();
            let stale_tmp = name.starts_with(".tmp-") && age > Duration::from_secs(3600);
            let stale = name.ends_with(".json") && age > max_age;
            if stale_tmp || stale {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    /// Marks an entry as used (a 304 or an immutable hit) so that pruning keeps it.
    pub(crate) fn touch(&self, key: &str) {
        if let Ok(f) = std::fs::File::options().append(true).open(self.path(key)) {
            let _ = f.set_modified(std::time::SystemTime::now());
        }
    }

    pub(crate) fn store(&self, key: &str, entry: &CacheEntry) {
        // A cache that cannot be written is only a missed optimisation.
        let _ = self.try_store(key, entry);
    }

    pub(crate) fn try_store(&self, key: &str, entry: &CacheEntry) -> std::io::Result<()> {
        create_private_dir(&self.dir)?;
        let bytes = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        crate::fsutil::write_atomic(&self.path(key), ".tmp-", &bytes, false)
    }
}

pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
