//! Licence detection: which SPDX licence a LICENSE text is, and how sure the match is.
//!
//! The matcher is askalono's (n-gram Dice similarity against every text of the SPDX
//! licence list), as the `spdx` crate carries it with the list inlined: nothing is read
//! from the network or the disk at run time. The score is reported as it is: a text that
//! matches below [`CONFIDENT`] is a low-confidence guess ([`Detection::confident`] false),
//! never rounded up to an identification.

use std::sync::OnceLock;

use spdx::detection::{Store, TextData};

/// Score from which a match identifies the licence (askalono's own CLI uses 0.8 to report
/// and 0.9 as "confident"; tssa-probe states a licence only from 0.9).
pub const CONFIDENT: f32 = 0.9;
/// Below this score the closest licence is not even named.
pub const NAMED: f32 = 0.5;
/// Bytes of a licence file examined (the longest common licence, GPL-3.0, is 35 KiB).
pub const MAX_LICENSE_BYTES: usize = 128 * 1024;

/// What a licence text matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The closest SPDX licence identifier (`Apache-2.0`).
    pub id: String,
    /// Similarity between 0 and 1.
    pub score: f32,
    /// `score >= CONFIDENT`.
    pub confident: bool,
    /// The SPDX list marks it OSI approved.
    pub osi_approved: bool,
    /// The SPDX list marks it FSF free/libre.
    pub fsf_libre: bool,
    /// The text matched the licence's standard header rather than its full text.
    pub header_only: bool,
}

fn store() -> Option<&'static Store> {
    static STORE: OnceLock<Option<Store>> = OnceLock::new();
    STORE.get_or_init(|| Store::load_inline().ok()).as_ref()
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The licence `text` is closest to, or `None` when nothing comes near ([`NAMED`]) or the
/// text has no words. Deterministic; looks at the first [`MAX_LICENSE_BYTES`] only.
pub fn detect(text: &str) -> Option<Detection> {
    let text = prefix(text, MAX_LICENSE_BYTES);
    if !text.chars().any(char::is_alphanumeric) {
        return None;
    }
    let store = store()?;
    let data = TextData::new(text);
    let m = store.analyze(&data);
    if !m.score.is_finite() || m.score < NAMED {
        return None;
    }
    let id = current_id(m.name);
    let lic = spdx::license_id(&id);
    Some(Detection {
        score: m.score,
        confident: m.score >= CONFIDENT,
        osi_approved: lic.is_some_and(|l| l.is_osi_approved()),
        fsf_libre: lic.is_some_and(|l| l.is_fsf_free_libre()),
        header_only: matches!(m.license_type, spdx::detection::LicenseType::Header),
        id,
    })
}

/// The current SPDX identifier of a deprecated one the list still matches: the GNU
/// licences' bare (`GPL-2.0`), `+` and `-or-later` forms become `-only`, since the licence text alone
/// grants that version (an "or any later version" grant is in a notice, not in the text).
fn current_id(name: &str) -> String {
    let Some(l) = spdx::license_id(name) else {
        return name.to_string();
    };
    // `-or-later` and `-only` share one text: which the matcher names among equal scores
    // is not stable, so the text's own grant (`-only`) is named.
    let or_later = name.strip_suffix("-or-later");
    if !l.is_deprecated() && or_later.is_none() {
        return name.to_string();
    }
    let base = or_later.unwrap_or(name).trim_end_matches('+');
    match spdx::license_id(&format!("{base}-only")) {
        Some(only) if !only.is_deprecated() => only.name.to_string(),
        _ => name.to_string(),
    }
}

/// Whether a root path names a licence file: `LICENSE`, `LICENCE`, `COPYING`, `UNLICENSE`,
/// with or without an extension or a suffix (`LICENSE-MIT`, `LICENSE.txt`, `COPYING.LESSER`).
pub fn is_license_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["license", "licence", "copying", "unlicense"]
        .iter()
        .any(|p| lower.starts_with(p))
        && !lower.ends_with(".go")
        && !lower.ends_with(".rs")
        && !lower.ends_with(".py")
        && !lower.ends_with(".js")
        && !lower.ends_with(".ts")
        && !lower.ends_with(".java")
}
