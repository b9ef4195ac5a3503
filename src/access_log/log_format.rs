//! Apache `LogFormat` strings: the directives of a format, in order, each with the JSON
//! key and type it becomes.
//!
//! The text is read as Apache reads it (mod_log_config): `%` then optional conditions
//! (`!`, status codes, `<` or `>`), an optional `{argument}`, and one letter. Conditions
//! are accepted and ignored: when they do not hold, Apache writes `-`, which becomes null.
//! `\"` and `\\` stand for `"` and `\`, so a line copied from `apache2.conf` works as is.
//!
//! Two directives that would write the same key both keep a key of their own: the one
//! without an alternative name keeps the key, the other takes its alternative (`%s`
//! beside `%>s` is `original_status`, `%{Host}i` beside `%h` is `http_host`); when
//! neither has one, the later gets `_2` (then `_3`, ...).
//!
//! What each directive writes is one table, [`DIRECTIVES`]: a row per form, with its key,
//! alternative key and kind, and Apache's own sentence for it, from mod_log_config's "Custom
//! Log Formats" table (<https://httpd.apache.org/docs/2.4/mod/mod_log_config.html#formats>).

use super::dialect::RowKind;
use super::plan::header_key;
pub use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart};
use super::{apigateway, envoy, nginx};

/// The formats firelog knows by name: Apache's default configuration's, nginx's stock
/// ones, ingress-nginx's default, and Envoy's and Istio's default text formats.
pub const NICKNAMES: [(&str, &str); 6] = [
    ("combined", r#"%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i""#),
    ("common", r#"%h %l %u %t "%r" %>s %b"#),
    ("vhost_combined", r#"%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i""#),
    (
        "nginx_combined",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#,
    ),
    (
        "nginx_main",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for""#,
    ),
    (
        "ingress_nginx",
        r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id"#,
    ),
];

/// The directives the error for an unknown one names: [`DIRECTIVES`]' forms, with a
/// letter's arguments joined (`%{local|remote}p`); a test holds the two to each other.
pub const SUPPORTED: &str = "%a %{c}a %A %b %B %D %f %h %H %I %k %l %L %m %O %p %{local|remote}p %P %q %r %R \
     %s %>s %<s %S %t %{strftime|sec|msec|usec|msec_frac|usec_frac}t %T %{s|ms|us}T %u %U %v %V %X \
     %{Name}i %{Name}o %{Name}e %{Name}n %{Name}C %{VAR}x %%";

/// One row of the directive table: a form of a `%` directive, the key it writes, how its
/// value is read, and Apache's words for it. The formats page (`docs/formats.md`) shows
/// this table; a test holds the two equal.
#[derive(Debug)]
pub struct DirectiveRow {
    /// As written in a format, conditions aside: `%h`, `%{c}a`, `%>s`. An argument in
    /// [`PLACEHOLDERS`] stands for any argument: `%{Name}i` is every request header.
    pub form: &'static str,
    /// The JSON key. `NAME` in it is the argument in snake case: `%{Name}o`'s
    /// `response_NAME` is `response_content_type` for `%{Content-Type}o`.
    pub key: &'static str,
    /// The key it takes when another field has its key (see the module's doc).
    pub alt_key: Option<&'static str>,
    /// What its value is.
    pub kind: RowKind,
    /// What Apache's documentation says it logs, for docs/formats.md's table.
    pub doc: &'static str,
}

/// The arguments of [`DirectiveRow::form`] that stand for any argument.
pub const PLACEHOLDERS: [&str; 3] = ["Name", "VAR", "format"];

macro_rules! dir {
    ($form:literal, $key:literal, $kind:ident $(($n:literal))?, $doc:literal) => {
        DirectiveRow { form: $form, key: $key, alt_key: None, kind: RowKind::$kind $(($n))?, doc: $doc }
    };
    ($form:literal, $key:literal or $alt:literal, $kind:ident $(($n:literal))?, $doc:literal) => {
        DirectiveRow { form: $form, key: $key, alt_key: Some($alt), kind: RowKind::$kind $(($n))?, doc: $doc }
    };
}

/// The directives firelog reads, with Apache's own words for each: from mod_log_config's
/// table (see the module's doc), its Modifiers section for `%>s` and `%<s`, and mod_ssl's
/// Custom Log Format section for `%{VAR}x`.
/// Where a form has a key `or` another, the other is its alternative key.
pub const DIRECTIVES: &[DirectiveRow] = &[
    dir!("%%", "", Percent, "The percent sign."),
    dir!("%a", "client_ip" or "remote_ip", Host, "Client IP address of the request (see the mod_remoteip module)."),
    dir!(
        "%{c}a",
        "peer_ip",
        Host,
        "Underlying peer IP address of the connection (see the mod_remoteip module)."
    ),
    dir!("%A", "server_ip", Host, "Local IP-address."),
    dir!("%B", "bytes" or "response_bytes", Integer, "Size of response in bytes, excluding HTTP headers."),
    dir!(
        "%b",
        "bytes" or "bytes_clf",
        BytesClf,
        "Size of response in bytes, excluding HTTP headers. In CLF format, i.e. a '-' rather than a 0 when no bytes are sent."
    ),
    dir!(
        "%{Name}C",
        "cookie_NAME",
        Text,
        "The contents of cookie VARNAME in the request sent to the server."
    ),
    dir!("%D", "duration_us", Integer, "The time taken to serve the request, in microseconds."),
    dir!("%{Name}e", "env_NAME", Text, "The contents of the environment variable VARNAME."),
    dir!("%f", "filename", Text, "Filename."),
    dir!("%h", "host", Host, "Remote hostname."),
    dir!("%H", "protocol" or "server_protocol", Text, "The request protocol."),
    dir!(
        "%{Name}i",
        "NAME" or "http_NAME",
        Text,
        "The contents of VARNAME: header line(s) in the request sent to the server."
    ),
    dir!("%k", "keepalive_requests", Integer, "Number of keepalive requests handled on this connection."),
    dir!("%l", "ident", Name, "Remote logname (from identd, if supplied)."),
    dir!(
        "%L",
        "log_id",
        Text,
        "The request log ID from the error log (or '-' if nothing has been logged to the error log for this request)."
    ),
    dir!("%m", "method" or "request_method", Text, "The request method."),
    dir!("%{Name}n", "note_NAME", Text, "The contents of note VARNAME from another module."),
    dir!(
        "%{Name}o",
        "response_NAME" or "sent_http_NAME",
        Text,
        "The contents of VARNAME: header line(s) in the reply."
    ),
    dir!("%p", "port", Integer, "The canonical port of the server serving the request."),
    dir!("%{canonical}p", "port", Integer, "The canonical port of the server serving the request."),
    dir!(
        "%{local}p",
        "local_port",
        Integer,
        "The canonical port of the server serving the request, or the server's actual port, or the client's actual port."
    ),
    dir!(
        "%{remote}p",
        "remote_port",
        Integer,
        "The canonical port of the server serving the request, or the server's actual port, or the client's actual port."
    ),
    dir!("%P", "pid", Integer, "The process ID of the child that serviced the request."),
    dir!("%{pid}P", "pid", Integer, "The process ID of the child that serviced the request."),
    dir!("%{tid}P", "tid", Text, "The process ID or thread ID of the child that serviced the request."),
    dir!("%{hextid}P", "tid", Text, "The process ID or thread ID of the child that serviced the request."),
    dir!(
        "%q",
        "query" or "query_string",
        Query,
        "The query string (prepended with a ? if a query string exists, otherwise an empty string)."
    ),
    dir!("%r", "request", Request, "First line of request."),
    dir!("%R", "handler", Text, "The handler generating the response (if any)."),
    dir!(
        "%s",
        "status" or "original_status",
        Status,
        "Status. For requests that have been internally redirected, this is the status of the original request."
    ),
    dir!("%>s", "status", Status, "%>s can be used to record the final status of the request (Modifiers)."),
    dir!(
        "%<s",
        "original_status",
        Status,
        "The modifiers \"<\" and \">\" can be used for requests that have been internally redirected to choose whether the original or final (respectively) request should be consulted (Modifiers)."
    ),
    dir!(
        "%t",
        "timestamp",
        Clf,
        "Time the request was received, in the format [18/Sep/2011:19:18:28 -0400]."
    ),
    dir!(
        "%{format}t",
        "timestamp",
        Strftime,
        "The time, in the form given by format, which should be in an extended strftime(3) format (potentially localized)."
    ),
    dir!("%{sec}t", "timestamp", Epoch(0), "number of seconds since the Epoch"),
    dir!("%{msec}t", "timestamp", Epoch(3), "number of milliseconds since the Epoch"),
    dir!("%{usec}t", "timestamp", Epoch(6), "number of microseconds since the Epoch"),
    dir!("%{msec_frac}t", "timestamp", Fraction(3), "millisecond fraction"),
    dir!("%{usec_frac}t", "timestamp", Fraction(6), "microsecond fraction"),
    dir!("%T", "duration_s", Integer, "The time taken to serve the request, in seconds."),
    dir!("%{s}T", "duration_s", Integer, "The time taken to serve the request, in seconds."),
    dir!(
        "%{ms}T",
        "duration_ms",
        Integer,
        "The time taken to serve the request, in a time unit given by UNIT. Valid units are ms for milliseconds, us for microseconds, and s for seconds."
    ),
    dir!("%{us}T", "duration_us", Integer, "The time taken to serve the request, in microseconds."),
    dir!("%u", "user", Name, "Remote user if the request was authenticated."),
    dir!("%U", "path" or "url_path", UrlPath, "The URL path requested, not including any query string."),
    dir!("%v", "vhost", Host, "The canonical ServerName of the server serving the request."),
    dir!(
        "%V",
        "server_name" or "canonical_server_name",
        Host,
        "The server name according to the UseCanonicalName setting."
    ),
    dir!("%X", "connection_status", Connection, "Connection status when response is completed."),
    dir!("%I", "bytes_received", Integer, "Bytes received, including request and headers."),
    dir!("%O", "bytes_sent", Integer, "Bytes sent, including headers."),
    dir!(
        "%S",
        "bytes_transferred",
        Integer,
        "Bytes transferred (received and sent), including request and headers, cannot be zero."
    ),
    dir!(
        "%{VAR}x",
        "NAME",
        Text,
        "eXtension format function which can be used to expand any variables provided by any module, especially those provided by mod_ssl (mod_ssl)"
    ),
];

impl Plan {
    /// Reads a nickname ([`NICKNAMES`]), an Envoy format string (with `%START_TIME%`-style
    /// operators: [`envoy`]), an nginx `log_format` (a string of `$`
    /// variables, or the whole directive) or an Apache `LogFormat` string.
    pub fn parse(text: &str) -> Result<Plan, FormatError> {
        let text = NICKNAMES.iter().find(|(name, _)| *name == text.trim()).map_or(text, |(_, format)| format);
        let text = apigateway::nickname(text.trim()).unwrap_or(text);
        let text =
            envoy::NICKNAMES.iter().find(|(name, _)| *name == text.trim()).map_or(text, |(_, format)| format);
        if apigateway::looks_like_apigateway(text) {
            return apigateway::parse(text);
        }
        if super::w3c::looks_like_w3c(text) {
            return super::w3c::parse(text);
        }
        if envoy::looks_like_envoy(text) {
            return envoy::parse(text);
        }
        if super::haproxy::looks_like_haproxy(text) {
            return super::haproxy::parse(text);
        }
        if nginx::looks_like_nginx(text) {
            return nginx::parse(text);
        }
        let (text, offset) = unwrap_config_line(text);
        let mut items = Vec::new();
        let mut literal = Vec::new();
        let mut chars = text.char_indices().enumerate().peekable();
        while let Some((n, (_, c))) = chars.next() {
            match c {
                '\\' => match chars.peek().and_then(|(_, (_, c))| escaped(*c)) {
                    Some(byte) => {
                        chars.next();
                        literal.push(byte);
                    }
                    None => literal.push(b'\\'),
                },
                '%' => {
                    let (condition, argument, letter) = read_directive(&mut chars, n + 1 + offset)?;
                    let mut raw = String::new();
                    if letter == '%' && argument.is_none() {
                        literal.push(b'%');
                        continue;
                    }
                    if condition != ' ' {
                        raw.push(condition);
                    }
                    if let Some(arg) = &argument {
                        raw.push_str(&format!("{{{arg}}}"));
                    }
                    raw.push(letter);
                    let text = format!("%{raw}");
                    let Some((key, alt_key, kind)) = meaning(letter, condition, argument.as_deref()) else {
                        return Err(FormatError(format!(
                            "{text} at position {} is not a directive firelog reads (it reads {SUPPORTED})",
                            n + 1 + offset
                        )));
                    };
                    if !literal.is_empty() {
                        items.push(Item::Literal(std::mem::take(&mut literal)));
                    }
                    items.push(Item::Directive(Directive {
                        text,
                        position: n + 1 + offset,
                        key,
                        alt_key,
                        kind,
                        header: header(letter, argument.as_deref()),
                    }));
                }
                c => {
                    let mut utf8 = [0; 4];
                    literal.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        if !literal.is_empty() {
            items.push(Item::Literal(literal));
        }
        Plan::checked(items, Escape::Apache)
    }

    /// A plan from read items: each key given once (see the module's doc), the time
    /// parts checked.
    pub(crate) fn checked(mut items: Vec<Item>, escape: Escape) -> Result<Plan, FormatError> {
        // Apache's and the dialects' times (W3C's fields keep their own rule).
        if escape == Escape::Apache {
            times_beside_a_whole_time_as_text(&mut items);
        }
        let mut plan = Plan { items, escape };
        plan.give_distinct_keys(&[])?;
        plan.check()?;
        Ok(plan)
    }

    /// The plan with `reserved` keys (enrichment's) taken from the start: a field that
    /// has one takes its alternative (`%a`'s `client_ip` becomes `remote_ip`) or `_2`.
    pub fn reserving(mut self, reserved: &[&str]) -> Result<Plan, FormatError> {
        self.give_distinct_keys(reserved)?;
        Ok(self)
    }

    /// The directives (the fields), in order.
    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.items.iter().filter_map(|item| match item {
            Item::Directive(d) => Some(d),
            Item::Literal(_) => None,
        })
    }

    /// The keys a directive writes (`%r` writes four).
    fn keys_of(d: &Directive) -> Vec<&str> {
        if d.kind == Kind::Request { vec!["method", "path", "protocol", "request"] } else { vec![&d.key] }
    }

    /// Renames clashing keys: a field whose key is taken takes its alternative; when it
    /// has none and the holder has one, the holder moves; else the later takes `_2`, `_3`,
    /// ... `%r` (four keys) never moves. The writer's own keys, and `reserved` (the keys
    /// enrichment adds), are taken from the start.
    fn give_distinct_keys(&mut self, reserved: &[&str]) -> Result<(), FormatError> {
        let writers = |k: &str| crate::column::WRITER_KEYS.contains(&k) || reserved.contains(&k);
        let mut holders: Vec<(String, usize)> = Vec::new();
        let mut timestamp_seen = false;
        for i in 0..self.items.len() {
            let Item::Directive(d) = &self.items[i] else { continue };
            // All time parts make one timestamp (checked below), so they share its key.
            if let Kind::Time(_) = d.kind {
                if timestamp_seen {
                    continue;
                }
                timestamp_seen = true;
            }
            let keys: Vec<String> = Plan::keys_of(d).into_iter().map(String::from).collect();
            let host_header = matches!(&d.header, Some(Header::Request(_)));
            for mut key in keys {
                // The writer's own keys (`extra`, the CloudWatch Logs keys, a kept line's)
                // are never a field's: the field takes its alternative, or `_2`, ...
                // Nor is `host`, the client's address in every format, the Host header's
                // (`%{Host}i` or `$http_host` in a format without `%h`: `http_host`).
                if (writers(&key) || key == "host" && host_header)
                    && let Some(alt) = self.single(i)
                {
                    let free = |k: &str| !writers(k) && !holders.iter().any(|(h, _)| h == k);
                    key = match alt.filter(|a| free(a)) {
                        Some(alt) => alt,
                        None => (2..).map(|n| format!("{key}_{n}")).find(|k| free(k)).unwrap_or_default(),
                    };
                    if let Item::Directive(m) = &mut self.items[i] {
                        m.key = key.clone();
                    }
                }
                let Some(holder) = holders.iter().position(|(k, _)| *k == key) else {
                    holders.push((key, i));
                    continue;
                };
                let held_by = holders[holder].1;
                let (mover, alt) = match (self.single(i), self.single(held_by)) {
                    (Some(Some(alt)), _) => (i, Some(alt)),
                    (_, Some(Some(alt))) => (held_by, Some(alt)),
                    (Some(None), _) => (i, None),
                    (None, Some(None)) => (held_by, None),
                    (None, None) => {
                        let (Item::Directive(a), Item::Directive(b)) = (&self.items[held_by], &self.items[i])
                        else {
                            continue;
                        };
                        return Err(FormatError(format!(
                            "{} at position {} and {} at position {} both give the key \"{key}\"",
                            a.text, a.position, b.text, b.position
                        )));
                    }
                };
                let taken = |k: &str| holders.iter().any(|(h, _)| h == k);
                let new_key = match alt.filter(|a| !taken(a)) {
                    Some(alt) => alt,
                    None => {
                        let n = (2..).find(|n| !taken(&format!("{key}_{n}"))).unwrap_or(2);
                        format!("{key}_{n}")
                    }
                };
                if mover == held_by {
                    holders[holder].0 = new_key.clone();
                    holders.push((key, i));
                } else {
                    holders.push((new_key.clone(), i));
                }
                if let Item::Directive(m) = &mut self.items[mover] {
                    m.key = new_key;
                }
            }
        }
        Ok(())
    }

    /// For a field that writes one key: `Some(its alternative key)`; `None` for `%r`.
    fn single(&self, i: usize) -> Option<Option<String>> {
        match &self.items[i] {
            Item::Directive(d) if d.kind != Kind::Request => Some(d.alt_key.clone()),
            _ => None,
        }
    }

    /// The time parts make one timestamp, and a fraction is not a time alone.
    fn check(&self) -> Result<(), FormatError> {
        if self.directives().next().is_none() {
            return Err(FormatError(
                "it is not a nickname firelog knows and has no % directive or $ variable".into(),
            ));
        }
        // In Apache's and the dialects' formats a whole time beside others made them text
        // (`times_beside_a_whole_time_as_text`); W3C's `timestamp` beside `date` is refused.
        let times: Vec<&Directive> = self.directives().filter(|d| matches!(d.kind, Kind::Time(_))).collect();
        if times.len() > 1 {
            let combinable =
                |d: &&Directive| matches!(d.kind, Kind::Time(TimePart::Strftime(_) | TimePart::Fraction(_)));
            if let Some(d) = times.iter().find(|d| !combinable(d)) {
                return Err(FormatError(format!(
                    "{} at position {} cannot share the timestamp with other time directives \
                     (only %{{strftime}}t, %{{msec_frac}}t and %{{usec_frac}}t combine)",
                    d.text, d.position
                )));
            }
        }
        if let [d] = times[..]
            && let Kind::Time(TimePart::Fraction(_)) = d.kind
        {
            return Err(FormatError(format!(
                "{} at position {} is only the fraction of a second: add a %{{strftime}}t for the rest",
                d.text, d.position
            )));
        }
        // Two numbers with nothing between them (`%b%D`, in Tomcat's own test) cannot be
        // told apart: a line would be split by a guess, so the format is refused. A status
        // before a number (`%>s%b`) is its three digits, or `-`: there it is read so (a
        // lone `0` is not), where the server never writes it empty (nginx's json and none
        // modes do) and it is not HAProxy's (which may be `-1`).
        let three_digits = |kind: &Kind| {
            *kind == Kind::Status && !matches!(self.escape, Escape::Haproxy | Escape::Json | Escape::None)
        };
        for pair in self.items.windows(2) {
            if let [Item::Directive(a), Item::Directive(b)] = pair
                && is_number(&a.kind)
                && !three_digits(&a.kind)
                && is_number(&b.kind)
            {
                return Err(FormatError(format!(
                    "{} at position {} and {} after it have nothing between them: two numbers cannot be told apart",
                    a.text, a.position, b.text
                )));
            }
        }
        Ok(())
    }
}

/// The byte a `\` and `c` stand for in a `LogFormat`. mod_log_config: "The C-style control
/// characters "\n" and "\t" can be used to represent new-lines and tabs. Literal quotes and
/// backslashes should be escaped with backslashes." (A new-line would end the line: none
/// reads it, and `\n` stays as written.)
fn escaped(c: char) -> Option<u8> {
    match c {
        '"' => Some(b'"'),
        '\\' => Some(b'\\'),
        't' => Some(b'\t'),
        _ => None,
    }
}

/// Whether a field is written as digits alone (a number, a status, seconds since the epoch).
fn is_number(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Status
            | Kind::Integer { .. }
            | Kind::Decimal
            | Kind::Timing
            | Kind::Padded
            | Kind::Time(TimePart::Epoch(_))
            | Kind::TimeText(TimePart::Epoch(_))
    )
}

/// A format may log a whole time (`%t`, `%{sec}t`) and another time beside it (varnishncsa's
/// own test logs `%t` and `%{%Y}t`): the first whole time is the timestamp, and every other
/// time directive is written as logged, a string under `time_` and its argument (`time_y`,
/// `time_sec`), as nginx's, HAProxy's and Envoy's later times are. Times without a whole
/// one (`%{%d/%b/%Y %T}t.%{msec_frac}t`) make one timestamp, as before; a fraction of a
/// second (`%{msec_frac}t`) is never made text, so one beside a whole time is refused as
/// before rather than its digits dropped from the timestamp.
fn times_beside_a_whole_time_as_text(items: &mut [Item]) {
    let whole = |d: &Directive| matches!(&d.kind, Kind::Time(part) if !matches!(part, TimePart::Strftime(_) | TimePart::Fraction(_)));
    let Some(first) = items.iter().position(|i| matches!(i, Item::Directive(d) if whole(d))) else {
        return;
    };
    for (i, item) in items.iter_mut().enumerate() {
        let Item::Directive(d) = item else { continue };
        let Kind::Time(part) = &d.kind else { continue };
        if i == first || matches!(part, TimePart::Fraction(_)) {
            continue;
        }
        let argument = d.text.split_once('{').and_then(|(_, rest)| rest.rsplit_once('}')).map(|(a, _)| a);
        let words: Vec<String> = argument
            .unwrap_or("")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        d.key = if words.is_empty() { "time".into() } else { format!("time_{}", words.join("_")) };
        d.alt_key = None;
        d.kind = Kind::TimeText(part.clone());
    }
}

/// A directive's key, alternative key and kind, or `None` when firelog does not read it:
/// the [`DIRECTIVES`] row it reads by, its `NAME` filled with the argument.
fn meaning(letter: char, condition: char, argument: Option<&str>) -> Option<(String, Option<String>, Kind)> {
    let argument = match (letter, argument) {
        // `begin:` and `end:` say when Apache took the time, not how it wrote it; `%{}t` is `%t`.
        ('t', Some(arg)) => {
            Some(arg.strip_prefix("begin:").or_else(|| arg.strip_prefix("end:")).unwrap_or(arg))
                .filter(|a| !a.is_empty())
        }
        _ => argument,
    };
    let row = row(letter, condition, argument)?;
    let named = |key: &str| match key.strip_suffix("NAME") {
        Some(prefix) => header_key(prefix, argument.unwrap_or("")),
        None => Some(key.to_string()),
    };
    Some((named(row.key)?, row.alt_key.and_then(named), row.kind.kind(argument)?))
}

/// The row a directive reads by: of the rows of its letter that fit its argument and
/// condition, the one that names its argument before one with a placeholder (`%{sec}t`
/// before `%{format}t`), and the one with its condition before one without (`%>s` before
/// `%s`; a condition no row names is ignored, as `%>h` is `%h`).
fn row(letter: char, condition: char, argument: Option<&str>) -> Option<&'static DirectiveRow> {
    let fitting = DIRECTIVES.iter().filter_map(|row| {
        let (row_condition, row_argument, row_letter) = parts(row.form);
        let placeholder = row_argument.is_some_and(|a| PLACEHOLDERS.contains(&a));
        let fits = row_letter == letter
            && row_condition.is_none_or(|c| c == condition)
            && match (row_argument, argument) {
                (None, None) => true,
                (Some(want), Some(got)) => placeholder || want == got,
                _ => false,
            };
        fits.then_some(((placeholder, row_condition.is_none()), row))
    });
    fitting.min_by_key(|(rank, _)| *rank).map(|(_, row)| row)
}

/// A form's condition (`<` or `>`), argument and letter: `%>s` is `(Some('>'), None, 's')`.
fn parts(form: &'static str) -> (Option<char>, Option<&'static str>, char) {
    let rest = form.strip_prefix('%').unwrap_or(form);
    let (condition, rest) = match rest.strip_prefix(['<', '>']) {
        Some(after) => (rest.chars().next(), after),
        None => (None, rest),
    };
    let (argument, rest) = match rest.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some((argument, after)) => (Some(argument), after),
        None => (None, rest),
    };
    (condition, argument, rest.chars().next().unwrap_or('%'))
}
/// A format's characters, numbered.
type Chars<'a> = std::iter::Peekable<std::iter::Enumerate<std::str::CharIndices<'a>>>;

/// The rest of a `%` directive at `position`: its condition (`<`, `>`, or ` ` for none;
/// `!` and status codes are read and ignored), its `{argument}` and its letter.
fn read_directive(
    chars: &mut Chars<'_>,
    position: usize,
) -> Result<(char, Option<String>, char), FormatError> {
    let mut condition = ' ';
    let mut argument = None;
    loop {
        let Some((_, (_, c))) = chars.next() else {
            return Err(FormatError(format!("the % at position {position} ends the format")));
        };
        match c {
            '!' | ',' | '0'..='9' => {}
            '<' | '>' => condition = c,
            '{' => {
                let mut arg = String::new();
                loop {
                    match chars.next() {
                        Some((_, (_, '}'))) => break,
                        Some((_, (_, c))) => arg.push(c),
                        None => {
                            return Err(FormatError(format!(
                                "the {{ of the directive at position {position} is not closed"
                            )));
                        }
                    }
                }
                argument = Some(arg);
            }
            c => return Ok((condition, argument, c)),
        }
    }
}

/// A line copied whole from `apache2.conf` (`LogFormat "%h ... \"%r\" ..." name`, with
/// or without the `LogFormat` keyword and the name) gives the format between its quotes, and
/// so does the quoted string alone when its quotes inside are escaped (`"%h \"%r\" %>s"`, as
/// mod_log_config's documentation writes its formats). A format that only starts with a
/// quoted field (`"%r" %>s`), or is one (`"%{User-agent}i"`), is left as it is.
/// Returns the format and how many characters come before it.
fn unwrap_config_line(text: &str) -> (&str, usize) {
    let keyword = text.strip_prefix("LogFormat ").map(str::trim_start);
    let Some(inner) = keyword.unwrap_or(text).strip_prefix('"') else { return (text, 0) };
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let name = inner[i + 1..].trim();
                let is_name =
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let escaped = inner[..i].contains("\\\"");
                let whole_line = is_name || (name.is_empty() && (keyword.is_some() || escaped));
                return if whole_line {
                    (&inner[..i], text[..text.len() - inner.len()].chars().count())
                } else {
                    (text, 0)
                };
            }
            _ => i += 1,
        }
    }
    (text, 0)
}

/// `%{Name}i` logs a request header, `%{Name}o` a response header.
fn header(letter: char, argument: Option<&str>) -> Option<Header> {
    match (letter, argument?) {
        ('i', name) => Some(Header::request(name)),
        ('o', name) => Some(Header::response(name)),
        _ => None,
    }
}
