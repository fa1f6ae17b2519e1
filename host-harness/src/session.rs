//! A command's session: where its requests go, the connection it calls with, and that connection's stored state,
//! set up the way every `okta-harness` command that calls the component sets them up.
//!
//! * **Route.** [`route`]: a base URL, the live network, or a fresh in-process fake org with the default OAuth
//!   apps and the hook sender.
//! * **Connection.** [`connection`]: the fields from the `OKTA_*` environment variables, else (against a fake org)
//!   the fake org's own credentials.
//! * **State.** [`Session::open`] loads the connection's stored state from the route's [`StateFiles`], or on the
//!   in-process fake org (new for every command) authorizes an authorization code connection without a browser.
//!
//! Nothing here prints: what a command line tells its user along the way comes back as [`Note`]s.

use crate::fake_apps::{self, DEFAULT_REDIRECT_URI};
use crate::fake_org::{FakeOrg, FakeOrgConfig};
use crate::login::LoginError;
use crate::state::{StateFileError, StateFiles};
use crate::{
    CallError, CallOptions, Connection, ConnectionKind, Harness, InvalidBaseUrl, Manifest, Route,
    hook_sender,
};
use std::fmt;
use std::path::PathBuf;

/// Where a command's requests go: `base_url`, the live network, or a fresh in-process fake org with the default
/// OAuth apps (and `redirect_uris` allowed on its web app) whose event hooks are called over HTTP.
///
/// # Panics
/// For the fake org, outside a tokio runtime (the hook sender delivers on it).
pub fn route(
    base_url: Option<&str>,
    live: bool,
    redirect_uris: &[&str],
) -> Result<Route, InvalidBaseUrl> {
    Ok(match (base_url, live) {
        (Some(url), _) => Route::base_url(url)?,
        (None, true) => Route::Live,
        (None, false) => {
            let org = FakeOrg::new(FakeOrgConfig::default());
            fake_apps::register_default_apps_with(&org, redirect_uris);
            hook_sender::install(&org);
            Route::Fake(org)
        }
    })
}

/// Whether the manifest's connection `key` is authorized by a person, through the authorization code flow.
pub fn is_authorization_code(manifest: &Manifest, key: &str) -> bool {
    manifest
        .connection(key)
        .is_some_and(|c| c.kind == ConnectionKind::OauthAuthorizationCode)
}

/// The connection `key` with its fields from the environment (see [`Connection::from_env`]); against a fake org
/// with none set, the fake org's own credentials. A domain set in the environment that the in-process fake org
/// does not answer adds a [`Note::DomainIgnored`] to `notes`.
pub fn connection(
    manifest: &Manifest,
    key: &str,
    route: &Route,
    notes: &mut Vec<Note>,
) -> Result<Connection, UnknownConnection> {
    connection_from_vars(manifest, key, route, notes, |name| std::env::var(name).ok())
}

/// [`connection`] with the environment read through `var`.
pub fn connection_from_vars(
    manifest: &Manifest,
    key: &str,
    route: &Route,
    notes: &mut Vec<Note>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Connection, UnknownConnection> {
    let Some(def) = manifest.connection(key) else {
        return Err(UnknownConnection {
            key: key.to_owned(),
            known: manifest.connections.iter().map(|c| c.key.clone()).collect(),
        });
    };
    if let Some(connection) = Connection::from_vars(def, var) {
        if let Route::Fake(_) = route {
            notes.extend(domain_ignored(&connection));
        }
        return Ok(connection);
    }
    let empty = || Connection::new(&def.key, Vec::<(String, String)>::new());
    Ok(match route {
        Route::Fake(org) => Connection::fake_for(&def.key, org).unwrap_or_else(empty),
        // `okta-harness serve` has the default token and apps too.
        Route::BaseUrl(_) => {
            let org = FakeOrg::new(FakeOrgConfig {
                users: 0,
                ..FakeOrgConfig::default()
            });
            Connection::fake_for(&def.key, &org).unwrap_or_else(empty)
        }
        Route::Live => empty(),
    })
}

/// A note when the connection's domain is not the fake org's, which is the only one the in-process fake answers.
fn domain_ignored(connection: &Connection) -> Option<Note> {
    connection
        .field("oktaDomain")
        .filter(|d| !d.contains(FakeOrg::DOMAIN))
        .map(|domain| Note::DomainIgnored {
            domain: domain.to_owned(),
        })
}

/// The connection `key` to log in on `route` (as `okta-harness login` does): only an authorization code connection
/// logs in (the others' tokens are minted by their calls); its fields as [`connection`] finds them.
pub async fn login_connection(
    harness: &Harness,
    route: &Route,
    key: &str,
    notes: &mut Vec<Note>,
) -> Result<Connection, SessionError> {
    let manifest = harness.manifest().await.map_err(SessionError::Manifest)?;
    if !is_authorization_code(&manifest, key) {
        return Err(SessionError::NotAuthorizationCode {
            connection: key.to_owned(),
        });
    }
    Ok(connection(&manifest, key, route, notes)?)
}

/// A route, the connection to call with (its stored state in it) and the route's state files: ready to call.
#[derive(Debug)]
pub struct Session {
    pub route: Route,
    pub connection: Connection,
    /// Where the connection's new state goes after a call that changed it.
    pub states: StateFiles,
    /// Whether the connection is an authorization code connection (a 401 may mean: log in again).
    pub authorization_code: bool,
}

impl Session {
    /// Sets up a call on `route` with the manifest's connection `connection_key` (see [`connection`]) and the
    /// route's state files from the environment: the connection's stored state is loaded, except on the
    /// in-process fake org, which is new for every command, so an authorization code connection is authorized on
    /// it first, without a browser, as `okta-harness login` would. What a user may want to know along the way
    /// goes to `notes`, in order, whether or not the set-up succeeds.
    pub async fn open(
        harness: &Harness,
        route: Route,
        connection_key: &str,
        notes: &mut Vec<Note>,
    ) -> Result<Session, SessionError> {
        let states = StateFiles::from_env(&route);
        Session::open_with(harness, route, connection_key, states, notes).await
    }

    /// [`Session::open`] with the state files given.
    pub async fn open_with(
        harness: &Harness,
        route: Route,
        connection_key: &str,
        states: StateFiles,
        notes: &mut Vec<Note>,
    ) -> Result<Session, SessionError> {
        let manifest = harness.manifest().await.map_err(SessionError::Manifest)?;
        let mut connection = connection(&manifest, connection_key, &route, notes)?;
        if !states.is_kept() {
            notes.push(Note::StatesNotKept);
        }
        let authorization_code = is_authorization_code(&manifest, &connection.key);
        if matches!(route, Route::Fake(_)) && authorization_code {
            // Tokens from an earlier `login` mean nothing to a new org: authorize on it now.
            let state = harness
                .authorize_without_browser(
                    &connection,
                    DEFAULT_REDIRECT_URI,
                    CallOptions::new(route.clone()),
                )
                .await
                .map_err(|error| SessionError::Authorize {
                    connection: connection.key.clone(),
                    error,
                })?;
            notes.push(Note::AuthorizedOnFake {
                connection: connection.key.clone(),
            });
            connection.state = Some(state.into_string());
        } else {
            match states.load(&mut connection) {
                Ok(Some(path)) => notes.push(Note::StateLoaded(path)),
                Ok(None) => {}
                Err(error) => notes.push(Note::StateUnreadable(error)),
            }
        }
        Ok(Session {
            route,
            connection,
            states,
            authorization_code,
        })
    }
}

/// Something a session set-up did or noticed, for a command line to tell its user (its `Display` is the line
/// `okta-harness` prints; none holds a secret).
#[derive(Debug)]
#[non_exhaustive]
pub enum Note {
    /// `OKTA_DOMAIN` names another org, but requests go to the in-process fake org.
    DomainIgnored { domain: String },
    /// No directory for connection states (no `HOME`): OAuth tokens are not kept between runs.
    StatesNotKept,
    /// The connection's stored state was loaded from this file.
    StateLoaded(PathBuf),
    /// The connection's state file could not be read (the call mints a new token).
    StateUnreadable(StateFileError),
    /// The authorization code connection was authorized on the in-process fake org first.
    AuthorizedOnFake { connection: String },
}

impl Note {
    /// Whether the note is a detail (shown with `--trace`) rather than something a user should always see.
    pub fn is_detail(&self) -> bool {
        matches!(self, Note::StateLoaded(_))
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::DomainIgnored { domain } => write!(
                f,
                "note: OKTA_DOMAIN={domain} but neither --live nor --base-url was given; requests go to the \
                 in-process fake org, which only answers https://{}",
                FakeOrg::DOMAIN
            ),
            Note::StatesNotKept => f.write_str(
                "note: HOME is not set; connection state (OAuth tokens) is not kept between runs \
                 (set OKTA_HARNESS_STATE_DIR)",
            ),
            Note::StateLoaded(path) => {
                write!(f, "connection state: loaded from {}", path.display())
            }
            Note::StateUnreadable(error) => write!(f, "note: {error}"),
            Note::AuthorizedOnFake { connection } => write!(
                f,
                "note: authorized {connection} on the in-process fake org first (it is new for every command)"
            ),
        }
    }
}

/// A connection key the component does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownConnection {
    pub key: String,
    /// The keys the component has, in manifest order.
    pub known: Vec<String>,
}

impl fmt::Display for UnknownConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no connection `{}`; the component has: {}",
            self.key,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownConnection {}

/// Why a session could not be set up.
#[derive(Debug)]
#[non_exhaustive]
pub enum SessionError {
    /// The component's manifest could not be read.
    Manifest(CallError),
    UnknownConnection(UnknownConnection),
    /// Only an authorization code connection logs in (see [`login_connection`]).
    NotAuthorizationCode {
        connection: String,
    },
    /// The authorization code connection could not be authorized on the in-process fake org.
    Authorize {
        connection: String,
        error: LoginError,
    },
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Manifest(error) => error.fmt(f),
            SessionError::UnknownConnection(unknown) => unknown.fmt(f),
            SessionError::NotAuthorizationCode { connection } => write!(
                f,
                "`{connection}` is not an authorization code connection; only those log in (try --connection \
                 oauth2AuthorizationCode). Other connections need no login: `run` mints their tokens."
            ),
            SessionError::Authorize { connection, error } => write!(
                f,
                "cannot authorize {connection} on the in-process fake org: {error}"
            ),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<UnknownConnection> for SessionError {
    fn from(unknown: UnknownConnection) -> Self {
        SessionError::UnknownConnection(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConnectionDef, InputDef, InputType};

    fn input(key: &str) -> InputDef {
        InputDef {
            key: key.to_owned(),
            label: key.to_owned(),
            input_type: InputType::String,
            required: true,
            default: None,
            example: None,
            comments: None,
            allowed_values: Vec::new(),
            data_source: None,
        }
    }

    fn manifest() -> Manifest {
        let def = |key: &str, kind| ConnectionDef {
            key: key.to_owned(),
            label: key.to_owned(),
            description: String::new(),
            kind,
            inputs: vec![input("oktaDomain"), input("apiToken")],
        };
        Manifest {
            key: "okta-management-api".to_owned(),
            name: "Okta".to_owned(),
            description: String::new(),
            version: "0.0.0".to_owned(),
            connections: vec![
                def("apiToken", ConnectionKind::ApiToken),
                def(
                    "oauth2AuthorizationCode",
                    ConnectionKind::OauthAuthorizationCode,
                ),
            ],
            actions: Vec::new(),
            data_sources: Vec::new(),
            triggers: Vec::new(),
        }
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn an_unknown_connection_names_the_known_ones() {
        let mut notes = Vec::new();
        let error =
            connection_from_vars(&manifest(), "saml", &Route::Live, &mut notes, none).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no connection `saml`; the component has: apiToken, oauth2AuthorizationCode"
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn fields_come_from_the_environment_else_from_the_fake_org() {
        let mut notes = Vec::new();
        let base = Route::base_url("http://127.0.0.1:9").unwrap();
        let fake = connection_from_vars(&manifest(), "apiToken", &base, &mut notes, none).unwrap();
        assert!(fake.field("apiToken").is_some_and(|t| !t.is_empty()));
        let live = connection_from_vars(&manifest(), "apiToken", &Route::Live, &mut notes, none);
        assert!(live.unwrap().fields.is_empty());
        let env = |name: &str| (name == "OKTA_DOMAIN").then(|| "acme.okta.com".to_owned());
        let from_env =
            connection_from_vars(&manifest(), "apiToken", &Route::Live, &mut notes, env).unwrap();
        assert_eq!(from_env.field("oktaDomain"), Some("acme.okta.com"));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn another_domain_on_the_in_process_fake_org_is_noted() {
        let mut notes = Vec::new();
        let env = |name: &str| (name == "OKTA_DOMAIN").then(|| "acme.okta.com".to_owned());
        let fake = Route::Fake(FakeOrg::sample());
        connection_from_vars(&manifest(), "apiToken", &fake, &mut notes, env).unwrap();
        let [note] = notes.as_slice() else {
            panic!("{notes:?}");
        };
        assert!(
            note.to_string()
                .starts_with("note: OKTA_DOMAIN=acme.okta.com but neither --live nor --base-url"),
            "{note}"
        );
        assert!(!note.is_detail());
    }

    #[test]
    fn only_authorization_code_connections_log_in() {
        assert!(is_authorization_code(
            &manifest(),
            "oauth2AuthorizationCode"
        ));
        assert!(!is_authorization_code(&manifest(), "apiToken"));
        assert!(!is_authorization_code(&manifest(), "unknown"));
    }
}
