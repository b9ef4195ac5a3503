//! HAProxy's formats, row by row: LOG_FORMAT, a line in, the exact JSON object out; and
//! what a `log-format` line copied from haproxy.cfg may hold, or is refused for.
//!
//! Every expected value is what HAProxy's configuration manual says the line holds
//! (section 8.2.2 "TCP log format", 8.2.3 "HTTP log format", 8.2.4 "HTTPS log format",
//! 8.2.6 "Custom log format", 8.9 "Examples of logs"), not what the code happened to write:
//! - the timers (`%TR/%Tw/%Tc/%Tr/%Ta`, `%Tw/%Tc/%Tt`) are milliseconds, `-1` when the
//!   stream ended before that step (null); `-1` as the status is null too;
//! - `option logasap` puts a `+` before the active time and the bytes (`+30`, `+243`): the
//!   number counted when the line was logged; a `+` before the retries says the stream was
//!   redispatched, and the count is written;
//! - `%hr`/`%hs` write `{a|b}`, or nothing at all, not even their separator, when no
//!   header is captured; `{}` is a capture that found no header (the empty string);
//! - `%t`/`%tr` are local times with milliseconds and no offset: UTC; `%Tl`, `%trg` carry
//!   their offset;
//! - a syslog prefix (`Feb  6 12:14:14 localhost haproxy[14389]: `, or `haproxy[674]: ` as
//!   section 8.9 writes it) gives `syslog_host`, `syslog_process` and `syslog_pid`;
//! - HAProxy writes an IPv6 client as `2001:db8::1:51234`: the port is after the last `:`;
//! - `"`, `#` and bytes outside 32..126 are `#XX` (section 8.6), kept as logged.

mod support;

use firelog::access_log::Format;
use support::rows::Want::Json;
use support::rows::{Row, object as json};
use support::settings::format as compiled;

const ROWS: &[Row] = &[
    (
        // No server was reached: HAProxy logs its address as `-`, no address: null.
        r##"own: a server address of - (and its port)"##,
        r##"log-format "%ci:%cp %si:%sp %ST""##,
        br##"10.0.1.2:33317 -:- 503"##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33317,"server_ip":null,"server_port":null,"status":503}"##),
    ),
    (
        // A syslog daemon without a host name for the sender writes `-` where RFC 3164's
        // HOSTNAME stands (and a zero-padded day): no host, null, as RFC 5424's nil `-` is.
        r##"own: a syslog prefix whose host is -"##,
        r##"haproxy_tcp"##,
        br##"Feb 01 18:34:10 - haproxy[42471]: 2001:db8::7:50886 [01/Feb/2018:18:34:10.200] tcp-in bk/srv1 0/1/122 938 -- 4/4/3/3/0 0/0"##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":42471,"syslog_structured_data":null,"host":"2001:db8::7","client_port":50886,"timestamp":"2018-02-01T18:34:10.200Z","frontend_name_transport":"tcp-in","backend_name":"bk","server_name":"srv1","queue_time_ms":0,"connect_time_ms":1,"total_time_ms":122,"bytes":938,"termination_state":"--","actconn":4,"feconn":4,"beconn":3,"srv_conn":3,"retries":0,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: rsyslog's precise time (RFC 3339) before the host"##,
        r##"haproxy_http"##,
        br##"2022-09-04T21:34:04+00:00 lb-1.example.net haproxy[8]: 172.24.0.1:62106 [04/Sep/2022:21:34:04.666] main app/simpleServer 0/0/0/0/0 200 132 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1""##,
        Json(r##"{"syslog_host":"lb-1.example.net","syslog_process":"haproxy","syslog_pid":8,"syslog_structured_data":null,"host":"172.24.0.1","client_port":62106,"timestamp":"2022-09-04T21:34:04.666Z","frontend_name_transport":"main","backend_name":"app","server_name":"simpleServer","request_time_ms":0,"queue_time_ms":0,"connect_time_ms":0,"response_time_ms":0,"active_time_ms":0,"status":200,"bytes":132,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":1,"feconn":1,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1"}"##),
    ),
    (
        r##"docs 8.2.3: the httplog example, with its syslog prefix"##,
        r##"haproxy_http"##,
        br##"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""##,
        Json(r##"{"syslog_host":"localhost","syslog_process":"haproxy","syslog_pid":14389,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33317,"timestamp":"2009-02-06T12:14:14.655Z","frontend_name_transport":"http-in","backend_name":"static","server_name":"srv1","request_time_ms":10,"queue_time_ms":0,"connect_time_ms":30,"response_time_ms":69,"active_time_ms":109,"status":200,"bytes":2750,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":1,"feconn":1,"beconn":1,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":"1wt.eu","captured_response_headers":"","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1"}"##),
    ),
    (
        r##"own: RFC 5424 as HAProxy's `format rfc5424` sends it (msgid and structured data nil)"##,
        r##"haproxy_http"##,
        br##"<134>1 2026-12-06T12:14:14.655123+01:00 lb-1.example.net haproxy 14389 - - 10.0.1.2:33317 [06/Dec/2026:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""##,
        Json(r##"{"syslog_host":"lb-1.example.net","syslog_process":"haproxy","syslog_pid":14389,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33317,"timestamp":"2026-12-06T12:14:14.655Z","frontend_name_transport":"http-in","backend_name":"static","server_name":"srv1","request_time_ms":10,"queue_time_ms":0,"connect_time_ms":30,"response_time_ms":69,"active_time_ms":109,"status":200,"bytes":2750,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":1,"feconn":1,"beconn":1,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":"1wt.eu","captured_response_headers":"","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1"}"##),
    ),
    (
        r##"own: RFC 5424 with log-format-sd's structured data (the manual's example) and an IPv6 client"##,
        r##"haproxy_tcp"##,
        br##"<134>1 2026-12-06T12:14:14Z lb-1 haproxy 7 - [exampleSDID@1234 bytes="0" status="-1"] 2001:db8::7:443 [06/Dec/2026:12:14:14.250] tls-in~ tls/<NOSRV> -1/-1/12 0 CC 3/2/0/0/0 0/0"##,
        Json(r##"{"syslog_host":"lb-1","syslog_process":"haproxy","syslog_pid":7,"syslog_structured_data":"[exampleSDID@1234 bytes=\"0\" status=\"-1\"]","host":"2001:db8::7","client_port":443,"timestamp":"2026-12-06T12:14:14.250Z","frontend_name_transport":"tls-in~","backend_name":"tls","server_name":"<NOSRV>","queue_time_ms":null,"connect_time_ms":null,"total_time_ms":12,"bytes":0,"termination_state":"CC","actconn":3,"feconn":2,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: RFC 5424, two elements with escapes in a value, and a BOM before the line"##,
        r##"haproxy_tcp"##,
        b"<134>1 2026-12-06T12:14:14Z lb-1 haproxy 7 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"li\\\\cation\\]\"][examplePriority@32473 class=\"high\"] \xEF\xBB\xBF10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0",
        Json(r##"{"syslog_host":"lb-1","syslog_process":"haproxy","syslog_pid":7,"syslog_structured_data":"[exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"li\\\\cation\\]\"][examplePriority@32473 class=\"high\"]","host":"10.0.1.2","client_port":33313,"timestamp":"2009-02-06T12:12:51.443Z","frontend_name_transport":"fnt","backend_name":"bck","server_name":"srv1","queue_time_ms":0,"connect_time_ms":0,"total_time_ms":5007,"bytes":212,"termination_state":"--","actconn":0,"feconn":0,"beconn":0,"srv_conn":0,"retries":3,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: RFC 5424 with every header field nil (rsyslog relaying), and no <PRI>"##,
        r##"haproxy_tcp"##,
        br##"1 - - - - - - 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0"##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33313,"timestamp":"2009-02-06T12:12:51.443Z","frontend_name_transport":"fnt","backend_name":"bck","server_name":"srv1","queue_time_ms":0,"connect_time_ms":0,"total_time_ms":5007,"bytes":212,"termination_state":"--","actconn":0,"feconn":0,"beconn":0,"srv_conn":0,"retries":3,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: RFC 5424 whose procid is no number (a worker's name): syslog_pid is null"##,
        r##"haproxy_tcp"##,
        br##"<134>1 2026-12-06T12:14:14Z lb-1 haproxy worker-2 - - 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0"##,
        Json(r##"{"syslog_host":"lb-1","syslog_process":"haproxy","syslog_pid":null,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33313,"timestamp":"2009-02-06T12:12:51.443Z","frontend_name_transport":"fnt","backend_name":"bck","server_name":"srv1","queue_time_ms":0,"connect_time_ms":0,"total_time_ms":5007,"bytes":212,"termination_state":"--","actconn":0,"feconn":0,"beconn":0,"srv_conn":0,"retries":3,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"docs 8.9: a long request typed by hand (process[pid]: only)"##,
        r##"haproxy_http"##,
        br##"haproxy[674]: 127.0.0.1:33318 [15/Oct/2003:08:31:57.130] px-http px-http/srv1 6559/0/7/147/6723 200 243 - - ---- 5/3/3/1/0 0/0 "HEAD / HTTP/1.0""##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":674,"syslog_structured_data":null,"host":"127.0.0.1","client_port":33318,"timestamp":"2003-10-15T08:31:57.130Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"srv1","request_time_ms":6559,"queue_time_ms":0,"connect_time_ms":7,"response_time_ms":147,"active_time_ms":6723,"status":200,"bytes":243,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":5,"feconn":3,"beconn":3,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":"HEAD","path":"/","protocol":"HTTP/1.0","request":"HEAD / HTTP/1.0"}"##),
    ),
    (
        r##"docs 8.9: queued in the global queue behind 9 requests"##,
        r##"haproxy_http"##,
        br##"haproxy[674]: 127.0.0.1:33319 [15/Oct/2003:08:31:57.149] px-http px-http/srv1 6559/1230/7/147/6870 200 243 - - ---- 324/239/239/99/0 0/9 "HEAD / HTTP/1.0""##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":674,"syslog_structured_data":null,"host":"127.0.0.1","client_port":33319,"timestamp":"2003-10-15T08:31:57.149Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"srv1","request_time_ms":6559,"queue_time_ms":1230,"connect_time_ms":7,"response_time_ms":147,"active_time_ms":6870,"status":200,"bytes":243,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":324,"feconn":239,"beconn":239,"srv_conn":99,"retries":0,"srv_queue":0,"backend_queue":9,"captured_request_headers":null,"captured_response_headers":null,"method":"HEAD","path":"/","protocol":"HTTP/1.0","request":"HEAD / HTTP/1.0"}"##),
    ),
    (
        r##"docs 8.9: logasap, + before the active time and the bytes"##,
        r##"haproxy_http"##,
        br##"haproxy[674]: 127.0.0.1:33320 [15/Oct/2003:08:32:17.654] px-http px-http/srv1 9/0/7/14/+30 200 +243 - - ---- 3/3/3/1/0 0/0 "GET /image.iso HTTP/1.0""##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":674,"syslog_structured_data":null,"host":"127.0.0.1","client_port":33320,"timestamp":"2003-10-15T08:32:17.654Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"srv1","request_time_ms":9,"queue_time_ms":0,"connect_time_ms":7,"response_time_ms":14,"active_time_ms":30,"status":200,"bytes":243,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":3,"feconn":3,"beconn":3,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":"GET","path":"/image.iso","protocol":"HTTP/1.0","request":"GET /image.iso HTTP/1.0"}"##),
    ),
    (
        r##"docs 8.9: a 502 HAProxy decided (PH--)"##,
        r##"haproxy_http"##,
        br##"haproxy[674]: 127.0.0.1:33320 [15/Oct/2003:08:32:17.925] px-http px-http/srv1 9/0/7/14/30 502 243 - - PH-- 3/2/2/0/0 0/0 "GET /cgi-bin/bug.cgi? HTTP/1.0""##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":674,"syslog_structured_data":null,"host":"127.0.0.1","client_port":33320,"timestamp":"2003-10-15T08:32:17.925Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"srv1","request_time_ms":9,"queue_time_ms":0,"connect_time_ms":7,"response_time_ms":14,"active_time_ms":30,"status":502,"bytes":243,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"PH--","actconn":3,"feconn":2,"beconn":2,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":"GET","path":"/cgi-bin/bug.cgi?","protocol":"HTTP/1.0","request":"GET /cgi-bin/bug.cgi? HTTP/1.0"}"##),
    ),
    (
        r##"docs 8.9: the client aborted: -1 timers and status, <NOSRV>, an empty request"##,
        r##"haproxy_http"##,
        br##"haproxy[18113]: 127.0.0.1:34548 [15/Oct/2003:15:18:55.798] px-http px-http/<NOSRV> -1/-1/-1/-1/8490 -1 0 - - CR-- 2/2/2/0/0 0/0 """##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":18113,"syslog_structured_data":null,"host":"127.0.0.1","client_port":34548,"timestamp":"2003-10-15T15:18:55.798Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"<NOSRV>","request_time_ms":null,"queue_time_ms":null,"connect_time_ms":null,"response_time_ms":null,"active_time_ms":8490,"status":null,"bytes":0,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"CR--","actconn":2,"feconn":2,"beconn":2,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":null,"path":null,"protocol":null,"request":""}"##),
    ),
    (
        r##"docs 8.9: the client timed out, 408"##,
        r##"haproxy_http"##,
        br##"haproxy[18113]: 127.0.0.1:34549 [15/Oct/2003:15:19:06.103] px-http px-http/<NOSRV> -1/-1/-1/-1/50001 408 0 - - cR-- 2/2/2/0/0 0/0 """##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":18113,"syslog_structured_data":null,"host":"127.0.0.1","client_port":34549,"timestamp":"2003-10-15T15:19:06.103Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"<NOSRV>","request_time_ms":null,"queue_time_ms":null,"connect_time_ms":null,"response_time_ms":null,"active_time_ms":50001,"status":408,"bytes":0,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"cR--","actconn":2,"feconn":2,"beconn":2,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":null,"path":null,"protocol":null,"request":""}"##),
    ),
    (
        r##"docs 8.9: the connection to the server failed after 3 retries (SC--)"##,
        r##"haproxy_http"##,
        br##"haproxy[18989]: 10.0.0.1:34552 [15/Oct/2003:15:26:31.462] px-http px-http/srv1 3183/-1/-1/-1/11215 503 0 - - SC-- 205/202/202/115/3 0/0 "HEAD / HTTP/1.0""##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":18989,"syslog_structured_data":null,"host":"10.0.0.1","client_port":34552,"timestamp":"2003-10-15T15:26:31.462Z","frontend_name_transport":"px-http","backend_name":"px-http","server_name":"srv1","request_time_ms":3183,"queue_time_ms":null,"connect_time_ms":null,"response_time_ms":null,"active_time_ms":11215,"status":503,"bytes":0,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"SC--","actconn":205,"feconn":202,"beconn":202,"srv_conn":115,"retries":3,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":"HEAD","path":"/","protocol":"HTTP/1.0","request":"HEAD / HTTP/1.0"}"##),
    ),
    (
        r##"own: an IPv6 client, a redispatch (+1), captured cookies and two request headers with a space"##,
        r##"haproxy_http"##,
        br##"2001:db8:85a3::8a2e:370:7334:51234 [10/Mar/2024:13:55:36.012] www~ app/app2 0/12/1/45/58 200 5120 SERVERID=app1 SERVERID=app2 --VN 40/31/12/3/+1 0/0 {shop.example.net|Mozilla/5.0 (X11; Linux x86_64)} {text/html} "GET /cart?item=42 HTTP/2.0""##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8:85a3::8a2e:370:7334","client_port":51234,"timestamp":"2024-03-10T13:55:36.012Z","frontend_name_transport":"www~","backend_name":"app","server_name":"app2","request_time_ms":0,"queue_time_ms":12,"connect_time_ms":1,"response_time_ms":45,"active_time_ms":58,"status":200,"bytes":5120,"captured_request_cookie":"SERVERID=app1","captured_response_cookie":"SERVERID=app2","termination_state":"--VN","actconn":40,"feconn":31,"beconn":12,"srv_conn":3,"retries":1,"srv_queue":0,"backend_queue":0,"captured_request_headers":"shop.example.net|Mozilla/5.0 (X11; Linux x86_64)","captured_response_headers":"text/html","method":"GET","path":"/cart?item=42","protocol":"HTTP/2.0","request":"GET /cart?item=42 HTTP/2.0"}"##),
    ),
    (
        r##"own: unix socket client, #22 in the request kept as logged"##,
        r##"haproxy_http"##,
        br##"unix:1 [29/Feb/2024:23:59:59.999] local be/s1 0/0/0/1/1 404 153 - - ---- 1/1/0/0/0 0/0 "GET /a#22b HTTP/1.1""##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"unix","client_port":1,"timestamp":"2024-02-29T23:59:59.999Z","frontend_name_transport":"local","backend_name":"be","server_name":"s1","request_time_ms":0,"queue_time_ms":0,"connect_time_ms":0,"response_time_ms":1,"active_time_ms":1,"status":404,"bytes":153,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":1,"feconn":1,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":"GET","path":"/a#22b","protocol":"HTTP/1.1","request":"GET /a#22b HTTP/1.1"}"##),
    ),
    (
        r##"docs 8.2.4: the httpslog example"##,
        r##"haproxy_https"##,
        br##"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] https-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1" 0/0/0/0/0 1wt.eu/TLSv1.3/TLS_AES_256_GCM_SHA384"##,
        Json(r##"{"syslog_host":"localhost","syslog_process":"haproxy","syslog_pid":14389,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33317,"timestamp":"2009-02-06T12:14:14.655Z","frontend_name_transport":"https-in","backend_name":"static","server_name":"srv1","request_time_ms":10,"queue_time_ms":0,"connect_time_ms":30,"response_time_ms":69,"active_time_ms":109,"status":200,"bytes":2750,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"----","actconn":1,"feconn":1,"beconn":1,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":"1wt.eu","captured_response_headers":"","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1","fc_err":0,"ssl_fc_err":"0","ssl_c_err":0,"ssl_c_ca_err":0,"ssl_fc_is_resumed":0,"ssl_fc_sni":"1wt.eu","ssl_version":"TLSv1.3","ssl_ciphers":"TLS_AES_256_GCM_SHA384"}"##),
    ),
    (
        r##"own: httpslog, a failed handshake: no SNI, the OpenSSL error in hex"##,
        r##"haproxy_https"##,
        br##"192.0.2.7:40000 [10/Mar/2024:12:00:00.000] https-in~ https-in/<NOSRV> -1/-1/-1/-1/3 -1 0 - - CR-- 1/1/0/0/0 0/0 "<BADREQ>" 23/A000418/0/0/0 -/TLSv1.2/ECDHE-RSA-AES128-GCM-SHA256"##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"192.0.2.7","client_port":40000,"timestamp":"2024-03-10T12:00:00.000Z","frontend_name_transport":"https-in~","backend_name":"https-in","server_name":"<NOSRV>","request_time_ms":null,"queue_time_ms":null,"connect_time_ms":null,"response_time_ms":null,"active_time_ms":3,"status":null,"bytes":0,"captured_request_cookie":null,"captured_response_cookie":null,"termination_state":"CR--","actconn":1,"feconn":1,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_headers":null,"captured_response_headers":null,"method":null,"path":null,"protocol":null,"request":"<BADREQ>","fc_err":23,"ssl_fc_err":"A000418","ssl_c_err":0,"ssl_c_ca_err":0,"ssl_fc_is_resumed":0,"ssl_fc_sni":null,"ssl_version":"TLSv1.2","ssl_ciphers":"ECDHE-RSA-AES128-GCM-SHA256"}"##),
    ),
    (
        r##"docs 8.2.2: the tcplog example"##,
        r##"haproxy_tcp"##,
        br##"Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0"##,
        Json(r##"{"syslog_host":"localhost","syslog_process":"haproxy","syslog_pid":14387,"syslog_structured_data":null,"host":"10.0.1.2","client_port":33313,"timestamp":"2009-02-06T12:12:51.443Z","frontend_name_transport":"fnt","backend_name":"bck","server_name":"srv1","queue_time_ms":0,"connect_time_ms":0,"total_time_ms":5007,"bytes":212,"termination_state":"--","actconn":0,"feconn":0,"beconn":0,"srv_conn":0,"retries":3,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"docs 8.9: tcplog, the client timed out (cD)"##,
        r##"haproxy_tcp"##,
        br##"haproxy[18989]: 127.0.0.1:34550 [15/Oct/2003:15:24:28.312] px-tcp px-tcp/srv1 0/0/5007 0 cD 0/0/0/0/0 0/0"##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":18989,"syslog_structured_data":null,"host":"127.0.0.1","client_port":34550,"timestamp":"2003-10-15T15:24:28.312Z","frontend_name_transport":"px-tcp","backend_name":"px-tcp","server_name":"srv1","queue_time_ms":0,"connect_time_ms":0,"total_time_ms":5007,"bytes":0,"termination_state":"cD","actconn":0,"feconn":0,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: tcplog from an IPv6 client, <PRI> before the time, no host"##,
        r##"haproxy_tcp"##,
        br##"<134>Mar 10 12:00:00 haproxy[7]: 2001:db8::7:443 [10/Mar/2024:12:00:00.250] tls-in tls/<NOSRV> -1/-1/12 0 CC 3/2/0/0/0 0/0"##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":7,"syslog_structured_data":null,"host":"2001:db8::7","client_port":443,"timestamp":"2024-03-10T12:00:00.250Z","frontend_name_transport":"tls-in","backend_name":"tls","server_name":"<NOSRV>","queue_time_ms":null,"connect_time_ms":null,"total_time_ms":12,"bytes":0,"termination_state":"CC","actconn":3,"feconn":2,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: httplog clf, captured request and response headers"##,
        r##"haproxy_clf"##,
        br##"10.0.1.2 - - [06/Feb/2009:11:14:14 +0000] "GET /index.html HTTP/1.1" 200 2750 "" "" 33317 655 "http-in" "static" "srv1" 10 0 30 69 109 ---- 1 1 1 1 0 0 0 "" "" "1wt.eu" "text/html""##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"10.0.1.2","timestamp":"2009-02-06T11:14:14Z","method":"GET","path":"/index.html","protocol":"HTTP/1.1","request":"GET /index.html HTTP/1.1","status":200,"bytes":2750,"client_port":33317,"accept_date_ms":655,"frontend_name_transport":"http-in","backend_name":"static","server_name":"srv1","request_time_ms":10,"queue_time_ms":0,"connect_time_ms":30,"response_time_ms":69,"active_time_ms":109,"termination_state":"----","actconn":1,"feconn":1,"beconn":1,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_cookie":"","captured_response_cookie":"","captured_headers":"\"1wt.eu\" \"text/html\""}"##),
    ),
    (
        r##"own: httplog clf, nothing captured (the line ends in a space)"##,
        r##"haproxy_clf"##,
        br##"2001:db8::1 - - [10/Mar/2024:12:00:00 +0000] "POST /api/v1/orders HTTP/1.1" 201 87 "" "" 51234 7 "api" "orders" "o1" 2 0 1 30 33 ---- 5 4 2 1 0 0 0 "" "" "##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::1","timestamp":"2024-03-10T12:00:00Z","method":"POST","path":"/api/v1/orders","protocol":"HTTP/1.1","request":"POST /api/v1/orders HTTP/1.1","status":201,"bytes":87,"client_port":51234,"accept_date_ms":7,"frontend_name_transport":"api","backend_name":"orders","server_name":"o1","request_time_ms":2,"queue_time_ms":0,"connect_time_ms":1,"response_time_ms":30,"active_time_ms":33,"termination_state":"----","actconn":5,"feconn":4,"beconn":2,"srv_conn":1,"retries":0,"srv_queue":0,"backend_queue":0,"captured_request_cookie":"","captured_response_cookie":"","captured_headers":null}"##),
    ),
    (
        r##"own: tcplog clf, the manual's TCP example as option tcplog clf writes it (%ts then --)"##,
        r##"haproxy_tcp_clf"##,
        br##"10.0.1.2 - - [06/Feb/2009:11:12:51 +0000] "TCP " 000 212 "" "" 33313 443 "fnt" "bck" "srv1" 0 0 0 5007 0 ---- 0 0 0 0 3 0 0 "" "" "##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"10.0.1.2","timestamp":"2009-02-06T11:12:51Z","bytes":212,"client_port":33313,"accept_date_ms":443,"frontend_name_transport":"fnt","backend_name":"bck","server_name":"srv1","handshake_time_ms":0,"queue_time_ms":0,"connect_time_ms":0,"total_time_ms":5007,"bytes_uploaded":0,"termination_state":"--","actconn":0,"feconn":0,"beconn":0,"srv_conn":0,"retries":3,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        r##"own: tcplog clf, an IPv6 client closed before a server was reached, -1 timers, a syslog prefix"##,
        r##"haproxy_tcp_clf"##,
        br##"<134>Feb  6 12:12:56 localhost haproxy[14387]: 2001:db8::7 - - [10/Mar/2024:12:00:00 +0000] "TCP " 000 0 "" "" 443 250 "tls-in~" "tls" "<NOSRV>" -1 -1 -1 12 517 CC-- 3 2 0 0 0 0 0 "" "" "##,
        Json(r##"{"syslog_host":"localhost","syslog_process":"haproxy","syslog_pid":14387,"syslog_structured_data":null,"host":"2001:db8::7","timestamp":"2024-03-10T12:00:00Z","bytes":0,"client_port":443,"accept_date_ms":250,"frontend_name_transport":"tls-in~","backend_name":"tls","server_name":"<NOSRV>","handshake_time_ms":null,"queue_time_ms":null,"connect_time_ms":null,"total_time_ms":12,"bytes_uploaded":517,"termination_state":"CC","actconn":3,"feconn":2,"beconn":0,"srv_conn":0,"retries":0,"srv_queue":0,"backend_queue":0}"##),
    ),
    (
        // `error-log-format` (section 4.2) is the format of the lines about errors: the same
        // aliases and flags as `log-format`. An SSL handshake that failed before a request.
        r##"own: an error-log-format line from haproxy.cfg"##,
        r##"error-log-format "ERROR %ci:%cp [%tr] %ft %[fc_err]/%[ssl_fc_err,hex] %[ssl_fc_sni]/%sslv/%sslc""##,
        br##"<131>Dec  7 05:00:00 haproxy[4242]: ERROR 2001:db8::3:51234 [07/Dec/2026:05:00:00.123] https-in~ 34/00000000000000C1 -/TLSv1.2/(NONE)"##,
        Json(r##"{"syslog_host":null,"syslog_process":"haproxy","syslog_pid":4242,"syslog_structured_data":null,"host":"2001:db8::3","client_port":51234,"timestamp":"2026-12-07T05:00:00.123Z","frontend_name_transport":"https-in~","fc_err":34,"ssl_fc_err":"00000000000000C1","ssl_fc_sni":null,"ssl_version":"TLSv1.2","ssl_ciphers":"(NONE)"}"##),
    ),
    (
        r##"own: a log-format line from haproxy.cfg: headers by name, quoted with %{+Q}o"##,
        r##"log-format "%{+Q}o %{-Q}ci %cp %[req.hdr(User-Agent)] %[req.fhdr(X-Forwarded-For)] %ST %HM %HU %HV %HQ""##,
        br##"2001:db8::5 443 "Mozilla/5.0 (Windows NT 10.0)" "203.0.113.9, 10.0.0.2" 200 "GET" "/search?q=a+b" "HTTP/1.1" "?q=a+b""##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"host":"2001:db8::5","client_port":443,"user_agent":"Mozilla/5.0 (Windows NT 10.0)","x_forwarded_for":"203.0.113.9, 10.0.0.2","status":200,"method":"GET","path":"/search?q=a+b","protocol":"HTTP/1.1","query":"q=a+b"}"##),
    ),
    (
        r##"own: %Tl (local, with its offset) as the timestamp, %tr beside it as logged, %Ts, a named item"##,
        r##"log-format "%Tl %tr %Ts %(bytes_to_client)B %rt %ID""##,
        br##"10/Mar/2024:12:00:00 +0100 10/Mar/2024:12:00:00.042 1710068400 1024 17 -"##,
        Json(r##"{"syslog_host":null,"syslog_process":null,"syslog_pid":null,"syslog_structured_data":null,"timestamp":"2024-03-10T11:00:00Z","request_date":"10/Mar/2024:12:00:00.042","accept_date_epoch":"1710068400","bytes_to_client":1024,"request_counter":17,"unique_id":null}"##),
    ),];

#[test]
fn every_row_gives_its_documented_object() {
    support::rows::check(ROWS);
}

/// The stock formats as haproxy.cfg writes them (section 8.2.2 to 8.2.4, and the
/// `HAPROXY_*_LOG_FMT` variables) read as their nicknames do.
#[test]
fn log_format_lines_from_haproxy_cfg_read_as_their_nicknames() {
    let lines = [
        (
            "haproxy_http",
            r#"log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r""#,
        ),
        ("haproxy_http", r#"log-format "${HAPROXY_HTTP_LOG_FMT}""#),
        ("haproxy_https", r#"log-format "${HAPROXY_HTTPS_LOG_FMT}""#),
        ("haproxy_clf", r#"log-format "${HAPROXY_HTTP_CLF_LOG_FMT}""#),
        ("haproxy_tcp_clf", r#"log-format "${HAPROXY_TCP_CLF_LOG_FMT}""#),
        // `option tcplog clf`'s string as section 8.2.2 writes it (`%{Q}o`: a flag without
        // its sign is on), the line's continuation joined.
        (
            "haproxy_tcp_clf",
            r#"log-format "%{Q}o %{-Q}ci - - [%T] \"TCP \" 000 %B \"\" \"\" %cp %ms %ft %b %s %Th %Tw %Tc %Tt %U %ts-- %ac %fc %bc %sc %rc %sq %bq \"\" \"\" ""#,
        ),
        (
            "haproxy_tcp",
            r#"log-format '%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq'"#,
        ),
        // The unquoted form of older configurations, spaces escaped.
        (
            "haproxy_tcp",
            r#"log-format %ci:%cp\ [%t]\ %ft\ %b/%s\ %Tw/%Tc/%Tt\ %B\ %ts\ %ac/%fc/%bc/%sc/%rc\ %sq/%bq"#,
        ),
        // A bare string; runs of spaces are one separator.
        ("haproxy_tcp", "%ci:%cp [%t]  %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq"),
    ];
    for (nickname, line_format) in lines {
        let (a, b) = (compiled(nickname), compiled(line_format));
        let rows: Vec<_> = ROWS.iter().filter(|r| r.1 == nickname).collect();
        assert!(!rows.is_empty());
        for (name, _, line, _) in rows {
            assert_eq!(json(&a, line).ok(), json(&b, line).ok(), "{line_format}: row {name}");
        }
    }
}

#[test]
fn a_format_firelog_cannot_read_is_refused_at_start_naming_the_problem() {
    let cases = [
        (r#"log-format "%ci %{+X}Ts""#, "the flag +X at position 17 writes values firelog does not read"),
        (r#"log-format "%ci %hrl %ST""#, "%hrl at position 17 must close the format"),
        (r#"log-format "%ci %Zz""#, "%Zz at position 17 is not a log-format alias firelog reads"),
        (r#"log-format "${FOO}""#, "the log-format line has ${FOO}; firelog knows HAPROXY_HTTP_LOG_FMT"),
        (r#"log-format "%ci" %ST"#, "the log-format line has more than one argument"),
        (r##"log-format "%ci %[src""##, "the [ of the item at position 17 is not closed"),
    ];
    for (text, want) in cases {
        let error = firelog::access_log::Format::from_setting(text).expect_err(text).to_string();
        assert!(error.contains(want), "{text}: {error}");
    }
}

#[test]
fn a_line_that_is_not_the_format_fails_naming_the_field() {
    let format = compiled("haproxy_http");
    let line = br#"10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/x/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1""#;
    let error = json(&format, line).expect_err("a timer that is not a number");
    assert_eq!(
        error.to_string(),
        r#"invalid number (LOG_FORMAT position 33) at column 68: found "x/69/109 200 275...""#
    );
}

/// `firelog detect` names each nickname for its lines, with or without a syslog prefix.
#[test]
fn detect_names_each_haproxy_nickname_for_its_lines() {
    for nickname in ["haproxy_http", "haproxy_https", "haproxy_tcp", "haproxy_clf", "haproxy_tcp_clf"] {
        let lines: Vec<Option<&[u8]>> = ROWS.iter().filter(|r| r.1 == nickname).map(|r| Some(r.2)).collect();
        assert!(lines.len() >= 2, "{nickname}");
        let detection = firelog::access_log::detect::detect(&lines);
        let best = &detection.results[0];
        assert_eq!((best.candidate.name, best.read), (nickname, lines.len()), "{nickname}");
    }
}

/// `LOG_TIME_ZONE` names the zone of a time logged without an offset; a time with one
/// (CLF's `%t`) is not moved.
#[test]
fn log_time_zone_moves_times_without_an_offset_to_utc() {
    let format = |log_format: &str| {
        support::settings::from_pairs(&[("LOG_FORMAT", log_format), ("LOG_TIME_ZONE", "Europe/Paris")])
            .unwrap()
            .format
            .first()
            .clone()
    };
    let timestamp = |format: &Format, line: &[u8]| {
        let object: serde_json::Value = serde_json::from_str(&json(format, line).unwrap()).unwrap();
        object["timestamp"].as_str().unwrap().to_string()
    };
    let tcp = format("haproxy_tcp");
    // Paris is UTC+1 in winter, UTC+2 in summer.
    let winter =
        b"haproxy[1]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0";
    let summer =
        b"haproxy[1]: 10.0.1.2:33313 [06/Jul/2009:00:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0";
    assert_eq!(timestamp(&tcp, winter), "2009-02-06T11:12:51.443Z");
    assert_eq!(timestamp(&tcp, summer), "2009-07-05T22:12:51.443Z");
    let apache = format("%{%Y-%m-%d %H:%M:%S}t %>s");
    assert_eq!(
        timestamp(&apache, b"2024-10-27 02:30:00 200"),
        "2024-10-27T00:30:00Z",
        "the earlier of the repeated hour"
    );
    assert!(json(&apache, b"2024-03-31 02:30:00 200").is_err(), "a time the zone skips");
    let combined = format("combined");
    let line = br#"192.0.2.1 - - [10/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0""#;
    assert_eq!(timestamp(&combined, line), "2024-03-10T12:00:00Z");
    let error = support::settings::from_pairs(&[("LOG_TIME_ZONE", "Mars/Olympus")]).unwrap_err().to_string();
    assert!(
        error.starts_with("LOG_TIME_ZONE=\"Mars/Olympus\" is not allowed: an IANA time zone name"),
        "{error}"
    );
}

/// HAProxy's keys under the profiles, as Elastic's HAProxy integration names them
/// (`haproxy.*`, `haproxy.connections.*`, the syslog prefix's `host.hostname`,
/// `process.name`, `process.pid`), OTel's attributes where it has one, `haproxy.<key>` else.
#[test]
fn the_profiles_name_haproxy_keys_as_elastic_and_otel_do() {
    let line = r#"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""#;
    for (schema, want) in [
        (
            "ecs",
            r#"{"host":{"hostname":"localhost"},"process":{"name":"haproxy","pid":14389},"haproxy":{"access":{"syslog_structured_data":null,"active_time_ms":109},"frontend_name":"http-in","backend_name":"static","server_name":"srv1","http":{"request":{"time_wait_ms":10,"time_wait_without_data_ms":69,"captured_cookie":null,"captured_headers":"1wt.eu","raw_request_line":"GET /index.html HTTP/1.1"},"response":{"captured_cookie":null,"captured_headers":""}},"total_waiting_time_ms":0,"connection_wait_time_ms":30,"termination_state":"----","connections":{"active":1,"frontend":1,"backend":1,"server":1,"retries":0},"server_queue":0,"backend_queue":0},"source":{"address":"10.0.1.2","port":33317},"@timestamp":"2009-02-06T12:14:14.655Z","http":{"response":{"status_code":200,"bytes":2750},"request":{"method":"GET"},"version":"1.1"},"url":{"original":"/index.html","path":"/index.html","query":null}}"#,
        ),
        (
            "otel",
            r#"{"host.name":"localhost","process.executable.name":"haproxy","process.pid":14389,"haproxy.syslog_structured_data":null,"client.address":"10.0.1.2","client.port":33317,"timestamp":"2009-02-06T12:14:14.655Z","haproxy.frontend_name_transport":"http-in","haproxy.backend_name":"static","haproxy.server_name":"srv1","haproxy.request_time_ms":10,"haproxy.queue_time_ms":0,"haproxy.connect_time_ms":30,"haproxy.response_time_ms":69,"haproxy.active_time_ms":109,"http.response.status_code":200,"http.response.size":2750,"haproxy.captured_request_cookie":null,"haproxy.captured_response_cookie":null,"haproxy.termination_state":"----","haproxy.actconn":1,"haproxy.feconn":1,"haproxy.beconn":1,"haproxy.srv_conn":1,"haproxy.retries":0,"haproxy.srv_queue":0,"haproxy.backend_queue":0,"haproxy.captured_request_headers":"1wt.eu","haproxy.captured_response_headers":"","http.request.method":"GET","url.path":"/index.html","url.query":null,"network.protocol.version":"1.1","haproxy.request":"GET /index.html HTTP/1.1"}"#,
        ),
    ] {
        let settings =
            support::settings::from_pairs(&[("LOG_FORMAT", "haproxy_http"), ("SCHEMA", schema)]).unwrap();
        let mut out = Vec::new();
        let _ = settings.transformer().line(line.as_bytes(), 1, &mut out);
        assert_eq!(String::from_utf8(out).unwrap().trim_end(), want, "{schema}");
    }
}

/// A HAProxy line under another format fails naming the nickname that reads it.
#[test]
fn a_haproxy_line_under_another_format_names_its_nickname() {
    let line = ROWS.iter().find(|r| r.1 == "haproxy_tcp").map(|r| r.2).unwrap();
    let error = json(&compiled("combined"), line).expect_err("combined does not read it");
    assert_eq!(error.hint, Some("haproxy_tcp"), "{error}");
}

/// A line whose RFC 5424 header or structured data breaks the RFC (an unescaped `]` or
/// a space in a value's name, an unclosed element, a date without its time) is no prefix,
/// and the line does not read: no value is guessed from it.
#[test]
fn a_broken_rfc5424_prefix_fails_its_line() {
    let format = compiled("haproxy_tcp");
    let rest = "10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0";
    for prefix in [
        r#"<134>1 2026-12-06T12:14:14Z lb haproxy 7 - [a b="c]"] "#,
        r#"<134>1 2026-12-06T12:14:14Z lb haproxy 7 - [a b c="d"] "#,
        r#"<134>1 2026-12-06T12:14:14Z lb haproxy 7 - [a b="c" "#,
        r#"<134>1 2026-12-06T12:14:14Z lb haproxy 7 - [] "#,
        "<134>1 2026-12-06 lb haproxy 7 - - ",
        "<134>1 2026-12-06T12:14:14Z lb haproxy 7 - ",
        "<134>2 2026-12-06T12:14:14Z lb haproxy 7 - - ",
    ] {
        let line = format!("{prefix}{rest}");
        assert!(json(&format, line.as_bytes()).is_err(), "{line}");
    }
    assert!(json(&format, rest.as_bytes()).is_ok());
}

/// `%HU` is the path the rules read (`DROP_PATHS`), as `%r`'s is, and `%ST` the status.
#[test]
fn haproxy_s_uri_and_status_feed_the_rules() {
    let settings = support::settings::from_pairs(&[
        ("LOG_FORMAT", r#"log-format "%ci:%cp [%tr] %HM %HU %ST %B""#),
        ("DROP_PATHS", "/health"),
        ("DROP_STATUS", "5xx"),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let mut transformer = settings.transformer();
    for (line, dropped) in [
        ("10.0.1.2:33317 [06/Feb/2009:12:14:14.655] GET /health?full=1 200 2", true),
        ("10.0.1.2:33317 [06/Feb/2009:12:14:14.655] GET /cart 503 2", true),
        ("2001:db8::1:51234 [06/Feb/2009:12:14:14.655] GET /cart 200 2", false),
    ] {
        let mut out = Vec::new();
        transformer.line(line.as_bytes(), 1, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(out.is_empty(), dropped, "{line}");
    }
}
