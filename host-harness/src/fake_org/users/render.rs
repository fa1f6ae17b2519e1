//! The `User` JSON, field for field as the recordings show it.

use serde_json::{Map, Value, json};

use super::model::{Status, User};
use crate::fake_org::time::Timestamp;
use crate::fake_org::user_types::UserType;

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

pub(crate) fn user_json(user: &User, user_type: &UserType, origin: &str, links: Links) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(user.id));
    object.insert("status".into(), json!(user.status.as_str()));
    object.insert("created".into(), json!(user.created.iso8601()));
    let optional = |t: Option<Timestamp>| json!(t.map(Timestamp::iso8601));
    object.insert("activated".into(), optional(user.activated));
    object.insert("statusChanged".into(), optional(user.status_changed));
    object.insert("lastLogin".into(), optional(user.last_login));
    object.insert("lastUpdated".into(), json!(user.last_updated.iso8601()));
    object.insert("passwordChanged".into(), optional(user.password_changed));
    if let Some(realm) = &user.realm_id {
        object.insert("realmId".into(), json!(realm));
    }
    object.insert("type".into(), json!({ "id": user.type_id }));
    object.insert("profile".into(), profile_json(user));
    object.insert("credentials".into(), credentials_json(user, true));
    object.insert("_links".into(), links_json(user, user_type, origin, links));
    Value::Object(object)
}

fn profile_json(user: &User) -> Value {
    let mut profile = user.profile.clone();
    for key in BASE_PROFILE {
        profile.entry(*key).or_insert(Value::Null);
    }
    Value::Object(profile)
}

/// `credentials`: `password: {}` only when one is set (its value is never returned), the primary
/// email when a password is set (as recorded), the recovery question without its answer, and the
/// provider. `change_password` answers the same object without `emails`.
pub(crate) fn credentials_json(user: &User, with_emails: bool) -> Value {
    let mut credentials = Map::new();
    if user.password.is_some() {
        credentials.insert("password".into(), json!({}));
        let email = user.profile_text("email");
        if with_emails && !email.is_empty() {
            credentials.insert(
                "emails".into(),
                json!([{ "value": email, "status": "VERIFIED", "type": "PRIMARY" }]),
            );
        }
    }
    if let Some(recovery) = &user.recovery {
        credentials.insert(
            "recovery_question".into(),
            json!({ "question": recovery.question }),
        );
    }
    credentials.insert(
        "provider".into(),
        json!({ "type": user.provider.kind, "name": user.provider.name }),
    );
    Value::Object(credentials)
}

fn links_json(user: &User, user_type: &UserType, origin: &str, links: Links) -> Value {
    let user_href = format!("{origin}/api/v1/users/{}", user.id);
    let mut object = Map::new();
    object.insert("self".into(), json!({ "href": user_href }));
    if links == Links::SelfOnly {
        return Value::Object(object);
    }
    for (rel, path) in operations(user.status) {
        object.insert(
            (*rel).into(),
            json!({ "href": format!("{user_href}/{path}"), "method": "POST" }),
        );
    }
    let schema = format!(
        "{origin}/api/v1/meta/schemas/user/{}",
        user_type.schema_id()
    );
    object.insert("schema".into(), json!({ "href": schema }));
    let type_href = format!("{origin}/api/v1/meta/types/user/{}", user.type_id);
    object.insert("type".into(), json!({ "href": type_href }));
    Value::Object(object)
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
pub(crate) fn etag(user: &Value) -> String {
    let bytes = serde_json::to_vec(user).unwrap_or_default();
    let digest: String = (0u64..4)
        .map(|lane| format!("{:016x}", fnv1a(&bytes, lane)))
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
