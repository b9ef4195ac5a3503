//! nginx's and Apache's formats, row by row: LOG_FORMAT, a line in, the exact JSON object
//! (or the line's exact error) out.
//!
//! Every expected value is what nginx's and Apache's documentation say the line holds
//! (ngx_http_log_module, ngx_http_core_module's variables, ingress-nginx's log format,
//! mod_log_config, mod_ssl), not what the code happened to write:
//! - nginx's `escape=default` writes `"` as `\x22`, `\` as `\x5C`, and control bytes,
//!   0x7F and bytes above 126 as `\xHH` (upper case). `\x22` and `\x5C` are undone; every
//!   other `\xHH` stays as the text it was logged as.
//! - `escape=json` writes JSON string escapes (`\"`, `\\`, `\u001B`), kept as they are, and
//!   nothing at all for a variable that is not found: an empty unquoted number is null.
//! - A missing value is `-` (null); an empty one (ingress's `[]`, an empty request line
//!   `""`) is the empty string.
//! - `log_format`'s strings are joined with nothing between them.
//! - `$time_local` and `$time_iso8601` carry their offset and become UTC; `$msec` is
//!   seconds since the epoch with 3 fraction digits.
//! - Apache's `%{VAR}x` is mod_ssl's variable, `-` when there is none; `%s` beside `%>s`
//!   is the original status; a field whose key is taken takes its other name.

mod support;

use support::root;
use support::settings::format as compiled;

use support::rows::Want::{Error, Json};
use support::rows::{Row, object as json};

/// nginx's stock `main` (nginx.conf in nginx's packages and its Docker image), as written.
const MAIN_DIRECTIVE: &str = r#"log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';"#;

/// The stock `combined` as nginx's docs write it.
const NGINX_COMBINED_DIRECTIVE: &str = r#"log_format combined '$remote_addr - $remote_user [$time_local] '
                    '"$request" $status $body_bytes_sent '
                    '"$http_referer" "$http_user_agent"';"#;

/// An `escape=json` format that writes JSON-looking lines; `$status`, `$request_time` and
/// `$upstream_response_time` unquoted (`testdata/lines/nginx_json.log`).
const JSON_DIRECTIVE: &str = r#"log_format json_combined escape=json
  '{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request",'
  '"status":$status,"body_bytes_sent":$body_bytes_sent,"request_time":$request_time,'
  '"upstream_response_time":$upstream_response_time,'
  '"http_referer":"$http_referer","http_user_agent":"$http_user_agent"}';"#;

/// The shortest escape=json example.
const J: &str = r#"log_format j escape=json '{"t":"$time_iso8601","s":$status,"rt":$request_time,"ua":"$http_user_agent"}';"#;

/// The same with an unquoted upstream time (nothing written when there was no upstream).
const J2: &str = r#"log_format j2 escape=json '{"t":"$time_iso8601","s":$status,"rt":$request_time,"urt":$upstream_response_time,"ua":"$http_user_agent"}';"#;

/// Apache's `ssl_request_log` (httpd-ssl.conf).
const SSL_REQUEST_LOG: &str = r#"%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b"#;

/// nginx's documented `compression` example.
const COMPRESSION: &str = r#"log_format compression '$remote_addr - $remote_user [$time_local] '
                       '"$request" $status $bytes_sent '
                       '"$http_referer" "$http_user_agent" "$gzip_ratio"';"#;

/// (name, LOG_FORMAT, line, what it must give)
const ROWS: &[Row] = &[
    // ------------------------------------------------- 0. a `-` address, `%X`'s `-`
    (
        "apache: an address logged as - is null; %X's - (the connection will be closed) is a value",
        r#"%h %a %t "%r" %>s %X %X"#,
        br#"- 192.0.2.4 [07/Dec/2026:05:00:00 +0000] "GET / HTTP/1.1" 200 - +"#,
        Json(
            r#"{"host":null,"client_ip":"192.0.2.4","timestamp":"2026-12-07T05:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"connection_status":"-","connection_status_2":"+"}"#,
        ),
    ),
    // ---------------------------------------------------------------- 1. nginx_main
    (
        "main: IPv6 client, $remote_user set, forwarded-for \"-\", +0530 back into 29 Feb",
        "nginx_main",
        br#"2001:db8:4006:812::200e - alice [01/Mar/2024:03:10:42 +0530] "GET /account/orders?page=2 HTTP/2.0" 200 4512 "https://shop.example.net/account" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0" "-""#,
        Json(
            r#"{"host":"2001:db8:4006:812::200e","ident":null,"user":"alice","timestamp":"2024-02-29T21:40:42Z","method":"GET","path":"/account/orders?page=2","protocol":"HTTP/2.0","request":"GET /account/orders?page=2 HTTP/2.0","status":200,"bytes":4512,"referer":"https://shop.example.net/account","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0","x_forwarded_for":null}"#,
        ),
    ),
    (
        "main: forwarded-for address list, -0800 forward into a new year",
        "nginx_main",
        br#"10.20.0.14 - - [31/Dec/2023:19:45:00 -0800] "POST /api/v1/cart HTTP/1.1" 201 87 "https://shop.example.net/product/42" "okhttp/4.12.0" "198.51.100.23, 10.20.0.2""#,
        Json(
            r#"{"host":"10.20.0.14","ident":null,"user":null,"timestamp":"2024-01-01T03:45:00Z","method":"POST","path":"/api/v1/cart","protocol":"HTTP/1.1","request":"POST /api/v1/cart HTTP/1.1","status":201,"bytes":87,"referer":"https://shop.example.net/product/42","user_agent":"okhttp/4.12.0","x_forwarded_for":"198.51.100.23, 10.20.0.2"}"#,
        ),
    ),
    (
        "main: \\x22 is \" and \\x5C is \\ in the request and the agent",
        "nginx_main",
        br#"192.0.2.10 - - [10/Mar/2024:12:00:00 +0100] "GET /search?q=\x22red+shoes\x22&dir=C:\x5Ctmp HTTP/1.1" 200 5120 "-" "Mozilla/5.0 \x22Scanner\x22 (compatible; \x5Cbot\x5C)" "-""#,
        Json(
            r#"{"host":"192.0.2.10","ident":null,"user":null,"timestamp":"2024-03-10T11:00:00Z","method":"GET","path":"/search?q=\"red+shoes\"&dir=C:\\tmp","protocol":"HTTP/1.1","request":"GET /search?q=\"red+shoes\"&dir=C:\\tmp HTTP/1.1","status":200,"bytes":5120,"referer":null,"user_agent":"Mozilla/5.0 \"Scanner\" (compatible; \\bot\\)","x_forwarded_for":null}"#,
        ),
    ),
    (
        "main: other \\xHH (UTF-8 bytes, ESC, TAB, DEL) stay as text; \\x5Cx22 is a backslash and x22",
        "nginx_main",
        br#"192.0.2.11 - - [10/Mar/2024:12:00:01 +0100] "GET /files/r\xC3\xA9sum\xC3\xA9.pdf HTTP/1.1" 404 153 "https://example.org/?s=\x5Cx22" "evil\x1B[2J\x09tab\x7F" "-""#,
        Json(
            r#"{"host":"192.0.2.11","ident":null,"user":null,"timestamp":"2024-03-10T11:00:01Z","method":"GET","path":"/files/r\\xC3\\xA9sum\\xC3\\xA9.pdf","protocol":"HTTP/1.1","request":"GET /files/r\\xC3\\xA9sum\\xC3\\xA9.pdf HTTP/1.1","status":404,"bytes":153,"referer":"https://example.org/?s=\\x22","user_agent":"evil\\x1B[2J\\x09tab\\x7F","x_forwarded_for":null}"#,
        ),
    ),
    (
        "main: a 400 with an empty request line \"\", -0330 into the next day",
        "nginx_main",
        br#"198.51.100.7 - - [09/Mar/2024:22:15:00 -0330] "" 400 0 "-" "-" "-""#,
        Json(
            r#"{"host":"198.51.100.7","ident":null,"user":null,"timestamp":"2024-03-10T01:45:00Z","method":null,"path":null,"protocol":null,"request":"","status":400,"bytes":0,"referer":null,"user_agent":null,"x_forwarded_for":null}"#,
        ),
    ),
    (
        "main: a TLS handshake sent to the plain-HTTP port, as nginx escapes it (upper-case hex)",
        "nginx_main",
        br#"198.51.100.8 - - [10/Mar/2024:00:00:05 +0000] "\x16\x03\x01\x00\xF7\x01\x00\x00\xF3\x03\x03" 400 157 "-" "-" "-""#,
        Json(
            r#"{"host":"198.51.100.8","ident":null,"user":null,"timestamp":"2024-03-10T00:00:05Z","method":null,"path":null,"protocol":null,"request":"\\x16\\x03\\x01\\x00\\xF7\\x01\\x00\\x00\\xF3\\x03\\x03","status":400,"bytes":157,"referer":null,"user_agent":null,"x_forwarded_for":null}"#,
        ),
    ),
    (
        "main: \\x22 in the unquoted $remote_user is undone too; an empty agent is \"\"",
        "nginx_main",
        br#"192.0.2.12 - ma\x22lory [10/Mar/2024:12:00:02 +0100] "GET /private/ HTTP/1.1" 401 179 "-" "" "-""#,
        Json(
            r#"{"host":"192.0.2.12","ident":null,"user":"ma\"lory","timestamp":"2024-03-10T11:00:02Z","method":"GET","path":"/private/","protocol":"HTTP/1.1","request":"GET /private/ HTTP/1.1","status":401,"bytes":179,"referer":null,"user_agent":"","x_forwarded_for":null}"#,
        ),
    ),
    (
        "main: +1400 back into the old year; forwarded-for with IPv6",
        "nginx_main",
        br#"192.0.2.13 - - [01/Jan/2024:08:00:00 +1400] "GET / HTTP/1.1" 304 0 "-" "curl/8.5.0" "2001:db8::a, 198.51.100.1""#,
        Json(
            r#"{"host":"192.0.2.13","ident":null,"user":null,"timestamp":"2023-12-31T18:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":304,"bytes":0,"referer":null,"user_agent":"curl/8.5.0","x_forwarded_for":"2001:db8::a, 198.51.100.1"}"#,
        ),
    ),
    // ------------------------------------------------------------- 2. ingress_nginx
    (
        "ingress: one upstream, [] alternative, $request_time a number, lists as strings",
        "ingress_nginx",
        br#"10.244.1.1 - - [12/Mar/2024:08:30:15 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29" 112 0.002 [shop-frontend-80] [] 10.244.2.17:8080 2 0.002 200 7f3c9a1e0b2d4c6e8f90a1b2c3d4e5f6"#,
        Json(
            r#"{"host":"10.244.1.1","ident":null,"user":null,"timestamp":"2024-03-12T08:30:15Z","method":"GET","path":"/healthz","protocol":"HTTP/1.1","request":"GET /healthz HTTP/1.1","status":200,"bytes":2,"referer":null,"user_agent":"kube-probe/1.29","bytes_received":112,"request_time":0.002,"proxy_upstream_name":"shop-frontend-80","proxy_alternative_upstream_name":"","upstream_addr":"10.244.2.17:8080","upstream_response_length":"2","upstream_response_time":"0.002","upstream_status":"200","req_id":"7f3c9a1e0b2d4c6e8f90a1b2c3d4e5f6"}"#,
        ),
    ),
    (
        "ingress: two upstreams joined by \", \"",
        "ingress_nginx",
        br#"198.51.100.14 - - [12/Mar/2024:08:30:16 +0000] "GET /api/cart HTTP/2.0" 200 188 "https://shop.example.net/" "Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0" 38 0.021 [shop-api-8080] [] 10.244.2.18:8080, 10.244.3.9:8080 0, 188 0.001, 0.020 502, 200 0a1b2c3d4e5f60718293a4b5c6d7e8f9"#,
        Json(
            r#"{"host":"198.51.100.14","ident":null,"user":null,"timestamp":"2024-03-12T08:30:16Z","method":"GET","path":"/api/cart","protocol":"HTTP/2.0","request":"GET /api/cart HTTP/2.0","status":200,"bytes":188,"referer":"https://shop.example.net/","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0","bytes_received":38,"request_time":0.021,"proxy_upstream_name":"shop-api-8080","proxy_alternative_upstream_name":"","upstream_addr":"10.244.2.18:8080, 10.244.3.9:8080","upstream_response_length":"0, 188","upstream_response_time":"0.001, 0.020","upstream_status":"502, 200","req_id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9"}"#,
        ),
    ),
    (
        "ingress: an internal redirect's groups joined by \" : \"",
        "ingress_nginx",
        br#"198.51.100.20 - - [12/Mar/2024:08:33:10 +0000] "GET /missing HTTP/1.1" 404 548 "-" "curl/8.6.0" 79 0.006 [shop-web-80] [] 10.244.2.20:8080 : 10.244.4.2:8080 0 : 548 0.002 : 0.004 404 : 404 5b4a39281706f5e4d3c2b1a0f9e8d7c6"#,
        Json(
            r#"{"host":"198.51.100.20","ident":null,"user":null,"timestamp":"2024-03-12T08:33:10Z","method":"GET","path":"/missing","protocol":"HTTP/1.1","request":"GET /missing HTTP/1.1","status":404,"bytes":548,"referer":null,"user_agent":"curl/8.6.0","bytes_received":79,"request_time":0.006,"proxy_upstream_name":"shop-web-80","proxy_alternative_upstream_name":"","upstream_addr":"10.244.2.20:8080 : 10.244.4.2:8080","upstream_response_length":"0 : 548","upstream_response_time":"0.002 : 0.004","upstream_status":"404 : 404","req_id":"5b4a39281706f5e4d3c2b1a0f9e8d7c6"}"#,
        ),
    ),
    (
        "ingress: - inside the lists stays as logged",
        "ingress_nginx",
        br#"198.51.100.21 - - [12/Mar/2024:08:34:55 +0000] "POST /api/checkout HTTP/1.1" 504 160 "https://shop.example.net/cart" "curl/8.6.0" 622 10.002 [shop-api-8080] [] 10.244.2.18:8080, 10.244.3.9:8080 0, - 5.001, - 504, - 1f2e3d4c5b6a79880716253443526170"#,
        Json(
            r#"{"host":"198.51.100.21","ident":null,"user":null,"timestamp":"2024-03-12T08:34:55Z","method":"POST","path":"/api/checkout","protocol":"HTTP/1.1","request":"POST /api/checkout HTTP/1.1","status":504,"bytes":160,"referer":"https://shop.example.net/cart","user_agent":"curl/8.6.0","bytes_received":622,"request_time":10.002,"proxy_upstream_name":"shop-api-8080","proxy_alternative_upstream_name":"","upstream_addr":"10.244.2.18:8080, 10.244.3.9:8080","upstream_response_length":"0, -","upstream_response_time":"5.001, -","upstream_status":"504, -","req_id":"1f2e3d4c5b6a79880716253443526170"}"#,
        ),
    ),
    (
        "ingress: a 400 before routing: [] [] and no upstream (- - - -)",
        "ingress_nginx",
        br#"203.0.113.50 - - [12/Mar/2024:08:31:40 +0000] "\x16\x03\x01\x02\x00\x01" 400 150 "-" "-" 0 0.000 [] [] - - - - 4c7d2079340e68353c7d0dfff00b904c"#,
        Json(
            r#"{"host":"203.0.113.50","ident":null,"user":null,"timestamp":"2024-03-12T08:31:40Z","method":null,"path":null,"protocol":null,"request":"\\x16\\x03\\x01\\x02\\x00\\x01","status":400,"bytes":150,"referer":null,"user_agent":null,"bytes_received":0,"request_time":0.000,"proxy_upstream_name":"","proxy_alternative_upstream_name":"","upstream_addr":null,"upstream_response_length":null,"upstream_response_time":null,"upstream_status":null,"req_id":"4c7d2079340e68353c7d0dfff00b904c"}"#,
        ),
    ),
    (
        "ingress: the server block's [-] is null",
        "ingress_nginx",
        br#"198.51.100.22 - - [12/Mar/2024:08:35:00 +0000] "GET /nowhere HTTP/1.1" 404 146 "-" "curl/8.6.0" 84 0.000 [-] [] - - - - 6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3"#,
        Json(
            r#"{"host":"198.51.100.22","ident":null,"user":null,"timestamp":"2024-03-12T08:35:00Z","method":"GET","path":"/nowhere","protocol":"HTTP/1.1","request":"GET /nowhere HTTP/1.1","status":404,"bytes":146,"referer":null,"user_agent":"curl/8.6.0","bytes_received":84,"request_time":0.000,"proxy_upstream_name":null,"proxy_alternative_upstream_name":"","upstream_addr":null,"upstream_response_length":null,"upstream_response_time":null,"upstream_status":null,"req_id":"6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3"}"#,
        ),
    ),
    (
        "ingress: IPv6 client and bracketed IPv6 upstreams",
        "ingress_nginx",
        br#"2001:db8:1::5 - - [12/Mar/2024:08:31:02 +0000] "GET /api/items?limit=20 HTTP/2.0" 200 930 "-" "Go-http-client/2.0" 45 0.015 [shop-api-8080] [] [2001:db8:2::11]:8080, [2001:db8:2::12]:8080 0, 930 0.000, 0.014 502, 200 9d8c7b6a5f4e3d2c1b0a998877665544"#,
        Json(
            r#"{"host":"2001:db8:1::5","ident":null,"user":null,"timestamp":"2024-03-12T08:31:02Z","method":"GET","path":"/api/items?limit=20","protocol":"HTTP/2.0","request":"GET /api/items?limit=20 HTTP/2.0","status":200,"bytes":930,"referer":null,"user_agent":"Go-http-client/2.0","bytes_received":45,"request_time":0.015,"proxy_upstream_name":"shop-api-8080","proxy_alternative_upstream_name":"","upstream_addr":"[2001:db8:2::11]:8080, [2001:db8:2::12]:8080","upstream_response_length":"0, 930","upstream_response_time":"0.000, 0.014","upstream_status":"502, 200","req_id":"9d8c7b6a5f4e3d2c1b0a998877665544"}"#,
        ),
    ),
    (
        "ingress: unix socket upstream, a canary, $remote_user, 12.000 seconds, -0100 into the next day",
        "ingress_nginx",
        br#"192.0.2.30 - deploy [12/Mar/2024:23:30:00 -0100] "POST /admin/reindex HTTP/1.1" 202 17 "-" "python-requests/2.31.0" 301 12.000 [shop-admin-80] [shop-admin-canary-80] unix:/var/run/php-fpm.sock 17 12.000 202 3e5a7c9b1d2f4e6a8c0b2d4f6a8c0e1f"#,
        Json(
            r#"{"host":"192.0.2.30","ident":null,"user":"deploy","timestamp":"2024-03-13T00:30:00Z","method":"POST","path":"/admin/reindex","protocol":"HTTP/1.1","request":"POST /admin/reindex HTTP/1.1","status":202,"bytes":17,"referer":null,"user_agent":"python-requests/2.31.0","bytes_received":301,"request_time":12.000,"proxy_upstream_name":"shop-admin-80","proxy_alternative_upstream_name":"shop-admin-canary-80","upstream_addr":"unix:/var/run/php-fpm.sock","upstream_response_length":"17","upstream_response_time":"12.000","upstream_status":"202","req_id":"3e5a7c9b1d2f4e6a8c0b2d4f6a8c0e1f"}"#,
        ),
    ),
    (
        "ingress: \\x22 undone in the request and agent",
        "ingress_nginx",
        br#"198.51.100.23 - - [12/Mar/2024:08:35:01 +0000] "GET /search?q=\x22boots\x22 HTTP/1.1" 200 7310 "-" "Mozilla/5.0 \x22Bot\x22" 92 0.033 [shop-frontend-80] [] 10.244.2.17:8080 7310 0.032 200 client-supplied-request-id-42"#,
        Json(
            r#"{"host":"198.51.100.23","ident":null,"user":null,"timestamp":"2024-03-12T08:35:01Z","method":"GET","path":"/search?q=\"boots\"","protocol":"HTTP/1.1","request":"GET /search?q=\"boots\" HTTP/1.1","status":200,"bytes":7310,"referer":null,"user_agent":"Mozilla/5.0 \"Bot\"","bytes_received":92,"request_time":0.033,"proxy_upstream_name":"shop-frontend-80","proxy_alternative_upstream_name":"","upstream_addr":"10.244.2.17:8080","upstream_response_length":"7310","upstream_response_time":"0.032","upstream_status":"200","req_id":"client-supplied-request-id-42"}"#,
        ),
    ),
    // ----------------------------------------------------------- 3. nginx_combined
    (
        "nginx_combined: a plain line, as combined writes it",
        "nginx_combined",
        br#"192.0.2.20 - - [10/Mar/2024:12:00:00 +0000] "GET /index.html HTTP/1.1" 200 615 "-" "Mozilla/5.0 (X11; Linux x86_64)""#,
        Json(
            r#"{"host":"192.0.2.20","ident":null,"user":null,"timestamp":"2024-03-10T12:00:00Z","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1","status":200,"bytes":615,"referer":null,"user_agent":"Mozilla/5.0 (X11; Linux x86_64)"}"#,
        ),
    ),
    (
        "nginx_combined: \\x22 and \\x5C undone",
        "nginx_combined",
        br#"203.0.113.5 - - [10/Mar/2024:12:00:00 -0200] "GET /q?x=\x22a\x22 HTTP/1.1" 200 10 "-" "sqlmap/1.8 \x5C(x)""#,
        Json(
            r#"{"host":"203.0.113.5","ident":null,"user":null,"timestamp":"2024-03-10T14:00:00Z","method":"GET","path":"/q?x=\"a\"","protocol":"HTTP/1.1","request":"GET /q?x=\"a\" HTTP/1.1","status":200,"bytes":10,"referer":null,"user_agent":"sqlmap/1.8 \\(x)"}"#,
        ),
    ),
    (
        "nginx_combined, whole directive: the same as the nickname",
        NGINX_COMBINED_DIRECTIVE,
        br#"203.0.113.5 - - [10/Mar/2024:12:00:00 -0200] "GET /q?x=\x22a\x22 HTTP/1.1" 200 10 "-" "sqlmap/1.8 \x5C(x)""#,
        Json(
            r#"{"host":"203.0.113.5","ident":null,"user":null,"timestamp":"2024-03-10T14:00:00Z","method":"GET","path":"/q?x=\"a\"","protocol":"HTTP/1.1","request":"GET /q?x=\"a\" HTTP/1.1","status":200,"bytes":10,"referer":null,"user_agent":"sqlmap/1.8 \\(x)"}"#,
        ),
    ),
    (
        "Apache's combined keeps \\x22 as text (Apache writes \" as \\\")",
        "combined",
        br#"203.0.113.5 - - [10/Mar/2024:12:00:00 -0200] "GET /q?x=\x22a\x22 HTTP/1.1" 200 10 "-" "-""#,
        Json(
            r#"{"host":"203.0.113.5","ident":null,"user":null,"timestamp":"2024-03-10T14:00:00Z","method":"GET","path":"/q?x=\\x22a\\x22","protocol":"HTTP/1.1","request":"GET /q?x=\\x22a\\x22 HTTP/1.1","status":200,"bytes":10,"referer":null,"user_agent":null}"#,
        ),
    ),
    // --------------------------------------------- 4. nginx strings and directives
    (
        "the stock main directive (several strings, joined with nothing) is nginx_main",
        MAIN_DIRECTIVE,
        br#"10.20.0.14 - - [31/Dec/2023:19:45:00 -0800] "POST /api/v1/cart HTTP/1.1" 201 87 "https://shop.example.net/product/42" "okhttp/4.12.0" "198.51.100.23, 10.20.0.2""#,
        Json(
            r#"{"host":"10.20.0.14","ident":null,"user":null,"timestamp":"2024-01-01T03:45:00Z","method":"POST","path":"/api/v1/cart","protocol":"HTTP/1.1","request":"POST /api/v1/cart HTTP/1.1","status":201,"bytes":87,"referer":"https://shop.example.net/product/42","user_agent":"okhttp/4.12.0","x_forwarded_for":"198.51.100.23, 10.20.0.2"}"#,
        ),
    ),
    (
        "strings in both quotes joined with nothing between them",
        r#"log_format pipe '$remote_addr|' '$status|' "$request_time";"#,
        b"10.1.2.3|204|0.001",
        Json(r#"{"host":"10.1.2.3","status":204,"request_time":0.001}"#),
    ),
    (
        "a double-quoted string with \\\" joined to a single-quoted one",
        r#"log_format q "$remote_addr [$time_local] \"$request\" " '$status';"#,
        br#"192.0.2.1 [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"host":"192.0.2.1","timestamp":"2024-03-10T12:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "unquoted arguments are joined with nothing too: $remote_addr$status",
        "log_format x $remote_addr $status;",
        b"10.0.0.1200",
        Json(r#"{"host":"10.0.0.1","status":200}"#),
    ),
    (
        "Apache's \\t in a LogFormat is a tab (mod_log_config's C-style control characters)",
        "%h\\t%>s\\t%{User-Agent}i",
        b"10.0.0.1\t200\tcurl/8.5.0",
        Json(r#"{"host":"10.0.0.1","status":200,"user_agent":"curl/8.5.0"}"#),
    ),
    (
        "a status touching the number after it (%>s%b) is its three digits",
        "%h %>s%b",
        b"10.0.0.1 2002326",
        Json(r#"{"host":"10.0.0.1","status":200,"bytes":2326}"#),
    ),
    (
        "a status touching the number after it may be -",
        "%h %>s%b",
        b"10.0.0.1 -2326",
        Json(r#"{"host":"10.0.0.1","status":null,"bytes":2326}"#),
    ),
    (
        "a status touching the number after it is never a lone 0 (the bytes would be a guess)",
        "%h %>s%b",
        b"10.0.0.1 0",
        Error(r#"invalid status (LOG_FORMAT position 4) at column 10: found "0""#),
    ),
    (
        "nor three digits that start with 0 but 000 (Envoy's 0 before 512 bytes is no status 51 before 2)",
        "%h %>s%b",
        b"10.0.0.1 0512",
        Error(r#"invalid status (LOG_FORMAT position 4) at column 10: found "0512""#),
    ),
    (
        "a status touching the number after it may be 000",
        "%h %>s%b",
        b"10.0.0.1 000512",
        Json(r#"{"host":"10.0.0.1","status":0,"bytes":512}"#),
    ),
    (
        "escape=json: \\\", \\\\ and \\u001B kept as JSON escapes; the time in UTC",
        J,
        br#"{"t":"2024-03-10T14:05:09+01:00","s":200,"rt":0.012,"ua":"Mozilla/5.0 \"quoted\" \u001B[0m \\ end"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:09Z","status":200,"request_time":0.012,"user_agent":"Mozilla/5.0 \"quoted\" \u001B[0m \\ end"}"#,
        ),
    ),
    (
        "escape=json: an unquoted $upstream_response_time with no upstream is written empty: null",
        J2,
        br#"{"t":"2024-03-10T14:05:09+01:00","s":404,"rt":0.000,"urt":,"ua":"curl/8.5.0"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:09Z","status":404,"request_time":0.000,"upstream_response_time":null,"user_agent":"curl/8.5.0"}"#,
        ),
    ),
    (
        "escape=json: one upstream time, as logged",
        J2,
        br#"{"t":"2024-03-10T14:05:09+01:00","s":200,"rt":0.051,"urt":0.050,"ua":"curl/8.5.0"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:09Z","status":200,"request_time":0.051,"upstream_response_time":"0.050","user_agent":"curl/8.5.0"}"#,
        ),
    ),
    (
        "escape=json: two upstream times before the ,\"ua\" literal",
        J2,
        br#"{"t":"2024-03-10T14:05:10+01:00","s":200,"rt":0.112,"urt":0.050, 0.061,"ua":"curl/8.5.0"}"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:05:10Z","status":200,"request_time":0.112,"upstream_response_time":"0.050, 0.061","user_agent":"curl/8.5.0"}"#,
        ),
    ),
    (
        "${var} right against text",
        "$remote_addr ${request_time}s ${status}x${body_bytes_sent}",
        b"10.0.0.9 0.250s 200x5120",
        Json(r#"{"host":"10.0.0.9","request_time":0.250,"status":200,"bytes":5120}"#),
    ),
    (
        "$time_iso8601 +05:30 back a day",
        r#"$time_iso8601 $remote_addr "$request" $status"#,
        br#"2024-03-10T02:30:00+05:30 192.0.2.5 "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"timestamp":"2024-03-09T21:00:00Z","host":"192.0.2.5","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "$time_iso8601 -05:00 into a new year",
        r#"$time_iso8601 $remote_addr "$request" $status"#,
        br#"2024-12-31T20:00:00-05:00 192.0.2.5 "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"timestamp":"2025-01-01T01:00:00Z","host":"192.0.2.5","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "$msec: seconds since the epoch (UTC) with its milliseconds",
        r#"$msec $remote_addr "$request" $status $request_time"#,
        br#"1709942400.123 192.0.2.6 "GET /ping HTTP/1.1" 204 0.001"#,
        Json(
            r#"{"timestamp":"2024-03-09T00:00:00.123Z","host":"192.0.2.6","method":"GET","path":"/ping","protocol":"HTTP/1.1","request":"GET /ping HTTP/1.1","status":204,"request_time":0.001}"#,
        ),
    ),
    (
        "$msec: .050 keeps its leading zero, the last second of a year",
        r#"$msec $remote_addr "$request" $status $request_time"#,
        br#"1735689599.050 192.0.2.6 "GET /ping HTTP/1.1" 204 0.001"#,
        Json(
            r#"{"timestamp":"2024-12-31T23:59:59.050Z","host":"192.0.2.6","method":"GET","path":"/ping","protocol":"HTTP/1.1","request":"GET /ping HTTP/1.1","status":204,"request_time":0.001}"#,
        ),
    ),
    (
        "$msec and [$time_local]: the second time is written as logged, as time_local",
        r#"$msec $remote_addr [$time_local] "$request" $status"#,
        br#"1709942400.123 192.0.2.1 [09/Mar/2024:01:00:00 +0100] "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"timestamp":"2024-03-09T00:00:00.123Z","host":"192.0.2.1","time_local":"09/Mar/2024:01:00:00 +0100","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "[$time_local] then $msec: msec is the second time, written as logged",
        "[$time_local] $remote_addr $msec $status",
        b"[09/Mar/2024:01:00:00 +0100] 192.0.2.1 1709942400.123 200",
        Json(r#"{"timestamp":"2024-03-09T00:00:00Z","host":"192.0.2.1","msec":"1709942400.123","status":200}"#),
    ),
    (
        "unknown variables (ingress's $namespace, ...) are text under their own names",
        "$remote_addr [$namespace/$ingress_name] $service_name:$service_port $status",
        b"10.0.0.3 [shop/storefront] web:8080 200",
        Json(
            r#"{"host":"10.0.0.3","namespace":"shop","ingress_name":"storefront","service_name":"web","service_port":"8080","status":200}"#,
        ),
    ),
    (
        "an unknown variable never set is logged empty: []",
        "[$namespace] [$ingress_name] $status",
        b"[shop] [] 404",
        Json(r#"{"namespace":"shop","ingress_name":"","status":404}"#),
    ),
    (
        "$http_host after $remote_addr: http_host",
        r#"$remote_addr $http_host "$request" $status"#,
        br#"192.0.2.1 shop.example.net:8443 "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"host":"192.0.2.1","http_host":"shop.example.net:8443","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "$http_host before $remote_addr: still http_host ($remote_addr is the host)",
        r#"$http_host $remote_addr "$request" $status"#,
        br#"shop.example.net 192.0.2.1 "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"http_host":"shop.example.net","host":"192.0.2.1","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        // ngx_stream_log_module's log_format (a TCP/UDP proxy): the stream module's own
        // variables typed as http's are; an IPv6 client; a session that reached no upstream.
        "a stream server's log_format: $bytes_received and $session_time typed",
        r#"log_format proxy '$remote_addr [$time_local] $protocol $status $bytes_sent $bytes_received $session_time "$upstream_addr" "$upstream_bytes_sent" "$upstream_connect_time"';"#,
        br#"2001:db8::21 [07/Dec/2026:05:00:00 +0000] TCP 502 0 517 3.012 "-" "-" "-""#,
        Json(
            r#"{"host":"2001:db8::21","timestamp":"2026-12-07T05:00:00Z","protocol":"TCP","status":502,"bytes_sent":0,"bytes_received":517,"session_time":3.012,"upstream_addr":null,"upstream_bytes_sent":null,"upstream_connect_time":null}"#,
        ),
    ),
    (
        "$http_host without $remote_addr: still http_host (host is only ever the client)",
        r#"$http_x_forwarded_for $http_host "$request" $status"#,
        br#"203.0.113.7 shop.example.net "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"x_forwarded_for":"203.0.113.7","http_host":"shop.example.net","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "$host is server_name, $server_name is vhost",
        r#"$host $server_name $remote_addr "$request" $status"#,
        br#"shop.example.net _ 192.0.2.1 "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"server_name":"shop.example.net","vhost":"_","host":"192.0.2.1","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "$request with $uri, $args and $request_method: the later ones take their own names",
        r#""$request" $uri $args $request_method"#,
        br#""GET /shop/search?q=tea HTTP/1.1" /shop/search q=tea GET"#,
        Json(
            r#"{"method":"GET","path":"/shop/search?q=tea","protocol":"HTTP/1.1","request":"GET /shop/search?q=tea HTTP/1.1","uri":"/shop/search","query":"q=tea","request_method":"GET"}"#,
        ),
    ),
    (
        "$args without arguments is - (null)",
        r#""$request" $uri $args $request_method"#,
        br#""GET /shop/ HTTP/1.1" /shop/ - GET"#,
        Json(
            r#"{"method":"GET","path":"/shop/","protocol":"HTTP/1.1","request":"GET /shop/ HTTP/1.1","uri":"/shop/","query":null,"request_method":"GET"}"#,
        ),
    ),
    (
        "nginx's compression example: $bytes_sent and a quoted $gzip_ratio number",
        COMPRESSION,
        br#"192.0.2.40 - - [10/Mar/2024:12:00:00 +0000] "GET /app.js HTTP/1.1" 200 10412 "https://shop.example.net/" "Mozilla/5.0" "3.41""#,
        Json(
            r#"{"host":"192.0.2.40","ident":null,"user":null,"timestamp":"2024-03-10T12:00:00Z","method":"GET","path":"/app.js","protocol":"HTTP/1.1","request":"GET /app.js HTTP/1.1","status":200,"bytes_sent":10412,"referer":"https://shop.example.net/","user_agent":"Mozilla/5.0","gzip_ratio":3.41}"#,
        ),
    ),
    (
        "compression: no gzip is \"-\" (null)",
        COMPRESSION,
        br#"192.0.2.40 - - [10/Mar/2024:12:00:01 +0000] "GET /logo.png HTTP/1.1" 200 8630 "-" "Mozilla/5.0" "-""#,
        Json(
            r#"{"host":"192.0.2.40","ident":null,"user":null,"timestamp":"2024-03-10T12:00:01Z","method":"GET","path":"/logo.png","protocol":"HTTP/1.1","request":"GET /logo.png HTTP/1.1","status":200,"bytes_sent":8630,"referer":null,"user_agent":"Mozilla/5.0","gzip_ratio":null}"#,
        ),
    ),
    (
        "escape=none: a raw backslash is a backslash, raw UTF-8 is kept",
        r#"log_format raw escape=none '$remote_addr "$request" $status "$http_user_agent"';"#,
        b"192.0.2.41 \"GET /a\\b HTTP/1.1\" 200 \"Mozilla\\5.0 caf\xc3\xa9\"",
        Json(
            r#"{"host":"192.0.2.41","method":"GET","path":"/a\\b","protocol":"HTTP/1.1","request":"GET /a\\b HTTP/1.1","status":200,"user_agent":"Mozilla\\5.0 café"}"#,
        ),
    ),
    (
        "\"$scheme://$host$request_uri\": $host has no /, $request_uri starts with one",
        r#"$remote_addr "$scheme://$host$request_uri" $status"#,
        br#"192.0.2.1 "https://shop.example.net/cart?id=7" 200"#,
        Json(
            r#"{"host":"192.0.2.1","scheme":"https","server_name":"shop.example.net","request_uri":"/cart?id=7","status":200}"#,
        ),
    ),
    (
        "quoted upstream timings (NGINX's main_ext style): lists as logged",
        r#"$remote_addr [$time_local] "$request" $status rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time""#,
        br#"192.0.2.50 [10/Mar/2024:12:00:00 +0000] "GET /api HTTP/1.1" 200 rt=0.052 uct="0.000, 0.001" uht="-, 0.050" urt="0.003, 0.050""#,
        Json(
            r#"{"host":"192.0.2.50","timestamp":"2024-03-10T12:00:00Z","method":"GET","path":"/api","protocol":"HTTP/1.1","request":"GET /api HTTP/1.1","status":200,"request_time":0.052,"upstream_connect_time":"0.000, 0.001","upstream_header_time":"-, 0.050","upstream_response_time":"0.003, 0.050"}"#,
        ),
    ),
    (
        "quoted upstream timings without an upstream: \"-\" is null",
        r#"$remote_addr [$time_local] "$request" $status rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time""#,
        br#"192.0.2.50 [10/Mar/2024:12:00:01 +0000] "GET /static/a.css HTTP/1.1" 200 rt=0.000 uct="-" uht="-" urt="-""#,
        Json(
            r#"{"host":"192.0.2.50","timestamp":"2024-03-10T12:00:01Z","method":"GET","path":"/static/a.css","protocol":"HTTP/1.1","request":"GET /static/a.css HTTP/1.1","status":200,"request_time":0.000,"upstream_connect_time":null,"upstream_header_time":null,"upstream_response_time":null}"#,
        ),
    ),
    // ------------------------------------------------------------------ 5. Apache
    (
        "Apache ssl_request_log: %{SSL_PROTOCOL}x %{SSL_CIPHER}x",
        SSL_REQUEST_LOG,
        br#"[10/Mar/2024:14:02:11 +0100] 192.0.2.44 TLSv1.3 TLS_AES_256_GCM_SHA384 "GET /index.html HTTP/1.1" 5120"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:02:11Z","host":"192.0.2.44","ssl_protocol":"TLSv1.3","ssl_cipher":"TLS_AES_256_GCM_SHA384","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1","bytes":5120}"#,
        ),
    ),
    (
        "Apache ssl_request_log: no SSL variables (-) are null, %b - is 0, Apache's \\\" undone",
        SSL_REQUEST_LOG,
        br#"[10/Mar/2024:14:02:12 +0100] 2001:db8::44 - - "GET /q?s=\"x\" HTTP/1.0" -"#,
        Json(
            r#"{"timestamp":"2024-03-10T13:02:12Z","host":"2001:db8::44","ssl_protocol":null,"ssl_cipher":null,"method":"GET","path":"/q?s=\"x\"","protocol":"HTTP/1.0","request":"GET /q?s=\"x\" HTTP/1.0","bytes":0}"#,
        ),
    ),
    (
        "Apache: a - status is null",
        r#"%h %t "%r" %>s %b %D"#,
        br#"192.0.2.9 [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" - - 1234"#,
        Json(
            r#"{"host":"192.0.2.9","timestamp":"2024-03-10T12:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":null,"bytes":0,"duration_us":1234}"#,
        ),
    ),
    (
        "Apache: %s beside %>s is original_status",
        r#"%h "%r" %s %>s"#,
        br#"192.0.2.1 "GET /old-page HTTP/1.1" 302 200"#,
        Json(
            r#"{"host":"192.0.2.1","method":"GET","path":"/old-page","protocol":"HTTP/1.1","request":"GET /old-page HTTP/1.1","original_status":302,"status":200}"#,
        ),
    ),
    (
        "Apache: %{Host}i beside %h is http_host",
        r#"%h %{Host}i "%r" %>s"#,
        br#"192.0.2.1 www.example.com "GET / HTTP/1.1" 200"#,
        Json(
            r#"{"host":"192.0.2.1","http_host":"www.example.com","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200}"#,
        ),
    ),
    (
        "Apache: %b then %B: bytes and response_bytes (the later takes its other name)",
        r#"%h "%r" %b %B"#,
        br#"192.0.2.1 "HEAD / HTTP/1.1" - 0"#,
        Json(
            r#"{"host":"192.0.2.1","method":"HEAD","path":"/","protocol":"HTTP/1.1","request":"HEAD / HTTP/1.1","bytes":0,"response_bytes":0}"#,
        ),
    ),
    (
        "Apache: %B then %b: bytes and bytes_clf",
        r#"%h "%r" %B %b"#,
        br#"192.0.2.1 "GET / HTTP/1.1" 2326 2326"#,
        Json(
            r#"{"host":"192.0.2.1","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","bytes":2326,"bytes_clf":2326}"#,
        ),
    ),
    (
        "Apache: an unquoted %{X-Forwarded-For}i with a comma list",
        "%h %{X-Forwarded-For}i %>s",
        b"10.0.0.1 203.0.113.9, 198.51.100.2 200",
        Json(r#"{"host":"10.0.0.1","x_forwarded_for":"203.0.113.9, 198.51.100.2","status":200}"#),
    ),
    (
        "Apache: an unquoted %{X-Forwarded-For}i that is - is null",
        "%h %{X-Forwarded-For}i %>s",
        b"10.0.0.1 - 200",
        Json(r#"{"host":"10.0.0.1","x_forwarded_for":null,"status":200}"#),
    ),
    (
        "Apache vhost_combined: an IPv6 client, -0100 into the next day",
        "vhost_combined",
        br#"shop.example.net:443 2001:db8:cafe::17 - - [10/Mar/2024:23:30:00 -0100] "GET /cart HTTP/2.0" 200 1840 "https://shop.example.net/" "Mozilla/5.0 (Android 14; Mobile; rv:123.0) Gecko/123.0 Firefox/123.0""#,
        Json(
            r#"{"vhost":"shop.example.net","port":443,"host":"2001:db8:cafe::17","ident":null,"user":null,"timestamp":"2024-03-11T00:30:00Z","method":"GET","path":"/cart","protocol":"HTTP/2.0","request":"GET /cart HTTP/2.0","status":200,"bytes_sent":1840,"referer":"https://shop.example.net/","user_agent":"Mozilla/5.0 (Android 14; Mobile; rv:123.0) Gecko/123.0 Firefox/123.0"}"#,
        ),
    ),
    // ------------------------------------------------------------- 6. failing lines
    (
        "main: 30 February",
        "nginx_main",
        br#"192.0.2.1 - - [30/Feb/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "-""#,
        Error(r#"invalid time (LOG_FORMAT position 30) at column 16: found "30/Feb/2024:10:0...""#),
    ),
    (
        "main: a status with letters",
        "nginx_main",
        br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 2OO 612 "-" "curl/8.5.0" "-""#,
        Error(r#"invalid status (LOG_FORMAT position 54) at column 61: found "2OO 612 \"-\" \"cur...""#),
    ),
    (
        "main: a four-digit status",
        "nginx_main",
        br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 2000 612 "-" "curl/8.5.0" "-""#,
        Error(
            r#"expected the format's text after the field at LOG_FORMAT position 54 at column 64: found "0 612 \"-\" \"curl/...""#,
        ),
    ),
    (
        "main: the agent's quote cut off",
        "nginx_main",
        br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET /catalog/item/42 HTTP/1.1" 200 612 "-" "Mozilla/5.0 (X11; Linux x86_64"#,
        Error("expected the format's text after the field at LOG_FORMAT position 96 at column 119: the line ends"),
    ),
    (
        "main: JSON is not an access log",
        "nginx_main",
        br#"{"level":"info","msg":"ready"}"#,
        Error("expected the format's text after the field at LOG_FORMAT position 1 at column 31: the line ends"),
    ),
    (
        "main: an empty line",
        "nginx_main",
        b"",
        Error("invalid value (LOG_FORMAT position 1) at column 1: the line ends"),
    ),
    (
        "combined: a syslog line is not an access log",
        "combined",
        br#"Mar 10 14:02:11 web01 nginx[812]: 2024/03/10 14:02:11 [error] 812#812: *41 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)"#,
        Error(r#"invalid timestamp (%t) at column 16: found " web01 nginx[812...""#),
    ),
    (
        "combined: a leading vhost field names vhost_combined",
        "combined",
        br#"shop.example.net:443 203.0.113.7 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5120 "-" "curl/8.5.0""#,
        Error(
            r#"invalid timestamp (%t) at column 35: found " - [10/Mar/2024:..." (the line reads as LOG_FORMAT=vhost_combined)"#,
        ),
    ),
    (
        "nginx_combined: a main line names nginx_main",
        "nginx_combined",
        br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "203.0.113.9, 10.0.0.1""#,
        Error(
            r#"unexpected text after the last field at column 85: found " \"203.0.113.9, 1..." (the line reads as LOG_FORMAT=nginx_main)"#,
        ),
    ),
    (
        "main: a combined line names combined",
        "nginx_main",
        br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0""#,
        Error(
            r#"expected the format's text after the field at LOG_FORMAT position 96 at column 84: found "\"" (the line reads as LOG_FORMAT=combined)"#,
        ),
    ),
    (
        "ingress: a request_time that is not a number",
        "ingress_nginx",
        br#"10.244.1.1 - - [12/Mar/2024:08:30:15 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29" 112 NaN [shop-frontend-80] [] 10.244.2.17:8080 2 0.002 200 7f3c9a1e0b2d4c6e8f90a1b2c3d4e5f6"#,
        Error(r#"invalid number (LOG_FORMAT position 130) at column 101: found "NaN [shop-fronte...""#),
    ),
    (
        "ingress: a main line names nginx_main",
        "ingress_nginx",
        br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "-""#,
        Error(
            r#"invalid number (LOG_FORMAT position 114) at column 86: found "\"-\"" (the line reads as LOG_FORMAT=nginx_main)"#,
        ),
    ),
    (
        // A JSON template is read by its keys: the error is the JSON reader's.
        "escape=json: a line cut off inside the agent (read by keys: the string never closes)",
        J,
        br#"{"t":"2024-03-10T14:05:09+01:00","s":200,"rt":0.012,"ua":"Mozilla/5.0 (Windows NT 10.0; Win64; x"#,
        Error("not a JSON object, expected the string's closing '\"' at column 97: the line ends"),
    ),
    (
        "$msec without its milliseconds",
        r#"$msec $remote_addr "$request" $status"#,
        br#"1709942400 192.0.2.1 "GET / HTTP/1.1" 200"#,
        Error(r#"invalid time (LOG_FORMAT position 1) at column 1: found "1709942400 192.0...""#),
    ),
    (
        "$time_iso8601 on 29 February of a common year",
        r#"$time_iso8601 $remote_addr "$request" $status"#,
        br#"2023-02-29T12:00:00+00:00 192.0.2.5 "GET / HTTP/1.1" 200"#,
        Error(r#"invalid time (LOG_FORMAT position 1) at column 1: found "2023-02-29T12:00...""#),
    ),
    (
        "ssl_request_log: 29 February of a common year",
        SSL_REQUEST_LOG,
        br#"[29/Feb/2023:10:00:00 +0000] 192.0.2.44 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET / HTTP/1.1" 512"#,
        Error(r#"invalid time (LOG_FORMAT position 1) at column 1: found "[29/Feb/2023:10:...""#),
    ),
    (
        "Apache: a status with a letter",
        r#"%h "%r" %s %>s"#,
        br#"192.0.2.1 "GET /old-page HTTP/1.1" 302 20x"#,
        Error(r#"invalid status (LOG_FORMAT position 12) at column 40: found "20x""#),
    ),
    (
        "vhost_combined: no :port after the vhost",
        "vhost_combined",
        br#"www.example.com 2001:db8::17 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5120 "-" "curl/8.5.0""#,
        Error(
            r#"expected the format's text after the field at LOG_FORMAT position 1 at column 16: found " 2001:db8::17 - ...""#,
        ),
    ),
];

#[test]
fn every_row_gives_its_documented_object_or_error() {
    support::rows::check(ROWS);
    let ok_rows = support::rows::objects(ROWS);
    assert!(ok_rows >= 40 && ROWS.len() - ok_rows >= 15, "{ok_rows} Ok rows of {}", ROWS.len());
}

/// The hint names the nickname that reads the line.
#[test]
fn a_failing_line_names_the_nickname_that_reads_it() {
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "combined",
            br#"shop.example.net:443 203.0.113.7 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5120 "-" "curl/8.5.0""#,
            "vhost_combined",
        ),
        (
            "nginx_combined",
            br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "203.0.113.9, 10.0.0.1""#,
            "nginx_main",
        ),
        (
            "nginx_main",
            br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0""#,
            "combined",
        ),
        (
            "nginx_main",
            br#"10.244.1.1 - - [12/Mar/2024:08:30:15 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29" 112 0.002 [shop-frontend-80] [] 10.244.2.17:8080 2 0.002 200 7f3c9a1e0b2d4c6e8f90a1b2c3d4e5f6"#,
            "ingress_nginx",
        ),
    ];
    for (format, line, nickname) in cases {
        let err = json(&compiled(format), line).expect_err(format);
        assert_eq!(err.hint, Some(nickname), "LOG_FORMAT={format}: {err}");
        assert!(
            err.to_string().ends_with(&format!("(the line reads as LOG_FORMAT={nickname})")),
            "LOG_FORMAT={format}: {err}"
        );
    }
    // A line no nickname reads has no hint.
    let err = json(&compiled("combined"), b"not a log line").unwrap_err();
    assert_eq!(err.hint, None, "{err}");
}

/// nginx's stock combined is Apache's combined: a plain line writes the same bytes.
#[test]
fn nginx_combined_writes_what_combined_writes() {
    let lines: [&[u8]; 4] = [
        br#"192.0.2.20 - - [10/Mar/2024:12:00:00 +0000] "GET /index.html HTTP/1.1" 200 615 "-" "Mozilla/5.0 (X11; Linux x86_64)""#,
        br#"2001:db8::1 - bob [01/Jan/2024:00:15:00 +0530] "POST /login HTTP/2.0" 302 0 "https://shop.example.net/" "curl/8.5.0""#,
        br#"198.51.100.7 - - [09/Mar/2024:22:15:00 -0330] "" 400 0 "-" "-""#,
        br#"10.0.0.1 - - [10/Mar/2024:12:00:00 +0000] "GET /a[1] HTTP/1.1" 404 153 "" "x [y] (z)""#,
    ];
    let combined = compiled("combined");
    for nginx in [compiled("nginx_combined"), compiled(NGINX_COMBINED_DIRECTIVE)] {
        for line in lines {
            let want = json(&combined, line).unwrap();
            assert_eq!(json(&nginx, line).unwrap(), want, "{}", String::from_utf8_lossy(line));
        }
    }
}

/// The stock `main` directive, as nginx.conf has it, is the nickname.
#[test]
fn the_main_directive_writes_what_nginx_main_writes() {
    support::rows::same_as_nickname(ROWS, "nginx_main", MAIN_DIRECTIVE);
}

/// Every line of the four files, under its format: none fails, each is one JSON object.
#[test]
fn the_testdata_files_parse_under_their_formats() {
    let files = [
        ("nginx_main.log", "nginx_main"),
        ("ingress_nginx.log", "ingress_nginx"),
        ("nginx_json.log", JSON_DIRECTIVE),
        ("apache_ssl.log", SSL_REQUEST_LOG),
    ];
    for (file, text) in files {
        let path = root().join("testdata/lines").join(file);
        let log = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let format = compiled(text);
        let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
        assert!((8..=15).contains(&lines.len()), "{file}: {} lines", lines.len());
        for (n, line) in lines.iter().enumerate() {
            let got = json(&format, line)
                .unwrap_or_else(|e| panic!("{file}:{}: {e}: {}", n + 1, String::from_utf8_lossy(line)));
            let value: serde_json::Value = serde_json::from_str(&got)
                .unwrap_or_else(|e| panic!("{file}:{}: not JSON ({e}): {got}", n + 1));
            assert!(value.get("timestamp").is_some_and(|t| t.is_string()), "{file}:{}: {got}", n + 1);
        }
    }
}
