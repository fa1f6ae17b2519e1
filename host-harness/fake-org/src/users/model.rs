//! A user as the org stores it: typed where the fake reasons about a field (status, timestamps,
//! credentials), and the profile kept as the JSON the client sent, so custom attributes survive.

use serde_json::{Map, Value};

use crate::scim::{Field, Subject};
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    Staged,
    Provisioned,
    Active,
    Recovery,
    LockedOut,
    PasswordExpired,
    Suspended,
    Deprovisioned,
}

impl Status {
    pub(crate) const ALL: [Status; 8] = [
        Status::Staged,
        Status::Provisioned,
        Status::Active,
        Status::Recovery,
        Status::LockedOut,
        Status::PasswordExpired,
        Status::Suspended,
        Status::Deprovisioned,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Staged => "STAGED",
            Status::Provisioned => "PROVISIONED",
            Status::Active => "ACTIVE",
            Status::Recovery => "RECOVERY",
            Status::LockedOut => "LOCKED_OUT",
            Status::PasswordExpired => "PASSWORD_EXPIRED",
            Status::Suspended => "SUSPENDED",
            Status::Deprovisioned => "DEPROVISIONED",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A password credential. The fake keeps clear-text values so `change_password` can check
/// `oldPassword`; an imported hash cannot be checked, so it is only remembered as "set".
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Password {
    Value(String),
    Hash,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RecoveryQuestion {
    pub(crate) question: String,
    pub(crate) answer: String,
}

/// `credentials.provider`: `{type: OKTA|ACTIVE_DIRECTORY|LDAP|FEDERATION|SOCIAL|IMPORT, name}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Provider {
    pub(crate) kind: String,
    pub(crate) name: String,
}

impl Default for Provider {
    fn default() -> Self {
        Provider {
            kind: "OKTA".into(),
            name: "OKTA".into(),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) status: Status,
    pub(crate) created: Timestamp,
    pub(crate) activated: Option<Timestamp>,
    pub(crate) status_changed: Option<Timestamp>,
    pub(crate) last_login: Option<Timestamp>,
    pub(crate) last_updated: Timestamp,
    pub(crate) password_changed: Option<Timestamp>,
    pub(crate) type_id: String,
    pub(crate) realm_id: Option<String>,
    /// Attributes as given; JSON `null`s are never stored (a `null` clears the key).
    pub(crate) profile: Map<String, Value>,
    pub(crate) password: Option<Password>,
    pub(crate) recovery: Option<RecoveryQuestion>,
    pub(crate) provider: Provider,
}

impl User {
    pub(crate) fn login(&self) -> &str {
        self.profile_text("login")
    }

    pub(crate) fn profile_text(&self, key: &str) -> &str {
        self.profile.get(key).and_then(Value::as_str).unwrap_or("")
    }

    /// Whether activation can finish without the user's help: a password, or a provider other than
    /// Okta that authenticates them (activation then gives ACTIVE rather than PROVISIONED).
    pub(crate) fn can_sign_in(&self) -> bool {
        self.password.is_some() || self.provider.kind != "OKTA"
    }

    /// Moves to `status` now, stamping `statusChanged` (if the status changes) and `lastUpdated`.
    pub(crate) fn transition(&mut self, status: Status, now: Timestamp) {
        if self.status != status {
            self.status = status;
            self.status_changed = Some(now);
        }
        self.last_updated = now;
    }

    /// Activation from STAGED or DEPROVISIONED.
    pub(crate) fn activate(&mut self, now: Timestamp) {
        let status = if self.can_sign_in() {
            Status::Active
        } else {
            Status::Provisioned
        };
        self.transition(status, now);
        self.activated = Some(now);
    }

    pub(crate) fn set_password(&mut self, password: Password, now: Timestamp) {
        self.password = Some(password);
        self.password_changed = Some(now);
        self.last_updated = now;
    }
}

/// What `filter` and `search` expressions see of a user.
impl Subject for User {
    fn field(&self, name: &str) -> Field<'_> {
        let time = |time: Option<Timestamp>| time.map_or(Field::Missing, Field::Time);
        match name {
            "id" => Field::Text(&self.id),
            "status" => Field::Text(self.status.as_str()),
            "type.id" => Field::Text(&self.type_id),
            "created" => Field::Time(self.created),
            "activated" => time(self.activated),
            "statusChanged" => time(self.status_changed),
            "lastUpdated" => Field::Time(self.last_updated),
            "lastLogin" => time(self.last_login),
            "passwordChanged" => time(self.password_changed),
            _ => match name
                .strip_prefix("profile.")
                .and_then(|key| self.profile.get(key))
            {
                Some(value) => Field::Json(value),
                None => Field::Missing,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("active"), None);
    }
}
