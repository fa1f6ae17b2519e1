//! Private keys for the client assertion: PKCS#8 PEM (RSA or EC P-256), PKCS#1 PEM, or a JWK as the Okta Admin
//! Console generates it. Errors name the input and never echo key material.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde::Deserialize;

use crate::error::{Error, Result};

/// A key ready to sign, with the algorithm its type calls for and the `kid` a JWK carried.
pub struct SigningKey {
    pub key: EncodingKey,
    pub algorithm: Algorithm,
    pub kid: Option<String>,
}

/// The fixed DER prefix of a PKCS#8 P-256 private key without the optional public key (RFC 5915 / 5208).
const P256_PKCS8_PREFIX: [u8; 35] = [
    0x30, 0x41, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04, 0x27, 0x30, 0x25, 0x02, 0x01,
    0x01, 0x04, 0x20,
];

/// A P-256 key from its 32-byte secret scalar, as PKCS#8 DER (what the signer takes).
pub fn p256_from_scalar(scalar: &[u8; 32]) -> EncodingKey {
    let mut der = P256_PKCS8_PREFIX.to_vec();
    der.extend_from_slice(scalar);
    EncodingKey::from_ec_der(&der)
}

/// Parses the "Private Key" input (`input` names it in errors).
pub fn parse(input: &str, text: &str) -> Result<SigningKey> {
    let text = text.trim();
    let invalid = |what: &str| Error::invalid(input, what.to_string());
    if text.starts_with('{') {
        return from_jwk(input, text);
    }
    if text.contains("PUBLIC KEY-----") || text.contains("CERTIFICATE-----") {
        return Err(invalid(
            "a private key (this is a public key or certificate; paste the private one)",
        ));
    }
    let pem = text.as_bytes();
    let unsupported = "a PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) or a JWK";
    if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
        let key = EncodingKey::from_rsa_pem(pem)
            .map_err(|_| invalid("a valid PKCS#1 RSA private key"))?;
        return Ok(SigningKey {
            key,
            algorithm: Algorithm::RS256,
            kid: None,
        });
    }
    if text.contains("-----BEGIN PRIVATE KEY-----") {
        if let Ok(key) = EncodingKey::from_rsa_pem(pem) {
            return Ok(SigningKey {
                key,
                algorithm: Algorithm::RS256,
                kid: None,
            });
        }
        if let Ok(key) = EncodingKey::from_ec_pem(pem) {
            return Ok(SigningKey {
                key,
                algorithm: Algorithm::ES256,
                kid: None,
            });
        }
        return Err(invalid("a PKCS#8 RSA or EC P-256 private key"));
    }
    if text.contains("-----BEGIN EC PRIVATE KEY-----") {
        return Err(invalid(
            "a PKCS#8 key: convert it with `openssl pkcs8 -topk8 -nocrypt`",
        ));
    }
    Err(invalid(unsupported))
}

/// The members of a private JWK this component reads.
#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    crv: Option<String>,
    d: Option<String>,
    n: Option<String>,
    e: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
}

fn from_jwk(input: &str, text: &str) -> Result<SigningKey> {
    let invalid = |what: &str| Error::invalid(input, what.to_string());
    let jwk: Jwk = serde_json::from_str(text)
        .map_err(|_| invalid("a JSON Web Key with kty, and d for a private key"))?;
    let bytes = |member: &Option<String>, name: &str| -> Result<Vec<u8>> {
        let value = member
            .as_deref()
            .ok_or_else(|| invalid(&format!("a private JWK (the `{name}` member is missing)")))?;
        URL_SAFE_NO_PAD
            .decode(value.trim_end_matches('='))
            .map_err(|_| invalid(&format!("a JWK whose `{name}` is base64url")))
    };
    if jwk.d.is_none() {
        return Err(invalid(
            "a private JWK (this one has no `d`: it is a public key)",
        ));
    }
    match (jwk.kty.as_str(), jwk.crv.as_deref()) {
        ("RSA", _) => {
            let parts = [
                vec![0u8],
                bytes(&jwk.n, "n")?,
                bytes(&jwk.e, "e")?,
                bytes(&jwk.d, "d")?,
                bytes(&jwk.p, "p")?,
                bytes(&jwk.q, "q")?,
                bytes(&jwk.dp, "dp")?,
                bytes(&jwk.dq, "dq")?,
                bytes(&jwk.qi, "qi")?,
            ];
            let der = der_sequence(parts.iter().map(|p| der_integer(p)).collect());
            Ok(SigningKey {
                key: EncodingKey::from_rsa_der(&der),
                algorithm: Algorithm::RS256,
                kid: jwk.kid,
            })
        }
        ("EC", Some("P-256")) => {
            let d = bytes(&jwk.d, "d")?;
            let scalar: [u8; 32] =
                left_pad(&d).ok_or_else(|| invalid("a P-256 JWK whose `d` is 32 bytes"))?;
            Ok(SigningKey {
                key: p256_from_scalar(&scalar),
                algorithm: Algorithm::ES256,
                kid: jwk.kid,
            })
        }
        _ => Err(invalid("an RSA or EC P-256 JWK")),
    }
}

fn left_pad(bytes: &[u8]) -> Option<[u8; 32]> {
    let bytes = if bytes.len() > 32 {
        bytes.strip_prefix(&[0u8][..])?
    } else {
        bytes
    };
    let mut out = [0u8; 32];
    out.get_mut(32usize.checked_sub(bytes.len())?..)?
        .copy_from_slice(bytes);
    Some(out)
}

/// A DER INTEGER from unsigned big-endian bytes.
fn der_integer(unsigned: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = match unsigned.iter().position(|b| *b != 0) {
        Some(first) => &unsigned[first..],
        None => &[0],
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    der_tlv(0x02, content)
}

fn der_sequence(items: Vec<Vec<u8>>) -> Vec<u8> {
    der_tlv(0x30, items.concat())
}

fn der_tlv(tag: u8, content: Vec<u8>) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_integers_are_minimal_and_positive() {
        assert_eq!(der_integer(&[0]), [0x02, 0x01, 0x00]);
        assert_eq!(der_integer(&[0x00, 0x7f]), [0x02, 0x01, 0x7f]);
        assert_eq!(der_integer(&[0x80]), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(der_tlv(0x30, vec![0; 200])[..3], [0x30, 0x81, 200]);
    }

    #[test]
    fn public_keys_and_garbage_are_refused_without_echo() {
        for text in [
            "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----\nnot base64 SECRETSTUFF\n-----END PRIVATE KEY-----",
            r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#,
            r#"{"kty":"OKP","d":"AA"}"#,
            "just text SECRETSTUFF",
        ] {
            match parse("privateKey", text) {
                Err(Error::InvalidInput { input, expected }) => {
                    assert_eq!(input, "privateKey");
                    assert!(!expected.contains("SECRETSTUFF") && !expected.contains("MIIB"));
                }
                Err(other) => panic!("{other:?}"),
                Ok(_) => panic!("{text} parsed"),
            }
        }
    }
}
