//! User types (`/api/v1/meta/types/user`): the org's default type, `user`, which every user's
//! `type.id` names unless the client gives another, and the sample org's `Contractor` type.
//!
//! The users module still accepts only the default type in `type.id` (createUser with the
//! Contractor type is 400 there); listing and reading every type works here.

use http::Method;

use super::errors::ApiError;
use super::ids::{IdGen, SCHEMA_PREFIX, USER_TYPE_PREFIX};
use super::json::{Object, map};
use super::org::Org;
use super::reply::Reply;
use super::request::ApiRequest;
use super::router::Route;
use super::time::Timestamp;

pub(crate) const ROUTES: &[Route] = &[
    Route {
        pattern: "/api/v1/meta/types/user",
        methods: &[(Method::GET, list)],
    },
    Route {
        pattern: "/api/v1/meta/types/user/{typeId}",
        methods: &[(Method::GET, get)],
    },
];

#[derive(Clone, Debug)]
pub(crate) struct UserType {
    pub(crate) id: String,
    name: String,
    display_name: String,
    description: String,
    is_default: bool,
    created: Timestamp,
    /// Who created it: the system principal for the default type (`spr…` in the recordings), an
    /// admin for the others.
    created_by: String,
}

impl UserType {
    /// The org's default type, created with the org.
    pub(crate) fn default_type(ids: &mut IdGen, created: Timestamp) -> UserType {
        UserType {
            id: ids.object_id(USER_TYPE_PREFIX),
            name: "user".to_owned(),
            display_name: "User".to_owned(),
            description: "Okta user profile template with default permission settings".to_owned(),
            is_default: true,
            created,
            created_by: ids.object_id("spr"),
        }
    }

    /// A type an admin added (`name` is its variable name, `display_name` what the console shows).
    pub(crate) fn custom(
        ids: &mut IdGen,
        name: &str,
        display_name: &str,
        description: &str,
        created: Timestamp,
        created_by: &str,
    ) -> UserType {
        UserType {
            id: ids.object_id(USER_TYPE_PREFIX),
            name: name.to_owned(),
            display_name: display_name.to_owned(),
            description: description.to_owned(),
            is_default: false,
            created,
            created_by: created_by.to_owned(),
        }
    }

    /// The profile schema that pairs with this type (`otynwlw0…` ↔ `oscnwlw0…` in the recordings).
    pub(crate) fn schema_id(&self) -> String {
        format!("{SCHEMA_PREFIX}{}", &self.id[USER_TYPE_PREFIX.len()..])
    }

    /// `UserType` as recorded (`GET /api/v1/meta/types/user`), keys in the recorded order.
    fn write(&self, out: &mut Vec<u8>, origin: &str) {
        let created = self.created.iso8601();
        let mut object = Object::new(out);
        object
            .str("id", &self.id)
            .str("displayName", &self.display_name)
            .str("name", &self.name)
            .str("description", &self.description)
            .str("createdBy", &self.created_by)
            .str("lastUpdatedBy", &self.created_by)
            .str("created", &created)
            .str("lastUpdated", &created)
            .value("default", &self.is_default);
        let links = [
            (
                "schema",
                format!("{origin}/api/v1/meta/schemas/user/{}", self.schema_id()),
            ),
            (
                "self",
                format!("{origin}/api/v1/meta/types/user/{}", self.id),
            ),
        ];
        map(object.key("_links"), &links, |out, rel, href| {
            let mut link = Object::new(out);
            link.str("rel", rel).str("href", href).str("method", "GET");
            link.end();
        });
        object.end();
    }
}

/// Every type, the default one first (the recording lists custom types first; the order is not
/// something clients can rely on).
fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let mut out = vec![b'['];
    for (index, user_type) in all(org).enumerate() {
        if index > 0 {
            out.push(b',');
        }
        user_type.write(&mut out, &req.origin);
    }
    out.push(b']');
    Ok(Reply::ok_bytes(out))
}

fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let id = &params[0];
    let user_type = all(org)
        .find(|user_type| user_type.id == *id)
        .ok_or_else(|| ApiError::not_found(id, "UserType"))?;
    let mut out = Vec::new();
    user_type.write(&mut out, &req.origin);
    Ok(Reply::ok_bytes(out))
}

fn all(org: &Org) -> impl Iterator<Item = &UserType> {
    std::iter::once(&org.user_type).chain(&org.other_user_types)
}

#[cfg(test)]
mod tests {
    use crate::test_support::{get, org};
    use http::StatusCode;

    #[test]
    fn the_default_type_is_listed_and_found() {
        let org = org(2);
        let (status, types) = get(&org, "/api/v1/meta/types/user");
        assert_eq!(status, StatusCode::OK);
        let default = &types[0];
        assert_eq!(
            (&default["name"], &default["default"]),
            (&"user".into(), &true.into())
        );
        let id = default["id"].as_str().unwrap();
        assert_eq!(org.user("me").unwrap()["type"]["id"], id);
        assert_eq!(
            get(&org, &format!("/api/v1/meta/types/user/{id}")).1,
            *default
        );
        let contractor = &types[1];
        assert_eq!(
            (&contractor["name"], &contractor["default"]),
            (&"contractor".into(), &false.into())
        );
        let contractor_id = contractor["id"].as_str().unwrap();
        assert_eq!(
            get(&org, &format!("/api/v1/meta/types/user/{contractor_id}")).1,
            *contractor
        );
        let (status, missing) = get(&org, "/api/v1/meta/types/user/otyNOPE");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            missing["errorSummary"],
            "Not found: Resource not found: otyNOPE (UserType)"
        );
    }
}
