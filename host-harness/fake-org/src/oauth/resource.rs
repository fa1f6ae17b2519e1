//! The resource server's side of OAuth: an `/api/v1` request with `Authorization: Bearer …` or
//! `Authorization: DPoP …` (plus a `DPoP` proof).
//!
//! In order: the token must exist, be unexpired and unrevoked, and match the scheme (a DPoP-bound
//! token is not accepted as `Bearer`, RFC 9449 section 7.2, nor a Bearer one as `DPoP`), else 401
//! `invalid_token` with Okta's E0000011 body. A DPoP request needs a valid proof for this request
//! (`htm`, `htu` percent-decoded and without query, `ath`, fresh `iat`, unused `jti`), else 400
//! `invalid_dpop_proof` with an empty body, as okta-sdk-python #541 reports; a proof made with
//! another key than the token's is 401 `invalid_token` (the binding fails, RFC 9449 section 7.1).
//! When the resource server requires a nonce, a proof without the current one is 401
//! `use_dpop_nonce` with a `DPoP-Nonce` header and no body. Finally the token's scopes must cover
//! the operation's (`scopes`), else 403 `insufficient_scope` with an empty body.
//!
//! Every refusal carries `WWW-Authenticate` in the form recorded from real orgs
//! (okta-sdk-golang #145, okta-sdk-nodejs #453, terraform-provider-okta #2375):
//!
//! ```text
//! Bearer authorization_uri="{origin}/oauth2/v1/authorize", realm="{origin}", scope="okta.groups.read",
//!   error="insufficient_scope", error_description="…", resource="/api/v1/groups/…"
//! DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", authorization_uri=…, realm=…, scope=…, error=…, …
//! ```
//!
//! `scope` names what the operation needs (left out where no scope will do), `resource` is the
//! path as sent. The real headers show `realm` as the org's URL, not a name.

use http::StatusCode;

use super::super::errors::ApiError;
use super::super::ids::IdGen;
use super::super::reply::{Body, Reply};
use super::super::request::ApiRequest;
use super::dpop::{self, Expected};
use super::scopes::{self, Required};
use super::{AUTHORIZE_PATH, OAuthServer};

/// Okta's list in the DPoP challenge (the fake verifies all of them but ES512).
const DPOP_ALGS: &str = "RS256 RS384 RS512 ES256 ES384 ES512";

/// How the client presented its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Bearer,
    Dpop,
}

impl Scheme {
    /// `Bearer` or `DPoP` (in any case, as HTTP allows).
    pub(crate) fn parse(name: &str) -> Option<Scheme> {
        if name.eq_ignore_ascii_case("Bearer") {
            Some(Scheme::Bearer)
        } else if name.eq_ignore_ascii_case("DPoP") {
            Some(Scheme::Dpop)
        } else {
            None
        }
    }
}

/// Lets the request through, or answers it with the challenge.
pub(crate) fn authenticate(
    server: &mut OAuthServer,
    ids: &mut IdGen,
    request: &ApiRequest,
    raw_path: &str,
    scheme: Scheme,
    token: &str,
) -> Result<(), Reply> {
    let required = scopes::required(request.method.as_str(), &request.path);
    let challenge = Challenge {
        scheme,
        origin: &request.origin,
        scope: required.and_then(Required::challenge_scope),
        resource: &request.path,
    };
    let now = request.now.epoch_seconds();
    let invalid_token = |ids: &mut IdGen| {
        let error_id = ids.error_id();
        let body = ApiError::invalid_token().body(&error_id);
        Reply::json_bytes(StatusCode::UNAUTHORIZED, body).with_header(
            "www-authenticate",
            challenge.header("invalid_token", "The access token is invalid."),
        )
    };
    let Some(found) = server.tokens.access(token).filter(|t| t.usable(now)) else {
        return Err(invalid_token(ids));
    };
    if found.jkt.is_some() != (scheme == Scheme::Dpop) {
        return Err(invalid_token(ids));
    }
    let granted = found.scopes.clone();
    if let Some(bound) = found.jkt.clone() {
        let expected = Expected {
            method: &request.method,
            origin: &request.origin,
            path: raw_path,
            access_token: Some(token),
            now,
        };
        let proof = match dpop::verify(&request.headers, &expected) {
            Ok(proof) => proof,
            Err(error) => {
                return Err(challenge.empty(
                    StatusCode::BAD_REQUEST,
                    "invalid_dpop_proof",
                    error.description(),
                ));
            }
        };
        if proof.jkt != bound {
            return Err(invalid_token(ids));
        }
        if let Some(nonces) = &mut server.resource_nonces {
            let current = nonces.current(ids, now);
            if !nonces.accepts(proof.nonce.as_deref(), now) {
                return Err(challenge
                    .empty(
                        StatusCode::UNAUTHORIZED,
                        "use_dpop_nonce",
                        "Resource server requires nonce in DPoP proof",
                    )
                    .with_header("dpop-nonce", current));
            }
        }
        if !server.replays.first_use(&proof, now) {
            return Err(challenge.empty(
                StatusCode::BAD_REQUEST,
                "invalid_dpop_proof",
                "'jti' claim in the DPoP proof JWT is invalid.",
            ));
        }
    }
    match required {
        Some(required) if !required.satisfied_by(&granted) => Err(challenge.empty(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "The access token provided does not contain the required scopes.",
        )),
        _ => Ok(()),
    }
}

/// The parts of a `WWW-Authenticate` challenge that do not depend on the error.
struct Challenge<'a> {
    scheme: Scheme,
    origin: &'a str,
    scope: Option<String>,
    resource: &'a str,
}

impl Challenge<'_> {
    fn header(&self, error: &str, description: &str) -> String {
        let mut header = match self.scheme {
            Scheme::Bearer => "Bearer ".to_owned(),
            Scheme::Dpop => format!("DPoP algs=\"{DPOP_ALGS}\", "),
        };
        let mut param = |name: &str, value: &str| {
            if !header.ends_with(' ') {
                header.push_str(", ");
            }
            header.push_str(name);
            header.push_str("=\"");
            header.extend(value.chars().flat_map(|c| {
                let escape = (c == '"' || c == '\\').then_some('\\');
                escape.into_iter().chain(std::iter::once(c))
            }));
            header.push('"');
        };
        param(
            "authorization_uri",
            &format!("{}{AUTHORIZE_PATH}", self.origin),
        );
        param("realm", self.origin);
        if let Some(scope) = &self.scope {
            param("scope", scope);
        }
        param("error", error);
        param("error_description", description);
        param("resource", self.resource);
        header
    }

    /// A refusal without a body (403, the DPoP errors).
    fn empty(&self, status: StatusCode, error: &str, description: &str) -> Reply {
        Reply {
            status,
            body: Body::Empty,
            headers: vec![("www-authenticate", self.header(error, description))],
            from_edge: false,
        }
    }
}
