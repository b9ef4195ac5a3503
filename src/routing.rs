//! What happens to a parsed line besides its JSON: drop rules and partition keys.
//!
//! Drop rules leave matching lines out of the output (`DROP_PATHS`, `DROP_USER_AGENTS`,
//! `DROP_STATUS`); a record all of whose lines are dropped comes back `Dropped`.
//! Partition keys (`PARTITION_KEYS`) go back to Firehose as `metadata.partitionKeys`
//! on `Ok` records, for dynamic partitioning by when the request happened.

use crate::access_log::{Entry, Format, RuleField, split_request};
use crate::timestamp::UtcTime;
use crate::variable::{SettingError, Variable, list};

/// What the rules read of a line, whatever its format; `None` where the format does
/// not have it (the settings make sure a rule's field is there).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleFields<'a> {
    /// The status (`-` is `None`).
    pub status: Option<u16>,
    /// `%r`, from which the path is split when a rule needs it.
    pub request: Option<&'a [u8]>,
    /// `%U`, the URL path alone, when the format logs it.
    pub url_path: Option<&'a [u8]>,
    /// The user agent.
    pub user_agent: Option<&'a [u8]>,
    /// The time, in UTC.
    pub time: Option<UtcTime>,
    /// The virtual host (`%v`).
    pub vhost: Option<&'a [u8]>,
}

impl<'a> RuleFields<'a> {
    /// What the rules read of a parsed line.
    pub fn of(line: &Entry<'a>) -> RuleFields<'a> {
        RuleFields {
            status: line.status,
            request: line.request(),
            // A URL request line's path (ALB's) is split as the writer splits it; a path
            // logged as a whole URL (Squid's `%ru`) is matched by its path and query.
            url_path: line
                .path()
                .and_then(crate::access_log::target_path)
                .or_else(|| line.url_request_path()),
            user_agent: line.user_agent(),
            time: line.time.map(|t| t.utc),
            vhost: line.vhost(),
        }
    }

    /// The path the drop rules match: `%U`, else the path split from `%r`.
    fn request_path(&self) -> Option<&'a [u8]> {
        self.url_path.or_else(|| self.request.and_then(|r| split_request(r)[1]))
    }
}

/// A status to drop: one code, or a class (`4xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// This status code.
    Code(u16),
    /// Any status of this class (4 for `4xx`).
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
    /// The key's name, as `PARTITION_KEYS` and the partition key's JSON spell it.
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

/// `PARTITION_KEYS`.
pub const PARTITION_KEYS: Variable = Variable {
    name: "PARTITION_KEYS",
    default: "",
    allowed: "comma-separated keys from year, month, day, hour, status_class, vhost",
};

/// `DROP_PATHS`.
pub const DROP_PATHS: Variable = Variable {
    name: "DROP_PATHS",
    default: "",
    allowed: "comma-separated path prefixes, each starting with /, e.g. /health,/ping",
};

/// `DROP_USER_AGENTS`.
pub const DROP_USER_AGENTS: Variable = Variable {
    name: "DROP_USER_AGENTS",
    default: "",
    allowed: "comma-separated user-agent substrings, e.g. ELB-HealthChecker,kube-probe",
};

/// `DROP_STATUS`.
pub const DROP_STATUS: Variable = Variable {
    name: "DROP_STATUS",
    default: "",
    allowed: "comma-separated status codes (100-599) or classes (1xx-5xx), e.g. 404,5xx",
};

/// `ICEBERG_DATABASE`.
pub const ICEBERG_DATABASE: Variable = Variable {
    name: "ICEBERG_DATABASE",
    default: "",
    allowed: "the Glue database of the Iceberg table each record goes to (letters, digits and _; lowercased, \
              as Glue keeps names), set with ICEBERG_TABLE",
};

/// `ICEBERG_TABLE`.
pub const ICEBERG_TABLE: Variable = Variable {
    name: "ICEBERG_TABLE",
    default: "",
    allowed: "the Iceberg table each record goes to (letters, digits and _; lowercased, as Glue keeps names; \
              {vhost} stands for the line's %v, lowercased, other characters as _), set with ICEBERG_DATABASE",
};

/// Where Firehose's Iceberg destination puts each record's row: `metadata.otfMetadata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iceberg {
    /// The Glue database.
    pub database: String,
    /// The table's name before and after `{vhost}`; no `{vhost}`: the whole name, and
    /// `None`.
    pub table: (String, Option<String>),
}

impl Iceberg {
    /// Whether the table's name takes the line's vhost.
    pub fn by_vhost(&self) -> bool {
        self.table.1.is_some()
    }

    /// Writes `"otfMetadata":{...}` for a row whose vhost is `vhost`.
    fn write_metadata(&self, vhost: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), TableError> {
        let vhost = match &self.table.1 {
            None => None,
            Some(after) => {
                let vhost = vhost.filter(|v| !v.is_empty() && *v != b"-").ok_or(TableError::NoVhost)?;
                if self.table.0.len() + vhost.len() + after.len() > MAX_NAME {
                    return Err(TableError::TooLong);
                }
                Some((vhost, after))
            }
        };
        out.extend_from_slice(b"\"otfMetadata\":{\"destinationDatabaseName\":\"");
        out.extend_from_slice(self.database.as_bytes());
        out.extend_from_slice(b"\",\"destinationTableName\":\"");
        out.extend_from_slice(self.table.0.as_bytes());
        if let Some((vhost, after)) = vhost {
            out.extend(vhost.iter().map(|&b| table_byte(b)));
            out.extend_from_slice(after.as_bytes());
        }
        out.extend_from_slice(b"\",\"operation\":\"insert\"}");
        Ok(())
    }
}

/// Why a line's Iceberg table cannot be named from `ICEBERG_TABLE`'s `{vhost}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableError {
    /// The line's `%v` is `-` or empty.
    NoVhost,
    /// The name would pass Glue's 255 characters.
    TooLong,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TableError::NoVhost => "no vhost (%v) to name ICEBERG_TABLE's {vhost} table",
            TableError::TooLong => "ICEBERG_TABLE with this vhost is longer than Glue's 255 characters",
        })
    }
}

/// The longest name Glue takes.
const MAX_NAME: usize = 255;

impl Iceberg {}

/// A byte of a vhost as a byte of a table's name: ASCII letters lowercased, digits kept,
/// anything else `_` (Glue and Firehose allow lowercase letters, digits and `_`).
fn table_byte(b: u8) -> u8 {
    match b {
        b'a'..=b'z' | b'0'..=b'9' => b,
        b'A'..=b'Z' => b.to_ascii_lowercase(),
        _ => b'_',
    }
}

/// A name Glue and Firehose's Iceberg destination take, once lowercased (Glue keeps names
/// in lowercase; Firehose refuses hyphens): 1 to 255 of letters, digits and `_`.
fn is_table_name(name: &str) -> bool {
    (1..=MAX_NAME).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The rules, checked once at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// Path prefixes (`/health`).
    pub drop_paths: Vec<Vec<u8>>,
    /// User-agent substrings (`ELB-HealthChecker`).
    pub drop_user_agents: Vec<Vec<u8>>,
    /// Statuses (`404`, `5xx`).
    pub drop_status: Vec<StatusMatch>,
    /// `ICEBERG_DATABASE` and `ICEBERG_TABLE`: the Iceberg table each record's row goes to.
    pub iceberg: Option<Iceberg>,
    /// The keys, in `PARTITION_KEYS`' order.
    pub partition_keys: Vec<PartitionKey>,
}

/// What `DROP_PATHS` reads, as a failing start names it for every format language.
const PATH_FIELD: &str = "the request's path (Apache's %r or %U, nginx's $request or $uri, or another \
                          format's request line, URL or path field)";
/// What `DROP_STATUS` and the `status_class` key read.
const STATUS_FIELD: &str =
    "the status (Apache's %>s or %s, nginx's $status, or another format's status field)";

impl Rules {
    /// Reads `PARTITION_KEYS`, `DROP_PATHS`, `DROP_USER_AGENTS` and `DROP_STATUS` through
    /// `lookup`.
    pub fn from_settings(lookup: impl Fn(&str) -> Option<String>) -> Result<Rules, SettingError> {
        let mut rules = Rules::default();
        if let Some(value) = lookup(PARTITION_KEYS.name) {
            for name in list(&value) {
                let key = match name {
                    "year" => PartitionKey::Year,
                    "month" => PartitionKey::Month,
                    "day" => PartitionKey::Day,
                    "hour" => PartitionKey::Hour,
                    "status_class" => PartitionKey::StatusClass,
                    "vhost" => PartitionKey::Vhost,
                    _ => return Err(PARTITION_KEYS.reject(&value)),
                };
                if !rules.partition_keys.contains(&key) {
                    rules.partition_keys.push(key);
                }
            }
        }
        if let Some(value) = lookup(DROP_PATHS.name) {
            if list(&value).any(|p| !p.starts_with('/')) {
                return Err(DROP_PATHS.reject(&value));
            }
            rules.drop_paths = list(&value).map(|p| p.as_bytes().to_vec()).collect();
        }
        if let Some(value) = lookup(DROP_USER_AGENTS.name) {
            rules.drop_user_agents = list(&value).map(|p| p.as_bytes().to_vec()).collect();
        }
        // Set but empty is unset (a template passes "" when it has no Iceberg table).
        let set = |v: Variable| lookup(v.name).filter(|value| !value.trim().is_empty());
        match (set(ICEBERG_DATABASE), set(ICEBERG_TABLE)) {
            (None, None) => {}
            (Some(database), Some(table)) => {
                let (db, name) = (database.trim().to_ascii_lowercase(), table.trim().to_ascii_lowercase());
                let (db, name) = (db.as_str(), name.as_str());
                if !is_table_name(db) {
                    return Err(ICEBERG_DATABASE.reject(&database));
                }
                let (before, after) = match name.split_once("{vhost}") {
                    Some((before, after)) => (before, Some(after)),
                    None => (name, None),
                };
                let valid = |part: &str| part.is_empty() || is_table_name(part);
                if !(valid(before) && after.is_none_or(valid) && (after.is_some() || is_table_name(before))) {
                    return Err(ICEBERG_TABLE.reject(&table));
                }
                rules.iceberg = Some(Iceberg {
                    database: db.to_string(),
                    table: (before.to_string(), after.map(str::to_string)),
                });
            }
            (None, Some(_)) => return Err(ICEBERG_DATABASE.reject("")),
            (Some(_), None) => return Err(ICEBERG_TABLE.reject("")),
        }
        if let Some(value) = lookup(DROP_STATUS.name) {
            for item in list(&value) {
                let m = match item.as_bytes() {
                    [c @ b'1'..=b'5', b'x' | b'X', b'x' | b'X'] => {
                        Some(StatusMatch::Class(u16::from(c - b'0')))
                    }
                    [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => item.parse().ok().map(StatusMatch::Code),
                    _ => None,
                };
                rules.drop_status.push(m.ok_or_else(|| DROP_STATUS.reject(&value))?);
            }
        }
        Ok(rules)
    }

    /// Each drop rule and partition key reads a field `format` must have: the first that
    /// it lacks stops the start, naming the directive it needs.
    pub fn check_against(
        &self,
        format: &Format,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<(), SettingError> {
        let mut needs: Vec<(Variable, String, RuleField, &str)> = Vec::new();
        for key in &self.partition_keys {
            let (field, directive) = match key {
                PartitionKey::Year | PartitionKey::Month | PartitionKey::Day | PartitionKey::Hour => {
                    (RuleField::Time, "%t or %{format}t")
                }
                PartitionKey::StatusClass => (RuleField::Status, STATUS_FIELD),
                PartitionKey::Vhost => (RuleField::Vhost, "%v (as vhost_combined has)"),
            };
            needs.push((PARTITION_KEYS, key.name().to_string(), field, directive));
        }
        if !self.drop_paths.is_empty() {
            needs.push((DROP_PATHS, String::new(), RuleField::Path, PATH_FIELD));
        }
        if !self.drop_user_agents.is_empty() {
            needs.push((DROP_USER_AGENTS, String::new(), RuleField::UserAgent, "%{User-Agent}i"));
        }
        if !self.drop_status.is_empty() {
            needs.push((DROP_STATUS, String::new(), RuleField::Status, STATUS_FIELD));
        }
        if self.iceberg.as_ref().is_some_and(Iceberg::by_vhost) {
            needs.push((ICEBERG_TABLE, "{vhost}".into(), RuleField::Vhost, "%v (as vhost_combined has)"));
        }
        if self.iceberg.is_some() && !self.partition_keys.is_empty() {
            let value = lookup(PARTITION_KEYS.name).unwrap_or_default();
            let why = "partition keys are for an S3 destination; an Iceberg table (ICEBERG_TABLE) is partitioned by its own spec";
            return Err(PARTITION_KEYS.reject_because(&value, why.into()));
        }
        for (variable, item, field, directive) in needs {
            if !format.provides(field) {
                let what = if item.is_empty() { String::new() } else { format!("{item} ") };
                let value = lookup(variable.name).unwrap_or_default();
                return Err(variable.reject_because(
                    &value,
                    format!("{what}needs {directive} in LOG_FORMAT; the format has none"),
                ));
            }
        }
        Ok(())
    }

    /// Whether any drop rule, partition key or Iceberg table is set (else no entry is read
    /// for the rules).
    pub fn is_active(&self) -> bool {
        !(self.drop_paths.is_empty()
            && self.drop_user_agents.is_empty()
            && self.drop_status.is_empty()
            && self.partition_keys.is_empty()
            && self.iceberg.is_none())
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

    /// Writes the members of a record's `metadata` from its first line: the Iceberg
    /// table's `"otfMetadata":{...}`, or `"partitionKeys":{"year":"2024",...}` (a value the
    /// line lacks is `unknown`); nothing when neither is set.
    /// A line whose Iceberg table cannot be named from its vhost is an error.
    pub fn write_metadata(&self, line: &RuleFields<'_>, out: &mut Vec<u8>) -> Result<(), TableError> {
        if let Some(iceberg) = &self.iceberg {
            return iceberg.write_metadata(line.vhost, out);
        }
        if self.partition_keys.is_empty() {
            return Ok(());
        }
        out.extend_from_slice(b"\"partitionKeys\":");
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
        Ok(())
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
