#!/usr/bin/env python3
"""firelog against the Python and Go baselines, on the same 6 MB corpus event, in one run.

1. Builds firelog (release), the Go baseline, and a 6 MB Firehose event from the corpus
   (and one of the same lines as Debian's vhost_combined writes them, for a custom
   LOG_FORMAT beside the built-in combined).
2. Checks that the three produce the same decoded records (a mismatch stops it).
3. Times the three interleaved, round after round, each reporting its own in-process
   transform time per event (event JSON in, response JSON out; no process start).
4. Runs the criterion benches that the goals name (transform vs floor, cold start, every
   enrichment on with a 70 MB City database).
5. Measures peak RSS of `firelog invoke` (plain and enriched), a whole enriched process
   with its databases evicted from the page cache, and the Lambda bootstrap's size.
6. Writes benches/results/latest.md and latest.svg and prints the table.

Usage: scripts/compare [--quick]   (--quick: fewer rounds, for a smoke run)
Standard library only. Reads FIRELOG_CORPUS or ../shared/corpus/apache_logs.
"""
import base64
import datetime
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "compare")
RESULTS = os.path.join(ROOT, "benches", "results")
SIX_MB = 6_291_456  # Lambda's request limit, the largest event Firehose sends.
GOALS = {"go": 25.0, "python": 90.0, "floor": 1.5, "rss_mb": 32.0, "size_mb": 2.4, "cold_ms": 2.0, "threads": 1.7,
         "enriched": 0.5, "enriched_cold_ms": 50.0, "enriched_rss_mb": 128.0}
# The databases the benches build (tests/support/mmdb.rs): a 70 MB City database and an ASN
# one, covering every IPv4 address; every enrichment on.
CITY_70MB = os.path.join(ROOT, "target", "firelog-bench-city-70mb.mmdb")
ASN_DB = os.path.join(ROOT, "target", "firelog-bench-asn.mmdb")
# TRUSTED_PROXIES needs a forwarded-for field, which the corpus's combined lines have not.
ENRICHED = {"GEOIP_DB": CITY_70MB, "ASN_DB": ASN_DB,
            "PARSE_USER_AGENT": "on", "ANONYMIZE_IP": "on"}


def run(cmd, cwd=ROOT, **kw):
    return subprocess.run(cmd, check=True, cwd=cwd, **kw)


def say(msg):
    print(msg, flush=True)


def corpus_path():
    path = os.environ.get("FIRELOG_CORPUS") or os.path.join(ROOT, "..", "shared", "corpus", "apache_logs")
    if not os.path.isfile(path):
        say(f"SKIPPED: no corpus at {path}; set FIRELOG_CORPUS to a combined-format log to compare")
        sys.exit(2)
    return path


def ensure_go():
    """The Go toolchain for the Go baseline: asked for, never installed from here."""
    if shutil.which("go"):
        return "go"
    say("go not found: the Go baseline needs a Go toolchain (1.19 or later) on PATH.\n"
        "  Debian/Ubuntu: sudo apt-get install golang-go; elsewhere: https://go.dev/doc/install")
    sys.exit(2)


def build():
    os.makedirs(WORK, exist_ok=True)
    say("building firelog (release) and the Go baseline")
    run(["cargo", "build", "--release", "--quiet", "--bin", "firelog", "--bin", "firelog-lambda"])
    go = ensure_go()
    go_bin = os.path.join(WORK, "go-baseline")
    run([go, "build", "-o", go_bin, "."], cwd=os.path.join(ROOT, "benches", "baselines", "go"))
    return {
        "firelog": [os.path.join(ROOT, "target", "release", "firelog"), "invoke", "--timings", "--response-budget", "0"],
        "go": [go_bin],
        "python": [sys.executable, os.path.join(ROOT, "benches", "baselines", "python", "transform.py")],
    }


def make_event(firelog, log, name="event-6MB.json"):
    """A 6 MB event of `log`'s lines, one record per line, and its record count."""
    path = os.path.join(WORK, name)
    with open(path, "wb") as out:
        run([firelog, "event", "--fill", "--max-bytes", str(SIX_MB), "--arrival-ms", "1431857103000", log],
            stdout=out, stderr=subprocess.DEVNULL)
    with open(path, "rb") as f:
        records = len(json.load(f)["records"])
    return path, records


VHOST_FORMAT = "vhost_combined"


def make_vhost_event(firelog, corpus):
    """The corpus lines behind `www.example.com:443 `, as a 6 MB event."""
    log = os.path.join(WORK, "vhost_combined.log")
    with open(corpus, "rb") as src, open(log, "wb") as out:
        for line in src:
            if line.strip():
                out.write(b"www.example.com:443 " + line)
    return make_event(firelog, log, "event-vhost-6MB.json")


def check_vhost(firelog_cmd, event, vhost_event):
    """The custom format reads the same lines as combined does, plus vhost and port."""
    say(f"checking LOG_FORMAT={VHOST_FORMAT} on the vhost event against combined on the corpus event")
    combined = {json.dumps(o, sort_keys=True) for _, result, lines in decoded(invoke(firelog_cmd, event, 1)[0])
                if result == "Ok" for o in lines}
    n = 0
    for _, result, lines in decoded(invoke(firelog_cmd, vhost_event, 1, log_format=VHOST_FORMAT)[0]):
        for o in lines if result == "Ok" else []:
            assert o.pop("vhost") == "www.example.com" and o.pop("port") == 443, o
            o["bytes"] = o.pop("bytes_sent") or 0
            if json.dumps(o, sort_keys=True) not in combined:
                say(f"MISMATCH: {o}")
                sys.exit(1)
            n += 1
    say(f"  same: {n} lines")


def invoke(cmd, event, repeat, threads=1, log_format=None):
    env = dict(os.environ, THREADS=str(threads))
    if log_format:
        env["LOG_FORMAT"] = log_format
    p = subprocess.run(cmd + ["--repeat", str(repeat), event], cwd=ROOT, env=env, capture_output=True, check=True)
    timing = json.loads(p.stderr.decode().strip().splitlines()[-1])
    return p.stdout, timing["runs_ms"]


def decoded(response):
    out = []
    for r in json.loads(response)["records"]:
        if r["result"] == "Ok":
            lines = base64.b64decode(r["data"]).decode("utf-8").splitlines()
            out.append((r["recordId"], "Ok", [json.loads(l) for l in lines]))
        else:
            out.append((r["recordId"], r["result"], r["data"]))
    return out


def check_same(impls, event):
    say("checking that firelog and both baselines produce the same decoded records")
    want = decoded(invoke(impls["firelog"], event, 1)[0])
    for name in ("go", "python"):
        got = decoded(invoke(impls[name], event, 1)[0])
        if got != want:
            diff = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            say(f"MISMATCH: {name} differs from firelog at record {diff}:")
            say(f"  {name}:    {got[diff] if diff < len(got) else 'missing'}")
            say(f"  firelog: {want[diff] if diff < len(want) else 'missing'}")
            sys.exit(1)
    results = [r[1] for r in want]
    say(f"  same: {len(want)} records ({results.count('Ok')} Ok, {results.count('ProcessingFailed')} ProcessingFailed)")


def time_interleaved(impls, event, vhost_event, rounds):
    # Repeats per round so that each implementation runs a similar wall time.
    plan = [("firelog", impls["firelog"], 20, 1, event, None),
            ("firelog-2-threads", impls["firelog"], 20, 2, event, None),
            (f"firelog LOG_FORMAT={VHOST_FORMAT}", impls["firelog"], 20, 1, vhost_event, VHOST_FORMAT),
            ("go", impls["go"], 3, 1, event, None), ("python", impls["python"], 1, 1, event, None)]
    runs = {name: [] for name, *_ in plan}
    for r in range(rounds):
        for name, cmd, repeat, threads, ev, log_format in plan:
            # The first run of each process warms caches and the allocator: not counted.
            runs[name].extend(invoke(cmd, ev, repeat + 1, threads, log_format)[1][1:])
        say(f"  round {r + 1}/{rounds}: " + ", ".join(f"{n} {statistics.median(v):.2f} ms" for n, v in runs.items()))
    return {name: statistics.median(v) for name, v in runs.items()}, {name: len(v) for name, v in runs.items()}


def criterion(quick):
    say("criterion: event/transform/6MB, event/transform_enriched/6MB, event/transform_vhost_combined/6MB, "
        "event/floor/6MB, cold_start")
    args = ["cargo", "bench", "--quiet", "--bench", "transform", "--", "--noplot",
            "--warm-up-time", "1" if quick else "2", "--measurement-time", "2" if quick else "5",
            "event/transform(_enriched)?/6MB|event/transform_vhost_combined/6MB|event/floor/6MB|cold_start"]
    run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def median_ns(pattern):
        path = glob.glob(os.path.join(ROOT, "target", "criterion", pattern, "new", "estimates.json"))[0]
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]

    return {
        "transform_ms": median_ns("event/transform_6MB") / 1e6,
        "floor_ms": median_ns("event/floor_6MB") / 1e6,
        "vhost_ms": median_ns("event/transform_vhost_combined_6MB") / 1e6,
        "cold_ms": median_ns("cold_start_settings+compile") / 1e6,
        "enriched_ms": median_ns("event/transform_enriched_6MB") / 1e6,
        "enriched_cold_ms": median_ns("cold_start_enriched_70MB_city+first_line") / 1e6,
    }


def peak_rss_mb(firelog, event, settings=None):
    time_bin = "/usr/bin/time"
    if not os.path.exists(time_bin):
        return None
    p = subprocess.run([time_bin, "-v", firelog, "invoke", "--response-budget", "0", event], cwd=ROOT, capture_output=True,
                       env=dict(os.environ, THREADS="1", **(settings or {})), check=True)
    kb = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return kb / 1024


def enriched_start_ms(firelog, rounds=15):
    """A whole process (start, settings, the databases opened, one line enriched, exit) with
    the databases' pages evicted from the page cache first, as on a new container."""
    line = (b'83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" '
            b'"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) '
            b'Chrome/32.0.1700.77 Safari/537.36"\n')
    times = []
    for _ in range(rounds):
        for path in (CITY_70MB, ASN_DB):
            fd = os.open(path, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
        start = time_ns()
        subprocess.run([firelog, "parse"], input=line, cwd=ROOT, capture_output=True, check=True,
                       env=dict(os.environ, METRICS="off", **ENRICHED))
        times.append((time_ns() - start) / 1e6)
    return statistics.median(times)


def time_ns():
    import time
    return time.perf_counter_ns()


def bootstrap_sizes():
    """Builds the Lambda as deployed, now, and measures it: never a stale artifact."""
    sizes = {}
    cargo_lambda = os.path.join(ROOT, ".venv", "bin", "cargo-lambda")
    if not os.path.exists(cargo_lambda):
        say("no .venv/bin/cargo-lambda (scripts/test installs it): measuring `cargo build --release` instead")
        run(["cargo", "build", "--release", "--quiet", "--bin", "firelog-lambda"])
        sizes["x86_64 (cargo build --release)"] = os.path.getsize(os.path.join(ROOT, "target/release/firelog-lambda")) / 1e6
        return sizes
    env = dict(os.environ, PATH=os.path.join(ROOT, ".venv", "bin") + os.pathsep + os.environ["PATH"])
    say("building the bootstrap as deployed (cargo lambda build --release, x86_64 and arm64)")
    run([cargo_lambda, "lambda", "build", "--release", "--bin", "firelog-lambda"],
        env=dict(env, CARGO_LAMBDA_COMPILER="cargo"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sizes["x86_64"] = os.path.getsize(os.path.join(ROOT, "target/lambda/firelog-lambda/bootstrap")) / 1e6
    arm = subprocess.run([cargo_lambda, "lambda", "build", "--release", "--arm64", "--bin", "firelog-lambda",
                          "--lambda-dir", "target/lambda-arm64"], cwd=ROOT, env=env, capture_output=True)
    if arm.returncode == 0:
        sizes["arm64"] = os.path.getsize(os.path.join(ROOT, "target/lambda-arm64/firelog-lambda/bootstrap")) / 1e6
    else:
        say("arm64 build failed (needs zig and the aarch64 target): not measured")
    return sizes


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    go = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
    return (f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
            f"{rustc}; {go}; Python {platform.python_version()}")


def svg(rates, path):
    """A horizontal bar chart of records/s on a log scale."""
    import math
    names = ["firelog", "go", "python"]
    labels = {"firelog": "firelog (Rust)", "go": "Go baseline", "python": "Python baseline"}
    colors = {"firelog": "#d9480f", "go": "#1c7ed6", "python": "#5c940d"}
    top = max(rates[n] for n in names)
    lo, hi = 3, math.ceil(math.log10(top) + 0.2)
    width, left, bar, gap = 640, 130, 28, 14
    plot = width - left - 90

    def x(v):
        return left + plot * (math.log10(max(v, 10 ** lo)) - lo) / (hi - lo)

    h = 40 + len(names) * (bar + gap) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" font-family="sans-serif" font-size="13">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="20" font-weight="bold">records/s on the 6 MB corpus event, one thread (log scale)</text>']
    for k in range(lo, hi + 1):
        gx = left + plot * (k - lo) / (hi - lo)
        out.append(f'<line x1="{gx:.1f}" y1="30" x2="{gx:.1f}" y2="{h - 25}" stroke="#ddd"/>')
        out.append(f'<text x="{gx:.1f}" y="{h - 8}" text-anchor="middle" fill="#555">{10 ** k:,}</text>')
    for i, n in enumerate(names):
        y = 35 + i * (bar + gap)
        out.append(f'<text x="{left - 8}" y="{y + bar * 0.65:.1f}" text-anchor="end">{labels[n]}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{x(rates[n]) - left:.1f}" height="{bar}" fill="{colors[n]}"/>')
        out.append(f'<text x="{x(rates[n]) + 6:.1f}" y="{y + bar * 0.65:.1f}">{rates[n]:,.0f}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    quick = "--quick" in sys.argv[1:]
    corpus = corpus_path()
    impls = build()
    sizes = bootstrap_sizes()
    event, records = make_event(impls["firelog"][0], corpus)
    say(f"event: {event} ({os.path.getsize(event):,} bytes, {records:,} records)")
    check_same(impls, event)
    vhost_event, vhost_records = make_vhost_event(impls["firelog"][0], corpus)
    say(f"vhost event: {vhost_event} ({os.path.getsize(vhost_event):,} bytes, {vhost_records:,} records)")
    check_vhost(impls["firelog"], event, vhost_event)
    rounds = 2 if quick else 7
    say(f"timing, interleaved, {rounds} rounds")
    med, counts = time_interleaved(impls, event, vhost_event, rounds)
    vhost = f"firelog LOG_FORMAT={VHOST_FORMAT}"
    crit = criterion(quick)
    rss = peak_rss_mb(impls["firelog"][0], event)
    enriched_rss = peak_rss_mb(impls["firelog"][0], event, ENRICHED)
    enriched_start = enriched_start_ms(impls["firelog"][0])

    rate = {n: (vhost_records if n == vhost else records) / (med[n] / 1000) for n in med}
    rows = [
        ("firelog records/s vs Go baseline", f"{rate['firelog'] / rate['go']:.1f}x", f"at least {GOALS['go']:.0f}x",
         rate["firelog"] / rate["go"] >= GOALS["go"]),
        ("firelog records/s vs Python baseline", f"{rate['firelog'] / rate['python']:.0f}x",
         f"at least {GOALS['python']:.0f}x", rate["firelog"] / rate["python"] >= GOALS["python"]),
        ("firelog transform vs the floor (criterion medians)",
         f"{crit['transform_ms'] / crit['floor_ms']:.2f}x ({crit['transform_ms']:.2f} ms / {crit['floor_ms']:.2f} ms)",
         f"at most {GOALS['floor']}x", crit["transform_ms"] / crit["floor_ms"] <= GOALS["floor"]),
        ("peak RSS of `firelog invoke` on the 6 MB event",
         f"{rss:.1f} MB" if rss else "n/a (no /usr/bin/time)", f"at most {GOALS['rss_mb']:.0f} MB",
         rss is not None and rss <= GOALS["rss_mb"]),
        ("Lambda bootstrap, release, stripped (arm64 is the template's default)",
         ", ".join(f"{a}: {s:.2f} MB" for a, s in sizes.items()), f"at most {GOALS['size_mb']} MB",
         bool(sizes) and all(s <= GOALS["size_mb"] for s in sizes.values())),
        ("cold-start work (settings + compiling the format)", f"{crit['cold_ms'] * 1000:.0f} us",
         f"at most {GOALS['cold_ms']:.0f} ms", crit["cold_ms"] <= GOALS["cold_ms"]),
        ("every enrichment on (70 MB City database) vs none: records/s, criterion medians",
         f"{crit['transform_ms'] / crit['enriched_ms']:.2f}x ({crit['enriched_ms']:.2f} ms / {crit['transform_ms']:.2f} ms)",
         f"at least {GOALS['enriched']}x", crit["transform_ms"] / crit["enriched_ms"] >= GOALS["enriched"]),
        ("cold-start work, every enrichment on, 70 MB City database (settings, databases opened, first line)",
         f"{crit['enriched_cold_ms'] * 1000:.0f} us; a whole process with the databases evicted from the page "
         f"cache: {enriched_start:.1f} ms", f"at most {GOALS['enriched_cold_ms']:.0f} ms",
         max(crit["enriched_cold_ms"], enriched_start) <= GOALS["enriched_cold_ms"]),
        ("peak RSS of `firelog invoke` on the 6 MB event, every enrichment on, 70 MB City database",
         f"{enriched_rss:.1f} MB" if enriched_rss else "n/a (no /usr/bin/time)", f"at most {GOALS['enriched_rss_mb']:.0f} MB",
         enriched_rss is not None and enriched_rss <= GOALS["enriched_rss_mb"]),
        ("2 threads vs 1 on the 6 MB event", f"{med['firelog'] / med['firelog-2-threads']:.2f}x",
         f"at least {GOALS['threads']}x", med["firelog"] / med["firelog-2-threads"] >= GOALS["threads"]),
    ]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = [f"Measured {when} by `scripts/compare{' --quick' if quick else ''}` on: {machine()}.",
          "",
          f"6 MB corpus event: {os.path.getsize(event):,} bytes, {records:,} records. In-process transform time per",
          "event (event JSON in, response JSON out), medians of runs interleaved over "
          f"{rounds} rounds ({', '.join(f'{n}: {c}' for n, c in counts.items())} runs).",
          "",
          f"The custom-format row reads the same lines behind `www.example.com:443 ` (Debian's "
          f"vhost_combined) with LOG_FORMAT={VHOST_FORMAT}:",
          f"a 6 MB event of {vhost_records:,} records, {os.path.getsize(vhost_event):,} bytes.",
          "",
          "| implementation | median per event | records/s |",
          "|---|---:|---:|"]
    for n in ["firelog", "firelog-2-threads", vhost, "go", "python"]:
        md.append(f"| {n} | {med[n]:.2f} ms | {rate[n]:,.0f} |")
    md += ["", f"A custom LogFormat ({VHOST_FORMAT}, the general path) runs at "
           f"{rate[vhost] / rate['firelog']:.2f}x the built-in combined's records/s, "
           f"{rate[vhost] / rate['go']:.1f}x the Go baseline's. Criterion medians (one thread, the "
           f"same events): combined {crit['transform_ms']:.2f} ms, {VHOST_FORMAT} {crit['vhost_ms']:.2f} ms."]
    md += ["", "| figure | measured | goal | met |", "|---|---|---|---|"]
    md += [f"| {a} | {b} | {c} | {'yes' if d else '**no**'} |" for a, b, c, d in rows]
    text = "\n".join(md) + "\n"
    os.makedirs(RESULTS, exist_ok=True)
    if not quick:
        with open(os.path.join(RESULTS, "latest.md"), "w") as f:
            f.write(text)
        svg(rate, os.path.join(RESULTS, "latest.svg"))
        say(f"\nwrote {os.path.relpath(RESULTS, ROOT)}/latest.md and latest.svg")
    say("\n" + text)


if __name__ == "__main__":
    main()
