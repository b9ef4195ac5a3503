//! `PARSE_USER_AGENT=on`: the browser, its OS, the device and whether it is a bot, read
//! from the user agent by the `woothee` crate (Project Woothee's rules, built in: no file
//! to ship, nothing to load at start-up). docs/benchmarks.md gives the comparison with
//! the uap-core parsers that chose it.
//!
//! Agents repeat heavily (a site's traffic is a few hundred browsers and bots), so the
//! JSON of each agent is made once and kept, per thread, in a bounded cache
//! (`Kept`).

use crate::json::write_str;
use crate::output::ColumnType;
use crate::settings::{SettingError, Variable};

/// `PARSE_USER_AGENT`.
pub const PARSE_USER_AGENT: Variable = Variable {
    name: "PARSE_USER_AGENT",
    default: "off",
    allowed: "off or on (firelog writes ua_browser, ua_browser_version, ua_os, ua_os_version, ua_device, \
              ua_bot from the user agent)",
};

/// Reads `PARSE_USER_AGENT`.
pub(crate) fn from_setting(value: &str) -> Result<bool, SettingError> {
    match value.trim() {
        "" | "off" => Ok(false),
        "on" => Ok(true),
        _ => Err(PARSE_USER_AGENT.reject(value)),
    }
}

/// The keys it writes and their types.
pub(crate) const KEYS: [(&str, ColumnType); 6] = [
    ("ua_browser", ColumnType::String),
    ("ua_browser_version", ColumnType::String),
    ("ua_os", ColumnType::String),
    ("ua_os_version", ColumnType::String),
    ("ua_device", ColumnType::String),
    ("ua_bot", ColumnType::Boolean),
];

/// Agents kept per thread: a few hundred kilobytes at most.
const AGENTS_KEPT: usize = 4096;

/// What an agent is, as firelog writes it; `None` is null (not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent<'a> {
    /// `Chrome`, `Firefox`, `Googlebot`.
    pub browser: Option<&'a str>,
    /// `120.0.6099.109`.
    pub browser_version: Option<&'a str>,
    /// `Windows 10`, `Mac OSX`, `iPhone`, `Android`.
    pub os: Option<&'a str>,
    /// `10.15.7`, `NT 10.0`.
    pub os_version: Option<std::borrow::Cow<'a, str>>,
    /// `desktop`, `mobile`, `tablet`, `bot`, `appliance` (a console, a TV) or `other`.
    pub device: Option<&'static str>,
    /// Whether it is a crawler or another bot.
    pub bot: bool,
}

/// Reads one user agent.
pub fn parse(agent: &str) -> Agent<'_> {
    fn known(s: &str) -> Option<&str> {
        (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then_some(s)
    }
    let Some(found) = woothee::parser::Parser::new().parse(agent) else {
        return Agent {
            browser: None,
            browser_version: None,
            os: None,
            os_version: None,
            device: None,
            bot: false,
        };
    };
    let device = match found.category {
        "pc" => Some("desktop"),
        "smartphone" if found.os == "iPad" => Some("tablet"),
        "smartphone" | "mobilephone" => Some("mobile"),
        "crawler" => Some("bot"),
        "appliance" => Some("appliance"),
        "misc" => Some("other"),
        _ => None,
    };
    let os_version = match found.os_version {
        std::borrow::Cow::Borrowed(v) => known(v).map(std::borrow::Cow::Borrowed),
        std::borrow::Cow::Owned(v) => {
            (!v.is_empty() && v != woothee::woothee::VALUE_UNKNOWN).then_some(v.into())
        }
    };
    Agent {
        browser: known(found.name),
        browser_version: known(found.version),
        os: known(found.os),
        os_version,
        device,
        bot: found.category == "crawler",
    }
}

/// The JSON of the agents read, per thread.
#[derive(Debug)]
pub(crate) struct Agents {
    json: super::Kept<Box<[u8]>>,
}

impl Default for Agents {
    fn default() -> Agents {
        Agents { json: super::Kept::new(AGENTS_KEPT) }
    }
}

impl Agents {
    /// Appends the keys for `agent` as logged (`None`: the line has none: every key null).
    pub(crate) fn write(&mut self, out: &mut Vec<u8>, agent: Option<&[u8]>) {
        let Some(agent) = agent.filter(|a| !a.is_empty()) else {
            return super::write_nulls(out, &KEYS);
        };
        if let Some(json) = self.json.get(agent) {
            out.extend_from_slice(json);
            return;
        }
        let start = out.len();
        write_agent(out, &parse(&String::from_utf8_lossy(agent)));
        self.json.put(agent.into(), &out[start..]);
    }
}

/// `agent`'s keys, each after a comma.
fn write_agent(out: &mut Vec<u8>, agent: &Agent<'_>) {
    let [browser, browser_version, os, os_version, device, bot] = KEYS.map(|(k, _)| k);
    let text = |out: &mut Vec<u8>, key: &str, value: Option<&str>| {
        super::write_key(out, key);
        match value {
            Some(v) => write_str(out, v.as_bytes(), false),
            None => out.extend_from_slice(b"null"),
        }
    };
    text(out, browser, agent.browser);
    text(out, browser_version, agent.browser_version);
    text(out, os, agent.os);
    text(out, os_version, agent.os_version.as_deref());
    text(out, device, agent.device);
    super::write_key(out, bot);
    out.extend_from_slice(if agent.bot { b"true" } else { b"false" });
}
