//! Shared by the fuzz targets: the input cut into files, and the judgement invariants.
#![allow(dead_code)]

use tssa_probe::model::ProbeId;
use tssa_probe::probes::fuzzing;

/// The input as text (lossy, as the snapshot decodes files), cut at NUL bytes into the
/// contents of `paths`, in order; missing parts are absent files.
pub fn files<'p>(data: &[u8], paths: &[&'p str]) -> Vec<(&'p str, String)> {
    let text = String::from_utf8_lossy(data);
    text.split('\0')
        .zip(paths.iter())
        .map(|(c, p)| (*p, c.to_string()))
        .collect()
}

pub fn borrowed<'a>(files: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    files.iter().map(|(p, c)| (*p, c.as_str())).collect()
}

/// Judges the files with `id`; panics on a broken invariant, and when judging the same
/// files twice gives different answers.
pub fn judge_ok(id: ProbeId, files: &[(&str, &str)]) {
    let Some(j) = fuzzing::judge(id, files) else {
        return;
    };
    let v = fuzzing::violations(files, &j);
    assert!(v.is_empty(), "{id:?}: {v:#?}\n{j:#?}");
    let again = fuzzing::judge(id, files).map(|j| format!("{j:?}"));
    assert_eq!(again, Some(format!("{j:?}")), "{id:?} is not deterministic");
}
