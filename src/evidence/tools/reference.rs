//! `tssa-probe tools`: the catalogue for people (the README's tool list, generated) and
//! for programs (JSON).

use super::catalogue::{Category, ConfigPath, Destination, SwitchKind, Tool, catalogue};

fn code(s: &str) -> String {
    format!("`{}`", s.replace('|', "\\|").replace('`', "'"))
}

fn switch_kind(k: SwitchKind) -> &'static str {
    match k {
        SwitchKind::GolangciLinter => "a linter of golangci-lint's configuration",
        SwitchKind::PreCommitHook => "a pre-commit hook",
        SwitchKind::RuffRule => "a rule selected in ruff's configuration",
    }
}

fn config_path(p: &ConfigPath) -> String {
    match p {
        ConfigPath::Exact(x) | ConfigPath::Below(x) => x.clone(),
        ConfigPath::Named(x) => format!("**/{x}"),
    }
}

/// How a tool is recognised, for the categories `cat` (its patterns of that category;
/// configuration, switches and sources under the tool's own category).
fn ways(t: &Tool, cat: Category) -> Vec<String> {
    let mut out = Vec::new();
    let actions: Vec<String> = t
        .actions
        .iter()
        .filter(|a| a.category == cat)
        .map(|a| {
            let star = if a.prefix { "*" } else { "" };
            code(&format!("{}{star}", a.uses))
        })
        .collect();
    if !actions.is_empty() {
        out.push(format!("actions {}", dedup(actions).join(", ")));
    }
    let programs: Vec<String> = t
        .programs
        .iter()
        .filter(|p| p.category == cat)
        .map(|p| {
            let mut run = p.program.clone();
            for w in &p.words {
                run.push(' ');
                run.push_str(w);
            }
            match &p.args {
                Some(a) => format!(
                    "{} with arguments matching {}",
                    code(&run),
                    code(a.as_str())
                ),
                None => code(&run),
            }
        })
        .collect();
    if !programs.is_empty() {
        out.push(format!("programs {}", dedup(programs).join(", ")));
    }
    if t.category != cat {
        return out;
    }
    if !t.ci_templates.is_empty() {
        out.push("a CI template".to_string());
    }
    let (service, config): (Vec<_>, Vec<_>) = t.config_files.iter().partition(|c| c.service);
    if !service.is_empty() {
        let p: Vec<String> = service
            .iter()
            .map(|c| code(&config_path(&c.path)))
            .collect();
        out.push(format!(
            "its configuration {} (a hosted service acts on it)",
            p.join(", ")
        ));
    }
    if !config.is_empty() {
        let p: Vec<String> = config.iter().map(|c| code(&config_path(&c.path))).collect();
        out.push(format!(
            "configured by {} (not a run by itself)",
            p.join(", ")
        ));
    }
    for s in &t.switches {
        let names: Vec<String> = s.names.iter().map(|n| code(n)).collect();
        out.push(format!(
            "{} as {} (run when CI runs {})",
            names.join("/"),
            switch_kind(s.kind),
            s.host
        ));
    }
    for s in &t.sources {
        out.push(format!(
            "sources ({} files under a path with {}): present, not a run",
            s.extensions.join(", "),
            code(&s.path_contains)
        ));
    }
    out
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// The README's tool list (Markdown), one table per category.
pub fn markdown_reference() -> String {
    let cat = catalogue();
    let mut out = String::new();
    for c in Category::ALL {
        let tools: Vec<&Tool> = cat
            .tools
            .iter()
            .filter(|t| t.categories().contains(&c))
            .collect();
        if tools.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n**{}** (`{}`)\n\n| Tool | Recognised by |\n|---|---|\n",
            c.title(),
            c.as_str()
        ));
        for t in tools {
            out.push_str(&format!(
                "| [{}]({}) | {} |\n",
                t.name.replace('|', "\\|").replace(['[', ']'], ""),
                t.url,
                ways(t, c).join("; ")
            ));
        }
    }
    out
}

/// `tssa-probe tools`: the catalogue as text, or as JSON.
pub fn list(json: bool) -> String {
    let cat = catalogue();
    if json {
        let v: Vec<serde_json::Value> = cat
            .tools
            .iter()
            .map(|t| {
                serde_json::json!({
                    "id": t.id,
                    "name": t.name,
                    "category": t.category.as_str(),
                    "categories": t.categories().iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                    "url": t.url,
                    "actions": t.actions.iter().map(|a| serde_json::json!({
                        "uses": if a.prefix { format!("{}*", a.uses) } else { a.uses.clone() },
                        "category": a.category.as_str(),
                        "covers": a.covers.map(|c| c.as_str()),
                        "publishes_to": a.publishes_to.as_ref().map(destination),
                    })).collect::<Vec<_>>(),
                    "programs": t.programs.iter().map(|p| serde_json::json!({
                        "program": p.program,
                        "words": p.words,
                        "args": p.args.as_ref().map(|r| r.as_str()),
                        "unless": p.unless.as_ref().map(|r| r.as_str()),
                        "category": p.category.as_str(),
                        "covers": p.covers.map(|c| c.as_str()),
                        "publishes_to": p.publishes_to.as_ref().map(destination),
                    })).collect::<Vec<_>>(),
                    "config_files": t.config_files.iter().map(|c| serde_json::json!({
                        "path": config_path(&c.path),
                        "service": c.service,
                    })).collect::<Vec<_>>(),
                    "switches": t.switches.iter().map(|s| serde_json::json!({
                        "in": s.host,
                        "kind": switch_kind(s.kind),
                        "names": s.names,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let mut out = String::new();
    for c in Category::ALL {
        let ids: Vec<&str> = cat
            .tools
            .iter()
            .filter(|t| t.categories().contains(&c))
            .map(|t| t.id.as_str())
            .collect();
        if !ids.is_empty() {
            out.push_str(&format!("{}: {}\n", c.as_str(), ids.join(", ")));
        }
    }
    out
}

fn destination(d: &Destination) -> String {
    match d {
        Destination::Fixed(s) => s.clone(),
        Destination::ImageInput(i) => format!("image:{i}"),
        Destination::ImageArgs => "image:args".into(),
    }
}
