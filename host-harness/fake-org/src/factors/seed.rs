//! The sample org's enrolled factors: the admin has Okta Verify (push and codes), email and a
//! security key; the first [`ENROLLED_USERS`] other users that have signed in have email, and
//! most also SMS, Okta Verify, a security question, Google Authenticator or a security key.
//! STAGED, PROVISIONED and DEPROVISIONED users have enrolled nothing.

use serde_json::{Value, json};

use super::model::{Factor, FactorKind, FactorStatus};
use crate::org::Org;
use crate::time::Timestamp;
use crate::users::model::{Status, User};

/// How many users besides the admin get factors, whatever the org's size.
const ENROLLED_USERS: usize = 40;
const DAY: i64 = 86_400;

const QUESTIONS: &[(&str, &str)] = &[
    (
        "disliked_food",
        "What is the food you least liked as a child?",
    ),
    (
        "name_of_first_plush_toy",
        "What is the name of your first stuffed animal?",
    ),
    ("favorite_art_piece", "What is your favorite piece of art?"),
];

const DEVICES: &[(&str, &str, &str, &str)] = &[
    ("iPhone 15", "IOS", "SmartPhone_IPhone", "17.5.1"),
    ("Pixel 8", "ANDROID", "SmartPhone_Android", "14"),
    ("Galaxy S23", "ANDROID", "SmartPhone_Android", "14"),
];

/// Seeds the factors; none is enrolled after `now`.
pub(crate) fn seed(org: &mut Org, now: Timestamp) {
    let enrolled: Vec<User> = org
        .users
        .iter()
        .filter(|user| {
            !matches!(
                user.status,
                Status::Staged | Status::Provisioned | Status::Deprovisioned
            )
        })
        .filter(|user| Some(&user.id) != org.admin_id.as_ref())
        .take(ENROLLED_USERS)
        .cloned()
        .collect();
    if let Some(admin) = org
        .admin_id
        .clone()
        .and_then(|id| org.users.get(&id).cloned())
    {
        for kind in [
            FactorKind::Push,
            FactorKind::OktaTotp,
            FactorKind::Email,
            FactorKind::WebAuthn,
        ] {
            enroll(org, &admin, kind, FactorStatus::Active, now);
        }
    }
    for user in &enrolled {
        enroll(org, user, FactorKind::Email, FactorStatus::Active, now);
        let roll = org.ids.below(100);
        if roll < 60 {
            let status = if roll < 6 {
                FactorStatus::PendingActivation
            } else {
                FactorStatus::Active
            };
            enroll(org, user, FactorKind::Sms, status, now);
        }
        if org.ids.below(100) < 45 {
            enroll(org, user, FactorKind::Push, FactorStatus::Active, now);
            enroll(org, user, FactorKind::OktaTotp, FactorStatus::Active, now);
        }
        let extra = org.ids.below(100);
        let kind = match extra {
            0..20 => Some(FactorKind::Question),
            20..30 => Some(FactorKind::GoogleTotp),
            30..35 => Some(FactorKind::WebAuthn),
            35..40 => Some(FactorKind::Call),
            _ => None,
        };
        if let Some(kind) = kind {
            enroll(org, user, kind, FactorStatus::Active, now);
        }
    }
}

fn enroll(org: &mut Org, user: &User, kind: FactorKind, status: FactorStatus, now: Timestamp) {
    let enrolled = user
        .activated
        .unwrap_or(user.created)
        .plus_seconds(DAY + i64::try_from(org.ids.below(30 * DAY as u64)).unwrap_or(0))
        .min(now);
    let profile = profile(org, user, kind);
    let factor = Factor {
        id: org.ids.object_id(kind.prefix()),
        user_id: user.id.clone(),
        kind,
        status,
        created: enrolled,
        last_updated: enrolled,
        profile,
    };
    org.factors.insert(factor);
}

fn profile(org: &mut Org, user: &User, kind: FactorKind) -> Value {
    let phone = user.profile_text("mobilePhone").replace('-', "");
    match kind {
        FactorKind::Sms | FactorKind::Call => json!({ "phoneNumber": phone }),
        FactorKind::Email => json!({ "email": user.profile_text("email") }),
        FactorKind::Question => {
            let (question, text) = QUESTIONS[org.ids.below(QUESTIONS.len() as u64) as usize];
            json!({ "question": question, "questionText": text })
        }
        FactorKind::OktaTotp | FactorKind::GoogleTotp => json!({ "credentialId": user.login() }),
        FactorKind::Push => {
            let (name, platform, device_type, version) =
                DEVICES[org.ids.below(DEVICES.len() as u64) as usize];
            json!({
                "credentialId": user.login(),
                "deviceType": device_type,
                "name": name,
                "platform": platform,
                "version": version,
            })
        }
        FactorKind::WebAuthn => json!({
            "credentialId": org.ids.token(43),
            "authenticatorName": "Security Key by Yubico",
        }),
    }
}
