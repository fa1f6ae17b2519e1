//! The Okta domain rules: what an admin may give as the host the credentials are sent to (the Okta Domain, and
//! the host of an OAuth endpoint URL).

use crate::error::{Error, Result};

/// Turns what an admin pastes for the input `input` into a bare host: `https://Dev-1.okta.com/` → `dev-1.okta.com`. Anything that
/// is more than a host name (a path, a query, userinfo, whitespace, a port other than 443) is rejected rather
/// than guessed at, because the token is sent to whatever host this returns. IP addresses in any notation and
/// names that only exist inside a network (`localhost`, `.internal`, `.local`) are refused too: an Okta org is
/// always a public host name, and the credentials must not be sent to a metadata service or a private host.
pub(crate) fn normalize(input: &str, text: &str) -> Result<String> {
    let refuse = |expected: &str| Error::invalid(input, expected);
    let mut domain = text.trim();
    if domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse(
            "a domain without spaces or control characters, such as dev-12345.okta.com",
        ));
    }
    if let Some(scheme_end) = domain.find("://") {
        if !domain[..scheme_end].eq_ignore_ascii_case("https") {
            return Err(refuse(
                "an https domain (Okta is only reachable over https), such as dev-12345.okta.com",
            ));
        }
        domain = &domain[scheme_end + 3..];
    }
    domain = domain.strip_suffix('/').unwrap_or(domain);
    if domain.contains(['/', '?', '#', '@', '\\']) {
        return Err(refuse(
            "only a domain, without a path, query or user name, such as dev-12345.okta.com",
        ));
    }
    if domain.starts_with('[') {
        return Err(refuse(
            "a host name such as dev-12345.okta.com, not an IP address",
        ));
    }
    let host = match domain.rsplit_once(':') {
        Some((host, port)) if port.parse::<u16>() == Ok(443) => host,
        Some(_) => {
            return Err(refuse(
                "a domain without a port (Okta answers on 443 only), such as dev-12345.okta.com",
            ));
        }
        None => domain,
    };
    let host = host.to_ascii_lowercase();
    if is_ip_literal(&host) {
        return Err(refuse(
            "a host name such as dev-12345.okta.com, not an IP address",
        ));
    }
    if !is_hostname(&host) {
        return Err(refuse(
            "a domain name such as dev-12345.okta.com (letters, digits, '-' and '.')",
        ));
    }
    if is_internal(&host) {
        return Err(refuse(
            "a public host name such as dev-12345.okta.com, not localhost or a .internal, .local or .localhost name",
        ));
    }
    Ok(host)
}

/// Whether a host would be read as an IPv4 address. URL parsers (and the resolvers behind them) read a host
/// whose last label is a number as IPv4, in decimal, octal (`0177`) or hex (`0x7f`), with one to four parts
/// (`127.1`, `2130706433`): no top-level domain is a number, so such a host is never a name.
fn is_ip_literal(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or(host);
    let number = match last.strip_prefix("0x") {
        Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()),
    };
    number || host.contains(':')
}

/// Names that resolve only inside a network: the loopback name and the reserved internal suffixes.
fn is_internal(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    host == "localhost"
        || [".localhost", ".internal", ".local"]
            .iter()
            .any(|suffix| host.ends_with(suffix))
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
            ("sso.example.com:443", "sso.example.com"),
            ("https://Dev-1.okta.com:443/", "dev-1.okta.com"),
        ] {
            assert_eq!(normalize("oktaDomain", text).unwrap(), want, "{text}");
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
            "sso.example.com:8443",
            "dev-1.okta.com:0",
            "dev-1.okta.com:65536",
            "dev-1.okta.com:",
            "169.254.169.254",
            "127.0.0.1",
            "10.0.0.1:22",
            "0x7f.1",
            "0177.0.0.1",
            "2130706433",
            "127.1",
            "[::1]",
            "[fe80::1]:443",
            "::1",
            "metadata.google.internal",
            "printer.local",
            "app.localhost",
            "LOCALHOST",
            "",
        ] {
            match normalize("oktaDomain", text) {
                Err(Error::InvalidInput { input, .. }) => assert_eq!(input, "oktaDomain"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }
}
