//! Reading and validating the bodies of createUser / updateUser / replaceUser: the profile,
//! `credentials`, `type`, `realmId` and `groupIds`.
//!
//! Validation messages are Okta's where known ("The field cannot be left blank", "An object with this
//! field already exists in the current organization", the password-policy sentence); all failures of
//! one request are reported together, as one E0000001 with a cause each.

use serde_json::{Map, Value};

use super::model::{Password, Provider, RecoveryQuestion};
use super::store::UserStore;
use crate::errors::{ApiError, Violations};
use crate::org::Org;

const REQUIRED_PROFILE: &[&str] = &["login", "email", "firstName", "lastName"];
const PROVIDER_TYPES: &[&str] = &[
    "OKTA",
    "ACTIVE_DIRECTORY",
    "LDAP",
    "FEDERATION",
    "SOCIAL",
    "IMPORT",
];
const HASH_ALGORITHMS: &[&str] = &["BCRYPT", "SHA-512", "SHA-256", "SHA-1", "MD5", "PBKDF2"];
/// Okta's documented limit for `groupIds` on create.
const MAX_GROUP_IDS: usize = 20;
const PASSWORD_POLICY: &str = "Password requirements were not met. Password requirements: at least 8 characters, \
a lowercase letter, an uppercase letter, a number, no parts of your username. \
Your password cannot be any of your last 4 passwords.";

/// The `profile` object of a body as sent (with its `null`s), if there is one.
pub(crate) fn profile_patch(
    body: &Map<String, Value>,
) -> Result<Option<&Map<String, Value>>, ApiError> {
    match body.get("profile") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(profile)) => Ok(Some(profile)),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

/// Merges a partial profile into `current`: given keys replace, `null` removes. Merging into an
/// empty map is how a full profile (create, replace) drops its `null`s.
pub(crate) fn merge_profile(current: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (key, value) in patch {
        if value.is_null() {
            current.remove(key);
        } else {
            current.insert(key.clone(), value.clone());
        }
    }
}

/// Checks a complete profile: required attributes present and strings, login and email shaped
/// like email addresses, and the login free (`owner` is the user being updated, if any).
pub(crate) fn check_profile(
    profile: &Map<String, Value>,
    users: &UserStore,
    owner: Option<&str>,
    violations: &mut Violations,
) {
    for field in REQUIRED_PROFILE {
        match profile.get(*field) {
            None => violations.add(*field, "The field cannot be left blank"),
            Some(Value::String(text)) if text.trim().is_empty() => {
                violations.add(*field, "The field cannot be left blank")
            }
            Some(Value::String(_)) => {}
            Some(_) => violations.add(*field, "The value must be a string"),
        }
    }
    if let Some(Value::String(login)) = profile.get("login") {
        if !login.trim().is_empty() && !looks_like_email(login) {
            violations.add("login", "Username must be in the form of an email address");
        }
        if users.login_owner(login).is_some_and(|id| Some(id) != owner) {
            violations.add(
                "login",
                "An object with this field already exists in the current organization",
            );
        }
    }
    for field in ["email", "secondEmail"] {
        if let Some(Value::String(email)) = profile.get(field)
            && !email.trim().is_empty()
            && !looks_like_email(email)
        {
            violations.add(field, "Does not match required pattern");
        }
    }
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// `credentials` of a create/update body; each part is `None` when not given.
#[derive(Debug, Default)]
pub(crate) struct CredentialsInput {
    pub(crate) password: Option<Password>,
    pub(crate) recovery: Option<RecoveryQuestion>,
    pub(crate) provider: Option<Provider>,
}

impl CredentialsInput {
    pub(crate) fn parse(body: &Map<String, Value>) -> Result<CredentialsInput, ApiError> {
        let credentials = match body.get("credentials") {
            None | Some(Value::Null) => return Ok(CredentialsInput::default()),
            Some(Value::Object(credentials)) => credentials,
            Some(_) => return Err(ApiError::malformed_body()),
        };
        Ok(CredentialsInput {
            password: password(credentials.get("password"))?,
            recovery: recovery_question(credentials.get("recovery_question"))?,
            provider: provider(credentials.get("provider"))?,
        })
    }

    /// Applies the password policy to a clear-text password (hashes cannot be checked).
    pub(crate) fn check_password(&self, profile: &Map<String, Value>, violations: &mut Violations) {
        if let Some(Password::Value(value)) = &self.password
            && !meets_policy(value, profile)
        {
            violations.add("password", PASSWORD_POLICY);
        }
    }
}

/// `{value}` → a password, `{hash: {algorithm, value, …}}` → an imported hash, `{}` → none
/// (terraform sends `"password":{}` for "no password").
pub(crate) fn password(value: Option<&Value>) -> Result<Option<Password>, ApiError> {
    let object = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(ApiError::malformed_body()),
    };
    if let Some(hash) = object.get("hash").filter(|h| !h.is_null()) {
        let algorithm = hash.get("algorithm").and_then(Value::as_str);
        let digest = hash.get("value").and_then(Value::as_str);
        return match (algorithm, digest) {
            (Some(algorithm), Some(digest))
                if HASH_ALGORITHMS.contains(&algorithm) && !digest.is_empty() =>
            {
                Ok(Some(Password::Hash))
            }
            _ => Err(ApiError::validation("password")
                .with_cause("password: The hash algorithm or value is not valid")),
        };
    }
    match object.get("value") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(Password::Value(text.clone()))),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

fn recovery_question(value: Option<&Value>) -> Result<Option<RecoveryQuestion>, ApiError> {
    let object = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::trim);
    match (text("question"), text("answer")) {
        (Some(question), Some(answer)) if !question.is_empty() && !answer.is_empty() => {
            Ok(Some(RecoveryQuestion {
                question: question.to_owned(),
                answer: answer.to_owned(),
            }))
        }
        _ => Err(ApiError::validation("recovery_question")
            .with_cause("recovery_question: The question and answer are required")),
    }
}

fn provider(value: Option<&Value>) -> Result<Option<Provider>, ApiError> {
    let object = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let kind = object.get("type").and_then(Value::as_str).unwrap_or("OKTA");
    if !PROVIDER_TYPES.contains(&kind) {
        return Err(ApiError::validation("provider").with_cause(format!(
            "provider.type: '{kind}' is not a valid provider type"
        )));
    }
    let name = object.get("name").and_then(Value::as_str).unwrap_or(kind);
    Ok(Some(Provider {
        kind: kind.to_owned(),
        name: name.to_owned(),
    }))
}

/// Okta's default policy: 8+ characters, a lower-case letter, an upper-case letter, a digit, and
/// no part (3+ characters) of the username's local part.
pub(crate) fn meets_policy(password: &str, profile: &Map<String, Value>) -> bool {
    let login = profile.get("login").and_then(Value::as_str).unwrap_or("");
    let local = login.split('@').next().unwrap_or("").to_lowercase();
    let lowered = password.to_lowercase();
    let contains_username_part = local
        .split(['.', '-', '_', '+'])
        .filter(|part| part.chars().count() >= 3)
        .any(|part| lowered.contains(part));
    password.chars().count() >= 8
        && password.chars().any(|c| c.is_lowercase())
        && password.chars().any(|c| c.is_uppercase())
        && password.chars().any(|c| c.is_ascii_digit())
        && !contains_username_part
}

/// `type: {id}` must name the org's user type. Returns the ID to store (`None` when not given).
pub(crate) fn user_type(org: &Org, body: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    let id = match body.get("type") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(object)) => object.get("id").and_then(Value::as_str),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    match id {
        Some(id) if id == org.user_type.id || org.other_user_types.iter().any(|t| t.id == id) => {
            Ok(Some(id.to_owned()))
        }
        Some(id) => Err(ApiError::validation("type")
            .with_cause(format!("type.id: The user type {id} does not exist"))),
        None => {
            Err(ApiError::validation("type").with_cause("type.id: The field cannot be left blank"))
        }
    }
}

/// `realmId`, stored as given (`null` clears it on update).
pub(crate) fn realm_id(body: &Map<String, Value>) -> Result<Option<Option<String>>, ApiError> {
    match body.get("realmId") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(id)) => Ok(Some(Some(id.clone()))),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

/// `groupIds` of createUser: at most 20 (E0000093 beyond, as the spec's example), each an existing
/// group. An unknown group is 400 E0000001 naming it: the user is not created.
pub(crate) fn group_ids(org: &Org, body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let items = match body.get("groupIds") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::malformed_body()),
    };
    if items.len() > MAX_GROUP_IDS {
        return Err(ApiError::too_many_groups());
    }
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id = item.as_str().ok_or_else(ApiError::malformed_body)?;
        if !org.groups.contains(id) {
            return Err(ApiError::validation("groupIds")
                .with_cause(format!("groupIds: Group {id} does not exist")));
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn password_policy_is_okta_default() {
        let profile = object(json!({ "login": "John.Doe-Unlock@example.com" }));
        assert!(meets_policy("Password150kta", &profile));
        for weak in [
            "Sh0rt",
            "alllower1",
            "ALLUPPER1",
            "NoDigitsHere",
            "JohnDoe1x",
            "Unlock123a",
        ] {
            assert!(!meets_policy(weak, &profile), "{weak}");
        }
    }

    #[test]
    fn passwords_come_as_values_hashes_or_nothing() {
        assert_eq!(password(Some(&json!({}))), Ok(None));
        assert_eq!(
            password(Some(&json!({"value": "x"}))),
            Ok(Some(Password::Value("x".into())))
        );
        let hash =
            json!({"hash": {"algorithm": "BCRYPT", "workFactor": 10, "salt": "s", "value": "v"}});
        assert_eq!(password(Some(&hash)), Ok(Some(Password::Hash)));
        let bad_hash = json!({"hash": {"algorithm": "ROT13", "value": "v"}});
        assert_eq!(password(Some(&bad_hash)).unwrap_err().code, "E0000001");
        assert_eq!(password(Some(&json!("x"))).unwrap_err().code, "E0000003");
    }

    #[test]
    fn profile_checks_report_every_problem() {
        let users = UserStore::default();
        let mut violations = Violations::default();
        let profile = object(json!({"login": "not-an-email", "email": 5, "firstName": " "}));
        check_profile(&profile, &users, None, &mut violations);
        let error = violations.into_result().unwrap_err();
        assert_eq!(error.summary, "Api validation failed: email");
        assert_eq!(
            error.causes,
            [
                "email: The value must be a string",
                "firstName: The field cannot be left blank",
                "lastName: The field cannot be left blank",
                "login: Username must be in the form of an email address",
            ]
        );
    }

    #[test]
    fn merge_sets_and_clears() {
        let mut profile = object(json!({"a": 1, "b": 2}));
        merge_profile(&mut profile, &object(json!({"b": null, "c": 3})));
        assert_eq!(Value::Object(profile), json!({"a": 1, "c": 3}));
    }
}
