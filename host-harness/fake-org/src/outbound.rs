//! The calls the org makes to event hook URLs, and the seam through which they leave it.
//!
//! The org is pure request → reply logic with no sockets, so it cannot call a URL itself. It
//! describes each call as a [`HookCall`] and hands it to the [`HookSender`] its host installed
//! ([`FakeOrg::set_hook_sender`](crate::FakeOrg::set_hook_sender)):
//!
//! - **Verification** (`POST /api/v1/eventHooks/{id}/lifecycle/verify`) needs the answer before the
//!   org can reply, so it is a blocking [`HookSender::call`]. The org makes it *without holding its
//!   lock*: the verify handler leaves the call with the org and the request is parked; `handle`
//!   releases the lock, makes the call (and Okta's one retry), takes the lock again and runs the
//!   handler a second time with the verdict. Other requests go on meanwhile, and a hook URL that
//!   points back at the org cannot deadlock it. A host calling [`FakeOrg::handle`] from an async
//!   runtime runs such requests on a blocking thread ([`FakeOrg::calls_out`]
//!   says which).
//! - **Deliveries** need no answer: once a request has recorded System Log events, the org builds
//!   one POST per ACTIVE and VERIFIED hook subscribed to any of them and hands it to
//!   [`HookSender::deliver`] after releasing its lock. Delivery faults ([`DeliveryFault`]) can
//!   duplicate, delay or hold back (reorder) them first.
//!
//! Without a sender, the org is an org without a network: no URL answers its verification, and
//! deliveries are only recorded ([`FakeOrg::deliveries`]).
//!
//! [`FakeOrg::handle`]: crate::FakeOrg::handle
//! [`FakeOrg::calls_out`]: crate::FakeOrg::calls_out
//! [`FakeOrg::deliveries`]: crate::FakeOrg::deliveries

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Method;
use serde_json::Value;

use crate::event_hooks::delivery;
use crate::org::Org;
use crate::time::Timestamp;

/// How long Okta waits for a hook's answer, to a verification or a delivery.
pub const HOOK_TIMEOUT: Duration = Duration::from_secs(3);

/// One HTTP call from the org to an event hook's URL.
#[derive(Clone, PartialEq, Eq)]
pub struct HookCall {
    /// The hook (`who…`) the call is for.
    pub hook_id: String,
    /// `GET` for a verification, `POST` for a delivery.
    pub method: Method,
    /// The hook's `channel.config.uri`.
    pub url: String,
    /// Header names in lower case: `accept`, `content-type` (POST), the verification challenge
    /// (GET), the hook's custom headers and its auth header (a secret: `Debug` hides its value).
    pub headers: Vec<(String, String)>,
    /// The delivery's envelope (empty for a verification).
    pub body: Bytes,
    /// How long to wait for the answer.
    pub timeout: Duration,
    /// How long to wait before sending (a [`DeliveryFault::Delay`]; zero otherwise).
    pub delay: Duration,
    /// The name of the header that carries the hook's secret (`authScheme.key`), if it has one.
    pub auth_header: Option<String>,
}

impl HookCall {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON (`Null` when empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_default()
    }

    /// The `uuid`s of a delivery's events (`data.events[].uuid`), in order.
    pub fn event_uuids(&self) -> Vec<String> {
        let body = self.json();
        body["data"]["events"]
            .as_array()
            .map(|events| {
                events
                    .iter()
                    .filter_map(|event| event["uuid"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl fmt::Debug for HookCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = |name: &str| {
            self.auth_header
                .as_deref()
                .is_some_and(|auth| auth.eq_ignore_ascii_case(name))
        };
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if secret(name) { "***" } else { value.as_str() };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("HookCall")
            .field("hook_id", &self.hook_id)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("timeout", &self.timeout)
            .field("delay", &self.delay)
            .finish()
    }
}

/// What came back from one attempt of a [`HookCall`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HookAnswer {
    Answered {
        status: u16,
        /// Header names in lower case.
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    /// No answer: the connection was refused or reset, or the timeout passed; and why.
    Failed(String),
}

impl HookAnswer {
    /// Whether Okta tries once more: on no answer (a timeout) or a 5xx, never on a 4xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            HookAnswer::Answered { status, .. } => *status >= 500,
            HookAnswer::Failed(_) => true,
        }
    }
}

/// What makes the org's calls to hook URLs: supplied by its host (the harness sends them over
/// HTTP; a test may script the answers).
pub trait HookSender: Send + Sync {
    /// One attempt of `call`, waiting for the answer at most `call.timeout`. Blocks the calling
    /// thread: the org calls it, with no lock held, from the thread that called `handle`.
    fn call(&self, call: &HookCall) -> HookAnswer;

    /// Sends a delivery without waiting for it: after `call.delay`, one attempt, and a second one
    /// when the first [`HookAnswer::is_retryable`] (Okta's policy). Must not block.
    fn deliver(&self, call: HookCall);
}

/// What can happen to a delivery on its way, injected with
/// [`FakeOrg::inject_delivery_fault`](crate::FakeOrg::inject_delivery_fault). Okta's delivery is
/// at least once and may be out of order; these make that happen on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryFault {
    /// Sent twice, identical (same `eventId`, same event `uuid`s).
    Duplicate,
    /// Sent after this long.
    Delay(Duration),
    /// Held back until the org hands over its next delivery, then sent right after it: the two
    /// arrive in the opposite order.
    HoldBack,
}

/// The org's side of the seam: the sender, which log events were already considered, the
/// injected delivery faults and every delivery handed over so far.
#[derive(Default)]
pub(crate) struct Outbox {
    sender: Option<Arc<dyn HookSender>>,
    /// The sequence number of the last System Log event considered for delivery.
    seen: u64,
    faults: Vec<(DeliveryFault, u32)>,
    held: Vec<HookCall>,
    handed: Vec<HookCall>,
    /// Counts deliveries, for their `eventId`s.
    made: u64,
}

impl Outbox {
    /// An outbox that delivers only what is recorded after `seen` (not the seeded history).
    pub(crate) fn after(seen: u64) -> Outbox {
        Outbox {
            seen,
            ..Outbox::default()
        }
    }

    pub(crate) fn set_sender(&mut self, sender: Arc<dyn HookSender>) {
        self.sender = Some(sender);
    }

    pub(crate) fn sender(&self) -> Option<Arc<dyn HookSender>> {
        self.sender.clone()
    }

    pub(crate) fn inject(&mut self, fault: DeliveryFault, times: u32) {
        if times > 0 {
            self.faults.push((fault, times));
        }
    }

    pub(crate) fn handed(&self) -> Vec<HookCall> {
        self.handed.clone()
    }

    /// The deliveries the events recorded since the last look call for, faults applied, in the
    /// order to hand them over. They are recorded as handed over.
    pub(crate) fn collect(&mut self, org: &Org, now: Timestamp) -> Vec<HookCall> {
        let fresh = crate::logs::recorded_after(org, self.seen);
        self.seen = org.log.last_seq();
        let mut out = Vec::new();
        for mut call in delivery::calls(org, &fresh, now, &mut self.made) {
            match self.take_fault() {
                None => out.push(call),
                Some(DeliveryFault::Duplicate) => {
                    out.push(call.clone());
                    out.push(call);
                }
                Some(DeliveryFault::Delay(wait)) => {
                    call.delay = wait;
                    out.push(call);
                }
                Some(DeliveryFault::HoldBack) => {
                    self.held.push(call);
                    continue;
                }
            }
            // Whatever was held back goes right after the next delivery (even one of this batch).
            out.append(&mut self.held);
        }
        self.handed.extend(out.iter().cloned());
        out
    }

    /// Uses up one application of the oldest fault.
    fn take_fault(&mut self) -> Option<DeliveryFault> {
        let (fault, times) = self.faults.first_mut()?;
        let fault = *fault;
        *times -= 1;
        if *times == 0 {
            self.faults.remove(0);
        }
        Some(fault)
    }
}

/// Hands deliveries to the sender (none: they stay recorded only).
pub(crate) fn hand_over(sender: Option<Arc<dyn HookSender>>, calls: Vec<HookCall>) {
    if let Some(sender) = sender {
        for call in calls {
            sender.deliver(call);
        }
    }
}
