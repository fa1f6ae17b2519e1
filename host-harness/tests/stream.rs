//! Streaming a listing through the library: page by page with `after`, every record once whatever the org's
//! size, one page when Fetch All is false, a failed page naming the cursor to resume from.

use bytes::Bytes;
use okta_harness::fake_org::{FakeOrg, FakeOrgConfig};
use okta_harness::fake_org::{Fault, FaultKind};
use okta_harness::{Connection, Harness, Listing, Route, StreamError};
use std::collections::HashSet;
use std::sync::OnceLock;

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| Harness::load_default().unwrap_or_else(|e| panic!("{e}")))
}

fn org(users: usize) -> FakeOrg {
    FakeOrg::new(FakeOrgConfig {
        users,
        ..FakeOrgConfig::default()
    })
}

async fn listing(org: &FakeOrg, inputs: &[(&str, &str)]) -> Listing {
    harness()
        .stream_listing(
            "listUsers",
            Connection::fake(org),
            inputs,
            &Route::Fake(org.clone()),
        )
        .await
        .unwrap()
}

/// The user IDs of every record left in `listing`, each checked to be one line of JSON.
async fn ids(listing: &mut Listing) -> Vec<String> {
    let mut ids = Vec::new();
    while let Some(user) = listing.next_record().await.unwrap() {
        assert!(!user.get().contains('\n'));
        let user: serde_json::Value = serde_json::from_str(user.get()).unwrap();
        ids.push(user["id"].as_str().unwrap().to_owned());
    }
    ids
}

#[tokio::test]
async fn an_org_larger_than_one_fetch_all_streams_every_user_once() {
    let org = org(60_000);
    let inputs = [("fetchAll", "true"), ("limit", "200"), ("search", "id pr")];
    // One Fetch All call stops at its budget…
    let one_call = harness()
        .perform(
            "listUsers",
            &Connection::fake(&org),
            &inputs,
            &Route::Fake(org.clone()),
        )
        .await
        .result
        .unwrap()
        .json();
    assert_eq!(one_call["truncated"], true);
    // …the stream reads to the end.
    let mut listing = listing(&org, &inputs).await;
    let ids = ids(&mut listing).await;
    assert_eq!(ids.len(), 60_000);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 60_000);
    assert_eq!(listing.pages(), 300);
    assert_eq!(listing.after(), None);
}

#[tokio::test]
async fn without_fetch_all_one_page_is_read_and_after_continues_it() {
    let org = org(50);
    let search = ("search", "id pr");
    let mut first = listing(&org, &[("fetchAll", "false"), ("limit", "20"), search]).await;
    let page = first.next_page().await.unwrap().unwrap();
    assert_eq!(page.records.len(), 20);
    assert!(first.next_page().await.unwrap().is_none());
    let after = first.after().unwrap().to_owned();
    let mut rest = listing(&org, &[("limit", "20"), search, ("after", &after)]).await;
    let mut all: Vec<String> = page
        .records
        .iter()
        .map(|r| serde_json::from_str::<serde_json::Value>(r.get()).unwrap()["id"].to_string())
        .collect();
    all.extend(ids(&mut rest).await.iter().map(|id| format!("\"{id}\"")));
    assert_eq!(all.len(), org.user_count());
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len());
    assert_eq!(rest.pages(), 2);
}

#[tokio::test]
async fn a_failed_page_names_the_cursor_it_was_reading_from() {
    let org = org(100);
    let mut listing = listing(&org, &[("limit", "40")]).await;
    assert_eq!(
        listing.next_page().await.unwrap().unwrap().records.len(),
        40
    );
    let from = listing.after().unwrap().to_owned();
    let body = r#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorLink":"E0000006","errorId":"oae1","errorCauses":[]}"#;
    org.inject(Fault::new(FaultKind::Answer {
        headers: Vec::new(),
        status: 403,
        body: Bytes::from_static(body.as_bytes()),
    }));
    match listing.next_page().await {
        Err(StreamError::Call { error, after }) => {
            assert_eq!(error.kind_name(), "forbidden", "{error}");
            assert_eq!(after.as_deref(), Some(from.as_str()));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn only_listing_actions_stream() {
    let org = org(5);
    for key in ["getUser", "noSuchAction"] {
        let refused = harness()
            .stream_listing(
                key,
                Connection::fake(&org),
                &[("id", "x")],
                &Route::Fake(org.clone()),
            )
            .await;
        assert!(matches!(refused, Err(StreamError::NotAListing(_))), "{key}");
    }
}
