//! Shared fixtures: real git repositories built in temporary directories with the `git`
//! CLI, real signing keys (gpg, gpgsm X.509, ssh-keygen) generated per fixture, and an
//! independent census computed by git itself to compare the library against.
//!
//! Every command runs with a cleared environment (PATH only) plus an isolated HOME,
//! GNUPGHOME, `GIT_CONFIG_GLOBAL=/dev/null` and `GIT_CONFIG_NOSYSTEM=1`, so the machine's
//! configuration never leaks in. Commit dates come from a per-fixture clock (one minute
//! apart) so the walk order is deterministic.
//!
//! ```ignore
//! mod common;
//! use common::{Commit, Fixture, Sign, TagKind};
//! let fx = Fixture::new();
//! let repo = fx.repo("r");
//! repo.commit(&Commit::new("init").file("SECURITY.md", "mail sec@example.com"));
//! repo.commit(&Commit::new("signed").sign(Sign::Gpg).signoff());
//! repo.tag("v1", TagKind::Signed(Sign::Ssh));
//! let expected = repo.independent_census(None);
//! ```
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// First commit time of every fixture (2023-11-14T22:13:20Z); each commit is a minute later.
pub const EPOCH: i64 = 1_700_000_000;

/// How a commit or tag is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    None,
    /// OpenPGP with a gpg key generated in the fixture's GNUPGHOME.
    Gpg,
    /// SSH (`gpg.format=ssh`) with an ed25519 key from `ssh-keygen`.
    Ssh,
    /// X.509 (`gpg.format=x509`) with a self-signed gpgsm certificate.
    X509,
}

/// What kind of tag to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Lightweight,
    Annotated,
    Signed(Sign),
}

/// A commit to make: message, signature, committer, trailers, files, date.
#[derive(Debug, Clone)]
pub struct Commit {
    message: Vec<u8>,
    sign: Sign,
    web_flow: bool,
    committer: Option<(String, String)>,
    signoff: bool,
    files: Vec<(String, Vec<u8>)>,
    date: Option<i64>,
}

impl Commit {
    pub fn new(message: impl AsRef<[u8]>) -> Self {
        Commit {
            message: message.as_ref().to_vec(),
            sign: Sign::None,
            web_flow: false,
            committer: None,
            signoff: false,
            files: Vec::new(),
            date: None,
        }
    }
    pub fn sign(mut self, s: Sign) -> Self {
        self.sign = s;
        self
    }
    /// Committer `GitHub <noreply@github.com>`, as GitHub's web-flow writes it.
    pub fn web_flow(mut self) -> Self {
        self.web_flow = true;
        self
    }
    /// Any other committer identity.
    pub fn committer(mut self, name: &str, email: &str) -> Self {
        self.committer = Some((name.into(), email.into()));
        self
    }
    /// Adds a `Signed-off-by:` trailer (`git commit -s`).
    pub fn signoff(mut self) -> Self {
        self.signoff = true;
        self
    }
    pub fn file(mut self, path: &str, content: impl AsRef<[u8]>) -> Self {
        self.files.push((path.into(), content.as_ref().to_vec()));
        self
    }
    /// Author and committer date (seconds since the epoch) instead of the fixture clock.
    pub fn at(mut self, t: i64) -> Self {
        self.date = Some(t);
        self
    }
}

/// A temporary directory with an isolated HOME and GNUPGHOME; keys are made on first use.
pub struct Fixture {
    dir: tempfile::TempDir,
    home: PathBuf,
    gnupghome: PathBuf,
    clock: Cell<i64>,
    gpg_key: OnceCell<String>,
    x509_key: OnceCell<String>,
    ssh_key: OnceCell<PathBuf>,
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new().prefix("tssa").tempdir().unwrap();
        let home = dir.path().join("home");
        let gnupghome = dir.path().join("g");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&gnupghome).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&gnupghome, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Fixture {
            dir,
            home,
            gnupghome,
            clock: Cell::new(EPOCH),
            gpg_key: OnceCell::new(),
            x509_key: OnceCell::new(),
            ssh_key: OnceCell::new(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A command with the isolated environment.
    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("GNUPGHOME", &self.gnupghome)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("TZ", "UTC")
            .stdin(Stdio::null());
        c
    }

    /// Runs `c` (optionally feeding `stdin`), panicking with its stderr when it fails.
    pub fn run(&self, mut c: Command, stdin: Option<&[u8]>) -> Vec<u8> {
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        if stdin.is_some() {
            c.stdin(Stdio::piped());
        }
        let mut child = c.spawn().unwrap_or_else(|e| panic!("spawn {c:?}: {e}"));
        if let Some(input) = stdin {
            let mut si = child.stdin.take().unwrap();
            let input = input.to_vec();
            std::thread::spawn(move || si.write_all(&input));
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{c:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// `git <args>` in `dir`, stdout trimmed.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut c = self.cmd("git");
        c.current_dir(dir).args(args);
        String::from_utf8_lossy(&self.run(c, None))
            .trim()
            .to_string()
    }

    /// The next commit time of the fixture clock.
    pub fn tick(&self) -> i64 {
        let t = self.clock.get() + 60;
        self.clock.set(t);
        t
    }

    /// A new work-tree repository (`main` branch, committer identity configured).
    pub fn repo(&self, name: &str) -> Repo<'_> {
        let path = self.dir.path().join(name);
        let mut c = self.cmd("git");
        c.args(["init", "-q", "-b", "main"]).arg(&path);
        self.run(c, None);
        let r = Repo { fx: self, path };
        r.git(&["config", "user.name", "Dev Eloper"]);
        r.git(&["config", "user.email", "dev@example.com"]);
        r
    }

    /// A new empty bare repository.
    pub fn bare_repo(&self, name: &str) -> Repo<'_> {
        let path = self.dir.path().join(name);
        let mut c = self.cmd("git");
        c.args(["init", "-q", "--bare", "-b", "main"]).arg(&path);
        self.run(c, None);
        Repo { fx: self, path }
    }

    fn clone_with(&self, src: &Repo<'_>, name: &str, extra: &[&str]) -> Repo<'_> {
        let path = self.dir.path().join(name);
        let url = format!("file://{}", src.path.display());
        let mut c = self.cmd("git");
        c.args(["clone", "-q"]).args(extra).arg(&url).arg(&path);
        self.run(c, None);
        Repo { fx: self, path }
    }

    /// A full clone over `file://` (has `origin` and `refs/remotes/origin/HEAD`).
    pub fn clone_repo(&self, src: &Repo<'_>, name: &str) -> Repo<'_> {
        self.clone_with(src, name, &[])
    }

    /// A shallow clone of the last `depth` commits of the default branch.
    pub fn clone_shallow(&self, src: &Repo<'_>, name: &str, depth: u32) -> Repo<'_> {
        let d = depth.to_string();
        self.clone_with(src, name, &["--depth", &d])
    }

    /// A bare clone (no work tree, HEAD names the default branch).
    pub fn clone_bare(&self, src: &Repo<'_>, name: &str) -> Repo<'_> {
        self.clone_with(src, name, &["--bare"])
    }

    /// Fingerprint of an unprotected ed25519 OpenPGP signing key (made once per fixture).
    pub fn gpg_key(&self) -> &str {
        self.gpg_key.get_or_init(|| {
            let params = "%no-protection\nKey-Type: eddsa\nKey-Curve: ed25519\nKey-Usage: sign\n\
                          Name-Real: Gpg Signer\nName-Email: gpg@example.com\nExpire-Date: 0\n%commit\n";
            let mut c = self.cmd("gpg");
            c.args(["--batch", "--gen-key"]);
            self.run(c, Some(params.as_bytes()));
            self.fingerprint("gpg@example.com")
        })
    }

    fn fingerprint(&self, email: &str) -> String {
        let mut c = self.cmd("gpg");
        c.args(["--with-colons", "--list-secret-keys", email]);
        let out = String::from_utf8(self.run(c, None)).unwrap();
        out.lines()
            .find_map(|l| l.strip_prefix("fpr:"))
            .and_then(|l| l.split(':').find(|f| f.len() == 40))
            .expect("a fingerprint")
            .to_string()
    }

    /// Key id of a self-signed X.509 certificate made with gpgsm from an unprotected RSA
    /// key (made once per fixture; trusted through trustlist.txt, CRL checks off).
    pub fn x509_key(&self) -> &str {
        self.x509_key.get_or_init(|| {
            let params = "%no-protection\nKey-Type: RSA\nKey-Length: 2048\nKey-Usage: sign\n\
                          Name-Real: X509 Signer\nName-Email: x509@example.com\nExpire-Date: 0\n%commit\n";
            let mut c = self.cmd("gpg");
            c.args(["--batch", "--gen-key"]);
            self.run(c, Some(params.as_bytes()));
            let mut c = self.cmd("gpg");
            c.args([
                "--with-colons",
                "--with-keygrip",
                "--list-secret-keys",
                "x509@example.com",
            ]);
            let out = String::from_utf8(self.run(c, None)).unwrap();
            let grip = out
                .lines()
                .find_map(|l| l.strip_prefix("grp:"))
                .and_then(|l| l.split(':').find(|f| f.len() == 40))
                .expect("a keygrip")
                .to_string();
            let req = format!(
                "Key-Type: RSA\nKey-Grip: {grip}\nKey-Usage: sign\nSerial: random\n\
                 Name-DN: CN=X509 Signer,O=tssa-probe tests\nName-Email: x509@example.com\n"
            );
            let mut c = self.cmd("gpgsm");
            c.args(["--batch", "--armor", "--gen-key"]);
            let cert = self.run(c, Some(req.as_bytes()));
            let mut c = self.cmd("gpgsm");
            c.args(["--batch", "--import"]);
            self.run(c, Some(&cert));
            let mut c = self.cmd("gpgsm");
            c.args(["--with-colons", "--list-secret-keys"]);
            let out = String::from_utf8(self.run(c, None)).unwrap();
            let fpr = out
                .lines()
                .find_map(|l| l.strip_prefix("fpr:"))
                .and_then(|l| l.split(':').find(|f| f.len() == 40))
                .expect("a certificate fingerprint")
                .to_string();
            std::fs::write(self.gnupghome.join("gpgsm.conf"), "disable-crl-checks\n").unwrap();
            std::fs::write(
                self.gnupghome.join("trustlist.txt"),
                format!("{fpr} S relax\n"),
            )
            .unwrap();
            format!("0x{}", &fpr[24..])
        })
    }

    /// Path of the public half of an unencrypted ed25519 ssh key (made once per fixture).
    pub fn ssh_key(&self) -> &Path {
        self.ssh_key.get_or_init(|| {
            let key = self.dir.path().join("ssh_ed25519");
            let mut c = self.cmd("ssh-keygen");
            c.args([
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "ssh@example.com",
                "-f",
            ])
            .arg(&key);
            self.run(c, None);
            key.with_extension("pub")
        })
    }

    /// `-c` options that make git sign with `s`.
    pub fn sign_config(&self, s: Sign) -> Vec<String> {
        match s {
            Sign::None => vec![],
            Sign::Gpg => vec![
                "-c".into(),
                "gpg.format=openpgp".into(),
                "-c".into(),
                format!("user.signingkey={}", self.gpg_key()),
            ],
            Sign::Ssh => vec![
                "-c".into(),
                "gpg.format=ssh".into(),
                "-c".into(),
                format!("user.signingkey={}", self.ssh_key().display()),
            ],
            Sign::X509 => vec![
                "-c".into(),
                "gpg.format=x509".into(),
                "-c".into(),
                format!("user.signingkey={}", self.x509_key()),
            ],
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if self.gpg_key.get().is_some() || self.x509_key.get().is_some() {
            let mut c = self.cmd("gpgconf");
            c.args(["--kill", "all"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let _ = c.status();
        }
    }
}

/// A repository made by a [`Fixture`] (work tree or bare).
/// Makes a file git wrote read-only (objects, packs) writable, so a test can doctor it.
pub fn make_writable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

pub struct Repo<'f> {
    pub fx: &'f Fixture,
    pub path: PathBuf,
}

impl Repo<'_> {
    /// `git <args>` in the repository, stdout trimmed.
    pub fn git(&self, args: &[&str]) -> String {
        self.fx.git(&self.path, args)
    }

    /// `git <args>` with extra environment and optional stdin, raw stdout.
    pub fn git_raw(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Vec<u8> {
        let mut c = self.fx.cmd("git");
        c.current_dir(&self.path).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        self.fx.run(c, stdin)
    }

    /// The git directory (`.git` of a work tree, the repository itself when bare).
    pub fn git_dir(&self) -> PathBuf {
        let d = PathBuf::from(self.git(&["rev-parse", "--git-dir"]));
        if d.is_absolute() {
            d
        } else {
            self.path.join(d)
        }
    }

    pub fn rev_parse(&self, rev: &str) -> String {
        self.git(&["rev-parse", "--verify", "-q", rev])
    }

    pub fn head(&self) -> String {
        self.rev_parse("HEAD")
    }

    /// Writes a file in the work tree (creating directories).
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let p = self.path.join(path);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(p, content).unwrap();
    }

    /// Makes a commit as described; returns its id.
    pub fn commit(&self, spec: &Commit) -> String {
        for (p, c) in &spec.files {
            self.write(p, c);
        }
        // One `git add` per few hundred paths, not per file: a commit of thousands of
        // files (the hostile fixtures) spent most of its time starting git.
        let paths: Vec<&str> = spec.files.iter().map(|(p, _)| p.as_str()).collect();
        for chunk in paths.chunks(500) {
            let mut args = vec!["add", "--"];
            args.extend_from_slice(chunk);
            self.git(&args);
        }
        let t = spec.date.unwrap_or_else(|| self.fx.tick());
        let date = format!("@{t} +0000");
        let mut env = vec![
            ("GIT_AUTHOR_DATE", date.as_str()),
            ("GIT_COMMITTER_DATE", date.as_str()),
        ];
        if spec.web_flow {
            env.push(("GIT_COMMITTER_NAME", "GitHub"));
            env.push(("GIT_COMMITTER_EMAIL", "noreply@github.com"));
        }
        if let Some((n, e)) = &spec.committer {
            env.push(("GIT_COMMITTER_NAME", n));
            env.push(("GIT_COMMITTER_EMAIL", e));
        }
        let cfg = self.fx.sign_config(spec.sign);
        let mut args: Vec<&str> = cfg.iter().map(String::as_str).collect();
        args.extend([
            "commit",
            "-q",
            "--allow-empty",
            "--cleanup=verbatim",
            "-F",
            "-",
        ]);
        if spec.sign != Sign::None {
            args.push("-S");
        }
        if spec.signoff {
            args.push("-s");
        }
        self.git_raw(&args, &env, Some(&spec.message));
        self.head()
    }

    /// Shorthand: an unsigned empty commit.
    pub fn commit_msg(&self, message: &str) -> String {
        self.commit(&Commit::new(message))
    }

    /// Creates tag `name` at HEAD.
    pub fn tag(&self, name: &str, kind: TagKind) {
        self.tag_at(name, "HEAD", kind);
    }

    /// Creates tag `name` at `rev`.
    pub fn tag_at(&self, name: &str, rev: &str, kind: TagKind) {
        let t = self.fx.tick();
        let date = format!("@{t} +0000");
        let env = [("GIT_COMMITTER_DATE", date.as_str())];
        match kind {
            TagKind::Lightweight => {
                self.git_raw(&["tag", name, rev], &env, None);
            }
            TagKind::Annotated => {
                self.git_raw(
                    &["tag", "-a", "-m", &format!("release {name}"), name, rev],
                    &env,
                    None,
                );
            }
            TagKind::Signed(s) => {
                let cfg = self.fx.sign_config(s);
                let mut args: Vec<&str> = cfg.iter().map(String::as_str).collect();
                let msg = format!("release {name}");
                args.extend(["tag", "-s", "-m", &msg, name, rev]);
                self.git_raw(&args, &env, None);
            }
        }
    }

    /// Writes a raw object (`git hash-object --literally`), returning its id. Any content,
    /// including malformed commits and arbitrary signature headers.
    pub fn write_object(&self, kind: &str, content: &[u8]) -> String {
        let out = self.git_raw(
            &["hash-object", "-t", kind, "-w", "--literally", "--stdin"],
            &[],
            Some(content),
        );
        String::from_utf8_lossy(&out).trim().to_string()
    }

    /// Points `refname` at `sha`.
    pub fn update_ref(&self, refname: &str, sha: &str) {
        self.git(&["update-ref", refname, sha]);
    }

    /// Points `refname` at `sha` by writing the loose ref file, without git's checks (for
    /// objects git refuses to point a branch at).
    pub fn write_ref(&self, refname: &str, sha: &str) {
        let p = self.git_dir().join(refname);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, format!("{sha}\n")).unwrap();
    }

    /// The raw bytes of an object.
    pub fn cat_object(&self, sha: &str) -> Vec<u8> {
        let kind = self.git(&["cat-file", "-t", sha]);
        self.git_raw(&["cat-file", &kind, sha], &[], None)
    }

    /// The path of a loose object file.
    pub fn loose_object_path(&self, sha: &str) -> PathBuf {
        self.git_dir()
            .join("objects")
            .join(&sha[..2])
            .join(&sha[2..])
    }

    /// Replaces a loose object file with garbage (it stays present but cannot be inflated).
    pub fn corrupt_loose_object(&self, sha: &str) {
        let p = self.loose_object_path(sha);
        assert!(p.exists(), "object {sha} is not loose");
        make_writable(&p);
        std::fs::write(&p, b"this is not a zlib stream at all").unwrap();
    }

    /// Detaches HEAD at `rev`.
    pub fn detach(&self, rev: &str) {
        self.git(&["checkout", "-q", "--detach", rev]);
    }

    /// Git's own census of `rev`'s history, independent of the library: `git log` (same
    /// walk as `git rev-list`) for committer and message, `git cat-file --batch` for the
    /// signature header's armor.
    pub fn independent_census(&self, rev: &str, limit: Option<u64>) -> GitCensus {
        let n = limit.map(|n| format!("-n{n}"));
        let mut args = vec!["log", "-z", "--format=%H%x1f%cn%x1f%ce%x1f%B"];
        if let Some(n) = &n {
            args.push(n);
        }
        args.push(rev);
        args.push("--");
        let log = self.git_raw(&args, &[], None);
        let mut c = GitCensus::default();
        let mut shas = Vec::new();
        let mut rows = Vec::new();
        for rec in log.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let rec = String::from_utf8_lossy(rec).into_owned();
            let mut f = rec.splitn(4, '\x1f');
            let sha = f.next().unwrap().trim().to_string();
            let cn = f.next().unwrap().to_string();
            let ce = f.next().unwrap().to_string();
            let body = f.next().unwrap_or("").to_string();
            shas.push(sha.clone());
            rows.push((sha, cn, ce, body));
        }
        let armors = if shas.is_empty() {
            Vec::new()
        } else {
            let mut input = shas.join("\n").into_bytes();
            input.push(b'\n');
            parse_batch_armors(&self.git_raw(&["cat-file", "--batch"], &[], Some(&input)))
        };
        assert_eq!(armors.len(), rows.len());
        for ((sha, cn, ce, body), armor) in rows.into_iter().zip(armors) {
            c.commits += 1;
            let kind = match armor.as_deref() {
                None => "unsigned",
                Some("-----BEGIN PGP SIGNATURE-----") => "openpgp",
                Some("-----BEGIN SSH SIGNATURE-----") => "ssh",
                Some("-----BEGIN SIGNED MESSAGE-----") => "x509",
                Some(_) => "other",
            };
            *c.by_kind.entry(kind).or_default() += 1;
            c.first.entry(kind).or_insert_with(|| sha.clone());
            let web = cn == "GitHub" && ce == "noreply@github.com";
            let signed = armor.is_some();
            if web {
                c.web_flow += 1;
                c.first.entry("web_flow").or_insert_with(|| sha.clone());
            }
            if signed && web {
                c.web_flow_signed += 1;
                c.first
                    .entry("web_flow_signed")
                    .or_insert_with(|| sha.clone());
            }
            if signed && !web {
                c.developer_signed += 1;
                c.first
                    .entry("developer_signed")
                    .or_insert_with(|| sha.clone());
            }
            if body
                .lines()
                .any(|l| l.to_ascii_lowercase().starts_with("signed-off-by:"))
            {
                c.dco += 1;
                c.first
                    .entry("dco_signed_off")
                    .or_insert_with(|| sha.clone());
            }
        }
        c
    }

    /// Git's own tag census: `for-each-ref` object types and `%(contents:signature)`.
    pub fn independent_tags(&self) -> GitTags {
        let out = self.git_raw(
            &[
                "for-each-ref",
                "--format=%(objecttype)%00%(refname:strip=2)%00%(contents:signature)%01",
                "refs/tags",
            ],
            &[],
            None,
        );
        let mut t = GitTags::default();
        for rec in out.split(|&b| b == 1) {
            let rec = String::from_utf8_lossy(rec);
            let rec = rec.trim_start_matches('\n');
            if rec.is_empty() {
                continue;
            }
            let mut f = rec.splitn(3, '\0');
            let kind = f.next().unwrap();
            let name = f.next().unwrap().to_string();
            let sig = f.next().unwrap_or("");
            t.total += 1;
            if kind == "tag" {
                t.annotated += 1;
                if !sig.trim().is_empty() {
                    t.signed += 1;
                    t.signed_names.push(name);
                }
            }
        }
        t
    }
}

/// The `gpgsig`/`gpgsig-sha256` header's first line of each object in `cat-file --batch`
/// output, in order.
fn parse_batch_armors(mut out: &[u8]) -> Vec<Option<String>> {
    let mut res = Vec::new();
    while !out.is_empty() {
        let nl = out.iter().position(|&b| b == b'\n').unwrap();
        let header = String::from_utf8_lossy(&out[..nl]).into_owned();
        let size: usize = header.rsplit(' ').next().unwrap().parse().unwrap();
        let body = &out[nl + 1..nl + 1 + size];
        out = &out[nl + 1 + size + 1..];
        let text = String::from_utf8_lossy(body);
        let head = text.split("\n\n").next().unwrap_or("");
        let armor = head
            .lines()
            .find_map(|l| {
                l.strip_prefix("gpgsig ")
                    .or_else(|| l.strip_prefix("gpgsig-sha256 "))
            })
            .map(|s| s.trim().to_string());
        res.push(armor);
    }
    res
}

/// Counts computed by git itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GitCensus {
    pub commits: u64,
    /// openpgp / ssh / x509 / other / unsigned → count.
    pub by_kind: BTreeMap<&'static str, u64>,
    pub web_flow: u64,
    pub web_flow_signed: u64,
    pub developer_signed: u64,
    pub dco: u64,
    /// First commit (in walk order) of each kind and of web_flow, web_flow_signed,
    /// developer_signed, dco_signed_off.
    pub first: BTreeMap<&'static str, String>,
}

impl GitCensus {
    pub fn kind(&self, k: &str) -> u64 {
        self.by_kind.get(k).copied().unwrap_or(0)
    }
}

/// Tag counts computed by git itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GitTags {
    pub total: u64,
    pub annotated: u64,
    pub signed: u64,
    pub signed_names: Vec<String>,
}

/// Compares a library census with git's own; panics with both on a mismatch.
pub fn assert_census_matches(lib: &tssa_probe::evidence::HistoryCensus, git: &GitCensus) {
    let s = &lib.signatures;
    let got = (
        lib.commits_examined,
        s.openpgp,
        s.ssh,
        s.x509,
        s.other,
        s.unsigned,
        lib.web_flow_commits,
        lib.web_flow_signed,
        lib.developer_signed,
        lib.dco_signed_off,
    );
    let want = (
        git.commits,
        git.kind("openpgp"),
        git.kind("ssh"),
        git.kind("x509"),
        git.kind("other"),
        git.kind("unsigned"),
        git.web_flow,
        git.web_flow_signed,
        git.developer_signed,
        git.dco,
    );
    assert_eq!(
        got, want,
        "library census (commits, openpgp, ssh, x509, other, unsigned, web_flow, web_flow_signed, developer_signed, dco) differs from git's\nlibrary: {lib:#?}\ngit: {git:#?}"
    );
    let lib_examples: BTreeMap<&str, &str> = lib
        .examples
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let git_examples: BTreeMap<&str, &str> =
        git.first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(lib_examples, git_examples, "example commits differ");
}

/// Filler text of `mib` MiB, one repeated line naming `seed` (large files, messages and
/// objects for the hostile-repository tests: generated, never checked in).
pub fn text_mib(seed: &str, mib: usize) -> Vec<u8> {
    let line = format!("{seed}: nothing to see here, just filler text for a large object.\n");
    let mut v = line.repeat(mib * 1024 * 1024 / line.len() + 1).into_bytes();
    v.truncate(mib * 1024 * 1024);
    v
}

/// Commits `tree` (no parent, a fixed date) and points `main` at it; the commit's id.
pub fn commit_tree(r: &Repo<'_>, tree: &str) -> String {
    let env = [
        ("GIT_AUTHOR_DATE", "@1700000000 +0000"),
        ("GIT_COMMITTER_DATE", "@1700000000 +0000"),
    ];
    let c = String::from_utf8(r.git_raw(&["commit-tree", tree, "-m", "crafted"], &env, None))
        .unwrap()
        .trim()
        .to_string();
    r.update_ref("refs/heads/main", &c);
    c
}
