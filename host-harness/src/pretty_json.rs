//! JSON text pretty-printed for a person, as `okta-harness run` prints an action's output: serde_json reads the
//! text and writes it again, indented, one token at a time ([`serde_transcode`]), so no value tree is built and a
//! large output costs the host no memory beyond its text (and the writer's buffer).

use std::io::{self, Write};

/// Writes JSON text pretty-printed by serde_json, token by token: no value tree is built, so a 32 MiB output
/// costs no memory beyond its text. Key order is kept; a number is written as serde_json reads it (`-1.5e3` as
/// `-1500.0`).
pub fn write_pretty_json(json: &str, out: &mut impl Write) -> io::Result<()> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    serde_transcode::transcode(
        &mut deserializer,
        &mut serde_json::Serializer::pretty(&mut *out),
    )?;
    deserializer.end()?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(json: &str) -> String {
        let mut out = Vec::new();
        write_pretty_json(json, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pretty_json_keeps_the_key_order_and_ends_with_a_newline() {
        let json = r#"{"z":[{"id":"00u1","profile":{"a":"x, \"y\": {z}","t":true},"e":{},"l":[]},null],"a":1}"#;
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty(json)).unwrap(),
            value
        );
        assert!(pretty(json).starts_with("{\n  \"z\": [\n    {\n      \"id\": \"00u1\",\n"));
        assert!(pretty(json).ends_with("  \"a\": 1\n}\n"));
        assert_eq!(
            pretty(" { \"a\" : [ ] , \"b\":{ }, \"c\": [1 ,2] } "),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    2\n  ]\n}\n"
        );
    }

    #[test]
    fn pretty_json_numbers_are_serde_jsons() {
        let numbers = pretty(r#"[-1.5e3,18446744073709551615,-9223372036854775808,0.1]"#);
        assert_eq!(
            numbers,
            "[\n  -1500.0,\n  18446744073709551615,\n  -9223372036854775808,\n  0.1\n]\n"
        );
    }

    #[test]
    fn pretty_json_refuses_trailing_text() {
        assert!(write_pretty_json("{} x", &mut Vec::new()).is_err());
    }
}
