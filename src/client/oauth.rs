//! The client's side of OAuth: the `Authorization` (and `DPoP`) headers of each request, minting and refreshing
//! tokens at the token endpoint, and the challenges Okta answers with (`use_dpop_nonce`, an expired or revoked
//! token). Tokens are minted once and reused across calls through the connection state.

use super::transport::HttpResponse;
use super::{Client, Method, Request, okta_error};
use crate::auth::dpop::DpopKey;
use crate::auth::{DpopMode, Grant, OAuthConfig, OAuthErrorBody, TokenResponse, sha256_b64};
use crate::connection::Auth;
use crate::error::{Error, OktaError, Result};

/// How many token requests one token may take: DPoP switched on, a nonce challenge, success, and a spare for a
/// nonce that rotates in between.
const TOKEN_CHALLENGES: usize = 4;

impl Client<'_> {
    /// The auth headers of one request to `url` (minting a token first when there is none worth using).
    pub(super) fn auth_headers(&self, method: Method, url: &str) -> Result<Vec<(String, String)>> {
        let config = match &self.connection.auth {
            Auth::ApiToken(token) => {
                return Ok(vec![(
                    "authorization".into(),
                    format!("SSWS {}", token.expose()),
                )]);
            }
            Auth::OAuth(config) => config,
        };
        let token = self.ensure_token(config)?;
        let tokens = self.tokens.borrow();
        if tokens.token_type.as_deref() != Some("DPoP") {
            return Ok(vec![("authorization".into(), format!("Bearer {token}"))]);
        }
        let key = self.dpop_key()?;
        let proof = key.proof(
            method.as_str(),
            url,
            self.transport.now_unix(),
            &self.jti(),
            tokens.resource_nonce.as_deref(),
            Some(&sha256_b64(&token)),
        )?;
        Ok(vec![
            ("authorization".into(), format!("DPoP {token}")),
            ("dpop".into(), proof),
        ])
    }

    /// Decides whether a 401 from the API is worth one more try: a DPoP nonce challenge (answer it), or an OAuth
    /// token that expired or was revoked (drop it, so the next attempt mints a new one).
    pub(super) fn recover_unauthorized(&self, response: &HttpResponse) -> bool {
        if !matches!(self.connection.auth, Auth::OAuth(_)) {
            return false;
        }
        let challenge = response
            .headers_named("www-authenticate")
            .collect::<Vec<_>>()
            .join(", ");
        let mut tokens = self.tokens.borrow_mut();
        if challenge.contains("use_dpop_nonce")
            && let Some(nonce) = response.header("dpop-nonce")
        {
            tokens.resource_nonce = Some(nonce.to_string());
        } else {
            tokens.access_token = None;
            tokens.expires_at = None;
        }
        self.state_changed.set(true);
        true
    }

    /// A token that is good for a while, from the state or freshly minted.
    fn ensure_token(&self, config: &OAuthConfig) -> Result<String> {
        let now = self.transport.now_unix();
        if let Some(token) = self.tokens.borrow().usable_token(now) {
            return Ok(token.to_string());
        }
        let form = match &config.grant {
            Grant::ClientCredentials { .. } => {
                vec![
                    ("grant_type", "client_credentials".to_string()),
                    ("scope", config.scopes.clone()),
                ]
            }
            Grant::AuthorizationCode { .. } => {
                let refresh = self.tokens.borrow().refresh_token.clone().ok_or_else(|| {
                    Error::Unauthorized(Some(Box::new(OktaError {
                        status: 401,
                        error_code: "authorization_required".into(),
                        error_summary: "the connection has no valid token: authorize it again"
                            .into(),
                        error_id: None,
                        causes: Vec::new(),
                    })))
                })?;
                vec![
                    ("grant_type", "refresh_token".to_string()),
                    ("refresh_token", refresh),
                ]
            }
        };
        self.request_token(config, &form)?;
        self.tokens
            .borrow()
            .access_token
            .clone()
            .ok_or_else(|| Error::InvalidResponse("Okta's token answer had no token".into()))
    }

    /// Sends one token request (`form` plus the client's authentication), answering Okta's challenges, and stores
    /// the tokens in the connection state.
    pub fn request_token(&self, config: &OAuthConfig, form: &[(&str, String)]) -> Result<()> {
        let mut use_dpop = match config.dpop {
            DpopMode::On => true,
            DpopMode::Off => false,
            DpopMode::Automatic => self.tokens.borrow().dpop_required,
        };
        for _ in 0..TOKEN_CHALLENGES {
            let request = self.token_request(config, form, use_dpop)?;
            let response = self.send(&request)?;
            if (200..300).contains(&response.status) {
                let tokens: TokenResponse =
                    serde_json::from_slice(&response.body).map_err(|e| {
                        Error::InvalidResponse(format!(
                            "Okta's token answer is not what OAuth defines: {e}"
                        ))
                    })?;
                self.tokens
                    .borrow_mut()
                    .store(&tokens, self.transport.now_unix());
                self.state_changed.set(true);
                return Ok(());
            }
            let body: OAuthErrorBody = serde_json::from_slice(&response.body).unwrap_or_default();
            match body.error.as_str() {
                "use_dpop_nonce" if use_dpop && response.header("dpop-nonce").is_some() => {
                    self.tokens.borrow_mut().dpop_nonce =
                        response.header("dpop-nonce").map(str::to_string);
                }
                "invalid_dpop_proof" if !use_dpop && config.dpop == DpopMode::Automatic => {
                    use_dpop = true;
                    self.tokens.borrow_mut().dpop_required = true;
                }
                _ => return Err(token_error(config, &response, &body, use_dpop)),
            }
            self.state_changed.set(true);
        }
        Err(Error::InvalidResponse(
            "Okta kept challenging the token request; giving up".to_string(),
        ))
    }

    fn token_request(
        &self,
        config: &OAuthConfig,
        form: &[(&str, String)],
        use_dpop: bool,
    ) -> Result<Request> {
        let mut fields: Vec<(&str, String)> = form.to_vec();
        let mut headers = Vec::new();
        match &config.grant {
            Grant::ClientCredentials { .. } => {
                fields.push((
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
                ));
                fields.push((
                    "client_assertion",
                    config.client_assertion(self.transport.now_unix(), &self.jti())?,
                ));
            }
            Grant::AuthorizationCode { secret, .. } => {
                use base64::Engine;
                let basic = base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    form_encode(&config.client_id),
                    form_encode(secret.expose())
                ));
                headers.push(("authorization".to_string(), format!("Basic {basic}")));
            }
        }
        if use_dpop {
            let nonce = self.tokens.borrow().dpop_nonce.clone();
            let proof = self.dpop_key()?.proof(
                "POST",
                &config.token_url,
                self.transport.now_unix(),
                &self.jti(),
                nonce.as_deref(),
                None,
            )?;
            headers.push(("dpop".to_string(), proof));
        }
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        Ok(Request {
            method: Method::Post,
            path_and_query: config.token_url.clone(),
            body: Some(body.into_bytes()),
            content_type: "application/x-www-form-urlencoded".to_string(),
            headers,
            // A token request creates nothing: repeating it after a 5xx is safe.
            idempotent: true,
            policy: None,
            timeout: None,
            authenticate: false,
        })
    }

    /// The connection's DPoP key, created on first use and kept in the state (tokens are bound to it).
    fn dpop_key(&self) -> Result<DpopKey> {
        if let Some(key) = self
            .tokens
            .borrow()
            .dpop_key
            .as_deref()
            .and_then(DpopKey::restore)
        {
            return Ok(key);
        }
        let (key, stored) = DpopKey::generate(|| self.transport.random_u64())?;
        self.tokens.borrow_mut().dpop_key = Some(stored);
        self.state_changed.set(true);
        Ok(key)
    }

    /// A unique token ID for an assertion or a proof.
    fn jti(&self) -> String {
        format!(
            "{:016x}{:016x}",
            self.transport.random_u64(),
            self.transport.random_u64()
        )
    }
}

/// `application/x-www-form-urlencoded` escaping (everything but RFC 3986's unreserved characters).
pub fn form_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, super::path::SEGMENT).to_string()
}

/// A token endpoint refusal as a typed error that tells the admin what to fix.
fn token_error(
    config: &OAuthConfig,
    response: &HttpResponse,
    body: &OAuthErrorBody,
    used_dpop: bool,
) -> Error {
    let hint = match body.error.as_str() {
        "invalid_client" => match config.grant {
            Grant::ClientCredentials { .. } => {
                " Check the Client ID, and that the private key (and Key ID) match a public key registered on the app."
            }
            Grant::AuthorizationCode { .. } => " Check the Client ID and the client secret.",
        },
        "invalid_scope" | "consent_required" => {
            " Request only scopes granted to the app on its Okta API Scopes tab."
        }
        "invalid_dpop_proof" if !used_dpop => {
            " The app requires DPoP: set DPoP to on or automatic."
        }
        "invalid_grant" => " The refresh token is no longer valid: authorize the connection again.",
        _ => "",
    };
    if body.error.is_empty() {
        return okta_error::from_response(response);
    }
    let okta = Box::new(OktaError {
        status: response.status,
        error_code: body.error.clone(),
        error_summary: format!("{}{hint}", body.error_description),
        error_id: None,
        causes: Vec::new(),
    });
    match body.error.as_str() {
        "invalid_scope" | "consent_required" => Error::Forbidden {
            missing_scope: None,
            okta: Some(okta),
        },
        "invalid_dpop_proof" if !used_dpop => Error::InvalidInput {
            input: "dpop".into(),
            expected: okta.error_summary,
        },
        "invalid_client" | "invalid_grant" | "invalid_dpop_proof" | "unauthorized_client" => {
            Error::Unauthorized(Some(okta))
        }
        _ => Error::Okta(okta),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::time::Duration;

    use super::*;
    use crate::client::transport::{HttpRequest, Transport, TransportError};
    use crate::client::{Path, Query};
    use crate::connection::Connection;

    /// A throwaway P-256 test key (generated for these tests only; it protects nothing).
    const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgCl5ZBqAwWIHubXLo
rSRymc0ZptcTTf9OLCHxkOzc1IuhRANCAAQwoSg7PJoDUceMlL55J2eN7pAYEsp4
ku2mM2b8BbYHsizmruZZHKr+sgPpiTLCZ6++wet775eGpbDGPCOhQIha
-----END PRIVATE KEY-----";

    /// Answers token requests and API requests from a script, and records what was sent.
    #[derive(Default)]
    struct Okta {
        replies: RefCell<VecDeque<HttpResponse>>,
        sent: RefCell<Vec<HttpRequest>>,
    }

    impl Okta {
        fn reply(self, status: u16, headers: &[(&str, &str)], body: &str) -> Okta {
            self.replies.borrow_mut().push_back(HttpResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
            });
            self
        }
        fn header(&self, index: usize, name: &str) -> Option<String> {
            self.sent.borrow()[index]
                .headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        }
    }

    impl Transport for Okta {
        fn send(
            &self,
            request: &HttpRequest,
            _: Duration,
        ) -> std::result::Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(request.clone());
            self.replies
                .borrow_mut()
                .pop_front()
                .ok_or(TransportError::Broken("script ran out".into()))
        }
        fn sleep(&self, _: Duration) {}
        fn random_u64(&self) -> u64 {
            (self.sent.borrow().len() as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        }
        fn now_unix(&self) -> u64 {
            1_800_000_000
        }
        fn monotonic(&self) -> Duration {
            Duration::ZERO
        }
    }

    const TOKEN: &str = r#"{"token_type":"Bearer","expires_in":3600,"access_token":"at-1","scope":"okta.users.read"}"#;
    const DPOP_TOKEN: &str = r#"{"token_type":"DPoP","expires_in":3600,"access_token":"at-2","scope":"okta.users.read"}"#;

    fn connection(dpop: &str, state: Option<String>) -> Connection {
        let fields: Vec<(String, String)> = [
            ("clientId", "0oaclient"),
            ("oktaDomain", "o.okta.com"),
            ("privateKey", TEST_KEY),
            ("scopes", "okta.users.read"),
            ("dpop", dpop),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Connection::parse("oauth2ClientCredentials", &fields)
            .unwrap()
            .with_state(state)
    }

    fn get_me(client: &Client) -> Result<serde_json::Value> {
        client.get(&Path::new("/api/v1/users/me"), &Query::new())
    }

    #[test]
    fn mints_once_then_reuses_the_token_from_the_state() {
        let okta = Okta::default().reply(200, &[], TOKEN).reply(200, &[], "{}");
        let client = Client::new(connection("off", None), &okta);
        get_me(&client).unwrap();
        assert_eq!(
            okta.sent.borrow()[0].url,
            "https://o.okta.com/oauth2/v1/token"
        );
        let form = String::from_utf8(okta.sent.borrow()[0].body.clone()).unwrap();
        assert!(
            form.contains("grant_type=client_credentials") && form.contains("client_assertion="),
            "{form}"
        );
        assert_eq!(
            okta.header(1, "authorization").as_deref(),
            Some("Bearer at-1")
        );
        let state = client.connection_state().expect("a new state");

        let okta = Okta::default().reply(200, &[], "{}");
        let client = Client::new(connection("off", Some(state)), &okta);
        get_me(&client).unwrap();
        assert_eq!(okta.sent.borrow().len(), 1, "no token request");
        assert!(client.connection_state().is_none(), "state unchanged");
    }

    #[test]
    fn automatic_dpop_switches_on_and_answers_the_nonce_challenge() {
        let okta = Okta::default()
            .reply(400, &[], r#"{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT header is missing."}"#)
            .reply(400, &[("dpop-nonce", "n-1")], r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof."}"#)
            .reply(200, &[], DPOP_TOKEN)
            .reply(200, &[], "{}");
        let client = Client::new(connection("automatic", None), &okta);
        get_me(&client).unwrap();
        assert!(okta.header(0, "dpop").is_none());
        assert!(okta.header(1, "dpop").is_some() && okta.header(2, "dpop").is_some());
        assert_ne!(
            okta.header(1, "dpop"),
            okta.header(2, "dpop"),
            "a fresh proof for the retry"
        );
        let assertion = |i: usize| String::from_utf8(okta.sent.borrow()[i].body.clone()).unwrap();
        assert_ne!(
            assertion(1),
            assertion(2),
            "a fresh assertion (jti) for the retry"
        );
        assert_eq!(
            okta.header(3, "authorization").as_deref(),
            Some("DPoP at-2")
        );
        assert!(okta.header(3, "dpop").is_some());
        let state: serde_json::Value =
            serde_json::from_str(&client.connection_state().unwrap()).unwrap();
        assert_eq!(state["dpop_required"], true);
    }

    #[test]
    fn a_revoked_token_is_replaced_once_not_in_a_loop() {
        let unauthorized = r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#;
        let okta = Okta::default()
            .reply(200, &[], TOKEN)
            .reply(
                401,
                &[("www-authenticate", "Bearer error=\"invalid_token\"")],
                unauthorized,
            )
            .reply(200, &[], TOKEN)
            .reply(
                401,
                &[("www-authenticate", "Bearer error=\"invalid_token\"")],
                unauthorized,
            );
        let client = Client::new(connection("off", None), &okta);
        let error = get_me(&client).unwrap_err();
        assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
        assert_eq!(okta.sent.borrow().len(), 4);
    }

    #[test]
    fn token_errors_say_what_to_fix() {
        let okta = Okta::default().reply(401, &[], r#"{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}"#);
        let error = get_me(&Client::new(connection("off", None), &okta)).unwrap_err();
        assert!(
            matches!(error, Error::Unauthorized(Some(ref o)) if o.error_code == "invalid_client")
        );
        assert!(error.to_string().contains("private key"), "{error}");

        let okta = Okta::default().reply(400, &[], r#"{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT header is missing."}"#);
        let error = get_me(&Client::new(connection("off", None), &okta)).unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput { ref input, .. } if input == "dpop"),
            "{error:?}"
        );

        let okta = Okta::default().reply(400, &[], r#"{"error":"invalid_scope","error_description":"The following scopes are not allowed: okta.users.read"}"#);
        let error = get_me(&Client::new(connection("off", None), &okta)).unwrap_err();
        assert!(matches!(error, Error::Forbidden { .. }), "{error:?}");
    }
}
