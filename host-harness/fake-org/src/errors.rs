//! Okta's error body (`Error` in the spec): `{errorCode, errorSummary, errorLink, errorId, errorCauses}`.
//!
//! Codes, statuses and summaries are those of Okta's `data/error-codes.json` and of the recordings;
//! `errorLink` repeats the code as the real API currently does, and `errorId` is a fresh `oae…` value.

use http::StatusCode;

use super::json::Object;

/// An error on its way to becoming a response. Handlers return it with `?`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) summary: String,
    pub(crate) causes: Vec<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, summary: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    pub(crate) fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    /// 400 E0000001 `Api validation failed: {what}` (the recorded wording, lower-case "pi").
    pub(crate) fn validation(what: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000001",
            format!("Api validation failed: {what}"),
        )
    }

    /// 400 E0000003: the body is not JSON, or not the JSON shape the endpoint reads.
    pub(crate) fn malformed_body() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000003",
            "The request body was not well-formed.",
        )
    }

    /// 404 E0000007 `Not found: Resource not found: {key} ({kind})`, as recorded for users.
    pub(crate) fn not_found(key: &str, kind: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {key} ({kind})"),
        )
    }

    /// 404 for a path no route knows, in the same E0000007 shape.
    pub(crate) fn unknown_path(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {path}"),
        )
    }

    /// 401 E0000011: missing, malformed or wrong `Authorization`.
    pub(crate) fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        )
    }

    /// 403 E0000014, e.g. a wrong `oldPassword` on change_password.
    pub(crate) fn credentials_update_failed(cause: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000014",
            "Update of credentials failed",
        )
        .with_cause(cause)
    }

    /// 403 E0000016: activate on a user that is already ACTIVE.
    pub(crate) fn already_active() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000016",
            "Activation failed because the user is already active",
        )
    }

    /// 405 E0000022: the path exists, the method does not.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
    }

    /// 400 E0000028: a required query parameter is missing (`reset_password` without `sendEmail`).
    pub(crate) fn missing_parameter() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000028",
            "The request is missing a required parameter.",
        )
    }

    /// 400 E0000031, for a `filter` or `search` expression the fake cannot (or Okta would not) evaluate.
    pub(crate) fn invalid_search(cause: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000031",
            "Invalid search criteria.",
        )
        .with_cause(cause)
    }

    /// 403 E0000032, recorded: unlock of a user that is not LOCKED_OUT.
    pub(crate) fn unlock_not_allowed() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000032",
            "Unlock is not allowed for this user.",
        )
        .with_cause("The user is not locked out.")
    }

    /// 400 E0000033: `search` and `filter` in one request.
    pub(crate) fn search_and_filter() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000033",
            "Bad request. Can't specify a search query and filter in the same request.",
        )
    }

    /// 403 E0000035: change_password on a user whose status or credentials do not allow it.
    pub(crate) fn change_password_not_allowed() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000035",
            "Change password not allowed on specified user.",
        )
    }

    /// 403 E0000038, recorded: a lifecycle operation the user's status does not allow.
    pub(crate) fn wrong_status() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000038",
            "This operation is not allowed in the user's current status.",
        )
    }

    /// 429 E0000047, recorded.
    pub(crate) fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// 400 E0000093 (spec example): more than 20 `groupIds` on createUser.
    pub(crate) fn too_many_groups() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000093",
            "Target count limit exceeded",
        )
        .with_cause("The number of group targets is too large")
    }

    /// 5xx E0000009 for an injected server error.
    pub(crate) fn server_error(status: StatusCode) -> Self {
        let summary = status.canonical_reason().unwrap_or("Internal Server Error");
        Self::new(status, "E0000009", summary)
    }

    /// The JSON body, with `error_id` as `errorId`, keys in the recorded order.
    pub(crate) fn body(&self, error_id: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let mut body = Object::new(&mut out);
        body.str("errorCode", self.code)
            .str("errorSummary", &self.summary)
            .str("errorLink", self.code)
            .str("errorId", error_id);
        let causes = body.key("errorCauses");
        causes.push(b'[');
        for (index, cause) in self.causes.iter().enumerate() {
            if index > 0 {
                causes.push(b',');
            }
            let mut entry = Object::new(causes);
            entry.str("errorSummary", cause);
            entry.end();
        }
        causes.push(b']');
        body.end();
        out
    }
}

/// Field-level validation failures, gathered so one response lists them all as Okta does:
/// `Api validation failed: {first field}` with one `"{field}: {message}"` cause each.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<(String, String)>);

impl Violations {
    pub(crate) fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub(crate) fn into_result(self) -> Result<(), ApiError> {
        let Some((first, _)) = self.0.first() else {
            return Ok(());
        };
        let mut error = ApiError::validation(first);
        for (field, message) in &self.0 {
            error = error.with_cause(format!("{field}: {message}"));
        }
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_okta_shape() {
        let body = ApiError::not_found("00uX", "User").body("oaeX");
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00uX (User)","errorLink":"E0000007","errorId":"oaeX","errorCauses":[]}"#
        );
        let unlock = ApiError::unlock_not_allowed()
            .with_cause("A \"second\" cause")
            .body("oaeY");
        assert_eq!(
            String::from_utf8(unlock).unwrap(),
            r#"{"errorCode":"E0000032","errorSummary":"Unlock is not allowed for this user.","errorLink":"E0000032","errorId":"oaeY","errorCauses":[{"errorSummary":"The user is not locked out."},{"errorSummary":"A \"second\" cause"}]}"#
        );
    }

    #[test]
    fn violations_name_the_first_field_and_list_all() {
        let mut violations = Violations::default();
        violations.add("login", "The field cannot be left blank");
        violations.add("email", "Does not match required pattern");
        let error = violations.into_result().unwrap_err();
        assert_eq!(error.summary, "Api validation failed: login");
        assert_eq!(
            error.causes,
            [
                "login: The field cannot be left blank",
                "email: Does not match required pattern"
            ]
        );
        assert_eq!(Violations::default().into_result(), Ok(()));
    }
}
