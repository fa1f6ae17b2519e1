//! The OAuth apps every fake org the harness creates knows, and the connections that use them: so
//! `okta-harness run listUsers --connection oauth2ClientCredentials` works against the fake org out of the box,
//! as the API token connection does.
//!
//! * A **service app** ([`SERVICE_CLIENT_ID`]) for the client credentials connection: it knows the public half of
//!   [`SERVICE_PRIVATE_KEY`] and requires DPoP, as API Services apps created since 2024 do (the connection's DPoP
//!   input is left at `automatic`, so the component finds that out by itself).
//! * A **web app** ([`WEB_CLIENT_ID`], [`WEB_CLIENT_SECRET`]) for the authorization code connection, with refresh
//!   tokens and the loopback redirect URIs `okta-harness login` uses.
//!
//! Both are granted [`SCOPES`], which cover every action of the component. Everything here is **test material**:
//! the key pair and the secret were made for this harness, are public in this repository, and must never be
//! registered on a real Okta org.

use crate::Connection;
use crate::fake_org::{FakeOrg, FakeOrgConfig, ServiceApp, WebApp};

/// The client ID of the fake org's service app.
pub const SERVICE_CLIENT_ID: &str = "0oafakeserviceapp01";

/// The key ID (`kid`) of the service app's one registered key.
pub const SERVICE_KEY_ID: &str = "fake-harness-key-1";

/// The service app's private key: an RSA 2048 key in PKCS#8 PEM, generated once with
/// `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`. TEST MATERIAL: it is public, and only the fake
/// org trusts it.
pub const SERVICE_PRIVATE_KEY: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDCjCCPxv5w8jZB\n\
qmM4t4kT2OuEIZHMle+cw1ZBlDuZ/FBhEkLmO6BlhEREiAtAA9CTJZ4PLtO8PEXm\n\
2V8Ir3yDniGVhX06LR74nHr488em4lDPYXMcOYb+lmKZ4wv/DzgOoynokClb/i7l\n\
YYFfst+zKXUFqRVSvxgrFoxZhiGo9mcWVMf5g4ZnRUcLZIytug3LK2hi7L8hsAIl\n\
TozoMqbEnRJeL4lXHYDZev2bqK0mAbHip0Ypp3q0tBsqfD6CnPHEqoYre57/J3QS\n\
rZuBlDweZYE0cFTI/anuI0yueMq4glmjk2p290YCDDJeth6FZ5t0gvqrCZ3vcL+U\n\
hgtK1mizAgMBAAECggEAPIR/eooxyyulUg7xN4rsQrbHKH6SzpvTgiXHdrXoRnHV\n\
BSU7l0f0ELAw1kqliT/GiYd5oAp2hgcPzYxPwjFon764fr0cI9U2Xaq7nCalNBYR\n\
gjkzqBODGT3ppSoaKLjwvKjn1/bETuAGcYc/yeeoK6DZTK34uplEKN8mQJD3donI\n\
jXDbkQw6eG6zate/5Jr9gQ5xFCvtluQ97Y0MwY7mcEkseC7bQv+aqKBSBySgyM5a\n\
6hhS7KPXPQiCzlVOVlrvRHe7Jy6JR0JajTm3SuBAoeuCus9SYIn1UDTOI/eByZ09\n\
UjeWp7fM0jBbXsoky4h/QW3pljM5s1O82iKg3/jkLQKBgQDt9K1I5t7jojuC7BLo\n\
zCWb4DtcyKRf49jtPMtSSxK3PIwy6wOKUnuQPXTnXboQWu6+5hgujJEPlpEbZSoq\n\
TN+xh8UWc3MuBZ7+CN9QqNMnGH+mGhm5QinR4YTQEhnsuQFDHJ5PAAR5cBde20j4\n\
yxzChMemnApdrOnfY2uQDDDA1QKBgQDRTMiXVBgwKcb062k9G4bxydZVHj3G0q2T\n\
YC8qlT45V1X1x1O1nBnMMLi+jfbZ2qZOgUfZFbj2R5XYHEQjXvFWUjf2LxFbheqC\n\
1un0uJnCPJbrKnyECJ2pMiHzjOkgX+TbVrg36NAFZgJ+f5igRcAap/ogmn+x5ZJu\n\
ubIvt6cHZwKBgHEtdhn9jTfR2uJbbGcDakPoc/Oejuf41B2KU95xTJaQmtJBC28H\n\
6jNht6+v2aabyYBMqmXBf+FdKOlRxatW4vJqdChIgxj5nXSQPb78fWnT8irLsT53\n\
JLLpw6S/Z0s7d0k3XGiQxpAH62W3gM6stKIkS12ITDnf22DfxbI+yhV9AoGBAIMf\n\
maPE2YqDAdQ7D6lq73XXP2IAGi/PmVL1NVd2PI9r+byK7hSfAUJ9W6B2DCqb4wjX\n\
0Y1dII2ad3P28XE/b+7mf4zKHBO8qBjkT5ozdJDNqLcX3P5S74Mqlz6gDwVrTlNj\n\
1vGf94MKT5G0mof+asXIatm2MT3gV4bq64kdg5UNAoGAU1y1qpE+F5WBWip8llWC\n\
ynKhCpJM7KOX5N1iajZ0zP/iDSGyxn7FDquJ/b7UTeu1CflGAUZqtDV8rgo9zD4a\n\
BLEZpxyxR+rCumytCiaH45KdnQKWP5i3y5zMICXkPjc1cHsaHWyIlJpOP8+C9WoB\n\
ZsDQyQYOLKjUuPxghdPQurk=\n\
-----END PRIVATE KEY-----\n\
";

/// The modulus (`n`, base64url) of [`SERVICE_PRIVATE_KEY`]'s public key; the exponent is 65537 (`AQAB`).
const SERVICE_PUBLIC_N: &str = "wowgj8b-cPI2QapjOLeJE9jrhCGRzJXvnMNWQZQ7mfxQYRJC5jugZYRERIgLQAPQkyWeDy7TvDxF5tlfCK98g54hlYV9Oi0e-Jx6-PPHpuJQz2FzHDmG_pZimeML_w84DqMp6JApW_4u5WGBX7Lfsyl1BakVUr8YKxaMWYYhqPZnFlTH-YOGZ0VHC2SMrboNyytoYuy_IbACJU6M6DKmxJ0SXi-JVx2A2Xr9m6itJgGx4qdGKad6tLQbKnw-gpzxxKqGK3ue_yd0Eq2bgZQ8HmWBNHBUyP2p7iNMrnjKuIJZo5NqdvdGAgwyXrYehWebdIL6qwmd73C_lIYLStZosw";

/// The client ID of the fake org's web app.
pub const WEB_CLIENT_ID: &str = "0oafakewebapp000001";

/// The web app's client secret. TEST MATERIAL.
pub const WEB_CLIENT_SECRET: &str = "fake-web-app-secret-9f8e7d6c5b4a39281706";

/// Where `okta-harness login` has the fake org (or a person's browser) send the authorization code by default: a
/// loopback URI, which Okta allows over plain http.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

/// The redirect URIs registered on the fake web app.
pub const WEB_REDIRECT_URIS: &[&str] = &[DEFAULT_REDIRECT_URI, "http://localhost:8765/callback"];

/// The scopes granted to both apps and requested by [`Connection::fake_client_credentials`] and
/// [`Connection::fake_authorization_code`]: every scope an action of the component needs.
pub const SCOPES: &[&str] = &[
    "okta.users.read",
    "okta.users.manage",
    "okta.groups.read",
    "okta.groups.manage",
    "okta.apps.read",
    "okta.apps.manage",
    "okta.eventHooks.read",
    "okta.eventHooks.manage",
    "okta.userTypes.read",
    "okta.realms.read",
    "okta.policies.read",
    "okta.logs.read",
];

/// The public JWK of [`SERVICE_PRIVATE_KEY`], with its `kid`, as registered on the service app.
pub fn service_public_jwk() -> serde_json::Value {
    serde_json::json!({
        "kty": "RSA",
        "kid": SERVICE_KEY_ID,
        "use": "sig",
        "alg": "RS256",
        "e": "AQAB",
        "n": SERVICE_PUBLIC_N,
    })
}

/// Registers the default service and web apps on `org` (with the default redirect URIs).
pub fn register_default_apps(org: &FakeOrg) {
    register_default_apps_with(org, &[]);
}

/// Registers the default apps, with `extra_redirect_uris` allowed on the web app besides
/// [`WEB_REDIRECT_URIS`] (for `okta-harness login --redirect-uri`).
pub fn register_default_apps_with(org: &FakeOrg, extra_redirect_uris: &[&str]) {
    let scopes: Vec<String> = SCOPES.iter().map(|s| (*s).to_owned()).collect();
    org.add_service_app(ServiceApp {
        client_id: SERVICE_CLIENT_ID.to_owned(),
        public_keys: vec![service_public_jwk()],
        scopes: scopes.clone(),
        require_dpop: true,
    });
    let redirect_uris = WEB_REDIRECT_URIS
        .iter()
        .chain(extra_redirect_uris)
        .map(|u| (*u).to_owned())
        .collect();
    org.add_web_app(WebApp {
        client_id: WEB_CLIENT_ID.to_owned(),
        client_secret: WEB_CLIENT_SECRET.to_owned(),
        redirect_uris,
        scopes,
        require_dpop: false,
        refresh_tokens: true,
    });
}

/// A fake org made from `config` with the default OAuth apps registered: what `okta-harness run`, `login`,
/// `serve` and `demo` use.
pub fn fake_org_with_oauth_apps(config: FakeOrgConfig) -> FakeOrg {
    let org = FakeOrg::new(config);
    register_default_apps(&org);
    org
}

impl Connection {
    /// The client credentials connection (`oauth2ClientCredentials`) of the fake org's service app: its domain,
    /// client ID, private key and [`SCOPES`]; DPoP left at `automatic`. `org` must have the default apps
    /// ([`register_default_apps`] or [`fake_org_with_oauth_apps`]).
    pub fn fake_client_credentials(_org: &FakeOrg) -> Self {
        Connection::new(
            "oauth2ClientCredentials",
            [
                ("oktaDomain", FakeOrg::DOMAIN),
                ("clientId", SERVICE_CLIENT_ID),
                ("privateKey", SERVICE_PRIVATE_KEY),
                ("scopes", &SCOPES.join(" ")),
            ],
        )
    }

    /// The authorization code connection (`oauth2AuthorizationCode`) of the fake org's web app: its domain, client
    /// ID and secret and [`SCOPES`]. It has no tokens until a flow runs (see
    /// [`crate::Harness::authorize_without_browser`]). `org` must have the default apps.
    pub fn fake_authorization_code(_org: &FakeOrg) -> Self {
        Connection::new(
            "oauth2AuthorizationCode",
            [
                ("oktaDomain", FakeOrg::DOMAIN),
                ("clientId", WEB_CLIENT_ID),
                ("clientSecret", WEB_CLIENT_SECRET),
                ("scopes", &SCOPES.join(" ")),
            ],
        )
    }

    /// The connection `key` to a fake org with the default apps: [`Connection::fake`] (API token),
    /// [`Connection::fake_client_credentials`] or [`Connection::fake_authorization_code`]; `None` for another key.
    pub fn fake_for(key: &str, org: &FakeOrg) -> Option<Self> {
        match key {
            crate::DEFAULT_CONNECTION => Some(Connection::fake(org)),
            "oauth2ClientCredentials" => Some(Connection::fake_client_credentials(org)),
            "oauth2AuthorizationCode" => Some(Connection::fake_authorization_code(org)),
            _ => None,
        }
    }
}
