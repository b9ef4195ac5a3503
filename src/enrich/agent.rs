//! `PARSE_USER_AGENT=on`: the browser, its OS, the device and whether it is a bot, read
//! from the user agent by the `woothee` crate (Project Woothee's rules, built in: no file
//! to ship, nothing to load at start-up). docs/benchmarks.md gives the comparison with
//! the uap-core parsers that chose it.
//!
//! HTTP libraries, command-line tools and AWS's health checkers and CDN are read first,
//! from a table of their product tokens (`TOOLS`): each is named as its token writes it
//! (`curl`, `python-requests`, `aws-sdk-java`, `ELB-HealthChecker`) with its version, and
//! its device is `automation`. `ua_bot` stays for crawlers.
//!
//! Agents repeat heavily (a site's traffic is a few hundred browsers and bots), so the
//! JSON of each agent is made once and kept, per thread, in a bounded cache
//! (`Kept`).

use crate::column::ColumnType;
use crate::json::write_str;
use crate::variable::{SettingError, Variable};

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
    /// `desktop`, `mobile`, `tablet`, `bot`, `appliance` (a console, a TV), `automation`
    /// (an HTTP library, a command-line tool, a health checker) or `other`.
    pub device: Option<&'static str>,
    /// Whether it is a crawler or another bot.
    pub bot: bool,
}

/// HTTP libraries and command-line tools, by the product token their default user agent
/// starts with: checked before woothee, which names them as categories (`HTTP Library`,
/// with `curl` as the version) or not at all. A row: the token, whether the name is the
/// whole product as written (`aws-sdk-java` for `aws-sdk-`), and where the token comes
/// from. The version is what follows the token's `/`.
const TOOLS: &[(&str, Product)] = &[
    // curl's default, `curl/8.5.0` (curl's `--user-agent` documentation).
    ("curl/", Product::Token),
    // GNU Wget's default, `Wget/1.21.4` (wget's `--user-agent`).
    ("Wget/", Product::Token),
    // Python requests' `default_user_agent()`: `python-requests/2.31.0`.
    ("python-requests/", Product::Token),
    // HTTPX's default: `python-httpx/0.26.0`.
    ("python-httpx/", Product::Token),
    // aiohttp's client: `Python/3.11 aiohttp/3.9.1` (aiohttp's `SERVER_SOFTWARE`).
    ("Python/", Product::After("aiohttp/")),
    // Python's urllib: `Python-urllib/3.11`.
    ("Python-urllib/", Product::Token),
    // Go's net/http default: `Go-http-client/1.1` (the version is HTTP's).
    ("Go-http-client/", Product::Token),
    // OkHttp's default: `okhttp/4.12.0`.
    ("okhttp/", Product::Token),
    // java.net.HttpURLConnection's default, `Java/17.0.9`, and java.net.http's,
    // `Java-http-client/17.0.9`.
    ("Java/", Product::Token),
    ("Java-http-client/", Product::Token),
    // Apache HttpComponents: `Apache-HttpClient/4.5.14 (Java/17.0.9)`.
    ("Apache-HttpClient/", Product::Token),
    // axios in Node.js: `axios/1.6.2`.
    ("axios/", Product::Token),
    // node-fetch: `node-fetch/1.0 (+https://github.com/bitinn/node-fetch)`.
    ("node-fetch/", Product::Token),
    // Postman: `PostmanRuntime/7.36.0`.
    ("PostmanRuntime/", Product::Token),
    // The AWS SDKs and CLI: `aws-sdk-java/1.12.600 Linux/5.10 ...`, `aws-sdk-go/1.44.0
    // (go1.21; linux; amd64)`, `aws-sdk-js/2.1500.0`, `aws-cli/2.15.0 Python/3.11 ...`,
    // `Boto3/1.34.0 md/Botocore#1.34.0 ...` (each SDK's user-agent documentation).
    ("aws-sdk-", Product::Whole),
    ("aws-cli/", Product::Token),
    ("Boto3/", Product::Token),
    ("Botocore/", Product::Token),
    // Elastic Load Balancing's health checks: `ELB-HealthChecker/2.0`.
    ("ELB-HealthChecker/", Product::Token),
    // Route 53's health checks: `Amazon-Route53-Health-Check-Service (ref ...)`.
    ("Amazon-Route53-Health-Check-Service", Product::Whole),
    // CloudFront to an origin, when the viewer's agent is not forwarded: `Amazon CloudFront`.
    ("Amazon CloudFront", Product::Exact),
];

/// How a [`TOOLS`] row names its tool.
#[derive(Debug, Clone, Copy)]
enum Product {
    /// The token without its `/`.
    Token,
    /// The whole product as written, up to its `/` or a space (`aws-sdk-java`).
    Whole,
    /// The agent is exactly the token.
    Exact,
    /// The token (without its `/`) found after a space, later in the agent (aiohttp's
    /// comes after `Python/3.11`).
    After(&'static str),
}

/// The longest browser or OS name firelog writes but for an agent's own bytes: `TOOLS`'
/// names (`Amazon-Route53-Health-Check-Service`, 35 bytes) and woothee's (its dataset's
/// longest are 20 bytes). A `Product::Whole` name longer than its token is the agent's
/// bytes, counted per byte. The test `agent::tests::names_fit_their_cap` holds both.
pub const NAME_CAP: usize = 35;

/// The shortest user agent that [`parse`] reads as anything (a name, a version, an OS, a
/// device or a bot): woothee's `bot` (a crawler) and `PHP` (an HTTP library); a tool
/// takes 5 (`curl/`). The test
/// `agent::tests::no_shorter_agent_is_read_as_anything` holds it.
pub const SHORTEST_NAMING: usize = 3;

/// The most bytes of a version firelog writes: longer, it is not a version.
pub(crate) const VERSION_CAP: usize = 32;

/// The device of every tool.
pub const AUTOMATION: &str = "automation";

/// A tool of [`TOOLS`]: its name and version.
fn tool(agent: &str) -> Option<(&str, Option<&str>)> {
    // The version: the characters versions are written with, up to the first other one.
    fn version(after: &str) -> Option<&str> {
        let end = after
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b"._+-".contains(&b)))
            .unwrap_or(after.len());
        let version = &after[..end];
        (!version.is_empty() && version.len() <= VERSION_CAP).then_some(version)
    }
    for &(token, product) in TOOLS {
        if !agent.starts_with(token) {
            continue;
        }
        return match product {
            Product::Token => Some((&agent[..token.len() - 1], version(&agent[token.len()..]))),
            Product::Whole => {
                let end = agent.find(['/', ' ']).unwrap_or(agent.len());
                Some((
                    &agent[..end],
                    agent.get(end + 1..).filter(|_| agent[end..].starts_with('/')).and_then(version),
                ))
            }
            Product::Exact => (agent.len() == token.len()).then_some((agent, None)),
            Product::After(inner) => {
                let (at, _) = agent.match_indices(inner).find(|(i, _)| agent[..*i].ends_with(' '))?;
                Some((&agent[at..at + inner.len() - 1], version(&agent[at + inner.len()..])))
            }
        };
    }
    None
}

/// Reads one user agent.
pub fn parse(agent: &str) -> Agent<'_> {
    if let Some((name, version)) = tool(agent) {
        return Agent {
            browser: Some(name),
            browser_version: version,
            os: None,
            os_version: None,
            device: Some(AUTOMATION),
            bot: false,
        };
    }
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
        // An Android tablet's browser leaves out `Mobile` (Android's and Chrome's
        // documentation on detecting tablets; Firefox writes `Tablet`).
        "smartphone" if found.os == "Android" && !agent.contains("Mobile") => Some("tablet"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each tool's agent as it sends it: its name, its version, `automation`.
    #[test]
    fn tools_are_named_with_their_versions() {
        let table: &[(&str, &str, Option<&str>)] = &[
            ("curl/8.5.0", "curl", Some("8.5.0")),
            ("Wget/1.21.4", "Wget", Some("1.21.4")),
            ("Wget/1.21.4 (linux-gnu)", "Wget", Some("1.21.4")),
            ("python-requests/2.31.0", "python-requests", Some("2.31.0")),
            ("python-httpx/0.26.0", "python-httpx", Some("0.26.0")),
            ("Python/3.11 aiohttp/3.9.1", "aiohttp", Some("3.9.1")),
            ("Python-urllib/3.11", "Python-urllib", Some("3.11")),
            ("Go-http-client/1.1", "Go-http-client", Some("1.1")),
            ("Go-http-client/2.0", "Go-http-client", Some("2.0")),
            ("okhttp/4.12.0", "okhttp", Some("4.12.0")),
            ("Java/17.0.9", "Java", Some("17.0.9")),
            ("Java-http-client/21.0.1", "Java-http-client", Some("21.0.1")),
            ("Apache-HttpClient/4.5.14 (Java/17.0.9)", "Apache-HttpClient", Some("4.5.14")),
            ("axios/1.6.2", "axios", Some("1.6.2")),
            ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "node-fetch", Some("1.0")),
            ("PostmanRuntime/7.36.0", "PostmanRuntime", Some("7.36.0")),
            (
                "aws-sdk-java/1.12.600 Linux/5.10.205 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS java/17.0.9",
                "aws-sdk-java",
                Some("1.12.600"),
            ),
            ("aws-sdk-go/1.44.0 (go1.21.5; linux; amd64)", "aws-sdk-go", Some("1.44.0")),
            ("aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5", "aws-sdk-go-v2", Some("1.24.0")),
            ("aws-sdk-js/2.1500.0 promise", "aws-sdk-js", Some("2.1500.0")),
            ("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64", "aws-cli", Some("2.15.0")),
            ("Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1", "Boto3", Some("1.34.0")),
            ("ELB-HealthChecker/2.0", "ELB-HealthChecker", Some("2.0")),
            (
                "Amazon-Route53-Health-Check-Service (ref 9f3f5f1e-0c2a-4b7d-8f0e-2f1c3e4d5a6b; report http://amzn.to/1vsZADi)",
                "Amazon-Route53-Health-Check-Service",
                None,
            ),
            ("Amazon CloudFront", "Amazon CloudFront", None),
            // A version that is not one: no version.
            ("curl/", "curl", None),
            ("curl/\u{1}", "curl", None),
        ];
        for &(agent, name, version) in table {
            let read = parse(agent);
            assert_eq!(
                (read.browser, read.browser_version, read.os, read.device, read.bot),
                (Some(name), version, None, Some(AUTOMATION), false),
                "{agent}"
            );
        }
    }

    #[test]
    fn agents_that_only_look_like_tools_go_to_woothee() {
        for agent in ["Python/3.11", "Amazon CloudFront extra", "curlish/1.0", "Mozilla/5.0 curl/8.5.0"] {
            assert_ne!(parse(agent).device, Some(AUTOMATION), "{agent}");
        }
    }

    #[test]
    fn names_fit_their_cap() {
        let tools = TOOLS.iter().map(|(token, _)| token.trim_end_matches('/'));
        let longest = tools.map(str::len).max().unwrap_or(0);
        let woothee = woothee::dataset::DATASET.values().flat_map(|d| [d.name, d.os]).map(str::len).max();
        assert_eq!(longest.max(woothee.unwrap_or(0)), NAME_CAP, "the cap is the longest name");
    }

    /// Every agent of fewer than [`SHORTEST_NAMING`] printable ASCII bytes (and a few
    /// others) is read as nothing; one of that length is read as something.
    #[test]
    fn no_shorter_agent_is_read_as_anything() {
        let nothing = |agent: &str| {
            let read = parse(agent);
            read.browser.is_none()
                && read.browser_version.is_none()
                && read.os.is_none()
                && read.os_version.is_none()
                && read.device.is_none()
                && !read.bot
        };
        let bytes: Vec<char> = (0x20u8..0x7f).map(char::from).chain(['\t', '\u{1}', '\u{fffd}']).collect();
        let mut agent = String::new();
        let mut shorter = vec![String::new()];
        for _ in 1..SHORTEST_NAMING {
            let mut longer = Vec::new();
            for prefix in &shorter {
                for &c in &bytes {
                    agent.clear();
                    agent.push_str(prefix);
                    agent.push(c);
                    assert!(nothing(&agent), "{agent:?}");
                    longer.push(agent.clone());
                }
            }
            shorter = longer;
        }
        for agent in ["bot", "PHP"] {
            assert_eq!((agent.len(), parse(agent).browser.is_some()), (SHORTEST_NAMING, true), "{agent}");
        }
    }

    #[test]
    fn tablets_are_tablets() {
        for agent in [
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Safari/537.36",
            "Mozilla/5.0 (Android 14; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0",
        ] {
            assert_eq!(parse(agent).device, Some("tablet"), "{agent}");
        }
        let phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36";
        assert_eq!(parse(phone).device, Some("mobile"));
    }
}
