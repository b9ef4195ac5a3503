//! The Lambda binary under cargo-lambda's Runtime API emulator, invoked with the
//! testdata events: the real Runtime API protocol, end to end.
//!
//! cargo-lambda comes from the project's virtualenv (`scripts/test` installs it) or
//! `FIRELOG_CARGO_LAMBDA`. Without it these tests say so and skip; with
//! `FIRELOG_REQUIRE_E2E=1` (CI) its absence fails. The binary is
//! `FIRELOG_BOOTSTRAP` (the `bootstrap` that `cargo lambda build` wrote) when set, else
//! the `firelog-lambda` that cargo built for this test run.

mod support;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::{found, root, testdata};

fn cargo_lambda() -> Option<PathBuf> {
    let path = std::env::var_os("FIRELOG_CARGO_LAMBDA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/cargo-lambda"));
    found::found(path, "FIRELOG_REQUIRE_E2E", "run scripts/test, which installs cargo-lambda")
}

fn bootstrap() -> PathBuf {
    std::env::var_os("FIRELOG_BOOTSTRAP")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_firelog-lambda").into())
}

/// Kills the process when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "emulator did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The emulator (Runtime API only) and the function polling it.
struct Emulated {
    cargo_lambda: PathBuf,
    port: u16,
    function: Killed,
    _emulator: Killed,
    log: PathBuf,
    errors: PathBuf,
    /// The function's settings.
    vars: Vec<(String, String)>,
}

fn spawn_function(port: u16, log: &Path, errors: &Path, vars: &[(String, String)]) -> Killed {
    let append = |p: &Path| std::fs::OpenOptions::new().create(true).append(true).open(p).unwrap();
    let child = Command::new(bootstrap())
        .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt"))
        .env("AWS_LAMBDA_FUNCTION_NAME", "_")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env_remove("LOG_FORMAT")
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .stdout(append(log))
        .stderr(append(errors))
        .spawn()
        .expect("the function starts");
    Killed(child)
}

fn start(cargo_lambda: PathBuf, name: &str, vars: Vec<(String, String)>) -> Emulated {
    let port = free_port();
    let emulator = Command::new(&cargo_lambda)
        .args(["lambda", "watch", "--only-lambda-apis", "-A", "127.0.0.1", "-P", &port.to_string()])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cargo lambda watch starts");
    let emulator = Killed(emulator);
    wait_for(port);
    let dir = std::env::temp_dir();
    let log = dir.join(format!("firelog-e2e-{name}-{}.log", std::process::id()));
    let errors = dir.join(format!("firelog-e2e-{name}-{}.err", std::process::id()));
    let _ = (std::fs::remove_file(&log), std::fs::remove_file(&errors));
    let function = spawn_function(port, &log, &errors, &vars);
    Emulated { cargo_lambda, port, function, _emulator: emulator, log, errors, vars }
}

impl Emulated {
    /// The emulator can accept connections a moment before it serves the Runtime API;
    /// a function that polled too early has exited, and is started again (once).
    fn ensure_running(&mut self) {
        if let Ok(Some(status)) = self.function.0.try_wait() {
            let said = std::fs::read_to_string(&self.errors).unwrap_or_default();
            eprintln!("function exited ({status}) before an invocation: {said}; starting it again");
            std::thread::sleep(Duration::from_millis(500));
            self.function = spawn_function(self.port, &self.log, &self.errors, &self.vars);
        }
    }

    fn invoke(&mut self, data_file: &Path) -> Output {
        std::thread::sleep(Duration::from_millis(200));
        self.ensure_running();
        // Output goes to files and the wait is bounded: a hung invocation fails the
        // test instead of hanging CI.
        let out = self.log.with_extension("invoke.out");
        let err = self.log.with_extension("invoke.err");
        let mut child = Command::new(&self.cargo_lambda)
            .args(["lambda", "invoke", "-A", "127.0.0.1", "-P", &self.port.to_string(), "--data-file"])
            .arg(data_file)
            .arg("_")
            .current_dir(root())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .expect("cargo lambda invoke runs");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                let said = std::fs::read_to_string(&self.errors).unwrap_or_default();
                panic!("cargo lambda invoke did not answer in 60 s; the function said: {said}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output { status, stdout: std::fs::read(&out).unwrap(), stderr: std::fs::read(&err).unwrap() }
    }
}

fn compact(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn each_testdata_event_through_the_runtime_api() {
    let Some(cargo_lambda) = cargo_lambda() else { return };
    let mut emulated = start(cargo_lambda, "events", Vec::new());
    for name in ["sample", "direct_put", "kinesis_source", "cloudwatch"] {
        let out = emulated.invoke(&root().join(format!("testdata/events/{name}.json")));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let want = std::fs::read(root().join(format!("testdata/events/{name}.expected.json"))).unwrap();
        // cargo lambda invoke re-prints the response; compare it as JSON.
        assert_eq!(compact(&out.stdout), compact(&want), "{name}");
    }

    // An event that is not a Firehose event fails the invocation, saying why.
    let bad = std::env::temp_dir().join(format!("firelog-e2e-bad-{}.json", std::process::id()));
    std::fs::write(&bad, br#"{"invocationId":"x"}"#).unwrap();
    let out = emulated.invoke(&bad);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("missing field `records`"), "{said}");

    // One JSON summary line per invocation, through lambda_runtime's tracing.
    drop(emulated.function);
    let log = std::fs::read_to_string(&emulated.log).unwrap();
    let summaries: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["fields"]["message"] == "invocation summary")
        .collect();
    assert_eq!(summaries.len(), 4, "{log}");
    // And one EMF metrics line per invocation, for CloudWatch to read.
    let emf: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("_aws").is_some())
        .collect();
    assert_eq!(emf.len(), 4, "{log}");
    assert_eq!(
        (&emf[0]["Records"], &emf[0]["ProcessingFailed"], &emf[0]["DeliveryStream"]),
        (&10.into(), &4.into(), &"firelog-local".into())
    );
    let first = &summaries[0]["fields"];
    assert_eq!(
        (&first["records"], &first["ok"], &first["dropped"], &first["failed"]),
        (&10.into(), &4.into(), &2.into(), &4.into()),
        "{log}"
    );
    assert_eq!(first["bytes_out"], 3602);
    assert!(first["failed_samples"].as_str().unwrap().starts_with(
        "49546986683135544286507457936321625675700192471156785104: line 2: invalid timestamp (%t) at column 13: found \" [32/May/2015:10...\"; "
    ));
}

/// A custom LOG_FORMAT, partition keys and a drop rule (testdata/vhost_combined.env), set
/// as on Lambda.
#[test]
fn a_custom_log_format_through_the_runtime_api() {
    let Some(cargo_lambda) = cargo_lambda() else { return };
    let mut emulated = start(cargo_lambda, "vhost", testdata::env_file("vhost_combined"));
    let out = emulated.invoke(&root().join("testdata/events/vhost_combined.json"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let want = std::fs::read(root().join("testdata/events/vhost_combined.expected.json")).unwrap();
    assert_eq!(compact(&out.stdout), compact(&want));
}

/// nginx's formats, set as on Lambda: nginx_main with partition keys, ingress-nginx's
/// default with ON_BAD_LINE=keep and a drop rule, and nginx_main with every enrichment on
/// (the test databases in testdata/geo/, as a layer would hold them) (testdata/<name>.env).
#[test]
fn nginx_formats_and_enrichment_through_the_runtime_api() {
    let Some(cargo_lambda) = cargo_lambda() else { return };
    for name in ["nginx_main", "ingress_nginx", "enriched"] {
        let mut emulated = start(cargo_lambda.clone(), name, testdata::env_file(name));
        let out = emulated.invoke(&root().join(format!("testdata/events/{name}.json")));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let want = std::fs::read(root().join(format!("testdata/events/{name}.expected.json"))).unwrap();
        assert_eq!(compact(&out.stdout), compact(&want), "{name}");
    }
}

#[test]
fn a_bad_setting_fails_the_start_naming_it() {
    let out = Command::new(bootstrap())
        .env("LOG_FORMAT", "apache")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .output()
        .expect("the function starts");
    assert!(!out.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        said.contains(r#"LOG_FORMAT="apache" is not allowed: it is not a nickname firelog knows"#),
        "{said}"
    );
}
