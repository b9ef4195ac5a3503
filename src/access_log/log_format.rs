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

use super::nginx;
use super::plan::header_key;
pub use super::plan::{Directive, Escape, FormatError, Header, Item, Kind, Plan, TimePart};

/// The formats firelog knows by name: Apache's default configuration's, nginx's stock
/// ones and ingress-nginx's default.
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

/// What docs/formats.md's directive table lists, for the error that names an unknown one.
pub const SUPPORTED: &str = "%a %{c}a %A %b %B %D %f %h %H %I %k %l %L %m %O %p %{local|remote}p %P %q %r %R \
     %s %>s %<s %S %t %{strftime|sec|msec|usec|msec_frac|usec_frac}t %T %{s|ms|us}T %u %U %v %V %X \
     %{Name}i %{Name}o %{Name}e %{Name}n %{Name}C %{VAR}x %%";

impl Plan {
    /// Reads a nickname ([`NICKNAMES`]), an nginx `log_format` (a string of `$`
    /// variables, or the whole directive) or an Apache `LogFormat` string.
    pub fn parse(text: &str) -> Result<Plan, FormatError> {
        let text = NICKNAMES.iter().find(|(name, _)| *name == text.trim()).map_or(text, |(_, format)| format);
        if nginx::looks_like_nginx(text) {
            return nginx::parse(text);
        }
        let (text, offset) = unwrap_config_line(text);
        let mut items = Vec::new();
        let mut literal = Vec::new();
        let mut chars = text.char_indices().enumerate().peekable();
        while let Some((n, (_, c))) = chars.next() {
            match c {
                '\\' => match chars.peek().map(|(_, (_, c))| *c) {
                    Some(e @ ('"' | '\\')) => {
                        chars.next();
                        literal.push(e as u8);
                    }
                    _ => literal.push(b'\\'),
                },
                '%' => {
                    let mut raw = String::new();
                    let mut condition = ' ';
                    let mut argument = None;
                    let letter = loop {
                        let Some((_, (_, c))) = chars.next() else {
                            return Err(FormatError(format!(
                                "the % at position {} ends the format",
                                n + 1 + offset
                            )));
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
                                                "the {{ of the directive at position {} is not closed",
                                                n + 1 + offset
                                            )));
                                        }
                                    }
                                }
                                argument = Some(arg);
                            }
                            c => break c,
                        }
                    };
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
    pub(crate) fn checked(items: Vec<Item>, escape: Escape) -> Result<Plan, FormatError> {
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
            for mut key in keys {
                // The writer's own keys (`extra`, the CloudWatch Logs keys, a kept line's)
                // are never a field's: the field takes its alternative, or `_2`, ...
                if writers(&key)
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

    /// The time parts make one timestamp.
    fn check(&self) -> Result<(), FormatError> {
        if self.directives().next().is_none() {
            return Err(FormatError(
                "it is not a nickname firelog knows and has no % directive or $ variable".into(),
            ));
        }
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
        Ok(())
    }
}

/// A directive's key, alternative key and kind, or `None` when firelog does not read it.
fn meaning(letter: char, condition: char, argument: Option<&str>) -> Option<(String, Option<String>, Kind)> {
    use Kind::*;
    let int = Integer { dash_is_zero: false };
    let (key, kind) = match (letter, argument) {
        ('a', None) => ("client_ip", Host),
        ('a', Some("c")) => ("peer_ip", Host),
        ('A', None) => ("server_ip", Host),
        ('b', None) => ("bytes", Integer { dash_is_zero: true }),
        ('B', None) => ("bytes", int),
        ('D', None) | ('T', Some("us")) => ("duration_us", int),
        ('T', Some("ms")) => ("duration_ms", int),
        ('T', None | Some("s")) => ("duration_s", int),
        ('f', None) => ("filename", Text),
        ('h', None) => ("host", Host),
        ('H', None) => ("protocol", Text),
        ('I', None) => ("bytes_received", int),
        ('k', None) => ("keepalive_requests", int),
        ('l', None) => ("ident", Name),
        ('L', None) => ("log_id", Text),
        ('m', None) => ("method", Text),
        ('O', None) => ("bytes_sent", int),
        ('p', None | Some("canonical")) => ("port", int),
        ('p', Some("local")) => ("local_port", int),
        ('p', Some("remote")) => ("remote_port", int),
        ('P', None | Some("pid")) => ("pid", int),
        ('P', Some("tid" | "hextid")) => ("tid", Text),
        ('q', None) => ("query", Query),
        ('r', None) => ("request", Request),
        ('R', None) => ("handler", Text),
        ('s', None) if condition == '<' => ("original_status", Status),
        ('s', None) => ("status", Status),
        ('S', None) => ("bytes_transferred", int),
        ('t', None) => ("timestamp", Time(TimePart::Clf)),
        ('t', Some(arg)) => {
            let arg = arg.strip_prefix("begin:").or_else(|| arg.strip_prefix("end:")).unwrap_or(arg);
            let part = match arg {
                "sec" => TimePart::Epoch(0),
                "msec" => TimePart::Epoch(3),
                "usec" => TimePart::Epoch(6),
                "msec_frac" => TimePart::Fraction(3),
                "usec_frac" => TimePart::Fraction(6),
                "" => TimePart::Clf,
                strftime => TimePart::Strftime(strftime.to_string()),
            };
            ("timestamp", Time(part))
        }
        ('u', None) => ("user", Name),
        ('U', None) => ("path", UrlPath),
        ('v', None) => ("vhost", Host),
        ('V', None) => ("server_name", Host),
        ('X', None) => ("connection_status", Text),
        ('i', Some(name)) => return header_key("", name).map(|k| (k, header_key("http_", name), Text)),
        ('o', Some(name)) => {
            return header_key("response_", name).map(|k| (k, header_key("sent_http_", name), Text));
        }
        ('e', Some(name)) => return header_key("env_", name).map(|k| (k, None, Text)),
        ('n', Some(name)) => return header_key("note_", name).map(|k| (k, None, Text)),
        ('C', Some(name)) => return header_key("cookie_", name).map(|k| (k, None, Text)),
        // mod_ssl's (and other modules') variables: `%{SSL_PROTOCOL}x` is `ssl_protocol`.
        ('x', Some(name)) => return header_key("", name).map(|k| (k, None, Text)),
        _ => return None,
    };
    // Where two directives would write the same key, these take another (module doc).
    let alt = match (letter, argument) {
        ('s', None) if condition == ' ' => Some("original_status"),
        ('b', None) => Some("bytes_clf"),
        ('B', None) => Some("response_bytes"),
        ('m', None) => Some("request_method"),
        ('U', None) => Some("url_path"),
        ('H', None) => Some("server_protocol"),
        ('q', None) => Some("query_string"),
        ('V', None) => Some("canonical_server_name"),
        ('a', None) => Some("remote_ip"),
        _ => None,
    };
    Some((key.to_string(), alt.map(String::from), kind))
}

/// A line copied whole from `apache2.conf` (`LogFormat "%h ... \"%r\" ..." name`, with
/// or without the `LogFormat` keyword and the name) gives the format between its quotes. A
/// format that only starts with a quoted field (`"%r" %>s`) is left as it is.
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
                let whole_line = is_name || (keyword.is_some() && name.is_empty());
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
