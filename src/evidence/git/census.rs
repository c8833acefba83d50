//! The history census: one pass over the commits reachable from the default-branch head,
//! in `git rev-list` order, reading every commit object once through the object database
//! and parsing its headers here (no `git_commit` objects, no per-commit records kept).
//!
//! Walk order is git's default `rev-list` order: a queue ordered by committer date (newest
//! first, ties in insertion order), a commit's parents inserted when it is taken from the
//! queue, each commit at most once. The date used for ordering is computed exactly as git's
//! `parse_commit_date` does, so `--commits N` selects the same `N` commits as
//! `git rev-list -n N HEAD`. Commits listed in the repository's `shallow` file are treated
//! as parentless, as git does.
//!
//! Commits are read from the pack files directly where they can be ([`super::packs`]:
//! no locks between threads, SHA-1 verified), else through libgit2.
//!
//! Two threads (a long census, e.g. `--commits all`): reading and inflating the commit
//! objects is most of the work, and a history of merged branches has several commits to
//! read at any time (git/git: 82 000 commits, but every one is at most 1 246 parent links
//! from the head). A second thread, with its own handle on the repository, reads the
//! parents of the commits the walk has queued and their ancestors, newest child first (the
//! order the walk will want them in), and leaves their parsed headers in a shared table;
//! the walk takes them from there, or reads a commit itself when no one has yet.
//! The walk, its order and the tally stay on the calling thread, so the counts and the
//! examples are exactly those of one thread. The table holds each commit once (it is also
//! the walk's "seen" set), and the reader stops running ahead when
//! [`MAX_READ_AHEAD`] parsed commits wait in it, so memory stays flat.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use git2::{ObjectType, Odb, Oid, Repository};

use super::oid_from_hex;
use super::packs::{Packs, Scratch};
use crate::evidence::{HistoryCensus, Unavailable};
use crate::model::Reason;

use super::commit::trim_ascii;
pub use super::commit::{
    CommitInfo, SigKind, classify_armor, has_signed_off_by, parse_commit, tree_of,
};

/// A queued commit: ordered by date (newest first), then insertion order (oldest first).
struct Queued {
    date: u64,
    seq: u64,
    oid: Oid,
    info: CommitInfo,
}

impl PartialEq for Queued {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Queued {
    fn cmp(&self, o: &Self) -> Ordering {
        self.date.cmp(&o.date).then_with(|| o.seq.cmp(&self.seq))
    }
}

/// Object ids are uniformly distributed: their first 8 bytes are a fine hash.
#[derive(Default)]
struct OidHasher(u64);

impl Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        if bytes.len() >= 8 {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[..8]);
            self.0 ^= u64::from_le_bytes(b);
        } else {
            for &x in bytes {
                self.0 = self.0.rotate_left(8) ^ u64::from(x);
            }
        }
    }
    fn write_usize(&mut self, _: usize) {}
}

type OidSet = HashSet<Oid, BuildHasherDefault<OidHasher>>;
type OidMap<V> = HashMap<Oid, V, BuildHasherDefault<OidHasher>>;

/// Commits listed in `$GIT_DIR/shallow`: their parents are cut off.
fn shallow_set(repo: &Repository) -> OidSet {
    let mut set = OidSet::default();
    if let Ok(text) = std::fs::read(repo.path().join("shallow")) {
        for line in text.split(|&b| b == b'\n') {
            if let Some(oid) = oid_from_hex(trim_ascii(line)) {
                set.insert(oid);
            }
        }
    }
    set
}

/// Where one thread reads commits from: the packs directly (see [`super::packs`]), else
/// libgit2's object database, which also words the error when a commit cannot be read.
struct Source<'a> {
    odb: &'a Odb<'a>,
    packs: &'a Packs,
    scratch: Scratch,
    budget: &'a Budget,
}

impl<'a> Source<'a> {
    fn new(odb: &'a Odb<'a>, packs: &'a Packs, budget: &'a Budget) -> Self {
        Source {
            odb,
            packs,
            scratch: Scratch::default(),
            budget,
        }
    }
}

/// Bytes of commit objects the census may inflate, shared by its threads: counted as each
/// object is read, and checked against the declared size before libgit2 allocates it.
pub(crate) struct Budget {
    limit: u64,
    spent: AtomicU64,
}

impl Budget {
    fn new(limit: u64) -> Self {
        Budget {
            limit,
            spent: AtomicU64::new(0),
        }
    }

    fn spent(&self) -> u64 {
        self.spent.load(AtomicOrdering::Relaxed)
    }

    /// Whether `more` bytes fit in what is left.
    fn allows(&self, more: u64) -> bool {
        self.spent().saturating_add(more) <= self.limit
    }

    fn spend(&self, bytes: u64) {
        self.spent.fetch_add(bytes, AtomicOrdering::Relaxed);
    }
}

/// Bytes of commit objects a census inflates at most (a whole history of git/git is about
/// 80 MB; 100 commits of 50 MB messages took 23 s). When a commit would pass it, the census
/// stops there with what it counted, incomplete, and says so
/// ([`HistoryCensus::stopped_at_budget`]).
pub const MAX_INFLATED_BYTES: u64 = 1024 * 1024 * 1024;

/// Why a commit was not read.
enum Unread {
    /// It would pass the inflated-bytes budget.
    Budget,
    /// It could not be read or parsed: the sentence that says why.
    Failed(Unavailable),
}

impl From<Unavailable> for Unread {
    fn from(u: Unavailable) -> Self {
        Unread::Failed(u)
    }
}

fn read_commit(src: &mut Source<'_>, oid: Oid, child: Option<Oid>) -> Result<CommitInfo, Unread> {
    if !src.budget.allows(0) {
        return Err(Unread::Budget);
    }
    if let Some(data) = src.packs.commit(oid, &mut src.scratch) {
        src.budget.spend(data.len() as u64);
        if let Ok(info) = parse_commit(data) {
            return Ok(info);
        }
    }
    let odb = src.odb;
    let whose = match child {
        Some(c) => format!("commit {oid} (a parent of {c})"),
        None => format!("commit {oid}"),
    };
    let fail = |what: String| {
        Unavailable::new(
            Reason::NotCollected,
            format!(
                "The history census stopped because {whose} {what}; the repository may be corrupt or incomplete."
            ),
        )
    };
    let unreadable = |e: git2::Error| {
        fail(format!(
            "could not be read ({})",
            e.message().trim_end_matches('.')
        ))
    };
    // libgit2 allocates the size an object declares before inflating it: the declared size
    // is checked against the budget first (a loose object may declare gigabytes).
    let (size, kind) = odb.read_header(oid).map_err(unreadable)?;
    if kind != ObjectType::Commit {
        return Err(fail(format!("is a {} object, not a commit", kind.str())).into());
    }
    if !src.budget.allows(size as u64) {
        return Err(Unread::Budget);
    }
    src.budget.spend(size as u64);
    let obj = odb.read(oid).map_err(unreadable)?;
    if obj.kind() != ObjectType::Commit {
        return Err(fail(format!("is a {} object, not a commit", obj.kind().str())).into());
    }
    Ok(parse_commit(obj.data()).map_err(|why| fail(format!("could not be parsed: {why}")))?)
}

/// Example keys recorded in [`HistoryCensus::examples`], each the first such commit in walk
/// order (the newest): one per signature kind, plus the web-flow / developer split and DCO.
pub const EXAMPLE_KEYS: [&str; 10] = [
    "openpgp",
    "ssh",
    "x509",
    "other",
    "unsigned",
    "developer_signed",
    "web_flow_signed",
    "web_flow",
    "dco_signed_off",
    "malformed",
];

/// Parsed commits the second thread may leave waiting for the walk, at most.
pub const MAX_READ_AHEAD: usize = 8192;

/// The walk reads ahead itself only while fewer parsed commits than this wait for it:
/// when it helped on every step, the two threads read twice as fast as the walk took
/// commits, the table filled up to [`MAX_READ_AHEAD`], and the reader, whose wake-up
/// waits for the table to drain, slept for the rest of the census.
pub const HELP_BELOW: usize = 256;

/// Censuses shorter than this run on one thread (a second one costs more than it saves).
pub const TWO_THREADS_FROM: u64 = 5000;

/// Whether long censuses use the second thread by default. On git/git (82 000 commits,
/// object ids verified) two threads take 0.37 s against 0.61 s on one, at 15% more CPU;
/// `census_with(.., 1)` and `examples/census_bench.rs` keep one thread measurable.
pub const TWO_THREADS_BY_DEFAULT: bool = true;

/// Walks from `head` and counts. `limit`: `Some(n)` stops after `n` commits. Long
/// censuses may read commits on two threads (see [`TWO_THREADS_BY_DEFAULT`] and the module
/// documentation); the result is the same either way.
pub fn census(
    repo: &Repository,
    head: Oid,
    limit: Option<u64>,
) -> Result<HistoryCensus, Unavailable> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let long = limit.is_none_or(|n| n >= TWO_THREADS_FROM);
    let two = TWO_THREADS_BY_DEFAULT && cores >= 2 && long;
    census_with(repo, head, limit, if two { 2 } else { 1 })
}

/// [`census`] on `threads` threads (1, or 2: one walks, one reads ahead). When the second
/// thread cannot open the repository, the census runs on one.
pub fn census_with(
    repo: &Repository,
    head: Oid,
    limit: Option<u64>,
    threads: usize,
) -> Result<HistoryCensus, Unavailable> {
    census_within(repo, head, limit, threads, MAX_INFLATED_BYTES)
}

/// [`census_with`] inflating at most `budget` bytes of commit objects (see
/// [`MAX_INFLATED_BYTES`]). When the budget stops it, two threads may have counted fewer
/// commits than one (the reader spent part of it ahead of the walk).
pub fn census_within(
    repo: &Repository,
    head: Oid,
    limit: Option<u64>,
    threads: usize,
    budget: u64,
) -> Result<HistoryCensus, Unavailable> {
    let odb = repo.odb().map_err(|e| {
        Unavailable::new(
            Reason::NotCollected,
            format!(
                "The object database could not be opened: {}.",
                e.message().trim_end_matches('.')
            ),
        )
    })?;
    let shallow_cuts = shallow_set(repo);
    let is_shallow = repo.is_shallow() || !shallow_cuts.is_empty();
    let packs = Packs::open(&repo.commondir().join("objects"));
    let budget = Budget::new(budget);
    let mut src = Source::new(&odb, &packs, &budget);
    if threads < 2 {
        return walk(&mut src, None, head, limit, &shallow_cuts, is_shallow);
    }
    // The reader's own handle: libgit2 objects are not shared between threads.
    let Ok(second) = Repository::open(repo.path()) else {
        return walk(&mut src, None, head, limit, &shallow_cuts, is_shallow);
    };
    let shared = Shared::default();
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_ahead(second, &packs, &budget, &shared, &shallow_cuts));
        let result = walk(
            &mut src,
            Some(&shared),
            head,
            limit,
            &shallow_cuts,
            is_shallow,
        );
        shared.stop();
        // The reader only ever reads; if it panicked, the walk read what it needed itself.
        let _ = reader.join();
        result
    })
}

/// What the table knows of a commit.
enum Slot {
    /// The walk has reached it (its "seen" set).
    Walked,
    /// The reader is reading it.
    Reading,
    /// The reader has read it; the walk has not reached it yet. `None`: the reader could
    /// not read or parse it (the walk reads it again for its own error sentence). Boxed:
    /// the table has an entry per commit walked, each the size of this enum.
    Read(Option<Box<CommitInfo>>),
}

#[derive(Default)]
struct Table {
    slots: OidMap<Slot>,
    /// Commits for the reader, by the date of the child that named them (newest first,
    /// then first named first): the order the walk is about to need them in.
    todo: BinaryHeap<(u64, std::cmp::Reverse<u64>, Oid)>,
    /// Insertion counter of `todo`.
    named: u64,
    /// `Slot::Read` entries.
    waiting: usize,
    walk_waits: bool,
    reader_waits: bool,
    stop: bool,
}

impl Table {
    /// The next commit of the reader's list that no one has read, marked as being read.
    fn claim(&mut self) -> Option<Oid> {
        while let Some((_, _, oid)) = self.todo.pop() {
            if let std::collections::hash_map::Entry::Vacant(e) = self.slots.entry(oid) {
                e.insert(Slot::Reading);
                return Some(oid);
            }
        }
        None
    }

    /// Leaves a commit read ahead of the walk, and names its parents.
    fn store(&mut self, oid: Oid, info: Option<CommitInfo>, shallow_cuts: &OidSet) {
        if let Some(i) = &info {
            if !shallow_cuts.contains(&oid) {
                self.name(&i.parents, i.order_date);
            }
        }
        self.slots.insert(oid, Slot::Read(info.map(Box::new)));
        self.waiting += 1;
    }

    /// Adds the parents of a commit dated `date` to the reader's list.
    fn name(&mut self, parents: &[Oid], date: u64) {
        for p in parents {
            if !self.slots.contains_key(p) {
                self.named += 1;
                self.todo.push((date, std::cmp::Reverse(self.named), *p));
            }
        }
    }
}

#[derive(Default)]
struct Shared {
    table: Mutex<Table>,
    cond: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.cond.notify_all();
    }
}

/// The walk's side of reading: the walk's "seen" set, either its own or the shared table.
enum Reached<'a> {
    Alone(OidSet),
    Shared(&'a Shared),
}

impl Reached<'_> {
    /// Marks `oid` reached by the walk; `None` if it was already, else its parsed headers
    /// when the reader left them (`Some(None)`: read it here). While the reader is still
    /// reading `oid`, this thread reads the next commit on the reader's list instead of
    /// waiting idle.
    fn reach(
        &mut self,
        oid: Oid,
        src: &mut Source<'_>,
        shallow_cuts: &OidSet,
    ) -> Option<Option<CommitInfo>> {
        match self {
            Reached::Alone(seen) => seen.insert(oid).then_some(None),
            Reached::Shared(sh) => {
                let mut t = sh.lock();
                loop {
                    match t.slots.get_mut(&oid) {
                        None => {
                            t.slots.insert(oid, Slot::Walked);
                            return Some(None);
                        }
                        Some(Slot::Walked) => return None,
                        Some(Slot::Read(info)) => {
                            let info = info.take();
                            t.slots.insert(oid, Slot::Walked);
                            t.waiting -= 1;
                            if t.reader_waits && t.waiting < MAX_READ_AHEAD / 2 {
                                sh.cond.notify_all();
                            }
                            return Some(info.map(|b| *b));
                        }
                        Some(Slot::Reading) => {
                            if let Some(other) = t.claim() {
                                drop(t);
                                let info = read_commit(src, other, None).ok();
                                t = sh.lock();
                                t.store(other, info, shallow_cuts);
                                continue;
                            }
                            t.walk_waits = true;
                            t = sh.cond.wait(t).unwrap_or_else(PoisonError::into_inner);
                            t.walk_waits = false;
                        }
                    }
                }
            }
        }
    }

    /// Reads one commit of the reader's list on this thread, so that both threads inflate
    /// commits (the walk itself takes little time), while the reader is not far ahead
    /// (fewer than [`HELP_BELOW`] commits wait).
    fn help(&mut self, src: &mut Source<'_>, shallow_cuts: &OidSet) {
        if let Reached::Shared(sh) = self {
            let mut t = sh.lock();
            if t.waiting >= HELP_BELOW {
                return;
            }
            let Some(oid) = t.claim() else {
                return;
            };
            drop(t);
            let info = read_commit(src, oid, None).ok();
            sh.lock().store(oid, info, shallow_cuts);
        }
    }

    /// The parents of a queued commit (dated `date`): worth reading ahead.
    fn queued(&mut self, parents: &[Oid], date: u64) {
        if let Reached::Shared(sh) = self {
            let mut t = sh.lock();
            let was_empty = t.todo.is_empty();
            t.name(parents, date);
            if was_empty && !t.todo.is_empty() && t.reader_waits {
                sh.cond.notify_all();
            }
        }
    }
}

/// The second thread: reads the commits in the table's to-do list, in the order the walk
/// will want them, with their ancestors, until the walk is over.
fn read_ahead(
    repo: Repository,
    packs: &Packs,
    budget: &Budget,
    sh: &Shared,
    shallow_cuts: &OidSet,
) {
    let Ok(odb) = repo.odb() else {
        return;
    };
    let mut src = Source::new(&odb, packs, budget);
    loop {
        let oid = {
            let mut t = sh.lock();
            loop {
                if t.stop {
                    return;
                }
                if t.waiting < MAX_READ_AHEAD {
                    if let Some(oid) = t.claim() {
                        break oid;
                    }
                }
                t.reader_waits = true;
                t = sh.cond.wait(t).unwrap_or_else(PoisonError::into_inner);
                t.reader_waits = false;
            }
        };
        let info = read_commit(&mut src, oid, None).ok();
        let mut t = sh.lock();
        t.store(oid, info, shallow_cuts);
        if t.walk_waits {
            sh.cond.notify_all();
        }
    }
}

fn walk(
    src: &mut Source<'_>,
    shared: Option<&Shared>,
    head: Oid,
    limit: Option<u64>,
    shallow_cuts: &OidSet,
    is_shallow: bool,
) -> Result<HistoryCensus, Unavailable> {
    let mut c = HistoryCensus {
        head: head.to_string(),
        shallow: is_shallow,
        source_url: Some("git".into()),
        ..HistoryCensus::default()
    };
    let mut examples: [Option<Oid>; EXAMPLE_KEYS.len()] = [None; EXAMPLE_KEYS.len()];

    let mut reached = match shared {
        Some(sh) => Reached::Shared(sh),
        None => Reached::Alone(OidSet::default()),
    };
    let mut queue = BinaryHeap::new();
    let mut seq = 0u64;
    let _ = reached.reach(head, src, shallow_cuts);
    let info = match read_commit(src, head, None) {
        Ok(info) => info,
        Err(Unread::Failed(u)) => return Err(u),
        Err(Unread::Budget) => {
            return Err(Unavailable::new(
                Reason::NotCollected,
                format!(
                    "The history census stopped because the head commit {head} is larger than the {} MiB of commit objects it reads.",
                    src.budget.limit / (1024 * 1024)
                ),
            ));
        }
    };
    if !shallow_cuts.contains(&head) {
        reached.queued(&info.parents, info.order_date);
    }
    queue.push(Queued {
        date: info.order_date,
        seq,
        oid: head,
        info,
    });

    'walk: loop {
        if limit.is_some_and(|n| c.commits_examined >= n) {
            break;
        }
        let Some(q) = queue.pop() else { break };
        if !shallow_cuts.contains(&q.oid) {
            for &p in &q.info.parents {
                if let Some(ahead) = reached.reach(p, src, shallow_cuts) {
                    let info = match ahead {
                        Some(info) => info,
                        None => match read_commit(src, p, Some(q.oid)) {
                            Ok(info) => info,
                            Err(Unread::Failed(u)) => return Err(u),
                            Err(Unread::Budget) => {
                                // Stops before the commit whose parents cannot all be read,
                                // so every commit counted had its parents queued.
                                c.stopped_at_budget = Some(src.budget.limit);
                                break 'walk;
                            }
                        },
                    };
                    if !shallow_cuts.contains(&p) {
                        reached.queued(&info.parents, info.order_date);
                    }
                    seq += 1;
                    queue.push(Queued {
                        date: info.order_date,
                        seq,
                        oid: p,
                        info,
                    });
                }
            }
        }
        tally(&mut c, &mut examples, q.oid, &q.info);
        reached.help(src, shallow_cuts);
    }
    c.history_complete = queue.is_empty() && !is_shallow && c.stopped_at_budget.is_none();
    c.examples = EXAMPLE_KEYS
        .iter()
        .zip(examples)
        .filter_map(|(k, o)| o.map(|o| ((*k).to_string(), o.to_string())))
        .collect();
    Ok(c)
}

fn tally(
    c: &mut HistoryCensus,
    ex: &mut [Option<Oid>; EXAMPLE_KEYS.len()],
    oid: Oid,
    i: &CommitInfo,
) {
    let mut note = |k: usize| {
        if ex[k].is_none() {
            ex[k] = Some(oid);
        }
    };
    c.commits_examined += 1;
    let s = &mut c.signatures;
    match i.signature {
        Some(SigKind::OpenPgp) => {
            s.openpgp += 1;
            note(0);
        }
        Some(SigKind::Ssh) => {
            s.ssh += 1;
            note(1);
        }
        Some(SigKind::X509) => {
            s.x509 += 1;
            note(2);
        }
        Some(SigKind::Other) => {
            s.other += 1;
            note(3);
        }
        Some(SigKind::Malformed) => {
            s.malformed += 1;
            note(9);
        }
        None => {
            s.unsigned += 1;
            note(4);
        }
    }
    if i.web_flow {
        c.web_flow_commits += 1;
        note(7);
    }
    if i.signature.is_some_and(SigKind::is_signature) {
        if i.web_flow {
            c.web_flow_signed += 1;
            note(6);
        } else {
            c.developer_signed += 1;
            note(5);
        }
    }
    let merge = i.parents.len() > 1;
    c.merge_commits = Some(c.merge_commits.unwrap_or(0) + u64::from(merge));
    if i.dco {
        c.dco_signed_off += 1;
        if merge {
            c.dco_signed_off_merges += 1;
        }
        note(8);
    }
    if let Some(t) = i.committer_time {
        c.oldest_commit_time = Some(c.oldest_commit_time.map_or(t, |o| o.min(t)));
        c.newest_commit_time = Some(c.newest_commit_time.map_or(t, |n| n.max(t)));
    }
}
