//! The languages a repository is written in, from the sizes of its source files in the
//! tree the scan listed (as GitHub's language bar does, by bytes), with the language of
//! each extension taken from a catalogue as data (`probes/catalogue/languages.yml`).
//! Vendored, generated, example and test-data files are not counted.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

use super::files::{EntryKind, FileSnapshot, is_vendored};

pub const SOURCE: &str = include_str!("../../probes/catalogue/languages.yml");

/// A language's share under which it is not listed (a few scripts beside the code).
pub const MIN_PERCENT: u64 = 5;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    #[serde(default)]
    extensions: Vec<String>,
    #[serde(default)]
    filenames: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    languages: Vec<Entry>,
}

/// Extension (lowercase) → language, and exact file name → language.
#[derive(Debug, Default)]
pub struct Catalogue {
    by_extension: HashMap<String, String>,
    by_name: HashMap<String, String>,
}

impl Catalogue {
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let f: File = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
        let mut c = Catalogue::default();
        for l in f.languages {
            for e in l.extensions {
                let e = e.to_ascii_lowercase();
                if let Some(other) = c.by_extension.insert(e.clone(), l.name.clone()) {
                    return Err(format!(".{e} is listed for {other} and {}", l.name));
                }
            }
            for n in l.filenames {
                c.by_name.insert(n, l.name.clone());
            }
        }
        Ok(c)
    }

    /// The language of a path (`None` for markup, data, build files and `.h`).
    pub fn language_of(&self, path: &str) -> Option<&str> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(l) = self.by_name.get(name) {
            return Some(l);
        }
        let (stem, ext) = name.rsplit_once('.')?;
        if stem.is_empty() {
            return None; // `.bashrc`: a dotfile, no extension
        }
        self.by_extension
            .get(&ext.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// The embedded catalogue. It is checked by a test, so a failure here is a build of
/// tssa-probe with a broken catalogue, not bad input.
#[allow(clippy::expect_used)]
pub fn catalogue() -> &'static Catalogue {
    static C: LazyLock<Catalogue> = LazyLock::new(|| {
        Catalogue::parse(SOURCE).expect("the embedded language catalogue is valid")
    });
    &C
}

/// Generated code, by name (protobuf and gRPC stubs, Kubernetes deep copies).
fn generated(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        ".pb.go",
        ".pb.gw.go",
        "_generated.go",
        ".gen.go",
        "_pb2.py",
        "_pb2_grpc.py",
        "_pb2.pyi",
        "_pb.js",
        "_pb.d.ts",
        "_grpc_pb.js",
        "_grpc_pb.d.ts",
        ".pb.cc",
        ".pb.h",
        ".pb.c",
        ".pb.rs",
        "_pb.ts",
        ".pb.ts",
    ]
    .iter()
    .any(|s| n.ends_with(s))
        || n.starts_with("zz_generated")
}

/// A minified or bundled script (`x.min.js`, `main.5123fcea.js`, `2.chunk.js`,
/// `app.bundle.js`): a build output, not the project's source.
fn bundled(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let Some(stem) = [".js", ".mjs", ".cjs"]
        .iter()
        .find_map(|e| n.strip_suffix(e))
    else {
        return false;
    };
    let last = stem.rsplit('.').next().unwrap_or(stem);
    stem.ends_with(".min")
        || stem.ends_with(".chunk")
        || stem.ends_with(".bundle")
        || stem.ends_with("-bundle")
        || (stem.contains('.')
            && last.len() >= 8
            && last.bytes().all(|b| b.is_ascii_hexdigit())
            && last.bytes().any(|b| b.is_ascii_digit()))
}

/// Directories of build output and generated code (`dist/`, `generated/`).
fn output_dir(seg: &str) -> bool {
    matches!(
        seg.to_ascii_lowercase().as_str(),
        "dist" | "generated" | "__generated__" | "zz_generated"
    )
}

/// Why a file is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Excluded {
    /// Marked `linguist-vendored`, `linguist-generated` or `linguist-documentation` in the
    /// root `.gitattributes`.
    Attributes,
    /// A minified or bundled script.
    Bundled,
    /// Generated code or a build-output directory (`dist/`).
    Generated,
    /// Vendored and third-party trees, test data, fixtures, examples, versioned copies.
    Vendored,
}

/// The rules of a `.gitattributes` file that take files out of GitHub's language count
/// (`linguist-vendored`, `linguist-generated`, `linguist-documentation`; `=false` or a `-`
/// prefix puts them back), in order: the last matching rule decides.
#[derive(Debug, Default)]
pub struct Attributes {
    rules: Vec<(regex::Regex, bool)>,
}

/// Most `.gitattributes` rules read.
const MAX_RULES: usize = 500;

impl Attributes {
    pub fn parse(text: &str) -> Attributes {
        let mut rules = Vec::new();
        for line in text.lines() {
            if rules.len() >= MAX_RULES {
                break;
            }
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next() else {
                continue;
            };
            let mut set = None;
            for w in words {
                let (neg, w) = w.strip_prefix('-').map_or((false, w), |w| (true, w));
                let (key, value) = w.split_once('=').unwrap_or((w, "true"));
                if matches!(
                    key,
                    "linguist-vendored" | "linguist-generated" | "linguist-documentation"
                ) {
                    set = Some(!neg && !value.eq_ignore_ascii_case("false"));
                }
            }
            if let (Some(on), Some(re)) = (set, glob(pattern)) {
                rules.push((re, on));
            }
        }
        Attributes { rules }
    }

    /// The path is out of the language count by these rules.
    pub fn excludes(&self, path: &str) -> bool {
        self.rules
            .iter()
            .rev()
            .find(|(re, _)| re.is_match(path))
            .is_some_and(|(_, on)| *on)
    }
}

/// A gitattributes pattern as an anchored regex: no `/` matches the name at any depth, a
/// trailing `/` (as Linguist's users write it) everything below the directory, `**` any
/// number of directories, `*` and `?` within one name.
fn glob(pattern: &str) -> Option<regex::Regex> {
    if pattern.len() > 256 || pattern.starts_with('!') {
        return None;
    }
    let p = pattern.strip_prefix('/').unwrap_or(pattern);
    let (p, dir) = p.strip_suffix('/').map_or((p, false), |p| (p, true));
    if p.is_empty() {
        return None;
    }
    let mut re = String::from(if pattern.trim_end_matches('/').contains('/') {
        "^"
    } else {
        "^(?:.*/)?"
    });
    let mut rest = p;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("**/") {
            re.push_str("(?:.*/)?");
            rest = r;
        } else if let Some(r) = rest.strip_prefix("**") {
            re.push_str(".*");
            rest = r;
        } else {
            match c {
                '*' => re.push_str("[^/]*"),
                '?' => re.push_str("[^/]"),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    re.push_str(if dir { "/.*$" } else { "(?:/.*)?$" });
    regex::Regex::new(&re).ok()
}

/// A directory named for a release or a commit of another project (`zstd-1.5.7`,
/// `snappy-fef67ac`): a vendored copy of it.
fn versioned_copy(dir: &str) -> bool {
    let Some((name, tail)) = dir.rsplit_once('-') else {
        return false;
    };
    let tail = tail.strip_prefix('v').unwrap_or(tail);
    let release = tail.contains('.')
        && tail
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let commit = (7..=40).contains(&tail.len())
        && tail.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && tail.bytes().any(|b| b.is_ascii_alphabetic());
    !name.is_empty() && (release || commit)
}

/// Why a file is not counted, if it is not: vendored and third-party trees, test data,
/// fixtures and examples (as everywhere in the scan: [`is_vendored`]), vendored copies
/// named for a release, generated code and build output, minified or bundled scripts, and
/// what `.gitattributes` marks for Linguist.
fn excluded(path: &str, attrs: &Attributes) -> Option<Excluded> {
    let lower = path.to_ascii_lowercase();
    if is_vendored(&lower) {
        return Some(Excluded::Vendored);
    }
    if attrs.excludes(path) {
        return Some(Excluded::Attributes);
    }
    let mut segs = path.split('/').peekable();
    while let Some(s) = segs.next() {
        if segs.peek().is_none() {
            if generated(s) {
                return Some(Excluded::Generated);
            }
            return bundled(s).then_some(Excluded::Bundled);
        }
        if versioned_copy(s) {
            return Some(Excluded::Vendored);
        }
        if output_dir(s) {
            return Some(Excluded::Generated);
        }
    }
    None
}

/// Files of a language left out for one reason: how many, their bytes, the largest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    pub why: Excluded,
    pub files: u64,
    pub bytes: u64,
    pub largest: String,
}

/// One language's share of the source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub name: String,
    pub bytes: u64,
    pub files: u64,
    /// Rounded to a whole percent of the counted bytes.
    pub percent: u64,
}

/// The census: every language with its share, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Census {
    pub languages: Vec<Share>,
    /// The tree listing was cut: only part of the files were counted.
    pub partial: bool,
    /// Source files of a catalogued language left out, by reason (in [`Excluded`] order).
    pub excluded: Vec<Left>,
    /// The root `.gitattributes` marks files for Linguist (vendored, generated).
    pub attributes: bool,
}

impl Census {
    /// The languages at or over [`MIN_PERCENT`] of the bytes.
    pub fn main(&self) -> impl Iterator<Item = &Share> {
        self.languages.iter().filter(|s| s.percent >= MIN_PERCENT)
    }
}

/// Counts the regular files of the listing by language.
pub fn census(files: &FileSnapshot) -> Census {
    census_with(catalogue(), files)
}

pub fn census_with(cat: &Catalogue, files: &FileSnapshot) -> Census {
    let mut by: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut headers = (0u64, 0u64);
    let attrs = files
        .text(".gitattributes")
        .map(|(_, c)| Attributes::parse(&c.text))
        .unwrap_or_default();
    let mut left: BTreeMap<Excluded, (u64, u64, u64, &str)> = BTreeMap::new();
    for (path, e) in &files.entries {
        if e.kind != EntryKind::File {
            continue;
        }
        if let Some(why) = excluded(path, &attrs) {
            if path.to_ascii_lowercase().ends_with(".h") || cat.language_of(path).is_some() {
                let v = left.entry(why).or_insert((0, 0, 0, ""));
                v.0 += 1;
                v.1 += e.size;
                if e.size >= v.2 {
                    v.2 = e.size;
                    v.3 = path;
                }
            }
            continue;
        }
        if path.to_ascii_lowercase().ends_with(".h") {
            headers.0 += e.size;
            headers.1 += 1;
            continue;
        }
        if let Some(l) = cat.language_of(path) {
            let v = by.entry(l).or_default();
            v.0 += e.size;
            v.1 += 1;
        }
    }
    if headers.1 > 0 {
        let lang = if by.contains_key("C++") { "C++" } else { "C" };
        let v = by.entry(lang).or_default();
        v.0 += headers.0;
        v.1 += headers.1;
    }
    let total: u64 = by.values().map(|v| v.0).sum();
    let mut languages: Vec<Share> = by
        .into_iter()
        .filter(|(_, (b, _))| *b > 0)
        .map(|(name, (bytes, files))| Share {
            name: name.to_string(),
            bytes,
            files,
            percent: (bytes.saturating_mul(100) + total / 2) / total.max(1),
        })
        .collect();
    languages.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    Census {
        languages,
        partial: files.listing_truncated,
        excluded: left
            .into_iter()
            .map(|(why, (files, bytes, _, largest))| Left {
                why,
                files,
                bytes,
                largest: largest.to_string(),
            })
            .collect(),
        attributes: !attrs.rules.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn snap(files: &[(&str, usize)]) -> FileSnapshot {
        let text: Vec<(String, String)> = files
            .iter()
            .map(|(p, n)| ((*p).to_string(), "x".repeat(*n)))
            .collect();
        let refs: Vec<(&str, &str)> = text.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
        FileSnapshot::from_texts("0", &refs)
    }

    #[test]
    fn the_embedded_catalogue_parses_and_has_no_extension_twice() {
        assert!(Catalogue::parse(SOURCE).is_ok());
        assert!(
            Catalogue::parse(
                "languages:\n  - {name: A, extensions: [x]}\n  - {name: B, extensions: [X]}\n"
            )
            .is_err()
        );
    }

    #[test]
    fn bytes_decide_the_order_and_small_shares_are_not_main() {
        let c = census(&snap(&[
            ("cmd/main.go", 9000),
            ("hack/build.sh", 600),
            ("web/app.ts", 300),
            ("docs/README.md", 50_000),
            ("Makefile", 4000),
        ]));
        let names: Vec<&str> = c.languages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Go", "Shell", "TypeScript"]);
        let main: Vec<&str> = c.main().map(|s| s.name.as_str()).collect();
        assert_eq!(main, ["Go", "Shell"]);
        assert_eq!(c.languages[0].percent, 91);
    }

    #[test]
    fn vendored_generated_and_test_data_files_do_not_count() {
        let c = census(&snap(&[
            ("main.py", 100),
            ("vendor/github.com/x/y.go", 1_000_000),
            ("web/node_modules/a/index.js", 1_000_000),
            ("api/v1/types.pb.go", 1_000_000),
            ("api/v1/zz_generated.deepcopy.go", 1_000_000),
            ("pkg/testdata/sample.rb", 1_000_000),
            ("lib/zstd-1.5.7/lib/zstd.c", 1_000_000),
            ("lib/snappy-fef67ac/snappy.cc", 1_000_000),
            ("lib/luajit-7152e154/src/lj.c", 1_000_000),
        ]));
        let names: Vec<&str> = c.languages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Python"]);
    }

    #[test]
    fn bundles_build_output_and_generated_stubs_do_not_count_and_are_reported() {
        let c = census(&snap(&[
            ("pkg/main.go", 1000),
            ("pkg/ui/static/js/main.5123fcea.js", 1_000_000),
            ("web/app.min.js", 1_000_000),
            ("web/2.chunk.js", 1_000_000),
            (".github/actions/notes/dist/index.js", 1_000_000),
            ("api/v1/service_pb.js", 1_000_000),
            ("src/generated/validator.js", 1_000_000),
            ("web/src/app.js", 500),
        ]));
        let names: Vec<&str> = c.languages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Go", "JavaScript"]);
        let why: Vec<(Excluded, u64)> = c.excluded.iter().map(|l| (l.why, l.files)).collect();
        assert_eq!(why, [(Excluded::Bundled, 3), (Excluded::Generated, 3)]);
        // A dotted name with a short or non-hex part is source.
        assert!(!bundled("jquery.flot.js") && !bundled("app.config.js"));
        assert!(bundled("main.5123fcea.js") && bundled("vendor.bundle.js"));
    }

    #[test]
    fn gitattributes_linguist_marks_take_files_out_and_false_puts_them_back() {
        let attrs = "# Linguist\ninternal/cortex/ linguist-vendored\n*.gen.ts linguist-generated=true\nweb/lib/** linguist-vendored\nweb/lib/ours/** -linguist-vendored\n*.js text eol=lf\n";
        let c = census(&snap(&[
            (".gitattributes", attrs.len()),
            ("cmd/main.go", 1000),
            ("internal/cortex/querier/a.go", 1_000_000),
            ("ui/src/types.gen.ts", 1_000_000),
            ("web/lib/jquery.js", 1_000_000),
            ("web/lib/ours/app.js", 1000),
        ]));
        // `snap` writes x's: parse the real text for the rules.
        let a = Attributes::parse(attrs);
        assert!(a.excludes("internal/cortex/querier/a.go"));
        assert!(a.excludes("ui/src/types.gen.ts"));
        assert!(a.excludes("web/lib/jquery.js"));
        assert!(!a.excludes("web/lib/ours/app.js"));
        assert!(!a.excludes("cmd/main.go"));
        assert!(!a.excludes("src/x.js"));
        // Without the rules (the snapshot's `.gitattributes` is x's) everything counts.
        assert!(c.languages.iter().any(|s| s.name == "TypeScript"));
        let files: Vec<(String, String)> = [
            (".gitattributes", attrs.to_string()),
            ("cmd/main.go", "x".repeat(1000)),
            ("internal/cortex/querier/a.go", "x".repeat(100_000)),
            ("ui/src/types.gen.ts", "x".repeat(100_000)),
        ]
        .iter()
        .map(|(p, t)| ((*p).to_string(), t.clone()))
        .collect();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let c = census(&FileSnapshot::from_texts("0", &refs));
        let names: Vec<&str> = c.languages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Go"]);
        assert_eq!(c.languages[0].files, 1);
        assert_eq!(c.excluded[0].why, Excluded::Attributes);
        assert_eq!(c.excluded[0].files, 2);
        assert!(c.attributes);
    }

    proptest::proptest! {
        #[test]
        fn gitattributes_never_panics(text in "(?s).{0,400}", path in "[a-z/.*]{0,40}") {
            let a = Attributes::parse(&text);
            let _ = a.excludes(&path);
        }
    }

    #[test]
    fn only_release_or_commit_suffixes_mark_a_vendored_copy() {
        for d in [
            "zstd-1.5.7",
            "nghttp2-1.65.0",
            "jansson-e23f558",
            "WAMR-v2.4.1",
        ] {
            assert!(versioned_copy(d), "{d}");
        }
        for d in [
            "go-1",
            "k8s-1",
            "c-ares",
            "api-v1",
            "feature-cafe",
            "-1.2",
            "luajit-cmake",
        ] {
            assert!(!versioned_copy(d), "{d}");
        }
    }

    #[test]
    fn headers_go_to_cpp_only_beside_cpp_sources() {
        let c = census(&snap(&[("src/a.c", 100), ("src/a.h", 100)]));
        assert_eq!(c.languages[0].name, "C");
        assert_eq!(c.languages[0].files, 2);
        let c = census(&snap(&[("src/a.cpp", 100), ("src/a.h", 100)]));
        assert_eq!(c.languages.len(), 1);
        assert_eq!(c.languages[0].name, "C++");
    }

    #[test]
    fn dotfiles_and_names_without_a_known_extension_are_no_language() {
        let c = census(&snap(&[
            (".bashrc", 100),
            ("LICENSE", 100),
            ("a.yaml", 100),
        ]));
        assert!(c.languages.is_empty());
        let c = census(&snap(&[("BUILD.bazel", 100)]));
        assert_eq!(c.languages[0].name, "Starlark");
    }
}
