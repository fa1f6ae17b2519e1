//! Turning a non-2xx answer into the typed [`Error`], in one place.

use serde::Deserialize;

use super::retry::rate_limit_wait;
use super::transport::HttpResponse;
use crate::error::{Error, OktaError};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    error_code: Option<String>,
    error_summary: Option<String>,
    error_id: Option<String>,
    #[serde(default)]
    error_causes: Vec<Cause>,
    /// OAuth endpoints answer `{error, error_description}` instead.
    error: Option<String>,
    error_description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cause {
    error_summary: Option<String>,
}

/// The error for a response whose status is not 2xx: Okta's error body when there is one, a short printable
/// summary of anything else (a load balancer's page).
pub fn from_response(response: &HttpResponse) -> Error {
    let okta = parse_body(response).map(Box::new);
    match response.status {
        401 => Error::Unauthorized(okta),
        403 => forbidden(response, okta),
        404 => Error::NotFound(okta),
        429 => Error::RateLimited {
            reset_in: rate_limit_wait(response).map(|d| d.as_secs()).unwrap_or(0),
            okta,
        },
        status => Error::Okta(okta.unwrap_or_else(|| {
            Box::new(OktaError {
                status,
                error_code: format!("HTTP_{status}"),
                error_summary: summary_of_foreign_body(response),
                error_id: None,
                causes: Vec::new(),
            })
        })),
    }
}

/// A 403 is a permission problem when Okta names a missing scope or says E0000006; any other 403 (such as
/// E0000038, an illegal status transition) is an ordinary API error the flow may want to branch on.
fn forbidden(response: &HttpResponse, okta: Option<Box<OktaError>>) -> Error {
    let challenge = response
        .headers_named("www-authenticate")
        .collect::<Vec<_>>()
        .join(", ");
    let missing_scope = auth_param(&challenge, "scope");
    let insufficient = auth_param(&challenge, "error").is_some_and(|e| e == "insufficient_scope");
    match okta {
        Some(okta) if !insufficient && missing_scope.is_none() && okta.error_code != "E0000006" => {
            Error::Okta(okta)
        }
        okta => Error::Forbidden {
            missing_scope,
            okta,
        },
    }
}

/// Reads `name="value"` from a `WWW-Authenticate` challenge.
fn auth_param(challenge: &str, name: &str) -> Option<String> {
    let mut rest = challenge;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        if matches!(before, None | Some(' ' | ',')) && after.starts_with("=\"") {
            let value = &after[2..];
            return value.find('"').map(|end| value[..end].to_string());
        }
        rest = after;
    }
    None
}

fn parse_body(response: &HttpResponse) -> Option<OktaError> {
    let body: Body = serde_json::from_slice(&response.body).ok()?;
    let (code, summary) = match (body.error_code, body.error) {
        (Some(code), _) => (code, body.error_summary.unwrap_or_default()),
        (None, Some(error)) => (error, body.error_description.unwrap_or_default()),
        (None, None) => return None,
    };
    Some(OktaError {
        status: response.status,
        error_code: code,
        error_summary: summary,
        error_id: body.error_id,
        causes: body
            .error_causes
            .into_iter()
            .filter_map(|c| c.error_summary)
            .collect(),
    })
}

/// A short, printable description of a body that is not Okta's error JSON (a load balancer's HTML page).
fn summary_of_foreign_body(response: &HttpResponse) -> String {
    let text = String::from_utf8_lossy(&response.body);
    let text: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if text.trim().is_empty() {
        format!("HTTP {} with no error body", response.status)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_recorded_unlock_error_keeps_its_code_and_cause() {
        let body = r#"{"errorCode":"E0000032","errorSummary":"Unlock is not allowed for this user.","errorLink":"E0000032","errorId":"oaeX","errorCauses":[{"errorSummary":"The user is not locked out."}]}"#;
        let error = from_response(&response(403, &[], body));
        let okta = error.okta().unwrap();
        assert!(matches!(error, Error::Okta(_)));
        assert_eq!(okta.error_code, "E0000032");
        assert_eq!(okta.causes, vec!["The user is not locked out."]);
        assert_eq!(okta.error_id.as_deref(), Some("oaeX"));
    }

    #[test]
    fn a_missing_scope_is_read_from_www_authenticate() {
        let challenge = r#"Bearer authorization_uri="http://x/oauth2/v1/authorize", realm="IdP", scope="okta.users.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users""#;
        let error = from_response(&response(403, &[("WWW-Authenticate", challenge)], ""));
        assert_eq!(
            error,
            Error::Forbidden {
                missing_scope: Some("okta.users.read".into()),
                okta: None
            }
        );
    }

    #[test]
    fn statuses_map_to_kinds_and_foreign_bodies_do_not_trap() {
        assert!(matches!(
            from_response(&response(401, &[], "{}")),
            Error::Unauthorized(None)
        ));
        assert!(matches!(
            from_response(&response(404, &[], "not json")),
            Error::NotFound(None)
        ));
        let error = from_response(&response(503, &[], "<html>Service Unavailable</html>"));
        let okta = error.okta().unwrap();
        assert_eq!((okta.status, okta.error_code.as_str()), (503, "HTTP_503"));
        assert!(okta.error_summary.contains("Service Unavailable"));
        assert!(error.retryable());
    }
}
