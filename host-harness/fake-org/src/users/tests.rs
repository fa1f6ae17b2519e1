//! The Users API end to end through `FakeOrg::handle`: creation rules, lookups, updates, the
//! lifecycle state machine, credentials, and listing with paging, filter, search and q.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::FakeOrg;
use crate::test_support::{
    NOW_SECONDS, call, get, json_of, links, next_path, org, org_with_clock, post, send,
};

const PASSWORD: &str = "Abcd1234xyz";

fn person(login: &str) -> Value {
    json!({"profile": {"firstName": "John", "lastName": "Doe", "email": login, "login": login}})
}

fn with_password(login: &str) -> Value {
    let mut body = person(login);
    body["credentials"] = json!({"password": {"value": PASSWORD}});
    body
}

/// Creates a user and returns its JSON.
fn create(org: &FakeOrg, query: &str, body: &Value) -> Value {
    let (status, user) = post(org, &format!("/api/v1/users{query}"), body);
    assert_eq!(status, StatusCode::OK, "{user}");
    user
}

fn id_of(user: &Value) -> String {
    user["id"].as_str().expect("an id").to_owned()
}

fn error_code(response: &(StatusCode, Value)) -> (u16, &str) {
    (
        response.0.as_u16(),
        response.1["errorCode"].as_str().unwrap_or(""),
    )
}

// ---- create -------------------------------------------------------------------------------------

#[test]
fn create_with_password_is_active_and_shaped_like_okta() {
    let org = org(3);
    let user = create(&org, "", &with_password("Jane.Doe@example.com"));
    let id = id_of(&user);
    assert!(id.starts_with("00u") && id.len() == 20);
    assert_eq!(user["status"], "ACTIVE");
    let now = "2025-09-29T03:49:50.000Z";
    for field in [
        "created",
        "activated",
        "statusChanged",
        "lastUpdated",
        "passwordChanged",
    ] {
        assert_eq!(user[field], now, "{field}");
    }
    assert_eq!(user["lastLogin"], Value::Null);
    assert!(user["type"]["id"].as_str().unwrap().starts_with("oty"));
    assert!(user.get("realmId").is_none());
    assert_eq!(user["profile"]["mobilePhone"], Value::Null);
    assert_eq!(user["profile"]["secondEmail"], Value::Null);
    assert_eq!(
        user["credentials"],
        json!({
            "password": {},
            "emails": [{"value": "Jane.Doe@example.com", "status": "VERIFIED", "type": "PRIMARY"}],
            "provider": {"type": "OKTA", "name": "OKTA"},
        })
    );
    let links = &user["_links"];
    assert_eq!(
        links["self"]["href"],
        format!("https://fake-org.okta.com/api/v1/users/{id}")
    );
    assert_eq!(
        links["suspend"],
        json!({"href": format!("https://fake-org.okta.com/api/v1/users/{id}/lifecycle/suspend"), "method": "POST"})
    );
    assert!(
        links["schema"]["href"]
            .as_str()
            .unwrap()
            .contains("/meta/schemas/user/osc")
    );
    assert!(links.get("activate").is_none());
}

#[test]
fn create_status_follows_the_creation_table() {
    let org = org(3);
    let staged = create(&org, "?activate=false", &with_password("a@example.com"));
    assert_eq!(staged["status"], "STAGED");
    assert_eq!(staged["activated"], Value::Null);
    assert!(staged["_links"]["activate"].is_object());

    let provisioned = create(&org, "", &person("b@example.com"));
    assert_eq!(provisioned["status"], "PROVISIONED");
    assert_eq!(provisioned["passwordChanged"], Value::Null);
    assert_eq!(
        provisioned["credentials"],
        json!({"provider": {"type": "OKTA", "name": "OKTA"}})
    );

    // terraform sends `"password":{}` for "no password" (recorded): PROVISIONED.
    let mut empty = person("c@example.com");
    empty["credentials"] = json!({"password": {}});
    assert_eq!(create(&org, "", &empty)["status"], "PROVISIONED");

    let expired = create(
        &org,
        "?activate=true&nextLogin=changePassword",
        &with_password("d@example.com"),
    );
    assert_eq!(expired["status"], "PASSWORD_EXPIRED");

    let mut hashed = person("e@example.com");
    hashed["credentials"] = json!({"password": {"hash": {"algorithm": "BCRYPT", "workFactor": 10, "salt": "rwh3vH166HCH/NT9XV5FYu", "value": "qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}}});
    assert_eq!(create(&org, "", &hashed)["status"], "ACTIVE");

    let mut federated = person("f@example.com");
    federated["credentials"] = json!({"provider": {"type": "FEDERATION", "name": "FEDERATION"}});
    let federated = create(&org, "?provider=true", &federated);
    assert_eq!(federated["status"], "ACTIVE");
    assert_eq!(federated["credentials"]["provider"]["type"], "FEDERATION");
}

#[test]
fn next_login_needs_activation_and_a_password() {
    let org = org(3);
    let not_activated = post(
        &org,
        "/api/v1/users?activate=false&nextLogin=changePassword",
        &with_password("a@example.com"),
    );
    assert_eq!(error_code(&not_activated), (400, "E0000125"));
    let no_password = post(
        &org,
        "/api/v1/users?nextLogin=changePassword",
        &person("a@example.com"),
    );
    assert_eq!(error_code(&no_password), (400, "E0000124"));
    let bad_value = post(
        &org,
        "/api/v1/users?nextLogin=later",
        &with_password("a@example.com"),
    );
    assert_eq!(error_code(&bad_value), (400, "E0000001"));
    assert_eq!(org.user_count(), 3);
}

#[test]
fn create_validates_like_okta() {
    let org = org(3);
    create(&org, "", &person("taken@example.com"));
    let duplicate = post(&org, "/api/v1/users", &person("TAKEN@example.com"));
    assert_eq!(error_code(&duplicate), (400, "E0000001"));
    assert_eq!(duplicate.1["errorSummary"], "Api validation failed: login");
    assert_eq!(
        duplicate.1["errorCauses"],
        json!([{"errorSummary": "login: An object with this field already exists in the current organization"}])
    );

    let missing = post(
        &org,
        "/api/v1/users",
        &json!({"profile": {"login": "x@example.com"}}),
    );
    assert_eq!(error_code(&missing), (400, "E0000001"));
    assert_eq!(missing.1["errorCauses"].as_array().unwrap().len(), 3);

    let mut weak = person("weak@example.com");
    weak["credentials"] = json!({"password": {"value": "password"}});
    let weak = post(&org, "/api/v1/users", &weak);
    assert_eq!(error_code(&weak), (400, "E0000001"));
    assert!(
        weak.1["errorCauses"][0]["errorSummary"]
            .as_str()
            .unwrap()
            .starts_with("password: Password requirements were not met")
    );

    let not_email = post(&org, "/api/v1/users", &person("not-an-email"));
    assert_eq!(error_code(&not_email), (400, "E0000001"));

    let mut typed = person("t@example.com");
    typed["type"] = json!({"id": "otyNOPE"});
    assert_eq!(
        error_code(&post(&org, "/api/v1/users", &typed)),
        (400, "E0000001")
    );

    let malformed = call(&org, Method::POST, "/api/v1/users", None);
    assert_eq!(error_code(&malformed), (400, "E0000003"));
    assert_eq!(
        malformed.1["errorSummary"],
        "The request body was not well-formed."
    );
    let bad_flag = post(
        &org,
        "/api/v1/users?activate=maybe",
        &person("f@example.com"),
    );
    assert_eq!(error_code(&bad_flag), (400, "E0000001"));
    assert_eq!(org.user_count(), 4);
}

#[test]
fn create_keeps_custom_attributes_type_and_realm() {
    let org = org(3);
    let type_id = org.user("me").unwrap()["type"]["id"].clone();
    let body = json!({
        "profile": {"firstName": "TestAcc", "lastName": "Smith", "email": "testAcc-1@example.com",
                    "login": "testAcc-1@example.com", "array123": ["test"], "number123": 1, "postalAddress": null},
        "credentials": {"password": {}, "recovery_question": {"question": "Best band?", "answer": "The Kinks"}},
        "type": {"id": type_id},
        "realmId": "guotivlj45ZSJtnfF1d7",
    });
    let user = create(&org, "", &body);
    assert_eq!(user["profile"]["array123"], json!(["test"]));
    assert_eq!(user["profile"]["number123"], 1);
    assert!(
        user["profile"].get("postalAddress").is_none(),
        "nulls are not stored"
    );
    assert_eq!(user["realmId"], "guotivlj45ZSJtnfF1d7");
    assert_eq!(user["type"]["id"], type_id);
    assert_eq!(
        user["credentials"]["recovery_question"],
        json!({"question": "Best band?"})
    );
}

#[test]
fn create_in_groups() {
    let org = org(3);
    let sales = org.add_group("Field Sales");
    let mut body = person("g@example.com");
    body["groupIds"] = json!([sales]);
    let id = id_of(&create(&org, "", &body));
    assert_eq!(org.group_members(&sales), std::slice::from_ref(&id));
    let groups = get(&org, &format!("/api/v1/users/{id}/groups")).1;
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["profile"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Everyone", "Field Sales"]);

    body["profile"]["login"] = json!("h@example.com");
    body["groupIds"] = json!(["00gDoesNotExist000000"]);
    assert_eq!(
        error_code(&post(&org, "/api/v1/users", &body)),
        (400, "E0000001")
    );
    body["groupIds"] = json!(vec![sales; 21]);
    assert_eq!(
        error_code(&post(&org, "/api/v1/users", &body)),
        (400, "E0000093")
    );
}

// ---- get ------------------------------------------------------------------------------------------

#[test]
fn get_by_id_login_shortname_and_me() {
    let org = org(10);
    let user = create(&org, "", &with_password("John.Doe-Get@example.com"));
    let id = id_of(&user);
    for key in [
        id.as_str(),
        "John.Doe-Get@example.com",
        "john.doe-get%40example.com",
        "John.Doe-Get",
    ] {
        let (status, found) = get(&org, &format!("/api/v1/users/{key}"));
        assert_eq!(status, StatusCode::OK, "{key}");
        assert_eq!(found["id"], id.as_str(), "{key}");
    }
    assert_eq!(
        get(&org, "/api/v1/users/me").1["profile"]["login"],
        FakeOrg::ADMIN_LOGIN
    );
    let (status, body) = get(&org, "/api/v1/users/00uNOPE");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["errorSummary"],
        "Not found: Resource not found: 00uNOPE (User)"
    );
}

#[test]
fn ambiguous_shortnames_are_not_found() {
    let org = org(3);
    create(&org, "", &person("sam@example.com"));
    create(&org, "", &person("sam@example.org"));
    assert_eq!(get(&org, "/api/v1/users/sam").0, StatusCode::NOT_FOUND);
}

#[test]
fn get_sends_an_etag_that_tracks_changes() {
    let (org, clock) = org_with_clock(3);
    let first = send(&org, Method::GET, "/api/v1/users/me", None);
    let again = send(&org, Method::GET, "/api/v1/users/me", None);
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(tag.starts_with("W/\"") && tag.len() == 68, "{tag}");
    assert_eq!(again.headers()["etag"], tag.as_str());
    clock.store(NOW_SECONDS + 5, Ordering::SeqCst);
    post(
        &org,
        "/api/v1/users/me",
        &json!({"profile": {"nickName": "Jo"}}),
    );
    let changed = send(&org, Method::GET, "/api/v1/users/me", None);
    assert_ne!(changed.headers()["etag"], tag.as_str());
    let expanded = get(&org, "/api/v1/users/me?expand=blocks").1;
    assert_eq!(expanded["_embedded"], json!({"blocks": []}));
    assert!(json_of(&first).get("_embedded").is_none());
}

// ---- update, replace, delete ---------------------------------------------------------------------

#[test]
fn partial_update_merges_and_nulls_clear() {
    let (org, clock) = org_with_clock(3);
    let mut body = with_password("u@example.com");
    body["profile"]["nickName"] = json!("Johnny");
    body["profile"]["title"] = json!("Engineer");
    let id = id_of(&create(&org, "", &body));
    clock.store(NOW_SECONDS + 60, Ordering::SeqCst);
    let (status, user) = post(
        &org,
        &format!("/api/v1/users/{id}?strict=true"),
        &json!({"profile": {"nickName": null, "department": "IT"},
                "credentials": {"password": {"value": "NewPassw0rd!"}}}),
    );
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["profile"]["title"], "Engineer");
    assert_eq!(user["profile"]["department"], "IT");
    assert!(user["profile"].get("nickName").is_none());
    assert_eq!(user["lastUpdated"], "2025-09-29T03:50:50.000Z");
    assert_eq!(user["passwordChanged"], "2025-09-29T03:50:50.000Z");
    assert_eq!(user["created"], "2025-09-29T03:49:50.000Z");
}

#[test]
fn update_checks_login_uniqueness_and_type() {
    let org = org(3);
    let id = id_of(&create(&org, "", &person("one@example.com")));
    create(&org, "", &person("two@example.com"));
    let clash = post(
        &org,
        &format!("/api/v1/users/{id}"),
        &json!({"profile": {"login": "TWO@example.com"}}),
    );
    assert_eq!(error_code(&clash), (400, "E0000001"));
    let other_type = post(
        &org,
        &format!("/api/v1/users/{id}"),
        &json!({"type": {"id": "otyOTHER"}}),
    );
    assert_eq!(error_code(&other_type), (400, "E0000001"));
    let renamed = post(
        &org,
        &format!("/api/v1/users/{id}"),
        &json!({"profile": {"login": "uno@example.com"}}),
    );
    assert_eq!(renamed.0, StatusCode::OK);
    assert_eq!(org.user("uno@example.com").unwrap()["id"], id.as_str());
    assert!(org.user("one@example.com").is_none());
}

#[test]
fn put_replaces_the_whole_profile() {
    let org = org(3);
    let mut body = person("p@example.com");
    body["profile"]["city"] = json!("Paris");
    let id = id_of(&create(&org, "", &body));
    let replaced = call(
        &org,
        Method::PUT,
        &format!("/api/v1/users/{id}"),
        Some(
            &json!({"profile": {"firstName": "P", "lastName": "Q", "email": "p@example.com",
                                 "login": "p@example.com", "postalAddress": null},
                     "realmId": "guonkwfhlqM6PFD8m1d7"}),
        ),
    );
    assert_eq!(replaced.0, StatusCode::OK, "{}", replaced.1);
    assert!(replaced.1["profile"].get("city").is_none());
    assert_eq!(replaced.1["realmId"], "guonkwfhlqM6PFD8m1d7");
    let incomplete = call(
        &org,
        Method::PUT,
        &format!("/api/v1/users/{id}"),
        Some(&json!({"profile": {"city": "Rome"}})),
    );
    assert_eq!(error_code(&incomplete), (400, "E0000001"));
}

#[test]
fn delete_deactivates_then_deletes() {
    let org = org(3);
    let sales = org.add_group("Sales Team");
    let mut body = person("del@example.com");
    body["groupIds"] = json!([sales]);
    let id = id_of(&create(&org, "", &body));
    let path = format!("/api/v1/users/{id}?sendEmail=false");
    let first = send(&org, Method::DELETE, &path, None);
    assert_eq!(first.status(), StatusCode::NO_CONTENT);
    assert!(first.body().is_empty());
    assert_eq!(org.user(&id).unwrap()["status"], "DEPROVISIONED");
    assert_eq!(org.user_count(), 4);
    let update = post(
        &org,
        &format!("/api/v1/users/{id}"),
        &json!({"profile": {"title": "x"}}),
    );
    assert_eq!(error_code(&update), (404, "E0000007"));
    assert_eq!(
        send(&org, Method::DELETE, &path, None).status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(org.user_count(), 3);
    assert!(org.group_members(&sales).is_empty());
    assert_eq!(
        error_code(&call(&org, Method::DELETE, &path, None)),
        (404, "E0000007")
    );
    assert_eq!(
        get(&org, &format!("/api/v1/users/{id}")).0,
        StatusCode::NOT_FOUND
    );
}

// ---- lifecycle ------------------------------------------------------------------------------------

/// What an operation should do from a status: `Ok(new status)` or `Err((http status, code))`.
type Expected = Result<&'static str, (u16, &'static str)>;

const STATUSES: [&str; 8] = [
    "STAGED",
    "PROVISIONED",
    "ACTIVE",
    "RECOVERY",
    "LOCKED_OUT",
    "PASSWORD_EXPIRED",
    "SUSPENDED",
    "DEPROVISIONED",
];

/// The state machine, one row per operation, one column per entry of [`STATUSES`].
fn lifecycle_table() -> Vec<(&'static str, [Expected; 8])> {
    const E16: Expected = Err((403, "E0000016"));
    const E38: Expected = Err((403, "E0000038"));
    const E01: Expected = Err((400, "E0000001"));
    const E32: Expected = Err((403, "E0000032"));
    const E07: Expected = Err((404, "E0000007"));
    vec![
        (
            "activate?sendEmail=false",
            [Ok("ACTIVE"), E38, E16, E38, E38, E38, E38, Ok("ACTIVE")],
        ),
        (
            "reactivate",
            [
                E38,
                Ok("PROVISIONED"),
                E38,
                Ok("RECOVERY"),
                E38,
                E38,
                E38,
                E38,
            ],
        ),
        (
            "deactivate",
            [
                Ok("DEPROVISIONED"),
                Ok("DEPROVISIONED"),
                Ok("DEPROVISIONED"),
                Ok("DEPROVISIONED"),
                Ok("DEPROVISIONED"),
                Ok("DEPROVISIONED"),
                Ok("DEPROVISIONED"),
                E07,
            ],
        ),
        (
            "suspend",
            [E01, E01, Ok("SUSPENDED"), E01, E01, E01, E01, E01],
        ),
        (
            "unsuspend",
            [E01, E01, E01, E01, E01, E01, Ok("ACTIVE"), E01],
        ),
        ("unlock", [E32, E32, E32, E32, Ok("ACTIVE"), E32, E32, E32]),
        (
            "reset_password?sendEmail=false",
            [
                E38,
                Ok("RECOVERY"),
                Ok("RECOVERY"),
                Ok("RECOVERY"),
                Ok("RECOVERY"),
                Ok("RECOVERY"),
                E38,
                E38,
            ],
        ),
        (
            "expire_password",
            [
                E38,
                E38,
                Ok("PASSWORD_EXPIRED"),
                Ok("PASSWORD_EXPIRED"),
                Ok("PASSWORD_EXPIRED"),
                Ok("PASSWORD_EXPIRED"),
                E38,
                E38,
            ],
        ),
    ]
}

#[test]
fn lifecycle_state_machine() {
    let org = org(1);
    for (operation, row) in lifecycle_table() {
        for (from, expected) in STATUSES.iter().zip(row) {
            let login = format!(
                "{}.{}@example.com",
                from.to_lowercase(),
                operation.split('?').next().unwrap()
            );
            let id = id_of(&create(&org, "?activate=false", &with_password(&login)));
            org.set_user_status(&id, from);
            let response = post(
                &org,
                &format!("/api/v1/users/{id}/lifecycle/{operation}"),
                &json!({}),
            );
            let after = org.user(&id).unwrap()["status"].clone();
            match expected {
                Ok(to) => {
                    assert_eq!(
                        response.0,
                        StatusCode::OK,
                        "{operation} from {from}: {}",
                        response.1
                    );
                    assert_eq!(after, to, "{operation} from {from}");
                }
                Err(error) => {
                    assert_eq!(error_code(&response), error, "{operation} from {from}");
                    assert_eq!(after, *from, "{operation} from {from} changes nothing");
                }
            }
        }
    }
}

#[test]
fn activation_answers_depend_on_send_email() {
    let (org, clock) = org_with_clock(1);
    let staged = id_of(&create(&org, "?activate=false", &person("act@example.com")));
    clock.store(NOW_SECONDS + 1, Ordering::SeqCst);
    let (_, token) = post(
        &org,
        &format!("/api/v1/users/{staged}/lifecycle/activate?sendEmail=false"),
        &json!({}),
    );
    let value = token["activationToken"].as_str().unwrap();
    assert_eq!(value.len(), 20);
    assert_eq!(
        token["activationUrl"],
        format!("https://fake-org.okta.com/tokens/{value}/verify")
    );
    let user = org.user(&staged).unwrap();
    assert_eq!(
        user["status"], "PROVISIONED",
        "no password: activation waits for the user"
    );
    assert_eq!(user["activated"], "2025-09-29T03:49:51.000Z");
    assert_eq!(user["statusChanged"], "2025-09-29T03:49:51.000Z");

    let by_login = create(&org, "?activate=false", &with_password("act2@example.com"));
    let (status, body) = post(
        &org,
        "/api/v1/users/act2%40example.com/lifecycle/activate",
        &json!({}),
    );
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({})),
        "sendEmail defaults to true"
    );
    assert_eq!(org.user(&id_of(&by_login)).unwrap()["status"], "ACTIVE");

    let (_, reactivated) = post(
        &org,
        &format!("/api/v1/users/{staged}/lifecycle/reactivate"),
        &json!({}),
    );
    assert!(
        reactivated["activationToken"].is_string(),
        "sendEmail defaults to false"
    );
    let (_, quiet) = post(
        &org,
        &format!("/api/v1/users/{staged}/lifecycle/reactivate?sendEmail=true"),
        &json!({}),
    );
    assert_eq!(quiet, json!({}));
}

#[test]
fn password_resets_and_expiry() {
    let org = org(1);
    let id = id_of(&create(&org, "", &with_password("reset@example.com")));
    let missing = post(
        &org,
        &format!("/api/v1/users/{id}/lifecycle/reset_password"),
        &json!({}),
    );
    assert_eq!(error_code(&missing), (400, "E0000028"));
    let (_, reset) = post(
        &org,
        &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false&revokeSessions=true"),
        &json!({}),
    );
    let url = reset["resetPasswordUrl"].as_str().unwrap();
    assert!(
        url.starts_with("https://fake-org.okta.com/reset_password/"),
        "{url}"
    );
    let (_, emailed) = post(
        &org,
        &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=true"),
        &json!({}),
    );
    assert_eq!(emailed, json!({}));

    org.set_user_status(&id, "ACTIVE");
    let (status, user) = post(
        &org,
        &format!("/api/v1/users/{id}/lifecycle/expire_password"),
        &json!({}),
    );
    assert_eq!(
        (status, &user["status"]),
        (StatusCode::OK, &json!("PASSWORD_EXPIRED"))
    );
    assert_eq!(user["id"], id.as_str());

    let (_, temp) = post(
        &org,
        &format!("/api/v1/users/{id}/lifecycle/expire_password_with_temp_password"),
        &json!({}),
    );
    let temp = temp["tempPassword"].as_str().unwrap().to_owned();
    let change = post(
        &org,
        &format!("/api/v1/users/{id}/credentials/change_password"),
        &json!({"oldPassword": {"value": temp}, "newPassword": {"value": "Fresh-Passw0rd"}}),
    );
    assert_eq!(
        change.0,
        StatusCode::OK,
        "the temporary password works: {}",
        change.1
    );
    assert_eq!(org.user(&id).unwrap()["status"], "ACTIVE");
    assert_eq!(
        post(
            &org,
            &format!("/api/v1/users/{id}/lifecycle/reset_factors"),
            &json!({})
        )
        .1,
        json!({})
    );
}

#[test]
fn unlock_error_is_the_recorded_one() {
    let org = org(1);
    let id = id_of(&create(
        &org,
        "",
        &with_password("John.Doe-Unlock@example.com"),
    ));
    let (status, body) = post(
        &org,
        &format!("/api/v1/users/{id}/lifecycle/unlock"),
        &json!({}),
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["errorSummary"], "Unlock is not allowed for this user.");
    assert_eq!(
        body["errorCauses"],
        json!([{"errorSummary": "The user is not locked out."}])
    );
}

// ---- credentials and sessions ---------------------------------------------------------------------

#[test]
fn change_password_checks_the_old_one() {
    let org = org(1);
    let login = "cp@example.com";
    let mut body = with_password(login);
    body["credentials"]["recovery_question"] =
        json!({"question": "First pet?", "answer": "Rex the dog"});
    let id = id_of(&create(&org, "", &body));
    let change = |user: &str, old: &str, new: &str| {
        post(
            &org,
            &format!("/api/v1/users/{user}/credentials/change_password?strict=true"),
            &json!({"oldPassword": {"value": old}, "newPassword": {"value": new}, "revokeSessions": true}),
        )
    };
    assert_eq!(
        error_code(&change("cp%40example.com", PASSWORD, "Other-Passw0rd")),
        (404, "E0000007")
    );
    let wrong = change(&id, "Wrong-Passw0rd", "Other-Passw0rd");
    assert_eq!(error_code(&wrong), (403, "E0000014"));
    assert_eq!(wrong.1["errorSummary"], "Update of credentials failed");
    assert_eq!(
        error_code(&change(&id, PASSWORD, "weak")),
        (403, "E0000014")
    );
    let done = change(&id, PASSWORD, "Other-Passw0rd");
    assert_eq!(done.0, StatusCode::OK);
    assert_eq!(
        done.1,
        json!({"password": {}, "recovery_question": {"question": "First pet?"},
               "provider": {"type": "OKTA", "name": "OKTA"}})
    );
    org.set_user_status(&id, "RECOVERY");
    assert_eq!(
        change(&id, "Other-Passw0rd", "Third-Passw0rd").0,
        StatusCode::OK
    );
    assert_eq!(org.user(&id).unwrap()["status"], "ACTIVE");
    org.set_user_status(&id, "SUSPENDED");
    assert_eq!(
        error_code(&change(&id, "Third-Passw0rd", "Fourth-Passw0rd")),
        (403, "E0000035")
    );
    let missing = post(
        &org,
        &format!("/api/v1/users/{id}/credentials/change_password"),
        &json!({"newPassword": {"value": "x"}}),
    );
    assert_eq!(error_code(&missing), (400, "E0000001"));
}

#[test]
fn sessions_and_app_links() {
    let org = org(3);
    let me = id_of(&org.user("me").unwrap());
    let path = format!("/api/v1/users/{me}/sessions?oauthTokens=true&forgetDevices=false");
    assert_eq!(
        send(&org, Method::DELETE, &path, None).status(),
        StatusCode::NO_CONTENT
    );
    let by_login = "/api/v1/users/admin%40example.com/sessions";
    assert_eq!(
        call(&org, Method::DELETE, by_login, None).0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&org, "/api/v1/users/me/appLinks").1, json!([]));
    let response = send(&org, Method::GET, "/api/v1/users/me/groups", None);
    assert_eq!(
        links(&response),
        [format!(
            "<https://fake-org.okta.com/api/v1/users/{me}/groups?limit=200>; rel=\"self\""
        )]
    );
    let names: Vec<String> = json_of(&response)
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["profile"]["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Everyone", "IT"]);
}

// ---- list -----------------------------------------------------------------------------------------

/// Follows `next` links from `path`, returning every user and the number of pages.
fn list_all(org: &FakeOrg, path: &str) -> (Vec<Value>, usize) {
    let mut users = Vec::new();
    let mut pages = 0;
    let mut next = Some(path.to_owned());
    while let Some(path) = next {
        let response = send(org, Method::GET, &path, None);
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        users.extend(json_of(&response).as_array().unwrap().iter().cloned());
        pages += 1;
        next = next_path(&response);
    }
    (users, pages)
}

#[test]
fn list_pages_with_okta_links() {
    let org = org(10);
    let response = send(&org, Method::GET, "/api/v1/users?limit=3", None);
    let page = json_of(&response);
    assert_eq!(page.as_array().unwrap().len(), 3);
    let last = page[2]["id"].as_str().unwrap();
    assert_eq!(
        links(&response),
        [
            "<https://fake-org.okta.com/api/v1/users?limit=3>; rel=\"self\"".to_owned(),
            format!("<https://fake-org.okta.com/api/v1/users?after={last}&limit=3>; rel=\"next\""),
        ]
    );
    assert_eq!(
        page[0]["_links"].as_object().unwrap().len(),
        1,
        "lists carry only self"
    );

    let (users, pages) = list_all(&org, "/api/v1/users?limit=3");
    assert_eq!(
        (users.len(), pages),
        (9, 3),
        "the DEPROVISIONED sample user is omitted"
    );
    assert!(users.iter().all(|u| u["status"] != "DEPROVISIONED"));
    let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));

    let default = send(&org, Method::GET, "/api/v1/users", None);
    assert_eq!(
        links(&default),
        ["<https://fake-org.okta.com/api/v1/users?limit=200>; rel=\"self\"".to_owned()]
    );
    assert_eq!(
        get(&org, "/api/v1/users?limit=100000")
            .1
            .as_array()
            .unwrap()
            .len(),
        9
    );
}

#[test]
fn a_thousand_users_page_exactly_once() {
    let org = org(1000);
    let (users, pages) = list_all(&org, "/api/v1/users?limit=200");
    let deprovisioned = get(&org, "/api/v1/users?filter=status+eq+%22DEPROVISIONED%22").1;
    let deprovisioned = deprovisioned.as_array().unwrap().len();
    assert_eq!(users.len() + deprovisioned, 1000);
    assert_eq!(pages, users.len().div_ceil(200));
    let unique: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), users.len());
    let (everyone, _) = list_all(&org, "/api/v1/users?search=id+pr&limit=200");
    assert_eq!(everyone.len(), 1000, "search includes DEPROVISIONED");
}

#[test]
fn cursors_survive_deletion_and_reject_tampering() {
    let org = org(10);
    let response = send(&org, Method::GET, "/api/v1/users?limit=2", None);
    let cursor_user = json_of(&response)[1]["id"].as_str().unwrap().to_owned();
    let next = next_path(&response).unwrap();
    for _ in 0..2 {
        call(
            &org,
            Method::DELETE,
            &format!("/api/v1/users/{cursor_user}"),
            None,
        );
    }
    let (status, page) = get(&org, &next);
    assert_eq!(status, StatusCode::OK);
    assert!(page[0]["id"].as_str().unwrap() > cursor_user.as_str());
    for tampered in ["2", "page2", "00u%7Ezz", "%FF"] {
        let response = get(&org, &format!("/api/v1/users?after={tampered}&limit=2"));
        assert_eq!(error_code(&response), (400, "E0000001"), "{tampered}");
    }
}

#[test]
fn q_is_a_prefix_lookup_without_paging() {
    let org = org(200);
    for (i, last) in ["Zwicky", "Zwingli", "Zworykin"].iter().enumerate() {
        let login = format!("z{i}@example.com");
        let mut body = person(&login);
        body["profile"]["lastName"] = json!(last);
        create(&org, "", &body);
    }
    let response = send(
        &org,
        Method::GET,
        "/api/v1/users?q=zw&limit=2&after=00uwhatever",
        None,
    );
    let found = json_of(&response);
    assert_eq!(found.as_array().unwrap().len(), 2);
    assert_eq!(found[0]["profile"]["lastName"], "Zwicky");
    assert!(next_path(&response).is_none());
    assert_eq!(
        get(&org, "/api/v1/users?q=ZW").1.as_array().unwrap().len(),
        3
    );
    let (_, john) = get(&org, "/api/v1/users?q=john");
    assert!(john.as_array().unwrap().len() <= 10, "q defaults to 10");
}

#[test]
fn filter_supports_only_its_subset() {
    let org = org(50);
    let (_, active) = get(&org, "/api/v1/users?filter=status+eq+%22ACTIVE%22");
    assert!(
        active
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["status"] == "ACTIVE")
    );
    let (_, deprovisioned) = get(
        &org,
        "/api/v1/users?filter=status%20eq%20%22DEPROVISIONED%22",
    );
    assert!(
        !deprovisioned.as_array().unwrap().is_empty(),
        "filter includes DEPROVISIONED"
    );
    let by_login = format!(
        "/api/v1/users?filter=profile.login+eq+%22{}%22+and+lastUpdated+gt+%222000-01-01T00%3A00%3A00.000Z%22",
        FakeOrg::ADMIN_LOGIN.replace('@', "%40")
    );
    assert_eq!(get(&org, &by_login).1.as_array().unwrap().len(), 1);
    let unsupported = get(&org, "/api/v1/users?filter=profile.department+eq+%22IT%22");
    assert_eq!(error_code(&unsupported), (400, "E0000031"));
    assert_eq!(unsupported.1["errorSummary"], "Invalid search criteria.");
    let both = get(&org, "/api/v1/users?filter=id+eq+%22x%22&search=id+pr");
    assert_eq!(error_code(&both), (400, "E0000033"));
}

#[test]
fn search_matches_arrays_dates_and_case() {
    let org = org(20);
    let body = json!({"profile": {"firstName": "Some", "lastName": "One", "email": "someone@example.com",
                                  "login": "someone@example.com", "array123": ["cool", "feature"]}});
    let id = id_of(&create(&org, "", &body));
    let path = "/api/v1/users?limit=1&search=profile.array123+eq+%22feature%22+and+%28created+gt+%222021-01-01T00%3A00%3A00.000Z%22%29";
    let response = send(&org, Method::GET, path, None);
    assert_eq!(json_of(&response)[0]["id"], id.as_str());
    assert_eq!(
        links(&response),
        ["<https://fake-org.okta.com/api/v1/users?limit=1&search=profile.array123+eq+%22feature%22+and+%28created+gt+%222021-01-01T00%3A00%3A00.000Z%22%29>; rel=\"self\"".to_owned()]
    );
    let (_, found) = get(
        &org,
        "/api/v1/users?search=profile.lastName+eq+%22one%22+and+profile.email+co+%22MEONE%22",
    );
    assert_eq!(found.as_array().unwrap().len(), 1);
    let bad = get(&org, "/api/v1/users?search=profile.department+co+%22x%22");
    assert_eq!(error_code(&bad), (400, "E0000031"));
}

#[test]
fn sorted_search_pages_in_sort_order() {
    let org = org(120);
    let path = "/api/v1/users?search=status+pr&sortBy=profile.lastName&sortOrder=desc&limit=25";
    let (users, pages) = list_all(&org, path);
    assert_eq!((users.len(), pages), (120, 5));
    let keys: Vec<(String, String)> = users
        .iter()
        .map(|u| {
            let last = u["profile"]["lastName"].as_str().unwrap().to_lowercase();
            (last, u["id"].as_str().unwrap().to_owned())
        })
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] >= w[1]),
        "descending by (lastName, id)"
    );
    let response = send(&org, Method::GET, path, None);
    let next = links(&response).pop().unwrap();
    assert!(
        next.contains("&limit=25&search=status+pr&sortBy=profile.lastName&sortOrder=desc>"),
        "{next}"
    );
}
