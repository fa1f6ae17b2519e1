//! The org's data: everything a handler may read or change. Plumbing (faults, request log, rate
//! counters) lives beside it in `FakeOrg`, so handlers cannot touch it.

use super::apps::AppStore;
use super::event_hooks::HookStore;
use super::event_hooks::verification::Challenges;
use super::factors::FactorStore;
use super::groups::{GroupStore, GroupType};
use super::ids::IdGen;
use super::logs::LogStore;
use super::policies::PolicyStore;
use super::realms::RealmStore;
use super::time::Timestamp;
use super::user_types::UserType;
use super::users::{SortedCache, UserStore};

/// Seed of the ID generator: fixed, so the same configuration always yields the same IDs.
const ID_SEED: u64 = 0x0c7a_f00d_2025_0929;

#[derive(Debug)]
pub(crate) struct Org {
    pub(crate) ids: IdGen,
    pub(crate) users: UserStore,
    pub(crate) groups: GroupStore,
    /// The org's default user type, the one every user has unless the client names another.
    pub(crate) user_type: UserType,
    /// The other user types (`Contractor`), listed after the default one.
    pub(crate) other_user_types: Vec<UserType>,
    pub(crate) apps: AppStore,
    pub(crate) hooks: HookStore,
    /// Between the two runs of an event hook verification (`event_hooks::verification`).
    pub(crate) challenges: Challenges,
    pub(crate) factors: FactorStore,
    pub(crate) realms: RealmStore,
    pub(crate) policies: PolicyStore,
    pub(crate) log: LogStore,
    /// The API token's owner: what `/api/v1/users/me` resolves to.
    pub(crate) admin_id: Option<String>,
    /// The last sorted user search, reused while the users are unchanged.
    pub(crate) sorted: SortedCache,
    /// How long a new user stays invisible to `search` (ms; see `polling.rs`).
    pub(crate) search_lag_ms: i64,
}

impl Org {
    /// An org as Okta creates one: the default user type and the built-in `Everyone` group.
    pub(crate) fn new(created: Timestamp) -> Org {
        let mut ids = IdGen::new(ID_SEED);
        let user_type = UserType::default_type(&mut ids, created);
        let mut groups = GroupStore::default();
        groups.create(
            &mut ids,
            "Everyone",
            "All users in your organization",
            GroupType::BuiltIn,
            created,
        );
        Org {
            ids,
            users: UserStore::default(),
            groups,
            user_type,
            other_user_types: Vec::new(),
            apps: AppStore::default(),
            hooks: HookStore::default(),
            challenges: Challenges::default(),
            factors: FactorStore::default(),
            realms: RealmStore::default(),
            policies: PolicyStore::default(),
            log: LogStore::default(),
            admin_id: None,
            sorted: SortedCache::default(),
            search_lag_ms: 0,
        }
    }

    /// Resolves a path's user reference (ID, login, `me`, unambiguous shortname) to an ID.
    pub(crate) fn resolve_user(&self, key: &str) -> Option<String> {
        self.users.resolve(key, self.admin_id.as_deref())
    }
}
