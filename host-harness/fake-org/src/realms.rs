//! Realms (`/api/v1/realms`): the default realm every org has, and partner realms.
//!
//! - List: realms in ID (creation) order, `limit` (default 200, 10 with `search`; at most 200) and
//!   `after`; `search` on `id`, `created`, `lastUpdated`, `isDefault` and `profile.*` (`co` only on
//!   `profile.name`, as the spec says), any case; `sortBy` + `sortOrder` with a search.
//! - Get: `Not found: Resource not found: {id} (Realm)` for an unknown ID.
//!
//! The sample org has the default realm and five partner realms (seeded by [`seed`]).

use http::Method;
use serde_json::Value;

use super::errors::ApiError;
use super::json::Object;
use super::listing::{
    self, SortKey, SortOrder, field_key, id_page, json_array, non_empty, page_reply, sorted_page,
};
use super::org::Org;
use super::reply::Reply;
use super::request::ApiRequest;
use super::router::Route;
use super::scim::{Case, Field, Filter, Grammar, Kind, Op, Subject};
use super::store::{Record, Store};
use super::time::Timestamp;

pub(crate) const REALM_PREFIX: &str = "guo";
const DEFAULT_LIMIT: usize = 200;
const SEARCH_DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 200;
const DAY: i64 = 86_400;

/// `isDefault` as a search sees it.
static TRUE: Value = Value::Bool(true);
static FALSE: Value = Value::Bool(false);

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/realms",
        methods: &[(Method::GET, list)],
    },
    Route {
        pattern: "/api/v1/realms/{realmId}",
        methods: &[(Method::GET, get)],
    },
];

const SEARCH: Grammar = Grammar {
    kind: search_kind,
    allows: search_allows,
    case: Case::Insensitive,
};

/// The partner realms of the sample org: (name, domains).
const PARTNERS: &[(&str, &[&str])] = &[
    ("Acme Logistics", &["acmelogistics.com"]),
    ("Globex Suppliers", &["globex.example", "globex-eu.example"]),
    ("Initech Contractors", &["initech.com"]),
    ("Northwind Traders", &["northwind.example"]),
    ("Umbrella Research Partners", &["umbrella-research.org"]),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RealmType {
    Default,
    Partner,
}

impl RealmType {
    fn as_str(self) -> &'static str {
        match self {
            RealmType::Default => "DEFAULT",
            RealmType::Partner => "PARTNER",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Realm {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) realm_type: RealmType,
    pub(crate) domains: Vec<String>,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
}

impl Realm {
    fn is_default(&self) -> bool {
        self.realm_type == RealmType::Default
    }
}

impl Subject for Realm {
    fn field(&self, attribute: &str) -> Field<'_> {
        match attribute {
            "id" => Field::Text(&self.id),
            "created" => Field::Time(self.created),
            "lastUpdated" => Field::Time(self.last_updated),
            "isDefault" => Field::Json(if self.is_default() { &TRUE } else { &FALSE }),
            "profile.name" => Field::Text(&self.name),
            "profile.realmType" => Field::Text(self.realm_type.as_str()),
            "profile.domains" => Field::Many(self.domains.iter().map(|d| Field::Text(d)).collect()),
            _ => Field::Missing,
        }
    }
}

/// Realms by ID, in creation order.
pub(crate) type RealmStore = Store<Realm>;

impl Record for Realm {
    const KIND: &'static str = "Realm";
    fn id(&self) -> &str {
        &self.id
    }
}

/// The default realm (created with the org) and the partner realms (added over its first year).
pub(crate) fn seed(org: &mut Org, founded: Timestamp) {
    add(org, "Default Realm", RealmType::Default, &[], founded);
    for (index, (name, domains)) in PARTNERS.iter().enumerate() {
        let created = founded.plus_seconds(DAY * (40 + 61 * i64::try_from(index).unwrap_or(0)));
        add(org, name, RealmType::Partner, domains, created);
    }
}

fn add(org: &mut Org, name: &str, realm_type: RealmType, domains: &[&str], created: Timestamp) {
    let realm = Realm {
        id: org.ids.object_id(REALM_PREFIX),
        name: name.to_owned(),
        realm_type,
        domains: domains.iter().map(|d| (*d).to_owned()).collect(),
        created,
        last_updated: created,
    };
    org.realms.insert(realm);
}

fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let search = non_empty(req.query.get("search"))
        .map(|text| Filter::parse(text, &SEARCH))
        .transpose()
        .map_err(|e| ApiError::invalid_search(&e.to_string()))?;
    let default = if search.is_some() {
        SEARCH_DEFAULT_LIMIT
    } else {
        DEFAULT_LIMIT
    };
    let limit = listing::limit(&req.query, default, MAX_LIMIT)?;
    let cursor = listing::after(&req.query, REALM_PREFIX)?;
    let sort_by = non_empty(req.query.get("sortBy")).filter(|_| search.is_some());
    let matches = |realm: &Realm| search.as_ref().is_none_or(|filter| filter.matches(realm));
    let (page, next) = match sort_by {
        Some(attribute) => {
            let hits = org
                .realms
                .iter()
                .filter(|realm| matches(realm))
                .map(|realm| (sort_key(realm, attribute), realm.id.clone(), realm))
                .collect();
            let order = SortOrder::read(&req.query)?;
            sorted_page(hits, order, cursor.as_ref(), limit)?
        }
        None => {
            let hits = org
                .realms
                .after(cursor.as_ref().map(|c| c.id.as_str()))
                .filter(|realm| matches(realm));
            id_page(hits, limit, |realm| &realm.id)
        }
    };
    let body = json_array(&page, |out, realm| write_realm(out, realm, &req.origin));
    Ok(page_reply(body, req, limit, next.as_ref()))
}

fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let realm = org.realms.found(&params[0])?;
    let mut out = Vec::with_capacity(512);
    write_realm(&mut out, realm, &req.origin);
    Ok(Reply::ok_bytes(out))
}

fn sort_key(realm: &Realm, attribute: &str) -> SortKey {
    field_key(&realm.field(attribute))
}

/// `Realm` as recorded (`test_list_realms_basic`): `profile` before `isDefault`, a `self` link with
/// `rel` and `method`. The profile adds `realmType` and the partner domains, as the spec shows.
fn write_realm(out: &mut Vec<u8>, realm: &Realm, origin: &str) {
    let mut object = Object::new(out);
    object
        .str("id", &realm.id)
        .time("created", Some(realm.created))
        .time("lastUpdated", Some(realm.last_updated))
        .object("profile", |profile| {
            profile
                .str("name", &realm.name)
                .str("realmType", realm.realm_type.as_str());
            if !realm.domains.is_empty() {
                profile.value("domains", &realm.domains);
            }
        })
        .value("isDefault", &realm.is_default())
        .object("_links", |links| {
            links.object("self", |link| {
                link.str("rel", "self")
                    .str("href", &format!("{origin}/api/v1/realms/{}", realm.id))
                    .str("method", "GET");
            });
        });
    object.end();
}

fn search_kind(attribute: &str) -> Option<Kind> {
    match attribute {
        "created" | "lastUpdated" => Some(Kind::Time),
        "id" | "isDefault" | "profile.name" | "profile.realmType" | "profile.domains" => {
            Some(Kind::Value)
        }
        _ => None,
    }
}

fn search_allows(attribute: &str, op: Option<Op>) -> bool {
    match op {
        Some(Op::Co) => attribute == "profile.name",
        Some(Op::Ne | Op::Ew) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{get, next_path, org, send};
    use http::{Method, StatusCode};
    use serde_json::Value;

    fn names(body: &Value) -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|r| r["profile"]["name"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn the_default_realm_comes_first_and_pages_follow() {
        let org = org(3);
        let (status, all) = get(&org, "/api/v1/realms");
        assert_eq!(status, StatusCode::OK);
        let all = names(&all);
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], "Default Realm");
        let mut seen = Vec::new();
        let mut path = Some("/api/v1/realms?limit=2".to_owned());
        while let Some(next) = path {
            let response = send(&org, Method::GET, &next, None);
            let body: Value = serde_json::from_slice(response.body()).unwrap();
            assert!(body.as_array().unwrap().len() <= 2);
            seen.extend(names(&body));
            path = next_path(&response);
        }
        assert_eq!(seen, all);
    }

    #[test]
    fn realms_have_the_recorded_shape() {
        let org = org(1);
        let (_, all) = get(&org, "/api/v1/realms");
        let default = &all[0];
        assert_eq!(default["isDefault"], true);
        assert_eq!(default["profile"]["realmType"], "DEFAULT");
        assert!(default["id"].as_str().unwrap().starts_with("guo"));
        let id = default["id"].as_str().unwrap();
        assert_eq!(default["_links"]["self"]["method"], "GET");
        assert_eq!(get(&org, &format!("/api/v1/realms/{id}")).1, *default);
        let partner = &all[1];
        assert_eq!(partner["profile"]["realmType"], "PARTNER");
        assert!(partner["profile"]["domains"].is_array());
        let (status, missing) = get(&org, "/api/v1/realms/guoNOPE");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            missing["errorSummary"],
            "Not found: Resource not found: guoNOPE (Realm)"
        );
    }

    #[test]
    fn search_contains_on_the_name_and_sorts() {
        let org = org(1);
        let (_, hits) = get(&org, "/api/v1/realms?search=profile.name+co+%22TRADERS%22");
        assert_eq!(names(&hits), ["Northwind Traders"]);
        let (_, sorted) = get(
            &org,
            "/api/v1/realms?search=profile.realmType+eq+%22PARTNER%22&sortBy=profile.name&sortOrder=desc",
        );
        let sorted = names(&sorted);
        assert_eq!(sorted.len(), 5);
        assert_eq!(sorted[0], "Umbrella Research Partners");
        let (status, error) = get(&org, "/api/v1/realms?search=id+co+%22guo%22");
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error["errorCode"], "E0000031");
        let (_, limited) = get(&org, "/api/v1/realms?search=id+pr");
        assert_eq!(names(&limited).len(), 6, "default limit 10 with a search");
    }
}
