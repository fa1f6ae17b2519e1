//! `POST /oauth2/v1/token`: the client credentials, authorization code and refresh token grants.
//!
//! The checks run in this order: the form (`application/x-www-form-urlencoded`, no repeated
//! parameter, a `grant_type`), client authentication (401 `invalid_client`), whether the app may
//! use the grant (400 `unauthorized_client`), DPoP (below), then the grant's own parameters.
//!
//! DPoP: an app that requires it refuses a request without a `DPoP` header (the recorded 400
//! `invalid_dpop_proof` "The DPoP proof JWT header is missing."). Any app accepts a proof, and the
//! token is then bound to the proof's key (`token_type` `DPoP`); without one it is a `Bearer`
//! token. A proof must carry the server's current nonce: the first proof gets the recorded 400
//! `use_dpop_nonce` with a `DPoP-Nonce` header, and every answer to a proof carries that header.
//!
//! Answers have the recorded shape: `{"token_type","expires_in","access_token","scope"}` (plus
//! `refresh_token`), and `Cache-Control: no-cache, no-store`. No ID token is issued even for
//! `openid`: the fake has no signing key whose signature a client could check.

use http::StatusCode;
use http::header::CONTENT_TYPE;

use super::super::json::Object;
use super::super::org::Org;
use super::super::reply::Reply;
use super::super::request::{ApiRequest, Query};
use super::apps::{AUTHORIZATION_CODE, CLIENT_CREDENTIALS, Client, REFRESH_TOKEN};
use super::dpop::{self, Expected, ProofError};
use super::errors::{OAuthError, no_store};
use super::jwt::base64url_sha256;
use super::tokens::{ACCESS_TOKEN_LIFETIME, Grant};
use super::{OAuthServer, TOKEN_PATH, assertion, is_known_scope, is_oidc_scope, split_scopes};

/// What a successful grant hands out.
struct Issued {
    token_type: &'static str,
    access_token: String,
    scopes: Vec<String>,
    refresh_token: Option<String>,
    /// The nonce to announce (in `DPoP-Nonce`) when the request had a proof.
    nonce: Option<String>,
}

/// The route handler.
pub(crate) fn token(server: &mut OAuthServer, org: &mut Org, request: &ApiRequest) -> Reply {
    match grant(server, org, request) {
        Ok(issued) => issued.reply(),
        Err(error) => error.reply(),
    }
}

fn grant(
    server: &mut OAuthServer,
    org: &mut Org,
    request: &ApiRequest,
) -> Result<Issued, OAuthError> {
    let form = read_form(request)?;
    let grant_type = form
        .get("grant_type")
        .filter(|grant| !grant.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("The 'grant_type' parameter is required."))?;
    if ![CLIENT_CREDENTIALS, AUTHORIZATION_CODE, REFRESH_TOKEN].contains(&grant_type) {
        return Err(OAuthError::bad_request(
            "unsupported_grant_type",
            "The grant type in the request isn't supported.",
        ));
    }
    let client_id = assertion::authenticate(server, &form, request)?;
    let client = server
        .clients
        .get(&client_id)
        .cloned()
        .ok_or_else(|| OAuthError::invalid_client("No client credentials found"))?;
    let allowed = client.grant_types();
    if !allowed.contains(&grant_type) {
        return Err(OAuthError::bad_request(
            "unauthorized_client",
            format!(
                "The client is not authorized to use the provided grant type. Configured grant \
                 types: [{}].",
                allowed.join(", ")
            ),
        ));
    }
    let (jkt, nonce) = proof_binding(server, org, &client, request)?;
    let exchange = Exchange {
        client_id: &client_id,
        client: &client,
        form: &form,
        request,
        jkt,
    };
    let mut issued = match grant_type {
        CLIENT_CREDENTIALS => client_credentials(server, org, exchange),
        AUTHORIZATION_CODE => authorization_code(server, org, exchange),
        _ => refresh(server, org, exchange),
    }?;
    issued.nonce = nonce;
    Ok(issued)
}

/// One authenticated token request, as the grants read it.
struct Exchange<'a> {
    client_id: &'a str,
    client: &'a Client,
    form: &'a Query,
    request: &'a ApiRequest,
    /// The thumbprint of the DPoP key the tokens are bound to.
    jkt: Option<String>,
}

/// The form body, refusing another content type and repeated parameters (RFC 6749 section 3.2).
fn read_form(request: &ApiRequest) -> Result<Query, OAuthError> {
    let form_type = request
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_none_or(|value| {
            value.split(';').next().is_some_and(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
    if !form_type {
        return Err(OAuthError::invalid_request(
            "The request must have the content type 'application/x-www-form-urlencoded'.",
        ));
    }
    let form = Query::parse(&String::from_utf8_lossy(&request.body));
    let names: Vec<&str> = form.pairs().map(|(name, _)| name).collect();
    if let Some(repeated) = names
        .iter()
        .enumerate()
        .find(|(at, name)| names[..*at].contains(name))
        .map(|(_, name)| *name)
    {
        return Err(OAuthError::invalid_request(format!(
            "The '{repeated}' parameter was included more than once."
        )));
    }
    Ok(form)
}

/// The DPoP key the token is bound to (and the nonce to announce), or `(None, None)` for a Bearer
/// token.
fn proof_binding(
    server: &mut OAuthServer,
    org: &mut Org,
    client: &Client,
    request: &ApiRequest,
) -> Result<(Option<String>, Option<String>), OAuthError> {
    let now = request.now.epoch_seconds();
    let expected = Expected {
        method: &request.method,
        origin: &request.origin,
        path: TOKEN_PATH,
        access_token: None,
        now,
    };
    let proof = match dpop::verify(&request.headers, &expected) {
        Ok(proof) => proof,
        Err(ProofError::Missing) if !client.require_dpop => return Ok((None, None)),
        Err(error) => return Err(OAuthError::invalid_dpop_proof(error.description())),
    };
    let nonce = server.nonces.current(&mut org.ids, now);
    if !server.nonces.accepts(proof.nonce.as_deref(), now) {
        return Err(OAuthError::use_dpop_nonce(nonce));
    }
    if !server.replays.first_use(&proof, now) {
        return Err(OAuthError::invalid_dpop_proof(
            "'jti' claim in the DPoP proof JWT is invalid.",
        ));
    }
    Ok((Some(proof.jkt), Some(nonce)))
}

fn client_credentials(
    server: &mut OAuthServer,
    org: &mut Org,
    exchange: Exchange<'_>,
) -> Result<Issued, OAuthError> {
    let requested = split_scopes(exchange.form.get("scope").unwrap_or(""));
    if requested.is_empty() {
        return Err(OAuthError::invalid_scope("No scopes were requested."));
    }
    check_known(&requested)?;
    if requested.iter().any(|scope| is_oidc_scope(scope)) {
        return Err(OAuthError::invalid_scope(
            "Client Credentials requests cannot contain OpenID scopes.",
        ));
    }
    let scopes = granted(exchange.client, requested, false)?;
    let grant = Grant {
        client_id: exchange.client_id.to_owned(),
        user: None,
        scopes,
    };
    Ok(issue(server, org, &exchange, grant, false))
}

fn authorization_code(
    server: &mut OAuthServer,
    org: &mut Org,
    exchange: Exchange<'_>,
) -> Result<Issued, OAuthError> {
    let form = exchange.form;
    let code = form
        .get("code")
        .filter(|code| !code.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("The 'code' parameter is required."))?;
    let now = exchange.request.now.epoch_seconds();
    // A code is spent by its client's first attempt, whatever the outcome.
    match server.tokens.code(code) {
        Some(found) if found.grant.client_id != exchange.client_id => {
            return Err(OAuthError::other_client());
        }
        Some(_) => {}
        None => return Err(OAuthError::bad_code()),
    }
    let code = server
        .tokens
        .take_code(code)
        .filter(|code| code.expires_at > now)
        .ok_or_else(OAuthError::bad_code)?;
    if form.get("redirect_uri") != Some(code.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant(
            "The 'redirect_uri' does not match the redirection URI used in the authorization \
             request.",
        ));
    }
    let verifier = form.get("code_verifier");
    let pkce_ok = match (&code.challenge, verifier) {
        (None, None) => true,
        (Some(challenge), Some(verifier)) => {
            valid_verifier(verifier) && base64url_sha256(verifier.as_bytes()) == *challenge
        }
        _ => false,
    };
    if !pkce_ok {
        return Err(OAuthError::invalid_grant("PKCE verification failed."));
    }
    let refresh = exchange.client.allows_refresh_tokens()
        && code.grant.scopes.iter().any(|s| s == "offline_access");
    Ok(issue(server, org, &exchange, code.grant, refresh))
}

fn refresh(
    server: &mut OAuthServer,
    org: &mut Org,
    exchange: Exchange<'_>,
) -> Result<Issued, OAuthError> {
    let form = exchange.form;
    let token = form
        .get("refresh_token")
        .filter(|token| !token.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("The 'refresh_token' parameter is required."))?;
    let invalid = || OAuthError::invalid_grant("The refresh token is invalid or expired.");
    let original = server.tokens.refresh(token).ok_or_else(invalid)?;
    if original.grant.client_id != exchange.client_id {
        return Err(OAuthError::other_client());
    }
    let mut grant = original.grant.clone();
    if let Some(requested) = form.get("scope") {
        let requested = split_scopes(requested);
        if requested.is_empty() || requested.iter().any(|s| !grant.scopes.contains(s)) {
            return Err(OAuthError::invalid_scope(
                "The requested scopes must be a subset of the scopes granted to the refresh token.",
            ));
        }
        grant.scopes = requested;
    }
    // Rotation: the token just used is gone; the next one carries every originally granted scope.
    let original = server.tokens.take_refresh(token).ok_or_else(invalid)?;
    let mut issued = issue(server, org, &exchange, grant, false);
    issued.refresh_token = Some(server.tokens.mint_refresh(&mut org.ids, original.grant));
    Ok(issued)
}

/// Every requested scope must be one the org knows.
fn check_known(requested: &[String]) -> Result<(), OAuthError> {
    if requested.iter().all(|scope| is_known_scope(scope)) {
        Ok(())
    } else {
        Err(OAuthError::invalid_scope(
            "One or more scopes are not configured for the authorization server resource.",
        ))
    }
}

/// The requested scopes the app may have: its granted `okta.*` scopes, and (for the
/// authorization code flow) the OpenID Connect ones, `offline_access` only with refresh tokens.
/// None at all is `consent_required`, as a real org answers.
pub(crate) fn granted(
    client: &Client,
    requested: Vec<String>,
    oidc: bool,
) -> Result<Vec<String>, OAuthError> {
    let scopes: Vec<String> = requested
        .into_iter()
        .filter(|scope| {
            client.is_granted(scope)
                || (oidc
                    && is_oidc_scope(scope)
                    && (scope != "offline_access" || client.allows_refresh_tokens()))
        })
        .collect();
    if scopes.is_empty() {
        return Err(OAuthError::bad_request(
            "consent_required",
            "You are not allowed any of the requested scopes.",
        ));
    }
    Ok(scopes)
}

/// RFC 7636: 43 to 128 characters of `[A-Za-z0-9-._~]`.
fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Mints the access token (and a refresh token if asked) for an exchange.
fn issue(
    server: &mut OAuthServer,
    org: &mut Org,
    exchange: &Exchange<'_>,
    grant: Grant,
    with_refresh: bool,
) -> Issued {
    let request = exchange.request;
    let jkt = exchange.jkt.as_deref();
    let now = request.now.epoch_seconds();
    let access_token = server
        .tokens
        .mint_access(&mut org.ids, &request.origin, &grant, jkt, now);
    let scopes = grant.scopes.clone();
    let refresh_token = with_refresh.then(|| server.tokens.mint_refresh(&mut org.ids, grant));
    Issued {
        token_type: if jkt.is_some() { "DPoP" } else { "Bearer" },
        access_token,
        scopes,
        refresh_token,
        nonce: None,
    }
}

impl Issued {
    fn reply(self) -> Reply {
        let mut out = Vec::with_capacity(1024);
        let mut body = Object::new(&mut out);
        body.str("token_type", self.token_type)
            .value("expires_in", &ACCESS_TOKEN_LIFETIME)
            .str("access_token", &self.access_token)
            .str("scope", &self.scopes.join(" "));
        if let Some(refresh_token) = &self.refresh_token {
            body.str("refresh_token", refresh_token);
        }
        body.end();
        let mut reply = no_store(Reply::json_bytes(StatusCode::OK, out));
        if let Some(nonce) = self.nonce {
            reply = reply.with_header("dpop-nonce", nonce);
        }
        reply
    }
}
