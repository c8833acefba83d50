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

/// Generated or minified files, by name.
fn generated(name: &str) -> bool {
    name.ends_with(".pb.go")
        || name.ends_with(".pb.gw.go")
        || name.starts_with("zz_generated")
        || name.ends_with("_generated.go")
        || name.ends_with(".gen.go")
        || name.ends_with(".min.js")
        || name.ends_with("_pb2.py")
        || name.ends_with("_pb2_grpc.py")
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

/// Vendored and third-party trees, test data, fixtures and examples (as everywhere in the
/// scan: [`is_vendored`]), vendored copies named for a release, and generated files.
fn counted(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if is_vendored(&lower) {
        return false;
    }
    let mut segs = path.split('/').peekable();
    while let Some(s) = segs.next() {
        if segs.peek().is_none() {
            return !generated(s);
        }
        if versioned_copy(s) {
            return false;
        }
    }
    true
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
    for (path, e) in &files.entries {
        if e.kind != EntryKind::File || !counted(path) {
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
