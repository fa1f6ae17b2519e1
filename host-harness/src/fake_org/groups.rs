//! Groups, minimal for now: they exist, users belong to them (createUser `groupIds`, the built-in
//! `Everyone`), and `GET /api/v1/users/{id}/groups` lists them in Okta's `Group` shape.
//! The groups API itself (`/api/v1/groups…`) comes later, as its own routes in this module.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{GROUP_PREFIX, IdGen};
use super::json::{Object, map, write_str};
use super::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GroupType {
    /// `Everyone`: every user belongs to it, always.
    BuiltIn,
    OktaGroup,
}

impl GroupType {
    fn as_str(self) -> &'static str {
        match self {
            GroupType::BuiltIn => "BUILT_IN",
            GroupType::OktaGroup => "OKTA_GROUP",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) kind: GroupType,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
    pub(crate) last_membership_updated: Timestamp,
    pub(crate) members: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub(crate) struct GroupStore {
    groups: BTreeMap<String, Group>,
    everyone: Option<String>,
}

impl GroupStore {
    /// Creates a group and returns its ID. The first `BuiltIn` group becomes `Everyone`.
    pub(crate) fn create(
        &mut self,
        ids: &mut IdGen,
        name: &str,
        description: &str,
        kind: GroupType,
        now: Timestamp,
    ) -> String {
        let id = ids.object_id(GROUP_PREFIX);
        if kind == GroupType::BuiltIn && self.everyone.is_none() {
            self.everyone = Some(id.clone());
        }
        let group = Group {
            id: id.clone(),
            name: name.to_owned(),
            description: description.to_owned(),
            kind,
            created: now,
            last_updated: now,
            last_membership_updated: now,
            members: BTreeSet::new(),
        };
        self.groups.insert(id.clone(), group);
        id
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.groups.contains_key(id)
    }

    pub(crate) fn everyone(&self) -> Option<&str> {
        self.everyone.as_deref()
    }

    /// Adds a membership (idempotent). Unknown groups are ignored: callers validate first.
    pub(crate) fn add_member(&mut self, group_id: &str, user_id: &str, now: Timestamp) {
        if let Some(group) = self.groups.get_mut(group_id)
            && group.members.insert(user_id.to_owned())
        {
            group.last_membership_updated = now;
        }
    }

    /// Removes a deleted user from every group.
    pub(crate) fn remove_member_everywhere(&mut self, user_id: &str, now: Timestamp) {
        for group in self.groups.values_mut() {
            if group.members.remove(user_id) {
                group.last_membership_updated = now;
            }
        }
    }

    /// The groups a user belongs to, in ID (creation) order.
    pub(crate) fn of_member<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a Group> {
        self.groups
            .values()
            .filter(move |group| group.members.contains(user_id))
    }

    pub(crate) fn members(&self, group_id: &str) -> Vec<String> {
        self.groups
            .get(group_id)
            .map(|group| group.members.iter().cloned().collect())
            .unwrap_or_default()
    }
}

/// The `Group` object as recorded (`GET /api/v1/users/{id}/groups`), keys in the recorded order
/// (`profile` and `_links` are maps, in hashmap order).
pub(crate) fn write_group(out: &mut Vec<u8>, group: &Group, origin: &str) {
    let mut object = Object::new(out);
    object
        .str("id", &group.id)
        .str("created", &group.created.iso8601())
        .str("lastUpdated", &group.last_updated.iso8601())
        .str(
            "lastMembershipUpdated",
            &group.last_membership_updated.iso8601(),
        )
        .value("objectClass", &["okta:user_group"])
        .str("type", group.kind.as_str());
    map(
        object.key("profile"),
        &[("name", &group.name), ("description", &group.description)],
        |out, _, text| write_str(out, text),
    );
    let href = |rest: &str| format!("{origin}/api/v1/groups/{}{rest}", group.id);
    let links = [
        ("logo", Link::Logos),
        ("users", Link::Href(href("/users"))),
        ("apps", Link::Href(href("/apps"))),
    ];
    map(object.key("_links"), &links, |out, _, link| match link {
        Link::Href(href) => {
            let mut object = Object::new(out);
            object.str("href", href);
            object.end();
        }
        Link::Logos => {
            out.push(b'[');
            for (index, size) in ["medium", "large"].into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                let href = format!(
                    "https://ok12static.oktacdn.com/assets/img/logos/groups/odyssey/okta-{size}.png"
                );
                let mut logo = Object::new(out);
                logo.str("name", size)
                    .str("href", &href)
                    .str("type", "image/png");
                logo.end();
            }
            out.push(b']');
        }
    });
    object.end();
}

enum Link {
    Href(String),
    Logos,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memberships_are_recorded_and_removed() {
        let mut ids = IdGen::new(1);
        let mut groups = GroupStore::default();
        let now = Timestamp::from_millis(0);
        let everyone = groups.create(&mut ids, "Everyone", "All users", GroupType::BuiltIn, now);
        let sales = groups.create(&mut ids, "Sales", "", GroupType::OktaGroup, now);
        assert_eq!(groups.everyone(), Some(everyone.as_str()));
        groups.add_member(&everyone, "00u1", now);
        groups.add_member(&sales, "00u1", now.plus_seconds(5));
        groups.add_member("00gmissing", "00u1", now);
        let names: Vec<&str> = groups.of_member("00u1").map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Everyone", "Sales"]);
        groups.remove_member_everywhere("00u1", now);
        assert!(groups.members(&sales).is_empty());
        assert!(groups.members("00gmissing").is_empty());
    }

    #[test]
    fn json_has_the_recorded_shape() {
        let mut ids = IdGen::new(1);
        let mut groups = GroupStore::default();
        let id = groups.create(
            &mut ids,
            "Everyone",
            "All users in your organization",
            GroupType::BuiltIn,
            Timestamp::from_millis(0),
        );
        let group = groups.of_member("x").next();
        assert!(group.is_none());
        groups.add_member(&id, "x", Timestamp::from_millis(0));
        let mut bytes = Vec::new();
        write_group(
            &mut bytes,
            groups.of_member("x").next().unwrap(),
            "https://o.okta.com",
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with(&format!(
            r#"{{"id":"{id}","created":"1970-01-01T00:00:00.000Z","lastUpdated""#
        )));
        assert!(text.contains(r#""type":"BUILT_IN","profile":{"name":"Everyone","description":"#));
        assert!(text.contains(r#""_links":{"logo":[{"name":"medium","href":"#));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["type"], "BUILT_IN");
        assert_eq!(json["profile"]["name"], "Everyone");
        assert_eq!(json["objectClass"][0], "okta:user_group");
        assert_eq!(
            json["_links"]["users"]["href"],
            format!("https://o.okta.com/api/v1/groups/{id}/users")
        );
    }
}
