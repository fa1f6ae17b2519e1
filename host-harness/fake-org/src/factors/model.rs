//! Enrolled MFA factors (`UserFactor`), per user.

use std::collections::BTreeMap;
use std::ops::Bound;

use serde_json::Value;

use crate::time::Timestamp;

/// The factor types the sample org enrolls, with what Okta reports for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FactorKind {
    Sms,
    Call,
    Email,
    Question,
    /// Okta Verify's one-time codes (`token:software:totp`, provider OKTA).
    OktaTotp,
    GoogleTotp,
    /// Okta Verify push.
    Push,
    WebAuthn,
}

impl FactorKind {
    pub(crate) fn factor_type(self) -> &'static str {
        match self {
            FactorKind::Sms => "sms",
            FactorKind::Call => "call",
            FactorKind::Email => "email",
            FactorKind::Question => "question",
            FactorKind::OktaTotp | FactorKind::GoogleTotp => "token:software:totp",
            FactorKind::Push => "push",
            FactorKind::WebAuthn => "webauthn",
        }
    }

    pub(crate) fn provider(self) -> &'static str {
        match self {
            FactorKind::GoogleTotp => "GOOGLE",
            FactorKind::WebAuthn => "FIDO",
            _ => "OKTA",
        }
    }

    /// The ID prefix Okta gives this kind (`mbl…` for SMS as recorded, `opf…` for push).
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            FactorKind::Sms => "mbl",
            FactorKind::Call => "clf",
            FactorKind::Email => "emf",
            FactorKind::Question => "ufs",
            FactorKind::OktaTotp => "ost",
            FactorKind::GoogleTotp => "uft",
            FactorKind::Push => "opf",
            FactorKind::WebAuthn => "fwf",
        }
    }

    /// The factors that go with it: unenrolling push also unenrolls Okta Verify's other
    /// factors (the spec, unenrollFactor).
    pub(crate) fn also_unenrolls(self, other: FactorKind) -> bool {
        self == FactorKind::Push && other == FactorKind::OktaTotp
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FactorStatus {
    Active,
    PendingActivation,
}

impl FactorStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FactorStatus::Active => "ACTIVE",
            FactorStatus::PendingActivation => "PENDING_ACTIVATION",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Factor {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) kind: FactorKind,
    pub(crate) status: FactorStatus,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
    /// `phoneNumber`, `email`, `question` + `questionText`, `credentialId`, device details…
    pub(crate) profile: Value,
}

#[derive(Debug, Default)]
pub(crate) struct FactorStore {
    /// By (user ID, factor ID): a user's factors are a range.
    factors: BTreeMap<(String, String), Factor>,
}

impl FactorStore {
    pub(crate) fn insert(&mut self, factor: Factor) {
        let key = (factor.user_id.clone(), factor.id.clone());
        self.factors.insert(key, factor);
    }

    pub(crate) fn get(&self, user_id: &str, factor_id: &str) -> Option<&Factor> {
        self.factors
            .get(&(user_id.to_owned(), factor_id.to_owned()))
    }

    /// A user's factors, in ID order.
    pub(crate) fn of_user<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a Factor> {
        let start = Bound::Included((user_id.to_owned(), String::new()));
        self.factors
            .range((start, Bound::Unbounded))
            .take_while(move |((user, _), _)| user == user_id)
            .map(|(_, factor)| factor)
    }

    /// Unenrolls a factor and those that go with it; returns how many were removed.
    pub(crate) fn unenroll(&mut self, user_id: &str, factor_id: &str) -> usize {
        let Some(removed) = self
            .factors
            .remove(&(user_id.to_owned(), factor_id.to_owned()))
        else {
            return 0;
        };
        let before = self.factors.len();
        self.factors.retain(|(user, _), factor| {
            user != user_id || !removed.kind.also_unenrolls(factor.kind)
        });
        1 + before - self.factors.len()
    }

    /// Every factor of a user (reset_factors, or the user is gone).
    pub(crate) fn forget_user(&mut self, user_id: &str) {
        self.factors.retain(|(user, _), _| user != user_id);
    }
}
