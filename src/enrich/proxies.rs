//! `TRUSTED_PROXIES`: the real client behind the proxies, as nginx's realip module finds it
//! with `real_ip_recursive on` (and Apache's mod_remoteip).
//!
//! The chain is the forwarded-for list followed by the connecting address. The list is
//! `Forwarded`'s `for=` nodes when the format logs that header and the line's holds at
//! least one (RFC 7239 is the standard, and a proxy that writes it is the newer one), and
//! `X-Forwarded-For` otherwise ([`super::forwarded`]). Walking it from
//! the right (the nearest hop first), the first address that is not trusted is the client.
//! When every address is trusted, the leftmost is. An item that is not an address
//! ([`super::address`]'s rule) ends the walk: the last address read stands (the trusted
//! proxy that passed the item on), as nginx and Apache do; when the connecting address
//! itself is not an address, there is no client (`null`).

use std::net::IpAddr;

use ipnet::IpNet;

use super::address::{items_from_right, parse};
use crate::variable::{SettingError, Variable};

/// `TRUSTED_PROXIES`.
pub const TRUSTED_PROXIES: Variable = Variable {
    name: "TRUSTED_PROXIES",
    default: "",
    allowed: "comma-separated IPv4 and IPv6 addresses and CIDR blocks of the proxies in front of the \
              server (10.0.0.0/8, 2001:db8::/32, 192.0.2.1); set, firelog writes client_ip, the first \
              address from the right of the forwarded-for list that is not one of them",
};

/// The trusted proxies' blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    blocks: Vec<IpNet>,
}

/// An IPv4-mapped IPv6 block (`::ffff:10.0.0.0/104`) as the IPv4 block it is
/// (`10.0.0.0/8`): addresses are matched as IPv4.
fn mapped_as_ipv4(block: IpNet) -> IpNet {
    match block {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.addr().to_ipv4_mapped() {
            Some(v4) => ipnet::Ipv4Net::new(v4, v6.prefix_len() - 96).map_or(block, IpNet::V4),
            None => block,
        },
        _ => block,
    }
}

/// No proxy trusted: the nearest address is the client.
pub(crate) static NONE: Proxies = Proxies { blocks: Vec::new() };

impl Proxies {
    /// Reads `TRUSTED_PROXIES`'s value: blocks and addresses (an address is its own
    /// block), IPv4-mapped IPv6 blocks as IPv4. Empty trusts nothing.
    pub fn from_setting(value: &str) -> Result<Proxies, SettingError> {
        let mut blocks = Vec::new();
        for item in crate::variable::list(value) {
            let block = match (item.parse::<IpNet>(), item.parse::<IpAddr>()) {
                (Ok(block), _) => mapped_as_ipv4(block.trunc()),
                (_, Ok(address)) => IpNet::from(address.to_canonical()),
                _ => {
                    let why =
                        format!("{item:?} is not an address or a CIDR block; {}", TRUSTED_PROXIES.allowed);
                    return Err(TRUSTED_PROXIES.reject_because(value, why));
                }
            };
            blocks.push(block);
        }
        Ok(Proxies { blocks })
    }

    /// Whether `address` is a trusted proxy's.
    pub fn trusts(&self, address: IpAddr) -> bool {
        self.blocks.iter().any(|block| block.contains(&address))
    }

    /// The client of a chain given as its parts, right to left: the connecting address
    /// field first, then the forwarded-for list (each as logged; a field may itself be a
    /// list). `None` when the nearest item is not an address or there is none.
    pub fn client<'a>(&self, parts_from_right: impl IntoIterator<Item = &'a [u8]>) -> Option<IpAddr> {
        self.walk(parts_from_right.into_iter().flat_map(items_from_right))
    }

    /// The client of a chain given item by item, right to left (the connecting address
    /// first): the walk itself.
    pub(crate) fn walk<'a>(&self, items_from_right: impl IntoIterator<Item = &'a [u8]>) -> Option<IpAddr> {
        let mut client = None;
        for item in items_from_right {
            let Some(address) = parse(item) else { return client };
            client = Some(address);
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(value: &str) -> Proxies {
        Proxies::from_setting(value).unwrap()
    }

    #[test]
    fn the_first_untrusted_address_from_the_right_is_the_client() {
        let trusted = proxies("10.0.0.0/8, 2001:db8:ffff::/48, 192.0.2.1");
        let client = |connecting: &str, forwarded: &str| {
            trusted.client([connecting.as_bytes(), forwarded.as_bytes()]).map(|a| a.to_string())
        };
        let some = |s: &str| Some(s.to_string());
        let table = [
            // Through two trusted proxies.
            ("10.0.0.1", "203.0.113.7, 10.0.0.2", some("203.0.113.7")),
            // A client that forged the list's left end: the first untrusted from the right.
            ("10.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.2", some("203.0.113.7")),
            // The connecting address is not a proxy: it is the client, the list is not read.
            ("203.0.113.9", "198.51.100.1", some("203.0.113.9")),
            // Every address trusted: the leftmost.
            ("10.0.0.1", "10.0.0.3, 192.0.2.1", some("10.0.0.3")),
            ("10.0.0.1", "", some("10.0.0.1")),
            ("10.0.0.1", "-", some("10.0.0.1")),
            // An item that is not an address ends the walk: the proxy that passed it on.
            ("10.0.0.1", "203.0.113.7, unknown, 10.0.0.2", some("10.0.0.2")),
            ("10.0.0.1", "unknown", some("10.0.0.1")),
            ("-", "203.0.113.7", None),
            ("", "", None),
            // Ports, brackets and IPv4-mapped addresses, by the address rule.
            ("10.0.0.1:5000", "203.0.113.7:4711, 10.0.0.2:80", some("203.0.113.7")),
            ("[2001:db8:ffff::1]:443", "[2001:db8::7]:1234", some("2001:db8::7")),
            ("2001:db8:ffff::1", "2001:db8::7", some("2001:db8::7")),
            ("::ffff:10.0.0.1", "::ffff:203.0.113.7", some("203.0.113.7")),
            // A connecting field that logged the whole list (`$proxy_add_x_forwarded_for`).
            ("203.0.113.7, 10.0.0.2, 10.0.0.1", "", some("203.0.113.7")),
        ];
        for (connecting, forwarded, want) in table {
            assert_eq!(client(connecting, forwarded), want, "{connecting} | {forwarded}");
        }
    }

    #[test]
    fn nothing_trusted_the_nearest_address_is_the_client() {
        let none = Proxies::default();
        assert_eq!(none.client([&b"203.0.113.7, 10.0.0.1"[..]]), Some("10.0.0.1".parse().unwrap()));
    }

    #[test]
    fn blocks_are_checked_at_start_up() {
        assert_eq!(
            proxies(" 10.0.0.1/8 ,,2001:db8::1 "),
            Proxies { blocks: vec!["10.0.0.0/8".parse().unwrap(), "2001:db8::1/128".parse().unwrap()] }
        );
        assert_eq!(
            proxies("::ffff:10.0.0.0/104, ::ffff:192.0.2.1"),
            Proxies { blocks: vec!["10.0.0.0/8".parse().unwrap(), "192.0.2.1/32".parse().unwrap()] }
        );
        for bad in ["10.0.0.0/33", "proxy.example.com", "10.0.0", "unix:"] {
            let error = Proxies::from_setting(bad).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("TRUSTED_PROXIES={bad:?} is not allowed: {bad:?} is not")),
                "{error}"
            );
        }
    }
}
