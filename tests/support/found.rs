//! Something a test needs from outside the repository (the shared corpus, a tool the
//! test command installs): found, or the test says SKIPPED and returns; or, with
//! `require_var=1` set (as CI does), its absence fails the test.

use std::path::PathBuf;

pub fn found(path: PathBuf, require_var: &str, how_to_get_it: &str) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os(require_var).is_some_and(|v| v == "1") {
        panic!("{require_var}=1 but nothing at {}", path.display());
    }
    eprintln!("SKIPPED: nothing at {} ({how_to_get_it})", path.display());
    None
}
