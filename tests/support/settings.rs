//! Settings read from `(variable, value)` pairs, as the Lambda reads its environment.

use firelog::Settings;
use firelog::access_log::Format;

/// The settings `vars` give, or the message that refuses them.
pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(vars: &[(K, V)]) -> Result<Settings, String> {
    Settings::from_lookup(|name| {
        vars.iter().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref().to_string())
    })
    .map_err(|e| e.to_string())
}

/// `LOG_FORMAT=text`, compiled as the Lambda compiles it.
pub fn format(text: &str) -> Format {
    from_pairs(&[("LOG_FORMAT", text)])
        .unwrap_or_else(|e| panic!("LOG_FORMAT={text}: {e}"))
        .format
        .first()
        .clone()
}
