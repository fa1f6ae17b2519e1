//! The one store of the org's objects: by Okta ID, in ID order. Okta's IDs grow with creation
//! time, so ID order is creation order, and an `after` cursor (the last ID of a page) is the start
//! of a range: a page costs O(log n + page), however large the org.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

use super::errors::ApiError;

/// An object the org keeps by its ID.
pub(crate) trait Record {
    /// The type Okta names in a 404 (`Not found: Resource not found: {id} (UserGroup)`).
    const KIND: &'static str;
    fn id(&self) -> &str;
}

pub(crate) struct Store<T> {
    items: BTreeMap<String, T>,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store {
            items: BTreeMap::new(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.items.values()).finish()
    }
}

impl<T: Record> Store<T> {
    /// Adds the object, or replaces the one with its ID.
    pub(crate) fn insert(&mut self, item: T) {
        self.items.insert(item.id().to_owned(), item);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&T> {
        self.items.get(id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.items.get_mut(id)
    }

    /// The object a path's `{id}` names, or Okta's 404 for its kind: the one 404 of every resource.
    pub(crate) fn found(&self, id: &str) -> Result<&T, ApiError> {
        self.get(id).ok_or_else(|| ApiError::not_found(id, T::KIND))
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.items.contains_key(id)
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<T> {
        self.items.remove(id)
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Every object in ID (creation) order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.values()
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.items.values_mut()
    }

    /// The objects with an ID greater than `after` (all of them for `None`), in ID order.
    pub(crate) fn after(&self, after: Option<&str>) -> impl Iterator<Item = &T> {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.items
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, item)| item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Thing(&'static str);

    impl Record for Thing {
        const KIND: &'static str = "Thing";
        fn id(&self) -> &str {
            self.0
        }
    }

    fn ids<'a>(things: impl Iterator<Item = &'a Thing>) -> Vec<&'static str> {
        things.map(|thing| thing.0).collect()
    }

    #[test]
    fn keeps_id_order_and_pages_after_an_id() {
        let mut store = Store::default();
        for id in ["t3", "t1", "t2"] {
            store.insert(Thing(id));
        }
        assert_eq!(ids(store.iter()), ["t1", "t2", "t3"]);
        assert_eq!(ids(store.after(None)), ["t1", "t2", "t3"]);
        assert_eq!(ids(store.after(Some("t1"))), ["t2", "t3"]);
        assert_eq!(ids(store.after(Some("t15"))), ["t2", "t3"]);
        assert_eq!(ids(store.after(Some("t3"))), Vec::<&str>::new());
        assert_eq!(store.remove("t2"), Some(Thing("t2")));
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn an_unknown_id_is_okta_s_404_for_the_kind() {
        let mut store = Store::default();
        store.insert(Thing("t1"));
        assert!(store.found("t1").is_ok());
        let error = store.found("t9").unwrap_err();
        assert_eq!((error.status.as_u16(), error.code), (404, "E0000007"));
        assert_eq!(error.summary, "Not found: Resource not found: t9 (Thing)");
    }
}
