//! Factors, user types, realms and policies, with their picklists.

use okta_harness::ErrorKind;

use crate::common::{TestOrg, invalid_input};

/// A sample user with enrolled factors.
async fn user_with_factors(t: &TestOrg) -> (String, Vec<serde_json::Value>) {
    let users = t.ok("listUsers", &[("fetchAll", "true")]).await;
    for user in users["data"].as_array().unwrap() {
        let id = user["id"].as_str().unwrap().to_string();
        let factors = t.org.factors(&id);
        if !factors.is_empty() {
            return (id, factors);
        }
    }
    panic!("no sample user has factors")
}

#[tokio::test]
async fn list_unenroll_and_pick_factors() {
    let t = TestOrg::new();
    let (user, factors) = user_with_factors(&t).await;
    let login = t.org.user(&user).unwrap()["profile"]["login"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = t.ok("listUserFactors", &[("userId", &login)]).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), factors.len());

    let items = t.picklist("selectUserFactor", &[("userId", &user)]).await;
    assert_eq!(items.len(), factors.len());
    let factor = factors[0]["id"].as_str().unwrap().to_string();
    assert!(items.iter().any(|(label, key)| key == &factor
        && label.starts_with(factors[0]["factorType"].as_str().unwrap())));

    let out = t
        .ok(
            "unenrollUserFactor",
            &[("userId", &user), ("factorId", &factor)],
        )
        .await;
    assert_eq!(
        out["data"],
        serde_json::json!({"id": factor, "status": "UNENROLLED"})
    );
    assert_eq!(t.org.factors(&user).len(), factors.len() - 1);
    let again = t
        .err(
            "unenrollUserFactor",
            &[("userId", &user), ("factorId", &factor)],
        )
        .await;
    assert!(matches!(again.kind, ErrorKind::NotFound { .. }));
}

#[tokio::test]
async fn user_types_and_their_picklist() {
    let t = TestOrg::new();
    let types = t.ok("listUserTypes", &[]).await;
    let types = types["data"].as_array().unwrap();
    assert!(!types.is_empty());
    let items = t.picklist("selectUserType", &[]).await;
    assert_eq!(items.len(), types.len());
    for user_type in types {
        let pair = (
            user_type["displayName"].as_str().unwrap().to_string(),
            user_type["id"].as_str().unwrap().to_string(),
        );
        assert!(items.contains(&pair), "{pair:?}");
    }
}

#[tokio::test]
async fn realms_over_several_pages_and_their_picklist() {
    let t = TestOrg::new();
    let all = t
        .ok("listRealms", &[("fetchAll", "true"), ("limit", "2")])
        .await;
    let realms = all["data"].as_array().unwrap();
    assert!(realms.len() >= 3);
    assert!(t.requests("GET", "/api/v1/realms").len() >= 2);
    let items = t.picklist("selectRealm", &[]).await;
    assert_eq!(items.len(), realms.len());
    let first = t.ok("listRealms", &[("limit", "2")]).await;
    assert!(first["after"].is_string());
}

#[tokio::test]
async fn policies_need_a_type() {
    let t = TestOrg::new();
    let error = t.err("listPolicies", &[]).await;
    assert_eq!(invalid_input(&error), "type");
    let wrong = t.err("listPolicies", &[("type", "EVERYTHING")]).await;
    assert_eq!(invalid_input(&wrong), "type");
    let passwords = t
        .ok(
            "listPolicies",
            &[("type", "PASSWORD"), ("fetchAll", "true")],
        )
        .await;
    let passwords = passwords["data"].as_array().unwrap();
    assert!(!passwords.is_empty() && passwords.iter().all(|p| p["type"] == "PASSWORD"));
    let sent = &t.requests("GET", "/api/v1/policies")[0];
    assert!(sent.uri.contains("type=PASSWORD"));
}

#[tokio::test]
async fn a_user_is_created_with_a_type_from_the_picklist() {
    let t = TestOrg::new();
    let items = t.picklist("selectUserType", &[]).await;
    let (_, contractor) = items
        .iter()
        .find(|(label, _)| label.contains("Contractor"))
        .expect("a Contractor type");
    let user = t
        .ok(
            "createUser",
            &[
                ("firstName", "Con"),
                ("lastName", "Tractor"),
                ("email", "con@example.com"),
                ("login", "con@example.com"),
                ("type", contractor),
            ],
        )
        .await;
    assert_eq!(user["data"]["type"]["id"], contractor.as_str());
    let unknown = t
        .err(
            "createUser",
            &[
                ("firstName", "A"),
                ("lastName", "B"),
                ("email", "ab@example.com"),
                ("login", "ab@example.com"),
                ("type", "otyNOPE"),
            ],
        )
        .await;
    assert_eq!(crate::common::okta_code(&unknown), Some("E0000001"));
}
