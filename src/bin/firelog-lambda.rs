//! The Lambda: Firehose's data-transformation processor.
//!
//! Start-up reads the settings (a bad one fails the init) and compiles the format once
//! per container; each invocation transforms the event and logs one summary line.

use std::sync::Mutex;

use std::io::Write as _;

use firelog::envelope::Event;
use firelog::metrics::{Invocation, emf_line};
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
    // One invocation at a time per container: the Mutex is never contended, it only
    // lets the reused buffers be borrowed mutably from a `Fn` handler.
    let transformer = Transformer::from_settings(&settings);
    let state: &'static Mutex<State> = Box::leak(Box::new(Mutex::new(State { transformer, settings })));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Box<RawValue>>| async move {
        let mut state = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        state.handle(event.payload.get().as_bytes())
    }))
    .await
}

/// What lives for the whole container.
struct State {
    transformer: Transformer,
    settings: Settings,
}

impl State {
    fn handle(&mut self, event: &[u8]) -> Result<Json, InvalidEvent> {
        let start = std::time::Instant::now();
        let parsed = Event::parse(event).map_err(|e| {
            tracing::error!(error = %e, "invalid event");
            InvalidEvent(e.to_string())
        })?;
        let (response, summary) = self.transformer.parsed_event(&parsed, event.len());
        let transform_ms = start.elapsed().as_secs_f64() * 1000.0;
        log_summary(&summary);
        if self.settings.metrics {
            let now_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            let inv = Invocation { now_ms, transform_ms, stream: parsed.delivery_stream_name() };
            let line =
                emf_line(&self.settings.metrics_namespace, &self.settings.metrics_dimensions, &summary, &inv);
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
        "invocation summary"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_goes_out_verbatim() {
        let text = r#"{"records":[{"recordId":"a\"b","result":"Ok","data":"eyJ9Cg=="}]}"#;
        assert_eq!(serde_json::to_vec(&Json(text.to_string())).unwrap(), text.as_bytes());
    }
}
