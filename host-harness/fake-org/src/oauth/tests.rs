//! The authorization server and the OAuth resource server, end to end through `FakeOrg::handle`.

use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};

use super::super::test_support::{NOW_SECONDS, json_of, org, org_with_clock};
use super::super::{FakeOrg, Fault, FaultKind};
use super::jwt::base64url_sha256;
use super::test_keys;
use super::{ServiceApp, WebApp};

const ORIGIN: &str = "https://fake-org.okta.com";
const TOKEN_URL: &str = "https://fake-org.okta.com/oauth2/v1/token";
const SERVICE: &str = "0oaservice00000000001";
const WEB: &str = "0oawebapp000000000001";
const SECRET: &str = "web-app-secret-for-tests";
const REDIRECT: &str = "https://platform.example.com/oauth/callback";
const NOW: i64 = NOW_SECONDS as i64;

/// A test key: how to sign with it, and its public JWK.
struct Key {
    encoding: EncodingKey,
    alg: Algorithm,
    public: Value,
}

impl Key {
    fn rsa(pem: &str) -> Key {
        Key::new(
            EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
            Algorithm::RS256,
        )
    }

    fn ec(pem: &str) -> Key {
        Key::new(
            EncodingKey::from_ec_pem(pem.as_bytes()).unwrap(),
            Algorithm::ES256,
        )
    }

    fn new(encoding: EncodingKey, alg: Algorithm) -> Key {
        let mut public =
            serde_json::to_value(Jwk::from_encoding_key(&encoding, alg).unwrap()).unwrap();
        public.as_object_mut().unwrap().remove("alg");
        Key {
            encoding,
            alg,
            public,
        }
    }

    fn with_kid(&self, kid: &str) -> Value {
        let mut public = self.public.clone();
        public["kid"] = json!(kid);
        public
    }

    fn alg_name(&self) -> &'static str {
        match self.alg {
            Algorithm::ES256 => "ES256",
            _ => "RS256",
        }
    }

    /// A compact JWS of exactly this header and these claims.
    fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature =
            jsonwebtoken::crypto::sign(input.as_bytes(), &self.encoding, self.alg).unwrap();
        format!("{input}.{signature}")
    }
}

fn rsa() -> Key {
    Key::rsa(test_keys::RSA)
}

fn dpop_key() -> Key {
    Key::ec(test_keys::DPOP)
}

fn unique(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// Claims of a good client assertion for `client_id`, a fresh `jti` each time.
fn assertion_claims(client_id: &str) -> Map<String, Value> {
    let claims = json!({
        "iss": client_id, "sub": client_id, "aud": TOKEN_URL,
        "iat": NOW, "exp": NOW + 300, "jti": unique("assertion"),
    });
    claims.as_object().unwrap().clone()
}

fn assertion_with(
    key: &Key,
    kid: Option<&str>,
    edit: impl FnOnce(&mut Map<String, Value>),
) -> String {
    let mut header = json!({"alg": key.alg_name(), "typ": "JWT"});
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    let mut claims = assertion_claims(SERVICE);
    edit(&mut claims);
    key.sign(&header, &Value::Object(claims))
}

fn assertion() -> String {
    assertion_with(&rsa(), Some("k1"), |_| {})
}

/// A DPoP proof by `key` for `method url`, with an optional nonce and access token hash.
fn proof_with(
    key: &Key,
    method: &str,
    url: &str,
    nonce: Option<&str>,
    token: Option<&str>,
    edit: impl FnOnce(&mut Value, &mut Value),
) -> String {
    let mut header = json!({"typ": "dpop+jwt", "alg": key.alg_name(), "jwk": key.public});
    let mut claims = json!({"htm": method, "htu": url, "iat": NOW, "jti": unique("proof")});
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    if let Some(token) = token {
        claims["ath"] = json!(base64url_sha256(token.as_bytes()));
    }
    edit(&mut header, &mut claims);
    key.sign(&header, &claims)
}

fn proof(method: &str, url: &str, nonce: Option<&str>, token: Option<&str>) -> String {
    proof_with(&dpop_key(), method, url, nonce, token, |_, _| {})
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

fn send(org: &FakeOrg, request: Request<Bytes>) -> Response<Bytes> {
    org.handle(request).response.expect("a response")
}

fn post_token(org: &FakeOrg, pairs: &[(&str, &str)], headers: &[(&str, &str)]) -> Response<Bytes> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(TOKEN_URL)
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    send(org, builder.body(Bytes::from(form(pairs))).unwrap())
}

fn client_credentials(
    org: &FakeOrg,
    scope: &str,
    assertion: &str,
    dpop: Option<&str>,
) -> Response<Bytes> {
    let pairs = [
        ("grant_type", "client_credentials"),
        ("scope", scope),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
    ];
    let headers: Vec<(&str, &str)> = dpop.map(|proof| ("dpop", proof)).into_iter().collect();
    post_token(org, &pairs, &headers)
}

fn api(
    org: &FakeOrg,
    method: Method,
    path: &str,
    authorization: &str,
    dpop: Option<&str>,
) -> Response<Bytes> {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("{ORIGIN}{path}"))
        .header("authorization", authorization)
        .header("accept", "application/json");
    if let Some(proof) = dpop {
        builder = builder.header("dpop", proof);
    }
    send(org, builder.body(Bytes::new()).unwrap())
}

fn header<'a>(response: &'a Response<Bytes>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .map_or("", |value| value.to_str().unwrap())
}

/// Asserts an OAuth error answer.
#[track_caller]
fn assert_oauth_error(response: &Response<Bytes>, status: u16, error: &str, description: &str) {
    let body = json_of(response);
    assert_eq!(
        (
            response.status().as_u16(),
            body["error"].as_str(),
            body["error_description"].as_str()
        ),
        (status, Some(error), Some(description)),
        "{body}"
    );
}

fn service_org(require_dpop: bool) -> FakeOrg {
    let org = org(3);
    org.add_service_app(ServiceApp {
        client_id: SERVICE.to_owned(),
        public_keys: vec![rsa().with_kid("k1")],
        scopes: vec![
            "okta.users.read".to_owned(),
            "okta.users.manage".to_owned(),
            "okta.groups.manage".to_owned(),
        ],
        require_dpop,
    });
    org
}

/// A Bearer access token with `scope` from the service app.
fn bearer(org: &FakeOrg, scope: &str) -> String {
    let response = client_credentials(org, scope, &assertion(), None);
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.body());
    json_of(&response)["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Runs the recorded DPoP dance; returns the access token and the nonce.
fn dpop_token(org: &FakeOrg, scope: &str) -> (String, String) {
    let first = client_credentials(
        org,
        scope,
        &assertion(),
        Some(&proof("POST", TOKEN_URL, None, None)),
    );
    assert_oauth_error(
        &first,
        400,
        "use_dpop_nonce",
        "Authorization server requires nonce in DPoP proof.",
    );
    let nonce = header(&first, "dpop-nonce").to_owned();
    let second = client_credentials(
        org,
        scope,
        &assertion(),
        Some(&proof("POST", TOKEN_URL, Some(&nonce), None)),
    );
    assert_eq!(second.status(), StatusCode::OK, "{:?}", second.body());
    let body = json_of(&second);
    assert_eq!(body["token_type"], "DPoP");
    (body["access_token"].as_str().unwrap().to_owned(), nonce)
}

#[test]
fn a_good_assertion_mints_a_bearer_token() {
    let org = service_org(false);
    let response = client_credentials(&org, "okta.users.read", &assertion(), None);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "no-cache, no-store");
    assert_eq!(header(&response, "x-rate-limit-limit"), "150");
    assert!(!header(&response, "x-okta-request-id").is_empty());
    let body = json_of(&response);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "okta.users.read");
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 4, "{body}");
    let token = body["access_token"].as_str().unwrap();
    assert!(token.starts_with("eyJ"), "JWT-shaped like Okta's");

    let users = api(
        &org,
        Method::GET,
        "/api/v1/users?limit=1",
        &format!("Bearer {token}"),
        None,
    );
    assert_eq!(users.status(), StatusCode::OK);
    assert_eq!(json_of(&users).as_array().unwrap().len(), 1);
    assert_eq!(org.issued_tokens(SERVICE), 1);
    assert_eq!(org.issued_tokens("0oaunknown"), 0);
    // The token request is in the log like any other.
    assert!(org.requests().iter().any(|r| r.uri == TOKEN_URL));
}

#[test]
fn an_ec_key_signs_with_es256_and_a_single_key_needs_no_kid() {
    let org = org(1);
    let ec = Key::ec(test_keys::EC);
    org.add_service_app(ServiceApp {
        client_id: SERVICE.to_owned(),
        public_keys: vec![ec.public.clone()],
        scopes: vec!["okta.users.read".to_owned()],
        require_dpop: false,
    });
    let response = client_credentials(
        &org,
        "okta.users.read",
        &assertion_with(&ec, None, |_| {}),
        None,
    );
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.body());
}

#[test]
fn assertions_are_checked() {
    let org = service_org(false);
    let bad = |assertion: String, description: &str| {
        let response = client_credentials(&org, "okta.users.read", &assertion, None);
        assert_oauth_error(&response, 401, "invalid_client", description);
    };
    let other = Key::rsa(test_keys::RSA_OTHER);
    bad(
        assertion_with(&other, Some("k1"), |_| {}),
        "The client_assertion signature is invalid.",
    );
    bad(
        assertion_with(&rsa(), Some("k2"), |_| {}),
        "The client_assertion JWT kid is invalid.",
    );
    let audience =
        "The audience claim for client_assertion must be the endpoint invoked for the request.";
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("aud".into(), json!(ORIGIN));
        }),
        audience,
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("aud".into(), json!(format!("{TOKEN_URL}?x=1")));
        }),
        audience,
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("exp".into(), json!(NOW - 1));
        }),
        "The client_assertion token is expired.",
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.remove("exp");
        }),
        "The client_assertion token is expired.",
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("exp".into(), json!(NOW + 7200));
        }),
        "The client_assertion token has an expiration too far into the future.",
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("iat".into(), json!(NOW + 600));
        }),
        "The client_assertion token was issued in the future.",
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.remove("jti");
        }),
        "The client_assertion token must have a 'jti' claim.",
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("sub".into(), json!("someone-else"));
        }),
        "The client_assertion JWT 'iss' and 'sub' claims must both be the client_id.",
    );
    bad(
        assertion_with(&rsa(), Some("k1"), |c| {
            c.insert("iss".into(), json!("0oaunknown"));
            c.insert("sub".into(), json!("0oaunknown"));
        }),
        "Invalid value for the `client_id` parameter",
    );
    bad(
        "not.a.jwt".to_owned(),
        "The client_assertion JWT is malformed.",
    );
    // An aud list naming the token URL is fine.
    let listed = assertion_with(&rsa(), Some("k1"), |c| {
        c.insert("aud".into(), json!([ORIGIN, TOKEN_URL]));
    });
    assert_eq!(
        client_credentials(&org, "okta.users.read", &listed, None).status(),
        StatusCode::OK
    );
    assert_eq!(org.issued_tokens(SERVICE), 1);
}

#[test]
fn a_replayed_assertion_is_refused() {
    let org = service_org(false);
    let once = assertion();
    assert_eq!(
        client_credentials(&org, "okta.users.read", &once, None).status(),
        StatusCode::OK
    );
    let again = client_credentials(&org, "okta.users.read", &once, None);
    assert_oauth_error(
        &again,
        401,
        "invalid_client",
        "The client_assertion token has already been used.",
    );
}

#[test]
fn several_keys_need_a_kid() {
    let org = org(1);
    let (one, two) = (rsa(), Key::rsa(test_keys::RSA_OTHER));
    org.add_service_app(ServiceApp {
        client_id: SERVICE.to_owned(),
        public_keys: vec![one.with_kid("k1"), two.with_kid("k2")],
        scopes: vec!["okta.users.read".to_owned()],
        require_dpop: false,
    });
    let without = client_credentials(
        &org,
        "okta.users.read",
        &assertion_with(&two, None, |_| {}),
        None,
    );
    assert_oauth_error(
        &without,
        401,
        "invalid_client",
        "The client_assertion JWT kid is invalid.",
    );
    let with = client_credentials(
        &org,
        "okta.users.read",
        &assertion_with(&two, Some("k2"), |_| {}),
        None,
    );
    assert_eq!(with.status(), StatusCode::OK);
}

#[test]
fn scopes_are_granted_as_a_real_org_grants_them() {
    let org = service_org(false);
    let request = |scope: &str| client_credentials(&org, scope, &assertion(), None);
    assert_oauth_error(
        &request(""),
        400,
        "invalid_scope",
        "No scopes were requested.",
    );
    assert_oauth_error(
        &request("okta.users.read okta.nonsense.read"),
        400,
        "invalid_scope",
        "One or more scopes are not configured for the authorization server resource.",
    );
    assert_oauth_error(
        &request("openid okta.users.read"),
        400,
        "invalid_scope",
        "Client Credentials requests cannot contain OpenID scopes.",
    );
    assert_oauth_error(
        &request("okta.apps.read"),
        400,
        "consent_required",
        "You are not allowed any of the requested scopes.",
    );
    // Scopes not granted are left out of the token, not refused.
    let partial = request("okta.users.read okta.apps.manage okta.groups.manage");
    assert_eq!(
        json_of(&partial)["scope"],
        "okta.users.read okta.groups.manage"
    );
}

#[test]
fn token_requests_are_checked() {
    let org = service_org(false);
    let assertion_type = (
        "client_assertion_type",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    );
    let a = assertion();
    let no_grant = post_token(
        &org,
        &[
            ("scope", "okta.users.read"),
            assertion_type,
            ("client_assertion", &a),
        ],
        &[],
    );
    assert_oauth_error(
        &no_grant,
        400,
        "invalid_request",
        "The 'grant_type' parameter is required.",
    );
    let password = post_token(&org, &[("grant_type", "password")], &[]);
    assert_oauth_error(
        &password,
        400,
        "unsupported_grant_type",
        "The grant type in the request isn't supported.",
    );
    let nobody = post_token(
        &org,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "okta.users.read"),
        ],
        &[],
    );
    assert_oauth_error(
        &nobody,
        401,
        "invalid_client",
        "No client credentials found",
    );
    let wrong_type = post_token(
        &org,
        &[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", "jwt"),
            ("client_assertion", &assertion()),
        ],
        &[],
    );
    assert_oauth_error(
        &wrong_type,
        400,
        "invalid_request",
        "The `client_assertion_type` is invalid.",
    );
    let twice = post_token(
        &org,
        &[
            ("grant_type", "client_credentials"),
            ("client_secret", "x"),
            assertion_type,
            ("client_assertion", &assertion()),
        ],
        &[],
    );
    assert_eq!(json_of(&twice)["error"], "invalid_request");
    let repeated = post_token(
        &org,
        &[
            ("grant_type", "client_credentials"),
            ("grant_type", "client_credentials"),
        ],
        &[],
    );
    assert_oauth_error(
        &repeated,
        400,
        "invalid_request",
        "The 'grant_type' parameter was included more than once.",
    );
    let code_grant = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            assertion_type,
            ("client_assertion", &assertion()),
        ],
        &[],
    );
    assert_oauth_error(
        &code_grant,
        400,
        "unauthorized_client",
        "The client is not authorized to use the provided grant type. Configured grant types: [client_credentials].",
    );
    let get = send(&org, Request::get(TOKEN_URL).body(Bytes::new()).unwrap());
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[test]
fn dpop_missing_then_nonce_challenge_then_token() {
    let org = service_org(true);
    let missing = client_credentials(&org, "okta.users.read", &assertion(), None);
    assert_oauth_error(
        &missing,
        400,
        "invalid_dpop_proof",
        "The DPoP proof JWT header is missing.",
    );
    assert_eq!(header(&missing, "cache-control"), "no-cache, no-store");

    let (token, nonce) = dpop_token(&org, "okta.users.read");
    assert!(!nonce.is_empty());
    assert_eq!(org.issued_tokens(SERVICE), 1);
    let url = format!("{ORIGIN}/api/v1/users");
    let call = |proof: &str| {
        api(
            &org,
            Method::GET,
            "/api/v1/users?limit=1",
            &format!("DPoP {token}"),
            Some(proof),
        )
    };
    let good = proof("GET", &url, None, Some(&token));
    assert_eq!(call(&good).status(), StatusCode::OK);
    // A proof is good for one request only.
    let replayed = call(&good);
    assert_eq!(replayed.status(), StatusCode::BAD_REQUEST);
    assert!(header(&replayed, "www-authenticate").contains("'jti' claim"));
    // A DPoP-bound token is no Bearer token, and needs a proof.
    let as_bearer = api(
        &org,
        Method::GET,
        "/api/v1/users",
        &format!("Bearer {token}"),
        None,
    );
    assert_eq!(as_bearer.status(), StatusCode::UNAUTHORIZED);
    let no_proof = api(
        &org,
        Method::GET,
        "/api/v1/users",
        &format!("DPoP {token}"),
        None,
    );
    assert_eq!(no_proof.status(), StatusCode::BAD_REQUEST);
    assert!(
        header(&no_proof, "www-authenticate")
            .contains(r#"error_description="The DPoP proof JWT header is missing.""#)
    );
}

#[test]
fn the_nonce_is_required_on_every_token_proof() {
    let org = service_org(true);
    let (_, nonce) = dpop_token(&org, "okta.users.read");
    // The same nonce works for the next token, and every answer to a proof repeats it.
    let again = client_credentials(
        &org,
        "okta.users.read",
        &assertion(),
        Some(&proof("POST", TOKEN_URL, Some(&nonce), None)),
    );
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(header(&again, "dpop-nonce"), nonce);
    let guessed = client_credentials(
        &org,
        "okta.users.read",
        &assertion(),
        Some(&proof("POST", TOKEN_URL, Some("guess"), None)),
    );
    assert_oauth_error(
        &guessed,
        400,
        "use_dpop_nonce",
        "Authorization server requires nonce in DPoP proof.",
    );
}

#[test]
fn token_endpoint_proofs_are_checked() {
    let org = service_org(true);
    let nonce = header(
        &client_credentials(
            &org,
            "okta.users.read",
            &assertion(),
            Some(&proof("POST", TOKEN_URL, None, None)),
        ),
        "dpop-nonce",
    )
    .to_owned();
    let bad = |proof: String, description: &str| {
        let response = client_credentials(&org, "okta.users.read", &assertion(), Some(&proof));
        assert_oauth_error(&response, 400, "invalid_dpop_proof", description);
    };
    let key = dpop_key();
    let n = Some(nonce.as_str());
    bad("garbage".to_owned(), "DPoP proof JWT cannot be parsed.");
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |h, _| {
            h["typ"] = json!("JWT")
        }),
        "'typ' header in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |h, _| {
            h["alg"] = json!("HS256")
        }),
        "'alg' header in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |h, _| {
            h["jwk"]["d"] = json!("AAAA")
        }),
        "'jwk' header in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |h, _| {
            h.as_object_mut().unwrap().remove("jwk");
        }),
        "'jwk' header in the DPoP proof JWT is invalid.",
    );
    let other = Key::ec(test_keys::EC);
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |h, _| {
            h["jwk"] = other.public.clone()
        }),
        "DPoP proof JWT signature is invalid.",
    );
    bad(
        proof_with(&key, "GET", TOKEN_URL, n, None, |_, _| {}),
        "'htm' claim in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(
            &key,
            "POST",
            &format!("{ORIGIN}/oauth2/default/v1/token"),
            n,
            None,
            |_, _| {},
        ),
        "'htu' claim in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(
            &key,
            "POST",
            &format!("{TOKEN_URL}?x=1"),
            n,
            None,
            |_, _| {},
        ),
        "'htu' claim in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |_, c| {
            c["iat"] = json!(NOW - 600)
        }),
        "'iat' claim in the DPoP proof JWT is invalid.",
    );
    bad(
        proof_with(&key, "POST", TOKEN_URL, n, None, |_, c| {
            c.as_object_mut().unwrap().remove("jti");
        }),
        "'jti' claim in the DPoP proof JWT is invalid.",
    );
    // An RSA proof key is fine too.
    let rsa_proof = proof_with(
        &Key::rsa(test_keys::RSA_OTHER),
        "POST",
        TOKEN_URL,
        n,
        None,
        |_, _| {},
    );
    assert_eq!(
        client_credentials(&org, "okta.users.read", &assertion(), Some(&rsa_proof)).status(),
        StatusCode::OK
    );
}

#[test]
fn an_app_without_dpop_takes_a_proof_or_none() {
    let org = service_org(false);
    assert_eq!(
        json_of(&client_credentials(
            &org,
            "okta.users.read",
            &assertion(),
            None
        ))["token_type"],
        "Bearer"
    );
    let (token, _) = dpop_token(&org, "okta.users.read");
    let url = format!("{ORIGIN}/api/v1/users");
    let ok = api(
        &org,
        Method::GET,
        "/api/v1/users",
        &format!("DPoP {token}"),
        Some(&proof("GET", &url, None, Some(&token))),
    );
    assert_eq!(ok.status(), StatusCode::OK);
}

#[test]
fn resource_proofs_are_checked() {
    let org = service_org(true);
    let (token, _) = dpop_token(&org, "okta.users.read");
    let login_path = "/api/v1/users/admin%40example.com";
    let call = |path: &str, proof: String| {
        api(
            &org,
            Method::GET,
            path,
            &format!("DPoP {token}"),
            Some(&proof),
        )
    };
    let refused = |response: Response<Bytes>, claim: &str| {
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.body().is_empty());
        let challenge = header(&response, "www-authenticate");
        assert!(challenge.starts_with(r#"DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", authorization_uri="https://fake-org.okta.com/oauth2/v1/authorize""#), "{challenge}");
        assert!(challenge.contains(&format!(r#"error="invalid_dpop_proof", error_description="'{claim}' claim in the DPoP proof JWT is invalid.""#)), "{challenge}");
    };
    let users = format!("{ORIGIN}/api/v1/users");
    // htu keeps the query: refused (okta-sdk-golang #468).
    refused(
        call(
            "/api/v1/users?limit=1",
            proof("GET", &format!("{users}?limit=1"), None, Some(&token)),
        ),
        "htu",
    );
    refused(
        call("/api/v1/users", proof("POST", &users, None, Some(&token))),
        "htm",
    );
    refused(
        call(
            "/api/v1/users",
            proof("GET", &users, None, Some("another-token")),
        ),
        "ath",
    );
    refused(
        call("/api/v1/users", proof("GET", &users, None, None)),
        "ath",
    );
    // Okta compares htu with the path percent-decoded: `%40` in htu fails, `@` passes.
    refused(
        call(
            login_path,
            proof("GET", &format!("{ORIGIN}{login_path}"), None, Some(&token)),
        ),
        "htu",
    );
    let decoded = call(
        login_path,
        proof(
            "GET",
            &format!("{ORIGIN}/api/v1/users/admin@example.com"),
            None,
            Some(&token),
        ),
    );
    assert_eq!(decoded.status(), StatusCode::OK);
    assert_eq!(json_of(&decoded)["profile"]["login"], "admin@example.com");
    // A proof by another key than the token's: the binding fails.
    let stranger = proof_with(
        &Key::ec(test_keys::EC),
        "GET",
        &users,
        None,
        Some(&token),
        |_, _| {},
    );
    let unbound = call("/api/v1/users", stranger);
    assert_eq!(unbound.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&unbound, "www-authenticate").contains(r#"error="invalid_token""#));
}

#[test]
fn the_resource_server_can_require_a_nonce() {
    let org = service_org(true);
    let (token, token_nonce) = dpop_token(&org, "okta.users.read");
    org.set_resource_dpop_nonce(true);
    let url = format!("{ORIGIN}/api/v1/users");
    let call = |nonce: Option<&str>| {
        api(
            &org,
            Method::GET,
            "/api/v1/users",
            &format!("DPoP {token}"),
            Some(&proof("GET", &url, nonce, Some(&token))),
        )
    };
    let challenged = call(None);
    assert_eq!(challenged.status(), StatusCode::UNAUTHORIZED);
    assert!(challenged.body().is_empty());
    let challenge = header(&challenged, "www-authenticate");
    assert!(challenge.starts_with("DPoP algs="), "{challenge}");
    assert!(challenge.contains(r#"error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#), "{challenge}");
    let nonce = header(&challenged, "dpop-nonce").to_owned();
    assert!(!nonce.is_empty());
    assert_ne!(
        nonce, token_nonce,
        "the resource server has nonces of its own"
    );
    assert_eq!(call(Some(&token_nonce)).status(), StatusCode::UNAUTHORIZED);
    assert_eq!(call(Some(&nonce)).status(), StatusCode::OK);
    org.set_resource_dpop_nonce(false);
    assert_eq!(call(None).status(), StatusCode::OK);
}

#[test]
fn each_endpoint_requires_its_scope() {
    let org = service_org(false);
    let token = bearer(&org, "okta.users.read okta.groups.manage");
    let auth = format!("Bearer {token}");
    let forbidden = api(
        &org,
        Method::DELETE,
        "/api/v1/users/00u0000000000000000/sessions",
        &auth,
        None,
    );
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    assert!(forbidden.body().is_empty());
    assert!(forbidden.headers().get("content-type").is_none());
    assert_eq!(
        header(&forbidden, "www-authenticate"),
        r#"Bearer authorization_uri="https://fake-org.okta.com/oauth2/v1/authorize", realm="https://fake-org.okta.com", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users/00u0000000000000000/sessions""#
    );
    assert!(!header(&forbidden, "x-okta-request-id").is_empty());
    assert_eq!(
        api(&org, Method::GET, "/api/v1/users/me/groups", &auth, None).status(),
        StatusCode::OK
    );
    // okta.users.manage also reads users.
    let manage = format!("Bearer {}", bearer(&org, "okta.users.manage"));
    assert_eq!(
        api(&org, Method::GET, "/api/v1/users?limit=1", &manage, None).status(),
        StatusCode::OK
    );
    let types = api(&org, Method::GET, "/api/v1/meta/types/user", &auth, None);
    assert_eq!(types.status(), StatusCode::FORBIDDEN);
    assert!(header(&types, "www-authenticate").contains(r#"scope="okta.userTypes.read""#));
    // An unknown path is still the router's 404.
    assert_eq!(
        api(&org, Method::GET, "/api/v1/nothing", &auth, None).status(),
        StatusCode::NOT_FOUND
    );

    let (dpop, _) = dpop_token(&org, "okta.users.read");
    let url = format!("{ORIGIN}/api/v1/groups");
    let denied = api(
        &org,
        Method::GET,
        "/api/v1/groups",
        &format!("DPoP {dpop}"),
        Some(&proof("GET", &url, None, Some(&dpop))),
    );
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert!(header(&denied, "www-authenticate").starts_with(r#"DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", authorization_uri="https://fake-org.okta.com/oauth2/v1/authorize", realm="https://fake-org.okta.com", scope="okta.groups.read", error="insufficient_scope""#));
}

#[test]
fn revoked_and_expired_tokens_answer_401() {
    let (org, clock) = org_with_clock(3);
    org.add_service_app(ServiceApp {
        client_id: SERVICE.to_owned(),
        public_keys: vec![rsa().with_kid("k1")],
        scopes: vec!["okta.users.read".to_owned()],
        require_dpop: false,
    });
    let token = bearer(&org, "okta.users.read");
    let call = |token: &str| {
        api(
            &org,
            Method::GET,
            "/api/v1/users",
            &format!("Bearer {token}"),
            None,
        )
    };
    assert_eq!(call(&token).status(), StatusCode::OK);
    org.revoke_access_tokens(SERVICE);
    let revoked = call(&token);
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(&revoked)["errorCode"], "E0000011");
    assert_eq!(
        header(&revoked, "www-authenticate"),
        r#"Bearer authorization_uri="https://fake-org.okta.com/oauth2/v1/authorize", realm="https://fake-org.okta.com", scope="okta.users.read", error="invalid_token", error_description="The access token is invalid.", resource="/api/v1/users""#
    );
    // A new token works; expiring it (or letting its hour pass) ends it.
    let fresh = bearer(&org, "okta.users.read");
    assert_eq!(call(&fresh).status(), StatusCode::OK);
    org.expire_access_tokens(SERVICE);
    assert_eq!(call(&fresh).status(), StatusCode::UNAUTHORIZED);
    let later = bearer(&org, "okta.users.read");
    clock.fetch_add(3599, Ordering::SeqCst);
    assert_eq!(call(&later).status(), StatusCode::OK);
    clock.fetch_add(1, Ordering::SeqCst);
    assert_eq!(call(&later).status(), StatusCode::UNAUTHORIZED);
    assert_eq!(call("made-up").status(), StatusCode::UNAUTHORIZED);
    assert_eq!(org.issued_tokens(SERVICE), 3);
    // The API token is unaffected by all of this.
    let ssws = api(
        &org,
        Method::GET,
        "/api/v1/users",
        &format!("SSWS {}", org.api_token()),
        None,
    );
    assert_eq!(ssws.status(), StatusCode::OK);
}

// --- Authorization code ---

fn web_org(refresh_tokens: bool, require_dpop: bool) -> FakeOrg {
    let org = org(3);
    org.add_web_app(WebApp {
        client_id: WEB.to_owned(),
        client_secret: SECRET.to_owned(),
        redirect_uris: vec![REDIRECT.to_owned()],
        scopes: vec!["okta.users.read".to_owned(), "okta.users.manage".to_owned()],
        require_dpop,
        refresh_tokens,
    });
    org
}

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn authorize(org: &FakeOrg, pairs: &[(&str, &str)]) -> Response<Bytes> {
    let uri = format!("{ORIGIN}/oauth2/v1/authorize?{}", form(pairs));
    send(org, Request::get(uri).body(Bytes::new()).unwrap())
}

fn authorize_ok(org: &FakeOrg, scope: &str) -> String {
    let challenge = base64url_sha256(VERIFIER.as_bytes());
    let response = authorize(
        org,
        &[
            ("client_id", WEB),
            ("response_type", "code"),
            ("scope", scope),
            ("redirect_uri", REDIRECT),
            ("state", "st-1"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "{:?}",
        response.body()
    );
    let location = header(&response, "location");
    let query = location
        .strip_prefix(&format!("{REDIRECT}?code="))
        .unwrap_or_else(|| panic!("{location}"));
    let (code, state) = query.split_once("&state=").unwrap();
    assert_eq!(state, "st-1");
    code.to_owned()
}

fn basic() -> String {
    format!("Basic {}", STANDARD.encode(format!("{WEB}:{SECRET}")))
}

fn exchange(org: &FakeOrg, code: &str, verifier: &str) -> Response<Bytes> {
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
    ];
    post_token(org, &pairs, &[("authorization", &basic())])
}

fn refresh(org: &FakeOrg, token: &str, scope: Option<&str>) -> Response<Bytes> {
    let mut pairs = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", token),
        ("client_id", WEB),
        ("client_secret", SECRET),
    ];
    pairs.extend(scope.map(|scope| ("scope", scope)));
    post_token(org, &pairs, &[])
}

#[test]
fn authorization_code_with_pkce_and_refresh_rotation() {
    let org = web_org(true, false);
    let code = authorize_ok(
        &org,
        "openid okta.users.read okta.users.manage okta.groups.read offline_access",
    );
    let wrong = exchange(&org, &code, &"x".repeat(43));
    assert_oauth_error(&wrong, 400, "invalid_grant", "PKCE verification failed.");
    // The failed attempt spent the code.
    let spent = exchange(&org, &code, VERIFIER);
    assert_oauth_error(
        &spent,
        400,
        "invalid_grant",
        "The authorization code is invalid or has expired.",
    );

    let code = authorize_ok(
        &org,
        "openid okta.users.read okta.users.manage okta.groups.read offline_access",
    );
    let response = exchange(&org, &code, VERIFIER);
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.body());
    let body = json_of(&response);
    assert_eq!(body["token_type"], "Bearer");
    // okta.groups.read is not granted to the app: left out.
    assert_eq!(
        body["scope"],
        "openid okta.users.read okta.users.manage offline_access"
    );
    let access = body["access_token"].as_str().unwrap().to_owned();
    let first_refresh = body["refresh_token"].as_str().unwrap().to_owned();
    let me = api(
        &org,
        Method::GET,
        "/api/v1/users/me",
        &format!("Bearer {access}"),
        None,
    );
    assert_eq!(me.status(), StatusCode::OK);
    assert_oauth_error(
        &exchange(&org, &code, VERIFIER),
        400,
        "invalid_grant",
        "The authorization code is invalid or has expired.",
    );

    // Refresh rotates: the new refresh token works, the old one no longer does.
    let rotated = refresh(&org, &first_refresh, Some("okta.users.read"));
    assert_eq!(rotated.status(), StatusCode::OK, "{:?}", rotated.body());
    let rotated = json_of(&rotated);
    assert_eq!(rotated["scope"], "okta.users.read");
    let second_refresh = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, first_refresh);
    assert_oauth_error(
        &refresh(&org, &first_refresh, None),
        400,
        "invalid_grant",
        "The refresh token is invalid or expired.",
    );
    // The next refresh may again ask for everything first granted.
    let full = json_of(&refresh(&org, &second_refresh, None));
    assert_eq!(
        full["scope"],
        "openid okta.users.read okta.users.manage offline_access"
    );
    let narrower = refresh(
        &org,
        full["refresh_token"].as_str().unwrap(),
        Some("okta.apps.read"),
    );
    assert_eq!(json_of(&narrower)["error"], "invalid_scope");
    assert_eq!(org.issued_tokens(WEB), 3);
    // A revoked access token is recovered from by refreshing.
    org.revoke_access_tokens(WEB);
    let after = refresh(&org, full["refresh_token"].as_str().unwrap(), None);
    assert_eq!(after.status(), StatusCode::OK);
}

#[test]
fn refresh_tokens_need_offline_access_and_the_grant() {
    let org = web_org(true, false);
    let code = authorize_ok(&org, "okta.users.read");
    let body = json_of(&exchange(&org, &code, VERIFIER));
    assert!(body.get("refresh_token").is_none(), "{body}");

    let org = web_org(false, false);
    let code = authorize_ok(&org, "okta.users.read offline_access");
    let body = json_of(&exchange(&org, &code, VERIFIER));
    assert_eq!(body["scope"], "okta.users.read");
    assert!(body.get("refresh_token").is_none(), "{body}");
    let refused = refresh(&org, "anything", None);
    assert_eq!(json_of(&refused)["error"], "unauthorized_client");
}

#[test]
fn code_exchange_checks_the_client_and_redirect_uri() {
    let org = web_org(true, false);
    let code = authorize_ok(&org, "okta.users.read");
    let wrong_secret = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
        &[(
            "authorization",
            &format!("Basic {}", STANDARD.encode(format!("{WEB}:nope"))),
        )],
    );
    assert_oauth_error(
        &wrong_secret,
        401,
        "invalid_client",
        "The client secret supplied for a confidential client is invalid.",
    );
    let elsewhere = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://evil.example.com/cb"),
            ("code_verifier", VERIFIER),
        ],
        &[("authorization", &basic())],
    );
    assert_eq!(json_of(&elsewhere)["error"], "invalid_grant");
    // client_secret_post works as well as Basic.
    let code = authorize_ok(&org, "okta.users.read");
    let posted = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
            ("client_id", WEB),
            ("client_secret", SECRET),
        ],
        &[],
    );
    assert_eq!(posted.status(), StatusCode::OK);
}

#[test]
fn codes_live_five_minutes() {
    let (org, clock) = org_with_clock(1);
    org.add_web_app(WebApp {
        client_id: WEB.to_owned(),
        client_secret: SECRET.to_owned(),
        redirect_uris: vec![REDIRECT.to_owned()],
        scopes: vec!["okta.users.read".to_owned()],
        require_dpop: false,
        refresh_tokens: false,
    });
    let code = authorize_ok(&org, "okta.users.read");
    clock.fetch_add(300, Ordering::SeqCst);
    assert_eq!(
        json_of(&exchange(&org, &code, VERIFIER))["error"],
        "invalid_grant"
    );
}

#[test]
fn a_web_app_can_require_dpop() {
    let org = web_org(true, true);
    let code = authorize_ok(&org, "okta.users.read offline_access");
    let missing = exchange(&org, &code, VERIFIER);
    assert_oauth_error(
        &missing,
        400,
        "invalid_dpop_proof",
        "The DPoP proof JWT header is missing.",
    );
    let code = authorize_ok(&org, "okta.users.read offline_access");
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
    ];
    let first = post_token(
        &org,
        &pairs,
        &[
            ("authorization", &basic()),
            ("dpop", &proof("POST", TOKEN_URL, None, None)),
        ],
    );
    let nonce = header(&first, "dpop-nonce").to_owned();
    // The nonce challenge came before the code was looked at: it is still good.
    let second = post_token(
        &org,
        &pairs,
        &[
            ("authorization", &basic()),
            ("dpop", &proof("POST", TOKEN_URL, Some(&nonce), None)),
        ],
    );
    assert_eq!(second.status(), StatusCode::OK, "{:?}", second.body());
    assert_eq!(json_of(&second)["token_type"], "DPoP");
}

#[test]
fn authorize_errors() {
    let org = web_org(true, false);
    let base = [
        ("response_type", "code"),
        ("scope", "okta.users.read"),
        ("state", "s1"),
    ];
    let with = |extra: &[(&str, &str)]| {
        let mut pairs = base.to_vec();
        pairs.extend_from_slice(extra);
        authorize(&org, &pairs)
    };
    // Not redirected: unknown client, unregistered redirect URI.
    let unknown = with(&[("client_id", "0oanobody"), ("redirect_uri", REDIRECT)]);
    assert_oauth_error(
        &unknown,
        400,
        "invalid_client",
        "Invalid value for the `client_id` parameter",
    );
    let elsewhere = with(&[
        ("client_id", WEB),
        ("redirect_uri", "https://evil.example.com/cb"),
    ]);
    assert_eq!(
        (elsewhere.status(), json_of(&elsewhere)["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
    assert!(elsewhere.headers().get("location").is_none());
    // Redirected with error and state.
    let redirected = |pairs: &[(&str, &str)]| {
        let response = authorize(&org, pairs);
        assert_eq!(response.status(), StatusCode::FOUND);
        header(&response, "location").to_owned()
    };
    let token_type = redirected(&[
        ("client_id", WEB),
        ("redirect_uri", REDIRECT),
        ("response_type", "token"),
        ("scope", "okta.users.read"),
        ("state", "s1"),
    ]);
    assert!(
        token_type.starts_with(&format!(
            "{REDIRECT}?error=unsupported_response_type&error_description="
        )),
        "{token_type}"
    );
    assert!(token_type.ends_with("&state=s1"), "{token_type}");
    let stateless = redirected(&[
        ("client_id", WEB),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "okta.users.read"),
    ]);
    assert!(
        stateless.starts_with(&format!("{REDIRECT}?error=invalid_request")),
        "{stateless}"
    );
    let plain = redirected(&[
        ("client_id", WEB),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "okta.users.read"),
        ("state", "s1"),
        ("code_challenge", VERIFIER),
        ("code_challenge_method", "plain"),
    ]);
    assert!(plain.contains("error=invalid_request"), "{plain}");
    let ungranted = redirected(&[
        ("client_id", WEB),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "okta.apps.read"),
        ("state", "s1"),
    ]);
    assert!(ungranted.contains("error=consent_required"), "{ungranted}");
    let unknown_scope = redirected(&[
        ("client_id", WEB),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "nonsense"),
        ("state", "s 1"),
    ]);
    assert!(
        unknown_scope.contains("error=invalid_scope") && unknown_scope.ends_with("&state=s%201"),
        "{unknown_scope}"
    );
}

#[test]
fn faults_and_rate_limits_apply_to_the_token_endpoint() {
    let org = service_org(false);
    org.inject(Fault::new(FaultKind::ServerError(500)).on(Method::POST, "/oauth2/v1/token"));
    let failed = client_credentials(&org, "okta.users.read", &assertion(), None);
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(json_of(&failed)["errorCode"], "E0000009");
    let ok = client_credentials(&org, "okta.users.read", &assertion(), None);
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(header(&ok, "x-rate-limit-remaining"), "148");
    assert_eq!(org.requests().len(), 2);
    assert_eq!(org.issued_tokens(SERVICE), 1);
}

#[test]
fn hostile_input_never_panics() {
    let org = service_org(true);
    let (token, _) = dpop_token(&org, "okta.users.read");
    for authorization in [
        "DPoP",
        "Bearer ",
        "DPoP \u{e9}",
        "Basic !!!",
        "Bearer a b c",
    ] {
        let _ = api(
            &org,
            Method::GET,
            "/api/v1/users",
            authorization,
            Some("x.y.z"),
        );
    }
    for proof in ["", ".", "..", "a.b.c", "eyJ9.eyJ9.eyJ9"] {
        let _ = api(
            &org,
            Method::GET,
            "/api/v1/users",
            &format!("DPoP {token}"),
            Some(proof),
        );
        let _ = client_credentials(&org, "okta.users.read", &assertion(), Some(proof));
    }
    let huge = format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode("{}"),
        "e".repeat(20_000)
    );
    let _ = client_credentials(&org, "okta.users.read", &huge, None);
    let _ = post_token(
        &org,
        &[("grant_type", "authorization_code"), ("client_id", WEB)],
        &[("authorization", "Basic !!")],
    );
    let body = Request::post(TOKEN_URL)
        .header("content-type", "application/json")
        .body(Bytes::from_static(b"{}"))
        .unwrap();
    assert_eq!(json_of(&send(&org, body))["error"], "invalid_request");
}
