//! Policies and their rules as the org keeps them (read-only through the API).

use crate::store::{Record, Store};

use serde_json::Value;

use crate::time::Timestamp;

/// `PolicyType` of the spec: what `GET /api/v1/policies?type=` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PolicyType {
    AccessPolicy,
    EntityRisk,
    IdpDiscovery,
    MfaEnroll,
    OktaSignOn,
    Password,
    PostAuthSession,
    ProfileEnrollment,
    DeviceSignalCollection,
    SessionViolationDetection,
    ClientUpdate,
    IdentityClaimSourcing,
}

impl PolicyType {
    pub(crate) const ALL: [PolicyType; 12] = [
        PolicyType::AccessPolicy,
        PolicyType::EntityRisk,
        PolicyType::IdpDiscovery,
        PolicyType::MfaEnroll,
        PolicyType::OktaSignOn,
        PolicyType::Password,
        PolicyType::PostAuthSession,
        PolicyType::ProfileEnrollment,
        PolicyType::DeviceSignalCollection,
        PolicyType::SessionViolationDetection,
        PolicyType::ClientUpdate,
        PolicyType::IdentityClaimSourcing,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PolicyType::AccessPolicy => "ACCESS_POLICY",
            PolicyType::EntityRisk => "ENTITY_RISK",
            PolicyType::IdpDiscovery => "IDP_DISCOVERY",
            PolicyType::MfaEnroll => "MFA_ENROLL",
            PolicyType::OktaSignOn => "OKTA_SIGN_ON",
            PolicyType::Password => "PASSWORD",
            PolicyType::PostAuthSession => "POST_AUTH_SESSION",
            PolicyType::ProfileEnrollment => "PROFILE_ENROLLMENT",
            PolicyType::DeviceSignalCollection => "DEVICE_SIGNAL_COLLECTION",
            PolicyType::SessionViolationDetection => "SESSION_VIOLATION_DETECTION",
            PolicyType::ClientUpdate => "CLIENT_UPDATE",
            PolicyType::IdentityClaimSourcing => "IDENTITY_CLAIM_SOURCING",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<PolicyType> {
        PolicyType::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// App sign-in and user profile policies are `rst…`; the others `00p…`.
    pub(crate) fn id_prefix(self) -> &'static str {
        match self {
            PolicyType::AccessPolicy | PolicyType::ProfileEnrollment => "rst",
            _ => "00p",
        }
    }

    /// The `type` of the policy's rules (`SIGN_ON` for global session policies).
    pub(crate) fn rule_type(self) -> &'static str {
        match self {
            PolicyType::OktaSignOn => "SIGN_ON",
            other => other.as_str(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PolicyStatus {
    Active,
    Inactive,
}

impl PolicyStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PolicyStatus::Active => "ACTIVE",
            PolicyStatus::Inactive => "INACTIVE",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<PolicyStatus> {
        match text {
            "ACTIVE" => Some(PolicyStatus::Active),
            "INACTIVE" => Some(PolicyStatus::Inactive),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct PolicyRule {
    /// `0pr…`
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) priority: u32,
    pub(crate) status: PolicyStatus,
    pub(crate) system: bool,
    pub(crate) created: Timestamp,
    pub(crate) conditions: Value,
    pub(crate) actions: Value,
}

#[derive(Clone, Debug)]
pub(crate) struct Policy {
    pub(crate) id: String,
    pub(crate) kind: PolicyType,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) priority: u32,
    pub(crate) status: PolicyStatus,
    /// Okta's own default policy of the type: it cannot be deleted.
    pub(crate) system: bool,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
    /// `null` for types without conditions (as the spec's examples show).
    pub(crate) conditions: Value,
    /// Type-specific settings (password complexity, enrolled authenticators), if the type has any.
    pub(crate) settings: Option<Value>,
    pub(crate) rules: Vec<PolicyRule>,
}

/// Policies by ID, in creation order.
pub(crate) type PolicyStore = Store<Policy>;

impl Record for Policy {
    const KIND: &'static str = "Policy";
    fn id(&self) -> &str {
        &self.id
    }
}

impl PolicyStore {
    pub(crate) fn of_type(&self, kind: PolicyType) -> impl Iterator<Item = &Policy> {
        self.iter().filter(move |policy| policy.kind == kind)
    }
}
