//! Groups: CRUD, membership, listings over several pages, and the group picklist.

use serde_json::Value;

use crate::common::{TestOrg, invalid_input, okta_code};

fn ids(list: &Value) -> Vec<String> {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn create_update_only_what_is_given_then_delete() {
    let t = TestOrg::new();
    let created = t
        .ok(
            "createGroup",
            &[("name", "Pilots"), ("description", "People who fly")],
        )
        .await;
    let id = created["data"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["data"]["type"], "OKTA_GROUP");

    let renamed = t
        .ok("updateGroup", &[("groupId", &id), ("name", "Aviators")])
        .await;
    assert_eq!(renamed["data"]["profile"]["name"], "Aviators");
    assert_eq!(
        renamed["data"]["profile"]["description"], "People who fly",
        "the PUT kept the description"
    );
    assert_eq!(t.requests("PUT", &format!("/api/v1/groups/{id}")).len(), 1);

    let got = t.ok("getGroup", &[("groupId", &id)]).await;
    assert_eq!(got["data"]["profile"]["name"], "Aviators");
    let found = t.ok("listGroups", &[("q", "Aviat")]).await;
    assert_eq!(ids(&found), std::slice::from_ref(&id));

    let deleted = t.ok("deleteGroup", &[("groupId", &id)]).await;
    assert_eq!(
        deleted["data"],
        serde_json::json!({"id": id, "status": "DELETED"})
    );
    let error = t.err("getGroup", &[("groupId", &id)]).await;
    assert_eq!(okta_code(&error), Some("E0000007"));
}

#[tokio::test]
async fn only_okta_groups_are_edited() {
    let t = TestOrg::new();
    let app_group = t.org.add_app_group("Salesforce Users");
    let error = t
        .err(
            "updateGroup",
            &[("groupId", &app_group), ("name", "Renamed")],
        )
        .await;
    assert_eq!(invalid_input(&error), "groupId");
    assert!(t.requests("PUT", "/api/v1/groups").is_empty());
    let nothing = t.err("updateGroup", &[("groupId", &app_group)]).await;
    assert_eq!(invalid_input(&nothing), "name");
}

#[tokio::test]
async fn membership_by_id_or_login() {
    let t = TestOrg::new();
    let group = t.org.add_group("Readers");
    let user = t.user_in("ACTIVE").await;
    let login = t.org.user(&user).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();

    let added = t
        .ok("addUserToGroup", &[("groupId", &group), ("userId", &login)])
        .await;
    assert_eq!(added["data"]["success"], true);
    assert_eq!(
        added["data"]["message"],
        format!("User {user} added to group {group}")
    );
    t.ok("addUserToGroup", &[("groupId", &group), ("userId", &user)])
        .await;
    assert_eq!(
        t.org.group_members(&group),
        std::slice::from_ref(&user),
        "adding twice is harmless"
    );
    assert_eq!(
        t.requests("PUT", &format!("/api/v1/groups/{group}/users/{user}"))
            .len(),
        2
    );

    let members = t.ok("listGroupMembers", &[("groupId", &group)]).await;
    assert_eq!(ids(&members), std::slice::from_ref(&user));
    let groups = t.ok("listUserGroups", &[("id", &login)]).await;
    assert!(ids(&groups).contains(&group));

    t.ok(
        "removeUserFromGroup",
        &[("groupId", &group), ("userId", &user)],
    )
    .await;
    assert!(t.org.group_members(&group).is_empty());
    let missing = t
        .err(
            "addUserToGroup",
            &[("groupId", "00g0000000000nothere"), ("userId", &user)],
        )
        .await;
    assert_eq!(okta_code(&missing), Some("E0000007"));
}

#[tokio::test]
async fn listings_read_every_page() {
    let t = TestOrg::with_users(120);
    for n in 0..5 {
        t.org.add_group(&format!("Team {n}"));
    }
    let all = t
        .ok("listGroups", &[("fetchAll", "true"), ("limit", "2")])
        .await;
    let one_page = t.ok("listGroups", &[("limit", "200")]).await;
    assert_eq!(ids(&all), ids(&one_page));
    assert!(ids(&all).len() >= 5);
    assert!(
        t.requests("GET", "/api/v1/groups").len() >= 4,
        "several pages were read"
    );

    let everyone = t.ok("listGroups", &[("q", "Everyone")]).await;
    let everyone = everyone["data"][0]["id"].as_str().unwrap().to_string();
    let members = t
        .ok(
            "listGroupMembers",
            &[
                ("groupId", &everyone),
                ("fetchAll", "true"),
                ("limit", "25"),
            ],
        )
        .await;
    assert_eq!(ids(&members).len(), t.org.group_members(&everyone).len());
    let first = t
        .ok(
            "listGroupMembers",
            &[("groupId", &everyone), ("limit", "25")],
        )
        .await;
    assert_eq!(ids(&first).len(), 25);
    assert!(first["after"].is_string());
}

#[tokio::test]
async fn the_group_picklist_shows_names() {
    let t = TestOrg::new();
    let id = t.org.add_group("Zeppelin Crew");
    let items = t.picklist("selectGroup", &[]).await;
    assert!(items.contains(&("Zeppelin Crew".to_string(), id)));
    let labels: Vec<String> = items.iter().map(|(l, _)| l.to_lowercase()).collect();
    let mut sorted = labels.clone();
    sorted.sort();
    assert_eq!(labels, sorted);
}
