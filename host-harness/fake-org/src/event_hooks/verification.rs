//! `POST /api/v1/eventHooks/{id}/lifecycle/verify`: Okta sends the hook's URL a one-time GET
//! with `x-okta-verification-challenge` (plus the hook's custom and auth headers) and expects,
//! within 3 s, a 200 whose JSON body is `{"verification": "<the challenge>"}`; it tries once
//! more if not. Anything else fails with 400 E0000001 "Api validation failed: eventHook" (Okta
//! support article "Unable to verify event hook").
//!
//! The handler runs twice (see [`crate::outbound`]): the first run leaves the challenge call with
//! the org, which `FakeOrg::handle` makes without its lock; the second run reads the verdict.

use std::time::Duration;

use bytes::Bytes;
use http::Method;
use serde_json::Value;

use super::delivery::channel_headers;
use super::respond;
use crate::errors::ApiError;
use crate::org::Org;
use crate::outbound::{HOOK_TIMEOUT, HookAnswer, HookCall, HookSender};
use crate::reply::Reply;
use crate::request::ApiRequest;

/// The header that carries the challenge.
pub(crate) const CHALLENGE_HEADER: &str = "x-okta-verification-challenge";
/// Okta's attempts: the first and one retry.
const ATTEMPTS: usize = 2;

/// How a verification went: `Ok`, or why it failed.
pub(crate) type Verdict = Result<(), String>;

/// What passes between the verify handler's two runs (kept in the org, which is all a handler sees).
#[derive(Debug, Default)]
pub(crate) struct Challenges {
    /// The challenge call a verify request is waiting for.
    asked: Option<HookCall>,
    /// The hook and verdict of that call, for the handler's second run.
    verdict: Option<(String, Verdict)>,
}

impl Challenges {
    /// The call the current request left to make before it can be answered, if any.
    pub(crate) fn take_asked(&mut self) -> Option<HookCall> {
        self.asked.take()
    }

    pub(crate) fn set_verdict(&mut self, hook_id: &str, verdict: Verdict) {
        self.verdict = Some((hook_id.to_owned(), verdict));
    }

    /// The verdict on `hook_id`'s challenge, once (any other hook's is dropped).
    fn take_verdict(&mut self, hook_id: &str) -> Option<Verdict> {
        match self.verdict.take() {
            Some((id, verdict)) if id == hook_id => Some(verdict),
            _ => None,
        }
    }
}

pub(super) fn verify(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let id = &params[0];
    let Some(hook) = org.hooks.get(id) else {
        return Err(ApiError::not_found(id, "EventHook"));
    };
    let (id, name) = (hook.id.clone(), hook.name.clone());
    match org.challenges.take_verdict(&id) {
        None => {
            let challenge = org.ids.token(32);
            let call = challenge_call(org, &id, &challenge);
            org.challenges.asked = Some(call);
            // Never answered: `handle` parks the request and runs this handler again.
            Ok(Reply::no_content())
        }
        Some(Ok(())) => {
            if let Some(hook) = org.hooks.get_mut(&id) {
                hook.verified = true;
                hook.last_updated = req.now;
            }
            respond(org, req, &id)
        }
        Some(Err(_)) => Err(ApiError::validation("eventHook").with_cause(format!(
            "Unable to verify event hook. Hook {name} execution failed"
        ))),
    }
}

fn challenge_call(org: &Org, id: &str, challenge: &str) -> HookCall {
    let mut headers = vec![
        ("accept".to_owned(), "application/json".to_owned()),
        (CHALLENGE_HEADER.to_owned(), challenge.to_owned()),
    ];
    let hook = org.hooks.get(id);
    headers.extend(hook.map(channel_headers).unwrap_or_default());
    HookCall {
        hook_id: id.to_owned(),
        method: Method::GET,
        url: hook.map(|h| h.channel.uri.clone()).unwrap_or_default(),
        headers,
        body: Bytes::new(),
        timeout: HOOK_TIMEOUT,
        delay: Duration::ZERO,
        auth_header: hook.and_then(|h| h.channel.auth.as_ref().map(|a| a.key.to_lowercase())),
    }
}

/// Makes the challenge call through `sender` (none: nothing answers), retrying once.
pub(crate) fn attempt(sender: Option<&dyn HookSender>, call: &HookCall) -> Verdict {
    let Some(sender) = sender else {
        return Err("the org has no network to reach the hook's URL".to_owned());
    };
    let mut verdict = Err(String::new());
    for _ in 0..ATTEMPTS {
        verdict = judge(call, &sender.call(call));
        if verdict.is_ok() {
            break;
        }
    }
    verdict
}

/// Whether `answer` meets the challenge `call` carried.
pub(crate) fn judge(call: &HookCall, answer: &HookAnswer) -> Verdict {
    let expected = call.header(CHALLENGE_HEADER).unwrap_or_default();
    match answer {
        HookAnswer::Failed(why) => Err(why.clone()),
        HookAnswer::Answered {
            status: 200, body, ..
        } => {
            let value: Value =
                serde_json::from_slice(body).map_err(|_| "the answer is not JSON".to_owned())?;
            if value.get("verification").and_then(Value::as_str) == Some(expected) {
                Ok(())
            } else {
                Err("the answer does not echo the challenge".to_owned())
            }
        }
        HookAnswer::Answered { status, .. } => Err(format!("the hook answered {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(challenge: &str) -> HookCall {
        HookCall {
            hook_id: "who1".into(),
            method: Method::GET,
            url: "https://example.com".into(),
            headers: vec![(CHALLENGE_HEADER.into(), challenge.into())],
            body: Bytes::new(),
            timeout: HOOK_TIMEOUT,
            delay: Duration::ZERO,
            auth_header: None,
        }
    }

    fn answered(status: u16, body: &str) -> HookAnswer {
        HookAnswer::Answered {
            status,
            headers: vec![],
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn only_the_echoed_challenge_verifies() {
        let c = call("abc");
        assert_eq!(
            judge(&c, &answered(200, r#"{"verification":"abc"}"#)),
            Ok(())
        );
        for wrong in [
            answered(200, r#"{"verification":"abd"}"#),
            answered(200, r#"{"verification":null}"#),
            answered(200, "abc"),
            answered(201, r#"{"verification":"abc"}"#),
            answered(401, ""),
            HookAnswer::Failed("refused".into()),
        ] {
            assert!(judge(&c, &wrong).is_err(), "{wrong:?}");
        }
    }
}
