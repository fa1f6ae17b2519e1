//! Okta's cursor pagination: `Link: <url>; rel="next"`.
//!
//! Okta sends one `Link` header per relation, but HTTP stacks may join them into one comma-separated value, so
//! both forms are read. The next URL is opaque: it is followed as given (after checking that it stays on the
//! org's origin), never rebuilt from parts.

use super::transport::HttpResponse;

/// The `rel="next"` URL of a response, if any.
pub fn next_link(response: &HttpResponse) -> Option<String> {
    response
        .headers_named("link")
        .flat_map(split_links)
        .find_map(|link| {
            let (url, params) = link.trim().strip_prefix('<')?.split_once('>')?;
            params
                .split(';')
                .any(|p| is_next_rel(p.trim()))
                .then(|| url.trim().to_string())
        })
}

fn is_next_rel(param: &str) -> bool {
    let Some(value) = param.strip_prefix("rel=") else {
        return false;
    };
    value
        .trim_matches('"')
        .split_ascii_whitespace()
        .any(|rel| rel.eq_ignore_ascii_case("next"))
}

/// Splits a joined `Link` value on the commas between entries, not the ones inside `<…>` URLs.
fn split_links(value: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let (mut start, mut in_url) = (0, false);
    for (i, c) in value.char_indices() {
        match c {
            '<' => in_url = true,
            '>' => in_url = false,
            ',' if !in_url => {
                links.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    links.push(&value[start..]);
    links
}

/// The `after` cursor inside a next URL, so an action can hand it back to the user as the "After" input of a
/// later call. Only read, never used to build a URL.
pub fn after_cursor(next_url: &str) -> Option<String> {
    let query = next_url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let value = pair.strip_prefix("after=")?;
        Some(
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned(),
        )
    })
}

/// The path and query of `url` when it is on `origin` (`https://host[:port]`); `None` for any other origin.
pub fn same_origin_path<'a>(url: &'a str, origin: &str) -> Option<&'a str> {
    let rest = url
        .get(..origin.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(origin))
        .map(|_| &url[origin.len()..])?;
    rest.starts_with('/').then_some(rest)
}

/// Whether a next link's path and query (`/api/v1/users?after=…`) continues the listing at `path`: the same
/// path, byte for byte (so no dot segment, `;` parameter or other path), so a next link can never steer the
/// client's credentials to another endpoint of the org. Only the query (the cursor) may differ.
pub fn same_listing(next: &str, path: &str) -> bool {
    next.split(['?', '#']).next() == Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_links(values: &[&str]) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: values
                .iter()
                .map(|v| ("link".to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    const SELF_LINK: &str = r#"<https://o.okta.com/api/v1/users?limit=1&search=a%2Cb>; rel="self""#;
    const NEXT_LINK: &str = r#"<https://o.okta.com/api/v1/users?after=00uvo7s8abwP37lV81d7&limit=1&search=a%2Cb>; rel="next""#;

    #[test]
    fn reads_separate_and_joined_headers() {
        let want = Some(
            "https://o.okta.com/api/v1/users?after=00uvo7s8abwP37lV81d7&limit=1&search=a%2Cb"
                .to_string(),
        );
        assert_eq!(next_link(&with_links(&[SELF_LINK, NEXT_LINK])), want);
        assert_eq!(
            next_link(&with_links(&[&format!("{SELF_LINK}, {NEXT_LINK}")])),
            want
        );
        assert_eq!(next_link(&with_links(&[SELF_LINK])), None);
        assert_eq!(
            next_link(&with_links(&["garbage", "<unterminated; rel=next"])),
            None
        );
    }

    #[test]
    fn commas_inside_urls_do_not_split() {
        let joined = r#"<https://o.okta.com/x?a=1,2>; rel="self",<https://o.okta.com/x?after=c,d>; rel=next"#;
        assert_eq!(
            next_link(&with_links(&[joined])).as_deref(),
            Some("https://o.okta.com/x?after=c,d")
        );
    }

    #[test]
    fn extracts_the_cursor_and_checks_the_origin() {
        assert_eq!(
            after_cursor("https://o.okta.com/api/v1/users?limit=2&after=ab%3D%3D").as_deref(),
            Some("ab==")
        );
        assert_eq!(
            after_cursor("https://o.okta.com/api/v1/users?limit=2"),
            None
        );
        assert_eq!(
            same_origin_path("https://o.okta.com/api/v1/users?a=1", "https://o.okta.com"),
            Some("/api/v1/users?a=1")
        );
        assert_eq!(
            same_origin_path("https://o.okta.com.evil.io/api", "https://o.okta.com"),
            None
        );
        assert_eq!(
            same_origin_path("http://o.okta.com/api", "https://o.okta.com"),
            None
        );
    }
}
