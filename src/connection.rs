//! Connections: their declarations, and the credentials they carry.

use std::fmt;

use crate::auth::{GrantKind, OAuthConfig, Secret};
use crate::domain;
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs};

/// A connection type the component offers (one row per kind of credentials).
pub struct ConnectionDef {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    pub kind: ConnectionKind,
}

/// What a connection's inputs hold, and so how its requests are authorised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionKind {
    /// An Okta API token.
    ApiToken,
    /// An OAuth 2.0 app and its grant.
    OAuth(GrantKind),
}

const OKTA_DOMAIN: Input = Input::string("oktaDomain", "Okta Domain")
    .required()
    .example("your-org.okta.com")
    .comments(
        "The base URL for the Okta API. Depending on your cloud environment, you can choose the correct one here. \
         Enter the domain without https://, for example dev-12345.okta.com, your-org.oktapreview.com or a custom domain.",
    );

const API_TOKEN: Input = Input::new("apiToken", "API Token", InputType::Password)
    .required()
    .comments("API Token generated in your Okta Admin Console (Security > API > Tokens). Sent as `Authorization: SSWS <token>`.");

const CLIENT_ID: Input = Input::string("clientId", "Client ID")
    .required()
    .example("0oa1234567abcdefg890");

const SCOPES: Input = Input::string("scopes", "Scopes")
    .example("okta.users.read okta.users.manage okta.groups.read")
    .comments("Space-separated list of Okta API permission scopes, such as okta.users.read okta.users.manage okta.groups.read okta.apps.read. Each must be granted to the app on its Okta API Scopes tab.");

const DPOP: Input = Input::string("dpop", "DPoP")
    .allowed(&["automatic", "on", "off"])
    .default("automatic")
    .example("automatic")
    .comments("Demonstrating Proof-of-Possession, which Okta requires by default for API Services apps created since 2024: on, off, or automatic (try without, and switch on as soon as Okta asks for it).");

/// Every connection the component implements.
pub const CONNECTIONS: &[ConnectionDef] = &[
    ConnectionDef {
        key: "apiToken",
        label: "API Token",
        description: "Authenticate with an Okta API token. The token inherits the permissions of the admin who created it.",
        inputs: &[API_TOKEN, OKTA_DOMAIN],
        kind: ConnectionKind::ApiToken,
    },
    ConnectionDef {
        key: "oauth2ClientCredentials",
        label: "OAuth 2.0 Client Credentials",
        description: "An OAuth 2.0 API Services app authenticating with a signed JWT (private_key_jwt), with DPoP when the app requires it.",
        inputs: &[
            CLIENT_ID.comments("Client Id of your Okta service application. The application must have the appropriate OAuth 2.0 scopes granted and admin roles assigned."),
            OKTA_DOMAIN,
            Input::new("privateKey", "Private Key (PEM format)", InputType::Password).required().comments(
                "The private key used to sign the JWT assertion: PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY; RSA or EC P-256) or a JWK as the Okta Admin Console generates it. Register its public key with your Okta service app.",
            ),
            SCOPES.required(),
            Input::string("keyId", "Key ID").example("rL3w1sPYQ2hYHl4IVIZYJ9aGIdZSpwHGbbxl0nHfUrM").comments(
                "The key's ID (kid) as registered on the app; needed when the app has several keys. A JWK's own kid is used when this is empty.",
            ),
            DPOP,
        ],
        kind: ConnectionKind::OAuth(GrantKind::ClientCredentials),
    },
    ConnectionDef {
        key: "oauth2AuthorizationCode",
        label: "OAuth 2.0 Authorization Code",
        description: "An OpenID Connect web app: a person authorizes the connection once; the component refreshes its tokens.",
        inputs: &[
            Input::string("authorizeUrl", "Authorize URL")
                .example("https://your-org.okta.com/oauth2/v1/authorize")
                .comments("The OAuth 2.0 Authorization URL for Okta's API. When empty: https://{Okta Domain}/oauth2/v1/authorize (the org authorization server, the only one that grants okta.* scopes)."),
            CLIENT_ID.example("11111111-2222-3333-4444-555555555555").comments("Client Id of your Okta's application."),
            Input::new("clientSecret", "Client secret value", InputType::Password)
                .required()
                .comments("Client Secret generated in your Okta's application."),
            OKTA_DOMAIN,
            SCOPES.comments("The okta.* scopes to request (space-separated), each granted to the app on its Okta API Scopes tab; offline_access is added so the connection can refresh its tokens."),
            Input::string("tokenUrl", "Token URL")
                .example("https://your-org.okta.com/oauth2/v1/token")
                .comments("The OAuth 2.0 Token URL for Okta's API. When empty: https://{Okta Domain}/oauth2/v1/token."),
            DPOP,
        ],
        kind: ConnectionKind::OAuth(GrantKind::AuthorizationCode),
    },
];

/// How requests are authorised.
pub enum Auth {
    /// `Authorization: SSWS <token>`.
    ApiToken(Secret),
    /// OAuth 2.0 access tokens from the org authorization server (`crate::auth`).
    OAuth(OAuthConfig),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::ApiToken(_) => f.write_str("ApiToken(***)"),
            Auth::OAuth(config) => write!(f, "OAuth({})", config.client_id),
        }
    }
}

/// A connection ready to use: where the org is, how to authenticate, and what earlier calls left in its state.
#[derive(Debug)]
pub struct Connection {
    /// `https://{domain}`, without a trailing slash.
    pub origin: String,
    pub auth: Auth,
    /// The opaque state the host passed back (cached tokens); `None` at first.
    pub state: Option<String>,
}

impl Connection {
    /// Validates the connection's fields against its declaration and builds it.
    pub fn parse(key: &str, fields: &[(String, String)]) -> Result<Connection> {
        let def = CONNECTIONS.iter().find(|c| c.key == key).ok_or_else(|| {
            let known: Vec<&str> = CONNECTIONS.iter().map(|c| c.key).collect();
            Error::invalid(
                "connection",
                format!("one of the connection types {}", known.join(", ")),
            )
        })?;
        let inputs = Inputs::parse(def.inputs, fields)?;
        let domain = domain::normalize(OKTA_DOMAIN.key, inputs.str(OKTA_DOMAIN.key)?)?;
        let origin = format!("https://{domain}");
        let auth = match def.kind {
            ConnectionKind::ApiToken => {
                let token = inputs.str(API_TOKEN.key)?;
                if token.chars().any(|c| c.is_control() || c.is_whitespace()) {
                    return Err(Error::invalid(
                        API_TOKEN.key,
                        "a token without spaces or control characters",
                    ));
                }
                Auth::ApiToken(Secret::new(token))
            }
            ConnectionKind::OAuth(grant) => {
                Auth::OAuth(OAuthConfig::parse(def.key, grant, &inputs, &origin)?)
            }
        };
        Ok(Connection {
            origin,
            auth,
            state: None,
        })
    }

    /// The same connection with the state a host passed back.
    pub fn with_state(mut self, state: Option<String>) -> Connection {
        self.state = state;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let conn = Connection::parse(
            "apiToken",
            &[
                ("oktaDomain".into(), "dev-1.okta.com".into()),
                ("apiToken".into(), "00abcSECRET".into()),
            ],
        )
        .unwrap();
        assert!(!format!("{conn:?}").contains("SECRET"));
    }
}
