//! The library's layers point one way: no module imports one that imports it back,
//! directly or through others. Read from the code's own paths (`crate::a::b`, `super::`,
//! `self::`, in `use` items and in code, test modules too), as
//! `python3 ../shared/tools/modgraph.py src` reads them; a parent's `mod child;` and its
//! facade (`pub use child::X;`) are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module (`a::b` for `src/a/b.rs` or `src/a/b/mod.rs`; `` for lib.rs) and its text.
fn modules() -> BTreeMap<Vec<String>, String> {
    fn walk(dir: &Path, src: &Path, out: &mut BTreeMap<Vec<String>, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(src).unwrap();
            if path.is_dir() {
                if rel != Path::new("bin") {
                    walk(&path, src, out);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let mut parts: Vec<String> =
                rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            out.insert(parts, code_only(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&src, &src, &mut out);
    out
}

/// The text without comments, string literals (raw ones too) and character literals,
/// so that only code's paths are read.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(hashes) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let open = rest.find('"').unwrap() + 1;
            i += open + rest[open..].find(&close).map_or(rest.len() - open, |e| e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && char_literal_len(rest).is_some() {
            i += char_literal_len(rest).unwrap();
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `r"`, `r#"`, `br##"`...: the number of `#`.
fn raw_string_start(rest: &str) -> Option<usize> {
    let rest = rest.strip_prefix('b').unwrap_or(rest);
    let rest = rest.strip_prefix('r')?;
    let hashes = rest.bytes().take_while(|&c| c == b'#').count();
    (rest.as_bytes().get(hashes) == Some(&b'"')).then_some(hashes)
}

/// The length of a character literal at the start (`'a'`, `'\''`, `'\u{1}'`), not a
/// lifetime (`'a`).
fn char_literal_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if b.get(1) == Some(&b'\\') {
        return rest[2..].find('\'').map(|e| e + 3);
    }
    let c = rest[1..].chars().next()?;
    (rest.as_bytes().get(1 + c.len_utf8()) == Some(&b'\'')).then_some(2 + c.len_utf8())
}

/// The modules `module` imports: every `crate::`, `super::` and `self::` path, resolved
/// to the longest module that exists. A facade (`pub use child::X;`) has no such prefix.
fn imports(module: &[String], text: &str, all: &BTreeMap<Vec<String>, String>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let words: Vec<&str> = text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).collect();
    for word in words {
        let parts: Vec<&str> = word.split("::").collect();
        let (mut base, rest): (Vec<String>, &[&str]) = match parts.first() {
            Some(&"crate") => (Vec::new(), &parts[1..]),
            Some(&"self") => (module.to_vec(), &parts[1..]),
            Some(&"super") => {
                let mut base = module.to_vec();
                let mut rest = &parts[..];
                while rest.first() == Some(&"super") {
                    base.pop();
                    rest = &rest[1..];
                }
                (base, rest)
            }
            _ => continue,
        };
        let rest: Vec<&str> = rest.iter().copied().filter(|p| !p.is_empty()).collect();
        // `use super::*;` in a file's `mod tests` is the file's own module.
        if rest.is_empty() && parts[0] != "crate" {
            continue;
        }
        base.extend(rest.iter().map(|p| p.to_string()));
        for n in (0..=base.len()).rev() {
            if all.contains_key(&base[..n]) {
                if base[..n] != *module {
                    out.insert(base[..n].to_vec());
                }
                break;
            }
        }
    }
    // `use crate::{a::X, b::Y};`
    for group in text.split("crate::{").skip(1) {
        let inner = group.split('}').next().unwrap_or("");
        for item in inner.split(',') {
            let path: Vec<String> = item.trim().split("::").map(str::to_string).collect();
            if let Some(n) = (1..=path.len()).rev().find(|&n| all.contains_key(&path[..n])) {
                out.insert(path[..n].to_vec());
            }
        }
    }
    out
}

fn name(module: &[String]) -> String {
    if module.is_empty() { "lib".into() } else { module.join("::") }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let all = modules();
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> =
        all.iter().map(|(m, text)| (m.clone(), imports(m, text, &all))).collect();
    assert!(graph.len() > 20, "the modules were found: {:?}", graph.keys().collect::<Vec<_>>());
    // Every path from each module: a module that reaches itself is in a loop.
    let mut loops = Vec::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut next: Vec<&Vec<String>> = graph[start].iter().collect();
        while let Some(m) = next.pop() {
            if m == start {
                let back: Vec<String> =
                    graph[start].iter().filter(|d| reaches(&graph, d, start)).map(|d| name(d)).collect();
                loops.push(format!("{} -> {} -> ... -> {}", name(start), back.join(" | "), name(start)));
                break;
            }
            if seen.insert(m) {
                next.extend(graph.get(m).into_iter().flatten());
            }
        }
    }
    assert!(loops.is_empty(), "modules that import each other in a loop:\n{}", loops.join("\n"));
}

fn reaches(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &Vec<String>,
    to: &Vec<String>,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut next = vec![from];
    while let Some(m) = next.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m) {
            next.extend(graph.get(m).into_iter().flatten());
        }
    }
    false
}

/// The reader finds what it must: a path in code, not one in a string or a comment.
#[test]
fn the_reader_sees_code_paths_only() {
    let text = code_only(
        "use crate::a::B; // crate::c\nlet s = \"crate::d\"; let r = r#\"crate::e\"#; let q = '\"'; f(crate::g::h);",
    );
    assert_eq!(text, "use crate::a::B; \nlet s = \"\"; let r = \"\"; let q = ' '; f(crate::g::h);");
    let all: BTreeMap<Vec<String>, String> =
        [vec![], vec!["a".to_string()], vec!["g".to_string()], vec!["x".to_string()]]
            .into_iter()
            .map(|m| (m, String::new()))
            .collect();
    let found = imports(&["x".to_string()], &text, &all);
    assert_eq!(found, BTreeSet::from([vec!["a".to_string()], vec!["g".to_string()]]));
}

/// Rooms a reader can hold: no module over 600 lines of code (tests, comments and blank
/// lines aside) and no function over 80 lines, in the library and the two programs.
#[test]
fn no_module_over_600_lines_of_code_and_no_function_over_80() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 20, "{files:?}");
    let mut over = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().take_while(|l| !l.starts_with("#[cfg(test)]")).collect();
        let code = lines.iter().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//")).count();
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        if code > 600 {
            over.push(format!("{name}: {code} lines of code"));
        }
        for (start, line) in lines.iter().enumerate() {
            let Some(fn_at) = function_start(line) else { continue };
            let indent = &line[..fn_at];
            let close = format!("{indent}}}");
            let Some(len) = lines[start..].iter().position(|l| l.trim_end() == close) else { continue };
            if len + 1 > 80 {
                over.push(format!("{name}:{}: a function of {} lines: {}", start + 1, len + 1, line.trim()));
            }
        }
    }
    assert!(over.is_empty(), "rooms too large:\n{}", over.join("\n"));
}

/// Where a function's definition starts on `line` (its indentation), if it does: `fn`,
/// `pub fn`, `pub(crate) fn`, `const fn`, `async fn`..., with a body (not a `;`).
fn function_start(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = line.trim_start();
    for word in ["pub(crate) ", "pub(super) ", "pub ", "const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    (rest.starts_with("fn ") && !line.trim_end().ends_with(';')).then_some(indent)
}
