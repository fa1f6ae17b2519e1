//! What the authorization server hands out and later recognises: access tokens, refresh tokens and
//! authorization codes.
//!
//! Access tokens have the shape of Okta's (a JWT with `typ` `application/okta-internal-at+jwt` and
//! the recorded claims `ver, jti, iss, aud, sub, iat, exp, cid, uid, scp`, plus `cnf.jkt` when
//! DPoP-bound), so a client that peeks at `exp` sees the truth, but they are opaque to the org: it
//! looks them up rather than checking a signature (the signature part is random). All randomness
//! comes from the org's ID generator, so runs repeat.

use std::collections::HashMap;

use super::super::ids::IdGen;
use super::super::json::Object;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// `expires_in` of every access token: Okta's fixed hour.
pub(crate) const ACCESS_TOKEN_LIFETIME: i64 = 3600;
/// The spec: "The code has a lifetime of 300 seconds."
const CODE_LIFETIME: i64 = 300;
/// The key ID in the access tokens' header.
const SIGNING_KID: &str = "fakeorgAccessTokenKey0001";

#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) expires_at: i64,
    /// The thumbprint of the DPoP key it is bound to; `None` for a Bearer token.
    pub(crate) jkt: Option<String>,
    pub(crate) revoked: bool,
}

impl AccessToken {
    pub(crate) fn usable(&self, now: i64) -> bool {
        !self.revoked && now < self.expires_at
    }
}

/// Who a token is about and for: the client, and the user for the authorization code flow.
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    pub(crate) client_id: String,
    /// `(user ID, login)` of the user who authorized it; `None` for client credentials.
    pub(crate) user: Option<(String, String)>,
    pub(crate) scopes: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct RefreshToken {
    pub(crate) grant: Grant,
}

/// An authorization code waiting for its exchange.
#[derive(Clone, Debug)]
pub(crate) struct Code {
    pub(crate) grant: Grant,
    pub(crate) redirect_uri: String,
    /// The PKCE S256 challenge, if the authorize request had one.
    pub(crate) challenge: Option<String>,
    pub(crate) expires_at: i64,
}

#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    codes: HashMap<String, Code>,
    /// Access tokens minted, by client.
    minted: HashMap<String, usize>,
}

impl TokenStore {
    /// Mints an access token for `grant`, valid for an hour from `now`.
    pub(crate) fn mint_access(
        &mut self,
        ids: &mut IdGen,
        origin: &str,
        grant: &Grant,
        jkt: Option<&str>,
        now: i64,
    ) -> String {
        let expires_at = now + ACCESS_TOKEN_LIFETIME;
        let token = jwt_shaped(ids, origin, grant, jkt, now, expires_at);
        *self.minted.entry(grant.client_id.clone()).or_default() += 1;
        self.access.insert(
            token.clone(),
            AccessToken {
                client_id: grant.client_id.clone(),
                scopes: grant.scopes.clone(),
                expires_at,
                jkt: jkt.map(str::to_owned),
                revoked: false,
            },
        );
        token
    }

    pub(crate) fn access(&self, token: &str) -> Option<&AccessToken> {
        self.access.get(token)
    }

    pub(crate) fn minted(&self, client_id: &str) -> usize {
        self.minted.get(client_id).copied().unwrap_or(0)
    }

    pub(crate) fn revoke_access(&mut self, client_id: &str) {
        for token in self.access.values_mut() {
            if token.client_id == client_id {
                token.revoked = true;
            }
        }
    }

    pub(crate) fn expire_access(&mut self, client_id: &str, now: i64) {
        for token in self.access.values_mut() {
            if token.client_id == client_id {
                token.expires_at = token.expires_at.min(now);
            }
        }
    }

    pub(crate) fn mint_refresh(&mut self, ids: &mut IdGen, grant: Grant) -> String {
        let token = ids.token(43);
        self.refresh.insert(token.clone(), RefreshToken { grant });
        token
    }

    /// Takes a refresh token out (it is single-use: rotation issues the next one).
    pub(crate) fn take_refresh(&mut self, token: &str) -> Option<RefreshToken> {
        self.refresh.remove(token)
    }

    pub(crate) fn refresh(&self, token: &str) -> Option<&RefreshToken> {
        self.refresh.get(token)
    }

    pub(crate) fn mint_code(
        &mut self,
        ids: &mut IdGen,
        grant: Grant,
        redirect_uri: &str,
        challenge: Option<String>,
        now: i64,
    ) -> String {
        self.codes.retain(|_, code| code.expires_at > now);
        let code = ids.token(43);
        self.codes.insert(
            code.clone(),
            Code {
                grant,
                redirect_uri: redirect_uri.to_owned(),
                challenge,
                expires_at: now + CODE_LIFETIME,
            },
        );
        code
    }

    pub(crate) fn code(&self, code: &str) -> Option<&Code> {
        self.codes.get(code)
    }

    /// Takes a code out: a code is used at most once, whatever the outcome of the exchange.
    pub(crate) fn take_code(&mut self, code: &str) -> Option<Code> {
        self.codes.remove(code)
    }
}

/// `header.claims.signature` with the recorded header and claims, keys in the recorded order.
fn jwt_shaped(
    ids: &mut IdGen,
    origin: &str,
    grant: &Grant,
    jkt: Option<&str>,
    iat: i64,
    exp: i64,
) -> String {
    let header = format!(
        r#"{{"kid":"{SIGNING_KID}","typ":"application/okta-internal-at+jwt","alg":"RS256"}}"#
    );
    let mut claims = Vec::with_capacity(512);
    let mut object = Object::new(&mut claims);
    object
        .value("ver", &1)
        .str("jti", &format!("AT.{}", ids.token(43)))
        .str("iss", origin)
        .str("aud", origin)
        .str(
            "sub",
            grant
                .user
                .as_ref()
                .map_or(grant.client_id.as_str(), |(_, login)| login),
        )
        .value("iat", &iat)
        .value("exp", &exp)
        .str("cid", &grant.client_id);
    if let Some((id, _)) = &grant.user {
        object.str("uid", id);
    }
    object.value("scp", &grant.scopes);
    if let Some(jkt) = jkt {
        object.object("cnf", |cnf| {
            cnf.str("jkt", jkt);
        });
    }
    object.end();
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(&claims),
        ids.token(342)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn access_tokens_look_like_okta_ones() {
        let mut store = TokenStore::default();
        let mut ids = IdGen::new(5);
        let grant = Grant {
            client_id: "0oa1".into(),
            user: None,
            scopes: vec!["okta.users.read".into()],
        };
        let token = store.mint_access(&mut ids, "https://x.okta.com", &grant, Some("jkt1"), 100);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["exp"], json!(3700));
        assert_eq!(claims["scp"], json!(["okta.users.read"]));
        assert_eq!(claims["cnf"], json!({"jkt": "jkt1"}));
        assert_eq!(claims["sub"], json!("0oa1"));
        assert!(store.access(&token).unwrap().usable(3699));
        assert!(!store.access(&token).unwrap().usable(3700));
        store.expire_access("0oa1", 200);
        assert!(!store.access(&token).unwrap().usable(200));
        assert_eq!(store.minted("0oa1"), 1);
        assert_eq!(store.minted("0oa2"), 0);
    }
}
