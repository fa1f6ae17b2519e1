//! What an action is, and how the ones that are one plain call run.
//!
//! An action is a row: its manifest entry (key, label, description, inputs) and an [`Op`]. Most of Okta's
//! management API is "one request to a path built from ID inputs, some inputs in the query": such an action is
//! data ([`Op::Call`], [`Op::List`]) and runs here, with the query from the inputs declared `.query()` and the
//! body from those declared `.body_at(…)`. An action that takes several requests, or builds its body by rules
//! of its own, is [`Op::Custom`]: a function in its resource's module.

use serde_json::{Map, Value, json};

use super::common::{self, Pages, USERS};
use crate::client::{Client, Method, Path, Query, Request};
use crate::error::{Error, Result};
use crate::input::{Input, Inputs};
use crate::output::Output;

pub(crate) struct Action {
    pub key: &'static str,
    /// The product page's label, exactly.
    pub label: &'static str,
    pub description: &'static str,
    pub inputs: &'static [Input],
    pub op: Op,
}

/// What an action does.
pub(crate) enum Op {
    /// One request; see [`Call`].
    Call(Call),
    /// A listing: a GET of `path` with the query inputs, read as `pages` says into `{"data": [...]}`.
    List { path: &'static [Seg], pages: Pages },
    /// More than one plain call (reads before writes, bodies with rules), written out in the resource's module.
    Custom(fn(&Client, &Inputs) -> Result<Output>),
}

/// One request made of the inputs.
pub(crate) struct Call {
    pub method: Method,
    pub path: &'static [Seg],
    /// Whether the inputs declared `.body_at(…)` are sent as a JSON body.
    pub body: bool,
    pub reply: Reply,
}

/// A piece of a path.
pub(crate) enum Seg {
    /// Fixed text: a collection path such as [`USERS`], or one segment such as `lifecycle`.
    Fixed(&'static str),
    /// The value of this input, as one encoded segment.
    Id(&'static str),
    /// A user input that may hold a login, resolved to the user's ID: Okta takes IDs only below some paths
    /// (sessions, factors, memberships, assignments).
    UserId(&'static str),
}

/// What the output of a [`Call`] is.
pub(crate) enum Reply {
    /// Okta's answer, as it came.
    Answer,
    /// Okta's answer (an object, often `{}` or an activation link) plus the `id`, `status` and
    /// `transitioningToStatus` of the resource read back from the path up to its last ID: a lifecycle call's
    /// answer does not say what state the resource is in now.
    ReadBack,
    /// `{"id": …, "status": …}` with the value of the input `id` (resolved, for [`Seg::UserId`]): for calls Okta
    /// answers with no content.
    Status {
        id: &'static str,
        status: &'static str,
    },
    /// `{"success": true, "message": …}`, each `{input}` in the message replaced by that input's value
    /// (resolved, for [`Seg::UserId`]).
    Message(&'static str),
}

impl Op {
    /// A GET whose answer is the output.
    pub(crate) const fn get(path: &'static [Seg]) -> Op {
        Op::call(Method::Get, path, Reply::Answer)
    }

    /// A request without a body.
    pub(crate) const fn call(method: Method, path: &'static [Seg], reply: Reply) -> Op {
        Op::Call(Call {
            method,
            path,
            body: false,
            reply,
        })
    }

    /// A POST of the body made of the inputs, whose answer (the new object) is the output.
    pub(crate) const fn create(path: &'static [Seg]) -> Op {
        Op::Call(Call {
            method: Method::Post,
            path,
            body: true,
            reply: Reply::Answer,
        })
    }

    /// A listing, paged as the inputs ask.
    pub(crate) const fn list(path: &'static [Seg]) -> Op {
        Op::List {
            path,
            pages: Pages::Asked,
        }
    }

    /// A listing read to its end.
    pub(crate) const fn list_all(path: &'static [Seg]) -> Op {
        Op::List {
            path,
            pages: Pages::All,
        }
    }

    /// Runs the action with validated inputs.
    pub(crate) fn run(&self, client: &Client, inputs: &Inputs) -> Result<Output> {
        match self {
            Op::Call(call) => call.run(client, inputs),
            Op::List { path, pages } => {
                let path = build_path(client, inputs, path)?;
                common::list(client, &path.path, common::query(inputs), inputs, *pages)
            }
            Op::Custom(run) => run(client, inputs),
        }
    }

    /// The path segments and reply of a data-only action, for checking them against its inputs.
    #[cfg(test)]
    pub(crate) fn parts(&self) -> (&'static [Seg], Option<&Reply>) {
        match self {
            Op::Call(call) => (call.path, Some(&call.reply)),
            Op::List { path, .. } => (path, None),
            Op::Custom(_) => (&[], None),
        }
    }
}

impl Call {
    fn run(&self, client: &Client, inputs: &Inputs) -> Result<Output> {
        let built = build_path(client, inputs, self.path)?;
        let mut request = Request::new(self.method, &built.path, &common::query(inputs));
        if self.body {
            request = request.json(&Value::Object(inputs.body()));
        }
        match &self.reply {
            Reply::Answer => Ok(Output::raw(&client.raw(request)?)),
            Reply::ReadBack => {
                let answer = client.json(request)?;
                Ok(read_back(client, &built, answer))
            }
            Reply::Status { id, status } => {
                client.json(request)?;
                Ok(Output::data(
                    json!({ "id": built.value(id)?, "status": status }),
                ))
            }
            Reply::Message(template) => {
                client.json(request)?;
                let mut message = template.to_string();
                for (key, value) in &built.values {
                    message = message.replace(&format!("{{{key}}}"), value);
                }
                Ok(Output::data(json!({ "success": true, "message": message })))
            }
        }
    }
}

/// A path made of the inputs, with the values that went into it (resolved).
struct BuiltPath {
    path: Path,
    /// The path up to and including its last input segment: the resource a lifecycle call acts on.
    resource: Option<Path>,
    values: Vec<(&'static str, String)>,
}

impl BuiltPath {
    fn value(&self, key: &str) -> Result<&str> {
        self.values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Error::invalid(key, "a value (required)"))
    }
}

/// Builds `segments` into a path: fixed text as is, input values as single encoded segments, user inputs
/// resolved to IDs first.
fn build_path(client: &Client, inputs: &Inputs, segments: &[Seg]) -> Result<BuiltPath> {
    let mut built = BuiltPath {
        path: Path::new(""),
        resource: None,
        values: Vec::new(),
    };
    for segment in segments {
        built.path = match segment {
            Seg::Fixed(text) if text.starts_with('/') => Path::new(text),
            Seg::Fixed(text) => built.path.lit(text),
            Seg::Id(key) | Seg::UserId(key) => {
                let value = match segment {
                    Seg::UserId(_) => resolve_user_id(client, inputs, key)?,
                    _ => inputs.str(key)?.to_string(),
                };
                let path = built.path.seg(key, &value)?;
                built.values.push((key, value));
                built.resource = Some(path.clone());
                path
            }
        };
    }
    Ok(built)
}

/// The path `segments` make of the inputs.
pub(crate) fn path(client: &Client, inputs: &Inputs, segments: &[Seg]) -> Result<Path> {
    Ok(build_path(client, inputs, segments)?.path)
}

/// Okta's answer to a lifecycle call with the resource's new status read back.
fn read_back(client: &Client, built: &BuiltPath, answer: Value) -> Output {
    let mut output = match answer {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let read = match &built.resource {
        Some(resource) => client.get(resource, &Query::new()),
        None => Err(Error::invalid("id", "a path with an ID")),
    };
    match read {
        Ok(resource) => {
            output.insert("id".into(), resource["id"].clone());
            output.insert("status".into(), resource["status"].clone());
            if let Some(next) = resource
                .get("transitioningToStatus")
                .filter(|v| !v.is_null())
            {
                output.insert("transitioningToStatus".into(), next.clone());
            }
        }
        // The call has happened: failing to read the new status must not make it look as if it had not.
        Err(error) => {
            eprintln!("okta: the call succeeded, but reading the new status failed: {error}");
            if let Some((_, id)) = built.values.last() {
                output.insert("id".into(), id.as_str().into());
            }
        }
    }
    Output::data(Value::Object(output))
}

/// The `00u…` ID for an input that may hold a login: sessions, factors, memberships and assignments take IDs
/// only, so a login is looked up first.
pub(crate) fn resolve_user_id(client: &Client, inputs: &Inputs, input: &str) -> Result<String> {
    let value = inputs.str(input)?;
    if is_user_id(value) {
        return Ok(value.to_string());
    }
    user_id_of(&client.get(&Path::new(USERS).seg(input, value)?, &Query::new())?)
}

/// Okta user IDs are 20 characters, `00u` then letters and digits.
fn is_user_id(value: &str) -> bool {
    value.len() == 20
        && value.starts_with("00u")
        && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The `id` of a user object Okta returned.
pub(crate) fn user_id_of(user: &Value) -> Result<String> {
    user["id"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::Transport("Okta's user object has no `id`".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_recognised_and_logins_are_not() {
        assert!(is_user_id("00u1abcd2EFGHijkL3m4"));
        assert!(!is_user_id("john.doe@example.com"));
        assert!(!is_user_id("00u1abcd2EFGHijkL3m/"));
    }
}
