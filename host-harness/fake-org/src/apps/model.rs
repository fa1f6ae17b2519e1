//! Apps and their user assignments as the org keeps them.

use std::collections::BTreeMap;
use std::ops::{Bound, Deref, DerefMut};

use serde_json::{Map, Value};

use crate::store::{Record, Store};
use crate::time::Timestamp;

/// ID prefixes: app instances (`0oa…`) and assignments (`0ua…`).
pub(crate) const APP_PREFIX: &str = "0oa";
pub(crate) const ASSIGNMENT_PREFIX: &str = "0ua";

/// How users sign in to an app (`signOnMode`), which decides its credentials and settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignOnMode {
    Bookmark,
    AutoLogin,
    BrowserPlugin,
    SecurePasswordStore,
    BasicAuth,
    Saml2,
    WsFederation,
    OpenIdConnect,
}

impl SignOnMode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SignOnMode::Bookmark => "BOOKMARK",
            SignOnMode::AutoLogin => "AUTO_LOGIN",
            SignOnMode::BrowserPlugin => "BROWSER_PLUGIN",
            SignOnMode::SecurePasswordStore => "SECURE_PASSWORD_STORE",
            SignOnMode::BasicAuth => "BASIC_AUTH",
            SignOnMode::Saml2 => "SAML_2_0",
            SignOnMode::WsFederation => "WS_FEDERATION",
            SignOnMode::OpenIdConnect => "OPENID_CONNECT",
        }
    }

    /// Password-based sign-on (SWA and friends): the only modes whose assignments take a password.
    pub(crate) fn takes_passwords(self) -> bool {
        matches!(
            self,
            SignOnMode::AutoLogin
                | SignOnMode::BrowserPlugin
                | SignOnMode::SecurePasswordStore
                | SignOnMode::BasicAuth
        )
    }

    /// Federated modes sign their assertions or tokens with a key (`credentials.signing.kid`).
    pub(crate) fn signs(self) -> bool {
        matches!(
            self,
            SignOnMode::Saml2 | SignOnMode::WsFederation | SignOnMode::OpenIdConnect
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AppStatus {
    Active,
    Inactive,
}

impl AppStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AppStatus::Active => "ACTIVE",
            AppStatus::Inactive => "INACTIVE",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct App {
    /// `0oa…`
    pub(crate) id: String,
    /// The app's key in the Okta Integration Network (`salesforce`, `bookmark`, `oidc_client`).
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) status: AppStatus,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
    /// `None` for a directory integration (Active Directory), which has no sign-on of its own.
    pub(crate) sign_on_mode: Option<SignOnMode>,
    /// The app's URL: where a bookmark or SWA app sends the user, the SAML ACS, the OIDC redirect.
    pub(crate) url: String,
    /// Provisioning (`PUSH_NEW_USERS`…): assignments get an `externalId` and become PROVISIONED.
    pub(crate) provisioning: bool,
    /// `credentials.userNameTemplate.template`: `${source.login}` or `${source.email}`.
    pub(crate) user_name_template: &'static str,
    /// `visibility.hide.web`: the app link is hidden from the dashboard.
    pub(crate) hidden: bool,
    /// The number at the end of the app link (`/home/{name}/{id}/{n}`).
    pub(crate) link_number: u32,
    /// `credentials.signing.kid` of a federated app (SAML, WS-Fed, OIDC).
    pub(crate) signing_kid: Option<String>,
}

impl App {
    pub(crate) fn is_active(&self) -> bool {
        self.status == AppStatus::Active
    }

    pub(crate) fn takes_passwords(&self) -> bool {
        self.sign_on_mode.is_some_and(SignOnMode::takes_passwords)
    }

    /// The username an assignment gets when the client gives none: the template applied to the user.
    pub(crate) fn default_user_name(&self, login: &str, email: &str) -> String {
        if self.user_name_template.contains("source.email") && !email.is_empty() {
            email.to_owned()
        } else {
            login.to_owned()
        }
    }
}

/// `scope`: assigned directly, or through a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    User,
    Group,
}

impl Scope {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::User => "USER",
            Scope::Group => "GROUP",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Scope> {
        match text {
            "USER" => Some(Scope::User),
            "GROUP" => Some(Scope::Group),
            _ => None,
        }
    }
}

/// A user's assignment to an app (`AppUser`).
#[derive(Clone, Debug)]
pub(crate) struct AppUser {
    pub(crate) app_id: String,
    pub(crate) user_id: String,
    /// `0ua…`: the assignment's own ID (`appAssignmentId` of the user's app links).
    pub(crate) assignment_id: String,
    /// The user's ID in the target app, set when a provisioning app creates the account.
    pub(crate) external_id: Option<String>,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
    pub(crate) scope: Scope,
    pub(crate) status_changed: Timestamp,
    pub(crate) password_changed: Option<Timestamp>,
    pub(crate) last_sync: Option<Timestamp>,
    pub(crate) user_name: String,
    /// Write-only: kept so the org can say a password exists (`password: {}`), never returned.
    pub(crate) password: Option<String>,
    pub(crate) profile: Map<String, Value>,
}

impl AppUser {
    /// `PROVISIONED` once a provisioning app has created the account, `ACTIVE` for SSO-only apps.
    pub(crate) fn status(&self) -> &'static str {
        if self.external_id.is_some() {
            "PROVISIONED"
        } else {
            "ACTIVE"
        }
    }

    pub(crate) fn sync_state(&self) -> &'static str {
        if self.external_id.is_some() {
            "SYNCHRONIZED"
        } else {
            "DISABLED"
        }
    }
}

/// Apps by ID ([`Store`]'s reads and writes, through `Deref`) and their user assignments.
#[derive(Debug, Default)]
pub(crate) struct AppStore {
    apps: Store<App>,
    /// By (app ID, user ID): an app's users are a range, in user-ID order.
    assignments: BTreeMap<(String, String), AppUser>,
}

impl Record for App {
    const KIND: &'static str = "AppInstance";
    fn id(&self) -> &str {
        &self.id
    }
}

impl Deref for AppStore {
    type Target = Store<App>;
    fn deref(&self) -> &Store<App> {
        &self.apps
    }
}

impl DerefMut for AppStore {
    fn deref_mut(&mut self) -> &mut Store<App> {
        &mut self.apps
    }
}

impl AppStore {
    pub(crate) fn assignment(&self, app_id: &str, user_id: &str) -> Option<&AppUser> {
        self.assignments
            .get(&(app_id.to_owned(), user_id.to_owned()))
    }

    pub(crate) fn assignment_mut(&mut self, app_id: &str, user_id: &str) -> Option<&mut AppUser> {
        self.assignments
            .get_mut(&(app_id.to_owned(), user_id.to_owned()))
    }

    pub(crate) fn assign(&mut self, assignment: AppUser) {
        let key = (assignment.app_id.clone(), assignment.user_id.clone());
        self.assignments.insert(key, assignment);
    }

    pub(crate) fn unassign(&mut self, app_id: &str, user_id: &str) -> Option<AppUser> {
        self.assignments
            .remove(&(app_id.to_owned(), user_id.to_owned()))
    }

    /// An app's assignments with a user ID greater than `after`, in user-ID order.
    pub(crate) fn users_of<'a>(
        &'a self,
        app_id: &'a str,
        after: Option<&str>,
    ) -> impl Iterator<Item = &'a AppUser> {
        let start = match after {
            Some(user) => Bound::Excluded((app_id.to_owned(), user.to_owned())),
            None => Bound::Included((app_id.to_owned(), String::new())),
        };
        self.assignments
            .range((start, Bound::Unbounded))
            .take_while(move |((app, _), _)| app == app_id)
            .map(|(_, assignment)| assignment)
    }

    /// A user's assignments, in app-ID order.
    pub(crate) fn of_user<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a AppUser> {
        self.assignments
            .values()
            .filter(move |assignment| assignment.user_id == user_id)
    }

    /// Drops every assignment of a user who no longer exists.
    pub(crate) fn forget_user(&mut self, user_id: &str) {
        self.assignments.retain(|(_, user), _| user != user_id);
    }
}
