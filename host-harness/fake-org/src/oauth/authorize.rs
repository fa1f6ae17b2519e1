//! `GET /oauth2/v1/authorize` (and its form-post twin): the browser step of the authorization code
//! flow, without a browser. The fake signs in and consents as the org's admin user at once and
//! answers `302 Location: {redirect_uri}?code=…&state=…`.
//!
//! As OAuth 2.0 says (RFC 6749 section 4.1.2.1), an unknown client or a `redirect_uri` that is not
//! one of the app's is answered right here (400, `{error, error_description}`), never redirected;
//! every other error is redirected with `error`, `error_description` and `state`. The spec marks
//! `client_id`, `response_type`, `scope`, `redirect_uri` and `state` required. PKCE is optional,
//! as for Okta Web apps; when used, `code_challenge_method` must be `S256` (the only method the
//! spec lists), and the token request must then prove it.

use http::StatusCode;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::super::org::Org;
use super::super::reply::{Body, Reply};
use super::super::request::{ApiRequest, Query};
use super::apps::{AUTHORIZATION_CODE, Kind};
use super::errors::{OAuthError, no_store};
use super::token::granted;
use super::tokens::Grant;
use super::{OAuthServer, is_known_scope, split_scopes};

/// What stays unescaped in a query value (RFC 3986 unreserved characters).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The route handler.
pub(crate) fn authorize(server: &mut OAuthServer, org: &mut Org, request: &ApiRequest) -> Reply {
    // GET takes its parameters from the query, POST from the form body.
    let body_form;
    let params = if request.method == http::Method::POST {
        body_form = Query::parse(&String::from_utf8_lossy(&request.body));
        &body_form
    } else {
        &request.query
    };
    let client = params
        .get("client_id")
        .and_then(|id| server.clients.get(id).map(|client| (id, client)));
    let Some((client_id, client)) = client else {
        return error_page(OAuthError::bad_request(
            "invalid_client",
            "Invalid value for the `client_id` parameter",
        ));
    };
    let registered = match &client.kind {
        Kind::Web { redirect_uris, .. } => redirect_uris.as_slice(),
        Kind::Service { .. } => &[],
    };
    let Some(redirect_uri) = params
        .get("redirect_uri")
        .filter(|uri| registered.iter().any(|registered| registered == uri))
    else {
        return error_page(OAuthError::invalid_request(
            "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
        ));
    };
    let state = params.get("state");
    let redirect = |query: Vec<(&str, &str)>| found(redirect_uri, &query);
    let fail = |error: OAuthError| {
        let mut query = vec![
            ("error", error.error),
            ("error_description", error.description.as_str()),
        ];
        query.extend(state.map(|state| ("state", state)));
        redirect(query)
    };
    if !client.grant_types().contains(&AUTHORIZATION_CODE) {
        return fail(OAuthError::bad_request(
            "unauthorized_client",
            "The client is not authorized to use the provided grant type. Configured grant \
             types: [client_credentials].",
        ));
    }
    if params.get("response_type") != Some("code") {
        return fail(OAuthError::bad_request(
            "unsupported_response_type",
            "The response type contained in the request isn't supported.",
        ));
    }
    if params
        .get("response_mode")
        .is_some_and(|mode| mode != "query")
    {
        return fail(OAuthError::bad_request(
            "unsupported_response_mode",
            "The fake org answers with the `query` response mode only.",
        ));
    }
    let Some(state) = state.filter(|state| !state.is_empty()) else {
        return fail(OAuthError::invalid_request(
            "The 'state' parameter is required.",
        ));
    };
    let challenge = match (
        params.get("code_challenge"),
        params.get("code_challenge_method"),
    ) {
        (None, None) => None,
        (Some(challenge), Some("S256")) if is_s256_challenge(challenge) => {
            Some(challenge.to_owned())
        }
        (Some(_), Some("S256")) => {
            return fail(OAuthError::invalid_request(
                "The PKCE code challenge is invalid.",
            ));
        }
        _ => {
            return fail(OAuthError::invalid_request(
                "PKCE code challenge method is not supported. Supported methods: [S256].",
            ));
        }
    };
    let requested = split_scopes(params.get("scope").unwrap_or(""));
    if requested.is_empty() {
        return fail(OAuthError::invalid_scope("No scopes were requested."));
    }
    if !requested.iter().all(|scope| is_known_scope(scope)) {
        return fail(OAuthError::invalid_scope(
            "One or more scopes are not configured for the authorization server resource.",
        ));
    }
    let scopes = match granted(client, requested, true) {
        Ok(scopes) => scopes,
        Err(error) => return fail(error),
    };
    let user = org.admin_id.clone().and_then(|id| {
        let login = org.users.get(&id)?.login().to_owned();
        Some((id, login))
    });
    if user.is_none() {
        return fail(OAuthError::bad_request(
            "access_denied",
            "The org has no admin user to sign in as.",
        ));
    }
    let grant = Grant {
        client_id: client_id.to_owned(),
        user,
        scopes,
    };
    let now = request.now.epoch_seconds();
    let code = server
        .tokens
        .mint_code(&mut org.ids, grant, redirect_uri, challenge, now);
    redirect(vec![("code", code.as_str()), ("state", state)])
}

/// 302 to `uri` with `query` added (after its own query, if it has one).
fn found(uri: &str, query: &[(&str, &str)]) -> Reply {
    let mut location = uri.to_owned();
    let mut separator = if uri.contains('?') { '&' } else { '?' };
    for (name, value) in query {
        location.push(separator);
        location.push_str(name);
        location.push('=');
        location.extend(utf8_percent_encode(value, QUERY_VALUE));
        separator = '&';
    }
    let reply = Reply {
        status: StatusCode::FOUND,
        body: Body::Empty,
        headers: Vec::new(),
        from_edge: false,
    };
    no_store(reply)
        .with_header("location", location)
        .with_header("referrer-policy", "no-referrer".to_owned())
}

/// An error that must not be redirected (the redirect URI is not trusted).
fn error_page(error: OAuthError) -> Reply {
    error.reply()
}

/// An S256 challenge: base64url of a SHA-256 digest, 43 characters.
fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
