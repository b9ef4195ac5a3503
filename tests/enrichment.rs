//! Enrichment (`TRUSTED_PROXIES`, `GEOIP_DB`, `ASN_DB`, `PARSE_USER_AGENT`,
//! `ANONYMIZE_IP`): each line's exact object, the keys' schema, the profiles' names and
//! what stops the start. The databases are `testdata/geo/`'s, built by
//! `support::mmdb` (checked below to be what it writes).

mod support;

use support::{mmdb, settings};

const NGINX_MAIN: &str = "nginx_main";

/// The object `line` writes with `vars` set (the test databases' paths filled in).
fn write(vars: &[(&str, &str)], line: &str) -> String {
    let city = mmdb::testdata("city.mmdb");
    let asn = mmdb::testdata("asn.mmdb");
    let vars: Vec<(&str, String)> = vars
        .iter()
        .map(|(k, v)| match *v {
            "CITY" => (*k, city.display().to_string()),
            "ASN" => (*k, asn.display().to_string()),
            "PY_CITY" => (*k, mmdb::testdata("python/city.mmdb").display().to_string()),
            "PY_ASN" => (*k, mmdb::testdata("python/asn.mmdb").display().to_string()),
            v => (*k, v.to_string()),
        })
        .collect();
    let settings = settings::from_pairs(&vars).unwrap();
    let mut t = settings.transformer();
    let mut out = Vec::new();
    t.line(line.as_bytes(), 1, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// An nginx `main` line from `host` with this forwarded-for list and user agent.
fn main_line(host: &str, forwarded: &str, agent: &str) -> String {
    format!(r#"{host} - - [02/Dec/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "{agent}" "{forwarded}""#)
}

/// The keys of [`main_line`]'s object before what enrichment adds.
fn main_object(host: &str, forwarded: &str, agent: &str) -> String {
    format!(
        r#"{{"host":"{host}","ident":null,"user":null,"timestamp":"2026-12-02T10:00:00Z","method":"GET","path":"/a","protocol":"HTTP/1.1","request":"GET /a HTTP/1.1","status":200,"bytes":5,"referer":null,"user_agent":"{agent}","x_forwarded_for":{forwarded}"#
    )
}

const CURL: &str = "curl/8.5.0";
const GEO: &[(&str, &str)] = &[("LOG_FORMAT", NGINX_MAIN), ("GEOIP_DB", "CITY"), ("ASN_DB", "ASN")];
const SYDNEY: &str = r#""geo_country_code":"AU","geo_country_name":"Australia","geo_city":"Sydney","geo_latitude":-33.8688,"geo_longitude":151.2093,"as_number":64500,"as_organization":"Example Transit Ltd""#;
const NOWHERE: &str = r#""geo_country_code":null,"geo_country_name":null,"geo_city":null,"geo_latitude":null,"geo_longitude":null,"as_number":null,"as_organization":null"#;

#[test]
fn a_forwarded_for_chain_through_trusted_proxies_gives_the_client_and_its_place() {
    let vars = [GEO, &[("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")]].concat();
    let table = [
        // Two trusted proxies: the client is the first untrusted address from the right,
        // and the lookups are of it.
        ("10.0.0.1", "198.51.100.250, 203.0.113.7, 192.0.2.1", r#""203.0.113.7""#, SYDNEY),
        // The connecting address is not a proxy: it is the client, the list is not read.
        ("203.0.113.9", "198.51.100.1", r#""203.0.113.9""#, SYDNEY),
        // An item that is not an address ends the walk at the proxy that passed it on.
        ("10.0.0.1", "203.0.113.7, unknown, 10.0.0.2", r#""10.0.0.2""#, NOWHERE),
        // Ports and brackets by the documented rule.
        ("10.0.0.1", "[2001:db8:1::9]:4711, 10.0.0.2:80", r#""2001:db8:1::9""#, ""),
    ];
    for (host, forwarded, client, place) in table {
        let line = main_line(host, forwarded, CURL);
        let place = if place.is_empty() {
            r#""geo_country_code":"SE","geo_country_name":"Sweden","geo_city":"Linköping","geo_latitude":58.4167,"geo_longitude":15.6167,"as_number":64501,"as_organization":"Exempel \"Bredband\" AB""#
        } else {
            place
        };
        let want = format!(
            "{},\"client_ip\":{client},{place}}}\n",
            main_object(host, &format!("\"{forwarded}\""), CURL)
        );
        assert_eq!(write(&vars, &line), want, "{host} | {forwarded}");
    }
}

#[test]
fn an_ipv6_client_and_an_address_missing_from_the_database() {
    let table = [
        (
            "2001:db8:1::7",
            r#""geo_country_code":"SE","geo_country_name":"Sweden","geo_city":"Linköping","geo_latitude":58.4167,"geo_longitude":15.6167,"as_number":64501,"as_organization":"Exempel \"Bredband\" AB""#,
        ),
        // Not in either database: nulls.
        ("192.0.2.44", NOWHERE),
        ("2001:db8:2::1", NOWHERE),
        // A Country database's record: no city, no location; not in the ASN database.
        (
            "198.51.100.9",
            r#""geo_country_code":"DE","geo_country_name":"Germany","geo_city":null,"geo_latitude":null,"geo_longitude":null,"as_number":null,"as_organization":null"#,
        ),
        // An IPv4-mapped IPv6 address is the IPv4 address.
        ("::ffff:203.0.113.7", SYDNEY),
        // Not an address (HostnameLookups On): nothing to look up.
        ("client.example.com", NOWHERE),
    ];
    for (host, place) in table {
        let want = format!("{},{place}}}\n", main_object(host, "null", CURL));
        assert_eq!(write(GEO, &main_line(host, "-", CURL)), want, "{host}");
    }
}

#[test]
fn user_agents_give_the_browser_its_os_the_device_and_the_bot_flag() {
    let table = [
        (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            r#""ua_browser":"Googlebot","ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":"bot","ua_bot":true"#,
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            r#""ua_browser":"Chrome","ua_browser_version":"120.0.0.0","ua_os":"Windows 10","ua_os_version":"NT 10.0","ua_device":"desktop","ua_bot":false"#,
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            r#""ua_browser":"Safari","ua_browser_version":"17.1","ua_os":"iPhone","ua_os_version":"17.1","ua_device":"mobile","ua_bot":false"#,
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
            r#""ua_browser":"Chrome","ua_browser_version":"120.0.6099.144","ua_os":"Android","ua_os_version":"14","ua_device":"mobile","ua_bot":false"#,
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            r#""ua_browser":"Safari","ua_browser_version":"16.6","ua_os":"iPad","ua_os_version":"16.6","ua_device":"tablet","ua_bot":false"#,
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0",
            r#""ua_browser":"Firefox","ua_browser_version":"121.0","ua_os":"Mac OSX","ua_os_version":"10.15","ua_device":"desktop","ua_bot":false"#,
        ),
        // Tools: named as their product token writes them, with their versions.
        (
            "curl/8.5.0",
            r#""ua_browser":"curl","ua_browser_version":"8.5.0","ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false"#,
        ),
        (
            "python-requests/2.31.0",
            r#""ua_browser":"python-requests","ua_browser_version":"2.31.0","ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false"#,
        ),
        (
            "Go-http-client/1.1",
            r#""ua_browser":"Go-http-client","ua_browser_version":"1.1","ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false"#,
        ),
        (
            "aws-sdk-java/1.12.600 Linux/5.10.205 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS java/17.0.9",
            r#""ua_browser":"aws-sdk-java","ua_browser_version":"1.12.600","ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false"#,
        ),
        (
            "ELB-HealthChecker/2.0",
            r#""ua_browser":"ELB-HealthChecker","ua_browser_version":"2.0","ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false"#,
        ),
        (
            "Amazon CloudFront",
            r#""ua_browser":"Amazon CloudFront","ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":"automation","ua_bot":false"#,
        ),
        // An Android tablet: no `Mobile`.
        (
            "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Safari/537.36",
            r#""ua_browser":"Chrome","ua_browser_version":"120.0.6099.144","ua_os":"Android","ua_os_version":"13","ua_device":"tablet","ua_bot":false"#,
        ),
        (
            "something-nobody-knows/0.1",
            r#""ua_browser":null,"ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":null,"ua_bot":false"#,
        ),
        // No user agent: every key null.
        (
            "-",
            r#""ua_browser":null,"ua_browser_version":null,"ua_os":null,"ua_os_version":null,"ua_device":null,"ua_bot":null"#,
        ),
    ];
    let vars = [("PARSE_USER_AGENT", "on")];
    for (agent, keys) in table {
        let line =
            format!(r#"192.0.2.1 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "{agent}""#);
        let agent_value = if agent == "-" { "null".to_string() } else { format!("\"{agent}\"") };
        let want = format!(
            r#"{{"host":"192.0.2.1","ident":null,"user":null,"timestamp":"2026-12-02T10:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"bytes":5,"referer":null,"user_agent":{agent_value},{keys}}}"#
        ) + "\n";
        // Twice: the second answer comes from the cache.
        assert_eq!(write(&vars, &line), want, "{agent}");
        let settings = settings::from_pairs(&vars).unwrap();
        let mut t = settings.transformer();
        let mut out = Vec::new();
        t.line(line.as_bytes(), 1, &mut out).unwrap();
        t.line(line.as_bytes(), 2, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), want.repeat(2), "{agent}, cached");
    }
}

#[test]
fn anonymized_addresses_keep_their_network_after_the_lookups_read_them_whole() {
    let vars = [GEO, &[("TRUSTED_PROXIES", "10.0.0.0/8"), ("ANONYMIZE_IP", "on")]].concat();
    // IPv4: /24; the client is found and looked up whole, then written cut.
    let line = main_line("10.0.0.1", "203.0.113.7, 10.0.0.2", CURL);
    let want = format!(
        "{},\"client_ip\":\"203.0.113.0\",{SYDNEY}}}\n",
        main_object("10.0.0.0", r#""203.0.113.0, 10.0.0.0""#, CURL)
    );
    assert_eq!(write(&vars, &line), want);
    // IPv6: /48; ports and brackets go, what is not an address stays as logged.
    let line = main_line("2001:db8:1:2::7", "unknown, [2001:db8:ffff:1::9]:443", CURL);
    let want = format!(
        "{},\"client_ip\":\"2001:db8:1::\",{}}}\n",
        main_object("2001:db8:1::", r#""unknown, 2001:db8:ffff::""#, CURL),
        r#""geo_country_code":"SE","geo_country_name":"Sweden","geo_city":"Linköping","geo_latitude":58.4167,"geo_longitude":15.6167,"as_number":64501,"as_organization":"Exempel \"Bredband\" AB""#
    );
    assert_eq!(write(&vars, &line), want);
    // Prefix lengths of one's own: IPv4 /16, IPv6 /32.
    let vars = [("LOG_FORMAT", NGINX_MAIN), ("ANONYMIZE_IP", "16,32")];
    let line = main_line("203.0.113.7", "2001:db8:1:2::7", CURL);
    assert_eq!(write(&vars, &line), format!("{}}}\n", main_object("203.0.0.0", r#""2001:db8::""#, CURL)));
    // The default format's %h.
    let line = r#"203.0.113.77 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5"#;
    let written = write(&[("ANONYMIZE_IP", "on")], line);
    assert!(written.starts_with(r#"{"host":"203.0.113.0","ident":null"#), "{written}");
}

/// A W3C line's forwarded-for list as IIS and CloudFront encode it (`,+`, `%2C%20`): each
/// address is cut, the separators written decoded.
#[test]
fn a_w3c_lines_encoded_forwarded_for_list_has_every_address_cut() {
    let iis = [("LOG_FORMAT", "#Fields: date time c-ip X-Forwarded-For"), ("ANONYMIZE_IP", "on")];
    assert_eq!(
        write(&iis, "2024-10-01 00:00:06 10.0.0.9 203.0.113.7,+2001:db8::5"),
        "{\"timestamp\":\"2024-10-01T00:00:06Z\",\"host\":\"10.0.0.0\",\"x_forwarded_for\":\"203.0.113.0, 2001:db8::\"}\n"
    );
    let cloudfront = [("LOG_FORMAT", "#Fields: date time c-ip x-forwarded-for"), ("ANONYMIZE_IP", "on")];
    assert_eq!(
        write(&cloudfront, "2024-10-01\t00:00:06\t10.0.0.9\t203.0.113.7%2C%20198.51.100.9"),
        "{\"timestamp\":\"2024-10-01T00:00:06Z\",\"host\":\"10.0.0.0\",\"x_forwarded_for\":\"203.0.113.0, 198.51.100.0\"}\n"
    );
}

/// A setting and its value.
type Var<'a> = (&'a str, &'a str);

/// `TRUSTED_PROXIES` walks a W3C line's encoded forwarded-for list as `ANONYMIZE_IP` cuts
/// it: IIS's `,+` and CloudFront's `%2C%20` separate its addresses.
#[test]
fn a_w3c_lines_encoded_forwarded_for_list_is_walked_address_by_address() {
    let trusted = ("TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8:ffff::/48");
    let iis = [("LOG_FORMAT", "#Fields: date time c-ip X-Forwarded-For"), trusted];
    let cloudfront = [("LOG_FORMAT", "#Fields: date time c-ip x-forwarded-for"), trusted];
    let object = |host: &str, list: &str, client: &str| {
        format!(
            "{{\"timestamp\":\"2024-10-01T00:00:06Z\",\"host\":\"{host}\",\"x_forwarded_for\":{list},\"client_ip\":{client}}}\n"
        )
    };
    let table: [(&[Var], &str, String); 6] = [
        // Through two trusted proxies: the first untrusted address from the right.
        (
            &iis,
            "2024-10-01 00:00:06 10.0.0.9 198.51.100.1,+203.0.113.7,+10.0.0.2",
            object("10.0.0.9", r#""198.51.100.1, 203.0.113.7, 10.0.0.2""#, r#""203.0.113.7""#),
        ),
        // IPv6 addresses and a port, IIS's `,+`.
        (
            &iis,
            "2024-10-01 00:00:06 2001:db8:ffff::1 2001:db8::7,+[2001:db8:ffff::2]:443",
            object("2001:db8:ffff::1", r#""2001:db8::7, [2001:db8:ffff::2]:443""#, r#""2001:db8::7""#),
        ),
        // An item that is not an address ends the walk: the proxy that passed it on.
        (
            &iis,
            "2024-10-01 00:00:06 10.0.0.9 203.0.113.7,+unknown,+10.0.0.2",
            object("10.0.0.9", r#""203.0.113.7, unknown, 10.0.0.2""#, r#""10.0.0.2""#),
        ),
        // No list: the connecting address.
        (&iis, "2024-10-01 00:00:06 10.0.0.9 -", object("10.0.0.9", "null", r#""10.0.0.9""#)),
        // CloudFront's `%2C%20`, tab-separated.
        (
            &cloudfront,
            "2024-10-01\t00:00:06\t10.0.0.9\t198.51.100.1%2C%20203.0.113.7%2C%2010.0.0.2",
            object("10.0.0.9", r#""198.51.100.1, 203.0.113.7, 10.0.0.2""#, r#""203.0.113.7""#),
        ),
        (
            &cloudfront,
            "2024-10-01\t00:00:06\t10.0.0.9\t2001:db8::7%2C%2010.0.0.2",
            object("10.0.0.9", r#""2001:db8::7, 10.0.0.2""#, r#""2001:db8::7""#),
        ),
    ];
    for (vars, line, want) in table {
        assert_eq!(write(vars, line), want, "{line}");
    }
}

/// `TRUSTED_PROXIES` walks a W3C line's `Forwarded` (RFC 7239) as the header was sent:
/// IIS's `+` for a space (its `cs(Forwarded)` field, or a custom field named `Forwarded`)
/// and CloudFront's `%hh` are undone before its `for=` nodes are read, as the writer
/// undoes them in the `forwarded` value.
/// A W3C line's user agent is parsed as the browser sent it: CloudFront's `%20` and IIS's
/// `+` undone first (they reached the parser encoded, which named no OS).
#[test]
fn a_w3c_lines_encoded_user_agent_is_parsed_decoded() {
    let keys = r#""ua_browser":"Chrome","ua_browser_version":"120.0.0.0","ua_os":"Windows 10","ua_os_version":"NT 10.0","ua_device":"desktop","ua_bot":false"#;
    let agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    let vars = [("LOG_FORMAT", "#Fields: date time c-ip cs(User-Agent)"), ("PARSE_USER_AGENT", "on")];
    // IIS's line (spaces between fields, `+` in a value), CloudFront's (tabs, `%20`).
    for (separator, encoded) in [(" ", agent.replace(' ', "+")), ("\t", agent.replace(' ', "%20"))] {
        let line = ["2024-10-01", "00:00:06", "192.0.2.1", &encoded].join(separator);
        let want = format!(
            r#"{{"timestamp":"2024-10-01T00:00:06Z","host":"192.0.2.1","user_agent":"{agent}",{keys}}}"#
        ) + "\n";
        assert_eq!(write(&vars, &line), want, "{line}");
    }
}

#[test]
fn a_w3c_lines_encoded_forwarded_header_is_walked_node_by_node() {
    let trusted = ("TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8:ffff::/48");
    let iis = [("LOG_FORMAT", "#Fields: date time c-ip cs(Forwarded)"), trusted];
    let custom = [("LOG_FORMAT", "#Fields: date time c-ip Forwarded"), trusted];
    let cloudfront = [("LOG_FORMAT", "#Fields: date time c-ip cs(Forwarded)"), trusted];
    let object = |host: &str, forwarded: &str, client: &str| {
        format!(
            "{{\"timestamp\":\"2024-10-01T00:00:06Z\",\"host\":\"{host}\",\"forwarded\":{forwarded},\"client_ip\":{client}}}\n"
        )
    };
    let table: [(&[Var], &str, String); 9] = [
        // Through two trusted proxies, IIS's `,+` between the elements.
        (
            &iis,
            "2024-10-01 00:00:06 10.0.0.9 for=198.51.100.1,+for=203.0.113.7;proto=https,+for=10.0.0.2",
            object(
                "10.0.0.9",
                r#""for=198.51.100.1, for=203.0.113.7;proto=https, for=10.0.0.2""#,
                r#""203.0.113.7""#,
            ),
        ),
        // RFC 7239's quoted IPv6 node with a port, `;+` between pairs.
        (
            &iis,
            r#"2024-10-01 00:00:06 2001:db8:ffff::1 for="[2001:db8:cafe::17]:4711";+proto=https,+for=10.0.0.2"#,
            object(
                "2001:db8:ffff::1",
                r#""for=\"[2001:db8:cafe::17]:4711\"; proto=https, for=10.0.0.2""#,
                r#""2001:db8:cafe::17""#,
            ),
        ),
        // unknown ends the walk at the proxy that passed it on.
        (
            &iis,
            "2024-10-01 00:00:06 10.0.0.9 for=203.0.113.7,+for=unknown,+for=10.0.0.2",
            object("10.0.0.9", r#""for=203.0.113.7, for=unknown, for=10.0.0.2""#, r#""10.0.0.2""#),
        ),
        // No header: the connecting address.
        (&iis, "2024-10-01 00:00:06 10.0.0.9 -", object("10.0.0.9", "null", r#""10.0.0.9""#)),
        // IIS's custom field of that name logs the same header.
        (
            &custom,
            r#"2024-10-01 00:00:06 10.0.0.9 For="192.0.2.43:47011",+for=10.0.0.2"#,
            object("10.0.0.9", r#""For=\"192.0.2.43:47011\", for=10.0.0.2""#, r#""192.0.2.43""#),
        ),
        // CloudFront's URL-encoding, tab-separated.
        (
            &cloudfront,
            "2024-10-01\t00:00:06\t10.0.0.9\tfor%3D198.51.100.1%2C%20for%3D203.0.113.7%3Bproto%3Dhttps%2C%20for%3D10.0.0.2",
            object(
                "10.0.0.9",
                r#""for=198.51.100.1, for=203.0.113.7;proto=https, for=10.0.0.2""#,
                r#""203.0.113.7""#,
            ),
        ),
        (
            &cloudfront,
            "2024-10-01\t00:00:06\t10.0.0.9\tfor%3D%22%5B2001:db8:cafe::17%5D:4711%22%2C%20for%3D10.0.0.2",
            object(
                "10.0.0.9",
                r#""for=\"[2001:db8:cafe::17]:4711\", for=10.0.0.2""#,
                r#""2001:db8:cafe::17""#,
            ),
        ),
        // An obfuscated node ends the walk as any non-address does.
        (
            &cloudfront,
            "2024-10-01\t00:00:06\t10.0.0.9\tfor%3D%22_gazonk%22",
            object("10.0.0.9", r#""for=\"_gazonk\"""#, r#""10.0.0.9""#),
        ),
        // A `+` in a CloudFront value is a plus, a `%` without hex digits a percent: nothing
        // is guessed, and `for=+203.0.113.7` is not an address.
        (
            &cloudfront,
            "2024-10-01\t00:00:06\t10.0.0.9\tfor=+203.0.113.7%2C%20for=10.0.0.2",
            object("10.0.0.9", r#""for=+203.0.113.7, for=10.0.0.2""#, r#""10.0.0.2""#),
        ),
    ];
    for (vars, line, want) in table {
        assert_eq!(write(vars, line), want, "{line}");
    }
}

#[test]
fn apaches_client_ip_directive_takes_remote_ip_when_trusted_proxies_write_client_ip() {
    let format = r#"%a %{X-Forwarded-For}i %t "%r" %>s"#;
    let line = r#"10.0.0.1 203.0.113.7,10.0.0.2 [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200"#;
    let vars = [("LOG_FORMAT", format), ("TRUSTED_PROXIES", "10.0.0.0/8")];
    assert_eq!(
        write(&vars, line),
        r#"{"remote_ip":"10.0.0.1","x_forwarded_for":"203.0.113.7,10.0.0.2","timestamp":"2026-12-02T10:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"client_ip":"203.0.113.7"}"#.to_string() + "\n"
    );
    // Without TRUSTED_PROXIES %a keeps its key.
    assert!(
        write(&[("LOG_FORMAT", format)], line).starts_with(r#"{"client_ip":"10.0.0.1","x_forwarded_for""#)
    );
}

#[test]
fn a_bad_enrichment_setting_stops_the_start_naming_the_variable_and_the_file() {
    let city = mmdb::testdata("city.mmdb").display().to_string();
    let asn = mmdb::testdata("asn.mmdb").display().to_string();
    let text = support::root().join("Cargo.toml").display().to_string();
    let table: Vec<(Vec<(&str, &str)>, String)> = vec![
        (
            vec![("GEOIP_DB", "/nonexistent/GeoLite2-City.mmdb")],
            r#"GEOIP_DB="/nonexistent/GeoLite2-City.mmdb" is not allowed: cannot open /nonexistent/GeoLite2-City.mmdb as a MaxMind-format database: i/o error: No such file or directory (os error 2)"#.into(),
        ),
        (
            vec![("ASN_DB", &text)],
            format!("ASN_DB={text:?} is not allowed: cannot open {text} as a MaxMind-format database: invalid database: could not find MaxMind DB metadata in file"),
        ),
        (
            vec![("GEOIP_DB", &asn)],
            format!("GEOIP_DB={asn:?} is not allowed: {asn} is a \"GeoLite2-ASN\" database; GEOIP_DB takes a City or Country database"),
        ),
        (
            vec![("ASN_DB", &city)],
            format!("ASN_DB={city:?} is not allowed: {city} is a \"GeoLite2-City\" database; ASN_DB takes an ASN database"),
        ),
        (
            vec![("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")],
            format!(
                "TRUSTED_PROXIES=\"10.0.0.0/8, proxy.internal\" is not allowed: \"proxy.internal\" is not an address or a CIDR block; {}",
                firelog::enrich::TRUSTED_PROXIES.allowed
            ),
        ),
        (
            vec![("PARSE_USER_AGENT", "yes")],
            format!("PARSE_USER_AGENT=\"yes\" is not allowed: {}", firelog::enrich::PARSE_USER_AGENT.allowed),
        ),
        (
            vec![("LOG_FORMAT", "common"), ("PARSE_USER_AGENT", "on")],
            r#"PARSE_USER_AGENT="on" is not allowed: the LOG_FORMAT logs no user agent, so PARSE_USER_AGENT has nothing to read"#.into(),
        ),
        (
            vec![("LOG_FORMAT", r#"%t "%r" %>s"#), ("TRUSTED_PROXIES", "10.0.0.0/8")],
            r#"TRUSTED_PROXIES="10.0.0.0/8" is not allowed: the LOG_FORMAT logs no X-Forwarded-For (%{X-Forwarded-For}i, $http_x_forwarded_for, $proxy_add_x_forwarded_for) and no Forwarded (%{Forwarded}i, $http_forwarded), so TRUSTED_PROXIES has nothing to read"#.into(),
        ),
        (
            vec![("LOG_FORMAT", r#"%t "%r" %>s"#), ("GEOIP_DB", &city)],
            r#"GEOIP_DB="CITY" is not allowed: the LOG_FORMAT logs no client address (%a, %h, $remote_addr) and no X-Forwarded-For or Forwarded, so GEOIP_DB has nothing to read"#.replace("CITY", &city),
        ),
        (
            vec![("ANONYMIZE_IP", "on"), ("ON_BAD_LINE", "keep")],
            r#"ANONYMIZE_IP="on" is not allowed: off with ON_BAD_LINE=keep: a kept line is written as it came, its addresses whole"#.into(),
        ),
    ];
    for (vars, want) in table {
        assert_eq!(settings::from_pairs(&vars).err(), Some(want.clone()), "{vars:?}");
    }
}

#[test]
fn the_keys_are_in_the_schema_and_take_the_profiles_names() {
    let vars =
        [GEO, &[("TRUSTED_PROXIES", "10.0.0.0/8"), ("PARSE_USER_AGENT", "on"), ("ON_BAD_LINE", "keep")]]
            .concat();
    let city = mmdb::testdata("city.mmdb").display().to_string();
    let asn = mmdb::testdata("asn.mmdb").display().to_string();
    let with_paths: Vec<(&str, &str)> = vars
        .iter()
        .map(|(k, v)| match *v {
            "CITY" => (*k, city.as_str()),
            "ASN" => (*k, asn.as_str()),
            v => (*k, v),
        })
        .collect();
    let s = settings::from_pairs(&with_paths).unwrap();
    let columns = firelog::output::columns(s.format.first(), &s.enrichment.columns(), false);
    let names: Vec<(&str, &str)> =
        columns.iter().map(|c| (c.name.as_str(), firelog::schema::Storage::Json.type_name(c.ty))).collect();
    assert_eq!(
        &names[13..],
        [
            ("client_ip", "string"),
            ("geo_country_code", "string"),
            ("geo_country_name", "string"),
            ("geo_city", "string"),
            ("geo_latitude", "double"),
            ("geo_longitude", "double"),
            ("as_number", "bigint"),
            ("as_organization", "string"),
            ("ua_browser", "string"),
            ("ua_browser_version", "string"),
            ("ua_os", "string"),
            ("ua_os_version", "string"),
            ("ua_device", "string"),
            ("ua_bot", "boolean"),
            ("log_group", "string"),
            ("log_stream", "string"),
            ("envelope", "map<string,string>"),
        ]
    );
    let line = main_line(
        "10.0.0.1",
        "203.0.113.7",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    );
    let ecs = [vars.as_slice(), &[("SCHEMA", "ecs")]].concat();
    assert_eq!(
        write(&ecs, &line),
        r#"{"source":{"address":"10.0.0.1","ip":"203.0.113.7","geo":{"country_iso_code":"AU","country_name":"Australia","city_name":"Sydney","location":{"lat":-33.8688,"lon":151.2093}},"as":{"number":64500,"organization":{"name":"Example Transit Ltd"}}},"nginx":{"access":{"identity":null,"request":"GET /a HTTP/1.1","x_forwarded_for":"203.0.113.7","ua_device":"bot","ua_bot":true}},"user":{"name":null},"@timestamp":"2026-12-02T10:00:00Z","http":{"request":{"method":"GET","referrer":null},"version":"1.1","response":{"status_code":200,"body":{"bytes":5}}},"url":{"original":"/a","path":"/a","query":null},"user_agent":{"original":"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)","name":"Googlebot","version":null,"os":{"name":null,"version":null}}}"#.to_string() + "\n"
    );
    let otel = [vars.as_slice(), &[("SCHEMA", "otel")]].concat();
    assert_eq!(
        write(&otel, &line),
        r#"{"network.peer.address":"10.0.0.1","nginx.ident":null,"user.name":null,"timestamp":"2026-12-02T10:00:00Z","http.request.method":"GET","url.path":"/a","url.query":null,"network.protocol.version":"1.1","nginx.request":"GET /a HTTP/1.1","http.response.status_code":200,"http.response.body.size":5,"http.request.header.referer":null,"user_agent.original":"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)","http.request.header.x-forwarded-for":["203.0.113.7"],"client.address":"203.0.113.7","geo.country.iso_code":"AU","nginx.geo_country_name":"Australia","geo.locality.name":"Sydney","geo.location.lat":-33.8688,"geo.location.lon":151.2093,"nginx.as_number":64500,"nginx.as_organization":"Example Transit Ltd","user_agent.name":"Googlebot","user_agent.version":null,"user_agent.os.name":null,"user_agent.os.version":null,"nginx.ua_device":"bot","user_agent.synthetic.type":"bot"}"#.to_string() + "\n"
    );
}

#[test]
fn the_test_databases_are_what_the_writer_builds() {
    let dir = std::env::temp_dir().join(format!("firelog-mmdb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    type Build = fn(&std::path::Path);
    let builds: [(&str, Build); 2] =
        [("city.mmdb", mmdb::write_test_city), ("asn.mmdb", mmdb::write_test_asn)];
    for (name, build) in builds {
        let built = dir.join(name);
        build(&built);
        let built = std::fs::read(&built).unwrap();
        if std::env::var_os("FIRELOG_WRITE_TESTDATA").is_some() {
            std::fs::create_dir_all(mmdb::testdata("")).unwrap();
            std::fs::write(mmdb::testdata(name), &built).unwrap();
        }
        let kept = std::fs::read(mmdb::testdata(name)).unwrap_or_default();
        assert!(
            kept == built,
            "testdata/geo/{name} is not what support::mmdb writes: FIRELOG_WRITE_TESTDATA=1 cargo test --test enrichment writes it"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_forwarded_for_list_logged_where_the_client_goes_is_the_whole_chain() {
    let trusted = ("TRUSTED_PROXIES", "10.0.0.0/8");
    // Apache with the header in %h's place: the list's right end is the nearest hop.
    let format = r#"%{X-Forwarded-For}i %l %u %t "%r" %>s %b"#;
    let line = r#"203.0.113.7, 10.0.0.2 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5"#;
    let written = write(&[("LOG_FORMAT", format), trusted], line);
    assert!(
        written.ends_with(
            r#","bytes":5,"client_ip":"203.0.113.7"}
"#
        ),
        "{written}"
    );
    // nginx's $proxy_add_x_forwarded_for: the header with the connecting address added.
    let format = r#"$proxy_add_x_forwarded_for - $remote_user [$time_local] "$request" $status"#;
    let line = r#"198.51.100.1, 203.0.113.7, 10.0.0.1 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200"#;
    let written = write(&[("LOG_FORMAT", format), trusted, ("ANONYMIZE_IP", "on")], line);
    assert_eq!(
        written,
        r#"{"proxy_add_x_forwarded_for":"198.51.100.0, 203.0.113.0, 10.0.0.0","user":null,"timestamp":"2026-12-02T10:00:00Z","method":"GET","path":"/","protocol":"HTTP/1.1","request":"GET / HTTP/1.1","status":200,"client_ip":"203.0.113.0"}"#.to_string() + "\n"
    );
}

/// The same lines through the Rust writer's databases and through the Python
/// `mmdb-writer`'s (uint16 AS numbers, float32 coordinates): the same bytes out, every
/// lookup read whole.
#[test]
fn databases_of_two_writers_in_different_encodings_write_the_same_bytes() {
    let rust = [GEO, &[("TRUSTED_PROXIES", "10.0.0.0/8")]].concat();
    let python = [
        ("LOG_FORMAT", NGINX_MAIN),
        ("GEOIP_DB", "PY_CITY"),
        ("ASN_DB", "PY_ASN"),
        ("TRUSTED_PROXIES", "10.0.0.0/8"),
    ];
    let hosts = [
        "203.0.113.7",
        "198.51.100.9",
        "2001:db8:1::7",
        "::ffff:203.0.113.7",
        "192.0.2.44",
        "2001:db8:2::1",
        "client.example.com",
    ];
    for host in hosts {
        let line = main_line("10.0.0.1", host, CURL);
        let from_python = write(&python, &line);
        assert_eq!(from_python, write(&rust, &line), "{host}");
    }
    // The uint16 and the float32 are the numbers MaxMind's reader gives.
    let written = write(&python, &main_line("10.0.0.1", "203.0.113.7", CURL));
    assert!(written.contains(SYDNEY), "{written}");
    // Counted: every lookup of an address, every hit read whole.
    let events: Vec<Vec<u8>> = hosts.iter().map(|h| main_line("10.0.0.1", h, CURL).into_bytes()).collect();
    for vars in [rust.as_slice(), python.as_slice()] {
        let summary = summary_of(vars, &events);
        let geo = summary.lookups.geo.clone().unwrap();
        let asn = summary.lookups.asn.clone().unwrap();
        assert_eq!((geo.lookups, geo.hits, geo.unreadable, geo.note), (7, 4, 0, None), "{vars:?}");
        assert_eq!((asn.lookups, asn.hits, asn.unreadable, asn.note), (7, 3, 0, None), "{vars:?}");
    }
}

/// The summary of an event of one record per line, with `vars` set (test paths filled in).
fn summary_of(vars: &[(&str, &str)], lines: &[Vec<u8>]) -> firelog::Summary {
    let paths = |v: &str| match v {
        "CITY" => mmdb::testdata("city.mmdb").display().to_string(),
        "ASN" => mmdb::testdata("asn.mmdb").display().to_string(),
        "PY_CITY" => mmdb::testdata("python/city.mmdb").display().to_string(),
        "PY_ASN" => mmdb::testdata("python/asn.mmdb").display().to_string(),
        v => v.to_string(),
    };
    let vars: Vec<(&str, String)> = vars.iter().map(|(k, v)| (*k, paths(v))).collect();
    let settings = settings::from_pairs(&vars).unwrap();
    let event = support::testdata::event(lines);
    let (_, summary) = settings.transformer().event(&event).unwrap();
    summary
}

/// A database of another shape (a string AS number, an integer ISO code, a string for a
/// location) reads what it can, counts its unreadable records, and says at start-up which
/// field does not fit; a float32 and an int32 where doubles go are read as numbers.
#[test]
fn a_database_of_another_shape_reads_what_it_can_and_says_what_it_cannot() {
    let dir = std::env::temp_dir().join(format!("firelog-odd-mmdb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (asn, city) = (dir.join("asn.mmdb"), dir.join("city.mmdb"));
    mmdb::write_odd(&asn, &city);
    let (asn, city) = (asn.display().to_string(), city.display().to_string());
    let vars = [("LOG_FORMAT", NGINX_MAIN), ("GEOIP_DB", city.as_str()), ("ASN_DB", asn.as_str())];
    let line = |host: &str| main_line(host, "-", CURL);
    assert_eq!(
        write(&vars, &line("198.51.100.7")),
        format!(
            "{},{}}}\n",
            main_object("198.51.100.7", "null", CURL),
            r#""geo_country_code":null,"geo_country_name":"Australia","geo_city":null,"geo_latitude":null,"geo_longitude":null,"as_number":null,"as_organization":null"#
        )
    );
    assert_eq!(
        write(&vars, &line("203.0.113.7")),
        format!(
            "{},{}}}\n",
            main_object("203.0.113.7", "null", CURL),
            r#""geo_country_code":"DE","geo_country_name":"Germany","geo_city":null,"geo_latitude":52.52,"geo_longitude":13,"as_number":null,"as_organization":"Example Transit Ltd""#
        )
    );
    let settings = settings::from_pairs(&vars).unwrap();
    assert_eq!(
        settings.enrichment.asn.as_ref().unwrap().note(),
        Some(
            format!("ASN_DB={asn}: in its first record (203.0.113.0/24), autonomous_system_number is a string; firelog writes null for what it cannot read and counts those records as unreadable")
                .as_str()
        )
    );
    let note = settings.enrichment.geo.as_ref().unwrap().note().unwrap().to_string();
    assert!(note.contains("country.iso_code is an integer"), "{note}");
    let lines: Vec<Vec<u8>> = ["203.0.113.7", "198.51.100.7", "198.51.100.8", "192.0.2.1"]
        .iter()
        .map(|h| line(h).into_bytes())
        .collect();
    let summary = summary_of(&vars, &lines);
    let geo = summary.lookups.geo.clone().unwrap();
    let asn = summary.lookups.asn.clone().unwrap();
    assert_eq!((geo.lookups, geo.hits, geo.unreadable), (4, 3, 2));
    assert_eq!((asn.lookups, asn.hits, asn.unreadable), (4, 1, 1));
    assert_eq!(geo.note.as_deref(), Some(note.as_str()));
    let text = summary.lookups_text();
    assert!(text.starts_with("GEOIP_DB 4 lookups, 3 hits, 2 unreadable (GEOIP_DB="), "{text}");
    let inv = firelog::metrics::Invocation { now_ms: 1_763_706_330_000, transform_ms: 1.0, stream: None };
    let emf: serde_json::Value =
        serde_json::from_str(&firelog::metrics::emf_line("firelog", &[], &summary, &inv)).unwrap();
    let counts: Vec<f64> =
        ["GeoLookups", "GeoHits", "GeoUnreadable", "AsnLookups", "AsnHits", "AsnUnreadable"]
            .iter()
            .map(|k| emf[k].as_f64().unwrap())
            .collect();
    assert_eq!(counts, [4.0, 3.0, 2.0, 4.0, 1.0, 1.0]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `Forwarded` (RFC 7239) through the Lambda's per-line path: its `for=` nodes are the
/// chain when the line's holds one (it wins over X-Forwarded-For), X-Forwarded-For
/// otherwise; `unknown` and obfuscated nodes end the walk as any non-address does.
#[test]
fn forwarded_gives_the_chain_when_it_holds_a_for_node() {
    let format = r#"$remote_addr "$http_forwarded" "$http_x_forwarded_for" [$time_local] "$request" $status"#;
    let vars = [("LOG_FORMAT", format), ("TRUSTED_PROXIES", "10.0.0.0/8")];
    let table = [
        // Both logged: Forwarded wins.
        ("for=203.0.113.7;proto=https, for=10.0.0.2", "198.51.100.1, 10.0.0.2", r#""203.0.113.7""#),
        // RFC 7239's forms: a quoted IPv6 address with a port, an IPv4 address with a port.
        (r#"for="[2001:db8:cafe::17]:4711", for=10.0.0.2"#, "-", r#""2001:db8:cafe::17""#),
        (r#"For="192.0.2.43:47011""#, "-", r#""192.0.2.43""#),
        (r#"for="[2001:db8:cafe::17]:_obf""#, "-", r#""2001:db8:cafe::17""#),
        // Several headers as the server joins them; a trusted hop on the right.
        ("for=192.0.2.43,for=198.51.100.17;by=10.0.0.9,for=10.0.0.2", "-", r#""198.51.100.17""#),
        // unknown and an obfuscated node end the walk at the proxy that passed them on.
        ("for=unknown, for=10.0.0.2", "203.0.113.7", r#""10.0.0.2""#),
        (r#"for="_gazonk""#, "203.0.113.7", r#""10.0.0.1""#),
        // No for= node (or no header): X-Forwarded-For.
        ("by=10.0.0.9;proto=https", "198.51.100.1, 10.0.0.2", r#""198.51.100.1""#),
        ("-", "198.51.100.1, 10.0.0.2", r#""198.51.100.1""#),
    ];
    for (forwarded, xff, client) in table {
        // nginx logs a quote as \x22.
        let quoted = |v: &str| v.replace('"', "\\x22");
        let line = format!(
            r#"10.0.0.1 "{}" "{}" [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200"#,
            quoted(forwarded),
            quoted(xff)
        );
        let written = write(&vars, &line);
        assert!(written.ends_with(&format!(",\"client_ip\":{client}}}\n")), "{forwarded} | {xff}: {written}");
    }
    // A format that logs Forwarded alone can set TRUSTED_PROXIES.
    let format = r#"%a %{Forwarded}i %t "%r" %>s"#;
    let line = r#"10.0.0.1 for=203.0.113.7 [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200"#;
    let written = write(&[("LOG_FORMAT", format), ("TRUSTED_PROXIES", "10.0.0.0/8")], line);
    assert!(written.ends_with(",\"client_ip\":\"203.0.113.7\"}\n"), "{written}");
    // ANONYMIZE_IP cuts Forwarded's nodes, the rest as logged (ports go, as in any list).
    let nginx = r#"$remote_addr "$http_forwarded" [$time_local] "$request" $status"#;
    let line = r#"10.0.0.1 "for=203.0.113.7;proto=https, for=\x22[2001:db8:1:2::9]:4711\x22" [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200"#;
    let written =
        write(&[("LOG_FORMAT", nginx), ("TRUSTED_PROXIES", "10.0.0.0/8"), ("ANONYMIZE_IP", "on")], line);
    assert!(
        written.contains(r#""forwarded":"for=203.0.113.0;proto=https, for=\"2001:db8:1::\"""#),
        "{written}"
    );
    assert!(written.ends_with(",\"client_ip\":\"2001:db8:1::\"}\n"), "{written}");
}
