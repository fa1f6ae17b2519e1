//! Compact JWS (RFC 7515): base64url(header).base64url(claims).base64url(signature). Only the two algorithms the
//! component signs with (RS256 for client assertions, ES256 for them and for DPoP proofs) are built in, so the
//! component carries no other algorithm's code.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

/// The protected header of a JWT the component signs.
#[derive(Serialize)]
pub struct Header<'a> {
    pub typ: &'a str,
    pub alg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<&'a str>,
    /// The public key a DPoP proof carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwk: Option<&'a PublicJwk>,
}

/// A public P-256 key as a JWK (RFC 7518 §6.2.1): what a DPoP proof's header names its key with.
#[derive(Serialize)]
pub struct PublicJwk {
    pub kty: &'static str,
    pub crv: &'static str,
    pub x: String,
    pub y: String,
    pub alg: &'static str,
}

/// The compact serialization of `header` and `claims`, signed over the ASCII signing input by `sign` (which
/// returns the JWS signature bytes, or `None` when the key cannot sign).
pub fn compact(
    header: &Header,
    claims: &impl Serialize,
    sign: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Option<String> {
    let mut jws = part(header)?;
    jws.push('.');
    jws.push_str(&part(claims)?);
    let signature = sign(jws.as_bytes())?;
    jws.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut jws);
    Some(jws)
}

fn part(value: &impl Serialize) -> Option<String> {
    serde_json::to_vec(value)
        .ok()
        .map(|json| URL_SAFE_NO_PAD.encode(json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_base64url_parts_signed_over_the_first_two() {
        let header = Header {
            typ: "JWT",
            alg: "RS256",
            kid: None,
            jwk: None,
        };
        let mut signed = Vec::new();
        let jws = compact(&header, &serde_json::json!({"a": 1}), |input| {
            signed = input.to_vec();
            Some(vec![0xfb, 0xff])
        })
        .unwrap();
        let parts: Vec<&str> = jws.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(signed, format!("{}.{}", parts[0], parts[1]).as_bytes());
        assert_eq!(
            URL_SAFE_NO_PAD.decode(parts[0]).unwrap(),
            br#"{"typ":"JWT","alg":"RS256"}"#
        );
        assert_eq!(parts[2], "-_8");
        assert!(compact(&header, &1, |_| None).is_none());
    }
}
