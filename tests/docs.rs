//! The documentation says what the code does: tables that the code defines are shown
//! exactly, so they cannot drift.

use std::path::Path;

use firelog::access_log::nginx::{PREFIXES, VARIABLES, VarKind};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
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

#[test]
fn the_formats_page_shows_every_nginx_variable() {
    let page = read("docs/formats.md");
    let table = nginx_table();
    assert!(page.contains(&table), "docs/formats.md lacks this table:\n{table}");
}
