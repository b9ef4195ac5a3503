//! `GEOIP_DB` and `ASN_DB`: where an address is and whose network it is, from MaxMind-format
//! databases (GeoLite2 and GeoIP2 City and Country, DB-IP's lite databases, any ASN
//! database in the format), read through the `maxminddb` crate, memory-mapped: opening one
//! reads its metadata only, so a 70 MB database costs the cold start next to nothing and
//! its pages are read as lookups touch them.
//!
//! A record is decoded into the few fields firelog writes, borrowed from the map; the
//! JSON an address makes is kept per thread in a bounded cache ([`super::Cache`]).

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use maxminddb::{Mmap, Reader};
use serde::Deserialize;

use crate::json::write_str;
use crate::output::ColumnType;
use crate::settings::{SettingError, Variable};

/// `GEOIP_DB`.
pub const GEOIP_DB: Variable = Variable {
    name: "GEOIP_DB",
    default: "",
    allowed: "the path of a MaxMind-format City or Country database (GeoLite2-City, GeoIP2-Country, \
              DB-IP's lite City or Country), e.g. /opt/GeoLite2-City.mmdb from a Lambda layer; set, \
              firelog writes geo_country_code, geo_country_name, geo_city, geo_latitude, geo_longitude",
};

/// `ASN_DB`.
pub const ASN_DB: Variable = Variable {
    name: "ASN_DB",
    default: "",
    allowed: "the path of a MaxMind-format ASN database (GeoLite2-ASN, DB-IP's lite ASN), e.g. \
              /opt/GeoLite2-ASN.mmdb from a Lambda layer; set, firelog writes as_number, as_organization",
};

/// What a database is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Country and city (`GEOIP_DB`).
    Place,
    /// Autonomous system (`ASN_DB`).
    Network,
}

impl Kind {
    fn variable(self) -> Variable {
        match self {
            Kind::Place => GEOIP_DB,
            Kind::Network => ASN_DB,
        }
    }

    /// Whether a database of `database_type` (its metadata's) holds what this kind reads.
    fn reads(self, database_type: &str) -> bool {
        let t = database_type.to_ascii_lowercase();
        match self {
            Kind::Place => t.contains("city") || t.contains("country"),
            Kind::Network => t.contains("asn") || t.contains("isp"),
        }
    }

    /// The keys it writes and their types.
    pub(crate) fn keys(self) -> &'static [(&'static str, ColumnType)] {
        match self {
            Kind::Place => &PLACE_KEYS,
            Kind::Network => &NETWORK_KEYS,
        }
    }
}

/// `GEOIP_DB`'s keys.
const PLACE_KEYS: [(&str, ColumnType); 5] = [
    ("geo_country_code", ColumnType::String),
    ("geo_country_name", ColumnType::String),
    ("geo_city", ColumnType::String),
    ("geo_latitude", ColumnType::Double),
    ("geo_longitude", ColumnType::Double),
];

/// `ASN_DB`'s keys.
const NETWORK_KEYS: [(&str, ColumnType); 2] =
    [("as_number", ColumnType::BigInt), ("as_organization", ColumnType::String)];

/// An open database: the file memory-mapped, shared by every thread.
#[derive(Clone)]
pub struct Database {
    path: PathBuf,
    kind: Kind,
    reader: Arc<Reader<Mmap>>,
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Database({:?}, {:?})", self.path, self.kind)
    }
}

/// Two settings that name the same file are the same setting.
impl PartialEq for Database {
    fn eq(&self, other: &Database) -> bool {
        self.path == other.path && self.kind == other.kind
    }
}

impl Eq for Database {}

impl Database {
    /// Opens the database a setting names; a file that is missing, is not a MaxMind-format
    /// database or holds something else stops the start, naming the variable and the file.
    pub fn open(kind: Kind, value: &str) -> Result<Database, SettingError> {
        let variable = kind.variable();
        let path = Path::new(value.trim());
        let refuse = |why: String| variable.reject_because(value, why);
        let cannot = |e: maxminddb::MaxMindDbError| {
            refuse(format!("cannot open {} as a MaxMind-format database: {e}", path.display()))
        };
        let file = std::fs::File::open(path).map_err(|e| cannot(e.into()))?;
        // SAFETY: the map is read-only; a Lambda layer's files (under /opt) do not change
        // while the function runs. A file truncated under a running process would be the
        // one way to fault, as with any memory-mapped reader.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| cannot(maxminddb::MaxMindDbError::Mmap(e)))?;
        // A lookup reads a few pages here and there: no read-ahead around them (it would
        // bring tens of megabytes of a large database into memory for nothing).
        let _ = map.advise(memmap2::Advice::Random);
        let reader = Reader::from_source(map).map_err(cannot)?;
        let database_type = &reader.metadata().database_type;
        if !kind.reads(database_type) {
            let wanted = match kind {
                Kind::Place => "a City or Country database",
                Kind::Network => "an ASN database",
            };
            return Err(refuse(format!(
                "{} is a {database_type:?} database; {} takes {wanted}",
                path.display(),
                variable.name
            )));
        }
        Ok(Database { path: path.to_path_buf(), kind, reader: Arc::new(reader) })
    }

    /// What it is read for.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Appends this database's keys for `address` (`,"geo_country_code":"US",...`): nulls
    /// for an address it does not hold.
    pub(crate) fn write(&self, out: &mut Vec<u8>, address: IpAddr) {
        let Some(found) = self.reader.lookup(address).ok().filter(|f| f.has_data()) else {
            return write_nulls(out, self.kind);
        };
        // A record of other types than the format's (a damaged database) writes nulls.
        match self.kind {
            Kind::Place => match found.decode::<Place<'_>>() {
                Ok(Some(place)) => place.write(out),
                _ => write_nulls(out, self.kind),
            },
            Kind::Network => match found.decode::<Network<'_>>() {
                Ok(Some(network)) => network.write(out),
                _ => write_nulls(out, self.kind),
            },
        }
    }
}

/// Every key of `kind`, null.
pub(crate) fn write_nulls(out: &mut Vec<u8>, kind: Kind) {
    super::write_nulls(out, kind.keys());
}

/// The fields of a City, Country or ASN record firelog writes; the rest is skipped.
#[derive(Debug, Deserialize)]
struct Place<'a> {
    #[serde(borrow, default)]
    country: Option<Country<'a>>,
    #[serde(borrow, default)]
    city: Option<Named<'a>>,
    #[serde(default)]
    location: Option<Location>,
}

#[derive(Debug, Deserialize)]
struct Country<'a> {
    #[serde(borrow, default)]
    iso_code: Option<&'a str>,
    #[serde(borrow, default)]
    names: Option<Names<'a>>,
}

#[derive(Debug, Deserialize)]
struct Named<'a> {
    #[serde(borrow, default)]
    names: Option<Names<'a>>,
}

#[derive(Debug, Deserialize)]
struct Names<'a> {
    #[serde(borrow, default)]
    en: Option<&'a str>,
}

#[derive(Debug, Deserialize)]
struct Location {
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct Network<'a> {
    #[serde(default)]
    autonomous_system_number: Option<u32>,
    #[serde(borrow, default)]
    autonomous_system_organization: Option<&'a str>,
}

/// `,"key":` and a string or null.
fn write_text(out: &mut Vec<u8>, key: &str, value: Option<&str>) {
    super::write_key(out, key);
    match value {
        Some(v) => write_str(out, v.as_bytes(), false),
        None => out.extend_from_slice(b"null"),
    }
}

/// `,"key":` and a number or null.
fn write_number(out: &mut Vec<u8>, key: &str, value: Option<f64>) {
    use std::io::Write;
    super::write_key(out, key);
    match value.filter(|v| v.is_finite()) {
        // Rust writes the shortest digits that read back as the same double.
        Some(v) => drop(write!(out, "{v}")),
        None => out.extend_from_slice(b"null"),
    }
}

impl Place<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        let [country_code, country_name, city, latitude, longitude] = PLACE_KEYS.map(|(k, _)| k);
        let country = self.country.as_ref();
        fn english<'a>(names: Option<&Names<'a>>) -> Option<&'a str> {
            names.and_then(|n| n.en)
        }
        write_text(out, country_code, country.and_then(|c| c.iso_code));
        write_text(out, country_name, english(country.and_then(|c| c.names.as_ref())));
        write_text(out, city, english(self.city.as_ref().and_then(|c| c.names.as_ref())));
        let location = self.location.as_ref();
        write_number(out, latitude, location.and_then(|l| l.latitude));
        write_number(out, longitude, location.and_then(|l| l.longitude));
    }
}

impl Network<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        let [number, organization] = NETWORK_KEYS.map(|(k, _)| k);
        super::write_key(out, number);
        match self.autonomous_system_number {
            Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
            None => out.extend_from_slice(b"null"),
        }
        write_text(out, organization, self.autonomous_system_organization);
    }
}
