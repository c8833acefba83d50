//! The OSPS Baseline releases tssa-probe evaluates: each one's catalog (control ids and
//! levels, in catalog order) read from its released checklist, vendored verbatim from
//! ossf/security-baseline (`catalogs/README.md` names the commit).

/// The releases whose catalogs are vendored, oldest first: (version, checklist).
pub const VERSIONS: &[(&str, &str)] = &[
    (
        "v2025.10.10",
        include_str!("catalogs/v2025.10.10-checklist.md"),
    ),
    (
        "v2026.02.19",
        include_str!("catalogs/v2026.02.19-checklist.md"),
    ),
];

/// The newest release vendored.
pub const DEFAULT_VERSION: &str = "v2026.02.19";

/// One release's controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub version: &'static str,
    /// (control id, level), in catalog order.
    pub controls: Vec<(String, u8)>,
}

/// The catalog of `version` (`v2026.02.19`, or without the `v`), parsed from its
/// checklist: `## Level N` headings, `**OSPS-XX-NN.NN**` items.
pub fn catalog(version: &str) -> Option<Catalog> {
    let want = version.trim();
    let want = want.strip_prefix('v').unwrap_or(want);
    let (v, text) = VERSIONS
        .iter()
        .find(|(v, _)| v.trim_start_matches('v') == want)?;
    let mut level = 0u8;
    let mut controls = Vec::new();
    for line in text.lines() {
        if let Some(l) = line.strip_prefix("## Level ") {
            level = l.trim().parse().unwrap_or(0);
            continue;
        }
        let Some(rest) = line.split("**").nth(1) else {
            continue;
        };
        if rest.starts_with("OSPS-") && (1..=3).contains(&level) {
            controls.push((rest.to_string(), level));
        }
    }
    Some(Catalog {
        version: v,
        controls,
    })
}

/// The versions accepted, for messages: `v2025.10.10, v2026.02.19`.
pub fn accepted_versions() -> String {
    VERSIONS
        .iter()
        .map(|(v, _)| *v)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendored_release_parses_with_its_levels() {
        let c = catalog("v2026.02.19").unwrap_or_else(|| panic!("vendored"));
        let n = |l: u8| c.controls.iter().filter(|(_, x)| *x == l).count();
        assert_eq!((n(1), n(2), n(3)), (24, 19, 21));
        let old = catalog("2025.10.10").unwrap_or_else(|| panic!("vendored"));
        assert!(
            old.controls
                .iter()
                .any(|(id, l)| id == "OSPS-BR-01.02" && *l == 1)
        );
        assert!(!old.controls.iter().any(|(id, _)| id == "OSPS-DO-07.01"));
        assert!(catalog("v2026.08.28").is_none());
        assert_eq!(
            catalog(DEFAULT_VERSION).map(|c| c.version),
            Some(DEFAULT_VERSION)
        );
    }
}
