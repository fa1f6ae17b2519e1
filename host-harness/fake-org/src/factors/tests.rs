//! A user's factors through `FakeOrg::handle`.

use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::FakeOrg;
use crate::test_support::{call, get, org, post, send};

fn admin(org: &FakeOrg) -> String {
    org.user("me").unwrap()["id"].as_str().unwrap().to_owned()
}

fn types(factors: &[Value]) -> Vec<&str> {
    factors
        .iter()
        .map(|f| f["factorType"].as_str().unwrap())
        .collect()
}

#[test]
fn the_admin_has_okta_verify_email_and_a_key() {
    let org = org(5);
    let me = admin(&org);
    let (status, listed) = get(&org, &format!("/api/v1/users/{me}/factors"));
    assert_eq!(status, StatusCode::OK);
    let listed = listed.as_array().unwrap().clone();
    let mut kinds = types(&listed);
    kinds.sort_unstable();
    assert_eq!(kinds, ["email", "push", "token:software:totp", "webauthn"]);
    assert_eq!(org.factors(&me), listed);
    let push = listed.iter().find(|f| f["factorType"] == "push").unwrap();
    assert!(push["id"].as_str().unwrap().starts_with("opf"));
    assert_eq!(push["status"], "ACTIVE");
    assert_eq!(
        push["_links"]["self"]["hints"]["allow"],
        json!(["GET", "DELETE"])
    );
    let email = listed.iter().find(|f| f["factorType"] == "email").unwrap();
    assert_eq!(email["profile"]["email"], "admin@example.com");
    let id = email["id"].as_str().unwrap();
    assert_eq!(
        get(&org, &format!("/api/v1/users/{me}/factors/{id}")).1,
        *email
    );
}

#[test]
fn some_users_have_sms_and_others_nothing() {
    let org = org(60);
    let (_, users) = get(&org, "/api/v1/users?limit=200");
    let mut sms = 0;
    for user in users.as_array().unwrap() {
        let id = user["id"].as_str().unwrap();
        let factors = org.factors(id);
        match user["status"].as_str().unwrap() {
            "STAGED" | "PROVISIONED" => assert!(factors.is_empty(), "{id}"),
            _ => {}
        }
        for factor in factors.iter().filter(|f| f["factorType"] == "sms") {
            sms += 1;
            assert!(factor["id"].as_str().unwrap().starts_with("mbl"));
            assert!(
                factor["profile"]["phoneNumber"]
                    .as_str()
                    .unwrap()
                    .starts_with("+1")
            );
        }
    }
    assert!(sms > 5, "{sms} SMS factors");
}

#[test]
fn unenrolling_and_its_errors() {
    let org = org(3);
    let me = admin(&org);
    let factors = org.factors(&me);
    let push = factors.iter().find(|f| f["factorType"] == "push").unwrap();
    let path = format!(
        "/api/v1/users/{me}/factors/{}",
        push["id"].as_str().unwrap()
    );
    let response = send(
        &org,
        Method::DELETE,
        &format!("{path}?removeRecoveryEnrollment=false"),
        None,
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let mut left = types(&org.factors(&me))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    left.sort_unstable();
    assert_eq!(
        left,
        ["email", "webauthn"],
        "push takes Okta Verify's codes with it"
    );
    let (status, missing) = get(&org, &path);
    assert_eq!(status, StatusCode::NOT_FOUND);
    let id = push["id"].as_str().unwrap();
    assert_eq!(
        missing["errorSummary"],
        format!("Not found: Resource not found: {id} (UserFactor)")
    );
    assert_eq!(
        call(&org, Method::DELETE, &path, None).0,
        StatusCode::NOT_FOUND
    );
    let by_login = "/api/v1/users/admin%40example.com/factors";
    assert_eq!(get(&org, by_login).0, StatusCode::NOT_FOUND, "the ID only");
    assert_eq!(
        get(&org, "/api/v1/users/00uNOPE/factors").0,
        StatusCode::NOT_FOUND
    );
    let email = &org.factors(&me)[0];
    let path = format!(
        "/api/v1/users/{me}/factors/{}",
        email["id"].as_str().unwrap()
    );
    let (status, _) = call(
        &org,
        Method::DELETE,
        &format!("{path}?removeRecoveryEnrollment=maybe"),
        None,
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    org.set_user_status(&me, "DEPROVISIONED");
    let (status, error) = call(&org, Method::DELETE, &path, None);
    assert_eq!(
        (status, &error["errorCode"]),
        (StatusCode::FORBIDDEN, &json!("E0000038"))
    );
}

#[test]
fn reset_factors_unenrolls_everything() {
    let org = org(3);
    let me = admin(&org);
    assert!(!org.factors(&me).is_empty());
    let (status, _) = post(
        &org,
        &format!("/api/v1/users/{me}/lifecycle/reset_factors"),
        &json!({}),
    );
    assert_eq!(status, StatusCode::OK);
    assert!(org.factors(&me).is_empty());
    assert_eq!(
        get(&org, &format!("/api/v1/users/{me}/factors")).1,
        json!([])
    );
}
