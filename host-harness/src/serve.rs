//! The fake org over HTTP/1.1 on 127.0.0.1 (`okta-harness serve`), so any Okta client can use it, and so
//! `--base-url` runs go through real sockets.
//!
//! Requests reach [`FakeOrg::handle`] in origin form with their `Host` (and any `X-Forwarded-Proto`) header, from
//! which the fake builds its links. Its `delay` is honoured with a tokio sleep, and a reply without a response
//! closes the connection without answering, as a dropped connection would.

use crate::fake_org::{FakeOrg, FakeOrgConfig};
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;

const FORWARDED_PROTO: &str = "x-forwarded-proto";

/// The largest request body accepted (Okta's own limit is far lower for the API).
const MAX_BODY: usize = 16 << 20;

/// A fake org as `okta-harness serve` serves it: `users` users (default: the sample's), the default OAuth apps
/// (see [`crate::fake_apps`]), its event hooks called over HTTP, `log_events` sign-in events in its System Log
/// besides the sample's, and tokio's clock.
///
/// # Panics
/// Outside a tokio runtime (the hook sender delivers on it).
pub fn org_to_serve(users: Option<usize>, log_events: usize) -> FakeOrg {
    let defaults = FakeOrgConfig::default();
    let org = crate::fake_org_with_oauth_apps(FakeOrgConfig {
        users: users.unwrap_or(defaults.users),
        clock: crate::tokio_clock(),
        ..defaults
    });
    crate::hook_sender::install(&org);
    if log_events > 0 {
        org.add_log_events(log_events);
    }
    org
}

/// A fake org listening on a loopback port.
pub struct FakeServer {
    listener: TcpListener,
    org: FakeOrg,
    addr: SocketAddr,
}

impl FakeServer {
    /// Listens on `127.0.0.1:port` (`0` picks a free port).
    pub async fn bind(org: FakeOrg, port: u16) -> std::io::Result<FakeServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        Ok(FakeServer {
            listener,
            org,
            addr,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `shutdown` completes, each connection on its own task. Connections still open then are
    /// dropped with the runtime.
    pub async fn serve_until(self, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => return Ok(()),
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => serve_connection(self.org.clone(), stream),
                    // A failed accept (a peer that reset, too many open files) must not stop the server.
                    Err(e) => eprintln!("okta-harness serve: accept failed: {e}"),
                },
            }
        }
    }
}

fn serve_connection(org: FakeOrg, stream: tokio::net::TcpStream) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| answer(org.clone(), request));
    tokio::spawn(async move {
        // Errors here are clients going away or the fake dropping the connection on purpose.
        let _ = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .await;
    });
}

/// The error that makes hyper close the connection without a response.
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the fake org dropped the connection")
    }
}

impl std::error::Error for DropConnection {}

async fn answer(
    org: FakeOrg,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    let (mut parts, body) = request.into_parts();
    // This server speaks plain HTTP: unless a proxy in front (or the harness's --base-url route, which sends
    // `https`) says otherwise, links must point back here over http.
    if !parts.headers.contains_key(FORWARDED_PROTO) {
        parts
            .headers
            .insert(FORWARDED_PROTO, HeaderValue::from_static("http"));
    }
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Ok(plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body too large or unreadable",
            ));
        }
    };
    let reply = crate::hook_sender::handle_fake(&org, Request::from_parts(parts, body)).await;
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    match reply.response {
        Some(response) => Ok(response.map(Full::new)),
        None => Err(DropConnection),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}
