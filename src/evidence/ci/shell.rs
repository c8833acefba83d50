//! Shell text as CI runs it, read (never executed): logical lines with their line numbers,
//! the simple commands of a line, and the program each one invokes.

/// A logical command line: continuation lines (`\` at the end) joined, with the 1-based
/// number of its first line relative to the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalLine {
    pub offset: usize,
    pub text: String,
}

/// The logical lines of a script that may run something: comments, blank lines, the
/// shebang and lines that only print (`echo "== cargo test"`) are left out.
pub fn logical_lines(text: &str) -> Vec<LogicalLine> {
    let mut out = Vec::new();
    let mut pending: Option<LogicalLine> = None;
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if let Some(mut p) = pending.take() {
            let (part, more) = continued(t);
            p.text.push(' ');
            p.text.push_str(part);
            if more {
                pending = Some(p);
            } else {
                push_line(&mut out, p);
            }
            continue;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let (part, more) = continued(t);
        let line = LogicalLine {
            offset: i,
            text: part.to_string(),
        };
        if more {
            pending = Some(line);
        } else {
            push_line(&mut out, line);
        }
    }
    if let Some(p) = pending {
        push_line(&mut out, p);
    }
    out
}

fn continued(t: &str) -> (&str, bool) {
    match t.strip_suffix('\\') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    }
}

fn push_line(out: &mut Vec<LogicalLine>, l: LogicalLine) {
    if !is_print(&l.text) {
        out.push(l);
    }
}

/// A line that only prints (`echo "== cargo test"` runs no tests).
pub fn is_print(line: &str) -> bool {
    let t = line.trim_start();
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(first, "echo" | "printf" | "::group::" | "::endgroup::")
        && !t.contains("&&")
        && !t.contains(';')
        && !t.contains('|')
}

/// The simple commands of a line, split at `&&`, `||`, `;`, `|` and `$(`. Separators inside
/// quotes are words (`git commit -m "chore(deps): x"` runs `git` only), except a `$(` in
/// double quotes, which runs a command; a line whose quotes do not balance is split as if
/// it had none. This is for recognising programs, not for running anything.
pub fn simple_commands(line: &str) -> Vec<&str> {
    split_commands(line, true).unwrap_or_else(|| split_commands(line, false).unwrap_or_default())
}

/// `None` when `quotes` and a quote is left open at the end of the line.
fn split_commands(line: &str, quotes: bool) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // The open quote, and those of the substitutions `$(` entered from inside quotes.
    let mut quote: Option<u8> = None;
    let mut outer: Vec<Option<u8>> = Vec::new();
    while i < b.len() {
        // Bytes, not a `str` slice: `i + 2` may fall inside a multi-byte character. Every
        // cut is at an ASCII byte, so the parts below are sliced on character boundaries.
        let two = b.get(i..i + 2).unwrap_or_default();
        let c = b[i];
        if quotes {
            match quote {
                Some(b'\'') => {
                    if c == b'\'' {
                        quote = None;
                    }
                    i += 1;
                    continue;
                }
                Some(q) => {
                    if c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if c == q {
                        quote = None;
                    }
                    if two != b"$(" {
                        i += 1;
                        continue;
                    }
                }
                None => {
                    if c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if c == b'\'' || c == b'"' {
                        quote = Some(c);
                        i += 1;
                        continue;
                    }
                }
            }
        }
        // A substitution `$(…)` runs its commands, and the command around it goes on
        // (`make -j"$(nproc)" test` runs `make … test`).
        if two == b"$(" {
            if let Some(end) = closing_paren(b, i + 2) {
                if let Some(inner) = line.get(i + 2..end) {
                    out.extend(split_commands(inner, quotes).unwrap_or_default());
                }
                i = end + 1;
                continue;
            }
        }
        let cut = match two {
            b"&&" | b"||" | b"$(" => 2,
            _ => match c {
                b';' | b'|' | b'`' | b'(' | b')' => 1,
                _ => 0,
            },
        };
        if cut > 0 {
            if quotes {
                if two == b"$(" {
                    outer.push(quote.take());
                } else if c == b')' {
                    quote = outer.pop().flatten();
                }
            }
            let part = line[start..i].trim();
            if !part.is_empty() {
                out.push(part);
            }
            i += cut;
            start = i;
        } else {
            i += 1;
        }
    }
    if quotes && quote.is_some() {
        return None;
    }
    let part = line.get(start..).unwrap_or_default().trim();
    if !part.is_empty() {
        out.push(part);
    }
    Some(out)
}

/// The index of the `)` that closes a `(` opened just before `from`, counting nested ones.
fn closing_paren(b: &[u8], from: usize) -> Option<usize> {
    let mut depth = 1usize;
    for (j, c) in b.iter().enumerate().skip(from) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// The words of a simple command, split at blanks outside `$(…)` (`GOPATH=$(go env
/// GOPATH) make` has three words).
pub fn words(cmd: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let b = cmd.as_bytes();
    for (i, c) in b.iter().enumerate() {
        match c {
            b'(' if depth > 0 || (i > 0 && b[i - 1] == b'$') => depth += 1,
            b')' if depth > 0 => depth -= 1,
            _ => {}
        }
        if c.is_ascii_whitespace() && depth == 0 {
            if let Some(s) = start.take() {
                out.extend(cmd.get(s..i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.extend(cmd.get(s..));
    }
    out
}

/// Words that run the next word as the program.
const WRAPPERS: &[&str] = &[
    "sudo", "time", "exec", "env", "nohup", "command", "xargs", "npx", "pnpx", "bunx", "uvx",
    "pipx", "poetry", "uv", "pdm", "hatch", "bundle", "run", "exec", "dlx", "then", "do", "else",
    "if", "!", "-m",
];

/// The program a simple command invokes and the rest of it: `("gosec", "gosec ./...")`.
/// Environment assignments and wrappers (`sudo`, `npx`, `pipx run`, `python -m`, `go run
/// <module>/cmd/<tool>@v`) are skipped; a path is reduced to its file name.
pub fn invocation(cmd: &str) -> Option<(String, String)> {
    let words: Vec<&str> = words(cmd);
    let mut i = 0;
    let mut after_wrapper = false;
    while i < words.len() {
        let w = words[i].trim_matches(|c| c == '"' || c == '\'');
        if w.is_empty() || (after_wrapper && w.starts_with('-')) {
            i += 1;
            continue;
        }
        let is_assign = w.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        });
        if is_assign || WRAPPERS.contains(&w) {
            after_wrapper = !is_assign;
            i += 1;
            continue;
        }
        if matches!(w, "python" | "python3" | "py") && words.get(i + 1) == Some(&"-m") {
            i += 2;
            continue;
        }
        if w == "go" && words.get(i + 1) == Some(&"run") {
            // `go run github.com/securego/gosec/v2/cmd/gosec@latest ./...`
            if let Some(module) = words.get(i + 2) {
                let m = module.split('@').next().unwrap_or(module);
                let name = m
                    .trim_end_matches('/')
                    .rsplit('/')
                    .find(|s| !(s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())))
                    .unwrap_or(m);
                let rest = words[i + 2..].join(" ");
                return Some((name.to_string(), rest));
            }
        }
        let name = w.rsplit('/').next().unwrap_or(w).to_string();
        if name.is_empty() {
            return None;
        }
        let rest = std::iter::once(name.as_str())
            .chain(words[i + 1..].iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        return Some((name, rest));
    }
    None
}

/// The programs invoked by a logical line, each as `name args…` (see [`invocation`]); a
/// command run in a container (`docker run -v x:/app img golangci-lint run`) also yields
/// the command it runs there.
pub fn invocations(line: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = simple_commands(line)
        .into_iter()
        .filter_map(invocation)
        .collect();
    if let Some(inner) = container_command(line) {
        out.extend(invocation(&inner));
    }
    out
}

/// The command a line runs in a container (`docker run -v $(pwd):/app img golangci-lint
/// run` → `golangci-lint run`), if it runs one.
pub fn container_command(line: &str) -> Option<String> {
    if !["docker run ", "podman run ", "nerdctl run "]
        .iter()
        .any(|p| line.contains(p))
    {
        return None;
    }
    in_container(&without_substitutions(line))
}

/// The line with each `$(…)` replaced by `x` (so `-v $(pwd):/app` stays one word) and cut
/// at the first `&&`, `||`, `;` or `|` after a `docker run`.
fn without_substitutions(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut depth = 0usize;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'(') {
            chars.next();
            depth += 1;
            if depth == 1 {
                out.push('x');
            }
            continue;
        }
        if depth > 0 {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Options of `docker run` that take a value.
const RUN_VALUED: &[&str] = &[
    "-v",
    "--volume",
    "-w",
    "--workdir",
    "-e",
    "--env",
    "--name",
    "--entrypoint",
    "--network",
    "--net",
    "-u",
    "--user",
    "--mount",
    "--platform",
    "--env-file",
    "-p",
    "--publish",
    "-l",
    "--label",
    "--pull",
    "--cidfile",
    "--add-host",
    "-h",
    "--hostname",
    "--tmpfs",
    "--device",
    "--cap-add",
    "--cap-drop",
    "--security-opt",
    "-m",
    "--memory",
    "--cpus",
    "--ulimit",
    "--userns",
    "--ipc",
    "--pid",
    "--shm-size",
];

/// The command `docker run [options] image command…` runs in the container.
fn in_container(line: &str) -> Option<String> {
    let at = ["docker run ", "podman run ", "nerdctl run "]
        .iter()
        .find_map(|p| line.find(p))?;
    let rest = &line[at..];
    let end = ["&&", "||", ";", "|"]
        .iter()
        .filter_map(|sep| rest.find(sep))
        .min()
        .unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end].split_whitespace().collect();
    let mut i = 2;
    while i < words.len() {
        let w = words[i];
        if RUN_VALUED.contains(&w) {
            i += 2;
            continue;
        }
        if w.starts_with('-') {
            i += 1;
            continue;
        }
        break;
    }
    // words[i] is the image; what follows is the command.
    let cmd = words.get(i + 1..)?.join(" ");
    (!cmd.is_empty() && !cmd.contains("docker run")).then_some(cmd)
}

/// Replaces `${{ env.NAME }}`, `${NAME}` and `$NAME` by `lookup(NAME)` where it answers.
pub fn substitute(line: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    if !line.contains('$') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (name, used) = if let Some(inner) = tail.strip_prefix("${{") {
            match inner.find("}}") {
                Some(end) => {
                    let expr = inner[..end].trim();
                    match expr.strip_prefix("env.") {
                        Some(n) => (Some(n.trim()), 3 + end + 2),
                        None => (None, 3 + end + 2),
                    }
                }
                None => (None, tail.len()),
            }
        } else if let Some(inner) = tail.strip_prefix("${") {
            match inner.find('}') {
                Some(end) => (Some(&inner[..end]), 2 + end + 1),
                None => (None, tail.len()),
            }
        } else {
            let n = tail[1..]
                .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                .map_or(tail.len() - 1, |e| e);
            if n == 0 {
                (None, 1)
            } else {
                (Some(&tail[1..1 + n]), 1 + n)
            }
        };
        match name.and_then(&lookup) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&tail[..used]),
        }
        rest = &tail[used..];
    }
    out.push_str(rest);
    out
}

/// Programs whose variable names stand for themselves (`$CARGO`, `${{ env.GO }}`).
pub fn conventional_program(var: &str) -> Option<String> {
    let lower = var.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "cargo"
            | "go"
            | "npm"
            | "yarn"
            | "pnpm"
            | "python"
            | "python3"
            | "pytest"
            | "make"
            | "mvn"
            | "gradle"
            | "dotnet"
            | "bazel"
            | "docker"
            | "cosign"
            | "goreleaser"
            | "tox"
            | "nox"
    )
    .then_some(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_multibyte_characters_split_without_panicking() {
        // Found by fuzz/ci_model: a two-byte window that ends inside a character.
        assert_eq!(
            simple_commands("gor\u{fffd}\u{fffd}"),
            vec!["gor\u{fffd}\u{fffd}"]
        );
        assert_eq!(
            simple_commands("é&&ü|$(ö) ; x"),
            vec!["é", "ü", "ö", "$(ö)", "x"]
        );
        assert_eq!(simple_commands("a\u{fffd}"), vec!["a\u{fffd}"]);
    }

    /// Review class 4: a commit message that names a tool in parentheses is no run of it.
    #[test]
    fn separators_in_quotes_are_words_but_substitutions_run() {
        assert_eq!(
            simple_commands("git commit --signoff -m \"chore(renovate): update\"; make x"),
            vec![
                "git commit --signoff -m \"chore(renovate): update\"",
                "make x"
            ]
        );
        assert_eq!(
            simple_commands("echo 'a | trivy (x)' && go test"),
            vec!["echo 'a | trivy (x)'", "go test"]
        );
        // A substitution runs its command (with quotes of its own), and the command around
        // it goes on.
        assert_eq!(
            simple_commands("V=\"$(git describe --tags \"x\")\" make"),
            vec![
                "git describe --tags \"x\"",
                "V=\"$(git describe --tags \"x\")\" make"
            ]
        );
        assert_eq!(
            simple_commands("GOPATH=$(go env GOPATH) make -j\"$(nproc)\" test | tee o"),
            vec![
                "go env GOPATH",
                "nproc",
                "GOPATH=$(go env GOPATH) make -j\"$(nproc)\" test",
                "tee o"
            ]
        );
        assert_eq!(
            words("GOPATH=$(go env GOPATH) make -j\"$(nproc)\" test"),
            vec!["GOPATH=$(go env GOPATH)", "make", "-j\"$(nproc)\"", "test"]
        );
        assert_eq!(
            invocation("GOPATH=$(go env GOPATH) make -j\"$(nproc)\" test").map(|x| x.0),
            Some("make".to_string())
        );
        // Unbalanced quotes (an apostrophe in prose): split as before.
        assert_eq!(
            simple_commands("it's ok; gosec ./..."),
            vec!["it's ok", "gosec ./..."]
        );
    }

    #[test]
    fn logical_lines_join_continuations_and_skip_prints() {
        let t = "#!/bin/sh\n# sign\necho \"== cosign sign\"\ncosign sign \\\n  --yes img\n\ngo test ./...\n";
        let l = logical_lines(t);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].offset, 3);
        assert_eq!(l[0].text, "cosign sign --yes img");
        assert_eq!(l[1].offset, 6);
        assert!(!is_print("echo x && go test ./..."));
    }

    #[test]
    fn programs_at_command_position() {
        let names =
            |l: &str| -> Vec<String> { invocations(l).into_iter().map(|(n, _)| n).collect() };
        assert_eq!(names("sudo -E gosec ./..."), vec!["gosec"]);
        assert_eq!(names("GOFLAGS=x gosec ./..."), vec!["gosec"]);
        assert_eq!(
            names("cd x && ./hack/release.sh v1"),
            vec!["cd", "release.sh"]
        );
        assert_eq!(names("pipx run zizmor ."), vec!["zizmor"]);
        assert_eq!(
            names("LDFLAGS=\"$(LDFLAGS)\" goreleaser release --clean"),
            vec!["LDFLAGS", "goreleaser"]
        );
        assert_eq!(names("python -m bandit -r ."), vec!["bandit"]);
        assert_eq!(
            names("go run github.com/securego/gosec/v2/cmd/gosec@latest ./..."),
            vec!["gosec"]
        );
        assert_eq!(names("gh repo view --repo semgrep/semgrep"), vec!["gh"]);
        assert_eq!(
            names(
                "docker run -t --rm -v $(pwd):/app -w /app golangci/golangci-lint:v2 golangci-lint run -v"
            ),
            vec!["pwd", "docker", "golangci-lint"]
        );
        assert_eq!(
            names("sha256sum dist/* | tee SHA256SUMS"),
            vec!["sha256sum", "tee"]
        );
    }

    #[test]
    fn variables_substituted() {
        let look = |n: &str| conventional_program(n).or_else(|| (n == "V").then(|| "1.2".into()));
        assert_eq!(substitute("${{ env.CARGO }} test", look), "cargo test");
        assert_eq!(substitute("$CARGO test --all", look), "cargo test --all");
        assert_eq!(
            substitute("echo ${V} $UNKNOWN $", look),
            "echo 1.2 $UNKNOWN $"
        );
        assert_eq!(substitute("${{ matrix.os }}", look), "${{ matrix.os }}");
    }
}
