//! The `User` JSON, field for field and in Okta's key order, written straight to bytes.
//!
//! A user's JSON is a head that depends on the user alone (`{"id":…` to the end of
//! `credentials`), which the store caches, and a tail with `_links`, which depend on the origin
//! the client used and on whether one user (all operations) or a list (`self` only) is answered.

use serde_json::Value;

use super::model::{Status, User};
use crate::json::{Object, bucket, hashmap_capacity, map, write_str_content};
use crate::user_types::UserType;

/// Profile attributes Okta always returns, `null` when unset.
const BASE_PROFILE: &[&str] = &[
    "firstName",
    "lastName",
    "mobilePhone",
    "secondEmail",
    "login",
    "email",
];

/// How much of `_links` to include: lists carry only `self`; a single user (get, create, update)
/// carries the lifecycle operations its status allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Links {
    Full,
    SelfOnly,
}

/// The user's JSON as one user is answered (get, create, update): full `_links`, and with
/// `embedded` the `_embedded.blocks` of `expand=blocks` (the fake blocks nobody).
pub(crate) fn user_bytes(
    user: &User,
    user_type: &UserType,
    origin: &str,
    links: Links,
    embedded: bool,
) -> Vec<u8> {
    let head = user_head(user);
    let mut out = Vec::with_capacity(head.len() + 1024);
    out.extend_from_slice(&head);
    let origin = Href::new(origin);
    write_tail(&mut out, user, user_type, &origin, links);
    if embedded {
        out.pop();
        out.extend_from_slice(br#","_embedded":{"blocks":[]}}"#);
    }
    out
}

/// The user's JSON as a `Value` (for [`FakeOrg::user`](crate::FakeOrg::user)).
pub(crate) fn user_json(user: &User, user_type: &UserType, origin: &str, links: Links) -> Value {
    serde_json::from_slice(&user_bytes(user, user_type, origin, links, false)).unwrap_or_default()
}

/// `{"id":…,"status":…,…,"credentials":{…}`: the object up to `_links`, still open. Keys in the
/// recorded order; `realmId` (when set) after `passwordChanged`, as recorded.
pub(crate) fn user_head(user: &User) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    let mut object = Object::new(&mut out);
    object
        .str("id", &user.id)
        .str("status", user.status.as_str())
        .time("created", Some(user.created))
        .time("activated", user.activated)
        .time("statusChanged", user.status_changed)
        .time("lastLogin", user.last_login)
        .time("lastUpdated", Some(user.last_updated))
        .time("passwordChanged", user.password_changed);
    if let Some(realm) = &user.realm_id {
        object.str("realmId", realm);
    }
    object.object("type", |t| {
        t.str("id", &user.type_id);
    });
    write_profile(object.key("profile"), user);
    write_credentials(object.key("credentials"), user, true);
    // Left open: `write_tail` adds `_links` and closes it.
    out
}

/// Appends `,"_links":{…}}` to a [`user_head`], closing the object.
pub(crate) fn write_tail(
    out: &mut Vec<u8>,
    user: &User,
    user_type: &UserType,
    origin: &Href,
    links: Links,
) {
    out.extend_from_slice(br#","_links":"#);
    let user_href = |out: &mut Vec<u8>| {
        origin.open(out);
        out.extend_from_slice(b"/api/v1/users/");
        write_str_content(out, &user.id);
    };
    if links == Links::SelfOnly {
        out.extend_from_slice(br#"{"self":{"href":"#);
        user_href(out);
        out.extend_from_slice(br#""}}}"#);
        return;
    }
    let schema_id = user_type.schema_id();
    // Insertion order, before hashmap order: self, the operations, schema, type.
    let mut entries: Vec<(&str, Rel)> = vec![("self", Rel::User)];
    entries.extend(
        operations(user.status)
            .iter()
            .map(|(rel, path)| (*rel, Rel::Operation(path))),
    );
    entries.push(("schema", Rel::Schema));
    entries.push(("type", Rel::Type));
    map(out, &entries, |out, _, rel| {
        out.extend_from_slice(br#"{"href":"#);
        match rel {
            Rel::User => user_href(out),
            Rel::Operation(path) => {
                user_href(out);
                out.push(b'/');
                write_str_content(out, path);
            }
            Rel::Schema => {
                origin.open(out);
                out.extend_from_slice(b"/api/v1/meta/schemas/user/");
                write_str_content(out, &schema_id);
            }
            Rel::Type => {
                origin.open(out);
                out.extend_from_slice(b"/api/v1/meta/types/user/");
                write_str_content(out, &user.type_id);
            }
        }
        out.push(b'"');
        if matches!(rel, Rel::Operation(_)) {
            out.extend_from_slice(br#","method":"POST""#);
        }
        out.push(b'}');
    });
    out.push(b'}');
}

enum Rel {
    User,
    Operation(&'static str),
    Schema,
    Type,
}

/// An origin ready to start a JSON string with: `"` and the origin, escaped once per request.
#[derive(Debug)]
pub(crate) struct Href(Vec<u8>);

impl Href {
    pub(crate) fn new(origin: &str) -> Href {
        let mut open = vec![b'"'];
        write_str_content(&mut open, origin);
        Href(open)
    }

    fn open(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

/// Where attributes share a hashmap bucket, the order they went in decides. This order (custom
/// attributes first, then these) reproduces every recorded profile: Okta's 31 base attributes
/// in their recorded order, `firstName` moved first (recorded before `lastName` in small
/// profiles, where the two share a bucket).
fn insertion_rank(key: &str) -> Option<u8> {
    Some(match key {
        "firstName" => 0,
        "profileUrl" => 1,
        "lastName" => 2,
        "zipCode" => 3,
        "preferredLanguage" => 4,
        "city" => 5,
        "displayName" => 6,
        "timezone" => 7,
        "locale" => 8,
        "title" => 9,
        "login" => 10,
        "employeeNumber" => 11,
        "division" => 12,
        "honorificSuffix" => 13,
        "countryCode" => 14,
        "state" => 15,
        "department" => 16,
        "email" => 17,
        "manager" => 18,
        "costCenter" => 19,
        "nickName" => 20,
        "secondEmail" => 21,
        "honorificPrefix" => 22,
        "managerId" => 23,
        "primaryPhone" => 24,
        "postalAddress" => 25,
        "mobilePhone" => 26,
        "streetAddress" => 27,
        "organization" => 28,
        "middleName" => 29,
        "userType" => 30,
        _ => return None,
    })
}

/// The stored attributes plus the base ones (`null` when unset), in hashmap order: by bucket,
/// then custom attributes by name, then base ones in [`insertion_rank`] order.
fn write_profile(out: &mut Vec<u8>, user: &User) {
    let missing = BASE_PROFILE
        .iter()
        .filter(|key| !user.profile.contains_key(**key));
    let capacity = hashmap_capacity(user.profile.len() + missing.clone().count());
    let mut entries: Vec<(usize, Option<u8>, &str, Option<&Value>)> = user
        .profile
        .iter()
        .map(|(key, value)| (key.as_str(), Some(value)))
        .chain(missing.map(|key| (*key, None)))
        .map(|(key, value)| (bucket(key, capacity), insertion_rank(key), key, value))
        .collect();
    // Keys are unique, so this is a total order.
    entries.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut profile = Object::new(out);
    for (_, _, key, value) in entries {
        match value {
            Some(value) => profile.value(key, value),
            None => profile.opt_str(key, None),
        };
    }
    profile.end();
}

/// `credentials`: `password: {}` only when one is set (its value is never returned), the primary
/// email when a password is set (as recorded), the recovery question without its answer, and the
/// provider. `change_password` answers the same object without `emails`.
pub(crate) fn credentials_bytes(user: &User, with_emails: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write_credentials(&mut out, user, with_emails);
    out
}

fn write_credentials(out: &mut Vec<u8>, user: &User, with_emails: bool) {
    let mut credentials = Object::new(out);
    if user.password.is_some() {
        credentials.object("password", |_| {});
        let email = user.profile_text("email");
        if with_emails && !email.is_empty() {
            let emails = credentials.key("emails");
            emails.push(b'[');
            let mut entry = Object::new(emails);
            entry
                .str("value", email)
                .str("status", "VERIFIED")
                .str("type", "PRIMARY");
            entry.end();
            emails.push(b']');
        }
    }
    if let Some(recovery) = &user.recovery {
        credentials.object("recovery_question", |q| {
            q.str("question", &recovery.question);
        });
    }
    credentials.object("provider", |p| {
        p.str("type", &user.provider.kind)
            .str("name", &user.provider.name);
    });
    credentials.end();
}

/// The operations `_links` offers per status. STAGED, PROVISIONED, ACTIVE and SUSPENDED are as
/// recorded; the others follow what the lifecycle endpoints accept.
fn operations(status: Status) -> &'static [(&'static str, &'static str)] {
    const ACTIVATE: (&str, &str) = ("activate", "lifecycle/activate");
    const REACTIVATE: (&str, &str) = ("reactivate", "lifecycle/reactivate");
    const DEACTIVATE: (&str, &str) = ("deactivate", "lifecycle/deactivate");
    const SUSPEND: (&str, &str) = ("suspend", "lifecycle/suspend");
    const UNSUSPEND: (&str, &str) = ("unsuspend", "lifecycle/unsuspend");
    const UNLOCK: (&str, &str) = ("unlock", "lifecycle/unlock");
    const RESET_PASSWORD: (&str, &str) = ("resetPassword", "lifecycle/reset_password");
    const EXPIRE_PASSWORD: (&str, &str) = ("expirePassword", "lifecycle/expire_password");
    const RESET_FACTORS: (&str, &str) = ("resetFactors", "lifecycle/reset_factors");
    const FORGOT_PASSWORD: (&str, &str) = ("forgotPassword", "credentials/forgot_password");
    const CHANGE_PASSWORD: (&str, &str) = ("changePassword", "credentials/change_password");
    const CHANGE_QUESTION: (&str, &str) = (
        "changeRecoveryQuestion",
        "credentials/change_recovery_question",
    );
    match status {
        Status::Staged => &[ACTIVATE, RESET_FACTORS],
        Status::Provisioned => &[
            SUSPEND,
            RESET_PASSWORD,
            REACTIVATE,
            RESET_FACTORS,
            DEACTIVATE,
        ],
        Status::Active => &[
            SUSPEND,
            RESET_PASSWORD,
            FORGOT_PASSWORD,
            EXPIRE_PASSWORD,
            CHANGE_QUESTION,
            RESET_FACTORS,
            CHANGE_PASSWORD,
            DEACTIVATE,
        ],
        Status::Recovery => &[
            RESET_PASSWORD,
            REACTIVATE,
            EXPIRE_PASSWORD,
            CHANGE_PASSWORD,
            RESET_FACTORS,
            DEACTIVATE,
        ],
        Status::LockedOut => &[
            UNLOCK,
            RESET_PASSWORD,
            EXPIRE_PASSWORD,
            RESET_FACTORS,
            DEACTIVATE,
        ],
        Status::PasswordExpired => &[
            RESET_PASSWORD,
            EXPIRE_PASSWORD,
            CHANGE_PASSWORD,
            RESET_FACTORS,
            DEACTIVATE,
        ],
        Status::Suspended => &[UNSUSPEND, RESET_FACTORS, DEACTIVATE],
        Status::Deprovisioned => &[ACTIVATE],
    }
}

/// A weak ETag over the user's JSON, in Okta's shape (`W/"` + 64 hex digits + `"`): it changes
/// whenever anything the client can see changes.
pub(crate) fn etag(user: &[u8]) -> String {
    let digest: String = (0u64..4)
        .map(|lane| format!("{:016x}", fnv1a(user, lane)))
        .collect();
    format!("W/\"{digest}\"")
}

fn fnv1a(bytes: &[u8], lane: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ lane.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::IdGen;
    use crate::time::Timestamp;
    use crate::users::model::{Password, Provider};
    use serde_json::json;

    fn user(status: Status, profile: Value) -> User {
        let t = Timestamp::from_millis(1_598_552_387_000);
        User {
            id: "00usfgmn9xhwtA6f74x6".into(),
            status,
            created: t,
            activated: None,
            status_changed: None,
            last_login: None,
            last_updated: t,
            password_changed: Some(t),
            type_id: "otyc04qb2rUDcq2YA4x6".into(),
            realm_id: None,
            profile: profile.as_object().cloned().unwrap_or_default(),
            password: Some(Password::Hash),
            recovery: None,
            provider: Provider::default(),
        }
    }

    fn keys(json: &str, object: &str) -> Vec<String> {
        let start = json.find(&format!("\"{object}\":{{")).unwrap() + object.len() + 4;
        let mut keys = Vec::new();
        let mut depth = 0;
        let mut rest = &json[start..];
        while let Some(c) = rest.chars().next() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' if depth == 0 => break,
                '}' | ']' => depth -= 1,
                '"' => {
                    let end = rest[1..].find('"').unwrap() + 1;
                    if depth == 0 && rest[end + 1..].starts_with(':') {
                        keys.push(rest[1..end].to_owned());
                    }
                    rest = &rest[end..];
                }
                _ => {}
            }
            rest = &rest[c.len_utf8()..];
        }
        keys
    }

    #[test]
    fn users_are_written_like_the_recording() {
        // TestUsersResource.test_user_pagination.yaml, first response, byte for byte.
        let recorded = r#"{"id":"00usfgmn9xhwtA6f74x6","status":"STAGED","created":"2020-08-27T18:19:47.000Z","activated":null,"statusChanged":null,"lastLogin":null,"lastUpdated":"2020-08-27T18:19:47.000Z","passwordChanged":"2020-08-27T18:19:47.000Z","type":{"id":"otyc04qb2rUDcq2YA4x6"},"profile":{"firstName":"John","lastName":"Doe-Paginate-1","mobilePhone":null,"secondEmail":null,"login":"John.Doe-Paginate-1@example.com","email":"John.Doe-Paginate-1@example.com"},"credentials":{"password":{},"emails":[{"value":"John.Doe-Paginate-1@example.com","status":"VERIFIED","type":"PRIMARY"}],"provider":{"type":"OKTA","name":"OKTA"}},"_links":{"schema":{"href":"https://test.okta.com/api/v1/meta/schemas/user/oscc04qb2rUDcq2YA4x6"},"activate":{"href":"https://test.okta.com/api/v1/users/00usfgmn9xhwtA6f74x6/lifecycle/activate","method":"POST"},"self":{"href":"https://test.okta.com/api/v1/users/00usfgmn9xhwtA6f74x6"},"resetFactors":{"href":"https://test.okta.com/api/v1/users/00usfgmn9xhwtA6f74x6/lifecycle/reset_factors","method":"POST"},"type":{"href":"https://test.okta.com/api/v1/meta/types/user/otyc04qb2rUDcq2YA4x6"}}}"#;
        let login = "John.Doe-Paginate-1@example.com";
        let user = user(
            Status::Staged,
            json!({"login": login, "email": login, "firstName": "John", "lastName": "Doe-Paginate-1"}),
        );
        let mut user_type = UserType::default_type(&mut IdGen::new(1), user.created);
        user_type.id = user.type_id.clone();
        let json = user_bytes(
            &user,
            &user_type,
            "https://test.okta.com",
            Links::Full,
            false,
        );
        assert_eq!(String::from_utf8(json).unwrap(), recorded);

        let listed = user_bytes(&user, &user_type, "http://h\"", Links::SelfOnly, true);
        let listed = String::from_utf8(listed).unwrap();
        assert!(listed.ends_with(
            r#""_links":{"self":{"href":"http://h\"/api/v1/users/00usfgmn9xhwtA6f74x6"}},"_embedded":{"blocks":[]}}"#
        ));
        assert!(serde_json::from_str::<Value>(&listed).is_ok());
    }

    #[test]
    fn profiles_and_links_follow_the_recorded_orders() {
        let profile = json!({"firstName": "A", "lastName": "B", "login": "a@b.c", "email": "a@b.c",
                             "array123": ["x"], "number123": 1, "displayName": "D", "nickName": "N"});
        let json = user_bytes(
            &user(Status::Active, profile),
            &UserType::default_type(&mut IdGen::new(1), Timestamp::from_millis(0)),
            "https://o",
            Links::Full,
            false,
        );
        let json = String::from_utf8(json).unwrap();
        assert_eq!(
            keys(&json, "profile"),
            [
                "firstName",
                "lastName",
                "mobilePhone",
                "array123",
                "displayName",
                "nickName",
                "secondEmail",
                "login",
                "number123",
                "email"
            ]
        );
        assert_eq!(
            keys(&json, "_links"),
            [
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
                "deactivate"
            ]
        );

        // Okta's full base profile, recorded (terraform-provider-okta) in this order.
        let recorded = [
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
        ];
        let profile: serde_json::Map<String, Value> = recorded
            .iter()
            .map(|k| ((*k).to_owned(), json!("x")))
            .collect();
        let head = user_head(&user(Status::Suspended, Value::Object(profile)));
        let head = String::from_utf8(head).unwrap() + "}";
        assert_eq!(keys(&head, "profile"), recorded);
    }
}
