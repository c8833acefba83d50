//! SPDX and CycloneDX documents, parsed before they count (never sniffed): SPDX JSON,
//! YAML, tag-value and RDF/XML; CycloneDX JSON, YAML and XML. A document is whole, or its
//! first part (when the scan read only the head of a large file) is a valid beginning of
//! one; a file that ends early by itself, or whose JSON or XML is malformed, is not an SBOM.
//! Linear in the input, bounded in depth, no allocation proportional to nesting beyond it.

use super::yaml;

/// Deepest JSON or XML nesting accepted (SBOMs need about ten levels).
pub const MAX_DEPTH: usize = 256;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SbomDoc {
    /// `spdx` or `cyclonedx`.
    pub format: &'static str,
    /// Byte offset of what says the format (the `spdxVersion` key, the root element).
    pub at: usize,
    /// Only the first part was read and parsed (`truncated` input).
    pub head_only: bool,
}

/// Parses `text` as an SBOM document; `truncated` says the scan read only its first part.
pub fn parse(text: &str, truncated: bool) -> Option<SbomDoc> {
    let body = text.trim_start_matches('\u{feff}');
    let skip = text.len() - body.len();
    let lead = body.len() - body.trim_start().len();
    let first = body.trim_start().chars().next()?;
    let shift = |mut d: SbomDoc| {
        d.at += skip;
        d
    };
    match first {
        '{' => json(body, truncated).map(shift),
        '<' => xml(body, truncated).map(shift),
        _ => tag_value(body, truncated)
            .or_else(|| yaml_doc(body, truncated))
            .map(|mut d| {
                d.at = d.at.max(lead);
                shift(d)
            }),
    }
}

// ----------------------------------------------------------------------------- JSON

/// A top-level key with its string value (if a string) and the key's offset.
type TopKey = (String, Option<String>, usize);

fn json(text: &str, truncated: bool) -> Option<SbomDoc> {
    let (keys, complete) = json_top_keys(text)?;
    if !complete && !truncated {
        return None;
    }
    let get = |k: &str| keys.iter().find(|(n, _, _)| n == k);
    let doc = |format, at| SbomDoc {
        format,
        at,
        head_only: !complete,
    };
    if let Some((_, Some(v), at)) = get("spdxVersion") {
        if v.starts_with("SPDX-") && (!complete || get("SPDXID").is_some()) {
            return Some(doc("spdx", *at));
        }
    }
    if let Some((_, Some(v), at)) = get("bomFormat") {
        if v == "CycloneDX" && (!complete || get("specVersion").is_some()) {
            return Some(doc("cyclonedx", *at));
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (after `:`, in an array, or the document).
    Value,
    /// A key or `}` (just after `{`).
    KeyOrEnd,
    /// A key (after `,` in an object).
    Key,
    Colon,
    /// `,` or the closing bracket.
    CommaOrEnd,
}

/// Validates `text` as JSON (or as the beginning of a JSON document) whose top level is an
/// object, and returns its top-level keys and whether the document is complete. `None`
/// for anything malformed or nested deeper than [`MAX_DEPTH`].
pub fn json_top_keys(text: &str) -> Option<(Vec<TopKey>, bool)> {
    let b = text.as_bytes();
    let mut i = 0usize;
    let mut stack: Vec<u8> = Vec::new(); // b'{' or b'['
    let mut expect = Expect::Value;
    let mut keys: Vec<TopKey> = Vec::new();
    let mut pending_key: Option<(String, usize)> = None;
    let mut done = false;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && matches!(b[*i], b' ' | b'\t' | b'\n' | b'\r') {
            *i += 1;
        }
    };
    loop {
        skip_ws(&mut i);
        if i >= b.len() {
            return Some((keys, done));
        }
        if done {
            return None; // content after the document
        }
        let c = b[i];
        match expect {
            Expect::Colon => {
                if c != b':' {
                    return None;
                }
                i += 1;
                expect = Expect::Value;
            }
            Expect::CommaOrEnd => {
                let top = *stack.last()?;
                match c {
                    b',' => {
                        i += 1;
                        expect = if top == b'{' {
                            Expect::Key
                        } else {
                            Expect::Value
                        };
                    }
                    b'}' if top == b'{' => {
                        i += 1;
                        stack.pop();
                        done = stack.is_empty();
                    }
                    b']' if top == b'[' => {
                        i += 1;
                        stack.pop();
                        done = stack.is_empty();
                    }
                    _ => return None,
                }
            }
            Expect::KeyOrEnd | Expect::Key => {
                if c == b'}' && expect == Expect::KeyOrEnd {
                    i += 1;
                    stack.pop();
                    done = stack.is_empty();
                    expect = Expect::CommaOrEnd;
                    continue;
                }
                if c != b'"' {
                    return None;
                }
                let at = i;
                let (s, end) = json_string(b, i)?;
                i = end;
                if stack.len() == 1 {
                    pending_key = s.map(|s| (s, at));
                }
                expect = Expect::Colon;
            }
            Expect::Value => {
                if stack.is_empty() && c != b'{' {
                    return None; // the top level must be an object
                }
                let top_value = stack.len() == 1;
                match c {
                    b'{' | b'[' => {
                        if stack.len() >= MAX_DEPTH {
                            return None;
                        }
                        stack.push(c);
                        i += 1;
                        expect = if c == b'{' {
                            Expect::KeyOrEnd
                        } else {
                            Expect::Value
                        };
                        if top_value {
                            if let Some((k, at)) = pending_key.take() {
                                keys.push((k, None, at));
                            }
                        }
                        // An empty array closes at once.
                        if c == b'[' {
                            skip_ws(&mut i);
                            if b.get(i) == Some(&b']') {
                                i += 1;
                                stack.pop();
                                expect = Expect::CommaOrEnd;
                            }
                        }
                        continue;
                    }
                    b'"' => {
                        let (s, end) = json_string(b, i)?;
                        i = end;
                        if top_value {
                            if let Some((k, at)) = pending_key.take() {
                                keys.push((k, s, at));
                            }
                        }
                    }
                    b't' | b'f' | b'n' => {
                        let word: &[u8] = match c {
                            b't' => b"true",
                            b'f' => b"false",
                            _ => b"null",
                        };
                        let have = &b[i..(i + word.len()).min(b.len())];
                        if !word.starts_with(have) {
                            return None;
                        }
                        i += have.len();
                        if have.len() < word.len() {
                            return Some((keys, false));
                        }
                        if top_value {
                            if let Some((k, at)) = pending_key.take() {
                                keys.push((k, None, at));
                            }
                        }
                    }
                    b'-' | b'0'..=b'9' => {
                        let start = i;
                        i += 1;
                        while i < b.len()
                            && matches!(b[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                        {
                            i += 1;
                        }
                        if i < b.len() && !valid_number(&text[start..i]) {
                            return None;
                        }
                        if top_value {
                            if let Some((k, at)) = pending_key.take() {
                                keys.push((k, None, at));
                            }
                        }
                    }
                    _ => return None,
                }
                expect = Expect::CommaOrEnd;
            }
        }
        if keys.len() > 10_000 {
            return None;
        }
    }
}

fn valid_number(n: &str) -> bool {
    let n = n.strip_prefix('-').unwrap_or(n);
    let (int, rest) = n.split_at(n.find(['.', 'e', 'E']).unwrap_or(n.len()));
    let int_ok = int == "0"
        || (!int.is_empty() && !int.starts_with('0')) && int.bytes().all(|c| c.is_ascii_digit());
    if !int_ok || !int.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let (frac, exp) = match rest.find(['e', 'E']) {
        Some(e) => (&rest[..e], Some(&rest[e + 1..])),
        None => (rest, None),
    };
    let frac_ok = frac.is_empty()
        || (frac.len() > 1
            && frac.starts_with('.')
            && frac[1..].bytes().all(|c| c.is_ascii_digit()));
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    frac_ok && exp_ok
}

/// A JSON string starting at `b[start] == b'"'`: its value (`None` when the input ends
/// inside it) and the offset after it. `None` for an invalid string.
fn json_string(b: &[u8], start: usize) -> Option<(Option<String>, usize)> {
    let mut i = start + 1;
    let mut out: Vec<u8> = Vec::new();
    while i < b.len() {
        match b[i] {
            b'"' => return Some((Some(String::from_utf8_lossy(&out).into_owned()), i + 1)),
            b'\\' => {
                let Some(&e) = b.get(i + 1) else {
                    return Some((None, b.len()));
                };
                match e {
                    b'"' | b'\\' | b'/' => out.push(e),
                    b'b' | b'f' | b'n' | b'r' | b't' => out.push(b' '),
                    b'u' => {
                        let hex = b.get(i + 2..(i + 6).min(b.len()))?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        if hex.len() < 4 {
                            return Some((None, b.len()));
                        }
                        out.push(b'?');
                        i += 4;
                    }
                    _ => return None,
                }
                i += 2;
            }
            c if c < 0x20 => return None,
            c => {
                out.push(c);
                i += 1;
            }
        }
        if out.len() > 64 * 1024 {
            // Values are compared with short markers: a long string only needs validating.
            out.truncate(256);
        }
    }
    Some((None, b.len()))
}

// ------------------------------------------------------------------------ tag-value

/// SPDX tag-value: every line outside a `<text>` block is `Tag: value` (or blank, or a
/// comment), and `SPDXVersion: SPDX-…` is one of them.
fn tag_value(text: &str, truncated: bool) -> Option<SbomDoc> {
    let mut at = None;
    let mut in_text = false;
    let mut offset = 0usize;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(raw) = lines.next() {
        let last = lines.peek().is_none();
        let line = raw.trim_end_matches(['\n', '\r']);
        let here = offset;
        offset += raw.len();
        if in_text {
            in_text = !line.contains("</text>");
            continue;
        }
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ok = t.split_once(':').is_some_and(|(tag, _)| {
            !tag.is_empty()
                && tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        if !ok {
            // The last line of a head read may be cut anywhere.
            if last && truncated {
                break;
            }
            return None;
        }
        if t.starts_with("SPDXVersion:") && t["SPDXVersion:".len()..].trim().starts_with("SPDX-") {
            at.get_or_insert(here);
        }
        in_text = t.contains("<text>") && !t.contains("</text>");
    }
    if in_text && !truncated {
        return None;
    }
    at.map(|at| SbomDoc {
        format: "spdx",
        at,
        head_only: truncated,
    })
}

// ----------------------------------------------------------------------------- YAML

fn yaml_doc(text: &str, truncated: bool) -> Option<SbomDoc> {
    if truncated {
        return None; // a YAML head proves nothing about the rest
    }
    let doc = yaml::parse(text).ok()?;
    let line_offset = |line: u32| {
        text.split_inclusive('\n')
            .take(line.saturating_sub(1) as usize)
            .map(str::len)
            .sum::<usize>()
    };
    if let Some((k, v)) = doc.entry("spdxVersion") {
        if v.as_str().is_some_and(|s| s.starts_with("SPDX-")) && doc.get("SPDXID").is_some() {
            return Some(SbomDoc {
                format: "spdx",
                at: line_offset(k.line),
                head_only: false,
            });
        }
    }
    if let Some((k, v)) = doc.entry("bomFormat") {
        if v.as_str() == Some("CycloneDX") && doc.get("specVersion").is_some() {
            return Some(SbomDoc {
                format: "cyclonedx",
                at: line_offset(k.line),
                head_only: false,
            });
        }
    }
    None
}

// ------------------------------------------------------------------------------ XML

/// A well-formed XML document (or beginning of one) whose root element is CycloneDX's
/// `bom` or SPDX's `rdf:RDF` in their namespaces: start and end tags balance, names match.
fn xml(text: &str, truncated: bool) -> Option<SbomDoc> {
    let mut stack: Vec<&str> = Vec::new();
    let mut root: Option<(&'static str, usize)> = None;
    let mut rest = text;
    let mut closed = false;
    loop {
        let Some(lt) = rest.find('<') else {
            if !rest.trim().is_empty() && (stack.is_empty()) {
                return None;
            }
            break;
        };
        if stack.is_empty() && !rest[..lt].trim().is_empty() {
            return None; // text outside the root
        }
        let at = text.len() - rest.len() + lt;
        let tail = &rest[lt..];
        let (end_marker, kind) = if tail.starts_with("<?") {
            ("?>", 0)
        } else if tail.starts_with("<!--") {
            ("-->", 0)
        } else if tail.starts_with("<![CDATA[") {
            ("]]>", 0)
        } else if tail.starts_with("<!") {
            (">", 0)
        } else {
            (">", 1)
        };
        let Some(e) = tail.find(end_marker) else {
            if truncated {
                break;
            }
            return None;
        };
        let inner = &tail[1..e];
        rest = &tail[e + end_marker.len()..];
        if kind == 0 {
            continue;
        }
        if closed {
            return None; // a second root
        }
        if let Some(name) = inner.strip_prefix('/') {
            if stack.pop() != Some(name.trim()) {
                return None;
            }
            closed = stack.is_empty();
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name = inner.split_whitespace().next()?;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        {
            return None;
        }
        if stack.is_empty() {
            root = Some((xml_root_format(name, inner)?, at));
        }
        if !self_closing {
            if stack.len() >= MAX_DEPTH {
                return None;
            }
            stack.push(name);
        } else if stack.is_empty() {
            closed = true;
        }
    }
    let complete = stack.is_empty() && closed;
    if !complete && !truncated {
        return None;
    }
    root.map(|(format, at)| SbomDoc {
        format,
        at,
        head_only: !complete,
    })
}

/// The format a root element says, from its name and namespace declarations.
fn xml_root_format(name: &str, tag: &str) -> Option<&'static str> {
    let ns = |attr: &str, prefix: &str| {
        tag.split(attr).skip(1).any(|after| {
            let v = after.trim_start().trim_start_matches('=').trim_start();
            v.trim_start_matches(['"', '\'']).starts_with(prefix)
        })
    };
    let local = name.rsplit(':').next().unwrap_or(name);
    if local == "bom" && ns("xmlns", "http://cyclonedx.org/schema/bom") {
        return Some("cyclonedx");
    }
    if name == "rdf:RDF" && ns("xmlns:spdx", "http://spdx.org/rdf/terms") {
        return Some("spdx");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(t: &str, truncated: bool) -> Option<(&'static str, bool)> {
        parse(t, truncated).map(|d| (d.format, d.head_only))
    }

    #[test]
    fn documents_parse_before_they_count() {
        let spdx = "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"SPDXID\": \"SPDXRef-DOCUMENT\",\n  \"packages\": [{\"name\": \"x\", \"n\": -1.5e3, \"ok\": true}]\n}\n";
        assert_eq!(fmt(spdx, false), Some(("spdx", false)));
        assert_eq!(parse(spdx, false).unwrap().at, 4);
        // The 21-byte non-JSON file of issue 23, a document that ends early, trailing junk.
        assert_eq!(fmt("{\"bomFormat\":CycloneDX", false), None);
        assert_eq!(
            fmt(
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"",
                false
            ),
            None
        );
        assert_eq!(
            fmt(
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"} x",
                false
            ),
            None
        );
        assert_eq!(
            fmt(
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"}",
                false
            ),
            Some(("cyclonedx", false))
        );
        // Only the head was read: a valid beginning counts, and says so.
        assert_eq!(
            fmt(
                "{\"bomFormat\": \"CycloneDX\", \"components\": [{\"na",
                true
            ),
            Some(("cyclonedx", true))
        );
        assert_eq!(
            fmt("{\"bomFormat\": \"CycloneDX\", \"x\": tru", true),
            Some(("cyclonedx", true))
        );
        assert_eq!(fmt("{\"bomFormat\": \"CycloneDX\", \"x\": [}", true), None);
        // A nested `spdxVersion` is not the document's.
        assert_eq!(
            fmt(
                "{\"a\": {\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"x\"}}",
                false
            ),
            None
        );
        assert_eq!(fmt(&format!("{{\"a\": {}", "[".repeat(10_000)), true), None);
    }

    #[test]
    fn tag_value_yaml_and_xml() {
        let tv = "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\nPackageLicenseComments: <text>free\ntext here</text>\n";
        assert_eq!(fmt(tv, false), Some(("spdx", false)));
        assert_eq!(fmt("# notes\nSPDXVersion is 2.2\n", false), None);
        assert_eq!(
            fmt("spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n", false),
            Some(("spdx", false))
        );
        assert_eq!(
            fmt("bomFormat: CycloneDX\nspecVersion: \"1.5\"\n", false),
            Some(("cyclonedx", false))
        );
        let cdx = "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><components><component type=\"library\"/></components></bom>\n";
        assert_eq!(fmt(cdx, false), Some(("cyclonedx", false)));
        assert_eq!(parse(cdx, false).unwrap().at, 22);
        assert_eq!(fmt(&cdx[..100], false), None);
        assert_eq!(fmt(&cdx[..100], true), Some(("cyclonedx", true)));
        assert_eq!(
            fmt(
                "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><a></b></bom>",
                false
            ),
            None
        );
        assert_eq!(
            fmt(
                "<rdf:RDF xmlns:spdx=\"http://spdx.org/rdf/terms#\"></rdf:RDF>",
                false
            ),
            Some(("spdx", false))
        );
        assert_eq!(
            fmt(
                "<html><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"/></html>",
                false
            ),
            None
        );
    }

    /// Issue 23: a file where an SBOM is expected that is not one (binary, as large as the
    /// snapshot reads, XML of another kind, JSON nested past the cap): no document, no
    /// panic, linear time.
    #[test]
    fn non_sboms_are_refused_within_bounds() {
        let cap = crate::evidence::files::MAX_CONTENT;
        let binary: Vec<u8> = (0..cap).map(|i| (i * 7 % 251) as u8).collect();
        let inputs = [
            ("binary", String::from_utf8_lossy(&binary).into_owned()),
            ("deep json", "[".repeat(cap)),
            ("deep xml", "<a>".repeat(cap / 3)),
            (
                "long array",
                format!("{{\"a\": [{}0]", "0,".repeat(cap / 2)),
            ),
            (
                "other xml",
                format!(
                    "<?xml version=\"1.0\"?><project>{}</project>",
                    "<dependency/>".repeat(cap / 13)
                ),
            ),
            ("byte order marks", "\u{feff}".repeat(cap / 3)),
        ];
        for (what, text) in &inputs {
            for truncated in [false, true] {
                let started = std::time::Instant::now();
                assert_eq!(parse(text, truncated), None, "{what}");
                let took = started.elapsed();
                assert!(took < std::time::Duration::from_secs(2), "{what}: {took:?}");
            }
        }
    }
}
