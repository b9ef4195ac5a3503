//! AWS's own access logs (`alb`, `alb_connection`, `clb`, `nlb`, `s3_access`): each layout's documented
//! example lines and lines of our own (`-` wherever one may stand, IPv6 clients, lines
//! from before AWS added its later fields, lines with fields added after today's) to
//! their exact objects; the address:port kind on its own; lines that are not the
//! layout's; and the property that ALB lines with any number of fields added at their
//! end read as before, the added text kept in `extra`.

mod support;

use firelog::Format;
use firelog::access_log::Captures;
use firelog::access_log::matcher::Matcher;
use firelog::access_log::plan::{Directive, Escape, Item, Kind, Plan};
use proptest::prelude::*;
use support::rows::json;

fn testdata(name: &str) -> String {
    let path = format!("{}/testdata/aws/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// AWS's example lines (ALB: HTTP, HTTPS, HTTP/2, WebSockets, secured WebSockets, Lambda,
/// failed Lambda; Classic: HTTP, HTTPS, TCP, SSL; NLB: TLS with and without ALPN; S3:
/// its example records), then our own: gRPC over TLS, a request ALB could not read with
/// `-1` timings, a space in the URL with the 2025 transforms, a line with fields from
/// after today, lines from before the later fields, IPv6 clients bracketed or not; last,
/// S3's first record as AWS's current page prints it, with a Region after `aclRequired`
/// that no stored page names (kept in `extra`); then lines as AWS wrote them before its
/// later fields: Classic ELB's of 2014, ending at the request (no `user_agent`, no TLS
/// fields), and S3's of 2014, ending at `Version Id`, an IPv6 client in each; last, an S3
/// lifecycle action (S3's own: `Remote IP` `-`, null, and its Request-URI `"-"`); then
/// ALB lines as AWS wrote them before its later fields (to `trace_id`, 2016; to
/// `actions_executed`, 2018; to `error_reason`, 2019), and an S3 record of 2012 ending at
/// `User-Agent`, its time logged at -0500; last, a multi-object delete's record
/// (`BATCH.DELETE.OBJECT`), whose Request-URI, Referer and User-Agent are a bare `-`.
/// Then ALB lines of our own with the target lists unquoted, as AWS's page printed them
/// in 2020-21 (a target, an IPv6 target, `-` for none), read as if quoted.
/// ALB's connection log: AWS's two example entries (mTLS verified, and untrusted with no
/// handshake latency), then our own: a line of 2023-24 ending at `tls_verify_status`, a
/// plain-HTTP listener's (every TLS field `-`), IPv6 clients without and with a client
/// certificate, a line with every field through `ip_address`, and one with fields after
/// it (kept in `extra`).
#[test]
fn each_layouts_documented_lines_write_their_exact_objects() {
    support::rows::check_files("aws", &["alb", "alb_connection", "clb", "nlb", "s3_access"]);
}

fn endpoint(key: &str, port: &str, position: usize) -> Item {
    Item::Directive(Directive {
        text: format!("{key}:port"),
        position,
        key: key.into(),
        alt_key: None,
        kind: Kind::Endpoint { port: port.into() },
        header: None,
    })
}

/// ALB's `client:port target:port` as a plan of its own: each address without its port,
/// each port a number, `-` null for both, IPv6 bracketed or not; the scan and the regex
/// read the same spans; a port that is not a number fails the line.
#[test]
fn an_address_and_port_field_writes_the_address_and_the_port_as_a_number() {
    let plan = Plan {
        items: vec![
            endpoint("host", "client_port", 1),
            Item::Literal(b" ".to_vec()),
            endpoint("target", "target_port", 2),
        ],
        escape: Escape::Apache,
    };
    let matcher = Matcher::compile(plan).expect("compiles");
    let format = Format::Matcher(Box::new(matcher.clone()));
    let cases: &[(&str, &str)] = &[
        (
            "192.168.131.39:2817 10.0.0.1:80",
            r#"{"host":"192.168.131.39","client_port":2817,"target":"10.0.0.1","target_port":80}"#,
        ),
        (
            "192.168.131.39:2817 -",
            r#"{"host":"192.168.131.39","client_port":2817,"target":null,"target_port":null}"#,
        ),
        (
            "[2001:db8::1]:443 2001:db8::2:8080",
            r#"{"host":"2001:db8::1","client_port":443,"target":"2001:db8::2","target_port":8080}"#,
        ),
        ("- 10.0.0.1", r#"{"host":null,"client_port":null,"target":"10.0.0.1","target_port":null}"#),
        ("[::1] 10.0.0.1:-", r#"{"host":"::1","client_port":null,"target":"10.0.0.1","target_port":null}"#),
    ];
    for (line, want) in cases {
        assert_eq!(json(&format, line.as_bytes()), Ok(want.to_string()), "{line}");
        let (mut by_scan, mut by_regex) = (Vec::new(), Vec::new());
        matcher.scan(line.as_bytes(), &mut by_scan).expect("scans");
        matcher
            .match_regex(line.as_bytes(), &mut matcher.regex().capture_locations(), &mut by_regex)
            .expect("matches");
        assert_eq!(by_scan, by_regex, "{line}");
    }
    for line in ["1.2.3.4:http 10.0.0.1:80", "[::1]x 10.0.0.1:80", "[::1]:80x 10.0.0.1:80"] {
        assert!(json(&format, line.as_bytes()).is_err(), "{line}");
    }
}

/// `SCHEMA=ecs` and `otel` name AWS's fields as Elastic's AWS integration does
/// (`aws.elb.*`, `source.port`) and OpenTelemetry where it has a name (`client.port`).
#[test]
fn the_profiles_name_aws_fields_as_elastic_and_opentelemetry_do() {
    let line = testdata("clb.log").lines().next().unwrap().to_string();
    for (schema, want) in [
        (
            "ecs",
            r#"{"@timestamp":"2015-05-13T23:39:43.945958Z","aws":{"elb":{"name":"my-loadbalancer","backend":{"ip":"10.0.0.1","port":80,"http":{"response":{"status_code":200}}},"request_processing_time":{"sec":0.000073},"backend_processing_time":{"sec":0.001048},"response_processing_time":{"sec":0.000057},"request":"GET http://www.example.com:80/ HTTP/1.1","ssl_protocol":null}},"source":{"address":"192.168.131.39","port":2817},"http":{"response":{"status_code":200,"body":{"bytes":29}},"request":{"body":{"bytes":0},"method":"GET"},"version":"1.1"},"url":{"original":"/","path":"/","query":null},"user_agent":{"original":"curl/7.38.0"},"tls":{"cipher":null}}"#,
        ),
        (
            "otel",
            r#"{"timestamp":"2015-05-13T23:39:43.945958Z","aws.elb.elb":"my-loadbalancer","client.address":"192.168.131.39","client.port":2817,"aws.elb.backend":"10.0.0.1","aws.elb.backend_port":80,"aws.elb.request_processing_time":0.000073,"aws.elb.backend_processing_time":0.001048,"aws.elb.response_processing_time":0.000057,"http.response.status_code":200,"aws.elb.backend_status_code":200,"http.request.size":0,"http.response.body.size":29,"http.request.method":"GET","url.path":"/","url.query":null,"network.protocol.version":"1.1","aws.elb.request":"GET http://www.example.com:80/ HTTP/1.1","user_agent.original":"curl/7.38.0","tls.cipher":null,"aws.elb.ssl_protocol":null}"#,
        ),
    ] {
        let settings = support::settings::from_pairs(&[("LOG_FORMAT", "clb"), ("SCHEMA", schema)]).unwrap();
        let mut t = settings.transformer();
        let mut out = Vec::new();
        t.line(line.as_bytes(), 1, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().trim_end(), want, "{schema}");
    }
}

/// ALB's connection log under `SCHEMA=ecs`: the client as `source`, the load balancer's
/// resource ID as the access log's (`aws.elb.name`), the cipher as `tls.cipher`, the rest
/// under `aws.elb`.
#[test]
fn the_ecs_profile_names_alb_connection_fields_as_the_access_logs() {
    let line = testdata("alb_connection.log").lines().nth(6).unwrap().to_string();
    let want = r#"{"@timestamp":"2025-09-30T23:59:59.999999Z","source":{"address":"192.0.2.44","port":1025},"aws":{"elb":{"listener_port":443,"tls_protocol":"TLSv1.3","tls_handshake_latency":0.001,"leaf_client_cert_subject":null,"leaf_client_cert_validity":null,"leaf_client_cert_serial_number":null,"tls_verify_status":"Success","conn_trace_id":"TID_1234567890abcdef1234567890abcdef","tls_keyexchange":"X25519MLKEM768","name":"app/my-loadbalancer/50dc6c495c0c9188","ip_address":"10.0.12.34"}},"tls":{"cipher":"TLS_AES_128_GCM_SHA256"}}"#;
    let settings =
        support::settings::from_pairs(&[("LOG_FORMAT", "alb_connection"), ("SCHEMA", "ecs")]).unwrap();
    let mut out = Vec::new();
    settings.transformer().line(line.as_bytes(), 1, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap().trim_end(), want);
}

/// The address:port kind in a JSON log's table (Envoy's `downstream_remote_address`
/// writes `"1.2.3.4:5678"`): the port's key comes after the address's.
#[test]
fn an_address_and_port_value_of_a_json_log_splits_as_a_fields_does() {
    use firelog::access_log::matcher::JsonField;
    let field = |path: &str, key: &str, kind: Kind| JsonField {
        path: path.into(),
        directive: Directive {
            text: path.into(),
            position: 1,
            key: key.into(),
            alt_key: None,
            kind,
            header: None,
        },
    };
    let fields = vec![
        field("remote", "host", Kind::Endpoint { port: "client_port".into() }),
        field("status", "status", Kind::Status),
        field("upstream", "upstream", Kind::Endpoint { port: "upstream_port".into() }),
    ];
    let matcher = Matcher::compile_json(fields, firelog::access_log::Server::Json).expect("compiles");
    let format = Format::Matcher(Box::new(matcher));
    let cases: &[(&str, Result<&str, ()>)] = &[
        (
            r#"{"remote":"[2001:db8::1]:5678","status":200,"upstream":"10.0.0.2:80"}"#,
            Ok(
                r#"{"host":"2001:db8::1","client_port":5678,"status":200,"upstream":"10.0.0.2","upstream_port":80}"#,
            ),
        ),
        (
            r#"{"status":"503","upstream":"-"}"#,
            Ok(r#"{"host":null,"client_port":null,"status":503,"upstream":null,"upstream_port":null}"#),
        ),
        (r#"{"remote":"1.2.3.4:x"}"#, Err(())),
    ];
    for (line, want) in cases {
        let got = json(&format, line.as_bytes()).map_err(|_| ());
        assert_eq!(got, want.map(str::to_string), "{line}");
    }
}

/// AWS's RFC 3339 times are read byte by byte where a line's scan meets them: the scan
/// reads what the regex (the definition) reads, time by time.
#[test]
fn an_rfc3339_time_reads_by_the_scan_as_by_the_regex() {
    use firelog::access_log::plan::TimePart;
    let plan = Plan {
        items: vec![
            Item::Directive(Directive {
                text: "time".into(),
                position: 1,
                key: "t".into(),
                alt_key: None,
                kind: Kind::TimeText(TimePart::Rfc3339),
                header: None,
            }),
            Item::Literal(b" x".to_vec()),
        ],
        escape: Escape::Apache,
    };
    let matcher = Matcher::compile(plan).expect("compiles");
    for time in [
        "2018-07-02T22:23:00.186641Z",
        "2018-07-02T22:23:00Z",
        "2018-07-02t22:23:00z",
        "2018-07-02 22:23:00+05:30",
        "2018-07-02T22:23:00.5-0800",
        "2018-07-02T22:23:00.Z",
        "2018-07-02T22:23:00+05:3",
        "2018-07-02T22:23:00+05:",
        "2018-07-02T22:23:00",
        "2018-07-02T22:23Z",
        "18-07-02T22:23:00Z",
    ] {
        let line = format!("{time} x");
        let (mut by_scan, mut by_regex) = (Vec::new(), Vec::new());
        let scanned = matcher.scan(line.as_bytes(), &mut by_scan).is_ok();
        let matched =
            matcher.match_regex(line.as_bytes(), &mut matcher.regex().capture_locations(), &mut by_regex);
        assert_eq!(scanned, matched.is_some(), "{time}");
        if scanned {
            assert_eq!(by_scan, by_regex, "{time}");
        }
    }
}

/// A line of another layout, or cut short inside the fields every line has, fails; the
/// error names where. Bytes that are not UTF-8 in a quoted field read.
#[test]
fn lines_that_are_not_the_layouts_fail_and_say_where() {
    let alb = Format::new("alb").unwrap();
    let clb_line = testdata("clb.log").lines().next().unwrap().to_string();
    assert!(json(&alb, clb_line.as_bytes()).is_err());
    let cut = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000";
    let error = json(&alb, cut.as_bytes()).unwrap_err();
    assert!(error.contains("column"), "{error}");
    let bad_timing = testdata("alb.log").lines().next().unwrap().replace(" 0.000 0.001 ", " -2 0.001 ");
    assert!(json(&alb, bad_timing.as_bytes()).is_err());
    // An unquoted target list of two targets cannot be told from the fields after it.
    let unquoted = testdata("alb.log").lines().nth(14).unwrap().to_string();
    let two = unquoted.replace(" 10.0.4.20:8080 200 ", " 10.0.4.20:8080 10.0.4.21:8080 200 200 ");
    assert!(json(&alb, two.as_bytes()).unwrap_err().contains("column 416"));
    // ALB's two logs read none of each other's lines.
    let connection = Format::new("alb_connection").unwrap();
    let alb_line = testdata("alb.log").lines().next().unwrap().to_string();
    assert!(json(&connection, alb_line.as_bytes()).is_err());
    assert!(json(&connection, clb_line.as_bytes()).is_err());
    let connection_line = testdata("alb_connection.log").lines().next().unwrap().to_string();
    assert!(json(&alb, connection_line.as_bytes()).is_err());
    let port = connection_line.replace(" 36280 ", " 36280x ");
    assert!(json(&connection, port.as_bytes()).is_err());
    let clb = Format::new("clb").unwrap();
    let mut latin1 = clb_line.replace("curl/7.38.0", "caf\u{e9}").into_bytes();
    let at = latin1.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap();
    latin1.splice(at..at + 2, [0xe9]);
    let object = json(&clb, &latin1).expect("reads");
    assert!(object.contains(r#""user_agent":"caf\\xe9""#), "{object}");
}

/// A list of layouts reads each line by the one it is (the lines AWS sends to one stream
/// are one service's, but a replay may mix them).
#[test]
fn a_list_of_layouts_reads_each_line_by_its_own() {
    let formats =
        firelog::access_log::Formats::from_setting_reserving("alb,alb_connection,clb,nlb,s3_access", &[])
            .expect("a list");
    for name in ["alb", "alb_connection", "clb", "nlb", "s3_access"] {
        for line in testdata(&format!("{name}.log")).lines() {
            let mut captures = Captures::default();
            assert!(formats.parse(line.as_bytes(), &mut captures).is_ok(), "{name}: {line}");
        }
    }
}

/// A field of AWS's shapes: a word, `-`, or a quoted text.
fn added_field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_:./-]{1,12}",
        Just("-".to_string()),
        "[A-Za-z0-9 ,./:-]{0,16}".prop_map(|s| format!("\"{s}\"")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Fields AWS adds at the end of an ALB line, any number of them: the line reads to
    /// the same object, and the added text is kept whole in `extra`.
    #[test]
    fn alb_lines_with_any_number_of_added_fields_read_as_before(
        line in 0usize..11,
        added in prop::collection::vec(added_field(), 1..6),
    ) {
        let alb = Format::new("alb").unwrap();
        let lines = testdata("alb.log");
        let base = lines.lines().nth(line).unwrap();
        // Every line as ALB writes it today: with the transforms (the last line has
        // fields from after today already: without them).
        let base = base.split(" future_field").next().unwrap();
        let base = if base.ends_with('"') { base.to_string() } else { format!("{base} \"-\" \"-\" \"-\"") };
        let want = json(&alb, base.as_bytes()).unwrap();
        let text = added.join(" ");
        let got = json(&alb, format!("{base} {text}").as_bytes()).unwrap();
        let extra = serde_json::to_string(&text).unwrap();
        prop_assert_eq!(got, format!("{},\"extra\":{extra}}}", &want[..want.len() - 1]));
    }
}

/// S3's `Remote IP` is the client enrichment reads (looked up, then anonymized), and its
/// `-` (an action of S3's own, as a lifecycle expiry) is null, nothing looked up.
#[test]
fn s3s_remote_ip_is_the_client_and_its_dash_is_null() {
    let city = support::mmdb::testdata("city.mmdb").display().to_string();
    let vars = [("LOG_FORMAT", "s3_access"), ("GEOIP_DB", city.as_str()), ("ANONYMIZE_IP", "on")];
    let mut t = support::settings::from_pairs(&vars).unwrap().transformer();
    let write = |t: &mut firelog::Transformer, line: &str| {
        let mut out = Vec::new();
        t.line(line.as_bytes(), 1, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let line = r#"a1b2c3d4e5f6 examplebucket [03/Nov/2024:08:15:27 +0000] 203.0.113.7 - 5A1D2C3B4E6F7A8B REST.GET.OBJECT a.txt "GET /examplebucket/a.txt HTTP/1.1" 200 - 5 5 3 2 "-" "curl/8.5.0" - aGVsbG8gd29ybGQ= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader examplebucket.s3.us-east-1.amazonaws.com TLSv1.3 - -"#;
    let written = write(&mut t, line);
    assert!(
        written.contains(r#""timestamp":"2024-11-03T08:15:27Z","host":"203.0.113.0","requester":null"#),
        "{written}"
    );
    assert!(
        written.contains(r#""geo_country_code":"AU","geo_country_name":"Australia","geo_city":"Sydney""#),
        "{written}"
    );
    let line = r#"a1b2c3d4e5f6 examplebucket [04/Nov/2024:00:10:02 +0000] - AmazonS3 7C3D4E5F6A7B8C9D S3.EXPIRE.OBJECT logs/2024/old.gz "-" - - - 1024 - - "-" "-" - d29ybGQgaGVsbG8= - - - - - - -"#;
    let written = write(&mut t, line);
    assert!(written.contains(r#""host":null,"requester":"AmazonS3""#), "{written}");
    assert!(
        written.contains(r#""geo_country_code":null,"geo_country_name":null,"geo_city":null"#),
        "{written}"
    );
}
