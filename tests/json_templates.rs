//! `LOG_FORMAT`s shaped as JSON objects (nginx's `escape=json` `log_format`s, Apache's
//! JSON-shaped `LogFormat`s) are read by their keys: keys in any order, a missing key
//! null, and what a server writes that is not JSON forgiven (nginx's empty variable as
//! nothing, an upstream list unquoted; Apache's `\xhh` escapes). Each row: a format, a
//! line, the exact object or error.
//!
//! The formats are those people publish for these servers (neither server's docs gives a
//! JSON example); their sources are named above each.

mod support;

use support::rows::Row;
use support::rows::Want::{Error, Json};

/// A JSON `log_format` with every value quoted, from jahed.dev's "Formatting Nginx Access
/// Logs as JSON" (2018), as written there.
const NGINX_QUOTED: &str = r#"log_format  main  escape=json
  '{'
    '"time_iso8601":"$time_iso8601",'
    '"remote_addr":"$remote_addr",'
    '"server_protocol":"$server_protocol",'
    '"status": "$status",'
    '"body_bytes_sent":"$body_bytes_sent",'
    '"request_time":"$request_time",'
    '"request_method":"$request_method",'
    '"request_uri":"$request_uri",'
    '"request_filename":"$request_filename",'
    '"http_referrer":"$http_referer",'
    '"http_user_agent":"$http_user_agent",'
    '"http_x_forwarded_for":"$http_x_forwarded_for",'
    '"host":"$host"'
  '}';"#;

/// Numbers and upstream lists unquoted, as many write it (and as nginx then logs invalid
/// JSON: nothing for an unset variable, `a, b` for two upstreams).
const NGINX_BARE: &str = r#"log_format json_combined escape=json
  '{"time":"$time_iso8601","remote_addr":"$remote_addr","remote_user":"$remote_user",'
  '"request":"$request","status":$status,"body_bytes_sent":$body_bytes_sent,'
  '"request_time":$request_time,"upstream_addr":$upstream_addr,'
  '"upstream_response_time":$upstream_response_time,"upstream_status":$upstream_status,'
  '"http_user_agent":"$http_user_agent"}';"#;

/// An Apache JSON `LogFormat`, from the gist "Apache log in JSON format"
/// (gist.github.com/bobmagicii/3180599), as written there.
const APACHE: &str = r#"LogFormat "{ \"Time\":%{%s}t, \"RemoteIP\":\"%a\", \"Host\":\"%V\", \"Port\":\"%p\", \"Request\":\"%U\", \"Query\":\"%q\", \"File\":\"%f\", \"Method\":\"%m\", \"Status\":\"%s\", \"UserAgent\":\"%{User-agent}i\", \"Referer\":\"%{Referer}i\" }" jsonlog"#;

/// Apache's combined as JSON, `%>s` and `%b` unquoted (`%b` logs `-` for no body).
const APACHE_BARE: &str = r#"{"time":"%t","host":"%h","user":"%u","request":"%r","status":%>s,"bytes":%b,"agent":"%{User-agent}i"}"#;

/// A format whose `"request"` holds two directives (`%U%q`), from the gist "Structured
/// logging example configurations" (gist.github.com/kosho/82546a86140ad67c866e8197d730c53c):
/// a value the directives share is read as text, in the format's order.
const APACHE_SHARED: &str = r#"LogFormat "{ \"clientip\": \"%h\", \"ident\": \"%l\", \"auth\": \"%u\", \"timestamp\": \"%{%FT%T%z}t\", \"verb\": \"%m\", \"request\": \"%U%q\", \"httpversion\": \"%H\", \"response\": %>s, \"bytes\": %b, \"referer\": \"%{Referer}i\", \"agent\": \"%{User-agent}i\" }" combinedjson"#;

const ROWS: &[Row] = &[
    (
        "nginx, every value quoted: an IPv6 client, JSON escapes kept, the time to UTC",
        NGINX_QUOTED,
        br#"{"time_iso8601":"2018-08-01T21:04:13+01:00","remote_addr":"2001:db8:85a3::8a2e:370:7334","server_protocol":"HTTP/2.0","status": "200","body_bytes_sent":"3120","request_time":"0.002","request_method":"GET","request_uri":"/blog/?p=1&q=%22x%22","request_filename":"/srv/www/blog/index.html","http_referrer":"https://jahed.dev/","http_user_agent":"Mozilla/5.0 \"quoted\" \u001B[0m \\ end","http_x_forwarded_for":"","host":"jahed.dev"}"#,
        Json(
            r#"{"timestamp":"2018-08-01T20:04:13Z","host":"2001:db8:85a3::8a2e:370:7334","protocol":"HTTP/2.0","status":200,"bytes":3120,"request_time":0.002,"method":"GET","request_uri":"/blog/?p=1&q=%22x%22","request_filename":"/srv/www/blog/index.html","referer":"https://jahed.dev/","user_agent":"Mozilla/5.0 \"quoted\" \u001B[0m \\ end","x_forwarded_for":"","server_name":"jahed.dev"}"#,
        ),
    ),
    (
        "nginx, quoted: keys in another order and missing (a shipper wrote the object again) are null",
        NGINX_QUOTED,
        br#"{"host":"jahed.dev","status":"404","time_iso8601":"2018-08-01T21:04:14+01:00","remote_addr":"203.0.113.9","request_uri":"/missing"}"#,
        Json(
            r#"{"timestamp":"2018-08-01T20:04:14Z","host":"203.0.113.9","protocol":null,"status":404,"bytes":null,"request_time":null,"method":null,"request_uri":"/missing","request_filename":null,"referer":null,"user_agent":null,"x_forwarded_for":null,"server_name":"jahed.dev"}"#,
        ),
    ),
    (
        "nginx, quoted: a 400 with no request line: empty strings stay empty, `-` is null",
        NGINX_QUOTED,
        br#"{"time_iso8601":"2018-08-01T21:04:15+01:00","remote_addr":"203.0.113.9","server_protocol":"","status": "400","body_bytes_sent":"0","request_time":"0.000","request_method":"","request_uri":"","request_filename":"-","http_referrer":"","http_user_agent":"","http_x_forwarded_for":"","host":"_"}"#,
        Json(
            r#"{"timestamp":"2018-08-01T20:04:15Z","host":"203.0.113.9","protocol":"","status":400,"bytes":0,"request_time":0.000,"method":"","request_uri":"","request_filename":null,"referer":"","user_agent":"","x_forwarded_for":"","server_name":"_"}"#,
        ),
    ),
    (
        "nginx, bare: two upstreams written unquoted, each list kept as logged",
        NGINX_BARE,
        br#"{"time":"2024-03-10T14:05:09+01:00","remote_addr":"192.0.2.10","remote_user":"-","request":"GET /api/v1/cart HTTP/1.1","status":200,"body_bytes_sent":512,"request_time":0.112,"upstream_addr":10.0.0.1:8080, 10.0.0.2:8080,"upstream_response_time":0.050, 0.061,"upstream_status":502, 200,"http_user_agent":"okhttp/4.12.0"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:09Z","host":"192.0.2.10","user":null,"method":"GET","path":"/api/v1/cart","protocol":"HTTP/1.1","request":"GET /api/v1/cart HTTP/1.1","status":200,"bytes":512,"request_time":0.112,"upstream_addr":"10.0.0.1:8080, 10.0.0.2:8080","upstream_response_time":"0.050, 0.061","upstream_status":"502, 200","user_agent":"okhttp/4.12.0"}"#,
        ),
    ),
    (
        "nginx, bare: no upstream, so nginx writes nothing after `:`, each null",
        NGINX_BARE,
        br#"{"time":"2024-03-10T14:05:10+01:00","remote_addr":"2001:db8::42","remote_user":"alice","request":"GET /favicon.ico HTTP/2.0","status":404,"body_bytes_sent":0,"request_time":0.000,"upstream_addr":,"upstream_response_time":,"upstream_status":,"http_user_agent":"curl/8.5.0"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:10Z","host":"2001:db8::42","user":"alice","method":"GET","path":"/favicon.ico","protocol":"HTTP/2.0","request":"GET /favicon.ico HTTP/2.0","status":404,"bytes":0,"request_time":0.000,"upstream_addr":null,"upstream_response_time":null,"upstream_status":null,"user_agent":"curl/8.5.0"}"#,
        ),
    ),
    (
        "nginx, bare: an internal redirect's ` : ` lists, a unix socket, `-` agent null",
        NGINX_BARE,
        br#"{"time":"2024-03-10T14:05:11+01:00","remote_addr":"192.0.2.10","remote_user":"-","request":"POST /login HTTP/1.1","status":302,"body_bytes_sent":0,"request_time":0.020,"upstream_addr":unix:/run/app.sock : 10.0.0.3:8080,"upstream_response_time":0.010 : 0.009,"upstream_status":404 : 302,"http_user_agent":"-"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:11Z","host":"192.0.2.10","user":null,"method":"POST","path":"/login","protocol":"HTTP/1.1","request":"POST /login HTTP/1.1","status":302,"bytes":0,"request_time":0.020,"upstream_addr":"unix:/run/app.sock : 10.0.0.3:8080","upstream_response_time":"0.010 : 0.009","upstream_status":"404 : 302","user_agent":null}"#,
        ),
    ),
    (
        "nginx, bare: an empty status is null, a missing key too",
        NGINX_BARE,
        br#"{"time":"2024-03-10T14:05:12+01:00","status":,"request":"GET / HTTP/1.1"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:12Z","host":null,"user":null,"method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":null,"bytes":null,"request_time":null,"upstream_addr":null,"upstream_response_time":null,"upstream_status":null,"user_agent":null}"#,
        ),
    ),
    (
        "nginx, bare: a bare value that is no status fails the line, naming the directive",
        NGINX_BARE,
        br#"{"time":"2024-03-10T14:05:12+01:00","status":abc,"request":"GET / HTTP/1.1"}"#,
        Error(r#"invalid status (LOG_FORMAT position 158) at column 46: found "abc,\"request\":\"G...""#),
    ),
    (
        "nginx, bare: a text line under a JSON template is not an object (and the nickname that reads it is named)",
        NGINX_BARE,
        br#"192.0.2.10 - - [10/Mar/2024:14:05:12 +0100] "GET / HTTP/1.1" 200 5"#,
        Error(
            r#"not a JSON object, expected '{' (a line is one JSON object) at column 1: found "192.0.2.10 - - [..." (the line reads as LOG_FORMAT=common)"#,
        ),
    ),
    (
        "nginx, bare: a line cut off after a string",
        NGINX_BARE,
        br#"{"time":"2024-03-10T14:05:12+01:00","status":200,"request":"GET / HTTP/1.1""#,
        Error(r#"not a JSON object, expected ',' or '}' at column 76: the line ends"#),
    ),
    (
        "Apache, quoted but for the epoch time: an IPv6 client, Apache's escapes (\\xhh, \\\") kept as its text format keeps them",
        APACHE,
        br#"{ "Time":1343284500, "RemoteIP":"2001:db8::7", "Host":"www.example.com", "Port":"443", "Request":"/index.php", "Query":"?a=1&b=2", "File":"/var/www/index.php", "Method":"GET", "Status":"200", "UserAgent":"caf\xc3\xa9 \"q\" \\ x", "Referer":"-" }"#,
        Json(
            r#"{"timestamp":"2012-07-26T06:35:00Z","client_ip":"2001:db8::7","server_name":"www.example.com","port":443,"path":"/index.php","query":"a=1&b=2","filename":"/var/www/index.php","method":"GET","status":200,"user_agent":"caf\\xc3\\xa9 \"q\" \\ x","referer":null}"#,
        ),
    ),
    (
        "Apache: keys in another order, most missing",
        APACHE,
        br#"{"Status":"304","Time":1343284501,"RemoteIP":"192.0.2.4","Method":"GET"}"#,
        Json(
            r#"{"timestamp":"2012-07-26T06:35:01Z","client_ip":"192.0.2.4","server_name":null,"port":null,"path":null,"query":null,"filename":null,"method":"GET","status":304,"user_agent":null,"referer":null}"#,
        ),
    ),
    (
        "Apache, %>s and %b bare: combined's documented line as JSON",
        APACHE_BARE,
        br#"{"time":"[10/Oct/2000:13:55:36 -0700]","host":"127.0.0.1","user":"frank","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#,
        Json(
            r#"{"timestamp":"2000-10-10T20:55:36Z","host":"127.0.0.1","user":"frank","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","request":"GET /apache_pb.gif HTTP/1.0","status":200,"bytes":2326,"user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#,
        ),
    ),
    (
        "Apache, bare: `-` for %b is 0 bytes, as in combined; `-` user and agent null",
        APACHE_BARE,
        br#"{"time":"[10/Oct/2000:13:55:37 -0700]","host":"::1","user":"-","request":"HEAD / HTTP/1.1","status":304,"bytes":-,"agent":"-"}"#,
        Json(
            r#"{"timestamp":"2000-10-10T20:55:37Z","host":"::1","user":null,"method":"HEAD","path":"/","protocol":"HTTP/1.1","request":"HEAD / HTTP/1.1","status":304,"bytes":0,"user_agent":null}"#,
        ),
    ),
    (
        "Apache, a value two directives share (%U%q): read as text, in the format's order",
        APACHE_SHARED,
        br#"{ "clientip": "192.0.2.7", "ident": "-", "auth": "-", "timestamp": "2024-03-10T14:05:09+0100", "verb": "GET", "request": "/search?q=a", "httpversion": "HTTP/1.1", "response": 200, "bytes": 1043, "referer": "-", "agent": "curl/8.5.0" }"#,
        Json(
            r#"{"host":"192.0.2.7","ident":null,"user":null,"timestamp":"2024-03-10T13:05:09Z","method":"GET","path":"/search","query":"q=a","protocol":"HTTP/1.1","status":200,"bytes":1043,"referer":null,"user_agent":"curl/8.5.0"}"#,
        ),
    ),
    (
        "Apache, a value two directives share: keys in another order do not read (the format is text)",
        APACHE_SHARED,
        br#"{ "ident": "-", "clientip": "192.0.2.7", "auth": "-", "timestamp": "2024-03-10T14:05:09+0100", "verb": "GET", "request": "/search?q=a", "httpversion": "HTTP/1.1", "response": 200, "bytes": 1043, "referer": "-", "agent": "curl/8.5.0" }"#,
        Error(r#"the line does not start as the format does at column 1: found "{ \"ident\": \"-\", ...""#),
    ),
];

#[test]
fn every_row_gives_its_exact_object_or_error() {
    support::rows::check(ROWS);
}
