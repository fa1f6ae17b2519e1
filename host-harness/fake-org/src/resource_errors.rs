//! Okta errors of the resources beyond users (groups, apps, event hooks, factors, policies, the
//! System Log), beside the users' ones in [`errors`](super::errors). Each says where its code and
//! wording come from.

use http::StatusCode;

use super::errors::ApiError;

impl ApiError {
    /// 403 E0000006 (the spec's `ErrorAccessDenied`), with a cause saying why: what the spec
    /// declares for a change Okta refuses on that object (editing `Everyone`, deleting an active
    /// event hook).
    pub(crate) fn no_permission(cause: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        )
        .with_cause(cause)
    }

    /// 400 E0000001 `Api validation failed: {field}` / `{field}: The field cannot be left blank`.
    pub(crate) fn blank(field: &str) -> Self {
        Self::validation(field).with_cause(format!("{field}: The field cannot be left blank"))
    }

    /// 400 E0000002, as Okta answers a policy type it does not list (okta-sdk-dotnet #331,
    /// terraform-provider-okta #64).
    pub(crate) fn invalid_policy_type() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000002",
            "The request was not valid: Invalid policy type specified",
        )
    }

    /// 400 E0000041 (spec example `ErrorAppUserUpdateBadRequest`): a password for an app whose
    /// sign-on scheme does not take user credentials.
    pub(crate) fn credentials_not_allowed() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000041",
            "Credentials should not be set on this resource based on the scheme.",
        )
        .with_cause("User level credentials should not be provided for this scheme.")
    }

    /// 400 E0000053, the System Log's error for a query it cannot run (the System Log query
    /// guide): an invalid filter, an unknown field, a `since` too far back.
    pub(crate) fn invalid_log_query(summary: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "E0000053", summary)
    }

    /// 400 E0000031 with the System Log's wording for an operator a field does not support.
    pub(crate) fn unsupported_log_operator(op: &str, field: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000031",
            format!(
                "The supplied combination of operator and field is not currently supported. \
                 Operator: {op}, Field: {field}"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses() {
        let cases = [
            (ApiError::no_permission("why"), 403, "E0000006"),
            (ApiError::blank("name"), 400, "E0000001"),
            (ApiError::invalid_policy_type(), 400, "E0000002"),
            (ApiError::credentials_not_allowed(), 400, "E0000041"),
            (ApiError::invalid_log_query("x"), 400, "E0000053"),
            (
                ApiError::unsupported_log_operator("co", "f"),
                400,
                "E0000031",
            ),
        ];
        for (error, status, code) in cases {
            assert_eq!((error.status.as_u16(), error.code), (status, code));
        }
        assert_eq!(
            ApiError::blank("name").causes,
            ["name: The field cannot be left blank"]
        );
    }
}
