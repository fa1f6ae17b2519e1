//! A System Log event (`LogEvent`) and the kinds of event the org records, with their display
//! messages and legacy event types as Okta's event-type catalog names them (`null` where the
//! catalog gives none).

use crate::json::Object;
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Severity {
    Info,
    Warn,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Warn => "WARN",
        }
    }
}

/// What happened, as the catalog describes it.
#[derive(Debug)]
pub(crate) struct EventKind {
    pub(crate) name: &'static str,
    pub(crate) display: &'static str,
    pub(crate) legacy: Option<&'static str>,
}

macro_rules! kinds {
    ($($constant:ident = $name:literal, $display:literal, $legacy:expr;)*) => {
        $(pub(crate) const $constant: EventKind = EventKind {
            name: $name,
            display: $display,
            legacy: $legacy,
        };)*
    };
}

kinds! {
    USER_CREATE = "user.lifecycle.create", "Create okta user", Some("core.user.config.user_creation.success");
    USER_ACTIVATE = "user.lifecycle.activate", "Activate Okta user", Some("core.user.config.user_activated");
    USER_REACTIVATE = "user.lifecycle.reactivate", "Reactivate Okta user", None;
    USER_DEACTIVATE = "user.lifecycle.deactivate", "Deactivate Okta user", Some("core.user.config.user_deactivated");
    USER_SUSPEND = "user.lifecycle.suspend", "Suspend Okta user", Some("core.user.config.user_status.suspended");
    USER_UNSUSPEND = "user.lifecycle.unsuspend", "Unsuspend Okta user", Some("core.user.config.user_status.unsuspended");
    USER_DELETE = "user.lifecycle.delete.initiated", "Delete Okta user", None;
    USER_UPDATE_PROFILE = "user.account.update_profile", "Update user profile for Okta", Some("core.user.config.profile_update.success");
    USER_UNLOCK = "user.account.unlock", "Unlock user account", None;
    USER_RESET_PASSWORD = "user.account.reset_password", "Fires when a user's Okta password is reset", None;
    USER_EXPIRE_PASSWORD = "user.account.expire_password", "Expire user password", None;
    USER_UPDATE_PASSWORD = "user.account.update_password", "Update password for user", Some("core.user.config.password_update.success");
    USER_RESET_FACTORS = "user.mfa.factor.reset_all", "Reset all factors for user", None;
    USER_SESSION_CLEAR = "user.session.clear", "Clear user session", None;
    FACTOR_DEACTIVATE = "user.mfa.factor.deactivate", "Reset factor for user", None;
    GROUP_CREATE = "group.lifecycle.create", "Create Okta group", None;
    GROUP_UPDATE = "group.profile.update", "Update group profile", None;
    GROUP_DELETE = "group.lifecycle.delete", "Delete Okta group", None;
    GROUP_MEMBER_ADD = "group.user_membership.add", "Add user to group membership", Some("core.user_group_member.user_add");
    GROUP_MEMBER_REMOVE = "group.user_membership.remove", "Remove user from group membership", Some("core.user_group_member.user_remove");
    APP_ACTIVATE = "application.lifecycle.activate", "Activate application", None;
    APP_DEACTIVATE = "application.lifecycle.deactivate", "Deactivate application", None;
    APP_MEMBER_ADD = "application.user_membership.add", "Add user to application membership", None;
    APP_MEMBER_UPDATE = "application.user_membership.update", "Update user application property", None;
    APP_MEMBER_REMOVE = "application.user_membership.remove", "Remove users app membership", None;
    HOOK_CREATE = "event_hook.created", "Event hook created", None;
    HOOK_UPDATE = "event_hook.updated", "Event hook updated", None;
    HOOK_ACTIVATE = "event_hook.activated", "Event hook activated", None;
    HOOK_DEACTIVATE = "event_hook.deactivated", "Event hook deactivated", None;
    HOOK_VERIFY = "event_hook.verified", "Event hook verified", None;
    HOOK_DELETE = "event_hook.deleted", "Event hook deleted", None;
    SESSION_START = "user.session.start", "User login to Okta", Some("core.user_auth.login_success");
    SESSION_END = "user.session.end", "User logout from Okta", Some("core.user_auth.logout_success");
    SSO = "user.authentication.sso", "User single sign on to app", Some("app.auth.sso");
    SIGN_ON_POLICY = "policy.evaluate_sign_on", "Evaluation of sign-on policy", None;
    MFA = "user.authentication.auth_via_mfa", "Authentication of user via MFA", Some("core.user.factor.attempt_success");
}

/// An actor or target: `{id, type, alternateId, displayName, detailEntry}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Party {
    pub(crate) id: String,
    pub(crate) kind: &'static str,
    pub(crate) alternate_id: String,
    pub(crate) display_name: String,
}

/// Where the request came from (`client`, `request.ipChain`).
#[derive(Clone, Debug)]
pub(crate) struct Client {
    pub(crate) user_agent: String,
    pub(crate) os: &'static str,
    pub(crate) browser: &'static str,
    pub(crate) device: &'static str,
    pub(crate) ip: String,
    pub(crate) place: &'static Place,
}

#[derive(Debug)]
pub(crate) struct Place {
    pub(crate) city: &'static str,
    pub(crate) state: &'static str,
    pub(crate) country: &'static str,
    pub(crate) postal_code: &'static str,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct LogEvent {
    pub(crate) uuid: String,
    pub(crate) published: Timestamp,
    pub(crate) kind: &'static EventKind,
    pub(crate) severity: Severity,
    /// `SUCCESS`, `FAILURE`… and, for a failure, why.
    pub(crate) result: &'static str,
    pub(crate) reason: Option<&'static str>,
    pub(crate) actor: Party,
    pub(crate) targets: Vec<Party>,
    pub(crate) client: Client,
    /// `transaction.id`: the `X-Okta-Request-Id` of the API call that caused the event.
    pub(crate) transaction_id: String,
    /// `transaction.detail.requestApiTokenId` for API-token calls.
    pub(crate) token_id: Option<String>,
    /// `debugContext.debugData`: the request's URI.
    pub(crate) request_uri: Option<String>,
    pub(crate) url: Option<String>,
    /// `authenticationContext.externalSessionId` (`unknown` for API calls).
    pub(crate) session_id: String,
}

impl LogEvent {
    /// The event in Okta's key order (the spec's `ListLogs` example).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut object = Object::new(out);
        object.object("actor", |actor| write_party(actor, &self.actor));
        object.object("client", |client| self.write_client(client));
        object.opt_str("device", None);
        object.object("authenticationContext", |context| {
            context
                .opt_str("authenticationProvider", None)
                .opt_str("credentialProvider", None)
                .opt_str("credentialType", None)
                .opt_str("issuer", None)
                .opt_str("interface", None)
                .value("authenticationStep", &0)
                .str("externalSessionId", &self.session_id);
        });
        object
            .str("displayMessage", self.kind.display)
            .str("eventType", self.kind.name)
            .object("outcome", |outcome| {
                outcome
                    .str("result", self.result)
                    .opt_str("reason", self.reason);
            })
            .time("published", Some(self.published))
            .object("securityContext", |context| {
                context
                    .opt_str("asNumber", None)
                    .opt_str("asOrg", None)
                    .opt_str("isp", None)
                    .opt_str("domain", None)
                    .opt_str("isProxy", None);
            })
            .str("severity", self.severity.as_str())
            .object("debugContext", |debug| {
                debug.object("debugData", |data| {
                    data.str("requestId", &self.transaction_id);
                    if let Some(uri) = &self.request_uri {
                        data.str("requestUri", uri);
                    }
                    if let Some(url) = &self.url {
                        data.str("url", url);
                    }
                });
            })
            .opt_str("legacyEventType", self.kind.legacy)
            .object("transaction", |transaction| {
                transaction
                    .str("type", "WEB")
                    .str("id", &self.transaction_id);
                match &self.token_id {
                    Some(token) => {
                        transaction.object("detail", |detail| {
                            detail.str("requestApiTokenId", token);
                        });
                    }
                    None => {
                        transaction.object("detail", |_| {});
                    }
                }
            })
            .str("uuid", &self.uuid)
            .str("version", "0")
            .object("request", |request| {
                let chain = request.key("ipChain");
                chain.push(b'[');
                let mut hop = Object::new(chain);
                hop.str("ip", &self.client.ip)
                    .object("geographicalContext", |geo| {
                        write_place(geo, self.client.place)
                    })
                    .str("version", "V4")
                    .opt_str("source", None);
                hop.end();
                chain.push(b']');
            });
        let targets = object.key("target");
        targets.push(b'[');
        for (index, target) in self.targets.iter().enumerate() {
            if index > 0 {
                targets.push(b',');
            }
            let mut entry = Object::new(targets);
            write_party(&mut entry, target);
            entry.end();
        }
        targets.push(b']');
        object.end();
    }

    fn write_client(&self, client: &mut Object<'_>) {
        let c = &self.client;
        client
            .object("userAgent", |agent| {
                agent
                    .str("rawUserAgent", &c.user_agent)
                    .str("os", c.os)
                    .str("browser", c.browser);
            })
            .opt_str("zone", None)
            .str("device", c.device)
            .opt_str("id", None)
            .str("ipAddress", &c.ip)
            .object("geographicalContext", |geo| write_place(geo, c.place));
    }
}

fn write_party(object: &mut Object<'_>, party: &Party) {
    object
        .str("id", &party.id)
        .str("type", party.kind)
        .str("alternateId", &party.alternate_id)
        .str("displayName", &party.display_name)
        .opt_str("detailEntry", None);
}

fn write_place(object: &mut Object<'_>, place: &Place) {
    object
        .str("city", place.city)
        .str("state", place.state)
        .str("country", place.country)
        .str("postalCode", place.postal_code)
        .object("geolocation", |geo| {
            geo.value("lat", &place.lat).value("lon", &place.lon);
        });
}

/// A time-based (version 1) UUID like Okta's (`dc9fd3c0-598c-11ef-8478-2b7584bf8d5a`): the
/// published instant in its time fields, the event's sequence number in the low bits and the clock
/// sequence, so no two events share one.
pub(crate) fn uuid(published: Timestamp, seq: u64) -> String {
    /// 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01.
    const GREGORIAN_OFFSET: i128 = 0x01B2_1DD2_1381_4000;
    const NODE: u64 = 0x2b75_84bf_8d5a;
    let ticks =
        i128::from(published.millis()) * 10_000 + GREGORIAN_OFFSET + i128::from(seq % 10_000);
    let time = u64::try_from(ticks.max(0)).unwrap_or(u64::MAX);
    let clock = 0x8000 | ((seq / 10_000) & 0x3fff);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        time & 0xffff_ffff,
        (time >> 32) & 0xffff,
        ((time >> 48) & 0x0fff) | 0x1000,
        clock,
        NODE
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn uuids_are_version_1_and_unique() {
        let at = Timestamp::from_millis(1_723_564_700_353);
        let made: HashSet<String> = (0..50_000).map(|seq| uuid(at, seq)).collect();
        assert_eq!(made.len(), 50_000);
        let one = uuid(at, 7);
        assert_eq!(one.len(), 36);
        assert_eq!(&one[14..15], "1", "{one}");
        assert!(one.ends_with("-2b7584bf8d5a"));
        assert_eq!(uuid(Timestamp::from_millis(i64::MIN), 0).len(), 36);
    }
}
