//! The Groups API through `FakeOrg::handle`.

use std::sync::atomic::Ordering;

use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::test_support::{
    NOW_SECONDS, call, get, json_of, links, next_path, org, org_with_clock, post, send,
};

fn names(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|g| g["profile"]["name"].as_str().unwrap().to_owned())
        .collect()
}

fn id_of(group: &Value) -> String {
    group["id"].as_str().unwrap().to_owned()
}

fn create(org: &crate::FakeOrg, profile: Value) -> (StatusCode, Value) {
    post(org, "/api/v1/groups", &json!({ "profile": profile }))
}

fn everyone(org: &crate::FakeOrg) -> String {
    let (_, hits) = get(org, "/api/v1/groups?q=Everyone");
    id_of(&hits[0])
}

#[test]
fn create_get_replace_and_delete() {
    let (org, clock) = org_with_clock(3);
    let (status, group) = create(&org, json!({"name": "Group-Target-Test"}));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(group["type"], "OKTA_GROUP");
    assert_eq!(group["objectClass"], json!(["okta:user_group"]));
    assert_eq!(
        group["profile"],
        json!({"name": "Group-Target-Test", "description": null})
    );
    let id = id_of(&group);
    assert!(id.starts_with("00g") && id.len() == 20);
    assert_eq!(get(&org, &format!("/api/v1/groups/{id}")).1, group);
    assert_eq!(org.group(&id), Some(group.clone()));

    clock.store(NOW_SECONDS + 60, Ordering::SeqCst);
    let body = json!({"profile": {"name": "Pilots", "description": "Fly", "base": "SFO"}});
    let (status, replaced) = call(
        &org,
        Method::PUT,
        &format!("/api/v1/groups/{id}"),
        Some(&body),
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(replaced["profile"]["base"], "SFO");
    assert_ne!(replaced["lastUpdated"], group["lastUpdated"]);
    let body = json!({"profile": {"name": "Pilots"}});
    let (_, replaced) = call(
        &org,
        Method::PUT,
        &format!("/api/v1/groups/{id}"),
        Some(&body),
    );
    assert_eq!(
        replaced["profile"],
        json!({"name": "Pilots", "description": null}),
        "PUT replaces the whole profile"
    );

    let response = send(&org, Method::DELETE, &format!("/api/v1/groups/{id}"), None);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.body().is_empty());
    let (status, missing) = get(&org, &format!("/api/v1/groups/{id}"));
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing["errorSummary"],
        format!("Not found: Resource not found: {id} (UserGroup)")
    );
    assert!(org.group(&id).is_none());
}

#[test]
fn names_are_required_and_unique() {
    let org = org(3);
    let (status, error) = create(&org, json!({"description": "no name"}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["errorCode"], "E0000001");
    assert_eq!(error["errorSummary"], "Api validation failed: name");
    assert_eq!(
        error["errorCauses"][0]["errorSummary"],
        "name: The field cannot be left blank"
    );
    let (status, error) = create(&org, json!({"name": "sales"}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error["errorCauses"][0]["errorSummary"],
        "name: An object with this field already exists in the current organization"
    );
    let (_, pilots) = create(&org, json!({"name": "Pilots"}));
    let body = json!({"profile": {"name": "MARKETING"}});
    let path = format!("/api/v1/groups/{}", id_of(&pilots));
    assert_eq!(
        call(&org, Method::PUT, &path, Some(&body)).0,
        StatusCode::BAD_REQUEST
    );
    let body = json!({"profile": {"name": "pilots", "description": "renamed itself"}});
    assert_eq!(
        call(&org, Method::PUT, &path, Some(&body)).0,
        StatusCode::OK
    );
    for malformed in [json!({"profile": "x"}), json!([1])] {
        let (status, error) = post(&org, "/api/v1/groups", &malformed);
        assert_eq!(
            (status, &error["errorCode"]),
            (StatusCode::BAD_REQUEST, &json!("E0000003"))
        );
    }
    let (status, _) = post(
        &org,
        "/api/v1/groups",
        &json!({"profile": {"name": "x".repeat(256)}}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn only_okta_groups_can_be_edited() {
    let org = org(4);
    let everyone = everyone(&org);
    let me = org.user("me").unwrap()["id"].as_str().unwrap().to_owned();
    let body = json!({"profile": {"name": "All"}});
    for (method, path, body) in [
        (
            Method::PUT,
            format!("/api/v1/groups/{everyone}"),
            Some(&body),
        ),
        (Method::DELETE, format!("/api/v1/groups/{everyone}"), None),
        (
            Method::PUT,
            format!("/api/v1/groups/{everyone}/users/{me}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/groups/{everyone}/users/{me}"),
            None,
        ),
    ] {
        let (status, error) = call(&org, method.clone(), &path, body);
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(error["errorCode"], "E0000006");
        assert!(
            error["errorCauses"][0]["errorSummary"]
                .as_str()
                .unwrap()
                .contains("BUILT_IN")
        );
    }
    let imported = org.add_app_group("Domain Admins");
    let group = org.group(&imported).unwrap();
    assert_eq!(group["type"], "APP_GROUP");
    assert!(
        group["_links"]["source"]["href"]
            .as_str()
            .unwrap()
            .contains("/api/v1/apps/0oa")
    );
    let path = format!("/api/v1/groups/{imported}/users/{me}");
    assert_eq!(
        call(&org, Method::PUT, &path, None).0,
        StatusCode::FORBIDDEN
    );
    let path = format!("/api/v1/groups/{imported}");
    assert_eq!(
        call(&org, Method::PUT, &path, Some(&body)).0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&org, Method::DELETE, &path, None).status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(org.group_members(&everyone).len(), 4, "nothing changed");
}

#[test]
fn members_are_added_listed_and_removed() {
    let org = org(4);
    let group = org.add_group("Pilots");
    let user = org.user("me").unwrap()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/groups/{group}/users/{user}");
    for _ in 0..2 {
        let response = send(&org, Method::PUT, &path, None);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "idempotent");
    }
    assert_eq!(org.group_members(&group), std::slice::from_ref(&user));
    let response = send(
        &org,
        Method::GET,
        &format!("/api/v1/groups/{group}/users"),
        None,
    );
    assert_eq!(
        links(&response),
        [format!(
            "<https://fake-org.okta.com/api/v1/groups/{group}/users?limit=1000>; rel=\"self\""
        )]
    );
    let members = json_of(&response);
    assert_eq!(members[0]["id"], user.as_str());
    assert_eq!(
        members[0]["_links"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["self"]
    );
    let (_, of_user) = get(&org, &format!("/api/v1/users/{user}/groups"));
    assert!(names(&of_user).contains(&"Pilots".to_owned()));

    let by_login = format!("/api/v1/groups/{group}/users/admin%40example.com");
    let (status, error) = call(&org, Method::PUT, &by_login, None);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        error["errorSummary"],
        "Not found: Resource not found: admin@example.com (User)"
    );
    let unknown = format!("/api/v1/groups/00gNOPE/users/{user}");
    assert_eq!(
        call(&org, Method::PUT, &unknown, None).0,
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        send(&org, Method::DELETE, &path, None).status(),
        StatusCode::NO_CONTENT
    );
    assert!(org.group_members(&group).is_empty());
    let (_, of_user) = get(&org, &format!("/api/v1/users/{user}/groups"));
    assert!(!names(&of_user).contains(&"Pilots".to_owned()));
}

#[test]
fn member_lists_page_by_user_id() {
    let org = org(7);
    let everyone = everyone(&org);
    let mut seen = Vec::new();
    let mut path = Some(format!("/api/v1/groups/{everyone}/users?limit=3"));
    let mut pages = 0;
    while let Some(next) = path {
        let response = send(&org, Method::GET, &next, None);
        assert_eq!(response.status(), StatusCode::OK);
        for user in json_of(&response).as_array().unwrap() {
            seen.push(user["id"].as_str().unwrap().to_owned());
        }
        path = next_path(&response);
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, org.group_members(&everyone));
}

#[test]
fn q_search_and_filter() {
    let org = org(3);
    let (_, q) = get(&org, "/api/v1/groups?q=eng");
    assert_eq!(names(&q), ["Engineering", "Engineering Build Agents"]);
    let (_, apps) = get(&org, "/api/v1/groups?search=type+eq+%22APP_GROUP%22");
    assert_eq!(names(&apps).len(), 3);
    let (_, okta) = get(&org, "/api/v1/groups?filter=type+eq+%22OKTA_GROUP%22");
    assert_eq!(names(&okta).len(), 7);
    let (_, share) = get(&org, "/api/v1/groups?search=profile.name+co+%22SHARE%22");
    assert_eq!(names(&share), ["Finance Share (RW)"]);
    let (_, sam) = get(
        &org,
        "/api/v1/groups?search=profile.samAccountName+sw+%22vpn%22",
    );
    assert_eq!(names(&sam), ["VPN Users"]);
    let (_, recent) = get(
        &org,
        "/api/v1/groups?filter=lastMembershipUpdated+gt+%222000-01-01T00:00:00.000Z%22+and+type+eq+%22BUILT_IN%22",
    );
    assert_eq!(names(&recent), ["Everyone"]);
    let (_, sorted) = get(
        &org,
        "/api/v1/groups?search=type+eq+%22OKTA_GROUP%22&sortBy=profile.name&sortOrder=desc",
    );
    let sorted = names(&sorted);
    assert_eq!(sorted.first().map(String::as_str), Some("Sales"));
    assert_eq!(sorted.last().map(String::as_str), Some("Customer Support"));
    for (bad, code) in [
        ("search=id+co+%2200g%22", "E0000031"),
        ("filter=profile.name+eq+%22IT%22", "E0000031"),
        ("filter=type+sw+%22OKTA%22", "E0000031"),
        ("search=id+pr&filter=id+pr", "E0000033"),
        ("search=created+gt+%22soon%22", "E0000031"),
    ] {
        let (status, error) = get(&org, &format!("/api/v1/groups?{bad}"));
        assert_eq!(
            (status, &error["errorCode"]),
            (StatusCode::BAD_REQUEST, &json!(code)),
            "{bad}"
        );
    }
}

#[test]
fn lists_page_and_expand_stats() {
    let org = org(5);
    let (_, all) = get(&org, "/api/v1/groups");
    let all = names(&all);
    assert_eq!(
        all.len(),
        11,
        "Everyone, 7 departments, 3 imported: {all:?}"
    );
    let mut seen = Vec::new();
    let mut path = Some("/api/v1/groups?limit=4".to_owned());
    while let Some(next) = path {
        let response = send(&org, Method::GET, &next, None);
        seen.extend(names(&json_of(&response)));
        path = next_path(&response);
    }
    assert_eq!(seen, all);
    let (_, stats) = get(&org, "/api/v1/groups?q=Everyone&expand=stats");
    assert_eq!(stats[0]["_embedded"]["stats"]["usersCount"], 5);
    let (_, with_app) = get(&org, "/api/v1/groups?q=VPN&expand=app");
    assert_eq!(with_app[0]["_embedded"]["app"]["name"], "active_directory");
    let (status, error) = get(&org, "/api/v1/groups?after=garbage");
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::BAD_REQUEST, &json!("E0000001"))
    );
}
