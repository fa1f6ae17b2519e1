//! The authorization code flow with PKCE (S256), as the platform drives it through the `oauth` interface:
//! build the authorize URL, then exchange the code from the redirect for tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::oauth::form_encode;
use super::{Client, Transport};
use crate::auth::{Grant, OAuthConfig, sha256_b64};
use crate::connection::{Auth, Connection};
use crate::error::{Error, Result};

/// What the host keeps between the two steps (a secret: it holds the PKCE verifier).
#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    verifier: String,
    redirect_uri: String,
}

fn config(connection: &Connection) -> Result<&OAuthConfig> {
    match &connection.auth {
        Auth::OAuth(config) if matches!(config.grant, Grant::AuthorizationCode { .. }) => {
            Ok(config)
        }
        _ => Err(Error::invalid(
            "connection",
            "an OAuth 2.0 Authorization Code connection",
        )),
    }
}

fn random_b64(transport: &dyn Transport, words: usize) -> String {
    let bytes: Vec<u8> = (0..words)
        .flat_map(|_| transport.random_u64().to_be_bytes())
        .collect();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn check_redirect(redirect_uri: &str) -> Result<()> {
    let ok = (redirect_uri.starts_with("https://")
        || redirect_uri.starts_with("http://127.0.0.1")
        || redirect_uri.starts_with("http://localhost"))
        && !redirect_uri.contains(char::is_whitespace)
        && !redirect_uri.contains('#');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "redirectUri",
            "an https URL (or a loopback http one) without a fragment",
        ))
    }
}

/// The authorize URL and what to keep until the redirect comes back.
pub fn start(
    transport: &dyn Transport,
    connection: &Connection,
    redirect_uri: &str,
) -> Result<(String, String)> {
    let config = config(connection)?;
    check_redirect(redirect_uri)?;
    let Grant::AuthorizationCode { authorize_url, .. } = &config.grant else {
        return Err(Error::invalid(
            "connection",
            "an OAuth 2.0 Authorization Code connection",
        ));
    };
    let pending = Pending {
        state: random_b64(transport, 2),
        verifier: random_b64(transport, 4),
        redirect_uri: redirect_uri.into(),
    };
    let mut scopes: Vec<&str> = config.scopes.split_whitespace().collect();
    if !scopes.contains(&"offline_access") {
        scopes.push("offline_access");
    }
    let params = [
        ("client_id", config.client_id.as_str()),
        ("response_type", "code"),
        ("scope", &scopes.join(" ")),
        ("redirect_uri", redirect_uri),
        ("state", &pending.state),
        ("code_challenge", &sha256_b64(&pending.verifier)),
        ("code_challenge_method", "S256"),
    ];
    let query = params
        .iter()
        .map(|(k, v)| format!("{k}={}", form_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let separator = if authorize_url.contains('?') {
        '&'
    } else {
        '?'
    };
    let pending = serde_json::to_string(&pending).map_err(|e| Error::Transport(e.to_string()))?;
    Ok((format!("{authorize_url}{separator}{query}"), pending))
}

/// Checks the redirect's `state`, exchanges its `code`, and returns the connection state with the tokens.
pub fn finish(
    client: &Client,
    connection_config: &OAuthConfig,
    redirect_uri: &str,
    pending: &str,
    callback: &str,
) -> Result<String> {
    let pending: Pending = serde_json::from_str(pending)
        .map_err(|_| Error::invalid("pending", "the pending value start-authorization returned"))?;
    if pending.redirect_uri != redirect_uri {
        return Err(Error::invalid(
            "redirectUri",
            "the redirect URI the flow was started with",
        ));
    }
    let query = callback.split_once('?').map_or(callback, |(_, q)| q);
    let query = query.split('#').next().unwrap_or(query);
    let param = |name: &str| {
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| {
                percent_encoding::percent_decode_str(&v.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    };
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_default();
        return Err(Error::invalid(
            "callback",
            format!("an authorization, but Okta answered {error}: {description}"),
        ));
    }
    if param("state").as_deref() != Some(pending.state.as_str()) {
        return Err(Error::invalid(
            "callback",
            "the state this flow was started with (the redirect may be forged)",
        ));
    }
    let code =
        param("code").ok_or_else(|| Error::invalid("callback", "a redirect carrying a code"))?;
    let form = [
        ("grant_type", "authorization_code".to_string()),
        ("code", code),
        ("redirect_uri", redirect_uri.to_string()),
        ("code_verifier", pending.verifier),
    ];
    client.request_token(connection_config, &form)?;
    client
        .connection_state()
        .ok_or_else(|| Error::Transport("the token exchange left no state".to_string()))
}

/// Runs `finish` with a client for `connection`.
pub fn finish_with(
    transport: &dyn Transport,
    connection: Connection,
    redirect_uri: &str,
    pending: &str,
    callback: &str,
) -> Result<String> {
    config(&connection)?;
    let client = Client::new(connection, transport);
    let Auth::OAuth(config) = client.auth() else {
        return Err(Error::invalid(
            "connection",
            "an OAuth 2.0 Authorization Code connection",
        ));
    };
    finish(&client, config, redirect_uri, pending, callback)
}
