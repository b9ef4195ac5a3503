//! `firelog`: the Lambda's transform on the command line.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser as ClapParser, Subcommand};
use firelog::access_log::detect;
use firelog::envelope::Event;
use firelog::profile::Schema;
use firelog::transform::{FailReason, RecordResult, lines};
use firelog::{Settings, Summary, Transformer};

/// Said under every command's --help: nothing on the command line names the format.
const SETTINGS: &str = "Settings come from environment variables, as on the Lambda: LOG_FORMAT names the \
format (default combined; e.g. LOG_FORMAT=nginx_main or LOG_FORMAT='%h %l %u %t \"%r\" %>s %b'; \
several, tried in order on each line: LOG_FORMAT=nginx_main,caddy, or one format a line), and \
LOG_TIME_ZONE, SCHEMA, ON_BAD_LINE, PARTITION_KEYS, DROP_*, TRUSTED_PROXIES, GEOIP_DB, ASN_DB, PARSE_USER_AGENT, \
ANONYMIZE_IP, THREADS and METRICS* set the rest (README, Settings). A bad value stops with a \
message naming the variable.";

#[derive(ClapParser)]
#[command(
    name = "firelog",
    version,
    about = "Access logs of every format LOG_FORMAT names (Apache, nginx, Envoy, HAProxy, AWS, W3C...) to typed JSON Lines, as Firehose's transformation Lambda does it",
    after_help = SETTINGS
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Transform a Firehose event and print exactly the response the Lambda would return.
    #[command(after_help = SETTINGS)]
    Invoke {
        /// The event's JSON file (`-` for standard input).
        event: PathBuf,
        /// Transform the event N times (for timing on your own data); print it once.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        repeat: u32,
        /// Also show each record's result and its decoded JSON lines, on standard error.
        #[arg(long)]
        explain: bool,
        /// Print each run's transform time on standard error as {"runs_ms":[...]}.
        #[arg(long)]
        timings: bool,
        /// Most bytes the response may have, as on Lambda (0: no limit, for benchmarks).
        #[arg(long, default_value_t = firelog::transform::RESPONSE_BUDGET)]
        response_budget: usize,
    },
    /// Parse log lines into JSON Lines (bad lines are reported on standard error).
    #[command(after_help = SETTINGS)]
    Parse {
        /// Log files (standard input when none).
        files: Vec<PathBuf>,
    },
    /// Find the LOG_FORMAT of a log: try every nickname and common variant on its lines,
    /// print how many lines each reads and the best as `LOG_FORMAT='...'` (exit 0 when it
    /// reads every line into typed fields, 1 otherwise, saying what is left in `extra`, or
    /// for each kind of line no format reads, the one that got furthest and where it stopped).
    #[command(after_help = SETTINGS)]
    Detect {
        /// Log files (standard input when none).
        files: Vec<PathBuf>,
    },
    /// Print the table of what LOG_FORMAT writes (with SCHEMA, ON_BAD_LINE and
    /// PARTITION_KEYS as set): Glue's columns, Athena's CREATE EXTERNAL TABLE, or an
    /// Iceberg CREATE TABLE.
    #[command(group = clap::ArgGroup::new("kind").required(true).args(["glue", "athena", "iceberg"]))]
    #[command(after_help = SETTINGS)]
    Schema {
        /// Glue's column list, as JSON (`[{"Name": ..., "Type": ...}]`).
        #[arg(long)]
        glue: bool,
        /// Athena's CREATE EXTERNAL TABLE over the objects Firehose writes under logs/,
        /// with partition projection.
        #[arg(long)]
        athena: bool,
        /// Athena's CREATE TABLE of an Iceberg table for Firehose's Iceberg destination.
        #[arg(long)]
        iceberg: bool,
        /// What Firehose writes to S3, for --glue and --athena: json (firelog's JSON
        /// Lines) or parquet (Firehose's record format conversion).
        #[arg(long, default_value = "json", value_parser = ["json", "parquet"], conflicts_with = "iceberg")]
        output: String,
        /// The table's name: letters, digits and _ (default firelog_access_logs, with
        /// --iceberg firelog_access_logs_iceberg: not the names of the stack's own tables,
        /// which the stack creates and keeps to its settings).
        #[arg(long, conflicts_with = "glue")]
        table: Option<String>,
        /// Where the data is: s3://BUCKET/logs/ for --athena (BUCKET: the stack's
        /// BucketName output), the table's S3 location for --iceberg.
        #[arg(long, conflicts_with = "glue")]
        location: Option<String>,
    },
    /// Build a Firehose event from log lines, one record per line.
    #[command(after_help = SETTINGS)]
    Event {
        /// Log files (standard input when none).
        files: Vec<PathBuf>,
        /// Stop before the event grows past this many bytes (default: 1 MiB, Firehose's
        /// default processor buffer size).
        #[arg(long, default_value_t = 1 << 20)]
        max_bytes: usize,
        /// approximateArrivalTimestamp of every record, in ms since the epoch (default: now).
        #[arg(long)]
        arrival_ms: Option<i64>,
        /// Repeat the input lines until the event is full (to build a full-size batch
        /// from a small log).
        #[arg(long)]
        fill: bool,
    },
}

/// Writes one large output (an event, a response) and a newline to standard output in
/// one go: Rust's stdout is line-buffered and would look through megabytes for newlines.
fn write_whole(bytes: &[u8]) -> Result<(), String> {
    io::stdout().lock().flush().map_err(|e| e.to_string())?;
    #[cfg(unix)]
    let mut out = {
        use std::os::fd::AsFd;
        std::fs::File::from(io::stdout().as_fd().try_clone_to_owned().map_err(|e| e.to_string())?)
    };
    #[cfg(not(unix))]
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The environment, read once: every setting comes from these values.
    let values = firelog::settings::environment();
    let settings = match Settings::from_lookup(|name| firelog::settings::value_of(&values, name)) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let result = match cli.command {
        Command::Invoke { event, repeat, explain, timings, response_budget } => {
            let budget = if response_budget == 0 { usize::MAX } else { response_budget };
            let transformer = settings.transformer().with_response_budget(budget);
            invoke(transformer, &event, repeat, explain, timings)
        }
        Command::Parse { files } => parse(&settings, &files),
        Command::Detect { files } => detect(&files),
        Command::Event { files, max_bytes, arrival_ms, fill } => event(&files, max_bytes, arrival_ms, fill),
        Command::Schema { glue, athena: _, iceberg, output, table, location } => {
            schema(&settings, &values, glue, iceberg, &output, table, location)
        }
    };
    result.unwrap_or_else(|message| fail(&message))
}

/// A one-line message and exit status 2.
fn fail(message: &str) -> ExitCode {
    eprintln!("firelog: {message}");
    ExitCode::from(2)
}

fn read_input(path: &PathBuf) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    result.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
}

fn inputs(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() { vec![PathBuf::from("-")] } else { files.to_vec() }
}

fn invoke(
    mut transformer: Transformer,
    path: &PathBuf,
    repeat: u32,
    explain: bool,
    timings: bool,
) -> Result<ExitCode, String> {
    let bytes = read_input(path)?;
    let mut response = Vec::new();
    let mut runs_ms = Vec::with_capacity(repeat as usize);
    let mut summary = Summary::default();
    for _ in 0..repeat {
        transformer.recycle(response);
        let start = std::time::Instant::now();
        (response, summary) = transformer.event(&bytes).map_err(|e| e.to_string())?;
        runs_ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    write_whole(&response)?;
    if timings {
        let runs: Vec<String> = runs_ms.iter().map(|ms| format!("{ms:.4}")).collect();
        eprintln!("{{\"runs_ms\":[{}],\"threads\":{}}}", runs.join(","), transformer.threads());
    }
    // What the databases found, as the Lambda's summary line says it (nothing when none is set).
    say_lookups(&summary);
    if explain {
        let event = Event::parse(&bytes).map_err(|e| e.to_string())?;
        explain_event(&mut transformer, &event, &response)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The response as printed, read back so the explanation describes exactly it.
#[derive(serde::Deserialize)]
struct Response {
    records: Vec<ResponseRecord>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResponseRecord {
    record_id: String,
    result: String,
    data: String,
}

/// A readable account of each record of the printed response, for people: its result,
/// why it failed, and its decoded JSON lines. The reason for a `ProcessingFailed` record
/// comes from transforming it again; a record that transforms but came back failed did
/// not fit in the response budget.
fn explain_event(transformer: &mut Transformer, event: &Event<'_>, response: &[u8]) -> Result<(), String> {
    let printed: Response =
        serde_json::from_slice(response).map_err(|e| format!("cannot read back the response: {e}"))?;
    let mut counts = [0usize; 3];
    let mut err = io::stderr().lock();
    for (i, (record, sent)) in printed.records.iter().zip(&event.records).enumerate() {
        let data = base64_simd::STANDARD.decode_to_vec(&record.data);
        let (label, slot) = match record.result.as_str() {
            "Ok" => ("Ok".to_string(), 0),
            "Dropped" => {
                ("Dropped (blank lines, every line left out by a drop rule, or a control message)".into(), 1)
            }
            _ => {
                let reason = match transformer.record(&sent.data) {
                    RecordResult::Failed(reason) => reason,
                    _ => FailReason::ResponseFull,
                };
                (format!("ProcessingFailed: {reason}"), 2)
            }
        };
        counts[slot] += 1;
        let _ = writeln!(err, "record {} {}: {label}", i + 1, record.record_id);
        match (slot, data) {
            (0, Ok(lines)) => {
                for line in lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                    let _ = writeln!(err, "    {}", String::from_utf8_lossy(line));
                }
            }
            (2, data) => {
                let raw = data.map(|r| String::from_utf8_lossy(&r).trim_end().replace('\n', "\n        "));
                let raw = raw.unwrap_or_else(|_| record.data.clone());
                let _ = writeln!(err, "    data kept as sent:\n        {raw}");
            }
            _ => {}
        }
    }
    let _ = writeln!(
        err,
        "{} records: {} Ok, {} Dropped, {} ProcessingFailed; response {} bytes",
        printed.records.len(),
        counts[0],
        counts[1],
        counts[2],
        response.len()
    );
    Ok(())
}

/// Each line as the Lambda writes it; a bad line is reported on stderr (and, with
/// `ON_BAD_LINE=keep`, written as its unparsed object too).
fn parse(settings: &Settings, files: &[PathBuf]) -> Result<ExitCode, String> {
    let mut transformer = settings.transformer();
    let mut out = Vec::with_capacity(1 << 16);
    let mut stdout = io::stdout().lock();
    let mut failed = 0usize;
    for path in inputs(files) {
        let bytes = read_input(&path)?;
        // Each input is one stream: a W3C `#Fields:` line's layout lasts to its end.
        transformer.restart();
        for (i, line) in lines(&bytes).enumerate() {
            let Some(line) = line else { continue };
            if let Err(reason) = transformer.line(line, i + 1, &mut out) {
                failed += 1;
                match reason {
                    FailReason::Line { error, .. } => eprintln!("{}:{}: {error}", path.display(), i + 1),
                    other => eprintln!("{}:{}: {other}", path.display(), i + 1),
                }
            }
            if out.len() > 1 << 16 {
                stdout.write_all(&out).map_err(|e| e.to_string())?;
                out.clear();
            }
        }
    }
    stdout.write_all(&out).map_err(|e| e.to_string())?;
    say_lookups(&Summary { lookups: transformer.take_lookups(), ..Summary::default() });
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The databases' lookups, hits and unreadable records on standard error, when a
/// database is set: a record the database has but firelog cannot read is never silent.
fn say_lookups(summary: &Summary) {
    let text = summary.lookups_text();
    if !text.is_empty() {
        eprintln!("firelog: {text}");
    }
}

/// The table of what the settings' format writes.
fn schema(
    settings: &Settings,
    values: &[(&'static str, String)],
    glue: bool,
    iceberg: bool,
    output: &str,
    table: Option<String>,
    location: Option<String>,
) -> Result<ExitCode, String> {
    use firelog::schema::{self, Layout, Storage};
    let storage = match (iceberg, output) {
        (true, _) => Storage::Iceberg,
        (false, "parquet") => Storage::Parquet,
        _ => Storage::Json,
    };
    // An Iceberg table's columns are those the Lambda writes with ICEBERG_TABLE set (every
    // enrichment key on every row): the settings read again as the stack sets them.
    if iceberg && settings.schema != Schema::Firelog {
        return Err("--iceberg needs SCHEMA=firelog: an Iceberg table's columns are firelog's keys".into());
    }
    let iceberg_settings;
    let settings = if iceberg && settings.rules.iceberg.is_none() {
        let (database, table) =
            (firelog::routing::ICEBERG_DATABASE.name, firelog::routing::ICEBERG_TABLE.name);
        iceberg_settings = Settings::from_lookup(|name| match firelog::settings::value_of(values, name) {
            None if name == database => Some("firelog_logs".into()),
            None if name == table => Some("access_logs_iceberg".into()),
            value => value,
        })
        .map_err(|e| e.to_string())?;
        &iceberg_settings
    } else {
        settings
    };
    let columns = schema::columns(settings, storage)?;
    let text = if glue {
        schema::glue(&columns, storage, settings.schema)
    } else {
        let option = if iceberg { "--iceberg" } else { "--athena" };
        // Not the stack's own names (access_logs, access_logs_iceberg), which the stack
        // already creates: IF NOT EXISTS would then do nothing.
        let table = table.unwrap_or_else(|| {
            if iceberg { "firelog_access_logs_iceberg" } else { "firelog_access_logs" }.into()
        });
        if table.is_empty()
            || table.len() > 255
            || !table.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(format!("--table {table:?}: a table's name is 1 to 255 letters, digits and _"));
        }
        let location =
            location.filter(|l| l.starts_with("s3://") && !l.contains(['\'', '`'])).ok_or_else(|| {
                format!("{option} needs --location s3://BUCKET/PREFIX/, where the table's data is")
            })?;
        let by_vhost = settings.rules.partition_keys.contains(&firelog::routing::PartitionKey::Vhost);
        let layout = Layout { table, location, by_vhost };
        if iceberg {
            schema::iceberg(&columns, &layout)
        } else {
            schema::athena(&columns, storage, settings.schema, &layout)
        }
    };
    io::stdout().lock().write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn detect(files: &[PathBuf]) -> Result<ExitCode, String> {
    let paths = inputs(files);
    let data = paths.iter().map(read_input).collect::<Result<Vec<_>, _>>()?;
    // Each line, and where it is, for the lines the best format cannot read.
    let mut sample: Vec<Option<&[u8]>> = Vec::new();
    let mut place: Vec<(usize, usize)> = Vec::new();
    for (f, bytes) in data.iter().enumerate() {
        for (i, line) in lines(bytes).enumerate() {
            sample.push(line);
            place.push((f, i + 1));
        }
    }
    let total = sample.iter().flatten().filter(|l| !firelog::access_log::w3c::is_header(l)).count();
    if total == 0 {
        return Err("no log lines to detect a format from".into());
    }
    let places = |which: &[usize], count: usize| {
        let shown: Vec<String> =
            which.iter().map(|&i| format!("{}:{}", paths[place[i].0].display(), place[i].1)).collect();
        format!("{}{}", shown.join(", "), if count > shown.len() { ", ..." } else { "" })
    };
    let detection = firelog::access_log::detect::detect(&sample);
    let mut out = io::stdout().lock();
    print_rows(&mut out, &detection.results, total)?;
    let best = &detection.results[0];
    let envelopes = Envelopes::of(&detection.envelopes, total);
    // JSON lines (every one) that no nickname reads: a mapping of the first line's keys to
    // start from; not of a shipper's envelopes, whose keys are the shipper's.
    let mappings: Vec<Option<String>> =
        sample.iter().flatten().map(|line| detect::mapping_start(line)).collect();
    if best.read == 0
        && envelopes.count == 0
        && mappings.iter().all(Option::is_some)
        && let Some(Some(mapping)) = mappings.into_iter().next()
    {
        writeln!(out, "no JSON log firelog knows reads these lines; a mapping of the first line's keys to start from (name the core keys: timestamp, host, method, path, protocol, status, bytes, referer, user_agent):")
            .map_err(|e| e.to_string())?;
        writeln!(out, "LOG_FORMAT='{}'", shell_quoted(&mapping)).map_err(|e| e.to_string())?;
        return Ok(ExitCode::from(1));
    }
    if best.read == 0 {
        let these = if envelopes.count == total { "the lines inside these envelopes" } else { "these lines" };
        writeln!(out, "no format firelog knows reads {these}; write a LogFormat or log_format string")
            .map_err(|e| e.to_string())?;
        say_where_lines_stop(&detection, sample.len(), places);
        return Ok(ExitCode::from(1));
    }
    envelopes.say(&mut out)?;
    if let Some(code) = propose_list(&mut out, &sample, best.read, total)? {
        return Ok(code);
    }
    // Single quotes for the shell; a quote inside becomes '\''.
    writeln!(out, "LOG_FORMAT='{}'", shell_quoted(best.candidate.log_format)).map_err(|e| e.to_string())?;
    if best.read < total {
        eprintln!(
            "firelog detect: {} of {total} lines do not read as {}: {}",
            total - best.read,
            best.candidate.name,
            places(&best.unread, total - best.read)
        );
    }
    if let Some((i, extra)) = &best.first_extra {
        say_what_is_left(best, sample[*i], extra, &places(&[*i], 1));
    }
    Ok(if best.reads_all_whole(total) { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// A row per candidate: how many lines it reads, and how many of them leave text in
/// `extra` or are read inside an envelope.
fn print_rows(out: &mut impl Write, results: &[detect::Detected], total: usize) -> Result<(), String> {
    for found in results {
        let extra = match found.with_extra {
            0 => String::new(),
            n => format!("  ({n} leave text in extra)"),
        };
        let enveloped = match found.enveloped {
            0 => String::new(),
            n => format!("  ({n} inside an envelope)"),
        };
        writeln!(out, "{:>8} of {total} lines  {}{extra}{enveloped}", found.read, found.candidate.name)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// When nothing reads the lines: for each shape of line, the candidate that got furthest
/// and where it stopped.
fn say_where_lines_stop(
    detection: &detect::Detection,
    lines: usize,
    places: impl Fn(&[usize], usize) -> String,
) {
    for shape in detection.shapes(0..lines) {
        let candidate = detect::CANDIDATES[shape.closest.candidate].name;
        let lines = if shape.count == 1 { "line" } else { "lines" };
        let there = shape.closest.directive().map(|d| format!(" ({d} in its format)")).unwrap_or_default();
        // The columns are the line's inside its envelope.
        let inside =
            if detection.envelopes[shape.lines[0]].is_some() { "; the line inside its envelope" } else { "" };
        eprintln!(
            "firelog detect: {} {lines} ({}{inside}) get furthest with {candidate}: {}{there}",
            shape.count,
            places(&shape.lines, shape.count),
            shape.closest.error
        );
    }
}

/// The sample's lines that are a shipper's envelope around a log line.
struct Envelopes {
    count: usize,
    total: usize,
    /// The members that held the lines (`log`, `message`), each once, in order.
    keys: Vec<&'static str>,
}

/// How `firelog detect` names a line after a container runtime's prefix.
const CRI: &str = "a container runtime's CRI prefix";

impl Envelopes {
    fn of(envelopes: &[Option<firelog::shipper::LogKey>], total: usize) -> Envelopes {
        let mut keys = Vec::new();
        for key in envelopes.iter().flatten() {
            let name = match key {
                firelog::shipper::LogKey::Log => "\"log\"",
                firelog::shipper::LogKey::Message => "\"message\"",
                firelog::shipper::LogKey::Cri => CRI,
            };
            if !keys.contains(&name) {
                keys.push(name);
            }
        }
        Envelopes { count: envelopes.iter().flatten().count(), total, keys }
    }

    /// Says that the lines are read from inside their envelopes, when some are.
    fn say(&self, out: &mut impl Write) -> Result<(), String> {
        if self.count == 0 {
            return Ok(());
        }
        // The members that held lines, and a container runtime's prefix apart.
        let members: Vec<&str> = self.keys.iter().copied().filter(|k| *k != CRI).collect();
        let mut shapes = Vec::new();
        if !members.is_empty() {
            shapes.push(format!("a JSON object with the log line under {}", members.join(" or ")));
        }
        if self.keys.contains(&CRI) {
            shapes.push(format!("a line after {CRI}"));
        }
        writeln!(
            out,
            "{} of {} lines are a shipper's envelope ({}): \
             the format is that of the lines inside, and the envelope's other fields are written under \"{}\"",
            self.count,
            self.total,
            shapes.join(", or "),
            firelog::shipper::KEY
        )
        .map_err(|e| e.to_string())
    }
}

/// When no one format reads every line (the best reads `best`) and a list reads more: the
/// list, as `LOG_FORMAT`, and the exit code.
fn propose_list(
    out: &mut impl Write,
    sample: &[Option<&[u8]>],
    best: usize,
    total: usize,
) -> Result<Option<ExitCode>, String> {
    let list = (best < total).then(|| detect::list(sample)).flatten();
    let Some(listed) = list.filter(|l| l.read > best) else { return Ok(None) };
    let names: Vec<&str> = listed.members.iter().map(|c| c.name).collect();
    let (names, read) = (names.join(", "), listed.read);
    writeln!(out, "no one format reads every line; a list of {names} reads {read} of {total}:")
        .map_err(|e| e.to_string())?;
    writeln!(out, "LOG_FORMAT='{}'", shell_quoted(&listed.log_format)).map_err(|e| e.to_string())?;
    if read < total {
        eprintln!("firelog detect: {} of {total} lines do not read as the list", total - read);
    }
    Ok(Some(if read == total { ExitCode::SUCCESS } else { ExitCode::from(1) }))
}

/// A forgiving format read the lines but left text in `extra`: what, the stock format that
/// reads furthest into the first such line, and what to write instead. No type is guessed
/// for the fields left: a number may be a duration, a size or a port.
fn say_what_is_left(best: &detect::Detected, line: Option<&[u8]>, extra: &[u8], place: &str) {
    eprintln!(
        "firelog detect: {} reads these lines but leaves text in `extra` on {} of them: `{}` ({place})",
        best.candidate.name,
        best.with_extra,
        readable(extra)
    );
    let Some((candidate, column)) = line.and_then(detect::stock_prefix) else {
        eprintln!(
            "firelog detect: to type that text, set LOG_FORMAT to your server's log_format or LogFormat line"
        );
        return;
    };
    let left = &line.unwrap_or_default()[column - 1..];
    let n = detect::fields(left);
    let fields = if n == 1 { "field" } else { "fields" };
    eprintln!(
        "firelog detect: {} reads them up to column {column}, where {n} more {fields} are left: `{}`",
        candidate.name,
        readable(left)
    );
    eprintln!(
        "firelog detect: to type them, set LOG_FORMAT to your server's log_format or LogFormat line: \
         {}'s, then what wrote the {n} {fields} after it:\n  LOG_FORMAT='{} ...'",
        candidate.name,
        shell_quoted(candidate.definition())
    );
}

/// Single quotes for the shell: a quote inside becomes '\''.
fn shell_quoted(text: &str) -> String {
    text.replace('\'', r"'\''")
}

/// A line's bytes for a terminal: UTF-8 as it is, control characters escaped, other bytes
/// shown as U+FFFD.
fn readable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

fn event(
    files: &[PathBuf],
    max_bytes: usize,
    arrival_ms: Option<i64>,
    fill: bool,
) -> Result<ExitCode, String> {
    let arrival = arrival_ms.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
    });
    let mut builder = firelog::envelope::EventBuilder::new(arrival);
    let (mut added, mut left_out) = (0usize, 0usize);
    let mut all = Vec::new();
    for path in inputs(files) {
        let bytes = read_input(&path)?;
        for line in lines(&bytes).flatten() {
            if builder.try_push_line(line, max_bytes) {
                added += 1;
            } else {
                left_out += 1;
            }
        }
        if fill {
            all.extend_from_slice(&bytes);
            all.push(b'\n');
        }
    }
    if fill && added > 0 {
        left_out = 0;
        'fill: loop {
            for line in lines(&all).flatten() {
                if !builder.try_push_line(line, max_bytes) {
                    break 'fill;
                }
                added += 1;
            }
        }
    }
    let event = builder.finish();
    write_whole(&event)?;
    eprintln!(
        "firelog event: {added} records, {} bytes; {left_out} lines left out (--max-bytes {max_bytes})",
        event.len()
    );
    Ok(ExitCode::SUCCESS)
}
