//! Each user action: the happy path and its main Okta errors, against the fake org's real state machine.

use okta_harness::ErrorKind;
use okta_harness::fake_org::FakeOrg;
use serde_json::Value;

use crate::common::{TestOrg, invalid_input, okta_code};

#[tokio::test]
async fn get_user_by_id_login_and_shortname() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let login = t.org.user(&id).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();
    let shortname = login.split('@').next().unwrap().to_string();
    for reference in [&id, &login, &shortname] {
        let user = t.ok("getUser", &[("id", reference)]).await;
        assert_eq!(user["data"]["id"], id.as_str(), "by {reference}");
    }
    let expanded = t.ok("getUser", &[("id", &id), ("expand", "blocks")]).await;
    assert!(expanded["data"]["_embedded"]["blocks"].is_array());
    let me = t.ok("getUser", &[("id", "me")]).await;
    assert_eq!(me["data"]["profile"]["login"], FakeOrg::ADMIN_LOGIN);
}

#[tokio::test]
async fn get_user_not_found_is_typed() {
    let t = TestOrg::new();
    let error = t.err("getUser", &[("id", "00u0000000000nothere")]).await;
    assert!(matches!(error.kind, ErrorKind::NotFound { .. }), "{error}");
    assert_eq!(okta_code(&error), Some("E0000007"));
    assert!(!error.retryable);
}

#[tokio::test]
async fn list_users_one_page_then_the_next_with_after() {
    let t = TestOrg::new();
    let first = t.ok("listUsers", &[("limit", "5")]).await;
    assert_eq!(first["data"].as_array().unwrap().len(), 5);
    let after = first["after"].as_str().expect("a cursor for the next page");
    let second = t.ok("listUsers", &[("limit", "5"), ("after", after)]).await;
    let ids = |v: &Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        ids(&first).iter().all(|id| !ids(&second).contains(id)),
        "pages overlap"
    );
}

#[tokio::test]
async fn list_users_fetch_all_reads_every_page() {
    let t = TestOrg::with_users(130);
    // A search includes deactivated users; a plain listing does not.
    let gone = t
        .ok(
            "listUsers",
            &[
                ("search", "status eq \"DEPROVISIONED\""),
                ("fetchAll", "true"),
            ],
        )
        .await;
    let expected = t.org.user_count() - gone["data"].as_array().unwrap().len();
    let before = t.requests("GET", "/api/v1/users").len();

    let all = t
        .ok("listUsers", &[("fetchAll", "true"), ("limit", "20")])
        .await;
    let users = all["data"].as_array().unwrap();
    assert_eq!(users.len(), expected);
    assert!(users.iter().all(|u| u["status"] != "DEPROVISIONED"));
    let mut ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), expected, "no user twice");
    assert!(all.get("after").is_none());
    assert_eq!(
        t.requests("GET", "/api/v1/users").len() - before,
        expected.div_ceil(20)
    );
}

#[tokio::test]
async fn list_users_search_filter_q_and_extra_parameters() {
    let t = TestOrg::new();
    let id = t.user_in("SUSPENDED").await;
    let login = t.org.user(&id).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();

    let search = format!("profile.login eq \"{login}\"");
    let found = t.ok("listUsers", &[("search", &search)]).await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1);
    assert_eq!(found["data"][0]["id"], id.as_str());

    let suspended = t
        .ok(
            "listUsers",
            &[("filter", "status eq \"SUSPENDED\""), ("fetchAll", "true")],
        )
        .await;
    let suspended = suspended["data"].as_array().unwrap();
    assert!(!suspended.is_empty() && suspended.iter().all(|u| u["status"] == "SUSPENDED"));
    assert!(suspended.iter().any(|u| u["id"] == id.as_str()));

    let by_q = t.ok("listUsers", &[("q", "Test")]).await;
    assert!(
        by_q["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == id.as_str())
    );

    let extra = format!(r#"[{{"key":"search","value":"id eq \"{id}\""}}]"#);
    let via_extra = t.ok("listUsers", &[("extraParameters", &extra)]).await;
    assert_eq!(via_extra["data"][0]["id"], id.as_str());
}

#[tokio::test]
async fn list_users_invalid_search_is_an_okta_error() {
    let t = TestOrg::new();
    let error = t.err("listUsers", &[("search", "profile.login eq")]).await;
    assert!(
        matches!(error.kind, ErrorKind::OktaApi { ref okta } if okta.status == 400),
        "{error}"
    );
}

#[tokio::test]
async fn create_user_statuses_follow_activate_and_password() {
    let t = TestOrg::new();
    for (status, id) in [
        ("STAGED", t.user_in("STAGED").await),
        ("PROVISIONED", t.user_in("PROVISIONED").await),
        ("ACTIVE", t.user_in("ACTIVE").await),
    ] {
        assert_eq!(t.status(&id).as_deref(), Some(status));
    }
}

#[tokio::test]
async fn create_user_with_everything() {
    let t = TestOrg::new();
    let group = t.org.add_group("Pilots");
    let groups = format!("[\"{group}\"]");
    let user = t
        .ok(
            "createUser",
            &[
                ("firstName", "Amelia"),
                ("lastName", "Earhart"),
                ("email", "amelia@example.com"),
                ("login", "amelia@example.com"),
                ("mobilePhone", "15551234567"),
                ("department", "Flight"),
                ("employeeNumber", "1897"),
                ("locale", "en_US"),
                ("password", "Fl1ght-Plan-1937"),
                ("question", "First plane?"),
                ("answer", "Canary"),
                ("groupIds", &groups),
                (
                    "profileExtraAttributes",
                    r#"[{"key":"title","value":"Aviator"},{"key":"firstName","value":"Ignored"}]"#,
                ),
                ("nextLogin", "changePassword"),
            ],
        )
        .await;
    let user = &user["data"];
    let id = user["id"].as_str().unwrap();
    assert_eq!(user["profile"]["firstName"], "Amelia");
    assert_eq!(user["profile"]["title"], "Aviator");
    assert_eq!(user["profile"]["department"], "Flight");
    assert_eq!(
        user["credentials"]["recovery_question"]["question"],
        "First plane?"
    );
    assert_eq!(user["status"], "PASSWORD_EXPIRED");
    assert!(t.org.group_members(&group).contains(&id.to_string()));
}

#[tokio::test]
async fn create_user_errors() {
    let t = TestOrg::new();
    let existing = t.user_in("ACTIVE").await;
    let login = t.org.user(&existing).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();
    let duplicate = t
        .err(
            "createUser",
            &[
                ("firstName", "A"),
                ("lastName", "B"),
                ("email", &login),
                ("login", &login),
            ],
        )
        .await;
    assert_eq!(okta_code(&duplicate), Some("E0000001"));
    assert!(!t.requests("POST", "/api/v1/users").is_empty());

    let no_password = t
        .err(
            "createUser",
            &[
                ("firstName", "A"),
                ("lastName", "B"),
                ("email", "n@example.com"),
                ("login", "n@example.com"),
                ("nextLogin", "changePassword"),
            ],
        )
        .await;
    assert_eq!(invalid_input(&no_password), "nextLogin");

    let missing = t
        .err(
            "createUser",
            &[
                ("firstName", "A"),
                ("lastName", "B"),
                ("login", "m@example.com"),
            ],
        )
        .await;
    assert_eq!(invalid_input(&missing), "email");
}

#[tokio::test]
async fn update_user_changes_only_what_is_given() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let before = t.org.user(&id).unwrap();
    let updated = t
        .ok(
            "updateUser",
            &[
                ("id", &id),
                ("firstName", "Renamed"),
                ("profileExtraAttributes", r#"{"costCenter":"CC-9"}"#),
            ],
        )
        .await;
    assert_eq!(updated["data"]["profile"]["firstName"], "Renamed");
    assert_eq!(
        updated["data"]["profile"]["lastName"],
        before["profile"]["lastName"]
    );
    assert_eq!(t.org.user(&id).unwrap()["profile"]["costCenter"], "CC-9");
    let sent = t.requests("POST", &format!("/api/v1/users/{id}"));
    assert_eq!(sent.len(), 1, "a partial update is one POST, never a PUT");

    let nothing = t.err("updateUser", &[("id", &id)]).await;
    assert_eq!(invalid_input(&nothing), "id");
    let missing = t
        .err(
            "updateUser",
            &[("id", "nobody@example.com"), ("firstName", "X")],
        )
        .await;
    assert!(matches!(missing.kind, ErrorKind::NotFound { .. }));
}

#[tokio::test]
async fn delete_user_deactivates_first_when_needed() {
    let t = TestOrg::new();
    let active = t.user_in("ACTIVE").await;
    let out = t.ok("deleteUser", &[("id", &active)]).await;
    assert_eq!(
        out["data"],
        serde_json::json!({"id": active, "status": "DELETED"})
    );
    assert!(t.org.user(&active).is_none());
    assert_eq!(
        t.requests("DELETE", &format!("/api/v1/users/{active}"))
            .len(),
        2
    );

    let gone = t.user_in("DEPROVISIONED").await;
    t.ok("deleteUser", &[("id", &gone), ("sendEmail", "false")])
        .await;
    assert_eq!(
        t.requests("DELETE", &format!("/api/v1/users/{gone}")).len(),
        1
    );

    let error = t.err("deleteUser", &[("id", &active)]).await;
    assert!(matches!(error.kind, ErrorKind::NotFound { .. }));
}

#[tokio::test]
async fn activate_returns_the_url_only_without_email() {
    let t = TestOrg::new();
    let staged = t.user_in("STAGED").await;
    let out = t
        .ok("activateUser", &[("id", &staged), ("sendEmail", "false")])
        .await;
    assert!(
        out["data"]["activationUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(out["data"]["activationToken"].is_string());
    assert_eq!(out["data"]["id"], staged.as_str());
    assert_eq!(out["data"]["status"], "ACTIVE");

    let again = t.err("activateUser", &[("id", &staged)]).await;
    assert_eq!(okta_code(&again), Some("E0000016"));

    let emailed = t.user_in("STAGED").await;
    let out = t.ok("activateUser", &[("id", &emailed)]).await;
    assert!(out["data"].get("activationUrl").is_none());
}

#[tokio::test]
async fn deactivate_and_reactivate() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let out = t.ok("deactivateUser", &[("id", &id)]).await;
    assert_eq!(out["data"]["status"], "DEPROVISIONED");

    let pending = t.user_in("PROVISIONED").await;
    let out = t
        .ok(
            "reactivateUser",
            &[("id", &pending), ("sendEmail", "false")],
        )
        .await;
    assert!(out["data"]["activationUrl"].is_string());
    assert_eq!(out["data"]["status"], "PROVISIONED");

    let active = t.user_in("ACTIVE").await;
    let error = t.err("reactivateUser", &[("id", &active)]).await;
    assert_eq!(okta_code(&error), Some("E0000038"));
}

#[tokio::test]
async fn suspend_and_unsuspend() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    assert_eq!(
        t.ok("suspendUser", &[("id", &id)]).await["data"]["status"],
        "SUSPENDED"
    );
    assert_eq!(t.status(&id).as_deref(), Some("SUSPENDED"));
    assert_eq!(
        t.ok("unsuspendUser", &[("id", &id)]).await["data"]["status"],
        "ACTIVE"
    );

    let staged = t.user_in("STAGED").await;
    let error = t.err("suspendUser", &[("id", &staged)]).await;
    assert!(matches!(error.kind, ErrorKind::OktaApi { .. }), "{error}");
    assert_eq!(t.status(&staged).as_deref(), Some("STAGED"));
    let error = t.err("unsuspendUser", &[("id", &staged)]).await;
    assert!(matches!(error.kind, ErrorKind::OktaApi { .. }), "{error}");
}

#[tokio::test]
async fn unlock_only_a_locked_out_user() {
    let t = TestOrg::new();
    let locked = t.user_in("LOCKED_OUT").await;
    assert_eq!(
        t.ok("unlockUser", &[("id", &locked)]).await["data"]["status"],
        "ACTIVE"
    );
    let error = t.err("unlockUser", &[("id", &locked)]).await;
    assert_eq!(okta_code(&error), Some("E0000032"));
    match &error.kind {
        ErrorKind::OktaApi { okta } => {
            assert_eq!(okta.error_causes, vec!["The user is not locked out."])
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn reset_password_without_email_returns_the_url() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let out = t
        .ok(
            "resetUserPassword",
            &[
                ("id", &id),
                ("sendEmail", "false"),
                ("revokeSessions", "true"),
            ],
        )
        .await;
    assert!(
        out["data"]["resetPasswordUrl"]
            .as_str()
            .unwrap()
            .contains("/reset_password/")
    );
    assert_eq!(out["data"]["status"], "RECOVERY");
    let sent = &t.requests(
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reset_password"),
    )[0];
    assert!(
        sent.uri.contains("sendEmail=false") && sent.uri.contains("revokeSessions=true"),
        "{}",
        sent.uri
    );

    let staged = t.user_in("STAGED").await;
    let error = t.err("resetUserPassword", &[("id", &staged)]).await;
    assert_eq!(okta_code(&error), Some("E0000038"));
}

#[tokio::test]
async fn set_password_as_admin_or_as_a_change() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let login = t.org.user(&id).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();

    let out = t
        .ok(
            "setUserPassword",
            &[("userId", &login), ("newPassword", "Adm1n-Set-Pass")],
        )
        .await;
    assert!(out["data"]["password"].is_object());
    assert_eq!(t.requests("POST", &format!("/api/v1/users/{id}")).len(), 1);

    t.ok(
        "setUserPassword",
        &[
            ("userId", &id),
            ("oldPassword", "Adm1n-Set-Pass"),
            ("newPassword", "Ch4nged-Pass"),
        ],
    )
    .await;
    assert_eq!(
        t.requests(
            "POST",
            &format!("/api/v1/users/{id}/credentials/change_password")
        )
        .len(),
        1
    );

    let wrong = t
        .err(
            "setUserPassword",
            &[
                ("userId", &id),
                ("oldPassword", "not-it"),
                ("newPassword", "X-9-Whatever"),
            ],
        )
        .await;
    assert_eq!(okta_code(&wrong), Some("E0000014"));

    let neither = t.err("setUserPassword", &[("userId", &id)]).await;
    assert_eq!(invalid_input(&neither), "newPassword");
}

#[tokio::test]
async fn clear_sessions_resolves_a_login_to_the_id() {
    let t = TestOrg::new();
    let id = t.user_in("ACTIVE").await;
    let login = t.org.user(&id).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();
    let out = t
        .ok(
            "clearUserSessions",
            &[
                ("userId", &login),
                ("oauthTokens", "true"),
                ("forgetDevices", "false"),
            ],
        )
        .await;
    assert_eq!(
        out["data"],
        serde_json::json!({"id": id, "status": "SESSIONS_CLEARED"})
    );
    let sent = t.requests("DELETE", &format!("/api/v1/users/{id}/sessions"));
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].uri.contains("oauthTokens=true") && sent[0].uri.contains("forgetDevices=false")
    );

    let error = t
        .err("clearUserSessions", &[("userId", "nobody@example.com")])
        .await;
    assert!(matches!(error.kind, ErrorKind::NotFound { .. }));
}
