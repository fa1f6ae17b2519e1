//! One incoming request, read once into what handlers need: the origin the client used (for
//! `_links` and `Link` headers), the path, decoded query parameters and the body.

use bytes::Bytes;
use http::{HeaderMap, Method, Uri};
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use super::FakeOrg;
use super::errors::ApiError;
use super::time::Timestamp;

#[derive(Debug)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    /// `https://fake-org.okta.com`: scheme and authority the client addressed.
    pub(crate) origin: String,
    /// The path as sent (still percent-encoded), without a trailing `/`.
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The org clock when the request arrived, to the second as Okta stores it.
    pub(crate) now: Timestamp,
}

impl ApiRequest {
    pub(crate) fn new(
        method: Method,
        uri: &Uri,
        headers: HeaderMap,
        body: Bytes,
        now: Timestamp,
    ) -> ApiRequest {
        let path = uri.path();
        let path = match path.strip_suffix('/') {
            Some(trimmed) if !trimmed.is_empty() => trimmed,
            _ => path,
        };
        ApiRequest {
            origin: origin(uri, &headers),
            path: path.to_owned(),
            query: Query::parse(uri.query().unwrap_or("")),
            method,
            headers,
            body,
            now: now.whole_seconds(),
        }
    }

    /// The body as a JSON object; anything else (empty, not JSON, an array) is E0000003.
    pub(crate) fn json_object(&self) -> Result<Map<String, Value>, ApiError> {
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(Value::Object(object)) => Ok(object),
            _ => Err(ApiError::malformed_body()),
        }
    }
}

/// Absolute-form URIs carry their origin; origin-form ones take it from `X-Forwarded-Host` (what a proxy in
/// front, or a host that cannot set `Host`, says the client asked for), else `Host`, and `X-Forwarded-Proto`
/// (default `https`), and from [`FakeOrg::DOMAIN`] when there is neither.
fn origin(uri: &Uri, headers: &HeaderMap) -> String {
    if let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) {
        return format!("{scheme}://{authority}");
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    let scheme = header("x-forwarded-proto").unwrap_or("https");
    let host = header("x-forwarded-host")
        .or_else(|| header("host"))
        .unwrap_or(FakeOrg::DOMAIN);
    format!("{scheme}://{host}")
}

/// Query parameters in the order sent, `+` and `%XX` decoded. A repeated name keeps its first value.
#[derive(Debug, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(raw: &str) -> Query {
        let pairs = raw
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), form_decode(value))
            })
            .collect();
        Query(pairs)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A boolean parameter: absent → `default`; `true`/`false` in any case; anything else is 400.
    pub(crate) fn bool(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(value) => parse_bool(value).ok_or_else(|| invalid_parameter(name)),
        }
    }

    /// A boolean the spec marks `required` (reset_password `sendEmail`): absent is E0000028.
    pub(crate) fn required_bool(&self, name: &str) -> Result<bool, ApiError> {
        let value = self.get(name).ok_or_else(ApiError::missing_parameter)?;
        parse_bool(value).ok_or_else(|| invalid_parameter(name))
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

pub(crate) fn invalid_parameter(name: &str) -> ApiError {
    ApiError::validation(name).with_cause(format!("{name}: The value is not valid"))
}

/// `application/x-www-form-urlencoded` decoding; bytes that are not UTF-8 become U+FFFD.
fn form_decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// A path segment, percent-decoded (`john%40example.com` → `john@example.com`).
pub(crate) fn path_decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn request(uri: &str, headers: &[(&'static str, &str)]) -> ApiRequest {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        let uri: Uri = uri.parse().unwrap();
        ApiRequest::new(
            Method::GET,
            &uri,
            map,
            Bytes::new(),
            Timestamp::from_millis(1500),
        )
    }

    #[test]
    fn origin_comes_from_the_uri_or_the_host_header() {
        assert_eq!(
            request("https://x.okta.com/api/v1/users", &[]).origin,
            "https://x.okta.com"
        );
        let proxied = request(
            "/api/v1/users",
            &[("host", "127.0.0.1:8080"), ("x-forwarded-proto", "http")],
        );
        assert_eq!(proxied.origin, "http://127.0.0.1:8080");
        let forwarded = request(
            "/api/v1/users",
            &[
                ("host", "127.0.0.1:8080"),
                ("x-forwarded-host", "dev-1.okta.com"),
                ("x-forwarded-proto", "https"),
            ],
        );
        assert_eq!(forwarded.origin, "https://dev-1.okta.com");
        assert_eq!(
            request("/api/v1/users", &[]).origin,
            "https://fake-org.okta.com"
        );
    }

    #[test]
    fn query_is_form_decoded_in_order() {
        let r = request(
            "/api/v1/users/?limit=1&search=profile.lastName+eq+%22Smith%22&limit=5&flag",
            &[],
        );
        assert_eq!(r.path, "/api/v1/users");
        assert_eq!(r.query.get("limit"), Some("1"));
        assert_eq!(r.query.get("search"), Some("profile.lastName eq \"Smith\""));
        assert_eq!(r.query.get("flag"), Some(""));
        assert_eq!(r.now.millis(), 1000);
    }

    #[test]
    fn booleans_are_strict() {
        let q = Query::parse("a=TRUE&b=false&c=yes");
        assert_eq!(q.bool("a", false), Ok(true));
        assert_eq!(q.bool("b", true), Ok(false));
        assert_eq!(q.bool("missing", true), Ok(true));
        assert_eq!(q.bool("c", true).unwrap_err().code, "E0000001");
        assert_eq!(q.required_bool("missing").unwrap_err().code, "E0000028");
    }

    #[test]
    fn decoding_never_fails() {
        assert_eq!(path_decode("john%40example.com"), "john@example.com");
        assert_eq!(path_decode("%FF%FE"), "\u{FFFD}\u{FFFD}");
        assert_eq!(Query::parse("x=%E2%28").get("x"), Some("\u{FFFD}("));
    }
}
