//! Who may call `/api/v1/*`. One function, so OAuth (`Bearer`, `DPoP` + proof) can be added beside
//! SSWS later without touching the handlers.

use http::HeaderMap;
use http::header::AUTHORIZATION;

use super::errors::ApiError;

/// Accepts `Authorization: SSWS {api_token}` (scheme in any case, as HTTP allows). Anything else,
/// including a missing header or a `Bearer` token, is Okta's 401 E0000011 "Invalid token provided".
pub(crate) fn authenticate(headers: &HeaderMap, api_token: &str) -> Result<(), ApiError> {
    let credentials = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().split_once(' '));
    match credentials {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("SSWS")
                && same_secret(token.trim().as_bytes(), api_token.as_bytes()) =>
        {
            Ok(())
        }
        _ => Err(ApiError::invalid_token()),
    }
}

/// Compares without stopping at the first difference, like a real server should.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with_authorization(value: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_bytes(value).unwrap());
        headers
    }

    #[test]
    fn accepts_only_the_ssws_token() {
        let token = "secret-token";
        assert!(authenticate(&with_authorization(b"SSWS secret-token"), token).is_ok());
        assert!(authenticate(&with_authorization(b"ssws  secret-token"), token).is_ok());
        for bad in [
            &b"SSWS wrong-token"[..],
            b"SSWS secret-token2",
            b"Bearer secret-token",
            b"secret-token",
            b"SSWS \xff",
        ] {
            let error = authenticate(&with_authorization(bad), token).unwrap_err();
            assert_eq!(error.code, "E0000011");
        }
        assert!(authenticate(&HeaderMap::new(), token).is_err());
    }
}
