//! The two OAuth 2.0 connections, through the built component, against fake orgs that speak OAuth: client
//! credentials with `private_key_jwt` (every key format, DPoP on, off and automatic, nonce challenges, token reuse,
//! revocation, scope and credential errors) and the authorization code flow with refresh. No secret may reach an
//! output, an error, a trace or a log.

mod keys;

use okta_harness::fake_apps::{self, DEFAULT_REDIRECT_URI, WEB_CLIENT_ID};
use okta_harness::fake_org::{
    FakeOrg, FakeOrgConfig, Fault, FaultKind, RecordedRequest, ServiceApp, WebApp,
};
use okta_harness::{
    ActionOutput, CallOptions, Connection, ErrorKind, GuestError, NO_INPUTS, Outcome, Route,
    tokio_clock,
};
use serde_json::Value;

use crate::common::{harness, path_of};

/// What the test service apps are granted, and what their connections ask for.
const SCOPES: &str = "okta.users.read okta.users.manage okta.groups.read";

/// A fake org with the harness's default apps, plus whatever apps a test registers.
struct OAuthOrg {
    org: FakeOrg,
}

impl OAuthOrg {
    fn new() -> OAuthOrg {
        let org = FakeOrg::new(FakeOrgConfig {
            users: 20,
            clock: tokio_clock(),
            ..FakeOrgConfig::default()
        });
        fake_apps::register_default_apps(&org);
        OAuthOrg { org }
    }

    /// Registers a service app that knows `public_jwk` (JSON) and is granted [`SCOPES`].
    fn service_app(&self, client_id: &str, public_jwk: &str, require_dpop: bool) {
        self.org.add_service_app(ServiceApp {
            client_id: client_id.to_owned(),
            public_keys: vec![serde_json::from_str(public_jwk).expect("a JWK")],
            scopes: SCOPES.split(' ').map(str::to_owned).collect(),
            require_dpop,
        });
    }

    /// A registered service app (RSA PKCS#8 key) and its connection with DPoP `dpop`.
    fn service(&self, client_id: &str, require_dpop: bool, dpop: &str) -> Connection {
        self.service_app(client_id, keys::RSA_PKCS8_PUBLIC, require_dpop);
        client_credentials(client_id, keys::RSA_PKCS8, dpop)
    }

    fn options(&self) -> CallOptions {
        CallOptions::new(Route::Fake(self.org.clone())).trace(true)
    }

    async fn run(
        &self,
        connection: &Connection,
        action: &str,
        inputs: &[(&str, &str)],
    ) -> Outcome<ActionOutput> {
        harness()
            .perform(action, connection, inputs, self.options())
            .await
    }

    /// Runs an action and keeps the connection state it returns, as a platform does.
    async fn run_keeping(
        &self,
        connection: &mut Connection,
        action: &str,
        inputs: &[(&str, &str)],
    ) -> Outcome<ActionOutput> {
        let outcome = self.run(connection, action, inputs).await;
        connection.remember(&outcome);
        outcome
    }

    /// Requests to the token endpoint so far.
    fn token_requests(&self) -> Vec<RecordedRequest> {
        self.requests_to("/oauth2/v1/token")
    }

    /// Requests to the management API so far.
    fn api_requests(&self) -> Vec<RecordedRequest> {
        self.requests_to("/api/v1/")
    }

    fn requests_to(&self, prefix: &str) -> Vec<RecordedRequest> {
        self.org
            .requests()
            .into_iter()
            .filter(|r| path_of(&r.uri).starts_with(prefix))
            .collect()
    }

    /// GETs an authorize URL on the fake, as a browser would, and returns where it redirects.
    async fn authorize(&self, url: &str) -> String {
        okta_harness::login::follow_authorize(&Route::Fake(self.org.clone()), url)
            .await
            .unwrap_or_else(|e| panic!("authorize: {e}"))
    }
}

fn client_credentials(client_id: &str, private_key: &str, dpop: &str) -> Connection {
    Connection::new(
        "oauth2ClientCredentials",
        [
            ("oktaDomain", FakeOrg::DOMAIN),
            ("clientId", client_id),
            ("privateKey", private_key),
            ("scopes", SCOPES),
            ("dpop", dpop),
        ],
    )
}

/// The output of a call that must succeed; on failure, the panic shows the error, the trace and the log.
fn ok(what: &str, outcome: &Outcome<ActionOutput>) -> Value {
    match &outcome.result {
        Ok(output) => output.json(),
        Err(e) => panic!(
            "{what} failed: {e}\n{}\n{}",
            outcome.trace_text(),
            outcome.stderr
        ),
    }
}

/// The component's error of a call that must fail.
fn err<T: std::fmt::Debug>(what: &str, outcome: &Outcome<T>) -> GuestError {
    match &outcome.result {
        Ok(output) => {
            let shown: String = format!("{output:?}").chars().take(400).collect();
            panic!("{what} should have failed but returned {shown}")
        }
        Err(e) => e
            .guest()
            .cloned()
            .unwrap_or_else(|| panic!("{what}: not a guest error: {e}\n{}", outcome.stderr)),
    }
}

/// The `(name, value)` pairs of a form body.
fn form(request: &RecordedRequest) -> Vec<(String, String)> {
    String::from_utf8_lossy(&request.body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn form_value(request: &RecordedRequest, name: &str) -> Option<String> {
    form(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// `application/x-www-form-urlencoded` decoding.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JWT's header and claims.
fn jwt(token: &str) -> (Value, Value) {
    let mut parts = token.split('.');
    let mut part = || -> Value {
        let bytes = base64url(parts.next().expect("a JWT part"));
        serde_json::from_slice(&bytes).expect("a JSON JWT part")
    };
    (part(), part())
}

fn base64url(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            other => panic!("not base64url: {:?}", other as char),
        }
    };
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        buffer = (buffer << 6) | value(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// The access token an API request carried, and its scheme (`Bearer` or `DPoP`).
fn access_token(request: &RecordedRequest) -> (String, String) {
    let authorization = request
        .header("authorization")
        .expect("an Authorization header");
    let (scheme, token) = authorization.split_once(' ').expect("scheme and token");
    (scheme.to_owned(), token.to_owned())
}

/// The assertion's signing algorithm and `kid` on a client credentials token request.
fn assertion_header(request: &RecordedRequest) -> Value {
    let assertion = form_value(request, "client_assertion").expect("a client assertion");
    jwt(&assertion).0
}

// -----------------------------------------------------------------------------------------------------------
// Client credentials: keys
// -----------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_key_format_mints_a_token_and_lists_users() {
    let t = OAuthOrg::new();
    for (client_id, private_key, public_jwk, alg, kid) in [
        (
            "0oapkcs8rsa",
            keys::RSA_PKCS8,
            keys::RSA_PKCS8_PUBLIC,
            "RS256",
            None,
        ),
        (
            "0oapkcs1rsa",
            keys::RSA_PKCS1,
            keys::RSA_PKCS1_PUBLIC,
            "RS256",
            None,
        ),
        (
            "0oapkcs8ec",
            keys::EC_PKCS8,
            keys::EC_PKCS8_PUBLIC,
            "ES256",
            None,
        ),
        (
            "0oajwkrsa",
            keys::RSA_JWK,
            keys::RSA_JWK_PUBLIC,
            "RS256",
            Some("rsa-jwk-key"),
        ),
        (
            "0oajwkec",
            keys::EC_JWK,
            keys::EC_JWK_PUBLIC,
            "ES256",
            Some("ec-jwk-key"),
        ),
    ] {
        t.service_app(client_id, public_jwk, false);
        let before = t.token_requests().len();
        let connection = client_credentials(client_id, private_key, "off");
        let outcome = t.run(&connection, "listUsers", &[("limit", "3")]).await;
        let users = ok(client_id, &outcome);
        assert_eq!(
            users["data"].as_array().map(Vec::len),
            Some(3),
            "{client_id}"
        );
        assert_eq!(t.org.issued_tokens(client_id), 1, "{client_id}");
        assert!(
            outcome.connection_state().is_some(),
            "{client_id}: the minted token comes back as connection state"
        );
        let token_request = &t.token_requests()[before];
        let header = assertion_header(token_request);
        assert_eq!(header["alg"], alg, "{client_id}");
        assert_eq!(
            header["kid"].as_str(),
            kid,
            "{client_id}: a JWK's kid is sent"
        );
        let (_, claims) = jwt(&form_value(token_request, "client_assertion").unwrap());
        assert_eq!(claims["iss"], client_id);
        assert_eq!(claims["sub"], client_id);
        assert_eq!(
            claims["aud"],
            format!("https://{}/oauth2/v1/token", FakeOrg::DOMAIN)
        );
        assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    }
}

#[tokio::test]
async fn a_key_id_input_is_sent_as_the_assertions_kid() {
    let t = OAuthOrg::new();
    t.service_app("0oakid", keys::RSA_PKCS8_PUBLIC, false);
    let mut connection = client_credentials("0oakid", keys::RSA_PKCS8, "off");
    connection
        .fields
        .push(("keyId".to_owned(), "my-key-1".to_owned()));
    // The fake may or may not insist on a matching kid; what matters here is what the component sent.
    let _ = t.run(&connection, "listUsers", &[("limit", "1")]).await;
    let header = assertion_header(&t.token_requests()[0]);
    assert_eq!(header["kid"], "my-key-1");
}

#[tokio::test]
async fn malformed_and_public_keys_are_invalid_input_without_echo() {
    let t = OAuthOrg::new();
    t.service_app("0oabadkey", keys::RSA_PKCS8_PUBLIC, false);
    let body_line = keys::RSA_PKCS8.lines().nth(3).unwrap();
    for key in [
        format!("-----BEGIN PRIVATE KEY-----\n{body_line}\n-----END PRIVATE KEY-----"),
        keys::RSA_PKCS8_PUBLIC.to_owned(),
        format!("-----BEGIN PUBLIC KEY-----\n{body_line}\n-----END PUBLIC KEY-----"),
        "not a key at all".to_owned(),
    ] {
        let connection = client_credentials("0oabadkey", &key, "off");
        let outcome = t.run(&connection, "listUsers", &[("limit", "1")]).await;
        let error = err("a bad key", &outcome);
        match &error.kind {
            ErrorKind::InvalidInput { input, expected } => {
                assert_eq!(input, "privateKey");
                assert!(!expected.contains(body_line), "{expected}");
            }
            other => panic!("expected invalid-input, got {other:?}"),
        }
        assert!(!error.message.contains(body_line), "{}", error.message);
        assert!(!error.message.contains("\"n\":"), "{}", error.message);
    }
    assert!(
        t.org.requests().is_empty(),
        "nothing is sent with a bad key"
    );
}

/// The token and authorize URLs receive the client's credentials, so their host follows the Okta Domain's rules:
/// a public host name on 443, never an IP literal or an internal name.
#[tokio::test]
async fn token_and_authorize_urls_must_name_a_public_host() {
    let t = OAuthOrg::new();
    let with = |input: &str, url: &str| {
        let mut connection = web_app(&t, "0oaweb", "web-secret-0123456789");
        connection.fields.push((input.to_string(), url.to_string()));
        connection
    };
    for (input, url) in [
        ("tokenUrl", "https://169.254.169.254/oauth2/v1/token"),
        ("tokenUrl", "https://127.0.0.1:443/oauth2/v1/token"),
        ("tokenUrl", "https://0x7f.1/oauth2/v1/token"),
        ("tokenUrl", "https://[::1]/oauth2/v1/token"),
        ("tokenUrl", "https://metadata.google.internal/token"),
        ("tokenUrl", "https://fake-org.okta.com:8443/oauth2/v1/token"),
        ("tokenUrl", "https://user@fake-org.okta.com/oauth2/v1/token"),
        ("tokenUrl", "http://fake-org.okta.com/oauth2/v1/token"),
        ("authorizeUrl", "https://localhost/oauth2/v1/authorize"),
        ("authorizeUrl", "https://10.0.0.1/oauth2/v1/authorize"),
        (
            "authorizeUrl",
            "https://printer.local:443/oauth2/v1/authorize",
        ),
    ] {
        let start = harness()
            .start_authorization(&with(input, url), DEFAULT_REDIRECT_URI, t.options())
            .await;
        let error = err(url, &start);
        assert!(
            matches!(&error.kind, ErrorKind::InvalidInput { input: named, .. } if named == input),
            "{url}: {error}"
        );
    }
    assert!(t.org.requests().is_empty(), "nothing is sent");

    let start = harness()
        .start_authorization(
            &with(
                "authorizeUrl",
                "https://FAKE-ORG.okta.com:443/oauth2/v1/authorize",
            ),
            DEFAULT_REDIRECT_URI,
            t.options(),
        )
        .await;
    let url = start.result.expect("start-authorization").url;
    assert!(
        url.starts_with(&format!("https://{}/oauth2/v1/authorize?", FakeOrg::DOMAIN)),
        "the authorize URL is normalised: {url}"
    );
}

// -----------------------------------------------------------------------------------------------------------
// Client credentials: DPoP
// -----------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn dpop_on_and_off_against_apps_that_require_it_or_not() {
    let t = OAuthOrg::new();
    for (client_id, required, dpop) in [
        ("0oaonreq", true, "on"),
        ("0oaonopt", false, "on"),
        ("0oaoffopt", false, "off"),
    ] {
        let connection = t.service(client_id, required, dpop);
        let before = t.api_requests().len();
        let outcome = t.run(&connection, "listUsers", &[("limit", "2")]).await;
        ok(&format!("{client_id} dpop={dpop}"), &outcome);
        let api = &t.api_requests()[before..];
        let (scheme, _) = access_token(&api[0]);
        if dpop == "off" {
            assert_eq!(scheme, "Bearer", "{client_id}");
            assert!(api[0].header("dpop").is_none(), "{client_id}");
        }
        if required {
            assert_eq!(scheme, "DPoP", "{client_id}");
        }
        if scheme == "DPoP" {
            let proof = api[0]
                .header("dpop")
                .expect("a DPoP proof with a DPoP token");
            let (header, claims) = jwt(proof);
            assert_eq!(header["typ"], "dpop+jwt");
            assert!(
                header["jwk"].get("d").is_none(),
                "no private key in a proof"
            );
            assert_eq!(claims["htm"], "GET");
            assert_eq!(
                claims["htu"],
                format!("https://{}/api/v1/users", FakeOrg::DOMAIN),
                "htu without the query"
            );
            assert!(claims["ath"].is_string() && claims["jti"].is_string());
        }
    }
}

#[tokio::test]
async fn dpop_off_against_an_app_that_requires_it_names_the_dpop_input() {
    let t = OAuthOrg::new();
    let connection = t.service("0oaoffreq", true, "off");
    let outcome = t.run(&connection, "listUsers", &[("limit", "2")]).await;
    let error = err("dpop=off on a DPoP app", &outcome);
    match &error.kind {
        ErrorKind::InvalidInput { input, expected } => {
            assert_eq!(input, "dpop");
            assert!(
                expected.contains("on") || expected.contains("automatic"),
                "{expected}"
            );
        }
        other => panic!("expected invalid-input naming dpop, got {other:?}: {error}"),
    }
    assert!(t.api_requests().is_empty(), "no API call without a token");
    assert_eq!(t.org.issued_tokens("0oaoffreq"), 0);
}

#[tokio::test]
async fn automatic_dpop_switches_on_without_a_failed_call_and_remembers_it() {
    let t = OAuthOrg::new();
    // An app that requires DPoP: the first token request (without a proof) is refused, and the component
    // switches to DPoP inside the same call.
    let mut connection = t.service("0oaautoreq", true, "automatic");
    let outcome = t
        .run_keeping(&mut connection, "listUsers", &[("limit", "2")])
        .await;
    ok("automatic on a DPoP app", &outcome);
    let tokens = t.token_requests();
    assert!(
        tokens[0].header("dpop").is_none(),
        "automatic first tries without DPoP"
    );
    assert!(tokens[1..].iter().all(|r| r.header("dpop").is_some()));
    assert_eq!(access_token(&t.api_requests()[0]).0, "DPoP");
    assert_eq!(t.api_requests().len(), 1, "no failed API call");

    // The state remembers it: the next token (after the org expired this one) is asked for with DPoP at once.
    t.org.expire_access_tokens("0oaautoreq");
    let before = t.token_requests().len();
    let outcome = t
        .run_keeping(&mut connection, "listUsers", &[("limit", "2")])
        .await;
    ok("automatic, second token", &outcome);
    let later = &t.token_requests()[before..];
    assert!(!later.is_empty(), "an expired token is replaced");
    assert!(
        later.iter().all(|r| r.header("dpop").is_some()),
        "the state remembers that the app needs DPoP"
    );

    // An app that does not require DPoP: plain Bearer tokens, one token request.
    let optional = t.service("0oaautoopt", false, "automatic");
    let before = (t.token_requests().len(), t.api_requests().len());
    let outcome = t.run(&optional, "listUsers", &[("limit", "2")]).await;
    ok("automatic on a Bearer app", &outcome);
    assert_eq!(t.token_requests().len() - before.0, 1);
    assert!(t.token_requests()[before.0].header("dpop").is_none());
    assert_eq!(access_token(&t.api_requests()[before.1]).0, "Bearer");
}

#[tokio::test]
async fn the_token_endpoints_nonce_challenge_is_answered_with_a_fresh_assertion() {
    let t = OAuthOrg::new();
    let mut connection = t.service("0oanonce", true, "on");
    let outcome = t
        .run_keeping(&mut connection, "listUsers", &[("limit", "2")])
        .await;
    ok("DPoP with the nonce challenge", &outcome);
    let tokens = t.token_requests();
    assert_eq!(tokens.len(), 2, "the challenge, then the token");
    let (_, first) = jwt(tokens[0].header("dpop").unwrap());
    let (_, second) = jwt(tokens[1].header("dpop").unwrap());
    assert!(first.get("nonce").is_none());
    assert!(
        second["nonce"].is_string(),
        "the retry carries the DPoP-Nonce"
    );
    assert_ne!(first["jti"], second["jti"], "a new proof");
    let assertion_jti =
        |r: &RecordedRequest| jwt(&form_value(r, "client_assertion").unwrap()).1["jti"].clone();
    assert_ne!(
        assertion_jti(&tokens[0]),
        assertion_jti(&tokens[1]),
        "a new assertion"
    );
    assert_eq!(t.org.issued_tokens("0oanonce"), 1);

    // The nonce is kept with the token: the next token request uses it straight away.
    t.org.expire_access_tokens("0oanonce");
    let outcome = t
        .run_keeping(&mut connection, "listUsers", &[("limit", "2")])
        .await;
    ok("the second token", &outcome);
    let later = &t.token_requests()[2..];
    assert_eq!(later.len(), 1, "no second challenge");
    assert!(jwt(later[0].header("dpop").unwrap()).1["nonce"].is_string());
}

#[tokio::test]
async fn the_resource_servers_nonce_challenge_is_answered() {
    let t = OAuthOrg::new();
    t.org.set_resource_dpop_nonce(true);
    let mut connection = t.service("0oarsnonce", true, "on");
    let outcome = t
        .run_keeping(&mut connection, "listUsers", &[("limit", "2")])
        .await;
    ok("a DPoP call with the resource server's nonce", &outcome);
    let api = t.api_requests();
    assert_eq!(api.len(), 2, "the challenge, then the call");
    assert!(jwt(api[0].header("dpop").unwrap()).1.get("nonce").is_none());
    assert!(jwt(api[1].header("dpop").unwrap()).1["nonce"].is_string());
    assert_eq!(t.org.issued_tokens("0oarsnonce"), 1, "the token is kept");

    // Remembered: the next call sends the nonce at once.
    let outcome = t
        .run_keeping(&mut connection, "getUser", &[("id", "me")])
        .await;
    ok("the next call", &outcome);
    let later = &t.api_requests()[2..];
    assert_eq!(later.len(), 1, "no second challenge");
    assert!(jwt(later[0].header("dpop").unwrap()).1["nonce"].is_string());
}

// -----------------------------------------------------------------------------------------------------------
// Client credentials: token reuse and replacement
// -----------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn one_token_serves_a_hundred_actions() {
    let t = OAuthOrg::new();
    let mut connection = t.service("0oahundred", true, "automatic");
    for i in 0..100 {
        let outcome = t
            .run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await;
        ok(&format!("call {i}"), &outcome);
    }
    assert_eq!(t.org.issued_tokens("0oahundred"), 1);
    assert_eq!(t.api_requests().len(), 100, "no call was repeated");
}

#[tokio::test]
async fn a_picklist_works_on_an_oauth_connection_and_keeps_its_token() {
    let t = OAuthOrg::new();
    let mut connection = t.service("0oapicklist", false, "automatic");
    let outcome = harness()
        .fetch("selectUser", &connection, NO_INPUTS, t.options())
        .await;
    assert!(
        outcome.result.is_ok(),
        "{:?}\n{}",
        outcome.err(),
        outcome.trace_text()
    );
    assert!(
        connection.remember(&outcome),
        "the data source returns the new token"
    );
    let outcome = t.run(&connection, "getUser", &[("id", "me")]).await;
    ok("an action after the picklist", &outcome);
    assert_eq!(t.org.issued_tokens("0oapicklist"), 1);
}

#[tokio::test]
async fn a_revoked_token_is_replaced_once() {
    let t = OAuthOrg::new();
    let mut connection = t.service("0oarevoked", true, "on");
    ok(
        "first",
        &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await,
    );
    t.org.revoke_access_tokens("0oarevoked");
    let before = t.api_requests().len();
    let outcome = t
        .run_keeping(&mut connection, "getUser", &[("id", "me")])
        .await;
    ok("after revocation", &outcome);
    assert!(
        outcome.connection_state().is_some(),
        "the new token is returned"
    );
    assert_eq!(t.org.issued_tokens("0oarevoked"), 2, "one new token");
    assert_eq!(
        t.api_requests().len() - before,
        2,
        "refused once, then accepted"
    );
    ok(
        "and kept",
        &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await,
    );
    assert_eq!(t.org.issued_tokens("0oarevoked"), 2);
}

#[tokio::test]
async fn a_token_refused_again_is_not_replaced_in_a_loop() {
    let t = OAuthOrg::new();
    let mut connection = t.service("0oaloop", false, "off");
    ok(
        "first",
        &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await,
    );
    // Every API call is refused with a 401 from now on.
    t.org.inject(
        Fault::new(FaultKind::ServerError(401))
            .on(http::Method::GET, "/api/v1/users")
            .times(10),
    );
    let before = (t.api_requests().len(), t.org.issued_tokens("0oaloop"));
    let outcome = t
        .run_keeping(&mut connection, "getUser", &[("id", "me")])
        .await;
    let error = err("a token refused twice", &outcome);
    assert!(
        matches!(error.kind, ErrorKind::Unauthorized { .. }),
        "{error}"
    );
    assert_eq!(
        t.api_requests().len() - before.0,
        2,
        "one retry with a new token, no more"
    );
    assert_eq!(
        t.org.issued_tokens("0oaloop") - before.1,
        1,
        "one new token, no more"
    );
    assert!(
        outcome.connection_state().is_some(),
        "the new token comes back with the error"
    );
}

// -----------------------------------------------------------------------------------------------------------
// Client credentials: errors that tell the admin what to fix
// -----------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_missing_scope_is_forbidden_naming_the_scope() {
    let t = OAuthOrg::new();
    t.service_app("0oanarrow", keys::RSA_PKCS8_PUBLIC, false);
    let mut connection = client_credentials("0oanarrow", keys::RSA_PKCS8, "automatic");
    for field in &mut connection.fields {
        if field.0 == "scopes" {
            field.1 = "okta.users.read".to_owned();
        }
    }
    ok(
        "a granted scope",
        &t.run(&connection, "listUsers", &[("limit", "1")]).await,
    );
    let outcome = t.run(&connection, "listGroups", &[("limit", "1")]).await;
    let error = err("listGroups without okta.groups.read", &outcome);
    match &error.kind {
        ErrorKind::Forbidden { missing_scope, .. } => {
            assert_eq!(
                missing_scope.as_deref(),
                Some("okta.groups.read"),
                "{error}"
            );
        }
        other => panic!("expected forbidden, got {other:?}: {error}"),
    }
    assert!(
        error.message.contains("okta.groups.read"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn a_scope_the_app_was_not_granted_is_refused_at_the_token_endpoint() {
    let t = OAuthOrg::new();
    t.service_app("0oaungranted", keys::RSA_PKCS8_PUBLIC, false);
    let mut connection = client_credentials("0oaungranted", keys::RSA_PKCS8, "automatic");
    for field in &mut connection.fields {
        if field.0 == "scopes" {
            field.1 = "okta.logs.read".to_owned();
        }
    }
    let error = err(
        "an ungranted scope",
        &t.run(&connection, "listUsers", &[]).await,
    );
    assert!(
        matches!(error.kind, ErrorKind::Forbidden { .. }),
        "a scope the app lacks is a permission problem: {error:?}"
    );
    assert!(error.message.contains("scope"), "{}", error.message);
    assert!(t.api_requests().is_empty());
}

#[tokio::test]
async fn a_wrong_key_or_client_id_is_unauthorized_with_what_to_fix() {
    let t = OAuthOrg::new();
    t.service_app("0oawrongkey", keys::RSA_PKCS8_PUBLIC, false);
    for (what, connection) in [
        (
            "a key the app does not know",
            client_credentials("0oawrongkey", keys::OTHER_RSA, "automatic"),
        ),
        (
            "an unknown client ID",
            client_credentials("0oanosuchapp", keys::RSA_PKCS8, "automatic"),
        ),
    ] {
        let outcome = t.run(&connection, "listUsers", &[("limit", "1")]).await;
        let error = err(what, &outcome);
        let ErrorKind::Unauthorized { okta } = &error.kind else {
            panic!("{what}: expected unauthorized, got {error}");
        };
        assert_eq!(
            okta.as_ref().map(|o| o.error_code.as_str()),
            Some("invalid_client"),
            "{what}"
        );
        assert!(
            error.message.contains("Client ID") && error.message.contains("private key"),
            "{what}: the message says what to check: {}",
            error.message
        );
        assert!(!error.retryable, "{what}");
    }
    assert!(t.api_requests().is_empty());
}

// -----------------------------------------------------------------------------------------------------------
// Authorization code
// -----------------------------------------------------------------------------------------------------------

/// A web app (client secret, refresh tokens, the default redirect URI) and its connection.
fn web_app(t: &OAuthOrg, client_id: &str, secret: &str) -> Connection {
    t.org.add_web_app(WebApp {
        client_id: client_id.to_owned(),
        client_secret: secret.to_owned(),
        redirect_uris: vec![DEFAULT_REDIRECT_URI.to_owned()],
        scopes: SCOPES.split(' ').map(str::to_owned).collect(),
        require_dpop: false,
        refresh_tokens: true,
    });
    Connection::new(
        "oauth2AuthorizationCode",
        [
            ("oktaDomain", FakeOrg::DOMAIN),
            ("clientId", client_id),
            ("clientSecret", secret),
            ("scopes", SCOPES),
        ],
    )
}

/// The query parameters of a URL.
fn query(url: &str) -> Vec<(String, String)> {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn param(url: &str, name: &str) -> Option<String> {
    query(url)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[tokio::test]
async fn the_authorization_code_flow_runs_end_to_end_and_refreshes() {
    let t = OAuthOrg::new();
    let mut connection = web_app(&t, "0oaweb", "web-secret-0123456789");

    let start = harness()
        .start_authorization(&connection, DEFAULT_REDIRECT_URI, t.options())
        .await;
    let request = start.result.expect("start-authorization");
    assert_eq!(start.http_calls, 0, "starting sends nothing");
    let url = &request.url;
    assert!(
        url.starts_with(&format!("https://{}/oauth2/v1/authorize?", FakeOrg::DOMAIN)),
        "{url}"
    );
    assert_eq!(param(url, "client_id").as_deref(), Some("0oaweb"));
    assert_eq!(param(url, "response_type").as_deref(), Some("code"));
    assert_eq!(
        param(url, "redirect_uri").as_deref(),
        Some(DEFAULT_REDIRECT_URI)
    );
    assert_eq!(param(url, "code_challenge_method").as_deref(), Some("S256"));
    assert!(param(url, "code_challenge").is_some() && param(url, "state").is_some());
    let scopes = param(url, "scope").unwrap();
    assert!(scopes.contains("okta.users.read") && scopes.split(' ').any(|s| s == "offline_access"));
    assert!(
        !format!("{request:?}").contains(&request.pending),
        "pending is a secret"
    );

    let redirect = t.authorize(url).await;
    assert!(redirect.starts_with(DEFAULT_REDIRECT_URI), "{redirect}");
    let finish = harness()
        .finish_authorization(
            &connection,
            DEFAULT_REDIRECT_URI,
            &request.pending,
            &redirect,
            t.options(),
        )
        .await;
    assert!(
        connection.remember(&finish),
        "finish returns the tokens as state: {:?}",
        finish.err()
    );
    let exchange = t.token_requests();
    assert_eq!(exchange.len(), 1);
    assert_eq!(
        form_value(&exchange[0], "grant_type").as_deref(),
        Some("authorization_code")
    );
    assert!(form_value(&exchange[0], "code_verifier").is_some(), "PKCE");
    assert!(
        exchange[0]
            .header("authorization")
            .is_some_and(|a| a.starts_with("Basic ")),
        "client_secret_basic"
    );

    // Actions work, and reuse the tokens.
    for _ in 0..3 {
        ok(
            "an action",
            &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
                .await,
        );
    }
    assert_eq!(
        t.token_requests().len(),
        1,
        "no token request while the token is good"
    );
    assert_eq!(access_token(&t.api_requests()[0]).0, "Bearer");

    // The access token expires: the next call refreshes it with the refresh token, once.
    t.org.expire_access_tokens("0oaweb");
    let outcome = t
        .run_keeping(&mut connection, "listUsers", &[("limit", "2")])
        .await;
    ok("after expiry", &outcome);
    assert!(
        outcome.connection_state().is_some(),
        "the refreshed tokens come back"
    );
    let refresh = &t.token_requests()[1..];
    assert_eq!(refresh.len(), 1, "one refresh");
    assert_eq!(
        form_value(&refresh[0], "grant_type").as_deref(),
        Some("refresh_token")
    );
    ok(
        "after the refresh",
        &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await,
    );
    assert_eq!(t.token_requests().len(), 2);
}

#[tokio::test]
async fn an_authorization_code_app_that_requires_dpop_gets_dpop_bound_tokens() {
    let t = OAuthOrg::new();
    t.org.add_web_app(WebApp {
        client_id: "0oawebdpop".to_owned(),
        client_secret: "web-dpop-secret-0123456789".to_owned(),
        redirect_uris: vec![DEFAULT_REDIRECT_URI.to_owned()],
        scopes: SCOPES.split(' ').map(str::to_owned).collect(),
        require_dpop: true,
        refresh_tokens: true,
    });
    let mut connection = Connection::new(
        "oauth2AuthorizationCode",
        [
            ("oktaDomain", FakeOrg::DOMAIN),
            ("clientId", "0oawebdpop"),
            ("clientSecret", "web-dpop-secret-0123456789"),
            ("scopes", SCOPES),
            ("dpop", "automatic"),
        ],
    );
    let state = harness()
        .authorize_without_browser(&connection, DEFAULT_REDIRECT_URI, t.options())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    connection.state = Some(state.into_string());
    ok(
        "a call with the DPoP-bound token",
        &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await,
    );
    assert_eq!(access_token(&t.api_requests()[0]).0, "DPoP");
    // The refresh is DPoP-bound too, straight away.
    t.org.expire_access_tokens("0oawebdpop");
    let before = t.token_requests().len();
    ok(
        "after expiry",
        &t.run_keeping(&mut connection, "getUser", &[("id", "me")])
            .await,
    );
    let refresh = &t.token_requests()[before..];
    assert!(
        refresh.iter().all(|r| r.header("dpop").is_some()),
        "every token request carries a proof"
    );
    assert_eq!(
        form_value(refresh.last().unwrap(), "grant_type").as_deref(),
        Some("refresh_token")
    );
}

#[tokio::test]
async fn a_forged_state_is_refused() {
    let t = OAuthOrg::new();
    let connection = web_app(&t, "0oaforged", "forged-secret-0123456789");
    let request = harness()
        .start_authorization(&connection, DEFAULT_REDIRECT_URI, t.options())
        .await
        .result
        .expect("start-authorization");
    let redirect = t.authorize(&request.url).await;
    let state = param(&redirect, "state").expect("the redirect carries the state");
    let forged = redirect.replace(&format!("state={state}"), "state=forged-by-someone-else");
    assert_ne!(forged, redirect);
    let outcome = harness()
        .finish_authorization(
            &connection,
            DEFAULT_REDIRECT_URI,
            &request.pending,
            &forged,
            t.options(),
        )
        .await;
    let error = err("a forged state", &outcome);
    match &error.kind {
        ErrorKind::InvalidInput { input, .. } => assert_eq!(input, "callback"),
        other => panic!("expected invalid-input, got {other:?}"),
    }
    assert!(error.message.contains("state"), "{}", error.message);
    assert!(t.token_requests().is_empty(), "the code is not exchanged");
}

#[tokio::test]
async fn an_authorization_code_connection_without_tokens_asks_to_authorize() {
    let t = OAuthOrg::new();
    let connection = web_app(&t, "0oanotyet", "not-yet-secret-0123456789");
    let error = err(
        "no tokens yet",
        &t.run(&connection, "getUser", &[("id", "me")]).await,
    );
    assert!(
        matches!(error.kind, ErrorKind::Unauthorized { .. }),
        "{error}"
    );
    assert!(error.message.contains("authoriz"), "{}", error.message);
    assert!(t.org.requests().is_empty());
}

#[tokio::test]
async fn the_harness_default_apps_work_on_both_oauth_connections() {
    let t = OAuthOrg::new();
    let mut service = Connection::fake_client_credentials(&t.org);
    ok(
        "client credentials",
        &t.run_keeping(&mut service, "listUsers", &[("limit", "1")])
            .await,
    );
    ok(
        "again",
        &t.run_keeping(&mut service, "listGroups", &[("limit", "1")])
            .await,
    );
    assert_eq!(t.org.issued_tokens(fake_apps::SERVICE_CLIENT_ID), 1);

    let mut web = Connection::fake_authorization_code(&t.org);
    let state = harness()
        .authorize_without_browser(&web, DEFAULT_REDIRECT_URI, t.options())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    web.state = Some(state.into_string());
    ok(
        "authorization code",
        &t.run_keeping(&mut web, "listUsers", &[("limit", "1")])
            .await,
    );
    assert_eq!(t.org.issued_tokens(WEB_CLIENT_ID), 1);
}

// -----------------------------------------------------------------------------------------------------------
// Secrets
// -----------------------------------------------------------------------------------------------------------

/// Everything a person or a log could see of an outcome: the result (Debug and Display), the error as JSON, the
/// trace and the guest's log.
fn visible<T: std::fmt::Debug>(outcome: &Outcome<T>) -> String {
    let mut text = format!(
        "{:?}\n{}\n{}\n",
        outcome.result,
        outcome.trace_text(),
        outcome.stderr
    );
    if let Err(error) = &outcome.result {
        text.push_str(&format!("{error}\n"));
        if let Some(guest) = error.guest() {
            text.push_str(&serde_json::to_string(guest).unwrap());
        }
    }
    text
}

/// The secrets that went over the wire: tokens, proofs, assertions, codes, verifiers, client secrets.
fn wire_secrets(org: &FakeOrg) -> Vec<String> {
    let mut secrets = Vec::new();
    for request in org.requests() {
        if let Some(authorization) = request.header("authorization") {
            secrets.push(
                authorization
                    .split_once(' ')
                    .map_or(authorization, |(_, t)| t)
                    .to_owned(),
            );
        }
        if let Some(proof) = request.header("dpop") {
            secrets.push(proof.to_owned());
        }
        for (name, value) in form(&request) {
            if matches!(
                name.as_str(),
                "client_assertion" | "code" | "code_verifier" | "refresh_token" | "client_secret"
            ) {
                secrets.push(value);
            }
        }
    }
    secrets
}

/// The secrets inside a connection state (the component's own JSON, read here only to know what to look for).
fn state_secrets(state: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(state).expect("the state is JSON");
    ["access_token", "refresh_token", "dpop_key"]
        .iter()
        .filter_map(|key| value[key].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn no_secret_reaches_an_output_an_error_a_trace_or_a_log() {
    let t = OAuthOrg::new();
    t.org.set_resource_dpop_nonce(true);
    let mut service = t.service("0oasecrets", true, "automatic");
    let mut web = web_app(&t, "0oasecretweb", "web-app-secret-that-must-not-show");
    let mut seen = String::new();
    let mut states = Vec::new();

    // Client credentials: success (with every challenge), a 404, a missing scope, a wrong key.
    for (action, inputs) in [
        ("listUsers", vec![("limit", "2")]),
        ("getUser", vec![("id", "nobody@example.com")]),
        ("listApplications", vec![]),
    ] {
        let outcome = t.run_keeping(&mut service, action, &inputs).await;
        seen.push_str(&visible(&outcome));
        states.extend(outcome.connection_state().map(str::to_owned));
    }
    let wrong = client_credentials("0oasecrets", keys::OTHER_RSA, "on");
    seen.push_str(&visible(&t.run(&wrong, "listUsers", &[]).await));

    // Authorization code: start, finish, a call, a refresh, a forged state.
    let start = harness()
        .start_authorization(&web, DEFAULT_REDIRECT_URI, t.options())
        .await;
    seen.push_str(&visible(&start));
    let request = start.result.unwrap();
    let redirect = t.authorize(&request.url).await;
    let finish = harness()
        .finish_authorization(
            &web,
            DEFAULT_REDIRECT_URI,
            &request.pending,
            &redirect,
            t.options(),
        )
        .await;
    seen.push_str(&visible(&finish));
    web.remember(&finish);
    states.extend(web.state.clone());
    t.org.expire_access_tokens("0oasecretweb");
    let outcome = t.run_keeping(&mut web, "getUser", &[("id", "me")]).await;
    seen.push_str(&visible(&outcome));
    states.extend(outcome.connection_state().map(str::to_owned));
    let forged = harness()
        .finish_authorization(
            &web,
            DEFAULT_REDIRECT_URI,
            &request.pending,
            "code=x&state=y",
            t.options(),
        )
        .await;
    seen.push_str(&visible(&forged));
    seen.push_str(&format!("{web:?}{service:?}{wrong:?}"));

    let mut secrets = wire_secrets(&t.org);
    for state in &states {
        secrets.extend(state_secrets(state));
        secrets.push(state.clone());
    }
    secrets.push(request.pending.clone());
    secrets.push("web-app-secret-that-must-not-show".to_owned());
    for key in [keys::RSA_PKCS8, keys::OTHER_RSA] {
        secrets.extend(
            key.lines()
                .filter(|l| !l.starts_with("-----"))
                .map(str::to_owned),
        );
    }
    secrets.retain(|s| s.len() >= 8);
    assert!(
        secrets.len() > 20,
        "the test found the secrets it checks for: {}",
        secrets.len()
    );
    for secret in &secrets {
        assert!(
            !seen.contains(secret.as_str()),
            "a secret ({}…) is visible:\n{seen}",
            &secret[..8]
        );
    }
    // Sanity: the trace is there, redacted.
    assert!(
        seen.contains("POST https://fake-org.okta.com/oauth2/v1/token"),
        "{seen}"
    );
    assert!(seen.contains("client_assertion=***"), "{seen}");
}
