//! The words of a setting, at the bottom of the library: an environment variable firelog
//! reads ([`Variable`](crate::variable::Variable)), its error ([`SettingError`](crate::variable::SettingError)) and the comma-separated list most
//! settings are. Each module that owns a setting names its `Variable` with these; the
//! table of them all and the reading of the environment are [`crate::settings`]', above
//! every module.

use std::fmt;

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

/// The items of a comma-separated setting, trimmed, empty ones skipped.
pub(crate) fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}
