//! DPoP proofs (RFC 9449) as the org checks them, at the token endpoint and on every API call.
//!
//! A proof is a JWT in the `DPoP` header: `typ` `dpop+jwt`, an accepted `alg`, and the public key
//! in `jwk` (no private members), which must verify the signature. Its claims: `htm` the request
//! method, `htu` the request URL, `iat` recent, `jti` never used before with that key, and on API
//! calls `ath` = base64url(SHA-256(access token)). A `nonce` is checked by the caller (the token
//! endpoint always wants one; the resource server when told to).
//!
//! `htu` is compared the way Okta compares it: the request's scheme and host (in any case) and its
//! path **percent-decoded**, without query or fragment. A proof whose `htu` keeps `%40` for an `@`
//! in the path therefore fails, as it does on a real org (okta-sdk-python #541, okta-sdk-nodejs
//! #521), and so does one that includes the query (okta-sdk-golang #468).

use std::collections::HashMap;

use http::{HeaderMap, Method};
use percent_encoding::percent_decode_str;

use super::super::ids::IdGen;
use super::jwt::{Jws, PublicKey, base64url_sha256};

/// How old a proof's `iat` may be, and how far ahead of the org's clock.
const MAX_AGE: i64 = 300;
const MAX_AHEAD: i64 = 60;
/// `jti` values are kept this long (after which `iat` alone rejects the proof).
const JTI_MEMORY: i64 = MAX_AGE + MAX_AHEAD;
/// The replay cache is swept of expired entries when it grows past this.
const SWEEP_AT: usize = 4096;

/// A proof that passed every check but the nonce and replay ones.
#[derive(Debug)]
pub(crate) struct Proof {
    /// The key's RFC 7638 thumbprint, to which a token is bound (`cnf.jkt`).
    pub(crate) jkt: String,
    pub(crate) nonce: Option<String>,
    jti: String,
}

/// Why a proof was refused: there is none, or the `invalid_dpop_proof` description.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ProofError {
    Missing,
    Invalid(&'static str),
}

pub(crate) const MISSING: &str = "The DPoP proof JWT header is missing.";

impl ProofError {
    pub(crate) fn description(&self) -> &'static str {
        match self {
            ProofError::Missing => MISSING,
            ProofError::Invalid(why) => why,
        }
    }
}

/// What the request says a proof must match.
pub(crate) struct Expected<'a> {
    pub(crate) method: &'a Method,
    /// `scheme://host[:port]` as the client addressed the org.
    pub(crate) origin: &'a str,
    /// The request path as sent (still percent-encoded).
    pub(crate) path: &'a str,
    /// The access token, on API calls (the proof must then carry its `ath`).
    pub(crate) access_token: Option<&'a str>,
    pub(crate) now: i64,
}

/// Checks the request's `DPoP` header against `expected`.
pub(crate) fn verify(headers: &HeaderMap, expected: &Expected<'_>) -> Result<Proof, ProofError> {
    let mut values = headers.get_all("dpop").iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(if headers.contains_key("dpop") {
            ProofError::Invalid("Only one DPoP proof JWT header is allowed.")
        } else {
            ProofError::Missing
        });
    };
    let invalid = ProofError::Invalid;
    let jws = value
        .to_str()
        .ok()
        .and_then(|text| Jws::parse(text.trim()))
        .ok_or(invalid("DPoP proof JWT cannot be parsed."))?;
    if jws.header_str("typ") != Some("dpop+jwt") {
        return Err(invalid("'typ' header in the DPoP proof JWT is invalid."));
    }
    let alg = jws
        .alg()
        .ok_or(invalid("'alg' header in the DPoP proof JWT is invalid."))?;
    let key = jws
        .header
        .get("jwk")
        .and_then(|jwk| PublicKey::from_jwk(jwk).ok())
        .ok_or(invalid("'jwk' header in the DPoP proof JWT is invalid."))?;
    if !jws.verifies(&key, alg) {
        return Err(invalid("DPoP proof JWT signature is invalid."));
    }
    if jws.claim_str("htm") != Some(expected.method.as_str()) {
        return Err(invalid("'htm' claim in the DPoP proof JWT is invalid."));
    }
    if !jws
        .claim_str("htu")
        .is_some_and(|htu| htu_matches(htu, expected))
    {
        return Err(invalid("'htu' claim in the DPoP proof JWT is invalid."));
    }
    let fresh = |iat: i64| (expected.now - MAX_AGE..=expected.now + MAX_AHEAD).contains(&iat);
    if !jws.claim_time("iat").is_some_and(fresh) {
        return Err(invalid("'iat' claim in the DPoP proof JWT is invalid."));
    }
    let jti = jws
        .claim_str("jti")
        .filter(|jti| !jti.is_empty() && jti.len() <= 256)
        .ok_or(invalid("'jti' claim in the DPoP proof JWT is invalid."))?;
    if let Some(token) = expected.access_token
        && jws.claim_str("ath") != Some(base64url_sha256(token.as_bytes()).as_str())
    {
        return Err(invalid("'ath' claim in the DPoP proof JWT is invalid."));
    }
    Ok(Proof {
        jkt: key.thumbprint().to_owned(),
        nonce: jws.claim_str("nonce").map(str::to_owned),
        jti: jti.to_owned(),
    })
}

/// `htu` equals `origin` + the decoded path: scheme and host in any case, the path exactly.
fn htu_matches(htu: &str, expected: &Expected<'_>) -> bool {
    let path = percent_decode_str(expected.path).decode_utf8_lossy();
    htu.len() == expected.origin.len() + path.len()
        && htu
            .get(..expected.origin.len())
            .is_some_and(|origin| origin.eq_ignore_ascii_case(expected.origin))
        && htu.get(expected.origin.len()..) == Some(path.as_ref())
}

/// Proofs already accepted, by key and `jti`, until they are too old to be accepted anyway.
#[derive(Debug, Default)]
pub(crate) struct Replays(HashMap<(String, String), i64>);

impl Replays {
    /// Records the proof; false if it was accepted before.
    pub(crate) fn first_use(&mut self, proof: &Proof, now: i64) -> bool {
        if self.0.len() >= SWEEP_AT {
            self.0.retain(|_, until| *until >= now);
        }
        let key = (proof.jkt.clone(), proof.jti.clone());
        match self.0.get(&key) {
            Some(until) if *until >= now => false,
            _ => {
                self.0.insert(key, now + JTI_MEMORY);
                true
            }
        }
    }
}

/// Server-issued nonces. A nonce is handed out for a day and accepted for three ("The nonce
/// rotates every 24 hours, and an old one stays valid for 3 days"); they come from the org's ID
/// generator, so a given org hands out the same nonces every run.
#[derive(Debug, Default)]
pub(crate) struct Nonces {
    /// Every nonce still accepted, with the time it was first handed out; the newest last.
    issued: Vec<(String, i64)>,
}

const NONCE_ROTATION: i64 = 24 * 3600;
const NONCE_LIFETIME: i64 = 3 * 24 * 3600;

impl Nonces {
    /// The nonce to hand out now (a new one once the current is a day old).
    pub(crate) fn current(&mut self, ids: &mut IdGen, now: i64) -> String {
        self.issued.retain(|(_, at)| now - at < NONCE_LIFETIME);
        match self.issued.last() {
            Some((nonce, at)) if now - at < NONCE_ROTATION && *at <= now => nonce.clone(),
            _ => {
                let nonce = ids.token(43);
                self.issued.push((nonce.clone(), now));
                nonce
            }
        }
    }

    pub(crate) fn accepts(&self, nonce: Option<&str>, now: i64) -> bool {
        nonce.is_some_and(|nonce| {
            self.issued
                .iter()
                .any(|(issued, at)| issued == nonce && now - at < NONCE_LIFETIME)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected<'a>(origin: &'a str, path: &'a str) -> Expected<'a> {
        Expected {
            method: &Method::GET,
            origin,
            path,
            access_token: None,
            now: 0,
        }
    }

    #[test]
    fn htu_is_compared_decoded_without_query() {
        let at = expected("https://fake-org.okta.com", "/api/v1/users/a%40b.com");
        assert!(htu_matches(
            "https://fake-org.okta.com/api/v1/users/a@b.com",
            &at
        ));
        assert!(htu_matches(
            "HTTPS://Fake-Org.okta.com/api/v1/users/a@b.com",
            &at
        ));
        assert!(!htu_matches(
            "https://fake-org.okta.com/api/v1/users/a%40b.com",
            &at
        ));
        assert!(!htu_matches(
            "https://fake-org.okta.com/api/v1/users/a@b.com?x=1",
            &at
        ));
        assert!(!htu_matches(
            "https://fake-org.okta.com/api/v1/users/a@b.co",
            &at
        ));
        assert!(!htu_matches(
            "https://other.okta.com/api/v1/users/a@b.com",
            &at
        ));
        assert!(!htu_matches(
            "https://fake-org.okta.com:443/api/v1/users/a@b.com",
            &at
        ));
        assert!(!htu_matches("", &at));
    }

    #[test]
    fn nonces_rotate_daily_and_live_three_days() {
        let mut ids = IdGen::new(1);
        let mut nonces = Nonces::default();
        let first = nonces.current(&mut ids, 0);
        assert_eq!(nonces.current(&mut ids, NONCE_ROTATION - 1), first);
        let second = nonces.current(&mut ids, NONCE_ROTATION);
        assert_ne!(first, second);
        assert!(nonces.accepts(Some(&first), NONCE_LIFETIME - 1));
        assert!(!nonces.accepts(Some(&first), NONCE_LIFETIME));
        assert!(nonces.accepts(Some(&second), NONCE_LIFETIME));
        assert!(!nonces.accepts(Some("guess"), 0));
        assert!(!nonces.accepts(None, 0));
    }

    #[test]
    fn a_proof_is_accepted_once() {
        let mut replays = Replays::default();
        let proof = Proof {
            jkt: "k".into(),
            nonce: None,
            jti: "j".into(),
        };
        assert!(replays.first_use(&proof, 0));
        assert!(!replays.first_use(&proof, JTI_MEMORY));
        assert!(replays.first_use(&proof, 2 * JTI_MEMORY + 1));
    }
}
