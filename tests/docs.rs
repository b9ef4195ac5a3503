//! The documentation says what the code does: tables that the code defines are shown
//! exactly, so they cannot drift; every link leads somewhere; every test the pages cite
//! exists.
//!
//! The pages are `README.md` and `docs/*.md`.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use firelog::access_log::dialect::RowKind;
use firelog::access_log::haproxy::{ALIASES, AliasKind};
use firelog::access_log::log_format::DIRECTIVES;
use firelog::access_log::nginx::{PREFIXES, VARIABLES, VarKind};
use firelog::settings;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The pages, as paths from the repository's top folder: `README.md`, then `docs/*.md`.
fn pages() -> Vec<String> {
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("an entry of docs/").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    docs.sort();
    let mut pages = vec!["README.md".to_string()];
    pages.extend(docs);
    pages
}

/// The stems of the files of a folder with extension `rs`: `tests/record_contract.rs` is
/// `record_contract`.
fn rust_stems(folder: &str) -> BTreeSet<String> {
    std::fs::read_dir(root().join(folder))
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().expect("a file name").to_string_lossy().into_owned())
        .collect()
}

/// Every `.rs` file under `src/`.
fn src_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a folder of src/") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), &mut out);
    out.sort();
    out
}

/// A page with its fenced code blocks blanked (their lines kept empty, so line numbers hold).
fn prose(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut fence: Option<&str> = None;
    for line in page.lines() {
        let trimmed = line.trim_start();
        match fence {
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                fence = Some(&trimmed[..3]);
            }
            None => out.push_str(line),
            Some(f) if trimmed.starts_with(f) => fence = None,
            Some(_) => {}
        }
        out.push('\n');
    }
    out
}

/// Prose split into its text outside inline code (each code span blanked, its line breaks
/// kept) and the code spans' contents, each with its line number. A span closes on a run
/// of as many backticks as opened it, within its paragraph (CommonMark's rule).
fn split_code_spans(prose: &str) -> (String, Vec<(usize, String)>) {
    let b = prose.as_bytes();
    let run_at = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let (mut text, mut spans) = (String::with_capacity(prose.len()), Vec::new());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = run_at(i);
        let mut j = i + run;
        let mut close = None;
        while j < b.len() && !prose[j..].starts_with("\n\n") {
            if b[j] == b'`' {
                let r = run_at(j);
                if r == run {
                    close = Some(j);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        let Some(j) = close else {
            i += run;
            continue;
        };
        let inside = &prose[i + run..j];
        text.push_str(&prose[copied..i]);
        text.push(' ');
        text.extend(inside.chars().filter(|&c| c == '\n'));
        let line = 1 + prose[..i].matches('\n').count();
        spans.push((line, inside.replace('\n', " ").trim().to_string()));
        i = j + run;
        copied = i;
    }
    text.push_str(&prose[copied..]);
    (text, spans)
}

/// GitHub's anchor for a heading: lower case; letters, digits, `-` and `_` kept, each space
/// a `-`, everything else (punctuation, backticks) dropped.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a page's headings (`#` to `######` outside code blocks), as GitHub makes
/// them: a repeated slug gets `-1`, `-2`...
fn anchors(page: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for line in prose(page).lines() {
        let hashes = line.bytes().take_while(|&c| c == b'#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = slug(line[hashes..].trim().trim_end_matches('#').trim());
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

/// The link targets of prose with code spans blanked, each with its line number: inline
/// links and images, `[text](target)` and `![alt](target "title")`, and reference
/// definitions, `[name]: target`.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].split_whitespace().next().unwrap_or("");
            out.push((n + 1, target.trim_matches(['<', '>']).to_string()));
            rest = &after[end..];
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[')
            && let Some(at) = trimmed.find("]:")
            && let Some(target) = trimmed[at + 2..].split_whitespace().next()
        {
            out.push((n + 1, target.to_string()));
        }
    }
    out
}

/// `base` joined with `relative`, `.` and `..` resolved by text; `None` when it leaves the
/// repository (GitHub would show nothing there).
fn join_within(base: &Path, relative: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = base.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    for c in Path::new(relative).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => parts.clear(),
        }
    }
    Some(parts.iter().collect())
}

/// What is wrong with a link of `page` (a path from the top folder), or `None` when it
/// leads to a file of the repository and, with `#anchor`, to a heading of that page.
/// Links to other sites (`http:`, `https:`, `mailto:`) are not fetched.
fn broken(page: &str, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("an empty link".into());
    }
    if ["http://", "https://", "mailto:"].iter().any(|s| target.starts_with(s)) {
        return None;
    }
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let file = if path.is_empty() {
        PathBuf::from(page)
    } else {
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        match join_within(dir, path) {
            Some(f) => f,
            None => return Some("leads out of the repository".into()),
        }
    };
    if !root().join(&file).exists() {
        return Some(format!("no file {}", file.display()));
    }
    let anchor = anchor?;
    if file.extension().is_some_and(|x| x == "md") {
        let headings = anchors(&read(&file.to_string_lossy()));
        if !headings.contains(anchor) {
            return Some(format!("{} has no heading #{anchor} (it has: {headings:?})", file.display()));
        }
        return None;
    }
    // GitHub's line anchors in a source file: #L10, #L10-L20.
    let line =
        |s: &str| s.strip_prefix('L').is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()));
    match anchor.split_once('-') {
        Some((a, b)) if line(a) && line(b) => None,
        None if line(anchor) => None,
        _ => Some(format!("#{anchor} is not a line of {}", file.display())),
    }
}

#[test]
fn every_link_leads_to_a_file_and_heading() {
    let mut bad = Vec::new();
    let mut count = 0;
    for page in pages() {
        let (text, _) = split_code_spans(&prose(&read(&page)));
        for (line, target) in links(&text) {
            count += 1;
            if let Some(why) = broken(&page, &target) {
                bad.push(format!("{page}:{line}: ({target}): {why}"));
            }
        }
    }
    assert!(count > 0, "no links found: the link reader is broken");
    assert!(bad.is_empty(), "{} broken link(s):\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn the_link_checker_knows_github_anchors_and_catches_what_is_missing() {
    assert_eq!(slug("The knobs: cost against throughput"), "the-knobs-cost-against-throughput");
    assert_eq!(slug("What the default forgives: `extra`"), "what-the-default-forgives-extra");
    assert_eq!(slug("CI/CD"), "cicd");
    assert_eq!(slug("What `scripts/test` runs"), "what-scriptstest-runs");
    assert_eq!(anchors("# A\n```\n# not a heading\n```\n## A\n"), BTreeSet::from(["a".into(), "a-1".into()]));
    assert_eq!(broken("README.md", "docs/operations.md#settings"), None);
    assert_eq!(broken("docs/testing.md", "../README.md#two-commands"), None);
    assert_eq!(broken("README.md", "https://example.com/nowhere"), None);
    assert!(broken("README.md", "docs/nowhere.md").is_some());
    assert!(broken("README.md", "docs/operations.md#nowhere").is_some());
    assert!(broken("README.md", "#nowhere").is_some());
    assert!(broken("docs/testing.md", "../../outside.md").is_some());
    let (text, spans) = split_code_spans("a [b](c.md) `[d](e.md)` and ``f `g` h``\n\nan odd ` tick");
    assert_eq!(links(&text), vec![(1, "c.md".to_string())]);
    assert_eq!(spans, vec![(1, "[d](e.md)".to_string()), (1, "f `g` h".to_string())]);
}

/// A name the pages cite as a test, and where it should be.
#[derive(Debug, PartialEq, Eq)]
enum Cited {
    /// `file::name`: `#[test] fn name` in `tests/file.rs`.
    Integration { file: String, name: String },
    /// `module::tests::name`: `#[test] fn name` inside `mod tests` of the file of `module`.
    Unit { module: Vec<String>, name: String },
    /// "fuzz target `name`": `fuzz/fuzz_targets/name.rs`.
    Fuzz(String),
}

/// What counts as a cited test name, in the text of a code span:
///
/// - only lower-case Rust identifiers joined by `::`, at least two (`a::b`): a span with a
///   capital, a space or other punctuation (`cloudwatch::MAX_INFLATED`, `cargo test`) is
///   not a test name;
/// - with a `tests` segment, it is a unit test: `timestamp::tests::table` is
///   `#[test] fn table` inside `mod tests` of the module `timestamp`, the file
///   `src/**/timestamp.rs` or `src/**/timestamp/mod.rs` (or a binary of `src/bin/`); the
///   segments before `tests` may give more of the module's path (`access_log::scan`);
/// - otherwise, when its first segment is the stem of a file of `tests/`, it is an
///   integration test: `record_contract::only_blank_lines_is_dropped` is
///   `#[test] fn only_blank_lines_is_dropped` in `tests/record_contract.rs` (a middle
///   segment names a `mod` of that file);
/// - any other such path (`lambda_runtime::run`) is code, not a test, and is not checked.
///
/// Fuzz targets are cited in prose: "fuzz target `parse_line`", "fuzz targets
/// `transform_event`, `record_data`" (the spans that follow "fuzz target" or "fuzz targets",
/// separated by commas or "and").
fn cited(span: &str, test_files: &BTreeSet<String>) -> Option<Cited> {
    let segments: Vec<&str> = span.split("::").collect();
    let identifier = |s: &&str| {
        s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if segments.len() < 2 || !segments.iter().all(identifier) {
        return None;
    }
    let name = segments[segments.len() - 1].to_string();
    if let Some(at) = segments.iter().position(|&s| s == "tests")
        && at > 0
        && at == segments.len() - 2
    {
        return Some(Cited::Unit { module: segments[..at].iter().map(|s| s.to_string()).collect(), name });
    }
    if test_files.contains(segments[0]) {
        return Some(Cited::Integration { file: segments[..segments.len() - 1].join("::"), name });
    }
    None
}

/// The fuzz targets named after "fuzz target" or "fuzz targets" in `text` (prose with its
/// code spans kept), each with its line number.
fn cited_fuzz_targets(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("fuzz") {
        let Some(after) = text[at + "fuzz".len()..].trim_start().strip_prefix("target") else { continue };
        let line = 1 + text[..at].matches('\n').count();
        let mut rest = after.strip_prefix('s').unwrap_or(after);
        loop {
            rest = rest.trim_start();
            rest = rest.strip_prefix("and").map_or(rest, str::trim_start);
            let Some(after) = rest.strip_prefix('`') else { break };
            let Some(end) = after.find('`') else { break };
            out.push((line, after[..end].to_string()));
            rest = &after[end + 1..];
            match rest.strip_prefix(',') {
                Some(r) => rest = r,
                None if rest.trim_start().starts_with("and") => {}
                None => break,
            }
        }
    }
    out
}

/// Whether `source` has a `#[test]` (or `#[tokio::test]`) function `name` after byte `from`.
fn has_test_fn(source: &str, from: usize, name: &str) -> bool {
    let lines: Vec<&str> = source[from..].lines().collect();
    lines.iter().enumerate().any(|(i, line)| {
        let l = line.trim_start();
        let l = l.strip_prefix("pub ").unwrap_or(l);
        let l = l.strip_prefix("async ").unwrap_or(l);
        let is_fn = l
            .strip_prefix("fn ")
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with(['(', '<']));
        // The attributes and comments just above the fn.
        is_fn
            && lines[..i]
                .iter()
                .rev()
                .map(|a| a.trim())
                .take_while(|a| a.starts_with("#[") || a.starts_with("//"))
                .any(|a| a == "#[test]" || a.starts_with("#[tokio::test"))
    })
}

/// Where the cited test should be, or `Err` saying why it is not there.
fn find(cite: &Cited, src: &[PathBuf]) -> Result<(), String> {
    match cite {
        Cited::Fuzz(target) => {
            let path = format!("fuzz/fuzz_targets/{target}.rs");
            if root().join(&path).exists() { Ok(()) } else { Err(format!("no {path}")) }
        }
        Cited::Integration { file, name } => {
            let mut parts = file.split("::");
            let stem = parts.next().expect("a first segment");
            let path = format!("tests/{stem}.rs");
            let source = read(&path);
            let mut from = 0;
            for module in parts {
                match source[from..].find(&format!("mod {module} ")) {
                    Some(at) => from += at,
                    None => return Err(format!("no mod {module} in {path}")),
                }
            }
            if has_test_fn(&source, from, name) {
                Ok(())
            } else {
                Err(format!("no #[test] fn {name} in {path}"))
            }
        }
        Cited::Unit { module, name } => {
            let last = module.last().expect("a module");
            // The files whose module path ends with `module`: `src/.../a/b.rs` or
            // `src/.../a/b/mod.rs` for `a::b`; a binary's file name has `-` for `_`.
            let candidates: Vec<&PathBuf> = src
                .iter()
                .filter(|f| {
                    let rel = f.strip_prefix(root().join("src")).expect("under src/");
                    let mut segs: Vec<String> =
                        rel.iter().map(|s| s.to_string_lossy().replace('-', "_")).collect();
                    let file = segs.pop().expect("a file name");
                    match file.strip_suffix(".rs") {
                        Some("mod") => {}
                        Some(stem) => segs.push(stem.to_string()),
                        None => return false,
                    }
                    if segs.first().is_some_and(|s| s == "bin") && segs.len() == 2 {
                        segs.remove(0);
                    }
                    segs.ends_with(module)
                })
                .collect();
            if candidates.is_empty() {
                return Err(format!("no file src/**/{last}.rs or src/**/{last}/mod.rs"));
            }
            for file in &candidates {
                let source = std::fs::read_to_string(file).expect("a source file");
                if let Some(at) = source.find("mod tests")
                    && has_test_fn(&source, at, name)
                {
                    return Ok(());
                }
            }
            let files: Vec<String> = candidates
                .iter()
                .map(|f| f.strip_prefix(root()).unwrap_or(f).display().to_string())
                .collect();
            Err(format!("no #[test] fn {name} in mod tests of {}", files.join(" or ")))
        }
    }
}

/// Every test name the pages cite (the rule: [`cited`]), each with where it is cited.
fn citations() -> Vec<(String, String, Cited)> {
    let test_files = rust_stems("tests");
    let mut out = Vec::new();
    for page in pages() {
        let prose = prose(&read(&page));
        let (_, spans) = split_code_spans(&prose);
        for (line, span) in spans {
            if let Some(c) = cited(&span, &test_files) {
                out.push((format!("{page}:{line}"), span, c));
            }
        }
        for (line, target) in cited_fuzz_targets(&prose) {
            out.push((format!("{page}:{line}"), format!("fuzz target {target}"), Cited::Fuzz(target)));
        }
    }
    out
}

#[test]
fn every_cited_test_exists() {
    let src = src_files();
    let citations = citations();
    assert!(citations.len() > 20, "only {} cited tests found: the reader is broken", citations.len());
    let missing: Vec<String> = citations
        .iter()
        .filter_map(|(at, span, c)| find(c, &src).err().map(|why| format!("{at}: `{span}`: {why}")))
        .collect();
    assert!(missing.is_empty(), "{} cited test(s) do not exist:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn what_counts_as_a_cited_test() {
    let files = BTreeSet::from(["record_contract".to_string(), "routing".to_string()]);
    let unit = |m: &[&str], n: &str| {
        Some(Cited::Unit { module: m.iter().map(|s| s.to_string()).collect(), name: n.into() })
    };
    let integration = |f: &str, n: &str| Some(Cited::Integration { file: f.into(), name: n.into() });
    assert_eq!(
        cited("record_contract::only_blank_lines_is_dropped", &files),
        integration("record_contract", "only_blank_lines_is_dropped")
    );
    assert_eq!(cited("routing::tests::table", &files), unit(&["routing"], "table"));
    assert_eq!(cited("access_log::scan::tests::x", &files), unit(&["access_log", "scan"], "x"));
    assert_eq!(cited("cloudwatch::MAX_INFLATED", &files), None);
    assert_eq!(cited("lambda_runtime::run", &files), None);
    assert_eq!(cited("record_contract", &files), None);
    assert_eq!(
        cited_fuzz_targets("fuzz target `parse_line`; fuzz\ntargets `a`, `b` and `c`, then `d`"),
        [(1, "parse_line"), (1, "a"), (1, "b"), (1, "c")].map(|(l, t)| (l, t.to_string()))
    );
    // A test that is not there is caught.
    let src = src_files();
    assert!(find(&integration("record_contract", "no_such_test").unwrap(), &src).is_err());
    assert!(find(&unit(&["settings"], "no_such_test").unwrap(), &src).is_err());
    assert!(find(&unit(&["no_such_module"], "table").unwrap(), &src).is_err());
    assert!(find(&Cited::Fuzz("no_such_target".into()), &src).is_err());
    assert_eq!(find(&Cited::Fuzz("parse_line".into()), &src), Ok(()));
}

/// The README's settings table, as `settings::VARIABLES` makes it: the "allowed" column is
/// what the start-up error says after "is not allowed: ".
fn settings_table() -> String {
    let mut t = String::from("| variable | default | allowed |\n|---|---|---|\n");
    for v in settings::VARIABLES {
        assert!(!v.allowed.contains('|'), "{}'s allowed text has a |, which would split its cell", v.name);
        let default = if v.default.is_empty() { "none".to_string() } else { format!("`{}`", v.default) };
        t.push_str(&format!("| `{}` | {default} | {} |\n", v.name, v.allowed));
    }
    t
}

#[test]
fn the_readme_shows_every_setting() {
    let readme = read("README.md");
    let table = settings_table();
    assert!(readme.contains(&table), "README.md lacks this table:\n{table}");
}

/// The nginx variable table of `docs/formats.md`, as `nginx::VARIABLES` and `PREFIXES` make it.
fn nginx_table() -> String {
    let mut t = String::from("| variable | key | type | what nginx logs |\n|---|---|---|---|\n");
    for v in VARIABLES {
        let key = if v.kind == VarKind::Request {
            "`method`, `path`, `protocol`, `request`".to_string()
        } else {
            format!("`{}`", v.key)
        };
        t.push_str(&format!("| `${}` | {key} | {} | {} |\n", v.name, v.kind.describe(), v.doc));
    }
    for (prefix, key_prefix, kind, doc) in PREFIXES {
        let key = if key_prefix.is_empty() { "NAME".to_string() } else { format!("`{key_prefix}` + NAME") };
        t.push_str(&format!("| `${prefix}NAME` | {key} | {} | {doc} |\n", kind.describe()));
    }
    t
}

/// The HAProxy alias table of `docs/formats.md`, as `haproxy::ALIASES` makes it.
fn haproxy_table() -> String {
    let mut t = String::from("| alias | key | type | what HAProxy logs |\n|---|---|---|---|\n");
    for a in ALIASES {
        let key = if a.kind == AliasKind::Request {
            "`method`, `path`, `protocol`, `request`".to_string()
        } else {
            format!("`{}`", a.key)
        };
        t.push_str(&format!("| `%{}` | {key} | {} | {} |\n", a.name, a.kind.describe(), a.doc));
    }
    t
}

#[test]
fn the_formats_page_shows_every_haproxy_alias() {
    let page = read("docs/formats.md");
    let table = haproxy_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}

#[test]
fn the_formats_page_shows_every_nginx_variable() {
    let page = read("docs/formats.md");
    let table = nginx_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}

/// The Envoy operator table of `docs/formats.md`, as `envoy::OPERATORS` and `FAMILIES`
/// make it: an address's port key follows its own, and a family's key is its prefix
/// and the argument in snake case (NAME).
fn envoy_table() -> String {
    use firelog::access_log::envoy::{FAMILIES, OPERATORS, OpKind};
    let mut t = String::from("| operator | key | type | what Envoy logs |\n|---|---|---|---|\n");
    for o in OPERATORS {
        assert!(!o.doc.contains('|'), "{}'s doc has a |, which would split its cell", o.name);
        let key = match o.kind {
            OpKind::Address(port) => format!("`{}`, `{port}`", o.key),
            _ => format!("`{}`", o.key),
        };
        t.push_str(&format!("| `%{}%` | {key} | {} | {} |\n", o.name, o.kind.describe(), o.doc));
    }
    for f in FAMILIES {
        let key = match f.prefix {
            "" => "NAME".to_string(),
            p if p.ends_with('_') => format!("`{p}` + NAME"),
            p => format!("`{p}`"),
        };
        t.push_str(&format!("| `%{}%` | {key} | {} | {} |\n", f.form, f.kind.describe(), f.doc));
    }
    t
}

#[test]
fn the_formats_page_shows_every_envoy_operator() {
    let page = read("docs/formats.md");
    let table = envoy_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}

/// The Apache directive table of `docs/formats.md`, as `log_format::DIRECTIVES` makes it: a
/// key's `NAME` is the argument in snake case, and an alternative key follows in "(or ...)".
fn apache_table() -> String {
    let key = |k: &str| match k.strip_suffix("NAME") {
        Some("") => "NAME".to_string(),
        Some(prefix) => format!("`{prefix}` + NAME"),
        None => format!("`{k}`"),
    };
    let mut t = String::from("| directive | key | type | what Apache logs |\n|---|---|---|---|\n");
    for d in DIRECTIVES {
        assert!(!d.doc.contains('|'), "{}'s doc has a |, which would split its cell", d.form);
        let mut keys = match d.kind {
            RowKind::Request => "`method`, `path`, `protocol`, `request`".to_string(),
            RowKind::Percent => "(none)".to_string(),
            _ => key(d.key),
        };
        if let Some(alt) = d.alt_key {
            keys.push_str(&format!(" (or {})", key(alt)));
        }
        t.push_str(&format!("| `{}` | {keys} | {} | {} |\n", d.form, d.kind.describe(), d.doc));
    }
    t
}

#[test]
fn the_formats_page_shows_every_apache_directive() {
    let page = read("docs/formats.md");
    let table = apache_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}

/// The profile table of `docs/formats.md`, as `profile::NAMES`, `DURATIONS`, `HEADERS`,
/// `SERVER_NAMES` and `ENRICHED` make it.
fn profile_table() -> String {
    use firelog::profile::{Convert, DURATIONS, ENRICHED, HEADERS, NAMES, SERVER_NAMES};
    let name = |n: &str| if n.is_empty() { "(fallback)".to_string() } else { format!("`{n}`") };
    let how = |c: Convert| match c {
        Convert::AsIs => "as written",
        Convert::Version => "`HTTP/1.1` is `1.1`",
        Convert::Array => "OTel: an array of the one string",
        Convert::Bot => "OTel: `true` is `\"bot\"`, `false` is null",
        _ => "see below",
    };
    let mut t = String::from("| firelog key | `ecs` | `otel` | value |\n|---|---|---|---|\n");
    for (key, ecs, otel, convert) in NAMES {
        t.push_str(&format!("| `{key}` | {} | {} | {} |\n", name(ecs), name(otel), how(*convert)));
    }
    for (key, power) in DURATIONS {
        t.push_str(&format!(
            "| `{key}` | `event.duration` | (fallback) | ECS: nanoseconds, times 10^{power} |\n"
        ));
    }
    for (header, ecs, otel) in HEADERS {
        t.push_str(&format!("| request header `{header}` | {} | {} | as written |\n", name(ecs), name(otel)));
    }
    for (server, key, ecs, otel, convert) in SERVER_NAMES {
        let server = server.name();
        t.push_str(&format!("| {server}'s `{key}` | {} | {} | {} |\n", name(ecs), name(otel), how(*convert)));
    }
    for (key, ecs, otel, convert) in ENRICHED {
        t.push_str(&format!("| enrichment `{key}` | {} | {} | {} |\n", name(ecs), name(otel), how(*convert)));
    }
    t
}

#[test]
fn the_formats_page_shows_every_profile_name() {
    let page = read("docs/formats.md");
    let table = profile_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}

/// The JSON tables of `docs/formats.md`, as `json_formats::NICKNAMES` makes them.
fn json_tables() -> String {
    use firelog::access_log::json_formats::NICKNAMES;
    let mut t = String::new();
    for (name, fields, source) in NICKNAMES {
        t.push_str(&format!("### `{name}`\n\nFrom <{source}>.\n\n"));
        t.push_str("| key path | key | type | what the docs say |\n|---|---|---|---|\n");
        for f in *fields {
            assert!(!f.doc.contains('|'), "{}'s doc has a |, which would split its cell", f.path);
            let path =
                if f.by_default { format!("`{}`", f.path) } else { format!("`{}` (when kept)", f.path) };
            t.push_str(&format!("| {path} | `{}` | {} | {} |\n", f.key, f.kind.describe(), f.doc));
        }
        t.push('\n');
    }
    t
}

/// The AWS tables of `docs/formats.md`, as `aws::LAYOUTS` makes them.
fn aws_tables() -> String {
    use firelog::access_log::aws::LAYOUTS;
    let mut t = String::new();
    for layout in LAYOUTS {
        t.push_str(&format!("### `{}`\n\nFrom <{}>.\n\n", layout.nickname, layout.source));
        t.push_str("| field | key | type | what AWS's docs say |\n|---|---|---|---|\n");
        for f in layout.fields {
            assert!(!f.doc.contains('|'), "{}'s doc has a |, which would split its cell", f.name);
            let name = if f.quoted { format!("`\"{}\"`", f.name) } else { format!("`{}`", f.name) };
            let later =
                if layout.later.contains(&f.name) { " (may be absent, and all after it)" } else { "" };
            t.push_str(&format!("| {name}{later} | `{}` | {} | {} |\n", f.key, f.value.describe(), f.doc));
        }
        t.push('\n');
    }
    t
}

#[test]
fn the_formats_page_shows_every_aws_field() {
    let page = read("docs/formats.md");
    let tables = aws_tables();
    assert!(page.contains(&tables), "docs/formats.md lacks these tables:\n{tables}");
}

#[test]
fn the_formats_page_shows_every_json_key_path() {
    let page = read("docs/formats.md");
    let tables = json_tables();
    assert!(page.contains(&tables), "docs/formats.md lacks these tables:\n{tables}");
}

/// The API Gateway tables of `docs/formats.md`: the presets, as
/// `apigateway::NICKNAMES` holds them, and the variables, as `apigateway::VARIABLES` and
/// `PREFIXES` make them.
fn apigateway_tables() -> [String; 2] {
    use firelog::access_log::apigateway::{NICKNAMES, PREFIXES, VARIABLES, snake_case};
    let mut t = String::from("| nickname | format |\n|---|---|\n");
    for (name, format) in NICKNAMES {
        t.push_str(&format!("| `{name}` | `{format}` |\n"));
    }
    let mut v_table = String::from("| variable | key | type | what AWS's docs say |\n|---|---|---|---|\n");
    for v in VARIABLES {
        assert!(!v.doc.contains('|'), "{}'s doc has a |, which would split its cell", v.name);
        let row = format!("| `$context.{}` | `{}` | {} | {} |\n", v.name, v.key, v.kind.describe(), v.doc);
        v_table.push_str(&row);
    }
    for (prefix, doc) in PREFIXES {
        let key = snake_case(prefix);
        v_table.push_str(&format!(
            "| `$context.{prefix}NAME` | `{key}` + NAME | string; `-` is null | {doc} |\n"
        ));
    }
    [t, v_table]
}

#[test]
fn the_formats_page_shows_every_api_gateway_variable() {
    let page = read("docs/formats.md");
    for table in apigateway_tables() {
        assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
    }
}

/// A dialect's table in `docs/formats.md`, as its reader's rows make it
/// (`access_log::dialect::Row`): a key's `NAME` is the argument in snake case.
fn dialect_table(rows: &[firelog::access_log::dialect::Row], server: &str) -> String {
    use firelog::access_log::dialect::RowKind;
    let mut t = format!("| directive | key | type | what {server} logs |\n|---|---|---|---|\n");
    for r in rows {
        assert!(!r.doc.contains('|') && !r.form.contains('|'), "{}'s row has a |", r.form);
        let key = match (r.kind, r.key.strip_suffix("NAME")) {
            (RowKind::Request, _) => "`method`, `path`, `protocol`, `request`".to_string(),
            (RowKind::Percent, _) => "(none)".to_string(),
            (_, Some("")) => "NAME".to_string(),
            (_, Some(prefix)) => format!("`{prefix}` + NAME"),
            (_, None) => format!("`{}`", r.key),
        };
        t.push_str(&format!("| `{}` | {key} | {} | {} |\n", r.form, r.kind.describe(), r.doc));
    }
    t
}

#[test]
fn the_formats_page_shows_every_dialect_directive() {
    use firelog::access_log::{squid, tomcat, traefik, varnish};
    let page = read("docs/formats.md");
    let tables = [
        dialect_table(traefik::FIELDS, "Traefik"),
        dialect_table(tomcat::LETTERS, "Tomcat"),
        dialect_table(squid::CODES, "Squid"),
        dialect_table(varnish::EXTENSIONS, "varnishncsa"),
    ];
    let missing: Vec<&String> = tables.iter().filter(|t| !page.contains(t.as_str())).collect();
    assert!(
        missing.is_empty(),
        "docs/formats.md lacks these tables:\n{}",
        missing.iter().map(|t| format!("{t}\n")).collect::<String>()
    );
}
