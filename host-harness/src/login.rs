//! The OAuth 2.0 authorization code flow driven by a host: without a browser against a fake org (the fake's
//! authorize endpoint consents at once and redirects), or with one against a real org (a loopback listener catches
//! the redirect).
//!
//! The component does the OAuth work (`state`, PKCE, the code exchange; see [`Harness::start_authorization`]);
//! this module only carries the browser's part: GET the authorize URL, follow the redirect back.

use crate::fake_org::FakeOrg;
use crate::trace::redact_body;
use crate::{
    AuthorizationRequest, CallError, CallOptions, Connection, ConnectionState, Harness, Outcome,
    Route,
};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, Uri, header};
use http_body_util::{BodyExt, Empty, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// Why an authorization failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoginError {
    /// The component refused to start or finish the flow (or its call failed).
    Call(CallError),
    /// The authorize endpoint did not redirect back (an unknown client or redirect URI, an unreachable server …).
    Authorize(String),
    /// On the live network, no redirect came back from the person's browser (the caller's step says why: a
    /// timeout, stdin closed …).
    NoRedirect(String),
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginError::Call(error) => error.fmt(f),
            LoginError::Authorize(why) => write!(f, "the authorize step failed: {why}"),
            LoginError::NoRedirect(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for LoginError {}

impl From<CallError> for LoginError {
    fn from(error: CallError) -> Self {
        LoginError::Call(error)
    }
}

/// How far a [`Harness::log_in`] got, reported as it goes so a command line can show each step when it happens
/// (the live step waits for a person).
#[non_exhaustive]
pub enum LoginStep<'a> {
    /// `start-authorization` returned (its trace and log; its result, if an error, ends the login).
    Started(&'a Outcome<AuthorizationRequest>),
    /// On a fake org: the authorize URL is about to be followed without a browser.
    Following { url: &'a str },
    /// On a fake org: it consented and redirected to the redirect URI.
    Followed,
    /// `finish-authorization` returned.
    Finished(&'a Outcome<ConnectionState>),
}

impl Harness {
    /// Runs the whole authorization code flow against a fake org, as a platform would with a person at a browser:
    /// [`Harness::start_authorization`], GET the authorize URL on the fake (in-process for [`Route::Fake`], over
    /// HTTP for a [`Route::BaseUrl`] to `okta-harness serve`), then [`Harness::finish_authorization`] with the
    /// redirect. Returns the connection state holding the tokens (a secret). The fake org must know the
    /// connection's web app and `redirect_uri` (see [`crate::fake_apps`]).
    pub async fn authorize_without_browser(
        &self,
        connection: &Connection,
        redirect_uri: &str,
        options: impl Into<CallOptions>,
    ) -> Result<ConnectionState, LoginError> {
        // On the live network there is no fake to follow: `follow_authorize` says a person is needed.
        let no_person = async |url: &str| {
            follow_authorize(&Route::Live, url)
                .await
                .map_err(LoginError::Authorize)
        };
        self.log_in(connection, redirect_uri, &options.into(), |_| {}, no_person)
            .await
    }

    /// Logs a connection in, as `okta-harness login` does: [`Harness::start_authorization`], then the browser's
    /// part, then [`Harness::finish_authorization`]. On a fake org (in-process or a base URL) the authorize URL is
    /// followed without a browser ([`follow_authorize`]); on [`Route::Live`] `person` gets the authorize URL and
    /// returns the redirect a person's browser was sent to (or [`LoginError::NoRedirect`]). `report` sees each
    /// step when it happens. Returns the connection state holding the tokens (a secret, for
    /// [`crate::state::StateFiles`]).
    pub async fn log_in(
        &self,
        connection: &Connection,
        redirect_uri: &str,
        options: &CallOptions,
        mut report: impl FnMut(LoginStep<'_>),
        person: impl AsyncFnOnce(&str) -> Result<String, LoginError>,
    ) -> Result<ConnectionState, LoginError> {
        let start = self
            .start_authorization(connection, redirect_uri, options)
            .await;
        report(LoginStep::Started(&start));
        let request = start.result?;
        let redirect = match &options.route {
            Route::Live => person(&request.url).await?,
            route => {
                report(LoginStep::Following { url: &request.url });
                let redirect = follow_authorize(route, &request.url)
                    .await
                    .map_err(LoginError::Authorize)?;
                report(LoginStep::Followed);
                redirect
            }
        };
        let finish = self
            .finish_authorization(
                connection,
                redirect_uri,
                &request.pending,
                &redirect,
                options,
            )
            .await;
        report(LoginStep::Finished(&finish));
        Ok(finish.result?)
    }
}

/// GETs an authorize URL on a fake org, as a browser would, and returns the `Location` it redirects to (the
/// redirect URI with `code` and `state`, or with `error`). [`Route::Fake`] answers in-process; a
/// [`Route::BaseUrl`] (plain http, such as `okta-harness serve`'s) gets a real request with the URL's `Host`.
/// [`Route::Live`] needs a person at a browser, so it is refused.
pub async fn follow_authorize(route: &Route, url: &str) -> Result<String, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("the authorize URL is not a URL: {e}"))?;
    match route {
        Route::Fake(org) => {
            let reply = fake_get(org, uri)?;
            redirect_location(reply.status(), reply.headers(), reply.body())
        }
        Route::BaseUrl(base) => http_get(base, &uri).await,
        Route::Live => Err(
            "a real org's authorize page needs a person at a browser (okta-harness login --live)"
                .to_owned(),
        ),
    }
}

fn fake_get(org: &FakeOrg, uri: Uri) -> Result<Response<Bytes>, String> {
    let request = Request::get(uri)
        .body(Bytes::new())
        .map_err(|e| e.to_string())?;
    org.handle(request)
        .response
        .ok_or_else(|| "the fake org dropped the connection".to_owned())
}

/// GET `uri`'s path and query from `base` (http only), with `Host` and `X-Forwarded-Proto: https` as the guest's
/// requests get on this route.
async fn http_get(base: &Uri, uri: &Uri) -> Result<String, String> {
    if base.scheme_str() != Some("http") {
        return Err(format!(
            "the browserless login needs a plain-http base URL such as okta-harness serve's, not {base}"
        ));
    }
    let host = base.host().unwrap_or("127.0.0.1");
    let port = base.port_u16().unwrap_or(80);
    let stream = TcpStream::connect((host, port))
        .await
        .map_err(|e| format!("cannot connect to {base}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("cannot talk HTTP to {base}: {e}"))?;
    tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let authority = uri.authority().map_or(FakeOrg::DOMAIN, |a| a.as_str());
    let request = Request::get(path)
        .header(header::HOST, authority)
        .header("x-forwarded-proto", "https")
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("{base} did not answer the authorize request: {e}"))?;
    let (head, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| format!("cannot read the authorize answer: {e}"))?
        .to_bytes();
    redirect_location(head.status, &head.headers, &body)
}

/// The `Location` of a redirect, or why the answer is not one.
fn redirect_location(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, String> {
    if status.is_redirection()
        && let Some(location) = headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    {
        return Ok(location.to_owned());
    }
    let mut body = redact_body(headers, body);
    if body.len() > 300 {
        let mut cut = 300;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
        body.push('…');
    }
    Err(format!(
        "the authorize endpoint answered {status} instead of redirecting: {body}"
    ))
}

/// The host and port to listen on for a loopback redirect URI (`http://127.0.0.1:8765/callback`), and its path;
/// `None` for any other URI (an https one goes to a server the harness does not run).
pub fn loopback_redirect(redirect_uri: &str) -> Option<(SocketAddr, String)> {
    let uri: Uri = redirect_uri.parse().ok()?;
    if uri.scheme_str() != Some("http") {
        return None;
    }
    let ip = match uri.host()? {
        "localhost" => std::net::Ipv4Addr::LOCALHOST.into(),
        host => host.trim_matches(['[', ']']).parse().ok()?,
    };
    let addr = SocketAddr::new(ip, uri.port_u16().unwrap_or(80));
    addr.ip()
        .is_loopback()
        .then(|| (addr, uri.path().to_owned()))
}

/// Why [`first_redirect`] returned no redirect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitError {
    /// Neither the listener nor the pasted line can bring one any more (the listener failed, stdin closed).
    Closed,
    /// None came within this time.
    TimedOut(Duration),
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Closed => f.write_str("no redirect was received"),
            WaitError::TimedOut(limit) => {
                write!(f, "no redirect within {} s", limit.as_secs_f64())
            }
        }
    }
}

impl std::error::Error for WaitError {}

/// The redirect after a person signed in on a real org, whichever comes first within `limit`: caught by
/// `listener` (on a loopback redirect URI, when there is one) or `pasted` (the URL the browser was sent to, as
/// the person pasted it; `None` when there will be none).
pub async fn first_redirect(
    listener: Option<RedirectListener>,
    pasted: impl Future<Output = Option<String>>,
    limit: Duration,
) -> Result<String, WaitError> {
    let listened = async {
        match listener {
            Some(listener) => listener.next_redirect().await.ok(),
            None => std::future::pending().await,
        }
    };
    let received = tokio::time::timeout(limit, async {
        tokio::select! {
            Some(redirect) = listened => Some(redirect),
            Some(line) = pasted => Some(line),
            else => None,
        }
    })
    .await;
    match received {
        Ok(Some(redirect)) => Ok(redirect),
        Ok(None) => Err(WaitError::Closed),
        Err(_) => Err(WaitError::TimedOut(limit)),
    }
}

/// Listens on a loopback redirect URI for the browser's return from the authorize page.
pub struct RedirectListener {
    listener: TcpListener,
    path: String,
}

impl RedirectListener {
    /// Binds the address of a loopback `redirect_uri` (see [`loopback_redirect`]).
    pub async fn bind(redirect_uri: &str) -> std::io::Result<RedirectListener> {
        let (addr, path) = loopback_redirect(redirect_uri).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{redirect_uri} is not a loopback http URI"),
            )
        })?;
        let listener = TcpListener::bind(addr).await?;
        Ok(RedirectListener { listener, path })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Waits for a request to the redirect path that carries `code`, `state` or `error`, answers the browser
    /// with a short page, and returns the request's path and query (what `finish_authorization` takes). Other
    /// requests (a favicon) get a 404.
    pub async fn next_redirect(self) -> std::io::Result<String> {
        let (sender, mut received) = mpsc::channel::<String>(1);
        loop {
            tokio::select! {
                Some(redirect) = received.recv() => return Ok(redirect),
                accepted = self.listener.accept() => {
                    let (stream, _) = accepted?;
                    let (sender, path) = (sender.clone(), self.path.clone());
                    let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                        let answer = redirect_answer(&path, request.uri(), &sender);
                        async move { Ok::<_, Infallible>(answer) }
                    });
                    tokio::spawn(async move {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
    }
}

fn redirect_answer(path: &str, uri: &Uri, sender: &mpsc::Sender<String>) -> Response<Full<Bytes>> {
    let query = uri.query().unwrap_or("");
    let is_redirect = uri.path() == path
        && query
            .split('&')
            .any(|p| p.starts_with("code=") || p.starts_with("error=") || p.starts_with("state="));
    let (status, text) = if is_redirect {
        let _ = sender.try_send(format!("{}?{query}", uri.path()));
        (
            StatusCode::OK,
            "okta-harness received the authorization. You can close this window and return to the terminal.",
        )
    } else {
        (
            StatusCode::NOT_FOUND,
            "Not the redirect okta-harness is waiting for.",
        )
    };
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects() {
        let (addr, path) = loopback_redirect("http://127.0.0.1:8765/callback").unwrap();
        assert_eq!(
            (addr.to_string().as_str(), path.as_str()),
            ("127.0.0.1:8765", "/callback")
        );
        assert_eq!(
            loopback_redirect("http://localhost:9/cb")
                .unwrap()
                .0
                .to_string(),
            "127.0.0.1:9"
        );
        assert!(loopback_redirect("http://[::1]:9/cb").is_some());
        for other in [
            "https://127.0.0.1:8765/cb",
            "http://example.com/cb",
            "http://10.0.0.1/cb",
        ] {
            assert!(loopback_redirect(other).is_none(), "{other}");
        }
    }

    #[test]
    fn only_redirects_with_a_location_count() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::LOCATION,
            HeaderValue::from_static("http://127.0.0.1:8765/cb?code=1&state=2"),
        );
        assert_eq!(
            redirect_location(StatusCode::FOUND, &headers, b"").unwrap(),
            "http://127.0.0.1:8765/cb?code=1&state=2"
        );
        let error = redirect_location(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            b"{\"error\":\"invalid_client\"}",
        )
        .unwrap_err();
        assert!(
            error.contains("400") && error.contains("invalid_client"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn the_listener_returns_the_redirect_and_answers_the_browser() {
        let listener = RedirectListener::bind("http://127.0.0.1:0/callback")
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let waiting = tokio::spawn(listener.next_redirect());
        let get = |path: &'static str| async move {
            let stream = TcpStream::connect(addr).await.unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(connection);
            let request = Request::get(path)
                .header(header::HOST, "127.0.0.1")
                .body(Empty::<Bytes>::new())
                .unwrap();
            sender.send_request(request).await.unwrap().status()
        };
        assert_eq!(get("/favicon.ico").await, StatusCode::NOT_FOUND);
        assert_eq!(get("/callback?code=abc&state=xyz").await, StatusCode::OK);
        assert_eq!(
            waiting.await.unwrap().unwrap(),
            "/callback?code=abc&state=xyz"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_redirect_wins_and_a_silence_times_out() {
        let limit = Duration::from_secs(300);
        let pasted = async { Some("/callback?code=1&state=2".to_owned()) };
        assert_eq!(
            first_redirect(None, pasted, limit).await.unwrap(),
            "/callback?code=1&state=2"
        );
        // Stdin closed without a line: a person may still come back through the browser, until the limit.
        let closed = first_redirect(None, async { None }, limit).await;
        assert_eq!(closed, Err(WaitError::TimedOut(limit)));
        assert_eq!(closed.unwrap_err().to_string(), "no redirect within 300 s");
    }
}
