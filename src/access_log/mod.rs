//! Lines to entries: typed fields, borrowed from the line.
//!
//! One engine reads every format. A format — a nickname, an Apache `LogFormat`
//! ([`log_format`](crate::access_log::log_format)) or an nginx `log_format` ([`nginx`](crate::access_log::nginx)) — is read into one plan
//! ([`Plan`](crate::access_log::plan::Plan): literals and typed directives) and compiled once per container
//! into a [`Matcher`](crate::access_log::matcher::Matcher): a regex with a group per field, which a greedy scan follows
//! without backtracking, and how each group is typed.
//!
//! This module never writes JSON: an entry's keys and values are written by
//! [`crate::output`].
//!
//! `combined` and `common`, compiled from their nickname strings the same way, also
//! have a byte scanner ([`scan`](crate::access_log::scan)) that is the path taken on their lines: it costs about
//! two thirds of the general path per line. A property test holds the two to the same
//! JSON on generated, mutated and arbitrary lines.

pub mod apigateway;
pub mod aws;
pub mod detect;
pub mod dialect;
pub mod envoy;
pub mod haproxy;
pub mod json_formats;
pub mod list;
pub mod log_format;
pub mod matcher;
pub mod nginx;
mod nickname;
pub mod plan;
pub mod scan;
mod shape;
pub mod squid;
pub mod strftime;
pub mod syslog;
pub mod tomcat;
pub mod traefik;
mod value;
pub mod varnish;
pub mod w3c;

pub(crate) use value::{captured, dash_is_none, decimal, integer, status, unquoted_value};

use std::fmt;

pub use nickname::nicknames;

use regex::bytes::CaptureLocations;

pub use list::Formats;
use log_format::{FormatError, Item, Plan};
pub use matcher::Entry;
use matcher::{ABSENT, Matcher, Number, Tail};
use strftime::Stamp;

/// The field at which a line stopped matching its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The client address (`%h`).
    Host,
    /// The remote logname (`%l`).
    Ident,
    /// The authenticated user (`%u`).
    User,
    /// The time (`%t`).
    Time,
    /// The request line (`%r`).
    Request,
    /// The status (`%>s`).
    Status,
    /// The response size (`%b`).
    Bytes,
    /// The referer (`%{Referer}i`).
    Referer,
    /// The user agent (`%{User-Agent}i`).
    UserAgent,
    /// Bytes after the last field of the format.
    End,
    /// A format's field, at this position of `LOG_FORMAT`, whose text is not a valid
    /// `what` (`number`, `status`, `time`, `value`, `text`).
    Directive {
        /// What the text should have been.
        what: &'static str,
        /// The directive's position in `LOG_FORMAT`, from 1.
        position: u16,
    },
    /// A W3C `#Fields:` header in the data that does not compile as `LOG_FORMAT` would (a
    /// field name firelog does not read, none, a key with two types in a list).
    Header,
    /// A W3C `#Fields:` header in the data whose columns are not `LOG_FORMAT`'s, under an
    /// Iceberg table (whose columns are `LOG_FORMAT`'s).
    Columns,
    /// A JSON log's line that is not one JSON object: what was expected where it stopped.
    Json {
        /// What would have been JSON there.
        expected: &'static str,
    },
    /// A piece of a longer line: a container runtime's partial line (its CRI prefix's
    /// tag `P`), whose rest is in the lines after it.
    Partial,
    /// The literal text after the field at this position of `LOG_FORMAT` (0: before the
    /// first field).
    After {
        /// The directive's position in `LOG_FORMAT`, from 1.
        position: u16,
    },
}

impl Field {
    fn describe(self) -> &'static str {
        match self {
            Field::Host => "invalid host (%h)",
            Field::Ident => "invalid ident (%l)",
            Field::User => "invalid user (%u)",
            Field::Time => "invalid timestamp (%t)",
            Field::Request => "invalid request (\"%r\")",
            Field::Status => "invalid status (%>s)",
            Field::Bytes => "invalid bytes (%b)",
            Field::Referer => "invalid referer (\"%{Referer}i\")",
            Field::UserAgent => "invalid user agent (\"%{User-Agent}i\")",
            Field::End => "unexpected text after the last field",
            Field::Directive { what, .. } => what,
            Field::Header => "a #Fields: header that does not compile as LOG_FORMAT would",
            Field::Columns => "a #Fields: header whose columns are not LOG_FORMAT's (the Iceberg table's)",
            Field::Json { .. } => "not a JSON object",
            Field::After { .. } => "the text between fields",
            Field::Partial => "a partial line (CRI tag P: its rest is in the lines after it)",
        }
    }
}

/// How many bytes of what a line had where it stopped fitting an error keeps.
const FOUND_LEN: usize = 16;

/// Why a line failed: which field, at which column, what was there, and the nickname
/// that reads the line when there is one. Small and `Copy`: nothing allocated per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// The field at which the line stopped.
    pub field: Field,
    /// 1-based byte column where the line stopped fitting; 0 when unknown.
    pub column: u32,
    found: [u8; FOUND_LEN],
    found_len: u8,
    /// A nickname that reads this line, when the format does not.
    pub hint: Option<&'static str>,
}

impl ParseError {
    /// An error at byte `at` of `line`, keeping the first bytes found there.
    pub fn at(field: Field, line: &[u8], at: usize) -> ParseError {
        let at = at.min(line.len());
        let rest = &line[at..];
        let n = rest.len().min(FOUND_LEN);
        let mut found = [0; FOUND_LEN];
        found[..n].copy_from_slice(&rest[..n]);
        ParseError {
            field,
            column: u32::try_from(at + 1).unwrap_or(u32::MAX),
            found,
            found_len: n as u8,
            hint: None,
        }
    }

    /// What the line had where it stopped fitting (at most 16 bytes).
    pub fn found(&self) -> &[u8] {
        &self.found[..usize::from(self.found_len)]
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Field::Directive { what, position } => {
                write!(f, "invalid {what} (LOG_FORMAT position {position})")?
            }
            Field::Json { expected } => write!(f, "not a JSON object, expected {expected}")?,
            Field::After { position: 0 } => f.write_str("the line does not start as the format does")?,
            Field::After { position } => {
                write!(f, "expected the format's text after the field at LOG_FORMAT position {position}")?
            }
            field => f.write_str(field.describe())?,
        }
        if self.column > 0 {
            write!(f, " at column {}: ", self.column)?;
            if self.found_len == 0 {
                f.write_str("the line ends")?;
            } else {
                write!(f, "found \"{}", self.found().escape_ascii())?;
                f.write_str(if usize::from(self.found_len) == FOUND_LEN { "...\"" } else { "\"" })?;
            }
        }
        if let Some(nickname) = self.hint {
            write!(f, " (the line reads as LOG_FORMAT={nickname})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

/// A format the byte scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// NCSA extended/combined, the default: common-format lines (no referer, no agent)
    /// are accepted too, and text after a space past the agent is kept as `extra`.
    Combined,
    /// NCSA common (CLF) only.
    Common,
    /// nginx's stock `combined`, as written: nginx's `\xHH` escapes are undone.
    NginxCombined,
}

/// A built-in format compiled once per container: its definition (the nickname's
/// string, compiled as any format is), and the byte scanner that reads the same lines
/// into the same entry, by the definition's groups.
#[derive(Debug, Clone)]
pub struct Scanner {
    format: Builtin,
    definition: Box<Matcher>,
    groups: Groups,
}

/// Where the scanner puts each field: the definition's group (and, for the numbers,
/// its slot).
#[derive(Debug, Clone, Copy)]
struct Groups {
    spans: usize,
    slots: usize,
    host: usize,
    ident: usize,
    user: usize,
    time: usize,
    request: usize,
    status: (usize, usize),
    bytes: (usize, usize),
    referer: usize,
    user_agent: usize,
    extra: Option<usize>,
}

impl Groups {
    fn of(definition: &Matcher) -> Groups {
        let slot =
            |key: &str| definition.slot_named(key).expect("the nicknames have combined's keys (tested)");
        let group = |key: &str| slot(key).1;
        Groups {
            spans: definition.spans_len(),
            slots: definition.slots.len(),
            host: group("host"),
            ident: group("ident"),
            user: group("user"),
            time: group("timestamp"),
            request: group(crate::column::METHOD_KEY),
            status: slot("status"),
            bytes: slot("bytes"),
            referer: group("referer"),
            user_agent: group("user_agent"),
            extra: definition.extra,
        }
    }

    /// Whether the scanner writes every group of the definition (so a line's spans need
    /// no clearing).
    fn cover(&self) -> bool {
        let mut written = vec![0, self.host, self.ident, self.user, self.time, self.request];
        written.extend([self.status.1, self.bytes.1, self.referer, self.user_agent]);
        written.extend(self.extra);
        written.sort_unstable();
        written == (0..self.spans).collect::<Vec<_>>()
    }
}

impl Scanner {
    /// The scanner of a built-in format, with the plan of its nickname compiled beside it.
    pub fn new(format: Builtin) -> Scanner {
        let name = if format == Builtin::NginxCombined { "nginx_combined" } else { "combined" };
        let plan = Plan::parse(name).expect("the nicknames are valid formats (tested)");
        // From the literal before the referer on.
        let from = plan
            .items
            .iter()
            .position(|i| matches!(i, Item::Directive(d) if d.key == "referer"))
            .map_or(0, |referer| referer - 1);
        let tail = match format {
            // Combined accepts common lines and keeps the text after a space past the
            // agent: the default forgives what real logs add.
            Builtin::Combined => Some(Tail { from, extra: true, ..Tail::default() }),
            // Common writes combined's keys, the referer and agent always null.
            Builtin::Common => Some(Tail { from, absent: true, ..Tail::default() }),
            Builtin::NginxCombined => None,
        };
        let definition = Matcher::compile_with(plan, tail).expect("the nicknames compile (tested)");
        let groups = Groups::of(&definition);
        assert!(groups.cover(), "the scanner writes every group of its definition");
        Scanner { format, groups, definition: Box::new(definition) }
    }

    /// The built-in format it reads.
    pub fn builtin(&self) -> Builtin {
        self.format
    }

    /// Parses one line (no `\n`, no trailing `\r`) on the fast path, into the entry its
    /// definition would read: the same groups, numbers and time.
    #[inline]
    pub fn parse<'a>(&'a self, line: &'a [u8], captures: &'a mut Captures) -> Result<Entry<'a>, ParseError> {
        let Captures { spans, numbers, clf, .. } = captures;
        let scanned = scan::line(line, self.format, clf)?;
        let g = &self.groups;
        // Every group is written on every line: the buffers are cleared only when another
        // format used them.
        if spans.len() != g.spans {
            spans.clear();
            spans.resize(g.spans, ABSENT);
        }
        spans[0] = (0, line.len());
        spans[g.host] = scanned.host;
        spans[g.ident] = scanned.ident;
        spans[g.user] = scanned.user;
        spans[g.time] = scanned.time_text;
        spans[g.request] = scanned.request;
        spans[g.status.1] = scanned.status_text;
        spans[g.bytes.1] = scanned.bytes_text;
        spans[g.referer] = scanned.referer.unwrap_or(ABSENT);
        spans[g.user_agent] = scanned.user_agent.unwrap_or(ABSENT);
        if let Some(group) = g.extra {
            spans[group] = scanned.extra.unwrap_or(ABSENT);
        }
        if numbers.len() != g.slots {
            numbers.clear();
            numbers.resize(g.slots, Number::None);
        }
        numbers[g.status.0] = scanned.status.map_or(Number::None, |c| Number::Whole(u64::from(c)));
        numbers[g.bytes.0] = scanned.bytes.map_or(Number::None, Number::Whole);
        let time = Some(Stamp { utc: scanned.time, nanos: 0, digits: 0 });
        Ok(Entry::new(&self.definition, line, spans, numbers, time, scanned.status))
    }

    /// Parses one line by the definition (the general path), for the tests and fuzz
    /// targets that hold the scanner to it.
    pub fn parse_by_definition<'a>(
        &'a self,
        line: &'a [u8],
        captures: &'a mut Captures,
    ) -> Result<Entry<'a>, ParseError> {
        self.definition.parse(line, captures)
    }
}

impl PartialEq for Scanner {
    fn eq(&self, other: &Scanner) -> bool {
        self.format == other.format
    }
}

impl Eq for Scanner {}

/// The server a format is written by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// Apache httpd (`LogFormat`).
    Apache,
    /// nginx (`log_format`), ingress-nginx included.
    Nginx,
    /// Caddy (its JSON access log).
    Caddy,
    /// Traefik (its JSON access log).
    Traefik,
    /// Envoy (its text format strings, and a JSON access log with Istio's keys).
    Envoy,
    /// Apache Tomcat (an AccessLogValve `pattern`).
    Tomcat,
    /// Squid (a `logformat`).
    Squid,
    /// Varnish (varnishncsa's `-F`).
    Varnish,
    /// A JSON log read by a user's mapping.
    Json,
    /// Amazon API Gateway (a `$context` template).
    ApiGateway,
    /// An AWS service's fixed layout, by its namespace ([`aws::Layout::service`]:
    /// `aws.elb`, `aws.s3access`).
    Aws(&'static str),
    /// CloudFront (a W3C format with its fields).
    Cloudfront,
    /// IIS (a W3C format with its fields).
    Iis,
    /// Another W3C format.
    W3c,
    /// HAProxy (`log-format`).
    Haproxy,
}

impl Server {
    /// Its name in lower case, as a namespace: `apache`, `nginx`, `caddy`, `traefik`,
    /// `envoy`, `json`.
    pub fn name(self) -> &'static str {
        match self {
            Server::Apache => "apache",
            Server::Nginx => "nginx",
            Server::Caddy => "caddy",
            Server::Traefik => "traefik",
            Server::Envoy => "envoy",
            Server::Tomcat => "tomcat",
            Server::Squid => "squid",
            Server::Varnish => "varnish",
            Server::Json => "json",
            Server::ApiGateway => "apigateway",
            Server::Aws(service) => service,
            Server::Cloudfront => "cloudfront",
            Server::Iis => "iis",
            Server::W3c => "w3c",
            Server::Haproxy => "haproxy",
        }
    }

    /// The server of a JSON log's nickname, or of a mapping.
    fn of_json(text: &str) -> Server {
        match text.trim() {
            "caddy" => Server::Caddy,
            "traefik_json" => Server::Traefik,
            "envoy_json" => Server::Envoy,
            _ => Server::Json,
        }
    }
}

/// `LOG_FORMAT`, compiled once per container: a built-in format, or any Apache
/// `LogFormat` or nginx `log_format` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// Read by the byte scanner.
    Scanner(Scanner),
    /// Read by the matcher compiled from the format's plan.
    Matcher(Box<Matcher>),
}

impl From<Scanner> for Format {
    fn from(scanner: Scanner) -> Format {
        Format::Scanner(scanner)
    }
}

impl From<Builtin> for Format {
    fn from(format: Builtin) -> Format {
        Format::Scanner(Scanner::new(format))
    }
}

/// `LOG_FORMAT`.
pub const LOG_FORMAT: crate::variable::Variable = crate::variable::Variable {
    name: "LOG_FORMAT",
    default: "combined",
    allowed: "a nickname (combined, common, vhost_combined, nginx_combined, nginx_main, ingress_nginx, \
              envoy, istio, caddy, traefik_json, envoy_json, apigateway_clf, apigateway_json, apigateway_xml, \
              apigateway_csv, apigateway_http, apigateway_http_json, apigateway_http_xml, apigateway_http_csv, \
              apigateway_ws_clf, apigateway_ws_json, apigateway_ws_xml, apigateway_ws_csv, alb, alb_connection, \
              clb, nlb, s3_access, cloudfront, cloudfront_realtime, iis, \
              cloudfront_json, traefik, traefik_generic, tomcat, squid, squid_common, squid_combined, \
              varnishncsa, haproxy_http, haproxy_https, haproxy_tcp, haproxy_clf, haproxy_tcp_clf), a W3C #Fields: line, an Apache LogFormat string, an nginx log_format, \
              an API Gateway $context format, a Squid logformat line, a Tomcat pattern= attribute, a \
              varnishncsa -F format, an Envoy format string or json_format object, a HAProxy log-format, or json: and key=json.path pairs (a JSON log's own mapping); any text format after syslog: (its lines with a syslog header); or \
              several, tried in order on each line (nicknames separated by commas, or one format a line)",
};

impl Format {
    /// Reads `LOG_FORMAT`: empty is the default, `combined`; anything else compiles as
    /// [`Format::new`] does, and a format that does not compile says why.
    pub fn from_setting(value: &str) -> Result<Format, crate::variable::SettingError> {
        Format::from_setting_reserving(value, &[])
    }

    /// [`Format::from_setting`], with `reserved` keys (enrichment's) taken from the start
    /// (see [`Plan::reserving`]).
    pub fn from_setting_reserving(
        value: &str,
        reserved: &[&str],
    ) -> Result<Format, crate::variable::SettingError> {
        let text = value.trim();
        if text.is_empty() {
            return Ok(Format::from(Builtin::Combined));
        }
        Format::compile(text, true, reserved)
            .map_err(|e| LOG_FORMAT.reject_because(value, format!("{e}; use {}", LOG_FORMAT.allowed)))
    }

    /// Compiles `LOG_FORMAT`'s value: a nickname ([`log_format::NICKNAMES`]), an Apache
    /// `LogFormat` string or an nginx `log_format`. A format that is exactly combined's or
    /// common's (Apache's string or nginx's) gets the built-in scanner.
    pub fn new(text: &str) -> Result<Format, FormatError> {
        Format::compile(text, true, &[])
    }

    /// A format compiled as written: combined without the default's forgiveness.
    pub fn strict(text: &str) -> Result<Format, FormatError> {
        Format::compile(text, false, &[])
    }

    fn compile(text: &str, forgiving: bool, reserved: &[&str]) -> Result<Format, FormatError> {
        use log_format::Escape;
        if let Some(inner) = syslog::wrapped(text) {
            return Format::syslog(inner, reserved);
        }
        if let Some(fields) = json_formats::directives(text) {
            return Format::json(fields.map_err(FormatError)?, Server::of_json(text), reserved);
        }
        if let Some(layout) = aws::layout(text) {
            return Format::aws(layout, reserved);
        }
        if let Some(fields) = w3c::json_directives(text) {
            return Format::json(fields, Server::Cloudfront, reserved);
        }
        if let Some(fields) = envoy::json_directives(text) {
            return Format::json(fields?, Server::Envoy, reserved);
        }
        let (plan, dialect) = match nickname::dialect_plan(text) {
            Some(read) => read?,
            None => (Plan::parse(text)?, None),
        };
        // An API Gateway template shaped as a JSON object is read by its keys.
        if let Some(fields) = nickname::apigateway_json(&plan) {
            return Format::json(fields, Server::ApiGateway, reserved);
        }
        let plan = plan.reserving(reserved)?;
        // CloudFront's older lines end before the fields it added later.
        if let Some(later) = w3c::later(text, &plan) {
            let tail = Tail { from: later[0], extra: true, also: &later, ..Tail::default() };
            return Matcher::compile_with(plan, Some(tail)).map(|m| Format::Matcher(Box::new(m)));
        }
        let builtin =
            |name: &str| Plan::parse(name).is_ok_and(|builtin| nickname::same_shape(&builtin, &plan));
        let format = match plan.escape {
            Escape::Apache if forgiving && builtin("combined") => Some(Builtin::Combined),
            Escape::Apache if builtin("common") => Some(Builtin::Common),
            Escape::Nginx if builtin("combined") => Some(Builtin::NginxCombined),
            _ => None,
        };
        match format {
            Some(format) => Ok(Format::from(format)),
            None => Format::text(text, plan, dialect),
        }
    }

    /// A text format's plan compiled: a dialect's with what its lines may leave out, any
    /// other's as a template or by its text.
    fn text(text: &str, plan: Plan, dialect: Option<Server>) -> Result<Format, FormatError> {
        match dialect {
            Some(server) => {
                let bare = if server == Server::Traefik { traefik::bare_fields(&plan) } else { Vec::new() };
                // Squid's built-ins end with the MIME headers only under `log_mime_hdrs on`.
                let from = squid::mime_headers_from(text, &plan).unwrap_or(usize::MAX);
                let tail = Tail { from, bare: &bare, ..Tail::default() };
                Matcher::compile_with(plan, Some(tail))
                    .map(|c| Format::Matcher(Box::new(c.of_server(server))))
            }
            None => Format::template(plan),
        }
    }

    /// `LOG_FORMAT`'s `syslog:` form ([`syslog::wrapped`]): `text`'s format with a syslog
    /// prefix first ([`syslog::directives`]), so its lines read with the header a syslog
    /// daemon or nginx's `syslog:` output puts before them, or without it. A JSON log's,
    /// AWS's and W3C's formats are refused: their lines are read by keys or layouts that
    /// start at the line's start.
    fn syslog(text: &str, reserved: &[&str]) -> Result<Format, FormatError> {
        let refused = |what: &str| {
            FormatError(format!(
                "{}{text} is {what}: {} reads a text format's lines",
                syslog::FORM,
                syslog::FORM
            ))
        };
        if json_formats::directives(text).is_some()
            || w3c::json_directives(text).is_some()
            || envoy::json_directives(text).is_some()
        {
            return Err(refused("a JSON log's format"));
        }
        if aws::layout(text).is_some() {
            return Err(refused("an AWS layout"));
        }
        let (plan, dialect) = match nickname::dialect_plan(text) {
            Some(read) => read?,
            None => (Plan::parse(text)?, None),
        };
        // W3C's, API Gateway's JSON templates and nginx's or Apache's are read by their keys.
        if matches!(plan.escape, log_format::Escape::Url | log_format::Escape::Plus)
            || nickname::apigateway_json(&plan).is_some()
            || json_formats::whole_template_fields(&plan).is_some()
        {
            return Err(refused("read by its fields' names"));
        }
        // The prefix's keys are its own (HAProxy's plans have the prefix already).
        let has_prefix = plan.directives().any(|d| syslog::part_of(d).is_some());
        let own = syslog::PARTS.iter().map(|p| p.key).filter(|_| !has_prefix);
        let keys: Vec<&str> = own.chain(reserved.iter().copied()).collect();
        let mut plan = plan.reserving(&keys)?;
        syslog::wrap(&mut plan.items);
        Format::text(text, plan, dialect)
    }

    /// A plan's matcher: by key paths when its text makes a JSON object and each of its
    /// directives is a whole value (a JSON template: its lines are read as a JSON log's,
    /// keys in any order, the server's quirks forgiven), else by its text.
    fn template(plan: Plan) -> Result<Format, FormatError> {
        if let Some(fields) = json_formats::whole_template_fields(&plan)
            && let Ok(matcher) = Matcher::compile_template(plan.clone(), &fields)
        {
            return Ok(Format::Matcher(Box::new(matcher)));
        }
        Matcher::compile(plan).map(|c| Format::Matcher(Box::new(c)))
    }

    /// An AWS layout's format: its plan's keys made distinct from `reserved`, the fields
    /// AWS added later optional, and text after the last field kept as `extra`.
    fn aws(layout: &aws::Layout, reserved: &[&str]) -> Result<Format, FormatError> {
        let (plan, later, bare, words) = layout.plan();
        let plan = plan.reserving(reserved)?;
        let from = later.first().copied().unwrap_or(plan.items.len());
        let tail = Tail { from, absent: false, extra: true, also: &later, bare: &bare, words: &words };
        let matcher = Matcher::compile_with(plan, Some(tail))?.of_server(Server::Aws(layout.service));
        Ok(Format::Matcher(Box::new(matcher)))
    }

    /// A JSON log's format: its fields' keys made distinct from the writer's and
    /// `reserved`, as a text format's are.
    fn json(
        fields: Vec<(String, plan::Directive)>,
        server: Server,
        reserved: &[&str],
    ) -> Result<Format, FormatError> {
        let items = fields.iter().map(|(_, d)| Item::Directive(d.clone())).collect();
        let plan = Plan { items, escape: plan::Escape::Json }.reserving(reserved)?;
        let fields = (fields.into_iter().zip(plan.directives()))
            .map(|((path, _), d)| matcher::JsonField { path, directive: d.clone() })
            .collect();
        Matcher::compile_json(fields, server).map(|m| Format::Matcher(Box::new(m)))
    }

    /// The format with its time, when logged without an offset, in `zone` rather than
    /// UTC (`LOG_TIME_ZONE`). The scanner's formats log an offset: they do not change.
    pub fn with_time_zone(self, zone: Option<crate::timestamp::Zone>) -> Format {
        match self {
            Format::Matcher(matcher) => Format::Matcher(Box::new(matcher.with_time_zone(zone))),
            scanner => scanner,
        }
    }

    /// Parses one line (no `\n`, no trailing `\r`). `captures` is the calling thread's
    /// (a matcher's regex writes its groups there). A line that fails says which
    /// nickname reads it, when one does.
    #[inline]
    pub fn parse<'a>(&'a self, line: &'a [u8], captures: &'a mut Captures) -> Result<Entry<'a>, ParseError> {
        self.read(line, captures).map_err(|mut e| {
            e.hint = nickname::nickname_that_reads(line, std::slice::from_ref(self));
            e
        })
    }

    /// [`Format::parse`] without the hint: for a list, which looks for one once.
    #[inline]
    pub(crate) fn read<'a>(
        &'a self,
        line: &'a [u8],
        captures: &'a mut Captures,
    ) -> Result<Entry<'a>, ParseError> {
        match self {
            Format::Scanner(scanner) => scanner.parse(line, captures),
            Format::Matcher(matcher) => matcher.parse(line, captures),
        }
    }

    /// The format's plan compiled: what every entry of it is read into, whichever engine
    /// reads the line (a built-in format's is its nickname's definition).
    pub fn matcher(&self) -> &Matcher {
        match self {
            Format::Scanner(scanner) => &scanner.definition,
            Format::Matcher(matcher) => matcher,
        }
    }

    /// The most a line of this format grows into JSON (see [`crate::expansion`]).
    pub fn growth(&self) -> crate::expansion::Growth {
        self.matcher().growth()
    }

    /// Which server writes lines of this format: Apache's `LogFormat` or nginx's
    /// `log_format` (nginx's stock `combined`, read by the scanner, is nginx's).
    pub fn server(&self) -> Server {
        let matcher = self.matcher();
        match matcher.server() {
            Some(server) => server,
            None if matcher.spaced.is_some() => match w3c::server(matcher.plan()) {
                "cloudfront" => Server::Cloudfront,
                "iis" => Server::Iis,
                _ => Server::W3c,
            },
            None if matcher.escape() == log_format::Escape::Apache => Server::Apache,
            None if matcher.slots.iter().any(|s| s.directive.starts_with(apigateway::PREFIX)) => {
                Server::ApiGateway
            }
            None if matcher.escape() == log_format::Escape::Envoy => Server::Envoy,
            None if matcher.escape() == log_format::Escape::Haproxy => Server::Haproxy,
            None => Server::Nginx,
        }
    }

    /// Whether lines of this format carry what a drop rule or partition key reads.
    pub fn provides(&self, field: RuleField) -> bool {
        self.matcher().provides(field)
    }
}

/// The request line split on single spaces: three parts are method, path and protocol;
/// two are an HTTP/0.9 request (no protocol). The method must be an HTTP token (RFC 9110,
/// section 9.1: `method = token`), so what a scanner or a client of another protocol sent
/// (`-`, TLS bytes sent to a plain-HTTP port, an RDP probe's `Cookie: mstshash=...`) fills
/// none of them, nor does a path with a raw space. The protocol is kept as logged: servers
/// write `HTTP/2.0`, `HTTP/2` and `HTTP/3.0`, and an `RTSP/1.0` or `SIP/2.0` request is a
/// request all the same.
pub fn split_request(request: &[u8]) -> [Option<&[u8]>; 3] {
    const NONE: [Option<&[u8]>; 3] = [None, None, None];
    // The method is a few bytes, read as a token up to its space; the path may be long,
    // so its end is found by memchr, not byte by byte (this runs for every line).
    let m = request.iter().position(|&b| !TCHAR[usize::from(b)]);
    let (method, rest) = match m {
        // `- - -` (Traefik's request it dropped, Envoy's TCP line) is no request: `-` is
        // no method.
        Some(m) if m > 0 && request[m] == b' ' && &request[..m] != b"-" => (&request[..m], &request[m + 1..]),
        _ => return NONE,
    };
    match memchr::memchr(b' ', rest) {
        None => [Some(method), Some(rest), None],
        Some(p) if !rest[p + 1..].contains(&b' ') => [Some(method), Some(&rest[..p]), Some(&rest[p + 1..])],
        Some(_) => NONE,
    }
}

/// A request line whose target is a whole URL ([`plan::Kind::UrlRequest`], ALB's and
/// Classic ELB's): the method up to the first space (an HTTP token, not `-`), the
/// protocol after the last space (none when empty or `-`), and as the path the URL's
/// path and query: from the first `/` after `scheme://authority` (none when the URL has
/// no path: ALB's `http://host:80-` for a request it could not read). A target that is
/// not a URL (`/a`, `*`) is the path as it is. A line without two spaces, or whose
/// method is not a token, splits to none. A line that ends in a space (the client's own,
/// kept by ALB: `GET http://host:80/ HTTP/1.0 `) has no protocol, and no path when what
/// is before that space has a space of its own: a URL may hold a raw space, so where it
/// ends is not known.
pub fn split_url_request(request: &[u8]) -> [Option<&[u8]>; 3] {
    const NONE: [Option<&[u8]>; 3] = [None, None, None];
    let m = request.iter().position(|&b| !TCHAR[usize::from(b)]);
    let (method, rest) = match m {
        Some(m) if m > 0 && request[m] == b' ' && &request[..m] != b"-" => (&request[..m], &request[m + 1..]),
        _ => return NONE,
    };
    let Some(p) = memchr::memrchr(b' ', rest) else {
        return NONE;
    };
    let (url, protocol) = (&rest[..p], &rest[p + 1..]);
    let end_unknown = protocol.is_empty() && url.contains(&b' ');
    let protocol = Some(protocol).filter(|p| !p.is_empty() && *p != b"-");
    [Some(method), target_path(url).filter(|_| !end_unknown), protocol]
}

/// The path and query of a request target: of a whole URL (`http://host/a?b=1`, a
/// proxy's absolute form), from the first `/` after `scheme://authority` (none when it
/// has no path); any other target (`/a`, `*`, CONNECT's `host:443`) as it is, none when
/// empty.
pub fn target_path(url: &[u8]) -> Option<&[u8]> {
    match memchr::memmem::find(url, b"://") {
        Some(s) => memchr::memchr(b'/', &url[s + 3..]).map(|at| &url[s + 3 + at..]),
        None => Some(url).filter(|u| !u.is_empty()),
    }
}

/// RFC 9110's `tchar` (section 5.6.2), what a token is made of, by byte: letters, digits,
/// the backtick and `! # $ % & ' * + - . ^ _ | ~`; no space, separator
/// (`"(),/:;<=>?@[\]{}`), control byte or byte past ASCII.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let specials = b"!#$%&'*+-.^_`|~";
    let mut i = 0;
    while i < specials.len() {
        table[specials[i] as usize] = true;
        i += 1;
    }
    table
};

/// Appends `bytes` to a regex pattern as `\xhh` escapes: each matches exactly that byte
/// in a `(?-u)` pattern, whatever it is.
pub(crate) fn push_escaped(pattern: &mut String, bytes: &[u8]) {
    use std::fmt::Write as _;
    for b in bytes {
        let _ = write!(pattern, "\\x{b:02x}");
    }
}

/// What the settings may ask of a line: drop rules and partition keys read these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    /// The status (`%>s`, `$status`).
    Status,
    /// The URL path (`%U`, or split from `%r`).
    Path,
    /// The user agent.
    UserAgent,
    /// The time of the request.
    Time,
    /// The virtual host (`%v`).
    Vhost,
}

/// One thread's spans of a matcher's groups, and the regex's capture slots
/// (unused by the built-in formats).
#[derive(Debug, Default)]
pub struct Captures {
    pub(crate) spans: Vec<(usize, usize)>,
    pub(crate) locs: Option<CaptureLocations>,
    /// The numbers of the line's numeric fields, read once while the matcher checks them.
    pub(crate) numbers: Vec<matcher::Number>,
    /// A JSON log's values, a key path each.
    pub(crate) values: Vec<crate::json_object::Value>,
    /// The last minute the scanner read a time of.
    pub(crate) clf: crate::timestamp::ClfMinute,
}
