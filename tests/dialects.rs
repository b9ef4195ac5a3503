//! The Apache-like dialects (Traefik's CLF, Squid's `logformat`, Tomcat's `pattern`,
//! varnishncsa's `-F`), row by row: LOG_FORMAT, a line in, the exact JSON object (or the
//! line's exact error) out.
//!
//! Every expected value is what the server's documentation says the line holds:
//! - Traefik's CLF is combined's fields, then the request count, the router name and the
//!   server URL in quotes, and the duration in milliseconds followed by `ms`; `-` (or
//!   `"-"`) is a value Traefik has not: null, a size too.
//! - Squid's native format: `%ts.%03tu` is seconds since the epoch with milliseconds,
//!   `%6tr` the elapsed milliseconds right-aligned in six columns, `%Ss/%03>Hs` the
//!   result code and the status sent, `%Sh/%<a` the hierarchy code and the next hop's
//!   address (`-` when there was none). `000` is the status Squid logs when it sent none.

mod support;

use firelog::access_log::{Captures, Format};

use support::rows::Row;
use support::rows::Want::{Error, Json};

/// Squid's `squid` format as squid.conf's documentation writes its line.
const SQUID_LINE: &str = "logformat squid      %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt";

/// An AccessLogValve as server.xml writes it, `&quot;` and all.
const TOMCAT_VALVE: &str = r#"<Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs" prefix="localhost_access_log" suffix=".txt" pattern="%h %l %u %t &quot;%r&quot; %s %b %D %F %I %X %S &quot;%{User-Agent}i&quot;" />"#;

/// (name, LOG_FORMAT, line, what it gives).
const ROWS: &[Row] = &[
    (
        "tomcat: %X's X (aborted) as logged, an address logged as - null",
        r#"pattern="%h %a %t &quot;%r&quot; %s %X""#,
        br#"- 192.0.2.4 [07/Dec/2026:05:00:00 +0000] "GET / HTTP/1.1" 200 X"#,
        Json(r#"{"host":null,"client_ip":"192.0.2.4","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"connection_status":"X"}"#),
    ),
    (
        "traefik: the docs' fields",
        "traefik",
        br#"192.0.2.10 - - [13/Apr/2016:07:14:19 -0700] "POST /api/v1/items?page=2 HTTP/1.1" 201 12 "https://example.com/" "curl/8.5.0" 1 "api-router@docker" "http://10.0.0.5:8080" 3ms"#,
        Json(r#"{"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2016-04-13T14:14:19Z","method":"POST","path":"/api/v1/items?page=2","protocol":"HTTP/1.1","request":"POST /api/v1/items?page=2 HTTP/1.1","status":201,"bytes":12,"referer":"https://example.com/","user_agent":"curl/8.5.0","request_count":1,"router_name":"api-router@docker","service_url":"http://10.0.0.5:8080","duration_ms":3}"#),
    ),
    (
        // Traefik's time is `[-]` or a CLF time: any other text between its brackets (none
        // too) fails at the time, read alike by the scan and the regex (the fuzzer found
        // them apart).
        "traefik: a time that is neither - nor CLF fails",
        "traefik",
        br#"2001:db8::17 - - [13?spr/2016:07:14:19 +0000] "GET / HTTP/2.0" - - "-" "-" 7 "-" "-" 0ms"#,
        Error(r#"invalid time (LOG_FORMAT position 10) at column 18: found "[13?spr/2016:07:...""#),
    ),
    (
        "traefik: an empty time fails",
        "traefik",
        br#"2001:db8::17 - - [] "GET / HTTP/2.0" - - "-" "-" 7 "-" "-" 0ms"#,
        Error(r#"invalid time (LOG_FORMAT position 10) at column 18: found "[] \"GET / HTTP/2...""#),
    ),
    (
        "traefik: nothing known but the request",
        "traefik",
        br#"2001:db8::17 - - [13/Apr/2016:07:14:19 +0000] "GET / HTTP/2.0" - - "-" "-" 7 "-" "-" 0ms"#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":null,"timestamp":"2016-04-13T07:14:19Z","method":"GET","path":"/","protocol":"HTTP/2.0","request":"GET / HTTP/2.0","status":null,"bytes":null,"referer":null,"user_agent":null,"request_count":7,"router_name":null,"service_url":null,"duration_ms":0}"#),
    ),
    (
        // Traefik's own logger_test.go drops fields by name (`fields.names`): with the
        // request's method, path and protocol dropped its CLF writes `"- - -"`: no method,
        // path or protocol.
        "traefik: the request's fields dropped, - - -",
        "traefik",
        br#"2001:db8::17 - alice [13/Apr/2016:07:14:19 -0700] "- - -" 200 512 "https://example.com/" "curl/8.5.0" 7 "web@docker" "http://10.0.0.5:8080" 3ms"#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2016-04-13T14:14:19Z","method":null,"path":null,"protocol":null,"request":"- - -","status":200,"bytes":512,"referer":"https://example.com/","user_agent":"curl/8.5.0","request_count":7,"router_name":"web@docker","service_url":"http://10.0.0.5:8080","duration_ms":3}"#),
    ),
    (
        // Traefik's logger_test.go, "Default mode drop" (`fields.defaultMode: drop`): every
        // field but the headers and the duration dropped, the time as `[-]`: no time.
        "traefik: every field dropped, the time [-] too",
        "traefik",
        br#"- - - [-] "- - -" - - "https://example.com/" "curl/8.5.0" - "-" "-" 0ms"#,
        Json(r#"{"host":null,"ident":null,"user":null,"timestamp":null,"method":null,"path":null,"protocol":null,"request":"- - -","status":null,"bytes":null,"referer":"https://example.com/","user_agent":"curl/8.5.0","request_count":null,"router_name":null,"service_url":null,"duration_ms":0}"#),
    ),
    (
        // `fields.names` with `StartUTC: drop` and `StartLocal: drop`: the time alone is
        // dropped.
        "traefik: only the time dropped, an IPv6 client",
        "traefik",
        br#"2001:db8::17 - alice [-] "GET /api/v1/items?page=2 HTTP/2.0" 200 512 "-" "curl/8.5.0" 7 "api-router@docker" "http://[2001:db8::5]:8080" 3ms"#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":"alice","timestamp":null,"method":"GET","path":"/api/v1/items?page=2","protocol":"HTTP/2.0","request":"GET /api/v1/items?page=2 HTTP/2.0","status":200,"bytes":512,"referer":null,"user_agent":"curl/8.5.0","request_count":7,"router_name":"api-router@docker","service_url":"http://[2001:db8::5]:8080","duration_ms":3}"#),
    ),
    (
        // Only Traefik's plan reads `[-]`: any other text in the brackets is no time.
        "traefik: a time that is neither a time nor [-] fails",
        "traefik",
        br#"192.0.2.10 - - [--] "GET / HTTP/1.1" 200 12 "-" "-" 1 "-" "-" 3ms"#,
        Error("invalid time (LOG_FORMAT position 10) at column 16: found \"[--] \\\"GET / HTTP...\""),
    ),
    (
        "combined: [-] is no CLF time (only Traefik writes it)",
        "combined",
        br#"192.0.2.10 - - [-] "GET / HTTP/1.1" 200 12 "-" "curl/8.5.0""#,
        Error("invalid timestamp (%t) at column 15: found \" [-] \\\"GET / HTTP...\""),
    ),
    (
        "traefik: 1.x's bare - for a referer, router or URL it had not",
        "traefik",
        br#"198.51.100.4 - - [28/Feb/2018:17:30:33 +0000] "GET /en/ HTTP/2.0" 200 2814 - "Mozilla/5.0 (X11; Linux x86_64)" 13 - - 247ms"#,
        Json(r#"{"host":"198.51.100.4","ident":null,"user":null,"timestamp":"2018-02-28T17:30:33Z","method":"GET","path":"/en/","protocol":"HTTP/2.0","request":"GET /en/ HTTP/2.0","status":200,"bytes":2814,"referer":null,"user_agent":"Mozilla/5.0 (X11; Linux x86_64)","request_count":13,"router_name":null,"service_url":null,"duration_ms":247}"#),
    ),
    (
        "traefik: a bare value other than - is no Traefik's",
        "traefik",
        br#"198.51.100.4 - - [28/Feb/2018:17:30:33 +0000] "GET /en/ HTTP/2.0" 200 2814 https://example.com/ "curl/8.5.0" 13 - - 247ms"#,
        Error("invalid quoted text or - (LOG_FORMAT position 26) at column 76: found \"https://example....\""),
    ),
    (
        "traefik_generic is combined",
        "traefik_generic",
        br#"192.0.2.10 - - [13/Apr/2016:07:14:19 -0700] "GET / HTTP/1.1" 200 12 "-" "curl/8.5.0""#,
        Json(r#"{"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2016-04-13T14:14:19Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":12,"referer":null,"user_agent":"curl/8.5.0"}"#),
    ),
    (
        "squid: a miss",
        "squid",
        b"1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - HIER_DIRECT/216.58.214.4 text/html",
        Json(r#"{"timestamp":"2010-10-08T11:11:48.779Z","duration_ms":180,"host":"192.168.0.224","result_code":"TCP_MISS","status":200,"bytes":411,"method":"GET","path":"http://www.google.com/","user":null,"hierarchy_code":"HIER_DIRECT","upstream_ip":"216.58.214.4","content_type":"text/html","request_headers":null,"reply_headers":null}"#),
    ),
    (
        "squid: a tunnel longer than the width",
        SQUID_LINE,
        b"1772446529.880 1843210 192.168.10.23 TCP_TUNNEL/200 48213 CONNECT www.example.com:443 - HIER_DIRECT/203.0.113.10 -",
        Json(r#"{"timestamp":"2026-03-02T10:15:29.880Z","duration_ms":1843210,"host":"192.168.10.23","result_code":"TCP_TUNNEL","status":200,"bytes":48213,"method":"CONNECT","path":"www.example.com:443","user":null,"hierarchy_code":"HIER_DIRECT","upstream_ip":"203.0.113.10","content_type":null}"#),
    ),
    (
        "squid: denied, an IPv6 client, a user, no next hop",
        "squid",
        b"1700000000.005      0 2001:db8::17 TCP_DENIED/403 3944 GET http://blocked.example/a?b=1 alice HIER_NONE/- text/html",
        Json(r#"{"timestamp":"2023-11-14T22:13:20.005Z","duration_ms":0,"host":"2001:db8::17","result_code":"TCP_DENIED","status":403,"bytes":3944,"method":"GET","path":"http://blocked.example/a?b=1","user":"alice","hierarchy_code":"HIER_NONE","upstream_ip":null,"content_type":"text/html","request_headers":null,"reply_headers":null}"#),
    ),
    (
        "squid: no status sent",
        "squid",
        b"1700000000.123      5 10.0.0.1 NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- -",
        Json(r#"{"timestamp":"2023-11-14T22:13:20.123Z","duration_ms":5,"host":"10.0.0.1","result_code":"NONE_NONE","status":0,"bytes":0,"method":null,"path":"error:transaction-end-before-headers","user":null,"hierarchy_code":"HIER_NONE","upstream_ip":null,"content_type":null,"request_headers":null,"reply_headers":null}"#),
    ),
    (
        "squid_common",
        "squid_common",
        br#"192.168.0.224 - alice [06/Oct/2010:13:51:48 +0200] "GET http://www.google.com/ HTTP/1.1" 200 411 TCP_MISS:HIER_DIRECT"#,
        Json(r#"{"host":"192.168.0.224","ident":null,"user":"alice","timestamp":"2010-10-06T11:51:48Z","method":"GET","path":"http://www.google.com/","protocol":"HTTP/1.1","status":200,"bytes":411,"result_code":"TCP_MISS","hierarchy_code":"HIER_DIRECT","request_headers":null,"reply_headers":null}"#),
    ),
    (
        "squid_combined",
        "squid_combined",
        br#"2001:db8::17 - - [06/Oct/2010:13:51:48 +0200] "CONNECT www.example.com:443 HTTP/1.1" 200 4821 "-" "Mozilla/5.0 (X11; Linux x86_64)" TCP_TUNNEL:HIER_DIRECT"#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":null,"timestamp":"2010-10-06T11:51:48Z","method":"CONNECT","path":"www.example.com:443","protocol":"HTTP/1.1","status":200,"bytes":4821,"referer":null,"user_agent":"Mozilla/5.0 (X11; Linux x86_64)","result_code":"TCP_TUNNEL","hierarchy_code":"HIER_DIRECT","request_headers":null,"reply_headers":null}"#),
    ),
    (
        "tomcat: its default pattern, common",
        "tomcat",
        br#"192.0.2.10 - - [06/Dec/2026:10:15:29 +0100] "GET /manager/html HTTP/1.1" 401 2473"#,
        Json(r#"{"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2026-12-06T09:15:29Z","method":"GET","path":"/manager/html","protocol":"HTTP/1.1","request":"GET /manager/html HTTP/1.1","status":401,"bytes":2473,"referer":null,"user_agent":null}"#),
    ),
    (
        "tomcat: the pattern as server.xml writes it",
        TOMCAT_VALVE,
        br#"2001:db8::17 - alice [06/Dec/2026:10:15:29 +0000] "POST /app/login?next=%2F HTTP/1.1" 302 - 1532 5 http-nio-8080-exec-3 + 9A4C3B2D1E0F "Mozilla/5.0""#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":"alice","timestamp":"2026-12-06T10:15:29Z","method":"POST","path":"/app/login?next=%2F","protocol":"HTTP/1.1","request":"POST /app/login?next=%2F HTTP/1.1","status":302,"bytes":0,"duration_us":1532,"commit_ms":5,"thread_name":"http-nio-8080-exec-3","connection_status":"+","session_id":"9A4C3B2D1E0F","user_agent":"Mozilla/5.0"}"#),
    ),
    (
        "tomcat: a SimpleDateFormat with milliseconds, begin:",
        r#"pattern="%{begin:yyyy-MM-dd'T'HH:mm:ss.SSSZ}t %a %m %U%q %s %{ms}T %X""#,
        b"2026-12-06T10:15:29.123+0100 10.0.0.7 GET /health 200 12 -",
        Json(r#"{"timestamp":"2026-12-06T09:15:29.123Z","client_ip":"10.0.0.7","method":"GET","path":"/health","query":null,"status":200,"duration_ms":12,"connection_status":"-"}"#),
    ),
    (
        // Tomcat's `%q` writes `-` when the request has no query string (AccessLogValve's
        // `appendQueryString`, `writeDashOnNull`); `?` alone is an empty one.
        "tomcat: %q of a request without a query string is -",
        r#"pattern="%a %m %U %q %s""#,
        b"2001:db8::9 GET /health - 200",
        Json(r#"{"client_ip":"2001:db8::9","method":"GET","path":"/health","query":null,"status":200}"#),
    ),
    (
        "tomcat: %q with a query string, and the Host header without %h",
        r#"pattern="%a %{Host}i %m %U %q %s""#,
        b"192.0.2.44 shop.example.net GET /search ?q=tea&page=2 200",
        Json(r#"{"client_ip":"192.0.2.44","http_host":"shop.example.net","method":"GET","path":"/search","query":"q=tea&page=2","status":200}"#),
    ),
    (
        "tomcat: pattern=\"combined\"",
        r#"pattern="combined""#,
        br#"192.0.2.10 - - [06/Dec/2026:10:15:29 +0100] "GET / HTTP/1.1" 200 - "-" "curl/8.5.0""#,
        Json(r#"{"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2026-12-06T09:15:29Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":0,"referer":null,"user_agent":"curl/8.5.0"}"#),
    ),
    (
        "varnishncsa: its default format",
        "varnishncsa",
        br#"192.0.2.10 - - [06/Dec/2026:10:15:29 +0000] "GET http://www.example.com/index.html?a=1 HTTP/1.1" 200 5120 "-" "curl/8.5.0""#,
        Json(r#"{"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2026-12-06T10:15:29Z","method":"GET","path":"http://www.example.com/index.html?a=1","protocol":"HTTP/1.1","request":"GET http://www.example.com/index.html?a=1 HTTP/1.1","status":200,"bytes":5120,"referer":null,"user_agent":"curl/8.5.0"}"#),
    ),
    (
        "varnishncsa: -F with Varnish's variables",
        r#"varnishncsa -a -w /var/log/varnish/access.log -F '%h %l %u %t "%r" %s %b %D %{Varnish:time_firstbyte}x %{Varnish:hitmiss}x %{Varnish:handling}x %{Varnish:side}x %{Varnish:vxid}x "%{VCL_Log:backend}x"'"#,
        br#"2001:db8::17 - - [06/Dec/2026:10:15:29 +0000] "GET http://www.example.com/ HTTP/1.1" 200 - 1532 0.001245 miss miss c 32771 "default""#,
        Json(r#"{"host":"2001:db8::17","ident":null,"user":null,"timestamp":"2026-12-06T10:15:29Z","method":"GET","path":"http://www.example.com/","protocol":"HTTP/1.1","request":"GET http://www.example.com/ HTTP/1.1","status":200,"bytes":0,"duration_us":1532,"varnish_time_firstbyte":0.001245,"varnish_hitmiss":"miss","varnish_handling":"miss","varnish_side":"c","varnish_vxid":32771,"vcl_log_backend":"default"}"#),
    ),
    (
        "varnishncsa: a pass with a missing VCL log",
        r#"-F "%h %{Varnish:handling}x %{Varnish:time_firstbyte}x %{VCL_Log:backend}x""#,
        b"10.0.0.7 pass - -",
        Json(r#"{"host":"10.0.0.7","varnish_handling":"pass","varnish_time_firstbyte":null,"vcl_log_backend":null}"#),
    ),
    (
        // varnishncsa(1): `%{VSL:tag:record-prefix[field]}x`; u00003.vtc logs
        // `%{VSL:Begin[2]}x` and `%{VSL:Timestamp:Resp}x`. Without `[field]` the value is
        // the whole record after the prefix, spaces and all: last, it runs to the end.
        "varnishncsa: a VSL record's field, and a whole record last",
        "%h %{VSL:Begin[2]}x %{VSL:Timestamp:Resp[2]}x %{VSL:Timestamp:Resp}x",
        b"2001:db8::17 1000 0.000543 1796619600.123456 0.000543 0.000012",
        Json(r#"{"host":"2001:db8::17","vsl_begin_2_":"1000","vsl_timestamp_resp_2_":"0.000543","vsl_timestamp_resp":"1796619600.123456 0.000543 0.000012"}"#),
    ),
    (
        // "Defaults to '-' when the tag is not seen, the record prefix does not match or
        // the field is out of bounds."
        "varnishncsa: a VSL tag not seen is -",
        "%h %{VSL:ReqURL[2]}x %{VSL:Timestamp:foo}x",
        b"192.0.2.10 - -",
        Json(r#"{"host":"192.0.2.10","vsl_requrl_2_":null,"vsl_timestamp_foo":null}"#),
    ),
    (
        // Inside quotes a record reads as any quoted value: varnishncsa writes a `"` in
        // it as `\"`.
        "varnishncsa: a whole record in quotes, a quote in it",
        r#"varnishncsa -F '%h "%{VSL:ReqHeader:User-Agent}x" %s'"#,
        br#"10.0.0.7 "Mozilla/5.0 (X11; Linux x86_64) \"beta\"" 200"#,
        Json(r#"{"host":"10.0.0.7","vsl_reqheader_user_agent":"Mozilla/5.0 (X11; Linux x86_64) \"beta\"","status":200}"#),
    ),
    (
        // varnishncsa writes `\t` of a format as a tab, and a tab in a value as `\t`: a
        // tab ends a record.
        "varnishncsa: a whole record before a tab",
        r"varnishncsa -F '%{VSL:Timestamp:Resp}x\t%s\t%{Varnish:handling}x'",
        b"1796619600.123456 0.000543 0.000012\t200\thit",
        Json(r#"{"vsl_timestamp_resp":"1796619600.123456 0.000543 0.000012","status":200,"varnish_handling":"hit"}"#),
    ),
    (
        "tomcat: seconds since the epoch",
        r#"pattern="%{sec}t %a &quot;%r&quot; %s""#,
        br#"1700000000 10.0.0.1 "GET /a HTTP/1.1" 200"#,
        Json(r#"{"timestamp":"2023-11-14T22:13:20Z","client_ip":"10.0.0.1","method":"GET","path":"/a","protocol":"HTTP/1.1","request":"GET /a HTTP/1.1","status":200}"#),
    ),
    (
        "tomcat: milliseconds since the epoch, the end of the request",
        r#"pattern="%{end:msec}t %a %s %{ns}T %{fractional}T""#,
        b"1700000000123 10.0.0.1 200 1532000 0.001532",
        Json(r#"{"timestamp":"2023-11-14T22:13:20.123Z","client_ip":"10.0.0.1","status":200,"duration_ns":1532000,"duration_s":0.001532}"#),
    ),
    (
        // An address before `:port` runs to its last `:`: an IPv6 address's are its own.
        "squid: an IPv6 client and its port",
        "logformat p %>a:%>p %>Hs",
        b"2001:db8::5:51234 200",
        Json(r#"{"host":"2001:db8::5","remote_port":51234,"status":200}"#),
    ),
    (
        "squid: a GMT time in a strftime format of its own",
        "logformat t %{%Y-%m-%dT%H:%M:%S}tg %>a %Ss/%03>Hs %>st %st",
        b"2026-12-06T10:15:29 10.0.0.1 TCP_HIT/200 312 5120",
        Json(r#"{"timestamp":"2026-12-06T10:15:29Z","host":"10.0.0.1","result_code":"TCP_HIT","status":200,"bytes_received":312,"total_bytes":5120}"#),
    ),
    (
        // squid.conf's SSL-related codes, as a logformat with SslBump's peek and splice
        // logs them: the mode, the client's SNI, its TLS version and cipher.
        "squid: SslBump's decision and the client's TLS",
        "logformat tls %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %ssl::bump_mode %ssl::>sni %ssl::>negotiated_version %ssl::>negotiated_cipher",
        b"1700000000.250    812 2001:db8::17 TCP_TUNNEL/200 6120 CONNECT api.example.com:443 splice api.example.com TLS/1.3 TLS_AES_256_GCM_SHA384",
        Json(r#"{"timestamp":"2023-11-14T22:13:20.250Z","duration_ms":812,"host":"2001:db8::17","result_code":"TCP_TUNNEL","status":200,"bytes":6120,"method":"CONNECT","path":"api.example.com:443","ssl_bump_mode":"splice","ssl_sni":"api.example.com","ssl_client_negotiated_version":"TLS/1.3","ssl_client_negotiated_cipher":"TLS_AES_256_GCM_SHA384"}"#),
    ),
    (
        "squid: a request without TLS logs a dash for each",
        "logformat tls %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %ssl::bump_mode %ssl::>sni %ssl::>negotiated_version %ssl::>negotiated_cipher",
        b"1700000001.400      3 10.0.0.1 TCP_MISS/200 512 GET http://www.example.com/ - - - -",
        Json(r#"{"timestamp":"2023-11-14T22:13:21.400Z","duration_ms":3,"host":"10.0.0.1","result_code":"TCP_MISS","status":200,"bytes":512,"method":"GET","path":"http://www.example.com/","ssl_bump_mode":null,"ssl_sni":null,"ssl_client_negotiated_version":null,"ssl_client_negotiated_cipher":null}"#),
    ),
    (
        // A local time in a strftime format with its milliseconds after it, as squid.conf
        // writes one (`%{...}tl.%03tu`); LOG_TIME_ZONE is unset, so local is UTC.
        "squid: a strftime time and its milliseconds",
        "logformat local [%{%Y-%m-%d:%H:%M:%S}tl.%03tu] %6tr %dt %>a:%>p %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<A %mt",
        b"[2026-12-06:10:15:29.043]     39 - 198.51.100.7:63453 TCP_MISS/304 250 GET https://cdn.example.com/app.css?v=3 - ROUNDROBIN_PARENT/peer_www2 -",
        Json(r#"{"timestamp":"2026-12-06T10:15:29.043Z","duration_ms":39,"dns_ms":null,"host":"198.51.100.7","remote_port":63453,"result_code":"TCP_MISS","status":304,"bytes":250,"method":"GET","path":"https://cdn.example.com/app.css?v=3","user":null,"hierarchy_code":"ROUNDROBIN_PARENT","upstream_host":"peer_www2","content_type":null}"#),
    ),
    (
        // Its `.000` is the fraction logged: kept.
        "squid: a strftime time on the second, and its milliseconds",
        "logformat local [%{%Y-%m-%d:%H:%M:%S}tl.%03tu] %>a %>Hs",
        b"[2026-12-06:10:15:29.000] 198.51.100.7 200",
        Json(r#"{"timestamp":"2026-12-06T10:15:29.000Z","host":"198.51.100.7","status":200}"#),
    ),
    (
        "squid: the padding is not a number",
        "squid",
        b"1286536308.779    1x0 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - HIER_DIRECT/216.58.214.4 text/html",
        Error(r#"expected the format's text after the field at LOG_FORMAT position 11 at column 20: found "x0 192.168.0.224...""#),
    ),
];

#[test]
fn every_row_gives_its_documented_object_or_error() {
    support::rows::check(ROWS);
}

#[test]
fn detect_names_each_dialect_by_its_lines() {
    use firelog::access_log::detect::detect;
    let cases: [(&str, &[&[u8]]); 4] = [
        (
            "traefik",
            &[
                br#"192.0.2.10 - - [13/Apr/2016:07:14:19 -0700] "GET / HTTP/1.1" 200 12 "-" "curl/8.5.0" 1 "api@docker" "http://10.0.0.5:8080" 3ms"#,
                br#"2001:db8::17 - - [13/Apr/2016:07:14:19 +0000] "GET / HTTP/2.0" - - "-" "-" 7 "-" "-" 0ms"#,
            ],
        ),
        (
            "squid",
            &[
                b"1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - HIER_DIRECT/216.58.214.4 text/html",
                b"1700000000.005      0 2001:db8::17 TCP_DENIED/403 3944 GET http://blocked.example/ alice HIER_NONE/- text/html",
            ],
        ),
        (
            "squid_common",
            &[
                br#"192.168.0.224 - alice [06/Oct/2010:13:51:48 +0200] "GET http://www.google.com/ HTTP/1.1" 200 411 TCP_MISS:HIER_DIRECT"#,
            ],
        ),
        (
            "squid_combined",
            &[
                br#"2001:db8::17 - - [06/Oct/2010:13:51:48 +0200] "CONNECT www.example.com:443 HTTP/1.1" 200 4821 "-" "curl/8.5.0" TCP_TUNNEL:HIER_DIRECT"#,
            ],
        ),
    ];
    for (want, lines) in cases {
        let lines: Vec<Option<&[u8]>> = lines.iter().map(|l| Some(*l)).collect();
        let detection = detect(&lines);
        let best = &detection.results[0];
        assert_eq!(best.candidate.name, want, "{:?}", detection.results.iter().take(3).collect::<Vec<_>>());
        assert_eq!((best.read, best.with_extra), (lines.len(), 0), "{want}");
    }
}

#[test]
fn a_bad_dialect_format_fails_at_start_up_naming_the_problem() {
    let cases = [
        (
            "logformat x %ts %-10>a",
            "%-10>a at position 17 pads its value with spaces, which a line cannot tell from the separators: \
             firelog reads a width only right-aligned on a number (%6tr) or with zeros (%03tu)",
        ),
        ("logformat x %ts %>ha", "%>ha at position 17 needs a {name}"),
        (
            r#"pattern="%h %{yyyy-MM-dd z}t""#,
            "%{yyyy-MM-dd z}t at position 13: z is not a SimpleDateFormat field firelog reads (it reads yyyy yy MM MMM MMMM dd HH hh mm ss SSS a EEE EEEE DDD Z)",
        ),
        (r#"pattern="%h %l"#, "the pattern's \" is not closed"),
        ("varnishncsa -F '%h %s", "the ' after -F is not closed"),
        // u00003.vtc's format: a whole record, then a space and another field.
        (
            "%{VSL:Begin}x %{VSL:Begin[2]}x",
            "%{VSL:Begin}x at position 1 logs the whole record, which may hold spaces, and the line \
             cannot tell where it ends before what follows it: add [n] to log its n-th field \
             (%{VSL:Begin[1]}x), or make it the last field, or follow it with a tab",
        ),
        (
            "varnishncsa -F '%h \"%{VSL:Timestamp:Resp}x %s\"'",
            "%{VSL:Timestamp:Resp}x at position 5 logs the whole record, which may hold spaces, and the \
             line cannot tell where it ends before what follows it: add [n] to log its n-th field \
             (%{VSL:Timestamp:Resp[1]}x), or make it the last field, or follow it with a tab",
        ),
    ];
    for (format, want) in cases {
        match Format::new(format) {
            Ok(_) => panic!("{format} compiled"),
            Err(e) => assert_eq!(e.to_string(), want, "{format}"),
        }
    }
    let unknown = Format::new("logformat x %ts %zz").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        unknown.starts_with("%zz at position 17 is not a Squid code firelog reads (it reads %% %>a"),
        "{unknown}"
    );
    let unknown = Format::new(r#"pattern="%h %Q""#).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        unknown.starts_with("%Q at position 13 is not a letter firelog reads (it reads %% %a"),
        "{unknown}"
    );
}

#[test]
fn the_dialects_nicknames_make_a_list() {
    let format = support::settings::from_pairs(&[("LOG_FORMAT", "squid,traefik,varnishncsa")])
        .unwrap_or_else(|e| panic!("{e}"))
        .format;
    let mut captures = Captures::default();
    for line in [
        &b"1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - HIER_DIRECT/216.58.214.4 text/html"[..],
        br#"192.0.2.10 - - [13/Apr/2016:07:14:19 -0700] "GET / HTTP/1.1" 200 12 "-" "curl/8.5.0" 1 "api@docker" "http://10.0.0.5:8080" 3ms"#,
    ] {
        assert!(format.parse(line, &mut captures).is_ok(), "{}", String::from_utf8_lossy(line));
    }
}

#[test]
fn squid_s_client_and_headers_feed_enrichment() {
    let settings = support::settings::from_pairs(&[
        (
            "LOG_FORMAT",
            r#"logformat xff %>a %[ui %[un [%tl] "%rm %ru HTTP/%rv" %>Hs %<st "%{Referer}>h" "%{User-Agent}>h" "%{X-Forwarded-For}>h" %Ss:%Sh"#,
        ),
        ("TRUSTED_PROXIES", "10.0.0.0/8"),
        ("PARSE_USER_AGENT", "on"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let mut transformer = settings.transformer();
    let line = br#"10.0.0.5 - - [06/Oct/2010:13:51:48 +0200] "GET http://www.example.com/ HTTP/1.1" 200 4821 "-" "curl/8.5.0" "203.0.113.9" TCP_MISS:HIER_DIRECT"#;
    let mut out = Vec::new();
    transformer.line(line, 1, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
    let object: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(object["client_ip"], "203.0.113.9", "{object}");
    assert_eq!(object["ua_browser"], "curl", "{object}");
}

#[test]
fn a_dialect_s_fields_take_its_server_s_names_under_ecs() {
    /// A format, a line of it, and some of its keys under ECS with their values.
    type Case<'a> = (&'a str, &'a [u8], &'a [(&'a str, serde_json::Value)]);
    let cases: [Case; 2] = [
        (
            "squid",
            b"1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - HIER_DIRECT/216.58.214.4 text/html",
            &[
                ("event.duration", serde_json::json!(180_000_000)),
                ("squid.access.result_code", serde_json::json!("TCP_MISS")),
                ("http.response.mime_type", serde_json::json!("text/html")),
            ],
        ),
        (
            "traefik",
            br#"192.0.2.10 - - [13/Apr/2016:07:14:19 -0700] "GET / HTTP/1.1" 200 12 "-" "curl/8.5.0" 1 "api@docker" "http://10.0.0.5:8080" 3ms"#,
            &[
                ("event.duration", serde_json::json!(3_000_000)),
                ("traefik.access.router_name", serde_json::json!("api@docker")),
            ],
        ),
    ];
    for (format, line, want) in cases {
        let settings = support::settings::from_pairs(&[("LOG_FORMAT", format), ("SCHEMA", "ecs")])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        settings.transformer().line(line, 1, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        let flat = support::schema::flatten(&out).unwrap_or_else(|e| panic!("{e}"));
        let object: serde_json::Value = serde_json::from_slice(&flat).expect("JSON");
        for (key, value) in want {
            assert_eq!(&object[*key], value, "{key} in {object}");
        }
    }
}

/// Squid's rules read what its lines log: `DROP_PATHS` matches `%ru`'s path and query
/// (of a whole URL, `http://host/health`; of a path, `/health`; CONNECT's `host:443` has
/// none), and `DROP_STATUS` and `PARTITION_KEYS=status_class` the status sent to the
/// client (`TCP_MISS/200`'s, `%>Hs`).
#[test]
fn squid_s_url_and_status_feed_the_rules() {
    let native = |result: &str, url: &str| {
        format!("1700000000.005      3 2001:db8::17 {result} 411 GET {url} - HIER_DIRECT/192.0.2.1 text/html")
    };
    let common = |url: &str, status: u16| {
        format!(
            r#"192.0.2.7 - - [06/Oct/2010:13:51:48 +0200] "GET {url} HTTP/1.1" {status} 411 TCP_MISS:HIER_DIRECT"#
        )
    };
    let combined = |url: &str, status: u16| {
        format!(
            r#"192.0.2.7 - - [06/Oct/2010:13:51:48 +0200] "GET {url} HTTP/1.1" {status} 411 "-" "curl/8.5.0" TCP_MISS:HIER_DIRECT"#
        )
    };
    // (LOG_FORMAT, line, dropped)
    let cases = [
        ("squid", native("TCP_MISS/200", "http://shop.example/health?probe=1"), true),
        ("squid", native("TCP_MISS/200", "https://shop.example:8443/health"), true),
        ("squid", native("TCP_HIT/200", "/health"), true),
        ("squid", native("TCP_MISS/200", "http://shop.example/cart"), false),
        ("squid", native("TCP_MISS/200", "http://health.example/"), false),
        ("squid", native("TCP_TUNNEL/200", "health.example:443"), false),
        ("squid", native("TCP_DENIED/403", "http://shop.example/cart"), true),
        ("squid", native("TCP_MISS/503", "http://shop.example/cart"), true),
        ("squid", native("NONE_NONE/000", "error:transaction-end-before-headers"), false),
        ("squid_common", common("http://shop.example/health", 200), true),
        ("squid_common", common("http://shop.example/cart", 200), false),
        ("squid_common", common("http://shop.example/cart", 403), true),
        ("squid_combined", combined("http://shop.example/favicon.ico", 200), true),
        ("squid_combined", combined("http://shop.example/cart", 502), true),
        ("squid_combined", combined("http://shop.example/cart", 200), false),
        (SQUID_LINE, native("TCP_MISS/200", "http://shop.example/health"), true),
    ];
    for (format, line, dropped) in &cases {
        let settings = support::settings::from_pairs(&[
            ("LOG_FORMAT", *format),
            ("DROP_PATHS", "/health,/favicon.ico"),
            ("DROP_STATUS", "403,5xx"),
        ])
        .unwrap_or_else(|e| panic!("{format}: {e}"));
        let mut out = Vec::new();
        settings.transformer().line(line.as_bytes(), 1, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(out.is_empty(), *dropped, "{format}: {line}");
    }
    // The status class partitions a record as the status the client got.
    let settings =
        support::settings::from_pairs(&[("LOG_FORMAT", "squid"), ("PARTITION_KEYS", "status_class")])
            .unwrap_or_else(|e| panic!("{e}"));
    let line = native("TCP_DENIED/403", "http://shop.example/cart");
    let (response, _) = settings.transformer().event(&support::testdata::event(&[line])).unwrap();
    let text = String::from_utf8(response).unwrap();
    assert!(text.contains(r#""metadata":{"partitionKeys":{"status_class":"4xx"}}"#), "{text}");
}
