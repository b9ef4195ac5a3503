//! Finds the shared corpora of real lines: Apache's combined (`FIRELOG_CORPUS`, else
//! `../shared/corpus/apache_logs` beside the checkout) and nginx's `main`
//! (`FIRELOG_NGINX_CORPUS`, else `../shared/corpus/nginx_main.log`). A user's clone has
//! neither, so callers skip and say so; with `FIRELOG_REQUIRE_CORPUS=1` (CI) a missing
//! corpus fails.

use std::path::PathBuf;

use super::{found, root};

pub fn path() -> Option<PathBuf> {
    let candidate = match std::env::var_os("FIRELOG_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => root().join("../shared/corpus/apache_logs"),
    };
    found::found(candidate, "FIRELOG_REQUIRE_CORPUS", "set FIRELOG_CORPUS to a combined-format log")
}

pub fn read() -> Option<Vec<u8>> {
    read_path(path()?)
}

/// The 1,000 real nginx `main` lines.
pub fn read_nginx() -> Option<Vec<u8>> {
    let candidate = match std::env::var_os("FIRELOG_NGINX_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => root().join("../shared/corpus/nginx_main.log"),
    };
    read_path(found::found(
        candidate,
        "FIRELOG_REQUIRE_CORPUS",
        "set FIRELOG_NGINX_CORPUS to an nginx main-format log",
    )?)
}

fn read_path(path: PathBuf) -> Option<Vec<u8>> {
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())))
}
