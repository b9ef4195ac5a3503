//! What happens to a parsed line besides its JSON: drop rules and partition keys.
//!
//! Drop rules leave matching lines out of the output (`DROP_PATHS`, `DROP_USER_AGENTS`,
//! `DROP_STATUS`); a record all of whose lines are dropped comes back `Dropped`.
//! Partition keys (`PARTITION_KEYS`) go back to Firehose as `metadata.partitionKeys`
//! on `Ok` records, for dynamic partitioning by when the request happened.

use crate::access_log::Entry;
use crate::output::split_request;

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
}

impl PartitionKey {
    pub fn name(self) -> &'static str {
        match self {
            PartitionKey::Year => "year",
            PartitionKey::Month => "month",
            PartitionKey::Day => "day",
            PartitionKey::Hour => "hour",
            PartitionKey::StatusClass => "status_class",
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
    /// Whether `entry` is left out of the output.
    pub fn drops(&self, entry: &Entry<'_>) -> bool {
        if !self.drop_status.is_empty() {
            let hit = self.drop_status.iter().any(|m| match *m {
                StatusMatch::Code(c) => c == entry.status,
                StatusMatch::Class(c) => c == entry.status / 100,
            });
            if hit {
                return true;
            }
        }
        if !self.drop_paths.is_empty()
            && let [_, Some(path), _] = split_request(entry.request)
            && self.drop_paths.iter().any(|p| path.starts_with(p))
        {
            return true;
        }
        entry.user_agent.is_some_and(|agent| {
            self.drop_user_agents.iter().any(|s| memchr::memmem::find(agent, s).is_some())
        })
    }

    /// Writes the entry's partition keys as a JSON object (`{"year":"2024",...}`), or
    /// nothing when no keys are set.
    pub fn write_keys(&self, entry: &Entry<'_>, out: &mut Vec<u8>) {
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
            out.extend_from_slice(b"\":\"");
            let t = entry.time;
            match key {
                PartitionKey::Year => out.extend_from_slice(format!("{:04}", t.year).as_bytes()),
                PartitionKey::Month => two(out, t.month),
                PartitionKey::Day => two(out, t.day),
                PartitionKey::Hour => two(out, t.hour),
                PartitionKey::StatusClass => {
                    out.push(b'0' + (entry.status / 100) as u8);
                    out.extend_from_slice(b"xx");
                }
            }
            out.push(b'"');
        }
        out.push(b'}');
    }
}

fn two(out: &mut Vec<u8>, v: u8) {
    out.push(b'0' + v / 10);
    out.push(b'0' + v % 10);
}
