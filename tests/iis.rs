//! IIS's custom fields (IIS 8.5 and later, "Enhanced Logging"): after the standard fields,
//! under the names their administrator gave them, each a request header, a response
//! header or a server variable. Row by row: LOG_FORMAT, a line in, the exact JSON object.
//!
//! A custom field is text under its name in snake case, `-` null, IIS's `+` a space. It
//! never takes a core key of another meaning (`timestamp`, `host`, `method`, `path`,
//! `protocol`, `request`, `status`, `bytes`): `Host` (the Host header) is `custom_host`,
//! `host` stays the client's address. Named after the header a core key names (`Referer`,
//! `User-Agent`, `X-Forwarded-For`) it takes that key, unless a standard field has it:
//! then, as any custom field whose key a standard field has, it is `custom_` and its name.

mod support;

use support::rows::Row;
use support::rows::Want::Json;

/// IIS's default fields, then custom ones.
const DEFAULT: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

/// (name, LOG_FORMAT, line, what it gives).
const ROWS: &[Row] = &[
    (
        "custom fields named Host and Status keep host and status the client's",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken Host Status",
        b"2024-10-01 00:00:06 10.0.0.4 GET /api/items - 443 - 2001:db8::9 curl/8.5.0 - 200 0 0 85 api.example.com 502",
        Json(r#"{"timestamp":"2024-10-01T00:00:06Z","s_ip":"10.0.0.4","method":"GET","path":"/api/items","query":null,"s_port":443,"user":null,"host":"2001:db8::9","user_agent":"curl/8.5.0","referer":null,"status":200,"sc_substatus":0,"sc_win32_status":0,"time_taken":85,"custom_host":"api.example.com","custom_status":"502"}"#),
    ),
    (
        "without sc-status a custom Status is still custom_status, text",
        "#Fields: date time c-ip cs-method cs-uri-stem Status Bytes Timestamp",
        b"2024-10-01 00:00:07 192.0.2.7 POST /upload OK 12+KB -",
        Json(r#"{"timestamp":"2024-10-01T00:00:07Z","host":"192.0.2.7","method":"POST","path":"/upload","custom_status":"OK","custom_bytes":"12 KB","custom_timestamp":null}"#),
    ),
    (
        "custom Method, Path, Protocol and Request beside the standard fields",
        "#Fields: date time c-ip cs-method cs-uri-stem cs-version Method Path Protocol Request",
        b"2024-10-01 00:00:08 192.0.2.7 GET /a HTTP/1.1 X-HTTP-Method-Override /original/a h2 -",
        Json(r#"{"timestamp":"2024-10-01T00:00:08Z","host":"192.0.2.7","method":"GET","path":"/a","protocol":"HTTP/1.1","custom_method":"X-HTTP-Method-Override","custom_path":"/original/a","custom_protocol":"h2","custom_request":null}"#),
    ),
    (
        "a custom User-Agent beside cs(User-Agent) is custom_user_agent; Referer alone is referer",
        "#Fields: date time c-ip cs(User-Agent) User-Agent Referer",
        b"2024-10-01 00:00:09 192.0.2.7 curl/8.5.0 Mozilla/5.0+(X11) https://example.com/",
        Json(r#"{"timestamp":"2024-10-01T00:00:09Z","host":"192.0.2.7","user_agent":"curl/8.5.0","custom_user_agent":"Mozilla/5.0 (X11)","referer":"https://example.com/"}"#),
    ),
    (
        "a custom field whose key a standard field has is custom_ and its name, before it too",
        "#Fields: date time c-ip cs-uri-stem cs-uri-query Query Time-Taken time-taken",
        b"2024-10-01 00:00:10 192.0.2.7 /s q=1 q=2 7 8",
        Json(r#"{"timestamp":"2024-10-01T00:00:10Z","host":"192.0.2.7","path":"/s?q=1","query":"q=1","custom_query":"q=2","custom_time_taken":"7","time_taken":8}"#),
    ),
    (
        "X-Forwarded-For keeps its key, the header TRUSTED_PROXIES walks",
        "#Fields: date time c-ip Host X-Forwarded-For",
        b"2024-10-01 00:00:11 10.0.0.9 www.example.com 203.0.113.7,+2001:db8::5",
        Json(r#"{"timestamp":"2024-10-01T00:00:11Z","host":"10.0.0.9","custom_host":"www.example.com","x_forwarded_for":"203.0.113.7, 2001:db8::5"}"#),
    ),
];

#[test]
fn every_row_gives_its_documented_object() {
    support::rows::check(ROWS);
}

#[test]
fn the_default_fields_take_no_custom_key() {
    let line = b"2024-10-01 00:00:06 10.0.0.4 GET /api/items - 443 - 10.0.0.9 curl/8.5.0 - 200 0 0 85";
    let object = support::rows::json(&support::settings::format(DEFAULT), line).unwrap();
    assert!(!object.contains("custom_"), "{object}");
}
