//! A request line whose target is a whole URL ([`Kind::UrlRequest`], ALB's and Classic
//! ELB's), split for the writer and the rules; and a fixed layout's service.

use super::{Entry, Matcher};
use crate::access_log::Server;

/// What a fixed layout's fields add to a matcher (nothing for a format string's).
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    /// The groups of the address:port fields ([`Kind::Endpoint`]) and of their ports.
    pub endpoints: Vec<(usize, usize)>,
    /// Whether the request line's target is a whole URL ([`Kind::UrlRequest`]).
    pub url_request: bool,
    /// The service that writes the lines, when the plan is a fixed layout of one.
    pub server: Option<Server>,
}
#[cfg(doc)]
use crate::access_log::plan::Kind;

impl<'a> Entry<'a> {
    /// The path of a request line whose target is a whole URL ([`Kind::UrlRequest`]).
    pub(crate) fn url_request_path(&self) -> Option<&'a [u8]> {
        let request = self.request().filter(|_| self.format.layout.url_request)?;
        crate::access_log::split_url_request(request)[1]
    }

    /// A request line of this entry's format split into method, path and protocol:
    /// [`crate::access_log::split_request`], or [`crate::access_log::split_url_request`]
    /// where the target is a whole URL ([`Kind::UrlRequest`]).
    #[inline]
    pub fn split_request(&self, request: &'a [u8]) -> [Option<&'a [u8]>; 3] {
        if self.format.layout.url_request {
            crate::access_log::split_url_request(request)
        } else {
            crate::access_log::split_request(request)
        }
    }
}

impl Matcher {
    /// A JSON log's server, or the service of a fixed layout (none for a format string,
    /// whose server its escapes tell).
    pub(crate) fn server(&self) -> Option<Server> {
        self.json_server().or(self.layout.server)
    }

    /// This matcher, for the lines of `server`'s fixed layout.
    pub(crate) fn of_server(mut self, server: Server) -> Matcher {
        self.layout.server = Some(server);
        self
    }
}
