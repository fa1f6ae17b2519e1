//! The Applications API through `FakeOrg::handle`.

use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::FakeOrg;
use crate::test_support::{call, get, json_of, next_path, org, post, send};

fn labels(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|app| app["label"].as_str().unwrap().to_owned())
        .collect()
}

/// The ID of the app with this label.
fn app_id(org: &FakeOrg, label: &str) -> String {
    org.app_ids()
        .into_iter()
        .find(|id| org.app(id).unwrap()["label"] == label)
        .unwrap_or_else(|| panic!("no app {label}"))
}

fn new_user(org: &FakeOrg, login: &str) -> String {
    let body = json!({
        "profile": {"firstName": "Rae", "lastName": "Cloud", "email": login, "login": login},
        "credentials": {"password": {"value": "Abcd1234xyz"}},
    });
    let (status, user) = post(org, "/api/v1/users", &body);
    assert_eq!(status, StatusCode::OK);
    user["id"].as_str().unwrap().to_owned()
}

#[test]
fn lists_show_active_apps_unless_asked() {
    let org = org(3);
    let (status, active) = get(&org, "/api/v1/apps");
    assert_eq!(status, StatusCode::OK);
    let active = labels(&active);
    let all = labels(&get(&org, "/api/v1/apps?includeNonDeleted=true").1);
    assert_eq!(all.len(), org.app_ids().len());
    assert!(all.len() >= 25);
    assert_eq!(all.len() - active.len(), 3);
    assert!(!active.contains(&"Figma".to_owned()));
    let (_, inactive) = get(&org, "/api/v1/apps?filter=status+eq+%22INACTIVE%22");
    assert_eq!(
        labels(&inactive),
        ["Figma", "Expense Tracker (dev)", "Legacy Intranet"]
    );
    let (_, q) = get(&org, "/api/v1/apps?q=sl");
    assert_eq!(labels(&q), ["Slack"]);
    let (_, q) = get(&org, "/api/v1/apps?q=google");
    assert_eq!(labels(&q), ["Google Workspace"]);
    let (_, bookmarks) = get(&org, "/api/v1/apps?filter=name+eq+%22bookmark%22");
    assert_eq!(labels(&bookmarks), ["IT Help Center", "Benefits Portal"]);
    for bad in [
        "filter=label+eq+%22x%22",
        "filter=name+sw+%22b%22",
        "limit=x",
    ] {
        let (status, _) = get(&org, &format!("/api/v1/apps?{bad}"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[test]
fn lists_page_at_most_200_at_a_time() {
    let org = org(3);
    let mut seen = Vec::new();
    let mut path = Some("/api/v1/apps?limit=5&includeNonDeleted=true".to_owned());
    let mut pages = 0;
    while let Some(next) = path {
        let response = send(&org, Method::GET, &next, None);
        let page = labels(&json_of(&response));
        assert!(page.len() <= 5);
        seen.extend(page);
        path = next_path(&response);
        pages += 1;
    }
    assert_eq!(seen.len(), org.app_ids().len());
    assert_eq!(pages, org.app_ids().len().div_ceil(5));
    let response = send(&org, Method::GET, "/api/v1/apps?limit=500", None);
    assert!(
        response.headers()["link"]
            .to_str()
            .unwrap()
            .contains("limit=200")
    );
}

#[test]
fn apps_have_the_recorded_shape() {
    let org = org(3);
    let id = app_id(&org, "IT Help Center");
    let (status, app) = get(&org, &format!("/api/v1/apps/{id}"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app, org.app(&id).unwrap());
    assert_eq!(app["signOnMode"], "BOOKMARK");
    assert_eq!(app["name"], "bookmark");
    assert_eq!(
        app["credentials"]["userNameTemplate"]["template"],
        "${source.login}"
    );
    assert_eq!(app["settings"]["app"]["requestIntegration"], false);
    let keys: Vec<&String> = app["_links"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5);
    assert!(app["_links"]["deactivate"]["href"].is_string());
    let salesforce = org.app(&app_id(&org, "Salesforce.com")).unwrap();
    assert_eq!(salesforce["signOnMode"], "SAML_2_0");
    assert!(salesforce["credentials"]["signing"]["kid"].is_string());
    assert!(salesforce["features"].as_array().unwrap().len() > 1);
    let oidc = org.app(&app_id(&org, "Employee Portal")).unwrap();
    assert_eq!(oidc["credentials"]["oauthClient"]["client_id"], oidc["id"]);
    let (status, missing) = get(&org, "/api/v1/apps/0oaNOPE");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing["errorSummary"],
        "Not found: Resource not found: 0oaNOPE (AppInstance)"
    );
}

#[test]
fn assignment_lifecycle() {
    let org = org(3);
    let slack = app_id(&org, "Slack");
    let user = new_user(&org, "rae.cloud@example.com");
    let users = format!("/api/v1/apps/{slack}/users");
    let (status, assigned) = post(&org, &users, &json!({"id": user, "scope": "USER"}));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(assigned["id"], user.as_str());
    assert_eq!(assigned["status"], "PROVISIONED", "Slack provisions");
    assert_eq!(assigned["syncState"], "SYNCHRONIZED");
    assert!(assigned["externalId"].is_string());
    assert_eq!(
        assigned["credentials"],
        json!({"userName": "rae.cloud@example.com"})
    );
    assert_eq!(assigned["profile"]["firstName"], "Rae");
    assert_eq!(
        assigned["_links"]["app"]["href"],
        format!("https://fake-org.okta.com/api/v1/apps/{slack}")
    );
    assert_eq!(org.app_user(&slack, &user), Some(assigned.clone()));

    let one = format!("{users}/{user}");
    let (_, expanded) = get(&org, &format!("{one}?expand=user"));
    assert_eq!(expanded["_embedded"]["user"]["id"], user.as_str());
    let (_, with_user) = get(&org, &format!("/api/v1/apps/{slack}?expand=user/{user}"));
    assert_eq!(with_user["_embedded"]["user"]["id"], user.as_str());

    let again = json!({"id": user, "credentials": {"userName": "rae@example.com"}});
    let (status, updated) = post(&org, &users, &again);
    assert_eq!(status, StatusCode::OK, "assigning again updates");
    assert_eq!(updated["created"], assigned["created"]);
    assert_eq!(updated["credentials"]["userName"], "rae@example.com");

    let (_, updated) = post(
        &org,
        &one,
        &json!({"profile": {"title": "Pilot", "firstName": null}}),
    );
    assert_eq!(updated["profile"]["title"], "Pilot");
    assert!(updated["profile"].get("firstName").is_none());
    let password = json!({"credentials": {"password": {"value": "S3cret!"}}});
    let (status, error) = post(&org, &one, &password);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["errorCode"], "E0000041");

    let (_, links) = get(&org, &format!("/api/v1/users/{user}/appLinks"));
    let link = &links.as_array().unwrap()[0];
    assert_eq!(link["label"], "Slack");
    assert_eq!(link["appInstanceId"], slack.as_str());
    assert!(link["appAssignmentId"].as_str().unwrap().starts_with("0ua"));
    assert!(
        link["linkUrl"]
            .as_str()
            .unwrap()
            .starts_with(&format!("https://fake-org.okta.com/home/slack/{slack}/"))
    );

    let response = send(
        &org,
        Method::DELETE,
        &format!("{one}?sendEmail=false"),
        None,
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, missing) = get(&org, &one);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing["errorSummary"],
        format!("Not found: Resource not found: {user} (AppUser)")
    );
    assert_eq!(
        get(&org, &format!("/api/v1/users/{user}/appLinks")).1,
        json!([])
    );
    assert!(org.app_user(&slack, &user).is_none());
}

#[test]
fn passwords_only_for_password_apps_and_never_returned() {
    let org = org(3);
    let hubspot = app_id(&org, "HubSpot");
    let user = new_user(&org, "swa@example.com");
    let body =
        json!({"id": user, "credentials": {"userName": "swa", "password": {"value": "S3cret!"}}});
    let (status, assigned) = post(&org, &format!("/api/v1/apps/{hubspot}/users"), &body);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(assigned["status"], "ACTIVE");
    assert_eq!(assigned["syncState"], "DISABLED");
    assert_eq!(
        assigned["credentials"],
        json!({"userName": "swa", "password": {}})
    );
    assert!(assigned["passwordChanged"].is_string());
    assert!(!assigned.to_string().contains("S3cret"));
    let (_, links) = get(&org, &format!("/api/v1/users/{user}/appLinks"));
    assert_eq!(links[0]["credentialsSetup"], true);
    let zoom = app_id(&org, "Zoom");
    let (status, error) = post(&org, &format!("/api/v1/apps/{zoom}/users"), &body);
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::BAD_REQUEST, &json!("E0000041"))
    );
    assert!(org.app_user(&zoom, &user).is_none());
}

#[test]
fn assignment_errors() {
    let org = org(8);
    let zoom = app_id(&org, "Zoom");
    let users = format!("/api/v1/apps/{zoom}/users");
    let (status, error) = post(&org, &users, &json!({"scope": "USER"}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["errorSummary"], "Api validation failed: id");
    let (status, _) = post(&org, &users, &json!({"id": "admin@example.com"}));
    assert_eq!(status, StatusCode::NOT_FOUND, "an ID, not a login");
    let deprovisioned = org.user("me").unwrap()["id"].as_str().unwrap().to_owned();
    org.set_user_status(&deprovisioned, "DEPROVISIONED");
    let (status, error) = post(&org, &users, &json!({"id": deprovisioned}));
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::FORBIDDEN, &json!("E0000038"))
    );
    let user = new_user(&org, "x@example.com");
    let (status, _) = post(&org, &users, &json!({"id": user, "scope": "EVERYONE"}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = post(&org, "/api/v1/apps/0oaNOPE/users", &json!({"id": user}));
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&org, Method::DELETE, &format!("{users}/{user}"), None);
    assert_eq!(status, StatusCode::NOT_FOUND, "not assigned");
    let (status, _) = call(&org, Method::PUT, &users, None);
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[test]
fn app_users_page_and_filter_by_q() {
    let org = org(30);
    let slack = app_id(&org, "Slack");
    let (_, all) = get(&org, &format!("/api/v1/apps/{slack}/users?limit=500"));
    let all: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        all.len() > 10,
        "the sample assigns Slack to everyone assigned"
    );
    let mut seen = Vec::new();
    let mut path = Some(format!("/api/v1/apps/{slack}/users?limit=4"));
    while let Some(next) = path {
        let response = send(&org, Method::GET, &next, None);
        for user in json_of(&response).as_array().unwrap() {
            seen.push(user["id"].as_str().unwrap().to_owned());
        }
        path = next_path(&response);
    }
    assert_eq!(seen, all);
    let first = org.app_user(&slack, &all[0]).unwrap();
    let name = first["credentials"]["userName"].as_str().unwrap();
    let (_, hits) = get(
        &org,
        &format!("/api/v1/apps/{slack}/users?q={}", &name[..6]),
    );
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == all[0].as_str())
    );
    let (_, assigned) = get(
        &org,
        &format!("/api/v1/apps?filter=user.id+eq+%22{}%22", all[0]),
    );
    assert!(labels(&assigned).contains(&"Slack".to_owned()));
}

#[test]
fn deactivation_hides_links_and_deprovisions_users() {
    let org = org(10);
    let (_, me) = get(&org, "/api/v1/users/me/appLinks");
    assert_eq!(me, json!([]), "the admin has no apps");
    let zoom = app_id(&org, "Zoom");
    let user = new_user(&org, "z@example.com");
    post(
        &org,
        &format!("/api/v1/apps/{zoom}/users"),
        &json!({"id": user}),
    );
    let (status, body) = post(
        &org,
        &format!("/api/v1/apps/{zoom}/lifecycle/deactivate"),
        &json!({}),
    );
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    assert_eq!(org.app(&zoom).unwrap()["status"], "INACTIVE");
    assert_eq!(
        get(&org, &format!("/api/v1/users/{user}/appLinks")).1,
        json!([])
    );
    post(
        &org,
        &format!("/api/v1/apps/{zoom}/lifecycle/activate"),
        &json!({}),
    );
    assert_eq!(
        get(&org, &format!("/api/v1/users/{user}/appLinks"))
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let deactivate = format!("/api/v1/users/{user}/lifecycle/deactivate");
    assert_eq!(post(&org, &deactivate, &json!({})).0, StatusCode::OK);
    assert!(
        org.app_user(&zoom, &user).is_none(),
        "deprovisioned from every app"
    );
}
