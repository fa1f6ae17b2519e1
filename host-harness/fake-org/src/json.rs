//! JSON written straight to bytes, keys in the order Okta sends them.
//!
//! serde_json's `Map` sorts keys (the crate is built without `preserve_order`), but Okta's bodies
//! have an order of their own, and rendering straight to bytes is also what lets the users list
//! be served from cached bytes. Two orders occur in the recordings:
//!
//! - fixed objects (`User`, `Group`, `Error`, `UserType`, credentials) keep their declared order,
//!   which is simply the order an [`Object`] is written in;
//! - maps (a user's `profile`, every `_links`, a group's `profile`) come out in the iteration order
//!   of a default `java.util.HashMap`: every recorded profile and `_links` object matches it, e.g.
//!   `firstName, lastName, mobilePhone, array123, secondEmail, login, number123, email`. See
//!   [`hashmap_order`].

use serde::Serialize;

use super::time::Timestamp;

/// Writes `value` as JSON. Serializing a `str`, a number or a `serde_json::Value` into a `Vec`
/// cannot fail (every `Value` key is a string), so there is no error to report.
pub(crate) fn write_value<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Writes a JSON string.
pub(crate) fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_str_content(out, text);
    out.push(b'"');
}

/// Writes the inside of a JSON string (no quotes), escaped as serde_json escapes: `\"`, `\\`,
/// and control characters (`\n`, `\u001f`…). Usually nothing needs escaping: one copy.
pub(crate) fn write_str_content(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // No early exit, so the check vectorises.
    let plain = bytes.iter().fold(true, |plain, &b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.extend_from_slice(bytes);
        return;
    }
    let mut copied = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..0x20 => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[copied..index]);
        copied = index + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let unicode = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ];
            out.extend_from_slice(&unicode);
        } else {
            out.extend_from_slice(escape);
        }
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// An object being written: `{` on creation, `"key":value` pairs in call order, `}` on [`end`].
///
/// [`end`]: Object::end
pub(crate) struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Writes `"key":` (after a comma when needed) and returns the buffer for the value.
    pub(crate) fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write_str(self.out, key);
        self.out.push(b':');
        self.out
    }

    pub(crate) fn str(&mut self, key: &str, value: &str) -> &mut Self {
        write_str(self.key(key), value);
        self
    }

    /// A string, or `null` for `None`.
    pub(crate) fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(text) => write_str(self.key(key), text),
            None => self.key(key).extend_from_slice(b"null"),
        }
        self
    }

    /// An instant as Okta writes it (`"2025-09-29T03:49:50.000Z"`), or `null` for `None`.
    pub(crate) fn time(&mut self, key: &str, value: Option<Timestamp>) -> &mut Self {
        let out = self.key(key);
        match value {
            Some(time) => {
                out.push(b'"');
                time.write_iso8601(out);
                out.push(b'"');
            }
            None => out.extend_from_slice(b"null"),
        }
        self
    }

    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        write_value(self.key(key), value);
        self
    }

    /// A nested object, written by `fill`.
    pub(crate) fn object(&mut self, key: &str, fill: impl FnOnce(&mut Object<'_>)) -> &mut Self {
        let mut inner = Object::new(self.key(key));
        fill(&mut inner);
        inner.end();
        self
    }

    pub(crate) fn end(self) {
        self.out.push(b'}');
    }
}

/// The order in which a `java.util.HashMap` built with default settings (capacity 16, load factor
/// 0.75, grown as entries are added) iterates `keys`: by bucket, and within a bucket in the order
/// given. Returns the indices of `keys` in that order.
pub(crate) fn hashmap_order(keys: &[&str]) -> Vec<usize> {
    let capacity = hashmap_capacity(keys.len());
    let mut order: Vec<(usize, usize)> = keys
        .iter()
        .enumerate()
        .map(|(index, key)| (bucket(key, capacity), index))
        .collect();
    // Keys sharing a bucket keep their given order, as a bucket's chain does.
    order.sort_unstable();
    order.into_iter().map(|(_, index)| index).collect()
}

/// Writes a map in `java.util.HashMap` order; `entries` in the order they were "inserted".
/// `write` gets the buffer, the key and the value.
pub(crate) fn map<V>(
    out: &mut Vec<u8>,
    entries: &[(&str, V)],
    mut write: impl FnMut(&mut Vec<u8>, &str, &V),
) {
    let keys: Vec<&str> = entries.iter().map(|(key, _)| *key).collect();
    let mut object = Object::new(out);
    for index in hashmap_order(&keys) {
        if let Some((key, value)) = entries.get(index) {
            write(object.key(key), key, value);
        }
    }
    object.end();
}

/// The table size after inserting `n` entries: it doubles whenever `n` exceeds 3/4 of it.
pub(crate) fn hashmap_capacity(n: usize) -> usize {
    let mut capacity: usize = 16;
    while n > capacity / 4 * 3 && capacity < (1 << 30) {
        capacity *= 2;
    }
    capacity
}

/// `HashMap.hash(key) & (capacity - 1)` with `String.hashCode()` over UTF-16 code units.
pub(crate) fn bucket(key: &str, capacity: usize) -> usize {
    let hash = key.encode_utf16().fold(0u32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(u32::from(unit))
    });
    let spread = hash ^ (hash >> 16);
    spread as usize & (capacity - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ordered(keys: &[&str]) -> Vec<String> {
        hashmap_order(keys)
            .into_iter()
            .map(|i| keys[i].to_owned())
            .collect()
    }

    #[test]
    fn maps_iterate_like_the_recorded_ones() {
        // Recorded Okta responses: each is already in hashmap order, so it comes back unchanged
        // (keys sharing a bucket keep their given order, so this holds only for hashmap order).
        let recorded: [&[&str]; 8] = [
            &[
                "firstName",
                "lastName",
                "mobilePhone",
                "array123",
                "secondEmail",
                "login",
                "number123",
                "email",
            ],
            &[
                "firstName",
                "lastName",
                "mobilePhone",
                "displayName",
                "nickName",
                "secondEmail",
                "login",
                "email",
            ],
            &[
                "profileUrl",
                "lastName",
                "zipCode",
                "preferredLanguage",
                "city",
                "displayName",
                "timezone",
                "locale",
                "title",
                "login",
                "employeeNumber",
                "division",
                "honorificSuffix",
                "countryCode",
                "state",
                "department",
                "email",
                "manager",
                "costCenter",
                "nickName",
                "secondEmail",
                "honorificPrefix",
                "managerId",
                "firstName",
                "primaryPhone",
                "postalAddress",
                "mobilePhone",
                "streetAddress",
                "organization",
                "middleName",
                "userType",
            ],
            &[
                "suspend",
                "schema",
                "resetPassword",
                "forgotPassword",
                "expirePassword",
                "changeRecoveryQuestion",
                "self",
                "resetFactors",
                "type",
                "changePassword",
                "deactivate",
            ],
            &["schema", "activate", "self", "resetFactors", "type"],
            &["logo", "owners", "users", "apps"],
            &["name", "description"],
            &[],
        ];
        for keys in recorded {
            assert_eq!(ordered(keys), keys);
        }
        // Without shared buckets the input order does not matter.
        let profile = [
            "firstName",
            "lastName",
            "mobilePhone",
            "secondEmail",
            "login",
            "email",
        ];
        let mut alphabetical = profile;
        alphabetical.sort_unstable();
        assert_eq!(ordered(&alphabetical), profile);
        assert_eq!(
            ordered(&["users", "apps", "logo"]),
            ["logo", "users", "apps"]
        );
    }

    #[test]
    fn objects_keep_their_order_and_escape() {
        let mut out = Vec::new();
        let mut object = Object::new(&mut out);
        object
            .str("z", "a\"b\\c\n")
            .opt_str("y", None)
            .value("x", &json!({"b": 1, "a": [true]}))
            .object("w", |inner| {
                inner.value("v", &[0u8; 0]);
            })
            .object("u", |_| {});
        object.end();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"z":"a\"b\\c\n","y":null,"x":{"a":[true],"b":1},"w":{"v":[]},"u":{}}"#
        );
        let content = |text: &str| {
            let mut out = b"<".to_vec();
            write_str_content(&mut out, text);
            out.push(b'>');
            String::from_utf8(out).unwrap()
        };
        assert_eq!(content("http://h\"x\u{1}é"), r#"<http://h\"x\u0001é>"#);
        assert_eq!(content("plain"), "<plain>");
        let nasty: String = (0u8..0x80)
            .map(char::from)
            .chain("é\u{2028}💡".chars())
            .collect();
        let mut ours = Vec::new();
        write_str(&mut ours, &nasty);
        assert_eq!(ours, serde_json::to_vec(&nasty).unwrap());
        assert_eq!(content(""), "<>");
    }

    #[test]
    fn maps_are_written_in_hashmap_order() {
        let mut out = Vec::new();
        map(
            &mut out,
            &[("email", 1), ("login", 2), ("firstName", 3)],
            |out, _, n| {
                write_value(out, n);
            },
        );
        assert_eq!(out, br#"{"firstName":3,"login":2,"email":1}"#);
    }
}
