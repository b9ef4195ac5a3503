//! Settings from the environment, read and checked once at start-up.
//!
//! Each setting's parser lives with what it configures (the format in [`crate::access_log`], the
//! profile in [`crate::profile`], threads and bad lines in [`crate::transform`], metrics in [`crate::metrics`], rules in
//! [`crate::routing`]); each names its [`Variable`](crate::variable::Variable), and [`VARIABLES`](crate::settings::VARIABLES) lists them all. That one
//! table gives every error message its "what is allowed" and the README its settings table
//! (`tests/docs.rs` renders one from the other). What stays here is the glue that reads the
//! environment once.
//!
//! A bad value stops the start with a message naming the variable, the value and what
//! is allowed: on Lambda that is an init error, in the CLI exit status 2. The Lambda and
//! the CLI read the same variables, so a local run matches what is deployed.

pub use crate::variable::{SettingError, Variable};

use crate::access_log::{Builtin, Format, Formats};
use crate::enrich::Enrichment;
use crate::metrics::Metrics;
use crate::profile::Schema;
use crate::routing::Rules;
use crate::transform::{BadLines, Threads, Transformer};

/// Every variable firelog reads, in the README's order.
pub const VARIABLES: &[Variable] = &[
    crate::access_log::LOG_FORMAT,
    crate::timestamp::LOG_TIME_ZONE,
    crate::profile::SCHEMA,
    crate::transform::ON_BAD_LINE,
    crate::transform::THREADS,
    crate::metrics::METRICS,
    crate::metrics::METRICS_NAMESPACE,
    crate::metrics::METRICS_DIMENSIONS,
    crate::routing::PARTITION_KEYS,
    crate::routing::DROP_PATHS,
    crate::routing::DROP_USER_AGENTS,
    crate::routing::DROP_STATUS,
    crate::routing::ICEBERG_DATABASE,
    crate::routing::ICEBERG_TABLE,
    crate::enrich::TRUSTED_PROXIES,
    crate::enrich::GEOIP_DB,
    crate::enrich::ASN_DB,
    crate::enrich::PARSE_USER_AGENT,
    crate::enrich::ANONYMIZE_IP,
];

/// The value of every variable of [`VARIABLES`] set in the process environment: the
/// environment read once, at the top, for settings to be read from (and, in the CLI, read
/// again with a variable or two set as the stack sets them, never from the environment).
pub fn environment() -> Vec<(&'static str, String)> {
    (VARIABLES.iter())
        .filter_map(|v| Some((v.name, std::env::var_os(v.name)?.to_string_lossy().into_owned())))
        .collect()
}

/// A variable's value in what [`environment`] read.
pub fn value_of(values: &[(&'static str, String)], name: &str) -> Option<String> {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
}

/// Everything configurable, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `LOG_FORMAT`, compiled: one format, or a list tried in order.
    pub format: Formats,
    /// `SCHEMA`: the names the keys take.
    pub schema: Schema,
    /// `THREADS`: how many threads transform a large event.
    pub threads: Threads,
    /// `METRICS`, `METRICS_NAMESPACE`, `METRICS_DIMENSIONS`.
    pub metrics: Metrics,
    /// `PARTITION_KEYS`, `DROP_PATHS`, `DROP_USER_AGENTS`, `DROP_STATUS`.
    pub rules: Rules,
    /// `ON_BAD_LINE`: `fail-record` (default) or `keep`.
    pub bad_lines: BadLines,
    /// `TRUSTED_PROXIES`, `GEOIP_DB`, `ASN_DB`, `PARSE_USER_AGENT`, `ANONYMIZE_IP`.
    pub enrichment: Enrichment,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            format: Formats::from(Format::from(Builtin::Combined)),
            schema: Schema::Firelog,
            threads: Threads::Auto,
            metrics: Metrics::default(),
            rules: Rules::default(),
            bad_lines: BadLines::FailRecord,
            enrichment: Enrichment::default(),
        }
    }
}

impl Settings {
    /// The transformer these settings describe: format, threads, rules, bad lines,
    /// enrichment and profile. The Lambda and the CLI both build theirs here; the
    /// transformer knows nothing of settings.
    pub fn transformer(&self) -> Transformer {
        Transformer::with_threads(self.format.clone(), self.threads.resolve())
            .with_rules(self.rules.clone())
            .with_bad_lines(self.bad_lines)
            .with_enrichment(&self.enrichment)
            .with_schema(self.schema)
    }

    /// Reads the process environment.
    pub fn from_env() -> Result<Settings, SettingError> {
        let values = environment();
        Settings::from_lookup(|name| value_of(&values, name))
    }

    /// Reads settings through `lookup` (the environment, or a table in tests). A variable
    /// that is unset keeps its default; each parser says what an empty value means.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingError> {
        let mut s = Settings::default();
        let read = |v: Variable| lookup(v.name);
        s.enrichment = Enrichment::from_settings(&lookup)?;
        if let Some(value) = read(crate::access_log::LOG_FORMAT) {
            // The keys enrichment adds are taken before the format's fields get theirs; an
            // Iceberg table's rows have every one of them (null while off).
            let iceberg = lookup(crate::routing::ICEBERG_TABLE.name).is_some_and(|t| !t.trim().is_empty());
            let added = if iceberg { crate::enrich::every_column() } else { s.enrichment.columns() };
            let reserved: Vec<&str> = added.iter().map(|c| c.name.as_str()).collect();
            s.format = Formats::from_setting_reserving(&value, &reserved)?;
        }
        if let Some(value) = read(crate::timestamp::LOG_TIME_ZONE) {
            let zone = crate::timestamp::zone_from_setting(&value)?;
            s.format = s.format.with_time_zone(zone);
        }
        // A list's member without what a setting reads writes null there: one member
        // that has it is enough.
        let members = s.format.members();
        let any = |check: &dyn Fn(&Format) -> Result<(), SettingError>| {
            members.iter().map(check).find(Result::is_ok).unwrap_or_else(|| check(s.format.first()))
        };
        any(&|f| s.enrichment.check_against(f, &lookup))?;
        if let Some(value) = read(crate::profile::SCHEMA) {
            s.schema = Schema::from_setting(&value)?;
        }
        if let Some(value) = read(crate::transform::ON_BAD_LINE) {
            s.bad_lines = BadLines::from_setting(&value)?;
        }
        if let Some(value) = read(crate::transform::THREADS) {
            s.threads = Threads::from_setting(&value)?;
        }
        s.metrics = Metrics::from_settings(&lookup)?;
        s.rules = Rules::from_settings(&lookup)?;
        {
            let members = s.format.members();
            let check = |f: &Format| s.rules.check_against(f, &lookup);
            members.iter().map(check).find(Result::is_ok).unwrap_or_else(|| check(s.format.first()))?;
        }
        profiles_share_a_table(&s, &lookup)?;
        if s.rules.iceberg.is_some() && s.bad_lines == BadLines::Keep {
            let why = "fail-record with ICEBERG_TABLE: a kept line's object has none of the table's columns";
            return Err(crate::transform::ON_BAD_LINE
                .reject_because(&lookup("ON_BAD_LINE").unwrap_or_default(), why.into()));
        }
        if s.enrichment.anonymize.is_some() && s.bad_lines == BadLines::Keep {
            let why = "off with ON_BAD_LINE=keep: a kept line is written as it came, its addresses whole";
            return Err(crate::enrich::ANONYMIZE_IP
                .reject_because(&lookup("ANONYMIZE_IP").unwrap_or_default(), why.into()));
        }
        if s.rules.iceberg.is_some() && s.schema != Schema::Firelog {
            let why = "firelog with ICEBERG_TABLE: an Iceberg table's columns are firelog's keys";
            return Err(
                crate::profile::SCHEMA.reject_because(&lookup("SCHEMA").unwrap_or_default(), why.into())
            );
        }
        Ok(s)
    }
}

/// A list of formats under a profile: each member's profile names its columns, and the
/// table over them is their union, so a name with two types (or one that nests another)
/// across the members is refused, as a key with two types is ([`Formats::new`]).
fn profiles_share_a_table(
    s: &Settings,
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<(), SettingError> {
    if s.format.is_single() {
        return Ok(());
    }
    let profiles: Vec<crate::profile::Profile> = (s.format.members().iter())
        .filter_map(|f| crate::profile::Profile::compile(s.schema, f, &s.enrichment))
        .collect();
    match crate::profile::Profile::clash(&profiles) {
        Some(why) => {
            let schema = lookup(crate::profile::SCHEMA.name).unwrap_or_default();
            Err(crate::profile::SCHEMA.reject_because(&schema, why))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::routing::{PartitionKey, StatusMatch};

    /// Settings from `(name, value)` pairs, the error as its message.
    pub(crate) fn read(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        Settings::from_lookup(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn metrics_settings() {
        let s = read(&[
            ("METRICS", "off"),
            ("METRICS_NAMESPACE", "web/logs"),
            ("METRICS_DIMENSIONS", "Env=prod, Team=web"),
        ])
        .unwrap();
        assert!(!s.metrics.on);
        assert_eq!(s.metrics.namespace, "web/logs");
        assert_eq!(
            s.metrics.dimensions,
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
    fn format_and_threads_settings() {
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
            Err(format!(
                r#"LOG_FORMAT="apache" is not allowed: it is not a nickname firelog knows and has no % directive or $ variable; use {}"#,
                crate::access_log::LOG_FORMAT.allowed
            ))
        );
        // The allowed text names every nickname.
        let names = crate::access_log::nicknames().join(", ");
        assert!(crate::access_log::LOG_FORMAT.allowed.starts_with(&format!("a nickname ({names}),")));
    }

    #[test]
    fn every_variable_once_with_what_is_allowed() {
        let mut names: Vec<&str> = VARIABLES.iter().map(|v| v.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), VARIABLES.len());
        assert!(VARIABLES.iter().all(|v| !v.allowed.is_empty()));
        assert_eq!(read(&[]), Ok(Settings::default()));
    }
}
