//! Client authentication at the token endpoint: `private_key_jwt` (a `client_assertion` signed
//! with one of the app's registered keys), `client_secret_basic` and `client_secret_post`.
//!
//! A client assertion must be signed with an accepted algorithm by the key its `kid` names (with a
//! single registered key the `kid` may be left out; with several it is required, as on a real org:
//! okta-sdk-python #289). Its claims: `iss` = `sub` = the client ID, `aud` = the exact token URL
//! (`{origin}/oauth2/v1/token`), `exp` in the future and at most an hour ahead, `iat` (if present)
//! not in the future, and a `jti` never used before by that client. Every failure is 401
//! `invalid_client`. The `jti` is spent once the signature is verified, even if the request then
//! fails for another reason (a DPoP nonce challenge included): every token request needs a fresh
//! assertion.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::header::AUTHORIZATION;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::super::request::{ApiRequest, Query};
use super::super::secret::same_secret;
use super::apps::Kind;
use super::errors::OAuthError;
use super::jwt::Jws;
use super::{OAuthServer, TOKEN_PATH};

pub(crate) const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Clock skew tolerated on `exp` and `iat`.
const SKEW: i64 = 60;
/// "Okta rejects JWTs that expire more than one hour in the future."
const MAX_LIFETIME: i64 = 3600;
/// Used `jti`s are swept once there are this many.
const SWEEP_AT: usize = 4096;

const UNKNOWN_CLIENT: &str = "Invalid value for the `client_id` parameter";
const BAD_SECRET: &str = "The client secret supplied for a confidential client is invalid.";
const BAD_KID: &str = "The client_assertion JWT kid is invalid.";

/// Authenticates the client of a token request and returns its client ID.
pub(crate) fn authenticate(
    server: &mut OAuthServer,
    form: &Query,
    request: &ApiRequest,
) -> Result<String, OAuthError> {
    let basic = basic_credentials(request)?;
    let secret = form.get("client_secret");
    let assertion = form.get("client_assertion");
    let given = [basic.is_some(), secret.is_some(), assertion.is_some()];
    match given.iter().filter(|given| **given).count() {
        0 => return Err(OAuthError::invalid_client("No client credentials found")),
        1 => {}
        _ => {
            return Err(OAuthError::invalid_request(
                "Can't supply multiple client credentials. Use one of the following: credentials \
                 in the Authorization header, credentials in the post body, or a \
                 `client_assertion` in the post body.",
            ));
        }
    }
    if let Some(assertion) = assertion {
        return private_key_jwt(server, form, request, assertion);
    }
    let (client_id, secret) = match (basic, secret) {
        (Some((id, secret)), _) => (id, secret),
        (None, Some(secret)) => {
            let id = form
                .get("client_id")
                .ok_or_else(|| OAuthError::invalid_client("No client credentials found"))?;
            (id.to_owned(), secret.to_owned())
        }
        (None, None) => return Err(OAuthError::invalid_client("No client credentials found")),
    };
    if form.get("client_id").is_some_and(|id| id != client_id) {
        return Err(OAuthError::invalid_client(UNKNOWN_CLIENT));
    }
    let client = server
        .clients
        .get(&client_id)
        .ok_or_else(|| OAuthError::invalid_client(UNKNOWN_CLIENT))?;
    match &client.kind {
        Kind::Web { secret: own, .. } if same_secret(secret.as_bytes(), own.as_bytes()) => {
            Ok(client_id)
        }
        _ => Err(OAuthError::invalid_client(BAD_SECRET)),
    }
}

/// `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 section 2.3.1).
fn basic_credentials(request: &ApiRequest) -> Result<Option<(String, String)>, OAuthError> {
    let Some((scheme, encoded)) = request
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().split_once(' '))
    else {
        return Ok(None);
    };
    if !scheme.eq_ignore_ascii_case("Basic") {
        return Ok(None);
    }
    let malformed = || OAuthError::invalid_client("No client credentials found");
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let text = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = text.split_once(':').ok_or_else(malformed)?;
    Ok(Some((form_decode(id), form_decode(secret))))
}

fn form_decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn private_key_jwt(
    server: &mut OAuthServer,
    form: &Query,
    request: &ApiRequest,
    assertion: &str,
) -> Result<String, OAuthError> {
    if form.get("client_assertion_type") != Some(JWT_BEARER) {
        return Err(OAuthError::invalid_request(
            "The `client_assertion_type` is invalid.",
        ));
    }
    let invalid = OAuthError::invalid_client;
    let jws =
        Jws::parse(assertion).ok_or_else(|| invalid("The client_assertion JWT is malformed."))?;
    let client_id = match (jws.claim_str("iss"), jws.claim_str("sub")) {
        (Some(iss), Some(sub)) if iss == sub => iss.to_owned(),
        _ => {
            return Err(invalid(
                "The client_assertion JWT 'iss' and 'sub' claims must both be the client_id.",
            ));
        }
    };
    if form.get("client_id").is_some_and(|id| id != client_id) {
        return Err(invalid(UNKNOWN_CLIENT));
    }
    let client = server
        .clients
        .get(&client_id)
        .ok_or_else(|| invalid(UNKNOWN_CLIENT))?;
    let Kind::Service { keys } = &client.kind else {
        return Err(invalid(BAD_KID));
    };
    let alg = jws
        .alg()
        .ok_or_else(|| invalid("The client_assertion JWT alg is not supported."))?;
    let key = match jws.header_str("kid") {
        Some(kid) => keys.iter().find(|key| key.kid.as_deref() == Some(kid)),
        None if keys.len() == 1 => keys.first(),
        None => None,
    }
    .ok_or_else(|| invalid(BAD_KID))?;
    if !jws.verifies(key, alg) {
        return Err(invalid("The client_assertion signature is invalid."));
    }
    let token_url = format!("{}{TOKEN_PATH}", request.origin);
    let audience_ok = match jws.claims.get("aud") {
        Some(Value::String(aud)) => *aud == token_url,
        Some(Value::Array(auds)) => auds.iter().any(|aud| aud.as_str() == Some(&token_url)),
        _ => false,
    };
    if !audience_ok {
        return Err(invalid(
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
        ));
    }
    let now = request.now.epoch_seconds();
    let exp = jws.claim_time("exp").unwrap_or(i64::MIN);
    if exp <= now {
        return Err(invalid("The client_assertion token is expired."));
    }
    if exp > now + MAX_LIFETIME + SKEW {
        return Err(invalid(
            "The client_assertion token has an expiration too far into the future.",
        ));
    }
    if jws.claim_time("iat").is_some_and(|iat| iat > now + SKEW)
        || jws.claim_time("nbf").is_some_and(|nbf| nbf > now + SKEW)
    {
        return Err(invalid(
            "The client_assertion token was issued in the future.",
        ));
    }
    let jti = jws
        .claim_str("jti")
        .filter(|jti| !jti.is_empty())
        .ok_or_else(|| invalid("The client_assertion token must have a 'jti' claim."))?;
    let used = &mut server.assertions;
    if used.len() >= SWEEP_AT {
        used.retain(|_, until| *until > now);
    }
    let key = (client_id.clone(), jti.to_owned());
    if used.get(&key).is_some_and(|until| *until > now) {
        return Err(invalid("The client_assertion token has already been used."));
    }
    used.insert(key, exp);
    Ok(client_id)
}
