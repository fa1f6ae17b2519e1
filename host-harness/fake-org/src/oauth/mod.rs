//! The org authorization server (`/oauth2/v1/…`) and the OAuth side of the resource server: what
//! lets the component call the fake org with an access token, as it would call a real one.
//!
//! ```text
//! POST /oauth2/v1/token      client_credentials (private_key_jwt) · authorization_code (+ PKCE)
//!                            · refresh_token (rotated) — each with or without DPoP
//! GET  /oauth2/v1/authorize  auto-consent as the org's admin → 302 {redirect_uri}?code=…&state=…
//! /api/v1/…                  Authorization: SSWS … | Bearer … | DPoP … (+ DPoP proof); scopes per
//!                            operation from the spec (`scopes`)
//! ```
//!
//! Apps are registered by tests ([`FakeOrg::add_service_app`], [`FakeOrg::add_web_app`]); nothing
//! else creates them. Everything is deterministic: tokens, codes and nonces come from the org's ID
//! generator, and every time check uses the org's clock.
//!
//! Scopes are granted as a real org grants them: the token carries the requested scopes the app was
//! granted and silently leaves out the others (okta-sdk-golang #145, terraform-provider-okta #2375:
//! a token without the asked-for `okta.groups.read`, then a 403); only when none is granted does
//! the request fail (400 `consent_required`, okta-sdk-java #822). A scope the org does not know
//! at all is 400 `invalid_scope`.

mod apps;
mod assertion;
mod authorize;
mod dpop;
mod errors;
mod jwt;
pub(crate) mod resource;
pub(crate) mod scopes;
mod token;
mod tokens;

#[cfg(test)]
mod test_keys;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use http::Method;

pub use apps::{ServiceApp, WebApp};

use super::FakeOrg;
use super::org::Org;
use super::reply::Reply;
use super::request::ApiRequest;
use apps::Client;
use dpop::{Nonces, Replays};
use tokens::TokenStore;

/// The token endpoint's path; a client assertion's `aud` and a proof's `htu` are `{origin}` + this.
pub(crate) const TOKEN_PATH: &str = "/oauth2/v1/token";
pub(crate) const AUTHORIZE_PATH: &str = "/oauth2/v1/authorize";

/// A handler of the authorization server: it answers every request itself (OAuth errors have
/// their own shape), and gets the OAuth state beside the org (for IDs and the admin user).
pub(crate) type OAuthHandler = fn(&mut OAuthServer, &mut Org, &ApiRequest) -> Reply;

/// The authorization server's endpoints, as `router::dispatch_oauth` reads them.
pub(crate) const ROUTES: &[(&str, &[(Method, OAuthHandler)])] = &[
    (TOKEN_PATH, &[(Method::POST, token::token)]),
    (
        AUTHORIZE_PATH,
        &[
            (Method::GET, authorize::authorize),
            (Method::POST, authorize::authorize),
        ],
    ),
];

/// The OAuth state of the org: registered apps, issued tokens, and what guards against replays.
#[derive(Debug, Default)]
pub(crate) struct OAuthServer {
    clients: HashMap<String, Client>,
    tokens: TokenStore,
    /// Client-assertion `jti`s already used, by client, kept until the assertion's `exp`.
    assertions: HashMap<(String, String), i64>,
    replays: Replays,
    /// The authorization server's DPoP nonces (the token endpoint always requires one).
    nonces: Nonces,
    /// The resource server's, when it requires a nonce ([`FakeOrg::set_resource_dpop_nonce`]).
    resource_nonces: Option<Nonces>,
}

impl FakeOrg {
    /// Registers an API Services app (replacing any app with the same client ID).
    ///
    /// # Panics
    /// On a public key the org cannot use: not an RSA (2048–4096 bits) or EC P-256/P-384 JWK, or
    /// one with private members.
    pub fn add_service_app(&self, app: ServiceApp) {
        let (id, client) = Client::service(app);
        self.lock().oauth.clients.insert(id, client);
    }

    /// Registers an OIDC Web app (replacing any app with the same client ID).
    pub fn add_web_app(&self, app: WebApp) {
        let (id, client) = Client::web(app);
        self.lock().oauth.clients.insert(id, client);
    }

    /// Revokes every access token issued to the client so far: each answers 401 from now on.
    /// Refresh tokens stay valid, so an authorization code connection can recover by refreshing.
    pub fn revoke_access_tokens(&self, client_id: &str) {
        self.lock().oauth.tokens.revoke_access(client_id);
    }

    /// Expires every access token issued to the client so far, as if its hour had passed.
    pub fn expire_access_tokens(&self, client_id: &str) {
        let now = self.now().epoch_seconds();
        self.lock().oauth.tokens.expire_access(client_id, now);
    }

    /// Makes the resource server (`/api/v1`) demand a nonce in DPoP proofs: a proof without the
    /// current one gets 401 `use_dpop_nonce` with a `DPoP-Nonce` header. `false` turns it off.
    pub fn set_resource_dpop_nonce(&self, required: bool) {
        let mut state = self.lock();
        let nonces = &mut state.oauth.resource_nonces;
        match (required, nonces.is_some()) {
            (true, false) => *nonces = Some(Nonces::default()),
            (false, true) => *nonces = None,
            _ => {}
        }
    }

    /// How many access tokens the token endpoint has minted for the client.
    pub fn issued_tokens(&self, client_id: &str) -> usize {
        self.lock().oauth.tokens.minted(client_id)
    }
}

/// The OpenID Connect scopes of the org authorization server: they need no grant, but client
/// credentials may not ask for them.
const OIDC_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "offline_access",
    "groups",
    "device_sso",
];

pub(crate) fn is_oidc_scope(scope: &str) -> bool {
    OIDC_SCOPES.contains(&scope)
}

/// The spec's scopes that no `/api/v1` operation names (their operations live elsewhere).
const OTHER_SPEC_SCOPES: &[&str] = &[
    "okta.oauthIntegrations.manage",
    "okta.oauthIntegrations.read",
    "okta.personal.adminSettings.manage",
    "okta.personal.adminSettings.read",
    "okta.serviceAccounts.manage",
    "okta.serviceAccounts.okta.manage",
    "okta.serviceAccounts.okta.read",
    "okta.serviceAccounts.read",
];

/// A scope the org authorization server knows: an OpenID Connect scope or one of those of the
/// spec's `oauth2` security scheme (the `okta.*` scopes and the Shared Signals API's `ssf.*`).
pub(crate) fn is_known_scope(scope: &str) -> bool {
    static KNOWN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    is_oidc_scope(scope)
        || KNOWN
            .get_or_init(|| {
                let mut known = scopes::all();
                known.extend(OTHER_SPEC_SCOPES);
                known
            })
            .contains(scope)
}

/// Space-separated scopes, each once, in the order given.
pub(crate) fn split_scopes(text: &str) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for scope in text.split_ascii_whitespace() {
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_owned());
        }
    }
    scopes
}
