//! Compact JWS (`header.claims.signature`) and public JWKs, as the authorization server reads them:
//! client assertions are verified with a key registered on the app, DPoP proofs with the key in
//! their own `jwk` header.
//!
//! Signatures are checked with `jsonwebtoken`'s low-level `crypto::verify`, so that every claim is
//! checked here, against the org's clock (never the system clock), with its own error message.
//! Algorithms are Okta's list minus ES512 (which `jsonwebtoken` lacks): RS256, RS384, RS512, ES256
//! and ES384. An RSA key has 2048 to 4096 bits; an EC key is on P-256 or P-384 and must match
//! the algorithm's curve.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// A JWT longer than this is refused unread (a hostile client gets no big allocation).
const MAX_JWT_LEN: usize = 16 * 1024;

/// Members that only a private (or symmetric) key has.
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// A JWS algorithm the org accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alg {
    Rs256,
    Rs384,
    Rs512,
    Es256,
    Es384,
}

impl Alg {
    pub(crate) fn parse(name: &str) -> Option<Alg> {
        Some(match name {
            "RS256" => Alg::Rs256,
            "RS384" => Alg::Rs384,
            "RS512" => Alg::Rs512,
            "ES256" => Alg::Es256,
            "ES384" => Alg::Es384,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Alg::Rs256 => "RS256",
            Alg::Rs384 => "RS384",
            Alg::Rs512 => "RS512",
            Alg::Es256 => "ES256",
            Alg::Es384 => "ES384",
        }
    }

    fn jwt(self) -> Algorithm {
        match self {
            Alg::Rs256 => Algorithm::RS256,
            Alg::Rs384 => Algorithm::RS384,
            Alg::Rs512 => Algorithm::RS512,
            Alg::Es256 => Algorithm::ES256,
            Alg::Es384 => Algorithm::ES384,
        }
    }

    /// The key type (and curve) this algorithm signs with.
    fn key_type(self) -> KeyType {
        match self {
            Alg::Rs256 | Alg::Rs384 | Alg::Rs512 => KeyType::Rsa,
            Alg::Es256 => KeyType::P256,
            Alg::Es384 => KeyType::P384,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Rsa,
    P256,
    P384,
}

/// A public key from a JWK: RSA (`n`, `e`) or EC (`crv`, `x`, `y`).
#[derive(Clone)]
pub(crate) struct PublicKey {
    pub(crate) kid: Option<String>,
    /// The JWK's own `alg`, when it names one: the key is then used for that algorithm only.
    alg: Option<String>,
    key_type: KeyType,
    decoding: DecodingKey,
    /// RFC 7638 thumbprint (base64url SHA-256 of the required members), DPoP's `jkt`.
    thumbprint: String,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey")
            .field("kid", &self.kid)
            .field("key_type", &self.key_type)
            .field("thumbprint", &self.thumbprint)
            .finish_non_exhaustive()
    }
}

impl PublicKey {
    /// Reads a public JWK. The error says what is wrong, for test setup and for DPoP's `jwk`.
    pub(crate) fn from_jwk(jwk: &Value) -> Result<PublicKey, String> {
        let Value::Object(jwk) = jwk else {
            return Err("a JWK is a JSON object".to_owned());
        };
        if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(**m)) {
            return Err(format!("the JWK has the private member `{member}`"));
        }
        let text = |name: &str| -> Result<&str, String> {
            jwk.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("the JWK has no `{name}`"))
        };
        let bytes = |name: &str| -> Result<Vec<u8>, String> {
            URL_SAFE_NO_PAD
                .decode(text(name)?)
                .map_err(|_| format!("the JWK's `{name}` is not base64url"))
        };
        let (key_type, decoding, canonical) = match text("kty")? {
            "RSA" => {
                let n = bytes("n")?;
                let modulus_bits = significant_bits(&n);
                if !(2048..=4096).contains(&modulus_bits) {
                    return Err(format!(
                        "an RSA key of {modulus_bits} bits (2048 to 4096 are accepted)"
                    ));
                }
                let e = bytes("e")?;
                if e.is_empty() || e.len() > 8 {
                    return Err("the JWK's `e` is not a valid RSA exponent".to_owned());
                }
                let canonical = format!(
                    r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                    text("e")?,
                    text("n")?
                );
                let decoding = DecodingKey::from_rsa_raw_components(&n, &e);
                (KeyType::Rsa, decoding, canonical)
            }
            "EC" => {
                let (key_type, size) = match text("crv")? {
                    "P-256" => (KeyType::P256, 32),
                    "P-384" => (KeyType::P384, 48),
                    other => return Err(format!("the curve {other:?} (P-256 or P-384)")),
                };
                if bytes("x")?.len() != size || bytes("y")?.len() != size {
                    return Err("the JWK's `x` or `y` has the wrong length".to_owned());
                }
                let decoding = DecodingKey::from_ec_components(text("x")?, text("y")?)
                    .map_err(|_| "the JWK's `x` or `y` is not base64url".to_owned())?;
                let canonical = format!(
                    r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                    text("crv")?,
                    text("x")?,
                    text("y")?
                );
                (key_type, decoding, canonical)
            }
            other => return Err(format!("the key type {other:?} (RSA or EC)")),
        };
        let optional = |name: &str| jwk.get(name).and_then(Value::as_str).map(str::to_owned);
        Ok(PublicKey {
            kid: optional("kid"),
            alg: optional("alg"),
            key_type,
            decoding,
            thumbprint: base64url_sha256(canonical.as_bytes()),
        })
    }

    pub(crate) fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    fn signs_with(&self, alg: Alg) -> bool {
        self.key_type == alg.key_type() && self.alg.as_deref().is_none_or(|own| own == alg.name())
    }
}

/// A parsed, not yet verified, compact JWS.
#[derive(Debug)]
pub(crate) struct Jws<'a> {
    pub(crate) header: Map<String, Value>,
    pub(crate) claims: Map<String, Value>,
    signing_input: &'a str,
    signature: &'a str,
}

impl<'a> Jws<'a> {
    /// Three base64url parts, the first two JSON objects; `None` for anything else.
    pub(crate) fn parse(token: &'a str) -> Option<Jws<'a>> {
        if token.len() > MAX_JWT_LEN {
            return None;
        }
        let mut parts = token.split('.');
        let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || signature.is_empty() {
            return None;
        }
        Some(Jws {
            header: json_object(header)?,
            claims: json_object(claims)?,
            signing_input: &token[..header.len() + 1 + claims.len()],
            signature,
        })
    }

    /// The header's `alg`, if the org accepts it.
    pub(crate) fn alg(&self) -> Option<Alg> {
        self.header_str("alg").and_then(Alg::parse)
    }

    pub(crate) fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    pub(crate) fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A NumericDate claim (`exp`, `iat`, `nbf`): a JSON number, fractions rounded down.
    pub(crate) fn claim_time(&self, name: &str) -> Option<i64> {
        let value = self.claims.get(name)?;
        value.as_i64().or_else(|| {
            let float = value.as_f64()?;
            // The range check also rules out NaN; the cast is then exact enough.
            (-1e15..1e15).contains(&float).then(|| float.floor() as i64)
        })
    }

    /// True if `key` made the signature with `alg`.
    pub(crate) fn verifies(&self, key: &PublicKey, alg: Alg) -> bool {
        key.signs_with(alg)
            && jsonwebtoken::crypto::verify(
                self.signature,
                self.signing_input.as_bytes(),
                &key.decoding,
                alg.jwt(),
            )
            .unwrap_or(false)
    }
}

/// base64url(SHA-256(bytes)), unpadded: PKCE's S256, DPoP's `ath`, JWK thumbprints.
pub(crate) fn base64url_sha256(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
}

fn json_object(part: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

/// Bits of a big-endian unsigned number, leading zero bytes and bits not counted.
fn significant_bits(bytes: &[u8]) -> usize {
    let Some(first) = bytes.iter().position(|b| *b != 0) else {
        return 0;
    };
    let rest = bytes.len() - first - 1;
    rest * 8 + (8 - bytes[first].leading_zeros() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_refuses_what_is_not_a_jws() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "e30.e30.",
            "e30.W10.c2ln",  // claims are an array
            "e30.!!!!.c2ln", // not base64url
        ] {
            assert!(Jws::parse(bad).is_none(), "{bad}");
        }
        let jws = Jws::parse("eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjEuNX0.c2ln").unwrap();
        assert_eq!(jws.alg(), Some(Alg::Es256));
        assert_eq!(jws.claim_time("exp"), Some(1));
        assert!(Jws::parse(&"a".repeat(MAX_JWT_LEN + 1)).is_none());
    }

    #[test]
    fn jwk_checks() {
        let private = json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "d": "AA"});
        assert!(PublicKey::from_jwk(&private).unwrap_err().contains("`d`"));
        let small = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode([0xff; 128]), "e": "AQAB"});
        assert!(
            PublicKey::from_jwk(&small)
                .unwrap_err()
                .contains("1024 bits")
        );
        let secret = json!({"kty": "oct", "k": "c2VjcmV0"});
        assert!(PublicKey::from_jwk(&secret).is_err());
        assert!(PublicKey::from_jwk(&json!("RSA")).is_err());
    }

    #[test]
    fn thumbprint_matches_rfc_7638() {
        // The example key of RFC 7638 section 3.1 and its thumbprint.
        let jwk = json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        });
        let key = PublicKey::from_jwk(&jwk).unwrap();
        assert_eq!(
            key.thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(key.kid.as_deref(), Some("2011-04-29"));
        assert!(key.signs_with(Alg::Rs256));
        assert!(!key.signs_with(Alg::Rs384)); // the JWK names RS256
        assert!(!key.signs_with(Alg::Es256));
    }
}
