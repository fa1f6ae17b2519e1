//! The fake org's calls to event hook URLs, made over real HTTP: the harness's [`HookSender`].
//!
//! * **Verification** ([`HookSender::call`]) blocks its caller until the hook answers. The fake org makes it from
//!   the thread that called `FakeOrg::handle` with its lock released; the harness runs such requests on tokio's
//!   blocking pool (`handle_fake`), and the call itself runs on a thread and a small runtime of its own, so it
//!   works whatever thread it is made from and never stalls the runtime that serves the hook.
//! * **Deliveries** ([`HookSender::deliver`]) go to one worker task that sends them in the order the org handed
//!   them over (a held-back delivery thus really arrives after the next one); a delayed delivery gets a task of
//!   its own, so the deliveries after it overtake it. Each gets Okta's retry: once more on no answer or a 5xx.
//!
//! Both use wasmtime's default sender, so `https` URLs (a tunnel) work as well as loopback `http` ones.

use crate::fake_org::{FakeOrg, FakeReply, HookAnswer, HookCall, HookSender};
use bytes::Bytes;
use http::{Request, header};
use http_body_util::{BodyExt, Full, Limited};
use std::convert::Infallible;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use wasmtime_wasi_http::{Error, RequestOptions};

/// The most of a hook's answer that is read (a verification answer is a few bytes).
const MAX_ANSWER: usize = 64 << 10;

/// Sends the fake org's calls to hook URLs over HTTP(S). Install it with [`FakeOrg::set_hook_sender`], or use
/// [`install`].
pub struct HttpHookSender {
    deliveries: mpsc::UnboundedSender<HookCall>,
}

impl HttpHookSender {
    /// A sender whose deliveries run on `runtime`.
    pub fn new(runtime: &Handle) -> Arc<HttpHookSender> {
        let (deliveries, queue) = mpsc::unbounded_channel();
        runtime.spawn(deliver_in_order(queue));
        Arc::new(HttpHookSender { deliveries })
    }
}

/// Makes `org` call its hooks' URLs over HTTP, delivering on the current tokio runtime.
///
/// # Panics
/// Outside a tokio runtime.
pub fn install(org: &FakeOrg) {
    org.set_hook_sender(HttpHookSender::new(&Handle::current()));
}

impl HookSender for HttpHookSender {
    fn call(&self, call: &HookCall) -> HookAnswer {
        let call = call.clone();
        let attempt =
            std::thread::spawn(move || {
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(send(&call)),
                    Err(e) => HookAnswer::Failed(format!("cannot start a runtime: {e}")),
                }
            });
        attempt
            .join()
            .unwrap_or_else(|_| HookAnswer::Failed("the sending thread failed".to_owned()))
    }

    fn deliver(&self, call: HookCall) {
        // The worker ends only when this sender is dropped, so a send cannot fail while `self` lives.
        let _ = self.deliveries.send(call);
    }
}

/// Answers one request from the fake org, on the blocking pool when answering it waits for a hook URL (see
/// [`FakeOrg::calls_out`]).
pub(crate) async fn handle_fake(org: &FakeOrg, request: Request<Bytes>) -> FakeReply {
    if !org.calls_out(request.method(), request.uri().path()) {
        return org.handle(request);
    }
    let blocking = org.clone();
    tokio::task::spawn_blocking(move || blocking.handle(request))
        .await
        .unwrap_or(FakeReply {
            response: None,
            delay: std::time::Duration::ZERO,
        })
}

async fn deliver_in_order(mut queue: mpsc::UnboundedReceiver<HookCall>) {
    while let Some(call) = queue.recv().await {
        if call.delay.is_zero() {
            deliver_once(call).await;
        } else {
            tokio::spawn(async move {
                tokio::time::sleep(call.delay).await;
                deliver_once(call).await;
            });
        }
    }
}

/// One delivery, with Okta's single retry.
async fn deliver_once(call: HookCall) {
    if send(&call).await.is_retryable() {
        send(&call).await;
    }
}

/// One attempt of `call`, within its timeout.
async fn send(call: &HookCall) -> HookAnswer {
    match tokio::time::timeout(call.timeout, exchange(call)).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(why)) => HookAnswer::Failed(why),
        Err(_) => HookAnswer::Failed(format!("no answer within {} s", call.timeout.as_secs_f64())),
    }
}

async fn exchange(call: &HookCall) -> Result<HookAnswer, String> {
    let mut request = Request::builder()
        .method(call.method.clone())
        .uri(&call.url);
    for (name, value) in &call.headers {
        request = request.header(name, value);
    }
    if let Ok(uri) = call.url.parse::<http::Uri>()
        && let Some(authority) = uri.authority()
    {
        request = request.header(header::HOST, authority.as_str());
    }
    let request = request
        .body(Full::new(call.body.clone()).map_err(never))
        .map_err(|e| format!("invalid request: {e}"))?;
    let options = RequestOptions {
        connect_timeout: Some(call.timeout),
        first_byte_timeout: Some(call.timeout),
        between_bytes_timeout: Some(call.timeout),
    };
    let (response, io) = wasmtime_wasi_http::default_send_request(request, Some(options))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(io);
    let (head, body) = response.into_parts();
    let body = Limited::new(body, MAX_ANSWER)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .map_err(|e| format!("the answer could not be read: {e}"))?;
    let headers = head
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    Ok(HookAnswer::Answered {
        status: head.status.as_u16(),
        headers,
        body,
    })
}

fn never(never: Infallible) -> Error {
    match never {}
}
