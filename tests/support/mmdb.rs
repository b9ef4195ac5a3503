//! MaxMind-format databases built here, with the `maxminddb-writer` crate: the small ones
//! in `testdata/geo/` (the tests check the files are what this writes) and, for the
//! benches, a City database of about 70 MB that covers every IPv4 address.
//!
//! The records have the types MaxMind's databases have (the reader is strict): the AS
//! number a uint32, latitude and longitude doubles, names under `names.en`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};

use maxminddb_writer::Database;
use maxminddb_writer::metadata::IpVersion;
use maxminddb_writer::paths::IpAddrWithMask;
use serde::Serialize;

#[derive(Serialize)]
struct Names {
    en: String,
}

#[derive(Serialize)]
struct City {
    #[serde(skip_serializing_if = "Option::is_none")]
    geoname_id: Option<u32>,
    names: Names,
}

/// What a real City record has beside the fields firelog reads (the reader skips them).
#[derive(Serialize)]
struct Continent {
    code: String,
    geoname_id: u32,
    names: Names,
}

#[derive(Serialize)]
struct Postal {
    code: String,
}

#[derive(Serialize)]
struct Country {
    iso_code: String,
    names: Names,
}

#[derive(Serialize)]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy_radius: Option<u16>,
    latitude: f64,
    longitude: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<String>,
}

/// A City database's record: a City, or a Country database's (no city, no location).
#[derive(Serialize)]
pub struct Place {
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<City>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continent: Option<Continent>,
    country: Country,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal: Option<Postal>,
}

impl Place {
    pub fn city(city: &str, iso_code: &str, country: &str, latitude: f64, longitude: f64) -> Place {
        Place {
            city: Some(City { geoname_id: None, names: Names { en: city.into() } }),
            continent: None,
            country: Country { iso_code: iso_code.into(), names: Names { en: country.into() } },
            location: Some(Location { accuracy_radius: None, latitude, longitude, time_zone: None }),
            postal: None,
        }
    }

    pub fn country(iso_code: &str, country: &str) -> Place {
        Place {
            city: None,
            continent: None,
            country: Country { iso_code: iso_code.into(), names: Names { en: country.into() } },
            location: None,
            postal: None,
        }
    }
}

/// An ASN database's record.
#[derive(Serialize)]
pub struct Network {
    autonomous_system_number: u32,
    autonomous_system_organization: String,
}

impl Network {
    pub fn new(number: u32, organization: &str) -> Network {
        Network { autonomous_system_number: number, autonomous_system_organization: organization.into() }
    }
}

/// An empty IPv6 database (IPv4 in its `::/96` subtree) of `database_type`.
fn database(database_type: &str) -> Database {
    let mut db = Database::default();
    db.metadata.ip_version = IpVersion::V6;
    db.metadata.database_type = database_type.into();
    // The reader refuses any other major version; the writer's default is 0.
    db.metadata.binary_format_major_version = 2;
    db.metadata.languages = vec!["en".into()];
    db.metadata.description.insert("en".into(), "firelog test database".into());
    // Fixed, so the files are the same bytes each time.
    db.metadata.build_epoch = 1_764_633_600;
    db
}

/// A network as the tree holds it: IPv4 at `::a.b.c.d`.
fn node(network: &str) -> IpAddrWithMask {
    let (address, length) = network.split_once('/').expect("a CIDR block");
    let length: u8 = length.parse().expect("a prefix length");
    match address.parse::<IpAddr>().expect("an address") {
        IpAddr::V4(a) => IpAddrWithMask::new(IpAddr::V6(a.to_ipv6_compatible()), 96 + length),
        IpAddr::V6(a) => IpAddrWithMask::new(IpAddr::V6(a), length),
    }
}

/// Writes a database of `database_type` holding `records` (wider networks first: the
/// writer lets a later, wider one cover an earlier, narrower one).
pub fn write<T: Serialize>(path: &Path, database_type: &str, records: &[(&str, T)]) {
    let mut db = database(database_type);
    for (network, record) in records {
        let data = db.insert_value(record).expect("a record");
        db.insert_node(node(network), data);
    }
    let file = std::fs::File::create(path).expect("the database's file");
    db.write_to(std::io::BufWriter::new(file)).expect("written");
}

/// The City database of the tests: documentation networks, one of each kind of record.
pub fn write_test_city(path: &Path) {
    write(
        path,
        "GeoLite2-City",
        &[
            ("203.0.113.0/24", Place::city("Sydney", "AU", "Australia", -33.8688, 151.2093)),
            ("198.51.100.0/24", Place::country("DE", "Germany")),
            ("2001:db8:1::/48", Place::city("Linköping", "SE", "Sweden", 58.4167, 15.6167)),
        ],
    );
}

/// The ASN database of the tests.
pub fn write_test_asn(path: &Path) {
    write(
        path,
        "GeoLite2-ASN",
        &[
            ("203.0.113.0/24", Network::new(64500, "Example Transit Ltd")),
            ("2001:db8:1::/48", Network::new(64501, "Exempel \"Bredband\" AB")),
        ],
    );
}

/// `testdata/geo/<name>`.
pub fn testdata(name: &str) -> PathBuf {
    super::root().join("testdata/geo").join(name)
}

/// An ASN database that covers every IPv4 address from 1.0.0.0 to 223.255.255.255: a
/// network per /16, 4,096 networks an AS. Built once into `target/`.
pub fn large_asn() -> PathBuf {
    let path = super::root().join("target/firelog-bench-asn.mmdb");
    if path.exists() {
        return path;
    }
    let mut db = database("GeoLite2-ASN");
    let mut data = None;
    for block in 0x0100u32..0xE000 {
        if data.is_none() || block.is_multiple_of(4096) {
            let number = 64_512 + block / 4096;
            data = Some(
                db.insert_value(Network::new(number, &format!("AS {number} Networks"))).expect("a record"),
            );
        }
        let address = Ipv4Addr::from(block << 16).to_ipv6_compatible();
        db.insert_node(IpAddrWithMask::new(IpAddr::V6(address), 96 + 16), data.expect("a record"));
    }
    write_whole(db, &path);
    path
}

/// Writes `db` to `path` through a file beside it, so a half-written file is never read.
fn write_whole(db: Database, path: &Path) {
    let partial = path.with_extension("partial");
    // `target/` is not there when cargo builds elsewhere (CARGO_TARGET_DIR).
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("the database's folder");
    }
    let file = std::fs::File::create(&partial).expect("the database's file");
    db.write_to(std::io::BufWriter::new(file)).expect("written");
    std::fs::rename(&partial, path).expect("renamed");
}

/// A City database of 70 MB (69,954,404 bytes), the size of GeoLite2-City: every IPv4
/// address from 1.0.0.0 to 223.255.255.255 in networks of /16 to /24, 380,000 IPv6
/// networks of /40 to /48, a record (with the fields a real one has, which the reader
/// skips) for each 7 neighbouring networks. Built once into `target/` (a few seconds).
pub fn large_city() -> PathBuf {
    let path = super::root().join("target/firelog-bench-city-70mb.mmdb");
    if path.exists() {
        return path;
    }
    const COUNTRIES: [(&str, &str); 8] = [
        ("US", "United States"),
        ("DE", "Germany"),
        ("GB", "United Kingdom"),
        ("FR", "France"),
        ("JP", "Japan"),
        ("BR", "Brazil"),
        ("IN", "India"),
        ("AU", "Australia"),
    ];
    let mut db = database("GeoLite2-City");
    // A small linear congruential generator: the same database every time.
    let mut state: u64 = 42;
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        state >> 33
    };
    let mut record = None;
    let mut networks = 0u64;
    let mut place = |next: &mut dyn FnMut() -> u64, networks: u64, db: &mut Database| {
        if networks.is_multiple_of(7) || record.is_none() {
            let (iso_code, country) = COUNTRIES[(next() % 8) as usize];
            let latitude = (next() % 180_000) as f64 / 1000.0 - 90.0;
            let longitude = (next() % 360_000) as f64 / 1000.0 - 180.0;
            let mut value = Place::city(&format!("City {networks}"), iso_code, country, latitude, longitude);
            // A real record's other fields, which the reader skips.
            value.city.as_mut().expect("a city").geoname_id = Some(networks as u32);
            value.continent = Some(Continent {
                code: "EU".into(),
                geoname_id: 6_255_148,
                names: Names { en: "Europe".into() },
            });
            let location = value.location.as_mut().expect("a location");
            location.accuracy_radius = Some(50);
            location.time_zone = Some("Europe/Berlin".into());
            value.postal = Some(Postal { code: format!("{:05}", networks % 100_000) });
            record = Some(db.insert_value(value).expect("a record"));
        }
        record.expect("a record")
    };
    let mut v4: u64 = 0x0100_0000;
    while v4 < 0xE000_0000 {
        let mut length = 16 + (next() % 9) as u8;
        while v4 & ((1 << (32 - length)) - 1) != 0 {
            length += 1;
        }
        let data = place(&mut next, networks, &mut db);
        let address = Ipv4Addr::from(v4 as u32).to_ipv6_compatible();
        db.insert_node(IpAddrWithMask::new(IpAddr::V6(address), 96 + length), data);
        networks += 1;
        v4 += 1 << (32 - length);
    }
    let mut v6: u128 = 0x2400 << 112;
    for _ in 0..380_000 {
        let mut length = 40 + (next() % 9) as u8;
        while v6 & ((1 << (128 - length)) - 1) != 0 {
            length += 1;
        }
        let data = place(&mut next, networks, &mut db);
        db.insert_node(IpAddrWithMask::new(IpAddr::V6(Ipv6Addr::from(v6)), length), data);
        networks += 1;
        v6 += 1 << (128 - length);
    }
    write_whole(db, &path);
    path
}

/// A record of another shape than MaxMind's: what a user's own database may hold.
#[derive(Serialize)]
pub struct OddNetwork {
    /// A string where MaxMind has a uint32.
    autonomous_system_number: String,
    autonomous_system_organization: String,
}

#[derive(Serialize)]
struct OddCountry {
    /// An integer where MaxMind has a string.
    iso_code: i32,
    names: Names,
}

/// A City record with an integer ISO code, a string for its location and a float32 and
/// an int32 where doubles go.
#[derive(Serialize)]
pub struct OddPlace {
    country: OddCountry,
    location: String,
}

#[derive(Serialize)]
struct SmallLocation {
    latitude: f32,
    longitude: i32,
}

#[derive(Serialize)]
pub struct SmallPlace {
    country: Country,
    location: SmallLocation,
}

/// An ASN database whose AS numbers are strings, and a City database of odd records
/// (198.51.100.0/24, its first) and of a float32 and an int32 coordinate (203.0.113.0/24).
pub fn write_odd(asn: &Path, city: &Path) {
    write(
        asn,
        "GeoLite2-ASN",
        &[(
            "203.0.113.0/24",
            OddNetwork {
                autonomous_system_number: "AS64500".into(),
                autonomous_system_organization: "Example Transit Ltd".into(),
            },
        )],
    );
    let mut db = database("GeoLite2-City");
    let odd = OddPlace {
        country: OddCountry { iso_code: 36, names: Names { en: "Australia".into() } },
        location: "Sydney".into(),
    };
    let data = db.insert_value(odd).expect("a record");
    db.insert_node(node("198.51.100.0/24"), data);
    let small = SmallPlace {
        country: Country { iso_code: "DE".into(), names: Names { en: "Germany".into() } },
        location: SmallLocation { latitude: 52.52, longitude: 13 },
    };
    let data = db.insert_value(small).expect("a record");
    db.insert_node(node("203.0.113.0/24"), data);
    let file = std::fs::File::create(city).expect("the database's file");
    db.write_to(std::io::BufWriter::new(file)).expect("written");
}

/// Databases whose every string is at its cap (firelog's longest JSON for it) and whose
/// numbers are the longest firelog writes, covering 1.0.0.0/8: the worst lines of the
/// response bound with every enrichment on.
pub fn write_longest(city: &Path, asn: &Path) {
    let cap = |n: usize| "x".repeat(n - 2);
    let place = Place {
        city: Some(City { geoname_id: None, names: Names { en: cap(firelog::enrich::geo::NAME_CAP) } }),
        continent: None,
        country: Country {
            iso_code: cap(firelog::enrich::geo::CODE_CAP),
            names: Names { en: cap(firelog::enrich::geo::NAME_CAP) },
        },
        location: Some(Location {
            accuracy_radius: None,
            latitude: -0.123_456_789_012_345_67,
            longitude: -179.123_456_789_012_34,
            time_zone: None,
        }),
        postal: None,
    };
    write(city, "GeoLite2-City", &[("1.0.0.0/8", place)]);
    let network = Network::new(u32::MAX, &cap(firelog::enrich::geo::ORGANIZATION_CAP));
    write(asn, "GeoLite2-ASN", &[("1.0.0.0/8", network)]);
}
