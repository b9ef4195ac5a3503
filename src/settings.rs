//! Settings from the environment, read and checked once at start-up.
//!
//! A bad value stops the start with a message naming the variable, the value and what
//! is allowed: on Lambda that is an init error, in the CLI exit status 2. The Lambda and
//! the CLI read the same variables, so a local run matches what is deployed.

use std::fmt;

use crate::access_log::Format;

/// Everything configurable, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `LOG_FORMAT`: `combined` (default) or `common`.
    pub format: Format,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { format: Format::Combined }
    }
}

/// A setting with a value that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    pub variable: &'static str,
    pub value: String,
    pub allowed: &'static str,
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

    /// Reads settings through `lookup` (the environment, or a table in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingError> {
        let mut settings = Settings::default();
        if let Some(value) = lookup("LOG_FORMAT") {
            settings.format = match value.trim() {
                "" | "combined" => Format::Combined,
                "common" => Format::Common,
                _ => {
                    return Err(SettingError {
                        variable: "LOG_FORMAT",
                        value,
                        allowed: "one of combined (the default; also accepts common-format lines), common",
                    });
                }
            };
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        Settings::from_lookup(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn table() {
        assert_eq!(read(&[]), Ok(Settings { format: Format::Combined }));
        assert_eq!(read(&[("LOG_FORMAT", "combined")]), Ok(Settings { format: Format::Combined }));
        assert_eq!(read(&[("LOG_FORMAT", "common")]), Ok(Settings { format: Format::Common }));
        assert_eq!(read(&[("LOG_FORMAT", "")]), Ok(Settings { format: Format::Combined }));
        assert_eq!(
            read(&[("LOG_FORMAT", "apache")]),
            Err(r#"LOG_FORMAT="apache" is not allowed: one of combined (the default; also accepts common-format lines), common"#.into())
        );
    }
}
