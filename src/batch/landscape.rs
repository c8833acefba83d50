//! `index.html`: the landscape page of a batch. One self-contained file (inline style and
//! script, no network: a Content-Security-Policy allows nothing else): a grid of
//! repositories × probes, each cell coloured by outcome and also marked with a symbol and
//! a word (readable without colour), sortable by any column, a filter box, the number of
//! each outcome per probe (recounted for what the filter shows), and each cell linking to
//! that repository's report (Markdown when written, else JSON).
//!
//! Text from the repositories, the list and the error sentences is escaped for HTML, and
//! characters that hide or reorder text are shown as `\u{…}` as on a terminal.
//!
//! The view is kept in the URL fragment (`#sort=signed-commits&dir=desc&q=acme`), so a
//! sorted, filtered view can be linked to; the page applies a fragment on load by clicking
//! the column header and typing into the filter box.

use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::summary::{Row, RunInfo, Status};
use crate::error::Error;
use crate::fsutil::write_output_file as write_atomic;
use crate::model::{Outcome, ProbeId, Reason};

/// Longest error sentence shown in a row, in characters.
const MAX_NOTE_CHARS: usize = 300;
/// Longest repository, project or maturity text shown, in characters.
const MAX_NAME_CHARS: usize = 200;

const STYLE: &str = r#"
:root{--met:#1a7f37;--met-bg:#dafbe1;--part:#9a6700;--part-bg:#fff8c5;--not:#cf222e;--not-bg:#ffebe9;--unk:#57606a;--unk-bg:#eaeef2;--na:#57606a;--na-bg:#ffffff}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .4rem}
h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
p.meta{margin:.2rem 0;color:#57606a}
table{border-collapse:collapse}
th,td{border:1px solid #d0d7de;padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#f6f8fa;z-index:1}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
th[aria-sort=ascending] button::after{content:" \25B2"}
th[aria-sort=descending] button::after{content:" \25BC"}
td.o{white-space:nowrap}
td.o a{display:block;color:inherit;text-decoration:none}
td.o a:hover,td.o a:focus{text-decoration:underline}
td.o small{display:block;font-size:.75rem;opacity:.85}
.met{background:var(--met-bg);color:var(--met)}
.partially_met{background:var(--part-bg);color:var(--part)}
.not_met{background:var(--not-bg);color:var(--not);font-weight:600}
.unknown{background:var(--unk-bg);color:var(--unk);font-style:italic}
.not_applicable{background:var(--na-bg);color:var(--na)}
.none{background:#fff;color:#8c959f}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td.repo{color:var(--not)}
td.note{max-width:20rem;color:#57606a;font-size:.85rem}
#controls{margin:.8rem 0;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
#filter{font:inherit;padding:.3rem .5rem;min-width:20rem;border:1px solid #8c959f;border-radius:4px}
.legend span{display:inline-block;padding:.1rem .4rem;margin-right:.3rem;border:1px solid #d0d7de}
tr[hidden]{display:none}
"#;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var grid = document.getElementById("grid");
  var body = grid.tBodies[0];
  var heads = grid.tHead.rows[0].cells;
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var state = { col: -1, dir: 1 };

  function sortKey(row, i) {
    var c = row.cells[i];
    return c ? c.getAttribute("data-sort") || "" : "";
  }
  function compare(a, b, numeric) {
    if (numeric) { return (parseFloat(a) || 0) - (parseFloat(b) || 0); }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sortBy(i) {
    var numeric = heads[i].getAttribute("data-type") === "number";
    state.dir = state.col === i ? -state.dir : 1;
    state.col = i;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var d = compare(sortKey(a, i), sortKey(b, i), numeric) * state.dir;
      return d || (+a.getAttribute("data-index")) - (+b.getAttribute("data-index"));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var j = 0; j < heads.length; j++) {
      heads[j].setAttribute("aria-sort", j === i ? (state.dir > 0 ? "ascending" : "descending") : "none");
    }
    save();
  }
  function recount() {
    var cells = document.querySelectorAll("#counts td[data-col]");
    for (var k = 0; k < cells.length; k++) {
      var col = +cells[k].getAttribute("data-col");
      var o = cells[k].getAttribute("data-o");
      var n = 0;
      for (var r = 0; r < body.rows.length; r++) {
        var row = body.rows[r];
        if (!row.hidden && row.cells[col] && row.cells[col].getAttribute("data-o") === o) { n++; }
      }
      cells[k].textContent = String(n);
    }
  }
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    for (var r = 0; r < body.rows.length; r++) {
      var row = body.rows[r];
      var ok = !q || (row.getAttribute("data-text") || "").indexOf(q) >= 0;
      row.hidden = !ok;
      if (ok) { n++; }
    }
    shown.textContent = String(n);
    recount();
    save();
  }
  function save() {
    var parts = [];
    if (state.col >= 0) {
      parts.push("sort=" + encodeURIComponent(heads[state.col].getAttribute("data-key")));
      parts.push("dir=" + (state.dir > 0 ? "asc" : "desc"));
    }
    if (filter.value) { parts.push("q=" + encodeURIComponent(filter.value)); }
    try { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname); } catch (e) { /* file: URLs in some browsers */ }
  }
  for (var i = 0; i < heads.length; i++) {
    (function (i) {
      var b = heads[i].querySelector("button");
      if (b) { b.addEventListener("click", function () { sortBy(i); }); }
    })(i);
  }
  filter.addEventListener("input", applyFilter);

  // A view from the URL fragment: click the column's header (twice for descending) and
  // type the filter, as a person would.
  var params = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (p) {
    var kv = p.split("=");
    if (kv[0]) { try { params[kv[0]] = decodeURIComponent(kv.slice(1).join("=")); } catch (e) { /* ignore */ } }
  });
  if (params.q) {
    filter.value = params.q;
    filter.dispatchEvent(new Event("input"));
  }
  if (params.sort) {
    for (var h = 0; h < heads.length; h++) {
      if (heads[h].getAttribute("data-key") === params.sort) {
        var button = heads[h].querySelector("button");
        button.click();
        if (params.dir === "desc") { button.click(); }
      }
    }
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
"##;

/// Text for HTML element content: unsafe characters made visible, then escaped.
fn text(s: &str, max: usize) -> String {
    let clipped: String = s.chars().take(max).collect();
    let more = if s.chars().nth(max).is_some() {
        "…"
    } else {
        ""
    };
    let visible = crate::terminal::escape(&clipped);
    format!("{}{more}", html_escape::encode_text(&visible))
}

/// Text for a double-quoted attribute value.
fn attr(s: &str) -> String {
    let visible = crate::terminal::escape(s);
    html_escape::encode_double_quoted_attribute(&visible).into_owned()
}

/// A relative link to a report file (`owner/name.md`): each path segment percent-encoded,
/// so a name cannot turn the link into a `javascript:` URL or leave the directory.
fn report_href(rel: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let segments: Vec<String> = rel
        .split('/')
        .map(|seg| {
            if seg == "." || seg == ".." {
                // Percent-encoded dots are still dot segments to a browser.
                "_".to_string()
            } else {
                utf8_percent_encode(seg, SEGMENT).to_string()
            }
        })
        .collect();
    // "./" first: a first segment with a colon is never read as a scheme.
    format!("./{}", segments.join("/"))
}

/// Symbol, word and CSS class of an outcome (`None`: the probe did not run).
fn outcome_look(o: Option<Outcome>) -> (&'static str, &'static str, &'static str) {
    match o {
        Some(Outcome::Met) => ("✓", "met", "met"),
        Some(Outcome::PartiallyMet) => ("◐", "partial", "partially_met"),
        Some(Outcome::NotMet) => ("✗", "not met", "not_met"),
        Some(Outcome::Unknown) => ("?", "unknown", "unknown"),
        Some(Outcome::NotApplicable) => ("–", "n/a", "not_applicable"),
        None => ("·", "not run", "none"),
    }
}

/// Sort rank of an outcome: best first.
fn outcome_rank(o: Option<Outcome>) -> u8 {
    match o {
        Some(Outcome::Met) => 0,
        Some(Outcome::PartiallyMet) => 1,
        Some(Outcome::NotMet) => 2,
        Some(Outcome::Unknown) => 3,
        Some(Outcome::NotApplicable) => 4,
        None => 5,
    }
}

const OUTCOMES: [Outcome; 5] = [
    Outcome::Met,
    Outcome::PartiallyMet,
    Outcome::NotMet,
    Outcome::Unknown,
    Outcome::NotApplicable,
];

fn csp_hash(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Grid columns before the probes: repository, project, maturity.
const LEAD_COLUMNS: usize = 3;

/// The page.
pub fn render(rows: &[Row], info: &RunInfo) -> String {
    let mut s = String::with_capacity(4096 + rows.len() * 2048);
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let reports = rows.iter().filter(|r| r.status.ok()).count();
    let failed = rows.iter().filter(|r| r.status == Status::Failed).count();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"tssa-probe {}\">\n\
         <title>tssa-probe landscape: {} repositories</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        attr(&csp),
        env!("CARGO_PKG_VERSION"),
        rows.len()
    );
    let _ = writeln!(
        s,
        "<h1>Secure development practices: {} repositories</h1>",
        rows.len()
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">Input <code>{}</code> ({}), generated {}. {reports} with a report, {failed} failed, {} not scanned.{}</p>",
        text(&info.input, MAX_NAME_CHARS),
        text(info.input_kind, 40),
        text(&info.generated_at, 40),
        rows.iter()
            .filter(|r| r.status == Status::NotScanned)
            .count(),
        match info.shard {
            Some(sh) => format!(" This page covers shard {sh} only."),
            None => String::new(),
        }
    );
    if info.interrupted {
        let _ = writeln!(
            s,
            "<p class=\"meta\"><strong>Interrupted</strong>: not every repository was scanned; run the batch again with <code>--resume</code>.</p>"
        );
    }
    if let Some(why) = &info.stopped {
        let _ = writeln!(
            s,
            "<p class=\"meta\"><strong>Stopped early</strong>: {}</p>",
            text(why, MAX_NOTE_CHARS)
        );
    }
    let _ = writeln!(
        s,
        "<p class=\"meta legend\">Outcomes: {} Unknown means the evidence could not be seen (the reason is under it), never “no”. Each cell links to the repository’s report.</p>",
        OUTCOMES
            .iter()
            .map(|o| {
                let (sym, word, class) = outcome_look(Some(*o));
                format!("<span class=\"{class}\">{sym} {word}</span>")
            })
            .collect::<String>()
    );

    // Counts per outcome per probe (recounted by the script for the filtered rows).
    s.push_str("<h2>Outcomes per probe</h2>\n<table id=\"counts\">\n<thead><tr><th>Outcome</th>");
    for p in ProbeId::ALL {
        let _ = write!(s, "<th>{}</th>", p.as_str());
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for o in OUTCOMES {
        let (sym, word, class) = outcome_look(Some(o));
        let _ = write!(s, "<tr><th class=\"{class}\">{sym} {word}</th>");
        for (k, _) in ProbeId::ALL.iter().enumerate() {
            let n = rows
                .iter()
                .filter_map(|r| r.facts.as_ref())
                .filter(|f| f.outcomes.get(k).and_then(|x| x.as_ref()).map(|x| x.0) == Some(o))
                .count();
            let _ = write!(
                s,
                "<td class=\"num\" data-col=\"{}\" data-o=\"{}\">{n}</td>",
                LEAD_COLUMNS + k,
                o.as_str()
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");

    let _ = writeln!(
        s,
        "<div id=\"controls\"><label>Filter <input type=\"search\" id=\"filter\" placeholder=\"repository, project or maturity\" autocomplete=\"off\"></label><span><span id=\"shown\">{}</span> of {} repositories shown</span></div>",
        rows.len(),
        rows.len()
    );
    s.push_str("<table id=\"grid\">\n<thead><tr>");
    let head = |s: &mut String, key: &str, label: &str, numeric: bool| {
        let _ = write!(
            s,
            "<th data-key=\"{key}\"{} aria-sort=\"none\"><button type=\"button\">{label}</button></th>",
            if numeric { " data-type=\"number\"" } else { "" }
        );
    };
    head(&mut s, "repository", "Repository", false);
    head(&mut s, "project", "Project", false);
    head(&mut s, "maturity", "Maturity", false);
    for p in ProbeId::ALL {
        head(&mut s, p.as_str(), p.as_str(), true);
    }
    head(&mut s, "met", "Met", true);
    head(&mut s, "not_met", "Not met", true);
    head(&mut s, "note", "Note", false);
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        row(&mut s, r);
    }
    s.push_str("</tbody>\n</table>\n");
    let _ = write!(s, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    s
}

fn row(s: &mut String, r: &Row) {
    let name = r.entry.display();
    let project = r.entry.project.clone().unwrap_or_default();
    let maturity = r.entry.maturity.clone().unwrap_or_default();
    let search = format!("{name} {project} {maturity}").to_lowercase();
    let link = r.md.as_ref().or(r.json.as_ref()).map(|l| report_href(l));
    let _ = write!(
        s,
        "<tr data-index=\"{}\" data-text=\"{}\" class=\"{}\">",
        r.index,
        attr(&search),
        r.status.as_str()
    );
    let repo_cell = match &link {
        Some(h) => format!(
            "<a href=\"{}\">{}</a>",
            attr(h),
            text(&name, MAX_NAME_CHARS)
        ),
        None => text(&name, MAX_NAME_CHARS),
    };
    let _ = write!(
        s,
        "<td class=\"repo\" data-sort=\"{}\">{repo_cell}</td>",
        attr(&name.to_lowercase())
    );
    for v in [&project, &maturity] {
        let _ = write!(
            s,
            "<td data-sort=\"{}\">{}</td>",
            attr(&v.to_lowercase()),
            text(v, MAX_NAME_CHARS)
        );
    }
    for (k, p) in ProbeId::ALL.iter().enumerate() {
        let o: Option<(Outcome, Option<Reason>)> = r
            .facts
            .as_ref()
            .and_then(|f| f.outcomes.get(k).cloned().flatten());
        let (sym, word, class) = outcome_look(o.map(|x| x.0));
        let reason = o
            .and_then(|x| x.1)
            .map(|why| format!("<small>{}</small>", text(why.as_str(), 60)))
            .unwrap_or_default();
        let title = format!(
            "{}: {}{}",
            p.as_str(),
            word,
            o.and_then(|x| x.1)
                .map(|why| format!(" ({})", why.as_str()))
                .unwrap_or_default()
        );
        let inner = format!("{sym} {word}{reason}");
        let content = match (&link, o) {
            (Some(h), Some(_)) => {
                format!(
                    "<a href=\"{}\" title=\"{}\">{inner}</a>",
                    attr(h),
                    attr(&title)
                )
            }
            _ => format!("<span title=\"{}\">{inner}</span>", attr(&title)),
        };
        let _ = write!(
            s,
            "<td class=\"o {class}\" data-o=\"{}\" data-sort=\"{}\">{content}</td>",
            o.map_or("none", |x| x.0.as_str()),
            outcome_rank(o.map(|x| x.0))
        );
    }
    let (met, not_met) = r
        .facts
        .as_ref()
        .map_or((String::new(), String::new()), |f| {
            (f.met.to_string(), f.not_met.to_string())
        });
    let _ = write!(
        s,
        "<td class=\"num\" data-sort=\"{met}\">{met}</td><td class=\"num\" data-sort=\"{not_met}\">{not_met}</td>"
    );
    let mut note = match (r.status, r.note()) {
        (_, Some(e)) => e,
        (Status::NotScanned, None) => "not scanned".into(),
        _ => String::new(),
    };
    if let Some(f) = &r.facts {
        if f.archived == Some(true) {
            note = format!("archived {note}").trim().to_string();
        }
        if let Some(to) = &f.renamed_to {
            note = format!("{note} renamed to {to}").trim().to_string();
        }
    }
    let _ = writeln!(
        s,
        "<td class=\"note\" data-sort=\"{}\">{}</td></tr>",
        attr(
            &note
                .to_lowercase()
                .chars()
                .take(MAX_NOTE_CHARS)
                .collect::<String>()
        ),
        text(&note, MAX_NOTE_CHARS)
    );
}

/// Writes `index.html` in `out_dir`, atomically.
pub fn write(out_dir: &Path, rows: &[Row], info: &RunInfo) -> Result<(), Error> {
    write_atomic(&out_dir.join("index.html"), render(rows, info).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_links_stay_relative_and_encoded() {
        assert_eq!(report_href("acme/widget.md"), "./acme/widget.md");
        assert_eq!(
            report_href("javascript:alert(1)/x y.md"),
            "./javascript%3Aalert%281%29/x%20y.md"
        );
        assert_eq!(report_href("../etc/passwd"), "./_/etc/passwd");
    }

    #[test]
    fn text_is_escaped_and_invisible_characters_shown() {
        assert_eq!(
            text("<b>\u{202e}x</b>&", 100),
            "&lt;b&gt;\\u{202e}x&lt;/b&gt;&amp;"
        );
        assert_eq!(attr("a\"b<"), "a&quot;b&lt;");
        assert_eq!(text("abcdef", 3), "abc…");
    }

    #[test]
    fn the_policy_hashes_the_inline_script_and_style() {
        let page = render(
            &[],
            &RunInfo {
                input: "x".into(),
                input_kind: "text",
                shard: None,
                total_entries: 0,
                generated_at: "t".into(),
                interrupted: false,
                stopped: None,
                badge_requests: 0,
                badge_not_modified: 0,
            },
        );
        assert!(page.contains(&csp_hash(SCRIPT)));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(!page.contains("http://") && !page.contains("https://"));
    }
}
