//! The git reads in a child process of this binary (the hidden `__collect-git` subcommand).
//!
//! libgit2 is a C library, and the repository's packs, indexes and objects are
//! attacker-controlled bytes: a crafted pack can crash it (an out-of-bounds read), hang it
//! (a delta whose base is itself) or make it allocate gigabytes (a declared object size).
//! The census, the tag census, the file snapshot and the freshness readers therefore run in
//! a child process that
//!
//! - limits its own heap before reading anything (`RLIMIT_DATA`, `--scan-memory`): the
//!   data limit counts what is allocated (malloc, anonymous maps) but not the read-only maps
//!   of the pack files, so a large legitimate pack still opens while a gigabyte allocation
//!   fails;
//! - is killed at a wall-clock deadline (`--scan-timeout`);
//! - dies with its parent (`PR_SET_PDEATHSIG`).
//!
//! Its result comes back on standard output: a length-prefixed JSON header, then the raw
//! bytes of the file contents (each distinct content once, so paths that share a blob still
//! share one [`FileContent`]). A child that crashes, runs out of memory, times out or
//! writes something unreadable becomes unknown files, history and tags with the reason in
//! the report's notes: never a crash of the scan.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::LocalRepo;
use crate::error::Error;
use crate::evidence::files::{EntryKind, FileContent, FileEntry, FileSnapshot, Unread};
use crate::evidence::{
    HistoryCensus, Needs, Observed, RepoIdentity, TagCensus, Unavailable, git::freshness,
};
use crate::model::Reason;

/// The hidden subcommand the child runs.
pub const CHILD_COMMAND: &str = "__collect-git";
/// Default `--scan-timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 300;
/// Time a whole scan gets beyond `--scan-timeout` (which bounds the git reads) before it is
/// stopped: the single scan's watchdog, a batch's per-repository deadline.
pub const SCAN_GRACE: Duration = Duration::from_secs(30);
/// Default `--scan-memory`, in MiB: the heap the git reader may use.
pub const DEFAULT_MEMORY_MIB: u64 = 512;
/// Most bytes read from the child: the file contents are bounded by the content budget
/// (64 MiB), the listing by its entry cap.
pub const MAX_OUTPUT: usize = 512 * 1024 * 1024;

/// How the git reads are isolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Isolation {
    /// The binary to run (this one).
    pub exe: PathBuf,
    pub timeout: Duration,
    pub memory_mib: u64,
}

impl Isolation {
    /// This binary, with the given limits.
    pub fn current(timeout: Duration, memory_mib: u64) -> Option<Self> {
        Some(Isolation {
            exe: std::env::current_exe().ok()?,
            timeout,
            memory_mib,
        })
    }
}

/// The child processes running now, killed by [`kill_children`] (Ctrl-C, a watchdog).
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Kills every git reader child still running.
pub fn kill_children() {
    let pids: Vec<u32> = CHILDREN.lock().map(|c| c.clone()).unwrap_or_default();
    for pid in pids {
        kill(pid);
    }
}

fn kill(pid: u32) {
    if let Some(p) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process(p, rustix::process::Signal::KILL);
    }
}

/// Why a child gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildFailure {
    /// It did not end before its deadline and was killed.
    TimedOut(Duration),
    /// A signal ended it; `oom` when it said an allocation failed first.
    Signal { signal: i32, oom: bool },
    /// It exited with this code without a result.
    Exit { code: i32, stderr: String },
    /// It could not be started, or wrote something unreadable.
    Io(String),
}

impl ChildFailure {
    /// A phrase for people: "was killed by signal 11 (SIGSEGV)".
    pub fn describe(&self, memory_mib: u64) -> String {
        match self {
            ChildFailure::TimedOut(d) => format!(
                "did not finish within {} s (--scan-timeout) and was stopped",
                d.as_secs()
            ),
            ChildFailure::Signal { oom: true, .. } => format!(
                "ran out of its memory limit of {memory_mib} MiB (--scan-memory) and was stopped"
            ),
            ChildFailure::Signal { signal, .. } => format!(
                "was killed by signal {signal} ({}), a crash reading the repository's objects",
                signal_name(*signal)
            ),
            ChildFailure::Exit { code, stderr } => {
                let last = stderr.lines().last().unwrap_or("").trim();
                if last.is_empty() {
                    format!("exited with code {code} without a result")
                } else {
                    format!(
                        "exited with code {code} without a result ({})",
                        crate::error::sanitize(last)
                    )
                }
            }
            ChildFailure::Io(e) => format!("failed: {e}"),
        }
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "a signal",
    }
}

/// Runs `cmd` (standard output piped) to its end or its `deadline`, reading at most
/// `max_output` bytes of its standard output. The child is registered for
/// [`kill_children`] while it runs.
pub fn supervise(
    mut cmd: Command,
    deadline: Duration,
    max_output: usize,
) -> Result<Vec<u8>, ChildFailure> {
    use std::os::unix::process::ExitStatusExt;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| ChildFailure::Io(format!("could not start the reader process: {e}")))?;
    let pid = child.id();
    if let Ok(mut c) = CHILDREN.lock() {
        c.push(pid);
    }
    let unregister = || {
        if let Ok(mut c) = CHILDREN.lock() {
            c.retain(|&p| p != pid);
        }
    };
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let (out_tx, out_rx) = std::sync::mpsc::channel();
    let (err_tx, err_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut too_long = false;
        if let Some(mut s) = stdout {
            let mut chunk = vec![0u8; 64 * 1024];
            loop {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) if buf.len() + n > max_output => {
                        too_long = true;
                        break;
                    }
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        }
        let _ = out_tx.send((buf, too_long));
    });
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr {
            // The last few KiB are what explains a failure.
            let _ = s.take(1024 * 1024).read_to_end(&mut buf);
        }
        let keep = buf.len().saturating_sub(4096);
        let _ = err_tx.send(String::from_utf8_lossy(&buf[keep..]).into_owned());
    });
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Ok(st),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
        if started.elapsed() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    unregister();
    // A process the child started could hold the pipes open: the readers get a moment,
    // not forever.
    let output = out_rx.recv_timeout(Duration::from_secs(5));
    let err = err_rx
        .recv_timeout(Duration::from_secs(1))
        .unwrap_or_default();
    let status = status.map_err(|e| ChildFailure::Io(format!("waiting for the reader: {e}")))?;
    if timed_out {
        return Err(ChildFailure::TimedOut(deadline));
    }
    if let Some(signal) = status.signal() {
        let oom = err.contains("memory allocation of") || err.contains("out of memory");
        return Err(ChildFailure::Signal { signal, oom });
    }
    let Ok((out, too_long)) = output else {
        return Err(ChildFailure::Io("its output did not end".into()));
    };
    if too_long {
        return Err(ChildFailure::Io(format!(
            "wrote more than {max_output} bytes"
        )));
    }
    match status.code() {
        Some(0) => Ok(out),
        Some(code) => {
            let oom = err.contains("memory allocation of") || err.contains("out of memory");
            if oom {
                return Err(ChildFailure::Signal { signal: 6, oom });
            }
            Err(ChildFailure::Exit { code, stderr: err })
        }
        None => Err(ChildFailure::Io("the reader ended without a status".into())),
    }
}

/// [`super::collect_for`] in a child process (see the module docs).
pub fn collect(
    iso: &Isolation,
    path: &Path,
    input: &str,
    commits: Option<u64>,
    needs: Needs,
) -> Result<LocalRepo, Error> {
    let mut cmd = Command::new(&iso.exe);
    cmd.arg(CHILD_COMMAND)
        .arg("--input")
        .arg(input)
        .arg("--needs")
        .arg(needs.bits().to_string())
        .arg("--memory-mib")
        .arg(iso.memory_mib.to_string());
    if let Some(n) = commits {
        cmd.arg("--commit-limit").arg(n.to_string());
    }
    cmd.arg("--").arg(path);
    // Fewer malloc arenas: less address space reserved per thread.
    cmd.env("MALLOC_ARENA_MAX", "2");
    let out = match supervise(cmd, iso.timeout, MAX_OUTPUT) {
        Ok(out) => out,
        Err(f) => return Ok(failed(path, input, &f.describe(iso.memory_mib))),
    };
    match decode(&out) {
        Ok(Message::Done(repo)) => Ok(*repo),
        Ok(Message::Failed { code, message }) => Err(match code {
            2 => Error::Usage(message),
            4 => Error::Auth(message),
            5 => Error::Network(message),
            _ => Error::RepoNotFound(message),
        }),
        Err(e) => Ok(failed(
            path,
            input,
            &format!("wrote a result that could not be read ({e})"),
        )),
    }
}

/// What a scan knows when the reader gave nothing: the path, and why the rest is unknown.
fn failed(path: &Path, input: &str, why: &str) -> LocalRepo {
    let detail = format!(
        "The git objects could not be read: the reader process {why}; the repository's packs may be crafted or corrupt."
    );
    let u = Unavailable::new(Reason::NotCollected, detail.clone());
    LocalRepo {
        identity: RepoIdentity {
            input: input.to_string(),
            local_path: Some(
                path.canonicalize()
                    .unwrap_or_else(|_| path.to_path_buf())
                    .display()
                    .to_string(),
            ),
            ..RepoIdentity::default()
        },
        files: Err(u.clone()),
        history: Err(u.clone()),
        tags: Err(u.clone()),
        freshness: Err(u),
        notes: vec![
            detail.trim_end_matches('.').to_string() + ": files, history and tags are unknown",
        ],
        reader_failure: Some(format!("the git reader {why}")),
    }
}

/// What the child says.
pub enum Message {
    Done(Box<LocalRepo>),
    Failed { code: u8, message: String },
}

#[derive(Serialize, Deserialize)]
enum WireMessage {
    Done(Box<WireRepo>),
    Failed { code: u8, message: String },
}

#[derive(Serialize, Deserialize)]
struct WireRepo {
    identity: RepoIdentity,
    files: Result<WireSnapshot, Unavailable>,
    history: Observed<HistoryCensus>,
    tags: Observed<TagCensus>,
    freshness: Observed<freshness::Freshness>,
    notes: Vec<String>,
    #[serde(default)]
    reader_failure: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WireSnapshot {
    commit: String,
    /// The entries, in a binary section after the header ([`put_entry`]): serde's JSON
    /// cost about 100 000 instructions per entry between the two processes.
    entries: u64,
    entries_bytes: u64,
    listing_truncated: bool,
    unlisted_dirs: BTreeSet<String>,
    #[serde(default)]
    malformed_trees: Vec<String>,
    missing: Vec<String>,
    unread: BTreeMap<String, Unread>,
    /// Each distinct content: its length in bytes (the bytes follow the header) and
    /// whether it was truncated.
    contents: Vec<(u64, bool)>,
}

/// Appends one entry to the binary entries section: the path (u32 length, bytes), the size
/// (u64), the kind (u8: 0 file, 1 executable, 2 submodule, 3 symlink followed by its
/// target as u32 length and bytes), the content (u64: 0 none, else its index plus one);
/// little-endian.
fn put_entry(out: &mut Vec<u8>, path: &str, e: &FileEntry, content: Option<usize>) {
    let put_str = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    put_str(out, path);
    out.extend_from_slice(&e.size.to_le_bytes());
    match &e.kind {
        EntryKind::File => out.push(0),
        EntryKind::Executable => out.push(1),
        EntryKind::Submodule => out.push(2),
        EntryKind::Symlink { target } => {
            out.push(3);
            put_str(out, target);
        }
    }
    let c = content.map_or(0, |i| i as u64 + 1);
    out.extend_from_slice(&c.to_le_bytes());
}

/// Reads what [`put_entry`] wrote from the front of `b`.
struct EntryReader<'a> {
    b: &'a [u8],
}

impl<'a> EntryReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.b.len() {
            return Err("entries cut short".into());
        }
        let (head, tail) = self.b.split_at(n);
        self.b = tail;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, String> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| "entries cut short")?;
        Ok(u64::from_le_bytes(b))
    }

    fn string(&mut self) -> Result<String, String> {
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| "entries cut short")?;
        let n = u32::from_le_bytes(b) as usize;
        let text = self.take(n)?;
        String::from_utf8(text.to_vec()).map_err(|_| "a path is not UTF-8".into())
    }

    /// Path, size, kind, content index.
    fn entry(&mut self) -> Result<(String, u64, EntryKind, Option<usize>), String> {
        let path = self.string()?;
        let size = self.u64()?;
        let kind = match self.take(1)?[0] {
            0 => EntryKind::File,
            1 => EntryKind::Executable,
            2 => EntryKind::Submodule,
            3 => EntryKind::Symlink {
                target: self.string()?,
            },
            k => return Err(format!("unknown entry kind {k}")),
        };
        let content = match self.u64()? {
            0 => None,
            i => Some(usize::try_from(i - 1).map_err(|_| "no such content")?),
        };
        Ok((path, size, kind, content))
    }
}

/// The child's answer: 8 bytes (little-endian length of the JSON header), the header, the
/// entries' section ([`put_entry`]), then the contents' bytes in order.
pub fn encode(result: Result<LocalRepo, Error>) -> Vec<u8> {
    let mut blobs: Vec<Arc<FileContent>> = Vec::new();
    let mut section: Vec<u8> = Vec::new();
    let msg = match result {
        Err(e) => WireMessage::Failed {
            code: e.exit_code(),
            message: e.to_string(),
        },
        Ok(repo) => {
            let files = repo.files.map(|snap| {
                let mut index: HashMap<*const FileContent, usize> = HashMap::new();
                for (path, e) in &snap.entries {
                    let content = e.content.as_ref().map(|c| {
                        *index.entry(Arc::as_ptr(c)).or_insert_with(|| {
                            blobs.push(Arc::clone(c));
                            blobs.len() - 1
                        })
                    });
                    put_entry(&mut section, path, e, content);
                }
                WireSnapshot {
                    commit: snap.commit,
                    entries: snap.entries.len() as u64,
                    entries_bytes: section.len() as u64,
                    listing_truncated: snap.listing_truncated,
                    unlisted_dirs: snap.unlisted_dirs,
                    malformed_trees: snap.malformed_trees,
                    missing: snap.missing,
                    unread: snap.unread,
                    contents: blobs
                        .iter()
                        .map(|c| (c.text.len() as u64, c.truncated))
                        .collect(),
                }
            });
            WireMessage::Done(Box::new(WireRepo {
                identity: repo.identity,
                files,
                history: repo.history,
                tags: repo.tags,
                freshness: repo.freshness,
                notes: repo.notes,
                reader_failure: repo.reader_failure,
            }))
        }
    };
    let header = serde_json::to_vec(&msg).unwrap_or_default();
    let mut out = Vec::with_capacity(8 + header.len() + section.len());
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&section);
    for b in &blobs {
        out.extend_from_slice(b.text.as_bytes());
    }
    out
}

/// Reads [`encode`]'s output back; every length is checked against what is there.
pub fn decode(bytes: &[u8]) -> Result<Message, String> {
    let len_bytes: [u8; 8] = bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or("no header")?;
    let len = usize::try_from(u64::from_le_bytes(len_bytes)).map_err(|_| "header too long")?;
    let header = bytes
        .get(8..8usize.checked_add(len).ok_or("header too long")?)
        .ok_or("header cut short")?;
    let msg: WireMessage = serde_json::from_slice(header).map_err(|e| e.to_string())?;
    let mut rest = &bytes[8 + len..];
    let repo = match msg {
        WireMessage::Failed { code, message } => return Ok(Message::Failed { code, message }),
        WireMessage::Done(r) => *r,
    };
    let files = match repo.files {
        Err(u) => Err(u),
        Ok(w) => {
            let n = usize::try_from(w.entries_bytes).map_err(|_| "entries too long")?;
            if n > rest.len() {
                return Err("entries cut short".into());
            }
            let (section, tail) = rest.split_at(n);
            rest = tail;
            let mut contents = Vec::with_capacity(w.contents.len().min(1 << 16));
            for (n, truncated) in &w.contents {
                let n = usize::try_from(*n).map_err(|_| "content too long")?;
                if n > rest.len() {
                    return Err("content cut short".into());
                }
                let (text, tail) = rest.split_at(n);
                rest = tail;
                let text = String::from_utf8(text.to_vec()).map_err(|_| "content not UTF-8")?;
                contents.push(Arc::new(FileContent {
                    text,
                    truncated: *truncated,
                }));
            }
            let mut entries = BTreeMap::new();
            let mut reader = EntryReader { b: section };
            for _ in 0..w.entries {
                let (path, size, kind, content) = reader.entry()?;
                let content = match content {
                    Some(i) => Some(Arc::clone(contents.get(i).ok_or("no such content")?)),
                    None => None,
                };
                entries.insert(
                    path,
                    FileEntry {
                        size,
                        kind,
                        content,
                    },
                );
            }
            if !reader.b.is_empty() {
                return Err("trailing bytes in the entries".into());
            }
            Ok(FileSnapshot {
                commit: w.commit,
                entries,
                listing_truncated: w.listing_truncated,
                unlisted_dirs: w.unlisted_dirs,
                malformed_trees: w.malformed_trees,
                missing: w.missing,
                unread: w.unread,
            })
        }
    };
    if !rest.is_empty() {
        return Err("trailing bytes".into());
    }
    Ok(Message::Done(Box::new(LocalRepo {
        identity: repo.identity,
        files,
        history: repo.history,
        tags: repo.tags,
        freshness: repo.freshness,
        notes: repo.notes,
        reader_failure: repo.reader_failure,
    })))
}

/// Arguments of the hidden child subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct ChildArgs {
    /// The repository.
    pub path: PathBuf,
    #[arg(long, default_value = "")]
    pub input: String,
    /// Commits to examine (absent: all). Not `--commits`, a global flag of the scan.
    #[arg(long)]
    pub commit_limit: Option<u64>,
    #[arg(long, default_value_t = Needs::ALL.bits())]
    pub needs: u32,
    #[arg(long, default_value_t = DEFAULT_MEMORY_MIB)]
    pub memory_mib: u64,
}

/// Limits this process's heap to `mib` MiB (`RLIMIT_DATA`) and asks the kernel to kill it
/// when its parent dies.
pub fn limit_self(mib: u64) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let bytes = mib.saturating_mul(1024 * 1024);
    let _ = setrlimit(
        Resource::Data,
        Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        },
    );
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
}

/// The child: limits itself, reads the repository, writes the answer to standard output.
pub fn child_main(args: ChildArgs) -> u8 {
    limit_self(args.memory_mib);
    let needs = Needs::from_bits(args.needs);
    let result = super::collect_for(&args.path, &args.input, args.commit_limit, needs);
    let out = encode(result);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => crate::error::exit::USAGE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn a_hanging_child_is_killed_at_its_deadline() {
        let started = Instant::now();
        let r = supervise(sh("exec sleep 30"), Duration::from_millis(300), 1024);
        assert_eq!(r, Err(ChildFailure::TimedOut(Duration::from_millis(300))));
        assert!(started.elapsed() < Duration::from_secs(10));
        // A grandchild holding the pipe open does not hold the supervisor.
        let started = Instant::now();
        let r = supervise(sh("sleep 30; true"), Duration::from_millis(300), 1024);
        assert_eq!(r, Err(ChildFailure::TimedOut(Duration::from_millis(300))));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_crash_is_named_by_its_signal() {
        let r = supervise(sh("kill -SEGV $$"), Duration::from_secs(20), 1024);
        let f = r.unwrap_err();
        assert_eq!(
            f,
            ChildFailure::Signal {
                signal: 11,
                oom: false
            }
        );
        assert!(f.describe(1024).contains("SIGSEGV"), "{}", f.describe(1024));
    }

    #[test]
    fn running_out_of_memory_is_said() {
        let r = supervise(
            sh("echo 'memory allocation of 4294967296 bytes failed' >&2; kill -ABRT $$"),
            Duration::from_secs(20),
            1024,
        );
        let f = r.unwrap_err();
        assert!(f.describe(768).contains("memory limit of 768 MiB"), "{f:?}");
    }

    #[test]
    fn output_over_the_cap_is_refused() {
        let r = supervise(
            sh("head -c 100000 /dev/zero"),
            Duration::from_secs(20),
            1000,
        );
        assert!(matches!(r, Err(ChildFailure::Io(_))), "{r:?}");
    }

    #[test]
    fn the_wire_format_keeps_shared_contents_shared() {
        let mut snap = FileSnapshot::from_texts("c0ffee", &[("a.md", "héllo"), ("b", "x")]);
        let shared = snap.entries["a.md"].content.clone();
        snap.entries.insert(
            "c.md".into(),
            FileEntry {
                size: 6,
                kind: EntryKind::File,
                content: shared,
            },
        );
        snap.unread
            .insert("big".into(), Unread::TooLarge { size: 9, limit: 1 });
        let repo = LocalRepo {
            identity: RepoIdentity {
                input: "x".into(),
                ..RepoIdentity::default()
            },
            files: Ok(snap.clone()),
            history: Ok(HistoryCensus::default()),
            tags: Err(Unavailable::new(Reason::NotCollected, "why")),
            freshness: Ok(Default::default()),
            notes: vec!["n".into()],
            reader_failure: None,
        };
        let bytes = encode(Ok(repo));
        let Ok(Message::Done(back)) = decode(&bytes) else {
            panic!("not decoded");
        };
        let files = back.files.unwrap();
        assert_eq!(files.entries, snap.entries);
        assert_eq!(files.unread, snap.unread);
        assert!(Arc::ptr_eq(
            files.entries["a.md"].content.as_ref().unwrap(),
            files.entries["c.md"].content.as_ref().unwrap()
        ));
        assert_eq!(back.tags.unwrap_err().detail, "why");
        // Cut anywhere, the answer is refused, never a panic.
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "{cut}");
        }
    }

    #[test]
    fn errors_travel_with_their_exit_code() {
        let bytes = encode(Err(Error::RepoNotFound("no repo".into())));
        let Ok(Message::Failed { code, message }) = decode(&bytes) else {
            panic!("not decoded");
        };
        assert_eq!((code, message.as_str()), (3, "no repo"));
    }
}
