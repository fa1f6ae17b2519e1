//! `GET /api/v1/apps`: apps in ID order, paged by `limit` (default and maximum 200) and `after`.
//!
//! - `q`: `name` or `label` starts with the value, ignoring case.
//! - `filter`: `eq` on `id`, `name`, `status`, `user.id` (apps the user is assigned to),
//!   `credentials.signing.kid` and `settings.slo.enabled`, joined by `and`/`or`; exact case.
//!   Anything else is 400 E0000031.
//! - `includeNonDeleted=true` adds INACTIVE apps, which are otherwise left out. A filter on
//!   `status` sees them too, so `status eq "INACTIVE"` finds them without the flag.
//! - `expand=user/{userId}` embeds that user's assignment (`_embedded.user`) in each app.

use serde_json::Value;

use super::assignments::app_user_json;
use super::crud::expanded_user;
use super::model::{APP_PREFIX, App, AppStore, SignOnMode};
use super::render::write_app;
use crate::errors::ApiError;
use crate::listing::{self, id_page, json_array, non_empty, page_reply};
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;
use crate::scim::{Case, Field, Filter, Grammar, Kind, Op, Subject};

const MAX_LIMIT: usize = 200;

const FILTER: Grammar = Grammar {
    kind: filter_kind,
    allows: |_, op| op == Some(Op::Eq),
    case: Case::Sensitive,
};

/// `settings.slo.enabled` of the SAML apps: single logout is off.
static SLO_DISABLED: Value = Value::Bool(false);

pub(super) fn list(org: &mut Org, req: &ApiRequest, _: &[String]) -> Result<Reply, ApiError> {
    let limit = listing::limit(&req.query, MAX_LIMIT, MAX_LIMIT)?;
    let mut include_inactive = req.query.bool("includeNonDeleted", false)?;
    req.query.bool("useOptimization", false)?;
    req.query.bool("alwaysIncludeVpnSettings", false)?;
    let filter = non_empty(req.query.get("filter"))
        .map(|text| Filter::parse(text, &FILTER))
        .transpose()
        .map_err(|e| ApiError::invalid_search(&e.to_string()))?;
    if let Some(filter) = &filter {
        include_inactive |= filter.attributes().contains(&"status");
    }
    let prefix = non_empty(req.query.get("q")).map(str::to_lowercase);
    let cursor = listing::after(&req.query, APP_PREFIX)?;
    let hits = org
        .apps
        .after(cursor.as_ref().map(|c| c.id.as_str()))
        .filter(|app| app.is_active() || include_inactive)
        .filter(|app| prefix.as_deref().is_none_or(|p| starts_with(app, p)))
        .filter(|app| {
            filter.as_ref().is_none_or(|f| {
                f.matches(&Candidate {
                    app,
                    apps: &org.apps,
                })
            })
        });
    let (page, next) = id_page(hits, limit, |app| &app.id);
    let expand_user = expanded_user(&req.query);
    let body = json_array(&page, |out, app| {
        let embedded = expand_user
            .and_then(|user| org.apps.assignment(&app.id, user))
            .map(|assignment| app_user_json(org, assignment, &req.origin, false));
        write_app(out, app, &req.origin, embedded.as_deref());
    });
    Ok(page_reply(body, req, limit, next.as_ref()))
}

fn starts_with(app: &App, prefix: &str) -> bool {
    app.name.to_lowercase().starts_with(prefix) || app.label.to_lowercase().starts_with(prefix)
}

/// An app as a filter sees it: its own attributes and who is assigned to it.
struct Candidate<'a> {
    app: &'a App,
    apps: &'a AppStore,
}

impl Subject for Candidate<'_> {
    fn field(&self, attribute: &str) -> Field<'_> {
        let app = self.app;
        match attribute {
            "id" => Field::Text(&app.id),
            "name" => Field::Text(&app.name),
            "status" => Field::Text(app.status.as_str()),
            "credentials.signing.kid" => app
                .signing_kid
                .as_deref()
                .map_or(Field::Missing, Field::Text),
            "settings.slo.enabled" => match app.sign_on_mode {
                Some(SignOnMode::Saml2 | SignOnMode::WsFederation) => Field::Json(&SLO_DISABLED),
                _ => Field::Missing,
            },
            "user.id" => Field::Many(
                self.apps
                    .users_of(&app.id, None)
                    .map(|assignment| Field::Text(&assignment.user_id))
                    .collect(),
            ),
            _ => Field::Missing,
        }
    }
}

fn filter_kind(attribute: &str) -> Option<Kind> {
    matches!(
        attribute,
        "id" | "name" | "status" | "user.id" | "credentials.signing.kid" | "settings.slo.enabled"
    )
    .then_some(Kind::Value)
}
