//! The sample org's policies: Okta's default policy of each type an Identity Engine org starts
//! with, plus a few an admin would have added (one of them INACTIVE). Settings and rule actions
//! follow the spec's examples.

use serde_json::{Value, json};

use super::model::{Policy, PolicyRule, PolicyStatus, PolicyType};
use crate::org::Org;
use crate::time::Timestamp;
use PolicyType::{
    AccessPolicy, EntityRisk, IdpDiscovery, MfaEnroll, OktaSignOn, Password, PostAuthSession,
    ProfileEnrollment,
};

const RULE_PREFIX: &str = "0pr";
const DEFAULT: &str = "The default policy applies in all situations if no other policy applies.";
const DAY: i64 = 86_400;

/// One policy to seed: its type, name, description, status, whether Okta made it, and what it
/// applies to (`None`: no conditions; `Some(true)`: everyone; `Some(false)`: the IT group).
struct Seed {
    kind: PolicyType,
    name: &'static str,
    description: &'static str,
    status: PolicyStatus,
    system: bool,
    everyone: Option<bool>,
}

const fn seed(kind: PolicyType, name: &'static str, description: &'static str) -> Seed {
    Seed {
        kind,
        name,
        description,
        status: PolicyStatus::Active,
        system: false,
        everyone: Some(false),
    }
}

const fn system(kind: PolicyType, name: &'static str, description: &'static str) -> Seed {
    Seed {
        kind,
        name,
        description,
        status: PolicyStatus::Active,
        system: true,
        everyone: Some(true),
    }
}

const fn unconditional(seed: Seed) -> Seed {
    Seed {
        everyone: None,
        ..seed
    }
}

const fn inactive(seed: Seed) -> Seed {
    Seed {
        status: PolicyStatus::Inactive,
        ..seed
    }
}

/// In priority order within each type (the system default last, as Okta keeps it).
#[rustfmt::skip]
const SEEDS: &[Seed] = &[
    seed(OktaSignOn, "Admins Require MFA", "Administrators sign in with a second factor every time"),
    inactive(seed(OktaSignOn, "Contractor Sessions", "Short sessions for contractors")),
    system(OktaSignOn, "Default Policy", DEFAULT),
    seed(Password, "Engineering Password Policy", "Longer passwords for engineering"),
    seed(Password, "Service Accounts", "Rotation rules for service accounts"),
    system(Password, "Default Policy", DEFAULT),
    seed(MfaEnroll, "Require Okta Verify", "IT enrolls Okta Verify"),
    system(MfaEnroll, "Default Policy", DEFAULT),
    unconditional(seed(AccessPolicy, "Okta Dashboard", "Okta Dashboard Authentication Policy")),
    unconditional(seed(AccessPolicy, "Okta Admin Console", "Okta Admin Console Authentication Policy")),
    unconditional(seed(AccessPolicy, "Any two factors", "Require two factors")),
    unconditional(system(AccessPolicy, "Default Policy", "Default authentication policy")),
    unconditional(inactive(seed(ProfileEnrollment, "Partner Self-Registration", "Partners register themselves"))),
    unconditional(system(ProfileEnrollment, "Default Policy", "Default user profile policy")),
    unconditional(system(IdpDiscovery, "Idp Discovery Policy", "Routes everyone to the Okta sign-in page")),
    unconditional(system(EntityRisk, "Entity Risk Policy", "Entity risk policy")),
    unconditional(system(PostAuthSession, "Identity Threat Protection Policy", "Session violation enforcement")),
];

/// Seeds the policies; `it_group` is the group custom policies apply to (the admin's department).
pub(crate) fn seed_policies(org: &mut Org, founded: Timestamp, it_group: Option<&str>) {
    let everyone = org.groups.everyone().map(str::to_owned);
    let mut priorities: Vec<(PolicyType, u32)> = Vec::new();
    for (index, seed) in SEEDS.iter().enumerate() {
        let priority = next_priority(&mut priorities, seed.kind);
        let created = if seed.system {
            founded
        } else {
            founded.plus_seconds(DAY * (20 + 9 * i64::try_from(index).unwrap_or(0)))
        };
        let group = match seed.everyone {
            None => None,
            Some(true) => everyone.as_deref(),
            Some(false) => it_group.or(everyone.as_deref()),
        };
        let policy = policy(org, seed, priority, created, group);
        org.policies.insert(policy);
    }
}

fn next_priority(priorities: &mut Vec<(PolicyType, u32)>, kind: PolicyType) -> u32 {
    match priorities.iter_mut().find(|(k, _)| *k == kind) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            priorities.push((kind, 1));
            1
        }
    }
}

fn policy(
    org: &mut Org,
    seed: &Seed,
    priority: u32,
    created: Timestamp,
    group: Option<&str>,
) -> Policy {
    let conditions = match group {
        Some(group) => json!({"people": {"groups": {"include": [group]}}}),
        None => Value::Null,
    };
    let id = org.ids.object_id(seed.kind.id_prefix());
    let rule = PolicyRule {
        id: org.ids.object_id(RULE_PREFIX),
        name: if seed.system {
            "Default Rule"
        } else {
            "Catch-all Rule"
        }
        .to_owned(),
        priority: 1,
        status: PolicyStatus::Active,
        system: seed.system,
        created,
        conditions: rule_conditions(seed.kind),
        actions: rule_actions(seed.kind),
    };
    Policy {
        id,
        kind: seed.kind,
        name: seed.name.to_owned(),
        description: seed.description.to_owned(),
        priority,
        status: seed.status,
        system: seed.system,
        created,
        last_updated: created,
        conditions,
        settings: settings(seed.kind, seed.name),
        rules: vec![rule],
    }
}

fn settings(kind: PolicyType, name: &str) -> Option<Value> {
    match kind {
        PolicyType::Password => {
            let min_length = if name.starts_with("Engineering") {
                12
            } else {
                8
            };
            Some(json!({
                "password": {
                    "complexity": {"minLength": min_length, "minLowerCase": 1, "minUpperCase": 1,
                                   "minNumber": 1, "minSymbol": 0, "excludeUsername": true,
                                   "dictionary": {"common": {"exclude": false}}, "excludeAttributes": []},
                    "age": {"maxAgeDays": 0, "expireWarnDays": 0, "minAgeMinutes": 0, "historyCount": 4},
                    "lockout": {"maxAttempts": 10, "autoUnlockMinutes": 0,
                                "userLockoutNotificationChannels": [], "showLockoutFailures": false},
                },
                "recovery": {"factors": {
                    "recovery_question": {"status": "ACTIVE", "properties": {"complexity": {"minLength": 4}}},
                    "okta_email": {"status": "ACTIVE", "properties": {"recoveryToken": {"tokenLifetimeMinutes": 10080}}},
                    "okta_sms": {"status": "INACTIVE"},
                    "okta_call": {"status": "INACTIVE"},
                }},
                "delegation": {"options": {"skipUnlock": false}},
            }))
        }
        PolicyType::MfaEnroll => Some(json!({
            "type": "AUTHENTICATORS",
            "authenticators": [
                {"key": "okta_email", "enroll": {"self": "OPTIONAL"}},
                {"key": "okta_verify", "enroll": {"self": if name.starts_with("Require") { "REQUIRED" } else { "OPTIONAL" }}},
                {"key": "okta_password", "enroll": {"self": "REQUIRED"}},
                {"key": "phone_number", "enroll": {"self": "OPTIONAL"}},
            ],
        })),
        _ => None,
    }
}

fn rule_conditions(kind: PolicyType) -> Value {
    match kind {
        PolicyType::OktaSignOn => json!({
            "people": {"users": {"exclude": []}},
            "network": {"connection": "ANYWHERE"},
            "authContext": {"authType": "ANY"},
        }),
        PolicyType::Password => json!({
            "people": {"users": {"exclude": []}},
            "network": {"connection": "ANYWHERE"},
        }),
        _ => Value::Null,
    }
}

fn rule_actions(kind: PolicyType) -> Value {
    match kind {
        PolicyType::OktaSignOn => json!({"signon": {
            "access": "ALLOW", "requireFactor": false, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
            "session": {"usePersistentCookie": false, "maxSessionIdleMinutes": 120, "maxSessionLifetimeMinutes": 0},
        }}),
        PolicyType::Password => json!({
            "passwordChange": {"access": "ALLOW"},
            "selfServicePasswordReset": {"access": "ALLOW"},
            "selfServiceUnlock": {"access": "DENY"},
        }),
        PolicyType::MfaEnroll => json!({"enroll": {"self": "CHALLENGE"}}),
        PolicyType::AccessPolicy => json!({"appSignOn": {
            "access": "ALLOW",
            "verificationMethod": {"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H"},
        }}),
        PolicyType::ProfileEnrollment => json!({"profileEnrollment": {
            "access": "ALLOW", "activationRequirements": {"emailVerification": true},
            "profileAttributes": [
                {"name": "email", "label": "Email", "required": true},
                {"name": "firstName", "label": "First name", "required": true},
                {"name": "lastName", "label": "Last name", "required": true},
            ],
        }}),
        _ => json!({}),
    }
}
