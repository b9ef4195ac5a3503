//! What happens to a parsed line besides its JSON: drop rules and partition keys.
//!
//! Drop rules leave matching lines out of the output (`DROP_PATHS`, `DROP_USER_AGENTS`,
//! `DROP_STATUS`); a record all of whose lines are dropped comes back `Dropped`.
//! Partition keys (`PARTITION_KEYS`) go back to Firehose as `metadata.partitionKeys`
//! on `Ok` records, for dynamic partitioning by when the request happened.

use crate::access_log::{Entry, Scanned};
use crate::output::split_request;
use crate::timestamp::UtcTime;

/// What the rules read of a line, whatever its format; `None` where the format does
/// not have it (the settings make sure a rule's field is there).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleFields<'a> {
    pub status: Option<u16>,
    /// `%r`, from which the path is split when a rule needs it.
    pub request: Option<&'a [u8]>,
    /// `%U`, the URL path alone, when the format logs it.
    pub url_path: Option<&'a [u8]>,
    pub user_agent: Option<&'a [u8]>,
    pub time: Option<UtcTime>,
    pub vhost: Option<&'a [u8]>,
}

impl<'a> RuleFields<'a> {
    pub fn of(line: &Entry<'a>) -> RuleFields<'a> {
        match line {
            Entry::Scanned(entry) => RuleFields::from(entry),
            Entry::Matched(f) => RuleFields {
                status: f.status,
                request: f.request(),
                url_path: f.path(),
                user_agent: f.user_agent(),
                time: f.time.map(|t| t.utc),
                vhost: f.vhost(),
            },
        }
    }

    /// The path the drop rules match: `%U`, else the path split from `%r`.
    fn request_path(&self) -> Option<&'a [u8]> {
        self.url_path.or_else(|| self.request.and_then(|r| split_request(r)[1]))
    }
}

impl<'a> From<&Scanned<'a>> for RuleFields<'a> {
    fn from(entry: &Scanned<'a>) -> RuleFields<'a> {
        RuleFields {
            status: entry.status,
            request: Some(entry.request),
            url_path: None,
            user_agent: entry.user_agent,
            time: Some(entry.time),
            vhost: None,
        }
    }
}

/// A status to drop: one code, or a class (`4xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    Class(u16),
}

/// A key Firehose can partition by, from the line itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionKey {
    /// The request's UTC year, `2024`.
    Year,
    /// UTC month, `01`-`12`.
    Month,
    /// UTC day, `01`-`31`.
    Day,
    /// UTC hour, `00`-`23`.
    Hour,
    /// `2xx`, `3xx`, ...
    StatusClass,
    /// `%v`, the virtual host's canonical name.
    Vhost,
}

impl PartitionKey {
    pub fn name(self) -> &'static str {
        match self {
            PartitionKey::Year => "year",
            PartitionKey::Month => "month",
            PartitionKey::Day => "day",
            PartitionKey::Hour => "hour",
            PartitionKey::StatusClass => "status_class",
            PartitionKey::Vhost => "vhost",
        }
    }
}

/// The rules, checked once at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// Path prefixes (`/health`).
    pub drop_paths: Vec<Vec<u8>>,
    /// User-agent substrings (`ELB-HealthChecker`).
    pub drop_user_agents: Vec<Vec<u8>>,
    pub drop_status: Vec<StatusMatch>,
    pub partition_keys: Vec<PartitionKey>,
}

impl Rules {
    /// Whether any drop rule or partition key is set (else a line needs no facts).
    pub fn is_active(&self) -> bool {
        !(self.drop_paths.is_empty()
            && self.drop_user_agents.is_empty()
            && self.drop_status.is_empty()
            && self.partition_keys.is_empty())
    }

    /// Whether a line is left out of the output.
    pub fn drops(&self, line: &RuleFields<'_>) -> bool {
        if !self.drop_status.is_empty()
            && let Some(status) = line.status
        {
            let hit = self.drop_status.iter().any(|m| match *m {
                StatusMatch::Code(c) => c == status,
                StatusMatch::Class(c) => c == status / 100,
            });
            if hit {
                return true;
            }
        }
        if !self.drop_paths.is_empty()
            && let Some(path) = line.request_path()
            && self.drop_paths.iter().any(|p| path.starts_with(p))
        {
            return true;
        }
        !self.drop_user_agents.is_empty()
            && line.user_agent.is_some_and(|agent| {
                self.drop_user_agents.iter().any(|s| memchr::memmem::find(agent, s).is_some())
            })
    }

    /// Writes a line's partition keys as a JSON object (`{"year":"2024",...}`), or
    /// nothing when no keys are set. A value the line lacks is `unknown`.
    pub fn write_keys(&self, line: &RuleFields<'_>, out: &mut Vec<u8>) {
        if self.partition_keys.is_empty() {
            return;
        }
        out.push(b'{');
        for (i, key) in self.partition_keys.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(key.name().as_bytes());
            out.extend_from_slice(b"\":");
            match (key, line.time, line.status, line.vhost) {
                (PartitionKey::Year, Some(t), ..) => {
                    out.push(b'"');
                    two(out, (t.year / 100) as u8);
                    two(out, (t.year % 100) as u8);
                    out.push(b'"');
                }
                (PartitionKey::Month, Some(t), ..) => quoted_two(out, t.month),
                (PartitionKey::Day, Some(t), ..) => quoted_two(out, t.day),
                (PartitionKey::Hour, Some(t), ..) => quoted_two(out, t.hour),
                (PartitionKey::StatusClass, _, Some(status), _) => {
                    out.push(b'"');
                    out.push(b'0' + (status / 100) as u8);
                    out.extend_from_slice(b"xx\"");
                }
                (PartitionKey::Vhost, .., Some(vhost)) if !vhost.is_empty() => {
                    crate::json::write_str(out, vhost, false)
                }
                _ => out.extend_from_slice(b"\"unknown\""),
            }
        }
        out.push(b'}');
    }
}

fn quoted_two(out: &mut Vec<u8>, v: u8) {
    out.push(b'"');
    two(out, v);
    out.push(b'"');
}

fn two(out: &mut Vec<u8>, v: u8) {
    out.push(b'0' + v / 10);
    out.push(b'0' + v % 10);
}
