//! Settings from the environment, read and checked once at start-up.
//!
//! A bad value stops the start with a message naming the variable, the value and what
//! is allowed: on Lambda that is an init error, in the CLI exit status 2. The Lambda and
//! the CLI read the same variables, so a local run matches what is deployed.

use std::fmt;

use crate::access_log::{Builtin, Format, RuleField};
use crate::routing::{PartitionKey, Rules, StatusMatch};
use crate::transform::BadLines;

/// Everything configurable, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `LOG_FORMAT`: `combined` (default), `common`, `vhost_combined` or an Apache
    /// `LogFormat` string, compiled.
    pub format: Format,
    /// `THREADS`: how many threads transform a large event.
    pub threads: Threads,
    /// `METRICS`: whether each invocation prints an EMF metrics line (`on`, `off`).
    pub metrics: bool,
    /// `METRICS_NAMESPACE`: the CloudWatch namespace of those metrics.
    pub metrics_namespace: String,
    /// `METRICS_DIMENSIONS`: `Name=Value` pairs added to the `DeliveryStream` dimension.
    pub metrics_dimensions: Vec<(String, String)>,
    /// `PARTITION_KEYS`, `DROP_PATHS`, `DROP_USER_AGENTS`, `DROP_STATUS`.
    pub rules: Rules,
    /// `ON_BAD_LINE`: `fail-record` (default) or `keep`.
    pub bad_lines: BadLines,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            format: Format::from(Builtin::Combined),
            threads: Threads::Auto,
            metrics: true,
            metrics_namespace: "firelog".into(),
            metrics_dimensions: Vec::new(),
            rules: Rules::default(),
            bad_lines: BadLines::FailRecord,
        }
    }
}

/// `THREADS`: `auto` (default) or a number from 1 to 64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// One thread per vCPU the function has: on Lambda, one per 1,769 MB of memory (AWS
    /// gives a function the equivalent of one vCPU at 1,769 MB), never more than the
    /// processors the system reports; elsewhere, the processors the system reports.
    Auto,
    Fixed(usize),
}

/// Lambda memory that buys one vCPU (AWS Lambda's documented memory/CPU ratio).
const LAMBDA_MB_PER_VCPU: usize = 1769;

impl Threads {
    /// The number of threads, given the system's processors and, on Lambda, its memory
    /// (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, MB).
    pub fn count(self, processors: usize, lambda_memory_mb: Option<usize>) -> usize {
        match self {
            Threads::Fixed(n) => n,
            Threads::Auto => {
                let by_memory = lambda_memory_mb.map_or(usize::MAX, |mb| mb.div_ceil(LAMBDA_MB_PER_VCPU));
                processors.min(by_memory).max(1)
            }
        }
    }

    /// [`Threads::count`] for this process.
    pub fn resolve(self) -> usize {
        let processors = std::thread::available_parallelism().map_or(1, |n| n.get());
        let memory = std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").ok().and_then(|v| v.parse().ok());
        self.count(processors, memory)
    }
}

/// A setting with a value that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub variable: &'static str,
    pub value: String,
    pub allowed: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={:?} is not allowed: {}", self.variable, self.value, self.allowed)
    }
}

impl std::error::Error for SettingError {}

impl Settings {
    /// Every variable the settings read.
    pub const VARIABLES: [&str; 11] = [
        "LOG_FORMAT",
        "ON_BAD_LINE",
        "THREADS",
        "METRICS",
        "METRICS_NAMESPACE",
        "METRICS_DIMENSIONS",
        "PARTITION_KEYS",
        "DROP_PATHS",
        "DROP_USER_AGENTS",
        "DROP_STATUS",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    ];

    /// Reads the process environment.
    pub fn from_env() -> Result<Settings, SettingError> {
        Settings::from_lookup(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }

    /// Reads settings through `lookup` (the environment, or a table in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingError> {
        let mut settings = Settings::default();
        if let Some(value) = lookup("LOG_FORMAT") {
            let text = value.trim();
            settings.format = if text.is_empty() {
                Format::from(Builtin::Combined)
            } else {
                Format::new(text).map_err(|e| SettingError {
                    variable: "LOG_FORMAT",
                    value: value.clone(),
                    allowed: format!(
                        "{e}; use a nickname ({}), an Apache Format string or an nginx log_format",
                        crate::access_log::log_format::NICKNAMES.map(|(name, _)| name).join(", ")
                    ),
                })?
            };
        }
        if let Some(value) = lookup("ON_BAD_LINE") {
            settings.bad_lines = match value.trim() {
                "" | "fail-record" => BadLines::FailRecord,
                "keep" => BadLines::Keep,
                _ => {
                    return Err(SettingError {
                        variable: "ON_BAD_LINE",
                        value,
                        allowed: "fail-record (the default: a bad line fails its record) or keep (it is \
                                  written as {\"unparsed_line\":...,\"parse_error\":...} and the record stays Ok)"
                            .into(),
                    });
                }
            };
        }
        if let Some(value) = lookup("THREADS") {
            settings.threads = match value.trim() {
                "" | "auto" => Threads::Auto,
                n => match n.parse::<usize>() {
                    Ok(n @ 1..=64) => Threads::Fixed(n),
                    _ => {
                        return Err(SettingError {
                            variable: "THREADS",
                            value,
                            allowed: "auto (the default: one per vCPU) or a whole number from 1 to 64".into(),
                        });
                    }
                },
            };
        }
        if let Some(value) = lookup("METRICS") {
            settings.metrics = match value.trim() {
                "" | "on" => true,
                "off" => false,
                _ => {
                    return Err(SettingError {
                        variable: "METRICS",
                        value,
                        allowed: "on (the default) or off".into(),
                    });
                }
            };
        }
        if let Some(value) = lookup("METRICS_NAMESPACE") {
            let ns = value.trim();
            // CloudWatch: 1 to 255 characters, and no namespace may start with `AWS/`.
            if ns.is_empty() || ns.len() > 255 || ns.starts_with("AWS/") || ns.chars().any(|c| c.is_control())
            {
                return Err(SettingError {
                    variable: "METRICS_NAMESPACE",
                    value,
                    allowed: "1 to 255 printable characters, not starting with AWS/ (default firelog)".into(),
                });
            }
            settings.metrics_namespace = ns.to_string();
        }
        if let Some(value) = lookup("METRICS_DIMENSIONS") {
            let bad = || {
                SettingError {
                variable: "METRICS_DIMENSIONS",
                value: value.clone(),
                allowed: "comma-separated Name=Value pairs (at most 29, names not DeliveryStream), e.g. Env=prod,Team=web".into(),
            }
            };
            let mut dims = Vec::new();
            for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').ok_or_else(bad)?;
                let (k, v) = (k.trim(), v.trim());
                if k.is_empty()
                    || v.is_empty()
                    || k == crate::metrics::STREAM_DIMENSION
                    || dims.iter().any(|(d, _)| d == k)
                {
                    return Err(bad());
                }
                dims.push((k.to_string(), v.to_string()));
            }
            // EMF allows 30 dimensions in a set; DeliveryStream is one.
            if dims.len() > 29 {
                return Err(bad());
            }
            settings.metrics_dimensions = dims;
        }
        if let Some(value) = lookup("PARTITION_KEYS") {
            let mut keys = Vec::new();
            for name in list(&value.clone()) {
                let key = match name {
                    "year" => PartitionKey::Year,
                    "month" => PartitionKey::Month,
                    "day" => PartitionKey::Day,
                    "hour" => PartitionKey::Hour,
                    "status_class" => PartitionKey::StatusClass,
                    "vhost" => PartitionKey::Vhost,
                    _ => {
                        return Err(SettingError {
                            variable: "PARTITION_KEYS",
                            value,
                            allowed: "comma-separated keys from year, month, day, hour, status_class, vhost"
                                .into(),
                        });
                    }
                };
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            settings.rules.partition_keys = keys;
        }
        if let Some(value) = lookup("DROP_PATHS") {
            if list(&value).any(|p| !p.starts_with('/')) {
                return Err(SettingError {
                    variable: "DROP_PATHS",
                    value,
                    allowed: "comma-separated path prefixes, each starting with /, e.g. /health,/ping".into(),
                });
            }
            settings.rules.drop_paths = list(&value).map(|p| p.as_bytes().to_vec()).collect();
        }
        if let Some(value) = lookup("DROP_USER_AGENTS") {
            settings.rules.drop_user_agents = list(&value).map(|p| p.as_bytes().to_vec()).collect();
        }
        if let Some(value) = lookup("DROP_STATUS") {
            let mut matches = Vec::new();
            for item in list(&value.clone()) {
                let m = match item.as_bytes() {
                    [c @ b'1'..=b'5', b'x' | b'X', b'x' | b'X'] => {
                        Some(StatusMatch::Class(u16::from(c - b'0')))
                    }
                    [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => item.parse().ok().map(StatusMatch::Code),
                    _ => None,
                };
                match m {
                    Some(m) => matches.push(m),
                    None => {
                        return Err(SettingError {
                            variable: "DROP_STATUS",
                            value,
                            allowed:
                                "comma-separated status codes (100-599) or classes (1xx-5xx), e.g. 404,5xx"
                                    .into(),
                        });
                    }
                }
            }
            settings.rules.drop_status = matches;
        }
        settings.check_rules_against_format(&lookup)?;
        Ok(settings)
    }

    /// Each drop rule and partition key reads a field the format must have.
    fn check_rules_against_format(
        &self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<(), SettingError> {
        let rules = &self.rules;
        let mut needs: Vec<(&'static str, String, RuleField, &str)> = Vec::new();
        for key in &rules.partition_keys {
            let (fact, directive) = match key {
                PartitionKey::Year | PartitionKey::Month | PartitionKey::Day | PartitionKey::Hour => {
                    (RuleField::Time, "%t or %{format}t")
                }
                PartitionKey::StatusClass => (RuleField::Status, "%>s or %s"),
                PartitionKey::Vhost => (RuleField::Vhost, "%v (as vhost_combined has)"),
            };
            needs.push(("PARTITION_KEYS", key.name().to_string(), fact, directive));
        }
        if !rules.drop_paths.is_empty() {
            needs.push(("DROP_PATHS", String::new(), RuleField::Path, "%r or %U"));
        }
        if !rules.drop_user_agents.is_empty() {
            needs.push(("DROP_USER_AGENTS", String::new(), RuleField::UserAgent, "%{User-Agent}i"));
        }
        if !rules.drop_status.is_empty() {
            needs.push(("DROP_STATUS", String::new(), RuleField::Status, "%>s or %s"));
        }
        for (variable, item, fact, directive) in needs {
            if !self.format.provides(fact) {
                let what = if item.is_empty() { String::new() } else { format!("{item} ") };
                return Err(SettingError {
                    variable,
                    value: lookup(variable).unwrap_or_default(),
                    allowed: format!("{what}needs {directive} in LOG_FORMAT; the format has none"),
                });
            }
        }
        Ok(())
    }
}

/// The items of a comma-separated setting, trimmed, empty ones skipped.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_settings() {
        let s = read(&[
            ("PARTITION_KEYS", "year, month,day,hour,status_class,year"),
            ("DROP_PATHS", "/health, /ping,"),
            ("DROP_USER_AGENTS", "ELB-HealthChecker,kube-probe"),
            ("DROP_STATUS", "404, 5xx"),
        ])
        .unwrap();
        use PartitionKey::*;
        assert_eq!(s.rules.partition_keys, [Year, Month, Day, Hour, StatusClass]);
        assert_eq!(s.rules.drop_paths, [b"/health".to_vec(), b"/ping".to_vec()]);
        assert_eq!(s.rules.drop_user_agents, [b"ELB-HealthChecker".to_vec(), b"kube-probe".to_vec()]);
        assert_eq!(s.rules.drop_status, [StatusMatch::Code(404), StatusMatch::Class(5)]);
        assert_eq!(read(&[("PARTITION_KEYS", "")]).unwrap().rules, Rules::default());
        let cases = [
            (
                "PARTITION_KEYS",
                "year,vhost",
                "vhost needs %v (as vhost_combined has) in LOG_FORMAT; the format has none",
            ),
            (
                "PARTITION_KEYS",
                "minute",
                "comma-separated keys from year, month, day, hour, status_class, vhost",
            ),
            (
                "DROP_PATHS",
                "health",
                "comma-separated path prefixes, each starting with /, e.g. /health,/ping",
            ),
            (
                "DROP_STATUS",
                "4xx,600",
                "comma-separated status codes (100-599) or classes (1xx-5xx), e.g. 404,5xx",
            ),
            (
                "DROP_STATUS",
                "40",
                "comma-separated status codes (100-599) or classes (1xx-5xx), e.g. 404,5xx",
            ),
            (
                "DROP_STATUS",
                "6xx",
                "comma-separated status codes (100-599) or classes (1xx-5xx), e.g. 404,5xx",
            ),
        ];
        for (var, value, allowed) in cases {
            assert_eq!(
                read(&[(var, value)]),
                Err(format!("{var}={value:?} is not allowed: {allowed}")),
                "{var}={value}"
            );
        }
    }

    #[test]
    fn metrics_settings() {
        let s = read(&[
            ("METRICS", "off"),
            ("METRICS_NAMESPACE", "web/logs"),
            ("METRICS_DIMENSIONS", "Env=prod, Team=web"),
        ])
        .unwrap();
        assert!(!s.metrics);
        assert_eq!(s.metrics_namespace, "web/logs");
        assert_eq!(
            s.metrics_dimensions,
            [("Env".to_string(), "prod".to_string()), ("Team".to_string(), "web".to_string())]
        );
        assert_eq!(
            read(&[("METRICS", "yes")]),
            Err(r#"METRICS="yes" is not allowed: on (the default) or off"#.into())
        );
        for ns in ["", "AWS/Lambda", &"x".repeat(256)] {
            assert_eq!(
                read(&[("METRICS_NAMESPACE", ns)]),
                Err(format!(
                    "METRICS_NAMESPACE={ns:?} is not allowed: 1 to 255 printable characters, not starting with AWS/ (default firelog)"
                ))
            );
        }
        for dims in ["Env", "Env=", "=prod", "DeliveryStream=x", "A=1,A=2"] {
            assert_eq!(
                read(&[("METRICS_DIMENSIONS", dims)]),
                Err(format!(
                    "METRICS_DIMENSIONS={dims:?} is not allowed: comma-separated Name=Value pairs (at most 29, names not DeliveryStream), e.g. Env=prod,Team=web"
                ))
            );
        }
    }

    #[test]
    fn auto_threads_follow_lambda_memory() {
        // (processors, Lambda memory) -> threads
        let cases = [
            ((2, Some(128)), 1),
            ((2, Some(1769)), 1),
            ((2, Some(1770)), 2),
            ((2, Some(3008)), 2),
            ((6, Some(10240)), 6),
            ((2, Some(10240)), 2),
            ((1, None), 1),
            ((2, None), 2),
        ];
        for ((processors, memory), want) in cases {
            assert_eq!(Threads::Auto.count(processors, memory), want, "{processors} {memory:?}");
        }
        assert_eq!(Threads::Fixed(3).count(1, Some(128)), 3);
    }

    fn read(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        Settings::from_lookup(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn table() {
        let with =
            |format: Builtin, threads| Ok(Settings { format: format.into(), threads, ..Settings::default() });
        assert_eq!(read(&[]), with(Builtin::Combined, Threads::Auto));
        assert_eq!(read(&[("LOG_FORMAT", "combined")]), with(Builtin::Combined, Threads::Auto));
        assert_eq!(read(&[("LOG_FORMAT", "common")]), with(Builtin::Common, Threads::Auto));
        assert_eq!(read(&[("LOG_FORMAT", "")]), with(Builtin::Combined, Threads::Auto));
        assert_eq!(read(&[("THREADS", "auto")]), with(Builtin::Combined, Threads::Auto));
        assert_eq!(read(&[("THREADS", "2")]), with(Builtin::Combined, Threads::Fixed(2)));
        for bad in ["0", "65", "-1", "two", "1.5"] {
            assert_eq!(
                read(&[("THREADS", bad)]),
                Err(format!(
                    "THREADS={bad:?} is not allowed: auto (the default: one per vCPU) or a whole number from 1 to 64"
                ))
            );
        }
        assert_eq!(
            read(&[("LOG_FORMAT", "apache")]),
            Err(r#"LOG_FORMAT="apache" is not allowed: it is not a nickname firelog knows and has no % directive or $ variable; use a nickname (combined, common, vhost_combined, nginx_combined, nginx_main, ingress_nginx), an Apache Format string or an nginx log_format"#.into())
        );
    }
}
