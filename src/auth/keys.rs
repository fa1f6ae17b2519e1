//! Private keys for the client assertion: PKCS#8 PEM (RSA or EC P-256), PKCS#1 PEM, or a JWK as the Okta Admin
//! Console generates it. Errors name the input and never echo key material.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::signature::Signer;
use rsa::{BoxedUint, Pkcs1v15Sign};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A key ready to sign, with the `kid` a JWK carried.
pub struct SigningKey {
    key: PrivateKey,
    pub kid: Option<String>,
}

/// The private key, as parsed: checked for its type and size, and turned into the signer only when a token is
/// requested (building an RSA key validates and precomputes it, which a call with a cached token does not need).
enum PrivateKey {
    Rsa(Box<RsaComponents>),
    /// The secret scalar, big-endian.
    P256([u8; 32]),
}

/// An RSA private key's integers, unsigned big-endian without leading zeros.
struct RsaComponents {
    n: Vec<u8>,
    e: Vec<u8>,
    d: Vec<u8>,
    p: Vec<u8>,
    q: Vec<u8>,
}

impl SigningKey {
    /// The JWS `alg` this key signs with.
    pub fn algorithm(&self) -> &'static str {
        match self.key {
            PrivateKey::Rsa(_) => "RS256",
            PrivateKey::P256(_) => "ES256",
        }
    }

    /// The JWS signature over `input`: RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA P-256 with SHA-256 as the fixed
    /// 64-byte r||s. `None` when the key's numbers do not make a valid key.
    pub fn sign(&self, input: &[u8]) -> Option<Vec<u8>> {
        match &self.key {
            PrivateKey::Rsa(components) => components.sign(input),
            PrivateKey::P256(scalar) => {
                es256(&p256::ecdsa::SigningKey::from_slice(scalar).ok()?, input)
            }
        }
    }
}

impl RsaComponents {
    fn sign(&self, input: &[u8]) -> Option<Vec<u8>> {
        let bits = u32::try_from(self.n.len() * 8).ok()?;
        let uint = |bytes: &[u8], bits: u32| BoxedUint::from_be_slice(bytes, bits).ok();
        let e_bits = u32::try_from(self.e.len().max(1) * 8).ok()?;
        let key = rsa::PrivateKey::from_components(
            uint(&self.n, bits)?,
            uint(&self.e, e_bits)?,
            uint(&self.d, bits)?,
            vec![uint(&self.p, bits)?, uint(&self.q, bits)?],
        )
        .ok()?;
        key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(input))
            .ok()
    }
}

/// An ES256 signature by `key`: the fixed-size r||s that JWS uses (not DER).
pub fn es256(key: &p256::ecdsa::SigningKey, input: &[u8]) -> Option<Vec<u8>> {
    let signature: p256::ecdsa::Signature = key.try_sign(input).ok()?;
    Some(signature.to_bytes().to_vec())
}

/// RSA modulus sizes accepted: Okta's minimum is 2048 bits, and above 4096 bits a signature inside wasm
/// takes seconds (8192 bits: about 3.5 s) and can exhaust the call's CPU budget.
const RSA_BITS: std::ops::RangeInclusive<usize> = 2048..=4096;

/// The DER encoding of the P-256 curve's OID (1.2.840.10045.3.1.7), as it appears in a key's parameters.
const P256_OID: [u8; 10] = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// The DER encoding of rsaEncryption's OID (1.2.840.113549.1.1.1), a PKCS#8 RSA key's algorithm.
const RSA_OID: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];

/// The DER encoding of id-ecPublicKey's OID (1.2.840.10045.2.1), a PKCS#8 EC key's algorithm.
const EC_OID: [u8; 9] = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

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
    let unsupported = "a PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) or a JWK";
    let der = pem_der(text);
    let rsa = |pkcs1: Option<&[u8]>| -> Result<SigningKey> {
        check_rsa_bits(input, pkcs1.and_then(pkcs1_modulus_bits))?;
        let components = pkcs1
            .and_then(rsa_components)
            .ok_or_else(|| invalid("a well-formed RSA private key"))?;
        Ok(SigningKey {
            key: PrivateKey::Rsa(Box::new(components)),
            kid: None,
        })
    };
    if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
        return rsa(der.as_deref());
    }
    if text.contains("-----BEGIN PRIVATE KEY-----") {
        let Some((algorithm, key)) = der.as_deref().and_then(pkcs8_parts) else {
            return Err(invalid("a PKCS#8 RSA or EC P-256 private key"));
        };
        if algorithm.starts_with(&RSA_OID) {
            return rsa(Some(key));
        }
        if algorithm.starts_with(&EC_OID) {
            if !algorithm.ends_with(&P256_OID) {
                return Err(invalid(
                    "an EC key on the P-256 curve (ES256); this one is on another curve",
                ));
            }
            let scalar =
                sec1_scalar(key).ok_or_else(|| invalid("a PKCS#8 RSA or EC P-256 private key"))?;
            return Ok(SigningKey {
                key: PrivateKey::P256(scalar),
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
            let components = RsaComponents {
                n: unsigned(bytes(&jwk.n, "n")?),
                e: unsigned(bytes(&jwk.e, "e")?),
                d: unsigned(bytes(&jwk.d, "d")?),
                p: unsigned(bytes(&jwk.p, "p")?),
                q: unsigned(bytes(&jwk.q, "q")?),
            };
            // The CRT members are required as RFC 7518 says; the signer derives its own from p and q.
            for (member, name) in [(&jwk.dp, "dp"), (&jwk.dq, "dq"), (&jwk.qi, "qi")] {
                bytes(member, name)?;
            }
            check_rsa_bits(input, Some(unsigned_bits(&components.n)))?;
            Ok(SigningKey {
                key: PrivateKey::Rsa(Box::new(components)),
                kid: jwk.kid,
            })
        }
        ("EC", Some("P-256")) => {
            let d = bytes(&jwk.d, "d")?;
            let scalar: [u8; 32] =
                left_pad(&d).ok_or_else(|| invalid("a P-256 JWK whose `d` is 32 bytes"))?;
            Ok(SigningKey {
                key: PrivateKey::P256(scalar),
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

/// Unsigned big-endian bytes without their leading zeros (a DER INTEGER's sign byte, a JWK's padding).
fn unsigned(mut bytes: Vec<u8>) -> Vec<u8> {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.drain(..first);
    bytes
}

/// The integers of a two-prime PKCS#1 `RSAPrivateKey` (SEQUENCE { version 0, n, e, d, p, q, dp, dq, qi }).
fn rsa_components(der: &[u8]) -> Option<RsaComponents> {
    let (key, _) = der_expect(der, 0x30)?;
    let (version, mut rest) = der_expect(key, 0x02)?;
    if version != [0] {
        return None;
    }
    let mut next = || -> Option<Vec<u8>> {
        let (integer, after) = der_expect(rest, 0x02)?;
        rest = after;
        Some(unsigned(integer.to_vec()))
    };
    Some(RsaComponents {
        n: next()?,
        e: next()?,
        d: next()?,
        p: next()?,
        q: next()?,
    })
}

/// The secret scalar of a SEC1 `ECPrivateKey` (SEQUENCE { version 1, OCTET STRING key, … }), as PKCS#8 wraps it.
fn sec1_scalar(der: &[u8]) -> Option<[u8; 32]> {
    let (key, _) = der_expect(der, 0x30)?;
    let (version, rest) = der_expect(key, 0x02)?;
    if version != [1] {
        return None;
    }
    let (scalar, _) = der_expect(rest, 0x04)?;
    left_pad(scalar)
}

/// The integration tests' key pairs (test material), each with the public JWK it must verify against.
#[cfg(test)]
#[path = "../../tests/oauth/keys.rs"]
#[allow(dead_code)]
mod test_keys;

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::SignatureScheme;

    use super::test_keys;

    /// Whether `signature` over `input` verifies with the public JWK `public` (an independent check: the
    /// verifier only sees the public key).
    fn verifies(public: &str, input: &[u8], signature: &[u8]) -> bool {
        let jwk: serde_json::Value = serde_json::from_str(public).unwrap();
        let member = |name: &str| URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap();
        if jwk["kty"] == "RSA" {
            let n = member("n");
            let key = rsa::PublicKey::new(
                BoxedUint::from_be_slice(&n, n.len() as u32 * 8).unwrap(),
                BoxedUint::from_be_slice(&member("e"), 32).unwrap(),
            )
            .unwrap();
            Pkcs1v15Sign::new::<Sha256>()
                .verify(&key, &Sha256::digest(input), signature)
                .is_ok()
        } else {
            use p256::ecdsa::signature::Verifier;
            let point = [vec![4], member("x"), member("y")].concat();
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
            let signature = p256::ecdsa::Signature::from_slice(signature).unwrap();
            key.verify(input, &signature).is_ok()
        }
    }

    #[test]
    fn every_key_format_signs_what_its_public_key_verifies() {
        use test_keys::*;
        for (private, public, alg) in [
            (RSA_PKCS8, RSA_PKCS8_PUBLIC, "RS256"),
            (RSA_PKCS1, RSA_PKCS1_PUBLIC, "RS256"),
            (EC_PKCS8, EC_PKCS8_PUBLIC, "ES256"),
            (RSA_JWK, RSA_JWK_PUBLIC, "RS256"),
            (EC_JWK, EC_JWK_PUBLIC, "ES256"),
        ] {
            let key = parse("privateKey", private).unwrap();
            assert_eq!(key.algorithm(), alg);
            let signature = key.sign(b"header.claims").unwrap();
            assert_eq!(signature.len(), if alg == "ES256" { 64 } else { 256 });
            assert!(verifies(public, b"header.claims", &signature), "{alg}");
            assert!(!verifies(public, b"header.claimz", &signature), "{alg}");
        }
        let other = parse("privateKey", RSA_PKCS8).unwrap();
        let signature = other.sign(b"x").unwrap();
        assert!(!verifies(RSA_PKCS1_PUBLIC, b"x", &signature));
    }

    #[test]
    fn rsa_numbers_that_make_no_key_do_not_sign() {
        let n = URL_SAFE_NO_PAD.encode(vec![0xc5u8; 256]);
        let jwk = format!(
            r#"{{"kty":"RSA","n":"{n}","e":"AQAB","d":"AQ","p":"AQ","q":"AQ","dp":"AQ","dq":"AQ","qi":"AQ"}}"#
        );
        assert!(parse("privateKey", &jwk).unwrap().sign(b"x").is_none());
    }

    /// A DER element with a long-form length when it needs one.
    fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match content.len() {
            len @ 0..0x80 => out.push(len as u8),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend(content);
        out
    }

    #[test]
    fn integer_sizes() {
        assert_eq!(unsigned_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(unsigned_bits(&[0x01]), 1);
        assert_eq!(unsigned_bits(&[0, 0]), 0);
        let modulus = [&[0u8][..], &[0xff; 256]].concat();
        let key = der(0x30, &[der(0x02, &[0]), der(0x02, &modulus)].concat());
        assert_eq!(pkcs1_modulus_bits(&key), Some(2048));
        assert_eq!(pkcs1_modulus_bits(&key[..10]), None);
    }

    #[test]
    fn pkcs1_integers_lose_their_sign_byte_and_need_version_zero() {
        let integers = |version: u8| {
            let mut content = der(0x02, &[version]);
            for value in [&[0x00, 0x80, 0x01][..], &[1, 0, 1], &[7], &[0, 0xc1], &[3]] {
                content.extend(der(0x02, value));
            }
            der(0x30, &content)
        };
        let components = rsa_components(&integers(0)).unwrap();
        assert_eq!(components.n, [0x80, 0x01]);
        assert_eq!(components.e, [1, 0, 1]);
        assert_eq!(components.p, [0xc1]);
        assert!(rsa_components(&integers(1)).is_none(), "multi-prime");
        let sec1 = der(0x30, &[der(0x02, &[1]), der(0x04, &[9; 32])].concat());
        assert_eq!(sec1_scalar(&sec1), Some([9; 32]));
        assert_eq!(sec1_scalar(&sec1[..20]), None);
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
