//! The `Group` JSON as recorded (`POST /api/v1/groups`, `GET /api/v1/users/{id}/groups`): fixed keys
//! in the recorded order, `profile` and `_links` in `java.util.HashMap` order.

use serde_json::Value;

use super::store::{Group, GroupType};
use crate::json::{Object, map, write_value};

const LOGOS: &str = "https://ok12static.oktacdn.com/assets/img/logos/groups/odyssey";

/// What `expand` adds under `_embedded`.
#[derive(Debug, Default)]
pub(crate) struct Embedded {
    /// `expand=stats`: `_embedded.stats`, with the member count.
    pub(crate) stats: bool,
    /// `expand=app` on an `APP_GROUP`: `_embedded.app`, the source app's summary.
    pub(crate) app: Option<AppSummary>,
}

/// `{id, name, label, signOnMode}` of the app an `APP_GROUP` comes from.
#[derive(Debug)]
pub(crate) struct AppSummary {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) sign_on_mode: Option<&'static str>,
}

/// The group as every endpoint answers it, without `_embedded`.
pub(crate) fn write_group(out: &mut Vec<u8>, group: &Group, origin: &str) {
    write_group_with(out, group, origin, &Embedded::default());
}

pub(crate) fn write_group_with(
    out: &mut Vec<u8>,
    group: &Group,
    origin: &str,
    embedded: &Embedded,
) {
    let mut object = Object::new(out);
    object
        .str("id", &group.id)
        .time("created", Some(group.created))
        .time("lastUpdated", Some(group.last_updated))
        .time("lastMembershipUpdated", Some(group.last_membership_updated))
        .value("objectClass", &[group.kind.object_class()])
        .str("type", group.kind.as_str());
    write_profile(object.key("profile"), group);
    write_links(object.key("_links"), group, origin);
    if embedded.stats || embedded.app.is_some() {
        object.object("_embedded", |inner| {
            if embedded.stats {
                inner.object("stats", |stats| {
                    stats
                        .value("usersCount", &group.members.len())
                        .value("appsCount", &0)
                        .value("groupPushMappingsCount", &0)
                        .value("hasAdminPrivilege", &false);
                });
            }
            if let Some(app) = &embedded.app {
                inner.object("app", |summary| {
                    summary
                        .str("id", &app.id)
                        .str("name", &app.name)
                        .str("label", &app.label)
                        .opt_str("signOnMode", app.sign_on_mode);
                });
            }
        });
    }
    object.end();
}

/// `name` and `description` first (the order they are inserted in), then the other attributes.
fn write_profile(out: &mut Vec<u8>, group: &Group) {
    let mut entries: Vec<(&str, &Value)> = Vec::with_capacity(group.profile.len());
    for key in ["name", "description"] {
        if let Some(value) = group.profile.get(key) {
            entries.push((key, value));
        }
    }
    entries.extend(
        group
            .profile
            .iter()
            .filter(|(key, _)| *key != "name" && *key != "description")
            .map(|(key, value)| (key.as_str(), value)),
    );
    map(out, &entries, |out, _, value| write_value(out, *value));
}

enum Link {
    Href(String),
    Logos(&'static str),
}

fn write_links(out: &mut Vec<u8>, group: &Group, origin: &str) {
    let href = |rest: &str| format!("{origin}/api/v1/groups/{}{rest}", group.id);
    let logo = match group.kind {
        GroupType::AppGroup => "active_directory",
        GroupType::BuiltIn | GroupType::OktaGroup => "okta",
    };
    let mut links = vec![("logo", Link::Logos(logo))];
    if let Some(source) = &group.source {
        links.push((
            "source",
            Link::Href(format!("{origin}/api/v1/apps/{source}")),
        ));
    }
    links.push(("users", Link::Href(href("/users"))));
    links.push(("apps", Link::Href(href("/apps"))));
    map(out, &links, |out, _, link| match link {
        Link::Href(href) => {
            let mut object = Object::new(out);
            object.str("href", href);
            object.end();
        }
        Link::Logos(logo) => {
            out.push(b'[');
            for (index, size) in ["medium", "large"].into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                let mut entry = Object::new(out);
                entry
                    .str("name", size)
                    .str("href", &format!("{LOGOS}/{logo}-{size}.png"))
                    .str("type", "image/png");
                entry.end();
            }
            out.push(b']');
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::groups::store::GroupStore;
    use crate::ids::IdGen;
    use crate::time::Timestamp;

    fn rendered(group: &Group, embedded: &Embedded) -> String {
        let mut out = Vec::new();
        write_group_with(&mut out, group, "https://o.okta.com", embedded);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_has_the_recorded_shape() {
        let mut ids = IdGen::new(1);
        let mut groups = GroupStore::default();
        let id = groups.create(
            &mut ids,
            "Group-Target-Test",
            "",
            GroupType::OktaGroup,
            Timestamp::from_millis(0),
        );
        let text = rendered(groups.get(&id).unwrap(), &Embedded::default());
        assert!(text.starts_with(&format!(
            r#"{{"id":"{id}","created":"1970-01-01T00:00:00.000Z","lastUpdated""#
        )));
        assert!(text.contains(
            r#""objectClass":["okta:user_group"],"type":"OKTA_GROUP","profile":{"name":"Group-Target-Test","description":null},"_links":{"logo":[{"name":"medium","href":"#
        ));
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["_links"]["users"]["href"],
            format!("https://o.okta.com/api/v1/groups/{id}/users")
        );
        assert!(json.get("_embedded").is_none());
    }

    #[test]
    fn app_groups_link_their_source_and_embed_on_request() {
        let mut ids = IdGen::new(1);
        let mut groups = GroupStore::default();
        let profile = crate::groups::store::profile("VPN Users", None, Default::default());
        let id = groups.insert(
            &mut ids,
            GroupType::AppGroup,
            profile,
            Some("0oaAD".into()),
            Timestamp::from_millis(0),
        );
        groups.add_member(&id, "00u1", Timestamp::from_millis(0));
        let embedded = Embedded {
            stats: true,
            app: Some(AppSummary {
                id: "0oaAD".into(),
                name: "active_directory".into(),
                label: "corp.example.com".into(),
                sign_on_mode: None,
            }),
        };
        let text = rendered(groups.get(&id).unwrap(), &embedded);
        assert!(text.contains(r#""_links":{"logo":[{"name":"medium","href":"https://ok12static.oktacdn.com/assets/img/logos/groups/odyssey/active_directory-medium.png""#));
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["objectClass"][0], "okta:windows_security_principal");
        assert_eq!(
            json["_links"]["source"]["href"],
            "https://o.okta.com/api/v1/apps/0oaAD"
        );
        assert_eq!(json["_embedded"]["stats"]["usersCount"], 1);
        assert_eq!(json["_embedded"]["app"]["label"], "corp.example.com");
        let keys: Vec<&str> = json["_links"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 4);
    }
}
