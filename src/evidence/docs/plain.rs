//! reStructuredText, AsciiDoc and plain text by lines: headings (RST underlines, AsciiDoc
//! `=` titles), blocks between blank lines, links (RST `` `text <url>`_ ``, AsciiDoc
//! `url[text]` and `link:url[text]`, `mailto:addr[text]`) and bare URLs; and YAML lists
//! (the issue template chooser's `contact_links`) one block per entry.

use std::sync::LazyLock;

use regex::Regex;

use super::{Builder, Format, Pending};

static RST_LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"`([^`<]{0,300}?)\s*<([^`>\s]{1,2048})>`__?").ok());
static ADOC_LINK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:link:)?((?:https?://|mailto:)[^\[\s]{1,2048})\[([^\]]{0,300})\]").ok()
});

/// True for an RST underline (or overline): one punctuation character repeated.
fn underline(line: &str) -> Option<char> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    (t.len() >= 2 && "=-~^\"'*+#`:.".contains(c) && t.chars().all(|x| x == c)).then_some(c)
}

pub(super) fn parse(b: &mut Builder<'_>, format: Format) {
    let text = b.text;
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        text.split('\n')
            .map(|l| {
                let s = at;
                at += l.len() + 1;
                (s, l.strip_suffix('\r').unwrap_or(l))
            })
            .collect()
    };
    // RST heading levels in order of first appearance of their underline character.
    let mut levels: Vec<char> = Vec::new();
    let mut block = String::new();
    let mut block_start: Option<usize> = None;
    let mut last_line = 1;
    let mut in_listing = false;
    let mut i = 0;
    while i < lines.len() {
        let (at, line) = lines[i];
        let line_no = i as u32 + 1;
        let trimmed = line.trim();
        // AsciiDoc listing/literal blocks (---- or ....) are not prose.
        if format == Format::AsciiDoc && (trimmed == "----" || trimmed == "....") {
            in_listing = !in_listing;
            i += 1;
            continue;
        }
        if in_listing {
            i += 1;
            continue;
        }
        let heading = match format {
            Format::Rst => {
                let next = lines.get(i + 1).map(|(_, l)| *l);
                match next.and_then(underline) {
                    Some(c)
                        if !trimmed.is_empty()
                            && underline(line).is_none()
                            && next.is_some_and(|n| n.trim_end().len() + 1 >= trimmed.len()) =>
                    {
                        let level = levels.iter().position(|x| *x == c).unwrap_or_else(|| {
                            levels.push(c);
                            levels.len() - 1
                        });
                        Some((trimmed.to_string(), level as u8 + 1, 2))
                    }
                    _ => None,
                }
            }
            Format::AsciiDoc => {
                let marks = trimmed
                    .chars()
                    .take_while(|c| *c == '=' || *c == '#')
                    .count();
                (marks > 0
                    && marks <= 6
                    && trimmed[marks..].starts_with(' ')
                    && !trimmed[marks..].trim().is_empty())
                .then(|| (trimmed[marks..].trim().to_string(), marks as u8, 1))
            }
            _ => None,
        };
        if let Some((h, level, consumed)) = heading {
            emit(b, &mut block, &mut block_start, last_line);
            b.section(&h, level, line_no);
            i += consumed;
            continue;
        }
        if trimmed.is_empty()
            || (format == Format::Rst && underline(line).is_some())
            || trimmed.starts_with("..") && format == Format::Rst && !trimmed.contains('<')
        {
            emit(b, &mut block, &mut block_start, last_line);
            i += 1;
            continue;
        }
        // A list item starts a block of its own.
        let item = trimmed.starts_with("* ")
            || trimmed.starts_with("- ")
            || trimmed.starts_with("+ ")
            || trimmed.starts_with(". ");
        if item {
            emit(b, &mut block, &mut block_start, last_line);
        }
        if block_start.is_none() {
            block_start = Some(at);
        }
        if !block.is_empty() {
            block.push('\n');
        }
        block.push_str(trimmed);
        last_line = line_no;
        i += 1;
    }
    emit(b, &mut block, &mut block_start, last_line);
}

/// Ends the block being read: its links in RST or AsciiDoc form become anchors.
fn emit(b: &mut Builder<'_>, block: &mut String, start: &mut Option<usize>, end_line: u32) {
    let Some(at) = start.take() else {
        return;
    };
    let raw = std::mem::take(block);
    let line = b.line(at);
    let mut pending = Vec::new();
    let mut text = String::new();
    let mut last = 0;
    let mut spans: Vec<(usize, usize, String, String)> = Vec::new();
    for re in [RST_LINK.as_ref(), ADOC_LINK.as_ref()]
        .into_iter()
        .flatten()
    {
        for c in re.captures_iter(&raw) {
            let (Some(m), Some(a), Some(bb)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let (anchor, url) = if re.as_str().starts_with('`') {
                (a.as_str(), bb.as_str())
            } else {
                (bb.as_str(), a.as_str())
            };
            if spans
                .iter()
                .any(|(s, e, _, _)| m.start() < *e && *s < m.end())
            {
                continue;
            }
            spans.push((
                m.start(),
                m.end(),
                anchor.trim().to_string(),
                url.to_string(),
            ));
        }
    }
    spans.sort_by_key(|s| s.0);
    for (s, e, anchor, url) in spans {
        text.push_str(&raw[last..s]);
        let anchor = if anchor.is_empty() {
            url.clone()
        } else {
            anchor
        };
        let offset = text.len();
        let line_of = line + raw[..s].matches('\n').count() as u32;
        text.push_str(&anchor);
        pending.push(Pending {
            text: anchor,
            url,
            at: offset,
            line: line_of,
        });
        last = e;
    }
    text.push_str(&raw[last..]);
    b.block(&text, line, end_line, pending);
}

/// A YAML document: each list entry (`- name: … url: … about: …`) one block whose link is
/// the entry's `url` with its `name` as anchor text and its `about` as the sentence; other
/// lines are blocks of their own (their bare URLs and addresses are found in them).
pub(super) fn parse_yaml(b: &mut Builder<'_>) {
    let text = b.text;
    let mut entry: Option<(u32, Vec<(String, String)>)> = None;
    let mut at = 0;
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .map(|l| {
            let s = at;
            at += l.len() + 1;
            (s, l)
        })
        .collect();
    for (i, (_, line)) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let t = line.trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        let starts = t.starts_with("- ");
        let body = t.trim_start_matches("- ").trim();
        let kv = body.split_once(':').and_then(|(k, v)| {
            let k = k.trim();
            (!k.is_empty() && !k.contains(' ') && !k.starts_with("http"))
                .then(|| (k.to_ascii_lowercase(), unquote(v.trim()).to_string()))
        });
        if starts {
            finish_entry(b, entry.take());
            entry = Some((line_no, Vec::new()));
        }
        match (&mut entry, kv) {
            (Some((_, fields)), Some((k, v))) if matches!(k.as_str(), "name" | "url" | "about") => {
                fields.push((k, v));
            }
            _ => b.block(body, line_no, line_no, Vec::new()),
        }
    }
    finish_entry(b, entry.take());
}

fn finish_entry(b: &mut Builder<'_>, entry: Option<(u32, Vec<(String, String)>)>) {
    let Some((line, fields)) = entry else {
        return;
    };
    let get = |k: &str| {
        fields
            .iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let (name, url, about) = (get("name"), get("url"), get("about"));
    if url.is_empty() {
        let t = format!("{name}. {about}");
        b.block(&t, line, line, Vec::new());
        return;
    }
    let text = format!("{name}: {about}");
    let pending = vec![Pending {
        text: if name.is_empty() {
            url.to_string()
        } else {
            name.to_string()
        },
        url: url.to_string(),
        at: 0,
        line,
    }];
    b.block(&text, line, line + fields.len() as u32, pending);
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if let Some(s) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return s;
        }
    }
    v
}
