//! Where a step stands, worded once for every sentence that names it: the file of the
//! step, the lines it has there, then the chain of files that run it, innermost first
//! ("in `scripts/publish.sh` (lines 34 and 53), run by `reusable_publish.yaml`, called
//! from `release.yaml`"). Line numbers always follow the file they are in.

use super::text::{Text, code};

/// A workflow by its file name (`release.yml`); any other file by its path.
pub fn short_ci_path(path: &str) -> &str {
    match path.strip_prefix(".github/workflows/") {
        Some(rest) if !rest.contains('/') => rest,
        _ => path,
    }
}

/// A GitHub Actions workflow or a local action: what another workflow calls (`uses:`)
/// rather than runs.
fn is_called(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.starts_with(".github/workflows/") || matches!(base, "action.yml" | "action.yaml")
}

/// The path of a `path:line` chain entry (the form of the `via` facts).
pub fn via_path(entry: &str) -> &str {
    match entry.rsplit_once(':') {
        Some((p, l)) if !p.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => p,
        _ => entry,
    }
}

/// "lines 34 and 53", "lines 3, 7, 9 and 2 more": the lines of one file (at most three
/// shown, four when a fourth would be the only one left), in the order given.
pub fn line_list(lines: &[u32]) -> String {
    let show = if lines.len() <= 4 { lines.len() } else { 3 };
    let mut shown: Vec<String> = lines.iter().take(show).map(u32::to_string).collect();
    let rest = lines.len() - show;
    if rest > 0 {
        shown.push(format!("{} more", super::text::group_digits(rest as u64)));
    }
    let body = match shown.split_last() {
        Some((last, first)) if !first.is_empty() => format!("{} and {last}", first.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    };
    match lines.len() {
        0 => String::new(),
        1 => format!("line {body}"),
        _ => format!("lines {body}"),
    }
}

/// Where a step stands: `path` (with its `lines` there when it has more than one), then
/// each file of the chain that runs it, innermost first. `via` is the chain as the model
/// records it, outermost first (the workflow step first; each entry a path, or
/// `path:line`); `root` is the workflow or CI file the chain starts from, named last when
/// `via` does not already end there. A workflow or action reached by another is "called
/// from" it; anything else (a script, a Makefile, a configuration) is "run by" its caller.
///
/// ```
/// use tssa_probe::model::place::where_step;
/// let via = [".github/workflows/release.yaml:12", ".github/workflows/reusable_publish.yaml:40"];
/// let t = where_step("scripts/publish.sh", &[34, 53], &via, ".github/workflows/release.yaml");
/// assert_eq!(
///     t.plain(),
///     "in scripts/publish.sh (lines 34 and 53), run by reusable_publish.yaml, called from release.yaml"
/// );
/// ```
pub fn where_step<S: AsRef<str>>(path: &str, lines: &[u32], via: &[S], root: &str) -> Text {
    let mut chain: Vec<&str> = vec![path];
    let callers = via
        .iter()
        .rev()
        .map(|v| via_path(v.as_ref()))
        .chain((!root.is_empty()).then_some(root));
    for p in callers {
        if !chain.contains(&p) {
            chain.push(p);
        }
    }
    let mut t = crate::text!["in ", code(short_ci_path(path))];
    if lines.len() > 1 {
        t.push(format!(" ({})", line_list(lines)));
    }
    for w in chain.windows(2) {
        t.push(if is_called(w[0]) {
            ", called from "
        } else {
            ", run by "
        });
        t.push(code(short_ci_path(w[1])));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const WF: &str = ".github/workflows/release.yml";

    #[test]
    fn a_step_in_the_workflow_itself() {
        let none: [&str; 0] = [];
        assert_eq!(where_step(WF, &[12], &none, WF).plain(), "in release.yml");
        assert_eq!(
            where_step(WF, &[12, 30], &none, WF).plain(),
            "in release.yml (lines 12 and 30)"
        );
    }

    #[test]
    fn lines_belong_to_the_file_they_are_in() {
        let t = where_step("hack/release.sh", &[3, 4], &[format!("{WF}:7")], WF);
        assert_eq!(
            t.plain(),
            "in hack/release.sh (lines 3 and 4), run by release.yml"
        );
    }

    #[test]
    fn the_whole_chain_innermost_first() {
        let via = [
            ".github/workflows/release.yaml:12",
            ".github/workflows/reusable_publish.yaml:40",
            "Makefile:9",
        ];
        let t = where_step(
            "scripts/publish.sh",
            &[34],
            &via,
            ".github/workflows/release.yaml",
        );
        assert_eq!(
            t.plain(),
            "in scripts/publish.sh, run by Makefile, run by reusable_publish.yaml, called from release.yaml"
        );
        // A local action is called too.
        let t = where_step(
            ".github/actions/attest/action.yml",
            &[4],
            &[format!("{WF}:8")],
            WF,
        );
        assert_eq!(
            t.plain(),
            "in .github/actions/attest/action.yml, called from release.yml"
        );
    }

    #[test]
    fn root_named_when_the_chain_does_not_reach_it_and_never_twice() {
        let none: [&str; 0] = [];
        assert_eq!(
            where_step(".goreleaser.yml", &[1], &none, WF).plain(),
            "in .goreleaser.yml, run by release.yml"
        );
        // A loop in the chain (a script that runs itself through another) names each once.
        let via = [
            format!("{WF}:3"),
            "a.sh:1".into(),
            "b.sh:2".into(),
            "a.sh:5".into(),
        ];
        assert_eq!(
            where_step("b.sh", &[9], &via, WF).plain(),
            "in b.sh, run by a.sh, run by release.yml"
        );
    }

    #[test]
    fn line_lists() {
        assert_eq!(line_list(&[5]), "line 5");
        assert_eq!(line_list(&[5, 6]), "lines 5 and 6");
        assert_eq!(
            line_list(&[1, 2, 3, 4]),
            "lines 1, 2, 3 and 4",
            "never \"and 1 more\""
        );
        assert_eq!(line_list(&[1, 2, 3, 4, 5]), "lines 1, 2, 3 and 2 more");
        assert_eq!(via_path("a/b.sh:12"), "a/b.sh");
        assert_eq!(via_path("c:\\x"), "c:\\x");
    }
}
