//! Commit objects as the census reads them: the headers (continuation lines folded, as
//! git does), the signature header's armor ([`classify_armor`]), the committer date git
//! orders by, web-flow and DCO sign-offs. Pure functions of the object's bytes; the walk
//! is in [`super::census`].

use git2::Oid;

use super::oid_from_hex;

/// How a commit's signature header is armored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigKind {
    OpenPgp,
    Ssh,
    X509,
    /// A well-formed armored block of another kind (`-----BEGIN X-----` … `-----END X-----`).
    Other,
    /// A signature header that is not a well-formed block: garbage, an empty header, an
    /// armor without body or without its matching END line. Not counted as signed.
    Malformed,
}

impl SigKind {
    /// A well-formed signature (any kind but [`SigKind::Malformed`]).
    pub fn is_signature(self) -> bool {
        self != SigKind::Malformed
    }
}

/// What the census needs from one commit object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Parents as git reads them: the `parent` lines right after `tree`.
    pub parents: Vec<Oid>,
    /// The date git orders the walk by (`parse_commit_date`: 0 when malformed).
    pub order_date: u64,
    /// Committer time (seconds since the epoch) from the first `committer` header.
    pub committer_time: Option<i64>,
    /// Committer is GitHub's web-flow: name `GitHub`, e-mail `noreply@github.com`.
    pub web_flow: bool,
    /// The `gpgsig` (else `gpgsig-sha256`) header's block; `None` when unsigned. A
    /// well-formed block in either header wins over a malformed one.
    pub signature: Option<SigKind>,
    /// The message has a line starting with `Signed-off-by:` (any case).
    pub dco: bool,
}

/// Longest armor label accepted (`PGP SIGNATURE` is 13).
const MAX_LABEL: usize = 64;

/// Classifies a signature: the kind of a well-formed armored block, else
/// [`SigKind::Malformed`]. Well formed: blank lines, then `-----BEGIN LABEL-----`, then
/// optional armor headers (`Key: value`) and blank lines, then at least one base64 line
/// with data (a `=` checksum line alone is not a body), then `-----END LABEL-----` with
/// the same label, then only blank lines. Never panics, whatever the bytes.
pub fn classify_armor(value: &[u8]) -> SigKind {
    let mut lines = value.split(|&b| b == b'\n').map(trim_ascii).peekable();
    while lines.next_if(|l| l.is_empty()).is_some() {}
    let Some(label) = lines.next().and_then(begin_label) else {
        return SigKind::Malformed;
    };
    let mut body = false;
    let mut in_headers = true;
    let mut ended = false;
    for l in lines.by_ref() {
        if let Some(end) = l.strip_prefix(b"-----END ") {
            ended = end.strip_suffix(b"-----") == Some(label);
            break;
        }
        if l.is_empty() {
            in_headers = false;
            continue;
        }
        if in_headers && !body && is_armor_header(l) {
            continue;
        }
        in_headers = false;
        if !l
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
        {
            return SigKind::Malformed;
        }
        if !l.starts_with(b"=") {
            body = true;
        }
    }
    if !ended || !body || lines.any(|l| !l.is_empty()) {
        return SigKind::Malformed;
    }
    match label {
        b"PGP SIGNATURE" | b"PGP MESSAGE" => SigKind::OpenPgp,
        b"SSH SIGNATURE" => SigKind::Ssh,
        b"SIGNED MESSAGE" => SigKind::X509,
        _ => SigKind::Other,
    }
}

/// `LABEL` of a `-----BEGIN LABEL-----` line (upper-case letters, digits, single spaces).
fn begin_label(line: &[u8]) -> Option<&[u8]> {
    let label = line.strip_prefix(b"-----BEGIN ")?.strip_suffix(b"-----")?;
    let ok = !label.is_empty()
        && label.len() <= MAX_LABEL
        && label
            .iter()
            .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b' ')
        && !label.starts_with(b" ")
        && !label.ends_with(b" ");
    ok.then_some(label)
}

/// An OpenPGP armor header line: `Key: value`.
fn is_armor_header(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(i) if i > 0 => {
            line[..i]
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'-')
                && line.get(i + 1).is_none_or(|&c| c == b' ')
        }
        _ => false,
    }
}

/// The better of two signature headers: a well-formed block wins over a malformed one,
/// else the first.
fn better(a: Option<SigKind>, b: Option<SigKind>) -> Option<SigKind> {
    match (a, b) {
        (Some(SigKind::Malformed), Some(k)) if k.is_signature() => Some(k),
        (a, b) => a.or(b),
    }
}

pub(crate) fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// One header of a commit or tag object: its key, its first line, and its continuation
/// lines; [`Header::value`] joins them by `\n` (the leading space of each removed).
pub(crate) struct Header<'a> {
    pub(crate) key: &'a [u8],
    pub(crate) first: &'a [u8],
    /// The continuation lines as stored: each starts with a space, `\n` between them.
    cont: &'a [u8],
}

impl Header<'_> {
    pub(crate) fn value(&self) -> Vec<u8> {
        let mut v = self.first.to_vec();
        if !self.cont.is_empty() {
            for l in self.cont.split(|&b| b == b'\n') {
                v.push(b'\n');
                v.extend_from_slice(l.get(1..).unwrap_or_default());
            }
        }
        v
    }
}

/// Splits an object into its header lines and its message.
pub(crate) fn split_object(data: &[u8]) -> (&[u8], &[u8]) {
    if data.starts_with(b"\n") {
        return (b"", &data[1..]);
    }
    match memchr::memmem::find(data, b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, b""),
    }
}

/// The headers of an object, continuation lines folded into the header they continue
/// (continuation lines before the first header belong to none and are skipped). Lazy: a
/// census parses 80 000 commits and keeps none of their headers.
pub(crate) fn headers(head: &[u8]) -> Headers<'_> {
    Headers {
        head,
        pos: 0,
        done: false,
    }
}

/// See [`headers`].
pub(crate) struct Headers<'a> {
    head: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Headers<'a> {
    /// The next line, as `split(b'\n')` gives them (a final empty line included).
    fn line(&mut self) -> Option<(usize, &'a [u8])> {
        if self.done {
            return None;
        }
        let from = self.pos;
        let rest = self.head.get(from..).unwrap_or_default();
        match memchr::memchr(b'\n', rest) {
            Some(i) => {
                self.pos = from + i + 1;
                Some((from, &rest[..i]))
            }
            None => {
                self.done = true;
                self.pos = self.head.len();
                Some((from, rest))
            }
        }
    }

    /// Whether the next line continues the current header.
    fn continues(&self) -> bool {
        !self.done && self.head.get(self.pos) == Some(&b' ')
    }
}

impl<'a> Iterator for Headers<'a> {
    type Item = Header<'a>;

    fn next(&mut self) -> Option<Header<'a>> {
        let line = loop {
            let (_, line) = self.line()?;
            if !line.starts_with(b" ") {
                break line;
            }
        };
        let (key, first) = match memchr::memchr(b' ', line) {
            Some(i) => (&line[..i], &line[i + 1..]),
            None => (line, &b""[..]),
        };
        let mut cont: &'a [u8] = b"";
        if self.continues() {
            let start = self.pos;
            let mut end = start;
            while self.continues() {
                if let Some((at, l)) = self.line() {
                    end = at + l.len();
                }
            }
            cont = self.head.get(start..end).unwrap_or_default();
        }
        Some(Header { key, first, cont })
    }
}

/// The tree a commit object names (its first line), if well formed.
pub fn tree_of(data: &[u8]) -> Option<Oid> {
    let line = data.split(|&b| b == b'\n').next()?;
    oid_from_hex(line.strip_prefix(b"tree ")?)
}

/// Parses a commit object. Errors (one phrase) only when git itself could not read it:
/// no `tree` line, or a `parent` line that is not an object id.
pub fn parse_commit(data: &[u8]) -> Result<CommitInfo, String> {
    // git reads a commit only when the object starts with its `tree` line: not after
    // stray continuation lines, which `headers` would fold into nothing.
    if tree_of(data).is_none() {
        return Err("it has no valid tree line".into());
    }
    let (head, message) = split_object(data);
    let mut hs = headers(head);
    match hs.next() {
        Some(h) if h.key == b"tree" && oid_from_hex(h.first).is_some() => {}
        _ => return Err("it has no valid tree line".into()),
    }
    let mut parents = Vec::new();
    let mut after = hs.next();
    while let Some(h) = after.as_ref().filter(|h| h.key == b"parent") {
        match oid_from_hex(h.first) {
            Some(p) => parents.push(p),
            None => return Err("it has a malformed parent line".into()),
        }
        after = hs.next();
    }
    let second = hs.next();
    // git's parse_commit_date: "author" must follow the parents, "committer" the author.
    let order_date = match (&after, &second) {
        (Some(a), Some(c)) if a.key == b"author" && c.key == b"committer" => {
            git_order_date(c.first)
        }
        _ => 0,
    };

    let mut committer_time = None;
    let mut web_flow = false;
    let mut gpgsig = None;
    let mut gpgsig_sha256 = None;
    let mut seen_committer = false;
    for h in after.into_iter().chain(second).chain(hs) {
        match h.key {
            b"committer" if !seen_committer => {
                seen_committer = true;
                let id = parse_ident(h.first);
                committer_time = id.time;
                web_flow =
                    id.name == b"GitHub" && id.email.eq_ignore_ascii_case(b"noreply@github.com");
            }
            b"gpgsig" if gpgsig.is_none() => gpgsig = Some(classify_armor(&h.value())),
            b"gpgsig-sha256" if gpgsig_sha256.is_none() => {
                gpgsig_sha256 = Some(classify_armor(&h.value()))
            }
            _ => {}
        }
    }
    Ok(CommitInfo {
        parents,
        order_date,
        committer_time,
        web_flow,
        signature: better(gpgsig, gpgsig_sha256),
        dco: has_signed_off_by(message),
    })
}

/// A line of the message starts with `Signed-off-by:` in any case (the DCO bot's
/// `/^Signed-off-by: /im`, without requiring the space).
pub fn has_signed_off_by(message: &[u8]) -> bool {
    const P: &[u8] = b"signed-off-by:";
    let starts = |at: usize| {
        message
            .get(at..at + P.len())
            .is_some_and(|l| l.eq_ignore_ascii_case(P))
    };
    starts(0) || memchr::memchr_iter(b'\n', message).any(|i| starts(i + 1))
}

struct Ident<'a> {
    name: &'a [u8],
    email: &'a [u8],
    time: Option<i64>,
}

/// `Name <email> 1234567890 +0000`, leniently.
fn parse_ident(v: &[u8]) -> Ident<'_> {
    let lt = v.iter().position(|&b| b == b'<');
    let (name, email) = match lt {
        Some(i) => {
            let after = &v[i + 1..];
            let gt = after.iter().position(|&b| b == b'>').unwrap_or(after.len());
            (trim_ascii(&v[..i]), &after[..gt])
        }
        None => (trim_ascii(v), &b""[..]),
    };
    let time = v.iter().rposition(|&b| b == b'>').and_then(|i| {
        let rest = trim_ascii(&v[i + 1..]);
        let tok = rest.split(|&b| b == b' ').next().unwrap_or(b"");
        std::str::from_utf8(tok).ok()?.parse::<i64>().ok()
    });
    Ident { name, email, time }
}

/// git's `parse_commit_date` on the committer line's value: the number after the last `>`,
/// read as `strtoumax` would (a leading `-` wraps), 0 when absent or out of range.
fn git_order_date(v: &[u8]) -> u64 {
    let Some(gt) = v.iter().rposition(|&b| b == b'>') else {
        return 0;
    };
    let mut s = &v[gt + 1..];
    while let Some((&c, r)) = s.split_first() {
        if c.is_ascii_whitespace() {
            s = r;
        } else {
            break;
        }
    }
    let (neg, digits) = match s.split_first() {
        Some((b'-', r)) => (true, r),
        Some((b'+', r)) => (false, r),
        Some((c, _)) if c.is_ascii_digit() => (false, s),
        _ => return 0,
    };
    let end = digits
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let mut n: u64 = 0;
    for &d in &digits[..end] {
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(x) => n = x,
            None => return 0,
        }
    }
    if neg { n.wrapping_neg() } else { n }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_must_start_with_its_tree_line() {
        // Found by fuzz/git_objects: continuation lines before `tree` were dropped and the
        // object parsed, where git refuses it.
        let ok = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\n\nm\n";
        assert!(parse_commit(ok).is_ok());
        let mut bad = b" x\n".to_vec();
        bad.extend_from_slice(ok);
        assert!(parse_commit(&bad).is_err());
    }

    const TREE: &str = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
    const P1: &str = "parent 1111111111111111111111111111111111111111\n";

    fn commit(extra_headers: &str, message: &str) -> Vec<u8> {
        format!(
            "{TREE}{P1}author A U Thor <a@example.com> 1700000000 +0100\n\
             committer C O Mitter <c@example.com> 1700000100 +0100\n{extra_headers}\n{message}"
        )
        .into_bytes()
    }

    #[test]
    fn unsigned_commit() {
        let i = parse_commit(&commit("", "subject\n")).unwrap();
        assert_eq!(i.signature, None);
        assert_eq!(i.parents.len(), 1);
        assert_eq!(i.order_date, 1_700_000_100);
        assert_eq!(i.committer_time, Some(1_700_000_100));
        assert!(!i.web_flow);
        assert!(!i.dco);
    }

    #[test]
    fn armors() {
        for (label, kind) in [
            ("PGP SIGNATURE", SigKind::OpenPgp),
            ("PGP MESSAGE", SigKind::OpenPgp),
            ("SSH SIGNATURE", SigKind::Ssh),
            ("SIGNED MESSAGE", SigKind::X509),
            ("FUTURE SIGNATURE", SigKind::Other),
        ] {
            let h = format!("gpgsig -----BEGIN {label}-----\n \n abcd\n -----END {label}-----\n");
            let i = parse_commit(&commit(&h, "m\n")).unwrap();
            assert_eq!(i.signature, Some(kind), "{label}");
        }
        let h = "gpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n";
        assert_eq!(
            parse_commit(&commit(h, "m\n")).unwrap().signature,
            Some(SigKind::Ssh)
        );
        // OpenPGP armor headers and the checksum line are allowed.
        let pgp = b"-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1\nComment: x\n\niQEzBAAB\nCAAd/+==\n=Xyz1\n-----END PGP SIGNATURE-----\n\n";
        assert_eq!(classify_armor(pgp), SigKind::OpenPgp);
    }

    #[test]
    fn malformed_signature_headers_are_not_signatures() {
        for value in [
            "",
            "garbage",
            "-----BEGIN PGP SIGNATURE-----",
            "-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----",
            "-----BEGIN PGP SIGNATURE-----\n\n=abcd\n-----END PGP SIGNATURE-----",
            "-----BEGIN PGP SIGNATURE-----\niQ\n-----END SSH SIGNATURE-----",
            "-----BEGIN PGP SIGNATURE-----\niQ\n-----END-----",
            "-----BEGIN PGP SIGNATURE-----\nnot base64!\n-----END PGP SIGNATURE-----",
            "-----BEGIN PGP SIGNATURE-----\niQ\n-----END PGP SIGNATURE-----\nmore",
            "-----BEGIN -----\niQ\n-----END -----",
            "-----BEGIN pgp signature-----\niQ\n-----END pgp signature-----",
            "text first\n-----BEGIN PGP SIGNATURE-----\niQ\n-----END PGP SIGNATURE-----",
        ] {
            assert_eq!(
                classify_armor(value.as_bytes()),
                SigKind::Malformed,
                "{value:?}"
            );
        }
        // In a commit: counted apart, never as signed.
        for h in ["gpgsig garbage\n", "gpgsig \n", "gpgsig\n"] {
            let i = parse_commit(&commit(h, "m\n")).unwrap();
            assert_eq!(i.signature, Some(SigKind::Malformed), "{h:?}");
        }
        // A well-formed block in the other header wins.
        let h = "gpgsig x\ngpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n U1NI\n -----END SSH SIGNATURE-----\n";
        assert_eq!(
            parse_commit(&commit(h, "m\n")).unwrap().signature,
            Some(SigKind::Ssh)
        );
    }

    #[test]
    fn mergetag_signature_is_not_a_commit_signature() {
        let h = "mergetag object 1111111111111111111111111111111111111111\n type commit\n tag v1\n \n msg\n -----BEGIN PGP SIGNATURE-----\n x\n -----END PGP SIGNATURE-----\n";
        let i = parse_commit(&commit(h, "gpgsig -----BEGIN PGP SIGNATURE-----\n")).unwrap();
        assert_eq!(i.signature, None);
    }

    #[test]
    fn web_flow_and_dco() {
        let data = format!(
            "{TREE}author A <a@x> 1 +0000\ncommitter GitHub <noreply@github.com> 2 +0000\n\nm\n\nsigned-OFF-by: A <a@x>\n"
        );
        let i = parse_commit(data.as_bytes()).unwrap();
        assert!(i.web_flow);
        assert!(i.dco);
        assert!(i.parents.is_empty());
        let data = format!(
            "{TREE}author A <a@x> 1 +0000\ncommitter GitHub Enterprise <noreply@github.com> 2 +0000\n\nm\n Signed-off-by: indented\n"
        );
        let i = parse_commit(data.as_bytes()).unwrap();
        assert!(!i.web_flow);
        assert!(!i.dco);
    }

    #[test]
    fn git_dates() {
        assert_eq!(git_order_date(b"C <c> 12 +0000"), 12);
        assert_eq!(git_order_date(b"C <c>   99"), 99);
        assert_eq!(git_order_date(b"C <c> x"), 0);
        assert_eq!(git_order_date(b"C c 5"), 0);
        assert_eq!(git_order_date(b"C <c> 99999999999999999999999"), 0);
        assert_eq!(git_order_date(b"C <c> -1"), u64::MAX);
        // Out of git's expected order (committer before author): date 0, like git.
        let data = format!("{TREE}committer C <c> 5 +0000\nauthor A <a> 1 +0000\n\nm");
        let i = parse_commit(data.as_bytes()).unwrap();
        assert_eq!(i.order_date, 0);
        assert_eq!(i.committer_time, Some(5));
    }

    #[test]
    fn headers_fold_continuations_and_skip_orphans() {
        let head = b" orphan\n orphan too\ntree abc\ngpgsig one\n two\n \n three\nkey\nlast x\n";
        let hs: Vec<(Vec<u8>, Vec<u8>)> =
            headers(head).map(|h| (h.key.to_vec(), h.value())).collect();
        let want: Vec<(Vec<u8>, Vec<u8>)> = [
            ("tree", "abc"),
            ("gpgsig", "one\ntwo\n\nthree"),
            ("key", ""),
            ("last", "x"),
            ("", ""),
        ]
        .iter()
        .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
        .collect();
        assert_eq!(hs, want);
        assert_eq!(headers(b"").count(), 1);
        assert!(has_signed_off_by(b"x\nsIGNED-off-BY: me"));
        assert!(has_signed_off_by(b"Signed-off-by:"));
        assert!(!has_signed_off_by(
            b"x Signed-off-by: me\n Signed-off-by: me"
        ));
    }

    #[test]
    fn malformed_never_panics() {
        for bad in [
            &b""[..],
            b"\n",
            b"tree\n",
            b"tree zz\n\n",
            b"garbage\x00\xff\xfe",
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 12\n\n",
        ] {
            assert!(parse_commit(bad).is_err());
        }
        for ok in [
            &b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904"[..],
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter\ngpgsig\n\n\xff",
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter <\n\n",
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter >>< 1\n gpgsig x\n\n",
        ] {
            let i = parse_commit(ok).unwrap();
            assert!(!i.web_flow);
        }
    }
}
