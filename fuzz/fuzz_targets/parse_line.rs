//! Any bytes as a line, under each built-in format: no panic; the scanner and its
//! definition (the nickname compiled as any format is) agree; both JSON writers agree
//! and write JSON. And under nginx_main with every enrichment on (the test databases):
//! no panic, and a line that parses is one JSON object. And under each JSON log's format:
//! no panic, and a line that parses writes one JSON object.
#![no_main]

use firelog::access_log::{Builtin, Captures, Scanner};
use libfuzzer_sys::fuzz_target;
use std::sync::{LazyLock, Mutex};

static ENRICHED: LazyLock<Mutex<firelog::Transformer>> = LazyLock::new(|| {
    let geo = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/geo/");
    let vars = [
        ("LOG_FORMAT", "nginx_main".to_string()),
        ("TRUSTED_PROXIES", "10.0.0.0/8,2001:db8:ffff::/48".to_string()),
        ("GEOIP_DB", format!("{geo}city.mmdb")),
        ("ASN_DB", format!("{geo}asn.mmdb")),
        ("PARSE_USER_AGENT", "on".to_string()),
        ("ANONYMIZE_IP", "on".to_string()),
    ];
    let settings = firelog::Settings::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()))
        .expect("the enriched settings");
    Mutex::new(settings.transformer())
});

/// The JSON logs' formats: any bytes read or fail; what reads is one JSON object.
static JSON_FORMATS: LazyLock<Vec<firelog::Format>> = LazyLock::new(|| {
    ["caddy", "traefik_json", "envoy_json", "json:timestamp=t,host=a.b,status=s,bytes=n,x:decimal=d"]
        .iter()
        .map(|name| firelog::Format::new(name).expect("the JSON formats compile"))
        .collect()
});

static SCANNERS: LazyLock<[Scanner; 3]> = LazyLock::new(|| {
    [Scanner::new(Builtin::Combined), Scanner::new(Builtin::Common), Scanner::new(Builtin::NginxCombined)]
});

fuzz_target!(|line: &[u8]| {
    let (mut by_scanner, mut by_definition) = (Captures::default(), Captures::default());
    for scanner in SCANNERS.iter() {
        match (scanner.parse(line, &mut by_scanner), scanner.parse_by_definition(line, &mut by_definition)) {
            (Ok(a), Ok(b)) => {
                let (mut general, mut plain, mut defined) = (Vec::new(), Vec::new(), Vec::new());
                // Told the line may need escaping (a backslash), the writer escapes every value.
                firelog::output::write_line(&mut general, &a, b"\\", None);
                firelog::output::write_line(&mut plain, &a, line, None);
                firelog::output::write_line(&mut defined, &b, line, None);
                assert_eq!(general, plain);
                assert_eq!(general, defined);
                serde_json::from_slice::<serde_json::Value>(&general).expect("JSON");
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("scanner {a:?}, definition {b:?}"),
        }
    }
    for format in JSON_FORMATS.iter() {
        if let Ok(entry) = format.parse(line, &mut by_scanner) {
            let mut out = Vec::new();
            firelog::output::write_line(&mut out, &entry, line, None);
            serde_json::from_slice::<serde_json::Value>(&out).expect("JSON");
        }
    }
    let mut out = Vec::new();
    if ENRICHED.lock().unwrap().line(line, 1, &mut out).is_ok() {
        serde_json::from_slice::<serde_json::Value>(&out).expect("JSON");
    }
});
