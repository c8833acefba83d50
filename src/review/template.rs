//! The self-assessment template as data (`probes/review/template.yml`): its sections with
//! their real spellings, its guidance sentences and placeholders.

use std::sync::OnceLock;

use serde::Deserialize;

/// The template's YAML, compiled in.
pub const SOURCE: &str = include_str!("../../probes/review/template.yml");

/// One section of the template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub id: String,
    pub title: String,
    pub level: u8,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

/// The template: sections in order, guidance sentences, placeholders.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub sections: Vec<SectionDef>,
    pub instructions: Vec<String>,
    pub placeholders: Vec<String>,
}

impl Template {
    /// Parses and checks the template: unique ids, parents defined before their children.
    pub fn parse(text: &str) -> Result<Template, String> {
        let t: Template = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
        let mut seen: Vec<&str> = Vec::new();
        for s in &t.sections {
            if seen.contains(&s.id.as_str()) {
                return Err(format!("section {} is defined twice", s.id));
            }
            if let Some(p) = &s.parent
                && !seen.contains(&p.as_str())
            {
                return Err(format!(
                    "section {}: parent {p} is not defined before",
                    s.id
                ));
            }
            if !(1..=6).contains(&s.level) {
                return Err(format!("section {}: level must be 1-6", s.id));
            }
            seen.push(&s.id);
        }
        Ok(t)
    }

    pub fn get(&self, id: &str) -> Option<&SectionDef> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The title of a section id (the id itself when unknown).
    pub fn title_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map(|s| s.title.as_str()).unwrap_or(id)
    }

    /// The section a heading's text names: the longest title or alias that the normalized
    /// text equals or starts with (followed by a word boundary).
    pub fn match_heading(&self, text: &str) -> Option<&SectionDef> {
        let n = normalize(text);
        if n.is_empty() {
            return None;
        }
        let mut best: Option<(&SectionDef, usize)> = None;
        for s in &self.sections {
            for name in std::iter::once(&s.title).chain(&s.aliases) {
                let name = normalize(name);
                let hit = n == name
                    || (n.starts_with(&name)
                        && n[name.len()..].starts_with([' ', '(', '-', '/', ',']));
                if hit && best.is_none_or(|(_, l)| name.len() > l) {
                    best = Some((s, name.len()));
                }
            }
        }
        best.map(|(s, _)| s)
    }
}

/// The compiled-in template (checked by a test; an invalid file is a build defect).
pub fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        Template::parse(SOURCE).unwrap_or(Template {
            sections: Vec::new(),
            instructions: Vec::new(),
            placeholders: Vec::new(),
        })
    })
}

/// Heading text as compared: lower case, Markdown emphasis, links and HTML tags dropped,
/// leading numbering (`1.`, `2.3`, `a)`) and a trailing colon or period removed, `&` as
/// `and`, `-` between words as a space, spaces collapsed.
pub fn normalize(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            // `[text](url)`: keep the text, drop the destination.
            ']' if chars.peek() == Some(&'(') => {
                let mut depth = 0usize;
                for d in chars.by_ref() {
                    match d {
                        '(' => depth += 1,
                        ')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            '*' | '_' | '`' | '[' | ']' | '#' | '"' | '\u{201c}' | '\u{201d}' => {}
            '&' => s.push_str(" and "),
            '-' | '\u{2013}' | '\u{2014}' => s.push(' '),
            '\u{2019}' => s.push('\''),
            c => s.extend(c.to_lowercase()),
        }
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut start = 0;
    // Leading numbering: `1.`, `1.2`, `2)`, `a.`, `iv.`.
    if let Some(first) = words.first() {
        let t = first.trim_end_matches(['.', ')', ':']);
        let numbered = !t.is_empty()
            && t.len() < first.len()
            && (t.chars().all(|c| c.is_ascii_digit() || c == '.')
                || (t.len() <= 3 && t.chars().all(|c| c.is_ascii_lowercase())));
        let bare_number = t.chars().all(|c| c.is_ascii_digit() || c == '.') && !t.is_empty();
        if numbered || bare_number {
            start = 1;
        }
    }
    let mut out = words[start.min(words.len())..].join(" ");
    while out.ends_with([':', '.', ' ']) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_and_is_ordered() {
        let t = Template::parse(SOURCE).unwrap();
        assert!(t.sections.len() > 20);
        assert!(t.get("secure_development").unwrap().required);
        assert!(!t.instructions.is_empty() && !t.placeholders.is_empty());
    }

    #[test]
    fn headings_match_in_their_real_spellings() {
        let t = template();
        let id = |h: &str| t.match_heading(h).map(|s| s.id.as_str());
        assert_eq!(
            id("## Secure Development Practices"),
            Some("secure_development")
        );
        assert_eq!(id("**Incident Response**"), Some("incident_response"));
        assert_eq!(id("3. Self-Assessment Use:"), Some("self_assessment_use"));
        assert_eq!(id("Incident Response Process"), Some("incident_response"));
        assert_eq!(id("#### Inbound Communication"), Some("inbound"));
        assert_eq!(
            id("[CII Best Practices](https://example.org/x)"),
            Some("best_practices")
        );
        assert_eq!(id("Non-goals"), Some("non_goals"));
        assert_eq!(
            id("Security Functions & Features"),
            Some("security_functions")
        );
        assert_eq!(id("Goalkeeping"), None);
        assert_eq!(id("Security Links"), Some("security_links"));
    }

    #[test]
    fn a_bad_template_is_refused() {
        assert!(Template::parse("sections: [{id: a, title: A, level: 2, parent: b}]\ninstructions: []\nplaceholders: []").is_err());
        assert!(
            Template::parse(
                "sections: [{id: a, title: A, level: 9}]\ninstructions: []\nplaceholders: []"
            )
            .is_err()
        );
    }
}
