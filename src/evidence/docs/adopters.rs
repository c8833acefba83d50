//! How many adopters an ADOPTERS or USERS file lists, and how they were counted: the
//! data rows of its tables (header, separator and placeholder rows left out), its list
//! items that name someone (a link, a name in bold, a short name; not the instructions
//! or stories written as lists), its names in bold at the start of a paragraph, and,
//! when none of those, its headings that link a name or its logos. Sections about how to
//! add oneself, adopter types or case studies are not counted. Code blocks and comments
//! are not read. Linear in the input.

/// What an adopters file lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counted {
    pub count: u64,
    /// How they were counted, in the order first met: "table rows", "list items",
    /// "names in bold", "linked headings", "logos".
    pub how: Vec<&'static str>,
    /// The first link to a list kept elsewhere, when the file lists nobody itself.
    pub elsewhere: Option<String>,
}

/// Headings whose sections list no adopters.
const NOT_A_LIST: [&str; 10] = [
    "how to",
    "add ",
    "adding",
    "contribut",
    "template",
    "type",
    "definition",
    "instruction",
    "process",
    "guideline",
];

/// Headings whose sections tell stories: only items that start with a name count.
const STORIES: [&str; 4] = ["case stud", "stories", "story", "talks"];

/// First words of a list item that make it a step to follow, not a name.
const STEPS: [&str; 16] = [
    "open", "fill", "send", "submit", "add", "create", "fork", "edit", "include", "kindly",
    "please", "make", "see", "check", "read", "contact",
];

/// The name an entry gives (its first link text, bold text or cell), lowercase, to count
/// each adopter once.
fn name_of(t: &str) -> String {
    let t = t.trim().trim_start_matches('|').trim();
    let cell = t.split('|').next().unwrap_or(t);
    let cell = match (cell.find('['), cell.find(']')) {
        (Some(a), Some(b)) if a < b => &cell[a + 1..b],
        _ => cell,
    };
    cell.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn is_separator(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A table row or list item that is a placeholder of a template (`[name](URL)`).
fn placeholder(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    [
        "(url)",
        "[name]",
        "your company",
        "your organization",
        "your organisation",
        "<name>",
        "company name",
    ]
    .iter()
    .any(|p| l.contains(p))
}

/// The text of a list item (`- x`, `* x`, `+ x`, `1. x`) at the top level, or `None`.
fn list_item(line: &str) -> Option<&str> {
    if line.starts_with("   ") || line.starts_with('\t') {
        return None;
    }
    let t = line.trim_start();
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = t.strip_prefix(m) {
            return Some(r.trim());
        }
    }
    let (n, r) = t.split_once(". ")?;
    (!n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())).then(|| r.trim())
}

/// A list item that names someone: it starts with a link, a name in bold or a logo, or
/// it is a short name (not a sentence, not a lead-in).
fn names_someone(item: &str) -> bool {
    if item.is_empty() || placeholder(item) {
        return false;
    }
    if item.starts_with(['[', '<'])
        || item.starts_with("**")
        || item.starts_with("__")
        || item.starts_with("![")
    {
        return true;
    }
    let words = item.split_whitespace().count();
    words <= 6 && !item.ends_with([':', '.'])
}

/// A list item that is a step to follow ("Open a PR", "Fill out the form").
fn step(item: &str) -> bool {
    let first = item
        .trim_start_matches(['[', '*', '_'])
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    STEPS.contains(&first.as_str())
}

/// The name a paragraph opens with in bold and sets off from what follows
/// ("JD.com:** Harbor is ...", after the opening `**`): a short name ending in or
/// followed by a colon or a dash; never a "Note", a "Disclaimer" or "Other projects".
fn bold_name(inner: &str) -> Option<&str> {
    let end = inner.find("**").or_else(|| inner.find("__"))?;
    let name = inner[..end].trim();
    let after = inner[end..].trim_start_matches(['*', '_']).trim_start();
    let set_off = name.ends_with(':') || after.starts_with([':', '-', '–', '—']);
    let name = name.trim_end_matches(':').trim();
    let lower = name.to_ascii_lowercase();
    let remark = ["note", "disclaimer", "important", "tip", "warning", "other"]
        .iter()
        .any(|w| lower.starts_with(w));
    (set_off && !remark && !name.is_empty() && name.split_whitespace().count() <= 6).then_some(name)
}

/// Counts what `text` lists.
pub fn count(text: &str) -> Counted {
    let mut out = Counted::default();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let how = |out: &mut Counted, h: &'static str, n: u64| {
        out.count += n;
        if n > 0 && !out.how.contains(&h) {
            out.how.push(h);
        }
    };
    // One entry per name: an adopter in a table and a list of stories counts once.
    let mut entry = |out: &mut Counted, h: &'static str, t: &str| {
        let n = name_of(t);
        if n.is_empty() || seen.insert(n) {
            how(out, h, 1);
        }
    };
    let mut stories = false;
    let mut fenced = false;
    let mut comment = false;
    let mut skip = false;
    let mut table = 0u64; // rows of the current table, header included
    let mut headings = 0u64;
    let mut logos = 0u64;
    let mut first_link: Option<String> = None;
    let mut prev_blank = true;
    // The indentation of the items of the list being read: an item indented further is
    // nested under one ("  * Case study: ...", "  * Official site: ..."), not an adopter.
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if comment {
            if t.contains("-->") {
                comment = false;
            }
            continue;
        }
        if t.starts_with("<!--") {
            comment = !t.contains("-->");
            continue;
        }
        if first_link.is_none() {
            if let Some(i) = t.find("https://") {
                let u: String = t[i..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '>' | '"' | ']'))
                    .collect();
                first_link = Some(u);
            }
        }
        let row = t.starts_with('|');
        if !row && table > 0 {
            table = 0;
        }
        if let Some(h) = t.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim().to_ascii_lowercase();
            skip = NOT_A_LIST.iter().any(|w| h.contains(w));
            stories = STORIES.iter().any(|w| h.contains(w));
            if !skip && h.contains("](") {
                headings += 1;
            }
            prev_blank = false;
            list_indent = None;
            continue;
        }
        if skip {
            continue;
        }
        logos += (t.matches("<img").count() + t.matches("![").count()) as u64;
        if row {
            table += 1;
            // The first row is the header; separators and placeholders are no adopters.
            if table > 1 && !is_separator(t) && !placeholder(t) {
                entry(&mut out, "table rows", t);
            }
        } else if let Some(item) = list_item(line) {
            let indent = line.len() - line.trim_start().len();
            let top = *list_indent.get_or_insert(indent);
            if indent > top {
                prev_blank = false;
                continue;
            }
            list_indent = Some(indent);
            let named = if stories {
                item.starts_with(['[', '*', '_'])
            } else {
                names_someone(item)
            };
            if named && !step(item) {
                entry(&mut out, "list items", item);
            }
        } else if prev_blank && (t.starts_with("**") || t.starts_with("__")) && !placeholder(t) {
            // "**[Name](url)** - what they do", "**Name:** what they do": a paragraph
            // per adopter.
            let inner = t.trim_start_matches(['*', '_']);
            if inner.starts_with('[') || inner.split_whitespace().count() <= 12 {
                entry(&mut out, "names in bold", inner);
            } else if let Some(name) = bold_name(inner) {
                entry(&mut out, "names in bold", name);
            }
        }
        if !t.is_empty() && list_item(line).is_none() && !line.starts_with([' ', '\t']) {
            list_indent = None;
        }
        prev_blank = t.is_empty();
    }
    if out.count == 0 {
        if headings > 0 {
            how(&mut out, "linked headings", headings);
        } else if logos > 0 {
            how(&mut out, "logos", logos);
        }
    }
    if out.count == 0 {
        out.elsewhere = first_link;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_counts_its_data_rows_not_header_separator_or_template() {
        let t = "# Adopters\n\n| Organization | Use |\n|---|---|\n| [A](https://a) | x |\n| B | y |\n| [name](URL) | how you use it |\n";
        let c = count(t);
        assert_eq!(c.count, 2);
        assert_eq!(c.how, vec!["table rows"]);
    }

    #[test]
    fn instructions_and_stories_written_as_lists_are_not_adopters() {
        let t = "# Adopters\n\nTo be listed:\n- Kindly include a reference such as a link to a public blog post that mentions you.\n1. Send an email to the list with your information for the table below\n\n## End users\n\n* Anthem\n* [Ghostunnel](https://x)\n\n## Case Studies\n\n* Google announces standardization on it across its cloud:\n\n## Adopter types\n\n- End-user\n";
        let c = count(t);
        assert_eq!(c.count, 2, "{c:?}");
        assert_eq!(c.how, vec!["list items"]);
    }

    #[test]
    fn steps_are_not_adopters_and_a_name_counts_once() {
        let t = "# Adopters\n\n1. [Open a PR](https://x/pulls) to update this list, or\n1. Fill out the [form](https://forms.gle/x)\n\n| Org | Use |\n|---|---|\n| [JD](https://jd) | x |\n\n## Success Stories\n\n- **[JD](https://jd)**: serves 3,000 businesses.\n- **[OPPO](https://o)**: AI platform.\n- Someone writes about it at length in a blog post:\n";
        let c = count(t);
        assert_eq!(c.count, 2, "{c:?}");
        assert_eq!(c.how, vec!["table rows", "list items"]);
    }

    #[test]
    fn names_in_bold_one_paragraph_each() {
        let t = "# Adopters\n\n### Organizations\n\n**_[Alpha](https://a)_** - Large-scale distribution.\n\n**_[Beta](https://b)_** - Image distribution,\nacross regions.\n\n**Note** this is not exhaustive and the project welcomes more names from everyone here.\n";
        let c = count(t);
        assert_eq!(c.count, 2, "{c:?}");
        assert_eq!(c.how, vec!["names in bold"]);
    }

    #[test]
    fn nested_items_under_an_adopter_are_not_adopters() {
        let t = "# Adopters\n\n* Alpha\n  * Official site: [en](https://a.io/), [cn](https://a.cn/)\n* [Beta](https://b.io/)\n  * Case study: [Beta traces it all](https://medium.com/x)\n* [Gamma](https://g.io/)\n  * https://github.com/g/deploy\n  * https://g.io/blog/post.html\n* [Delta](https://d.io)\n";
        let c = count(t);
        assert_eq!(c.count, 4, "{c:?}");
    }

    #[test]
    fn a_bold_name_set_off_by_a_colon_opens_a_long_paragraph() {
        let t = "# Adopters\n\n## Success Stories\n\n**JD.com:** Harbor is the registry service of the platform, used for over two years in production with many nodes.\n\n**China Mobile**: it has been used in production for more than a year, serving images to a large environment.\n\n**Note:** this list is not exhaustive and we welcome more names from everyone who uses it today.\n";
        let c = count(t);
        assert_eq!(c.count, 2, "{c:?}");
        assert_eq!(c.how, vec!["names in bold"]);
    }

    #[test]
    fn a_file_that_points_elsewhere_lists_nobody_and_says_where() {
        let t = "# Users\n\nPlease refer to the [organisation users list](https://github.com/o/community/blob/main/USERS.md).\n";
        let c = count(t);
        assert_eq!(c.count, 0);
        assert_eq!(
            c.elsewhere.as_deref(),
            Some("https://github.com/o/community/blob/main/USERS.md")
        );
    }

    #[test]
    fn logos_count_only_when_nothing_else_does() {
        let t = "# Adopters\n\n<p><a href=\"https://a\"><img src=\"a.png\"></a> <a href=\"https://b\"><img src=\"b.png\"></a></p>\n";
        assert_eq!(count(t).count, 2);
        assert_eq!(count(t).how, vec!["logos"]);
    }

    proptest::proptest! {
        #[test]
        fn never_more_than_lines_plus_logos(text in "(\\PC{0,40}\n){0,20}") {
            let c = count(&text);
            let lines = text.lines().count() as u64;
            let logos = (text.matches("<img").count() + text.matches("![").count()) as u64;
            proptest::prop_assert!(c.count <= lines + logos);
            proptest::prop_assert_eq!(c.count == 0, c.how.is_empty());
        }
    }
}
