//! Criterion benches of one JSON access-log line read by key paths: firelog's own reader
//! (`json_object::read`, no copy, no allocation) against simd-json (which parses in
//! place, so each line is first copied into a reused buffer, as the Lambda would have to)
//! as a DOM with the same keys looked up, and as a tape.
//!
//! `cargo bench --bench json_line -- --warm-up-time 1 --measurement-time 3`;
//! `cargo bench --bench json_line -- --test` runs each once.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firelog::json_object::{self, Paths, Value};
use simd_json::prelude::*;

const CADDY: &[u8] = include_bytes!("../testdata/json/caddy.jsonl");
const TRAEFIK: &[u8] = include_bytes!("../testdata/json/traefik.jsonl");

/// The paths a Caddy format reads (what its `combined`-like columns need).
const CADDY_PATHS: &[&str] = &[
    "ts",
    "request.client_ip",
    "request.proto",
    "request.method",
    "request.host",
    "request.uri",
    "request.headers.User-Agent",
    "request.headers.Referer",
    "user_id",
    "duration",
    "size",
    "status",
];

/// The paths a Traefik format reads.
const TRAEFIK_PATHS: &[&str] = &[
    "ClientHost",
    "ClientUsername",
    "StartUTC",
    "RequestMethod",
    "RequestPath",
    "RequestProtocol",
    "RequestHost",
    "DownstreamStatus",
    "DownstreamContentSize",
    "Duration",
    "request_User-Agent",
    "request_Referer",
];

/// Looks `path` up in a simd-json DOM, key by key; counts what it found.
fn lookup(value: &simd_json::BorrowedValue<'_>, path: &str) -> bool {
    let mut at = value;
    for key in path.split('.') {
        match at.get(key) {
            Some(next) => at = next,
            None => return false,
        }
    }
    true
}

fn json_line(c: &mut Criterion) {
    let mut group = c.benchmark_group("json_line");
    for (name, line, paths) in [("caddy", CADDY, CADDY_PATHS), ("traefik", TRAEFIK, TRAEFIK_PATHS)] {
        let line = line.trim_ascii_end();
        group.throughput(Throughput::Bytes(line.len() as u64));
        let compiled = Paths::new(paths).expect("paths");
        let mut out = vec![Value::default(); compiled.len()];
        group.bench_function(format!("{name}/firelog"), |b| {
            b.iter(|| {
                json_object::read(black_box(line), &compiled, &mut out).expect("JSON");
                black_box(&out);
            })
        });
        let mut copy = Vec::with_capacity(line.len());
        let mut buffers = simd_json::Buffers::new(line.len());
        group.bench_function(format!("{name}/simd_json_borrowed"), |b| {
            b.iter(|| {
                copy.clear();
                copy.extend_from_slice(black_box(line));
                let value = simd_json::to_borrowed_value_with_buffers(&mut copy, &mut buffers).expect("JSON");
                black_box(paths.iter().filter(|p| lookup(&value, p)).count());
            })
        });
        group.bench_function(format!("{name}/simd_json_tape"), |b| {
            b.iter(|| {
                copy.clear();
                copy.extend_from_slice(black_box(line));
                let tape = simd_json::to_tape_with_buffers(&mut copy, &mut buffers).expect("JSON");
                black_box(tape.0.len());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, json_line);
criterion_main!(benches);
