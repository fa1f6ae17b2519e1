//! Users by ID (ordered, so listing and cursors are a range scan) and by login (case-insensitive,
//! as Okta treats logins).
//!
//! Each user's JSON head (everything before `_links`, see [`render::user_head`]) is cached beside
//! it, rendered on first use and dropped whenever the user changes: every change goes through
//! [`UserStore::insert`], [`UserStore::update`] or [`UserStore::remove`], so the cache cannot go
//! stale. A list page is then the cached heads with their `self` links appended.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;

use super::model::User;
use super::render;
use crate::store::{Record, Store};

#[derive(Debug, Default)]
pub(crate) struct UserStore {
    by_id: Store<Stored>,
    /// Lower-cased login → ID.
    by_login: HashMap<String, String>,
    /// Bumped by every change, so results derived from the whole store (a sorted search) can be
    /// reused exactly as long as it is unchanged.
    generation: u64,
}

/// A user and its cached JSON head.
pub(crate) struct Stored {
    pub(crate) user: User,
    head: OnceCell<Box<[u8]>>,
}

impl Stored {
    fn new(user: User) -> Stored {
        Stored {
            user,
            head: OnceCell::new(),
        }
    }

    /// The user's JSON up to `_links` ([`render::user_head`]), rendered once per change.
    pub(crate) fn head(&self) -> &[u8] {
        self.head
            .get_or_init(|| render::user_head(&self.user).into_boxed_slice())
    }
}

impl Record for Stored {
    const KIND: &'static str = "User";
    fn id(&self) -> &str {
        &self.user.id
    }
}

impl fmt::Debug for Stored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.user.fmt(f)
    }
}

impl UserStore {
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    pub(crate) fn get(&self, id: &str) -> Option<&User> {
        self.by_id.get(id).map(|stored| &stored.user)
    }

    pub(crate) fn stored(&self, id: &str) -> Option<&Stored> {
        self.by_id.get(id)
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn insert(&mut self, user: User) {
        self.generation += 1;
        self.by_login
            .insert(user.login().to_lowercase(), user.id.clone());
        self.by_id.insert(Stored::new(user));
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<User> {
        let user = self.by_id.remove(id)?.user;
        self.generation += 1;
        self.by_login.remove(&user.login().to_lowercase());
        Some(user)
    }

    /// Changes a user through `change`, keeping the login index right if the login changes.
    pub(crate) fn update<R>(&mut self, id: &str, change: impl FnOnce(&mut User) -> R) -> Option<R> {
        let stored = self.by_id.get_mut(id)?;
        self.generation += 1;
        stored.head.take();
        let user = &mut stored.user;
        let before = user.login().to_lowercase();
        let result = change(user);
        let after = user.login().to_lowercase();
        if before != after {
            self.by_login.remove(&before);
            self.by_login.insert(after, id.to_owned());
        }
        Some(result)
    }

    /// The ID of the user whose login is `login` (any case).
    pub(crate) fn login_owner(&self, login: &str) -> Option<&str> {
        self.by_login.get(&login.to_lowercase()).map(String::as_str)
    }

    /// Resolves what a `{id}` path segment may hold, in Okta's order: an ID, `me` (the token's
    /// owner), a login, or a login shortname (the part before `@`) if exactly one user has it.
    pub(crate) fn resolve(&self, key: &str, me: Option<&str>) -> Option<String> {
        if self.by_id.contains(key) {
            return Some(key.to_owned());
        }
        if key == "me" {
            return me.filter(|id| self.by_id.contains(id)).map(str::to_owned);
        }
        if let Some(id) = self.login_owner(key) {
            return Some(id.to_owned());
        }
        self.unique_shortname(key)
    }

    fn unique_shortname(&self, key: &str) -> Option<String> {
        if key.is_empty() || key.contains('@') {
            return None;
        }
        let mut owners = self.by_login.iter().filter(|(login, _)| {
            login
                .split_once('@')
                .is_some_and(|(short, _)| short.eq_ignore_ascii_case(key))
        });
        match (owners.next(), owners.next()) {
            (Some((_, id)), None) => Some(id.clone()),
            _ => None,
        }
    }

    /// Users in ID (creation) order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &User> {
        self.by_id.iter().map(|stored| &stored.user)
    }

    /// Renders every user's JSON head now rather than on the first listing (a few ms per
    /// thousand users), so that even the first pass over a large org is served from the cache.
    pub(crate) fn render_all(&self) {
        for stored in self.by_id.iter() {
            stored.head();
        }
    }

    /// Users and their cached JSON in ID order.
    pub(crate) fn iter_stored(&self) -> impl Iterator<Item = &Stored> {
        self.by_id.iter()
    }

    /// Users with an ID greater than `after`, in ID order: one page's worth costs O(log n + page).
    pub(crate) fn after(&self, after: Option<&str>) -> impl Iterator<Item = &Stored> {
        self.by_id.after(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use crate::users::model::{Provider, Status};
    use serde_json::json;

    fn user(id: &str, login: &str) -> User {
        let now = Timestamp::from_millis(0);
        User {
            id: id.into(),
            status: Status::Active,
            created: now,
            activated: None,
            status_changed: None,
            last_login: None,
            last_updated: now,
            password_changed: None,
            type_id: "oty1".into(),
            realm_id: None,
            profile: json!({ "login": login }).as_object().unwrap().clone(),
            password: None,
            recovery: None,
            provider: Provider::default(),
        }
    }

    fn store() -> UserStore {
        let mut store = UserStore::default();
        store.insert(user("00u1", "Ada.Lovelace@example.com"));
        store.insert(user("00u2", "grace@example.com"));
        store.insert(user("00u3", "grace@example.org"));
        store
    }

    #[test]
    fn resolves_ids_logins_shortnames_and_me() {
        let store = store();
        let found = |key: &str| store.resolve(key, Some("00u2"));
        assert_eq!(store.resolve("me", Some("00u9")), None, "a deleted admin");
        assert_eq!(found("00u1").as_deref(), Some("00u1"));
        assert_eq!(found("ada.lovelace@EXAMPLE.com").as_deref(), Some("00u1"));
        assert_eq!(found("ada.lovelace").as_deref(), Some("00u1"));
        assert_eq!(found("me").as_deref(), Some("00u2"));
        assert_eq!(found("grace"), None, "ambiguous shortname");
        assert_eq!(found(""), None);
        assert_eq!(store.resolve("me", None), None);
    }

    #[test]
    fn login_index_follows_updates_and_removals() {
        let mut store = store();
        store.update("00u1", |u| {
            u.profile
                .insert("login".into(), json!("countess@example.com"));
        });
        assert_eq!(store.login_owner("COUNTESS@example.com"), Some("00u1"));
        assert_eq!(store.login_owner("ada.lovelace@example.com"), None);
        store.remove("00u1");
        assert_eq!(store.login_owner("countess@example.com"), None);
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn after_is_an_exclusive_range() {
        let store = store();
        let ids = |after| {
            store
                .after(after)
                .map(|s| s.user.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(None), ["00u1", "00u2", "00u3"]);
        assert_eq!(ids(Some("00u1")), ["00u2", "00u3"]);
        assert_eq!(ids(Some("00u15")), ["00u2", "00u3"]);
        assert!(ids(Some("00u3")).is_empty());
    }

    #[test]
    fn cached_json_follows_changes() {
        let mut store = store();
        let head = |store: &UserStore| {
            String::from_utf8(store.stored("00u1").unwrap().head().to_vec()).unwrap()
        };
        let generation = store.generation();
        assert!(head(&store).contains(r#""login":"Ada.Lovelace@example.com""#));
        store.update("00u1", |u| {
            u.profile
                .insert("login".into(), json!("countess@example.com"));
        });
        assert!(head(&store).contains(r#""login":"countess@example.com""#));
        assert!(store.generation() > generation);
        let generation = store.generation();
        store.insert(user("00u1", "again@example.com"));
        assert!(head(&store).contains(r#""login":"again@example.com""#));
        assert!(store.generation() > generation);
        let generation = store.generation();
        assert!(store.remove("00u9").is_none());
        assert_eq!(store.generation(), generation);
    }
}
