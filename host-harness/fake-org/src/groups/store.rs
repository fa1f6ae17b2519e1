//! Groups as the org keeps them, in ID (creation) order, with their members.

use std::collections::BTreeSet;
use std::ops::Deref;

use serde_json::{Map, Value};

use crate::ids::{GROUP_PREFIX, IdGen};
use crate::scim::{Field, Subject};
use crate::store::{Record, Store};
use crate::time::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GroupType {
    /// `Everyone`: every user belongs to it, always; nobody may edit it.
    BuiltIn,
    /// Managed in Okta: the only kind whose profile and members the API may change.
    OktaGroup,
    /// Imported from an app (here: Active Directory); its profile and members belong to the app.
    AppGroup,
}

impl GroupType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GroupType::BuiltIn => "BUILT_IN",
            GroupType::OktaGroup => "OKTA_GROUP",
            GroupType::AppGroup => "APP_GROUP",
        }
    }

    /// `objectClass`: which profile schema the group has (Okta's, or an AD security principal's).
    pub(crate) fn object_class(self) -> &'static str {
        match self {
            GroupType::BuiltIn | GroupType::OktaGroup => "okta:user_group",
            GroupType::AppGroup => "okta:windows_security_principal",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) kind: GroupType,
    /// The profile as given: `name` (a string) and `description` (a string or `null`) always,
    /// custom or imported attributes beside them.
    pub(crate) profile: Map<String, Value>,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
    pub(crate) last_membership_updated: Timestamp,
    pub(crate) members: BTreeSet<String>,
    /// The app an `APP_GROUP` was imported from (`_links.source`, `source.id` in a search).
    pub(crate) source: Option<String>,
}

impl Group {
    pub(crate) fn name(&self) -> &str {
        self.profile
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// Whether the API may change the profile or the members (only `OKTA_GROUP`s).
    pub(crate) fn is_editable(&self) -> bool {
        self.kind == GroupType::OktaGroup
    }
}

/// What `search` and `filter` expressions see of a group.
impl Subject for Group {
    fn field(&self, attribute: &str) -> Field<'_> {
        match attribute {
            "id" => Field::Text(&self.id),
            "type" => Field::Text(self.kind.as_str()),
            "created" => Field::Time(self.created),
            "lastUpdated" => Field::Time(self.last_updated),
            "lastMembershipUpdated" => Field::Time(self.last_membership_updated),
            "source.id" => self.source.as_deref().map_or(Field::Missing, Field::Text),
            _ => attribute
                .strip_prefix("profile.")
                .and_then(|key| self.profile.get(key))
                .map_or(Field::Missing, Field::Json),
        }
    }
}

/// A group's profile: `name`, then `description` (`null` when empty), then `extra` attributes.
pub(crate) fn profile(
    name: &str,
    description: Option<&str>,
    extra: Map<String, Value>,
) -> Map<String, Value> {
    let mut profile = Map::new();
    profile.insert("name".into(), Value::String(name.to_owned()));
    let description = description
        .filter(|text| !text.is_empty())
        .map_or(Value::Null, |text| Value::String(text.to_owned()));
    profile.insert("description".into(), description);
    for (key, value) in extra {
        profile.entry(key).or_insert(value);
    }
    profile
}

/// Groups by ID ([`Store`]'s reads, through `Deref`) and which one is `Everyone`. Changes go
/// through the methods here, which keep `Everyone` and the membership timestamps right.
#[derive(Debug, Default)]
pub(crate) struct GroupStore {
    groups: Store<Group>,
    everyone: Option<String>,
}

impl Record for Group {
    const KIND: &'static str = "UserGroup";
    fn id(&self) -> &str {
        &self.id
    }
}

impl Deref for GroupStore {
    type Target = Store<Group>;
    fn deref(&self) -> &Store<Group> {
        &self.groups
    }
}

impl GroupStore {
    /// Creates a group with a plain profile and returns its ID. The first `BuiltIn` group becomes
    /// `Everyone`. An empty description is stored as `null`, as Okta answers a group created
    /// without one.
    pub(crate) fn create(
        &mut self,
        ids: &mut IdGen,
        name: &str,
        description: &str,
        kind: GroupType,
        now: Timestamp,
    ) -> String {
        let profile = profile(name, Some(description), Map::new());
        self.insert(ids, kind, profile, None, now)
    }

    /// Creates a group from a whole profile (and, for an `APP_GROUP`, the app it comes from).
    pub(crate) fn insert(
        &mut self,
        ids: &mut IdGen,
        kind: GroupType,
        profile: Map<String, Value>,
        source: Option<String>,
        now: Timestamp,
    ) -> String {
        let id = ids.object_id(GROUP_PREFIX);
        if kind == GroupType::BuiltIn && self.everyone.is_none() {
            self.everyone = Some(id.clone());
        }
        let group = Group {
            id: id.clone(),
            kind,
            profile,
            created: now,
            last_updated: now,
            last_membership_updated: now,
            members: BTreeSet::new(),
            source,
        };
        self.groups.insert(group);
        id
    }

    pub(crate) fn everyone(&self) -> Option<&str> {
        self.everyone.as_deref()
    }

    /// Replaces a group's profile (PUT semantics).
    pub(crate) fn replace_profile(
        &mut self,
        id: &str,
        profile: Map<String, Value>,
        now: Timestamp,
    ) {
        if let Some(group) = self.groups.get_mut(id) {
            group.profile = profile;
            group.last_updated = now;
        }
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Group> {
        let group = self.groups.remove(id)?;
        if self.everyone.as_deref() == Some(id) {
            self.everyone = None;
        }
        Some(group)
    }

    /// Whether another `OKTA_GROUP` already has this name (ignoring case): Okta's names are
    /// unique among the groups it manages, while imported groups may repeat them.
    pub(crate) fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        let wanted = name.to_lowercase();
        self.groups.iter().any(|group| {
            group.kind == GroupType::OktaGroup
                && Some(group.id.as_str()) != except
                && group.name().to_lowercase() == wanted
        })
    }

    /// Adds a membership (idempotent). Unknown groups are ignored: callers validate first.
    pub(crate) fn add_member(&mut self, group_id: &str, user_id: &str, now: Timestamp) {
        if let Some(group) = self.groups.get_mut(group_id)
            && group.members.insert(user_id.to_owned())
        {
            group.last_membership_updated = now;
        }
    }

    /// Removes a membership; false if there was none.
    pub(crate) fn remove_member(&mut self, group_id: &str, user_id: &str, now: Timestamp) -> bool {
        let Some(group) = self.groups.get_mut(group_id) else {
            return false;
        };
        let removed = group.members.remove(user_id);
        if removed {
            group.last_membership_updated = now;
        }
        removed
    }

    /// Removes a deleted user from every group.
    pub(crate) fn remove_member_everywhere(&mut self, user_id: &str, now: Timestamp) {
        for group in self.groups.iter_mut() {
            if group.members.remove(user_id) {
                group.last_membership_updated = now;
            }
        }
    }

    /// The groups a user belongs to, in ID (creation) order.
    pub(crate) fn of_member<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a Group> {
        self.groups
            .iter()
            .filter(move |group| group.members.contains(user_id))
    }

    pub(crate) fn members(&self, group_id: &str) -> Vec<String> {
        self.groups
            .get(group_id)
            .map(|group| group.members.iter().cloned().collect())
            .unwrap_or_default()
    }
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
        let names: Vec<&str> = groups.of_member("00u1").map(Group::name).collect();
        assert_eq!(names, ["Everyone", "Sales"]);
        assert_eq!(
            groups.get(&sales).unwrap().last_membership_updated,
            now.plus_seconds(5)
        );
        assert!(groups.remove_member(&sales, "00u1", now.plus_seconds(9)));
        assert!(!groups.remove_member(&sales, "00u1", now));
        groups.add_member(&sales, "00u1", now);
        groups.remove_member_everywhere("00u1", now);
        assert!(groups.members(&sales).is_empty());
        assert!(groups.members("00gmissing").is_empty());
        assert_eq!(
            groups.get(&sales).unwrap().profile["description"],
            Value::Null
        );
    }

    #[test]
    fn names_are_unique_among_okta_groups_only() {
        let mut ids = IdGen::new(1);
        let mut groups = GroupStore::default();
        let now = Timestamp::from_millis(0);
        let sales = groups.create(&mut ids, "Sales", "", GroupType::OktaGroup, now);
        groups.create(&mut ids, "VPN Users", "", GroupType::AppGroup, now);
        assert!(groups.name_taken("SALES", None));
        assert!(!groups.name_taken("Sales", Some(&sales)));
        assert!(!groups.name_taken("vpn users", None));
        let removed = groups.remove(&sales).unwrap();
        assert_eq!(removed.name(), "Sales");
        assert!(!groups.contains(&sales));
        assert_eq!(groups.iter().count(), 1);
    }
}
