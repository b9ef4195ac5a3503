//! The Lambda: Firehose's data-transformation processor.
//!
//! Start-up reads the settings (a bad one fails the init) and compiles the format once
//! per container; each invocation transforms the event and logs one summary line.

use std::sync::Mutex;

use std::io::Write as _;

use firelog::envelope::Event;
use firelog::metrics::{Invocation, Metrics, emf_line};
use firelog::schema::{TableRequest, glue_table};
use firelog::{Settings, Summary, Transformer};
use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn, tracing};
use serde_json::value::RawValue;

/// An event that is not a Firehose event: the invocation fails and Firehose retries it.
#[derive(Debug)]
struct InvalidEvent(String);

impl From<InvalidEvent> for Diagnostic {
    fn from(e: InvalidEvent) -> Diagnostic {
        Diagnostic { error_type: "InvalidEvent".into(), error_message: e.0 }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let settings = Settings::from_env().inspect_err(|e| tracing::error!("{e}"))?;
    let state: &'static State = Box::leak(Box::new(State::new(&settings)));
    lambda_runtime::run(service_fn(move |event| handler(state, event))).await
}

/// What lives for the whole container: the transformer (the compiled format and the
/// buffers reused between invocations) and the metrics settings.
struct State {
    /// One invocation at a time per container: the Mutex is never contended, it only
    /// lets the reused buffers be borrowed mutably from a `Fn` handler.
    transformer: Mutex<Transformer>,
    metrics: Metrics,
    /// For the stack's tables, which ask for the columns of these settings.
    settings: Settings,
}

impl State {
    fn new(settings: &Settings) -> State {
        State {
            transformer: Mutex::new(settings.transformer()),
            metrics: settings.metrics.clone(),
            settings: settings.clone(),
        }
    }
}

/// One invocation: the Firehose event in, the response out, one summary log line and,
/// with `METRICS=on`, one EMF line on standard output. The stack's tables (a custom
/// resource, at deploy time) invoke it with a [`TableRequest`] instead, and get the Glue
/// table of these settings' output: the columns `firelog schema` prints.
async fn handler(state: &State, event: LambdaEvent<Box<RawValue>>) -> Result<Json, InvalidEvent> {
    let start = std::time::Instant::now();
    let event = event.payload.get().as_bytes();
    if let Some(request) = TableRequest::parse(event) {
        // A table these settings cannot have is an answer, not a failed invocation: the
        // stack's custom resource passes the reason on to CloudFormation.
        let answer = glue_table(&state.settings, &request.table).unwrap_or_else(|e| {
            tracing::error!(error = %e, "table request");
            serde_json::json!({ "error": e })
        });
        return Ok(Json(answer.to_string()));
    }
    let parsed = Event::parse(event).map_err(|e| {
        tracing::error!(error = %e, "invalid event");
        InvalidEvent(e.to_string())
    })?;
    let mut transformer = state.transformer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (response, summary) = transformer.parsed_event(&parsed, event.len());
    let transform_ms = start.elapsed().as_secs_f64() * 1000.0;
    log_summary(&summary);
    if state.metrics.on {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let inv = Invocation { now_ms, transform_ms, stream: parsed.delivery_stream_name() };
        let line = emf_line(&state.metrics.namespace, &state.metrics.dimensions, &summary, &inv);
        // Straight to stdout, one line: CloudWatch reads EMF from the log stream.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    }
    // The response is built from valid pieces; a failure here would be a bug, and is
    // reported as one rather than sending Firehose malformed text.
    let text = String::from_utf8(response)
        .map_err(|e| InvalidEvent(format!("internal error: response is not UTF-8: {e}")))?;
    Ok(Json(text))
}

/// A response that is already JSON, handed to lambda_runtime to send as it is.
///
/// It serializes the way serde_json's own `RawValue` does (the same marker), which
/// serde_json's serializer writes out verbatim. `RawValue::from_string` would do the
/// same after parsing the whole response again to check it, a pass that costs about
/// a third of the transform. The transform's tests already hold the response to JSON,
/// and `tests::json_goes_out_verbatim` holds this type to serde_json's behaviour.
struct Json(String);

impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";
        let mut s = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        s.serialize_field(RAW_VALUE_TOKEN, &self.0)?;
        s.end()
    }
}

fn log_summary(s: &Summary) {
    let samples = s.failed_samples_text();
    let lookups = s.lookups_text();
    tracing::info!(
        records = s.records,
        ok = s.ok,
        dropped = s.dropped,
        failed = s.failed,
        bytes_in = s.bytes_in,
        bytes_out = s.bytes_out,
        over_budget = s.over_budget,
        dropped_lines = s.dropped_lines,
        unparsed_lines = s.unparsed_lines,
        failed_samples = samples.as_str(),
        lookups = lookups.as_str(),
        "invocation summary"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event in `testdata/events/`, its expected response (what `firelog invoke`
    /// prints: the response and a newline) and its settings (`testdata/<name>.env`).
    const FIXTURES: &[(&str, &[u8], &[u8], &str)] = &[
        fixture!("bad_lines_kept", include_str!("../../testdata/bad_lines_kept.env")),
        fixture!("cloudwatch", ""),
        fixture!("direct_put", ""),
        fixture!("ecs", include_str!("../../testdata/ecs.env")),
        fixture!("enriched", include_str!("../../testdata/enriched.env")),
        fixture!("envelopes", include_str!("../../testdata/envelopes.env")),
        fixture!("ingress_nginx", include_str!("../../testdata/ingress_nginx.env")),
        fixture!("kinesis_source", ""),
        fixture!("nginx_main", include_str!("../../testdata/nginx_main.env")),
        fixture!("otel", include_str!("../../testdata/otel.env")),
        fixture!("sample", ""),
        fixture!("vhost_combined", include_str!("../../testdata/vhost_combined.env")),
        fixture!("w3c_switch", include_str!("../../testdata/w3c_switch.env")),
    ];

    macro_rules! fixture {
        ($name:literal, $env:expr) => {
            (
                $name,
                include_bytes!(concat!("../../testdata/events/", $name, ".json")),
                include_bytes!(concat!("../../testdata/events/", $name, ".expected.json")),
                $env,
            )
        };
    }
    use fixture;

    fn state(env: &str) -> State {
        let pairs: Vec<(&str, &str)> = env.lines().filter_map(|l| l.split_once('=')).collect();
        let settings = Settings::from_lookup(|name| {
            // The EMF line would go to the test's stdout; its content is tested in the library.
            if name == "METRICS" {
                return Some("off".into());
            }
            pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        })
        .expect("the fixture's settings are valid");
        State::new(&settings)
    }

    /// The handler called as the runtime calls it; the response as the runtime sends it.
    async fn invoke(state: &State, event: &[u8]) -> Result<String, InvalidEvent> {
        let payload = RawValue::from_string(String::from_utf8(event.to_vec()).unwrap()).unwrap();
        let response = handler(state, LambdaEvent::new(payload, lambda_runtime::Context::default())).await?;
        Ok(String::from_utf8(serde_json::to_vec(&response).unwrap()).unwrap())
    }

    #[tokio::test]
    async fn each_fixture_event_gets_its_expected_response() {
        for (name, event, expected, env) in FIXTURES {
            let state = state(env);
            let expected = std::str::from_utf8(expected).unwrap().strip_suffix('\n').unwrap();
            assert_eq!(invoke(&state, event).await.unwrap(), expected, "{name}");
            // A second invocation reuses the buffers and answers the same.
            assert_eq!(invoke(&state, event).await.unwrap(), expected, "{name}, again");
        }
    }

    #[test]
    fn the_fixtures_are_every_event_in_testdata() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/events");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").filter(|n| !n.ends_with(".expected")).map(String::from))
            .collect();
        names.sort();
        assert_eq!(names, FIXTURES.iter().map(|f| f.0).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_event_that_is_not_firehose_fails_the_invocation_saying_why() {
        let state = state("");
        let error = invoke(&state, br#"{"Records":[]}"#).await.err().unwrap();
        assert_eq!(
            Diagnostic::from(error).error_message,
            "event is not a Firehose transformation event: missing field `records` at line 1 column 14"
        );
    }

    #[test]
    fn json_goes_out_verbatim() {
        let text = r#"{"records":[{"recordId":"a\"b","result":"Ok","data":"eyJ9Cg=="}]}"#;
        assert_eq!(serde_json::to_vec(&Json(text.to_string())).unwrap(), text.as_bytes());
    }
}
