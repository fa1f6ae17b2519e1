//! Connections: their declarations, the Okta domain rules, and the credentials they carry.

use std::fmt;

use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs};

/// A connection type the component offers (one row per kind of credentials).
pub struct ConnectionDef {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
}

const OKTA_DOMAIN: Input = Input::string("oktaDomain", "Okta Domain")
    .required()
    .example("your-org.okta.com")
    .comments(
        "The base URL for the Okta API. Depending on your cloud environment, you can choose the correct one here. \
         Enter the domain without https://, for example dev-12345.okta.com, your-org.oktapreview.com or a custom domain.",
    );

const API_TOKEN: Input = Input::new("apiToken", "API Token", InputType::Password)
    .required()
    .comments("API Token generated in your Okta Admin Console (Security > API > Tokens). Sent as `Authorization: SSWS <token>`.");

/// Every connection the component implements.
pub const CONNECTIONS: &[ConnectionDef] = &[ConnectionDef {
    key: "apiToken",
    label: "API Token",
    description: "Authenticate with an Okta API token. The token inherits the permissions of the admin who created it.",
    inputs: &[API_TOKEN, OKTA_DOMAIN],
}];

/// A value that must never be printed: its `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The secret itself, for the one place that puts it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How requests are authorised.
#[derive(Clone, Debug)]
pub enum Auth {
    /// `Authorization: SSWS <token>`.
    ApiToken(Secret),
}

impl Auth {
    /// The `Authorization` header value.
    pub fn header(&self) -> String {
        match self {
            Auth::ApiToken(token) => format!("SSWS {}", token.expose()),
        }
    }
}

/// A connection ready to use: where the org is and how to authenticate.
#[derive(Clone, Debug)]
pub struct Connection {
    /// `https://{domain}`, without a trailing slash.
    pub origin: String,
    pub auth: Auth,
}

impl Connection {
    /// Validates the connection's fields against its declaration and builds it.
    pub fn parse(key: &str, fields: &[(String, String)]) -> Result<Connection> {
        let def = CONNECTIONS.iter().find(|c| c.key == key).ok_or_else(|| {
            let known: Vec<&str> = CONNECTIONS.iter().map(|c| c.key).collect();
            Error::invalid(
                "connection",
                format!("one of the connection types {}", known.join(", ")),
            )
        })?;
        let inputs = Inputs::parse(def.inputs, fields)?;
        let domain = normalize_domain(inputs.str(OKTA_DOMAIN.key)?)?;
        let token = inputs.str(API_TOKEN.key)?;
        if token.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::invalid(
                API_TOKEN.key,
                "a token without spaces or control characters",
            ));
        }
        Ok(Connection {
            origin: format!("https://{domain}"),
            auth: Auth::ApiToken(Secret::new(token)),
        })
    }
}

/// Turns what an admin pastes into a bare host: `https://Dev-1.okta.com/` → `dev-1.okta.com`. Anything that
/// is more than a host (a path, a query, userinfo, whitespace) is rejected rather than guessed at, because the
/// token is sent to whatever host this returns.
pub fn normalize_domain(text: &str) -> Result<String> {
    let field = OKTA_DOMAIN.key;
    let mut domain = text.trim();
    if domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "a domain without spaces or control characters, such as dev-12345.okta.com",
        ));
    }
    if let Some(scheme_end) = domain.find("://") {
        if !domain[..scheme_end].eq_ignore_ascii_case("https") {
            return Err(Error::invalid(
                field,
                "an https domain (Okta is only reachable over https), such as dev-12345.okta.com",
            ));
        }
        domain = &domain[scheme_end + 3..];
    }
    domain = domain.strip_suffix('/').unwrap_or(domain);
    if domain.contains(['/', '?', '#', '@', '\\']) {
        return Err(Error::invalid(
            field,
            "only a domain, without a path, query or user name, such as dev-12345.okta.com",
        ));
    }
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (domain, None),
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::invalid(
            field,
            "a domain with an optional numeric port, such as dev-12345.okta.com",
        ));
    }
    if !is_hostname(host) {
        return Err(Error::invalid(
            field,
            "a domain name such as dev-12345.okta.com (letters, digits, '-' and '.')",
        ));
    }
    Ok(domain.to_ascii_lowercase())
}

/// A DNS name with at least two labels of letters, digits and inner hyphens.
fn is_hostname(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_okta_domains_and_strips_pasted_decoration() {
        for (text, want) in [
            ("dev-123.okta.com", "dev-123.okta.com"),
            ("x.oktapreview.com", "x.oktapreview.com"),
            ("x.okta-emea.com", "x.okta-emea.com"),
            ("https://Login.Example.org/", "login.example.org"),
            ("  HTTPS://dev-1.okta.com  ", "dev-1.okta.com"),
            ("sso.example.com:8443", "sso.example.com:8443"),
        ] {
            assert_eq!(normalize_domain(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn rejects_anything_but_a_host() {
        for text in [
            "http://dev-1.okta.com",
            "dev-1.okta.com/api",
            "dev-1.okta.com?x=1",
            "user@dev-1.okta.com",
            "dev 1.okta.com",
            "dev-1.okta\t.com",
            "localhost",
            "-bad.okta.com",
            "dev-1.okta.com:http",
            "dev-1.okta.com#frag",
            "",
        ] {
            match normalize_domain(text) {
                Err(Error::InvalidInput { input, .. }) => assert_eq!(input, "oktaDomain"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let conn = Connection::parse(
            "apiToken",
            &[
                ("oktaDomain".into(), "dev-1.okta.com".into()),
                ("apiToken".into(), "00abcSECRET".into()),
            ],
        )
        .unwrap();
        assert!(!format!("{conn:?}").contains("SECRET"));
        assert_eq!(conn.auth.header(), "SSWS 00abcSECRET");
    }
}
