//! Where a call's HTTP requests go, chosen per call: the in-process fake org, a loopback base URL, or the network.
//!
//! The guest only ever speaks https to its Okta domain. Anything a route does not accept is refused with
//! `HttpRequestDenied`, which the guest sees as a transport error.

use crate::fake_org::FakeOrg;
use crate::network::Network;
use crate::trace::{Pending, Recorder};
use bytes::Bytes;
use http::uri::{PathAndQuery, Scheme};
use http::{HeaderValue, Request, Response, Uri};
use http_body_util::{BodyExt, Full};
use std::convert::Infallible;
use std::fmt;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody};

/// Where requests go.
#[derive(Clone)]
pub enum Route {
    /// Answered in-process by this fake org (requests to `https://fake-org.okta.com` only).
    Fake(FakeOrg),
    /// Sent to this base URL instead (scheme, host and port replaced; path and query kept), with the original
    /// `Host` header and `X-Forwarded-Proto: https`, so a loopback fake org (`okta-harness serve`) builds links the
    /// guest accepts. Make one with [`Route::base_url`].
    BaseUrl(Uri),
    /// Sent to the real network as they are (https only).
    Live,
}

impl Route {
    /// A [`Route::BaseUrl`] from text such as `http://127.0.0.1:8080`: http or https, a host, no path beyond `/`,
    /// no query.
    pub fn base_url(url: &str) -> Result<Route, InvalidBaseUrl> {
        let invalid = |why: &str| InvalidBaseUrl(format!("{url}: {why}"));
        let uri: Uri = url.trim().parse().map_err(|e| invalid(&format!("{e}")))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(invalid("the scheme must be http or https")),
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid("a host is required"));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(invalid(
                "a base URL has no path or query (requests keep their own)",
            ));
        }
        Ok(Route::BaseUrl(uri))
    }
}

impl Default for Route {
    /// A fresh sample fake org.
    fn default() -> Self {
        Route::Fake(FakeOrg::sample())
    }
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Fake(_) => write!(f, "the in-process fake org (https://{})", FakeOrg::DOMAIN),
            Route::BaseUrl(uri) => write!(f, "base URL {uri}"),
            Route::Live => f.write_str("the live network"),
        }
    }
}

/// A base URL that [`Route::base_url`] refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidBaseUrl(String);

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base URL {}", self.0)
    }
}

impl std::error::Error for InvalidBaseUrl {}

/// What [`wasmtime_wasi_http::WasiHttpHooks::send_request`] returns.
pub(crate) type HookFuture =
    Box<dyn Future<Output = Result<(Response<WasiBody>, IoFuture), Error>> + Send>;
type IoFuture = Box<dyn Future<Output = Result<(), Error>> + Send>;

/// Sends one guest request along `route` (`None`: deny), counting it and tracing it when the call is traced.
/// Requests that leave the process go through `network`'s pool.
pub(crate) async fn send(
    route: Option<Route>,
    network: Network,
    recorder: Recorder,
    request: Request<WasiBody>,
    options: Option<RequestOptions>,
) -> Result<(Response<WasiBody>, IoFuture), Error> {
    let seq = recorder.count();
    let (parts, body) = request.into_parts();
    // Okta request bodies are small and the guest's memory is capped, so collecting them is cheap and bounded.
    let body = body.collect().await?.to_bytes();
    let pending = recorder.start(seq, &parts, &body);
    let Some(route) = route else {
        return deny(pending, "this call makes no HTTP requests");
    };
    if parts.uri.scheme() != Some(&Scheme::HTTPS) {
        return deny(pending, "only https requests are allowed");
    }
    match route {
        Route::Fake(org) => fake(&org, Request::from_parts(parts, body), options, pending).await,
        Route::BaseUrl(base) => match rebase(parts, &base) {
            Ok(parts) => {
                let request = Request::from_parts(parts, body);
                proxy(&network, request, options, pending).await
            }
            Err(why) => deny(pending, &why),
        },
        Route::Live => proxy(&network, Request::from_parts(parts, body), options, pending).await,
    }
}

fn deny(pending: Option<Pending>, why: &str) -> Result<(Response<WasiBody>, IoFuture), Error> {
    fail(pending, Error::HttpRequestDenied, &format!("denied: {why}"))
}

fn fail(
    pending: Option<Pending>,
    error: Error,
    why: &str,
) -> Result<(Response<WasiBody>, IoFuture), Error> {
    if let Some(pending) = pending {
        pending.error(why);
    }
    Err(error)
}

/// Answers from the fake org in-process, honouring its delay (against the guest's first-byte timeout) and its
/// dropped connections.
async fn fake(
    org: &FakeOrg,
    request: Request<Bytes>,
    options: Option<RequestOptions>,
    pending: Option<Pending>,
) -> Result<(Response<WasiBody>, IoFuture), Error> {
    let authority = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    if authority != FakeOrg::DOMAIN && authority != format!("{}:443", FakeOrg::DOMAIN) {
        return deny(
            pending,
            &format!("the fake org only answers https://{}", FakeOrg::DOMAIN),
        );
    }
    let reply = crate::hook_sender::handle_fake(org, request).await;
    let first_byte_timeout = options.and_then(|o| o.first_byte_timeout);
    if let Some(timeout) = first_byte_timeout.filter(|t| reply.delay > *t) {
        tokio::time::sleep(timeout).await;
        return fail(
            pending,
            Error::ConnectionReadTimeout,
            "no response within the guest's first-byte timeout",
        );
    }
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let Some(response) = reply.response else {
        return fail(
            pending,
            Error::ConnectionTerminated,
            "the server closed the connection without answering",
        );
    };
    if let Some(pending) = pending {
        pending.response(
            response.status().as_u16(),
            response.headers(),
            response.body(),
        );
    }
    let response = response.map(|body| Full::new(body).map_err(never).boxed_unsync());
    Ok((response, Box::new(async { Ok(()) })))
}

/// Points a request at `base`, keeping its path, query and `Host`, and telling the server the original scheme.
fn rebase(mut parts: http::request::Parts, base: &Uri) -> Result<http::request::Parts, String> {
    let original_scheme = parts.uri.scheme_str().unwrap_or("https").to_owned();
    if !parts.headers.contains_key(http::header::HOST)
        && let Some(authority) = parts.uri.authority()
    {
        let host = HeaderValue::from_str(authority.as_str()).map_err(|e| e.to_string())?;
        parts.headers.insert(http::header::HOST, host);
    }
    let path = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    let mut uri = Uri::builder().path_and_query(path);
    if let Some(scheme) = base.scheme() {
        uri = uri.scheme(scheme.clone());
    }
    if let Some(authority) = base.authority() {
        uri = uri.authority(authority.clone());
    }
    parts.uri = uri.build().map_err(|e| e.to_string())?;
    let proto = HeaderValue::from_str(&original_scheme).map_err(|e| e.to_string())?;
    parts.headers.insert("x-forwarded-proto", proto);
    Ok(parts)
}

/// Sends a request over the network on a pooled connection, passing the response body through (and into the
/// trace, when tracing).
async fn proxy(
    network: &Network,
    request: Request<Bytes>,
    options: Option<RequestOptions>,
    mut pending: Option<Pending>,
) -> Result<(Response<WasiBody>, IoFuture), Error> {
    if let Some(pending) = pending.as_mut()
        && request.headers().contains_key("x-forwarded-proto")
    {
        pending.sent_to(request.uri());
    }
    let response = match network.send(request, options).await {
        Ok(response) => response,
        Err(error) => {
            let why = format!("{error}");
            return fail(pending, error, &why);
        }
    };
    let (head, body) = response.into_parts();
    let body = body.boxed_unsync();
    let body = match pending {
        Some(pending) => pending
            .stream(head.status.as_u16(), &head.headers, body)
            .boxed_unsync(),
        None => body,
    };
    // The pool's own tasks drive the connection: there is no I/O future for wasmtime to wait for.
    Ok((Response::from_parts(head, body), Box::new(async { Ok(()) })))
}

fn never(never: Infallible) -> Error {
    match never {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(Route::base_url("http://127.0.0.1:8080").is_ok());
        assert!(Route::base_url("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "127.0.0.1:8080",
            "ftp://x",
            "http://x/api",
            "http://x/?a=1",
            "http://",
        ] {
            assert!(Route::base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rebase_keeps_path_query_and_host() {
        let request = Request::get("https://fake-org.okta.com/api/v1/users?limit=2")
            .header("host", "fake-org.okta.com")
            .body(())
            .unwrap();
        let (parts, ()) = request.into_parts();
        let base: Uri = "http://127.0.0.1:9000".parse().unwrap();
        let parts = rebase(parts, &base).unwrap();
        assert_eq!(parts.uri, "http://127.0.0.1:9000/api/v1/users?limit=2");
        assert_eq!(parts.headers["host"], "fake-org.okta.com");
        assert_eq!(parts.headers["x-forwarded-proto"], "https");
    }
}
