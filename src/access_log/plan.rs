//! The model every format language is read into: a [`Plan`] of literals and directives,
//! each directive with the key it writes, the kind of value it reads and where it comes
//! from. The readers (Apache's `LogFormat` in [`super::log_format`], nginx's `log_format`
//! in [`super::nginx`]) fill it; the matcher, the writer's schema, enrichment and the
//! profiles read it. It imports no reader.

use std::fmt;

/// A format, read: its literals and fields in order, from an Apache `LogFormat` or an
/// nginx `log_format`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The literals and directives, in the format's order.
    pub items: Vec<Item>,
    /// How the server escaped the values.
    pub escape: Escape,
}

/// How the server that wrote the line escaped its values (and so how they are undone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Apache: `\"` and `\\` inside quotes, other bytes as `\xhh`.
    Apache,
    /// nginx's `escape=default`: `"`, `\`, control and non-ASCII bytes as `\xHH`.
    Nginx,
    /// nginx's `escape=json`: JSON string escapes.
    Json,
    /// nginx's `escape=none`: nothing escaped.
    None,
    /// CloudFront's W3C lines: the space, control bytes, bytes past ASCII and a few more
    /// (`%`, `"`, `\\`, ...) written as `%hh` (RFC 1738), undone once.
    Url,
    /// IIS's W3C lines: a space in a value written as `+`, read as a space.
    Plus,
    /// Envoy's text format: nothing escaped, `-` for every value that is not set.
    Envoy,
    /// HAProxy's `log-format`: nothing undone (HAProxy writes `"`, `#` and bytes outside
    /// 32..126 as `#XX`, kept as logged); timers and counts may be `-1` (null) or carry
    /// a `+` (logged early, with `option logasap`).
    Haproxy,
}

/// The text between directives, or one directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Text the line must have, byte for byte.
    Literal(Vec<u8>),
    /// A field.
    Directive(Directive),
}

/// One `%` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// As written, without conditions: `%>s`, `%{Referer}i`.
    pub text: String,
    /// Where its `%` is in the format, counting characters from 1.
    pub position: usize,
    /// The JSON key. `%r` also writes `method`, `path` and `protocol` before it.
    pub key: String,
    /// The key it takes when another field has its key (see the module's doc).
    pub alt_key: Option<String>,
    /// What the field's text is and how it is typed.
    pub kind: Kind,
    /// The header it logs, if it logs one: its reader knows the syntax that names one
    /// (`%{Name}i`, `$http_name`, `%REQ(Name)%`, `cs(Name)`, ...) and sets it.
    pub header: Option<Header>,
}

/// A header a directive logs, by its name in lower case (`x-forwarded-for`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// A request header: Apache's `%{Name}i`, nginx's `$http_name`.
    Request(Box<str>),
    /// A response header: Apache's `%{Name}o`, nginx's `$sent_http_name`.
    Response(Box<str>),
}

impl Header {
    /// A request header, named in lower case.
    pub fn request(name: &str) -> Header {
        Header::Request(name.to_ascii_lowercase().into())
    }

    /// A response header, named in lower case.
    pub fn response(name: &str) -> Header {
        Header::Response(name.to_ascii_lowercase().into())
    }
}

impl Directive {
    /// The header this directive logs, if it logs one (as its reader set it).
    pub fn header(&self) -> Option<Header> {
        self.header.clone()
    }
}

/// How a directive's text becomes a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A host, address or server name, written as logged; `-` (none: HAProxy's when no
    /// server was reached, Traefik's dropped client, varnishncsa's unknown one) is null.
    /// Outside quotes a list (`10.0.0.2, 10.0.0.1`, what a proxy may log where one
    /// address goes) reads too.
    Host,
    /// A connection's status when the response completed (Apache's and Tomcat's `%X`):
    /// `X` (aborted), `+` (may be kept alive) or `-` (will be closed), written as logged:
    /// its `-` is a value, not a missing one.
    Connection,
    /// An address and its port as one field: `192.0.2.1:80`, `[2001:db8::1]:443`, or
    /// an IPv6 address with its port after its last colon as ALB writes it
    /// (`2001:db8::1:443`); `-` when there is none. The directive's key gets the address
    /// without its port (a string, an address field for enrichment as `host` is), and
    /// `port` gets the port as a whole number; `-` is null for both. A value without a
    /// colon is an address without a port (its port null).
    Endpoint {
        /// The key of the port: `client_port` beside ALB's `host`.
        port: String,
    },
    /// `%l`, `%u`: `-` is null; `""` (an empty user name) is the empty string.
    Name,
    /// The `-` nginx writes where Apache's `%l` is: only `-`, always null.
    Dash,
    /// nginx's `$is_args`: `?` or nothing, written as logged.
    IsArgs,
    /// A string; `-` is null. Outside quotes a comma-separated list reads too.
    Text,
    /// A whole record of text that may hold spaces (varnishncsa's `%{VSL:Tag}x` without
    /// `[n]`): outside quotes it runs to the next literal's first byte, or to the line's
    /// end; inside quotes it reads as [`Kind::Text`]. A reader gives it only where that
    /// byte cannot be in the value (the server escapes it); `-` is null.
    Record,
    /// nginx's `$upstream_*`: one value per upstream server, separated by `, ` (and
    /// ` : ` after an internal redirect), written as logged: always a string.
    List,
    /// `%U`, the URL path (it stops at `?`, so `%U%q` reads).
    UrlPath,
    /// `%q`: the query string without its `?`; null when there is none.
    Query,
    /// `%r`: `method`, `path`, `protocol` and the whole `request`.
    Request,
    /// API Gateway's route key: a word, then optionally a space and a path (`GET /pets`,
    /// `$default`), so it reads between other words of a quoted request; `-` is null.
    Route,
    /// A request line whose target is a whole URL, as ALB and Classic ELB log it
    /// (`GET http://www.example.com:80/a?b=1 HTTP/1.1`): the method up to the first
    /// space, the protocol after the last, the URL between (it may hold spaces). It
    /// writes `%r`'s keys: `path` is the URL's path and query (the request target in
    /// origin form, as `%r`'s), and `request` the line as logged, the URL whole in it.
    /// A method that is not a token (`-`: no request was read) leaves the three null.
    UrlRequest,
    /// A three-digit status code, or `0` (Envoy's and Squid's when no response was sent,
    /// written 0 as `000` is); `-` (Apache's, when it has none) is null.
    Status,
    /// A whole number; `-` is 0 when `dash_is_zero` (CLF's `%b`), null otherwise.
    Integer {
        /// `-` is 0 (CLF's `%b`) rather than null.
        dash_is_zero: bool,
    },
    /// A number with an optional fraction (`0.034`), written as a JSON number; `-` is null.
    Decimal,
    /// [`Kind::Decimal`], and `-1` is null too: ALB's and Classic ELB's processing
    /// times, `-1` where the load balancer could not dispatch the request or the
    /// connection closed.
    Timing,
    /// A whole number the server right-aligns in spaces to a width (Squid's `%6tr`): the
    /// spaces before its digits are padding, not the value; `-` is null.
    Padded,
    /// A part of the request's time: all of a format's parts make one `timestamp`.
    Time(TimePart),
    /// HAProxy's captured headers (`%hr`, `%hs`): `{a|b}` and the space after it, or
    /// nothing at all when no header is captured; written as the text inside the braces.
    /// With `list`, the CLF style (`%hrl %hsl` closing a format): the rest of the line,
    /// after a space, as logged.
    Captured {
        /// The CLF style: quoted values to the end of the line.
        list: bool,
    },
    /// A second time in an nginx format (`$msec` beside `$time_local`): matched as its
    /// part, written as logged, a string.
    TimeText(TimePart),
}

impl Kind {
    /// Whether the matcher checks this kind's text before anything is written (a
    /// number or a status).
    pub fn is_checked(&self) -> bool {
        matches!(self, Kind::Integer { .. } | Kind::Decimal | Kind::Timing | Kind::Padded | Kind::Status)
    }

    /// Whether `-1` is this kind's null in a line escaped as `escape`: a
    /// [`Kind::Timing`]'s (the load balancer could not dispatch the request), and, with
    /// [`Escape::Haproxy`], a whole number's or a status's (a timer or status HAProxy has
    /// not). The one place the matcher learns that `-1` stands for no value.
    pub fn minus_one_is_null(&self, escape: Escape) -> bool {
        *self == Kind::Timing
            || (escape == Escape::Haproxy
                && matches!(self, Kind::Integer { .. } | Kind::Padded | Kind::Status))
    }
}

/// The forms of `%t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimePart {
    /// `%t`: `[10/Oct/2000:13:55:36 -0700]`.
    Clf,
    /// Traefik's CLF time: `%t`'s, or `[-]` where Traefik dropped it
    /// (`fields.names.StartUTC: drop`), which is no time: null.
    ClfOrDash,
    /// `%{format}t` with a strftime format.
    Strftime(String),
    /// `%{sec}t`, `%{msec}t`, `%{usec}t`: since the epoch, with 0, 3 or 6 fraction digits.
    Epoch(u8),
    /// `%{msec_frac}t`, `%{usec_frac}t`: the fraction of the second, 3 or 6 digits.
    Fraction(u8),
    /// nginx's `$time_local`: `%t` without its brackets.
    ClfInner,
    /// HAProxy's `%t` and `%tr`: `06/Feb/2009:12:14:14.655`, the CLF time with
    /// milliseconds and no offset.
    ClfMillis,
    /// nginx's `$time_iso8601`: `2019-09-28T19:29:01+00:00`.
    Iso8601,
    /// nginx's `$msec`: seconds since the epoch, a dot, and this many fraction digits.
    EpochFraction(u8),
    /// A JSON log's RFC 3339 time: 0 to 9 fraction digits, `Z` or an offset (`+hh:mm`,
    /// Go's `+hhmm`): `2020-06-05T17:39:20.123456789Z`.
    Rfc3339,
    /// A JSON log's number of 10^-n seconds since the epoch, with a fraction of any
    /// length: Caddy's `ts`, `1591376760.1234567`, is `EpochNumber(0)`.
    EpochNumber(u8),
    /// A mapping's time, told by its form: RFC 3339, the CLF's, or a number since the
    /// epoch whose unit its digits tell.
    AnyForm,
}

impl Plan {
    /// A W3C plan (tab-separated, CloudFront's [`Escape::Url`]) as IIS writes the same
    /// fields: separated by spaces, a space in a value written as `+` ([`Escape::Plus`]).
    pub fn spaced(&self) -> Plan {
        let items = self.items.iter().map(|item| match item {
            Item::Literal(bytes) if bytes == b"\t" => Item::Literal(b" ".to_vec()),
            other => other.clone(),
        });
        Plan { items: items.collect(), escape: Escape::Plus }
    }
}

/// The time directives of read items ([`Kind::Time`]), each with its part, in order: the
/// first makes the timestamp, and a reader writes a later one (`$msec` beside
/// `$time_local`) as logged, under its own key.
pub(crate) fn times(items: &mut [Item]) -> impl Iterator<Item = (&mut Directive, TimePart)> {
    items.iter_mut().filter_map(|item| match item {
        Item::Directive(d) => match &d.kind {
            Kind::Time(part) => {
                let part = part.clone();
                Some((d, part))
            }
            _ => None,
        },
        Item::Literal(_) => None,
    })
}

/// Why a `LogFormat` string cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatError {}

/// `X-Forwarded-For` to `x_forwarded_for`: lower case, anything but a letter or digit `_`.
pub(crate) fn header_key(prefix: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let snake = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' });
    Some(prefix.chars().chain(snake).collect())
}
