//! The catalogue's categories beyond static analysis and dependency scanning: image,
//! configuration, secret and license scanning, fuzzing, Scorecard, dependency review;
//! every tool use as a cited fact; and the scope of the dependency bots (Dependabot's
//! ecosystems and directories).

use super::*;
use crate::evidence::tools::catalogue::Category;
use crate::evidence::tools::{Recognised, dependabot};
use crate::model::{DependencyUpdateScope, ToolUse};

/// Most tool uses listed in `tools`.
pub(super) const MAX_TOOL_USES: usize = 200;

/// The facts of each further category: (fact name, category).
pub(super) const CATEGORY_FACTS: [(&str, Category); 8] = [
    ("image_scanning", Category::ImageScanning),
    ("config_scanning", Category::ConfigScanning),
    ("dependency_review", Category::DependencyReview),
    ("secret_scanning", Category::SecretScanning),
    ("fuzzing", Category::Fuzzing),
    ("scorecard", Category::Scorecard),
    ("license_scanning", Category::LicenseScanning),
    ("ci_hardening", Category::CiHardening),
];

/// The slot of a category's fact.
pub(super) fn slot(f: &mut CiChecksFacts, c: Category) -> Option<&mut Option<Vec<String>>> {
    Some(match c {
        Category::ImageScanning => &mut f.image_scanning,
        Category::ConfigScanning => &mut f.config_scanning,
        Category::DependencyReview => &mut f.dependency_review,
        Category::SecretScanning => &mut f.secret_scanning,
        Category::Fuzzing => &mut f.fuzzing,
        Category::Scorecard => &mut f.scorecard,
        Category::LicenseScanning => &mut f.license_scanning,
        Category::CiHardening => &mut f.ci_hardening,
        _ => return None,
    })
}

/// Sets the further categories' facts, every tool use and the bots' scope, with citations.
pub(super) fn tool_facts(
    ev: &Evidence,
    snap: &FileSnapshot,
    tools: &Recognised,
    ff: &FromFiles,
    f: &mut CiChecksFacts,
    cites: &mut Vec<Citation>,
    lines: &mut LineIndex<'_>,
) {
    for (fact, c) in CATEGORY_FACTS {
        let hits = ff
            .by_category
            .get(&c)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for h in hits.iter().take(24) {
            cites.extend(cite_hit(ev, lines, h, fact));
        }
        if let Some(s) = slot(f, c) {
            *s = Some(sorted_unique(
                hits.iter().map(|h| h.id.to_string()).collect(),
            ));
        }
    }
    let mut uses = Vec::new();
    for o in tools.occurrences.iter().filter(|o| {
        // Release steps are release-integrity's; reading releases is nobody's fact here.
        !matches!(
            o.category,
            Category::Sign
                | Category::Checksum
                | Category::Sbom
                | Category::Provenance
                | Category::Publish
                | Category::ReadsReleases
        )
    }) {
        if uses.len() >= MAX_TOOL_USES {
            break;
        }
        let label = format!("tools[{}]", o.id());
        let sup = ["tools", label.as_str()];
        if o.whole_file {
            cites.push(cite_whole_file(ev, &o.at.path, &sup));
        } else {
            cites.extend(lines.cite_with_caller(ev, &o.at, &o.via, &sup));
        }
        uses.push(ToolUse {
            tool: o.id().to_string(),
            category: o.category.as_str().to_string(),
            how: o.how.as_str().to_string(),
            runs: o.runs,
            path: o.at.path.clone(),
            line: (!o.whole_file).then_some(o.at.line),
            via: o
                .via
                .iter()
                .map(|l| format!("{}:{}", l.path, l.line))
                .collect(),
            workflow: o.root.clone(),
            triggers: o.triggers.clone(),
        });
    }
    f.tools = Some(uses);
    scope(ev, snap, tools, f, cites, lines);
}

/// Dependabot's ecosystems and directories (each cited at its `package-ecosystem` line)
/// and Renovate's presence (every manager it detects, by default).
fn scope(
    ev: &Evidence,
    snap: &FileSnapshot,
    tools: &Recognised,
    f: &mut CiChecksFacts,
    cites: &mut Vec<Citation>,
    lines: &mut LineIndex<'_>,
) {
    let mut scopes: Vec<DependencyUpdateScope> = Vec::new();
    let mut unparsed = false;
    for o in tools.runs(Category::DependencyUpdates) {
        if o.id() == "dependabot" && o.how == crate::evidence::tools::How::ConfigFile {
            let Some((_, content)) = snap.text(&o.at.path) else {
                unparsed = true;
                continue;
            };
            match dependabot::updates(&content.text) {
                Ok(list) => {
                    for u in list.into_iter().take(50) {
                        let label = format!("dependency_updates[{}]", u.ecosystem);
                        let at = Loc {
                            path: o.at.path.clone(),
                            line: u.line,
                        };
                        cites.push(lines.cite(
                            ev,
                            &at,
                            &[
                                "dependency_updates",
                                "dependency_updates_cover_code",
                                &label,
                                "dependency_update_tools",
                                "dependency_update_tools[dependabot]",
                            ],
                        ));
                        scopes.push(DependencyUpdateScope {
                            tool: "dependabot".into(),
                            path: o.at.path.clone(),
                            line: u.line,
                            code: u.is_code(),
                            ecosystem: Some(u.ecosystem),
                            directories: u.directories,
                            disabled: u.disabled,
                        });
                    }
                }
                Err(_) => unparsed = true,
            }
        } else if o.id() == "renovate" {
            // Renovate updates every package manager it detects unless configured not to.
            cites.push(cite_whole_file(
                ev,
                &o.at.path,
                &["dependency_updates", "dependency_updates_cover_code"],
            ));
            scopes.push(DependencyUpdateScope {
                tool: "renovate".into(),
                path: o.at.path.clone(),
                line: o.at.line,
                ecosystem: None,
                directories: Vec::new(),
                code: true,
                disabled: false,
            });
        }
    }
    f.dependency_updates_cover_code = if scopes.iter().any(|s| s.code && !s.disabled) {
        Some(true)
    } else if unparsed || scopes.is_empty() {
        None
    } else {
        Some(false)
    };
    if !scopes.is_empty() || !unparsed {
        f.dependency_updates = Some(scopes);
    }
}
