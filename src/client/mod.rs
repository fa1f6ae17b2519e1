//! The one HTTP client every action shares. It owns the auth header and OAuth tokens (`oauth.rs`, and the
//! authorization code exchange in `authorization_code.rs`), JSON encoding, retries and rate limits (`retry.rs`),
//! Okta's error body (`okta_error.rs`), and Link pagination (`pagination.rs`); the wire itself is behind
//! [`Transport`].

pub(crate) mod authorization_code;
pub(crate) mod oauth;
pub(crate) mod okta_error;
pub(crate) mod pagination;
pub(crate) mod path;
pub(crate) mod retry;
pub(crate) mod transport;
#[cfg(target_arch = "wasm32")]
pub(crate) mod wasi;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::time::Duration;

use serde_json::Value;
use serde_json::value::RawValue;

pub use path::{Path, Query};
use retry::Decision;
pub use retry::RetryPolicy;
pub use transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

use crate::auth::TokenState;
use crate::connection::{Auth, Connection};
use crate::error::{Error, Result};

/// The largest request body the component sends; a larger one is refused before anything goes out.
pub const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;
/// The longest path and query sent (HTTP servers, Okta's included, refuse longer request lines).
pub const MAX_TARGET: usize = 8 * 1024;
/// The longest header value sent (a DPoP proof embeds the URL, so it is allowed more than the path).
pub const MAX_HEADER_VALUE: usize = 16 * 1024;
/// The most header bytes sent in all (hosts refuse a larger header section).
pub const MAX_HEADERS: usize = 64 * 1024;
/// The deepest nesting accepted in JSON from Okta (Okta's own objects nest a handful of levels).
pub const MAX_JSON_DEPTH: usize = 64;
/// How much item JSON one Fetch All collects before it stops between pages and hands back `after`: the
/// output is built in the instance's memory (and copied once by the host), so a listing of any size ends with
/// what fits rather than at the host's memory cap.
pub const FETCH_ALL_MAX_BYTES: usize = 32 * 1024 * 1024;
/// A Fetch All stops between pages once less than this is left of the call's time budget, and returns what
/// it has with `after`, rather than losing every page to a timeout.
pub const FETCH_ALL_TIME_RESERVE: Duration = Duration::from_secs(60);
/// The most memory an answer parsed into values may take, as [`parsed_size`] estimates it. Parsed JSON can take far more
/// room than its text (`[{"a":1},…]` grows about fifty-fold: every object is a map node), so a few megabytes of
/// tiny objects would otherwise exhaust the instance's memory before the body-size cap is reached.
pub const MAX_PARSED_JSON: usize = 64 * 1024 * 1024;
/// What one object or array costs once parsed, at most (a map node or vector, its value and the allocator's share).
const CONTAINER_COST: usize = 512;
/// What one more value in an object or array costs once parsed, at most.
const VALUE_COST: usize = 32;
/// How long one call may spend on its requests, retries and waits together, so a slow or endless listing
/// ends with an error (or what it has) instead of holding the platform's worker.
pub const CALL_BUDGET: Duration = Duration::from_secs(240);

const USER_AGENT: &str = concat!(
    "okta-management-component/",
    env!("CARGO_PKG_VERSION"),
    " (wasm32-wasip2)"
);

/// One request before auth, retries and error mapping.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: Method,
    /// `/api/v1/…?…`, already encoded.
    pub path_and_query: String,
    pub body: Option<Vec<u8>>,
    pub content_type: String,
    /// Extra headers (beyond auth, Accept, Content-Type and User-Agent).
    pub headers: Vec<(String, String)>,
    /// Whether a 5xx or a broken connection may be answered by sending it again.
    pub idempotent: bool,
    /// A retry policy for this request only (raw requests let the user choose one).
    pub policy: Option<RetryPolicy>,
    /// A timeout for this request only.
    pub timeout: Option<Duration>,
    /// Whether the connection's credentials go with it (not for the token endpoint).
    pub authenticate: bool,
}

impl Request {
    pub fn new(method: Method, path: &Path, query: &Query) -> Request {
        Request {
            method,
            path_and_query: format!("{}{}", path.as_str(), query.to_query_string()),
            body: None,
            content_type: "application/json".to_string(),
            headers: Vec::new(),
            idempotent: method.idempotent(),
            policy: None,
            timeout: None,
            authenticate: true,
        }
    }

    pub fn json(mut self, body: &Value) -> Request {
        self.body = Some(body.to_string().into_bytes());
        self
    }

    /// "Method path", for messages; the path holds IDs and logins, never credentials.
    pub fn describe(&self) -> String {
        let path = self.path_and_query.split('?').next().unwrap_or_default();
        format!("{} {path}", self.method.as_str())
    }
}

/// How much of a listing to read.
#[derive(Clone, Debug)]
pub struct Paging {
    /// Follow `next` links (otherwise read one page).
    pub fetch_all: bool,
    /// Stop following once this many items were read (checked between pages, so no page is cut in half).
    pub max_items: usize,
    /// Stop following once the items read add up to this many bytes of JSON (checked between pages).
    pub max_bytes: usize,
    /// Stop on an empty page even when it has a `next` link (the System Log's polling queries always do).
    pub stop_on_empty: bool,
    /// Stop following once this many pages were read (Okta decides page sizes; this bounds the requests).
    pub max_pages: usize,
}

impl Default for Paging {
    fn default() -> Paging {
        Paging {
            fetch_all: false,
            max_items: 1_000_000,
            max_bytes: FETCH_ALL_MAX_BYTES,
            stop_on_empty: true,
            max_pages: usize::MAX,
        }
    }
}

impl Paging {
    /// Every page (up to the default cap).
    pub fn all() -> Paging {
        Paging {
            fetch_all: true,
            ..Paging::default()
        }
    }
}

/// What a listing ended with.
#[derive(Debug, Default)]
pub struct ListEnd {
    /// The `after` cursor of the first page not read, when more remain.
    pub after: Option<String>,
    /// The last page's `next` link as Okta sent it (the System Log sends one even after an empty page), to
    /// continue with [`Client::list_from`].
    pub next: Option<String>,
    /// The first page's `Date` (epoch seconds): Okta's own clock when the listing started.
    pub date: Option<u64>,
    pub pages: usize,
    pub items: usize,
    /// Bytes of item JSON read.
    pub bytes: usize,
    /// Whether a budget (items, bytes or the call's time) stopped a Fetch All while pages remained.
    pub cut: bool,
}

/// What a listing's sink wants after an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Finish this page, then stop (the listing's `next` is kept in [`ListEnd::next`]).
    StopAfterPage,
}

pub struct Client<'t> {
    connection: Connection,
    transport: &'t dyn Transport,
    pub policy: RetryPolicy,
    pub timeout: Duration,
    /// When the call's time budget runs out, on the transport's monotonic clock.
    deadline: Duration,
    /// OAuth tokens and DPoP state, restored from and returned to the host as connection state.
    tokens: RefCell<TokenState>,
    state_changed: Cell<bool>,
}

impl<'t> Client<'t> {
    pub fn new(connection: Connection, transport: &'t dyn Transport) -> Client<'t> {
        let tokens = match &connection.auth {
            Auth::OAuth(config) => {
                TokenState::restore(connection.state.as_deref(), &config.fingerprint)
            }
            Auth::ApiToken(_) => TokenState::default(),
        };
        Client {
            connection,
            transport,
            policy: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
            deadline: transport.monotonic().saturating_add(CALL_BUDGET),
            tokens: RefCell::new(tokens),
            state_changed: Cell::new(false),
        }
    }

    pub fn get(&self, path: &Path, query: &Query) -> Result<Value> {
        self.json(Request::new(Method::Get, path, query))
    }

    /// A POST that is never repeated after a 5xx (it may have taken effect).
    pub fn post(&self, path: &Path, query: &Query, body: Option<&Value>) -> Result<Value> {
        let request = Request::new(Method::Post, path, query);
        self.json(match body {
            Some(body) => request.json(body),
            None => request,
        })
    }

    pub fn put(&self, path: &Path, query: &Query, body: Option<&Value>) -> Result<Value> {
        let request = Request::new(Method::Put, path, query);
        self.json(match body {
            Some(body) => request.json(body),
            None => request,
        })
    }

    pub fn delete(&self, path: &Path, query: &Query) -> Result<Value> {
        self.json(Request::new(Method::Delete, path, query))
    }

    /// A POST (never repeated after a 5xx) whose JSON answer is passed on as Okta sent it.
    pub fn post_raw(&self, path: &Path, query: &Query, body: &Value) -> Result<Box<RawValue>> {
        self.raw(Request::new(Method::Post, path, query).json(body))
    }

    /// Sends `request` and returns its JSON answer as text, checked to be JSON; an empty answer is `null`.
    /// Cheaper than [`Client::json`] for answers that become an output unchanged.
    pub fn raw(&self, request: Request) -> Result<Box<RawValue>> {
        let response = self.execute(&request)?;
        raw_json(&request, response.body)
    }

    /// Sends `request` and decodes a JSON answer; an empty answer (204) is `Value::Null`.
    pub fn json(&self, request: Request) -> Result<Value> {
        let response = self.execute(&request)?;
        decode_json(&request, &response.body)
    }

    /// Sends `request` with auth, retrying as the policy allows, and returns the 2xx response or the typed
    /// error for anything else.
    pub fn execute(&self, request: &Request) -> Result<HttpResponse> {
        let response = self.send(request)?;
        if (200..300).contains(&response.status) {
            Ok(response)
        } else if response.status >= 500 && !request.idempotent {
            Err(Error::Unconfirmed(Box::new(okta_error::from_response(
                &response,
            ))))
        } else {
            Err(okta_error::from_response(&response))
        }
    }

    /// Sends `request` with auth and retries, and returns the last answer whatever its status (a broken
    /// exchange is an error). Auth headers are built for each attempt: a DPoP proof is never reused.
    pub fn send(&self, request: &Request) -> Result<HttpResponse> {
        if let Some(body) = &request.body
            && body.len() > MAX_REQUEST_BODY
        {
            return Err(Error::invalid(
                "request body",
                format!(
                    "at most {} MiB to send to {}, not {} bytes",
                    MAX_REQUEST_BODY >> 20,
                    request.describe(),
                    body.len()
                ),
            ));
        }
        let policy = request.policy.as_ref().unwrap_or(&self.policy);
        let (mut attempt, mut reauthorized) = (0, false);
        let mut retry_for: Option<String> = None;
        loop {
            let mut wire = self.wire_request(request)?;
            if attempt > 0 {
                mark_retry(&mut wire, retry_for.as_deref(), attempt);
            }
            check_wire(&wire, request)?;
            let left = self.time_left(request)?;
            let timeout = request.timeout.unwrap_or(self.timeout).min(left);
            let jitter = self.transport.random_u64();
            let outcome = self.transport.send(&wire, timeout);
            if let Ok(response) = &outcome
                && response.status == 401
                && request.authenticate
                && !reauthorized
                && self.recover_unauthorized(response)
            {
                // Once per request: a new token or a DPoP nonce, then the same request again.
                reauthorized = true;
                continue;
            }
            let decision = match &outcome {
                Ok(response) => {
                    policy.after_response(response, request.idempotent, attempt, jitter)
                }
                Err(failure) => policy.after_failure(failure, request.idempotent, attempt, jitter),
            };
            let decision = match decision {
                // A wait that outlasts the call's budget is not started: the last outcome stands.
                Decision::RetryAfter(wait) if wait >= self.remaining() => Decision::Done,
                decision => decision,
            };
            match (outcome, decision) {
                (Ok(response), Decision::Done) => return Ok(response),
                (Err(failure), Decision::Done) => return Err(transport_error(request, failure)),
                (outcome, Decision::RetryAfter(wait)) => {
                    attempt += 1;
                    retry_for = outcome
                        .as_ref()
                        .ok()
                        .and_then(|r| r.header("x-okta-request-id"))
                        .map(str::to_string);
                    log_retry(request, &outcome, wait);
                    self.transport.sleep(wait);
                }
            }
        }
    }

    /// The time left in the call's budget.
    fn remaining(&self) -> Duration {
        self.deadline.saturating_sub(self.transport.monotonic())
    }

    /// The time left for `request`, or a timeout error once the call's budget is spent.
    fn time_left(&self, request: &Request) -> Result<Duration> {
        let left = self.remaining();
        if left.is_zero() {
            return Err(Error::Timeout {
                request: format!(
                    "{} (the call's budget of {} s for all its requests ran out)",
                    request.describe(),
                    CALL_BUDGET.as_secs()
                ),
            });
        }
        Ok(left)
    }

    /// The connection's credentials.
    pub fn auth(&self) -> &Auth {
        &self.connection.auth
    }

    /// The connection state to hand back to the host when this call changed it (a new token, a nonce).
    pub fn connection_state(&self) -> Option<String> {
        self.state_changed
            .get()
            .then(|| self.tokens.borrow().to_json())
    }

    /// Reads a listing page by page into `sink`, following `next` links as `paging` says.
    pub fn list(
        &self,
        path: &Path,
        query: &Query,
        paging: &Paging,
        sink: &mut dyn FnMut(&RawValue) -> Result<()>,
    ) -> Result<ListEnd> {
        let start = format!("{}{}", path.as_str(), query.to_query_string());
        self.list_pages(start, paging, &mut |item| {
            sink(item).map(|()| Flow::Continue)
        })
    }

    /// Continues a listing from a `next` link an earlier listing ended with ([`ListEnd::next`]), followed as
    /// given (it is opaque) once it is known to stay on the org's API. `sink` may ask to stop after the
    /// current page.
    pub fn list_from(
        &self,
        next: &str,
        paging: &Paging,
        sink: &mut dyn FnMut(&RawValue) -> Result<Flow>,
    ) -> Result<ListEnd> {
        let start = self
            .org_path(next)
            .filter(|p| p.starts_with("/api/v1/"))
            .ok_or_else(|| leaves_the_listing("the saved cursor"))?
            .to_string();
        self.list_pages(start, paging, sink)
    }

    /// [`Client::list`] whose `sink` may ask to stop after the current page.
    pub fn list_until(
        &self,
        path: &Path,
        query: &Query,
        paging: &Paging,
        sink: &mut dyn FnMut(&RawValue) -> Result<Flow>,
    ) -> Result<ListEnd> {
        let start = format!("{}{}", path.as_str(), query.to_query_string());
        self.list_pages(start, paging, sink)
    }

    /// Reads pages from `start` (a path and query on the org). Every next link must continue the same
    /// listing: the same path, only the query differing.
    fn list_pages(
        &self,
        start: String,
        paging: &Paging,
        sink: &mut dyn FnMut(&RawValue) -> Result<Flow>,
    ) -> Result<ListEnd> {
        let listing = start
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        let mut path_and_query = start;
        let mut end = ListEnd::default();
        let mut seen = HashSet::new();
        loop {
            let request = Request {
                path_and_query,
                ..Request::new(Method::Get, &Path::new("/"), &Query::new())
            };
            let response = self.execute(&request)?;
            check_depth(&request, &response.body)?;
            let items: Vec<&RawValue> = serde_json::from_slice(&response.body).map_err(|e| {
                Error::InvalidResponse(format!(
                    "Okta's answer to {} is not a JSON list: {e}",
                    request.describe()
                ))
            })?;
            if end.pages == 0 {
                end.date = response.header("date").and_then(retry::parse_http_date);
            }
            end.pages += 1;
            end.items += items.len();
            let mut stop = false;
            for item in &items {
                end.bytes += item.get().len();
                stop |= sink(item)? == Flow::StopAfterPage;
            }
            let Some(next) = pagination::next_link(&response) else {
                end.next = None;
                return Ok(end);
            };
            end.next = Some(next.clone());
            let within_budget = end.items < paging.max_items
                && end.bytes < paging.max_bytes
                && end.pages < paging.max_pages
                && self.remaining() > FETCH_ALL_TIME_RESERVE;
            let more = paging.fetch_all
                && !stop
                && within_budget
                && !(items.is_empty() && paging.stop_on_empty);
            if !more || !seen.insert(next.clone()) {
                // A repeated cursor means the server is going round in circles: stop without offering it.
                end.after = if more {
                    None
                } else {
                    pagination::after_cursor(&next)
                };
                end.cut = paging.fetch_all && !within_budget && end.after.is_some();
                return Ok(end);
            }
            path_and_query = self
                .org_path(&next)
                .filter(|p| pagination::same_listing(p, &listing))
                .ok_or_else(|| leaves_the_listing(&format!("Okta's next-page link for {listing}")))?
                .to_string();
        }
    }

    /// The path and query of a URL Okta handed out, when it is on the org's origin.
    fn org_path<'u>(&self, url: &'u str) -> Option<&'u str> {
        pagination::same_origin_path(url, &self.connection.origin)
    }

    /// A random number from the host (multipart boundaries, jitter).
    pub fn random_u64(&self) -> u64 {
        self.transport.random_u64()
    }

    fn wire_request(&self, request: &Request) -> Result<HttpRequest> {
        // Token requests may name their own https URL; everything else is a path on the org.
        let url = if request.path_and_query.starts_with("https://") {
            request.path_and_query.clone()
        } else {
            format!("{}{}", self.connection.origin, request.path_and_query)
        };
        let mut headers = if request.authenticate {
            self.auth_headers(request.method, &url)?
        } else {
            Vec::new()
        };
        headers.push(("accept".to_string(), "application/json".to_string()));
        headers.push(("user-agent".to_string(), USER_AGENT.to_string()));
        if request.body.is_some()
            && !request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("content-type".to_string(), request.content_type.clone()));
        }
        headers.extend(request.headers.iter().cloned());
        Ok(HttpRequest {
            method: request.method,
            url,
            headers,
            body: request.body.clone().unwrap_or_default(),
        })
    }
}

/// The error for a link that would take the client's credentials away from the listing it continues.
fn leaves_the_listing(what: &str) -> Error {
    Error::InvalidResponse(format!("{what} leaves the listing; not following it"))
}

/// Okta's SDKs tag retries so Okta support can tie them to the throttled request.
fn mark_retry(wire: &mut HttpRequest, request_id: Option<&str>, attempt: u32) {
    wire.headers
        .retain(|(name, _)| name != "x-okta-retry-for" && name != "x-okta-retry-count");
    if let Some(id) = request_id {
        wire.headers
            .push(("x-okta-retry-for".to_string(), id.to_string()));
    }
    wire.headers
        .push(("x-okta-retry-count".to_string(), attempt.to_string()));
}

fn log_retry(
    request: &Request,
    outcome: &std::result::Result<HttpResponse, TransportError>,
    wait: Duration,
) {
    let why = match outcome {
        Ok(response) => format!("HTTP {}", response.status),
        Err(failure) => format!("{failure:?}"),
    };
    eprintln!(
        "okta: {} got {why}; retrying in {:.1} s",
        request.describe(),
        wait.as_secs_f64()
    );
}

/// The error for an exchange that produced no answer. When the request is not safe to repeat and may have
/// reached Okta (a timeout, a broken connection), the error says so and is not retryable.
fn transport_error(request: &Request, failure: TransportError) -> Error {
    let error = match failure {
        TransportError::Timeout => Error::Timeout {
            request: request.describe(),
        },
        TransportError::Connect(detail) => {
            return Error::Transport(format!(
                "{}: could not connect ({detail})",
                request.describe()
            ));
        }
        TransportError::Broken(detail) => {
            Error::Transport(format!("{}: {detail}", request.describe()))
        }
        TransportError::Refused(detail) => {
            return Error::invalid(
                "request",
                format!(
                    "a request the host accepts; it refused {} ({detail})",
                    request.describe()
                ),
            );
        }
        TransportError::TooLarge(detail) => {
            return Error::InvalidResponse(format!("{}: {detail}", request.describe()));
        }
    };
    if request.idempotent {
        error
    } else {
        Error::Unconfirmed(Box::new(error))
    }
}

/// Refuses, before anything is sent, a request no server would take: a path and query over
/// [`MAX_TARGET`], a header name that is not an HTTP token, a header value with control characters or over
/// [`MAX_HEADER_VALUE`], or headers over [`MAX_HEADERS`] in all. The error names the header, never its value.
fn check_wire(wire: &HttpRequest, request: &Request) -> Result<()> {
    let target = wire
        .url
        .strip_prefix("https://")
        .and_then(|rest| rest.find('/').map(|i| rest.len() - i))
        .unwrap_or(0);
    if target > MAX_TARGET {
        return Err(Error::invalid(
            "request path",
            format!(
                "at most {} KiB of path and query once encoded, not {target} bytes: an ID or query \
                 input of {} is too long",
                MAX_TARGET >> 10,
                request.method.as_str()
            ),
        ));
    }
    let mut total = 0;
    for (name, value) in &wire.headers {
        total += name.len() + value.len() + 4;
        if !is_header_name(name) {
            return Err(Error::invalid(
                "header",
                "header names made of letters, digits and !#$%&'*+-.^_`|~".to_string(),
            ));
        }
        if !is_header_value(value) {
            return Err(Error::invalid(
                &format!("header `{name}`"),
                "a value without control characters (NUL, CR, LF, VT…)",
            ));
        }
        if value.len() > MAX_HEADER_VALUE {
            return Err(Error::invalid(
                &format!("header `{name}`"),
                format!(
                    "a value of at most {} KiB, not {} bytes",
                    MAX_HEADER_VALUE >> 10,
                    value.len()
                ),
            ));
        }
    }
    if total > MAX_HEADERS {
        return Err(Error::invalid(
            "headers",
            format!(
                "at most {} KiB of headers in all, not {total} bytes",
                MAX_HEADERS >> 10
            ),
        ));
    }
    Ok(())
}

/// Whether `name` is an HTTP token (RFC 9110 §5.1), as a header name must be.
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` may be sent as a header value: no control character but tab (no NUL, CR, LF, VT, DEL…).
pub(crate) fn is_header_value(value: &str) -> bool {
    !value.chars().any(|c| c.is_control() && c != '\t')
}

/// Refuses JSON nested deeper than [`MAX_JSON_DEPTH`] before it is read: a hostile or broken answer (`[[[[…`)
/// would otherwise cost time and stack in every reader after it. One pass over the bytes, strings skipped.
fn check_depth(request: &Request, body: &[u8]) -> Result<()> {
    parsed_size(request, body).map(|_| ())
}

/// [`check_depth`]'s pass, which also estimates how much memory the answer takes once parsed into values (a few
/// megabytes of tiny objects would exhaust the instance's memory before the body-size cap is reached).
fn parsed_size(request: &Request, body: &[u8]) -> Result<usize> {
    match measure(body) {
        (parsed, false) => Ok(parsed),
        (_, true) => Err(Error::InvalidResponse(format!(
            "Okta's answer to {} nests deeper than {MAX_JSON_DEPTH} levels",
            request.describe()
        ))),
    }
}

/// How much memory JSON text (already checked by [`check_depth`]) takes once parsed into values, as
/// [`parsed_size`] estimates it: for callers that parse the items of a listing one by one.
pub(crate) fn parsed_cost(json: &str) -> usize {
    measure(json.as_bytes()).0
}

/// [`parsed_size`]'s pass: the estimate, and whether the text nests deeper than [`MAX_JSON_DEPTH`] (where it
/// stops).
fn measure(body: &[u8]) -> (usize, bool) {
    let mut depth = 0usize;
    let mut parsed = body.len();
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        match b {
            b'"' => {
                i = string_end(body, i + 1);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                parsed = parsed.saturating_add(CONTAINER_COST);
                if depth > MAX_JSON_DEPTH {
                    return (parsed, true);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => parsed = parsed.saturating_add(VALUE_COST),
            _ => {}
        }
        i += 1;
    }
    (parsed, false)
}

/// The index just past the closing quote of the string whose contents start at `start` (or the body's end).
/// Strings are most of Okta's JSON; searching for the next quote or backslash a word at a time, rather than
/// stepping a state machine through every byte, keeps this pass a small part of a listing's cost (it was a
/// quarter of it).
fn string_end(body: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(rest) = body.get(i..) {
        match memchr::memchr2(b'"', b'\\', rest) {
            Some(p) if rest[p] == b'\\' => i += p + 2,
            Some(p) => return i + p + 1,
            None => break,
        }
    }
    body.len()
}

/// An answer's body as JSON text, checked (UTF-8, nesting, syntax) but not re-encoded; an empty body is
/// `null`.
pub fn raw_json(request: &Request, body: Vec<u8>) -> Result<Box<RawValue>> {
    let text = String::from_utf8(body).map_err(|_| {
        Error::InvalidResponse(format!(
            "Okta's answer to {} is not UTF-8",
            request.describe()
        ))
    })?;
    let text = if text.trim().is_empty() {
        "null".to_string()
    } else {
        text
    };
    check_depth(request, text.as_bytes())?;
    RawValue::from_string(text).map_err(|e| not_json(request, e))
}

fn not_json(request: &Request, error: serde_json::Error) -> Error {
    Error::InvalidResponse(format!(
        "Okta's answer to {} is not valid JSON: {error}",
        request.describe()
    ))
}

fn decode_json(request: &Request, body: &[u8]) -> Result<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    // Only answers parsed into values need the estimate: listings and pass-through answers stay text.
    let parsed = parsed_size(request, body)?;
    if parsed > MAX_PARSED_JSON {
        return Err(Error::InvalidResponse(format!(
            "Okta's answer to {} is too large to read: about {} MiB once parsed, more than the component's {} MiB",
            request.describe(),
            parsed >> 20,
            MAX_PARSED_JSON >> 20
        )));
    }
    serde_json::from_slice(body).map_err(|e| not_json(request, e))
}

/// The client's logic against a scripted transport: no network, no real time.
#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use super::*;
    use crate::auth::Secret;

    #[derive(Default)]
    struct Script {
        replies: RefCell<VecDeque<std::result::Result<HttpResponse, TransportError>>>,
        sent: RefCell<Vec<HttpRequest>>,
        slept: RefCell<Vec<Duration>>,
    }

    impl Script {
        fn reply(self, status: u16, headers: &[(&str, &str)], body: &str) -> Script {
            let response = HttpResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
            };
            self.replies.borrow_mut().push_back(Ok(response));
            self
        }
        fn fail(self, error: TransportError) -> Script {
            self.replies.borrow_mut().push_back(Err(error));
            self
        }
    }

    impl Transport for Script {
        fn send(
            &self,
            request: &HttpRequest,
            _timeout: Duration,
        ) -> std::result::Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(request.clone());
            self.replies
                .borrow_mut()
                .pop_front()
                .unwrap_or(Err(TransportError::Broken("script ran out".into())))
        }
        fn sleep(&self, duration: Duration) {
            self.slept.borrow_mut().push(duration);
        }
        fn random_u64(&self) -> u64 {
            0
        }
        fn now_unix(&self) -> u64 {
            1_700_000_000
        }
        fn monotonic(&self) -> Duration {
            self.slept.borrow().iter().sum()
        }
    }

    fn client(script: &Script) -> Client<'_> {
        let connection = Connection {
            origin: "https://o.okta.com".into(),
            auth: Auth::ApiToken(Secret::new("tok")),
            state: None,
        };
        Client::new(connection, script)
    }

    const DATE: &str = "Thu, 11 Sep 2025 16:22:35 GMT";

    #[test]
    fn a_429_waits_for_the_reset_then_succeeds_even_for_a_creating_post() {
        let script = Script::default()
            .reply(
                429,
                &[
                    ("Date", DATE),
                    ("X-Rate-Limit-Reset", "1757607758"),
                    ("X-Okta-Request-Id", "req1"),
                ],
                "{}",
            )
            .reply(200, &[], r#"{"id":"00u1"}"#);
        let value = client(&script)
            .post(
                &Path::new("/api/v1/users"),
                &Query::new(),
                Some(&serde_json::json!({})),
            )
            .unwrap();
        assert_eq!(value["id"], "00u1");
        assert_eq!(*script.slept.borrow(), vec![Duration::from_secs(3)]);
        let sent = script.sent.borrow();
        assert_eq!(sent.len(), 2);
        assert!(
            sent[1]
                .headers
                .contains(&("x-okta-retry-for".into(), "req1".into()))
        );
        assert_eq!(
            sent[0].headers[0],
            ("authorization".into(), "SSWS tok".into())
        );
    }

    #[test]
    fn a_503_is_retried_for_get_but_never_for_post() {
        let script = Script::default().reply(503, &[], "").reply(200, &[], "[]");
        client(&script)
            .get(&Path::new("/api/v1/users"), &Query::new())
            .unwrap();
        assert_eq!(script.sent.borrow().len(), 2);

        let script = Script::default().reply(503, &[], "").reply(200, &[], "{}");
        let error = client(&script)
            .post(&Path::new("/api/v1/users"), &Query::new(), None)
            .unwrap_err();
        assert_eq!(script.sent.borrow().len(), 1);
        assert_eq!(error.okta().map(|e| e.status), Some(503));
        assert!(!error.retryable());
    }

    #[test]
    fn a_timeout_on_post_is_reported_not_repeated() {
        let script = Script::default().fail(TransportError::Timeout);
        let error = client(&script)
            .post(&Path::new("/api/v1/users"), &Query::new(), None)
            .unwrap_err();
        assert_eq!(
            error,
            Error::Unconfirmed(Box::new(Error::Timeout {
                request: "POST /api/v1/users".into()
            }))
        );
        assert!(!error.retryable());
        assert_eq!(script.sent.borrow().len(), 1);
    }

    #[test]
    fn a_5xx_to_a_post_may_have_been_applied_and_is_not_retryable() {
        let script = Script::default().reply(502, &[], "");
        let error = client(&script)
            .post(&Path::new("/api/v1/groups"), &Query::new(), None)
            .unwrap_err();
        assert!(matches!(error, Error::Unconfirmed(_)), "{error:?}");
        assert!(!error.retryable());
        assert!(error.to_string().contains("may have been applied"));
        // A connection that was never made is safe to report as retryable.
        let script = Script::default().fail(TransportError::Connect("refused".into()));
        let script = (0..4).fold(script, |s, _| {
            s.fail(TransportError::Connect("refused".into()))
        });
        let error = client(&script)
            .post(&Path::new("/api/v1/groups"), &Query::new(), None)
            .unwrap_err();
        assert!(matches!(error, Error::Transport(_)) && error.retryable());
    }

    #[test]
    fn local_faults_are_invalid_input_and_nothing_is_sent() {
        let send = |request: Request| {
            let script = Script::default().reply(200, &[], "{}");
            let error = client(&script).json(request).unwrap_err();
            (error, script.sent.borrow().len())
        };
        let path = Path::new("/api/v1/users")
            .seg("id", &"a".repeat(70_000))
            .unwrap();
        let long = Request::new(Method::Get, &path, &Query::new());
        let (error, sent) = send(long);
        assert!(matches!(error, Error::InvalidInput { ref input, .. } if input == "request path"));
        assert_eq!(sent, 0);
        for value in [
            "a\0b",
            "a\u{b}b",
            "a\r\nX-Injected: 1",
            &"v".repeat(140_000),
        ] {
            let mut request = Request::new(Method::Get, &Path::new("/api/v1/users"), &Query::new());
            request.headers.push(("x-custom".into(), value.to_string()));
            let (error, sent) = send(request);
            assert!(
                matches!(error, Error::InvalidInput { ref input, .. } if input == "header `x-custom`"),
                "{error:?}"
            );
            assert!(
                !error
                    .to_string()
                    .contains(&value[..1.min(value.len())].repeat(50))
            );
            assert_eq!(sent, 0);
        }
    }

    #[test]
    fn answers_too_large_to_parse_are_an_invalid_response() {
        let get = |body: &str| {
            let script = Script::default().reply(200, &[], body);
            client(&script).get(&Path::new("/api/v1/users/x"), &Query::new())
        };
        let tiny_objects = format!("[{}{{}}]", "{\"a\":1},".repeat(200_000));
        let error = get(&tiny_objects).unwrap_err();
        assert!(matches!(error, Error::InvalidResponse(ref m) if m.contains("too large to read")));
        // The same number of bytes in one string parses to little more than its size.
        let one_string = format!("{{\"a\":\"{}\"}}", "x".repeat(tiny_objects.len()));
        assert!(get(&one_string).is_ok());
        // A page of 200 users of a few KB each is fine.
        let user = format!(
            "{{\"id\":\"00u1\",\"profile\":{{\"login\":\"{}\"}},\"_links\":{{\"self\":{{\"href\":\"x\"}}}}}},",
            "a".repeat(3000)
        );
        assert!(get(&format!("[{}{{}}]", user.repeat(200))).is_ok());
    }

    #[test]
    fn deeply_nested_json_is_an_invalid_response() {
        let script = Script::default().reply(200, &[], &"[".repeat(100_000));
        let error = client(&script)
            .get(&Path::new("/api/v1/users/x"), &Query::new())
            .unwrap_err();
        assert!(matches!(error, Error::InvalidResponse(ref m) if m.contains("nests deeper")));
        let fine = format!(
            "{}{}",
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        let script = Script::default().reply(200, &[], &fine);
        client(&script)
            .get(&Path::new("/api/v1/users/x"), &Query::new())
            .unwrap();
        // Brackets inside strings do not count.
        let text = format!(r#"{{"a":"{}"}}"#, "[".repeat(1000));
        let script = Script::default().reply(200, &[], &text);
        client(&script)
            .get(&Path::new("/api/v1/users/x"), &Query::new())
            .unwrap();
    }

    #[test]
    fn strings_end_at_their_unescaped_quote() {
        let end = |text: &str| string_end(text.as_bytes(), 1);
        assert_eq!(end(r#""abc",["#), 5);
        assert_eq!(
            end(r#""a\\"b"#),
            5,
            "an escaped backslash does not escape the quote"
        );
        assert_eq!(
            end(r#""a\"[b"["#),
            7,
            "an escaped quote does not end the string"
        );
        assert_eq!(end(r#""unterminated\"#), 14);
        assert_eq!(end(r#""\"#), 2);
        // The brackets after a string count; those inside it (after an escaped quote) do not.
        let request = Request::new(Method::Get, &Path::new("/x"), &Query::new());
        let inside = format!(r#"["\"{}"]"#, "[".repeat(MAX_JSON_DEPTH));
        assert!(parsed_size(&request, inside.as_bytes()).is_ok());
        let after = format!(r#"["\\"{}"#, "[".repeat(MAX_JSON_DEPTH));
        assert!(parsed_size(&request, after.as_bytes()).is_err());
    }

    #[test]
    fn retries_stop_when_the_calls_budget_is_spent() {
        let mut script = Script::default();
        for _ in 0..200 {
            script = script.reply(503, &[], "");
        }
        let mut client = client(&script);
        client.policy.max_retries = 1000;
        client.policy.max_delay = Duration::from_secs(30);
        let error = client
            .get(&Path::new("/api/v1/users"), &Query::new())
            .unwrap_err();
        assert_eq!(error.okta().map(|e| e.status), Some(503));
        let slept: Duration = script.slept.borrow().iter().sum();
        assert!(slept <= CALL_BUDGET, "{slept:?}");
        assert!(script.sent.borrow().len() < 200);
    }

    #[test]
    fn retries_stop_at_the_policy_limit() {
        let mut script = Script::default();
        for _ in 0..10 {
            script = script.reply(500, &[], "");
        }
        let error = client(&script)
            .get(&Path::new("/x"), &Query::new())
            .unwrap_err();
        assert_eq!(script.sent.borrow().len(), 5);
        assert!(error.retryable());
    }

    #[test]
    fn malformed_json_is_an_error_not_a_trap() {
        let script = Script::default().reply(200, &[], r#"{"id":"00u"#);
        let error = client(&script)
            .get(&Path::new("/api/v1/users/x"), &Query::new())
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidResponse(ref m) if m.contains("GET /api/v1/users/x")),
            "{error:?}"
        );
    }

    fn collect(script: &Script, paging: &Paging) -> (Vec<String>, ListEnd) {
        let mut ids = Vec::new();
        let end = client(script)
            .list(
                &Path::new("/api/v1/users"),
                &Query::new(),
                paging,
                &mut |raw| {
                    ids.push(raw.get().to_string());
                    Ok(())
                },
            )
            .unwrap();
        (ids, end)
    }

    #[test]
    fn fetch_all_follows_next_links_until_none() {
        let next =
            |c: &str| format!("<https://o.okta.com/api/v1/users?after={c}&limit=1>; rel=\"next\"");
        let script = Script::default()
            .reply(200, &[("link", &next("a"))], "[1]")
            .reply(200, &[("link", &next("b"))], "[2]")
            .reply(200, &[], "[3]");
        let (ids, end) = collect(
            &script,
            &Paging {
                fetch_all: true,
                ..Paging::default()
            },
        );
        assert_eq!(ids, ["1", "2", "3"]);
        assert_eq!((end.pages, end.after), (3, None));
        assert_eq!(
            script.sent.borrow()[2].url,
            "https://o.okta.com/api/v1/users?after=b&limit=1"
        );
    }

    #[test]
    fn fetch_all_stops_at_the_byte_budget_and_hands_back_the_cursor() {
        let next =
            |c: &str| format!("<https://o.okta.com/api/v1/users?after={c}&limit=1>; rel=\"next\"");
        let script = Script::default()
            .reply(200, &[("link", &next("a"))], r#"["0123456789"]"#)
            .reply(200, &[("link", &next("b"))], r#"["0123456789"]"#)
            .reply(200, &[], "[3]");
        let (ids, end) = collect(
            &script,
            &Paging {
                max_bytes: 20,
                ..Paging::all()
            },
        );
        assert_eq!(ids.len(), 2);
        assert_eq!(end.after.as_deref(), Some("b"));
        assert!(end.cut);
        assert_eq!(end.bytes, 24);
        // One page asked for is not "cut", even when more remain.
        let script = Script::default().reply(200, &[("link", &next("a"))], "[1]");
        let (_, end) = collect(&script, &Paging::default());
        assert!(!end.cut && end.after.is_some());
    }

    #[test]
    fn one_page_returns_the_cursor_of_the_next() {
        let script = Script::default().reply(
            200,
            &[(
                "link",
                "<https://o.okta.com/api/v1/users?after=xyz>; rel=\"next\"",
            )],
            "[1]",
        );
        let (_, end) = collect(&script, &Paging::default());
        assert_eq!(end.after.as_deref(), Some("xyz"));
    }

    #[test]
    fn the_page_cap_stops_a_listing_and_keeps_its_next_link() {
        let next = |c: &str| format!("<https://o.okta.com/api/v1/users?after={c}>; rel=\"next\"");
        let script = Script::default()
            .reply(
                200,
                &[
                    ("link", &next("a")),
                    ("date", "Thu, 11 Sep 2025 16:22:35 GMT"),
                ],
                "[1]",
            )
            .reply(200, &[("link", &next("b"))], "[2]")
            .reply(200, &[("link", &next("c"))], "[3]");
        let (ids, end) = collect(
            &script,
            &Paging {
                fetch_all: true,
                max_pages: 2,
                ..Paging::default()
            },
        );
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(
            end.next.as_deref(),
            Some("https://o.okta.com/api/v1/users?after=b")
        );
        assert_eq!(end.date, Some(1_757_607_755));
    }

    #[test]
    fn a_repeated_cursor_or_an_empty_page_ends_the_listing() {
        let link = "<https://o.okta.com/api/v1/users?after=same>; rel=\"next\"";
        let script = Script::default()
            .reply(200, &[("link", link)], "[1]")
            .reply(200, &[("link", link)], "[2]");
        let (ids, end) = collect(
            &script,
            &Paging {
                fetch_all: true,
                ..Paging::default()
            },
        );
        assert_eq!((ids.len(), end.pages), (2, 2));

        let script = Script::default().reply(200, &[("link", link)], "[]");
        let (_, end) = collect(
            &script,
            &Paging {
                fetch_all: true,
                ..Paging::default()
            },
        );
        assert_eq!(end.pages, 1);
    }

    #[test]
    fn a_next_link_to_another_path_is_not_followed() {
        for link in [
            "</oauth2/v1/clients?after=1>; rel=\"next\"",
            "<https://o.okta.com/oauth2/v1/clients?after=1>; rel=\"next\"",
            "<https://o.okta.com/api/v1/../../x?after=1>; rel=\"next\"",
            "<https://o.okta.com/api/v1/users/../groups?after=1>; rel=\"next\"",
            "<https://o.okta.com/api/v1/users;x=1?after=1>; rel=\"next\"",
        ] {
            let script = Script::default().reply(200, &[("link", link)], "[1]");
            let result = client(&script).list(
                &Path::new("/api/v1/users"),
                &Query::new(),
                &Paging::all(),
                &mut |_| Ok(()),
            );
            assert!(matches!(result, Err(Error::InvalidResponse(_))), "{link}");
            assert_eq!(script.sent.borrow().len(), 1, "{link}");
        }
    }

    #[test]
    fn a_next_link_to_another_host_is_not_followed() {
        let script = Script::default().reply(
            200,
            &[(
                "link",
                "<https://evil.example/api/v1/users?after=1>; rel=\"next\"",
            )],
            "[1]",
        );
        let result = client(&script).list(
            &Path::new("/api/v1/users"),
            &Query::new(),
            &Paging {
                fetch_all: true,
                ..Paging::default()
            },
            &mut |_| Ok(()),
        );
        assert!(matches!(result, Err(Error::InvalidResponse(_))));
        assert_eq!(script.sent.borrow().len(), 1);
    }
}
