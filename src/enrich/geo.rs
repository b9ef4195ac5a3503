//! `GEOIP_DB` and `ASN_DB`: where an address is and whose network it is, from MaxMind-format
//! databases (GeoLite2 and GeoIP2 City and Country, DB-IP's lite databases, any ASN
//! database in the format), read through the `maxminddb` crate, memory-mapped: opening one
//! reads its metadata only, so a 70 MB database costs the cold start next to nothing and
//! its pages are read as lookups touch them.
//!
//! A record is decoded into the few fields firelog writes, borrowed from the map, each
//! value by the type its writer stored (any integer width and sign, a float32 or a double):
//! a database from any writer reads as MaxMind's does. A field that cannot be read is
//! written null and its record counted unreadable ([`DatabaseLookups`]); at start-up the
//! first record is read and what does not fit is said on stderr ([`Database::note`]).
//! The JSON an address makes is kept per thread in a bounded cache ([`super::Cache`]).

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use maxminddb::{Mmap, Reader};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::column::ColumnType;
use crate::json::write_str;
use crate::variable::{SettingError, Variable};

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
    /// What its first record showed that does not fit, if anything.
    note: Option<Arc<str>>,
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
        // A database that opens but does not fit still runs (it may fit elsewhere), and
        // says so once, here, and in every invocation's summary.
        let note = check_first_record(&reader, kind).map(|why| {
            let note = format!(
                "{}={}: {why}; firelog writes null for what it cannot read and counts those records as unreadable",
                variable.name,
                path.display()
            );
            eprintln!("firelog: {note}");
            Arc::from(note)
        });
        Ok(Database { path: path.to_path_buf(), kind, reader: Arc::new(reader), note })
    }

    /// What it is read for.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// What reading its first record at start-up found that does not fit what firelog
    /// reads (a field missing or of a type it cannot read), if anything.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Appends this database's keys for `address` (`,"geo_country_code":"US",...`): nulls
    /// for an address it does not hold, and for each field of its record that cannot be
    /// read. Says whether a record was found and whether all of it was read.
    pub(crate) fn write(&self, out: &mut Vec<u8>, address: IpAddr) -> Looked {
        let Some(found) = self.reader.lookup(address).ok().filter(|f| f.has_data()) else {
            write_nulls(out, self.kind);
            return Looked::Missed;
        };
        let mut misfits = Misfits::default();
        let read = match self.kind {
            Kind::Place => found.decode::<Node<Place<'_>>>().map(|place| {
                let place = place.and_then(|p| misfits.map("the record", p)).unwrap_or_default();
                place.write(out, &mut misfits);
            }),
            Kind::Network => found.decode::<Node<Network<'_>>>().map(|network| {
                let network = network.and_then(|n| misfits.map("the record", n)).unwrap_or_default();
                network.write(out, &mut misfits);
            }),
        };
        match read {
            Ok(()) if misfits.is_empty() => Looked::Read,
            Ok(()) => Looked::Unreadable,
            // A record the decoder cannot walk (a damaged database): every key null.
            Err(_) => {
                write_nulls(out, self.kind);
                Looked::Unreadable
            }
        }
    }
}

/// What one lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Looked {
    /// No record for the address.
    Missed = 0,
    /// A record, every field firelog writes read.
    Read = 1,
    /// A record with a field firelog writes that it could not read (written null), or a
    /// record it could not walk at all.
    Unreadable = 2,
}

impl Looked {
    /// The value of `Looked as u8` in the two low bits of `bits`.
    pub(crate) fn from_bits(bits: u8) -> Looked {
        match bits & 3 {
            1 => Looked::Read,
            2 => Looked::Unreadable,
            _ => Looked::Missed,
        }
    }
}

/// One database's lookups in an invocation: the summary line and the EMF line carry them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatabaseLookups {
    /// Lines whose client address was looked up.
    pub lookups: u64,
    /// Of those, lines whose address the database holds a record for.
    pub hits: u64,
    /// Of the hits, lines whose record firelog could not read whole (a field it writes
    /// of a type it cannot read, out of range or too long: written null).
    pub unreadable: u64,
    /// What start-up found that does not fit ([`Database::note`]).
    pub note: Option<Arc<str>>,
}

impl DatabaseLookups {
    pub(crate) fn count(&mut self, looked: Looked) {
        self.lookups += 1;
        self.hits += u64::from(looked != Looked::Missed);
        self.unreadable += u64::from(looked == Looked::Unreadable);
    }

    pub(crate) fn add(&mut self, other: &DatabaseLookups) {
        self.lookups += other.lookups;
        self.hits += other.hits;
        self.unreadable += other.unreadable;
    }
}

/// Every key of `kind`, null.
pub(crate) fn write_nulls(out: &mut Vec<u8>, kind: Kind) {
    super::write_nulls(out, kind.keys());
}

// Reading records. MaxMind's own databases store each field with one type (an AS number a
// uint32, a latitude a double); other writers store what their language has (Python's
// mmdb-writer an AS number below 65,536 as a uint16, a float as a float32 when asked), and
// a user's own database may have another shape. So every value is read by its stored
// type (`deserialize_any`) and converted here; a field of a type firelog cannot use, or a
// map where a value should be, is a misfit: that key is written null, the record is
// counted unreadable, and the rest of the record is still read.

/// A value as its writer stored it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Leaf<'a> {
    Text(&'a str),
    /// Any integer type: uint16, uint32, int32, uint64, uint128 (if it fits).
    Int(i128),
    Double(f64),
    /// A float32: written with its own shortest digits (`-33.8688`, not the double's
    /// `-33.86880111694336`), so it reads as the writer's number.
    Float(f32),
    /// Another type, named for the start-up note.
    Other(&'static str),
}

/// A map firelog reads fields of, or another type where a map should be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node<T> {
    Map(T),
    Other(&'static str),
}

/// The visits of any type that is not the one wanted: the value is skipped and named.
macro_rules! other_types {
    ($wrap:expr, numbers) => {
        other_types!($wrap);
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($wrap("an integer"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($wrap("an integer"))
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
            Ok($wrap("an integer"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($wrap("a float"))
        }
    };
    ($wrap:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($wrap("a boolean"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($wrap("a string"))
        }
        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
            Ok($wrap("bytes"))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($wrap("nothing"))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($wrap("an array"))
        }
    };
}

struct LeafVisitor;

impl<'de> Visitor<'de> for LeafVisitor {
    type Value = Leaf<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    other_types!(Leaf::Other);

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Leaf<'de>, E> {
        Ok(Leaf::Text(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Leaf<'de>, E> {
        Ok(Leaf::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Leaf<'de>, E> {
        Ok(Leaf::Int(v.into()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Leaf<'de>, E> {
        Ok(i128::try_from(v).map_or(Leaf::Other("an integer"), Leaf::Int))
    }
    fn visit_f32<E: de::Error>(self, v: f32) -> Result<Leaf<'de>, E> {
        Ok(Leaf::Float(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Leaf<'de>, E> {
        Ok(Leaf::Double(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Leaf<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Leaf::Other("a map"))
    }
}

impl<'de> Deserialize<'de> for Leaf<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Leaf<'de>, D::Error> {
        deserializer.deserialize_any(LeafVisitor)
    }
}

/// A map's fields, read by key; keys firelog does not read are skipped.
trait Fields<'de>: Default {
    fn field<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

struct NodeVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Fields<'de>> Visitor<'de> for NodeVisitor<T> {
    type Value = Node<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    other_types!(Node::Other, numbers);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<T>, A::Error> {
        let mut fields = T::default();
        while let Some(key) = map.next_key::<Leaf<'de>>()? {
            match key {
                Leaf::Text(key) => fields.field(key, &mut map)?,
                _ => drop(map.next_value::<IgnoredAny>()?),
            }
        }
        Ok(Node::Map(fields))
    }
}

impl<'de, T: Fields<'de>> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node<T>, D::Error> {
        deserializer.deserialize_any(NodeVisitor(std::marker::PhantomData))
    }
}

/// Implements [`Fields`] for a struct of `Option` fields named as the record's keys.
macro_rules! fields {
    ($name:ident<$de:lifetime> { $($field:ident),* }) => {
        impl<$de> Fields<$de> for $name<$de> {
            fn field<A: MapAccess<$de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    $(stringify!($field) => self.$field = Some(map.next_value()?),)*
                    _ => drop(map.next_value::<IgnoredAny>()?),
                }
                Ok(())
            }
        }
    };
}

/// The fields of a City or Country record firelog writes; the rest is skipped.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Place<'a> {
    country: Option<Node<Country<'a>>>,
    city: Option<Node<Named<'a>>>,
    location: Option<Node<Location<'a>>>,
}
fields!(Place<'de> { country, city, location });

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Country<'a> {
    iso_code: Option<Leaf<'a>>,
    names: Option<Node<Names<'a>>>,
}
fields!(Country<'de> { iso_code, names });

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Named<'a> {
    names: Option<Node<Names<'a>>>,
}
fields!(Named<'de> { names });

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Names<'a> {
    en: Option<Leaf<'a>>,
}
fields!(Names<'de> { en });

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Location<'a> {
    latitude: Option<Leaf<'a>>,
    longitude: Option<Leaf<'a>>,
}
fields!(Location<'de> { latitude, longitude });

/// The fields of an ASN record firelog writes.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Network<'a> {
    autonomous_system_number: Option<Leaf<'a>>,
    autonomous_system_organization: Option<Leaf<'a>>,
}
fields!(Network<'de> { autonomous_system_number, autonomous_system_organization });

/// A field that was there but could not be read: its path in the record and what it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Misfit {
    pub(crate) field: &'static str,
    pub(crate) found: &'static str,
}

/// The misfits of one record (at most one per field firelog reads: no allocation).
#[derive(Debug, Default)]
pub(crate) struct Misfits {
    found: [Option<Misfit>; 8],
    n: usize,
}

impl Misfits {
    fn push(&mut self, field: &'static str, found: &'static str) {
        if let Some(slot) = self.found.get_mut(self.n) {
            *slot = Some(Misfit { field, found });
            self.n += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.n == 0
    }

    fn iter(&self) -> impl Iterator<Item = Misfit> + '_ {
        self.found.iter().flatten().copied()
    }

    /// A node's map, or a misfit named `field`.
    fn map<T>(&mut self, field: &'static str, node: Node<T>) -> Option<T> {
        match node {
            Node::Map(t) => Some(t),
            Node::Other(found) => {
                self.push(field, found);
                None
            }
        }
    }
}

/// The longest JSON (quotes and escapes included) each text is written with; a longer
/// one is a misfit. Real databases' values are far shorter (ISO codes are 2 letters,
/// the longest English country names about 50 bytes, AS organizations rarely over 80);
/// the caps keep the response bound ([`crate::expansion`]) finite whatever the database.
pub const CODE_CAP: usize = 8;
/// See [`CODE_CAP`]: country and city names.
pub const NAME_CAP: usize = 64;
/// See [`CODE_CAP`]: AS organizations.
pub const ORGANIZATION_CAP: usize = 128;
/// The longest text of a coordinate: `-179.12345678901234` has 19 bytes; a longer one
/// (a tiny number Rust writes with hundreds of zeros) is a misfit.
pub const COORDINATE_CAP: usize = 24;
/// The longest AS number: a uint32 (RFC 6793), 10 digits.
pub const AS_NUMBER_CAP: usize = 10;

/// The most bytes this database's keys can take beyond all-null, with every value at
/// its cap (the response bound's term for the databases).
pub(crate) fn longest_values(kind: Kind) -> usize {
    let null = 4;
    match kind {
        Kind::Place => (CODE_CAP - null) + 2 * (NAME_CAP - null) + 2 * (COORDINATE_CAP - null),
        Kind::Network => (AS_NUMBER_CAP - null) + (ORGANIZATION_CAP - null),
    }
}

/// `,"key":` and a string (at most `cap` bytes of JSON) or null.
fn write_text(
    out: &mut Vec<u8>,
    key: &str,
    field: &'static str,
    value: Option<Leaf<'_>>,
    cap: usize,
    misfits: &mut Misfits,
) {
    super::write_key(out, key);
    match value {
        Some(Leaf::Text(v)) => {
            let start = out.len();
            write_str(out, v.as_bytes(), false);
            if out.len() - start > cap {
                out.truncate(start);
                out.extend_from_slice(b"null");
                misfits.push(field, "a string too long");
            }
        }
        None => out.extend_from_slice(b"null"),
        Some(other) => {
            out.extend_from_slice(b"null");
            misfits.push(field, found(other));
        }
    }
}

/// What a leaf is, for a misfit.
fn found(leaf: Leaf<'_>) -> &'static str {
    match leaf {
        Leaf::Text(_) => "a string",
        Leaf::Int(_) => "an integer",
        Leaf::Double(_) | Leaf::Float(_) => "a float",
        Leaf::Other(what) => what,
    }
}

/// `,"key":` and a coordinate within `-limit..=limit` (any number type) or null.
fn write_coordinate(
    out: &mut Vec<u8>,
    key: &str,
    field: &'static str,
    value: Option<Leaf<'_>>,
    limit: f64,
    misfits: &mut Misfits,
) {
    use std::io::Write;
    super::write_key(out, key);
    let start = out.len();
    // Rust writes the shortest digits that read back as the same number, of its own
    // width: a float32's as a float32's.
    let written = match value {
        None => false,
        Some(Leaf::Double(v)) if v.is_finite() && v.abs() <= limit => write!(out, "{v}").is_ok(),
        Some(Leaf::Float(v)) if v.is_finite() && f64::from(v).abs() <= limit => write!(out, "{v}").is_ok(),
        Some(Leaf::Int(v)) if (v as f64).abs() <= limit => write!(out, "{v}").is_ok(),
        Some(other) => {
            let what = match other {
                Leaf::Double(_) | Leaf::Float(_) | Leaf::Int(_) => "a number out of range",
                other => found(other),
            };
            misfits.push(field, what);
            false
        }
    };
    if written && out.len() - start > COORDINATE_CAP {
        out.truncate(start);
        misfits.push(field, "a number too long to write");
    } else if written {
        return;
    }
    out.truncate(start);
    out.extend_from_slice(b"null");
}

impl Place<'_> {
    fn write(&self, out: &mut Vec<u8>, misfits: &mut Misfits) {
        let [country_code, country_name, city, latitude, longitude] = PLACE_KEYS.map(|(k, _)| k);
        let country = self.country.and_then(|c| misfits.map("country", c)).unwrap_or_default();
        let country_names = country.names.and_then(|n| misfits.map("country.names", n)).unwrap_or_default();
        let city_node = self.city.and_then(|c| misfits.map("city", c)).unwrap_or_default();
        let city_names = city_node.names.and_then(|n| misfits.map("city.names", n)).unwrap_or_default();
        let location = self.location.and_then(|l| misfits.map("location", l)).unwrap_or_default();
        write_text(out, country_code, "country.iso_code", country.iso_code, CODE_CAP, misfits);
        write_text(out, country_name, "country.names.en", country_names.en, NAME_CAP, misfits);
        write_text(out, city, "city.names.en", city_names.en, NAME_CAP, misfits);
        write_coordinate(out, latitude, "location.latitude", location.latitude, 90.0, misfits);
        write_coordinate(out, longitude, "location.longitude", location.longitude, 180.0, misfits);
    }
}

impl Network<'_> {
    fn write(&self, out: &mut Vec<u8>, misfits: &mut Misfits) {
        let [number, organization] = NETWORK_KEYS.map(|(k, _)| k);
        super::write_key(out, number);
        const FIELD: &str = "autonomous_system_number";
        // Any integer type; a float only when it is a whole number.
        let as_number = match self.autonomous_system_number {
            Some(Leaf::Int(n)) => u32::try_from(n).map_err(|_| "an integer out of range"),
            Some(Leaf::Double(v)) if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) => {
                Ok(v as u32)
            }
            Some(Leaf::Float(v)) if v.fract() == 0.0 && (0.0..=u32::MAX as f32).contains(&v) => Ok(v as u32),
            Some(Leaf::Double(_) | Leaf::Float(_)) => Err("a float that is not an AS number"),
            Some(other) => Err(found(other)),
            None => Err(""),
        };
        match as_number {
            Ok(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
            Err(what) => {
                if !what.is_empty() {
                    misfits.push(FIELD, what);
                }
                out.extend_from_slice(b"null");
            }
        }
        write_text(
            out,
            organization,
            "autonomous_system_organization",
            self.autonomous_system_organization,
            ORGANIZATION_CAP,
            misfits,
        );
    }
}

/// What reading `reader`'s first record finds that does not fit what `kind` reads: a
/// field of a type it cannot read, or none of the fields it writes. `None`: it fits.
fn check_first_record(reader: &Reader<Mmap>, kind: Kind) -> Option<String> {
    let first = reader
        .networks(maxminddb::WithinOptions::default())
        .ok()?
        .filter_map(Result::ok)
        .find(|found| found.has_data());
    let Some(first) = first else {
        return Some("it holds no record".into());
    };
    let mut misfits = Misfits::default();
    let mut out = Vec::new();
    let present = match kind {
        Kind::Place => match first.decode::<Node<Place<'_>>>() {
            Ok(Some(node)) => {
                let place = misfits.map("the record", node).unwrap_or_default();
                place.write(&mut out, &mut misfits);
                place.country.is_some() || place.city.is_some() || place.location.is_some()
            }
            Ok(None) => return Some("its first record is empty".into()),
            Err(e) => return Some(format!("its first record cannot be read: {e}")),
        },
        Kind::Network => match first.decode::<Node<Network<'_>>>() {
            Ok(Some(node)) => {
                let network = misfits.map("the record", node).unwrap_or_default();
                network.write(&mut out, &mut misfits);
                if network.autonomous_system_number.is_none() {
                    misfits.push("autonomous_system_number", "missing");
                }
                network.autonomous_system_number.is_some() || network.autonomous_system_organization.is_some()
            }
            Ok(None) => return Some("its first record is empty".into()),
            Err(e) => return Some(format!("its first record cannot be read: {e}")),
        },
    };
    let network = first.network().map(|n| n.to_string()).unwrap_or_default();
    if !present {
        let keys: Vec<String> = match first.decode::<std::collections::BTreeMap<&str, IgnoredAny>>() {
            Ok(Some(map)) => map.into_keys().map(String::from).collect(),
            _ => Vec::new(),
        };
        let wanted = match kind {
            Kind::Place => "country, city, location",
            Kind::Network => "autonomous_system_number, autonomous_system_organization",
        };
        return Some(format!(
            "its first record ({network}) has none of the fields firelog reads ({wanted}); it has: {}",
            if keys.is_empty() { "no fields".into() } else { keys.join(", ") }
        ));
    }
    if misfits.is_empty() {
        return None;
    }
    let each: Vec<String> = misfits
        .iter()
        .map(|m| {
            if m.found == "missing" {
                format!("{} is missing", m.field)
            } else {
                format!("{} is {}", m.field, m.found)
            }
        })
        .collect();
    Some(format!("in its first record ({network}), {}", each.join(", ")))
}
