//! Applications and user assignments, and the application picklist.

use okta_harness::ErrorKind;

use crate::common::{TestOrg, invalid_input};

async fn active_app(t: &TestOrg) -> String {
    let apps = t
        .ok(
            "listApplications",
            &[("filter", "status eq \"ACTIVE\""), ("limit", "1")],
        )
        .await;
    apps["data"][0]["id"]
        .as_str()
        .expect("an active app")
        .to_string()
}

#[tokio::test]
async fn list_get_and_include_inactive() {
    let t = TestOrg::new();
    let all = t
        .ok("listApplications", &[("fetchAll", "true"), ("limit", "5")])
        .await;
    let active = all["data"].as_array().unwrap();
    assert!(active.len() > 5, "more than one page");
    assert!(active.iter().all(|a| a["status"] == "ACTIVE"));
    let with_inactive = t
        .ok(
            "listApplications",
            &[("fetchAll", "true"), ("includeNonDeleted", "true")],
        )
        .await;
    assert!(with_inactive["data"].as_array().unwrap().len() > active.len());

    let id = active[0]["id"].as_str().unwrap();
    let app = t.ok("getApplication", &[("appId", id)]).await;
    assert_eq!(app["data"]["id"], id);
    let missing = t
        .err("getApplication", &[("appId", "0oa0000000000nothere")])
        .await;
    assert!(matches!(missing.kind, ErrorKind::NotFound { .. }));
}

/// An active app whose sign-on mode stores a username and password per user (Okta refuses credentials on others).
async fn password_app(t: &TestOrg) -> String {
    let apps = t.ok("listApplications", &[("fetchAll", "true")]).await;
    apps["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            matches!(
                a["signOnMode"].as_str(),
                Some("AUTO_LOGIN" | "BROWSER_PLUGIN" | "SECURE_PASSWORD_STORE")
            )
        })
        .and_then(|a| a["id"].as_str())
        .expect("a password app")
        .to_string()
}

#[tokio::test]
async fn assign_read_update_and_remove_an_assignment() {
    let t = TestOrg::new();
    let app = password_app(&t).await;
    let user = t.user_in("ACTIVE").await;
    let login = t.org.user(&user).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();

    let assigned = t
        .ok(
            "assignApplicationToUser",
            &[
                ("appId", &app),
                ("userId", &login),
                ("username", "jdoe"),
                ("password", "App-Secret-1"),
                ("profile", r#"{"role":"Dev"}"#),
                ("scope", "USER"),
            ],
        )
        .await;
    assert_eq!(assigned["data"]["id"], user.as_str());
    assert_eq!(assigned["data"]["credentials"]["userName"], "jdoe");
    assert_eq!(assigned["data"]["profile"]["role"], "Dev");
    assert!(!assigned.to_string().contains("App-Secret-1"));
    let sent = &t.requests("POST", &format!("/api/v1/apps/{app}/users"))[0];
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body["id"],
        user.as_str(),
        "the login was resolved to the ID"
    );

    let got = t
        .ok(
            "getApplicationUserAssignment",
            &[("appId", &app), ("userId", &user), ("expand", "user")],
        )
        .await;
    assert_eq!(got["data"]["_embedded"]["user"]["id"], user.as_str());

    let updated = t
        .ok(
            "updateApplicationUserAssignment",
            &[
                ("appId", &app),
                ("userId", &user),
                ("profile", r#"{"role":"Lead"}"#),
            ],
        )
        .await;
    assert_eq!(updated["data"]["profile"]["role"], "Lead");
    let nothing = t
        .err(
            "updateApplicationUserAssignment",
            &[("appId", &app), ("userId", &user)],
        )
        .await;
    assert_eq!(invalid_input(&nothing), "profile");

    let links = t.ok("listUserApplications", &[("id", &login)]).await;
    assert!(
        links["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["appInstanceId"] == app.as_str())
    );

    let removed = t
        .ok(
            "removeApplicationUserAssignment",
            &[("appId", &app), ("userId", &user)],
        )
        .await;
    assert_eq!(
        removed["data"],
        serde_json::json!({"id": user, "status": "DELETED"})
    );
    assert!(t.org.app_user(&app, &user).is_none());
    let gone = t
        .err(
            "getApplicationUserAssignment",
            &[("appId", &app), ("userId", &user)],
        )
        .await;
    assert!(matches!(gone.kind, ErrorKind::NotFound { .. }));
}

#[tokio::test]
async fn the_application_picklist_shows_labels() {
    let t = TestOrg::new();
    let items = t.picklist("selectApplication", &[]).await;
    let app = active_app(&t).await;
    let label = t.org.app(&app).unwrap()["label"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(items.contains(&(label, app)));
}
