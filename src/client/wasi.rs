//! The only code that touches `wasi:http`: one blocking exchange with a deadline, over WASI 0.2 imports.
//!
//! The deadline is enforced here, by polling the response (and then the body stream) together with a
//! monotonic-clock timer, so it holds on any host; the same limits are also passed to the host as
//! `request-options` where it honours them.

use std::time::Duration;

use wasip2::clocks::monotonic_clock;
use wasip2::http::outgoing_handler;
use wasip2::http::types::{
    ErrorCode, Fields, IncomingBody, Method as WasiMethod, OutgoingBody, OutgoingRequest,
    RequestOptions, Scheme,
};
use wasip2::io::poll::{Pollable, poll};
use wasip2::io::streams::StreamError;

use super::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// A response larger than this is refused (a typed error naming the cap) rather than exhausting the
/// instance's memory: an answer is held whole while it is read and passed on.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// `Transport` over the host's `wasi:http/outgoing-handler`.
pub struct WasiTransport;

impl Transport for WasiTransport {
    fn send(
        &self,
        request: &HttpRequest,
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError> {
        let deadline = monotonic_clock::now().saturating_add(nanos(timeout));
        exchange(request, timeout, deadline)
    }

    fn sleep(&self, duration: Duration) {
        if !duration.is_zero() {
            monotonic_clock::subscribe_duration(nanos(duration)).block();
        }
    }

    fn random_u64(&self) -> u64 {
        wasip2::random::random::get_random_u64()
    }

    fn now_unix(&self) -> u64 {
        wasip2::clocks::wall_clock::now().seconds
    }

    fn monotonic(&self) -> Duration {
        Duration::from_nanos(monotonic_clock::now())
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

fn exchange(
    request: &HttpRequest,
    timeout: Duration,
    deadline: u64,
) -> Result<HttpResponse, TransportError> {
    let outgoing = build_request(request)?;
    let body = outgoing
        .body()
        .map_err(|()| broken("the request body was already taken"))?;
    let options = RequestOptions::new();
    // Hosts may refuse to honour some options; the deadline below holds regardless.
    let _ = options.set_connect_timeout(Some(nanos(timeout)));
    let _ = options.set_first_byte_timeout(Some(nanos(timeout)));
    let _ = options.set_between_bytes_timeout(Some(nanos(timeout)));
    // The request is handed over before its body is written: a host streams the body to the server as it
    // arrives and buffers only a little of it, so writing first would wait forever for room.
    let future = outgoing_handler::handle(outgoing, Some(options)).map_err(classify)?;
    if let Err(failure) = write_body(&body, &request.body, deadline) {
        // A host that failed the request closes the body stream; its own error says why.
        return Err(match future.get() {
            Some(Ok(Err(code))) => classify(code),
            _ => failure,
        });
    }
    OutgoingBody::finish(body, None).map_err(classify)?;

    let response = loop {
        match future.get() {
            Some(Ok(Ok(response))) => break response,
            Some(Ok(Err(code))) => return Err(classify(code)),
            Some(Err(())) => return Err(broken("the response was already taken")),
            None => wait(&future.subscribe(), deadline)?,
        }
    };
    let status = response.status();
    let headers = response
        .headers()
        .entries()
        .into_iter()
        .map(|(name, value)| (name, String::from_utf8_lossy(&value).into_owned()))
        .collect();
    let incoming = response
        .consume()
        .map_err(|()| broken("the response body was already taken"))?;
    let body = read_body(&incoming, deadline)?;
    drop(IncomingBody::finish(incoming));
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn build_request(request: &HttpRequest) -> Result<OutgoingRequest, TransportError> {
    let rest = request
        .url
        .strip_prefix("https://")
        .ok_or_else(|| TransportError::Connect("only https URLs are sent".to_string()))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let entries: Vec<(String, Vec<u8>)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), v.clone().into_bytes()))
        .collect();
    let fields = Fields::from_list(&entries)
        .map_err(|e| TransportError::Refused(format!("the host refused a header: {e:?}")))?;
    let outgoing = OutgoingRequest::new(fields);
    let refused =
        |what: &str| TransportError::Refused(format!("the host refused the request's {what}"));
    outgoing
        .set_method(&wasi_method(request.method))
        .map_err(|()| refused("method"))?;
    outgoing
        .set_scheme(Some(&Scheme::Https))
        .map_err(|()| refused("scheme"))?;
    outgoing
        .set_authority(Some(authority))
        .map_err(|()| refused("authority"))?;
    outgoing
        .set_path_with_query(Some(path))
        .map_err(|()| refused("path"))?;
    Ok(outgoing)
}

fn wasi_method(method: Method) -> WasiMethod {
    match method {
        Method::Get => WasiMethod::Get,
        Method::Post => WasiMethod::Post,
        Method::Put => WasiMethod::Put,
        Method::Delete => WasiMethod::Delete,
        Method::Patch => WasiMethod::Patch,
        Method::Head => WasiMethod::Head,
    }
}

/// Writes the whole body as the host makes room for it (`check-write`), then flushes, all under the
/// request's deadline. The stream is dropped on return, as `outgoing-body.finish` requires.
fn write_body(body: &OutgoingBody, bytes: &[u8], deadline: u64) -> Result<(), TransportError> {
    if bytes.is_empty() {
        return Ok(());
    }
    let stream = body
        .write()
        .map_err(|()| broken("the request body stream was already taken"))?;
    let failed = |e: StreamError| broken(&format!("writing the request body: {}", stream_error(e)));
    let mut rest = bytes;
    while !rest.is_empty() {
        let room = stream.check_write().map_err(failed)?;
        if room == 0 {
            wait(&stream.subscribe(), deadline)?;
            continue;
        }
        let n = usize::try_from(room).unwrap_or(usize::MAX).min(rest.len());
        stream.write(&rest[..n]).map_err(failed)?;
        rest = &rest[n..];
    }
    stream.flush().map_err(failed)?;
    // A flush is complete once the stream accepts writes again.
    while stream.check_write().map_err(failed)? == 0 {
        wait(&stream.subscribe(), deadline)?;
    }
    Ok(())
}

fn stream_error(error: StreamError) -> String {
    match error {
        StreamError::Closed => "the host closed the stream".to_string(),
        StreamError::LastOperationFailed(e) => e.to_debug_string(),
    }
}

fn read_body(incoming: &IncomingBody, deadline: u64) -> Result<Vec<u8>, TransportError> {
    let stream = incoming
        .stream()
        .map_err(|()| broken("the response body stream was already taken"))?;
    let mut body = Vec::new();
    loop {
        match stream.read(64 * 1024) {
            Ok(chunk) if chunk.is_empty() => wait(&stream.subscribe(), deadline)?,
            Ok(chunk) => {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_BODY {
                    return Err(TransportError::TooLarge(format!(
                        "the answer is larger than the component reads ({} MiB)",
                        MAX_BODY >> 20
                    )));
                }
            }
            Err(StreamError::Closed) => return Ok(body),
            Err(StreamError::LastOperationFailed(e)) => {
                return Err(broken(&format!(
                    "reading the response body: {}",
                    e.to_debug_string()
                )));
            }
        }
    }
}

/// Blocks until `ready` fires or the deadline passes.
fn wait(ready: &Pollable, deadline: u64) -> Result<(), TransportError> {
    let timer = monotonic_clock::subscribe_instant(deadline);
    let fired = poll(&[ready, &timer]);
    if fired.contains(&0) {
        Ok(())
    } else {
        Err(TransportError::Timeout)
    }
}

fn broken(detail: &str) -> TransportError {
    TransportError::Broken(detail.to_string())
}

/// Sorts a wasi-http error by what it means for a retry: never reached the server, timed out, or broken.
fn classify(code: ErrorCode) -> TransportError {
    match code {
        ErrorCode::ConnectionReadTimeout
        | ErrorCode::ConnectionWriteTimeout
        | ErrorCode::HttpResponseTimeout => TransportError::Timeout,
        ErrorCode::DnsTimeout
        | ErrorCode::DnsError(_)
        | ErrorCode::DestinationNotFound
        | ErrorCode::DestinationUnavailable
        | ErrorCode::DestinationIpProhibited
        | ErrorCode::DestinationIpUnroutable
        | ErrorCode::ConnectionRefused
        | ErrorCode::ConnectionTimeout
        | ErrorCode::ConnectionLimitReached
        | ErrorCode::TlsProtocolError
        | ErrorCode::TlsCertificateError
        | ErrorCode::TlsAlertReceived(_)
        | ErrorCode::HttpRequestDenied => TransportError::Connect(format!("{code:?}")),
        ErrorCode::HttpRequestHeaderSize(_)
        | ErrorCode::HttpRequestHeaderSectionSize(_)
        | ErrorCode::HttpRequestUriInvalid
        | ErrorCode::HttpRequestUriTooLong
        | ErrorCode::HttpRequestMethodInvalid => TransportError::Refused(format!("{code:?}")),
        other => TransportError::Broken(format!("{other:?}")),
    }
}
