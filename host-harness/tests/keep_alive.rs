//! The harness's outgoing HTTP reuses its connections: a 50-page listing over a base URL opens one connection,
//! over plain HTTP/1.1, over TLS with HTTP/1.1 keep-alive, and over TLS with HTTP/2 when the server offers it.
//! The servers here count the connections they accept; the TLS ones use a certificate made for the test and
//! trusted through [`HarnessBuilder::root_certificate`](okta_harness::HarnessBuilder::root_certificate).

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use okta_harness::fake_org::{FakeOrg, FakeOrgConfig};
use okta_harness::{Connection, Harness, Route};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// A self-signed certificate for 127.0.0.1 and its key, made once per test run.
fn certificate() -> &'static (CertificateDer<'static>, Vec<u8>) {
    static CERT: OnceLock<(CertificateDer<'static>, Vec<u8>)> = OnceLock::new();
    CERT.get_or_init(|| {
        let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
        (made.cert.der().clone(), made.signing_key.serialize_der())
    })
}

/// One harness, trusting the test certificate (its pool is what is measured).
fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        Harness::builder()
            .root_certificate(certificate().0.to_vec())
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// A loopback server for `org`, over TLS offering `alpn` when given: its base URL, the connections it accepted
/// and the protocols they negotiated.
struct Server {
    base_url: String,
    accepted: Arc<AtomicUsize>,
    protocols: Arc<Mutex<Vec<String>>>,
}

async fn server(org: FakeOrg, alpn: Option<&[&str]>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let acceptor = alpn.map(|alpn| {
        let (cert, key) = certificate();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.clone()));
        let mut config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(vec![cert.clone()], key)
            .unwrap();
        config.alpn_protocols = alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
        TlsAcceptor::from(Arc::new(config))
    });
    let scheme = if acceptor.is_some() { "https" } else { "http" };
    let server = Server {
        base_url: format!("{scheme}://{addr}"),
        accepted: Arc::default(),
        protocols: Arc::default(),
    };
    let (accepted, protocols) = (server.accepted.clone(), server.protocols.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            accepted.fetch_add(1, Ordering::SeqCst);
            let (org, acceptor, protocols) = (org.clone(), acceptor.clone(), protocols.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request| answer(org.clone(), request));
                let Some(acceptor) = acceptor else {
                    let io = TokioIo::new(tcp);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                    return;
                };
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let protocol = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
                let protocol = String::from_utf8(protocol.unwrap_or_default()).unwrap();
                protocols.lock().unwrap().push(protocol.clone());
                let io = TokioIo::new(tls);
                let _ = if protocol == "h2" {
                    hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .serve_connection(io, service)
                        .await
                } else {
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await
                };
            });
        }
    });
    server
}

async fn answer(
    org: FakeOrg,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let reply = org.handle(Request::from_parts(parts, body));
    let response = reply.response.expect("no fault is injected");
    Ok(response.map(Full::new))
}

/// 1,000 users (the admin included), read 20 a page: 50 pages.
fn org() -> FakeOrg {
    FakeOrg::new(FakeOrgConfig {
        users: 1_000,
        ..FakeOrgConfig::default()
    })
}

const PAGE: [(&str, &str); 2] = [("limit", "20"), ("search", "id pr")];

/// Streams the listing page by page and checks it read every user once, in 50 pages.
async fn stream_all(org: &FakeOrg, route: &Route) {
    let mut listing = harness()
        .stream_listing("listUsers", Connection::fake(org), &PAGE, route)
        .await
        .unwrap();
    let mut ids = HashSet::new();
    while let Some(user) = listing.next_record().await.unwrap() {
        let user: serde_json::Value = serde_json::from_str(user.get()).unwrap();
        assert!(ids.insert(user["id"].as_str().unwrap().to_owned()));
    }
    assert_eq!(ids.len(), 1_000);
    assert_eq!(listing.pages(), 50);
    assert_eq!(listing.http_calls(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_listing_and_a_fetch_all_over_http_share_one_connection() {
    let org = org();
    let server = server(org.clone(), None).await;
    let route = Route::base_url(&server.base_url).unwrap();
    stream_all(&org, &route).await;
    let inputs = [("fetchAll", "true"), PAGE[0], PAGE[1]];
    let outcome = harness()
        .perform("listUsers", &Connection::fake(&org), &inputs, &route)
        .await;
    let users = outcome.result.unwrap().data();
    assert_eq!(users.as_array().unwrap().len(), 1_000);
    assert_eq!(outcome.http_calls, 50);
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_over_tls_with_http_1_1_keeps_one_connection_alive() {
    let org = org();
    let server = server(org.clone(), Some(&["http/1.1"])).await;
    stream_all(&org, &Route::base_url(&server.base_url).unwrap()).await;
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(*server.protocols.lock().unwrap(), ["http/1.1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_over_tls_uses_http_2_when_the_server_offers_it() {
    let org = org();
    let server = server(org.clone(), Some(&["h2", "http/1.1"])).await;
    stream_all(&org, &Route::base_url(&server.base_url).unwrap()).await;
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(*server.protocols.lock().unwrap(), ["h2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_certificate_is_not_trusted_is_refused() {
    let org = org();
    let server = server(org.clone(), Some(&["http/1.1"])).await;
    let untrusting = Harness::load_default().unwrap();
    let route = Route::base_url(&server.base_url).unwrap();
    let outcome = untrusting
        .perform("listUsers", &Connection::fake(&org), &PAGE, &route)
        .await;
    let error = outcome.result.unwrap_err();
    assert_eq!(error.kind_name(), "transport", "{error}");
}
