//! User types (`/api/v1/meta/types/user`): the org has its default type, `user`, which every user's
//! `type.id` names unless the client gives another (there is none other yet, so any other is 400).

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
    created: Timestamp,
    /// The system principal that created the org's built-in objects (`spr…` in the recordings).
    created_by: String,
}

impl UserType {
    /// The org's default type, created with the org.
    pub(crate) fn default_type(ids: &mut IdGen, created: Timestamp) -> UserType {
        UserType {
            id: ids.object_id(USER_TYPE_PREFIX),
            created,
            created_by: ids.object_id("spr"),
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
            .str("displayName", "User")
            .str("name", "user")
            .str(
                "description",
                "Okta user profile template with default permission settings",
            )
            .str("createdBy", &self.created_by)
            .str("lastUpdatedBy", &self.created_by)
            .str("created", &created)
            .str("lastUpdated", &created)
            .value("default", &true);
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

fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let mut out = vec![b'['];
    org.user_type.write(&mut out, &req.origin);
    out.push(b']');
    Ok(Reply::ok_bytes(out))
}

fn get(org: &mut Org, req: &ApiRequest, params: &[String]) -> Result<Reply, ApiError> {
    let id = &params[0];
    if *id != org.user_type.id {
        return Err(ApiError::not_found(id, "UserType"));
    }
    let mut out = Vec::new();
    org.user_type.write(&mut out, &req.origin);
    Ok(Reply::ok_bytes(out))
}

#[cfg(test)]
mod tests {
    use crate::fake_org::test_support::{get, org};
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
        let (status, missing) = get(&org, "/api/v1/meta/types/user/otyNOPE");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            missing["errorSummary"],
            "Not found: Resource not found: otyNOPE (UserType)"
        );
    }
}
