//! Criterion benches: one line per format, whole events, the floor, and cold start.
//!
//! The event benches read the shared corpora (FIRELOG_CORPUS or
//! ../shared/corpus/apache_logs; FIRELOG_NGINX_CORPUS or ../shared/corpus/nginx_main.log)
//! and say so and skip when they are absent.
//! `cargo bench --bench transform -- --test` runs each once (the CI smoke mode).

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firelog::access_log::log_format::{self, Plan};
use firelog::access_log::matcher::Matcher;
use firelog::access_log::{Captures, Format};
use firelog::envelope::{Event, EventBuilder, Outcome, ResponseWriter};
use firelog::profile::Schema;
use firelog::transform::lines;
use firelog::{Builtin, Scanner, Settings, Transformer};
use support::corpus;

const LINE: &[u8] = br#"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36""#;
const COMMON_LINE: &[u8] =
    br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#;

/// Debian's default `vhost_combined` line: the combined line behind `vhost:port`.
const VHOST_LINE: &[u8] = br#"www.example.com:443 83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36""#;

/// The corpus as a vhost_combined log: each line behind `www.example.com:443 `.
fn vhost_corpus(corpus: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(corpus.len() * 6 / 5);
    for line in lines(corpus).flatten() {
        out.extend_from_slice(b"www.example.com:443 ");
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    out
}

/// Lambda's request limit (6 MB = 6,291,456 bytes) and Firehose's default buffer (1 MiB).
pub const SIX_MB: usize = 6_291_456;
pub const ONE_MB: usize = 1_048_576;

/// An event of at most `max_bytes`, one record per corpus line, cycling the corpus.
fn corpus_event(corpus: &[u8], max_bytes: usize) -> (Vec<u8>, usize) {
    let mut builder = EventBuilder::new(1_431_857_103_000);
    'fill: loop {
        for line in lines(corpus).flatten() {
            if !builder.try_push_line(line, max_bytes) {
                break 'fill;
            }
        }
    }
    let records = builder.records();
    (builder.finish(), records)
}

/// A line of each nickname: the corpus's line, as each server would log it.
fn nickname_lines() -> Vec<(&'static str, Vec<u8>)> {
    let with = |tail: &str| [LINE, tail.as_bytes()].concat();
    vec![
        ("combined", LINE.to_vec()),
        ("common", COMMON_LINE.to_vec()),
        ("vhost_combined", VHOST_LINE.to_vec()),
        ("nginx_combined", LINE.to_vec()),
        ("nginx_main", with(r#" "203.0.113.9, 10.1.2.3""#)),
        (
            "ingress_nginx",
            with(
                " 348 0.001 [default-web2-8080] [] 172.17.0.6:8080, 172.17.0.7:8080 61, 100 0.100, 0.004 200, 203 835136ae24486dbb4156dcbe21f5d402",
            ),
        ),
        // The JSON logs' documented lines (testdata/json/SOURCES.md).
        ("caddy", json_line(include_str!("../testdata/json/caddy.log"), 0)),
        ("traefik_json", json_line(include_str!("../testdata/json/traefik_json.log"), 0)),
        ("envoy_json", json_line(include_str!("../testdata/json/envoy_json.log"), 2)),
        // API Gateway's console presets, a typical request each (tests/apigateway.rs).
        (
            "apigateway_clf",
            br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000]"GET /pets HTTP/1.1" 200 123 c6af9ac6-7b61-11e6-9a41-93e8deadbeef abCdEF1gIAMFiEQ="#.to_vec(),
        ),
        (
            "apigateway_json",
            br#"{ "requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "extendedRequestId":"abCdEF1gIAMFiEQ=","ip": "203.0.113.7", "caller":"-", "user":"-", "requestTime":"06/Oct/2020:11:53:54 +0000", "httpMethod":"GET", "resourcePath":"/pets", "status":"200", "protocol":"HTTP/1.1", "responseLength":"123" }"#.to_vec(),
        ),
        (
            "apigateway_xml",
            br#"<request id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef"> <extendedRequestId>abCdEF1gIAMFiEQ=</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets</resourcePath> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>123</responseLength> </request>"#.to_vec(),
        ),
        (
            "apigateway_csv",
            b"203.0.113.7,-,-,06/Oct/2020:11:53:54 +0000,GET,/pets,HTTP/1.1,200,123,c6af9ac6-7b61-11e6-9a41-93e8deadbeef,abCdEF1gIAMFiEQ=".to_vec(),
        ),
        (
            "apigateway_http",
            br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000] "GET GET /pets HTTP/1.1" 200 123 Ab1CdEfGhIjKlMN="#.to_vec(),
        ),
        // The HTTP and WebSocket APIs' console presets, a typical request each (tests/apigateway.rs).
        (
            "apigateway_http_json",
            br#"{ "requestId":"Ab1CdEfGhIjKlMN=", "ip": "203.0.113.7", "requestTime":"06/Oct/2020:11:53:54 +0000", "httpMethod":"GET","routeKey":"GET /pets", "status":"200","protocol":"HTTP/1.1", "responseLength":"123", "extendedRequestId": "Ab1CdEfGhIjKlMN=" }"#.to_vec(),
        ),
        (
            "apigateway_http_xml",
            br#"<request id="Ab1CdEfGhIjKlMN="> <ip>203.0.113.7</ip> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <httpMethod>GET</httpMethod> <routeKey>GET /pets</routeKey> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>123</responseLength> <extendedRequestId>Ab1CdEfGhIjKlMN=</extendedRequestId> </request>"#.to_vec(),
        ),
        (
            "apigateway_http_csv",
            br#"203.0.113.7,06/Oct/2020:11:53:54 +0000,GET,GET /pets,HTTP/1.1,200,123,Ab1CdEfGhIjKlMN=,Ab1CdEfGhIjKlMN="#.to_vec(),
        ),
        (
            "apigateway_ws_clf",
            br#"203.0.113.7 - - [06/Oct/2020:11:53:54 +0000] "CONNECT $connect L0SM9cOFvHcCIhw=" 200 L0SMACkGvHcFQ0g="#.to_vec(),
        ),
        (
            "apigateway_ws_json",
            br#"{"requestId":"L0SMACkGvHcFQ0g=", "ip": "203.0.113.7", "caller":"-", "user":"-", "requestTime":"06/Oct/2020:11:53:54 +0000", "eventType":"CONNECT", "routeKey":"$connect", "status":"200", "connectionId":"L0SM9cOFvHcCIhw="}"#.to_vec(),
        ),
        (
            "apigateway_ws_xml",
            br#"<request id="L0SMACkGvHcFQ0g="> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> <requestTime>06/Oct/2020:11:53:54 +0000</requestTime> <eventType>CONNECT</eventType> <routeKey>$connect</routeKey> <status>200</status> <connectionId>L0SM9cOFvHcCIhw=</connectionId> </request>"#.to_vec(),
        ),
        (
            "apigateway_ws_csv",
            br#"203.0.113.7,-,-,06/Oct/2020:11:53:54 +0000,CONNECT,$connect,L0SM9cOFvHcCIhw=,200,L0SMACkGvHcFQ0g="#.to_vec(),
        ),
        // AWS's layouts: a documented example line of each (testdata/aws/): ALB's HTTPS,
        // Classic ELB's HTTP, NLB's TLS with ALPN, S3's first record; ALB's connection
        // log's first (mTLS verified).
        ("alb", json_line(include_str!("../testdata/aws/alb.log"), 1)),
        ("alb_connection", json_line(include_str!("../testdata/aws/alb_connection.log"), 0)),
        ("clb", json_line(include_str!("../testdata/aws/clb.log"), 0)),
        ("nlb", json_line(include_str!("../testdata/aws/nlb.log"), 1)),
        ("s3_access", json_line(include_str!("../testdata/aws/s3_access.log"), 0)),
        // W3C logs: AWS's first example line (after the file's two header lines), an own
        // real-time line with every field, IIS's default fields.
        ("cloudfront", json_line(include_str!("../testdata/w3c/cloudfront.log"), 2)),
        ("cloudfront_realtime", json_line(include_str!("../testdata/w3c/cloudfront_realtime.log"), 0)),
        ("iis", json_line(include_str!("../testdata/w3c/iis.log"), 4)),
        // The dialects' nicknames (tests/dialects.rs): Traefik's CLF is combined and four
        // fields more; Tomcat's default is common; varnishncsa's default is combined.
        ("traefik", with(r#" 1 "api-router@docker" "http://10.0.0.5:8080" 3ms"#)),
        ("tomcat", COMMON_LINE.to_vec()),
        (
            "squid",
            b"1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.google.com/ - HIER_DIRECT/216.58.214.4 text/html".to_vec(),
        ),
        ("varnishncsa", LINE.to_vec()),
        // Envoy's and Istio's documented lines (testdata/formats/envoy.txt, istio.txt).
        ("envoy", json_line(include_str!("../testdata/formats/envoy.txt"), 1)),
        ("istio", json_line(include_str!("../testdata/formats/istio.txt"), 1)),
        // HAProxy's manual's examples (sections 8.2.2 to 8.2.4), with their syslog prefix.
        (
            "haproxy_http",
            br#"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1""#.to_vec(),
        ),
        (
            "haproxy_https",
            br#"Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] https-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1" 0/0/0/0/0 1wt.eu/TLSv1.3/TLS_AES_256_GCM_SHA384"#.to_vec(),
        ),
        (
            "haproxy_tcp",
            b"Feb  6 12:12:56 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0".to_vec(),
        ),
        (
            "haproxy_clf",
            br#"10.0.1.2 - - [06/Feb/2009:11:14:14 +0000] "GET /index.html HTTP/1.1" 200 2750 "" "" 33317 655 "http-in" "static" "srv1" 10 0 30 69 109 ---- 1 1 1 1 0 0 0 "" "" "1wt.eu" """#.to_vec(),
        ),
        (
            "haproxy_tcp_clf",
            br#"10.0.1.2 - - [06/Feb/2009:11:12:51 +0000] "TCP " 000 212 "" "" 33313 443 "fnt" "bck" "srv1" 0 0 0 5007 0 ---- 0 0 0 0 3 0 0 "" "" "#.to_vec(),
        ),
    ]
}

/// A JSON `log_format` (nginx's `escape=json`, as people write it) and the corpus's line
/// as it logs it.
const NGINX_JSON: &str = r#"log_format json_combined escape=json '{"time":"$time_iso8601","remote_addr":"$remote_addr","remote_user":"$remote_user","request":"$request","status":$status,"body_bytes_sent":$body_bytes_sent,"request_time":$request_time,"upstream_addr":"$upstream_addr","http_referer":"$http_referer","http_user_agent":"$http_user_agent"}';"#;
const NGINX_JSON_LINE: &[u8] = br#"{"time":"2015-05-17T10:05:03+00:00","remote_addr":"83.149.9.216","remote_user":"","request":"GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1","status":200,"body_bytes_sent":203023,"request_time":0.012,"upstream_addr":"10.0.0.1:8080","http_referer":"http://semicomplete.com/presentations/logstash-monitorama-2013/","http_user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"}"#;

/// Line `n` of a test file.
fn json_line(text: &str, n: usize) -> Vec<u8> {
    text.lines().nth(n).expect("the line is there").as_bytes().to_vec()
}

fn parse_line(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_line");
    g.throughput(Throughput::Elements(1));
    let combined = Scanner::new(Builtin::Combined);
    let mut out = Vec::with_capacity(1024);
    let mut captures = Captures::default();
    g.bench_function("combined/scanner", |b| {
        b.iter(|| combined.parse(black_box(LINE), &mut captures).map(|e| e.status))
    });
    g.bench_function("combined/scanner+json", |b| {
        b.iter(|| {
            out.clear();
            if let Ok(e) = combined.parse(black_box(LINE), &mut captures) {
                firelog::output::write_line(&mut out, &e, LINE, None);
            }
            out.len()
        })
    });
    // Every nickname through Format (the Lambda's path), with its JSON; and
    // combined's own string on the general path (the scanner's definition).
    let general =
        |spec: &str| Format::Matcher(Box::new(Matcher::compile(Plan::parse(spec).unwrap()).unwrap()));
    let mut cases: Vec<(String, Format, Vec<u8>)> = nickname_lines()
        .into_iter()
        .map(|(name, line)| (format!("{name}+json"), Format::new(name).unwrap(), line))
        .collect();
    cases.push(("combined/general+json".into(), general("combined"), LINE.to_vec()));
    // An nginx escape=json log_format (a JSON template, read by its keys).
    cases.push(("nginx_json+json".into(), Format::new(NGINX_JSON).unwrap(), NGINX_JSON_LINE.to_vec()));
    for (name, format, line) in &cases {
        let mut captures = Captures::default();
        g.bench_function(name.as_str(), |b| {
            b.iter(|| {
                out.clear();
                if let Ok(parsed) = format.parse(black_box(line), &mut captures) {
                    firelog::output::write_line(&mut out, &parsed, line, None);
                }
                assert!(!out.is_empty(), "{name} reads its line");
                out.len()
            })
        });
    }
    g.finish();
}

fn events(c: &mut Criterion) {
    let Some(corpus) = corpus::read() else {
        eprintln!("SKIPPED: event benches (no corpus)");
        return;
    };
    let mut g = c.benchmark_group("event");
    for (name, size) in [("1MB", ONE_MB), ("6MB", SIX_MB)] {
        let (event, records) = corpus_event(&corpus, size);
        g.throughput(Throughput::Elements(records as u64));
        // No response budget: the benchmark measures the transform (a 6 MB event makes
        // an 8.5 MB response, which the Lambda's guard would trim).
        let mut t = Transformer::new(Scanner::new(Builtin::Combined)).with_response_budget(usize::MAX);
        g.bench_function(format!("transform/{name}"), |b| {
            b.iter(|| {
                let (response, summary) = t.event(black_box(&event)).expect("valid event");
                t.recycle(response);
                summary.ok
            })
        });
    }

    // The same 6 MB event under each field profile (SCHEMA): the default's figure above
    // is the one a profile must not slow.
    let (event, records) = corpus_event(&corpus, SIX_MB);
    g.throughput(Throughput::Elements(records as u64));
    for schema in [Schema::Ecs, Schema::Otel] {
        let mut t = Transformer::new(Scanner::new(Builtin::Combined))
            .with_schema(schema)
            .with_response_budget(usize::MAX);
        let name = format!("{schema:?}").to_lowercase();
        g.bench_function(format!("transform_{name}/6MB"), |b| {
            b.iter(|| {
                let (response, summary) = t.event(black_box(&event)).expect("valid event");
                t.recycle(response);
                summary.ok
            })
        });
    }

    // The same 6 MB event under a list of two formats (LOG_FORMAT=combined,caddy): every
    // line is read by the first, which must cost what it costs alone (transform/6MB).
    // The second list puts caddy first: each line pays caddy's refusal (its first byte is
    // not `{`) before combined reads it.
    // Under ECS (`first_ecs`) each line is written by its member's profile, which must
    // cost what the profile costs alone (transform_ecs/6MB).
    for (name, list, schema) in [
        ("first", "combined,caddy", Schema::Firelog),
        ("second", "caddy,combined", Schema::Firelog),
        ("first_ecs", "combined,caddy", Schema::Ecs),
    ] {
        let formats = firelog::access_log::Formats::from_setting_reserving(list, &[]).expect("a list");
        let mut t = Transformer::new(formats).with_schema(schema).with_response_budget(usize::MAX);
        g.bench_function(format!("transform_list_{name}/6MB"), |b| {
            b.iter(|| {
                let (response, summary) = t.event(black_box(&event)).expect("valid event");
                t.recycle(response);
                summary.ok
            })
        });
    }

    // Every enrichment the corpus's combined lines can take, on the same 6 MB event: GeoIP
    // and ASN from databases that cover every corpus address (a 70 MB City database), the
    // user agent, anonymized addresses (TRUSTED_PROXIES needs a forwarded-for field, which
    // combined has not). It must keep half the default's records/s.
    let mut t = enriched_settings().transformer().with_response_budget(usize::MAX);
    g.bench_function("transform_enriched/6MB", |b| {
        b.iter(|| {
            let (response, summary) = t.event(black_box(&event)).expect("valid event");
            t.recycle(response);
            summary.ok
        })
    });

    // An Apache LogFormat read by the matcher, on the same lines behind a vhost: LOG_FORMAT=vhost_combined.
    let (event, records) = corpus_event(&vhost_corpus(&corpus), SIX_MB);
    g.throughput(Throughput::Elements(records as u64));
    let format = Format::new("vhost_combined").expect("a nickname");
    let mut t = Transformer::new(format).with_response_budget(usize::MAX);
    g.bench_function("transform_vhost_combined/6MB", |b| {
        b.iter(|| {
            let (response, summary) = t.event(black_box(&event)).expect("valid event");
            t.recycle(response);
            summary.ok
        })
    });

    // nginx's stock main format: the 1,000 real nginx lines, cycled to 6 MB, under
    // LOG_FORMAT=nginx_main and under the default (which keeps the forwarded-for as extra).
    match corpus::read_nginx() {
        None => eprintln!("SKIPPED: nginx_main event bench (no nginx corpus)"),
        Some(nginx) => {
            let (event, records) = corpus_event(&nginx, SIX_MB);
            g.throughput(Throughput::Elements(records as u64));
            for name in ["nginx_main", "combined"] {
                let mut t =
                    Transformer::new(Format::new(name).expect("a nickname")).with_response_budget(usize::MAX);
                g.bench_function(format!("transform_nginx_corpus_as_{name}/6MB"), |b| {
                    b.iter(|| {
                        let (response, summary) = t.event(black_box(&event)).expect("valid event");
                        t.recycle(response);
                        summary.ok
                    })
                });
            }
        }
    }

    // The floor: what no transform can avoid on the same 6 MB event.
    let (event, records) = corpus_event(&corpus, SIX_MB);
    let mut t = Transformer::new(Scanner::new(Builtin::Combined));
    let sizes: Vec<usize> = Event::parse(&event)
        .unwrap()
        .records
        .iter()
        .map(|r| {
            t.record(&r.data);
            t.output().len()
        })
        .collect();
    let filler = vec![b'x'; sizes.iter().copied().max().unwrap_or(0)];
    g.throughput(Throughput::Elements(records as u64));
    let mut decoded = Vec::new();
    let mut response_buf = Vec::new();
    g.bench_function("floor/6MB", |b| {
        b.iter(|| {
            let parsed = Event::parse(black_box(&event)).unwrap();
            let mut w = ResponseWriter::new(std::mem::take(&mut response_buf));
            for (r, &size) in parsed.records.iter().zip(&sizes) {
                decoded.clear();
                let _ = base64_simd::STANDARD.decode_append(&r.data, &mut decoded);
                if size > 0 {
                    w.push_encoded(&r.record_id, &filler[..size], &[]);
                } else {
                    w.push_original(&r.record_id, Outcome::ProcessingFailed, &r.data);
                }
            }
            response_buf = w.finish();
            response_buf.len() + decoded.len()
        })
    });
    g.finish();
}

/// What reading the envelope costs, and whether simd-json pays for it; and what the
/// Lambda path adds (lambda_runtime hands the event over as a `RawValue`, and the
/// response goes back as one).
fn envelope(c: &mut Criterion) {
    let Some(corpus) = corpus::read() else {
        eprintln!("SKIPPED: envelope benches (no corpus)");
        return;
    };
    let (event, records) = corpus_event(&corpus, SIX_MB);
    let mut g = c.benchmark_group("envelope");
    g.throughput(Throughput::Elements(records as u64));
    g.bench_function("serde_json/6MB", |b| {
        b.iter(|| Event::parse(black_box(&event)).map(|e| e.records.len()))
    });
    let mut copy = Vec::with_capacity(event.len());
    g.bench_function("simd_json/6MB", |b| {
        b.iter(|| {
            copy.clear();
            copy.extend_from_slice(black_box(&event));
            simd_json::serde::from_slice::<Event<'_>>(&mut copy).map(|e| e.records.len())
        })
    });
    let text = String::from_utf8(event.clone()).unwrap();
    g.bench_function("raw_value_check/6MB", |b| {
        b.iter(|| serde_json::value::RawValue::from_string(black_box(text.clone())).map(|r| r.get().len()))
    });
    g.finish();
}

/// The per-line path, where envelopes are opened: combined's line as it came, after a
/// container runtime's CRI prefix, and inside FireLens's JSON (the line first fails as
/// combined, then is read again from inside).
fn cri_line(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_line");
    g.throughput(Throughput::Elements(1));
    let cri = [&b"2016-10-06T00:17:09.669794202Z stdout F "[..], LINE].concat();
    let firelens = format!(
        r#"{{"container_id":"5f6a8b2c9d1e","container_name":"/ecs-web-1-app","ecs_cluster":"web","log":{},"source":"stdout"}}"#,
        serde_json::to_string(std::str::from_utf8(LINE).unwrap()).unwrap()
    );
    let settings = Settings::from_lookup(|name| (name == "THREADS").then(|| "1".to_string())).unwrap();
    let mut transformer = settings.transformer();
    let mut out = Vec::with_capacity(1024);
    let lines = [
        ("combined/line_path+json", LINE),
        ("combined_cri/line_path+json", &cri[..]),
        ("combined_firelens/line_path+json", firelens.as_bytes()),
    ];
    for (name, line) in lines {
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                transformer.line(black_box(line), 1, &mut out).expect("the line reads");
                out.len()
            })
        });
    }
    g.finish();
}

/// Every enrichment combined's lines can take, one thread: the enriched benches' settings.
fn enriched_settings() -> Settings {
    let city = support::mmdb::large_city().display().to_string();
    let asn = support::mmdb::large_asn().display().to_string();
    let vars = [
        ("THREADS", "1".to_string()),
        ("GEOIP_DB", city),
        ("ASN_DB", asn),
        ("PARSE_USER_AGENT", "on".to_string()),
        ("ANONYMIZE_IP", "on".to_string()),
    ];
    Settings::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())).unwrap()
}

fn cold_start(c: &mut Criterion) {
    // Every enrichment on, with a 70 MB City database: reading the settings (opening the
    // databases), compiling, and the first line (its lookups and its user agent).
    let city = support::mmdb::large_city().display().to_string();
    let asn = support::mmdb::large_asn().display().to_string();
    let vars = [
        ("GEOIP_DB", city.as_str()),
        ("ASN_DB", asn.as_str()),
        ("PARSE_USER_AGENT", "on"),
        ("ANONYMIZE_IP", "on"),
    ];
    let mut out = Vec::with_capacity(2048);
    c.bench_function("cold_start/enriched_70MB_city+first_line", |b| {
        b.iter(|| {
            let settings = Settings::from_lookup(|name| {
                vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
            })
            .unwrap();
            let mut t = settings.transformer();
            out.clear();
            t.line(black_box(LINE), 1, &mut out).unwrap();
            out.len()
        })
    });

    // A format for the matcher compiles its regex, its scan and (for %{format}t) its time reader.
    for (name, format) in [
        ("settings+compile", "combined"),
        ("settings+compile_vhost_combined", "vhost_combined"),
        ("settings+compile_strftime", "%v %h [%{%d/%b/%Y:%H:%M:%S}t.%{usec_frac}t %{%z}t] \"%r\" %>s %D"),
    ] {
        c.bench_function(&format!("cold_start/{name}"), |b| {
            b.iter(|| {
                let settings =
                    Settings::from_lookup(|var| (var == "LOG_FORMAT").then(|| format.to_string())).unwrap();
                Transformer::new(black_box(settings.format))
            })
        });
    }
}

/// Lines of 1 MB built to provoke backtracking, each nickname and a few other formats:
/// the matcher's time per byte on them, beside its time per byte on a real line
/// (README, Benchmarks, states the worst ratio).
fn hostile(c: &mut Criterion) {
    const MB: usize = 1 << 20;
    let run = |unit: &[u8], prefix: &[u8]| {
        let mut l = prefix.to_vec();
        while l.len() < MB {
            l.extend_from_slice(unit);
        }
        l.truncate(MB);
        l
    };
    let combined_start: &[u8] = b"10.0.0.1 - - [17/May/2015:10:05:03 +0000] \"GET /";
    let lines: Vec<(&str, Vec<u8>)> = vec![
        ("quotes", run(b"\"", b"")),
        ("backslashes", run(b"\\", b"")),
        ("spaces", run(b" ", b"")),
        ("brackets", run(b"[", b"")),
        ("digits", run(b"0", b"")),
        ("almost_times", run(b"[17/May/2015:10:05:03 +000 ", b"")),
        ("escaped_quotes_in_request", run(b"\\\"", combined_start)),
        ("address_list", run(b"10.0.0.1, ", b"")),
        ("upstream_list", run(b"10.0.0.1:80 : ", b"")),
    ];
    let formats: Vec<(String, Format)> = log_format::NICKNAMES
        .iter()
        .map(|(name, _)| (name.to_string(), Format::new(name).unwrap()))
        .chain(
            [
                ("custom_apache", r#"%h %{X-Forwarded-For}i %t "%r" %>s %D "%{User-Agent}i""#),
                ("custom_strftime", r#"%v [%{%Y-%m-%d %H:%M:%S}t.%{usec_frac}t] %U%q %>s %b"#),
                (
                    "custom_nginx_json",
                    r#"log_format j escape=json '{"t":"$time_iso8601","h":"$remote_addr","r":"$request","s":$status,"u":"$upstream_addr"}';"#,
                ),
            ]
            .map(|(n, f)| (n.to_string(), Format::new(f).unwrap())),
        )
        .collect();
    let mut g = c.benchmark_group("hostile");
    g.throughput(Throughput::Bytes(MB as u64));
    g.sample_size(10);
    let mut captures = Captures::default();
    for (name, format) in &formats {
        for (kind, line) in &lines {
            g.bench_function(format!("{name}/{kind}"), |b| {
                b.iter(|| format.parse(black_box(line), &mut captures).is_ok())
            });
        }
    }
    // The real line, per byte, for the ratio.
    g.throughput(Throughput::Bytes(LINE.len() as u64));
    let combined = Format::new("combined").unwrap();
    g.bench_function("combined/corpus_line", |b| {
        b.iter(|| combined.parse(black_box(LINE), &mut captures).is_ok())
    });
    g.finish();
}

/// One user agent read, not cached (`PARSE_USER_AGENT`'s cost per new agent): browsers,
/// a crawler, tools and an unknown agent.
fn agents(c: &mut Criterion) {
    let mut g = c.benchmark_group("agent");
    for (name, agent) in [
        (
            "chrome",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        ),
        (
            "iphone",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        ),
        ("googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        ("curl", "curl/8.5.0"),
        ("python-requests", "python-requests/2.31.0"),
        ("go", "Go-http-client/1.1"),
        (
            "aws-sdk",
            "aws-sdk-java/1.12.600 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS java/17.0.9 vendor/Amazon.com_Inc.",
        ),
        ("unknown", "something-nobody-knows/0.1"),
    ] {
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| firelog::enrich::agent::parse(black_box(agent)).device)
        });
    }
    g.finish();
}

/// ALB lines as a busy load balancer writes them, `n` of them: the documented HTTPS
/// line's shape with each line's client, port, time, path, sizes and agent varied.
fn alb_lines(n: usize) -> Vec<u8> {
    const AGENTS: [&str; 4] = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "curl/8.5.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "python-requests/2.31.0",
    ];
    let mut out = Vec::new();
    for i in 0..n {
        let line = format!(
            "https 2026-01-{:02}T{:02}:{:02}:{:02}.{:06}Z app/my-loadbalancer/50dc6c495c0c9188 {}.{}.{}.{}:{} 10.0.{}.{}:8080 0.{:03} 0.{:03} 0.000 {} {} {} {} \"GET https://www.example.com:443/api/items/{}?page={} HTTP/1.1\" \"{}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-{:08x}-{:024x}\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 2026-01-{:02}T{:02}:{:02}:{:02}.{:03}000Z \"forward\" \"-\" \"-\" \"10.0.{}.{}:8080\" \"{}\" \"-\" \"-\" TID_{:020x} \"-\" \"-\" \"-\"\n",
            1 + i % 28,
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            i * 7919 % 1_000_000,
            1 + i % 223,
            i / 7 % 256,
            i / 11 % 256,
            1 + i % 254,
            1024 + i % 60000,
            i % 4,
            1 + i % 250,
            i % 5,
            i * 13 % 1000,
            [200, 200, 200, 304, 404, 500][i % 6],
            [200, 200, 200, 304, 404, 500][i % 6],
            200 + i % 900,
            300 + i * 37 % 90_000,
            i % 100_000,
            i % 9,
            AGENTS[i % 4],
            0x6500_0000 + i,
            i * 2_654_435_761,
            1 + i % 28,
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            i % 1000,
            i % 4,
            1 + i % 250,
            [200, 200, 200, 304, 404, 500][i % 6],
            i * 40_503,
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// A 6 MB event of ALB lines (`LOG_FORMAT=alb`), one line a record, as the corpus events
/// are: the per-byte cost against `event/transform/6MB`'s combined lines.
fn aws_events(c: &mut Criterion) {
    let mut g = c.benchmark_group("event");
    let lines = alb_lines(20_000);
    let (event, records) = corpus_event(&lines, SIX_MB);
    g.throughput(Throughput::Elements(records as u64));
    let mut t = Transformer::new(Format::new("alb").expect("a nickname")).with_response_budget(usize::MAX);
    let (_, summary) = t.event(&event).expect("valid event");
    assert_eq!(summary.ok, records, "every generated ALB line reads");
    g.bench_function("transform_alb/6MB", |b| {
        b.iter(|| {
            let (response, summary) = t.event(black_box(&event)).expect("valid event");
            t.recycle(response);
            summary.ok
        })
    });
    g.finish();
}

/// An event of IIS chunks, each its IIS 6.0 header (Microsoft's intranet example's
/// fields) and 100 lines of it, as a file's chunks arrive: read under `LOG_FORMAT=iis`,
/// each record's header switches the layout (`transform/layout.rs`), compiled once per
/// worker; read under that header as `LOG_FORMAT`, nothing switches. The two must cost
/// the same.
fn w3c_switch_events(c: &mut Criterion) {
    let header = "#Software: Microsoft Internet Information Services 6.0\n#Version: 1.0\n\
                  #Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status cs(User-Agent)\n";
    let chunk: String = std::iter::once(header.to_string())
        .chain((0..100).map(|i| {
            format!(
                "2002-05-02 17:{:02}:{:02} 172.22.{}.{} - 172.30.255.255 80 GET /images/picture{i}.jpg - 200 \
                 Mozilla/4.0+(compatible;MSIE+5.5;+Windows+2000+Server)\n",
                i / 60,
                i % 60,
                i % 7,
                i
            )
        }))
        .collect();
    // The builder ends each record with a `\n`.
    let mut builder = EventBuilder::new(1_431_857_103_000);
    for _ in 0..200 {
        assert!(builder.try_push_line(chunk.trim_end().as_bytes(), SIX_MB));
    }
    let event = builder.finish();
    let mut g = c.benchmark_group("event");
    g.throughput(Throughput::Elements(200 * 100));
    let fields = header.lines().find(|l| l.starts_with("#Fields:")).expect("a header");
    for (name, log_format) in [("switched", "iis"), ("as_log_format", fields)] {
        let mut t =
            Transformer::new(Format::new(log_format).expect("a format")).with_response_budget(usize::MAX);
        let (_, summary) = t.event(&event).expect("valid event");
        assert_eq!(summary.ok, 200, "every chunk reads");
        g.bench_function(format!("transform_iis_chunks_{name}"), |b| {
            b.iter(|| {
                let (response, summary) = t.event(black_box(&event)).expect("valid event");
                t.recycle(response);
                summary.ok
            })
        });
    }
    g.finish();
}

/// A space-separated W3C line with quoted values (IIS Advanced Logging's form), read on
/// the per-line path by its second reading (`w3c::unquoted`, after the first fails), beside
/// the same values as IIS writes them (`+` for a space), read on the first.
fn w3c_quoted(c: &mut Criterion) {
    const FIELDS: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status";
    let quoted: &[u8] = br#"2024-10-01 00:00:12 10.0.0.4 GET /products/view - 80 - "198.51.100.23" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36" "https://www.example.com/search?q=a b" 200"#;
    let plus: &[u8] = b"2024-10-01 00:00:12 10.0.0.4 GET /products/view - 80 - 198.51.100.23 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36 https://www.example.com/search?q=a+b 200";
    let settings = Settings::from_lookup(|var| (var == "LOG_FORMAT").then(|| FIELDS.to_string())).unwrap();
    let mut t = settings.transformer();
    let mut out = Vec::with_capacity(1024);
    let mut g = c.benchmark_group("line");
    g.throughput(Throughput::Elements(1));
    for (name, line) in [("iis_quoted", quoted), ("iis_plus", plus)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                t.line(black_box(line), 1, &mut out).unwrap();
                out.len()
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    w3c_quoted,
    parse_line,
    cri_line,
    events,
    aws_events,
    w3c_switch_events,
    envelope,
    cold_start,
    hostile,
    agents
);
criterion_main!(benches);
