//! DPoP (RFC 9449): an ephemeral P-256 key, separate from the client-assertion key, and a fresh proof JWT for
//! every request. Okta compares `htu` with the request URL without its query and with percent-escapes decoded.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::SigningKey;
use serde::Serialize;

use super::jws::{self, Header, PublicJwk};
use super::keys::es256;
use crate::error::{Error, Result};

/// A DPoP key: the signer and its public JWK.
pub struct DpopKey {
    key: SigningKey,
    jwk: PublicJwk,
}

impl DpopKey {
    /// The key for a stored secret scalar (base64url), if it is a valid P-256 scalar.
    pub fn restore(scalar_b64: &str) -> Option<DpopKey> {
        let bytes = URL_SAFE_NO_PAD.decode(scalar_b64).ok()?;
        if bytes.len() != 32 {
            return None;
        }
        let key = SigningKey::from_slice(&bytes).ok()?;
        let point = key.verifying_key().to_sec1_point(false);
        let jwk = PublicJwk {
            kty: "EC",
            crv: "P-256",
            x: URL_SAFE_NO_PAD.encode(point.x()?),
            y: URL_SAFE_NO_PAD.encode(point.y()?),
            alg: "ES256",
        };
        Some(DpopKey { key, jwk })
    }

    /// A new key from `random` bytes; returns it with its stored form. A draw that is not a valid scalar (zero,
    /// or not below the group order: odds of about 2^-32) is redrawn.
    pub fn generate(mut random: impl FnMut() -> u64) -> Result<(DpopKey, String)> {
        for _ in 0..8 {
            let bytes: Vec<u8> = (0..4).flat_map(|_| random().to_be_bytes()).collect();
            let stored = URL_SAFE_NO_PAD.encode(&bytes);
            if let Some(key) = DpopKey::restore(&stored) {
                return Ok((key, stored));
            }
        }
        Err(Error::Transport(
            "could not create a DPoP key from the host's random numbers".to_string(),
        ))
    }

    /// A proof for one request. `ath` is set for API calls (hash of the access token), `nonce` when the server
    /// asked for one.
    pub fn proof(
        &self,
        method: &str,
        url: &str,
        now: u64,
        jti: &str,
        nonce: Option<&str>,
        ath: Option<&str>,
    ) -> Result<String> {
        let header = Header {
            typ: "dpop+jwt",
            alg: "ES256",
            kid: None,
            jwk: Some(&self.jwk),
        };
        let claims = Claims {
            htm: method,
            htu: &htu(url),
            iat: now,
            jti,
            nonce,
            ath,
        };
        jws::compact(&header, &claims, |input| es256(&self.key, input))
            .ok_or_else(|| Error::Transport("could not sign a DPoP proof".to_string()))
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    htm: &'a str,
    htu: &'a str,
    iat: u64,
    jti: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<&'a str>,
}

/// The request URL as Okta matches `htu`: no query, no fragment, percent-escapes decoded.
pub fn htu(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    percent_encoding::percent_decode_str(without_query)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_drops_the_query_and_decodes_escapes() {
        assert_eq!(
            htu("https://o.okta.com/api/v1/users/a%40b.com?limit=2#x"),
            "https://o.okta.com/api/v1/users/a@b.com"
        );
    }

    #[test]
    fn a_generated_key_signs_proofs_with_its_public_jwk() {
        let mut n = 0u64;
        let (key, stored) = DpopKey::generate(|| {
            n += 0x0123_4567_89ab_cdef;
            n
        })
        .unwrap();
        let proof = key
            .proof(
                "GET",
                "https://o.okta.com/api/v1/users?limit=1",
                1_700_000_000,
                "j1",
                None,
                Some("ath"),
            )
            .unwrap();
        let header: serde_json::Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(proof.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["jwk"]["crv"], "P-256");
        assert!(
            header["jwk"].get("d").is_none(),
            "no private member in the proof"
        );
        let claims: serde_json::Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(proof.split('.').nth(1).unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(claims["htu"], "https://o.okta.com/api/v1/users");
        let member = |name: &str| URL_SAFE_NO_PAD.decode(header["jwk"][name].as_str().unwrap());
        let point = [vec![4], member("x").unwrap(), member("y").unwrap()].concat();
        let public = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
        let (input, signature) = proof.rsplit_once('.').unwrap();
        let signature =
            p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap())
                .unwrap();
        use p256::ecdsa::signature::Verifier;
        assert!(
            public.verify(input.as_bytes(), &signature).is_ok(),
            "the header's jwk verifies the proof"
        );
        assert!(DpopKey::restore(&stored).is_some());
    }
}
