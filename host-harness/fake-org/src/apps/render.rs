//! `Application`, `AppUser` and `AssignedAppLink` JSON, keys in the recorded order (the recorded
//! bookmark app and app user of `test_assign_user_app`); `_links` in `java.util.HashMap` order.

use serde_json::{Value, json};

use super::model::{App, AppUser, SignOnMode};
use crate::json::{Object, map, write_value};

const LOGOS: &str = "https://ok12static.oktacdn.com/assets/img/logos";

/// The app's logo (`_links.logo`, `logoUrl` of an app link).
pub(crate) fn logo_url(app: &App) -> String {
    format!("{LOGOS}/{}.png", app.name)
}

/// The dashboard link of the app (`/home/{name}/{id}/{n}`).
pub(crate) fn link_url(app: &App, origin: &str) -> String {
    format!("{origin}/home/{}/{}/{}", app.name, app.id, app.link_number)
}

/// The app, with `_embedded.user` (already rendered `AppUser` JSON) for `expand=user/{userId}`.
pub(crate) fn write_app(out: &mut Vec<u8>, app: &App, origin: &str, embedded_user: Option<&[u8]>) {
    let mut object = Object::new(out);
    object
        .str("id", &app.id)
        .str("name", &app.name)
        .str("label", &app.label)
        .str("status", app.status.as_str())
        .time("lastUpdated", Some(app.last_updated))
        .time("created", Some(app.created))
        .object("accessibility", |a| {
            a.value("selfService", &false)
                .opt_str("errorRedirectUrl", None)
                .opt_str("loginRedirectUrl", None);
        })
        .object("visibility", |v| {
            v.value("autoSubmitToolbar", &false)
                .object("hide", |hide| {
                    hide.value("iOS", &app.hidden).value("web", &app.hidden);
                })
                .value("appLinks", &json!({ "login": true }));
        })
        .value("features", &features(app))
        .opt_str("signOnMode", app.sign_on_mode.map(SignOnMode::as_str));
    write_credentials(object.key("credentials"), app);
    write_value(object.key("settings"), &settings(app));
    write_links(object.key("_links"), app, origin);
    if let Some(user) = embedded_user {
        let embedded = object.key("_embedded");
        embedded.extend_from_slice(br#"{"user":"#);
        embedded.extend_from_slice(user);
        embedded.push(b'}');
    }
    object.end();
}

fn features(app: &App) -> Vec<&'static str> {
    if app.provisioning {
        vec![
            "IMPORT_NEW_USERS",
            "PUSH_NEW_USERS",
            "PUSH_PROFILE_UPDATES",
            "PUSH_USER_DEACTIVATION",
        ]
    } else {
        Vec::new()
    }
}

fn write_credentials(out: &mut Vec<u8>, app: &App) {
    let mut credentials = Object::new(out);
    if app.takes_passwords() {
        credentials.str("scheme", "EDIT_USERNAME_AND_PASSWORD");
    }
    credentials.object("userNameTemplate", |t| {
        t.str("template", app.user_name_template)
            .str("type", "BUILT_IN");
    });
    if app.takes_passwords() {
        credentials.value("revealPassword", &false);
    }
    credentials.object("signing", |signing| {
        if let Some(kid) = &app.signing_kid {
            signing.str("kid", kid);
        }
    });
    if app.sign_on_mode == Some(SignOnMode::OpenIdConnect) {
        credentials.object("oauthClient", |client| {
            client
                .value("autoKeyRotation", &true)
                .str("client_id", &app.id)
                .str("token_endpoint_auth_method", "client_secret_basic");
        });
    }
    credentials.end();
}

/// SAML's `authnContextClassRef` for a password sign-in.
const PASSWORD_PROTECTED: &str =
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

/// `settings`: the app's URL, plus what its sign-on mode configures: at least every field the
/// spec's settings schema for that mode requires (the page of a spec-following client fails
/// otherwise).
fn settings(app: &App) -> Value {
    let vpn =
        json!({"vpn": {"network": {"connection": "DISABLED"}, "message": null, "helpUrl": null}});
    let mut settings = json!({
        "app": {"url": app.url},
        "extendedProperties": null,
        "notifications": vpn,
    });
    match app.sign_on_mode {
        Some(SignOnMode::Bookmark) => {
            settings["app"]["requestIntegration"] = json!(false);
        }
        Some(SignOnMode::Saml2) => {
            settings["signOn"] = json!({
                "ssoAcsUrl": app.url,
                "audience": format!("https://{}.example.com/saml", app.name),
                "subjectNameIdTemplate": "${user.userName}",
                "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                "responseSigned": true,
                "assertionSigned": true,
                "signatureAlgorithm": "RSA_SHA256",
                "digestAlgorithm": "SHA256",
                "authnContextClassRef": PASSWORD_PROTECTED,
                "honorForceAuthn": true,
                "requestCompressed": false,
                "allowMultipleAcsEndpoints": false,
            });
            settings["slo"] = json!({"enabled": false});
        }
        Some(SignOnMode::WsFederation) => {
            settings["app"] = json!({
                "url": app.url,
                "siteURL": app.url,
                "wReplyURL": format!("{}/login.srf", app.url),
                "realm": format!("urn:federation:{}", app.name),
                "audienceRestriction": "urn:federation:MicrosoftOnline",
                "nameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                "authnContextClassRef": PASSWORD_PROTECTED,
                "groupValueFormat": "windowsDomainQualifiedName",
                "usernameAttribute": "username",
            });
        }
        Some(SignOnMode::BrowserPlugin) => {
            settings["app"]["usernameField"] = json!("#username");
            settings["app"]["passwordField"] = json!("#password");
            settings["app"]["buttonField"] = json!("button[type=submit]");
        }
        Some(SignOnMode::SecurePasswordStore) => {
            settings["app"]["usernameField"] = json!("#username");
            settings["app"]["passwordField"] = json!("#password");
        }
        Some(SignOnMode::OpenIdConnect) => {
            settings["oauthClient"] = json!({
                "client_uri": app.url,
                "logo_uri": null,
                "redirect_uris": [format!("{}/callback", app.url)],
                "response_types": ["code"],
                "grant_types": ["authorization_code", "refresh_token"],
                "application_type": "web",
            });
        }
        _ => {}
    }
    settings
}

enum Link {
    Href(String),
    Post(String),
    Dashboard(String),
    Logo(String),
}

fn write_links(out: &mut Vec<u8>, app: &App, origin: &str) {
    let href = |rest: &str| format!("{origin}/api/v1/apps/{}{rest}", app.id);
    let lifecycle = if app.is_active() {
        ("deactivate", Link::Post(href("/lifecycle/deactivate")))
    } else {
        ("activate", Link::Post(href("/lifecycle/activate")))
    };
    let links = [
        ("appLinks", Link::Dashboard(link_url(app, origin))),
        ("groups", Link::Href(href("/groups"))),
        ("logo", Link::Logo(logo_url(app))),
        ("users", Link::Href(href("/users"))),
        lifecycle,
    ];
    map(out, &links, |out, _, link| match link {
        Link::Href(href) | Link::Post(href) => {
            let mut object = Object::new(out);
            object.str("href", href);
            object.end();
        }
        Link::Dashboard(href) => {
            out.push(b'[');
            let mut object = Object::new(out);
            object
                .str("name", "login")
                .str("href", href)
                .str("type", "text/html");
            object.end();
            out.push(b']');
        }
        Link::Logo(href) => {
            out.push(b'[');
            let mut object = Object::new(out);
            object
                .str("name", "medium")
                .str("href", href)
                .str("type", "image/png");
            object.end();
            out.push(b']');
        }
    });
}

/// The `AppUser`, with `_embedded.user` (already rendered `User` JSON) for `expand=user`. The
/// password is never returned: `password: {}` only says one is set.
pub(crate) fn write_app_user(
    out: &mut Vec<u8>,
    assignment: &AppUser,
    origin: &str,
    embedded_user: Option<&[u8]>,
) {
    let mut object = Object::new(out);
    object
        .str("id", &assignment.user_id)
        .opt_str("externalId", assignment.external_id.as_deref())
        .time("created", Some(assignment.created))
        .time("lastUpdated", Some(assignment.last_updated))
        .str("scope", assignment.scope.as_str())
        .str("status", assignment.status())
        .time("statusChanged", Some(assignment.status_changed))
        .time("passwordChanged", assignment.password_changed)
        .str("syncState", assignment.sync_state());
    if assignment.last_sync.is_some() {
        object.time("lastSync", assignment.last_sync);
    }
    object
        .object("credentials", |credentials| {
            credentials.str("userName", &assignment.user_name);
            if assignment.password.is_some() {
                credentials.object("password", |_| {});
            }
        })
        .value("profile", &assignment.profile);
    let app = format!("{origin}/api/v1/apps/{}", assignment.app_id);
    let user = format!("{origin}/api/v1/users/{}", assignment.user_id);
    map(
        object.key("_links"),
        &[("app", app), ("user", user)],
        |out, _, href| {
            let mut link = Object::new(out);
            link.str("href", href);
            link.end();
        },
    );
    if let Some(user) = embedded_user {
        let embedded = object.key("_embedded");
        embedded.extend_from_slice(br#"{"user":"#);
        embedded.extend_from_slice(user);
        embedded.push(b'}');
    }
    object.end();
}

/// One `AssignedAppLink` of `GET /api/v1/users/{id}/appLinks`; `id` is the user's ID, as in the
/// spec's example.
pub(crate) fn write_app_link(
    out: &mut Vec<u8>,
    assignment: &AppUser,
    app: &App,
    origin: &str,
    sort_order: usize,
) {
    let credentials_setup = app.takes_passwords() && assignment.password.is_some();
    let mut object = Object::new(out);
    object
        .str("id", &assignment.user_id)
        .str("label", &app.label)
        .str("linkUrl", &link_url(app, origin))
        .str("logoUrl", &logo_url(app))
        .str("appName", &app.name)
        .str("appInstanceId", &app.id)
        .str("appAssignmentId", &assignment.assignment_id)
        .value("credentialsSetup", &credentials_setup)
        .value("hidden", &app.hidden)
        .value("sortOrder", &sort_order);
    object.end();
}
