//! Markdown documents through pulldown-cmark: headings, blocks (paragraphs, list items,
//! table cells), links with their anchor text (HTML `<a href>` included), addresses.
//! Code blocks and HTML comments are not prose and are skipped.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Builder, Pending};

/// Most HTML anchors read from one HTML fragment.
const MAX_HTML_LINKS: usize = 200;

struct Open {
    text: String,
    start: usize,
    pending: Vec<Pending>,
}

impl Open {
    fn new(start: usize) -> Self {
        Open {
            text: String::new(),
            start,
            pending: Vec::new(),
        }
    }
}

pub(super) fn parse(b: &mut Builder<'_>) {
    let text = b.text;
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(text, opts).into_offset_iter();
    let mut block = Open::new(0);
    let mut heading: Option<(u8, usize, String)> = None;
    // Open links: (url, offset in the block text where its anchor text starts).
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut in_code = 0usize;
    // Inside an HTML comment that spans lines: pulldown-cmark gives an HTML block line by
    // line, so only the first starts with `<!--` (a licence header in a comment is no
    // prose).
    let mut in_comment = false;
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(b, &mut block, range.start);
                heading = Some((level as u8, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, at, h)) = heading.take() {
                    let line = b.line(at);
                    b.section(&h, level, line);
                }
                block = Open::new(range.end);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(b, &mut block, range.start);
                in_code += 1;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = in_code.saturating_sub(1);
                block = Open::new(range.end);
            }
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::BlockQuote(_) | Tag::List(_),
            ) => {
                flush(b, &mut block, range.start);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_),
            ) => {
                flush(b, &mut block, range.end);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if heading.is_none() {
                    if block.text.is_empty() {
                        block.start = range.start;
                    }
                    links.push((dest_url.to_string(), block.text.len()));
                } else {
                    links.push((dest_url.to_string(), usize::MAX));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, at)) = links.pop() {
                    if at != usize::MAX {
                        let anchor = block.text.get(at..).unwrap_or("").trim().to_string();
                        let line = b.line(range.start);
                        block.pending.push(Pending {
                            text: anchor,
                            url,
                            at,
                            line,
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_code > 0 {
                    continue;
                }
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&t);
                } else {
                    if block.text.is_empty() {
                        block.start = range.start;
                    }
                    block.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push(' ');
                } else if text.get(range.clone()).is_some_and(|r| r.contains('\n')) {
                    block.text.push('\n');
                } else {
                    // A lone `\r` ends a Markdown line but not a line of the file as
                    // cited (lines are counted at `\n`): no line is counted for it.
                    block.text.push(' ');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if in_comment {
                    in_comment = !h.contains("-->");
                    continue;
                }
                if let Some(rest) = h.trim_start().strip_prefix("<!--") {
                    in_comment = !rest.contains("-->");
                    continue;
                }
                html(b, &mut block, &h, range.start);
            }
            _ => {}
        }
    }
    flush(b, &mut block, text.len());
}

fn flush(b: &mut Builder<'_>, block: &mut Open, end: usize) {
    let open = std::mem::replace(block, Open::new(end));
    if open.text.trim().is_empty() && open.pending.is_empty() {
        return;
    }
    let line = b.line(open.start);
    let end_line = b.line(end.saturating_sub(1).max(open.start));
    b.block(&open.text, line, end_line, open.pending);
}

/// Anchors (`<a href="...">text</a>`) and text of an HTML fragment, added to the block.
fn html(b: &Builder<'_>, block: &mut Open, h: &str, at: usize) {
    let lower = h.to_ascii_lowercase();
    let mut rest = 0;
    let mut n = 0;
    while let Some(i) = lower[rest..].find("<a ") {
        if n >= MAX_HTML_LINKS {
            break;
        }
        n += 1;
        let start = rest + i;
        let Some(tag_end) = lower[start..].find('>').map(|e| start + e) else {
            break;
        };
        let tag = &h[start..tag_end];
        let close = lower[tag_end..]
            .find("</a")
            .map_or(h.len(), |e| tag_end + e);
        rest = close;
        let Some(url) = attr(tag, "href") else {
            continue;
        };
        let inner = strip_tags(&h[tag_end + 1..close.max(tag_end + 1)]);
        let anchor = if inner.trim().is_empty() {
            url.clone()
        } else {
            inner.trim().to_string()
        };
        if block.text.is_empty() {
            block.start = at;
        }
        let offset = block.text.len();
        block.text.push_str(&anchor);
        block.text.push(' ');
        block.pending.push(Pending {
            text: anchor,
            url,
            at: offset,
            line: b.line(at + start),
        });
    }
    if n == 0 {
        let t = strip_tags(h);
        if !t.trim().is_empty() {
            if block.text.is_empty() {
                block.start = at;
            }
            block.text.push_str(&t);
        }
    }
}

/// The value of attribute `name` in an HTML tag (quoted with `"` or `'`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let key = format!("{name}=");
    let i = lower.find(&key)? + key.len();
    let rest = &tag[i..];
    let q = rest.chars().next()?;
    if q == '"' || q == '\'' {
        let end = rest[1..].find(q)?;
        Some(rest[1..1 + end].to_string())
    } else {
        Some(
            rest.split(|c: char| c.is_whitespace() || c == '>')
                .next()?
                .to_string(),
        )
    }
}

/// Text of an HTML fragment without its tags.
fn strip_tags(h: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in h.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
