//! The seam between the client's logic and the wire: one HTTP exchange, a sleep, and randomness.
//!
//! The component's only implementation is `wasi.rs`; unit tests drive the client with a scripted one. Keeping
//! sleeping and randomness here is what lets retries and rate-limit waits be tested without real time.

use std::time::Duration;

/// An HTTP method the client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once (RFC 9110 §9.2.2).
    pub fn idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One request, fully formed: absolute https URL, headers, body.
#[derive(Clone, Debug)]
pub struct HttpRequest {
    pub method: Method,
    /// `https://host[:port]/path?query`.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// One response as received.
#[derive(Clone, Debug, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name`, in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why an exchange produced no response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// No complete answer within the timeout.
    Timeout,
    /// The request never reached the server (DNS, refused connection, TLS): safe to resend.
    Connect(String),
    /// The exchange broke after the request may have been sent.
    Broken(String),
    /// The host refused to build the request (a header or path it does not accept): nothing was sent, and
    /// sending it again cannot help.
    Refused(String),
    /// The answer is larger than the component reads.
    TooLarge(String),
}

pub trait Transport {
    /// Sends one request and reads the whole response, giving up after `timeout`.
    fn send(
        &self,
        request: &HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError>;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration);
    /// A random number (for jitter, token IDs and DPoP keys).
    fn random_u64(&self) -> u64;
    /// The wall-clock time in seconds since the Unix epoch (for token lifetimes and JWT `iat`).
    fn now_unix(&self) -> u64;
    /// A monotonic clock (for the call's overall time budget); only differences are meaningful.
    fn monotonic(&self) -> Duration;
}
