//! Running a webhook trigger as a platform does (`okta-harness listen`): a local HTTP listener, the trigger
//! deployed to a public URL that reaches it, every request handed to the component's `handle-webhook` and
//! answered with its response, every payload passed on, and the trigger undeployed when the run stops.
//!
//! Okta verifies the URL *while* `deploy` runs, before the host has the instance state `deploy` returns. A request
//! that arrives then is handed to `handle-webhook` with an empty instance state, as the contract says: the
//! component answers Okta's verification challenge and refuses anything else. Once deployed, every request gets
//! the instance state. Either way the answer is the component's.

use crate::{CallOptions, Connection, DeployOutput, Harness, Outcome, WebhookRequest};
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::convert::Infallible;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, PoisonError, RwLock};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// The largest request body passed to the component; larger ones are answered 413 here. Well above what the
/// component accepts itself, so its own cap is what a sender meets.
const MAX_BODY: usize = 16 << 20;

/// The path of the listener's own URL.
const PATH: &str = "/okta/event-hook";

/// A bound loopback port that will serve a webhook trigger.
pub struct WebhookListener {
    listener: TcpListener,
    addr: SocketAddr,
}

impl WebhookListener {
    /// Listens on `127.0.0.1:port` (`0` picks a free port).
    pub async fn bind(port: u16) -> std::io::Result<WebhookListener> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        Ok(WebhookListener { listener, addr })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/okta/event-hook`: the listener's own URL, a public URL only for an org on this
    /// machine (`okta-harness serve`, which like Okta accepts plain http on loopback only). Any path reaches the
    /// listener.
    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }
}

/// What happened while listening, in order.
#[derive(Debug)]
pub enum ListenEvent {
    /// The trigger is deployed to this URL (its instance state is kept, never shown).
    Deployed { public_url: String },
    /// A request was answered with the component's response; `payload` is what starts a flow (none for a
    /// verification challenge or a refused request).
    Answered {
        method: String,
        status: u16,
        payload: Option<Value>,
    },
    /// `handle-webhook` itself failed (answered 500).
    Failed { method: String, error: String },
    /// The trigger was undeployed.
    Undeployed,
}

/// Why listening ended in error.
#[derive(Debug)]
pub enum ListenError {
    /// `deploy` failed; nothing is left deployed (the component cleans up after itself).
    Deploy(Box<Outcome<DeployOutput>>),
    /// `undeploy` failed at the end.
    Undeploy(Box<Outcome<Option<String>>>),
}

impl fmt::Display for ListenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, error) = match self {
            ListenError::Deploy(outcome) => ("deploy", outcome.err()),
            ListenError::Undeploy(outcome) => ("undeploy", outcome.err()),
        };
        match error {
            Some(error) => write!(f, "{what} failed: {error}"),
            None => write!(f, "{what} failed"),
        }
    }
}

impl std::error::Error for ListenError {}

impl ListenError {
    /// The failed call's error.
    pub fn call_error(&self) -> Option<&crate::CallError> {
        match self {
            ListenError::Deploy(outcome) => outcome.err(),
            ListenError::Undeploy(outcome) => outcome.err(),
        }
    }
}

/// A webhook trigger with its connection and inputs, as a platform holds it.
#[derive(Debug)]
pub struct WebhookTrigger {
    key: String,
    /// The connection; it takes on the connection state `deploy` and `undeploy` return.
    pub connection: Connection,
    inputs: Vec<(String, String)>,
    options: CallOptions,
}

/// What a run of [`WebhookTrigger::listen`] saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListenSummary {
    pub requests: usize,
    pub payloads: usize,
}

/// What the listener's tasks share.
struct Shared {
    harness: Harness,
    key: String,
    inputs: Vec<(String, String)>,
    options: CallOptions,
    /// Empty until `deploy` returned.
    instance: RwLock<String>,
    events: mpsc::UnboundedSender<ListenEvent>,
}

impl WebhookTrigger {
    pub fn new<K: Into<String>, V: Into<String>>(
        key: &str,
        connection: Connection,
        inputs: impl IntoIterator<Item = (K, V)>,
        options: impl Into<CallOptions>,
    ) -> WebhookTrigger {
        WebhookTrigger {
            key: key.to_owned(),
            connection,
            inputs: inputs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            options: options.into(),
        }
    }

    /// Serves `listener`, deploys the trigger to `public_url` (which must reach the listener), reports what happens
    /// to `on_event` until `stop` completes, then undeploys. A stop that comes during `deploy` takes effect once
    /// it returned, so a deployed trigger is always undeployed.
    pub async fn listen(
        &mut self,
        harness: &Harness,
        listener: WebhookListener,
        public_url: &str,
        stop: impl Future<Output = ()>,
        mut on_event: impl FnMut(ListenEvent),
    ) -> Result<ListenSummary, ListenError> {
        let (events, mut received) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            harness: harness.clone(),
            key: self.key.clone(),
            inputs: self.inputs.clone(),
            options: self.options.clone(),
            instance: RwLock::new(String::new()),
            events,
        });
        let server = tokio::spawn(serve(listener.listener, Arc::clone(&shared)));
        let mut summary = ListenSummary::default();
        let mut report = |event: ListenEvent, summary: &mut ListenSummary| {
            match &event {
                ListenEvent::Answered { payload, .. } => {
                    summary.requests += 1;
                    summary.payloads += usize::from(payload.is_some());
                }
                ListenEvent::Failed { .. } => {
                    summary.requests += 1;
                }
                ListenEvent::Deployed { .. } | ListenEvent::Undeployed => {}
            }
            on_event(event);
        };

        let deployed = harness
            .deploy(
                &self.key,
                &self.connection,
                &self.inputs,
                public_url,
                &self.options,
            )
            .await;
        self.connection.remember(&deployed);
        while let Ok(event) = received.try_recv() {
            report(event, &mut summary);
        }
        let instance = match &deployed.result {
            Ok(output) => output.instance_state.clone(),
            Err(_) => {
                server.abort();
                return Err(ListenError::Deploy(Box::new(deployed)));
            }
        };
        *shared
            .instance
            .write()
            .unwrap_or_else(PoisonError::into_inner) = instance.clone();
        report(
            ListenEvent::Deployed {
                public_url: public_url.to_owned(),
            },
            &mut summary,
        );

        let mut stop = std::pin::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => break,
                Some(event) = received.recv() => report(event, &mut summary),
            }
        }

        let undeployed = harness
            .undeploy(
                &self.key,
                &self.connection,
                &self.inputs,
                &instance,
                &self.options,
            )
            .await;
        self.connection.remember(&undeployed);
        server.abort();
        while let Ok(event) = received.try_recv() {
            report(event, &mut summary);
        }
        if undeployed.result.is_err() {
            return Err(ListenError::Undeploy(Box::new(undeployed)));
        }
        report(ListenEvent::Undeployed, &mut summary);
        Ok(summary)
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // A failed accept (a peer that reset, too many open files) must not stop the listener.
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let service = service_fn(move |request| answer(Arc::clone(&shared), request));
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Hands one request to `handle-webhook` and answers with its response.
async fn answer(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let method = parts.method.to_string();
    let Ok(body) = Limited::new(body, MAX_BODY).collect().await else {
        return Ok(plain(StatusCode::PAYLOAD_TOO_LARGE));
    };
    let request = WebhookRequest {
        method: method.clone(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body: body.to_bytes().to_vec(),
    };
    let instance = shared
        .instance
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let outcome = shared
        .harness
        .handle_webhook(
            &shared.key,
            &shared.inputs,
            &instance,
            &request,
            &shared.options,
        )
        .await;
    let (response, event) = match outcome.result {
        Ok(output) => {
            let response = build(&output.response);
            let event = ListenEvent::Answered {
                method,
                status: response.status().as_u16(),
                payload: output.payload,
            };
            (response, event)
        }
        Err(error) => (
            plain(StatusCode::INTERNAL_SERVER_ERROR),
            ListenEvent::Failed {
                method,
                error: error.to_string(),
            },
        ),
    };
    let _ = shared.events.send(event);
    Ok(response)
}

/// The component's response as HTTP; one it cannot be (a bad status or header) is a 500.
fn build(response: &crate::WebhookResponse) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Full::new(Bytes::from(response.body.clone())))
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR))
}

fn plain(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}
