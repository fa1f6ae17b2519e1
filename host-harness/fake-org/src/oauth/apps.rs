//! The OAuth apps registered on the org: API Services apps (client credentials, `private_key_jwt`)
//! and OIDC Web apps (authorization code with a client secret, optionally refresh tokens).

use std::fmt;

use serde_json::Value;

use super::jwt::PublicKey;

/// An API Services app: it authenticates with a JWT signed by one of its keys (`private_key_jwt`)
/// and may use only the client credentials grant.
#[derive(Clone, Debug)]
pub struct ServiceApp {
    pub client_id: String,
    /// Its public JWKs: RSA (`kty`, `n`, `e`) or EC P-256/P-384 (`kty`, `crv`, `x`, `y`), each with
    /// an optional `kid` (and `alg`). With more than one key, an assertion must name its `kid`.
    pub public_keys: Vec<Value>,
    /// The `okta.*` scopes granted to the app.
    pub scopes: Vec<String>,
    /// "Require Demonstrating Proof of Possession (DPoP) header in token requests".
    pub require_dpop: bool,
}

/// An OIDC Web app: a confidential client (`client_secret_basic` or `client_secret_post`) using
/// the authorization code grant, and the refresh token grant when `refresh_tokens` is set.
#[derive(Clone)]
pub struct WebApp {
    pub client_id: String,
    pub client_secret: String,
    /// Its sign-in redirect URIs; `redirect_uri` must equal one of them exactly.
    pub redirect_uris: Vec<String>,
    /// The `okta.*` scopes granted to the app (the OpenID Connect scopes need no grant).
    pub scopes: Vec<String>,
    /// "Require Demonstrating Proof of Possession (DPoP) header in token requests".
    pub require_dpop: bool,
    /// The Refresh Token grant type is allowed: `offline_access` yields a refresh token.
    pub refresh_tokens: bool,
}

impl fmt::Debug for WebApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("redirect_uris", &self.redirect_uris)
            .field("scopes", &self.scopes)
            .field("require_dpop", &self.require_dpop)
            .field("refresh_tokens", &self.refresh_tokens)
            .finish()
    }
}

/// A registered client, as the token endpoint needs it.
#[derive(Clone, Debug)]
pub(crate) struct Client {
    pub(crate) scopes: Vec<String>,
    pub(crate) require_dpop: bool,
    pub(crate) kind: Kind,
}

#[derive(Clone)]
pub(crate) enum Kind {
    Service {
        keys: Vec<PublicKey>,
    },
    Web {
        secret: String,
        redirect_uris: Vec<String>,
        refresh_tokens: bool,
    },
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Service { keys } => f.debug_struct("Service").field("keys", keys).finish(),
            Kind::Web { redirect_uris, .. } => f
                .debug_struct("Web")
                .field("redirect_uris", redirect_uris)
                .finish_non_exhaustive(),
        }
    }
}

/// What a grant type is called on the wire.
pub(crate) const CLIENT_CREDENTIALS: &str = "client_credentials";
pub(crate) const AUTHORIZATION_CODE: &str = "authorization_code";
pub(crate) const REFRESH_TOKEN: &str = "refresh_token";

impl Client {
    /// # Panics
    /// On a key the org cannot use (a typo in a test should fail loudly, not pass silently).
    pub(crate) fn service(app: ServiceApp) -> (String, Client) {
        let keys = app
            .public_keys
            .iter()
            .enumerate()
            .map(|(index, jwk)| {
                PublicKey::from_jwk(jwk).unwrap_or_else(|why| {
                    panic!("public key {index} of app {:?}: {why}", app.client_id)
                })
            })
            .collect();
        let client = Client {
            scopes: app.scopes,
            require_dpop: app.require_dpop,
            kind: Kind::Service { keys },
        };
        (app.client_id, client)
    }

    pub(crate) fn web(app: WebApp) -> (String, Client) {
        let client = Client {
            scopes: app.scopes,
            require_dpop: app.require_dpop,
            kind: Kind::Web {
                secret: app.client_secret,
                redirect_uris: app.redirect_uris,
                refresh_tokens: app.refresh_tokens,
            },
        };
        (app.client_id, client)
    }

    /// The grant types the app is configured for, as Okta lists them in `unauthorized_client`.
    pub(crate) fn grant_types(&self) -> &'static [&'static str] {
        match self.kind {
            Kind::Service { .. } => &[CLIENT_CREDENTIALS],
            Kind::Web {
                refresh_tokens: true,
                ..
            } => &[AUTHORIZATION_CODE, REFRESH_TOKEN],
            Kind::Web { .. } => &[AUTHORIZATION_CODE],
        }
    }

    pub(crate) fn allows_refresh_tokens(&self) -> bool {
        matches!(
            self.kind,
            Kind::Web {
                refresh_tokens: true,
                ..
            }
        )
    }

    pub(crate) fn is_granted(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }
}
