//! Enrichment: what firelog adds to a parsed line beside its own fields, in the same pass.
//!
//! - `TRUSTED_PROXIES`: `client_ip`, the real client behind the proxies ([`proxies`](crate::enrich::proxies)).
//! - `GEOIP_DB`, `ASN_DB`: where the client is and whose network it is ([`geo`](crate::enrich::geo)).
//! - `PARSE_USER_AGENT=on`: the browser, its OS, the device and whether it is a bot
//!   ([`agent`](crate::enrich::agent)).
//! - `ANONYMIZE_IP`: every client address firelog writes keeps only its network
//!   ([`Prefixes`](crate::enrich::address::Prefixes)); the lookups above read the full address first.
//!
//! The settings make an [`Enrichment`](crate::enrich::Enrichment) (databases open, checked at start-up); against a
//! format it compiles into an [`Enricher`](crate::enrich::Enricher), which knows the fields it reads by their
//! directives. Its keys follow the format's own, before `extra` and the CloudWatch Logs
//! keys, and are in [`crate::output::columns`]' list like any other (`firelog schema`, the
//! template's table, the profiles all follow). A format field with one of its keys takes
//! its alternative (`%a`'s `client_ip` is then `remote_ip`).

pub mod address;
pub mod agent;
pub mod forwarded;
pub mod geo;
pub mod proxies;

use std::net::IpAddr;

pub use address::Prefixes;
pub use agent::PARSE_USER_AGENT;
pub use geo::{ASN_DB, Database, DatabaseLookups, GEOIP_DB};
pub use proxies::{Proxies, TRUSTED_PROXIES};

use crate::access_log::plan::{Header, Kind};
use crate::access_log::{Entry, Format};
pub(crate) use crate::column::write_key;
use crate::column::{Column, ColumnType, Origin, When};
use crate::variable::{SettingError, Variable};

/// `ANONYMIZE_IP`.
pub const ANONYMIZE_IP: Variable = Variable {
    name: "ANONYMIZE_IP",
    default: "off",
    allowed: "off, on (every client address firelog writes keeps its network: IPv4 /24, IPv6 /48, \
              after the lookups read the full address) or the two prefix lengths IPv4,IPv6 (16,32)",
};

/// The key of the real client (`TRUSTED_PROXIES`).
pub const CLIENT_KEY: &str = "client_ip";

/// The directives that log the client's address, in the order firelog prefers them: the
/// address the server took as the client (after its own realip or mod_remoteip), then
/// the connection's. Squid's client is `%>a` (Apache's `%a` too, its `>` ignored), and
/// Tomcat's `%{remote}a` and `%{peer}a` are its `%a` and the connection's peer.
pub const CLIENT_FIELDS: &[&str] = &[
    "%a",
    "%>a",
    "%{remote}a",
    "$remote_addr",
    "%h",
    "$realip_remote_addr",
    "%{c}a",
    "%{peer}a",
    "$proxy_protocol_addr",
    "$context.identity.sourceIp",
    "c-ip",
    // S3's `Remote IP` (`-` when S3 acts on its own).
    "Remote IP",
    "%ci",
    // Envoy's: the downstream's address (after its own x-forwarded-for or PROXY protocol
    // handling), then the connection's. With their ports (`%DOWNSTREAM_REMOTE_ADDRESS%`)
    // they are address:port fields, whose `host` is the client already.
    "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%",
    "%DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT%",
];

/// The request headers that carry client addresses: anonymized with `ANONYMIZE_IP`. The
/// first is the forwarded-for list `TRUSTED_PROXIES` walks.
pub const ADDRESS_HEADERS: &[&str] = &[
    "x-forwarded-for",
    "x-original-forwarded-for",
    "x-real-ip",
    "true-client-ip",
    "cf-connecting-ip",
    "x-client-ip",
    "forwarded",
];

/// The RFC 7239 header: its `for=` nodes are the chain when a line's holds one.
const FORWARDED: &str = "forwarded";

/// nginx's forwarded-for list with the connecting address added: the list walked when
/// the format logs no `X-Forwarded-For` header.
const PROXY_ADD: &str = "$proxy_add_x_forwarded_for";

/// What the settings ask to add to each line: the databases open, everything checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enrichment {
    /// `TRUSTED_PROXIES`: write `client_ip`.
    pub proxies: Option<Proxies>,
    /// `GEOIP_DB`.
    pub geo: Option<Database>,
    /// `ASN_DB`.
    pub asn: Option<Database>,
    /// `PARSE_USER_AGENT=on`.
    pub agents: bool,
    /// `ANONYMIZE_IP`.
    pub anonymize: Option<Prefixes>,
}

impl Enrichment {
    /// Reads the enrichment settings through `lookup`; a database is opened here.
    pub fn from_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<Enrichment, SettingError> {
        let set = |v: Variable| lookup(v.name).filter(|value| !value.trim().is_empty());
        let mut enrichment = Enrichment::default();
        if let Some(value) = set(TRUSTED_PROXIES) {
            enrichment.proxies = Some(Proxies::from_setting(&value)?);
        }
        if let Some(value) = set(GEOIP_DB) {
            enrichment.geo = Some(Database::open(geo::Kind::Place, &value)?);
        }
        if let Some(value) = set(ASN_DB) {
            enrichment.asn = Some(Database::open(geo::Kind::Network, &value)?);
        }
        if let Some(value) = set(PARSE_USER_AGENT) {
            enrichment.agents = agent::from_setting(&value)?;
        }
        if let Some(value) = set(ANONYMIZE_IP) {
            enrichment.anonymize = prefixes_from_setting(&value)?;
        }
        Ok(enrichment)
    }

    /// Whether it adds or changes nothing.
    pub fn is_off(&self) -> bool {
        *self == Enrichment::default()
    }

    /// The keys it adds, in order, with their types.
    pub fn columns(&self) -> Vec<Column> {
        let geo = self.geo.as_ref().map(Database::kind) == Some(geo::Kind::Place);
        let asn = self.asn.as_ref().map(Database::kind) == Some(geo::Kind::Network);
        keys(self.proxies.is_some(), geo, asn, self.agents)
    }

    /// Checks that `format` logs what each part reads; the error names the setting.
    pub fn check_against(
        &self,
        format: &Format,
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<(), SettingError> {
        let reads = Reads::of(format);
        let refuse = |variable: Variable, what: &str| {
            let why = format!("the LOG_FORMAT logs no {what}, so {} has nothing to read", variable.name);
            Err(variable.reject_because(&lookup(variable.name).unwrap_or_default(), why))
        };
        // Without a forwarded-for list the walk would always stop at the connecting address.
        if self.proxies.is_some() && reads.forwarded.is_none() && reads.rfc_forwarded.is_none() {
            return refuse(
                TRUSTED_PROXIES,
                "X-Forwarded-For (%{X-Forwarded-For}i, $http_x_forwarded_for, $proxy_add_x_forwarded_for) \
                 and no Forwarded (%{Forwarded}i, $http_forwarded)",
            );
        }
        if reads.client.is_none() && reads.forwarded.is_none() && reads.rfc_forwarded.is_none() {
            let address = "client address (%a, %h, $remote_addr) and no X-Forwarded-For or Forwarded";
            for (variable, on) in [
                (TRUSTED_PROXIES, self.proxies.is_some()),
                (GEOIP_DB, self.geo.is_some()),
                (ASN_DB, self.asn.is_some()),
            ] {
                if on {
                    return refuse(variable, address);
                }
            }
        }
        if self.agents && reads.agent.is_none() {
            return refuse(PARSE_USER_AGENT, "user agent");
        }
        Ok(())
    }
}

/// The keys of every part of enrichment, in order: a table that holds rows with any
/// enrichment on (the template's tables) has these columns.
pub fn every_column() -> Vec<Column> {
    keys(true, true, true, true)
}

/// The keys of the parts that are on, in order.
fn keys(proxies: bool, geo: bool, asn: bool, agents: bool) -> Vec<Column> {
    let mut keys: Vec<(&str, ColumnType)> = Vec::new();
    if proxies {
        keys.push((CLIENT_KEY, ColumnType::String));
    }
    if geo {
        keys.extend(geo::Kind::Place.keys());
    }
    if asn {
        keys.extend(geo::Kind::Network.keys());
    }
    if agents {
        keys.extend(agent::KEYS);
    }
    keys.into_iter()
        .map(|(name, ty)| Column { name: name.into(), ty, when: When::Always, origin: Origin::Enrichment })
        .collect()
}

/// The most bytes enrichment adds to one line with every part on: each key (`,"key":`)
/// and its longest value, the sum of [`parts`]' `loud`.
pub fn most_added() -> usize {
    parts().iter().map(|p| p.loud).sum()
}

pub use crate::expansion::Part;

impl crate::expansion::Growth {
    /// The growth with every enrichment on (`TRUSTED_PROXIES`, `GEOIP_DB`, `ASN_DB`,
    /// `PARSE_USER_AGENT`): the worst case of its [`parts`]
    /// ([`crate::expansion::Growth::with_parts`]). Addresses cut by `ANONYMIZE_IP` are
    /// never longer than as logged.
    pub fn with_enrichment(self) -> crate::expansion::Growth {
        self.with_parts(&parts())
    }
}

/// The shortest text [`address::parse`] reads as an address: `::` (an IPv4 address takes
/// 7 bytes, `1.0.0.1`). A database may hold a record for it, so it counts as looked up.
pub const SHORTEST_ADDRESS: usize = 2;

/// The parts of enrichment, each with what it needs from the line: the client's address
/// (`client_ip`, `GEOIP_DB`, `ASN_DB`: one address feeds all three) and the user agent
/// (`PARSE_USER_AGENT`). Database values are capped ([`geo::CODE_CAP`] and the rest),
/// `client_ip` is at most an IPv6 address, the agent's names are a table's or woothee's
/// (at most [`agent::NAME_CAP`] bytes written for the constant part) and its versions at
/// most `agent::VERSION_CAP`; an agent's bytes copied into a name or a version count in
/// the per-byte term ([`crate::expansion`]), at most 6 in `user_agent` and 6 in the copy.
pub fn parts() -> [Part; 2] {
    let key = |name: &str| name.len() + 4;
    let null = 4;
    let address_keys: Vec<&str> = std::iter::once(CLIENT_KEY)
        .chain(geo::Kind::Place.keys().iter().chain(geo::Kind::Network.keys()).map(|(k, _)| *k))
        .collect();
    let keys: usize = address_keys.iter().map(|k| key(k)).sum();
    let address = Part {
        needs: SHORTEST_ADDRESS - 1,
        quiet: keys + null * address_keys.len(),
        // `"` + `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` + `"`, and the databases' values.
        loud: keys
            + 41
            + geo::longest_values(geo::Kind::Place)
            + geo::longest_values(geo::Kind::Network)
            + null * (address_keys.len() - 1),
    };
    let keys: usize = agent::KEYS.iter().map(|(k, _)| key(k)).sum();
    let agent = Part {
        needs: agent::SHORTEST_NAMING - 1,
        // Five nulls and `false` (an agent read as nothing).
        quiet: keys + 5 * null + 5,
        loud: keys
            + 2 * (agent::NAME_CAP + 2)
            + 2 * (agent::VERSION_CAP + 2)
            + agent::AUTOMATION.len()
            + 2
            + 5,
    };
    [address, agent]
}

/// `,"key":null` for each of `keys`.
pub(crate) fn write_nulls(out: &mut Vec<u8>, keys: &[(&str, ColumnType)]) {
    for (key, _) in keys {
        write_key(out, key);
        out.extend_from_slice(b"null");
    }
}

/// Reads `ANONYMIZE_IP`: `off`, `on` or `V4,V6` prefix lengths.
fn prefixes_from_setting(value: &str) -> Result<Option<Prefixes>, SettingError> {
    match value.trim() {
        "" | "off" => return Ok(None),
        "on" => return Ok(Some(Prefixes::default())),
        _ => {}
    }
    let lengths: Vec<&str> = value.split(',').map(|s| s.trim().trim_start_matches('/')).collect();
    if let [v4, v6] = lengths[..]
        && let (Ok(v4), Ok(v6)) = (v4.parse::<u8>(), v6.parse::<u8>())
        && v4 <= 32
        && v6 <= 128
    {
        return Ok(Some(Prefixes { v4, v6 }));
    }
    Err(ANONYMIZE_IP.reject(value))
}

/// Where a field's value is in an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// (A matcher's slot, by index.)
struct Field(usize);

/// The fields a format gives enrichment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Reads {
    client: Option<Field>,
    /// `X-Forwarded-For` (or nginx's list with the connecting address added).
    forwarded: Option<Field>,
    /// `Forwarded` (RFC 7239).
    rfc_forwarded: Option<Field>,
    agent: Option<Field>,
    /// The fields whose addresses `ANONYMIZE_IP` cuts to their networks.
    addresses: Vec<Field>,
}

impl Reads {
    fn of(format: &Format) -> Reads {
        // A slot that is never in a line (common's user agent) gives nothing to read.
        let slots = &format.matcher().slots;
        let directive = |d: &str| slots.iter().position(|s| !s.absent && &*s.directive == d).map(Field);
        let header = |name: &str| {
            (slots.iter())
                .position(|s| !s.absent && s.header == Some(Header::Request(name.into())))
                .map(Field)
        };
        let addresses = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.absent)
            .filter(|(_, s)| {
                is_json_address(s)
                    || matches!(s.kind, Kind::Endpoint { .. })
                    || CLIENT_FIELDS.contains(&&*s.directive)
                    || &*s.directive == PROXY_ADD
                    || matches!(&s.header, Some(Header::Request(h)) if ADDRESS_HEADERS.contains(&&**h))
            })
            .map(|(i, _)| Field(i))
            .collect();
        // A JSON log's client is its `host` (its directives are key paths), as is an
        // address:port field's `host` (ALB's `client:port`).
        let json_host = slots.iter().position(|s| {
            !s.absent && (is_json_address(s) || matches!(s.kind, Kind::Endpoint { .. })) && &*s.name == "host"
        });
        Reads {
            client: CLIENT_FIELDS.iter().find_map(|d| directive(d)).or(json_host.map(Field)),
            forwarded: header(ADDRESS_HEADERS[0]).or_else(|| directive(PROXY_ADD)),
            rfc_forwarded: header(FORWARDED),
            agent: header("user-agent"),
            addresses,
        }
    }

    /// A field's value as logged; `None` when the line has none.
    fn value<'a>(field: Option<Field>, entry: &Entry<'a>) -> Option<&'a [u8]> {
        let Field(i) = field?;
        entry.group(entry.format.slots[i].group)
    }

    /// How a field's value is escaped in the line (a W3C line's encoding).
    fn unescape(field: Option<Field>, entry: &Entry<'_>) -> crate::json::Unescape {
        field.map_or(crate::json::Unescape::None, |Field(i)| entry.format.slots[i].unescape)
    }
}

/// A JSON log's address field: an address or host slot whose directive is a key path,
/// other than the server's own name.
fn is_json_address(s: &crate::access_log::matcher::Slot) -> bool {
    s.kind == Kind::Host
        && !s.directive.starts_with(['%', '$'])
        && !matches!(&*s.name, "vhost" | "server_name")
}

/// An [`Enrichment`] compiled for one format.
#[derive(Debug, Clone)]
pub struct Enricher {
    enrichment: Enrichment,
    reads: Reads,
    /// Whether each matcher slot is an address field cut to its network.
    anonymized_slots: Vec<bool>,
    /// Every key of [`every_column`] on every object, null where its part is off (an
    /// Iceberg table's rows).
    every: bool,
}

/// The per-thread lookups kept between lines and invocations: the JSON each address and
/// each user agent made. Traffic repeats its clients and its browsers; a cache answers
/// those without a lookup.
#[derive(Debug, Default)]
pub struct Cache {
    /// Each address's JSON after a byte that says what each database's lookup found
    /// ([`Looked`](geo::Looked), two bits each), so a cached line counts as a looked-up one.
    addresses: Kept<IpAddr>,
    agents: agent::Agents,
    /// `GEOIP_DB`'s and `ASN_DB`'s lookups since they were last taken.
    lookups: [DatabaseLookups; 2],
    /// A W3C line's `Forwarded` value or user agent with its encoding undone
    /// ([`forwarded::decoded`]), one after the other.
    decoded: Vec<u8>,
}

/// Each database's lookups in an invocation (`None`: the database is not set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookups {
    /// `GEOIP_DB`'s.
    pub geo: Option<DatabaseLookups>,
    /// `ASN_DB`'s.
    pub asn: Option<DatabaseLookups>,
}

impl Lookups {
    /// The lookups counted in `caches` since the last take (they start again from zero),
    /// for the databases `enricher` has.
    pub fn take<'a>(enricher: Option<&Enricher>, caches: impl IntoIterator<Item = &'a mut Cache>) -> Lookups {
        let mut totals = [DatabaseLookups::default(), DatabaseLookups::default()];
        for cache in caches {
            for (total, counted) in totals.iter_mut().zip(&mut cache.lookups) {
                total.add(counted);
                *counted = DatabaseLookups::default();
            }
        }
        let Some(e) = enricher.map(Enricher::enrichment) else { return Lookups::default() };
        let [geo, asn] = totals;
        let with_note = |database: &Option<Database>, mut counts: DatabaseLookups| {
            let database = database.as_ref()?;
            counts.note = database.note().map(std::sync::Arc::from);
            Some(counts)
        };
        Lookups { geo: with_note(&e.geo, geo), asn: with_note(&e.asn, asn) }
    }
}

/// Addresses kept per thread: a few megabytes at most.
const ADDRESSES_KEPT: usize = 16_384;

/// JSON made once per key, kept up to a bound: when full, it is emptied and fills again
/// (cheaper per hit than keeping an order of use, and a flood of new keys costs the same).
/// foldhash's hasher is seeded per process, so keys chosen to collide cannot be sent.
#[derive(Debug)]
pub(crate) struct Kept<K> {
    json: std::collections::HashMap<K, Box<[u8]>, foldhash::fast::RandomState>,
    bound: usize,
}

impl<K: std::hash::Hash + Eq> Kept<K> {
    pub(crate) fn new(bound: usize) -> Kept<K> {
        Kept { json: std::collections::HashMap::with_hasher(foldhash::fast::RandomState::default()), bound }
    }

    #[inline]
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&[u8]>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.json.get(key).map(|json| &json[..])
    }

    pub(crate) fn put(&mut self, key: K, json: &[u8]) {
        if self.json.len() >= self.bound {
            self.json.clear();
        }
        self.json.insert(key, json.into());
    }

    /// Keeps `json` after a byte `tag` (what made it).
    pub(crate) fn put_tagged(&mut self, key: K, tag: u8, json: &[u8]) {
        if self.json.len() >= self.bound {
            self.json.clear();
        }
        let mut kept = Vec::with_capacity(json.len() + 1);
        kept.push(tag);
        kept.extend_from_slice(json);
        self.json.insert(key, kept.into_boxed_slice());
    }
}

impl Default for Kept<IpAddr> {
    fn default() -> Kept<IpAddr> {
        Kept::new(ADDRESSES_KEPT)
    }
}

impl Enricher {
    /// Compiles `enrichment` for `format`; `None` when it is off and `every` (write every
    /// key, null where its part is off: an Iceberg table's rows) is not asked.
    pub fn compile(enrichment: &Enrichment, format: &Format, every: bool) -> Option<Enricher> {
        if enrichment.is_off() && !every {
            return None;
        }
        let reads = Reads::of(format);
        let anonymized_slots = match enrichment.anonymize {
            Some(_) => {
                (0..format.matcher().slots.len()).map(|i| reads.addresses.contains(&Field(i))).collect()
            }
            None => Vec::new(),
        };
        Some(Enricher { enrichment: enrichment.clone(), reads, anonymized_slots, every })
    }

    /// The enrichment it was compiled from.
    pub fn enrichment(&self) -> &Enrichment {
        &self.enrichment
    }

    /// The prefixes a matcher slot's addresses are cut to, if they are.
    #[inline]
    pub(crate) fn anonymizes_slot(&self, slot: usize) -> Option<Prefixes> {
        self.enrichment.anonymize.filter(|_| self.anonymized_slots.get(slot) == Some(&true))
    }

    /// Whether it cuts any address field's addresses.
    #[inline]
    pub(crate) fn anonymizes_fields(&self) -> bool {
        self.enrichment.anonymize.is_some() && self.anonymized_slots.contains(&true)
    }

    /// The prefixes the addresses in free text (`extra`) are cut to, if they are.
    #[inline]
    pub(crate) fn anonymizes_text(&self) -> Option<Prefixes> {
        self.enrichment.anonymize
    }

    /// Appends the keys it adds for `entry` (each after a comma).
    pub(crate) fn write(&self, out: &mut Vec<u8>, entry: &Entry<'_>, cache: &mut Cache) {
        let e = &self.enrichment;
        if e.proxies.is_some() || e.geo.is_some() || e.asn.is_some() {
            let client = Reads::value(self.reads.client, entry);
            // Without trusted proxies the nearest address is the client.
            let proxies = e.proxies.as_ref().unwrap_or(&proxies::NONE);
            // Forwarded when the line's holds a for= node, X-Forwarded-For otherwise.
            let rfc = Reads::value(self.reads.rfc_forwarded, entry).map(|value| {
                forwarded::decoded(
                    value,
                    Reads::unescape(self.reads.rfc_forwarded, entry),
                    &mut cache.decoded,
                )
            });
            let address = match rfc.filter(|v| forwarded::has_for(v)) {
                Some(nodes) => proxies.walk(
                    client
                        .into_iter()
                        .flat_map(address::items_from_right)
                        .chain(forwarded::nodes_from_right(nodes)),
                ),
                None => proxies.client(client.into_iter().chain(Reads::value(self.reads.forwarded, entry))),
            };
            if e.proxies.is_some() {
                write_key(out, CLIENT_KEY);
                self.write_address(out, address);
            } else if self.every {
                write_nulls(out, &[(CLIENT_KEY, ColumnType::String)]);
            }
            if e.geo.is_some() || e.asn.is_some() {
                self.write_lookups(out, address, cache);
            } else if self.every {
                write_nulls(out, geo::Kind::Place.keys());
                write_nulls(out, geo::Kind::Network.keys());
            }
        } else if self.every {
            write_nulls(out, &[(CLIENT_KEY, ColumnType::String)]);
            write_nulls(out, geo::Kind::Place.keys());
            write_nulls(out, geo::Kind::Network.keys());
        }
        if e.agents {
            // A W3C line's user agent as the browser sent it (`%20`, IIS's `+` undone).
            let agent = Reads::value(self.reads.agent, entry)
                .map(|value| {
                    forwarded::decoded(value, Reads::unescape(self.reads.agent, entry), &mut cache.decoded)
                })
                .and_then(crate::access_log::dash_is_none);
            cache.agents.write(out, agent);
        } else if self.every {
            write_nulls(out, &agent::KEYS);
        }
    }

    /// The databases' keys for `address` (nulls for none), from the cache when it has
    /// them; with `every`, nulls for a database that is not set.
    fn write_lookups(&self, out: &mut Vec<u8>, address: Option<IpAddr>, cache: &mut Cache) {
        let e = &self.enrichment;
        let Some(address) = address else {
            for (database, kind) in [(&e.geo, geo::Kind::Place), (&e.asn, geo::Kind::Network)] {
                if database.is_some() || self.every {
                    geo::write_nulls(out, kind);
                }
            }
            return;
        };
        let count = |lookups: &mut [DatabaseLookups; 2], found: u8| {
            for (i, (database, counts)) in [&e.geo, &e.asn].into_iter().zip(lookups).enumerate() {
                if database.is_some() {
                    counts.count(geo::Looked::from_bits(found >> (2 * i)));
                }
            }
        };
        if let Some(kept) = cache.addresses.get(&address)
            && let Some((&found, json)) = kept.split_first()
        {
            count(&mut cache.lookups, found);
            return out.extend_from_slice(json);
        }
        let start = out.len();
        let mut found = 0;
        for (i, (database, kind)) in
            [(&e.geo, geo::Kind::Place), (&e.asn, geo::Kind::Network)].into_iter().enumerate()
        {
            match database {
                Some(database) => found |= (database.write(out, address) as u8) << (2 * i),
                None if self.every => geo::write_nulls(out, kind),
                None => {}
            }
        }
        count(&mut cache.lookups, found);
        cache.addresses.put_tagged(address, found, &out[start..]);
    }

    /// An address as a JSON string (its network with `ANONYMIZE_IP`), or null.
    fn write_address(&self, out: &mut Vec<u8>, address: Option<IpAddr>) {
        match address {
            Some(a) => {
                out.push(b'"');
                address::write_address(out, self.enrichment.anonymize.map_or(a, |p| p.network(a)));
                out.push(b'"');
            }
            None => out.extend_from_slice(b"null"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No text shorter than [`SHORTEST_ADDRESS`] is an address; `::` is one.
    #[test]
    fn no_shorter_text_is_an_address() {
        assert_eq!(address::parse(b""), None);
        for a in 0..=u8::MAX {
            assert_eq!(address::parse(&[a]), None, "{a}");
        }
        assert_eq!(SHORTEST_ADDRESS, 2);
        assert_eq!(address::parse(b"::"), Some(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)));
    }

    #[test]
    fn anonymize_ip_reads_on_off_and_two_prefix_lengths() {
        assert_eq!(prefixes_from_setting("off"), Ok(None));
        assert_eq!(prefixes_from_setting(""), Ok(None));
        assert_eq!(prefixes_from_setting("on"), Ok(Some(Prefixes { v4: 24, v6: 48 })));
        assert_eq!(prefixes_from_setting("16,32"), Ok(Some(Prefixes { v4: 16, v6: 32 })));
        assert_eq!(prefixes_from_setting(" /16 , /56 "), Ok(Some(Prefixes { v4: 16, v6: 56 })));
        for bad in ["yes", "24", "33,48", "24,129", "24,48,1", "-1,48"] {
            assert_eq!(
                prefixes_from_setting(bad).unwrap_err().to_string(),
                format!("ANONYMIZE_IP={bad:?} is not allowed: {}", ANONYMIZE_IP.allowed)
            );
        }
    }
}
