//! The field profiles (`SCHEMA=ecs`, `SCHEMA=otel`): each line's exact object, and the
//! tables `firelog schema` gives over them.

mod support;

use firelog::profile::{Profile, Schema};
use firelog::schema::{Storage, table_columns};
use support::{cloudwatch, settings};

const COMBINED: &str = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?a=1 HTTP/1.0" 200 2326 "http://example.com/start.html" "Mozilla/4.08""#;

const NGINX: &str = r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time $scheme $host $server_port $request_uri "$sent_http_content_type" $upstream_response_time"#;
const NGINX_LINE: &str = r#"2001:db8::7 - alice [02/Dec/2026:10:00:00 +0000] "POST /api/v1/items?id=3 HTTP/2.0" 201 17 "-" "curl/8.5.0" "198.51.100.4, 10.0.0.2" 0.250 https shop.example.com 443 /api/v1/items?id=3 "application/json" 0.248, 0.002"#;

const VHOST: &str = r#"%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D"#;
const VHOST_LINE: &str = r#"www.example.com:443 203.0.113.9 - - [02/Dec/2026:10:00:00 +0100] "GET /index.html HTTP/1.1" 200 5120 "https://example.com/" "Mozilla/5.0" 1234"#;

/// The object one line writes with `vars` set.
fn write(vars: &[(&str, &str)], line: &str) -> String {
    let settings = settings::from_pairs(vars).unwrap();
    let mut t = settings.transformer();
    let mut out = Vec::new();
    let _ = t.line(line.as_bytes(), 1, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn each_profile_writes_each_line_exactly() {
    let table: &[(&str, &str, &str, &str)] = &[
        (
            "ecs",
            "combined",
            COMBINED,
            r#"{"source":{"address":"127.0.0.1"},"apache":{"access":{"identity":null,"request":"GET /apache_pb.gif?a=1 HTTP/1.0"}},"user":{"name":"frank"},"@timestamp":"2000-10-10T20:55:36Z","http":{"request":{"method":"GET","referrer":"http://example.com/start.html"},"version":"1.0","response":{"status_code":200,"body":{"bytes":2326}}},"url":{"original":"/apache_pb.gif?a=1","path":"/apache_pb.gif","query":"a=1"},"user_agent":{"original":"Mozilla/4.08"}}"#,
        ),
        (
            "otel",
            "combined",
            COMBINED,
            r#"{"client.address":"127.0.0.1","apache.ident":null,"user.name":"frank","timestamp":"2000-10-10T20:55:36Z","http.request.method":"GET","url.path":"/apache_pb.gif","url.query":"a=1","network.protocol.version":"1.0","apache.request":"GET /apache_pb.gif?a=1 HTTP/1.0","http.response.status_code":200,"http.response.body.size":2326,"http.request.header.referer":["http://example.com/start.html"],"user_agent.original":"Mozilla/4.08"}"#,
        ),
        // An IPv6 client, HTTP/2, a forwarded-for list, seconds as nanoseconds, a
        // response header, an upstream list; `$request_uri` would be `url.original` but
        // the request line has it first: it falls back.
        (
            "ecs",
            NGINX,
            NGINX_LINE,
            r#"{"source":{"address":"2001:db8::7"},"nginx":{"access":{"identity":null,"request":"POST /api/v1/items?id=3 HTTP/2.0","x_forwarded_for":"198.51.100.4, 10.0.0.2","request_uri":"/api/v1/items?id=3","response_content_type":"application/json","upstream_response_time":"0.248, 0.002"}},"user":{"name":"alice"},"@timestamp":"2026-12-02T10:00:00Z","http":{"request":{"method":"POST","referrer":null},"version":"2.0","response":{"status_code":201,"body":{"bytes":17}}},"url":{"original":"/api/v1/items?id=3","path":"/api/v1/items","query":"id=3","scheme":"https","domain":"shop.example.com"},"user_agent":{"original":"curl/8.5.0"},"event":{"duration":250000000},"destination":{"port":443}}"#,
        ),
        (
            "otel",
            NGINX,
            NGINX_LINE,
            r#"{"client.address":"2001:db8::7","nginx.ident":null,"user.name":"alice","timestamp":"2026-12-02T10:00:00Z","http.request.method":"POST","url.path":"/api/v1/items","url.query":"id=3","network.protocol.version":"2.0","nginx.request":"POST /api/v1/items?id=3 HTTP/2.0","http.response.status_code":201,"http.response.body.size":17,"http.request.header.referer":null,"user_agent.original":"curl/8.5.0","http.request.header.x-forwarded-for":["198.51.100.4, 10.0.0.2"],"nginx.request_time":0.250,"url.scheme":"https","url.domain":"shop.example.com","server.port":443,"nginx.request_uri":"/api/v1/items?id=3","http.response.header.content-type":["application/json"],"nginx.upstream_response_time":"0.248, 0.002"}"#,
        ),
        // The virtual host and port, %O, and %D's microseconds as nanoseconds.
        (
            "ecs",
            VHOST,
            VHOST_LINE,
            r#"{"destination":{"domain":"www.example.com","port":443},"source":{"address":"203.0.113.9"},"apache":{"access":{"identity":null,"request":"GET /index.html HTTP/1.1"}},"user":{"name":null},"@timestamp":"2026-12-02T09:00:00Z","http":{"request":{"method":"GET","referrer":"https://example.com/"},"version":"1.1","response":{"status_code":200,"bytes":5120}},"url":{"original":"/index.html","path":"/index.html","query":null},"user_agent":{"original":"Mozilla/5.0"},"event":{"duration":1234000}}"#,
        ),
        (
            "otel",
            VHOST,
            VHOST_LINE,
            r#"{"server.address":"www.example.com","server.port":443,"client.address":"203.0.113.9","apache.ident":null,"user.name":null,"timestamp":"2026-12-02T09:00:00Z","http.request.method":"GET","url.path":"/index.html","url.query":null,"network.protocol.version":"1.1","apache.request":"GET /index.html HTTP/1.1","http.response.status_code":200,"http.response.size":5120,"http.request.header.referer":["https://example.com/"],"user_agent.original":"Mozilla/5.0","apache.duration_us":1234}"#,
        ),
        // Two fields with one name: the later falls back.
        (
            "otel",
            r#"%h %a "%r" %>s"#,
            r#"203.0.113.9 10.1.1.1 "GET / HTTP/1.1" 200"#,
            r#"{"client.address":"203.0.113.9","apache.client_ip":"10.1.1.1","http.request.method":"GET","url.path":"/","url.query":null,"network.protocol.version":"1.1","apache.request":"GET / HTTP/1.1","http.response.status_code":200}"#,
        ),
        // The same header twice: the later falls back to its firelog key; a header name
        // that is not a plain token falls back too; a condition keeps a header a header.
        (
            "otel",
            r#""%{Referer}i" "%{Referer}i" %{Foo"Bar}i %>{X-B}i"#,
            r#""a" "b" x y"#,
            r#"{"http.request.header.referer":["a"],"apache.http_referer":"b","apache.foo_bar":"x","http.request.header.x-b":["y"]}"#,
        ),
        // A header whose fallback is a well-known name (`%l`'s) takes `_2`.
        ("ecs", "%l %{Identity}i", "- x", r#"{"apache":{"access":{"identity":null,"identity_2":"x"}}}"#),
        // A text field named as a duration is not one: it falls back, a string.
        (
            "ecs",
            "$duration_ms $status",
            "abc 200",
            r#"{"nginx":{"access":{"duration_ms":"abc"}},"http":{"response":{"status_code":200}}}"#,
        ),
    ];
    for (schema, format, line, want) in table {
        let got = write(&[("SCHEMA", schema), ("LOG_FORMAT", format)], line);
        assert_eq!(got, format!("{want}\n"), "SCHEMA={schema} LOG_FORMAT={format}");
    }
}

#[test]
fn a_kept_bad_line_has_the_profiles_names() {
    let line = "not a log line";
    let why = r#"line 1: invalid timestamp (%t) at column 10: found \" line\""#;
    let table = [
        ("ecs", format!(r#"{{"event":{{"original":"{line}"}},"error":{{"message":"{why}"}}}}"#)),
        ("otel", format!(r#"{{"log.record.original":"{line}","error.message":"{why}"}}"#)),
    ];
    for (schema, want) in table {
        let got = write(&[("SCHEMA", schema), ("ON_BAD_LINE", "keep")], line);
        assert_eq!(got, format!("{want}\n"), "{schema}");
    }
}

#[test]
fn a_cloudwatch_line_has_the_profiles_source_names() {
    let line = br#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5"#;
    let data = cloudwatch::record_data("DATA_MESSAGE", "/web", "i-1", &[line]);
    let table = [
        ("ecs", r#","awscloudwatch":{"log_group":"/web","log_stream":"i-1"}}"#),
        ("otel", r#","aws.log.group.names":["/web"],"aws.log.stream.names":["i-1"]}"#),
    ];
    for (schema, end) in table {
        let settings = settings::from_pairs(&[("SCHEMA", schema)]).unwrap();
        let mut t = settings.transformer();
        assert_eq!(t.record(data.as_bytes()), firelog::transform::RecordResult::Ok);
        let out = String::from_utf8(t.output().to_vec()).unwrap();
        assert!(out.ends_with(&format!("{end}\n")), "{schema}: {out}");
    }
}

/// Its keys in the profile's order, which is the schema's: the source before the line.
#[test]
fn a_kept_bad_line_from_cloudwatch_keeps_its_source_in_each_profile() {
    let lines: [&[u8]; 2] =
        [b"not a log line", br#"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 5"#];
    let data = cloudwatch::record_data("DATA_MESSAGE", "/web", "i-1", &lines);
    let why = r#"log event 1: invalid timestamp (%t) at column 10: found \" line\""#;
    let table = [
        (
            "ecs",
            format!(
                r#"{{"awscloudwatch":{{"log_group":"/web","log_stream":"i-1"}},"event":{{"original":"not a log line"}},"error":{{"message":"{why}"}}}}"#
            ),
        ),
        (
            "otel",
            format!(
                r#"{{"aws.log.group.names":["/web"],"aws.log.stream.names":["i-1"],"log.record.original":"not a log line","error.message":"{why}"}}"#
            ),
        ),
    ];
    for (schema, want) in table {
        let settings = settings::from_pairs(&[("SCHEMA", schema), ("ON_BAD_LINE", "keep")]).unwrap();
        let mut t = settings.transformer();
        assert_eq!(t.record(data.as_bytes()), firelog::transform::RecordResult::Ok);
        let out = String::from_utf8(t.output().to_vec()).unwrap();
        assert_eq!(out.lines().next(), Some(want.as_str()), "{schema}");
    }
}

#[test]
fn a_profile_with_an_iceberg_table_stops_the_start() {
    let error =
        settings::from_pairs(&[("SCHEMA", "ecs"), ("ICEBERG_DATABASE", "logs"), ("ICEBERG_TABLE", "access")])
            .unwrap_err();
    assert_eq!(
        error,
        r#"SCHEMA="ecs" is not allowed: firelog with ICEBERG_TABLE: an Iceberg table's columns are firelog's keys"#
    );
    assert_eq!(
        settings::from_pairs(&[("SCHEMA", "elastic")]).unwrap_err(),
        r#"SCHEMA="elastic" is not allowed: firelog (the format's own keys), ecs (Elastic Common Schema, nested objects) or otel (OpenTelemetry attributes, flat dotted keys)"#
    );
}

/// `(name, type, key)` of each table column over `format`'s objects in `schema`.
fn table(schema: Schema, format: &str) -> Vec<(String, String, Option<String>)> {
    let profile = Profile::compile(schema, &settings::format(format), &Default::default()).unwrap();
    table_columns(&profile.columns(false), Storage::Json, schema, false)
        .into_iter()
        .map(|c| (c.name, c.ty, c.key))
        .collect()
}

#[test]
fn ecs_tables_have_a_struct_per_object_and_map_the_timestamp() {
    let s = |t: &str| t.to_string();
    assert_eq!(
        table(Schema::Ecs, "common"),
        [
            (s("source"), s("struct<address:string>"), None),
            (s("apache"), s("struct<access:struct<identity:string,request:string>>"), None),
            (s("user"), s("struct<name:string>"), None),
            (s("timestamp"), s("string"), Some(s("@timestamp"))),
            (
                s("http"),
                s(
                    "struct<request:struct<method:string,referrer:string>,version:string,response:struct<status_code:int,body:struct<bytes:bigint>>>"
                ),
                None
            ),
            (s("url"), s("struct<original:string,path:string,query:string>"), None),
            (s("user_agent"), s("struct<original:string>"), None),
            (s("awscloudwatch"), s("struct<log_group:string,log_stream:string>"), None),
            (s("labels"), s("map<string,string>"), None),
        ]
    );
}

#[test]
fn athena_ddl_backticks_struct_fields_and_parts_names_that_meet() {
    let ddl = |schema: &str, format: &str| {
        let settings = settings::from_pairs(&[("SCHEMA", schema), ("LOG_FORMAT", format)]).unwrap();
        let profile =
            Profile::compile(settings.schema, settings.format.first(), &Default::default()).unwrap();
        let layout =
            firelog::schema::Layout { table: "t".into(), location: "s3://b/l/".into(), by_vhost: false };
        firelog::schema::athena(&profile.columns(false), Storage::Json, settings.schema, &layout)
    };
    // `range` and `date` are reserved words in Athena's DDL.
    let ecs = ddl("ecs", r#""$http_range" "$http_date""#);
    assert!(ecs.contains("  `nginx` struct<`access`:struct<`range`:string,`date`:string>>,\n"), "{ecs}");
    // `x-foo` and `x_foo` both make `http_request_header_x_foo`.
    let otel = ddl("otel", "%{X-Foo}i %{X_Foo}i");
    assert!(
        otel.contains(
            "  `http_request_header_x_foo` array<string>,\n  `http_request_header_x_foo_2` array<string>,\n"
        ),
        "{otel}"
    );
    assert!(
        otel.contains("  'mapping.http_request_header_x_foo_2'='http.request.header.x_foo',\n"),
        "{otel}"
    );
}

#[test]
fn otel_tables_name_each_dotted_key_with_underscores_and_map_it() {
    let got = table(Schema::Otel, r#"%h "%{X-Request-ID}i""#);
    let s = |t: &str| Some(t.to_string());
    let want = [
        ("client_address", "string", s("client.address")),
        ("http_request_header_x_request_id", "array<string>", s("http.request.header.x-request-id")),
        ("aws_log_group_names", "array<string>", s("aws.log.group.names")),
        ("aws_log_stream_names", "array<string>", s("aws.log.stream.names")),
        ("apache_envelope", "map<string,string>", s("apache.envelope")),
    ];
    let want: Vec<_> = want.into_iter().map(|(n, t, k)| (n.to_string(), t.to_string(), k)).collect();
    assert_eq!(got, want);
}

proptest::proptest! {
    /// Any bytes as a line, kept when it does not parse: each profile writes one JSON
    /// object, without a panic.
    #[test]
    fn any_line_gives_one_json_object_in_each_profile(line in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        for schema in ["ecs", "otel"] {
            let settings = settings::from_pairs(&[("SCHEMA", schema), ("ON_BAD_LINE", "keep")]).unwrap();
            let mut t = settings.transformer();
            let mut out = Vec::new();
            let _ = t.line(&line, 1, &mut out);
            let object: serde_json::Value = serde_json::from_slice(&out).unwrap();
            proptest::prop_assert!(object.is_object() && out.ends_with(b"}\n"), "not one object");
        }
    }
}
