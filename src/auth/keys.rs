//! Private keys for the client assertion: PKCS#8 PEM (RSA or EC P-256), PKCS#1 PEM, or a JWK as the Okta Admin
//! Console generates it. Errors name the input and never echo key material.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
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

/// RSA modulus sizes accepted: Okta's minimum is 2048 bits, and above 4096 bits a signature inside wasm
/// takes seconds (8192 bits: about 3.5 s) and can exhaust the call's CPU budget.
const RSA_BITS: std::ops::RangeInclusive<usize> = 2048..=4096;

/// The DER encoding of the P-256 curve's OID (1.2.840.10045.3.1.7), as it appears in a key's parameters.
const P256_OID: [u8; 10] = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

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
    let der = pem_der(text);
    if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
        check_rsa_bits(input, der.as_deref().and_then(pkcs1_modulus_bits))?;
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
            check_rsa_bits(input, der.as_deref().and_then(pkcs8_rsa_modulus_bits))?;
            return Ok(SigningKey {
                key,
                algorithm: Algorithm::RS256,
                kid: None,
            });
        }
        if let Ok(key) = EncodingKey::from_ec_pem(pem) {
            if !der.as_deref().is_some_and(is_p256_pkcs8) {
                return Err(invalid(
                    "an EC key on the P-256 curve (ES256); this one is on another curve",
                ));
            }
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
            check_rsa_bits(input, Some(unsigned_bits(&parts[1])))?;
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

/// Refuses an RSA key outside [`RSA_BITS`] (or one whose size cannot be read), naming the input, never the key.
fn check_rsa_bits(input: &str, bits: Option<usize>) -> Result<()> {
    match bits {
        Some(bits) if RSA_BITS.contains(&bits) => Ok(()),
        Some(bits) => Err(Error::invalid(
            input,
            format!(
                "an RSA key of {} to {} bits (this one has {bits})",
                RSA_BITS.start(),
                RSA_BITS.end()
            ),
        )),
        None => Err(Error::invalid(input, "a well-formed RSA private key")),
    }
}

/// The DER inside a PEM text (the base64 between its BEGIN and END lines).
fn pem_der(text: &str) -> Option<Vec<u8>> {
    let body: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect();
    STANDARD.decode(body).ok()
}

/// One DER element at the start of `der`: its tag, its content and what follows it.
fn der_read(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The element at the start of `der` when it has tag `tag`: its content and what follows.
fn der_expect(der: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    der_read(der).and_then(|(t, content, rest)| (t == tag).then_some((content, rest)))
}

/// The modulus size of a PKCS#1 `RSAPrivateKey` (SEQUENCE { version, modulus, … }).
fn pkcs1_modulus_bits(der: &[u8]) -> Option<usize> {
    let (key, _) = der_expect(der, 0x30)?;
    let (_version, rest) = der_expect(key, 0x02)?;
    let (modulus, _) = der_expect(rest, 0x02)?;
    Some(unsigned_bits(modulus))
}

/// The inner key of a PKCS#8 `PrivateKeyInfo` (SEQUENCE { version, algorithm, OCTET STRING key }), with the
/// algorithm identifier's content.
fn pkcs8_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let (info, _) = der_expect(der, 0x30)?;
    let (_version, rest) = der_expect(info, 0x02)?;
    let (algorithm, rest) = der_expect(rest, 0x30)?;
    let (key, _) = der_expect(rest, 0x04)?;
    Some((algorithm, key))
}

fn pkcs8_rsa_modulus_bits(der: &[u8]) -> Option<usize> {
    pkcs1_modulus_bits(pkcs8_parts(der)?.1)
}

/// Whether a PKCS#8 EC key names the P-256 curve in its algorithm parameters.
fn is_p256_pkcs8(der: &[u8]) -> bool {
    pkcs8_parts(der).is_some_and(|(algorithm, _)| algorithm.ends_with(&P256_OID))
}

/// The size in bits of an unsigned big-endian integer.
fn unsigned_bits(bytes: &[u8]) -> usize {
    match bytes.iter().position(|b| *b != 0) {
        Some(first) => (bytes.len() - first) * 8 - bytes[first].leading_zeros() as usize,
        None => 0,
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
    fn integer_sizes() {
        assert_eq!(unsigned_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(unsigned_bits(&[0x01]), 1);
        assert_eq!(unsigned_bits(&[0, 0]), 0);
        let key = der_sequence(vec![der_integer(&[0]), der_integer(&[0xff; 256])]);
        assert_eq!(pkcs1_modulus_bits(&key), Some(2048));
        assert_eq!(pkcs1_modulus_bits(&key[..10]), None);
    }

    #[test]
    fn rsa_keys_outside_2048_to_4096_bits_are_refused() {
        let jwk = |bytes: usize| {
            let n = URL_SAFE_NO_PAD.encode(vec![0xc5u8; bytes]);
            format!(
                r#"{{"kty":"RSA","n":"{n}","e":"AQAB","d":"AQ","p":"AQ","q":"AQ","dp":"AQ","dq":"AQ","qi":"AQ"}}"#
            )
        };
        for bytes in [64, 1024, 2048] {
            match parse("privateKey", &jwk(bytes)) {
                Err(Error::InvalidInput { input, expected }) => {
                    assert_eq!(input, "privateKey");
                    assert!(
                        expected.contains(&format!("has {}", bytes * 8)),
                        "{expected}"
                    );
                }
                _ => panic!("a {}-bit key was accepted", bytes * 8),
            }
        }
        assert!(parse("privateKey", &jwk(256)).is_ok());
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
