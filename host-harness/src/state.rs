//! Keeping a connection's state between processes: one file per connection, so the OAuth token minted by one
//! `okta-harness run` is reused by the next, and `okta-harness login` can hand its tokens to later runs.
//!
//! Within one process, [`crate::Connection::remember`] is all a host needs; this is the same thing on disk. The
//! state is the component's opaque secret (tokens, the DPoP key): files are created with mode 0600 in a directory
//! with mode 0700, replaced atomically, and their contents are never printed.

use crate::trace::is_secret_key;
use crate::{Connection, Route};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The environment variable that overrides where states are kept.
pub const STATE_DIR_VAR: &str = "OKTA_HARNESS_STATE_DIR";

/// A directory of connection states, one file per connection (and route).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateStore {
    dir: PathBuf,
}

impl StateStore {
    /// A store in `dir` (created on the first save).
    pub fn new(dir: impl Into<PathBuf>) -> StateStore {
        StateStore { dir: dir.into() }
    }

    /// The default store: `$OKTA_HARNESS_STATE_DIR`, else `$XDG_CACHE_HOME/okta-harness`, else
    /// `~/.cache/okta-harness`; `None` when none of these is set.
    pub fn from_env() -> Option<StateStore> {
        StateStore::from_vars(|name| std::env::var_os(name).filter(|v| !v.is_empty()))
    }

    /// [`StateStore::from_env`] with the variables read through `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<StateStore> {
        let dir = var(STATE_DIR_VAR)
            .map(PathBuf::from)
            .or_else(|| var("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("okta-harness")))
            .or_else(|| {
                var("HOME").map(|h| PathBuf::from(h).join(".cache").join("okta-harness"))
            })?;
        Some(StateStore::new(dir))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file for `connection` used through `scope` (where its requests go, such as `fake`, a base URL or
    /// `live`: a token one org issued means nothing to another). The name is the connection key and a hash of
    /// the key, the scope and the connection's non-secret fields (domain, client ID, scopes …), so neither the
    /// name nor the hash depends on a secret, and changing the client ID or the scopes starts afresh.
    pub fn path(&self, connection: &Connection, scope: &str) -> PathBuf {
        let mut fields: Vec<&(String, String)> = connection
            .fields
            .iter()
            .filter(|(k, _)| !is_secret_key(k))
            .collect();
        fields.sort();
        let mut hash = Sha256::new();
        for part in [connection.key.as_str(), scope] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        for (k, v) in fields {
            hash.update(k.as_bytes());
            hash.update([0]);
            hash.update(v.as_bytes());
            hash.update([0]);
        }
        let digest: String = hash.finalize()[..10]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let key: String = connection
            .key
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        self.dir.join(format!("{key}-{digest}.state"))
    }

    /// The stored state of `connection` through `scope`, if there is one.
    pub fn load(&self, connection: &Connection, scope: &str) -> io::Result<Option<String>> {
        match fs::read_to_string(self.path(connection, scope)) {
            Ok(state) if !state.is_empty() => Ok(Some(state)),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Stores `state` for `connection` through `scope` (mode 0600, replacing the file atomically); returns the
    /// file's path.
    pub fn save(&self, connection: &Connection, scope: &str, state: &str) -> io::Result<PathBuf> {
        create_private_dir(&self.dir)?;
        let path = self.path(connection, scope);
        replace_private(&path, state.as_bytes()).map(|()| path)
    }

    /// Forgets the state of `connection` through `scope`; returns whether there was one.
    pub fn remove(&self, connection: &Connection, scope: &str) -> io::Result<bool> {
        match fs::remove_file(self.path(connection, scope)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// The connection-state files of one route: a [`StateStore`] (if the environment names one) and the route's
/// scope, so a command loads and saves states without choosing either again. A file that cannot be read or written
/// is an error the caller reports and otherwise ignores: the call still runs, it only mints a new token.
#[derive(Clone, Debug)]
pub struct StateFiles {
    store: Option<StateStore>,
    scope: String,
}

impl StateFiles {
    /// The files of `route` in `store` (`None`: states are not kept).
    pub fn new(store: Option<StateStore>, route: &Route) -> StateFiles {
        StateFiles {
            store,
            scope: StateFiles::scope_of(route),
        }
    }

    /// The files of `route` in the default store ([`StateStore::from_env`]).
    pub fn from_env(route: &Route) -> StateFiles {
        StateFiles::new(StateStore::from_env(), route)
    }

    /// The scope a route's states are kept under: a token one org issued means nothing to another, so the
    /// in-process fake, each base URL and the live network keep theirs apart.
    pub fn scope_of(route: &Route) -> String {
        match route {
            Route::Fake(_) => "fake".to_owned(),
            Route::BaseUrl(uri) => format!("base-url {uri}"),
            Route::Live => "live".to_owned(),
        }
    }

    /// Whether states are kept at all (the environment named a directory).
    pub fn is_kept(&self) -> bool {
        self.store.is_some()
    }

    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// Puts the stored state (if any) into `connection`; returns the file it came from.
    pub fn load(&self, connection: &mut Connection) -> Result<Option<PathBuf>, StateFileError> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        match store.load(connection, &self.scope) {
            Ok(Some(state)) => {
                connection.state = Some(state);
                Ok(Some(store.path(connection, &self.scope)))
            }
            Ok(None) => Ok(None),
            Err(error) => Err(StateFileError::Read {
                path: store.path(connection, &self.scope),
                error,
            }),
        }
    }

    /// Stores `state` for `connection`; returns the file written (`None` when states are not kept).
    pub fn save(
        &self,
        connection: &Connection,
        state: &str,
    ) -> Result<Option<PathBuf>, StateFileError> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        store
            .save(connection, &self.scope, state)
            .map(Some)
            .map_err(|error| StateFileError::Save {
                path: store.path(connection, &self.scope),
                error,
            })
    }
}

/// A connection-state file that could not be read or written (its path, never its contents).
#[derive(Debug)]
#[non_exhaustive]
pub enum StateFileError {
    Read { path: PathBuf, error: io::Error },
    Save { path: PathBuf, error: io::Error },
}

impl fmt::Display for StateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateFileError::Read { path, error } => write!(
                f,
                "cannot read the connection state {}: {error}",
                path.display()
            ),
            StateFileError::Save { path, error } => write!(
                f,
                "cannot save the connection state to {}: {error}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StateFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StateFileError::Read { error, .. } | StateFileError::Save { error, .. } => Some(error),
        }
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// Replaces the file at `path` with `bytes` atomically (a temporary file beside it, synced, then renamed over
/// it), created with mode 0600: a reader, or a run cut short, sees the old contents or the new, never a mix.
pub fn replace_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(
        ".{}.tmp{}",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let _ = fs::remove_file(&temporary);
    let written = write_private(&temporary, bytes).and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("okta-harness-state-{name}-{}", std::process::id()))
    }

    #[test]
    fn the_default_directory_follows_the_environment() {
        let vars = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                set.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let dir = |set| StateStore::from_vars(vars(set)).map(|s| s.dir);
        assert_eq!(
            dir(&[("HOME", "/h")]),
            Some(PathBuf::from("/h/.cache/okta-harness"))
        );
        assert_eq!(
            dir(&[("HOME", "/h"), ("XDG_CACHE_HOME", "/x")]),
            Some(PathBuf::from("/x/okta-harness"))
        );
        assert_eq!(
            dir(&[("HOME", "/h"), (STATE_DIR_VAR, "/s")]),
            Some(PathBuf::from("/s"))
        );
        assert_eq!(dir(&[]), None);
    }

    #[test]
    fn file_names_ignore_secrets_and_separate_connections_and_scopes() {
        let store = StateStore::new("/s");
        let connection = |secret: &str, client: &str| {
            Connection::new(
                "oauth2AuthorizationCode",
                [
                    ("clientId", client),
                    ("clientSecret", secret),
                    ("oktaDomain", "x.okta.com"),
                ],
            )
        };
        let path = store.path(&connection("one", "c1"), "fake");
        assert_eq!(path, store.path(&connection("two", "c1"), "fake"));
        assert_ne!(path, store.path(&connection("one", "c2"), "fake"));
        assert_ne!(path, store.path(&connection("one", "c1"), "live"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("oauth2AuthorizationCode-") && !name.contains("one"),
            "{name}"
        );
    }

    #[test]
    fn replacing_leaves_no_temporary_file() {
        let dir = temp_dir("replace");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("poll.state");
        replace_private(&path, b"one").unwrap();
        replace_private(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["poll.state"]);
        assert!(replace_private(&dir.join("missing/x.state"), b"x").is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn saves_privately_and_loads_back() {
        let dir = temp_dir("save");
        let _ = fs::remove_dir_all(&dir);
        let store = StateStore::new(dir.join("nested"));
        let connection = Connection::new("oauth2ClientCredentials", [("clientId", "c")]);
        assert_eq!(store.load(&connection, "fake").unwrap(), None);
        let path = store.save(&connection, "fake", "{\"t\":1}").unwrap();
        store.save(&connection, "fake", "{\"t\":2}").unwrap();
        assert_eq!(
            store.load(&connection, "fake").unwrap().as_deref(),
            Some("{\"t\":2}")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir.join("nested")), 0o700);
        }
        assert!(store.remove(&connection, "fake").unwrap());
        assert_eq!(store.load(&connection, "fake").unwrap(), None);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn each_route_keeps_its_states_apart() {
        let base = Route::base_url("http://127.0.0.1:8080").unwrap();
        assert_eq!(StateFiles::scope_of(&Route::default()), "fake");
        assert!(StateFiles::scope_of(&base).starts_with("base-url http://127.0.0.1:8080"));
        assert_eq!(StateFiles::scope_of(&Route::Live), "live");
    }

    #[test]
    fn state_files_load_what_they_saved_and_name_the_file_that_failed() {
        let dir = temp_dir("files");
        let _ = fs::remove_dir_all(&dir);
        let files = StateFiles::new(Some(StateStore::new(&dir)), &Route::Live);
        let mut connection = Connection::new("oauth2ClientCredentials", [("clientId", "c")]);
        assert_eq!(files.load(&mut connection).unwrap(), None);
        let saved = files.save(&connection, "{\"t\":1}").unwrap().unwrap();
        assert_eq!(files.load(&mut connection).unwrap(), Some(saved.clone()));
        assert_eq!(connection.state.as_deref(), Some("{\"t\":1}"));
        // A directory where the file should be: reading it fails, and the error names the file, not the state.
        fs::remove_file(&saved).unwrap();
        fs::create_dir(&saved).unwrap();
        let error = files.load(&mut connection).unwrap_err().to_string();
        assert!(
            error.starts_with("cannot read the connection state "),
            "{error}"
        );
        assert!(
            error.contains(&saved.display().to_string()) && !error.contains("\"t\""),
            "{error}"
        );
        let unkept = StateFiles::new(None, &Route::Live);
        assert!(!unkept.is_kept());
        assert_eq!(unkept.save(&connection, "x").unwrap(), None);
        let _ = fs::remove_dir_all(&dir);
    }
}
