//! The Lambda binary under cargo-lambda's Runtime API emulator: the real Runtime API
//! protocol, for tests/lambda_e2e.rs and tests/tables.rs.
//!
//! cargo-lambda comes from the project's virtualenv (`scripts/test` installs it) or
//! `FIRELOG_CARGO_LAMBDA`. Without it these tests say so and skip; with
//! `FIRELOG_REQUIRE_E2E=1` (CI) its absence fails. The binary is
//! `FIRELOG_BOOTSTRAP` (the `bootstrap` that `cargo lambda build` wrote) when set, else
//! the `firelog-lambda` that cargo built for this test run.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{found, root};

pub fn cargo_lambda() -> Option<PathBuf> {
    let path = std::env::var_os("FIRELOG_CARGO_LAMBDA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/cargo-lambda"));
    found::found(path, "FIRELOG_REQUIRE_E2E", "run scripts/test, which installs cargo-lambda")
}

pub fn bootstrap() -> PathBuf {
    std::env::var_os("FIRELOG_BOOTSTRAP")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_firelog-lambda").into())
}

/// Kills the process when the test ends, however it ends.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn wait_for(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "emulator did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The emulator (Runtime API only) and the function polling it.
pub struct Emulated {
    pub cargo_lambda: PathBuf,
    pub port: u16,
    pub function: Killed,
    pub _emulator: Killed,
    pub log: PathBuf,
    pub errors: PathBuf,
    /// The function's settings.
    pub vars: Vec<(String, String)>,
}

pub fn spawn_function(port: u16, log: &Path, errors: &Path, vars: &[(String, String)]) -> Killed {
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

pub fn start(cargo_lambda: PathBuf, name: &str, vars: Vec<(String, String)>) -> Emulated {
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
    pub fn ensure_running(&mut self) {
        if let Ok(Some(status)) = self.function.0.try_wait() {
            let said = std::fs::read_to_string(&self.errors).unwrap_or_default();
            eprintln!("function exited ({status}) before an invocation: {said}; starting it again");
            std::thread::sleep(Duration::from_millis(500));
            self.function = spawn_function(self.port, &self.log, &self.errors, &self.vars);
        }
    }

    pub fn invoke(&mut self, data_file: &Path) -> Output {
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

pub fn compact(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}
