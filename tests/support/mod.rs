//! What the integration tests share: the repository's files, events and settings built
//! as the Lambda receives them, base64, the corpora and the tools found outside, and the
//! scanner held to its definition. Each test binary declares `mod support;`.

// Each test binary (and the bench) uses only some of these helpers.
#![allow(dead_code)]

pub mod b64;
pub mod cloudwatch;
pub mod corpus;
pub mod definition;
pub mod emulator;
pub mod found;
pub mod lines;
pub mod mmdb;
pub mod rows;
pub mod schema;
pub mod settings;
pub mod template;
pub mod testdata;

use std::path::Path;

/// The repository's root, where `Cargo.toml` is: tests read `testdata/` and run the CLI
/// from there.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
