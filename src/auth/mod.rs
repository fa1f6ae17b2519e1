//! What a connection's credentials are, without the HTTP: secrets that do not print, the OAuth configuration,
//! the token state that travels between calls as connection state, client assertions (private_key_jwt) and
//! DPoP proofs.
//!
//! The HTTP side (asking the token endpoint, answering challenges, the authorization code exchange) lives in
//! `client/`, so that every request, token requests included, goes through the one client.

pub(crate) mod dpop;
pub(crate) mod keys;

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Header, encode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain;
use crate::error::{Error, Result};
use crate::input::Inputs;
use keys::SigningKey;

/// A value that must never be printed: its `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The secret itself, for the one place that puts it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The OAuth grant a connection uses, named by its connection definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantKind {
    /// A service app: `client_credentials` with a client assertion signed by its private key.
    ClientCredentials,
    /// A web app a person authorizes once: `authorization_code`, then `refresh_token`, with its client secret.
    AuthorizationCode,
}

/// Whether requests carry DPoP proofs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DpopMode {
    On,
    Off,
    /// Off until the token endpoint answers `invalid_dpop_proof`, then on (remembered in the state).
    Automatic,
}

/// How the component gets tokens.
pub enum Grant {
    /// `client_credentials` with a signed client assertion.
    ClientCredentials { key: SigningKey },
    /// `authorization_code`, then `refresh_token`, with the client secret.
    AuthorizationCode {
        secret: Secret,
        authorize_url: String,
    },
}

/// An OAuth connection's settings.
pub struct OAuthConfig {
    pub client_id: String,
    pub token_url: String,
    pub scopes: String,
    pub dpop: DpopMode,
    pub grant: Grant,
    /// Identifies the settings a cached token was minted for; a state minted for other settings is ignored.
    pub fingerprint: String,
}

impl fmt::Debug for OAuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OAuthConfig({}, {})", self.client_id, self.token_url)
    }
}

impl OAuthConfig {
    /// The settings of the connection `connection_key` (which also keys its cached tokens) from its inputs.
    pub fn parse(
        connection_key: &str,
        kind: GrantKind,
        inputs: &Inputs,
        origin: &str,
    ) -> Result<OAuthConfig> {
        let client_id = inputs.str("clientId")?.to_string();
        if client_id.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid("clientId", "a client ID without spaces"));
        }
        let scopes = inputs
            .opt_str("scopes")
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let dpop = match inputs.opt_str("dpop") {
            Some("on") => DpopMode::On,
            Some("off") => DpopMode::Off,
            _ => DpopMode::Automatic,
        };
        let token_url = endpoint(inputs, "tokenUrl", origin, "/oauth2/v1/token")?;
        let grant = match kind {
            GrantKind::ClientCredentials => {
                let mut key = keys::parse("privateKey", inputs.str("privateKey")?)?;
                if let Some(kid) = inputs.opt_str("keyId") {
                    key.kid = Some(kid.to_string());
                }
                Grant::ClientCredentials { key }
            }
            GrantKind::AuthorizationCode => Grant::AuthorizationCode {
                secret: Secret::new(inputs.str("clientSecret")?),
                authorize_url: endpoint(inputs, "authorizeUrl", origin, "/oauth2/v1/authorize")?,
            },
        };
        let fingerprint = hex(&Sha256::digest(format!(
            "{connection_key}\n{client_id}\n{token_url}\n{scopes}"
        )))[..16]
            .to_string();
        Ok(OAuthConfig {
            client_id,
            token_url,
            scopes,
            dpop,
            grant,
            fingerprint,
        })
    }

    /// Signs a client assertion for one token request (a fresh `jti` every time: Okta refuses a replay).
    pub fn client_assertion(&self, now: u64, jti: &str) -> Result<String> {
        let Grant::ClientCredentials { key } = &self.grant else {
            return Err(Error::invalid(
                "connection",
                "a client credentials connection",
            ));
        };
        let mut header = Header::new(key.algorithm);
        header.kid = key.kid.clone();
        let claims = Assertion {
            iss: &self.client_id,
            sub: &self.client_id,
            aud: &self.token_url,
            iat: now,
            exp: now + 300,
            jti,
        };
        encode(&header, &claims, &key.key).map_err(|_| {
            Error::invalid(
                "privateKey",
                "a valid RSA (2048 bits or more) or EC P-256 private key",
            )
        })
    }
}

/// A URL input that defaults to the org authorization server's endpoint: only https, to a host the Okta Domain
/// rules allow (the client's credentials go there).
fn endpoint(inputs: &Inputs, input: &str, origin: &str, default_path: &str) -> Result<String> {
    let refuse = || {
        Error::invalid(
            input,
            format!("an https URL such as {origin}{default_path}"),
        )
    };
    let Some(url) = inputs.opt_str(input).filter(|v| !v.contains("{{")) else {
        return Ok(format!("{origin}{default_path}"));
    };
    let Some(rest) = url.strip_prefix("https://") else {
        return Err(refuse());
    };
    if url.contains(char::is_whitespace) || url.contains('#') {
        return Err(refuse());
    }
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let host = domain::normalize(input, authority)?;
    Ok(format!("https://{host}{path}"))
}

#[derive(Serialize)]
struct Assertion<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: &'a str,
}

/// What the connection state holds between calls. It contains secrets (tokens, the DPoP key): the host keeps it
/// as one, and the component never prints it.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct TokenState {
    /// `OAuthConfig::fingerprint` of the settings these tokens belong to.
    #[serde(default)]
    pub fingerprint: String,
    pub access_token: Option<String>,
    /// `Bearer` or `DPoP`.
    pub token_type: Option<String>,
    /// Epoch seconds.
    pub expires_at: Option<u64>,
    pub scope: Option<String>,
    pub refresh_token: Option<String>,
    /// The DPoP key's secret scalar (base64url): a DPoP-bound token is only usable with the key it was bound to.
    pub dpop_key: Option<String>,
    /// The authorization server's latest `DPoP-Nonce`.
    pub dpop_nonce: Option<String>,
    /// The resource server's latest `DPoP-Nonce`.
    pub resource_nonce: Option<String>,
    /// Automatic mode learned that the app requires DPoP.
    #[serde(default)]
    pub dpop_required: bool,
}

impl fmt::Debug for TokenState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TokenState(expires_at: {:?}, type: {:?})",
            self.expires_at, self.token_type
        )
    }
}

impl TokenState {
    /// The state a host passed back, if it belongs to these settings (anything else starts afresh).
    pub fn restore(state: Option<&str>, fingerprint: &str) -> TokenState {
        state
            .and_then(|s| serde_json::from_str::<TokenState>(s).ok())
            .filter(|s| s.fingerprint == fingerprint)
            .unwrap_or_else(|| TokenState {
                fingerprint: fingerprint.to_string(),
                ..TokenState::default()
            })
    }

    /// A token that is still good for a minute (so a call that starts now does not run into its expiry).
    pub fn usable_token(&self, now: u64) -> Option<&str> {
        match (&self.access_token, self.expires_at) {
            (Some(token), Some(expires)) if expires > now + 60 => Some(token),
            _ => None,
        }
    }

    /// Records a token response (`{access_token, token_type, expires_in, scope, refresh_token}`).
    pub fn store(&mut self, response: &TokenResponse, now: u64) {
        self.access_token = Some(response.access_token.clone());
        self.token_type = Some(response.token_type.clone());
        self.expires_at = Some(now + response.expires_in.unwrap_or(3600));
        self.scope = response.scope.clone();
        if response.refresh_token.is_some() {
            self.refresh_token = response.refresh_token.clone();
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[derive(Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: Option<u64>,
    pub scope: Option<String>,
    pub refresh_token: Option<String>,
}

/// `error` and `error_description` of an OAuth error answer.
#[derive(Deserialize, Default)]
pub struct OAuthErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: String,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// base64url(SHA-256(text)), as PKCE and DPoP's `ath` use it.
pub fn sha256_b64(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}
