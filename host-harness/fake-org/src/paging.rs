//! Cursor pagination as Okta does it: `limit` + an opaque `after` cursor, and one `Link` header line
//! per relation (`rel="self"`, and `rel="next"` while more results remain).
//!
//! A cursor is the ID of the last item sent, exactly like the recorded ones
//! (`after=00uvo7s8abwP37lV81d7`), so it stays valid when items are deleted between pages. When
//! results are sorted by something other than the ID, the sort key the page ended on is appended
//! (`{id}~{hex}`), so the next page resumes at the same place even if that item changed meanwhile.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::errors::ApiError;
use super::ids::is_object_id;

/// What Java's `URLEncoder` leaves alone, which is what Okta's links show (`+`, `%22`, `%28`, `%3A`).
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Splits off the first `limit` items and says whether any item follows them.
pub(crate) fn take_page<T>(items: impl Iterator<Item = T>, limit: usize) -> (Vec<T>, bool) {
    let mut page: Vec<T> = items.take(limit.saturating_add(1)).collect();
    let more = page.len() > limit;
    page.truncate(limit);
    (page, more)
}

/// Where the next page starts: after the item with this ID (and, for sorted results, this key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub(crate) id: String,
    pub(crate) key: Option<String>,
}

impl Cursor {
    pub(crate) fn encode(&self) -> String {
        match &self.key {
            None => self.id.clone(),
            Some(key) => format!("{}~{}", self.id, hex_encode(key.as_bytes())),
        }
    }

    /// Reads an `after` value this org made for IDs starting with `prefix`. Anything else (a page
    /// number, an edited value) is 400 E0000001 rather than a silently wrong page.
    pub(crate) fn decode(text: &str, prefix: &str) -> Result<Cursor, ApiError> {
        let (id, key) = match text.split_once('~') {
            None => (text, None),
            Some((id, hex)) => {
                let bytes = hex_decode(hex).ok_or_else(invalid_cursor)?;
                (
                    id,
                    Some(String::from_utf8(bytes).map_err(|_| invalid_cursor())?),
                )
            }
        };
        if !is_object_id(id, prefix) {
            return Err(invalid_cursor());
        }
        Ok(Cursor {
            id: id.to_owned(),
            key,
        })
    }
}

fn invalid_cursor() -> ApiError {
    ApiError::validation("after").with_cause("after: The cursor is not valid")
}

/// The query parameters of a page link: `after` (if any), then `limit`, then every other parameter
/// of the request in the order it was sent, as Okta's recorded links show.
#[derive(Debug)]
pub(crate) struct PageLinks<'a> {
    pub(crate) origin: &'a str,
    pub(crate) path: &'a str,
    pub(crate) limit: usize,
    pub(crate) params: Vec<(&'a str, &'a str)>,
}

impl PageLinks<'_> {
    /// `<{origin}{path}?[after=…&]limit=…&…>; rel="{rel}"`
    pub(crate) fn link(&self, after: Option<&str>, rel: &str) -> String {
        let mut query = String::new();
        if let Some(after) = after {
            query.push_str(&format!("after={}&", form_encode(after)));
        }
        query.push_str(&format!("limit={}", self.limit));
        for (name, value) in &self.params {
            query.push_str(&format!("&{}={}", form_encode(name), form_encode(value)));
        }
        format!("<{}{}?{query}>; rel=\"{rel}\"", self.origin, self.path)
    }
}

/// `application/x-www-form-urlencoded`: space as `+`, unsafe bytes as `%XX`.
pub(crate) fn form_encode(text: &str) -> String {
    utf8_percent_encode(text, FORM)
        .to_string()
        .replace("%20", "+")
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digits = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(digits, 16).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "00uvo7s8abwP37lV81d7";

    #[test]
    fn pages_know_whether_more_follow() {
        assert_eq!(take_page(1..=5, 2), (vec![1, 2], true));
        assert_eq!(take_page(1..=2, 2), (vec![1, 2], false));
        assert_eq!(take_page(1..=2, usize::MAX), (vec![1, 2], false));
        assert_eq!(take_page(std::iter::empty::<u8>(), 3), (vec![], false));
    }

    #[test]
    fn links_match_the_recorded_ones() {
        let links = PageLinks {
            origin: "https://oie-00.dne-okta.com",
            path: "/api/v1/users",
            limit: 1,
            params: vec![(
                "search",
                "profile.array123 eq \"feature\" and (created gt \"2021-01-01T00:00:00.000Z\")",
            )],
        };
        let search = "search=profile.array123+eq+%22feature%22+and+%28created+gt+%222021-01-01T00%3A00%3A00.000Z%22%29";
        assert_eq!(
            links.link(None, "self"),
            format!("<https://oie-00.dne-okta.com/api/v1/users?limit=1&{search}>; rel=\"self\"")
        );
        assert_eq!(
            links.link(Some(ID), "next"),
            format!(
                "<https://oie-00.dne-okta.com/api/v1/users?after={ID}&limit=1&{search}>; rel=\"next\""
            )
        );
    }

    #[test]
    fn cursors_round_trip() {
        for key in [None, Some("smith"), Some("é~&=\u{0}")] {
            let cursor = Cursor {
                id: ID.to_owned(),
                key: key.map(str::to_owned),
            };
            assert_eq!(Cursor::decode(&cursor.encode(), "00u"), Ok(cursor));
        }
        assert_eq!(Cursor::decode(ID, "00u").unwrap().encode(), ID);
    }

    #[test]
    fn tampered_cursors_are_rejected() {
        for bad in [
            "2",
            "",
            "00g0000000000000000",
            "00uvo7s8abwP37lV81d7~zz",
            "00uvo7s8abwP37lV81d7~abc",
            "00uvo7s8abwP37lV81d7~ff",
            "~00",
        ] {
            let error = Cursor::decode(bad, "00u").unwrap_err();
            assert_eq!(error.code, "E0000001", "{bad}");
        }
    }
}
