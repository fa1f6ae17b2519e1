//! Listings of any size: Fetch All stops at its budget with `after` and `"truncated": true`, and a flow that
//! continues from `after` reads every record exactly once.

use std::collections::HashSet;

use crate::common::TestOrg;

#[tokio::test]
async fn fetch_all_over_a_large_org_returns_budgeted_parts_that_continue_to_the_end() {
    let t = TestOrg::with_users(60_000);
    let total = t.org.user_count();
    let mut seen = HashSet::new();
    let mut after: Option<String> = None;
    let mut calls = 0;
    loop {
        // A search reads users in every status, deprovisioned ones included, as Okta does.
        let mut inputs = vec![("fetchAll", "true"), ("limit", "200"), ("search", "id pr")];
        if let Some(cursor) = &after {
            inputs.push(("after", cursor.as_str()));
        }
        let out = t.ok("listUsers", &inputs).await;
        calls += 1;
        for user in out["data"].as_array().unwrap() {
            assert!(
                seen.insert(user["id"].as_str().unwrap().to_string()),
                "a user came twice"
            );
        }
        match out["after"].as_str() {
            Some(cursor) => {
                assert_eq!(
                    out["truncated"], true,
                    "a Fetch All that stops early says so"
                );
                after = Some(cursor.to_string());
            }
            None => {
                assert!(out.get("truncated").is_none());
                break;
            }
        }
        assert!(calls < 10, "each call reads a large part");
    }
    assert!(calls >= 2, "60,000 users do not fit one call's budget");
    assert_eq!(seen.len(), total);
}
