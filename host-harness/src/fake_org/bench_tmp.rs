use super::test_support::*;
use super::*;
use std::time::Instant;
#[test]
fn timing() {
    let t = Instant::now();
    let org = org(10_000);
    let seed = t.elapsed();
    let t = Instant::now();
    let mut next = Some("/api/v1/users?limit=200".to_owned());
    let (mut n, mut pages) = (0, 0);
    while let Some(p) = next {
        let r = send(&org, Method::GET, &p, None);
        n += json_of(&r).as_array().unwrap().len();
        pages += 1;
        next = next_path(&r);
    }
    let list = t.elapsed();
    let t = Instant::now();
    let mut next = Some("/api/v1/users?limit=200&search=id+pr".to_owned());
    let (mut n2, mut pages2) = (0, 0);
    while let Some(p) = next {
        let r = send(&org, Method::GET, &p, None);
        n2 += json_of(&r).as_array().unwrap().len();
        pages2 += 1;
        next = next_path(&r);
    }
    let search = t.elapsed();
    let t = Instant::now();
    let r = send(
        &org,
        Method::GET,
        "/api/v1/users?limit=200&search=id+pr&sortBy=profile.lastName",
        None,
    );
    let sorted = t.elapsed();
    assert_eq!(r.status(), 200);
    eprintln!(
        "seed {seed:?}; list {n} users in {pages} pages {list:?}; search {n2} in {pages2} pages {search:?}; sorted page {sorted:?}"
    );
}
