//! Settings from the environment, read and checked once at start-up.
//!
//! Each setting's parser lives with what it configures (the format in [`crate::access_log`], the
//! profile in [`crate::profile`], threads and bad lines in [`crate::transform`], metrics in [`crate::metrics`], rules in
//! [`crate::routing`]); each names its [`Variable`](crate::settings::Variable), and [`VARIABLES`](crate::settings::VARIABLES) lists them all. That one
//! table gives every error message its "what is allowed" and the README its settings table
//! (`tests/docs.rs` renders one from the other). What stays here is the glue that reads the
//! environment once.
//!
//! A bad value stops the start with a message naming the variable, the value and what
//! is allowed: on Lambda that is an init error, in the CLI exit status 2. The Lambda and
//! the CLI read the same variables, so a local run matches what is deployed.

use std::fmt;

use crate::access_log::{Builtin, Format};
use crate::enrich::Enrichment;
use crate::metrics::Metrics;
use crate::profile::Schema;
use crate::routing::Rules;
use crate::transform::{BadLines, Threads};

/// An environment variable firelog reads: its name, its default and what is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// The variable's name, e.g. `THREADS`.
    pub name: &'static str,
    /// The value it has when unset; `""`: none.
    pub default: &'static str,
    /// What is allowed, as the start-up error says it.
    pub allowed: &'static str,
}

impl Variable {
    /// The error for `value`, with this variable's "what is allowed".
    pub fn reject(&self, value: &str) -> SettingError {
        self.reject_because(value, self.allowed.to_string())
    }

    /// The error for `value`, with another explanation (a format that does not compile).
    pub fn reject_because(&self, value: &str, allowed: String) -> SettingError {
        SettingError { variable: self.name, value: value.to_string(), allowed }
    }
}

/// Every variable firelog reads, in the README's order.
pub const VARIABLES: &[Variable] = &[
    crate::access_log::LOG_FORMAT,
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

/// Everything configurable, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `LOG_FORMAT`, compiled.
    pub format: Format,
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
            format: Format::from(Builtin::Combined),
            schema: Schema::Firelog,
            threads: Threads::Auto,
            metrics: Metrics::default(),
            rules: Rules::default(),
            bad_lines: BadLines::FailRecord,
            enrichment: Enrichment::default(),
        }
    }
}

/// A setting with a value that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    /// The variable's name.
    pub variable: &'static str,
    /// Its value, as set.
    pub value: String,
    /// What is allowed instead.
    pub allowed: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={:?} is not allowed: {}", self.variable, self.value, self.allowed)
    }
}

impl std::error::Error for SettingError {}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Settings, SettingError> {
        Settings::from_lookup(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
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
            s.format = Format::from_setting_reserving(&value, &reserved)?;
        }
        s.enrichment.check_against(&s.format, &lookup)?;
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
        s.rules.check_against(&s.format, &lookup)?;
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

/// The items of a comma-separated setting, trimmed, empty ones skipped.
pub(crate) fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Settings from `(name, value)` pairs, the error as its message.
    pub(crate) fn read(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        Settings::from_lookup(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
            .map_err(|e| e.to_string())
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
