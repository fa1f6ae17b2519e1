//! The authorization server's error body, the spec's `OAuthError` `{error, error_description}`, and
//! the headers every `/oauth2/v1/token` answer carries.
//!
//! Wording: the spec's examples where it has one (`invalid_grant`, `unsupported_grant_type`,
//! `invalid_scope` "No scopes were requested.", `invalid_client` "No client credentials found"),
//! the recordings for DPoP (`invalid_dpop_proof` "The DPoP proof JWT header is missing.",
//! `use_dpop_nonce` "Authorization server requires nonce in DPoP proof."), and messages reported
//! from real orgs in SDK issues ("The client_assertion JWT kid is invalid.", "The audience claim for
//! client_assertion must be the endpoint invoked for the request.", "'htu' claim in the DPoP proof
//! JWT is invalid.", "DPoP proof JWT cannot be parsed."). The rest follow the same style.

use http::StatusCode;

use super::super::json::Object;
use super::super::reply::Reply;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) error: &'static str,
    pub(crate) description: String,
    /// A `DPoP-Nonce` to send along (the `use_dpop_nonce` challenge).
    pub(crate) nonce: Option<String>,
}

impl OAuthError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            status,
            error,
            description: description.into(),
            nonce: None,
        }
    }

    pub(crate) fn bad_request(error: &'static str, description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, description)
    }

    pub(crate) fn invalid_request(description: impl Into<String>) -> Self {
        Self::bad_request("invalid_request", description)
    }

    /// 401 `invalid_client`: the client could not be authenticated.
    pub(crate) fn invalid_client(description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
    }

    pub(crate) fn invalid_grant(description: impl Into<String>) -> Self {
        Self::bad_request("invalid_grant", description)
    }

    pub(crate) fn invalid_scope(description: impl Into<String>) -> Self {
        Self::bad_request("invalid_scope", description)
    }

    pub(crate) fn invalid_dpop_proof(description: impl Into<String>) -> Self {
        Self::bad_request("invalid_dpop_proof", description)
    }

    /// The spec's `OAuthError400InvalidGrant_InvalidAuthCode`.
    pub(crate) fn bad_code() -> Self {
        Self::invalid_grant("The authorization code is invalid or has expired.")
    }

    /// The spec's `OAuthError400InvalidGrant_MismatchedClient`.
    pub(crate) fn other_client() -> Self {
        Self::invalid_grant(
            "The grant was issued to another client. Ensure that the `client_id` matches the one \
             used at the authorize request.",
        )
    }

    /// The recorded answer to a token request without a nonce: 400 and a `DPoP-Nonce` header.
    pub(crate) fn use_dpop_nonce(nonce: String) -> Self {
        OAuthError {
            nonce: Some(nonce),
            ..Self::bad_request(
                "use_dpop_nonce",
                "Authorization server requires nonce in DPoP proof.",
            )
        }
    }

    /// The JSON answer with the token endpoint's headers.
    pub(crate) fn reply(&self) -> Reply {
        let mut reply = no_store(Reply::json_bytes(self.status, self.body()));
        if let Some(nonce) = &self.nonce {
            reply = reply.with_header("dpop-nonce", nonce.clone());
        }
        reply
    }

    pub(crate) fn body(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.description.len());
        let mut body = Object::new(&mut out);
        body.str("error", self.error)
            .str("error_description", &self.description);
        body.end();
        out
    }
}

/// The caching headers of every recorded `/oauth2/v1/token` answer.
pub(crate) fn no_store(reply: Reply) -> Reply {
    reply
        .with_header("cache-control", "no-cache, no-store".to_owned())
        .with_header("pragma", "no-cache".to_owned())
        .with_header("expires", "0".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_recorded_shape() {
        let error = OAuthError::invalid_dpop_proof("The DPoP proof JWT header is missing.");
        assert_eq!(
            String::from_utf8(error.body()).unwrap(),
            r#"{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT header is missing."}"#
        );
        let challenge = OAuthError::use_dpop_nonce("n-1".to_owned()).reply();
        assert_eq!(challenge.status, StatusCode::BAD_REQUEST);
        assert!(
            challenge
                .headers
                .contains(&("dpop-nonce", "n-1".to_owned()))
        );
        assert!(
            challenge
                .headers
                .contains(&("cache-control", "no-cache, no-store".to_owned()))
        );
    }
}
