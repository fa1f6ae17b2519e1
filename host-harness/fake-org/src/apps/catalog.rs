//! The sample org's apps: a realistic mix of SaaS apps (SAML, WS-Fed, OIDC, SWA, bookmarks), a few
//! INACTIVE ones, and Active Directory with the groups it imports. Deterministic, like the users.
//!
//! Users get assignments: the first [`ASSIGNED_USERS`] users after the admin (the admin has none,
//! so their dashboard starts empty) that are neither STAGED nor DEPROVISIONED get Slack, Zoom and
//! Google Workspace, plus one to three other active apps.

use serde_json::{Map, Value, json};

use super::model::{APP_PREFIX, ASSIGNMENT_PREFIX, App, AppStatus, AppUser, Scope, SignOnMode};
use crate::groups::{GroupType, profile};
use crate::org::Org;
use crate::time::Timestamp;
use crate::users::model::Status;
use SignOnMode::{
    AutoLogin, BasicAuth, Bookmark, BrowserPlugin, OpenIdConnect, Saml2, SecurePasswordStore,
    WsFederation,
};

const DAY: i64 = 86_400;
/// How many users get app assignments, whatever the org's size (seeding stays O(1) beyond users).
const ASSIGNED_USERS: usize = 60;
/// Apps every assigned user gets.
const CORE_APPS: &[&str] = &["slack", "zoomus", "google"];
/// The key of the directory integration that imports `APP_GROUP`s.
pub(crate) const DIRECTORY: &str = "active_directory";

const LOGIN: &str = "${source.login}";
const EMAIL: &str = "${source.email}";

struct Entry {
    name: &'static str,
    label: &'static str,
    mode: Option<SignOnMode>,
    url: &'static str,
    provisioning: bool,
    active: bool,
    template: &'static str,
    hidden: bool,
}

const fn app(
    name: &'static str,
    label: &'static str,
    mode: SignOnMode,
    url: &'static str,
) -> Entry {
    Entry {
        name,
        label,
        mode: Some(mode),
        url,
        provisioning: false,
        active: true,
        template: LOGIN,
        hidden: false,
    }
}

const fn provisioned(entry: Entry) -> Entry {
    Entry {
        provisioning: true,
        ..entry
    }
}

const fn inactive(entry: Entry) -> Entry {
    Entry {
        active: false,
        ..entry
    }
}

const fn by_email(entry: Entry) -> Entry {
    Entry {
        template: EMAIL,
        ..entry
    }
}

const fn hidden(entry: Entry) -> Entry {
    Entry {
        hidden: true,
        ..entry
    }
}

/// The apps, oldest first: `name` (the app's key in the Okta Integration Network), label, sign-on
/// mode and URL, with what sets them apart.
#[rustfmt::skip]
const CATALOG: &[Entry] = &[
    provisioned(app("salesforce", "Salesforce.com", Saml2, "https://example.my.salesforce.com")),
    provisioned(by_email(app("slack", "Slack", Saml2, "https://example.slack.com"))),
    provisioned(app("zoomus", "Zoom", Saml2, "https://example.zoom.us")),
    app("github_enterprise_cloud", "GitHub Enterprise Cloud", Saml2, "https://github.com/orgs/example-corp"),
    app("amazon_aws", "AWS Account Federation", Saml2, "https://signin.aws.amazon.com/saml"),
    provisioned(by_email(app("google", "Google Workspace", Saml2, "https://mail.google.com/a/example.com"))),
    provisioned(app("office365", "Microsoft Office 365", WsFederation, "https://login.microsoftonline.com")),
    app("boxnet", "Box", Saml2, "https://example.app.box.com"),
    app("dropbox_for_business", "Dropbox Business", Saml2, "https://www.dropbox.com"),
    provisioned(by_email(app("atlassian", "Atlassian Cloud", Saml2, "https://example.atlassian.net"))),
    app("workday", "Workday", Saml2, "https://wd5.myworkday.com/example"),
    app("servicenow_ud", "ServiceNow", Saml2, "https://example.service-now.com"),
    app("zendesk", "Zendesk", Saml2, "https://example.zendesk.com"),
    by_email(app("docusign", "DocuSign", Saml2, "https://account.docusign.com")),
    app("asana", "Asana", Saml2, "https://app.asana.com"),
    inactive(app("figma", "Figma", Saml2, "https://www.figma.com")),
    app("notion", "Notion", Saml2, "https://www.notion.so/example"),
    app("hubspot", "HubSpot", BrowserPlugin, "https://app.hubspot.com/login"),
    by_email(app("linkedin", "LinkedIn Sales Navigator", BrowserPlugin, "https://www.linkedin.com/sales")),
    app("bamboohr", "BambooHR", AutoLogin, "https://example.bamboohr.com/login.php"),
    app("oidc_client", "Employee Portal", OpenIdConnect, "https://portal.example.com"),
    inactive(app("oidc_client", "Expense Tracker (dev)", OpenIdConnect, "https://expenses.dev.example.com")),
    app("bookmark", "IT Help Center", Bookmark, "https://help.example.com"),
    hidden(app("bookmark", "Benefits Portal", Bookmark, "https://benefits.example.com")),
    inactive(app("template_basic_auth", "Legacy Intranet", BasicAuth, "https://intranet.example.com")),
    app("template_sps", "Finance Shared Vault", SecurePasswordStore, "https://vault.example.com/login"),
    Entry {
        name: DIRECTORY,
        label: "corp.example.com",
        mode: None,
        url: "ldap://dc1.corp.example.com",
        provisioning: false,
        active: true,
        template: LOGIN,
        hidden: true,
    },
];

/// Groups Active Directory imports: (name, description, sAMAccountName).
const DIRECTORY_GROUPS: &[(&str, &str, &str)] = &[
    (
        "VPN Users",
        "Allowed to connect to the corporate VPN",
        "VPN-Users",
    ),
    (
        "Finance Share (RW)",
        "Read-write access to \\\\fs01\\finance",
        "FS-Finance-RW",
    ),
    (
        "Engineering Build Agents",
        "Service accounts of the build farm",
        "ENG-BuildAgents",
    ),
];

/// Seeds the catalog (created a week after the org, a few days apart), the assignments and the
/// directory's groups. Runs after the users are seeded.
pub(crate) fn seed(org: &mut Org, founded: Timestamp) {
    for (index, entry) in CATALOG.iter().enumerate() {
        let offset = 7 * DAY + i64::try_from(index).unwrap_or(0) * 3 * DAY;
        let created = founded.plus_seconds(offset);
        let app = new_app(org, entry, created, u32::try_from(index).unwrap_or(0));
        org.apps.insert(app);
    }
    seed_assignments(org, founded.plus_seconds(120 * DAY));
    seed_directory_groups(org, founded.plus_seconds(30 * DAY));
}

fn new_app(org: &mut Org, entry: &Entry, created: Timestamp, index: u32) -> App {
    let id = org.ids.object_id(APP_PREFIX);
    let signing_kid = entry
        .mode
        .filter(|mode| mode.signs())
        .map(|_| org.ids.token(43));
    App {
        id,
        name: entry.name.to_owned(),
        label: entry.label.to_owned(),
        status: if entry.active {
            AppStatus::Active
        } else {
            AppStatus::Inactive
        },
        created,
        last_updated: created,
        sign_on_mode: entry.mode,
        url: entry.url.to_owned(),
        provisioning: entry.provisioning,
        user_name_template: entry.template,
        hidden: entry.hidden,
        link_number: 40 + index * 7,
        signing_kid,
    }
}

fn seed_assignments(org: &mut Org, since: Timestamp) {
    let users: Vec<(String, Timestamp)> = org
        .users
        .iter()
        .filter(|user| Some(&user.id) != org.admin_id.as_ref())
        .filter(|user| !matches!(user.status, Status::Staged | Status::Deprovisioned))
        .take(ASSIGNED_USERS)
        .map(|user| (user.id.clone(), user.created.max(since)))
        .collect();
    let active: Vec<App> = org
        .apps
        .iter()
        .filter(|app| app.is_active() && app.sign_on_mode.is_some())
        .cloned()
        .collect();
    for (user_id, assigned) in users {
        let extras = 1 + org.ids.below(3);
        let mut chosen: Vec<&App> = active
            .iter()
            .filter(|app| CORE_APPS.contains(&app.name.as_str()))
            .collect();
        for _ in 0..extras {
            let pick = &active[org.ids.below(active.len() as u64) as usize];
            if !chosen.iter().any(|app| app.id == pick.id) {
                chosen.push(pick);
            }
        }
        for app in chosen {
            if let Some(assignment) = seeded_assignment(org, app, &user_id, assigned) {
                org.apps.assign(assignment);
            }
        }
    }
}

fn seeded_assignment(org: &mut Org, app: &App, user_id: &str, at: Timestamp) -> Option<AppUser> {
    let user = org.users.get(user_id)?;
    let user_name = app.default_user_name(user.login(), user.profile_text("email"));
    let mut profile = Map::new();
    if app.provisioning {
        for key in ["email", "firstName", "lastName", "displayName"] {
            if let Some(value) = user.profile.get(key) {
                profile.insert(key.to_owned(), value.clone());
            }
        }
    }
    let password = app
        .takes_passwords()
        .then(|| format!("Sample-{}-1a", app.name));
    Some(AppUser {
        app_id: app.id.clone(),
        user_id: user_id.to_owned(),
        assignment_id: org.ids.object_id(ASSIGNMENT_PREFIX),
        external_id: app
            .provisioning
            .then(|| org.ids.token(18).replace(['-', '_'], "x")),
        created: at,
        last_updated: at,
        scope: Scope::User,
        status_changed: at,
        password_changed: password.as_ref().map(|_| at),
        last_sync: app.provisioning.then_some(at),
        user_name,
        password,
        profile,
    })
}

fn seed_directory_groups(org: &mut Org, imported: Timestamp) {
    let Some(directory) = directory_id(org) else {
        return;
    };
    let members: Vec<String> = org
        .users
        .iter()
        .filter(|user| Some(&user.id) != org.admin_id.as_ref())
        .take(ASSIGNED_USERS)
        .map(|user| user.id.clone())
        .collect();
    for (index, (name, description, account)) in DIRECTORY_GROUPS.iter().enumerate() {
        let attributes = directory_attributes(name, account, index);
        let profile = profile(name, Some(description), attributes);
        let id = org.groups.insert(
            &mut org.ids,
            GroupType::AppGroup,
            profile,
            Some(directory.clone()),
            imported,
        );
        for user in &members {
            if org.ids.below(3) == 0 {
                org.groups.add_member(&id, user, imported);
            }
        }
    }
}

/// The attributes an AD security group comes with (as in the spec's `APP_GROUP` example).
fn directory_attributes(name: &str, account: &str, index: usize) -> Map<String, Value> {
    let attributes = json!({
        "groupType": "Security",
        "samAccountName": account,
        "objectSid": format!("S-1-5-21-717838489-685202119-709183397-{}", 1170 + index),
        "groupScope": "Global",
        "dn": format!("CN={name},OU=Groups,DC=corp,DC=example,DC=com"),
        "windowsDomainQualifiedName": format!("CORP\\{account}"),
        "externalId": format!("b3JnLWdyb3VwLXtpbmRleH0{index}=="),
    });
    match attributes {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The Active Directory app, the source of imported groups.
pub(crate) fn directory_id(org: &Org) -> Option<String> {
    org.apps
        .iter()
        .find(|app| app.name == DIRECTORY)
        .map(|app| app.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_varied() {
        assert!(CATALOG.len() >= 25);
        let inactive = CATALOG.iter().filter(|entry| !entry.active).count();
        assert!((2..=5).contains(&inactive));
        for mode in [
            Saml2,
            OpenIdConnect,
            BrowserPlugin,
            Bookmark,
            WsFederation,
            AutoLogin,
        ] {
            assert!(
                CATALOG.iter().any(|entry| entry.mode == Some(mode)),
                "{mode:?}"
            );
        }
        assert!(CATALOG.iter().all(|entry| !entry.label.is_empty()));
    }
}
