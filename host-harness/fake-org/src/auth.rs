//! Who may call `/api/v1/*`: an API token (`SSWS`), or an OAuth access token (`Bearer`, or `DPoP`
//! with a proof) checked by the OAuth resource server ([`resource`]), which also enforces
//! each operation's scopes. One function, so the handlers never see how the caller authenticated.

use http::header::AUTHORIZATION;

use super::errors::ApiError;
use super::ids::IdGen;
use super::oauth::OAuthServer;
use super::oauth::resource::{self, Scheme};
use super::reply::Reply;
use super::request::ApiRequest;
use super::secret::same_secret;

/// Why a request may not go on: an Okta error (rendered like any other) or an OAuth challenge
/// answered as it is (it carries `WWW-Authenticate`).
#[derive(Debug)]
pub(crate) enum Refusal {
    Error(ApiError),
    Challenge(Reply),
}

impl Refusal {
    pub(crate) fn into_result(self) -> Result<Reply, ApiError> {
        match self {
            Refusal::Error(error) => Err(error),
            Refusal::Challenge(reply) => Ok(reply),
        }
    }
}

/// Accepts `Authorization: SSWS {api_token}` (scheme in any case, as HTTP allows; the space may be
/// left out, as Okta allows), or an access
/// token the OAuth server issued. A missing header, another scheme or a wrong API token is Okta's
/// 401 E0000011 "Invalid token provided". `raw_path` is the request path as sent (before the
/// trailing `/` is trimmed), which a DPoP proof's `htu` must match.
pub(crate) fn authenticate(
    request: &ApiRequest,
    raw_path: &str,
    api_token: &str,
    oauth: &mut OAuthServer,
    ids: &mut IdGen,
) -> Result<(), Refusal> {
    let credentials = request
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(split_credentials);
    match credentials {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("SSWS") => {
            if same_secret(token.as_bytes(), api_token.as_bytes()) {
                Ok(())
            } else {
                Err(Refusal::Error(ApiError::invalid_token()))
            }
        }
        Some((scheme, token)) if !token.is_empty() => match Scheme::parse(scheme) {
            Some(scheme) => resource::authenticate(oauth, ids, request, raw_path, scheme, token)
                .map_err(Refusal::Challenge),
            None => Err(Refusal::Error(ApiError::invalid_token())),
        },
        _ => Err(Refusal::Error(ApiError::invalid_token())),
    }
}

/// `(scheme, token)` from a header value. Okta also takes `SSWS` glued to the token (`SSWS00abc…`,
/// as Okta's Python SDK sends it), so that scheme needs no space; the others are split at one.
fn split_credentials(value: &str) -> Option<(&str, &str)> {
    let value = value.trim();
    let glued = value
        .get(..4)
        .filter(|scheme| scheme.eq_ignore_ascii_case("SSWS"))
        .map(|scheme| (scheme, &value[4..]));
    glued
        .or_else(|| value.split_once(' '))
        .map(|(scheme, token)| (scheme, token.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

    use super::super::time::Timestamp;

    fn check(value: &[u8], token: &str) -> Result<(), Refusal> {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_bytes(value).unwrap());
        let uri: Uri = "https://fake-org.okta.com/api/v1/users".parse().unwrap();
        let request = ApiRequest::new(
            Method::GET,
            &uri,
            headers,
            Bytes::new(),
            Timestamp::from_millis(0),
        );
        let mut oauth = OAuthServer::default();
        authenticate(&request, uri.path(), token, &mut oauth, &mut IdGen::new(1))
    }

    #[test]
    fn accepts_only_the_ssws_token() {
        let token = "secret-token";
        assert!(check(b"SSWS secret-token", token).is_ok());
        assert!(check(b"ssws  secret-token", token).is_ok());
        assert!(check(b"SSWSsecret-token", token).is_ok());
        for bad in [
            &b"SSWS wrong-token"[..],
            b"SSWS secret-token2",
            b"Basic secret-token",
            b"secret-token",
            b"SSWS \xff",
            b"SSWS",
            b"SSWS ",
            b"SSWSwrong-token",
            b"SSWSsecret-tokenX",
            b"SSW secret-token",
        ] {
            match check(bad, token) {
                Err(Refusal::Error(error)) => assert_eq!(error.code, "E0000011"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn an_unknown_access_token_is_challenged() {
        for scheme in ["Bearer", "DPoP"] {
            let value = format!("{scheme} secret-token");
            let Err(Refusal::Challenge(reply)) = check(value.as_bytes(), "secret-token") else {
                panic!("{scheme}: not challenged");
            };
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            let (_, header) = reply
                .headers
                .iter()
                .find(|(name, _)| *name == "www-authenticate")
                .unwrap();
            assert!(header.starts_with(if scheme == "Bearer" {
                "Bearer "
            } else {
                "DPoP algs="
            }));
            assert!(header.contains(r#"error="invalid_token""#), "{header}");
        }
    }
}
