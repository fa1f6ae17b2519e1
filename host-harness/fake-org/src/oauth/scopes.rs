//! Which OAuth scopes each Management API operation requires, from the `security` entries of the
//! spec (`management-minimal.yaml` 2026.06.3, `- oauth2: [okta.users.read]`), for every `/api/v1`
//! operation it declares, so routes added later are covered without touching this file.
//!
//! The table was generated from the spec (vendored in `testdata/okta-openapi/`) with this script,
//! and is data, not code:
//!
//! ```text
//! import yaml
//! spec = yaml.safe_load(open('management-minimal.yaml'))
//! for path, item in spec['paths'].items():
//!     if not path.startswith('/api/v1/'): continue
//!     for method in ['get', 'post', 'put', 'patch', 'delete']:
//!         op = item.get(method)
//!         if not op: continue
//!         scopes = next((s['oauth2'] for s in op.get('security') or [] if 'oauth2' in s), [])
//!         print(f'    ("{method.upper()}", "{path}", &[{", ".join(repr(s) for s in scopes)}]),')
//! ```
//!
//! Rules, as the spec and Okta's docs state them:
//! - every scope an operation lists is needed (the group-push mappings need an apps *and* a groups
//!   scope); a `….manage` scope also grants the matching `….read`;
//! - an operation with no `oauth2` entry (such as `DELETE /api/v1/api-tokens/current` and
//!   `GET /api/v1/users/{userId}/factors/questions`) takes an API token only, so no access token is
//!   enough for it;
//! - a path the spec does not list needs no scope: the router answers it (404 or 405) as for SSWS;
//! - where two patterns match a path, the one with a literal segment first wins
//!   (`/api/v1/groups/rules/{id}` over `/api/v1/groups/{groupId}/…`): the router's own rule,
//!   [`pattern::precedes`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::super::pattern;

/// What an operation asks of an access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Required {
    /// All of these scopes (each one also granted by its `.manage` sibling).
    Scopes(&'static [&'static str]),
    /// The operation accepts API tokens only.
    ApiTokenOnly,
}

impl Required {
    /// True if a token with `granted` scopes may call the operation.
    pub(crate) fn satisfied_by(self, granted: &[String]) -> bool {
        match self {
            Required::ApiTokenOnly => false,
            Required::Scopes(scopes) => scopes.iter().all(|scope| has_scope(granted, scope)),
        }
    }

    /// The `scope` parameter of a `WWW-Authenticate` challenge (none for API-token-only operations).
    pub(crate) fn challenge_scope(self) -> Option<String> {
        match self {
            Required::Scopes(scopes) if !scopes.is_empty() => Some(scopes.join(" ")),
            _ => None,
        }
    }
}

/// `scope` is among `granted`, or it is a `….read` scope and `….manage` is.
pub(crate) fn has_scope(granted: &[String], scope: &str) -> bool {
    granted.iter().any(|g| g == scope)
        || scope.strip_suffix(".read").is_some_and(|stem| {
            granted
                .iter()
                .any(|g| g.strip_suffix(".manage") == Some(stem))
        })
}

/// What the operation `method path` requires; `None` when the spec has no such operation. `path` is
/// the request path as sent (segments may be percent-encoded: only literal segments are compared).
pub(crate) fn required(method: &str, path: &str) -> Option<Required> {
    row(method, path).map(|row| {
        if row.2.is_empty() {
            Required::ApiTokenOnly
        } else {
            Required::Scopes(row.2)
        }
    })
}

/// The spec's pattern for the operation `method path`, chosen as the router chooses routes.
#[cfg(test)]
pub(crate) fn operation(method: &str, path: &str) -> Option<&'static str> {
    row(method, path).map(|row| row.1)
}

fn row(method: &str, path: &str) -> Option<&'static Row> {
    let resource = path.split('/').nth(3).unwrap_or("");
    let candidates = index().get(resource)?.iter().map(|&at| &TABLE[at]);
    let candidates = candidates.filter(|row| row.0 == method);
    pattern::best(candidates, |row| row.1, path)
}

/// Every scope some operation names.
pub(crate) fn all() -> HashSet<&'static str> {
    TABLE.iter().flat_map(|row| row.2.iter().copied()).collect()
}

type Row = (&'static str, &'static str, &'static [&'static str]);

/// Table rows by their resource (`users` in `/api/v1/users/…`), built on first use.
fn index() -> &'static HashMap<&'static str, Vec<usize>> {
    static INDEX: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (at, row) in TABLE.iter().enumerate() {
            let resource = row.1.split('/').nth(3).unwrap_or("");
            index.entry(resource).or_default().push(at);
        }
        index
    })
}

/// `(method, path pattern, scopes)` for every `/api/v1` operation of the spec, in its order.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    ("GET", "/api/v1/agentPools", &["okta.agentPools.read"]),
    ("GET", "/api/v1/agentPools/{poolId}/updates", &["okta.agentPools.read"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates", &["okta.agentPools.manage"]),
    ("GET", "/api/v1/agentPools/{poolId}/updates/settings", &["okta.agentPools.read"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/settings", &["okta.agentPools.manage"]),
    ("GET", "/api/v1/agentPools/{poolId}/updates/{updateId}", &["okta.agentPools.read"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}", &["okta.agentPools.manage"]),
    ("DELETE", "/api/v1/agentPools/{poolId}/updates/{updateId}", &["okta.agentPools.manage"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}/activate", &["okta.agentPools.manage"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}/deactivate", &["okta.agentPools.manage"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}/pause", &["okta.agentPools.manage"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}/resume", &["okta.agentPools.manage"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}/retry", &["okta.agentPools.manage"]),
    ("POST", "/api/v1/agentPools/{poolId}/updates/{updateId}/stop", &["okta.agentPools.manage"]),
    ("GET", "/api/v1/api-tokens", &["okta.apiTokens.read"]),
    ("DELETE", "/api/v1/api-tokens/current", &[]),
    ("GET", "/api/v1/api-tokens/{apiTokenId}", &["okta.apiTokens.read"]),
    ("PUT", "/api/v1/api-tokens/{apiTokenId}", &["okta.apiTokens.manage"]),
    ("DELETE", "/api/v1/api-tokens/{apiTokenId}", &["okta.apiTokens.manage"]),
    ("GET", "/api/v1/apps", &["okta.apps.read"]),
    ("POST", "/api/v1/apps", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}", &["okta.apps.read"]),
    ("PUT", "/api/v1/apps/{appId}", &["okta.apps.manage"]),
    ("DELETE", "/api/v1/apps/{appId}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/connections/default", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/connections/default", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/connections/default/jwks", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/connections/default/lifecycle/activate", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/connections/default/lifecycle/deactivate", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/csrs", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/credentials/csrs", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/csrs/{csrId}", &["okta.apps.read"]),
    ("DELETE", "/api/v1/apps/{appId}/credentials/csrs/{csrId}", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/credentials/csrs/{csrId}/lifecycle/publish", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/jwks", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/credentials/jwks", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/jwks/{keyId}", &["okta.apps.read"]),
    ("DELETE", "/api/v1/apps/{appId}/credentials/jwks/{keyId}", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/credentials/jwks/{keyId}/lifecycle/activate", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/credentials/jwks/{keyId}/lifecycle/deactivate", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/keys", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/credentials/keys/generate", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/keys/{keyId}", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/credentials/keys/{keyId}/clone", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/secrets", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/credentials/secrets", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/credentials/secrets/{secretId}", &["okta.apps.read"]),
    ("DELETE", "/api/v1/apps/{appId}/credentials/secrets/{secretId}", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/credentials/secrets/{secretId}/lifecycle/activate", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/credentials/secrets/{secretId}/lifecycle/deactivate", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/cwo/connections", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/cwo/connections", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/cwo/connections/{connectionId}", &["okta.apps.read"]),
    ("PATCH", "/api/v1/apps/{appId}/cwo/connections/{connectionId}", &["okta.apps.manage"]),
    ("DELETE", "/api/v1/apps/{appId}/cwo/connections/{connectionId}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/features", &["okta.apps.read"]),
    ("GET", "/api/v1/apps/{appId}/features/{featureName}", &["okta.apps.read"]),
    ("PUT", "/api/v1/apps/{appId}/features/{featureName}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/federated-claims", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/federated-claims", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/federated-claims/{claimId}", &["okta.apps.read"]),
    ("PUT", "/api/v1/apps/{appId}/federated-claims/{claimId}", &["okta.apps.manage"]),
    ("DELETE", "/api/v1/apps/{appId}/federated-claims/{claimId}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/grants", &["okta.appGrants.read"]),
    ("POST", "/api/v1/apps/{appId}/grants", &["okta.appGrants.manage"]),
    ("GET", "/api/v1/apps/{appId}/grants/{grantId}", &["okta.appGrants.read"]),
    ("DELETE", "/api/v1/apps/{appId}/grants/{grantId}", &["okta.appGrants.manage"]),
    ("GET", "/api/v1/apps/{appId}/group-push/mappings", &["okta.apps.read", "okta.groups.read"]),
    ("POST", "/api/v1/apps/{appId}/group-push/mappings", &["okta.apps.manage", "okta.groups.manage"]),
    ("GET", "/api/v1/apps/{appId}/group-push/mappings/{mappingId}", &["okta.apps.read", "okta.groups.read"]),
    ("PATCH", "/api/v1/apps/{appId}/group-push/mappings/{mappingId}", &["okta.apps.manage", "okta.groups.manage"]),
    ("DELETE", "/api/v1/apps/{appId}/group-push/mappings/{mappingId}", &["okta.apps.manage", "okta.groups.manage"]),
    ("GET", "/api/v1/apps/{appId}/groups", &["okta.apps.read"]),
    ("GET", "/api/v1/apps/{appId}/groups/{groupId}", &["okta.apps.read"]),
    ("PUT", "/api/v1/apps/{appId}/groups/{groupId}", &["okta.apps.manage"]),
    ("PATCH", "/api/v1/apps/{appId}/groups/{groupId}", &["okta.apps.manage"]),
    ("DELETE", "/api/v1/apps/{appId}/groups/{groupId}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/interclient-allowed-apps", &["okta.apps.interclientTrust.read"]),
    ("POST", "/api/v1/apps/{appId}/interclient-allowed-apps", &["okta.apps.interclientTrust.manage"]),
    ("DELETE", "/api/v1/apps/{appId}/interclient-allowed-apps/{allowedAppId}", &["okta.apps.interclientTrust.manage"]),
    ("GET", "/api/v1/apps/{appId}/interclient-target-apps", &["okta.apps.interclientTrust.read"]),
    ("POST", "/api/v1/apps/{appId}/lifecycle/activate", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/lifecycle/deactivate", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appId}/logo", &["okta.apps.manage"]),
    ("PUT", "/api/v1/apps/{appId}/policies/{policyId}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/sso/saml/metadata", &["okta.apps.read"]),
    ("GET", "/api/v1/apps/{appId}/tokens", &["okta.apps.read"]),
    ("DELETE", "/api/v1/apps/{appId}/tokens", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/tokens/{tokenId}", &["okta.apps.read"]),
    ("DELETE", "/api/v1/apps/{appId}/tokens/{tokenId}", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/users", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/users", &["okta.apps.manage"]),
    ("GET", "/api/v1/apps/{appId}/users/{userId}", &["okta.apps.read"]),
    ("POST", "/api/v1/apps/{appId}/users/{userId}", &["okta.apps.manage"]),
    ("DELETE", "/api/v1/apps/{appId}/users/{userId}", &["okta.apps.manage"]),
    ("POST", "/api/v1/apps/{appName}/{appId}/oauth2/callback", &["okta.apps.manage"]),
    ("GET", "/api/v1/authenticators", &["okta.authenticators.read"]),
    ("POST", "/api/v1/authenticators", &["okta.authenticators.manage"]),
    ("GET", "/api/v1/authenticators/{authenticatorId}", &["okta.authenticators.read"]),
    ("PUT", "/api/v1/authenticators/{authenticatorId}", &["okta.authenticators.manage"]),
    ("GET", "/api/v1/authenticators/{authenticatorId}/aaguids", &["okta.authenticators.read"]),
    ("POST", "/api/v1/authenticators/{authenticatorId}/aaguids", &["okta.authenticators.manage"]),
    ("GET", "/api/v1/authenticators/{authenticatorId}/aaguids/{aaguid}", &["okta.authenticators.read"]),
    ("PUT", "/api/v1/authenticators/{authenticatorId}/aaguids/{aaguid}", &["okta.authenticators.manage"]),
    ("PATCH", "/api/v1/authenticators/{authenticatorId}/aaguids/{aaguid}", &["okta.authenticators.manage"]),
    ("DELETE", "/api/v1/authenticators/{authenticatorId}/aaguids/{aaguid}", &["okta.authenticators.manage"]),
    ("POST", "/api/v1/authenticators/{authenticatorId}/lifecycle/activate", &["okta.authenticators.manage"]),
    ("POST", "/api/v1/authenticators/{authenticatorId}/lifecycle/deactivate", &["okta.authenticators.manage"]),
    ("GET", "/api/v1/authenticators/{authenticatorId}/methods", &["okta.authenticators.read"]),
    ("GET", "/api/v1/authenticators/{authenticatorId}/methods/{methodType}", &["okta.authenticators.read"]),
    ("PUT", "/api/v1/authenticators/{authenticatorId}/methods/{methodType}", &["okta.authenticators.manage"]),
    ("POST", "/api/v1/authenticators/{authenticatorId}/methods/{methodType}/lifecycle/activate", &["okta.authenticators.manage"]),
    ("POST", "/api/v1/authenticators/{authenticatorId}/methods/{methodType}/lifecycle/deactivate", &["okta.authenticators.manage"]),
    ("POST", "/api/v1/authenticators/{authenticatorId}/methods/{webAuthnMethodType}/verify-rp-id-domain", &["okta.authenticators.manage"]),
    ("GET", "/api/v1/authorizationServers", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}", &["okta.authorizationServers.read"]),
    ("PUT", "/api/v1/authorizationServers/{authServerId}", &["okta.authorizationServers.manage"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/associatedServers", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/associatedServers", &["okta.authorizationServers.manage"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/associatedServers/{associatedServerId}", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/claims", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/claims", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/claims/{claimId}", &["okta.authorizationServers.read"]),
    ("PUT", "/api/v1/authorizationServers/{authServerId}/claims/{claimId}", &["okta.authorizationServers.manage"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/claims/{claimId}", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/clients", &["okta.authorizationServers.read"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/clients/{clientId}/tokens", &["okta.authorizationServers.read"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/clients/{clientId}/tokens", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/clients/{clientId}/tokens/{tokenId}", &["okta.authorizationServers.read"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/clients/{clientId}/tokens/{tokenId}", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/credentials/keys", &["okta.authorizationServers.read"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/credentials/keys/{keyId}", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/credentials/lifecycle/keyRotate", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/lifecycle/activate", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/lifecycle/deactivate", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/policies", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/policies", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}", &["okta.authorizationServers.read"]),
    ("PUT", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}", &["okta.authorizationServers.manage"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/lifecycle/activate", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/lifecycle/deactivate", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}", &["okta.authorizationServers.read"]),
    ("PUT", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}", &["okta.authorizationServers.manage"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}/lifecycle/activate", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/resourceservercredentials/keys", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/resourceservercredentials/keys", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/resourceservercredentials/keys/{keyId}", &["okta.authorizationServers.read"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/resourceservercredentials/keys/{keyId}", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/resourceservercredentials/keys/{keyId}/lifecycle/activate", &["okta.authorizationServers.manage"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/resourceservercredentials/keys/{keyId}/lifecycle/deactivate", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/scopes", &["okta.authorizationServers.read"]),
    ("POST", "/api/v1/authorizationServers/{authServerId}/scopes", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}", &["okta.authorizationServers.read"]),
    ("PUT", "/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}", &["okta.authorizationServers.manage"]),
    ("DELETE", "/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}", &["okta.authorizationServers.manage"]),
    ("GET", "/api/v1/behaviors", &["okta.behaviors.read"]),
    ("POST", "/api/v1/behaviors", &["okta.behaviors.manage"]),
    ("GET", "/api/v1/behaviors/{behaviorId}", &["okta.behaviors.read"]),
    ("PUT", "/api/v1/behaviors/{behaviorId}", &["okta.behaviors.manage"]),
    ("DELETE", "/api/v1/behaviors/{behaviorId}", &["okta.behaviors.manage"]),
    ("POST", "/api/v1/behaviors/{behaviorId}/lifecycle/activate", &["okta.behaviors.manage"]),
    ("POST", "/api/v1/behaviors/{behaviorId}/lifecycle/deactivate", &["okta.behaviors.manage"]),
    ("GET", "/api/v1/bot-protection/configuration", &["okta.botProtection.read"]),
    ("POST", "/api/v1/bot-protection/configuration", &["okta.botProtection.manage"]),
    ("GET", "/api/v1/brands", &["okta.brands.read"]),
    ("POST", "/api/v1/brands", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/domains", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/pages/error", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/pages/error/customized", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/pages/error/customized", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/pages/error/customized", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/pages/error/default", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/pages/error/preview", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/pages/error/preview", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/pages/error/preview", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/pages/sign-in", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/pages/sign-in/customized", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/pages/sign-in/customized", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/pages/sign-in/customized", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/pages/sign-in/default", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/pages/sign-in/preview", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/pages/sign-in/preview", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/pages/sign-in/preview", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/pages/sign-in/widget-versions", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/pages/sign-out/customized", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/pages/sign-out/customized", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email", &["okta.templates.read"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}", &["okta.templates.read"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations", &["okta.templates.read"]),
    ("POST", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations", &["okta.templates.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations", &["okta.templates.manage"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations/{customizationId}", &["okta.templates.read"]),
    ("PUT", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations/{customizationId}", &["okta.templates.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations/{customizationId}", &["okta.templates.manage"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations/{customizationId}/preview", &["okta.templates.read"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}/default-content", &["okta.templates.read"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}/default-content/preview", &["okta.templates.read"]),
    ("GET", "/api/v1/brands/{brandId}/templates/email/{templateName}/settings", &["okta.templates.read"]),
    ("PUT", "/api/v1/brands/{brandId}/templates/email/{templateName}/settings", &["okta.templates.manage"]),
    ("POST", "/api/v1/brands/{brandId}/templates/email/{templateName}/test", &["okta.templates.read"]),
    ("GET", "/api/v1/brands/{brandId}/themes", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/themes/{themeId}", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/themes/{themeId}", &["okta.brands.manage"]),
    ("POST", "/api/v1/brands/{brandId}/themes/{themeId}/background-image", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/themes/{themeId}/background-image", &["okta.brands.manage"]),
    ("POST", "/api/v1/brands/{brandId}/themes/{themeId}/favicon", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/themes/{themeId}/favicon", &["okta.brands.manage"]),
    ("POST", "/api/v1/brands/{brandId}/themes/{themeId}/logo", &["okta.brands.manage"]),
    ("DELETE", "/api/v1/brands/{brandId}/themes/{themeId}/logo", &["okta.brands.manage"]),
    ("GET", "/api/v1/brands/{brandId}/well-known-uris", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/well-known-uris/{path}", &["okta.brands.read"]),
    ("GET", "/api/v1/brands/{brandId}/well-known-uris/{path}/customized", &["okta.brands.read"]),
    ("PUT", "/api/v1/brands/{brandId}/well-known-uris/{path}/customized", &["okta.brands.manage"]),
    ("GET", "/api/v1/captchas", &["okta.captchas.read"]),
    ("POST", "/api/v1/captchas", &["okta.captchas.manage"]),
    ("GET", "/api/v1/captchas/{captchaId}", &["okta.captchas.read"]),
    ("POST", "/api/v1/captchas/{captchaId}", &["okta.captchas.manage"]),
    ("PUT", "/api/v1/captchas/{captchaId}", &["okta.captchas.manage"]),
    ("DELETE", "/api/v1/captchas/{captchaId}", &["okta.captchas.manage"]),
    ("GET", "/api/v1/device-assurances", &["okta.deviceAssurance.read"]),
    ("POST", "/api/v1/device-assurances", &["okta.deviceAssurance.manage"]),
    ("GET", "/api/v1/device-assurances/{deviceAssuranceId}", &["okta.deviceAssurance.read"]),
    ("PUT", "/api/v1/device-assurances/{deviceAssuranceId}", &["okta.deviceAssurance.manage"]),
    ("DELETE", "/api/v1/device-assurances/{deviceAssuranceId}", &["okta.deviceAssurance.manage"]),
    ("GET", "/api/v1/device-integrations", &["okta.deviceIntegrations.read"]),
    ("GET", "/api/v1/device-integrations/{deviceIntegrationId}", &["okta.deviceIntegrations.read"]),
    ("POST", "/api/v1/device-integrations/{deviceIntegrationId}/lifecycle/activate", &["okta.deviceIntegrations.manage"]),
    ("POST", "/api/v1/device-integrations/{deviceIntegrationId}/lifecycle/deactivate", &["okta.deviceIntegrations.manage"]),
    ("GET", "/api/v1/device-posture-checks", &["okta.devicePostureChecks.read"]),
    ("POST", "/api/v1/device-posture-checks", &["okta.devicePostureChecks.manage"]),
    ("GET", "/api/v1/device-posture-checks/default", &["okta.devicePostureChecks.read"]),
    ("GET", "/api/v1/device-posture-checks/{postureCheckId}", &["okta.devicePostureChecks.read"]),
    ("PUT", "/api/v1/device-posture-checks/{postureCheckId}", &["okta.devicePostureChecks.manage"]),
    ("DELETE", "/api/v1/device-posture-checks/{postureCheckId}", &["okta.devicePostureChecks.manage"]),
    ("GET", "/api/v1/devices", &["okta.devices.read"]),
    ("GET", "/api/v1/devices/{deviceId}", &["okta.devices.read"]),
    ("DELETE", "/api/v1/devices/{deviceId}", &["okta.devices.manage"]),
    ("POST", "/api/v1/devices/{deviceId}/lifecycle/activate", &["okta.devices.manage"]),
    ("POST", "/api/v1/devices/{deviceId}/lifecycle/deactivate", &["okta.devices.manage"]),
    ("POST", "/api/v1/devices/{deviceId}/lifecycle/suspend", &["okta.devices.manage"]),
    ("POST", "/api/v1/devices/{deviceId}/lifecycle/unsuspend", &["okta.devices.manage"]),
    ("GET", "/api/v1/devices/{deviceId}/users", &["okta.devices.read"]),
    ("POST", "/api/v1/directories/{appInstanceId}/groups/modify", &["okta.directories.groups.manage"]),
    ("POST", "/api/v1/directories/{appInstanceId}/groups/{groupId}/query", &["okta.directories.groups.read"]),
    ("GET", "/api/v1/directories/{appInstanceId}/groups/{groupId}/query/{resultId}", &["okta.directories.groups.read"]),
    ("GET", "/api/v1/domains", &["okta.domains.read"]),
    ("POST", "/api/v1/domains", &["okta.domains.manage"]),
    ("GET", "/api/v1/domains/{domainId}", &["okta.domains.read"]),
    ("PUT", "/api/v1/domains/{domainId}", &["okta.domains.manage"]),
    ("DELETE", "/api/v1/domains/{domainId}", &["okta.domains.manage"]),
    ("PUT", "/api/v1/domains/{domainId}/certificate", &["okta.domains.manage"]),
    ("POST", "/api/v1/domains/{domainId}/verify", &["okta.domains.manage"]),
    ("POST", "/api/v1/dr/failback", &["okta.dr.manage"]),
    ("POST", "/api/v1/dr/failover", &["okta.dr.manage"]),
    ("GET", "/api/v1/dr/status", &["okta.dr.read"]),
    ("GET", "/api/v1/dr/status/{domain}", &["okta.dr.read"]),
    ("GET", "/api/v1/email-domains", &["okta.emailDomains.read"]),
    ("POST", "/api/v1/email-domains", &["okta.emailDomains.manage"]),
    ("GET", "/api/v1/email-domains/{emailDomainId}", &["okta.emailDomains.read"]),
    ("PUT", "/api/v1/email-domains/{emailDomainId}", &["okta.emailDomains.manage"]),
    ("DELETE", "/api/v1/email-domains/{emailDomainId}", &["okta.emailDomains.manage"]),
    ("POST", "/api/v1/email-domains/{emailDomainId}/verify", &["okta.emailDomains.manage"]),
    ("GET", "/api/v1/email-servers", &["okta.emailServers.read"]),
    ("POST", "/api/v1/email-servers", &["okta.emailServers.manage"]),
    ("GET", "/api/v1/email-servers/{emailServerId}", &["okta.emailServers.read"]),
    ("PATCH", "/api/v1/email-servers/{emailServerId}", &["okta.emailServers.manage"]),
    ("DELETE", "/api/v1/email-servers/{emailServerId}", &["okta.emailServers.manage"]),
    ("POST", "/api/v1/email-servers/{emailServerId}/test", &["okta.emailServers.manage"]),
    ("GET", "/api/v1/eventHooks", &["okta.eventHooks.read"]),
    ("POST", "/api/v1/eventHooks", &["okta.eventHooks.manage"]),
    ("GET", "/api/v1/eventHooks/{eventHookId}", &["okta.eventHooks.read"]),
    ("PUT", "/api/v1/eventHooks/{eventHookId}", &["okta.eventHooks.manage"]),
    ("DELETE", "/api/v1/eventHooks/{eventHookId}", &["okta.eventHooks.manage"]),
    ("POST", "/api/v1/eventHooks/{eventHookId}/lifecycle/activate", &["okta.eventHooks.manage"]),
    ("POST", "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate", &["okta.eventHooks.manage"]),
    ("POST", "/api/v1/eventHooks/{eventHookId}/lifecycle/verify", &["okta.eventHooks.manage"]),
    ("GET", "/api/v1/features", &["okta.features.read"]),
    ("GET", "/api/v1/features/{featureId}", &["okta.features.read"]),
    ("GET", "/api/v1/features/{featureId}/dependencies", &["okta.features.read"]),
    ("GET", "/api/v1/features/{featureId}/dependents", &["okta.features.read"]),
    ("POST", "/api/v1/features/{featureId}/{lifecycle}", &["okta.features.manage"]),
    ("GET", "/api/v1/first-party-app-settings/{appName}", &["okta.apps.read"]),
    ("PUT", "/api/v1/first-party-app-settings/{appName}", &["okta.apps.manage"]),
    ("GET", "/api/v1/groups", &["okta.groups.read"]),
    ("POST", "/api/v1/groups", &["okta.groups.manage"]),
    ("GET", "/api/v1/groups/rules", &["okta.groups.read"]),
    ("POST", "/api/v1/groups/rules", &["okta.groups.manage"]),
    ("GET", "/api/v1/groups/rules/{groupRuleId}", &["okta.groups.read"]),
    ("PUT", "/api/v1/groups/rules/{groupRuleId}", &["okta.groups.manage"]),
    ("DELETE", "/api/v1/groups/rules/{groupRuleId}", &["okta.groups.manage"]),
    ("POST", "/api/v1/groups/rules/{groupRuleId}/lifecycle/activate", &["okta.groups.manage"]),
    ("POST", "/api/v1/groups/rules/{groupRuleId}/lifecycle/deactivate", &["okta.groups.manage"]),
    ("GET", "/api/v1/groups/{groupId}", &["okta.groups.read"]),
    ("PUT", "/api/v1/groups/{groupId}", &["okta.groups.manage"]),
    ("DELETE", "/api/v1/groups/{groupId}", &["okta.groups.manage"]),
    ("GET", "/api/v1/groups/{groupId}/apps", &["okta.groups.read"]),
    ("GET", "/api/v1/groups/{groupId}/owners", &["okta.groups.read"]),
    ("POST", "/api/v1/groups/{groupId}/owners", &["okta.groups.manage"]),
    ("DELETE", "/api/v1/groups/{groupId}/owners/{ownerId}", &["okta.groups.manage"]),
    ("GET", "/api/v1/groups/{groupId}/roles", &["okta.roles.read"]),
    ("POST", "/api/v1/groups/{groupId}/roles", &["okta.roles.manage"]),
    ("GET", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}", &["okta.roles.read"]),
    ("DELETE", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/catalog/apps", &["okta.roles.read"]),
    ("PUT", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}", &["okta.roles.manage"]),
    ("PUT", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}/{appId}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}/{appId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/groups", &["okta.roles.read"]),
    ("PUT", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/groups/{targetGroupId}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/groups/{groupId}/roles/{roleAssignmentId}/targets/groups/{targetGroupId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/groups/{groupId}/users", &["okta.groups.read"]),
    ("PUT", "/api/v1/groups/{groupId}/users/{userId}", &["okta.groups.manage"]),
    ("DELETE", "/api/v1/groups/{groupId}/users/{userId}", &["okta.groups.manage"]),
    ("GET", "/api/v1/hook-keys", &["okta.inlineHooks.read"]),
    ("POST", "/api/v1/hook-keys", &["okta.inlineHooks.manage"]),
    ("GET", "/api/v1/hook-keys/public/{keyId}", &["okta.inlineHooks.read"]),
    ("GET", "/api/v1/hook-keys/{id}", &["okta.inlineHooks.read"]),
    ("PUT", "/api/v1/hook-keys/{id}", &["okta.inlineHooks.manage"]),
    ("DELETE", "/api/v1/hook-keys/{id}", &["okta.inlineHooks.manage"]),
    ("GET", "/api/v1/iam/assignees/users", &["okta.roles.read"]),
    ("GET", "/api/v1/iam/governance/bundles", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/governance/bundles", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/governance/bundles/{bundleId}", &["okta.roles.read"]),
    ("PUT", "/api/v1/iam/governance/bundles/{bundleId}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/iam/governance/bundles/{bundleId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/governance/bundles/{bundleId}/entitlements", &["okta.roles.read"]),
    ("GET", "/api/v1/iam/governance/bundles/{bundleId}/entitlements/{entitlementId}/values", &["okta.roles.read"]),
    ("GET", "/api/v1/iam/governance/optIn", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/governance/optIn", &["okta.roles.manage"]),
    ("POST", "/api/v1/iam/governance/optOut", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/resource-sets", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}", &["okta.roles.read"]),
    ("PUT", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings/{roleIdOrLabel}", &["okta.roles.read"]),
    ("DELETE", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings/{roleIdOrLabel}", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings/{roleIdOrLabel}/members", &["okta.roles.read"]),
    ("PATCH", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings/{roleIdOrLabel}/members", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings/{roleIdOrLabel}/members/{memberId}", &["okta.roles.read"]),
    ("DELETE", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/bindings/{roleIdOrLabel}/members/{memberId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources", &["okta.roles.manage"]),
    ("PATCH", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources/{resourceId}", &["okta.roles.read"]),
    ("PUT", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources/{resourceId}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources/{resourceId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/roles", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/roles", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/roles/{roleIdOrLabel}", &["okta.roles.read"]),
    ("PUT", "/api/v1/iam/roles/{roleIdOrLabel}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/iam/roles/{roleIdOrLabel}", &["okta.roles.manage"]),
    ("GET", "/api/v1/iam/roles/{roleIdOrLabel}/permissions", &["okta.roles.read"]),
    ("GET", "/api/v1/iam/roles/{roleIdOrLabel}/permissions/{permissionType}", &["okta.roles.read"]),
    ("POST", "/api/v1/iam/roles/{roleIdOrLabel}/permissions/{permissionType}", &["okta.roles.manage"]),
    ("PUT", "/api/v1/iam/roles/{roleIdOrLabel}/permissions/{permissionType}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/iam/roles/{roleIdOrLabel}/permissions/{permissionType}", &["okta.roles.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/groups", &["okta.identitySources.manage"]),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/groups/{groupOrExternalId}", &["okta.identitySources.read"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/groups/{groupOrExternalId}", &["okta.identitySources.manage"]),
    ("DELETE", "/api/v1/identity-sources/{identitySourceId}/groups/{groupOrExternalId}", &["okta.identitySources.manage"]),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/groups/{groupOrExternalId}/membership", &["okta.identitySources.read"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/groups/{groupOrExternalId}/membership", &["okta.identitySources.manage"]),
    ("DELETE", "/api/v1/identity-sources/{identitySourceId}/groups/{groupOrExternalId}/membership/{memberExternalId}", &["okta.identitySources.manage"]),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/sessions", &["okta.identitySources.read"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions", &["okta.identitySources.manage"]),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}", &["okta.identitySources.read"]),
    ("DELETE", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-delete", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-group-memberships-delete", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-group-memberships-upsert", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-groups-delete", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-groups-upsert", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import", &["okta.identitySources.manage"]),
    ("POST", "/api/v1/identity-sources/{identitySourceId}/users", &["okta.identitySources.manage"]),
    ("GET", "/api/v1/identity-sources/{identitySourceId}/users/{externalId}", &["okta.identitySources.read"]),
    ("PUT", "/api/v1/identity-sources/{identitySourceId}/users/{externalId}", &["okta.identitySources.manage"]),
    ("PATCH", "/api/v1/identity-sources/{identitySourceId}/users/{externalId}", &["okta.identitySources.manage"]),
    ("DELETE", "/api/v1/identity-sources/{identitySourceId}/users/{externalId}", &["okta.identitySources.manage"]),
    ("GET", "/api/v1/idps", &["okta.idps.read"]),
    ("POST", "/api/v1/idps", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/credentials/keys", &["okta.idps.read"]),
    ("POST", "/api/v1/idps/credentials/keys", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/credentials/keys/{kid}", &["okta.idps.read"]),
    ("PUT", "/api/v1/idps/credentials/keys/{kid}", &["okta.idps.manage"]),
    ("DELETE", "/api/v1/idps/credentials/keys/{kid}", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}", &["okta.idps.read"]),
    ("PUT", "/api/v1/idps/{idpId}", &["okta.idps.manage"]),
    ("DELETE", "/api/v1/idps/{idpId}", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}/credentials/csrs", &["okta.idps.read"]),
    ("POST", "/api/v1/idps/{idpId}/credentials/csrs", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}/credentials/csrs/{idpCsrId}", &["okta.idps.read"]),
    ("DELETE", "/api/v1/idps/{idpId}/credentials/csrs/{idpCsrId}", &["okta.idps.manage"]),
    ("POST", "/api/v1/idps/{idpId}/credentials/csrs/{idpCsrId}/lifecycle/publish", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}/credentials/keys", &["okta.idps.read"]),
    ("GET", "/api/v1/idps/{idpId}/credentials/keys/active", &["okta.idps.read"]),
    ("POST", "/api/v1/idps/{idpId}/credentials/keys/generate", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}/credentials/keys/{kid}", &["okta.idps.read"]),
    ("POST", "/api/v1/idps/{idpId}/credentials/keys/{kid}/clone", &["okta.idps.manage"]),
    ("POST", "/api/v1/idps/{idpId}/lifecycle/activate", &["okta.idps.manage"]),
    ("POST", "/api/v1/idps/{idpId}/lifecycle/deactivate", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}/users", &["okta.idps.read"]),
    ("GET", "/api/v1/idps/{idpId}/users/{userId}", &["okta.idps.read"]),
    ("POST", "/api/v1/idps/{idpId}/users/{userId}", &["okta.users.manage"]),
    ("DELETE", "/api/v1/idps/{idpId}/users/{userId}", &["okta.idps.manage"]),
    ("GET", "/api/v1/idps/{idpId}/users/{userId}/credentials/tokens", &["okta.idps.read"]),
    ("GET", "/api/v1/inlineHooks", &["okta.inlineHooks.read"]),
    ("POST", "/api/v1/inlineHooks", &["okta.inlineHooks.manage"]),
    ("GET", "/api/v1/inlineHooks/{inlineHookId}", &["okta.inlineHooks.read"]),
    ("POST", "/api/v1/inlineHooks/{inlineHookId}", &["okta.inlineHooks.manage"]),
    ("PUT", "/api/v1/inlineHooks/{inlineHookId}", &["okta.inlineHooks.manage"]),
    ("DELETE", "/api/v1/inlineHooks/{inlineHookId}", &["okta.inlineHooks.manage"]),
    ("POST", "/api/v1/inlineHooks/{inlineHookId}/execute", &["okta.inlineHooks.manage"]),
    ("POST", "/api/v1/inlineHooks/{inlineHookId}/lifecycle/activate", &["okta.inlineHooks.manage"]),
    ("POST", "/api/v1/inlineHooks/{inlineHookId}/lifecycle/deactivate", &["okta.inlineHooks.manage"]),
    ("GET", "/api/v1/logStreams", &["okta.logStreams.read"]),
    ("POST", "/api/v1/logStreams", &["okta.logStreams.manage"]),
    ("GET", "/api/v1/logStreams/{logStreamId}", &["okta.logStreams.read"]),
    ("PUT", "/api/v1/logStreams/{logStreamId}", &["okta.logStreams.manage"]),
    ("DELETE", "/api/v1/logStreams/{logStreamId}", &["okta.logStreams.manage"]),
    ("POST", "/api/v1/logStreams/{logStreamId}/lifecycle/activate", &["okta.logStreams.manage"]),
    ("POST", "/api/v1/logStreams/{logStreamId}/lifecycle/deactivate", &["okta.logStreams.manage"]),
    ("GET", "/api/v1/logs", &["okta.logs.read"]),
    ("GET", "/api/v1/mappings", &["okta.profileMappings.read"]),
    ("GET", "/api/v1/mappings/{mappingId}", &["okta.profileMappings.read"]),
    ("POST", "/api/v1/mappings/{mappingId}", &["okta.profileMappings.manage"]),
    ("GET", "/api/v1/meta/schemas/apps/{appId}/default", &["okta.schemas.read"]),
    ("POST", "/api/v1/meta/schemas/apps/{appId}/default", &["okta.schemas.manage"]),
    ("GET", "/api/v1/meta/schemas/group/default", &["okta.schemas.read"]),
    ("POST", "/api/v1/meta/schemas/group/default", &["okta.schemas.manage"]),
    ("GET", "/api/v1/meta/schemas/logStream", &["okta.logStreams.read"]),
    ("GET", "/api/v1/meta/schemas/logStream/{logStreamType}", &["okta.logStreams.read"]),
    ("GET", "/api/v1/meta/schemas/user/linkedObjects", &["okta.linkedObjects.read"]),
    ("POST", "/api/v1/meta/schemas/user/linkedObjects", &["okta.linkedObjects.manage"]),
    ("GET", "/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}", &["okta.linkedObjects.read"]),
    ("DELETE", "/api/v1/meta/schemas/user/linkedObjects/{linkedObjectName}", &["okta.linkedObjects.manage"]),
    ("GET", "/api/v1/meta/schemas/user/{schemaId}", &["okta.schemas.read"]),
    ("POST", "/api/v1/meta/schemas/user/{schemaId}", &["okta.schemas.manage"]),
    ("GET", "/api/v1/meta/types/user", &["okta.userTypes.read"]),
    ("POST", "/api/v1/meta/types/user", &["okta.userTypes.manage"]),
    ("GET", "/api/v1/meta/types/user/{typeId}", &["okta.userTypes.read"]),
    ("POST", "/api/v1/meta/types/user/{typeId}", &["okta.userTypes.manage"]),
    ("PUT", "/api/v1/meta/types/user/{typeId}", &["okta.userTypes.manage"]),
    ("DELETE", "/api/v1/meta/types/user/{typeId}", &["okta.userTypes.manage"]),
    ("GET", "/api/v1/meta/uischemas", &["okta.uischemas.read"]),
    ("POST", "/api/v1/meta/uischemas", &["okta.uischemas.manage"]),
    ("GET", "/api/v1/meta/uischemas/{id}", &["okta.uischemas.read"]),
    ("PUT", "/api/v1/meta/uischemas/{id}", &["okta.uischemas.manage"]),
    ("DELETE", "/api/v1/meta/uischemas/{id}", &["okta.uischemas.manage"]),
    ("GET", "/api/v1/org", &["okta.orgs.read"]),
    ("POST", "/api/v1/org", &["okta.orgs.manage"]),
    ("PUT", "/api/v1/org", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/captcha", &["okta.captchas.read"]),
    ("PUT", "/api/v1/org/captcha", &["okta.captchas.manage"]),
    ("DELETE", "/api/v1/org/captcha", &["okta.captchas.manage"]),
    ("GET", "/api/v1/org/contacts", &["okta.orgs.read"]),
    ("GET", "/api/v1/org/contacts/{contactType}", &["okta.orgs.read"]),
    ("PUT", "/api/v1/org/contacts/{contactType}", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/email/bounces/remove-list", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/factors/yubikey_token/tokens", &["okta.users.read"]),
    ("POST", "/api/v1/org/factors/yubikey_token/tokens", &["okta.users.manage"]),
    ("GET", "/api/v1/org/factors/yubikey_token/tokens/{tokenId}", &["okta.users.read"]),
    ("GET", "/api/v1/org/orgSettings/thirdPartyAdminSetting", &["okta.orgs.read"]),
    ("POST", "/api/v1/org/orgSettings/thirdPartyAdminSetting", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/preferences", &["okta.orgs.read"]),
    ("POST", "/api/v1/org/preferences/hideEndUserFooter", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/preferences/showEndUserFooter", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/privacy/aerial", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/privacy/aerial/grant", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/privacy/aerial/revoke", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/privacy/oktaCommunication", &["okta.orgs.read"]),
    ("POST", "/api/v1/org/privacy/oktaCommunication/optIn", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/privacy/oktaCommunication/optOut", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/privacy/oktaSupport", &["okta.orgs.read"]),
    ("GET", "/api/v1/org/privacy/oktaSupport/cases", &["okta.orgs.read"]),
    ("PATCH", "/api/v1/org/privacy/oktaSupport/cases/{caseNumber}", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/privacy/oktaSupport/extend", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/privacy/oktaSupport/grant", &["okta.orgs.manage"]),
    ("POST", "/api/v1/org/privacy/oktaSupport/revoke", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/settings/autoAssignAdminAppSetting", &["okta.orgs.read"]),
    ("POST", "/api/v1/org/settings/autoAssignAdminAppSetting", &["okta.orgs.manage"]),
    ("GET", "/api/v1/org/settings/clientPrivilegesSetting", &["okta.orgs.read"]),
    ("PUT", "/api/v1/org/settings/clientPrivilegesSetting", &["okta.orgs.manage"]),
    ("POST", "/api/v1/orgs", &["okta.orgs.manage"]),
    ("GET", "/api/v1/policies", &["okta.policies.read"]),
    ("POST", "/api/v1/policies", &["okta.policies.manage"]),
    ("POST", "/api/v1/policies/simulate", &["okta.policies.read"]),
    ("GET", "/api/v1/policies/{policyId}", &["okta.policies.read"]),
    ("PUT", "/api/v1/policies/{policyId}", &["okta.policies.manage"]),
    ("DELETE", "/api/v1/policies/{policyId}", &["okta.policies.manage"]),
    ("GET", "/api/v1/policies/{policyId}/app", &["okta.policies.read"]),
    ("POST", "/api/v1/policies/{policyId}/clone", &["okta.policies.manage"]),
    ("POST", "/api/v1/policies/{policyId}/lifecycle/activate", &["okta.policies.manage"]),
    ("POST", "/api/v1/policies/{policyId}/lifecycle/deactivate", &["okta.policies.manage"]),
    ("GET", "/api/v1/policies/{policyId}/mappings", &["okta.policies.read"]),
    ("POST", "/api/v1/policies/{policyId}/mappings", &["okta.policies.manage"]),
    ("GET", "/api/v1/policies/{policyId}/mappings/{mappingId}", &["okta.policies.read"]),
    ("DELETE", "/api/v1/policies/{policyId}/mappings/{mappingId}", &["okta.policies.manage"]),
    ("GET", "/api/v1/policies/{policyId}/rules", &["okta.policies.read"]),
    ("POST", "/api/v1/policies/{policyId}/rules", &["okta.policies.manage"]),
    ("GET", "/api/v1/policies/{policyId}/rules/{ruleId}", &["okta.policies.read"]),
    ("PUT", "/api/v1/policies/{policyId}/rules/{ruleId}", &["okta.policies.manage"]),
    ("DELETE", "/api/v1/policies/{policyId}/rules/{ruleId}", &["okta.policies.manage"]),
    ("POST", "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/activate", &["okta.policies.manage"]),
    ("POST", "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate", &["okta.policies.manage"]),
    ("GET", "/api/v1/principal-rate-limits", &["okta.principalRateLimits.read"]),
    ("POST", "/api/v1/principal-rate-limits", &["okta.principalRateLimits.manage"]),
    ("GET", "/api/v1/principal-rate-limits/{principalRateLimitId}", &["okta.principalRateLimits.read"]),
    ("PUT", "/api/v1/principal-rate-limits/{principalRateLimitId}", &["okta.principalRateLimits.manage"]),
    ("GET", "/api/v1/push-providers", &["okta.pushProviders.read"]),
    ("POST", "/api/v1/push-providers", &["okta.pushProviders.manage"]),
    ("GET", "/api/v1/push-providers/{pushProviderId}", &["okta.pushProviders.read"]),
    ("PUT", "/api/v1/push-providers/{pushProviderId}", &["okta.pushProviders.manage"]),
    ("DELETE", "/api/v1/push-providers/{pushProviderId}", &["okta.pushProviders.manage"]),
    ("GET", "/api/v1/rate-limit-settings/admin-notifications", &["okta.rateLimits.read"]),
    ("PUT", "/api/v1/rate-limit-settings/admin-notifications", &["okta.rateLimits.manage"]),
    ("GET", "/api/v1/rate-limit-settings/per-client", &["okta.rateLimits.read"]),
    ("PUT", "/api/v1/rate-limit-settings/per-client", &["okta.rateLimits.manage"]),
    ("GET", "/api/v1/rate-limit-settings/warning-threshold", &["okta.rateLimits.read"]),
    ("PUT", "/api/v1/rate-limit-settings/warning-threshold", &["okta.rateLimits.manage"]),
    ("GET", "/api/v1/realm-assignments", &["okta.realmAssignments.read"]),
    ("POST", "/api/v1/realm-assignments", &["okta.realmAssignments.manage"]),
    ("GET", "/api/v1/realm-assignments/operations", &["okta.realmAssignments.read"]),
    ("POST", "/api/v1/realm-assignments/operations", &["okta.realmAssignments.manage"]),
    ("GET", "/api/v1/realm-assignments/{assignmentId}", &["okta.realmAssignments.read"]),
    ("PUT", "/api/v1/realm-assignments/{assignmentId}", &["okta.realmAssignments.manage"]),
    ("DELETE", "/api/v1/realm-assignments/{assignmentId}", &["okta.realmAssignments.manage"]),
    ("POST", "/api/v1/realm-assignments/{assignmentId}/lifecycle/activate", &["okta.realmAssignments.manage"]),
    ("POST", "/api/v1/realm-assignments/{assignmentId}/lifecycle/deactivate", &["okta.realmAssignments.manage"]),
    ("GET", "/api/v1/realms", &["okta.realms.read"]),
    ("POST", "/api/v1/realms", &["okta.realms.manage"]),
    ("GET", "/api/v1/realms/{realmId}", &["okta.realms.read"]),
    ("PUT", "/api/v1/realms/{realmId}", &["okta.realms.manage"]),
    ("DELETE", "/api/v1/realms/{realmId}", &["okta.realms.manage"]),
    ("GET", "/api/v1/roles/{roleRef}/subscriptions", &["okta.roles.read"]),
    ("GET", "/api/v1/roles/{roleRef}/subscriptions/{notificationType}", &["okta.roles.read"]),
    ("POST", "/api/v1/roles/{roleRef}/subscriptions/{notificationType}/subscribe", &["okta.roles.manage"]),
    ("POST", "/api/v1/roles/{roleRef}/subscriptions/{notificationType}/unsubscribe", &["okta.roles.manage"]),
    ("GET", "/api/v1/security-events-providers", &["okta.securityEventsProviders.read"]),
    ("POST", "/api/v1/security-events-providers", &["okta.securityEventsProviders.manage"]),
    ("GET", "/api/v1/security-events-providers/{securityEventProviderId}", &["okta.securityEventsProviders.read"]),
    ("PUT", "/api/v1/security-events-providers/{securityEventProviderId}", &["okta.securityEventsProviders.manage"]),
    ("DELETE", "/api/v1/security-events-providers/{securityEventProviderId}", &["okta.securityEventsProviders.manage"]),
    ("POST", "/api/v1/security-events-providers/{securityEventProviderId}/lifecycle/activate", &["okta.securityEventsProviders.manage"]),
    ("POST", "/api/v1/security-events-providers/{securityEventProviderId}/lifecycle/deactivate", &["okta.securityEventsProviders.manage"]),
    ("GET", "/api/v1/sessions/{sessionId}", &["okta.sessions.read"]),
    ("DELETE", "/api/v1/sessions/{sessionId}", &["okta.sessions.manage"]),
    ("POST", "/api/v1/sessions/{sessionId}/lifecycle/refresh", &["okta.sessions.manage"]),
    ("GET", "/api/v1/ssf/stream", &["ssf.read"]),
    ("POST", "/api/v1/ssf/stream", &["ssf.manage"]),
    ("PUT", "/api/v1/ssf/stream", &["ssf.manage"]),
    ("PATCH", "/api/v1/ssf/stream", &["ssf.manage"]),
    ("DELETE", "/api/v1/ssf/stream", &["ssf.manage"]),
    ("GET", "/api/v1/ssf/stream/status", &["ssf.read"]),
    ("POST", "/api/v1/ssf/stream/verification", &["ssf.manage"]),
    ("GET", "/api/v1/telephony-providers", &["okta.customTelephonyProvider.read"]),
    ("POST", "/api/v1/telephony-providers", &["okta.customTelephonyProvider.manage"]),
    ("GET", "/api/v1/telephony-providers/{customTelephonyProviderId}", &["okta.customTelephonyProvider.read"]),
    ("PATCH", "/api/v1/telephony-providers/{customTelephonyProviderId}", &["okta.customTelephonyProvider.manage"]),
    ("DELETE", "/api/v1/telephony-providers/{customTelephonyProviderId}", &["okta.customTelephonyProvider.manage"]),
    ("POST", "/api/v1/telephony-providers/{customTelephonyProviderId}/lifecycle/activate", &["okta.customTelephonyProvider.manage"]),
    ("POST", "/api/v1/telephony-providers/{customTelephonyProviderId}/lifecycle/deactivate", &["okta.customTelephonyProvider.manage"]),
    ("POST", "/api/v1/telephony-providers/{customTelephonyProviderId}/setAsPrimary", &["okta.customTelephonyProvider.manage"]),
    ("POST", "/api/v1/telephony-providers/{customTelephonyProviderId}/test", &["okta.customTelephonyProvider.manage"]),
    ("GET", "/api/v1/templates/sms", &["okta.templates.read"]),
    ("POST", "/api/v1/templates/sms", &["okta.templates.manage"]),
    ("GET", "/api/v1/templates/sms/{templateId}", &["okta.templates.read"]),
    ("POST", "/api/v1/templates/sms/{templateId}", &["okta.templates.manage"]),
    ("PUT", "/api/v1/templates/sms/{templateId}", &["okta.templates.manage"]),
    ("DELETE", "/api/v1/templates/sms/{templateId}", &["okta.templates.manage"]),
    ("GET", "/api/v1/threats/configuration", &["okta.threatInsights.read"]),
    ("POST", "/api/v1/threats/configuration", &["okta.threatInsights.manage"]),
    ("GET", "/api/v1/trustedOrigins", &["okta.trustedOrigins.read"]),
    ("POST", "/api/v1/trustedOrigins", &["okta.trustedOrigins.manage"]),
    ("GET", "/api/v1/trustedOrigins/{trustedOriginId}", &["okta.trustedOrigins.read"]),
    ("PUT", "/api/v1/trustedOrigins/{trustedOriginId}", &["okta.trustedOrigins.manage"]),
    ("DELETE", "/api/v1/trustedOrigins/{trustedOriginId}", &["okta.trustedOrigins.manage"]),
    ("POST", "/api/v1/trustedOrigins/{trustedOriginId}/lifecycle/activate", &["okta.trustedOrigins.manage"]),
    ("POST", "/api/v1/trustedOrigins/{trustedOriginId}/lifecycle/deactivate", &["okta.trustedOrigins.manage"]),
    ("GET", "/api/v1/users", &["okta.users.read"]),
    ("POST", "/api/v1/users", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{id}", &["okta.users.read"]),
    ("POST", "/api/v1/users/{id}", &["okta.users.manage"]),
    ("PUT", "/api/v1/users/{id}", &["okta.users.manage"]),
    ("DELETE", "/api/v1/users/{id}", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{id}/appLinks", &["okta.users.read"]),
    ("GET", "/api/v1/users/{id}/blocks", &["okta.users.read"]),
    ("GET", "/api/v1/users/{id}/groups", &["okta.users.read"]),
    ("GET", "/api/v1/users/{id}/idps", &["okta.users.read"]),
    ("POST", "/api/v1/users/{id}/lifecycle/activate", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/deactivate", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/expire_password", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/reactivate", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/reset_factors", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/reset_password", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/suspend", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/unlock", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{id}/lifecycle/unsuspend", &["okta.users.manage"]),
    ("PUT", "/api/v1/users/{userIdOrLogin}/linkedObjects/{primaryRelationshipName}/{primaryUserId}", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userIdOrLogin}/linkedObjects/{relationshipName}", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userIdOrLogin}/linkedObjects/{relationshipName}", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/authenticator-enrollments", &["okta.users.read"]),
    ("POST", "/api/v1/users/{userId}/authenticator-enrollments/phone", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/authenticator-enrollments/tac", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/authenticator-enrollments/{enrollmentId}", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/authenticator-enrollments/{enrollmentId}", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/classification", &["okta.users.read"]),
    ("PUT", "/api/v1/users/{userId}/classification", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/clients", &["okta.users.read"]),
    ("GET", "/api/v1/users/{userId}/clients/{clientId}/grants", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/clients/{clientId}/grants", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/clients/{clientId}/tokens", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/clients/{clientId}/tokens", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/credentials/change_password", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/credentials/change_recovery_question", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/credentials/forgot_password", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/credentials/forgot_password_recovery_question", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/devices", &["okta.users.read"]),
    ("GET", "/api/v1/users/{userId}/factors", &["okta.users.read"]),
    ("POST", "/api/v1/users/{userId}/factors", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/factors/catalog", &["okta.users.read"]),
    ("GET", "/api/v1/users/{userId}/factors/questions", &[]),
    ("GET", "/api/v1/users/{userId}/factors/{factorId}", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/factors/{factorId}", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/factors/{factorId}/lifecycle/activate", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/factors/{factorId}/resend", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/factors/{factorId}/transactions/{transactionId}", &["okta.users.read"]),
    ("POST", "/api/v1/users/{userId}/factors/{factorId}/verify", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/grants", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/grants", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/grants/{grantId}", &["okta.users.read"]),
    ("DELETE", "/api/v1/users/{userId}/grants/{grantId}", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/risk", &["okta.userRisk.read"]),
    ("PUT", "/api/v1/users/{userId}/risk", &["okta.userRisk.manage"]),
    ("GET", "/api/v1/users/{userId}/roles", &["okta.roles.read"]),
    ("POST", "/api/v1/users/{userId}/roles", &["okta.roles.manage"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleAssignmentId}", &["okta.roles.read"]),
    ("DELETE", "/api/v1/users/{userId}/roles/{roleAssignmentId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleAssignmentId}/governance", &["okta.roles.read"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleAssignmentId}/governance/{grantId}", &["okta.roles.read"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleAssignmentId}/governance/{grantId}/resources", &["okta.roles.read"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/catalog/apps", &["okta.roles.read"]),
    ("PUT", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/catalog/apps", &["okta.roles.manage"]),
    ("PUT", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}", &["okta.roles.manage"]),
    ("PUT", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}/{appId}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/catalog/apps/{appName}/{appId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/groups", &["okta.roles.read"]),
    ("PUT", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/groups/{groupId}", &["okta.roles.manage"]),
    ("DELETE", "/api/v1/users/{userId}/roles/{roleAssignmentId}/targets/groups/{groupId}", &["okta.roles.manage"]),
    ("GET", "/api/v1/users/{userId}/roles/{roleIdOrEncodedRoleId}/targets", &["okta.roles.read"]),
    ("DELETE", "/api/v1/users/{userId}/sessions", &["okta.users.manage"]),
    ("GET", "/api/v1/users/{userId}/subscriptions", &["okta.users.read"]),
    ("GET", "/api/v1/users/{userId}/subscriptions/{notificationType}", &["okta.users.read"]),
    ("POST", "/api/v1/users/{userId}/subscriptions/{notificationType}/subscribe", &["okta.users.manage"]),
    ("POST", "/api/v1/users/{userId}/subscriptions/{notificationType}/unsubscribe", &["okta.users.manage"]),
    ("GET", "/api/v1/zones", &["okta.networkZones.read"]),
    ("POST", "/api/v1/zones", &["okta.networkZones.manage"]),
    ("GET", "/api/v1/zones/{zoneId}", &["okta.networkZones.read"]),
    ("PUT", "/api/v1/zones/{zoneId}", &["okta.networkZones.manage"]),
    ("DELETE", "/api/v1/zones/{zoneId}", &["okta.networkZones.manage"]),
    ("POST", "/api/v1/zones/{zoneId}/lifecycle/activate", &["okta.networkZones.manage"]),
    ("POST", "/api/v1/zones/{zoneId}/lifecycle/deactivate", &["okta.networkZones.manage"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(method: &str, path: &str) -> Option<Vec<&'static str>> {
        match required(method, path)? {
            Required::Scopes(scopes) => Some(scopes.to_vec()),
            Required::ApiTokenOnly => Some(vec![]),
        }
    }

    #[test]
    fn the_served_endpoints_need_the_documented_scopes() {
        let cases = [
            ("GET", "/api/v1/users", "okta.users.read"),
            ("POST", "/api/v1/users", "okta.users.manage"),
            ("GET", "/api/v1/users/me", "okta.users.read"),
            ("GET", "/api/v1/users/john%40example.com", "okta.users.read"),
            (
                "POST",
                "/api/v1/users/00u1/lifecycle/suspend",
                "okta.users.manage",
            ),
            ("DELETE", "/api/v1/users/00u1/sessions", "okta.users.manage"),
            ("GET", "/api/v1/users/00u1/groups", "okta.users.read"),
            ("GET", "/api/v1/users/00u1/appLinks", "okta.users.read"),
            ("GET", "/api/v1/users/00u1/factors", "okta.users.read"),
            (
                "DELETE",
                "/api/v1/users/00u1/factors/ufs1",
                "okta.users.manage",
            ),
            ("GET", "/api/v1/groups", "okta.groups.read"),
            (
                "PUT",
                "/api/v1/groups/00g1/users/00u1",
                "okta.groups.manage",
            ),
            ("GET", "/api/v1/groups/rules/0pr1", "okta.groups.read"),
            ("GET", "/api/v1/groups/00g1/roles", "okta.roles.read"),
            ("GET", "/api/v1/apps", "okta.apps.read"),
            ("POST", "/api/v1/apps/0oa1/users", "okta.apps.manage"),
            ("GET", "/api/v1/eventHooks", "okta.eventHooks.read"),
            (
                "POST",
                "/api/v1/eventHooks/who1/lifecycle/verify",
                "okta.eventHooks.manage",
            ),
            ("GET", "/api/v1/meta/types/user", "okta.userTypes.read"),
            ("GET", "/api/v1/realms", "okta.realms.read"),
            ("GET", "/api/v1/policies", "okta.policies.read"),
            ("GET", "/api/v1/logs", "okta.logs.read"),
        ];
        for (method, path, scope) in cases {
            assert_eq!(scopes(method, path), Some(vec![scope]), "{method} {path}");
        }
        assert_eq!(
            scopes("GET", "/api/v1/apps/0oa1/group-push/mappings"),
            Some(vec!["okta.apps.read", "okta.groups.read"])
        );
        assert_eq!(
            required("GET", "/api/v1/users/00u1/factors/questions"),
            Some(Required::ApiTokenOnly)
        );
        assert_eq!(required("GET", "/api/v1/nothing/here"), None);
        assert_eq!(required("PATCH", "/api/v1/users"), None);
        assert_eq!(required("GET", "/api/v1/users/00u1/groups/extra"), None);
        assert_eq!(required("GET", "/api/v1"), None);
    }

    #[test]
    fn manage_grants_read() {
        let granted = vec!["okta.users.manage".to_owned(), "okta.apps.read".to_owned()];
        assert!(has_scope(&granted, "okta.users.read"));
        assert!(has_scope(&granted, "okta.users.manage"));
        assert!(has_scope(&granted, "okta.apps.read"));
        assert!(!has_scope(&granted, "okta.apps.manage"));
        assert!(!has_scope(&granted, "okta.groups.read"));
        let push = required("POST", "/api/v1/apps/0oa1/group-push/mappings").unwrap();
        assert!(!push.satisfied_by(&["okta.apps.manage".to_owned()]));
        assert!(push.satisfied_by(&[
            "okta.apps.manage".to_owned(),
            "okta.groups.manage".to_owned()
        ]));
        assert!(!Required::ApiTokenOnly.satisfied_by(&granted));
    }

    /// The table is what the script above makes of the vendored spec, row for row.
    #[test]
    fn the_table_is_the_vendored_spec() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/okta-openapi/management-minimal.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let spec: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
        let mut expected = Vec::new();
        for (path, item) in spec["paths"].as_object().unwrap() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            for method in ["get", "post", "put", "patch", "delete"] {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let mut security = operation["security"].as_array().into_iter().flatten();
                let scopes: Vec<String> = security
                    .find_map(|entry| entry.get("oauth2"))
                    .and_then(serde_json::Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|scope| scope.as_str().unwrap().to_owned())
                    .collect();
                expected.push((method.to_uppercase(), path.clone(), scopes));
            }
        }
        let mut actual: Vec<(String, String, Vec<String>)> = TABLE
            .iter()
            .map(|(method, path, scopes)| {
                let scopes = scopes.iter().map(|scope| (*scope).to_owned()).collect();
                ((*method).to_owned(), (*path).to_owned(), scopes)
            })
            .collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected);
    }

    #[test]
    fn every_row_is_well_formed() {
        for (method, path, scopes) in TABLE {
            assert!(
                ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method),
                "{method}"
            );
            assert!(path.starts_with("/api/v1/"), "{path}");
            assert!(
                scopes
                    .iter()
                    .all(|s| s.starts_with("okta.") || s.starts_with("ssf.")),
                "{path}"
            );
            // Each row is the one its own path finds (no row is shadowed by another).
            assert_eq!(
                required(method, path).map(|r| r.challenge_scope()),
                Some(Some(scopes.join(" ")).filter(|s| !s.is_empty())),
                "{method} {path}"
            );
        }
        assert_eq!(TABLE.len(), 680);
        assert_eq!(all().len(), 101);
    }
}
